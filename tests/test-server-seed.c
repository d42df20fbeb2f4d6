/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "mc-deadline.h"
#include "mc-dossier-code.h"
#include "mc-server-auth.h"
#include "mc-server-seed.h"
#include "mc-store-users.h"
#include "mc-test.h"
#include "mc-time.h"
#include "mc-workflow.h"

#define N_DOSSIERS 2000
#define SEED 4242
#define NOW_TEXT "2026-03-18T10:30:00+07:00"

/* One database seeded once, read by every test; a second one for the
 * determinism check. */
static char *tmp_dir;
static char *db_path;
static McSeedReport seeded;

static gint64
fixed_now (void)
{
  gint64 now;

  g_assert_true (mc_time_parse_iso8601 (NOW_TEXT, &now, NULL));
  return now;
}

static void
seed_into (const char   *path,
           guint32       seed,
           guint         n_dossiers,
           McSeedReport *report)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_open (path, NULL, TRUE, &error);
  McSeedOptions options;

  g_assert_no_error (error);
  mc_seed_options_init (&options);
  options.n_dossiers = n_dossiers;
  options.seed = seed;
  options.now = fixed_now ();
  g_assert_true (mc_server_seed_demo (store, &options, report, &error));
  g_assert_no_error (error);
}

static McStore *
open_seeded (void)
{
  g_autoptr(GError) error = NULL;
  McStore *store = mc_store_open (db_path, NULL, FALSE, &error);

  g_assert_no_error (error);
  return store;
}

static GPtrArray *
query_strings (const char *path,
               const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);
  int columns;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  columns = sqlite3_column_count (stmt);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      GString *row = g_string_new (NULL);

      for (int c = 0; c < columns; c++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, c);
          g_string_append_printf (row, "%s%s", c ? "\t" : "", text ? text : "NULL");
        }
      g_ptr_array_add (rows, g_string_free (row, FALSE));
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return rows;
}

