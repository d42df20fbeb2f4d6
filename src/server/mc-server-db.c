/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#include "mc-server-db.h"

G_DEFINE_QUARK (mc-server-db-error-quark, mc_server_db_error)

struct _McServerDb
{
  sqlite3 *handle;
  char    *path;
};

/* Each migration takes the schema from version i to i + 1, in one
 * transaction with the PRAGMA user_version that records it. */
static const char *const migrations[] = {
  /* 1: settings and the working calendar's exceptions */
  "CREATE TABLE settings ("
  "  key TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT NOT NULL"
  ");"
  "CREATE TABLE calendar_exceptions ("
  "  date TEXT PRIMARY KEY NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),"
  "  kind TEXT NOT NULL CHECK (kind IN ('off', 'work')),"
  "  name TEXT NOT NULL DEFAULT ''"
  ");",

  /* 2: the organisation, accounts, dossiers and the change feed. Every row
   * the clients cache carries the change sequence number (seq) of its last
   * change; the feed is "rows with seq > cursor". Wire documents (doc) are
   * kept as core encodes them, beside the columns that queries need. */
  "ALTER TABLE calendar_exceptions ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;"
  "CREATE TABLE sequence ("
  "  name TEXT PRIMARY KEY NOT NULL,"
  "  value INTEGER NOT NULL"
  ");"
  "INSERT INTO sequence (name, value) VALUES ('changes', 0), ('horizon', 0);"
  "CREATE TABLE departments ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  code TEXT NOT NULL UNIQUE,"
  "  agency_id TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  level TEXT NOT NULL,"
  "  parent_id TEXT REFERENCES departments (id),"
  "  one_stop INTEGER NOT NULL DEFAULT 0,"
  "  doc TEXT NOT NULL,"
  "  seq INTEGER NOT NULL"
  ");"
  "CREATE TABLE procedures ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  code TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  department_id TEXT NOT NULL REFERENCES departments (id),"
  "  version INTEGER NOT NULL,"
  "  doc TEXT NOT NULL,"
  "  seq INTEGER NOT NULL"
  ");"
  "CREATE INDEX procedures_code ON procedures (code);"
  "CREATE TABLE users ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  username TEXT NOT NULL UNIQUE COLLATE NOCASE,"
  "  full_name TEXT NOT NULL,"
  "  role TEXT NOT NULL CHECK (role IN ('reception', 'specialist', 'leader', 'supervisor', 'admin')),"
  "  department_id TEXT REFERENCES departments (id),"
  "  password_hash TEXT NOT NULL,"
  "  disabled INTEGER NOT NULL DEFAULT 0,"
  "  failed_logins INTEGER NOT NULL DEFAULT 0,"
  "  last_failed_at INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  seq INTEGER NOT NULL"
  ");"
  "CREATE TABLE sessions ("
  "  token_hash TEXT PRIMARY KEY NOT NULL,"
  "  user_id TEXT NOT NULL REFERENCES users (id),"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX sessions_user ON sessions (user_id);"
  "CREATE TABLE dossiers ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  code TEXT NOT NULL UNIQUE,"
  "  procedure_id TEXT NOT NULL REFERENCES procedures (id),"
  "  status INTEGER NOT NULL,"
  "  substate INTEGER NOT NULL DEFAULT 0,"
  "  department_id TEXT NOT NULL,"
  "  receiving_department_id TEXT NOT NULL,"
  "  assignee_id TEXT,"
  "  received_at INTEGER NOT NULL,"
  "  due_at INTEGER,"
  "  completed_at INTEGER,"
  "  timeliness INTEGER NOT NULL DEFAULT 0,"
  "  search TEXT NOT NULL DEFAULT '',"
  "  version INTEGER NOT NULL,"
  "  seq INTEGER NOT NULL,"
  "  doc TEXT NOT NULL"
  ");"
  "CREATE INDEX dossiers_seq ON dossiers (seq);"
  "CREATE INDEX dossiers_department ON dossiers (department_id, received_at, id);"
  "CREATE INDEX dossiers_receiving ON dossiers (receiving_department_id, received_at, id);"
  "CREATE INDEX dossiers_assignee ON dossiers (assignee_id, received_at, id);"
  "CREATE INDEX dossiers_status ON dossiers (status, received_at, id);"
  "CREATE INDEX dossiers_received ON dossiers (received_at, id);"
  /* Who has handled a dossier: they keep seeing it after it moves on. */
  "CREATE TABLE dossier_handlers ("
  "  user_id TEXT NOT NULL,"
  "  dossier_id TEXT NOT NULL,"
  "  PRIMARY KEY (user_id, dossier_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE events ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  dossier_id TEXT NOT NULL REFERENCES dossiers (id),"
  "  ord INTEGER NOT NULL,"
  "  at INTEGER NOT NULL,"
  "  doc TEXT NOT NULL"
  ");"
  "CREATE UNIQUE INDEX events_dossier ON events (dossier_id, ord);"
  "CREATE TABLE attachments ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  dossier_id TEXT NOT NULL REFERENCES dossiers (id),"
  "  sha256 TEXT NOT NULL,"
  "  size INTEGER NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  doc TEXT NOT NULL"
  ");"
  "CREATE INDEX attachments_dossier ON attachments (dossier_id);"
  /* The daily counter of dossier codes per receiving agency. */
  "CREATE TABLE code_counters ("
  "  agency_id TEXT NOT NULL,"
  "  day TEXT NOT NULL,"
  "  last INTEGER NOT NULL,"
  "  PRIMARY KEY (agency_id, day)"
  ") WITHOUT ROWID;"
  "CREATE TABLE idempotency ("
  "  user_id TEXT NOT NULL,"
  "  key TEXT NOT NULL,"
  "  request_hash TEXT NOT NULL,"
  "  status INTEGER NOT NULL,"
  "  body TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  PRIMARY KEY (user_id, key)"
  ") WITHOUT ROWID;"
  /* Where a dossier was before a change that may hide it from someone:
   * the change feed sends those people a tombstone. */
  "CREATE TABLE moves ("
  "  seq INTEGER NOT NULL,"
  "  dossier_id TEXT NOT NULL,"
  "  old_department_id TEXT,"
  "  old_receiving_department_id TEXT,"
  "  old_assignee_id TEXT"
  ");"
  "CREATE INDEX moves_seq ON moves (seq);"
  "CREATE TABLE audit ("
  "  id INTEGER PRIMARY KEY,"
  "  at INTEGER NOT NULL,"
  "  actor_id TEXT,"
  "  action TEXT NOT NULL,"
  "  target TEXT,"
  "  detail TEXT"
  ");",

  /* 3: the required component a file satisfies (its index in the
   * procedure's components; NULL: another document), beside its document
   * so that which components of a dossier have a file is one indexed
   * query. Files stored before were sent without one: they stay NULL. */
  "ALTER TABLE attachments ADD COLUMN component INTEGER CHECK (component IS NULL OR component >= 0);"
  "DROP INDEX attachments_dossier;"
  "CREATE INDEX attachments_dossier ON attachments (dossier_id, component);",
};

