/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-test.h"
#include "mc-time.h"
#include "mc-workflow.h"

/* The expectation, written out by hand from design.md and domain.md and
 * never computed from the code under test: for each action and each role
 * that may take it, the states it may take it from, and the condition on
 * the dossier or the user. A state is a status wire name, except that
 * "in_progress" means in progress with no sub-state and "approval" means in
 * progress awaiting the leader's approval. An action/role pair missing from
 * the table is forbidden to that role. */
typedef struct {
  const char *action;
  const char *role;
  const char *states;
  const char *condition;  /* NULL, "unassigned", "assigned", "once", "mine" */
} Expectation;

static const Expectation expectations[] = {
  { "accept", "reception", "submitted", NULL },
  { "refuse", "reception", "submitted", NULL },

  { "transfer", "reception", "received", NULL },
  { "transfer", "leader", "in_progress", NULL },
  { "transfer", "supervisor", "in_progress", NULL },

  { "recall", "reception", "in_progress", "unassigned" },
  { "recall", "supervisor", "in_progress", "unassigned" },

  { "assign", "leader", "in_progress", "unassigned" },
  { "assign", "supervisor", "in_progress", "unassigned" },

  { "reassign", "leader", "in_progress", "assigned" },
  { "reassign", "supervisor", "in_progress", "assigned" },

  { "request_supplement", "reception", "submitted received in_progress approval", NULL },
  { "request_supplement", "specialist", "received in_progress approval", "mine" },
  { "request_supplement", "leader", "received in_progress approval", NULL },

  { "supplement_received", "reception", "awaiting_supplement", NULL },
  { "supplement_received", "specialist", "awaiting_supplement", NULL },
  { "supplement_received", "leader", "awaiting_supplement", NULL },

  { "request_payment", "specialist", "in_progress approval", "mine" },
  { "request_payment", "leader", "in_progress approval", NULL },

  { "payment_received", "reception", "awaiting_payment", NULL },
  { "payment_received", "specialist", "awaiting_payment", NULL },
  { "payment_received", "leader", "awaiting_payment", NULL },

  { "submit_for_approval", "specialist", "in_progress", "mine" },

  { "send_back", "leader", "approval", NULL },
  { "approve", "leader", "approval", NULL },
  { "refuse_result", "leader", "approval", NULL },

  { "stop", "leader", "in_progress approval awaiting_supplement awaiting_payment", NULL },
  { "stop", "supervisor", "in_progress approval awaiting_supplement awaiting_payment", NULL },

  { "withdraw", "reception",
    "submitted received in_progress approval awaiting_supplement awaiting_payment", NULL },

  { "apologise_and_reschedule", "leader",
    "received in_progress approval awaiting_supplement awaiting_payment", "once" },
  { "apologise_and_reschedule", "supervisor",
    "received in_progress approval awaiting_supplement awaiting_payment", "once" },

  { "return_result", "reception", "result_ready", NULL },
};

/* Where the actor stands relative to the dossier. D is the department that
 * holds the dossier, R the one-stop unit that received it, X elsewhere. */
typedef struct {
  const char *name;
  const char *department;
  const char *receiving;
  const char *actor_department;
} Scope;

static const Scope scopes[] = {
  { "own department", "D", "R", "D" },
  { "own receiving unit", "D", "R", "R" },
  { "at own receiving unit", "R", "R", "R" },
  { "other department", "D", "R", "X" },
  { "actor without department", "D", "R", NULL },
  { "nothing known", NULL, NULL, NULL },
};

#define ACTOR_ID "u-actor"
#define OTHER_ID "u-other"

/* NULL and "" both mean nobody. */
static const char *const assignees[] = { NULL, "", ACTOR_ID, OTHER_ID };

/* Statuses 0 and 11 are not statuses: a corrupt row must be refused. */
#define STATUS_MIN 0
#define STATUS_MAX 11

static const char *
state_token (int        status,
             McSubstate substate)
{
  if (status == MC_STATUS_IN_PROGRESS && substate == MC_SUBSTATE_AWAITING_APPROVAL)
    return "approval";
  if (status < MC_STATUS_FIRST || status > MC_STATUS_LAST)
    return NULL;
  return mc_status_to_string ((McStatus) status);
}

static gboolean
token_in (const char *token,
          const char *list)
{
  g_auto(GStrv) words = NULL;

  if (token == NULL)
    return FALSE;
  words = g_strsplit (list, " ", -1);
  return g_strv_contains ((const char * const *) words, token);
}

static const Expectation *
find_expectation (McAction action,
                  McRole   role)
{
  for (gsize i = 0; i < G_N_ELEMENTS (expectations); i++)
    {
      McAction a;
      McRole r;

      g_assert_true (mc_action_from_string (expectations[i].action, &a));
      g_assert_true (mc_role_from_string (expectations[i].role, &r));
      if (a == action && r == role)
        return &expectations[i];
    }
  return NULL;
}

static gboolean
has_someone (const char *id)
{
  return id != NULL && id[0] != '\0';
}

static gboolean
same (const char *a,
      const char *b)
{
  return a != NULL && b != NULL && a[0] != '\0' && strcmp (a, b) == 0;
}

static McVerdict
expected_verdict (McAction                 action,
                  const McWorkflowSubject *subject,
                  const McWorkflowActor   *actor)
{
  const Expectation *e;
  gboolean visible;

  if (actor->role == MC_ROLE_ADMIN)
    return MC_VERDICT_FORBIDDEN_ROLE;

  switch (actor->role)
    {
    case MC_ROLE_RECEPTION:
      visible = same (actor->department_id, subject->receiving_department_id);
      break;
    case MC_ROLE_SPECIALIST:
    case MC_ROLE_LEADER:
      visible = same (actor->department_id, subject->department_id);
      break;
    case MC_ROLE_SUPERVISOR:
      visible = TRUE;
      break;
    case MC_ROLE_ADMIN:
    case MC_N_ROLES:
    default:
      g_assert_not_reached ();
    }
  if (!visible)
    return MC_VERDICT_NOT_VISIBLE;

  if (action == MC_ACTION_REGISTER)
    return MC_VERDICT_INVALID_STATE;

  e = find_expectation (action, actor->role);
  if (e == NULL)
    return MC_VERDICT_FORBIDDEN_ROLE;
  if (!token_in (state_token ((int) subject->status, subject->substate), e->states))
    return MC_VERDICT_INVALID_STATE;

  if (g_strcmp0 (e->condition, "unassigned") == 0 && has_someone (subject->assignee_id))
    return MC_VERDICT_PRECONDITION;
  if (g_strcmp0 (e->condition, "assigned") == 0 && !has_someone (subject->assignee_id))
    return MC_VERDICT_PRECONDITION;
  if (g_strcmp0 (e->condition, "once") == 0 && subject->rescheduled)
    return MC_VERDICT_PRECONDITION;
  if (g_strcmp0 (e->condition, "mine") == 0 && !same (actor->id, subject->assignee_id))
    return MC_VERDICT_PRECONDITION;

  return MC_VERDICT_ALLOWED;
}

