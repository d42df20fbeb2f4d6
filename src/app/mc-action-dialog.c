/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "mc-action-dialog.h"
#include "mc-department.h"
#include "mc-time.h"
#include "mc-user.h"
#include "mc-workflow.h"

/* The server takes at most this much text in a field. */
#define MAX_TEXT_BYTES 2000

struct _McActionDialog
{
  AdwMessageDialog  parent_instance;

  McAction          action;
  McWorkflowInput   inputs;          /* every input it shows */
  McWorkflowInput   required;
  McWorkflowInput   one_of;
  McDossier        *dossier;         /* owned */
  GPtrArray        *users;           /* owned: McUser */
  GPtrArray        *department_ids;  /* owned: char *, NULL = keep */
  GPtrArray        *assignee_ids;    /* owned: char *, NULL = none */
  char             *problem;         /* owned, nullable */
  char             *error;           /* owned, nullable */

  GtkListBox       *list;
  AdwComboRow      *department_row;  /* nullable */
  AdwComboRow      *assignee_row;    /* nullable */
  AdwEntryRow      *reason_row;      /* nullable */
  AdwEntryRow      *appointment_row; /* nullable */
  AdwEntryRow      *note_row;        /* nullable */
  GtkLabel         *problem_label;
};

G_DEFINE_FINAL_TYPE (McActionDialog, mc_action_dialog, ADW_TYPE_MESSAGE_DIALOG)

gint64
mc_action_dialog_parse_date (const char *text)
{
  int day = 0, month = 0, year = 0, hour = 17, minute = 0;
  char tail = '\0';
  int n;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) moment = NULL;

  if (text == NULL)
    return MC_TIME_NONE;
  n = sscanf (text, " %d/%d/%d %d:%d %c", &day, &month, &year, &hour, &minute, &tail);
  if (!(n == 3 || n == 5) || year < 2000 || year > 2199 || hour < 0 || hour > 23 || minute < 0 || minute > 59)
    return MC_TIME_NONE;
  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return MC_TIME_NONE;
  zone = g_time_zone_new_offset (MC_TIME_PROVINCE_OFFSET);
  moment = g_date_time_new (zone, year, month, day, hour, minute, 0);
  return moment != NULL ? g_date_time_to_unix (moment) : MC_TIME_NONE;
}

static const char *
selected_id (AdwComboRow *row,
             GPtrArray   *ids)
{
  guint index;

  if (row == NULL)
    return NULL;
  index = adw_combo_row_get_selected (row);
  return index < ids->len ? g_ptr_array_index (ids, index) : NULL;
}

static char *
entry_text (AdwEntryRow *row)
{
  g_autofree char *text = NULL;

  if (row == NULL)
    return NULL;
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

/* The department that will hold the dossier after the action. */
static const char *
target_department (McActionDialog *self)
{
  const char *chosen = selected_id (self->department_row, self->department_ids);

  return chosen != NULL ? chosen : mc_dossier_get_department_id (self->dossier);
}

/* Officers who can process it in the target department: specialists and
 * leaders, active, not the one already assigned. */
static void
fill_assignees (McActionDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const char *department = target_department (self);
  const char *current = mc_dossier_get_assignee_id (self->dossier);
  const char *was = NULL;
  g_autofree char *keep = NULL;
  guint select = 0;

  if (self->assignee_row == NULL)
    return;
  was = selected_id (self->assignee_row, self->assignee_ids);
  keep = g_strdup (was);
  g_ptr_array_set_size (self->assignee_ids, 0);
  if ((self->one_of & MC_WORKFLOW_INPUT_ASSIGNEE) != 0)
    {
      /* Reassigning to a department only: its leader assigns later. */
      g_ptr_array_add (self->assignee_ids, NULL);
      gtk_string_list_append (names, _("Nobody yet (the department’s leader assigns)"));
    }
  for (guint i = 0; i < self->users->len; i++)
    {
      McUser *user = g_ptr_array_index (self->users, i);
      McRole role = mc_user_get_role (user);
      g_autofree char *label = NULL;

      if (mc_user_get_disabled (user) || (role != MC_ROLE_SPECIALIST && role != MC_ROLE_LEADER) ||
          g_strcmp0 (mc_user_get_department_id (user), department) != 0 ||
          g_strcmp0 (mc_user_get_id (user), current) == 0)
        continue;
      /* Translators: an officer in a list: "Lê Văn An — Specialist". */
      label = g_strdup_printf (_("%s — %s"), mc_user_get_full_name (user), mc_role_get_label (role));
      if (g_strcmp0 (mc_user_get_id (user), keep) == 0)
        select = self->assignee_ids->len;
      g_ptr_array_add (self->assignee_ids, g_strdup (mc_user_get_id (user)));
      gtk_string_list_append (names, label);
    }
  adw_combo_row_set_model (self->assignee_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->assignee_row, self->assignee_ids->len > 0 ? select : GTK_INVALID_LIST_POSITION);
}

static void
set_problem (McActionDialog *self,
             const char     *problem)
{
  const char *shown = problem != NULL ? problem : self->error;

  g_free (self->problem);
  self->problem = g_strdup (problem);
  gtk_label_set_label (self->problem_label, shown != NULL ? shown : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), shown != NULL);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "apply", problem == NULL);
}

