/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cache-fixtures.h"
#include "mc-dossier-list.h"
#include "mc-test.h"

#define N_ROWS 1500

typedef struct {
  McCache    *cache;
  GStringChunk *chunk;
  FixtureDossier rows[N_ROWS + 100];
  guint       n_generated;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "list.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) items = json_array_new ();

  fx->cache = mc_cache_open (path, &error);
  g_assert_no_error (error);
  fx->chunk = g_string_chunk_new (4096);
  for (guint i = 0; i < N_ROWS; i++)
    {
      fixture_generate (i, &fx->rows[i], fx->chunk);
      json_array_add_element (items, fixture_item ("dossier", i + 1, fixture_dossier_json (&fx->rows[i], FALSE)));
    }
  fx->n_generated = N_ROWS;
  g_assert_true (mc_cache_apply_page (fx->cache, items, "c", NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_clear_object (&fx->cache);
  g_string_chunk_free (fx->chunk);
}

/* The ids of the whole query, by keyset pages. */
static GPtrArray *
query_ids (McCache            *cache,
           const McCacheQuery *q)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  McCacheKey key = { 0, 0, NULL };
  gboolean have_key = FALSE;

  for (;;)
    {
      g_autoptr(GPtrArray) page = mc_cache_query_page (cache, q, have_key ? &key : NULL, 500, NULL);

      for (guint i = 0; i < page->len; i++)
        g_ptr_array_add (ids, g_strdup (mc_dossier_row_get_id (g_ptr_array_index (page, i))));
      if (page->len < 500)
        break;
      mc_cache_key_clear (&key);
      mc_cache_key_from_row (&key, g_ptr_array_index (page, page->len - 1));
      have_key = TRUE;
    }
  mc_cache_key_clear (&key);
  return ids;
}

static char *
item_id (GListModel *model,
         guint       position)
{
  g_autoptr(McDossierRow) row = g_list_model_get_item (model, position);

  g_assert_nonnull (row);
  return g_strdup (mc_dossier_row_get_id (row));
}

static guint n_finalized;

static void
on_row_finalized (gpointer  data,
                  GObject  *where)
{
  n_finalized++;
}

static void
test_access (Fixture       *fx,
             gconstpointer  data)
{
  McCacheSort sorts[] = { MC_CACHE_SORT_RECEIVED_DESC, MC_CACHE_SORT_DUE_ASC, MC_CACHE_SORT_CODE_ASC };

  for (guint s = 0; s < G_N_ELEMENTS (sorts); s++)
    {
      g_autoptr(McCacheQuery) q = mc_cache_query_new ();
      g_autoptr(McDossierList) list = NULL;
      g_autoptr(GPtrArray) ids = NULL;
      GListModel *model;
      guint n, probes[] = { 0, 1, 63, 64, 1200, 1499, 900, 65, 5, 1498, 1024, 0 };

      q->sort = sorts[s];
      if (s == 1)
        q->status_mask = MC_CACHE_STATUS_OPEN;
      ids = query_ids (fx->cache, q);
      list = mc_dossier_list_new (fx->cache, q);
      model = G_LIST_MODEL (list);
      g_assert_true (g_list_model_get_item_type (model) == MC_TYPE_DOSSIER_ROW);
      n = g_list_model_get_n_items (model);
      g_assert_cmpuint (n, ==, ids->len);
      /* Far jumps first, then around. */
      for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
        {
          guint p = MIN (probes[i], n - 1);
          g_autofree char *id = item_id (model, p);

          g_assert_cmpstr (id, ==, g_ptr_array_index (ids, p));
        }
      g_assert_null (g_list_model_get_item (model, n));
      g_assert_cmpuint (mc_dossier_list_get_n_cached_pages (list), <=, MC_DOSSIER_LIST_N_PAGES);

      /* Everything, in order; only the cached pages stay alive. */
      n_finalized = 0;
      for (guint i = 0; i < n; i++)
        {
          McDossierRow *row = g_list_model_get_item (model, i);

          g_assert_cmpstr (mc_dossier_row_get_id (row), ==, g_ptr_array_index (ids, i));
          if (i % MC_DOSSIER_LIST_PAGE_SIZE == 0 && i / MC_DOSSIER_LIST_PAGE_SIZE >= MC_DOSSIER_LIST_N_PAGES + 1)
            g_object_weak_ref (G_OBJECT (row), on_row_finalized, NULL);
          g_object_unref (row);
        }
      /* The rows of every page but the last N_PAGES are gone. */
      {
        guint n_pages = (n + MC_DOSSIER_LIST_PAGE_SIZE - 1) / MC_DOSSIER_LIST_PAGE_SIZE;
        guint gone = 0;

        for (guint p = MC_DOSSIER_LIST_N_PAGES + 1; p + MC_DOSSIER_LIST_N_PAGES < n_pages; p++)
          gone++;
        g_assert_cmpuint (n_finalized, ==, gone);
        g_assert_cmpuint (mc_dossier_list_get_n_cached_pages (list), ==, MIN (n_pages, MC_DOSSIER_LIST_N_PAGES));
      }
    }
}

typedef struct {
  guint position, removed, added;
} Change;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GArray     *log)
{
  Change c = { position, removed, added };

  g_array_append_val (log, c);
}

