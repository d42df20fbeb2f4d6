/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <sqlite3.h>
#include <string.h>

#include "mc-action-dialog.h"
#include "mc-demo.h"
#include "mc-dossier-detail.h"
#include "mc-dossier-history.h"
#include "mc-row-slots.h"
#include "mc-sync.h"
#include "mc-test.h"
#include "mc-test-ui.h"
#include "mc-time.h"
#include "mc-window.h"

/* The detail pane and its actions against a real seeded motcua-server
 * started as `motcua --demo` starts it: each officer signs in with their
 * own client, cache and sync, takes the action through the pane's dialog
 * and the outbox, and the server's copy is checked after the sync. */

static McDemo *demo;
static char *demo_dir;

static void
iterate (void)
{
  for (int k = 0; k < 20; k++)
    g_main_context_iteration (NULL, FALSE);
}

/* One signed-in officer with their own cache, sync and pane. */
typedef struct {
  McClient        *client;
  McSync          *sync;
  McCache         *cache;
  GtkWindow       *window;
  McDossierDetail *detail;
} Officer;

static void
changes_cb (McSync          *sync,
            McCacheChanges  *changes,
            McDossierDetail *detail)
{
  mc_dossier_detail_refresh (detail, changes);
}

static void
officer_sync (Officer *o)
{
  g_autoptr(GAsyncResult) synced = NULL;
  g_autoptr(GError) error = NULL;

  mc_sync_run_async (o->sync, NULL, mc_test_result_cb, &synced);
  g_assert_true (mc_sync_run_finish (o->sync, mc_test_wait_result (&synced), &error));
  g_assert_no_error (error);
  iterate ();
}

static Officer *
officer_new (const char *username)
{
  Officer *o = g_new0 (Officer, 1);
  g_autoptr(GAsyncResult) logged_in = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_strconcat (username, ".db", NULL);
  g_autofree char *cache_path = g_build_filename (demo_dir, "cache", file, NULL);

  o->client = mc_client_new (mc_demo_get_base_url (demo), FALSE);
  mc_client_log_in_async (o->client, username, MC_DEMO_PASSWORD, NULL, mc_test_result_cb, &logged_in);
  g_assert_true (mc_client_log_in_finish (o->client, mc_test_wait_result (&logged_in), &error));
  g_assert_no_error (error);
  o->sync = mc_sync_new (o->client, cache_path);
  officer_sync (o);
  o->cache = mc_cache_open (cache_path, &error);
  g_assert_no_error (error);

  o->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (o->window, 480, 800);
  o->detail = mc_dossier_detail_new ();
  gtk_window_set_child (o->window, GTK_WIDGET (o->detail));
  mc_dossier_detail_set_sync (o->detail, o->sync, o->cache);
  g_signal_connect (o->sync, "changes", G_CALLBACK (changes_cb), o->detail);
  gtk_window_present (o->window);
  mc_test_wait_until_mapped (GTK_WIDGET (o->window));
  return o;
}

static void
officer_free (Officer *o)
{
  McDossierDetail *detail = o->detail;

  g_signal_handlers_disconnect_by_func (o->sync, changes_cb, detail);
  g_object_add_weak_pointer (G_OBJECT (detail), (gpointer *) &detail);
  gtk_window_destroy (o->window);
  iterate ();
  /* The pane went with its window: no reference was leaked. */
  g_assert_null (detail);
  g_clear_object (&o->sync);
  g_clear_object (&o->cache);
  g_clear_object (&o->client);
  g_free (o);
}

/* The dossier as the server has it now, seen by @o. */
static JsonObject *
server_dossier (Officer    *o,
                const char *id)
{
  g_autoptr(GAsyncResult) got = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/dossiers/%s", id);
  JsonNode *node;
  JsonObject *object;

  mc_client_get_json_async (o->client, path, NULL, mc_test_result_cb, &got);
  node = mc_client_get_json_finish (o->client, mc_test_wait_result (&got), &error);
  g_assert_no_error (error);
  object = json_object_ref (json_node_get_object (node));
  json_node_unref (node);
  return object;
}

typedef void (*FillFunc) (McActionDialog *dialog,
                          gpointer        data);

/* Takes @action through the pane: its dialog, the outbox (pending), the
 * sync (applied), then the server's status. */
