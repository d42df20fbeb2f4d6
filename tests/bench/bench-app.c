/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application's speed over a big cache (issue "The application",
 * design.md "Set-up and checks"), under Xvfb with the cairo renderer:
 *
 *  app.first_frame_ratio   exec to the first frame of motcua's window
 *                          showing the populated queue of MC_BENCH_DOSSIERS
 *                          cached dossiers, on a later start (the account
 *                          remembered in GSettings, its token in the Secret
 *                          Service), over exec to the first frame of an
 *                          empty libadwaita application's window: an
 *                          AdwApplication with an AdwApplicationWindow, a
 *                          header bar and its title (medians of alternate
 *                          runs)
 *  app.first_frame_ratio_column_view  the same over GTK's own GtkColumnView
 *                          of 1,000 strings in eight label columns, alone
 *                          in an application's window: the floor any such
 *                          list stands on
 *  app.first_frame_ratio_window  McWindow alone on the same cache, without
 *                          the application (no D-Bus, no Secret Service,
 *                          no settings, no alerts), over the empty window
 *                          without an application: what earlier runs
 *                          measured
 *  app.scroll_p95_ms       frame time while scrolling the dossier list
 *  app.jump_p95_ms         frame time of a jump to a random place in the list
 *  app.max_stall_ms        the longest the main loop went without running
 *                          while a search is typed and sync pages are applied
 *  app.alerts_look_ms      one look for the deadline alerts of the bench
 *                          user's department (200,000 dossiers), as the
 *                          application's worker runs it, over counting the
 *                          department's open dossiers in SQL
 *
 * with the same scroll over a GtkColumnView of a GtkStringList of as many
 * rows as the baseline of the frame figures. The parent process gives the
 * children a desktop of their own (bench-desktop.c: a session bus, an
 * unlocked keyring, settings on disk), fills the account's cache, then runs
 * itself as children (--child-empty, --child-app, ...) so that every start
 * is a fresh exec. Applications register as non-unique: a child's name
 * must not outlive it into the next. The window opens offline (the server
 * address is a closed port): what an officer sees when the network is down.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

#include "../cache-fixtures.h"
#include "bench-desktop.h"
#include "mc-application.h"
#include "mc-client.h"
#include "mc-credentials.h"
#include "mc-deadline-alerts.h"
#include "mc-sync.h"
#include "mc-window.h"

/* The account the application finds remembered. Port 9 (discard) is
 * closed on loopback: the window opens offline. */
#define ADDRESS "http://127.0.0.1:9"
#define USERNAME "bench"

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

typedef struct _Child Child;

struct _Child {
  gboolean   (*ready) (Child *c);  /* the frame shows what is measured */
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
};

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
      if (c->first_frame_done || !c->ready (c))
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
window_realized_cb (GtkWidget *widget,
                    Child     *c)
{
  g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint", G_CALLBACK (after_paint_cb), c);
}

static void
watch_frames (Child *c)
{
  g_signal_connect (c->window, "destroy", G_CALLBACK (window_destroyed_cb), c);
  g_signal_connect_after (c->window, "realize", G_CALLBACK (window_realized_cb), c);
}

static gboolean
model_ready (Child *c)
{
  return g_list_model_get_n_items (c->model) > 0;
}

/* As an application does before its first window: registered on the
 * session bus, GTK and libadwaita started. NULL: a window on its own. */
static GtkApplication *
register_application (const char *id)
{
  g_autoptr(GError) error = NULL;
  GtkApplication *app;

  if (id == NULL)
    {
      adw_init ();
      return NULL;
    }
  app = GTK_APPLICATION (adw_application_new (id, G_APPLICATION_NON_UNIQUE));
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);
  return app;
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
 * showing the window's title over no content; with @application FALSE,
 * the window without an application, as earlier runs measured it. */
static int
run_child_empty (Child    *c,
                 gboolean  application)
{
  g_autoptr(GtkApplication) app = register_application (application ? "vn.motcua.Bench.Empty" : NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  c->window = adw_application_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (c->window), 1200, 720);
  gtk_window_set_title (GTK_WINDOW (c->window), "Empty Window");
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (c->window), box);
  c->ready = model_ready;
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
  g_autoptr(GtkApplication) app = register_application ("vn.motcua.Bench.ColumnView");
  GtkStringList *strings;
  GtkWidget *scrolled;

  c->ready = model_ready;
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
  c->window = adw_application_window_new (app);
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