static int
verdict_error_code (McVerdict verdict)
{
  switch (verdict)
    {
    case MC_VERDICT_FORBIDDEN_ROLE: return MC_WORKFLOW_ERROR_FORBIDDEN_ROLE;
    case MC_VERDICT_NOT_VISIBLE: return MC_WORKFLOW_ERROR_NOT_VISIBLE;
    case MC_VERDICT_INVALID_STATE: return MC_WORKFLOW_ERROR_INVALID_STATE;
    case MC_VERDICT_PRECONDITION: return MC_WORKFLOW_ERROR_PRECONDITION;
    case MC_VERDICT_ALLOWED:
    default:
      g_assert_not_reached ();
    }
}

/* A message a person reads: a whole sentence, no hole left by a NULL. */
static void
assert_sentence (const char *message)
{
  gsize len;

  g_assert_nonnull (message);
  g_assert_true (g_utf8_validate (message, -1, NULL));
  len = strlen (message);
  g_assert_cmpuint (len, >, 10);
  g_assert_true (message[len - 1] == '.');
  g_assert_null (strstr (message, "(null)"));
}

static void
test_check_exhaustive (void)
{
  guint64 cells = 0;
  guint64 allowed = 0;
  guint64 by_verdict[MC_VERDICT_PRECONDITION + 1] = { 0 };
  guint64 lists = 0;

  for (int status = STATUS_MIN; status <= STATUS_MAX; status++)
    for (int substate = MC_SUBSTATE_NONE; substate <= MC_SUBSTATE_AWAITING_APPROVAL; substate++)
      for (int role = 0; role < MC_N_ROLES; role++)
        for (gsize s = 0; s < G_N_ELEMENTS (scopes); s++)
          for (gsize a = 0; a < G_N_ELEMENTS (assignees); a++)
            for (int rescheduled = 0; rescheduled <= 1; rescheduled++)
              {
                McWorkflowSubject subject = {
                  .status = (McStatus) status,
                  .substate = (McSubstate) substate,
                  .department_id = scopes[s].department,
                  .receiving_department_id = scopes[s].receiving,
                  .assignee_id = assignees[a],
                  .rescheduled = rescheduled,
                };
                McWorkflowActor actor = {
                  .id = ACTOR_ID,
                  .role = (McRole) role,
                  .department_id = scopes[s].actor_department,
                };
                McAction listed[MC_N_ACTIONS];
                guint n_listed;
                guint next = 0;

                n_listed = mc_workflow_list_actions (&subject, &actor, listed);

                for (int action = 0; action < MC_N_ACTIONS; action++)
                  {
                    g_autoptr(GError) error = NULL;
                    McVerdict expected = expected_verdict ((McAction) action, &subject, &actor);
                    McVerdict got = mc_workflow_check ((McAction) action, &subject, &actor, &error);

                    if (got != expected)
                      g_error ("%s by %s, status %d/%s, %s, assignee %s, rescheduled %d: "
                               "expected verdict %d, got %d (%s)",
                               mc_action_to_string ((McAction) action),
                               mc_role_to_string ((McRole) role), status,
                               mc_substate_to_string ((McSubstate) substate),
                               scopes[s].name, assignees[a] ? assignees[a] : "(none)",
                               rescheduled, expected, got,
                               error ? error->message : "no error");
                    cells++;
                    by_verdict[got]++;

                    if (got == MC_VERDICT_ALLOWED)
                      {
                        g_assert_no_error (error);
                        g_assert_cmpuint (mc_workflow_verdict_http_status (got), ==, 0);
                        /* list_actions() gives exactly the allowed actions, in order. */
                        g_assert_cmpuint (next, <, n_listed);
                        g_assert_cmpint (listed[next], ==, action);
                        next++;
                        allowed++;
                      }
                    else
                      {
                        g_assert_error (error, MC_WORKFLOW_ERROR, verdict_error_code (got));
                        assert_sentence (error->message);
                        g_assert_cmpuint (mc_workflow_verdict_http_status (got), ==,
                                          mc_workflow_error_http_status (error->code));
                      }

                    /* Without a GError the verdict is the same. */
                    g_assert_cmpint (mc_workflow_check ((McAction) action, &subject, &actor, NULL), ==, got);
                  }

                g_assert_cmpuint (next, ==, n_listed);
                lists++;
              }

  g_test_message ("workflow check: %" G_GUINT64_FORMAT " cells asserted "
                  "(%" G_GUINT64_FORMAT " allowed, %" G_GUINT64_FORMAT " forbidden role, "
                  "%" G_GUINT64_FORMAT " not visible, %" G_GUINT64_FORMAT " invalid state, "
                  "%" G_GUINT64_FORMAT " precondition); %" G_GUINT64_FORMAT " action lists compared",
                  cells, allowed, by_verdict[MC_VERDICT_FORBIDDEN_ROLE],
                  by_verdict[MC_VERDICT_NOT_VISIBLE], by_verdict[MC_VERDICT_INVALID_STATE],
                  by_verdict[MC_VERDICT_PRECONDITION], lists);

  g_assert_cmpuint (cells, ==, (guint64) 12 * 2 * MC_N_ROLES * G_N_ELEMENTS (scopes) *
                    G_N_ELEMENTS (assignees) * 2 * MC_N_ACTIONS);
  /* Every verdict occurs, or the table would test less than it claims. */
  g_assert_cmpuint (allowed, >, 0);
  for (int v = MC_VERDICT_FORBIDDEN_ROLE; v <= MC_VERDICT_PRECONDITION; v++)
    g_assert_cmpuint (by_verdict[v], >, 0);
}

