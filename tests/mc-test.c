/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "mc-test.h"

static void
set_common_environment (void)
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("TZ", "Asia/Ho_Chi_Minh", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
#ifdef MC_BUILD_SCHEMA_DIR
  g_setenv ("GSETTINGS_SCHEMA_DIR", MC_BUILD_SCHEMA_DIR, TRUE);
#endif
  setlocale (LC_ALL, "");
  tzset ();
}

void
mc_test_init (int    *argc,
              char ***argv)
{
  set_common_environment ();
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
}

void
mc_test_init_ui (int    *argc,
                 char ***argv)
{
  g_autofree char *home = g_dir_make_tmp ("motcua-ui-test-XXXXXX", NULL);
  g_autofree char *cache = g_build_filename (home, "cache", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);

  g_assert (home != NULL);
  set_common_environment ();
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_test_init (argc, argv, NULL);
}

/* Runs the real motcua-server binary ($MOTCUA_SERVER), as other tools will. */
int
mc_test_run_server (char      **out,
                    char      **err,
                    const char *first,
                    ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *server = g_getenv ("MOTCUA_SERVER");
  const char *arg;
  int status = 0;
  va_list ap;

  g_assert_nonnull (server);
  g_ptr_array_add (args, (gpointer) server);
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_DEFAULT,
                               NULL, NULL, out, err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

void
mc_test_result_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

GAsyncResult *
mc_test_wait_result (GAsyncResult **result)
{
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (*result == NULL)
    {
      if (g_get_monotonic_time () > end)
        g_error ("No asynchronous result came within a minute");
      g_main_context_iteration (NULL, FALSE);
      if (*result == NULL)
        g_usleep (1000);
    }
  return *result;
}

gboolean
mc_test_make_certificate (const char *dir,
                          const char *name,
                          char      **cert,
                          char      **key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) openssl = NULL;
  g_autofree char *openssl_path = g_find_program_in_path ("openssl");

  if (openssl_path == NULL)
    return FALSE;
  *cert = g_strdup_printf ("%s/%s.crt", dir, name);
  *key = g_strdup_printf ("%s/%s.key", dir, name);
  openssl = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              openssl_path, "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                              "-subj", "/CN=127.0.0.1", "-days", "1",
                              "-keyout", *key, "-out", *cert, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (openssl, NULL, &error));
  g_assert_no_error (error);
  return TRUE;
}

gboolean
mc_test_wait_for_bus_name (GDBusConnection *bus,
                           const char      *name,
                           guint            timeout_ms)
{
  for (guint waited = 0; waited <= timeout_ms; waited += 10)
    {
      g_autoptr(GVariant) owner = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                                               "org.freedesktop.DBus", "GetNameOwner",
                                                               g_variant_new ("(s)", name), NULL,
                                                               G_DBUS_CALL_FLAGS_NONE, 1000, NULL, NULL);
      if (owner != NULL)
        return TRUE;
      g_usleep (10000);
    }
  return FALSE;
}
