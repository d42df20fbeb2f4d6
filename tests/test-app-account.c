/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "mc-account.h"
#include "mc-application.h"
#include "mc-credentials.h"
#include "mc-deadline.h"
#include "mc-deadline-alerts.h"
#include "mc-demo.h"
#include "mc-preferences-window.h"
#include "mc-test.h"
#include "mc-test-ui.h"
#include "mc-time.h"
#include "mc-window.h"

/* The account side of the application against a real motcua-server
 * seeded with the demo organisation, a real Secret Service (a private
 * gnome-keyring-daemon on the test's D-Bus session, with a keyring in the
 * test's own HOME), real cache files and real windows under Xvfb. */

#define DEMO_PASSWORD "motcua-demo"
#define USERNAME "lanhdao.stp"
/* The seeded present: alerts are computed against it. */
#define SEED_NOW "2026-11-18T10:00:00+07:00"

typedef struct {
  char        *dir;
  char        *db_path;
  char        *port_file;
  guint        port;
  GSubprocess *process;
  char        *base;
} Server;

static Server server;
static GSubprocess *keyring;
static gboolean have_keyring;

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
server_seed (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  server.dir = g_dir_make_tmp ("motcua-account-XXXXXX", &error);
  g_assert_no_error (error);
  server.db_path = g_build_filename (server.dir, "server.db", NULL);
  server.port_file = g_build_filename (server.dir, "port", NULL);
  g_assert_cmpint (mc_test_run_server (&out, &err, "seed-demo", "--db", server.db_path, "--dossiers", "3000",
                                       "--now", SEED_NOW, NULL), ==, 0);
}

/* With @cert and @key, over HTTPS with that certificate. */
static void
server_start_with (const char *cert,
                   const char *key)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", server.port);
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_assert_null (server.process);
  g_remove (server.port_file);
  g_ptr_array_add (argv, (gpointer) g_getenv ("MOTCUA_SERVER"));
  g_ptr_array_add (argv, "serve");
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, server.db_path);
  g_ptr_array_add (argv, "--listen");
  g_ptr_array_add (argv, listen);
  g_ptr_array_add (argv, "--port-file");
  g_ptr_array_add (argv, server.port_file);
  g_ptr_array_add (argv, "--quiet");
  if (cert != NULL)
    {
      g_ptr_array_add (argv, "--tls-cert");
      g_ptr_array_add (argv, (gpointer) cert);
      g_ptr_array_add (argv, "--tls-key");
      g_ptr_array_add (argv, (gpointer) key);
    }
  g_ptr_array_add (argv, NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server.process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 4000 && !g_file_get_contents (server.port_file, &text, NULL, NULL); i++)
    g_usleep (5000);
  g_assert_nonnull (text);
  server.port = (guint) g_ascii_strtoull (text, NULL, 10);
  g_assert_cmpuint (server.port, >, 0);
  g_free (server.base);
  server.base = g_strdup_printf ("%s://127.0.0.1:%u", cert != NULL ? "https" : "http", server.port);
}

static void
server_start (void)
{
  server_start_with (NULL, NULL);
}

static void
server_stop (void)
{
  if (server.process == NULL)
    return;
  g_subprocess_send_signal (server.process, SIGTERM);
  g_subprocess_wait (server.process, NULL, NULL);
  g_clear_object (&server.process);
}

/* A keyring of the test's own, unlocked, so no prompt ever shows. */
static gboolean
start_keyring (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autofree char *program = g_find_program_in_path ("gnome-keyring-daemon");
  GOutputStream *input;

  if (program == NULL)
    return FALSE;
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (bus == NULL)
    return FALSE;
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  keyring = g_subprocess_launcher_spawn (launcher, &error, "gnome-keyring-daemon", "--replace", "--foreground",
                                         "--unlock", "--components=secrets", NULL);
  if (keyring == NULL)
    return FALSE;
  input = g_subprocess_get_stdin_pipe (keyring);
  g_output_stream_write_all (input, "motcua-test", 11, NULL, NULL, NULL);
  g_output_stream_close (input, NULL, NULL);
  return mc_test_wait_for_bus_name (bus, "org.freedesktop.secrets", 10000);
}

/* Skips the test, saying why, without a display or a Secret Service. */
static gboolean
skip_without_keyring (void)
{
  if (mc_test_have_display () && have_keyring)
    return FALSE;
  g_test_skip (!have_keyring ? "no Secret Service could be started" : "no display");
  return TRUE;
}

/* The desktop's notification service, as a notification daemon offers
 * it: the test session has none, and the application's notifications are
 * checked here. */

static GPtrArray *notifications;   /* summaries received */

