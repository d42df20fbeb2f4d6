/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mc-attachment-adder.h"
#include "mc-sync-upload.h"

/* One batch of files, for one dossier; freed with its last file. */
typedef struct {
  gatomicrefcount     ref;
  McSync             *sync;        /* owned */
  char               *dossier_id;  /* owned */
  int                 version;
  McAttachmentKind    kind;
  McAttachmentReport  report;
  gpointer            data;
  GDestroyNotify      destroy;
} Batch;

static Batch *
batch_ref (Batch *batch)
{
  g_atomic_ref_count_inc (&batch->ref);
  return batch;
}

static void
batch_unref (Batch *batch)
{
  if (!g_atomic_ref_count_dec (&batch->ref))
    return;
  g_object_unref (batch->sync);
  g_free (batch->dossier_id);
  if (batch->destroy != NULL)
    batch->destroy (batch->data);
  g_free (batch);
}

static void
report (Batch      *batch,
        const char *message)
{
  if (batch->report != NULL)
    batch->report (batch->data, message);
}

char *
mc_attachment_adder_check (const char *name,
                           GBytes     *bytes)
{
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  if (length > MC_ATTACHMENT_MAX_BYTES)
    return g_strdup_printf (_("“%s” is larger than %u MB, the most the server accepts. Scan it "
                              "at a lower resolution, or split it."),
                            name, (guint) (MC_ATTACHMENT_MAX_BYTES / 1024 / 1024));
  /* What the server sniffs: the content, never the file's name. */
  if ((length >= 5 && memcmp (data, "%PDF-", 5) == 0) ||
      (length >= 3 && memcmp (data, "\xff\xd8\xff", 3) == 0) ||
      (length >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0) ||
      (length >= 4 && (memcmp (data, "II*\0", 4) == 0 || memcmp (data, "MM\0*", 4) == 0)))
    return NULL;
  return g_strdup_printf (_("“%s” is not a PDF, JPEG, PNG or TIFF file, which are the kinds of "
                            "file a dossier takes."), name);
}

typedef struct {
  Batch *batch;   /* owned */
  char  *name;    /* owned */
} Adding;

static void
adding_free (Adding *adding)
{
  batch_unref (adding->batch);
  g_free (adding->name);
  g_free (adding);
}

static void
queued_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Adding *adding = user_data;
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  entry = mc_sync_enqueue_upload_finish (MC_SYNC (source), result, &error);
  if (entry == NULL)
    message = g_strdup_printf (_("“%s” could not be kept for sending: %s"), adding->name, error->message);
  else
    message = g_strdup_printf (_("“%s” will be added to the dossier once it is sent"), adding->name);
  report (adding->batch, message);
  adding_free (adding);
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Adding *adding = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” could not be read: %s"), adding->name, error->message);

      report (adding->batch, message);
      adding_free (adding);
      return;
    }
  bytes = g_bytes_new_take (contents, length);
  problem = mc_attachment_adder_check (adding->name, bytes);
  if (problem != NULL)
    {
      report (adding->batch, problem);
      adding_free (adding);
      return;
    }
  mc_sync_enqueue_upload_async (adding->batch->sync, adding->batch->dossier_id, adding->batch->version,
                                adding->name, adding->batch->kind, bytes, NULL, queued_cb, adding);
}

void
mc_attachment_adder_add_files (McSync             *sync,
                               McDossier          *dossier,
                               GSList             *files,
                               McAttachmentReport  report_func,
                               gpointer            data,
                               GDestroyNotify      destroy)
{
  Batch *batch;

  g_return_if_fail (MC_IS_SYNC (sync));
  g_return_if_fail (MC_IS_DOSSIER (dossier));

  batch = g_new0 (Batch, 1);
  g_atomic_ref_count_init (&batch->ref);
  batch->sync = g_object_ref (sync);
  batch->dossier_id = g_strdup (mc_dossier_get_id (dossier));
  batch->version = mc_dossier_get_version (dossier);
  batch->kind = mc_dossier_get_status (dossier) == MC_STATUS_AWAITING_SUPPLEMENT
                ? MC_ATTACHMENT_SUPPLEMENT : MC_ATTACHMENT_SUBMITTED;
  batch->report = report_func;
  batch->data = data;
  batch->destroy = destroy;

  for (GSList *l = files; l != NULL; l = l->next)
    {
      Adding *adding = g_new0 (Adding, 1);

      adding->batch = batch_ref (batch);
      adding->name = g_file_get_basename (G_FILE (l->data));
      g_file_load_contents_async (G_FILE (l->data), NULL, loaded_cb, adding);
    }
  batch_unref (batch);
}

typedef struct {
  McSync             *sync;      /* owned */
  McDossier          *dossier;   /* owned */
  McAttachmentReport  report;
  gpointer            data;
  GDestroyNotify      destroy;
} Choosing;

static void
chosen_cb (GtkNativeDialog *chooser,
           int              response,
           gpointer         user_data)
{
  Choosing *choosing = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) chosen = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      GSList *files = NULL;

      for (guint i = g_list_model_get_n_items (chosen); i > 0; i--)
        files = g_slist_prepend (files, g_list_model_get_item (chosen, i - 1));
      mc_attachment_adder_add_files (choosing->sync, choosing->dossier, files,
                                     choosing->report, choosing->data, choosing->destroy);
      choosing->destroy = NULL;
      g_slist_free_full (files, g_object_unref);
    }
  if (choosing->destroy != NULL)
    choosing->destroy (choosing->data);
  g_object_unref (choosing->sync);
  g_object_unref (choosing->dossier);
  g_free (choosing);
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

void
mc_attachment_adder_choose (GtkWidget          *parent,
                            McSync             *sync,
                            McDossier          *dossier,
                            McAttachmentReport  report_func,
                            gpointer            data,
                            GDestroyNotify      destroy)
{
  GtkNative *native = gtk_widget_get_native (parent);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;
  Choosing *choosing;

  g_return_if_fail (MC_IS_SYNC (sync));
  g_return_if_fail (MC_IS_DOSSIER (dossier));

  chooser = gtk_file_chooser_native_new (_("Add Files to the Dossier"),
                                         GTK_IS_WINDOW (native) ? GTK_WINDOW (native) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Scans and PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/tiff");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);

  choosing = g_new0 (Choosing, 1);
  choosing->sync = g_object_ref (sync);
  choosing->dossier = g_object_ref (dossier);
  choosing->report = report_func;
  choosing->data = data;
  choosing->destroy = destroy;
  g_signal_connect (chooser, "response", G_CALLBACK (chosen_cb), choosing);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
