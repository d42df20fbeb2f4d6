/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dossier detail's files: the required components with the files that
 * satisfy them, the attachments (open, save), files added by the button
 * or dropped, and the uploads on their way with their progress.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-attachment-adder.h"
#include "mc-attachment-opener.h"
#include "mc-dossier-detail-private.h"
#include "mc-outbox.h"
#include "mc-preview.h"
#include "mc-upload-row.h"

/* Components */

/* A component is missing while a supplement asked for it and has not come;
 * the one-stop unit checked the rest at reception. */
static const char *
open_supplement_request (McDossier *d)
{
  if (mc_dossier_get_status (d) != MC_STATUS_AWAITING_SUPPLEMENT)
    return NULL;
  for (guint i = mc_dossier_get_n_events (d); i > 0; i--)
    {
      McEvent *event = mc_dossier_get_event (d, i - 1);

      if (mc_event_get_action (event) == MC_ACTION_REQUEST_SUPPLEMENT)
        return mc_event_get_note (event) != NULL ? mc_event_get_note (event) : "";
    }
  return "";
}

/* Whether a component has a file, sent or waiting to be, for the
 * checklist: a suffix of icon and words, never colour alone. */
static char *
describe_component_files (guint        files,
                          guint        pending,
                          const char **icon)
{
  if (files + pending == 0)
    {
      *icon = "action-unavailable-symbolic";
      return g_strdup (_("No file yet"));
    }
  *icon = "mail-attachment-symbolic";
  if (pending == 0)
    return g_strdup_printf (ngettext ("%u file", "%u files", files), files);
  if (files == 0)
    return g_strdup_printf (ngettext ("%u file waiting to be sent", "%u files waiting to be sent", pending),
                            pending);
  /* Translators: "2 files, 1 waiting to be sent". */
  return g_strdup_printf (ngettext ("%u file, %u waiting to be sent", "%u files, %u waiting to be sent",
                                    files + pending), files + pending, pending);
}

void
_mc_dossier_detail_show_components (McDossierDetail *self)
{
  McProcedure *p = _mc_dossier_detail_get_procedure (self);
  McDossier *d = self->dossier;
  const char *requested = open_supplement_request (d);
  gboolean checked = mc_dossier_get_status (d) != MC_STATUS_SUBMITTED;
  g_autofree guint *files = NULL;
  g_autofree guint *pending = NULL;
  guint n;

  _mc_dossier_detail_clear_group_rows (self->components_group, self->component_rows);
  g_ptr_array_set_size (self->component_files, 0);
  self->n_components = 0;
  if (p == NULL)
    return;
  n = mc_procedure_get_n_components (p);
  files = g_new0 (guint, MAX (n, 1));
  pending = g_new0 (guint, MAX (n, 1));
  mc_attachment_adder_count_component_files (d, self->entries, n, files, pending);
  for (guint i = 0; i < n; i++)
    {
      const McComponent *c = mc_procedure_get_component (p, i);
      gboolean missing = requested != NULL && *requested != '\0' && strstr (requested, c->name) != NULL;
      const char *state;
      const char *icon;
      g_autofree char *subtitle = NULL;
      g_autofree char *copies = g_strdup_printf (ngettext ("%u copy", "%u copies", c->count), c->count);

      if (missing)
        {
          state = _("Missing: a supplement was requested");
          icon = "dialog-warning-symbolic";
        }
      else if (!checked)
        {
          state = _("Not checked yet");
          icon = "content-loading-symbolic";
        }
      else
        {
          state = _("Received");
          icon = "object-select-symbolic";
        }
      /* Translators: a required component: its state, form, copies and
       * whether it is mandatory: "Received · original · 1 copy · mandatory". */
      subtitle = g_strdup_printf (_("%s · %s · %s · %s"), state, mc_component_form_get_label (c->form),
                                  copies,
                                  c->mandatory ? _("mandatory") : _("optional"));
      {
        GtkWidget *row = _mc_dossier_detail_add_group_row (self->components_group, self->component_rows, icon, c->name, subtitle);
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
        const char *files_icon = NULL;
        g_autofree char *files_text = describe_component_files (files[i], pending[i], &files_icon);
        g_autofree char *description = g_strdup_printf ("%s. %s", subtitle, files_text);
        GtkWidget *label = gtk_label_new (files_text);

        gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
        gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (files_icon));
        gtk_widget_add_css_class (label, files[i] + pending[i] > 0 ? "success" : "dim-label");
        gtk_box_append (GTK_BOX (box), label);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
        gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
        g_ptr_array_add (self->component_files, g_strdup_printf ("%s: %s", c->name, files_text));
      }
      self->n_components++;
    }
  if (self->n_components == 0)
    _mc_dossier_detail_add_group_row (self->components_group, self->component_rows, NULL, _("The procedure lists no components"), NULL);
}

