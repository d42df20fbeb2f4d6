/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-application.h"
#include "mc-queue-sidebar.h"
#include "mc-time.h"

typedef struct {
  McQueueId   base;
  char       *text;   /* owned */
} SavedSearch;

struct _McQueueSidebar
{
  GtkWidget           parent_instance;

  McCache            *cache;        /* owned, nullable */
  McCache            *count_cache;  /* owned, nullable: the counting thread's connection */
  McCalendar         *calendar;     /* owned, nullable */
  McUser             *user;         /* owned, nullable */
  GArray             *saved;        /* of SavedSearch, index i is row MC_QUEUE_N_FIXED + i */
  GCancellable       *cancellable;  /* owned */
  gboolean            counting;
  gboolean            count_again;
  guint               count_idle_id;

  /* template children */
  GtkScrolledWindow  *scrolled_window;
  GtkListBox         *list_box;
};

G_DEFINE_FINAL_TYPE (McQueueSidebar, mc_queue_sidebar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CACHE,
  PROP_QUERY,
  PROP_COUNTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SAVED_SEARCHES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef enum {
  QUEUE_STATUS,      /* by status only */
  QUEUE_MINE,        /* open and assigned to the user */
  QUEUE_DEPARTMENT,  /* open and with the user's department */
  QUEUE_DUE_SOON,    /* open and due within a working day */
  QUEUE_OVERDUE,     /* open and past due */
} QueueKind;

static const struct {
  const char  *name;
  const char  *title;
  QueueKind    kind;
  guint32      status_mask;
} queues[] = {
  { "mine", NC_("queue", "Assigned to me"), QUEUE_MINE, MC_CACHE_STATUS_OPEN },
  { "department", NC_("queue", "My department"), QUEUE_DEPARTMENT, MC_CACHE_STATUS_OPEN },
  { "submitted", NC_("queue", "Awaiting reception"), QUEUE_STATUS, MC_CACHE_STATUS_BIT (MC_STATUS_SUBMITTED) },
  { "received", NC_("queue", "Newly received"), QUEUE_STATUS, MC_CACHE_STATUS_BIT (MC_STATUS_RECEIVED) },
  { "in-progress", NC_("queue", "In progress"), QUEUE_STATUS, MC_CACHE_STATUS_BIT (MC_STATUS_IN_PROGRESS) },
  { "awaiting-supplement", NC_("queue", "Awaiting supplement"), QUEUE_STATUS, MC_CACHE_STATUS_BIT (MC_STATUS_AWAITING_SUPPLEMENT) },
  { "awaiting-payment", NC_("queue", "Awaiting financial obligations"), QUEUE_STATUS, MC_CACHE_STATUS_BIT (MC_STATUS_AWAITING_PAYMENT) },
  { "due-soon", NC_("queue", "Due soon"), QUEUE_DUE_SOON, 0 },
  { "overdue", NC_("queue", "Overdue"), QUEUE_OVERDUE, 0 },
  { "result-ready", NC_("queue", "Awaiting return of results"), QUEUE_STATUS, MC_CACHE_STATUS_BIT (MC_STATUS_RESULT_READY) },
  { "returned", NC_("queue", "Results returned"), QUEUE_STATUS, MC_CACHE_STATUS_BIT (MC_STATUS_RETURNED) },
  { "all", NC_("queue", "All dossiers"), QUEUE_STATUS, 0 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (queues) == MC_QUEUE_N_FIXED);

const char *
mc_queue_id_to_string (McQueueId id)
{
  g_return_val_if_fail (id < MC_QUEUE_N_FIXED, NULL);
  return queues[id].name;
}

gboolean
mc_queue_id_from_string (const char *name,
                         McQueueId  *id)
{
  g_return_val_if_fail (id != NULL, FALSE);

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (queues); i++)
    if (g_str_equal (name, queues[i].name))
      {
        *id = i;
        return TRUE;
      }
  return FALSE;
}

static void
saved_search_clear (gpointer data)
{
  SavedSearch *saved = data;

  g_clear_pointer (&saved->text, g_free);
}

/* The query of queue @id at @now. */
static McCacheQuery *
build_query (McQueueSidebar *self,
             McQueueId       id,
             gint64          now)
{
  g_autoptr(McCacheQuery) query = mc_cache_query_new ();
  const char *user_id = self->user != NULL ? mc_user_get_id (self->user) : NULL;
  const char *department_id = self->user != NULL ? mc_user_get_department_id (self->user) : NULL;

  g_assert (id < G_N_ELEMENTS (queues));

  query->status_mask = queues[id].status_mask;
  switch (queues[id].kind)
    {
    case QUEUE_STATUS:
      break;
    case QUEUE_MINE:
      /* Without a user, nobody's: the row is hidden then. */
      query->assignee_id = g_strdup (user_id != NULL ? user_id : "");
      query->sort = MC_CACHE_SORT_DUE_ASC;
      break;
    case QUEUE_DEPARTMENT:
      query->department_id = g_strdup (department_id != NULL ? department_id : "");
      query->sort = MC_CACHE_SORT_DUE_ASC;
      break;
    case QUEUE_DUE_SOON:
    case QUEUE_OVERDUE:
      /* Without a cache there is nothing to count, and no calendar yet to
       * measure the deadlines on. */
      if (self->calendar != NULL)
        mc_cache_query_set_alert (query, self->calendar,
                                  queues[id].kind == QUEUE_DUE_SOON ? MC_ALERT_DUE_SOON : MC_ALERT_OVERDUE,
                                  now, MC_QUEUE_DUE_SOON_SECONDS);
      /* What is most urgent first. */
      query->sort = MC_CACHE_SORT_DUE_ASC;
      break;
    default:
      g_assert_not_reached ();
    }
  return g_steal_pointer (&query);
}

static McCacheQuery *
build_saved_query (McQueueSidebar    *self,
                   const SavedSearch *saved,
                   gint64             now)
{
  McCacheQuery *query = build_query (self, saved->base, now);

  query->text = g_strdup (saved->text);
  return query;
}

static gboolean
queue_is_shown (McQueueSidebar *self,
                McQueueId       id)
{
  McRole role;

  if (self->user == NULL)
    return queues[id].kind != QUEUE_MINE && queues[id].kind != QUEUE_DEPARTMENT;

  role = mc_user_get_role (self->user);
  switch (id)
    {
    case MC_QUEUE_MINE:
      return role != MC_ROLE_SUPERVISOR && role != MC_ROLE_ADMIN;
    case MC_QUEUE_DEPARTMENT:
      return mc_user_get_department_id (self->user) != NULL;
    case MC_QUEUE_ALL:
      return role == MC_ROLE_SUPERVISOR || role == MC_ROLE_ADMIN;
    default:
      return TRUE;
    }
}

/* Counting runs on a thread with a connection of its own, so that a big
 * cache never holds up the window. */

typedef struct {
  GPtrArray *queries;   /* of McCacheQuery */
  GArray    *counts;    /* of guint */
} CountJob;

static void
count_job_free (gpointer data)
{
  CountJob *job = data;

  g_clear_pointer (&job->queries, g_ptr_array_unref);
  g_clear_pointer (&job->counts, g_array_unref);
  g_free (job);
}

static void
count_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  McCache *cache = g_object_get_data (G_OBJECT (task), "cache");
  CountJob *job = task_data;

  for (guint i = 0; i < job->queries->len; i++)
    {
      g_autoptr(GError) error = NULL;
      guint count = 0;

      if (g_cancellable_is_cancelled (cancellable))
        break;
      if (!mc_cache_count (cache, g_ptr_array_index (job->queries, i), &count, &error))
        g_warning ("Could not count a queue: %s", error->message);
      g_array_append_val (job->counts, count);
    }
  g_task_return_boolean (task, TRUE);
}

