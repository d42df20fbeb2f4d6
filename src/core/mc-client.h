/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mc-user.h"

G_BEGIN_DECLS

/* The HTTP client of the central server (design.md "Central server API"):
 * one SoupSession per server, TLS checks on, every answer checked with
 * mc_json_parse() before use, every problem+json answer turned into an
 * MC_CLIENT_ERROR carrying the server's own explanation.
 *
 * Use it from the thread whose main context created it (libsoup's rule);
 * McSync does, and moves only parsing and SQLite onto its worker. */

#define MC_CLIENT_ERROR (mc_client_error_quark ())

/**
 * McClientError:
 * @MC_CLIENT_ERROR_UNAUTHORIZED: 401: no session, a wrong password or an
 *   expired token: sign in again
 * @MC_CLIENT_ERROR_FORBIDDEN: 403: not allowed for this user
 * @MC_CLIENT_ERROR_NOT_FOUND: 404
 * @MC_CLIENT_ERROR_CONFLICT: 409: the dossier changed meanwhile
 * @MC_CLIENT_ERROR_GONE: 410: the sync cursor is no longer served
 * @MC_CLIENT_ERROR_WORKFLOW: 422: the workflow (or a rule of the server)
 *   does not allow it
 * @MC_CLIENT_ERROR_TOO_LARGE: 413, or an answer larger than we read
 * @MC_CLIENT_ERROR_NETWORK: the server cannot be reached, or timed out
 * @MC_CLIENT_ERROR_TLS: the server's certificate is not trusted, or the
 *   TLS handshake failed
 * @MC_CLIENT_ERROR_SERVER: 5xx, or a status this client does not know
 * @MC_CLIENT_ERROR_INVALID_RESPONSE: the answer is not what the API says
 * @MC_CLIENT_ERROR_BAD_REQUEST: 400: the server calls the request malformed
 * @MC_CLIENT_ERROR_THROTTLED: 429: too many attempts, wait
 */
typedef enum {
  MC_CLIENT_ERROR_UNAUTHORIZED,
  MC_CLIENT_ERROR_FORBIDDEN,
  MC_CLIENT_ERROR_NOT_FOUND,
  MC_CLIENT_ERROR_CONFLICT,
  MC_CLIENT_ERROR_GONE,
  MC_CLIENT_ERROR_WORKFLOW,
  MC_CLIENT_ERROR_TOO_LARGE,
  MC_CLIENT_ERROR_NETWORK,
  MC_CLIENT_ERROR_TLS,
  MC_CLIENT_ERROR_SERVER,
  MC_CLIENT_ERROR_INVALID_RESPONSE,
  MC_CLIENT_ERROR_BAD_REQUEST,
  MC_CLIENT_ERROR_THROTTLED,
} McClientError;

/* The largest answer read into memory: a change page is at most 4 MiB
 * plus one item (mc-server-routes-changes.c). */
#define MC_CLIENT_MAX_BODY ((gsize) 16 * 1024 * 1024)

#define MC_TYPE_CLIENT (mc_client_get_type ())
G_DECLARE_FINAL_TYPE (McClient, mc_client, MC, CLIENT, GObject)

GQuark      mc_client_error_quark          (void);

/* @base_url: "https://host[:port]" (a path prefix is allowed). With
 * @use_secret_service FALSE the token is never handed to the Secret
 * Service (tests, kiosk set-ups): it lives in memory only. */
McClient   *mc_client_new                  (const char      *base_url,
                                            gboolean         use_secret_service);
const char *mc_client_get_base_url         (McClient        *self);
/* The account signed in (or restored), NULL before. */
const char *mc_client_get_username         (McClient        *self);
McUser     *mc_client_get_user             (McClient        *self);
gboolean    mc_client_get_logged_in        (McClient        *self);
/* TRUE when the token could not be kept in the Secret Service (none
 * running, locked, or disabled): it is in memory only, and the person
 * signs in again after a restart. */
gboolean    mc_client_get_token_in_memory_only (McClient    *self);

/* Trusts exactly this certificate for this server, although no
 * certificate authority vouches for it (a small site's self-signed
 * certificate, checked by the administrator once). Any other untrusted
 * certificate is still refused. NULL trusts none again. */
void        mc_client_trust_certificate    (McClient        *self,
                                            GTlsCertificate *certificate);

