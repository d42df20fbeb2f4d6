/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application's speed over a big cache (issue "The application",
 * design.md "Set-up and checks"), under Xvfb with the cairo renderer:
 *
 *  app.first_frame_ratio   exec to the first frame of the main window showing
 *                          the populated queue of MC_BENCH_DOSSIERS cached
 *                          dossiers, over exec to the first frame of an empty
 *                          libadwaita window: an AdwApplicationWindow with
 *                          a header bar and its title (medians of alternate
 *                          runs)
 *  app.first_frame_ratio_bare  the same over a bare AdwApplicationWindow,
 *                          with no header bar: nothing drawn but its
 *                          background, no text, no fonts loaded
 *  app.first_frame_ratio_column_view  the same over GTK's own GtkColumnView
 *                          of 1,000 strings in eight label columns, alone
 *                          in a window: the floor any such list stands on
 *  app.scroll_p95_ms       frame time while scrolling the dossier list
 *  app.jump_p95_ms         frame time of a jump to a random place in the list
 *  app.max_stall_ms        the longest the main loop went without running
 *                          while a search is typed and sync pages are applied
 *
 * with the same scroll over a GtkColumnView of a GtkStringList of as many
 * rows as the baseline of the frame figures. The parent process fills the
 * cache, then runs itself as children (--child-empty, --child-bare,
 * --child-app) so that
 * every start is a fresh exec. The window opens offline (the server address
 * is a closed port): what a officer sees when the network is down.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "../cache-fixtures.h"
#include "mc-application.h"
#include "mc-client.h"
#include "mc-sync.h"
#include "mc-window.h"

#define PAGE 1000
#define STARTS 9
/* GTK's own column view for the first frame: few enough strings that
 * making them costs nothing next to the window. */
#define COLUMN_VIEW_ROWS "1000"
#define SCROLL_FRAMES 240
#define JUMPS 60

static void
bench (const char *name,
       double      value,
       const char *unit)
{
  printf ("BENCH %s %.3f %s\n", name, value, unit);
  fflush (stdout);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *samples,
            double  p)
{
  guint i;

  g_assert (samples->len > 0);
  g_array_sort (samples, compare_doubles);
  i = (guint) (p * (samples->len - 1) + 0.5);
  return g_array_index (samples, double, i);
}

/* ---- children ---- */

typedef struct {
  GtkWidget   *window;
  GtkWidget   *column_view;   /* the list to scroll */
  GListModel  *model;
  gint64       t0;            /* the parent's spawn moment */
  gboolean     first_frame_done;
  gboolean     interactive;   /* also measure scrolling, jumps and stalls */
  McCache     *writer;        /* app only: applies sync pages */
  guint        phase;         /* 0 first frame, 1 scroll, 2 jump, 3 stall, 4 done */
  guint        frame;
  gint64       frame_start;
  GArray      *scroll;
  GArray      *jumps;
  double       max_stall_ms;
  gint64       last_tick;
  GRand       *rand;
  const char  *prefix;        /* "app" or "baseline" */
} Child;

static GtkAdjustment *
list_vadjustment (Child *c)
{
  return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (c->column_view));
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  Child *c = user_data;
  GtkAdjustment *adj = list_vadjustment (c);

  c->frame_start = g_get_monotonic_time ();
  if (c->phase == 1)
    gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + 72);
  else if (c->phase == 2 && c->frame % 3 == 0)
    {
      double upper = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

      gtk_adjustment_set_value (adj, g_rand_double_range (c->rand, 0, upper));
    }
  return G_SOURCE_CONTINUE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Child         *c)
{
  gint64 now = g_get_monotonic_time ();

  if (c->phase == 0)
    {
      if (c->first_frame_done || g_list_model_get_n_items (c->model) == 0)
        return;
      c->first_frame_done = TRUE;
      printf ("FIRST_FRAME %.3f\n", (now - c->t0) / 1000.0);
      fflush (stdout);
      if (!c->interactive)
        {
          gtk_window_destroy (GTK_WINDOW (c->window));
          return;
        }
      c->phase = 1;
      c->frame = 0;
      gtk_widget_add_tick_callback (c->window, tick_cb, c, NULL);
      return;
    }

  if (c->frame_start == 0)
    return;
  if (c->phase == 1)
    {
      double ms = (now - c->frame_start) / 1000.0;

      if (c->frame > 5)
        g_array_append_val (c->scroll, ms);
      if (++c->frame >= SCROLL_FRAMES)
        {
          c->phase = 2;
          c->frame = 0;
        }
    }
  else if (c->phase == 2)
    {
      double ms = (now - c->frame_start) / 1000.0;

      if (c->frame % 3 == 0)
        g_array_append_val (c->jumps, ms);
      if (++c->frame >= JUMPS * 3)
        c->phase = 3;
    }
  c->frame_start = 0;
}

