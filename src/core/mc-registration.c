/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-deadline.h"
#include "mc-fold.h"
#include "mc-json.h"
#include "mc-registration.h"

static gboolean
digits_only (const char *s,
             gsize       min,
             gsize       max)
{
  gsize len = strlen (s);

  if (len < min || len > max)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

char *
mc_registration_check_field (McRegistrationField  field,
                             McApplicantKind      kind,
                             const char          *value)
{
  gboolean empty = value == NULL || *value == '\0';

  switch (field)
    {
    case MC_REGISTRATION_FIELD_NAME:
      if (empty || g_utf8_strlen (value, -1) < 2 || g_utf8_strlen (value, -1) > 200)
        return g_strdup (_("Enter the applicant’s full name, 2 to 200 characters."));
      return NULL;
    case MC_REGISTRATION_FIELD_ID_NUMBER:
      if (empty)
        return kind == MC_APPLICANT_PERSON
               ? g_strdup (_("A person applying must give a citizen id number."))
               : NULL;
      if (!digits_only (value, 9, 9) && !digits_only (value, 12, 12))
        return g_strdup (_("The citizen id number must be 12 digits (or 9 digits on an old identity card), "
                           "without spaces or letters."));
      return NULL;
    case MC_REGISTRATION_FIELD_PHONE:
      if (!empty && !digits_only (value + (value[0] == '+'), 9, 12))
        return g_strdup (_("The phone number must be 9 to 12 digits, optionally after “+”."));
      return NULL;
    case MC_REGISTRATION_FIELD_EMAIL:
      if (!empty && (strchr (value, '@') == NULL || strlen (value) > 254))
        return g_strdup (_("The e-mail address is not valid: it needs an “@”, for example ten@example.vn."));
      return NULL;
    case MC_REGISTRATION_FIELD_TAX_CODE:
      if (!empty && !digits_only (value, 10, 10) &&
          !(strlen (value) == 14 && value[10] == '-' && digits_only (value + 11, 3, 3) &&
            g_ascii_isdigit (value[0]) && strspn (value, "0123456789") == 10))
        return g_strdup (_("The tax code must be 10 digits, or 10 digits, “-” and 3 digits for a branch."));
      return NULL;
    case MC_REGISTRATION_FIELD_NONE:
    default:
      return NULL;
    }
}

char *
mc_registration_check (const McApplicant   *applicant,
                       McRegistrationField *field)
{
  struct { McRegistrationField field; const char *value; } fields[] = {
    { MC_REGISTRATION_FIELD_NAME, applicant->name },
    { MC_REGISTRATION_FIELD_ID_NUMBER, applicant->id_number },
    { MC_REGISTRATION_FIELD_PHONE, applicant->phone },
    { MC_REGISTRATION_FIELD_EMAIL, applicant->email },
    { MC_REGISTRATION_FIELD_TAX_CODE, applicant->tax_code },
  };

  g_return_val_if_fail (applicant != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      char *problem = mc_registration_check_field (fields[i].field, applicant->kind, fields[i].value);

      if (problem != NULL)
        {
          if (field != NULL)
            *field = fields[i].field;
          return problem;
        }
    }
  if (field != NULL)
    *field = MC_REGISTRATION_FIELD_NONE;
  return NULL;
}

static const char *
nonempty (const char *s)
{
  return s != NULL && *s != '\0' ? s : NULL;
}

JsonNode *
mc_registration_build (const char        *procedure_id,
                       const McApplicant *applicant,
                       McChannel          channel,
                       McChannel          return_channel)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (procedure_id != NULL, NULL);
  g_return_val_if_fail (applicant != NULL, NULL);

  json_builder_begin_object (builder);
  mc_json_builder_add_string (builder, "procedure_id", procedure_id);
  json_builder_set_member_name (builder, "applicant");
  json_builder_begin_object (builder);
  mc_json_builder_add_string (builder, "kind", applicant->kind == MC_APPLICANT_PERSON ? "person" : "organisation");
  mc_json_builder_add_string (builder, "name", applicant->name);
  mc_json_builder_add_string (builder, "id_number", nonempty (applicant->id_number));
  mc_json_builder_add_string (builder, "phone", nonempty (applicant->phone));
  mc_json_builder_add_string (builder, "email", nonempty (applicant->email));
  mc_json_builder_add_string (builder, "address", nonempty (applicant->address));
  mc_json_builder_add_string (builder, "tax_code", nonempty (applicant->tax_code));
  json_builder_end_object (builder);
  mc_json_builder_add_string (builder, "channel", mc_channel_to_string (channel));
  mc_json_builder_add_string (builder, "return_channel", mc_channel_to_string (return_channel));
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

gboolean
mc_registration_preview_due (McCalendar   *calendar,
                             McProcedure  *procedure,
                             McChannel     channel,
                             gint64        received_at,
                             gint64       *due_at,
                             GPtrArray   **explanation,
                             GError      **error)
{
  McDueRequest request = { 0 };

  g_return_val_if_fail (MC_IS_CALENDAR (calendar), FALSE);
  g_return_val_if_fail (MC_IS_PROCEDURE (procedure), FALSE);
  g_return_val_if_fail (due_at != NULL, FALSE);

  /* The server's own steps (mc_route_dossiers_create). */
  request.received_at = received_at;
  mc_procedure_get_limit_for (procedure, channel, &request.amount, &request.unit);
  request.rule = mc_procedure_get_supplement_rule (procedure);
  return mc_deadline_compute (calendar, &request, due_at, explanation, error);
}

static gboolean
starts_with_folded (const char *folded,
                    const char *prefix)
{
  return folded != NULL && g_str_has_prefix (folded, prefix);
}

GPtrArray *
mc_registration_find_procedures (GPtrArray  *procedures,
                                 const char *text,
                                 guint       limit)
{
  g_autoptr(GPtrArray) by_code = g_ptr_array_new ();
  g_autoptr(GPtrArray) by_name = g_ptr_array_new ();
  g_autofree char *folded = mc_fold (text != NULL ? text : "");
  g_auto(GStrv) words = NULL;
  GPtrArray *found = g_ptr_array_new ();

  g_return_val_if_fail (procedures != NULL, found);

  words = g_strsplit (folded, " ", -1);
  for (guint i = 0; i < procedures->len; i++)
    {
      McProcedure *procedure = g_ptr_array_index (procedures, i);
      g_autofree char *code = mc_fold (mc_procedure_get_code (procedure) ? mc_procedure_get_code (procedure) : "");
      g_autofree char *name = NULL;
      gboolean all = TRUE;

      if (*folded == '\0')
        {
          g_ptr_array_add (by_name, procedure);
          continue;
        }
      if (starts_with_folded (code, folded))
        {
          g_ptr_array_add (by_code, procedure);
          continue;
        }
      name = mc_fold (mc_procedure_get_name (procedure) ? mc_procedure_get_name (procedure) : "");
      for (guint w = 0; words[w] != NULL && all; w++)
        if (*words[w] != '\0' && strstr (name, words[w]) == NULL && strstr (code, words[w]) == NULL)
          all = FALSE;
      if (all)
        g_ptr_array_add (by_name, procedure);
    }
  for (guint i = 0; i < by_code->len && (limit == 0 || found->len < limit); i++)
    g_ptr_array_add (found, g_ptr_array_index (by_code, i));
  for (guint i = 0; i < by_name->len && (limit == 0 || found->len < limit); i++)
    g_ptr_array_add (found, g_ptr_array_index (by_name, i));
  return found;
}

static void
replayed (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  McDossier *dossier;
  GError *error = NULL;
  gsize len = 0;
  const char *data;

  bytes = mc_client_send_finish (MC_CLIENT (source), result, NULL, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  data = g_bytes_get_data (bytes, &len);
  root = mc_json_parse (data != NULL ? data : "", len, MC_JSON_MAX_BYTES, MC_JSON_MAX_DEPTH, &error);
  if (root == NULL || (dossier = mc_dossier_new_from_json (root, &error)) == NULL)
    {
      g_task_return_new_error (task, MC_CLIENT_ERROR, MC_CLIENT_ERROR_INVALID_RESPONSE,
                               _("The server’s answer to a registration is not a dossier: %s"),
                               error != NULL ? error->message : "");
      g_clear_error (&error);
      return;
    }
  g_task_return_pointer (task, dossier, g_object_unref);
}

void
mc_registration_fetch_dossier_async (McClient            *client,
                                     const McOutboxEntry *entry,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GBytes) body = NULL;
  GTask *task;

  g_return_if_fail (MC_IS_CLIENT (client));
  g_return_if_fail (entry != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_registration_fetch_dossier_async);
  if (entry->dossier_id != NULL || entry->state != MC_OUTBOX_DONE)
    {
      g_task_return_new_error (task, MC_CLIENT_ERROR, MC_CLIENT_ERROR_NOT_FOUND,
                               _("This registration has not been accepted by the server yet."));
      g_object_unref (task);
      return;
    }
  /* Byte for byte the request that was acknowledged: the server knows the
   * key with a hash of the request and answers as it did the first time. */
  body = g_bytes_new (entry->body, strlen (entry->body));
  mc_client_send_async (client, "POST", entry->path, body, entry->key, cancellable, replayed, task);
}

McDossier *
mc_registration_fetch_dossier_finish (McClient      *client,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_registration_fetch_dossier_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

McOutboxEntry *
mc_registration_get_entry (McCache  *cache,
                           gint64    id,
                           GError  **error)
{
  g_autoptr(GPtrArray) entries = NULL;

  g_return_val_if_fail (MC_IS_CACHE (cache), NULL);

  /* The outbox is short: pending work and a week of history. */
  if (!(entries = mc_outbox_list (cache, error)))
    return NULL;
  for (guint i = 0; i < entries->len; i++)
    {
      McOutboxEntry *entry = g_ptr_array_index (entries, i);

      if (entry->id == id)
        return mc_outbox_entry_copy (entry);
    }
  return NULL;
}