/* Every role's rule, each state once, spelled out as the server will meet
 * it: the one cell where it is allowed, by a user who may see it. */
static void
test_check_expectations_reachable (void)
{
  guint n = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (expectations); i++)
    {
      const Expectation *e = &expectations[i];
      g_auto(GStrv) states = g_strsplit (e->states, " ", -1);
      McAction action;
      McRole role;

      g_assert_true (mc_action_from_string (e->action, &action));
      g_assert_true (mc_role_from_string (e->role, &role));

      for (guint k = 0; states[k] != NULL; k++)
        {
          McWorkflowSubject subject = { 0 };
          McWorkflowActor actor = { ACTOR_ID, role, "D" };
          McStatus status;

          if (strcmp (states[k], "approval") == 0)
            {
              subject.status = MC_STATUS_IN_PROGRESS;
              subject.substate = MC_SUBSTATE_AWAITING_APPROVAL;
            }
          else
            {
              g_assert_true (mc_status_from_string (states[k], &status));
              subject.status = status;
            }
          subject.department_id = "D";
          subject.receiving_department_id = "D";
          if (g_strcmp0 (e->condition, "assigned") == 0 || g_strcmp0 (e->condition, "mine") == 0)
            subject.assignee_id = ACTOR_ID;

          g_assert_cmpint (mc_workflow_check (action, &subject, &actor, NULL), ==, MC_VERDICT_ALLOWED);
          n++;
        }
    }
  g_test_message ("%u rule states reachable", n);
}

/* The public summary of each action agrees with the table above. */
static void
test_info (void)
{
  g_assert_null (mc_workflow_action_get_info (MC_ACTION_REGISTER));
  g_assert_null (mc_workflow_action_get_info (MC_N_ACTIONS));

  for (int action = MC_ACTION_REGISTER + 1; action < MC_N_ACTIONS; action++)
    {
      const McWorkflowActionInfo *info = mc_workflow_action_get_info ((McAction) action);
      guint statuses = 0;
      guint substates = 0;
      guint roles = 0;

      g_assert_nonnull (info);
      g_assert_cmpint (info->action, ==, action);

      for (gsize i = 0; i < G_N_ELEMENTS (expectations); i++)
        {
          g_auto(GStrv) states = g_strsplit (expectations[i].states, " ", -1);
          McAction a;
          McRole r;

          g_assert_true (mc_action_from_string (expectations[i].action, &a));
          if ((int) a != action)
            continue;
          g_assert_true (mc_role_from_string (expectations[i].role, &r));
          roles |= 1u << r;
          for (guint k = 0; states[k] != NULL; k++)
            {
              McStatus st;

              if (strcmp (states[k], "approval") == 0)
                {
                  statuses |= 1u << MC_STATUS_IN_PROGRESS;
                  substates |= 1u << MC_SUBSTATE_AWAITING_APPROVAL;
                }
              else
                {
                  g_assert_true (mc_status_from_string (states[k], &st));
                  statuses |= 1u << st;
                  if (st == MC_STATUS_IN_PROGRESS)
                    substates |= 1u << MC_SUBSTATE_NONE;
                }
            }
        }

      g_assert_cmphex (info->from_statuses, ==, statuses);
      g_assert_cmphex (info->roles, ==, roles);
      /* Sub-states only matter when it starts from in_progress. */
      if (statuses & (1u << MC_STATUS_IN_PROGRESS))
        g_assert_cmphex (info->from_substates, ==, substates);
      g_assert_cmphex (info->roles & (1u << MC_ROLE_ADMIN), ==, 0);
      /* A note can go with every action. */
      g_assert_cmphex (info->optional_inputs & MC_WORKFLOW_INPUT_NOTE, !=, 0);
      g_assert_cmphex (info->required_inputs & info->optional_inputs, ==, 0);
    }
}

/* What each action asks for, from design.md and domain.md: a reason for
 * every refusal, stop, withdrawal, send-back and supplement request (forms
 * 02, 03, 04 print it), a target for transfers and assignments. */
typedef struct {
  const char     *action;
  McWorkflowInput required;
  McWorkflowInput one_of;
} InputExpectation;

#define I_DEPT MC_WORKFLOW_INPUT_DEPARTMENT
#define I_ASSIGNEE MC_WORKFLOW_INPUT_ASSIGNEE
#define I_REASON MC_WORKFLOW_INPUT_REASON
#define I_DATE MC_WORKFLOW_INPUT_APPOINTMENT

static const InputExpectation input_expectations[] = {
  { "accept", 0, 0 },
  { "refuse", I_REASON, 0 },
  { "transfer", I_DEPT, 0 },
  { "recall", 0, 0 },
  { "assign", I_ASSIGNEE, 0 },
  { "reassign", I_REASON, I_ASSIGNEE | I_DEPT },
  { "request_supplement", I_REASON, 0 },
  { "supplement_received", 0, 0 },
  { "request_payment", 0, 0 },
  { "payment_received", 0, 0 },
  { "submit_for_approval", 0, 0 },
  { "send_back", I_REASON, 0 },
  { "approve", 0, 0 },
  { "refuse_result", I_REASON, 0 },
  { "stop", I_REASON, 0 },
  { "withdraw", I_REASON, 0 },
  { "apologise_and_reschedule", I_REASON | I_DATE, 0 },
  { "return_result", 0, 0 },
};

static void
test_inputs (void)
{
  g_assert_cmpuint (G_N_ELEMENTS (input_expectations), ==, MC_N_ACTIONS - 1);

  for (gsize i = 0; i < G_N_ELEMENTS (input_expectations); i++)
    {
      const McWorkflowActionInfo *info;
      McAction action;

      g_assert_true (mc_action_from_string (input_expectations[i].action, &action));
      info = mc_workflow_action_get_info (action);
      g_assert_cmphex (info->required_inputs, ==, input_expectations[i].required);
      g_assert_cmphex (info->one_of_inputs, ==, input_expectations[i].one_of);
    }
}

