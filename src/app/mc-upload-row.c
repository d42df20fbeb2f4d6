/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-application.h"
#include "mc-json.h"
#include "mc-upload-row.h"

struct _McUploadRow
{
  AdwActionRow      parent_instance;

  gint64            entry_id;
  char             *file_name;     /* owned */
  char             *text;          /* owned: the words shown */
  McUploadRowState  state;
  int               announced;     /* tenth of the upload last given to assistive technology, -1 none */

  /* template children */
  GtkImage         *state_icon;
  GtkProgressBar   *bar;
};

G_DEFINE_FINAL_TYPE (McUploadRow, mc_upload_row, ADW_TYPE_ACTION_ROW)

static const char *
state_icon_name (McUploadRowState state)
{
  switch (state)
    {
    case MC_UPLOAD_ROW_SENDING:
    case MC_UPLOAD_ROW_CHECKING:
      return "document-send-symbolic";
    case MC_UPLOAD_ROW_OFFLINE:
      return "network-offline-symbolic";
    case MC_UPLOAD_ROW_INTERRUPTED:
    case MC_UPLOAD_ROW_BLOCKED:
      return "dialog-warning-symbolic";
    case MC_UPLOAD_ROW_WAITING:
    default:
      return "emblem-synchronizing-symbolic";
    }
}

/* The words for a state, with sizes as the attachments list writes them
 * (g_format_size: "3,2 MB" in Vietnamese). */
static char *
state_text (McUploadRowState  state,
            guint64           sent,
            guint64           total,
            const char       *message)
{
  g_autofree char *sent_text = g_format_size (sent);
  g_autofree char *total_text = g_format_size (total);

  switch (state)
    {
    case MC_UPLOAD_ROW_SENDING:
      /* Translators: how much of a file is uploaded: "Uploading 3.2 MB of 12.5 MB". */
      return g_strdup_printf (_("Uploading %s of %s"), sent_text, total_text);
    case MC_UPLOAD_ROW_CHECKING:
      /* Translators: %s is the file's size, "12.5 MB". */
      return g_strdup_printf (_("Sent %s; waiting for the server to confirm it"), total_text);
    case MC_UPLOAD_ROW_INTERRUPTED:
      return g_strdup (_("Interrupted: it is sent again from the start shortly"));
    case MC_UPLOAD_ROW_OFFLINE:
      return g_strdup (_("Offline: it is sent when the connection is back"));
    case MC_UPLOAD_ROW_BLOCKED:
      if (message != NULL && *message != '\0')
        /* Translators: %s is the server's or the network's explanation. */
        return g_strdup_printf (_("Not sent yet: %s"), message);
      return g_strdup (_("Not sent yet; it is tried again shortly"));
    case MC_UPLOAD_ROW_WAITING:
    default:
      return g_strdup (_("Waiting to be sent"));
    }
}

/* The name the entry's body records ({"action": "upload", "name", …}). */
static char *
entry_file_name (const McOutboxEntry *entry)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  char *name = NULL;

  if (entry->body != NULL)
    root = mc_json_parse (entry->body, -1, MC_JSON_MAX_BYTES, MC_JSON_MAX_DEPTH, NULL);
  if (root != NULL && (object = mc_json_node_get_object (root, NULL, NULL)) != NULL &&
      mc_json_get_string (object, "name", FALSE, &name, NULL) && name != NULL)
    return name;
  g_free (name);
  return g_strdup (_("A file"));
}

static void
mc_upload_row_finalize (GObject *object)
{
  McUploadRow *self = MC_UPLOAD_ROW (object);

  g_clear_pointer (&self->file_name, g_free);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (mc_upload_row_parent_class)->finalize (object);
}

static void
mc_upload_row_class_init (McUploadRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = mc_upload_row_finalize;

  mc_application_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/motcua/Desk/ui/mc-upload-row.ui");
  gtk_widget_class_bind_template_child (widget_class, McUploadRow, state_icon);
  gtk_widget_class_bind_template_child (widget_class, McUploadRow, bar);
}

