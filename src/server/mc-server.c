/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <libsoup/soup.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "mc-request-private.h"
#include "mc-server-auth.h"
#include "mc-server-routes.h"
#include "mc-server.h"
#include "mc-time.h"

#define DEFAULT_WORKERS 4
#define DEFAULT_UPLOAD_LIMIT (50 * 1024 * 1024)
#define MAX_JSON_BODY (1024 * 1024)
/* Idempotency records are kept at least 24 hours; prune at 48. */
#define IDEMPOTENCY_KEEP (48 * 3600)

struct _McServer
{
  McServerOptions  options;
  char            *db_path;
  char            *files_dir;
  SoupServer      *soup;
  GThreadPool     *pool;
  GMainContext    *context;
  GMainLoop       *loop;
  GMutex           prune_lock;
  gint64           last_prune;    /* under prune_lock */
};

typedef struct {
  McServer          *server;
  SoupServerMessage *msg;       /* owned */
  McRequest         *request;   /* owned */
  gint64             started;   /* monotonic µs */
  gboolean           gone;      /* the client disconnected meanwhile */
} Job;

static void
job_free (Job *job)
{
  if (job->msg != NULL)
    g_signal_handlers_disconnect_by_data (job->msg, job);
  g_clear_object (&job->msg);
  _mc_request_free (job->request);
  g_free (job);
}

/* Routing */

static gboolean
match_route (const McRoute *route,
             const char    *path,
             GHashTable    *params)
{
  g_auto(GStrv) want = g_strsplit (route->pattern, "/", -1);
  g_auto(GStrv) have = g_strsplit (path, "/", -1);

  if (g_strv_length (want) != g_strv_length (have))
    return FALSE;
  for (guint i = 0; want[i] != NULL; i++)
    {
      if (want[i][0] == '{')
        {
          if (have[i][0] == '\0')
            return FALSE;
          if (params != NULL)
            g_hash_table_insert (params, g_strndup (want[i] + 1, strlen (want[i]) - 2),
                                 g_uri_unescape_string (have[i], NULL));
        }
      else if (strcmp (want[i], have[i]) != 0)
        {
          return FALSE;
        }
    }
  return TRUE;
}

static const McRoute *
find_route (const char *method,
            const char *path,
            GHashTable *params,
            GString    *allowed)
{
  guint n;
  const McRoute *routes = mc_server_get_routes (&n);

  for (guint i = 0; i < n; i++)
    {
      if (!match_route (&routes[i], path, NULL))
        continue;
      if (strcmp (routes[i].method, method) == 0)
        {
          match_route (&routes[i], path, params);
          return &routes[i];
        }
      g_string_append_printf (allowed, "%s%s", allowed->len ? ", " : "", routes[i].method);
    }
  return NULL;
}

/* Workers */

static void free_store (gpointer data);

/* Each worker thread's connection, closed when the thread ends. GLib's
 * GPrivate must be static: its key is allocated once and never freed. */
static GPrivate store_key = G_PRIVATE_INIT (free_store);

static McStore *
worker_store (McServer  *self,
              GError   **error)
{
  McStore *store = g_private_get (&store_key);

  if (store == NULL)
    {
      store = mc_store_open (self->db_path, self->files_dir, FALSE, error);
      if (store == NULL)
        return NULL;
      g_private_set (&store_key, store);
    }
  return store;
}

static char *
request_hash (McRequest *request)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize len = 0;
  const guchar *data = request->body ? g_bytes_get_data (request->body, &len) : NULL;

  g_checksum_update (sum, (const guchar *) request->method, -1);
  g_checksum_update (sum, (const guchar *) " ", 1);
  g_checksum_update (sum, (const guchar *) request->path, -1);
  g_checksum_update (sum, (const guchar *) "\n", 1);
  if (data != NULL)
    g_checksum_update (sum, data, len);
  return g_strdup (g_checksum_get_string (sum));
}

static gboolean
valid_idempotency_key (const char *key)
{
  gsize len = key ? strlen (key) : 0;

  if (len < 8 || len > 128)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (key[i]) && key[i] != '-' && key[i] != '_' && key[i] != '.')
      return FALSE;
  return TRUE;
}