static const char notifications_xml[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='as' direction='in'/><arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "<arg type='u' direction='out'/></method>"
  "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "<method name='GetServerInformation'><arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "<arg type='s' direction='out'/><arg type='s' direction='out'/></method>"
  "<signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "<signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  "</interface></node>";

static void
notifications_method_cb (GDBusConnection       *connection,
                         const char            *sender,
                         const char            *path,
                         const char            *interface,
                         const char            *method,
                         GVariant              *parameters,
                         GDBusMethodInvocation *invocation,
                         gpointer               user_data)
{
  if (g_str_equal (method, "Notify"))
    {
      const char *summary = NULL;

      g_variant_get_child (parameters, 3, "&s", &summary);
      g_ptr_array_add (notifications, g_strdup (summary));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", notifications->len));
    }
  else if (g_str_equal (method, "GetCapabilities"))
    {
      const char *caps[] = { "body", "actions", NULL };
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_str_equal (method, "GetServerInformation"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ssss)", "test", "motcua", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static gboolean
start_notifications (void)
{
  static const GDBusInterfaceVTable vtable = { notifications_method_cb, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, NULL);
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;

  if (bus == NULL || info == NULL)
    return FALSE;
  notifications = g_ptr_array_new_with_free_func (g_free);
  if (g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications", info->interfaces[0],
                                         &vtable, NULL, NULL, NULL) == 0)
    return FALSE;
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.Notifications", 0x4),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  return reply != NULL;
}

/* Waiting */

typedef gboolean (*Condition) (gpointer data);

static void
wait_until (Condition   condition,
            gpointer    data,
            const char *what)
{
  gint64 end = g_get_monotonic_time () + 90 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > end)
        g_error ("Timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
logged_out (gpointer data)
{
  return mc_application_get_account (data) == NULL;
}

static gboolean
have_notification (gpointer data)
{
  return notifications->len > 0;
}

static gboolean
page_not_busy (gpointer data)
{
  return !mc_sign_in_page_get_busy (data);
}

typedef struct {
  McWindow   *window;
  const char *page;
} PageWait;

static gboolean
window_on_page (gpointer data)
{
  PageWait *w = data;

  return g_strcmp0 (mc_window_get_page (w->window), w->page) == 0;
}

static void
wait_for_page (McWindow   *window,
               const char *page)
{
  PageWait w = { window, page };

  wait_until (window_on_page, &w, page);
}

static gboolean
sync_online (gpointer data)
{
  return mc_sync_get_state (data) == MC_SYNC_STATE_ONLINE && !mc_sync_get_more (data);
}

static gboolean
sync_offline (gpointer data)
{
  return mc_sync_get_state (data) == MC_SYNC_STATE_OFFLINE;
}

static char *
lookup_token (const char *base,
              const char *username)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *token;

  mc_credentials_lookup_async (base, username, NULL, mc_test_result_cb, &result);
  token = mc_credentials_lookup_finish (mc_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return token;
}

static gboolean
token_forgotten (gpointer data)
{
  g_autofree char *token = lookup_token (data, USERNAME);

  return token == NULL;
}

static gboolean
counted (gpointer data)
{
  return !mc_queue_sidebar_get_counting (mc_window_get_queue_sidebar (data));
}

/* Runs the main loop for @ms: animations end, nothing else is waited for. */
static void
run_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

static gboolean
sync_refused (gpointer data)
{
  return mc_sync_get_state (data) == MC_SYNC_STATE_ERROR;
}

static void
count_cb (guint *n)
{
  (*n)++;
}

static gboolean
session_ended (gpointer data)
{
  const char *status = mc_window_get_sync_status (data);

  return status != NULL && g_str_has_prefix (status, "Session ended");
}

/* The application as `motcua` runs it, without its main loop. */
static McApplication *
start_app (McWindow **window)
{
  static guint n_apps;
  McApplication *app = mc_application_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup_printf ("%s.Test%u", APP_ID, ++n_apps);

  /* Tests share one D-Bus session: no name of our own. GtkApplication's
   * startup keeps a reference until a shutdown that only
   * g_application_run() emits, so each instance exports its own path. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_set_application_id (G_APPLICATION (app), id);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  *window = MC_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (*window);
  mc_test_wait_until_mapped (GTK_WIDGET (*window));
  return app;
}

static void
end_app (McApplication *app)
{
  GList *windows;

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))) != NULL)
    gtk_window_destroy (windows->data);
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_object_unref (app);
}

static void
submit (McSignInPage *page,
        const char   *address,
        const char   *username,
        const char   *password)
{
  mc_sign_in_page_set_address (page, address);
  mc_sign_in_page_set_username (page, username);
  mc_sign_in_page_set_password (page, password);
  mc_sign_in_page_submit (page);
  wait_until (page_not_busy, page, "the sign-in to finish");
}

/* Lets the window lay out and paint what changed, for a snapshot. */
static gboolean
is_drawn (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) probe = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  gdk_paintable_snapshot (paintable, probe, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&probe));
  return node != NULL;
}

/* Lets the window lay out what changed (a widget waiting for its size
 * draws nothing), then keeps its picture as an artifact. */
static void
snapshot (GtkWidget  *widget,
          const char *name)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  do
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  while (!is_drawn (widget) && g_get_monotonic_time () < end);
  mc_test_save_snapshot (widget, name);
}

/* Tests */

static void
test_address (void)
{
  static const struct {
    const char *text;
    const char *url;   /* NULL: refused */
  } cases[] = {
    { "motcua.example.gov.vn", "https://motcua.example.gov.vn" },
    { "  HTTPS://MotCua.Example.gov.vn/ ", "https://motcua.example.gov.vn" },
    { "http://127.0.0.1:8080", "http://127.0.0.1:8080" },
    { "https://h.vn:8443/motcua/", "https://h.vn:8443/motcua" },
    { "ftp://h.vn", NULL },
    { "https://", NULL },
    { "https://h.vn:99999", NULL },
    { "https://h.vn:0", NULL },
    { "https://h.vn/?x=1", NULL },
    { "https://user@h.vn", NULL },
    { "", NULL },
    { "http://exa mple.vn", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = mc_account_normalize_address (cases[i].text, &error);

      g_test_message ("%s → %s", cases[i].text, url != NULL ? url : error->message);
      g_assert_cmpstr (url, ==, cases[i].url);
      if (cases[i].url == NULL)
        g_assert_error (error, MC_ACCOUNT_ERROR, MC_ACCOUNT_ERROR_INVALID_ADDRESS);
    }
}

/* The accelerator a shortcuts window shows for @action_name, if any. */
static char *
shortcut_accelerator (GtkWidget  *widget,
                      const char *action_name)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *name = NULL;
      char *accel = NULL;

      g_object_get (widget, "action-name", &name, "accelerator", &accel, NULL);
      if (g_strcmp0 (name, action_name) == 0)
        return accel;
      g_free (accel);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      char *accel = shortcut_accelerator (child, action_name);

      if (accel != NULL)
        return accel;
    }
  return NULL;
}

