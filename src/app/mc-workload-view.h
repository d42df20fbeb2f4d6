/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mc-cache-workload.h"
#include "mc-dossier-view.h"
#include "mc-sync.h"

G_BEGIN_DECLS

/* The workload of supervisors and leaders: open, due soon and overdue
 * dossiers by department or by officer (mc_cache_workload, counted on a
 * worker thread), most overdue first. Choosing a row lists its open
 * dossiers below; from there "Reassign…" takes the selected ones, and
 * "Reassign Overdue…" every overdue one, to the reassign dialog. */

#define MC_TYPE_WORKLOAD_VIEW (mc_workload_view_get_type ())
G_DECLARE_FINAL_TYPE (McWorkloadView, mc_workload_view, MC, WORKLOAD_VIEW, GtkWidget)

McWorkloadView      *mc_workload_view_new          (void);
void                 mc_workload_view_set_sync     (McWorkloadView  *self,
                                                    McSync          *sync,
                                                    McCache         *cache);
McWorkloadGroup      mc_workload_view_get_group    (McWorkloadView  *self);
void                 mc_workload_view_set_group    (McWorkloadView  *self,
                                                    McWorkloadGroup  group);
/* Counts again (after a sync); ::updated when the new counts show. */
void                 mc_workload_view_refresh      (McWorkloadView  *self);
guint                mc_workload_view_get_n_rows   (McWorkloadView  *self);
const McWorkloadRow *mc_workload_view_get_row      (McWorkloadView  *self,
                                                    guint            i);
/* The moment the counts were made for, and the end of its due-soon window. */
gint64               mc_workload_view_get_now      (McWorkloadView  *self);
gint64               mc_workload_view_get_soon_until (McWorkloadView *self);
/* Lists row @i's open dossiers below. */
void                 mc_workload_view_select_row   (McWorkloadView  *self,
                                                    guint            i);
McDossierView       *mc_workload_view_get_dossier_view (McWorkloadView *self);
/* Opens the reassign dialog for the listed overdue dossiers of the chosen
 * row (at most 200 at a time); NULL when there are none. */
GtkWindow           *mc_workload_view_reassign_overdue (McWorkloadView *self);

G_END_DECLS
