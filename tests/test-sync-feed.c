/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "mc-cache-private.h"
#include "mc-client.h"
#include "mc-sync.h"
#include "mc-test-server.h"
#include "mc-test.h"

/* The change feed read from its text (mc_cache_apply_feed_page()) and the
 * first sync that builds its indexes once, against the real motcua-server
 * on loopback with real cache files. */

typedef struct {
  McTestServer  t;
  McStore      *store;
  char         *cache_dir;
  guint         n_trinh;
  guint         n_all;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->store = mc_test_server_init (&f->t);
  mc_test_server_start (&f->t, NULL);
  f->cache_dir = g_dir_make_tmp ("motcua-feed-XXXXXX", &error);
  g_assert_no_error (error);
  /* Names with and without what the search will look for. */
  for (guint i = 0; i < 25; i++)
    {
      g_free (mc_test_create_dossier (&f->t, i % 3 == 0 ? "Trịnh Văn Nam" : "Lê Thị Hoa", NULL));
      f->n_trinh += i % 3 == 0;
      f->n_all++;
    }
  /* What a scanner that skips strings could get wrong: quotes, brackets
   * and a backslash at the end of a string, \u escapes (the name is
   * Trịnh "Bé" {x} [y], z: \). */
  g_free (mc_test_create_dossier (&f->t, "Tr\\u1ecbnh \\\"B\\u00e9\\\" {x} [y], z: \\\\", NULL));
  f->n_trinh++;
  f->n_all++;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", f->cache_dir);

  g_clear_pointer (&f->store, mc_store_free);
  mc_test_server_stop (&f->t);
  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  g_free (f->cache_dir);
}

static char *
cache_path (Fixture    *f,
            const char *name)
{
  return g_build_filename (f->cache_dir, name, NULL);
}

static McTestResponse *
get_page (Fixture    *f,
          const char *since,
          guint       limit)
{
  g_autofree char *path = since != NULL
    ? g_strdup_printf ("/api/v1/changes?since=%s&limit=%u", since, limit)
    : g_strdup_printf ("/api/v1/changes?limit=%u", limit);
  McTestResponse *r = mc_test_request_full (&f->t, "GET", path, mc_test_login (&f->t, "sup"), NULL, NULL, NULL);

  g_assert_cmpuint (r->status, ==, 200);
  return r;
}

static char *
query_text (McCache    *cache,
            const char *sql)
{
  GString *out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_mc_cache_get_handle (cache), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        g_string_append_printf (out, "%s|", sqlite3_column_type (stmt, c) == SQLITE_NULL
                                              ? "∅" : (const char *) sqlite3_column_text (stmt, c));
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
  return g_string_free (out, FALSE);
}

