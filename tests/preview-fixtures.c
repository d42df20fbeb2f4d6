/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <tiffio.h>

#include "preview-fixtures.h"

char *
mc_fixture_write (const char *dir,
                  const char *name,
                  const void *data,
                  gsize       length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
  return path;
}

char *
mc_fixture_pdf_landscape (const char *dir,
                          const char *name,
                          guint       n_pages,
                          guint       landscape)
{
  char *path = g_build_filename (dir, name, NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);
  guint i;

  for (i = 0; i < n_pages; i++)
    {
      g_autofree char *line = g_strdup_printf ("Page %u of %u", i + 1, n_pages);
      double w = i == landscape ? 842 : 595, h = i == landscape ? 595 : 842;

      cairo_pdf_surface_set_size (surface, w, h);
      cairo_set_source_rgb (cr, 1, 0, 0);
      cairo_rectangle (cr, 0, 0, w / 2, h / 2);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0, 0, 1);
      cairo_rectangle (cr, w / 2, h / 2, w / 2, h / 2);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
      cairo_set_font_size (cr, 28);
      cairo_move_to (cr, 40, h / 2 + 10);
      cairo_show_text (cr, line);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

char *
mc_fixture_pdf (const char *dir,
                const char *name,
                guint       n_pages)
{
  return mc_fixture_pdf_landscape (dir, name, n_pages, G_MAXUINT);
}

char *
mc_fixture_image (const char *dir,
                  const char *name,
                  const char *format,
                  int         width,
                  int         height)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  char *path = g_build_filename (dir, name, NULL);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  int x, y;

  for (y = 0; y < height; y++)
    for (x = 0; x < width; x++)
      {
        guint8 *p = pixels + (gsize) y * rowstride + x * 3;
        gboolean top = y < height / 2, left = x < width / 2;

        p[0] = top && left ? 255 : (!top && !left ? 0 : 255);
        p[1] = top && left ? 0 : (!top && !left ? 0 : 255);
        p[2] = top && left ? 0 : 255;
      }
  if (g_str_equal (format, "jpeg"))
    gdk_pixbuf_save (pixbuf, path, format, &error, "quality", "90", NULL);
  else
    gdk_pixbuf_save (pixbuf, path, format, &error, NULL);
  g_assert_no_error (error);
  return path;
}

char *
mc_fixture_tiff (const char *dir,
                 const char *name,
                 guint       n_pages,
                 int         width,
                 int         height)
{
  static const guint8 colours[3][3] = { { 255, 0, 0 }, { 0, 255, 0 }, { 0, 0, 255 } };
  char *path = g_build_filename (dir, name, NULL);
  TIFF *tiff = TIFFOpen (path, "w");
  g_autofree guint8 *row = g_malloc ((gsize) width * 3);
  guint i;
  int x, y;

  g_assert_nonnull (tiff);
  for (i = 0; i < n_pages; i++)
    {
      TIFFSetField (tiff, TIFFTAG_IMAGEWIDTH, width);
      TIFFSetField (tiff, TIFFTAG_IMAGELENGTH, height);
      TIFFSetField (tiff, TIFFTAG_BITSPERSAMPLE, 8);
      TIFFSetField (tiff, TIFFTAG_SAMPLESPERPIXEL, 3);
      TIFFSetField (tiff, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_RGB);
      TIFFSetField (tiff, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
      TIFFSetField (tiff, TIFFTAG_COMPRESSION, COMPRESSION_LZW);
      TIFFSetField (tiff, TIFFTAG_ROWSPERSTRIP, 64);
      TIFFSetField (tiff, TIFFTAG_SUBFILETYPE, FILETYPE_PAGE);
      TIFFSetField (tiff, TIFFTAG_PAGENUMBER, i, n_pages);
      for (x = 0; x < width; x++)
        {
          const guint8 *c = x < width / 2 ? colours[i % 3] : (const guint8[]) { 255, 255, 255 };
          memcpy (row + x * 3, c, 3);
        }
      for (y = 0; y < height; y++)
        g_assert_cmpint (TIFFWriteScanline (tiff, row, y, 0), ==, 1);
      g_assert_true (TIFFWriteDirectory (tiff));
    }
  TIFFClose (tiff);
  return path;
}

void
mc_fixture_pixel (const guint8 *data,
                  gsize         stride,
                  guint         x,
                  guint         y,
                  guint8       *r,
                  guint8       *g,
                  guint8       *b)
{
  guint32 p;

  memcpy (&p, data + y * stride + x * 4, sizeof p);

  *r = (p >> 16) & 0xff;
  *g = (p >> 8) & 0xff;
  *b = p & 0xff;
}
