/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "mc-client.h"
#include "mc-credentials.h"
#include "mc-json.h"

/* Seconds. A slow district link must not look like a dead server, and a
 * dead one must not hang the sync for minutes. */
#define IO_TIMEOUT 30
#define IDLE_TIMEOUT 60
/* Problem documents and small answers are read on the main thread. */
#define SMALL_BODY ((gsize) 256 * 1024)

struct _McClient
{
  GObject          parent_instance;

  char            *base_url;              /* owned: no trailing slash */
  char            *host;                  /* owned: for messages */
  SoupSession     *session;               /* owned */
  GTlsCertificate *trusted;               /* owned, nullable */
  gboolean         use_secret_service;
  char            *username;              /* owned, nullable */
  char            *token;                 /* owned, nullable: memory only */
  McUser          *user;                  /* owned, nullable */
  gboolean         token_in_memory_only;
  guint            session_serial;        /* changes with the token */
};

G_DEFINE_FINAL_TYPE (McClient, mc_client, G_TYPE_OBJECT)
G_DEFINE_QUARK (mc-client-error-quark, mc_client_error)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_USE_SECRET_SERVICE,
  PROP_USERNAME,
  PROP_USER,
  PROP_LOGGED_IN,
  PROP_TOKEN_IN_MEMORY_ONLY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_loopback (const char *host)
{
  return host != NULL && (g_str_equal (host, "127.0.0.1") || g_str_equal (host, "::1") ||
                          g_ascii_strcasecmp (host, "localhost") == 0);
}

static void
mc_client_constructed (GObject *object)
{
  McClient *self = MC_CLIENT (object);
  g_autoptr(GUri) uri = NULL;
  g_autofree char *user_agent = g_strdup_printf ("motcua/%s", PACKAGE_VERSION);

  G_OBJECT_CLASS (mc_client_parent_class)->constructed (object);

  uri = g_uri_parse (self->base_url, G_URI_FLAGS_NONE, NULL);
  self->host = g_strdup (uri != NULL && g_uri_get_host (uri) != NULL ? g_uri_get_host (uri) : self->base_url);

  /* TLS checks stay on: libsoup verifies against the system's
   * certificate authorities; only mc_client_trust_certificate() adds an
   * exception, for one certificate. A loopback server needs no proxy, and
   * asking the system's proxy settings for it would need GSettings. */
  if (is_loopback (self->host))
    self->session = soup_session_new_with_options ("user-agent", user_agent,
                                                   "timeout", IO_TIMEOUT,
                                                   "idle-timeout", IDLE_TIMEOUT,
                                                   "proxy-resolver", NULL,
                                                   NULL);
  else
    self->session = soup_session_new_with_options ("user-agent", user_agent,
                                                   "timeout", IO_TIMEOUT,
                                                   "idle-timeout", IDLE_TIMEOUT,
                                                   NULL);
}

static void
mc_client_dispose (GObject *object)
{
  McClient *self = MC_CLIENT (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->trusted);
  g_clear_object (&self->user);

  G_OBJECT_CLASS (mc_client_parent_class)->dispose (object);
}

static void
mc_client_finalize (GObject *object)
{
  McClient *self = MC_CLIENT (object);

  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->token, g_free);

  G_OBJECT_CLASS (mc_client_parent_class)->finalize (object);
}