static void
test_sign_in (void)
{
  g_autoptr(McApplication) app = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *token = NULL;
  g_autofree char *remembered = NULL;
  McPreferencesWindow *preferences;
  McSignInPage *page;
  McWindow *window;
  McSync *sync;
  g_autofree char *accel = NULL;
  GtkWidget *overlay;

  if (skip_without_keyring ())
    return;

  app = start_app (&window);
  page = mc_window_get_sign_in_page (window);
  g_assert_cmpstr (mc_window_get_page (window), ==, "welcome");
  snapshot (GTK_WIDGET (window), "test-app-account-sign-in.png");

  /* A malformed address is refused before any network. */
  submit (page, "ftp://motcua.example.vn", USERNAME, "x");
  g_assert_nonnull (strstr (mc_sign_in_page_get_error (page), "https://"));
  g_assert_null (mc_application_get_account (app));

  /* Nothing listens on port 1. */
  submit (page, "http://127.0.0.1:1", USERNAME, "typed password");
  g_test_message ("unreachable: %s", mc_sign_in_page_get_error (page));
  g_assert_nonnull (strstr (mc_sign_in_page_get_error (page), "Cannot reach the server"));
  g_assert_cmpstr (mc_sign_in_page_get_address (page), ==, "http://127.0.0.1:1");
  g_assert_cmpstr (mc_sign_in_page_get_username (page), ==, USERNAME);
  g_assert_cmpstr (mc_sign_in_page_get_password (page), ==, "typed password");
  g_assert_cmpstr (mc_window_get_page (window), ==, "welcome");

  /* The real server, a wrong password: what was typed stays. */
  submit (page, server.base, USERNAME, "not the password");
  g_test_message ("wrong password: %s", mc_sign_in_page_get_error (page));
  g_assert_nonnull (strstr (mc_sign_in_page_get_error (page), "password is not right"));
  g_assert_cmpstr (mc_sign_in_page_get_password (page), ==, "not the password");
  g_assert_cmpstr (mc_window_get_page (window), ==, "welcome");
  snapshot (GTK_WIDGET (window), "test-app-account-wrong-password.png");

  /* The right one: the queues, the account remembered, the token kept
   * in the Secret Service and not on screen. */
  submit (page, server.base, USERNAME, DEMO_PASSWORD);
  g_assert_null (mc_sign_in_page_get_error (page));
  wait_for_page (window, "queues");
  g_assert_cmpstr (mc_sign_in_page_get_password (page), ==, "");
  settings = g_object_ref (mc_application_get_settings (app));
  remembered = g_settings_get_string (settings, "server-url");
  g_assert_cmpstr (remembered, ==, server.base);
  g_clear_pointer (&remembered, g_free);
  remembered = g_settings_get_string (settings, "username");
  g_assert_cmpstr (remembered, ==, USERNAME);
  token = lookup_token (server.base, USERNAME);
  g_assert_nonnull (token);
  g_assert_false (mc_client_get_token_in_memory_only (mc_account_get_client (mc_application_get_account (app))));

  sync = mc_window_get_sync (window);
  g_assert_true (sync == mc_account_get_sync (mc_application_get_account (app)));
  wait_until (sync_online, sync, "the first sync");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (mc_dossier_view_get_model (mc_window_get_dossier_view (window)))), >, 0);
  snapshot (GTK_WIDGET (window), "test-app-account-queues.png");

  /* The seeded department has overdue work at the real present too: the
   * first look after the sync sends its notifications. */
  if (notifications != NULL)
    {
      wait_until (have_notification, NULL, "a deadline notification");
      for (guint i = 0; i < notifications->len; i++)
        g_test_message ("notification: %s", (char *) g_ptr_array_index (notifications, i));
    }

  /* Preferences act on the running sync at once. */
  g_assert_cmpuint (mc_sync_get_poll_interval (sync), ==, g_settings_get_uint (settings, "poll-interval-seconds"));
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = mc_test_find_toplevel (MC_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  mc_test_wait_until_mapped (GTK_WIDGET (preferences));
  gtk_spin_button_set_value (mc_preferences_window_get_poll_spin (preferences), 42);
  g_assert_cmpuint (g_settings_get_uint (settings, "poll-interval-seconds"), ==, 42);
  g_assert_cmpuint (mc_sync_get_poll_interval (sync), ==, 42);
  snapshot (GTK_WIDGET (preferences), "test-app-account-preferences.png");
  gtk_window_destroy (GTK_WINDOW (preferences));

  /* The shortcuts window, made when asked for, shows the application's
   * own accelerators. */
  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  overlay = GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_nonnull (overlay);
  mc_test_wait_until_mapped (overlay);
  accel = shortcut_accelerator (overlay, "app.preferences");
  g_assert_cmpstr (accel, ==, "<Control>comma");
  g_clear_pointer (&accel, g_free);
  gtk_window_close (GTK_WINDOW (overlay));

  end_app (g_steal_pointer (&app));
}

