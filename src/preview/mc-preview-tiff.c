/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <tiffio.h>
#include <unistd.h>

#include "mc-preview-backend.h"

#define MAX_SIDE 100000u
/* Rows decoded at a time: about this many bytes of RGBA. */
#define BAND_BYTES (4u * 1024u * 1024u)

typedef struct
{
  McPreviewBackend  parent;
  TIFF             *tiff;
} McPreviewTiff;

static char last_error[256];

static void
error_handler (const char *module,
               const char *fmt,
               va_list     ap)
{
  g_vsnprintf (last_error, sizeof last_error, fmt, ap);
}

static void
warning_handler (const char *module,
                 const char *fmt,
                 va_list     ap)
{
}

static gboolean
dimensions_ok (guint32 w,
               guint32 h)
{
  return w > 0 && h > 0 && w <= MAX_SIDE && h <= MAX_SIDE
         && (guint64) w * h <= MC_PREVIEW_MAX_IMAGE_PIXELS;
}

/* Decodes the page a band of rows at a time, averaging the source pixels
 * that fall into each pixel of a surface no larger than the target (or the
 * image): a 6000 × 8000 scan asked for at 1000 pixels never exists whole in
 * memory. */
static McPreviewStatus
tiff_render (McPreviewBackend *backend,
             guint             index,
             cairo_t          *cr,
             guint             width,
             guint             height,
             char            **message)
{
  McPreviewTiff *self = (McPreviewTiff *) backend;
  TIFFRGBAImage img;
  char emsg[1024] = "";
  guint32 sw, sh, iw, ih, band_rows, y0, y, x, row_out = 0;
  g_autofree guint32 *band = NULL;
  g_autofree guint64 *acc = NULL;
  g_autofree guint32 *count = NULL;
  cairo_surface_t *surface;
  guint8 *data;
  int stride;
  McPreviewStatus status = MC_PREVIEW_STATUS_OK;

  if (!TIFFSetDirectory (self->tiff, index))
    {
      *message = g_strdup_printf ("page %u: %s", index, last_error);
      return MC_PREVIEW_STATUS_DAMAGED;
    }
  if (!TIFFGetField (self->tiff, TIFFTAG_IMAGEWIDTH, &sw) || !TIFFGetField (self->tiff, TIFFTAG_IMAGELENGTH, &sh))
    {
      *message = g_strdup ("no dimensions");
      return MC_PREVIEW_STATUS_DAMAGED;
    }
  if (!dimensions_ok (sw, sh))
    {
      *message = g_strdup_printf ("%u × %u pixels", sw, sh);
      return MC_PREVIEW_STATUS_TOO_LARGE;
    }
  if (!TIFFRGBAImageOK (self->tiff, emsg) || !TIFFRGBAImageBegin (&img, self->tiff, 0, emsg))
    {
      *message = g_strdup (emsg);
      return MC_PREVIEW_STATUS_UNSUPPORTED;
    }
  img.req_orientation = ORIENTATION_TOPLEFT;

  iw = MIN (width, sw);
  ih = MIN (height, sh);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, iw, ih);
  band_rows = MAX (1u, BAND_BYTES / (sw * 4u));
  band = g_try_new (guint32, (gsize) sw * band_rows);
  acc = g_try_new0 (guint64, (gsize) iw * 4);
  count = g_try_new0 (guint32, iw);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS || band == NULL || acc == NULL || count == NULL)
    {
      TIFFRGBAImageEnd (&img);
      cairo_surface_destroy (surface);
      *message = g_strdup ("no memory for the page");
      return MC_PREVIEW_STATUS_OUT_OF_MEMORY;
    }
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);

  for (y0 = 0; y0 < sh && status == MC_PREVIEW_STATUS_OK; y0 += band_rows)
    {
      guint32 rows = MIN (band_rows, sh - y0);

      img.row_offset = y0;
      img.col_offset = 0;
      if (!TIFFRGBAImageGet (&img, band, sw, rows))
        {
          *message = g_strdup_printf ("page %u: %s", index, last_error);
          status = MC_PREVIEW_STATUS_DAMAGED;
          break;
        }
      for (y = 0; y < rows; y++)
        {
          guint32 oy = (guint32) (((guint64) (y0 + y) * ih) / sh);
          const guint32 *src = band + (gsize) y * sw;

          if (oy != row_out)
            {
              guint32 *d = (guint32 *) (data + (gsize) row_out * stride);

              for (x = 0; x < iw; x++)
                {
                  guint32 c = MAX (count[x], 1u);
                  d[x] = (guint32) ((acc[x * 4 + 3] / c) << 24 | (acc[x * 4] / c) << 16
                                    | (acc[x * 4 + 1] / c) << 8 | (acc[x * 4 + 2] / c));
                }
              memset (acc, 0, sizeof (guint64) * iw * 4);
              memset (count, 0, sizeof (guint32) * iw);
              row_out = oy;
            }
          for (x = 0; x < sw; x++)
            {
              guint32 ox = (guint32) (((guint64) x * iw) / sw);
              guint32 p = src[x];

              acc[ox * 4] += TIFFGetR (p);
              acc[ox * 4 + 1] += TIFFGetG (p);
              acc[ox * 4 + 2] += TIFFGetB (p);
              acc[ox * 4 + 3] += TIFFGetA (p);
              count[ox]++;
            }
        }
    }
  if (status == MC_PREVIEW_STATUS_OK)
    {
      guint32 *d = (guint32 *) (data + (gsize) row_out * stride);

      for (x = 0; x < iw; x++)
        {
          guint32 c = MAX (count[x], 1u);
          d[x] = (guint32) ((acc[x * 4 + 3] / c) << 24 | (acc[x * 4] / c) << 16
                            | (acc[x * 4 + 1] / c) << 8 | (acc[x * 4 + 2] / c));
        }
      cairo_surface_mark_dirty (surface);
      mc_preview_paint_scaled (cr, surface, width, height);
    }
  TIFFRGBAImageEnd (&img);
  cairo_surface_destroy (surface);
  return status;
}

