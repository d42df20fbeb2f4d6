/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mc-attachment-adder.h"
#include "mc-component-dialog.h"
#include "mc-json.h"
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
  int    component;
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
  mc_sync_enqueue_component_upload_async (adding->batch->sync, adding->batch->dossier_id, adding->batch->version,
                                          adding->name, adding->batch->kind, adding->component, bytes, NULL,
                                          queued_cb, adding);
}

void
mc_attachment_adder_add_files (McSync             *sync,
                               McDossier          *dossier,
                               GSList             *files,
                               McAttachmentReport  report_func,
                               gpointer            data,
                               GDestroyNotify      destroy)
{
  mc_attachment_adder_add_files_with_components (sync, dossier, files, NULL, report_func, data, destroy);
}

void
mc_attachment_adder_add_files_with_components (McSync             *sync,
                                               McDossier          *dossier,
                                               GSList             *files,
                                               const int          *components,
                                               McAttachmentReport  report_func,
                                               gpointer            data,
                                               GDestroyNotify      destroy)
{
  Batch *batch;
  guint i = 0;

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

  for (GSList *l = files; l != NULL; l = l->next, i++)
    {
      Adding *adding = g_new0 (Adding, 1);

      adding->batch = batch_ref (batch);
      adding->name = g_file_get_basename (G_FILE (l->data));
      adding->component = components != NULL ? components[i] : MC_ATTACHMENT_NO_COMPONENT;
      g_file_load_contents_async (G_FILE (l->data), NULL, loaded_cb, adding);
    }
  batch_unref (batch);
}

typedef struct {
  McSync             *sync;      /* owned */
  McDossier          *dossier;   /* owned */
  McProcedure        *procedure; /* owned, nullable */
  GPtrArray          *entries;   /* owned, nullable: McOutboxEntry */
  GtkWindow          *parent;    /* owned, nullable */
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
      mc_attachment_adder_ask (choosing->parent != NULL ? GTK_WIDGET (choosing->parent) : NULL,
                               choosing->sync, choosing->dossier, choosing->procedure, choosing->entries,
                               files, choosing->report, choosing->data, choosing->destroy);
      choosing->destroy = NULL;
      g_slist_free_full (files, g_object_unref);
    }
  if (choosing->destroy != NULL)
    choosing->destroy (choosing->data);
  g_object_unref (choosing->sync);
  g_object_unref (choosing->dossier);
  g_clear_object (&choosing->procedure);
  g_clear_pointer (&choosing->entries, g_ptr_array_unref);
  g_clear_object (&choosing->parent);
  g_free (choosing);
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

void
mc_attachment_adder_choose (GtkWidget          *parent,
                            McSync             *sync,
                            McDossier          *dossier,
                            McProcedure        *procedure,
                            GPtrArray          *entries,
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
  choosing->procedure = procedure != NULL ? g_object_ref (procedure) : NULL;
  choosing->entries = entries != NULL ? g_ptr_array_ref (entries) : NULL;
  choosing->parent = GTK_IS_WINDOW (native) ? g_object_ref (GTK_WINDOW (native)) : NULL;
  choosing->report = report_func;
  choosing->data = data;
  choosing->destroy = destroy;
  g_signal_connect (chooser, "response", G_CALLBACK (chosen_cb), choosing);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Which components have a file */

void
mc_attachment_adder_count_component_files (McDossier *dossier,
                                           GPtrArray *entries,
                                           guint      n_components,
                                           guint     *files,
                                           guint     *pending)
{
  g_return_if_fail (MC_IS_DOSSIER (dossier));

  memset (files, 0, n_components * sizeof *files);
  memset (pending, 0, n_components * sizeof *pending);
  for (guint i = 0; i < mc_dossier_get_n_attachments (dossier); i++)
    {
      int c = mc_attachment_get_component (mc_dossier_get_attachment (dossier, i));

      if (c >= 0 && (guint) c < n_components)
        files[c]++;
    }
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      McOutboxEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(JsonNode) body = NULL;
      JsonObject *object;
      gint64 c;

      /* A refused upload gave the component nothing. */
      if (entry->state != MC_OUTBOX_PENDING || g_strcmp0 (entry->action, MC_OUTBOX_UPLOAD) != 0 ||
          entry->body == NULL)
        continue;
      body = mc_json_parse (entry->body, -1, MC_JSON_MAX_BYTES, MC_JSON_MAX_DEPTH, NULL);
      if (body == NULL || (object = mc_json_node_get_object (body, NULL, NULL)) == NULL ||
          !json_object_has_member (object, "component") ||
          !mc_json_get_int (object, "component", 0, G_MAXINT32, &c, NULL))
        continue;
      if ((guint64) c < n_components)
        pending[c]++;
    }
}