static void
respond_to_log_out (gboolean delete_cache)
{
  AdwMessageDialog *dialog = mc_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  GtkWidget *check;

  g_assert_nonnull (dialog);
  check = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_CHECK_BUTTON (check));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), delete_cache);
  adw_message_dialog_response (dialog, "log-out");
}

static void
test_restore_offline (void)
{
  g_autoptr(McApplication) app = NULL;
  g_autofree char *token = NULL;
  g_autofree char *cache_path = NULL;
  McSignInPage *page;
  McWindow *window;
  McSync *sync;

  if (skip_without_keyring ())
    return;

  /* The server is gone: the queues open from the cache all the same. */
  server_stop ();
  app = start_app (&window);
  wait_for_page (window, "queues");
  sync = mc_window_get_sync (window);
  wait_until (sync_offline, sync, "the offline state");
  g_test_message ("offline: %s", mc_window_get_sync_status (window));
  g_assert_true (g_str_has_prefix (mc_window_get_sync_status (window), "Offline"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (mc_dossier_view_get_model (mc_window_get_dossier_view (window)))), >, 0);
  /* Who the user is comes from the cached list of users. */
  g_assert_nonnull (mc_account_get_user (mc_application_get_account (app)));
  g_assert_cmpstr (mc_user_get_username (mc_account_get_user (mc_application_get_account (app))), ==, USERNAME);
  snapshot (GTK_WIDGET (window), "test-app-account-offline.png");

  /* Log out, keeping the cache: the token goes, the user name stays. */
  cache_path = g_strdup (mc_account_get_cache_path (mc_application_get_account (app)));
  g_assert_true (g_file_test (cache_path, G_FILE_TEST_EXISTS));
  g_action_group_activate_action (G_ACTION_GROUP (app), "log-out", NULL);
  respond_to_log_out (FALSE);
  wait_until (logged_out, app, "the log-out");
  window = MC_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  wait_for_page (window, "welcome");
  g_assert_null (mc_application_get_account (app));
  token = lookup_token (server.base, USERNAME);
  g_assert_null (token);
  page = mc_window_get_sign_in_page (window);
  g_assert_cmpstr (mc_sign_in_page_get_username (page), ==, USERNAME);
  g_assert_cmpstr (mc_sign_in_page_get_address (page), ==, server.base);
  g_assert_true (g_file_test (cache_path, G_FILE_TEST_EXISTS));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "log-out"));

  end_app (g_steal_pointer (&app));
}

static void
test_expired_session (void)
{
  g_autoptr(McApplication) app = NULL;
  g_autoptr(McClient) other = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *cache_path = NULL;
  McSignInPage *page;
  McWindow *window;
  guint state_changes = 0;

  if (skip_without_keyring ())
    return;

  /* Back on the same address; sign in from the prefilled page. */
  server_start ();
  app = start_app (&window);
  g_assert_cmpstr (mc_window_get_page (window), ==, "welcome");
  page = mc_window_get_sign_in_page (window);
  g_assert_cmpstr (mc_sign_in_page_get_username (page), ==, USERNAME);
  mc_sign_in_page_set_password (page, DEMO_PASSWORD);
  mc_sign_in_page_submit (page);
  wait_until (page_not_busy, page, "the sign-in");
  wait_for_page (window, "queues");
  cache_path = g_strdup (mc_account_get_cache_path (mc_application_get_account (app)));
  end_app (g_steal_pointer (&app));

  /* The session is closed elsewhere (another computer, an administrator). */
  token = lookup_token (server.base, USERNAME);
  g_assert_nonnull (token);
  other = mc_client_new (server.base, FALSE);
  mc_client_set_session (other, USERNAME, token);
  mc_client_log_out_async (other, NULL, mc_test_result_cb, &result);
  g_assert_true (mc_client_log_out_finish (other, mc_test_wait_result (&result), &error));
  g_assert_no_error (error);

  /* Next start: the queues from the cache at once, without waiting for
   * the server; the server's refusal then shows in a bar, the token is
   * forgotten, the sync waits. */
  app = start_app (&window);
  wait_for_page (window, "queues");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (mc_dossier_view_get_model (mc_window_get_dossier_view (window)))), >, 0);
  wait_until (session_ended, window, "the end of the session");
  g_test_message ("ended: %s", mc_window_get_sync_status (window));
  g_assert_nonnull (strstr (mc_window_get_sync_bar_text (window), "session has ended"));
  wait_until (token_forgotten, server.base, "the token to be forgotten");
  /* Who the user is stays known, from the cache; the sync waits. */
  g_assert_nonnull (mc_account_get_user (mc_application_get_account (app)));
  wait_until (sync_refused, mc_window_get_sync (window), "the sync to be refused");
  wait_until (counted, window, "the queue counts");
  g_signal_connect_swapped (mc_window_get_sync (window), "notify::state", G_CALLBACK (count_cb), &state_changes);
  /* Longer than the first retry would wait (0.5 to 1 s). */
  run_for (1500);
  g_signal_handlers_disconnect_by_func (mc_window_get_sync (window), count_cb, &state_changes);
  g_assert_cmpuint (state_changes, ==, 0);
  snapshot (GTK_WIDGET (window), "test-app-account-session-ended.png");

  /* Signing in again: a fresh window, saying why, the name kept. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "sign-in-again", NULL);
  window = MC_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  wait_for_page (window, "welcome");
  page = mc_window_get_sign_in_page (window);
  g_test_message ("expired: %s", mc_sign_in_page_get_error (page));
  g_assert_nonnull (strstr (mc_sign_in_page_get_error (page), "session has ended"));
  g_assert_cmpstr (mc_sign_in_page_get_username (page), ==, USERNAME);
  g_assert_true (g_file_test (cache_path, G_FILE_TEST_EXISTS));

  /* Sign in again, then log out deleting the local copy. */
  mc_sign_in_page_set_password (page, DEMO_PASSWORD);
  mc_sign_in_page_submit (page);
  wait_until (page_not_busy, page, "the sign-in");
  wait_for_page (window, "queues");
  g_action_group_activate_action (G_ACTION_GROUP (app), "log-out", NULL);
  respond_to_log_out (TRUE);
  wait_until (logged_out, app, "the log-out");
  window = MC_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  wait_for_page (window, "welcome");
  g_assert_false (g_file_test (cache_path, G_FILE_TEST_EXISTS));
  g_clear_pointer (&token, g_free);
  token = lookup_token (server.base, USERNAME);
  g_assert_null (token);

  end_app (g_steal_pointer (&app));
}

