/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-attachment-cache.h"
#include "mc-client.h"
#include "mc-json.h"
#include "mc-sync-upload.h"

char *
mc_sync_dup_uploads_dir (McSync *self)
{
  g_return_val_if_fail (MC_IS_SYNC (self), NULL);
  return g_strconcat (mc_sync_get_cache_path (self), ".uploads", NULL);
}

typedef struct {
  char             *dossier_id;
  int               base_version;
  char             *name;
  McAttachmentKind  kind;
  int               component;
  GBytes           *bytes;
  char             *dir;
  char             *sha256;   /* set by the thread */
} Upload;

static void
upload_free (Upload *upload)
{
  g_free (upload->dossier_id);
  g_free (upload->name);
  g_bytes_unref (upload->bytes);
  g_free (upload->dir);
  g_free (upload->sha256);
  g_free (upload);
}

static void
store_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  Upload *upload = data;
  g_autoptr(GFile) file = NULL;
  GError *error = NULL;

  upload->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, upload->bytes);
  file = mc_attachment_cache_store (upload->dir, upload->sha256, upload->name, upload->bytes, &error);
  if (file == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
enqueued_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  McOutboxEntry *entry = mc_sync_enqueue_finish (MC_SYNC (source), result, &error);

  if (entry == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, entry, (GDestroyNotify) mc_outbox_entry_free);
}

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  McSync *self = g_task_get_source_object (task);
  Upload *upload = g_task_get_task_data (task);
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) action = NULL;
  g_autofree char *base = g_path_get_basename (upload->name);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, MC_OUTBOX_UPLOAD);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, base);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, mc_attachment_kind_to_string (upload->kind));
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, upload->sha256);
  if (upload->component != MC_ATTACHMENT_NO_COMPONENT)
    {
      json_builder_set_member_name (builder, "component");
      json_builder_add_int_value (builder, upload->component);
    }
  json_builder_end_object (builder);
  action = json_builder_get_root (builder);
  mc_sync_enqueue_async (self, upload->dossier_id, upload->base_version, action,
                         g_task_get_cancellable (task), enqueued_cb, g_object_ref (task));
}

void
mc_sync_enqueue_upload_async (McSync              *self,
                              const char          *dossier_id,
                              int                  base_version,
                              const char          *name,
                              McAttachmentKind     kind,
                              GBytes              *bytes,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  mc_sync_enqueue_component_upload_async (self, dossier_id, base_version, name, kind,
                                          MC_ATTACHMENT_NO_COMPONENT, bytes, cancellable,
                                          callback, user_data);
}

void
mc_sync_enqueue_component_upload_async (McSync              *self,
                                        const char          *dossier_id,
                                        int                  base_version,
                                        const char          *name,
                                        McAttachmentKind     kind,
                                        int                  component,
                                        GBytes              *bytes,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) store = NULL;
  Upload *upload;

  g_return_if_fail (MC_IS_SYNC (self));
  g_return_if_fail (dossier_id != NULL);
  g_return_if_fail (name != NULL && *name != '\0');
  g_return_if_fail (bytes != NULL);

  upload = g_new0 (Upload, 1);
  upload->dossier_id = g_strdup (dossier_id);
  upload->base_version = MAX (base_version, 1);
  upload->name = g_path_get_basename (name);
  upload->kind = kind;
  upload->component = component < 0 ? MC_ATTACHMENT_NO_COMPONENT : component;
  upload->bytes = g_bytes_ref (bytes);
  upload->dir = mc_sync_dup_uploads_dir (self);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_sync_enqueue_upload_async);
  g_task_set_task_data (task, upload, (GDestroyNotify) upload_free);
  store = g_task_new (self, cancellable, stored_cb, g_object_ref (task));
  g_task_set_task_data (store, upload, NULL);
  g_task_run_in_thread (store, store_thread);
}

McOutboxEntry *
mc_sync_enqueue_upload_finish (McSync        *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GBytes *
_mc_sync_load_upload (McSync               *self,
                      const McOutboxEntry  *entry,
                      GFile               **file,
                      GError              **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *name = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *dir = mc_sync_dup_uploads_dir (self);
  g_autoptr(GFile) found = NULL;
  JsonObject *object;
  GBytes *bytes;

  root = mc_json_parse (entry->body, -1, MC_JSON_MAX_BYTES, MC_JSON_MAX_DEPTH, NULL);
  if (root == NULL || (object = mc_json_node_get_object (root, NULL, NULL)) == NULL ||
      !mc_json_get_string (object, "name", FALSE, &name, NULL) ||
      !mc_json_get_string (object, "sha256", FALSE, &sha256, NULL) ||
      (found = mc_attachment_cache_lookup (dir, sha256, name)) == NULL ||
      (bytes = g_file_load_bytes (found, NULL, NULL, NULL)) == NULL)
    {
      g_set_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_BAD_REQUEST,
                   _("The file “%s” kept on this computer for sending is missing or damaged. "
                     "Add it to the dossier again."), name != NULL ? name : "");
      return NULL;
    }
  if (file != NULL)
    *file = g_steal_pointer (&found);
  return bytes;
}
