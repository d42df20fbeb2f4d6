/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Every test program starts with this: isolated XDG folders, the memory
 * GSettings backend, the schemas compiled in the build tree, a fixed time
 * zone and the C locale, so that results do not depend on the machine. */
void mc_test_init (int    *argc,
                   char ***argv);

/* The same for tests of widgets: the user's folders are private to the run,
 * but the system's data (MIME database, icon themes) stays visible, which
 * G_TEST_OPTION_ISOLATE_DIRS would hide. */
void mc_test_init_ui (int    *argc,
                      char ***argv);

/* Runs $MOTCUA_SERVER with the arguments (NULL-terminated), collecting its
 * output; returns its exit status. */
int  mc_test_run_server (char      **out,
                         char      **err,
                         const char *first,
                         ...) G_GNUC_NULL_TERMINATED;

/* Waiting for an asynchronous call: pass mc_test_result_cb with the
 * address of a GAsyncResult pointer set to NULL, then
 * mc_test_wait_result() runs the main loop until the result came (the
 * test fails after a minute) and returns it; unref it when done. */
void          mc_test_result_cb   (GObject       *source,
                                   GAsyncResult  *result,
                                   gpointer       user_data);
GAsyncResult *mc_test_wait_result (GAsyncResult **result);

/* A self-signed certificate for 127.0.0.1 and its key, made with openssl
 * in @dir as NAME.crt and NAME.key; FALSE when openssl is not installed. */
gboolean mc_test_make_certificate (const char *dir,
                                   const char *name,
                                   char      **cert,
                                   char      **key);

/* Waits up to @timeout_ms for @name to have an owner on @bus (a service
 * started beside the test, such as gnome-keyring-daemon). */
gboolean mc_test_wait_for_bus_name (GDBusConnection *bus,
                                    const char      *name,
                                    guint            timeout_ms);

G_END_DECLS
