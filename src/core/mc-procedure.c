/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-json.h"
#include "mc-time.h"
#include "mc-procedure.h"

static const char *const component_form_names[] = {
  [MC_COMPONENT_ORIGINAL] = "original",
  [MC_COMPONENT_CERTIFIED_COPY] = "certified_copy",
  [MC_COMPONENT_COPY] = "copy",
};

const char *
mc_component_form_get_label (McComponentForm form)
{
  switch (form)
    {
    case MC_COMPONENT_ORIGINAL:
      return _("original");
    case MC_COMPONENT_CERTIFIED_COPY:
      return _("certified copy");
    case MC_COMPONENT_COPY:
    default:
      return _("copy");
    }
}

const char *
mc_component_form_to_string (McComponentForm form)
{
  if ((guint) form >= G_N_ELEMENTS (component_form_names))
    return NULL;
  return component_form_names[form];
}

gboolean
mc_component_form_from_string (const char      *str,
                               McComponentForm *out)
{
  guint i;

  g_return_val_if_fail (out != NULL, FALSE);

  for (i = 0; str != NULL && i < G_N_ELEMENTS (component_form_names); i++)
    if (g_strcmp0 (str, component_form_names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

MC_JSON_DEFINE_ENUM_PARSER (component_form_from_string, McComponentForm, mc_component_form_from_string)

G_DEFINE_BOXED_TYPE (McComponent, mc_component, mc_component_copy, mc_component_free)

McComponent *
mc_component_new (const char      *name,
                  McComponentForm  form,
                  guint            count,
                  gboolean         mandatory)
{
  McComponent *component;

  g_return_val_if_fail (mc_component_form_to_string (form) != NULL, NULL);

  component = g_new0 (McComponent, 1);
  component->name = g_strdup (name);
  component->form = form;
  component->count = count;
  component->mandatory = !!mandatory;
  return component;
}

McComponent *
mc_component_copy (const McComponent *component)
{
  g_return_val_if_fail (component != NULL, NULL);

  return mc_component_new (component->name, component->form,
                           component->count, component->mandatory);
}

void
mc_component_free (McComponent *component)
{
  if (component == NULL)
    return;
  g_free (component->name);
  g_free (component);
}

gboolean
mc_component_equal (const McComponent *a,
                    const McComponent *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return g_strcmp0 (a->name, b->name) == 0 &&
         a->form == b->form &&
         a->count == b->count &&
         !a->mandatory == !b->mandatory;
}

G_DEFINE_BOXED_TYPE (McProcedureStep, mc_procedure_step, mc_procedure_step_copy, mc_procedure_step_free)

McProcedureStep *
mc_procedure_step_new (const char *department_id,
                       const char *name,
                       guint       budget_days)
{
  McProcedureStep *step = g_new0 (McProcedureStep, 1);

  step->department_id = g_strdup (department_id);
  step->name = g_strdup (name);
  step->budget_days = budget_days;
  return step;
}

McProcedureStep *
mc_procedure_step_copy (const McProcedureStep *step)
{
  g_return_val_if_fail (step != NULL, NULL);

  return mc_procedure_step_new (step->department_id, step->name, step->budget_days);
}

void
mc_procedure_step_free (McProcedureStep *step)
{
  if (step == NULL)
    return;
  g_free (step->department_id);
  g_free (step->name);
  g_free (step);
}

gboolean
mc_procedure_step_equal (const McProcedureStep *a,
                         const McProcedureStep *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return g_strcmp0 (a->department_id, b->department_id) == 0 &&
         g_strcmp0 (a->name, b->name) == 0 &&
         a->budget_days == b->budget_days;
}

static McComponent *
component_from_json (JsonObject  *object,
                     GError     **error)
{
  g_autoptr(McComponent) component = g_new0 (McComponent, 1);
  gint64 count;
  int form;

  if (!mc_json_get_string (object, "name", FALSE, &component->name, error) ||
      !mc_json_get_enum (object, "form", component_form_from_string, &form, error) ||
      !mc_json_get_int (object, "count", 1, 1000, &count, error) ||
      !mc_json_get_bool (object, "mandatory", &component->mandatory, error))
    return NULL;
  component->form = form;
  component->count = (guint) count;
  return g_steal_pointer (&component);
}

static McProcedureStep *
step_from_json (JsonObject  *object,
                GError     **error)
{
  g_autoptr(McProcedureStep) step = g_new0 (McProcedureStep, 1);
  gint64 budget;

  if (!mc_json_get_string (object, "department_id", FALSE, &step->department_id, error) ||
      !mc_json_get_string (object, "name", FALSE, &step->name, error) ||
      !mc_json_get_int (object, "budget_days", 0, MC_PROCEDURE_MAX_LIMIT, &budget, error))
    return NULL;
  step->budget_days = (guint) budget;
  return g_steal_pointer (&step);
}

static gboolean
ptr_arrays_equal (GPtrArray  *a,
                  GPtrArray  *b,
                  GEqualFunc  equal)
{
  guint i;

  if (a->len != b->len)
    return FALSE;
  for (i = 0; i < a->len; i++)
    if (!equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      return FALSE;
  return TRUE;
}

struct _McProcedure
{
  GObject parent_instance;

  char            *id; /* owned; NULL reads as "" */
  char            *code; /* owned; NULL reads as "" */
  char            *name; /* owned; NULL reads as "" */
  char            *field; /* owned; NULL reads as "" */
  char            *department_id; /* owned; the deciding department */
  int              limit_amount;
  McLimitUnit      limit_unit;
  int              online_limit_amount; /* -1: the paper limit applies online too */
  McLimitUnit      online_limit_unit; /* meaningful when online_limit_amount >= 0 */
  McOnlineLevel    online_level;
  gint64           fee; /* VND */
  McSupplementRule supplement_rule;
  int              version;
  GPtrArray       *components;  /* owned, of McComponent */
  GPtrArray       *steps;       /* owned, of McProcedureStep */
};

G_DEFINE_FINAL_TYPE (McProcedure, mc_procedure, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CODE,
  PROP_NAME,
  PROP_FIELD,
  PROP_DEPARTMENT_ID,
  PROP_LIMIT_AMOUNT,
  PROP_LIMIT_UNIT,
  PROP_ONLINE_LIMIT_AMOUNT,
  PROP_ONLINE_LIMIT_UNIT,
  PROP_ONLINE_LEVEL,
  PROP_FEE,
  PROP_SUPPLEMENT_RULE,
  PROP_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

MC_JSON_DEFINE_ENUM_PARSER (limit_unit_from_string, McLimitUnit, mc_limit_unit_from_string)
MC_JSON_DEFINE_ENUM_PARSER (online_level_from_string, McOnlineLevel, mc_online_level_from_string)
MC_JSON_DEFINE_ENUM_PARSER (supplement_rule_from_string, McSupplementRule, mc_supplement_rule_from_string)

static void
mc_procedure_finalize (GObject *object)
{
  McProcedure *self = (McProcedure *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->field, g_free);
  g_clear_pointer (&self->department_id, g_free);
  g_clear_pointer (&self->components, g_ptr_array_unref);
  g_clear_pointer (&self->steps, g_ptr_array_unref);

  G_OBJECT_CLASS (mc_procedure_parent_class)->finalize (object);
}

static void
mc_procedure_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  McProcedure *self = MC_PROCEDURE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, mc_procedure_get_id (self));
      break;

    case PROP_CODE:
      g_value_set_string (value, mc_procedure_get_code (self));
      break;

    case PROP_NAME:
      g_value_set_string (value, mc_procedure_get_name (self));
      break;

    case PROP_FIELD:
      g_value_set_string (value, mc_procedure_get_field (self));
      break;

    case PROP_DEPARTMENT_ID:
      g_value_set_string (value, mc_procedure_get_department_id (self));
      break;

    case PROP_LIMIT_AMOUNT:
      g_value_set_int (value, self->limit_amount);
      break;

    case PROP_LIMIT_UNIT:
      g_value_set_int (value, self->limit_unit);
      break;

    case PROP_ONLINE_LIMIT_AMOUNT:
      g_value_set_int (value, self->online_limit_amount);
      break;

    case PROP_ONLINE_LIMIT_UNIT:
      g_value_set_int (value, self->online_limit_unit);
      break;

    case PROP_ONLINE_LEVEL:
      g_value_set_int (value, self->online_level);
      break;

    case PROP_FEE:
      g_value_set_int64 (value, self->fee);
      break;

    case PROP_SUPPLEMENT_RULE:
      g_value_set_int (value, self->supplement_rule);
      break;

    case PROP_VERSION:
      g_value_set_int (value, self->version);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_procedure_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  McProcedure *self = MC_PROCEDURE (object);

  switch (prop_id)
    {
    case PROP_ID:
      mc_procedure_set_id (self, g_value_get_string (value));
      break;

    case PROP_CODE:
      mc_procedure_set_code (self, g_value_get_string (value));
      break;

    case PROP_NAME:
      mc_procedure_set_name (self, g_value_get_string (value));
      break;

    case PROP_FIELD:
      mc_procedure_set_field (self, g_value_get_string (value));
      break;

    case PROP_DEPARTMENT_ID:
      mc_procedure_set_department_id (self, g_value_get_string (value));
      break;

    case PROP_LIMIT_AMOUNT:
      mc_procedure_set_limit_amount (self, g_value_get_int (value));
      break;

    case PROP_LIMIT_UNIT:
      mc_procedure_set_limit_unit (self, g_value_get_int (value));
      break;

    case PROP_ONLINE_LIMIT_AMOUNT:
      mc_procedure_set_online_limit_amount (self, g_value_get_int (value));
      break;

    case PROP_ONLINE_LIMIT_UNIT:
      mc_procedure_set_online_limit_unit (self, g_value_get_int (value));
      break;

    case PROP_ONLINE_LEVEL:
      mc_procedure_set_online_level (self, g_value_get_int (value));
      break;

    case PROP_FEE:
      mc_procedure_set_fee (self, g_value_get_int64 (value));
      break;

    case PROP_SUPPLEMENT_RULE:
      mc_procedure_set_supplement_rule (self, g_value_get_int (value));
      break;

    case PROP_VERSION:
      mc_procedure_set_version (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_procedure_class_init (McProcedureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mc_procedure_finalize;
  object_class->get_property = mc_procedure_get_property;
  object_class->set_property = mc_procedure_set_property;

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
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_FIELD] =
    g_param_spec_string ("field", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_DEPARTMENT_ID] =
    g_param_spec_string ("department-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_LIMIT_AMOUNT] =
    g_param_spec_int ("limit-amount", NULL, NULL,
                         0, MC_PROCEDURE_MAX_LIMIT, 0,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_LIMIT_UNIT] =
    g_param_spec_int ("limit-unit", NULL, NULL,
                         MC_LIMIT_WORKING_DAYS, MC_LIMIT_SAME_DAY, MC_LIMIT_WORKING_DAYS,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_ONLINE_LIMIT_AMOUNT] =
    g_param_spec_int ("online-limit-amount", NULL, NULL,
                         -1, MC_PROCEDURE_MAX_LIMIT, -1,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_ONLINE_LIMIT_UNIT] =
    g_param_spec_int ("online-limit-unit", NULL, NULL,
                         MC_LIMIT_WORKING_DAYS, MC_LIMIT_SAME_DAY, MC_LIMIT_WORKING_DAYS,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_ONLINE_LEVEL] =
    g_param_spec_int ("online-level", NULL, NULL,
                         MC_ONLINE_NONE, MC_ONLINE_FULL, MC_ONLINE_NONE,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_FEE] =
    g_param_spec_int64 ("fee", NULL, NULL,
                         0, G_MAXINT64, 0,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_SUPPLEMENT_RULE] =
    g_param_spec_int ("supplement-rule", NULL, NULL,
                         MC_SUPPLEMENT_PAUSE, MC_SUPPLEMENT_RESTART, MC_SUPPLEMENT_PAUSE,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_VERSION] =
    g_param_spec_int ("version", NULL, NULL,
                         0, G_MAXINT, 0,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_procedure_init (McProcedure *self)
{
  self->limit_unit = MC_LIMIT_WORKING_DAYS;
  self->online_limit_amount = -1;
  self->online_limit_unit = MC_LIMIT_WORKING_DAYS;
  self->online_level = MC_ONLINE_NONE;
  self->supplement_rule = MC_SUPPLEMENT_PAUSE;
  self->components = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_component_free);
  self->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_procedure_step_free);
}

McProcedure *
mc_procedure_new (void)
{
  return g_object_new (MC_TYPE_PROCEDURE, NULL);
}

const char *
mc_procedure_get_id (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), "");

  return self->id != NULL ? self->id : "";
}

void
mc_procedure_set_id (McProcedure *self,
                     const char  *id)
{
  g_return_if_fail (MC_IS_PROCEDURE (self));

  /* Through the getter: NULL and "" are both "not set". */
  if (g_strcmp0 (mc_procedure_get_id (self), id != NULL ? id : "") == 0)
    return;

  g_free (self->id);
  self->id = g_strdup (id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
mc_procedure_get_code (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), "");

  return self->code != NULL ? self->code : "";
}

void
mc_procedure_set_code (McProcedure *self,
                       const char  *code)
{
  g_return_if_fail (MC_IS_PROCEDURE (self));

  /* Through the getter: NULL and "" are both "not set". */
  if (g_strcmp0 (mc_procedure_get_code (self), code != NULL ? code : "") == 0)
    return;

  g_free (self->code);
  self->code = g_strdup (code);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODE]);
}

const char *
mc_procedure_get_name (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), "");

  return self->name != NULL ? self->name : "";
}

