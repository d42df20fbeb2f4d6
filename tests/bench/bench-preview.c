/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <poppler.h>
#include <stdio.h>
#include <sys/resource.h>

#include "mc-preview-private.h"
#include "preview-fixtures.h"

/* preview.pdf_first_page_ratio: from nothing to the first page of a
 * 200-page PDF on screen, through McPreviewDocument (take the helper that
 * mc_preview_prepare() started while the dossier was shown, hand it the
 * file, open, render into a memfd, seal it and map it read-only), against
 * poppler opening and rendering the same page at the same size in this
 * process, into a surface it keeps.
 * preview.jpeg_first_page_ratio: the same for a 6000 × 8000 JPEG shown
 * at 750 × 1000, against gdk-pixbuf decoding it at that size in-process.
 * preview.helper_peak_rss_mb: the largest resident size any helper of the
 * run reached. Medians of MC_BENCH_RUNS runs (default 7), and the ratio
 * of the fastest runs of each side (the machine at its quietest). The
 * scale of MC_BENCH_DOSSIERS does not apply here. */

#define PDF_W 1000
#define PDF_H 1414
#define JPEG_W 750
#define JPEG_H 1000

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1e3;
}

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* What the application does while the officer looks at the dossier: a
 * helper is started and warms up before any attachment is opened. */
static void
prepare (void)
{
  gint64 end = g_get_monotonic_time () + 400 * 1000;

  mc_preview_prepare ();
  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

/* Everything a viewer does for its first page. */
static double
through_helper (const char *path,
                guint       width,
                guint       height)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(McPreviewDocument) doc = NULL;
  g_autoptr(GAsyncResult) opened = NULL;
  g_autoptr(GAsyncResult) rendered = NULL;
  g_autoptr(McPreviewImage) image = NULL;
  g_autoptr(GError) error = NULL;
  double start = now_ms (), elapsed;

  doc = mc_preview_document_new (file);
  mc_preview_document_open_async (doc, NULL, NULL, store_cb, &opened);
  if (!mc_preview_document_open_finish (doc, wait_for (&opened), &error))
    g_error ("open: %s", error->message);
  mc_preview_document_render_page_async (doc, 0, width, height, 0, G_PRIORITY_DEFAULT, NULL, store_cb, &rendered);
  image = mc_preview_document_render_page_finish (doc, wait_for (&rendered), &error);
  if (image == NULL)
    g_error ("render: %s", error->message);
  elapsed = now_ms () - start;
  mc_preview_document_close (doc);
  return elapsed;
}

/* The in-process baseline at its best: like a viewer that keeps its page
 * buffer, it draws into memory that is already there (the helper's path
 * has its buffer allocated ahead of need too), instead of paying for
 * 5.6 MB of fresh pages on every page. */
static cairo_surface_t *pdf_surface;

static double
pdf_in_process (const char *path)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr(GError) error = NULL;
  double start, elapsed, pw, ph;
  PopplerDocument *document;
  PopplerPage *page;
  cairo_t *cr;

  if (pdf_surface == NULL)
    pdf_surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, PDF_W, PDF_H);
  start = now_ms ();
  document = poppler_document_new_from_file (uri, NULL, &error);
  if (document == NULL)
    g_error ("poppler: %s", error->message);
  page = poppler_document_get_page (document, 0);
  poppler_page_get_size (page, &pw, &ph);
  cr = cairo_create (pdf_surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, PDF_W / pw, PDF_H / ph);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (pdf_surface);
  elapsed = now_ms () - start;
  g_object_unref (page);
  g_object_unref (document);
  return elapsed;
}

static double
jpeg_in_process (const char *path)
{
  g_autoptr(GError) error = NULL;
  double start = now_ms ();
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file_at_size (path, JPEG_W, JPEG_H, &error);

  if (pixbuf == NULL)
    g_error ("gdk-pixbuf: %s", error->message);
  return now_ms () - start;
}

static int
compare (gconstpointer a,
         gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare);
  return g_array_index (values, double, values->len / 2);
}

/* After median(): sorted. */
static double
fastest (GArray *values)
{
  return g_array_index (values, double, 0);
}

