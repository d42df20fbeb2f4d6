/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mc-store.h"

G_BEGIN_DECLS

/* The change feed's part of the storage interface (mc-store.h): every row
 * the clients cache, changed after a sequence number, in sequence order,
 * streamed from one read transaction without holding them all in memory.
 *
 * Documents come out as the JSON text the store keeps (a dossier's with
 * its events and attachments spliced in), so a page of the feed is built
 * without decoding and encoding every dossier again. */

typedef enum {
  MC_CHANGE_DOSSIER,
  MC_CHANGE_TOMBSTONE,     /* a dossier this reader may no longer see */
  MC_CHANGE_DEPARTMENT,
  MC_CHANGE_PROCEDURE,
  MC_CHANGE_USER,
  MC_CHANGE_CALENDAR,      /* the working calendar changed; no document */
} McChangeKind;

typedef struct {
  McChangeKind  kind;
  gint64        seq;
  const char   *id;        /* NULL for the calendar */
  const char   *doc;       /* JSON text; NULL for tombstones and the calendar */
  gsize         doc_len;
} McChange;

typedef struct {
  /* Whose dossiers: the reader's scope. */
  McVisibility  visibility;
  /* Which accounts: NULL for all, else those of one department. */
  const char   *users_department_id;
  gboolean      all_users;
  /* Rows with seq > since. */
  gint64        since;
  /* Tombstones for dossiers that moved out of sight by a move after this
   * sequence number; -1 for none (a client that has nothing yet). */
  gint64        moved_after;
  /* Send the calendar even when it did not change after `since`. */
  gboolean      with_calendar;
} McChangeQuery;

typedef struct _McChangeReader McChangeReader;

/* Starts reading; call inside a read (or write) transaction and free the
 * reader before it ends. One reader at a time per store. */
McChangeReader *mc_store_read_changes     (McStore             *store,
                                           const McChangeQuery *query,
                                           GError             **error);
/* The next change, or FALSE at the end (or on failure, with `error` set).
 * What `change` points to stays valid until the next call. */
gboolean        mc_change_reader_next     (McChangeReader      *reader,
                                           McChange            *change,
                                           GError             **error);
/* Whether another change would follow. */
gboolean        mc_change_reader_has_more (McChangeReader      *reader);
void            mc_change_reader_free     (McChangeReader      *reader);

/* The oldest sequence number after which tombstones are still known: the
 * moves before it were pruned. */
gint64          mc_store_get_horizon      (McStore             *store,
                                           GError             **error);
/* The sequence number of the calendar's last change (0: never changed). */
gint64          mc_store_get_calendar_seq (McStore             *store,
                                           GError             **error);
/* Forgets the moves before `before_seq` and raises the horizon to it, so
 * that cursors older than that are refused and their clients sync again
 * from 0. Inside the caller's write transaction. */
gboolean        mc_store_prune_moves      (McStore             *store,
                                           gint64               before_seq,
                                           GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McChangeReader, mc_change_reader_free)

G_END_DECLS
