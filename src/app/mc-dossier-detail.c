/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mc-application.h"
#include "mc-deadline.h"
#include "mc-department.h"
#include "mc-dossier-detail-private.h"
#include "mc-dossier-view.h"
#include "mc-outbox.h"
#include "mc-time.h"
#include "mc-upload-row.h"
#include "mc-user.h"
#include "mc-workflow.h"

G_DEFINE_FINAL_TYPE (McDossierDetail, mc_dossier_detail, GTK_TYPE_WIDGET)

enum {
  SIGNAL_BACK_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Every action's shortcut: Ctrl+Shift and a letter that recalls it. */
static const struct {
  McAction    action;
  const char *accel;
} action_accels[] = {
  { MC_ACTION_ACCEPT, "<Control><Shift>a" },
  { MC_ACTION_REFUSE, "<Control><Shift>f" },
  { MC_ACTION_TRANSFER, "<Control><Shift>t" },
  { MC_ACTION_RECALL, "<Control><Shift>l" },
  { MC_ACTION_ASSIGN, "<Control><Shift>g" },
  { MC_ACTION_REASSIGN, "<Control><Shift>r" },
  { MC_ACTION_REQUEST_SUPPLEMENT, "<Control><Shift>s" },
  { MC_ACTION_SUPPLEMENT_RECEIVED, "<Control><Shift>u" },
  { MC_ACTION_REQUEST_PAYMENT, "<Control><Shift>p" },
  { MC_ACTION_PAYMENT_RECEIVED, "<Control><Shift>m" },
  { MC_ACTION_SUBMIT_FOR_APPROVAL, "<Control><Shift>b" },
  { MC_ACTION_SEND_BACK, "<Control><Shift>k" },
  { MC_ACTION_APPROVE, "<Control><Shift>o" },
  { MC_ACTION_REFUSE_RESULT, "<Control><Shift>e" },
  { MC_ACTION_STOP, "<Control><Shift>h" },
  { MC_ACTION_WITHDRAW, "<Control><Shift>w" },
  { MC_ACTION_APOLOGISE_AND_RESCHEDULE, "<Control><Shift>d" },
  { MC_ACTION_RETURN_RESULT, "<Control><Shift>n" },
};

const char *
mc_dossier_detail_get_action_accel (McAction action)
{
  for (guint i = 0; i < G_N_ELEMENTS (action_accels); i++)
    if (action_accels[i].action == action)
      return action_accels[i].accel;
  return NULL;
}

char *
mc_dossier_detail_mask_id_number (const char *id_number)
{
  GString *masked;
  glong len;

  if (id_number == NULL)
    return NULL;
  len = g_utf8_strlen (id_number, -1);
  masked = g_string_new (NULL);
  for (glong i = 0; i < len; i++)
    {
      const char *c = g_utf8_offset_to_pointer (id_number, i);
      gboolean keep = len >= 8 ? (i < 4 || i >= len - 3) : i >= len - 2;

      if (keep)
        g_string_append_len (masked, c, g_utf8_next_char (c) - c);
      else
        g_string_append (masked, "•");
    }
  return g_string_free (masked, FALSE);
}

char *
mc_dossier_detail_format_amount (gint64 amount)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, amount < 0 ? -amount : amount);
  GString *out = g_string_new (amount < 0 ? "-" : "");
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, '.');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

/* Catalogues */

static void
load_catalogues (McDossierDetail *self)
{
  g_autoptr(GError) error = NULL;

  g_hash_table_remove_all (self->users);
  g_hash_table_remove_all (self->departments);
  g_hash_table_remove_all (self->procedures);
  g_ptr_array_set_size (self->user_list, 0);
  g_ptr_array_set_size (self->department_list, 0);
  if (self->cache == NULL)
    return;

  {
    g_autoptr(GPtrArray) users = mc_cache_list_users (self->cache, &error);
    g_autoptr(GPtrArray) departments = users != NULL ? mc_cache_list_departments (self->cache, &error) : NULL;
    g_autoptr(GPtrArray) procedures = departments != NULL ? mc_cache_list_procedures (self->cache, &error) : NULL;

    if (procedures == NULL)
      {
        g_warning ("Could not read the cached catalogues: %s", error->message);
        return;
      }
    for (guint i = 0; i < users->len; i++)
      {
        McUser *user = g_ptr_array_index (users, i);
        g_hash_table_insert (self->users, g_strdup (mc_user_get_id (user)), g_object_ref (user));
        g_ptr_array_add (self->user_list, g_object_ref (user));
      }
    for (guint i = 0; i < departments->len; i++)
      {
        McDepartment *department = g_ptr_array_index (departments, i);
        g_hash_table_insert (self->departments, g_strdup (mc_department_get_id (department)),
                             g_object_ref (department));
        g_ptr_array_add (self->department_list, g_object_ref (department));
      }
    for (guint i = 0; i < procedures->len; i++)
      {
        McProcedure *procedure = g_ptr_array_index (procedures, i);
        g_hash_table_insert (self->procedures, g_strdup (mc_procedure_get_id (procedure)),
                             g_object_ref (procedure));
      }
  }
}

static void
load_calendar (McDossierDetail *self)
{
  g_autoptr(GError) error = NULL;
  McCalendar *calendar = NULL;

  if (self->cache != NULL)
    {
      calendar = mc_cache_load_calendar (self->cache, &error);
      if (calendar == NULL)
        g_warning ("Could not read the cached working calendar: %s", error->message);
    }
  g_clear_object (&self->calendar);
  self->calendar = calendar != NULL ? calendar : mc_calendar_new ();
}

McUser *
_mc_dossier_detail_get_actor (McDossierDetail *self)
{
  return self->sync != NULL ? mc_client_get_user (mc_sync_get_client (self->sync)) : NULL;
}

static const char *
department_name (McDossierDetail *self,
                 const char      *id)
{
  McDepartment *department = id != NULL ? g_hash_table_lookup (self->departments, id) : NULL;

  return department != NULL ? mc_department_get_name (department) : id;
}

/* Rows added to a group or expander, so that they can be taken out. */

