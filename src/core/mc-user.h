/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include "mc-types.h"

G_BEGIN_DECLS

/* An account of the system. department_id is NULL for people who belong to
 * no single department (center supervisors, administrators). */

#define MC_TYPE_USER (mc_user_get_type ())
G_DECLARE_FINAL_TYPE (McUser, mc_user, MC, USER, GObject)

McUser     *mc_user_new               (void);
const char *mc_user_get_id            (McUser *self);
void        mc_user_set_id            (McUser     *self,
                                       const char *id);
const char *mc_user_get_username      (McUser *self);
void        mc_user_set_username      (McUser     *self,
                                       const char *username);
const char *mc_user_get_full_name     (McUser *self);
void        mc_user_set_full_name     (McUser     *self,
                                       const char *full_name);
McRole      mc_user_get_role          (McUser *self);
void        mc_user_set_role          (McUser *self,
                                       McRole  role);
const char *mc_user_get_department_id (McUser *self);
void        mc_user_set_department_id (McUser     *self,
                                       const char *department_id);
gboolean    mc_user_get_disabled      (McUser *self);
void        mc_user_set_disabled      (McUser   *self,
                                       gboolean  disabled);

/* Value equality over every field (wire-visible state). */
gboolean mc_user_equal (McUser *a,
                        McUser *b);

/* The wire form, a JSON object (design.md "Data"). Decoding is strict:
 * a missing, mistyped or invalid member is an MC_WIRE_ERROR naming it;
 * unknown members are ignored so that newer peers can add some. */
JsonNode *mc_user_to_json       (McUser *self);
McUser   *mc_user_new_from_json (JsonNode  *node,
                                 GError   **error);

G_END_DECLS
