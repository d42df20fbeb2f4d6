/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mc-store-changes.h"
#include "mc-test-server.h"
#include "mc-test.h"
#include "mc-time.h"

/* GET /api/v1/changes against the real server. */

typedef struct {
  McTestServer  t;
  McStore      *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->store = mc_test_server_init (&f->t);
  mc_test_server_start (&f->t, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->store, mc_store_free);
  mc_test_server_stop (&f->t);
}

/* What a client has after syncing: items by kind and id, counted. */
typedef struct {
  GPtrArray  *items;       /* JsonObject, owned */
  GHashTable *dossiers;    /* id → times received */
  GHashTable *tombstones;  /* id → times received */
  char       *next;
  guint       pages;
} Sync;

static void
sync_free (Sync *s)
{
  g_ptr_array_unref (s->items);
  g_hash_table_unref (s->dossiers);
  g_hash_table_unref (s->tombstones);
  g_free (s->next);
  g_free (s);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Sync, sync_free)

static void
count (GHashTable *table,
       const char *id)
{
  g_hash_table_insert (table, g_strdup (id),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (table, id)) + 1));
}

static McTestResponse *
get_changes (Fixture    *f,
             const char *user,
             const char *since,
             guint       limit,
             guint       max_bytes)
{
  g_autoptr(GString) path = g_string_new ("/api/v1/changes?");

  if (since != NULL)
    g_string_append_printf (path, "since=%s&", since);
  if (limit > 0)
    g_string_append_printf (path, "limit=%u&", limit);
  if (max_bytes > 0)
    g_string_append_printf (path, "max_bytes=%u&", max_bytes);
  return mc_test_request_full (&f->t, "GET", path->str, mc_test_login (&f->t, user), NULL, NULL, NULL);
}

/* Pages through the feed from `since` until "more" is false, checking the
 * shape of every page on the way. */
static Sync *
sync_from (Fixture    *f,
           const char *user,
           const char *since,
           guint       limit,
           guint       max_bytes)
{
  Sync *s = g_new0 (Sync, 1);
  g_autofree char *cursor = g_strdup (since);
  gboolean more = TRUE;
  gint64 last_seq = -1;

  s->items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  s->dossiers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  s->tombstones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  while (more)
    {
      g_autoptr(McTestResponse) r = get_changes (f, user, cursor, limit, max_bytes);
      JsonObject *page;
      JsonArray *items;

      g_assert_cmpuint (r->status, ==, 200);
      page = json_node_get_object (r->json);
      items = json_object_get_array_member (page, "items");
      more = json_object_get_boolean_member (page, "more");
      g_free (cursor);
      cursor = g_strdup (json_object_get_string_member (page, "next"));
      g_assert_true (cursor[0] == 's');
      /* A page that says more has something in it. */
      if (more)
        g_assert_cmpuint (json_array_get_length (items), >, 0);
      if (limit > 0)
        g_assert_cmpuint (json_array_get_length (items), <=, limit);
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *item = json_array_get_object_element (items, i);
          const char *kind = json_object_get_string_member (item, "kind");
          gint64 seq = json_object_get_int_member (item, "seq");

          /* In sequence order, across pages too. */
          g_assert_cmpint (seq, >, last_seq);
          last_seq = seq;
          if (g_str_equal (kind, "dossier"))
            count (s->dossiers, json_object_get_string_member (json_object_get_object_member (item, "data"), "id"));
          else if (g_str_equal (kind, "tombstone"))
            count (s->tombstones, json_object_get_string_member (item, "id"));
          g_ptr_array_add (s->items, json_object_ref (item));
        }
      s->pages++;
      g_assert_cmpuint (s->pages, <, 10000);
    }
  s->next = g_steal_pointer (&cursor);
  return s;
}

static guint
count_kind (Sync       *s,
            const char *kind)
{
  guint n = 0;

  for (guint i = 0; i < s->items->len; i++)
    if (g_str_equal (json_object_get_string_member (s->items->pdata[i], "kind"), kind))
      n++;
  return n;
}

static JsonObject *
find_kind (Sync       *s,
           const char *kind)
{
  for (guint i = 0; i < s->items->len; i++)
    if (g_str_equal (json_object_get_string_member (s->items->pdata[i], "kind"), kind))
      return s->items->pdata[i];
  return NULL;
}

static void
assert_each_once (GHashTable *table,
                  GPtrArray  *ids)
{
  g_assert_cmpuint (g_hash_table_size (table), ==, ids->len);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (table, ids->pdata[i])), ==, 1);
}

