/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/prctl.h>

/* motcua-server under load, against a bare SoupServer measured in the same
 * run (bench-bare-server): requests per second and latency of an
 * authenticated GET /api/v1/dossiers/{id} on random ids at 1 and 32
 * keep-alive clients (wrk, with a Lua script for the header and the ids),
 * and how fast a first sync pulls the dossiers through GET /api/v1/changes.
 *
 * The database is the demo province of `motcua-server seed-demo` with
 * MC_BENCH_DOSSIERS dossiers (default 100,000). MC_BENCH_SECONDS sets the
 * length of each wrk run (default 10). Needs wrk (tools/setup-debian). */

#define DEMO_USER "giamsat"
#define DEMO_PASSWORD "motcua-demo"

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static GSubprocess *
spawn (const char *port_file,
       guint      *port,
       const char *first,
       ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GSubprocess *process;
  const char *arg;
  va_list ap;

  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_unlink (port_file);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) args->pdata, &error);
  if (process == NULL)
    g_error ("%s: %s", first, error->message);
  for (guint i = 0; i < 3000 && !g_file_get_contents (port_file, &text, NULL, NULL); i++)
    g_usleep (10000);
  if (text == NULL)
    g_error ("%s did not start", first);
  *port = (guint) g_ascii_strtoull (text, NULL, 10);
  return process;
}

static void
stop (GSubprocess *process)
{
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, NULL);
  g_object_unref (process);
}

static JsonObject *
request_json (SoupSession *session,
              const char  *method,
              const char  *uri,
              const char  *token,
              const char  *body,
              guint        expect,
              JsonParser  *parser)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  if (bytes == NULL)
    g_error ("%s %s: %s", method, uri, error->message);
  if (soup_message_get_status (msg) != expect)
    g_error ("%s %s: %u", method, uri, soup_message_get_status (msg));
  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), &error))
    g_error ("%s %s: %s", method, uri, error->message);
  return json_node_get_object (json_parser_get_root (parser));
}

/* wrk prints latencies as 1.23us, 4.56ms or 1.20s. */
static double
parse_ms (const char *text)
{
  char *end = NULL;
  double value = g_ascii_strtod (text, &end);

  if (g_str_has_prefix (end, "us"))
    return value / 1000.0;
  if (g_str_has_prefix (end, "ms"))
    return value;
  if (g_str_has_prefix (end, "s"))
    return value * 1000.0;
  if (g_str_has_prefix (end, "m"))
    return value * 60000.0;
  return value;
}

typedef struct {
  double rps;
  double p50_ms;
  double p99_ms;
  guint64 errors;
} WrkResult;

static WrkResult
run_wrk (const char *url,
         const char *script,
         guint       connections,
         guint       seconds)
{
  g_autofree char *c = g_strdup_printf ("%u", connections);
  g_autofree char *t = g_strdup_printf ("%u", MIN (connections, 4));
  g_autofree char *d = g_strdup_printf ("%us", seconds);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  const char *argv[] = { "wrk", "-t", t, "-c", c, "-d", d, "--latency", "-s", script, url, NULL };
  WrkResult result = { 0 };
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error))
    g_error ("wrk: %s", error->message);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("wrk: %s\n%s", error->message, err);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *l = g_strchug (lines[i]);

      if (g_str_has_prefix (l, "Requests/sec:"))
        result.rps = g_ascii_strtod (l + strlen ("Requests/sec:"), NULL);
      else if (g_str_has_prefix (l, "50%"))
        result.p50_ms = parse_ms (g_strchug ((char *) l + 3));
      else if (g_str_has_prefix (l, "99%"))
        result.p99_ms = parse_ms (g_strchug ((char *) l + 3));
      else if (g_str_has_prefix (l, "Non-2xx or 3xx responses:"))
        result.errors = g_ascii_strtoull (l + strlen ("Non-2xx or 3xx responses:"), NULL, 10);
    }
  if (result.rps <= 0)
    g_error ("wrk said nothing useful:\n%s\n%s", out, err);
  if (result.errors > 0)
    g_error ("wrk: %" G_GUINT64_FORMAT " answers were not 2xx:\n%s", result.errors, out);
  return result;
}

