/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Between the preview client (mc-preview.c) and what it gets ready ahead
 * of need (mc-preview-spare.c). Not installed, not for the application.
 */
#pragma once

#include <gio/gio.h>

#include "mc-preview-private.h"

G_BEGIN_DECLS

#define MC_PREVIEW_DEFAULT_MEMORY      (1024ull * 1024 * 1024)
#define MC_PREVIEW_DEFAULT_CPU_SECONDS 60

/* A helper process and our end of its socket. */
typedef struct
{
  GSubprocess *process;
  int          socket;
  char        *signature;   /* the limits and settings it was started with */
  int          buffer_fd;   /* given with a BUFFER request, or -1 */
  gsize        buffer_size;
} McPreviewHelper;

#define MC_PREVIEW_HELPER_INIT { NULL, -1, NULL, -1, 0 }

/* mc-preview-spare.c */
gboolean _mc_preview_helper_start      (guint64           memory_limit,
                                        guint             cpu_seconds,
                                        McPreviewHelper  *out,
                                        GError          **error);
gboolean _mc_preview_spare_wanted      (void);
gboolean _mc_preview_pool_wants_refill (void);
void     _mc_preview_refill_later      (guint64           memory_limit,
                                        guint             cpu_seconds,
                                        gboolean          start_spare);
int      _mc_preview_buffer_new        (gsize             size,
                                        gboolean          allocate);
int      _mc_preview_buffer_take       (gsize             size);
GBytes  *_mc_preview_buffer_map        (int               fd,
                                        gsize             size);

/* mc-preview.c */
GError  *_mc_preview_error_new         (McPreviewError    code);
gboolean _mc_preview_send_with_fd      (int               socket,
                                        const guint8     *data,
                                        gsize             size,
                                        int               fd);

G_END_DECLS