static void
mc_client_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  McClient *self = MC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_USE_SECRET_SERVICE:
      g_value_set_boolean (value, self->use_secret_service);
      break;
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    case PROP_USER:
      g_value_set_object (value, self->user);
      break;
    case PROP_LOGGED_IN:
      g_value_set_boolean (value, self->token != NULL);
      break;
    case PROP_TOKEN_IN_MEMORY_ONLY:
      g_value_set_boolean (value, self->token_in_memory_only);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_client_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  McClient *self = MC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      {
        const char *url = g_value_get_string (value);
        gsize len = url != NULL ? strlen (url) : 0;

        while (len > 0 && url[len - 1] == '/')
          len--;
        self->base_url = g_strndup (url != NULL ? url : "", len);
      }
      break;
    case PROP_USE_SECRET_SERVICE:
      self->use_secret_service = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_client_class_init (McClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = mc_client_constructed;
  object_class->dispose = mc_client_dispose;
  object_class->finalize = mc_client_finalize;
  object_class->get_property = mc_client_get_property;
  object_class->set_property = mc_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USE_SECRET_SERVICE] =
    g_param_spec_boolean ("use-secret-service", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER] =
    g_param_spec_object ("user", NULL, NULL, MC_TYPE_USER,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOGGED_IN] =
    g_param_spec_boolean ("logged-in", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOKEN_IN_MEMORY_ONLY] =
    g_param_spec_boolean ("token-in-memory-only", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_client_init (McClient *self)
{
  self->use_secret_service = TRUE;
}

McClient *
mc_client_new (const char *base_url,
               gboolean    use_secret_service)
{
  g_return_val_if_fail (base_url != NULL, NULL);

  return g_object_new (MC_TYPE_CLIENT,
                       "base-url", base_url,
                       "use-secret-service", use_secret_service,
                       NULL);
}

const char *
mc_client_get_base_url (McClient *self)
{
  g_return_val_if_fail (MC_IS_CLIENT (self), NULL);
  return self->base_url;
}

const char *
mc_client_get_username (McClient *self)
{
  g_return_val_if_fail (MC_IS_CLIENT (self), NULL);
  return self->username;
}

McUser *
mc_client_get_user (McClient *self)
{
  g_return_val_if_fail (MC_IS_CLIENT (self), NULL);
  return self->user;
}

gboolean
mc_client_get_logged_in (McClient *self)
{
  g_return_val_if_fail (MC_IS_CLIENT (self), FALSE);
  return self->token != NULL;
}

gboolean
mc_client_get_token_in_memory_only (McClient *self)
{
  g_return_val_if_fail (MC_IS_CLIENT (self), FALSE);
  return self->token_in_memory_only;
}

void
mc_client_trust_certificate (McClient        *self,
                             GTlsCertificate *certificate)
{
  g_return_if_fail (MC_IS_CLIENT (self));
  g_return_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate));

  g_set_object (&self->trusted, certificate);
}

static void
set_token_in_memory_only (McClient *self,
                          gboolean  value)
{
  if (self->token_in_memory_only == value)
    return;
  self->token_in_memory_only = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN_IN_MEMORY_ONLY]);
}

static void
set_session (McClient   *self,
             const char *username,
             const char *token,
             McUser     *user)
{
  gboolean was_logged_in = self->token != NULL;

  if (g_strcmp0 (self->username, username) != 0)
    {
      g_free (self->username);
      self->username = g_strdup (username);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USERNAME]);
    }
  if (g_strcmp0 (self->token, token) != 0)
    self->session_serial++;
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  self->token = g_strdup (token);
  if (g_set_object (&self->user, user))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER]);
  if (was_logged_in != (self->token != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGGED_IN]);
}

/* Told only when who the user is changed, not for each answer. */
static void
set_user (McClient *self,
          McUser   *user)
{
  if (self->user != NULL && user != NULL && mc_user_equal (self->user, user))
    return;
  if (g_set_object (&self->user, user))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER]);
}

void
mc_client_set_user (McClient *self,
                    McUser   *user)
{
  g_return_if_fail (MC_IS_CLIENT (self));
  g_return_if_fail (user == NULL || MC_IS_USER (user));

  set_user (self, user);
}

void
mc_client_set_session (McClient   *self,
                       const char *username,
                       const char *token)
{
  g_return_if_fail (MC_IS_CLIENT (self));
  g_return_if_fail (username != NULL && token != NULL);

  set_session (self, username, token, NULL);
  set_token_in_memory_only (self, TRUE);
}

/* Errors */

static const char *
status_fallback (guint status)
{
  switch (status)
    {
    case 400: return _("The server could not understand the request.");
    case 401: return _("The session has ended: sign in again.");
    case 403: return _("This account is not allowed to do that.");
    case 404: return _("The server does not know this item (any more).");
    case 409: return _("Someone else changed this dossier meanwhile. Look at it again before acting.");
    case 410: return _("The server no longer keeps the changes since the last sync; syncing again from the start.");
    case 413: return _("The request is too large for the server.");
    case 422: return _("The server does not allow this step now.");
    case 429: return _("Too many attempts: wait a little and try again.");
    default: return NULL;
    }
}

