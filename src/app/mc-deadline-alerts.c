/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <sys/resource.h>
#ifdef __linux__
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "mc-cache.h"
#include "mc-deadline-alerts.h"
#include "mc-time.h"

/* One working day, as design.md "Deadlines" counts it. */
#define WORKING_DAY_SECONDS ((gint64) 8 * 3600)
/* The longest wait between two looks. */
#define CHECK_INTERVAL_SECONDS 60
/* More new alerts of one level than this make one summary notification. */
#define MAX_SINGLE_NOTIFICATIONS 3

#define STATE_GROUP "announced"

/* A look's thread yields to the window: over a department of 200,000
 * dossiers it takes half a second or more, and on two cores it ran at
 * the window's priority beside the frames of a scroll. */
#define LOOK_NICENESS 10

struct _McDeadlineAlerts
{
  GObject      parent_instance;

  GSettings   *settings;       /* owned */
  char        *cache_path;     /* owned */
  char        *state_path;     /* owned */
  McCache     *cache;          /* owned, nullable: opened on first check */
  McSync      *sync;           /* owned, nullable: while started */
  char        *user_id;        /* owned, nullable */
  char        *department_id;  /* owned, nullable */
  gint64       now;            /* MC_TIME_NONE: the clock */
  GHashTable  *announced;      /* owned, nullable: id → McAlertLevel */
  GMutex       lock;           /* a look's: cache and announced */
  gboolean     looking;        /* a look runs on a worker */
  gboolean     look_again;     /* and another was asked for meanwhile */
  guint        timeout_id;
  guint        idle_id;
};

G_DEFINE_FINAL_TYPE (McDeadlineAlerts, mc_deadline_alerts, G_TYPE_OBJECT)