void
mc_procedure_set_name (McProcedure *self,
                       const char  *name)
{
  g_return_if_fail (MC_IS_PROCEDURE (self));

  /* Through the getter: NULL and "" are both "not set". */
  if (g_strcmp0 (mc_procedure_get_name (self), name != NULL ? name : "") == 0)
    return;

  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
mc_procedure_get_field (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), "");

  return self->field != NULL ? self->field : "";
}

void
mc_procedure_set_field (McProcedure *self,
                        const char  *field)
{
  g_return_if_fail (MC_IS_PROCEDURE (self));

  /* Through the getter: NULL and "" are both "not set". */
  if (g_strcmp0 (mc_procedure_get_field (self), field != NULL ? field : "") == 0)
    return;

  g_free (self->field);
  self->field = g_strdup (field);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIELD]);
}

const char *
mc_procedure_get_department_id (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), "");

  return self->department_id != NULL ? self->department_id : "";
}

void
mc_procedure_set_department_id (McProcedure *self,
                                const char  *department_id)
{
  g_return_if_fail (MC_IS_PROCEDURE (self));

  /* Through the getter: NULL and "" are both "not set". */
  if (g_strcmp0 (mc_procedure_get_department_id (self), department_id != NULL ? department_id : "") == 0)
    return;

  g_free (self->department_id);
  self->department_id = g_strdup (department_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEPARTMENT_ID]);
}

