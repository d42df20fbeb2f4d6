/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <sqlite3.h>

#include "mc-cache-private.h"
#include "mc-client.h"
#include "mc-outbox.h"
#include "mc-sync.h"
#include "mc-test-sync.h"

/* The client half of sync against the real motcua-server on loopback, with
 * real cache files: McClient, McSync and the outbox. */

#define DEMO_PASSWORD "motcua-demo"
#define DEMO_NOW "2026-03-16T09:30:00+07:00"

/* Waiting on the main loop */

typedef struct {
  GAsyncResult *result;
} Wait;

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *w = user_data;

  w->result = g_object_ref (result);
}

static GAsyncResult *
wait_for (Wait *w)
{
  while (w->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return w->result;
}

static void
assert_run (McSync *sync)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = sync_run (sync, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
}

static McOutboxEntry *
sync_enqueue (McSync     *sync,
              const char *dossier_id,
              int         version,
              const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) action = mc_json_parse (json, -1, 4096, 8, &error);
  Wait w = { NULL };
  McOutboxEntry *entry;

  g_assert_no_error (error);
  mc_sync_enqueue_async (sync, dossier_id, version, action, NULL, wait_cb, &w);
  entry = mc_sync_enqueue_finish (sync, wait_for (&w), &error);
  g_assert_no_error (error);
  g_object_unref (w.result);
  return entry;
}

static McClient *
client_log_in (const char *base,
               const char *username,
               const char *password,
               GError    **error)
{
  g_autoptr(McClient) client = mc_client_new (base, FALSE);
  Wait w = { NULL };
  gboolean ok;

  mc_client_log_in_async (client, username, password, NULL, wait_cb, &w);
  ok = mc_client_log_in_finish (client, wait_for (&w), error);
  g_object_unref (w.result);
  return ok ? g_steal_pointer (&client) : NULL;
}

/* Fixtures */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->store = mc_test_server_init (&f->t);
  fixture_start (f, "sync");
}

static char *
cache_path (Fixture    *f,
            const char *name)
{
  return g_build_filename (f->cache_dir, name, NULL);
}

/* Server side views */

/* id → version of every dossier GET /api/v1/dossiers lists to @token. */
static GHashTable *
server_versions (Fixture    *f,
                 const char *token)
{
  GHashTable *versions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *cursor = NULL;

  for (;;)
    {
      g_autoptr(McTestResponse) r = NULL;
      g_autofree char *path = NULL;
      JsonObject *object;
      JsonArray *items;
      JsonNode *next;

      if (cursor != NULL)
        {
          g_autofree char *escaped = g_uri_escape_string (cursor, NULL, FALSE);
          path = g_strdup_printf ("/api/v1/dossiers?limit=200&cursor=%s", escaped);
        }
      else
        path = g_strdup ("/api/v1/dossiers?limit=200");
      r = mc_test_request_full (&f->t, "GET", path, token, NULL, NULL, NULL);
      g_assert_cmpuint (r->status, ==, 200);
      object = json_node_get_object (r->json);
      items = json_object_get_array_member (object, "items");
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *d = json_array_get_object_element (items, i);
          g_hash_table_insert (versions, g_strdup (json_object_get_string_member (d, "id")),
                               GINT_TO_POINTER ((int) json_object_get_int_member (d, "version")));
        }
      next = json_object_get_member (object, "next");
      g_clear_pointer (&cursor, g_free);
      if (next == NULL || JSON_NODE_HOLDS_NULL (next))
        break;
      cursor = g_strdup (json_node_get_string (next));
    }
  return versions;
}

/* The cache agrees with the server row by row: the same dossiers, each at
 * the same version. */
static void
assert_cache_matches (Fixture    *f,
                      const char *path,
                      const char *token)
{
  g_autoptr(GHashTable) versions = server_versions (f, token);
  g_autoptr(GError) error = NULL;
  g_autoptr(McCache) cache = mc_cache_open (path, &error);
  GHashTableIter iter;
  gpointer key, value;

  g_assert_no_error (error);
  g_assert_cmpuint (mc_cache_get_n_dossiers (cache, &error), ==, g_hash_table_size (versions));
  g_hash_table_iter_init (&iter, versions);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(McDossier) dossier = mc_cache_get_dossier (cache, key, &error);

      g_assert_no_error (error);
      g_assert_cmpint (mc_dossier_get_version (dossier), ==, GPOINTER_TO_INT (value));
    }
}

/* Events of a dossier on the server whose note is @note. */
static guint
count_events (Fixture    *f,
              const char *id,
              const char *note)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/dossiers/%s", id);
  g_autoptr(McTestResponse) r = mc_test_request_full (&f->t, "GET", path, mc_test_login (&f->t, "sup"),
                                                      NULL, NULL, NULL);
  JsonArray *events;
  guint n = 0;

  g_assert_cmpuint (r->status, ==, 200);
  events = json_object_get_array_member (json_node_get_object (r->json), "events");
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *e = json_array_get_object_element (events, i);
      JsonNode *member = json_object_get_member (e, "note");

      if (member != NULL && JSON_NODE_HOLDS_VALUE (member) &&
          g_strcmp0 (json_node_get_string (member), note) == 0)
        n++;
    }
  return n;
}