static gboolean
authenticate (McRequest *request)
{
  g_autoptr(GError) error = NULL;
  const char *header = mc_request_get_header (request, "Authorization");

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0 || header[7] == '\0')
    {
      mc_request_set_header (request, "WWW-Authenticate", "Bearer");
      mc_request_problem (request, 401, "unauthorized", _("Sign in first"),
                          _("This request needs a session token: sign in with POST /api/v1/session "
                            "and send the token as “Authorization: Bearer …”."));
      return FALSE;
    }
  request->user = mc_server_auth_lookup (request->store, header + 7, request->now, &error);
  if (request->user == NULL)
    {
      if (error->domain == MC_SERVER_AUTH_ERROR)
        {
          mc_request_set_header (request, "WWW-Authenticate", "Bearer error=\"invalid_token\"");
          mc_request_problem (request, 401, "unauthorized", _("Session expired"),
                              _("The session has expired or was closed. Sign in again."));
        }
      else
        {
          mc_request_fail (request, error);
        }
      return FALSE;
    }
  return TRUE;
}

/* A mutation: one write transaction around the handler, with the
 * idempotency record written in it, so that an acknowledged action is
 * applied exactly once even when the client sends it again. */
static void
run_write (McServer  *self,
           McRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  const char *key = NULL;
  gboolean idempotent = (request->route->flags & MC_ROUTE_IDEMPOTENT) != 0;

  if (idempotent)
    {
      key = mc_request_get_header (request, "Idempotency-Key");
      if (!valid_idempotency_key (key))
        {
          mc_request_problem (request, 400, "idempotency-key", _("Idempotency key missing"),
                              _("Send an Idempotency-Key header of 8 to 128 letters, digits, "
                                "“-”, “_” or “.”, new for each action."));
          return;
        }
      hash = request_hash (request);
    }

  if (!mc_store_begin (request->store, &error))
    {
      mc_request_fail (request, error);
      return;
    }

  if (idempotent)
    {
      g_autofree char *old_hash = NULL;
      g_autofree char *old_body = NULL;
      guint old_status = 0;
      g_autoptr(GError) lookup_error = NULL;

      if (mc_store_get_idempotent (request->store, mc_user_get_id (request->user), key,
                                   &old_hash, &old_status, &old_body, &lookup_error))
        {
          mc_store_rollback (request->store);
          if (g_strcmp0 (old_hash, hash) != 0)
            {
              mc_request_problem (request, 422, "idempotency-key-reused", _("Idempotency key reused"),
                                  _("This Idempotency-Key was already used for a different request. "
                                    "Use a new key for a new action."));
              return;
            }
          {
            g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&old_body), strlen (old_body ? old_body : ""));
            const char *type = old_status >= 400 ? "application/problem+json" : "application/json";
            mc_request_set_bytes (request, old_status, type, bytes);
            mc_request_set_header (request, "Idempotent-Replayed", "true");
          }
          return;
        }
      if (!g_error_matches (lookup_error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND))
        {
          mc_store_rollback (request->store);
          mc_request_fail (request, lookup_error);
          return;
        }
    }

  if (!mc_store_savepoint (request->store, &error))
    {
      mc_store_rollback (request->store);
      mc_request_fail (request, error);
      return;
    }
  request->route->func (request);
  /* A refused request changes nothing, but its answer is still the answer
   * to that key. */
  if (request->status >= 400)
    mc_store_rollback_to_savepoint (request->store);
  if (!mc_store_release_savepoint (request->store, &error))
    goto failed;

  if (idempotent && request->status < 500)
    {
      gsize len = 0;
      const char *data = request->response ? g_bytes_get_data (request->response, &len) : "";
      g_autofree char *body = g_strndup (data, len);

      if (!mc_store_put_idempotent (request->store, mc_user_get_id (request->user), key, hash,
                                    request->status, body, request->now, &error))
        goto failed;
    }

  if (!mc_store_commit (request->store, &error))
    goto failed;
  return;

