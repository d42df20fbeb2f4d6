/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mc-application.h"
#include "mc-dossier-detail.h"
#include "mc-dossier-view.h"
#include "mc-queue-sidebar.h"
#include "mc-sync.h"
#include "mc-workload-view.h"

G_BEGIN_DECLS

#define MC_TYPE_WINDOW (mc_window_get_type ())
G_DECLARE_FINAL_TYPE (McWindow, mc_window, MC, WINDOW, AdwApplicationWindow)

McWindow       *mc_window_new               (McApplication *application);
/* While `motcua --demo` seeds and starts its server. */
void            mc_window_show_starting     (McWindow      *self);
/* Back to the welcome page (nothing to show: no account, or the demo
 * failed to start). */
void            mc_window_show_welcome      (McWindow      *self);
/* Shows the queues of @sync's cache, which the window opens for itself,
 * follows @sync's state in the header bar and refreshes on its changes. */
gboolean        mc_window_set_sync          (McWindow      *self,
                                             McSync        *sync,
                                             GError       **error);
McSync         *mc_window_get_sync          (McWindow      *self);
McQueueSidebar *mc_window_get_queue_sidebar (McWindow      *self);
McDossierView  *mc_window_get_dossier_view  (McWindow      *self);
McDossierDetail *mc_window_get_dossier_detail (McWindow    *self);
/* The supervisors' and leaders' workload page (Ctrl+L). */
McWorkloadView *mc_window_get_workload_view (McWindow      *self);
/* The sync state as the header bar shows it. */
const char     *mc_window_get_sync_status   (McWindow      *self);

G_END_DECLS
