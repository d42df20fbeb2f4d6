/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-application.h"
#include "mc-reassign-dialog.h"
#include "mc-registration.h"
#include "mc-workflow.h"

typedef struct {
  char             *dossier_id;
  char             *code;
  int               version;
  gint64            entry_id;   /* 0: not written to the outbox */
  McReassignResult  result;
  char             *message;    /* nullable */
  AdwActionRow     *row;        /* unowned */
  GtkImage         *icon;       /* unowned */
} Item;

struct _McReassignDialog
{
  AdwWindow     parent_instance;

  McSync       *sync;          /* owned */
  McCache      *cache;         /* owned */
  GCancellable *cancellable;   /* owned */
  GArray       *items;         /* Item */
  GPtrArray    *departments;   /* owned: McDepartment, index + 1 in the combo */
  GPtrArray    *officers;      /* owned: McUser, index + 1 in the combo */
  GPtrArray    *users;         /* owned: McUser, the whole catalogue */
  char         *problem;       /* owned, nullable */
  guint         outstanding;   /* enqueues not finished */
  gboolean      submitted;
  gboolean      finished;

  /* template children */
  GtkLabel     *heading_label;
  AdwComboRow  *department_row;
  AdwComboRow  *assignee_row;
  AdwEntryRow  *reason_row;
  GtkWidget    *problem_box;
  GtkLabel     *problem_label;
  GtkListBox   *results_list;
  GtkWidget    *submit_button;
};

G_DEFINE_FINAL_TYPE (McReassignDialog, mc_reassign_dialog, ADW_TYPE_WINDOW)

static void
item_clear (Item *item)
{
  g_free (item->dossier_id);
  g_free (item->code);
  g_free (item->message);
}

static Item *
item_at (McReassignDialog *self,
         guint             i)
{
  return &g_array_index (self->items, Item, i);
}

static void
show_item (Item *item)
{
  const char *icon = NULL;
  g_autofree char *text = NULL;

  switch (item->result)
    {
    case MC_REASSIGN_RESULT_SENT:
      icon = "emblem-ok-symbolic";
      text = g_strdup (_("Reassigned"));
      break;
    case MC_REASSIGN_RESULT_PENDING:
      icon = "network-offline-symbolic";
      text = g_strdup (_("Saved on this computer, will be sent when the connection is back"));
      break;
    case MC_REASSIGN_RESULT_REFUSED:
      icon = "dialog-error-symbolic";
      text = g_strdup_printf (_("Refused: %s"), item->message != NULL ? item->message : _("no reason given"));
      break;
    case MC_REASSIGN_RESULT_NONE:
    default:
      text = g_strdup (item->entry_id != 0 ? _("Sending…") : _("Not sent yet"));
      break;
    }
  adw_action_row_set_subtitle (item->row, text);
  gtk_image_set_from_icon_name (item->icon, icon);
  gtk_widget_set_visible (GTK_WIDGET (item->icon), icon != NULL);
  /* The state in words for screen readers too, never by the icon alone. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (item->icon), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

static void
set_problem (McReassignDialog *self,
             const char       *problem)
{
  g_free (self->problem);
  self->problem = g_strdup (problem);
  gtk_label_set_label (self->problem_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (self->problem_box, problem != NULL);
}

static gboolean
may_hold (McUser *user)
{
  McRole role = mc_user_get_role (user);

  return !mc_user_get_disabled (user) && (role == MC_ROLE_SPECIALIST || role == MC_ROLE_LEADER);
}

static McDepartment *
chosen_department (McReassignDialog *self)
{
  guint i = adw_combo_row_get_selected (self->department_row);

  return i >= 1 && i <= self->departments->len ? g_ptr_array_index (self->departments, i - 1) : NULL;
}

static McUser *
chosen_officer (McReassignDialog *self)
{
  guint i = adw_combo_row_get_selected (self->assignee_row);

  return i >= 1 && i <= self->officers->len ? g_ptr_array_index (self->officers, i - 1) : NULL;
}

/* The officers who may hold the dossiers: of the chosen department, or of
 * the departments that hold them now. */
static void
fill_officers (McReassignDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GHashTable) holding = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  McDepartment *department = chosen_department (self);
  g_autoptr(GError) error = NULL;

  if (department != NULL)
    g_hash_table_add (holding, g_strdup (mc_department_get_id (department)));
  else
    for (guint i = 0; i < self->items->len; i++)
      {
        g_autoptr(McDossier) dossier = mc_cache_get_dossier (self->cache, item_at (self, i)->dossier_id, &error);

        if (dossier != NULL)
          g_hash_table_add (holding, g_strdup (mc_dossier_get_department_id (dossier)));
        g_clear_error (&error);
      }

  g_ptr_array_set_size (self->officers, 0);
  gtk_string_list_append (names, _("Keep the current officer"));
  for (guint i = 0; i < self->users->len; i++)
    {
      McUser *user = g_ptr_array_index (self->users, i);
      const char *dept = mc_user_get_department_id (user);

      if (may_hold (user) && dept != NULL && g_hash_table_contains (holding, dept))
        {
          g_autofree char *label = g_strdup_printf ("%s (%s)", mc_user_get_full_name (user),
                                                    mc_role_get_label (mc_user_get_role (user)));

          g_ptr_array_add (self->officers, g_object_ref (user));
          gtk_string_list_append (names, label);
        }
    }
  adw_combo_row_set_model (self->assignee_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->assignee_row, 0);
}

