/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <string.h>

#include "mc-account.h"
#include "mc-cache.h"
#include "mc-cache-salvage.h"
#include "mc-outbox.h"

struct _McAccount
{
  GObject    parent_instance;

  GSettings *settings;            /* owned */
  gboolean   use_secret_service;
  McClient  *client;              /* owned, nullable */
  McSync    *sync;                /* owned, nullable */
  char      *cache_path;          /* owned, nullable */
  McUser    *cached_user;         /* owned, nullable: from the cache, offline */
  char      *cache_notice;        /* owned, nullable: a damaged cache replaced */
};

G_DEFINE_FINAL_TYPE (McAccount, mc_account, G_TYPE_OBJECT)

G_DEFINE_QUARK (mc-account-error-quark, mc_account_error)

static void
mc_account_dispose (GObject *object)
{
  McAccount *self = MC_ACCOUNT (object);

  if (self->sync != NULL)
    mc_sync_stop (self->sync);
  g_clear_object (&self->sync);
  g_clear_object (&self->client);
  g_clear_object (&self->cached_user);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (mc_account_parent_class)->dispose (object);
}

static void
mc_account_finalize (GObject *object)
{
  McAccount *self = MC_ACCOUNT (object);

  g_clear_pointer (&self->cache_path, g_free);
  g_clear_pointer (&self->cache_notice, g_free);

  G_OBJECT_CLASS (mc_account_parent_class)->finalize (object);
}

static void
mc_account_class_init (McAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_account_dispose;
  object_class->finalize = mc_account_finalize;
}

static void
mc_account_init (McAccount *self)
{
}

static void
poll_interval_changed_cb (McAccount *self)
{
  if (self->sync != NULL)
    mc_sync_set_poll_interval (self->sync, g_settings_get_uint (self->settings, "poll-interval-seconds"));
}

McAccount *
mc_account_new (GSettings *settings,
                gboolean   use_secret_service)
{
  McAccount *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (MC_TYPE_ACCOUNT, NULL);
  self->settings = g_object_ref (settings);
  self->use_secret_service = use_secret_service;
  g_signal_connect_swapped (settings, "changed::poll-interval-seconds",
                            G_CALLBACK (poll_interval_changed_cb), self);
  return self;
}

GSettings *
mc_account_get_settings (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), NULL);
  return self->settings;
}

McClient *
mc_account_get_client (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), NULL);
  return self->client;
}

McSync *
mc_account_get_sync (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), NULL);
  return self->sync;
}

const char *
mc_account_get_cache_path (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), NULL);
  return self->cache_path;
}

McUser *
mc_account_get_user (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), NULL);

  if (self->client != NULL && mc_client_get_user (self->client) != NULL)
    return mc_client_get_user (self->client);
  return self->cached_user;
}

/* Addresses */

static gboolean
host_is_valid (const char *host)
{
  g_autofree char *ascii = NULL;

  if (g_hostname_is_ip_address (host))
    return TRUE;
  ascii = g_hostname_to_ascii (host);
  if (ascii == NULL || *ascii == '\0' || *ascii == '.' || *ascii == '-')
    return FALSE;
  for (const char *c = ascii; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '-' && *c != '.')
      return FALSE;
  return TRUE;
}