void
_mc_dossier_detail_clear_group_rows (AdwPreferencesGroup *group,
                                     GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

GtkWidget *
_mc_dossier_detail_add_group_row (AdwPreferencesGroup *group,
                                  GPtrArray           *rows,
                                  const char          *icon_name,
                                  const char          *title,
                                  const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  if (icon_name != NULL)
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon_name));
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
  return row;
}

static void
set_subtitle (AdwActionRow *row,
              const char   *text)
{
  adw_action_row_set_subtitle (row, text != NULL && *text != '\0' ? text : "—");
}

/* Header and status */

static const char *
status_icon_name (McDossier *dossier)
{
  switch (mc_dossier_get_status (dossier))
    {
    case MC_STATUS_SUBMITTED:
      return "mail-unread-symbolic";
    case MC_STATUS_RECEIVED:
      return "document-new-symbolic";
    case MC_STATUS_IN_PROGRESS:
      return mc_dossier_get_substate (dossier) == MC_SUBSTATE_AWAITING_APPROVAL
             ? "document-edit-symbolic" : "emblem-system-symbolic";
    case MC_STATUS_AWAITING_SUPPLEMENT:
      return "mail-attachment-symbolic";
    case MC_STATUS_AWAITING_PAYMENT:
      return "alarm-symbolic";
    case MC_STATUS_RESULT_READY:
    case MC_STATUS_RETURNED:
      return "emblem-ok-symbolic";
    case MC_STATUS_NOT_ACCEPTED:
    case MC_STATUS_WITHDRAWN:
    case MC_STATUS_STOPPED:
    default:
      return "action-unavailable-symbolic";
    }
}

static void
show_header (McDossierDetail *self)
{
  McDossier *d = self->dossier;
  const char *code = mc_dossier_get_code (d);
  g_autofree char *status = NULL;

  gtk_label_set_label (self->code_label, code != NULL ? code : _("(not yet received)"));
  if (mc_dossier_get_status (d) == MC_STATUS_IN_PROGRESS &&
      mc_dossier_get_substate (d) == MC_SUBSTATE_AWAITING_APPROVAL)
    /* Translators: a status with its sub-state: "In progress, awaiting approval". */
    status = g_strdup_printf (_("%s, awaiting approval"), mc_status_get_label (MC_STATUS_IN_PROGRESS));
  else if (mc_dossier_get_result (d) == MC_RESULT_REFUSED && mc_status_is_final (mc_dossier_get_status (d)) == FALSE)
    status = g_strdup_printf (_("%s (refusal)"), mc_status_get_label (mc_dossier_get_status (d)));
  else
    status = g_strdup (mc_status_get_label (mc_dossier_get_status (d)));
  gtk_label_set_label (self->status_label, status);
  gtk_image_set_from_icon_name (self->status_icon, status_icon_name (d));
}

/* Applicant */

static void
show_id_number (McDossierDetail *self)
{
  const McApplicant *applicant = mc_dossier_get_applicant (self->dossier);
  const char *number = applicant != NULL ? applicant->id_number : NULL;

  if (number == NULL || *number == '\0')
    {
      set_subtitle (self->id_number_row, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->reveal_button), FALSE);
      return;
    }
  if (self->revealed)
    adw_action_row_set_subtitle (self->id_number_row, number);
  else
    {
      g_autofree char *masked = mc_dossier_detail_mask_id_number (number);
      adw_action_row_set_subtitle (self->id_number_row, masked);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->reveal_button), !self->revealed);
}

static void
show_applicant (McDossierDetail *self)
{
  const McApplicant *a = mc_dossier_get_applicant (self->dossier);
  g_autoptr(GString) contact = g_string_new (NULL);

  set_subtitle (self->applicant_row, a != NULL ? a->name : NULL);
  show_id_number (self);
  if (a != NULL && a->phone != NULL)
    g_string_append (contact, a->phone);
  if (a != NULL && a->email != NULL)
    g_string_append_printf (contact, "%s%s", contact->len > 0 ? " · " : "", a->email);
  if (a != NULL && a->tax_code != NULL)
    g_string_append_printf (contact, "%s%s", contact->len > 0 ? " · " : "", a->tax_code);
  set_subtitle (self->contact_row, contact->str);
  set_subtitle (self->address_row, a != NULL ? a->address : NULL);
}

/* Procedure */

McProcedure *
_mc_dossier_detail_get_procedure (McDossierDetail *self)
{
  const char *id = mc_dossier_get_procedure_id (self->dossier);

  return id != NULL ? g_hash_table_lookup (self->procedures, id) : NULL;
}

static void
show_procedure (McDossierDetail *self)
{
  McProcedure *p = _mc_dossier_detail_get_procedure (self);
  McDossier *d = self->dossier;
  const char *assignee_id = mc_dossier_get_assignee_id (d);
  McUser *assignee = assignee_id != NULL ? g_hash_table_lookup (self->users, assignee_id) : NULL;
  g_autofree char *holder = NULL;

  if (p == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->procedure_row), mc_dossier_get_procedure_id (d));
      adw_action_row_set_subtitle (self->procedure_row, _("Not in the cached catalogue"));
      set_subtitle (self->limit_row, NULL);
      set_subtitle (self->fee_row, NULL);
    }
  else
    {
      int amount;
      McLimitUnit unit;
      g_autofree char *limit = NULL;
      g_autofree char *fee = NULL;
      g_autofree char *code = NULL;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->procedure_row), mc_procedure_get_name (p));
      /* Translators: a procedure's national code and its field, "1.001612 · Hộ tịch". */
      code = g_strdup_printf (_("%s · %s"), mc_procedure_get_code (p), mc_procedure_get_field (p));
      adw_action_row_set_subtitle (self->procedure_row, code);
      mc_procedure_get_limit_for (p, mc_dossier_get_channel (d), &amount, &unit);
      limit = mc_time_limit_to_string (amount, unit);
      adw_action_row_set_subtitle (self->limit_row, limit);
      if (mc_procedure_get_fee (p) > 0)
        {
          g_autofree char *number = mc_dossier_detail_format_amount (mc_procedure_get_fee (p));
          /* Translators: an amount of money in Vietnamese đồng, "200.000 đồng". */
          fee = g_strdup_printf (_("%s đồng"), number);
        }
      adw_action_row_set_subtitle (self->fee_row, fee != NULL ? fee : _("Free of charge"));
    }

  if (assignee != NULL)
    /* Translators: who holds a dossier: the department, then the officer. */
    holder = g_strdup_printf (_("%s — %s"), department_name (self, mc_dossier_get_department_id (d)),
                              mc_user_get_full_name (assignee));
  else
    holder = g_strdup (department_name (self, mc_dossier_get_department_id (d)));
  set_subtitle (self->holder_row, holder);
}