/* Alerts */

typedef struct {
  McAlertLevel level;
} Expected;

/* The alerts that should exist at @now, computed row by row with
 * mc_deadline_alert_level (not with the alert queries the object uses). */
static GHashTable *
expected_alerts (McCache    *cache,
                 const char *user_id,
                 const char *department_id,
                 gint64      now,
                 gint64      due_soon)
{
  g_autoptr(McCalendar) calendar = NULL;
  g_autoptr(McCacheQuery) all = mc_cache_query_new ();
  g_autoptr(GError) error = NULL;
  GHashTable *expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  McCacheKey after = { 0, };
  gboolean first = TRUE;

  calendar = mc_cache_load_calendar (cache, &error);
  g_assert_no_error (error);
  for (;;)
    {
      g_autoptr(GPtrArray) rows = mc_cache_query_page (cache, all, first ? NULL : &after, 200, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < rows->len; i++)
        {
          McDossierRow *row = g_ptr_array_index (rows, i);
          McAlertLevel level;

          if (!(MC_CACHE_STATUS_OPEN & MC_CACHE_STATUS_BIT (mc_dossier_row_get_status (row))) ||
              mc_dossier_row_get_due_at (row) == MC_TIME_NONE)
            continue;
          if (g_strcmp0 (mc_dossier_row_get_assignee_id (row), user_id) != 0 &&
              g_strcmp0 (mc_dossier_row_get_department_id (row), department_id) != 0)
            continue;
          level = mc_deadline_alert_level (calendar, mc_dossier_row_get_due_at (row), now, due_soon);
          if (level != MC_ALERT_NORMAL)
            g_hash_table_insert (expected, g_strdup (mc_dossier_row_get_id (row)), GINT_TO_POINTER (level));
        }
      if (rows->len < 200)
        break;
      mc_cache_key_from_row (&after, g_ptr_array_index (rows, rows->len - 1));
      first = FALSE;
    }
  mc_cache_key_clear (&after);
  return expected;
}

static void
assert_alerts (GPtrArray  *alerts,
               GHashTable *expected)
{
  g_assert_cmpuint (alerts->len, ==, g_hash_table_size (expected));
  for (guint i = 0; i < alerts->len; i++)
    {
      McDeadlineAlert *alert = g_ptr_array_index (alerts, i);
      gpointer level = NULL;

      g_assert_true (g_hash_table_lookup_extended (expected, alert->dossier_id, NULL, &level));
      g_assert_cmpint (alert->level, ==, GPOINTER_TO_INT (level));
    }
}

static void
alerts_signal_cb (McDeadlineAlerts *alerts,
                  GPtrArray        *fresh,
                  guint            *n)
{
  *n += fresh->len;
}

typedef struct {
  GPtrArray *alerts;   /* owned: what ::alerts gave */
  GThread   *thread;   /* where it was emitted */
} Watched;

static void
watched_cb (McDeadlineAlerts *alerts,
            GPtrArray        *fresh,
            Watched          *watched)
{
  g_clear_pointer (&watched->alerts, g_ptr_array_unref);
  watched->alerts = g_ptr_array_ref (fresh);
  watched->thread = g_thread_self ();
}

