/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mc-cache-private.h"
#include "mc-dossier-row.h"
#include "mc-time.h"

struct _McDossierRow
{
  GObject  parent_instance;

  gint64   n;
  gint64   due_key;
  gint64   received_at;
  char    *code_key;         /* owned */
  char    *id;               /* owned */
  char    *code;             /* owned, nullable */
  char    *applicant_name;   /* owned */
  char    *procedure_id;     /* owned */
  char    *department_id;    /* owned */
  char    *assignee_id;      /* owned, nullable */
  int      status;
  int      version;
};

G_DEFINE_FINAL_TYPE (McDossierRow, mc_dossier_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CODE,
  PROP_APPLICANT_NAME,
  PROP_PROCEDURE_ID,
  PROP_DEPARTMENT_ID,
  PROP_ASSIGNEE_ID,
  PROP_STATUS,
  PROP_RECEIVED_AT,
  PROP_DUE_AT,
  PROP_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mc_dossier_row_finalize (GObject *object)
{
  McDossierRow *self = MC_DOSSIER_ROW (object);

  g_clear_pointer (&self->code_key, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->applicant_name, g_free);
  g_clear_pointer (&self->procedure_id, g_free);
  g_clear_pointer (&self->department_id, g_free);
  g_clear_pointer (&self->assignee_id, g_free);

  G_OBJECT_CLASS (mc_dossier_row_parent_class)->finalize (object);
}

static void
mc_dossier_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  McDossierRow *self = MC_DOSSIER_ROW (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_CODE: g_value_set_string (value, self->code); break;
    case PROP_APPLICANT_NAME: g_value_set_string (value, self->applicant_name); break;
    case PROP_PROCEDURE_ID: g_value_set_string (value, self->procedure_id); break;
    case PROP_DEPARTMENT_ID: g_value_set_string (value, self->department_id); break;
    case PROP_ASSIGNEE_ID: g_value_set_string (value, self->assignee_id); break;
    case PROP_STATUS: g_value_set_int (value, self->status); break;
    case PROP_RECEIVED_AT: g_value_set_int64 (value, self->received_at); break;
    case PROP_DUE_AT: g_value_set_int64 (value, mc_dossier_row_get_due_at (self)); break;
    case PROP_VERSION: g_value_set_int (value, self->version); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_dossier_row_class_init (McDossierRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = mc_dossier_row_finalize;
  object_class->get_property = mc_dossier_row_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_CODE] = g_param_spec_string ("code", NULL, NULL, NULL, flags);
  properties[PROP_APPLICANT_NAME] = g_param_spec_string ("applicant-name", NULL, NULL, NULL, flags);
  properties[PROP_PROCEDURE_ID] = g_param_spec_string ("procedure-id", NULL, NULL, NULL, flags);
  properties[PROP_DEPARTMENT_ID] = g_param_spec_string ("department-id", NULL, NULL, NULL, flags);
  properties[PROP_ASSIGNEE_ID] = g_param_spec_string ("assignee-id", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] = g_param_spec_int ("status", NULL, NULL,
                                              MC_STATUS_FIRST, MC_STATUS_LAST, MC_STATUS_SUBMITTED, flags);
  properties[PROP_RECEIVED_AT] = g_param_spec_int64 ("received-at", NULL, NULL,
                                                     G_MININT64, G_MAXINT64, MC_TIME_NONE, flags);
  properties[PROP_DUE_AT] = g_param_spec_int64 ("due-at", NULL, NULL,
                                                G_MININT64, G_MAXINT64, MC_TIME_NONE, flags);
  properties[PROP_VERSION] = g_param_spec_int ("version", NULL, NULL, 0, G_MAXINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_dossier_row_init (McDossierRow *self)
{
  self->status = MC_STATUS_SUBMITTED;
}

static char *
column_strdup (sqlite3_stmt *stmt,
               int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

/* Reads MC_CACHE_ROW_COLUMNS starting at @first_column. */
McDossierRow *
_mc_dossier_row_new_from_stmt (sqlite3_stmt *stmt,
                               int           first_column)
{
  McDossierRow *self = g_object_new (MC_TYPE_DOSSIER_ROW, NULL);
  int c = first_column;

  self->n = sqlite3_column_int64 (stmt, c++);
  self->due_key = sqlite3_column_int64 (stmt, c++);
  self->code_key = column_strdup (stmt, c++);
  self->id = column_strdup (stmt, c++);
  self->code = column_strdup (stmt, c++);
  self->applicant_name = column_strdup (stmt, c++);
  self->procedure_id = column_strdup (stmt, c++);
  self->department_id = column_strdup (stmt, c++);
  self->assignee_id = column_strdup (stmt, c++);
  self->status = sqlite3_column_int (stmt, c++);
  self->received_at = sqlite3_column_int64 (stmt, c++);
  self->version = sqlite3_column_int (stmt, c++);

  return self;
}

void
_mc_dossier_row_get_key (McDossierRow *self,
                         McCacheKey   *key)
{
  key->n = self->n;
  key->due = self->due_key;
  key->code = g_strdup (self->code_key);
}

const char *
mc_dossier_row_get_id (McDossierRow *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_ROW (self), NULL);
  return self->id;
}

const char *
mc_dossier_row_get_code (McDossierRow *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_ROW (self), NULL);
  return self->code;
}

const char *
mc_dossier_row_get_applicant_name (McDossierRow *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_ROW (self), NULL);
  return self->applicant_name;
}

const char *
mc_dossier_row_get_procedure_id (McDossierRow *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_ROW (self), NULL);
  return self->procedure_id;
}

const char *
mc_dossier_row_get_department_id (McDossierRow *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_ROW (self), NULL);
  return self->department_id;
}

const char *
mc_dossier_row_get_assignee_id (McDossierRow *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_ROW (self), NULL);
  return self->assignee_id;
}

McStatus
mc_dossier_row_get_status (McDossierRow *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_ROW (self), MC_STATUS_SUBMITTED);
  return self->status;
}

gint64
mc_dossier_row_get_received_at (McDossierRow *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_ROW (self), MC_TIME_NONE);
  return self->received_at;
}

gint64
mc_dossier_row_get_due_at (McDossierRow *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_ROW (self), MC_TIME_NONE);
  return self->due_key == G_MAXINT64 ? MC_TIME_NONE : self->due_key;
}

int
mc_dossier_row_get_version (McDossierRow *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_ROW (self), 0);
  return self->version;
}
