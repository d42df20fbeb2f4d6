/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-json.h"
#include "mc-store-changes.h"
#include "mc-store-private.h"

#define FEED_MMAP_SIZE 1073741824

/* One ordered query of the merge: a statement stepped lazily, whose first
 * column is the change sequence number. */
typedef struct {
  sqlite3_stmt *stmt;      /* owned, nullable: a source not wanted */
  gboolean      has_row;
} Cursor;

enum {
  SOURCE_DEPARTMENTS,
  SOURCE_PROCEDURES,
  SOURCE_USERS,
  SOURCE_DOSSIERS,
  SOURCE_TOMBSTONES,
  N_SOURCES
};

static const McChangeKind source_kinds[N_SOURCES] = {
  MC_CHANGE_DEPARTMENT,
  MC_CHANGE_PROCEDURE,
  MC_CHANGE_USER,
  MC_CHANGE_DOSSIER,
  MC_CHANGE_TOMBSTONE,
};

struct _McChangeReader
{
  McStore  *store;                 /* not owned */
  Cursor    sources[N_SOURCES];
  /* Joined to the dossiers' cursor in the same order. */
  Cursor    events;
  gboolean  calendar_pending;
  gint64    calendar_seq;
  GString  *id;                    /* of the change handed out last */
  GString  *doc;
  GString  *scratch;
};

static gboolean
cursor_step (McChangeReader *reader,
             Cursor         *cursor,
             GError        **error)
{
  int rc;

  if (cursor->stmt == NULL)
    {
      cursor->has_row = FALSE;
      return TRUE;
    }
  rc = sqlite3_step (cursor->stmt);
  cursor->has_row = rc == SQLITE_ROW;
  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return TRUE;
  return _mc_store_fail (reader->store, rc, error, "change feed");
}

static gint64
cursor_seq (Cursor *cursor)
{
  return sqlite3_column_int64 (cursor->stmt, 0);
}

static void
cursor_clear (Cursor *cursor)
{
  g_clear_pointer (&cursor->stmt, sqlite3_finalize);
  cursor->has_row = FALSE;
}

void
mc_change_reader_free (McChangeReader *reader)
{
  if (reader == NULL)
    return;
  for (guint i = 0; i < N_SOURCES; i++)
    cursor_clear (&reader->sources[i]);
  cursor_clear (&reader->events);
  g_string_free (reader->id, TRUE);
  g_string_free (reader->doc, TRUE);
  g_string_free (reader->scratch, TRUE);
  g_free (reader);
}

/* Where a dossier was before a move, as SQL over moves aliased m: a place
 * from which the reader saw it. Handlers keep seeing what they handled, so
 * only the department (or receiving unit) matters. */
static const char *
was_visible_sql (const McVisibility *visibility)
{
  switch (visibility->kind)
    {
    case MC_VISIBILITY_DEPARTMENT:
      return "m.old_department_id = ?101";
    case MC_VISIBILITY_RECEIVING:
      return "m.old_receiving_department_id = ?101";
    case MC_VISIBILITY_ALL:
    default:
      return NULL;
    }
}

static gboolean
prepare (McChangeReader      *reader,
         Cursor              *cursor,
         const char          *sql,
         const McChangeQuery *query,
         GError             **error)
{
  int rc = sqlite3_prepare_v3 (_mc_store_db (reader->store), sql, -1, 0, &cursor->stmt, NULL);

  if (rc != SQLITE_OK)
    {
      cursor->stmt = NULL;
      return _mc_store_fail (reader->store, rc, error, "change feed");
    }
  /* Every statement numbers its parameters the same way; binding one a
   * statement does not use is harmless only when it exists, so ask. */
  for (int i = 1; i <= sqlite3_bind_parameter_count (cursor->stmt); i++)
    {
      const char *name = sqlite3_bind_parameter_name (cursor->stmt, i);

      if (name == NULL)
        continue;
      if (g_str_equal (name, "?1"))
        sqlite3_bind_int64 (cursor->stmt, i, query->since);
      else if (g_str_equal (name, "?2"))
        sqlite3_bind_int64 (cursor->stmt, i, query->moved_after);
      else if (g_str_equal (name, "?3"))
        _mc_store_bind_text (cursor->stmt, i, query->users_department_id);
      else if (g_str_equal (name, "?100"))
        _mc_store_bind_text (cursor->stmt, i, query->visibility.user_id ? query->visibility.user_id : "");
      else if (g_str_equal (name, "?101"))
        _mc_store_bind_text (cursor->stmt, i, query->visibility.department_id ? query->visibility.department_id : "");
    }
  return cursor_step (reader, cursor, error);
}