static gint64
query_int (McCache    *cache,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (_mc_cache_get_handle (cache), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

#define ROWS_SQL \
  "SELECT n, id, code, code_key, status, substate, department_id, receiving_department_id, " \
  "assignee_id, procedure_id, applicant_name, id_number_key, received_at, due_key, " \
  "appointment_at, completed_at, version, seq, search FROM dossiers ORDER BY n"
#define N_QUEUE_INDEXES \
  "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN ('dossiers_n', " \
  "'dossiers_status', 'dossiers_department', 'dossiers_receiving', 'dossiers_assignee', " \
  "'dossiers_procedure', 'dossiers_due', 'dossiers_code', 'dossiers_id_number')"
#define N_TRINH "SELECT count(*) FROM dossier_fts WHERE dossier_fts MATCH 'trinh*'"

/* The search index agrees with the rows (FTS5's own check). */
static void
assert_search_sound (McCache *cache)
{
  char *message = NULL;
  int rc = sqlite3_exec (_mc_cache_get_handle (cache),
                         "INSERT INTO dossier_fts (dossier_fts, rank) VALUES ('integrity-check', 1)",
                         NULL, NULL, &message);

  if (rc != SQLITE_OK)
    g_error ("FTS integrity-check: %s", message);
}

/* The same page through json-glib and McDossier, and from its text: the
 * same rows, documents and search index. */
static void
test_same_as_tree (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McTestResponse) r = get_page (f, NULL, 2000);
  g_autofree char *tree_path = cache_path (f, "tree.db");
  g_autofree char *text_path = cache_path (f, "text.db");
  g_autoptr(McCache) tree = mc_cache_open (tree_path, &error);
  g_autoptr(McCache) text = mc_cache_open (text_path, &error);
  g_autoptr(McCacheChanges) changes = NULL;
  g_autofree char *next = NULL;
  g_autofree char *tree_rows = NULL;
  g_autofree char *text_rows = NULL;
  JsonObject *root = json_node_get_object (r->json);
  JsonArray *items = json_object_get_array_member (root, "items");
  gsize len = 0;
  const char *body = g_bytes_get_data (r->body, &len);
  gboolean more = TRUE;
  guint n_items = 0;

  g_assert_no_error (error);
  g_assert_true (mc_cache_apply_page (tree, items, json_object_get_string_member (root, "next"), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (mc_cache_apply_feed_page (text, body, len, &next, &more, &n_items, &changes, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (next, ==, json_object_get_string_member (root, "next"));
  g_assert_false (more);
  g_assert_cmpuint (n_items, ==, json_array_get_length (items));
  g_assert_cmpuint (mc_cache_changes_get_inserted (changes)->len, ==, f->n_all);

  tree_rows = query_text (tree, ROWS_SQL);
  text_rows = query_text (text, ROWS_SQL);
  g_assert_cmpstr (text_rows, ==, tree_rows);
  g_assert_cmpint (query_int (text, "SELECT count(*) FROM dossiers"), ==, f->n_all);
  g_assert_cmpint (query_int (text, N_TRINH), ==, f->n_trinh);
  g_assert_cmpint (query_int (tree, N_TRINH), ==, f->n_trinh);
  assert_search_sound (text);
  g_assert_cmpint (query_int (text, N_QUEUE_INDEXES), ==, 9);

  /* Each document reads back as the same dossier. */
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *id;
      g_autoptr(McDossier) a = NULL;
      g_autoptr(McDossier) b = NULL;

      if (!g_str_equal (json_object_get_string_member (item, "kind"), "dossier"))
        continue;
      id = json_object_get_string_member (json_object_get_object_member (item, "data"), "id");
      a = mc_cache_get_dossier (tree, id, &error);
      g_assert_no_error (error);
      b = mc_cache_get_dossier (text, id, &error);
      g_assert_no_error (error);
      g_assert_true (mc_dossier_equal (a, b));
    }
}

static char *
replace_first (const char *text,
               const char *pattern,
               const char *replacement)
{
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);

  return g_regex_replace (regex, text, -1, 0, replacement, G_REGEX_MATCH_NOTEMPTY, NULL);
}

/* Bad pages are refused whole, with where and why; the cursor stays. */
static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McTestResponse) r = get_page (f, NULL, 2000);
  g_autofree char *path = cache_path (f, "refused.db");
  g_autoptr(McCache) cache = mc_cache_open (path, &error);
  g_autofree char *body = g_strndup (g_bytes_get_data (r->body, NULL), g_bytes_get_size (r->body));
  g_autofree char *cursor = NULL;
  g_autofree char *deep = NULL;
  g_autofree char *bad_status = NULL;
  g_autofree char *no_name = NULL;
  GString *nested = g_string_new ("{\"items\":[{\"kind\":\"x\",\"seq\":1,\"data\":");
  struct {
    const char *text;
    const char *message_part;
  } cases[] = {
    { NULL, "data.status" },
    { NULL, "data.applicant.name" },
    { NULL, "deeper" },
    { "{\"items\":[1,],\"next\":\"s1\",\"more\":false}", "not valid JSON" },
    { "{\"items\":[{\"kind\":\"tombstone\",\"seq\":1,\"id\":\"\\x\"}],\"next\":\"s1\",\"more\":false}", "not valid JSON" },
    { "{\"items\":[],\"next\":\"s1\"}", "more" },
    { "{\"items\":[{\"kind\":\"dossier\",\"seq\":1.5,\"data\":{}}],\"next\":\"s1\",\"more\":false}", "seq" },
    { "{\"items\":[{\"kind\":\"dossier\",\"seq\":1,\"data\":[]}],\"next\":\"s1\",\"more\":false}", "data" },
    { "{\"items\":[],\"next\":\"s1\",\"more\":false} x", "not valid JSON" },
    { "[]", "object" },
  };

  g_assert_no_error (error);
  {
    const char *good = "{\"items\":[],\"next\":\"good\",\"more\":false}";

    g_assert_true (mc_cache_apply_feed_page (cache, good, strlen (good), NULL, NULL, NULL, NULL, &error));
  }
  g_assert_no_error (error);

  /* The 4th dossier of a real page, broken. */
  bad_status = replace_first (body, "\"status\":\"[a-z_]+\"", "\"status\":\"teleported\"");
  no_name = replace_first (body, "\"name\":\"Trịnh Văn Nam\"", "\"name\":7");
  for (guint i = 0; i < 40; i++)
    g_string_append_c (nested, '[');
  for (guint i = 0; i < 40; i++)
    g_string_append_c (nested, ']');
  g_string_append (nested, "}],\"next\":\"s1\",\"more\":false}");
  deep = g_string_free (nested, FALSE);
  cases[0].text = bad_status;
  cases[1].text = no_name;
  cases[2].text = deep;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(McCacheChanges) changes = NULL;

      g_assert_false (mc_cache_apply_feed_page (cache, cases[i].text, strlen (cases[i].text),
                                                NULL, NULL, NULL, &changes, &error));
      g_assert_error (error, MC_CACHE_ERROR, MC_CACHE_ERROR_INVALID);
      g_test_message ("case %u: %s", i, error->message);
      g_assert_nonnull (strstr (error->message, cases[i].message_part));
      g_assert_null (changes);
      g_clear_error (&error);
      g_assert_cmpint (query_int (cache, "SELECT count(*) FROM dossiers"), ==, 0);
      g_assert_true (mc_cache_get_cursor (cache, &cursor, NULL));
      g_assert_cmpstr (cursor, ==, "good");
      g_clear_pointer (&cursor, g_free);
    }
}