static void count_queues (McQueueSidebar *self);

static void
count_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  McQueueSidebar *self = MC_QUEUE_SIDEBAR (source);
  CountJob *job = g_task_get_task_data (G_TASK (result));

  self->counting = FALSE;
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  /* Rows may have come or gone meanwhile; a newer count follows then. */
  if (!self->count_again)
    for (guint i = 0; i < job->counts->len && i < mc_queue_sidebar_get_n_queues (self); i++)
      mc_queue_row_set_count (mc_queue_sidebar_get_queue (self, i), g_array_index (job->counts, guint, i));
  if (self->count_again)
    {
      self->count_again = FALSE;
      count_queues (self);
      return;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTING]);
}

static void
count_queues (McQueueSidebar *self)
{
  g_autoptr(GTask) task = NULL;
  CountJob *job;
  guint n = mc_queue_sidebar_get_n_queues (self);

  if (self->cache == NULL)
    return;
  if (self->counting)
    {
      self->count_again = TRUE;
      return;
    }
  if (self->count_cache == NULL)
    {
      g_autoptr(GError) error = NULL;

      self->count_cache = mc_cache_open (mc_cache_get_path (self->cache), &error);
      if (self->count_cache == NULL)
        {
          g_warning ("Could not open the cache to count the queues: %s", error->message);
          return;
        }
    }

  job = g_new0 (CountJob, 1);
  job->queries = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_cache_query_free);
  job->counts = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (job->queries, mc_cache_query_copy (mc_queue_row_get_query (mc_queue_sidebar_get_queue (self, i))));

  self->counting = TRUE;
  task = g_task_new (self, self->cancellable, count_done_cb, NULL);
  g_task_set_source_tag (task, count_queues);
  g_task_set_task_data (task, job, count_job_free);
  g_object_set_data_full (G_OBJECT (task), "cache", g_object_ref (self->count_cache), g_object_unref);
  g_task_run_in_thread (task, count_thread);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTING]);
}

