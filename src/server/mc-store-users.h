/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mc-store.h"

G_BEGIN_DECLS

/* Accounts and sessions: the part of the storage interface (mc-store.h)
 * that mc-server-auth.c and the user subcommands speak to. Password hashes,
 * failure counters and sessions never reach the wire, so changing them
 * takes no change sequence number; the user's own fields do. */

/* Inside the caller's write transaction. Stores the user's fields under a
 * new change sequence number, giving it a random UUID id when it has
 * none and its username in lower case (both written back to `user`).
 * `password_hash` NULL keeps the stored hash; a new user without one gets
 * a locked hash that no password matches. A username that breaks the
 * rules is MC_SERVER_AUTH_ERROR_INVALID_USERNAME; one that another account
 * holds, MC_STORE_ERROR_CONFLICT; an unknown department_id,
 * MC_STORE_ERROR_NOT_FOUND. */
gboolean   mc_store_put_user             (McStore     *store,
                                          McUser      *user,
                                          const char  *password_hash,
                                          GError     **error);
McUser    *mc_store_get_user             (McStore     *store,
                                          const char  *id,
                                          GError     **error);
/* Case-insensitive. */
McUser    *mc_store_get_user_by_username (McStore     *store,
                                          const char  *username,
                                          GError     **error);
/* A GPtrArray of McUser ordered by username; `department_id` NULL lists
 * every account. */
GPtrArray *mc_store_list_users           (McStore     *store,
                                          const char  *department_id,
                                          GError     **error);

gboolean   mc_store_get_password_hash    (McStore     *store,
                                          const char  *user_id,
                                          char       **hash,
                                          GError     **error);
/* Sets the hash alone, and clears the failure counter (a new password is
 * a fresh start). */
gboolean   mc_store_set_password_hash    (McStore     *store,
                                          const char  *user_id,
                                          const char  *hash,
                                          GError     **error);

/* Failed logins in a row and the moment of the last one (0: none). */
gboolean   mc_store_get_login_failures   (McStore     *store,
                                          const char  *user_id,
                                          int         *count,
                                          gint64      *last_at,
                                          GError     **error);
/* Counts one more failure at `now`, atomically, so that parallel guesses
 * are all counted; the count starts again at 1 when the previous failure
 * is more than `window` seconds old. Sets the new count. */
gboolean   mc_store_add_login_failure    (McStore     *store,
                                          const char  *user_id,
                                          gint64       now,
                                          gint64       window,
                                          int         *count,
                                          GError     **error);
gboolean   mc_store_reset_login_failures (McStore     *store,
                                          const char  *user_id,
                                          GError     **error);

/* Sessions, by the SHA-256 of their token (never the token itself). */
gboolean   mc_store_create_session       (McStore     *store,
                                          const char  *token_hash,
                                          const char  *user_id,
                                          gint64       created_at,
                                          gint64       expires_at,
                                          GError     **error);
/* The session's user and expiry, expired or not; MC_STORE_ERROR_NOT_FOUND
 * when there is no such session. */
McUser    *mc_store_get_session_user     (McStore     *store,
                                          const char  *token_hash,
                                          gint64      *expires_at,
                                          GError     **error);
/* MC_STORE_ERROR_NOT_FOUND when there is no such session. */
gboolean   mc_store_delete_session       (McStore     *store,
                                          const char  *token_hash,
                                          GError     **error);
/* Every session of a user: on disabling the account or a new password. */
gboolean   mc_store_delete_user_sessions (McStore     *store,
                                          const char  *user_id,
                                          GError     **error);
/* Sessions whose expiry is at or before `now`. */
gboolean   mc_store_delete_expired_sessions (McStore  *store,
                                             gint64    now,
                                             GError  **error);

G_END_DECLS
