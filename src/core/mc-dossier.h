/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include "mc-types.h"
#include "mc-attachment.h"
#include "mc-event.h"

G_BEGIN_DECLS

/* A dossier (hồ sơ), with everything of design.md "Data". Kept cheap, since
 * the cache holds them by the million: moments are gint64 seconds
 * (MC_TIME_NONE when unset), the applicant is held by value, and the
 * pauses, attachments and events arrays exist only once something is
 * added. code and due_at are NULL / MC_TIME_NONE until the server has
 * assigned them. appointment_at is set once, by an apology; lateness is
 * still judged against due_at. */

/* The person or organisation a dossier is for. A boxed value with public
 * fields; name is required, the rest may be NULL (an organisation has a
 * tax code, a person a citizen id number). */
typedef struct {
  McApplicantKind  kind;
  char            *name;       /* owned */
  char            *id_number;  /* owned, nullable: citizen id (CCCD) */
  char            *phone;      /* owned, nullable */
  char            *email;      /* owned, nullable */
  char            *address;    /* owned, nullable */
  char            *tax_code;   /* owned, nullable */
} McApplicant;

#define MC_TYPE_APPLICANT (mc_applicant_get_type ())
GType        mc_applicant_get_type (void) G_GNUC_CONST;
McApplicant *mc_applicant_new      (void);
McApplicant *mc_applicant_copy     (const McApplicant *applicant);
void         mc_applicant_free     (McApplicant       *applicant);
gboolean     mc_applicant_equal    (const McApplicant *a,
                                    const McApplicant *b);
/* Strict, like the dossier's decoding; errors name "applicant.<member>". */
McApplicant *mc_applicant_new_from_json (JsonObject        *object,
                                         GError           **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McApplicant, mc_applicant_free)

/* McPause (mc-types.h) as a boxed type. */
#define MC_TYPE_PAUSE (mc_pause_get_type ())
GType    mc_pause_get_type (void) G_GNUC_CONST;
McPause *mc_pause_copy     (const McPause *pause);
void     mc_pause_free     (McPause       *pause);

#define MC_TYPE_DOSSIER (mc_dossier_get_type ())
G_DECLARE_FINAL_TYPE (McDossier, mc_dossier, MC, DOSSIER, GObject)

McDossier    *mc_dossier_new                         (void);
const char   *mc_dossier_get_id                      (McDossier *self);
void          mc_dossier_set_id                      (McDossier  *self,
                                                      const char *id);
const char   *mc_dossier_get_code                    (McDossier *self);
void          mc_dossier_set_code                    (McDossier  *self,
                                                      const char *code);
const char   *mc_dossier_get_procedure_id            (McDossier *self);
void          mc_dossier_set_procedure_id            (McDossier  *self,
                                                      const char *procedure_id);
int           mc_dossier_get_procedure_version       (McDossier *self);
void          mc_dossier_set_procedure_version       (McDossier *self,
                                                      int        procedure_version);
McChannel     mc_dossier_get_channel                 (McDossier *self);
void          mc_dossier_set_channel                 (McDossier *self,
                                                      McChannel  channel);
McChannel     mc_dossier_get_return_channel          (McDossier *self);
void          mc_dossier_set_return_channel          (McDossier *self,
                                                      McChannel  return_channel);
gint64        mc_dossier_get_received_at             (McDossier *self);
void          mc_dossier_set_received_at             (McDossier *self,
                                                      gint64     received_at);
gint64        mc_dossier_get_due_at                  (McDossier *self);
void          mc_dossier_set_due_at                  (McDossier *self,
                                                      gint64     due_at);
gint64        mc_dossier_get_appointment_at          (McDossier *self);
void          mc_dossier_set_appointment_at          (McDossier *self,
                                                      gint64     appointment_at);
McStatus      mc_dossier_get_status                  (McDossier *self);
void          mc_dossier_set_status                  (McDossier *self,
                                                      McStatus   status);
McSubstate    mc_dossier_get_substate                (McDossier *self);
void          mc_dossier_set_substate                (McDossier  *self,
                                                      McSubstate  substate);
const char   *mc_dossier_get_department_id           (McDossier *self);
void          mc_dossier_set_department_id           (McDossier  *self,
                                                      const char *department_id);
const char   *mc_dossier_get_receiving_department_id (McDossier *self);
void          mc_dossier_set_receiving_department_id (McDossier  *self,
                                                      const char *receiving_department_id);
const char   *mc_dossier_get_assignee_id             (McDossier *self);
void          mc_dossier_set_assignee_id             (McDossier  *self,
                                                      const char *assignee_id);
gint64        mc_dossier_get_completed_at            (McDossier *self);
void          mc_dossier_set_completed_at            (McDossier *self,
                                                      gint64     completed_at);
gint64        mc_dossier_get_returned_at             (McDossier *self);
void          mc_dossier_set_returned_at             (McDossier *self,
                                                      gint64     returned_at);
McTimeliness  mc_dossier_get_timeliness              (McDossier *self);
void          mc_dossier_set_timeliness              (McDossier    *self,
                                                      McTimeliness  timeliness);
McResult      mc_dossier_get_result                  (McDossier *self);
void          mc_dossier_set_result                  (McDossier *self,
                                                      McResult   result);
int           mc_dossier_get_version                 (McDossier *self);
void          mc_dossier_set_version                 (McDossier *self,
                                                      int        version);
gint64        mc_dossier_get_updated_at              (McDossier *self);
void          mc_dossier_set_updated_at              (McDossier *self,
                                                      gint64     updated_at);

/* The applicant is held by value: get returns the dossier's own copy,
 * set copies @applicant in. */
const McApplicant *mc_dossier_get_applicant     (McDossier         *self);
void               mc_dossier_set_applicant     (McDossier         *self,
                                                 const McApplicant *applicant);

/* Pauses, attachments and events, in order. Adding a pause copies it;
 * adding an attachment or event takes a new reference. */
guint              mc_dossier_get_n_pauses      (McDossier         *self);
const McPause     *mc_dossier_get_pause         (McDossier         *self,
                                                 guint              index);
void               mc_dossier_add_pause         (McDossier         *self,
                                                 const McPause     *pause);
void               mc_dossier_clear_pauses      (McDossier         *self);
guint              mc_dossier_get_n_attachments (McDossier         *self);
McAttachment      *mc_dossier_get_attachment    (McDossier         *self,
                                                 guint              index);
void               mc_dossier_add_attachment    (McDossier         *self,
                                                 McAttachment      *attachment);
void               mc_dossier_clear_attachments (McDossier         *self);
guint              mc_dossier_get_n_events      (McDossier         *self);
McEvent           *mc_dossier_get_event         (McDossier         *self,
                                                 guint              index);
void               mc_dossier_add_event         (McDossier         *self,
                                                 McEvent           *event);
void               mc_dossier_clear_events      (McDossier         *self);

/* Value equality over every field (wire-visible state). */
gboolean mc_dossier_equal (McDossier *a,
                           McDossier *b);

/* The wire form, a JSON object (design.md "Data"). Decoding is strict:
 * a missing, mistyped or invalid member is an MC_WIRE_ERROR naming it;
 * unknown members are ignored so that newer peers can add some. */
JsonNode  *mc_dossier_to_json       (McDossier *self);
McDossier *mc_dossier_new_from_json (JsonNode  *node,
                                     GError   **error);

G_END_DECLS
