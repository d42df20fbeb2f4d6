/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <utime.h>

#include "mc-attachment-cache.h"

G_DEFINE_QUARK (mc-attachment-cache-error-quark, mc_attachment_cache_error)

char *
mc_attachment_cache_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "motcua", "attachments", NULL);
}

static gboolean
is_sha256 (const char *sha256)
{
  if (sha256 == NULL || strlen (sha256) != 64)
    return FALSE;
  for (const char *p = sha256; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

/* DIR/SHA/NAME, with NAME reduced to a plain file name. */
static char *
build_path (const char *dir,
            const char *sha256,
            const char *name)
{
  g_autofree char *default_dir = dir == NULL ? mc_attachment_cache_dir () : NULL;
  g_autofree char *base = g_path_get_basename (name != NULL && *name != '\0' ? name : "file");

  if (g_str_equal (base, ".") || g_str_equal (base, "..") || g_str_equal (base, G_DIR_SEPARATOR_S))
    {
      g_free (base);
      base = g_strdup ("file");
    }
  return g_build_filename (dir != NULL ? dir : default_dir, sha256, base, NULL);
}

static gboolean
matches (const char *data,
         gsize       length,
         const char *sha256)
{
  g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);

  return g_ascii_strcasecmp (sum, sha256) == 0;
}

GFile *
mc_attachment_cache_lookup (const char *dir,
                            const char *sha256,
                            const char *name)
{
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  if (!is_sha256 (sha256))
    return NULL;
  path = build_path (dir, sha256, name);
  if (!g_file_get_contents (path, &data, &length, NULL))
    return NULL;
  if (!matches (data, length, sha256))
    {
      g_autofree char *folder = g_path_get_dirname (path);

      g_debug ("Removing the damaged cached attachment %s", path);
      g_unlink (path);
      g_rmdir (folder);
      return NULL;
    }
  /* Used now: the last to go when the folder is pruned. */
  g_utime (path, NULL);
  return g_file_new_for_path (path);
}

gboolean
mc_attachment_cache_check (const char  *sha256,
                           GBytes      *bytes,
                           GError     **error)
{
  gsize length = 0;
  const char *data;

  g_return_val_if_fail (bytes != NULL, FALSE);

  if (!is_sha256 (sha256))
    {
      g_set_error (error, MC_ATTACHMENT_CACHE_ERROR, MC_ATTACHMENT_CACHE_ERROR_INVALID,
                   _("The server gave no valid fingerprint for this file."));
      return FALSE;
    }
  data = g_bytes_get_data (bytes, &length);
  if (!matches (data != NULL ? data : "", length, sha256))
    {
      g_set_error (error, MC_ATTACHMENT_CACHE_ERROR, MC_ATTACHMENT_CACHE_ERROR_DAMAGED,
                   _("The downloaded copy is damaged: its content does not match the file "
                     "the server keeps. Try again; if it happens again, tell the server’s "
                     "administrator."));
      return FALSE;
    }
  return TRUE;
}

GFile *
mc_attachment_cache_store (const char  *dir,
                           const char  *sha256,
                           const char  *name,
                           GBytes      *bytes,
                           GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *folder = NULL;
  gsize length = 0;
  const char *data;

  g_return_val_if_fail (bytes != NULL, NULL);

  if (!mc_attachment_cache_check (sha256, bytes, error))
    return NULL;
  data = g_bytes_get_data (bytes, &length);
  path = build_path (dir, sha256, name);
  folder = g_path_get_dirname (path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder %s: %s"), folder, g_strerror (saved));
      return NULL;
    }
  if (!g_file_set_contents_full (path, data != NULL ? data : "", (gssize) length,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return NULL;
  return g_file_new_for_path (path);
}

void
mc_attachment_cache_move_out (GFile      *file,
                              const char *to_dir,
                              gboolean    keep)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *sha256 = g_path_get_basename (folder);
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *target = NULL;
  g_autofree char *target_folder = NULL;

  if (keep && is_sha256 (sha256))
    {
      target = build_path (to_dir, sha256, name);
      target_folder = g_path_get_dirname (target);
    }
  if (target == NULL || g_mkdir_with_parents (target_folder, 0700) != 0 || g_rename (path, target) != 0)
    g_unlink (path);
  g_rmdir (folder);
}

typedef struct {
  char    *path;
  guint64  size;
  gint64   used;
} Entry;

static void
entry_clear (Entry *entry)
{
  g_free (entry->path);
}

static int
by_use (gconstpointer a,
        gconstpointer b)
{
  const Entry *x = a, *y = b;

  return (x->used > y->used) - (x->used < y->used);
}

guint64
mc_attachment_cache_prune (const char *dir,
                           guint64     budget)
{
  g_autofree char *default_dir = dir == NULL ? mc_attachment_cache_dir () : NULL;
  const char *top = dir != NULL ? dir : default_dir;
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_autoptr(GDir) folders = g_dir_open (top, 0, NULL);
  guint64 total = 0;
  const char *sha;

  g_array_set_clear_func (entries, (GDestroyNotify) entry_clear);
  if (folders == NULL)
    return 0;
  while ((sha = g_dir_read_name (folders)) != NULL)
    {
      g_autofree char *folder = g_build_filename (top, sha, NULL);
      g_autoptr(GDir) files = is_sha256 (sha) ? g_dir_open (folder, 0, NULL) : NULL;
      const char *name;

      while (files != NULL && (name = g_dir_read_name (files)) != NULL)
        {
          Entry entry = { g_build_filename (folder, name, NULL), 0, 0 };
          GStatBuf st;

          if (g_stat (entry.path, &st) != 0 || !S_ISREG (st.st_mode))
            {
              g_free (entry.path);
              continue;
            }
          entry.size = (guint64) st.st_size;
          entry.used = (gint64) st.st_mtime;
          total += entry.size;
          g_array_append_val (entries, entry);
        }
    }

  g_array_sort (entries, by_use);
  for (guint i = 0; i < entries->len && total > budget; i++)
    {
      Entry *entry = &g_array_index (entries, Entry, i);
      g_autofree char *folder = g_path_get_dirname (entry->path);

      if (g_unlink (entry->path) == 0)
        total -= entry->size;
      /* Gone when it held only this file. */
      g_rmdir (folder);
    }
  return total;
}

GFile *
mc_attachment_cache_keep (const char  *dir,
                          const char  *sha256,
                          const char  *name,
                          GBytes      *bytes,
                          guint64      budget,
                          GError     **error)
{
  GFile *file = mc_attachment_cache_store (dir, sha256, name, bytes, error);

  if (file != NULL)
    mc_attachment_cache_prune (dir, budget);
  return file;
}
