/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-types.h"

/* Each table is indexed by the enum value; a NULL entry is a hole. */
static const char *const role_names[] = {
  [MC_ROLE_RECEPTION] = "reception",
  [MC_ROLE_SPECIALIST] = "specialist",
  [MC_ROLE_LEADER] = "leader",
  [MC_ROLE_SUPERVISOR] = "supervisor",
  [MC_ROLE_ADMIN] = "admin",
};

static const char *const status_names[] = {
  [MC_STATUS_SUBMITTED] = "submitted",
  [MC_STATUS_RECEIVED] = "received",
  [MC_STATUS_NOT_ACCEPTED] = "not_accepted",
  [MC_STATUS_IN_PROGRESS] = "in_progress",
  [MC_STATUS_AWAITING_SUPPLEMENT] = "awaiting_supplement",
  [MC_STATUS_AWAITING_PAYMENT] = "awaiting_payment",
  [MC_STATUS_WITHDRAWN] = "withdrawn",
  [MC_STATUS_STOPPED] = "stopped",
  [MC_STATUS_RESULT_READY] = "result_ready",
  [MC_STATUS_RETURNED] = "returned",
};

static const char *const substate_names[] = {
  [MC_SUBSTATE_NONE] = "none",
  [MC_SUBSTATE_AWAITING_APPROVAL] = "awaiting_approval",
};

static const char *const limit_unit_names[] = {
  [MC_LIMIT_WORKING_DAYS] = "working_days",
  [MC_LIMIT_WORKING_HOURS] = "working_hours",
  [MC_LIMIT_CALENDAR_DAYS] = "calendar_days",
  [MC_LIMIT_SAME_DAY] = "same_day",
};

static const char *const online_level_names[] = {
  [MC_ONLINE_NONE] = "none",
  [MC_ONLINE_PARTIAL] = "partial",
  [MC_ONLINE_FULL] = "full",
};

static const char *const supplement_rule_names[] = {
  [MC_SUPPLEMENT_PAUSE] = "pause",
  [MC_SUPPLEMENT_RESTART] = "restart",
};

static const char *const channel_names[] = {
  [MC_CHANNEL_COUNTER] = "counter",
  [MC_CHANNEL_ONLINE] = "online",
  [MC_CHANNEL_POSTAL] = "postal",
};

static const char *const timeliness_names[] = {
  [MC_TIMELINESS_NONE] = "none",
  [MC_TIMELINESS_EARLY] = "early",
  [MC_TIMELINESS_ON_TIME] = "on_time",
  [MC_TIMELINESS_LATE] = "late",
};

static const char *const result_names[] = {
  [MC_RESULT_NONE] = "none",
  [MC_RESULT_GRANTED] = "granted",
  [MC_RESULT_REFUSED] = "refused",
};

static const char *const applicant_kind_names[] = {
  [MC_APPLICANT_PERSON] = "person",
  [MC_APPLICANT_ORGANISATION] = "organisation",
};

static const char *const attachment_kind_names[] = {
  [MC_ATTACHMENT_SUBMITTED] = "submitted",
  [MC_ATTACHMENT_SUPPLEMENT] = "supplement",
  [MC_ATTACHMENT_RESULT] = "result",
};

static const char *const department_level_names[] = {
  [MC_LEVEL_PROVINCE] = "province",
  [MC_LEVEL_DISTRICT] = "district",
  [MC_LEVEL_COMMUNE] = "commune",
};

static const char *const action_names[] = {
  [MC_ACTION_REGISTER] = "register",
  [MC_ACTION_ACCEPT] = "accept",
  [MC_ACTION_REFUSE] = "refuse",
  [MC_ACTION_TRANSFER] = "transfer",
  [MC_ACTION_RECALL] = "recall",
  [MC_ACTION_ASSIGN] = "assign",
  [MC_ACTION_REASSIGN] = "reassign",
  [MC_ACTION_REQUEST_SUPPLEMENT] = "request_supplement",
  [MC_ACTION_SUPPLEMENT_RECEIVED] = "supplement_received",
  [MC_ACTION_REQUEST_PAYMENT] = "request_payment",
  [MC_ACTION_PAYMENT_RECEIVED] = "payment_received",
  [MC_ACTION_SUBMIT_FOR_APPROVAL] = "submit_for_approval",
  [MC_ACTION_SEND_BACK] = "send_back",
  [MC_ACTION_APPROVE] = "approve",
  [MC_ACTION_REFUSE_RESULT] = "refuse_result",
  [MC_ACTION_STOP] = "stop",
  [MC_ACTION_WITHDRAW] = "withdraw",
  [MC_ACTION_APOLOGISE_AND_RESCHEDULE] = "apologise_and_reschedule",
  [MC_ACTION_RETURN_RESULT] = "return_result",
};