static void
test_organisation (void)
{
  static const char *const codes[] = {
    "1.001193", "1.000894", "1.000656", "1.004873", "2.000815", "2.000884", "2.000908",
    "1.004222", "1.004194", "1.001612", "2.000720", "2.000488", "1.013225", "1.013227",
    "1.012753", "H56.STC.001", "H56.CAT.001", "1.014199", "1.001613",
  };
  static const char *const usernames[] = {
    "tiepnhan.tinh", "tiepnhan.hacthanh", "lanhdao.stp", "chuyenvien1.stp", "chuyenvien2.stp",
    "lanhdao.vpdkdd", "lanhdao.ca.samson", "giamsat", "quantri",
  };
  g_autoptr(McStore) store = open_seeded ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) departments = mc_store_list_departments (store, &error);
  g_autoptr(GPtrArray) procedures = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GHashTable) agencies = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *hash = NULL;
  guint n_one_stop = 0, n_commune = 0;
  guint roles[MC_N_ROLES] = { 0 };

  g_assert_no_error (error);
  g_assert_cmpuint (departments->len, ==, seeded.n_departments);
  for (guint i = 0; i < departments->len; i++)
    {
      McDepartment *d = g_ptr_array_index (departments, i);
      g_hash_table_insert (by_id, (gpointer) mc_department_get_id (d), d);
    }
  for (guint i = 0; i < departments->len; i++)
    {
      McDepartment *d = g_ptr_array_index (departments, i);
      const char *agency = mc_department_get_agency_id (d);
      const char *parent = mc_department_get_parent_id (d);

      g_assert_true (mc_dossier_code_agency_is_valid (agency));
      g_assert_true (g_str_has_suffix (agency, ".H56"));
      g_assert_true (g_hash_table_add (agencies, (gpointer) agency));
      g_assert_true (parent == NULL || g_hash_table_contains (by_id, parent));
      if (mc_store_department_is_one_stop (store, mc_department_get_id (d)))
        n_one_stop++;
      if (mc_department_get_level (d) == MC_LEVEL_COMMUNE)
        n_commune++;
      else
        g_assert_cmpint (mc_department_get_level (d), ==, MC_LEVEL_PROVINCE);
    }
  /* The provincial center and four communes' centers, then per commune
   * the committee and the police. */
  g_assert_cmpuint (n_one_stop, ==, 5);
  g_assert_cmpuint (n_commune, ==, 12);

  procedures = mc_store_list_procedures (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (procedures->len, ==, seeded.n_procedures);
  for (guint c = 0; c < G_N_ELEMENTS (codes); c++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < procedures->len; i++)
        {
          McProcedure *p = g_ptr_array_index (procedures, i);

          if (g_strcmp0 (mc_procedure_get_code (p), codes[c]) != 0)
            continue;
          found = TRUE;
          g_assert_cmpuint (mc_procedure_get_n_components (p), >=, 2);
          g_assert_true (g_hash_table_contains (by_id, mc_procedure_get_department_id (p)));
          g_assert_false (mc_store_department_is_one_stop (store, mc_procedure_get_department_id (p)));
        }
      g_assert_true (found);
    }

  users = mc_store_list_users (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, seeded.accounts->len);
  for (guint i = 0; i < users->len; i++)
    {
      McUser *u = g_ptr_array_index (users, i);
      const char *name = mc_user_get_full_name (u);
      g_autofree char *nfc = g_utf8_normalize (name, -1, G_NORMALIZE_NFC);

      roles[mc_user_get_role (u)]++;
      g_assert_cmpstr (name, ==, nfc);
    }
  for (int r = 0; r < MC_N_ROLES; r++)
    g_assert_cmpuint (roles[r], >, 0);
  for (guint n = 0; n < G_N_ELEMENTS (usernames); n++)
    {
      g_autoptr(McUser) u = mc_store_get_user_by_username (store, usernames[n], &error);
      g_assert_no_error (error);
      g_assert_nonnull (u);
    }
  {
    g_autoptr(McUser) u = mc_store_get_user_by_username (store, "tiepnhan.tinh", &error);

    g_assert_true (mc_store_get_password_hash (store, mc_user_get_id (u), &hash, &error));
    g_assert_no_error (error);
    g_assert_true (mc_server_auth_verify_password (MC_SEED_DEMO_PASSWORD, hash));
  }
}

/* Replays a dossier's events through the workflow table from its
 * registration, as the server would have taken them. */