static gint64
current_seq (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gint64 seq = mc_store_current_seq (f->store, &error);

  g_assert_no_error (error);
  return seq;
}

static void
test_first_sync (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) in_a = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(Sync) sup = NULL;
  g_autoptr(Sync) spa = NULL;
  g_autoptr(Sync) rec = NULL;
  g_autofree char *end = NULL;

  for (guint i = 0; i < 7; i++)
    {
      g_autofree char *name = g_strdup_printf ("Lê Thị Hồng %u", i);
      int version;
      char *id = mc_test_create_dossier (&f->t, name, &version);

      g_ptr_array_add (all, id);
      /* Two go to department a, one of them twice handled. */
      if (i == 2 || i == 5)
        {
          mc_test_action (&f->t, "rec", id, "transfer", version, "d-a");
          g_ptr_array_add (in_a, g_strdup (id));
        }
    }

  /* A supervisor sees everything, in small pages. */
  sup = sync_from (f, "sup", NULL, 3, 0);
  assert_each_once (sup->dossiers, all);
  g_assert_cmpuint (g_hash_table_size (sup->tombstones), ==, 0);
  g_assert_cmpuint (count_kind (sup, "department"), ==, 3);
  g_assert_cmpuint (count_kind (sup, "procedure"), ==, 1);
  g_assert_cmpuint (count_kind (sup, "user"), ==, 5);
  g_assert_cmpuint (count_kind (sup, "calendar"), ==, 1);
  /* 3 + 1 + 5 + 7 + calendar = 17 items in pages of 3. */
  g_assert_cmpuint (sup->pages, ==, 6);
  end = g_strdup_printf ("s%" G_GINT64_FORMAT, current_seq (f));
  g_assert_cmpstr (sup->next, ==, end);

  /* Every document decodes strictly, and a dossier is what GET gives. */
  for (guint i = 0; i < sup->items->len; i++)
    {
      JsonObject *item = sup->items->pdata[i];
      const char *kind = json_object_get_string_member (item, "kind");
      JsonNode *node = json_object_get_member (item, "data");
      g_autoptr(GError) error = NULL;

      if (g_str_equal (kind, "dossier"))
        {
          g_autoptr(McDossier) fed = mc_dossier_new_from_json (node, &error);
          g_autoptr(McDossier) got = NULL;
          g_autoptr(McTestResponse) r = NULL;
          g_autofree char *path = NULL;

          g_assert_no_error (error);
          g_assert_cmpuint (mc_dossier_get_n_events (fed), >=, 1);
          path = g_strdup_printf ("/api/v1/dossiers/%s", mc_dossier_get_id (fed));
          r = mc_test_request_full (&f->t, "GET", path, mc_test_login (&f->t, "sup"), NULL, NULL, NULL);
          g_assert_cmpuint (r->status, ==, 200);
          got = mc_dossier_new_from_json (r->json, &error);
          g_assert_no_error (error);
          g_assert_true (mc_dossier_equal (fed, got));
        }
      else if (g_str_equal (kind, "department"))
        {
          g_autoptr(McDepartment) department = mc_department_new_from_json (node, &error);
          g_assert_no_error (error);
        }
      else if (g_str_equal (kind, "procedure"))
        {
          g_autoptr(McProcedure) procedure = mc_procedure_new_from_json (node, &error);
          g_assert_no_error (error);
        }
      else if (g_str_equal (kind, "user"))
        {
          g_autoptr(McUser) user = mc_user_new_from_json (node, &error);
          g_assert_no_error (error);
        }
    }

  /* A specialist of a sees a's dossiers and a's people. */
  spa = sync_from (f, "spa", "0", 2, 0);
  assert_each_once (spa->dossiers, in_a);
  g_assert_cmpuint (count_kind (spa, "user"), ==, 2);
  g_assert_cmpuint (count_kind (spa, "department"), ==, 3);
  g_assert_cmpuint (count_kind (spa, "calendar"), ==, 1);

  /* Reception sees what its unit received, wherever it went. */
  rec = sync_from (f, "rec", NULL, 0, 0);
  assert_each_once (rec->dossiers, all);
  g_assert_cmpuint (rec->pages, ==, 1);
}