static void
update_queries (McQueueSidebar *self)
{
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (self->list_box);
  gint64 now = mc_time_now ();
  guint n = mc_queue_sidebar_get_n_queues (self);
  gboolean selected_changed = FALSE;

  for (guint i = 0; i < n; i++)
    {
      McQueueRow *row = mc_queue_sidebar_get_queue (self, i);
      g_autoptr(McCacheQuery) query = NULL;

      if (i < MC_QUEUE_N_FIXED)
        {
          query = build_query (self, i, now);
          gtk_widget_set_visible (GTK_WIDGET (row), queue_is_shown (self, i));
        }
      else
        query = build_saved_query (self, &g_array_index (self->saved, SavedSearch, i - MC_QUEUE_N_FIXED), now);
      /* Only a queue bounded by the time (due soon, overdue) changes with
       * now: the list reloads for no other. */
      if (GTK_LIST_BOX_ROW (row) == selected &&
          (mc_queue_row_get_query (row) == NULL || !mc_cache_query_equal (mc_queue_row_get_query (row), query)))
        selected_changed = TRUE;
      mc_queue_row_set_query (row, query);
    }

  gtk_list_box_invalidate_headers (self->list_box);
  /* Measured from a new now, the selected queue holds other dossiers. */
  if (selected != NULL && !gtk_widget_get_visible (GTK_WIDGET (selected)))
    mc_queue_sidebar_select_default (self);
  else if (selected_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
}

static void
load_calendar (McQueueSidebar *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->calendar);
  self->calendar = mc_cache_load_calendar (self->cache, &error);
  if (self->calendar == NULL)
    {
      g_warning ("Could not read the cached working calendar: %s", error->message);
      self->calendar = mc_calendar_new ();
    }
}

static gboolean
count_later_cb (gpointer user_data)
{
  McQueueSidebar *self = user_data;

  self->count_idle_id = 0;
  count_queues (self);
  return G_SOURCE_REMOVE;
}

void
mc_queue_sidebar_refresh (McQueueSidebar *self)
{
  g_return_if_fail (MC_IS_QUEUE_SIDEBAR (self));

  if (self->cache == NULL)
    return;

  /* The calendar arrives with the first sync, and a year may be added. */
  load_calendar (self);
  update_queries (self);
  count_queues (self);
}

static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  McQueueSidebar *self = user_data;
  int index = gtk_list_box_row_get_index (row);
  GtkWidget *header = NULL;

  if (index == MC_QUEUE_N_FIXED)
    {
      header = gtk_label_new (_("Saved Searches"));
      gtk_label_set_xalign (GTK_LABEL (header), 0);
      gtk_widget_add_css_class (header, "heading");
      gtk_widget_add_css_class (header, "dim-label");
      gtk_widget_set_margin_top (header, 12);
      gtk_widget_set_margin_start (header, 12);
      gtk_widget_set_margin_bottom (header, 6);
    }
  else if (index == MC_QUEUE_ALL ||
           (index == MC_QUEUE_SUBMITTED &&
            (queue_is_shown (self, MC_QUEUE_MINE) || queue_is_shown (self, MC_QUEUE_DEPARTMENT))))
    {
      header = gtk_separator_new (GTK_ORIENTATION_HORIZONTAL);
      gtk_widget_set_margin_top (header, 6);
      gtk_widget_set_margin_bottom (header, 6);
    }
  gtk_list_box_row_set_header (row, header);
}

