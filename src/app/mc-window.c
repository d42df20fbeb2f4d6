/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-account.h"
#include "mc-reassign-dialog.h"
#include "mc-register-window.h"
#include "mc-sign-in-page.h"
#include "mc-window.h"
#include "mc-workload-view.h"

struct _McWindow
{
  AdwApplicationWindow  parent_instance;

  McSync               *sync;    /* owned, nullable */
  McCache              *cache;   /* owned, nullable: the window's own connection */
  GSettings            *settings; /* owned */
  guint                 pulse_id;

  /* template children */
  AdwHeaderBar         *header_bar;
  AdwWindowTitle       *window_title;
  GtkImage             *sync_icon;
  GtkInfoBar           *sync_bar;
  GtkImage             *sync_bar_icon;
  GtkLabel             *sync_bar_label;
  GtkButton            *sync_bar_button;
  GtkProgressBar       *sync_progress;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  McSignInPage         *sign_in_page;   /* nullable: made when first asked for */
  AdwStatusPage        *starting_page;    /* nullable: made when first shown */
  GtkSpinner           *starting_spinner; /* nullable: with starting_page */
  GtkMenuButton        *menu_button;
  GMenu                *primary_menu;
  McQueueSidebar       *queue_sidebar;
  McDossierView        *dossier_view;
  AdwLeaflet           *leaflet;
  GtkWidget            *detail_clamp;
  AdwBin               *detail_bin;
  McDossierDetail      *dossier_detail; /* nullable: made when first needed */
  GtkWidget            *register_button;
  GtkWidget            *reassign_button;
  GtkToggleButton      *workload_button;
  McWorkloadView       *workload_view;  /* made when first shown */
};

G_DEFINE_FINAL_TYPE (McWindow, mc_window, ADW_TYPE_APPLICATION_WINDOW)

static gboolean
pulse_cb (gpointer user_data)
{
  McWindow *self = user_data;

  gtk_progress_bar_pulse (self->sync_progress);
  return G_SOURCE_CONTINUE;
}

/* What needs the officer's attention stays on screen: work waiting to be
 * sent while offline, and a sync the server refuses. A first sync shows
 * its progress. */
static void
update_sync_bar (McWindow *self)
{
  McSyncState state = mc_sync_get_state (self->sync);
  guint pending = mc_sync_get_pending (self->sync);
  const char *message = mc_sync_get_message (self->sync);
  guint received = mc_sync_get_items_received (self->sync);
  gboolean first_sync = state == MC_SYNC_STATE_SYNCING && mc_sync_get_more (self->sync);
  gboolean signed_out = !mc_client_get_logged_in (mc_sync_get_client (self->sync));
  g_autofree char *text = NULL;

  /* Signing in again is the only way on; trying again would not help. */
  gtk_button_set_label (self->sync_bar_button, signed_out ? _("_Sign In…") : _("_Try Again"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->sync_bar_button),
                                  signed_out ? "app.sign-in-again" : "win.sync-now");
  if (signed_out)
    {
      text = g_strdup (mc_account_session_ended_message ());
      gtk_info_bar_set_message_type (self->sync_bar, GTK_MESSAGE_ERROR);
      gtk_image_set_from_icon_name (self->sync_bar_icon, "system-lock-screen-symbolic");
    }
  else if (state == MC_SYNC_STATE_OFFLINE && pending > 0)
    {
      text = g_strdup_printf (ngettext ("You are offline. %u action is kept on this computer and "
                                        "will be sent when the connection is back.",
                                        "You are offline. %u actions are kept on this computer and "
                                        "will be sent when the connection is back.", pending),
                              pending);
      gtk_info_bar_set_message_type (self->sync_bar, GTK_MESSAGE_WARNING);
      gtk_image_set_from_icon_name (self->sync_bar_icon, "network-offline-symbolic");
    }
  else if (state == MC_SYNC_STATE_ERROR)
    {
      text = g_strdup_printf (_("Synchronization stopped: %s"),
                              message != NULL ? message : _("the server refused it"));
      gtk_info_bar_set_message_type (self->sync_bar, GTK_MESSAGE_ERROR);
      gtk_image_set_from_icon_name (self->sync_bar_icon, "dialog-error-symbolic");
    }
  if (text != NULL)
    gtk_label_set_label (self->sync_bar_label, text);
  gtk_info_bar_set_revealed (self->sync_bar, text != NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->sync_progress), first_sync);
  if (first_sync)
    {
      g_autofree char *progress = NULL;

      progress = g_strdup_printf (ngettext ("Downloading dossiers for offline use: %u received",
                                            "Downloading dossiers for offline use: %u received", received),
                                  received);
      gtk_progress_bar_set_text (self->sync_progress, progress);
      if (self->pulse_id == 0)
        self->pulse_id = g_timeout_add (150, pulse_cb, self);
    }
  else
    g_clear_handle_id (&self->pulse_id, g_source_remove);
}

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
      gtk_info_bar_set_revealed (self->sync_bar, FALSE);
      return;
    }

  message = mc_sync_get_message (self->sync);
  pending = mc_sync_get_pending (self->sync);
  if (!mc_client_get_logged_in (mc_sync_get_client (self->sync)))
    {
      icon_name = "system-lock-screen-symbolic";
      if (pending > 0)
        text = g_strdup_printf (ngettext ("Session ended, %u action waiting to be sent",
                                          "Session ended, %u actions waiting to be sent", pending), pending);
      else
        text = g_strdup (_("Session ended"));
      message = NULL;
    }
  else switch (mc_sync_get_state (self->sync))
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
  update_sync_bar (self);
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
  if (self->dossier_detail != NULL)
    mc_dossier_detail_refresh (self->dossier_detail, changes);
}