/* Deadline */

static void
clear_steps (McDossierDetail *self)
{
  for (guint i = 0; i < self->step_rows->len; i++)
    adw_expander_row_remove (self->explanation_row, g_ptr_array_index (self->step_rows, i));
  g_ptr_array_set_size (self->step_rows, 0);
  self->n_steps = 0;
}

static void
show_explanation (McDossierDetail *self,
                  McProcedure     *p)
{
  McDossier *d = self->dossier;
  g_autoptr(GArray) pauses = g_array_new (FALSE, FALSE, sizeof (McPause));
  g_autoptr(GPtrArray) steps = NULL;
  g_autoptr(GError) error = NULL;
  McDueRequest request = { 0 };
  gint64 due = MC_TIME_NONE;

  clear_steps (self);
  if (p == NULL || mc_dossier_get_received_at (d) == MC_TIME_NONE)
    {
      adw_expander_row_set_subtitle (self->explanation_row, _("Nothing to count yet: the dossier has not been received."));
      gtk_widget_set_sensitive (GTK_WIDGET (self->explanation_row), FALSE);
      return;
    }
  for (guint i = 0; i < mc_dossier_get_n_pauses (d); i++)
    g_array_append_val (pauses, *mc_dossier_get_pause (d, i));
  request.received_at = mc_dossier_get_received_at (d);
  mc_procedure_get_limit_for (p, mc_dossier_get_channel (d), &request.amount, &request.unit);
  request.rule = mc_procedure_get_supplement_rule (p);
  request.pauses = (const McPause *) (gpointer) pauses->data;
  request.n_pauses = pauses->len;
  if (!mc_deadline_compute (self->calendar, &request, &due, &steps, &error))
    {
      adw_expander_row_set_subtitle (self->explanation_row, error->message);
      gtk_widget_set_sensitive (GTK_WIDGET (self->explanation_row), FALSE);
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->explanation_row), TRUE);
  adw_expander_row_set_subtitle (self->explanation_row,
                                 request.rule == MC_SUPPLEMENT_PAUSE
                                 ? _("From the working calendar; waiting for a supplement pauses the clock.")
                                 : _("From the working calendar; a supplement restarts the count."));
  for (guint i = 0; i < steps->len; i++)
    {
      McDueStep *step = g_ptr_array_index (steps, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), step->text);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_expander_row_add_row (self->explanation_row, row);
      g_ptr_array_add (self->step_rows, row);
      self->n_steps++;
    }
}

static void
show_deadline (McDossierDetail *self)
{
  McDossier *d = self->dossier;
  McStatus status = mc_dossier_get_status (d);
  gint64 received = mc_dossier_get_received_at (d);
  gint64 due = mc_dossier_get_due_at (d);
  gint64 appointment = mc_dossier_get_appointment_at (d);
  gint64 now = mc_time_now ();
  g_autofree char *received_text = received != MC_TIME_NONE ? mc_time_format_display (received) : NULL;
  g_autofree char *due_text = due != MC_TIME_NONE ? mc_time_format_display (due) : NULL;
  g_autofree char *bar_text = NULL;
  const char *icon_name = NULL;
  double fraction = 0;

  set_subtitle (self->received_row, received_text);
  set_subtitle (self->due_row, due_text);

  if (due != MC_TIME_NONE && received != MC_TIME_NONE)
    {
      gint64 end = now;
      gint64 total = mc_deadline_working_seconds_between (self->calendar, received, due);
      gint64 used;

      if (mc_status_is_final (status))
        end = mc_dossier_get_completed_at (d) != MC_TIME_NONE ? mc_dossier_get_completed_at (d)
              : mc_dossier_get_returned_at (d) != MC_TIME_NONE ? mc_dossier_get_returned_at (d)
              : mc_dossier_get_updated_at (d);
      used = end != MC_TIME_NONE ? mc_deadline_working_seconds_between (self->calendar, received, end) : 0;
      fraction = total > 0 ? CLAMP ((double) used / (double) total, 0.0, 1.0) : 1.0;
    }
  if (mc_status_is_final (status) || mc_dossier_get_completed_at (d) != MC_TIME_NONE)
    {
      switch (mc_dossier_get_timeliness (d))
        {
        case MC_TIMELINESS_EARLY:
          bar_text = g_strdup (_("Finished early"));
          icon_name = "emblem-ok-symbolic";
          break;
        case MC_TIMELINESS_ON_TIME:
          bar_text = g_strdup (_("Finished on time"));
          icon_name = "emblem-ok-symbolic";
          break;
        case MC_TIMELINESS_LATE:
          bar_text = g_strdup (_("Finished late"));
          icon_name = "dialog-warning-symbolic";
          break;
        case MC_TIMELINESS_NONE:
        default:
          bar_text = g_strdup (_("Closed"));
          break;
        }
    }
  else
    bar_text = mc_dossier_view_describe_time_left (self->calendar, status, due, now, &icon_name);
  if (bar_text == NULL || *bar_text == '\0')
    {
      g_free (bar_text);
      bar_text = g_strdup (_("No due date"));
    }
  gtk_progress_bar_set_fraction (self->due_bar, fraction);
  gtk_progress_bar_set_text (self->due_bar, bar_text);
  gtk_image_set_from_icon_name (self->due_icon, icon_name);
  gtk_widget_set_visible (GTK_WIDGET (self->due_icon), icon_name != NULL);
  /* Colour only repeats the words and the icon. */
  if (icon_name != NULL && g_str_equal (icon_name, "dialog-warning-symbolic"))
    gtk_widget_add_css_class (GTK_WIDGET (self->due_bar), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->due_bar), "error");
  if (icon_name != NULL && g_str_equal (icon_name, "alarm-symbolic"))
    gtk_widget_add_css_class (GTK_WIDGET (self->due_bar), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->due_bar), "warning");

  gtk_widget_set_visible (GTK_WIDGET (self->appointment_row), appointment != MC_TIME_NONE);
  if (appointment != MC_TIME_NONE)
    {
      g_autofree char *text = mc_time_format_display (appointment);
      adw_action_row_set_subtitle (self->appointment_row, text);
    }

  /* Supplement waits. */
  _mc_dossier_detail_clear_group_rows (self->deadline_group, self->deadline_rows);
  for (guint i = 0; i < mc_dossier_get_n_pauses (d); i++)
    {
      const McPause *pause = mc_dossier_get_pause (d, i);
      g_autofree char *from = mc_time_format_display (pause->started_at);
      g_autofree char *until = pause->ended_at != MC_TIME_NONE ? mc_time_format_display (pause->ended_at) : NULL;
      g_autofree char *text = until != NULL
        /* Translators: a wait for a supplement, "from 01/03/2026 09:00 to 05/03/2026 10:00". */
        ? g_strdup_printf (_("From %s to %s"), from, until)
        : g_strdup_printf (_("Since %s, still waiting"), from);

      _mc_dossier_detail_add_group_row (self->deadline_group, self->deadline_rows, "mail-attachment-symbolic",
                     _("Waiting for a Supplement"), text);
    }

  show_explanation (self, _mc_dossier_detail_get_procedure (self));
}