static int
server_version (Fixture    *f,
                const char *id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/dossiers/%s", id);
  g_autoptr(McTestResponse) r = mc_test_request_full (&f->t, "GET", path, mc_test_login (&f->t, "sup"),
                                                      NULL, NULL, NULL);

  g_assert_cmpuint (r->status, ==, 200);
  return (int) json_object_get_int_member (json_node_get_object (r->json), "version");
}

typedef struct {
  guint           n_signals;
  guint           n_resets;
  GPtrArray      *inserted;
  GPtrArray      *updated;
  GPtrArray      *deleted;
} Seen;

static void
seen_clear (Seen *s)
{
  g_clear_pointer (&s->inserted, g_ptr_array_unref);
  g_clear_pointer (&s->updated, g_ptr_array_unref);
  g_clear_pointer (&s->deleted, g_ptr_array_unref);
}

static void
copy_ids (GPtrArray **to,
          GPtrArray  *from)
{
  if (*to == NULL)
    *to = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < from->len; i++)
    g_ptr_array_add (*to, g_strdup (from->pdata[i]));
}

static void
changes_cb (McSync         *sync,
            McCacheChanges *changes,
            Seen           *seen)
{
  /* The signal comes on the main thread. */
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  seen->n_signals++;
  if (changes == NULL)
    {
      seen->n_resets++;
      return;
    }
  copy_ids (&seen->inserted, mc_cache_changes_get_inserted (changes));
  copy_ids (&seen->updated, mc_cache_changes_get_updated (changes));
  copy_ids (&seen->deleted, mc_cache_changes_get_deleted (changes));
}

static gboolean
ids_contain (GPtrArray  *ids,
             const char *id)
{
  return ids != NULL && g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL);
}

/* Tests */

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McClient) client = NULL;
  g_autoptr(McClient) nowhere = NULL;
  g_autoptr(McUser) me = NULL;
  Wait w = { NULL };

  /* The server's words for a wrong password. */
  client = client_log_in (f->t.base, "rec", "sai mật khẩu", &error);
  g_assert_null (client);
  g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  client = client_log_in (f->t.base, "rec", MC_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (mc_client_get_logged_in (client));
  g_assert_true (mc_client_get_token_in_memory_only (client));
  g_assert_cmpstr (mc_user_get_username (mc_client_get_user (client)), ==, "rec");

  mc_client_get_me_async (client, NULL, wait_cb, &w);
  me = mc_client_get_me_finish (client, wait_for (&w), &error);
  g_clear_object (&w.result);
  g_assert_no_error (error);
  g_assert_cmpint (mc_user_get_role (me), ==, MC_ROLE_RECEPTION);

  /* Problem documents become codes with the server's detail. */
  mc_client_send_async (client, "GET", "/api/v1/dossiers/khong-co", NULL, NULL, NULL, wait_cb, &w);
  g_assert_null (mc_client_send_finish (client, wait_for (&w), NULL, &error));
  g_clear_object (&w.result);
  g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, !=, "");
  g_clear_error (&error);

  mc_client_send_async (client, "GET", "/api/v1/changes?since=bogus", NULL, NULL, NULL, wait_cb, &w);
  g_assert_null (mc_client_send_finish (client, wait_for (&w), NULL, &error));
  g_clear_object (&w.result);
  g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_GONE);
  g_clear_error (&error);

  /* Logged out: the token is gone here and on the server. */
  mc_client_log_out_async (client, NULL, wait_cb, &w);
  g_assert_true (mc_client_log_out_finish (client, wait_for (&w), &error));
  g_clear_object (&w.result);
  g_assert_no_error (error);
  g_assert_false (mc_client_get_logged_in (client));
  mc_client_get_me_async (client, NULL, wait_cb, &w);
  g_assert_null (mc_client_get_me_finish (client, wait_for (&w), &error));
  g_clear_object (&w.result);
  g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  /* Nobody listens there: a network error a person can act on. */
  {
    g_autofree char *url = NULL;
    g_autoptr(GSocketListener) listener = g_socket_listener_new ();
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) effective = NULL;
    guint port;

    /* A port that was free a moment ago. */
    g_assert_true (g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM,
                                                  G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error));
    port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
    g_socket_listener_close (listener);
    url = g_strdup_printf ("http://127.0.0.1:%u", port);
    nowhere = client_log_in (url, "rec", MC_TEST_PASSWORD, &error);
    g_assert_null (nowhere);
    g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_NETWORK);
    g_assert_nonnull (strstr (error->message, "127.0.0.1"));
    g_assert_true (mc_client_error_is_transient (error));
  }
}

