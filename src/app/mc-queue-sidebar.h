/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mc-cache.h"
#include "mc-queue-row.h"

G_BEGIN_DECLS

/* The queues of the window's sidebar, each with its count read from the
 * cache. The selected queue's query is the "query" property. */

/* design.md "Deadlines": due soon is less than one working day left. */
#define MC_QUEUE_DUE_SOON_SECONDS ((gint64) 8 * 3600)

#define MC_TYPE_QUEUE_SIDEBAR (mc_queue_sidebar_get_type ())
G_DECLARE_FINAL_TYPE (McQueueSidebar, mc_queue_sidebar, MC, QUEUE_SIDEBAR, GtkWidget)

McQueueSidebar     *mc_queue_sidebar_new          (void);
McCache            *mc_queue_sidebar_get_cache    (McQueueSidebar *self);
/* Builds the queues' queries on @cache's calendar and counts them. */
void                mc_queue_sidebar_set_cache    (McQueueSidebar *self,
                                                   McCache        *cache);
/* After the cache changed: the due-soon and overdue queues are measured
 * from now again, and every queue is counted again. */
void                mc_queue_sidebar_refresh      (McQueueSidebar *self);
guint               mc_queue_sidebar_get_n_queues (McQueueSidebar *self);
McQueueRow         *mc_queue_sidebar_get_queue    (McQueueSidebar *self,
                                                   guint           index);
void                mc_queue_sidebar_select       (McQueueSidebar *self,
                                                   guint           index);
/* The selected queue's query; NULL when none is selected. */
const McCacheQuery *mc_queue_sidebar_get_query    (McQueueSidebar *self);

G_END_DECLS
