/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

/* The real motcua-server on a loopback port, with a small organisation put
 * into its database through the store before it starts, and a libsoup
 * client to talk to it. Included by the server API test programs; every
 * function is static so that each program takes what it uses. */

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "mc-json.h"
#include "mc-server-auth.h"
#include "mc-store-users.h"
#include "mc-store.h"

#define MC_TEST_PASSWORD "mật khẩu thử"

typedef struct {
  char        *dir;
  char        *db_path;
  char        *port_file;
  GSubprocess *server;
  SoupSession *session;
  char        *base;       /* http://127.0.0.1:PORT */
  GHashTable  *tokens;     /* username → token */
  GHashTable  *user_ids;   /* username → id */
} McTestServer;

typedef struct {
  guint               status;
  GBytes             *body;
  SoupMessageHeaders *headers;
  JsonNode           *json;     /* nullable: when the body is JSON */
} McTestResponse;

G_GNUC_UNUSED static void
mc_test_response_free (McTestResponse *r)
{
  if (r == NULL)
    return;
  g_clear_pointer (&r->body, g_bytes_unref);
  g_clear_pointer (&r->headers, soup_message_headers_unref);
  g_clear_pointer (&r->json, json_node_unref);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McTestResponse, mc_test_response_free)

G_GNUC_UNUSED static const char *
mc_test_password_hash (void)
{
  static char *hash;

  /* yescrypt is slow by design: once per program. */
  if (hash == NULL)
    {
      g_autoptr(GError) error = NULL;
      hash = mc_server_auth_hash_password (MC_TEST_PASSWORD, &error);
      g_assert_no_error (error);
    }
  return hash;
}

G_GNUC_UNUSED static void
mc_test_put_department (McStore    *store,
                        const char *id,
                        const char *code,
                        const char *name,
                        gboolean    one_stop)
{
  g_autoptr(McDepartment) department = mc_department_new ();
  g_autoptr(GError) error = NULL;

  mc_department_set_id (department, id);
  mc_department_set_code (department, code);
  mc_department_set_agency_id (department, "000.00.10.H56");
  mc_department_set_name (department, name);
  mc_department_set_level (department, MC_LEVEL_PROVINCE);
  g_assert_true (mc_store_begin (store, &error));
  g_assert_true (mc_store_put_department (store, department, one_stop, &error));
  g_assert_true (mc_store_commit (store, &error));
  g_assert_no_error (error);
}

G_GNUC_UNUSED static void
mc_test_put_procedure (McStore    *store,
                       const char *id,
                       const char *department_id)
{
  g_autoptr(McProcedure) procedure = mc_procedure_new ();
  g_autoptr(GError) error = NULL;

  mc_procedure_set_id (procedure, id);
  mc_procedure_set_code (procedure, "1.001612");
  mc_procedure_set_name (procedure, "Đăng ký khai sinh");
  mc_procedure_set_field (procedure, "Hộ tịch");
  mc_procedure_set_department_id (procedure, department_id);
  mc_procedure_set_limit_amount (procedure, 5);
  mc_procedure_set_limit_unit (procedure, MC_LIMIT_WORKING_DAYS);
  mc_procedure_set_version (procedure, 1);
  g_assert_true (mc_store_begin (store, &error));
  g_assert_true (mc_store_put_procedure (store, procedure, &error));
  g_assert_true (mc_store_commit (store, &error));
  g_assert_no_error (error);
}

G_GNUC_UNUSED static void
mc_test_put_user (McTestServer *t,
                  McStore      *store,
                  const char   *username,
                  McRole        role,
                  const char   *department_id)
{
  g_autoptr(McUser) user = mc_user_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *full_name = g_strdup_printf ("Nguyễn Văn %s", username);

  mc_user_set_username (user, username);
  mc_user_set_full_name (user, full_name);
  mc_user_set_role (user, role);
  mc_user_set_department_id (user, department_id);
  g_assert_true (mc_store_begin (store, &error));
  g_assert_true (mc_store_put_user (store, user, mc_test_password_hash (), &error));
  g_assert_true (mc_store_commit (store, &error));
  g_assert_no_error (error);
  g_hash_table_insert (t->user_ids, g_strdup (username), g_strdup (mc_user_get_id (user)));
}

/* The organisation of the tests: a one-stop unit (rec), two departments
 * (a, b), one procedure decided by a, and an officer of each kind. */
