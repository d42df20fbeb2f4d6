/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mc-cache-private.h"
#include "mc-dossier-list.h"

#define PAGE_SIZE MC_DOSSIER_LIST_PAGE_SIZE
#define N_PAGES MC_DOSSIER_LIST_N_PAGES
/* Beyond this many moved rows in one refresh, positions cost more than
 * a reload is worth: each is an index count as long as its position
 * (bench-app's app.max_stall_sync_ms measured 0.5 s for 100 changes over
 * 100,000 rows). */
#define MAX_PRECISE_CHANGES 16

typedef struct {
  guint      index;
  guint64    used;   /* LRU stamp */
  GPtrArray *rows;   /* McDossierRow, owned */
} Page;

struct _McDossierList
{
  GObject       parent_instance;

  McCache      *cache;     /* owned */
  McCacheQuery *query;     /* owned */
  guint         n_items;
  gboolean      counted;
  gboolean      first_page_only;  /* shown uncounted, waiting for its count */
  /* anchors[p - 1]: the key of the last row of page p - 1, from which
   * page p is read. Page 0 needs none. */
  GArray       *anchors;   /* McCacheKey, owned */
  gboolean      anchors_complete;
  guint         serial;    /* bumped whenever rows may have changed */
  Page          pages[N_PAGES];
  guint         n_pages;
  guint64       clock;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (McDossierList, mc_dossier_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_CACHE,
  PROP_QUERY,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
drop_pages_from (McDossierList *self,
                 guint          first_row)
{
  guint kept = 0;

  for (guint i = 0; i < self->n_pages; i++)
    {
      if ((self->pages[i].index + 1) * PAGE_SIZE <= first_row)
        self->pages[kept++] = self->pages[i];
      else
        g_ptr_array_unref (self->pages[i].rows);
    }
  self->n_pages = kept;
}

/* Keeps what is still true when rows from @first_row on have changed. */
static void
invalidate_from (McDossierList *self,
                 guint          first_row)
{
  guint keep_anchors = first_row / PAGE_SIZE;

  self->serial++;
  drop_pages_from (self, first_row);
  if (self->anchors->len > keep_anchors)
    g_array_set_size (self->anchors, keep_anchors);
  self->anchors_complete = FALSE;
}

static guint
count (McDossierList *self)
{
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (!mc_cache_count (self->cache, self->query, &n, &error))
    g_warning ("Cannot count the dossiers: %s", error->message);
  return n;
}

static void
ensure_counted (McDossierList *self)
{
  if (!self->counted)
    {
      self->n_items = count (self);
      self->counted = TRUE;
    }
}

static gboolean
ensure_anchor (McDossierList *self,
               guint          page)
{
  g_autoptr(GError) error = NULL;

  while (self->anchors->len < page && !self->anchors_complete)
    {
      const McCacheKey *after = NULL;
      guint wanted = page - self->anchors->len;
      guint before = self->anchors->len;

      if (self->anchors->len > 0)
        after = &g_array_index (self->anchors, McCacheKey, self->anchors->len - 1);
      if (!mc_cache_scan_keys (self->cache, self->query, after, PAGE_SIZE, wanted,
                               self->anchors, NULL, &error))
        {
          g_warning ("Cannot read the dossiers: %s", error->message);
          return FALSE;
        }
      if (self->anchors->len - before < wanted)
        self->anchors_complete = TRUE;
    }
  return self->anchors->len >= page;
}

static Page *
get_page (McDossierList *self,
          guint          index)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  const McCacheKey *after = NULL;
  Page *page = NULL;

  for (guint i = 0; i < self->n_pages; i++)
    if (self->pages[i].index == index)
      {
        self->pages[i].used = ++self->clock;
        return &self->pages[i];
      }

  if (index > 0)
    {
      if (!ensure_anchor (self, index))
        return NULL;
      after = &g_array_index (self->anchors, McCacheKey, index - 1);
    }
  if (!(rows = mc_cache_query_page (self->cache, self->query, after, PAGE_SIZE, &error)))
    {
      g_warning ("Cannot read the dossiers: %s", error->message);
      return NULL;
    }
  /* Reading page p gives page p + 1's anchor for free. */
  if (rows->len == PAGE_SIZE && self->anchors->len == index)
    {
      McCacheKey key = { 0, };

      mc_cache_key_from_row (&key, g_ptr_array_index (rows, PAGE_SIZE - 1));
      g_array_append_val (self->anchors, key);
    }

  if (self->n_pages < N_PAGES)
    page = &self->pages[self->n_pages++];
  else
    {
      page = &self->pages[0];
      for (guint i = 1; i < N_PAGES; i++)
        if (self->pages[i].used < page->used)
          page = &self->pages[i];
      g_ptr_array_unref (page->rows);
    }
  page->index = index;
  page->used = ++self->clock;
  page->rows = g_steal_pointer (&rows);
  return page;
}

static GType
mc_dossier_list_get_item_type (GListModel *model)
{
  return MC_TYPE_DOSSIER_ROW;
}

static guint
mc_dossier_list_get_n_items (GListModel *model)
{
  McDossierList *self = MC_DOSSIER_LIST (model);

  ensure_counted (self);
  return self->n_items;
}

static gpointer
mc_dossier_list_get_item (GListModel *model,
                          guint       position)
{
  McDossierList *self = MC_DOSSIER_LIST (model);
  Page *page;

  ensure_counted (self);
  if (position >= self->n_items)
    return NULL;
  page = get_page (self, position / PAGE_SIZE);
  if (page == NULL || position % PAGE_SIZE >= page->rows->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (page->rows, position % PAGE_SIZE));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = mc_dossier_list_get_item_type;
  iface->get_n_items = mc_dossier_list_get_n_items;
  iface->get_item = mc_dossier_list_get_item;
}

static void
mc_dossier_list_dispose (GObject *object)
{
  McDossierList *self = MC_DOSSIER_LIST (object);

  drop_pages_from (self, 0);
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (mc_dossier_list_parent_class)->dispose (object);
}

static void
mc_dossier_list_finalize (GObject *object)
{
  McDossierList *self = MC_DOSSIER_LIST (object);

  g_clear_pointer (&self->anchors, g_array_unref);
  g_clear_pointer (&self->query, mc_cache_query_free);

  G_OBJECT_CLASS (mc_dossier_list_parent_class)->finalize (object);
}

static void
mc_dossier_list_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  McDossierList *self = MC_DOSSIER_LIST (object);