static gboolean
stall_tick_cb (gpointer user_data)
{
  Child *c = user_data;
  gint64 now = g_get_monotonic_time ();

  if (c->last_tick != 0)
    c->max_stall_ms = MAX (c->max_stall_ms, (now - c->last_tick) / 1000.0);
  c->last_tick = now;
  return c->phase == 3 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
wait_phase (Child *c,
            guint  phase)
{
  while (c->phase < phase && c->window != NULL)
    g_main_context_iteration (NULL, TRUE);
  return c->phase >= phase;
}

typedef struct {
  McCache        *writer;
  guint64         first;
  McCacheChanges *changes;
} ApplyJob;

/* As McSync does: the page is written by a worker on its own connection,
 * the window only hears about it. */
static void
apply_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  ApplyJob *job = data;
  g_autoptr(JsonArray) items = json_array_new ();
  g_autoptr(GError) error = NULL;
  GStringChunk *chunk = g_string_chunk_new (1 << 16);

  for (guint i = 0; i < 100; i++)
    {
      FixtureDossier f;

      fixture_generate (job->first + i, &f, chunk);
      f.status = MC_STATUS_IN_PROGRESS;
      f.version = 2;
      json_array_add_element (items, fixture_item ("dossier", 10000000 + job->first + i,
                                                   fixture_dossier_json (&f, FALSE)));
    }
  if (!mc_cache_apply_page (job->writer, items, "bench-cursor", &job->changes, &error))
    g_error ("%s", error->message);
  g_string_chunk_free (chunk);
  g_task_return_boolean (task, TRUE);
}

static void
type_search (McDossierView *view)
{
  static const char *typed = "nguyen van hung";

  /* Typed at a brisk 8 keys a second, as the search box's own delay
   * would hand each prefix over. */
  for (gsize i = 1; i <= strlen (typed); i++)
    {
      g_autofree char *text = g_strndup (typed, i);

      mc_dossier_view_set_search_text (view, text);
      spin (125);
    }
  mc_dossier_view_set_search_text (view, NULL);
  spin (125);
}

static void
apply_sync_page (Child          *c,
                 McWindow       *window,
                 guint64         first)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);
  ApplyJob job = { c->writer, first, NULL };

  g_task_set_task_data (task, &job, NULL);
  g_task_run_in_thread (task, apply_thread);
  while (!g_task_get_completed (task))
    g_main_context_iteration (NULL, TRUE);
  /* What the window does on McSync::changes. */
  mc_dossier_view_refresh (mc_window_get_dossier_view (window), job.changes);
  mc_queue_sidebar_refresh (mc_window_get_queue_sidebar (window));
  mc_cache_changes_unref (job.changes);
  spin (200);
}

static void
measure_stalls (Child    *c,
                McWindow *window)
{
  double search_ms, sync_ms;

  c->last_tick = 0;
  g_timeout_add_full (G_PRIORITY_HIGH, 2, stall_tick_cb, c, NULL);
  for (guint round = 0; round < 3; round++)
    type_search (mc_window_get_dossier_view (window));
  search_ms = c->max_stall_ms;
  c->max_stall_ms = 0;
  for (guint page = 0; page < 15; page++)
    apply_sync_page (c, window, (guint64) page * 1000);
  sync_ms = c->max_stall_ms;
  c->phase = 4;
  spin (10);
  bench ("app.max_stall_search_ms", search_ms, "ms");
  bench ("app.max_stall_sync_ms", sync_ms, "ms");
  c->max_stall_ms = MAX (search_ms, sync_ms);
}

static void
window_destroyed_cb (GtkWidget *widget,
                     Child     *c)
{
  c->window = NULL;
}

static void
watch_frames (Child *c)
{
  GdkFrameClock *clock;

  g_signal_connect (c->window, "destroy", G_CALLBACK (window_destroyed_cb), c);
  gtk_widget_realize (c->window);
  clock = gtk_widget_get_frame_clock (c->window);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), c);
}

