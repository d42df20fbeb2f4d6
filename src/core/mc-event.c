/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-json.h"
#include "mc-time.h"
#include "mc-event.h"

struct _McEvent
{
  GObject parent_instance;

  char    *id; /* owned; NULL reads as "" */
  char    *dossier_id; /* owned; NULL reads as "" */
  gint64   at;
  char    *actor_id; /* owned, nullable */
  char    *actor_name; /* owned; NULL reads as "" */
  McAction action;
  McStatus from_status; /* 0 when there was none */
  McStatus to_status;
  char    *from_department_id; /* owned, nullable */
  char    *to_department_id; /* owned, nullable */
  char    *from_assignee_id; /* owned, nullable */
  char    *to_assignee_id; /* owned, nullable */
  char    *note; /* owned, nullable */
};

G_DEFINE_FINAL_TYPE (McEvent, mc_event, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_DOSSIER_ID,
  PROP_AT,
  PROP_ACTOR_ID,
  PROP_ACTOR_NAME,
  PROP_ACTION,
  PROP_FROM_STATUS,
  PROP_TO_STATUS,
  PROP_FROM_DEPARTMENT_ID,
  PROP_TO_DEPARTMENT_ID,
  PROP_FROM_ASSIGNEE_ID,
  PROP_TO_ASSIGNEE_ID,
  PROP_NOTE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

MC_JSON_DEFINE_ENUM_PARSER (action_from_string, McAction, mc_action_from_string)
MC_JSON_DEFINE_ENUM_PARSER (status_from_string, McStatus, mc_status_from_string)

static void
mc_event_finalize (GObject *object)
{
  McEvent *self = (McEvent *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->dossier_id, g_free);
  g_clear_pointer (&self->actor_id, g_free);
  g_clear_pointer (&self->actor_name, g_free);
  g_clear_pointer (&self->from_department_id, g_free);
  g_clear_pointer (&self->to_department_id, g_free);
  g_clear_pointer (&self->from_assignee_id, g_free);
  g_clear_pointer (&self->to_assignee_id, g_free);
  g_clear_pointer (&self->note, g_free);

  G_OBJECT_CLASS (mc_event_parent_class)->finalize (object);
}

static void
mc_event_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  McEvent *self = MC_EVENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, mc_event_get_id (self));
      break;

    case PROP_DOSSIER_ID:
      g_value_set_string (value, mc_event_get_dossier_id (self));
      break;

    case PROP_AT:
      g_value_set_int64 (value, self->at);
      break;

    case PROP_ACTOR_ID:
      g_value_set_string (value, self->actor_id);
      break;

    case PROP_ACTOR_NAME:
      g_value_set_string (value, mc_event_get_actor_name (self));
      break;

    case PROP_ACTION:
      g_value_set_int (value, self->action);
      break;

    case PROP_FROM_STATUS:
      g_value_set_int (value, self->from_status);
      break;

    case PROP_TO_STATUS:
      g_value_set_int (value, self->to_status);
      break;

    case PROP_FROM_DEPARTMENT_ID:
      g_value_set_string (value, self->from_department_id);
      break;

    case PROP_TO_DEPARTMENT_ID:
      g_value_set_string (value, self->to_department_id);
      break;

    case PROP_FROM_ASSIGNEE_ID:
      g_value_set_string (value, self->from_assignee_id);
      break;

    case PROP_TO_ASSIGNEE_ID:
      g_value_set_string (value, self->to_assignee_id);
      break;

    case PROP_NOTE:
      g_value_set_string (value, self->note);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_event_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  McEvent *self = MC_EVENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      mc_event_set_id (self, g_value_get_string (value));
      break;

    case PROP_DOSSIER_ID:
      mc_event_set_dossier_id (self, g_value_get_string (value));
      break;

    case PROP_AT:
      mc_event_set_at (self, g_value_get_int64 (value));
      break;

    case PROP_ACTOR_ID:
      mc_event_set_actor_id (self, g_value_get_string (value));
      break;

    case PROP_ACTOR_NAME:
      mc_event_set_actor_name (self, g_value_get_string (value));
      break;

    case PROP_ACTION:
      mc_event_set_action (self, g_value_get_int (value));
      break;

    case PROP_FROM_STATUS:
      mc_event_set_from_status (self, g_value_get_int (value));
      break;

    case PROP_TO_STATUS:
      mc_event_set_to_status (self, g_value_get_int (value));
      break;

    case PROP_FROM_DEPARTMENT_ID:
      mc_event_set_from_department_id (self, g_value_get_string (value));
      break;

    case PROP_TO_DEPARTMENT_ID:
      mc_event_set_to_department_id (self, g_value_get_string (value));
      break;

    case PROP_FROM_ASSIGNEE_ID:
      mc_event_set_from_assignee_id (self, g_value_get_string (value));
      break;

    case PROP_TO_ASSIGNEE_ID:
      mc_event_set_to_assignee_id (self, g_value_get_string (value));
      break;

    case PROP_NOTE:
      mc_event_set_note (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_event_class_init (McEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mc_event_finalize;
  object_class->get_property = mc_event_get_property;
  object_class->set_property = mc_event_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_DOSSIER_ID] =
    g_param_spec_string ("dossier-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_AT] =
    g_param_spec_int64 ("at", NULL, NULL,
                         G_MININT64, G_MAXINT64, MC_TIME_NONE,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_ACTOR_ID] =
    g_param_spec_string ("actor-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_ACTOR_NAME] =
    g_param_spec_string ("actor-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_ACTION] =
    g_param_spec_int ("action", NULL, NULL,
                         MC_ACTION_REGISTER, MC_N_ACTIONS - 1, MC_ACTION_REGISTER,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_FROM_STATUS] =
    g_param_spec_int ("from-status", NULL, NULL,
                         0, MC_STATUS_LAST, 0,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_TO_STATUS] =
    g_param_spec_int ("to-status", NULL, NULL,
                         MC_STATUS_FIRST, MC_STATUS_LAST, MC_STATUS_SUBMITTED,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_FROM_DEPARTMENT_ID] =
    g_param_spec_string ("from-department-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_TO_DEPARTMENT_ID] =
    g_param_spec_string ("to-department-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_FROM_ASSIGNEE_ID] =
    g_param_spec_string ("from-assignee-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_TO_ASSIGNEE_ID] =
    g_param_spec_string ("to-assignee-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_NOTE] =
    g_param_spec_string ("note", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_event_init (McEvent *self)
{
  self->at = MC_TIME_NONE;
  self->action = MC_ACTION_REGISTER;
  self->to_status = MC_STATUS_SUBMITTED;
}

McEvent *
mc_event_new (void)
{
  return g_object_new (MC_TYPE_EVENT, NULL);
}

const char *
mc_event_get_id (McEvent *self)
{
  g_return_val_if_fail (MC_IS_EVENT (self), "");

  return self->id != NULL ? self->id : "";
}

void
mc_event_set_id (McEvent    *self,
                 const char *id)
{
  g_return_if_fail (MC_IS_EVENT (self));

  /* Through the getter: NULL and "" are both "not set". */
  if (g_strcmp0 (mc_event_get_id (self), id != NULL ? id : "") == 0)
    return;

  g_free (self->id);
  self->id = g_strdup (id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
mc_event_get_dossier_id (McEvent *self)
{
  g_return_val_if_fail (MC_IS_EVENT (self), "");

  return self->dossier_id != NULL ? self->dossier_id : "";
}

void
mc_event_set_dossier_id (McEvent    *self,
                         const char *dossier_id)
{
  g_return_if_fail (MC_IS_EVENT (self));

  /* Through the getter: NULL and "" are both "not set". */
  if (g_strcmp0 (mc_event_get_dossier_id (self), dossier_id != NULL ? dossier_id : "") == 0)
    return;

  g_free (self->dossier_id);
  self->dossier_id = g_strdup (dossier_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOSSIER_ID]);
}

gint64
mc_event_get_at (McEvent *self)
{
  g_return_val_if_fail (MC_IS_EVENT (self), MC_TIME_NONE);

  return self->at;
}

void
mc_event_set_at (McEvent *self,
                 gint64   at)
{
  g_return_if_fail (MC_IS_EVENT (self));

  if (self->at == at)
    return;

  self->at = at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AT]);
}

const char *
mc_event_get_actor_id (McEvent *self)
{
  g_return_val_if_fail (MC_IS_EVENT (self), NULL);

  return self->actor_id;
}

void
mc_event_set_actor_id (McEvent    *self,
                       const char *actor_id)
{
  g_return_if_fail (MC_IS_EVENT (self));

  if (g_strcmp0 (self->actor_id, actor_id) == 0)
    return;

  g_free (self->actor_id);
  self->actor_id = g_strdup (actor_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTOR_ID]);
}

const char *
mc_event_get_actor_name (McEvent *self)
{
  g_return_val_if_fail (MC_IS_EVENT (self), "");

  return self->actor_name != NULL ? self->actor_name : "";
}

void
mc_event_set_actor_name (McEvent    *self,
                         const char *actor_name)
{
  g_return_if_fail (MC_IS_EVENT (self));

  /* Through the getter: NULL and "" are both "not set". */
  if (g_strcmp0 (mc_event_get_actor_name (self), actor_name != NULL ? actor_name : "") == 0)
    return;

  g_free (self->actor_name);
  self->actor_name = g_strdup (actor_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTOR_NAME]);
}

McAction
mc_event_get_action (McEvent *self)
{
  g_return_val_if_fail (MC_IS_EVENT (self), MC_ACTION_REGISTER);

  return self->action;
}

void
mc_event_set_action (McEvent  *self,
                     McAction  action)
{
  g_return_if_fail (MC_IS_EVENT (self));
  g_return_if_fail (mc_action_to_string (action) != NULL);

  if (self->action == action)
    return;

  self->action = action;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTION]);
}

McStatus
mc_event_get_from_status (McEvent *self)
{
  g_return_val_if_fail (MC_IS_EVENT (self), 0);

  return self->from_status;
}

void
mc_event_set_from_status (McEvent  *self,
                          McStatus  from_status)
{
  g_return_if_fail (MC_IS_EVENT (self));
  g_return_if_fail (from_status == 0 || mc_status_to_string (from_status) != NULL);

  if (self->from_status == from_status)
    return;

  self->from_status = from_status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FROM_STATUS]);
}

McStatus
mc_event_get_to_status (McEvent *self)
{
  g_return_val_if_fail (MC_IS_EVENT (self), MC_STATUS_SUBMITTED);

  return self->to_status;
}

void
mc_event_set_to_status (McEvent  *self,
                        McStatus  to_status)
{
  g_return_if_fail (MC_IS_EVENT (self));
  g_return_if_fail (mc_status_to_string (to_status) != NULL);

  if (self->to_status == to_status)
    return;

  self->to_status = to_status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TO_STATUS]);
}

