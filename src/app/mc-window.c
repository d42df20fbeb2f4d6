/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-reassign-dialog.h"
#include "mc-register-window.h"
#include "mc-window.h"
#include "mc-workload-view.h"

struct _McWindow
{
  AdwApplicationWindow  parent_instance;

  McSync               *sync;    /* owned, nullable */
  McCache              *cache;   /* owned, nullable: the window's own connection */

  /* template children */
  AdwHeaderBar         *header_bar;
  AdwWindowTitle       *window_title;
  GtkImage             *sync_icon;
  GtkStack             *stack;
  AdwStatusPage        *status_page;
  GtkSpinner           *starting_spinner;
  McQueueSidebar       *queue_sidebar;
  McDossierView        *dossier_view;
  GtkWidget            *register_button;
  GtkWidget            *reassign_button;
  GtkToggleButton      *workload_button;
  McWorkloadView       *workload_view;
};

G_DEFINE_FINAL_TYPE (McWindow, mc_window, ADW_TYPE_APPLICATION_WINDOW)

static void
update_sync_status (McWindow *self)
{
  g_autofree char *text = NULL;
  const char *icon_name = NULL;
  const char *message;
  guint pending;

  if (self->sync == NULL)
    {
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->sync_icon), FALSE);
      return;
    }

  message = mc_sync_get_message (self->sync);
  pending = mc_sync_get_pending (self->sync);
  switch (mc_sync_get_state (self->sync))
    {
    case MC_SYNC_STATE_ONLINE:
      icon_name = "emblem-ok-symbolic";
      if (pending > 0)
        text = g_strdup_printf (ngettext ("Online, %u action being sent",
                                          "Online, %u actions being sent", pending), pending);
      else
        text = g_strdup (_("Online, up to date"));
      break;
    case MC_SYNC_STATE_SYNCING:
      {
        guint received = mc_sync_get_items_received (self->sync);

        icon_name = "emblem-synchronizing-symbolic";
        if (received > 0)
          text = g_strdup_printf (ngettext ("Syncing, %u item received",
                                            "Syncing, %u items received", received), received);
        else
          text = g_strdup (_("Syncing…"));
      }
      break;
    case MC_SYNC_STATE_OFFLINE:
      icon_name = "network-offline-symbolic";
      if (pending > 0)
        text = g_strdup_printf (ngettext ("Offline, %u action waiting to be sent",
                                          "Offline, %u actions waiting to be sent", pending), pending);
      else
        text = g_strdup (_("Offline"));
      break;
    case MC_SYNC_STATE_ERROR:
      icon_name = "dialog-error-symbolic";
      text = g_strdup_printf (_("Sync failed: %s"), message != NULL ? message : _("unknown error"));
      break;
    default:
      g_assert_not_reached ();
    }

  adw_window_title_set_subtitle (self->window_title, text);
  gtk_image_set_from_icon_name (self->sync_icon, icon_name);
  gtk_widget_set_visible (GTK_WIDGET (self->sync_icon), TRUE);
  /* Why it is offline, in the server's or the network's words. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sync_icon), message != NULL ? message : text);
}

static void
sync_changes_cb (McWindow       *self,
                 McCacheChanges *changes)
{
  /* The list first: a due queue measured from a new now then replaces
   * the list's query as a whole. */
  mc_dossier_view_refresh (self->dossier_view, changes);
  mc_queue_sidebar_refresh (self->queue_sidebar);
  if (gtk_widget_get_mapped (GTK_WIDGET (self->workload_view)))
    mc_workload_view_refresh (self->workload_view);
}

static McRole
user_role (McWindow *self)
{
  McUser *user = self->sync != NULL ? mc_client_get_user (mc_sync_get_client (self->sync)) : NULL;

  return user != NULL ? mc_user_get_role (user) : MC_ROLE_ADMIN;
}

/* Only the server registers and reassigns; the buttons follow who may ask. */
static void
update_role_actions (McWindow *self)
{
  McRole role = user_role (self);
  gboolean reception = role == MC_ROLE_RECEPTION;
  gboolean manages = role == MC_ROLE_LEADER || role == MC_ROLE_SUPERVISOR;

  gtk_widget_set_visible (self->register_button, reception);
  gtk_widget_set_visible (self->reassign_button, manages);
  gtk_widget_set_visible (GTK_WIDGET (self->workload_button), manages);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.register-dossier", reception);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reassign", manages);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-workload", manages);
}

static void
workload_toggled_cb (McWindow *self)
{
  gboolean on = gtk_toggle_button_get_active (self->workload_button);

  if (self->sync == NULL)
    return;
  gtk_stack_set_visible_child_name (self->stack, on ? "workload" : "queues");
  if (on)
    mc_workload_view_refresh (self->workload_view);
}

static void
register_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);

  if (self->sync != NULL)
    gtk_window_present (GTK_WINDOW (mc_register_window_new (GTK_WINDOW (self), self->sync, self->cache)));
}