static McClientError
code_for_status (guint status)
{
  switch (status)
    {
    case 400: return MC_CLIENT_ERROR_BAD_REQUEST;
    case 401: return MC_CLIENT_ERROR_UNAUTHORIZED;
    case 403: return MC_CLIENT_ERROR_FORBIDDEN;
    case 404: return MC_CLIENT_ERROR_NOT_FOUND;
    case 409: return MC_CLIENT_ERROR_CONFLICT;
    case 410: return MC_CLIENT_ERROR_GONE;
    case 413: return MC_CLIENT_ERROR_TOO_LARGE;
    case 422: return MC_CLIENT_ERROR_WORKFLOW;
    case 429: return MC_CLIENT_ERROR_THROTTLED;
    default:
      /* Any other 4xx (415 for a file type the server does not take) is
       * a refusal: sending it again would not change the answer. */
      return status >= 400 && status < 500 ? MC_CLIENT_ERROR_BAD_REQUEST : MC_CLIENT_ERROR_SERVER;
    }
}

GError *
mc_client_error_new_for_status (guint       status,
                                const char *content_type,
                                GBytes     *body)
{
  g_autofree char *detail = NULL;
  const char *fallback;

  if (body != NULL && content_type != NULL &&
      (g_str_equal (content_type, "application/problem+json") ||
       g_str_equal (content_type, "application/json")))
    {
      gsize len = 0;
      const char *data = g_bytes_get_data (body, &len);
      g_autoptr(JsonNode) root = mc_json_parse (data, len, SMALL_BODY, 8, NULL);
      JsonObject *object = root != NULL ? mc_json_node_get_object (root, NULL, NULL) : NULL;

      /* The server's explanation is written for people: prefer it. */
      if (object != NULL &&
          !mc_json_get_string (object, "detail", FALSE, &detail, NULL))
        mc_json_get_string (object, "title", FALSE, &detail, NULL);
    }
  if (detail != NULL && *detail != '\0')
    return g_error_new_literal (MC_CLIENT_ERROR, code_for_status (status), detail);

  fallback = status_fallback (status);
  if (fallback != NULL)
    return g_error_new_literal (MC_CLIENT_ERROR, code_for_status (status), fallback);
  if (status >= 500)
    return g_error_new (MC_CLIENT_ERROR, MC_CLIENT_ERROR_SERVER,
                        _("The server failed (HTTP %u). Try again later; if it keeps failing, "
                          "tell the administrator."), status);
  return g_error_new (MC_CLIENT_ERROR, MC_CLIENT_ERROR_INVALID_RESPONSE,
                      _("The server gave an answer this program does not understand (HTTP %u)."),
                      status);
}

gboolean
mc_client_error_is_transient (const GError *error)
{
  g_return_val_if_fail (error != NULL, FALSE);

  if (error->domain != MC_CLIENT_ERROR)
    return !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  switch ((McClientError) error->code)
    {
    case MC_CLIENT_ERROR_NETWORK:
    case MC_CLIENT_ERROR_TLS:
    case MC_CLIENT_ERROR_SERVER:
    case MC_CLIENT_ERROR_THROTTLED:
    case MC_CLIENT_ERROR_UNAUTHORIZED:
    case MC_CLIENT_ERROR_INVALID_RESPONSE:
      return TRUE;
    case MC_CLIENT_ERROR_FORBIDDEN:
    case MC_CLIENT_ERROR_NOT_FOUND:
    case MC_CLIENT_ERROR_CONFLICT:
    case MC_CLIENT_ERROR_GONE:
    case MC_CLIENT_ERROR_WORKFLOW:
    case MC_CLIENT_ERROR_TOO_LARGE:
    case MC_CLIENT_ERROR_BAD_REQUEST:
    default:
      return FALSE;
    }
}