const char *
mc_event_get_from_department_id (McEvent *self)
{
  g_return_val_if_fail (MC_IS_EVENT (self), NULL);

  return self->from_department_id;
}

void
mc_event_set_from_department_id (McEvent    *self,
                                 const char *from_department_id)
{
  g_return_if_fail (MC_IS_EVENT (self));

  if (g_strcmp0 (self->from_department_id, from_department_id) == 0)
    return;

  g_free (self->from_department_id);
  self->from_department_id = g_strdup (from_department_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FROM_DEPARTMENT_ID]);
}

const char *
mc_event_get_to_department_id (McEvent *self)
{
  g_return_val_if_fail (MC_IS_EVENT (self), NULL);

  return self->to_department_id;
}

void
mc_event_set_to_department_id (McEvent    *self,
                               const char *to_department_id)
{
  g_return_if_fail (MC_IS_EVENT (self));

  if (g_strcmp0 (self->to_department_id, to_department_id) == 0)
    return;

  g_free (self->to_department_id);
  self->to_department_id = g_strdup (to_department_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TO_DEPARTMENT_ID]);
}

const char *
mc_event_get_from_assignee_id (McEvent *self)
{
  g_return_val_if_fail (MC_IS_EVENT (self), NULL);

  return self->from_assignee_id;
}

