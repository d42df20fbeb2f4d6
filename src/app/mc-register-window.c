/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-application.h"
#include "mc-deadline.h"
#include "mc-register-window.h"
#include "mc-time.h"

#define MAX_MATCHES 8
#define N_FIELDS (MC_REGISTRATION_FIELD_TAX_CODE + 2)   /* the applicant's fields and the address */
#define ADDRESS_FIELD (MC_REGISTRATION_FIELD_TAX_CODE + 1)

static const McChannel channels[] = { MC_CHANNEL_COUNTER, MC_CHANNEL_ONLINE, MC_CHANNEL_POSTAL };
static const McChannel return_channels[] = { MC_CHANNEL_COUNTER, MC_CHANNEL_POSTAL, MC_CHANNEL_ONLINE };

struct _McRegisterWindow
{
  AdwWindow        parent_instance;

  McSync          *sync;          /* owned */
  McCache         *cache;         /* owned */
  McCalendar      *calendar;      /* owned */
  GCancellable    *cancellable;   /* owned */
  GPtrArray       *procedures;    /* owned: McProcedure, the catalogue */
  GPtrArray       *matches;       /* owned: McProcedure, borrowed from procedures */
  McProcedure     *procedure;     /* owned, nullable: the chosen one */
  GPtrArray       *component_checks;  /* GtkCheckButton, unowned */
  GtkEditable     *entries[N_FIELDS];  /* unowned */
  GtkLabel        *problems[N_FIELDS]; /* unowned */
  McRegisterState  state;
  gint64           entry_id;
  char            *status;        /* owned, nullable */
  char            *code;          /* owned, nullable */
  char            *dossier_id;    /* owned, nullable */
  char            *due_text;      /* owned */
  char            *explanation;   /* owned */
  guint            tick_id;

  /* template children */
  GtkWidget       *save_button;
  GtkWidget       *status_box;
  GtkImage        *status_icon;
  GtkLabel        *status_label;
  GtkWidget       *form_box;
  GtkSearchEntry  *procedure_search;
  GtkListBox      *procedure_list;
  GtkLabel        *procedure_label;
  GtkLabel        *procedure_problem;
  GtkDropDown     *kind_dropdown;
  GtkBox          *fields_box;
  GtkBox          *components_box;
  GtkLabel        *components_problem;
  GtkDropDown     *channel_dropdown;
  GtkDropDown     *return_dropdown;
  GtkLabel        *due_label;
  GtkLabel        *explanation_label;
};

G_DEFINE_FINAL_TYPE (McRegisterWindow, mc_register_window, ADW_TYPE_WINDOW)

static void
set_status (McRegisterWindow *self,
            McRegisterState   state,
            const char       *icon_name,
            const char       *text)
{
  self->state = state;
  g_free (self->status);
  self->status = g_strdup (text);
  gtk_label_set_label (self->status_label, text != NULL ? text : "");
  gtk_image_set_from_icon_name (self->status_icon, icon_name);
  gtk_widget_set_visible (self->status_box, text != NULL);
  /* Editing stays possible unless the dossier is on its way or done. The
   * focus leaves the form first: a text field made insensitive while it
   * holds the focus never hears that it lost it. */
  if (state == MC_REGISTER_STATE_PENDING || state == MC_REGISTER_STATE_REGISTERED)
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

      if (focus != NULL && gtk_widget_is_ancestor (focus, self->form_box))
        gtk_window_set_focus (GTK_WINDOW (self), NULL);
    }
  gtk_widget_set_sensitive (self->form_box, state == MC_REGISTER_STATE_EDITING || state == MC_REGISTER_STATE_REFUSED);
  gtk_widget_set_sensitive (self->save_button, state == MC_REGISTER_STATE_EDITING || state == MC_REGISTER_STATE_REFUSED);
}

static void
show_problem (GtkLabel   *label,
              const char *problem)
{
  gtk_label_set_label (label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (label), problem != NULL);
}

