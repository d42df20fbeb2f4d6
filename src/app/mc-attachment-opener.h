/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-attachment.h"
#include "mc-client.h"

G_BEGIN_DECLS

/* Opening and saving a dossier's attachments. Open shows the file in the
 * in-app viewer, from the offline cache when a copy there still matches
 * its fingerprint, else downloaded, checked against the fingerprint, filed
 * in the cache (kept within the Preferences' budget) and then shown: it
 * works offline for what was opened before. Save writes a checked copy
 * where the officer chose. Failures are reported through @report, in
 * words for a person. */

typedef void (*McAttachmentReport) (gpointer    data,
                                    const char *message);

/* The Preferences' budget of attachments kept for offline use, in bytes. */
guint64 mc_attachment_budget (void);

void mc_attachment_open (GtkWidget          *widget,
                         McClient           *client,
                         McAttachment       *attachment,
                         GCancellable       *cancellable,
                         McAttachmentReport  report,
                         gpointer            data,
                         GDestroyNotify      destroy);
void mc_attachment_save (GtkWidget          *widget,
                         McClient           *client,
                         McAttachment       *attachment,
                         GFile              *target,
                         GCancellable       *cancellable,
                         McAttachmentReport  report,
                         gpointer            data,
                         GDestroyNotify      destroy);

G_END_DECLS
