/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/resource.h>

#include "mc-cache-private.h"
#include "mc-client.h"
#include "mc-json.h"
#include "mc-sync.h"

/* Sync end to end over loopback (MC_BENCH_DOSSIERS, default 1,000,000): a
 * seeded demo server, a supervisor's first sync into an empty cache, then
 * the delta after 100 actions. The baseline is a raw SQLite insert of the
 * same documents (id + text, one transaction, no index but the key) in the
 * same run: what the disk and SQLite cost without decoding, search text or
 * indexes.
 *
 *   BENCH sync.initial_dossiers_per_s N dossiers/s
 *   BENCH sync.initial_client_cpu_s N s             (the client's threads)
 *   BENCH sync.initial_raw_insert_per_s N rows/s     (baseline)
 *   BENCH sync.delta100_ms N ms */

#define PASSWORD "motcua-demo"

static void
bench (const char *name,
       double      value,
       const char *unit)
{
  g_print ("BENCH %s %.3f %s\n", name, value, unit);
}

static double
process_cpu_s (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

typedef struct {
  GAsyncResult *result;
} Wait;

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  ((Wait *) user_data)->result = g_object_ref (result);
}

static GAsyncResult *
wait_for (Wait *w)
{
  while (w->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return w->result;
}

static void
run (McSync *sync)
{
  g_autoptr(GError) error = NULL;
  Wait w = { NULL };

  mc_sync_run_async (sync, NULL, wait_cb, &w);
  if (!mc_sync_run_finish (sync, wait_for (&w), &error))
    g_error ("sync: %s", error->message);
  g_object_unref (w.result);
}

static GBytes *
send (McClient   *client,
      const char *method,
      const char *path,
      const char *body,
      const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = body ? g_bytes_new (body, strlen (body)) : NULL;
  Wait w = { NULL };
  GBytes *answer;

  mc_client_send_async (client, method, path, bytes, key, NULL, wait_cb, &w);
  answer = mc_client_send_finish (client, wait_for (&w), NULL, &error);
  if (answer == NULL)
    g_error ("%s %s: %s", method, path, error->message);
  g_object_unref (w.result);
  return answer;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) seed = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(McClient) client = NULL;
  g_autoptr(McSync) sync = NULL;
  g_autoptr(McCache) cache = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *port_file = NULL;
  g_autofree char *port_text = NULL;
  g_autofree char *url = NULL;
  g_autofree char *cache_path = NULL;
  g_autofree char *raw_path = NULL;
  g_autofree char *count = NULL;
  const char *scale = g_getenv ("MC_BENCH_DOSSIERS");
  const char *motcua_server = g_getenv ("MOTCUA_SERVER");
  const char *seeded = g_getenv ("MC_BENCH_SEEDED_DB");
  guint n = scale ? (guint) g_ascii_strtoull (scale, NULL, 10) : 1000000;
  guint n_cached;
  gint64 t0, t1;
  double cpu0, cpu1;

  if (motcua_server == NULL)
    g_error ("set MOTCUA_SERVER");
  dir = g_dir_make_tmp ("motcua-bench-sync-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (dir, "server.db", NULL);
  port_file = g_build_filename (dir, "port", NULL);
  cache_path = g_build_filename (dir, "cache.db", NULL);
  raw_path = g_build_filename (dir, "raw.db", NULL);
  count = g_strdup_printf ("%u", n);

  /* MC_BENCH_SEEDED_DB: a seeded database kept between runs (seeded there
   * when missing, copied for each run), to repeat the sync without the
   * minutes of seeding. */
  t0 = g_get_monotonic_time ();
  if (seeded == NULL || !g_file_test (seeded, G_FILE_TEST_EXISTS))
    {
      seed = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, motcua_server, "seed-demo",
                               "--db", seeded != NULL ? seeded : db, "--dossiers", count, "--seed", "1",
                               "--now", "2026-03-16T09:30:00+07:00", NULL);
      g_assert_no_error (error);
      if (!g_subprocess_wait_check (seed, NULL, &error))
        g_error ("seed-demo: %s", error->message);
      g_printerr ("seeded %u dossiers in %.1f s\n", n, (g_get_monotonic_time () - t0) / 1e6);
    }
  if (seeded != NULL)
    {
      g_autoptr(GFile) from = g_file_new_for_path (seeded);
      g_autoptr(GFile) to = g_file_new_for_path (db);

      if (!g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error))
        g_error ("copy %s: %s", seeded, error->message);
    }

  server = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, motcua_server, "serve", "--db", db,
                             "--listen", "127.0.0.1:0", "--port-file", port_file, "--quiet", NULL);
  g_assert_no_error (error);
  for (guint i = 0; i < 2000 && !g_file_get_contents (port_file, &port_text, NULL, NULL); i++)
    g_usleep (5000);
  g_assert_nonnull (port_text);
  url = g_strdup_printf ("http://127.0.0.1:%u", (guint) g_ascii_strtoull (port_text, NULL, 10));

  client = mc_client_new (url, FALSE);
  {
    Wait w = { NULL };

    mc_client_log_in_async (client, "giamsat", PASSWORD, NULL, wait_cb, &w);
    if (!mc_client_log_in_finish (client, wait_for (&w), &error))
      g_error ("log in: %s", error->message);
    g_object_unref (w.result);
  }

  /* The first sync, end to end. */
  sync = mc_sync_new (client, cache_path);
  cpu0 = process_cpu_s ();
  t0 = g_get_monotonic_time ();
  run (sync);
  t1 = g_get_monotonic_time ();
  cpu1 = process_cpu_s ();
  cache = mc_cache_open (cache_path, &error);
  g_assert_no_error (error);
  n_cached = mc_cache_get_n_dossiers (cache, &error);
  g_assert_no_error (error);
  g_printerr ("first sync: %u dossiers in %.2f s\n", n_cached, (t1 - t0) / 1e6);
  bench ("sync.initial_dossiers_per_s", n_cached / ((t1 - t0) / 1e6), "dossiers/s");
  /* Less noisy on a shared machine than the wall time: what the client
   * (worker, page reading, main thread) spent, the server aside. */
  bench ("sync.initial_client_cpu_s", cpu1 - cpu0, "s");

  /* The baseline: the same documents, raw. */
  {
    sqlite3 *raw = NULL;
    sqlite3_stmt *read = NULL, *insert = NULL;

    g_assert_cmpint (sqlite3_open (raw_path, &raw), ==, SQLITE_OK);
    sqlite3_exec (raw, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                       "CREATE TABLE docs (id TEXT PRIMARY KEY, doc TEXT NOT NULL)", NULL, NULL, NULL);
    g_assert_cmpint (sqlite3_prepare_v2 (_mc_cache_get_handle (cache),
                                         "SELECT d.id, x.doc FROM dossiers d JOIN dossier_docs x USING (n)",
                                         -1, &read, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (raw, "INSERT INTO docs (id, doc) VALUES (?1, ?2)", -1, &insert, NULL),
                     ==, SQLITE_OK);
    t0 = g_get_monotonic_time ();
    sqlite3_exec (raw, "BEGIN", NULL, NULL, NULL);
    while (sqlite3_step (read) == SQLITE_ROW)
      {
        sqlite3_bind_text (insert, 1, (const char *) sqlite3_column_text (read, 0), -1, SQLITE_STATIC);
        sqlite3_bind_text (insert, 2, (const char *) sqlite3_column_text (read, 1), -1, SQLITE_STATIC);
        g_assert_cmpint (sqlite3_step (insert), ==, SQLITE_DONE);
        sqlite3_reset (insert);
      }
    sqlite3_exec (raw, "COMMIT", NULL, NULL, NULL);
    t1 = g_get_monotonic_time ();
    sqlite3_finalize (read);
    sqlite3_finalize (insert);
    sqlite3_close (raw);
    bench ("sync.initial_raw_insert_per_s", n_cached / ((t1 - t0) / 1e6), "rows/s");
  }

  /* 100 registrations at a counter (another client), then the delta. */
  {
    g_autoptr(McClient) counter = mc_client_new (url, FALSE);
    g_autoptr(GBytes) page = NULL;
    g_autoptr(JsonNode) root = NULL;
    const char *procedure_id;
    guint done = 0;

    {
      Wait w = { NULL };

      mc_client_log_in_async (counter, "tiepnhan.tinh", PASSWORD, NULL, wait_cb, &w);
      if (!mc_client_log_in_finish (counter, wait_for (&w), &error))
        g_error ("log in: %s", error->message);
      g_object_unref (w.result);
    }
    page = send (counter, "GET", "/api/v1/procedures", NULL, NULL);
    root = mc_json_parse (g_bytes_get_data (page, NULL), g_bytes_get_size (page),
                          MC_CLIENT_MAX_BODY, MC_JSON_MAX_DEPTH, &error);
    g_assert_no_error (error);
    procedure_id = json_object_get_string_member (
      json_array_get_object_element (json_object_get_array_member (json_node_get_object (root), "items"), 0), "id");
    for (guint i = 0; i < 100; i++)
      {
        g_autofree char *body = g_strdup_printf ("{\"procedure_id\":\"%s\",\"applicant\":{\"kind\":\"person\","
                                                 "\"name\":\"Nguyễn Văn Thử %u\",\"id_number\":\"001099012345\",\"phone\":\"0912345678\",\"email\":\"thu@example.vn\",\"address\":\"1 Lê Lợi, Huế\",\"tax_code\":null}}",
                                                 procedure_id, i);
        g_autofree char *key = g_uuid_string_random ();
        g_autoptr(GBytes) answer = send (counter, "POST", "/api/v1/dossiers", body, key);

        done++;
      }
    g_printerr ("delta: %u dossiers registered\n", done);
    t0 = g_get_monotonic_time ();
    run (sync);
    t1 = g_get_monotonic_time ();
    bench ("sync.delta100_ms", (t1 - t0) / 1e3, "ms");
  }

  g_clear_object (&sync);
  g_clear_object (&cache);
  g_subprocess_send_signal (server, 15);
  g_subprocess_wait (server, NULL, NULL);
  if (g_getenv ("MC_BENCH_KEEP") != NULL)
    g_printerr ("kept %s\n", dir);
  else
    {
      g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);

      g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
    }
  return 0;
}