/* Actions not yet applied */

static const char *
entry_action_label (McOutboxEntry *entry)
{
  McAction action;

  if (entry->action != NULL && mc_action_from_string (entry->action, &action))
    return mc_workflow_action_get_label (action);
  if (g_strcmp0 (entry->action, MC_OUTBOX_UPLOAD) == 0)
    return _("Add a file");
  return entry->action;
}

static gboolean
has_pending (McDossierDetail *self)
{
  for (guint i = 0; self->entries != NULL && i < self->entries->len; i++)
    if (((McOutboxEntry *) g_ptr_array_index (self->entries, i))->state == MC_OUTBOX_PENDING)
      return TRUE;
  return FALSE;
}

static void show_actions (McDossierDetail *self);
static McActionDialog *open_dialog (McDossierDetail *self, McAction action, JsonObject *values, gint64 replaces);

static void
dismiss_entry (McDossierDetail *self,
               gint64           id)
{
  g_autoptr(GError) error = NULL;

  if (!mc_outbox_dismiss (self->cache, id, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not dismiss the refused action: %s"), error->message);
      mc_dossier_detail_add_toast (self, message);
    }
}

static void
dismiss_clicked_cb (GtkButton       *button,
                    McDossierDetail *self)
{
  dismiss_entry (self, *(gint64 *) g_object_get_data (G_OBJECT (button), "entry-id"));
  _mc_dossier_detail_load_outbox (self);
}

static void
retry_clicked_cb (GtkButton       *button,
                  McDossierDetail *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (button), "entry-id");

  for (guint i = 0; i < self->entries->len; i++)
    {
      McOutboxEntry *entry = g_ptr_array_index (self->entries, i);
      g_autoptr(JsonNode) body = NULL;
      McAction action;

      if (entry->id != id || !mc_action_from_string (entry->action, &action))
        continue;
      /* What was typed comes back into the dialog. */
      body = json_from_string (entry->body, NULL);
      open_dialog (self, action, body != NULL && JSON_NODE_HOLDS_OBJECT (body) ? json_node_get_object (body) : NULL, id);
      return;
    }
}

static GtkWidget *
entry_button (McDossierDetail *self,
              McOutboxEntry   *entry,
              const char      *label,
              GCallback        callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);
  gint64 *id = g_new (gint64, 1);

  *id = entry->id;
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (button), "entry-id", id, g_free);
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

static void
show_outbox (McDossierDetail *self)
{
  _mc_dossier_detail_clear_group_rows (self->outbox_group, self->outbox_rows);
  for (guint i = 0; self->entries != NULL && i < self->entries->len; i++)
    {
      McOutboxEntry *entry = g_ptr_array_index (self->entries, i);
      GtkWidget *row;

      if (_mc_dossier_detail_is_pending_upload (entry))
        /* Shown with the attachments, with its progress. */
        continue;
      if (entry->state == MC_OUTBOX_PENDING)
        {
          const char *subtitle = entry->attempts > 0
                                 ? _("Pending: not confirmed by the server yet, it is sent again")
                                 : _("Pending: waiting to be sent");

          _mc_dossier_detail_add_group_row (self->outbox_group, self->outbox_rows, "emblem-synchronizing-symbolic",
                         entry_action_label (entry), subtitle);
        }
      else if (entry->state == MC_OUTBOX_FAILED)
        {
          g_autofree char *title = g_strdup_printf (_("%s — refused by the server"), entry_action_label (entry));
          g_autofree char *subtitle = g_strdup (entry->message != NULL ? entry->message : _("No explanation was given."));

          row = _mc_dossier_detail_add_group_row (self->outbox_group, self->outbox_rows, "dialog-error-symbolic", title, subtitle);
          /* A refused file is added again, not edited. */
          if (g_strcmp0 (entry->action, MC_OUTBOX_UPLOAD) != 0)
            adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                       entry_button (self, entry, _("_Edit and Retry"), G_CALLBACK (retry_clicked_cb)));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     entry_button (self, entry, _("_Dismiss"), G_CALLBACK (dismiss_clicked_cb)));
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->outbox_group), self->outbox_rows->len > 0);
}

/* Reads the dossier's outbox entries; says in a toast what happened to
 * the ones that were pending here before. */
