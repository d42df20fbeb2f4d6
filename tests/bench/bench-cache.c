/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "../cache-fixtures.h"
#include "mc-cache-private.h"
#include "mc-dossier-list.h"

/* The client cache at scale (MC_BENCH_DOSSIERS, default 1,000,000):
 *
 *  cache.fill_rows_per_s        mc_cache_apply_page, pages of 1,000
 *  cache.baseline_raw_insert_rows_per_s   the same rows and documents
 *                               INSERTed into a bare table, no index, no FTS
 *  search.first_page_p95_ms     first page (50) of a fixed set of searches
 *  search.baseline_plain_first_page_p95_ms  first page of the unfiltered
 *                               queue, an indexed SELECT without search
 *  cache.keyset_page_p95_ms     a page (64) after a key, over queues and
 *                               depths
 *  cache.baseline_pk_range_page_p95_ms  the same pages by primary key range
 *  model.*                      the lazy list: count, first item, far jump
 *  model.rss_ratio_1m_10k       RSS of bench-cache-rss over N rows vs 10,000 */

#define PAGE 1000

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static double
p95 (GArray *samples)
{
  g_array_sort (samples, cmp_double);
  return g_array_index (samples, double, MIN (samples->len - 1, (guint) (samples->len * 0.95)));
}

static void
bench (const char *name,
       double      value,
       const char *unit)
{
  g_print ("BENCH %s %.3f %s\n", name, value, unit);
}