int
mc_procedure_get_limit_amount (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), 0);

  return self->limit_amount;
}

void
mc_procedure_set_limit_amount (McProcedure *self,
                               int          limit_amount)
{
  g_return_if_fail (MC_IS_PROCEDURE (self));
  g_return_if_fail (limit_amount >= 0 && limit_amount <= MC_PROCEDURE_MAX_LIMIT);

  if (self->limit_amount == limit_amount)
    return;

  self->limit_amount = limit_amount;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIMIT_AMOUNT]);
}

McLimitUnit
mc_procedure_get_limit_unit (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), MC_LIMIT_WORKING_DAYS);

  return self->limit_unit;
}

void
mc_procedure_set_limit_unit (McProcedure *self,
                             McLimitUnit  limit_unit)
{
  g_return_if_fail (MC_IS_PROCEDURE (self));
  g_return_if_fail (mc_limit_unit_to_string (limit_unit) != NULL);

  if (self->limit_unit == limit_unit)
    return;

  self->limit_unit = limit_unit;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIMIT_UNIT]);
}

int
mc_procedure_get_online_limit_amount (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), 0);

  return self->online_limit_amount;
}

void
mc_procedure_set_online_limit_amount (McProcedure *self,
                                      int          online_limit_amount)
{
  g_return_if_fail (MC_IS_PROCEDURE (self));
  g_return_if_fail (online_limit_amount >= -1 && online_limit_amount <= MC_PROCEDURE_MAX_LIMIT);

  if (self->online_limit_amount == online_limit_amount)
    return;

  self->online_limit_amount = online_limit_amount;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE_LIMIT_AMOUNT]);
}

