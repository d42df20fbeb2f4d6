/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-attachment.h"
#include "mc-client.h"

G_BEGIN_DECLS

/* The small picture at the start of an attachment's row in the detail
 * pane: its first page (a PDF's, a TIFF's) or the image, drawn by the
 * confined previewer (mc-preview.h) from the copy in the offline cache
 * that still matches the attachment's fingerprint, never decoded here.
 * Until it arrives, and for good when it cannot be had (not kept and too
 * large or no network, a damaged file, a previewer that crashed or took
 * too long), a file-type icon: a PDF's differs from an image's by its
 * shape, not its colour. Its accessible label is the file name. */

typedef enum {
  MC_ATTACHMENT_THUMBNAIL_WAITING,   /* the icon; the picture is on its way */
  MC_ATTACHMENT_THUMBNAIL_SHOWN,     /* the picture */
  MC_ATTACHMENT_THUMBNAIL_NOT_KEPT,  /* the icon: not in the cache, not downloaded */
  MC_ATTACHMENT_THUMBNAIL_FAILED,    /* the icon: the previewer could not draw it */
} McAttachmentThumbnailState;

#define MC_TYPE_ATTACHMENT_THUMBNAIL (mc_attachment_thumbnail_get_type ())
G_DECLARE_FINAL_TYPE (McAttachmentThumbnail, mc_attachment_thumbnail, MC, ATTACHMENT_THUMBNAIL, GtkWidget)

/* The "state" property notifies changes. */
McAttachmentThumbnailState mc_attachment_thumbnail_get_state   (McAttachmentThumbnail *self);
/* The picture while SHOWN, else NULL. */
GdkTexture                *mc_attachment_thumbnail_get_texture (McAttachmentThumbnail *self);

/* Thumbnails at most this size, in CSS pixels; the aspect is kept. */
#define MC_ATTACHMENT_THUMBNAIL_WIDTH  48
#define MC_ATTACHMENT_THUMBNAIL_HEIGHT 64
/* A file not kept yet is downloaded for its thumbnail up to this size. */
#define MC_ATTACHMENT_THUMBNAIL_MAX_DOWNLOAD (2 * 1024 * 1024)

/* The thumbnails of the dossier a pane shows: one drawn at a time, with
 * one previewer that is closed after each; the pictures of the dossier
 * are kept while it is shown, so that showing it again after a sync does
 * not draw them again. */
#define MC_TYPE_ATTACHMENT_THUMBNAILS (mc_attachment_thumbnails_get_type ())
G_DECLARE_FINAL_TYPE (McAttachmentThumbnails, mc_attachment_thumbnails, MC, ATTACHMENT_THUMBNAILS, GObject)

McAttachmentThumbnails *mc_attachment_thumbnails_new    (void);
/* The pane shows (again) the dossier @dossier_id (nullable): the widgets
 * made before are forgotten and, for another dossier, all work stops. */
void                    mc_attachment_thumbnails_begin  (McAttachmentThumbnails *self,
                                                         const char             *dossier_id);
/* A new McAttachmentThumbnail for @attachment, drawn when its turn
 * comes. @client (nullable: offline) downloads a small file not kept. */
GtkWidget              *mc_attachment_thumbnails_add    (McAttachmentThumbnails *self,
                                                         McAttachment           *attachment,
                                                         McClient               *client,
                                                         int                     scale_factor);
/* Stops everything: no widget is touched after this. */
void                    mc_attachment_thumbnails_cancel (McAttachmentThumbnails *self);

G_END_DECLS
