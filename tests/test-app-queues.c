/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "mc-demo.h"
#include "mc-fold.h"
#include "mc-deadline.h"
#include "mc-sync.h"
#include "mc-test.h"
#include "mc-test-ui.h"
#include "mc-time.h"
#include "mc-window.h"

/* The window's queues and dossier list on a real cache, filled by a real
 * sync from a real seeded motcua-server started the way `motcua --demo`
 * starts it. */

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  guint *n = user_data;

  (*n)++;
}

static void
wait_for_counts (McQueueSidebar *sidebar)
{
  while (mc_queue_sidebar_get_counting (sidebar))
    g_main_context_iteration (NULL, TRUE);
}

/* The queue a window opens on shows its first page, then its count. */
static void
wait_for_list (McDossierList *list)
{
  while (!mc_dossier_list_get_counted (list))
    g_main_context_iteration (NULL, TRUE);
}

static void
test_queues (void)
{
  g_autoptr(McDemo) demo = mc_demo_new (300);
  g_autoptr(McSync) sync = NULL;
  g_autoptr(McCache) cache = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) started = NULL;
  g_autoptr(GAsyncResult) synced = NULL;
  g_autofree char *demo_dir = NULL;
  McWindow *window;
  McQueueSidebar *sidebar;
  McDossierList *model;
  guint n_changes = 0;
  guint total = 0;

  if (!mc_test_have_display ())
    {
      g_test_skip ("no display");
      return;
    }

  mc_demo_start_async (demo, NULL, mc_test_result_cb, &started);
  g_assert_true (mc_demo_start_finish (demo, mc_test_wait_result (&started), &error));
  g_assert_no_error (error);
  g_assert_true (mc_client_get_logged_in (mc_demo_get_client (demo)));
  /* The cache is DIR/cache/giamsat.db. */
  {
    g_autofree char *cache_dir = g_path_get_dirname (mc_demo_get_cache_path (demo));
    demo_dir = g_path_get_dirname (cache_dir);
  }
  g_assert_true (g_file_test (demo_dir, G_FILE_TEST_IS_DIR));

  sync = mc_sync_new (mc_demo_get_client (demo), mc_demo_get_cache_path (demo));
  mc_sync_run_async (sync, NULL, mc_test_result_cb, &synced);
  g_assert_true (mc_sync_run_finish (sync, mc_test_wait_result (&synced), &error));
  g_assert_no_error (error);
  g_assert_cmpint (mc_sync_get_state (sync), ==, MC_SYNC_STATE_ONLINE);

  cache = mc_cache_open (mc_demo_get_cache_path (demo), &error);
  g_assert_no_error (error);
  total = mc_cache_get_n_dossiers (cache, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total, ==, 300);

  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/vn/motcua/Desk/icons");
  window = g_object_new (MC_TYPE_WINDOW, NULL);
  g_object_ref_sink (window);
  g_assert_true (mc_window_set_sync (window, sync, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (mc_window_get_sync_status (window), ==, "Online, up to date");
  gtk_window_present (GTK_WINDOW (window));
  mc_test_wait_until_mapped (GTK_WIDGET (window));

  sidebar = mc_window_get_queue_sidebar (window);
  model = mc_dossier_view_get_model (mc_window_get_dossier_view (window));
  g_assert_nonnull (model);
  g_assert_cmpuint (mc_queue_sidebar_get_n_queues (sidebar), ==, MC_QUEUE_N_FIXED);
  wait_for_counts (sidebar);
  wait_for_list (model);

  /* The supervisor starts on "All dossiers", which lists every one; a
   * supervisor has no queue of their own. */
  g_assert_false (mc_queue_sidebar_is_queue_shown (sidebar, MC_QUEUE_MINE));
  g_assert_true (mc_queue_sidebar_is_queue_shown (sidebar, MC_QUEUE_ALL));
  g_assert_true (mc_queue_sidebar_get_query (sidebar) ==
                 mc_queue_row_get_query (mc_queue_sidebar_get_queue (sidebar, MC_QUEUE_ALL)));
  g_assert_cmpuint (mc_queue_row_get_count (mc_queue_sidebar_get_queue (sidebar, MC_QUEUE_ALL)), ==, total);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, total);

  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &n_changes);
  for (guint i = 0; i < mc_queue_sidebar_get_n_queues (sidebar); i++)
    {
      McQueueRow *row = mc_queue_sidebar_get_queue (sidebar, i);
      guint count = 0;
      guint before = n_changes;

      g_assert_true (mc_cache_count (cache, mc_queue_row_get_query (row), &count, &error));
      g_assert_no_error (error);
      g_test_message ("%s: %u", mc_queue_row_get_title (row), count);
      g_assert_cmpuint (mc_queue_row_get_count (row), ==, count);

      if (!mc_queue_sidebar_is_queue_shown (sidebar, i))
        continue;
      mc_queue_sidebar_select (sidebar, i);
      g_assert_true (mc_queue_sidebar_get_query (sidebar) == mc_queue_row_get_query (row));
      g_assert_cmpuint (mc_dossier_list_get_query (model)->status_mask, ==,
                        mc_queue_row_get_query (row)->status_mask);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, count);
      if (i != MC_QUEUE_ALL)
        g_assert_cmpuint (n_changes, >, before);
      for (int k = 0; k < 3; k++)
        g_main_context_iteration (NULL, FALSE);
    }
  /* The seeded demo has work in every state the queues show. */
  g_assert_cmpuint (mc_queue_row_get_count (mc_queue_sidebar_get_queue (sidebar, MC_QUEUE_IN_PROGRESS)), >, 0);
  g_assert_cmpuint (mc_queue_row_get_count (mc_queue_sidebar_get_queue (sidebar, MC_QUEUE_RETURNED)), >, 0);

  /* The overdue queue lists open dossiers due before now, earliest first. */
  mc_queue_sidebar_select (sidebar, MC_QUEUE_OVERDUE);
  if (g_list_model_get_n_items (G_LIST_MODEL (model)) > 0)
    {
      g_autoptr(McDossierRow) row = g_list_model_get_item (G_LIST_MODEL (model), 0);

      g_assert_cmpint (mc_dossier_row_get_due_at (row), <, mc_time_now ());
      g_assert_false (mc_status_is_final (mc_dossier_row_get_status (row)));
    }
  mc_queue_sidebar_select (sidebar, MC_QUEUE_ALL);
  g_signal_handlers_disconnect_by_func (model, items_changed_cb, &n_changes);

  for (int k = 0; k < 10; k++)
    g_main_context_iteration (NULL, FALSE);
  mc_test_save_snapshot (GTK_WIDGET (window), "test-app-queues.png");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);

  g_clear_object (&sync);
  g_clear_object (&cache);
  mc_demo_stop (demo);
  g_assert_false (g_file_test (demo_dir, G_FILE_TEST_EXISTS));
}