static void
act (Officer    *o,
     const char *id,
     McAction    action,
     FillFunc    fill,
     gpointer    data,
     const char *expected_status)
{
  McActionDialog *dialog;
  g_autofree char *pending = NULL;
  g_autofree char *expected = g_strdup_printf ("pending %s \n", mc_action_to_string (action));
  g_autofree char *after = NULL;
  g_autoptr(JsonObject) on_server = NULL;
  McAction offered[MC_N_ACTIONS];
  guint n;
  gboolean found = FALSE;

  officer_sync (o);
  mc_dossier_detail_set_dossier_id (o->detail, id);
  n = mc_dossier_detail_get_actions (o->detail, offered);
  for (guint i = 0; i < n; i++)
    found = found || offered[i] == action;
  g_assert_true (found);

  dialog = mc_dossier_detail_take_action (o->detail, action);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  if (fill != NULL)
    fill (dialog, data);
  g_assert_null (mc_action_dialog_get_problem (dialog));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "apply");

  /* Saved in the outbox and shown as pending; no more actions meanwhile. */
  for (int k = 0; k < 500; k++)
    {
      g_free (pending);
      pending = mc_dossier_detail_describe_outbox (o->detail);
      if (*pending != '\0')
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpstr (pending, ==, expected);
  g_assert_cmpuint (mc_dossier_detail_get_actions (o->detail, offered), ==, 0);

  officer_sync (o);
  after = mc_dossier_detail_describe_outbox (o->detail);
  g_assert_cmpstr (after, ==, "");
  g_assert_cmpstr (mc_status_to_string (mc_dossier_get_status (mc_dossier_detail_get_dossier (o->detail))), ==,
                   expected_status);
  on_server = server_dossier (o, id);
  g_assert_cmpstr (json_object_get_string_member (on_server, "status"), ==, expected_status);
  /* The history shows every event the server has. */
  g_assert_cmpuint (mc_dossier_history_get_n_rows (mc_dossier_detail_get_history (o->detail)), ==,
                    json_array_get_length (json_object_get_array_member (on_server, "events")));
}

static void
fill_department (McActionDialog *dialog,
                 gpointer        data)
{
  /* The department that decides the procedure is offered first. */
  g_assert_true (mc_action_dialog_select_department (dialog, data));
}

static void
fill_assignee (McActionDialog *dialog,
               gpointer        data)
{
  g_assert_nonnull (mc_action_dialog_get_problem (dialog) == NULL ? "" : mc_action_dialog_get_problem (dialog));
  g_assert_true (mc_action_dialog_select_assignee (dialog, data));
}

static void
fill_reason (McActionDialog *dialog,
             gpointer        data)
{
  /* Without a reason the dialog says what is missing and cannot apply. */
  mc_action_dialog_set_reason (dialog, "   ");
  g_assert_nonnull (mc_action_dialog_get_problem (dialog));
  g_assert_null (mc_action_dialog_build (dialog));
  mc_action_dialog_set_reason (dialog, data);
}

/* Finds a user of @role in @department in @o's cached catalogue. */
static McUser *
find_user (Officer    *o,
           McRole      role,
           const char *department_id)
{
  g_autoptr(GPtrArray) users = mc_cache_list_users (o->cache, NULL);

  for (guint i = 0; i < users->len; i++)
    {
      McUser *user = g_ptr_array_index (users, i);

      if (mc_user_get_role (user) == role && g_strcmp0 (mc_user_get_department_id (user), department_id) == 0)
        return g_object_ref (user);
    }
  return NULL;
}

