/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mc-cache.h"
#include "mc-client.h"
#include "mc-outbox.h"

G_BEGIN_DECLS

/* Delta sync and the outbox (design.md "Client cache and sync").
 *
 * A run sends the pending outbox entries in order, then pulls
 * GET /api/v1/changes from the cache's cursor, page by page, until the
 * server says there is no more. The network is spoken on the main thread
 * (McClient); every SQLite write and the parsing of change pages happen on
 * one worker thread that owns its own McCache connection on the file, so
 * the window never waits. What each page did is announced on the main
 * thread by ::changes, for mc_dossier_list_refresh() on the window's own
 * McCache.
 *
 * An upload (mc-sync-upload.h) reports how much of its file is sent by
 * ::upload-progress (outbox_id, sent, total) and the property upload-id.
 *
 * Started, it runs at once, then every poll-interval seconds, and again
 * soon after the network comes back; a failed run is retried with
 * exponential backoff and jitter (1 s doubling up to 60 s). A run the
 * server refuses because it ended the session (the client is no longer
 * logged in) is not retried until the client is logged in again. */

typedef enum {
  MC_SYNC_STATE_OFFLINE,   /* no network or no server; see pending */
  MC_SYNC_STATE_SYNCING,   /* sending actions or fetching changes */
  MC_SYNC_STATE_ONLINE,    /* the server answered the last run */
  MC_SYNC_STATE_ERROR,     /* the server refused to sync; see message */
} McSyncState;

#define MC_TYPE_SYNC_STATE (mc_sync_state_get_type ())
GType mc_sync_state_get_type (void) G_GNUC_CONST;

#define MC_SYNC_DEFAULT_POLL_INTERVAL 15

#define MC_TYPE_SYNC (mc_sync_get_type ())
G_DECLARE_FINAL_TYPE (McSync, mc_sync, MC, SYNC, GObject)

McSync      *mc_sync_new                (McClient    *client,
                                         const char  *cache_path);
McClient    *mc_sync_get_client         (McSync      *self);
const char  *mc_sync_get_cache_path     (McSync      *self);
McSyncState  mc_sync_get_state          (McSync      *self);
/* Why the state is OFFLINE or ERROR, for a person; NULL otherwise. */
const char  *mc_sync_get_message        (McSync      *self);
/* Outbox entries not yet acknowledged by the server. */
guint        mc_sync_get_pending        (McSync      *self);
/* Progress of the current pull, for a first sync's progress bar: items
 * received since the pull began from an empty cache or the last reset,
 * and whether the server has more. */
guint        mc_sync_get_items_received (McSync      *self);
gboolean     mc_sync_get_more           (McSync      *self);
guint        mc_sync_get_poll_interval  (McSync      *self);
void         mc_sync_set_poll_interval  (McSync      *self,
                                         guint        seconds);
/* The bounds of the retry backoff, in milliseconds (default 1000, 60000). */
void         mc_sync_set_retry_limits   (McSync      *self,
                                         guint        min_ms,
                                         guint        max_ms);

/* Items asked for per page of GET /changes (default 2000; the server
 * also bounds a page in bytes). Smaller pages: tests of the first sync. */
void         mc_sync_set_page_limit     (McSync      *self,
                                         guint        limit);

/* The upload being sent now (see ::upload-progress and
 * ::notify::upload-id): its outbox entry id, or 0 when none, with the
 * bytes written to the network so far and the file's size. For a pane
 * shown in the middle of an upload. */
gint64       mc_sync_get_upload         (McSync      *self,
                                         guint64     *sent,
                                         guint64     *total);
/* How often ::upload-progress may be emitted, in milliseconds (default
 * 250; 0: every time libsoup wrote some, for tests). */
void         mc_sync_set_progress_interval (McSync   *self,
                                            guint     ms);

/* Starts (and stops) the automatic runs. */
void         mc_sync_start              (McSync      *self);
void         mc_sync_stop               (McSync      *self);

/* One run now (or, when one is under way, the next one): finishes when
 * the outbox was drained as far as the server lets it and the cache has
 * every change; an error says why not (the state says so too). */
void         mc_sync_run_async          (McSync              *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean     mc_sync_run_finish         (McSync              *self,
                                         GAsyncResult        *result,
                                         GError             **error);

/* mc_outbox_enqueue() on the worker, then a run when started. */
void           mc_sync_enqueue_async    (McSync              *self,
                                         const char          *dossier_id,
                                         int                  base_version,
                                         JsonNode            *action,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
McOutboxEntry *mc_sync_enqueue_finish   (McSync              *self,
                                         GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