static void
report_interactive (Child *c)
{
  g_autofree char *scroll = g_strdup_printf ("%s.scroll_p95_ms", c->prefix);
  g_autofree char *jump = g_strdup_printf ("%s.jump_p95_ms", c->prefix);

  bench (scroll, percentile (c->scroll, 0.95), "ms");
  bench (jump, percentile (c->jumps, 0.95), "ms");
}

/* An empty libadwaita window, as every application's starts: a header bar
 * showing the window's title over no content (with @header_bar FALSE, not
 * even that: a bare surface nobody can move or close). */
static int
run_child_empty (Child    *c,
                 gboolean  header_bar)
{
  adw_init ();
  c->window = adw_application_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (c->window), 1200, 720);
  if (header_bar)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

      gtk_window_set_title (GTK_WINDOW (c->window), "Empty Window");
      gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
      adw_application_window_set_content (ADW_APPLICATION_WINDOW (c->window), box);
    }
  c->model = G_LIST_MODEL (gtk_string_list_new ((const char *[]) { "x", NULL }));
  watch_frames (c);
  gtk_window_present (GTK_WINDOW (c->window));
  while (c->window != NULL)
    g_main_context_iteration (NULL, TRUE);
  g_object_unref (c->model);
  return 0;
}

static void
setup_string_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
bind_string_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  data)
{
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       gtk_string_object_get_string (gtk_list_item_get_item (item)));
}

/* GTK's own cost: the same number of rows and columns, from memory. */
static int
run_child_baseline (Child *c,
                    guint  n)
{
  GtkStringList *strings;
  GtkWidget *scrolled;

  adw_init ();
  strings = gtk_string_list_new (NULL);
  scrolled = gtk_scrolled_window_new ();
  for (guint i = 0; i < n; i++)
    {
      char buf[32];

      g_snprintf (buf, sizeof buf, "000.00.01.H56-%07u", i);
      gtk_string_list_append (strings, buf);
    }
  c->model = G_LIST_MODEL (strings);
  c->column_view = gtk_column_view_new (GTK_SELECTION_MODEL (gtk_single_selection_new (G_LIST_MODEL (g_object_ref (strings)))));
  for (guint i = 0; i < 8; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_string_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_string_cb), NULL);
      column = gtk_column_view_column_new ("Column", factory);
      gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (GTK_COLUMN_VIEW (c->column_view), column);
      g_object_unref (column);
    }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), c->column_view);
  c->window = adw_application_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (c->window), 1200, 720);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (c->window), scrolled);
  watch_frames (c);
  gtk_window_present (GTK_WINDOW (c->window));
  if (wait_phase (c, 3))
    {
      GtkSelectionModel *selection = gtk_column_view_get_model (GTK_COLUMN_VIEW (c->column_view));
      GtkStringList *other = gtk_string_list_new (NULL);

      report_interactive (c);
      /* What GTK itself takes to show a new list of as many rows: the
       * floor under app.max_stall_search_ms, which replaces the rows. */
      for (guint i = 0; i < n; i++)
        {
          char buf[32];

          g_snprintf (buf, sizeof buf, "000.00.02.H56-%07u", i);
          gtk_string_list_append (other, buf);
        }
      c->last_tick = 0;
      c->max_stall_ms = 0;
      g_timeout_add_full (G_PRIORITY_HIGH, 2, stall_tick_cb, c, NULL);
      for (guint round = 0; round < 10; round++)
        {
          /* As the application does: detached while the rows change. */
          g_object_ref (selection);
          gtk_column_view_set_model (GTK_COLUMN_VIEW (c->column_view), NULL);
          gtk_single_selection_set_model (GTK_SINGLE_SELECTION (selection),
                                          G_LIST_MODEL (round % 2 == 0 ? other : strings));
          gtk_column_view_set_model (GTK_COLUMN_VIEW (c->column_view), selection);
          g_object_unref (selection);
          spin (200);
        }
      c->phase = 4;
      spin (10);
      bench ("baseline_stringlist.replace_rows_stall_ms", c->max_stall_ms, "ms");
      g_object_unref (other);
    }
  if (c->window != NULL)
    gtk_window_destroy (GTK_WINDOW (c->window));
  g_object_unref (strings);
  return 0;
}

