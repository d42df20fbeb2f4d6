/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <utime.h>

#include "mc-attachment-cache.h"
#include "mc-test.h"

/* The offline copies of attachments: filed by fingerprint, never taken
 * from the cache or stored when the content does not match it, and kept
 * within a size budget. Real files in a temporary folder. */

static char *
sha256_of (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

static void
test_store_and_lookup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("motcua-attachments-XXXXXX", &error);
  g_autofree char *sum = sha256_of ("%PDF-1.7 giấy khai sinh");
  g_autoptr(GBytes) bytes = g_bytes_new_static ("%PDF-1.7 giấy khai sinh", strlen ("%PDF-1.7 giấy khai sinh"));
  g_autoptr(GBytes) other = g_bytes_new_static ("%PDF-1.7 giả mạo", strlen ("%PDF-1.7 giả mạo"));
  g_autoptr(GFile) stored = NULL;
  g_autoptr(GFile) found = NULL;
  g_autoptr(GFile) missing = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;
  GStatBuf st;

  g_assert_no_error (error);

  /* Content that does not match its fingerprint is refused, not filed. */
  g_assert_null (mc_attachment_cache_store (dir, sum, "khai-sinh.pdf", other, &error));
  g_assert_error (error, MC_ATTACHMENT_CACHE_ERROR, MC_ATTACHMENT_CACHE_ERROR_DAMAGED);
  g_clear_error (&error);
  g_assert_null (mc_attachment_cache_lookup (dir, sum, "khai-sinh.pdf"));
  g_assert_null (mc_attachment_cache_store (dir, "../../etc", "x", bytes, &error));
  g_assert_error (error, MC_ATTACHMENT_CACHE_ERROR, MC_ATTACHMENT_CACHE_ERROR_INVALID);
  g_clear_error (&error);

  /* Filed under DIR/SHA/NAME, private; a path in the name is dropped. */
  stored = mc_attachment_cache_store (dir, sum, "../../khai-sinh.pdf", bytes, &error);
  g_assert_no_error (error);
  path = g_file_get_path (stored);
  expected = g_build_filename (dir, sum, "khai-sinh.pdf", NULL);
  g_assert_cmpstr (path, ==, expected);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  found = mc_attachment_cache_lookup (dir, sum, "khai-sinh.pdf");
  g_assert_nonnull (found);
  g_assert_true (g_file_equal (found, stored));
  missing = mc_attachment_cache_lookup (dir, sum, "other.pdf");
  g_assert_null (missing);

  /* A copy damaged on disk is not shown: it is removed. */
  g_assert_true (g_file_set_contents (path, "%PDF-1.7 sửa đổi", -1, NULL));
  g_assert_null (mc_attachment_cache_lookup (dir, sum, "khai-sinh.pdf"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  mc_attachment_cache_prune (dir, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_prune (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("motcua-attachments-XXXXXX", &error);
  char *paths[4] = { NULL };
  char *sums[4] = { NULL };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_no_error (error);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u: %s", i, "bản scan 1000 byte");
      g_autofree char *padded = g_strnfill (1000, 'x');
      g_autofree char *content = g_strconcat (text, padded, NULL);
      g_autoptr(GBytes) bytes = g_bytes_new (content, strlen (content));
      g_autoptr(GFile) file = NULL;
      struct utimbuf times;

      sums[i] = sha256_of (content);
      file = mc_attachment_cache_store (dir, sums[i], "scan.png", bytes, &error);
      g_assert_no_error (error);
      paths[i] = g_file_get_path (file);
      /* Used one hour apart, the first the longest ago. */
      times.actime = times.modtime = (time_t) (now - 3600 * (4 - i));
      g_assert_cmpint (g_utime (paths[i], &times), ==, 0);
    }

  /* Room for two and a half: the two least recently used go. */
  g_assert_cmpuint (mc_attachment_cache_prune (dir, 2600), <=, 2600);
  g_assert_false (g_file_test (paths[0], G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (paths[1], G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (paths[2], G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (paths[3], G_FILE_TEST_EXISTS));

  /* Looking one up makes it the most recent. */
  g_clear_object (&(GFile *) { mc_attachment_cache_lookup (dir, sums[2], "scan.png") });
  mc_attachment_cache_prune (dir, 1100);
  g_assert_true (g_file_test (paths[2], G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (paths[3], G_FILE_TEST_EXISTS));

  /* A download kept: filed, then the folder brought within the budget,
   * the new one being the most recent. */
  {
    struct utimbuf earlier = { (time_t) (now - 60), (time_t) (now - 60) };
    g_autofree char *content = g_strconcat ("4: ", paths[0], NULL);
    g_autofree char *sum = sha256_of (content);
    g_autoptr(GBytes) bytes = g_bytes_new (content, strlen (content));
    g_autoptr(GFile) kept = NULL;

    /* The one left was used a minute ago: within one second, which of two
     * files was used last is not known. */
    g_assert_cmpint (g_utime (paths[2], &earlier), ==, 0);
    kept = mc_attachment_cache_keep (dir, sum, "scan.png", bytes, 1100, &error);
    g_assert_no_error (error);
    g_assert_true (g_file_query_exists (kept, NULL));
    g_assert_false (g_file_test (paths[2], G_FILE_TEST_EXISTS));
  }

  g_assert_cmpuint (mc_attachment_cache_prune (dir, 0), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  for (guint i = 0; i < 4; i++)
    {
      g_free (paths[i]);
      g_free (sums[i]);
    }
}

int
main (int    argc,
      char **argv)
{
  mc_test_init (&argc, &argv);

  g_test_add_func ("/core/attachment-cache/store-and-lookup", test_store_and_lookup);
  g_test_add_func ("/core/attachment-cache/prune", test_prune);

  return g_test_run ();
}
