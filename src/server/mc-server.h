/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "mc-request.h"

G_BEGIN_DECLS

/* motcua-server serve: a SoupServer on the main thread that parses
 * requests and writes answers, and a pool of worker threads, each with its
 * own database connection, that run the handlers. A slow request holds a
 * worker, never the main loop. */

typedef struct {
  const char *db_path;
  const char *files_dir;     /* NULL: "<db>.files" */
  guint       workers;       /* 0: 4 */
  gsize       upload_limit;  /* 0: 50 MB */
  gboolean    quiet;         /* no request log */
} McServerOptions;

typedef struct _McServer McServer;

McServer  *mc_server_new        (const McServerOptions *options,
                                 GError               **error);
/* "127.0.0.1:8080", "[::1]:0", "0.0.0.0:443" … Port 0 picks a free one. */
gboolean   mc_server_listen     (McServer     *server,
                                 const char   *listen,
                                 const char   *tls_cert,
                                 const char   *tls_key,
                                 GError      **error);
guint      mc_server_get_port   (McServer     *server);
/* Stops taking requests and waits for the ones in progress. */
void       mc_server_free       (McServer     *server);

/* Runs until SIGTERM or SIGINT; returns the exit status. */
int        mc_server_run        (McServer     *server);

/* The routes the server registers (for docs/api.yaml's test). */
const McRoute *mc_server_get_routes (guint *n_routes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McServer, mc_server_free)

G_END_DECLS
