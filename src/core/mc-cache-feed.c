/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-cache-private.h"
#include "mc-dossier.h"
#include "mc-json.h"
#include "mc-json-scan.h"
#include "mc-time.h"

/* The columns of a dossier in the change feed, read from its text without
 * building it (mc_cache_apply_feed_page()): the members the cache indexes
 * are checked as mc_dossier_new_from_json() checks them; the rest of the
 * document is checked as JSON and kept as the text that came. A page of
 * the first sync holds thousands of dossiers, and building each as a
 * json-glib tree and then a McDossier was most of the time of that sync. */

void
_mc_cache_dossier_columns_clear (McCacheDossierColumns *c)
{
  g_clear_pointer (&c->id, g_free);
  g_clear_pointer (&c->code, g_free);
  g_clear_pointer (&c->procedure_id, g_free);
  g_clear_pointer (&c->department_id, g_free);
  g_clear_pointer (&c->receiving_department_id, g_free);
  g_clear_pointer (&c->assignee_id, g_free);
  g_clear_pointer (&c->name, g_free);
  g_clear_pointer (&c->id_number, g_free);
  g_clear_pointer (&c->phone, g_free);
  g_clear_pointer (&c->address, g_free);
  g_clear_pointer (&c->tax_code, g_free);
  g_clear_pointer (&c->id_digits, g_free);
  g_clear_pointer (&c->code_key, g_free);
  g_clear_pointer (&c->own_folded, g_free);
}

void
_mc_cache_dossier_columns_from_dossier (McCacheDossierColumns *c,
                                        McDossier             *dossier)
{
  const McApplicant *applicant = mc_dossier_get_applicant (dossier);

  c->id = g_strdup (mc_dossier_get_id (dossier));
  c->code = g_strdup (mc_dossier_get_code (dossier));
  c->procedure_id = g_strdup (mc_dossier_get_procedure_id (dossier));
  c->department_id = g_strdup (mc_dossier_get_department_id (dossier));
  c->receiving_department_id = g_strdup (mc_dossier_get_receiving_department_id (dossier));
  c->assignee_id = g_strdup (mc_dossier_get_assignee_id (dossier));
  c->name = g_strdup (applicant->name);
  c->id_number = g_strdup (applicant->id_number);
  c->phone = g_strdup (applicant->phone);
  c->address = g_strdup (applicant->address);
  c->tax_code = g_strdup (applicant->tax_code);
  c->status = mc_dossier_get_status (dossier);
  c->substate = mc_dossier_get_substate (dossier);
  c->version = mc_dossier_get_version (dossier);
  c->received_at = mc_dossier_get_received_at (dossier);
  c->due_at = mc_dossier_get_due_at (dossier);
  c->appointment_at = mc_dossier_get_appointment_at (dossier);
  c->completed_at = mc_dossier_get_completed_at (dossier);
}

enum {
  M_ID, M_CODE, M_PROCEDURE_ID, M_APPLICANT, M_RECEIVED_AT, M_DUE_AT, M_APPOINTMENT_AT,
  M_STATUS, M_STATUS_CODE, M_SUBSTATE, M_DEPARTMENT_ID, M_RECEIVING_DEPARTMENT_ID,
  M_ASSIGNEE_ID, M_COMPLETED_AT, M_VERSION, M_EVENTS, M_ATTACHMENTS, N_MEMBERS
};

static const char * const member_names[N_MEMBERS] = {
  "id", "code", "procedure_id", "applicant", "received_at", "due_at", "appointment_at",
  "status", "status_code", "substate", "department_id", "receiving_department_id",
  "assignee_id", "completed_at", "version", "events", "attachments",
};

/* Required unless listed here. */
static gboolean
member_optional (guint m)
{
  return m == M_STATUS_CODE;
}

enum { A_KIND, A_NAME, A_ID_NUMBER, A_PHONE, A_ADDRESS, A_TAX_CODE, N_APPLICANT };

static const char * const applicant_names[N_APPLICANT] = {
  "kind", "name", "id_number", "phone", "address", "tax_code",
};