void
_mc_dossier_detail_load_outbox (McDossierDetail *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) now_pending = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  if (self->cache == NULL || self->id == NULL)
    {
      g_clear_pointer (&self->entries, g_ptr_array_unref);
      return;
    }
  entries = mc_outbox_list_for_dossier (self->cache, self->id, &error);
  if (entries == NULL)
    {
      g_warning ("Could not read the outbox: %s", error->message);
      return;
    }
  for (guint i = 0; i < entries->len; i++)
    {
      McOutboxEntry *entry = g_ptr_array_index (entries, i);

      if (entry->state == MC_OUTBOX_PENDING)
        g_hash_table_add (now_pending, g_memdup2 (&entry->id, sizeof entry->id));
      else if (entry->state == MC_OUTBOX_FAILED && g_hash_table_contains (self->pending_seen, &entry->id))
        {
          g_autofree char *message = g_strdup_printf (_("%s was refused: %s"), entry_action_label (entry),
                                                      entry->message != NULL ? entry->message : "");
          mc_dossier_detail_add_toast (self, message);
        }
    }
  /* Pending before, and neither pending nor refused now: applied. */
  {
    GHashTableIter iter;
    gint64 *id;

    g_hash_table_iter_init (&iter, self->pending_seen);
    while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
      {
        gboolean listed = FALSE;

        McUploadRow *upload = _mc_dossier_detail_find_upload_row (self, *id);

        for (guint i = 0; i < entries->len && !listed; i++)
          listed = ((McOutboxEntry *) g_ptr_array_index (entries, i))->id == *id;
        if (!listed && upload != NULL)
          {
            g_autofree char *message = g_strdup_printf (_("“%s” was added to the dossier."),
                                                        mc_upload_row_get_file_name (upload));
            mc_dossier_detail_add_toast (self, message);
          }
        else if (!listed)
          mc_dossier_detail_add_toast (self, _("The action was applied."));
      }
  }
  g_clear_pointer (&self->pending_seen, g_hash_table_unref);
  self->pending_seen = g_steal_pointer (&now_pending);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  self->entries = g_steal_pointer (&entries);
  show_outbox (self);
  _mc_dossier_detail_show_uploads (self);
  if (self->dossier != NULL)
    {
      show_actions (self);
      /* Pending uploads count in the components checklist. */
      _mc_dossier_detail_show_components (self);
    }
}

/* Actions */

static void
fill_subject (McDossier         *d,
              McWorkflowSubject *subject)
{
  memset (subject, 0, sizeof *subject);
  subject->status = mc_dossier_get_status (d);
  subject->substate = mc_dossier_get_substate (d);
  subject->department_id = mc_dossier_get_department_id (d);
  subject->receiving_department_id = mc_dossier_get_receiving_department_id (d);
  subject->assignee_id = mc_dossier_get_assignee_id (d);
  subject->rescheduled = mc_dossier_get_appointment_at (d) != MC_TIME_NONE;
  subject->resume_status = 0;
  if (subject->status == MC_STATUS_AWAITING_SUPPLEMENT)
    {
      /* Back to where the last request came from, as the server does. */
      for (guint i = mc_dossier_get_n_events (d); i > 0; i--)
        {
          McEvent *event = mc_dossier_get_event (d, i - 1);

          if (mc_event_get_action (event) == MC_ACTION_REQUEST_SUPPLEMENT)
            {
              subject->resume_status = mc_event_get_from_status (event);
              break;
            }
        }
    }
}

static void
fill_actor (McUser          *user,
            McWorkflowActor *actor)
{
  actor->id = mc_user_get_id (user);
  actor->role = mc_user_get_role (user);
  actor->department_id = mc_user_get_department_id (user);
}

guint
mc_dossier_detail_get_actions (McDossierDetail *self,
                               McAction         actions[MC_N_ACTIONS])
{
  McWorkflowSubject subject;
  McWorkflowActor actor;
  McUser *user;

  g_return_val_if_fail (MC_IS_DOSSIER_DETAIL (self), 0);

  user = _mc_dossier_detail_get_actor (self);
  if (self->dossier == NULL || user == NULL || has_pending (self))
    return 0;
  fill_subject (self->dossier, &subject);
  fill_actor (user, &actor);
  return mc_workflow_list_actions (&subject, &actor, actions);
}

static void
action_clicked_cb (GtkButton       *button,
                   McDossierDetail *self)
{
  mc_dossier_detail_take_action (self, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "action")));
}

static void
show_actions (McDossierDetail *self)
{
  McAction actions[MC_N_ACTIONS];
  guint n = mc_dossier_detail_get_actions (self, actions);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->actions_box))) != NULL)
    gtk_flow_box_remove (self->actions_box, child);
  for (guint i = 0; i < n; i++)
    {
      const char *accel = mc_dossier_detail_get_action_accel (actions[i]);
      GtkWidget *button = gtk_button_new_with_label (mc_workflow_action_get_label (actions[i]));

      if (accel != NULL)
        {
          guint key = 0;
          GdkModifierType mods = 0;
          g_autofree char *shortcut = NULL;

          if (gtk_accelerator_parse (accel, &key, &mods))
            shortcut = gtk_accelerator_get_label (key, mods);
          gtk_widget_set_tooltip_text (button, shortcut);
        }
      if (i == 0)
        gtk_widget_add_css_class (button, "suggested-action");
      g_object_set_data (G_OBJECT (button), "action", GINT_TO_POINTER (actions[i]));
      g_signal_connect (button, "clicked", G_CALLBACK (action_clicked_cb), self);
      gtk_flow_box_append (self->actions_box, button);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->actions_box), n > 0);
  if (self->dossier != NULL && has_pending (self))
    {
      gtk_label_set_label (self->actions_note, _("An action on this dossier is waiting to be sent. "
                                                 "Other actions are possible once the server has applied it."));
      gtk_widget_set_visible (GTK_WIDGET (self->actions_note), TRUE);
    }
  else if (self->dossier != NULL && n == 0)
    {
      gtk_label_set_label (self->actions_note, _mc_dossier_detail_get_actor (self) == NULL
                           ? _("Sign in to act on dossiers.")
                           : _("There is nothing you can do with this dossier in its present state."));
      gtk_widget_set_visible (GTK_WIDGET (self->actions_note), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->actions_note), FALSE);
}

typedef struct {
  McDossierDetail *self;      /* owned */
  McActionDialog  *dialog;    /* owned */
  gint64           replaces;  /* a refused entry this takes again, or 0 */
} Enqueue;