char *
mc_account_normalize_address (const char  *text,
                              GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *with_scheme = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;
  int port;

  trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, MC_ACCOUNT_ERROR, MC_ACCOUNT_ERROR_INVALID_ADDRESS,
                           _("Type the address of your center’s server, for example "
                             "https://motcua.example.gov.vn."));
      return NULL;
    }
  /* People type host names; the scheme defaults to the safe one. */
  with_scheme = strstr (trimmed, "://") != NULL ? g_strdup (trimmed) : g_strconcat ("https://", trimmed, NULL);
  uri = g_uri_parse (with_scheme, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    {
      g_set_error (error, MC_ACCOUNT_ERROR, MC_ACCOUNT_ERROR_INVALID_ADDRESS,
                   _("“%s” is not a server address. Check the host name and the port "
                     "(a number from 1 to 65535), for example https://motcua.example.gov.vn:8443."),
                   trimmed);
      return NULL;
    }
  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0)
    {
      g_set_error (error, MC_ACCOUNT_ERROR, MC_ACCOUNT_ERROR_INVALID_ADDRESS,
                   _("The server address must begin with https:// (or http:// on a trusted "
                     "local network), not “%s://”."),
                   scheme);
      return NULL;
    }
  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    {
      g_set_error (error, MC_ACCOUNT_ERROR, MC_ACCOUNT_ERROR_INVALID_ADDRESS,
                   _("The server address “%s” has no host name. Type it as your "
                     "administrator gave it, for example https://motcua.example.gov.vn."),
                   trimmed);
      return NULL;
    }
  if (!host_is_valid (host))
    {
      g_set_error (error, MC_ACCOUNT_ERROR, MC_ACCOUNT_ERROR_INVALID_ADDRESS,
                   _("“%s” is not a host name: it may hold letters, digits, “-” and “.”, "
                     "without spaces."),
                   host);
      return NULL;
    }
  port = g_uri_get_port (uri);
  if (port == 0)
    {
      g_set_error (error, MC_ACCOUNT_ERROR, MC_ACCOUNT_ERROR_INVALID_ADDRESS,
                   _("The port of “%s” must be a number from 1 to 65535."), trimmed);
      return NULL;
    }
  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL || g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, MC_ACCOUNT_ERROR, MC_ACCOUNT_ERROR_INVALID_ADDRESS,
                   _("The server address “%s” should be only the scheme, the host, the port "
                     "and maybe a path, without “?”, “#” or “@”."),
                   trimmed);
      return NULL;
    }
  path = g_strdup (g_uri_get_path (uri));
  while (*path != '\0' && path[strlen (path) - 1] == '/')
    path[strlen (path) - 1] = '\0';

  {
    g_autofree char *lower_scheme = g_ascii_strdown (scheme, -1);
    g_autofree char *lower_host = g_ascii_strdown (host, -1);

    return g_uri_join (G_URI_FLAGS_NONE, lower_scheme, NULL, lower_host, port, path, NULL, NULL);
  }
}

/* Certificates */

static void
apply_trusted_certificate (McAccount  *self,
                           const char *address)
{
  g_autofree char *server = NULL;
  g_autofree char *pem = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;

  g_settings_get (self->settings, "trusted-certificate", "(ss)", &server, &pem);
  if (*server == '\0' || g_strcmp0 (server, address) != 0 || *pem == '\0')
    return;
  certificate = g_tls_certificate_new_from_pem (pem, -1, NULL);
  if (certificate != NULL)
    mc_client_trust_certificate (self->client, certificate);
}

void
mc_account_trust_certificate (McAccount       *self,
                              const char      *address,
                              GTlsCertificate *certificate)
{
  g_autofree char *pem = NULL;

  g_return_if_fail (MC_IS_ACCOUNT (self));
  g_return_if_fail (address != NULL);
  g_return_if_fail (G_IS_TLS_CERTIFICATE (certificate));

  g_object_get (certificate, "certificate-pem", &pem, NULL);
  g_settings_set (self->settings, "trusted-certificate", "(ss)", address, pem != NULL ? pem : "");
  if (self->client != NULL && g_strcmp0 (mc_client_get_base_url (self->client), address) == 0)
    mc_client_trust_certificate (self->client, certificate);
}

char *
mc_account_certificate_fingerprint (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;
  g_autofree char *hex = NULL;
  GString *out;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return g_strdup ("");
  hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
  out = g_string_new (NULL);
  for (gsize i = 0; hex[i] != '\0'; i += 2)
    {
      if (i > 0)
        g_string_append_c (out, ':');
      g_string_append_c (out, g_ascii_toupper (hex[i]));
      g_string_append_c (out, g_ascii_toupper (hex[i + 1]));
    }
  return g_string_free (out, FALSE);
}