static void
build_rows (McQueueSidebar *self)
{
  gint64 now = mc_time_now ();

  for (guint i = 0; i < G_N_ELEMENTS (queues); i++)
    {
      g_autoptr(McCacheQuery) query = build_query (self, i, now);
      const char *title = g_dpgettext2 (GETTEXT_PACKAGE, "queue", queues[i].title);
      McQueueRow *row = mc_queue_row_new (title, query);

      gtk_widget_set_visible (GTK_WIDGET (row), queue_is_shown (self, i));
      gtk_list_box_append (self->list_box, GTK_WIDGET (row));
    }
}

static void
row_selected_cb (McQueueSidebar *self,
                 GtkListBoxRow  *row)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
}

static void
mc_queue_sidebar_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  McQueueSidebar *self = MC_QUEUE_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_CACHE:
      g_value_set_object (value, self->cache);
      break;
    case PROP_QUERY:
      g_value_set_boxed (value, mc_queue_sidebar_get_query (self));
      break;
    case PROP_COUNTING:
      g_value_set_boolean (value, self->counting);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_queue_sidebar_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  McQueueSidebar *self = MC_QUEUE_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_CACHE:
      mc_queue_sidebar_set_cache (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_queue_sidebar_dispose (GObject *object)
{
  McQueueSidebar *self = MC_QUEUE_SIDEBAR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->count_idle_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_QUEUE_SIDEBAR);
  g_clear_object (&self->cache);
  g_clear_object (&self->count_cache);
  g_clear_object (&self->calendar);
  g_clear_object (&self->user);

  G_OBJECT_CLASS (mc_queue_sidebar_parent_class)->dispose (object);
}