int
main (int    argc,
      char **argv)
{
  const char *env = g_getenv ("MC_BENCH_RUNS");
  guint runs = env ? MAX (1, (guint) g_ascii_strtoull (env, NULL, 10)) : 7;
  g_autofree char *dir = g_dir_make_tmp ("motcua-bench-preview-XXXXXX", NULL);
  g_autofree char *pdf = NULL;
  g_autofree char *jpeg = NULL;
  g_autoptr(GArray) pdf_helper = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) pdf_local = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) jpeg_helper = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) jpeg_local = g_array_new (FALSE, FALSE, sizeof (double));
  struct rusage usage = { 0, };
  double helper_ms, local_ms;
  gint64 end;
  guint i;

  if (g_getenv ("MOTCUA_PREVIEW_HELPER") == NULL)
    g_error ("MOTCUA_PREVIEW_HELPER must name the helper of the build tree");
  pdf = mc_fixture_pdf (dir, "long.pdf", 200);
  jpeg = mc_fixture_image (dir, "scan.jpeg", "jpeg", 6000, 8000);

  /* One of each first, to warm the page cache and the libraries. */
  through_helper (pdf, PDF_W, PDF_H);
  pdf_in_process (pdf);
  through_helper (jpeg, JPEG_W, JPEG_H);
  jpeg_in_process (jpeg);

  /* Interleaved, so that a busy moment of the machine hits both. */
  for (i = 0; i < runs; i++)
    {
      double v;

      prepare ();
      v = through_helper (pdf, PDF_W, PDF_H);
      g_array_append_val (pdf_helper, v);
      v = pdf_in_process (pdf);
      g_array_append_val (pdf_local, v);
      prepare ();
      v = through_helper (jpeg, JPEG_W, JPEG_H);
      g_array_append_val (jpeg_helper, v);
      v = jpeg_in_process (jpeg);
      g_array_append_val (jpeg_local, v);
    }

  printf ("BENCH preview.runs %u count\n", runs);
  printf ("BENCH preview.sandbox %s layer\n", _mc_preview_uses_bwrap () ? "bwrap+seccomp" : "seccomp");
  helper_ms = median (pdf_helper);
  local_ms = median (pdf_local);
  printf ("BENCH preview.pdf_first_page_helper_ms %.1f ms\n", helper_ms);
  printf ("BENCH preview.pdf_first_page_baseline_poppler_ms %.1f ms\n", local_ms);
  printf ("BENCH preview.pdf_first_page_ratio %.2f ratio\n", helper_ms / local_ms);
  printf ("BENCH preview.pdf_first_page_fastest_ratio %.2f ratio (%.1f ms vs %.1f ms)\n",
          fastest (pdf_helper) / fastest (pdf_local), fastest (pdf_helper), fastest (pdf_local));
  helper_ms = median (jpeg_helper);
  local_ms = median (jpeg_local);
  printf ("BENCH preview.jpeg_first_page_helper_ms %.1f ms\n", helper_ms);
  printf ("BENCH preview.jpeg_first_page_baseline_gdk_pixbuf_ms %.1f ms\n", local_ms);
  printf ("BENCH preview.jpeg_first_page_ratio %.2f ratio\n", helper_ms / local_ms);
  printf ("BENCH preview.jpeg_first_page_fastest_ratio %.2f ratio (%.1f ms vs %.1f ms)\n",
          fastest (jpeg_helper) / fastest (jpeg_local), fastest (jpeg_helper), fastest (jpeg_local));

  /* Under bubblewrap the helper is a grandchild that RUSAGE_CHILDREN does
   * not see: the same helper, run once more without it, is measured. */
  g_setenv ("MOTCUA_PREVIEW_SANDBOX", "none", TRUE);
  through_helper (pdf, PDF_W, PDF_H);
  through_helper (jpeg, JPEG_W, JPEG_H);

  /* The helpers are reaped by GSubprocess's child watch: let it run. */
  end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  getrusage (RUSAGE_CHILDREN, &usage);
  printf ("BENCH preview.helper_peak_rss_mb %.1f MiB\n", usage.ru_maxrss / 1024.0);

  g_clear_pointer (&pdf_surface, cairo_surface_destroy);
  g_unlink (pdf);
  g_unlink (jpeg);
  g_rmdir (dir);
  return 0;
}
