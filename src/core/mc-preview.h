/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Previews of untrusted files (PDF, PNG, JPEG, TIFF) decoded by the
 * confined helper motcua-preview, never in this process (docs/preview.md).
 * One helper per document, started on demand and again after it died;
 * rendered pages are kept in a bounded cache. Use from one thread. */

#define MC_PREVIEW_ERROR (mc_preview_error_quark ())

/**
 * McPreviewError:
 * @MC_PREVIEW_ERROR_CRASHED: the helper ended without an answer
 * @MC_PREVIEW_ERROR_TIMEOUT: the helper took longer than the time limit and
 *   was stopped
 * @MC_PREVIEW_ERROR_OUT_OF_MEMORY: the file needs more memory than the
 *   helper may use
 * @MC_PREVIEW_ERROR_DAMAGED: the file is damaged or not what it claims
 * @MC_PREVIEW_ERROR_UNSUPPORTED: not a PDF, PNG, JPEG or TIFF file
 * @MC_PREVIEW_ERROR_NEEDS_PASSWORD: an encrypted PDF: open again with a
 *   password
 * @MC_PREVIEW_ERROR_WRONG_PASSWORD: the password given does not open it
 * @MC_PREVIEW_ERROR_TOO_LARGE: the image declares more pixels than the
 *   helper decodes
 * @MC_PREVIEW_ERROR_HELPER_MISSING: motcua-preview cannot be started
 * @MC_PREVIEW_ERROR_FAILED: a request the helper refused (a bug of ours)
 */
typedef enum {
  MC_PREVIEW_ERROR_CRASHED,
  MC_PREVIEW_ERROR_TIMEOUT,
  MC_PREVIEW_ERROR_OUT_OF_MEMORY,
  MC_PREVIEW_ERROR_DAMAGED,
  MC_PREVIEW_ERROR_UNSUPPORTED,
  MC_PREVIEW_ERROR_NEEDS_PASSWORD,
  MC_PREVIEW_ERROR_WRONG_PASSWORD,
  MC_PREVIEW_ERROR_TOO_LARGE,
  MC_PREVIEW_ERROR_HELPER_MISSING,
  MC_PREVIEW_ERROR_FAILED,
} McPreviewError;

GQuark mc_preview_error_quark (void);

/* A rendered page: premultiplied ARGB32 in native byte order, cairo's
 * CAIRO_FORMAT_ARGB32 (GDK_MEMORY_DEFAULT for a GdkMemoryTexture). */
typedef struct _McPreviewImage McPreviewImage;

#define MC_TYPE_PREVIEW_IMAGE (mc_preview_image_get_type ())
GType           mc_preview_image_get_type   (void) G_GNUC_CONST;
McPreviewImage *mc_preview_image_ref        (McPreviewImage *image);
void            mc_preview_image_unref      (McPreviewImage *image);
guint           mc_preview_image_get_width  (McPreviewImage *image);
guint           mc_preview_image_get_height (McPreviewImage *image);
gsize           mc_preview_image_get_stride (McPreviewImage *image);
/* transfer none */
GBytes         *mc_preview_image_get_bytes  (McPreviewImage *image);

/* The text of a page and one rectangle per character (in the unrotated
 * page's coordinates, the units of mc_preview_document_get_page_size()). */
typedef struct
{
  double x1;
  double y1;
  double x2;
  double y2;
} McPreviewRect;

typedef struct _McPreviewText McPreviewText;

#define MC_TYPE_PREVIEW_TEXT (mc_preview_text_get_type ())
GType                mc_preview_text_get_type  (void) G_GNUC_CONST;
McPreviewText       *mc_preview_text_ref       (McPreviewText *text);
void                 mc_preview_text_unref     (McPreviewText *text);
const char          *mc_preview_text_get_text  (McPreviewText *text);
/* n_rects is the number of characters of the text, or 0 when the page has
 * text but no layout. */
const McPreviewRect *mc_preview_text_get_rects (McPreviewText *text,
                                                guint         *n_rects);
/* The text of characters [start, end) as a new string. */
char                *mc_preview_text_dup_range (McPreviewText *text,
                                                guint          start,
                                                guint          end);

