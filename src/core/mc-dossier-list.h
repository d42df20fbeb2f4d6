/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mc-cache.h"
#include "mc-dossier-row.h"

G_BEGIN_DECLS

/* A lazy GListModel of McDossierRow over a cache query (design.md "The
 * application": never all rows in memory).
 *
 * The count is one SQL count, kept until the next refresh. Items are read
 * a page of MC_DOSSIER_LIST_PAGE_SIZE rows at a time by keyset, into a
 * small LRU of MC_DOSSIER_LIST_N_PAGES pages; only those rows are alive.
 * To reach page p without OFFSET the model keeps the key that starts each
 * page it has seen ("anchors"): scrolling extends them for free, a jump
 * further than any anchor walks the keys once (an index-only scan, no row
 * read), after which any jump is one keyset query. Use it from the thread
 * that owns the McCache. */

#define MC_DOSSIER_LIST_PAGE_SIZE 64
#define MC_DOSSIER_LIST_N_PAGES 8

#define MC_TYPE_DOSSIER_LIST (mc_dossier_list_get_type ())
G_DECLARE_FINAL_TYPE (McDossierList, mc_dossier_list, MC, DOSSIER_LIST, GObject)

McDossierList      *mc_dossier_list_new       (McCache            *cache,
                                               const McCacheQuery *query);
McCache            *mc_dossier_list_get_cache (McDossierList      *self);
const McCacheQuery *mc_dossier_list_get_query (McDossierList      *self);
/* Replaces the query: one items-changed over everything. */
void                mc_dossier_list_set_query (McDossierList      *self,
                                               const McCacheQuery *query);
/* As mc_dossier_list_set_query(), with the query's count measured
 * elsewhere (on a worker thread, on a connection of its own) just before:
 * a search's count can take longer than a frame. */
void                mc_dossier_list_set_query_counted (McDossierList      *self,
                                                       const McCacheQuery *query,
                                                       guint               n_items);
/* As mc_dossier_list_set_query(), showing only the first page until
 * mc_dossier_list_set_count() gives the count, taken elsewhere: counting a
 * million rows would hold up a window's first frame. Returns whether the
 * count is wanted (FALSE when the first page is all the query holds). */
gboolean            mc_dossier_list_set_query_uncounted (McDossierList      *self,
                                                         const McCacheQuery *query);
/* Completes a list shown by mc_dossier_list_set_query_uncounted(): the
 * rest of its rows come after the first page. Ignored once the list was
 * counted otherwise (another query, a refresh). */
void                mc_dossier_list_set_count (McDossierList      *self,
                                               guint               n_items);
gboolean            mc_dossier_list_get_counted (McDossierList    *self);
/* Changes whenever the list's rows may have: what was read elsewhere
 * before (anchors) holds while the serial is the same. */
guint               mc_dossier_list_get_serial (McDossierList     *self);
/* Gives the list the keys of its pages' last rows (mc_cache_scan_keys()
 * from the first row, every MC_DOSSIER_LIST_PAGE_SIZE rows), walked
 * elsewhere (a worker, on a connection of its own), so that a jump far
 * down does not walk them on the main thread. Ignored unless @query is
 * still the list's and its serial still @serial. */
void                mc_dossier_list_take_anchors (McDossierList      *self,
                                                  const McCacheQuery *query,
                                                  guint               serial,
                                                  GArray             *anchors);
/* After mc_cache_apply_page(): emits items-changed for what @changes did
 * to this query. @changes NULL reloads everything. */
void                mc_dossier_list_refresh   (McDossierList      *self,
                                               McCacheChanges     *changes);
/* Pages held right now (for tests and benchmarks). */
guint               mc_dossier_list_get_n_cached_pages (McDossierList *self);

G_END_DECLS
