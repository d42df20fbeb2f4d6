/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-time.h"
#include "mc-workflow.h"

G_DEFINE_QUARK (mc-workflow-error-quark, mc_workflow_error)

#define ST(s) MC_WORKFLOW_STATUS_BIT (MC_STATUS_##s)
#define RO(r) MC_WORKFLOW_ROLE_BIT (MC_ROLE_##r)
#define SUB_NONE MC_WORKFLOW_SUBSTATE_BIT (MC_SUBSTATE_NONE)
#define SUB_APPROVAL MC_WORKFLOW_SUBSTATE_BIT (MC_SUBSTATE_AWAITING_APPROVAL)
#define SUB_ANY (SUB_NONE | SUB_APPROVAL)

#define IN_DEPT MC_WORKFLOW_INPUT_DEPARTMENT
#define IN_ASSIGNEE MC_WORKFLOW_INPUT_ASSIGNEE
#define IN_REASON MC_WORKFLOW_INPUT_REASON
#define IN_APPOINTMENT MC_WORKFLOW_INPUT_APPOINTMENT
#define IN_NOTE MC_WORKFLOW_INPUT_NOTE

/* The statuses an action may start from, per group of roles. An action has
 * several rules when roles differ by stage: reception transfers a dossier it
 * has received, a leader or the supervisor one that is being processed.
 * The sub-state mask applies to in_progress only. */
typedef struct {
  McAction action;
  guint    statuses;
  guint    substates;
  guint    roles;
} Rule;

static const Rule rules[] = {
  { MC_ACTION_ACCEPT, ST (SUBMITTED), SUB_ANY, RO (RECEPTION) },
  { MC_ACTION_REFUSE, ST (SUBMITTED), SUB_ANY, RO (RECEPTION) },

  { MC_ACTION_TRANSFER, ST (RECEIVED), SUB_ANY, RO (RECEPTION) },
  /* Inter-agency transfer. Not while a draft waits for the leader: it must be
   * decided or sent back first, or the draft would be lost on the way. */
  { MC_ACTION_TRANSFER, ST (IN_PROGRESS), SUB_NONE, RO (LEADER) | RO (SUPERVISOR) },

  { MC_ACTION_RECALL, ST (IN_PROGRESS), SUB_NONE, RO (RECEPTION) | RO (SUPERVISOR) },
  { MC_ACTION_ASSIGN, ST (IN_PROGRESS), SUB_NONE, RO (LEADER) | RO (SUPERVISOR) },
  /* A new officer starts from the appraisal, not from someone else's draft. */
  { MC_ACTION_REASSIGN, ST (IN_PROGRESS), SUB_NONE, RO (LEADER) | RO (SUPERVISOR) },

  /* domain.md §2.1: an online submission that is incomplete gets the list
   * of what is missing (form 02) before it is accepted, not a refusal. */
  { MC_ACTION_REQUEST_SUPPLEMENT, ST (SUBMITTED), SUB_ANY, RO (RECEPTION) },
  /* A leader reviewing a draft may still find a paper missing. */
  { MC_ACTION_REQUEST_SUPPLEMENT, ST (RECEIVED) | ST (IN_PROGRESS), SUB_ANY,
    RO (RECEPTION) | RO (SPECIALIST) | RO (LEADER) },
  { MC_ACTION_SUPPLEMENT_RECEIVED, ST (AWAITING_SUPPLEMENT), SUB_ANY,
    RO (RECEPTION) | RO (SPECIALIST) | RO (LEADER) },

  { MC_ACTION_REQUEST_PAYMENT, ST (IN_PROGRESS), SUB_ANY, RO (SPECIALIST) | RO (LEADER) },
  { MC_ACTION_PAYMENT_RECEIVED, ST (AWAITING_PAYMENT), SUB_ANY,
    RO (RECEPTION) | RO (SPECIALIST) | RO (LEADER) },

  { MC_ACTION_SUBMIT_FOR_APPROVAL, ST (IN_PROGRESS), SUB_NONE, RO (SPECIALIST) },
  { MC_ACTION_SEND_BACK, ST (IN_PROGRESS), SUB_APPROVAL, RO (LEADER) },
  { MC_ACTION_APPROVE, ST (IN_PROGRESS), SUB_APPROVAL, RO (LEADER) },
  { MC_ACTION_REFUSE_RESULT, ST (IN_PROGRESS), SUB_APPROVAL, RO (LEADER) },

  { MC_ACTION_STOP, ST (IN_PROGRESS) | ST (AWAITING_SUPPLEMENT) | ST (AWAITING_PAYMENT),
    SUB_ANY, RO (LEADER) | RO (SUPERVISOR) },
  { MC_ACTION_WITHDRAW,
    ST (SUBMITTED) | ST (RECEIVED) | ST (IN_PROGRESS) | ST (AWAITING_SUPPLEMENT) |
    ST (AWAITING_PAYMENT),
    SUB_ANY, RO (RECEPTION) },
  { MC_ACTION_APOLOGISE_AND_RESCHEDULE,
    ST (RECEIVED) | ST (IN_PROGRESS) | ST (AWAITING_SUPPLEMENT) | ST (AWAITING_PAYMENT),
    SUB_ANY, RO (LEADER) | RO (SUPERVISOR) },
  { MC_ACTION_RETURN_RESULT, ST (RESULT_READY), SUB_ANY, RO (RECEPTION) },
};

