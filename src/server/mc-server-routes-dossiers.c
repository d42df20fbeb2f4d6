/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mc-deadline.h"
#include "mc-dossier-code.h"
#include "mc-fold.h"
#include "mc-json.h"
#include "mc-server-routes.h"
#include "mc-store-users.h"
#include "mc-time.h"
#include "mc-workflow.h"

#define PAGE_DEFAULT 50
#define PAGE_MAX 200
/* How far back a reception may be dated (postal and online arrivals). */
#define MAX_BACKDATE (30 * 86400)

static void
respond_dossier (McRequest *request,
                 guint      status,
                 McDossier *dossier)
{
  g_autoptr(JsonNode) node = mc_dossier_to_json (dossier);
  g_autofree char *etag = g_strdup_printf ("\"%d\"", mc_dossier_get_version (dossier));

  mc_request_set_header (request, "ETag", etag);
  mc_request_set_json (request, status, node);
}

McDossier *
mc_route_load_visible_dossier (McRequest  *request,
              const char *id,
              gboolean    history)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDossier) dossier = mc_store_get_dossier (mc_request_get_store (request), id, history, &error);

  if (dossier == NULL && !g_error_matches (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND))
    {
      mc_request_fail (request, error);
      return NULL;
    }
  if (dossier == NULL || !mc_request_can_see (request, dossier))
    {
      mc_request_problem (request, 404, "not-found", _("Not found"),
                          _("There is no dossier %s, or it is not yours to see."), id);
      return NULL;
    }
  return g_steal_pointer (&dossier);
}

void
mc_route_dossier_get (McRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) document = NULL;
  g_auto(McDossierPlace) place = { NULL, NULL, 0 };
  g_autofree char *etag = NULL;
  const char *id = mc_request_get_param (request, "id");
  const char *if_none_match = mc_request_get_header (request, "If-None-Match");
  McVisibility visibility;
  gboolean handled = FALSE;

  /* The most frequent read: served from the stored text, never decoded and
   * encoded again (the same bytes mc_dossier_to_json() would give). */
  document = mc_store_get_dossier_document (mc_request_get_store (request), id, &place, &error);
  if (document == NULL && !g_error_matches (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND))
    {
      mc_request_fail (request, error);
      return;
    }
  mc_request_get_visibility (request, &visibility);
  if (document != NULL && visibility.kind == MC_VISIBILITY_DEPARTMENT)
    handled = mc_store_has_handled (mc_request_get_store (request), visibility.user_id, id);
  if (document == NULL || !mc_visibility_allows_place (&visibility, &place, handled))
    {
      mc_request_problem (request, 404, "not-found", _("Not found"),
                          _("There is no dossier %s, or it is not yours to see."), id);
      return;
    }

  etag = g_strdup_printf ("\"%d\"", place.version);
  mc_request_set_header (request, "ETag", etag);
  if (if_none_match != NULL && g_strcmp0 (if_none_match, etag) == 0)
    {
      mc_request_set_bytes (request, 304, NULL, NULL);
      return;
    }
  mc_request_set_bytes (request, 200, "application/json", document);
}

/* Listing */

static gboolean
parse_cursor (const char *text,
              McKeyset   *out)
{
  g_autofree guchar *raw = NULL;
  g_autofree char *decoded = NULL;
  gsize len = 0;
  const char *colon;
  char *end;

  /* Opaque to clients: base64 of "<received_at>:<id>". */
  raw = g_base64_decode (text, &len);
  if (raw == NULL || len == 0 || len > 80)
    return FALSE;
  decoded = g_strndup ((const char *) raw, len);
  colon = strchr (decoded, ':');
  if (colon == NULL || strlen (colon + 1) == 0 || strlen (colon + 1) >= sizeof out->id)
    return FALSE;
  out->received_at = g_ascii_strtoll (decoded, &end, 10);
  if (end != colon)
    return FALSE;
  g_strlcpy (out->id, colon + 1, sizeof out->id);
  return TRUE;
}