static int
run_child_app (Child      *c,
               const char *db)
{
  g_autoptr(McClient) client = NULL;
  g_autoptr(McSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  McWindow *window;

  adw_init ();
  /* Port 9 (discard) is closed on loopback: the window opens offline. */
  client = mc_client_new ("http://127.0.0.1:9", FALSE);
  mc_client_set_session (client, "bench", "bench-token");
  sync = mc_sync_new (client, db);
  window = g_object_new (MC_TYPE_WINDOW, NULL);
  c->window = GTK_WIDGET (window);
  if (!mc_window_set_sync (window, sync, &error))
    g_error ("%s", error->message);
  c->model = G_LIST_MODEL (mc_dossier_view_get_model (mc_window_get_dossier_view (window)));
  c->column_view = GTK_WIDGET (mc_dossier_view_get_column_view (mc_window_get_dossier_view (window)));
  watch_frames (c);
  gtk_window_present (GTK_WINDOW (window));
  mc_sync_start (sync);
  if (c->interactive)
    {
      c->writer = mc_cache_open (db, &error);
      g_assert_no_error (error);
      if (wait_phase (c, 3))
        {
          report_interactive (c);
          measure_stalls (c, window);
          bench ("app.max_stall_ms", c->max_stall_ms, "ms");
        }
      g_clear_object (&c->writer);
      if (c->window != NULL)
        gtk_window_destroy (GTK_WINDOW (c->window));
    }
  while (c->window != NULL)
    g_main_context_iteration (NULL, TRUE);
  mc_sync_stop (sync);
  return 0;
}

/* ---- parent ---- */

static double
spawn_child (const char  *self,
             const char  *mode,
             const char  *db,
             gboolean     interactive)
{
  g_autofree char *t0 = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  g_auto(GStrv) lines = NULL;
  const char *argv[] = { self, mode, db, NULL };
  const char *line;
  int status;

  env = g_environ_setenv (env, "MC_BENCH_INTERACTIVE", interactive ? "1" : "0", TRUE);
  t0 = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_monotonic_time ());
  env = g_environ_setenv (env, "MC_BENCH_T0", t0, TRUE);
  if (!g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("%s %s: %s", self, mode, error->message);
  /* The child's own BENCH lines pass through. */
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "BENCH "))
      printf ("%s\n", lines[i]);
  line = strstr (out, "FIRST_FRAME ");
  if (line == NULL)
    g_error ("%s %s printed no first frame: %s", self, mode, out);
  return g_ascii_strtod (line + strlen ("FIRST_FRAME "), NULL);
}

static void
fill_cache (const char *path,
            guint64     total)
{
  g_autoptr(McCache) cache = NULL;
  g_autoptr(GError) error = NULL;
  GStringChunk *chunk = g_string_chunk_new (1 << 16);

  cache = mc_cache_open (path, &error);
  g_assert_no_error (error);
  for (guint64 first = 0; first < total; first += PAGE)
    {
      g_autoptr(JsonArray) items = json_array_new ();
      guint n = (guint) MIN (PAGE, total - first);

      for (guint i = 0; i < n; i++)
        {
          FixtureDossier f;

          fixture_generate (first + i, &f, chunk);
          json_array_add_element (items, fixture_item ("dossier", first + i + 1,
                                                       fixture_dossier_json (&f, (first + i) % 4 == 0)));
        }
      if (!mc_cache_apply_page (cache, items, "cursor", NULL, &error))
        g_error ("%s", error->message);
      g_string_chunk_clear (chunk);
    }
  g_string_chunk_free (chunk);
}

