/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "mc-server-auth.h"
#include "mc-server.h"
#include "mc-store-users.h"
#include "mc-test.h"
#include "mc-time.h"

/* The real motcua-server binary on a loopback port, spoken to over HTTP as
 * the application does. The organisation is written into the database
 * before the server starts; dossiers are then registered through the API.
 *
 * Side A and side B each have a one-stop unit and a department, with one
 * account of each role; supervisors and administrators belong to no
 * department, so their "own" and "other" accounts are alike. Unit C only
 * takes part in the race for dossier codes. */

#define PASSWORD "mat-khau-thu-1234"

typedef struct {
  const char *id;
  const char *username;
  McRole      role;
  const char *department_id;
  int         side;        /* 0: A, 1: B, -1: C or none */
  gboolean    disabled;
  char       *token;       /* set once signed in */
} Account;

static Account accounts[] = {
  { "u-rec-a", "rec.a", MC_ROLE_RECEPTION, "unit-a", 0 },
  { "u-rec-b", "rec.b", MC_ROLE_RECEPTION, "unit-b", 1 },
  { "u-spec-a", "spec.a", MC_ROLE_SPECIALIST, "dept-a", 0 },
  { "u-spec-b", "spec.b", MC_ROLE_SPECIALIST, "dept-b", 1 },
  { "u-lead-a", "lead.a", MC_ROLE_LEADER, "dept-a", 0 },
  { "u-lead-b", "lead.b", MC_ROLE_LEADER, "dept-b", 1 },
  { "u-sup-a", "sup.a", MC_ROLE_SUPERVISOR, NULL, 0 },
  { "u-sup-b", "sup.b", MC_ROLE_SUPERVISOR, NULL, 1 },
  { "u-admin-a", "admin.a", MC_ROLE_ADMIN, NULL, 0 },
  { "u-admin-b", "admin.b", MC_ROLE_ADMIN, NULL, 1 },
  { "u-spec2-a", "spec2.a", MC_ROLE_SPECIALIST, "dept-a", -1 },
  { "u-rec-c", "rec.c", MC_ROLE_RECEPTION, "unit-c", -1 },
  { "u-gone", "gone", MC_ROLE_SPECIALIST, "dept-a", -1, TRUE },
  { "u-guess", "guess", MC_ROLE_SPECIALIST, "dept-b", -1 },
};

static struct {
  char        *dir;
  char        *db;
  char        *port_file;
  GSubprocess *server;
  char        *base;
  guint        port;
  SoupSession *session;
} fx;

/* Fixtures */

static void
put_department (McStore    *store,
                const char *id,
                const char *code,
                const char *agency,
                const char *name,
                gboolean    one_stop)
{
  g_autoptr(McDepartment) d = mc_department_new ();
  g_autoptr(GError) error = NULL;

  mc_department_set_id (d, id);
  mc_department_set_code (d, code);
  mc_department_set_agency_id (d, agency);
  mc_department_set_name (d, name);
  mc_department_set_level (d, MC_LEVEL_DISTRICT);
  mc_store_put_department (store, d, one_stop, &error);
  g_assert_no_error (error);
}

static void
put_procedure (McStore    *store,
               const char *id,
               const char *code,
               const char *department_id)
{
  g_autoptr(McProcedure) p = mc_procedure_new ();
  g_autoptr(GError) error = NULL;

  mc_procedure_set_id (p, id);
  mc_procedure_set_code (p, code);
  mc_procedure_set_name (p, "Cấp giấy phép xây dựng");
  mc_procedure_set_field (p, "Xây dựng");
  mc_procedure_set_department_id (p, department_id);
  mc_procedure_set_limit_amount (p, 5);
  mc_procedure_set_limit_unit (p, MC_LIMIT_WORKING_DAYS);
  mc_procedure_set_online_limit_amount (p, -1);
  mc_procedure_set_fee (p, 50000);
  mc_procedure_set_version (p, 1);
  mc_store_put_procedure (store, p, &error);
  g_assert_no_error (error);
}

static void
write_fixtures (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_open (fx.db, NULL, TRUE, &error);
  g_autofree char *hash = mc_server_auth_hash_password (PASSWORD, &error);

  g_assert_no_error (error);
  g_assert_true (mc_store_begin (store, &error));
  put_department (store, "unit-a", "MC-A", "000.00.01.H12", "Bộ phận Một cửa huyện A", TRUE);
  put_department (store, "unit-b", "MC-B", "000.00.02.H12", "Bộ phận Một cửa huyện B", TRUE);
  put_department (store, "unit-c", "MC-C", "000.00.03.H12", "Bộ phận Một cửa huyện C", TRUE);
  put_department (store, "dept-a", "XD-A", NULL, "Phòng Quản lý đô thị A", FALSE);
  put_department (store, "dept-b", "XD-B", NULL, "Phòng Quản lý đô thị B", FALSE);
  put_procedure (store, "proc-a", "1.009994", "dept-a");
  put_procedure (store, "proc-b", "1.009995", "dept-b");
  for (guint i = 0; i < G_N_ELEMENTS (accounts); i++)
    {
      g_autoptr(McUser) user = mc_user_new ();

      mc_user_set_id (user, accounts[i].id);
      mc_user_set_username (user, accounts[i].username);
      mc_user_set_full_name (user, accounts[i].username);
      mc_user_set_role (user, accounts[i].role);
      mc_user_set_department_id (user, accounts[i].department_id);
      mc_user_set_disabled (user, accounts[i].disabled);
      mc_store_put_user (store, user, hash, &error);
      g_assert_no_error (error);
    }
  g_assert_true (mc_store_commit (store, &error));
  g_assert_no_error (error);
}

/* A failed assertion aborts the test: the server must not outlive it (nor
 * keep the test's output open, which would hold the test runner). */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
start_server (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *text = NULL;
  const char *binary = g_getenv ("MOTCUA_SERVER");

  g_assert_nonnull (binary);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  fx.server = g_subprocess_launcher_spawn (launcher, &error, binary, "serve", "--db", fx.db,
                                           "--listen", "127.0.0.1:0", "--port-file", fx.port_file,
                                           "--quiet", NULL);
  g_assert_no_error (error);
  for (guint i = 0; i < 1000 && !g_file_get_contents (fx.port_file, &text, NULL, NULL); i++)
    g_usleep (10000);
  g_assert_nonnull (text);
  fx.port = (guint) g_ascii_strtoull (text, NULL, 10);
  g_assert_cmpuint (fx.port, >, 0);
  fx.base = g_strdup_printf ("http://127.0.0.1:%u", fx.port);
}

static void
stop_server (void)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (fx.server, SIGTERM);
  g_subprocess_wait_check (fx.server, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&fx.server);
}

/* HTTP */

typedef struct {
  guint               status;
  char               *body;
  SoupMessageHeaders *headers;
  JsonNode           *json;
} Reply;

static void
reply_free (Reply *reply)
{
  g_free (reply->body);
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_clear_pointer (&reply->json, json_node_unref);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

typedef struct {
  const char *token;            /* nullable */
  const char *key;              /* Idempotency-Key, nullable */
  const char *content_type;     /* default application/json */
  const char *authorization;    /* a raw Authorization header instead */
  const char *if_none_match;
  gssize      length;           /* of body; -1: strlen */
} Options;

static Reply *
http_full (SoupSession   *session,
           const char    *method,
           const char    *path,
           const char    *body,
           const Options *o)
{
  g_autofree char *uri = g_strconcat (fx.base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  SoupMessageHeaders *headers;
  Reply *reply = g_new0 (Reply, 1);
  gsize len;
  const char *type;

  g_assert_nonnull (msg);
  headers = soup_message_get_request_headers (msg);
  if (o->token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", o->token, NULL);
      soup_message_headers_replace (headers, "Authorization", value);
    }
  if (o->authorization != NULL)
    soup_message_headers_replace (headers, "Authorization", o->authorization);
  if (o->key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", o->key);
  if (o->if_none_match != NULL)
    soup_message_headers_replace (headers, "If-None-Match", o->if_none_match);
  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, o->length >= 0 ? (gsize) o->length : strlen (body));
      soup_message_set_request_body_from_bytes (msg, o->content_type ? o->content_type : "application/json", request);
    }

  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  reply->body = g_strndup (g_bytes_get_data (bytes, &len), g_bytes_get_size (bytes));
  type = soup_message_headers_get_content_type (reply->headers, NULL);
  if (len > 0 && type != NULL && (g_str_equal (type, "application/json") || g_str_equal (type, "application/problem+json")))
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();

      if (!json_parser_load_from_data (parser, reply->body, (gssize) len, &error))
        g_error ("%s %s: the answer is not JSON: %s\n%s", method, path, error->message, reply->body);
      reply->json = json_node_ref (json_parser_get_root (parser));
    }
  /* Every error is problem+json, with the status repeated. */
  if (reply->status >= 400)
    {
      if (g_strcmp0 (type, "application/problem+json") != 0 || reply->json == NULL)
        g_error ("%s %s: %u without problem+json: %s", method, path, reply->status, reply->body);
      g_assert_cmpint (json_object_get_int_member (json_node_get_object (reply->json), "status"), ==, reply->status);
      g_assert_true (json_object_has_member (json_node_get_object (reply->json), "type"));
      g_assert_true (json_object_has_member (json_node_get_object (reply->json), "detail"));
    }
  return reply;
}