/* The whole of each action; from_statuses, from_substates and roles are the
 * union of its rules, checked against them by the tests. */
static const McWorkflowActionInfo infos[MC_N_ACTIONS] = {
  [MC_ACTION_ACCEPT] = {
    MC_ACTION_ACCEPT, ST (SUBMITTED), SUB_ANY, RO (RECEPTION),
    MC_STATUS_RECEIVED, MC_SUBSTATE_NONE,
    0, 0, IN_NOTE, MC_WORKFLOW_CONDITION_NONE, MC_RESULT_NONE },
  [MC_ACTION_REFUSE] = {
    MC_ACTION_REFUSE, ST (SUBMITTED), SUB_ANY, RO (RECEPTION),
    MC_STATUS_NOT_ACCEPTED, MC_SUBSTATE_NONE,
    IN_REASON, 0, IN_NOTE, MC_WORKFLOW_CONDITION_NONE, MC_RESULT_NONE },
  [MC_ACTION_TRANSFER] = {
    MC_ACTION_TRANSFER, ST (RECEIVED) | ST (IN_PROGRESS), SUB_NONE,
    RO (RECEPTION) | RO (LEADER) | RO (SUPERVISOR),
    MC_STATUS_IN_PROGRESS, MC_SUBSTATE_NONE,
    IN_DEPT, 0, IN_NOTE, MC_WORKFLOW_CONDITION_NONE, MC_RESULT_NONE },
  [MC_ACTION_RECALL] = {
    MC_ACTION_RECALL, ST (IN_PROGRESS), SUB_NONE, RO (RECEPTION) | RO (SUPERVISOR),
    MC_STATUS_RECEIVED, MC_SUBSTATE_NONE,
    0, 0, IN_REASON | IN_NOTE, MC_WORKFLOW_CONDITION_UNASSIGNED, MC_RESULT_NONE },
  [MC_ACTION_ASSIGN] = {
    MC_ACTION_ASSIGN, ST (IN_PROGRESS), SUB_NONE, RO (LEADER) | RO (SUPERVISOR),
    MC_STATUS_IN_PROGRESS, MC_SUBSTATE_NONE,
    IN_ASSIGNEE, 0, IN_NOTE, MC_WORKFLOW_CONDITION_UNASSIGNED, MC_RESULT_NONE },
  [MC_ACTION_REASSIGN] = {
    MC_ACTION_REASSIGN, ST (IN_PROGRESS), SUB_NONE, RO (LEADER) | RO (SUPERVISOR),
    MC_STATUS_IN_PROGRESS, MC_SUBSTATE_NONE,
    IN_REASON, IN_ASSIGNEE | IN_DEPT, IN_NOTE, MC_WORKFLOW_CONDITION_ASSIGNED,
    MC_RESULT_NONE },
  [MC_ACTION_REQUEST_SUPPLEMENT] = {
    MC_ACTION_REQUEST_SUPPLEMENT, ST (SUBMITTED) | ST (RECEIVED) | ST (IN_PROGRESS), SUB_ANY,
    RO (RECEPTION) | RO (SPECIALIST) | RO (LEADER),
    MC_STATUS_AWAITING_SUPPLEMENT, MC_SUBSTATE_NONE,
    IN_REASON, 0, IN_NOTE, MC_WORKFLOW_CONDITION_SPECIALIST_IS_ASSIGNEE, MC_RESULT_NONE },
  [MC_ACTION_SUPPLEMENT_RECEIVED] = {
    MC_ACTION_SUPPLEMENT_RECEIVED, ST (AWAITING_SUPPLEMENT), SUB_ANY,
    RO (RECEPTION) | RO (SPECIALIST) | RO (LEADER),
    MC_STATUS_IN_PROGRESS, MC_SUBSTATE_NONE,
    0, 0, IN_NOTE, MC_WORKFLOW_CONDITION_NONE, MC_RESULT_NONE },
  [MC_ACTION_REQUEST_PAYMENT] = {
    MC_ACTION_REQUEST_PAYMENT, ST (IN_PROGRESS), SUB_ANY, RO (SPECIALIST) | RO (LEADER),
    MC_STATUS_AWAITING_PAYMENT, MC_SUBSTATE_NONE,
    0, 0, IN_NOTE, MC_WORKFLOW_CONDITION_SPECIALIST_IS_ASSIGNEE, MC_RESULT_NONE },
  [MC_ACTION_PAYMENT_RECEIVED] = {
    MC_ACTION_PAYMENT_RECEIVED, ST (AWAITING_PAYMENT), SUB_ANY,
    RO (RECEPTION) | RO (SPECIALIST) | RO (LEADER),
    MC_STATUS_IN_PROGRESS, MC_SUBSTATE_NONE,
    0, 0, IN_NOTE, MC_WORKFLOW_CONDITION_NONE, MC_RESULT_NONE },
  [MC_ACTION_SUBMIT_FOR_APPROVAL] = {
    MC_ACTION_SUBMIT_FOR_APPROVAL, ST (IN_PROGRESS), SUB_NONE, RO (SPECIALIST),
    MC_STATUS_IN_PROGRESS, MC_SUBSTATE_AWAITING_APPROVAL,
    0, 0, IN_NOTE, MC_WORKFLOW_CONDITION_SPECIALIST_IS_ASSIGNEE, MC_RESULT_NONE },
  [MC_ACTION_SEND_BACK] = {
    MC_ACTION_SEND_BACK, ST (IN_PROGRESS), SUB_APPROVAL, RO (LEADER),
    MC_STATUS_IN_PROGRESS, MC_SUBSTATE_NONE,
    IN_REASON, 0, IN_NOTE, MC_WORKFLOW_CONDITION_NONE, MC_RESULT_NONE },
  [MC_ACTION_APPROVE] = {
    MC_ACTION_APPROVE, ST (IN_PROGRESS), SUB_APPROVAL, RO (LEADER),
    MC_STATUS_RESULT_READY, MC_SUBSTATE_NONE,
    0, 0, IN_NOTE, MC_WORKFLOW_CONDITION_NONE, MC_RESULT_GRANTED },
  [MC_ACTION_REFUSE_RESULT] = {
    MC_ACTION_REFUSE_RESULT, ST (IN_PROGRESS), SUB_APPROVAL, RO (LEADER),
    MC_STATUS_RESULT_READY, MC_SUBSTATE_NONE,
    IN_REASON, 0, IN_NOTE, MC_WORKFLOW_CONDITION_NONE, MC_RESULT_REFUSED },
  [MC_ACTION_STOP] = {
    MC_ACTION_STOP, ST (IN_PROGRESS) | ST (AWAITING_SUPPLEMENT) | ST (AWAITING_PAYMENT),
    SUB_ANY, RO (LEADER) | RO (SUPERVISOR),
    MC_STATUS_STOPPED, MC_SUBSTATE_NONE,
    IN_REASON, 0, IN_NOTE, MC_WORKFLOW_CONDITION_NONE, MC_RESULT_NONE },
  [MC_ACTION_WITHDRAW] = {
    MC_ACTION_WITHDRAW,
    ST (SUBMITTED) | ST (RECEIVED) | ST (IN_PROGRESS) | ST (AWAITING_SUPPLEMENT) |
    ST (AWAITING_PAYMENT),
    SUB_ANY, RO (RECEPTION),
    MC_STATUS_WITHDRAWN, MC_SUBSTATE_NONE,
    IN_REASON, 0, IN_NOTE, MC_WORKFLOW_CONDITION_NONE, MC_RESULT_NONE },
  [MC_ACTION_APOLOGISE_AND_RESCHEDULE] = {
    MC_ACTION_APOLOGISE_AND_RESCHEDULE,
    ST (RECEIVED) | ST (IN_PROGRESS) | ST (AWAITING_SUPPLEMENT) | ST (AWAITING_PAYMENT),
    SUB_ANY, RO (LEADER) | RO (SUPERVISOR),
    0, MC_SUBSTATE_NONE,
    IN_APPOINTMENT | IN_REASON, 0, IN_NOTE, MC_WORKFLOW_CONDITION_NOT_RESCHEDULED,
    MC_RESULT_NONE },
  [MC_ACTION_RETURN_RESULT] = {
    MC_ACTION_RETURN_RESULT, ST (RESULT_READY), SUB_ANY, RO (RECEPTION),
    MC_STATUS_RETURNED, MC_SUBSTATE_NONE,
    0, 0, IN_NOTE, MC_WORKFLOW_CONDITION_NONE, MC_RESULT_NONE },
};

