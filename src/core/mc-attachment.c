/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-json.h"
#include "mc-time.h"
#include "mc-attachment.h"

gboolean
mc_sha256_is_valid (const char *text)
{
  gsize i;

  if (text == NULL)
    return FALSE;
  /* Lowercase only: the digest names a file on the server, and two
   * spellings of one digest must not name two files. */
  for (i = 0; i < 64; i++)
    if (!g_ascii_isdigit (text[i]) && !(text[i] >= 'a' && text[i] <= 'f'))
      return FALSE;
  return text[64] == '\0';
}

struct _McAttachment
{
  GObject parent_instance;

  char            *id; /* owned; NULL reads as "" */
  char            *dossier_id; /* owned; NULL reads as "" */
  char            *file_name; /* owned; NULL reads as "" */
  char            *media_type; /* owned; NULL reads as "" */
  gint64           size;
  char            *sha256; /* owned; NULL reads as "" */
  McAttachmentKind kind;
  gint64           created_at;
  int              component;  /* MC_ATTACHMENT_NO_COMPONENT or an index */
};

G_DEFINE_FINAL_TYPE (McAttachment, mc_attachment, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_DOSSIER_ID,
  PROP_FILE_NAME,
  PROP_MEDIA_TYPE,
  PROP_SIZE,
  PROP_SHA256,
  PROP_KIND,
  PROP_CREATED_AT,
  PROP_COMPONENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

MC_JSON_DEFINE_ENUM_PARSER (attachment_kind_from_string, McAttachmentKind, mc_attachment_kind_from_string)

static void
mc_attachment_finalize (GObject *object)
{
  McAttachment *self = (McAttachment *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->dossier_id, g_free);
  g_clear_pointer (&self->file_name, g_free);
  g_clear_pointer (&self->media_type, g_free);
  g_clear_pointer (&self->sha256, g_free);

  G_OBJECT_CLASS (mc_attachment_parent_class)->finalize (object);
}

static void
mc_attachment_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  McAttachment *self = MC_ATTACHMENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, mc_attachment_get_id (self));
      break;

    case PROP_DOSSIER_ID:
      g_value_set_string (value, mc_attachment_get_dossier_id (self));
      break;

    case PROP_FILE_NAME:
      g_value_set_string (value, mc_attachment_get_file_name (self));
      break;

    case PROP_MEDIA_TYPE:
      g_value_set_string (value, mc_attachment_get_media_type (self));
      break;

    case PROP_SIZE:
      g_value_set_int64 (value, self->size);
      break;

    case PROP_SHA256:
      g_value_set_string (value, mc_attachment_get_sha256 (self));
      break;

    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;

    case PROP_CREATED_AT:
      g_value_set_int64 (value, self->created_at);
      break;

    case PROP_COMPONENT:
      g_value_set_int (value, self->component);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_attachment_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  McAttachment *self = MC_ATTACHMENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      mc_attachment_set_id (self, g_value_get_string (value));
      break;

    case PROP_DOSSIER_ID:
      mc_attachment_set_dossier_id (self, g_value_get_string (value));
      break;

    case PROP_FILE_NAME:
      mc_attachment_set_file_name (self, g_value_get_string (value));
      break;

    case PROP_MEDIA_TYPE:
      mc_attachment_set_media_type (self, g_value_get_string (value));
      break;

    case PROP_SIZE:
      mc_attachment_set_size (self, g_value_get_int64 (value));
      break;

    case PROP_SHA256:
      mc_attachment_set_sha256 (self, g_value_get_string (value));
      break;

    case PROP_KIND:
      mc_attachment_set_kind (self, g_value_get_int (value));
      break;

    case PROP_CREATED_AT:
      mc_attachment_set_created_at (self, g_value_get_int64 (value));
      break;

    case PROP_COMPONENT:
      mc_attachment_set_component (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_attachment_class_init (McAttachmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mc_attachment_finalize;
  object_class->get_property = mc_attachment_get_property;
  object_class->set_property = mc_attachment_set_property;

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
  properties[PROP_FILE_NAME] =
    g_param_spec_string ("file-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_MEDIA_TYPE] =
    g_param_spec_string ("media-type", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_SIZE] =
    g_param_spec_int64 ("size", NULL, NULL,
                         0, G_MAXINT64, 0,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_SHA256] =
    g_param_spec_string ("sha256", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL,
                         MC_ATTACHMENT_SUBMITTED, MC_ATTACHMENT_RESULT, MC_ATTACHMENT_SUBMITTED,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL,
                         G_MININT64, G_MAXINT64, MC_TIME_NONE,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_COMPONENT] =
    g_param_spec_int ("component", NULL, NULL,
                      MC_ATTACHMENT_NO_COMPONENT, G_MAXINT32, MC_ATTACHMENT_NO_COMPONENT,
                      (G_PARAM_READWRITE |
                       G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_attachment_init (McAttachment *self)
{
  self->kind = MC_ATTACHMENT_SUBMITTED;
  self->created_at = MC_TIME_NONE;
  self->component = MC_ATTACHMENT_NO_COMPONENT;
}

McAttachment *
mc_attachment_new (void)
{
  return g_object_new (MC_TYPE_ATTACHMENT, NULL);
}

const char *
mc_attachment_get_id (McAttachment *self)
{
  g_return_val_if_fail (MC_IS_ATTACHMENT (self), "");

  return self->id != NULL ? self->id : "";
}

void
mc_attachment_set_id (McAttachment *self,
                      const char   *id)
{
  g_return_if_fail (MC_IS_ATTACHMENT (self));

  /* Through the getter: NULL and "" are both "not set". */
  if (g_strcmp0 (mc_attachment_get_id (self), id != NULL ? id : "") == 0)
    return;

  g_free (self->id);
  self->id = g_strdup (id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
mc_attachment_get_dossier_id (McAttachment *self)
{
  g_return_val_if_fail (MC_IS_ATTACHMENT (self), "");

  return self->dossier_id != NULL ? self->dossier_id : "";
}

void
mc_attachment_set_dossier_id (McAttachment *self,
                              const char   *dossier_id)
{
  g_return_if_fail (MC_IS_ATTACHMENT (self));

  /* Through the getter: NULL and "" are both "not set". */
  if (g_strcmp0 (mc_attachment_get_dossier_id (self), dossier_id != NULL ? dossier_id : "") == 0)
    return;

  g_free (self->dossier_id);
  self->dossier_id = g_strdup (dossier_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOSSIER_ID]);
}

const char *
mc_attachment_get_file_name (McAttachment *self)
{
  g_return_val_if_fail (MC_IS_ATTACHMENT (self), "");

  return self->file_name != NULL ? self->file_name : "";
}

void
mc_attachment_set_file_name (McAttachment *self,
                             const char   *file_name)
{
  g_return_if_fail (MC_IS_ATTACHMENT (self));

  /* Through the getter: NULL and "" are both "not set". */
  if (g_strcmp0 (mc_attachment_get_file_name (self), file_name != NULL ? file_name : "") == 0)
    return;

  g_free (self->file_name);
  self->file_name = g_strdup (file_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE_NAME]);
}

const char *
mc_attachment_get_media_type (McAttachment *self)
{
  g_return_val_if_fail (MC_IS_ATTACHMENT (self), "");

  return self->media_type != NULL ? self->media_type : "";
}

void
mc_attachment_set_media_type (McAttachment *self,
                              const char   *media_type)
{
  g_return_if_fail (MC_IS_ATTACHMENT (self));

  /* Through the getter: NULL and "" are both "not set". */
  if (g_strcmp0 (mc_attachment_get_media_type (self), media_type != NULL ? media_type : "") == 0)
    return;

  g_free (self->media_type);
  self->media_type = g_strdup (media_type);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEDIA_TYPE]);
}

gint64
mc_attachment_get_size (McAttachment *self)
{
  g_return_val_if_fail (MC_IS_ATTACHMENT (self), 0);

  return self->size;
}

void
mc_attachment_set_size (McAttachment *self,
                        gint64        size)
{
  g_return_if_fail (MC_IS_ATTACHMENT (self));
  g_return_if_fail (size >= 0 && size <= G_MAXINT64);

  if (self->size == size)
    return;

  self->size = size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);
}

const char *
mc_attachment_get_sha256 (McAttachment *self)
{
  g_return_val_if_fail (MC_IS_ATTACHMENT (self), "");

  return self->sha256 != NULL ? self->sha256 : "";
}

void
mc_attachment_set_sha256 (McAttachment *self,
                          const char   *sha256)
{
  g_return_if_fail (MC_IS_ATTACHMENT (self));
  g_return_if_fail (sha256 == NULL || *sha256 == '\0' || mc_sha256_is_valid (sha256));

  /* Through the getter: NULL and "" are both "not set". */
  if (g_strcmp0 (mc_attachment_get_sha256 (self), sha256 != NULL ? sha256 : "") == 0)
    return;

  g_free (self->sha256);
  self->sha256 = g_strdup (sha256);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHA256]);
}