static Reply *
http (const char *method,
      const char *path,
      const char *token,
      const char *key,
      const char *body)
{
  Options o = { token, key, NULL, NULL, NULL, -1 };

  return http_full (fx.session, method, path, body, &o);
}

static JsonObject *
obj (Reply *reply)
{
  g_assert_nonnull (reply->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply->json));
  return json_node_get_object (reply->json);
}

/* No proxy, and no GSettings lookup for one. */
static SoupSession *
new_session (void)
{
  g_autoptr(GProxyResolver) direct = g_simple_proxy_resolver_new (NULL, NULL);

  return soup_session_new_with_options ("timeout", 60, "user-agent", "motcua-test-http",
                                        "proxy-resolver", direct, NULL);
}

static char *
new_key (void)
{
  static gint counter;
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strdup_printf ("key-%d-%s", g_atomic_int_add (&counter, 1), uuid + 24);
}

/* A raw request on its own connection, for what a well-behaved client
 * cannot send. Returns the status (0: the server closed without answering)
 * and the body. */
static guint
raw_request (const char *data,
             gsize       len,
             char      **body)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) in = g_byte_array_new ();
  GOutputStream *out;
  GInputStream *input;
  const char *text;
  char buf[4096];
  gssize n;
  guint status = 0;

  g_socket_client_set_timeout (client, 20);
  conn = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) fx.port, NULL, &error);
  g_assert_no_error (error);
  out = g_io_stream_get_output_stream (G_IO_STREAM (conn));
  input = g_io_stream_get_input_stream (G_IO_STREAM (conn));
  /* The server may answer and close before it has read everything. */
  g_output_stream_write_all (out, data, len, NULL, NULL, NULL);
  while ((n = g_input_stream_read (input, buf, sizeof buf, NULL, NULL)) > 0)
    g_byte_array_append (in, (guint8 *) buf, (guint) n);
  g_byte_array_append (in, (guint8 *) "", 1);
  text = (const char *) in->data;
  if (g_str_has_prefix (text, "HTTP/1.1 ") || g_str_has_prefix (text, "HTTP/1.0 "))
    status = (guint) g_ascii_strtoull (text + 9, NULL, 10);
  if (body != NULL)
    {
      const char *start = strstr (text, "\r\n\r\n");
      *body = g_strdup (start ? start + 4 : "");
    }
  return status;
}

static Account *
account (const char *username)
{
  for (guint i = 0; i < G_N_ELEMENTS (accounts); i++)
    if (g_str_equal (accounts[i].username, username))
      return &accounts[i];
  g_assert_not_reached ();
}

static char *
login (const char *username,
       guint       expect)
{
  g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"%s\"}", username, PASSWORD);
  g_autoptr(Reply) r = http ("POST", "/api/v1/session", NULL, NULL, body);

  g_assert_cmpuint (r->status, ==, expect);
  if (expect != 201)
    return NULL;
  g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Cache-Control"), ==, "no-store");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj (r), "user"), "username"), ==, username);
  return g_strdup (json_object_get_string_member (obj (r), "token"));
}

static const char *
token_of (const char *username)
{
  Account *a = account (username);

  if (a->token == NULL)
    a->token = login (username, 201);
  return a->token;
}

static char *
applicant_body (const char *procedure_id,
                const char *name,
                const char *channel)
{
  return g_strdup_printf ("{\"procedure_id\":\"%s\",\"channel\":\"%s\",\"applicant\":{\"kind\":\"person\","
                          "\"name\":\"%s\",\"id_number\":\"001203004567\",\"phone\":\"0912345678\","
                          "\"email\":null,\"address\":\"12 Lê Lợi\",\"tax_code\":null}}",
                          procedure_id, channel, name);
}

/* Registers a dossier as `username`; returns its id. */
static char *
register_dossier (const char *username,
                  const char *procedure_id,
                  const char *name,
                  const char *channel)
{
  g_autofree char *body = applicant_body (procedure_id, name, channel);
  g_autofree char *key = new_key ();
  g_autoptr(Reply) r = http ("POST", "/api/v1/dossiers", token_of (username), key, body);
  g_autofree char *location = NULL;

  if (r->status != 201)
    g_error ("registering: %u %s", r->status, r->body);
  location = g_strconcat ("/api/v1/dossiers/", json_object_get_string_member (obj (r), "id"), NULL);
  g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Location"), ==, location);
  g_assert_cmpstr (soup_message_headers_get_one (r->headers, "ETag"), ==, "\"1\"");
  return g_strdup (json_object_get_string_member (obj (r), "id"));
}

static Reply *
get_dossier (const char *username,
             const char *id)
{
  g_autofree char *path = g_strconcat ("/api/v1/dossiers/", id, NULL);
  return http ("GET", path, token_of (username), NULL, NULL);
}

static const char *
member_or_null (JsonObject *o,
                const char *member)
{
  return json_object_get_null_member (o, member) ? NULL : json_object_get_string_member (o, member);
}

/* Takes an action as `username` on the dossier at its current version
 * (`version_delta` away from it, to be stale), with `extra` members
 * ("\"reason\":\"…\"" or ""), and asserts the status. A success must have
 * written one event that says who did what, from where to where. */
static void
act_full (const char *username,
          const char *id,
          const char *action,
          const char *extra,
          int         version_delta,
          guint       expect)
{
  g_autoptr(Reply) before = get_dossier ("sup.a", id);
  g_autoptr(Reply) r = NULL;
  g_autoptr(Reply) after = NULL;
  g_autofree char *path = g_strconcat ("/api/v1/dossiers/", id, "/actions", NULL);
  g_autofree char *key = new_key ();
  g_autofree char *body = NULL;
  JsonObject *b = obj (before), *a, *event;
  JsonArray *events;
  gint64 version = json_object_get_int_member (b, "version");

  body = g_strdup_printf ("{\"action\":\"%s\",\"version\":%" G_GINT64_FORMAT "%s%s}", action,
                          version + version_delta, *extra ? "," : "", extra);
  r = http ("POST", path, token_of (username), key, body);
  if (r->status != expect)
    g_error ("%s by %s: %u, expected %u: %s", action, username, r->status, expect, r->body);
  after = get_dossier ("sup.a", id);
  a = obj (after);
  events = json_object_get_array_member (a, "events");
  if (expect != 200)
    {
      g_assert_cmpint (json_object_get_int_member (a, "version"), ==, version);
      g_assert_cmpuint (json_array_get_length (events), ==,
                        json_array_get_length (json_object_get_array_member (b, "events")));
      return;
    }
  g_assert_cmpint (json_object_get_int_member (a, "version"), ==, version + 1);
  g_assert_cmpint (json_object_get_int_member (obj (r), "version"), ==, version + 1);
  g_assert_cmpuint (json_array_get_length (events), ==,
                    json_array_get_length (json_object_get_array_member (b, "events")) + 1);
  event = json_array_get_object_element (events, json_array_get_length (events) - 1);
  g_assert_cmpstr (json_object_get_string_member (event, "action"), ==, action);
  g_assert_cmpstr (json_object_get_string_member (event, "actor_id"), ==, account (username)->id);
  g_assert_cmpstr (member_or_null (event, "from_status"), ==, json_object_get_string_member (b, "status"));
  g_assert_cmpstr (json_object_get_string_member (event, "to_status"), ==, json_object_get_string_member (a, "status"));
  g_assert_cmpstr (member_or_null (event, "from_department_id"), ==, json_object_get_string_member (b, "department_id"));
  g_assert_cmpstr (member_or_null (event, "to_department_id"), ==, json_object_get_string_member (a, "department_id"));
  g_assert_cmpstr (member_or_null (event, "from_assignee_id"), ==, member_or_null (b, "assignee_id"));
  g_assert_cmpstr (member_or_null (event, "to_assignee_id"), ==, member_or_null (a, "assignee_id"));
}

