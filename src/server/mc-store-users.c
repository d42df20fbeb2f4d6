/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-server-auth.h"
#include "mc-store-private.h"
#include "mc-store-users.h"
#include "mc-time.h"

/* Not a hash any password can produce (crypt refuses it as a setting): an
 * account created without a password cannot log in until it gets one. */
#define LOCKED_HASH "!"

#define USER_COLUMNS "u.id, u.username, u.full_name, u.role, u.department_id, u.disabled"
#define N_USER_COLUMNS 6

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

static McUser *
user_from_row (sqlite3_stmt *stmt,
               GError      **error)
{
  g_autoptr(McUser) user = mc_user_new ();
  const char *role_text = (const char *) sqlite3_column_text (stmt, 3);
  McRole role;

  if (role_text == NULL || !mc_role_from_string (role_text, &role))
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                   "stored user %s: unknown role “%s”",
                   (const char *) sqlite3_column_text (stmt, 0), role_text ? role_text : "");
      return NULL;
    }
  mc_user_set_id (user, (const char *) sqlite3_column_text (stmt, 0));
  mc_user_set_username (user, (const char *) sqlite3_column_text (stmt, 1));
  mc_user_set_full_name (user, (const char *) sqlite3_column_text (stmt, 2));
  mc_user_set_role (user, role);
  mc_user_set_department_id (user, (const char *) sqlite3_column_text (stmt, 4));
  mc_user_set_disabled (user, sqlite3_column_int (stmt, 5) != 0);
  return g_steal_pointer (&user);
}

gboolean
mc_store_put_user (McStore     *store,
                   McUser      *user,
                   const char  *password_hash,
                   GError     **error)
{
  g_autofree char *username = NULL;
  g_autofree char *new_id = NULL;
  const char *id;
  sqlite3_stmt *stmt;
  gint64 seq;
  int rc;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (MC_IS_USER (user), FALSE);

  username = mc_server_auth_normalize_username (mc_user_get_username (user), error);
  if (username == NULL)
    return FALSE;
  seq = mc_store_next_seq (store, error);
  if (seq < 0)
    return FALSE;
  stmt = _mc_store_prepare (store,
    "INSERT INTO users (id, username, full_name, role, department_id, password_hash, "
    "                   disabled, created_at, seq) "
    "VALUES (?1, ?2, ?3, ?4, ?5, coalesce (?6, '" LOCKED_HASH "'), ?7, ?8, ?9) "
    "ON CONFLICT (id) DO UPDATE SET "
    "username = excluded.username, full_name = excluded.full_name, role = excluded.role, "
    "department_id = excluded.department_id, "
    "password_hash = coalesce (?6, users.password_hash), "
    "disabled = excluded.disabled, seq = excluded.seq", error);
  if (stmt == NULL)
    return FALSE;

  id = mc_user_get_id (user);
  if (*id == '\0')
    id = new_id = g_uuid_string_random ();

  _mc_store_bind_text (stmt, 1, id);
  _mc_store_bind_text (stmt, 2, username);
  _mc_store_bind_text (stmt, 3, mc_user_get_full_name (user));
  _mc_store_bind_text (stmt, 4, mc_role_to_string (mc_user_get_role (user)));
  _mc_store_bind_text (stmt, 5, mc_user_get_department_id (user));
  _mc_store_bind_text (stmt, 6, password_hash);
  sqlite3_bind_int (stmt, 7, mc_user_get_disabled (user) ? 1 : 0);
  sqlite3_bind_int64 (stmt, 8, mc_time_now ());
  sqlite3_bind_int64 (stmt, 9, seq);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      /* The caller's object now says what is stored. */
      mc_user_set_id (user, id);
      mc_user_set_username (user, username);
      return TRUE;
    }

  /* The two mistakes an administrator can make deserve words of their own. */
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CONFLICT,
                   _("The username “%s” is already taken"), username);
      return FALSE;
    }
  if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND,
                   _("No department “%s”"), mc_user_get_department_id (user));
      return FALSE;
    }
  return _mc_store_fail (store, rc, error, "put user");
}

