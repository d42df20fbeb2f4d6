/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "mc-server-cli.h"

G_BEGIN_DECLS

/* Shared by the files of the subcommands (mc-server-cli*.c), so that every
 * subcommand reports bad arguments and failures the same way. */

/* A clear message on stderr, then the context's help when there is one;
 * returns MC_EXIT_USAGE. */
int      usage_error   (GOptionContext *context,
                        const char     *format,
                        ...) G_GNUC_PRINTF (2, 3);
/* The error's message on stderr; returns MC_EXIT_FAILURE. */
int      failure       (const GError   *error);
/* Parses options; on failure prints why, sets *status and returns FALSE. */
gboolean parse_options (GOptionContext *context,
                        int            *argc,
                        char         ***argv,
                        int            *status);

/* A subcommand (or a verb of one) and its one-line summary (N_()). */
typedef struct {
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *summary;
} McCliCommand;

/* Runs the entry of `commands` named by argv[1] with its own name as
 * argv[0]; without one, or for help, prints `usage` (translated, e.g.
 * "Usage: motcua-server user VERB [OPTIONS…]") and the table. `program`
 * prefixes the entry's name in messages and in the program name. */
int      mc_server_cli_dispatch (const McCliCommand *commands,
                                 guint               n_commands,
                                 const char         *program,
                                 const char         *usage,
                                 int                 argc,
                                 char              **argv);

G_END_DECLS