static void
validate (McActionDialog *self)
{
  g_autofree char *reason = entry_text (self->reason_row);
  g_autofree char *note = entry_text (self->note_row);
  g_autofree char *appointment = entry_text (self->appointment_row);
  const char *department = selected_id (self->department_row, self->department_ids);
  const char *assignee = selected_id (self->assignee_row, self->assignee_ids);

  if ((self->required & MC_WORKFLOW_INPUT_DEPARTMENT) != 0 && department == NULL)
    {
      set_problem (self, self->department_ids->len == 0
                         ? _("There is no other department to send it to.")
                         : _("Choose the department that will process the dossier."));
      return;
    }
  if ((self->required & MC_WORKFLOW_INPUT_ASSIGNEE) != 0 && assignee == NULL)
    {
      set_problem (self, self->assignee_ids->len == 0
                         ? _("No other officer of this department can process dossiers.")
                         : _("Choose the officer who will process the dossier."));
      return;
    }
  if (self->one_of != 0 && department == NULL && assignee == NULL)
    {
      set_problem (self, _("Choose another officer, another department, or both."));
      return;
    }
  if ((self->required & MC_WORKFLOW_INPUT_REASON) != 0 && reason == NULL)
    {
      set_problem (self, _("Write the reason: it is printed on the forms and kept in the history."));
      return;
    }
  if ((reason != NULL && strlen (reason) > MAX_TEXT_BYTES) || (note != NULL && strlen (note) > MAX_TEXT_BYTES))
    {
      set_problem (self, _("The text is too long: shorten it to about 2,000 characters."));
      return;
    }
  if ((self->required & MC_WORKFLOW_INPUT_APPOINTMENT) != 0)
    {
      gint64 at = mc_action_dialog_parse_date (appointment);
      gint64 due = mc_dossier_get_due_at (self->dossier);

      if (appointment == NULL)
        {
          set_problem (self, _("Enter the new appointment as dd/mm/yyyy hh:mm, for example 25/12/2026 16:00."));
          return;
        }
      if (at == MC_TIME_NONE)
        {
          set_problem (self, _("That is not a date: write it as dd/mm/yyyy hh:mm, for example 25/12/2026 16:00."));
          return;
        }
      if (due != MC_TIME_NONE && at <= due)
        {
          g_autofree char *due_text = mc_time_format_display (due);
          g_autofree char *message = g_strdup_printf (_("The new appointment must be later than the current due "
                                                        "date, %s."), due_text);
          set_problem (self, message);
          return;
        }
      if (at <= mc_time_now ())
        {
          set_problem (self, _("The new appointment is in the past."));
          return;
        }
    }
  set_problem (self, NULL);
}

static void
changed_cb (McActionDialog *self)
{
  g_clear_pointer (&self->error, g_free);
  validate (self);
}

static void
department_changed_cb (McActionDialog *self)
{
  fill_assignees (self);
  changed_cb (self);
}

static AdwEntryRow *
add_entry (McActionDialog *self,
           const char     *title)
{
  AdwEntryRow *row = ADW_ENTRY_ROW (adw_entry_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (changed_cb), self);
  gtk_list_box_append (self->list, GTK_WIDGET (row));
  return row;
}