static void
test_delta (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(Sync) first = NULL;
  g_autoptr(Sync) delta = NULL;
  g_autoptr(Sync) empty = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  int va, vb, vc;

  a = mc_test_create_dossier (&f->t, "Phạm Minh Anh", &va);
  b = mc_test_create_dossier (&f->t, "Đỗ Quang Bình", &vb);
  first = sync_from (f, "sup", NULL, 0, 0);
  g_assert_cmpuint (g_hash_table_size (first->dossiers), ==, 2);

  /* Nothing changed: nothing comes, and the cursor stays. */
  empty = sync_from (f, "sup", first->next, 0, 0);
  g_assert_cmpuint (empty->items->len, ==, 0);
  g_assert_cmpstr (empty->next, ==, first->next);

  c = mc_test_create_dossier (&f->t, "Vũ Thị Châu", &vc);
  mc_test_action (&f->t, "rec", b, "transfer", vb, "d-a");
  g_ptr_array_add (changed, g_strdup (b));
  g_ptr_array_add (changed, g_strdup (c));
  delta = sync_from (f, "sup", first->next, 1, 0);
  assert_each_once (delta->dossiers, changed);
  g_assert_cmpuint (delta->items->len, ==, 2);
  g_assert_cmpuint (delta->pages, ==, 2);
  /* The changed one comes at its new version. */
  for (guint i = 0; i < delta->items->len; i++)
    {
      JsonObject *data = json_object_get_object_member (delta->items->pdata[i], "data");

      if (g_str_equal (json_object_get_string_member (data, "id"), b))
        {
          g_assert_cmpint (json_object_get_int_member (data, "version"), ==, vb + 1);
          g_assert_cmpstr (json_object_get_string_member (data, "department_id"), ==, "d-a");
          g_assert_cmpuint (json_array_get_length (json_object_get_array_member (data, "events")), ==, 2);
        }
    }
}

static void
test_tombstone (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(Sync) spa_first = NULL;
  g_autoptr(Sync) spb_first = NULL;
  g_autoptr(Sync) spa_delta = NULL;
  g_autoptr(Sync) spb_delta = NULL;
  g_autoptr(Sync) lda_delta = NULL;
  g_autoptr(Sync) lda_first = NULL;
  g_autofree char *id = NULL;
  g_autofree char *stays = NULL;
  int version, stays_version;

  id = mc_test_create_dossier (&f->t, "Hoàng Văn Dũng", &version);
  stays = mc_test_create_dossier (&f->t, "Ngô Thị Én", &stays_version);
  version = mc_test_action (&f->t, "rec", id, "transfer", version, "d-a");
  mc_test_action (&f->t, "rec", stays, "transfer", stays_version, "d-a");

  spa_first = sync_from (f, "spa", NULL, 0, 0);
  spb_first = sync_from (f, "spb", NULL, 0, 0);
  lda_first = sync_from (f, "lda", NULL, 0, 0);
  g_assert_cmpuint (g_hash_table_size (spa_first->dossiers), ==, 2);
  g_assert_cmpuint (g_hash_table_size (spb_first->dossiers), ==, 0);

  /* The leader of a sends it on to b (inter-agency). */
  mc_test_action (&f->t, "lda", id, "transfer", version, "d-b");

  /* a's specialist is told to forget it, and only it. */
  spa_delta = sync_from (f, "spa", spa_first->next, 0, 0);
  g_assert_cmpuint (g_hash_table_size (spa_delta->tombstones), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (spa_delta->tombstones, id)), ==, 1);
  g_assert_cmpuint (g_hash_table_size (spa_delta->dossiers), ==, 0);
  /* b's specialist receives it. */
  spb_delta = sync_from (f, "spb", spb_first->next, 0, 0);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (spb_delta->dossiers, id)), ==, 1);
  g_assert_cmpuint (g_hash_table_size (spb_delta->tombstones), ==, 0);
  /* The leader who sent it handled it, and keeps seeing it. */
  lda_delta = sync_from (f, "lda", lda_first->next, 0, 0);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (lda_delta->dossiers, id)), ==, 1);
  g_assert_cmpuint (g_hash_table_size (lda_delta->tombstones), ==, 0);
}

/* A dossier that moves away in the middle of a paged sync, and changes
 * again before the sync reaches it, still gets its tombstone. */
