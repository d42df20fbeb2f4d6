/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-cache-private.h"
#include "mc-deadline.h"
#include "mc-fold.h"
#include "mc-time.h"

/* Queues and search over the cache.
 *
 * The SQL of a query is put together from fixed fragments, one per member
 * that is set; every value, the user's search text above all, is bound as
 * a parameter. Each distinct shape is prepared once per connection.
 *
 * Search: the text is folded like the indexed text, cut into words as the
 * FTS tokenizer cuts them, and each word becomes a quoted prefix ("dang"*),
 * so that nothing the user types is FTS syntax. Sorted newest first, the
 * FTS index drives the query (its rowid is the sort key) and SQLite stops
 * after a page; sorted otherwise, the matches are collected and sorted. */

G_DEFINE_BOXED_TYPE (McCacheQuery, mc_cache_query, mc_cache_query_copy, mc_cache_query_free)

McCacheQuery *
mc_cache_query_new (void)
{
  McCacheQuery *query = g_new0 (McCacheQuery, 1);

  query->due_from = MC_TIME_NONE;
  query->due_before = MC_TIME_NONE;
  query->received_from = MC_TIME_NONE;
  query->received_before = MC_TIME_NONE;
  query->sort = MC_CACHE_SORT_RECEIVED_DESC;
  return query;
}

McCacheQuery *
mc_cache_query_copy (const McCacheQuery *query)
{
  McCacheQuery *copy;

  g_return_val_if_fail (query != NULL, NULL);

  copy = g_memdup2 (query, sizeof *query);
  copy->department_id = g_strdup (query->department_id);
  copy->receiving_department_id = g_strdup (query->receiving_department_id);
  copy->assignee_id = g_strdup (query->assignee_id);
  copy->procedure_id = g_strdup (query->procedure_id);
  copy->text = g_strdup (query->text);
  return copy;
}

/* Whether @a and @b select the same rows in the same order. */
gboolean
mc_cache_query_equal (const McCacheQuery *a,
                      const McCacheQuery *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  return a->status_mask == b->status_mask &&
         g_strcmp0 (a->department_id, b->department_id) == 0 &&
         g_strcmp0 (a->receiving_department_id, b->receiving_department_id) == 0 &&
         g_strcmp0 (a->assignee_id, b->assignee_id) == 0 &&
         !a->unassigned == !b->unassigned &&
         g_strcmp0 (a->procedure_id, b->procedure_id) == 0 &&
         a->due_from == b->due_from &&
         a->due_before == b->due_before &&
         a->received_from == b->received_from &&
         a->received_before == b->received_before &&
         g_strcmp0 (a->text, b->text) == 0 &&
         a->sort == b->sort;
}

void
mc_cache_query_free (McCacheQuery *query)
{
  if (query == NULL)
    return;
  g_free (query->department_id);
  g_free (query->receiving_department_id);
  g_free (query->assignee_id);
  g_free (query->procedure_id);
  g_free (query->text);
  g_free (query);
}

void
mc_cache_query_set_alert (McCacheQuery *query,
                          McCalendar   *calendar,
                          McAlertLevel  level,
                          gint64        now,
                          gint64        due_soon_seconds)
{
  gint64 soon;

  g_return_if_fail (query != NULL);
  g_return_if_fail (MC_IS_CALENDAR (calendar));

  /* mc_deadline_alert_level: overdue once now is past due_at; due soon
   * while the working time left is less than due_soon_seconds, that is
   * while due_at is before now + due_soon_seconds of working time. */
  soon = mc_deadline_add_working_time (calendar, now, due_soon_seconds);
  if (soon == MC_TIME_NONE)
    soon = now;
  query->status_mask = query->status_mask != 0 ? query->status_mask & MC_CACHE_STATUS_OPEN
                                               : MC_CACHE_STATUS_OPEN;
  switch (level)
    {
    case MC_ALERT_OVERDUE:
      query->due_from = MC_TIME_NONE;
      query->due_before = now;
      break;
    case MC_ALERT_DUE_SOON:
      query->due_from = now;
      query->due_before = soon;
      break;
    case MC_ALERT_NORMAL:
    default:
      query->due_from = soon;
      query->due_before = MC_TIME_NONE;
      break;
    }
}

/* Keys */

void
mc_cache_key_clear (McCacheKey *key)
{
  g_return_if_fail (key != NULL);
  g_clear_pointer (&key->code, g_free);
}

