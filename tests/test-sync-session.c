/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsecret/secret.h>
#include <signal.h>

#include "mc-client.h"
#include "mc-credentials.h"
#include "mc-sync.h"
#include "mc-test-server.h"
#include "mc-test.h"

/* The session kept in the Secret Service (a real gnome-keyring-daemon on
 * a private D-Bus) and the online state's debounce, against the real
 * motcua-server on loopback. */

#define KEYRING_PASSWORD "khoa-thu-nghiem"
#define SKIP_STATUS 77

static const char *self_path;

typedef struct {
  GAsyncResult *result;
} Wait;

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  ((Wait *) user_data)->result = g_object_ref (result);
}

static GAsyncResult *
wait_for (Wait *w)
{
  while (w->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return w->result;
}

/* The Secret Service */

static char *
credentials_lookup (const char *server,
                    const char *username)
{
  g_autoptr(GError) error = NULL;
  Wait w = { NULL };
  char *token;

  mc_credentials_lookup_async (server, username, NULL, wait_cb, &w);
  token = mc_credentials_lookup_finish (wait_for (&w), &error);
  g_assert_no_error (error);
  g_object_unref (w.result);
  return token;
}

static gboolean
restore (McClient   *client,
         const char *username,
         GError    **error)
{
  Wait w = { NULL };
  gboolean ok;

  mc_client_restore_session_async (client, username, NULL, wait_cb, &w);
  ok = mc_client_restore_session_finish (client, wait_for (&w), error);
  g_object_unref (w.result);
  return ok;
}

/* Does any file under @dir hold @needle? */
static gboolean
tree_contains (const char *dir,
               const char *needle,
               guint      *n_files)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return FALSE;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (tree_contains (path, needle, n_files))
            return TRUE;
          continue;
        }
      if (!g_file_get_contents (path, &contents, &len, NULL))
        continue;
      (*n_files)++;
      /* Binary files too: a NUL does not end the search. */
      for (gsize at = 0; at + strlen (needle) <= len; at++)
        if (contents[at] == needle[0] && strncmp (contents + at, needle, strlen (needle)) == 0)
          return TRUE;
    }
  return FALSE;
}

/* In the private session bus: start the keyring, then the checks. Exits
 * SKIP_STATUS with a reason on stdout when the keyring cannot run. */
