/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * McPreviewDocument and the real motcua-preview helper ($MOTCUA_PREVIEW_HELPER)
 * on files made here: good ones render where they were drawn, hostile ones
 * fail with the right error while this process carries on.
 */
#define _GNU_SOURCE 1
#include "config.h"

#include <string.h>

#include <errno.h>
#include <glib/gstdio.h>
#include <sys/resource.h>
#include <zlib.h>

#include "mc-preview-private.h"
#include "mc-preview-protocol.h"
#include "mc-test.h"
#include "preview-fixtures.h"

#if defined(__SANITIZE_ADDRESS__)
# define SANITIZED 1
#else
# define SANITIZED 0
#endif

static char *tmpdir;

/* Waiting for results ---------------------------------------------------- */

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
open_doc (McPreviewDocument  *doc,
          const char         *password,
          GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  mc_preview_document_open_async (doc, password, NULL, store_result_cb, &result);
  return mc_preview_document_open_finish (doc, wait_result (&result), error);
}

static McPreviewImage *
render (McPreviewDocument  *doc,
        guint               page,
        guint               width,
        guint               height,
        guint               rotation,
        GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  mc_preview_document_render_page_async (doc, page, width, height, rotation, G_PRIORITY_DEFAULT, NULL,
                                         store_result_cb, &result);
  return mc_preview_document_render_page_finish (doc, wait_result (&result), error);
}

static McPreviewText *
get_text (McPreviewDocument  *doc,
          guint               page,
          GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  mc_preview_document_get_text_async (doc, page, NULL, store_result_cb, &result);
  return mc_preview_document_get_text_finish (doc, wait_result (&result), error);
}

static GBytes *
selftest (McPreviewDocument  *doc,
          guint8              what,
          GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  _mc_preview_document_selftest_async (doc, what, NULL, store_result_cb, &result);
  return _mc_preview_document_selftest_finish (doc, wait_result (&result), error);
}

static gboolean
have_bwrap (void)
{
  g_autofree char *bwrap = g_find_program_in_path ("bwrap");

  return bwrap != NULL;
}

static McPreviewDocument *
doc_for_path (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return mc_preview_document_new (file);
}

static void
assert_colour (McPreviewImage *image,
               double          fx,
               double          fy,
               guint8          r,
               guint8          g,
               guint8          b)
{
  const guint8 *data = g_bytes_get_data (mc_preview_image_get_bytes (image), NULL);
  guint x = fx * mc_preview_image_get_width (image);
  guint y = fy * mc_preview_image_get_height (image);
  guint8 pr, pg, pb;

  mc_fixture_pixel (data, mc_preview_image_get_stride (image), x, y, &pr, &pg, &pb);
  if (ABS ((int) pr - r) > 24 || ABS ((int) pg - g) > 24 || ABS ((int) pb - b) > 24)
    g_error ("pixel (%u, %u) is #%02x%02x%02x, expected #%02x%02x%02x", x, y, pr, pg, pb, r, g, b);
}