static void
first_sync_as (Fixture    *f,
               const char *username)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McClient) client = client_log_in (f->t.base, username, DEMO_PASSWORD, &error);
  g_autoptr(McSync) sync = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = g_strconcat (username, ".db", NULL);
  g_autofree char *token = NULL;
  g_autoptr(McTestResponse) r = NULL;
  g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"%s\"}", username, DEMO_PASSWORD);
  Seen seen = { 0 };

  g_assert_no_error (error);
  path = cache_path (f, name);
  sync = mc_sync_new (client, path);
  g_signal_connect (sync, "changes", G_CALLBACK (changes_cb), &seen);
  assert_run (sync);
  g_assert_cmpint (mc_sync_get_state (sync), ==, MC_SYNC_STATE_ONLINE);
  g_assert_false (mc_sync_get_more (sync));
  g_assert_cmpuint (mc_sync_get_items_received (sync), >, 0);
  g_assert_cmpuint (seen.n_signals, >, 0);

  /* The same user's view of the server, another session. */
  r = mc_test_request_full (&f->t, "POST", "/api/v1/session", NULL, "application/json",
                            g_bytes_new_static (body, strlen (body)), NULL);
  g_assert_cmpuint (r->status, ==, 201);
  token = g_strdup (json_object_get_string_member (json_node_get_object (r->json), "token"));
  assert_cache_matches (f, path, token);
  g_test_message ("%s: %u items, %u dossiers", username, mc_sync_get_items_received (sync),
                  seen.inserted ? seen.inserted->len : 0);

  /* Nothing changed: a second run brings nothing. */
  seen_clear (&seen);
  seen.n_signals = 0;
  assert_run (sync);
  g_assert_cmpuint (seen.n_signals, ==, 0);
  seen_clear (&seen);
}

static void
test_first_sync (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) seed = NULL;
  g_autofree char *port_text = NULL;
  Fixture fx = { 0 };
  Fixture *f = &fx;

  /* The demo province, 500 dossiers, fixed seed and present. */
  f->t.dir = g_dir_make_tmp ("motcua-sync-demo-XXXXXX", &error);
  g_assert_no_error (error);
  f->t.db_path = g_build_filename (f->t.dir, "server.db", NULL);
  f->t.port_file = g_build_filename (f->t.dir, "port", NULL);
  f->t.tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  f->t.user_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  seed = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, g_getenv ("MOTCUA_SERVER"),
                           "seed-demo", "--db", f->t.db_path, "--dossiers", "500", "--seed", "1",
                           "--now", DEMO_NOW, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (seed, NULL, &error));
  g_assert_no_error (error);
  mc_test_server_start (&f->t, NULL);
  f->cache_dir = g_dir_make_tmp ("motcua-sync-XXXXXX", &error);
  g_assert_no_error (error);

  first_sync_as (f, "giamsat");
  first_sync_as (f, "tiepnhan.tinh");

  fixture_tear_down (f, NULL);
}

static void
test_delta (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McClient) client = test_client (f, "sup");
  g_autofree char *path = cache_path (f, "sup.db");
  g_autoptr(McSync) sync = mc_sync_new (client, path);
  g_autofree char *id = NULL;
  g_autofree char *other = NULL;
  Seen seen = { 0 };
  int version;

  id = mc_test_create_dossier (&f->t, "Trần Thị Bình", &version);
  g_signal_connect (sync, "changes", G_CALLBACK (changes_cb), &seen);
  assert_run (sync);
  g_assert_true (ids_contain (seen.inserted, id));
  assert_cache_matches (f, path, mc_test_login (&f->t, "sup"));

  /* Another client acts; a new dossier arrives; the delta brings both. */
  seen_clear (&seen);
  mc_test_action (&f->t, "rec", id, "transfer", version, "d-a");
  other = mc_test_create_dossier (&f->t, "Lê Văn Cường", NULL);
  assert_run (sync);
  g_assert_true (ids_contain (seen.updated, id));
  g_assert_true (ids_contain (seen.inserted, other));
  g_assert_true (seen.deleted == NULL || seen.deleted->len == 0);
  assert_cache_matches (f, path, mc_test_login (&f->t, "sup"));
  seen_clear (&seen);
}

static void
test_tombstone (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McClient) client = test_client (f, "spa");
  g_autofree char *path = cache_path (f, "spa.db");
  g_autoptr(McSync) sync = mc_sync_new (client, path);
  g_autoptr(McCache) cache = NULL;
  g_autofree char *id = NULL;
  g_autofree char *stays = NULL;
  Seen seen = { 0 };
  int version, stays_version;

  id = mc_test_create_dossier (&f->t, "Phạm Thị Dung", &version);
  stays = mc_test_create_dossier (&f->t, "Hoàng Văn Em", &stays_version);
  version = mc_test_action (&f->t, "rec", id, "transfer", version, "d-a");
  mc_test_action (&f->t, "rec", stays, "transfer", stays_version, "d-a");
  g_signal_connect (sync, "changes", G_CALLBACK (changes_cb), &seen);
  assert_run (sync);
  cache = mc_cache_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mc_cache_get_n_dossiers (cache, &error), ==, 2);

  /* The leader sends it to another department: the specialist loses it. */
  seen_clear (&seen);
  mc_test_action (&f->t, "lda", id, "transfer", version, "d-b");
  assert_run (sync);
  g_assert_true (ids_contain (seen.deleted, id));
  g_assert_cmpuint (mc_cache_get_n_dossiers (cache, &error), ==, 1);
  g_assert_null (mc_cache_get_dossier (cache, id, &error));
  g_assert_error (error, MC_CACHE_ERROR, MC_CACHE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  assert_cache_matches (f, path, mc_test_login (&f->t, "spa"));
  seen_clear (&seen);
}