static gboolean
db_fail (McServerDb  *db,
         int          code,
         GError     **error,
         const char  *what)
{
  g_set_error (error, MC_SERVER_DB_ERROR, code,
               _("Database %s: %s: %s"), db->path, what,
               db->handle ? sqlite3_errmsg (db->handle) : "");
  return FALSE;
}

static gboolean
exec (McServerDb  *db,
      const char  *sql,
      GError     **error)
{
  char *msg = NULL;

  if (sqlite3_exec (db->handle, sql, NULL, NULL, &msg) != SQLITE_OK)
    {
      g_set_error (error, MC_SERVER_DB_ERROR, MC_SERVER_DB_ERROR_QUERY,
                   _("Database %s: %s"), db->path, msg ? msg : "");
      sqlite3_free (msg);
      return FALSE;
    }
  return TRUE;
}

int
mc_server_db_get_schema_version (McServerDb *db)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (db->handle, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

static gboolean
migrate (McServerDb  *db,
         GError     **error)
{
  int version = mc_server_db_get_schema_version (db);

  if (version < 0)
    return db_fail (db, MC_SERVER_DB_ERROR_SCHEMA, error, _("cannot read the schema version"));
  if (version > (int) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, MC_SERVER_DB_ERROR, MC_SERVER_DB_ERROR_SCHEMA,
                   _("Database %s was made by a newer motcua-server (schema %d, this one knows %d)"),
                   db->path, version, (int) G_N_ELEMENTS (migrations));
      return FALSE;
    }
  for (int i = version; i < (int) G_N_ELEMENTS (migrations); i++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d;", i + 1);

      if (!exec (db, "BEGIN IMMEDIATE;", error))
        return FALSE;
      if (!exec (db, migrations[i], error) || !exec (db, bump, error))
        {
          exec (db, "ROLLBACK;", NULL);
          g_prefix_error (error, _("Upgrading the schema to version %d: "), i + 1);
          return FALSE;
        }
      if (!exec (db, "COMMIT;", error))
        return FALSE;
    }
  return TRUE;
}