static void
detail_back_cb (McWindow *self)
{
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->dossier_view));
}

/* The detail pane holds a few hundred widgets that the first frame does
 * not show: it is made when a dossier is first selected. */
static McDossierDetail *
ensure_detail (McWindow *self)
{
  if (self->dossier_detail != NULL)
    return self->dossier_detail;

  self->dossier_detail = g_object_new (MC_TYPE_DOSSIER_DETAIL, NULL);
  g_signal_connect_object (self->dossier_detail, "back-requested",
                           G_CALLBACK (detail_back_cb), self, G_CONNECT_SWAPPED);
  mc_dossier_detail_set_show_back (self->dossier_detail, adw_leaflet_get_folded (self->leaflet));
  if (self->sync != NULL)
    mc_dossier_detail_set_sync (self->dossier_detail, self->sync, self->cache);
  adw_bin_set_child (self->detail_bin, GTK_WIDGET (self->dossier_detail));
  return self->dossier_detail;
}

/* List and detail side by side; folded, the detail comes forward when a
 * row is activated and Escape or its back button returns to the list. */
static void
dossier_selected_cb (McWindow *self)
{
  const char *id = mc_dossier_view_get_selected_dossier_id (self->dossier_view);

  if (id != NULL || self->dossier_detail != NULL)
    mc_dossier_detail_set_dossier_id (ensure_detail (self), id);
}

static void
dossier_activated_cb (McWindow   *self,
                      const char *id)
{
  mc_dossier_detail_set_dossier_id (ensure_detail (self), id);
  adw_leaflet_set_visible_child (self->leaflet, self->detail_clamp);
}

static void
leaflet_folded_cb (McWindow *self)
{
  if (self->dossier_detail != NULL)
    mc_dossier_detail_set_show_back (self->dossier_detail, adw_leaflet_get_folded (self->leaflet));
  if (self->workload_view != NULL && gtk_widget_get_mapped (GTK_WIDGET (self->workload_view)))
    mc_workload_view_refresh (self->workload_view);
}

static McRole
user_role (McWindow *self)
{
  McUser *user = self->sync != NULL ? mc_client_get_user (mc_sync_get_client (self->sync)) : NULL;

  return user != NULL ? mc_user_get_role (user) : MC_ROLE_ADMIN;
}

static gboolean
workload_shown (McWindow *self)
{
  return self->workload_view != NULL && gtk_toggle_button_get_active (self->workload_button);
}

/* The dossiers Ctrl+R reassigns: those selected in the list shown, the
 * queue's or the workload view's. The header's button is for the queue's
 * list; the workload view has buttons of its own. */
