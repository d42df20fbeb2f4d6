/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-application.h"
#include "mc-preferences-window.h"

struct _McPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;   /* owned */

  /* template children */
  AdwActionRow         *server_row;
  AdwActionRow         *user_row;
  AdwActionRow         *alerts_row;
  GtkSwitch            *alerts_switch;
  AdwActionRow         *threshold_row;
  GtkSpinButton        *threshold_spin;
  AdwActionRow         *mine_row;
  GtkSwitch            *mine_switch;
  AdwActionRow         *department_row;
  GtkSwitch            *department_switch;
  AdwActionRow         *poll_row;
  GtkSpinButton        *poll_spin;
  AdwActionRow         *attachments_row;
  GtkSpinButton        *attachments_spin;
};

G_DEFINE_FINAL_TYPE (McPreferencesWindow, mc_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static gboolean
get_uint_mapping (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_uint32 (variant));
  return TRUE;
}

static GVariant *
set_uint_mapping (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  return g_variant_new_uint32 ((guint32) CLAMP (g_value_get_double (value), 0, G_MAXUINT32));
}

static void
bind_spin (McPreferencesWindow *self,
           const char          *key,
           GtkSpinButton       *spin,
           AdwActionRow        *row)
{
  g_settings_bind_with_mapping (self->settings, key, gtk_spin_button_get_adjustment (spin), "value",
                                G_SETTINGS_BIND_DEFAULT, get_uint_mapping, set_uint_mapping, NULL, NULL);
  /* The row's title names the number for screen readers. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL, -1);
}

static void
bind_switch (McPreferencesWindow *self,
             const char          *key,
             GtkSwitch           *sw,
             AdwActionRow        *row)
{
  g_settings_bind (self->settings, key, sw, "active", G_SETTINGS_BIND_DEFAULT);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (sw), GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL, -1);
}

static void
mc_preferences_window_dispose (GObject *object)
{
  McPreferencesWindow *self = MC_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (mc_preferences_window_parent_class)->dispose (object);
}

static void
mc_preferences_window_class_init (McPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_preferences_window_dispose;

  mc_application_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/motcua/Desk/ui/mc-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, user_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, alerts_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, alerts_switch);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, threshold_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, threshold_spin);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, mine_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, mine_switch);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, department_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, department_switch);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, poll_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, poll_spin);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, attachments_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, attachments_spin);
}

static void
mc_preferences_window_init (McPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Off, the other alert settings do nothing: say so by graying them. */
  g_object_bind_property (self->alerts_switch, "active", self->threshold_row, "sensitive", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->alerts_switch, "active", self->mine_row, "sensitive", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->alerts_switch, "active", self->department_row, "sensitive", G_BINDING_SYNC_CREATE);
}

McPreferencesWindow *
mc_preferences_window_new (GSettings  *settings,
                           const char *server_url,
                           const char *username)
{
  McPreferencesWindow *self;
  gboolean signed_in = username != NULL && *username != '\0';

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (MC_TYPE_PREFERENCES_WINDOW, NULL);
  self->settings = g_object_ref (settings);
  adw_action_row_set_subtitle (self->server_row, server_url != NULL && *server_url != '\0'
                                                   ? server_url : _("Not signed in"));
  adw_action_row_set_subtitle (self->user_row, signed_in ? username : _("Not signed in"));
  bind_switch (self, "alerts-enabled", self->alerts_switch, self->alerts_row);
  bind_spin (self, "due-soon-working-days", self->threshold_spin, self->threshold_row);
  bind_switch (self, "alerts-my-dossiers", self->mine_switch, self->mine_row);
  bind_switch (self, "alerts-my-department", self->department_switch, self->department_row);
  bind_spin (self, "poll-interval-seconds", self->poll_spin, self->poll_row);
  bind_spin (self, "attachment-cache-mb", self->attachments_spin, self->attachments_row);
  return self;
}

GtkSpinButton *
mc_preferences_window_get_poll_spin (McPreferencesWindow *self)
{
  g_return_val_if_fail (MC_IS_PREFERENCES_WINDOW (self), NULL);
  return self->poll_spin;
}
