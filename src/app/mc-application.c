/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>
#include <string.h>

#include "mc-account.h"
#include "mc-application.h"
#include "mc-deadline-alerts.h"
#include "mc-demo.h"
#include "mc-preferences-window.h"
#include "mc-resources.h"
#include "mc-sync.h"
#include "mc-window.h"

struct _McApplication
{
  AdwApplication  parent_instance;

  gboolean          demo_requested;
  gboolean          use_secret_service;
  GSettings        *settings;      /* owned */
  McDemo           *demo;          /* owned, nullable */
  McAccount        *account;       /* owned, nullable: signed in (or signing in) */
  McDeadlineAlerts *alerts;        /* owned, nullable: while an account is shown */
  GCancellable     *cancellable;   /* owned */
  guint             present_id;    /* the window waits for the restore */
  guint           sigterm_id;
  guint           sigint_id;
};

G_DEFINE_FINAL_TYPE (McApplication, mc_application, ADW_TYPE_APPLICATION)

void
mc_application_ensure_resources (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      mc_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}

static McWindow *
get_window (McApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return window != NULL && MC_IS_WINDOW (window) ? MC_WINDOW (window) : NULL;
}

static void
set_action_enabled (McApplication *self,
                    const char    *name,
                    gboolean       enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  if (action != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static McSignInPage *get_sign_in_page (McApplication *self,
                                       McWindow      *window);
static void          show_welcome     (McApplication *self,
                                       McWindow      *window);

static void
show_demo_error (McApplication *self,
                 McWindow      *window,
                 const GError  *error)
{
  GtkWidget *dialog;

  show_welcome (self, window);
  dialog = adw_message_dialog_new (GTK_WINDOW (window), _("The Demo Could Not Start"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Deadline alerts: a notification per level, and a toast in the window. */
static void
alerts_cb (McApplication *self,
           GPtrArray     *alerts)
{
  McWindow *window = get_window (self);

  for (McAlertLevel level = MC_ALERT_OVERDUE; level >= MC_ALERT_DUE_SOON; level--)
    {
      g_autofree char *id = NULL;
      g_autofree char *text = NULL;
      g_autoptr(GNotification) notification = mc_deadline_alerts_build_notification (alerts, level, &id);
      AdwToast *toast;

      if (notification == NULL)
        continue;
      g_application_send_notification (G_APPLICATION (self), id, notification);
      if (window == NULL)
        continue;
      text = mc_deadline_alerts_describe (alerts, level);
      toast = adw_toast_new (text);
      adw_toast_set_priority (toast, level == MC_ALERT_OVERDUE ? ADW_TOAST_PRIORITY_HIGH : ADW_TOAST_PRIORITY_NORMAL);
      if (g_str_has_prefix (id, "deadline-") && strcmp (id, "deadline-overdue") != 0 &&
          strcmp (id, "deadline-due-soon") != 0)
        {
          adw_toast_set_button_label (toast, _("_Open"));
          adw_toast_set_action_name (toast, "app.open-dossier");
          adw_toast_set_action_target_value (toast, g_variant_new_string (id + strlen ("deadline-")));
        }
      mc_window_add_toast (window, toast);
    }
}

static void
stop_alerts (McApplication *self)
{
  if (self->alerts == NULL)
    return;
  mc_deadline_alerts_stop (self->alerts);
  g_signal_handlers_disconnect_by_data (self->alerts, self);
  g_clear_object (&self->alerts);
}

static void
start_alerts (McApplication *self)
{
  McUser *user = mc_account_get_user (self->account);
  McSync *sync = mc_account_get_sync (self->account);

  stop_alerts (self);
  self->alerts = mc_deadline_alerts_new (mc_sync_get_cache_path (sync), self->settings);
  if (user != NULL)
    mc_deadline_alerts_set_user (self->alerts, mc_user_get_id (user), mc_user_get_department_id (user));
  g_signal_connect_object (self->alerts, "alerts", G_CALLBACK (alerts_cb), self, G_CONNECT_SWAPPED);
  mc_deadline_alerts_start (self->alerts, sync);
}

/* The user known once the server answers (an offline start learns it
 * from the cache, or here at the first answer). */
static void
user_changed_cb (McApplication *self)
{
  McUser *user;

  if (self->alerts == NULL || self->account == NULL || (user = mc_account_get_user (self->account)) == NULL)
    return;
  mc_deadline_alerts_set_user (self->alerts, mc_user_get_id (user), mc_user_get_department_id (user));
}

/* Shows the signed-in account's queues in @window and starts syncing. */
static gboolean
show_account (McApplication *self,
              McWindow      *window,
              GError       **error)
{
  McSync *sync = mc_account_get_sync (self->account);
  g_autofree char *notice = NULL;

  if (!mc_window_set_sync (window, sync, error))
    return FALSE;
  if ((notice = mc_account_take_cache_notice (self->account)) != NULL)
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (window), _("The Local Copy Was Replaced"), notice);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  g_signal_connect_object (mc_account_get_client (self->account), "notify::user",
                           G_CALLBACK (user_changed_cb), self, G_CONNECT_SWAPPED);
  mc_sync_start (sync);
  start_alerts (self);
  set_action_enabled (self, "log-out", self->demo == NULL);
  return TRUE;
}

static McWindow *
new_window (McApplication *self);
static void
add_demo_menu (McWindow *window);

/* A fresh window in place of the current one: after logging out or
 * switching the demo account, nothing of the old account stays shown. */
static McWindow *
replace_window (McApplication *self)
{
  McWindow *old = get_window (self);
  McWindow *window = new_window (self);

  gtk_window_present (GTK_WINDOW (window));
  if (old != NULL)
    gtk_window_destroy (GTK_WINDOW (old));
  return window;
}

static void
demo_started_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(McApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  McWindow *window = get_window (self);

  if (!mc_demo_start_finish (MC_DEMO (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && window != NULL)
        show_demo_error (self, window, error);
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("%s", error->message);
      g_clear_object (&self->demo);
      return;
    }

  g_clear_object (&self->account);
  self->account = mc_account_new (self->settings, FALSE);
  if (!mc_account_adopt (self->account, mc_demo_get_client (self->demo), mc_demo_get_cache_path (self->demo), &error) ||
      (window != NULL && !show_account (self, window, &error)))
    {
      g_autoptr(GError) shown = g_error_new (MC_DEMO_ERROR, MC_DEMO_ERROR_SEED,
                                             _("The demo’s local copy of the dossiers could not be "
                                               "opened (%s). Check that the temporary folder has "
                                               "free space, then start the demo again."),
                                             error->message);
      if (window != NULL)
        show_demo_error (self, window, shown);
      return;
    }
  set_action_enabled (self, "demo-account", TRUE);
  g_action_group_change_action_state (G_ACTION_GROUP (self), "demo-account",
                                      g_variant_new_string (mc_demo_get_username (self->demo)));
}

static void
start_demo (McApplication *self,
            McWindow      *window)
{
  /* MOTCUA_DEMO_DOSSIERS: a smaller demo for tests, a larger one to try. */
  const char *size = g_getenv ("MOTCUA_DEMO_DOSSIERS");
  guint64 n = size != NULL ? g_ascii_strtoull (size, NULL, 10) : MC_DEMO_DEFAULT_DOSSIERS;

  if (self->demo != NULL)
    return;
  self->demo = mc_demo_new ((guint) CLAMP (n, 50, 1000000));
  /* The window was made before the demo was asked for. */
  add_demo_menu (window);
  mc_window_show_starting (window);
  mc_demo_start_async (self->demo, self->cancellable, demo_started_cb, g_object_ref (self));
}

/* Signing in */

static void
signed_in_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(McApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  McAccount *account = MC_ACCOUNT (source);
  McWindow *window = get_window (self);
  McSignInPage *page = window != NULL ? get_sign_in_page (self, window) : NULL;

  if (page != NULL)
    mc_sign_in_page_set_busy (page, FALSE);
  if (account != self->account)
    return;
  if (!mc_account_sign_in_finish (account, result, &error) ||
      (window != NULL && !show_account (self, window, &error)))
    {
      g_autofree char *address = mc_account_normalize_address (mc_sign_in_page_get_address (page), NULL);
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = mc_account_describe_error (error, address);
      if (page != NULL)
        mc_sign_in_page_show_error (page, message,
                                    g_error_matches (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_TLS));
      g_clear_object (&self->account);
      return;
    }
  if (page != NULL)
    mc_sign_in_page_clear_password (page);
}

static void
sign_in_cb (McApplication *self,
            McSignInPage  *page)
{
  g_clear_object (&self->account);
  self->account = mc_account_new (self->settings, self->use_secret_service);
  mc_sign_in_page_set_busy (page, TRUE);
  mc_account_sign_in_async (self->account, mc_sign_in_page_get_address (page),
                            mc_sign_in_page_get_username (page), mc_sign_in_page_get_password (page),
                            self->cancellable, signed_in_cb, g_object_ref (self));
}

typedef struct {
  McApplication   *app;           /* owned */
  char            *address;       /* owned */
  GTlsCertificate *certificate;   /* owned, nullable */
} TrustData;

static void
trust_data_free (TrustData *data)
{
  g_clear_object (&data->app);
  g_clear_object (&data->certificate);
  g_free (data->address);
  g_free (data);
}

static void
trust_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   TrustData        *data)
{
  McWindow *window = get_window (data->app);

  if (g_strcmp0 (response, "trust") == 0 && window != NULL)
    {
      g_autoptr(McAccount) account = mc_account_new (data->app->settings, FALSE);

      /* Remembered for the address; the next sign-in uses it. */
      mc_account_trust_certificate (account, data->address, data->certificate);
      mc_sign_in_page_submit (get_sign_in_page (data->app, window));
    }
}

static void
certificate_fetched_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  TrustData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *fingerprint = NULL;
  McWindow *window = get_window (data->app);
  GtkWidget *dialog;

  data->certificate = mc_account_fetch_certificate_finish (result, &error);
  if (window == NULL || data->certificate == NULL)
    {
      if (window != NULL)
        mc_sign_in_page_show_error (get_sign_in_page (data->app, window), error->message, FALSE);
      trust_data_free (data);
      return;
    }
  fingerprint = mc_account_certificate_fingerprint (data->certificate);
  /* Eight bytes a line, so that the dialog never wraps one in two. */
  {
    g_autofree char *one_line = g_steal_pointer (&fingerprint);
    GString *lines = g_string_new (NULL);

    for (gsize i = 0; one_line[i] != '\0'; i++)
      {
        g_string_append_c (lines, one_line[i]);
        if (i % 24 == 23 && one_line[i + 1] != '\0')
          g_string_append_c (lines, '\n');
      }
    fingerprint = g_string_free (lines, FALSE);
  }
  dialog = adw_message_dialog_new (GTK_WINDOW (window), _("Trust This Server’s Certificate?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("No certificate authority vouches for the server %s. Trust it only "
                                    "if the administrator confirms that its certificate has this "
                                    "SHA-256 fingerprint:\n\n%s\n\nOnly this certificate will be "
                                    "trusted; a different one will be refused again."),
                                  data->address, fingerprint);
  adw_message_dialog_set_body_use_markup (ADW_MESSAGE_DIALOG (dialog), FALSE);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "trust", _("_Trust and Sign In"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "trust", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (trust_response_cb), data,
                         (GClosureNotify) (void (*) (void)) trust_data_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
trust_certificate_cb (McApplication *self,
                      McSignInPage  *page)
{
  TrustData *data;
  g_autofree char *address = mc_account_normalize_address (mc_sign_in_page_get_address (page), NULL);

  if (address == NULL)
    return;
  data = g_new0 (TrustData, 1);
  data->app = g_object_ref (self);
  data->address = g_steal_pointer (&address);
  mc_account_fetch_certificate_async (data->address, self->cancellable, certificate_fetched_cb, data);
}

/* The window makes its sign-in page when first asked for; it is filled in
 * and connected then. */
static McSignInPage *
get_sign_in_page (McApplication *self,
                  McWindow      *window)
{
  McSignInPage *page = mc_window_get_sign_in_page (window);

  if (g_object_get_data (G_OBJECT (page), "mc-application") == NULL)
    {
      g_autofree char *address = g_settings_get_string (self->settings, "server-url");
      g_autofree char *username = g_settings_get_string (self->settings, "username");

      mc_sign_in_page_set_address (page, address);
      mc_sign_in_page_set_username (page, username);
      g_signal_connect_object (page, "sign-in", G_CALLBACK (sign_in_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (page, "trust-certificate", G_CALLBACK (trust_certificate_cb), self, G_CONNECT_SWAPPED);
      g_object_set_data (G_OBJECT (page), "mc-application", self);
    }
  return page;
}

static void
show_welcome (McApplication *self,
              McWindow      *window)
{
  get_sign_in_page (self, window);
  mc_window_show_welcome (window);
}

/* The demo's accounts, at the top of @window's primary menu. */
static void
add_demo_menu (McWindow *window)
{
  g_autoptr(GMenu) section = g_menu_new ();
  static const struct { const char *label; const char *username; } accounts[] = {
    { N_("Center _Supervisor (giamsat)"), "giamsat" },
    { N_("_Reception Officer (tiepnhan.tinh)"), "tiepnhan.tinh" },
    { N_("Justice Department S_pecialist (chuyenvien1.stp)"), "chuyenvien1.stp" },
    { N_("Justice Department _Leader (lanhdao.stp)"), "lanhdao.stp" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (accounts); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(accounts[i].label), NULL);

      g_menu_item_set_action_and_target (item, "app.demo-account", "s", accounts[i].username);
      g_menu_append_item (section, item);
    }
  mc_window_add_menu_section (window, _("Demo Account"), G_MENU_MODEL (section));
}

static McWindow *
new_window (McApplication *self)
{
  McWindow *window = mc_window_new (self);

  if (self->demo != NULL)
    add_demo_menu (window);
  return window;
}

/* Restoring the remembered account */

/* The window of a start that restores an account is shown once it has
 * the queues (or the sign-in page): a progress page drawn for the few
 * milliseconds the Secret Service takes would cost a whole frame more.
 * A slow one (a keyring asking for its password) gets the progress page
 * after a moment. */
#define RESTORE_PRESENT_DELAY_MS 500

static void
present_restoring (McApplication *self)
{
  McWindow *window = get_window (self);

  g_clear_handle_id (&self->present_id, g_source_remove);
  if (window != NULL)
    gtk_window_present (GTK_WINDOW (window));
}

static gboolean
present_timeout_cb (gpointer user_data)
{
  McApplication *self = user_data;
  McWindow *window = get_window (self);

  self->present_id = 0;
  if (window != NULL)
    mc_window_show_progress (window, _("Opening Your Dossiers"),
                             _("Reading the dossiers kept on this computer and reconnecting to the server."));
  present_restoring (self);
  return G_SOURCE_REMOVE;
}

static void
finish_restore (McApplication *self,
                McAccount     *account,
                GAsyncResult  *result)
{
  g_autoptr(GError) error = NULL;
  McWindow *window = get_window (self);

  if (account != self->account)
    return;
  if (mc_account_restore_finish (account, result, &error) &&
      (window == NULL || show_account (self, window, &error)))
    return;

  g_clear_object (&self->account);
  if (window == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  show_welcome (self, window);
  /* No token kept (logged out, or the session ended last time), or the
   * Secret Service could not be read: the client says which. */
  if (g_error_matches (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_UNAUTHORIZED))
    mc_sign_in_page_show_error (get_sign_in_page (self, window), error->message, FALSE);
  else if (!g_error_matches (error, MC_ACCOUNT_ERROR, MC_ACCOUNT_ERROR_NO_ACCOUNT))
    {
      g_autofree char *address = g_settings_get_string (self->settings, "server-url");
      g_autofree char *message = mc_account_describe_error (error, address);

      mc_sign_in_page_show_error (get_sign_in_page (self, window), message,
                                  g_error_matches (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_TLS));
    }
}

static void
restored_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(McApplication) self = user_data;

  finish_restore (self, MC_ACCOUNT (source), result);
  if (self->present_id != 0)
    present_restoring (self);
}

/* Starts restoring the remembered account, if any: FALSE when there is
 * none. The Secret Service is asked before the window is made, so that
 * both go on at once. */
static gboolean
begin_restore (McApplication *self)
{
  g_autofree char *address = g_settings_get_string (self->settings, "server-url");
  g_autofree char *username = g_settings_get_string (self->settings, "username");

  if (*address == '\0' || *username == '\0')
    return FALSE;
  self->account = mc_account_new (self->settings, self->use_secret_service);
  mc_account_restore_async (self->account, self->cancellable, restored_cb, g_object_ref (self));
  return TRUE;
}

static void
mc_application_activate (GApplication *app)
{
  McApplication *self = MC_APPLICATION (app);
  McWindow *window = get_window (self);

  if (window == NULL)
    {
      gboolean restoring = !self->demo_requested && self->account == NULL && begin_restore (self);

      window = new_window (self);
      if (self->demo_requested)
        start_demo (self, window);
      else if (restoring)
        self->present_id = g_timeout_add (RESTORE_PRESENT_DELAY_MS, present_timeout_cb, self);
      else if (self->account != NULL && mc_account_get_sync (self->account) != NULL)
        show_account (self, window, NULL);
      else if (self->account == NULL)
        show_welcome (self, window);
    }
  if (self->present_id == 0)
    gtk_window_present (GTK_WINDOW (window));
}

static int
mc_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  McApplication *self = MC_APPLICATION (app);

  if (g_variant_dict_contains (options, "demo"))
    {
      self->demo_requested = TRUE;
      /* A demo owns a private server: it runs in its own process rather
       * than handing the request to a running instance. */
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }
  return -1;
}

static void
mc_application_shutdown (GApplication *app)
{
  McApplication *self = MC_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->present_id, g_source_remove);
  g_clear_handle_id (&self->sigterm_id, g_source_remove);
  g_clear_handle_id (&self->sigint_id, g_source_remove);
  stop_alerts (self);
  if (self->account != NULL && mc_account_get_sync (self->account) != NULL)
    mc_sync_stop (mc_account_get_sync (self->account));
  g_clear_object (&self->account);
  if (self->demo != NULL)
    mc_demo_stop (self->demo);

  G_APPLICATION_CLASS (mc_application_parent_class)->shutdown (app);
}

static void
mc_application_dispose (GObject *object)
{
  McApplication *self = MC_APPLICATION (object);

  g_clear_handle_id (&self->present_id, g_source_remove);
  stop_alerts (self);
  g_clear_object (&self->account);
  g_clear_object (&self->demo);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (mc_application_parent_class)->dispose (object);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "The Một Cửa Desk developers", NULL };
  McApplication *self = MC_APPLICATION (user_data);
  McClient *client = self->account != NULL ? mc_account_get_client (self->account) : NULL;
  g_autofree char *debug_info = NULL;
  AdwAboutWindow *about;

  debug_info = g_strdup_printf ("Một Cửa Desk %s\nGLib %u.%u.%u\nGTK %u.%u.%u\nlibadwaita %u.%u.%u\n"
                                "Server: %s\nDemo: %s\n",
                                PACKAGE_VERSION,
                                glib_major_version, glib_minor_version, glib_micro_version,
                                gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
                                adw_get_major_version (), adw_get_minor_version (), adw_get_micro_version (),
                                client != NULL ? mc_client_get_base_url (client) : "-",
                                self->demo != NULL ? "yes" : "no");
  about = ADW_ABOUT_WINDOW (adw_about_window_new ());
  gtk_window_set_transient_for (GTK_WINDOW (about), gtk_application_get_active_window (app));
  adw_about_window_set_application_name (about, _("Một Cửa Desk"));
  adw_about_window_set_application_icon (about, APP_ID);
  adw_about_window_set_version (about, PACKAGE_VERSION);
  adw_about_window_set_developer_name (about, "The Một Cửa Desk developers");
  adw_about_window_set_developers (about, developers);
  adw_about_window_set_website (about, "https://motcua.vn");
  adw_about_window_set_license_type (about, GTK_LICENSE_GPL_3_0);
  adw_about_window_set_comments (about, _("Receive, process and return administrative dossiers"));
  /* Translators: your name, to be credited in the About window. */
  adw_about_window_set_translator_credits (about, _("translator-credits"));
  adw_about_window_set_copyright (about, "© 2026 The Một Cửa Desk developers");
  adw_about_window_set_issue_url (about, "https://motcua.vn/issues");
  adw_about_window_set_debug_info (about, debug_info);
  adw_about_window_set_debug_info_filename (about, "motcua-debug-info.txt");
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  McApplication *self = MC_APPLICATION (user_data);
  McClient *client = self->account != NULL ? mc_account_get_client (self->account) : NULL;
  McPreferencesWindow *preferences;

  preferences = mc_preferences_window_new (self->settings,
                                           client != NULL ? mc_client_get_base_url (client) : NULL,
                                           client != NULL ? mc_client_get_username (client) : NULL);
  gtk_window_set_transient_for (GTK_WINDOW (preferences), gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
demo_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  McApplication *self = MC_APPLICATION (user_data);
  McWindow *window = get_window (self);

  if (window == NULL || self->demo != NULL || (self->account != NULL && mc_account_get_sync (self->account) != NULL))
    return;
  g_clear_object (&self->account);
  start_demo (self, window);
}

static void
demo_signed_in_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(McApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  McDemo *demo = MC_DEMO (source);
  McWindow *window;

  if (!mc_demo_sign_in_finish (demo, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && (window = get_window (self)) != NULL)
        mc_window_add_toast (window, adw_toast_new (error->message));
      return;
    }
  stop_alerts (self);
  g_clear_object (&self->account);
  self->account = mc_account_new (self->settings, FALSE);
  window = replace_window (self);
  if (!mc_account_adopt (self->account, mc_demo_get_client (demo), mc_demo_get_cache_path (demo), &error) ||
      !show_account (self, window, &error))
    {
      show_demo_error (self, window, error);
      return;
    }
  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "demo-account")),
                             g_variant_new_string (mc_demo_get_username (demo)));
}

static void
demo_account_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  McApplication *self = MC_APPLICATION (user_data);
  const char *username = g_variant_get_string (parameter, NULL);
  McWindow *window = get_window (self);

  if (self->demo == NULL || g_strcmp0 (username, mc_demo_get_username (self->demo)) == 0)
    return;
  if (window != NULL)
    mc_window_show_progress (window, _("Switching the Demo Account"),
                             _("Signing in to the demo server as another officer."));
  mc_demo_sign_in_async (self->demo, username, self->cancellable, demo_signed_in_cb, g_object_ref (self));
}

static void
open_dossier_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  McApplication *self = MC_APPLICATION (user_data);
  McWindow *window = get_window (self);

  if (window == NULL)
    {
      g_application_activate (G_APPLICATION (self));
      window = get_window (self);
    }
  if (window == NULL)
    return;
  gtk_window_present (GTK_WINDOW (window));
  if (!mc_window_open_dossier (window, g_variant_get_string (parameter, NULL)))
    mc_window_add_toast (window, adw_toast_new (_("This dossier is not in the local copy any more.")));
}

