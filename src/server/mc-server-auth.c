/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <crypt.h>
#include <errno.h>
#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "mc-server-auth.h"
#include "mc-store-users.h"

G_DEFINE_QUARK (mc-server-auth-error-quark, mc_server_auth_error)

#define TOKEN_BYTES 32
/* base64 of 32 bytes is 44 characters, the last one padding. */
#define TOKEN_LENGTH 43
#define FULL_NAME_MAX_CHARS 200
#define SESSION_HOURS_MAX (24 * 366)

static char *
printable (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  /* Enough to recognise what was typed, not a wall of text. */
  if (g_utf8_strlen (valid, -1) > 80)
    {
      g_autofree char *head = g_utf8_substring (valid, 0, 80);
      return g_strconcat (head, "…", NULL);
    }
  return g_steal_pointer (&valid);
}

char *
mc_server_auth_normalize_username (const char  *username,
                                   GError     **error)
{
  g_autofree char *lower = NULL;
  gsize length;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (username == NULL)
    username = "";
  length = strlen (username);
  lower = g_ascii_strdown (username, -1);
  for (gsize i = 0; i < length; i++)
    {
      char c = lower[i];

      if (!(g_ascii_islower (c) || g_ascii_isdigit (c) || c == '.' || c == '_' || c == '-'))
        length = 0;
    }
  if (length < MC_SERVER_AUTH_USERNAME_MIN || length > MC_SERVER_AUTH_USERNAME_MAX)
    {
      g_autofree char *shown = printable (username);

      g_set_error (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_INVALID_USERNAME,
                   _("“%s” is not a valid username: use %d to %d characters, each a letter "
                     "without diacritics (a–z), a digit, a dot, an underscore or a hyphen"),
                   shown, MC_SERVER_AUTH_USERNAME_MIN, MC_SERVER_AUTH_USERNAME_MAX);
      return NULL;
    }
  return g_steal_pointer (&lower);
}

gboolean
mc_server_auth_check_password (const char  *password,
                               GError     **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Characters need UTF-8 to be counted; browsers and terminals send it. */
  if (password == NULL || !g_utf8_validate (password, -1, NULL))
    {
      g_set_error_literal (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_INVALID_PASSWORD,
                           _("The password is not valid UTF-8 text"));
      return FALSE;
    }
  if (g_utf8_strlen (password, -1) < MC_SERVER_AUTH_PASSWORD_MIN_CHARS)
    {
      g_set_error (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_INVALID_PASSWORD,
                   _("The password is too short: use at least %d characters"),
                   MC_SERVER_AUTH_PASSWORD_MIN_CHARS);
      return FALSE;
    }
  if (strlen (password) > MC_SERVER_AUTH_PASSWORD_MAX_BYTES)
    {
      g_set_error (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_INVALID_PASSWORD,
                   _("The password is too long: use at most %d bytes"),
                   MC_SERVER_AUTH_PASSWORD_MAX_BYTES);
      return FALSE;
    }
  return TRUE;
}

/* Reception, specialists and leaders work in one department; center
 * supervisors and administrators work across all (mc-user.h). */
static gboolean
role_has_department (McRole role)
{
  return role == MC_ROLE_RECEPTION || role == MC_ROLE_SPECIALIST || role == MC_ROLE_LEADER;
}

gboolean
mc_server_auth_check_user (McUser  *user,
                           GError **error)
{
  g_autofree char *username = NULL;
  g_autofree char *full_name = NULL;
  const char *department_id;
  McRole role;

  g_return_val_if_fail (MC_IS_USER (user), FALSE);

  username = mc_server_auth_normalize_username (mc_user_get_username (user), error);
  if (username == NULL)
    return FALSE;
  full_name = g_strstrip (g_strdup (mc_user_get_full_name (user)));
  if (*full_name == '\0' || !g_utf8_validate (full_name, -1, NULL) ||
      g_utf8_strlen (full_name, -1) > FULL_NAME_MAX_CHARS)
    {
      g_set_error (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_INVALID_USER,
                   _("A full name is required, as UTF-8 text of at most %d characters"),
                   FULL_NAME_MAX_CHARS);
      return FALSE;
    }
  role = mc_user_get_role (user);
  department_id = mc_user_get_department_id (user);
  if (role_has_department (role) && (department_id == NULL || *department_id == '\0'))
    {
      g_set_error (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_INVALID_USER,
                   _("An account with the role “%s” must belong to a department"),
                   mc_role_to_string (role));
      return FALSE;
    }
  if (!role_has_department (role) && department_id != NULL)
    {
      g_set_error (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_INVALID_USER,
                   _("An account with the role “%s” works across all departments and "
                     "belongs to none"),
                   mc_role_to_string (role));
      return FALSE;
    }
  return TRUE;
}

