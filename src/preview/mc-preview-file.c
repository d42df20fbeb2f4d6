/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mc-preview-backend.h"

typedef struct
{
  void  *data;
  gsize  size;
} Mapping;

static void
mapping_free (gpointer user_data)
{
  Mapping *mapping = user_data;

  munmap (mapping->data, mapping->size);
  g_free (mapping);
}

/* The whole of a regular file, mapped read-only (no copy, and no system
 * call per block read through the filter), or read into memory where it
 * cannot be mapped. The client hands over files it does not rewrite in
 * place; one cut short under the mapping would end the helper (SIGBUS),
 * which the client reports as a crash. */
GBytes *
mc_preview_file_bytes (int fd)
{
  struct stat st;
  Mapping *mapping;
  guint8 *data;
  gsize done = 0;

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size <= 0 || (guint64) st.st_size > G_MAXSIZE / 2)
    return NULL;
  data = mmap (NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (data != MAP_FAILED)
    {
      mapping = g_new (Mapping, 1);
      mapping->data = data;
      mapping->size = st.st_size;
      return g_bytes_new_with_free_func (data, st.st_size, mapping_free, mapping);
    }
  data = g_try_malloc (st.st_size);
  while (data != NULL && done < (gsize) st.st_size)
    {
      ssize_t n = pread (fd, data + done, st.st_size - done, done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      done += n;
    }
  if (data == NULL || done != (gsize) st.st_size)
    {
      g_free (data);
      return NULL;
    }
  return g_bytes_new_take (data, st.st_size);
}