/* An error of the way to the server, as something a person can act on. */
static GError *
transport_error (McClient    *self,
                 SoupMessage *msg,
                 GError      *error)
{
  GTlsCertificateFlags flags = soup_message_get_tls_peer_certificate_errors (msg);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  if (error->domain == G_TLS_ERROR || flags != 0)
    return g_error_new (MC_CLIENT_ERROR, MC_CLIENT_ERROR_TLS,
                        _("The server %s could not prove who it is (%s). The connection was "
                          "refused to keep the data safe: ask the administrator to check the "
                          "server’s address and certificate."),
                        self->host, error->message);
  return g_error_new (MC_CLIENT_ERROR, MC_CLIENT_ERROR_NETWORK,
                      _("Cannot connect to the server %s: %s. Check the network connection; "
                        "the work done meanwhile is kept and sent later."),
                      self->host, error->message);
}

/* Requests */

typedef struct {
  SoupMessage *msg;      /* owned */
  GBytes      *body;     /* owned, nullable: the answer */
  guint        status;
  guint        session;  /* the session serial of the token sent, or 0 */

  /* An upload's progress (mc_client_upload_async()). */
  McClientProgressFunc progress;          /* nullable */
  gpointer             progress_data;
  GDestroyNotify       progress_destroy;  /* nullable */
  guint64              sent;
  guint64              total;
} Request;

static void
request_free (Request *r)
{
  if (r->msg != NULL && r->progress != NULL)
    g_signal_handlers_disconnect_by_data (r->msg, r);
  if (r->progress_destroy != NULL)
    r->progress_destroy (r->progress_data);
  g_clear_object (&r->msg);
  g_clear_pointer (&r->body, g_bytes_unref);
  g_free (r);
}

static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  McClient *self = user_data;

  /* Only ever called for a certificate that failed the checks. */
  return self->trusted != NULL && certificate != NULL &&
         g_tls_certificate_is_same (self->trusted, certificate);
}

static void
session_cleared (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!mc_credentials_clear_finish (result, &error))
    g_debug ("Cannot clear the ended session: %s", error->message);
}

/* The server refused the token it had given (it expired, or the session
 * was closed by an administrator or on another computer): forgotten here
 * and in the Secret Service, so that no later start opens with it. Who
 * the user is stays known. */
static void
end_session (McClient *self)
{
  g_autofree char *username = g_strdup (self->username);
  gboolean kept = self->use_secret_service && !self->token_in_memory_only;

  set_session (self, username, NULL, self->user);
  if (kept && username != NULL)
    mc_credentials_clear_async (self->base_url, username, NULL, session_cleared, NULL);
}

static void
send_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  McClient *self = g_task_get_source_object (task);
  Request *r = g_task_get_task_data (task);
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, transport_error (self, r->msg, error));
      return;
    }
  status = soup_message_get_status (r->msg);
  r->status = status;
  if (g_bytes_get_size (body) > MC_CLIENT_MAX_BODY)
    {
      g_task_return_new_error (task, MC_CLIENT_ERROR, MC_CLIENT_ERROR_TOO_LARGE,
                               _("The server’s answer is larger than this program accepts."));
      return;
    }
  if (status == SOUP_STATUS_UNAUTHORIZED && r->session != 0 && r->session == self->session_serial)
    end_session (self);
  if (status < 200 || status > 299)
    {
      const char *type = soup_message_headers_get_content_type (soup_message_get_response_headers (r->msg), NULL);

      g_task_return_error (task, mc_client_error_new_for_status (status, type, body));
      return;
    }
  r->body = g_steal_pointer (&body);
  g_task_return_pointer (task, g_bytes_ref (r->body), (GDestroyNotify) g_bytes_unref);
}

static GTask *
start_request (McClient            *self,
               const char          *method,
               const char          *path,
               GBytes              *body,
               const char          *idempotency_key,
               gboolean             with_token,
               GCancellable        *cancellable,
               gpointer             source_tag,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *url = g_strconcat (self->base_url, path, NULL);
  SoupMessageHeaders *headers;
  Request *r;

  g_task_set_source_tag (task, source_tag);
  r = g_new0 (Request, 1);
  g_task_set_task_data (task, r, (GDestroyNotify) request_free);
  r->msg = soup_message_new (method, url);
  if (r->msg == NULL)
    {
      g_task_return_new_error (task, MC_CLIENT_ERROR, MC_CLIENT_ERROR_NETWORK,
                               _("“%s” is not a server address this program can use."),
                               self->base_url);
      return NULL;
    }
  headers = soup_message_get_request_headers (r->msg);
  soup_message_headers_replace (headers, "Accept", "application/json, application/problem+json");
  if (with_token && self->token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", self->token, NULL);
      soup_message_headers_replace (headers, "Authorization", auth);
      r->session = self->session_serial;
    }
  if (idempotency_key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", idempotency_key);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (r->msg, "application/json", body);
  g_signal_connect_object (r->msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), self, 0);

  return g_steal_pointer (&task);
}