McChangeReader *
mc_store_read_changes (McStore             *store,
                       const McChangeQuery *query,
                       GError             **error)
{
  g_autoptr(McChangeReader) reader = g_new0 (McChangeReader, 1);
  g_autofree char *dossiers_sql = NULL;
  g_autofree char *events_sql = NULL;
  const char *visible = _mc_store_visibility_sql (&query->visibility);
  const char *was_visible = was_visible_sql (&query->visibility);

  g_return_val_if_fail (store != NULL && query != NULL, NULL);

  reader->store = store;
  reader->id = g_string_new (NULL);
  reader->doc = g_string_sized_new (4096);
  reader->scratch = g_string_sized_new (4096);

  /* A first sync reads the whole table: through memory-mapped pages
   * rather than a pread() copy of each (a no-op once set on this
   * connection; it belongs with the connection's other pragmas). */
  sqlite3_exec (_mc_store_db (store), "PRAGMA mmap_size = " G_STRINGIFY (FEED_MMAP_SIZE), NULL, NULL, NULL);

  reader->calendar_seq = mc_store_get_calendar_seq (store, error);
  if (reader->calendar_seq < 0)
    return NULL;
  reader->calendar_pending = query->with_calendar || reader->calendar_seq > query->since;

  /* Keyset over seq, each on its index or a small table: never OFFSET. */
  /* INDEXED BY: with a scope filter the planner prefers the scope's
   * index and then sorts every row after the cursor by seq, on every page;
   * walking seq from the cursor stops as soon as the page is full. */
  dossiers_sql = g_strdup_printf ("SELECT d.seq, d.id, d.doc FROM dossiers d INDEXED BY dossiers_seq "
                                  "WHERE d.seq > ?1 AND %s ORDER BY d.seq", visible);
  events_sql = g_strdup_printf ("SELECT d.seq, e.doc FROM dossiers d INDEXED BY dossiers_seq "
                                "JOIN events e ON e.dossier_id = d.id "
                                "WHERE d.seq > ?1 AND %s ORDER BY d.seq, e.ord", visible);
  if (!prepare (reader, &reader->sources[SOURCE_DEPARTMENTS],
                "SELECT seq, id, doc FROM departments WHERE seq > ?1 ORDER BY seq", query, error) ||
      !prepare (reader, &reader->sources[SOURCE_PROCEDURES],
                "SELECT seq, id, doc FROM procedures WHERE seq > ?1 ORDER BY seq", query, error) ||
      !prepare (reader, &reader->sources[SOURCE_DOSSIERS], dossiers_sql, query, error) ||
      !prepare (reader, &reader->events, events_sql, query, error))
    return NULL;

  if (query->all_users || query->users_department_id != NULL)
    {
      if (!prepare (reader, &reader->sources[SOURCE_USERS],
                    query->all_users
                      ? "SELECT seq, id, username, full_name, role, department_id, disabled "
                        "FROM users WHERE seq > ?1 ORDER BY seq"
                      : "SELECT seq, id, username, full_name, role, department_id, disabled "
                        "FROM users WHERE seq > ?1 AND department_id = ?3 ORDER BY seq",
                    query, error))
        return NULL;
    }

  /* A dossier changed after `since` that the reader cannot see now, but
   * that moved away from where they saw it after `moved_after`. */
  if (was_visible != NULL && query->moved_after >= 0)
    {
      g_autofree char *sql = g_strdup_printf (
        "SELECT d.seq, d.id FROM dossiers d WHERE d.seq > ?1 AND NOT %s AND d.id IN "
        "(SELECT m.dossier_id FROM moves m WHERE m.seq > ?2 AND %s) ORDER BY d.seq",
        visible, was_visible);

      if (!prepare (reader, &reader->sources[SOURCE_TOMBSTONES], sql, query, error))
        return NULL;
    }
  return g_steal_pointer (&reader);
}