void
mc_cache_key_copy (const McCacheKey *src,
                   McCacheKey       *dest)
{
  g_return_if_fail (src != NULL && dest != NULL);
  dest->n = src->n;
  dest->due = src->due;
  dest->code = g_strdup (src->code);
}

void
mc_cache_key_from_row (McCacheKey   *key,
                       McDossierRow *row)
{
  g_return_if_fail (key != NULL);
  g_return_if_fail (MC_IS_DOSSIER_ROW (row));
  /* Walking pages reuses one key. */
  mc_cache_key_clear (key);
  _mc_dossier_row_get_key (row, key);
}

void
_mc_cache_key_from_image (McCacheKey         *key,
                          const McCacheImage *image)
{
  key->n = image->n;
  key->due = image->due_key;
  key->code = g_strdup (image->code_key);
}

static int
cmp64 (gint64 a,
       gint64 b)
{
  return a < b ? -1 : a > b ? 1 : 0;
}

int
mc_cache_key_compare (McCacheSort       sort,
                      const McCacheKey *a,
                      const McCacheKey *b)
{
  int c;

  g_return_val_if_fail (a != NULL && b != NULL, 0);

  switch (sort)
    {
    case MC_CACHE_SORT_DUE_ASC:
      if ((c = cmp64 (a->due, b->due)) != 0)
        return c;
      return cmp64 (a->n, b->n);
    case MC_CACHE_SORT_CODE_ASC:
      /* SQLite's BINARY collation is memcmp, which strcmp matches on
       * UTF-8 without NUL bytes. */
      if ((c = strcmp (a->code != NULL ? a->code : "", b->code != NULL ? b->code : "")) != 0)
        return c < 0 ? -1 : 1;
      return cmp64 (a->n, b->n);
    case MC_CACHE_SORT_RECEIVED_DESC:
    default:
      return cmp64 (b->n, a->n);
    }
}

/* Words */

/* What unicode61 keeps in a word: letters, numbers, private use, and the
 * tokenchars of the schema ('.' and '-'). */
static gboolean
is_word_char (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalnum (c) || c == '.' || c == '-';
  switch (g_unichar_type (c))
    {
    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_UPPERCASE_LETTER:
    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_LETTER_NUMBER:
    case G_UNICODE_OTHER_NUMBER:
    case G_UNICODE_PRIVATE_USE:
      return TRUE;
    default:
      return FALSE;
    }
}

GPtrArray *
_mc_cache_split_words (const char *folded)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  const char *start = NULL;

  for (const char *p = folded; ; p = g_utf8_next_char (p))
    {
      gunichar c = *p != '\0' ? g_utf8_get_char (p) : 0;

      if (c != 0 && is_word_char (c))
        {
          if (start == NULL)
            start = p;
          continue;
        }
      if (start != NULL)
        {
          g_ptr_array_add (words, g_strndup (start, p - start));
          start = NULL;
        }
      if (c == 0)
        break;
    }
  return words;
}

char *
mc_cache_build_match (const char *text)
{
  g_autofree char *folded = NULL;
  g_autoptr(GPtrArray) words = NULL;
  GString *match;

  if (text == NULL)
    return NULL;
  folded = mc_fold (text);
  words = _mc_cache_split_words (folded);
  if (words->len == 0)
    return NULL;
  match = g_string_new (NULL);
  for (guint i = 0; i < words->len; i++)
    {
      /* Words hold no quote (is_word_char), so quoting needs no escape. */
      if (i > 0)
        g_string_append_c (match, ' ');
      g_string_append_printf (match, "\"%s\"*", (const char *) g_ptr_array_index (words, i));
    }
  return g_string_free (match, FALSE);
}

static gboolean
text_matches (const char *query_text,
              const char *search)
{
  g_autofree char *folded = mc_fold (query_text);
  g_autoptr(GPtrArray) wanted = _mc_cache_split_words (folded);
  g_autoptr(GPtrArray) have = _mc_cache_split_words (search != NULL ? search : "");

  for (guint i = 0; i < wanted->len; i++)
    {
      const char *w = g_ptr_array_index (wanted, i);
      gboolean found = FALSE;

      for (guint j = 0; j < have->len && !found; j++)
        found = g_str_has_prefix (g_ptr_array_index (have, j), w);
      if (!found)
        return FALSE;
    }
  return TRUE;
}

