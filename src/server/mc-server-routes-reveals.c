/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-json.h"
#include "mc-server-routes.h"
#include "mc-time.h"

/* POST /api/v1/dossiers/{id}/reveals: an officer is about to see a masked
 * personal detail of the applicant. The application masks the citizen id
 * number until the officer asks for it, and shows it only once the server
 * has recorded who saw it, when: the audit row is the record. It is not an
 * event of the dossier: looking changes nothing, so the dossier's version
 * stays put and no action based on it becomes a conflict. */

/* The details that are masked, and so revealed. */
static const char *const revealable[] = { "id_number", "tax_code", "phone" };

void
mc_route_dossier_reveal (McRequest *request)
{
  g_autoptr(JsonObject) body = mc_request_parse_json_object (request);
  g_autoptr(GError) error = NULL;
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *field = NULL;
  g_autofree char *at = NULL;
  McUser *user = mc_request_get_user (request);
  gboolean known = FALSE;

  if (body == NULL)
    return;
  if (!mc_json_get_string (body, "field", FALSE, &field, &error))
    {
      mc_request_fail (request, error);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (revealable); i++)
    known = known || g_str_equal (field, revealable[i]);
  if (!known)
    {
      mc_request_problem (request, 400, "malformed", _("Malformed request"),
                          _("“%s” is not a detail that can be revealed."), field);
      return;
    }

  /* A dossier out of sight is a plain 404, as everywhere. */
  dossier = mc_route_load_visible_dossier (request, mc_request_get_param (request, "id"), FALSE);
  if (dossier == NULL)
    return;
  if (!mc_store_audit (mc_request_get_store (request), mc_user_get_id (user),
                       "dossier.reveal", mc_dossier_get_id (dossier), field, &error))
    {
      mc_request_fail (request, error);
      return;
    }

  at = mc_time_format_iso8601 (mc_request_get_now (request));
  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "dossier_id");
  json_builder_add_string_value (builder, mc_dossier_get_id (dossier));
  json_builder_set_member_name (builder, "field");
  json_builder_add_string_value (builder, field);
  json_builder_set_member_name (builder, "recorded_at");
  json_builder_add_string_value (builder, at);
  json_builder_end_object (builder);
  answer = json_builder_get_root (builder);
  mc_request_set_json (request, 201, answer);
}
