/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include "mc-types.h"

G_BEGIN_DECLS

/* An administrative procedure of the catalogue (thủ tục hành chính): its
 * national code ("1.001612"), the department that decides it, its legal
 * time limit, fee (VND), required components and inter-agency steps.
 * version counts the catalogue's edits; a dossier records the version it
 * was received under. */

/* How a component must be handed in. */
typedef enum {
  MC_COMPONENT_ORIGINAL = 0,      /* bản chính */
  MC_COMPONENT_CERTIFIED_COPY,    /* bản sao chứng thực */
  MC_COMPONENT_COPY,              /* bản sao */
} McComponentForm;

const char *mc_component_form_to_string   (McComponentForm  form);
/* "original", "certified copy", "copy", for a person (translated). */
const char *mc_component_form_get_label   (McComponentForm  form);
gboolean    mc_component_form_from_string (const char      *str,
                                           McComponentForm *out);

/* The value parts of a procedure are boxed structs with public fields
 * (copied in and out); what has an identity of its own is a GObject. */

/* A required component of the dossier (thành phần hồ sơ). */
typedef struct {
  char            *name;       /* owned */
  McComponentForm  form;
  guint            count;      /* copies to hand in, at least 1 */
  gboolean         mandatory;
} McComponent;

#define MC_TYPE_COMPONENT (mc_component_get_type ())
GType        mc_component_get_type (void) G_GNUC_CONST;
McComponent *mc_component_new      (const char        *name,
                                    McComponentForm    form,
                                    guint              count,
                                    gboolean           mandatory);
McComponent *mc_component_copy     (const McComponent *component);
void         mc_component_free     (McComponent       *component);
gboolean     mc_component_equal    (const McComponent *a,
                                    const McComponent *b);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McComponent, mc_component_free)

/* One inter-agency step (liên thông): the department that takes it and the
 * working days it has of the procedure's time limit. */
typedef struct {
  char  *department_id;  /* owned */
  char  *name;           /* owned */
  guint  budget_days;
} McProcedureStep;

#define MC_TYPE_PROCEDURE_STEP (mc_procedure_step_get_type ())
GType            mc_procedure_step_get_type (void) G_GNUC_CONST;
McProcedureStep *mc_procedure_step_new      (const char            *department_id,
                                             const char            *name,
                                             guint                  budget_days);
McProcedureStep *mc_procedure_step_copy     (const McProcedureStep *step);
void             mc_procedure_step_free     (McProcedureStep       *step);
gboolean         mc_procedure_step_equal    (const McProcedureStep *a,
                                             const McProcedureStep *b);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McProcedureStep, mc_procedure_step_free)

/* No legal time limit is anywhere near ten years; larger is a typo. */
#define MC_PROCEDURE_MAX_LIMIT 3650

#define MC_TYPE_PROCEDURE (mc_procedure_get_type ())
G_DECLARE_FINAL_TYPE (McProcedure, mc_procedure, MC, PROCEDURE, GObject)

McProcedure      *mc_procedure_new                     (void);
const char       *mc_procedure_get_id                  (McProcedure *self);
void              mc_procedure_set_id                  (McProcedure *self,
                                                        const char  *id);
const char       *mc_procedure_get_code                (McProcedure *self);
void              mc_procedure_set_code                (McProcedure *self,
                                                        const char  *code);
const char       *mc_procedure_get_name                (McProcedure *self);
void              mc_procedure_set_name                (McProcedure *self,
                                                        const char  *name);
const char       *mc_procedure_get_field               (McProcedure *self);
void              mc_procedure_set_field               (McProcedure *self,
                                                        const char  *field);
const char       *mc_procedure_get_department_id       (McProcedure *self);
void              mc_procedure_set_department_id       (McProcedure *self,
                                                        const char  *department_id);
int               mc_procedure_get_limit_amount        (McProcedure *self);
void              mc_procedure_set_limit_amount        (McProcedure *self,
                                                        int          limit_amount);
McLimitUnit       mc_procedure_get_limit_unit          (McProcedure *self);
void              mc_procedure_set_limit_unit          (McProcedure *self,
                                                        McLimitUnit  limit_unit);
int               mc_procedure_get_online_limit_amount (McProcedure *self);
void              mc_procedure_set_online_limit_amount (McProcedure *self,
                                                        int          online_limit_amount);
McLimitUnit       mc_procedure_get_online_limit_unit   (McProcedure *self);
void              mc_procedure_set_online_limit_unit   (McProcedure *self,
                                                        McLimitUnit  online_limit_unit);
McOnlineLevel     mc_procedure_get_online_level        (McProcedure *self);
void              mc_procedure_set_online_level        (McProcedure   *self,
                                                        McOnlineLevel  online_level);
gint64            mc_procedure_get_fee                 (McProcedure *self);
void              mc_procedure_set_fee                 (McProcedure *self,
                                                        gint64       fee);
McSupplementRule  mc_procedure_get_supplement_rule     (McProcedure *self);
void              mc_procedure_set_supplement_rule     (McProcedure      *self,
                                                        McSupplementRule  supplement_rule);
int               mc_procedure_get_version             (McProcedure *self);
void              mc_procedure_set_version             (McProcedure *self,
                                                        int          version);

/* Components and steps, in order. Adding copies the struct. */
guint                  mc_procedure_get_n_components (McProcedure           *self);
const McComponent     *mc_procedure_get_component    (McProcedure           *self,
                                                      guint                  index);
void                   mc_procedure_add_component    (McProcedure           *self,
                                                      const McComponent     *component);
void                   mc_procedure_clear_components (McProcedure           *self);
guint                  mc_procedure_get_n_steps      (McProcedure           *self);
const McProcedureStep *mc_procedure_get_step         (McProcedure           *self,
                                                      guint                  index);
void                   mc_procedure_add_step         (McProcedure           *self,
                                                      const McProcedureStep *step);
void                   mc_procedure_clear_steps      (McProcedure           *self);

/* The online limit applies when it is set (online_limit_amount >= 0) and
 * the dossier came in online; otherwise the paper one does. */
gboolean               mc_procedure_has_online_limit (McProcedure           *self);
void                   mc_procedure_get_limit_for    (McProcedure           *self,
                                                      McChannel              channel,
                                                      int                   *amount,
                                                      McLimitUnit           *unit);

/* Value equality over every field (wire-visible state). */
gboolean mc_procedure_equal (McProcedure *a,
                             McProcedure *b);

/* The wire form, a JSON object (design.md "Data"). Decoding is strict:
 * a missing, mistyped or invalid member is an MC_WIRE_ERROR naming it;
 * unknown members are ignored so that newer peers can add some. */
JsonNode    *mc_procedure_to_json       (McProcedure *self);
McProcedure *mc_procedure_new_from_json (JsonNode  *node,
                                         GError   **error);

G_END_DECLS