static McChannel
chosen_channel (McRegisterWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->channel_dropdown);

  return channels[i < G_N_ELEMENTS (channels) ? i : 0];
}

static void
update_due (McRegisterWindow *self)
{
  g_autoptr(GPtrArray) steps = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  gint64 due_at = MC_TIME_NONE;

  g_free (self->due_text);
  g_free (self->explanation);
  if (self->procedure == NULL)
    {
      self->due_text = g_strdup (_("Choose a procedure to see the appointment date."));
      self->explanation = g_strdup ("");
    }
  else if (!mc_registration_preview_due (self->calendar, self->procedure, chosen_channel (self),
                                         mc_time_now (), &due_at, &steps, &error))
    {
      self->due_text = g_strdup_printf (_("The appointment date cannot be computed here: %s"), error->message);
      self->explanation = g_strdup ("");
    }
  else
    {
      g_autofree char *when = mc_time_format_display (due_at);
      int amount;
      McLimitUnit unit;
      g_autofree char *limit = NULL;

      mc_procedure_get_limit_for (self->procedure, chosen_channel (self), &amount, &unit);
      limit = mc_time_limit_to_string (amount, unit);
      /* Translators: the appointment date, then the legal time limit. */
      self->due_text = g_strdup_printf (_("Due %s (%s). The server confirms it when the dossier is saved."),
                                        when, limit);
      for (guint i = 0; steps != NULL && i < steps->len; i++)
        {
          McDueStep *step = g_ptr_array_index (steps, i);

          g_string_append_printf (text, "%s• %s", i > 0 ? "\n" : "", step->text);
        }
      self->explanation = g_string_free (g_steal_pointer (&text), FALSE);
    }
  gtk_label_set_label (self->due_label, self->due_text);
  gtk_label_set_label (self->explanation_label, self->explanation);
}

static gboolean
tick_cb (gpointer user_data)
{
  /* The preview counts from now: keep it true while the form is open. */
  update_due (MC_REGISTER_WINDOW (user_data));
  return G_SOURCE_CONTINUE;
}

static void
fill_components (McRegisterWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->components_box))) != NULL)
    gtk_box_remove (self->components_box, child);
  g_ptr_array_set_size (self->component_checks, 0);
  if (self->procedure == NULL)
    return;
  for (guint i = 0; i < mc_procedure_get_n_components (self->procedure); i++)
    {
      const McComponent *component = mc_procedure_get_component (self->procedure, i);
      g_autofree char *label = NULL;
      GtkWidget *check;

      if (component->mandatory)
        /* Translators: document name, its form (original, copy...), count. */
        label = g_strdup_printf (_("%s (%s, %u) — required"), component->name,
                                 mc_component_form_get_label (component->form), component->count);
      else
        label = g_strdup_printf (_("%s (%s, %u)"), component->name,
                                 mc_component_form_get_label (component->form), component->count);
      check = gtk_check_button_new_with_label (label);
      gtk_box_append (self->components_box, check);
      g_ptr_array_add (self->component_checks, check);
    }
  if (mc_procedure_get_n_components (self->procedure) == 0)
    gtk_box_append (self->components_box, gtk_label_new (_("The catalogue lists no documents for this procedure.")));
}

static void
set_procedure (McRegisterWindow *self,
               McProcedure      *procedure)
{
  g_autofree char *text = NULL;
  g_autofree char *limit = NULL;

  g_set_object (&self->procedure, procedure);
  if (procedure != NULL)
    {
      limit = mc_time_limit_to_string (mc_procedure_get_limit_amount (procedure), mc_procedure_get_limit_unit (procedure));
      text = g_strdup_printf (_("%s — %s (time limit: %s)"), mc_procedure_get_code (procedure),
                              mc_procedure_get_name (procedure), limit);
    }
  gtk_label_set_label (self->procedure_label, text != NULL ? text : _("No procedure chosen yet."));
  show_problem (self->procedure_problem, NULL);
  fill_components (self);
  update_due (self);
}