/* After the account went (logged out, or its session ended): a fresh
 * window on the sign-in page, nothing of the account left on screen. */
static McWindow *
back_to_sign_in (McApplication *self)
{
  McWindow *window;

  set_action_enabled (self, "log-out", FALSE);
  window = replace_window (self);
  show_welcome (self, window);
  return window;
}

/* Logging out */

typedef struct {
  McApplication  *app;          /* owned */
  GtkCheckButton *delete_check; /* unowned: the dialog's */
} LogOutData;

static void
log_out_data_free (LogOutData *data)
{
  g_clear_object (&data->app);
  g_free (data);
}

static void
logged_out_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(McApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  McWindow *window;

  if (!mc_account_log_out_finish (MC_ACCOUNT (source), result, &error))
    {
      if ((window = get_window (self)) != NULL)
        mc_window_add_toast (window, adw_toast_new (error->message));
      return;
    }
  if (MC_ACCOUNT (source) == self->account)
    g_clear_object (&self->account);
  back_to_sign_in (self);
}

static void
log_out_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     LogOutData       *data)
{
  McApplication *self = data->app;
  gboolean delete_cache;

  if (g_strcmp0 (response, "log-out") != 0 || self->account == NULL)
    return;
  delete_cache = gtk_check_button_get_active (data->delete_check);
  stop_alerts (self);
  /* Kept, the waiting actions are sent after the next sign-in; the
   * check box cannot delete them (see log_out_action). */
  mc_account_log_out_async (self->account, delete_cache, !delete_cache, NULL, logged_out_cb, g_object_ref (self));
}

