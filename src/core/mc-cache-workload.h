/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mc-cache.h"

G_BEGIN_DECLS

/* Workload (design.md "Supervisor views"): open, due soon and overdue
 * dossiers counted by the department that holds them or by the officer
 * they are assigned to, counted by SQLite over an index of the cache, so
 * that a million cached dossiers are never read into memory.
 *
 * Open is MC_CACHE_STATUS_OPEN; overdue is open and due before @now; due
 * soon is open and due from @now until @soon (the rule of
 * mc_cache_query_set_alert, with @soon = mc_deadline_add_working_time
 * (calendar, now, due_soon_seconds)). A dossier whose clock is stopped
 * (no due date) is open, neither due soon nor overdue. */

typedef enum {
  MC_WORKLOAD_BY_DEPARTMENT,
  MC_WORKLOAD_BY_ASSIGNEE,
} McWorkloadGroup;

typedef struct {
  char  *key;        /* owned, nullable: department or user id; NULL is
                      * "not assigned" when grouped by assignee */
  guint  open;
  guint  due_soon;
  guint  overdue;
} McWorkloadRow;

#define MC_TYPE_WORKLOAD_ROW (mc_workload_row_get_type ())
GType          mc_workload_row_get_type (void) G_GNUC_CONST;
McWorkloadRow *mc_workload_row_copy     (const McWorkloadRow *row);
void           mc_workload_row_free     (McWorkloadRow       *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McWorkloadRow, mc_workload_row_free)

/* The moment a due-soon window starting at @now ends; @now itself when
 * the calendar does not reach that far. */
gint64     mc_workload_soon_until       (McCalendar       *calendar,
                                         gint64            now,
                                         gint64            due_soon_seconds);

/* Creates the indexes the counts read (once; cheap afterwards). */
gboolean   mc_cache_workload_ensure_indexes (McCache      *cache,
                                             GError      **error);

/* One row per group with at least one open dossier, most overdue first,
 * then most due soon, most open, then by key (McWorkloadRow). When
 * @department_id is not NULL, only dossiers that department holds. */
GPtrArray *mc_cache_workload            (McCache          *cache,
                                         McWorkloadGroup   group,
                                         const char       *department_id,
                                         gint64            now,
                                         gint64            soon_until,
                                         GError          **error);

/* The same on a worker thread with its own connection to @cache_path: the
 * window never waits on the count. */
void       mc_cache_workload_async      (const char          *cache_path,
                                         McWorkloadGroup      group,
                                         const char          *department_id,
                                         gint64               now,
                                         gint64               soon_until,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
GPtrArray *mc_cache_workload_finish     (GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