/* Random ids from the database, for wrk's script. */
static GPtrArray *
sample_ids (const char *db_path,
            guint       n)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "SELECT id FROM dossiers ORDER BY random() LIMIT ?1", -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", db_path, sqlite3_errmsg (db));
  sqlite3_bind_int (stmt, 1, (int) n);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return ids;
}

static void
write_script (const char *path,
              const char *token,
              GPtrArray  *ids)
{
  g_autoptr(GString) lua = g_string_new ("local ids = {\n");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (lua, "  \"%s\",\n", (const char *) ids->pdata[i]);
  g_string_append (lua, "}\n");
  if (token != NULL)
    g_string_append_printf (lua, "local headers = { [\"Authorization\"] = \"Bearer %s\" }\n", token);
  else
    g_string_append (lua, "local headers = {}\n");
  g_string_append (lua,
                   "request = function()\n"
                   "  local id = ids[math.random(#ids)]\n"
                   "  return wrk.format(\"GET\", \"/api/v1/dossiers/\" .. id, headers)\n"
                   "end\n");
  if (!g_file_set_contents (path, lua->str, (gssize) lua->len, &error))
    g_error ("%s", error->message);
}

static void
report (const char *name,
        double      value,
        const char *unit)
{
  gboolean whole = value >= 100 || value == (double) (gint64) value;

  g_print ("BENCH %s %.*f %s\n", name, whole ? 0 : 2, value, unit);
}