static void
act (const char *username,
     const char *id,
     const char *action,
     const char *extra,
     guint       expect)
{
  act_full (username, id, action, extra, 0, expect);
}

static void
assert_state (const char *id,
              const char *status,
              const char *substate,
              const char *department_id,
              const char *assignee_id)
{
  g_autoptr(Reply) r = get_dossier ("sup.a", id);

  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (obj (r), "status"), ==, status);
  g_assert_cmpstr (json_object_get_string_member (obj (r), "substate"), ==, substate);
  g_assert_cmpstr (json_object_get_string_member (obj (r), "department_id"), ==, department_id);
  g_assert_cmpstr (member_or_null (obj (r), "assignee_id"), ==, assignee_id);
}

/* Sessions */

static void
test_session (void)
{
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(Reply) unknown = NULL;
  g_autoptr(Reply) wrong = NULL;
  sqlite3 *db = NULL;
  char *err = NULL;

  token = login ("spec.a", 201);
  {
    g_autoptr(Reply) me = http ("GET", "/api/v1/me", token, NULL, NULL);
    g_assert_cmpuint (me->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (obj (me), "role"), ==, "specialist");
    g_assert_cmpstr (json_object_get_string_member (obj (me), "department_id"), ==, "dept-a");
  }
  /* Upper case works: usernames are case-insensitive. */
  {
    g_autoptr(Reply) r = http ("POST", "/api/v1/session", NULL, NULL,
                               "{\"username\":\"SPEC.A\",\"password\":\"" PASSWORD "\"}");
    g_assert_cmpuint (r->status, ==, 201);
  }

  /* A wrong password and an unknown user get the same answer. */
  wrong = http ("POST", "/api/v1/session", NULL, NULL, "{\"username\":\"spec.b\",\"password\":\"wrong-password\"}");
  unknown = http ("POST", "/api/v1/session", NULL, NULL, "{\"username\":\"nobody.here\",\"password\":\"wrong-password\"}");
  g_assert_cmpuint (wrong->status, ==, 401);
  g_assert_cmpuint (unknown->status, ==, 401);
  g_assert_cmpstr (wrong->body, ==, unknown->body);

  /* Disabled: said only with the right password. */
  login ("gone", 403);
  {
    g_autoptr(Reply) r = http ("POST", "/api/v1/session", NULL, NULL, "{\"username\":\"gone\",\"password\":\"not-the-one\"}");
    g_assert_cmpuint (r->status, ==, 401);
  }

  /* Five failures, then a wait, even with the right password. */
  for (int i = 0; i < 5; i++)
    {
      g_autoptr(Reply) r = http ("POST", "/api/v1/session", NULL, NULL, "{\"username\":\"guess\",\"password\":\"guess-0000\"}");
      g_assert_cmpuint (r->status, ==, 401);
    }
  {
    g_autoptr(Reply) r = http ("POST", "/api/v1/session", NULL, NULL, "{\"username\":\"guess\",\"password\":\"" PASSWORD "\"}");
    const char *retry = soup_message_headers_get_one (r->headers, "Retry-After");

    g_assert_cmpuint (r->status, ==, 429);
    g_assert_nonnull (retry);
    g_assert_cmpint (g_ascii_strtoll (retry, NULL, 10), >, 0);
    g_assert_cmpint (g_ascii_strtoll (retry, NULL, 10), <=, 15 * 60);
  }

  /* An expired session. */
  hash = mc_server_auth_token_hash (token);
  sql = g_strdup_printf ("UPDATE sessions SET expires_at = 1000 WHERE token_hash = '%s'", hash);
  g_assert_cmpint (sqlite3_open (fx.db, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, &err) != SQLITE_OK)
    g_error ("%s", err);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);
  {
    g_autoptr(Reply) r = http ("GET", "/api/v1/me", token, NULL, NULL);
    g_assert_cmpuint (r->status, ==, 401);
    g_assert_nonnull (soup_message_headers_get_one (r->headers, "WWW-Authenticate"));
  }

  /* Log out, then the token is dead. */
  g_clear_pointer (&token, g_free);
  token = login ("spec.a", 201);
  {
    g_autoptr(Reply) out = http ("DELETE", "/api/v1/session", token, NULL, NULL);
    g_autoptr(Reply) after = http ("GET", "/api/v1/me", token, NULL, NULL);
    g_autoptr(Reply) again = http ("DELETE", "/api/v1/session", token, NULL, NULL);

    g_assert_cmpuint (out->status, ==, 204);
    g_assert_cmpuint (after->status, ==, 401);
    g_assert_cmpuint (again->status, ==, 401);
  }
}

/* The role × route × department matrix */

enum { REC, SPEC, LEAD, SUP, ADMIN, N_ROLE_ROWS };
static const char *const matrix_users[N_ROLE_ROWS][2] = {
  { "rec.a", "rec.b" }, { "spec.a", "spec.b" }, { "lead.a", "lead.b" },
  { "sup.a", "sup.b" }, { "admin.a", "admin.b" },
};

/* Expected statuses, [role][0: the dossier's own side, 1: the other side].
 * The dossier of the matrix was received by unit A and transferred to
 * department A, where it is in progress, unassigned. The action tried is
 * "approve", which only a leader takes, only from awaiting approval. */
typedef struct {
  const char *method;
  const char *pattern;
  guint       expect[N_ROLE_ROWS][2];
} MatrixRow;

static const MatrixRow matrix[] = {
  { "POST", "/api/v1/session", { { 201, 201 }, { 201, 201 }, { 201, 201 }, { 201, 201 }, { 201, 201 } } },
  { "DELETE", "/api/v1/session", { { 204, 204 }, { 204, 204 }, { 204, 204 }, { 204, 204 }, { 204, 204 } } },
  { "GET", "/api/v1/me", { { 200, 200 }, { 200, 200 }, { 200, 200 }, { 200, 200 }, { 200, 200 } } },
  { "GET", "/api/v1/departments", { { 200, 200 }, { 200, 200 }, { 200, 200 }, { 200, 200 }, { 200, 200 } } },
  { "GET", "/api/v1/procedures", { { 200, 200 }, { 200, 200 }, { 200, 200 }, { 200, 200 }, { 200, 200 } } },
  { "GET", "/api/v1/users", { { 200, 200 }, { 200, 200 }, { 200, 200 }, { 200, 200 }, { 200, 200 } } },
  { "GET", "/api/v1/calendar", { { 200, 200 }, { 200, 200 }, { 200, 200 }, { 200, 200 }, { 200, 200 } } },
  { "GET", "/api/v1/dossiers", { { 200, 200 }, { 200, 200 }, { 200, 200 }, { 200, 200 }, { 200, 200 } } },
  { "POST", "/api/v1/dossiers", { { 201, 201 }, { 403, 403 }, { 403, 403 }, { 403, 403 }, { 403, 403 } } },
  { "GET", "/api/v1/dossiers/{id}", { { 200, 404 }, { 200, 404 }, { 200, 404 }, { 200, 200 }, { 200, 200 } } },
  { "POST", "/api/v1/dossiers/{id}/actions", { { 403, 404 }, { 403, 404 }, { 422, 404 }, { 403, 403 }, { 403, 403 } } },
  { "GET", "/api/v1/stats", { { 200, 200 }, { 200, 200 }, { 200, 200 }, { 200, 200 }, { 200, 200 } } },
  { "GET", "/api/v1/changes", { { 200, 200 }, { 200, 200 }, { 200, 200 }, { 200, 200 }, { 200, 200 } } },
  { "POST", "/api/v1/dossiers/{id}/attachments", { { 201, 404 }, { 201, 404 }, { 201, 404 }, { 403, 403 }, { 403, 403 } } },
  { "GET", "/api/v1/attachments/{id}", { { 200, 404 }, { 200, 404 }, { 200, 404 }, { 200, 200 }, { 200, 200 } } },
  { "POST", "/api/v1/dossiers/{id}/reveals", { { 201, 404 }, { 201, 404 }, { 201, 404 }, { 201, 201 }, { 201, 201 } } },
};

