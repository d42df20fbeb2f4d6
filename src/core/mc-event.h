/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include "mc-types.h"

G_BEGIN_DECLS

/* One line of a dossier's history, written by every action; the control
 * sheet (phiếu kiểm soát) is printed from these. from_status is 0 and the
 * from/to ids are NULL where they do not apply (the register event has no
 * previous status; an assignment does not change department). actor_id is
 * NULL for what the system does by itself, such as an online submission
 * arriving; actor_name is the name as it was then, for the printed sheet. */

#define MC_TYPE_EVENT (mc_event_get_type ())
G_DECLARE_FINAL_TYPE (McEvent, mc_event, MC, EVENT, GObject)

McEvent    *mc_event_new                    (void);
const char *mc_event_get_id                 (McEvent *self);
void        mc_event_set_id                 (McEvent    *self,
                                             const char *id);
const char *mc_event_get_dossier_id         (McEvent *self);
void        mc_event_set_dossier_id         (McEvent    *self,
                                             const char *dossier_id);
gint64      mc_event_get_at                 (McEvent *self);
void        mc_event_set_at                 (McEvent *self,
                                             gint64   at);
const char *mc_event_get_actor_id           (McEvent *self);
void        mc_event_set_actor_id           (McEvent    *self,
                                             const char *actor_id);
const char *mc_event_get_actor_name         (McEvent *self);
void        mc_event_set_actor_name         (McEvent    *self,
                                             const char *actor_name);
McAction    mc_event_get_action             (McEvent *self);
void        mc_event_set_action             (McEvent  *self,
                                             McAction  action);
McStatus    mc_event_get_from_status        (McEvent *self);
void        mc_event_set_from_status        (McEvent  *self,
                                             McStatus  from_status);
McStatus    mc_event_get_to_status          (McEvent *self);
void        mc_event_set_to_status          (McEvent  *self,
                                             McStatus  to_status);
const char *mc_event_get_from_department_id (McEvent *self);
void        mc_event_set_from_department_id (McEvent    *self,
                                             const char *from_department_id);
const char *mc_event_get_to_department_id   (McEvent *self);
void        mc_event_set_to_department_id   (McEvent    *self,
                                             const char *to_department_id);
const char *mc_event_get_from_assignee_id   (McEvent *self);
void        mc_event_set_from_assignee_id   (McEvent    *self,
                                             const char *from_assignee_id);
const char *mc_event_get_to_assignee_id     (McEvent *self);
void        mc_event_set_to_assignee_id     (McEvent    *self,
                                             const char *to_assignee_id);
const char *mc_event_get_note               (McEvent *self);
void        mc_event_set_note               (McEvent    *self,
                                             const char *note);

/* Value equality over every field (wire-visible state). */
gboolean mc_event_equal (McEvent *a,
                         McEvent *b);

/* The wire form, a JSON object (design.md "Data"). Decoding is strict:
 * a missing, mistyped or invalid member is an MC_WIRE_ERROR naming it;
 * unknown members are ignored so that newer peers can add some. */
JsonNode *mc_event_to_json       (McEvent *self);
McEvent  *mc_event_new_from_json (JsonNode  *node,
                                  GError   **error);

G_END_DECLS