static void
update_reassign (McWindow *self)
{
  McRole role = user_role (self);
  gboolean manages = role == MC_ROLE_LEADER || role == MC_ROLE_SUPERVISOR;
  McDossierView *view = workload_shown (self) ? mc_workload_view_get_dossier_view (self->workload_view)
                                              : self->dossier_view;

  gtk_widget_set_visible (self->reassign_button, manages && !workload_shown (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reassign",
                                 manages && mc_dossier_view_get_has_selection (view));
}

/* Only the server registers and reassigns; the buttons follow who may ask. */
static void
update_role_actions (McWindow *self)
{
  McRole role = user_role (self);
  gboolean reception = role == MC_ROLE_RECEPTION;
  gboolean manages = role == MC_ROLE_LEADER || role == MC_ROLE_SUPERVISOR;

  gtk_widget_set_visible (self->register_button, reception);
  gtk_widget_set_visible (GTK_WIDGET (self->workload_button), manages);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.register-dossier", reception);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-workload", manages);
  update_reassign (self);
}

/* Most officers never open the workload view: it is made when first
 * asked for, not with the window, which opens sooner for it. */
static McWorkloadView *
ensure_workload_view (McWindow *self)
{
  if (self->workload_view == NULL)
    {
      self->workload_view = mc_workload_view_new ();
      gtk_stack_add_named (self->stack, GTK_WIDGET (self->workload_view), "workload");
      g_signal_connect_object (mc_workload_view_get_dossier_view (self->workload_view), "notify::has-selection",
                               G_CALLBACK (update_reassign), self, G_CONNECT_SWAPPED);
      if (self->sync != NULL)
        mc_workload_view_set_sync (self->workload_view, self->sync, self->cache);
    }
  return self->workload_view;
}

static void
workload_toggled_cb (McWindow *self)
{
  gboolean on = gtk_toggle_button_get_active (self->workload_button);

  if (self->sync == NULL)
    return;
  if (on)
    ensure_workload_view (self);
  gtk_stack_set_visible_child_name (self->stack, on ? "workload" : "queues");
  update_reassign (self);
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
  if (workload_shown (self))
    {
      gtk_widget_activate_action (GTK_WIDGET (self->workload_view), "workload.reassign-selected", NULL);
      return;
    }
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
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);

  if (self->cache != NULL)
    mc_dossier_view_focus_search (self->dossier_view);
}

static void
store_saved_searches (McWindow *self)
{
  g_autoptr(GVariant) searches = mc_queue_sidebar_dup_saved_searches (self->queue_sidebar);

  g_settings_set_value (self->settings, "saved-searches", searches);
}

static void
save_search_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         McWindow         *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "name-entry");
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  const char *text = mc_dossier_view_get_search_text (self->dossier_view);
  guint index;

  if (!g_str_equal (response, "save") || *name == '\0' || text == NULL)
    return;
  index = mc_queue_sidebar_add_saved_search (self->queue_sidebar, name,
                                             mc_queue_sidebar_get_selected_base (self->queue_sidebar),
                                             text);
  /* The saved search now holds the text; the box starts afresh. */
  mc_dossier_view_set_search_text (self->dossier_view, NULL);
  mc_queue_sidebar_select (self->queue_sidebar, index);
}

static void
name_changed_cb (GtkEditable      *entry,
                 AdwMessageDialog *dialog)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "save", *name != '\0');
}

static void
save_search_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);
  const char *text = mc_dossier_view_get_search_text (self->dossier_view);
  GtkWidget *dialog;
  GtkWidget *entry;

  if (text == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save This Search?"),
                                   _("The search will appear in the sidebar with its count, and "
                                     "stay there until you remove it."));
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Name of the saved search"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "name-entry", entry);
  g_signal_connect (entry, "changed", G_CALLBACK (name_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (save_search_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);

  if (self->sync != NULL)
    mc_sync_run_async (self->sync, NULL, NULL, NULL);
}

/* The window opens as it was last closed. */
static gboolean
mc_window_close_request (GtkWindow *window)
{
  McWindow *self = MC_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", MAX (width, 360));
  g_settings_set_int (self->settings, "window-height", MAX (height, 294));
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (mc_window_parent_class)->close_request (window);
}

static void
mc_window_dispose (GObject *object)
{
  McWindow *self = MC_WINDOW (object);

  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_object (&self->sync);
  g_clear_object (&self->cache);
  g_clear_object (&self->settings);
  g_clear_handle_id (&self->pulse_id, g_source_remove);

  G_OBJECT_CLASS (mc_window_parent_class)->dispose (object);
  /* It went with the stack. */
  self->workload_view = NULL;
}

/* GTK 4.8's own titles of the shortcuts window ("Shortcuts", "Search
 * Results") are not in Debian 12's Vietnamese catalogue of GTK: they are
 * given ours. Found through the header bar's title widget, a stack of the
 * two; if a later GTK builds it otherwise, its own titles stay. */
static void
translate_overlay_titles (GtkShortcutsWindow *overlay)
{
  static const struct { const char *page; const char *title; } titles[] = {
    { "title", N_("Keyboard Shortcuts") },
    { "search", N_("Search Results") },
  };
  GtkWidget *header = gtk_window_get_titlebar (GTK_WINDOW (overlay));
  GtkWidget *stack = GTK_IS_HEADER_BAR (header) ? gtk_header_bar_get_title_widget (GTK_HEADER_BAR (header)) : NULL;

  if (!GTK_IS_STACK (stack))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      GtkWidget *label = gtk_stack_get_child_by_name (GTK_STACK (stack), titles[i].page);

      if (GTK_IS_LABEL (label))
        gtk_label_set_label (GTK_LABEL (label), _(titles[i].title));
    }
}