void
mc_attachment_adder_guess_components (guint           n_components,
                                      const gboolean *has_file,
                                      guint           n_files,
                                      int            *guesses)
{
  g_autofree gboolean *taken = g_new0 (gboolean, MAX (n_components, 1));
  guint next = 0;

  if (has_file != NULL)
    memcpy (taken, has_file, n_components * sizeof *taken);
  /* In the catalogue's order, which is the order of the checklist and of
   * the papers on the counter: each file the next component still without
   * one; once every one has a file, another document. */
  for (guint i = 0; i < n_files; i++)
    {
      while (next < n_components && taken[next])
        next++;
      if (next < n_components)
        {
          guesses[i] = (int) next;
          taken[next] = TRUE;
        }
      else
        guesses[i] = MC_ATTACHMENT_NO_COMPONENT;
    }
}

typedef struct {
  McSync             *sync;      /* owned */
  McDossier          *dossier;   /* owned */
  GSList             *files;     /* owned: GFile */
  McAttachmentReport  report;
  gpointer            data;
  GDestroyNotify      destroy;
} Asking;

static void
asking_free (Asking *asking)
{
  if (asking->destroy != NULL)
    asking->destroy (asking->data);
  g_object_unref (asking->sync);
  g_object_unref (asking->dossier);
  g_slist_free_full (asking->files, g_object_unref);
  g_free (asking);
}

static void
answered_cb (McComponentDialog *dialog,
             gboolean           accepted,
             Asking            *asking)
{
  if (accepted)
    {
      guint n = g_slist_length (asking->files);
      g_autofree int *components = g_new (int, MAX (n, 1));

      for (guint i = 0; i < n; i++)
        components[i] = mc_component_dialog_get_component (dialog, i);
      mc_attachment_adder_add_files_with_components (asking->sync, asking->dossier, asking->files, components,
                                                     asking->report, asking->data, asking->destroy);
      asking->destroy = NULL;
    }
  else if (asking->report != NULL)
    asking->report (asking->data, _("No file was added."));
}

McComponentDialog *
mc_attachment_adder_ask (GtkWidget          *parent,
                         McSync             *sync,
                         McDossier          *dossier,
                         McProcedure        *procedure,
                         GPtrArray          *entries,
                         GSList             *files,
                         McAttachmentReport  report_func,
                         gpointer            data,
                         GDestroyNotify      destroy)
{
  guint n_components = procedure != NULL ? mc_procedure_get_n_components (procedure) : 0;
  guint n_files = g_slist_length (files);
  g_autofree guint *counts = NULL;
  g_autofree guint *pending = NULL;
  g_autofree gboolean *has_file = NULL;
  g_autofree int *guesses = NULL;
  g_autoptr(GPtrArray) names = NULL;
  GtkNative *native = parent != NULL ? gtk_widget_get_native (parent) : NULL;
  McComponentDialog *dialog;
  Asking *asking;

  g_return_val_if_fail (MC_IS_SYNC (sync), NULL);
  g_return_val_if_fail (MC_IS_DOSSIER (dossier), NULL);

  /* Nothing to ask of a procedure without components. */
  if (n_components == 0 || n_files == 0)
    {
      mc_attachment_adder_add_files (sync, dossier, files, report_func, data, destroy);
      return NULL;
    }

  counts = g_new0 (guint, n_components);
  pending = g_new0 (guint, n_components);
  has_file = g_new0 (gboolean, n_components);
  mc_attachment_adder_count_component_files (dossier, entries, n_components, counts, pending);
  for (guint c = 0; c < n_components; c++)
    has_file[c] = counts[c] + pending[c] > 0;
  guesses = g_new (int, n_files);
  mc_attachment_adder_guess_components (n_components, has_file, n_files, guesses);
  names = g_ptr_array_new_with_free_func (g_free);
  for (GSList *l = files; l != NULL; l = l->next)
    g_ptr_array_add (names, g_file_get_basename (G_FILE (l->data)));
  g_ptr_array_add (names, NULL);

  dialog = mc_component_dialog_new (GTK_IS_WINDOW (native) ? GTK_WINDOW (native) : NULL, procedure,
                                    (const char * const *) names->pdata, guesses, has_file);
  asking = g_new0 (Asking, 1);
  asking->sync = g_object_ref (sync);
  asking->dossier = g_object_ref (dossier);
  asking->files = g_slist_copy_deep (files, (GCopyFunc) g_object_ref, NULL);
  asking->report = report_func;
  asking->data = data;
  asking->destroy = destroy;
  g_signal_connect_data (dialog, "response", G_CALLBACK (answered_cb), asking,
                         (GClosureNotify) asking_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}
