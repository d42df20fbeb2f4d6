/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What an officer's desktop session gives an application that starts: a
 * session bus, an unlocked keyring answering as the Secret Service, and
 * settings kept on disk. All of it private to the benchmark, in a folder
 * of its own, and handed to the children by the environment. */
typedef struct _BenchDesktop BenchDesktop;

/* Sets XDG_*_HOME, GSETTINGS_BACKEND and DBUS_SESSION_BUS_ADDRESS in this
 * process's environment: call it before anything reads them. */
BenchDesktop *bench_desktop_start (GError       **error);
void          bench_desktop_stop  (BenchDesktop  *desktop);

G_END_DECLS
