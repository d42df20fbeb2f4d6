/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mc-cache.h"
#include "mc-sync.h"

G_BEGIN_DECLS

/* Reassigning one or many dossiers (design.md "Supervisor views"): a
 * target department and/or officer and a required reason; one outbox
 * entry per dossier, each with its own idempotency key and the version it
 * was based on; then one result per dossier: sent, waiting (offline), or
 * refused with the server's or the workflow table's reason. */

typedef enum {
  MC_REASSIGN_RESULT_NONE = 0,   /* not sent yet */
  MC_REASSIGN_RESULT_SENT,       /* the server applied it */
  MC_REASSIGN_RESULT_PENDING,    /* saved here, waiting for the network */
  MC_REASSIGN_RESULT_REFUSED,    /* refused; see the message */
} McReassignResult;

#define MC_TYPE_REASSIGN_DIALOG (mc_reassign_dialog_get_type ())
G_DECLARE_FINAL_TYPE (McReassignDialog, mc_reassign_dialog, MC, REASSIGN_DIALOG, AdwWindow)

/* @rows: McDossierRow of the dossiers to reassign (borrowed). */
McReassignDialog *mc_reassign_dialog_new          (GtkWindow        *parent,
                                                   McSync           *sync,
                                                   McCache          *cache,
                                                   GPtrArray        *rows);
guint             mc_reassign_dialog_get_n_items  (McReassignDialog *self);
/* Chooses the target by id (NULL: keep); FALSE when not offered. */
gboolean          mc_reassign_dialog_set_department (McReassignDialog *self,
                                                     const char       *department_id);
gboolean          mc_reassign_dialog_set_assignee (McReassignDialog *self,
                                                   const char       *user_id);
void              mc_reassign_dialog_set_reason   (McReassignDialog *self,
                                                   const char       *reason);
/* What the Reassign button does. FALSE (and a message by the fields)
 * when the input is not complete. */
gboolean          mc_reassign_dialog_submit       (McReassignDialog *self);
/* The message shown by the fields, or NULL. */
const char       *mc_reassign_dialog_get_problem  (McReassignDialog *self);
/* TRUE once every item has its result. */
gboolean          mc_reassign_dialog_get_finished (McReassignDialog *self);
McReassignResult  mc_reassign_dialog_get_result   (McReassignDialog *self,
                                                   guint             i,
                                                   const char      **code,
                                                   const char      **message);

G_END_DECLS