static void
replay (McDossier  *dossier,
        GHashTable *users)
{
  McWorkflowSubject subject = { 0 };
  guint n = mc_dossier_get_n_events (dossier);
  McEvent *first;

  g_assert_cmpuint (n, >=, 1);
  g_assert_cmpint (mc_dossier_get_version (dossier), ==, (int) n);
  first = mc_dossier_get_event (dossier, 0);
  g_assert_cmpint (mc_event_get_action (first), ==, MC_ACTION_REGISTER);
  g_assert_cmpint (mc_event_get_at (first), ==, mc_dossier_get_received_at (dossier));
  if (mc_dossier_get_channel (dossier) == MC_CHANNEL_ONLINE)
    {
      g_assert_null (mc_event_get_actor_id (first));
      g_assert_cmpint (mc_event_get_to_status (first), ==, MC_STATUS_SUBMITTED);
    }
  else
    {
      McUser *clerk = g_hash_table_lookup (users, mc_event_get_actor_id (first));

      g_assert_nonnull (clerk);
      g_assert_cmpint (mc_user_get_role (clerk), ==, MC_ROLE_RECEPTION);
      g_assert_cmpstr (mc_user_get_department_id (clerk), ==,
                       mc_dossier_get_receiving_department_id (dossier));
      g_assert_cmpint (mc_event_get_to_status (first), ==, MC_STATUS_RECEIVED);
    }
  subject.status = mc_event_get_to_status (first);
  subject.department_id = mc_dossier_get_receiving_department_id (dossier);
  subject.receiving_department_id = mc_dossier_get_receiving_department_id (dossier);

  for (guint i = 1; i < n; i++)
    {
      McEvent *event = mc_dossier_get_event (dossier, i);
      McAction action = mc_event_get_action (event);
      McUser *user = g_hash_table_lookup (users, mc_event_get_actor_id (event));
      McWorkflowActor actor;
      McWorkflowParams params = { NULL, NULL, NULL, MC_TIME_NONE, NULL };
      McWorkflowOutcome out;
      g_autoptr(GError) error = NULL;

      g_assert_nonnull (user);
      g_assert_cmpint (mc_event_get_at (event), >=, mc_event_get_at (mc_dossier_get_event (dossier, i - 1)));
      actor.id = mc_user_get_id (user);
      actor.role = mc_user_get_role (user);
      actor.department_id = mc_user_get_department_id (user);
      g_assert_cmpint (mc_workflow_check (action, &subject, &actor, &error), ==, MC_VERDICT_ALLOWED);
      g_assert_no_error (error);

      params.department_id = mc_event_get_to_department_id (event);
      params.assignee_id = mc_event_get_to_assignee_id (event);
      params.reason = mc_event_get_note (event);
      if (action == MC_ACTION_APOLOGISE_AND_RESCHEDULE)
        params.appointment_at = mc_dossier_get_appointment_at (dossier);
      g_assert_true (mc_workflow_apply (action, &subject, &params, &out, &error));
      g_assert_no_error (error);
      g_assert_cmpint (mc_event_get_from_status (event), ==, subject.status);
      g_assert_cmpint (mc_event_get_to_status (event), ==, out.status);
      if (action == MC_ACTION_ASSIGN || action == MC_ACTION_REASSIGN)
        {
          McUser *assignee = g_hash_table_lookup (users, out.assignee_id);

          g_assert_nonnull (assignee);
          g_assert_cmpint (mc_user_get_role (assignee), ==, MC_ROLE_SPECIALIST);
          g_assert_cmpstr (mc_user_get_department_id (assignee), ==, out.department_id);
        }

      subject.status = out.status;
      subject.substate = out.substate;
      subject.department_id = out.department_id;
      subject.assignee_id = out.assignee_id;
      subject.rescheduled = subject.rescheduled || out.rescheduled;
      if (action == MC_ACTION_REQUEST_SUPPLEMENT)
        subject.resume_status = out.resume_status;
      else if (action == MC_ACTION_SUPPLEMENT_RECEIVED)
        subject.resume_status = 0;
    }

  g_assert_cmpint (subject.status, ==, mc_dossier_get_status (dossier));
  g_assert_cmpint (subject.status == MC_STATUS_IN_PROGRESS ? subject.substate : 0, ==,
                   mc_dossier_get_substate (dossier));
  g_assert_cmpstr (subject.department_id, ==, mc_dossier_get_department_id (dossier));
  g_assert_cmpstr (subject.assignee_id, ==, mc_dossier_get_assignee_id (dossier));
  g_assert_cmpint (subject.rescheduled, ==, mc_dossier_get_appointment_at (dossier) != MC_TIME_NONE);
}

