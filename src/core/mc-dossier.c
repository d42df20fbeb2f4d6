/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-json.h"
#include "mc-time.h"
#include "mc-dossier.h"

G_DEFINE_BOXED_TYPE (McApplicant, mc_applicant, mc_applicant_copy, mc_applicant_free)

McApplicant *
mc_applicant_new (void)
{
  return g_new0 (McApplicant, 1);
}

static void
applicant_copy_into (McApplicant       *dst,
                     const McApplicant *src)
{
  dst->kind = src->kind;
  dst->name = g_strdup (src->name);
  dst->id_number = g_strdup (src->id_number);
  dst->phone = g_strdup (src->phone);
  dst->email = g_strdup (src->email);
  dst->address = g_strdup (src->address);
  dst->tax_code = g_strdup (src->tax_code);
}

static void
applicant_clear (McApplicant *applicant)
{
  g_clear_pointer (&applicant->name, g_free);
  g_clear_pointer (&applicant->id_number, g_free);
  g_clear_pointer (&applicant->phone, g_free);
  g_clear_pointer (&applicant->email, g_free);
  g_clear_pointer (&applicant->address, g_free);
  g_clear_pointer (&applicant->tax_code, g_free);
}

McApplicant *
mc_applicant_copy (const McApplicant *applicant)
{
  McApplicant *copy;

  g_return_val_if_fail (applicant != NULL, NULL);

  copy = mc_applicant_new ();
  applicant_copy_into (copy, applicant);
  return copy;
}

void
mc_applicant_free (McApplicant *applicant)
{
  if (applicant == NULL)
    return;
  applicant_clear (applicant);
  g_free (applicant);
}

gboolean
mc_applicant_equal (const McApplicant *a,
                    const McApplicant *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  /* name is required on the wire, so NULL and "" are one value there. */
  return a->kind == b->kind &&
         g_strcmp0 (a->name != NULL ? a->name : "", b->name != NULL ? b->name : "") == 0 &&
         g_strcmp0 (a->id_number, b->id_number) == 0 &&
         g_strcmp0 (a->phone, b->phone) == 0 &&
         g_strcmp0 (a->email, b->email) == 0 &&
         g_strcmp0 (a->address, b->address) == 0 &&
         g_strcmp0 (a->tax_code, b->tax_code) == 0;
}

G_DEFINE_BOXED_TYPE (McPause, mc_pause, mc_pause_copy, mc_pause_free)

McPause *
mc_pause_copy (const McPause *pause)
{
  g_return_val_if_fail (pause != NULL, NULL);

  return g_memdup2 (pause, sizeof *pause);
}

void
mc_pause_free (McPause *pause)
{
  g_free (pause);
}

MC_JSON_DEFINE_ENUM_PARSER (applicant_kind_from_string, McApplicantKind, mc_applicant_kind_from_string)

static void
applicant_build (JsonBuilder       *builder,
                 const McApplicant *applicant)
{
  json_builder_begin_object (builder);
  mc_json_builder_add_string (builder, "kind", mc_applicant_kind_to_string (applicant->kind));
  mc_json_builder_add_string (builder, "name", applicant->name != NULL ? applicant->name : "");
  mc_json_builder_add_string (builder, "id_number", applicant->id_number);
  mc_json_builder_add_string (builder, "phone", applicant->phone);
  mc_json_builder_add_string (builder, "email", applicant->email);
  mc_json_builder_add_string (builder, "address", applicant->address);
  mc_json_builder_add_string (builder, "tax_code", applicant->tax_code);
  json_builder_end_object (builder);
}

/* Reads into an empty @applicant; on failure the caller clears it. */
static gboolean
applicant_read (JsonObject   *object,
                McApplicant  *applicant,
                GError      **error)
{
  int kind;

  if (!mc_json_get_enum (object, "kind", applicant_kind_from_string, &kind, error))
    return FALSE;
  applicant->kind = kind;
  return mc_json_get_string (object, "name", FALSE, &applicant->name, error) &&
         mc_json_get_string (object, "id_number", TRUE, &applicant->id_number, error) &&
         mc_json_get_string (object, "phone", TRUE, &applicant->phone, error) &&
         mc_json_get_string (object, "email", TRUE, &applicant->email, error) &&
         mc_json_get_string (object, "address", TRUE, &applicant->address, error) &&
         mc_json_get_string (object, "tax_code", TRUE, &applicant->tax_code, error);
}

McApplicant *
mc_applicant_new_from_json (JsonObject  *object,
                            GError     **error)
{
  g_autoptr(McApplicant) applicant = mc_applicant_new ();

  g_return_val_if_fail (object != NULL, NULL);

  if (!applicant_read (object, applicant, error))
    {
      g_prefix_error (error, "applicant.");
      return NULL;
    }
  return g_steal_pointer (&applicant);
}

