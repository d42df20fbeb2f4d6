/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include "mc-types.h"

G_BEGIN_DECLS

/* A department (cơ quan, đơn vị): a provincial department, a district or
 * commune people's committee, or one of their one-stop units. agency_id is
 * the electronic agency id ("000.00.20.H12") that starts the codes of the
 * dossiers it receives (domain.md §4). */

#define MC_TYPE_DEPARTMENT (mc_department_get_type ())
G_DECLARE_FINAL_TYPE (McDepartment, mc_department, MC, DEPARTMENT, GObject)

McDepartment      *mc_department_new           (void);
const char        *mc_department_get_id        (McDepartment *self);
void               mc_department_set_id        (McDepartment *self,
                                                const char   *id);
const char        *mc_department_get_code      (McDepartment *self);
void               mc_department_set_code      (McDepartment *self,
                                                const char   *code);
const char        *mc_department_get_agency_id (McDepartment *self);
void               mc_department_set_agency_id (McDepartment *self,
                                                const char   *agency_id);
const char        *mc_department_get_name      (McDepartment *self);
void               mc_department_set_name      (McDepartment *self,
                                                const char   *name);
McDepartmentLevel  mc_department_get_level     (McDepartment *self);
void               mc_department_set_level     (McDepartment      *self,
                                                McDepartmentLevel  level);
const char        *mc_department_get_parent_id (McDepartment *self);
void               mc_department_set_parent_id (McDepartment *self,
                                                const char   *parent_id);

/* Value equality over every field (wire-visible state). */
gboolean mc_department_equal (McDepartment *a,
                              McDepartment *b);

/* The wire form, a JSON object (design.md "Data"). Decoding is strict:
 * a missing, mistyped or invalid member is an MC_WIRE_ERROR naming it;
 * unknown members are ignored so that newer peers can add some. */
JsonNode     *mc_department_to_json       (McDepartment *self);
McDepartment *mc_department_new_from_json (JsonNode  *node,
                                           GError   **error);

G_END_DECLS