enum {
  SIGNAL_ALERTS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
mc_deadline_alert_free (McDeadlineAlert *alert)
{
  if (alert == NULL)
    return;
  g_free (alert->dossier_id);
  g_free (alert->code);
  g_free (alert->applicant);
  g_free (alert);
}

static void
mc_deadline_alerts_dispose (GObject *object)
{
  McDeadlineAlerts *self = MC_DEADLINE_ALERTS (object);

  mc_deadline_alerts_stop (self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_mutex_lock (&self->lock);
  g_clear_object (&self->cache);
  g_mutex_unlock (&self->lock);

  G_OBJECT_CLASS (mc_deadline_alerts_parent_class)->dispose (object);
}

static void
mc_deadline_alerts_finalize (GObject *object)
{
  McDeadlineAlerts *self = MC_DEADLINE_ALERTS (object);

  g_clear_pointer (&self->cache_path, g_free);
  g_clear_pointer (&self->state_path, g_free);
  g_clear_pointer (&self->user_id, g_free);
  g_clear_pointer (&self->department_id, g_free);
  g_clear_pointer (&self->announced, g_hash_table_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (mc_deadline_alerts_parent_class)->finalize (object);
}

static void
mc_deadline_alerts_class_init (McDeadlineAlertsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_deadline_alerts_dispose;
  object_class->finalize = mc_deadline_alerts_finalize;

  /**
   * McDeadlineAlerts::alerts:
   * @alerts: (element-type McDeadlineAlert): the new crossings
   */
  signals[SIGNAL_ALERTS] = g_signal_new ("alerts", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);
}

static void
mc_deadline_alerts_init (McDeadlineAlerts *self)
{
  self->now = MC_TIME_NONE;
  g_mutex_init (&self->lock);
}

static void schedule_check (McDeadlineAlerts *self);

McDeadlineAlerts *
mc_deadline_alerts_new (const char *cache_path,
                        GSettings  *settings)
{
  McDeadlineAlerts *self;

  g_return_val_if_fail (cache_path != NULL, NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (MC_TYPE_DEADLINE_ALERTS, NULL);
  self->cache_path = g_strdup (cache_path);
  self->state_path = g_strconcat (cache_path, ".alerts", NULL);
  self->settings = g_object_ref (settings);
  return self;
}

const char *
mc_deadline_alerts_get_state_path (McDeadlineAlerts *self)
{
  g_return_val_if_fail (MC_IS_DEADLINE_ALERTS (self), NULL);
  return self->state_path;
}

void
mc_deadline_alerts_set_user (McDeadlineAlerts *self,
                             const char       *user_id,
                             const char       *department_id)
{
  g_return_if_fail (MC_IS_DEADLINE_ALERTS (self));

  g_free (self->user_id);
  self->user_id = g_strdup (user_id);
  g_free (self->department_id);
  self->department_id = g_strdup (department_id);
}

void
mc_deadline_alerts_set_now (McDeadlineAlerts *self,
                            gint64            now)
{
  g_return_if_fail (MC_IS_DEADLINE_ALERTS (self));
  self->now = now;
}

static gint64
get_now (McDeadlineAlerts *self)
{
  return self->now != MC_TIME_NONE ? self->now : mc_time_now ();
}

/* What was announced */

static void
load_announced (McDeadlineAlerts *self)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_auto(GStrv) keys = NULL;
  g_autoptr(GError) error = NULL;

  if (self->announced != NULL)
    return;
  self->announced = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!g_key_file_load_from_file (file, self->state_path, G_KEY_FILE_NONE, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_warning ("Could not read the deadline alerts already given (%s): %s",
                   self->state_path, error->message);
      return;
    }
  keys = g_key_file_get_keys (file, STATE_GROUP, NULL, NULL);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      g_autofree char *value = g_key_file_get_string (file, STATE_GROUP, keys[i], NULL);
      McAlertLevel level = g_strcmp0 (value, "overdue") == 0 ? MC_ALERT_OVERDUE
                         : g_strcmp0 (value, "due-soon") == 0 ? MC_ALERT_DUE_SOON
                         : MC_ALERT_NORMAL;

      if (level != MC_ALERT_NORMAL)
        g_hash_table_insert (self->announced, g_strdup (keys[i]), GINT_TO_POINTER (level));
    }
}

static gboolean
save_announced (McDeadlineAlerts  *self,
                GError           **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *data = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gsize len = 0;

  g_key_file_set_comment (file, NULL, NULL,
                          " Deadline alerts already given by Một Cửa Desk: dossier id = level.", NULL);
  g_hash_table_iter_init (&iter, self->announced);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_key_file_set_string (file, STATE_GROUP, key,
                           GPOINTER_TO_INT (value) == MC_ALERT_OVERDUE ? "overdue" : "due-soon");
  data = g_key_file_to_data (file, &len, NULL);
  return g_file_set_contents_full (self->state_path, data, len,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_ONLY_EXISTING,
                                   0600, error);
}

/* Looking */

typedef struct {
  McAlertLevel  level;
  GHashTable   *current;
} Collect;

static gboolean
collect_row (McDossierRow *row,
             gpointer      user_data)
{
  Collect *c = user_data;
  McDeadlineAlert *alert;

  if (g_hash_table_contains (c->current, mc_dossier_row_get_id (row)))
    return TRUE;
  alert = g_new0 (McDeadlineAlert, 1);
  alert->dossier_id = g_strdup (mc_dossier_row_get_id (row));
  alert->code = g_strdup (mc_dossier_row_get_code (row));
  alert->applicant = g_strdup (mc_dossier_row_get_applicant_name (row));
  alert->level = c->level;
  alert->due_at = mc_dossier_row_get_due_at (row);
  g_hash_table_insert (c->current, alert->dossier_id, alert);
  return TRUE;
}

/* All the dossiers at @level in one statement: paged, a department's
 * thousands of overdue dossiers were sorted again for every page (47 s
 * over a million cached dossiers). */
static gboolean
collect (McDeadlineAlerts  *self,
         McCalendar        *calendar,
         McAlertLevel       level,
         gint64             now,
         gint64             due_soon_seconds,
         const char        *assignee_id,
         const char        *department_id,
         GHashTable        *current,
         GError           **error)
{
  g_autoptr(McCacheQuery) query = mc_cache_query_new ();
  Collect c = { level, current };

  mc_cache_query_set_alert (query, calendar, level, now, due_soon_seconds);
  query->assignee_id = g_strdup (assignee_id);
  query->department_id = g_strdup (department_id);
  return mc_cache_query_foreach (self->cache, query, collect_row, &c, error);
}

static int
compare_alerts (gconstpointer a,
                gconstpointer b)
{
  const McDeadlineAlert *x = *(McDeadlineAlert * const *) a;
  const McDeadlineAlert *y = *(McDeadlineAlert * const *) b;

  if (x->level != y->level)
    return x->level > y->level ? -1 : 1;
  if (x->due_at != y->due_at)
    return x->due_at < y->due_at ? -1 : 1;
  return g_strcmp0 (x->dossier_id, y->dossier_id);
}

/* What a look is about, decided on the main thread from the settings. */
typedef struct {
  char   *user_id;        /* nullable: the user's own dossiers not looked at */
  char   *department_id;  /* nullable: the department's not looked at */
  gint64  now;
  gint64  due_soon;       /* seconds of working time */
} Look;

static void
look_free (Look *l)
{
  g_free (l->user_id);
  g_free (l->department_id);
  g_free (l);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Look, look_free)

/* NULL when alerts are off, or nobody's dossiers are watched. */
static Look *
look_new (McDeadlineAlerts *self)
{
  gboolean mine, department;
  Look *l;

  if (!g_settings_get_boolean (self->settings, "alerts-enabled"))
    return NULL;
  mine = g_settings_get_boolean (self->settings, "alerts-my-dossiers") && self->user_id != NULL;
  department = g_settings_get_boolean (self->settings, "alerts-my-department") && self->department_id != NULL;
  if (!mine && !department)
    return NULL;
  l = g_new0 (Look, 1);
  l->user_id = mine ? g_strdup (self->user_id) : NULL;
  l->department_id = department ? g_strdup (self->department_id) : NULL;
  l->now = get_now (self);
  l->due_soon = (gint64) g_settings_get_uint (self->settings, "due-soon-working-days") * WORKING_DAY_SECONDS;
  return l;
}

/* The look itself, with self->lock held: the cache connection and what
 * was announced are the look's alone, on whichever thread it runs. */
static GPtrArray *
look_locked (McDeadlineAlerts  *self,
             const Look        *l,
             GError           **error)
{
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_deadline_alert_free);
  g_autoptr(GHashTable) current = NULL;
  g_autoptr(McCalendar) calendar = NULL;
  gboolean changed = FALSE;
  GHashTableIter iter;
  gpointer key, value;

  if (self->cache == NULL && !(self->cache = mc_cache_open (self->cache_path, error)))
    return NULL;
  calendar = mc_cache_load_calendar (self->cache, error);
  if (calendar == NULL)
    return NULL;
  load_announced (self);

  /* id → McDeadlineAlert; overdue first, so a dossier is at its worst level. */
  current = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) mc_deadline_alert_free);
  for (McAlertLevel level = MC_ALERT_OVERDUE; level >= MC_ALERT_DUE_SOON; level--)
    {
      if (l->user_id != NULL &&
          !collect (self, calendar, level, l->now, l->due_soon, l->user_id, NULL, current, error))
        return NULL;
      if (l->department_id != NULL &&
          !collect (self, calendar, level, l->now, l->due_soon, NULL, l->department_id, current, error))
        return NULL;
    }
  /* Forget what no longer alerts: finished, given more time, moved away. */
  g_hash_table_iter_init (&iter, self->announced);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      McDeadlineAlert *alert = g_hash_table_lookup (current, key);

      if (alert == NULL)
        {
          g_hash_table_iter_remove (&iter);
          changed = TRUE;
        }
      else if ((int) alert->level < GPOINTER_TO_INT (value))
        {
          /* Due soon again after being overdue: no news, but an overdue
           * crossing later is. */
          g_hash_table_iter_replace (&iter, GINT_TO_POINTER (alert->level));
          changed = TRUE;
        }
    }

  g_hash_table_iter_init (&iter, current);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      McDeadlineAlert *alert = value;
      gpointer announced = NULL;

      if (g_hash_table_lookup_extended (self->announced, key, NULL, &announced) &&
          GPOINTER_TO_INT (announced) >= (int) alert->level)
        continue;
      g_hash_table_insert (self->announced, g_strdup (key), GINT_TO_POINTER (alert->level));
      g_hash_table_iter_steal (&iter);
      g_ptr_array_add (fresh, alert);
      changed = TRUE;
    }

  if (changed && !save_announced (self, error))
    {
      g_prefix_error (error, _("The deadline alerts already given could not be recorded: "));
      return NULL;
    }

  g_ptr_array_sort (fresh, compare_alerts);
  return g_steal_pointer (&fresh);
}