/* The smallest thing the server takes for a PNG image. */
static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x06\0\0\0\x1f\x15\xc4\x89";

static Reply *
upload_png (const char *token,
            const char *dossier_id)
{
  g_autofree char *path = g_strconcat ("/api/v1/dossiers/", dossier_id, "/attachments?kind=submitted", NULL);
  g_autofree char *key = new_key ();
  Options o = { token, key, "image/png", NULL, NULL, sizeof png - 1 };

  return http_full (fx.session, "POST", path, png, &o);
}

/* Whether the matrix's dossier is in each cell's scope (the list and the
 * statistics must agree with GET /dossiers/{id}). */
static const gboolean sees_dossier[N_ROLE_ROWS][2] = {
  { TRUE, FALSE }, { TRUE, FALSE }, { TRUE, FALSE }, { TRUE, TRUE }, { TRUE, TRUE },
};

/* How many accounts GET /users gives each cell: supervisors and admins
 * all of them; the others their own department's. */
static guint
users_expected (int role,
                int side)
{
  const char *department = account (matrix_users[role][side])->department_id;
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (accounts); i++)
    if (department == NULL || g_strcmp0 (accounts[i].department_id, department) == 0)
      n++;
  return n;
}

static void
test_matrix (void)
{
  g_autofree char *id = register_dossier ("rec.a", "proc-a", "Trần Thị Ma Trận", "counter");
  g_autofree char *code = NULL;
  g_autofree char *attachment_id = NULL;
  guint n_routes, cells = 0;
  const McRoute *routes = mc_server_get_routes (&n_routes);

  act ("rec.a", id, "transfer", "\"department_id\":\"dept-a\"", 200);
  {
    g_autoptr(Reply) r = get_dossier ("rec.a", id);
    code = g_strdup (json_object_get_string_member (obj (r), "code"));
  }
  {
    g_autoptr(Reply) r = upload_png (token_of ("rec.a"), id);

    if (r->status != 201)
      g_error ("upload: %u %s", r->status, r->body);
    attachment_id = g_strdup (json_object_get_string_member (json_object_get_object_member (obj (r), "attachment"), "id"));
  }

  for (guint i = 0; i < n_routes; i++)
    {
      const MatrixRow *row = NULL;

      for (guint j = 0; j < G_N_ELEMENTS (matrix); j++)
        if (g_str_equal (matrix[j].method, routes[i].method) && g_str_equal (matrix[j].pattern, routes[i].pattern))
          row = &matrix[j];
      if (row == NULL)
        g_error ("the matrix has no row for %s %s: add one", routes[i].method, routes[i].pattern);

      for (int role = 0; role < N_ROLE_ROWS; role++)
        for (int side = 0; side < 2; side++)
          {
            const char *username = matrix_users[role][side];
            const char *token = token_of (username);
            g_autoptr(Reply) r = NULL;
            g_autofree char *path = NULL;
            g_autofree char *body = NULL;
            g_autofree char *key = NULL;
            g_autofree char *own = NULL;
            guint expect = row->expect[role][side];

            if (g_str_equal (row->pattern, "/api/v1/session") && g_str_equal (row->method, "POST"))
              {
                body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"%s\"}", username, PASSWORD);
                r = http ("POST", row->pattern, NULL, NULL, body);
                if (r->status == 201)
                  {
                    g_autoptr(Reply) out = http ("DELETE", "/api/v1/session",
                                                 json_object_get_string_member (obj (r), "token"), NULL, NULL);
                    g_assert_cmpuint (out->status, ==, 204);
                  }
              }
            else if (g_str_equal (row->pattern, "/api/v1/session"))
              {
                own = login (username, 201);
                r = http (row->method, row->pattern, own, NULL, NULL);
              }
            else if (g_str_equal (row->pattern, "/api/v1/calendar"))
              r = http ("GET", "/api/v1/calendar?year=2026", token, NULL, NULL);
            else if (g_str_equal (row->pattern, "/api/v1/dossiers") && g_str_equal (row->method, "GET"))
              {
                path = g_strconcat ("/api/v1/dossiers?q=", code, NULL);
                r = http ("GET", path, token, NULL, NULL);
                if (r->status == 200)
                  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (r), "items")), ==,
                                    sees_dossier[role][side] ? 1 : 0);
              }
            else if (g_str_equal (row->pattern, "/api/v1/dossiers"))
              {
                body = applicant_body (side == 0 ? "proc-a" : "proc-b", "Lê Văn Ma Trận", "counter");
                key = new_key ();
                r = http ("POST", row->pattern, token, key, body);
              }
            else if (g_str_equal (row->pattern, "/api/v1/dossiers/{id}"))
              {
                g_autofree char *etag = NULL;

                path = g_strconcat ("/api/v1/dossiers/", id, NULL);
                r = http ("GET", path, token, NULL, NULL);
                if (r->status == 200)
                  {
                    Options o = { token, NULL, NULL, NULL, NULL, -1 };
                    g_autoptr(Reply) again = NULL;

                    etag = g_strdup (soup_message_headers_get_one (r->headers, "ETag"));
                    o.if_none_match = etag;
                    again = http_full (fx.session, "GET", path, NULL, &o);
                    g_assert_cmpuint (again->status, ==, 304);
                  }
              }
            else if (g_str_equal (row->pattern, "/api/v1/dossiers/{id}/actions"))
              {
                g_autoptr(Reply) now = get_dossier ("sup.a", id);

                path = g_strconcat ("/api/v1/dossiers/", id, "/actions", NULL);
                body = g_strdup_printf ("{\"action\":\"approve\",\"version\":%" G_GINT64_FORMAT "}",
                                        json_object_get_int_member (obj (now), "version"));
                key = new_key ();
                r = http ("POST", path, token, key, body);
              }
            else if (g_str_equal (row->pattern, "/api/v1/changes"))
              {
                guint found = 0;
                JsonArray *items;

                r = http ("GET", "/api/v1/changes?since=0&limit=2000", token, NULL, NULL);
                items = json_object_get_array_member (obj (r), "items");
                g_assert_false (json_object_get_boolean_member (obj (r), "more"));
                for (guint k = 0; k < json_array_get_length (items); k++)
                  {
                    JsonObject *item = json_array_get_object_element (items, k);

                    if (g_str_equal (json_object_get_string_member (item, "kind"), "dossier") &&
                        g_str_equal (json_object_get_string_member (json_object_get_object_member (item, "data"), "id"), id))
                      found++;
                  }
                g_assert_cmpuint (found, ==, sees_dossier[role][side] ? 1 : 0);
              }
            else if (g_str_equal (row->pattern, "/api/v1/dossiers/{id}/attachments"))
              r = upload_png (token, id);
            else if (g_str_equal (row->pattern, "/api/v1/dossiers/{id}/reveals"))
              {
                path = g_strconcat ("/api/v1/dossiers/", id, "/reveals", NULL);
                r = http ("POST", path, token, NULL, "{\"field\":\"id_number\"}");
              }
            else if (g_str_equal (row->pattern, "/api/v1/attachments/{id}"))
              {
                path = g_strconcat ("/api/v1/attachments/", attachment_id, NULL);
                r = http ("GET", path, token, NULL, NULL);
                if (r->status == 200)
                  g_assert_cmpstr (soup_message_headers_get_content_type (r->headers, NULL), ==, "image/png");
              }
            else if (g_str_equal (row->pattern, "/api/v1/stats"))
              {
                r = http ("GET", "/api/v1/stats?department=dept-a", token, NULL, NULL);
                if (r->status == 200)
                  g_assert_cmpint (json_object_get_int_member (obj (r), "total"), ==, sees_dossier[role][side] ? 1 : 0);
              }
            else
              r = http (row->method, row->pattern, token, NULL, NULL);

            if (r->status != expect)
              g_error ("%s %s as %s: %u, expected %u: %s", row->method, row->pattern, username,
                       r->status, expect, r->body);
            if (g_str_equal (row->pattern, "/api/v1/users"))
              g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (r), "items")), ==,
                                users_expected (role, side));
            if (g_str_equal (row->pattern, "/api/v1/me"))
              g_assert_cmpstr (json_object_get_string_member (obj (r), "username"), ==, username);
            g_test_message ("cell %s %s × %s (%s side): %u", row->method, row->pattern,
                            mc_role_to_string ((McRole) role), side == 0 ? "own" : "other", r->status);
            cells++;
          }
    }
  g_test_message ("matrix: %u routes × %d roles × 2 sides = %u cells asserted", n_routes, N_ROLE_ROWS, cells);
  g_assert_cmpuint (cells, ==, n_routes * N_ROLE_ROWS * 2);
  /* The refused actions changed nothing. */
  assert_state (id, "in_progress", "none", "dept-a", NULL);
}