gboolean
_mc_cache_query_matches_image (const McCacheQuery *q,
                               const McCacheImage *image)
{
  if (q->status_mask != 0 && (q->status_mask & MC_CACHE_STATUS_BIT (image->status)) == 0)
    return FALSE;
  if (q->department_id != NULL && g_strcmp0 (q->department_id, image->department_id) != 0)
    return FALSE;
  if (q->receiving_department_id != NULL &&
      g_strcmp0 (q->receiving_department_id, image->receiving_department_id) != 0)
    return FALSE;
  if (q->assignee_id != NULL && g_strcmp0 (q->assignee_id, image->assignee_id) != 0)
    return FALSE;
  if (q->unassigned && image->assignee_id != NULL)
    return FALSE;
  if (q->procedure_id != NULL && g_strcmp0 (q->procedure_id, image->procedure_id) != 0)
    return FALSE;
  if (q->due_from != MC_TIME_NONE && image->due_key < q->due_from)
    return FALSE;
  if (q->due_before != MC_TIME_NONE && image->due_key >= q->due_before)
    return FALSE;
  if (q->received_from != MC_TIME_NONE && image->received_at < q->received_from)
    return FALSE;
  if (q->received_before != MC_TIME_NONE && image->received_at >= q->received_before)
    return FALSE;
  if (q->text != NULL && !text_matches (q->text, image->search))
    return FALSE;
  return TRUE;
}

/* SQL */

typedef enum {
  PURPOSE_PAGE,
  PURPOSE_KEYS,
  PURPOSE_COUNT,
  PURPOSE_COUNT_BEFORE,
} Purpose;

typedef struct {
  gboolean    is_text;
  gint64      i;
  const char *s;   /* unowned */
} Bind;

typedef struct {
  GString *sql;
  GArray  *binds;
  char    *match;   /* owned, nullable */
} Sql;

static void
sql_clear (Sql *sql)
{
  g_string_free (sql->sql, TRUE);
  g_array_unref (sql->binds);
  g_free (sql->match);
}

static void
bind_int (Sql    *sql,
          gint64  value)
{
  Bind b = { FALSE, value, NULL };

  g_array_append_val (sql->binds, b);
}

static void
bind_text (Sql        *sql,
           const char *value)
{
  Bind b = { TRUE, 0, value };

  g_array_append_val (sql->binds, b);
}