  switch (prop_id)
    {
    case PROP_CACHE:
      g_value_set_object (value, self->cache);
      break;
    case PROP_QUERY:
      g_value_set_boxed (value, self->query);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, mc_dossier_list_get_n_items (G_LIST_MODEL (self)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_dossier_list_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  McDossierList *self = MC_DOSSIER_LIST (object);

  switch (prop_id)
    {
    case PROP_CACHE:
      self->cache = g_value_dup_object (value);
      break;
    case PROP_QUERY:
      if (self->cache == NULL || self->query == NULL)
        {
          const McCacheQuery *query = g_value_get_boxed (value);

          g_clear_pointer (&self->query, mc_cache_query_free);
          self->query = query != NULL ? mc_cache_query_copy (query) : mc_cache_query_new ();
        }
      else
        mc_dossier_list_set_query (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_dossier_list_class_init (McDossierListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_dossier_list_dispose;
  object_class->finalize = mc_dossier_list_finalize;
  object_class->get_property = mc_dossier_list_get_property;
  object_class->set_property = mc_dossier_list_set_property;

  properties[PROP_CACHE] =
    g_param_spec_object ("cache", NULL, NULL, MC_TYPE_CACHE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUERY] =
    g_param_spec_boxed ("query", NULL, NULL, MC_TYPE_CACHE_QUERY,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_dossier_list_init (McDossierList *self)
{
  self->anchors = g_array_new (FALSE, FALSE, sizeof (McCacheKey));
  g_array_set_clear_func (self->anchors, (GDestroyNotify) mc_cache_key_clear);
}

McDossierList *
mc_dossier_list_new (McCache            *cache,
                     const McCacheQuery *query)
{
  g_return_val_if_fail (MC_IS_CACHE (cache), NULL);

  return g_object_new (MC_TYPE_DOSSIER_LIST, "cache", cache, "query", query, NULL);
}

McCache *
mc_dossier_list_get_cache (McDossierList *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_LIST (self), NULL);
  return self->cache;
}

const McCacheQuery *
mc_dossier_list_get_query (McDossierList *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_LIST (self), NULL);
  return self->query;
}

guint
mc_dossier_list_get_n_cached_pages (McDossierList *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_LIST (self), 0);
  return self->n_pages;
}

/* Announces that @removed rows at @position became @added rows; n_items
 * already holds the new count and the cache the new rows. One signal
 * describes the whole change: a list widget that finds a change costly to
 * show (GTK 4.8's, over a long span) adapts it itself, as the
 * application's McRowSlots does. */
static void
emit_change (McDossierList *self,
             guint          position,
             guint          removed,
             guint          added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

/* @known_n: the query's count, measured elsewhere; G_MAXUINT to count. */
static void
reload (McDossierList *self,
        guint          known_n)
{
  guint old_n, new_n;

  /* Nobody was told of rows before they were counted. */
  old_n = self->counted ? self->n_items : 0;
  invalidate_from (self, 0);
  new_n = self->n_items = known_n != G_MAXUINT ? known_n : count (self);
  self->counted = TRUE;
  self->first_page_only = FALSE;
  if (old_n == 0 && new_n == 0)
    return;
  emit_change (self, 0, old_n, new_n);
  if (old_n != new_n)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

void
mc_dossier_list_set_query (McDossierList      *self,
                           const McCacheQuery *query)
{
  g_return_if_fail (MC_IS_DOSSIER_LIST (self));

  g_clear_pointer (&self->query, mc_cache_query_free);
  self->query = query != NULL ? mc_cache_query_copy (query) : mc_cache_query_new ();
  reload (self, G_MAXUINT);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
}

gboolean
mc_dossier_list_set_query_uncounted (McDossierList      *self,
                                     const McCacheQuery *query)
{
  guint old_n, new_n;
  Page *page;

  g_return_val_if_fail (MC_IS_DOSSIER_LIST (self), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);

  old_n = self->counted ? self->n_items : 0;
  g_clear_pointer (&self->query, mc_cache_query_free);
  self->query = mc_cache_query_copy (query);
  invalidate_from (self, 0);
  page = get_page (self, 0);
  new_n = self->n_items = page != NULL ? page->rows->len : 0;
  self->counted = TRUE;
  /* A page not full is every row there is. */
  self->first_page_only = new_n == PAGE_SIZE;
  if (old_n != 0 || new_n != 0)
    emit_change (self, 0, old_n, new_n);
  if (old_n != new_n)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
  return self->first_page_only;
}

void
mc_dossier_list_set_count (McDossierList *self,
                           guint          n_items)
{
  guint old_n;

  g_return_if_fail (MC_IS_DOSSIER_LIST (self));

  if (!self->first_page_only)
    return;
  self->first_page_only = FALSE;
  old_n = self->n_items;
  if (n_items == old_n)
    return;
  self->n_items = n_items;
  if (n_items > old_n)
    emit_change (self, old_n, 0, n_items - old_n);
  else
    emit_change (self, n_items, old_n - n_items, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

guint
mc_dossier_list_get_serial (McDossierList *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_LIST (self), 0);
  return self->serial;
}

void
mc_dossier_list_take_anchors (McDossierList      *self,
                              const McCacheQuery *query,
                              guint               serial,
                              GArray             *anchors)
{
  g_return_if_fail (MC_IS_DOSSIER_LIST (self));
  g_return_if_fail (query != NULL);
  g_return_if_fail (anchors != NULL);

  if (serial != self->serial || !mc_cache_query_equal (query, self->query) ||
      anchors->len <= self->anchors->len)
    return;
  /* The same walk from the same first row: the keys already here are
   * a prefix of these. */
  g_array_set_size (self->anchors, 0);
  for (guint i = 0; i < anchors->len; i++)
    {
      McCacheKey key = { 0, };

      mc_cache_key_copy (&g_array_index (anchors, McCacheKey, i), &key);
      g_array_append_val (self->anchors, key);
    }
  self->anchors_complete = TRUE;
}

gboolean
mc_dossier_list_get_counted (McDossierList *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_LIST (self), FALSE);
  return self->counted && !self->first_page_only;
}

void
mc_dossier_list_set_query_counted (McDossierList      *self,
                                   const McCacheQuery *query,
                                   guint               n_items)
{
  g_return_if_fail (MC_IS_DOSSIER_LIST (self));
  g_return_if_fail (query != NULL);
  g_return_if_fail (n_items != G_MAXUINT);

  g_clear_pointer (&self->query, mc_cache_query_free);
  self->query = mc_cache_query_copy (query);
  reload (self, n_items);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
}

typedef struct {
  McCacheKey key;
  guint      position;
} Moved;

static void
moved_clear (Moved *moved)
{
  mc_cache_key_clear (&moved->key);
}

/* Where each change lands:
 *
 *  - a row that is in the query after the page sits at
 *    count_before(new key);
 *  - a row that was in it sat, in the old list, at count_before(old key)
 *    in today's rows, minus the rows that arrived before it, plus the rows
 *    that left before it (the old list is today's minus arrivals plus
 *    departures).
 *
 * Then ONE items-changed covers every affected position: from the first
 * to the last, with the unchanged tail left out. Several precise signals
 * would each describe an intermediate list (some rows removed, others not
 * yet added) which a handler calling get_item() at that moment could not
 * be shown, since the cache holds only the final rows. So a single
 * change (the usual case) is exact, (p, 1, 0), (q, 0, 1) or (p, 1, 1);
 * several are one range spanning them, the minimal correct one. */
void
mc_dossier_list_refresh (McDossierList  *self,
                         McCacheChanges *changes)
{
  g_autoptr(GArray) removed = NULL;
  g_autoptr(GArray) added = NULL;
  g_autoptr(GError) error = NULL;
  McCacheSort sort;
  guint old_n, new_n, lo = G_MAXUINT, old_hi = 0, new_hi = 0, tail;
  gboolean any_old = FALSE, any_new = FALSE;

  g_return_if_fail (MC_IS_DOSSIER_LIST (self));

  /* Rows beyond the first page have no place yet: count them all. */
  if (changes == NULL || (changes->catalogues_changed && self->query->text != NULL) ||
      self->first_page_only)
    {
      reload (self, G_MAXUINT);
      return;
    }
  if (changes->pairs->len > MAX_PRECISE_CHANGES)
    {
      /* Too many to place one by one: every row may have moved. How many
       * there are now follows from the changes, without counting again. */
      guint n = G_MAXUINT;

      if (self->counted)
        {
          gint64 delta = 0;

          for (guint i = 0; i < changes->pairs->len; i++)
            {
              const McCacheImagePair *pair = g_ptr_array_index (changes->pairs, i);

              delta -= pair->before != NULL && _mc_cache_query_matches_image (self->query, pair->before);
              delta += pair->after != NULL && _mc_cache_query_matches_image (self->query, pair->after);
            }
          if ((gint64) self->n_items + delta >= 0)
            n = (guint) ((gint64) self->n_items + delta);
        }
      reload (self, n);
      return;
    }

  ensure_counted (self);
  old_n = self->n_items;
  sort = self->query->sort;
  removed = g_array_new (FALSE, FALSE, sizeof (Moved));
  added = g_array_new (FALSE, FALSE, sizeof (Moved));
  g_array_set_clear_func (removed, (GDestroyNotify) moved_clear);
  g_array_set_clear_func (added, (GDestroyNotify) moved_clear);

  for (guint i = 0; i < changes->pairs->len; i++)
    {
      const McCacheImagePair *pair = g_ptr_array_index (changes->pairs, i);
      gboolean was_in = pair->before != NULL && _mc_cache_query_matches_image (self->query, pair->before);
      gboolean is_in = pair->after != NULL && _mc_cache_query_matches_image (self->query, pair->after);
      Moved m;

      /* A row changed in place is both removed and added at one position;
       * the position formulas below cancel out for it. */
      if (was_in)
        {
          _mc_cache_key_from_image (&m.key, pair->before);
          m.position = 0;
          g_array_append_val (removed, m);
        }
      if (is_in)
        {
          _mc_cache_key_from_image (&m.key, pair->after);
          m.position = 0;
          g_array_append_val (added, m);
        }
    }
  if (removed->len == 0 && added->len == 0)
    return;

  for (guint i = 0; i < added->len; i++)
    {
      Moved *m = &g_array_index (added, Moved, i);

      if (!mc_cache_count_before (self->cache, self->query, &m->key, &m->position, &error))
        goto fail;
    }
  for (guint i = 0; i < removed->len; i++)
    {
      Moved *m = &g_array_index (removed, Moved, i);
      guint before;

      if (!mc_cache_count_before (self->cache, self->query, &m->key, &before, &error))
        goto fail;
      for (guint j = 0; j < added->len; j++)
        if (mc_cache_key_compare (sort, &g_array_index (added, Moved, j).key, &m->key) < 0)
          before--;
      for (guint j = 0; j < removed->len; j++)
        if (mc_cache_key_compare (sort, &g_array_index (removed, Moved, j).key, &m->key) < 0)
          before++;
      m->position = before;
    }

  new_n = old_n + added->len - removed->len;
  for (guint i = 0; i < removed->len; i++)
    {
      guint p = g_array_index (removed, Moved, i).position;

      lo = MIN (lo, p);
      old_hi = any_old ? MAX (old_hi, p) : p;
      any_old = TRUE;
    }
  for (guint i = 0; i < added->len; i++)
    {
      guint p = g_array_index (added, Moved, i).position;

      lo = MIN (lo, p);
      new_hi = any_new ? MAX (new_hi, p) : p;
      any_new = TRUE;
    }
  /* Unchanged rows after the last affected one, in both lists. */
  tail = MIN (any_old ? old_n - 1 - old_hi : old_n - lo,
              any_new ? new_n - 1 - new_hi : new_n - lo);

  invalidate_from (self, lo);
  self->n_items = new_n;
  emit_change (self, lo, old_n - lo - tail, new_n - lo - tail);
  if (old_n != new_n)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  return;

fail:
  g_warning ("Cannot place the changed dossiers: %s", error->message);
  reload (self, G_MAXUINT);
}
