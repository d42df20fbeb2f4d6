/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mc-request.h"

G_BEGIN_DECLS

/* Handlers of the v1 API, one file an area. The table of routes is in
 * mc-server-routes.c. */

/* mc-server-routes.c */
/* One year of the working calendar in the shape of GET /calendar, which
 * the change feed sends too. */
gboolean mc_route_build_calendar_year (JsonBuilder *builder,
                                       McCalendar  *calendar,
                                       int          year,
                                       GError     **error);
void mc_route_session_create  (McRequest *request);
void mc_route_session_delete  (McRequest *request);
void mc_route_me              (McRequest *request);
void mc_route_departments     (McRequest *request);
void mc_route_procedures      (McRequest *request);
void mc_route_users           (McRequest *request);
void mc_route_calendar        (McRequest *request);

/* mc-server-routes-dossiers.c */
/* A dossier the user may see; otherwise NULL with the answer set (a 404
 * that says nothing more, or the store's failure). */
McDossier *mc_route_load_visible_dossier (McRequest  *request,
                                          const char *id,
                                          gboolean    history);
void mc_route_dossiers_list   (McRequest *request);
void mc_route_dossiers_create (McRequest *request);
void mc_route_dossier_get     (McRequest *request);
void mc_route_dossier_action  (McRequest *request);
void mc_route_stats           (McRequest *request);

/* mc-server-routes-changes.c */
void mc_route_changes         (McRequest *request);

/* mc-server-routes-attachments.c */
void mc_route_attachments_create (McRequest *request);
void mc_route_attachment_get     (McRequest *request);

/* mc-server-routes-reveals.c */
void mc_route_dossier_reveal     (McRequest *request);

G_END_DECLS