static void
build_sql (const McCacheQuery *q,
           Purpose             purpose,
           const McCacheKey   *key,
           guint               limit,
           Sql                *sql)
{
  GString *s;
  gboolean fts_outer;
  gboolean has_filters;
  const char *n_col;

  sql->sql = s = g_string_new ("SELECT ");
  sql->binds = g_array_new (FALSE, FALSE, sizeof (Bind));
  sql->match = q->text != NULL ? mc_cache_build_match (q->text) : NULL;

  has_filters = q->status_mask != 0 || q->department_id != NULL ||
                q->receiving_department_id != NULL || q->assignee_id != NULL ||
                q->unassigned || q->procedure_id != NULL ||
                q->due_from != MC_TIME_NONE || q->due_before != MC_TIME_NONE ||
                q->received_from != MC_TIME_NONE || q->received_before != MC_TIME_NONE;
  fts_outer = sql->match != NULL && q->sort == MC_CACHE_SORT_RECEIVED_DESC;
  n_col = fts_outer ? "dossier_fts.rowid" : "d.n";

  switch (purpose)
    {
    case PURPOSE_PAGE:
      g_string_append (s, MC_CACHE_ROW_COLUMNS);
      break;
    case PURPOSE_KEYS:
      if (q->sort == MC_CACHE_SORT_DUE_ASC)
        g_string_append (s, "d.due_key, d.n");
      else if (q->sort == MC_CACHE_SORT_CODE_ASC)
        g_string_append (s, "d.code_key, d.n");
      else
        g_string_append_printf (s, "%s", n_col);
      break;
    case PURPOSE_COUNT:
    case PURPOSE_COUNT_BEFORE:
    default:
      g_string_append (s, "count(*)");
      break;
    }

  /* A search counted without other filters needs no row at all. */
  if (sql->match != NULL && !has_filters && purpose != PURPOSE_PAGE &&
      q->sort == MC_CACHE_SORT_RECEIVED_DESC)
    {
      g_string_append (s, " FROM dossier_fts WHERE dossier_fts MATCH ?");
      n_col = "dossier_fts.rowid";
      if (purpose == PURPOSE_KEYS)
        {
          g_string_truncate (s, 0);
          g_string_append (s, "SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH ?");
        }
    }
  else if (fts_outer)
    g_string_append (s, " FROM dossier_fts CROSS JOIN dossiers d "
                        "WHERE dossier_fts MATCH ? AND d.n = dossier_fts.rowid");
  else if (sql->match != NULL)
    g_string_append (s, " FROM dossiers d WHERE d.n IN "
                        "(SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH ?)");
  else
    g_string_append (s, " FROM dossiers d WHERE 1");
  if (sql->match != NULL)
    bind_text (sql, sql->match);

  if (q->status_mask != 0)
    {
      guint n_statuses = 0;

      for (int st = MC_STATUS_FIRST; st <= MC_STATUS_LAST; st++)
        if (q->status_mask & MC_CACHE_STATUS_BIT (st))
          n_statuses++;
      if (n_statuses == 1)
        g_string_append (s, " AND d.status = ?");
      else
        {
          g_string_append (s, " AND d.status IN (");
          for (guint i = 0; i < n_statuses; i++)
            g_string_append (s, i == 0 ? "?" : ", ?");
          g_string_append (s, ")");
        }
      for (int st = MC_STATUS_FIRST; st <= MC_STATUS_LAST; st++)
        if (q->status_mask & MC_CACHE_STATUS_BIT (st))
          bind_int (sql, st);
      if (n_statuses == 0)
        g_string_append (s, " AND 0");
    }
  if (q->department_id != NULL)
    {
      g_string_append (s, " AND d.department_id = ?");
      bind_text (sql, q->department_id);
    }
  if (q->receiving_department_id != NULL)
    {
      g_string_append (s, " AND d.receiving_department_id = ?");
      bind_text (sql, q->receiving_department_id);
    }
  if (q->assignee_id != NULL)
    {
      g_string_append (s, " AND d.assignee_id = ?");
      bind_text (sql, q->assignee_id);
    }
  if (q->unassigned)
    g_string_append (s, " AND d.assignee_id IS NULL");
  if (q->procedure_id != NULL)
    {
      g_string_append (s, " AND d.procedure_id = ?");
      bind_text (sql, q->procedure_id);
    }
  if (q->due_from != MC_TIME_NONE)
    {
      g_string_append (s, " AND d.due_key >= ?");
      bind_int (sql, q->due_from);
    }
  if (q->due_before != MC_TIME_NONE)
    {
      g_string_append (s, " AND d.due_key < ?");
      bind_int (sql, q->due_before);
    }
  if (q->received_from != MC_TIME_NONE)
    {
      g_string_append (s, " AND d.received_at >= ?");
      bind_int (sql, q->received_from);
    }
  if (q->received_before != MC_TIME_NONE)
    {
      g_string_append (s, " AND d.received_at < ?");
      bind_int (sql, q->received_before);
    }

  if (key != NULL)
    {
      gboolean after = purpose != PURPOSE_COUNT_BEFORE;

      switch (q->sort)
        {
        case MC_CACHE_SORT_DUE_ASC:
          g_string_append_printf (s, " AND (d.due_key, d.n) %s (?, ?)", after ? ">" : "<");
          bind_int (sql, key->due);
          bind_int (sql, key->n);
          break;
        case MC_CACHE_SORT_CODE_ASC:
          g_string_append_printf (s, " AND (d.code_key, d.n) %s (?, ?)", after ? ">" : "<");
          bind_text (sql, key->code != NULL ? key->code : "");
          bind_int (sql, key->n);
          break;
        case MC_CACHE_SORT_RECEIVED_DESC:
        default:
          g_string_append_printf (s, " AND %s %s ?", n_col, after ? "<" : ">");
          bind_int (sql, key->n);
          break;
        }
    }

  if (purpose == PURPOSE_PAGE || purpose == PURPOSE_KEYS)
    {
      switch (q->sort)
        {
        case MC_CACHE_SORT_DUE_ASC:
          g_string_append (s, " ORDER BY d.due_key, d.n");
          break;
        case MC_CACHE_SORT_CODE_ASC:
          g_string_append (s, " ORDER BY d.code_key, d.n");
          break;
        case MC_CACHE_SORT_RECEIVED_DESC:
        default:
          g_string_append_printf (s, " ORDER BY %s DESC", n_col);
          break;
        }
      g_string_append (s, " LIMIT ?");
      bind_int (sql, limit > 0 ? (gint64) limit : -1);
    }
}

