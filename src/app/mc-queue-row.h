/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mc-cache.h"

G_BEGIN_DECLS

/* One queue of the sidebar: its name and how many dossiers it holds. */

#define MC_TYPE_QUEUE_ROW (mc_queue_row_get_type ())
G_DECLARE_FINAL_TYPE (McQueueRow, mc_queue_row, MC, QUEUE_ROW, GtkListBoxRow)

McQueueRow         *mc_queue_row_new       (const char         *title,
                                            const McCacheQuery *query);
const char         *mc_queue_row_get_title (McQueueRow         *self);
const McCacheQuery *mc_queue_row_get_query (McQueueRow         *self);
void                mc_queue_row_set_query (McQueueRow         *self,
                                            const McCacheQuery *query);
guint               mc_queue_row_get_count (McQueueRow         *self);
void                mc_queue_row_set_count (McQueueRow         *self,
                                            guint               count);
/* Saved searches show a button that emits McQueueRow::remove. */
void                mc_queue_row_set_removable (McQueueRow     *self,
                                                gboolean        removable);

G_END_DECLS