/* Applies the recorded signals to the old list of ids, reading the added
 * items from the model: the result must be the query's new list. */
static void
check_signals (GListModel   *model,
               GPtrArray    *shadow,
               GArray       *log,
               McCache      *cache,
               McCacheQuery *q)
{
  g_autoptr(GPtrArray) fresh = query_ids (cache, q);

  for (guint i = 0; i < log->len; i++)
    {
      const Change *c = &g_array_index (log, Change, i);

      g_ptr_array_remove_range (shadow, c->position, c->removed);
      for (guint j = 0; j < c->added; j++)
        g_ptr_array_insert (shadow, c->position + j, item_id (model, c->position + j));
    }
  g_assert_cmpuint (shadow->len, ==, fresh->len);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, fresh->len);
  for (guint i = 0; i < fresh->len; i++)
    g_assert_cmpstr (g_ptr_array_index (shadow, i), ==, g_ptr_array_index (fresh, i));
  g_array_set_size (log, 0);
}

static guint
position_of (GPtrArray  *ids,
             const char *id)
{
  guint p = G_MAXUINT;

  g_assert_true (g_ptr_array_find_with_equal_func (ids, id, g_str_equal, &p));
  return p;
}

static void
apply1 (Fixture         *fx,
        JsonNode        *item,
        McCacheChanges **changes)
{
  g_autoptr(JsonArray) items = json_array_new ();
  g_autoptr(GError) error = NULL;

  json_array_add_element (items, item);
  g_assert_true (mc_cache_apply_page (fx->cache, items, "next", changes, &error));
  g_assert_no_error (error);
}

