/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "mc-cache-salvage.h"

/* The files SQLite keeps beside a database in WAL mode, the database
 * first: they go aside together, or the log would be replayed into the
 * wrong file. */
static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

char *
mc_cache_set_aside (const char  *path,
                    GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *aside = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  aside = g_strdup_printf ("%s.damaged-%s", path, stamp);
  for (guint n = 2; g_file_test (aside, G_FILE_TEST_EXISTS); n++)
    {
      g_free (aside);
      aside = g_strdup_printf ("%s.damaged-%s-%u", path, stamp, n);
    }
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (aside, suffixes[i], NULL);

      if (g_rename (from, to) != 0 && errno != ENOENT)
        {
          int saved = errno;

          g_set_error (error, MC_CACHE_ERROR, MC_CACHE_ERROR_OPEN,
                       _("Cannot move the damaged cache %s aside: %s"), from, g_strerror (saved));
          return NULL;
        }
    }
  return g_steal_pointer (&aside);
}