McLimitUnit
mc_procedure_get_online_limit_unit (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), MC_LIMIT_WORKING_DAYS);

  return self->online_limit_unit;
}

void
mc_procedure_set_online_limit_unit (McProcedure *self,
                                    McLimitUnit  online_limit_unit)
{
  g_return_if_fail (MC_IS_PROCEDURE (self));
  g_return_if_fail (mc_limit_unit_to_string (online_limit_unit) != NULL);

  if (self->online_limit_unit == online_limit_unit)
    return;

  self->online_limit_unit = online_limit_unit;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE_LIMIT_UNIT]);
}

McOnlineLevel
mc_procedure_get_online_level (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), MC_ONLINE_NONE);

  return self->online_level;
}

void
mc_procedure_set_online_level (McProcedure   *self,
                               McOnlineLevel  online_level)
{
  g_return_if_fail (MC_IS_PROCEDURE (self));
  g_return_if_fail (mc_online_level_to_string (online_level) != NULL);

  if (self->online_level == online_level)
    return;

  self->online_level = online_level;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE_LEVEL]);
}

gint64
mc_procedure_get_fee (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), 0);

  return self->fee;
}

void
mc_procedure_set_fee (McProcedure *self,
                      gint64       fee)
{
  g_return_if_fail (MC_IS_PROCEDURE (self));
  g_return_if_fail (fee >= 0 && fee <= G_MAXINT64);

  if (self->fee == fee)
    return;

  self->fee = fee;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FEE]);
}