/* Where each action leads, from a subject held by department D, received by
 * R, assigned or not, with complete inputs (target department T, officer
 * u-new). */
typedef struct {
  const char *action;
  const char *status;      /* a wire name, "same", or "resume" */
  const char *substate;    /* a wire name or "same" */
  const char *department;  /* "same", "target" or "receiving" */
  const char *assignee;    /* "same", "cleared" or "given" */
  McResult    result;
} OutcomeExpectation;

static const OutcomeExpectation outcome_expectations[] = {
  { "accept", "received", "none", "same", "same", MC_RESULT_NONE },
  { "refuse", "not_accepted", "none", "same", "same", MC_RESULT_NONE },
  { "transfer", "in_progress", "none", "target", "cleared", MC_RESULT_NONE },
  { "recall", "received", "none", "receiving", "same", MC_RESULT_NONE },
  { "assign", "in_progress", "none", "same", "given", MC_RESULT_NONE },
  { "reassign", "in_progress", "none", "target", "given", MC_RESULT_NONE },
  { "request_supplement", "awaiting_supplement", "none", "same", "same", MC_RESULT_NONE },
  { "supplement_received", "resume", "none", "same", "same", MC_RESULT_NONE },
  { "request_payment", "awaiting_payment", "none", "same", "same", MC_RESULT_NONE },
  { "payment_received", "in_progress", "none", "same", "same", MC_RESULT_NONE },
  { "submit_for_approval", "in_progress", "awaiting_approval", "same", "same", MC_RESULT_NONE },
  { "send_back", "in_progress", "none", "same", "same", MC_RESULT_NONE },
  { "approve", "result_ready", "none", "same", "same", MC_RESULT_GRANTED },
  { "refuse_result", "result_ready", "none", "same", "same", MC_RESULT_REFUSED },
  { "stop", "stopped", "none", "same", "same", MC_RESULT_NONE },
  { "withdraw", "withdrawn", "none", "same", "same", MC_RESULT_NONE },
  { "apologise_and_reschedule", "same", "same", "same", "same", MC_RESULT_NONE },
  { "return_result", "returned", "none", "same", "same", MC_RESULT_NONE },
};

/* The states some role may take the action from, and the condition on the
 * dossier, gathered from the expectation table. */
static gboolean
expected_state_for_anyone (McAction    action,
                           const char *token,
                           const char **condition)
{
  gboolean found = FALSE;

  *condition = NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (expectations); i++)
    {
      McAction a;

      g_assert_true (mc_action_from_string (expectations[i].action, &a));
      if (a != action || !token_in (token, expectations[i].states))
        continue;
      found = TRUE;
      /* "mine" concerns the user, not the dossier: apply() ignores it. */
      if (g_strcmp0 (expectations[i].condition, "mine") != 0)
        *condition = expectations[i].condition;
    }
  return found;
}

static void
test_apply_exhaustive (void)
{
  static const int resume_statuses[] = {
    0, MC_STATUS_SUBMITTED, MC_STATUS_RECEIVED, MC_STATUS_IN_PROGRESS, MC_STATUS_RETURNED,
  };
  McWorkflowParams params = {
    .department_id = "T",
    .assignee_id = "u-new",
    .reason = "Thiếu bản sao Căn cước công dân",
    .appointment_at = 1700000000,
    .note = "Ghi chú",
  };
  guint64 cells = 0;
  guint64 applied = 0;

  g_assert_cmpuint (G_N_ELEMENTS (outcome_expectations), ==, MC_N_ACTIONS - 1);

  for (gsize i = 0; i < G_N_ELEMENTS (outcome_expectations); i++)
    {
      const OutcomeExpectation *oe = &outcome_expectations[i];
      McAction action;

      g_assert_true (mc_action_from_string (oe->action, &action));

      for (int status = STATUS_MIN; status <= STATUS_MAX; status++)
        for (int substate = MC_SUBSTATE_NONE; substate <= MC_SUBSTATE_AWAITING_APPROVAL; substate++)
          for (gsize a = 0; a < G_N_ELEMENTS (assignees); a++)
            for (int rescheduled = 0; rescheduled <= 1; rescheduled++)
              for (gsize r = 0; r < G_N_ELEMENTS (resume_statuses); r++)
                {
                  g_autoptr(GError) error = NULL;
                  McWorkflowSubject subject = {
                    .status = (McStatus) status,
                    .substate = (McSubstate) substate,
                    .department_id = "D",
                    .receiving_department_id = "R",
                    .assignee_id = assignees[a],
                    .rescheduled = rescheduled,
                    .resume_status = (McStatus) resume_statuses[r],
                  };
                  McWorkflowOutcome out;
                  const char *condition;
                  gboolean state_ok;
                  int expected_code = -1;
                  gboolean ok;

                  state_ok = expected_state_for_anyone (action, state_token (status, (McSubstate) substate),
                                                        &condition);
                  if (!state_ok)
                    expected_code = MC_WORKFLOW_ERROR_INVALID_STATE;
                  else if ((g_strcmp0 (condition, "unassigned") == 0 && has_someone (assignees[a])) ||
                           (g_strcmp0 (condition, "assigned") == 0 && !has_someone (assignees[a])) ||
                           (g_strcmp0 (condition, "once") == 0 && rescheduled))
                    expected_code = MC_WORKFLOW_ERROR_PRECONDITION;

                  memset (&out, 0xAA, sizeof out);
                  ok = mc_workflow_apply (action, &subject, &params, &out, &error);
                  cells++;

                  if (expected_code >= 0)
                    {
                      g_assert_false (ok);
                      g_assert_error (error, MC_WORKFLOW_ERROR, expected_code);
                      assert_sentence (error->message);
                      continue;
                    }

                  g_assert_no_error (error);
                  g_assert_true (ok);
                  applied++;

                  if (strcmp (oe->status, "same") == 0)
                    g_assert_cmpint (out.status, ==, status);
                  else if (strcmp (oe->status, "resume") == 0)
                    g_assert_cmpint (out.status, ==,
                                     resume_statuses[r] == MC_STATUS_SUBMITTED ||
                                     resume_statuses[r] == MC_STATUS_RECEIVED
                                     ? resume_statuses[r] : MC_STATUS_IN_PROGRESS);
                  else
                    g_assert_cmpstr (mc_status_to_string (out.status), ==, oe->status);

                  if (strcmp (oe->substate, "same") == 0)
                    g_assert_cmpint (out.substate, ==,
                                     status == MC_STATUS_IN_PROGRESS ? substate : MC_SUBSTATE_NONE);
                  else
                    g_assert_cmpstr (mc_substate_to_string (out.substate), ==, oe->substate);

                  if (strcmp (oe->department, "same") == 0)
                    {
                      g_assert_cmpstr (out.department_id, ==, "D");
                      g_assert_false (out.department_changed);
                    }
                  else if (strcmp (oe->department, "target") == 0)
                    {
                      g_assert_cmpstr (out.department_id, ==, "T");
                      g_assert_true (out.department_changed);
                    }
                  else
                    {
                      g_assert_cmpstr (out.department_id, ==, "R");
                      g_assert_true (out.department_changed);
                    }

                  if (strcmp (oe->assignee, "same") == 0)
                    {
                      g_assert_cmpstr (out.assignee_id, ==, has_someone (assignees[a]) ? assignees[a] : NULL);
                      g_assert_false (out.assignee_changed);
                    }
                  else if (strcmp (oe->assignee, "cleared") == 0)
                    {
                      g_assert_null (out.assignee_id);
                      g_assert_cmpint (out.assignee_changed, ==, has_someone (assignees[a]));
                    }
                  else
                    {
                      g_assert_cmpstr (out.assignee_id, ==, "u-new");
                      g_assert_true (out.assignee_changed);
                    }

                  g_assert_cmpint (out.result, ==, oe->result);
                  g_assert_cmpint (out.rescheduled, ==, action == MC_ACTION_APOLOGISE_AND_RESCHEDULE);
                  g_assert_cmpint (out.resume_status, ==,
                                   action == MC_ACTION_REQUEST_SUPPLEMENT ? status : 0);

                  /* The summary announces the same destination. */
                  if (strcmp (oe->status, "same") != 0)
                    g_assert_cmpint (mc_workflow_action_get_info (action)->to_status, ==,
                                     strcmp (oe->status, "resume") == 0
                                     ? MC_STATUS_IN_PROGRESS : (int) out.status);
                }
    }

  g_test_message ("workflow apply: %" G_GUINT64_FORMAT " cells asserted, %" G_GUINT64_FORMAT " applied",
                  cells, applied);
  g_assert_cmpuint (applied, >, 0);
}

