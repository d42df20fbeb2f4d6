/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Shows an attachment (PDF, PNG, JPEG, TIFF) decoded by the confined helper
 * through McPreviewDocument: pages rendered at the size shown, on demand,
 * never on the main thread; thumbnails, zoom, rotation per page (kept for
 * the session), text selection and copy, print and save a copy. When the
 * helper fails it shows why, with "Open With Another Application" and
 * "Save". Embed it, or use mc_document_viewer_present() for a window of
 * its own. The "close" signal asks the host to close it (Escape). */

typedef enum {
  MC_DOCUMENT_VIEWER_EMPTY,
  MC_DOCUMENT_VIEWER_LOADING,
  MC_DOCUMENT_VIEWER_PASSWORD,
  MC_DOCUMENT_VIEWER_READY,
  MC_DOCUMENT_VIEWER_FAILED,
} McDocumentViewerState;

typedef enum {
  MC_ZOOM_FIT_WIDTH,
  MC_ZOOM_FIT_PAGE,
  MC_ZOOM_FREE,
} McZoomMode;

#define MC_TYPE_DOCUMENT_VIEWER (mc_document_viewer_get_type ())
G_DECLARE_FINAL_TYPE (McDocumentViewer, mc_document_viewer, MC, DOCUMENT_VIEWER, GtkWidget)

McDocumentViewer      *mc_document_viewer_new          (void);
void                   mc_document_viewer_open         (McDocumentViewer *self,
                                                        GFile            *file,
                                                        const char       *title);
/* A window of its own, transient for parent (nullable), closed by Escape. */
GtkWindow             *mc_document_viewer_present      (GtkWindow        *parent,
                                                        GFile            *file,
                                                        const char       *title);

GFile                 *mc_document_viewer_get_file     (McDocumentViewer *self);
const char            *mc_document_viewer_get_title    (McDocumentViewer *self);
McDocumentViewerState  mc_document_viewer_get_state    (McDocumentViewer *self);
/* The error shown when the state is FAILED. */
const GError          *mc_document_viewer_get_error    (McDocumentViewer *self);
guint                  mc_document_viewer_get_n_pages  (McDocumentViewer *self);
guint                  mc_document_viewer_get_page     (McDocumentViewer *self);
void                   mc_document_viewer_set_page     (McDocumentViewer *self,
                                                        guint             page);
double                 mc_document_viewer_get_zoom     (McDocumentViewer *self);
McZoomMode             mc_document_viewer_get_zoom_mode (McDocumentViewer *self);
void                   mc_document_viewer_set_zoom     (McDocumentViewer *self,
                                                        McZoomMode        mode,
                                                        double            zoom);
/* Clockwise degrees: 0, 90, 180 or 270. */
guint                  mc_document_viewer_get_rotation (McDocumentViewer *self,
                                                        guint             page);

G_END_DECLS
