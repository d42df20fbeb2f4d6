/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-json.h"
#include "mc-time.h"
#include "mc-user.h"

struct _McUser
{
  GObject parent_instance;

  char    *id; /* owned; NULL reads as "" */
  char    *username; /* owned; NULL reads as "" */
  char    *full_name; /* owned; NULL reads as "" */
  McRole   role;
  char    *department_id; /* owned, nullable */
  gboolean disabled;
};

G_DEFINE_FINAL_TYPE (McUser, mc_user, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_USERNAME,
  PROP_FULL_NAME,
  PROP_ROLE,
  PROP_DEPARTMENT_ID,
  PROP_DISABLED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

MC_JSON_DEFINE_ENUM_PARSER (role_from_string, McRole, mc_role_from_string)

static void
mc_user_finalize (GObject *object)
{
  McUser *self = (McUser *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->full_name, g_free);
  g_clear_pointer (&self->department_id, g_free);

  G_OBJECT_CLASS (mc_user_parent_class)->finalize (object);
}

static void
mc_user_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  McUser *self = MC_USER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, mc_user_get_id (self));
      break;

    case PROP_USERNAME:
      g_value_set_string (value, mc_user_get_username (self));
      break;

    case PROP_FULL_NAME:
      g_value_set_string (value, mc_user_get_full_name (self));
      break;

    case PROP_ROLE:
      g_value_set_int (value, self->role);
      break;

    case PROP_DEPARTMENT_ID:
      g_value_set_string (value, self->department_id);
      break;

    case PROP_DISABLED:
      g_value_set_boolean (value, self->disabled);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_user_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  McUser *self = MC_USER (object);

  switch (prop_id)
    {
    case PROP_ID:
      mc_user_set_id (self, g_value_get_string (value));
      break;

    case PROP_USERNAME:
      mc_user_set_username (self, g_value_get_string (value));
      break;

    case PROP_FULL_NAME:
      mc_user_set_full_name (self, g_value_get_string (value));
      break;

    case PROP_ROLE:
      mc_user_set_role (self, g_value_get_int (value));
      break;

    case PROP_DEPARTMENT_ID:
      mc_user_set_department_id (self, g_value_get_string (value));
      break;

    case PROP_DISABLED:
      mc_user_set_disabled (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_user_class_init (McUserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mc_user_finalize;
  object_class->get_property = mc_user_get_property;
  object_class->set_property = mc_user_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_FULL_NAME] =
    g_param_spec_string ("full-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_ROLE] =
    g_param_spec_int ("role", NULL, NULL,
                         MC_ROLE_RECEPTION, MC_N_ROLES - 1, MC_ROLE_RECEPTION,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_DEPARTMENT_ID] =
    g_param_spec_string ("department-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_DISABLED] =
    g_param_spec_boolean ("disabled", NULL, NULL,
                         FALSE,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_user_init (McUser *self)
{
  self->role = MC_ROLE_RECEPTION;
}

McUser *
mc_user_new (void)
{
  return g_object_new (MC_TYPE_USER, NULL);
}

const char *
mc_user_get_id (McUser *self)
{
  g_return_val_if_fail (MC_IS_USER (self), "");

  return self->id != NULL ? self->id : "";
}

void
mc_user_set_id (McUser     *self,
                const char *id)
{
  g_return_if_fail (MC_IS_USER (self));

  /* Through the getter: NULL and "" are both "not set". */
  if (g_strcmp0 (mc_user_get_id (self), id != NULL ? id : "") == 0)
    return;

  g_free (self->id);
  self->id = g_strdup (id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
mc_user_get_username (McUser *self)
{
  g_return_val_if_fail (MC_IS_USER (self), "");

  return self->username != NULL ? self->username : "";
}

void
mc_user_set_username (McUser     *self,
                      const char *username)
{
  g_return_if_fail (MC_IS_USER (self));

  /* Through the getter: NULL and "" are both "not set". */
  if (g_strcmp0 (mc_user_get_username (self), username != NULL ? username : "") == 0)
    return;

  g_free (self->username);
  self->username = g_strdup (username);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USERNAME]);
}

const char *
mc_user_get_full_name (McUser *self)
{
  g_return_val_if_fail (MC_IS_USER (self), "");

  return self->full_name != NULL ? self->full_name : "";
}

void
mc_user_set_full_name (McUser     *self,
                       const char *full_name)
{
  g_return_if_fail (MC_IS_USER (self));

  /* Through the getter: NULL and "" are both "not set". */
  if (g_strcmp0 (mc_user_get_full_name (self), full_name != NULL ? full_name : "") == 0)
    return;

  g_free (self->full_name);
  self->full_name = g_strdup (full_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FULL_NAME]);
}

McRole
mc_user_get_role (McUser *self)
{
  g_return_val_if_fail (MC_IS_USER (self), MC_ROLE_RECEPTION);

  return self->role;
}

void
mc_user_set_role (McUser *self,
                  McRole  role)
{
  g_return_if_fail (MC_IS_USER (self));
  g_return_if_fail (mc_role_to_string (role) != NULL);

  if (self->role == role)
    return;

  self->role = role;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
}

const char *
mc_user_get_department_id (McUser *self)
{
  g_return_val_if_fail (MC_IS_USER (self), NULL);

  return self->department_id;
}

void
mc_user_set_department_id (McUser     *self,
                           const char *department_id)
{
  g_return_if_fail (MC_IS_USER (self));

  if (g_strcmp0 (self->department_id, department_id) == 0)
    return;

  g_free (self->department_id);
  self->department_id = g_strdup (department_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEPARTMENT_ID]);
}

gboolean
mc_user_get_disabled (McUser *self)
{
  g_return_val_if_fail (MC_IS_USER (self), FALSE);

  return self->disabled;
}

void
mc_user_set_disabled (McUser   *self,
                      gboolean  disabled)
{
  g_return_if_fail (MC_IS_USER (self));

  disabled = !!disabled;
  if (self->disabled == disabled)
    return;

  self->disabled = disabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISABLED]);
}

gboolean
mc_user_equal (McUser *a,
               McUser *b)
{
  g_return_val_if_fail (MC_IS_USER (a), FALSE);
  g_return_val_if_fail (MC_IS_USER (b), FALSE);

  return g_strcmp0 (mc_user_get_id (a), mc_user_get_id (b)) == 0 &&
         g_strcmp0 (mc_user_get_username (a), mc_user_get_username (b)) == 0 &&
         g_strcmp0 (mc_user_get_full_name (a), mc_user_get_full_name (b)) == 0 &&
         a->role == b->role &&
         g_strcmp0 (a->department_id, b->department_id) == 0 &&
         a->disabled == b->disabled;
}

JsonNode *
mc_user_to_json (McUser *self)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (MC_IS_USER (self), NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  mc_json_builder_add_string (builder, "id", mc_user_get_id (self));
  mc_json_builder_add_string (builder, "username", mc_user_get_username (self));
  mc_json_builder_add_string (builder, "full_name", mc_user_get_full_name (self));
  mc_json_builder_add_string (builder, "role", mc_role_to_string (self->role));
  mc_json_builder_add_string (builder, "department_id", self->department_id);
  mc_json_builder_add_bool (builder, "disabled", self->disabled);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

McUser *
mc_user_new_from_json (JsonNode  *node,
                       GError   **error)
{
  g_autoptr(McUser) self = NULL;
  JsonObject *object;
  int e;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(object = mc_json_node_get_object (node, NULL, error)))
    return NULL;

  self = mc_user_new ();
  if (!mc_json_get_string (object, "id", FALSE, &self->id, error))
    return NULL;
  if (!mc_json_get_string (object, "username", FALSE, &self->username, error))
    return NULL;
  if (!mc_json_get_string (object, "full_name", FALSE, &self->full_name, error))
    return NULL;
  if (!mc_json_get_enum (object, "role", role_from_string, &e, error))
    return NULL;
  self->role = e;
  if (!mc_json_get_string (object, "department_id", TRUE, &self->department_id, error))
    return NULL;
  if (!mc_json_get_bool (object, "disabled", &self->disabled, error))
    return NULL;

  return g_steal_pointer (&self);
}