static int
keyring_child (const char *root)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) daemon = NULL;
  g_autoptr(GBytes) password = g_bytes_new_static (KEYRING_PASSWORD, strlen (KEYRING_PASSWORD));
  g_autoptr(GBytes) daemon_out = NULL;
  g_autoptr(McClient) client = NULL;
  g_autoptr(McClient) restored = NULL;
  g_autoptr(McClient) after = NULL;
  g_autofree char *token = NULL;
  g_autofree char *by_schema = NULL;
  g_autofree char *gone = NULL;
  McTestServer t = { 0 };
  McStore *store;
  guint n_files = 0;
  Wait w = { NULL };
  const SecretSchema schema = {
    APP_ID, SECRET_SCHEMA_NONE,
    { { "server", SECRET_SCHEMA_ATTRIBUTE_STRING }, { "username", SECRET_SCHEMA_ATTRIBUTE_STRING }, { NULL, 0 } },
  };

  daemon = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                             "gnome-keyring-daemon", "--unlock", "--components=secrets", NULL);
  if (daemon == NULL ||
      !g_subprocess_communicate (daemon, password, NULL, &daemon_out, NULL, &error) ||
      !g_subprocess_get_successful (daemon))
    {
      g_print ("gnome-keyring-daemon could not start: %s\n", error ? error->message : "it failed");
      return SKIP_STATUS;
    }

  store = mc_test_server_init (&t);
  mc_test_server_start (&t, NULL);

  /* Sign in: the token goes to the keyring, under the application's schema. */
  client = mc_client_new (t.base, TRUE);
  mc_client_log_in_async (client, "sup", MC_TEST_PASSWORD, NULL, wait_cb, &w);
  g_assert_true (mc_client_log_in_finish (client, wait_for (&w), &error));
  g_assert_no_error (error);
  g_clear_object (&w.result);
  if (mc_client_get_token_in_memory_only (client))
    {
      g_print ("the keyring started but refused the token (locked or no default collection)\n");
      mc_test_server_stop (&t);
      return SKIP_STATUS;
    }
  token = credentials_lookup (t.base, "sup");
  g_assert_nonnull (token);
  g_assert_cmpuint (strlen (token), >=, 16);
  by_schema = secret_password_lookup_sync (&schema, NULL, &error, "server", t.base, "username", "sup", NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (by_schema, ==, token);

  /* A new process (here a new client) restores the session from it. */
  restored = mc_client_new (t.base, TRUE);
  g_assert_true (restore (restored, "sup", &error));
  g_assert_no_error (error);
  g_assert_true (mc_client_get_logged_in (restored));
  g_assert_cmpstr (mc_client_get_username (restored), ==, "sup");

  /* Never in clear in any file of the user's directories. */
  g_assert_false (tree_contains (root, token, &n_files));
  g_assert_cmpuint (n_files, >, 0);   /* the keyring's own file at least */
  g_print ("# %u files searched for the token\n", n_files);

  /* Logging out clears it: no session to restore any more. */
  mc_client_log_out_async (restored, NULL, wait_cb, &w);
  g_assert_true (mc_client_log_out_finish (restored, wait_for (&w), &error));
  g_assert_no_error (error);
  g_clear_object (&w.result);
  gone = credentials_lookup (t.base, "sup");
  g_assert_null (gone);
  after = mc_client_new (t.base, TRUE);
  g_assert_false (restore (after, "sup", &error));
  g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  mc_store_free (store);
  mc_test_server_stop (&t);
  return 0;
}

static void
test_secret_service (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autofree char *root = g_dir_make_tmp ("motcua-keyring-XXXXXX", &error);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *command = NULL;
  g_autofree char *keyring = NULL;
  g_autofree char *dbus_run_session = NULL;
  const char *dirs[][2] = {
    { "XDG_DATA_HOME", "data" }, { "XDG_CONFIG_HOME", "config" },
    { "XDG_CACHE_HOME", "cache" }, { "XDG_RUNTIME_DIR", "runtime" },
  };

  g_assert_no_error (error);
  keyring = g_find_program_in_path ("gnome-keyring-daemon");
  dbus_run_session = g_find_program_in_path ("dbus-run-session");
  if (keyring == NULL || dbus_run_session == NULL)
    {
      g_test_skip ("gnome-keyring-daemon or dbus-run-session is not installed");
      return;
    }
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "HOME", root, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = g_build_filename (root, dirs[i][1], NULL);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_subprocess_launcher_setenv (launcher, dirs[i][0], dir, TRUE);
    }
  g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");
  child = g_subprocess_launcher_spawn (launcher, &error, "dbus-run-session", "--", self_path,
                                       "--keyring-child", root, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (child, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  g_test_message ("child: %s%s", out, err);
  command = g_strdup_printf ("rm -rf '%s'", root);
  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  if (g_subprocess_get_if_exited (child) && g_subprocess_get_exit_status (child) == SKIP_STATUS)
    {
      g_autofree char *reason = g_strdup_printf ("Secret Service not available here: %s", g_strstrip (out));

      g_test_skip (reason);
      return;
    }
  if (!g_subprocess_get_successful (child))
    g_error ("the keyring checks failed:\n%s\n%s", out, err);
}

/* The online state's debounce */

typedef struct {
  GArray *states;   /* McSyncState, each change as notified */
} Seen;

static void
state_cb (McSync     *sync,
          GParamSpec *pspec,
          Seen       *seen)
{
  McSyncState state = mc_sync_get_state (sync);

  g_array_append_val (seen->states, state);
}

static void
iterate_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE), g_usleep (2000);
}

