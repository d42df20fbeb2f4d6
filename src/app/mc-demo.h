/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mc-client.h"

G_BEGIN_DECLS

/* `motcua --demo` (design.md "The application"): a private motcua-server
 * on a free loopback port, with a seeded demo database in a temporary
 * folder, and a client signed in to it as the center supervisor (or,
 * after mc_demo_sign_in_async(), another demo account). The
 * server is found through $MOTCUA_SERVER, then beside the build tree's
 * motcua (../server/motcua-server), then beside an installed motcua, then
 * in PATH. mc_demo_stop() (or the last unref) ends the server and removes
 * the folder. */

#define MC_DEMO_ERROR (mc_demo_error_quark ())

/**
 * McDemoError:
 * @MC_DEMO_ERROR_NO_SERVER: motcua-server was not found
 * @MC_DEMO_ERROR_SEED: seeding the demo database failed
 * @MC_DEMO_ERROR_SERVE: the server did not start
 * @MC_DEMO_ERROR_LOG_IN: the demo account could not sign in
 *
 * The messages are for a person: what went wrong and what to do.
 */
typedef enum {
  MC_DEMO_ERROR_NO_SERVER,
  MC_DEMO_ERROR_SEED,
  MC_DEMO_ERROR_SERVE,
  MC_DEMO_ERROR_LOG_IN,
} McDemoError;

#define MC_DEMO_USERNAME "giamsat"
#define MC_DEMO_PASSWORD "motcua-demo"
#define MC_DEMO_DEFAULT_DOSSIERS 5000

#define MC_TYPE_DEMO (mc_demo_get_type ())
G_DECLARE_FINAL_TYPE (McDemo, mc_demo, MC, DEMO, GObject)

GQuark      mc_demo_error_quark    (void);

McDemo     *mc_demo_new            (guint                n_dossiers);
/* The server program that a demo would run; NULL when none is found. */
char       *mc_demo_find_server    (void);

/* Seeds, serves and signs in. */
void        mc_demo_start_async    (McDemo              *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean    mc_demo_start_finish   (McDemo              *self,
                                    GAsyncResult        *result,
                                    GError             **error);

/* After a successful start: the signed-in client (token in memory only)
 * and the cache file to sync into, inside the demo's folder. */
McClient   *mc_demo_get_client     (McDemo              *self);
const char *mc_demo_get_cache_path (McDemo              *self);
const char *mc_demo_get_base_url   (McDemo              *self);
/* The demo account signed in: MC_DEMO_USERNAME after a start. */
const char *mc_demo_get_username   (McDemo              *self);

/* Signs in as another account of the seeded demo (they all have the
 * password MC_DEMO_PASSWORD) on the same server. On success the client
 * and the cache path are that account's own; on failure they stay. */
void        mc_demo_sign_in_async  (McDemo              *self,
                                    const char          *username,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean    mc_demo_sign_in_finish (McDemo              *self,
                                    GAsyncResult        *result,
                                    GError             **error);

/* Ends the server (SIGTERM, then SIGKILL if it lingers) and removes the
 * temporary folder. Safe to call more than once. */
void        mc_demo_stop           (McDemo              *self);

G_END_DECLS