static void
build_departments (McActionDialog *self,
                   McProcedure    *procedure,
                   GPtrArray      *departments)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const char *current = mc_dossier_get_department_id (self->dossier);
  const char *deciding = procedure != NULL ? mc_procedure_get_department_id (procedure) : NULL;
  guint select = GTK_INVALID_LIST_POSITION;

  self->department_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->department_row), _("Department"));
  if ((self->required & MC_WORKFLOW_INPUT_DEPARTMENT) == 0)
    {
      g_ptr_array_add (self->department_ids, NULL);
      gtk_string_list_append (names, _("Keep the current department"));
      select = 0;
    }
  /* The department that decides the procedure first: where a transfer
   * nearly always goes. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < departments->len; i++)
      {
        McDepartment *department = g_ptr_array_index (departments, i);
        const char *id = mc_department_get_id (department);
        gboolean is_deciding = g_strcmp0 (id, deciding) == 0;

        if (g_strcmp0 (id, current) == 0 || (pass == 0) != is_deciding)
          continue;
        if (is_deciding && select == GTK_INVALID_LIST_POSITION)
          select = self->department_ids->len;
        g_ptr_array_add (self->department_ids, g_strdup (id));
        gtk_string_list_append (names, mc_department_get_name (department));
      }
  adw_combo_row_set_model (self->department_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->department_row, select);
  g_signal_connect_swapped (self->department_row, "notify::selected", G_CALLBACK (department_changed_cb), self);
  gtk_list_box_append (self->list, GTK_WIDGET (self->department_row));
}

static void
mc_action_dialog_dispose (GObject *object)
{
  McActionDialog *self = MC_ACTION_DIALOG (object);

  g_clear_object (&self->dossier);

  G_OBJECT_CLASS (mc_action_dialog_parent_class)->dispose (object);
}

static void
mc_action_dialog_finalize (GObject *object)
{
  McActionDialog *self = MC_ACTION_DIALOG (object);

  g_clear_pointer (&self->users, g_ptr_array_unref);
  g_clear_pointer (&self->department_ids, g_ptr_array_unref);
  g_clear_pointer (&self->assignee_ids, g_ptr_array_unref);
  g_clear_pointer (&self->problem, g_free);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (mc_action_dialog_parent_class)->finalize (object);
}

static void
mc_action_dialog_class_init (McActionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_action_dialog_dispose;
  object_class->finalize = mc_action_dialog_finalize;
}

static void
mc_action_dialog_init (McActionDialog *self)
{
  self->department_ids = g_ptr_array_new_with_free_func (g_free);
  self->assignee_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_window_set_hide_on_close (GTK_WINDOW (self), TRUE);
}

McActionDialog *
mc_action_dialog_new (McAction     action,
                      McDossier   *dossier,
                      McProcedure *procedure,
                      GPtrArray   *departments,
                      GPtrArray   *users)
{
  const McWorkflowActionInfo *info = mc_workflow_action_get_info (action);
  McActionDialog *self;
  GtkWidget *box;
  const char *code;
  g_autofree char *body = NULL;

  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (MC_IS_DOSSIER (dossier), NULL);
  g_return_val_if_fail (departments != NULL && users != NULL, NULL);

  code = mc_dossier_get_code (dossier);
  /* Translators: the question of an action's dialog, with the dossier's code. */
  body = g_strdup_printf (_("Dossier %s"), code != NULL ? code : mc_dossier_get_id (dossier));
  self = g_object_new (MC_TYPE_ACTION_DIALOG,
                       "heading", mc_workflow_action_get_label (action),
                       "body", body,
                       NULL);
  self->action = action;
  self->dossier = g_object_ref (dossier);
  self->users = g_ptr_array_ref (users);
  self->required = info->required_inputs;
  self->one_of = info->one_of_inputs;
  self->inputs = info->required_inputs | info->one_of_inputs | info->optional_inputs;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->list));
  self->problem_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->problem_label, TRUE);
  gtk_label_set_xalign (self->problem_label, 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->problem_label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("What is missing"), -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->problem_label));

  if ((self->inputs & MC_WORKFLOW_INPUT_DEPARTMENT) != 0)
    build_departments (self, procedure, departments);
  if ((self->inputs & MC_WORKFLOW_INPUT_ASSIGNEE) != 0)
    {
      self->assignee_row = ADW_COMBO_ROW (adw_combo_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->assignee_row), _("Officer"));
      gtk_list_box_append (self->list, GTK_WIDGET (self->assignee_row));
      fill_assignees (self);
      g_signal_connect_swapped (self->assignee_row, "notify::selected", G_CALLBACK (changed_cb), self);
    }
  if ((self->inputs & MC_WORKFLOW_INPUT_REASON) != 0)
    self->reason_row = add_entry (self, (self->required & MC_WORKFLOW_INPUT_REASON) != 0
                                        ? _("Reason") : _("Reason (optional)"));
  if ((self->inputs & MC_WORKFLOW_INPUT_APPOINTMENT) != 0)
    self->appointment_row = add_entry (self, _("New appointment (dd/mm/yyyy hh:mm)"));
  if ((self->inputs & MC_WORKFLOW_INPUT_NOTE) != 0)
    self->note_row = add_entry (self, _("Note (optional)"));
  if (gtk_widget_get_first_child (GTK_WIDGET (self->list)) == NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->list), FALSE);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (self), "cancel", _("_Cancel"));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (self), "apply", mc_workflow_action_get_label (action));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "apply", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "apply");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");
  validate (self);
  return self;
}

