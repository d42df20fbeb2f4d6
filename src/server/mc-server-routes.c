/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mc-json.h"
#include "mc-server-auth.h"
#include "mc-server-routes.h"
#include "mc-server.h"
#include "mc-store-users.h"
#include "mc-time.h"

static const McRoute routes[] = {
  { "POST",   "/api/v1/session", mc_route_session_create, MC_ROUTE_PUBLIC | MC_ROUTE_OWN_TRANSACTIONS },
  { "DELETE", "/api/v1/session", mc_route_session_delete, MC_ROUTE_OWN_TRANSACTIONS },
  { "GET",    "/api/v1/me", mc_route_me, 0 },
  { "GET",    "/api/v1/departments", mc_route_departments, 0 },
  { "GET",    "/api/v1/procedures", mc_route_procedures, 0 },
  { "GET",    "/api/v1/users", mc_route_users, 0 },
  { "GET",    "/api/v1/calendar", mc_route_calendar, 0 },
  { "GET",    "/api/v1/dossiers", mc_route_dossiers_list, 0 },
  { "POST",   "/api/v1/dossiers", mc_route_dossiers_create, MC_ROUTE_WRITES | MC_ROUTE_IDEMPOTENT },
  { "GET",    "/api/v1/dossiers/{id}", mc_route_dossier_get, 0 },
  { "POST",   "/api/v1/dossiers/{id}/actions", mc_route_dossier_action, MC_ROUTE_WRITES | MC_ROUTE_IDEMPOTENT },
  { "GET",    "/api/v1/stats", mc_route_stats, 0 },
  { "GET",    "/api/v1/changes", mc_route_changes, 0 },
  { "POST",   "/api/v1/dossiers/{id}/attachments", mc_route_attachments_create,
    MC_ROUTE_WRITES | MC_ROUTE_IDEMPOTENT | MC_ROUTE_LARGE_BODY },
  { "GET",    "/api/v1/attachments/{id}", mc_route_attachment_get, 0 },
  { "POST",   "/api/v1/dossiers/{id}/reveals", mc_route_dossier_reveal, MC_ROUTE_WRITES },
};

const McRoute *
mc_server_get_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}

static void
respond_list (McRequest  *request,
              GPtrArray  *items,
              JsonNode *(*encode) (gpointer item))
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    json_builder_add_value (builder, encode (items->pdata[i]));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  mc_request_set_json (request, 200, root);
}

/* Session */

void
mc_route_session_create (McRequest *request)
{
  g_autoptr(JsonObject) body = mc_request_parse_json_object (request);
  g_autoptr(GError) error = NULL;
  g_autofree char *username = NULL;
  g_autofree char *password = NULL;
  g_autofree char *token = NULL;
  g_autoptr(McUser) user = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  gint64 expires_at = 0, retry_after = 0;

  if (body == NULL)
    return;
  if (!mc_json_get_string (body, "username", FALSE, &username, &error) ||
      !mc_json_get_string (body, "password", FALSE, &password, &error))
    {
      mc_request_fail (request, error);
      return;
    }

  if (!mc_server_auth_login (mc_request_get_store (request), username, password,
                             mc_request_get_now (request), &token, &expires_at, &user,
                             &retry_after, &error))
    {
      if (g_error_matches (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_THROTTLED))
        {
          g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT, retry_after);
          mc_request_set_header (request, "Retry-After", seconds);
          mc_request_problem (request, 429, "throttled", _("Too many failed sign-ins"), "%s", error->message);
        }
      else if (g_error_matches (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_BAD_CREDENTIALS))
        mc_request_problem (request, 401, "bad-credentials", _("Wrong username or password"), "%s", error->message);
      else if (g_error_matches (error, MC_SERVER_AUTH_ERROR, MC_SERVER_AUTH_ERROR_DISABLED))
        mc_request_problem (request, 403, "account-disabled", _("Account disabled"), "%s", error->message);
      else
        mc_request_fail (request, error);
      return;
    }

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  mc_json_builder_add_string (builder, "token", token);
  mc_json_builder_add_time (builder, "expires_at", expires_at);
  json_builder_set_member_name (builder, "user");
  json_builder_add_value (builder, mc_user_to_json (user));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  mc_request_set_header (request, "Cache-Control", "no-store");
  mc_request_set_json (request, 201, root);
}