static void
bind_all (sqlite3_stmt *stmt,
          const Sql    *sql)
{
  for (guint i = 0; i < sql->binds->len; i++)
    {
      const Bind *b = &g_array_index (sql->binds, Bind, i);

      if (b->is_text)
        sqlite3_bind_text (stmt, i + 1, b->s, -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_int64 (stmt, i + 1, b->i);
    }
}

static sqlite3_stmt *
prepare (McCache     *self,
         Sql         *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = _mc_cache_get_stmt (self, sql->sql->str, error);

  if (stmt == NULL)
    return NULL;
  bind_all (stmt, sql);
  return stmt;
}

static gboolean
count_common (McCache            *self,
              const McCacheQuery *query,
              Purpose             purpose,
              const McCacheKey   *key,
              guint              *count,
              GError            **error)
{
  Sql sql;
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  build_sql (query, purpose, key, 0, &sql);
  if ((stmt = prepare (self, &sql, error)) != NULL)
    {
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          *count = (guint) sqlite3_column_int64 (stmt, 0);
          ok = TRUE;
        }
      else
        _mc_cache_fail (self, error, _("Cannot count the dossiers of the cache"));
      sqlite3_reset (stmt);
    }
  sql_clear (&sql);
  return ok;
}

gboolean
mc_cache_count (McCache            *self,
                const McCacheQuery *query,
                guint              *count,
                GError            **error)
{
  g_return_val_if_fail (MC_IS_CACHE (self), FALSE);
  g_return_val_if_fail (query != NULL && count != NULL, FALSE);

  return count_common (self, query, PURPOSE_COUNT, NULL, count, error);
}

gboolean
mc_cache_count_before (McCache            *self,
                       const McCacheQuery *query,
                       const McCacheKey   *key,
                       guint              *count,
                       GError            **error)
{
  g_return_val_if_fail (MC_IS_CACHE (self), FALSE);
  g_return_val_if_fail (query != NULL && key != NULL && count != NULL, FALSE);

  return count_common (self, query, PURPOSE_COUNT_BEFORE, key, count, error);
}

/* The rows of @query after @after, at most @limit (0: all), one by one
 * to @func until it returns FALSE. */
static gboolean
query_rows (McCache            *self,
            const McCacheQuery *query,
            const McCacheKey   *after,
            guint               limit,
            McCacheRowFunc      func,
            gpointer            user_data,
            GError            **error)
{
  sqlite3_stmt *stmt;
  Sql sql;
  int rc;

  build_sql (query, PURPOSE_PAGE, after, limit, &sql);
  stmt = prepare (self, &sql, error);
  sql_clear (&sql);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(McDossierRow) row = _mc_dossier_row_new_from_stmt (stmt, 0);

      if (!func (row, user_data))
        {
          rc = SQLITE_DONE;
          break;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _mc_cache_fail (self, error, _("Cannot read the dossiers of the cache"));
  return TRUE;
}

static gboolean
add_row (McDossierRow *row,
         gpointer      user_data)
{
  g_ptr_array_add (user_data, g_object_ref (row));
  return TRUE;
}

GPtrArray *
mc_cache_query_page (McCache            *self,
                     const McCacheQuery *query,
                     const McCacheKey   *after,
                     guint               limit,
                     GError            **error)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (MC_IS_CACHE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (limit > 0, NULL);

  rows = g_ptr_array_new_full (limit, g_object_unref);
  if (!query_rows (self, query, after, limit, add_row, rows, error))
    return NULL;
  return g_steal_pointer (&rows);
}

char *
_mc_cache_explain_page (McCache            *self,
                        const McCacheQuery *query,
                        const McCacheKey   *key)
{
  g_autoptr(GString) plan = g_string_new (NULL);
  g_autofree char *explain = NULL;
  sqlite3_stmt *stmt = NULL;
  Sql sql;

  build_sql (query, PURPOSE_PAGE, key, 24, &sql);
  explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql.sql->str, NULL);
  if (sqlite3_prepare_v2 (_mc_cache_get_handle (self), explain, -1, &stmt, NULL) == SQLITE_OK)
    {
      bind_all (stmt, &sql);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
    }
  sqlite3_finalize (stmt);
  sql_clear (&sql);
  return g_string_free (g_steal_pointer (&plan), FALSE);
}