const McWorkflowActionInfo *
mc_workflow_action_get_info (McAction action)
{
  if ((int) action <= (int) MC_ACTION_REGISTER || action >= MC_N_ACTIONS)
    return NULL;
  return &infos[action];
}

const char *
mc_workflow_action_get_label (McAction action)
{
  /* Short words such as "Accept" mean other things on other buttons. */
  switch (action)
    {
    case MC_ACTION_REGISTER: return C_("workflow action", "Register");
    case MC_ACTION_ACCEPT: return C_("workflow action", "Accept");
    case MC_ACTION_REFUSE: return C_("workflow action", "Refuse to accept");
    case MC_ACTION_TRANSFER: return C_("workflow action", "Transfer");
    case MC_ACTION_RECALL: return C_("workflow action", "Recall");
    case MC_ACTION_ASSIGN: return C_("workflow action", "Assign");
    case MC_ACTION_REASSIGN: return C_("workflow action", "Reassign");
    case MC_ACTION_REQUEST_SUPPLEMENT: return C_("workflow action", "Request supplement");
    case MC_ACTION_SUPPLEMENT_RECEIVED: return C_("workflow action", "Supplement received");
    case MC_ACTION_REQUEST_PAYMENT: return C_("workflow action", "Request payment");
    case MC_ACTION_PAYMENT_RECEIVED: return C_("workflow action", "Payment received");
    case MC_ACTION_SUBMIT_FOR_APPROVAL: return C_("workflow action", "Submit for approval");
    case MC_ACTION_SEND_BACK: return C_("workflow action", "Send back");
    case MC_ACTION_APPROVE: return C_("workflow action", "Approve");
    case MC_ACTION_REFUSE_RESULT: return C_("workflow action", "Refuse the application");
    case MC_ACTION_STOP: return C_("workflow action", "Stop processing");
    case MC_ACTION_WITHDRAW: return C_("workflow action", "Withdraw");
    case MC_ACTION_APOLOGISE_AND_RESCHEDULE: return C_("workflow action", "Apologise and reschedule");
    case MC_ACTION_RETURN_RESULT: return C_("workflow action", "Return result");
    case MC_N_ACTIONS:
    default:
      return NULL;
    }
}