static gboolean
pauses_equal (GArray *a,
              GArray *b)
{
  guint na = a != NULL ? a->len : 0;
  guint nb = b != NULL ? b->len : 0;
  guint i;

  if (na != nb)
    return FALSE;
  for (i = 0; i < na; i++)
    {
      const McPause *pa = &g_array_index (a, McPause, i);
      const McPause *pb = &g_array_index (b, McPause, i);

      if (pa->started_at != pb->started_at || pa->ended_at != pb->ended_at)
        return FALSE;
    }
  return TRUE;
}

static gboolean
objects_equal (GPtrArray  *a,
               GPtrArray  *b,
               GEqualFunc  equal)
{
  guint na = a != NULL ? a->len : 0;
  guint nb = b != NULL ? b->len : 0;
  guint i;

  if (na != nb)
    return FALSE;
  for (i = 0; i < na; i++)
    if (!equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      return FALSE;
  return TRUE;
}

struct _McDossier
{
  GObject parent_instance;

  char        *id; /* owned; a UUID */
  char        *code; /* owned, nullable: mã hồ sơ, NULL until the server assigns it */
  char        *procedure_id; /* owned; NULL reads as "" */
  int          procedure_version;
  McChannel    channel;
  McChannel    return_channel;
  gint64       received_at;
  gint64       due_at; /* MC_TIME_NONE when unset */
  gint64       appointment_at; /* MC_TIME_NONE when unset */
  McStatus     status;
  McSubstate   substate;
  char        *department_id; /* owned; where the dossier is now */
  char        *receiving_department_id; /* owned; the one-stop unit that received it */
  char        *assignee_id; /* owned, nullable */
  gint64       completed_at; /* MC_TIME_NONE when unset */
  gint64       returned_at; /* MC_TIME_NONE when unset */
  McTimeliness timeliness;
  McResult     result;
  int          version;
  gint64       updated_at;
  McApplicant  applicant; /* owned contents */
  GArray      *pauses; /* owned, nullable, of McPause */
  GPtrArray   *attachments; /* owned, nullable, of McAttachment */
  GPtrArray   *events; /* owned, nullable, of McEvent */
};

G_DEFINE_FINAL_TYPE (McDossier, mc_dossier, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CODE,
  PROP_PROCEDURE_ID,
  PROP_PROCEDURE_VERSION,
  PROP_CHANNEL,
  PROP_RETURN_CHANNEL,
  PROP_RECEIVED_AT,
  PROP_DUE_AT,
  PROP_APPOINTMENT_AT,
  PROP_STATUS,
  PROP_SUBSTATE,
  PROP_DEPARTMENT_ID,
  PROP_RECEIVING_DEPARTMENT_ID,
  PROP_ASSIGNEE_ID,
  PROP_COMPLETED_AT,
  PROP_RETURNED_AT,
  PROP_TIMELINESS,
  PROP_RESULT,
  PROP_VERSION,
  PROP_UPDATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

MC_JSON_DEFINE_ENUM_PARSER (channel_from_string, McChannel, mc_channel_from_string)
MC_JSON_DEFINE_ENUM_PARSER (status_from_string, McStatus, mc_status_from_string)
MC_JSON_DEFINE_ENUM_PARSER (substate_from_string, McSubstate, mc_substate_from_string)
MC_JSON_DEFINE_ENUM_PARSER (timeliness_from_string, McTimeliness, mc_timeliness_from_string)
MC_JSON_DEFINE_ENUM_PARSER (result_from_string, McResult, mc_result_from_string)

static void
mc_dossier_dispose (GObject *object)
{
  McDossier *self = (McDossier *) object;

  g_clear_pointer (&self->attachments, g_ptr_array_unref);
  g_clear_pointer (&self->events, g_ptr_array_unref);

  G_OBJECT_CLASS (mc_dossier_parent_class)->dispose (object);
}

static void
mc_dossier_finalize (GObject *object)
{
  McDossier *self = (McDossier *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->procedure_id, g_free);
  g_clear_pointer (&self->department_id, g_free);
  g_clear_pointer (&self->receiving_department_id, g_free);
  g_clear_pointer (&self->assignee_id, g_free);
  applicant_clear (&self->applicant);
  g_clear_pointer (&self->pauses, g_array_unref);

  G_OBJECT_CLASS (mc_dossier_parent_class)->finalize (object);
}

static void
mc_dossier_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  McDossier *self = MC_DOSSIER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, mc_dossier_get_id (self));
      break;

    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;

    case PROP_PROCEDURE_ID:
      g_value_set_string (value, mc_dossier_get_procedure_id (self));
      break;

    case PROP_PROCEDURE_VERSION:
      g_value_set_int (value, self->procedure_version);
      break;

    case PROP_CHANNEL:
      g_value_set_int (value, self->channel);
      break;

    case PROP_RETURN_CHANNEL:
      g_value_set_int (value, self->return_channel);
      break;

    case PROP_RECEIVED_AT:
      g_value_set_int64 (value, self->received_at);
      break;

    case PROP_DUE_AT:
      g_value_set_int64 (value, self->due_at);
      break;

    case PROP_APPOINTMENT_AT:
      g_value_set_int64 (value, self->appointment_at);
      break;

    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;

    case PROP_SUBSTATE:
      g_value_set_int (value, self->substate);
      break;

    case PROP_DEPARTMENT_ID:
      g_value_set_string (value, mc_dossier_get_department_id (self));
      break;

    case PROP_RECEIVING_DEPARTMENT_ID:
      g_value_set_string (value, mc_dossier_get_receiving_department_id (self));
      break;

    case PROP_ASSIGNEE_ID:
      g_value_set_string (value, self->assignee_id);
      break;

    case PROP_COMPLETED_AT:
      g_value_set_int64 (value, self->completed_at);
      break;

    case PROP_RETURNED_AT:
      g_value_set_int64 (value, self->returned_at);
      break;

    case PROP_TIMELINESS:
      g_value_set_int (value, self->timeliness);
      break;

    case PROP_RESULT:
      g_value_set_int (value, self->result);
      break;

    case PROP_VERSION:
      g_value_set_int (value, self->version);
      break;

    case PROP_UPDATED_AT:
      g_value_set_int64 (value, self->updated_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_dossier_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  McDossier *self = MC_DOSSIER (object);

  switch (prop_id)
    {
    case PROP_ID:
      mc_dossier_set_id (self, g_value_get_string (value));
      break;

    case PROP_CODE:
      mc_dossier_set_code (self, g_value_get_string (value));
      break;

    case PROP_PROCEDURE_ID:
      mc_dossier_set_procedure_id (self, g_value_get_string (value));
      break;

    case PROP_PROCEDURE_VERSION:
      mc_dossier_set_procedure_version (self, g_value_get_int (value));
      break;

    case PROP_CHANNEL:
      mc_dossier_set_channel (self, g_value_get_int (value));
      break;

    case PROP_RETURN_CHANNEL:
      mc_dossier_set_return_channel (self, g_value_get_int (value));
      break;

    case PROP_RECEIVED_AT:
      mc_dossier_set_received_at (self, g_value_get_int64 (value));
      break;

    case PROP_DUE_AT:
      mc_dossier_set_due_at (self, g_value_get_int64 (value));
      break;

    case PROP_APPOINTMENT_AT:
      mc_dossier_set_appointment_at (self, g_value_get_int64 (value));
      break;

    case PROP_STATUS:
      mc_dossier_set_status (self, g_value_get_int (value));
      break;

    case PROP_SUBSTATE:
      mc_dossier_set_substate (self, g_value_get_int (value));
      break;

    case PROP_DEPARTMENT_ID:
      mc_dossier_set_department_id (self, g_value_get_string (value));
      break;

    case PROP_RECEIVING_DEPARTMENT_ID:
      mc_dossier_set_receiving_department_id (self, g_value_get_string (value));
      break;

    case PROP_ASSIGNEE_ID:
      mc_dossier_set_assignee_id (self, g_value_get_string (value));
      break;

    case PROP_COMPLETED_AT:
      mc_dossier_set_completed_at (self, g_value_get_int64 (value));
      break;

    case PROP_RETURNED_AT:
      mc_dossier_set_returned_at (self, g_value_get_int64 (value));
      break;

    case PROP_TIMELINESS:
      mc_dossier_set_timeliness (self, g_value_get_int (value));
      break;

    case PROP_RESULT:
      mc_dossier_set_result (self, g_value_get_int (value));
      break;

    case PROP_VERSION:
      mc_dossier_set_version (self, g_value_get_int (value));
      break;

    case PROP_UPDATED_AT:
      mc_dossier_set_updated_at (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_dossier_class_init (McDossierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_dossier_dispose;
  object_class->finalize = mc_dossier_finalize;
  object_class->get_property = mc_dossier_get_property;
  object_class->set_property = mc_dossier_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_PROCEDURE_ID] =
    g_param_spec_string ("procedure-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_PROCEDURE_VERSION] =
    g_param_spec_int ("procedure-version", NULL, NULL,
                         0, G_MAXINT, 0,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_CHANNEL] =
    g_param_spec_int ("channel", NULL, NULL,
                         MC_CHANNEL_COUNTER, MC_CHANNEL_POSTAL, MC_CHANNEL_COUNTER,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_RETURN_CHANNEL] =
    g_param_spec_int ("return-channel", NULL, NULL,
                         MC_CHANNEL_COUNTER, MC_CHANNEL_POSTAL, MC_CHANNEL_COUNTER,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_RECEIVED_AT] =
    g_param_spec_int64 ("received-at", NULL, NULL,
                         G_MININT64, G_MAXINT64, MC_TIME_NONE,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_DUE_AT] =
    g_param_spec_int64 ("due-at", NULL, NULL,
                         G_MININT64, G_MAXINT64, MC_TIME_NONE,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_APPOINTMENT_AT] =
    g_param_spec_int64 ("appointment-at", NULL, NULL,
                         G_MININT64, G_MAXINT64, MC_TIME_NONE,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL,
                         MC_STATUS_FIRST, MC_STATUS_LAST, MC_STATUS_SUBMITTED,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_SUBSTATE] =
    g_param_spec_int ("substate", NULL, NULL,
                         MC_SUBSTATE_NONE, MC_SUBSTATE_AWAITING_APPROVAL, MC_SUBSTATE_NONE,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_DEPARTMENT_ID] =
    g_param_spec_string ("department-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_RECEIVING_DEPARTMENT_ID] =
    g_param_spec_string ("receiving-department-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_ASSIGNEE_ID] =
    g_param_spec_string ("assignee-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_COMPLETED_AT] =
    g_param_spec_int64 ("completed-at", NULL, NULL,
                         G_MININT64, G_MAXINT64, MC_TIME_NONE,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_RETURNED_AT] =
    g_param_spec_int64 ("returned-at", NULL, NULL,
                         G_MININT64, G_MAXINT64, MC_TIME_NONE,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_TIMELINESS] =
    g_param_spec_int ("timeliness", NULL, NULL,
                         MC_TIMELINESS_NONE, MC_TIMELINESS_LATE, MC_TIMELINESS_NONE,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_RESULT] =
    g_param_spec_int ("result", NULL, NULL,
                         MC_RESULT_NONE, MC_RESULT_REFUSED, MC_RESULT_NONE,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_VERSION] =
    g_param_spec_int ("version", NULL, NULL,
                         0, G_MAXINT, 0,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_UPDATED_AT] =
    g_param_spec_int64 ("updated-at", NULL, NULL,
                         G_MININT64, G_MAXINT64, MC_TIME_NONE,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_dossier_init (McDossier *self)
{
  self->channel = MC_CHANNEL_COUNTER;
  self->return_channel = MC_CHANNEL_COUNTER;
  self->received_at = MC_TIME_NONE;
  self->due_at = MC_TIME_NONE;
  self->appointment_at = MC_TIME_NONE;
  self->status = MC_STATUS_SUBMITTED;
  self->substate = MC_SUBSTATE_NONE;
  self->completed_at = MC_TIME_NONE;
  self->returned_at = MC_TIME_NONE;
  self->timeliness = MC_TIMELINESS_NONE;
  self->result = MC_RESULT_NONE;
  self->updated_at = MC_TIME_NONE;
}

McDossier *
mc_dossier_new (void)
{
  return g_object_new (MC_TYPE_DOSSIER, NULL);
}

const char *
mc_dossier_get_id (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), "");

  return self->id != NULL ? self->id : "";
}

void
mc_dossier_set_id (McDossier  *self,
                   const char *id)
{
  g_return_if_fail (MC_IS_DOSSIER (self));
  g_return_if_fail (id == NULL || *id == '\0' || g_uuid_string_is_valid (id));

  /* Through the getter: NULL and "" are both "not set". */
  if (g_strcmp0 (mc_dossier_get_id (self), id != NULL ? id : "") == 0)
    return;

  g_free (self->id);
  self->id = g_strdup (id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
mc_dossier_get_code (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), NULL);

  return self->code;
}

void
mc_dossier_set_code (McDossier  *self,
                     const char *code)
{
  g_return_if_fail (MC_IS_DOSSIER (self));

  if (g_strcmp0 (self->code, code) == 0)
    return;

  g_free (self->code);
  self->code = g_strdup (code);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODE]);
}

const char *
mc_dossier_get_procedure_id (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), "");

  return self->procedure_id != NULL ? self->procedure_id : "";
}

void
mc_dossier_set_procedure_id (McDossier  *self,
                             const char *procedure_id)
{
  g_return_if_fail (MC_IS_DOSSIER (self));

  /* Through the getter: NULL and "" are both "not set". */
  if (g_strcmp0 (mc_dossier_get_procedure_id (self), procedure_id != NULL ? procedure_id : "") == 0)
    return;

  g_free (self->procedure_id);
  self->procedure_id = g_strdup (procedure_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROCEDURE_ID]);
}

int
mc_dossier_get_procedure_version (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), 0);

  return self->procedure_version;
}

