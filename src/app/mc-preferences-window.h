/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Preferences, every one a GSettings key applied as it changes: the
 * server and account (shown; changing them means logging out), deadline
 * alerts (on/off, due soon threshold in working days, whose dossiers),
 * the sync interval (McAccount applies it to the running McSync) and the
 * disk budget of attachments kept offline (attachment-cache-mb). */

#define MC_TYPE_PREFERENCES_WINDOW (mc_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (McPreferencesWindow, mc_preferences_window, MC, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* @server_url and @username: the account signed in, NULL when none. */
McPreferencesWindow *mc_preferences_window_new (GSettings  *settings,
                                                const char *server_url,
                                                const char *username);
/* For tests and for focusing: the spin button of the sync interval. */
GtkSpinButton       *mc_preferences_window_get_poll_spin (McPreferencesWindow *self);

G_END_DECLS