static void
test_alerts (void)
{
  g_autoptr(GSettings) settings = mc_application_new_settings ();
  g_autoptr(McClient) client = NULL;
  g_autoptr(McSync) sync = NULL;
  g_autoptr(McCache) cache = NULL;
  g_autoptr(GAsyncResult) logged_in = NULL;
  g_autoptr(GAsyncResult) synced = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McDeadlineAlerts) alerts = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GHashTable) expected = NULL;
  g_autoptr(GHashTable) later = NULL;
  g_autoptr(McCalendar) calendar = NULL;
  g_autofree char *dir = g_dir_make_tmp ("motcua-alerts-XXXXXX", NULL);
  g_autofree char *cache_path = g_build_filename (dir, "cache.db", NULL);
  g_autofree char *user_id = NULL;
  g_autofree char *department_id = NULL;
  GHashTableIter iter;
  gpointer key, value;
  /* Three working days: the seeded department has work in that window. */
  const gint64 due_soon = 3 * 8 * 3600;
  gint64 now, then;
  guint n_signalled = 0;
  guint n_overdue = 0, n_soon = 0;
  g_autofree char *state_path = g_strconcat (cache_path, ".alerts", NULL);
  g_autoptr(GHashTable) all_then = NULL;
  Watched watched = { NULL, NULL };

  g_assert_true (mc_time_parse_iso8601 (SEED_NOW, &now, NULL));
  if (server.process == NULL)
    server_start ();

  client = mc_client_new (server.base, FALSE);
  mc_client_log_in_async (client, USERNAME, DEMO_PASSWORD, NULL, mc_test_result_cb, &logged_in);
  g_assert_true (mc_client_log_in_finish (client, mc_test_wait_result (&logged_in), &error));
  g_assert_no_error (error);
  user_id = g_strdup (mc_user_get_id (mc_client_get_user (client)));
  department_id = g_strdup (mc_user_get_department_id (mc_client_get_user (client)));
  g_assert_nonnull (department_id);
  sync = mc_sync_new (client, cache_path);
  mc_sync_run_async (sync, NULL, mc_test_result_cb, &synced);
  g_assert_true (mc_sync_run_finish (sync, mc_test_wait_result (&synced), &error));
  g_assert_no_error (error);
  cache = mc_cache_open (cache_path, &error);
  g_assert_no_error (error);

  g_settings_set_boolean (settings, "alerts-enabled", TRUE);
  g_settings_set_boolean (settings, "alerts-my-dossiers", TRUE);
  g_settings_set_boolean (settings, "alerts-my-department", TRUE);
  g_settings_set_uint (settings, "due-soon-working-days", 3);

  expected = expected_alerts (cache, user_id, department_id, now, due_soon);
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (GPOINTER_TO_INT (value) == MC_ALERT_OVERDUE)
        n_overdue++;
      else
        n_soon++;
    }
  g_test_message ("at %s: %u overdue, %u due soon", SEED_NOW, n_overdue, n_soon);
  /* The seed gives the department work in both states. */
  g_assert_cmpuint (n_overdue, >, 0);
  g_assert_cmpuint (n_soon, >, 0);

  /* Off: nothing, and nothing recorded. */
  alerts = mc_deadline_alerts_new (cache_path, settings);
  mc_deadline_alerts_set_user (alerts, user_id, department_id);
  mc_deadline_alerts_set_now (alerts, now);
  g_signal_connect (alerts, "alerts", G_CALLBACK (alerts_signal_cb), &n_signalled);
  g_settings_set_boolean (settings, "alerts-enabled", FALSE);
  found = mc_deadline_alerts_check (alerts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);
  g_settings_set_boolean (settings, "alerts-enabled", TRUE);

  /* On: exactly the expected ones, overdue first. */
  found = mc_deadline_alerts_check (alerts, &error);
  g_assert_no_error (error);
  assert_alerts (found, expected);
  g_assert_cmpuint (n_signalled, ==, found->len);
  g_assert_cmpint (((McDeadlineAlert *) g_ptr_array_index (found, 0))->level, ==, MC_ALERT_OVERDUE);
  {
    g_autofree char *id = NULL;
    g_autoptr(GNotification) notification = mc_deadline_alerts_build_notification (found, MC_ALERT_OVERDUE, &id);
    g_autofree char *text = mc_deadline_alerts_describe (found, MC_ALERT_OVERDUE);

    g_assert_nonnull (notification);
    if (n_overdue == 1)
      g_assert_true (g_str_has_prefix (id, "deadline-"));
    else
      g_assert_cmpstr (id, ==, "deadline-overdue");
    g_test_message ("%s", text);
  }
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Not twice. */
  found = mc_deadline_alerts_check (alerts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);
  g_assert_true (g_file_test (mc_deadline_alerts_get_state_path (alerts), G_FILE_TEST_EXISTS));
  g_assert_finalize_object (g_steal_pointer (&alerts));

  /* Nor after a restart. */
  alerts = mc_deadline_alerts_new (cache_path, settings);
  mc_deadline_alerts_set_user (alerts, user_id, department_id);
  mc_deadline_alerts_set_now (alerts, now);
  found = mc_deadline_alerts_check (alerts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Two working days later: only the new crossings (newly due soon, and
   * due soon become overdue). */
  calendar = mc_cache_load_calendar (cache, &error);
  g_assert_no_error (error);
  then = mc_deadline_add_working_time (calendar, now, 2 * 8 * 3600);
  later = expected_alerts (cache, user_id, department_id, then, due_soon);
  g_hash_table_iter_init (&iter, later);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gpointer before = NULL;

      if (g_hash_table_lookup_extended (expected, key, NULL, &before) &&
          GPOINTER_TO_INT (before) >= GPOINTER_TO_INT (value))
        g_hash_table_iter_remove (&iter);
    }
  g_test_message ("two working days later: %u new", g_hash_table_size (later));
  g_assert_cmpuint (g_hash_table_size (later), >, 0);
  mc_deadline_alerts_set_now (alerts, then);
  found = mc_deadline_alerts_check (alerts, &error);
  g_assert_no_error (error);
  assert_alerts (found, later);
  g_clear_pointer (&found, g_ptr_array_unref);
  g_assert_finalize_object (g_steal_pointer (&alerts));

  /* Watching, from nothing announced: the look runs on a worker, and
   * ::alerts comes on the main thread with every alert of the moment. */
  g_assert_cmpint (g_unlink (state_path), ==, 0);
  alerts = mc_deadline_alerts_new (cache_path, settings);
  mc_deadline_alerts_set_user (alerts, user_id, department_id);
  mc_deadline_alerts_set_now (alerts, then);
  g_signal_connect (alerts, "alerts", G_CALLBACK (watched_cb), &watched);
  mc_deadline_alerts_start (alerts, sync);
  g_assert_null (watched.alerts);
  while (watched.alerts == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (watched.thread == g_thread_self ());
  all_then = expected_alerts (cache, user_id, department_id, then, due_soon);
  assert_alerts (watched.alerts, all_then);
  /* Stopped, it goes once a look still running (a settings change may
   * have asked for another) has ended. */
  mc_deadline_alerts_stop (alerts);
  g_clear_pointer (&watched.alerts, g_ptr_array_unref);
  {
    gpointer weak = alerts;
    gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

    g_object_add_weak_pointer (G_OBJECT (alerts), &weak);
    g_clear_object (&alerts);
    while (weak != NULL && g_get_monotonic_time () < end)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
    g_assert_null (weak);
  }

  g_clear_object (&cache);
  g_clear_object (&sync);
}