McSupplementRule
mc_procedure_get_supplement_rule (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), MC_SUPPLEMENT_PAUSE);

  return self->supplement_rule;
}

void
mc_procedure_set_supplement_rule (McProcedure      *self,
                                  McSupplementRule  supplement_rule)
{
  g_return_if_fail (MC_IS_PROCEDURE (self));
  g_return_if_fail (mc_supplement_rule_to_string (supplement_rule) != NULL);

  if (self->supplement_rule == supplement_rule)
    return;

  self->supplement_rule = supplement_rule;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUPPLEMENT_RULE]);
}

int
mc_procedure_get_version (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), 0);

  return self->version;
}

void
mc_procedure_set_version (McProcedure *self,
                          int          version)
{
  g_return_if_fail (MC_IS_PROCEDURE (self));
  g_return_if_fail (version >= 0 && version <= G_MAXINT);

  if (self->version == version)
    return;

  self->version = version;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSION]);
}

guint
mc_procedure_get_n_components (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), 0);

  return self->components->len;
}

const McComponent *
mc_procedure_get_component (McProcedure *self,
                            guint        index)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), NULL);
  g_return_val_if_fail (index < self->components->len, NULL);

  return g_ptr_array_index (self->components, index);
}

void
mc_procedure_add_component (McProcedure       *self,
                            const McComponent *component)
{
  g_return_if_fail (MC_IS_PROCEDURE (self));
  g_return_if_fail (component != NULL);

  g_ptr_array_add (self->components, mc_component_copy (component));
}

void
mc_procedure_clear_components (McProcedure *self)
{
  g_return_if_fail (MC_IS_PROCEDURE (self));

  g_ptr_array_set_size (self->components, 0);
}

guint
mc_procedure_get_n_steps (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), 0);

  return self->steps->len;
}

const McProcedureStep *
mc_procedure_get_step (McProcedure *self,
                       guint        index)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), NULL);
  g_return_val_if_fail (index < self->steps->len, NULL);

  return g_ptr_array_index (self->steps, index);
}