static void
run_interactive (Child      *c,
                 McWindow   *window,
                 const char *db)
{
  g_autoptr(GError) error = NULL;

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

/* The queues are on screen with their first rows. */
static gboolean
app_ready (Child *c)
{
  McWindow *window = MC_WINDOW (c->window);
  McDossierView *view;

  if (g_strcmp0 (mc_window_get_page (window), "queues") != 0)
    return FALSE;
  view = mc_window_get_dossier_view (window);
  c->model = G_LIST_MODEL (mc_dossier_view_get_model (view));
  c->column_view = GTK_WIDGET (mc_dossier_view_get_column_view (view));
  return c->model != NULL && g_list_model_get_n_items (c->model) > 0;
}

static void
app_window_added_cb (GtkApplication *app,
                     GtkWindow      *window,
                     Child          *c)
{
  if (c->window != NULL || !MC_IS_WINDOW (window))
    return;
  c->window = GTK_WIDGET (window);
  watch_frames (c);
}

/* motcua as a later start runs it: main.c's set-up, then the application
 * restores the remembered account and opens on its cache. */
static int
run_child_app (Child      *c,
               const char *db)
{
  g_autoptr(McApplication) app = NULL;
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  app = mc_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  c->ready = app_ready;
  g_signal_connect (app, "window-added", G_CALLBACK (app_window_added_cb), c);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);
  g_application_activate (G_APPLICATION (app));
  if (c->interactive)
    run_interactive (c, MC_WINDOW (c->window), db);
  while (c->window != NULL)
    g_main_context_iteration (NULL, TRUE);
  return 0;
}

