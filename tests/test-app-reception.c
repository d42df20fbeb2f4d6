/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "mc-cache-workload.h"
#include "mc-demo.h"
#include "mc-reassign-dialog.h"
#include "mc-register-window.h"
#include "mc-sync.h"
#include "mc-test.h"
#include "mc-test-ui.h"
#include "mc-time.h"
#include "mc-window.h"
#include "mc-workload-view.h"

/* Reception, reassignment and workload in real windows, on caches filled
 * by real syncs from the real demo server `motcua --demo` starts. */

typedef gboolean (*Predicate) (gpointer data);

static void
wait_until (Predicate predicate,
            gpointer  data)
{
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!predicate (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
settle (void)
{
  /* Long enough for a frame to be drawn. */
  gint64 end = g_get_monotonic_time () + 300 * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

/* Drops the test's reference and waits until @object is finalized: work
 * still in flight (a send, a toast) may hold it a while, longer under
 * AddressSanitizer. */
static void
await_finalize (gpointer object)
{
  gpointer weak = object;
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_object_add_weak_pointer (G_OBJECT (object), &weak);
  g_object_unref (object);
  while (weak != NULL && g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  if (weak != NULL)
    g_error ("%s was not finalized within 30 s", G_OBJECT_TYPE_NAME (weak));
}

typedef struct {
  McDemo  *demo;
  McSync  *sync;
  McCache *cache;
  char    *dir;   /* nullable: a cache of another user */
} Session;

static void
session_start (Session    *s,
               const char *username)
{
  g_autoptr(GAsyncResult) started = NULL;
  g_autoptr(GAsyncResult) synced = NULL;
  g_autoptr(GError) error = NULL;
  McClient *client;
  g_autofree char *path = NULL;

  s->demo = mc_demo_new (300);
  mc_demo_start_async (s->demo, NULL, mc_test_result_cb, &started);
  g_assert_true (mc_demo_start_finish (s->demo, mc_test_wait_result (&started), &error));
  g_assert_no_error (error);
  client = mc_demo_get_client (s->demo);
  if (username != NULL)
    {
      g_autoptr(GAsyncResult) logged = NULL;

      client = mc_client_new (mc_demo_get_base_url (s->demo), FALSE);
      mc_client_log_in_async (client, username, MC_DEMO_PASSWORD, NULL, mc_test_result_cb, &logged);
      g_assert_true (mc_client_log_in_finish (client, mc_test_wait_result (&logged), &error));
      g_assert_no_error (error);
      s->dir = g_dir_make_tmp ("motcua-reception-ui-XXXXXX", &error);
      g_assert_no_error (error);
      path = g_build_filename (s->dir, "cache.db", NULL);
      s->sync = mc_sync_new (client, path);
      g_object_unref (client);
    }
  else
    s->sync = mc_sync_new (client, mc_demo_get_cache_path (s->demo));
  mc_sync_run_async (s->sync, NULL, mc_test_result_cb, &synced);
  g_assert_true (mc_sync_run_finish (s->sync, mc_test_wait_result (&synced), &error));
  g_assert_no_error (error);
  s->cache = mc_cache_open (mc_sync_get_cache_path (s->sync), &error);
  g_assert_no_error (error);
}

static void
session_stop (Session *s)
{
  g_clear_object (&s->sync);
  g_clear_object (&s->cache);
  mc_demo_stop (s->demo);
  g_clear_object (&s->demo);
  if (s->dir != NULL)
    {
      g_autofree char *command = g_strdup_printf ("rm -rf '%s'", s->dir);

      g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
      g_free (s->dir);
    }
}

static McWindow *
open_window (Session *s)
{
  g_autoptr(GError) error = NULL;
  McWindow *window = g_object_new (MC_TYPE_WINDOW, NULL);

  g_object_ref_sink (window);
  g_assert_true (mc_window_set_sync (window, s->sync, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  mc_test_wait_until_mapped (GTK_WIDGET (window));
  /* Xvfb has no window manager to send the focus-out a second window
   * would bring: keep the keyboard focus out of text fields here. */
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  return window;
}

static gboolean
registered (gpointer data)
{
  McRegisterState state = mc_register_window_get_state (data);

  return state == MC_REGISTER_STATE_REGISTERED || state == MC_REGISTER_STATE_REFUSED;
}

static void
type (McRegisterWindow    *form,
      McRegistrationField  field,
      const char          *text)
{
  gtk_editable_set_text (mc_register_window_get_entry (form, field), text);
}

static void
test_register (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) fetched = NULL;
  g_autoptr(JsonNode) server = NULL;
  g_autofree char *path = NULL;
  McRegisterWindow *form;
  McWindow *window;
  Session s = { 0 };

  if (!mc_test_have_display ())
    {
      g_test_skip ("no display");
      return;
    }
  session_start (&s, "tiepnhan.tinh");
  window = open_window (&s);
  g_assert_true (gtk_widget_is_visible (gtk_widget_get_first_child (GTK_WIDGET (window))));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.register-dossier", NULL));
  form = NULL;
  {
    g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

    for (GList *l = toplevels; l != NULL; l = l->next)
      if (MC_IS_REGISTER_WINDOW (l->data))
        form = g_object_ref (l->data);
  }
  g_assert_nonnull (form);
  mc_test_wait_until_mapped (GTK_WIDGET (form));

  /* Without accents; the due date shows before anything is saved. */
  g_assert_cmpuint (mc_register_window_search (form, "khai sinh"), >=, 1);
  mc_register_window_choose (form, 0);
  g_assert_cmpstr (mc_procedure_get_code (mc_register_window_get_procedure (form)), ==, "1.001193");
  g_assert_true (g_str_has_prefix (mc_register_window_get_due_text (form), "Due "));
  g_assert_cmpstr (mc_register_window_get_explanation (form), !=, "");

  type (form, MC_REGISTRATION_FIELD_NAME, "Nguyễn Thị Thu Hà");
  type (form, MC_REGISTRATION_FIELD_ID_NUMBER, "0791990012");
  type (form, MC_REGISTRATION_FIELD_PHONE, "0912345678");
  for (guint i = 0; i < mc_register_window_get_n_components (form); i++)
    mc_register_window_set_component_received (form, i, TRUE);
  g_assert_false (mc_register_window_save (form));
  g_assert_nonnull (mc_register_window_get_field_problem (form, MC_REGISTRATION_FIELD_ID_NUMBER));
  g_assert_nonnull (strstr (mc_register_window_get_field_problem (form, MC_REGISTRATION_FIELD_ID_NUMBER), "12 digits"));
  g_assert_null (mc_register_window_get_field_problem (form, MC_REGISTRATION_FIELD_NAME));
  g_assert_cmpint (mc_register_window_get_state (form), ==, MC_REGISTER_STATE_EDITING);
  /* Nothing typed is lost. */
  g_assert_cmpstr (gtk_editable_get_text (mc_register_window_get_entry (form, MC_REGISTRATION_FIELD_NAME)), ==,
                   "Nguyễn Thị Thu Hà");
  settle ();
  mc_test_save_snapshot (GTK_WIDGET (form), "test-app-register-invalid.png");

  type (form, MC_REGISTRATION_FIELD_ID_NUMBER, "079199001234");
  g_assert_null (mc_register_window_get_field_problem (form, MC_REGISTRATION_FIELD_ID_NUMBER));
  g_assert_true (mc_register_window_save (form));
  g_assert_cmpint (mc_register_window_get_state (form), ==, MC_REGISTER_STATE_PENDING);
  wait_until (registered, form);
  g_assert_cmpint (mc_register_window_get_state (form), ==, MC_REGISTER_STATE_REGISTERED);
  g_assert_nonnull (mc_register_window_get_code (form));
  g_test_message ("registered %s", mc_register_window_get_code (form));
  settle ();
  mc_test_save_snapshot (GTK_WIDGET (form), "test-app-register-done.png");

  /* The server holds it under that code. */
  path = g_strdup_printf ("/api/v1/dossiers/%s", mc_register_window_get_dossier_id (form));
  mc_client_get_json_async (mc_sync_get_client (s.sync), path, NULL, mc_test_result_cb, &fetched);
  server = mc_client_get_json_finish (mc_sync_get_client (s.sync), mc_test_wait_result (&fetched), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (server), "code"), ==,
                   mc_register_window_get_code (form));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (server),
                                                                                  "applicant"), "id_number"),
                   ==, "079199001234");

  gtk_window_destroy (GTK_WINDOW (form));
  g_assert_finalize_object (form);
  gtk_window_destroy (GTK_WINDOW (window));
  settle ();
  g_assert_finalize_object (window);
  session_stop (&s);
}

static gboolean
reassign_finished (gpointer data)
{
  return mc_reassign_dialog_get_finished (data);
}

static void
test_reassign (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCacheQuery) query = mc_cache_query_new ();
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) departments = NULL;
  g_autoptr(GPtrArray) selected = NULL;
  g_autofree char *target = NULL;
  McReassignDialog *dialog;
  McWindow *window;
  GtkWidget *button;
  const char *department = NULL;
  guint sent = 0, refused = 0;
  Session s = { 0 };

  if (!mc_test_have_display ())
    {
      g_test_skip ("no display");
      return;
    }
  session_start (&s, NULL);
  window = open_window (&s);

  /* Multi-select in the list; the header's button (Ctrl+R) asks for a
   * selection. */
  button = mc_test_find_actionable (GTK_WIDGET (window), "win.reassign");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_false (gtk_widget_get_sensitive (button));
  gtk_selection_model_select_range (mc_dossier_view_get_selection (mc_window_get_dossier_view (window)), 0, 3, TRUE);
  selected = mc_dossier_view_get_selected_rows (mc_window_get_dossier_view (window));
  g_assert_cmpuint (selected->len, ==, 3);
  g_assert_true (gtk_widget_get_sensitive (button));

  /* Three assigned dossiers in progress in one department. */
  query->status_mask = MC_CACHE_STATUS_BIT (MC_STATUS_IN_PROGRESS);
  page = mc_cache_query_page (s.cache, query, NULL, 300, &error);
  g_assert_no_error (error);
  {
    /* Per department, those whose appointment was reset already and those
     * not: the third is rescheduled below, and only once may be. */
    g_autoptr(GHashTable) rescheduled = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                               (GDestroyNotify) g_ptr_array_unref);
    g_autoptr(GHashTable) fresh = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                         (GDestroyNotify) g_ptr_array_unref);

    for (guint i = 0; i < page->len && department == NULL; i++)
      {
        McDossierRow *row = g_ptr_array_index (page, i);
        g_autoptr(McDossier) dossier = mc_cache_get_dossier (s.cache, mc_dossier_row_get_id (row), NULL);
        const char *dept = mc_dossier_row_get_department_id (row);
        GHashTable *kind = mc_dossier_get_appointment_at (dossier) != MC_TIME_NONE ? rescheduled : fresh;
        GPtrArray *same, *others, *firsts;

        if (mc_dossier_row_get_assignee_id (row) == NULL || mc_dossier_get_substate (dossier) != MC_SUBSTATE_NONE)
          continue;
        if (!(same = g_hash_table_lookup (kind, dept)))
          g_hash_table_insert (kind, (gpointer) dept, (same = g_ptr_array_new ()));
        g_ptr_array_add (same, row);
        others = g_hash_table_lookup (fresh, dept);
        firsts = g_hash_table_lookup (rescheduled, dept);
        if (others == NULL || (firsts != NULL ? firsts->len : 0) + others->len < 3)
          continue;
        /* Two of any kind, then one not rescheduled yet. */
        department = dept;
        for (guint k = 0; firsts != NULL && k < firsts->len && rows->len < 2; k++)
          g_ptr_array_add (rows, g_object_ref (firsts->pdata[k]));
        for (guint k = 1; k < others->len && rows->len < 2; k++)
          g_ptr_array_add (rows, g_object_ref (others->pdata[k]));
        g_ptr_array_add (rows, g_object_ref (others->pdata[0]));
      }
  }
  g_assert_cmpuint (rows->len, ==, 3);
  departments = mc_cache_list_departments (s.cache, &error);
  for (guint i = 0; i < departments->len && target == NULL; i++)
    if (g_strcmp0 (mc_department_get_id (departments->pdata[i]), department) != 0 &&
        mc_department_get_level (departments->pdata[i]) == MC_LEVEL_PROVINCE)
      target = g_strdup (mc_department_get_id (departments->pdata[i]));
  g_assert_nonnull (target);

  /* Someone else moves the third meanwhile: this cache does not know. */
  {
    g_autoptr(GAsyncResult) done = NULL;
    McDossierRow *third = g_ptr_array_index (rows, 2);
    g_autofree char *path = g_strdup_printf ("/api/v1/dossiers/%s/actions", mc_dossier_row_get_id (third));
    g_autofree char *body = g_strdup_printf ("{\"action\":\"apologise_and_reschedule\",\"version\":%d,"
                                             "\"reason\":\"Chờ ý kiến liên ngành\",\"appointment_at\":\"2030-01-02T10:00:00+07:00\"}",
                                             mc_dossier_row_get_version (third));
    g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
    g_autofree char *key = g_uuid_string_random ();
    g_autoptr(GBytes) answer = NULL;

    mc_client_send_async (mc_sync_get_client (s.sync), "POST", path, bytes, key, NULL, mc_test_result_cb, &done);
    answer = mc_client_send_finish (mc_sync_get_client (s.sync), mc_test_wait_result (&done), NULL, &error);
    g_assert_no_error (error);
  }

  dialog = mc_reassign_dialog_new (GTK_WINDOW (window), s.sync, s.cache, rows);
  g_object_ref_sink (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  mc_test_wait_until_mapped (GTK_WIDGET (dialog));
  g_assert_cmpuint (mc_reassign_dialog_get_n_items (dialog), ==, 3);

  /* A reason is required. */
  g_assert_true (mc_reassign_dialog_set_department (dialog, target));
  g_assert_false (mc_reassign_dialog_submit (dialog));
  g_assert_nonnull (mc_reassign_dialog_get_problem (dialog));
  mc_reassign_dialog_set_reason (dialog, "Cân đối khối lượng công việc");
  g_assert_true (mc_reassign_dialog_submit (dialog));
  g_assert_null (mc_reassign_dialog_get_problem (dialog));
  wait_until (reassign_finished, dialog);

  for (guint i = 0; i < 3; i++)
    {
      const char *code = NULL, *message = NULL;
      McReassignResult result = mc_reassign_dialog_get_result (dialog, i, &code, &message);

      g_test_message ("%s: %d %s", code, result, message ? message : "");
      if (result == MC_REASSIGN_RESULT_SENT)
        sent++;
      else if (result == MC_REASSIGN_RESULT_REFUSED)
        {
          refused++;
          g_assert_cmpuint (i, ==, 2);
          g_assert_nonnull (message);
          g_assert_cmpstr (message, !=, "");
        }
    }
  g_assert_cmpuint (sent, ==, 2);
  g_assert_cmpuint (refused, ==, 1);
  /* The two went to the target on the server, as the next sync shows. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(McDossier) dossier = mc_cache_get_dossier (s.cache, mc_dossier_row_get_id (rows->pdata[i]), &error);

      g_assert_no_error (error);
      g_assert_cmpstr (mc_dossier_get_department_id (dossier), ==, target);
    }
  settle ();
  mc_test_save_snapshot (GTK_WIDGET (dialog), "test-app-reassign-results.png");

  gtk_window_destroy (GTK_WINDOW (dialog));
  await_finalize (dialog);
  gtk_window_destroy (GTK_WINDOW (window));
  await_finalize (window);
  session_stop (&s);
}

static void
updated_cb (McWorkloadView *view,
            gboolean       *updated)
{
  *updated = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
assert_view_matches (Session        *s,
                     McWorkloadView *view)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = mc_cache_workload (s->cache, mc_workload_view_get_group (view), NULL,
                                                 mc_workload_view_get_now (view),
                                                 mc_workload_view_get_soon_until (view), &error);

  g_assert_no_error (error);
  g_assert_cmpuint (mc_workload_view_get_n_rows (view), ==, rows->len);
  g_assert_cmpuint (rows->len, >, 0);
  for (guint i = 0; i < rows->len; i++)
    {
      const McWorkloadRow *a = mc_workload_view_get_row (view, i);
      McWorkloadRow *b = g_ptr_array_index (rows, i);

      g_assert_cmpstr (a->key, ==, b->key);
      g_assert_cmpuint (a->open, ==, b->open);
      g_assert_cmpuint (a->due_soon, ==, b->due_soon);
      g_assert_cmpuint (a->overdue, ==, b->overdue);
    }
}

static void
test_workload (void)
{
  McWindow *window;
  McWorkloadView *view;
  McDossierView *dossiers;
  GtkWindow *dialog;
  GtkWidget *button;
  gboolean updated = FALSE;
  Session s = { 0 };

  if (!mc_test_have_display ())
    {
      g_test_skip ("no display");
      return;
    }
  session_start (&s, NULL);
  window = open_window (&s);
  view = mc_window_get_workload_view (window);
  g_signal_connect (view, "updated", G_CALLBACK (updated_cb), &updated);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-workload", NULL));
  wait_until (flag_set, &updated);
  assert_view_matches (&s, view);

  /* The header's reassign button is the queue list's; the view has its
   * own, and says what to do until a row is chosen. */
  settle ();
  g_assert_false (gtk_widget_get_visible (mc_test_find_actionable (GTK_WIDGET (window), "win.reassign")));
  dossiers = mc_workload_view_get_dossier_view (view);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (dossiers)));
  g_assert_true (gtk_widget_get_mapped (mc_test_find_descendant (GTK_WIDGET (view), ADW_TYPE_STATUS_PAGE)));

  /* One step from a row to its dossiers. */
  mc_workload_view_select_row (view, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (mc_dossier_view_get_model (dossiers))),
                    ==, mc_workload_view_get_row (view, 0)->open);
  settle ();
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (dossiers)));
  button = mc_test_find_actionable (GTK_WIDGET (view), "workload.reassign-selected");
  g_assert_false (gtk_widget_get_sensitive (button));
  gtk_selection_model_select_range (mc_dossier_view_get_selection (dossiers), 0, 2, TRUE);
  g_assert_true (gtk_widget_get_sensitive (button));
  /* Ctrl+R reassigns what is selected here, not in the hidden queue. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reassign", NULL));
  dialog = mc_test_find_toplevel (MC_TYPE_REASSIGN_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpuint (mc_reassign_dialog_get_n_items (MC_REASSIGN_DIALOG (dialog)), ==, 2);
  g_object_ref (dialog);
  gtk_window_destroy (dialog);
  g_assert_finalize_object (dialog);
  mc_test_save_snapshot (GTK_WIDGET (window), "test-app-workload-departments.png");

  updated = FALSE;
  mc_workload_view_set_group (view, MC_WORKLOAD_BY_ASSIGNEE);
  wait_until (flag_set, &updated);
  assert_view_matches (&s, view);
  mc_workload_view_select_row (view, 0);
  if (mc_workload_view_get_row (view, 0)->overdue > 0)
    {
      dialog = mc_workload_view_reassign_overdue (view);
      g_assert_nonnull (dialog);
      g_assert_cmpuint (mc_reassign_dialog_get_n_items (MC_REASSIGN_DIALOG (dialog)), ==,
                        MIN (mc_workload_view_get_row (view, 0)->overdue, 200));
      g_object_ref (dialog);
      gtk_window_destroy (dialog);
      g_assert_finalize_object (dialog);
    }
  settle ();
  mc_test_save_snapshot (GTK_WIDGET (window), "test-app-workload-officers.png");
  g_signal_handlers_disconnect_by_func (view, updated_cb, &updated);

  gtk_window_destroy (GTK_WINDOW (window));
  settle ();
  g_assert_finalize_object (window);
  session_stop (&s);
}

static void
test_widget_lifecycle (void)
{
  McWorkloadView *view;

  if (!mc_test_have_display ())
    {
      g_test_skip ("no display");
      return;
    }
  view = mc_workload_view_new ();
  g_object_ref_sink (view);
  g_assert_cmpuint (mc_workload_view_get_n_rows (view), ==, 0);
  g_assert_finalize_object (view);
}

int
main (int    argc,
      char **argv)
{
  mc_test_init_ui (&argc, &argv);
  if (mc_test_have_display ())
    adw_init ();

  g_test_add_func ("/ui/reception/widgets", test_widget_lifecycle);
  g_test_add_func ("/ui/reception/register", test_register);
  g_test_add_func ("/ui/reception/reassign", test_reassign);
  g_test_add_func ("/ui/reception/workload", test_workload);

  return g_test_run ();
}