McAttachmentKind
mc_attachment_get_kind (McAttachment *self)
{
  g_return_val_if_fail (MC_IS_ATTACHMENT (self), MC_ATTACHMENT_SUBMITTED);

  return self->kind;
}

void
mc_attachment_set_kind (McAttachment     *self,
                        McAttachmentKind  kind)
{
  g_return_if_fail (MC_IS_ATTACHMENT (self));
  g_return_if_fail (mc_attachment_kind_to_string (kind) != NULL);

  if (self->kind == kind)
    return;

  self->kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

gint64
mc_attachment_get_created_at (McAttachment *self)
{
  g_return_val_if_fail (MC_IS_ATTACHMENT (self), MC_TIME_NONE);

  return self->created_at;
}

void
mc_attachment_set_created_at (McAttachment *self,
                              gint64        created_at)
{
  g_return_if_fail (MC_IS_ATTACHMENT (self));

  if (self->created_at == created_at)
    return;

  self->created_at = created_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED_AT]);
}

int
mc_attachment_get_component (McAttachment *self)
{
  g_return_val_if_fail (MC_IS_ATTACHMENT (self), MC_ATTACHMENT_NO_COMPONENT);

  return self->component;
}

void
mc_attachment_set_component (McAttachment *self,
                             int           component)
{
  g_return_if_fail (MC_IS_ATTACHMENT (self));

  /* Every negative value is "none": one spelling of it. */
  if (component < 0)
    component = MC_ATTACHMENT_NO_COMPONENT;
  if (self->component == component)
    return;

  self->component = component;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPONENT]);
}

