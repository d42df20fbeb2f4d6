/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-attachment.h"
#include "mc-component-dialog.h"

struct _McComponentDialog
{
  AdwWindow  parent_instance;

  GPtrArray *rows;        /* owned array of borrowed AdwComboRow, one a file */
  guint      n_components;
  gboolean   answered;
};

G_DEFINE_FINAL_TYPE (McComponentDialog, mc_component_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_RESPONSE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
emit_response (McComponentDialog *self,
               gboolean           accepted)
{
  if (self->answered)
    return;
  self->answered = TRUE;
  g_signal_emit (self, signals[SIGNAL_RESPONSE], 0, accepted);
}

static void
answer (McComponentDialog *self,
        gboolean           accepted)
{
  g_object_ref (self);
  emit_response (self, accepted);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

void
mc_component_dialog_accept (McComponentDialog *self)
{
  g_return_if_fail (MC_IS_COMPONENT_DIALOG (self));
  answer (self, TRUE);
}

void
mc_component_dialog_cancel (McComponentDialog *self)
{
  g_return_if_fail (MC_IS_COMPONENT_DIALOG (self));
  answer (self, FALSE);
}

static void
add_cb (GtkWidget  *widget,
        const char *action_name,
        GVariant   *parameter)
{
  answer (MC_COMPONENT_DIALOG (widget), TRUE);
}

static void
cancel_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  answer (MC_COMPONENT_DIALOG (widget), FALSE);
}

static gboolean
close_request_cb (GtkWindow *window)
{
  /* Closed by the window manager: as Cancel; GTK destroys it. */
  emit_response (MC_COMPONENT_DIALOG (window), FALSE);
  return FALSE;
}

static void
mc_component_dialog_finalize (GObject *object)
{
  McComponentDialog *self = MC_COMPONENT_DIALOG (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  G_OBJECT_CLASS (mc_component_dialog_parent_class)->finalize (object);
}

static void
mc_component_dialog_class_init (McComponentDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->finalize = mc_component_dialog_finalize;
  window_class->close_request = close_request_cb;

  /**
   * McComponentDialog::response:
   * @accepted: TRUE for Add, FALSE for Cancel or closing the window
   */
  signals[SIGNAL_RESPONSE] =
    g_signal_new ("response", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_install_action (widget_class, "dialog.add", NULL, add_cb);
  gtk_widget_class_install_action (widget_class, "dialog.cancel", NULL, cancel_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "dialog.cancel", NULL);
}

static void
mc_component_dialog_init (McComponentDialog *self)
{
  self->rows = g_ptr_array_new ();
}

McComponentDialog *
mc_component_dialog_new (GtkWindow          *parent,
                         McProcedure        *procedure,
                         const char * const *names,
                         const int          *guesses,
                         const gboolean     *has_file)
{
  McComponentDialog *self;
  GtkWidget *content, *header, *cancel, *add, *page, *group;
  g_autoptr(GtkStringList) items = gtk_string_list_new (NULL);

  g_return_val_if_fail (MC_IS_PROCEDURE (procedure), NULL);
  g_return_val_if_fail (names != NULL && guesses != NULL, NULL);

  self = g_object_new (MC_TYPE_COMPONENT_DIALOG,
                       "title", _("Add Files"),
                       "modal", TRUE,
                       "transient-for", parent,
                       "default-width", 640,
                       "default-height", 420,
                       "destroy-with-parent", TRUE,
                       NULL);
  self->n_components = mc_procedure_get_n_components (procedure);

  for (guint c = 0; c < self->n_components; c++)
    {
      const McComponent *component = mc_procedure_get_component (procedure, c);

      if (has_file != NULL && has_file[c])
        {
          /* Translators: a component in the list of what a file can be,
           * when the dossier has a file for it already. */
          g_autofree char *label = g_strdup_printf (_("%s (has a file)"), component->name);
          gtk_string_list_append (items, label);
        }
      else
        gtk_string_list_append (items, component->name);
    }
  gtk_string_list_append (items, _("Other document"));

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "dialog.cancel");
  add = gtk_button_new_with_mnemonic (_("_Add"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "dialog.add");
  gtk_widget_add_css_class (add, "suggested-action");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), add);
  gtk_box_append (GTK_BOX (content), header);

  page = adw_preferences_page_new ();
  gtk_widget_set_vexpand (page, TRUE);
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Which Document Is Each File?"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Choose the required component of the dossier that each file "
                                           "is, or “Other document”."));
  for (guint i = 0; names[i] != NULL; i++)
    {
      GtkWidget *row = adw_combo_row_new ();
      int guess = guesses[i];

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), names[i]);
      /* The chosen component in full under the file's name: the names
       * of components are long, and the end of the row would cut them. */
      adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (row), TRUE);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (items));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row),
                                  guess >= 0 && (guint) guess < self->n_components ? (guint) guess
                                                                                     : self->n_components);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      g_ptr_array_add (self->rows, row);
    }
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  gtk_box_append (GTK_BOX (content), page);
  adw_window_set_content (ADW_WINDOW (self), content);

  /* Enter adds; the first file's choice has the focus. */
  gtk_window_set_default_widget (GTK_WINDOW (self), add);
  if (self->rows->len > 0)
    gtk_widget_grab_focus (g_ptr_array_index (self->rows, 0));
  return self;
}

guint
mc_component_dialog_get_n_files (McComponentDialog *self)
{
  g_return_val_if_fail (MC_IS_COMPONENT_DIALOG (self), 0);
  return self->rows->len;
}

int
mc_component_dialog_get_component (McComponentDialog *self,
                                   guint              index)
{
  guint selected;

  g_return_val_if_fail (MC_IS_COMPONENT_DIALOG (self), MC_ATTACHMENT_NO_COMPONENT);
  g_return_val_if_fail (index < self->rows->len, MC_ATTACHMENT_NO_COMPONENT);

  selected = adw_combo_row_get_selected (g_ptr_array_index (self->rows, index));
  return selected < self->n_components ? (int) selected : MC_ATTACHMENT_NO_COMPONENT;
}

void
mc_component_dialog_set_component (McComponentDialog *self,
                                   guint              index,
                                   int                component)
{
  g_return_if_fail (MC_IS_COMPONENT_DIALOG (self));
  g_return_if_fail (index < self->rows->len);

  adw_combo_row_set_selected (g_ptr_array_index (self->rows, index),
                              component >= 0 && (guint) component < self->n_components ? (guint) component
                                                                                        : self->n_components);
}
