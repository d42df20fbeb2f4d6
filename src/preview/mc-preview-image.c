/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE 1
#include "config.h"

#include <string.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mc-preview-backend.h"

/* A scan is a few megabytes; a file larger than this is not one. */
#define MAX_FILE_BYTES (256u * 1024u * 1024u)
#define CHUNK 65536

typedef struct
{
  McPreviewBackend  parent;
  GBytes           *bytes;   /* the file, mapped or read */
  const guint8     *data;
  gsize             length;
} McPreviewImage;

typedef struct
{
  int      natural_width;
  int      natural_height;
  int      target_width;  /* 0: natural size */
  int      target_height;
  gboolean too_large;
  gboolean prepared;
  gboolean header_only;
} Prepared;

static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  Prepared *p = user_data;

  p->prepared = TRUE;
  p->natural_width = width;
  p->natural_height = height;
  if (width <= 0 || height <= 0 || (guint64) width * (guint64) height > MC_PREVIEW_MAX_IMAGE_PIXELS)
    {
      /* Refused before the pixels are decoded: ask the loader for one pixel
       * and stop feeding it. */
      p->too_large = TRUE;
      gdk_pixbuf_loader_set_size (loader, 1, 1);
      return;
    }
  /* Only the size is wanted: without this the loader would allocate the
   * full image for the rows of the chunk it was given. */
  if (p->header_only)
    {
      gdk_pixbuf_loader_set_size (loader, 1, 1);
      return;
    }
  /* Decode at the size asked for: the JPEG loader then lets libjpeg scale
   * by 1/2, 1/4 or 1/8 while decoding. */
  if (p->target_width > 0 && p->target_width < width && p->target_height < height)
    gdk_pixbuf_loader_set_size (loader, p->target_width, MAX (1, p->target_height));
}

/* Feeds the loader until it has the size (header_only) or the whole file. */
static McPreviewStatus
load (McPreviewImage *self,
      Prepared       *p,
      gboolean        header_only,
      GdkPixbuf     **out,
      char          **message)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) error = NULL;
  gsize offset = 0;

  loader = gdk_pixbuf_loader_new_with_type (self->parent.kind == MC_PREVIEW_KIND_PNG ? "png" : "jpeg", &error);
  if (loader == NULL)
    {
      *message = g_strdup (error->message);
      return MC_PREVIEW_STATUS_UNSUPPORTED;
    }
  p->header_only = header_only;
  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), p);
  while (offset < self->length && !p->too_large && !(header_only && p->prepared))
    {
      gsize n = MIN (CHUNK, self->length - offset);

      if (!gdk_pixbuf_loader_write (loader, self->data + offset, n, &error))
        break;
      offset += n;
    }
  if (p->too_large)
    {
      gdk_pixbuf_loader_close (loader, NULL);
      *message = g_strdup_printf ("%d × %d pixels", p->natural_width, p->natural_height);
      return MC_PREVIEW_STATUS_TOO_LARGE;
    }
  if (header_only && p->prepared)
    {
      gdk_pixbuf_loader_close (loader, NULL);
      return MC_PREVIEW_STATUS_OK;
    }
  if (error == NULL)
    gdk_pixbuf_loader_close (loader, &error);
  else
    gdk_pixbuf_loader_close (loader, NULL);
  if (error != NULL)
    {
      *message = g_strdup (error->message);
      if (g_error_matches (error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_INSUFFICIENT_MEMORY))
        return MC_PREVIEW_STATUS_OUT_OF_MEMORY;
      return MC_PREVIEW_STATUS_DAMAGED;
    }
  if (!p->prepared || gdk_pixbuf_loader_get_pixbuf (loader) == NULL)
    {
      *message = g_strdup ("no image in the file");
      return MC_PREVIEW_STATUS_DAMAGED;
    }
  if (out != NULL)
    *out = g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
  return MC_PREVIEW_STATUS_OK;
}

static guint
be16 (const guint8 *p)
{
  return (guint) p[0] << 8 | p[1];
}

/* PNG: the IHDR chunk that must come first. JPEG: the first start-of-frame
 * marker. FALSE when the headers are not where they should be; the
 * decoder then decides. */