failed:
  mc_store_rollback (request->store);
  g_clear_pointer (&request->out_headers, g_ptr_array_unref);
  request->out_headers = g_ptr_array_new_with_free_func (g_free);
  mc_request_fail (request, error);
}

static void
maybe_prune (McServer *self,
             McStore  *store,
             gint64    now)
{
  gboolean due;

  g_mutex_lock (&self->prune_lock);
  due = now - self->last_prune >= 3600;
  if (due)
    self->last_prune = now;
  g_mutex_unlock (&self->prune_lock);
  if (!due)
    return;
  if (mc_store_begin (store, NULL))
    {
      if (mc_store_prune_idempotent (store, now - IDEMPOTENCY_KEEP, NULL))
        mc_store_commit (store, NULL);
      else
        mc_store_rollback (store);
    }
}

static gboolean finish_job (gpointer data);

static void
worker (gpointer data,
        gpointer user_data)
{
  Job *job = data;
  McServer *self = user_data;
  McRequest *request = job->request;
  g_autoptr(GError) error = NULL;

  request->now = mc_time_now ();
  request->store = worker_store (self, &error);
  if (request->store == NULL)
    {
      mc_request_fail (request, error);
      goto done;
    }

  if (!(request->route->flags & MC_ROUTE_PUBLIC) && !authenticate (request))
    goto done;

  if (request->route->flags & MC_ROUTE_OWN_TRANSACTIONS)
    {
      request->route->func (request);
    }
  else if (request->route->flags & MC_ROUTE_WRITES)
    {
      run_write (self, request);
    }
  else
    {
      /* One snapshot for every query of a read. */
      if (!mc_store_begin_read (request->store, &error))
        {
          mc_request_fail (request, error);
          goto done;
        }
      request->route->func (request);
      mc_store_rollback (request->store);
    }

  if (request->status == 0)
    mc_request_problem (request, 500, "internal", _("Internal server error"),
                        _("The request had no answer."));
  maybe_prune (self, request->store, request->now);

done:
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, finish_job, job, NULL);
}

/* The main thread */

static void
log_request (McServer  *self,
             Job       *job,
             guint      status)
{
  g_autofree char *when = NULL;
  McUser *user = job->request->user;
  double ms = (g_get_monotonic_time () - job->started) / 1000.0;

  if (self->options.quiet)
    return;
  when = mc_time_format_iso8601 (mc_time_now ());
  g_printerr ("%s %s %s %u %.1fms %s\n", when, job->request->method, job->request->path,
              status, ms, user ? mc_user_get_username (user) : "-");
}

static void
respond (SoupServerMessage *msg,
         McRequest         *request)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  for (guint i = 0; i + 1 < request->out_headers->len; i += 2)
    soup_message_headers_replace (headers, request->out_headers->pdata[i], request->out_headers->pdata[i + 1]);
  soup_server_message_set_status (msg, request->status, NULL);
  if (request->response != NULL)
    {
      gsize len;
      gconstpointer data = g_bytes_get_data (request->response, &len);
      soup_server_message_set_response (msg, request->content_type, SOUP_MEMORY_COPY, data, len);
    }
}

static void
job_disconnected (SoupServerMessage *msg,
                  gpointer           data)
{
  Job *job = data;

  job->gone = TRUE;
}

static gboolean
finish_job (gpointer data)
{
  Job *job = data;

  /* A client that went away has no connection left to answer on (the work
   * is done and committed all the same). */
  if (!job->gone)
    respond (job->msg, job->request);
  log_request (job->server, job, job->request->status);
  if (!job->gone)
    soup_server_message_unpause (job->msg);
  job_free (job);
  return G_SOURCE_REMOVE;
}

static void
collect_header (const char *name,
                const char *value,
                gpointer    user_data)
{
  g_hash_table_replace (user_data, g_ascii_strdown (name, -1), g_strdup (value));
}

static void
answer_now (McServer          *self,
            SoupServerMessage *msg,
            McRequest         *request,
            gint64             started)
{
  Job job = { self, msg, request, started };

  respond (msg, request);
  log_request (self, &job, request->status);
}