static void
test_gone (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McClient) client = test_client (f, "sup");
  g_autofree char *path = cache_path (f, "sup.db");
  g_autoptr(McSync) sync = mc_sync_new (client, path);
  g_autoptr(McCache) cache = NULL;
  g_autofree char *cursor = NULL;
  Seen seen = { 0 };

  for (guint i = 0; i < 5; i++)
    g_free (mc_test_create_dossier (&f->t, "Vũ Thị Giang", NULL));
  assert_run (sync);

  /* A cursor this server never gave out: 410, reset, resync. */
  cache = mc_cache_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (_mc_cache_get_handle (cache),
                                 "UPDATE sync_state SET cursor = 's999999999.1'", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_signal_connect (sync, "changes", G_CALLBACK (changes_cb), &seen);
  assert_run (sync);
  g_assert_cmpuint (seen.n_resets, ==, 1);
  g_assert_cmpuint (seen.inserted->len, ==, 5);
  g_assert_true (mc_cache_get_cursor (cache, &cursor, &error));
  g_assert_cmpstr (cursor, !=, "s999999999.1");
  assert_cache_matches (f, path, mc_test_login (&f->t, "sup"));
  seen_clear (&seen);
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           GPtrArray  *states)
{
  g_ptr_array_add (states, GINT_TO_POINTER (mc_sync_get_state (MC_SYNC (object))));
}