static McPreviewStatus
tiff_text (McPreviewBackend *backend,
           guint             index,
           char            **text,
           GArray           *rects,
           char            **message)
{
  *text = g_strdup ("");
  return MC_PREVIEW_STATUS_OK;
}

static void
tiff_free (McPreviewBackend *backend)
{
  McPreviewTiff *self = (McPreviewTiff *) backend;

  TIFFClose (self->tiff);
  g_array_unref (backend->pages);
  g_free (self);
}

McPreviewStatus
mc_preview_tiff_open (int                fd,
                      McPreviewBackend **out,
                      char             **message)
{
  McPreviewTiff *self;
  TIFF *tiff;
  guint n = 0;

  TIFFSetErrorHandler (error_handler);
  TIFFSetWarningHandler (warning_handler);
  /* "m": read, never map, the file: a file truncated under a mapping
   * would end the helper with SIGBUS. */
  tiff = TIFFFdOpen (fd, "document.tiff", "rm");
  if (tiff == NULL)
    {
      close (fd);
      *message = g_strdup (last_error);
      return MC_PREVIEW_STATUS_DAMAGED;
    }

  self = g_new0 (McPreviewTiff, 1);
  self->tiff = tiff;
  self->parent.kind = MC_PREVIEW_KIND_TIFF;
  self->parent.pages = g_array_new (FALSE, FALSE, sizeof (McPreviewPageSize));
  self->parent.render = tiff_render;
  self->parent.text = tiff_text;
  self->parent.free = tiff_free;
  do
    {
      guint32 w = 0, h = 0;
      McPreviewPageSize size;

      if (!TIFFGetField (tiff, TIFFTAG_IMAGEWIDTH, &w) || !TIFFGetField (tiff, TIFFTAG_IMAGELENGTH, &h))
        {
          *message = g_strdup_printf ("page %u has no dimensions", n);
          tiff_free (&self->parent);
          return MC_PREVIEW_STATUS_DAMAGED;
        }
      if (!dimensions_ok (w, h))
        {
          *message = g_strdup_printf ("page %u: %u × %u pixels", n, w, h);
          tiff_free (&self->parent);
          return MC_PREVIEW_STATUS_TOO_LARGE;
        }
      size.width = w;
      size.height = h;
      g_array_append_val (self->parent.pages, size);
      n++;
    }
  while (n < MC_PREVIEW_MAX_PAGES && TIFFReadDirectory (tiff));
  *out = &self->parent;
  return MC_PREVIEW_STATUS_OK;
}