gboolean
mc_cache_query_foreach (McCache            *self,
                        const McCacheQuery *query,
                        McCacheRowFunc      func,
                        gpointer            user_data,
                        GError            **error)
{
  g_return_val_if_fail (MC_IS_CACHE (self), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  /* No limit: LIMIT -1. */
  return query_rows (self, query, NULL, 0, func, user_data, error);
}

gboolean
mc_cache_scan_keys (McCache            *self,
                    const McCacheQuery *query,
                    const McCacheKey   *after,
                    guint               every,
                    guint               max_keys,
                    GArray             *keys,
                    guint              *scanned,
                    GError            **error)
{
  sqlite3_stmt *stmt;
  Sql sql;
  guint rows = 0, added = 0;
  int rc;

  g_return_val_if_fail (MC_IS_CACHE (self), FALSE);
  g_return_val_if_fail (query != NULL && keys != NULL && every > 0, FALSE);

  build_sql (query, PURPOSE_KEYS, after, max_keys > 0 ? every * max_keys : 0, &sql);
  stmt = prepare (self, &sql, error);
  sql_clear (&sql);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (++rows % every != 0)
        continue;
      {
        McCacheKey key = { 0, 0, NULL };

        if (query->sort == MC_CACHE_SORT_DUE_ASC)
          {
            key.due = sqlite3_column_int64 (stmt, 0);
            key.n = sqlite3_column_int64 (stmt, 1);
          }
        else if (query->sort == MC_CACHE_SORT_CODE_ASC)
          {
            key.code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
            key.n = sqlite3_column_int64 (stmt, 1);
          }
        else
          key.n = sqlite3_column_int64 (stmt, 0);
        g_array_append_val (keys, key);
      }
      if (max_keys > 0 && ++added >= max_keys)
        {
          rc = SQLITE_DONE;
          break;
        }
    }
  sqlite3_reset (stmt);
  if (scanned != NULL)
    *scanned = rows;
  if (rc != SQLITE_DONE)
    return _mc_cache_fail (self, error, _("Cannot read the dossiers of the cache"));
  return TRUE;
}

static gboolean
collect_ids (McCache     *self,
             const char  *sql,
             const char  *from,
             const char  *to,
             guint        limit,
             GPtrArray   *ids,
             GHashTable  *seen,
             GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _mc_cache_get_stmt (self, sql, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, to, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, limit);
  while (ids->len < limit && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);

      if (g_hash_table_contains (seen, id))
        continue;
      g_ptr_array_add (ids, g_strdup (id));
      g_hash_table_add (seen, g_ptr_array_index (ids, ids->len - 1));
    }
  if (ids->len >= limit)
    rc = SQLITE_DONE;
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _mc_cache_fail (self, error, _("Cannot read the dossiers of the cache"));
  return TRUE;
}

GPtrArray *
mc_cache_lookup_code (McCache     *self,
                      const char  *text,
                      guint        limit,
                      GError     **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *folded = NULL;
  g_autofree char *to = NULL;
  GString *key;

  g_return_val_if_fail (MC_IS_CACHE (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  folded = mc_fold (text);
  key = g_string_new (NULL);
  for (const char *p = folded; *p != '\0'; p++)
    if (*p != ' ')
      g_string_append_c (key, *p);
  if (key->len == 0 || limit == 0)
    {
      g_string_free (key, TRUE);
      return g_steal_pointer (&ids);
    }
  /* Every string that starts with the key sorts before key + U+10FFFF. */
  to = g_strconcat (key->str, "\xf4\x8f\xbf\xbf", NULL);
  if (!collect_ids (self, "SELECT id FROM dossiers WHERE code_key >= ?1 AND code_key < ?2 "
                          "ORDER BY code_key, n LIMIT ?3",
                    key->str, to, limit, ids, seen, error) ||
      !collect_ids (self, "SELECT id FROM dossiers WHERE id_number_key >= ?1 AND id_number_key < ?2 "
                          "ORDER BY id_number_key, n LIMIT ?3",
                    key->str, to, limit, ids, seen, error))
    {
      g_string_free (key, TRUE);
      return NULL;
    }
  g_string_free (key, TRUE);
  return g_steal_pointer (&ids);
}