void
mc_procedure_add_step (McProcedure           *self,
                       const McProcedureStep *step)
{
  g_return_if_fail (MC_IS_PROCEDURE (self));
  g_return_if_fail (step != NULL);

  g_ptr_array_add (self->steps, mc_procedure_step_copy (step));
}

void
mc_procedure_clear_steps (McProcedure *self)
{
  g_return_if_fail (MC_IS_PROCEDURE (self));

  g_ptr_array_set_size (self->steps, 0);
}

gboolean
mc_procedure_has_online_limit (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), FALSE);

  return self->online_limit_amount >= 0;
}

void
mc_procedure_get_limit_for (McProcedure *self,
                            McChannel    channel,
                            int         *amount,
                            McLimitUnit *unit)
{
  gboolean online;

  g_return_if_fail (MC_IS_PROCEDURE (self));

  online = channel == MC_CHANNEL_ONLINE && self->online_limit_amount >= 0;
  if (amount != NULL)
    *amount = online ? self->online_limit_amount : self->limit_amount;
  if (unit != NULL)
    *unit = online ? self->online_limit_unit : self->limit_unit;
}

gboolean
mc_procedure_equal (McProcedure *a,
                    McProcedure *b)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (a), FALSE);
  g_return_val_if_fail (MC_IS_PROCEDURE (b), FALSE);

  return g_strcmp0 (mc_procedure_get_id (a), mc_procedure_get_id (b)) == 0 &&
         g_strcmp0 (mc_procedure_get_code (a), mc_procedure_get_code (b)) == 0 &&
         g_strcmp0 (mc_procedure_get_name (a), mc_procedure_get_name (b)) == 0 &&
         g_strcmp0 (mc_procedure_get_field (a), mc_procedure_get_field (b)) == 0 &&
         g_strcmp0 (mc_procedure_get_department_id (a), mc_procedure_get_department_id (b)) == 0 &&
         a->limit_amount == b->limit_amount &&
         a->limit_unit == b->limit_unit &&
         a->online_limit_amount == b->online_limit_amount &&
         a->online_limit_unit == b->online_limit_unit &&
         a->online_level == b->online_level &&
         a->fee == b->fee &&
         a->supplement_rule == b->supplement_rule &&
         a->version == b->version &&
         ptr_arrays_equal (a->components, b->components, (GEqualFunc) mc_component_equal) &&
         ptr_arrays_equal (a->steps, b->steps, (GEqualFunc) mc_procedure_step_equal);
}

