/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mc-attachment.h"
#include "mc-outbox.h"
#include "mc-sync.h"
#include "mc-types.h"

G_BEGIN_DECLS

/* Adding a file to a dossier through the outbox, so that it works offline
 * and survives a restart: the bytes are filed first in the account's
 * uploads folder (CACHE.uploads/SHA-256/NAME, mode 0600), then an
 * MC_OUTBOX_UPLOAD entry is written (synchronous=FULL) and sent in order
 * with the other actions. Once the server has it, the file moves into the
 * offline attachments cache (mc-attachment-cache.h); refused, it goes, and
 * the entry says why. */

void           mc_sync_enqueue_upload_async  (McSync              *self,
                                              const char          *dossier_id,
                                              int                  base_version,
                                              const char          *name,
                                              McAttachmentKind     kind,
                                              GBytes              *bytes,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* The same for a file that satisfies a required component of the
 * dossier's procedure (an index, see mc-attachment.h), or
 * MC_ATTACHMENT_NO_COMPONENT; finish with mc_sync_enqueue_upload_finish. */
void           mc_sync_enqueue_component_upload_async (McSync              *self,
                                                       const char          *dossier_id,
                                                       int                  base_version,
                                                       const char          *name,
                                                       McAttachmentKind     kind,
                                                       int                  component,
                                                       GBytes              *bytes,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
McOutboxEntry *mc_sync_enqueue_upload_finish (McSync              *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* The account's uploads folder. */
char          *mc_sync_dup_uploads_dir       (McSync              *self);

/* For mc-sync.c: the bytes an upload entry sends, and where they are. */
GBytes        *_mc_sync_load_upload          (McSync              *self,
                                              const McOutboxEntry *entry,
                                              GFile              **file,
                                              GError             **error);

G_END_DECLS
