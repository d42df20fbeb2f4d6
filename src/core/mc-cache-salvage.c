/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "mc-cache-private.h"
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

gboolean
mc_cache_take_outbox (McCache     *self,
                      const char  *damaged_path,
                      guint       *n_taken,
                      GError     **error)
{
  sqlite3 *db;
  char *attach;
  gboolean ok;

  g_return_val_if_fail (MC_IS_CACHE (self), FALSE);
  g_return_val_if_fail (damaged_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_taken != NULL)
    *n_taken = 0;
  db = _mc_cache_get_handle (self);
  /* Read write, so that SQLite may replay the file's log: the newest
   * actions may be there. */
  attach = sqlite3_mprintf ("ATTACH %Q AS damaged", damaged_path);
  ok = sqlite3_exec (db, attach, NULL, NULL, NULL) == SQLITE_OK;
  sqlite3_free (attach);
  if (!ok)
    return _mc_cache_fail (self, error, _("Cannot read the damaged cache"));
  /* Entries not acknowledged, and refusals the officer has not read yet,
   * in their order and with their keys: a resend of an action the server
   * had applied is recognised by its Idempotency-Key, not applied again. */
  ok = sqlite3_exec (db,
                     "BEGIN IMMEDIATE;"
                     "INSERT INTO main.outbox (key, dossier_id, base_version, action, path, body, state,"
                     "                         attempts, message, error_code, created_at, finished_at)"
                     "  SELECT key, dossier_id, base_version, action, path, body, state,"
                     "         attempts, message, error_code, created_at, finished_at"
                     "  FROM damaged.outbox WHERE state IN (0, 2)"
                     "  AND key NOT IN (SELECT key FROM main.outbox) ORDER BY id;",
                     NULL, NULL, NULL) == SQLITE_OK;
  if (ok && n_taken != NULL)
    *n_taken = (guint) sqlite3_changes (db);
  ok = ok && sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK;
  if (!ok)
    {
      _mc_cache_fail (self, error, _("Cannot read the actions kept in the damaged cache"));
      if (!sqlite3_get_autocommit (db))
        sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      if (n_taken != NULL)
        *n_taken = 0;
    }
  sqlite3_exec (db, "DETACH damaged", NULL, NULL, NULL);
  return ok;
}
