/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Session tokens in the Secret Service (design.md "Credentials"): never in
 * a file. Items of the schema "vn.motcua.Desk" with the attributes server
 * (the base URL) and username. When no Secret Service answers, the caller
 * keeps the token in memory only and says so; there is no file fallback. */

void      mc_credentials_store_async   (const char          *server,
                                        const char          *username,
                                        const char          *token,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean  mc_credentials_store_finish  (GAsyncResult        *result,
                                        GError             **error);
/* Finishes with NULL and no error when nothing is kept. */
void      mc_credentials_lookup_async  (const char          *server,
                                        const char          *username,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
char     *mc_credentials_lookup_finish (GAsyncResult        *result,
                                        GError             **error);
void      mc_credentials_clear_async   (const char          *server,
                                        const char          *username,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean  mc_credentials_clear_finish  (GAsyncResult        *result,
                                        GError             **error);

G_END_DECLS
