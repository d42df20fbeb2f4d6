/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "mc-fold.h"
#include "mc-json.h"
#include "mc-server-db.h"
#include "mc-store-private.h"
#include "mc-time.h"

G_DEFINE_QUARK (mc-store-error-quark, mc_store_error)

struct _McStore
{
  McServerDb *db;
  char       *path;
  char       *files_dir;
  GHashTable *statements;      /* SQL text → sqlite3_stmt, owned */
  McCalendar *calendar;        /* owned, nullable: loaded on first use */
  gint64      calendar_seq;    /* the calendar_seq it was loaded at */
};

sqlite3 *
_mc_store_db (McStore *store)
{
  return mc_server_db_get_handle (store->db);
}

gboolean
_mc_store_fail (McStore     *store,
                int          rc,
                GError     **error,
                const char  *what)
{
  int primary = rc & 0xff;
  McStoreError code = MC_STORE_ERROR_FAILED;

  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    code = MC_STORE_ERROR_BUSY;
  else if (primary == SQLITE_CONSTRAINT)
    code = MC_STORE_ERROR_CONFLICT;
  g_set_error (error, MC_STORE_ERROR, code, "%s: %s", what, sqlite3_errmsg (_mc_store_db (store)));
  return FALSE;
}

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

sqlite3_stmt *
_mc_store_prepare (McStore    *store,
                   const char *sql,
                   GError    **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (store->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  rc = sqlite3_prepare_v3 (_mc_store_db (store), sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _mc_store_fail (store, rc, error, "prepare");
      return NULL;
    }
  /* Keys must outlive the cache; composed queries come in few shapes. */
  g_hash_table_insert (store->statements, (gpointer) g_intern_string (sql), stmt);
  return stmt;
}

void
_mc_store_bind_text (sqlite3_stmt *stmt,
                     int           index,
                     const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

void
_mc_store_bind_time (sqlite3_stmt *stmt,
                     int           index,
                     gint64        t)
{
  if (t == MC_TIME_NONE)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, t);
}

char *
_mc_store_node_to_text (JsonNode *node)
{
  return mc_json_to_data (node, NULL);
}

JsonNode *
_mc_store_text_to_node (const char *text,
                        GError    **error)
{
  JsonNode *node = mc_json_parse (text, -1, MC_JSON_MAX_BYTES, MC_JSON_MAX_DEPTH, error);

  if (node == NULL)
    g_prefix_error (error, "stored document: ");
  return node;
}

GPtrArray *
_mc_store_collect (McStore          *store,
                   sqlite3_stmt     *stmt,
                   McStoreDecodeFunc decode,
                   const char       *what,
                   GError          **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonNode) node = _mc_store_text_to_node ((const char *) sqlite3_column_text (stmt, 0), error);
      gpointer object = node ? decode (node, error) : NULL;

      if (object == NULL)
        {
          sqlite3_reset (stmt);
          return NULL;
        }
      g_ptr_array_add (list, object);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _mc_store_fail (store, rc, error, what);
      return NULL;
    }
  return g_steal_pointer (&list);
}

McStore *
mc_store_open (const char  *db_path,
               const char  *files_dir,
               gboolean     create,
               GError     **error)
{
  g_autoptr(McStore) store = g_new0 (McStore, 1);

  g_return_val_if_fail (db_path != NULL, NULL);

  store->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_statement);
  store->path = g_strdup (db_path);
  store->files_dir = files_dir ? g_strdup (files_dir) : g_strconcat (db_path, ".files", NULL);
  store->calendar_seq = -1;
  store->db = mc_server_db_open (db_path, create, error);
  if (store->db == NULL)
    return NULL;
  return g_steal_pointer (&store);
}

void
mc_store_free (McStore *store)
{
  if (store == NULL)
    return;
  /* Statements first: the connection will not close with them open. */
  g_clear_pointer (&store->statements, g_hash_table_unref);
  g_clear_pointer (&store->db, mc_server_db_close);
  g_clear_object (&store->calendar);
  g_free (store->path);
  g_free (store->files_dir);
  g_free (store);
}

const char *
mc_store_get_path (McStore *store)
{
  return store->path;
}

const char *
mc_store_get_files_dir (McStore *store)
{
  return store->files_dir;
}

