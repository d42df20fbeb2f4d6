/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "mc-types.h"

G_BEGIN_DECLS

/* The workflow table: which action may be taken from which status, by whom,
 * with which inputs, and where it leads. It exists once, here; the server
 * asks it before every change (and is the authority), the application asks
 * it to show what the user may do now, also while offline.
 *
 * It works on small plain structs rather than on McDossier and McUser so
 * that both sides can call it from whatever they hold (a database row, a
 * cached object) without building objects first. */

#define MC_WORKFLOW_ERROR (mc_workflow_error_quark ())

/* The codes of MC_WORKFLOW_ERROR, with the HTTP status the server answers. */
typedef enum {
  MC_WORKFLOW_ERROR_FORBIDDEN_ROLE,  /* 403: the user's role may not take this action here */
  MC_WORKFLOW_ERROR_NOT_VISIBLE,     /* 404: the dossier is outside the user's scope */
  MC_WORKFLOW_ERROR_INVALID_STATE,   /* 422: the table forbids this action from this status */
  MC_WORKFLOW_ERROR_PRECONDITION,    /* 422: allowed from this status, but not now (already
                                      * assigned, already rescheduled, not the assignee…) */
  MC_WORKFLOW_ERROR_INVALID_INPUT,   /* 422: an input the action needs is missing or wrong */
} McWorkflowError;

/* The answer of mc_workflow_check(). Every verdict but ALLOWED comes with
 * an error of the code of the same name. */
typedef enum {
  MC_VERDICT_ALLOWED = 0,
  MC_VERDICT_FORBIDDEN_ROLE,
  MC_VERDICT_NOT_VISIBLE,
  MC_VERDICT_INVALID_STATE,
  MC_VERDICT_PRECONDITION,
} McVerdict;

/* What an action asks the user for. */
typedef enum {
  MC_WORKFLOW_INPUT_NONE        = 0,
  MC_WORKFLOW_INPUT_DEPARTMENT  = 1 << 0,  /* the department it goes to */
  MC_WORKFLOW_INPUT_ASSIGNEE    = 1 << 1,  /* the officer who will process it */
  MC_WORKFLOW_INPUT_REASON      = 1 << 2,  /* printed on the forms and in the history */
  MC_WORKFLOW_INPUT_APPOINTMENT = 1 << 3,  /* the new appointment (form 04) */
  MC_WORKFLOW_INPUT_NOTE        = 1 << 4,  /* free text for the history */
} McWorkflowInput;

/* What must be true of the dossier (and of the user) besides its status. */
typedef enum {
  MC_WORKFLOW_CONDITION_NONE            = 0,
  MC_WORKFLOW_CONDITION_UNASSIGNED      = 1 << 0,  /* no officer assigned yet */
  MC_WORKFLOW_CONDITION_ASSIGNED        = 1 << 1,  /* an officer is assigned */
  MC_WORKFLOW_CONDITION_NOT_RESCHEDULED = 1 << 2,  /* the appointment was never reset */
  MC_WORKFLOW_CONDITION_SPECIALIST_IS_ASSIGNEE = 1 << 3,  /* a specialist acts only on
                                                           * dossiers assigned to them */
} McWorkflowCondition;

#define MC_WORKFLOW_STATUS_BIT(status)     (1u << (guint) (status))
#define MC_WORKFLOW_ROLE_BIT(role)         (1u << (guint) (role))
#define MC_WORKFLOW_SUBSTATE_BIT(substate) (1u << (guint) (substate))

/* One action as a whole, for building forms and validating requests. The
 * finer rules (reception transfers only from received, leaders only from
 * in progress…) are what mc_workflow_check() applies. */
typedef struct {
  McAction            action;
  guint               from_statuses;   /* MC_WORKFLOW_STATUS_BIT of each starting status */
  guint               from_substates;  /* MC_WORKFLOW_SUBSTATE_BIT of each in_progress
                                        * sub-state it starts from, when it starts from
                                        * in_progress; the sub-state of other statuses
                                        * is not looked at */
  guint               roles;           /* MC_WORKFLOW_ROLE_BIT of each role that may take it */
  McStatus            to_status;       /* 0 when the status stays (apologise); for
                                        * supplement_received the status it resumes
                                        * when none is recorded (see resume_status) */
  McSubstate          to_substate;
  McWorkflowInput     required_inputs;
  McWorkflowInput     one_of_inputs;   /* at least one of these (reassign) */
  McWorkflowInput     optional_inputs;
  McWorkflowCondition conditions;
  McResult            result;          /* the decision it records, if any */
} McWorkflowActionInfo;