/* Workflow over HTTP */

static void
test_journey (void)
{
  g_autofree char *id = register_dossier ("rec.a", "proc-a", "Phạm Văn Hành Trình", "counter");
  g_autoptr(Reply) r = NULL;
  JsonArray *events;

  assert_state (id, "received", "none", "unit-a", NULL);
  act ("rec.a", id, "transfer", "\"department_id\":\"dept-a\"", 200);
  assert_state (id, "in_progress", "none", "dept-a", NULL);
  act ("lead.a", id, "assign", "\"assignee_id\":\"u-spec-a\"", 200);
  assert_state (id, "in_progress", "none", "dept-a", "u-spec-a");
  act ("spec.a", id, "request_supplement", "\"reason\":\"Thiếu bản vẽ\"", 200);
  assert_state (id, "awaiting_supplement", "none", "dept-a", "u-spec-a");
  act ("spec.a", id, "supplement_received", "", 200);
  assert_state (id, "in_progress", "none", "dept-a", "u-spec-a");
  act ("spec.a", id, "submit_for_approval", "", 200);
  assert_state (id, "in_progress", "awaiting_approval", "dept-a", "u-spec-a");
  act ("lead.a", id, "send_back", "\"reason\":\"Sửa lại\"", 200);
  assert_state (id, "in_progress", "none", "dept-a", "u-spec-a");
  act ("spec.a", id, "submit_for_approval", "\"note\":\"Đã sửa\"", 200);
  act ("lead.a", id, "approve", "", 200);
  assert_state (id, "result_ready", "none", "dept-a", "u-spec-a");
  act ("rec.a", id, "return_result", "", 200);
  assert_state (id, "returned", "none", "dept-a", "u-spec-a");

  r = get_dossier ("rec.a", id);
  events = json_object_get_array_member (obj (r), "events");
  g_assert_cmpuint (json_array_get_length (events), ==, 10);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 0), "action"), ==, "register");
  g_assert_cmpstr (json_object_get_string_member (obj (r), "result"), ==, "granted");
  g_assert_false (json_object_get_null_member (obj (r), "completed_at"));
  g_assert_false (json_object_get_null_member (obj (r), "returned_at"));
  /* Closed: nothing more. */
  act ("rec.a", id, "withdraw", "\"reason\":\"x\"", 422);
}

static char *
in_department (const char *name,
               const char *assignee)
{
  char *id = register_dossier ("rec.a", "proc-a", name, "counter");

  act ("rec.a", id, "transfer", "\"department_id\":\"dept-a\"", 200);
  if (assignee != NULL)
    {
      g_autofree char *extra = g_strdup_printf ("\"assignee_id\":\"%s\"", assignee);
      act ("lead.a", id, "assign", extra, 200);
    }
  return id;
}

static void
test_other_actions (void)
{
  g_autofree char *online1 = register_dossier ("rec.a", "proc-a", "Võ Thị Trực Tuyến", "online");
  g_autofree char *online2 = register_dossier ("rec.a", "proc-a", "Võ Văn Trực Tuyến", "online");
  g_autofree char *received = register_dossier ("rec.a", "proc-a", "Đỗ Văn Rút", "counter");
  g_autofree char *stop = in_department ("Hồ Văn Dừng", NULL);
  g_autofree char *recall = in_department ("Hồ Văn Thu Hồi", NULL);
  g_autofree char *reassign = in_department ("Hồ Văn Đổi", "u-spec-a");
  g_autofree char *pay = in_department ("Hồ Văn Phí", "u-spec-a");
  g_autofree char *apology = in_department ("Hồ Văn Hẹn", NULL);
  g_autofree char *refuse_result = in_department ("Hồ Văn Từ Chối", "u-spec-a");
  g_autoptr(Reply) r = NULL;
  g_autofree char *appointment = NULL;
  g_autofree char *later = NULL;
  gint64 due;

  assert_state (online1, "submitted", "none", "unit-a", NULL);
  act ("rec.a", online1, "refuse", "\"reason\":\"Không thuộc thẩm quyền\"", 200);
  assert_state (online1, "not_accepted", "none", "unit-a", NULL);
  act ("rec.a", online2, "accept", "", 200);
  assert_state (online2, "received", "none", "unit-a", NULL);

  act ("rec.a", received, "withdraw", "\"reason\":\"Công dân rút hồ sơ\"", 200);
  assert_state (received, "withdrawn", "none", "unit-a", NULL);

  act ("lead.a", stop, "stop", "\"reason\":\"Dừng xử lý\"", 200);
  assert_state (stop, "stopped", "none", "dept-a", NULL);

  act ("rec.a", recall, "recall", "\"reason\":\"Chuyển nhầm\"", 200);
  assert_state (recall, "received", "none", "unit-a", NULL);

  act ("lead.a", reassign, "reassign", "\"assignee_id\":\"u-spec2-a\",\"reason\":\"Nghỉ phép\"", 200);
  assert_state (reassign, "in_progress", "none", "dept-a", "u-spec2-a");
  /* Reassigned across departments by the supervisor. */
  act ("sup.b", reassign, "reassign", "\"department_id\":\"dept-b\",\"assignee_id\":\"u-spec-b\",\"reason\":\"Liên thông\"", 200);
  assert_state (reassign, "in_progress", "none", "dept-b", "u-spec-b");

  act ("spec.a", pay, "request_payment", "", 200);
  assert_state (pay, "awaiting_payment", "none", "dept-a", "u-spec-a");
  act ("rec.a", pay, "payment_received", "", 200);
  assert_state (pay, "in_progress", "none", "dept-a", "u-spec-a");

  r = get_dossier ("lead.a", apology);
  g_assert_true (mc_time_parse_iso8601 (json_object_get_string_member (obj (r), "due_at"), &due, NULL));
  later = mc_time_format_iso8601 (due + 10 * 86400);
  appointment = g_strdup_printf ("\"reason\":\"Chậm do thẩm định\",\"appointment_at\":\"%s\"", later);
  act ("lead.a", apology, "apologise_and_reschedule", appointment, 200);
  {
    g_autoptr(Reply) a = get_dossier ("lead.a", apology);
    g_assert_false (json_object_get_null_member (obj (a), "appointment_at"));
  }
  /* Once only. */
  act ("lead.a", apology, "apologise_and_reschedule", appointment, 422);

  act ("spec.a", refuse_result, "submit_for_approval", "", 200);
  act ("lead.a", refuse_result, "refuse_result", "\"reason\":\"Không đủ điều kiện\"", 200);
  {
    g_autoptr(Reply) a = get_dossier ("lead.a", refuse_result);
    g_assert_cmpstr (json_object_get_string_member (obj (a), "result"), ==, "refused");
    g_assert_cmpstr (json_object_get_string_member (obj (a), "status"), ==, "result_ready");
  }
}

