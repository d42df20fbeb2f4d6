/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-cache.h"
#include "mc-queue-row.h"
#include "mc-user.h"

G_BEGIN_DECLS

/* The queues of the window's sidebar, each with its count read from the
 * cache on a worker thread, then the user's saved searches. The selected
 * row's query is the "query" property. */

/* design.md "Deadlines": due soon is less than one working day left. */
#define MC_QUEUE_DUE_SOON_SECONDS ((gint64) 8 * 3600)

/**
 * McQueueId:
 *
 * The fixed queues, in the order of the sidebar: the user's own work
 * first, then the national portal's processing steps, then every dossier.
 * Saved searches follow them, from index %MC_QUEUE_N_FIXED.
 */
typedef enum {
  MC_QUEUE_MINE = 0,
  MC_QUEUE_DEPARTMENT,
  MC_QUEUE_SUBMITTED,
  MC_QUEUE_RECEIVED,
  MC_QUEUE_IN_PROGRESS,
  MC_QUEUE_AWAITING_SUPPLEMENT,
  MC_QUEUE_AWAITING_PAYMENT,
  MC_QUEUE_DUE_SOON,
  MC_QUEUE_OVERDUE,
  MC_QUEUE_RESULT_READY,
  MC_QUEUE_RETURNED,
  MC_QUEUE_ALL,
  MC_QUEUE_N_FIXED
} McQueueId;

/* Stable names for saved searches ("mine", "overdue", …). */
const char         *mc_queue_id_to_string (McQueueId  id);
gboolean            mc_queue_id_from_string (const char *name,
                                             McQueueId  *id);

#define MC_TYPE_QUEUE_SIDEBAR (mc_queue_sidebar_get_type ())
G_DECLARE_FINAL_TYPE (McQueueSidebar, mc_queue_sidebar, MC, QUEUE_SIDEBAR, GtkWidget)

McQueueSidebar     *mc_queue_sidebar_new          (void);
McCache            *mc_queue_sidebar_get_cache    (McQueueSidebar *self);
/* Builds the queues' queries on @cache's calendar and counts them. */
void                mc_queue_sidebar_set_cache    (McQueueSidebar *self,
                                                   McCache        *cache);
/* Whose queues these are: "mine" and "my department" follow @user, and
 * "all" is shown to supervisors (and while no user is known). */
void                mc_queue_sidebar_set_user     (McQueueSidebar *self,
                                                   McUser         *user);
/* After the cache changed: the due-soon and overdue queues are measured
 * from now again, and every queue is counted again. */
void                mc_queue_sidebar_refresh      (McQueueSidebar *self);
/* Whether counts are being read; the counts are final when it is FALSE. */
gboolean            mc_queue_sidebar_get_counting (McQueueSidebar *self);
/* Fixed queues plus saved searches. */
guint               mc_queue_sidebar_get_n_queues (McQueueSidebar *self);
McQueueRow         *mc_queue_sidebar_get_queue    (McQueueSidebar *self,
                                                   guint           index);
gboolean            mc_queue_sidebar_is_queue_shown (McQueueSidebar *self,
                                                     guint           index);
void                mc_queue_sidebar_select       (McQueueSidebar *self,
                                                   guint           index);
/* Selects where the user's day starts: every dossier for supervisors,
 * their own for specialists, their department's for the others. */
void                mc_queue_sidebar_select_default (McQueueSidebar *self);
/* The selected row's query; NULL when none is selected. */
const McCacheQuery *mc_queue_sidebar_get_query    (McQueueSidebar *self);
/* The fixed queue the selection is (or a saved search is based on). */
McQueueId           mc_queue_sidebar_get_selected_base (McQueueSidebar *self);

/* Saved searches: a name, the queue they search in and the text. The
 * "saved-searches-changed" signal tells when to store them. */
guint               mc_queue_sidebar_add_saved_search (McQueueSidebar *self,
                                                       const char     *name,
                                                       McQueueId       base,
                                                       const char     *text);
/* As stored in GSettings: a(ss) of name and "queue=NAME&text=TEXT". */
GVariant           *mc_queue_sidebar_dup_saved_searches (McQueueSidebar *self);
void                mc_queue_sidebar_load_saved_searches (McQueueSidebar *self,
                                                          GVariant       *searches);

G_END_DECLS