G_GNUC_UNUSED static McStore *
mc_test_server_init (McTestServer *t)
{
  g_autoptr(GError) error = NULL;
  McStore *store;

  memset (t, 0, sizeof *t);
  t->dir = g_dir_make_tmp ("motcua-api-XXXXXX", &error);
  g_assert_no_error (error);
  t->db_path = g_build_filename (t->dir, "server.db", NULL);
  t->port_file = g_build_filename (t->dir, "port", NULL);
  t->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  t->user_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  store = mc_store_open (t->db_path, NULL, TRUE, &error);
  g_assert_no_error (error);
  mc_test_put_department (store, "d-rec", "TTHCC", "Trung tâm Hành chính công", TRUE);
  mc_test_put_department (store, "d-a", "STP", "Sở Tư pháp", FALSE);
  mc_test_put_department (store, "d-b", "SXD", "Sở Xây dựng", FALSE);
  mc_test_put_procedure (store, "p-1", "d-a");
  mc_test_put_user (t, store, "rec", MC_ROLE_RECEPTION, "d-rec");
  mc_test_put_user (t, store, "spa", MC_ROLE_SPECIALIST, "d-a");
  mc_test_put_user (t, store, "lda", MC_ROLE_LEADER, "d-a");
  mc_test_put_user (t, store, "spb", MC_ROLE_SPECIALIST, "d-b");
  mc_test_put_user (t, store, "sup", MC_ROLE_SUPERVISOR, NULL);
  return store;
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* Starts the server on a free port; `extra` NULL-terminated. */
G_GNUC_UNUSED static void
mc_test_server_start (McTestServer       *t,
                      const char * const *extra)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *server = g_getenv ("MOTCUA_SERVER");
  const char *log;

  g_assert_nonnull (server);
  g_remove (t->port_file);
  g_ptr_array_add (args, (gpointer) server);
  g_ptr_array_add (args, (gpointer) "serve");
  g_ptr_array_add (args, (gpointer) "--db");
  g_ptr_array_add (args, t->db_path);
  g_ptr_array_add (args, (gpointer) "--listen");
  g_ptr_array_add (args, (gpointer) "127.0.0.1:0");
  g_ptr_array_add (args, (gpointer) "--port-file");
  g_ptr_array_add (args, t->port_file);
  g_ptr_array_add (args, (gpointer) "--quiet");
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) extra[i]);
  g_ptr_array_add (args, NULL);

  /* MC_TEST_SERVER_LOG=FILE keeps what the server says (sanitizer
   * reports included) for a person debugging. */
  log = g_getenv ("MC_TEST_SERVER_LOG");
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        (log ? G_SUBPROCESS_FLAGS_NONE : G_SUBPROCESS_FLAGS_STDERR_SILENCE));
  if (log != NULL)
    g_subprocess_launcher_set_stderr_file_path (launcher, log);
  /* A test that dies takes its server with it. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  t->server = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 2000 && !g_file_get_contents (t->port_file, &text, NULL, NULL); i++)
    g_usleep (5000);
  g_assert_nonnull (text);
  t->base = g_strdup_printf ("http://127.0.0.1:%u", (guint) g_ascii_strtoull (text, NULL, 10));
  /* Loopback needs no proxy, and the system's proxy settings would need
   * GSettings schemas that a build without the application lacks. */
  t->session = soup_session_new_with_options ("timeout", 60, "user-agent", "motcua-test",
                                              "proxy-resolver", NULL, NULL);
}

/* Stops the server with @signum (SIGTERM, or SIGKILL as a crash or a power
 * cut would end it) and keeps its database, for mc_test_server_resume(). */
G_GNUC_UNUSED static void
mc_test_server_pause (McTestServer *t,
                      int           signum)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (t->server, signum);
  g_subprocess_wait (t->server, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&t->server);
}

/* Starts a paused server again on @port, so that clients' addresses still
 * hold. */
G_GNUC_UNUSED static void
mc_test_server_resume (McTestServer *t,
                       guint         port)
{
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", port);
  const char *extra[] = { "--listen", listen, NULL };

  g_clear_object (&t->session);
  g_clear_pointer (&t->base, g_free);
  mc_test_server_start (t, extra);
}

G_GNUC_UNUSED static void
mc_test_server_stop (McTestServer *t)
{
  g_autoptr(GError) error = NULL;
  const char *suffixes[] = { "", "-wal", "-shm" };

  if (t->server != NULL)
    {
      g_subprocess_send_signal (t->server, SIGTERM);
      g_subprocess_wait (t->server, NULL, &error);
      g_assert_no_error (error);
      g_clear_object (&t->server);
    }
  g_clear_object (&t->session);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (t->db_path, suffixes[i], NULL);
      g_remove (path);
    }
  {
    /* The attachment contents: <db>.files/ab/cd/<sha256>. */
    g_autofree char *files = g_strconcat (t->db_path, ".files", NULL);
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", files);
    g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  }
  g_remove (t->port_file);
  g_rmdir (t->dir);
  g_free (t->dir);
  g_free (t->db_path);
  g_free (t->port_file);
  g_free (t->base);
  g_hash_table_unref (t->tokens);
  g_hash_table_unref (t->user_ids);
}