static void
department_changed_cb (McReassignDialog *self)
{
  fill_officers (self);
}

static void
check_results (McReassignDialog *self)
{
  g_autoptr(GError) error = NULL;
  gboolean all = TRUE;

  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = item_at (self, i);
      g_autoptr(McOutboxEntry) entry = NULL;

      if (item->entry_id == 0 || item->result == MC_REASSIGN_RESULT_SENT ||
          item->result == MC_REASSIGN_RESULT_REFUSED)
        continue;
      entry = mc_registration_get_entry (self->cache, item->entry_id, &error);
      if (entry == NULL)
        {
          g_clear_error (&error);
          all = FALSE;
          continue;
        }
      if (entry->state == MC_OUTBOX_DONE)
        item->result = MC_REASSIGN_RESULT_SENT;
      else if (entry->state == MC_OUTBOX_FAILED)
        {
          item->result = MC_REASSIGN_RESULT_REFUSED;
          g_free (item->message);
          item->message = g_strdup (entry->message);
        }
      else
        {
          /* Still waiting: the run that just ended could not send it. */
          item->result = mc_sync_get_state (self->sync) == MC_SYNC_STATE_SYNCING
                         ? MC_REASSIGN_RESULT_NONE : MC_REASSIGN_RESULT_PENDING;
          if (item->result != MC_REASSIGN_RESULT_PENDING)
            all = FALSE;
        }
      show_item (item);
    }
  if (all && self->outstanding == 0 && !self->finished)
    {
      self->finished = TRUE;
    }
}