static gboolean
read_dimensions (McPreviewImage *self,
                 Prepared       *p)
{
  const guint8 *d = self->data;
  gsize n = self->length, i;

  if (self->parent.kind == MC_PREVIEW_KIND_PNG)
    {
      if (n < 24 || memcmp (d + 12, "IHDR", 4) != 0)
        return FALSE;
      p->natural_width = (int) MIN ((guint32) d[16] << 24 | d[17] << 16 | d[18] << 8 | d[19], G_MAXINT);
      p->natural_height = (int) MIN ((guint32) d[20] << 24 | d[21] << 16 | d[22] << 8 | d[23], G_MAXINT);
      return p->natural_width > 0 && p->natural_height > 0;
    }
  for (i = 2; i + 4 <= n;)
    {
      guint8 marker;
      guint length;

      if (d[i] != 0xff)
        return FALSE;
      marker = d[i + 1];
      if (marker == 0xff)
        {
          i++;
          continue;
        }
      if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7))
        {
          i += 2;
          continue;
        }
      length = be16 (d + i + 2);
      if (length < 2 || i + 2 + length > n)
        return FALSE;
      /* SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC). */
      if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc)
        {
          if (length < 7)
            return FALSE;
          p->natural_height = be16 (d + i + 5);
          p->natural_width = be16 (d + i + 7);
          return p->natural_width > 0 && p->natural_height > 0;
        }
      if (marker == 0xda || marker == 0xd9)
        return FALSE;
      i += 2 + length;
    }
  return FALSE;
}

/* Converts pixbuf's RGB(A) rows to cairo's premultiplied ARGB32. */
static void
convert_pixels (GdkPixbuf *pixbuf,
                guint8    *dest,
                gsize      stride)
{
  int w = gdk_pixbuf_get_width (pixbuf);
  int h = gdk_pixbuf_get_height (pixbuf);
  int n = gdk_pixbuf_get_n_channels (pixbuf);
  int rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  gboolean alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
  int x, y;

  for (y = 0; y < h; y++)
    {
      const guint8 *s = pixels + (gsize) y * rowstride;
      guint32 *d = (guint32 *) (dest + (gsize) y * stride);

      if (!alpha)
        for (x = 0; x < w; x++, s += n)
          d[x] = 0xff000000u | (guint32) s[0] << 16 | (guint32) s[1] << 8 | s[2];
      else
        for (x = 0; x < w; x++, s += n)
          {
            guint a = s[3];
            /* c × a / 255, rounded, without a division. */
            guint r = s[0] * a + 128, g = s[1] * a + 128, b = s[2] * a + 128;

            r = (r + (r >> 8)) >> 8;
            g = (g + (g >> 8)) >> 8;
            b = (b + (b >> 8)) >> 8;
            d[x] = (guint32) a << 24 | r << 16 | g << 8 | b;
          }
    }
}

static cairo_surface_t *
surface_from_pixbuf (GdkPixbuf *pixbuf)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                         gdk_pixbuf_get_width (pixbuf),
                                                         gdk_pixbuf_get_height (pixbuf));

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return surface;
  cairo_surface_flush (surface);
  convert_pixels (pixbuf, cairo_image_surface_get_data (surface), cairo_image_surface_get_stride (surface));
  cairo_surface_mark_dirty (surface);
  return surface;
}

/* The usual case: decoded at the size shown, upright, opaque. The pixels
 * then go straight into the page. */
static gboolean
convert_into_target (GdkPixbuf *pixbuf,
                     cairo_t   *cr,
                     guint      width,
                     guint      height)
{
  cairo_surface_t *target = cairo_get_target (cr);
  cairo_matrix_t m;

  cairo_get_matrix (cr, &m);
  if (gdk_pixbuf_get_has_alpha (pixbuf) || (guint) gdk_pixbuf_get_width (pixbuf) != width
      || (guint) gdk_pixbuf_get_height (pixbuf) != height
      || m.xx != 1 || m.yy != 1 || m.xy != 0 || m.yx != 0 || m.x0 != 0 || m.y0 != 0
      || cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE
      || cairo_image_surface_get_format (target) != CAIRO_FORMAT_ARGB32
      || (guint) cairo_image_surface_get_width (target) != width
      || (guint) cairo_image_surface_get_height (target) != height)
    return FALSE;
  cairo_surface_flush (target);
  convert_pixels (pixbuf, cairo_image_surface_get_data (target), cairo_image_surface_get_stride (target));
  cairo_surface_mark_dirty (target);
  return TRUE;
}