/* One request; `headers` are name, value pairs, NULL-terminated. */
G_GNUC_UNUSED static McTestResponse *
mc_test_request_full (McTestServer       *t,
                      const char         *method,
                      const char         *path,
                      const char         *token,
                      const char         *content_type,
                      GBytes             *body,
                      const char * const *headers)
{
  g_autofree char *url = g_strconcat (t->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  McTestResponse *r = g_new0 (McTestResponse, 1);
  SoupMessageHeaders *request_headers;
  const char *type;

  g_assert_nonnull (msg);
  request_headers = soup_message_get_request_headers (msg);
  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (request_headers, "Authorization", auth);
    }
  for (guint i = 0; headers != NULL && headers[i] != NULL; i += 2)
    soup_message_headers_replace (request_headers, headers[i], headers[i + 1]);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);

  r->body = soup_session_send_and_read (t->session, msg, NULL, &error);
  g_assert_no_error (error);
  r->status = soup_message_get_status (msg);
  r->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  type = soup_message_headers_get_content_type (r->headers, NULL);
  if (type != NULL && (g_str_equal (type, "application/json") || g_str_equal (type, "application/problem+json")))
    {
      gsize len = 0;
      const char *data = g_bytes_get_data (r->body, &len);

      r->json = mc_json_parse (data, len, 64 * 1024 * 1024, 64, &error);
      g_assert_no_error (error);
    }
  return r;
}

G_GNUC_UNUSED static McTestResponse *
mc_test_request_json (McTestServer *t,
                      const char   *method,
                      const char   *path,
                      const char   *token,
                      const char   *json)
{
  g_autoptr(GBytes) body = json ? g_bytes_new (json, strlen (json)) : NULL;
  g_autofree char *key = g_uuid_string_random ();
  const char *headers[] = { "Idempotency-Key", key, NULL };

  return mc_test_request_full (t, method, path, token, "application/json", body,
                               g_str_equal (method, "POST") ? headers : NULL);
}

G_GNUC_UNUSED static const char *
mc_test_login (McTestServer *t,
               const char   *username)
{
  g_autoptr(McTestResponse) r = NULL;
  g_autofree char *body = NULL;
  const char *token = g_hash_table_lookup (t->tokens, username);

  if (token != NULL)
    return token;
  body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"%s\"}", username, MC_TEST_PASSWORD);
  r = mc_test_request_full (t, "POST", "/api/v1/session", NULL, "application/json",
                            g_bytes_new_static (body, strlen (body)), NULL);
  g_assert_cmpuint (r->status, ==, 201);
  token = json_object_get_string_member (json_node_get_object (r->json), "token");
  g_hash_table_insert (t->tokens, g_strdup (username), g_strdup (token));
  return g_hash_table_lookup (t->tokens, username);
}

/* Registers a dossier as `rec`; sets its version. Returns its id. */
G_GNUC_UNUSED static char *
mc_test_create_dossier (McTestServer *t,
                        const char   *applicant,
                        int          *version)
{
  g_autoptr(McTestResponse) r = NULL;
  g_autofree char *body = g_strdup_printf (
    "{\"procedure_id\":\"p-1\",\"applicant\":{\"kind\":\"person\",\"name\":\"%s\","
    "\"id_number\":\"001099012345\",\"phone\":null,\"email\":null,\"address\":null,"
    "\"tax_code\":null}}", applicant);
  JsonObject *object;

  r = mc_test_request_json (t, "POST", "/api/v1/dossiers", mc_test_login (t, "rec"), body);
  if (r->status != 201)
    g_error ("create dossier: %u %.*s", r->status, (int) g_bytes_get_size (r->body),
             (const char *) g_bytes_get_data (r->body, NULL));
  object = json_node_get_object (r->json);
  if (version != NULL)
    *version = (int) json_object_get_int_member (object, "version");
  return g_strdup (json_object_get_string_member (object, "id"));
}

/* Takes an action; returns the new version. */
G_GNUC_UNUSED static int
mc_test_action (McTestServer *t,
                const char   *username,
                const char   *id,
                const char   *action,
                int           version,
                const char   *department_id)
{
  g_autoptr(McTestResponse) r = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/dossiers/%s/actions", id);
  g_autofree char *body = NULL;

  if (department_id != NULL)
    body = g_strdup_printf ("{\"action\":\"%s\",\"version\":%d,\"department_id\":\"%s\"}",
                            action, version, department_id);
  else
    body = g_strdup_printf ("{\"action\":\"%s\",\"version\":%d}", action, version);
  r = mc_test_request_json (t, "POST", path, mc_test_login (t, username), body);
  if (r->status != 200)
    g_error ("%s: %u %.*s", action, r->status, (int) g_bytes_get_size (r->body),
             (const char *) g_bytes_get_data (r->body, NULL));
  return (int) json_object_get_int_member (json_node_get_object (r->json), "version");
}