static guint
count_reveals (const char *dossier_id,
               const char *actor_id)
{
  g_autofree char *db = g_build_filename (demo_dir, "demo.db", NULL);
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;
  guint count;

  g_assert_cmpint (sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (conn, "SELECT count(*) FROM audit WHERE action = 'dossier.reveal' "
                                             "AND target = ?1 AND actor_id = ?2 AND detail = 'id_number'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, dossier_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, actor_id, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return count;
}

/* The first dossier of @status in @o's cache that has an id number. */
static char *
find_dossier (Officer  *o,
              McStatus  status)
{
  g_autoptr(McCacheQuery) query = mc_cache_query_new ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  query->status_mask = MC_CACHE_STATUS_BIT (status);
  rows = mc_cache_query_page (o->cache, query, NULL, 200, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      const char *id = mc_dossier_row_get_id (g_ptr_array_index (rows, i));
      g_autoptr(McDossier) d = mc_cache_get_dossier (o->cache, id, NULL);

      if (d != NULL && mc_dossier_get_applicant (d)->id_number != NULL && mc_dossier_get_code (d) != NULL)
        return g_strdup (id);
    }
  return NULL;
}

static void
test_detail_and_actions (void)
{
  Officer *supervisor, *reception, *leader, *specialist;
  g_autofree char *id = NULL;
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(McProcedure) procedure = NULL;
  g_autoptr(McUser) reception_user = NULL;
  g_autoptr(McUser) leader_user = NULL;
  g_autoptr(McUser) specialist_user = NULL;
  g_autofree char *masked = NULL;
  g_autofree char *failed = NULL;
  const char *deciding;
  McActionDialog *stale;

  if (!mc_test_have_display ())
    {
      g_test_skip ("no display");
      return;
    }

  supervisor = officer_new (MC_DEMO_USERNAME);
  id = find_dossier (supervisor, MC_STATUS_RECEIVED);
  g_assert_nonnull (id);
  dossier = mc_cache_get_dossier (supervisor->cache, id, NULL);
  procedure = mc_cache_get_procedure (supervisor->cache, mc_dossier_get_procedure_id (dossier), NULL);
  g_assert_nonnull (procedure);
  deciding = mc_procedure_get_department_id (procedure);
  reception_user = find_user (supervisor, MC_ROLE_RECEPTION, mc_dossier_get_receiving_department_id (dossier));
  leader_user = find_user (supervisor, MC_ROLE_LEADER, deciding);
  specialist_user = find_user (supervisor, MC_ROLE_SPECIALIST, deciding);
  g_assert_nonnull (reception_user);
  g_assert_nonnull (leader_user);
  g_assert_nonnull (specialist_user);

  /* What the pane shows of the dossier. */
  mc_dossier_detail_set_dossier_id (supervisor->detail, id);
  g_assert_cmpstr (mc_dossier_detail_get_code_text (supervisor->detail), ==, mc_dossier_get_code (dossier));
  g_assert_cmpstr (mc_dossier_detail_get_status_text (supervisor->detail), ==, "Received");
  masked = mc_dossier_detail_mask_id_number (mc_dossier_get_applicant (dossier)->id_number);
  g_assert_cmpstr (mc_dossier_detail_get_id_number_text (supervisor->detail), ==, masked);
  g_assert_null (strstr (mc_dossier_detail_get_id_number_text (supervisor->detail),
                         mc_dossier_get_applicant (dossier)->id_number));
  g_assert_cmpuint (mc_dossier_history_get_n_rows (mc_dossier_detail_get_history (supervisor->detail)), ==,
                    mc_dossier_get_n_events (dossier));
  g_assert_cmpuint (mc_dossier_detail_get_n_components (supervisor->detail), ==,
                    mc_procedure_get_n_components (procedure));
  g_assert_cmpuint (mc_dossier_detail_get_n_explanation_steps (supervisor->detail), >=, 3);
  g_assert_cmpfloat (mc_dossier_detail_get_due_fraction (supervisor->detail), >=, 0.0);
  g_assert_cmpfloat (mc_dossier_detail_get_due_fraction (supervisor->detail), <=, 1.0);
  g_assert_nonnull (mc_dossier_detail_get_due_text (supervisor->detail));
  g_assert_cmpstr (mc_dossier_detail_get_due_text (supervisor->detail), !=, "");

  /* The reveal: recorded on the server first, then shown. */
  g_assert_cmpuint (count_reveals (id, mc_user_get_id (mc_client_get_user (supervisor->client))), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (supervisor->detail), "detail.reveal-id", NULL);
  for (int k = 0; k < 2000 && !mc_dossier_detail_get_id_revealed (supervisor->detail); k++)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (mc_dossier_detail_get_id_revealed (supervisor->detail));
  g_assert_cmpstr (mc_dossier_detail_get_id_number_text (supervisor->detail), ==,
                   mc_dossier_get_applicant (dossier)->id_number);
  g_assert_cmpuint (count_reveals (id, mc_user_get_id (mc_client_get_user (supervisor->client))), ==, 1);
  mc_test_wait_until_mapped (GTK_WIDGET (supervisor->window));
  mc_test_save_snapshot (GTK_WIDGET (supervisor->window), "test-app-detail-pane.png");

  /* The chain of a dossier, each step by the officer whose step it is. */
  reception = officer_new (mc_user_get_username (reception_user));
  act (reception, id, MC_ACTION_TRANSFER, fill_department, (gpointer) deciding, "in_progress");
  leader = officer_new (mc_user_get_username (leader_user));
  act (leader, id, MC_ACTION_ASSIGN, fill_assignee, (gpointer) mc_user_get_id (specialist_user), "in_progress");
  specialist = officer_new (mc_user_get_username (specialist_user));
  act (specialist, id, MC_ACTION_REQUEST_SUPPLEMENT, fill_reason, (gpointer) "Thiếu bản sao giấy khai sinh",
       "awaiting_supplement");

  /* The leader's cache is now stale: an action based on the old version
   * is refused with the server's explanation, kept until dismissed. */
  officer_sync (leader);
  mc_dossier_detail_set_dossier_id (leader->detail, id);
  stale = mc_dossier_detail_take_action (leader->detail, MC_ACTION_STOP);
  g_assert_nonnull (stale);
  mc_action_dialog_set_reason (stale, "Quá hạn bổ sung");
  act (specialist, id, MC_ACTION_SUPPLEMENT_RECEIVED, NULL, NULL, "in_progress");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (stale), "apply");
  for (int k = 0; k < 500; k++)
    {
      g_autofree char *described = mc_dossier_detail_describe_outbox (leader->detail);
      if (*described != '\0')
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  {
    g_autoptr(GAsyncResult) synced = NULL;

    mc_sync_run_async (leader->sync, NULL, mc_test_result_cb, &synced);
    mc_sync_run_finish (leader->sync, mc_test_wait_result (&synced), NULL);
    iterate ();
  }
  failed = mc_dossier_detail_describe_outbox (leader->detail);
  g_test_message ("refused: %s", failed);
  g_assert_true (g_str_has_prefix (failed, "failed stop "));
  g_assert_nonnull (strstr (failed, "version"));
  mc_test_wait_until_mapped (GTK_WIDGET (leader->window));
  mc_test_save_snapshot (GTK_WIDGET (leader->window), "test-app-detail-refused.png");
  mc_dossier_detail_dismiss_failed (leader->detail);
  {
    g_autofree char *none = mc_dossier_detail_describe_outbox (leader->detail);
    g_assert_cmpstr (none, ==, "");
  }

  act (specialist, id, MC_ACTION_SUBMIT_FOR_APPROVAL, NULL, NULL, "in_progress");
  act (leader, id, MC_ACTION_APPROVE, NULL, NULL, "result_ready");
  act (reception, id, MC_ACTION_RETURN_RESULT, NULL, NULL, "returned");

  officer_free (specialist);
  officer_free (leader);
  officer_free (reception);
  officer_free (supervisor);
}

/* The window: list and detail side by side, the selection drives it. */
static void
test_window (void)
{
  g_autoptr(McSync) sync = NULL;
  g_autoptr(GAsyncResult) synced = NULL;
  g_autoptr(GError) error = NULL;
  McWindow *window;
  McDossierDetail *detail;
  GtkWidget *column_view;
  GtkSelectionModel *selection;
  g_autoptr(McRowSlot) slot = NULL;
  McDossierRow *row;

  if (!mc_test_have_display ())
    {
      g_test_skip ("no display");
      return;
    }
  sync = mc_sync_new (mc_demo_get_client (demo), mc_demo_get_cache_path (demo));
  mc_sync_run_async (sync, NULL, mc_test_result_cb, &synced);
  g_assert_true (mc_sync_run_finish (sync, mc_test_wait_result (&synced), &error));

  window = g_object_new (MC_TYPE_WINDOW, NULL);
  g_object_ref_sink (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 860);
  g_assert_true (mc_window_set_sync (window, sync, &error));
  gtk_window_present (GTK_WINDOW (window));
  mc_test_wait_until_mapped (GTK_WIDGET (window));
  detail = mc_window_get_dossier_detail (window);
  g_assert_null (mc_dossier_detail_get_dossier (detail));

  /* The column view inside the list: select its first row. */
  column_view = GTK_WIDGET (mc_dossier_view_get_column_view (mc_window_get_dossier_view (window)));
  g_assert_true (GTK_IS_COLUMN_VIEW (column_view));
  selection = gtk_column_view_get_model (GTK_COLUMN_VIEW (column_view));
  g_assert_true (gtk_selection_model_select_item (selection, 0, TRUE));
  /* The view's items are slots holding the rows (McRowSlots). */
  slot = g_list_model_get_item (G_LIST_MODEL (selection), 0);
  row = mc_row_slot_get_item (slot);
  g_assert_cmpstr (mc_dossier_detail_get_dossier_id (detail), ==, mc_dossier_row_get_id (row));
  g_assert_nonnull (mc_dossier_detail_get_dossier (detail));
  mc_test_wait_until_mapped (GTK_WIDGET (window));
  mc_test_save_snapshot (GTK_WIDGET (window), "test-app-detail-window.png");

  /* Another row: the detail follows. */
  {
    g_autoptr(McRowSlot) second = g_list_model_get_item (G_LIST_MODEL (selection), 1);

    g_assert_true (gtk_selection_model_select_item (selection, 1, TRUE));
    g_assert_cmpstr (mc_dossier_detail_get_dossier_id (detail), ==,
                     mc_dossier_row_get_id (mc_row_slot_get_item (second)));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
test_widgets (void)
{
  g_autoptr(McDossier) dossier = mc_dossier_new ();
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  McDossierHistory *history;
  McDossierDetail *detail;
  McActionDialog *dialog;
  g_autofree char *masked = mc_dossier_detail_mask_id_number ("038123456123");
  g_autofree char *amount = mc_dossier_detail_format_amount (1200000);

  g_assert_cmpstr (masked, ==, "0381•••••123");
  g_assert_cmpstr (amount, ==, "1.200.000");
  g_assert_cmpstr (mc_dossier_detail_get_action_accel (MC_ACTION_TRANSFER), ==, "<Control><Shift>t");
  g_assert_cmpint (mc_action_dialog_parse_date ("31/02/2026"), ==, MC_TIME_NONE);
  g_assert_cmpint (mc_action_dialog_parse_date ("tomorrow"), ==, MC_TIME_NONE);
  {
    gint64 expected = 0;
    g_assert_true (mc_time_parse_iso8601 ("2026-12-25T16:00:00+07:00", &expected, NULL));
    g_assert_cmpint (mc_action_dialog_parse_date ("25/12/2026 16:00"), ==, expected);
    g_assert_true (mc_time_parse_iso8601 ("2026-12-25T17:00:00+07:00", &expected, NULL));
    g_assert_cmpint (mc_action_dialog_parse_date ("25/12/2026"), ==, expected);
  }
  if (!mc_test_have_display ())
    return;

  history = g_object_ref_sink (mc_dossier_history_new ());
  g_assert_finalize_object (history);
  detail = g_object_ref_sink (mc_dossier_detail_new ());
  g_assert_null (mc_dossier_detail_take_action (detail, MC_ACTION_TRANSFER));
  g_assert_finalize_object (detail);

  /* An apology asks for a reason and a new appointment, later than due. */
  mc_dossier_set_id (dossier, "6f1c2a3e-8b4d-4c5e-9f60-718293a4b5c6");
  mc_dossier_set_due_at (dossier, mc_time_now () + 3600);
  dialog = g_object_ref_sink (mc_action_dialog_new (MC_ACTION_APOLOGISE_AND_RESCHEDULE, dossier, NULL, none, none));
  g_assert_nonnull (mc_action_dialog_get_problem (dialog));
  mc_action_dialog_set_reason (dialog, "Chờ ý kiến cơ quan phối hợp");
  mc_action_dialog_set_appointment (dialog, "01/01/2001 08:00");
  g_assert_nonnull (strstr (mc_action_dialog_get_problem (dialog), "later than"));
  mc_action_dialog_set_appointment (dialog, "31/12/2199 16:00");
  g_assert_null (mc_action_dialog_get_problem (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_finalize_object (dialog);
}

int
main (int    argc,
      char **argv)
{
  int status;

  mc_test_init_ui (&argc, &argv);
  if (mc_test_have_display ())
    adw_init ();

  g_test_add_func ("/ui/detail/widgets", test_widgets);
  g_test_add_func ("/ui/detail/actions", test_detail_and_actions);
  g_test_add_func ("/ui/detail/window", test_window);

  if (mc_test_have_display ())
    {
      g_autoptr(GAsyncResult) started = NULL;
      g_autoptr(GError) error = NULL;

      demo = mc_demo_new (300);
      mc_demo_start_async (demo, NULL, mc_test_result_cb, &started);
      g_assert_true (mc_demo_start_finish (demo, mc_test_wait_result (&started), &error));
      g_assert_no_error (error);
      {
        g_autofree char *cache_dir = g_path_get_dirname (mc_demo_get_cache_path (demo));
        demo_dir = g_path_get_dirname (cache_dir);
      }
    }
  status = g_test_run ();
  if (demo != NULL)
    {
      mc_demo_stop (demo);
      g_clear_object (&demo);
    }
  g_free (demo_dir);
  return status;
}
