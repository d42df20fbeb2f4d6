/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-fold.h"
#include "mc-json.h"
#include "mc-store-private.h"
#include "mc-time.h"

#include <string.h>

typedef struct {
  gboolean exists;
  char    *department_id;
  char    *receiving_department_id;
  char    *assignee_id;
  int      n_events;
} Previous;

static void
previous_clear (Previous *p)
{
  g_clear_pointer (&p->department_id, g_free);
  g_clear_pointer (&p->receiving_department_id, g_free);
  g_clear_pointer (&p->assignee_id, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Previous, previous_clear)

static gboolean
read_previous (McStore    *store,
               const char *id,
               Previous   *out,
               GError    **error)
{
  sqlite3_stmt *stmt = _mc_store_prepare (store,
    "SELECT department_id, receiving_department_id, assignee_id, "
    "  (SELECT count(*) FROM events WHERE dossier_id = ?1) "
    "FROM dossiers WHERE id = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  _mc_store_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out->exists = TRUE;
      out->department_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      out->receiving_department_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      out->assignee_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      out->n_events = sqlite3_column_int (stmt, 3);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _mc_store_fail (store, rc, error, "read dossier");
  return TRUE;
}

/* The folded text the server's q= search runs on. */
static char *
search_text (McDossier *dossier)
{
  const McApplicant *a = mc_dossier_get_applicant (dossier);
  g_autofree char *joined = g_strjoin (" ",
                                       mc_dossier_get_code (dossier) ? mc_dossier_get_code (dossier) : "",
                                       a && a->name ? a->name : "",
                                       a && a->id_number ? a->id_number : "",
                                       a && a->phone ? a->phone : "",
                                       a && a->tax_code ? a->tax_code : "",
                                       a && a->address ? a->address : "",
                                       NULL);
  return mc_fold (joined);
}

/* The dossier's own document: events and attachments live in their tables. */
static char *
dossier_document (McDossier *dossier)
{
  g_autoptr(JsonNode) node = mc_dossier_to_json (dossier);
  JsonObject *object = json_node_get_object (node);

  json_object_set_array_member (object, "events", json_array_new ());
  json_object_set_array_member (object, "attachments", json_array_new ());
  return _mc_store_node_to_text (node);
}

static gboolean
add_handler (McStore    *store,
             const char *user_id,
             const char *dossier_id,
             GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (user_id == NULL || *user_id == '\0')
    return TRUE;
  stmt = _mc_store_prepare (store,
    "INSERT OR IGNORE INTO dossier_handlers (user_id, dossier_id) VALUES (?1, ?2)", error);
  if (stmt == NULL)
    return FALSE;
  _mc_store_bind_text (stmt, 1, user_id);
  _mc_store_bind_text (stmt, 2, dossier_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE ? TRUE : _mc_store_fail (store, rc, error, "handlers");
}

static gboolean
put_events (McStore   *store,
            McDossier *dossier,
            int        from,
            GError   **error)
{
  const char *dossier_id = mc_dossier_get_id (dossier);

  for (guint i = (guint) from; i < mc_dossier_get_n_events (dossier); i++)
    {
      McEvent *event = mc_dossier_get_event (dossier, i);
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *doc = NULL;
      sqlite3_stmt *stmt;
      int rc;

      if (mc_event_get_id (event) == NULL || *mc_event_get_id (event) == '\0')
        {
          g_autofree char *uuid = g_uuid_string_random ();
          mc_event_set_id (event, uuid);
        }
      mc_event_set_dossier_id (event, dossier_id);
      node = mc_event_to_json (event);
      doc = _mc_store_node_to_text (node);

      stmt = _mc_store_prepare (store,
        "INSERT INTO events (id, dossier_id, ord, at, doc) VALUES (?1, ?2, ?3, ?4, ?5)", error);
      if (stmt == NULL)
        return FALSE;
      _mc_store_bind_text (stmt, 1, mc_event_get_id (event));
      _mc_store_bind_text (stmt, 2, dossier_id);
      sqlite3_bind_int (stmt, 3, (int) i);
      sqlite3_bind_int64 (stmt, 4, mc_event_get_at (event));
      _mc_store_bind_text (stmt, 5, doc);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return _mc_store_fail (store, rc, error, "put event");

      if (!add_handler (store, mc_event_get_actor_id (event), dossier_id, error) ||
          !add_handler (store, mc_event_get_to_assignee_id (event), dossier_id, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
mc_store_put_dossier (McStore   *store,
                      McDossier *dossier,
                      GError   **error)
{
  g_auto(Previous) previous = { 0 };
  g_autofree char *doc = NULL;
  g_autofree char *search = NULL;
  const char *id = mc_dossier_get_id (dossier);
  sqlite3_stmt *stmt;
  gint64 seq;
  int rc;

  g_return_val_if_fail (id != NULL && mc_dossier_get_code (dossier) != NULL, FALSE);

  if (!read_previous (store, id, &previous, error))
    return FALSE;
  if ((guint) previous.n_events > mc_dossier_get_n_events (dossier))
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CONFLICT,
                   "dossier %s: events are append-only", id);
      return FALSE;
    }
  seq = mc_store_next_seq (store, error);
  if (seq < 0)
    return FALSE;
  doc = dossier_document (dossier);
  search = search_text (dossier);

  stmt = _mc_store_prepare (store,
    "INSERT INTO dossiers (id, code, procedure_id, status, substate, department_id, "
    "  receiving_department_id, assignee_id, received_at, due_at, completed_at, timeliness, "
    "  search, version, seq, doc) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) "
    "ON CONFLICT (id) DO UPDATE SET code = excluded.code, procedure_id = excluded.procedure_id, "
    "  status = excluded.status, substate = excluded.substate, department_id = excluded.department_id, "
    "  receiving_department_id = excluded.receiving_department_id, assignee_id = excluded.assignee_id, "
    "  received_at = excluded.received_at, due_at = excluded.due_at, "
    "  completed_at = excluded.completed_at, timeliness = excluded.timeliness, "
    "  search = excluded.search, version = excluded.version, seq = excluded.seq, doc = excluded.doc",
    error);
  if (stmt == NULL)
    return FALSE;
  _mc_store_bind_text (stmt, 1, id);
  _mc_store_bind_text (stmt, 2, mc_dossier_get_code (dossier));
  _mc_store_bind_text (stmt, 3, mc_dossier_get_procedure_id (dossier));
  sqlite3_bind_int (stmt, 4, mc_dossier_get_status (dossier));
  sqlite3_bind_int (stmt, 5, mc_dossier_get_substate (dossier));
  _mc_store_bind_text (stmt, 6, mc_dossier_get_department_id (dossier));
  _mc_store_bind_text (stmt, 7, mc_dossier_get_receiving_department_id (dossier));
  _mc_store_bind_text (stmt, 8, mc_dossier_get_assignee_id (dossier));
  sqlite3_bind_int64 (stmt, 9, mc_dossier_get_received_at (dossier));
  _mc_store_bind_time (stmt, 10, mc_dossier_get_due_at (dossier));
  _mc_store_bind_time (stmt, 11, mc_dossier_get_completed_at (dossier));
  sqlite3_bind_int (stmt, 12, mc_dossier_get_timeliness (dossier));
  _mc_store_bind_text (stmt, 13, search);
  sqlite3_bind_int (stmt, 14, mc_dossier_get_version (dossier));
  sqlite3_bind_int64 (stmt, 15, seq);
  _mc_store_bind_text (stmt, 16, doc);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _mc_store_fail (store, rc, error, "put dossier");

  if (!put_events (store, dossier, previous.n_events, error))
    return FALSE;

  if (previous.exists &&
      (g_strcmp0 (previous.department_id, mc_dossier_get_department_id (dossier)) != 0 ||
       g_strcmp0 (previous.receiving_department_id, mc_dossier_get_receiving_department_id (dossier)) != 0 ||
       g_strcmp0 (previous.assignee_id, mc_dossier_get_assignee_id (dossier)) != 0))
    {
      stmt = _mc_store_prepare (store,
        "INSERT INTO moves (seq, dossier_id, old_department_id, old_receiving_department_id, "
        "  old_assignee_id) VALUES (?1, ?2, ?3, ?4, ?5)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, seq);
      _mc_store_bind_text (stmt, 2, id);
      _mc_store_bind_text (stmt, 3, previous.department_id);
      _mc_store_bind_text (stmt, 4, previous.receiving_department_id);
      _mc_store_bind_text (stmt, 5, previous.assignee_id);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return _mc_store_fail (store, rc, error, "put move");
    }
  return TRUE;
}

/* Appends the stored documents of one dossier's events or attachments. */
static gboolean
load_array (McStore    *store,
            const char *sql,
            const char *id,
            JsonArray  *array,
            GError    **error)
{
  sqlite3_stmt *stmt = _mc_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  _mc_store_bind_text (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonNode *node = _mc_store_text_to_node ((const char *) sqlite3_column_text (stmt, 0), error);

      if (node == NULL)
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
      json_array_add_element (array, node);
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE ? TRUE : _mc_store_fail (store, rc, error, "load history");
}

McDossier *
mc_store_get_dossier (McStore    *store,
                      const char *id,
                      gboolean    history,
                      GError    **error)
{
  sqlite3_stmt *stmt = _mc_store_prepare (store, "SELECT doc FROM dossiers WHERE id = ?1", error);
  g_autoptr(JsonNode) node = NULL;
  McDossier *dossier;
  int rc;

  if (stmt == NULL)
    return NULL;
  _mc_store_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    node = _mc_store_text_to_node ((const char *) sqlite3_column_text (stmt, 0), error);
  else if (rc == SQLITE_DONE)
    g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND, _("No dossier “%s”"), id);
  else
    _mc_store_fail (store, rc, error, "get dossier");
  sqlite3_reset (stmt);
  if (node == NULL)
    return NULL;

  if (history)
    {
      JsonObject *object = json_node_get_object (node);
      JsonArray *events = json_array_new ();
      JsonArray *attachments = json_array_new ();

      json_object_set_array_member (object, "events", events);
      json_object_set_array_member (object, "attachments", attachments);
      if (!load_array (store, "SELECT doc FROM events WHERE dossier_id = ?1 ORDER BY ord", id, events, error) ||
          !load_array (store, "SELECT doc FROM attachments WHERE dossier_id = ?1 ORDER BY created_at, id",
                       id, attachments, error))
        return NULL;
    }

  dossier = mc_dossier_new_from_json (node, error);
  if (dossier == NULL)
    {
      g_prefix_error (error, "dossier %s: ", id);
      return NULL;
    }
  return dossier;
}

gboolean
mc_store_next_code_number (McStore    *store,
                           const char *agency_id,
                           int         year,
                           int         month,
                           int         day,
                           int        *number,
                           GError    **error)
{
  g_autofree char *date = g_strdup_printf ("%04d-%02d-%02d", year, month, day);
  sqlite3_stmt *stmt = _mc_store_prepare (store,
    "INSERT INTO code_counters (agency_id, day, last) VALUES (?1, ?2, 1) "
    "ON CONFLICT (agency_id, day) DO UPDATE SET last = last + 1 RETURNING last", error);
  int rc;

  g_assert (!sqlite3_get_autocommit (_mc_store_db (store)));
  if (stmt == NULL)
    return FALSE;
  _mc_store_bind_text (stmt, 1, agency_id);
  _mc_store_bind_text (stmt, 2, date);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return _mc_store_fail (store, rc, error, "code counter");
    }
  *number = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  if (*number > 9999)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CONFLICT,
                   _("The agency %s has used all 9999 dossier numbers of %02d/%02d/%04d"),
                   agency_id, day, month, year);
      return FALSE;
    }
  return TRUE;
}

gboolean
mc_visibility_allows_place (const McVisibility   *visibility,
                            const McDossierPlace *place,
                            gboolean              handled)
{
  switch (visibility->kind)
    {
    case MC_VISIBILITY_ALL:
      return TRUE;
    case MC_VISIBILITY_DEPARTMENT:
      return handled || g_strcmp0 (place->department_id, visibility->department_id) == 0;
    case MC_VISIBILITY_RECEIVING:
      return g_strcmp0 (place->receiving_department_id, visibility->department_id) == 0;
    default:
      return FALSE;
    }
}

gboolean
mc_visibility_allows (const McVisibility *visibility,
                      McDossier          *dossier,
                      gboolean            handled)
{
  McDossierPlace place = {
    (char *) mc_dossier_get_department_id (dossier),
    (char *) mc_dossier_get_receiving_department_id (dossier),
    mc_dossier_get_version (dossier),
  };

  return mc_visibility_allows_place (visibility, &place, handled);
}

void
mc_dossier_place_clear (McDossierPlace *place)
{
  g_clear_pointer (&place->department_id, g_free);
  g_clear_pointer (&place->receiving_department_id, g_free);
}

/* Joins the documents of one dossier's rows in a table with commas. */
static gboolean
join_documents (McStore    *store,
                const char *sql,
                const char *id,
                GString    *out,
                GError    **error)
{
  sqlite3_stmt *stmt = _mc_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  _mc_store_bind_text (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (out->len > 0)
        g_string_append_c (out, ',');
      g_string_append_len (out, (const char *) sqlite3_column_text (stmt, 0), sqlite3_column_bytes (stmt, 0));
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE ? TRUE : _mc_store_fail (store, rc, error, "load history");
}

GBytes *
mc_store_get_dossier_document (McStore        *store,
                               const char     *id,
                               McDossierPlace *place,
                               GError        **error)
{
  sqlite3_stmt *stmt = _mc_store_prepare (store,
    "SELECT doc, department_id, receiving_department_id, version FROM dossiers WHERE id = ?1", error);
  g_autoptr(GString) events = g_string_new (NULL);
  g_autoptr(GString) attachments = g_string_new (NULL);
  g_autofree char *doc = NULL;
  GString *out;
  gsize doc_len = 0;
  int rc;

  if (stmt == NULL)
    return NULL;
  _mc_store_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      doc_len = sqlite3_column_bytes (stmt, 0);
      doc = g_strndup ((const char *) sqlite3_column_text (stmt, 0), doc_len);
      place->department_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      place->receiving_department_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      place->version = sqlite3_column_int (stmt, 3);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND, _("No dossier “%s”"), id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _mc_store_fail (store, rc, error, "get dossier");
      return NULL;
    }
  if (!join_documents (store, "SELECT doc FROM events WHERE dossier_id = ?1 ORDER BY ord", id, events, error) ||
      !join_documents (store, "SELECT doc FROM attachments WHERE dossier_id = ?1 ORDER BY created_at, id",
                       id, attachments, error))
    return NULL;

  out = g_string_sized_new (doc_len + events->len + attachments->len + 2);
  _mc_store_splice_dossier (out, doc, doc_len, events->str, events->len, attachments->str, attachments->len);
  return g_string_free_to_bytes (out);
}

gboolean
mc_store_has_handled (McStore    *store,
                      const char *user_id,
                      const char *dossier_id)
{
  sqlite3_stmt *stmt = _mc_store_prepare (store,
    "SELECT 1 FROM dossier_handlers WHERE user_id = ?1 AND dossier_id = ?2", NULL);
  gboolean found;

  if (stmt == NULL || user_id == NULL)
    return FALSE;
  _mc_store_bind_text (stmt, 1, user_id);
  _mc_store_bind_text (stmt, 2, dossier_id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

const char *
_mc_store_visibility_sql (const McVisibility *visibility)
{
  switch (visibility->kind)
    {
    case MC_VISIBILITY_DEPARTMENT:
      return "(d.department_id = ?101 OR EXISTS (SELECT 1 FROM dossier_handlers h "
             "WHERE h.user_id = ?100 AND h.dossier_id = d.id))";
    case MC_VISIBILITY_RECEIVING:
      return "d.receiving_department_id = ?101";
    case MC_VISIBILITY_ALL:
    default:
      return "1";
    }
}

static void
bind_visibility (sqlite3_stmt       *stmt,
                 const McVisibility *visibility)
{
  if (visibility->kind == MC_VISIBILITY_DEPARTMENT)
    _mc_store_bind_text (stmt, 100, visibility->user_id);
  if (visibility->kind != MC_VISIBILITY_ALL)
    _mc_store_bind_text (stmt, 101, visibility->department_id ? visibility->department_id : "");
}

/* Escapes LIKE's wildcards in user text. */
static char *
like_pattern (const char *folded)
{
  GString *s = g_string_new ("%");

  for (const char *p = folded; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '%');
  return g_string_free (s, FALSE);
}

GPtrArray *
mc_store_list_dossiers (McStore               *store,
                        const McVisibility    *visibility,
                        const McDossierFilter *filter,
                        const McKeyset        *after,
                        guint                  limit,
                        GError               **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT d.doc FROM dossiers d WHERE ");
  g_autofree char *pattern = NULL;
  sqlite3_stmt *stmt;

  /* Only fixed fragments go into the text; every value is bound. */
  g_string_append (sql, _mc_store_visibility_sql (visibility));
  if (filter->status != 0)
    g_string_append (sql, " AND d.status = ?1");
  if (filter->department_id != NULL)
    g_string_append (sql, " AND d.department_id = ?2");
  if (filter->assignee_id != NULL)
    g_string_append (sql, " AND d.assignee_id = ?3");
  if (filter->search != NULL && *filter->search != '\0')
    g_string_append (sql, " AND d.search LIKE ?4 ESCAPE '\\'");
  if (filter->open_only)
    g_string_append (sql, " AND d.status IN (1, 2, 4, 5, 6)");
  if (filter->due_after != MC_TIME_NONE)
    g_string_append (sql, " AND d.due_at > ?5");
  if (filter->due_before != MC_TIME_NONE)
    g_string_append (sql, " AND d.due_at <= ?6");
  if (after != NULL)
    g_string_append (sql, " AND (d.received_at < ?7 OR (d.received_at = ?7 AND d.id < ?8))");
  g_string_append (sql, " ORDER BY d.received_at DESC, d.id DESC LIMIT ?9");

  stmt = _mc_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return NULL;
  bind_visibility (stmt, visibility);
  if (filter->status != 0)
    sqlite3_bind_int (stmt, 1, filter->status);
  if (filter->department_id != NULL)
    _mc_store_bind_text (stmt, 2, filter->department_id);
  if (filter->assignee_id != NULL)
    _mc_store_bind_text (stmt, 3, filter->assignee_id);
  if (filter->search != NULL && *filter->search != '\0')
    {
      pattern = like_pattern (filter->search);
      _mc_store_bind_text (stmt, 4, pattern);
    }
  if (filter->due_after != MC_TIME_NONE)
    sqlite3_bind_int64 (stmt, 5, filter->due_after);
  if (filter->due_before != MC_TIME_NONE)
    sqlite3_bind_int64 (stmt, 6, filter->due_before);
  if (after != NULL)
    {
      sqlite3_bind_int64 (stmt, 7, after->received_at);
      _mc_store_bind_text (stmt, 8, after->id);
    }
  sqlite3_bind_int (stmt, 9, (int) limit);

  return _mc_store_collect (store, stmt, (McStoreDecodeFunc) mc_dossier_new_from_json,
                            "list dossiers", error);
}

gboolean
mc_store_stats (McStore            *store,
                const McVisibility *visibility,
                const char         *department_id,
                gint64              from,
                gint64              to,
                gint64              now,
                McStats            *stats,
                GError            **error)
{
  g_autoptr(GString) sql = g_string_new (
    "SELECT d.status, d.timeliness, "
    "  d.status IN (1, 2, 4, 5, 6) AND d.due_at IS NOT NULL AND d.due_at < ?3, count(*) "
    "FROM dossiers d WHERE d.received_at >= ?1 AND d.received_at < ?2 AND ");
  sqlite3_stmt *stmt;
  int rc;

  memset (stats, 0, sizeof *stats);
  g_string_append (sql, _mc_store_visibility_sql (visibility));
  if (department_id != NULL)
    g_string_append (sql, " AND d.department_id = ?4");
  g_string_append (sql, " GROUP BY 1, 2, 3");

  stmt = _mc_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  sqlite3_bind_int64 (stmt, 3, now);
  if (department_id != NULL)
    _mc_store_bind_text (stmt, 4, department_id);
  bind_visibility (stmt, visibility);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int status = sqlite3_column_int (stmt, 0);
      int timeliness = sqlite3_column_int (stmt, 1);
      gboolean overdue = sqlite3_column_int (stmt, 2) != 0;
      gint64 n = sqlite3_column_int64 (stmt, 3);

      if (mc_status_is_valid (status))
        stats->by_status[status] += n;
      if (timeliness == MC_TIMELINESS_EARLY)
        stats->early += n;
      else if (timeliness == MC_TIMELINESS_ON_TIME)
        stats->on_time += n;
      else if (timeliness == MC_TIMELINESS_LATE)
        stats->late += n;
      if (overdue)
        stats->overdue += n;
      stats->total += n;
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE ? TRUE : _mc_store_fail (store, rc, error, "stats");
}