static void
enqueued_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Enqueue *e = user_data;
  McDossierDetail *self = e->self;
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  entry = mc_sync_enqueue_finish (MC_SYNC (source), result, &error);
  if (entry == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The action could not be saved, nothing was lost: %s"),
                                                  error->message);

      /* The dialog comes back with everything typed in it. */
      mc_action_dialog_set_error (e->dialog, message);
      if (self->dialog == e->dialog)
        gtk_window_present (GTK_WINDOW (e->dialog));
    }
  else
    {
      if (e->replaces != 0)
        dismiss_entry (self, e->replaces);
      if (self->dialog == e->dialog)
        {
          gtk_window_destroy (GTK_WINDOW (self->dialog));
          g_clear_object (&self->dialog);
        }
      if (g_strcmp0 (entry->dossier_id, self->id) == 0)
        _mc_dossier_detail_load_outbox (self);
    }
  g_object_unref (e->dialog);
  g_object_unref (e->self);
  g_free (e);
}

static void
dialog_response_cb (McActionDialog  *dialog,
                    const char      *response,
                    McDossierDetail *self)
{
  g_autoptr(JsonNode) body = NULL;
  gint64 *replaces;
  Enqueue *e;

  if (!g_str_equal (response, "apply") || self->dossier == NULL || self->sync == NULL)
    {
      if (self->dialog == dialog)
        {
          gtk_window_destroy (GTK_WINDOW (dialog));
          g_clear_object (&self->dialog);
        }
      return;
    }
  body = mc_action_dialog_build (dialog);
  if (body == NULL)
    {
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  e = g_new0 (Enqueue, 1);
  e->self = g_object_ref (self);
  e->dialog = g_object_ref (dialog);
  replaces = g_object_get_data (G_OBJECT (dialog), "replaces");
  e->replaces = replaces != NULL ? *replaces : 0;
  mc_sync_enqueue_async (self->sync, mc_dossier_get_id (self->dossier), mc_dossier_get_version (self->dossier),
                         body, NULL, enqueued_cb, e);
}

static McActionDialog *
open_dialog (McDossierDetail *self,
             McAction         action,
             JsonObject      *values,
             gint64           replaces)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));

  if (self->dialog != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (self->dialog));
      g_clear_object (&self->dialog);
    }
  self->dialog = g_object_ref_sink (mc_action_dialog_new (action, self->dossier, _mc_dossier_detail_get_procedure (self),
                                                          self->department_list, self->user_list));
  if (replaces != 0)
    {
      gint64 *id = g_new (gint64, 1);

      *id = replaces;
      g_object_set_data_full (G_OBJECT (self->dialog), "replaces", id, g_free);
    }
  if (values != NULL)
    mc_action_dialog_set_values (self->dialog, values);
  if (GTK_IS_WINDOW (native))
    gtk_window_set_transient_for (GTK_WINDOW (self->dialog), GTK_WINDOW (native));
  gtk_window_set_modal (GTK_WINDOW (self->dialog), TRUE);
  g_signal_connect (self->dialog, "response", G_CALLBACK (dialog_response_cb), self);
  gtk_window_present (GTK_WINDOW (self->dialog));
  return self->dialog;
}

McActionDialog *
mc_dossier_detail_take_action (McDossierDetail *self,
                               McAction         action)
{
  g_autoptr(GError) error = NULL;
  McWorkflowSubject subject;
  McWorkflowActor actor;
  McUser *user;

  g_return_val_if_fail (MC_IS_DOSSIER_DETAIL (self), NULL);

  user = _mc_dossier_detail_get_actor (self);
  if (self->dossier == NULL || user == NULL || mc_workflow_action_get_info (action) == NULL)
    return NULL;
  if (has_pending (self))
    {
      mc_dossier_detail_add_toast (self, _("Wait until the action waiting to be sent has been applied."));
      return NULL;
    }
  fill_subject (self->dossier, &subject);
  fill_actor (user, &actor);
  if (mc_workflow_check (action, &subject, &actor, &error) != MC_VERDICT_ALLOWED)
    {
      g_autofree char *message = g_strdup_printf (_("%s is not possible: %s"),
                                                  mc_workflow_action_get_label (action), error->message);
      mc_dossier_detail_add_toast (self, message);
      return NULL;
    }
  return open_dialog (self, action, NULL, 0);
}

/* The reveal */

static void
revealed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(McDossierDetail) self = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = g_object_get_data (G_OBJECT (self), "revealing");

  bytes = mc_client_send_finish (MC_CLIENT (source), result, NULL, &error);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reveal_button), TRUE);
  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (_("The number stays hidden: the server must record who "
                                                        "looks at it, and it could not. %s"), error->message);
          mc_dossier_detail_add_toast (self, message);
        }
      return;
    }
  /* The person may have moved on to another dossier meanwhile. */
  if (self->dossier != NULL && g_strcmp0 (id, self->id) == 0)
    {
      self->revealed = TRUE;
      show_id_number (self);
    }
}

static void
reveal_id_cb (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  McDossierDetail *self = MC_DOSSIER_DETAIL (widget);
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) body = NULL;
  static const char json[] = "{\"field\":\"id_number\"}";

  if (self->dossier == NULL || self->sync == NULL || self->revealed)
    return;
  escaped = g_uri_escape_string (self->id, NULL, FALSE);
  path = g_strdup_printf ("/api/v1/dossiers/%s/reveals", escaped);
  body = g_bytes_new_static (json, sizeof json - 1);
  g_object_set_data_full (G_OBJECT (self), "revealing", g_strdup (self->id), g_free);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reveal_button), FALSE);
  mc_client_send_async (mc_sync_get_client (self->sync), "POST", path, body, NULL, self->cancellable,
                        revealed_cb, g_object_ref (self));
}

static void
back_cb (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_BACK_REQUESTED], 0);
}

static void
act_cb (GtkWidget  *widget,
        const char *action_name,
        GVariant   *parameter)
{
  McDossierDetail *self = MC_DOSSIER_DETAIL (widget);
  McAction action;

  /* A shortcut while no dossier is shown does nothing. */
  if (self->dossier == NULL || !mc_action_from_string (g_variant_get_string (parameter, NULL), &action))
    return;
  mc_dossier_detail_take_action (self, action);
}