static void
run_finished_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(McReassignDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  /* Offline or refused, the outbox says where each entry stands. */
  mc_sync_run_finish (MC_SYNC (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  check_results (self);
}

typedef struct {
  McReassignDialog *self;
  guint             index;
} EnqueueData;

static void
enqueued_trampoline (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  EnqueueData *data = user_data;
  g_autoptr(McReassignDialog) self = data->self;
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  Item *item = item_at (self, data->index);

  g_free (data);
  entry = mc_sync_enqueue_finish (MC_SYNC (source), result, &error);
  if (entry == NULL)
    {
      item->result = MC_REASSIGN_RESULT_REFUSED;
      item->message = g_strdup_printf (_("Could not be saved on this computer: %s"), error->message);
    }
  else
    item->entry_id = entry->id;
  show_item (item);
  if (--self->outstanding == 0)
    mc_sync_run_async (self->sync, self->cancellable, run_finished_cb, g_object_ref (self));
}

/* The workflow table's answer here, before anything is written: what it
 * refuses would only come back refused. */
static char *
check_locally (McReassignDialog *self,
               Item             *item)
{
  McUser *me = mc_client_get_user (mc_sync_get_client (self->sync));
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(GError) error = NULL;
  McWorkflowSubject subject = { 0 };
  McWorkflowActor actor = { 0 };

  if (me == NULL)
    return NULL;
  dossier = mc_cache_get_dossier (self->cache, item->dossier_id, &error);
  if (dossier == NULL)
    return g_strdup (error->message);
  subject.status = mc_dossier_get_status (dossier);
  subject.substate = mc_dossier_get_substate (dossier);
  subject.department_id = mc_dossier_get_department_id (dossier);
  subject.receiving_department_id = mc_dossier_get_receiving_department_id (dossier);
  subject.assignee_id = mc_dossier_get_assignee_id (dossier);
  actor.id = mc_user_get_id (me);
  actor.role = mc_user_get_role (me);
  actor.department_id = mc_user_get_department_id (me);
  if (mc_workflow_check (MC_ACTION_REASSIGN, &subject, &actor, &error) != MC_VERDICT_ALLOWED)
    return g_strdup (error != NULL ? error->message : _("The workflow does not allow this."));
  return NULL;
}

static gboolean
blank (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

gboolean
mc_reassign_dialog_submit (McReassignDialog *self)
{
  McDepartment *department;
  McUser *officer;
  const char *reason;

  g_return_val_if_fail (MC_IS_REASSIGN_DIALOG (self), FALSE);

  if (self->submitted)
    return FALSE;
  department = chosen_department (self);
  officer = chosen_officer (self);
  reason = gtk_editable_get_text (GTK_EDITABLE (self->reason_row));
  if (department == NULL && officer == NULL)
    {
      set_problem (self, _("Choose the department or the officer the dossiers go to."));
      if (gtk_window_is_active (GTK_WINDOW (self)))
        gtk_widget_grab_focus (GTK_WIDGET (self->department_row));
      return FALSE;
    }
  if (blank (reason))
    {
      set_problem (self, _("Give the reason: it is written in each dossier’s history."));
      gtk_widget_add_css_class (GTK_WIDGET (self->reason_row), "error");
      if (gtk_window_is_active (GTK_WINDOW (self)))
        gtk_widget_grab_focus (GTK_WIDGET (self->reason_row));
      return FALSE;
    }
  set_problem (self, NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->reason_row), "error");
  self->submitted = TRUE;
  /* The focus leaves the fields before they turn insensitive. */
  if (gtk_root_get_focus (GTK_ROOT (self)) != NULL)
    gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_widget_set_sensitive (self->submit_button, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->department_row), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->assignee_row), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reason_row), FALSE);

  self->outstanding = 1;   /* held until every entry is on its way */
  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = item_at (self, i);
      g_autofree char *refusal = check_locally (self, item);
      g_autoptr(JsonBuilder) builder = NULL;
      g_autoptr(JsonNode) action = NULL;
      EnqueueData *data;

      if (refusal != NULL)
        {
          item->result = MC_REASSIGN_RESULT_REFUSED;
          item->message = g_steal_pointer (&refusal);
          show_item (item);
          continue;
        }
      builder = json_builder_new_immutable ();
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "action");
      json_builder_add_string_value (builder, "reassign");
      if (department != NULL)
        {
          json_builder_set_member_name (builder, "department_id");
          json_builder_add_string_value (builder, mc_department_get_id (department));
        }
      if (officer != NULL)
        {
          json_builder_set_member_name (builder, "assignee_id");
          json_builder_add_string_value (builder, mc_user_get_id (officer));
        }
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, reason);
      json_builder_end_object (builder);
      action = json_builder_get_root (builder);

      data = g_new0 (EnqueueData, 1);
      data->self = g_object_ref (self);
      data->index = i;
      self->outstanding++;
      mc_sync_enqueue_async (self->sync, item->dossier_id, item->version, action, self->cancellable,
                             enqueued_trampoline, data);
    }
  if (--self->outstanding == 0)
    check_results (self);
  return TRUE;
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  mc_reassign_dialog_submit (MC_REASSIGN_DIALOG (widget));
}