/* The inputs, one mistake at a time. */
typedef struct {
  const char *action;
  const char *status;        /* the subject's state, as in the expectations */
  const char *assignee;      /* the subject's assignee */
  const char *department;    /* params */
  const char *new_assignee;  /* params */
  const char *reason;        /* params */
  gint64      appointment;   /* params */
  int         code;          /* -1 when accepted */
  const char *out_department;
  const char *out_assignee;
} InputCase;

#define OK -1
#define BAD MC_WORKFLOW_ERROR_INVALID_INPUT

static const InputCase input_cases[] = {
  /* A reason that is missing, empty or only white space is no reason. */
  { "refuse", "submitted", NULL, NULL, NULL, NULL, 0, BAD, "D", NULL },
  { "refuse", "submitted", NULL, NULL, NULL, "", 0, BAD, "D", NULL },
  { "refuse", "submitted", NULL, NULL, NULL, " \t\n ", 0, BAD, "D", NULL },
  { "refuse", "submitted", NULL, NULL, NULL, "\u3000\u00A0", 0, BAD, "D", NULL },
  { "refuse", "submitted", NULL, NULL, NULL, "Hồ sơ không thuộc thẩm quyền", 0, OK, "D", NULL },
  { "refuse", "submitted", NULL, NULL, NULL, "\xff\xfe", 0, BAD, "D", NULL },
  { "accept", "submitted", NULL, NULL, NULL, NULL, 0, OK, "D", NULL },
  { "accept", "submitted", NULL, "\xc3", NULL, NULL, 0, BAD, "D", NULL },
  { "send_back", "approval", "u-1", NULL, NULL, NULL, 0, BAD, "D", "u-1" },
  { "send_back", "approval", "u-1", NULL, NULL, "Sai họ tên", 0, OK, "D", "u-1" },
  { "stop", "in_progress", "u-1", NULL, NULL, "Quá hạn bổ sung", 0, OK, "D", "u-1" },
  { "stop", "awaiting_supplement", "u-1", NULL, NULL, NULL, 0, BAD, "D", "u-1" },
  { "withdraw", "received", NULL, NULL, NULL, NULL, 0, BAD, "D", NULL },
  { "withdraw", "received", NULL, NULL, NULL, "Công dân xin rút", 0, OK, "D", NULL },
  { "request_supplement", "in_progress", "u-1", NULL, NULL, "", 0, BAD, "D", "u-1" },
  { "request_supplement", "in_progress", "u-1", NULL, NULL, "Thiếu sơ đồ thửa đất", 0, OK, "D", "u-1" },

  /* Transfers need a department other than the one holding it. */
  { "transfer", "received", NULL, NULL, NULL, NULL, 0, BAD, "D", NULL },
  { "transfer", "received", NULL, "", NULL, NULL, 0, BAD, "D", NULL },
  { "transfer", "received", NULL, "D", NULL, NULL, 0, BAD, "D", NULL },
  { "transfer", "received", NULL, "T", NULL, NULL, 0, OK, "T", NULL },
  { "transfer", "in_progress", "u-1", "T", "u-2", NULL, 0, OK, "T", NULL },

  /* Assignment needs an officer. */
  { "assign", "in_progress", NULL, NULL, NULL, NULL, 0, BAD, "D", NULL },
  { "assign", "in_progress", NULL, NULL, "", NULL, 0, BAD, "D", NULL },
  { "assign", "in_progress", NULL, NULL, "u-2", NULL, 0, OK, "D", "u-2" },
  { "assign", "in_progress", "", NULL, "u-2", NULL, 0, OK, "D", "u-2" },

  /* Reassignment: a reason and a change of officer, department, or both. */
  { "reassign", "in_progress", "u-1", NULL, "u-2", NULL, 0, BAD, "D", "u-1" },
  { "reassign", "in_progress", "u-1", NULL, NULL, "Nghỉ phép", 0, BAD, "D", "u-1" },
  { "reassign", "in_progress", "u-1", NULL, "u-1", "Nghỉ phép", 0, BAD, "D", "u-1" },
  { "reassign", "in_progress", "u-1", "D", NULL, "Nghỉ phép", 0, BAD, "D", "u-1" },
  { "reassign", "in_progress", "u-1", "D", "u-1", "Nghỉ phép", 0, BAD, "D", "u-1" },
  { "reassign", "in_progress", "u-1", NULL, "u-2", "Nghỉ phép", 0, OK, "D", "u-2" },
  { "reassign", "in_progress", "u-1", "D", "u-2", "Nghỉ phép", 0, OK, "D", "u-2" },
  { "reassign", "in_progress", "u-1", "T", NULL, "Sai thẩm quyền", 0, OK, "T", NULL },
  { "reassign", "in_progress", "u-1", "T", "u-3", "Sai thẩm quyền", 0, OK, "T", "u-3" },

  /* An apology names the new appointment and why. */
  { "apologise_and_reschedule", "in_progress", "u-1", NULL, NULL, "Chờ ý kiến Sở Xây dựng", 0, BAD, "D", "u-1" },
  { "apologise_and_reschedule", "in_progress", "u-1", NULL, NULL, "Chờ ý kiến Sở Xây dựng", MC_TIME_NONE, BAD, "D", "u-1" },
  { "apologise_and_reschedule", "in_progress", "u-1", NULL, NULL, NULL, 1700000000, BAD, "D", "u-1" },
  { "apologise_and_reschedule", "in_progress", "u-1", NULL, NULL, "Chờ ý kiến Sở Xây dựng", 1700000000, OK, "D", "u-1" },
};