static void
test_dossiers (void)
{
  static const double shares[2][3] = { { 48.6, 40.0, 7.7 }, { 70.3, 19.1, 7.0 } };
  g_autoptr(McStore) store = open_seeded ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = query_strings (db_path, "SELECT id FROM dossiers ORDER BY received_at, id");
  g_autoptr(GPtrArray) user_list = mc_store_list_users (store, NULL, &error);
  g_autoptr(GPtrArray) departments = mc_store_list_departments (store, &error);
  g_autoptr(GHashTable) users = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) agency_of = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) procedures = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  McCalendar *calendar = mc_store_get_calendar (store, &error);
  gint64 now = fixed_now ();
  guint statuses[MC_STATUS_LAST + 1] = { 0 };
  guint outcomes[2][MC_TIMELINESS_LATE + 1] = { { 0 } };
  guint due_soon = 0, overdue = 0, paused = 0, rescheduled = 0, organisations = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, N_DOSSIERS);
  for (guint i = 0; i < user_list->len; i++)
    {
      McUser *u = g_ptr_array_index (user_list, i);
      g_hash_table_insert (users, (gpointer) mc_user_get_id (u), u);
    }
  for (guint i = 0; i < departments->len; i++)
    {
      McDepartment *d = g_ptr_array_index (departments, i);
      g_hash_table_insert (agency_of, (gpointer) mc_department_get_id (d),
                           (gpointer) mc_department_get_agency_id (d));
    }

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(McDossier) dossier = mc_store_get_dossier (store, g_ptr_array_index (ids, i), TRUE, &error);
      McProcedure *procedure;
      McDossierCodeParts parts;
      McDueRequest request = { 0 };
      GArray *pauses = g_array_new (FALSE, FALSE, sizeof (McPause));
      const McApplicant *applicant;
      g_autofree char *nfc = NULL;
      gint64 due, received;
      McStatus status;
      GDateTime *local;

      g_assert_no_error (error);
      procedure = g_hash_table_lookup (procedures, mc_dossier_get_procedure_id (dossier));
      if (procedure == NULL)
        {
          procedure = mc_store_get_procedure (store, mc_dossier_get_procedure_id (dossier), &error);
          g_assert_no_error (error);
          g_hash_table_insert (procedures, (gpointer) mc_procedure_get_id (procedure), procedure);
        }

      /* The code: well formed, unique, of the receiving agency and day. */
      g_assert_true (mc_dossier_code_parse (mc_dossier_get_code (dossier), &parts, &error));
      g_assert_no_error (error);
      g_assert_true (g_hash_table_add (codes, g_strdup (mc_dossier_get_code (dossier))));
      g_assert_cmpstr (parts.agency_id, ==,
                       g_hash_table_lookup (agency_of, mc_dossier_get_receiving_department_id (dossier)));
      received = mc_dossier_get_received_at (dossier);
      g_assert_cmpint (received, <=, now);
      g_assert_cmpint (received, >=, now - (MC_SEED_DAYS + 1) * 86400);
      local = g_date_time_new_from_unix_utc (received + MC_TIME_PROVINCE_OFFSET);
      g_assert_cmpint (parts.year, ==, g_date_time_get_year (local));
      g_assert_cmpint (parts.month, ==, g_date_time_get_month (local));
      g_assert_cmpint (parts.day, ==, g_date_time_get_day_of_month (local));
      g_date_time_unref (local);

      applicant = mc_dossier_get_applicant (dossier);
      nfc = g_utf8_normalize (applicant->name, -1, G_NORMALIZE_NFC);
      g_assert_cmpstr (applicant->name, ==, nfc);
      if (applicant->kind == MC_APPLICANT_PERSON)
        {
          g_assert_cmpuint (strlen (applicant->id_number), ==, 12);
          g_assert_true (applicant->phone == NULL || strlen (applicant->phone) == 10);
        }
      else
        {
          g_assert_cmpuint (strlen (applicant->tax_code), ==, 10);
          organisations++;
        }

      /* The due date is core's, from the procedure's limit and the waits. */
      for (guint p = 0; p < mc_dossier_get_n_pauses (dossier); p++)
        g_array_append_val (pauses, *mc_dossier_get_pause (dossier, p));
      request.received_at = received;
      mc_procedure_get_limit_for (procedure, mc_dossier_get_channel (dossier), &request.amount, &request.unit);
      request.rule = mc_procedure_get_supplement_rule (procedure);
      request.pauses = (const McPause *) (gpointer) pauses->data;
      request.n_pauses = pauses->len;
      g_assert_true (mc_deadline_compute (calendar, &request, &due, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (mc_dossier_get_due_at (dossier), ==, due);
      if (pauses->len > 0)
        paused++;
      g_array_unref (pauses);

      status = mc_dossier_get_status (dossier);
      statuses[status]++;
      if (status == MC_STATUS_RESULT_READY || status == MC_STATUS_RETURNED)
        {
          McTimeliness t = mc_deadline_classify (due, mc_dossier_get_completed_at (dossier));

          g_assert_cmpint (mc_dossier_get_completed_at (dossier), <=, now);
          g_assert_cmpint (mc_dossier_get_timeliness (dossier), ==, t);
          g_assert_cmpint (mc_dossier_get_result (dossier), !=, MC_RESULT_NONE);
          outcomes[mc_dossier_get_channel (dossier) == MC_CHANNEL_ONLINE][t]++;
        }
      else
        {
          g_assert_cmpint (mc_dossier_get_completed_at (dossier), ==, MC_TIME_NONE);
          g_assert_cmpint (mc_dossier_get_timeliness (dossier), ==, MC_TIMELINESS_NONE);
        }
      if (status == MC_STATUS_RETURNED)
        g_assert_cmpint (mc_dossier_get_returned_at (dossier), <=, now);
      if (!mc_status_is_final (status) && status != MC_STATUS_RESULT_READY)
        {
          McAlertLevel level = mc_deadline_alert_level (calendar, due, now, mc_calendar_get_day_seconds (calendar));

          due_soon += level == MC_ALERT_DUE_SOON;
          overdue += level == MC_ALERT_OVERDUE;
        }
      if (mc_dossier_get_appointment_at (dossier) != MC_TIME_NONE)
        rescheduled++;
      for (guint e = 0; e < mc_dossier_get_n_events (dossier); e++)
        g_assert_cmpint (mc_event_get_at (mc_dossier_get_event (dossier, e)), <=, now);

      replay (dossier, users);
    }

  for (int st = MC_STATUS_FIRST; st <= MC_STATUS_LAST; st++)
    {
      g_test_message ("status %d: %u", st, statuses[st]);
      g_assert_cmpuint (statuses[st], >, 0);
      g_assert_cmpuint (statuses[st], ==, seeded.by_status[st]);
    }
  for (int c = 0; c < 2; c++)
    {
      guint total = outcomes[c][1] + outcomes[c][2] + outcomes[c][3];
      double sum = shares[c][0] + shares[c][1] + shares[c][2];

      g_assert_cmpuint (total, >, 100);
      for (int t = 1; t <= 3; t++)
        {
          double got = 100.0 * outcomes[c][t] / total;
          double want = 100.0 * shares[c][t - 1] / sum;

          g_test_message ("%s %d: %.1f %% (target %.1f %%)", c ? "online" : "paper", t, got, want);
          g_assert_cmpfloat (fabs (got - want), <, 4.0);
          g_assert_cmpuint (outcomes[c][t], ==, seeded.by_timeliness[c][t]);
        }
    }
  g_test_message ("due soon %u, overdue %u, paused %u, rescheduled %u, organisations %u",
                  due_soon, overdue, paused, rescheduled, organisations);
  g_assert_cmpuint (due_soon, >, 0);
  g_assert_cmpuint (overdue, >, 0);
  g_assert_cmpuint (due_soon, ==, seeded.due_soon);
  g_assert_cmpuint (overdue, ==, seeded.overdue);
  g_assert_cmpuint (paused, >, 0);
  g_assert_cmpuint (rescheduled, >, 0);
  g_assert_cmpuint (organisations, >, 0);
}