static void
iterate_until_state (McSync      *sync,
                     McSyncState  state)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (mc_sync_get_state (sync) != state && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (mc_sync_get_state (sync), ==, state);
}

/* The network monitor says "changed" twenty times in a few hundred
 * milliseconds, as it does while an interface comes up. */
static void
flap (void)
{
  GNetworkMonitor *monitor = g_network_monitor_get_default ();

  for (guint i = 0; i < 20; i++)
    {
      g_signal_emit_by_name (monitor, "network-changed", i % 2 == 0);
      iterate_for (15);
    }
}

/* The end of a test of a started sync on the test server's cache. */
static void
end_sync_test (McSync       **sync,
               Seen          *seen,
               McStore       *store,
               McTestServer  *t,
               const char    *cache_dir)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", cache_dir);

  mc_sync_stop (*sync);
  g_clear_object (sync);
  g_array_unref (seen->states);
  mc_store_free (store);
  mc_test_server_stop (t);
  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
}

static void
test_online_debounce (void)
{
  g_autofree char *cache_dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *port_text = NULL;
  g_autofree char *listen = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McClient) client = NULL;
  g_autoptr(McSync) sync = NULL;
  McTestServer t = { 0 };
  McStore *store;
  Seen seen = { g_array_new (FALSE, FALSE, sizeof (McSyncState)) };
  const char *extra[] = { "--listen", NULL, NULL };

  store = mc_test_server_init (&t);
  mc_test_server_start (&t, NULL);
  g_assert_true (g_file_get_contents (t.port_file, &port_text, NULL, NULL));
  listen = g_strdup_printf ("127.0.0.1:%u", (guint) g_ascii_strtoull (port_text, NULL, 10));
  extra[1] = listen;
  cache_dir = g_dir_make_tmp ("motcua-online-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (cache_dir, "sup.db", NULL);

  client = mc_client_new (t.base, FALSE);
  mc_client_set_session (client, "sup", mc_test_login (&t, "sup"));
  sync = mc_sync_new (client, path);
  /* No poll and no retry inside the test's time: only the monitor acts. */
  mc_sync_set_poll_interval (sync, 3600);
  mc_sync_set_retry_limits (sync, 600000, 600000);
  g_signal_connect (sync, "notify::state", G_CALLBACK (state_cb), &seen);
  mc_sync_start (sync);
  iterate_until_state (sync, MC_SYNC_STATE_ONLINE);
  g_array_set_size (seen.states, 0);

  /* The server goes away; the network flaps. Nothing shows while it
   * flaps; once it settles, one run finds the server unreachable. */
  g_subprocess_send_signal (t.server, SIGTERM);
  g_subprocess_wait (t.server, NULL, NULL);
  g_clear_object (&t.server);
  flap ();
  g_assert_cmpuint (seen.states->len, ==, 0);
  g_assert_cmpint (mc_sync_get_state (sync), ==, MC_SYNC_STATE_ONLINE);
  iterate_until_state (sync, MC_SYNC_STATE_OFFLINE);
  g_assert_nonnull (mc_sync_get_message (sync));
  iterate_for (500);
  g_assert_cmpuint (seen.states->len, ==, 1);
  g_assert_cmpint (g_array_index (seen.states, McSyncState, 0), ==, MC_SYNC_STATE_OFFLINE);

  /* The server comes back on the same port; the network flaps again. */
  g_clear_object (&t.session);
  g_clear_pointer (&t.base, g_free);
  mc_test_server_start (&t, extra);
  g_array_set_size (seen.states, 0);
  flap ();
  g_assert_cmpuint (seen.states->len, ==, 0);
  g_assert_cmpint (mc_sync_get_state (sync), ==, MC_SYNC_STATE_OFFLINE);
  iterate_until_state (sync, MC_SYNC_STATE_ONLINE);
  iterate_for (500);
  /* One way, without going back: offline → (syncing →) online. */
  g_assert_cmpuint (seen.states->len, >=, 1);
  g_assert_cmpuint (seen.states->len, <=, 2);
  g_assert_cmpint (g_array_index (seen.states, McSyncState, seen.states->len - 1), ==, MC_SYNC_STATE_ONLINE);

  end_sync_test (&sync, &seen, store, &t, cache_dir);
}