typedef struct {
  GTlsCertificate *certificate;   /* owned, nullable */
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  g_clear_object (&data->certificate);
  g_free (data);
}

static gboolean
fetch_accept_cb (GTlsConnection       *connection,
                 GTlsCertificate      *certificate,
                 GTlsCertificateFlags  errors,
                 gpointer              user_data)
{
  FetchData *data = user_data;

  /* Only to read it: nothing is sent over this connection. */
  g_set_object (&data->certificate, certificate);
  return TRUE;
}

static void
fetch_event_cb (GSocketClient      *client,
                GSocketClientEvent  event,
                GSocketConnectable *connectable,
                GIOStream          *connection,
                gpointer            user_data)
{
  if (event == G_SOCKET_CLIENT_TLS_HANDSHAKING && G_IS_TLS_CONNECTION (connection))
    g_signal_connect (connection, "accept-certificate", G_CALLBACK (fetch_accept_cb), user_data);
}

static void
fetch_connected_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  FetchData *data = g_task_get_task_data (task);
  GTlsCertificate *certificate = NULL;

  connection = g_socket_client_connect_to_uri_finish (G_SOCKET_CLIENT (source), result, &error);
  if (connection != NULL && G_IS_TLS_CONNECTION (connection))
    certificate = g_tls_connection_get_peer_certificate (G_TLS_CONNECTION (connection));
  if (certificate == NULL)
    certificate = data->certificate;
  if (connection != NULL)
    g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  if (certificate == NULL)
    {
      g_task_return_new_error (task, MC_CLIENT_ERROR, MC_CLIENT_ERROR_TLS,
                               _("The server’s certificate could not be read (%s)."),
                               error != NULL ? error->message : _("no certificate"));
      return;
    }
  g_task_return_pointer (task, g_object_ref (certificate), g_object_unref);
}

void
mc_account_fetch_certificate_async (const char          *address,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSocketClient) client = NULL;
  FetchData *data;

  g_return_if_fail (address != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_account_fetch_certificate_async);
  data = g_new0 (FetchData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_data_free);
  client = g_socket_client_new ();
  g_socket_client_set_tls (client, TRUE);
  g_socket_client_set_timeout (client, 20);
  g_signal_connect (client, "event", G_CALLBACK (fetch_event_cb), data);
  g_socket_client_connect_to_uri_async (client, address, 443, cancellable, fetch_connected_cb,
                                        g_steal_pointer (&task));
}

GTlsCertificate *
mc_account_fetch_certificate_finish (GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Errors for people */

const char *
mc_account_session_ended_message (void)
{
  return _("Your session has ended: it expired, or it was closed on the server or on another "
           "computer. Sign in again; the dossiers on this computer are kept.");
}

char *
mc_account_describe_error (const GError *error,
                           const char   *address)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (address == NULL)
    address = "";
  if (error->domain == MC_CLIENT_ERROR)
    {
      switch ((McClientError) error->code)
        {
        case MC_CLIENT_ERROR_UNAUTHORIZED:
          return g_strdup (_("The user name or the password is not right. Check both (and the "
                             "keyboard’s input method and Caps Lock), then try again."));
        case MC_CLIENT_ERROR_THROTTLED:
          return g_strdup (_("Too many sign-in attempts. Wait a minute, then try again."));
        case MC_CLIENT_ERROR_NETWORK:
          return g_strdup_printf (_("Cannot reach the server %s. Check the address and the "
                                    "network connection, then try again."), address);
        case MC_CLIENT_ERROR_TLS:
          return g_strdup_printf (_("The server %s could not prove who it is: no certificate "
                                    "authority vouches for its certificate. Ask the administrator "
                                    "to check the address and the certificate."), address);
        case MC_CLIENT_ERROR_FORBIDDEN:
          return g_strdup_printf (_("This account may not sign in: %s"), error->message);
        case MC_CLIENT_ERROR_SERVER:
          return g_strdup_printf (_("The server %s failed (%s). Try again later; if it keeps "
                                    "failing, tell the administrator."), address, error->message);
        case MC_CLIENT_ERROR_NOT_FOUND:
        case MC_CLIENT_ERROR_INVALID_RESPONSE:
        case MC_CLIENT_ERROR_TOO_LARGE:
        case MC_CLIENT_ERROR_BAD_REQUEST:
        case MC_CLIENT_ERROR_CONFLICT:
        case MC_CLIENT_ERROR_GONE:
        case MC_CLIENT_ERROR_WORKFLOW:
        default:
          return g_strdup_printf (_("The server %s did not answer as a Một Cửa server does. "
                                    "Check the address with the administrator."), address);
        }
    }
  return g_strdup (error->message);
}