guint
mc_workflow_verdict_http_status (McVerdict verdict)
{
  switch (verdict)
    {
    case MC_VERDICT_ALLOWED: return 0;
    case MC_VERDICT_FORBIDDEN_ROLE: return 403;
    case MC_VERDICT_NOT_VISIBLE: return 404;
    case MC_VERDICT_INVALID_STATE:
    case MC_VERDICT_PRECONDITION:
    default:
      return 422;
    }
}

guint
mc_workflow_error_http_status (McWorkflowError code)
{
  switch (code)
    {
    case MC_WORKFLOW_ERROR_FORBIDDEN_ROLE: return 403;
    case MC_WORKFLOW_ERROR_NOT_VISIBLE: return 404;
    case MC_WORKFLOW_ERROR_INVALID_STATE:
    case MC_WORKFLOW_ERROR_PRECONDITION:
    case MC_WORKFLOW_ERROR_INVALID_INPUT:
    default:
      return 422;
    }
}

/* NULL and "" both mean "none", so that a value read from a database column
 * or a JSON member means the same whichever way it is missing. */
static gboolean
is_set (const char *s)
{
  return s != NULL && s[0] != '\0';
}

static gboolean
same_id (const char *a,
         const char *b)
{
  return is_set (a) && is_set (b) && strcmp (a, b) == 0;
}