GPtrArray *
mc_deadline_alerts_check (McDeadlineAlerts  *self,
                          GError           **error)
{
  g_autoptr(Look) l = NULL;
  GPtrArray *fresh;

  g_return_val_if_fail (MC_IS_DEADLINE_ALERTS (self), NULL);

  l = look_new (self);
  if (l == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) mc_deadline_alert_free);
  g_mutex_lock (&self->lock);
  fresh = look_locked (self, l, error);
  g_mutex_unlock (&self->lock);
  if (fresh != NULL && fresh->len > 0)
    g_signal_emit (self, signals[SIGNAL_ALERTS], 0, fresh);
  return fresh;
}

/* Watching */

static gboolean check_cb (gpointer user_data);

/* Seconds until the earliest due moment still ahead among the watched
 * dossiers, so that it is announced when it comes; at most a minute.
 * With self->lock held, after a look opened the cache. */
static guint
seconds_to_next_crossing (McDeadlineAlerts *self,
                          const Look       *l)
{
  g_autoptr(McCacheQuery) query = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 wait = CHECK_INTERVAL_SECONDS;

  if (self->cache == NULL)
    return CHECK_INTERVAL_SECONDS;
  query = mc_cache_query_new ();
  query->status_mask = MC_CACHE_STATUS_OPEN;
  query->due_from = l->now + 1;
  query->sort = MC_CACHE_SORT_DUE_ASC;
  if (l->user_id != NULL && l->department_id == NULL)
    query->assignee_id = g_strdup (l->user_id);
  else
    query->department_id = g_strdup (l->department_id);
  rows = mc_cache_query_page (self->cache, query, NULL, 1, NULL);
  if (rows != NULL && rows->len > 0)
    wait = MIN (wait, mc_dossier_row_get_due_at (g_ptr_array_index (rows, 0)) - l->now + 1);
  return (guint) CLAMP (wait, 1, CHECK_INTERVAL_SECONDS);
}