static void
test_apply_inputs (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (input_cases); i++)
    {
      const InputCase *c = &input_cases[i];
      g_autoptr(GError) error = NULL;
      McWorkflowSubject subject = { 0 };
      McWorkflowParams params = {
        .department_id = c->department,
        .assignee_id = c->new_assignee,
        .reason = c->reason,
        .appointment_at = c->appointment,
      };
      McWorkflowOutcome out;
      McAction action;
      McStatus status;
      gboolean ok;

      g_test_message ("input case %" G_GSIZE_FORMAT ": %s", i, c->action);
      g_assert_true (mc_action_from_string (c->action, &action));
      if (strcmp (c->status, "approval") == 0)
        {
          subject.status = MC_STATUS_IN_PROGRESS;
          subject.substate = MC_SUBSTATE_AWAITING_APPROVAL;
        }
      else
        {
          g_assert_true (mc_status_from_string (c->status, &status));
          subject.status = status;
        }
      subject.department_id = "D";
      subject.receiving_department_id = "R";
      subject.assignee_id = c->assignee;

      ok = mc_workflow_apply (action, &subject, &params, &out, &error);
      if (c->code == OK)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpstr (out.department_id, ==, c->out_department);
          g_assert_cmpstr (out.assignee_id, ==, c->out_assignee);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, MC_WORKFLOW_ERROR, c->code);
          assert_sentence (error->message);
          g_assert_cmpuint (mc_workflow_error_http_status (error->code), ==, 422);
        }
    }

  /* No params at all is no input at all. */
  {
    g_autoptr(GError) error = NULL;
    McWorkflowSubject subject = { MC_STATUS_SUBMITTED, MC_SUBSTATE_NONE, "R", "R", NULL, FALSE, 0 };
    McWorkflowOutcome out;

    g_assert_true (mc_workflow_apply (MC_ACTION_ACCEPT, &subject, NULL, &out, &error));
    g_assert_no_error (error);
    g_assert_false (mc_workflow_apply (MC_ACTION_REFUSE, &subject, NULL, &out, &error));
    g_assert_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_INVALID_INPUT);
  }

  /* Registering is creation, not a move. */
  {
    g_autoptr(GError) error = NULL;
    McWorkflowSubject subject = { MC_STATUS_SUBMITTED, MC_SUBSTATE_NONE, "R", "R", NULL, FALSE, 0 };
    McWorkflowOutcome out;

    g_assert_false (mc_workflow_apply (MC_ACTION_REGISTER, &subject, NULL, &out, &error));
    g_assert_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_INVALID_STATE);
  }
}

/* A whole life, as the server would drive it: check, then apply, then store
 * the outcome. */
typedef struct {
  const char *action;
  McRole      role;
  const char *actor_department;
  const char *actor_id;
  McWorkflowParams params;
  McStatus    status;
  McSubstate  substate;
} Step;

static void
run_journey (const Step *steps,
             gsize       n_steps)
{
  McWorkflowSubject subject = { MC_STATUS_SUBMITTED, MC_SUBSTATE_NONE, "MOTCUA", "MOTCUA", NULL, FALSE, 0 };

  for (gsize i = 0; i < n_steps; i++)
    {
      g_autoptr(GError) error = NULL;
      McWorkflowActor actor = { steps[i].actor_id, steps[i].role, steps[i].actor_department };
      McWorkflowOutcome out;
      McAction action;

      g_assert_true (mc_action_from_string (steps[i].action, &action));
      g_assert_cmpint (mc_workflow_check (action, &subject, &actor, &error), ==, MC_VERDICT_ALLOWED);
      g_assert_no_error (error);
      g_assert_true (mc_workflow_apply (action, &subject, &steps[i].params, &out, &error));
      g_assert_no_error (error);
      g_assert_cmpint (out.status, ==, steps[i].status);
      g_assert_cmpint (out.substate, ==, steps[i].substate);

      subject.status = out.status;
      subject.substate = out.substate;
      subject.department_id = out.department_id;
      subject.assignee_id = out.assignee_id;
      subject.rescheduled = subject.rescheduled || out.rescheduled;
      if (action == MC_ACTION_REQUEST_SUPPLEMENT)
        subject.resume_status = out.resume_status;
    }
}