int
main (int    argc,
      char **argv)
{
  const char *server = g_getenv ("MOTCUA_SERVER");
  const char *bare = g_getenv ("MC_BENCH_BARE_SERVER");
  const char *scale = g_getenv ("MC_BENCH_DOSSIERS");
  const char *seconds_text = g_getenv ("MC_BENCH_SECONDS");
  guint dossiers = scale ? (guint) g_ascii_strtoull (scale, NULL, 10) : 100000;
  guint seconds = seconds_text ? (guint) g_ascii_strtoull (seconds_text, NULL, 10) : 10;
  g_autofree char *dir = g_dir_make_tmp ("motcua-bench-server-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "server.db", NULL);
  g_autofree char *port_file = g_build_filename (dir, "port", NULL);
  g_autofree char *script = g_build_filename (dir, "dossier.lua", NULL);
  g_autofree char *bare_script = g_build_filename (dir, "bare.lua", NULL);
  g_autofree char *count = NULL;
  g_autofree char *base = NULL;
  g_autofree char *bare_url = NULL;
  g_autofree char *token = NULL;
  g_autofree char *wrk = g_find_program_in_path ("wrk");
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GProxyResolver) direct = g_simple_proxy_resolver_new (NULL, NULL);
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *process;
  WrkResult bare1, bare32, dossier1, dossier32;
  guint port, n_changes = 0, n_pages = 0;
  gint64 start;
  double seed_s, changes_s;
  int status;

  if (server == NULL || bare == NULL)
    g_error ("Run through meson: MOTCUA_SERVER and MC_BENCH_BARE_SERVER are not set");
  if (wrk == NULL)
    {
      g_print ("bench-server: wrk is not installed (tools/setup-debian installs it); skipped\n");
      return 77;
    }

  /* The data. */
  count = g_strdup_printf ("%u", dossiers);
  start = g_get_monotonic_time ();
  {
    const char *seed_argv[] = { server, "seed-demo", "--db", db, "--dossiers", count, NULL };
    g_autofree char *out = NULL;

    if (!g_spawn_sync (NULL, (char **) seed_argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, &error) ||
        !g_spawn_check_wait_status (status, &error))
      g_error ("seed-demo: %s", error->message);
  }
  seed_s = (g_get_monotonic_time () - start) / 1e6;
  report ("server.dossiers", dossiers, "dossiers");
  report ("server.seed_s", seed_s, "s");

  session = soup_session_new_with_options ("timeout", 600, "proxy-resolver", direct, NULL);

  /* The baseline. */
  process = spawn (port_file, &port, bare, port_file, "2048", NULL);
  bare_url = g_strdup_printf ("http://127.0.0.1:%u", port);
  ids = sample_ids (db, 10000);
  write_script (bare_script, NULL, ids);
  bare1 = run_wrk (bare_url, bare_script, 1, seconds);
  bare32 = run_wrk (bare_url, bare_script, 32, seconds);
  stop (process);

  /* The server. */
  process = spawn (port_file, &port, server, "serve", "--db", db, "--listen", "127.0.0.1:0",
                   "--port-file", port_file, "--quiet", NULL);
  base = g_strdup_printf ("http://127.0.0.1:%u", port);
  {
    g_autoptr(JsonParser) parser = json_parser_new_immutable ();
    g_autofree char *uri = g_strconcat (base, "/api/v1/session", NULL);
    JsonObject *o = request_json (session, "POST", uri, NULL,
                                  "{\"username\":\"" DEMO_USER "\",\"password\":\"" DEMO_PASSWORD "\"}", 201, parser);
    token = g_strdup (json_object_get_string_member (o, "token"));
  }

  /* A first sync, as a supervisor: every dossier of the province. */
  start = g_get_monotonic_time ();
  {
    g_autofree char *since = g_strdup ("0");
    gboolean more = TRUE;

    while (more)
      {
        g_autoptr(JsonParser) parser = json_parser_new_immutable ();
        g_autofree char *uri = g_strdup_printf ("%s/api/v1/changes?since=%s&limit=2000", base, since);
        JsonObject *o = request_json (session, "GET", uri, token, NULL, 200, parser);
        JsonArray *items = json_object_get_array_member (o, "items");

        for (guint i = 0; i < json_array_get_length (items); i++)
          if (g_str_equal (json_object_get_string_member (json_array_get_object_element (items, i), "kind"), "dossier"))
            n_changes++;
        g_free (since);
        since = g_strdup (json_object_get_string_member (o, "next"));
        more = json_object_get_boolean_member (o, "more");
        n_pages++;
      }
  }
  changes_s = (g_get_monotonic_time () - start) / 1e6;
  if (n_changes != dossiers)
    g_error ("the change feed gave %u dossiers, not %u", n_changes, dossiers);

  write_script (script, token, ids);
  dossier1 = run_wrk (base, script, 1, seconds);
  dossier32 = run_wrk (base, script, 32, seconds);
  stop (process);

  report ("server.changes_dossiers_per_s", n_changes / changes_s, "/s");
  report ("server.changes_first_sync_s", changes_s, "s");
  report ("server.changes_pages", n_pages, "pages");
  report ("server.bare_rps", bare32.rps, "/s");
  report ("server.bare_p99_ms_32", bare32.p99_ms, "ms");
  report ("server.bare_rps_1", bare1.rps, "/s");
  report ("server.bare_p99_ms_1", bare1.p99_ms, "ms");
  report ("server.dossier_rps_1", dossier1.rps, "/s");
  report ("server.dossier_p50_ms_1", dossier1.p50_ms, "ms");
  report ("server.dossier_p99_ms_1", dossier1.p99_ms, "ms");
  report ("server.dossier_rps_32", dossier32.rps, "/s");
  report ("server.dossier_p50_ms_32", dossier32.p50_ms, "ms");
  report ("server.dossier_p99_ms_32", dossier32.p99_ms, "ms");
  report ("server.dossier_vs_bare_ratio_32", dossier32.rps / bare32.rps, "ratio");

  {
    const char *suffixes[] = { "", "-wal", "-shm" };
    g_autofree char *files = g_strconcat (db, ".files", NULL);

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *f = g_strconcat (db, suffixes[i], NULL);
        g_unlink (f);
      }
    g_rmdir (files);
    g_unlink (port_file);
    g_unlink (script);
    g_unlink (bare_script);
    g_rmdir (dir);
  }
  return 0;
}
