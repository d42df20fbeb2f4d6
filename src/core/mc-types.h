/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The enumerations of the domain, shared by the wire format, the workflow,
 * the server and the application. Each has a stable wire name (the string
 * sent in JSON and stored in databases); the numbers are ours, except the
 * statuses, whose values are the national portal's codes (domain.md §3). */

typedef enum {
  MC_ROLE_RECEPTION = 0,
  MC_ROLE_SPECIALIST,
  MC_ROLE_LEADER,
  MC_ROLE_SUPERVISOR,
  MC_ROLE_ADMIN,
  MC_N_ROLES
} McRole;

typedef enum {
  MC_STATUS_SUBMITTED = 1,
  MC_STATUS_RECEIVED = 2,
  MC_STATUS_NOT_ACCEPTED = 3,
  MC_STATUS_IN_PROGRESS = 4,
  MC_STATUS_AWAITING_SUPPLEMENT = 5,
  MC_STATUS_AWAITING_PAYMENT = 6,
  MC_STATUS_WITHDRAWN = 7,
  MC_STATUS_STOPPED = 8,
  MC_STATUS_RESULT_READY = 9,
  MC_STATUS_RETURNED = 10,
} McStatus;

#define MC_STATUS_FIRST MC_STATUS_SUBMITTED
#define MC_STATUS_LAST MC_STATUS_RETURNED

/* The internal sub-state of MC_STATUS_IN_PROGRESS. */
typedef enum {
  MC_SUBSTATE_NONE = 0,
  MC_SUBSTATE_AWAITING_APPROVAL,
} McSubstate;

typedef enum {
  MC_LIMIT_WORKING_DAYS = 0,
  MC_LIMIT_WORKING_HOURS,
  MC_LIMIT_CALENDAR_DAYS,
  MC_LIMIT_SAME_DAY,
} McLimitUnit;

typedef enum {
  MC_ONLINE_NONE = 0,
  MC_ONLINE_PARTIAL,  /* một phần */
  MC_ONLINE_FULL,     /* toàn trình */
} McOnlineLevel;

/* What happens to the clock while a dossier waits for a supplement. */
typedef enum {
  MC_SUPPLEMENT_PAUSE = 0,
  MC_SUPPLEMENT_RESTART,
} McSupplementRule;

typedef enum {
  MC_CHANNEL_COUNTER = 1,
  MC_CHANNEL_ONLINE = 2,
  MC_CHANNEL_POSTAL = 3,
} McChannel;

typedef enum {
  MC_TIMELINESS_NONE = 0,  /* still open */
  MC_TIMELINESS_EARLY,
  MC_TIMELINESS_ON_TIME,
  MC_TIMELINESS_LATE,
} McTimeliness;

/* The result a decision produced, when there is one. */
typedef enum {
  MC_RESULT_NONE = 0,
  MC_RESULT_GRANTED,
  MC_RESULT_REFUSED,
} McResult;

typedef enum {
  MC_APPLICANT_PERSON = 0,
  MC_APPLICANT_ORGANISATION,
} McApplicantKind;

typedef enum {
  MC_ATTACHMENT_SUBMITTED = 0,
  MC_ATTACHMENT_SUPPLEMENT,
  MC_ATTACHMENT_RESULT,
} McAttachmentKind;

typedef enum {
  MC_LEVEL_PROVINCE = 0,
  MC_LEVEL_DISTRICT,
  MC_LEVEL_COMMUNE,
} McDepartmentLevel;

typedef enum {
  MC_ALERT_NORMAL = 0,
  MC_ALERT_DUE_SOON,
  MC_ALERT_OVERDUE,
} McAlertLevel;

/* Every action of the workflow (design.md "Workflow"). MC_ACTION_REGISTER is
 * the creation of a dossier at reception: it writes the first event but is
 * not taken through the actions route. */
typedef enum {
  MC_ACTION_REGISTER = 0,
  MC_ACTION_ACCEPT,
  MC_ACTION_REFUSE,
  MC_ACTION_TRANSFER,
  MC_ACTION_RECALL,
  MC_ACTION_ASSIGN,
  MC_ACTION_REASSIGN,
  MC_ACTION_REQUEST_SUPPLEMENT,
  MC_ACTION_SUPPLEMENT_RECEIVED,
  MC_ACTION_REQUEST_PAYMENT,
  MC_ACTION_PAYMENT_RECEIVED,
  MC_ACTION_SUBMIT_FOR_APPROVAL,
  MC_ACTION_SEND_BACK,
  MC_ACTION_APPROVE,
  MC_ACTION_REFUSE_RESULT,
  MC_ACTION_STOP,
  MC_ACTION_WITHDRAW,
  MC_ACTION_APOLOGISE_AND_RESCHEDULE,
  MC_ACTION_RETURN_RESULT,
  MC_N_ACTIONS
} McAction;

/* A wait for a supplement; ended_at is MC_TIME_NONE (mc-time.h) while it
 * lasts. Shared by the dossier and the deadline computation. */
typedef struct {
  gint64 started_at;
  gint64 ended_at;
} McPause;

/* Wire names. *_to_string() returns a static string (NULL for a value out
 * of range); *_from_string() returns FALSE for an unknown name. */
const char *mc_role_to_string               (McRole            role);
gboolean    mc_role_from_string             (const char       *str,
                                             McRole           *out);
const char *mc_status_to_string             (McStatus          status);
gboolean    mc_status_from_string           (const char       *str,
                                             McStatus         *out);
gboolean    mc_status_is_valid              (int               status);
gboolean    mc_status_is_final              (McStatus          status);
const char *mc_substate_to_string           (McSubstate        substate);
gboolean    mc_substate_from_string         (const char       *str,
                                             McSubstate       *out);
const char *mc_limit_unit_to_string         (McLimitUnit       unit);
gboolean    mc_limit_unit_from_string       (const char       *str,
                                             McLimitUnit      *out);
const char *mc_online_level_to_string       (McOnlineLevel     level);
gboolean    mc_online_level_from_string     (const char       *str,
                                             McOnlineLevel    *out);
const char *mc_supplement_rule_to_string    (McSupplementRule  rule);
gboolean    mc_supplement_rule_from_string  (const char       *str,
                                             McSupplementRule *out);
const char *mc_channel_to_string            (McChannel         channel);
gboolean    mc_channel_from_string          (const char       *str,
                                             McChannel        *out);
const char *mc_timeliness_to_string         (McTimeliness      timeliness);
gboolean    mc_timeliness_from_string       (const char       *str,
                                             McTimeliness     *out);
const char *mc_result_to_string             (McResult          result);
gboolean    mc_result_from_string           (const char       *str,
                                             McResult         *out);
const char *mc_applicant_kind_to_string     (McApplicantKind   kind);
gboolean    mc_applicant_kind_from_string   (const char       *str,
                                             McApplicantKind  *out);
const char *mc_attachment_kind_to_string    (McAttachmentKind  kind);
gboolean    mc_attachment_kind_from_string  (const char       *str,
                                             McAttachmentKind *out);
const char *mc_department_level_to_string   (McDepartmentLevel level);
gboolean    mc_department_level_from_string (const char       *str,
                                             McDepartmentLevel *out);
const char *mc_action_to_string             (McAction          action);
gboolean    mc_action_from_string           (const char       *str,
                                             McAction         *out);
const char *mc_alert_level_to_string        (McAlertLevel      level);

/* Human-readable names, translated. */
const char *mc_role_get_label               (McRole            role);
const char *mc_status_get_label             (McStatus          status);

G_END_DECLS