/* Signing in */

typedef struct {
  char *address;
  char *username;
} SignIn;

static void
sign_in_free (SignIn *s)
{
  g_free (s->address);
  g_free (s->username);
  g_free (s);
}

/* A cache SQLite cannot read is set aside, never deleted, and a fresh one
 * synced in its place, with the actions not yet sent that can still be
 * read from the old one; the officer is told (mc_account_take_cache_notice). */
static McCache *
replace_damaged_cache (McAccount   *self,
                       const char  *cache_path,
                       GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *aside = NULL;
  McCache *cache;
  guint taken = 0;

  aside = mc_cache_set_aside (cache_path, error);
  if (aside == NULL || (cache = mc_cache_open (cache_path, error)) == NULL)
    return NULL;
  g_clear_pointer (&self->cache_notice, g_free);
  if (!mc_outbox_take_from (cache, aside, &taken, &local_error))
    {
      g_message ("The actions of the damaged cache %s cannot be read: %s", aside, local_error->message);
      self->cache_notice = g_strdup_printf (_("The copy of the dossiers on this computer was damaged, and is "
                                              "being fetched again from the server. Actions not yet sent "
                                              "could not be read from it: the damaged copy is kept as %s "
                                              "for the technical staff."), aside);
    }
  else if (taken > 0)
    self->cache_notice = g_strdup_printf (ngettext ("The copy of the dossiers on this computer was damaged, "
                                                    "and is being fetched again from the server. %u action "
                                                    "not yet sent was kept and will be sent. The damaged copy "
                                                    "is kept as %s.",
                                                    "The copy of the dossiers on this computer was damaged, "
                                                    "and is being fetched again from the server. %u actions "
                                                    "not yet sent were kept and will be sent. The damaged copy "
                                                    "is kept as %s.", taken),
                                          taken, aside);
  else
    self->cache_notice = g_strdup_printf (_("The copy of the dossiers on this computer was damaged, and is "
                                            "being fetched again from the server. The damaged copy is kept "
                                            "as %s."), aside);
  return cache;
}

/* Opens (creating) the account's cache once, so that a full disk shows
 * on the sign-in page rather than as an empty window; then the sync. */