static void
test_deterministic (void)
{
  g_autofree char *again = g_build_filename (tmp_dir, "again.db", NULL);
  g_autofree char *other = g_build_filename (tmp_dir, "other.db", NULL);
  g_auto(McSeedReport) report = { 0 };
  g_auto(McSeedReport) other_report = { 0 };
  static const char *const queries[] = {
    "SELECT id, code, doc FROM dossiers ORDER BY id",
    "SELECT id, dossier_id, ord, doc FROM events ORDER BY id",
    "SELECT id, doc FROM departments ORDER BY id",
    "SELECT id, doc FROM procedures ORDER BY id",
    "SELECT id, username, full_name, role, department_id FROM users ORDER BY id",
  };

  seed_into (again, SEED, N_DOSSIERS, &report);
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(GPtrArray) a = query_strings (db_path, queries[q]);
      g_autoptr(GPtrArray) b = query_strings (again, queries[q]);

      g_assert_cmpuint (a->len, ==, b->len);
      for (guint i = 0; i < a->len; i++)
        g_assert_cmpstr (g_ptr_array_index (a, i), ==, g_ptr_array_index (b, i));
    }

  /* Another seed, other data (a few dossiers are enough to show it). */
  seed_into (other, SEED + 1, 100, &other_report);
  {
    g_autoptr(GPtrArray) a = query_strings (db_path, queries[0]);
    g_autoptr(GPtrArray) b = query_strings (other, queries[0]);

    g_assert_cmpstr (g_ptr_array_index (a, 0), !=, g_ptr_array_index (b, 0));
  }
}