static void
test_signals (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr(McCacheQuery) q = mc_cache_query_new ();
  g_autoptr(McDossierList) list = NULL;
  g_autoptr(GArray) log = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(GPtrArray) shadow = NULL;
  g_autoptr(GStringChunk) chunk = g_string_chunk_new (256);
  GListModel *model;
  FixtureDossier fresh, *old;
  Change *c;
  guint p;

  q->status_mask = MC_CACHE_STATUS_BIT (MC_STATUS_IN_PROGRESS) | MC_CACHE_STATUS_BIT (MC_STATUS_RECEIVED);
  list = mc_dossier_list_new (fx->cache, q);
  model = G_LIST_MODEL (list);
  shadow = query_ids (fx->cache, q);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, shadow->len);
  /* Touch a few pages so that there is something cached to invalidate. */
  g_clear_object (&(McDossierRow *) { g_list_model_get_item (model, 0) });
  g_clear_object (&(McDossierRow *) { g_list_model_get_item (model, shadow->len - 1) });
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), log);

  /* A new dossier, newest of all: inserted at 0. */
  {
    g_autoptr(McCacheChanges) changes = NULL;

    fixture_generate (N_ROWS + 1, &fresh, chunk);
    fresh.received_at = fx->rows[N_ROWS - 1].received_at + 3600;
    fresh.status = MC_STATUS_RECEIVED;
    apply1 (fx, fixture_item ("dossier", 10001, fixture_dossier_json (&fresh, FALSE)), &changes);
    mc_dossier_list_refresh (list, changes);
    g_assert_cmpuint (log->len, ==, 1);
    c = &g_array_index (log, Change, 0);
    g_assert_cmpuint (c->position, ==, 0);
    g_assert_cmpuint (c->removed, ==, 0);
    g_assert_cmpuint (c->added, ==, 1);
    check_signals (model, shadow, log, fx->cache, q);
  }

  /* A change in place (same status group, new version): (p, 1, 1). */
  {
    g_autoptr(McCacheChanges) changes = NULL;
    g_autoptr(McDossierRow) row = g_list_model_get_item (model, shadow->len / 2);

    p = shadow->len / 2;
    for (old = fx->rows; !g_str_equal (old->id, mc_dossier_row_get_id (row)); old++)
      ;
    old->status = old->status == MC_STATUS_RECEIVED ? MC_STATUS_IN_PROGRESS : MC_STATUS_RECEIVED;
    old->version = 2;
    apply1 (fx, fixture_item ("dossier", 10002, fixture_dossier_json (old, FALSE)), &changes);
    mc_dossier_list_refresh (list, changes);
    g_assert_cmpuint (log->len, ==, 1);
    c = &g_array_index (log, Change, 0);
    g_assert_cmpuint (c->position, ==, p);
    g_assert_cmpuint (c->removed, ==, 1);
    g_assert_cmpuint (c->added, ==, 1);
    check_signals (model, shadow, log, fx->cache, q);
  }

  /* Leaves the queue (returned): (p, 1, 0). */
  {
    g_autoptr(McCacheChanges) changes = NULL;

    p = position_of (shadow, old->id);
    old->status = MC_STATUS_RETURNED;
    old->version = 3;
    apply1 (fx, fixture_item ("dossier", 10003, fixture_dossier_json (old, FALSE)), &changes);
    mc_dossier_list_refresh (list, changes);
    g_assert_cmpuint (log->len, ==, 1);
    c = &g_array_index (log, Change, 0);
    g_assert_cmpuint (c->position, ==, p);
    g_assert_cmpuint (c->removed, ==, 1);
    g_assert_cmpuint (c->added, ==, 0);
    check_signals (model, shadow, log, fx->cache, q);
  }

  /* A tombstone for a row near the end. */
  {
    g_autoptr(McCacheChanges) changes = NULL;
    g_autofree char *id = item_id (model, shadow->len - 3);

    p = shadow->len - 3;
    apply1 (fx, fixture_tombstone (10004, id), &changes);
    mc_dossier_list_refresh (list, changes);
    g_assert_cmpuint (log->len, ==, 1);
    c = &g_array_index (log, Change, 0);
    g_assert_cmpuint (c->position, ==, p);
    g_assert_cmpuint (c->removed, ==, 1);
    g_assert_cmpuint (c->added, ==, 0);
    check_signals (model, shadow, log, fx->cache, q);
  }

  /* A dossier not in the queue changes: no signal. */
  {
    g_autoptr(McCacheChanges) changes = NULL;

    old->version = 4;
    apply1 (fx, fixture_item ("dossier", 10005, fixture_dossier_json (old, FALSE)), &changes);
    mc_dossier_list_refresh (list, changes);
    g_assert_cmpuint (log->len, ==, 0);
  }

  /* A mixed page: inserts, moves (received_at changes), deletes. The
   * signals, applied to the old list, give the new one. */
  for (guint round = 0; round < 5; round++)
    {
      g_autoptr(JsonArray) items = json_array_new ();
      g_autoptr(McCacheChanges) changes = NULL;
      g_autoptr(GError) error = NULL;

      /* Fewer than MAX_PRECISE_CHANGES, so that rows are placed; then more,
       * so that the list reloads with a count taken from the changes. */
      guint n_changes = round < 3 ? 12 : 40;

      for (guint k = 0; k < n_changes; k++)
        {
          guint32 r = g_test_rand_int ();
          FixtureDossier *f = &fx->rows[r % N_ROWS];

          switch (k % 4)
            {
            case 0:
              f->status = (r & 256) ? MC_STATUS_IN_PROGRESS : MC_STATUS_RETURNED;
              break;
            case 1:
              f->received_at += (r % 2000) * 60 - 60000;
              break;
            case 2:
              json_array_add_element (items, fixture_tombstone (20000 + k, f->id));
              continue;
            default:
              if (fx->n_generated < G_N_ELEMENTS (fx->rows))
                {
                  f = &fx->rows[fx->n_generated];
                  fixture_generate (fx->n_generated++, f, fx->chunk);
                  f->received_at = fx->rows[r % N_ROWS].received_at + 1;
                }
              break;
            }
          f->version += 10;
          json_array_add_element (items, fixture_item ("dossier", 20000 + k, fixture_dossier_json (f, FALSE)));
        }
      g_assert_true (mc_cache_apply_page (fx->cache, items, "x", &changes, &error));
      g_assert_no_error (error);
      mc_dossier_list_refresh (list, changes);
      /* One splice at most, however long its span: none when the page
       * leaves the queue as it was, as some seeds draw it (the check below
       * compares the list with the cache either way). */
      g_assert_cmpuint (log->len, <=, 1);
      check_signals (model, shadow, log, fx->cache, q);
    }

  /* Set a new query: everything goes, the matches come, in one signal. */
  {
    g_autoptr(McCacheQuery) q2 = mc_cache_query_copy (q);
    guint old_n = shadow->len;

    q2->text = g_strdup ("nguyen");
    mc_dossier_list_set_query (list, q2);
    g_assert_cmpuint (log->len, ==, 1);
    c = &g_array_index (log, Change, 0);
    g_assert_cmpuint (c->position, ==, 0);
    g_assert_cmpuint (c->removed, ==, old_n);
    g_assert_cmpuint (c->added, ==, g_list_model_get_n_items (model));
    check_signals (model, shadow, log, fx->cache, q2);

    /* And with a search, changes are placed too. */
    for (guint round = 0; round < 3; round++)
      {
        g_autoptr(McCacheChanges) changes = NULL;
        FixtureDossier *f = &fx->rows[g_test_rand_int_range (0, N_ROWS)];

        f->name = round == 1 ? "Trần Thị Mai" : "Nguyễn Văn Thắng";
        f->status = MC_STATUS_IN_PROGRESS;
        f->version += 10;
        apply1 (fx, fixture_item ("dossier", 30000 + round, fixture_dossier_json (f, FALSE)), &changes);
        mc_dossier_list_refresh (list, changes);
        check_signals (model, shadow, log, fx->cache, q2);
      }
  }

  /* NULL changes: a reload. */
  mc_dossier_list_refresh (list, NULL);
  check_signals (model, shadow, log, fx->cache, (McCacheQuery *) mc_dossier_list_get_query (list));
}

