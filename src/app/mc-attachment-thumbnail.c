/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Attachment thumbnails in the detail pane: the widget, and the queue
 * that finds each file in the offline cache (or downloads a small one),
 * then has the confined previewer draw its first page.
 */
#include "config.h"

#include <math.h>

#include "mc-attachment-cache.h"
#include "mc-attachment-opener.h"
#include "mc-attachment-thumbnail.h"
#include "mc-preview.h"

/* A helper drawing a thumbnail gets less time and memory than the viewer's. */
#define THUMBNAIL_TIMEOUT_MS 10000
#define THUMBNAIL_CACHE_BYTES (1024 * 1024)

/* The widget ------------------------------------------------------------ */

struct _McAttachmentThumbnail
{
  GtkWidget                   parent_instance;

  McAttachmentThumbnailState  state;
  GdkTexture                 *texture;  /* owned, nullable */
  GtkWidget                  *child;    /* the icon or the picture */
  char                       *sha256;   /* owned */
};

G_DEFINE_FINAL_TYPE (McAttachmentThumbnail, mc_attachment_thumbnail, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
icon_for_media_type (const char *media_type)
{
  if (media_type != NULL && g_str_has_prefix (media_type, "image/"))
    return "image-x-generic-symbolic";
  return "x-office-document-symbolic";
}

static void
thumbnail_set_state (McAttachmentThumbnail      *self,
                     McAttachmentThumbnailState  state,
                     GdkTexture                 *texture)
{
  if (texture != NULL)
    {
      int scale = MAX (gtk_widget_get_scale_factor (GTK_WIDGET (self)), 1);
      /* Exactly the page's size, drawn at the screen's scale, framed as a
       * card: a white page shows on the white row. */
      GtkWidget *picture = g_object_new (GTK_TYPE_PICTURE,
                                         "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                         "paintable", texture,
                                         "can-shrink", TRUE,
                                         "keep-aspect-ratio", TRUE,
                                         "halign", GTK_ALIGN_CENTER,
                                         "valign", GTK_ALIGN_CENTER,
                                         "width-request", MIN (gdk_texture_get_width (texture) / scale,
                                                               MC_ATTACHMENT_THUMBNAIL_WIDTH),
                                         "height-request", MIN (gdk_texture_get_height (texture) / scale,
                                                                MC_ATTACHMENT_THUMBNAIL_HEIGHT),
                                         NULL);

      gtk_widget_add_css_class (picture, "card");

      g_set_object (&self->texture, texture);
      gtk_widget_unparent (self->child);
      self->child = picture;
      gtk_widget_set_parent (picture, GTK_WIDGET (self));
    }
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

static GtkWidget *
thumbnail_new (McAttachment *attachment)
{
  McAttachmentThumbnail *self = g_object_new (MC_TYPE_ATTACHMENT_THUMBNAIL, NULL);

  self->sha256 = g_strdup (mc_attachment_get_sha256 (attachment));
  self->child = g_object_new (GTK_TYPE_IMAGE,
                              "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                              "icon-name", icon_for_media_type (mc_attachment_get_media_type (attachment)),
                              "pixel-size", 32,
                              NULL);
  gtk_widget_set_parent (self->child, GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  mc_attachment_get_file_name (attachment), -1);
  return GTK_WIDGET (self);
}

McAttachmentThumbnailState
mc_attachment_thumbnail_get_state (McAttachmentThumbnail *self)
{
  g_return_val_if_fail (MC_IS_ATTACHMENT_THUMBNAIL (self), MC_ATTACHMENT_THUMBNAIL_FAILED);
  return self->state;
}

GdkTexture *
mc_attachment_thumbnail_get_texture (McAttachmentThumbnail *self)
{
  g_return_val_if_fail (MC_IS_ATTACHMENT_THUMBNAIL (self), NULL);
  return self->texture;
}

static void
mc_attachment_thumbnail_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  McAttachmentThumbnail *self = MC_ATTACHMENT_THUMBNAIL (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_attachment_thumbnail_dispose (GObject *object)
{
  McAttachmentThumbnail *self = MC_ATTACHMENT_THUMBNAIL (object);

  g_clear_pointer (&self->child, gtk_widget_unparent);
  g_clear_object (&self->texture);
  g_clear_pointer (&self->sha256, g_free);
  G_OBJECT_CLASS (mc_attachment_thumbnail_parent_class)->dispose (object);
}

static void
mc_attachment_thumbnail_class_init (McAttachmentThumbnailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = mc_attachment_thumbnail_get_property;
  object_class->dispose = mc_attachment_thumbnail_dispose;
  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL,
                                             MC_ATTACHMENT_THUMBNAIL_WAITING, MC_ATTACHMENT_THUMBNAIL_FAILED,
                                             MC_ATTACHMENT_THUMBNAIL_WAITING,
                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "attachment-thumbnail");
}

static void
mc_attachment_thumbnail_init (McAttachmentThumbnail *self)
{
  gtk_widget_set_size_request (GTK_WIDGET (self), MC_ATTACHMENT_THUMBNAIL_WIDTH, MC_ATTACHMENT_THUMBNAIL_HEIGHT);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (GTK_WIDGET (self), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 6);
}

/* The queue ------------------------------------------------------------- */

struct _McAttachmentThumbnails
{
  GObject       parent_instance;

  char         *dossier_id;    /* owned, nullable */
  GCancellable *cancellable;   /* owned: the dossier's work */
  GQueue        pending;       /* Job *, owned */
  struct _Job  *running;       /* owned by its callbacks, nullable */
  GHashTable   *textures;      /* owned: sha256 → GdkTexture, of this dossier */
  GHashTable   *failed;        /* owned: sha256 → state (GINT_TO_POINTER) */
  GHashTable   *waiting;       /* owned: sha256 → GPtrArray of McAttachmentThumbnail */
};

G_DEFINE_FINAL_TYPE (McAttachmentThumbnails, mc_attachment_thumbnails, G_TYPE_OBJECT)

typedef struct _Job
{
  McAttachmentThumbnails *owner;        /* owned once under way */
  McAttachment           *attachment;   /* owned */
  McClient               *client;       /* owned, nullable */
  GCancellable           *cancellable;  /* owned: owner's when queued */
  GFile                  *file;         /* owned, nullable: the kept copy */
  GBytes                 *bytes;        /* owned, nullable: downloaded */
  McPreviewDocument      *document;     /* owned, nullable */
  guint64                 budget;
  int                     scale_factor;
} Job;

static void start_next (McAttachmentThumbnails *self);

static void
job_free (Job *job)
{
  if (job->document != NULL)
    mc_preview_document_close (job->document);
  g_clear_object (&job->document);
  g_clear_object (&job->owner);
  g_clear_object (&job->attachment);
  g_clear_object (&job->client);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->file);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_free (job);
}

static const char *
job_sha256 (Job *job)
{
  return mc_attachment_get_sha256 (job->attachment);
}

/* The job is over: its widgets (those shown now) get what it found, and
 * the next one starts. Nothing is touched for work cancelled. */
static void
job_finish (Job                        *job,
            McAttachmentThumbnailState  state,
            GdkTexture                 *texture)
{
  McAttachmentThumbnails *self = g_object_ref (job->owner);

  if (!g_cancellable_is_cancelled (job->cancellable) && job->cancellable == self->cancellable)
    {
      g_autoptr(GPtrArray) widgets = NULL;
      g_autofree char *key = NULL;

      if (texture != NULL)
        g_hash_table_insert (self->textures, g_strdup (job_sha256 (job)), g_object_ref (texture));
      else
        g_hash_table_insert (self->failed, g_strdup (job_sha256 (job)), GINT_TO_POINTER (state));
      g_hash_table_steal_extended (self->waiting, job_sha256 (job), (gpointer *) &key, (gpointer *) &widgets);
      for (guint i = 0; widgets != NULL && i < widgets->len; i++)
        thumbnail_set_state (g_ptr_array_index (widgets, i), state, texture);
    }
  if (self->running == job)
    self->running = NULL;
  job_free (job);
  start_next (self);
  g_object_unref (self);
}

static void
rendered_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(McPreviewImage) image = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  image = mc_preview_document_render_page_finish (MC_PREVIEW_DOCUMENT (source), result, &error);
  if (image == NULL)
    {
      g_debug ("No thumbnail for %s: %s", mc_attachment_get_file_name (job->attachment), error->message);
      job_finish (job, MC_ATTACHMENT_THUMBNAIL_FAILED, NULL);
      return;
    }
  texture = gdk_memory_texture_new (mc_preview_image_get_width (image), mc_preview_image_get_height (image),
                                    GDK_MEMORY_DEFAULT, mc_preview_image_get_bytes (image),
                                    mc_preview_image_get_stride (image));
  job_finish (job, MC_ATTACHMENT_THUMBNAIL_SHOWN, texture);
}

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(GError) error = NULL;
  double w = 0, h = 0, scale;

  /* A damaged file, one that needs a password, a helper that crashed or
   * took too long: the icon stays, nothing is said. */
  if (!mc_preview_document_open_finish (job->document, result, &error)
      || mc_preview_document_get_n_pages (job->document) == 0)
    {
      g_debug ("No thumbnail for %s: %s", mc_attachment_get_file_name (job->attachment),
               error != NULL ? error->message : "no page");
      job_finish (job, MC_ATTACHMENT_THUMBNAIL_FAILED, NULL);
      return;
    }
  mc_preview_document_get_page_size (job->document, 0, &w, &h);
  if (w <= 0 || h <= 0)
    {
      job_finish (job, MC_ATTACHMENT_THUMBNAIL_FAILED, NULL);
      return;
    }
  scale = MIN (MC_ATTACHMENT_THUMBNAIL_WIDTH / w, MC_ATTACHMENT_THUMBNAIL_HEIGHT / h) * job->scale_factor;
  mc_preview_document_render_page_async (job->document, 0, MAX (1, (guint) round (w * scale)),
                                         MAX (1, (guint) round (h * scale)), 0, G_PRIORITY_LOW,
                                         job->cancellable, rendered_cb, job);
}

