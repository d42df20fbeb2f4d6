/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A cache SQLite cannot read, on real files: mc_cache_open() says it is
 * damaged, mc_cache_set_aside() keeps it byte for byte under another name,
 * and mc_outbox_take_from() carries the actions it still held into a
 * fresh cache, or says it could not.
 */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "mc-cache-private.h"
#include "mc-cache-salvage.h"
#include "mc-json.h"
#include "mc-outbox.h"
#include "mc-test.h"

#define DOSSIER_ID "00000000-0000-4000-8000-000000000001"

/* In the test's own cache folder (mc_test_init() isolates it, and
 * removes it after each test). */
static char *
cache_path (void)
{
  return g_build_filename (g_get_user_cache_dir (), "cache.db", NULL);
}

static gint64
enqueue (McCache    *cache,
         const char *note)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) action = NULL;
  g_autofree char *text = g_strdup_printf ("{\"action\": \"request_supplement\", \"note\": \"%s\"}", note);
  McOutboxEntry *entry;
  gint64 id;

  action = json_from_string (text, &error);
  g_assert_no_error (error);
  entry = mc_outbox_enqueue (cache, DOSSIER_ID, 3, action, &error);
  g_assert_no_error (error);
  id = entry->id;
  mc_outbox_entry_free (entry);
  return id;
}

/* Overwrites @length bytes at @offset of the file at @path. */
static void
scribble (const char *path,
          goffset     offset,
          gsize       length)
{
  FILE *file = fopen (path, "r+b");
  g_autofree guint8 *junk = g_malloc (length);

  g_assert_nonnull (file);
  memset (junk, 0xa5, length);
  g_assert_cmpint (fseek (file, (long) offset, SEEK_SET), ==, 0);
  g_assert_cmpuint (fwrite (junk, 1, length, file), ==, length);
  g_assert_cmpint (fclose (file), ==, 0);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static void
assert_fresh_cache (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCache) cache = mc_cache_open (path, &error);
  g_autofree char *cursor = NULL;

  g_assert_no_error (error);
  g_assert_true (mc_cache_get_cursor (cache, &cursor, &error));
  g_assert_null (cursor);
}

/* Not a database any more (its first page overwritten): nothing can be
 * read from it, and it is kept as it was. */
static void
test_not_a_database (void)
{
  g_autofree char *path = cache_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McCache) fresh = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) kept = NULL;
  g_autofree char *aside = NULL;
  guint taken = 99;

  {
    g_autoptr(McCache) cache = mc_cache_open (path, &error);

    g_assert_no_error (error);
    enqueue (cache, "Bổ sung sổ hộ khẩu");
    g_assert_true (sqlite3_exec (_mc_cache_get_handle (cache), "PRAGMA wal_checkpoint(TRUNCATE)",
                                 NULL, NULL, NULL) == SQLITE_OK);
  }
  scribble (path, 0, 512);
  before = read_bytes (path);

  g_assert_null (mc_cache_open (path, &error));
  g_assert_error (error, MC_CACHE_ERROR, MC_CACHE_ERROR_DAMAGED);
  g_clear_error (&error);

  aside = mc_cache_set_aside (path, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (aside, path));
  g_assert_nonnull (strstr (aside, ".damaged-"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  kept = read_bytes (aside);
  g_assert_true (g_bytes_equal (before, kept));

  assert_fresh_cache (path);
  fresh = mc_cache_open (path, &error);
  g_assert_no_error (error);
  g_assert_false (mc_outbox_take_from (fresh, aside, &taken, &error));
  g_assert_error (error, MC_CACHE_ERROR, MC_CACHE_ERROR_DAMAGED);
  g_assert_cmpuint (taken, ==, 0);
  g_clear_error (&error);
  {
    guint pending = 99;

    g_assert_true (mc_outbox_count_pending (fresh, &pending, &error));
    g_assert_cmpuint (pending, ==, 0);
  }
  /* A second damaged copy the same second does not overwrite the first. */
  {
    g_autofree char *again = NULL;

    g_clear_object (&fresh);
    again = mc_cache_set_aside (path, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (again, !=, aside);
    g_assert_true (g_file_test (aside, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_test (again, G_FILE_TEST_EXISTS));
  }
}

/* A damaged page of the dossiers met while the cache is upgraded: the
 * outbox is still readable, and its pending and refused actions go to
 * the fresh cache in their order with their keys, once. */
static void
test_damaged_page (void)
{
  g_autofree char *path = cache_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McCache) fresh = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) old = NULL;
  g_autofree char *aside = NULL;
  int page_size = 0, root = 0;
  guint taken = 0;

  {
    /* The schema before the last, whose upgrade reads every dossier. */
    g_autoptr(McCache) cache = _mc_cache_open_at_version (path, MC_CACHE_SCHEMA_VERSION - 1, &error);
    sqlite3 *db;
    sqlite3_stmt *stmt;
    gint64 done, failed;

    g_assert_no_error (error);
    enqueue (cache, "Một");
    done = enqueue (cache, "Hai");
    failed = enqueue (cache, "Ba");
    enqueue (cache, "Bốn");
    g_assert_true (mc_outbox_mark_done (cache, done, &error));
    g_assert_true (mc_outbox_mark_failed (cache, failed, 409, "Hồ sơ đã được cán bộ khác xử lý", &error));
    g_assert_no_error (error);
    old = mc_outbox_list (cache, &error);
    g_assert_no_error (error);

    db = _mc_cache_get_handle (cache);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT rootpage, (SELECT page_size FROM pragma_page_size) "
                                             "FROM sqlite_master WHERE name = 'dossiers'", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    root = sqlite3_column_int (stmt, 0);
    page_size = sqlite3_column_int (stmt, 1);
    sqlite3_finalize (stmt);
    g_assert_true (sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL) == SQLITE_OK);
  }
  g_assert_cmpint (root, >, 1);
  scribble (path, (goffset) (root - 1) * page_size, 16);

  g_assert_null (mc_cache_open (path, &error));
  g_assert_error (error, MC_CACHE_ERROR, MC_CACHE_ERROR_DAMAGED);
  g_clear_error (&error);
  aside = mc_cache_set_aside (path, &error);
  g_assert_no_error (error);

  fresh = mc_cache_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (mc_outbox_take_from (fresh, aside, &taken, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (taken, ==, 3);
  entries = mc_outbox_list (fresh, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 3);
  {
    /* The old entries but the one done, in order. */
    const guint expected[] = { 0, 2, 3 };

    for (guint i = 0; i < entries->len; i++)
      {
        McOutboxEntry *a = g_ptr_array_index (entries, i);
        McOutboxEntry *b = g_ptr_array_index (old, expected[i]);

        g_assert_cmpstr (a->key, ==, b->key);
        g_assert_cmpstr (a->body, ==, b->body);
        g_assert_cmpstr (a->path, ==, b->path);
        g_assert_cmpint (a->state, ==, b->state);
        g_assert_cmpstr (a->message, ==, b->message);
      }
  }

  /* Taken twice, nothing is there twice. */
  g_assert_true (mc_outbox_take_from (fresh, aside, &taken, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (taken, ==, 0);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = mc_outbox_list (fresh, &error);
  g_assert_cmpuint (entries->len, ==, 3);
}

int
main (int    argc,
      char **argv)
{
  mc_test_init (&argc, &argv);
  g_test_add_func ("/core/cache-salvage/not-a-database", test_not_a_database);
  g_test_add_func ("/core/cache-salvage/damaged-page", test_damaged_page);
  return g_test_run ();
}