McServerDb *
mc_server_db_open (const char  *path,
                   gboolean     create,
                   GError     **error)
{
  g_autofree McServerDb *db = g_new0 (McServerDb, 1);
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);

  g_return_val_if_fail (path != NULL, NULL);

  db->path = g_strdup (path);
  if (!create && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, MC_SERVER_DB_ERROR, MC_SERVER_DB_ERROR_OPEN,
                   _("Database %s does not exist"), path);
      g_free (db->path);
      return NULL;
    }
  if (sqlite3_open_v2 (path, &db->handle, flags, NULL) != SQLITE_OK)
    {
      db_fail (db, MC_SERVER_DB_ERROR_OPEN, error, _("cannot open"));
      sqlite3_close (db->handle);
      g_free (db->path);
      return NULL;
    }
  sqlite3_busy_timeout (db->handle, 5000);
  sqlite3_extended_result_codes (db->handle, 1);
  /* The database holds personal data: nobody else may read it. */
  g_chmod (path, 0600);

  if (!exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
                 "PRAGMA foreign_keys = ON;", error) ||
      !migrate (db, error))
    {
      mc_server_db_close (g_steal_pointer (&db));
      return NULL;
    }
  return g_steal_pointer (&db);
}

void
mc_server_db_close (McServerDb *db)
{
  if (db == NULL)
    return;
  sqlite3_close (db->handle);
  g_free (db->path);
  g_free (db);
}

sqlite3 *
mc_server_db_get_handle (McServerDb *db)
{
  return db->handle;
}

/* A change to the calendar takes a change number, so that clients fetch
 * the calendar again through the change feed. */
static gboolean
bump_calendar_seq (McServerDb  *db,
                   GError     **error)
{
  return exec (db,
               "INSERT INTO settings (key, value) SELECT 'calendar_seq', value + 1 "
               "  FROM sequence WHERE name = 'changes' "
               "  ON CONFLICT (key) DO UPDATE SET value = excluded.value;"
               "UPDATE sequence SET value = value + 1 WHERE name = 'changes';",
               error);
}

gboolean
mc_server_db_put_exception (McServerDb      *db,
                            int              year,
                            int              month,
                            int              day,
                            McExceptionKind  kind,
                            const char      *name,
                            GError         **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *date = g_strdup_printf ("%04d-%02d-%02d", year, month, day);
  gboolean ok;

  if (sqlite3_prepare_v2 (db->handle,
                          "INSERT INTO calendar_exceptions (date, kind, name) VALUES (?1, ?2, ?3) "
                          "ON CONFLICT (date) DO UPDATE SET kind = excluded.kind, name = excluded.name",
                          -1, &stmt, NULL) != SQLITE_OK)
    return db_fail (db, MC_SERVER_DB_ERROR_QUERY, error, _("cannot save the exception"));
  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, kind == MC_EXCEPTION_OFF ? "off" : "work", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, name ? name : "", -1, SQLITE_TRANSIENT);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  sqlite3_finalize (stmt);
  if (!ok)
    return db_fail (db, MC_SERVER_DB_ERROR_QUERY, error, _("cannot save the exception"));
  return bump_calendar_seq (db, error);
}

