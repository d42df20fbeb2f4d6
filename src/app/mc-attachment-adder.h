/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-attachment-opener.h"
#include "mc-dossier.h"
#include "mc-sync.h"

G_BEGIN_DECLS

/* Adding files to a dossier, chosen in a file chooser or dropped: each is
 * read, checked here (a PDF, JPEG, PNG or TIFF, at most the server's
 * default 50 MB) and queued through the outbox (mc-sync-upload.h), so it
 * is sent when the connection allows and shows as pending until then.
 * A file added while the dossier waits for a supplement is filed as one.
 * What happens to each file is reported through @report. */

#define MC_ATTACHMENT_MAX_BYTES ((gsize) 50 * 1024 * 1024)

void mc_attachment_adder_choose    (GtkWidget          *parent,
                                    McSync             *sync,
                                    McDossier          *dossier,
                                    McAttachmentReport  report,
                                    gpointer            data,
                                    GDestroyNotify      destroy);
/* @files: a GSList of GFile, as a GtkDropTarget gives them. */
void mc_attachment_adder_add_files (McSync             *sync,
                                    McDossier          *dossier,
                                    GSList             *files,
                                    McAttachmentReport  report,
                                    gpointer            data,
                                    GDestroyNotify      destroy);
/* Why @bytes would be refused (translated), NULL when they would not. */
char *mc_attachment_adder_check    (const char         *name,
                                    GBytes             *bytes);

G_END_DECLS