static void
outbox_changed_cb (McReassignDialog *self)
{
  if (self->submitted && self->outstanding == 0)
    check_results (self);
}

static void
mc_reassign_dialog_dispose (GObject *object)
{
  McReassignDialog *self = MC_REASSIGN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_REASSIGN_DIALOG);
  g_clear_object (&self->sync);
  g_clear_object (&self->cache);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->departments, g_ptr_array_unref);
  g_clear_pointer (&self->officers, g_ptr_array_unref);
  g_clear_pointer (&self->users, g_ptr_array_unref);

  G_OBJECT_CLASS (mc_reassign_dialog_parent_class)->dispose (object);
}

static void
mc_reassign_dialog_finalize (GObject *object)
{
  McReassignDialog *self = MC_REASSIGN_DIALOG (object);

  g_clear_pointer (&self->items, g_array_unref);
  g_free (self->problem);

  G_OBJECT_CLASS (mc_reassign_dialog_parent_class)->finalize (object);
}

static void
mc_reassign_dialog_class_init (McReassignDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_reassign_dialog_dispose;
  object_class->finalize = mc_reassign_dialog_finalize;

  mc_application_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/motcua/Desk/ui/mc-reassign-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, McReassignDialog, heading_label);
  gtk_widget_class_bind_template_child (widget_class, McReassignDialog, department_row);
  gtk_widget_class_bind_template_child (widget_class, McReassignDialog, assignee_row);
  gtk_widget_class_bind_template_child (widget_class, McReassignDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, McReassignDialog, problem_box);
  gtk_widget_class_bind_template_child (widget_class, McReassignDialog, problem_label);
  gtk_widget_class_bind_template_child (widget_class, McReassignDialog, results_list);
  gtk_widget_class_bind_template_child (widget_class, McReassignDialog, submit_button);
  gtk_widget_class_install_action (widget_class, "reassign.submit", NULL, submit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "reassign.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mc_reassign_dialog_init (McReassignDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->items = g_array_new (FALSE, TRUE, sizeof (Item));
  g_array_set_clear_func (self->items, (GDestroyNotify) item_clear);
  self->officers = g_ptr_array_new_with_free_func (g_object_unref);
}

McReassignDialog *
mc_reassign_dialog_new (GtkWindow *parent,
                        McSync    *sync,
                        McCache   *cache,
                        GPtrArray *rows)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *heading = NULL;
  McReassignDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (MC_IS_SYNC (sync), NULL);
  g_return_val_if_fail (MC_IS_CACHE (cache), NULL);
  g_return_val_if_fail (rows != NULL, NULL);

  self = g_object_new (MC_TYPE_REASSIGN_DIALOG, "transient-for", parent, NULL);
  self->sync = g_object_ref (sync);
  self->cache = g_object_ref (cache);
  g_signal_connect_object (sync, "outbox-changed", G_CALLBACK (outbox_changed_cb), self, G_CONNECT_SWAPPED);

  for (guint i = 0; i < rows->len; i++)
    {
      McDossierRow *row = g_ptr_array_index (rows, i);
      Item item = { 0 };
      GtkWidget *icon = gtk_image_new ();
      const char *code = mc_dossier_row_get_code (row);

      item.dossier_id = g_strdup (mc_dossier_row_get_id (row));
      item.code = g_strdup (code != NULL ? code : _("(no code yet)"));
      item.version = mc_dossier_row_get_version (row);
      item.row = ADW_ACTION_ROW (adw_action_row_new ());
      item.icon = GTK_IMAGE (icon);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (item.row), item.code);
      adw_action_row_add_prefix (item.row, icon);
      gtk_list_box_append (self->results_list, GTK_WIDGET (item.row));
      g_array_append_val (self->items, item);
      show_item (item_at (self, self->items->len - 1));
    }
  heading = g_strdup_printf (ngettext ("Reassign %u dossier to another department or officer.",
                                       "Reassign %u dossiers to another department or officer.", rows->len),
                             rows->len);
  gtk_label_set_label (self->heading_label, heading);

  self->departments = mc_cache_list_departments (cache, &error);
  if (self->departments == NULL)
    {
      g_warning ("Cannot read the cached departments: %s", error->message);
      self->departments = g_ptr_array_new_with_free_func (g_object_unref);
      g_clear_error (&error);
    }
  self->users = mc_cache_list_users (cache, &error);
  if (self->users == NULL)
    {
      g_warning ("Cannot read the cached users: %s", error->message);
      self->users = g_ptr_array_new_with_free_func (g_object_unref);
    }
  gtk_string_list_append (names, _("Keep the current department"));
  for (guint i = 0; i < self->departments->len; i++)
    gtk_string_list_append (names, mc_department_get_name (g_ptr_array_index (self->departments, i)));
  adw_combo_row_set_model (self->department_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->department_row, 0);
  fill_officers (self);
  g_signal_connect_object (self->department_row, "notify::selected", G_CALLBACK (department_changed_cb),
                           self, G_CONNECT_SWAPPED);
  return self;
}

