/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "mc-store.h"

G_BEGIN_DECLS

/* For the SQLite implementation files of the store only. */
sqlite3  *_mc_store_db        (McStore     *store);
/* Sets a MC_STORE_ERROR from the connection's last error. */
gboolean  _mc_store_fail      (McStore     *store,
                               int          rc,
                               GError     **error,
                               const char  *what);
/* A cached prepared statement, reset and with its bindings cleared. */
sqlite3_stmt *_mc_store_prepare (McStore   *store,
                                 const char *sql,
                                 GError    **error);
/* Binds NULL for a NULL string, and MC_TIME_NONE as NULL. */
void      _mc_store_bind_text (sqlite3_stmt *stmt,
                               int           index,
                               const char   *text);
void      _mc_store_bind_time (sqlite3_stmt *stmt,
                               int           index,
                               gint64        t);
/* Encodes a wire document to text. */
char     *_mc_store_node_to_text (JsonNode *node);
/* Parses a stored document (trusted, but checked all the same). */
JsonNode *_mc_store_text_to_node (const char *text,
                                  GError    **error);

/* Decodes a stored wire document into its object. */
typedef gpointer (*McStoreDecodeFunc) (JsonNode *node,
                                       GError  **error);

/* Steps a prepared statement whose first column is a stored document and
 * returns the decoded objects (a GPtrArray owning them), or NULL. */
GPtrArray *_mc_store_collect (McStore          *store,
                              sqlite3_stmt     *stmt,
                              McStoreDecodeFunc decode,
                              const char       *what,
                              GError          **error);

/* Puts the stored rows of a dossier's events and attachments (each a
 * comma-separated run of JSON documents) into its stored document, whose
 * "events" and "attachments" are kept empty: what the wire encoding with
 * history would give, without decoding anything. Replaces `out`. */
void       _mc_store_splice_dossier (GString    *out,
                                     const char *doc,
                                     gsize       len,
                                     const char *events,
                                     gsize       events_len,
                                     const char *attachments,
                                     gsize       attachments_len);

/* The scope as SQL over a dossiers row aliased d, the same rule as
 * mc_visibility_allows(): ?100 is the user, ?101 the department. */
const char *_mc_store_visibility_sql (const McVisibility *visibility);

G_END_DECLS
