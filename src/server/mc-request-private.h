/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mc-request.h"

G_BEGIN_DECLS

struct _McRequest
{
  const McRoute *route;
  char          *method;
  char          *path;
  GHashTable    *params;        /* name → value, owned */
  GHashTable    *query;         /* name → value, owned, nullable */
  GHashTable    *headers;       /* lower-case name → value, owned */
  GBytes        *body;          /* owned, nullable */
  gsize          upload_limit;

  McStore       *store;         /* the worker's, not owned */
  McUser        *user;          /* owned, nullable */
  gint64         now;

  guint          status;
  char          *content_type;  /* owned */
  GBytes        *response;      /* owned, nullable */
  GPtrArray     *out_headers;   /* name, value, name, value … owned */
};

McRequest *_mc_request_new  (void);
void       _mc_request_free (McRequest *request);

G_END_DECLS