static McUser *
get_user_where (McStore    *store,
                const char *sql,
                const char *value,
                GError    **error)
{
  sqlite3_stmt *stmt = _mc_store_prepare (store, sql, error);
  McUser *user = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  _mc_store_bind_text (stmt, 1, value);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    user = user_from_row (stmt, error);
  else if (rc == SQLITE_DONE)
    g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND, _("No user account “%s”"), value);
  else
    _mc_store_fail (store, rc, error, "get user");
  sqlite3_reset (stmt);
  return user;
}

McUser *
mc_store_get_user (McStore     *store,
                   const char  *id,
                   GError     **error)
{
  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return get_user_where (store, "SELECT " USER_COLUMNS " FROM users u WHERE u.id = ?1", id, error);
}

McUser *
mc_store_get_user_by_username (McStore     *store,
                               const char  *username,
                               GError     **error)
{
  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (username != NULL, NULL);

  /* The column is COLLATE NOCASE, which the unique index shares. */
  return get_user_where (store, "SELECT " USER_COLUMNS " FROM users u WHERE u.username = ?1",
                         username, error);
}

GPtrArray *
mc_store_list_users (McStore     *store,
                     const char  *department_id,
                     GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (store != NULL, NULL);

  stmt = _mc_store_prepare (store,
    "SELECT " USER_COLUMNS " FROM users u "
    "WHERE ?1 IS NULL OR u.department_id = ?1 ORDER BY u.username", error);
  if (stmt == NULL)
    return NULL;
  _mc_store_bind_text (stmt, 1, department_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McUser *user = user_from_row (stmt, error);

      if (user == NULL)
        {
          sqlite3_reset (stmt);
          return NULL;
        }
      g_ptr_array_add (list, user);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _mc_store_fail (store, rc, error, "list users");
      return NULL;
    }
  return g_steal_pointer (&list);
}

static gboolean
no_such_user (const char  *user_id,
              GError     **error)
{
  g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND, _("No user account “%s”"), user_id);
  return FALSE;
}