static void
test_journey (void)
{
  /* An online land registration: accepted, incomplete at the department,
   * late, apologised for, approved, returned. */
  static const Step land[] = {
    { "accept", MC_ROLE_RECEPTION, "MOTCUA", "u-tn", { 0 }, MC_STATUS_RECEIVED, MC_SUBSTATE_NONE },
    { "transfer", MC_ROLE_RECEPTION, "MOTCUA", "u-tn", { .department_id = "VPDK" },
      MC_STATUS_IN_PROGRESS, MC_SUBSTATE_NONE },
    { "assign", MC_ROLE_LEADER, "VPDK", "u-ld", { .assignee_id = "u-cv" },
      MC_STATUS_IN_PROGRESS, MC_SUBSTATE_NONE },
    { "request_supplement", MC_ROLE_SPECIALIST, "VPDK", "u-cv", { .reason = "Thiếu trích đo" },
      MC_STATUS_AWAITING_SUPPLEMENT, MC_SUBSTATE_NONE },
    { "supplement_received", MC_ROLE_RECEPTION, "MOTCUA", "u-tn", { 0 },
      MC_STATUS_IN_PROGRESS, MC_SUBSTATE_NONE },
    { "apologise_and_reschedule", MC_ROLE_LEADER, "VPDK", "u-ld",
      { .reason = "Chờ xác minh nguồn gốc đất", .appointment_at = 1800000000 },
      MC_STATUS_IN_PROGRESS, MC_SUBSTATE_NONE },
    { "submit_for_approval", MC_ROLE_SPECIALIST, "VPDK", "u-cv", { 0 },
      MC_STATUS_IN_PROGRESS, MC_SUBSTATE_AWAITING_APPROVAL },
    { "send_back", MC_ROLE_LEADER, "VPDK", "u-ld", { .reason = "Sửa diện tích" },
      MC_STATUS_IN_PROGRESS, MC_SUBSTATE_NONE },
    { "submit_for_approval", MC_ROLE_SPECIALIST, "VPDK", "u-cv", { 0 },
      MC_STATUS_IN_PROGRESS, MC_SUBSTATE_AWAITING_APPROVAL },
    { "approve", MC_ROLE_LEADER, "VPDK", "u-ld", { 0 }, MC_STATUS_RESULT_READY, MC_SUBSTATE_NONE },
    { "return_result", MC_ROLE_RECEPTION, "MOTCUA", "u-tn", { 0 }, MC_STATUS_RETURNED, MC_SUBSTATE_NONE },
  };
  /* An online submission missing a paper before acceptance goes back to
   * the reception queue when the paper comes (domain.md §2.1). */
  static const Step incomplete[] = {
    { "request_supplement", MC_ROLE_RECEPTION, "MOTCUA", "u-tn", { .reason = "Thiếu tờ khai" },
      MC_STATUS_AWAITING_SUPPLEMENT, MC_SUBSTATE_NONE },
    { "supplement_received", MC_ROLE_RECEPTION, "MOTCUA", "u-tn", { 0 },
      MC_STATUS_SUBMITTED, MC_SUBSTATE_NONE },
    { "accept", MC_ROLE_RECEPTION, "MOTCUA", "u-tn", { 0 }, MC_STATUS_RECEIVED, MC_SUBSTATE_NONE },
    { "transfer", MC_ROLE_RECEPTION, "MOTCUA", "u-tn", { .department_id = "TUPHAP" },
      MC_STATUS_IN_PROGRESS, MC_SUBSTATE_NONE },
    { "recall", MC_ROLE_RECEPTION, "MOTCUA", "u-tn", { 0 }, MC_STATUS_RECEIVED, MC_SUBSTATE_NONE },
    { "transfer", MC_ROLE_RECEPTION, "MOTCUA", "u-tn", { .department_id = "XAYDUNG" },
      MC_STATUS_IN_PROGRESS, MC_SUBSTATE_NONE },
    { "transfer", MC_ROLE_LEADER, "XAYDUNG", "u-ld2", { .department_id = "TNMT" },
      MC_STATUS_IN_PROGRESS, MC_SUBSTATE_NONE },
    { "assign", MC_ROLE_SUPERVISOR, NULL, "u-gd", { .assignee_id = "u-cv3" },
      MC_STATUS_IN_PROGRESS, MC_SUBSTATE_NONE },
    { "reassign", MC_ROLE_LEADER, "TNMT", "u-ld3", { .assignee_id = "u-cv4", .reason = "Nghỉ ốm" },
      MC_STATUS_IN_PROGRESS, MC_SUBSTATE_NONE },
    { "request_payment", MC_ROLE_SPECIALIST, "TNMT", "u-cv4", { 0 },
      MC_STATUS_AWAITING_PAYMENT, MC_SUBSTATE_NONE },
    { "payment_received", MC_ROLE_SPECIALIST, "TNMT", "u-cv5", { 0 },
      MC_STATUS_IN_PROGRESS, MC_SUBSTATE_NONE },
    { "submit_for_approval", MC_ROLE_SPECIALIST, "TNMT", "u-cv4", { 0 },
      MC_STATUS_IN_PROGRESS, MC_SUBSTATE_AWAITING_APPROVAL },
    { "refuse_result", MC_ROLE_LEADER, "TNMT", "u-ld3", { .reason = "Không đủ điều kiện" },
      MC_STATUS_RESULT_READY, MC_SUBSTATE_NONE },
    { "return_result", MC_ROLE_RECEPTION, "MOTCUA", "u-tn", { 0 }, MC_STATUS_RETURNED, MC_SUBSTATE_NONE },
  };

  run_journey (land, G_N_ELEMENTS (land));
  run_journey (incomplete, G_N_ELEMENTS (incomplete));
}