static McSync *
new_sync (Fixture    *f,
          const char *path)
{
  g_autoptr(McClient) client = mc_client_new (f->t.base, FALSE);
  McSync *sync;

  mc_client_set_session (client, "sup", mc_test_login (&f->t, "sup"));
  sync = mc_sync_new (client, path);
  mc_sync_set_page_limit (sync, 4);
  return sync;
}

static void
run_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
run (McSync *sync)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  mc_sync_run_async (sync, NULL, run_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (mc_sync_run_finish (sync, result, &error));
  g_assert_no_error (error);
  g_object_unref (result);
}

static void
assert_complete (Fixture    *f,
                 const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCache) cache = mc_cache_open (path, &error);
  char *cursor = NULL;

  g_assert_no_error (error);
  g_assert_false (mc_cache_get_index_unfinished (cache));
  g_assert_cmpint (query_int (cache, N_QUEUE_INDEXES), ==, 9);
  g_assert_cmpint (query_int (cache, "SELECT count(*) FROM dossiers"), ==, f->n_all);
  g_assert_cmpint (query_int (cache, N_TRINH), ==, f->n_trinh);
  g_assert_cmpint (query_int (cache, "SELECT count(*) FROM dossier_docs"), ==, f->n_all);
  assert_search_sound (cache);
  g_assert_true (mc_cache_get_cursor (cache, &cursor, NULL));
  g_assert_nonnull (cursor);
  g_free (cursor);
}

/* A first sync over several pages builds the indexes at its end. */
static void
test_first_sync_pages (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = cache_path (f, "pages.db");
  g_autoptr(McSync) sync = new_sync (f, path);
  g_autofree char *other = NULL;

  run (sync);
  assert_complete (f, path);

  /* Later pages keep the index row by row. */
  other = mc_test_create_dossier (&f->t, "Trịnh Thị Lan", NULL);
  f->n_trinh++;
  f->n_all++;
  run (sync);
  assert_complete (f, path);
}

/* A first sync cut short after a few pages (as by SIGKILL: the pages were
 * committed with the mark): the next McSync finishes the indexes when it
 * opens the cache, then syncs the rest. */
static void
test_first_sync_cut_short (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = cache_path (f, "cut.db");
  g_autofree char *next = NULL;

  {
    g_autoptr(McCache) cache = mc_cache_open (path, &error);

    g_assert_no_error (error);
    /* The catalogues come first: pages until a few dossiers are in. */
    while (query_int (cache, "SELECT count(*) FROM dossiers") < 6)
      {
        g_autoptr(McTestResponse) r = get_page (f, next, 4);
        gsize len = 0;
        const char *body = g_bytes_get_data (r->body, &len);
        gboolean more = FALSE;

        g_clear_pointer (&next, g_free);
        g_assert_true (mc_cache_apply_feed_page (cache, body, len, &next, &more, NULL, NULL, &error));
        g_assert_no_error (error);
        g_assert_true (more);
        g_assert_true (mc_cache_get_index_unfinished (cache));
      }
    g_assert_cmpint (query_int (cache, N_QUEUE_INDEXES), ==, 0);
    g_assert_cmpint (query_int (cache, N_TRINH), ==, 0);
  }

  /* Reopened as it was left: still marked. */
  {
    g_autoptr(McCache) cache = mc_cache_open (path, &error);

    g_assert_no_error (error);
    g_assert_true (mc_cache_get_index_unfinished (cache));
    g_assert_cmpint (query_int (cache, "SELECT count(*) FROM dossiers"), >, 0);
  }

  {
    g_autoptr(McSync) sync = new_sync (f, path);

    run (sync);
  }
  assert_complete (f, path);
}

