/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include "mc-types.h"

G_BEGIN_DECLS

/* A file of a dossier. The server stores content by its SHA-256, so the
 * digest is the file's identity: 64 lowercase hexadecimal digits, checked
 * on decode.
 *
 * A submitted document or a supplement may name the required component
 * (thành phần hồ sơ) it satisfies: its index, from 0, in the components of
 * the dossier's procedure (mc_procedure_get_component). The catalogue
 * gives components no code of their own, so the position is their name on
 * the wire. MC_ATTACHMENT_NO_COMPONENT ("other document") is the default;
 * on the wire the member "component" is then absent (or null). */

#define MC_ATTACHMENT_NO_COMPONENT (-1)

#define MC_TYPE_ATTACHMENT (mc_attachment_get_type ())
G_DECLARE_FINAL_TYPE (McAttachment, mc_attachment, MC, ATTACHMENT, GObject)

McAttachment     *mc_attachment_new            (void);
const char       *mc_attachment_get_id         (McAttachment *self);
void              mc_attachment_set_id         (McAttachment *self,
                                                const char   *id);
const char       *mc_attachment_get_dossier_id (McAttachment *self);
void              mc_attachment_set_dossier_id (McAttachment *self,
                                                const char   *dossier_id);
const char       *mc_attachment_get_file_name  (McAttachment *self);
void              mc_attachment_set_file_name  (McAttachment *self,
                                                const char   *file_name);
const char       *mc_attachment_get_media_type (McAttachment *self);
void              mc_attachment_set_media_type (McAttachment *self,
                                                const char   *media_type);
gint64            mc_attachment_get_size       (McAttachment *self);
void              mc_attachment_set_size       (McAttachment *self,
                                                gint64        size);
const char       *mc_attachment_get_sha256     (McAttachment *self);
void              mc_attachment_set_sha256     (McAttachment *self,
                                                const char   *sha256);
McAttachmentKind  mc_attachment_get_kind       (McAttachment *self);
void              mc_attachment_set_kind       (McAttachment     *self,
                                                McAttachmentKind  kind);
gint64            mc_attachment_get_created_at (McAttachment *self);
void              mc_attachment_set_created_at (McAttachment *self,
                                                gint64        created_at);
int               mc_attachment_get_component  (McAttachment *self);
void              mc_attachment_set_component  (McAttachment *self,
                                                int           component);

/* TRUE when @text is 64 lowercase hexadecimal digits. */
gboolean mc_sha256_is_valid (const char *text);

/* Value equality over every field (wire-visible state). */
gboolean mc_attachment_equal (McAttachment *a,
                              McAttachment *b);

/* The wire form, a JSON object (design.md "Data"). Decoding is strict:
 * a missing, mistyped or invalid member is an MC_WIRE_ERROR naming it;
 * unknown members are ignored so that newer peers can add some. */
JsonNode     *mc_attachment_to_json       (McAttachment *self);
McAttachment *mc_attachment_new_from_json (JsonNode  *node,
                                           GError   **error);

G_END_DECLS
