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

G_END_DECLS
