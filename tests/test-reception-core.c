/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mc-cache-workload.h"
#include "mc-registration.h"
#include "mc-sync.h"
#include "mc-test.h"
#include "mc-test-server.h"
#include "mc-time.h"

/* The workload counts and the registration helpers of libmotcua against a
 * real cache filled by a real sync from a real seeded motcua-server. */

#define DEMO_PASSWORD "motcua-demo"
#define DEMO_NOW "2026-03-16T09:30:00+07:00"

typedef struct {
  GAsyncResult *result;
} Wait;

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *w = user_data;

  w->result = g_object_ref (result);
}

static GAsyncResult *
wait_for (Wait *w)
{
  while (w->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return w->result;
}

static McClient *
client_log_in (const char *base,
               const char *username)
{
  g_autoptr(McClient) client = mc_client_new (base, FALSE);
  g_autoptr(GError) error = NULL;
  Wait w = { NULL };

  mc_client_log_in_async (client, username, DEMO_PASSWORD, NULL, wait_cb, &w);
  g_assert_true (mc_client_log_in_finish (client, wait_for (&w), &error));
  g_assert_no_error (error);
  g_object_unref (w.result);
  return g_steal_pointer (&client);
}

static void
sync_run (McSync *sync)
{
  g_autoptr(GError) error = NULL;
  Wait w = { NULL };

  mc_sync_run_async (sync, NULL, wait_cb, &w);
  g_assert_true (mc_sync_run_finish (sync, wait_for (&w), &error));
  g_assert_no_error (error);
  g_object_unref (w.result);
}

typedef struct {
  McTestServer t;
  char        *cache_dir;
} Demo;

static void
demo_start (Demo *d,
            guint n_dossiers)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) seed = NULL;
  g_autofree char *count = g_strdup_printf ("%u", n_dossiers);

  d->t.dir = g_dir_make_tmp ("motcua-reception-XXXXXX", &error);
  g_assert_no_error (error);
  d->t.db_path = g_build_filename (d->t.dir, "server.db", NULL);
  d->t.port_file = g_build_filename (d->t.dir, "port", NULL);
  d->t.tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  d->t.user_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  seed = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, g_getenv ("MOTCUA_SERVER"),
                           "seed-demo", "--db", d->t.db_path, "--dossiers", count, "--seed", "7",
                           "--now", DEMO_NOW, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (seed, NULL, &error));
  g_assert_no_error (error);
  mc_test_server_start (&d->t, NULL);
  d->cache_dir = g_dir_make_tmp ("motcua-reception-cache-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
demo_stop (Demo *d)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", d->cache_dir);

  mc_test_server_stop (&d->t);
  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  g_free (d->cache_dir);
}

typedef struct {
  guint open, due_soon, overdue;
} Counts;

/* The workload computed the slow way: every cached dossier read, one by
 * one, and counted here. */
static GHashTable *
count_directly (McCache         *cache,
                McWorkloadGroup  group,
                gint64           now,
                gint64           soon_until,
                guint           *n_rows)
{
  g_autoptr(McCacheQuery) query = mc_cache_query_new ();
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  McCacheKey after = { 0 };
  gboolean first = TRUE;

  *n_rows = 0;
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) page = mc_cache_query_page (cache, query, first ? NULL : &after, 100, &error);

      g_assert_no_error (error);
      if (page->len == 0)
        break;
      first = FALSE;
      for (guint i = 0; i < page->len; i++)
        {
          McDossierRow *row = g_ptr_array_index (page, i);
          McStatus status = mc_dossier_row_get_status (row);
          const char *key;
          gint64 due = mc_dossier_row_get_due_at (row);
          Counts *c;

          (*n_rows)++;
          if (!(MC_CACHE_STATUS_OPEN & MC_CACHE_STATUS_BIT (status)))
            continue;
          key = group == MC_WORKLOAD_BY_DEPARTMENT ? mc_dossier_row_get_department_id (row)
                                                   : mc_dossier_row_get_assignee_id (row);
          if (key == NULL)
            key = "(none)";
          if (!(c = g_hash_table_lookup (counts, key)))
            g_hash_table_insert (counts, g_strdup (key), (c = g_new0 (Counts, 1)));
          c->open++;
          if (due != MC_TIME_NONE && due < now)
            c->overdue++;
          else if (due != MC_TIME_NONE && due < soon_until)
            c->due_soon++;
        }
      mc_cache_key_from_row (&after, g_ptr_array_index (page, page->len - 1));
    }
  mc_cache_key_clear (&after);
  return counts;
}