static gboolean
missing (const char  *member,
         GError     **error)
{
  g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_MISSING_MEMBER,
               _("%s: required member is missing"), member);
  return FALSE;
}

/* Spans of the wanted members of an object span (the last of a repeated
 * one, as json-glib keeps it). */
static gboolean
pick_members (const McJsonSpan   *object,
              const char * const *names,
              guint               n_names,
              McJsonSpan         *found,
              gboolean           *present,
              GError            **error)
{
  McJsonScan scan;
  McJsonSpan key, value;

  memset (present, 0, n_names * sizeof (gboolean));
  mc_json_scan_enter (&scan, object);
  while (mc_json_scan_next_member (&scan, &key, &value, error))
    {
      if (key.escaped)
        continue;
      for (guint m = 0; m < n_names; m++)
        if (key.len == strlen (names[m]) && memcmp (key.text, names[m], key.len) == 0)
          {
            found[m] = value;
            present[m] = TRUE;
            break;
          }
    }
  return error == NULL || *error == NULL;
}

static gboolean
get_time (const McJsonSpan  *span,
          const char        *member,
          gboolean           nullable,
          gint64            *out,
          GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;

  if (nullable && span->kind == MC_JSON_SPAN_NULL)
    {
      *out = MC_TIME_NONE;
      return TRUE;
    }
  if (span->kind != MC_JSON_SPAN_STRING)
    {
      g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_WRONG_TYPE,
                   nullable ? _("%s: expected a date and time string or null")
                            : _("%s: expected a date and time string"),
                   member);
      return FALSE;
    }
  text = mc_json_span_dup_string (span, member, FALSE, error);
  if (text == NULL)
    return FALSE;
  if (!mc_time_parse_iso8601 (text, out, &local_error))
    {
      g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_INVALID_VALUE,
                   "%s: %s", member, local_error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
get_enum (const McJsonSpan  *span,
          const char        *member,
          gboolean         (*from_string) (const char *, int *),
          int               *out,
          GError           **error)
{
  g_autofree char *name = NULL;

  if (span->kind != MC_JSON_SPAN_STRING)
    {
      g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_WRONG_TYPE,
                   _("%s: expected a string"), member);
      return FALSE;
    }
  name = mc_json_span_dup_string (span, member, FALSE, error);
  if (name == NULL)
    return FALSE;
  if (!from_string (name, out))
    {
      g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_INVALID_VALUE,
                   _("%s: unknown value “%s”"), member, name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
status_from_string (const char *text,
                    int        *out)
{
  McStatus status;

  if (!mc_status_from_string (text, &status))
    return FALSE;
  *out = status;
  return TRUE;
}

static gboolean
substate_from_string (const char *text,
                      int        *out)
{
  McSubstate substate;

  if (!mc_substate_from_string (text, &substate))
    return FALSE;
  *out = substate;
  return TRUE;
}

static gboolean
string_member (const McJsonSpan  *span,
               const char        *member,
               gboolean           nullable,
               char             **out,
               GError           **error)
{
  g_autoptr(GError) local_error = NULL;

  *out = mc_json_span_dup_string (span, member, nullable, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
scan_applicant (const McJsonSpan       *span,
                McCacheDossierColumns  *c,
                GError                **error)
{
  McJsonSpan found[N_APPLICANT];
  gboolean present[N_APPLICANT];

  if (span->kind != MC_JSON_SPAN_OBJECT)
    {
      g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_WRONG_TYPE,
                   _("%s: expected an object"), "applicant");
      return FALSE;
    }
  if (!pick_members (span, applicant_names, N_APPLICANT, found, present, error))
    return FALSE;
  for (guint m = 0; m < N_APPLICANT; m++)
    if (!present[m])
      return missing (applicant_names[m], error);
  if (found[A_KIND].kind != MC_JSON_SPAN_STRING)
    {
      g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_WRONG_TYPE,
                   _("%s: expected a string"), "kind");
      return FALSE;
    }
  return string_member (&found[A_NAME], "name", FALSE, &c->name, error) &&
         string_member (&found[A_ID_NUMBER], "id_number", TRUE, &c->id_number, error) &&
         string_member (&found[A_PHONE], "phone", TRUE, &c->phone, error) &&
         string_member (&found[A_ADDRESS], "address", TRUE, &c->address, error) &&
         string_member (&found[A_TAX_CODE], "tax_code", TRUE, &c->tax_code, error);
}

gboolean
_mc_cache_dossier_columns_scan (McCacheDossierColumns  *c,
                                const McJsonSpan       *data,
                                GError                **error)
{
  McJsonSpan found[N_MEMBERS];
  gboolean present[N_MEMBERS];
  gint64 i64;
  int e;

  if (data->kind != MC_JSON_SPAN_OBJECT)
    {
      g_set_error_literal (error, MC_WIRE_ERROR, MC_WIRE_ERROR_WRONG_TYPE,
                           _("The document is not a JSON object"));
      return FALSE;
    }
  if (!pick_members (data, member_names, N_MEMBERS, found, present, error))
    return FALSE;
  for (guint m = 0; m < N_MEMBERS; m++)
    if (!present[m] && !member_optional (m))
      return missing (member_names[m], error);

  if (!string_member (&found[M_ID], "id", FALSE, &c->id, error))
    return FALSE;
  if (!g_uuid_string_is_valid (c->id))
    {
      g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_INVALID_VALUE,
                   _("%s: “%s” is not a UUID"), "id", c->id);
      return FALSE;
    }
  if (!string_member (&found[M_CODE], "code", TRUE, &c->code, error) ||
      !string_member (&found[M_PROCEDURE_ID], "procedure_id", FALSE, &c->procedure_id, error))
    return FALSE;
  if (!scan_applicant (&found[M_APPLICANT], c, error))
    {
      g_prefix_error (error, "applicant.");
      return FALSE;
    }
  if (!get_time (&found[M_RECEIVED_AT], "received_at", FALSE, &c->received_at, error) ||
      !get_time (&found[M_DUE_AT], "due_at", TRUE, &c->due_at, error) ||
      !get_time (&found[M_APPOINTMENT_AT], "appointment_at", TRUE, &c->appointment_at, error) ||
      !get_time (&found[M_COMPLETED_AT], "completed_at", TRUE, &c->completed_at, error))
    return FALSE;
  if (!get_enum (&found[M_STATUS], "status", status_from_string, &e, error))
    return FALSE;
  c->status = e;
  if (present[M_STATUS_CODE])
    {
      if (!mc_json_span_get_int (&found[M_STATUS_CODE], "status_code", G_MININT64, G_MAXINT64, &i64, error))
        return FALSE;
      if (i64 != c->status)
        {
          g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_INVALID_VALUE,
                       _("%s: does not match status “%s”"),
                       "status_code", mc_status_to_string (c->status));
          return FALSE;
        }
    }
  if (!get_enum (&found[M_SUBSTATE], "substate", substate_from_string, &e, error))
    return FALSE;
  c->substate = e;
  if (c->substate != MC_SUBSTATE_NONE && c->status != MC_STATUS_IN_PROGRESS)
    {
      g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_INVALID_VALUE,
                   _("%s: “%s” is only possible while in progress"),
                   "substate", mc_substate_to_string (c->substate));
      return FALSE;
    }
  if (!string_member (&found[M_DEPARTMENT_ID], "department_id", FALSE, &c->department_id, error) ||
      !string_member (&found[M_RECEIVING_DEPARTMENT_ID], "receiving_department_id", FALSE,
                      &c->receiving_department_id, error) ||
      !string_member (&found[M_ASSIGNEE_ID], "assignee_id", TRUE, &c->assignee_id, error))
    return FALSE;
  if (!mc_json_span_get_int (&found[M_VERSION], "version", 0, G_MAXINT, &i64, error))
    return FALSE;
  c->version = (int) i64;
  if (found[M_EVENTS].kind != MC_JSON_SPAN_ARRAY || found[M_ATTACHMENTS].kind != MC_JSON_SPAN_ARRAY)
    {
      g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_WRONG_TYPE, _("%s: expected an array"),
                   found[M_EVENTS].kind != MC_JSON_SPAN_ARRAY ? "events" : "attachments");
      return FALSE;
    }
  return TRUE;
}