static McPreviewStatus
image_render (McPreviewBackend *backend,
              guint             index,
              cairo_t          *cr,
              guint             width,
              guint             height,
              char            **message)
{
  McPreviewImage *self = (McPreviewImage *) backend;
  Prepared p = { 0, };
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  cairo_surface_t *surface;
  McPreviewStatus status;

  p.target_width = width;
  p.target_height = height;
  status = load (self, &p, FALSE, &pixbuf, message);
  if (status != MC_PREVIEW_STATUS_OK)
    return status;
  if (convert_into_target (pixbuf, cr, width, height))
    return MC_PREVIEW_STATUS_OK;
  surface = surface_from_pixbuf (pixbuf);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      *message = g_strdup ("no memory for the image");
      return MC_PREVIEW_STATUS_OUT_OF_MEMORY;
    }
  g_clear_object (&pixbuf);
  mc_preview_paint_scaled (cr, surface, width, height);
  cairo_surface_destroy (surface);
  return MC_PREVIEW_STATUS_OK;
}

static McPreviewStatus
image_text (McPreviewBackend *backend,
            guint             index,
            char            **text,
            GArray           *rects,
            char            **message)
{
  *text = g_strdup ("");
  return MC_PREVIEW_STATUS_OK;
}

static void
image_free (McPreviewBackend *backend)
{
  McPreviewImage *self = (McPreviewImage *) backend;

  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_array_unref (backend->pages);
  g_free (self);
}

McPreviewStatus
mc_preview_image_open (int                fd,
                       McPreviewKind      kind,
                       McPreviewBackend **out,
                       char             **message)
{
  McPreviewImage *self;
  McPreviewPageSize size;
  McPreviewStatus status;
  Prepared p = { 0, };
  struct stat st;

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size <= 0 || (guint64) st.st_size > MAX_FILE_BYTES)
    {
      *message = g_strdup ("not a regular file of a plausible size");
      close (fd);
      return MC_PREVIEW_STATUS_TOO_LARGE;
    }

  self = g_new0 (McPreviewImage, 1);
  self->parent.kind = kind;
  self->parent.pages = g_array_new (FALSE, FALSE, sizeof (McPreviewPageSize));
  self->parent.render = image_render;
  self->parent.text = image_text;
  self->parent.free = image_free;
  self->bytes = mc_preview_file_bytes (fd);
  close (fd);
  if (self->bytes == NULL)
    {
      *message = g_strdup ("could not read the file");
      image_free (&self->parent);
      return MC_PREVIEW_STATUS_DAMAGED;
    }
  self->data = g_bytes_get_data (self->bytes, &self->length);

  /* gdk-pixbuf shows what it has of a cut-off PNG as if it were whole; a
   * scan missing its end would be read as a blank bottom of the page. */
  if (kind == MC_PREVIEW_KIND_PNG)
    {
      gsize tail = MIN (self->length, 65536);

      if (memmem (self->data + self->length - tail, tail, "IEND", 4) == NULL)
        {
          *message = g_strdup ("the PNG file is cut off");
          image_free (&self->parent);
          return MC_PREVIEW_STATUS_DAMAGED;
        }
    }

  /* The size from the headers, without starting a decoder: opening a
   * large scan then costs nothing but reading it. */
  if (read_dimensions (self, &p))
    {
      p.prepared = TRUE;
      if ((guint64) p.natural_width * p.natural_height > MC_PREVIEW_MAX_IMAGE_PIXELS)
        {
          *message = g_strdup_printf ("%d × %d pixels", p.natural_width, p.natural_height);
          image_free (&self->parent);
          return MC_PREVIEW_STATUS_TOO_LARGE;
        }
      status = MC_PREVIEW_STATUS_OK;
    }
  else
    status = load (self, &p, TRUE, NULL, message);
  if (status == MC_PREVIEW_STATUS_OK && !p.prepared)
    {
      *message = g_strdup ("no image header");
      status = MC_PREVIEW_STATUS_DAMAGED;
    }
  if (status != MC_PREVIEW_STATUS_OK)
    {
      image_free (&self->parent);
      return status;
    }
  size.width = p.natural_width;
  size.height = p.natural_height;
  g_array_append_val (self->parent.pages, size);
  *out = &self->parent;
  return MC_PREVIEW_STATUS_OK;
}
