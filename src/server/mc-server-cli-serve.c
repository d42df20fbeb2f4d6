/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "mc-server-cli-private.h"
#include "mc-server-cli-serve.h"
#include "mc-server.h"

int
mc_server_cli_serve (int    argc,
                     char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *files_dir = NULL;
  g_autofree char *port_file = NULL;
  int workers = 0, upload_mb = 50;
  gboolean quiet = FALSE;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("Server database (created if missing)"), N_("PATH") },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, N_("Address and port, e.g. 127.0.0.1:8080 (port 0: any free one)"), N_("HOST:PORT") },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert, N_("Serve HTTPS with this certificate (PEM)"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, N_("The certificate’s private key (PEM)"), N_("FILE") },
    { "files", 0, 0, G_OPTION_ARG_FILENAME, &files_dir, N_("Folder for attachment contents (default: PATH.files)"), N_("DIR") },
    { "workers", 0, 0, G_OPTION_ARG_INT, &workers, N_("Worker threads (default 4)"), N_("N") },
    { "upload-limit-mb", 0, 0, G_OPTION_ARG_INT, &upload_mb, N_("Largest attachment accepted, in MB (default 50)"), N_("MB") },
    { "port-file", 0, 0, G_OPTION_ARG_FILENAME, &port_file, N_("Write the port listened on to this file once ready"), N_("FILE") },
    { "quiet", 0, 0, G_OPTION_ARG_NONE, &quiet, N_("Do not log each request"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— serve the v1 API"));
  g_autoptr(McServer) server = NULL;
  g_autoptr(GError) error = NULL;
  McServerOptions options = { 0 };
  int status;
  guint port;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage_error (context, _("Unexpected argument “%s”"), argv[1]);
  if (db_path == NULL)
    return usage_error (context, _("--db is required"));
  if (listen == NULL)
    return usage_error (context, _("--listen is required, e.g. --listen 127.0.0.1:8080"));
  if (workers < 0 || workers > 64)
    return usage_error (context, _("--workers must be from 1 to 64"));
  if (upload_mb < 1 || upload_mb > 1024)
    return usage_error (context, _("--upload-limit-mb must be from 1 to 1024"));
  if ((tls_cert == NULL) != (tls_key == NULL))
    return usage_error (context, _("Give both --tls-cert and --tls-key, or neither"));

  options.db_path = db_path;
  options.files_dir = files_dir;
  options.workers = (guint) workers;
  options.upload_limit = (gsize) upload_mb * 1024 * 1024;
  options.quiet = quiet;
  server = mc_server_new (&options, &error);
  if (server == NULL || !mc_server_listen (server, listen, tls_cert, tls_key, &error))
    return failure (error);

  port = mc_server_get_port (server);
  g_printerr (_("motcua-server: serving %s on port %u\n"), db_path, port);
  if (port_file != NULL)
    {
      /* Written whole and renamed, so a reader never sees half a number. */
      g_autofree char *text = g_strdup_printf ("%u\n", port);
      if (!g_file_set_contents (port_file, text, -1, &error))
        return failure (error);
    }
  return mc_server_run (server);
}