void
mc_dossier_set_procedure_version (McDossier *self,
                                  int        procedure_version)
{
  g_return_if_fail (MC_IS_DOSSIER (self));
  g_return_if_fail (procedure_version >= 0 && procedure_version <= G_MAXINT);

  if (self->procedure_version == procedure_version)
    return;

  self->procedure_version = procedure_version;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROCEDURE_VERSION]);
}

McChannel
mc_dossier_get_channel (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), MC_CHANNEL_COUNTER);

  return self->channel;
}

void
mc_dossier_set_channel (McDossier *self,
                        McChannel  channel)
{
  g_return_if_fail (MC_IS_DOSSIER (self));
  g_return_if_fail (mc_channel_to_string (channel) != NULL);

  if (self->channel == channel)
    return;

  self->channel = channel;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNEL]);
}

McChannel
mc_dossier_get_return_channel (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), MC_CHANNEL_COUNTER);

  return self->return_channel;
}

void
mc_dossier_set_return_channel (McDossier *self,
                               McChannel  return_channel)
{
  g_return_if_fail (MC_IS_DOSSIER (self));
  g_return_if_fail (mc_channel_to_string (return_channel) != NULL);

  if (self->return_channel == return_channel)
    return;

  self->return_channel = return_channel;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETURN_CHANNEL]);
}