static gboolean
open_session (McAccount   *self,
              McClient    *client,
              const char  *cache_path,
              GError     **error)
{
  g_autoptr(McCache) cache = NULL;
  g_autoptr(GError) local_error = NULL;

  cache = mc_cache_open (cache_path, &local_error);
  if (cache == NULL && g_error_matches (local_error, MC_CACHE_ERROR, MC_CACHE_ERROR_DAMAGED))
    {
      g_message ("The cache %s is damaged: %s", cache_path, local_error->message);
      g_clear_error (&local_error);
      cache = replace_damaged_cache (self, cache_path, &local_error);
    }
  if (cache == NULL)
    {
      g_set_error (error, MC_ACCOUNT_ERROR, MC_ACCOUNT_ERROR_CACHE,
                   _("The local copy of the dossiers cannot be created (%s). Free some disk "
                     "space (or ask the administrator to), then sign in again."),
                   local_error->message);
      return FALSE;
    }

  if (mc_client_get_user (client) == NULL && mc_client_get_username (client) != NULL)
    {
      /* Restored: who the user is, from the cached list of users, until
       * the server says (or for good, offline). */
      g_autoptr(GPtrArray) users = mc_cache_list_users (cache, NULL);

      for (guint i = 0; users != NULL && i < users->len; i++)
        if (g_strcmp0 (mc_user_get_username (g_ptr_array_index (users, i)), mc_client_get_username (client)) == 0)
          g_set_object (&self->cached_user, g_ptr_array_index (users, i));
      if (self->cached_user != NULL)
        mc_client_set_user (client, self->cached_user);
    }

  g_set_object (&self->client, client);
  g_free (self->cache_path);
  self->cache_path = g_strdup (cache_path);
  g_clear_object (&self->sync);
  self->sync = mc_sync_new (client, cache_path);
  mc_sync_set_poll_interval (self->sync, g_settings_get_uint (self->settings, "poll-interval-seconds"));
  return TRUE;
}

char *
mc_account_take_cache_notice (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), NULL);
  return g_steal_pointer (&self->cache_notice);
}

gboolean
mc_account_adopt (McAccount   *self,
                  McClient    *client,
                  const char  *cache_path,
                  GError     **error)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (MC_IS_CLIENT (client), FALSE);
  g_return_val_if_fail (cache_path != NULL, FALSE);

  return open_session (self, client, cache_path, error);
}

