/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "mc-json.h"
#include "mc-store-attachments.h"
#include "mc-store-private.h"

static char *
content_dir (McStore    *store,
             const char *sha256)
{
  char a[3] = { sha256[0], sha256[1], '\0' };
  char b[3] = { sha256[2], sha256[3], '\0' };

  return g_build_filename (mc_store_get_files_dir (store), a, b, NULL);
}

static char *
content_path (McStore    *store,
              const char *sha256)
{
  g_autofree char *dir = content_dir (store, sha256);

  return g_build_filename (dir, sha256, NULL);
}

static char *
digest_of (gconstpointer data,
           gsize         len)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
}

static gboolean
io_fail (GError    **error,
         const char *what,
         const char *path,
         int         saved_errno)
{
  g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_FAILED, "%s %s: %s", what, path, g_strerror (saved_errno));
  return FALSE;
}

GBytes *
mc_store_get_content (McStore    *store,
                      const char *sha256,
                      GError    **error)
{
  g_autofree char *path = NULL;
  g_autofree char *actual = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize len = 0;
  gconstpointer data;

  g_return_val_if_fail (mc_sha256_is_valid (sha256), NULL);

  path = content_path (store, sha256);
  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, MC_STORE_ERROR,
                   g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                     ? MC_STORE_ERROR_NOT_FOUND : MC_STORE_ERROR_FAILED,
                   "content %s: %s", sha256, local_error->message);
      return NULL;
    }
  bytes = g_mapped_file_get_bytes (mapped);
  data = g_bytes_get_data (bytes, &len);
  actual = digest_of (data ? data : "", len);
  if (!g_str_equal (actual, sha256))
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                   "content %s is corrupt: its SHA-256 is now %s", path, actual);
      return NULL;
    }
  return g_steal_pointer (&bytes);
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

gboolean
mc_store_put_content (McStore  *store,
                      GBytes   *content,
                      char    **sha256,
                      GError  **error)
{
  g_autofree char *digest = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *tmp = NULL;
  g_autoptr(GBytes) existing = NULL;
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (content, &len);
  int fd, dir_fd, saved;

  digest = digest_of (data ? (gconstpointer) data : "", len);
  path = content_path (store, digest);

  /* Deduplicated, unless the copy there went bad: then it is replaced. */
  existing = mc_store_get_content (store, digest, NULL);
  if (existing != NULL)
    {
      *sha256 = g_steal_pointer (&digest);
      return TRUE;
    }

  dir = content_dir (store, digest);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    return io_fail (error, "mkdir", dir, errno);
  tmp = g_build_filename (dir, ".upload-XXXXXX", NULL);
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    return io_fail (error, "create", tmp, errno);
  if (!write_all (fd, data, len) || fsync (fd) != 0)
    {
      saved = errno;
      close (fd);
      g_unlink (tmp);
      return io_fail (error, "write", tmp, saved);
    }
  if (close (fd) != 0)
    {
      saved = errno;
      g_unlink (tmp);
      return io_fail (error, "close", tmp, saved);
    }
  if (g_rename (tmp, path) != 0)
    {
      saved = errno;
      g_unlink (tmp);
      return io_fail (error, "rename", path, saved);
    }
  /* The rename itself must survive a power cut. */
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0)
    {
      fsync (dir_fd);
      close (dir_fd);
    }
  *sha256 = g_steal_pointer (&digest);
  return TRUE;
}

gboolean
mc_store_put_attachment (McStore      *store,
                         McAttachment *attachment,
                         GError      **error)
{
  g_autoptr(JsonNode) node = mc_attachment_to_json (attachment);
  g_autofree char *doc = _mc_store_node_to_text (node);
  sqlite3_stmt *stmt = _mc_store_prepare (store,
    "INSERT INTO attachments (id, dossier_id, sha256, size, created_at, doc, component) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  _mc_store_bind_text (stmt, 1, mc_attachment_get_id (attachment));
  _mc_store_bind_text (stmt, 2, mc_attachment_get_dossier_id (attachment));
  _mc_store_bind_text (stmt, 3, mc_attachment_get_sha256 (attachment));
  sqlite3_bind_int64 (stmt, 4, mc_attachment_get_size (attachment));
  sqlite3_bind_int64 (stmt, 5, mc_attachment_get_created_at (attachment));
  _mc_store_bind_text (stmt, 6, doc);
  if (mc_attachment_get_component (attachment) == MC_ATTACHMENT_NO_COMPONENT)
    sqlite3_bind_null (stmt, 7);
  else
    sqlite3_bind_int (stmt, 7, mc_attachment_get_component (attachment));
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE ? TRUE : _mc_store_fail (store, rc, error, "put attachment");
}

McAttachment *
mc_store_get_attachment (McStore    *store,
                         const char *id,
                         GError    **error)
{
  sqlite3_stmt *stmt = _mc_store_prepare (store, "SELECT doc FROM attachments WHERE id = ?1", error);
  g_autoptr(JsonNode) node = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  _mc_store_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    node = _mc_store_text_to_node ((const char *) sqlite3_column_text (stmt, 0), error);
  else if (rc == SQLITE_DONE)
    g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND, _("No attachment “%s”"), id);
  else
    _mc_store_fail (store, rc, error, "get attachment");
  sqlite3_reset (stmt);
  return node ? mc_attachment_new_from_json (node, error) : NULL;
}