/* The dossier as the workflow sees it. Strings are borrowed; NULL and ""
 * both mean "none". A dossier that has been received and not yet transferred
 * sits with the unit that received it: department_id equals
 * receiving_department_id. */
typedef struct {
  McStatus    status;
  McSubstate  substate;                 /* meaningful in in_progress only */
  const char *department_id;            /* the department that holds it now */
  const char *receiving_department_id;  /* the one-stop unit that received it */
  const char *assignee_id;              /* the officer processing it, nullable */
  gboolean    rescheduled;              /* the appointment was reset once already */
  McStatus    resume_status;            /* in awaiting_supplement: the status the
                                         * supplement was requested from (submitted,
                                         * received or in_progress), where it goes back
                                         * to; 0 means in_progress */
} McWorkflowSubject;

/* The user taking the action. */
typedef struct {
  const char *id;
  McRole      role;
  const char *department_id;  /* for reception, their one-stop unit; nullable */
} McWorkflowActor;

/* What the user gave with the action. Unused inputs are ignored. */
typedef struct {
  const char *department_id;   /* transfer, reassign */
  const char *assignee_id;     /* assign, reassign */
  const char *reason;
  gint64      appointment_at;  /* apologise_and_reschedule; MC_TIME_NONE or 0 when absent */
  const char *note;
} McWorkflowParams;

/* Where an action leads. Strings are borrowed from the subject or the
 * params given to mc_workflow_apply(). */
typedef struct {
  McStatus    status;
  McSubstate  substate;
  const char *department_id;
  const char *assignee_id;         /* nullable */
  gboolean    department_changed;
  gboolean    assignee_changed;
  gboolean    rescheduled;         /* this action reset the appointment */
  McResult    result;              /* approve: granted; refuse_result: refused */
  McStatus    resume_status;       /* request_supplement: the status it was asked from,
                                    * to keep as the subject's resume_status; else 0 */
} McWorkflowOutcome;

GQuark      mc_workflow_error_quark        (void);

/* NULL for MC_ACTION_REGISTER (creation, not a move) and out-of-range values. */
const McWorkflowActionInfo *
            mc_workflow_action_get_info    (McAction                 action);

/* "Transfer", "Request supplement"…, translated. */
const char *mc_workflow_action_get_label   (McAction                 action);

/* May @actor take @action on @subject now? The checks run in this order,
 * so that the server's answer leaks nothing: an administrator or an unknown
 * role is FORBIDDEN_ROLE; a dossier outside the actor's scope is NOT_VISIBLE
 * (reception: dossiers their unit received; specialist and leader: dossiers
 * their department holds; supervisor: all); an action the role never takes
 * is FORBIDDEN_ROLE; a status (and sub-state) the role may not take it from
 * is INVALID_STATE; an unmet condition is PRECONDITION. @error, if given,
 * gets a translated sentence the user can act on. */
McVerdict   mc_workflow_check              (McAction                 action,
                                            const McWorkflowSubject *subject,
                                            const McWorkflowActor   *actor,
                                            GError                 **error);

/* The outcome of @action on @subject with @params. Checks the status, the
 * conditions that concern the dossier and the inputs (not the actor: call
 * mc_workflow_check() for that); on failure returns FALSE with
 * MC_WORKFLOW_ERROR_INVALID_STATE, _PRECONDITION or _INVALID_INPUT. The
 * server still checks that a department or an assignee it is given exists
 * and that the assignee belongs to the department. @params may be NULL for
 * actions that need no input. */
gboolean    mc_workflow_apply              (McAction                 action,
                                            const McWorkflowSubject *subject,
                                            const McWorkflowParams  *params,
                                            McWorkflowOutcome       *out,
                                            GError                 **error);

/* The actions @actor may take on @subject now, in the order of McAction,
 * written to @actions; returns how many. */
guint       mc_workflow_list_actions       (const McWorkflowSubject *subject,
                                            const McWorkflowActor   *actor,
                                            McAction                 actions[MC_N_ACTIONS]);

/* The HTTP status the server answers: 0 for MC_VERDICT_ALLOWED, else 403,
 * 404 or 422; likewise for an MC_WORKFLOW_ERROR code. */
guint       mc_workflow_verdict_http_status (McVerdict               verdict);
guint       mc_workflow_error_http_status  (McWorkflowError          code);

G_END_DECLS