static void
test_tombstone_during_sync (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(McTestResponse) r = NULL;
  g_autoptr(Sync) rest = NULL;
  JsonObject *page;
  const char *moved = NULL;
  int versions[4];

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("Trịnh Văn Giang %u", i);
      char *id = mc_test_create_dossier (&f->t, name, &versions[i]);

      versions[i] = mc_test_action (&f->t, "rec", id, "transfer", versions[i], "d-a");
      g_ptr_array_add (ids, id);
    }
  /* spa's first page: the catalogue (3 departments, 1 procedure, 2
   * people), the calendar and the first dossier. */
  r = get_changes (f, "spa", NULL, 8, 0);
  g_assert_cmpuint (r->status, ==, 200);
  page = json_node_get_object (r->json);
  g_assert_true (json_object_get_boolean_member (page, "more"));
  {
    JsonArray *items = json_object_get_array_member (page, "items");
    JsonObject *last = json_array_get_object_element (items, json_array_get_length (items) - 1);

    g_assert_cmpstr (json_object_get_string_member (last, "kind"), ==, "dossier");
    moved = json_object_get_string_member (json_object_get_object_member (last, "data"), "id");
    g_assert_cmpstr (moved, ==, ids->pdata[0]);
  }
  /* Now it leaves a for b, and b takes it on. */
  mc_test_action (&f->t, "lda", ids->pdata[0], "transfer", versions[0], "d-b");

  rest = sync_from (f, "spa", json_object_get_string_member (page, "next"), 8, 0);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (rest->tombstones, moved)), ==, 1);
  g_assert_cmpuint (g_hash_table_size (rest->dossiers), ==, 3);
}

/* The race a cursor's origin is for: a dossier moves away from the user
 * after their cursor, a page ends past that move, and the dossier moves
 * again (from elsewhere) before the next page. Only its first move says
 * the user saw it. */
static void
test_tombstone_after_second_move (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(Sync) before = NULL;
  g_autoptr(Sync) after = NULL;
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;
  int vx, vy;

  x = mc_test_create_dossier (&f->t, "Lý Thị Xuân", &vx);
  y = mc_test_create_dossier (&f->t, "Mai Văn Yên", &vy);
  vx = mc_test_action (&f->t, "rec", x, "transfer", vx, "d-a");
  before = sync_from (f, "spa", NULL, 0, 0);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (before->dossiers, x)), ==, 1);

  vx = mc_test_action (&f->t, "lda", x, "transfer", vx, "d-b");
  mc_test_action (&f->t, "rec", y, "transfer", vy, "d-a");
  mc_test_action (&f->t, "sup", x, "transfer", vx, "d-rec");

  /* One item a page: y first, then x's tombstone. */
  after = sync_from (f, "spa", before->next, 1, 0);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (after->dossiers, y)), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (after->tombstones, x)), ==, 1);
  g_assert_cmpuint (after->items->len, ==, 2);
}

static void
test_calendar (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(Sync) first = NULL;
  g_autoptr(Sync) delta = NULL;
  g_autoptr(Sync) after = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (mc_time_now () + MC_TIME_PROVINCE_OFFSET);
  g_autoptr(GDate) date = g_date_new_dmy (10, G_DATE_JUNE, (GDateYear) g_date_time_get_year (now));
  g_autoptr(GError) error = NULL;
  g_autofree char *date_text = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonObject *calendar;
  JsonArray *years;
  gboolean found = FALSE;
  int status = 0;

  first = sync_from (f, "spa", NULL, 0, 0);
  calendar = find_kind (first, "calendar");
  g_assert_nonnull (calendar);
  /* The calendar comes first in a first sync. */
  g_assert_true (first->items->pdata[0] == calendar);
  years = json_object_get_array_member (json_object_get_object_member (calendar, "data"), "years");
  g_assert_cmpuint (json_array_get_length (years), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (years, 1), "year"), ==,
                   g_date_time_get_year (now));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (years, 1), "office_hours"), !=, NULL);

  /* An extra day off on a Wednesday in June, from the admin command. */
  while (g_date_get_weekday (date) != G_DATE_WEDNESDAY)
    g_date_add_days (date, 1);
  date_text = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
  {
    const char *argv[] = { g_getenv ("MOTCUA_SERVER"), "holidays", "add", "--db", f->t.db_path,
                           "--date", date_text, "--kind", "off", "--name", "Nghỉ bù thử", NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
    g_assert_no_error (error);
    g_assert_cmpint (status, ==, 0);
  }

  delta = sync_from (f, "spa", first->next, 0, 0);
  g_assert_cmpuint (delta->items->len, ==, 1);
  calendar = find_kind (delta, "calendar");
  g_assert_nonnull (calendar);
  years = json_object_get_array_member (json_object_get_object_member (calendar, "data"), "years");
  for (guint i = 0; i < json_array_get_length (years); i++)
    {
      JsonArray *days = json_object_get_array_member (json_array_get_object_element (years, i), "days");

      for (guint j = 0; j < json_array_get_length (days); j++)
        {
          JsonObject *day = json_array_get_object_element (days, j);
          if (g_str_equal (json_object_get_string_member (day, "date"), date_text))
            {
              g_assert_cmpstr (json_object_get_string_member (day, "kind"), ==, "off");
              g_assert_cmpstr (json_object_get_string_member (day, "name"), ==, "Nghỉ bù thử");
              found = TRUE;
            }
        }
    }
  g_assert_true (found);

  /* Once seen, not again. */
  after = sync_from (f, "spa", delta->next, 0, 0);
  g_assert_cmpuint (after->items->len, ==, 0);
}