/* The server ended the session: a fresh window signs in again, and the
 * actions waiting in the cache are sent once the same person has. */
static void
sign_in_again_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  McApplication *self = user_data;
  McClient *client = self->account != NULL ? mc_account_get_client (self->account) : NULL;
  McWindow *window;

  if (client == NULL || self->demo != NULL || mc_client_get_logged_in (client))
    return;
  stop_alerts (self);
  g_clear_object (&self->account);
  window = back_to_sign_in (self);
  mc_sign_in_page_show_error (get_sign_in_page (self, window), mc_account_session_ended_message (), FALSE);
}

static void
log_out_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  McApplication *self = MC_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *dialog, *check;
  LogOutData *data;
  guint pending;

  if (self->account == NULL || mc_account_get_client (self->account) == NULL)
    return;
  pending = mc_account_count_pending (self->account);
  dialog = adw_message_dialog_new (parent, _("Log Out?"), NULL);
  if (pending > 0)
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    ngettext ("%u action is still waiting to be sent to the server. It is "
                                              "kept on this computer and sent after you sign in again, "
                                              "so the local copy of the dossiers cannot be deleted now.",
                                              "%u actions are still waiting to be sent to the server. They "
                                              "are kept on this computer and sent after you sign in again, "
                                              "so the local copy of the dossiers cannot be deleted now.",
                                              pending),
                                    pending);
  else
    adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                                 _("You will need your password to sign in again."));
  check = gtk_check_button_new_with_mnemonic (_("Also _delete the dossiers kept on this computer"));
  gtk_widget_set_sensitive (check, pending == 0);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), check);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "log-out", _("_Log Out"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "log-out", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  data = g_new0 (LogOutData, 1);
  data->app = g_object_ref (self);
  data->delete_check = GTK_CHECK_BUTTON (check);
  g_signal_connect_data (dialog, "response", G_CALLBACK (log_out_response_cb), data,
                         (GClosureNotify) (void (*) (void)) log_out_data_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "quit", quit_action },
  { "preferences", preferences_action },
  { "demo", demo_action },
  { "demo-account", demo_account_action, "s", "''", NULL },
  { "open-dossier", open_dossier_action, "s" },
  { "log-out", log_out_action },
  { "sign-in-again", sign_in_again_action },
};