static void
run_request (GTask *task)
{
  McClient *self = g_task_get_source_object (task);
  Request *r = g_task_get_task_data (task);

  soup_session_send_and_read_async (self->session, r->msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), send_done, task);
}

void
mc_client_send_async (McClient            *self,
                      const char          *method,
                      const char          *path,
                      GBytes              *body,
                      const char          *idempotency_key,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (MC_IS_CLIENT (self));
  g_return_if_fail (method != NULL && path != NULL && path[0] == '/');

  task = start_request (self, method, path, body, idempotency_key, TRUE, cancellable,
                        mc_client_send_async, callback, user_data);
  if (task != NULL)
    run_request (task);
}

GBytes *
mc_client_send_finish (McClient      *self,
                       GAsyncResult  *result,
                       guint         *status,
                       GError       **error)
{
  GBytes *bytes;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  bytes = g_task_propagate_pointer (G_TASK (result), error);
  if (status != NULL)
    {
      Request *r = g_task_get_task_data (G_TASK (result));
      *status = r != NULL ? r->status : 0;
    }
  return bytes;
}

void
mc_client_download_attachment_async (McClient            *self,
                                     const char          *attachment_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (MC_IS_CLIENT (self));
  g_return_if_fail (attachment_id != NULL);

  escaped = g_uri_escape_string (attachment_id, NULL, FALSE);
  path = g_strdup_printf ("/api/v1/attachments/%s", escaped);
  mc_client_send_async (self, "GET", path, NULL, NULL, cancellable, callback, user_data);
}

GBytes *
mc_client_download_attachment_finish (McClient      *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return mc_client_send_finish (self, result, NULL, error);
}

/* libsoup says how much of the body went into the socket, on the thread
 * of the session, as it goes. */
static void
wrote_body_data_cb (SoupMessage *msg,
                    guint        chunk_size,
                    Request     *r)
{
  r->sent = MIN (r->sent + chunk_size, r->total);
  r->progress (r->sent, r->total, r->progress_data);
}

/* A message sent again (a kept-alive connection the server had closed)
 * sends its body from the start. */
static void
restarted_cb (SoupMessage *msg,
              Request     *r)
{
  if (r->sent == 0)
    return;
  r->sent = 0;
  r->progress (r->sent, r->total, r->progress_data);
}

void
mc_client_upload_async (McClient             *self,
                        const char           *path,
                        GBytes               *body,
                        const char           *idempotency_key,
                        McClientProgressFunc  progress,
                        gpointer              progress_data,
                        GDestroyNotify        progress_destroy,
                        GCancellable         *cancellable,
                        GAsyncReadyCallback   callback,
                        gpointer              user_data)
{
  GTask *task;
  Request *r;

  g_return_if_fail (MC_IS_CLIENT (self));
  g_return_if_fail (path != NULL && path[0] == '/');
  g_return_if_fail (body != NULL);

  task = start_request (self, "POST", path, NULL, idempotency_key, TRUE, cancellable,
                        mc_client_upload_async, callback, user_data);
  if (task == NULL)
    {
      if (progress_destroy != NULL)
        progress_destroy (progress_data);
      return;
    }
  r = g_task_get_task_data (task);
  /* The server tells what the file is from its bytes. */
  soup_message_set_request_body_from_bytes (r->msg, "application/octet-stream", body);
  r->total = g_bytes_get_size (body);
  r->progress = progress;
  r->progress_data = progress_data;
  r->progress_destroy = progress_destroy;
  if (progress != NULL)
    {
      g_signal_connect (r->msg, "wrote-body-data", G_CALLBACK (wrote_body_data_cb), r);
      g_signal_connect (r->msg, "restarted", G_CALLBACK (restarted_cb), r);
    }
  run_request (task);
}