static void
mc_upload_row_init (McUploadRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->state = MC_UPLOAD_ROW_WAITING;
  self->announced = -1;
}

GtkWidget *
mc_upload_row_new (const McOutboxEntry *entry)
{
  McUploadRow *self;
  g_autofree char *bar_label = NULL;

  g_return_val_if_fail (entry != NULL, NULL);

  self = g_object_new (MC_TYPE_UPLOAD_ROW, NULL);
  self->entry_id = entry->id;
  self->file_name = entry_file_name (entry);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), self->file_name);
  /* Translators: the accessible name of an upload's progress bar. */
  bar_label = g_strdup_printf (_("Upload of “%s”"), self->file_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->bar), GTK_ACCESSIBLE_PROPERTY_LABEL, bar_label, -1);
  mc_upload_row_set_state (self, entry->attempts > 0 ? MC_UPLOAD_ROW_INTERRUPTED : MC_UPLOAD_ROW_WAITING,
                           0, 0, NULL);
  return GTK_WIDGET (self);
}

gint64
mc_upload_row_get_entry_id (McUploadRow *self)
{
  g_return_val_if_fail (MC_IS_UPLOAD_ROW (self), 0);
  return self->entry_id;
}

const char *
mc_upload_row_get_file_name (McUploadRow *self)
{
  g_return_val_if_fail (MC_IS_UPLOAD_ROW (self), NULL);
  return self->file_name;
}

void
mc_upload_row_set_state (McUploadRow      *self,
                         McUploadRowState  state,
                         guint64           sent,
                         guint64           total,
                         const char       *message)
{
  gboolean with_bar = state == MC_UPLOAD_ROW_SENDING || state == MC_UPLOAD_ROW_CHECKING;
  gboolean new_state;
  double fraction = 0;
  int tenth = -1;
  g_autofree char *text = NULL;

  g_return_if_fail (MC_IS_UPLOAD_ROW (self));

  if (state == MC_UPLOAD_ROW_SENDING && total > 0 && sent >= total)
    state = MC_UPLOAD_ROW_CHECKING;
  new_state = state != self->state || self->text == NULL;
  text = state_text (state, sent, total, message);
  self->state = state;
  /* The sizes are rounded: most reports change only the bar. */
  if (g_strcmp0 (text, self->text) != 0)
    {
      g_free (self->text);
      self->text = g_steal_pointer (&text);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self), self->text);
      gtk_image_set_from_icon_name (self->state_icon, state_icon_name (state));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->bar), with_bar);
  if (with_bar)
    {
      fraction = total > 0 ? CLAMP ((double) sent / (double) total, 0.0, 1.0) : 0.0;
      gtk_progress_bar_set_fraction (self->bar, fraction);
      tenth = (int) (fraction * 10);
    }

  /* Assistive technology hears of a new state, and of the bytes once a
   * tenth of the file more is sent, not four times a second. */
  if (new_state)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->text, -1);
  if (with_bar && (new_state || tenth != self->announced))
    {
      self->announced = tenth;
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->bar),
                                      GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                      GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, 1.0,
                                      GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, fraction,
                                      GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, self->text,
                                      -1);
    }
  else if (!with_bar)
    self->announced = -1;
}

McUploadRowState
mc_upload_row_get_state (McUploadRow *self)
{
  g_return_val_if_fail (MC_IS_UPLOAD_ROW (self), MC_UPLOAD_ROW_WAITING);
  return self->state;
}

const char *
mc_upload_row_get_text (McUploadRow *self)
{
  g_return_val_if_fail (MC_IS_UPLOAD_ROW (self), NULL);
  return self->text;
}

double
mc_upload_row_get_fraction (McUploadRow *self)
{
  g_return_val_if_fail (MC_IS_UPLOAD_ROW (self), -1);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->bar)))
    return -1;
  return gtk_progress_bar_get_fraction (self->bar);
}

GtkProgressBar *
mc_upload_row_get_bar (McUploadRow *self)
{
  g_return_val_if_fail (MC_IS_UPLOAD_ROW (self), NULL);
  return self->bar;
}