/* Search narrows the queue without diacritics, saved searches become
 * sidebar rows that are stored and removed, and a specialist's day starts
 * on their own dossiers. */
static void
test_search_and_own_queues (void)
{
  g_autoptr(McDemo) demo = mc_demo_new (300);
  g_autoptr(McSync) sync = NULL;
  g_autoptr(McSync) specialist_sync = NULL;
  g_autoptr(McClient) specialist = NULL;
  g_autoptr(McCache) cache = NULL;
  g_autoptr(McDossierRow) first = NULL;
  g_autoptr(McCacheQuery) expected = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GVariant) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) started = NULL;
  g_autoptr(GAsyncResult) synced = NULL;
  g_autoptr(GAsyncResult) logged_in = NULL;
  g_autoptr(GAsyncResult) specialist_synced = NULL;
  g_autofree char *specialist_cache = NULL;
  g_autofree char *folded = NULL;
  g_auto(GStrv) words = NULL;
  McDossierView *view;
  McQueueSidebar *sidebar;
  McDossierList *model;
  McWindow *window;
  guint count = 0;
  guint index;

  if (!mc_test_have_display ())
    {
      g_test_skip ("no display");
      return;
    }

  mc_demo_start_async (demo, NULL, mc_test_result_cb, &started);
  g_assert_true (mc_demo_start_finish (demo, mc_test_wait_result (&started), &error));
  g_assert_no_error (error);
  sync = mc_sync_new (mc_demo_get_client (demo), mc_demo_get_cache_path (demo));
  mc_sync_run_async (sync, NULL, mc_test_result_cb, &synced);
  g_assert_true (mc_sync_run_finish (sync, mc_test_wait_result (&synced), &error));
  g_assert_no_error (error);
  cache = mc_cache_open (mc_demo_get_cache_path (demo), &error);
  g_assert_no_error (error);

  window = g_object_new (MC_TYPE_WINDOW, NULL);
  g_object_ref_sink (window);
  g_assert_true (mc_window_set_sync (window, sync, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  mc_test_wait_until_mapped (GTK_WIDGET (window));
  view = mc_window_get_dossier_view (window);
  sidebar = mc_window_get_queue_sidebar (window);
  model = mc_dossier_view_get_model (view);
  wait_for_counts (sidebar);
  wait_for_list (model);

  /* The applicant's family name typed without its diacritics, as an
   * officer on a keyboard without Vietnamese input types it. */
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  folded = mc_fold (mc_dossier_row_get_applicant_name (first));
  words = g_strsplit (folded, " ", -1);
  g_assert_nonnull (words[0]);
  g_assert_true (g_str_is_ascii (words[0]));
  mc_dossier_view_set_search_text (view, words[0]);
  g_assert_cmpstr (mc_dossier_view_get_search_text (view), ==, words[0]);
  /* Counted on a worker: the rows come when the count does. */
  g_assert_true (mc_dossier_view_get_searching (view));
  while (mc_dossier_view_get_searching (view))
    g_main_context_iteration (NULL, TRUE);

  expected = mc_cache_query_copy (mc_queue_sidebar_get_query (sidebar));
  expected->text = g_strdup (words[0]);
  g_assert_true (mc_cache_count (cache, expected, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, >, 0);
  g_assert_cmpuint (count, <, 300);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, count);
  for (guint i = 0; i < count; i++)
    {
      g_autoptr(McDossierRow) row = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_autofree char *name = mc_fold (mc_dossier_row_get_applicant_name (row));
      g_autofree char *code = mc_fold (mc_dossier_row_get_code (row));

      g_test_message ("%s %s", code, name);
    }

  /* Saved, it is a sidebar row with the same count, stored in GSettings. */
  index = mc_queue_sidebar_add_saved_search (sidebar, "Gia đình", mc_queue_sidebar_get_selected_base (sidebar),
                                             words[0]);
  g_assert_cmpuint (index, ==, MC_QUEUE_N_FIXED);
  wait_for_counts (sidebar);
  g_assert_cmpuint (mc_queue_row_get_count (mc_queue_sidebar_get_queue (sidebar, index)), ==, count);
  settings = mc_application_new_settings ();
  stored = g_settings_get_value (settings, "saved-searches");
  g_assert_cmpuint (g_variant_n_children (stored), ==, 1);
  {
    g_autoptr(GVariant) loaded = NULL;
    g_autoptr(McQueueSidebar) other = g_object_ref_sink (mc_queue_sidebar_new ());

    mc_queue_sidebar_load_saved_searches (other, stored);
    g_assert_cmpuint (mc_queue_sidebar_get_n_queues (other), ==, MC_QUEUE_N_FIXED + 1);
    g_assert_cmpstr (mc_queue_row_get_title (mc_queue_sidebar_get_queue (other, index)), ==, "Gia đình");
    g_assert_cmpstr (mc_queue_row_get_query (mc_queue_sidebar_get_queue (other, index))->text, ==, words[0]);
    loaded = mc_queue_sidebar_dup_saved_searches (other);
    g_assert_true (g_variant_equal (loaded, stored));
  }
  g_signal_emit_by_name (mc_queue_sidebar_get_queue (sidebar, index), "remove");
  g_assert_cmpuint (mc_queue_sidebar_get_n_queues (sidebar), ==, MC_QUEUE_N_FIXED);
  g_clear_pointer (&stored, g_variant_unref);
  stored = g_settings_get_value (settings, "saved-searches");
  g_assert_cmpuint (g_variant_n_children (stored), ==, 0);

  /* Escape's handler clears the search: the whole queue is back. */
  mc_dossier_view_set_search_text (view, NULL);
  g_assert_null (mc_dossier_view_get_search_text (view));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 300);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);

  /* A specialist of the Department of Justice starts on their own work. */
  specialist = mc_client_new (mc_demo_get_base_url (demo), FALSE);
  mc_client_log_in_async (specialist, "chuyenvien1.stp", MC_DEMO_PASSWORD, NULL, mc_test_result_cb, &logged_in);
  g_assert_true (mc_client_log_in_finish (specialist, mc_test_wait_result (&logged_in), &error));
  g_assert_no_error (error);
  {
    g_autofree char *dir = g_path_get_dirname (mc_demo_get_cache_path (demo));
    specialist_cache = g_build_filename (dir, "chuyenvien1.stp.db", NULL);
  }
  specialist_sync = mc_sync_new (specialist, specialist_cache);
  mc_sync_run_async (specialist_sync, NULL, mc_test_result_cb, &specialist_synced);
  g_assert_true (mc_sync_run_finish (specialist_sync, mc_test_wait_result (&specialist_synced), &error));
  g_assert_no_error (error);

  window = g_object_new (MC_TYPE_WINDOW, NULL);
  g_object_ref_sink (window);
  g_assert_true (mc_window_set_sync (window, specialist_sync, &error));
  g_assert_no_error (error);
  sidebar = mc_window_get_queue_sidebar (window);
  model = mc_dossier_view_get_model (mc_window_get_dossier_view (window));
  wait_for_counts (sidebar);
  wait_for_list (model);
  g_assert_true (mc_queue_sidebar_is_queue_shown (sidebar, MC_QUEUE_MINE));
  g_assert_true (mc_queue_sidebar_is_queue_shown (sidebar, MC_QUEUE_DEPARTMENT));
  g_assert_false (mc_queue_sidebar_is_queue_shown (sidebar, MC_QUEUE_ALL));
  g_assert_true (mc_queue_sidebar_get_query (sidebar) ==
                 mc_queue_row_get_query (mc_queue_sidebar_get_queue (sidebar, MC_QUEUE_MINE)));
  g_assert_cmpuint (mc_queue_row_get_count (mc_queue_sidebar_get_queue (sidebar, MC_QUEUE_MINE)), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==,
                    mc_queue_row_get_count (mc_queue_sidebar_get_queue (sidebar, MC_QUEUE_MINE)));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(McDossierRow) row = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_cmpstr (mc_dossier_row_get_assignee_id (row), ==, mc_user_get_id (mc_client_get_user (specialist)));
      g_assert_false (mc_status_is_final (mc_dossier_row_get_status (row)));
    }
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);

  g_clear_object (&specialist_sync);
  g_clear_object (&sync);
  mc_demo_stop (demo);
}