static long
helper_rss (const char *helper,
            const char *db,
            guint      *n)
{
  const char *argv[] = { helper, db, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  long kb = 0;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("%s: %s", helper, error->message);
  if (sscanf (out, "%u %ld", n, &kb) != 2)
    g_error ("%s: unexpected output %s", helper, out);
  return kb;
}

int
main (int    argc,
      char **argv)
{
  const char *env = g_getenv ("MC_BENCH_DOSSIERS");
  guint64 total = env != NULL ? g_ascii_strtoull (env, NULL, 10) : 1000000;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("motcua-bench-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "cache.db", NULL);
  g_autofree char *small_path = g_build_filename (dir, "small.db", NULL);
  g_autofree char *raw_path = g_build_filename (dir, "raw.db", NULL);
  g_autofree char *helper = NULL;
  g_autoptr(McCache) cache = NULL;
  g_autoptr(McCache) small = NULL;
  sqlite3 *raw = NULL, *plain = NULL;
  sqlite3_stmt *raw_insert = NULL, *pk_page = NULL;
  double fill_ms = 0, raw_ms = 0;
  GStringChunk *chunk = g_string_chunk_new (1 << 16);

  g_assert_no_error (error);
  if (total < 10000)
    total = 10000;
  cache = mc_cache_open (path, &error);
  g_assert_no_error (error);
  small = mc_cache_open (small_path, &error);
  g_assert_no_error (error);
  g_assert_true (sqlite3_open (raw_path, &raw) == SQLITE_OK);
  sqlite3_exec (raw, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                     "CREATE TABLE dossiers (n INTEGER PRIMARY KEY, id TEXT, code TEXT, status INTEGER,"
                     " department_id TEXT, assignee_id TEXT, applicant_name TEXT, received_at INTEGER,"
                     " due_at INTEGER, version INTEGER, doc TEXT);", NULL, NULL, NULL);
  sqlite3_prepare_v2 (raw, "INSERT INTO dossiers VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                      -1, &raw_insert, NULL);

  /* Fill. */
  for (guint64 first = 0; first < total; first += PAGE)
    {
      g_autoptr(JsonArray) items = json_array_new ();
      guint n = (guint) MIN (PAGE, total - first);
      FixtureDossier *fs = g_new (FixtureDossier, n);
      double t0;

      for (guint i = 0; i < n; i++)
        {
          fixture_generate (first + i, &fs[i], chunk);
          json_array_add_element (items, fixture_item ("dossier", first + i + 1,
                                                       fixture_dossier_json (&fs[i], (first + i) % 4 == 0)));
        }

      t0 = now_ms ();
      sqlite3_exec (raw, "BEGIN", NULL, NULL, NULL);
      for (guint i = 0; i < n; i++)
        {
          JsonNode *data = json_object_get_member (json_array_get_object_element (items, i), "data");
          g_autofree char *doc = mc_json_to_data (data, NULL);

          sqlite3_bind_int64 (raw_insert, 1, (gint64) (first + i));
          sqlite3_bind_text (raw_insert, 2, fs[i].id, -1, SQLITE_STATIC);
          sqlite3_bind_text (raw_insert, 3, fs[i].code, -1, SQLITE_STATIC);
          sqlite3_bind_int (raw_insert, 4, fs[i].status);
          sqlite3_bind_text (raw_insert, 5, fs[i].department_id, -1, SQLITE_STATIC);
          sqlite3_bind_text (raw_insert, 6, fs[i].assignee_id, -1, SQLITE_STATIC);
          sqlite3_bind_text (raw_insert, 7, fs[i].name, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (raw_insert, 8, fs[i].received_at);
          sqlite3_bind_int64 (raw_insert, 9, fs[i].due_at);
          sqlite3_bind_int (raw_insert, 10, fs[i].version);
          sqlite3_bind_text (raw_insert, 11, doc, -1, SQLITE_TRANSIENT);
          sqlite3_step (raw_insert);
          sqlite3_reset (raw_insert);
        }
      sqlite3_exec (raw, "COMMIT", NULL, NULL, NULL);
      raw_ms += now_ms () - t0;

      t0 = now_ms ();
      if (!mc_cache_apply_page (cache, items, "cursor", NULL, &error))
        g_error ("%s", error->message);
      fill_ms += now_ms () - t0;
      if (first < 10000 && !mc_cache_apply_page (small, items, "cursor", NULL, &error))
        g_error ("%s", error->message);
      g_free (fs);
      g_string_chunk_clear (chunk);
    }
  sqlite3_finalize (raw_insert);
  sqlite3_close (raw);
  bench ("cache.dossiers", total, "rows");
  bench ("cache.fill_rows_per_s", total / (fill_ms / 1000.0), "/s");
  bench ("cache.baseline_raw_insert_rows_per_s", total / (raw_ms / 1000.0), "/s");
  sqlite3_exec (_mc_cache_get_handle (cache), "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
  {
    GStatBuf st;

    if (g_stat (path, &st) == 0)
      bench ("cache.file_mib", st.st_size / 1048576.0, "MiB");
  }

  /* Search. */
  {
    static const char * const queries[] = {
      "nguyen", "ng", "nguyen van", "dang van duc", "tran thi", "le", "hoang minh", "pham ngoc anh",
      "Đặng Đức", "huong", "thi thao", "vu quoc", "0912", "phu", "le loi", "tuan", "nguyen van hung",
      "000.00.05.h56-25", "000.00.12.H56", "bui gia", "ngo xuan", "yen", "duong", "xyz", "trung nam",
      "ho thi", "linh", "quang", "phan thanh tam", "tran hung dao",
    };
    g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(GArray) base = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(McCacheQuery) none = mc_cache_query_new ();
    FixtureDossier f;
    char *extra[3];

    fixture_generate (total / 3, &f, chunk);
    extra[0] = g_strdup (f.code);
    extra[1] = g_strdup (f.id_number);
    extra[2] = g_strdup (f.name);
    for (guint rep = 0; rep < 5; rep++)
      for (guint i = 0; i < G_N_ELEMENTS (queries) + 3; i++)
        {
          g_autoptr(McCacheQuery) q = mc_cache_query_new ();
          g_autoptr(GPtrArray) rows = NULL;
          guint n;
          double t0, t;

          q->text = g_strdup (i < G_N_ELEMENTS (queries) ? queries[i] : extra[i - G_N_ELEMENTS (queries)]);
          t0 = now_ms ();
          rows = mc_cache_query_page (cache, q, NULL, 50, &error);
          t = now_ms () - t0;
          g_assert_no_error (error);
          g_array_append_val (samples, t);
          if (rep == 0)
            {
              t0 = now_ms ();
              mc_cache_count (cache, q, &n, NULL);
              t = now_ms () - t0;
              g_array_append_val (counts, t);
              g_print ("# search “%s”: %u matches, count %.1f ms\n", q->text, n, t);
            }
          {
            g_autoptr(GPtrArray) plain_rows = NULL;

            t0 = now_ms ();
            plain_rows = mc_cache_query_page (cache, none, NULL, 50, NULL);
            t = now_ms () - t0;
            g_array_append_val (base, t);
          }
        }
    bench ("search.first_page_p95_ms", p95 (samples), "ms");
    bench ("search.baseline_plain_first_page_p95_ms", p95 (base), "ms");
    bench ("search.count_p95_ms", p95 (counts), "ms");
    for (guint i = 0; i < 3; i++)
      g_free (extra[i]);
  }

  /* Keyset pages over queues, at depths spread over each queue. */
  {
    g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(GArray) base = g_array_new (FALSE, FALSE, sizeof (double));

    sqlite3_open_v2 (path, &plain, SQLITE_OPEN_READONLY, NULL);
    sqlite3_prepare_v2 (plain, "SELECT " MC_CACHE_ROW_COLUMNS " FROM dossiers d WHERE d.n < ?1 "
                               "ORDER BY d.n DESC LIMIT 64", -1, &pk_page, NULL);
    for (guint shape = 0; shape < 6; shape++)
      {
        g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (McCacheKey));
        g_autoptr(McCacheQuery) query = mc_cache_query_new ();
        guint n;
        double t0;

        g_array_set_clear_func (keys, (GDestroyNotify) mc_cache_key_clear);
        switch (shape)
          {
          case 0: break;
          case 1: query->status_mask = MC_CACHE_STATUS_BIT (MC_STATUS_IN_PROGRESS); break;
          case 2: query->department_id = g_strdup ("dept-tp"); query->status_mask = MC_CACHE_STATUS_BIT (MC_STATUS_RECEIVED); break;
          case 3: query->assignee_id = g_strdup ("user-7"); query->status_mask = MC_CACHE_STATUS_BIT (MC_STATUS_IN_PROGRESS); break;
          case 4: query->sort = MC_CACHE_SORT_DUE_ASC; break;
          case 5: query->sort = MC_CACHE_SORT_CODE_ASC; break;
          }
        mc_cache_count (cache, query, &n, NULL);
        t0 = now_ms ();
        mc_cache_scan_keys (cache, query, NULL, MAX (n / 20, 1), 20, keys, NULL, &error);
        g_print ("# queue %u: %u rows, keys walked in %.1f ms\n", shape, n, now_ms () - t0);
        for (guint rep = 0; rep < 3; rep++)
          for (guint i = 0; i < keys->len; i++)
            {
              McCacheKey *key = &g_array_index (keys, McCacheKey, i);
              g_autoptr(GPtrArray) rows = NULL;
              double t;

              t0 = now_ms ();
              rows = mc_cache_query_page (cache, query, key, 64, &error);
              t = now_ms () - t0;
              g_array_append_val (samples, t);
              if (shape == 0)
                {
                  t0 = now_ms ();
                  sqlite3_bind_int64 (pk_page, 1, key->n);
                  while (sqlite3_step (pk_page) == SQLITE_ROW)
                    g_object_unref (_mc_dossier_row_new_from_stmt (pk_page, 0));
                  sqlite3_reset (pk_page);
                  t = now_ms () - t0;
                  g_array_append_val (base, t);
                }
            }
      }
    sqlite3_finalize (pk_page);
    sqlite3_close (plain);
    bench ("cache.keyset_page_p95_ms", p95 (samples), "ms");
    bench ("cache.baseline_pk_range_page_p95_ms", p95 (base), "ms");
  }

  /* The lazy model. */
  {
    g_autoptr(McCacheQuery) query = mc_cache_query_new ();
    g_autoptr(McDossierList) list = NULL;
    g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
    guint n;
    double t0;

    t0 = now_ms ();
    list = mc_dossier_list_new (cache, query);
    n = g_list_model_get_n_items (G_LIST_MODEL (list));
    bench ("model.count_ms", now_ms () - t0, "ms");
    t0 = now_ms ();
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), 0));
    bench ("model.first_item_ms", now_ms () - t0, "ms");
    t0 = now_ms ();
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), n * 6 / 10));
    bench ("model.first_far_jump_ms", now_ms () - t0, "ms");
    for (guint i = 0; i < 200; i++)
      {
        guint p = g_random_int_range (0, n * 6 / 10);
        double t;

        t0 = now_ms ();
        g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), p));
        t = now_ms () - t0;
        g_array_append_val (samples, t);
      }
    bench ("model.jump_p95_ms", p95 (samples), "ms");
    g_array_set_size (samples, 0);
    for (guint i = 0; i < 6400; i++)
      {
        double t;

        t0 = now_ms ();
        g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), 1000 + i));
        t = now_ms () - t0;
        g_array_append_val (samples, t);
      }
    bench ("model.scroll_get_item_p95_ms", p95 (samples), "ms");
  }

  /* RSS of a process holding a model over N rows vs 10,000. */
  {
    g_autofree char *self_dir = g_path_get_dirname (argv[0]);
    guint n_big, n_small;
    long big, little;

    helper = g_build_filename (self_dir, "bench-cache-rss", NULL);
    g_clear_object (&small);
    big = helper_rss (helper, path, &n_big);
    little = helper_rss (helper, small_path, &n_small);
    g_print ("# rss: %u rows %ld kB, %u rows %ld kB\n", n_big, big, n_small, little);
    bench ("model.rss_kib_1m", big, "KiB");
    bench ("model.baseline_rss_kib_10k", little, "KiB");
    bench ("model.rss_ratio_1m_10k", (double) big / little, "ratio");
  }

  g_clear_object (&cache);
  if (g_getenv ("MC_BENCH_KEEP") != NULL)
    {
      g_print ("# kept %s\n", dir);
      return 0;
    }
  {
    const char *names[] = { "cache.db", "cache.db-wal", "cache.db-shm", "small.db", "small.db-wal",
                            "small.db-shm", "raw.db", "raw.db-wal", "raw.db-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *file = g_build_filename (dir, names[i], NULL);

        g_unlink (file);
      }
    g_rmdir (dir);
  }
  g_string_chunk_free (chunk);
  return 0;
}