static gboolean
rule_matches_state (const Rule              *rule,
                    const McWorkflowSubject *subject)
{
  if (!mc_status_is_valid (subject->status))
    return FALSE;
  if ((rule->statuses & MC_WORKFLOW_STATUS_BIT (subject->status)) == 0)
    return FALSE;
  /* The sub-state only qualifies in_progress; a stale value left on another
   * status must not block a dossier. */
  if (subject->status != MC_STATUS_IN_PROGRESS)
    return TRUE;
  if ((guint) subject->substate > MC_SUBSTATE_AWAITING_APPROVAL)
    return FALSE;
  return (rule->substates & MC_WORKFLOW_SUBSTATE_BIT (subject->substate)) != 0;
}

static gboolean
is_visible (const McWorkflowSubject *subject,
            const McWorkflowActor   *actor)
{
  switch (actor->role)
    {
    case MC_ROLE_RECEPTION:
      return same_id (actor->department_id, subject->receiving_department_id);
    case MC_ROLE_SPECIALIST:
    case MC_ROLE_LEADER:
      return same_id (actor->department_id, subject->department_id);
    case MC_ROLE_SUPERVISOR:
      return TRUE;
    case MC_ROLE_ADMIN:
    case MC_N_ROLES:
    default:
      return FALSE;
    }
}

static void
set_state_error (McAction                 action,
                 const McWorkflowSubject *subject,
                 GError                 **error)
{
  const char *label = mc_workflow_action_get_label (action);

  if (!mc_status_is_valid (subject->status))
    g_set_error_literal (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_INVALID_STATE,
                         _("The dossier has an unknown status. Reload it and try again."));
  else if (mc_status_is_final (subject->status))
    g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_INVALID_STATE,
                 _("This dossier is closed (“%s”): no further action can be taken on it."),
                 mc_status_get_label (subject->status));
  else if (subject->status == MC_STATUS_IN_PROGRESS &&
           subject->substate == MC_SUBSTATE_AWAITING_APPROVAL)
    g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_INVALID_STATE,
                 _("“%s” is not possible while the dossier awaits the leader’s approval."),
                 label);
  else
    g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_INVALID_STATE,
                 _("“%s” is not possible while the dossier is “%s”."),
                 label, mc_status_get_label (subject->status));
}

static void
set_register_error (GError **error)
{
  g_set_error_literal (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_INVALID_STATE,
                       _("A dossier is registered once, when it is received; "
                         "registering is not an action on an existing dossier."));
}