static void
mc_queue_sidebar_finalize (GObject *object)
{
  McQueueSidebar *self = MC_QUEUE_SIDEBAR (object);

  g_clear_pointer (&self->saved, g_array_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (mc_queue_sidebar_parent_class)->finalize (object);
}

static void
mc_queue_sidebar_class_init (McQueueSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = mc_queue_sidebar_get_property;
  object_class->set_property = mc_queue_sidebar_set_property;
  object_class->dispose = mc_queue_sidebar_dispose;
  object_class->finalize = mc_queue_sidebar_finalize;

  properties[PROP_CACHE] =
    g_param_spec_object ("cache", NULL, NULL, MC_TYPE_CACHE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUERY] =
    g_param_spec_boxed ("query", NULL, NULL, MC_TYPE_CACHE_QUERY,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COUNTING] =
    g_param_spec_boolean ("counting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * McQueueSidebar::saved-searches-changed:
   *
   * A saved search was added or removed: time to store them.
   */
  signals[SAVED_SEARCHES_CHANGED] =
    g_signal_new ("saved-searches-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  mc_application_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/motcua/Desk/ui/mc-queue-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, McQueueSidebar, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, McQueueSidebar, list_box);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "queuesidebar");
}

static void
mc_queue_sidebar_init (McQueueSidebar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->saved = g_array_new (FALSE, TRUE, sizeof (SavedSearch));
  g_array_set_clear_func (self->saved, saved_search_clear);
  gtk_list_box_set_header_func (self->list_box, header_func, self, NULL);
  build_rows (self);
}

McQueueSidebar *
mc_queue_sidebar_new (void)
{
  return g_object_new (MC_TYPE_QUEUE_SIDEBAR, NULL);
}

McCache *
mc_queue_sidebar_get_cache (McQueueSidebar *self)
{
  g_return_val_if_fail (MC_IS_QUEUE_SIDEBAR (self), NULL);
  return self->cache;
}

void
mc_queue_sidebar_set_cache (McQueueSidebar *self,
                            McCache        *cache)
{
  g_return_if_fail (MC_IS_QUEUE_SIDEBAR (self));
  g_return_if_fail (cache == NULL || MC_IS_CACHE (cache));

  if (!g_set_object (&self->cache, cache))
    return;
  g_clear_object (&self->count_cache);
  if (self->cache != NULL)
    {
      load_calendar (self);
      update_queries (self);
      /* The counts after the window's first frame, which they would
       * otherwise compete with; "counting" says they are on their way. */
      self->count_idle_id = g_idle_add_full (G_PRIORITY_LOW, count_later_cb, self, NULL);
    }
  else
    for (guint i = 0; i < mc_queue_sidebar_get_n_queues (self); i++)
      mc_queue_row_set_count (mc_queue_sidebar_get_queue (self, i), 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CACHE]);
}

void
mc_queue_sidebar_set_user (McQueueSidebar *self,
                           McUser         *user)
{
  g_return_if_fail (MC_IS_QUEUE_SIDEBAR (self));
  g_return_if_fail (user == NULL || MC_IS_USER (user));

  g_set_object (&self->user, user);
  update_queries (self);
  count_queues (self);
}

gboolean
mc_queue_sidebar_get_counting (McQueueSidebar *self)
{
  g_return_val_if_fail (MC_IS_QUEUE_SIDEBAR (self), FALSE);
  return self->counting || self->count_idle_id != 0;
}

guint
mc_queue_sidebar_get_n_queues (McQueueSidebar *self)
{
  g_return_val_if_fail (MC_IS_QUEUE_SIDEBAR (self), 0);
  return MC_QUEUE_N_FIXED + self->saved->len;
}

McQueueRow *
mc_queue_sidebar_get_queue (McQueueSidebar *self,
                            guint           index)
{
  g_return_val_if_fail (MC_IS_QUEUE_SIDEBAR (self), NULL);
  g_return_val_if_fail (index < mc_queue_sidebar_get_n_queues (self), NULL);

  return MC_QUEUE_ROW (gtk_list_box_get_row_at_index (self->list_box, (int) index));
}

gboolean
mc_queue_sidebar_is_queue_shown (McQueueSidebar *self,
                                 guint           index)
{
  g_return_val_if_fail (MC_IS_QUEUE_SIDEBAR (self), FALSE);
  g_return_val_if_fail (index < mc_queue_sidebar_get_n_queues (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (mc_queue_sidebar_get_queue (self, index)));
}

void
mc_queue_sidebar_select (McQueueSidebar *self,
                         guint           index)
{
  g_return_if_fail (MC_IS_QUEUE_SIDEBAR (self));
  g_return_if_fail (index < mc_queue_sidebar_get_n_queues (self));

  gtk_list_box_select_row (self->list_box, GTK_LIST_BOX_ROW (mc_queue_sidebar_get_queue (self, index)));
}

void
mc_queue_sidebar_select_default (McQueueSidebar *self)
{
  McQueueId preferred = MC_QUEUE_ALL;

  g_return_if_fail (MC_IS_QUEUE_SIDEBAR (self));

  if (self->user != NULL && mc_user_get_role (self->user) == MC_ROLE_SPECIALIST)
    preferred = MC_QUEUE_MINE;
  else if (self->user != NULL && mc_user_get_role (self->user) != MC_ROLE_SUPERVISOR &&
           mc_user_get_role (self->user) != MC_ROLE_ADMIN)
    preferred = MC_QUEUE_DEPARTMENT;
  if (mc_queue_sidebar_is_queue_shown (self, preferred))
    {
      mc_queue_sidebar_select (self, preferred);
      return;
    }
  for (guint i = 0; i < mc_queue_sidebar_get_n_queues (self); i++)
    if (mc_queue_sidebar_is_queue_shown (self, i))
      {
        mc_queue_sidebar_select (self, i);
        return;
      }
}

const McCacheQuery *
mc_queue_sidebar_get_query (McQueueSidebar *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (MC_IS_QUEUE_SIDEBAR (self), NULL);

  row = gtk_list_box_get_selected_row (self->list_box);
  return row != NULL ? mc_queue_row_get_query (MC_QUEUE_ROW (row)) : NULL;
}

McQueueId
mc_queue_sidebar_get_selected_base (McQueueSidebar *self)
{
  GtkListBoxRow *row;
  int index;

  g_return_val_if_fail (MC_IS_QUEUE_SIDEBAR (self), MC_QUEUE_ALL);

  row = gtk_list_box_get_selected_row (self->list_box);
  if (row == NULL)
    return MC_QUEUE_ALL;
  index = gtk_list_box_row_get_index (row);
  if (index < MC_QUEUE_N_FIXED)
    return index;
  return g_array_index (self->saved, SavedSearch, index - MC_QUEUE_N_FIXED).base;
}

static void
remove_saved_cb (McQueueSidebar *self,
                 McQueueRow     *row)
{
  int index = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row));
  gboolean was_selected = gtk_list_box_get_selected_row (self->list_box) == GTK_LIST_BOX_ROW (row);

  g_return_if_fail (index >= MC_QUEUE_N_FIXED);

  g_array_remove_index (self->saved, index - MC_QUEUE_N_FIXED);
  gtk_list_box_remove (self->list_box, GTK_WIDGET (row));
  if (was_selected)
    mc_queue_sidebar_select_default (self);
  g_signal_emit (self, signals[SAVED_SEARCHES_CHANGED], 0);
}

static guint
add_saved_search (McQueueSidebar *self,
                  const char     *name,
                  McQueueId       base,
                  const char     *text)
{
  SavedSearch saved = { base, g_strdup (text) };
  g_autoptr(McCacheQuery) query = NULL;
  McQueueRow *row;

  g_array_append_val (self->saved, saved);
  query = build_saved_query (self, &saved, mc_time_now ());
  row = mc_queue_row_new (name, query);
  mc_queue_row_set_removable (row, TRUE);
  g_signal_connect_object (row, "remove", G_CALLBACK (remove_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_list_box_append (self->list_box, GTK_WIDGET (row));
  return mc_queue_sidebar_get_n_queues (self) - 1;
}

guint
mc_queue_sidebar_add_saved_search (McQueueSidebar *self,
                                   const char     *name,
                                   McQueueId       base,
                                   const char     *text)
{
  guint index;

  g_return_val_if_fail (MC_IS_QUEUE_SIDEBAR (self), 0);
  g_return_val_if_fail (name != NULL && *name != '\0', 0);
  g_return_val_if_fail (base < MC_QUEUE_N_FIXED, 0);
  g_return_val_if_fail (text != NULL, 0);

  index = add_saved_search (self, name, base, text);
  count_queues (self);
  g_signal_emit (self, signals[SAVED_SEARCHES_CHANGED], 0);
  return index;
}

GVariant *
mc_queue_sidebar_dup_saved_searches (McQueueSidebar *self)
{
  GVariantBuilder builder;

  g_return_val_if_fail (MC_IS_QUEUE_SIDEBAR (self), NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ss)"));
  for (guint i = 0; i < self->saved->len; i++)
    {
      const SavedSearch *saved = &g_array_index (self->saved, SavedSearch, i);
      McQueueRow *row = mc_queue_sidebar_get_queue (self, MC_QUEUE_N_FIXED + i);
      g_autofree char *escaped = g_uri_escape_string (saved->text, NULL, FALSE);
      g_autofree char *spec = g_strdup_printf ("queue=%s&text=%s", queues[saved->base].name, escaped);

      g_variant_builder_add (&builder, "(ss)", mc_queue_row_get_title (row), spec);
    }
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

void
mc_queue_sidebar_load_saved_searches (McQueueSidebar *self,
                                      GVariant       *searches)
{
  GVariantIter iter;
  const char *name;
  const char *spec;

  g_return_if_fail (MC_IS_QUEUE_SIDEBAR (self));
  g_return_if_fail (g_variant_is_of_type (searches, G_VARIANT_TYPE ("a(ss)")));

  while (self->saved->len > 0)
    {
      gtk_list_box_remove (self->list_box, GTK_WIDGET (mc_queue_sidebar_get_queue (self, MC_QUEUE_N_FIXED)));
      g_array_remove_index (self->saved, 0);
    }

  g_variant_iter_init (&iter, searches);
  while (g_variant_iter_next (&iter, "(&s&s)", &name, &spec))
    {
      g_autoptr(GHashTable) params = g_uri_parse_params (spec, -1, "&", G_URI_PARAMS_NONE, NULL);
      McQueueId base;
      const char *text;

      /* A damaged entry is skipped, not fatal: it is only a shortcut. */
      if (params == NULL || *name == '\0' ||
          !mc_queue_id_from_string (g_hash_table_lookup (params, "queue"), &base) ||
          (text = g_hash_table_lookup (params, "text")) == NULL)
        {
          g_warning ("Ignoring the saved search “%s”: “%s” is not understood", name, spec);
          continue;
        }
      add_saved_search (self, name, base, text);
    }
  count_queues (self);
}