typedef struct {
  GPtrArray *after;    /* the ids after the change */
  guint      signals;
} During;

/* Inside the handler, the list already is what the signal says it became:
 * its count and every row a handler reads. */
static void
during_cb (GListModel *model,
           guint       position,
           guint       removed,
           guint       added,
           During     *d)
{
  guint n = g_list_model_get_n_items (model);

  d->signals++;
  g_assert_cmpuint (n, ==, d->after->len);
  for (guint p = 0; p < n; p += 97)
    {
      g_autofree char *id = item_id (model, p);

      g_assert_cmpstr (id, ==, g_ptr_array_index (d->after, p));
    }
}

static void
test_long_span (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(McCacheQuery) q = mc_cache_query_new ();
  g_autoptr(McDossierList) list = NULL;
  g_autoptr(McCacheChanges) changes = NULL;
  g_autoptr(GArray) log = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(GPtrArray) shadow = NULL;
  g_autoptr(JsonArray) items = json_array_new ();
  g_autoptr(GError) error = NULL;
  During d = { NULL, 0 };
  GListModel *model;
  FixtureDossier *first, *last;

  list = mc_dossier_list_new (fx->cache, q);
  model = G_LIST_MODEL (list);
  shadow = query_ids (fx->cache, q);
  g_assert_cmpuint (shadow->len, >, 1000);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, shadow->len);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), log);

  /* The newest and the oldest dossier change: the span is every row. */
  first = &fx->rows[N_ROWS - 1];
  last = &fx->rows[0];
  first->version += 10;
  last->version += 10;
  json_array_add_element (items, fixture_item ("dossier", 30001, fixture_dossier_json (first, FALSE)));
  json_array_add_element (items, fixture_item ("dossier", 30002, fixture_dossier_json (last, FALSE)));
  g_assert_true (mc_cache_apply_page (fx->cache, items, "y", &changes, &error));
  g_assert_no_error (error);

  d.after = query_ids (fx->cache, q);
  g_signal_connect (model, "items-changed", G_CALLBACK (during_cb), &d);
  mc_dossier_list_refresh (list, changes);
  g_assert_cmpuint (d.signals, ==, 1);
  g_assert_cmpuint (log->len, ==, 1);
  g_assert_cmpuint (g_array_index (log, Change, 0).added, >, 1000);
  check_signals (model, shadow, log, fx->cache, q);

  /* A reload of a long list: one signal too. */
  d.signals = 0;
  mc_dossier_list_refresh (list, NULL);
  g_assert_cmpuint (d.signals, ==, 1);
  check_signals (model, shadow, log, fx->cache, q);
  g_signal_handlers_disconnect_by_func (model, during_cb, &d);
  g_ptr_array_unref (d.after);

  /* A query counted elsewhere (a search, on a worker) shows the same. */
  {
    g_autoptr(McCacheQuery) q2 = mc_cache_query_copy (q);
    guint n = 0;

    q2->text = g_strdup ("nguyen");
    g_assert_true (mc_cache_count (fx->cache, q2, &n, &error));
    g_assert_no_error (error);
    mc_dossier_list_set_query_counted (list, q2, n);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
    check_signals (model, shadow, log, fx->cache, q2);
  }
}