static void
assert_workload (McCache         *cache,
                 McWorkloadGroup  group,
                 gint64           now,
                 gint64           soon_until)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = mc_cache_workload (cache, group, NULL, now, soon_until, &error);
  g_autoptr(GHashTable) expected = NULL;
  guint n_rows = 0, total_overdue = 0, total_soon = 0;

  g_assert_no_error (error);
  expected = count_directly (cache, group, now, soon_until, &n_rows);
  g_assert_cmpuint (n_rows, ==, mc_cache_get_n_dossiers (cache, NULL));
  g_assert_cmpuint (rows->len, ==, g_hash_table_size (expected));
  for (guint i = 0; i < rows->len; i++)
    {
      McWorkloadRow *row = g_ptr_array_index (rows, i);
      Counts *c = g_hash_table_lookup (expected, row->key != NULL ? row->key : "(none)");

      g_assert_nonnull (c);
      g_assert_cmpuint (row->open, ==, c->open);
      g_assert_cmpuint (row->due_soon, ==, c->due_soon);
      g_assert_cmpuint (row->overdue, ==, c->overdue);
      total_overdue += row->overdue;
      total_soon += row->due_soon;
      /* Most overdue first. */
      if (i > 0)
        g_assert_cmpuint (((McWorkloadRow *) g_ptr_array_index (rows, i - 1))->overdue, >=, row->overdue);
    }
  g_test_message ("%s: %u groups, %u overdue, %u due soon",
                  group == MC_WORKLOAD_BY_DEPARTMENT ? "departments" : "officers",
                  rows->len, total_overdue, total_soon);
}

static void
test_workload (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McClient) client = NULL;
  g_autoptr(McSync) sync = NULL;
  g_autoptr(McCache) cache = NULL;
  g_autoptr(McCalendar) calendar = NULL;
  g_autoptr(GPtrArray) by_department = NULL;
  g_autofree char *path = NULL;
  gint64 now = 0, soon;
  guint any_overdue = 0;
  Demo d = { 0 };

  demo_start (&d, 600);
  client = client_log_in (d.t.base, "giamsat");
  path = g_build_filename (d.cache_dir, "giamsat.db", NULL);
  sync = mc_sync_new (client, path);
  sync_run (sync);
  cache = mc_cache_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mc_cache_get_n_dossiers (cache, NULL), ==, 600);
  calendar = mc_cache_load_calendar (cache, &error);
  g_assert_no_error (error);

  /* At the moment the demo was seeded, and a week later. */
  g_assert_true (mc_time_parse_iso8601 (DEMO_NOW, &now, NULL));
  for (int week = 0; week < 2; week++, now += 7 * 24 * 3600)
    {
      soon = mc_workload_soon_until (calendar, now, 8 * 3600);
      g_assert_cmpint (soon, >, now);
      assert_workload (cache, MC_WORKLOAD_BY_DEPARTMENT, now, soon);
      assert_workload (cache, MC_WORKLOAD_BY_ASSIGNEE, now, soon);
    }

  /* The seeded province has overdue work somewhere: the counts are not
   * trivially zero. */
  g_assert_true (mc_time_parse_iso8601 (DEMO_NOW, &now, NULL));
  soon = mc_workload_soon_until (calendar, now, 8 * 3600);
  by_department = mc_cache_workload (cache, MC_WORKLOAD_BY_DEPARTMENT, NULL, now, soon, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_department->len, >, 1);
  for (guint i = 0; i < by_department->len; i++)
    any_overdue += ((McWorkloadRow *) g_ptr_array_index (by_department, i))->overdue;
  g_assert_cmpuint (any_overdue, >, 0);

  /* One department's officers: the same as filtering by hand. */
  {
    McWorkloadRow *top = g_ptr_array_index (by_department, 0);
    g_autoptr(GPtrArray) officers = mc_cache_workload (cache, MC_WORKLOAD_BY_ASSIGNEE, top->key, now, soon, &error);
    guint open = 0;

    g_assert_no_error (error);
    for (guint i = 0; i < officers->len; i++)
      open += ((McWorkloadRow *) g_ptr_array_index (officers, i))->open;
    g_assert_cmpuint (open, ==, top->open);
  }

  /* The threaded variant answers the same. */
  {
    g_autoptr(GPtrArray) threaded = NULL;
    Wait w = { NULL };

    mc_cache_workload_async (path, MC_WORKLOAD_BY_DEPARTMENT, NULL, now, soon, NULL, wait_cb, &w);
    threaded = mc_cache_workload_finish (wait_for (&w), &error);
    g_object_unref (w.result);
    g_assert_no_error (error);
    g_assert_cmpuint (threaded->len, ==, by_department->len);
    for (guint i = 0; i < threaded->len; i++)
      {
        McWorkloadRow *a = g_ptr_array_index (threaded, i), *b = g_ptr_array_index (by_department, i);

        g_assert_cmpstr (a->key, ==, b->key);
        g_assert_cmpuint (a->overdue, ==, b->overdue);
        g_assert_cmpuint (a->open, ==, b->open);
      }
  }

  g_clear_object (&sync);
  g_clear_object (&cache);
  demo_stop (&d);
}

