/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-sign-in-page.h"
#include "mc-window.h"

struct _McWindow
{
  AdwApplicationWindow  parent_instance;

  McSync               *sync;    /* owned, nullable */
  McCache              *cache;   /* owned, nullable: the window's own connection */

  /* template children */
  AdwHeaderBar         *header_bar;
  AdwWindowTitle       *window_title;
  GtkImage             *sync_icon;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  McSignInPage         *sign_in_page;
  AdwStatusPage        *starting_page;
  GtkSpinner           *starting_spinner;
  GMenu                *primary_menu;
  McQueueSidebar       *queue_sidebar;
  McDossierView        *dossier_view;
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
  g_type_ensure (MC_TYPE_SIGN_IN_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/motcua/Desk/ui/mc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, McWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, McWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, McWindow, sync_icon);
  gtk_widget_class_bind_template_child (widget_class, McWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, McWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, McWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, McWindow, starting_page);
  gtk_widget_class_bind_template_child (widget_class, McWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, McWindow, starting_spinner);
  gtk_widget_class_bind_template_child (widget_class, McWindow, queue_sidebar);
  gtk_widget_class_bind_template_child (widget_class, McWindow, dossier_view);
  gtk_widget_class_bind_template_callback (widget_class, queue_changed_cb);
}

static void
mc_window_init (McWindow *self)
{
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_stack_set_visible_child_name (self->stack, "welcome");

  /* "?" opens the shortcuts window, but only when no text field took
   * the key first: the bubble phase, not an application accelerator. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_BUBBLE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_question, 0),
                                                          gtk_named_action_new ("win.show-help-overlay")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
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

  mc_window_show_progress (self, _("Preparing the Demo"),
                           _("Creating a demo province with its dossiers and starting a private "
                             "server. This takes a few seconds."));
}

void
mc_window_show_progress (McWindow   *self,
                         const char *title,
                         const char *description)
{
  g_return_if_fail (MC_IS_WINDOW (self));

  adw_status_page_set_title (self->starting_page, title);
  adw_status_page_set_description (self->starting_page, description);
  gtk_spinner_start (self->starting_spinner);
  gtk_stack_set_visible_child_name (self->stack, "starting");
}

void
mc_window_show_welcome (McWindow *self)
{
  g_return_if_fail (MC_IS_WINDOW (self));

  gtk_spinner_stop (self->starting_spinner);
  gtk_stack_set_visible_child_name (self->stack, "welcome");
  mc_sign_in_page_focus (self->sign_in_page);
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

const char *
mc_window_get_sync_status (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);
  return adw_window_title_get_subtitle (self->window_title);
}

McSignInPage *
mc_window_get_sign_in_page (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);
  return self->sign_in_page;
}

const char *
mc_window_get_page (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

void
mc_window_add_toast (McWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (MC_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
mc_window_add_menu_section (McWindow   *self,
                            const char *label,
                            GMenuModel *section)
{
  g_return_if_fail (MC_IS_WINDOW (self));
  g_return_if_fail (G_IS_MENU_MODEL (section));

  g_menu_prepend_section (self->primary_menu, label, section);
}

/* The row of dossier @id in the "All" queue's order: found through the
 * rows received in the same second, since a row's key is its place. */
static gboolean
find_position (McWindow   *self,
               const char *id,
               guint      *position)
{
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(McCacheQuery) query = NULL;
  g_autoptr(McCacheQuery) all = mc_cache_query_new ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  gboolean found = FALSE;

  dossier = mc_cache_get_dossier (self->cache, id, &error);
  if (dossier == NULL)
    {
      g_debug ("Dossier %s is not in the cache: %s", id, error->message);
      return FALSE;
    }
  query = mc_cache_query_new ();
  query->received_from = mc_dossier_get_received_at (dossier);
  query->received_before = query->received_from + 1;
  rows = mc_cache_query_page (self->cache, query, NULL, 1000, &error);
  for (guint i = 0; rows != NULL && i < rows->len && !found; i++)
    {
      McDossierRow *row = g_ptr_array_index (rows, i);
      McCacheKey key = { 0, };

      if (g_strcmp0 (mc_dossier_row_get_id (row), id) != 0)
        continue;
      mc_cache_key_from_row (&key, row);
      found = mc_cache_count_before (self->cache, all, &key, position, &error);
      mc_cache_key_clear (&key);
    }
  if (error != NULL)
    g_warning ("Could not find dossier %s in the list: %s", id, error->message);
  return found;
}

gboolean
mc_window_open_dossier (McWindow   *self,
                        const char *id)
{
  guint position = 0;

  g_return_val_if_fail (MC_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (self->cache == NULL || !find_position (self, id, &position))
    return FALSE;
  /* "All" lists every dossier, so the row is there whatever its state. */
  mc_queue_sidebar_select (self->queue_sidebar, 0);
  mc_dossier_view_select (self->dossier_view, position);
  gtk_window_present (GTK_WINDOW (self));
  return TRUE;
}