/* The messages the server sends back in a problem+json detail. */
static void
test_messages (void)
{
  McWorkflowSubject subject = { MC_STATUS_IN_PROGRESS, MC_SUBSTATE_NONE, "D", "R", "u-1", TRUE, 0 };
  McWorkflowActor leader = { "u-ld", MC_ROLE_LEADER, "D" };
  McWorkflowActor specialist = { "u-2", MC_ROLE_SPECIALIST, "D" };
  McWorkflowActor admin = { "u-admin", MC_ROLE_ADMIN, "D" };
  McWorkflowActor stranger = { "u-x", MC_ROLE_LEADER, "X" };
  McWorkflowActor odd = { "u-odd", (McRole) 42, "D" };
  struct {
    McAction                 action;
    const McWorkflowActor   *actor;
    McVerdict                verdict;
    const char              *fragment;
  } cases[] = {
    { MC_ACTION_APOLOGISE_AND_RESCHEDULE, &leader, MC_VERDICT_PRECONDITION, "only once" },
    { MC_ACTION_ASSIGN, &leader, MC_VERDICT_PRECONDITION, "“Reassign”" },
    { MC_ACTION_SUBMIT_FOR_APPROVAL, &specialist, MC_VERDICT_PRECONDITION, "assigned" },
    { MC_ACTION_APPROVE, &specialist, MC_VERDICT_FORBIDDEN_ROLE, "“Approve”" },
    { MC_ACTION_APPROVE, &leader, MC_VERDICT_INVALID_STATE, "“In progress”" },
    { MC_ACTION_ACCEPT, &admin, MC_VERDICT_FORBIDDEN_ROLE, "Administrators" },
    { MC_ACTION_ACCEPT, &odd, MC_VERDICT_FORBIDDEN_ROLE, "administrator" },
    { MC_ACTION_ASSIGN, &stranger, MC_VERDICT_NOT_VISIBLE, "scope" },
    { MC_ACTION_REGISTER, &leader, MC_VERDICT_INVALID_STATE, "registered" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (mc_workflow_check (cases[i].action, &subject, cases[i].actor, &error), ==,
                       cases[i].verdict);
      g_assert_nonnull (error);
      assert_sentence (error->message);
      if (strstr (error->message, cases[i].fragment) == NULL)
        g_error ("“%s” lacks “%s”", error->message, cases[i].fragment);
    }

  {
    g_autoptr(GError) error = NULL;

    subject.status = MC_STATUS_RETURNED;
    g_assert_cmpint (mc_workflow_check (MC_ACTION_STOP, &subject, &leader, &error), ==,
                     MC_VERDICT_INVALID_STATE);
    g_assert_nonnull (strstr (error->message, "closed"));
    g_clear_error (&error);

    subject.status = MC_STATUS_IN_PROGRESS;
    subject.substate = MC_SUBSTATE_AWAITING_APPROVAL;
    g_assert_cmpint (mc_workflow_check (MC_ACTION_TRANSFER, &subject, &leader, &error), ==,
                     MC_VERDICT_INVALID_STATE);
    g_assert_nonnull (strstr (error->message, "approval"));
  }
}

static void
test_labels (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (int action = 0; action < MC_N_ACTIONS; action++)
    {
      const char *label = mc_workflow_action_get_label ((McAction) action);

      g_assert_nonnull (label);
      g_assert_true (g_utf8_validate (label, -1, NULL));
      /* Two buttons with one name would be two actions nobody can tell apart. */
      g_assert_false (g_hash_table_contains (seen, label));
      g_hash_table_add (seen, (gpointer) label);
    }
  g_assert_null (mc_workflow_action_get_label (MC_N_ACTIONS));
  g_assert_cmpstr (mc_workflow_action_get_label (MC_ACTION_TRANSFER), ==, "Transfer");
  g_assert_cmpstr (mc_workflow_action_get_label (MC_ACTION_REQUEST_SUPPLEMENT), ==, "Request supplement");
}

static void
test_http_status (void)
{
  g_assert_cmpuint (mc_workflow_verdict_http_status (MC_VERDICT_ALLOWED), ==, 0);
  g_assert_cmpuint (mc_workflow_verdict_http_status (MC_VERDICT_FORBIDDEN_ROLE), ==, 403);
  g_assert_cmpuint (mc_workflow_verdict_http_status (MC_VERDICT_NOT_VISIBLE), ==, 404);
  g_assert_cmpuint (mc_workflow_verdict_http_status (MC_VERDICT_INVALID_STATE), ==, 422);
  g_assert_cmpuint (mc_workflow_verdict_http_status (MC_VERDICT_PRECONDITION), ==, 422);
  g_assert_cmpuint (mc_workflow_error_http_status (MC_WORKFLOW_ERROR_FORBIDDEN_ROLE), ==, 403);
  g_assert_cmpuint (mc_workflow_error_http_status (MC_WORKFLOW_ERROR_NOT_VISIBLE), ==, 404);
  g_assert_cmpuint (mc_workflow_error_http_status (MC_WORKFLOW_ERROR_INVALID_STATE), ==, 422);
  g_assert_cmpuint (mc_workflow_error_http_status (MC_WORKFLOW_ERROR_PRECONDITION), ==, 422);
  g_assert_cmpuint (mc_workflow_error_http_status (MC_WORKFLOW_ERROR_INVALID_INPUT), ==, 422);
}

int
main (int    argc,
      char **argv)
{
  mc_test_init (&argc, &argv);

  g_test_add_func ("/core/workflow/check-exhaustive", test_check_exhaustive);
  g_test_add_func ("/core/workflow/expectations-reachable", test_check_expectations_reachable);
  g_test_add_func ("/core/workflow/info", test_info);
  g_test_add_func ("/core/workflow/inputs", test_inputs);
  g_test_add_func ("/core/workflow/apply-exhaustive", test_apply_exhaustive);
  g_test_add_func ("/core/workflow/apply-inputs", test_apply_inputs);
  g_test_add_func ("/core/workflow/journey", test_journey);
  g_test_add_func ("/core/workflow/messages", test_messages);
  g_test_add_func ("/core/workflow/labels", test_labels);
  g_test_add_func ("/core/workflow/http-status", test_http_status);

  return g_test_run ();
}