int
main (int    argc,
      char **argv)
{
  const char *env = g_getenv ("MC_BENCH_DOSSIERS");
  guint64 total = env != NULL ? g_ascii_strtoull (env, NULL, 10) : 1000000;
  Child child = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) empty = NULL;
  g_autoptr(GArray) bare = NULL;
  g_autoptr(GArray) columns = NULL;
  g_autoptr(GArray) app = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  double t;

  if (argc >= 2 && g_str_has_prefix (argv[1], "--child-"))
    {
      int ret;

      child.t0 = g_ascii_strtoll (g_getenv ("MC_BENCH_T0"), NULL, 10);
      child.interactive = g_strcmp0 (g_getenv ("MC_BENCH_INTERACTIVE"), "1") == 0;
      child.scroll = g_array_new (FALSE, FALSE, sizeof (double));
      child.jumps = g_array_new (FALSE, FALSE, sizeof (double));
      child.rand = g_rand_new_with_seed (7);
      child.prefix = "app";
      if (g_str_equal (argv[1], "--child-empty"))
        ret = run_child_empty (&child, TRUE);
      else if (g_str_equal (argv[1], "--child-bare"))
        ret = run_child_empty (&child, FALSE);
      else if (g_str_equal (argv[1], "--child-baseline"))
        {
          child.prefix = "baseline_stringlist";
          ret = run_child_baseline (&child, (guint) g_ascii_strtoull (argv[2], NULL, 10));
        }
      else
        ret = run_child_app (&child, argv[2]);
      g_array_unref (child.scroll);
      g_array_unref (child.jumps);
      g_rand_free (child.rand);
      return ret;
    }

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      printf ("bench-app needs a display: run it under xvfb-run\n");
      return 77;
    }
  if (total < 10000)
    total = 10000;
  /* MC_BENCH_CACHE names a cache to keep between runs (filled if missing). */
  if (g_getenv ("MC_BENCH_CACHE") != NULL)
    db = g_strdup (g_getenv ("MC_BENCH_CACHE"));
  else
    {
      dir = g_dir_make_tmp ("motcua-bench-app-XXXXXX", &error);
      g_assert_no_error (error);
      db = g_build_filename (dir, "cache.db", NULL);
    }
  if (!g_file_test (db, G_FILE_TEST_EXISTS))
    {
      t = g_get_monotonic_time ();
      fill_cache (db, total);
      bench ("app.cache_fill_s", (g_get_monotonic_time () - t) / 1e6, "s");
    }
  {
    g_autoptr(McCache) cache = mc_cache_open (db, &error);

    g_assert_no_error (error);
    bench ("app.dossiers", mc_cache_get_n_dossiers (cache, NULL), "rows");
  }

  empty = g_array_new (FALSE, FALSE, sizeof (double));
  bare = g_array_new (FALSE, FALSE, sizeof (double));
  columns = g_array_new (FALSE, FALSE, sizeof (double));
  app = g_array_new (FALSE, FALSE, sizeof (double));
  /* Warm each once (fonts, icon theme, page cache), then alternate. */
  spawn_child (argv[0], "--child-empty", db, FALSE);
  spawn_child (argv[0], "--child-bare", db, FALSE);
  spawn_child (argv[0], "--child-baseline", COLUMN_VIEW_ROWS, FALSE);
  spawn_child (argv[0], "--child-app", db, FALSE);
  for (guint i = 0; i < STARTS; i++)
    {
      t = spawn_child (argv[0], "--child-empty", db, FALSE);
      g_array_append_val (empty, t);
      t = spawn_child (argv[0], "--child-bare", db, FALSE);
      g_array_append_val (bare, t);
      t = spawn_child (argv[0], "--child-baseline", COLUMN_VIEW_ROWS, FALSE);
      g_array_append_val (columns, t);
      t = spawn_child (argv[0], "--child-app", db, FALSE);
      g_array_append_val (app, t);
    }
  bench ("app.baseline_empty_window_first_frame_ms", percentile (empty, 0.5), "ms");
  bench ("app.baseline_bare_window_first_frame_ms", percentile (bare, 0.5), "ms");
  bench ("app.baseline_column_view_first_frame_ms", percentile (columns, 0.5), "ms");
  bench ("app.first_frame_ms", percentile (app, 0.5), "ms");
  bench ("app.first_frame_ratio", percentile (app, 0.5) / percentile (empty, 0.5), "x");
  bench ("app.first_frame_ratio_bare", percentile (app, 0.5) / percentile (bare, 0.5), "x");
  bench ("app.first_frame_ratio_column_view", percentile (app, 0.5) / percentile (columns, 0.5), "x");

  {
    g_autofree char *n = g_strdup_printf ("%" G_GUINT64_FORMAT, total);

    spawn_child (argv[0], "--child-baseline", n, TRUE);
  }
  spawn_child (argv[0], "--child-app", db, TRUE);

  if (dir != NULL)
    {
      g_autofree char *wal = g_strconcat (db, "-wal", NULL);
      g_autofree char *shm = g_strconcat (db, "-shm", NULL);

      g_unlink (db);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (dir);
    }
  return 0;
}