guint
mc_reassign_dialog_get_n_items (McReassignDialog *self)
{
  g_return_val_if_fail (MC_IS_REASSIGN_DIALOG (self), 0);
  return self->items->len;
}

gboolean
mc_reassign_dialog_set_department (McReassignDialog *self,
                                   const char       *department_id)
{
  g_return_val_if_fail (MC_IS_REASSIGN_DIALOG (self), FALSE);

  if (department_id == NULL)
    {
      adw_combo_row_set_selected (self->department_row, 0);
      return TRUE;
    }
  for (guint i = 0; i < self->departments->len; i++)
    if (g_strcmp0 (mc_department_get_id (g_ptr_array_index (self->departments, i)), department_id) == 0)
      {
        adw_combo_row_set_selected (self->department_row, i + 1);
        return TRUE;
      }
  return FALSE;
}

gboolean
mc_reassign_dialog_set_assignee (McReassignDialog *self,
                                 const char       *user_id)
{
  g_return_val_if_fail (MC_IS_REASSIGN_DIALOG (self), FALSE);

  if (user_id == NULL)
    {
      adw_combo_row_set_selected (self->assignee_row, 0);
      return TRUE;
    }
  for (guint i = 0; i < self->officers->len; i++)
    if (g_strcmp0 (mc_user_get_id (g_ptr_array_index (self->officers, i)), user_id) == 0)
      {
        adw_combo_row_set_selected (self->assignee_row, i + 1);
        return TRUE;
      }
  return FALSE;
}

void
mc_reassign_dialog_set_reason (McReassignDialog *self,
                               const char       *reason)
{
  g_return_if_fail (MC_IS_REASSIGN_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->reason_row), reason != NULL ? reason : "");
}

const char *
mc_reassign_dialog_get_problem (McReassignDialog *self)
{
  g_return_val_if_fail (MC_IS_REASSIGN_DIALOG (self), NULL);
  return self->problem;
}

gboolean
mc_reassign_dialog_get_finished (McReassignDialog *self)
{
  g_return_val_if_fail (MC_IS_REASSIGN_DIALOG (self), FALSE);
  return self->finished;
}

McReassignResult
mc_reassign_dialog_get_result (McReassignDialog  *self,
                               guint              i,
                               const char       **code,
                               const char       **message)
{
  Item *item;

  g_return_val_if_fail (MC_IS_REASSIGN_DIALOG (self), MC_REASSIGN_RESULT_NONE);
  g_return_val_if_fail (i < self->items->len, MC_REASSIGN_RESULT_NONE);

  item = item_at (self, i);
  if (code != NULL)
    *code = item->code;
  if (message != NULL)
    *message = item->message;
  return item->result;
}
