/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "cache-fixtures.h"
#include "mc-cache-private.h"
#include "mc-calendar.h"
#include "mc-fold.h"
#include "mc-test.h"

static char *
temp_db (void)
{
  return g_build_filename (g_get_user_cache_dir (), "motcua", "test.db", NULL);
}

static gboolean
apply (McCache         *cache,
       JsonArray       *items,
       const char      *cursor,
       McCacheChanges **changes,
       GError         **error)
{
  return mc_cache_apply_page (cache, items, cursor, changes, error);
}

/* A page of @n generated dossiers from @first. */
static JsonArray *
generated_page (guint64 first,
                guint   n)
{
  JsonArray *items = json_array_new ();
  g_autoptr(GStringChunk) chunk = g_string_chunk_new (4096);

  for (guint i = 0; i < n; i++)
    {
      FixtureDossier f;

      fixture_generate (first + i, &f, chunk);
      json_array_add_element (items, fixture_item ("dossier", first + i + 1, fixture_dossier_json (&f, i % 7 == 0)));
    }
  return items;
}

static void
test_open (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) items = generated_page (0, 50);
  g_autofree char *cursor = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf st;

  {
    g_autoptr(McCache) cache = mc_cache_open (path, &error);

    g_assert_no_error (error);
    g_assert_cmpint (mc_cache_get_schema_version (cache), ==, MC_CACHE_SCHEMA_VERSION);
    g_assert_true (mc_cache_get_cursor (cache, &cursor, &error));
    g_assert_null (cursor);
    g_assert_true (apply (cache, items, "c-50", NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (g_stat (path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    g_assert_cmpint (g_stat (wal, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }
  {
    g_autoptr(McCache) cache = mc_cache_open (path, &error);
    g_autoptr(McDossier) d = NULL;
    g_autoptr(GStringChunk) chunk = g_string_chunk_new (256);
    g_autoptr(JsonNode) expected = NULL;
    g_autoptr(McDossier) expected_d = NULL;
    FixtureDossier f;

    g_assert_no_error (error);
    g_assert_cmpuint (mc_cache_get_n_dossiers (cache, NULL), ==, 50);
    g_assert_true (mc_cache_get_cursor (cache, &cursor, &error));
    g_assert_cmpstr (cursor, ==, "c-50");
    fixture_generate (0, &f, chunk);
    d = mc_cache_get_dossier (cache, f.id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (mc_dossier_get_n_events (d), ==, 1);
    expected = fixture_dossier_json (&f, TRUE);
    expected_d = mc_dossier_new_from_json (expected, NULL);
    g_assert_cmpstr (mc_dossier_get_applicant (d)->name, ==, f.name);
    g_assert_cmpstr (mc_dossier_get_code (d), ==, f.code);
    g_assert_null (mc_cache_get_dossier (cache, "ffffffff-0000-4000-8000-000000000000", &error));
    g_assert_error (error, MC_CACHE_ERROR, MC_CACHE_ERROR_NOT_FOUND);
  }
}

static void
test_migrate (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) items = generated_page (0, 30);
  g_autoptr(McCacheQuery) q = mc_cache_query_new ();
  g_autoptr(GStringChunk) chunk = g_string_chunk_new (256);
  g_autoptr(GPtrArray) rows = NULL;
  FixtureDossier f;

  {
    g_autoptr(McCache) old = _mc_cache_open_at_version (path, 1, &error);

    g_assert_no_error (error);
    g_assert_cmpint (mc_cache_get_schema_version (old), ==, 1);
    g_assert_true (apply (old, items, "c1", NULL, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(McCache) cache = mc_cache_open (path, &error);
    g_autofree char *cursor = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (mc_cache_get_schema_version (cache), ==, MC_CACHE_SCHEMA_VERSION);
    g_assert_cmpuint (mc_cache_get_n_dossiers (cache, NULL), ==, 30);
    g_assert_true (mc_cache_get_cursor (cache, &cursor, NULL));
    g_assert_cmpstr (cursor, ==, "c1");
    /* The search index was built from the rows the old schema kept. */
    fixture_generate (12, &f, chunk);
    q->text = g_strdup (f.code);
    rows = mc_cache_query_page (cache, q, NULL, 10, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (rows->len, ==, 1);
    g_assert_cmpstr (mc_dossier_row_get_id (g_ptr_array_index (rows, 0)), ==, f.id);
  }
  {
    /* A newer schema is refused, not damaged. */
    g_autoptr(McCache) cache = mc_cache_open (path, &error);
    sqlite3_exec (_mc_cache_get_handle (cache), "PRAGMA user_version = 99", NULL, NULL, NULL);
  }
  g_assert_null (mc_cache_open (path, &error));
  g_assert_error (error, MC_CACHE_ERROR, MC_CACHE_ERROR_SCHEMA);
}

static gboolean
ids_equal (GPtrArray  *ids,
           const char *first,
           ...)
{
  va_list ap;
  guint i = 0;
  gboolean ok = TRUE;

  va_start (ap, first);
  for (const char *id = first; id != NULL; id = va_arg (ap, const char *), i++)
    if (i >= ids->len || g_strcmp0 (g_ptr_array_index (ids, i), id) != 0)
      ok = FALSE;
  va_end (ap);
  return ok && i == ids->len;
}

static void
test_apply (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McCache) cache = mc_cache_open (path, &error);
  g_autoptr(GStringChunk) chunk = g_string_chunk_new (256);
  g_autoptr(McCacheChanges) changes = NULL;
  g_autoptr(JsonArray) page1 = json_array_new ();
  g_autoptr(JsonArray) page2 = json_array_new ();
  g_autoptr(JsonArray) page3 = json_array_new ();
  g_autoptr(McDossier) d = NULL;
  FixtureDossier a, b, c;

  fixture_generate (1, &a, chunk);
  fixture_generate (2, &b, chunk);
  fixture_generate (3, &c, chunk);
  json_array_add_element (page1, fixture_item ("dossier", 1, fixture_dossier_json (&a, FALSE)));
  json_array_add_element (page1, fixture_item ("dossier", 2, fixture_dossier_json (&b, FALSE)));
  json_array_add_element (page1, fixture_item ("hologram", 3, json_node_new (JSON_NODE_NULL)));
  g_assert_true (apply (cache, page1, "p1", &changes, &error));
  g_assert_no_error (error);
  g_assert_true (ids_equal (mc_cache_changes_get_inserted (changes), a.id, b.id, NULL));
  g_assert_cmpuint (mc_cache_changes_get_updated (changes)->len, ==, 0);
  g_clear_pointer (&changes, mc_cache_changes_unref);

  /* Update a (newer version, new status), tombstone b, insert c, a stale
   * version of a is ignored. */
  a.status = MC_STATUS_RESULT_READY;
  a.version = 3;
  json_array_add_element (page2, fixture_item ("dossier", 4, fixture_dossier_json (&a, TRUE)));
  json_array_add_element (page2, fixture_tombstone (5, b.id));
  json_array_add_element (page2, fixture_item ("dossier", 6, fixture_dossier_json (&c, FALSE)));
  a.status = MC_STATUS_IN_PROGRESS;
  a.version = 2;
  json_array_add_element (page2, fixture_item ("dossier", 7, fixture_dossier_json (&a, FALSE)));
  json_array_add_element (page2, fixture_tombstone (8, "00000000-0000-4000-8000-0000000000ff"));
  g_assert_true (apply (cache, page2, "p2", &changes, &error));
  g_assert_no_error (error);
  g_assert_true (ids_equal (mc_cache_changes_get_inserted (changes), c.id, NULL));
  g_assert_true (ids_equal (mc_cache_changes_get_updated (changes), a.id, NULL));
  g_assert_true (ids_equal (mc_cache_changes_get_deleted (changes), b.id, NULL));
  d = mc_cache_get_dossier (cache, a.id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_dossier_get_version (d), ==, 3);
  g_assert_cmpint (mc_dossier_get_status (d), ==, MC_STATUS_RESULT_READY);
  g_assert_cmpuint (mc_dossier_get_n_events (d), ==, 1);
  g_assert_cmpuint (mc_cache_get_n_dossiers (cache, NULL), ==, 2);
  g_clear_pointer (&changes, mc_cache_changes_unref);

  /* A change of received_at moves the row's key; still one update. */
  c.received_at += 3600;
  c.version = 2;
  json_array_add_element (page3, fixture_item ("dossier", 9, fixture_dossier_json (&c, FALSE)));
  g_assert_true (apply (cache, page3, "p3", &changes, &error));
  g_assert_true (ids_equal (mc_cache_changes_get_updated (changes), c.id, NULL));
  g_assert_cmpuint (mc_cache_get_n_dossiers (cache, NULL), ==, 2);
  {
    g_autoptr(McCacheQuery) q = mc_cache_query_new ();
    g_autoptr(GPtrArray) rows = NULL;

    q->text = g_strdup (c.code);
    rows = mc_cache_query_page (cache, q, NULL, 10, &error);
    g_assert_cmpuint (rows->len, ==, 1);
    g_assert_cmpint (mc_dossier_row_get_received_at (g_ptr_array_index (rows, 0)), ==, c.received_at);
  }
}

static void
test_atomic (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McCache) cache = mc_cache_open (path, &error);
  g_autoptr(JsonArray) good = generated_page (0, 10);
  g_autoptr(JsonArray) bad = generated_page (10, 10);
  g_autoptr(McCacheChanges) changes = NULL;
  g_autofree char *cursor = NULL;
  JsonNode *broken;

  g_assert_true (apply (cache, good, "good", NULL, &error));
  /* The 11th item: a dossier whose status is not a status. */
  {
    g_autoptr(GStringChunk) chunk = g_string_chunk_new (256);
    FixtureDossier f;

    fixture_generate (99, &f, chunk);
    broken = fixture_item ("dossier", 99, fixture_dossier_json (&f, FALSE));
  }
  json_object_set_string_member (json_object_get_object_member (json_node_get_object (broken), "data"),
                                 "status", "teleported");
  json_array_add_element (bad, broken);
  g_assert_false (apply (cache, bad, "bad", &changes, &error));
  g_assert_error (error, MC_CACHE_ERROR, MC_CACHE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "items[10].data.status"));
  g_assert_null (changes);
  g_assert_cmpuint (mc_cache_get_n_dossiers (cache, NULL), ==, 10);
  g_assert_true (mc_cache_get_cursor (cache, &cursor, NULL));
  g_assert_cmpstr (cursor, ==, "good");
  g_clear_error (&error);

  /* Not an object, no kind, a tombstone without id. */
  {
    const char *cases[] = { "[1]", "[{\"seq\":1}]", "[{\"kind\":\"tombstone\",\"seq\":1}]",
                            "[{\"kind\":\"dossier\",\"seq\":1,\"data\":[]}]",
                            "[{\"kind\":\"calendar\",\"seq\":1,\"data\":{\"year\":2026,\"office_hours\":\"x\",\"days\":[]}}]" };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(JsonNode) node = mc_json_parse (cases[i], -1, MC_JSON_MAX_BYTES, MC_JSON_MAX_DEPTH, NULL);

        g_assert_false (apply (cache, json_node_get_array (node), "x", NULL, &error));
        g_assert_error (error, MC_CACHE_ERROR, MC_CACHE_ERROR_INVALID);
        g_clear_error (&error);
      }
  }
  g_clear_pointer (&cursor, g_free);
  g_assert_true (mc_cache_get_cursor (cache, &cursor, NULL));
  g_assert_cmpstr (cursor, ==, "good");
}

static JsonNode *
parse (const char *text)
{
  return mc_json_parse (text, -1, MC_JSON_MAX_BYTES, MC_JSON_MAX_DEPTH, NULL);
}

static void
test_catalogues (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McCache) cache = mc_cache_open (path, &error);
  g_autoptr(JsonArray) items = json_array_new ();
  g_autoptr(JsonArray) rename = json_array_new ();
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(McDepartment) dept = mc_department_new ();
  g_autoptr(McProcedure) proc = mc_procedure_new ();
  g_autoptr(McUser) user = mc_user_new ();
  g_autoptr(McCacheChanges) changes = NULL;
  g_autoptr(McCacheQuery) q = mc_cache_query_new ();
  g_autoptr(GStringChunk) chunk = g_string_chunk_new (256);
  g_autoptr(GPtrArray) rows = NULL;
  guint n;
  FixtureDossier f;

  mc_department_set_id (dept, "dept-tp");
  mc_department_set_code (dept, "STP");
  mc_department_set_agency_id (dept, "000.00.20.H56");
  mc_department_set_name (dept, "Sở Tư pháp");
  mc_procedure_set_id (proc, "proc-khaisinh");
  mc_procedure_set_code (proc, "1.001193");
  mc_procedure_set_name (proc, "Đăng ký khai sinh");
  mc_procedure_set_department_id (proc, "dept-tp");
  mc_procedure_set_limit_amount (proc, 1);
  mc_user_set_id (user, "user-1");
  mc_user_set_username (user, "hong.lt");
  mc_user_set_full_name (user, "Lê Thị Hồng");
  json_array_add_element (items, fixture_item ("department", 1, mc_department_to_json (dept)));
  json_array_add_element (items, fixture_item ("procedure", 2, mc_procedure_to_json (proc)));
  json_array_add_element (items, fixture_item ("user", 3, mc_user_to_json (user)));
  fixture_generate (5, &f, chunk);
  f.procedure_id = "proc-khaisinh";
  json_array_add_element (items, fixture_item ("dossier", 4, fixture_dossier_json (&f, FALSE)));
  g_assert_true (apply (cache, items, "c", &changes, &error));
  g_assert_no_error (error);
  g_assert_true (mc_cache_changes_get_catalogues_changed (changes));

  list = mc_cache_list_departments (cache, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_true (mc_department_equal (g_ptr_array_index (list, 0), dept));
  g_clear_pointer (&list, g_ptr_array_unref);
  list = mc_cache_list_procedures (cache, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_true (mc_procedure_equal (g_ptr_array_index (list, 0), proc));
  g_clear_pointer (&list, g_ptr_array_unref);
  list = mc_cache_list_users (cache, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_true (mc_user_equal (g_ptr_array_index (list, 0), user));

  /* The procedure name is searchable, and follows a rename. */
  q->text = g_strdup ("khai sinh");
  g_assert_true (mc_cache_count (cache, q, &n, &error));
  g_assert_cmpuint (n, ==, 1);
  mc_procedure_set_name (proc, "Đăng ký kết hôn");
  json_array_add_element (rename, fixture_item ("procedure", 5, mc_procedure_to_json (proc)));
  g_assert_true (apply (cache, rename, "d", NULL, &error));
  g_assert_true (mc_cache_count (cache, q, &n, &error));
  g_assert_cmpuint (n, ==, 0);
  g_free (q->text);
  q->text = g_strdup ("ket hon");
  rows = mc_cache_query_page (cache, q, NULL, 5, &error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_free (q->text);
  q->text = g_strdup (f.name);   /* the dossier's own part is kept */
  g_assert_true (mc_cache_count (cache, q, &n, &error));
  g_assert_cmpuint (n, ==, 1);
}

static JsonNode *
calendar_data (McCalendar *server,
               int         year)
{
  g_autoptr(GArray) entries = mc_calendar_list_year (server, year, NULL);
  g_autoptr(GString) s = g_string_new (NULL);

  g_string_append_printf (s, "{\"year\":%d,\"office_hours\":\"07:30-11:30,13:30-17:30\","
                             "\"same_day_cutoff\":\"15:30\",\"days\":[", year);
  for (guint i = 0; i < entries->len; i++)
    {
      const McCalendarEntry *e = &g_array_index (entries, McCalendarEntry, i);

      g_string_append_printf (s, "%s{\"date\":\"%04d-%02d-%02d\",\"kind\":\"%s\",\"name\":\"%s\"}",
                              i ? "," : "", e->year, e->month, e->day,
                              e->kind == MC_DAY_OFF ? "off" : "work", e->name);
    }
  g_string_append (s, "]}");
  return parse (s->str);
}

static void
test_calendar (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McCache) cache = mc_cache_open (path, &error);
  g_autoptr(McCalendar) server = mc_calendar_new ();
  g_autoptr(McCalendar) loaded = NULL;
  g_autoptr(JsonArray) items = json_array_new ();
  g_autoptr(McCacheChanges) changes = NULL;

  /* The server's administrator: an extra day off, a make-up Saturday, a
   * default holiday made a working day, no Culture Day. */
  mc_calendar_set_culture_day_from (server, 0);
  g_assert_true (mc_calendar_add_exception (server, 2026, 3, 9, MC_EXCEPTION_OFF, "Nghỉ bù bầu cử", NULL));
  g_assert_true (mc_calendar_add_exception (server, 2026, 3, 14, MC_EXCEPTION_WORK, "Làm bù", NULL));
  g_assert_true (mc_calendar_add_exception (server, 2026, 9, 2, MC_EXCEPTION_WORK, NULL, NULL));
  json_array_add_element (items, fixture_item ("calendar", 1, calendar_data (server, 2026)));
  json_array_add_element (items, fixture_item ("calendar", 2, calendar_data (server, 2027)));
  g_assert_true (apply (cache, items, "c", &changes, &error));
  g_assert_no_error (error);
  g_assert_true (mc_cache_changes_get_calendar_changed (changes));

  loaded = mc_cache_load_calendar (cache, &error);
  g_assert_no_error (error);
  for (int year = 2026; year <= 2027; year++)
    {
      g_autoptr(GArray) want = mc_calendar_list_year (server, year, NULL);
      g_autoptr(GArray) got = mc_calendar_list_year (loaded, year, NULL);

      g_assert_cmpuint (got->len, ==, want->len);
      for (guint i = 0; i < want->len; i++)
        {
          const McCalendarEntry *w = &g_array_index (want, McCalendarEntry, i);
          const McCalendarEntry *g = &g_array_index (got, McCalendarEntry, i);

          g_assert_cmpint (w->month, ==, g->month);
          g_assert_cmpint (w->day, ==, g->day);
          g_assert_cmpint (w->kind, ==, g->kind);
          g_assert_cmpstr (w->name, ==, g->name);
        }
    }
  g_assert_true (mc_calendar_is_working_day (loaded, 2026, 9, 2));
  g_assert_false (mc_calendar_is_working_day (loaded, 2026, 3, 9));
  g_assert_cmpint (mc_calendar_get_office_hours (loaded)->intervals[0].start, ==, 7 * 60 + 30);
  g_assert_cmpint (mc_calendar_get_office_hours (loaded)->same_day_cutoff, ==, 15 * 60 + 30);

  /* Loaded again while nothing changed, it is the same calendar; a later
   * change to a year is seen at the next load, and so is a reset. */
  {
    g_autoptr(McCalendar) again = mc_cache_load_calendar (cache, &error);
    g_autoptr(McCalendar) changed = NULL;
    g_autoptr(McCalendar) emptied = NULL;
    g_autoptr(JsonArray) change = json_array_new ();

    g_assert_no_error (error);
    g_assert_true (again == loaded);
    g_assert_true (mc_calendar_add_exception (server, 2027, 6, 1, MC_EXCEPTION_OFF, "Nghỉ đột xuất", NULL));
    json_array_add_element (change, fixture_item ("calendar", 3, calendar_data (server, 2027)));
    g_assert_true (apply (cache, change, "c2", NULL, &error));
    changed = mc_cache_load_calendar (cache, &error);
    g_assert_no_error (error);
    g_assert_true (changed != loaded);
    g_assert_false (mc_calendar_is_working_day (changed, 2027, 6, 1));
    g_assert_true (mc_calendar_is_working_day (loaded, 2027, 6, 1));
    g_assert_true (mc_cache_reset (cache, &error));
    emptied = mc_cache_load_calendar (cache, &error);
    g_assert_no_error (error);
    g_assert_true (mc_calendar_is_working_day (emptied, 2027, 6, 1));
  }
}

static void
test_reset (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McCache) cache = mc_cache_open (path, &error);
  g_autoptr(JsonArray) items = generated_page (0, 40);
  g_autoptr(McCacheQuery) q = mc_cache_query_new ();
  g_autofree char *cursor = NULL;
  guint n = 1;

  g_assert_true (apply (cache, items, "c40", NULL, &error));
  g_assert_true (mc_cache_reset (cache, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mc_cache_get_n_dossiers (cache, NULL), ==, 0);
  g_assert_true (mc_cache_get_cursor (cache, &cursor, NULL));
  g_assert_null (cursor);
  q->text = g_strdup ("nguyen");
  g_assert_true (mc_cache_count (cache, q, &n, &error));
  g_assert_cmpuint (n, ==, 0);
  /* And it fills again. */
  g_assert_true (apply (cache, items, "again", NULL, &error));
  g_assert_cmpuint (mc_cache_get_n_dossiers (cache, NULL), ==, 40);
  g_assert_true (mc_cache_count (cache, q, &n, &error));
  g_assert_cmpuint (n, >, 0);
}

/* The search index, kept by apply_page() a page at a time since schema 5,
 * against the same pages applied under schema 4, where triggers kept it row
 * by row: the same rows, an index that passes FTS5's own check against the
 * table, and the same matches for every row's code and name. */

static void
assert_index_sound (McCache *cache)
{
  g_assert_cmpint (sqlite3_exec (_mc_cache_get_handle (cache),
                                 "INSERT INTO dossier_fts (dossier_fts, rank) VALUES ('integrity-check', 1)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
}

static char *
dump_cache (McCache *cache)
{
  GString *out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  sqlite3_stmt *match = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_mc_cache_get_handle (cache),
                                       "SELECT n, id, code, code_key, status, department_id, assignee_id, "
                                       "applicant_name, received_at, due_key, version, seq, search, "
                                       "(SELECT doc FROM dossier_docs WHERE dossier_docs.n = dossiers.n) "
                                       "FROM dossiers ORDER BY n", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (_mc_cache_get_handle (cache),
                                       "SELECT group_concat (rowid) FROM dossier_fts WHERE dossier_fts MATCH ?1",
                                       -1, &match, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *code = (const char *) sqlite3_column_text (stmt, 2);
      const char *name = (const char *) sqlite3_column_text (stmt, 7);

      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        g_string_append_printf (out, "%s|", (const char *) sqlite3_column_text (stmt, i));
      for (guint k = 0; k < 2; k++)
        {
          g_autofree char *m = mc_cache_build_match (k == 0 ? code : name);

          if (m == NULL)
            continue;
          sqlite3_bind_text (match, 1, m, -1, SQLITE_TRANSIENT);
          g_assert_cmpint (sqlite3_step (match), ==, SQLITE_ROW);
          g_string_append_printf (out, "[%s]", (const char *) sqlite3_column_text (match, 0));
          sqlite3_reset (match);
        }
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
  sqlite3_finalize (match);
  return g_string_free (out, FALSE);
}

static void
test_search_index (void)
{
  g_autofree char *path = temp_db ();
  g_autofree char *old_path = g_build_filename (g_get_user_cache_dir (), "motcua", "old.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McCache) cache = mc_cache_open (path, &error);
  g_autoptr(McCache) old = _mc_cache_open_at_version (old_path, 4, &error);
  g_autoptr(GStringChunk) chunk = g_string_chunk_new (4096);
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) json_array_unref);
  g_autoptr(JsonArray) bad = json_array_new ();
  g_autofree char *dump = NULL;
  g_autofree char *old_dump = NULL;
  JsonArray *page;
  FixtureDossier f;
  gint64 seq = 1000;

  g_assert_no_error (error);
  g_ptr_array_add (pages, generated_page (0, 120));
  g_ptr_array_add (pages, generated_page (120, 80));
  /* In one page: renames (the search text changes in place), moves (the
   * key changes), tombstones, a dossier twice, one removed and sent again,
   * one inserted and removed. */
  page = json_array_new ();
  for (guint i = 0; i < 60; i++)
    {
      fixture_generate (i * 3, &f, chunk);
      f.version = 5;
      if (i % 2 == 0)
        f.name = "Trương Vĩnh Ký";
      else
        f.received_at += 7200;
      json_array_add_element (page, fixture_item ("dossier", seq++, fixture_dossier_json (&f, FALSE)));
    }
  for (guint i = 0; i < 20; i++)
    {
      fixture_generate (i * 3 + 1, &f, chunk);
      json_array_add_element (page, fixture_tombstone (seq++, f.id));
    }
  fixture_generate (4, &f, chunk);
  f.version = 9;
  json_array_add_element (page, fixture_item ("dossier", seq++, fixture_dossier_json (&f, FALSE)));
  f.version = 10;
  f.name = "Hồ Xuân Hương";
  f.received_at += 60;
  json_array_add_element (page, fixture_item ("dossier", seq++, fixture_dossier_json (&f, TRUE)));
  fixture_generate (500, &f, chunk);
  json_array_add_element (page, fixture_item ("dossier", seq++, fixture_dossier_json (&f, FALSE)));
  json_array_add_element (page, fixture_tombstone (seq++, f.id));
  fixture_generate (1, &f, chunk);
  f.version = 7;
  json_array_add_element (page, fixture_item ("dossier", seq++, fixture_dossier_json (&f, FALSE)));
  g_ptr_array_add (pages, page);

  /* A page that fails half way leaves neither rows nor index entries. */
  fixture_generate (900, &f, chunk);
  json_array_add_element (bad, fixture_item ("dossier", seq++, fixture_dossier_json (&f, FALSE)));
  json_array_add_element (bad, fixture_item ("dossier", seq++, json_node_new (JSON_NODE_NULL)));

  for (guint i = 0; i < pages->len; i++)
    {
      g_autofree char *cursor = g_strdup_printf ("p%u", i);

      g_assert_true (apply (cache, g_ptr_array_index (pages, i), cursor, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (apply (old, g_ptr_array_index (pages, i), cursor, NULL, &error));
      g_assert_no_error (error);
      assert_index_sound (cache);
      g_assert_false (apply (cache, bad, "bad", NULL, &error));
      g_clear_error (&error);
      assert_index_sound (cache);
    }
  assert_index_sound (old);
  dump = dump_cache (cache);
  old_dump = dump_cache (old);
  g_assert_cmpstr (dump, ==, old_dump);
  g_assert_nonnull (strstr (dump, "Hồ Xuân Hương"));
  g_assert_cmpuint (mc_cache_get_n_dossiers (cache, NULL), ==, 182);

  /* And after a reset, it fills the same way again. */
  g_assert_true (mc_cache_reset (cache, &error));
  assert_index_sound (cache);
  for (guint i = 0; i < pages->len; i++)
    g_assert_true (apply (cache, g_ptr_array_index (pages, i), "again", NULL, &error));
  assert_index_sound (cache);
  g_clear_pointer (&dump, g_free);
  dump = dump_cache (cache);
  g_assert_cmpstr (dump, ==, old_dump);
  g_unlink (old_path);
}

/* Queues against a brute-force filter of the same generated rows. */

typedef struct {
  FixtureDossier f;
  char          *code_key;
} Brute;

static const McCacheQuery *brute_query;

static int
brute_compare (gconstpointer a,
               gconstpointer b)
{
  const Brute *x = *(const Brute **) a, *y = *(const Brute **) b;
  gint64 dx = x->f.due_at == MC_TIME_NONE ? G_MAXINT64 : x->f.due_at;
  gint64 dy = y->f.due_at == MC_TIME_NONE ? G_MAXINT64 : y->f.due_at;
  int c;

  switch (brute_query->sort)
    {
    case MC_CACHE_SORT_DUE_ASC:
      if (dx != dy)
        return dx < dy ? -1 : 1;
      return x->f.received_at < y->f.received_at ? -1 : 1;
    case MC_CACHE_SORT_CODE_ASC:
      if ((c = strcmp (x->code_key, y->code_key)) != 0)
        return c;
      return x->f.received_at < y->f.received_at ? -1 : 1;
    default:
      return x->f.received_at > y->f.received_at ? -1 : 1;
    }
}

static gboolean
brute_matches (const McCacheQuery *q,
               const Brute        *b)
{
  gint64 due = b->f.due_at == MC_TIME_NONE ? G_MAXINT64 : b->f.due_at;

  if (q->status_mask && !(q->status_mask & MC_CACHE_STATUS_BIT (b->f.status)))
    return FALSE;
  if (q->department_id && g_strcmp0 (q->department_id, b->f.department_id))
    return FALSE;
  if (q->assignee_id && g_strcmp0 (q->assignee_id, b->f.assignee_id))
    return FALSE;
  if (q->unassigned && b->f.assignee_id)
    return FALSE;
  if (q->due_from != MC_TIME_NONE && due < q->due_from)
    return FALSE;
  if (q->due_before != MC_TIME_NONE && due >= q->due_before)
    return FALSE;
  if (q->received_from != MC_TIME_NONE && b->f.received_at < q->received_from)
    return FALSE;
  if (q->received_before != MC_TIME_NONE && b->f.received_at >= q->received_before)
    return FALSE;
  if (q->text)
    {
      /* Every folded word of the text starts a word of the name. */
      g_autofree char *name = mc_fold (b->f.name);
      g_autofree char *text = mc_fold (q->text);
      g_auto(GStrv) have = g_strsplit (name, " ", -1);
      g_auto(GStrv) want = g_strsplit (text, " ", -1);

      for (guint i = 0; want[i]; i++)
        {
          gboolean found = FALSE;

          for (guint j = 0; have[j] && !found; j++)
            found = g_str_has_prefix (have[j], want[i]);
          if (!found)
            return FALSE;
        }
    }
  return TRUE;
}

static void
test_queries (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McCache) cache = mc_cache_open (path, &error);
  g_autoptr(GStringChunk) chunk = g_string_chunk_new (4096);
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  g_autoptr(JsonArray) items = json_array_new ();
  g_autoptr(McCalendar) calendar = mc_calendar_new ();
  const guint N = 2000;
  Brute *brutes = g_new0 (Brute, N);
  gint64 now;

  for (guint i = 0; i < N; i++)
    {
      fixture_generate (i, &brutes[i].f, chunk);
      /* Names only in the search text: keep the other words apart. */
      brutes[i].f.address = NULL;
      brutes[i].f.id_number = NULL;
      brutes[i].f.phone = NULL;
      brutes[i].f.code = i % 9 == 0 ? NULL : brutes[i].f.code;
      brutes[i].code_key = brutes[i].f.code ? mc_fold (brutes[i].f.code) : g_strdup ("");
      json_array_add_element (items, fixture_item ("dossier", i + 1, fixture_dossier_json (&brutes[i].f, FALSE)));
      g_ptr_array_add (all, &brutes[i]);
    }
  g_assert_true (apply (cache, items, "c", NULL, &error));
  g_assert_no_error (error);
  now = brutes[N / 2].f.received_at;

  for (guint shape = 0; shape < 12; shape++)
    for (McCacheSort sort = MC_CACHE_SORT_RECEIVED_DESC; sort <= MC_CACHE_SORT_CODE_ASC; sort++)
      {
        g_autoptr(McCacheQuery) q = mc_cache_query_new ();
        g_autoptr(GPtrArray) expected = g_ptr_array_new ();
        g_autoptr(GPtrArray) got = g_ptr_array_new_with_free_func (g_object_unref);
        McCacheKey key = { 0, 0, NULL };
        gboolean have_key = FALSE;
        guint n;

        q->sort = sort;
        switch (shape)
          {
          case 0: break;
          case 1: q->status_mask = MC_CACHE_STATUS_BIT (MC_STATUS_IN_PROGRESS); break;
          case 2: q->status_mask = MC_CACHE_STATUS_OPEN; q->department_id = g_strdup ("dept-tp"); break;
          case 3: q->assignee_id = g_strdup ("user-7"); break;
          case 4: q->unassigned = TRUE; q->status_mask = MC_CACHE_STATUS_OPEN; break;
          case 5: mc_cache_query_set_alert (q, calendar, MC_ALERT_OVERDUE, now, 28800); break;
          case 6: mc_cache_query_set_alert (q, calendar, MC_ALERT_DUE_SOON, now, 5 * 28800); break;
          case 7: q->received_from = brutes[100].f.received_at; q->received_before = brutes[700].f.received_at; break;
          case 8: q->text = g_strdup ("nguyen van"); break;
          case 9: q->text = g_strdup ("ĐẶNG đức"); q->department_id = g_strdup ("dept-xd"); break;
          case 10: q->text = g_strdup ("h"); q->status_mask = MC_CACHE_STATUS_BIT (MC_STATUS_RETURNED); break;
          case 11: q->text = g_strdup ("zzz"); break;
          }
        brute_query = q;
        for (guint i = 0; i < N; i++)
          if (brute_matches (q, &brutes[i]))
            g_ptr_array_add (expected, &brutes[i]);
        g_ptr_array_sort (expected, brute_compare);

        g_assert_true (mc_cache_count (cache, q, &n, &error));
        g_assert_no_error (error);
        g_assert_cmpuint (n, ==, expected->len);
        /* Keyset pages of 37 concatenate to the whole ordered list. */
        for (;;)
          {
            g_autoptr(GPtrArray) page = mc_cache_query_page (cache, q, have_key ? &key : NULL, 37, &error);

            g_assert_no_error (error);
            for (guint i = 0; i < page->len; i++)
              g_ptr_array_add (got, g_object_ref (g_ptr_array_index (page, i)));
            if (page->len < 37)
              break;
            mc_cache_key_clear (&key);
            mc_cache_key_from_row (&key, g_ptr_array_index (page, page->len - 1));
            have_key = TRUE;
          }
        mc_cache_key_clear (&key);
        g_assert_cmpuint (got->len, ==, expected->len);
        for (guint i = 0; i < got->len; i++)
          {
            const Brute *b = g_ptr_array_index (expected, i);
            McCacheKey k = { 0, };
            guint before;

            g_assert_cmpstr (mc_dossier_row_get_id (g_ptr_array_index (got, i)), ==, b->f.id);
            if (i % 97 == 0)
              {
                mc_cache_key_from_row (&k, g_ptr_array_index (got, i));
                g_assert_true (mc_cache_count_before (cache, q, &k, &before, &error));
                g_assert_cmpuint (before, ==, i);
                mc_cache_key_clear (&k);
              }
          }
        /* Anchors every 50 rows, by a walk of the keys. */
        {
          g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (McCacheKey));
          guint scanned;

          g_array_set_clear_func (keys, (GDestroyNotify) mc_cache_key_clear);
          g_assert_true (mc_cache_scan_keys (cache, q, NULL, 50, 0, keys, &scanned, &error));
          g_assert_cmpuint (scanned, ==, expected->len);
          g_assert_cmpuint (keys->len, ==, expected->len / 50);
          for (guint i = 0; i < keys->len; i++)
            {
              McCacheKey k = { 0, };

              mc_cache_key_from_row (&k, g_ptr_array_index (got, i * 50 + 49));
              g_assert_cmpint (mc_cache_key_compare (sort, &k, &g_array_index (keys, McCacheKey, i)), ==, 0);
              mc_cache_key_clear (&k);
            }
        }
      }

  for (guint i = 0; i < N; i++)
    g_free (brutes[i].code_key);
  g_free (brutes);
}

static void
test_lookup_code (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McCache) cache = mc_cache_open (path, &error);
  g_autoptr(JsonArray) items = generated_page (0, 300);
  g_autoptr(GStringChunk) chunk = g_string_chunk_new (256);
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *lower = NULL;
  FixtureDossier f;

  g_assert_true (apply (cache, items, "c", NULL, &error));
  fixture_generate (77, &f, chunk);
  ids = mc_cache_lookup_code (cache, f.code, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, >=, 1);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, f.id);
  g_clear_pointer (&ids, g_ptr_array_unref);
  lower = g_ascii_strdown (f.code, 17);
  ids = mc_cache_lookup_code (cache, lower, 500, &error);
  g_assert_true (g_ptr_array_find_with_equal_func (ids, f.id, g_str_equal, NULL));
  g_clear_pointer (&ids, g_ptr_array_unref);
  ids = mc_cache_lookup_code (cache, f.id_number, 10, &error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, f.id);
  g_clear_pointer (&ids, g_ptr_array_unref);
  ids = mc_cache_lookup_code (cache, "zz-no-such", 10, &error);
  g_assert_cmpuint (ids->len, ==, 0);
}

static void
test_default_path (void)
{
  g_autofree char *a = mc_cache_default_path ("https://motcua.hue.gov.vn:8443/", "hong.lt");
  g_autofree char *b = mc_cache_default_path ("https://motcua.hue.gov.vn:8443/", "../../etc/passwd");
  g_autofree char *c = mc_cache_default_path ("https://motcua.hue.gov.vn:8443/", "Hong.LT");
  g_autofree char *base = g_path_get_basename (b);
  g_autofree char *dir = g_path_get_dirname (b);
  g_autofree char *expected_dir = g_build_filename (g_get_user_cache_dir (), "motcua", NULL);

  g_autofree char *abase = g_path_get_basename (a);

  g_assert_true (g_str_has_prefix (abase, "motcua.hue.gov.vn_8443-hong.lt-"));
  g_assert_cmpstr (dir, ==, expected_dir);
  g_assert_null (strchr (base, '/'));
  g_assert_false (g_str_has_prefix (base, "."));
  g_assert_cmpstr (a, !=, c);
  g_assert_true (g_str_has_suffix (a, ".db"));
}

static void
test_query_equal (void)
{
  g_autoptr(McCacheQuery) a = mc_cache_query_new ();
  McCacheQuery *b;

  a->status_mask = MC_CACHE_STATUS_OPEN;
  a->department_id = g_strdup ("stp");
  a->due_before = 1000;
  a->text = g_strdup ("nguyen");
  b = mc_cache_query_copy (a);
  g_assert_true (mc_cache_query_equal (a, b));
  g_assert_true (mc_cache_query_equal (b, a));

  /* Each member counts. */
  for (guint member = 0; member < 12; member++)
    {
      g_autoptr(McCacheQuery) c = mc_cache_query_copy (a);

      switch (member)
        {
        case 0: c->status_mask = 0; break;
        case 1: g_clear_pointer (&c->department_id, g_free); break;
        case 2: c->receiving_department_id = g_strdup ("stp"); break;
        case 3: c->assignee_id = g_strdup ("u1"); break;
        case 4: c->unassigned = TRUE; break;
        case 5: c->procedure_id = g_strdup ("p1"); break;
        case 6: c->due_from = 1; break;
        case 7: c->due_before = 1001; break;
        case 8: c->received_from = 1; break;
        case 9: c->received_before = 1; break;
        case 10: g_free (c->text); c->text = g_strdup ("nguyễn"); break;
        default: c->sort = MC_CACHE_SORT_DUE_ASC; break;
        }
      g_assert_false (mc_cache_query_equal (a, c));
      g_assert_false (mc_cache_query_equal (c, a));
    }
  mc_cache_query_free (b);
}

/* A department's and an officer's queue, in due order (their default) and
 * newest first, first page and after a key: SQLite walks an index in the
 * queue's order and never sorts the queue (a sort of a department's open
 * dossiers took 110 ms a page over a million cached ones). The planner
 * keeps no statistics here, so a handful of rows decides as a million. */
static void
test_queue_plans (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McCache) cache = mc_cache_open (path, &error);
  g_autoptr(GStringChunk) chunk = g_string_chunk_new (4096);
  g_autoptr(JsonArray) items = json_array_new ();
  McCacheKey key = { 0, };
  FixtureDossier f;

  g_assert_no_error (error);
  for (guint i = 0; i < 50; i++)
    {
      fixture_generate (i, &f, chunk);
      json_array_add_element (items, fixture_item ("dossier", i + 1, fixture_dossier_json (&f, FALSE)));
    }
  g_assert_true (apply (cache, items, "c", NULL, &error));
  g_assert_no_error (error);
  key.n = f.received_at * 65536;
  key.due = f.received_at;

  for (guint scope = 0; scope < 2; scope++)
    for (McCacheSort sort = MC_CACHE_SORT_RECEIVED_DESC; sort <= MC_CACHE_SORT_DUE_ASC; sort++)
      for (guint after = 0; after < 2; after++)
        {
          g_autoptr(McCacheQuery) q = mc_cache_query_new ();
          g_autofree char *plan = NULL;

          q->status_mask = MC_CACHE_STATUS_OPEN;
          if (scope == 0)
            q->department_id = g_strdup ("dept-xd");
          else
            q->assignee_id = g_strdup ("user-3");
          q->sort = sort;
          plan = _mc_cache_explain_page (cache, q, after ? &key : NULL);
          g_test_message ("%s, sort %d, %s: %s", scope == 0 ? "department" : "assignee", sort,
                          after ? "after a key" : "first page", plan);
          g_assert_cmpstr (plan, !=, "");
          g_assert_null (strstr (plan, "TEMP B-TREE"));
        }
}

int
main (int    argc,
      char **argv)
{
  mc_test_init (&argc, &argv);

  g_test_add_func ("/core/cache/query-equal", test_query_equal);
  g_test_add_func ("/core/cache/open", test_open);
  g_test_add_func ("/core/cache/migrate", test_migrate);
  g_test_add_func ("/core/cache/apply", test_apply);
  g_test_add_func ("/core/cache/atomic", test_atomic);
  g_test_add_func ("/core/cache/catalogues", test_catalogues);
  g_test_add_func ("/core/cache/calendar", test_calendar);
  g_test_add_func ("/core/cache/reset", test_reset);
  g_test_add_func ("/core/cache/search-index", test_search_index);
  g_test_add_func ("/core/cache/queries", test_queries);
  g_test_add_func ("/core/cache/queue-plans", test_queue_plans);
  g_test_add_func ("/core/cache/lookup-code", test_lookup_code);
  g_test_add_func ("/core/cache/default-path", test_default_path);

  return g_test_run ();
}