typedef struct {
  GPtrArray *fresh;
  guint      wait;
} Looked;

static void
looked_free (Looked *r)
{
  g_clear_pointer (&r->fresh, g_ptr_array_unref);
  g_free (r);
}

/* A watch's look runs on a worker: over a department's thousands of
 * dossiers it takes longer than a frame, and the window must not wait. */
static void
look_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  McDeadlineAlerts *self = source;
  Looked *r = g_new0 (Looked, 1);
  GError *error = NULL;

  g_mutex_lock (&self->lock);
  r->fresh = look_locked (self, data, &error);
  if (r->fresh != NULL)
    r->wait = seconds_to_next_crossing (self, data);
  g_mutex_unlock (&self->lock);
  if (r->fresh == NULL)
    {
      looked_free (r);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, r, (GDestroyNotify) looked_free);
}

static gpointer
look_in_background (gpointer data)
{
  g_autoptr(GTask) task = data;

#ifdef __linux__
  /* Linux gives each thread its own nice value. */
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), LOOK_NICENESS) != 0)
    g_debug ("Deadline alerts: cannot lower the look's priority: %s", g_strerror (errno));
#endif
  look_thread (task, g_task_get_source_object (task), g_task_get_task_data (task), NULL);
  return NULL;
}

static void
wait_for_next (McDeadlineAlerts *self,
               guint             seconds)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->sync != NULL)
    self->timeout_id = g_timeout_add_seconds (seconds, check_cb, self);
}