static void
render (Job *job)
{
  job->document = mc_preview_document_new (job->file);
  mc_preview_document_set_timeout (job->document, THUMBNAIL_TIMEOUT_MS);
  mc_preview_document_set_cache_size (job->document, THUMBNAIL_CACHE_BYTES);
  mc_preview_document_open_async (job->document, NULL, job->cancellable, opened_cb, job);
}

/* Worker threads: hashing a scan to check it takes a while. */

static void
lookup_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  Job *job = data;

  job->file = mc_attachment_cache_lookup (NULL, job_sha256 (job), mc_attachment_get_file_name (job->attachment));
  g_task_return_boolean (task, TRUE);
}

static void
store_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  Job *job = data;
  GError *error = NULL;

  job->file = mc_attachment_cache_keep (NULL, job_sha256 (job), mc_attachment_get_file_name (job->attachment),
                                        job->bytes, job->budget, &error);
  if (job->file == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
run_in_thread (Job                 *job,
               GTaskThreadFunc      func,
               GAsyncReadyCallback  callback)
{
  g_autoptr(GTask) task = g_task_new (NULL, job->cancellable, callback, job);

  g_task_set_task_data (task, job, NULL);
  g_task_run_in_thread (task, func);
}

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) || g_cancellable_is_cancelled (job->cancellable))
    {
      if (error != NULL)
        g_debug ("Not kept %s: %s", mc_attachment_get_file_name (job->attachment), error->message);
      job_finish (job, MC_ATTACHMENT_THUMBNAIL_NOT_KEPT, NULL);
      return;
    }
  g_clear_pointer (&job->bytes, g_bytes_unref);
  render (job);
}