void
mc_event_set_from_assignee_id (McEvent    *self,
                               const char *from_assignee_id)
{
  g_return_if_fail (MC_IS_EVENT (self));

  if (g_strcmp0 (self->from_assignee_id, from_assignee_id) == 0)
    return;

  g_free (self->from_assignee_id);
  self->from_assignee_id = g_strdup (from_assignee_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FROM_ASSIGNEE_ID]);
}

const char *
mc_event_get_to_assignee_id (McEvent *self)
{
  g_return_val_if_fail (MC_IS_EVENT (self), NULL);

  return self->to_assignee_id;
}

void
mc_event_set_to_assignee_id (McEvent    *self,
                             const char *to_assignee_id)
{
  g_return_if_fail (MC_IS_EVENT (self));

  if (g_strcmp0 (self->to_assignee_id, to_assignee_id) == 0)
    return;

  g_free (self->to_assignee_id);
  self->to_assignee_id = g_strdup (to_assignee_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TO_ASSIGNEE_ID]);
}

const char *
mc_event_get_note (McEvent *self)
{
  g_return_val_if_fail (MC_IS_EVENT (self), NULL);

  return self->note;
}

void
mc_event_set_note (McEvent    *self,
                   const char *note)
{
  g_return_if_fail (MC_IS_EVENT (self));

  if (g_strcmp0 (self->note, note) == 0)
    return;

  g_free (self->note);
  self->note = g_strdup (note);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTE]);
}