gint64
mc_dossier_get_received_at (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), MC_TIME_NONE);

  return self->received_at;
}

void
mc_dossier_set_received_at (McDossier *self,
                            gint64     received_at)
{
  g_return_if_fail (MC_IS_DOSSIER (self));

  if (self->received_at == received_at)
    return;

  self->received_at = received_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECEIVED_AT]);
}

gint64
mc_dossier_get_due_at (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), MC_TIME_NONE);

  return self->due_at;
}

void
mc_dossier_set_due_at (McDossier *self,
                       gint64     due_at)
{
  g_return_if_fail (MC_IS_DOSSIER (self));

  if (self->due_at == due_at)
    return;

  self->due_at = due_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DUE_AT]);
}

gint64
mc_dossier_get_appointment_at (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), MC_TIME_NONE);

  return self->appointment_at;
}

void
mc_dossier_set_appointment_at (McDossier *self,
                               gint64     appointment_at)
{
  g_return_if_fail (MC_IS_DOSSIER (self));

  if (self->appointment_at == appointment_at)
    return;

  self->appointment_at = appointment_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPOINTMENT_AT]);
}

McStatus
mc_dossier_get_status (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), MC_STATUS_SUBMITTED);

  return self->status;
}

void
mc_dossier_set_status (McDossier *self,
                       McStatus   status)
{
  g_return_if_fail (MC_IS_DOSSIER (self));
  g_return_if_fail (mc_status_to_string (status) != NULL);

  if (self->status == status)
    return;

  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

McSubstate
mc_dossier_get_substate (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), MC_SUBSTATE_NONE);

  return self->substate;
}

