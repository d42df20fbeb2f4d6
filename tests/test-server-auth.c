/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "mc-server-auth.h"
#include "mc-store-private.h"
#include "mc-store-users.h"
#include "mc-test.h"

/* A moment well inside the calendar's range; login takes `now` from the
 * caller, so the tests move time by hand. */
#define T0 G_GINT64_CONSTANT (1800000000)
#define PASSWORD "đúng mật khẩu"

/* Accounts and sessions on a real SQLite file. yescrypt is slow by design:
 * each fixture hashes one password, and the tests reuse it. */
typedef struct {
  char    *dir;
  char    *db_path;
  McStore *store;
  char    *hash;      /* of PASSWORD */
  char    *dept_id;
} Fixture;

static void
remove_db (const char *dir,
           const char *db_path)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (db_path, suffixes[i], NULL);
      g_remove (path);
    }
  g_rmdir (dir);
}

static void
put_department (McStore    *store,
                const char *id,
                const char *code)
{
  g_autoptr(McDepartment) department = mc_department_new ();
  g_autoptr(GError) error = NULL;

  mc_department_set_id (department, id);
  mc_department_set_code (department, code);
  mc_department_set_agency_id (department, id);
  mc_department_set_name (department, code);
  mc_department_set_level (department, MC_LEVEL_PROVINCE);
  g_assert_true (mc_store_begin (store, &error));
  g_assert_true (mc_store_put_department (store, department, FALSE, &error));
  g_assert_true (mc_store_commit (store, &error));
  g_assert_no_error (error);
}

static McUser *
add_user (Fixture    *f,
          const char *username,
          McRole      role,
          const char *department_id)
{
  g_autoptr(McUser) user = mc_user_new ();
  g_autoptr(GError) error = NULL;

  mc_user_set_username (user, username);
  mc_user_set_full_name (user, "Trần Thị Bình");
  mc_user_set_role (user, role);
  mc_user_set_department_id (user, department_id);
  g_assert_true (mc_server_auth_check_user (user, &error));
  g_assert_true (mc_store_begin (f->store, &error));
  g_assert_true (mc_store_put_user (f->store, user, f->hash, &error));
  g_assert_true (mc_store_commit (f->store, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&user);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("motcua-auth-XXXXXX", &error);
  g_assert_no_error (error);
  f->db_path = g_build_filename (f->dir, "server.db", NULL);
  f->store = mc_store_open (f->db_path, NULL, TRUE, &error);
  g_assert_no_error (error);
  f->hash = mc_server_auth_hash_password (PASSWORD, &error);
  g_assert_no_error (error);
  f->dept_id = g_strdup ("d-tp");
  put_department (f->store, f->dept_id, "STP");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->store, mc_store_free);
  remove_db (f->dir, f->db_path);
  g_free (f->dir);
  g_free (f->db_path);
  g_free (f->hash);
  g_free (f->dept_id);
}