/* A window opens on a queue's first page; its count comes later. */
static void
test_uncounted (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(McCacheQuery) q = mc_cache_query_new ();
  g_autoptr(McCacheQuery) few = mc_cache_query_new ();
  g_autoptr(McDossierList) list = mc_dossier_list_new (fx->cache, NULL);
  g_autoptr(GArray) log = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(GPtrArray) shadow = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  GListModel *model = G_LIST_MODEL (list);
  guint n = 0;

  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), log);
  g_assert_true (mc_cache_count (fx->cache, q, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, >, MC_DOSSIER_LIST_PAGE_SIZE);

  /* The first page only, read and announced. */
  g_assert_true (mc_dossier_list_set_query_uncounted (list, q));
  g_assert_false (mc_dossier_list_get_counted (list));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, MC_DOSSIER_LIST_PAGE_SIZE);
  g_assert_cmpuint (log->len, ==, 1);
  g_assert_cmpuint (g_array_index (log, Change, 0).added, ==, MC_DOSSIER_LIST_PAGE_SIZE);
  {
    g_autoptr(GPtrArray) all = query_ids (fx->cache, q);

    for (guint i = 0; i < MC_DOSSIER_LIST_PAGE_SIZE; i++)
      {
        g_autofree char *id = item_id (model, i);

        g_assert_cmpstr (id, ==, g_ptr_array_index (all, i));
      }
  }
  g_array_set_size (log, 0);

  /* The count brings the rest after it. */
  for (guint i = 0; i < MC_DOSSIER_LIST_PAGE_SIZE; i++)
    g_ptr_array_add (shadow, item_id (model, i));
  mc_dossier_list_set_count (list, n);
  g_assert_true (mc_dossier_list_get_counted (list));
  g_assert_cmpuint (log->len, ==, 1);
  g_assert_cmpuint (g_array_index (log, Change, 0).position, ==, MC_DOSSIER_LIST_PAGE_SIZE);
  check_signals (model, shadow, log, fx->cache, q);
  /* A late count changes nothing. */
  mc_dossier_list_set_count (list, 3);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  g_assert_cmpuint (log->len, ==, 0);

  /* A sync page before the count: the list counts itself. */
  g_assert_true (mc_dossier_list_set_query_uncounted (list, q));
  g_array_set_size (log, 0);
  g_ptr_array_set_size (shadow, 0);
  for (guint i = 0; i < MC_DOSSIER_LIST_PAGE_SIZE; i++)
    g_ptr_array_add (shadow, item_id (model, i));
  mc_dossier_list_refresh (list, NULL);
  g_assert_true (mc_dossier_list_get_counted (list));
  check_signals (model, shadow, log, fx->cache, q);

  /* A query the first page holds whole needs no count. */
  few->text = g_strdup (fx->rows[0].id_number);
  g_assert_false (mc_dossier_list_set_query_uncounted (list, few));
  g_assert_true (mc_dossier_list_get_counted (list));
  g_assert_cmpuint (g_list_model_get_n_items (model), >=, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), <, MC_DOSSIER_LIST_PAGE_SIZE);
}

