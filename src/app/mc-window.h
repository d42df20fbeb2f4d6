/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mc-application.h"
#include "mc-dossier-detail.h"
#include "mc-dossier-view.h"
#include "mc-queue-sidebar.h"
#include "mc-sign-in-page.h"
#include "mc-sync.h"
#include "mc-workload-view.h"

G_BEGIN_DECLS

#define MC_TYPE_WINDOW (mc_window_get_type ())
G_DECLARE_FINAL_TYPE (McWindow, mc_window, MC, WINDOW, AdwApplicationWindow)

McWindow       *mc_window_new               (McApplication *application);
/* While `motcua --demo` seeds and starts its server. */
void            mc_window_show_starting     (McWindow      *self);
/* The same page with other words: restoring a session, switching account. */
void            mc_window_show_progress     (McWindow      *self,
                                             const char    *title,
                                             const char    *description);
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
/* What the bar under the header bar says, NULL when it is hidden. */
const char     *mc_window_get_sync_bar_text (McWindow      *self);
McSignInPage   *mc_window_get_sign_in_page  (McWindow      *self);
/* "welcome", "starting" or "queues". */
const char     *mc_window_get_page          (McWindow      *self);
/* In-app messages (deadline alerts, results of actions). */
void            mc_window_add_toast         (McWindow      *self,
                                             AdwToast      *toast);
/* A labelled section at the top of the primary menu (the demo's accounts). */
void            mc_window_add_menu_section  (McWindow      *self,
                                             const char    *label,
                                             GMenuModel    *section);
/* Shows dossier @id (a cache id): its row in the "All" queue is selected
 * and scrolled to; the detail pane follows the selection. FALSE when the
 * cache does not have it. */
gboolean        mc_window_open_dossier      (McWindow      *self,
                                             const char    *id);

G_END_DECLS