guint
mc_register_window_search (McRegisterWindow *self,
                           const char       *text)
{
  GtkWidget *child;

  g_return_val_if_fail (MC_IS_REGISTER_WINDOW (self), 0);

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->procedure_search)), text) != 0)
    {
      /* Setting the text runs this again through search-changed, later. */
      gtk_editable_set_text (GTK_EDITABLE (self->procedure_search), text);
    }
  g_clear_pointer (&self->matches, g_ptr_array_unref);
  self->matches = mc_registration_find_procedures (self->procedures, text, MAX_MATCHES);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->procedure_list))) != NULL)
    gtk_list_box_remove (self->procedure_list, child);
  for (guint i = 0; i < self->matches->len; i++)
    {
      McProcedure *procedure = g_ptr_array_index (self->matches, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), mc_procedure_get_name (procedure));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), mc_procedure_get_code (procedure));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->procedure_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->procedure_list), self->matches->len > 0);
  return self->matches->len;
}

void
mc_register_window_choose (McRegisterWindow *self,
                           guint             i)
{
  g_return_if_fail (MC_IS_REGISTER_WINDOW (self));
  g_return_if_fail (self->matches != NULL && i < self->matches->len);

  set_procedure (self, g_ptr_array_index (self->matches, i));
}

static void
procedure_search_changed_cb (McRegisterWindow *self)
{
  mc_register_window_search (self, gtk_editable_get_text (GTK_EDITABLE (self->procedure_search)));
}

static void
procedure_activated_cb (McRegisterWindow *self,
                        GtkListBoxRow    *row)
{
  mc_register_window_choose (self, (guint) gtk_list_box_row_get_index (row));
}

static McApplicantKind
chosen_kind (McRegisterWindow *self)
{
  return gtk_drop_down_get_selected (self->kind_dropdown) == 1 ? MC_APPLICANT_ORGANISATION : MC_APPLICANT_PERSON;
}

static char *
field_text (McRegisterWindow *self,
            guint             field)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (self->entries[field]));

  /* What is sent is trimmed; what is shown stays as typed. */
  return g_strdup (g_strstrip (text));
}

static void
entry_changed_cb (GtkEditable      *editable,
                  McRegisterWindow *self)
{
  for (guint f = 1; f < N_FIELDS; f++)
    if (self->entries[f] == editable)
      {
        /* A message goes as soon as the field is fixed, not before. */
        if (gtk_widget_get_visible (GTK_WIDGET (self->problems[f])) && f != ADDRESS_FIELD)
          {
            g_autofree char *text = field_text (self, f);
            g_autofree char *problem = mc_registration_check_field (f, chosen_kind (self), text);

            show_problem (self->problems[f], problem);
          }
      }
}

static void
add_field (McRegisterWindow *self,
           guint             field,
           const char       *title,
           GtkInputPurpose   purpose)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (title);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *problem = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), purpose);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), FALSE);
  gtk_label_set_xalign (GTK_LABEL (problem), 0);
  gtk_label_set_wrap (GTK_LABEL (problem), TRUE);
  gtk_widget_add_css_class (problem, "error");
  gtk_widget_set_visible (problem, FALSE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, problem, NULL, -1);
  gtk_box_append (self->fields_box, label);
  gtk_box_append (self->fields_box, entry);
  gtk_box_append (self->fields_box, problem);
  self->entries[field] = GTK_EDITABLE (entry);
  self->problems[field] = GTK_LABEL (problem);
  g_signal_connect_object (entry, "changed", G_CALLBACK (entry_changed_cb), self, 0);
}

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(McRegisterWindow) self = user_data;
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *due = NULL;

  dossier = mc_registration_fetch_dossier_finish (MC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (dossier == NULL)
    {
      text = g_strdup_printf (_("Registered. The code will show once the server can be asked again: %s"),
                              error->message);
      set_status (self, MC_REGISTER_STATE_PENDING, "emblem-synchronizing-symbolic", text);
      return;
    }
  g_free (self->code);
  self->code = g_strdup (mc_dossier_get_code (dossier));
  g_free (self->dossier_id);
  self->dossier_id = g_strdup (mc_dossier_get_id (dossier));
  due = mc_time_format_display (mc_dossier_get_due_at (dossier));
  /* Translators: the dossier code the server gave, then its due date. */
  text = g_strdup_printf (_("Registered as %s, due %s. The receipt can be printed from the dossier."),
                          self->code, due);
  set_status (self, MC_REGISTER_STATE_REGISTERED, "emblem-ok-symbolic", text);
}

