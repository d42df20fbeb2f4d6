/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mc-preview.h"

G_BEGIN_DECLS

/* For the tests and benchmarks only. A self-test request is honoured by a
 * helper named by MOTCUA_PREVIEW_HELPER when MOTCUA_PREVIEW_SELFTEST=1 is
 * set in this process; the reply body comes back as bytes. */
void    _mc_preview_document_selftest_async  (McPreviewDocument   *self,
                                              guint8               what,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GBytes *_mc_preview_document_selftest_finish (McPreviewDocument   *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* TRUE when helpers run under bubblewrap (decided once per process). */
gboolean _mc_preview_uses_bwrap (void);
/* How many helpers this document has started. */
guint    _mc_preview_document_get_n_spawns (McPreviewDocument *self);
/* TRUE when a helper waits ahead of need with a page buffer to map. */
gboolean _mc_preview_spare_has_buffer (void);
/* How many of this document's pages a helper drew into a buffer it had
 * mapped ahead (BUFFER), whether the page was then accepted or not. */
guint    _mc_preview_document_get_n_premapped (McPreviewDocument *self);

G_END_DECLS
