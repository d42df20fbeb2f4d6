/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mc-dossier.h"

G_BEGIN_DECLS

/* A dossier's full history as a timeline, oldest first: for each event who
 * (and in which role), when (dd/MM/yyyy HH:mm), what, the move it made and
 * the note or reason given. */

#define MC_TYPE_DOSSIER_HISTORY (mc_dossier_history_get_type ())
G_DECLARE_FINAL_TYPE (McDossierHistory, mc_dossier_history, MC, DOSSIER_HISTORY, GtkWidget)

McDossierHistory *mc_dossier_history_new         (void);
/* @users: user id → McUser, @departments: department id → McDepartment
 * (both borrowed for the call, may be NULL); @dossier NULL empties it. */
void              mc_dossier_history_set_dossier (McDossierHistory *self,
                                                  McDossier        *dossier,
                                                  GHashTable       *users,
                                                  GHashTable       *departments);
guint             mc_dossier_history_get_n_rows  (McDossierHistory *self);
/* The row of the @index-th event (for tests and accessibility checks). */
GtkWidget        *mc_dossier_history_get_row     (McDossierHistory *self,
                                                  guint             index);

G_END_DECLS