static void
check_entry (McRegisterWindow *self)
{
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  if (self->state != MC_REGISTER_STATE_PENDING || self->entry_id == 0)
    return;
  entry = mc_registration_get_entry (self->cache, self->entry_id, &error);
  if (entry == NULL)
    return;
  if (entry->state == MC_OUTBOX_DONE)
    {
      self->entry_id = 0;
      set_status (self, MC_REGISTER_STATE_PENDING, "emblem-synchronizing-symbolic",
                  _("Accepted by the server; fetching the dossier code…"));
      mc_registration_fetch_dossier_async (mc_sync_get_client (self->sync), entry, self->cancellable,
                                           fetched_cb, g_object_ref (self));
    }
  else if (entry->state == MC_OUTBOX_FAILED)
    {
      g_autofree char *text = g_strdup_printf (_("The server refused the registration: %s Correct the form and register again."),
                                               entry->message != NULL ? entry->message : "");

      self->entry_id = 0;
      set_status (self, MC_REGISTER_STATE_REFUSED, "dialog-error-symbolic", text);
      /* Shown once is enough: the form keeps everything to try again. */
      mc_outbox_dismiss (self->cache, entry->id, NULL);
    }
}

static void
run_finished_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(McRegisterWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!mc_sync_run_finish (MC_SYNC (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->state == MC_REGISTER_STATE_PENDING)
    {
      g_autofree char *text = g_strdup_printf (_("Saved on this computer. It will be sent when the server can be reached (%s)."),
                                               error->message);

      set_status (self, MC_REGISTER_STATE_PENDING, "network-offline-symbolic", text);
    }
  check_entry (self);
}

static void
enqueued_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(McRegisterWindow) self = user_data;
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  entry = mc_sync_enqueue_finish (MC_SYNC (source), result, &error);
  if (entry == NULL)
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = g_strdup_printf (_("Could not be saved on this computer: %s Nothing typed was lost; try again."),
                              error->message);
      set_status (self, MC_REGISTER_STATE_EDITING, "dialog-error-symbolic", text);
      return;
    }
  self->entry_id = entry->id;
  set_status (self, MC_REGISTER_STATE_PENDING, "emblem-synchronizing-symbolic",
              _("Saved on this computer; sending to the server…"));
  mc_sync_run_async (self->sync, self->cancellable, run_finished_cb, g_object_ref (self));
}

