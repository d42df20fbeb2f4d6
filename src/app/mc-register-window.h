/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mc-cache.h"
#include "mc-registration.h"
#include "mc-sync.h"

G_BEGIN_DECLS

/* Registering a dossier at the counter (design.md "Reception"): the
 * procedure found by code or name (accents ignored), the applicant, the
 * required documents ticked as received, the channels; the due date shown
 * live before saving, with how it was counted. Saving writes to the outbox
 * (works offline); the server gives the code, shown once it answered. A
 * refusal is shown with the server's words and nothing typed is lost. */

typedef enum {
  MC_REGISTER_STATE_EDITING,     /* nothing saved yet, or corrected after a refusal */
  MC_REGISTER_STATE_PENDING,     /* in the outbox, not acknowledged yet */
  MC_REGISTER_STATE_REGISTERED,  /* the server gave it a code */
  MC_REGISTER_STATE_REFUSED,     /* the server refused; see the message */
} McRegisterState;

#define MC_TYPE_REGISTER_WINDOW (mc_register_window_get_type ())
G_DECLARE_FINAL_TYPE (McRegisterWindow, mc_register_window, MC, REGISTER_WINDOW, AdwWindow)

McRegisterWindow *mc_register_window_new            (GtkWindow           *parent,
                                                     McSync              *sync,
                                                     McCache             *cache);
/* Types @text into the procedure search; returns the number of matches. */
guint             mc_register_window_search         (McRegisterWindow    *self,
                                                     const char          *text);
/* Chooses match @i of the search. */
void              mc_register_window_choose         (McRegisterWindow    *self,
                                                     guint                i);
McProcedure      *mc_register_window_get_procedure  (McRegisterWindow    *self);
/* The entry of an applicant field, for typing into. */
GtkEditable      *mc_register_window_get_entry      (McRegisterWindow    *self,
                                                     McRegistrationField  field);
/* The message shown next to @field, or NULL. */
const char       *mc_register_window_get_field_problem (McRegisterWindow *self,
                                                        McRegistrationField field);
void              mc_register_window_set_applicant_kind (McRegisterWindow *self,
                                                         McApplicantKind   kind);
guint             mc_register_window_get_n_components (McRegisterWindow  *self);
void              mc_register_window_set_component_received (McRegisterWindow *self,
                                                             guint             i,
                                                             gboolean          received);
/* The due date shown, in words ("" before a procedure is chosen). */
const char       *mc_register_window_get_due_text   (McRegisterWindow    *self);
const char       *mc_register_window_get_explanation (McRegisterWindow   *self);
/* What the Register button does: FALSE when the form is not valid (the
 * messages are by the fields). */
gboolean          mc_register_window_save           (McRegisterWindow    *self);
McRegisterState   mc_register_window_get_state      (McRegisterWindow    *self);
/* The status line: pending, the code, or the server's refusal. */
const char       *mc_register_window_get_status     (McRegisterWindow    *self);
/* Once registered. */
const char       *mc_register_window_get_code       (McRegisterWindow    *self);
const char       *mc_register_window_get_dossier_id (McRegisterWindow    *self);

G_END_DECLS
