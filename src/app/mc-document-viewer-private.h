/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mc-document-viewer.h"
#include "mc-preview.h"

G_BEGIN_DECLS

/* For the tests: the page image on screen (NULL while it renders) and the
 * text selected on it. */
McPreviewImage    *_mc_document_viewer_get_image         (McDocumentViewer *self);
McPreviewDocument *_mc_document_viewer_get_document      (McDocumentViewer *self);
char              *_mc_document_viewer_dup_selected_text (McDocumentViewer *self);
/* The picture of a page's thumbnail, or NULL while it is not drawn or
 * not bound (scrolled out of the strip). */
GdkPaintable      *_mc_document_viewer_get_thumbnail     (McDocumentViewer *self,
                                                          guint             page);
/* The entry of the password page. */
GtkEditable       *_mc_document_viewer_get_password_entry (McDocumentViewer *self);
/* Prints every page into a PDF file without a dialog; runs a main loop
 * until done. */
gboolean           _mc_document_viewer_export_pdf        (McDocumentViewer  *self,
                                                          const char        *path,
                                                          GError           **error);

G_END_DECLS
