/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <libsoup/soup.h>
#include <string.h>

/* The baseline of bench-server: a SoupServer that answers every request at
 * once from the main loop with a fixed JSON body of the size of a dossier,
 * with no authentication, no database and no worker threads. What
 * motcua-server does beyond this is the cost of the API itself.
 *
 *   bench-bare-server PORT-FILE [BODY-BYTES]
 */

static GBytes *body;

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                    g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static gboolean
on_signal (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) json = g_string_new ("{\"id\":\"");
  g_autofree char *port = NULL;
  GSList *uris;
  gsize size = argc > 2 ? (gsize) g_ascii_strtoull (argv[2], NULL, 10) : 2048;

  if (argc < 2)
    {
      g_printerr ("usage: %s PORT-FILE [BODY-BYTES]\n", argv[0]);
      return 2;
    }
  while (json->len + 2 < size)
    g_string_append_c (json, 'x');
  g_string_append (json, "\"}");
  body = g_bytes_new (json->str, json->len);

  server = soup_server_new ("server-header", "bench-bare-server ", NULL);
  soup_server_add_handler (server, NULL, handle, NULL, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      g_printerr ("bench-bare-server: %s\n", error->message);
      return 1;
    }
  uris = soup_server_get_uris (server);
  port = g_strdup_printf ("%d\n", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  if (!g_file_set_contents (argv[1], port, -1, &error))
    {
      g_printerr ("bench-bare-server: %s\n", error->message);
      return 1;
    }
  g_unix_signal_add (SIGTERM, on_signal, loop);
  g_unix_signal_add (SIGINT, on_signal, loop);
  g_main_loop_run (loop);
  g_bytes_unref (body);
  return 0;
}