void
mc_route_session_delete (McRequest *request)
{
  g_autoptr(GError) error = NULL;
  const char *header = mc_request_get_header (request, "Authorization");

  /* The framework authenticated the token, so it has the Bearer form. */
  if (!mc_server_auth_logout (mc_request_get_store (request), header + 7, &error))
    {
      mc_request_fail (request, error);
      return;
    }
  mc_request_set_bytes (request, 204, NULL, NULL);
}

void
mc_route_me (McRequest *request)
{
  g_autoptr(JsonNode) node = mc_user_to_json (mc_request_get_user (request));

  mc_request_set_json (request, 200, node);
}

/* Catalogues */

static JsonNode *
encode_department (gpointer item)
{
  return mc_department_to_json (item);
}

static JsonNode *
encode_procedure (gpointer item)
{
  return mc_procedure_to_json (item);
}

static JsonNode *
encode_user (gpointer item)
{
  return mc_user_to_json (item);
}

void
mc_route_departments (McRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = mc_store_list_departments (mc_request_get_store (request), &error);

  if (list == NULL)
    mc_request_fail (request, error);
  else
    respond_list (request, list, encode_department);
}

void
mc_route_procedures (McRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = mc_store_list_procedures (mc_request_get_store (request), &error);

  if (list == NULL)
    mc_request_fail (request, error);
  else
    respond_list (request, list, encode_procedure);
}

void
mc_route_users (McRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  McUser *user = mc_request_get_user (request);
  McRole role = mc_user_get_role (user);
  const char *department = NULL;

  /* Supervisors and administrators see every account; the others, the
   * people of their own department (those they assign work to). */
  if (role != MC_ROLE_SUPERVISOR && role != MC_ROLE_ADMIN)
    department = mc_user_get_department_id (user);
  list = mc_store_list_users (mc_request_get_store (request), department, &error);
  if (list == NULL)
    mc_request_fail (request, error);
  else
    respond_list (request, list, encode_user);
}

gboolean
mc_route_build_calendar_year (JsonBuilder *builder,
                              McCalendar  *calendar,
                              int          year,
                              GError     **error)
{
  g_autoptr(GArray) days = mc_calendar_list_year (calendar, year, error);
  g_autofree char *hours_text = NULL;
  g_autofree char *cutoff = NULL;
  const McOfficeHours *hours = mc_calendar_get_office_hours (calendar);

  if (days == NULL)
    return FALSE;
  hours_text = mc_office_hours_to_string (hours);
  cutoff = g_strdup_printf ("%02d:%02d", hours->same_day_cutoff / 60, hours->same_day_cutoff % 60);

  json_builder_begin_object (builder);
  mc_json_builder_add_int (builder, "year", year);
  mc_json_builder_add_string (builder, "office_hours", hours_text);
  mc_json_builder_add_string (builder, "same_day_cutoff", cutoff);
  json_builder_set_member_name (builder, "days");
  json_builder_begin_array (builder);
  for (guint i = 0; i < days->len; i++)
    {
      const McCalendarEntry *e = &g_array_index (days, McCalendarEntry, i);
      g_autofree char *date = g_strdup_printf ("%04d-%02d-%02d", e->year, e->month, e->day);

      json_builder_begin_object (builder);
      mc_json_builder_add_string (builder, "date", date);
      mc_json_builder_add_string (builder, "kind", e->kind == MC_DAY_OFF ? "off" : "work");
      mc_json_builder_add_string (builder, "name", e->name);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return TRUE;
}

void
mc_route_calendar (McRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  McCalendar *calendar;
  gint64 year;

  if (mc_request_get_query (request, "year") == NULL)
    {
      mc_request_problem (request, 400, "malformed", _("Malformed request"),
                          _("Say which year: /api/v1/calendar?year=2026."));
      return;
    }
  if (!mc_request_get_query_int (request, "year", MC_CALENDAR_FIRST_YEAR, MC_CALENDAR_LAST_YEAR, 0, &year))
    return;
  calendar = mc_store_get_calendar (mc_request_get_store (request), &error);
  if (calendar == NULL)
    {
      mc_request_fail (request, error);
      return;
    }
  builder = json_builder_new_immutable ();
  if (!mc_route_build_calendar_year (builder, calendar, (int) year, &error))
    {
      mc_request_fail (request, error);
      return;
    }
  root = json_builder_get_root (builder);
  mc_request_set_json (request, 200, root);
}
