/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "mc-store.h"
#include "mc-user.h"

G_BEGIN_DECLS

/* Accounts and sessions of motcua-server (design.md "The server"):
 * passwords hashed with yescrypt, bearer tokens from the OS random source
 * kept only as their SHA-256, throttling of password guessing. Backend
 * neutral: everything goes through the store interface. */

#define MC_SERVER_AUTH_ERROR (mc_server_auth_error_quark ())

typedef enum {
  /* A wrong password or an unknown username: one code and one message
   * for both, so that the answer does not tell which accounts exist. */
  MC_SERVER_AUTH_ERROR_BAD_CREDENTIALS,
  /* The account is disabled (told only to someone who knows its password,
   * or who holds one of its tokens). */
  MC_SERVER_AUTH_ERROR_DISABLED,
  /* Too many failed attempts: wait `retry_after` seconds. */
  MC_SERVER_AUTH_ERROR_THROTTLED,
  /* The session token is past its expiry. */
  MC_SERVER_AUTH_ERROR_EXPIRED,
  /* The token is not one of a session (never was, or logged out). */
  MC_SERVER_AUTH_ERROR_UNKNOWN_TOKEN,
  /* A username that breaks the rules (3–64 of a-z 0-9 . _ -). */
  MC_SERVER_AUTH_ERROR_INVALID_USERNAME,
  /* A new password that breaks the rules (8 characters to 256 bytes). */
  MC_SERVER_AUTH_ERROR_INVALID_PASSWORD,
  /* Role and department that do not go together, an empty full name. */
  MC_SERVER_AUTH_ERROR_INVALID_USER,
  /* The hashing library or the random source failed; a 500. */
  MC_SERVER_AUTH_ERROR_FAILED,
} McServerAuthError;

#define MC_SERVER_AUTH_USERNAME_MIN 3
#define MC_SERVER_AUTH_USERNAME_MAX 64
#define MC_SERVER_AUTH_PASSWORD_MIN_CHARS 8
#define MC_SERVER_AUTH_PASSWORD_MAX_BYTES 256
/* Failures in a row (each within the window of the one before) before an
 * account has to wait; the first wait, doubled per further failure up to
 * the cap. */
#define MC_SERVER_AUTH_FAILURES_ALLOWED 5
#define MC_SERVER_AUTH_FAILURE_WINDOW (15 * 60)
#define MC_SERVER_AUTH_FIRST_WAIT 60
#define MC_SERVER_AUTH_MAX_WAIT (15 * 60)
/* Session lifetime unless the setting `session_hours` says otherwise. */
#define MC_SERVER_AUTH_DEFAULT_SESSION_HOURS 12

GQuark    mc_server_auth_error_quark        (void);

/* The username in its stored form (lower case), or NULL with
 * MC_SERVER_AUTH_ERROR_INVALID_USERNAME. */
char     *mc_server_auth_normalize_username (const char  *username,
                                             GError     **error);
/* Checks a new password against the rules. */
gboolean  mc_server_auth_check_password     (const char  *password,
                                             GError     **error);
/* Checks what an account must satisfy before it is stored: a valid
 * username, a full name, a department for reception, specialists and
 * leaders, and none for center supervisors and administrators (they
 * belong to no single department). Does not look the department up. */
gboolean  mc_server_auth_check_user         (McUser      *user,
                                             GError     **error);

/* A yescrypt hash ("$y$…") of a password that passes the rules. Slow by
 * design: call it outside a write transaction. */
char     *mc_server_auth_hash_password      (const char  *password,
                                             GError     **error);
/* Whether `password` matches `hash`; FALSE for a malformed hash. */
gboolean  mc_server_auth_verify_password    (const char  *password,
                                             const char  *hash);

/* A new bearer token: 32 random bytes, base64url without padding. */
char     *mc_server_auth_new_token          (GError     **error);
/* What the database keeps of a token: its SHA-256, in hex. */
char     *mc_server_auth_token_hash         (const char  *token);

/* Checks the password and opens a session of the store's session
 * lifetime. On success sets the new token, its expiry and the user. On
 * MC_SERVER_AUTH_ERROR_THROTTLED, `retry_after` (nullable) is the number
 * of seconds to wait; otherwise it is 0. Errors of the store come through
 * in MC_STORE_ERROR. Runs its own short write transactions, so call it
 * outside one. */
gboolean  mc_server_auth_login              (McStore     *store,
                                             const char  *username,
                                             const char  *password,
                                             gint64       now,
                                             char       **token,
                                             gint64      *expires_at,
                                             McUser     **user,
                                             gint64      *retry_after,
                                             GError     **error);
/* The user of a live session of an enabled account: otherwise
 * MC_SERVER_AUTH_ERROR_UNKNOWN_TOKEN, _EXPIRED or _DISABLED. Read only. */
McUser   *mc_server_auth_lookup             (McStore     *store,
                                             const char  *token,
                                             gint64       now,
                                             GError     **error);
/* Ends the token's session (an expired one too); a token without a
 * session is MC_SERVER_AUTH_ERROR_UNKNOWN_TOKEN. Runs its own write
 * transaction. */
gboolean  mc_server_auth_logout             (McStore     *store,
                                             const char  *token,
                                             GError     **error);

G_END_DECLS
