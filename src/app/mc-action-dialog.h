/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "mc-dossier.h"
#include "mc-procedure.h"
#include "mc-types.h"

G_BEGIN_DECLS

/* Asks for exactly the inputs a workflow action needs (target department,
 * officer, reason, new appointment, note: see McWorkflowActionInfo), checks
 * them as they are typed, with a sentence saying what is wrong, and only
 * then enables its "apply" response. It hides rather than closes (hide on
 * close), so that whoever shows it can show it again with everything typed
 * still there when saving the action fails. Responses: "cancel", "apply". */

#define MC_TYPE_ACTION_DIALOG (mc_action_dialog_get_type ())
G_DECLARE_FINAL_TYPE (McActionDialog, mc_action_dialog, MC, ACTION_DIALOG, AdwMessageDialog)

/* @departments: McDepartment, @users: McUser (the cached catalogues);
 * @procedure may be NULL. */
McActionDialog *mc_action_dialog_new             (McAction        action,
                                                  McDossier      *dossier,
                                                  McProcedure    *procedure,
                                                  GPtrArray      *departments,
                                                  GPtrArray      *users);
McAction        mc_action_dialog_get_action      (McActionDialog *self);
/* What is wrong with the inputs now, NULL when they can be sent. */
const char     *mc_action_dialog_get_problem     (McActionDialog *self);
/* The action's body for the outbox ({"action": …, inputs}), NULL while
 * mc_action_dialog_get_problem() is not. */
JsonNode       *mc_action_dialog_build           (McActionDialog *self);
/* Fills the inputs from an earlier body (a refused action taken again). */
void            mc_action_dialog_set_values      (McActionDialog *self,
                                                  JsonObject     *values);
/* Shows why the action could not be saved; the inputs stay. */
void            mc_action_dialog_set_error       (McActionDialog *self,
                                                  const char     *message);

/* The inputs, for keyboard-free tests and for set_values. FALSE when the
 * department or officer is not among those offered. */
gboolean        mc_action_dialog_select_department (McActionDialog *self,
                                                    const char     *department_id);
gboolean        mc_action_dialog_select_assignee   (McActionDialog *self,
                                                    const char     *assignee_id);
void            mc_action_dialog_set_reason        (McActionDialog *self,
                                                    const char     *reason);
void            mc_action_dialog_set_note          (McActionDialog *self,
                                                    const char     *note);
/* "dd/MM/yyyy HH:mm" or "dd/MM/yyyy" (then 17:00). */
void            mc_action_dialog_set_appointment   (McActionDialog *self,
                                                    const char     *text);

/* Parses "dd/MM/yyyy HH:mm" or "dd/MM/yyyy" (17:00) in the province's
 * time; MC_TIME_NONE when it is not a valid date. */
gint64          mc_action_dialog_parse_date        (const char     *text);

G_END_DECLS
