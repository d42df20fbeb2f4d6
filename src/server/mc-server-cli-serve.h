/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* motcua-server serve --db PATH --listen HOST:PORT [--tls-cert F --tls-key F] */
int mc_server_cli_serve (int    argc,
                         char **argv);

G_END_DECLS