static void
test_outbox_offline (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McClient) client = test_client (f, "rec");
  g_autofree char *path = cache_path (f, "rec.db");
  g_autoptr(McSync) sync = mc_sync_new (client, path);
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(McCache) ui_cache = NULL;
  g_autoptr(GPtrArray) shown = NULL;
  g_autoptr(GPtrArray) states = g_ptr_array_new ();
  g_autoptr(McDossier) cached = NULL;
  g_autofree char *id = NULL;
  g_autofree char *note = NULL;
  int version;
  gint64 deadline;

  id = mc_test_create_dossier (&f->t, "Đặng Văn Hải", &version);
  assert_run (sync);

  /* The server goes away; the officer acts anyway. */
  mc_test_server_pause (&f->t, SIGTERM);
  note = g_strdup_printf ("offline-%s", id);
  {
    g_autofree char *json = g_strdup_printf ("{\"action\":\"transfer\",\"department_id\":\"d-a\","
                                             "\"note\":\"%s\"}", note);
    entry = sync_enqueue (sync, id, version, json);
  }
  g_assert_cmpuint (mc_sync_get_pending (sync), ==, 1);
  g_assert_false (sync_run (sync, &error));
  g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_cmpint (mc_sync_get_state (sync), ==, MC_SYNC_STATE_OFFLINE);
  g_assert_cmpuint (mc_sync_get_pending (sync), ==, 1);
  g_assert_nonnull (mc_sync_get_message (sync));

  /* The window shows the pending action from its own connection. */
  ui_cache = mc_cache_open (path, &error);
  g_assert_no_error (error);
  shown = mc_outbox_list_for_dossier (ui_cache, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (shown->len, ==, 1);
  g_assert_cmpint (((McOutboxEntry *) shown->pdata[0])->state, ==, MC_OUTBOX_PENDING);
  g_assert_cmpstr (((McOutboxEntry *) shown->pdata[0])->key, ==, entry->key);
  g_assert_cmpint (((McOutboxEntry *) shown->pdata[0])->base_version, ==, version);

  /* Back: the automatic retry drains it, once. */
  mc_test_server_resume (&f->t, f->port);
  mc_sync_set_retry_limits (sync, 50, 200);
  g_signal_connect (sync, "notify::state", G_CALLBACK (notify_cb), states);
  mc_sync_start (sync);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while ((mc_sync_get_pending (sync) > 0 || mc_sync_get_state (sync) != MC_SYNC_STATE_ONLINE) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  mc_sync_stop (sync);
  g_assert_cmpuint (mc_sync_get_pending (sync), ==, 0);
  g_assert_cmpint (mc_sync_get_state (sync), ==, MC_SYNC_STATE_ONLINE);
  g_assert_true (g_ptr_array_find (states, GINT_TO_POINTER (MC_SYNC_STATE_SYNCING), NULL));
  g_assert_cmpuint (count_events (f, id, note), ==, 1);

  g_clear_pointer (&shown, g_ptr_array_unref);
  shown = mc_outbox_list_for_dossier (ui_cache, id, &error);
  g_assert_cmpuint (shown->len, ==, 0);
  cached = mc_cache_get_dossier (ui_cache, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_dossier_get_version (cached), ==, version + 1);
  g_assert_cmpstr (mc_dossier_get_department_id (cached), ==, "d-a");
  g_signal_handlers_disconnect_by_func (sync, notify_cb, states);
}

static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McClient) client_a = test_client (f, "rec");
  g_autoptr(McClient) client_b = test_client (f, "rec");
  g_autofree char *path_a = cache_path (f, "a.db");
  g_autofree char *path_b = cache_path (f, "b.db");
  g_autoptr(McSync) a = mc_sync_new (client_a, path_a);
  g_autoptr(McSync) b = mc_sync_new (client_b, path_b);
  g_autoptr(McOutboxEntry) ea = NULL;
  g_autoptr(McOutboxEntry) eb = NULL;
  g_autoptr(McCache) cache_b = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(McDossier) cached = NULL;
  g_autofree char *id = NULL;
  McOutboxEntry *failed;
  gint64 failed_id;
  int version;

  id = mc_test_create_dossier (&f->t, "Ngô Thị Khánh", &version);
  assert_run (a);
  assert_run (b);

  /* Both based on version N. */
  ea = sync_enqueue (a, id, version, "{\"action\":\"transfer\",\"department_id\":\"d-a\"}");
  eb = sync_enqueue (b, id, version, "{\"action\":\"transfer\",\"department_id\":\"d-b\"}");
  assert_run (a);
  assert_run (b);
  g_assert_cmpuint (mc_sync_get_pending (b), ==, 0);

  /* The second is refused with the server's explanation, not retried. */
  cache_b = mc_cache_open (path_b, &error);
  entries = mc_outbox_list_for_dossier (cache_b, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  failed = entries->pdata[0];
  failed_id = failed->id;
  g_assert_cmpint (failed->state, ==, MC_OUTBOX_FAILED);
  g_assert_cmpint (failed->error_code, ==, MC_CLIENT_ERROR_CONFLICT);
  g_assert_nonnull (strstr (failed->message, "version"));
  g_assert_cmpint (failed->attempts, ==, 1);

  /* B shows the server's state: A's transfer. */
  cached = mc_cache_get_dossier (cache_b, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_dossier_get_version (cached), ==, version + 1);
  g_assert_cmpstr (mc_dossier_get_department_id (cached), ==, "d-a");
  g_assert_cmpint (server_version (f, id), ==, version + 1);

  /* And it stays failed. */
  assert_run (b);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = mc_outbox_list_for_dossier (cache_b, id, &error);
  g_assert_cmpint (((McOutboxEntry *) entries->pdata[0])->attempts, ==, 1);
  g_assert_true (mc_outbox_dismiss (cache_b, failed_id, &error));
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = mc_outbox_list_for_dossier (cache_b, id, &error);
  g_assert_cmpuint (entries->len, ==, 0);
}

/* TLS */

static void
test_tls (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *other_cert = NULL;
  g_autofree char *other_key = NULL;
  g_autofree char *url = NULL;
  g_autofree char *port_text = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GTlsCertificate) other = NULL;
  g_autoptr(McClient) client = NULL;
  g_autoptr(McSync) sync = NULL;
  g_autofree char *path = cache_path (f, "tls.db");

  if (!mc_test_make_certificate (f->cache_dir, "server", &cert, &key) ||
      !mc_test_make_certificate (f->cache_dir, "other", &other_cert, &other_key))
    {
      g_test_skip ("openssl is not installed");
      return;
    }
  mc_test_server_pause (&f->t, SIGTERM);
  {
    const char *extra[] = { "--tls-cert", cert, "--tls-key", key, NULL };

    g_clear_object (&f->t.session);
    g_clear_pointer (&f->t.base, g_free);
    mc_test_server_start (&f->t, extra);
  }
  g_assert_true (g_file_get_contents (f->t.port_file, &port_text, NULL, NULL));
  url = g_strdup_printf ("https://127.0.0.1:%u", (guint) g_ascii_strtoull (port_text, NULL, 10));

  /* Refused: nobody vouches for it. */
  g_assert_null (client_log_in (url, "rec", MC_TEST_PASSWORD, &error));
  g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_TLS);
  g_clear_error (&error);

  /* Trusting another certificate does not help. */
  client = mc_client_new (url, FALSE);
  other = g_tls_certificate_new_from_file (other_cert, &error);
  g_assert_no_error (error);
  mc_client_trust_certificate (client, other);
  {
    Wait w = { NULL };

    mc_client_log_in_async (client, "rec", MC_TEST_PASSWORD, NULL, wait_cb, &w);
    g_assert_false (mc_client_log_in_finish (client, wait_for (&w), &error));
    g_object_unref (w.result);
    g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_TLS);
    g_clear_error (&error);
  }

  /* Trusting this one does. */
  certificate = g_tls_certificate_new_from_file (cert, &error);
  g_assert_no_error (error);
  mc_client_trust_certificate (client, certificate);
  {
    Wait w = { NULL };

    mc_client_log_in_async (client, "rec", MC_TEST_PASSWORD, NULL, wait_cb, &w);
    g_assert_true (mc_client_log_in_finish (client, wait_for (&w), &error));
    g_object_unref (w.result);
    g_assert_no_error (error);
  }
  sync = mc_sync_new (client, path);
  assert_run (sync);
  g_assert_cmpint (mc_sync_get_state (sync), ==, MC_SYNC_STATE_ONLINE);
}