static void
handle_api (SoupServer        *soup,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  McServer *self = user_data;
  McRequest *request = _mc_request_new ();
  g_autoptr(GString) allowed = g_string_new (NULL);
  SoupMessageBody *body;
  Job *job;
  gint64 started = g_get_monotonic_time ();

  request->method = g_strdup (soup_server_message_get_method (msg));
  request->path = g_strdup (path);
  request->upload_limit = self->options.upload_limit;
  soup_message_headers_foreach (soup_server_message_get_request_headers (msg), collect_header, request->headers);

  request->route = find_route (request->method, path, request->params, allowed);
  if (request->route == NULL)
    {
      if (allowed->len > 0)
        {
          mc_request_set_header (request, "Allow", allowed->str);
          mc_request_problem (request, 405, "method-not-allowed", _("Method not allowed"),
                              _("%s is not allowed on %s; use %s."), request->method, path, allowed->str);
        }
      else
        {
          mc_request_problem (request, 404, "not-found", _("Not found"),
                              _("There is no API route %s."), path);
        }
      answer_now (self, msg, request, started);
      _mc_request_free (request);
      return;
    }

  if (query != NULL)
    {
      GHashTableIter iter;
      gpointer k, v;

      request->query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &k, &v))
        g_hash_table_insert (request->query, g_strdup (k), g_strdup (v));
    }

  body = soup_server_message_get_request_body (msg);
  if (body != NULL && body->length > 0)
    request->body = soup_message_body_flatten (body);

  job = g_new0 (Job, 1);
  job->server = self;
  job->msg = g_object_ref (msg);
  job->request = request;
  job->started = started;
  g_signal_connect (msg, "disconnected", G_CALLBACK (job_disconnected), job);
  soup_server_message_pause (msg);
  g_thread_pool_push (self->pool, job, NULL);
}

/* Refuses a body that is too large before it is read. */
static void
got_headers (SoupServerMessage *msg,
             gpointer           user_data)
{
  McServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  const char *path = uri ? g_uri_get_path (uri) : "";
  gboolean upload = g_str_has_suffix (path, "/attachments");
  goffset limit = upload ? (goffset) self->options.upload_limit : MAX_JSON_BODY;
  SoupEncoding encoding = soup_message_headers_get_encoding (headers);
  McRequest *request = NULL;

  if (soup_server_message_get_status (msg) == SOUP_STATUS_BAD_REQUEST)
    {
      /* libsoup refused the request line itself (a path that climbs with
       * "..", an encoded NUL): the answer is a problem like any other. */
      request = _mc_request_new ();
      mc_request_problem (request, 400, "malformed", _("Malformed request"),
                          _("The request path is not valid."));
    }
  else if (encoding == SOUP_ENCODING_CHUNKED)
    {
      request = _mc_request_new ();
      mc_request_problem (request, 411, "length-required", _("Length required"),
                          _("Send the request body with a Content-Length."));
    }
  else if (encoding == SOUP_ENCODING_CONTENT_LENGTH &&
           soup_message_headers_get_content_length (headers) > limit)
    {
      request = _mc_request_new ();
      mc_request_problem (request, 413, "too-large", _("Request too large"),
                          upload ? _("An attachment may be at most %d MB.")
                                 : _("A request body may be at most %d MB."),
                          (int) (limit / (1024 * 1024)));
    }

  if (request != NULL)
    {
      request->method = g_strdup (soup_server_message_get_method (msg));
      request->path = g_strdup (path);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
      answer_now (self, msg, request, g_get_monotonic_time ());
      _mc_request_free (request);
    }
}

static void
request_started (SoupServer        *soup,
                 SoupServerMessage *msg,
                 gpointer           user_data)
{
  g_signal_connect (msg, "got-headers", G_CALLBACK (got_headers), user_data);
}

static void
free_store (gpointer data)
{
  mc_store_free (data);
}

