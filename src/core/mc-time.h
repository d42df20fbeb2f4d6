/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Moments are gint64 seconds since the Unix epoch everywhere in core: cheap
 * to store and compare by the million. MC_TIME_NONE means "not set" (an open
 * dossier's completed_at, say). On the wire and in text they are ISO 8601
 * with an offset; we write the province's offset, +07:00. */
#define MC_TIME_NONE G_MININT64

/* Asia/Ho_Chi_Minh has kept UTC+7 without daylight saving since 1975. */
#define MC_TIME_PROVINCE_OFFSET (7 * 3600)

#define MC_TIME_ERROR (mc_time_error_quark ())

typedef enum {
  MC_TIME_ERROR_INVALID,    /* not ISO 8601 with a time */
  MC_TIME_ERROR_NO_OFFSET,  /* a local time without an offset is ambiguous */
} McTimeError;

GQuark   mc_time_error_quark     (void);

/* Accepts "2026-11-21T09:30:00+07:00", "…Z", fractions of a second
 * (truncated). Rejects a missing offset. */
gboolean mc_time_parse_iso8601   (const char *text,
                                  gint64     *out,
                                  GError    **error);
/* "2026-11-21T09:30:00+07:00"; free with g_free(). */
char    *mc_time_format_iso8601  (gint64      t);
/* The same in a caller's buffer of at least 26 bytes, without allocating. */
void     mc_time_format_iso8601_buf (gint64    t,
                                     char     *buf);
/* "21/11/2026 09:30", for people. */
char    *mc_time_format_display  (gint64      t);
/* Now, in seconds. */
gint64   mc_time_now             (void);

G_END_DECLS
