/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "mc-dossier-list.h"

/* Helper of bench-cache: opens a cache, shows the first screen of the
 * default queue through the lazy model, and prints its resident set size
 * in kB, so that a cache of 1,000,000 rows and one of 10,000 compare. */
int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCache) cache = NULL;
  g_autoptr(McCacheQuery) query = mc_cache_query_new ();
  g_autoptr(McDossierList) list = NULL;
  g_autofree char *status = NULL;
  guint n;

  if (argc != 2)
    return 2;
  if (!(cache = mc_cache_open (argv[1], &error)))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  list = mc_dossier_list_new (cache, query);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  for (guint i = 0; i < MIN (n, 60); i++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));
  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    {
      const char *line = strstr (status, "VmRSS:");

      if (line != NULL)
        {
          long kb = 0;

          sscanf (line + 6, "%ld", &kb);
          g_print ("%u %ld\n", n, kb);
          return 0;
        }
    }
  return 1;
}