/* Attachments */

static void
report_cb (gpointer    data,
           const char *message)
{
  mc_dossier_detail_add_toast (MC_DOSSIER_DETAIL (data), message);
}

static void
open_clicked_cb (GtkButton       *button,
                 McDossierDetail *self)
{
  McAttachment *attachment = g_object_get_data (G_OBJECT (button), "attachment");

  if (self->sync == NULL)
    return;
  mc_attachment_open (GTK_WIDGET (self), mc_sync_get_client (self->sync), attachment, self->cancellable,
                      report_cb, g_object_ref (self), g_object_unref);
}

static void
save_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  gpointer         user_data)
{
  McDossierDetail *self = MC_DOSSIER_DETAIL (user_data);
  McAttachment *attachment = g_object_get_data (G_OBJECT (chooser), "attachment");

  if (response == GTK_RESPONSE_ACCEPT && self->sync != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        mc_attachment_save (GTK_WIDGET (self), mc_sync_get_client (self->sync), attachment, file,
                            self->cancellable, report_cb, g_object_ref (self), g_object_unref);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
save_clicked_cb (GtkButton       *button,
                 McDossierDetail *self)
{
  McAttachment *attachment = g_object_get_data (G_OBJECT (button), "attachment");
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Save Attachment"),
                                         GTK_IS_WINDOW (native) ? GTK_WINDOW (native) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), mc_attachment_get_file_name (attachment));
  g_object_set_data_full (G_OBJECT (chooser), "attachment", g_object_ref (attachment), g_object_unref);
  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static const char *
attachment_kind_label (McAttachmentKind kind)
{
  switch (kind)
    {
    case MC_ATTACHMENT_SUPPLEMENT:
      return _("Supplement");
    case MC_ATTACHMENT_RESULT:
      return _("Result");
    case MC_ATTACHMENT_SUBMITTED:
    default:
      return _("Submitted document");
    }
}

static GtkWidget *
attachment_button (McAttachment *attachment,
                   const char   *icon_name,
                   const char   *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  g_object_set_data_full (G_OBJECT (button), "attachment", g_object_ref (attachment), g_object_unref);
  return button;
}

/* The server takes files from reception officers, specialists and
 * leaders, for a dossier that is not finished. */
static gboolean
may_add_files (McDossierDetail *self)
{
  McUser *user = _mc_dossier_detail_get_actor (self);
  McRole role;

  if (user == NULL || self->dossier == NULL || mc_status_is_final (mc_dossier_get_status (self->dossier)))
    return FALSE;
  role = mc_user_get_role (user);
  return role == MC_ROLE_RECEPTION || role == MC_ROLE_SPECIALIST || role == MC_ROLE_LEADER;
}

static void
add_files_clicked_cb (McDossierDetail *self)
{
  if (self->sync == NULL || self->dossier == NULL)
    return;
  mc_attachment_adder_choose (GTK_WIDGET (self), self->sync, self->dossier, _mc_dossier_detail_get_procedure (self), self->entries,
                              report_cb, g_object_ref (self), g_object_unref);
}

static McComponentDialog *
add_files_asking (McDossierDetail *self,
                                       GSList          *files)
{
  return mc_attachment_adder_ask (GTK_WIDGET (self), self->sync, self->dossier, _mc_dossier_detail_get_procedure (self), self->entries,
                                  files, report_cb, g_object_ref (self), g_object_unref);
}

static gboolean
files_dropped_cb (GtkDropTarget   *target,
                  const GValue    *value,
                  double           x,
                  double           y,
                  McDossierDetail *self)
{
  GSList *files = g_value_get_boxed (value);

  if (!may_add_files (self) || self->sync == NULL || files == NULL)
    return FALSE;
  add_files_asking (self, files);
  return TRUE;
}

/* Files on their way */

static McOutboxEntry *
find_entry (McDossierDetail *self,
            gint64           id)
{
  for (guint i = 0; self->entries != NULL && i < self->entries->len; i++)
    if (((McOutboxEntry *) g_ptr_array_index (self->entries, i))->id == id)
      return g_ptr_array_index (self->entries, i);
  return NULL;
}

McUploadRow *
_mc_dossier_detail_find_upload_row (McDossierDetail *self,
                                    gint64           id)
{
  for (guint i = 0; i < self->upload_rows->len; i++)
    if (mc_upload_row_get_entry_id (g_ptr_array_index (self->upload_rows, i)) == id)
      return g_ptr_array_index (self->upload_rows, i);
  return NULL;
}

gboolean
_mc_dossier_detail_is_pending_upload (const McOutboxEntry *entry)
{
  return entry != NULL && entry->state == MC_OUTBOX_PENDING &&
         g_strcmp0 (entry->action, MC_OUTBOX_UPLOAD) == 0;
}

/* Where each file stands, in words: the one being sent with its bytes,
 * the others by what the sync says. */
static void
update_upload_rows (McDossierDetail *self)
{
  guint64 sent = 0, total = 0;
  gint64 current = self->sync != NULL ? mc_sync_get_upload (self->sync, &sent, &total) : 0;
  McSyncState sync_state = self->sync != NULL ? mc_sync_get_state (self->sync) : MC_SYNC_STATE_OFFLINE;
  const char *message = self->sync != NULL ? mc_sync_get_message (self->sync) : NULL;

  for (guint i = 0; i < self->upload_rows->len; i++)
    {
      McUploadRow *row = g_ptr_array_index (self->upload_rows, i);
      gint64 id = mc_upload_row_get_entry_id (row);
      McOutboxEntry *entry = find_entry (self, id);

      if (id == current)
        mc_upload_row_set_state (row, MC_UPLOAD_ROW_SENDING, sent, total, NULL);
      else if (sync_state == MC_SYNC_STATE_OFFLINE)
        mc_upload_row_set_state (row, MC_UPLOAD_ROW_OFFLINE, 0, 0, NULL);
      else if (sync_state == MC_SYNC_STATE_ERROR)
        mc_upload_row_set_state (row, MC_UPLOAD_ROW_BLOCKED, 0, 0, message);
      else if (entry != NULL && entry->attempts > 0)
        mc_upload_row_set_state (row, MC_UPLOAD_ROW_INTERRUPTED, 0, 0, NULL);
      else
        mc_upload_row_set_state (row, MC_UPLOAD_ROW_WAITING, 0, 0, NULL);
    }
}

/* A row for each upload still in the outbox, kept in place while it
 * waits (the focus stays on it), gone once the server has the file. */
void
_mc_dossier_detail_show_uploads (McDossierDetail *self)
{
  for (guint i = self->upload_rows->len; i > 0; i--)
    {
      GtkWidget *row = g_ptr_array_index (self->upload_rows, i - 1);

      if (!_mc_dossier_detail_is_pending_upload (find_entry (self, mc_upload_row_get_entry_id (MC_UPLOAD_ROW (row)))))
        {
          adw_preferences_group_remove (self->attachments_group, row);
          g_ptr_array_remove_index (self->upload_rows, i - 1);
        }
    }
  for (guint i = 0; self->dossier != NULL && self->entries != NULL && i < self->entries->len; i++)
    {
      McOutboxEntry *entry = g_ptr_array_index (self->entries, i);
      GtkWidget *row;

      if (!_mc_dossier_detail_is_pending_upload (entry) || _mc_dossier_detail_find_upload_row (self, entry->id) != NULL)
        continue;
      row = mc_upload_row_new (entry);
      adw_preferences_group_add (self->attachments_group, row);
      g_ptr_array_add (self->upload_rows, row);
    }
  if (self->no_attachments_row != NULL)
    gtk_widget_set_visible (self->no_attachments_row, self->upload_rows->len == 0);
  update_upload_rows (self);
}

static void
upload_progress_cb (McSync          *sync,
                    gint64           outbox_id,
                    guint64          sent,
                    guint64          total,
                    McDossierDetail *self)
{
  McUploadRow *row = _mc_dossier_detail_find_upload_row (self, outbox_id);

  if (row != NULL)
    mc_upload_row_set_state (row, MC_UPLOAD_ROW_SENDING, sent, total, NULL);
}

static void
sync_state_cb (McDossierDetail *self)
{
  update_upload_rows (self);
}


/* An upload began or ended: an attempt that broke off is counted in the
 * outbox, so the rows are read again. */
static void
upload_id_cb (McDossierDetail *self)
{
  _mc_dossier_detail_load_outbox (self);
}

/* The client to download thumbnails with, while the sync is online. */
static McClient *
online_client (McDossierDetail *self)
{
  McSyncState state;

  if (self->sync == NULL)
    return NULL;
  state = mc_sync_get_state (self->sync);
  return state == MC_SYNC_STATE_ONLINE || state == MC_SYNC_STATE_SYNCING ? mc_sync_get_client (self->sync) : NULL;
}

void
_mc_dossier_detail_show_attachments (McDossierDetail *self)
{
  McDossier *d = self->dossier;
  McClient *client = online_client (self);

  /* Files on their way come after the attachments: they go too. */
  _mc_dossier_detail_clear_group_rows (self->attachments_group, self->upload_rows);
  _mc_dossier_detail_clear_group_rows (self->attachments_group, self->attachment_rows);
  self->no_attachments_row = NULL;
  self->n_attachments = 0;
  /* Thumbnails: from the offline copies, a small file downloaded online. */
  mc_attachment_thumbnails_begin (self->thumbnails, mc_dossier_get_id (d));
  for (guint i = 0; i < mc_dossier_get_n_attachments (d); i++)
    {
      McAttachment *a = mc_dossier_get_attachment (d, i);
      g_autofree char *size = g_format_size ((guint64) MAX (mc_attachment_get_size (a), 0));
      g_autofree char *description = g_content_type_get_description (mc_attachment_get_media_type (a));
      McProcedure *procedure = _mc_dossier_detail_get_procedure (self);
      int component = mc_attachment_get_component (a);
      const McComponent *satisfies = procedure != NULL && component >= 0 &&
                                     (guint) component < mc_procedure_get_n_components (procedure)
                                     ? mc_procedure_get_component (procedure, component) : NULL;
      g_autofree char *subtitle = satisfies != NULL
        /* Translators: an attachment's kind, type, size and the required
         * component it is: "Supplement · PDF document · 1,2 MB · Giấy chứng sinh". */
        ? g_strdup_printf (_("%s · %s · %s · %s"), attachment_kind_label (mc_attachment_get_kind (a)),
                           description, size, satisfies->name)
        /* Translators: an attachment's kind, type and size: "Result · PDF document · 1,2 MB". */
        : g_strdup_printf (_("%s · %s · %s"), attachment_kind_label (mc_attachment_get_kind (a)),
                           description, size);
      g_autofree char *open_label = g_strdup_printf (_("Open “%s”"), mc_attachment_get_file_name (a));
      g_autofree char *save_label = g_strdup_printf (_("Save “%s” As…"), mc_attachment_get_file_name (a));
      GtkWidget *row = _mc_dossier_detail_add_group_row (self->attachments_group, self->attachment_rows, NULL,
                                      mc_attachment_get_file_name (a), subtitle);
      GtkWidget *open = attachment_button (a, "document-open-symbolic", open_label);
      GtkWidget *save = attachment_button (a, "document-save-symbolic", save_label);

      g_signal_connect (open, "clicked", G_CALLBACK (open_clicked_cb), self);
      g_signal_connect (save, "clicked", G_CALLBACK (save_clicked_cb), self);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 mc_attachment_thumbnails_add (self->thumbnails, a, client,
                                                               gtk_widget_get_scale_factor (GTK_WIDGET (self))));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), save);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), open);
      self->n_attachments++;
    }
  if (self->n_attachments == 0)
    self->no_attachments_row = _mc_dossier_detail_add_group_row (self->attachments_group, self->attachment_rows, NULL,
                                              _("No attachments"), NULL);
  else
    /* Attachments open in the viewer: a previewer starts and warms up while
     * the officer reads the dossier, not when the first one is opened. */
    mc_preview_prepare ();
  gtk_widget_set_visible (self->add_files_button, may_add_files (self));
  _mc_dossier_detail_show_uploads (self);
}