static GArray *
walk_anchors (McCache            *cache,
              const McCacheQuery *query)
{
  GArray *anchors = g_array_new (FALSE, FALSE, sizeof (McCacheKey));
  g_autoptr(GError) error = NULL;

  g_array_set_clear_func (anchors, (GDestroyNotify) mc_cache_key_clear);
  g_assert_true (mc_cache_scan_keys (cache, query, NULL, MC_DOSSIER_LIST_PAGE_SIZE, G_MAXUINT,
                                     anchors, NULL, &error));
  g_assert_no_error (error);
  return anchors;
}

static void
assert_rows (GListModel *model,
             GPtrArray  *ids)
{
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, ids->len);
  /* Far rows first, before anything walked the keys on its own. */
  for (guint p = ids->len - 1; p > 0; p -= MIN (p, 61))
    {
      g_autofree char *id = item_id (model, p);

      g_assert_cmpstr (id, ==, g_ptr_array_index (ids, p));
    }
}

/* The keys of the pages, walked on a worker, given to the list. */
static void
test_anchors (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr(McCacheQuery) q = mc_cache_query_new ();
  g_autoptr(McDossierList) list = mc_dossier_list_new (fx->cache, q);
  g_autoptr(GArray) anchors = NULL;
  g_autoptr(GArray) stale = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(McCacheChanges) changes = NULL;
  GListModel *model = G_LIST_MODEL (list);
  FixtureDossier fresh;
  guint serial;

  /* Taken: the far rows are the query's. */
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 10 * MC_DOSSIER_LIST_PAGE_SIZE);
  serial = mc_dossier_list_get_serial (list);
  anchors = walk_anchors (fx->cache, q);
  mc_dossier_list_take_anchors (list, q, serial, anchors);
  ids = query_ids (fx->cache, q);
  assert_rows (model, ids);

  /* Walked before new rows came at the top: the list has moved on since
   * and leaves them. */
  stale = walk_anchors (fx->cache, q);
  serial = mc_dossier_list_get_serial (list);
  fixture_generate (N_ROWS + 7, &fresh, fx->chunk);
  fresh.received_at = fx->rows[N_ROWS - 1].received_at + 3600;
  apply1 (fx, fixture_item ("dossier", 40000, fixture_dossier_json (&fresh, FALSE)), &changes);
  mc_dossier_list_refresh (list, NULL);
  g_assert_cmpuint (mc_dossier_list_get_serial (list), !=, serial);
  mc_dossier_list_take_anchors (list, q, serial, stale);
  g_clear_pointer (&ids, g_ptr_array_unref);
  ids = query_ids (fx->cache, q);
  assert_rows (model, ids);
}

int
main (int    argc,
      char **argv)
{
  mc_test_init (&argc, &argv);

  g_test_add ("/core/dossier-list/access", Fixture, NULL, fixture_setup, test_access, fixture_teardown);
  g_test_add ("/core/dossier-list/signals", Fixture, NULL, fixture_setup, test_signals, fixture_teardown);
  g_test_add ("/core/dossier-list/anchors", Fixture, NULL, fixture_setup, test_anchors, fixture_teardown);
  g_test_add ("/core/dossier-list/uncounted", Fixture, NULL, fixture_setup, test_uncounted, fixture_teardown);
  g_test_add ("/core/dossier-list/long-span", Fixture, NULL, fixture_setup, test_long_span, fixture_teardown);

  return g_test_run ();
}