static void
test_time_left (void)
{
  g_autoptr(McCalendar) calendar = mc_calendar_new ();
  g_autofree char *overdue = NULL;
  g_autofree char *soon = NULL;
  g_autofree char *later = NULL;
  g_autofree char *done = NULL;
  const char *icon = NULL;
  gint64 monday = 0;

  /* Monday 16 March 2026, 09:00 in the province. */
  g_assert_true (mc_time_parse_iso8601 ("2026-03-16T09:00:00+07:00", &monday, NULL));

  overdue = mc_dossier_view_describe_time_left (calendar, MC_STATUS_IN_PROGRESS, monday,
                                                monday + 3 * 24 * 3600, &icon);
  g_assert_cmpstr (overdue, ==, "Overdue by 3 working days");
  g_assert_cmpstr (icon, ==, "dialog-warning-symbolic");

  soon = mc_dossier_view_describe_time_left (calendar, MC_STATUS_IN_PROGRESS, monday + 3 * 3600,
                                             monday, &icon);
  g_assert_cmpstr (soon, ==, "3 working hours left");
  g_assert_cmpstr (icon, ==, "alarm-symbolic");

  later = mc_dossier_view_describe_time_left (calendar, MC_STATUS_RECEIVED, monday + 2 * 24 * 3600,
                                              monday, &icon);
  g_assert_cmpstr (later, ==, "2 working days left");
  g_assert_null (icon);

  done = mc_dossier_view_describe_time_left (calendar, MC_STATUS_RETURNED, monday, monday + 3600, &icon);
  g_assert_cmpstr (done, ==, "");
  g_assert_null (icon);
}

int
main (int    argc,
      char **argv)
{
  mc_test_init_ui (&argc, &argv);
  if (mc_test_have_display ())
    adw_init ();

  g_test_add_func ("/ui/queues/time-left", test_time_left);
  g_test_add_func ("/ui/queues/sidebar-and-list", test_queues);
  g_test_add_func ("/ui/queues/search-and-own-queues", test_search_and_own_queues);

  return g_test_run ();
}