/* SIGTERM and SIGINT end the application properly, so that a demo's
 * server stops and its folder goes away. */
static gboolean
quit_on_signal_cb (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_CONTINUE;
}

static void
mc_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *help_accels[] = { "<Control>question", NULL };
  McApplication *self = MC_APPLICATION (app);

  G_APPLICATION_CLASS (mc_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", preferences_accels);
  /* "?" alone is the window's own shortcut (mc-window.c), so it types. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", help_accels);
  /* Only meaningful once signed in, resp. in a demo. */
  set_action_enabled (self, "log-out", FALSE);
  set_action_enabled (self, "demo-account", FALSE);
  self->sigterm_id = g_unix_signal_add (SIGTERM, quit_on_signal_cb, app);
  self->sigint_id = g_unix_signal_add (SIGINT, quit_on_signal_cb, app);
}

static void
mc_application_class_init (McApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  mc_application_ensure_resources ();
  object_class->dispose = mc_application_dispose;
  app_class->activate = mc_application_activate;
  app_class->startup = mc_application_startup;
  app_class->shutdown = mc_application_shutdown;
  app_class->handle_local_options = mc_application_handle_local_options;
}

static void
mc_application_init (McApplication *self)
{
  static const GOptionEntry options[] = {
    { "demo", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
      N_("Try the application on a private demo server with demo data"), NULL },
    { NULL }
  };

  self->cancellable = g_cancellable_new ();
  self->settings = mc_application_new_settings ();
  /* MOTCUA_NO_SECRET_SERVICE=1: kiosks and tests without a keyring; the
   * token then lives in memory only and each start asks to sign in. */
  self->use_secret_service = g_strcmp0 (g_getenv ("MOTCUA_NO_SECRET_SERVICE"), "1") != 0;
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

GSettings *
mc_application_new_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaSource) build_source = NULL;
  g_autofree char *self_path = NULL;

  if (source != NULL && (schema = g_settings_schema_source_lookup (source, APP_ID, TRUE)) != NULL)
    return g_settings_new_full (schema, NULL, NULL);

  /* Run from the build tree: _build/src/app/motcua, schemas in _build/data. */
  self_path = g_file_read_link ("/proc/self/exe", NULL);
  if (self_path != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self_path);
      g_autofree char *data = g_build_filename (dir, "..", "..", "data", NULL);

      build_source = g_settings_schema_source_new_from_directory (data, source, FALSE, NULL);
      if (build_source != NULL && (schema = g_settings_schema_source_lookup (build_source, APP_ID, FALSE)) != NULL)
        return g_settings_new_full (schema, NULL, NULL);
    }
  g_error ("The settings schema %s is not installed: install the package completely, or set "
           "GSETTINGS_SCHEMA_DIR to the folder of its gschemas.compiled.", APP_ID);
  return NULL;
}

GSettings *
mc_application_get_settings (McApplication *self)
{
  g_return_val_if_fail (MC_IS_APPLICATION (self), NULL);
  return self->settings;
}

McAccount *
mc_application_get_account (McApplication *self)
{
  g_return_val_if_fail (MC_IS_APPLICATION (self), NULL);
  return self->account;
}

McDeadlineAlerts *
mc_application_get_alerts (McApplication *self)
{
  g_return_val_if_fail (MC_IS_APPLICATION (self), NULL);
  return self->alerts;
}

McApplication *
mc_application_new (void)
{
  return g_object_new (MC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/vn/motcua/Desk",
                       NULL);
}