/* GtkApplication would build the shortcuts window with every window, which
 * costs the first frame some 10 ms; it is built when first asked for. The
 * application window shows the application's accelerators in it, and
 * destroys it with itself. */
static void
show_help_overlay_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (widget);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (window);

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/vn/motcua/Desk/ui/help-overlay.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      translate_overlay_titles (overlay);
      gtk_application_window_set_help_overlay (window, overlay);
    }
  gtk_window_present (GTK_WINDOW (overlay));
}

static void
mc_window_class_init (McWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_window_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = mc_window_close_request;

  mc_application_ensure_resources ();
  g_type_ensure (MC_TYPE_QUEUE_SIDEBAR);
  g_type_ensure (MC_TYPE_DOSSIER_VIEW);
  g_type_ensure (MC_TYPE_DOSSIER_DETAIL);
  g_type_ensure (MC_TYPE_WORKLOAD_VIEW);
  g_type_ensure (MC_TYPE_SIGN_IN_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/motcua/Desk/ui/mc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, McWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, McWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, McWindow, sync_icon);
  gtk_widget_class_bind_template_child (widget_class, McWindow, sync_bar);
  gtk_widget_class_bind_template_child (widget_class, McWindow, sync_bar_icon);
  gtk_widget_class_bind_template_child (widget_class, McWindow, sync_bar_label);
  gtk_widget_class_bind_template_child (widget_class, McWindow, sync_bar_button);
  gtk_widget_class_bind_template_child (widget_class, McWindow, sync_progress);
  gtk_widget_class_bind_template_child (widget_class, McWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, McWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, McWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, McWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, McWindow, queue_sidebar);
  gtk_widget_class_bind_template_child (widget_class, McWindow, dossier_view);
  gtk_widget_class_bind_template_child (widget_class, McWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, McWindow, detail_clamp);
  gtk_widget_class_bind_template_child (widget_class, McWindow, detail_bin);
  gtk_widget_class_bind_template_callback (widget_class, queue_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.save-search", NULL, save_search_action);
  gtk_widget_class_install_action (widget_class, "win.sync-now", NULL, sync_now_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, show_help_overlay_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  /* As a bookmark is saved in GNOME's browsers and file manager. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "win.save-search", NULL);
  gtk_widget_class_bind_template_callback (widget_class, dossier_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, update_reassign);
  gtk_widget_class_bind_template_callback (widget_class, dossier_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_cb);
  gtk_widget_class_bind_template_child (widget_class, McWindow, register_button);
  gtk_widget_class_bind_template_child (widget_class, McWindow, reassign_button);
  gtk_widget_class_bind_template_child (widget_class, McWindow, workload_button);
  gtk_widget_class_bind_template_callback (widget_class, workload_toggled_cb);
  gtk_widget_class_install_action (widget_class, "win.register-dossier", NULL, register_action);
  gtk_widget_class_install_action (widget_class, "win.reassign", NULL, reassign_action);
  gtk_widget_class_install_action (widget_class, "win.show-workload", NULL, show_workload_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.register-dossier", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.reassign", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.show-workload", NULL);
}

/* The primary menu's popover is made when it is first opened: made with
 * the window, its items cost the first frame for a menu seldom opened. */
static void
create_menu_popup (GtkMenuButton *button,
                   gpointer       user_data)
{
  McWindow *self = user_data;

  if (gtk_menu_button_get_popover (button) == NULL)
    gtk_menu_button_set_menu_model (button, G_MENU_MODEL (self->primary_menu));
}

static void
mc_window_init (McWindow *self)
{
  g_autoptr(GVariant) searches = NULL;
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->menu_button, create_menu_popup, self, NULL);

  self->settings = mc_application_new_settings ();
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  searches = g_settings_get_value (self->settings, "saved-searches");
  mc_queue_sidebar_load_saved_searches (self->queue_sidebar, searches);
  g_signal_connect_object (self->queue_sidebar, "saved-searches-changed",
                           G_CALLBACK (store_saved_searches), self, G_CONNECT_SWAPPED);
  update_role_actions (self);
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

  if (self->starting_page == NULL)
    {
      GtkWidget *spinner = gtk_spinner_new ();

      gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
      gtk_widget_set_size_request (spinner, 32, 32);
      self->starting_spinner = GTK_SPINNER (spinner);
      self->starting_page = ADW_STATUS_PAGE (adw_status_page_new ());
      adw_status_page_set_child (self->starting_page, spinner);
      gtk_stack_add_named (self->stack, GTK_WIDGET (self->starting_page), "starting");
    }
  adw_status_page_set_title (self->starting_page, title);
  adw_status_page_set_description (self->starting_page, description);
  gtk_spinner_start (self->starting_spinner);
  gtk_stack_set_visible_child_name (self->stack, "starting");
}

void
mc_window_show_welcome (McWindow *self)
{
  g_return_if_fail (MC_IS_WINDOW (self));

  if (self->starting_spinner != NULL)
    gtk_spinner_stop (self->starting_spinner);
  gtk_stack_set_visible_child_name (self->stack, "welcome");
  mc_sign_in_page_focus (mc_window_get_sign_in_page (self));
}

/* Who the user is, from the cache at first, then from the server: the
 * queues and the buttons follow. */
static void
user_changed_cb (McWindow *self)
{
  if (self->sync == NULL)
    return;
  mc_queue_sidebar_set_user (self->queue_sidebar, mc_client_get_user (mc_sync_get_client (self->sync)));
  update_role_actions (self);
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
  g_signal_connect_object (mc_sync_get_client (sync), "notify::logged-in", G_CALLBACK (update_sync_status),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (mc_sync_get_client (sync), "notify::user", G_CALLBACK (user_changed_cb),
                           self, G_CONNECT_SWAPPED);
  update_sync_status (self);

  /* The queue first, so that the list reads its rows once, for it. */
  mc_queue_sidebar_set_user (self->queue_sidebar, mc_client_get_user (mc_sync_get_client (sync)));
  mc_queue_sidebar_set_cache (self->queue_sidebar, self->cache);
  mc_queue_sidebar_select_default (self->queue_sidebar);
  mc_dossier_view_set_cache (self->dossier_view, self->cache, mc_queue_sidebar_get_query (self->queue_sidebar));
  if (self->dossier_detail != NULL)
    mc_dossier_detail_set_sync (self->dossier_detail, sync, self->cache);
  if (self->workload_view != NULL)
    mc_workload_view_set_sync (self->workload_view, sync, self->cache);
  update_role_actions (self);
  if (self->starting_spinner != NULL)
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

McDossierDetail *
mc_window_get_dossier_detail (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);
  return ensure_detail (self);
}

McWorkloadView *
mc_window_get_workload_view (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);
  return ensure_workload_view (self);
}

const char *
mc_window_get_sync_status (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);
  return adw_window_title_get_subtitle (self->window_title);
}

const char *
mc_window_get_sync_bar_text (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);
  return gtk_info_bar_get_revealed (self->sync_bar) ? gtk_label_get_label (self->sync_bar_label) : NULL;
}

/* Made when first asked for: most starts open on the queues, and the
 * page's widgets would only slow the first frame down. */
McSignInPage *
mc_window_get_sign_in_page (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  if (self->sign_in_page == NULL)
    {
      self->sign_in_page = g_object_new (MC_TYPE_SIGN_IN_PAGE, NULL);
      gtk_stack_add_named (self->stack, GTK_WIDGET (self->sign_in_page), "welcome");
    }
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