/* Loading */

static void
show_dossier (McDossierDetail *self)
{
  show_header (self);
  show_applicant (self);
  show_procedure (self);
  show_deadline (self);
  _mc_dossier_detail_show_components (self);
  _mc_dossier_detail_show_attachments (self);
  mc_dossier_history_set_dossier (self->history, self->dossier, self->users, self->departments);
  show_actions (self);
  gtk_stack_set_visible_child_name (self->stack, "dossier");
}

static void
load_dossier (McDossierDetail *self)
{
  g_autoptr(GError) error = NULL;
  McDossier *dossier = NULL;

  if (self->cache != NULL && self->id != NULL)
    {
      dossier = mc_cache_get_dossier (self->cache, self->id, &error);
      if (dossier == NULL && !g_error_matches (error, MC_CACHE_ERROR, MC_CACHE_ERROR_NOT_FOUND))
        g_warning ("Could not read dossier %s from the cache: %s", self->id, error->message);
    }
  g_clear_object (&self->dossier);
  self->dossier = dossier;
  _mc_dossier_detail_load_outbox (self);
  if (self->dossier != NULL)
    show_dossier (self);
  else
    {
      if (self->dialog != NULL)
        {
          gtk_window_destroy (GTK_WINDOW (self->dialog));
          g_clear_object (&self->dialog);
        }
      mc_dossier_history_set_dossier (self->history, NULL, NULL, NULL);
      gtk_stack_set_visible_child_name (self->stack, self->id != NULL ? "gone" : "empty");
    }
}

static void
outbox_changed_cb (McDossierDetail *self)
{
  _mc_dossier_detail_load_outbox (self);
}

/* GObject */

static void
mc_dossier_detail_dispose (GObject *object)
{
  McDossierDetail *self = MC_DOSSIER_DETAIL (object);

  g_cancellable_cancel (self->cancellable);
  if (self->thumbnails != NULL)
    mc_attachment_thumbnails_cancel (self->thumbnails);
  g_clear_object (&self->thumbnails);
  if (self->dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->dialog, self);
      gtk_window_destroy (GTK_WINDOW (self->dialog));
      g_clear_object (&self->dialog);
    }
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_DOSSIER_DETAIL);
  g_clear_object (&self->sync);
  g_clear_object (&self->cache);
  g_clear_object (&self->calendar);
  g_clear_object (&self->dossier);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (mc_dossier_detail_parent_class)->dispose (object);
}

static void
mc_dossier_detail_finalize (GObject *object)
{
  McDossierDetail *self = MC_DOSSIER_DETAIL (object);

  g_clear_pointer (&self->users, g_hash_table_unref);
  g_clear_pointer (&self->departments, g_hash_table_unref);
  g_clear_pointer (&self->procedures, g_hash_table_unref);
  g_clear_pointer (&self->user_list, g_ptr_array_unref);
  g_clear_pointer (&self->department_list, g_ptr_array_unref);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->pending_seen, g_hash_table_unref);
  g_clear_pointer (&self->outbox_rows, g_ptr_array_unref);
  g_clear_pointer (&self->component_rows, g_ptr_array_unref);
  g_clear_pointer (&self->component_files, g_ptr_array_unref);
  g_clear_pointer (&self->attachment_rows, g_ptr_array_unref);
  g_clear_pointer (&self->upload_rows, g_ptr_array_unref);
  g_clear_pointer (&self->deadline_rows, g_ptr_array_unref);
  g_clear_pointer (&self->step_rows, g_ptr_array_unref);
  g_clear_pointer (&self->id, g_free);

  G_OBJECT_CLASS (mc_dossier_detail_parent_class)->finalize (object);
}

static void
mc_dossier_detail_class_init (McDossierDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_dossier_detail_dispose;
  object_class->finalize = mc_dossier_detail_finalize;

  signals[SIGNAL_BACK_REQUESTED] =
    g_signal_new ("back-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  mc_application_ensure_resources ();
  g_type_ensure (MC_TYPE_DOSSIER_HISTORY);
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/motcua/Desk/ui/mc-dossier-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, McDossierDetail, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetail, back_button);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetail, code_label);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetail, status_icon);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetail, status_label);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetail, actions_box);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetail, actions_note);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetail, outbox_group);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetail, applicant_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetail, id_number_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetail, reveal_button);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetail, contact_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetail, address_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetail, procedure_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetail, limit_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetail, fee_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetail, holder_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetail, deadline_group);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetail, due_bar);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetail, received_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetail, due_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetail, due_icon);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetail, appointment_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetail, explanation_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetail, components_group);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetail, attachments_group);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetail, history);

  gtk_widget_class_install_action (widget_class, "detail.reveal-id", NULL, reveal_id_cb);
  gtk_widget_class_install_action (widget_class, "detail.back", NULL, back_cb);
  gtk_widget_class_install_action (widget_class, "detail.act", "s", act_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "detail.back", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "dossierdetail");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