static void
reassign_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);
  g_autoptr(GPtrArray) rows = NULL;

  if (self->sync == NULL)
    return;
  rows = mc_dossier_view_get_selected_rows (self->dossier_view);
  if (rows->len > 0)
    gtk_window_present (GTK_WINDOW (mc_reassign_dialog_new (GTK_WINDOW (self), self->sync, self->cache, rows)));
}

static void
show_workload_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);

  gtk_toggle_button_set_active (self->workload_button, !gtk_toggle_button_get_active (self->workload_button));
}

static void
queue_changed_cb (McWindow *self)
{
  const McCacheQuery *query = mc_queue_sidebar_get_query (self->queue_sidebar);

  if (query != NULL)
    mc_dossier_view_set_query (self->dossier_view, query);
}

static void
mc_window_dispose (GObject *object)
{
  McWindow *self = MC_WINDOW (object);

  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_object (&self->sync);
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (mc_window_parent_class)->dispose (object);
}

static void
mc_window_class_init (McWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_window_dispose;

  mc_application_ensure_resources ();
  g_type_ensure (MC_TYPE_QUEUE_SIDEBAR);
  g_type_ensure (MC_TYPE_DOSSIER_VIEW);
  g_type_ensure (MC_TYPE_WORKLOAD_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/motcua/Desk/ui/mc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, McWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, McWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, McWindow, sync_icon);
  gtk_widget_class_bind_template_child (widget_class, McWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, McWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, McWindow, starting_spinner);
  gtk_widget_class_bind_template_child (widget_class, McWindow, queue_sidebar);
  gtk_widget_class_bind_template_child (widget_class, McWindow, dossier_view);
  gtk_widget_class_bind_template_child (widget_class, McWindow, register_button);
  gtk_widget_class_bind_template_child (widget_class, McWindow, reassign_button);
  gtk_widget_class_bind_template_child (widget_class, McWindow, workload_button);
  gtk_widget_class_bind_template_child (widget_class, McWindow, workload_view);
  gtk_widget_class_bind_template_callback (widget_class, queue_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, workload_toggled_cb);
  gtk_widget_class_install_action (widget_class, "win.register-dossier", NULL, register_action);
  gtk_widget_class_install_action (widget_class, "win.reassign", NULL, reassign_action);
  gtk_widget_class_install_action (widget_class, "win.show-workload", NULL, show_workload_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.register-dossier", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.reassign", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.show-workload", NULL);
}

static void
mc_window_init (McWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_stack_set_visible_child_name (self->stack, "welcome");
  update_role_actions (self);
}

McWindow *
mc_window_new (McApplication *application)
{
  return g_object_new (MC_TYPE_WINDOW, "application", application, NULL);
}

void
mc_window_show_starting (McWindow *self)
{
  g_return_if_fail (MC_IS_WINDOW (self));

  gtk_spinner_start (self->starting_spinner);
  gtk_stack_set_visible_child_name (self->stack, "starting");
}

void
mc_window_show_welcome (McWindow *self)
{
  g_return_if_fail (MC_IS_WINDOW (self));

  gtk_spinner_stop (self->starting_spinner);
  gtk_stack_set_visible_child_name (self->stack, "welcome");
}

gboolean
mc_window_set_sync (McWindow  *self,
                    McSync    *sync,
                    GError   **error)
{
  g_autoptr(McCache) cache = NULL;

  g_return_val_if_fail (MC_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (MC_IS_SYNC (sync), FALSE);
  g_return_val_if_fail (self->sync == NULL, FALSE);

  cache = mc_cache_open (mc_sync_get_cache_path (sync), error);
  if (cache == NULL)
    return FALSE;

  self->sync = g_object_ref (sync);
  self->cache = g_steal_pointer (&cache);
  g_signal_connect_object (sync, "changes", G_CALLBACK (sync_changes_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sync, "notify::state", G_CALLBACK (update_sync_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sync, "notify::message", G_CALLBACK (update_sync_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sync, "notify::pending", G_CALLBACK (update_sync_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sync, "notify::items-received", G_CALLBACK (update_sync_status), self, G_CONNECT_SWAPPED);
  update_sync_status (self);

  mc_dossier_view_set_cache (self->dossier_view, self->cache, NULL);
  mc_queue_sidebar_set_cache (self->queue_sidebar, self->cache);
  mc_queue_sidebar_select (self->queue_sidebar, 0);
  mc_workload_view_set_sync (self->workload_view, sync, self->cache);
  update_role_actions (self);
  gtk_spinner_stop (self->starting_spinner);
  gtk_stack_set_visible_child_name (self->stack, "queues");
  return TRUE;
}

McSync *
mc_window_get_sync (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);
  return self->sync;
}

McQueueSidebar *
mc_window_get_queue_sidebar (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);
  return self->queue_sidebar;
}

McDossierView *
mc_window_get_dossier_view (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);
  return self->dossier_view;
}

McWorkloadView *
mc_window_get_workload_view (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);
  return self->workload_view;
}

const char *
mc_window_get_sync_status (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);
  return adw_window_title_get_subtitle (self->window_title);
}