/* The kill test */

/* The child: `test-sync --killer CACHE URL USER TOKEN [ID VERSION]...`
 * enqueues a transfer of each dossier (its note names the dossier),
 * printing "ACK <id>" once it is safely written, then syncs until the
 * outbox is drained and the cache up to date, and exits 0. */
static int
killer_main (int    argc,
             char **argv)
{
  g_autoptr(McClient) client = NULL;
  g_autoptr(McSync) sync = NULL;
  g_autoptr(GError) error = NULL;

  if (argc < 6 || (argc - 6) % 2 != 0)
    return 2;
  client = mc_client_new (argv[3], FALSE);
  mc_client_set_session (client, argv[4], argv[5]);
  sync = mc_sync_new (client, argv[2]);
  for (int i = 6; i + 1 < argc; i += 2)
    {
      g_autofree char *json = g_strdup_printf ("{\"action\":\"transfer\",\"department_id\":\"d-a\","
                                               "\"note\":\"kill-%s\"}", argv[i]);
      g_autoptr(McOutboxEntry) entry = sync_enqueue (sync, argv[i], atoi (argv[i + 1]), json);

      g_print ("ACK %s\n", argv[i]);
      fflush (stdout);
    }
  if (!sync_run (sync, &error))
    {
      g_printerr ("killer: %s\n", error->message);
      return 1;
    }
  return 0;
}

/* The child of the first-sync kill test: `test-sync --first-sync CACHE
 * URL USER TOKEN LIMIT` syncs in pages of LIMIT and exits 0. */
static int
first_sync_main (int    argc,
                 char **argv)
{
  g_autoptr(McClient) client = NULL;
  g_autoptr(McSync) sync = NULL;
  g_autoptr(GError) error = NULL;

  if (argc != 7)
    return 2;
  client = mc_client_new (argv[3], FALSE);
  mc_client_set_session (client, argv[4], argv[5]);
  sync = mc_sync_new (client, argv[2]);
  mc_sync_set_page_limit (sync, (guint) g_ascii_strtoull (argv[6], NULL, 10));
  if (!sync_run (sync, &error))
    {
      g_printerr ("first sync: %s\n", error->message);
      return 1;
    }
  return 0;
}

static char *self_path;

static GSubprocess *
spawn_killer (Fixture    *f,
              const char *path,
              GPtrArray  *dossiers)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  GSubprocess *child;

  g_ptr_array_add (args, g_strdup (self_path));
  g_ptr_array_add (args, g_strdup ("--killer"));
  g_ptr_array_add (args, g_strdup (path));
  g_ptr_array_add (args, g_strdup (f->t.base));
  g_ptr_array_add (args, g_strdup ("rec"));
  g_ptr_array_add (args, g_strdup (mc_test_login (&f->t, "rec")));
  for (guint i = 0; dossiers != NULL && i < dossiers->len; i++)
    g_ptr_array_add (args, g_strdup (dossiers->pdata[i]));
  g_ptr_array_add (args, NULL);
  child = g_subprocess_newv ((const char * const *) args->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  return child;
}