static char *
make_cursor (McDossier *dossier)
{
  g_autofree char *raw = g_strdup_printf ("%" G_GINT64_FORMAT ":%s",
                                          mc_dossier_get_received_at (dossier),
                                          mc_dossier_get_id (dossier));
  return g_base64_encode ((const guchar *) raw, strlen (raw));
}

/* The queues of design.md, as filters. */
static gboolean
apply_queue (McRequest       *request,
             const char      *queue,
             McDossierFilter *filter)
{
  McUser *user = mc_request_get_user (request);
  static const struct { const char *name; McStatus status; } by_status[] = {
    { "awaiting_acceptance", MC_STATUS_SUBMITTED },
    { "received", MC_STATUS_RECEIVED },
    { "in_progress", MC_STATUS_IN_PROGRESS },
    { "awaiting_supplement", MC_STATUS_AWAITING_SUPPLEMENT },
    { "awaiting_payment", MC_STATUS_AWAITING_PAYMENT },
    { "result_ready", MC_STATUS_RESULT_READY },
    { "returned", MC_STATUS_RETURNED },
    { "stopped", MC_STATUS_STOPPED },
  };

  if (queue == NULL || g_str_equal (queue, "all"))
    return TRUE;
  if (g_str_equal (queue, "mine"))
    {
      filter->assignee_id = mc_user_get_id (user);
      filter->open_only = TRUE;
      return TRUE;
    }
  if (g_str_equal (queue, "department"))
    {
      filter->department_id = mc_user_get_department_id (user) ? mc_user_get_department_id (user) : "";
      filter->open_only = TRUE;
      return TRUE;
    }
  if (g_str_equal (queue, "overdue"))
    {
      filter->open_only = TRUE;
      filter->due_before = mc_request_get_now (request);
      return TRUE;
    }
  if (g_str_equal (queue, "due_soon"))
    {
      g_autoptr(GError) error = NULL;
      McCalendar *calendar = mc_store_get_calendar (mc_request_get_store (request), &error);

      if (calendar == NULL)
        {
          mc_request_fail (request, error);
          return FALSE;
        }
      /* Less than one working day left (design.md "Deadlines"). */
      filter->open_only = TRUE;
      filter->due_after = mc_request_get_now (request);
      filter->due_before = mc_deadline_add_working_time (calendar, mc_request_get_now (request),
                                                         mc_calendar_get_day_seconds (calendar));
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (by_status); i++)
    {
      if (g_str_equal (queue, by_status[i].name))
        {
          filter->status = by_status[i].status;
          return TRUE;
        }
    }
  mc_request_problem (request, 400, "malformed", _("Malformed request"),
                      _("There is no queue “%s”."), queue);
  return FALSE;
}

void
mc_route_dossiers_list (McRequest *request)
{
  McDossierFilter filter = { 0, NULL, NULL, NULL, FALSE, MC_TIME_NONE, MC_TIME_NONE };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *folded = NULL;
  const char *cursor = mc_request_get_query (request, "cursor");
  const char *status_text = mc_request_get_query (request, "status");
  const char *q = mc_request_get_query (request, "q");
  McVisibility visibility;
  McKeyset after;
  gint64 limit;

  if (!mc_request_get_query_int (request, "limit", 1, PAGE_MAX, PAGE_DEFAULT, &limit))
    return;
  if (!apply_queue (request, mc_request_get_query (request, "queue"), &filter))
    return;
  if (status_text != NULL)
    {
      McStatus status;
      if (!mc_status_from_string (status_text, &status))
        {
          mc_request_problem (request, 400, "malformed", _("Malformed request"),
                              _("There is no status “%s”."), status_text);
          return;
        }
      filter.status = status;
    }
  if (mc_request_get_query (request, "department") != NULL)
    filter.department_id = mc_request_get_query (request, "department");
  if (mc_request_get_query (request, "assignee") != NULL)
    filter.assignee_id = mc_request_get_query (request, "assignee");
  if (q != NULL)
    {
      if (strlen (q) > 200 || !g_utf8_validate (q, -1, NULL))
        {
          mc_request_problem (request, 400, "malformed", _("Malformed request"),
                              _("The search text must be UTF-8 of at most 200 bytes."));
          return;
        }
      folded = mc_fold (q);
      filter.search = folded;
    }
  if (cursor != NULL && !parse_cursor (cursor, &after))
    {
      mc_request_problem (request, 400, "malformed", _("Malformed request"),
                          _("The cursor is not one this server gave out."));
      return;
    }

  mc_request_get_visibility (request, &visibility);
  /* One more than asked tells whether another page follows. */
  page = mc_store_list_dossiers (mc_request_get_store (request), &visibility, &filter,
                                 cursor ? &after : NULL, (guint) limit + 1, &error);
  if (page == NULL)
    {
      mc_request_fail (request, error);
      return;
    }

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < page->len && i < (guint) limit; i++)
    json_builder_add_value (builder, mc_dossier_to_json (page->pdata[i]));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "next");
  if (page->len > (guint) limit)
    {
      g_autofree char *next = make_cursor (page->pdata[limit - 1]);
      json_builder_add_string_value (builder, next);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  mc_request_set_json (request, 200, root);
}