static void
test_refusals (void)
{
  g_autofree char *id = in_department ("Ngô Văn Từ Chối", NULL);
  g_autofree char *path = g_strconcat ("/api/v1/dossiers/", id, "/actions", NULL);

  /* 403: a role that never takes the action. */
  act ("spec.a", id, "transfer", "\"department_id\":\"dept-b\"", 403);
  act ("rec.a", id, "approve", "", 403);
  act ("admin.a", id, "stop", "\"reason\":\"x\"", 403);
  /* 422: the table forbids it from this status, or a condition fails. */
  act ("rec.a", id, "return_result", "", 422);
  act ("rec.a", id, "accept", "", 422);
  act ("lead.a", id, "send_back", "\"reason\":\"x\"", 422);
  act ("lead.a", id, "reassign", "\"assignee_id\":\"u-spec-a\",\"reason\":\"x\"", 422);
  act ("spec.a", id, "submit_for_approval", "", 422);   /* not assigned to them */
  act ("lead.a", id, "assign", "", 422);                  /* no assignee given */
  act ("lead.a", id, "assign", "\"assignee_id\":\"u-spec-b\"", 422);   /* another department's */
  act ("lead.a", id, "assign", "\"assignee_id\":\"u-rec-a\"", 422);    /* not a processing officer */
  act ("lead.a", id, "assign", "\"assignee_id\":\"u-nobody\"", 422);
  act ("lead.a", id, "transfer", "\"department_id\":\"dept-zz\"", 422);
  /* 404: another department's dossier. */
  act ("lead.b", id, "assign", "\"assignee_id\":\"u-spec-b\"", 404);
  act ("rec.b", id, "withdraw", "\"reason\":\"x\"", 404);
  act ("spec.b", id, "request_supplement", "\"reason\":\"x\"", 404);
  /* 409: a stale version, whoever asks. */
  act_full ("lead.a", id, "assign", "\"assignee_id\":\"u-spec-a\"", -1, 409);
  act_full ("lead.a", id, "assign", "\"assignee_id\":\"u-spec-a\"", 1, 409);
  {
    g_autofree char *key = new_key ();
    g_autoptr(Reply) r = http ("POST", path, token_of ("lead.a"), key, "{\"action\":\"assign\",\"version\":1,\"assignee_id\":\"u-spec-a\"}");
    g_assert_cmpuint (r->status, ==, 409);
    g_assert_cmpstr (soup_message_headers_get_one (r->headers, "ETag"), ==, "\"2\"");
  }
  /* Scope comes before anything else: 404, not 409 or 403. */
  {
    g_autofree char *key = new_key ();
    g_autoptr(Reply) r = http ("POST", path, token_of ("spec.b"), key, "{\"action\":\"approve\",\"version\":99}");
    g_assert_cmpuint (r->status, ==, 404);
  }
  /* A handler still sees a dossier that moved on, but may not act on it. */
  act ("lead.a", id, "assign", "\"assignee_id\":\"u-spec-a\"", 200);
  act ("lead.a", id, "reassign", "\"department_id\":\"dept-b\",\"reason\":\"Liên thông\"", 200);
  {
    g_autoptr(Reply) r = get_dossier ("spec.a", id);
    g_assert_cmpuint (r->status, ==, 200);
  }
  act ("spec.a", id, "request_supplement", "\"reason\":\"x\"", 404);
}

/* Codes under concurrency */

typedef struct {
  int        thread;
  GPtrArray *codes;
  GMutex    *lock;
} Racer;

static gpointer
race (gpointer data)
{
  Racer *racer = data;
  g_autoptr(SoupSession) session = new_session ();

  for (int i = 0; i < 25; i++)
    {
      g_autofree char *name = g_strdup_printf ("Người Thứ %d %d", racer->thread, i);
      g_autofree char *body = applicant_body ("proc-a", name, "counter");
      g_autofree char *key = g_strdup_printf ("race-%d-%d-xxxx", racer->thread, i);
      Options o = { account ("rec.c")->token, key, NULL, NULL, NULL, -1 };
      g_autoptr(Reply) r = http_full (session, "POST", "/api/v1/dossiers", body, &o);

      if (r->status != 201)
        g_error ("race: %u %s", r->status, r->body);
      g_mutex_lock (racer->lock);
      g_ptr_array_add (racer->codes, g_strdup (json_object_get_string_member (obj (r), "code")));
      g_mutex_unlock (racer->lock);
    }
  return NULL;
}

static void
test_codes_race (void)
{
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_utc (mc_time_now () + 7 * 3600);
  g_autofree char *prefix = g_date_time_format (today, "000.00.03.H12-%y%m%d-");
  gboolean numbers[101] = { FALSE };
  GThread *threads[4];
  Racer racers[4];
  GMutex lock;

  token_of ("rec.c");
  g_mutex_init (&lock);
  for (int t = 0; t < 4; t++)
    {
      racers[t] = (Racer) { t, codes, &lock };
      threads[t] = g_thread_new ("race", race, &racers[t]);
    }
  for (int t = 0; t < 4; t++)
    g_thread_join (threads[t]);
  g_mutex_clear (&lock);

  g_assert_cmpuint (codes->len, ==, 100);
  for (guint i = 0; i < codes->len; i++)
    {
      const char *code = codes->pdata[i];
      guint64 number;

      g_assert_true (g_hash_table_add (seen, (gpointer) code));
      if (!g_str_has_prefix (code, prefix) || strlen (code) != strlen (prefix) + 4)
        g_error ("code %s is not %sNNNN", code, prefix);
      g_assert_true (g_ascii_string_to_unsigned (code + strlen (prefix), 10, 1, 100, &number, NULL));
      g_assert_false (numbers[number]);
      numbers[number] = TRUE;
    }
  g_test_message ("100 distinct codes %s0001 … %s0100", prefix, prefix);
}

/* Idempotency */

static guint
count_named (const char *token,
             const char *name)
{
  g_autofree char *escaped = g_uri_escape_string (name, NULL, FALSE);
  g_autofree char *path = g_strconcat ("/api/v1/dossiers?q=", escaped, NULL);
  g_autoptr(Reply) r = http ("GET", path, token, NULL, NULL);

  g_assert_cmpuint (r->status, ==, 200);
  return json_array_get_length (json_object_get_array_member (obj (r), "items"));
}

static void
test_idempotency (void)
{
  const char *token = token_of ("rec.b");
  g_autofree char *body = applicant_body ("proc-b", "Quách Văn Lặp Lại", "counter");
  g_autofree char *other = applicant_body ("proc-b", "Quách Văn Khác", "counter");
  g_autofree char *key = new_key ();
  g_autofree char *action_key = new_key ();
  g_autofree char *path = NULL;
  g_autoptr(Reply) first = http ("POST", "/api/v1/dossiers", token, key, body);
  g_autoptr(Reply) second = http ("POST", "/api/v1/dossiers", token, key, body);
  g_autoptr(Reply) reused = http ("POST", "/api/v1/dossiers", token, key, other);
  g_autoptr(Reply) missing = http ("POST", "/api/v1/dossiers", token, NULL, body);
  g_autoptr(Reply) short_key = http ("POST", "/api/v1/dossiers", token, "abc", body);
  g_autoptr(Reply) a1 = NULL;
  g_autoptr(Reply) a2 = NULL;
  g_autoptr(Reply) a3 = NULL;
  g_autoptr(Reply) after = NULL;
  const char *id;

  g_assert_cmpuint (first->status, ==, 201);
  g_assert_null (soup_message_headers_get_one (first->headers, "Idempotent-Replayed"));
  g_assert_cmpuint (second->status, ==, 201);
  g_assert_cmpstr (second->body, ==, first->body);
  g_assert_cmpstr (soup_message_headers_get_one (second->headers, "Idempotent-Replayed"), ==, "true");
  g_assert_cmpuint (reused->status, ==, 422);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (obj (reused), "type"), "/idempotency-key-reused"));
  g_assert_cmpuint (missing->status, ==, 400);
  g_assert_cmpuint (short_key->status, ==, 400);
  g_assert_cmpuint (count_named (token, "Quách Văn Lặp Lại"), ==, 1);
  g_assert_cmpuint (count_named (token, "Quách Văn Khác"), ==, 0);
  /* Keys belong to their user: another user's same key is a new request. */
  {
    g_autoptr(Reply) r = http ("POST", "/api/v1/dossiers", token_of ("rec.a"), key, body);
    g_assert_cmpuint (r->status, ==, 201);
    g_assert_null (soup_message_headers_get_one (r->headers, "Idempotent-Replayed"));
  }

  id = json_object_get_string_member (obj (first), "id");
  path = g_strconcat ("/api/v1/dossiers/", id, "/actions", NULL);
  a1 = http ("POST", path, token, action_key, "{\"action\":\"transfer\",\"version\":1,\"department_id\":\"dept-b\"}");
  a2 = http ("POST", path, token, action_key, "{\"action\":\"transfer\",\"version\":1,\"department_id\":\"dept-b\"}");
  a3 = http ("POST", path, token, action_key, "{\"action\":\"transfer\",\"version\":1,\"department_id\":\"dept-a\"}");
  g_assert_cmpuint (a1->status, ==, 200);
  g_assert_cmpuint (a2->status, ==, 200);
  g_assert_cmpstr (a2->body, ==, a1->body);
  g_assert_cmpstr (soup_message_headers_get_one (a2->headers, "Idempotent-Replayed"), ==, "true");
  g_assert_cmpuint (a3->status, ==, 422);
  after = get_dossier ("rec.b", id);
  g_assert_cmpint (json_object_get_int_member (obj (after), "version"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (after), "events")), ==, 2);

  /* A refusal is the answer to its key too. */
  {
    g_autofree char *k = new_key ();
    g_autoptr(Reply) r1 = http ("POST", path, token, k, "{\"action\":\"approve\",\"version\":2}");
    g_autoptr(Reply) r2 = http ("POST", path, token, k, "{\"action\":\"approve\",\"version\":2}");
    g_assert_cmpuint (r1->status, ==, 403);
    g_assert_cmpuint (r2->status, ==, 403);
    g_assert_cmpstr (r2->body, ==, r1->body);
    g_assert_cmpstr (soup_message_headers_get_one (r2->headers, "Idempotent-Replayed"), ==, "true");
  }
}