JsonNode *
mc_procedure_to_json (McProcedure *self)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (MC_IS_PROCEDURE (self), NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  mc_json_builder_add_string (builder, "id", mc_procedure_get_id (self));
  mc_json_builder_add_string (builder, "code", mc_procedure_get_code (self));
  mc_json_builder_add_string (builder, "name", mc_procedure_get_name (self));
  mc_json_builder_add_string (builder, "field", mc_procedure_get_field (self));
  mc_json_builder_add_string (builder, "department_id", mc_procedure_get_department_id (self));
  mc_json_builder_add_int (builder, "limit_amount", self->limit_amount);
  mc_json_builder_add_string (builder, "limit_unit", mc_limit_unit_to_string (self->limit_unit));
  if (self->online_limit_amount < 0)
    mc_json_builder_add_null (builder, "online_limit_amount");
  else
    mc_json_builder_add_int (builder, "online_limit_amount", self->online_limit_amount);
  mc_json_builder_add_string (builder, "online_limit_unit", self->online_limit_amount < 0 ? NULL : mc_limit_unit_to_string (self->online_limit_unit));
  mc_json_builder_add_string (builder, "online_level", mc_online_level_to_string (self->online_level));
  mc_json_builder_add_int (builder, "fee", self->fee);
  mc_json_builder_add_string (builder, "supplement_rule", mc_supplement_rule_to_string (self->supplement_rule));

  json_builder_set_member_name (builder, "components");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->components->len; i++)
    {
      const McComponent *component = g_ptr_array_index (self->components, i);

      json_builder_begin_object (builder);
      mc_json_builder_add_string (builder, "name", component->name != NULL ? component->name : "");
      mc_json_builder_add_string (builder, "form", mc_component_form_to_string (component->form));
      mc_json_builder_add_int (builder, "count", component->count);
      mc_json_builder_add_bool (builder, "mandatory", component->mandatory);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "steps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->steps->len; i++)
    {
      const McProcedureStep *step = g_ptr_array_index (self->steps, i);

      json_builder_begin_object (builder);
      mc_json_builder_add_string (builder, "department_id", step->department_id != NULL ? step->department_id : "");
      mc_json_builder_add_string (builder, "name", step->name != NULL ? step->name : "");
      mc_json_builder_add_int (builder, "budget_days", step->budget_days);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  mc_json_builder_add_int (builder, "version", self->version);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

McProcedure *
mc_procedure_new_from_json (JsonNode  *node,
                            GError   **error)
{
  g_autoptr(McProcedure) self = NULL;
  JsonObject *object;
  gint64 i64;
  int e;
  JsonArray *array;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(object = mc_json_node_get_object (node, NULL, error)))
    return NULL;

  self = mc_procedure_new ();
  if (!mc_json_get_string (object, "id", FALSE, &self->id, error))
    return NULL;
  if (!mc_json_get_string (object, "code", FALSE, &self->code, error))
    return NULL;
  if (!mc_json_get_string (object, "name", FALSE, &self->name, error))
    return NULL;
  if (!mc_json_get_string (object, "field", FALSE, &self->field, error))
    return NULL;
  if (!mc_json_get_string (object, "department_id", FALSE, &self->department_id, error))
    return NULL;
  if (!mc_json_get_int (object, "limit_amount", 0, MC_PROCEDURE_MAX_LIMIT, &i64, error))
    return NULL;
  self->limit_amount = (int) i64;
  if (!mc_json_get_enum (object, "limit_unit", limit_unit_from_string, &e, error))
    return NULL;
  self->limit_unit = e;
  if (mc_json_member_is_null (object, "online_limit_amount"))
    self->online_limit_amount = -1;
  else if (mc_json_get_int (object, "online_limit_amount", 0, MC_PROCEDURE_MAX_LIMIT, &i64, error))
    self->online_limit_amount = (int) i64;
  else
    return NULL;
  if (!mc_json_member_is_null (object, "online_limit_unit"))
    {
      if (!mc_json_get_enum (object, "online_limit_unit", limit_unit_from_string, &e, error))
        return NULL;
      self->online_limit_unit = e;
    }
  if (mc_json_member_is_null (object, "online_limit_unit") != (self->online_limit_amount < 0))
    {
      g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_INVALID_VALUE,
                   _("%s: must be null exactly when %s is null"),
                   "online_limit_unit", "online_limit_amount");
      return NULL;
    }
  if (!mc_json_get_enum (object, "online_level", online_level_from_string, &e, error))
    return NULL;
  self->online_level = e;
  if (!mc_json_get_int (object, "fee", 0, G_MAXINT64, &self->fee, error))
    return NULL;
  if (!mc_json_get_enum (object, "supplement_rule", supplement_rule_from_string, &e, error))
    return NULL;
  self->supplement_rule = e;

  if (!mc_json_get_array (object, "components", &array, error))
    return NULL;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *element;
      McComponent *component;

      if (!(element = mc_json_array_get_object (array, "components", i, error)))
        return NULL;
      if (!(component = component_from_json (element, error)))
        {
          g_prefix_error (error, "components[%u].", i);
          return NULL;
        }
      g_ptr_array_add (self->components, component);
    }

  if (!mc_json_get_array (object, "steps", &array, error))
    return NULL;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *element;
      McProcedureStep *step;

      if (!(element = mc_json_array_get_object (array, "steps", i, error)))
        return NULL;
      if (!(step = step_from_json (element, error)))
        {
          g_prefix_error (error, "steps[%u].", i);
          return NULL;
        }
      g_ptr_array_add (self->steps, step);
    }

  if (!mc_json_get_int (object, "version", 0, G_MAXINT, &i64, error))
    return NULL;
  self->version = (int) i64;

  return g_steal_pointer (&self);
}