static void
logged_in_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *cache_path = NULL;
  McAccount *self = g_task_get_source_object (task);
  McClient *client = MC_CLIENT (source);
  SignIn *s = g_task_get_task_data (task);

  if (!mc_client_log_in_finish (client, result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  cache_path = mc_cache_default_path (s->address, s->username);
  if (!open_session (self, client, cache_path, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_settings_set_string (self->settings, "server-url", s->address);
  g_settings_set_string (self->settings, "username", s->username);
  g_task_return_boolean (task, TRUE);
}

void
mc_account_sign_in_async (McAccount           *self,
                          const char          *address,
                          const char          *username,
                          const char          *password,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(McClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *name = NULL;
  SignIn *s;

  g_return_if_fail (MC_IS_ACCOUNT (self));
  g_return_if_fail (password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_account_sign_in_async);
  url = mc_account_normalize_address (address, &error);
  if (url == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  name = g_strstrip (g_strdup (username != NULL ? username : ""));
  if (*name == '\0')
    {
      g_task_return_new_error (task, MC_CLIENT_ERROR, MC_CLIENT_ERROR_UNAUTHORIZED,
                               _("Type your user name."));
      return;
    }
  s = g_new0 (SignIn, 1);
  s->address = g_strdup (url);
  s->username = g_strdup (name);
  g_task_set_task_data (task, s, (GDestroyNotify) sign_in_free);

  client = mc_client_new (url, self->use_secret_service);
  g_set_object (&self->client, client);
  apply_trusted_certificate (self, url);
  g_clear_object (&self->client);
  mc_client_log_in_async (client, name, password, cancellable, logged_in_cb, g_steal_pointer (&task));
}

gboolean
mc_account_sign_in_finish (McAccount     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Restoring */

static void
me_refreshed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(McUser) user = NULL;
  g_autoptr(GError) error = NULL;

  /* A refusal ends the session in the client; offline, the cached user
   * stays. */
  user = mc_client_get_me_finish (MC_CLIENT (source), result, &error);
  if (user == NULL)
    g_debug ("Who the user is stays as cached: %s", error->message);
}

static void
restored_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *cache_path = NULL;
  McAccount *self = g_task_get_source_object (task);
  McClient *client = MC_CLIENT (source);
  SignIn *s = g_task_get_task_data (task);

  if (!mc_client_restore_session_finish (client, result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  cache_path = mc_cache_default_path (s->address, s->username);
  if (!open_session (self, client, cache_path, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* The cache opens at once; the server says meanwhile who the user is
   * now (a new role, another department), or that the session ended. */
  mc_client_get_me_async (client, NULL, me_refreshed_cb, NULL);
  g_task_return_boolean (task, TRUE);
}

void
mc_account_restore_async (McAccount           *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(McClient) client = NULL;
  g_autofree char *address = NULL;
  g_autofree char *username = NULL;
  SignIn *s;

  g_return_if_fail (MC_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_account_restore_async);
  address = g_settings_get_string (self->settings, "server-url");
  username = g_settings_get_string (self->settings, "username");
  if (*address == '\0' || *username == '\0')
    {
      g_task_return_new_error (task, MC_ACCOUNT_ERROR, MC_ACCOUNT_ERROR_NO_ACCOUNT,
                               _("No account is remembered: sign in."));
      return;
    }
  s = g_new0 (SignIn, 1);
  s->address = g_steal_pointer (&address);
  s->username = g_steal_pointer (&username);
  g_task_set_task_data (task, s, (GDestroyNotify) sign_in_free);

  client = mc_client_new (s->address, self->use_secret_service);
  g_set_object (&self->client, client);
  apply_trusted_certificate (self, s->address);
  g_clear_object (&self->client);
  mc_client_restore_session_async (client, s->username, cancellable, restored_cb, g_steal_pointer (&task));
}

gboolean
mc_account_restore_finish (McAccount     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Logging out */

guint
mc_account_count_pending (McAccount *self)
{
  g_autoptr(McCache) cache = NULL;
  guint pending = 0;

  g_return_val_if_fail (MC_IS_ACCOUNT (self), 0);

  if (self->cache_path == NULL)
    return 0;
  /* From the outbox itself: the sync counts only when it runs. */
  cache = mc_cache_open (self->cache_path, NULL);
  if (cache == NULL || !mc_outbox_count_pending (cache, &pending, NULL))
    return self->sync != NULL ? mc_sync_get_pending (self->sync) : 0;
  return pending;
}

static void
remove_cache_files (const char *cache_path)
{
  static const char *suffixes[] = { "", "-wal", "-shm", "-journal", ".alerts" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (cache_path, suffixes[i], NULL);

      if (g_unlink (path) != 0 && errno != ENOENT)
        g_warning ("Could not remove %s: %s", path, g_strerror (errno));
    }
}

static void
logged_out_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  McAccount *self = g_task_get_source_object (task);
  gboolean delete_cache = GPOINTER_TO_INT (g_task_get_task_data (task));

  /* The token is forgotten whether or not the server heard of it. */
  if (!mc_client_log_out_finish (MC_CLIENT (source), result, &error))
    g_message ("Logging out: %s", error->message);
  if (delete_cache && self->cache_path != NULL)
    remove_cache_files (self->cache_path);
  g_clear_object (&self->sync);
  g_clear_object (&self->cached_user);
  g_task_return_boolean (task, TRUE);
}

void
mc_account_log_out_async (McAccount           *self,
                          gboolean             delete_cache,
                          gboolean             discard_pending,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MC_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_account_log_out_async);
  g_task_set_task_data (task, GINT_TO_POINTER (delete_cache), NULL);
  if (self->client == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (!discard_pending)
    {
      guint pending = mc_account_count_pending (self);

      if (pending > 0)
        {
          g_task_return_new_error (task, MC_ACCOUNT_ERROR, MC_ACCOUNT_ERROR_PENDING,
                                   ngettext ("%u action is still waiting to be sent to the server.",
                                             "%u actions are still waiting to be sent to the server.",
                                             pending),
                                   pending);
          return;
        }
    }
  if (self->sync != NULL)
    mc_sync_stop (self->sync);
  mc_client_log_out_async (self->client, cancellable, logged_out_cb, g_steal_pointer (&task));
}

gboolean
mc_account_log_out_finish (McAccount     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