static gboolean
exec_simple (McStore    *store,
             const char *sql,
             GError    **error)
{
  sqlite3_stmt *stmt = _mc_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return _mc_store_fail (store, rc, error, sql);
  return TRUE;
}

gboolean
mc_store_begin (McStore *store,
                GError **error)
{
  /* IMMEDIATE: take the write lock now, so two writers queue on the busy
   * timeout instead of failing at their first write. */
  return exec_simple (store, "BEGIN IMMEDIATE", error);
}

gboolean
mc_store_begin_read (McStore *store,
                     GError **error)
{
  return exec_simple (store, "BEGIN DEFERRED", error);
}

gboolean
mc_store_savepoint (McStore *store,
                    GError **error)
{
  return exec_simple (store, "SAVEPOINT handler", error);
}

void
mc_store_rollback_to_savepoint (McStore *store)
{
  exec_simple (store, "ROLLBACK TO handler", NULL);
}

gboolean
mc_store_release_savepoint (McStore *store,
                            GError **error)
{
  return exec_simple (store, "RELEASE handler", error);
}

gboolean
mc_store_commit (McStore *store,
                 GError **error)
{
  return exec_simple (store, "COMMIT", error);
}

void
mc_store_rollback (McStore *store)
{
  if (!sqlite3_get_autocommit (_mc_store_db (store)))
    exec_simple (store, "ROLLBACK", NULL);
}

gint64
mc_store_next_seq (McStore *store,
                   GError **error)
{
  sqlite3_stmt *stmt = _mc_store_prepare (store,
    "UPDATE sequence SET value = value + 1 WHERE name = 'changes' RETURNING value", error);
  gint64 seq;
  int rc;

  g_assert (!sqlite3_get_autocommit (_mc_store_db (store)));
  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _mc_store_fail (store, rc, error, "next seq");
      return -1;
    }
  seq = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return seq;
}

gint64
mc_store_current_seq (McStore *store,
                      GError **error)
{
  sqlite3_stmt *stmt = _mc_store_prepare (store, "SELECT value FROM sequence WHERE name = 'changes'", error);
  gint64 seq;
  int rc;

  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _mc_store_fail (store, rc, error, "current seq");
      return -1;
    }
  seq = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return seq;
}

gboolean
mc_store_audit (McStore    *store,
                const char *actor_id,
                const char *action,
                const char *target,
                const char *detail,
                GError    **error)
{
  sqlite3_stmt *stmt = _mc_store_prepare (store,
    "INSERT INTO audit (at, actor_id, action, target, detail) VALUES (?1, ?2, ?3, ?4, ?5)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, mc_time_now ());
  _mc_store_bind_text (stmt, 2, actor_id);
  _mc_store_bind_text (stmt, 3, action);
  _mc_store_bind_text (stmt, 4, target);
  _mc_store_bind_text (stmt, 5, detail);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE ? TRUE : _mc_store_fail (store, rc, error, "audit");
}

gboolean
mc_store_get_setting (McStore    *store,
                      const char *key,
                      char      **value,
                      GError    **error)
{
  g_autoptr(GError) local_error = NULL;

  *value = mc_server_db_get_setting (store->db, key, &local_error);
  if (local_error != NULL)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_FAILED, local_error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
mc_store_set_setting (McStore    *store,
                      const char *key,
                      const char *value,
                      GError    **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!mc_server_db_set_setting (store->db, key, value, &local_error))
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_FAILED, local_error->message);
      return FALSE;
    }
  return TRUE;
}

McCalendar *
mc_store_get_calendar (McStore *store,
                       GError **error)
{
  g_autofree char *seq_text = NULL;
  gint64 seq;

  /* Another process (the holidays subcommand) may have changed it. */
  if (!mc_store_get_setting (store, "calendar_seq", &seq_text, error))
    return NULL;
  seq = seq_text ? g_ascii_strtoll (seq_text, NULL, 10) : 0;
  if (store->calendar == NULL || seq != store->calendar_seq)
    {
      g_autoptr(McCalendar) calendar = mc_calendar_new ();
      g_autoptr(GError) local_error = NULL;

      if (!mc_server_db_load_calendar (store->db, calendar, &local_error))
        {
          g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_FAILED, local_error->message);
          return NULL;
        }
      g_set_object (&store->calendar, calendar);
      store->calendar_seq = seq;
    }
  return store->calendar;
}