/* Registration at reception */

static gboolean
digits_only (const char *s,
             gsize       min,
             gsize       max)
{
  gsize len = s ? strlen (s) : 0;

  if (len < min || len > max)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

static gboolean
check_applicant (McRequest         *request,
                 const McApplicant *a)
{
  const char *problem = NULL;

  if (a->name == NULL || g_utf8_strlen (a->name, -1) < 2 || g_utf8_strlen (a->name, -1) > 200)
    problem = _("The applicant’s name must be 2 to 200 characters.");
  else if (a->id_number != NULL && *a->id_number && !digits_only (a->id_number, 9, 12))
    problem = _("The citizen id number must be 9 or 12 digits.");
  else if (a->phone != NULL && *a->phone && !digits_only (a->phone + (a->phone[0] == '+'), 9, 12))
    problem = _("The phone number must be 9 to 12 digits.");
  else if (a->email != NULL && *a->email && (strchr (a->email, '@') == NULL || strlen (a->email) > 254))
    problem = _("The e-mail address is not valid.");
  else if (a->tax_code != NULL && *a->tax_code && !digits_only (a->tax_code, 10, 10) &&
           !(strlen (a->tax_code) == 14 && a->tax_code[10] == '-' ))
    problem = _("The tax code must be 10 digits, or 10 digits, “-” and 3 digits for a branch.");
  else if (a->kind == MC_APPLICANT_PERSON && (a->id_number == NULL || *a->id_number == '\0'))
    problem = _("A person applying must give a citizen id number.");

  if (problem != NULL)
    {
      mc_request_problem (request, 422, "invalid-applicant", _("Applicant details are not valid"), "%s", problem);
      return FALSE;
    }
  return TRUE;
}

void
mc_route_dossiers_create (McRequest *request)
{
  g_autoptr(JsonObject) body = mc_request_parse_json_object (request);
  g_autoptr(GError) error = NULL;
  g_autofree char *procedure_id = NULL;
  g_autofree char *code = NULL;
  g_autofree char *uuid = NULL;
  g_autoptr(McProcedure) procedure = NULL;
  g_autoptr(McDepartment) unit = NULL;
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(McApplicant) applicant = NULL;
  g_autoptr(McEvent) event = NULL;
  McStore *store = mc_request_get_store (request);
  McUser *user = mc_request_get_user (request);
  JsonObject *applicant_object = NULL;
  McCalendar *calendar;
  McDueRequest due_request = { 0 };
  McChannel channel = MC_CHANNEL_COUNTER, return_channel = MC_CHANNEL_COUNTER;
  gint64 received_at = mc_request_get_now (request);
  gint64 due_at;
  int channel_value, number, y, m, d;
  GDateTime *local;

  if (body == NULL)
    return;
  if (mc_user_get_role (user) != MC_ROLE_RECEPTION)
    {
      mc_request_problem (request, 403, "forbidden", _("Not allowed for this user"),
                          _("Only reception officers register dossiers."));
      return;
    }
  if (mc_user_get_department_id (user) == NULL ||
      !mc_store_department_is_one_stop (store, mc_user_get_department_id (user)))
    {
      mc_request_problem (request, 403, "forbidden", _("Not allowed for this user"),
                          _("Your account does not belong to a one-stop unit, so it cannot receive dossiers."));
      return;
    }

  if (!mc_json_get_string (body, "procedure_id", FALSE, &procedure_id, &error) ||
      !mc_json_get_object (body, "applicant", &applicant_object, &error))
    {
      mc_request_fail (request, error);
      return;
    }
  if (json_object_has_member (body, "channel"))
    {
      if (!mc_json_get_enum (body, "channel", (McJsonEnumFromString) mc_channel_from_string, &channel_value, &error))
        {
          mc_request_fail (request, error);
          return;
        }
      channel = (McChannel) channel_value;
    }
  if (json_object_has_member (body, "return_channel"))
    {
      if (!mc_json_get_enum (body, "return_channel", (McJsonEnumFromString) mc_channel_from_string, &channel_value, &error))
        {
          mc_request_fail (request, error);
          return;
        }
      return_channel = (McChannel) channel_value;
    }
  if (json_object_has_member (body, "received_at") && !mc_json_member_is_null (body, "received_at"))
    {
      if (!mc_json_get_time (body, "received_at", FALSE, &received_at, &error))
        {
          mc_request_fail (request, error);
          return;
        }
      if (received_at > mc_request_get_now (request) + 60 ||
          received_at < mc_request_get_now (request) - MAX_BACKDATE)
        {
          mc_request_problem (request, 422, "invalid-received-at", _("Reception time not accepted"),
                              _("The reception time may not be in the future nor more than 30 days ago."));
          return;
        }
    }

  applicant = mc_applicant_new_from_json (applicant_object, &error);
  if (applicant == NULL)
    {
      mc_request_fail (request, error);
      return;
    }
  if (!check_applicant (request, applicant))
    return;

  procedure = mc_store_get_procedure (store, procedure_id, &error);
  if (procedure == NULL)
    {
      if (g_error_matches (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND))
        mc_request_problem (request, 422, "unknown-procedure", _("Unknown procedure"),
                            _("There is no procedure “%s” in the catalogue."), procedure_id);
      else
        mc_request_fail (request, error);
      return;
    }
  unit = mc_store_get_department (store, mc_user_get_department_id (user), &error);
  calendar = unit ? mc_store_get_calendar (store, &error) : NULL;
  if (calendar == NULL)
    {
      mc_request_fail (request, error);
      return;
    }

  /* The day's number, under the write lock the framework holds. */
  local = g_date_time_new_from_unix_utc (received_at + MC_TIME_PROVINCE_OFFSET);
  y = g_date_time_get_year (local);
  m = g_date_time_get_month (local);
  d = g_date_time_get_day_of_month (local);
  g_date_time_unref (local);
  if (!mc_store_next_code_number (store, mc_department_get_agency_id (unit), y, m, d, &number, &error))
    {
      mc_request_fail (request, error);
      return;
    }
  code = mc_dossier_code_format (mc_department_get_agency_id (unit), y, m, d, (guint) number, &error);
  if (code == NULL)
    {
      mc_request_fail (request, error);
      return;
    }

  due_request.received_at = received_at;
  mc_procedure_get_limit_for (procedure, channel, &due_request.amount, &due_request.unit);
  due_request.rule = mc_procedure_get_supplement_rule (procedure);
  if (!mc_deadline_compute (calendar, &due_request, &due_at, NULL, &error))
    {
      mc_request_problem (request, 422, "deadline", _("Cannot compute the due date"), "%s", error->message);
      return;
    }

  uuid = g_uuid_string_random ();
  dossier = mc_dossier_new ();
  mc_dossier_set_id (dossier, uuid);
  mc_dossier_set_code (dossier, code);
  mc_dossier_set_procedure_id (dossier, procedure_id);
  mc_dossier_set_procedure_version (dossier, mc_procedure_get_version (procedure));
  mc_dossier_set_applicant (dossier, applicant);
  mc_dossier_set_channel (dossier, channel);
  mc_dossier_set_return_channel (dossier, return_channel);
  mc_dossier_set_received_at (dossier, received_at);
  mc_dossier_set_due_at (dossier, due_at);
  /* An online submission waits for acceptance; the rest is received now. */
  mc_dossier_set_status (dossier, channel == MC_CHANNEL_ONLINE ? MC_STATUS_SUBMITTED : MC_STATUS_RECEIVED);
  mc_dossier_set_department_id (dossier, mc_department_get_id (unit));
  mc_dossier_set_receiving_department_id (dossier, mc_department_get_id (unit));
  mc_dossier_set_version (dossier, 1);
  mc_dossier_set_updated_at (dossier, mc_request_get_now (request));

  event = mc_event_new ();
  mc_event_set_at (event, mc_request_get_now (request));
  mc_event_set_actor_id (event, mc_user_get_id (user));
  mc_event_set_actor_name (event, mc_user_get_full_name (user));
  mc_event_set_action (event, MC_ACTION_REGISTER);
  mc_event_set_to_status (event, mc_dossier_get_status (dossier));
  mc_event_set_to_department_id (event, mc_department_get_id (unit));
  mc_dossier_add_event (dossier, event);

  if (!mc_store_put_dossier (store, dossier, &error) ||
      !mc_store_audit (store, mc_user_get_id (user), "dossier.register", uuid, code, &error))
    {
      mc_request_fail (request, error);
      return;
    }

  {
    g_autofree char *location = g_strconcat ("/api/v1/dossiers/", uuid, NULL);
    mc_request_set_header (request, "Location", location);
  }
  respond_dossier (request, 201, dossier);
}

/* Actions */

/* Where a supplement sends the dossier back: the status the request for it
 * was made from, as its event recorded. */
static McStatus
resume_status_of (McDossier *dossier)
{
  for (guint i = mc_dossier_get_n_events (dossier); i > 0; i--)
    {
      McEvent *event = mc_dossier_get_event (dossier, i - 1);

      if (mc_event_get_action (event) == MC_ACTION_REQUEST_SUPPLEMENT)
        return mc_event_get_from_status (event);
    }
  return 0;
}

static gboolean
read_optional_string (McRequest  *request,
                      JsonObject *body,
                      const char *member,
                      char      **out)
{
  g_autoptr(GError) error = NULL;

  if (!json_object_has_member (body, member))
    return TRUE;
  if (!mc_json_get_string (body, member, TRUE, out, &error))
    {
      mc_request_fail (request, error);
      return FALSE;
    }
  if (*out != NULL && (strlen (*out) > 2000 || !g_utf8_validate (*out, -1, NULL)))
    {
      mc_request_problem (request, 400, "malformed", _("Malformed request"),
                          _("“%s” must be UTF-8 text of at most 2000 bytes."), member);
      return FALSE;
    }
  return TRUE;
}

/* The target department and officer must exist and go together. */
static gboolean
check_targets (McRequest              *request,
               McDossier              *dossier,
               const McWorkflowParams *params)
{
  g_autoptr(GError) error = NULL;
  McStore *store = mc_request_get_store (request);
  const char *department_id = params->department_id ? params->department_id
                                                    : mc_dossier_get_department_id (dossier);

  if (params->department_id != NULL)
    {
      g_autoptr(McDepartment) department = mc_store_get_department (store, params->department_id, &error);
      if (department == NULL)
        {
          mc_request_problem (request, 422, "unknown-department", _("Unknown department"),
                              _("There is no department “%s”."), params->department_id);
          return FALSE;
        }
    }
  if (params->assignee_id != NULL)
    {
      g_autoptr(McUser) assignee = mc_store_get_user (store, params->assignee_id, &error);

      if (assignee == NULL || mc_user_get_disabled (assignee))
        {
          mc_request_problem (request, 422, "unknown-assignee", _("Unknown officer"),
                              _("There is no active officer “%s”."), params->assignee_id);
          return FALSE;
        }
      if (mc_user_get_role (assignee) != MC_ROLE_SPECIALIST && mc_user_get_role (assignee) != MC_ROLE_LEADER)
        {
          mc_request_problem (request, 422, "invalid-assignee", _("Not a processing officer"),
                              _("%s is not a specialist or leader and cannot process dossiers."),
                              mc_user_get_full_name (assignee));
          return FALSE;
        }
      if (g_strcmp0 (mc_user_get_department_id (assignee), department_id) != 0)
        {
          mc_request_problem (request, 422, "invalid-assignee", _("Officer of another department"),
                              _("%s does not work in the department that will hold the dossier."),
                              mc_user_get_full_name (assignee));
          return FALSE;
        }
    }
  return TRUE;
}

/* Due date again after a supplement arrived, with the procedure's rule. */
static gboolean
recompute_due (McRequest *request,
               McDossier *dossier,
               GError   **error)
{
  g_autoptr(McProcedure) procedure = NULL;
  g_autoptr(GArray) pauses = g_array_new (FALSE, FALSE, sizeof (McPause));
  McCalendar *calendar;
  McDueRequest due_request = { 0 };
  gint64 due;

  procedure = mc_store_get_procedure (mc_request_get_store (request), mc_dossier_get_procedure_id (dossier), error);
  if (procedure == NULL)
    return FALSE;
  calendar = mc_store_get_calendar (mc_request_get_store (request), error);
  if (calendar == NULL)
    return FALSE;
  for (guint i = 0; i < mc_dossier_get_n_pauses (dossier); i++)
    g_array_append_val (pauses, *mc_dossier_get_pause (dossier, i));
  due_request.received_at = mc_dossier_get_received_at (dossier);
  mc_procedure_get_limit_for (procedure, mc_dossier_get_channel (dossier), &due_request.amount, &due_request.unit);
  due_request.rule = mc_procedure_get_supplement_rule (procedure);
  due_request.pauses = (const McPause *) (gpointer) pauses->data;
  due_request.n_pauses = pauses->len;
  if (!mc_deadline_compute (calendar, &due_request, &due, NULL, error))
    return FALSE;
  if (due != MC_TIME_NONE)
    mc_dossier_set_due_at (dossier, due);
  return TRUE;
}

void
mc_route_dossier_action (McRequest *request)
{
  g_autoptr(JsonObject) body = mc_request_parse_json_object (request);
  g_autoptr(GError) error = NULL;
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(McEvent) event = NULL;
  g_autofree char *action_name = NULL;
  g_autofree char *department_id = NULL;
  g_autofree char *assignee_id = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *note = NULL;
  g_autofree char *from_department = NULL;
  g_autofree char *from_assignee = NULL;
  McUser *user = mc_request_get_user (request);
  McWorkflowSubject subject;
  McWorkflowActor actor;
  McWorkflowParams params = { 0 };
  McWorkflowOutcome outcome;
  McAction action;
  McStatus from_status;
  gint64 version, now = mc_request_get_now (request);

  if (body == NULL)
    return;
  if (!mc_json_get_string (body, "action", FALSE, &action_name, &error) ||
      !mc_json_get_int (body, "version", 1, G_MAXINT32, &version, &error))
    {
      mc_request_fail (request, error);
      return;
    }
  if (!mc_action_from_string (action_name, &action) || action == MC_ACTION_REGISTER)
    {
      mc_request_problem (request, 400, "malformed", _("Malformed request"),
                          _("There is no action “%s”."), action_name);
      return;
    }
  if (!read_optional_string (request, body, "department_id", &department_id) ||
      !read_optional_string (request, body, "assignee_id", &assignee_id) ||
      !read_optional_string (request, body, "reason", &reason) ||
      !read_optional_string (request, body, "note", &note))
    return;
  params.appointment_at = MC_TIME_NONE;
  if (json_object_has_member (body, "appointment_at") &&
      !mc_json_get_time (body, "appointment_at", TRUE, &params.appointment_at, &error))
    {
      mc_request_fail (request, error);
      return;
    }
  params.department_id = department_id;
  params.assignee_id = assignee_id;
  params.reason = reason;
  params.note = note;

  dossier = mc_route_load_visible_dossier (request, mc_request_get_param (request, "id"), TRUE);
  if (dossier == NULL)
    return;

  if (version != mc_dossier_get_version (dossier))
    {
      g_autofree char *etag = g_strdup_printf ("\"%d\"", mc_dossier_get_version (dossier));
      mc_request_set_header (request, "ETag", etag);
      mc_request_problem (request, 409, "version-conflict", _("The dossier has changed"),
                          _("Dossier %s is now at version %d, not %d: someone else "
                            "changed it. Look at it again before acting."),
                          mc_dossier_get_code (dossier), mc_dossier_get_version (dossier), (int) version);
      return;
    }

  subject.status = mc_dossier_get_status (dossier);
  subject.substate = mc_dossier_get_substate (dossier);
  subject.department_id = mc_dossier_get_department_id (dossier);
  subject.receiving_department_id = mc_dossier_get_receiving_department_id (dossier);
  subject.assignee_id = mc_dossier_get_assignee_id (dossier);
  subject.rescheduled = mc_dossier_get_appointment_at (dossier) != MC_TIME_NONE;
  subject.resume_status = subject.status == MC_STATUS_AWAITING_SUPPLEMENT ? resume_status_of (dossier) : 0;
  actor.id = mc_user_get_id (user);
  actor.role = mc_user_get_role (user);
  actor.department_id = mc_user_get_department_id (user);

  if (mc_workflow_check (action, &subject, &actor, &error) != MC_VERDICT_ALLOWED ||
      !mc_workflow_apply (action, &subject, &params, &outcome, &error))
    {
      mc_request_fail (request, error);
      return;
    }
  if (!check_targets (request, dossier, &params))
    return;
  if (action == MC_ACTION_APOLOGISE_AND_RESCHEDULE && mc_dossier_get_due_at (dossier) != MC_TIME_NONE &&
      params.appointment_at <= mc_dossier_get_due_at (dossier))
    {
      mc_request_problem (request, 422, "invalid-appointment", _("New appointment too early"),
                          _("The new appointment must be later than the current due date."));
      return;
    }

  from_status = subject.status;
  from_department = g_strdup (subject.department_id);
  from_assignee = g_strdup (subject.assignee_id);

  mc_dossier_set_status (dossier, outcome.status);
  mc_dossier_set_substate (dossier, outcome.status == MC_STATUS_IN_PROGRESS ? outcome.substate : MC_SUBSTATE_NONE);
  mc_dossier_set_department_id (dossier, outcome.department_id);
  mc_dossier_set_assignee_id (dossier, outcome.assignee_id);
  if (outcome.rescheduled)
    mc_dossier_set_appointment_at (dossier, params.appointment_at);
  if (outcome.result != MC_RESULT_NONE)
    mc_dossier_set_result (dossier, outcome.result);

  switch (action)
    {
    case MC_ACTION_REQUEST_SUPPLEMENT:
      {
        McPause pause = { now, MC_TIME_NONE };
        mc_dossier_add_pause (dossier, &pause);
      }
      break;
    case MC_ACTION_SUPPLEMENT_RECEIVED:
      {
        g_autoptr(GArray) pauses = g_array_new (FALSE, FALSE, sizeof (McPause));

        for (guint i = 0; i < mc_dossier_get_n_pauses (dossier); i++)
          g_array_append_val (pauses, *mc_dossier_get_pause (dossier, i));
        mc_dossier_clear_pauses (dossier);
        for (guint i = 0; i < pauses->len; i++)
          {
            McPause *p = &g_array_index (pauses, McPause, i);
            if (p->ended_at == MC_TIME_NONE)
              p->ended_at = now;
            mc_dossier_add_pause (dossier, p);
          }
        if (!recompute_due (request, dossier, &error))
          {
            mc_request_fail (request, error);
            return;
          }
      }
      break;
    case MC_ACTION_APPROVE:
    case MC_ACTION_REFUSE_RESULT:
      mc_dossier_set_completed_at (dossier, now);
      mc_dossier_set_timeliness (dossier, mc_deadline_classify (mc_dossier_get_due_at (dossier), now));
      break;
    case MC_ACTION_RETURN_RESULT:
      mc_dossier_set_returned_at (dossier, now);
      break;
    default:
      break;
    }

  event = mc_event_new ();
  mc_event_set_at (event, now);
  mc_event_set_actor_id (event, mc_user_get_id (user));
  mc_event_set_actor_name (event, mc_user_get_full_name (user));
  mc_event_set_action (event, action);
  mc_event_set_from_status (event, from_status);
  mc_event_set_to_status (event, outcome.status);
  mc_event_set_from_department_id (event, from_department);
  mc_event_set_to_department_id (event, outcome.department_id);
  mc_event_set_from_assignee_id (event, from_assignee);
  mc_event_set_to_assignee_id (event, outcome.assignee_id);
  if (reason != NULL && note != NULL)
    {
      g_autofree char *both = g_strconcat (reason, "\n", note, NULL);
      mc_event_set_note (event, both);
    }
  else
    mc_event_set_note (event, reason ? reason : note);
  mc_dossier_add_event (dossier, event);
  mc_dossier_set_version (dossier, mc_dossier_get_version (dossier) + 1);
  mc_dossier_set_updated_at (dossier, now);

  if (!mc_store_put_dossier (mc_request_get_store (request), dossier, &error) ||
      !mc_store_audit (mc_request_get_store (request), mc_user_get_id (user),
                       mc_action_to_string (action), mc_dossier_get_id (dossier), reason, &error))
    {
      mc_request_fail (request, error);
      return;
    }
  respond_dossier (request, 200, dossier);
}

/* Statistics */

static gboolean
query_time (McRequest  *request,
            const char *name,
            gint64      fallback,
            gint64     *out)
{
  g_autoptr(GError) error = NULL;
  const char *text = mc_request_get_query (request, name);
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *with_time = NULL;

  if (text == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  /* A plain date is the start of that day in the province. */
  if (strlen (text) == 10)
    {
      with_time = g_strconcat (text, "T00:00:00+07:00", NULL);
      text = with_time;
    }
  if (!mc_time_parse_iso8601 (text, out, &error))
    {
      mc_request_problem (request, 400, "malformed", _("Malformed request"), "%s: %s", name, error->message);
      return FALSE;
    }
  return TRUE;
}

void
mc_route_stats (McRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *department = mc_request_get_query (request, "department");
  McVisibility visibility;
  McStats stats;
  gint64 now = mc_request_get_now (request);
  gint64 from, to, finished;

  if (!query_time (request, "from", now - 30 * 86400, &from) ||
      !query_time (request, "to", now + 1, &to))
    return;
  if (to <= from)
    {
      mc_request_problem (request, 400, "malformed", _("Malformed request"),
                          _("“to” must come after “from”."));
      return;
    }
  mc_request_get_visibility (request, &visibility);
  if (!mc_store_stats (mc_request_get_store (request), &visibility, department, from, to, now, &stats, &error))
    {
      mc_request_fail (request, error);
      return;
    }

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  mc_json_builder_add_time (builder, "from", from);
  mc_json_builder_add_time (builder, "to", to);
  mc_json_builder_add_string (builder, "department", department);
  mc_json_builder_add_int (builder, "total", stats.total);
  json_builder_set_member_name (builder, "by_status");
  json_builder_begin_object (builder);
  for (int s = MC_STATUS_FIRST; s <= MC_STATUS_LAST; s++)
    mc_json_builder_add_int (builder, mc_status_to_string ((McStatus) s), stats.by_status[s]);
  json_builder_end_object (builder);
  /* Early / on time / late compare local dates (docs/architecture.md). */
  mc_json_builder_add_int (builder, "early", stats.early);
  mc_json_builder_add_int (builder, "on_time", stats.on_time);
  mc_json_builder_add_int (builder, "late", stats.late);
  finished = stats.early + stats.on_time + stats.late;
  json_builder_set_member_name (builder, "on_time_or_early_share");
  if (finished > 0)
    json_builder_add_double_value (builder, (double) (stats.early + stats.on_time) / finished);
  else
    json_builder_add_null_value (builder);
  mc_json_builder_add_int (builder, "overdue", stats.overdue);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  mc_request_set_json (request, 200, root);
}