/* The conditions on the dossier itself, shared by check() and apply(). */
static gboolean
check_subject_conditions (const McWorkflowActionInfo *info,
                          const McWorkflowSubject    *subject,
                          GError                    **error)
{
  if ((info->conditions & MC_WORKFLOW_CONDITION_UNASSIGNED) != 0 &&
      is_set (subject->assignee_id))
    {
      if (info->action == MC_ACTION_ASSIGN)
        g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_PRECONDITION,
                     _("This dossier is already assigned to an officer; use “%s” to change who processes it."),
                     mc_workflow_action_get_label (MC_ACTION_REASSIGN));
      else
        g_set_error_literal (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_PRECONDITION,
                             _("This dossier has already been assigned to an officer of the department, so it can no longer be recalled."));
      return FALSE;
    }

  if ((info->conditions & MC_WORKFLOW_CONDITION_ASSIGNED) != 0 &&
      !is_set (subject->assignee_id))
    {
      g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_PRECONDITION,
                   _("No officer is assigned to this dossier yet; use “%s” first."),
                   mc_workflow_action_get_label (MC_ACTION_ASSIGN));
      return FALSE;
    }

  if ((info->conditions & MC_WORKFLOW_CONDITION_NOT_RESCHEDULED) != 0 &&
      subject->rescheduled)
    {
      g_set_error_literal (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_PRECONDITION,
                           _("The appointment of this dossier has already been reset once, and it may be reset only once."));
      return FALSE;
    }

  return TRUE;
}

McVerdict
mc_workflow_check (McAction                 action,
                   const McWorkflowSubject *subject,
                   const McWorkflowActor   *actor,
                   GError                 **error)
{
  const McWorkflowActionInfo *info;
  gboolean role_listed = FALSE;
  gboolean state_listed = FALSE;

  g_return_val_if_fail ((int) action >= 0 && action < MC_N_ACTIONS, MC_VERDICT_INVALID_STATE);
  g_return_val_if_fail (subject != NULL, MC_VERDICT_INVALID_STATE);
  g_return_val_if_fail (actor != NULL, MC_VERDICT_FORBIDDEN_ROLE);
  g_return_val_if_fail (error == NULL || *error == NULL, MC_VERDICT_INVALID_STATE);

  if ((int) actor->role < 0 || actor->role >= MC_N_ROLES || actor->role == MC_ROLE_ADMIN)
    {
      g_set_error_literal (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_FORBIDDEN_ROLE,
                           actor->role == MC_ROLE_ADMIN
                           ? _("Administrators manage the system and take no part in processing dossiers.")
                           : _("Your account has no role that may process dossiers. Ask an administrator."));
      return MC_VERDICT_FORBIDDEN_ROLE;
    }

  /* Scope before anything else: the server answers 404 for a dossier the
   * user may not see, and must not reveal through a 403 or a 422 that it
   * exists or what state it is in. */
  if (!is_visible (subject, actor))
    {
      g_set_error_literal (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_NOT_VISIBLE,
                           _("This dossier is not within the scope of your unit."));
      return MC_VERDICT_NOT_VISIBLE;
    }

  info = mc_workflow_action_get_info (action);
  if (info == NULL)
    {
      set_register_error (error);
      return MC_VERDICT_INVALID_STATE;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      const Rule *rule = &rules[i];

      if (rule->action != action || (rule->roles & MC_WORKFLOW_ROLE_BIT (actor->role)) == 0)
        continue;
      role_listed = TRUE;
      if (rule_matches_state (rule, subject))
        state_listed = TRUE;
    }

  if (!role_listed)
    {
      g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_FORBIDDEN_ROLE,
                   _("A user with the role “%s” may not take the action “%s”."),
                   mc_role_get_label (actor->role), mc_workflow_action_get_label (action));
      return MC_VERDICT_FORBIDDEN_ROLE;
    }

  if (!state_listed)
    {
      set_state_error (action, subject, error);
      return MC_VERDICT_INVALID_STATE;
    }

  if (!check_subject_conditions (info, subject, error))
    return MC_VERDICT_PRECONDITION;

  if ((info->conditions & MC_WORKFLOW_CONDITION_SPECIALIST_IS_ASSIGNEE) != 0 &&
      actor->role == MC_ROLE_SPECIALIST &&
      !same_id (actor->id, subject->assignee_id))
    {
      g_set_error_literal (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_PRECONDITION,
                           _("Only the officer assigned to this dossier may do this. Ask the department leader to assign it to you."));
      return MC_VERDICT_PRECONDITION;
    }

  return MC_VERDICT_ALLOWED;
}