gboolean
mc_register_window_save (McRegisterWindow *self)
{
  g_autoptr(McApplicant) applicant = mc_applicant_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GString) missing = g_string_new (NULL);
  GtkWidget *first_bad = NULL;
  McChannel return_channel;
  guint i;

  g_return_val_if_fail (MC_IS_REGISTER_WINDOW (self), FALSE);

  if (self->state == MC_REGISTER_STATE_PENDING || self->state == MC_REGISTER_STATE_REGISTERED)
    return FALSE;

  applicant->kind = chosen_kind (self);
  applicant->name = field_text (self, MC_REGISTRATION_FIELD_NAME);
  applicant->id_number = field_text (self, MC_REGISTRATION_FIELD_ID_NUMBER);
  applicant->phone = field_text (self, MC_REGISTRATION_FIELD_PHONE);
  applicant->email = field_text (self, MC_REGISTRATION_FIELD_EMAIL);
  applicant->tax_code = field_text (self, MC_REGISTRATION_FIELD_TAX_CODE);
  applicant->address = field_text (self, ADDRESS_FIELD);

  if (self->procedure == NULL)
    {
      show_problem (self->procedure_problem, _("Choose the procedure: search by its code or name above."));
      first_bad = GTK_WIDGET (self->procedure_search);
    }
  for (guint f = MC_REGISTRATION_FIELD_NAME; f <= MC_REGISTRATION_FIELD_TAX_CODE; f++)
    {
      g_autofree char *text = field_text (self, f);
      g_autofree char *problem = mc_registration_check_field (f, applicant->kind, text);

      show_problem (self->problems[f], problem);
      if (problem != NULL && first_bad == NULL)
        first_bad = GTK_WIDGET (self->entries[f]);
    }
  for (i = 0; self->procedure != NULL && i < self->component_checks->len; i++)
    {
      const McComponent *component = mc_procedure_get_component (self->procedure, i);

      if (component->mandatory && !gtk_check_button_get_active (g_ptr_array_index (self->component_checks, i)))
        g_string_append_printf (missing, "%s%s", missing->len > 0 ? "; " : "", component->name);
    }
  if (missing->len > 0)
    {
      g_autofree char *text = g_strdup_printf (_("Required documents not received: %s. An incomplete dossier "
                                                 "is not registered: give the applicant the list of what is "
                                                 "missing (form 02)."), missing->str);

      show_problem (self->components_problem, text);
      if (first_bad == NULL)
        first_bad = g_ptr_array_index (self->component_checks, 0);
    }
  else
    show_problem (self->components_problem, NULL);

  if (first_bad != NULL)
    {
      /* Only a window with the keyboard moves it (a test's never has it). */
      if (gtk_window_is_active (GTK_WINDOW (self)))
        gtk_widget_grab_focus (first_bad);
      return FALSE;
    }

  i = gtk_drop_down_get_selected (self->return_dropdown);
  return_channel = return_channels[i < G_N_ELEMENTS (return_channels) ? i : 0];
  body = mc_registration_build (mc_procedure_get_id (self->procedure), applicant, chosen_channel (self), return_channel);
  set_status (self, MC_REGISTER_STATE_PENDING, "emblem-synchronizing-symbolic", _("Saving…"));
  mc_sync_enqueue_async (self->sync, NULL, 0, body, self->cancellable, enqueued_cb, g_object_ref (self));
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  mc_register_window_save (MC_REGISTER_WINDOW (widget));
}

static void
channel_changed_cb (McRegisterWindow *self)
{
  update_due (self);
}

static void
kind_changed_cb (McRegisterWindow *self)
{
  /* The id number is required of a person only: recheck a shown message. */
  entry_changed_cb (self->entries[MC_REGISTRATION_FIELD_ID_NUMBER], self);
}

static void
mc_register_window_dispose (GObject *object)
{
  McRegisterWindow *self = MC_REGISTER_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_REGISTER_WINDOW);
  g_clear_object (&self->sync);
  g_clear_object (&self->cache);
  g_clear_object (&self->calendar);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->procedure);
  g_clear_pointer (&self->matches, g_ptr_array_unref);
  g_clear_pointer (&self->procedures, g_ptr_array_unref);

  G_OBJECT_CLASS (mc_register_window_parent_class)->dispose (object);
}

static void
mc_register_window_finalize (GObject *object)
{
  McRegisterWindow *self = MC_REGISTER_WINDOW (object);

  g_clear_pointer (&self->component_checks, g_ptr_array_unref);
  g_free (self->status);
  g_free (self->code);
  g_free (self->dossier_id);
  g_free (self->due_text);
  g_free (self->explanation);

  G_OBJECT_CLASS (mc_register_window_parent_class)->finalize (object);
}

