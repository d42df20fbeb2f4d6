/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "mc-types.h"

G_BEGIN_DECLS

/* One line of a dossier list: the few columns a list shows, read from the
 * cache's slim table without decoding the dossier. Immutable; a list model
 * makes a new one when the dossier changes. Moments are MC_TIME_NONE when
 * unset. */

#define MC_TYPE_DOSSIER_ROW (mc_dossier_row_get_type ())
G_DECLARE_FINAL_TYPE (McDossierRow, mc_dossier_row, MC, DOSSIER_ROW, GObject)

const char *mc_dossier_row_get_id             (McDossierRow *self);
const char *mc_dossier_row_get_code           (McDossierRow *self);
const char *mc_dossier_row_get_applicant_name (McDossierRow *self);
const char *mc_dossier_row_get_procedure_id   (McDossierRow *self);
const char *mc_dossier_row_get_department_id  (McDossierRow *self);
const char *mc_dossier_row_get_assignee_id    (McDossierRow *self);
McStatus    mc_dossier_row_get_status         (McDossierRow *self);
gint64      mc_dossier_row_get_received_at    (McDossierRow *self);
gint64      mc_dossier_row_get_due_at         (McDossierRow *self);
int         mc_dossier_row_get_version        (McDossierRow *self);

G_END_DECLS