guint
mc_workflow_list_actions (const McWorkflowSubject *subject,
                          const McWorkflowActor   *actor,
                          McAction                 actions[MC_N_ACTIONS])
{
  guint n = 0;

  g_return_val_if_fail (subject != NULL, 0);
  g_return_val_if_fail (actor != NULL, 0);
  g_return_val_if_fail (actions != NULL, 0);

  for (int a = MC_ACTION_REGISTER + 1; a < MC_N_ACTIONS; a++)
    {
      if (mc_workflow_check ((McAction) a, subject, actor, NULL) == MC_VERDICT_ALLOWED)
        actions[n++] = (McAction) a;
    }

  return n;
}

static gboolean
text_is_valid (const char *s)
{
  return s == NULL || g_utf8_validate (s, -1, NULL);
}

static gboolean
text_is_blank (const char *s)
{
  if (s == NULL)
    return TRUE;
  for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!g_unichar_isspace (g_utf8_get_char (p)))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_inputs (const McWorkflowActionInfo *info,
              const McWorkflowSubject    *subject,
              const McWorkflowParams     *params,
              GError                    **error)
{
  const char *label = mc_workflow_action_get_label (info->action);

  /* Everything written to the history must be text, whatever the action
   * reads from it. */
  if (!text_is_valid (params->department_id) || !text_is_valid (params->assignee_id) ||
      !text_is_valid (params->reason) || !text_is_valid (params->note))
    {
      g_set_error_literal (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_INVALID_INPUT,
                           _("The text given with the action contains invalid characters."));
      return FALSE;
    }

  if ((info->required_inputs & MC_WORKFLOW_INPUT_DEPARTMENT) != 0)
    {
      if (!is_set (params->department_id))
        {
          g_set_error_literal (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_INVALID_INPUT,
                               _("Choose the department to send the dossier to."));
          return FALSE;
        }
      if (same_id (params->department_id, subject->department_id))
        {
          g_set_error_literal (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_INVALID_INPUT,
                               _("The dossier is already held by this department; choose another one."));
          return FALSE;
        }
    }

  if ((info->required_inputs & MC_WORKFLOW_INPUT_ASSIGNEE) != 0 &&
      !is_set (params->assignee_id))
    {
      g_set_error_literal (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_INVALID_INPUT,
                           _("Choose the officer who will process the dossier."));
      return FALSE;
    }

  /* Reassign: some change of hands, to an officer or a department. */
  if (info->one_of_inputs != 0)
    {
      gboolean dept_given = is_set (params->department_id);
      gboolean assignee_given = is_set (params->assignee_id);
      gboolean dept_changes = dept_given && !same_id (params->department_id, subject->department_id);
      gboolean assignee_changes = assignee_given && !same_id (params->assignee_id, subject->assignee_id);

      if (!dept_given && !assignee_given)
        {
          g_set_error_literal (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_INVALID_INPUT,
                               _("Choose another officer or another department."));
          return FALSE;
        }
      if (!dept_changes && !assignee_changes)
        {
          if (assignee_given)
            g_set_error_literal (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_INVALID_INPUT,
                                 _("The dossier is already assigned to this officer; choose another one."));
          else
            g_set_error_literal (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_INVALID_INPUT,
                                 _("The dossier is already held by this department; choose another one."));
          return FALSE;
        }
    }

  if ((info->required_inputs & MC_WORKFLOW_INPUT_APPOINTMENT) != 0 &&
      (params->appointment_at == MC_TIME_NONE || params->appointment_at <= 0))
    {
      g_set_error_literal (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_INVALID_INPUT,
                           _("Choose the new appointment date."));
      return FALSE;
    }

  if ((info->required_inputs & MC_WORKFLOW_INPUT_REASON) != 0 && text_is_blank (params->reason))
    {
      g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_INVALID_INPUT,
                   _("Give the reason for “%s”: it is recorded in the history and printed on the forms."),
                   label);
      return FALSE;
    }

  return TRUE;
}