GBytes *
mc_client_upload_finish (McClient      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static JsonNode *
parse_answer (GBytes  *bytes,
              gsize    max_bytes,
              GError **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  JsonNode *root = mc_json_parse (data != NULL ? data : "", len, max_bytes, MC_JSON_MAX_DEPTH, &local_error);

  if (root == NULL)
    g_set_error (error, MC_CLIENT_ERROR,
                 g_error_matches (local_error, MC_WIRE_ERROR, MC_WIRE_ERROR_TOO_LARGE)
                   ? MC_CLIENT_ERROR_TOO_LARGE : MC_CLIENT_ERROR_INVALID_RESPONSE,
                 _("The server’s answer is not valid: %s"), local_error->message);
  return root;
}

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Request *r = task_data;
  GError *error = NULL;
  JsonNode *root = parse_answer (r->body, MC_CLIENT_MAX_BODY, &error);

  if (root == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, root, (GDestroyNotify) json_node_unref);
}

static void
get_json_sent (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  bytes = mc_client_send_finish (MC_CLIENT (source), result, NULL, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, g_new0 (Request, 1), (GDestroyNotify) request_free);
  ((Request *) g_task_get_task_data (task))->body = g_steal_pointer (&bytes);
  g_task_run_in_thread (task, parse_thread);
}

void
mc_client_get_json_async (McClient            *self,
                          const char          *path,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (MC_IS_CLIENT (self));
  g_return_if_fail (path != NULL && path[0] == '/');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_client_get_json_async);
  mc_client_send_async (self, "GET", path, NULL, NULL, cancellable, get_json_sent, task);
}

JsonNode *
mc_client_get_json_finish (McClient      *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Session */

typedef struct {
  char *username;
  char *token;
} LogIn;

static void
log_in_free (LogIn *l)
{
  g_free (l->username);
  if (l->token != NULL)
    memset (l->token, 0, strlen (l->token));
  g_free (l->token);
  g_free (l);
}

static void
log_in_stored (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  McClient *self = g_task_get_source_object (task);

  if (!mc_credentials_store_finish (result, &error))
    {
      /* Not a reason to refuse the session: it lasts until the program
       * ends, and the property lets the window say so. */
      g_message ("Secret Service unavailable, the session token is kept in memory only: %s",
                 error->message);
      set_token_in_memory_only (self, TRUE);
    }
  else
    set_token_in_memory_only (self, FALSE);
  g_task_return_boolean (task, TRUE);
}

static void
log_in_sent (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(McUser) user = NULL;
  g_autofree char *token = NULL;
  McClient *self = g_task_get_source_object (task);
  LogIn *l = g_task_get_task_data (task);
  GError *error = NULL;
  JsonObject *object, *user_object;

  bytes = mc_client_send_finish (self, result, NULL, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!(root = parse_answer (bytes, SMALL_BODY, &error)) ||
      !(object = mc_json_node_get_object (root, NULL, &error)) ||
      !mc_json_get_string (object, "token", FALSE, &token, &error) ||
      !mc_json_get_object (object, "user", &user_object, &error) ||
      !(user = mc_user_new_from_json (json_object_get_member (object, "user"), &error)))
    {
      if (error->domain != MC_CLIENT_ERROR)
        {
          GError *wrapped = g_error_new (MC_CLIENT_ERROR, MC_CLIENT_ERROR_INVALID_RESPONSE,
                                         _("The server’s answer is not valid: %s"), error->message);
          g_error_free (error);
          error = wrapped;
        }
      g_task_return_error (task, error);
      return;
    }

  set_session (self, l->username, token, user);
  if (!self->use_secret_service)
    {
      set_token_in_memory_only (self, TRUE);
      g_task_return_boolean (task, TRUE);
      return;
    }
  mc_credentials_store_async (self->base_url, l->username, token, g_task_get_cancellable (task),
                              log_in_stored, g_object_ref (task));
  memset (token, 0, strlen (token));
}

void
mc_client_log_in_async (McClient            *self,
                        const char          *username,
                        const char          *password,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) body = NULL;
  GTask *request;
  LogIn *l;
  char *data;
  gsize len = 0;

  g_return_if_fail (MC_IS_CLIENT (self));
  g_return_if_fail (username != NULL && password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_client_log_in_async);
  l = g_new0 (LogIn, 1);
  l->username = g_strdup (username);
  g_task_set_task_data (task, l, (GDestroyNotify) log_in_free);

  json_builder_begin_object (builder);
  mc_json_builder_add_string (builder, "username", username);
  mc_json_builder_add_string (builder, "password", password);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  data = mc_json_to_data (root, &len);
  body = g_bytes_new_take (data, len);

  request = start_request (self, "POST", "/api/v1/session", body, NULL, FALSE, cancellable,
                           mc_client_log_in_async, log_in_sent, g_steal_pointer (&task));
  if (request != NULL)
    run_request (request);
}

