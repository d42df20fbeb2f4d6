/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mc-sync.h"
#include "mc-types.h"

G_BEGIN_DECLS

/* Deadline alerts (design.md "The application"): which open dossiers of
 * the user (assigned to them) or of their department have newly become
 * due soon or overdue, computed from the cache and its calendar, so that
 * it works offline too. What was announced is kept in a small file beside
 * the cache (<cache>.alerts), so a restart does not announce it again; a
 * dossier that leaves the alert levels (finished, given more time) is
 * forgotten and may be announced again later.
 *
 * GSettings: alerts-enabled, due-soon-working-days, alerts-my-dossiers,
 * alerts-my-department. No GTK: the window shows the toasts. */

typedef struct {
  char         *dossier_id;
  char         *code;        /* nullable: not yet numbered */
  char         *applicant;   /* nullable */
  McAlertLevel  level;
  gint64        due_at;
} McDeadlineAlert;

void mc_deadline_alert_free (McDeadlineAlert *alert);

#define MC_TYPE_DEADLINE_ALERTS (mc_deadline_alerts_get_type ())
G_DECLARE_FINAL_TYPE (McDeadlineAlerts, mc_deadline_alerts, MC, DEADLINE_ALERTS, GObject)

McDeadlineAlerts *mc_deadline_alerts_new            (const char       *cache_path,
                                                     GSettings        *settings);
const char       *mc_deadline_alerts_get_state_path (McDeadlineAlerts *self);
/* Whose dossiers: the user's id and their department's (either NULL). */
void              mc_deadline_alerts_set_user       (McDeadlineAlerts *self,
                                                     const char       *user_id,
                                                     const char       *department_id);
/* A fixed present moment (tests, a demo seeded with --now); MC_TIME_NONE
 * for the clock. */
void              mc_deadline_alerts_set_now        (McDeadlineAlerts *self,
                                                     gint64            now);
/* Looks now, on the caller's thread: returns the new crossings
 * (McDeadlineAlert, overdue first, then by due date), records them as
 * announced and emits ::alerts when there are any. Empty when alerts are
 * off. */
GPtrArray        *mc_deadline_alerts_check          (McDeadlineAlerts *self,
                                                     GError          **error);
/* Checks after every change @sync applies, when the settings change, and
 * on a timer: every minute and at the next moment a dossier falls due.
 * These looks run on a worker thread, one at a time; ::alerts is emitted
 * on the main thread when one ends. */
void              mc_deadline_alerts_start          (McDeadlineAlerts *self,
                                                     McSync           *sync);
void              mc_deadline_alerts_stop           (McDeadlineAlerts *self);

/* The desktop notification for some new alerts of one @level: one
 * dossier gets its own ("deadline-<id>", opening it through
 * app.open-dossier), several one summary ("deadline-overdue",
 * "deadline-due-soon"). @id receives the notification's id. */
GNotification    *mc_deadline_alerts_build_notification (GPtrArray    *alerts,
                                                         McAlertLevel  level,
                                                         char        **id);
/* One line for an in-app toast. */
char             *mc_deadline_alerts_describe       (GPtrArray        *alerts,
                                                     McAlertLevel      level);

G_END_DECLS