/* Departments */

static gboolean
step_done (McStore      *store,
           sqlite3_stmt *stmt,
           GError      **error,
           const char   *what)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  return rc == SQLITE_DONE ? TRUE : _mc_store_fail (store, rc, error, what);
}

gboolean
mc_store_put_department (McStore      *store,
                         McDepartment *department,
                         gboolean      one_stop,
                         GError      **error)
{
  g_autoptr(JsonNode) node = mc_department_to_json (department);
  g_autofree char *doc = _mc_store_node_to_text (node);
  sqlite3_stmt *stmt;
  gint64 seq = mc_store_next_seq (store, error);

  if (seq < 0)
    return FALSE;
  stmt = _mc_store_prepare (store,
    "INSERT INTO departments (id, code, agency_id, name, level, parent_id, one_stop, doc, seq) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (id) DO UPDATE SET "
    "code = excluded.code, agency_id = excluded.agency_id, name = excluded.name, "
    "level = excluded.level, parent_id = excluded.parent_id, one_stop = excluded.one_stop, "
    "doc = excluded.doc, seq = excluded.seq", error);
  if (stmt == NULL)
    return FALSE;
  _mc_store_bind_text (stmt, 1, mc_department_get_id (department));
  _mc_store_bind_text (stmt, 2, mc_department_get_code (department));
  _mc_store_bind_text (stmt, 3, mc_department_get_agency_id (department));
  _mc_store_bind_text (stmt, 4, mc_department_get_name (department));
  _mc_store_bind_text (stmt, 5, mc_department_level_to_string (mc_department_get_level (department)));
  _mc_store_bind_text (stmt, 6, mc_department_get_parent_id (department));
  sqlite3_bind_int (stmt, 7, one_stop ? 1 : 0);
  _mc_store_bind_text (stmt, 8, doc);
  sqlite3_bind_int64 (stmt, 9, seq);
  return step_done (store, stmt, error, "put department");
}

static McDepartment *
department_from_row (McStore      *store,
                     sqlite3_stmt *stmt,
                     int           column,
                     GError      **error)
{
  g_autoptr(JsonNode) node = _mc_store_text_to_node ((const char *) sqlite3_column_text (stmt, column), error);

  return node ? mc_department_new_from_json (node, error) : NULL;
}

static McDepartment *
get_department_where (McStore    *store,
                      const char *sql,
                      const char *value,
                      GError    **error)
{
  sqlite3_stmt *stmt = _mc_store_prepare (store, sql, error);
  McDepartment *department = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  _mc_store_bind_text (stmt, 1, value);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    department = department_from_row (store, stmt, 0, error);
  else if (rc == SQLITE_DONE)
    g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND, _("No department “%s”"), value);
  else
    _mc_store_fail (store, rc, error, "get department");
  sqlite3_reset (stmt);
  return department;
}

McDepartment *
mc_store_get_department (McStore    *store,
                         const char *id,
                         GError    **error)
{
  return get_department_where (store, "SELECT doc FROM departments WHERE id = ?1", id, error);
}

McDepartment *
mc_store_get_department_by_code (McStore    *store,
                                 const char *code,
                                 GError    **error)
{
  return get_department_where (store, "SELECT doc FROM departments WHERE code = ?1", code, error);
}

gboolean
mc_store_department_is_one_stop (McStore    *store,
                                 const char *id)
{
  sqlite3_stmt *stmt = _mc_store_prepare (store, "SELECT one_stop FROM departments WHERE id = ?1", NULL);
  gboolean one_stop = FALSE;

  if (stmt == NULL)
    return FALSE;
  _mc_store_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    one_stop = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  return one_stop;
}

GPtrArray *
mc_store_list_departments (McStore *store,
                           GError **error)
{
  sqlite3_stmt *stmt = _mc_store_prepare (store, "SELECT doc FROM departments ORDER BY code", error);

  return stmt ? _mc_store_collect (store, stmt, (McStoreDecodeFunc) mc_department_new_from_json,
                                   "list departments", error) : NULL;
}

/* Procedures */