/* The derived data libxcrypt leaves in its work area is as sensitive as
 * the password: wipe it before giving the memory back. */
static void
free_crypt_data (void *data,
                 int   size)
{
  if (data == NULL)
    return;
  explicit_bzero (data, (size_t) size);
  free (data);
}

char *
mc_server_auth_hash_password (const char  *password,
                              GError     **error)
{
  char *setting;
  void *data = NULL;
  int size = 0;
  const char *out;
  char *hash = NULL;
  int saved_errno;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!mc_server_auth_check_password (password, error))
    return NULL;

  /* Count 0 is libxcrypt's recommended cost; the salt comes from the OS. */
  errno = 0;
  setting = crypt_gensalt_ra ("$y$", 0, NULL, 0);
  if (setting == NULL)
    {
      saved_errno = errno;
      g_set_error (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_FAILED,
                   _("Cannot make a password salt: %s"), g_strerror (saved_errno));
      return NULL;
    }
  errno = 0;
  out = crypt_ra (password, setting, &data, &size);
  saved_errno = errno;
  if (out == NULL || out[0] == '*')
    g_set_error (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_FAILED,
                 _("Cannot hash the password: %s"), g_strerror (saved_errno));
  else
    hash = g_strdup (out);
  free (setting);
  free_crypt_data (data, size);
  return hash;
}

/* Every byte is looked at whatever the first difference, so the time taken
 * does not tell how much of a hash an attacker got right. The lengths are
 * not secret: they follow from the algorithm. */
static gboolean
equal_constant_time (const char *a,
                     const char *b)
{
  gsize length = strlen (a);
  volatile guint8 diff = 0;

  if (strlen (b) != length)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    diff |= (guint8) a[i] ^ (guint8) b[i];
  return diff == 0;
}

gboolean
mc_server_auth_verify_password (const char *password,
                                const char *hash)
{
  void *data = NULL;
  int size = 0;
  const char *out;
  gboolean ok = FALSE;

  g_return_val_if_fail (password != NULL, FALSE);
  g_return_val_if_fail (hash != NULL, FALSE);

  /* No stored password can be longer, and this bounds the work a request
   * can ask of us. */
  if (strlen (password) > MC_SERVER_AUTH_PASSWORD_MAX_BYTES)
    return FALSE;
  out = crypt_ra (password, hash, &data, &size);
  if (out != NULL && out[0] != '*')
    ok = equal_constant_time (out, hash);
  free_crypt_data (data, size);
  return ok;
}

/* A hash of a password nobody knows, with the same algorithm and cost as
 * real ones, so that checking a password for an unknown username takes as
 * long as for a known one. */
static const char *
dummy_hash (void)
{
  static char *hash = NULL;

  if (g_once_init_enter (&hash))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *secret = g_uuid_string_random ();
      char *value = mc_server_auth_hash_password (secret, &error);

      if (value == NULL)
        {
          /* Then real logins fail too; still answer like a wrong password. */
          g_warning ("Cannot make the placeholder password hash: %s", error->message);
          value = g_strdup ("!");
        }
      g_once_init_leave (&hash, value);
    }
  return hash;
}

static gboolean
fill_random (guint8  *buffer,
             gsize    length,
             GError **error)
{
  gsize done = 0;

  while (done < length)
    {
      ssize_t n = getrandom (buffer + done, length - done, 0);

      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;
          g_set_error (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_FAILED,
                       _("Cannot read the system’s random source: %s"), g_strerror (saved_errno));
          return FALSE;
        }
      /* Reads of more than 256 bytes may come back short; loop for the rest. */
      done += (gsize) n;
    }
  return TRUE;
}