static void
looked_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  McDeadlineAlerts *self = MC_DEADLINE_ALERTS (source);
  g_autoptr(GError) error = NULL;
  Looked *r = g_task_propagate_pointer (G_TASK (result), &error);
  guint wait = CHECK_INTERVAL_SECONDS;

  self->looking = FALSE;
  if (r == NULL)
    g_warning ("Deadline alerts: %s", error->message);
  else
    {
      wait = r->wait;
      if (r->fresh->len > 0)
        g_signal_emit (self, signals[SIGNAL_ALERTS], 0, r->fresh);
      looked_free (r);
    }
  if (self->look_again)
    {
      self->look_again = FALSE;
      schedule_check (self);
      return;
    }
  wait_for_next (self, wait);
}

static void
run_check (McDeadlineAlerts *self)
{
  g_autoptr(GTask) task = NULL;
  GThread *thread;
  Look *l;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->looking)
    {
      self->look_again = TRUE;
      return;
    }
  l = look_new (self);
  if (l == NULL)
    {
      wait_for_next (self, CHECK_INTERVAL_SECONDS);
      return;
    }
  self->looking = TRUE;
  task = g_task_new (self, NULL, looked_cb, NULL);
  g_task_set_source_tag (task, run_check);
  g_task_set_task_data (task, l, (GDestroyNotify) look_free);
  /* A thread of its own, not GTask's pool: its priority is lowered, and
   * a pool's thread would keep that for whatever it runs next. */
  thread = g_thread_try_new ("mc-alerts", look_in_background, g_object_ref (task), NULL);
  if (thread != NULL)
    {
      g_thread_unref (thread);
      return;
    }
  g_object_unref (task);
  g_task_run_in_thread (task, look_thread);
}

static gboolean
check_cb (gpointer user_data)
{
  McDeadlineAlerts *self = user_data;

  self->timeout_id = 0;
  run_check (self);
  return G_SOURCE_REMOVE;
}

static gboolean
idle_check_cb (gpointer user_data)
{
  McDeadlineAlerts *self = user_data;

  self->idle_id = 0;
  run_check (self);
  return G_SOURCE_REMOVE;
}

/* Several sync pages in a row make one look. */
static void
schedule_check (McDeadlineAlerts *self)
{
  if (self->idle_id == 0)
    self->idle_id = g_idle_add_full (G_PRIORITY_LOW, idle_check_cb, self, NULL);
}

void
mc_deadline_alerts_start (McDeadlineAlerts *self,
                          McSync           *sync)
{
  g_return_if_fail (MC_IS_DEADLINE_ALERTS (self));
  g_return_if_fail (MC_IS_SYNC (sync));

  mc_deadline_alerts_stop (self);
  self->sync = g_object_ref (sync);
  g_signal_connect_object (sync, "changes", G_CALLBACK (schedule_check), self, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->settings, "changed", G_CALLBACK (schedule_check), self);
  schedule_check (self);
}

void
mc_deadline_alerts_stop (McDeadlineAlerts *self)
{
  g_return_if_fail (MC_IS_DEADLINE_ALERTS (self));

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  self->look_again = FALSE;
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_func (self->settings, schedule_check, self);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_object (&self->sync);
}

/* Telling people */

