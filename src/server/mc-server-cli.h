/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses of motcua-server's subcommands. */
#define MC_EXIT_OK 0
#define MC_EXIT_FAILURE 1
#define MC_EXIT_USAGE 2

/* Runs the subcommand named by argv[1]; returns the process exit status. */
int mc_server_cli_run (int    argc,
                       char **argv);

G_END_DECLS