void
mc_dossier_set_substate (McDossier  *self,
                         McSubstate  substate)
{
  g_return_if_fail (MC_IS_DOSSIER (self));
  g_return_if_fail (mc_substate_to_string (substate) != NULL);

  if (self->substate == substate)
    return;

  self->substate = substate;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBSTATE]);
}

const char *
mc_dossier_get_department_id (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), "");

  return self->department_id != NULL ? self->department_id : "";
}

void
mc_dossier_set_department_id (McDossier  *self,
                              const char *department_id)
{
  g_return_if_fail (MC_IS_DOSSIER (self));

  /* Through the getter: NULL and "" are both "not set". */
  if (g_strcmp0 (mc_dossier_get_department_id (self), department_id != NULL ? department_id : "") == 0)
    return;

  g_free (self->department_id);
  self->department_id = g_strdup (department_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEPARTMENT_ID]);
}

const char *
mc_dossier_get_receiving_department_id (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), "");

  return self->receiving_department_id != NULL ? self->receiving_department_id : "";
}

void
mc_dossier_set_receiving_department_id (McDossier  *self,
                                        const char *receiving_department_id)
{
  g_return_if_fail (MC_IS_DOSSIER (self));

  /* Through the getter: NULL and "" are both "not set". */
  if (g_strcmp0 (mc_dossier_get_receiving_department_id (self), receiving_department_id != NULL ? receiving_department_id : "") == 0)
    return;

  g_free (self->receiving_department_id);
  self->receiving_department_id = g_strdup (receiving_department_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECEIVING_DEPARTMENT_ID]);
}

const char *
mc_dossier_get_assignee_id (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), NULL);

  return self->assignee_id;
}

void
mc_dossier_set_assignee_id (McDossier  *self,
                            const char *assignee_id)
{
  g_return_if_fail (MC_IS_DOSSIER (self));

  if (g_strcmp0 (self->assignee_id, assignee_id) == 0)
    return;

  g_free (self->assignee_id);
  self->assignee_id = g_strdup (assignee_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ASSIGNEE_ID]);
}

gint64
mc_dossier_get_completed_at (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), MC_TIME_NONE);

  return self->completed_at;
}

void
mc_dossier_set_completed_at (McDossier *self,
                             gint64     completed_at)
{
  g_return_if_fail (MC_IS_DOSSIER (self));

  if (self->completed_at == completed_at)
    return;

  self->completed_at = completed_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETED_AT]);
}

gint64
mc_dossier_get_returned_at (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), MC_TIME_NONE);

  return self->returned_at;
}

void
mc_dossier_set_returned_at (McDossier *self,
                            gint64     returned_at)
{
  g_return_if_fail (MC_IS_DOSSIER (self));

  if (self->returned_at == returned_at)
    return;

  self->returned_at = returned_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETURNED_AT]);
}

McTimeliness
mc_dossier_get_timeliness (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), MC_TIMELINESS_NONE);

  return self->timeliness;
}