gboolean
mc_server_db_delete_exception (McServerDb *db,
                               int         year,
                               int         month,
                               int         day,
                               GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *date = g_strdup_printf ("%04d-%02d-%02d", year, month, day);
  gboolean ok;

  if (sqlite3_prepare_v2 (db->handle, "DELETE FROM calendar_exceptions WHERE date = ?1",
                          -1, &stmt, NULL) != SQLITE_OK)
    return db_fail (db, MC_SERVER_DB_ERROR_QUERY, error, _("cannot remove the exception"));
  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_TRANSIENT);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  sqlite3_finalize (stmt);
  if (!ok)
    return db_fail (db, MC_SERVER_DB_ERROR_QUERY, error, _("cannot remove the exception"));
  if (sqlite3_changes (db->handle) == 0)
    {
      g_set_error (error, MC_SERVER_DB_ERROR, MC_SERVER_DB_ERROR_NOT_FOUND,
                   _("There is no exception on %02d/%02d/%04d"), day, month, year);
      return FALSE;
    }
  return bump_calendar_seq (db, error);
}

gboolean
mc_server_db_set_setting (McServerDb  *db,
                          const char  *key,
                          const char  *value,
                          GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  if (sqlite3_prepare_v2 (db->handle,
                          "INSERT INTO settings (key, value) VALUES (?1, ?2) "
                          "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                          -1, &stmt, NULL) != SQLITE_OK)
    return db_fail (db, MC_SERVER_DB_ERROR_QUERY, error, _("cannot save a setting"));
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  sqlite3_finalize (stmt);
  return ok ? TRUE : db_fail (db, MC_SERVER_DB_ERROR_QUERY, error, _("cannot save a setting"));
}

char *
mc_server_db_get_setting (McServerDb  *db,
                          const char  *key,
                          GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db->handle, "SELECT value FROM settings WHERE key = ?1",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      db_fail (db, MC_SERVER_DB_ERROR_QUERY, error, _("cannot read a setting"));
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    db_fail (db, MC_SERVER_DB_ERROR_QUERY, error, _("cannot read a setting"));
  sqlite3_finalize (stmt);
  return value;
}

gboolean
mc_server_db_load_calendar (McServerDb  *db,
                            McCalendar  *calendar,
                            GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *hours_text = NULL;
  g_autofree char *culture = NULL;
  int rc;

  hours_text = mc_server_db_get_setting (db, "office_hours", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (hours_text != NULL)
    {
      McOfficeHours hours;

      if (!mc_office_hours_parse (hours_text, &hours, error) ||
          !mc_calendar_set_office_hours (calendar, &hours, error))
        {
          g_prefix_error (error, _("Setting office_hours: "));
          return FALSE;
        }
    }
  culture = mc_server_db_get_setting (db, "culture_day_from", NULL);
  if (culture != NULL)
    mc_calendar_set_culture_day_from (calendar, atoi (culture));

  if (sqlite3_prepare_v2 (db->handle, "SELECT date, kind, name FROM calendar_exceptions",
                          -1, &stmt, NULL) != SQLITE_OK)
    return db_fail (db, MC_SERVER_DB_ERROR_QUERY, error, _("cannot read the calendar"));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *date = (const char *) sqlite3_column_text (stmt, 0);
      const char *kind = (const char *) sqlite3_column_text (stmt, 1);
      const char *name = (const char *) sqlite3_column_text (stmt, 2);
      int y, m, d;

      if (sscanf (date, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
          !mc_calendar_add_exception (calendar, y, m, d,
                                      g_str_equal (kind, "off") ? MC_EXCEPTION_OFF : MC_EXCEPTION_WORK,
                                      name, error))
        {
          sqlite3_finalize (stmt);
          g_prefix_error (error, _("Calendar exception %s: "), date);
          return FALSE;
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return db_fail (db, MC_SERVER_DB_ERROR_QUERY, error, _("cannot read the calendar"));
  return TRUE;
}
