/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-department.h"
#include "mc-dossier-history.h"
#include "mc-time.h"
#include "mc-user.h"
#include "mc-workflow.h"

struct _McDossierHistory
{
  GtkWidget   parent_instance;

  GtkListBox *list;   /* child */
  guint       n_rows;
};

G_DEFINE_FINAL_TYPE (McDossierHistory, mc_dossier_history, GTK_TYPE_WIDGET)

static const char *
action_icon (McAction action)
{
  switch (action)
    {
    case MC_ACTION_REGISTER:
    case MC_ACTION_ACCEPT:
      return "document-new-symbolic";
    case MC_ACTION_TRANSFER:
    case MC_ACTION_RECALL:
      return "mail-send-symbolic";
    case MC_ACTION_ASSIGN:
    case MC_ACTION_REASSIGN:
      return "avatar-default-symbolic";
    case MC_ACTION_REQUEST_SUPPLEMENT:
    case MC_ACTION_SUPPLEMENT_RECEIVED:
      return "mail-attachment-symbolic";
    case MC_ACTION_APPROVE:
    case MC_ACTION_RETURN_RESULT:
      return "emblem-ok-symbolic";
    case MC_ACTION_REFUSE:
    case MC_ACTION_REFUSE_RESULT:
    case MC_ACTION_STOP:
    case MC_ACTION_WITHDRAW:
      return "action-unavailable-symbolic";
    default:
      return "document-edit-symbolic";
    }
}

static const char *
department_name (GHashTable *departments,
                 const char *id)
{
  McDepartment *department = departments != NULL && id != NULL ? g_hash_table_lookup (departments, id) : NULL;

  return department != NULL ? mc_department_get_name (department) : id;
}

static const char *
user_name (GHashTable *users,
           const char *id)
{
  McUser *user = users != NULL && id != NULL ? g_hash_table_lookup (users, id) : NULL;

  return user != NULL ? mc_user_get_full_name (user) : id;
}

/* "Received → In progress", "To: Sở Tư pháp", "Officer: Lê Văn An". */
static char *
describe_move (McEvent    *event,
               GHashTable *users,
               GHashTable *departments)
{
  GString *text = g_string_new (NULL);
  McStatus from = mc_event_get_from_status (event);
  McStatus to = mc_event_get_to_status (event);
  const char *to_department = mc_event_get_to_department_id (event);
  const char *to_assignee = mc_event_get_to_assignee_id (event);

  if (from != 0 && to != 0 && from != to)
    /* Translators: a change of status in the history, "Received → In progress". */
    g_string_append_printf (text, _("%s → %s"), mc_status_get_label (from), mc_status_get_label (to));
  if (to_department != NULL && g_strcmp0 (to_department, mc_event_get_from_department_id (event)) != 0)
    {
      if (text->len > 0)
        g_string_append (text, "\n");
      g_string_append_printf (text, _("To: %s"), department_name (departments, to_department));
    }
  if (to_assignee != NULL && g_strcmp0 (to_assignee, mc_event_get_from_assignee_id (event)) != 0)
    {
      if (text->len > 0)
        g_string_append (text, "\n");
      g_string_append_printf (text, _("Officer: %s"), user_name (users, to_assignee));
    }
  return g_string_free (text, text->len == 0);
}

static GtkWidget *
make_row (McEvent    *event,
          GHashTable *users,
          GHashTable *departments)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (action_icon (mc_event_get_action (event)));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  const char *actor_id = mc_event_get_actor_id (event);
  McUser *actor = users != NULL && actor_id != NULL ? g_hash_table_lookup (users, actor_id) : NULL;
  const char *name = mc_event_get_actor_name (event);
  g_autofree char *when = mc_time_format_display (mc_event_get_at (event));
  g_autofree char *who = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *move = describe_move (event, users, departments);
  const char *note = mc_event_get_note (event);
  const char *label = mc_workflow_action_get_label (mc_event_get_action (event));

  if (actor_id == NULL)
    who = g_strdup (_("System"));
  else if (actor != NULL)
    /* Translators: who took an action: "Lê Văn An (Specialist)". */
    who = g_strdup_printf (_("%s (%s)"), name != NULL ? name : mc_user_get_full_name (actor),
                           mc_role_get_label (mc_user_get_role (actor)));
  else
    who = g_strdup (name != NULL ? name : actor_id);
  /* Translators: the line under an action in the history: who, then when. */
  subtitle = g_strdup_printf (_("%s · %s"), who, when);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 label != NULL ? label : mc_action_to_string (mc_event_get_action (event)));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  if (move != NULL || (note != NULL && *note != '\0'))
    {
      if (move != NULL)
        {
          GtkWidget *l = gtk_label_new (move);

          gtk_label_set_xalign (GTK_LABEL (l), 0);
          gtk_label_set_wrap (GTK_LABEL (l), TRUE);
          gtk_widget_add_css_class (l, "caption");
          gtk_box_append (GTK_BOX (box), l);
        }
      if (note != NULL && *note != '\0')
        {
          GtkWidget *l = gtk_label_new (note);

          gtk_label_set_xalign (GTK_LABEL (l), 0);
          gtk_label_set_wrap (GTK_LABEL (l), TRUE);
          gtk_label_set_selectable (GTK_LABEL (l), TRUE);
          gtk_widget_add_css_class (l, "caption");
          gtk_widget_add_css_class (l, "dim-label");
          gtk_box_append (GTK_BOX (box), l);
        }
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
      gtk_widget_set_hexpand (box, TRUE);
      gtk_widget_set_margin_top (box, 6);
      gtk_widget_set_margin_bottom (box, 6);
      gtk_widget_set_size_request (box, 120, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
    }
  return row;
}

static void
mc_dossier_history_dispose (GObject *object)
{
  McDossierHistory *self = MC_DOSSIER_HISTORY (object);

  g_clear_pointer ((GtkWidget **) &self->list, gtk_widget_unparent);

  G_OBJECT_CLASS (mc_dossier_history_parent_class)->dispose (object);
}

static void
mc_dossier_history_class_init (McDossierHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_dossier_history_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "dossierhistory");
}

static void
mc_dossier_history_init (McDossierHistory *self)
{
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("History"), -1);
  gtk_widget_set_parent (GTK_WIDGET (self->list), GTK_WIDGET (self));
}

McDossierHistory *
mc_dossier_history_new (void)
{
  return g_object_new (MC_TYPE_DOSSIER_HISTORY, NULL);
}

void
mc_dossier_history_set_dossier (McDossierHistory *self,
                                McDossier        *dossier,
                                GHashTable       *users,
                                GHashTable       *departments)
{
  GtkWidget *child;

  g_return_if_fail (MC_IS_DOSSIER_HISTORY (self));
  g_return_if_fail (dossier == NULL || MC_IS_DOSSIER (dossier));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  self->n_rows = 0;
  if (dossier == NULL)
    return;
  for (guint i = 0; i < mc_dossier_get_n_events (dossier); i++)
    {
      gtk_list_box_append (self->list, make_row (mc_dossier_get_event (dossier, i), users, departments));
      self->n_rows++;
    }
}

guint
mc_dossier_history_get_n_rows (McDossierHistory *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_HISTORY (self), 0);
  return self->n_rows;
}

GtkWidget *
mc_dossier_history_get_row (McDossierHistory *self,
                            guint             index)
{
  g_return_val_if_fail (MC_IS_DOSSIER_HISTORY (self), NULL);
  return GTK_WIDGET (gtk_list_box_get_row_at_index (self->list, (int) index));
}