void
mc_dossier_set_timeliness (McDossier    *self,
                           McTimeliness  timeliness)
{
  g_return_if_fail (MC_IS_DOSSIER (self));
  g_return_if_fail (mc_timeliness_to_string (timeliness) != NULL);

  if (self->timeliness == timeliness)
    return;

  self->timeliness = timeliness;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMELINESS]);
}

McResult
mc_dossier_get_result (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), MC_RESULT_NONE);

  return self->result;
}

void
mc_dossier_set_result (McDossier *self,
                       McResult   result)
{
  g_return_if_fail (MC_IS_DOSSIER (self));
  g_return_if_fail (mc_result_to_string (result) != NULL);

  if (self->result == result)
    return;

  self->result = result;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESULT]);
}

int
mc_dossier_get_version (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), 0);

  return self->version;
}

void
mc_dossier_set_version (McDossier *self,
                        int        version)
{
  g_return_if_fail (MC_IS_DOSSIER (self));
  g_return_if_fail (version >= 0 && version <= G_MAXINT);

  if (self->version == version)
    return;

  self->version = version;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSION]);
}

gint64
mc_dossier_get_updated_at (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), MC_TIME_NONE);

  return self->updated_at;
}

void
mc_dossier_set_updated_at (McDossier *self,
                           gint64     updated_at)
{
  g_return_if_fail (MC_IS_DOSSIER (self));

  if (self->updated_at == updated_at)
    return;

  self->updated_at = updated_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_AT]);
}

const McApplicant *
mc_dossier_get_applicant (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), NULL);

  return &self->applicant;
}

void
mc_dossier_set_applicant (McDossier         *self,
                          const McApplicant *applicant)
{
  McApplicant copy;

  g_return_if_fail (MC_IS_DOSSIER (self));
  g_return_if_fail (applicant != NULL);
  g_return_if_fail (mc_applicant_kind_to_string (applicant->kind) != NULL);

  if (applicant == &self->applicant || mc_applicant_equal (&self->applicant, applicant))
    return;

  /* Copy before clearing: @applicant may share strings with ours. */
  applicant_copy_into (&copy, applicant);
  applicant_clear (&self->applicant);
  self->applicant = copy;
}

guint
mc_dossier_get_n_pauses (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), 0);

  return self->pauses != NULL ? self->pauses->len : 0;
}

const McPause *
mc_dossier_get_pause (McDossier *self,
                      guint      index)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), NULL);
  g_return_val_if_fail (index < mc_dossier_get_n_pauses (self), NULL);

  return &g_array_index (self->pauses, McPause, index);
}

void
mc_dossier_add_pause (McDossier     *self,
                      const McPause *pause)
{
  g_return_if_fail (MC_IS_DOSSIER (self));
  g_return_if_fail (pause != NULL);

  if (self->pauses == NULL)
    self->pauses = g_array_new (FALSE, FALSE, sizeof (McPause));
  g_array_append_vals (self->pauses, pause, 1);
}

void
mc_dossier_clear_pauses (McDossier *self)
{
  g_return_if_fail (MC_IS_DOSSIER (self));

  g_clear_pointer (&self->pauses, g_array_unref);
}

guint
mc_dossier_get_n_attachments (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), 0);

  return self->attachments != NULL ? self->attachments->len : 0;
}

McAttachment *
mc_dossier_get_attachment (McDossier *self,
                           guint      index)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), NULL);
  g_return_val_if_fail (index < mc_dossier_get_n_attachments (self), NULL);

  return g_ptr_array_index (self->attachments, index);
}

void
mc_dossier_add_attachment (McDossier    *self,
                           McAttachment *attachment)
{
  g_return_if_fail (MC_IS_DOSSIER (self));
  g_return_if_fail (MC_IS_ATTACHMENT (attachment));

  if (self->attachments == NULL)
    self->attachments = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->attachments, g_object_ref (attachment));
}

void
mc_dossier_clear_attachments (McDossier *self)
{
  g_return_if_fail (MC_IS_DOSSIER (self));

  g_clear_pointer (&self->attachments, g_ptr_array_unref);
}

guint
mc_dossier_get_n_events (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), 0);

  return self->events != NULL ? self->events->len : 0;
}

McEvent *
mc_dossier_get_event (McDossier *self,
                      guint      index)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), NULL);
  g_return_val_if_fail (index < mc_dossier_get_n_events (self), NULL);

  return g_ptr_array_index (self->events, index);
}

void
mc_dossier_add_event (McDossier *self,
                      McEvent   *event)
{
  g_return_if_fail (MC_IS_DOSSIER (self));
  g_return_if_fail (MC_IS_EVENT (event));

  if (self->events == NULL)
    self->events = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->events, g_object_ref (event));
}

void
mc_dossier_clear_events (McDossier *self)
{
  g_return_if_fail (MC_IS_DOSSIER (self));

  g_clear_pointer (&self->events, g_ptr_array_unref);
}