static char *
describe_one (const McDeadlineAlert *alert)
{
  g_autofree char *due = alert->due_at != MC_TIME_NONE ? mc_time_format_display (alert->due_at) : NULL;
  const char *code = alert->code != NULL && *alert->code != '\0' ? alert->code : _("Unnumbered dossier");
  const char *applicant = alert->applicant != NULL ? alert->applicant : "";

  if (alert->level == MC_ALERT_OVERDUE)
    /* Translators: dossier code, applicant, due date and time. */
    return g_strdup_printf (_("%s (%s) is overdue: it was due %s."), code, applicant, due != NULL ? due : "");
  /* Translators: dossier code, applicant, due date and time. */
  return g_strdup_printf (_("%s (%s) is due soon: by %s."), code, applicant, due != NULL ? due : "");
}

static guint
count_level (GPtrArray    *alerts,
             McAlertLevel  level,
             McDeadlineAlert **first)
{
  guint n = 0;

  *first = NULL;
  for (guint i = 0; i < alerts->len; i++)
    {
      McDeadlineAlert *alert = g_ptr_array_index (alerts, i);

      if (alert->level != level)
        continue;
      if (n++ == 0)
        *first = alert;
    }
  return n;
}

char *
mc_deadline_alerts_describe (GPtrArray    *alerts,
                             McAlertLevel  level)
{
  McDeadlineAlert *first;
  guint n;

  g_return_val_if_fail (alerts != NULL, NULL);

  n = count_level (alerts, level, &first);
  if (n == 0)
    return NULL;
  if (n == 1)
    return describe_one (first);
  if (level == MC_ALERT_OVERDUE)
    return g_strdup_printf (ngettext ("%u dossier became overdue", "%u dossiers became overdue", n), n);
  return g_strdup_printf (ngettext ("%u dossier is due soon", "%u dossiers are due soon", n), n);
}

GNotification *
mc_deadline_alerts_build_notification (GPtrArray     *alerts,
                                       McAlertLevel   level,
                                       char         **id)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *body = NULL;
  McDeadlineAlert *first;
  guint n;

  g_return_val_if_fail (alerts != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  *id = NULL;
  n = count_level (alerts, level, &first);
  if (n == 0)
    return NULL;

  if (n == 1)
    {
      notification = g_notification_new (level == MC_ALERT_OVERDUE ? _("Dossier Overdue") : _("Dossier Due Soon"));
      body = describe_one (first);
      g_notification_set_default_action_and_target (notification, "app.open-dossier", "s", first->dossier_id);
      g_notification_add_button_with_target (notification, _("Open Dossier"), "app.open-dossier", "s",
                                             first->dossier_id);
      *id = g_strconcat ("deadline-", first->dossier_id, NULL);
    }
  else
    {
      g_autofree char *title = mc_deadline_alerts_describe (alerts, level);
      g_autoptr(GString) text = g_string_new (NULL);
      guint shown = 0;

      notification = g_notification_new (title);
      /* The most urgent few, by code: enough to recognise them. */
      for (guint i = 0; i < alerts->len && shown < MAX_SINGLE_NOTIFICATIONS; i++)
        {
          McDeadlineAlert *alert = g_ptr_array_index (alerts, i);

          if (alert->level != level)
            continue;
          if (shown++ > 0)
            g_string_append (text, ", ");
          g_string_append (text, alert->code != NULL ? alert->code : _("Unnumbered dossier"));
        }
      if (n > shown)
        g_string_append (text, ", …");
      body = g_string_free (g_steal_pointer (&text), FALSE);
      /* The most urgent one opens; the queue shows the others. */
      g_notification_set_default_action_and_target (notification, "app.open-dossier", "s", first->dossier_id);
      *id = g_strdup (level == MC_ALERT_OVERDUE ? "deadline-overdue" : "deadline-due-soon");
    }
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, level == MC_ALERT_OVERDUE ? G_NOTIFICATION_PRIORITY_HIGH
                                                                         : G_NOTIFICATION_PRIORITY_NORMAL);
  g_notification_set_category (notification, "x-motcua.deadline");
  return g_steal_pointer (&notification);
}