/* McWindow alone on a McSync of the cache, as earlier runs measured. */
static int
run_child_window (Child      *c,
                  const char *db)
{
  g_autoptr(McClient) client = NULL;
  g_autoptr(McSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  McWindow *window;

  adw_init ();
  client = mc_client_new (ADDRESS, FALSE);
  mc_client_set_session (client, USERNAME, "bench-token");
  sync = mc_sync_new (client, db);
  window = g_object_new (MC_TYPE_WINDOW, NULL);
  c->window = GTK_WIDGET (window);
  if (!mc_window_set_sync (window, sync, &error))
    g_error ("%s", error->message);
  c->ready = app_ready;
  watch_frames (c);
  gtk_window_present (GTK_WINDOW (window));
  mc_sync_start (sync);
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

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The signed-in officer among the cache's users, as the first sync brings
 * them: a leader of one department (dept-xd, 200,000 of the million), so
 * that the window opens on the department's queue and the deadline
 * alerts look at it, as they would for a real officer. */
static void
add_user (const char *db)
{
  g_autoptr(McCache) cache = NULL;
  g_autoptr(McUser) user = mc_user_new ();
  g_autoptr(JsonArray) items = json_array_new ();
  g_autoptr(GError) error = NULL;

  mc_user_set_id (user, "user-bench");
  mc_user_set_username (user, USERNAME);
  mc_user_set_full_name (user, "Nguyễn Văn Kiểm");
  mc_user_set_role (user, MC_ROLE_LEADER);
  mc_user_set_department_id (user, "dept-xd");
  json_array_add_element (items, fixture_item ("user", 1, mc_user_to_json (user)));
  cache = mc_cache_open (db, &error);
  if (cache == NULL || !mc_cache_apply_page (cache, items, "cursor", NULL, &error))
    g_error ("%s", error->message);
}

/* What a sign-in leaves: the address and user name in the settings, the
 * token in the Secret Service. */
static void
remember_account (void)
{
  g_autoptr(GSettings) settings = mc_application_new_settings ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_settings_set_string (settings, "server-url", ADDRESS);
  g_settings_set_string (settings, "username", USERNAME);
  g_settings_sync ();
  mc_credentials_store_async (ADDRESS, USERNAME, "bench-token", NULL, stored_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!mc_credentials_store_finish (result, &error))
    g_error ("The keyring refused the token: %s", error->message);
}

/* One look for deadline alerts over the bench user's department, as the
 * application's watch runs it on its worker (the second, steady look: the
 * first also writes what it announced), against counting the same open
 * dossiers of the department in SQL. */
static void
measure_alerts (const char *db)
{
  g_autoptr(GSettings) settings = mc_application_new_settings ();
  g_autoptr(McDeadlineAlerts) alerts = mc_deadline_alerts_new (db, settings);
  g_autoptr(McCache) cache = NULL;
  g_autoptr(McCacheQuery) query = mc_cache_query_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *state = g_strconcat (db, ".alerts", NULL);
  double look_ms = 0, count_ms;
  guint n_alerts = 0, n_open = 0;
  gint64 t;

  g_unlink (state);
  mc_deadline_alerts_set_user (alerts, "user-bench", "dept-xd");
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GPtrArray) fresh = NULL;

      t = g_get_monotonic_time ();
      fresh = mc_deadline_alerts_check (alerts, &error);
      g_assert_no_error (error);
      look_ms = (g_get_monotonic_time () - t) / 1000.0;
      if (i == 0)
        n_alerts = fresh->len;
    }
  g_unlink (state);
  cache = mc_cache_open (db, &error);
  g_assert_no_error (error);
  query->status_mask = MC_CACHE_STATUS_OPEN;
  query->department_id = g_strdup ("dept-xd");
  t = g_get_monotonic_time ();
  g_assert_true (mc_cache_count (cache, query, &n_open, &error));
  count_ms = (g_get_monotonic_time () - t) / 1000.0;
  bench ("app.alerts_found", n_alerts, "dossiers");
  bench ("app.alerts_look_ms", look_ms, "ms");
  bench ("app.baseline_count_open_ms", count_ms, "ms");
  bench ("app.alerts_look_ratio", look_ms / MAX (count_ms, 0.001), "x");
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
  g_autoptr(GArray) empty_window = NULL;
  g_autoptr(GArray) columns = NULL;
  g_autoptr(GArray) app = NULL;
  g_autoptr(GArray) window = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  BenchDesktop *desktop;
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
      else if (g_str_equal (argv[1], "--child-empty-window"))
        ret = run_child_empty (&child, FALSE);
      else if (g_str_equal (argv[1], "--child-baseline"))
        {
          child.prefix = "baseline_stringlist";
          ret = run_child_baseline (&child, (guint) g_ascii_strtoull (argv[2], NULL, 10));
        }
      else if (g_str_equal (argv[1], "--child-window"))
        ret = run_child_window (&child, argv[2]);
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
  desktop = bench_desktop_start (&error);
  if (desktop == NULL)
    {
      printf ("bench-app needs dbus-daemon and gnome-keyring-daemon: %s\n", error->message);
      return 1;
    }
  remember_account ();

  /* MC_BENCH_CACHE names a cache to keep between runs (filled if missing);
   * the account's cache is a link to it. */
  path = mc_cache_default_path (ADDRESS, USERNAME);
  dir = g_path_get_dirname (path);
  g_mkdir_with_parents (dir, 0700);
  db = g_strdup (g_getenv ("MC_BENCH_CACHE") != NULL ? g_getenv ("MC_BENCH_CACHE") : path);
  if (!g_file_test (db, G_FILE_TEST_EXISTS))
    {
      t = g_get_monotonic_time ();
      fill_cache (db, total);
      bench ("app.cache_fill_s", (g_get_monotonic_time () - t) / 1e6, "s");
    }
  if (!g_str_equal (db, path) && symlink (db, path) != 0)
    g_error ("Cannot link %s to %s: %s", path, db, g_strerror (errno));
  add_user (db);
  measure_alerts (db);
  {
    g_autoptr(McCache) cache = mc_cache_open (db, &error);

    g_assert_no_error (error);
    bench ("app.dossiers", mc_cache_get_n_dossiers (cache, NULL), "rows");
  }

  empty = g_array_new (FALSE, FALSE, sizeof (double));
  empty_window = g_array_new (FALSE, FALSE, sizeof (double));
  columns = g_array_new (FALSE, FALSE, sizeof (double));
  app = g_array_new (FALSE, FALSE, sizeof (double));
  window = g_array_new (FALSE, FALSE, sizeof (double));
  /* Warm each once (fonts, icon theme, page cache), then alternate. */
  spawn_child (argv[0], "--child-empty", db, FALSE);
  spawn_child (argv[0], "--child-empty-window", db, FALSE);
  spawn_child (argv[0], "--child-baseline", COLUMN_VIEW_ROWS, FALSE);
  spawn_child (argv[0], "--child-app", db, FALSE);
  spawn_child (argv[0], "--child-window", db, FALSE);
  for (guint i = 0; i < STARTS; i++)
    {
      t = spawn_child (argv[0], "--child-empty", db, FALSE);
      g_array_append_val (empty, t);
      t = spawn_child (argv[0], "--child-empty-window", db, FALSE);
      g_array_append_val (empty_window, t);
      t = spawn_child (argv[0], "--child-baseline", COLUMN_VIEW_ROWS, FALSE);
      g_array_append_val (columns, t);
      t = spawn_child (argv[0], "--child-app", db, FALSE);
      g_array_append_val (app, t);
      t = spawn_child (argv[0], "--child-window", db, FALSE);
      g_array_append_val (window, t);
    }
  bench ("app.baseline_empty_window_first_frame_ms", percentile (empty, 0.5), "ms");
  bench ("app.baseline_column_view_first_frame_ms", percentile (columns, 0.5), "ms");
  bench ("app.baseline_empty_window_alone_first_frame_ms", percentile (empty_window, 0.5), "ms");
  bench ("app.first_frame_ms", percentile (app, 0.5), "ms");
  bench ("app.window_alone_first_frame_ms", percentile (window, 0.5), "ms");
  bench ("app.first_frame_ratio", percentile (app, 0.5) / percentile (empty, 0.5), "x");
  bench ("app.first_frame_ratio_column_view", percentile (app, 0.5) / percentile (columns, 0.5), "x");
  bench ("app.first_frame_ratio_window", percentile (window, 0.5) / percentile (empty_window, 0.5), "x");

  {
    g_autofree char *n = g_strdup_printf ("%" G_GUINT64_FORMAT, total);

    spawn_child (argv[0], "--child-baseline", n, TRUE);
  }
  spawn_child (argv[0], "--child-app", db, TRUE);

  /* The desktop's folder goes, with the cache or the link in it. */
  bench_desktop_stop (desktop);
  return 0;
}
