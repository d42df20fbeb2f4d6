/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-json.h"
#include "mc-time.h"
#include "mc-department.h"

struct _McDepartment
{
  GObject parent_instance;

  char             *id; /* owned; NULL reads as "" */
  char             *code; /* owned; NULL reads as "" */
  char             *agency_id; /* owned; NULL reads as "" */
  char             *name; /* owned; NULL reads as "" */
  McDepartmentLevel level;
  char             *parent_id; /* owned, nullable: NULL for the top of the tree */
};

G_DEFINE_FINAL_TYPE (McDepartment, mc_department, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CODE,
  PROP_AGENCY_ID,
  PROP_NAME,
  PROP_LEVEL,
  PROP_PARENT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

MC_JSON_DEFINE_ENUM_PARSER (department_level_from_string, McDepartmentLevel, mc_department_level_from_string)

static void
mc_department_finalize (GObject *object)
{
  McDepartment *self = (McDepartment *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->agency_id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->parent_id, g_free);

  G_OBJECT_CLASS (mc_department_parent_class)->finalize (object);
}

static void
mc_department_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  McDepartment *self = MC_DEPARTMENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, mc_department_get_id (self));
      break;

    case PROP_CODE:
      g_value_set_string (value, mc_department_get_code (self));
      break;

    case PROP_AGENCY_ID:
      g_value_set_string (value, mc_department_get_agency_id (self));
      break;

    case PROP_NAME:
      g_value_set_string (value, mc_department_get_name (self));
      break;

    case PROP_LEVEL:
      g_value_set_int (value, self->level);
      break;

    case PROP_PARENT_ID:
      g_value_set_string (value, self->parent_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_department_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  McDepartment *self = MC_DEPARTMENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      mc_department_set_id (self, g_value_get_string (value));
      break;

    case PROP_CODE:
      mc_department_set_code (self, g_value_get_string (value));
      break;

    case PROP_AGENCY_ID:
      mc_department_set_agency_id (self, g_value_get_string (value));
      break;

    case PROP_NAME:
      mc_department_set_name (self, g_value_get_string (value));
      break;

    case PROP_LEVEL:
      mc_department_set_level (self, g_value_get_int (value));
      break;

    case PROP_PARENT_ID:
      mc_department_set_parent_id (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_department_class_init (McDepartmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mc_department_finalize;
  object_class->get_property = mc_department_get_property;
  object_class->set_property = mc_department_set_property;

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
  properties[PROP_AGENCY_ID] =
    g_param_spec_string ("agency-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_LEVEL] =
    g_param_spec_int ("level", NULL, NULL,
                         MC_LEVEL_PROVINCE, MC_LEVEL_COMMUNE, MC_LEVEL_PROVINCE,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_PARENT_ID] =
    g_param_spec_string ("parent-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_department_init (McDepartment *self)
{
  self->level = MC_LEVEL_PROVINCE;
}

McDepartment *
mc_department_new (void)
{
  return g_object_new (MC_TYPE_DEPARTMENT, NULL);
}

const char *
mc_department_get_id (McDepartment *self)
{
  g_return_val_if_fail (MC_IS_DEPARTMENT (self), "");

  return self->id != NULL ? self->id : "";
}

void
mc_department_set_id (McDepartment *self,
                      const char   *id)
{
  g_return_if_fail (MC_IS_DEPARTMENT (self));

  /* Through the getter: NULL and "" are both "not set". */
  if (g_strcmp0 (mc_department_get_id (self), id != NULL ? id : "") == 0)
    return;

  g_free (self->id);
  self->id = g_strdup (id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
mc_department_get_code (McDepartment *self)
{
  g_return_val_if_fail (MC_IS_DEPARTMENT (self), "");

  return self->code != NULL ? self->code : "";
}

void
mc_department_set_code (McDepartment *self,
                        const char   *code)
{
  g_return_if_fail (MC_IS_DEPARTMENT (self));

  /* Through the getter: NULL and "" are both "not set". */
  if (g_strcmp0 (mc_department_get_code (self), code != NULL ? code : "") == 0)
    return;

  g_free (self->code);
  self->code = g_strdup (code);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODE]);
}

const char *
mc_department_get_agency_id (McDepartment *self)
{
  g_return_val_if_fail (MC_IS_DEPARTMENT (self), "");

  return self->agency_id != NULL ? self->agency_id : "";
}

void
mc_department_set_agency_id (McDepartment *self,
                             const char   *agency_id)
{
  g_return_if_fail (MC_IS_DEPARTMENT (self));

  /* Through the getter: NULL and "" are both "not set". */
  if (g_strcmp0 (mc_department_get_agency_id (self), agency_id != NULL ? agency_id : "") == 0)
    return;

  g_free (self->agency_id);
  self->agency_id = g_strdup (agency_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGENCY_ID]);
}

const char *
mc_department_get_name (McDepartment *self)
{
  g_return_val_if_fail (MC_IS_DEPARTMENT (self), "");

  return self->name != NULL ? self->name : "";
}

void
mc_department_set_name (McDepartment *self,
                        const char   *name)
{
  g_return_if_fail (MC_IS_DEPARTMENT (self));

  /* Through the getter: NULL and "" are both "not set". */
  if (g_strcmp0 (mc_department_get_name (self), name != NULL ? name : "") == 0)
    return;

  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

McDepartmentLevel
mc_department_get_level (McDepartment *self)
{
  g_return_val_if_fail (MC_IS_DEPARTMENT (self), MC_LEVEL_PROVINCE);

  return self->level;
}

void
mc_department_set_level (McDepartment      *self,
                         McDepartmentLevel  level)
{
  g_return_if_fail (MC_IS_DEPARTMENT (self));
  g_return_if_fail (mc_department_level_to_string (level) != NULL);

  if (self->level == level)
    return;

  self->level = level;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL]);
}

const char *
mc_department_get_parent_id (McDepartment *self)
{
  g_return_val_if_fail (MC_IS_DEPARTMENT (self), NULL);

  return self->parent_id;
}

void
mc_department_set_parent_id (McDepartment *self,
                             const char   *parent_id)
{
  g_return_if_fail (MC_IS_DEPARTMENT (self));

  if (g_strcmp0 (self->parent_id, parent_id) == 0)
    return;

  g_free (self->parent_id);
  self->parent_id = g_strdup (parent_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARENT_ID]);
}

gboolean
mc_department_equal (McDepartment *a,
                     McDepartment *b)
{
  g_return_val_if_fail (MC_IS_DEPARTMENT (a), FALSE);
  g_return_val_if_fail (MC_IS_DEPARTMENT (b), FALSE);

  return g_strcmp0 (mc_department_get_id (a), mc_department_get_id (b)) == 0 &&
         g_strcmp0 (mc_department_get_code (a), mc_department_get_code (b)) == 0 &&
         g_strcmp0 (mc_department_get_agency_id (a), mc_department_get_agency_id (b)) == 0 &&
         g_strcmp0 (mc_department_get_name (a), mc_department_get_name (b)) == 0 &&
         a->level == b->level &&
         g_strcmp0 (a->parent_id, b->parent_id) == 0;
}

JsonNode *
mc_department_to_json (McDepartment *self)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (MC_IS_DEPARTMENT (self), NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  mc_json_builder_add_string (builder, "id", mc_department_get_id (self));
  mc_json_builder_add_string (builder, "code", mc_department_get_code (self));
  mc_json_builder_add_string (builder, "agency_id", mc_department_get_agency_id (self));
  mc_json_builder_add_string (builder, "name", mc_department_get_name (self));
  mc_json_builder_add_string (builder, "level", mc_department_level_to_string (self->level));
  mc_json_builder_add_string (builder, "parent_id", self->parent_id);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

McDepartment *
mc_department_new_from_json (JsonNode  *node,
                             GError   **error)
{
  g_autoptr(McDepartment) self = NULL;
  JsonObject *object;
  int e;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(object = mc_json_node_get_object (node, NULL, error)))
    return NULL;

  self = mc_department_new ();
  if (!mc_json_get_string (object, "id", FALSE, &self->id, error))
    return NULL;
  if (!mc_json_get_string (object, "code", FALSE, &self->code, error))
    return NULL;
  if (!mc_json_get_string (object, "agency_id", FALSE, &self->agency_id, error))
    return NULL;
  if (!mc_json_get_string (object, "name", FALSE, &self->name, error))
    return NULL;
  if (!mc_json_get_enum (object, "level", department_level_from_string, &e, error))
    return NULL;
  self->level = e;
  if (!mc_json_get_string (object, "parent_id", TRUE, &self->parent_id, error))
    return NULL;

  return g_steal_pointer (&self);
}