mc_dossier_detail_init (McDossierDetail *self)
{
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  _mc_dossier_detail_init_files (self);

  self->calendar = mc_calendar_new ();
  self->cancellable = g_cancellable_new ();
  self->users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->departments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->procedures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->user_list = g_ptr_array_new_with_free_func (g_object_unref);
  self->department_list = g_ptr_array_new_with_free_func (g_object_unref);
  self->pending_seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->outbox_rows = g_ptr_array_new ();
  self->component_rows = g_ptr_array_new ();
  self->component_files = g_ptr_array_new_with_free_func (g_free);
  self->attachment_rows = g_ptr_array_new ();
  self->upload_rows = g_ptr_array_new ();
  self->deadline_rows = g_ptr_array_new ();
  self->step_rows = g_ptr_array_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.back", FALSE);

  /* The actions' shortcuts work wherever the focus is in the window (the
   * list, most of the time), not only inside the pane. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  for (guint i = 0; i < G_N_ELEMENTS (action_accels); i++)
    {
      GtkShortcut *shortcut = gtk_shortcut_new_with_arguments (gtk_shortcut_trigger_parse_string (action_accels[i].accel),
                                                               gtk_named_action_new ("detail.act"), "s",
                                                               mc_action_to_string (action_accels[i].action));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), shortcut);
    }
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}

McDossierDetail *
mc_dossier_detail_new (void)
{
  return g_object_new (MC_TYPE_DOSSIER_DETAIL, NULL);
}

void
mc_dossier_detail_set_sync (McDossierDetail *self,
                            McSync          *sync,
                            McCache         *cache)
{
  g_return_if_fail (MC_IS_DOSSIER_DETAIL (self));
  g_return_if_fail (sync == NULL || MC_IS_SYNC (sync));
  g_return_if_fail (cache == NULL || MC_IS_CACHE (cache));

  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_set_object (&self->sync, sync);
  g_set_object (&self->cache, cache);
  if (sync != NULL)
    {
      g_signal_connect_object (sync, "outbox-changed", G_CALLBACK (outbox_changed_cb), self, G_CONNECT_SWAPPED);
      _mc_dossier_detail_watch_uploads (self, sync);
    }
  load_catalogues (self);
  load_calendar (self);
  load_dossier (self);
}

void
mc_dossier_detail_set_dossier_id (McDossierDetail *self,
                                  const char      *id)
{
  g_return_if_fail (MC_IS_DOSSIER_DETAIL (self));

  if (g_strcmp0 (id, self->id) == 0)
    return;
  g_free (self->id);
  self->id = g_strdup (id);
  self->revealed = FALSE;
  g_hash_table_remove_all (self->pending_seen);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reveal_button), TRUE);
  /* The thumbnails of the dossier shown before stop being drawn. */
  mc_attachment_thumbnails_begin (self->thumbnails, id);
  load_dossier (self);
  /* A new dossier starts at its top. */
  {
    GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self->history), GTK_TYPE_SCROLLED_WINDOW);

    if (scrolled != NULL)
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)), 0);
  }
}

const char *
mc_dossier_detail_get_dossier_id (McDossierDetail *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_DETAIL (self), NULL);
  return self->id;
}

McDossier *
mc_dossier_detail_get_dossier (McDossierDetail *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_DETAIL (self), NULL);
  return self->dossier;
}

static gboolean
lists_id (GPtrArray  *ids,
          const char *id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_str_equal (g_ptr_array_index (ids, i), id))
      return TRUE;
  return FALSE;
}

void
mc_dossier_detail_refresh (McDossierDetail *self,
                           McCacheChanges  *changes)
{
  gboolean catalogues, calendar;

  g_return_if_fail (MC_IS_DOSSIER_DETAIL (self));

  catalogues = changes == NULL || mc_cache_changes_get_catalogues_changed (changes);
  calendar = changes == NULL || mc_cache_changes_get_calendar_changed (changes);
  if (catalogues)
    load_catalogues (self);
  if (calendar)
    load_calendar (self);
  if (self->id == NULL)
    return;
  if (catalogues || calendar ||
      lists_id (mc_cache_changes_get_updated (changes), self->id) ||
      lists_id (mc_cache_changes_get_inserted (changes), self->id) ||
      lists_id (mc_cache_changes_get_deleted (changes), self->id))
    load_dossier (self);
}

void
mc_dossier_detail_set_show_back (McDossierDetail *self,
                                 gboolean         show_back)
{
  g_return_if_fail (MC_IS_DOSSIER_DETAIL (self));

  gtk_widget_set_visible (GTK_WIDGET (self->back_button), show_back);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.back", show_back);
}

void
mc_dossier_detail_add_toast (McDossierDetail *self,
                             const char      *message)
{
  AdwToast *toast;

  g_return_if_fail (MC_IS_DOSSIER_DETAIL (self));
  g_return_if_fail (message != NULL);

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  g_debug ("toast: %s", message);
}

const char *
mc_dossier_detail_get_code_text (McDossierDetail *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_DETAIL (self), NULL);
  return gtk_label_get_label (self->code_label);
}

const char *
mc_dossier_detail_get_status_text (McDossierDetail *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_DETAIL (self), NULL);
  return gtk_label_get_label (self->status_label);
}

const char *
mc_dossier_detail_get_id_number_text (McDossierDetail *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_DETAIL (self), NULL);
  return adw_action_row_get_subtitle (self->id_number_row);
}

gboolean
mc_dossier_detail_get_id_revealed (McDossierDetail *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_DETAIL (self), FALSE);
  return self->revealed;
}

double
mc_dossier_detail_get_due_fraction (McDossierDetail *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_DETAIL (self), 0);
  return gtk_progress_bar_get_fraction (self->due_bar);
}

const char *
mc_dossier_detail_get_due_text (McDossierDetail *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_DETAIL (self), NULL);
  return gtk_progress_bar_get_text (self->due_bar);
}

guint
mc_dossier_detail_get_n_explanation_steps (McDossierDetail *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_DETAIL (self), 0);
  return self->n_steps;
}

McDossierHistory *
mc_dossier_detail_get_history (McDossierDetail *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_DETAIL (self), NULL);
  return self->history;
}

char *
mc_dossier_detail_describe_outbox (McDossierDetail *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (MC_IS_DOSSIER_DETAIL (self), NULL);

  for (guint i = 0; self->entries != NULL && i < self->entries->len; i++)
    {
      McOutboxEntry *entry = g_ptr_array_index (self->entries, i);

      g_string_append_printf (out, "%s %s %s\n", entry->state == MC_OUTBOX_PENDING ? "pending" : "failed",
                              entry->action, entry->message != NULL ? entry->message : "");
    }
  return g_string_free (out, FALSE);
}

void
mc_dossier_detail_dismiss_failed (McDossierDetail *self)
{
  g_return_if_fail (MC_IS_DOSSIER_DETAIL (self));

  for (guint i = 0; self->entries != NULL && i < self->entries->len; i++)
    {
      McOutboxEntry *entry = g_ptr_array_index (self->entries, i);

      if (entry->state == MC_OUTBOX_FAILED)
        dismiss_entry (self, entry->id);
    }
  _mc_dossier_detail_load_outbox (self);
}