static const char *const alert_level_names[] = {
  [MC_ALERT_NORMAL] = "normal",
  [MC_ALERT_DUE_SOON] = "due_soon",
  [MC_ALERT_OVERDUE] = "overdue",
};

static const char *
name_of (const char *const *table,
         gsize              n,
         int                value)
{
  if (value < 0 || (gsize) value >= n)
    return NULL;
  return table[value];
}

static gboolean
value_of (const char *const *table,
          gsize              n,
          const char        *str,
          int               *out)
{
  if (str == NULL)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    {
      if (table[i] != NULL && strcmp (table[i], str) == 0)
        {
          *out = (int) i;
          return TRUE;
        }
    }
  return FALSE;
}

#define DEFINE_NAMES(prefix, Type, table)                                   \
  const char *                                                              \
  prefix##_to_string (Type value)                                           \
  {                                                                         \
    return name_of (table, G_N_ELEMENTS (table), (int) value);              \
  }                                                                         \
  gboolean                                                                  \
  prefix##_from_string (const char *str,                                    \
                        Type       *out)                                    \
  {                                                                         \
    int v;                                                                  \
    g_return_val_if_fail (out != NULL, FALSE);                              \
    if (!value_of (table, G_N_ELEMENTS (table), str, &v))                   \
      return FALSE;                                                         \
    *out = (Type) v;                                                        \
    return TRUE;                                                            \
  }

DEFINE_NAMES (mc_role, McRole, role_names)
DEFINE_NAMES (mc_status, McStatus, status_names)
DEFINE_NAMES (mc_substate, McSubstate, substate_names)
DEFINE_NAMES (mc_limit_unit, McLimitUnit, limit_unit_names)
DEFINE_NAMES (mc_online_level, McOnlineLevel, online_level_names)
DEFINE_NAMES (mc_supplement_rule, McSupplementRule, supplement_rule_names)
DEFINE_NAMES (mc_channel, McChannel, channel_names)
DEFINE_NAMES (mc_timeliness, McTimeliness, timeliness_names)
DEFINE_NAMES (mc_result, McResult, result_names)
DEFINE_NAMES (mc_applicant_kind, McApplicantKind, applicant_kind_names)
DEFINE_NAMES (mc_attachment_kind, McAttachmentKind, attachment_kind_names)
DEFINE_NAMES (mc_department_level, McDepartmentLevel, department_level_names)
DEFINE_NAMES (mc_action, McAction, action_names)

const char *
mc_alert_level_to_string (McAlertLevel level)
{
  return name_of (alert_level_names, G_N_ELEMENTS (alert_level_names), (int) level);
}

gboolean
mc_status_is_valid (int status)
{
  return status >= MC_STATUS_FIRST && status <= MC_STATUS_LAST;
}

gboolean
mc_status_is_final (McStatus status)
{
  return status == MC_STATUS_NOT_ACCEPTED ||
         status == MC_STATUS_WITHDRAWN ||
         status == MC_STATUS_STOPPED ||
         status == MC_STATUS_RETURNED;
}

const char *
mc_role_get_label (McRole role)
{
  switch (role)
    {
    case MC_ROLE_RECEPTION: return _("Reception officer");
    case MC_ROLE_SPECIALIST: return _("Specialist");
    case MC_ROLE_LEADER: return _("Department leader");
    case MC_ROLE_SUPERVISOR: return _("Center supervisor");
    case MC_ROLE_ADMIN: return _("Administrator");
    case MC_N_ROLES:
    default:
      return NULL;
    }
}

const char *
mc_status_get_label (McStatus status)
{
  /* The national portal's wording (domain.md §3). */
  switch (status)
    {
    case MC_STATUS_SUBMITTED: return _("Submitted online");
    case MC_STATUS_RECEIVED: return _("Received");
    case MC_STATUS_NOT_ACCEPTED: return _("Not accepted");
    case MC_STATUS_IN_PROGRESS: return _("In progress");
    case MC_STATUS_AWAITING_SUPPLEMENT: return _("Awaiting supplement");
    case MC_STATUS_AWAITING_PAYMENT: return _("Awaiting payment");
    case MC_STATUS_WITHDRAWN: return _("Withdrawn");
    case MC_STATUS_STOPPED: return _("Processing stopped");
    case MC_STATUS_RESULT_READY: return _("Result ready");
    case MC_STATUS_RETURNED: return _("Result returned");
    default:
      return NULL;
    }
}