/* The drawing of every fixture: red top-left, blue bottom-right. */
static void
assert_quarters (McPreviewImage *image,
                 guint           rotation)
{
  switch (rotation)
    {
    case 0:
      assert_colour (image, 0.2, 0.2, 255, 0, 0);
      assert_colour (image, 0.8, 0.8, 0, 0, 255);
      assert_colour (image, 0.8, 0.2, 255, 255, 255);
      break;
    case 90:
      assert_colour (image, 0.8, 0.2, 255, 0, 0);
      assert_colour (image, 0.2, 0.8, 0, 0, 255);
      assert_colour (image, 0.2, 0.2, 255, 255, 255);
      break;
    case 180:
      assert_colour (image, 0.8, 0.8, 255, 0, 0);
      assert_colour (image, 0.2, 0.2, 0, 0, 255);
      break;
    case 270:
      assert_colour (image, 0.2, 0.8, 255, 0, 0);
      assert_colour (image, 0.8, 0.2, 0, 0, 255);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Good files ------------------------------------------------------------- */

static void
test_pdf (gconstpointer data)
{
  const char *sandbox = data;
  g_autofree char *path = NULL;
  g_autoptr(McPreviewDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McPreviewImage) image = NULL;
  g_autoptr(McPreviewImage) again = NULL;
  g_autoptr(McPreviewText) text = NULL;
  const McPreviewRect *rects;
  double w, h;
  guint n_rects, i, rotation;

  if (g_str_equal (sandbox, "bwrap") && !have_bwrap ())
    {
      g_test_skip ("bubblewrap (bwrap) is not installed");
      return;
    }
  g_setenv ("MOTCUA_PREVIEW_SANDBOX", sandbox, TRUE);
  path = mc_fixture_pdf (tmpdir, "good.pdf", 3);
  doc = doc_for_path (path);
  g_assert_true (open_doc (doc, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mc_preview_document_get_n_pages (doc), ==, 3);
  g_assert_cmpstr (mc_preview_document_get_media_type (doc), ==, "application/pdf");
  g_assert_true (mc_preview_document_has_text (doc));
  mc_preview_document_get_page_size (doc, 1, &w, &h);
  g_assert_cmpfloat_with_epsilon (w, 595 * 96.0 / 72, 0.01);
  g_assert_cmpfloat_with_epsilon (h, 842 * 96.0 / 72, 0.01);

  for (rotation = 0; rotation < 360; rotation += 90)
    {
      gboolean turned = rotation % 180 != 0;
      g_autoptr(McPreviewImage) page = render (doc, 2, turned ? 400 : 283, turned ? 283 : 400, rotation, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (mc_preview_image_get_width (page), ==, turned ? 400 : 283);
      g_assert_cmpuint (mc_preview_image_get_stride (page), ==, mc_preview_image_get_width (page) * 4);
      assert_quarters (page, rotation);
    }

  /* The same page at the same size comes from the cache. */
  image = render (doc, 0, 283, 400, 0, &error);
  g_assert_no_error (error);
  again = render (doc, 0, 283, 400, 0, &error);
  g_assert_no_error (error);
  g_assert_true (mc_preview_image_get_bytes (image) == mc_preview_image_get_bytes (again));

  text = get_text (doc, 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (mc_preview_text_get_text (text), "Page 2 of 3"));
  rects = mc_preview_text_get_rects (text, &n_rects);
  g_assert_cmpuint (n_rects, ==, g_utf8_strlen (mc_preview_text_get_text (text), -1));
  for (i = 0; i < n_rects; i++)
    {
      g_assert_cmpfloat (rects[i].x1, >=, 0);
      g_assert_cmpfloat (rects[i].x2, <=, w);
      g_assert_cmpfloat (rects[i].y2, <=, h);
    }
  /* The text sits on the middle line of the page. */
  g_assert_cmpfloat (rects[0].y1, >, h / 2 - 40);
  g_assert_cmpfloat (rects[0].y2, <, h / 2 + 40);

  /* Requests the protocol does not allow never leave this process. */
  g_assert_null (render (doc, 3, 100, 100, 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (render (doc, 0, 100, 100, 45, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_unsetenv ("MOTCUA_PREVIEW_SANDBOX");
}

static void
test_pdf_200_pages (void)
{
  g_autofree char *path = mc_fixture_pdf (tmpdir, "long.pdf", 200);
  g_autoptr(McPreviewDocument) doc = doc_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(McPreviewImage) last = NULL;
  g_autoptr(McPreviewText) text = NULL;

  g_assert_true (open_doc (doc, NULL, &error));
  g_assert_cmpuint (mc_preview_document_get_n_pages (doc), ==, 200);
  last = render (doc, 199, 595, 842, 0, &error);
  g_assert_no_error (error);
  assert_quarters (last, 0);
  text = get_text (doc, 199, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (mc_preview_text_get_text (text), "Page 200 of 200"));
}

/* Page sizes after the first ----------------------------------------------- */

typedef struct
{
  guint   n_changed;
  guint   first;
  guint   n_pages;
  GError *error;
} SizesSeen;

static void
sizes_changed_cb (McPreviewDocument *doc,
                  guint              first,
                  guint              n_pages,
                  SizesSeen         *seen)
{
  /* In order, each batch where the last one ended. */
  g_assert_cmpuint (first, ==, seen->first + seen->n_pages);
  seen->n_changed++;
  seen->first = first;
  seen->n_pages = n_pages;
}

static void
sizes_failed_cb (McPreviewDocument *doc,
                 const GError      *error,
                 SizesSeen         *seen)
{
  g_assert_null (seen->error);
  seen->error = g_error_copy (error);
}

static void
known_notified_cb (McPreviewDocument *doc,
                   GParamSpec        *pspec,
                   gboolean          *notified)
{
  *notified = mc_preview_document_get_page_sizes_known (doc);
}

static void
watch_sizes (McPreviewDocument *doc,
             SizesSeen         *seen)
{
  /* The first page's size came with the document. */
  seen->first = 0;
  seen->n_pages = 1;
  g_signal_connect (doc, "page-sizes-changed", G_CALLBACK (sizes_changed_cb), seen);
  g_signal_connect (doc, "page-sizes-failed", G_CALLBACK (sizes_failed_cb), seen);
}

static void
wait_for_sizes (McPreviewDocument *doc,
                SizesSeen         *seen)
{
  while (!mc_preview_document_get_page_sizes_known (doc) && seen->error == NULL)
    g_main_context_iteration (NULL, TRUE);
}

/* A landscape page 5 in a portrait document: estimated portrait at open,
 * its own size once the first page is drawn. */
static void
test_pdf_mixed_sizes (void)
{
  g_autofree char *path = mc_fixture_pdf_landscape (tmpdir, "mixed.pdf", 7, 4);
  g_autoptr(McPreviewDocument) doc = doc_for_path (path);
  g_autoptr(McPreviewDocument) idle_doc = doc_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(McPreviewImage) first = NULL;
  g_autoptr(McPreviewImage) landscape = NULL;
  SizesSeen seen = { 0, }, idle_seen = { 0, };
  const double a4_w = 595 * 96.0 / 72, a4_h = 842 * 96.0 / 72;
  gboolean known_notified = FALSE;
  double w, h;
  guint i;

  watch_sizes (doc, &seen);
  g_signal_connect (doc, "notify::page-sizes-known", G_CALLBACK (known_notified_cb), &known_notified);
  g_assert_true (open_doc (doc, NULL, &error));
  g_assert_cmpuint (mc_preview_document_get_n_pages (doc), ==, 7);
  g_assert_false (mc_preview_document_get_page_sizes_known (doc));
  g_assert_true (mc_preview_document_get_page_size (doc, 0, &w, &h));
  g_assert_cmpfloat_with_epsilon (w, a4_w, 0.01);
  g_assert_cmpfloat_with_epsilon (h, a4_h, 0.01);
  /* The estimate: the first page's size, said to be one. */
  g_assert_false (mc_preview_document_get_page_size (doc, 4, &w, &h));
  g_assert_cmpfloat_with_epsilon (w, a4_w, 0.01);
  g_assert_cmpfloat_with_epsilon (h, a4_h, 0.01);
  g_assert_cmpuint (seen.n_changed, ==, 0);

  first = render (doc, 0, 283, 400, 0, &error);
  g_assert_no_error (error);
  assert_quarters (first, 0);
  wait_for_sizes (doc, &seen);
  g_assert_no_error (seen.error);
  g_assert_null (mc_preview_document_get_page_sizes_error (doc));
  g_assert_cmpuint (seen.n_changed, ==, 1);
  g_assert_cmpuint (seen.first, ==, 1);
  g_assert_cmpuint (seen.n_pages, ==, 6);
  g_assert_true (known_notified);
  for (i = 0; i < 7; i++)
    {
      g_assert_true (mc_preview_document_get_page_size (doc, i, &w, &h));
      g_assert_cmpfloat_with_epsilon (w, i == 4 ? a4_h : a4_w, 0.01);
      g_assert_cmpfloat_with_epsilon (h, i == 4 ? a4_w : a4_h, 0.01);
    }
  landscape = render (doc, 4, 400, 283, 0, &error);
  g_assert_no_error (error);
  assert_quarters (landscape, 0);

  /* A document asked for nothing gets its sizes all the same. */
  watch_sizes (idle_doc, &idle_seen);
  g_assert_true (open_doc (idle_doc, NULL, &error));
  wait_for_sizes (idle_doc, &idle_seen);
  g_assert_no_error (idle_seen.error);
  g_assert_true (mc_preview_document_get_page_size (idle_doc, 4, &w, &h));
  g_assert_cmpfloat_with_epsilon (w, a4_h, 0.01);
}

/* More pages than one request brings: several batches, in order, each
 * after the page asked for meanwhile. */
static void
test_pdf_sizes_in_batches (void)
{
  guint n = MC_PREVIEW_MAX_SIZES * 2 + 10;
  g_autofree char *path = mc_fixture_pdf_landscape (tmpdir, "batches.pdf", n, n - 1);
  g_autoptr(McPreviewDocument) doc = doc_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(McPreviewImage) page = NULL;
  SizesSeen seen = { 0, };
  double w, h;

  watch_sizes (doc, &seen);
  g_assert_true (open_doc (doc, NULL, &error));
  g_assert_cmpuint (mc_preview_document_get_n_pages (doc), ==, n);
  page = render (doc, 0, 100, 141, 0, &error);
  g_assert_no_error (error);
  wait_for_sizes (doc, &seen);
  g_assert_no_error (seen.error);
  g_assert_cmpuint (seen.n_changed, ==, 3);
  g_assert_cmpuint (seen.first + seen.n_pages, ==, n);
  g_assert_true (mc_preview_document_get_page_size (doc, n - 1, &w, &h));
  g_assert_cmpfloat (w, >, h);
  g_assert_true (mc_preview_document_get_page_size (doc, n - 2, &w, &h));
  g_assert_cmpfloat (w, <, h);
}

/* A helper that dies reading the sizes: they are reported missing, the
 * others keep their estimate, and pages still show. */
static void
test_pdf_sizes_crash (void)
{
  g_autofree char *path = mc_fixture_pdf_landscape (tmpdir, "sizes-crash.pdf", 3, 2);
  g_autoptr(McPreviewDocument) doc = doc_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(McPreviewImage) page = NULL;
  g_autoptr(McPreviewImage) last = NULL;
  SizesSeen seen = { 0, };
  double w, h;

  watch_sizes (doc, &seen);
  g_assert_true (open_doc (doc, NULL, &error));
  reply = selftest (doc, MC_PREVIEW_SELFTEST_CRASH_SIZES, &error);
  g_assert_no_error (error);
  page = render (doc, 0, 283, 400, 0, &error);
  g_assert_no_error (error);
  wait_for_sizes (doc, &seen);
  g_assert_error (seen.error, MC_PREVIEW_ERROR, MC_PREVIEW_ERROR_CRASHED);
  g_assert_nonnull (mc_preview_document_get_page_sizes_error (doc));
  g_assert_false (mc_preview_document_get_page_sizes_known (doc));
  g_assert_cmpuint (seen.n_changed, ==, 0);
  g_assert_false (mc_preview_document_get_page_size (doc, 2, &w, &h));
  g_assert_cmpfloat (w, <, h);
  /* The page itself is drawn by the next helper, at the size asked. */
  last = render (doc, 2, 400, 283, 0, &error);
  g_assert_no_error (error);
  assert_quarters (last, 0);
  g_assert_cmpuint (_mc_preview_document_get_n_spawns (doc), ==, 2);
  g_clear_error (&seen.error);
}

/* Later pages that are broken: the document opens at its first page,
 * their sizes come (a default for what cannot be read), and each broken
 * page is reported as damaged when it is asked for. */
static void
test_pdf_broken_later_pages (void)
{
  GString *pdf = g_string_new ("%PDF-1.7\n");
  const char *content = "0 0 1 rg 0 0 300 400 re f";
  g_autofree char *path = NULL;
  g_autoptr(McPreviewDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McPreviewImage) page = NULL;
  SizesSeen seen = { 0, };
  gsize offsets[6], xref;
  double w, h;
  int i;

  offsets[1] = pdf->len;
  g_string_append (pdf, "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
  offsets[2] = pdf->len;
  g_string_append (pdf, "2 0 obj << /Type /Pages /Kids [3 0 R 5 0 R 9 0 R] /Count 3 >> endobj\n");
  offsets[3] = pdf->len;
  g_string_append (pdf, "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 300 400] /Contents 4 0 R >> endobj\n");
  offsets[4] = pdf->len;
  g_string_append_printf (pdf, "4 0 obj << /Length %zu >> stream\n%s\nendstream endobj\n", strlen (content), content);
  /* Not a page at all. */
  offsets[5] = pdf->len;
  g_string_append (pdf, "5 0 obj (no page here) endobj\n");
  xref = pdf->len;
  g_string_append (pdf, "xref\n0 6\n0000000000 65535 f \n");
  for (i = 1; i < 6; i++)
    g_string_append_printf (pdf, "%010zu 00000 n \n", offsets[i]);
  g_string_append_printf (pdf, "trailer << /Size 6 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", xref);
  path = mc_fixture_write (tmpdir, "broken-later.pdf", pdf->str, pdf->len);
  g_string_free (pdf, TRUE);

  doc = doc_for_path (path);
  watch_sizes (doc, &seen);
  g_assert_true (open_doc (doc, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mc_preview_document_get_n_pages (doc), ==, 3);
  page = render (doc, 0, 300, 400, 0, &error);
  g_assert_no_error (error);
  assert_colour (page, 0.5, 0.5, 0, 0, 255);
  wait_for_sizes (doc, &seen);
  g_assert_no_error (seen.error);
  g_assert_true (mc_preview_document_get_page_size (doc, 1, &w, &h));
  g_assert_cmpfloat (w, >, 0);
  for (i = 1; i < 3; i++)
    {
      g_autoptr(McPreviewImage) broken = render (doc, i, 300, 400, 0, &error);

      g_test_message ("broken page %d: %s", i, error != NULL ? error->message : "drawn");
      g_assert_null (broken);
      g_assert_error (error, MC_PREVIEW_ERROR, MC_PREVIEW_ERROR_DAMAGED);
      g_clear_error (&error);
    }
  /* The first page still shows afterwards, from the same helper. */
  g_clear_pointer (&page, mc_preview_image_unref);
  page = render (doc, 0, 150, 200, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (_mc_preview_document_get_n_spawns (doc), ==, 1);
}

static void
test_images (void)
{
  const char *formats[] = { "png", "jpeg" };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *name = g_strdup_printf ("scan.%s", formats[i]);
      g_autofree char *path = mc_fixture_image (tmpdir, name, formats[i], 600, 800);
      g_autoptr(McPreviewDocument) doc = doc_for_path (path);
      g_autoptr(GError) error = NULL;
      g_autoptr(McPreviewImage) small = NULL;
      g_autoptr(McPreviewImage) large = NULL;
      g_autoptr(McPreviewImage) turned = NULL;
      g_autoptr(McPreviewText) text = NULL;
      double w, h;

      g_assert_true (open_doc (doc, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (mc_preview_document_get_n_pages (doc), ==, 1);
      g_assert_false (mc_preview_document_has_text (doc));
      mc_preview_document_get_page_size (doc, 0, &w, &h);
      g_assert_cmpfloat (w, ==, 600);
      g_assert_cmpfloat (h, ==, 800);

      small = render (doc, 0, 150, 200, 0, &error);
      g_assert_no_error (error);
      assert_quarters (small, 0);
      large = render (doc, 0, 1200, 1600, 0, &error);
      g_assert_no_error (error);
      assert_quarters (large, 0);
      turned = render (doc, 0, 200, 150, 270, &error);
      g_assert_no_error (error);
      assert_quarters (turned, 270);
      text = get_text (doc, 0, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (mc_preview_text_get_text (text), ==, "");
    }
}

static void
test_tiff (void)
{
  g_autofree char *path = mc_fixture_tiff (tmpdir, "scan.tiff", 3, 1200, 1600);
  g_autoptr(McPreviewDocument) doc = doc_for_path (path);
  g_autoptr(GError) error = NULL;
  static const guint8 colours[3][3] = { { 255, 0, 0 }, { 0, 255, 0 }, { 0, 0, 255 } };
  guint i;

  g_assert_true (open_doc (doc, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mc_preview_document_get_n_pages (doc), ==, 3);
  g_assert_cmpstr (mc_preview_document_get_media_type (doc), ==, "image/tiff");
  for (i = 0; i < 3; i++)
    {
      g_autoptr(McPreviewImage) page = render (doc, i, 300, 400, 0, &error);
      g_autoptr(McPreviewImage) turned = render (doc, i, 400, 300, 90, &error);

      g_assert_no_error (error);
      assert_colour (page, 0.25, 0.5, colours[i][0], colours[i][1], colours[i][2]);
      assert_colour (page, 0.75, 0.5, 255, 255, 255);
      /* Turned clockwise, the left half is on top. */
      assert_colour (turned, 0.5, 0.25, colours[i][0], colours[i][1], colours[i][2]);
      assert_colour (turned, 0.5, 0.75, 255, 255, 255);
    }
}

/* A 6000 × 8000 scan asked for at 750 × 1000 is never decoded whole: the
 * helper's peak memory stays far below the 192 MB of the full image. Run
 * in a child so that the only process it reaps is this helper. */
static void
test_large_jpeg_rss (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *path = NULL;
      g_autoptr(McPreviewDocument) doc = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(McPreviewImage) page = NULL;
      struct rusage usage = { 0, };
      gint64 end;

      /* Under bubblewrap the helper is a grandchild, which RUSAGE_CHILDREN
       * does not count; the helper is the same program either way. */
      g_setenv ("MOTCUA_PREVIEW_SANDBOX", "none", TRUE);
      path = mc_fixture_image (tmpdir, "big.jpeg", "jpeg", 6000, 8000);
      doc = doc_for_path (path);
      g_assert_true (open_doc (doc, NULL, &error));
      page = render (doc, 0, 750, 1000, 0, &error);
      g_assert_no_error (error);
      assert_quarters (page, 0);
      mc_preview_document_close (doc);
      end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
      while (usage.ru_maxrss == 0 && g_get_monotonic_time () < end)
        {
          g_main_context_iteration (NULL, FALSE);
          g_usleep (10000);
          getrusage (RUSAGE_CHILDREN, &usage);
        }
      g_assert_cmpint (usage.ru_maxrss, >, 0);
      g_test_message ("helper peak RSS %ld KiB", usage.ru_maxrss);
      /* AddressSanitizer's shadow memory inflates every figure. */
      if (!SANITIZED)
        g_assert_cmpint (usage.ru_maxrss, <, 120 * 1024);
      return;
    }
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_password (void)
{
  g_autofree char *plain = mc_fixture_pdf (tmpdir, "plain.pdf", 1);
  g_autofree char *locked = g_build_filename (tmpdir, "locked.pdf", NULL);
  g_autofree char *gs = g_find_program_in_path ("gs");
  g_autofree char *out = g_strdup_printf ("-sOutputFile=%s", locked);
  g_autoptr(McPreviewDocument) doc = NULL;
  g_autoptr(McPreviewImage) page = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (gs == NULL)
    {
      g_test_skip ("Ghostscript (gs), which writes the encrypted PDF, is not installed");
      return;
    }
  g_assert_true (g_spawn_sync (NULL, (char *[]) { gs, (char *) "-q", (char *) "-dBATCH", (char *) "-dNOPAUSE",
                                                  (char *) "-sDEVICE=pdfwrite", (char *) "-sOwnerPassword=owner",
                                                  (char *) "-sUserPassword=bí mật", (char *) "-dEncryptionR=3",
                                                  (char *) "-dKeyLength=128", out, plain, NULL },
                               NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);

  doc = doc_for_path (locked);
  g_assert_false (open_doc (doc, NULL, &error));
  g_assert_error (error, MC_PREVIEW_ERROR, MC_PREVIEW_ERROR_NEEDS_PASSWORD);
  g_clear_error (&error);
  g_assert_false (open_doc (doc, "sai rồi", &error));
  g_assert_error (error, MC_PREVIEW_ERROR, MC_PREVIEW_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  g_assert_true (open_doc (doc, "bí mật", &error));
  g_assert_no_error (error);

  /* A restarted helper opens it again with the password it took. */
  mc_preview_document_close (doc);
  page = render (doc, 0, 283, 400, 0, &error);
  g_assert_no_error (error);
  assert_quarters (page, 0);
  g_assert_cmpuint (_mc_preview_document_get_n_spawns (doc), ==, 2);
}

/* Hostile files ---------------------------------------------------------- */

static GBytes *
read_fixture (const char *path)
{
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_bytes_new_take (contents, length);
}

/* Opens path and renders every page; every failure must be one of the
 * allowed errors; returns the first error code, or -1 when all went well.
 * Afterwards the same document object still answers. */
static int
try_file (const char *path,
          guint64     memory_limit)
{
  g_autoptr(McPreviewDocument) doc = doc_for_path (path);
  g_autoptr(GError) error = NULL;
  int first = -1;
  guint i;

  mc_preview_document_set_timeout (doc, 10000);
  if (memory_limit > 0)
    mc_preview_document_set_memory_limit (doc, memory_limit);
  if (!open_doc (doc, NULL, &error))
    {
      g_assert_true (error->domain == MC_PREVIEW_ERROR);
      g_test_message ("%s: open: %s", path, error->message);
      return error->code;
    }
  for (i = 0; i < MIN (mc_preview_document_get_n_pages (doc), 5); i++)
    {
      g_autoptr(McPreviewImage) page = render (doc, i, 300, 400, 0, &error);

      if (page == NULL)
        {
          g_assert_true (error->domain == MC_PREVIEW_ERROR);
          g_test_message ("%s: page %u: %s", path, i, error->message);
          if (first < 0)
            first = error->code;
          g_clear_error (&error);
        }
    }
  return first;
}

static void
test_garbage (void)
{
  g_autofree char *random = NULL;
  g_autofree char *fake_pdf = NULL;
  g_autofree char *empty = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  guint8 bytes[65536];
  gsize i;

  for (i = 0; i < sizeof bytes; i++)
    bytes[i] = g_rand_int (rand);
  random = mc_fixture_write (tmpdir, "garbage.bin", bytes, sizeof bytes);
  g_assert_cmpint (try_file (random, 0), ==, MC_PREVIEW_ERROR_UNSUPPORTED);
  memcpy (bytes, "%PDF-1.7\n", 9);
  fake_pdf = mc_fixture_write (tmpdir, "garbage.pdf", bytes, sizeof bytes);
  g_assert_cmpint (try_file (fake_pdf, 0), ==, MC_PREVIEW_ERROR_DAMAGED);
  empty = mc_fixture_write (tmpdir, "empty.pdf", "", 0);
  g_assert_cmpint (try_file (empty, 0), ==, MC_PREVIEW_ERROR_UNSUPPORTED);
}

static void
test_truncated (void)
{
  g_autofree char *good = mc_fixture_pdf (tmpdir, "whole.pdf", 4);
  g_autoptr(GBytes) bytes = read_fixture (good);
  g_autofree char *head = mc_fixture_write (tmpdir, "head.pdf", g_bytes_get_data (bytes, NULL), 200);
  g_autofree char *half = mc_fixture_write (tmpdir, "half.pdf", g_bytes_get_data (bytes, NULL),
                                            g_bytes_get_size (bytes) / 2);
  g_autofree char *png = mc_fixture_image (tmpdir, "whole.png", "png", 400, 400);
  g_autoptr(GBytes) png_bytes = read_fixture (png);
  g_autofree char *png_half = mc_fixture_write (tmpdir, "half.png", g_bytes_get_data (png_bytes, NULL), 100);
  int code;

  g_assert_cmpint (try_file (head, 0), ==, MC_PREVIEW_ERROR_DAMAGED);
  /* Poppler rebuilds the cross-reference table of what is left: the first
   * pages may still show; what cannot is reported as damaged. */
  code = try_file (half, 0);
  g_assert_true (code == -1 || code == MC_PREVIEW_ERROR_DAMAGED);
  g_assert_cmpint (try_file (png_half, 0), ==, MC_PREVIEW_ERROR_DAMAGED);
}

static void
test_bad_xref (void)
{
  g_autofree char *good = mc_fixture_pdf (tmpdir, "xref.pdf", 2);
  g_autoptr(GBytes) bytes = read_fixture (good);
  gsize size = g_bytes_get_size (bytes);
  g_autofree char *text = g_memdup2 (g_bytes_get_data (bytes, NULL), size);
  g_autofree char *path = NULL;
  char *xref = NULL, *p, *end = text + size;
  int code, changed = 0;

  /* The last table: cairo writes one. */
  for (p = text; (p = memmem (p, end - p, "\nxref\n", 6)) != NULL; p++)
    xref = p;
  g_assert_nonnull (xref);
  /* Every offset of the table points nowhere. */
  for (p = xref + 6; p + 20 <= end && memcmp (p, "trailer", 7) != 0; p++)
    if (g_ascii_isdigit (*p) && p[10] == ' ' && p[16] == ' ')
      {
        memcpy (p, "9999999999", 10);
        p += 19;
        changed++;
      }
  g_assert_cmpint (changed, >, 3);
  path = mc_fixture_write (tmpdir, "bad-xref.pdf", text, size);
  code = try_file (path, 0);
  g_assert_true (code == -1 || code == MC_PREVIEW_ERROR_DAMAGED);
}

static GString *
pdf_with_content (const char *page_extra,
                  const void *stream,
                  gsize       stream_length,
                  const char *stream_dict)
{
  GString *pdf = g_string_new ("%PDF-1.7\n");
  gsize offsets[5];
  gsize xref;
  int i;

  offsets[1] = pdf->len;
  g_string_append (pdf, "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
  offsets[2] = pdf->len;
  g_string_append (pdf, "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n");
  offsets[3] = pdf->len;
  g_string_append_printf (pdf, "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                               "/Contents 4 0 R %s >> endobj\n", page_extra);
  offsets[4] = pdf->len;
  g_string_append_printf (pdf, "4 0 obj << /Length %" G_GSIZE_FORMAT " %s >> stream\n", stream_length, stream_dict);
  g_string_append_len (pdf, stream, stream_length);
  g_string_append (pdf, "\nendstream endobj\n");
  xref = pdf->len;
  g_string_append (pdf, "xref\n0 5\n0000000000 65535 f \n");
  for (i = 1; i < 5; i++)
    g_string_append_printf (pdf, "%010" G_GSIZE_FORMAT " 00000 n \n", offsets[i]);
  g_string_append_printf (pdf, "trailer << /Size 5 /Root 1 0 R >>\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n", xref);
  return pdf;
}

static void
test_flate_bomb (void)
{
  /* 1 GiB of content stream in about 1 MB: poppler reads it as a stream,
   * the helper stays within its memory and time, or is stopped. */
  z_stream z = { 0, };
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autofree guint8 *zeros = g_malloc0 (1 << 20);
  g_autofree char *path = NULL;
  g_autoptr(GString) pdf = NULL;
  guint8 buf[65536];
  int i, code;

  memset (zeros, ' ', 1 << 20);
  g_assert_cmpint (deflateInit (&z, 9), ==, Z_OK);
  for (i = 0; i <= 1024; i++)
    {
      z.next_in = zeros;
      z.avail_in = i < 1024 ? 1 << 20 : 0;
      do
        {
          z.next_out = buf;
          z.avail_out = sizeof buf;
          deflate (&z, i < 1024 ? Z_NO_FLUSH : Z_FINISH);
          g_byte_array_append (out, buf, sizeof buf - z.avail_out);
        }
      while (z.avail_out == 0);
    }
  deflateEnd (&z);
  pdf = pdf_with_content ("", out->data, out->len, "/Filter /FlateDecode");
  path = mc_fixture_write (tmpdir, "bomb.pdf", pdf->str, pdf->len);
  code = try_file (path, 0);
  g_assert_true (code == -1 || code == MC_PREVIEW_ERROR_TIMEOUT || code == MC_PREVIEW_ERROR_DAMAGED);
}

static void
test_deep_nesting (void)
{
  g_autoptr(GString) nested = g_string_new ("/Annots ");
  g_autoptr(GString) pdf = NULL;
  g_autofree char *path = NULL;
  int i, code;

  for (i = 0; i < 100000; i++)
    g_string_append_c (nested, '[');
  for (i = 0; i < 100000; i++)
    g_string_append_c (nested, ']');
  g_string_append (nested, " /Foo ");
  for (i = 0; i < 50000; i++)
    g_string_append (nested, "<< /A ");
  for (i = 0; i < 50000; i++)
    g_string_append (nested, ">> ");
  pdf = pdf_with_content (nested->str, "0 0 1 rg 0 0 100 100 re f", 25, "");
  path = mc_fixture_write (tmpdir, "nested.pdf", pdf->str, pdf->len);
  code = try_file (path, 0);
  g_test_message ("deep nesting: %d", code);
  /* Parsed, refused as damaged, the helper's stack gives out (poppler
   * recurses; frames are bigger under AddressSanitizer) or its time does
   * (AddressSanitizer on a busy machine): each is reported and this
   * process goes on. */
  g_assert_true (code == -1 || code == MC_PREVIEW_ERROR_DAMAGED || code == MC_PREVIEW_ERROR_CRASHED ||
                 code == MC_PREVIEW_ERROR_TIMEOUT);
}

static guint32
crc_of (const guint8 *data,
        gsize         length)
{
  return crc32 (0, data, length);
}

static void
test_huge_dimensions (void)
{
  /* PNG: a valid IHDR of 100000 × 100000, then a tiny IDAT. */
  guint8 png[] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
    0, 0, 0, 13, 'I', 'H', 'D', 'R',
    0, 1, 0x86, 0xa0, 0, 1, 0x86, 0xa0, 8, 2, 0, 0, 0,
    0, 0, 0, 0,
    0, 0, 0, 0, 'I', 'D', 'A', 'T', 0, 0, 0, 0,
    0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82,
  };
  guint32 crc = crc_of (png + 12, 17);
  g_autofree char *png_path = NULL;
  g_autofree char *jpeg_small = mc_fixture_image (tmpdir, "small.jpeg", "jpeg", 64, 64);
  g_autoptr(GBytes) jpeg = read_fixture (jpeg_small);
  g_autofree guint8 *jpeg_data = g_memdup2 (g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));
  g_autofree char *jpeg_path = NULL;
  g_autofree char *tiff_path = NULL;
  gsize i;
  /* A little-endian TIFF whose one page says 100000 × 100000, 8-bit grey,
   * one strip of one byte. */
  static const guint8 tiff[] = {
    'I', 'I', 42, 0, 8, 0, 0, 0,
    8, 0,
    0x00, 0x01, 4, 0, 1, 0, 0, 0, 0xa0, 0x86, 0x01, 0,  /* ImageWidth */
    0x01, 0x01, 4, 0, 1, 0, 0, 0, 0xa0, 0x86, 0x01, 0,  /* ImageLength */
    0x02, 0x01, 3, 0, 1, 0, 0, 0, 8, 0, 0, 0,           /* BitsPerSample */
    0x03, 0x01, 3, 0, 1, 0, 0, 0, 1, 0, 0, 0,           /* Compression none */
    0x06, 0x01, 3, 0, 1, 0, 0, 0, 1, 0, 0, 0,           /* BlackIsZero */
    0x11, 0x01, 4, 0, 1, 0, 0, 0, 120, 0, 0, 0,         /* StripOffsets */
    0x16, 0x01, 4, 0, 1, 0, 0, 0, 0xa0, 0x86, 0x01, 0,  /* RowsPerStrip */
    0x17, 0x01, 4, 0, 1, 0, 0, 0, 1, 0, 0, 0,           /* StripByteCounts */
    0, 0, 0, 0,
    0, 0,
  };

  png[29] = crc >> 24;
  png[30] = crc >> 16;
  png[31] = crc >> 8;
  png[32] = crc;
  crc = crc_of (png + 37, 4);
  png[41] = crc >> 24;
  png[42] = crc >> 16;
  png[43] = crc >> 8;
  png[44] = crc;
  png_path = mc_fixture_write (tmpdir, "huge.png", png, sizeof png);
  g_assert_cmpint (try_file (png_path, 0), ==, MC_PREVIEW_ERROR_TOO_LARGE);

  /* JPEG: a real one whose frame header now says 65000 × 65000. */
  for (i = 2; i + 9 < g_bytes_get_size (jpeg); i++)
    if (jpeg_data[i] == 0xff && jpeg_data[i + 1] == 0xc0)
      {
        jpeg_data[i + 5] = 0xfd;
        jpeg_data[i + 6] = 0xe8;
        jpeg_data[i + 7] = 0xfd;
        jpeg_data[i + 8] = 0xe8;
        break;
      }
  g_assert_cmpuint (i + 9, <, g_bytes_get_size (jpeg));
  jpeg_path = mc_fixture_write (tmpdir, "huge.jpeg", jpeg_data, g_bytes_get_size (jpeg));
  g_assert_cmpint (try_file (jpeg_path, 0), ==, MC_PREVIEW_ERROR_TOO_LARGE);

  tiff_path = mc_fixture_write (tmpdir, "huge.tiff", tiff, sizeof tiff);
  g_assert_cmpint (try_file (tiff_path, 0), ==, MC_PREVIEW_ERROR_TOO_LARGE);
}

/* A real scan that needs more memory than the helper may have: its 48
 * million pixels fit the pixel budget, but decoded at full size and drawn
 * at 4000 × 5000 they need about 270 MB; with 128 MiB it is refused. */
static void
test_memory_limit (void)
{
  g_autofree char *path = NULL;
  g_autoptr(McPreviewDocument) doc = NULL;
  g_autoptr(McPreviewImage) page = NULL;
  g_autoptr(McPreviewImage) small = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  if (SANITIZED)
    {
      g_test_skip ("the address-space limit is off under AddressSanitizer");
      return;
    }
  path = mc_fixture_image (tmpdir, "big.png", "png", 6000, 8000);
  doc = doc_for_path (path);
  mc_preview_document_set_memory_limit (doc, 128 * 1024 * 1024);
  g_assert_true (open_doc (doc, NULL, &error));
  g_assert_no_error (error);
  page = render (doc, 0, 3750, 5000, 0, &error);
  g_assert_null (page);
  g_assert_error (error, MC_PREVIEW_ERROR, MC_PREVIEW_ERROR_OUT_OF_MEMORY);
  g_clear_error (&error);

  /* A helper that keeps allocating is refused at the limit, and answers. */
  reply = selftest (doc, MC_PREVIEW_SELFTEST_HOG, &error);
  g_assert_null (reply);
  g_assert_error (error, MC_PREVIEW_ERROR, MC_PREVIEW_ERROR_OUT_OF_MEMORY);
  g_clear_error (&error);

  /* Refused, not killed: the same helper answered all along. */
  g_assert_cmpuint (_mc_preview_document_get_n_spawns (doc), ==, 1);

  /* With room for the decoded image, the same scan renders. */
  g_clear_object (&doc);
  doc = doc_for_path (path);
  mc_preview_document_set_memory_limit (doc, 768 * 1024 * 1024);
  g_assert_true (open_doc (doc, NULL, &error));
  small = render (doc, 0, 60, 80, 0, &error);
  g_assert_no_error (error);
  assert_quarters (small, 0);
}

/* Misbehaving helpers ---------------------------------------------------- */

static void
test_timeout_and_crash (void)
{
  g_autofree char *path = mc_fixture_pdf (tmpdir, "victim.pdf", 2);
  g_autoptr(McPreviewDocument) doc = doc_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(McPreviewImage) page = NULL;

  mc_preview_document_set_timeout (doc, 700);
  mc_preview_document_set_cpu_limit (doc, 1);
  g_assert_true (open_doc (doc, NULL, &error));

  /* A request that never ends is stopped by the client's timeout. */
  reply = selftest (doc, MC_PREVIEW_SELFTEST_HANG, &error);
  g_assert_null (reply);
  g_assert_error (error, MC_PREVIEW_ERROR, MC_PREVIEW_ERROR_TIMEOUT);
  g_clear_error (&error);

  /* A new helper opens the document again for the next page. */
  page = render (doc, 1, 100, 141, 0, &error);
  g_assert_no_error (error);
  assert_quarters (page, 0);
  g_assert_cmpuint (_mc_preview_document_get_n_spawns (doc), ==, 2);

  /* Burning CPU ends with RLIMIT_CPU even while the client would wait. */
  mc_preview_document_set_timeout (doc, 30000);
  reply = selftest (doc, MC_PREVIEW_SELFTEST_SPIN, &error);
  g_assert_null (reply);
  g_assert_error (error, MC_PREVIEW_ERROR, MC_PREVIEW_ERROR_TIMEOUT);
  g_clear_error (&error);

  reply = selftest (doc, MC_PREVIEW_SELFTEST_CRASH, &error);
  g_assert_null (reply);
  g_assert_error (error, MC_PREVIEW_ERROR, MC_PREVIEW_ERROR_CRASHED);
  g_clear_error (&error);

  g_clear_pointer (&page, mc_preview_image_unref);
  page = render (doc, 0, 100, 141, 90, &error);
  g_assert_no_error (error);
  assert_quarters (page, 90);
}

/* Lets mc_preview_prepare()'s helper start and map its page buffer. */
static void
wait_for_spare_buffer (void)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  mc_preview_prepare ();
  while (!_mc_preview_spare_has_buffer () && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (_mc_preview_spare_has_buffer ());
}

/* The first page goes into the buffer the waiting helper mapped ahead,
 * the next into its own; both are right. */
static void
test_buffer_ahead (void)
{
  g_autofree char *path = mc_fixture_pdf (tmpdir, "ahead.pdf", 2);
  g_autoptr(McPreviewDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McPreviewImage) first = NULL;
  g_autoptr(McPreviewImage) second = NULL;

  wait_for_spare_buffer ();
  doc = doc_for_path (path);
  g_assert_true (open_doc (doc, NULL, &error));
  first = render (doc, 0, 1000, 1414, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (_mc_preview_document_get_n_premapped (doc), ==, 1);
  g_assert_cmpuint (g_bytes_get_size (mc_preview_image_get_bytes (first)), ==, 1000 * 4 * 1414);
  assert_quarters (first, 0);
  second = render (doc, 1, 1414, 1000, 90, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (_mc_preview_document_get_n_premapped (doc), ==, 1);
  assert_quarters (second, 90);
  g_assert_cmpuint (_mc_preview_document_get_n_spawns (doc), ==, 1);
}

/* A helper that keeps the page's buffer mapped writable could change the
 * pixels under the application: the client's seal fails and the page is
 * refused, and the next one comes from a new helper. */
static void
test_buffer_kept_writable (void)
{
  g_autofree char *path = mc_fixture_pdf (tmpdir, "kept.pdf", 2);
  g_autoptr(McPreviewDocument) doc = doc_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(McPreviewImage) page = NULL;
  guint i;

  wait_for_spare_buffer ();
  g_assert_true (open_doc (doc, NULL, &error));
  /* Both kinds of buffer: the one mapped ahead (a page of 8 MiB or less)
   * and the request's own (a larger one). */
  for (i = 0; i < 2; i++)
    {
      guint w = i == 0 ? 1000 : 2000, h = i == 0 ? 1414 : 2828;

      reply = selftest (doc, MC_PREVIEW_SELFTEST_KEEP_MAPPED, &error);
      g_assert_no_error (error);
      g_clear_pointer (&reply, g_bytes_unref);
      page = render (doc, 0, w, h, 0, &error);
      g_assert_null (page);
      g_assert_error (error, MC_PREVIEW_ERROR, MC_PREVIEW_ERROR_CRASHED);
      g_clear_error (&error);
      page = render (doc, 1, w, h, 0, &error);
      g_assert_no_error (error);
      assert_quarters (page, 0);
      g_clear_pointer (&page, mc_preview_image_unref);
    }
  g_assert_cmpuint (_mc_preview_document_get_n_spawns (doc), ==, 3);
  g_assert_cmpuint (_mc_preview_document_get_n_premapped (doc), ==, 1);
}

static void
test_seccomp (gconstpointer data)
{
  const char *sandbox = data;
  g_autofree char *path = mc_fixture_pdf (tmpdir, "filtered.pdf", 1);
  g_autoptr(McPreviewDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) reply = NULL;
  const gint32 *errnos;

  if (g_str_equal (sandbox, "bwrap") && !have_bwrap ())
    {
      g_test_skip ("bubblewrap (bwrap) is not installed");
      return;
    }
  g_setenv ("MOTCUA_PREVIEW_SANDBOX", sandbox, TRUE);
  doc = doc_for_path (path);
  g_assert_true (open_doc (doc, NULL, &error));
  reply = selftest (doc, MC_PREVIEW_SELFTEST_FORBIDDEN, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (reply), ==, 28);
  errnos = g_bytes_get_data (reply, NULL);
  g_assert_cmpint (GINT32_FROM_LE (errnos[0]), ==, EPERM); /* socket (AF_INET) */
  g_assert_cmpint (GINT32_FROM_LE (errnos[1]), ==, EPERM); /* open for writing */
  g_assert_cmpint (GINT32_FROM_LE (errnos[2]), ==, EPERM); /* execve */
  g_assert_cmpint (GINT32_FROM_LE (errnos[3]), ==, EPERM); /* ptrace */
  /* The pages come in the client's buffers: no memfd of its own, no
   * resizing one, no sending descriptors. */
  g_assert_cmpint (GINT32_FROM_LE (errnos[4]), ==, EPERM); /* memfd_create */
  g_assert_cmpint (GINT32_FROM_LE (errnos[5]), ==, EPERM); /* ftruncate */
  g_assert_cmpint (GINT32_FROM_LE (errnos[6]), ==, EPERM); /* sendmsg */
  g_assert_false (g_file_test ("/tmp/motcua-preview-selftest", G_FILE_TEST_EXISTS));
  g_unsetenv ("MOTCUA_PREVIEW_SANDBOX");
}

/* Without MOTCUA_PREVIEW_SELFTEST the helper refuses the self-test. */
static void
test_selftest_refused (void)
{
  g_autofree char *path = mc_fixture_pdf (tmpdir, "quiet.pdf", 1);
  g_autoptr(McPreviewDocument) doc = doc_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) reply = NULL;

  g_unsetenv ("MOTCUA_PREVIEW_SELFTEST");
  g_assert_true (open_doc (doc, NULL, &error));
  reply = selftest (doc, MC_PREVIEW_SELFTEST_CRASH, &error);
  g_assert_null (reply);
  g_assert_error (error, MC_PREVIEW_ERROR, MC_PREVIEW_ERROR_FAILED);
  g_setenv ("MOTCUA_PREVIEW_SELFTEST", "1", TRUE);
}

static void
test_missing_helper (void)
{
  g_autofree char *path = mc_fixture_pdf (tmpdir, "alone.pdf", 1);
  g_autoptr(McPreviewDocument) doc = doc_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *helper = g_strdup (g_getenv ("MOTCUA_PREVIEW_HELPER"));

  g_setenv ("MOTCUA_PREVIEW_HELPER", "/nonexistent/motcua-preview", TRUE);
  g_assert_false (open_doc (doc, NULL, &error));
  g_assert_error (error, MC_PREVIEW_ERROR, MC_PREVIEW_ERROR_HELPER_MISSING);
  g_setenv ("MOTCUA_PREVIEW_HELPER", helper, TRUE);
}

int
main (int    argc,
      char **argv)
{
  int status;

  mc_test_init (&argc, &argv);
  g_assert_nonnull (g_getenv ("MOTCUA_PREVIEW_HELPER"));
  g_setenv ("MOTCUA_PREVIEW_SELFTEST", "1", TRUE);
  tmpdir = g_dir_make_tmp ("motcua-preview-XXXXXX", NULL);

  g_test_add_data_func ("/preview/pdf/render-bwrap", "bwrap", test_pdf);
  g_test_add_data_func ("/preview/pdf/render-seccomp-only", "none", test_pdf);
  g_test_add_func ("/preview/pdf/200-pages", test_pdf_200_pages);
  g_test_add_func ("/preview/pdf/password", test_password);
  g_test_add_func ("/preview/pdf/mixed-sizes", test_pdf_mixed_sizes);
  g_test_add_func ("/preview/pdf/sizes-in-batches", test_pdf_sizes_in_batches);
  g_test_add_func ("/preview/pdf/sizes-crash", test_pdf_sizes_crash);
  g_test_add_func ("/preview/hostile/broken-later-pages", test_pdf_broken_later_pages);
  g_test_add_func ("/preview/image/png-jpeg", test_images);
  g_test_add_func ("/preview/image/tiff-pages", test_tiff);
  g_test_add_func ("/preview/image/large-jpeg-memory", test_large_jpeg_rss);
  g_test_add_func ("/preview/hostile/garbage", test_garbage);
  g_test_add_func ("/preview/hostile/truncated", test_truncated);
  g_test_add_func ("/preview/hostile/bad-xref", test_bad_xref);
  g_test_add_func ("/preview/hostile/flate-bomb", test_flate_bomb);
  g_test_add_func ("/preview/hostile/deep-nesting", test_deep_nesting);
  g_test_add_func ("/preview/hostile/huge-dimensions", test_huge_dimensions);
  g_test_add_func ("/preview/hostile/memory-limit", test_memory_limit);
  g_test_add_func ("/preview/helper/timeout-and-crash", test_timeout_and_crash);
  g_test_add_func ("/preview/helper/buffer-ahead", test_buffer_ahead);
  g_test_add_func ("/preview/helper/buffer-kept-writable", test_buffer_kept_writable);
  g_test_add_data_func ("/preview/helper/seccomp-bwrap", "bwrap", test_seccomp);
  g_test_add_data_func ("/preview/helper/seccomp-only", "none", test_seccomp);
  g_test_add_func ("/preview/helper/selftest-refused", test_selftest_refused);
  g_test_add_func ("/preview/helper/missing", test_missing_helper);

  status = g_test_run ();
  if (tmpdir != NULL)
    {
      g_autofree char *cmd = NULL;
      /* Only files made by this run live there. */
      GDir *dir = g_dir_open (tmpdir, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *p = g_build_filename (tmpdir, name, NULL);
          g_unlink (p);
        }
      if (dir != NULL)
        g_dir_close (dir);
      g_rmdir (tmpdir);
    }
  return status;
}