static void
assert_gone (Fixture    *f,
             const char *cursor)
{
  g_autoptr(McTestResponse) r = get_changes (f, "sup", cursor, 0, 0);
  const char *type = soup_message_headers_get_content_type (r->headers, NULL);

  g_assert_cmpuint (r->status, ==, 410);
  g_assert_cmpstr (type, ==, "application/problem+json");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (r->json), "status"), ==, 410);
}

static void
test_gone (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Sync) first = NULL;
  g_autoptr(Sync) again = NULL;
  g_autoptr(McTestResponse) bad_limit = NULL;
  g_autofree char *future = NULL;
  g_autofree char *id = NULL;
  int version;

  id = mc_test_create_dossier (&f->t, "Bùi Thị Hà", &version);
  first = sync_from (f, "sup", NULL, 0, 0);

  assert_gone (f, "garbage");
  assert_gone (f, "s");
  assert_gone (f, "s12x");
  assert_gone (f, "s-1");
  assert_gone (f, "s99999999999999999999");
  future = g_strdup_printf ("s%" G_GINT64_FORMAT, current_seq (f) + 1);
  assert_gone (f, future);
  g_clear_pointer (&future, g_free);
  future = g_strdup_printf ("s1.%" G_GINT64_FORMAT, current_seq (f) + 5);
  assert_gone (f, future);
  bad_limit = get_changes (f, "sup", NULL, 5000, 0);
  g_assert_cmpuint (bad_limit->status, ==, 400);

  /* Changes keep coming; then the server forgets the old moves. */
  mc_test_action (&f->t, "rec", id, "transfer", version, "d-a");
  g_assert_true (mc_store_begin (f->store, &error));
  g_assert_true (mc_store_prune_moves (f->store, current_seq (f), &error));
  g_assert_true (mc_store_commit (f->store, &error));
  g_assert_no_error (error);
  assert_gone (f, first->next);

  /* A client told so starts again from 0, and gets everything. */
  again = sync_from (f, "sup", "0", 0, 0);
  g_assert_cmpuint (g_hash_table_size (again->dossiers), ==, 1);
}

static void
test_byte_bound (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(Sync) small = NULL;
  g_autoptr(Sync) tiny = NULL;

  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *name = g_strdup_printf ("Đặng Văn Khoa %u", i);
      g_ptr_array_add (all, mc_test_create_dossier (&f->t, name, NULL));
    }
  /* A dossier is about a kilobyte: 4 kB pages hold a few each. */
  small = sync_from (f, "sup", NULL, 2000, 4096);
  assert_each_once (small->dossiers, all);
  g_assert_cmpuint (small->pages, >, 5);
  g_assert_cmpuint (small->pages, <, 30);
  /* Fewer bytes than one item: still one item a page. */
  tiny = sync_from (f, "sup", NULL, 2000, 1);
  assert_each_once (tiny->dossiers, all);
  g_assert_cmpuint (tiny->pages, ==, tiny->items->len);
}

int
main (int    argc,
      char **argv)
{
  mc_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/server/feed/first-sync", test_first_sync);
  ADD ("/server/feed/delta", test_delta);
  ADD ("/server/feed/tombstone", test_tombstone);
  ADD ("/server/feed/tombstone-during-sync", test_tombstone_during_sync);
  ADD ("/server/feed/tombstone-after-second-move", test_tombstone_after_second_move);
  ADD ("/server/feed/calendar", test_calendar);
  ADD ("/server/feed/gone", test_gone);
  ADD ("/server/feed/byte-bound", test_byte_bound);
#undef ADD

  return g_test_run ();
}