char *
mc_server_auth_new_token (GError **error)
{
  guint8 bytes[TOKEN_BYTES];
  char *token;
  gsize length;

  if (!fill_random (bytes, sizeof bytes, error))
    return NULL;
  token = g_base64_encode (bytes, sizeof bytes);
  explicit_bzero (bytes, sizeof bytes);

  /* base64url (RFC 4648 §5): safe in headers and URLs without escaping. */
  g_strdelimit (token, "+", '-');
  g_strdelimit (token, "/", '_');
  length = strlen (token);
  while (length > 0 && token[length - 1] == '=')
    token[--length] = '\0';
  return token;
}

char *
mc_server_auth_token_hash (const char *token)
{
  g_return_val_if_fail (token != NULL, NULL);

  /* The token has 256 bits of entropy: a plain, fast hash is enough to
   * make a stolen copy of the table useless. */
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

static gboolean
token_is_well_formed (const char *token)
{
  if (strlen (token) != TOKEN_LENGTH)
    return FALSE;
  for (const char *p = token; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static gint64
session_lifetime (McStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 hours = MC_SERVER_AUTH_DEFAULT_SESSION_HOURS;

  if (!mc_store_get_setting (store, "session_hours", &text, &error))
    g_warning ("Reading the setting session_hours: %s", error->message);
  else if (text != NULL &&
           !g_ascii_string_to_signed (text, 10, 1, SESSION_HOURS_MAX, &hours, &error))
    {
      /* A typo of the administrator must not lock everybody out. */
      g_warning ("The setting session_hours: %s; using %d", error->message,
                 MC_SERVER_AUTH_DEFAULT_SESSION_HOURS);
      hours = MC_SERVER_AUTH_DEFAULT_SESSION_HOURS;
    }
  return hours * 3600;
}

/* How long the account must still wait, in seconds, after `count` failures
 * in a row, the last at `last_at`. */
static gint64
throttle_wait (int    count,
               gint64 last_at,
               gint64 now)
{
  gint64 wait;

  if (count < MC_SERVER_AUTH_FAILURES_ALLOWED || now - last_at > MC_SERVER_AUTH_FAILURE_WINDOW)
    return 0;
  wait = (gint64) MC_SERVER_AUTH_FIRST_WAIT << MIN (count - MC_SERVER_AUTH_FAILURES_ALLOWED, 16);
  wait = MIN (wait, MC_SERVER_AUTH_MAX_WAIT);
  return MAX (last_at + wait - now, 0);
}

static gboolean
bad_credentials (GError **error)
{
  g_set_error_literal (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_BAD_CREDENTIALS,
                       _("Wrong username or password"));
  return FALSE;
}

static gboolean
commit_or_rollback (McStore  *store,
                    gboolean  ok,
                    GError  **error)
{
  if (ok && mc_store_commit (store, error))
    return TRUE;
  mc_store_rollback (store);
  return FALSE;
}

static gboolean
record_failure (McStore  *store,
                McUser   *user,
                gint64    now,
                GError  **error)
{
  const char *id = mc_user_get_id (user);
  g_autofree char *detail = NULL;
  int count = 0;
  gboolean ok;

  if (!mc_store_begin (store, error))
    return FALSE;
  ok = mc_store_add_login_failure (store, id, now, MC_SERVER_AUTH_FAILURE_WINDOW, &count, error);
  if (ok)
    {
      detail = g_strdup_printf ("failure %d in a row", count);
      ok = mc_store_audit (store, id, "session.login_failed", id, detail, error);
    }
  return commit_or_rollback (store, ok, error);
}

gboolean
mc_server_auth_login (McStore     *store,
                      const char  *username,
                      const char  *password,
                      gint64       now,
                      char       **token,
                      gint64      *expires_at,
                      McUser     **user,
                      gint64      *retry_after,
                      GError     **error)
{
  g_autoptr(McUser) found = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *new_token = NULL;
  g_autofree char *token_hash = NULL;
  const char *id;
  gint64 wait, expiry;
  gint64 last_failed_at = 0;
  int failures = 0;
  gboolean ok;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (username != NULL, FALSE);
  g_return_val_if_fail (password != NULL, FALSE);
  g_return_val_if_fail (token != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (retry_after != NULL)
    *retry_after = 0;

  found = mc_store_get_user_by_username (store, username, &local_error);
  if (found == NULL)
    {
      if (!g_error_matches (local_error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      /* The same work and the same answer as a wrong password, so that
       * neither tells whether the account exists. */
      mc_server_auth_verify_password (password, dummy_hash ());
      return bad_credentials (error);
    }
  id = mc_user_get_id (found);

  /* Before the password is even looked at: a throttled account gives a
   * guesser nothing, and the waiting is not lengthened by the refusals. */
  if (!mc_store_get_login_failures (store, id, &failures, &last_failed_at, error))
    return FALSE;
  wait = throttle_wait (failures, last_failed_at, now);
  if (wait > 0)
    {
      gint64 minutes = (wait + 59) / 60;

      if (retry_after != NULL)
        *retry_after = wait;
      g_set_error (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_THROTTLED,
                   ngettext ("Too many failed attempts: try again in %d minute",
                             "Too many failed attempts: try again in %d minutes",
                             (unsigned long) minutes),
                   (int) minutes);
      return FALSE;
    }

  if (!mc_store_get_password_hash (store, id, &hash, error))
    return FALSE;
  if (!mc_server_auth_verify_password (password, hash))
    {
      if (!record_failure (store, found, now, error))
        return FALSE;
      return bad_credentials (error);
    }

  /* Said only to someone who knows the password. */
  if (mc_user_get_disabled (found))
    {
      g_set_error_literal (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_DISABLED,
                           _("This account is disabled; ask an administrator"));
      return FALSE;
    }

  new_token = mc_server_auth_new_token (error);
  if (new_token == NULL)
    return FALSE;
  token_hash = mc_server_auth_token_hash (new_token);
  expiry = now + session_lifetime (store);

  if (!mc_store_begin (store, error))
    return FALSE;
  ok = mc_store_reset_login_failures (store, id, error) &&
       /* Logins are rare enough to carry the sweeping of old sessions. */
       mc_store_delete_expired_sessions (store, now, error) &&
       mc_store_create_session (store, token_hash, id, now, expiry, error) &&
       mc_store_audit (store, id, "session.login", id, NULL, error);
  if (!commit_or_rollback (store, ok, error))
    return FALSE;

  *token = g_steal_pointer (&new_token);
  if (expires_at != NULL)
    *expires_at = expiry;
  if (user != NULL)
    *user = g_steal_pointer (&found);
  return TRUE;
}

static void
set_unknown_token (GError **error)
{
  g_set_error_literal (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_UNKNOWN_TOKEN,
                       _("Not logged in, or the session has ended"));
}

McUser *
mc_server_auth_lookup (McStore     *store,
                       const char  *token,
                       gint64       now,
                       GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(McUser) user = NULL;
  g_autofree char *token_hash = NULL;
  gint64 expires_at = 0;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Garbage never reaches the database. */
  if (!token_is_well_formed (token))
    {
      set_unknown_token (error);
      return NULL;
    }
  token_hash = mc_server_auth_token_hash (token);
  user = mc_store_get_session_user (store, token_hash, &expires_at, &local_error);
  if (user == NULL)
    {
      if (g_error_matches (local_error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND))
        set_unknown_token (error);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (now >= expires_at)
    {
      g_set_error_literal (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_EXPIRED,
                           _("The session has expired; please log in again"));
      return NULL;
    }
  if (mc_user_get_disabled (user))
    {
      g_set_error_literal (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_DISABLED,
                           _("This account is disabled; ask an administrator"));
      return NULL;
    }
  return g_steal_pointer (&user);
}

gboolean
mc_server_auth_logout (McStore     *store,
                       const char  *token,
                       GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(McUser) user = NULL;
  g_autofree char *token_hash = NULL;
  gboolean ok;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (token != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!token_is_well_formed (token))
    {
      set_unknown_token (error);
      return FALSE;
    }
  token_hash = mc_server_auth_token_hash (token);
  if (!mc_store_begin (store, error))
    return FALSE;
  user = mc_store_get_session_user (store, token_hash, NULL, &local_error);
  if (user == NULL)
    {
      mc_store_rollback (store);
      if (g_error_matches (local_error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND))
        set_unknown_token (error);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  ok = mc_store_delete_session (store, token_hash, error) &&
       mc_store_audit (store, mc_user_get_id (user), "session.logout", mc_user_get_id (user), NULL, error);
  return commit_or_rollback (store, ok, error);
}