gboolean
mc_dossier_equal (McDossier *a,
                  McDossier *b)
{
  g_return_val_if_fail (MC_IS_DOSSIER (a), FALSE);
  g_return_val_if_fail (MC_IS_DOSSIER (b), FALSE);

  return g_strcmp0 (mc_dossier_get_id (a), mc_dossier_get_id (b)) == 0 &&
         g_strcmp0 (a->code, b->code) == 0 &&
         g_strcmp0 (mc_dossier_get_procedure_id (a), mc_dossier_get_procedure_id (b)) == 0 &&
         a->procedure_version == b->procedure_version &&
         a->channel == b->channel &&
         a->return_channel == b->return_channel &&
         a->received_at == b->received_at &&
         a->due_at == b->due_at &&
         a->appointment_at == b->appointment_at &&
         a->status == b->status &&
         a->substate == b->substate &&
         g_strcmp0 (mc_dossier_get_department_id (a), mc_dossier_get_department_id (b)) == 0 &&
         g_strcmp0 (mc_dossier_get_receiving_department_id (a), mc_dossier_get_receiving_department_id (b)) == 0 &&
         g_strcmp0 (a->assignee_id, b->assignee_id) == 0 &&
         a->completed_at == b->completed_at &&
         a->returned_at == b->returned_at &&
         a->timeliness == b->timeliness &&
         a->result == b->result &&
         a->version == b->version &&
         a->updated_at == b->updated_at &&
         mc_applicant_equal (&a->applicant, &b->applicant) &&
         pauses_equal (a->pauses, b->pauses) &&
         objects_equal (a->attachments, b->attachments, (GEqualFunc) mc_attachment_equal) &&
         objects_equal (a->events, b->events, (GEqualFunc) mc_event_equal);
}