static int
count_audit (McStore    *store,
             const char *action)
{
  sqlite3_stmt *stmt = _mc_store_prepare (store, "SELECT count(*) FROM audit WHERE action = ?1", NULL);
  int n;

  g_assert_nonnull (stmt);
  _mc_store_bind_text (stmt, 1, action);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static int
count_sessions (McStore *store)
{
  sqlite3_stmt *stmt = _mc_store_prepare (store, "SELECT count(*) FROM sessions", NULL);
  int n;

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/* Passwords */

static void
test_hash (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = mc_server_auth_hash_password ("correct horse", &error);
  g_autofree char *b = NULL;
  g_autofree char *too_long = g_strnfill (MC_SERVER_AUTH_PASSWORD_MAX_BYTES + 1, 'x');
  g_autofree char *longest = g_strnfill (MC_SERVER_AUTH_PASSWORD_MAX_BYTES, 'x');

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (a, "$y$"));
  g_assert_true (mc_server_auth_verify_password ("correct horse", a));
  g_assert_false (mc_server_auth_verify_password ("correct hors", a));
  g_assert_false (mc_server_auth_verify_password ("correct horse ", a));
  g_assert_false (mc_server_auth_verify_password ("", a));

  /* A fresh salt every time. */
  b = mc_server_auth_hash_password ("correct horse", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a, !=, b);
  g_assert_true (mc_server_auth_verify_password ("correct horse", b));

  /* Hashes that no password matches. */
  g_assert_false (mc_server_auth_verify_password ("correct horse", "!"));
  g_assert_false (mc_server_auth_verify_password ("correct horse", ""));
  g_assert_false (mc_server_auth_verify_password ("correct horse", "$y$"));

  /* The rules: characters for the minimum (Vietnamese letters are several
   * bytes), bytes for the maximum. */
  g_assert_null (mc_server_auth_hash_password ("1234567", &error));
  g_assert_error (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_INVALID_PASSWORD);
  g_assert_nonnull (strstr (error->message, "8"));
  g_clear_error (&error);
  g_assert_false (mc_server_auth_check_password ("đđđđđđđ", &error));   /* 7 chars, 14 bytes */
  g_assert_error (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_INVALID_PASSWORD);
  g_clear_error (&error);
  g_assert_true (mc_server_auth_check_password ("đđđđđđđđ", &error));
  g_assert_true (mc_server_auth_check_password (longest, &error));
  g_assert_no_error (error);
  g_assert_null (mc_server_auth_hash_password (too_long, &error));
  g_assert_error (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_INVALID_PASSWORD);
  g_assert_nonnull (strstr (error->message, "256"));
  g_clear_error (&error);
  g_assert_false (mc_server_auth_verify_password (too_long, a));
  g_assert_false (mc_server_auth_check_password ("abc\xff\xfe" "defgh", &error));
  g_assert_error (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_INVALID_PASSWORD);
}

/* Tokens */

static void
test_tokens (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *hash = NULL;
  guint counts[256] = { 0 };

  for (int i = 0; i < 1000; i++)
    {
      g_autoptr(GError) error = NULL;
      char *token = mc_server_auth_new_token (&error);

      g_assert_no_error (error);
      g_assert_cmpuint (strlen (token), ==, 43);
      for (const char *p = token; *p; p++)
        {
          g_assert_true (g_ascii_isalnum (*p) || *p == '-' || *p == '_');
          counts[(guchar) *p]++;
        }
      g_assert_true (g_hash_table_add (seen, token));
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 1000);
  /* 43,000 characters over 64 symbols: each about 670 times. A broken
   * source (zeros, a counter) would pile them onto a few. */
  for (const char *p = "AZaz09-_"; *p; p++)
    g_assert_cmpuint (counts[(guchar) *p], >, 400);

  /* What is stored: SHA-256 in hex, not the token. */
  hash = mc_server_auth_token_hash ("abc");
  g_assert_cmpstr (hash, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/* Usernames and accounts */

typedef struct {
  const char *input;
  const char *stored;   /* NULL: refused */
} UsernameCase;

static void
test_username_rules (void)
{
  static const UsernameCase cases[] = {
    { "abc", "abc" },
    { "Nguyen.Van-A_1", "nguyen.van-a_1" },
    { "ADMIN", "admin" },
    { "a.b", "a.b" },
    { "1234567890123456789012345678901234567890123456789012345678901234",
      "1234567890123456789012345678901234567890123456789012345678901234" },
    { "12345678901234567890123456789012345678901234567890123456789012345", NULL },
    { "ab", NULL },
    { "", NULL },
    { "đức", NULL },
    { "nguyen van", NULL },
    { "a@b.vn", NULL },
    { "tab\tx", NULL },
    { "abc\xff", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *stored = mc_server_auth_normalize_username (cases[i].input, &error);

      g_assert_cmpstr (stored, ==, cases[i].stored);
      if (cases[i].stored == NULL)
        {
          g_assert_error (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_INVALID_USERNAME);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
        }
      else
        g_assert_no_error (error);
    }
}

static void
test_check_user (void)
{
  static const struct {
    McRole      role;
    const char *department_id;
    gboolean    ok;
  } cases[] = {
    { MC_ROLE_RECEPTION, "d", TRUE },
    { MC_ROLE_SPECIALIST, "d", TRUE },
    { MC_ROLE_LEADER, "d", TRUE },
    { MC_ROLE_SUPERVISOR, NULL, TRUE },
    { MC_ROLE_ADMIN, NULL, TRUE },
    { MC_ROLE_RECEPTION, NULL, FALSE },
    { MC_ROLE_SPECIALIST, "", FALSE },
    { MC_ROLE_LEADER, NULL, FALSE },
    { MC_ROLE_SUPERVISOR, "d", FALSE },
    { MC_ROLE_ADMIN, "d", FALSE },
  };
  g_autoptr(McUser) user = mc_user_new ();
  g_autoptr(GError) error = NULL;

  mc_user_set_username (user, "lan.nt");
  mc_user_set_full_name (user, "Nguyễn Thị Lan");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      mc_user_set_role (user, cases[i].role);
      mc_user_set_department_id (user, cases[i].department_id);
      g_assert_cmpint (mc_server_auth_check_user (user, &error), ==, cases[i].ok);
      if (!cases[i].ok)
        g_assert_error (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_INVALID_USER);
      g_clear_error (&error);
    }

  mc_user_set_role (user, MC_ROLE_ADMIN);
  mc_user_set_department_id (user, NULL);
  mc_user_set_full_name (user, "   ");
  g_assert_false (mc_server_auth_check_user (user, &error));
  g_assert_error (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_INVALID_USER);
  g_clear_error (&error);
  mc_user_set_full_name (user, "Lan");
  mc_user_set_username (user, "x");
  g_assert_false (mc_server_auth_check_user (user, &error));
  g_assert_error (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_INVALID_USERNAME);
}

static void
test_store_users (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(McUser) lan = add_user (f, "Lan.NT", MC_ROLE_SPECIALIST, f->dept_id);
  g_autoptr(McUser) boss = add_user (f, "giamdoc", MC_ROLE_SUPERVISOR, NULL);
  g_autoptr(McUser) again = NULL;
  g_autoptr(McUser) twin = mc_user_new ();
  g_autoptr(McUser) stray = mc_user_new ();
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) in_dept = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  gint64 seq_before;

  /* An id is made up; the username is kept in lower case. */
  g_assert_true (g_uuid_string_is_valid (mc_user_get_id (lan)));
  g_assert_cmpstr (mc_user_get_username (lan), ==, "lan.nt");

  again = mc_store_get_user_by_username (f->store, "LAN.nt", &error);
  g_assert_no_error (error);
  g_assert_true (mc_user_equal (again, lan));
  g_clear_object (&again);
  again = mc_store_get_user (f->store, mc_user_get_id (boss), &error);
  g_assert_no_error (error);
  g_assert_true (mc_user_equal (again, boss));
  g_assert_null (mc_user_get_department_id (again));
  g_clear_object (&again);

  g_assert_null (mc_store_get_user (f->store, "nobody", &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (mc_store_get_user_by_username (f->store, "nobody", &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  all = mc_store_list_users (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 2);
  g_assert_cmpstr (mc_user_get_username (all->pdata[0]), ==, "giamdoc");
  g_assert_cmpstr (mc_user_get_username (all->pdata[1]), ==, "lan.nt");
  in_dept = mc_store_list_users (f->store, f->dept_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (in_dept->len, ==, 1);
  g_assert_true (mc_user_equal (in_dept->pdata[0], lan));

  /* A change takes a change number; NULL keeps the password. */
  seq_before = mc_store_current_seq (f->store, &error);
  mc_user_set_full_name (lan, "Nguyễn Thị Lan");
  g_assert_true (mc_store_begin (f->store, &error));
  g_assert_true (mc_store_put_user (f->store, lan, NULL, &error));
  g_assert_true (mc_store_commit (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mc_store_current_seq (f->store, &error), ==, seq_before + 1);
  g_assert_true (mc_store_get_password_hash (f->store, mc_user_get_id (lan), &hash, &error));
  g_assert_cmpstr (hash, ==, f->hash);
  again = mc_store_get_user (f->store, mc_user_get_id (lan), &error);
  g_assert_cmpstr (mc_user_get_full_name (again), ==, "Nguyễn Thị Lan");

  /* Usernames are unique whatever their case. */
  mc_user_set_username (twin, "LAN.nt");
  mc_user_set_full_name (twin, "Someone else");
  mc_user_set_role (twin, MC_ROLE_ADMIN);
  g_assert_true (mc_store_begin (f->store, &error));
  g_assert_false (mc_store_put_user (f->store, twin, f->hash, &error));
  mc_store_rollback (f->store);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "lan.nt"));
  g_assert_cmpstr (mc_user_get_id (twin), ==, "");
  g_clear_error (&error);

  /* Broken usernames and unknown departments are refused. */
  mc_user_set_username (stray, "x y");
  g_assert_true (mc_store_begin (f->store, &error));
  g_assert_false (mc_store_put_user (f->store, stray, NULL, &error));
  g_assert_error (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_INVALID_USERNAME);
  g_clear_error (&error);
  mc_user_set_username (stray, "stray");
  mc_user_set_department_id (stray, "no-such-department");
  g_assert_false (mc_store_put_user (f->store, stray, NULL, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Created without a password: stored, locked. */
  mc_user_set_department_id (stray, f->dept_id);
  g_assert_true (mc_store_put_user (f->store, stray, NULL, &error));
  g_assert_true (mc_store_commit (f->store, &error));
  g_assert_no_error (error);
  g_clear_pointer (&hash, g_free);
  g_assert_true (mc_store_get_password_hash (f->store, mc_user_get_id (stray), &hash, &error));
  g_assert_false (mc_server_auth_verify_password ("", hash));
  g_assert_false (mc_server_auth_verify_password ("!", hash));
}

/* Sessions */

static void
test_login_lookup_logout (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(McUser) lan = add_user (f, "lan.nt", MC_ROLE_SPECIALIST, f->dept_id);
  g_autoptr(McUser) user = NULL;
  g_autoptr(McUser) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *other = NULL;
  g_autofree char *token_hash = NULL;
  sqlite3_stmt *stmt;
  gint64 expires_at = 0, retry_after = -1;

  g_assert_true (mc_server_auth_login (f->store, "Lan.NT", PASSWORD, T0, &token, &expires_at,
                                       &user, &retry_after, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (token), ==, 43);
  g_assert_cmpint (expires_at, ==, T0 + 12 * 3600);
  g_assert_cmpint (retry_after, ==, 0);
  g_assert_true (mc_user_equal (user, lan));
  g_assert_cmpint (count_audit (f->store, "session.login"), ==, 1);

  /* The database keeps the token's hash, never the token. */
  token_hash = mc_server_auth_token_hash (token);
  stmt = _mc_store_prepare (f->store, "SELECT token_hash FROM sessions", NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, token_hash);
  sqlite3_reset (stmt);

  found = mc_server_auth_lookup (f->store, token, T0 + 60, &error);
  g_assert_no_error (error);
  g_assert_true (mc_user_equal (found, lan));
  g_clear_object (&found);

  /* Two sessions of one person are independent. */
  g_assert_true (mc_server_auth_login (f->store, "lan.nt", PASSWORD, T0 + 1, &other, NULL,
                                       NULL, NULL, &error));
  g_assert_cmpstr (other, !=, token);
  g_assert_true (mc_server_auth_logout (f->store, token, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_audit (f->store, "session.logout"), ==, 1);
  g_assert_null (mc_server_auth_lookup (f->store, token, T0 + 120, &error));
  g_assert_error (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_UNKNOWN_TOKEN);
  g_clear_error (&error);
  found = mc_server_auth_lookup (f->store, other, T0 + 120, &error);
  g_assert_no_error (error);
  g_clear_object (&found);

  g_assert_false (mc_server_auth_logout (f->store, token, &error));
  g_assert_error (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_UNKNOWN_TOKEN);
  g_clear_error (&error);

  /* Tokens that were never issued, well formed or not. */
  g_assert_null (mc_server_auth_lookup (f->store, "", T0, &error));
  g_assert_error (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_UNKNOWN_TOKEN);
  g_clear_error (&error);
  g_assert_null (mc_server_auth_lookup (f->store, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", T0, &error));
  g_assert_error (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_UNKNOWN_TOKEN);
  g_clear_error (&error);
  g_assert_null (mc_server_auth_lookup (f->store, token_hash, T0, &error));
  g_assert_error (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_UNKNOWN_TOKEN);
}

static void
test_expiry (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(McUser) lan = add_user (f, "lan.nt", MC_ROLE_SPECIALIST, f->dept_id);
  g_autoptr(McUser) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *later = NULL;
  gint64 expires_at = 0;

  g_assert_true (mc_server_auth_login (f->store, "lan.nt", PASSWORD, T0, &token, &expires_at,
                                       NULL, NULL, &error));
  g_assert_no_error (error);
  found = mc_server_auth_lookup (f->store, token, expires_at - 1, &error);
  g_assert_no_error (error);
  g_clear_object (&found);
  g_assert_null (mc_server_auth_lookup (f->store, token, expires_at, &error));
  g_assert_error (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_EXPIRED);
  g_clear_error (&error);
  g_assert_null (mc_server_auth_lookup (f->store, token, expires_at + 86400, &error));
  g_assert_error (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_EXPIRED);
  g_clear_error (&error);

  /* An expired session can still be closed. */
  g_assert_true (mc_server_auth_logout (f->store, token, &error));
  g_assert_no_error (error);
  g_clear_pointer (&token, g_free);

  /* The setting shortens sessions; the next login sweeps expired ones. */
  g_assert_true (mc_server_auth_login (f->store, "lan.nt", PASSWORD, T0, &token, NULL,
                                       NULL, NULL, &error));
  g_assert_true (mc_store_set_setting (f->store, "session_hours", "1", &error));
  g_assert_true (mc_server_auth_login (f->store, "lan.nt", PASSWORD, expires_at, &later, &expires_at,
                                       NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (expires_at, ==, T0 + 12 * 3600 + 3600);
  g_assert_cmpint (count_sessions (f->store), ==, 1);
  g_clear_pointer (&later, g_free);

  /* A broken setting is reported and the default used. */
  g_assert_true (mc_store_set_setting (f->store, "session_hours", "twelve", &error));
  g_test_expect_message ("motcua-server", G_LOG_LEVEL_WARNING, "*session_hours*");
  g_assert_true (mc_server_auth_login (f->store, "lan.nt", PASSWORD, T0, &later, &expires_at,
                                       NULL, NULL, &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpint (expires_at, ==, T0 + 12 * 3600);
}

static void
test_disabled (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(McUser) lan = add_user (f, "lan.nt", MC_ROLE_SPECIALIST, f->dept_id);
  g_autoptr(McUser) user = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *refused = NULL;

  g_assert_true (mc_server_auth_login (f->store, "lan.nt", PASSWORD, T0, &token, NULL,
                                       NULL, NULL, &error));
  g_assert_no_error (error);

  mc_user_set_disabled (lan, TRUE);
  g_assert_true (mc_store_begin (f->store, &error));
  g_assert_true (mc_store_put_user (f->store, lan, NULL, &error));
  g_assert_true (mc_store_commit (f->store, &error));
  g_assert_no_error (error);

  /* Her open session stops working at once... */
  g_assert_null (mc_server_auth_lookup (f->store, token, T0 + 1, &error));
  g_assert_error (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_DISABLED);
  g_clear_error (&error);

  /* ...she cannot open another, and only the right password learns why. */
  g_assert_false (mc_server_auth_login (f->store, "lan.nt", PASSWORD, T0 + 2, &refused, NULL,
                                        &user, NULL, &error));
  g_assert_error (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_DISABLED);
  g_assert_null (refused);
  g_assert_null (user);
  g_clear_error (&error);
  g_assert_false (mc_server_auth_login (f->store, "lan.nt", "sai mật khẩu", T0 + 3, &refused, NULL,
                                        NULL, NULL, &error));
  g_assert_error (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_BAD_CREDENTIALS);
}

static void
fail_login (Fixture    *f,
            gint64      now,
            const char *password,
            int         code,
            gint64      retry_after)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  gint64 wait = -1;

  g_assert_false (mc_server_auth_login (f->store, "lan.nt", password, now, &token, NULL,
                                        NULL, &wait, &error));
  g_assert_error (error, MC_SERVER_AUTH_ERROR, code);
  g_assert_null (token);
  g_assert_cmpint (wait, ==, retry_after);
}

static void
ok_login (Fixture *f,
          gint64   now)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  gint64 wait = -1;

  g_assert_true (mc_server_auth_login (f->store, "lan.nt", PASSWORD, now, &token, NULL,
                                       NULL, &wait, &error));
  g_assert_no_error (error);
  g_assert_cmpint (wait, ==, 0);
}

static void
test_throttle (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(McUser) lan = add_user (f, "lan.nt", MC_ROLE_SPECIALIST, f->dept_id);
  g_autoptr(GError) error = NULL;
  const int BAD = MC_SERVER_AUTH_ERROR_BAD_CREDENTIALS;
  const int THROTTLED = MC_SERVER_AUTH_ERROR_THROTTLED;
  int count = -1;
  gint64 last_at = -1, t;

  /* Five wrong guesses within a quarter hour... */
  for (int i = 0; i < 5; i++)
    fail_login (f, T0 + i, "wrong password", BAD, 0);
  g_assert_cmpint (count_audit (f->store, "session.login_failed"), ==, 5);

  /* ...and the right password waits a minute too, without being checked or
   * counted. */
  fail_login (f, T0 + 4, PASSWORD, THROTTLED, 60);
  fail_login (f, T0 + 63, PASSWORD, THROTTLED, 1);
  g_assert_true (mc_store_get_login_failures (f->store, mc_user_get_id (lan), &count, &last_at, &error));
  g_assert_cmpint (count, ==, 5);
  g_assert_cmpint (last_at, ==, T0 + 4);

  /* The wait doubles with every further failure, up to a quarter hour. */
  t = T0 + 64;
  fail_login (f, t, "wrong again", BAD, 0);
  fail_login (f, t, PASSWORD, THROTTLED, 120);
  t += 120;
  fail_login (f, t, "wrong again", BAD, 0);
  fail_login (f, t, PASSWORD, THROTTLED, 240);
  t += 240;
  fail_login (f, t, "wrong again", BAD, 0);
  fail_login (f, t, PASSWORD, THROTTLED, 480);
  t += 480;
  fail_login (f, t, "wrong again", BAD, 0);
  fail_login (f, t, PASSWORD, THROTTLED, 900);
  t += 900;
  fail_login (f, t, "wrong again", BAD, 0);
  fail_login (f, t + 1, PASSWORD, THROTTLED, 899);

  /* Once the wait is over the right password gets in and clears the
   * count. */
  ok_login (f, t + 900);
  g_assert_true (mc_store_get_login_failures (f->store, mc_user_get_id (lan), &count, &last_at, &error));
  g_assert_cmpint (count, ==, 0);

  /* Failures further apart than the window do not add up. */
  t += 2000;
  for (int i = 0; i < 4; i++)
    fail_login (f, t + i, "wrong password", BAD, 0);
  t += 3 + MC_SERVER_AUTH_FAILURE_WINDOW + 1;
  fail_login (f, t, "wrong password", BAD, 0);
  g_assert_true (mc_store_get_login_failures (f->store, mc_user_get_id (lan), &count, NULL, &error));
  g_assert_cmpint (count, ==, 1);
  ok_login (f, t + 1);
  g_assert_no_error (error);
}

static void
test_unknown_user (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(McUser) lan = add_user (f, "lan.nt", MC_ROLE_SPECIALIST, f->dept_id);
  g_autoptr(GError) wrong = NULL;
  g_autoptr(GError) unknown = NULL;
  g_autoptr(GError) malformed = NULL;
  g_autofree char *token = NULL;
  gint64 wait = -1;

  g_assert_false (mc_server_auth_login (f->store, "lan.nt", "not her password", T0, &token, NULL,
                                        NULL, NULL, &wrong));
  g_assert_false (mc_server_auth_login (f->store, "lan.nx", "not her password", T0, &token, NULL,
                                        NULL, &wait, &unknown));
  g_assert_false (mc_server_auth_login (f->store, "khách lạ", "x", T0, &token, NULL,
                                        NULL, NULL, &malformed));
  g_assert_null (token);
  g_assert_cmpint (wait, ==, 0);

  /* Nothing in the answer tells whether the account exists. */
  g_assert_error (wrong, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_BAD_CREDENTIALS);
  g_assert_error (unknown, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_BAD_CREDENTIALS);
  g_assert_error (malformed, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_BAD_CREDENTIALS);
  g_assert_cmpstr (wrong->message, ==, unknown->message);
  g_assert_cmpstr (wrong->message, ==, malformed->message);
}

/* The command line */

/* Runs the real motcua-server with `input` on its stdin. */
static int
run_with_input (const char  *input,
                char       **out,
                char       **err,
                const char  *first,
                ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *server = g_getenv ("MOTCUA_SERVER");
  va_list ap;

  g_assert_nonnull (server);
  g_ptr_array_add (args, (gpointer) server);
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  process = g_subprocess_newv ((const char *const *) args->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, input, NULL, out, err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

typedef struct {
  const char *input;
  const char *args[16];
  int         status;
  const char *message;    /* a piece of what stderr must say */
} CliCase;

static void
test_cli (void)
{
  g_autofree char *dir = g_dir_make_tmp ("motcua-auth-cli-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "server.db", NULL);
  /* Calls refused before the password is read get no input: writing to
   * a process that has already exited would raise SIGPIPE here. */
  const CliCase bad[] = {
    { NULL, { "user", "add", "--db", db, "--username", "lan", "--full-name", "Lan",
              "--role", "boss", "--password-stdin" }, 2, "--role" },
    { NULL, { "user", "add", "--db", db, "--username", "lan", "--full-name", "Lan",
              "--role", "specialist", "--password-stdin" }, 2, "--department" },
    { "mật khẩu mới 1\n", { "user", "add", "--db", db, "--username", "lan", "--full-name", "Lan",
                            "--role", "specialist", "--department", "NOPE", "--password-stdin" }, 2, "NOPE" },
    { NULL, { "user", "add", "--db", db, "--username", "lan", "--full-name", "Lan",
              "--role", "admin", "--department", "STP", "--password-stdin" }, 2, "--department" },
    { "ngắn\n", { "user", "add", "--db", db, "--username", "lan", "--full-name", "Lan",
                  "--role", "admin", "--password-stdin" }, 2, "short" },
    { "", { "user", "add", "--db", db, "--username", "lan", "--full-name", "Lan",
            "--role", "admin", "--password-stdin" }, 2, "standard input" },
    { NULL, { "user", "add", "--db", db, "--username", "lan", "--full-name", "Lan",
              "--role", "admin" }, 2, "--password-stdin" },
    { NULL, { "user", "add", "--db", db, "--username", "Đức", "--full-name", "Lan",
              "--role", "admin", "--password-stdin" }, 2, "Đức" },
    { NULL, { "user", "add", "--db", db, "--username", "lan",
              "--role", "admin", "--password-stdin" }, 2, "--full-name" },
    { NULL, { "user", "add", "--username", "lan", "--full-name", "Lan",
              "--role", "admin", "--password-stdin" }, 2, "--db" },
    { NULL, { "user", NULL }, 2, "add" },
    { NULL, { "user", "frobnicate", NULL }, 2, "frobnicate" },
    { NULL, { "user", "list", NULL }, 2, "--db" },
    { NULL, { "user", "disable", "--db", db, NULL }, 2, "--username" },
    { NULL, { "user", "disable", "--db", db, "--username", "nobody", NULL }, 1, "nobody" },
    { "mật khẩu mới 1\n", { "user", "reset-password", "--db", db, "--username", "nobody",
                            "--password-stdin" }, 1, "nobody" },
  };
  g_autoptr(McStore) store = NULL;
  g_autoptr(McUser) user = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  char *out = NULL, *err = NULL;

  /* The database is created by the first account; a department first. */
  store = mc_store_open (db, NULL, TRUE, &error);
  g_assert_no_error (error);
  put_department (store, "d-tp", "STP");

  g_assert_cmpint (run_with_input ("mật khẩu của Lan\n", &out, &err, "user", "add", "--db", db,
                                   "--username", "Lan.NT", "--full-name", "Nguyễn Thị Lan",
                                   "--role", "specialist", "--department", "STP",
                                   "--password-stdin", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_uuid_string_is_valid (g_strstrip (out)));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* No line ending at the end of input is fine too. */
  g_assert_cmpint (run_with_input ("mật khẩu quản trị", &out, &err, "user", "add", "--db", db,
                                   "--username", "admin", "--full-name", "Quản trị viên",
                                   "--role", "admin", "--password-stdin", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* Taken, whatever the case. */
  g_assert_cmpint (run_with_input ("mật khẩu khác\n", &out, &err, "user", "add", "--db", db,
                                   "--username", "LAN.nt", "--full-name", "Someone",
                                   "--role", "admin", "--password-stdin", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "lan.nt"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char *const *a = bad[i].args;
      int status = run_with_input (bad[i].input, &out, &err, a[0], a[1], a[2], a[3], a[4], a[5],
                                   a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], NULL);

      if (status != bad[i].status || strstr (err, bad[i].message) == NULL)
        g_error ("case %u: status %d, stderr does not mention “%s”:\n%s", i, status, bad[i].message, err);
      g_assert_cmpstr (out, ==, "");
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
    }

  g_assert_cmpint (run_with_input (NULL, &out, &err, "user", "list", "--db", db, NULL), ==, 0);
  g_assert_cmpstr (out, ==,
                   "USERNAME  FULL NAME       ROLE        DEPARTMENT  DISABLED\n"
                   "admin     Quản trị viên   admin       -           no\n"
                   "lan.nt    Nguyễn Thị Lan  specialist  STP         no\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* What the command line stored, the server accepts. */
  g_assert_true (mc_server_auth_login (store, "lan.nt", "mật khẩu của Lan", T0, &token, NULL,
                                       &user, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (mc_user_get_department_id (user), ==, "d-tp");
  g_clear_object (&user);

  /* Disabling ends her session at once; enabling does not bring it back. */
  g_assert_cmpint (run_with_input (NULL, &out, &err, "user", "disable", "--db", db,
                                   "--username", "LAN.NT", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_null (mc_server_auth_lookup (store, token, T0 + 1, &error));
  g_assert_error (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_UNKNOWN_TOKEN);
  g_clear_error (&error);
  g_clear_pointer (&token, g_free);
  g_assert_false (mc_server_auth_login (store, "lan.nt", "mật khẩu của Lan", T0 + 2, &token, NULL,
                                        NULL, NULL, &error));
  g_assert_error (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_DISABLED);
  g_clear_error (&error);
  g_assert_cmpint (run_with_input (NULL, &out, &err, "user", "list", "--db", db, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "STP         yes\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_with_input (NULL, &out, &err, "user", "enable", "--db", db,
                                   "--username", "lan.nt", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A new password: the old one stops working, the new one works. */
  g_assert_cmpint (run_with_input ("mật khẩu mới của Lan\r\n", &out, &err, "user", "reset-password",
                                   "--db", db, "--username", "lan.nt", "--password-stdin", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_false (mc_server_auth_login (store, "lan.nt", "mật khẩu của Lan", T0 + 3, &token, NULL,
                                        NULL, NULL, &error));
  g_assert_error (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_BAD_CREDENTIALS);
  g_clear_error (&error);
  g_assert_true (mc_server_auth_login (store, "lan.nt", "mật khẩu mới của Lan", T0 + 4, &token, NULL,
                                       NULL, NULL, &error));
  g_assert_no_error (error);

  /* Every change left a trace. */
  g_assert_cmpint (count_audit (store, "user.add"), ==, 2);
  g_assert_cmpint (count_audit (store, "user.disable"), ==, 1);
  g_assert_cmpint (count_audit (store, "user.enable"), ==, 1);
  g_assert_cmpint (count_audit (store, "user.reset_password"), ==, 1);

  g_clear_pointer (&store, mc_store_free);
  remove_db (dir, db);
}

int
main (int    argc,
      char **argv)
{
  mc_test_init (&argc, &argv);

  g_test_add_func ("/server/auth/hash", test_hash);
  g_test_add_func ("/server/auth/tokens", test_tokens);
  g_test_add_func ("/server/auth/username-rules", test_username_rules);
  g_test_add_func ("/server/auth/check-user", test_check_user);
  g_test_add ("/server/auth/store-users", Fixture, NULL, fixture_set_up, test_store_users, fixture_tear_down);
  g_test_add ("/server/auth/login-lookup-logout", Fixture, NULL, fixture_set_up, test_login_lookup_logout, fixture_tear_down);
  g_test_add ("/server/auth/expiry", Fixture, NULL, fixture_set_up, test_expiry, fixture_tear_down);
  g_test_add ("/server/auth/disabled", Fixture, NULL, fixture_set_up, test_disabled, fixture_tear_down);
  g_test_add ("/server/auth/throttle", Fixture, NULL, fixture_set_up, test_throttle, fixture_tear_down);
  g_test_add ("/server/auth/unknown-user", Fixture, NULL, fixture_set_up, test_unknown_user, fixture_tear_down);
  g_test_add_func ("/server/auth/cli", test_cli);

  return g_test_run ();
}