McServer *
mc_server_new (const McServerOptions *options,
               GError               **error)
{
  g_autoptr(McServer) self = g_new0 (McServer, 1);
  g_autoptr(McStore) store = NULL;

  g_return_val_if_fail (options != NULL && options->db_path != NULL, NULL);

  self->options = *options;
  self->db_path = g_strdup (options->db_path);
  self->files_dir = options->files_dir ? g_strdup (options->files_dir)
                                       : g_strconcat (options->db_path, ".files", NULL);
  self->options.db_path = self->db_path;
  self->options.files_dir = self->files_dir;
  if (self->options.workers == 0)
    self->options.workers = DEFAULT_WORKERS;
  if (self->options.upload_limit == 0)
    self->options.upload_limit = DEFAULT_UPLOAD_LIMIT;
  self->context = g_main_context_ref_thread_default ();

  /* Open (and migrate) once here, so that a bad database fails the start,
   * not the first request. */
  store = mc_store_open (self->db_path, self->files_dir, TRUE, error);
  if (store == NULL)
    return NULL;
  if (g_mkdir_with_parents (self->files_dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   _("Cannot create the attachments folder %s: %s"), self->files_dir, g_strerror (errno));
      return NULL;
    }

  self->pool = g_thread_pool_new (worker, self, (int) self->options.workers, FALSE, error);
  if (self->pool == NULL)
    return NULL;

  self->soup = soup_server_new ("server-header", "motcua-server/" PACKAGE_VERSION " ", NULL);
  soup_server_add_handler (self->soup, "/api/v1", handle_api, self, NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started), self);
  return g_steal_pointer (&self);
}

gboolean
mc_server_listen (McServer    *self,
                  const char  *listen,
                  const char  *tls_cert,
                  const char  *tls_key,
                  GError     **error)
{
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketConnectable) connectable = NULL;
  g_autoptr(GSocketAddressEnumerator) enumerator = NULL;
  SoupServerListenOptions flags = 0;

  connectable = g_network_address_parse (listen, 0, error);
  if (connectable == NULL)
    {
      g_prefix_error (error, _("--listen “%s”: "), listen);
      return FALSE;
    }
  enumerator = g_socket_connectable_enumerate (connectable);
  address = g_socket_address_enumerator_next (enumerator, NULL, error);
  if (address == NULL)
    {
      g_prefix_error (error, _("--listen “%s”: "), listen);
      return FALSE;
    }

  if (tls_cert != NULL || tls_key != NULL)
    {
      g_autoptr(GTlsCertificate) certificate = NULL;

      if (tls_cert == NULL || tls_key == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("Give both --tls-cert and --tls-key"));
          return FALSE;
        }
      certificate = g_tls_certificate_new_from_files (tls_cert, tls_key, error);
      if (certificate == NULL)
        return FALSE;
      g_object_set (self->soup, "tls-certificate", certificate, NULL);
      flags |= SOUP_SERVER_LISTEN_HTTPS;
    }

  return soup_server_listen (self->soup, address, flags, error);
}

guint
mc_server_get_port (McServer *self)
{
  GSList *uris = soup_server_get_uris (self->soup);
  guint port = uris ? (guint) g_uri_get_port (uris->data) : 0;

  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return port;
}

void
mc_server_free (McServer *self)
{
  if (self == NULL)
    return;
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  /* Let requests in progress finish and commit; then drop their answers. */
  if (self->pool != NULL)
    g_thread_pool_free (self->pool, FALSE, TRUE);
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_clear_object (&self->soup);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->db_path);
  g_free (self->files_dir);
  g_free (self);
}

static gboolean
on_signal (gpointer data)
{
  McServer *self = data;

  g_printerr ("motcua-server: %s\n", _("stopping"));
  g_main_loop_quit (self->loop);
  return G_SOURCE_CONTINUE;
}

int
mc_server_run (McServer *self)
{
  guint term, intr;

  self->loop = g_main_loop_new (self->context, FALSE);
  term = g_unix_signal_add (SIGTERM, on_signal, self);
  intr = g_unix_signal_add (SIGINT, on_signal, self);
  g_main_loop_run (self->loop);
  g_source_remove (term);
  g_source_remove (intr);
  return 0;
}