McAction
mc_action_dialog_get_action (McActionDialog *self)
{
  g_return_val_if_fail (MC_IS_ACTION_DIALOG (self), MC_ACTION_REGISTER);
  return self->action;
}

const char *
mc_action_dialog_get_problem (McActionDialog *self)
{
  g_return_val_if_fail (MC_IS_ACTION_DIALOG (self), NULL);
  return self->problem;
}

JsonNode *
mc_action_dialog_build (McActionDialog *self)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *note = NULL;
  const char *department, *assignee;

  g_return_val_if_fail (MC_IS_ACTION_DIALOG (self), NULL);

  validate (self);
  if (self->problem != NULL)
    return NULL;
  reason = entry_text (self->reason_row);
  note = entry_text (self->note_row);
  department = selected_id (self->department_row, self->department_ids);
  assignee = selected_id (self->assignee_row, self->assignee_ids);

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, mc_action_to_string (self->action));
  if (department != NULL)
    {
      json_builder_set_member_name (builder, "department_id");
      json_builder_add_string_value (builder, department);
    }
  if (assignee != NULL)
    {
      json_builder_set_member_name (builder, "assignee_id");
      json_builder_add_string_value (builder, assignee);
    }
  if (reason != NULL)
    {
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, reason);
    }
  if (self->appointment_row != NULL)
    {
      g_autofree char *text = entry_text (self->appointment_row);
      g_autofree char *iso = mc_time_format_iso8601 (mc_action_dialog_parse_date (text));

      json_builder_set_member_name (builder, "appointment_at");
      json_builder_add_string_value (builder, iso);
    }
  if (note != NULL)
    {
      json_builder_set_member_name (builder, "note");
      json_builder_add_string_value (builder, note);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
select_in (AdwComboRow *row,
           GPtrArray   *ids,
           const char  *id)
{
  if (row == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (ids, i), id) == 0)
      {
        adw_combo_row_set_selected (row, i);
        return TRUE;
      }
  return FALSE;
}

gboolean
mc_action_dialog_select_department (McActionDialog *self,
                                    const char     *department_id)
{
  g_return_val_if_fail (MC_IS_ACTION_DIALOG (self), FALSE);
  return select_in (self->department_row, self->department_ids, department_id);
}

gboolean
mc_action_dialog_select_assignee (McActionDialog *self,
                                  const char     *assignee_id)
{
  g_return_val_if_fail (MC_IS_ACTION_DIALOG (self), FALSE);
  return select_in (self->assignee_row, self->assignee_ids, assignee_id);
}

static void
set_entry (AdwEntryRow *row,
           const char  *text)
{
  if (row != NULL)
    gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

void
mc_action_dialog_set_reason (McActionDialog *self,
                             const char     *reason)
{
  g_return_if_fail (MC_IS_ACTION_DIALOG (self));
  set_entry (self->reason_row, reason);
}

void
mc_action_dialog_set_note (McActionDialog *self,
                           const char     *note)
{
  g_return_if_fail (MC_IS_ACTION_DIALOG (self));
  set_entry (self->note_row, note);
}

void
mc_action_dialog_set_appointment (McActionDialog *self,
                                  const char     *text)
{
  g_return_if_fail (MC_IS_ACTION_DIALOG (self));
  set_entry (self->appointment_row, text);
}

void
mc_action_dialog_set_values (McActionDialog *self,
                             JsonObject     *values)
{
  const char *appointment;

  g_return_if_fail (MC_IS_ACTION_DIALOG (self));
  g_return_if_fail (values != NULL);

  /* The department first: it decides which officers are offered. */
  mc_action_dialog_select_department (self, json_object_get_string_member_with_default (values, "department_id", NULL));
  mc_action_dialog_select_assignee (self, json_object_get_string_member_with_default (values, "assignee_id", NULL));
  mc_action_dialog_set_reason (self, json_object_get_string_member_with_default (values, "reason", NULL));
  mc_action_dialog_set_note (self, json_object_get_string_member_with_default (values, "note", NULL));
  appointment = json_object_get_string_member_with_default (values, "appointment_at", NULL);
  if (appointment != NULL)
    {
      gint64 at = MC_TIME_NONE;

      if (mc_time_parse_iso8601 (appointment, &at, NULL))
        {
          g_autofree char *text = mc_time_format_display (at);
          mc_action_dialog_set_appointment (self, text);
        }
    }
  validate (self);
}

void
mc_action_dialog_set_error (McActionDialog *self,
                            const char     *message)
{
  g_return_if_fail (MC_IS_ACTION_DIALOG (self));

  g_free (self->error);
  self->error = g_strdup (message);
  validate (self);
}