/* The demo asked for from the sign-in page (or with --demo): its window,
 * made before, gets the menu of the demo's accounts at once. */
static void
test_demo_menu (void)
{
  g_autoptr(McApplication) app = NULL;
  McWindow *window;
  GtkMenuButton *button;
  GMenuModel *menu;
  g_autofree char *label = NULL;
  g_autoptr(GMenuModel) accounts = NULL;

  if (!mc_test_have_display ())
    {
      g_test_skip ("no display");
      return;
    }

  app = start_app (&window);
  wait_for_page (window, "welcome");
  g_setenv ("MOTCUA_DEMO_DOSSIERS", "60", TRUE);
  g_action_group_activate_action (G_ACTION_GROUP (app), "demo", NULL);
  g_unsetenv ("MOTCUA_DEMO_DOSSIERS");
  g_assert_cmpstr (mc_window_get_page (window), ==, "starting");
  button = GTK_MENU_BUTTON (mc_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON));
  g_assert_nonnull (button);
  gtk_menu_button_popup (button);
  menu = gtk_menu_button_get_menu_model (button);
  g_assert_nonnull (menu);
  g_assert_true (g_menu_model_get_item_attribute (menu, 0, G_MENU_ATTRIBUTE_LABEL, "s", &label));
  g_assert_cmpstr (label, ==, "Demo Account");
  accounts = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
  g_assert_cmpint (g_menu_model_get_n_items (accounts), ==, 4);
  gtk_menu_button_popdown (button);

  /* The demo up, its accounts can be chosen from there. */
  wait_for_page (window, "queues");
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "demo-account"));
  snapshot (GTK_WIDGET (window), "test-app-account-demo.png");
  end_app (g_steal_pointer (&app));
}

