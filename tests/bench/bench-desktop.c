/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "bench-desktop.h"
#include "../mc-test.h"

#define KEYRING_PASSWORD "motcua-bench"

struct _BenchDesktop {
  char        *root;
  GSubprocess *bus;
  GSubprocess *keyring;
};

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
end_process (GSubprocess **process)
{
  if (*process == NULL)
    return;
  g_subprocess_send_signal (*process, SIGTERM);
  g_subprocess_wait (*process, NULL, NULL);
  g_clear_object (process);
}

static gboolean
start_bus (BenchDesktop  *d,
           GError       **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *address = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  d->bus = g_subprocess_launcher_spawn (launcher, error, "dbus-daemon", "--session", "--nofork",
                                        "--nopidfile", "--print-address=1", NULL);
  if (d->bus == NULL)
    return FALSE;
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (d->bus));
  address = g_data_input_stream_read_line (out, NULL, NULL, error);
  if (address == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "dbus-daemon printed no address");
      return FALSE;
    }
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", g_strstrip (address), TRUE);
  return TRUE;
}

/* Unlocked, as the desktop unlocks it at login: no prompt ever shows. */
static gboolean
start_keyring (BenchDesktop  *d,
               GError       **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  GOutputStream *input;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  d->keyring = g_subprocess_launcher_spawn (launcher, error, "gnome-keyring-daemon", "--foreground",
                                            "--unlock", "--components=secrets", NULL);
  if (d->keyring == NULL)
    return FALSE;
  input = g_subprocess_get_stdin_pipe (d->keyring);
  if (!g_output_stream_write_all (input, KEYRING_PASSWORD, strlen (KEYRING_PASSWORD), NULL, NULL, error) ||
      !g_output_stream_close (input, NULL, error))
    return FALSE;

  bus = g_dbus_connection_new_for_address_sync (g_getenv ("DBUS_SESSION_BUS_ADDRESS"),
                                                G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                NULL, NULL, error);
  if (bus == NULL)
    return FALSE;
  if (mc_test_wait_for_bus_name (bus, "org.freedesktop.secrets", 10000))
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
               "gnome-keyring-daemon did not take the Secret Service's name within 10 s");
  return FALSE;
}

BenchDesktop *
bench_desktop_start (GError **error)
{
  static const char *dirs[][2] = {
    { "XDG_DATA_HOME", "data" }, { "XDG_CONFIG_HOME", "config" },
    { "XDG_CACHE_HOME", "cache" }, { "XDG_RUNTIME_DIR", "runtime" },
  };
  BenchDesktop *d = g_new0 (BenchDesktop, 1);

  d->root = g_dir_make_tmp ("motcua-bench-desktop-XXXXXX", error);
  if (d->root == NULL)
    goto fail;
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = g_build_filename (d->root, dirs[i][1], NULL);

      g_mkdir_with_parents (dir, 0700);
      g_setenv (dirs[i][0], dir, TRUE);
    }
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  if (!start_bus (d, error) || !start_keyring (d, error))
    goto fail;
  return d;

fail:
  bench_desktop_stop (d);
  return NULL;
}

void
bench_desktop_stop (BenchDesktop *d)
{
  if (d == NULL)
    return;
  end_process (&d->keyring);
  end_process (&d->bus);
  if (d->root != NULL)
    {
      g_autofree char *command = g_strdup_printf ("rm -rf '%s'", d->root);

      g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
    }
  g_free (d->root);
  g_free (d);
}