gboolean
mc_change_reader_has_more (McChangeReader *reader)
{
  if (reader->calendar_pending)
    return TRUE;
  for (guint i = 0; i < N_SOURCES; i++)
    if (reader->sources[i].has_row)
      return TRUE;
  return FALSE;
}

/* Appends the documents of `cursor`'s rows at `seq` to reader->scratch,
 * comma-separated, skipping rows of dossiers left behind. */
static gboolean
collect_joined (McChangeReader *reader,
                Cursor         *cursor,
                gint64          seq,
                GString        *out,
                GError        **error)
{
  gboolean first = TRUE;

  while (cursor->has_row && cursor_seq (cursor) < seq)
    if (!cursor_step (reader, cursor, error))
      return FALSE;
  while (cursor->has_row && cursor_seq (cursor) == seq)
    {
      const char *doc = (const char *) sqlite3_column_text (cursor->stmt, 1);
      int len = sqlite3_column_bytes (cursor->stmt, 1);

      if (!first)
        g_string_append_c (out, ',');
      g_string_append_len (out, doc ? doc : "null", doc ? len : 4);
      first = FALSE;
      if (!cursor_step (reader, cursor, error))
        return FALSE;
    }
  return TRUE;
}

/* A dossier's attachments, looked up by its id. Not a cursor joined to
 * the dossiers' like the events: most dossiers have none, and such a
 * cursor's first step walked every dossier after the page's cursor to
 * find the next one that had any, on every page (a first sync of a
 * million dossiers without attachments: half a million index probes per
 * page). */
static gboolean
collect_attachments (McChangeReader *reader,
                     const char     *dossier_id,
                     GString        *out,
                     GError        **error)
{
  sqlite3_stmt *stmt = _mc_store_prepare (reader->store, "SELECT doc FROM attachments WHERE dossier_id = ?1 "
                                                         "ORDER BY created_at, id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  _mc_store_bind_text (stmt, 1, dossier_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (out->len > 0)
        g_string_append_c (out, ',');
      g_string_append_len (out, (const char *) sqlite3_column_text (stmt, 0), sqlite3_column_bytes (stmt, 0));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _mc_store_fail (reader->store, rc, error, "change feed");
  return TRUE;
}

static gboolean
user_document (McChangeReader *reader,
               sqlite3_stmt   *stmt,
               GError        **error)
{
  g_autoptr(McUser) user = mc_user_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  const char *role_text = (const char *) sqlite3_column_text (stmt, 4);
  McRole role;
  gsize len = 0;

  if (role_text == NULL || !mc_role_from_string (role_text, &role))
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID, "stored user %s: unknown role “%s”",
                   (const char *) sqlite3_column_text (stmt, 1), role_text ? role_text : "");
      return FALSE;
    }
  mc_user_set_id (user, (const char *) sqlite3_column_text (stmt, 1));
  mc_user_set_username (user, (const char *) sqlite3_column_text (stmt, 2));
  mc_user_set_full_name (user, (const char *) sqlite3_column_text (stmt, 3));
  mc_user_set_role (user, role);
  mc_user_set_department_id (user, (const char *) sqlite3_column_text (stmt, 5));
  mc_user_set_disabled (user, sqlite3_column_int (stmt, 6) != 0);
  node = mc_user_to_json (user);
  text = mc_json_to_data (node, &len);
  g_string_truncate (reader->doc, 0);
  g_string_append_len (reader->doc, text, len);
  return TRUE;
}