static void
test_check_fields (void)
{
  struct {
    McRegistrationField field;
    McApplicantKind     kind;
    const char         *value;
    gboolean            ok;
  } vectors[] = {
    { MC_REGISTRATION_FIELD_NAME, MC_APPLICANT_PERSON, "Lê Thị Hoa", TRUE },
    { MC_REGISTRATION_FIELD_NAME, MC_APPLICANT_PERSON, "L", FALSE },
    { MC_REGISTRATION_FIELD_NAME, MC_APPLICANT_PERSON, NULL, FALSE },
    { MC_REGISTRATION_FIELD_ID_NUMBER, MC_APPLICANT_PERSON, "001099012345", TRUE },
    { MC_REGISTRATION_FIELD_ID_NUMBER, MC_APPLICANT_PERSON, "123456789", TRUE },
    { MC_REGISTRATION_FIELD_ID_NUMBER, MC_APPLICANT_PERSON, "0010990123", FALSE },
    { MC_REGISTRATION_FIELD_ID_NUMBER, MC_APPLICANT_PERSON, "00109901234a", FALSE },
    { MC_REGISTRATION_FIELD_ID_NUMBER, MC_APPLICANT_PERSON, "", FALSE },
    { MC_REGISTRATION_FIELD_ID_NUMBER, MC_APPLICANT_ORGANISATION, "", TRUE },
    { MC_REGISTRATION_FIELD_PHONE, MC_APPLICANT_PERSON, "0912345678", TRUE },
    { MC_REGISTRATION_FIELD_PHONE, MC_APPLICANT_PERSON, "+84912345678", TRUE },
    { MC_REGISTRATION_FIELD_PHONE, MC_APPLICANT_PERSON, "0912 345", FALSE },
    { MC_REGISTRATION_FIELD_PHONE, MC_APPLICANT_PERSON, "", TRUE },
    { MC_REGISTRATION_FIELD_EMAIL, MC_APPLICANT_PERSON, "hoa@example.vn", TRUE },
    { MC_REGISTRATION_FIELD_EMAIL, MC_APPLICANT_PERSON, "hoa.example.vn", FALSE },
    { MC_REGISTRATION_FIELD_TAX_CODE, MC_APPLICANT_ORGANISATION, "0101234567", TRUE },
    { MC_REGISTRATION_FIELD_TAX_CODE, MC_APPLICANT_ORGANISATION, "0101234567-001", TRUE },
    { MC_REGISTRATION_FIELD_TAX_CODE, MC_APPLICANT_ORGANISATION, "0101234567-01", FALSE },
    { MC_REGISTRATION_FIELD_TAX_CODE, MC_APPLICANT_ORGANISATION, "01012345", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autofree char *problem = mc_registration_check_field (vectors[i].field, vectors[i].kind, vectors[i].value);

      if (vectors[i].ok)
        g_assert_null (problem);
      else
        g_assert_nonnull (problem);
    }
}

static void
test_register (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McClient) client = NULL;
  g_autoptr(McSync) sync = NULL;
  g_autoptr(McCache) cache = NULL;
  g_autoptr(McCalendar) calendar = NULL;
  g_autoptr(GPtrArray) procedures = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(McOutboxEntry) done = NULL;
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(McDossier) cached = NULL;
  g_autoptr(McApplicant) applicant = mc_applicant_new ();
  g_autofree char *path = NULL;
  McProcedure *procedure;
  gint64 before, due_preview = 0;
  Demo d = { 0 };

  demo_start (&d, 50);
  client = client_log_in (d.t.base, "tiepnhan.tinh");
  path = g_build_filename (d.cache_dir, "tiepnhan.db", NULL);
  sync = mc_sync_new (client, path);
  sync_run (sync);
  cache = mc_cache_open (path, &error);
  g_assert_no_error (error);
  calendar = mc_cache_load_calendar (cache, &error);
  g_assert_no_error (error);
  procedures = mc_cache_list_procedures (cache, &error);
  g_assert_no_error (error);

  /* Typed without accents, by name; and by the start of its code. */
  found = mc_registration_find_procedures (procedures, "dang ky khai sinh", 10);
  g_assert_cmpuint (found->len, >=, 1);
  procedure = g_ptr_array_index (found, 0);
  g_assert_cmpstr (mc_procedure_get_code (procedure), ==, "1.001193");
  g_clear_pointer (&found, g_ptr_array_unref);
  found = mc_registration_find_procedures (procedures, "1.0011", 10);
  g_assert_cmpuint (found->len, >=, 1);
  g_assert_true (g_str_has_prefix (mc_procedure_get_code (g_ptr_array_index (found, 0)), "1.0011"));
  g_clear_pointer (&found, g_ptr_array_unref);
  found = mc_registration_find_procedures (procedures, "đăng ký thường trú", 10);
  g_assert_cmpuint (found->len, >=, 1);
  procedure = g_ptr_array_index (found, 0);
  g_assert_cmpstr (mc_procedure_get_code (procedure), ==, "1.004222");

  applicant->kind = MC_APPLICANT_PERSON;
  applicant->name = g_strdup ("Đỗ Thị Ngọc Ánh");
  applicant->id_number = g_strdup ("079199001234");
  applicant->phone = g_strdup ("0912345678");
  g_assert_null (mc_registration_check (applicant, NULL));
  body = mc_registration_build (mc_procedure_get_id (procedure), applicant, MC_CHANNEL_COUNTER, MC_CHANNEL_POSTAL);

  /* Saved first, then sent. */
  before = mc_time_now ();
  {
    Wait w = { NULL };

    mc_sync_enqueue_async (sync, NULL, 0, body, NULL, wait_cb, &w);
    entry = mc_sync_enqueue_finish (sync, wait_for (&w), &error);
    g_object_unref (w.result);
    g_assert_no_error (error);
  }
  g_assert_cmpstr (entry->action, ==, "register");
  g_assert_cmpint (entry->state, ==, MC_OUTBOX_PENDING);
  g_assert_true (mc_registration_preview_due (calendar, procedure, MC_CHANNEL_COUNTER, before,
                                              &due_preview, NULL, &error));
  g_assert_no_error (error);
  sync_run (sync);
  done = mc_registration_get_entry (cache, entry->id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (done);
  g_assert_cmpint (done->state, ==, MC_OUTBOX_DONE);

  /* The replay names the dossier without registering a second one. */
  {
    Wait w = { NULL };
    guint n = mc_cache_get_n_dossiers (cache, NULL);

    mc_registration_fetch_dossier_async (client, done, NULL, wait_cb, &w);
    dossier = mc_registration_fetch_dossier_finish (client, wait_for (&w), &error);
    g_object_unref (w.result);
    g_assert_no_error (error);
    sync_run (sync);
    g_assert_cmpuint (mc_cache_get_n_dossiers (cache, NULL), ==, n);
  }
  g_assert_nonnull (mc_dossier_get_code (dossier));
  cached = mc_cache_get_dossier (cache, mc_dossier_get_id (dossier), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mc_dossier_get_code (cached), ==, mc_dossier_get_code (dossier));
  g_assert_cmpint (mc_dossier_get_return_channel (cached), ==, MC_CHANNEL_POSTAL);
  /* The preview agrees with the server to within the seconds between the
   * two moments of reception. */
  g_assert_cmpint (ABS (mc_dossier_get_due_at (cached) - due_preview), <=,
                   mc_dossier_get_received_at (cached) - before + 1);

  /* A refused registration keeps the server's explanation. */
  {
    g_autoptr(McApplicant) bad = mc_applicant_copy (applicant);
    g_autoptr(JsonNode) bad_body = NULL;
    g_autoptr(McOutboxEntry) refused = NULL;
    g_autoptr(McOutboxEntry) failed = NULL;
    Wait w = { NULL };

    g_free (bad->id_number);
    bad->id_number = g_strdup ("12345");
    bad_body = mc_registration_build (mc_procedure_get_id (procedure), bad, MC_CHANNEL_COUNTER, MC_CHANNEL_COUNTER);
    mc_sync_enqueue_async (sync, NULL, 0, bad_body, NULL, wait_cb, &w);
    refused = mc_sync_enqueue_finish (sync, wait_for (&w), &error);
    g_object_unref (w.result);
    g_assert_no_error (error);
    sync_run (sync);
    failed = mc_registration_get_entry (cache, refused->id, &error);
    g_assert_no_error (error);
    g_assert_cmpint (failed->state, ==, MC_OUTBOX_FAILED);
    g_assert_cmpint (failed->error_code, ==, MC_CLIENT_ERROR_WORKFLOW);
    g_assert_nonnull (strstr (failed->message, "9 or 12"));
  }

  g_clear_object (&sync);
  g_clear_object (&cache);
  demo_stop (&d);
}

int
main (int    argc,
      char **argv)
{
  mc_test_init (&argc, &argv);

  g_test_add_func ("/sync/reception/check-fields", test_check_fields);
  g_test_add_func ("/sync/reception/workload", test_workload);
  g_test_add_func ("/sync/reception/register", test_register);

  return g_test_run ();
}