/* Hostile input */

typedef struct {
  const char *what;
  const char *method;
  const char *path;              /* "{id}" is replaced by a real dossier id */
  const char *content_type;      /* NULL: application/json */
  const char *body;              /* NULL: none */
  gssize      length;            /* -1: strlen */
  const char *authorization;     /* NULL: the reception officer's token */
  guint       expect;
} Hostile;

/* The strings live until the end of the program. */
static GPtrArray *kept;

static const char *
repeat (const char *piece,
        guint       times)
{
  GString *s = g_string_sized_new (strlen (piece) * times);

  for (guint i = 0; i < times; i++)
    g_string_append (s, piece);
  g_ptr_array_add (kept, g_string_free (s, FALSE));
  return kept->pdata[kept->len - 1];
}

static void
still_answering (void)
{
  g_autoptr(Reply) r = http ("GET", "/api/v1/me", token_of ("sup.a"), NULL, NULL);
  g_assert_cmpuint (r->status, ==, 200);
}

static void
test_hostile (void)
{
  g_autofree char *id = register_dossier ("rec.a", "proc-a", "Bùi Văn Thử Thách", "counter");
  static const char nul_inside[] = "{\"action\":\"withdraw\",\"version\":1,\"reason\":\"a\0b\"}";
  static const char nul_after[] = "{\"action\":\"withdraw\",\"version\":1}\0";
  g_autofree char *deep = NULL;
  g_autofree char *deep_object = NULL;
  const Hostile cases[] = {
    { "invalid JSON", "POST", "/api/v1/dossiers", NULL, "{procedure_id: 1}", -1, NULL, 400 },
    { "truncated JSON", "POST", "/api/v1/dossiers", NULL, "{\"procedure_id\":\"proc-a\",\"applicant\":{\"kind\"", -1, NULL, 400 },
    { "empty body", "POST", "/api/v1/dossiers", NULL, NULL, -1, NULL, 400 },
    { "not an object", "POST", "/api/v1/dossiers", NULL, "[1,2,3]", -1, NULL, 400 },
    { "100,000-deep arrays", "POST", "/api/v1/dossiers", NULL, NULL, -1, NULL, 400 },
    { "deep objects in a member", "POST", "/api/v1/dossiers/{id}/actions", NULL, NULL, -1, NULL, 400 },
    { "wrong Content-Type", "POST", "/api/v1/dossiers", "text/plain", "{}", -1, NULL, 415 },
    { "form Content-Type", "POST", "/api/v1/dossiers/{id}/actions", "application/x-www-form-urlencoded", "action=stop", -1, NULL, 415 },
    { "procedure_id a number", "POST", "/api/v1/dossiers", NULL, "{\"procedure_id\":12,\"applicant\":{}}", -1, NULL, 400 },
    { "applicant a string", "POST", "/api/v1/dossiers", NULL, "{\"procedure_id\":\"proc-a\",\"applicant\":\"x\"}", -1, NULL, 400 },
    { "unknown channel", "POST", "/api/v1/dossiers", NULL, "{\"procedure_id\":\"proc-a\",\"channel\":\"fax\",\"applicant\":{}}", -1, NULL, 400 },
    { "unknown procedure", "POST", "/api/v1/dossiers", NULL, "{\"procedure_id\":\"' OR 1=1 --\",\"applicant\":{\"kind\":\"person\",\"name\":\"Ab\",\"id_number\":\"001203004567\",\"phone\":null,\"email\":null,\"address\":null,\"tax_code\":null}}", -1, NULL, 422 },
    { "version a string", "POST", "/api/v1/dossiers/{id}/actions", NULL, "{\"action\":\"withdraw\",\"version\":\"1\",\"reason\":\"x\"}", -1, NULL, 400 },
    { "version a float", "POST", "/api/v1/dossiers/{id}/actions", NULL, "{\"action\":\"withdraw\",\"version\":1.5,\"reason\":\"x\"}", -1, NULL, 400 },
    { "negative version", "POST", "/api/v1/dossiers/{id}/actions", NULL, "{\"action\":\"withdraw\",\"version\":-1,\"reason\":\"x\"}", -1, NULL, 400 },
    { "huge version", "POST", "/api/v1/dossiers/{id}/actions", NULL, "{\"action\":\"withdraw\",\"version\":99999999999999999999,\"reason\":\"x\"}", -1, NULL, 400 },
    { "version past int32", "POST", "/api/v1/dossiers/{id}/actions", NULL, "{\"action\":\"withdraw\",\"version\":2147483648,\"reason\":\"x\"}", -1, NULL, 400 },
    { "unknown action", "POST", "/api/v1/dossiers/{id}/actions", NULL, "{\"action\":\"burn\",\"version\":1}", -1, NULL, 400 },
    { "register as an action", "POST", "/api/v1/dossiers/{id}/actions", NULL, "{\"action\":\"register\",\"version\":1}", -1, NULL, 400 },
    { "reason a number", "POST", "/api/v1/dossiers/{id}/actions", NULL, "{\"action\":\"withdraw\",\"version\":1,\"reason\":5}", -1, NULL, 400 },
    { "invalid UTF-8 in a string", "POST", "/api/v1/dossiers/{id}/actions", NULL, "{\"action\":\"withdraw\",\"version\":1,\"reason\":\"\xc3\x28\xff\"}", -1, NULL, 400 },
    { "invalid UTF-8 in a key", "POST", "/api/v1/dossiers/{id}/actions", NULL, "{\"act\xfe\":\"withdraw\",\"version\":1}", -1, NULL, 400 },
    { "NUL byte in a string", "POST", "/api/v1/dossiers/{id}/actions", NULL, nul_inside, sizeof nul_inside - 1, NULL, 400 },
    { "NUL byte after the JSON", "POST", "/api/v1/dossiers/{id}/actions", NULL, nul_after, sizeof nul_after - 1, NULL, 400 },
    { "a 3,000-byte reason", "POST", "/api/v1/dossiers/{id}/actions", NULL, NULL, -1, NULL, 400 },
    { "path traversal in an id", "GET", "/api/v1/dossiers/..%2F..%2F..%2Fetc%2Fpasswd", NULL, NULL, -1, NULL, 400 },
    { "dot-dot id (the client resolves it)", "GET", "/api/v1/dossiers/%2E%2E", NULL, NULL, -1, NULL, 404 },
    { "SQL in an id", "GET", "/api/v1/dossiers/x'%20OR%20'1'%3D'1", NULL, NULL, -1, NULL, 404 },
    { "SQL in an id (action)", "POST", "/api/v1/dossiers/1;DROP%20TABLE%20dossiers/actions", NULL, "{\"action\":\"withdraw\",\"version\":1,\"reason\":\"x\"}", -1, NULL, 404 },
    { "NUL in an id", "GET", "/api/v1/dossiers/abc%00def", NULL, NULL, -1, NULL, 400 },
    { "SQL in q", "GET", "/api/v1/dossiers?q=%27%20OR%201%3D1%20--", NULL, NULL, -1, NULL, 200 },
    { "LIKE wildcards in q", "GET", "/api/v1/dossiers?q=%25%25%25_", NULL, NULL, -1, NULL, 200 },
    { "invalid UTF-8 in q", "GET", "/api/v1/dossiers?q=%FF%FE", NULL, NULL, -1, NULL, 400 },
    { "overlong q", "GET", "/api/v1/dossiers?q=", NULL, NULL, -1, NULL, 400 },
    { "unknown queue", "GET", "/api/v1/dossiers?queue=everything", NULL, NULL, -1, NULL, 400 },
    { "unknown status", "GET", "/api/v1/dossiers?status=burnt", NULL, NULL, -1, NULL, 400 },
    { "bad cursor", "GET", "/api/v1/dossiers?cursor=not-a-cursor!!", NULL, NULL, -1, NULL, 400 },
    { "forged cursor", "GET", "/api/v1/dossiers?cursor=eDp5", NULL, NULL, -1, NULL, 400 },
    { "limit=0", "GET", "/api/v1/dossiers?limit=0", NULL, NULL, -1, NULL, 400 },
    { "limit=999999", "GET", "/api/v1/dossiers?limit=999999", NULL, NULL, -1, NULL, 400 },
    { "limit=-5", "GET", "/api/v1/dossiers?limit=-5", NULL, NULL, -1, NULL, 400 },
    { "limit=1e3", "GET", "/api/v1/dossiers?limit=1e3", NULL, NULL, -1, NULL, 400 },
    { "calendar year=abc", "GET", "/api/v1/calendar?year=abc", NULL, NULL, -1, NULL, 400 },
    { "calendar year=1800", "GET", "/api/v1/calendar?year=1800", NULL, NULL, -1, NULL, 400 },
    { "calendar without year", "GET", "/api/v1/calendar", NULL, NULL, -1, NULL, 400 },
    { "stats from=garbage", "GET", "/api/v1/stats?from=yesterday", NULL, NULL, -1, NULL, 400 },
    { "stats to before from", "GET", "/api/v1/stats?from=2026-02-01&to=2026-01-01", NULL, NULL, -1, NULL, 400 },
    { "missing Authorization", "GET", "/api/v1/dossiers", NULL, NULL, -1, "", 401 },
    { "malformed bearer", "GET", "/api/v1/me", NULL, NULL, -1, "Bearer", 401 },
    { "empty bearer", "GET", "/api/v1/me", NULL, NULL, -1, "Bearer ", 401 },
    { "basic auth", "GET", "/api/v1/me", NULL, NULL, -1, "Basic cmVjLmE6eA==", 401 },
    { "garbage token", "GET", "/api/v1/me", NULL, NULL, -1, "Bearer ' OR 1=1 --", 401 },
    { "huge token", "GET", "/api/v1/me", NULL, NULL, -1, NULL, 401 },
    { "unknown route", "GET", "/api/v1/nothing", NULL, NULL, -1, NULL, 404 },
    { "wrong method", "PUT", "/api/v1/dossiers", NULL, "{}", -1, NULL, 405 },
    { "wrong method on an id", "DELETE", "/api/v1/dossiers/{id}", NULL, NULL, -1, NULL, 405 },
  };
  g_autofree char *long_reason = g_strdup_printf ("{\"action\":\"withdraw\",\"version\":1,\"reason\":\"%s\"}", repeat ("a", 3000));
  g_autofree char *long_q = g_strconcat ("/api/v1/dossiers?q=", repeat ("x", 300), NULL);
  g_autofree char *huge_token = g_strconcat ("Bearer ", repeat ("A", 6000), NULL);
  guint n = 0;

  deep = g_strconcat (repeat ("[", 100000), repeat ("]", 100000), NULL);
  deep_object = g_strconcat ("{\"action\":\"withdraw\",\"version\":1,\"note\":", repeat ("{\"a\":", 40), "1", repeat ("}", 40), "}", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Hostile c = cases[i];
      g_autofree char *key = new_key ();
      g_auto(GStrv) parts = g_strsplit (c.path, "{id}", -1);
      g_autofree char *path = g_strjoinv (id, parts);
      Options o = { NULL, key, c.content_type, c.authorization, NULL, c.length };
      g_autoptr(Reply) r = NULL;

      /* Pointers the table could not hold at compile time. */
      if (g_str_equal (c.what, "100,000-deep arrays"))
        c.body = deep;
      else if (g_str_equal (c.what, "deep objects in a member"))
        c.body = deep_object;
      else if (g_str_equal (c.what, "a 3,000-byte reason"))
        c.body = long_reason;
      else if (g_str_equal (c.what, "overlong q"))
        {
          g_free (path);
          path = g_strdup (long_q);
        }
      else if (g_str_equal (c.what, "huge token"))
        o.authorization = huge_token;
      if (o.authorization == NULL)
        o.token = token_of ("rec.a");
      else if (*o.authorization == '\0')
        o.authorization = NULL;

      r = http_full (fx.session, c.method, path, c.body, &o);
      if (r->status != c.expect)
        g_error ("hostile “%s”: %u, expected %u: %s", c.what, r->status, c.expect, r->body);
      g_test_message ("hostile “%s”: %u", c.what, r->status);
      still_answering ();
      n++;
    }

  /* What only a raw connection can send. */
  {
    g_autofree char *body = NULL;
    const char *chunked =
      "POST /api/v1/dossiers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n";
    g_assert_cmpuint (raw_request (chunked, strlen (chunked), &body), ==, 411);
    g_assert_nonnull (strstr (body, "length-required"));
    still_answering ();
    n++;
  }
  {
    gsize size = 2 * 1024 * 1024;
    g_autofree char *head = g_strdup_printf ("POST /api/v1/dossiers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                             "Content-Length: %" G_GSIZE_FORMAT "\r\nConnection: close\r\n\r\n", size);
    g_autofree char *big = g_malloc (strlen (head) + size);
    g_autofree char *body = NULL;

    memcpy (big, head, strlen (head));
    memset (big + strlen (head), ' ', size);
    big[strlen (head)] = '{';
    big[strlen (head) + size - 1] = '}';
    g_assert_cmpuint (raw_request (big, strlen (head) + size, &body), ==, 413);
    g_assert_nonnull (strstr (body, "too-large"));
    still_answering ();
    n++;
  }
  {
    const char *filler = repeat ("a", 200 * 1024);
    g_autofree char *req = g_strdup_printf ("GET /api/v1/me HTTP/1.1\r\nHost: x\r\nX-Filler: %s\r\nConnection: close\r\n\r\n", filler);
    guint status = raw_request (req, strlen (req), NULL);

    /* libsoup refuses headers this large itself, before the API sees them:
     * a 4xx, or the connection closed. */
    g_test_message ("hostile “200 KiB header”: %u", status);
    g_assert_true (status == 0 || (status >= 400 && status < 500));
    still_answering ();
    n++;
  }
  {
    const char *req = "GET /api/v1/dossiers/../../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    guint status = raw_request (req, strlen (req), NULL);

    g_test_message ("hostile “raw ../ in the path”: %u", status);
    g_assert_true (status == 400 || status == 401 || status == 404);
    still_answering ();
    n++;
  }
  g_test_message ("%u hostile requests, all refused as they should be", n);
}

static void
test_integrity (void)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  still_answering ();
  g_assert_cmpint (sqlite3_open_v2 (fx.db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

int
main (int    argc,
      char **argv)
{
  int status;

  mc_test_init (&argc, &argv);
  /* The isolated XDG folders hide the system's GSettings schemas, which
   * GIO's GNOME proxy resolver would read at the first request. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  fx.dir = g_dir_make_tmp ("motcua-http-XXXXXX", NULL);
  fx.db = g_build_filename (fx.dir, "server.db", NULL);
  fx.port_file = g_build_filename (fx.dir, "port", NULL);
  write_fixtures ();
  start_server ();
  fx.session = new_session ();
  kept = g_ptr_array_new_with_free_func (g_free);

  /* In this order: the matrix counts what it sees. */
  g_test_add_func ("/server/http/matrix", test_matrix);
  g_test_add_func ("/server/http/session", test_session);
  g_test_add_func ("/server/http/journey", test_journey);
  g_test_add_func ("/server/http/other-actions", test_other_actions);
  g_test_add_func ("/server/http/refusals", test_refusals);
  g_test_add_func ("/server/http/codes-race", test_codes_race);
  g_test_add_func ("/server/http/idempotency", test_idempotency);
  g_test_add_func ("/server/http/hostile", test_hostile);
  g_test_add_func ("/server/http/integrity", test_integrity);
  status = g_test_run ();

  g_clear_object (&fx.session);
  g_clear_pointer (&kept, g_ptr_array_unref);
  stop_server ();
  for (guint i = 0; i < G_N_ELEMENTS (accounts); i++)
    g_free (accounts[i].token);
  if (status == 0)
    {
      g_autofree char *files = g_strconcat (fx.db, ".files", NULL);
      const char *suffixes[] = { "", "-wal", "-shm" };

      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *f = g_strconcat (fx.db, suffixes[i], NULL);
          g_unlink (f);
        }
      g_rmdir (files);
      g_unlink (fx.port_file);
      g_rmdir (fx.dir);
    }
  g_free (fx.base);
  g_free (fx.db);
  g_free (fx.port_file);
  g_free (fx.dir);
  return status;
}
