/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-application.h"
#include "mc-attachment-cache.h"
#include "mc-attachment-opener.h"
#include "mc-document-viewer.h"

typedef struct {
  GtkWidget          *widget;       /* owned */
  McClient           *client;       /* owned */
  McAttachment       *attachment;   /* owned */
  GFile              *target;       /* owned, nullable: Save's */
  GCancellable       *cancellable;  /* owned, nullable */
  GBytes             *bytes;        /* owned, nullable: downloaded */
  GFile              *file;         /* owned, nullable: the copy to show */
  guint64             budget;       /* bytes the cache may hold */
  McAttachmentReport  report;
  gpointer            data;
  GDestroyNotify      destroy;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->widget);
  g_clear_object (&job->client);
  g_clear_object (&job->attachment);
  g_clear_object (&job->target);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_clear_object (&job->file);
  if (job->destroy != NULL)
    job->destroy (job->data);
  g_free (job);
}

static void
report (Job        *job,
        const char *message)
{
  if (job->report != NULL)
    job->report (job->data, message);
}

static void
show (Job *job)
{
  GtkRoot *root = gtk_widget_get_root (job->widget);

  mc_document_viewer_present (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, job->file,
                              mc_attachment_get_file_name (job->attachment));
}

/* Worker threads: hashing and writing a scan can take a while. */

static void
lookup_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  Job *job = data;

  job->file = mc_attachment_cache_lookup (NULL, mc_attachment_get_sha256 (job->attachment),
                                          mc_attachment_get_file_name (job->attachment));
  g_task_return_boolean (task, job->file != NULL);
}

static void
store_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  Job *job = data;
  GError *error = NULL;
  const char *sha256 = mc_attachment_get_sha256 (job->attachment);

  if (job->target == NULL)
    {
      job->file = mc_attachment_cache_keep (NULL, sha256, mc_attachment_get_file_name (job->attachment),
                                            job->bytes, job->budget, &error);
      if (job->file == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Save: the same check, then where the officer chose. */
  if (!mc_attachment_cache_check (sha256, job->bytes, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (!g_file_replace_contents (job->target, g_bytes_get_data (job->bytes, NULL), g_bytes_get_size (job->bytes),
                                NULL, FALSE, G_FILE_CREATE_NONE, NULL, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (_("Could not keep “%s”: %s"),
                                                      mc_attachment_get_file_name (job->attachment),
                                                      error->message);
          report (job, message);
        }
      job_free (job);
      return;
    }
  if (job->target != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Saved “%s”"), mc_attachment_get_file_name (job->attachment));

      report (job, message);
    }
  else
    show (job);
  job_free (job);
}

guint64
mc_attachment_budget (void)
{
  g_autoptr(GSettings) settings = mc_application_new_settings ();

  return (guint64) g_settings_get_uint (settings, "attachment-cache-mb") * 1024 * 1024;
}

static void
run (Job             *job,
     GTaskThreadFunc  func,
     GAsyncReadyCallback callback)
{
  g_autoptr(GTask) task = g_task_new (NULL, job->cancellable, callback, NULL);

  /* The callbacks free the job, or hand it on. */
  g_task_set_task_data (task, job, NULL);
  g_task_run_in_thread (task, func);
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
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (_("Could not download “%s”: %s"),
                                                      mc_attachment_get_file_name (job->attachment),
                                                      error->message);
          report (job, message);
        }
      job_free (job);
      return;
    }
  run (job, store_thread, stored_cb);
}

static void
download (Job *job)
{
  mc_client_download_attachment_async (job->client, mc_attachment_get_id (job->attachment),
                                       job->cancellable, downloaded_cb, job);
}

static void
looked_up_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Job *job = g_task_get_task_data (G_TASK (result));

  if (g_task_propagate_boolean (G_TASK (result), NULL))
    show (job);
  else if (!g_cancellable_is_cancelled (job->cancellable))
    {
      /* Not kept yet: the download takes the job on. */
      download (job);
      return;
    }
  job_free (job);
}

static Job *
job_new (GtkWidget          *widget,
         McClient           *client,
         McAttachment       *attachment,
         GFile              *target,
         GCancellable       *cancellable,
         McAttachmentReport  report_func,
         gpointer            data,
         GDestroyNotify      destroy)
{
  Job *job = g_new0 (Job, 1);
  job->widget = g_object_ref (widget);
  job->client = g_object_ref (client);
  job->attachment = g_object_ref (attachment);
  job->target = target != NULL ? g_object_ref (target) : NULL;
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  job->budget = mc_attachment_budget ();
  job->report = report_func;
  job->data = data;
  job->destroy = destroy;
  return job;
}

void
mc_attachment_open (GtkWidget          *widget,
                    McClient           *client,
                    McAttachment       *attachment,
                    GCancellable       *cancellable,
                    McAttachmentReport  report_func,
                    gpointer            data,
                    GDestroyNotify      destroy)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (MC_IS_CLIENT (client));
  g_return_if_fail (MC_IS_ATTACHMENT (attachment));

  run (job_new (widget, client, attachment, NULL, cancellable, report_func, data, destroy),
       lookup_thread, looked_up_cb);
}

void
mc_attachment_save (GtkWidget          *widget,
                    McClient           *client,
                    McAttachment       *attachment,
                    GFile              *target,
                    GCancellable       *cancellable,
                    McAttachmentReport  report_func,
                    gpointer            data,
                    GDestroyNotify      destroy)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (MC_IS_CLIENT (client));
  g_return_if_fail (MC_IS_ATTACHMENT (attachment));
  g_return_if_fail (G_IS_FILE (target));

  download (job_new (widget, client, attachment, target, cancellable, report_func, data, destroy));
}