static gboolean
state_allowed_for_someone (McAction                 action,
                           const McWorkflowSubject *subject)
{
  for (gsize i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      if (rules[i].action == action && rule_matches_state (&rules[i], subject))
        return TRUE;
    }
  return FALSE;
}

gboolean
mc_workflow_apply (McAction                 action,
                   const McWorkflowSubject *subject,
                   const McWorkflowParams  *params,
                   McWorkflowOutcome       *out,
                   GError                 **error)
{
  static const McWorkflowParams no_params = { NULL, NULL, NULL, MC_TIME_NONE, NULL };
  const McWorkflowActionInfo *info;
  const char *assignee;

  g_return_val_if_fail ((int) action >= 0 && action < MC_N_ACTIONS, FALSE);
  g_return_val_if_fail (subject != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (params == NULL)
    params = &no_params;

  info = mc_workflow_action_get_info (action);
  if (info == NULL)
    {
      set_register_error (error);
      return FALSE;
    }
  if (!state_allowed_for_someone (action, subject))
    {
      set_state_error (action, subject, error);
      return FALSE;
    }
  if (!check_subject_conditions (info, subject, error))
    return FALSE;
  if (!check_inputs (info, subject, params, error))
    return FALSE;

  assignee = is_set (subject->assignee_id) ? subject->assignee_id : NULL;

  memset (out, 0, sizeof *out);
  out->status = subject->status;
  out->substate = subject->status == MC_STATUS_IN_PROGRESS ? subject->substate : MC_SUBSTATE_NONE;
  out->department_id = subject->department_id;
  out->assignee_id = assignee;
  out->result = info->result;

  if (info->to_status != 0)
    {
      out->status = info->to_status;
      out->substate = info->to_substate;
    }

  switch (action)
    {
    case MC_ACTION_TRANSFER:
      out->department_id = params->department_id;
      out->department_changed = TRUE;
      out->assignee_id = NULL;
      out->assignee_changed = assignee != NULL;
      break;

    case MC_ACTION_RECALL:
      /* Back to the one-stop unit that received it, which transfers it again. */
      out->department_id = subject->receiving_department_id;
      out->department_changed = !same_id (subject->department_id, subject->receiving_department_id);
      break;

    case MC_ACTION_ASSIGN:
      out->assignee_id = params->assignee_id;
      out->assignee_changed = TRUE;
      break;

    case MC_ACTION_REASSIGN:
      if (is_set (params->department_id) && !same_id (params->department_id, subject->department_id))
        {
          out->department_id = params->department_id;
          out->department_changed = TRUE;
          /* An officer of the old department cannot follow it unless named. */
          out->assignee_id = NULL;
        }
      if (is_set (params->assignee_id))
        out->assignee_id = params->assignee_id;
      out->assignee_changed = !same_id (out->assignee_id, assignee);
      break;

    case MC_ACTION_SUPPLEMENT_RECEIVED:
      /* Back to the step it was waiting at: a dossier asked for papers before
       * it was accepted or transferred goes back to reception, not to a
       * department that never had it. */
      if (subject->resume_status == MC_STATUS_SUBMITTED ||
          subject->resume_status == MC_STATUS_RECEIVED)
        out->status = subject->resume_status;
      break;

    case MC_ACTION_REQUEST_SUPPLEMENT:
      out->resume_status = subject->status;
      break;

    case MC_ACTION_APOLOGISE_AND_RESCHEDULE:
      out->rescheduled = TRUE;
      break;

    case MC_ACTION_REGISTER:
    case MC_ACTION_ACCEPT:
    case MC_ACTION_REFUSE:
    case MC_ACTION_REQUEST_PAYMENT:
    case MC_ACTION_PAYMENT_RECEIVED:
    case MC_ACTION_SUBMIT_FOR_APPROVAL:
    case MC_ACTION_SEND_BACK:
    case MC_ACTION_APPROVE:
    case MC_ACTION_REFUSE_RESULT:
    case MC_ACTION_STOP:
    case MC_ACTION_WITHDRAW:
    case MC_ACTION_RETURN_RESULT:
    case MC_N_ACTIONS:
    default:
      break;
    }

  return TRUE;
}