gboolean
mc_event_equal (McEvent *a,
                McEvent *b)
{
  g_return_val_if_fail (MC_IS_EVENT (a), FALSE);
  g_return_val_if_fail (MC_IS_EVENT (b), FALSE);

  return g_strcmp0 (mc_event_get_id (a), mc_event_get_id (b)) == 0 &&
         g_strcmp0 (mc_event_get_dossier_id (a), mc_event_get_dossier_id (b)) == 0 &&
         a->at == b->at &&
         g_strcmp0 (a->actor_id, b->actor_id) == 0 &&
         g_strcmp0 (mc_event_get_actor_name (a), mc_event_get_actor_name (b)) == 0 &&
         a->action == b->action &&
         a->from_status == b->from_status &&
         a->to_status == b->to_status &&
         g_strcmp0 (a->from_department_id, b->from_department_id) == 0 &&
         g_strcmp0 (a->to_department_id, b->to_department_id) == 0 &&
         g_strcmp0 (a->from_assignee_id, b->from_assignee_id) == 0 &&
         g_strcmp0 (a->to_assignee_id, b->to_assignee_id) == 0 &&
         g_strcmp0 (a->note, b->note) == 0;
}

JsonNode *
mc_event_to_json (McEvent *self)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (MC_IS_EVENT (self), NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  mc_json_builder_add_string (builder, "id", mc_event_get_id (self));
  mc_json_builder_add_string (builder, "dossier_id", mc_event_get_dossier_id (self));
  mc_json_builder_add_time (builder, "at", self->at);
  mc_json_builder_add_string (builder, "actor_id", self->actor_id);
  mc_json_builder_add_string (builder, "actor_name", mc_event_get_actor_name (self));
  mc_json_builder_add_string (builder, "action", mc_action_to_string (self->action));
  mc_json_builder_add_string (builder, "from_status", self->from_status == 0 ? NULL : mc_status_to_string (self->from_status));
  mc_json_builder_add_string (builder, "to_status", mc_status_to_string (self->to_status));
  mc_json_builder_add_string (builder, "from_department_id", self->from_department_id);
  mc_json_builder_add_string (builder, "to_department_id", self->to_department_id);
  mc_json_builder_add_string (builder, "from_assignee_id", self->from_assignee_id);
  mc_json_builder_add_string (builder, "to_assignee_id", self->to_assignee_id);
  mc_json_builder_add_string (builder, "note", self->note);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

McEvent *
mc_event_new_from_json (JsonNode  *node,
                        GError   **error)
{
  g_autoptr(McEvent) self = NULL;
  JsonObject *object;
  int e;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(object = mc_json_node_get_object (node, NULL, error)))
    return NULL;

  self = mc_event_new ();
  if (!mc_json_get_string (object, "id", FALSE, &self->id, error))
    return NULL;
  if (!mc_json_get_string (object, "dossier_id", FALSE, &self->dossier_id, error))
    return NULL;
  if (!mc_json_get_time (object, "at", FALSE, &self->at, error))
    return NULL;
  if (!mc_json_get_string (object, "actor_id", TRUE, &self->actor_id, error))
    return NULL;
  if (!mc_json_get_string (object, "actor_name", FALSE, &self->actor_name, error))
    return NULL;
  if (!mc_json_get_enum (object, "action", action_from_string, &e, error))
    return NULL;
  self->action = e;
  if (mc_json_member_is_null (object, "from_status"))
    self->from_status = 0;
  else if (mc_json_get_enum (object, "from_status", status_from_string, &e, error))
    self->from_status = e;
  else
    return NULL;
  if (!mc_json_get_enum (object, "to_status", status_from_string, &e, error))
    return NULL;
  self->to_status = e;
  if (!mc_json_get_string (object, "from_department_id", TRUE, &self->from_department_id, error))
    return NULL;
  if (!mc_json_get_string (object, "to_department_id", TRUE, &self->to_department_id, error))
    return NULL;
  if (!mc_json_get_string (object, "from_assignee_id", TRUE, &self->from_assignee_id, error))
    return NULL;
  if (!mc_json_get_string (object, "to_assignee_id", TRUE, &self->to_assignee_id, error))
    return NULL;
  if (!mc_json_get_string (object, "note", TRUE, &self->note, error))
    return NULL;

  return g_steal_pointer (&self);
}