/* Starts a helper ahead of need (with the default limits), so that the
 * next document opens without waiting for one to start; call it when
 * previews are about to be wanted (a dossier with attachments is shown).
 * It also allocates, in a thread, a page buffer that the waiting helper
 * maps ahead of need. After that, each document that takes the waiting
 * helper starts the next once it has had nothing to ask for a moment.
 * MOTCUA_PREVIEW_SPARE=0 turns the waiting helper off. */
void mc_preview_prepare (void);

#define MC_TYPE_PREVIEW_DOCUMENT (mc_preview_document_get_type ())
G_DECLARE_FINAL_TYPE (McPreviewDocument, mc_preview_document, MC, PREVIEW_DOCUMENT, GObject)

McPreviewDocument *mc_preview_document_new            (GFile              *file);
/* The document reads a duplicate of fd; the caller keeps fd. */
McPreviewDocument *mc_preview_document_new_for_fd     (int                 fd,
                                                       GError            **error);
GFile             *mc_preview_document_get_file       (McPreviewDocument  *self);

/* Limits of the helper; set them before opening. Defaults: 15 s per
 * request, 1 GiB of address space, 60 s of CPU time. */
void               mc_preview_document_set_timeout      (McPreviewDocument *self,
                                                         guint              timeout_ms);
void               mc_preview_document_set_memory_limit (McPreviewDocument *self,
                                                         guint64            bytes);
void               mc_preview_document_set_cpu_limit    (McPreviewDocument *self,
                                                         guint              seconds);
/* Bytes of rendered pages kept (default 96 MiB). */
void               mc_preview_document_set_cache_size   (McPreviewDocument *self,
                                                         gsize              bytes);

void               mc_preview_document_open_async     (McPreviewDocument   *self,
                                                       const char          *password,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean           mc_preview_document_open_finish    (McPreviewDocument   *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* Valid once opened. */
gboolean           mc_preview_document_is_open        (McPreviewDocument  *self);
guint              mc_preview_document_get_n_pages    (McPreviewDocument  *self);
/* In CSS pixels (1/96 inch); an image's size is its size in pixels.
 * Returns whether the size is the page's own: when a document opens only
 * its first page's size may be known (a PDF's), and the others get the
 * first's as an estimate until theirs arrive, shortly after the first
 * page is drawn (::page-sizes-changed), or for good if they cannot be
 * read (::page-sizes-failed). Lay out with the estimate; lay out again
 * when the signal comes. */
gboolean           mc_preview_document_get_page_size  (McPreviewDocument  *self,
                                                       guint               page,
                                                       double             *width,
                                                       double             *height);
/* TRUE once every page's size is known (the "page-sizes-known" property). */
gboolean           mc_preview_document_get_page_sizes_known (McPreviewDocument *self);
/* Why the sizes not known will not come, or NULL. */
const GError      *mc_preview_document_get_page_sizes_error (McPreviewDocument *self);
/* TRUE for PDFs, whose pages may carry text. */
gboolean           mc_preview_document_has_text       (McPreviewDocument  *self);
/* "application/pdf", "image/png", "image/jpeg" or "image/tiff". */
const char        *mc_preview_document_get_media_type (McPreviewDocument  *self);

/* Renders page (from 0) rotated clockwise by rotation (0, 90, 180, 270)
 * into exactly width × height pixels (of the rotated page). Requests wait
 * in order of io_priority (lower first: the page on screen before its
 * thumbnails), then of arrival. */
void               mc_preview_document_render_page_async  (McPreviewDocument   *self,
                                                           guint                page,
                                                           guint                width,
                                                           guint                height,
                                                           guint                rotation,
                                                           int                  io_priority,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
McPreviewImage    *mc_preview_document_render_page_finish (McPreviewDocument   *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

void               mc_preview_document_get_text_async     (McPreviewDocument   *self,
                                                           guint                page,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
McPreviewText     *mc_preview_document_get_text_finish    (McPreviewDocument   *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

/* Stops the helper now; later requests start another. */
void               mc_preview_document_close              (McPreviewDocument   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McPreviewImage, mc_preview_image_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McPreviewText, mc_preview_text_unref)

G_END_DECLS
