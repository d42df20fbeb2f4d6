/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mc-store.h"

G_BEGIN_DECLS

/* Attachments: the rows (part of the storage interface, mc-store.h) and
 * their contents, kept once each by SHA-256 under the store's files folder
 * (mc_store_get_files_dir), as ab/cd/abcd…. */

/* Writes `content` unless a sound copy is there already (a temporary file,
 * fsync, rename, so a crash never leaves half a file under a digest), and
 * sets its digest. Outside or inside a transaction: a content no row
 * refers to is harmless. */
gboolean      mc_store_put_content    (McStore       *store,
                                       GBytes        *content,
                                       char         **sha256,
                                       GError       **error);
/* The content of a digest, checked against it: MC_STORE_ERROR_NOT_FOUND
 * when the file is missing, MC_STORE_ERROR_INVALID when it is corrupt. */
GBytes       *mc_store_get_content    (McStore       *store,
                                       const char    *sha256,
                                       GError       **error);

/* Inside the caller's write transaction. The dossier's version and change
 * sequence are the caller's business (mc_store_put_dossier), so that the
 * feed carries the dossier with its new attachment list. */
gboolean      mc_store_put_attachment (McStore       *store,
                                       McAttachment  *attachment,
                                       GError       **error);
McAttachment *mc_store_get_attachment (McStore       *store,
                                       const char    *id,
                                       GError       **error);

G_END_DECLS
