/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mc-cache.h"
#include "mc-dossier-list.h"

G_BEGIN_DECLS

/* The list of dossiers of a queue: a GtkColumnView over McDossierList, so
 * that only the rows on screen are read from the cache. */

#define MC_TYPE_DOSSIER_VIEW (mc_dossier_view_get_type ())
G_DECLARE_FINAL_TYPE (McDossierView, mc_dossier_view, MC, DOSSIER_VIEW, GtkWidget)

McDossierView *mc_dossier_view_new         (void);
/* Shows @query's dossiers of @cache (NULL query: every dossier). */
void           mc_dossier_view_set_cache   (McDossierView      *self,
                                            McCache            *cache,
                                            const McCacheQuery *query);
void           mc_dossier_view_set_query   (McDossierView      *self,
                                            const McCacheQuery *query);
/* The search box narrows the queue's query; Ctrl+F lands here. */
void           mc_dossier_view_focus_search    (McDossierView *self);
/* Whether a search is being counted: the list shows its rows when this
 * turns FALSE ("searching" is notified). */
gboolean       mc_dossier_view_get_searching   (McDossierView *self);
/* The search text in effect (trimmed; NULL when none). */
const char    *mc_dossier_view_get_search_text (McDossierView *self);
void           mc_dossier_view_set_search_text (McDossierView *self,
                                                const char    *text);
/* The list widget, for tests and benchmarks. */
GtkColumnView *mc_dossier_view_get_column_view (McDossierView *self);
/* NULL before a cache is set. */
McDossierList *mc_dossier_view_get_model   (McDossierView      *self);
/* A GtkMultiSelection over the list: several dossiers for bulk actions. */
GtkSelectionModel *mc_dossier_view_get_selection     (McDossierView      *self);
/* The selected rows (McDossierRow), in list order. */
GPtrArray      *mc_dossier_view_get_selected_rows   (McDossierView      *self);
/* Whether any row is selected; notified as "has-selection". */
gboolean        mc_dossier_view_get_has_selection   (McDossierView      *self);
/* After a sync applied @changes to the cache. */
void           mc_dossier_view_refresh     (McDossierView      *self,
                                            McCacheChanges     *changes);

/* The dossier the selection names when exactly one row is selected (the
 * selection may hold many, for bulk actions), else NULL; notified as
 * "selected-dossier-id". ::activate-dossier (id) when a row is activated
 * (Enter, double click). */
const char    *mc_dossier_view_get_selected_dossier_id (McDossierView *self);
/* Selects the row at @position and scrolls to it; the selected
 * position (GTK_INVALID_LIST_POSITION when none). */
void           mc_dossier_view_select       (McDossierView      *self,
                                             guint               position);
guint          mc_dossier_view_get_selected (McDossierView      *self);

/* The "time left" column's words and icon for a dossier due at @due_at
 * (MC_TIME_NONE: none) in @status, at @now; the icon is NULL when there is
 * nothing to warn about. Free the text. */
char          *mc_dossier_view_describe_time_left (McCalendar  *calendar,
                                                   McStatus     status,
                                                   gint64       due_at,
                                                   gint64       now,
                                                   const char **icon_name);

G_END_DECLS
