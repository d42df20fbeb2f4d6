/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "mc-store.h"
#include "mc-user.h"

G_BEGIN_DECLS

/* One API request as a handler sees it, on a worker thread: what came in,
 * the worker's store, the authenticated user, and what goes out. Handlers
 * never touch libsoup: the server fills this in on its thread and writes
 * the answer back there. */
typedef struct _McRequest McRequest;

typedef void (*McRouteFunc) (McRequest *request);

typedef enum {
  MC_ROUTE_PUBLIC = 1 << 0,      /* no token needed */
  MC_ROUTE_WRITES = 1 << 1,      /* runs in a write transaction */
  MC_ROUTE_IDEMPOTENT = 1 << 2,  /* needs an Idempotency-Key, replays answers */
  MC_ROUTE_LARGE_BODY = 1 << 3,  /* an upload: the attachment size cap, not JSON's */
  MC_ROUTE_OWN_TRANSACTIONS = 1 << 4,  /* the handler runs its own (log in, out) */
} McRouteFlags;

typedef struct {
  const char   *method;
  const char   *pattern;   /* "/api/v1/dossiers/{id}/actions" */
  McRouteFunc   func;
  McRouteFlags  flags;
} McRoute;

/* In */
const char   *mc_request_get_method      (McRequest  *request);
const char   *mc_request_get_path        (McRequest  *request);
/* A {name} of the route's pattern. */
const char   *mc_request_get_param       (McRequest  *request,
                                          const char *name);
/* A query parameter, or NULL. */
const char   *mc_request_get_query       (McRequest  *request,
                                          const char *name);
const char   *mc_request_get_header      (McRequest  *request,
                                          const char *name);
GBytes       *mc_request_get_body        (McRequest  *request);
McStore      *mc_request_get_store       (McRequest  *request);
/* The authenticated user; NULL on public routes. */
McUser       *mc_request_get_user        (McRequest  *request);
gint64        mc_request_get_now         (McRequest  *request);
/* The size cap on attachment uploads, in bytes. */
gsize         mc_request_get_upload_limit (McRequest *request);

/* Parses the body as a JSON object, checking its size and depth first, and
 * returns a new reference. On failure the answer (400, 413, 415) is
 * already set and NULL is returned. */
JsonObject   *mc_request_parse_json_object (McRequest *request);

/* Query parameters as integers within a range; on a bad value a 400 is set
 * and FALSE returned. A missing parameter gives `fallback`. */
gboolean      mc_request_get_query_int   (McRequest  *request,
                                          const char *name,
                                          gint64      min,
                                          gint64      max,
                                          gint64      fallback,
                                          gint64     *out);

/* Out */
void          mc_request_set_json        (McRequest  *request,
                                          guint       status,
                                          JsonNode   *node);
void          mc_request_set_bytes       (McRequest  *request,
                                          guint       status,
                                          const char *content_type,
                                          GBytes     *bytes);
void          mc_request_set_header      (McRequest  *request,
                                          const char *name,
                                          const char *value);
/* An RFC 9457 problem. `slug` ends the type URI; title and detail are
 * sentences a person can act on (translated by the caller). */
void          mc_request_problem         (McRequest  *request,
                                          guint       status,
                                          const char *slug,
                                          const char *title,
                                          const char *detail_format,
                                          ...) G_GNUC_PRINTF (5, 6);
/* Maps a store, workflow or wire error to its answer: 404, 409, 422,
 * 503 (busy) or 500. */
void          mc_request_fail            (McRequest  *request,
                                          const GError *error);
guint         mc_request_get_status      (McRequest  *request);

/* Who sees what (design.md "Central server API"). */
gboolean      mc_request_can_see         (McRequest  *request,
                                          McDossier  *dossier);
/* The scope of the user, for store queries. */
void          mc_request_get_visibility  (McRequest   *request,
                                          McVisibility *out);

G_END_DECLS