gboolean
mc_store_get_password_hash (McStore     *store,
                            const char  *user_id,
                            char       **hash,
                            GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (user_id != NULL, FALSE);
  g_return_val_if_fail (hash != NULL, FALSE);

  stmt = _mc_store_prepare (store, "SELECT password_hash FROM users WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _mc_store_bind_text (stmt, 1, user_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *hash = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    return no_such_user (user_id, error);
  if (rc != SQLITE_ROW)
    return _mc_store_fail (store, rc, error, "get password hash");
  return TRUE;
}

static gboolean
step_one_row_changed (McStore      *store,
                      sqlite3_stmt *stmt,
                      const char   *user_id,
                      GError      **error,
                      const char   *what)
{
  if (!step_done (store, stmt, error, what))
    return FALSE;
  if (sqlite3_changes (_mc_store_db (store)) == 0)
    return no_such_user (user_id, error);
  return TRUE;
}

gboolean
mc_store_set_password_hash (McStore     *store,
                            const char  *user_id,
                            const char  *hash,
                            GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (user_id != NULL, FALSE);
  g_return_val_if_fail (hash != NULL, FALSE);

  stmt = _mc_store_prepare (store,
    "UPDATE users SET password_hash = ?2, failed_logins = 0, last_failed_at = 0 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _mc_store_bind_text (stmt, 1, user_id);
  _mc_store_bind_text (stmt, 2, hash);
  return step_one_row_changed (store, stmt, user_id, error, "set password hash");
}

gboolean
mc_store_get_login_failures (McStore     *store,
                             const char  *user_id,
                             int         *count,
                             gint64      *last_at,
                             GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (user_id != NULL, FALSE);

  stmt = _mc_store_prepare (store, "SELECT failed_logins, last_failed_at FROM users WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _mc_store_bind_text (stmt, 1, user_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (count != NULL)
        *count = sqlite3_column_int (stmt, 0);
      if (last_at != NULL)
        *last_at = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    return no_such_user (user_id, error);
  if (rc != SQLITE_ROW)
    return _mc_store_fail (store, rc, error, "get login failures");
  return TRUE;
}

gboolean
mc_store_add_login_failure (McStore     *store,
                            const char  *user_id,
                            gint64       now,
                            gint64       window,
                            int         *count,
                            GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (user_id != NULL, FALSE);

  /* One statement, so that two guesses at once both count. */
  stmt = _mc_store_prepare (store,
    "UPDATE users SET "
    "  failed_logins = CASE WHEN failed_logins > 0 AND ?2 - last_failed_at <= ?3 "
    "                       THEN failed_logins + 1 ELSE 1 END, "
    "  last_failed_at = ?2 "
    "WHERE id = ?1 RETURNING failed_logins", error);
  if (stmt == NULL)
    return FALSE;
  _mc_store_bind_text (stmt, 1, user_id);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, window);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (count != NULL)
        *count = sqlite3_column_int (stmt, 0);
      /* Run the statement to its end, which is when RETURNING has written. */
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      return rc == SQLITE_DONE ? TRUE : _mc_store_fail (store, rc, error, "add login failure");
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    return no_such_user (user_id, error);
  return _mc_store_fail (store, rc, error, "add login failure");
}

gboolean
mc_store_reset_login_failures (McStore     *store,
                               const char  *user_id,
                               GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (user_id != NULL, FALSE);

  stmt = _mc_store_prepare (store,
    "UPDATE users SET failed_logins = 0, last_failed_at = 0 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _mc_store_bind_text (stmt, 1, user_id);
  return step_one_row_changed (store, stmt, user_id, error, "reset login failures");
}

gboolean
mc_store_create_session (McStore     *store,
                         const char  *token_hash,
                         const char  *user_id,
                         gint64       created_at,
                         gint64       expires_at,
                         GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (token_hash != NULL, FALSE);
  g_return_val_if_fail (user_id != NULL, FALSE);

  stmt = _mc_store_prepare (store,
    "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    return FALSE;
  _mc_store_bind_text (stmt, 1, token_hash);
  _mc_store_bind_text (stmt, 2, user_id);
  sqlite3_bind_int64 (stmt, 3, created_at);
  sqlite3_bind_int64 (stmt, 4, expires_at);
  return step_done (store, stmt, error, "create session");
}

McUser *
mc_store_get_session_user (McStore     *store,
                           const char  *token_hash,
                           gint64      *expires_at,
                           GError     **error)
{
  sqlite3_stmt *stmt;
  McUser *user = NULL;
  int rc;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (token_hash != NULL, NULL);

  stmt = _mc_store_prepare (store,
    "SELECT " USER_COLUMNS ", s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id "
    "WHERE s.token_hash = ?1", error);
  if (stmt == NULL)
    return NULL;
  _mc_store_bind_text (stmt, 1, token_hash);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      user = user_from_row (stmt, error);
      if (user != NULL && expires_at != NULL)
        *expires_at = sqlite3_column_int64 (stmt, N_USER_COLUMNS);
    }
  else if (rc == SQLITE_DONE)
    g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND, _("No such session"));
  else
    _mc_store_fail (store, rc, error, "get session");
  sqlite3_reset (stmt);
  return user;
}

gboolean
mc_store_delete_session (McStore     *store,
                         const char  *token_hash,
                         GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (token_hash != NULL, FALSE);

  stmt = _mc_store_prepare (store, "DELETE FROM sessions WHERE token_hash = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _mc_store_bind_text (stmt, 1, token_hash);
  if (!step_done (store, stmt, error, "delete session"))
    return FALSE;
  if (sqlite3_changes (_mc_store_db (store)) == 0)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND, _("No such session"));
      return FALSE;
    }
  return TRUE;
}

gboolean
mc_store_delete_user_sessions (McStore     *store,
                               const char  *user_id,
                               GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (user_id != NULL, FALSE);

  stmt = _mc_store_prepare (store, "DELETE FROM sessions WHERE user_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _mc_store_bind_text (stmt, 1, user_id);
  return step_done (store, stmt, error, "delete user sessions");
}

gboolean
mc_store_delete_expired_sessions (McStore  *store,
                                  gint64    now,
                                  GError  **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL, FALSE);

  stmt = _mc_store_prepare (store, "DELETE FROM sessions WHERE expires_at <= ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  return step_done (store, stmt, error, "delete expired sessions");
}
