/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Downloaded attachments, kept for offline use under
 * DIR/SHA-256/NAME (DIR is $XDG_CACHE_HOME/motcua/attachments unless
 * given): a file is only ever taken from here when its content still has
 * the fingerprint it is filed under, and the folder is kept within a size
 * budget, the least recently used going first. Blocking file I/O: call
 * from a worker thread. */

#define MC_ATTACHMENT_CACHE_ERROR (mc_attachment_cache_error_quark ())

typedef enum {
  MC_ATTACHMENT_CACHE_ERROR_DAMAGED,   /* the content does not match its fingerprint */
  MC_ATTACHMENT_CACHE_ERROR_INVALID,   /* not a SHA-256 in hex */
} McAttachmentCacheError;

GQuark  mc_attachment_cache_error_quark (void);

/* NULL @dir: the user's cache folder. */
char   *mc_attachment_cache_dir    (void);
/* The cached copy of (@sha256, @name) when it is there and intact;
 * NULL otherwise (a damaged copy is removed). */
GFile  *mc_attachment_cache_lookup (const char  *dir,
                                    const char  *sha256,
                                    const char  *name);
/* Whether @bytes have the fingerprint @sha256; a DAMAGED or INVALID
 * error for a person otherwise. */
gboolean mc_attachment_cache_check (const char  *sha256,
                                    GBytes      *bytes,
                                    GError     **error);
/* Checks @bytes against @sha256 and files them (mode 0600, written to a
 * temporary file then renamed). */
GFile  *mc_attachment_cache_store  (const char  *dir,
                                    const char  *sha256,
                                    const char  *name,
                                    GBytes      *bytes,
                                    GError     **error);
/* mc_attachment_cache_store(), then mc_attachment_cache_prune() to
 * @budget: a download kept for offline use. */
GFile  *mc_attachment_cache_keep   (const char  *dir,
                                    const char  *sha256,
                                    const char  *name,
                                    GBytes      *bytes,
                                    guint64      budget,
                                    GError     **error);
/* Moves @file, filed by this module under some DIR, to the same place
 * under @to_dir (NULL: the user's cache folder), or removes it when
 * @keep is FALSE; its folder goes when empty. */
void    mc_attachment_cache_move_out (GFile      *file,
                                      const char *to_dir,
                                      gboolean    keep);
/* Removes the least recently used files until the folder holds at most
 * @budget bytes; returns how many bytes it holds then. */
guint64 mc_attachment_cache_prune  (const char  *dir,
                                    guint64      budget);

G_END_DECLS