/* Who the user is when known from elsewhere: the cached list of users,
 * before GET /api/v1/me answers or offline. notify::user is emitted only
 * when the user differs (mc_user_equal()). */
void        mc_client_set_user             (McClient        *self,
                                            McUser          *user);

/* Uses a token obtained elsewhere (another process of the same person,
 * tests). Kept in memory only. */
void        mc_client_set_session          (McClient        *self,
                                            const char      *username,
                                            const char      *token);

/* POST /api/v1/session, then the token into the Secret Service (or memory,
 * see token-in-memory-only). */
void        mc_client_log_in_async         (McClient            *self,
                                            const char          *username,
                                            const char          *password,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    mc_client_log_in_finish        (McClient            *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* The token of @username kept in the Secret Service, without asking the
 * server: a start opens on the cache at once, offline or on a slow
 * network, and the first request tells whether the session still holds.
 * Fails with MC_CLIENT_ERROR_UNAUTHORIZED when none is kept.
 *
 * Whenever the server refuses the token (401), the client forgets it,
 * here and in the Secret Service: logged-in turns FALSE, the user name
 * and user stay. */
void        mc_client_restore_session_async (McClient           *self,
                                             const char         *username,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data);
gboolean    mc_client_restore_session_finish (McClient          *self,
                                              GAsyncResult      *result,
                                              GError           **error);
/* DELETE /api/v1/session and forgets the token, here and in the Secret
 * Service, whether or not the server could be told. */
void        mc_client_log_out_async        (McClient            *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    mc_client_log_out_finish       (McClient            *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* GET /api/v1/me. */
void        mc_client_get_me_async         (McClient            *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
McUser     *mc_client_get_me_finish        (McClient            *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* One request with the session's token. @body: nullable, sent as JSON;
 * @idempotency_key: nullable. A 2xx answer gives its body (never NULL,
 * maybe empty) and @status; anything else an MC_CLIENT_ERROR. */
void        mc_client_send_async           (McClient            *self,
                                            const char          *method,
                                            const char          *path,
                                            GBytes              *body,
                                            const char          *idempotency_key,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GBytes     *mc_client_send_finish          (McClient            *self,
                                            GAsyncResult        *result,
                                            guint               *status,
                                            GError             **error);
/* GET /api/v1/attachments/{id}: the file's bytes, as they were uploaded
 * (the caller checks them against the attachment's SHA-256). */
void        mc_client_download_attachment_async  (McClient            *self,
                                                  const char          *attachment_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GBytes     *mc_client_download_attachment_finish (McClient            *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
/* How much of an upload's body went into the network so far, on the
 * client's thread, every time some did (libsoup's SoupMessage
 * ::wrote-body-data): callers throttle. @sent goes back to 0 when the
 * request is sent again from the start. */
typedef void (*McClientProgressFunc) (guint64  sent,
                                      guint64  total,
                                      gpointer user_data);

/* POST of a file's bytes as the body (application/octet-stream), like
 * mc_client_send_async() otherwise: the session's timeouts apply to every
 * write, so a stalled network fails the request instead of hanging it,
 * and @cancellable stops it. @progress (nullable) is called as the body
 * is written; @progress_destroy frees @progress_data when the request is
 * over. */
void        mc_client_upload_async         (McClient             *self,
                                            const char           *path,
                                            GBytes               *body,
                                            const char           *idempotency_key,
                                            McClientProgressFunc  progress,
                                            gpointer              progress_data,
                                            GDestroyNotify        progress_destroy,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
GBytes     *mc_client_upload_finish        (McClient             *self,
                                            GAsyncResult         *result,
                                            GError              **error);
/* mc_client_send_async() whose answer is then parsed (mc_json_parse) on a
 * worker thread, so that a large page never holds up the main loop. */
void        mc_client_get_json_async       (McClient            *self,
                                            const char          *path,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
JsonNode   *mc_client_get_json_finish      (McClient            *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* The error for a non-2xx answer: the problem's detail (or title) as the
 * message, the status as the code. */
GError     *mc_client_error_new_for_status (guint                status,
                                            const char          *content_type,
                                            GBytes              *body);
/* TRUE for errors that say nothing against the request itself, so that
 * sending it again unchanged later may work: the network, TLS, a failing
 * server, throttling, an expired session. FALSE for the server's refusals
 * (403, 404, 409, 410, 422, 400, 413) and for cancellation. */
gboolean    mc_client_error_is_transient   (const GError        *error);

G_END_DECLS