JsonNode *
mc_dossier_to_json (McDossier *self)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (MC_IS_DOSSIER (self), NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  mc_json_builder_add_string (builder, "id", mc_dossier_get_id (self));
  mc_json_builder_add_string (builder, "code", self->code);
  mc_json_builder_add_string (builder, "procedure_id", mc_dossier_get_procedure_id (self));
  mc_json_builder_add_int (builder, "procedure_version", self->procedure_version);
  json_builder_set_member_name (builder, "applicant");
  applicant_build (builder, &self->applicant);
  mc_json_builder_add_string (builder, "channel", mc_channel_to_string (self->channel));
  mc_json_builder_add_string (builder, "return_channel", mc_channel_to_string (self->return_channel));
  mc_json_builder_add_time (builder, "received_at", self->received_at);
  mc_json_builder_add_time (builder, "due_at", self->due_at);
  mc_json_builder_add_time (builder, "appointment_at", self->appointment_at);
  mc_json_builder_add_string (builder, "status", mc_status_to_string (self->status));
  /* The national portal's code, for systems that report to it. */
  mc_json_builder_add_int (builder, "status_code", self->status);
  mc_json_builder_add_string (builder, "substate", mc_substate_to_string (self->substate));
  mc_json_builder_add_string (builder, "department_id", mc_dossier_get_department_id (self));
  mc_json_builder_add_string (builder, "receiving_department_id", mc_dossier_get_receiving_department_id (self));
  mc_json_builder_add_string (builder, "assignee_id", self->assignee_id);
  json_builder_set_member_name (builder, "pauses");
  json_builder_begin_array (builder);
  for (guint i = 0; i < mc_dossier_get_n_pauses (self); i++)
    {
      const McPause *pause = &g_array_index (self->pauses, McPause, i);

      json_builder_begin_object (builder);
      mc_json_builder_add_time (builder, "started_at", pause->started_at);
      mc_json_builder_add_time (builder, "ended_at", pause->ended_at);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  mc_json_builder_add_time (builder, "completed_at", self->completed_at);
  mc_json_builder_add_time (builder, "returned_at", self->returned_at);
  mc_json_builder_add_string (builder, "timeliness", mc_timeliness_to_string (self->timeliness));
  mc_json_builder_add_string (builder, "result", mc_result_to_string (self->result));
  mc_json_builder_add_int (builder, "version", self->version);
  json_builder_set_member_name (builder, "attachments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < mc_dossier_get_n_attachments (self); i++)
    json_builder_add_value (builder, mc_attachment_to_json (g_ptr_array_index (self->attachments, i)));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "events");
  json_builder_begin_array (builder);
  for (guint i = 0; i < mc_dossier_get_n_events (self); i++)
    json_builder_add_value (builder, mc_event_to_json (g_ptr_array_index (self->events, i)));
  json_builder_end_array (builder);
  mc_json_builder_add_time (builder, "updated_at", self->updated_at);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

McDossier *
mc_dossier_new_from_json (JsonNode  *node,
                          GError   **error)
{
  g_autoptr(McDossier) self = NULL;
  JsonObject *object;
  gint64 i64;
  int e;
  JsonObject *member;
  JsonArray *array;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(object = mc_json_node_get_object (node, NULL, error)))
    return NULL;

  self = mc_dossier_new ();
  if (!mc_json_get_string (object, "id", FALSE, &self->id, error))
    return NULL;
  if (!g_uuid_string_is_valid (self->id))
    {
      g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_INVALID_VALUE,
                   _("%s: “%s” is not a UUID"), "id", self->id);
      return NULL;
    }
  if (!mc_json_get_string (object, "code", TRUE, &self->code, error))
    return NULL;
  if (!mc_json_get_string (object, "procedure_id", FALSE, &self->procedure_id, error))
    return NULL;
  if (!mc_json_get_int (object, "procedure_version", 0, G_MAXINT, &i64, error))
    return NULL;
  self->procedure_version = (int) i64;
  if (!mc_json_get_object (object, "applicant", &member, error))
    return NULL;
  if (!applicant_read (member, &self->applicant, error))
    {
      g_prefix_error (error, "applicant.");
      return NULL;
    }
  if (!mc_json_get_enum (object, "channel", channel_from_string, &e, error))
    return NULL;
  self->channel = e;
  if (!mc_json_get_enum (object, "return_channel", channel_from_string, &e, error))
    return NULL;
  self->return_channel = e;
  if (!mc_json_get_time (object, "received_at", FALSE, &self->received_at, error))
    return NULL;
  if (!mc_json_get_time (object, "due_at", TRUE, &self->due_at, error))
    return NULL;
  if (!mc_json_get_time (object, "appointment_at", TRUE, &self->appointment_at, error))
    return NULL;
  if (!mc_json_get_enum (object, "status", status_from_string, &e, error))
    return NULL;
  self->status = e;
  /* Redundant with status; optional, but a contradiction is an error. */
  if (json_object_has_member (object, "status_code"))
    {
      if (!mc_json_get_int (object, "status_code", G_MININT64, G_MAXINT64, &i64, error))
        return NULL;
      if (i64 != self->status)
        {
          g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_INVALID_VALUE,
                       _("%s: does not match status “%s”"),
                       "status_code", mc_status_to_string (self->status));
          return NULL;
        }
    }
  if (!mc_json_get_enum (object, "substate", substate_from_string, &e, error))
    return NULL;
  self->substate = e;
  if (self->substate != MC_SUBSTATE_NONE && self->status != MC_STATUS_IN_PROGRESS)
    {
      g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_INVALID_VALUE,
                   _("%s: “%s” is only possible while in progress"),
                   "substate", mc_substate_to_string (self->substate));
      return NULL;
    }
  if (!mc_json_get_string (object, "department_id", FALSE, &self->department_id, error))
    return NULL;
  if (!mc_json_get_string (object, "receiving_department_id", FALSE, &self->receiving_department_id, error))
    return NULL;
  if (!mc_json_get_string (object, "assignee_id", TRUE, &self->assignee_id, error))
    return NULL;
  if (!mc_json_get_array (object, "pauses", &array, error))
    return NULL;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      McPause pause;

      if (!(member = mc_json_array_get_object (array, "pauses", i, error)))
        return NULL;
      if (!mc_json_get_time (member, "started_at", FALSE, &pause.started_at, error) ||
          !mc_json_get_time (member, "ended_at", TRUE, &pause.ended_at, error))
        {
          g_prefix_error (error, "pauses[%u].", i);
          return NULL;
        }
      mc_dossier_add_pause (self, &pause);
    }
  if (!mc_json_get_time (object, "completed_at", TRUE, &self->completed_at, error))
    return NULL;
  if (!mc_json_get_time (object, "returned_at", TRUE, &self->returned_at, error))
    return NULL;
  if (!mc_json_get_enum (object, "timeliness", timeliness_from_string, &e, error))
    return NULL;
  self->timeliness = e;
  if (!mc_json_get_enum (object, "result", result_from_string, &e, error))
    return NULL;
  self->result = e;
  if (!mc_json_get_int (object, "version", 0, G_MAXINT, &i64, error))
    return NULL;
  self->version = (int) i64;
  if (!mc_json_get_array (object, "attachments", &array, error))
    return NULL;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(McAttachment) attachment = NULL;

      if (!mc_json_array_get_object (array, "attachments", i, error))
        return NULL;
      if (!(attachment = mc_attachment_new_from_json (json_array_get_element (array, i), error)))
        {
          g_prefix_error (error, "attachments[%u].", i);
          return NULL;
        }
      mc_dossier_add_attachment (self, attachment);
    }
  if (!mc_json_get_array (object, "events", &array, error))
    return NULL;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(McEvent) event = NULL;

      if (!mc_json_array_get_object (array, "events", i, error))
        return NULL;
      if (!(event = mc_event_new_from_json (json_array_get_element (array, i), error)))
        {
          g_prefix_error (error, "events[%u].", i);
          return NULL;
        }
      mc_dossier_add_event (self, event);
    }
  if (!mc_json_get_time (object, "updated_at", FALSE, &self->updated_at, error))
    return NULL;

  return g_steal_pointer (&self);
}