gboolean
mc_attachment_equal (McAttachment *a,
                     McAttachment *b)
{
  g_return_val_if_fail (MC_IS_ATTACHMENT (a), FALSE);
  g_return_val_if_fail (MC_IS_ATTACHMENT (b), FALSE);

  return g_strcmp0 (mc_attachment_get_id (a), mc_attachment_get_id (b)) == 0 &&
         g_strcmp0 (mc_attachment_get_dossier_id (a), mc_attachment_get_dossier_id (b)) == 0 &&
         g_strcmp0 (mc_attachment_get_file_name (a), mc_attachment_get_file_name (b)) == 0 &&
         g_strcmp0 (mc_attachment_get_media_type (a), mc_attachment_get_media_type (b)) == 0 &&
         a->size == b->size &&
         g_strcmp0 (mc_attachment_get_sha256 (a), mc_attachment_get_sha256 (b)) == 0 &&
         a->kind == b->kind &&
         a->created_at == b->created_at &&
         a->component == b->component;
}

JsonNode *
mc_attachment_to_json (McAttachment *self)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (MC_IS_ATTACHMENT (self), NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  mc_json_builder_add_string (builder, "id", mc_attachment_get_id (self));
  mc_json_builder_add_string (builder, "dossier_id", mc_attachment_get_dossier_id (self));
  mc_json_builder_add_string (builder, "file_name", mc_attachment_get_file_name (self));
  mc_json_builder_add_string (builder, "media_type", mc_attachment_get_media_type (self));
  mc_json_builder_add_int (builder, "size", self->size);
  mc_json_builder_add_string (builder, "sha256", mc_attachment_get_sha256 (self));
  mc_json_builder_add_string (builder, "kind", mc_attachment_kind_to_string (self->kind));
  mc_json_builder_add_time (builder, "created_at", self->created_at);
  /* Absent rather than null for none: a file stored before components
   * were named keeps the same bytes as one sent without. */
  if (self->component != MC_ATTACHMENT_NO_COMPONENT)
    mc_json_builder_add_int (builder, "component", self->component);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

McAttachment *
mc_attachment_new_from_json (JsonNode  *node,
                             GError   **error)
{
  g_autoptr(McAttachment) self = NULL;
  JsonObject *object;
  int e;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(object = mc_json_node_get_object (node, NULL, error)))
    return NULL;

  self = mc_attachment_new ();
  if (!mc_json_get_string (object, "id", FALSE, &self->id, error))
    return NULL;
  if (!mc_json_get_string (object, "dossier_id", FALSE, &self->dossier_id, error))
    return NULL;
  if (!mc_json_get_string (object, "file_name", FALSE, &self->file_name, error))
    return NULL;
  if (!mc_json_get_string (object, "media_type", FALSE, &self->media_type, error))
    return NULL;
  if (!mc_json_get_int (object, "size", 0, G_MAXINT64, &self->size, error))
    return NULL;
  if (!mc_json_get_string (object, "sha256", FALSE, &self->sha256, error))
    return NULL;
  if (!mc_sha256_is_valid (self->sha256))
    {
      g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_INVALID_VALUE,
                   _("%s: “%s” is not a SHA-256 digest (64 lowercase hexadecimal digits)"),
                   "sha256", self->sha256);
      return NULL;
    }
  if (!mc_json_get_enum (object, "kind", attachment_kind_from_string, &e, error))
    return NULL;
  self->kind = e;
  if (!mc_json_get_time (object, "created_at", FALSE, &self->created_at, error))
    return NULL;
  /* Optional: older peers do not send it. */
  if (json_object_has_member (object, "component") && !mc_json_member_is_null (object, "component"))
    {
      gint64 component;

      if (!mc_json_get_int (object, "component", 0, G_MAXINT32, &component, error))
        return NULL;
      self->component = (int) component;
    }

  return g_steal_pointer (&self);
}