static void
downloaded_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(GError) error = NULL;

  job->bytes = mc_client_download_attachment_finish (MC_CLIENT (source), result, &error);
  if (job->bytes == NULL)
    {
      /* Opening it downloads it again, and says why if it fails. */
      job_finish (job, MC_ATTACHMENT_THUMBNAIL_NOT_KEPT, NULL);
      return;
    }
  run_in_thread (job, store_thread, stored_cb);
}

/* The bytes are checked against the fingerprint before they are kept. */
static void
download (Job *job)
{
  mc_client_download_attachment_async (job->client, mc_attachment_get_id (job->attachment),
                                       job->cancellable, downloaded_cb, job);
}

static gboolean
may_download (Job *job)
{
  gint64 size = mc_attachment_get_size (job->attachment);

  return job->client != NULL && size >= 0 && size <= MC_ATTACHMENT_THUMBNAIL_MAX_DOWNLOAD;
}

static void
looked_up_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Job *job = user_data;

  g_task_propagate_boolean (G_TASK (result), NULL);
  if (g_cancellable_is_cancelled (job->cancellable))
    job_finish (job, MC_ATTACHMENT_THUMBNAIL_NOT_KEPT, NULL);
  else if (job->file != NULL)
    render (job);
  else if (may_download (job))
    download (job);
  else
    job_finish (job, MC_ATTACHMENT_THUMBNAIL_NOT_KEPT, NULL);
}

static void
start_next (McAttachmentThumbnails *self)
{
  Job *job;

  if (self->running != NULL || (job = g_queue_pop_head (&self->pending)) == NULL)
    return;
  self->running = job;
  job->owner = g_object_ref (self);
  run_in_thread (job, lookup_thread, looked_up_cb);
}

static gboolean
is_queued (McAttachmentThumbnails *self,
           const char             *sha256)
{
  if (self->running != NULL && !g_cancellable_is_cancelled (self->running->cancellable)
      && g_strcmp0 (job_sha256 (self->running), sha256) == 0)
    return TRUE;
  for (GList *l = self->pending.head; l != NULL; l = l->next)
    if (g_strcmp0 (job_sha256 (l->data), sha256) == 0)
      return TRUE;
  return FALSE;
}