static void
test_demo_switch (void)
{
  g_autoptr(McDemo) demo = mc_demo_new (50);
  g_autoptr(GAsyncResult) started = NULL;
  g_autoptr(GAsyncResult) switched = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_cache = NULL;

  mc_demo_start_async (demo, NULL, mc_test_result_cb, &started);
  g_assert_true (mc_demo_start_finish (demo, mc_test_wait_result (&started), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (mc_demo_get_username (demo), ==, "giamsat");
  first_cache = g_strdup (mc_demo_get_cache_path (demo));

  mc_demo_sign_in_async (demo, "chuyenvien1.stp", NULL, mc_test_result_cb, &switched);
  g_assert_true (mc_demo_sign_in_finish (demo, mc_test_wait_result (&switched), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (mc_demo_get_username (demo), ==, "chuyenvien1.stp");
  g_assert_cmpstr (mc_client_get_username (mc_demo_get_client (demo)), ==, "chuyenvien1.stp");
  g_assert_cmpint (mc_user_get_role (mc_client_get_user (mc_demo_get_client (demo))), ==, MC_ROLE_SPECIALIST);
  g_assert_cmpstr (mc_demo_get_cache_path (demo), !=, first_cache);
  mc_demo_stop (demo);
}

static gboolean
have_message_dialog (gpointer data)
{
  return mc_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* Answers the message dialog shown and closes it. */
static void
respond (const char *response)
{
  g_autoptr(AdwMessageDialog) dialog = g_object_ref (mc_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A restore on a cache that is not a database any more (a disk error, a
 * file overwritten): the damaged file is set aside, not deleted; a fresh
 * cache is synced at its path, and the officer is told in a dialog. */
static void
test_damaged_cache (void)
{
  g_autoptr(McApplication) app = NULL;
  g_autofree char *cache_path = mc_cache_default_path (server.base, USERNAME);
  g_autofree char *dir = g_path_get_dirname (cache_path);
  g_autofree char *base = g_path_get_basename (cache_path);
  g_autofree char *aside = NULL;
  g_autofree char *junk = g_strnfill (4096, 'x');
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  AdwMessageDialog *dialog;
  const char *name;
  McWindow *window;
  McSync *sync;

  if (skip_without_keyring ())
    return;

  /* Left by the sign-in test, its files all gone to one mess. */
  g_assert_true (g_file_test (cache_path, G_FILE_TEST_EXISTS));
  for (guint i = 0; i < 3; i++)
    {
      const char *suffix[] = { "", "-wal", "-shm" };
      g_autofree char *file = g_strconcat (cache_path, suffix[i], NULL);

      g_file_set_contents (file, junk, -1, &error);
      g_assert_no_error (error);
    }

  app = start_app (&window);
  wait_for_page (window, "queues");
  wait_until (have_message_dialog, NULL, "the dialog about the damaged cache");
  dialog = mc_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_test_message ("%s", adw_message_dialog_get_body (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), ".damaged-"));
  snapshot (GTK_WIDGET (dialog), "test-app-account-damaged-cache.png");
  respond ("close");

  /* Kept beside the fresh one, as it was. */
  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, base) && g_str_has_suffix (name, "-wal") == FALSE &&
        g_str_has_suffix (name, "-shm") == FALSE && strstr (name, ".damaged-") != NULL)
      aside = g_build_filename (dir, name, NULL);
  g_assert_nonnull (aside);
  {
    g_autofree char *contents = NULL;

    g_file_get_contents (aside, &contents, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (contents, ==, junk);
  }

  /* The fresh cache fills from the server. */
  sync = mc_window_get_sync (window);
  wait_until (sync_online, sync, "the sync of the fresh cache");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (mc_dossier_view_get_model (mc_window_get_dossier_view (window)))), >, 0);

  end_app (g_steal_pointer (&app));
}

/* A server whose certificate no authority vouches for: refused, with an
 * offer to look at it; the dialog shows its fingerprint; once trusted,
 * the sign-in goes through. */
static void
test_trust_certificate (void)
{
  g_autoptr(McApplication) app = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *body = NULL;
  g_autofree char *remembered = NULL;
  AdwMessageDialog *dialog;
  McSignInPage *page;
  McWindow *window;

  if (skip_without_keyring ())
    return;
  if (!mc_test_make_certificate (server.dir, "server", &cert, &key))
    {
      g_test_skip ("openssl is not installed");
      return;
    }
  certificate = g_tls_certificate_new_from_file (cert, &error);
  g_assert_no_error (error);
  fingerprint = mc_account_certificate_fingerprint (certificate);

  server_stop ();
  server_start_with (cert, key);
  /* No account yet: the window opens on the sign-in page. */
  settings = mc_application_new_settings ();
  g_settings_reset (settings, "server-url");
  g_settings_reset (settings, "username");
  app = start_app (&window);
  wait_for_page (window, "welcome");
  page = mc_window_get_sign_in_page (window);

  submit (page, server.base, USERNAME, DEMO_PASSWORD);
  g_test_message ("untrusted: %s", mc_sign_in_page_get_error (page));
  g_assert_nonnull (mc_sign_in_page_get_error (page));
  g_assert_true (mc_sign_in_page_get_offers_trust (page));
  g_assert_cmpstr (mc_window_get_page (window), ==, "welcome");
  g_assert_cmpstr (mc_sign_in_page_get_password (page), ==, DEMO_PASSWORD);

  /* The button asks the server for its certificate and shows it. */
  g_signal_emit_by_name (page, "trust-certificate");
  wait_until (have_message_dialog, NULL, "the certificate dialog");
  dialog = mc_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_object_get (dialog, "body", &body, NULL);
  g_test_message ("%s", body);
  /* All 32 bytes, eight a line. */
  g_assert_cmpuint (strlen (fingerprint), ==, 95);
  {
    g_autofree char *lines = g_strdup_printf ("%.24s\n%.24s\n%.24s\n%s", fingerprint, fingerprint + 24,
                                              fingerprint + 48, fingerprint + 72);

    g_assert_nonnull (strstr (body, lines));
  }
  g_assert_nonnull (strstr (body, server.base));
  snapshot (GTK_WIDGET (dialog), "test-app-account-trust.png");

  /* Cancelled, nothing is trusted. */
  respond ("cancel");
  submit (page, server.base, USERNAME, DEMO_PASSWORD);
  g_assert_true (mc_sign_in_page_get_offers_trust (page));

  /* Trusted, the sign-in goes through to the queues. */
  g_signal_emit_by_name (page, "trust-certificate");
  wait_until (have_message_dialog, NULL, "the certificate dialog");
  respond ("trust");
  wait_for_page (window, "queues");
  g_assert_null (mc_sign_in_page_get_error (page));
  remembered = g_settings_get_string (settings, "server-url");
  g_assert_cmpstr (remembered, ==, server.base);
  end_app (g_steal_pointer (&app));

  server_stop ();
  server_start ();
  g_settings_reset (settings, "server-url");
  g_settings_reset (settings, "username");
}

int
main (int    argc,
      char **argv)
{
  int status;

  mc_test_init_ui (&argc, &argv);
  if (mc_test_have_display ())
    adw_init ();
  have_keyring = start_keyring ();
  if (!start_notifications ())
    g_test_message ("No session bus: notifications are not checked");
  if (!have_keyring)
    g_test_message ("No Secret Service: the sign-in tests are skipped");
  server_seed ();
  server_start ();

  g_test_add_func ("/ui/account/address", test_address);
  g_test_add_func ("/ui/account/alerts", test_alerts);
  g_test_add_func ("/ui/account/sign-in", test_sign_in);
  g_test_add_func ("/ui/account/damaged-cache", test_damaged_cache);
  g_test_add_func ("/ui/account/restore-offline", test_restore_offline);
  g_test_add_func ("/ui/account/expired-session", test_expired_session);
  g_test_add_func ("/ui/account/demo-menu", test_demo_menu);
  g_test_add_func ("/ui/account/demo-switch", test_demo_switch);
  g_test_add_func ("/ui/account/trust-certificate", test_trust_certificate);

  status = g_test_run ();
  server_stop ();
  if (keyring != NULL)
    {
      g_subprocess_send_signal (keyring, SIGTERM);
      g_subprocess_wait (keyring, NULL, NULL);
      g_clear_object (&keyring);
    }
  return status;
}