/* The server ends the session (an administrator, another computer): the
 * client forgets the token and keeps who the user is, the sync stops
 * retrying, and signing in again on the same client starts it again. */
static void
test_session_ended (void)
{
  g_autofree char *cache_dir = NULL;
  g_autofree char *path = NULL;
  const char *token;
  g_autoptr(GError) error = NULL;
  g_autoptr(McClient) client = NULL;
  g_autoptr(McClient) other = NULL;
  g_autoptr(McSync) sync = NULL;
  McTestServer t = { 0 };
  McStore *store;
  Seen seen = { g_array_new (FALSE, FALSE, sizeof (McSyncState)) };
  Wait w = { NULL };

  store = mc_test_server_init (&t);
  mc_test_server_start (&t, NULL);
  cache_dir = g_dir_make_tmp ("motcua-ended-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (cache_dir, "sup.db", NULL);

  token = mc_test_login (&t, "sup");
  client = mc_client_new (t.base, FALSE);
  mc_client_set_session (client, "sup", token);
  sync = mc_sync_new (client, path);
  mc_sync_set_poll_interval (sync, 3600);
  /* Retries would come within the test's time. */
  mc_sync_set_retry_limits (sync, 50, 50);
  mc_sync_start (sync);
  iterate_until_state (sync, MC_SYNC_STATE_ONLINE);

  /* Closed elsewhere with the same token. */
  other = mc_client_new (t.base, FALSE);
  mc_client_set_session (other, "sup", token);
  mc_client_log_out_async (other, NULL, wait_cb, &w);
  g_assert_true (mc_client_log_out_finish (other, wait_for (&w), &error));
  g_assert_no_error (error);
  g_clear_object (&w.result);

  mc_sync_run_async (sync, NULL, wait_cb, &w);
  g_assert_false (mc_sync_run_finish (sync, wait_for (&w), &error));
  g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  g_clear_object (&w.result);
  g_assert_false (mc_client_get_logged_in (client));
  g_assert_cmpstr (mc_client_get_username (client), ==, "sup");
  g_assert_cmpint (mc_sync_get_state (sync), ==, MC_SYNC_STATE_ERROR);

  /* No retry: twenty times the backoff, and not one run. A run would be
   * refused for want of a token, in other words than the first. */
  g_assert_nonnull (strstr (mc_sync_get_message (sync), "expired"));
  g_signal_connect (sync, "notify::state", G_CALLBACK (state_cb), &seen);
  g_signal_connect (sync, "notify::message", G_CALLBACK (state_cb), &seen);
  iterate_for (1000);
  g_assert_cmpuint (seen.states->len, ==, 0);

  /* Signed in again, the sync goes on by itself. */
  mc_client_log_in_async (client, "sup", MC_TEST_PASSWORD, NULL, wait_cb, &w);
  g_assert_true (mc_client_log_in_finish (client, wait_for (&w), &error));
  g_assert_no_error (error);
  g_clear_object (&w.result);
  iterate_until_state (sync, MC_SYNC_STATE_ONLINE);
  g_assert_cmpuint (seen.states->len, >=, 1);

  end_sync_test (&sync, &seen, store, &t, cache_dir);
}

int
main (int    argc,
      char **argv)
{
  self_path = g_canonicalize_filename (argv[0], NULL);
  if (argc > 2 && g_str_equal (argv[1], "--keyring-child"))
    {
      g_setenv ("LC_ALL", "C.UTF-8", TRUE);
      return keyring_child (argv[2]);
    }
  mc_test_init (&argc, &argv);

  g_test_add_func ("/sync/session/secret-service", test_secret_service);
  g_test_add_func ("/sync/session/online-debounce", test_online_debounce);
  g_test_add_func ("/sync/session/ended", test_session_ended);

  return g_test_run ();
}
