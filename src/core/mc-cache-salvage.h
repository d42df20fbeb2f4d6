/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mc-cache.h"

G_BEGIN_DECLS

/* A cache SQLite cannot read (mc_cache_open() failing with
 * MC_CACHE_ERROR_DAMAGED: a disk error, a file overwritten) is a copy of
 * the server's data but for its outbox. It is set aside, so that a
 * fresh cache can be synced at its path, and the actions it still holds
 * carried over (mc_outbox_take_from()). */

/* Renames the database at @path and the files SQLite keeps beside it to
 * "@path.damaged-YYYYMMDD-HHMMSS" (and its -wal, -shm): kept, never
 * deleted, for whoever wants to look. Returns the new path. */
char     *mc_cache_set_aside   (const char  *path,
                                GError     **error);

G_END_DECLS
