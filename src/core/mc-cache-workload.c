/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-cache-private.h"
#include "mc-cache-workload.h"
#include "mc-deadline.h"
#include "mc-time.h"

/* The indexes start with the status so that only open dossiers are read,
 * and end with due_key so that the counts come from the index alone
 * (covering), never from the table's rows. They are made here rather than
 * in a schema migration: only supervisors' and leaders' caches need them,
 * and IF NOT EXISTS makes a second call free. */
#define WORKLOAD_INDEXES \
  "CREATE INDEX IF NOT EXISTS dossiers_workload_department " \
  "  ON dossiers (status, department_id, due_key);" \
  "CREATE INDEX IF NOT EXISTS dossiers_workload_assignee " \
  "  ON dossiers (status, assignee_id, department_id, due_key);"

#define OPEN_STATUSES "(1, 2, 4, 5, 6, 9)"

G_DEFINE_BOXED_TYPE (McWorkloadRow, mc_workload_row, mc_workload_row_copy, mc_workload_row_free)

McWorkloadRow *
mc_workload_row_copy (const McWorkloadRow *row)
{
  McWorkloadRow *copy;

  g_return_val_if_fail (row != NULL, NULL);

  copy = g_memdup2 (row, sizeof *row);
  copy->key = g_strdup (row->key);
  return copy;
}

void
mc_workload_row_free (McWorkloadRow *row)
{
  if (row == NULL)
    return;
  g_free (row->key);
  g_free (row);
}

gint64
mc_workload_soon_until (McCalendar *calendar,
                        gint64      now,
                        gint64      due_soon_seconds)
{
  gint64 soon;

  g_return_val_if_fail (MC_IS_CALENDAR (calendar), now);

  soon = mc_deadline_add_working_time (calendar, now, due_soon_seconds);
  return soon == MC_TIME_NONE ? now : soon;
}

gboolean
mc_cache_workload_ensure_indexes (McCache  *cache,
                                  GError  **error)
{
  g_return_val_if_fail (MC_IS_CACHE (cache), FALSE);

  if (sqlite3_exec (_mc_cache_get_handle (cache), WORKLOAD_INDEXES, NULL, NULL, NULL) != SQLITE_OK)
    return _mc_cache_fail (cache, error, _("Cannot index the workload"));
  return TRUE;
}

GPtrArray *
mc_cache_workload (McCache          *cache,
                   McWorkloadGroup   group,
                   const char       *department_id,
                   gint64            now,
                   gint64            soon_until,
                   GError          **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_workload_row_free);
  const char *sql;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (MC_IS_CACHE (cache), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!mc_cache_workload_ensure_indexes (cache, error))
    return NULL;

  /* due_key holds the due moment, or a value past every real one when
   * the clock is stopped: "< now" and "< soon" leave those out. */
  if (group == MC_WORKLOAD_BY_DEPARTMENT)
    sql = "SELECT department_id, count(*), "
          "  sum(due_key >= ?1 AND due_key < ?2), sum(due_key < ?1) "
          "FROM dossiers INDEXED BY dossiers_workload_department "
          "WHERE status IN " OPEN_STATUSES " AND (?3 IS NULL OR department_id = ?3) "
          "GROUP BY department_id "
          "ORDER BY 4 DESC, 3 DESC, 2 DESC, 1";
  else
    sql = "SELECT assignee_id, count(*), "
          "  sum(due_key >= ?1 AND due_key < ?2), sum(due_key < ?1) "
          "FROM dossiers INDEXED BY dossiers_workload_assignee "
          "WHERE status IN " OPEN_STATUSES " AND (?3 IS NULL OR department_id = ?3) "
          "GROUP BY assignee_id "
          "ORDER BY 4 DESC, 3 DESC, 2 DESC, 1";

  if (!(stmt = _mc_cache_get_stmt (cache, sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, MAX (soon_until, now));
  if (department_id != NULL)
    sqlite3_bind_text (stmt, 3, department_id, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 3);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McWorkloadRow *row = g_new0 (McWorkloadRow, 1);
      const unsigned char *key = sqlite3_column_text (stmt, 0);

      row->key = key != NULL ? g_strdup ((const char *) key) : NULL;
      row->open = (guint) sqlite3_column_int64 (stmt, 1);
      row->due_soon = (guint) sqlite3_column_int64 (stmt, 2);
      row->overdue = (guint) sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (rows, row);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      _mc_cache_fail (cache, error, _("Cannot count the workload"));
      return NULL;
    }
  return g_steal_pointer (&rows);
}

typedef struct {
  char            *cache_path;
  McWorkloadGroup  group;
  char            *department_id;
  gint64           now;
  gint64           soon_until;
} WorkloadJob;

static void
workload_job_free (WorkloadJob *job)
{
  g_free (job->cache_path);
  g_free (job->department_id);
  g_free (job);
}

static void
workload_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  WorkloadJob *job = task_data;
  g_autoptr(McCache) cache = NULL;
  GError *error = NULL;
  GPtrArray *rows;

  if (!(cache = mc_cache_open (job->cache_path, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  rows = mc_cache_workload (cache, job->group, job->department_id, job->now, job->soon_until, &error);
  if (rows == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, rows, (GDestroyNotify) g_ptr_array_unref);
}

void
mc_cache_workload_async (const char          *cache_path,
                         McWorkloadGroup      group,
                         const char          *department_id,
                         gint64               now,
                         gint64               soon_until,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  WorkloadJob *job;

  g_return_if_fail (cache_path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_cache_workload_async);
  job = g_new0 (WorkloadJob, 1);
  job->cache_path = g_strdup (cache_path);
  job->group = group;
  job->department_id = g_strdup (department_id);
  job->now = now;
  job->soon_until = soon_until;
  g_task_set_task_data (task, job, (GDestroyNotify) workload_job_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, workload_thread);
}

GPtrArray *
mc_cache_workload_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_cache_workload_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
