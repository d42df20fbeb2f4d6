/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mc-client.h"
#include "mc-sync.h"
#include "mc-user.h"

G_BEGIN_DECLS

/* The account the application works for: the server address and user
 * name remembered in GSettings, the session token in the Secret Service
 * (through McClient), the McSync on the account's own cache file
 * (mc_cache_default_path), and the poll interval followed live from
 * GSettings. No GTK here: the sign-in page, the window and the tests
 * drive it alike.
 *
 * An account is signed in once (by mc_account_sign_in_async(),
 * mc_account_restore_async() or mc_account_adopt()); to change account,
 * log out and make a new one. */

#define MC_ACCOUNT_ERROR (mc_account_error_quark ())

/**
 * McAccountError:
 * @MC_ACCOUNT_ERROR_INVALID_ADDRESS: the server address typed is not one
 * @MC_ACCOUNT_ERROR_NO_ACCOUNT: nothing remembered to restore
 * @MC_ACCOUNT_ERROR_CACHE: the local copy of the dossiers cannot be
 *   created or opened (a full disk, a folder without permission)
 * @MC_ACCOUNT_ERROR_PENDING: actions are still waiting in the outbox
 */
typedef enum {
  MC_ACCOUNT_ERROR_INVALID_ADDRESS,
  MC_ACCOUNT_ERROR_NO_ACCOUNT,
  MC_ACCOUNT_ERROR_CACHE,
  MC_ACCOUNT_ERROR_PENDING,
} McAccountError;

#define MC_TYPE_ACCOUNT (mc_account_get_type ())
G_DECLARE_FINAL_TYPE (McAccount, mc_account, MC, ACCOUNT, GObject)

GQuark      mc_account_error_quark        (void);

/* @settings: of the schema vn.motcua.Desk. @use_secret_service: as for
 * mc_client_new(). */
McAccount  *mc_account_new                (GSettings           *settings,
                                           gboolean             use_secret_service);

/* A server address as typed ("motcua.example.vn", "https://h:8443/x/")
 * made into a base URL ("https://motcua.example.vn"): http or https, a
 * host, an optional port from 1 to 65535, no query. */
char       *mc_account_normalize_address  (const char          *text,
                                           GError             **error);

/* Signs in with a password, checks that the account's cache can be
 * opened, then remembers the server and the user name. The error is for a
 * person (see mc_account_describe_error). */
void        mc_account_sign_in_async      (McAccount           *self,
                                           const char          *address,
                                           const char          *username,
                                           const char          *password,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean    mc_account_sign_in_finish     (McAccount           *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* The remembered account with its saved token, on its cache, without
 * waiting for the server: the same offline, on a slow network or online.
 * Who the user is comes from the cache, then from the server. A token the
 * server no longer takes shows later, as the client's logged-in turning
 * FALSE. Fails with MC_ACCOUNT_ERROR_NO_ACCOUNT when nothing is
 * remembered and MC_CLIENT_ERROR_UNAUTHORIZED when no token is kept (the
 * cache is kept). */
void        mc_account_restore_async      (McAccount           *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean    mc_account_restore_finish     (McAccount           *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* Works for @client, already signed in elsewhere (the demo), on the
 * cache at @cache_path; remembers nothing. */
gboolean    mc_account_adopt              (McAccount           *self,
                                           McClient            *client,
                                           const char          *cache_path,
                                           GError             **error);

/* Ends the session: stops the sync, DELETE /api/v1/session when the
 * server answers, forgets the token (Secret Service included) and, with
 * @delete_cache, removes the local copy of the dossiers. Refuses with
 * MC_ACCOUNT_ERROR_PENDING while actions wait in the outbox, unless
 * @discard_pending. The user name stays remembered to prefill the
 * sign-in page. */
void        mc_account_log_out_async      (McAccount           *self,
                                           gboolean             delete_cache,
                                           gboolean             discard_pending,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
/* Actions waiting in the outbox of the account's cache. */
guint       mc_account_count_pending      (McAccount           *self);
gboolean    mc_account_log_out_finish     (McAccount           *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* Sets the certificate trusted for @address although no authority vouches
 * for it (mc_client_trust_certificate), and remembers it in GSettings. */
void        mc_account_trust_certificate  (McAccount           *self,
                                           const char          *address,
                                           GTlsCertificate     *certificate);
/* The certificate a TLS server presents, whether trusted or not, so that
 * a person can look at it and decide. */
void        mc_account_fetch_certificate_async  (const char          *address,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GTlsCertificate *mc_account_fetch_certificate_finish (GAsyncResult   *result,
                                                      GError        **error);
/* "AB:CD:…": the SHA-256 fingerprint of a certificate, to compare with
 * what the administrator reads out. */
char       *mc_account_certificate_fingerprint (GTlsCertificate *certificate);

/* What to tell a person whose session the server ended. */
const char *mc_account_session_ended_message (void);
/* The message to show a person for an error of sign-in or restore. */
char       *mc_account_describe_error     (const GError        *error,
                                           const char          *address);

/* When signing in or restoring found the account's cache damaged and
 * replaced it (see mc-cache-salvage.h): what to tell the officer, once;
 * else NULL. Free it. */
char       *mc_account_take_cache_notice  (McAccount           *self);

GSettings  *mc_account_get_settings       (McAccount           *self);
/* After a successful sign-in, restore or adopt; NULL before. */
McClient   *mc_account_get_client         (McAccount           *self);
McSync     *mc_account_get_sync           (McAccount           *self);
const char *mc_account_get_cache_path     (McAccount           *self);
/* The signed-in user: the server's answer when online, else the cached
 * copy of the user list (offline start). NULL when neither knows. */
McUser     *mc_account_get_user           (McAccount           *self);

G_END_DECLS
