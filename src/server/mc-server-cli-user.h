/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* motcua-server user add|list|disable|enable|reset-password …: argv[0] is
 * "user". Returns the exit status. */
int mc_server_cli_user (int    argc,
                        char **argv);

G_END_DECLS