static void
test_refuses_second_seed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = open_seeded ();
  McSeedOptions options;

  mc_seed_options_init (&options);
  options.n_dossiers = 10;
  options.now = fixed_now ();
  g_assert_false (mc_server_seed_demo (store, &options, NULL, &error));
  g_assert_error (error, MC_SEED_ERROR, MC_SEED_ERROR_NOT_EMPTY);
}

static void
test_cli (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "cli.db", NULL);
  static const char *const bad[][2] = {
    { "--dossiers", "0" },
    { "--dossiers", "2000001" },
    { "--dossiers", "12abc" },
    { "--dossiers", "-5" },
    { "--seed", "pepper" },
    { "--seed", "-1" },
    { "--seed", "4294967296" },
    { "--now", "yesterday" },
    { "--now", "2026-03-18T10:30:00" },
  };

  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (mc_test_run_server (&out, &err, "seed-demo", "--db", path, "--dossiers", "40", "--seed", "7",
                          "--now", NOW_TEXT, NULL), ==, 0);
    g_assert_true (strstr (out, MC_SEED_DEMO_PASSWORD) != NULL);
    g_assert_true (strstr (out, "tiepnhan.tinh") != NULL);
    g_assert_true (strstr (out, "quantri") != NULL);
    g_assert_true (strstr (out, "Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa") != NULL);
  }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    /* Never twice into the same database. */
    g_assert_cmpint (mc_test_run_server (&out, &err, "seed-demo", "--db", path, "--dossiers", "40", NULL), ==, 1);
    g_assert_true (strstr (err, path) != NULL);
    g_assert_cmpstr (out, ==, "");
  }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *fresh = g_build_filename (tmp_dir, "bad.db", NULL);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (mc_test_run_server (&out, &err, "seed-demo", "--db", fresh, bad[i][0], bad[i][1], NULL), ==, 2);
      g_assert_true (strstr (err, bad[i][0]) != NULL);
      g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));
    }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (mc_test_run_server (&out, &err, "seed-demo", "--dossiers", "5", NULL), ==, 2);
    g_assert_true (strstr (err, "--db") != NULL);
  }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  mc_test_init (&argc, &argv);
  tmp_dir = g_dir_make_tmp ("motcua-seed-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (tmp_dir, "seed.db", NULL);
  seed_into (db_path, SEED, N_DOSSIERS, &seeded);

  g_test_add_func ("/server/seed/organisation", test_organisation);
  g_test_add_func ("/server/seed/dossiers", test_dossiers);
  g_test_add_func ("/server/seed/deterministic", test_deterministic);
  g_test_add_func ("/server/seed/refuses-second-seed", test_refuses_second_seed);
  g_test_add_func ("/server/seed/cli", test_cli);
  status = g_test_run ();

  mc_seed_report_clear (&seeded);
  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
        g_unlink (path);
      }
  }
  g_rmdir (tmp_dir);
  g_free (db_path);
  g_free (tmp_dir);
  return status;
}