/* Files are added with this button, or dropped on the attachments. */
void
_mc_dossier_detail_init_files (McDossierDetail *self)
{
  GtkDropTarget *drop;

  self->thumbnails = mc_attachment_thumbnails_new ();
  self->add_files_button = gtk_button_new_with_mnemonic (_("_Add Files…"));
  gtk_widget_set_valign (self->add_files_button, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (self->add_files_button, FALSE);
  gtk_widget_set_tooltip_text (self->add_files_button,
                               _("Add scans or PDF documents to the dossier; you can also drop files here"));
  g_signal_connect_swapped (self->add_files_button, "clicked", G_CALLBACK (add_files_clicked_cb), self);
  adw_preferences_group_set_header_suffix (self->attachments_group, self->add_files_button);
  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (files_dropped_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->attachments_group), GTK_EVENT_CONTROLLER (drop));
}

/* Uploads show their progress, and why they wait. */
void
_mc_dossier_detail_watch_uploads (McDossierDetail *self,
                                  McSync          *sync)
{
  g_signal_connect_object (sync, "upload-progress", G_CALLBACK (upload_progress_cb), self, 0);
  g_signal_connect_object (sync, "notify::upload-id", G_CALLBACK (upload_id_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sync, "notify::state", G_CALLBACK (sync_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sync, "notify::message", G_CALLBACK (sync_state_cb), self, G_CONNECT_SWAPPED);
}

guint
mc_dossier_detail_get_n_components (McDossierDetail *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_DETAIL (self), 0);
  return self->n_components;
}

char *
mc_dossier_detail_describe_components (McDossierDetail *self)
{
  GString *out;

  g_return_val_if_fail (MC_IS_DOSSIER_DETAIL (self), NULL);

  out = g_string_new (NULL);
  for (guint i = 0; i < self->component_files->len; i++)
    g_string_append_printf (out, "%s\n", (const char *) g_ptr_array_index (self->component_files, i));
  return g_string_free (out, FALSE);
}

McComponentDialog *
mc_dossier_detail_add_files (McDossierDetail *self,
                             GSList          *files)
{
  g_return_val_if_fail (MC_IS_DOSSIER_DETAIL (self), NULL);

  if (!may_add_files (self) || self->sync == NULL || files == NULL)
    return NULL;
  return add_files_asking (self, files);
}

guint
mc_dossier_detail_get_n_attachments (McDossierDetail *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_DETAIL (self), 0);
  return self->n_attachments;
}

guint
mc_dossier_detail_get_n_uploads (McDossierDetail *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_DETAIL (self), 0);
  return self->upload_rows->len;
}

McUploadRow *
mc_dossier_detail_get_upload_row (McDossierDetail *self,
                                  guint            index)
{
  g_return_val_if_fail (MC_IS_DOSSIER_DETAIL (self), NULL);
  g_return_val_if_fail (index < self->upload_rows->len, NULL);
  return g_ptr_array_index (self->upload_rows, index);
}
