/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* motcua-server seed-demo --db PATH [--dossiers N] [--seed S] [--now ISO8601]:
 * argv[0] is "seed-demo". Returns the exit status. */
int mc_server_cli_seed_demo (int    argc,
                             char **argv);

G_END_DECLS