static void
mc_register_window_class_init (McRegisterWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_register_window_dispose;
  object_class->finalize = mc_register_window_finalize;

  mc_application_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/motcua/Desk/ui/mc-register-window.ui");
  gtk_widget_class_bind_template_child (widget_class, McRegisterWindow, save_button);
  gtk_widget_class_bind_template_child (widget_class, McRegisterWindow, status_box);
  gtk_widget_class_bind_template_child (widget_class, McRegisterWindow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, McRegisterWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, McRegisterWindow, form_box);
  gtk_widget_class_bind_template_child (widget_class, McRegisterWindow, procedure_search);
  gtk_widget_class_bind_template_child (widget_class, McRegisterWindow, procedure_list);
  gtk_widget_class_bind_template_child (widget_class, McRegisterWindow, procedure_label);
  gtk_widget_class_bind_template_child (widget_class, McRegisterWindow, procedure_problem);
  gtk_widget_class_bind_template_child (widget_class, McRegisterWindow, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, McRegisterWindow, fields_box);
  gtk_widget_class_bind_template_child (widget_class, McRegisterWindow, components_box);
  gtk_widget_class_bind_template_child (widget_class, McRegisterWindow, components_problem);
  gtk_widget_class_bind_template_child (widget_class, McRegisterWindow, channel_dropdown);
  gtk_widget_class_bind_template_child (widget_class, McRegisterWindow, return_dropdown);
  gtk_widget_class_bind_template_child (widget_class, McRegisterWindow, due_label);
  gtk_widget_class_bind_template_child (widget_class, McRegisterWindow, explanation_label);
  gtk_widget_class_bind_template_callback (widget_class, procedure_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, procedure_activated_cb);
  gtk_widget_class_install_action (widget_class, "register.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "register.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mc_register_window_init (McRegisterWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->component_checks = g_ptr_array_new ();
  self->due_text = g_strdup ("");
  self->explanation = g_strdup ("");
  add_field (self, MC_REGISTRATION_FIELD_NAME, _("Full _name or organisation name"), GTK_INPUT_PURPOSE_NAME);
  add_field (self, MC_REGISTRATION_FIELD_ID_NUMBER, _("Citizen _id number"), GTK_INPUT_PURPOSE_DIGITS);
  add_field (self, MC_REGISTRATION_FIELD_PHONE, _("_Phone"), GTK_INPUT_PURPOSE_PHONE);
  add_field (self, ADDRESS_FIELD, _("_Address"), GTK_INPUT_PURPOSE_FREE_FORM);
  add_field (self, MC_REGISTRATION_FIELD_EMAIL, _("_E-mail"), GTK_INPUT_PURPOSE_EMAIL);
  add_field (self, MC_REGISTRATION_FIELD_TAX_CODE, _("_Tax code (organisations)"), GTK_INPUT_PURPOSE_FREE_FORM);
  g_signal_connect_object (self->channel_dropdown, "notify::selected", G_CALLBACK (channel_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->kind_dropdown, "notify::selected", G_CALLBACK (kind_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

McRegisterWindow *
mc_register_window_new (GtkWindow *parent,
                        McSync    *sync,
                        McCache   *cache)
{
  g_autoptr(GError) error = NULL;
  McRegisterWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (MC_IS_SYNC (sync), NULL);
  g_return_val_if_fail (MC_IS_CACHE (cache), NULL);

  self = g_object_new (MC_TYPE_REGISTER_WINDOW, "transient-for", parent, NULL);
  self->sync = g_object_ref (sync);
  self->cache = g_object_ref (cache);
  self->calendar = mc_cache_load_calendar (cache, &error);
  if (self->calendar == NULL)
    {
      g_warning ("Cannot read the cached calendar, using the default one: %s", error->message);
      self->calendar = mc_calendar_new ();
      g_clear_error (&error);
    }
  self->procedures = mc_cache_list_procedures (cache, &error);
  if (self->procedures == NULL)
    {
      g_warning ("Cannot read the cached procedures: %s", error->message);
      self->procedures = g_ptr_array_new_with_free_func (g_object_unref);
    }
  g_signal_connect_object (sync, "outbox-changed", G_CALLBACK (check_entry), self, G_CONNECT_SWAPPED);
  mc_register_window_search (self, "");
  update_due (self);
  self->tick_id = g_timeout_add_seconds (30, tick_cb, self);
  return self;
}

McProcedure *
mc_register_window_get_procedure (McRegisterWindow *self)
{
  g_return_val_if_fail (MC_IS_REGISTER_WINDOW (self), NULL);
  return self->procedure;
}

GtkEditable *
mc_register_window_get_entry (McRegisterWindow    *self,
                              McRegistrationField  field)
{
  g_return_val_if_fail (MC_IS_REGISTER_WINDOW (self), NULL);
  g_return_val_if_fail (field > MC_REGISTRATION_FIELD_NONE && field <= MC_REGISTRATION_FIELD_TAX_CODE, NULL);
  return self->entries[field];
}

const char *
mc_register_window_get_field_problem (McRegisterWindow    *self,
                                      McRegistrationField  field)
{
  g_return_val_if_fail (MC_IS_REGISTER_WINDOW (self), NULL);
  g_return_val_if_fail (field > MC_REGISTRATION_FIELD_NONE && field <= MC_REGISTRATION_FIELD_TAX_CODE, NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->problems[field])) ? gtk_label_get_label (self->problems[field]) : NULL;
}

void
mc_register_window_set_applicant_kind (McRegisterWindow *self,
                                       McApplicantKind   kind)
{
  g_return_if_fail (MC_IS_REGISTER_WINDOW (self));
  gtk_drop_down_set_selected (self->kind_dropdown, kind == MC_APPLICANT_ORGANISATION ? 1 : 0);
}

guint
mc_register_window_get_n_components (McRegisterWindow *self)
{
  g_return_val_if_fail (MC_IS_REGISTER_WINDOW (self), 0);
  return self->component_checks->len;
}

void
mc_register_window_set_component_received (McRegisterWindow *self,
                                           guint             i,
                                           gboolean          received)
{
  g_return_if_fail (MC_IS_REGISTER_WINDOW (self));
  g_return_if_fail (i < self->component_checks->len);
  gtk_check_button_set_active (g_ptr_array_index (self->component_checks, i), received);
}

const char *
mc_register_window_get_due_text (McRegisterWindow *self)
{
  g_return_val_if_fail (MC_IS_REGISTER_WINDOW (self), NULL);
  return self->due_text;
}

const char *
mc_register_window_get_explanation (McRegisterWindow *self)
{
  g_return_val_if_fail (MC_IS_REGISTER_WINDOW (self), NULL);
  return self->explanation;
}

McRegisterState
mc_register_window_get_state (McRegisterWindow *self)
{
  g_return_val_if_fail (MC_IS_REGISTER_WINDOW (self), MC_REGISTER_STATE_EDITING);
  return self->state;
}

const char *
mc_register_window_get_status (McRegisterWindow *self)
{
  g_return_val_if_fail (MC_IS_REGISTER_WINDOW (self), NULL);
  return self->status;
}

const char *
mc_register_window_get_code (McRegisterWindow *self)
{
  g_return_val_if_fail (MC_IS_REGISTER_WINDOW (self), NULL);
  return self->code;
}

const char *
mc_register_window_get_dossier_id (McRegisterWindow *self)
{
  g_return_val_if_fail (MC_IS_REGISTER_WINDOW (self), NULL);
  return self->dossier_id;
}