gboolean
mc_client_log_in_finish (McClient      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static McUser *
user_from_answer (GBytes  *bytes,
                  GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  McUser *user;

  if (!(root = parse_answer (bytes, SMALL_BODY, error)))
    return NULL;
  if (!(user = mc_user_new_from_json (root, &local_error)))
    {
      g_set_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_INVALID_RESPONSE,
                   _("The server’s answer is not valid: %s"), local_error->message);
      return NULL;
    }
  return user;
}

static void
me_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) bytes = NULL;
  McClient *self = MC_CLIENT (source);
  GError *error = NULL;
  McUser *user;

  bytes = mc_client_send_finish (self, result, NULL, &error);
  if (bytes == NULL || !(user = user_from_answer (bytes, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  set_user (self, user);
  g_task_return_pointer (task, user, g_object_unref);
}

void
mc_client_get_me_async (McClient            *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (MC_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_client_get_me_async);
  mc_client_send_async (self, "GET", "/api/v1/me", NULL, NULL, cancellable, me_sent, task);
}

McUser *
mc_client_get_me_finish (McClient      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
restore_looked_up (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  McClient *self = g_task_get_source_object (task);
  const char *username = g_task_get_task_data (task);

  token = mc_credentials_lookup_finish (result, &error);
  if (token == NULL)
    {
      if (error != NULL)
        set_token_in_memory_only (self, TRUE);
      g_task_return_new_error (task, MC_CLIENT_ERROR, MC_CLIENT_ERROR_UNAUTHORIZED,
                               error != NULL
                                 ? _("The saved session cannot be read (%s): sign in.")
                                 : _("No saved session for %s: sign in."),
                               error != NULL ? error->message : username);
      return;
    }
  set_session (self, username, token, NULL);
  set_token_in_memory_only (self, FALSE);
  memset (token, 0, strlen (token));
  g_task_return_boolean (task, TRUE);
}

void
mc_client_restore_session_async (McClient            *self,
                                 const char          *username,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MC_IS_CLIENT (self));
  g_return_if_fail (username != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_client_restore_session_async);
  g_task_set_task_data (task, g_strdup (username), g_free);
  if (!self->use_secret_service)
    {
      g_task_return_new_error (task, MC_CLIENT_ERROR, MC_CLIENT_ERROR_UNAUTHORIZED,
                               _("No saved session for %s: sign in."), username);
      return;
    }
  mc_credentials_lookup_async (self->base_url, username, cancellable, restore_looked_up,
                               g_steal_pointer (&task));
}

gboolean
mc_client_restore_session_finish (McClient      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
log_out_cleared (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!mc_credentials_clear_finish (result, &error))
    g_debug ("Cannot clear the saved session: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

static void
log_out_sent (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  McClient *self = MC_CLIENT (source);
  g_autofree char *username = g_strdup (self->username);

  bytes = mc_client_send_finish (self, result, NULL, &error);
  if (bytes == NULL)
    g_debug ("Cannot close the session on the server: %s", error->message);
  set_session (self, NULL, NULL, NULL);
  if (self->use_secret_service && username != NULL)
    mc_credentials_clear_async (self->base_url, username, NULL, log_out_cleared, g_steal_pointer (&task));
  else
    g_task_return_boolean (task, TRUE);
}

void
mc_client_log_out_async (McClient            *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (MC_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_client_log_out_async);
  if (self->token == NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  mc_client_send_async (self, "DELETE", "/api/v1/session", NULL, NULL, cancellable, log_out_sent, task);
}

gboolean
mc_client_log_out_finish (McClient      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
