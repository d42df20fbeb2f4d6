/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "mc-cache.h"

G_BEGIN_DECLS

/* The outbox (design.md "Client cache and sync"): every action taken in the
 * application is written here first, durably (synchronous = FULL), with a
 * fresh idempotency key and the version it was based on; McSync sends the
 * pending ones in order. The tables live in the cache database (schema 4)
 * and survive mc_cache_reset(). Like everything on an McCache, use it from
 * the thread that owns that connection. */

/* The action of an entry that uploads a file to a dossier: its body is
 * {"action": "upload", "name", "kind", "sha256"} and, when the file
 * satisfies a required component, "component" (its index, sent as the
 * upload's component parameter), and the file waits in the
 * account's uploads folder until the server has it (mc-sync-upload.h). */
#define MC_OUTBOX_UPLOAD "upload"

typedef enum {
  MC_OUTBOX_PENDING = 0,   /* not acknowledged by the server yet */
  MC_OUTBOX_DONE    = 1,   /* applied by the server */
  MC_OUTBOX_FAILED  = 2,   /* refused by the server; never sent again */
} McOutboxState;

typedef struct {
  gint64         id;            /* the order of sending */
  char          *key;           /* the Idempotency-Key */
  char          *dossier_id;    /* nullable: a registration */
  int            base_version;  /* 0 for a registration */
  char          *action;        /* "transfer", ..., "register" */
  char          *path;          /* where it is POSTed */
  char          *body;          /* the exact JSON sent, every time */
  McOutboxState  state;
  int            attempts;
  char          *message;       /* nullable: the server's explanation of a refusal */
  int            error_code;    /* MC_CLIENT_ERROR_* of a refusal, else -1 */
  gint64         created_at;    /* unix seconds */
} McOutboxEntry;

#define MC_TYPE_OUTBOX_ENTRY (mc_outbox_entry_get_type ())
GType          mc_outbox_entry_get_type (void) G_GNUC_CONST;
McOutboxEntry *mc_outbox_entry_copy     (const McOutboxEntry *entry);
void           mc_outbox_entry_free     (McOutboxEntry       *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McOutboxEntry, mc_outbox_entry_free)

/* Writes an action on @dossier_id (NULL: @action is the body of a
 * registration, POST /api/v1/dossiers) based on @base_version. @action is
 * a JSON object with at least "action" (a string) and the action's
 * parameters; its "version" is set to @base_version. Committed durably
 * before it returns. Returns the new entry. */
McOutboxEntry *mc_outbox_enqueue        (McCache      *cache,
                                         const char   *dossier_id,
                                         int           base_version,
                                         JsonNode     *action,
                                         GError      **error);
/* The oldest pending entry, or NULL (without error) when none is. */
McOutboxEntry *mc_outbox_next_pending   (McCache      *cache,
                                         GError      **error);
gboolean       mc_outbox_count_pending  (McCache      *cache,
                                         guint        *count,
                                         GError      **error);
/* Entries of a dossier still worth showing: pending and failed ones,
 * oldest first (McOutboxEntry). */
GPtrArray     *mc_outbox_list_for_dossier (McCache    *cache,
                                           const char *dossier_id,
                                           GError    **error);
/* Every entry, oldest first (McOutboxEntry). */
GPtrArray     *mc_outbox_list           (McCache      *cache,
                                         GError      **error);
gboolean       mc_outbox_note_attempt   (McCache      *cache,
                                         gint64        id,
                                         GError      **error);
gboolean       mc_outbox_mark_done      (McCache      *cache,
                                         gint64        id,
                                         GError      **error);
gboolean       mc_outbox_mark_failed    (McCache      *cache,
                                         gint64        id,
                                         int           error_code,
                                         const char   *message,
                                         GError      **error);
/* Copies the pending and refused entries of the outbox of another cache
 * file (a damaged one set aside, see mc-cache-salvage.h) into @cache's,
 * in their order and with their idempotency keys, none twice; committed
 * durably in one transaction. @n_taken says how many. Fails, copying
 * nothing, when SQLite cannot read that outbox. */
gboolean       mc_outbox_take_from      (McCache      *cache,
                                         const char   *path,
                                         guint        *n_taken,
                                         GError      **error);
/* Forgets a failed entry once the person has seen it. */
gboolean       mc_outbox_dismiss        (McCache      *cache,
                                         gint64        id,
                                         GError      **error);

G_END_DECLS