static GError *
run_failing (McSync *sync)
{
  GError *error = NULL;
  GAsyncResult *result = NULL;

  mc_sync_run_async (sync, NULL, run_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (mc_sync_run_finish (sync, result, &error));
  g_assert_nonnull (error);
  g_object_unref (result);
  return error;
}

static void
server_exec (Fixture    *f,
             const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (f->t.db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);
}

static gint64
server_int (Fixture    *f,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open (f->t.db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* The cache holds exactly the dossiers up to its cursor, and is sound. */
static void
assert_cut_at_cursor (Fixture    *f,
                      const char *path,
                      gint64      before_seq)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCache) cache = mc_cache_open (path, &error);
  g_autofree char *cursor = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *check = NULL;
  gint64 seq = 0;

  g_assert_no_error (error);
  g_assert_true (mc_cache_get_cursor (cache, &cursor, NULL));
  g_assert_nonnull (cursor);
  g_assert_cmpint (sscanf (cursor, "s%" G_GINT64_FORMAT, &seq), ==, 1);
  g_assert_cmpint (seq, <, before_seq);
  sql = g_strdup_printf ("SELECT count(*) FROM dossiers WHERE seq <= %" G_GINT64_FORMAT, seq);
  g_assert_cmpint (query_int (cache, "SELECT count(*) FROM dossiers"), ==, server_int (f, sql));
  g_assert_cmpint (query_int (cache, "SELECT count(*) FROM dossiers"), <, f->n_all);
  check = query_text (cache, "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok|\n");
}

#define BROKEN "(SELECT id FROM dossiers ORDER BY seq LIMIT 1 OFFSET 12)"

/* A page refused in the middle of a first sync (one of its dossiers is
 * broken on the server) while the next one is already fetched and read:
 * the pages before it stay with their cursor, nothing after it is
 * written, and once the server is right the next run goes on from there. */
static void
test_refused_midway (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = cache_path (f, "midway.db");
  g_autoptr(McSync) sync = new_sync (f, path);
  g_autoptr(GError) error = NULL;
  gint64 broken_seq = server_int (f, "SELECT seq FROM dossiers WHERE id = " BROKEN);

  server_exec (f, "UPDATE dossiers SET doc = replace (doc, '\"status\":\"', '\"status\":\"x') "
                  "WHERE id = " BROKEN);
  error = run_failing (sync);
  g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_INVALID_RESPONSE);
  g_test_message ("%s", error->message);
  assert_cut_at_cursor (f, path, broken_seq);

  server_exec (f, "UPDATE dossiers SET doc = replace (doc, '\"status\":\"x', '\"status\":\"') "
                  "WHERE id = " BROKEN);
  run (sync);
  assert_complete (f, path);
}

static void
stop_on_changes (McSync         *sync,
                 McCacheChanges *changes,
                 gpointer        user_data)
{
  if (changes != NULL && mc_cache_changes_get_inserted (changes)->len > 0)
    mc_sync_stop (sync);
}

/* Stopped while pages are fetched ahead: the run ends cancelled, what is
 * written is whole, and the next run finishes the sync. */
static void
test_stopped_midway (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = cache_path (f, "stopped.db");
  g_autoptr(McSync) sync = new_sync (f, path);
  g_autoptr(GError) error = NULL;
  gulong handler = g_signal_connect (sync, "changes", G_CALLBACK (stop_on_changes), NULL);

  error = run_failing (sync);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_signal_handler_disconnect (sync, handler);
  assert_cut_at_cursor (f, path, G_MAXINT64);

  run (sync);
  assert_complete (f, path);
}

int
main (int    argc,
      char **argv)
{
  mc_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/sync/feed/same-as-tree", test_same_as_tree);
  ADD ("/sync/feed/refused", test_refused);
  ADD ("/sync/feed/refused-midway", test_refused_midway);
  ADD ("/sync/feed/stopped-midway", test_stopped_midway);
  ADD ("/sync/feed/first-sync-pages", test_first_sync_pages);
  ADD ("/sync/feed/first-sync-cut-short", test_first_sync_cut_short);

  return g_test_run ();
}