gboolean
mc_store_put_procedure (McStore     *store,
                        McProcedure *procedure,
                        GError     **error)
{
  g_autoptr(JsonNode) node = mc_procedure_to_json (procedure);
  g_autofree char *doc = _mc_store_node_to_text (node);
  sqlite3_stmt *stmt;
  gint64 seq = mc_store_next_seq (store, error);

  if (seq < 0)
    return FALSE;
  stmt = _mc_store_prepare (store,
    "INSERT INTO procedures (id, code, name, department_id, version, doc, seq) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO UPDATE SET "
    "code = excluded.code, name = excluded.name, department_id = excluded.department_id, "
    "version = excluded.version, doc = excluded.doc, seq = excluded.seq", error);
  if (stmt == NULL)
    return FALSE;
  _mc_store_bind_text (stmt, 1, mc_procedure_get_id (procedure));
  _mc_store_bind_text (stmt, 2, mc_procedure_get_code (procedure));
  _mc_store_bind_text (stmt, 3, mc_procedure_get_name (procedure));
  _mc_store_bind_text (stmt, 4, mc_procedure_get_department_id (procedure));
  sqlite3_bind_int (stmt, 5, mc_procedure_get_version (procedure));
  _mc_store_bind_text (stmt, 6, doc);
  sqlite3_bind_int64 (stmt, 7, seq);
  return step_done (store, stmt, error, "put procedure");
}

McProcedure *
mc_store_get_procedure (McStore    *store,
                        const char *id,
                        GError    **error)
{
  sqlite3_stmt *stmt = _mc_store_prepare (store, "SELECT doc FROM procedures WHERE id = ?1", error);
  McProcedure *procedure = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  _mc_store_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_autoptr(JsonNode) node = _mc_store_text_to_node ((const char *) sqlite3_column_text (stmt, 0), error);
      if (node != NULL)
        procedure = mc_procedure_new_from_json (node, error);
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND, _("No procedure “%s”"), id);
  else
    _mc_store_fail (store, rc, error, "get procedure");
  sqlite3_reset (stmt);
  return procedure;
}

GPtrArray *
mc_store_list_procedures (McStore *store,
                          GError **error)
{
  sqlite3_stmt *stmt = _mc_store_prepare (store, "SELECT doc FROM procedures ORDER BY code, id", error);

  return stmt ? _mc_store_collect (store, stmt, (McStoreDecodeFunc) mc_procedure_new_from_json,
                                   "list procedures", error) : NULL;
}

/* Idempotency */

gboolean
mc_store_get_idempotent (McStore    *store,
                         const char *user_id,
                         const char *key,
                         char      **request_hash,
                         guint      *status,
                         char      **body,
                         GError    **error)
{
  sqlite3_stmt *stmt = _mc_store_prepare (store,
    "SELECT request_hash, status, body FROM idempotency WHERE user_id = ?1 AND key = ?2", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  _mc_store_bind_text (stmt, 1, user_id);
  _mc_store_bind_text (stmt, 2, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *request_hash = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      *status = (guint) sqlite3_column_int (stmt, 1);
      *body = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND, "no such key");
      return FALSE;
    }
  return rc == SQLITE_ROW ? TRUE : _mc_store_fail (store, rc, error, "idempotency");
}

gboolean
mc_store_put_idempotent (McStore    *store,
                         const char *user_id,
                         const char *key,
                         const char *request_hash,
                         guint       status,
                         const char *body,
                         gint64      now,
                         GError    **error)
{
  sqlite3_stmt *stmt = _mc_store_prepare (store,
    "INSERT INTO idempotency (user_id, key, request_hash, status, body, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);

  if (stmt == NULL)
    return FALSE;
  _mc_store_bind_text (stmt, 1, user_id);
  _mc_store_bind_text (stmt, 2, key);
  _mc_store_bind_text (stmt, 3, request_hash);
  sqlite3_bind_int (stmt, 4, (int) status);
  _mc_store_bind_text (stmt, 5, body);
  sqlite3_bind_int64 (stmt, 6, now);
  return step_done (store, stmt, error, "idempotency");
}

gboolean
mc_store_prune_idempotent (McStore *store,
                           gint64   before,
                           GError **error)
{
  sqlite3_stmt *stmt = _mc_store_prepare (store, "DELETE FROM idempotency WHERE created_at < ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, before);
  return step_done (store, stmt, error, "prune idempotency");
}