gboolean
mc_change_reader_next (McChangeReader *reader,
                       McChange       *change,
                       GError        **error)
{
  Cursor *cursor = NULL;
  sqlite3_stmt *stmt;
  guint source = 0;
  gint64 seq = G_MAXINT64;

  for (guint i = 0; i < N_SOURCES; i++)
    {
      Cursor *c = &reader->sources[i];

      if (c->has_row && cursor_seq (c) < seq)
        {
          seq = cursor_seq (c);
          cursor = c;
          source = i;
        }
    }

  /* The calendar has one number for all of it. */
  if (reader->calendar_pending && reader->calendar_seq <= seq)
    {
      reader->calendar_pending = FALSE;
      change->kind = MC_CHANGE_CALENDAR;
      change->seq = reader->calendar_seq;
      change->id = NULL;
      change->doc = NULL;
      change->doc_len = 0;
      return TRUE;
    }
  if (cursor == NULL)
    return FALSE;

  stmt = cursor->stmt;
  change->kind = source_kinds[source];
  change->seq = seq;
  g_string_assign (reader->id, (const char *) sqlite3_column_text (stmt, 1));
  change->id = reader->id->str;
  change->doc = NULL;
  change->doc_len = 0;

  switch (change->kind)
    {
    case MC_CHANGE_DOSSIER:
      {
        g_autoptr(GString) attachments = g_string_new (NULL);

        g_string_truncate (reader->scratch, 0);
        if (!collect_joined (reader, &reader->events, seq, reader->scratch, error) ||
            !collect_attachments (reader, change->id, attachments, error))
          return FALSE;
        _mc_store_splice_dossier (reader->doc, (const char *) sqlite3_column_text (stmt, 2),
                        (gsize) sqlite3_column_bytes (stmt, 2),
                        reader->scratch->str, reader->scratch->len,
                        attachments->str, attachments->len);
        change->doc = reader->doc->str;
        change->doc_len = reader->doc->len;
      }
      break;
    case MC_CHANGE_DEPARTMENT:
    case MC_CHANGE_PROCEDURE:
      g_string_truncate (reader->doc, 0);
      g_string_append_len (reader->doc, (const char *) sqlite3_column_text (stmt, 2),
                           sqlite3_column_bytes (stmt, 2));
      change->doc = reader->doc->str;
      change->doc_len = reader->doc->len;
      break;
    case MC_CHANGE_USER:
      if (!user_document (reader, stmt, error))
        return FALSE;
      change->doc = reader->doc->str;
      change->doc_len = reader->doc->len;
      break;
    case MC_CHANGE_TOMBSTONE:
    case MC_CHANGE_CALENDAR:
    default:
      break;
    }

  return cursor_step (reader, cursor, error);
}

static gint64
read_int (McStore    *store,
          const char *sql,
          GError    **error)
{
  sqlite3_stmt *stmt = _mc_store_prepare (store, sql, error);
  gint64 value = 0;
  int rc;

  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _mc_store_fail (store, rc, error, sql);
      return -1;
    }
  return value;
}

gint64
mc_store_get_horizon (McStore *store,
                      GError **error)
{
  return read_int (store, "SELECT value FROM sequence WHERE name = 'horizon'", error);
}

gint64
mc_store_get_calendar_seq (McStore *store,
                           GError **error)
{
  return read_int (store, "SELECT CAST (value AS INTEGER) FROM settings WHERE key = 'calendar_seq'", error);
}

gboolean
mc_store_prune_moves (McStore *store,
                      gint64   before_seq,
                      GError **error)
{
  sqlite3_stmt *stmt;
  gint64 current = mc_store_current_seq (store, error);
  int rc;

  g_return_val_if_fail (!sqlite3_get_autocommit (_mc_store_db (store)), FALSE);

  if (current < 0)
    return FALSE;
  /* Nothing after the present can be forgotten. */
  before_seq = CLAMP (before_seq, 0, current + 1);

  stmt = _mc_store_prepare (store, "DELETE FROM moves WHERE seq < ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, before_seq);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _mc_store_fail (store, rc, error, "prune moves");

  stmt = _mc_store_prepare (store,
    "UPDATE sequence SET value = max (value, ?1) WHERE name = 'horizon'", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, before_seq);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE ? TRUE : _mc_store_fail (store, rc, error, "raise horizon");
}