static char *
read_all (GSubprocess *child)
{
  GInputStream *out = g_subprocess_get_stdout_pipe (child);
  g_autoptr(GString) text = g_string_new (NULL);
  char buffer[4096];
  gssize n;

  while ((n = g_input_stream_read (out, buffer, sizeof buffer, NULL, NULL)) > 0)
    g_string_append_len (text, buffer, n);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_kill (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = cache_path (f, "killed.db");
  g_autoptr(GHashTable) offered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) acked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GRand) rand = NULL;
  const char *iterations_text = g_getenv ("MC_SYNC_KILL_ITERATIONS");
  guint iterations = iterations_text ? (guint) g_ascii_strtoull (iterations_text, NULL, 10) : 50;
  guint32 seed = g_test_rand_int ();
  gint64 calibration, started;
  guint n_killed = 0;

  g_test_message ("kill test: %u iterations, seed %u", iterations, seed);
  rand = g_rand_new_with_seed (seed);
  for (guint i = 0; i < 3; i++)
    g_free (mc_test_create_dossier (&f->t, "Lý Thị Mai", NULL));

  /* How long an undisturbed run takes, to spread the kills over it. */
  {
    g_autoptr(GSubprocess) child = NULL;

    started = g_get_monotonic_time ();
    child = spawn_killer (f, path, NULL);
    g_assert_true (g_subprocess_wait_check (child, NULL, &error));
    g_assert_no_error (error);
    calibration = MAX (g_get_monotonic_time () - started, 5000);
    g_test_message ("an undisturbed run: %" G_GINT64_FORMAT " µs", calibration);
  }

  for (guint i = 0; i < iterations; i++)
    {
      g_autoptr(GPtrArray) dossiers = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GSubprocess) child = NULL;
      g_autofree char *out = NULL;
      g_auto(GStrv) lines = NULL;
      gint64 delay;

      for (guint k = 0; k < 2; k++)
        {
          int version;
          char *id = mc_test_create_dossier (&f->t, "Trịnh Văn Nam", &version);

          g_hash_table_add (offered, g_strdup (id));
          g_ptr_array_add (dossiers, id);
          g_ptr_array_add (dossiers, g_strdup_printf ("%d", version));
        }
      delay = g_rand_int_range (rand, 0, (gint32) MIN (calibration * 3 / 2, G_MAXINT32));
      child = spawn_killer (f, path, dossiers);
      g_usleep (delay);
      g_subprocess_send_signal (child, SIGKILL);
      g_subprocess_wait (child, NULL, &error);
      g_assert_no_error (error);
      if (g_subprocess_get_if_signaled (child))
        n_killed++;
      else
        g_assert_cmpint (g_subprocess_get_exit_status (child), ==, 0);
      out = read_all (child);
      lines = g_strsplit (out, "\n", -1);
      for (guint l = 0; lines[l] != NULL; l++)
        if (g_str_has_prefix (lines[l], "ACK "))
          g_hash_table_add (acked, g_strdup (lines[l] + 4));
    }
  g_test_message ("%u of %u runs killed, %u of %u actions acknowledged", n_killed, iterations,
                  g_hash_table_size (acked), g_hash_table_size (offered));
  g_assert_cmpuint (n_killed, >, 0);

  /* A last run, undisturbed, finishes what was left. */
  {
    g_autoptr(GSubprocess) child = spawn_killer (f, path, NULL);

    g_assert_true (g_subprocess_wait_check (child, NULL, &error));
    g_assert_no_error (error);
  }

  /* The cache is sound and its outbox empty of pending work. */
  {
    g_autoptr(McCache) cache = mc_cache_open (path, &error);
    g_autoptr(GPtrArray) entries = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (sqlite3_prepare_v2 (_mc_cache_get_handle (cache), "PRAGMA integrity_check", -1, &stmt, NULL),
                     ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
    sqlite3_finalize (stmt);
    entries = mc_outbox_list (cache, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < entries->len; i++)
      {
        McOutboxEntry *e = entries->pdata[i];
        if (e->state != MC_OUTBOX_DONE)
          g_error ("entry %s of %s: state %d, %s", e->key, e->dossier_id, e->state, e->message);
      }
    /* Whatever was written was acknowledged by the server at last. */
    g_assert_cmpuint (entries->len, >=, g_hash_table_size (acked));
  }

  /* Every acknowledged action was applied once; none twice. */
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, offered);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      {
        g_autofree char *note = g_strdup_printf ("kill-%s", (const char *) key);
        guint n = count_events (f, key, note);

        if (g_hash_table_contains (acked, key))
          g_assert_cmpuint (n, ==, 1);
        else
          g_assert_cmpuint (n, <=, 1);
      }
  }
  assert_cache_matches (f, path, mc_test_login (&f->t, "rec"));
}

static GSubprocess *
spawn_first_sync (Fixture    *f,
                  const char *path)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self_path, "--first-sync", path,
                                         f->t.base, "sup", mc_test_login (&f->t, "sup"), "3", NULL);

  g_assert_no_error (error);
  return child;
}

static char *
cache_text (McCache    *cache,
            const char *sql)
{
  GString *out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_mc_cache_get_handle (cache), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        g_string_append_printf (out, "%s|", (const char *) sqlite3_column_text (stmt, c));
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
  return g_string_free (out, FALSE);
}

#define FIRST_SYNC_ROWS "SELECT d.id, d.version, d.search, x.doc FROM dossiers d JOIN dossier_docs x USING (n) ORDER BY d.n"

/* A first sync over many pages (fetched ahead, read on another thread)
 * killed at random moments, again and again on the same cache: after each
 * kill the file is sound, and the run that finally completes leaves the
 * same rows, indexes and search index as a sync never interrupted. */
