/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-server-cli.h"

int
mc_server_cli_run (int    argc,
                   char **argv)
{
  g_printerr (_("Usage: %s COMMAND [OPTIONS…]\n"), g_get_prgname () ? g_get_prgname () : "motcua-server");
  return MC_EXIT_USAGE;
}
