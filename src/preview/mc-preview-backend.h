/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "mc-preview-protocol.h"

G_BEGIN_DECLS

/* One decoder of the helper. Each returns MC_PREVIEW_STATUS_OK or a status
 * for the reply, and a message for the log in *message. */
typedef struct _McPreviewBackend McPreviewBackend;

typedef struct
{
  double width;   /* CSS pixels */
  double height;
} McPreviewPageSize;

struct _McPreviewBackend
{
  McPreviewKind kind;
  guint         n_pages;
  /* Of McPreviewPageSize: the sizes known when the file opened (pages 0
   * to pages->len - 1), sent with the OPEN reply. Images and TIFF know
   * them all; a PDF only its first page's, so that the first page does
   * not wait for the others' (page_size gives the rest, on SIZES). */
  GArray       *pages;

  /* NULL when pages holds every size. Never fails: a page whose size
   * cannot be read gets a default one, and rendering it will tell. */
  void            (*page_size) (McPreviewBackend  *self,
                                guint              page,
                                McPreviewPageSize *size);

  McPreviewStatus (*render) (McPreviewBackend *self,
                             guint             page,
                             cairo_t          *cr,
                             guint             width,
                             guint             height,
                             char            **message);
  McPreviewStatus (*text)   (McPreviewBackend *self,
                             guint             page,
                             char            **text,
                             GArray           *rects, /* of double × 4 */
                             char            **message);
  void            (*free)   (McPreviewBackend *self);
};

/* Each opens fd (which it owns from then on). */
McPreviewStatus mc_preview_pdf_open   (int                fd,
                                       const char        *password,
                                       McPreviewBackend **out,
                                       char             **message);
McPreviewStatus mc_preview_image_open (int                fd,
                                       McPreviewKind      kind,
                                       McPreviewBackend **out,
                                       char             **message);
McPreviewStatus mc_preview_tiff_open  (int                fd,
                                       McPreviewBackend **out,
                                       char             **message);

/* Draws a surface of the image's natural orientation so that it fills
 * width × height of cr, whose transformation already rotates. */
void            mc_preview_paint_scaled (cairo_t         *cr,
                                         cairo_surface_t *surface,
                                         double           width,
                                         double           height);

/* A regular file's bytes, mapped or read (mc-preview-file.c); NULL if it
 * is not one or cannot be read. */
GBytes         *mc_preview_file_bytes (int fd);

/* Confinement (mc-preview-confine.c). */
void            mc_preview_confine_process (guint64 memory_bytes,
                                            guint   cpu_seconds);
gboolean        mc_preview_confine_syscalls (char **message);

G_END_DECLS