static void
forget_widgets (McAttachmentThumbnails *self)
{
  g_queue_clear_full (&self->pending, (GDestroyNotify) job_free);
  g_hash_table_remove_all (self->waiting);
}

void
mc_attachment_thumbnails_begin (McAttachmentThumbnails *self,
                                const char             *dossier_id)
{
  g_return_if_fail (MC_IS_ATTACHMENT_THUMBNAILS (self));

  /* The job under way for this dossier goes on, for the new widgets. */
  forget_widgets (self);
  if (g_strcmp0 (dossier_id, self->dossier_id) == 0)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_hash_table_remove_all (self->textures);
  g_hash_table_remove_all (self->failed);
  g_free (self->dossier_id);
  self->dossier_id = g_strdup (dossier_id);
}

GtkWidget *
mc_attachment_thumbnails_add (McAttachmentThumbnails *self,
                              McAttachment           *attachment,
                              McClient               *client,
                              int                     scale_factor)
{
  GtkWidget *widget;
  const char *sha256;
  GdkTexture *texture;
  gpointer failed;
  GPtrArray *widgets;

  g_return_val_if_fail (MC_IS_ATTACHMENT_THUMBNAILS (self), NULL);
  g_return_val_if_fail (MC_IS_ATTACHMENT (attachment), NULL);
  g_return_val_if_fail (client == NULL || MC_IS_CLIENT (client), NULL);

  widget = thumbnail_new (attachment);
  sha256 = mc_attachment_get_sha256 (attachment);
  if (sha256 == NULL)
    {
      thumbnail_set_state (MC_ATTACHMENT_THUMBNAIL (widget), MC_ATTACHMENT_THUMBNAIL_NOT_KEPT, NULL);
      return widget;
    }
  if ((texture = g_hash_table_lookup (self->textures, sha256)) != NULL)
    {
      thumbnail_set_state (MC_ATTACHMENT_THUMBNAIL (widget), MC_ATTACHMENT_THUMBNAIL_SHOWN, texture);
      return widget;
    }
  /* Not kept before: worth another try once online. */
  if (g_hash_table_lookup_extended (self->failed, sha256, NULL, &failed)
      && (GPOINTER_TO_INT (failed) == MC_ATTACHMENT_THUMBNAIL_FAILED || client == NULL))
    {
      thumbnail_set_state (MC_ATTACHMENT_THUMBNAIL (widget), GPOINTER_TO_INT (failed), NULL);
      return widget;
    }
  g_hash_table_remove (self->failed, sha256);

  widgets = g_hash_table_lookup (self->waiting, sha256);
  if (widgets == NULL)
    {
      widgets = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (self->waiting, g_strdup (sha256), widgets);
    }
  g_ptr_array_add (widgets, g_object_ref_sink (widget));

  if (!is_queued (self, sha256))
    {
      Job *job = g_new0 (Job, 1);

      job->attachment = g_object_ref (attachment);
      job->client = client != NULL ? g_object_ref (client) : NULL;
      job->cancellable = g_object_ref (self->cancellable);
      /* Only a download is kept, within the Preferences' budget. */
      job->budget = client != NULL ? mc_attachment_budget () : 0;
      job->scale_factor = MAX (scale_factor, 1);
      g_queue_push_tail (&self->pending, job);
      start_next (self);
    }
  return widget;
}

void
mc_attachment_thumbnails_cancel (McAttachmentThumbnails *self)
{
  g_return_if_fail (MC_IS_ATTACHMENT_THUMBNAILS (self));

  forget_widgets (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->dossier_id, g_free);
  g_hash_table_remove_all (self->textures);
  g_hash_table_remove_all (self->failed);
}

McAttachmentThumbnails *
mc_attachment_thumbnails_new (void)
{
  return g_object_new (MC_TYPE_ATTACHMENT_THUMBNAILS, NULL);
}

static void
mc_attachment_thumbnails_finalize (GObject *object)
{
  McAttachmentThumbnails *self = MC_ATTACHMENT_THUMBNAILS (object);

  /* Jobs hold a reference: none is under way now. */
  g_queue_clear_full (&self->pending, (GDestroyNotify) job_free);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->dossier_id, g_free);
  g_hash_table_unref (self->textures);
  g_hash_table_unref (self->failed);
  g_hash_table_unref (self->waiting);
  G_OBJECT_CLASS (mc_attachment_thumbnails_parent_class)->finalize (object);
}

static void
mc_attachment_thumbnails_class_init (McAttachmentThumbnailsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_attachment_thumbnails_finalize;
}

static void
mc_attachment_thumbnails_init (McAttachmentThumbnails *self)
{
  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->pending);
  self->textures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->failed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->waiting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
}