static void
test_kill_first_sync (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = cache_path (f, "first.db");
  g_autofree char *clean_path = cache_path (f, "clean.db");
  g_autofree char *clean_rows = NULL;
  g_autoptr(GRand) rand = NULL;
  const char *iterations_text = g_getenv ("MC_SYNC_KILL_ITERATIONS");
  guint iterations = iterations_text ? (guint) g_ascii_strtoull (iterations_text, NULL, 10) : 25;
  guint32 seed = g_test_rand_int ();
  gint64 calibration, started;
  guint n_killed = 0, n_midway = 0;

  g_test_message ("first-sync kill test: %u iterations, seed %u", iterations, seed);
  rand = g_rand_new_with_seed (seed);
  for (guint i = 0; i < 100; i++)
    g_free (mc_test_create_dossier (&f->t, i % 2 ? "Lý Thị Mai" : "Trịnh Văn Nam", NULL));

  /* Undisturbed: the reference, and how long a first sync takes. */
  {
    g_autoptr(GSubprocess) child = NULL;
    g_autoptr(McCache) clean = NULL;

    started = g_get_monotonic_time ();
    child = spawn_first_sync (f, clean_path);
    g_assert_true (g_subprocess_wait_check (child, NULL, &error));
    g_assert_no_error (error);
    calibration = MAX (g_get_monotonic_time () - started, 5000);
    g_test_message ("an undisturbed first sync: %" G_GINT64_FORMAT " µs", calibration);
    clean = mc_cache_open (clean_path, &error);
    g_assert_no_error (error);
    clean_rows = cache_text (clean, FIRST_SYNC_ROWS);
  }

  for (guint i = 0; i < iterations; i++)
    {
      g_autoptr(GSubprocess) child = NULL;
      g_autoptr(McCache) cache = NULL;
      g_autofree char *check = NULL;

      /* Start again from nothing now and then, so that kills land early in
       * a first sync as well as in one resumed. */
      if (i % 2 == 0)
        {
          const char *suffixes[] = { "", "-wal", "-shm" };

          for (guint k = 0; k < G_N_ELEMENTS (suffixes); k++)
            {
              g_autofree char *file = g_strconcat (path, suffixes[k], NULL);

              g_unlink (file);
            }
        }
      child = spawn_first_sync (f, path);
      g_usleep (g_rand_int_range (rand, 0, (gint32) MIN (calibration, G_MAXINT32)));
      g_subprocess_send_signal (child, SIGKILL);
      g_subprocess_wait (child, NULL, &error);
      g_assert_no_error (error);
      if (g_subprocess_get_if_signaled (child))
        n_killed++;
      else
        g_assert_cmpint (g_subprocess_get_exit_status (child), ==, 0);

      cache = mc_cache_open (path, &error);
      g_assert_no_error (error);
      check = cache_text (cache, "PRAGMA integrity_check");
      g_assert_cmpstr (check, ==, "ok|\n");
      n_midway += mc_cache_get_index_unfinished (cache);
    }
  g_test_message ("%u of %u first syncs killed, %u of them with pages still to come", n_killed, iterations,
                  n_midway);
  g_assert_cmpuint (n_killed, >, 0);

  {
    g_autoptr(GSubprocess) child = spawn_first_sync (f, path);
    g_autoptr(McCache) cache = NULL;
    g_autofree char *rows = NULL;
    g_autofree char *check = NULL;
    char *message = NULL;

    g_assert_true (g_subprocess_wait_check (child, NULL, &error));
    g_assert_no_error (error);
    cache = mc_cache_open (path, &error);
    g_assert_no_error (error);
    g_assert_false (mc_cache_get_index_unfinished (cache));
    check = cache_text (cache, "PRAGMA integrity_check");
    g_assert_cmpstr (check, ==, "ok|\n");
    rows = cache_text (cache, FIRST_SYNC_ROWS);
    g_assert_cmpstr (rows, ==, clean_rows);
    g_assert_cmpint (sqlite3_exec (_mc_cache_get_handle (cache),
                                   "INSERT INTO dossier_fts (dossier_fts, rank) VALUES ('integrity-check', 1)",
                                   NULL, NULL, &message), ==, SQLITE_OK);
    g_free (message);
    g_free (rows);
    rows = cache_text (cache, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE 'dossiers_%'");
    g_assert_cmpstr (rows, ==, "13|\n");
  }
}

int
main (int    argc,
      char **argv)
{
  if (argc > 1 && g_str_equal (argv[1], "--killer"))
    return killer_main (argc, argv);
  if (argc > 1 && g_str_equal (argv[1], "--first-sync"))
    return first_sync_main (argc, argv);

  self_path = g_canonicalize_filename (argv[0], NULL);
  mc_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/sync/client/errors", test_errors);
  g_test_add_func ("/sync/first-sync", test_first_sync);
  ADD ("/sync/delta", test_delta);
  ADD ("/sync/tombstone", test_tombstone);
  ADD ("/sync/gone", test_gone);
  ADD ("/sync/outbox/offline-replay", test_outbox_offline);
  ADD ("/sync/outbox/conflict", test_conflict);
  ADD ("/sync/tls", test_tls);
  ADD ("/sync/kill", test_kill);
  ADD ("/sync/kill/first-sync", test_kill_first_sync);

  return g_test_run ();
}
