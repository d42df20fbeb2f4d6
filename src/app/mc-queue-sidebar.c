/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-application.h"
#include "mc-queue-sidebar.h"
#include "mc-time.h"

struct _McQueueSidebar
{
  GtkWidget           parent_instance;

  McCache            *cache;      /* owned, nullable */
  McCalendar         *calendar;   /* owned, nullable */

  /* template children */
  GtkScrolledWindow  *scrolled_window;
  GtkListBox         *list_box;
};

G_DEFINE_FINAL_TYPE (McQueueSidebar, mc_queue_sidebar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CACHE,
  PROP_QUERY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef enum {
  QUEUE_STATUS,      /* by status only */
  QUEUE_DUE_SOON,    /* open and due within a working day */
  QUEUE_OVERDUE,     /* open and past due */
} QueueKind;

/* The queues in the order of the national portal's processing steps. */
static const struct {
  const char  *title;
  QueueKind    kind;
  guint32      status_mask;
} queues[] = {
  { NC_("queue", "All"), QUEUE_STATUS, 0 },
  { NC_("queue", "Awaiting reception"), QUEUE_STATUS, MC_CACHE_STATUS_BIT (MC_STATUS_SUBMITTED) },
  { NC_("queue", "Newly received"), QUEUE_STATUS, MC_CACHE_STATUS_BIT (MC_STATUS_RECEIVED) },
  { NC_("queue", "In progress"), QUEUE_STATUS, MC_CACHE_STATUS_BIT (MC_STATUS_IN_PROGRESS) },
  { NC_("queue", "Awaiting supplement"), QUEUE_STATUS, MC_CACHE_STATUS_BIT (MC_STATUS_AWAITING_SUPPLEMENT) },
  { NC_("queue", "Awaiting financial obligations"), QUEUE_STATUS, MC_CACHE_STATUS_BIT (MC_STATUS_AWAITING_PAYMENT) },
  { NC_("queue", "Due soon"), QUEUE_DUE_SOON, 0 },
  { NC_("queue", "Overdue"), QUEUE_OVERDUE, 0 },
  { NC_("queue", "Awaiting return of results"), QUEUE_STATUS, MC_CACHE_STATUS_BIT (MC_STATUS_RESULT_READY) },
  { NC_("queue", "Results returned"), QUEUE_STATUS, MC_CACHE_STATUS_BIT (MC_STATUS_RETURNED) },
};

/* The query of queue @index at @now; NULL when it needs a calendar and
 * there is none yet. */
static McCacheQuery *
build_query (McQueueSidebar *self,
             guint           index,
             gint64          now)
{
  g_autoptr(McCacheQuery) query = mc_cache_query_new ();

  g_assert (index < G_N_ELEMENTS (queues));

  query->status_mask = queues[index].status_mask;
  switch (queues[index].kind)
    {
    case QUEUE_STATUS:
      break;
    case QUEUE_DUE_SOON:
    case QUEUE_OVERDUE:
      mc_cache_query_set_alert (query, self->calendar,
                                queues[index].kind == QUEUE_DUE_SOON ? MC_ALERT_DUE_SOON : MC_ALERT_OVERDUE,
                                now, MC_QUEUE_DUE_SOON_SECONDS);
      /* What is most urgent first. */
      query->sort = MC_CACHE_SORT_DUE_ASC;
      break;
    default:
      g_assert_not_reached ();
    }
  return g_steal_pointer (&query);
}

static void
count_queues (McQueueSidebar *self)
{
  guint n = mc_queue_sidebar_get_n_queues (self);

  for (guint i = 0; i < n; i++)
    {
      McQueueRow *row = mc_queue_sidebar_get_queue (self, i);
      g_autoptr(GError) error = NULL;
      guint count = 0;

      if (!mc_cache_count (self->cache, mc_queue_row_get_query (row), &count, &error))
        g_warning ("Could not count the queue “%s”: %s", mc_queue_row_get_title (row), error->message);
      mc_queue_row_set_count (row, count);
    }
}

void
mc_queue_sidebar_refresh (McQueueSidebar *self)
{
  g_autoptr(GError) error = NULL;
  GtkListBoxRow *selected;
  gint64 now = mc_time_now ();
  guint n;

  g_return_if_fail (MC_IS_QUEUE_SIDEBAR (self));

  if (self->cache == NULL)
    return;

  /* The calendar arrives with the first sync, and a year may be added. */
  g_clear_object (&self->calendar);
  self->calendar = mc_cache_load_calendar (self->cache, &error);
  if (self->calendar == NULL)
    {
      g_warning ("Could not read the cached working calendar: %s", error->message);
      self->calendar = mc_calendar_new ();
    }

  selected = gtk_list_box_get_selected_row (self->list_box);
  n = mc_queue_sidebar_get_n_queues (self);
  for (guint i = 0; i < n; i++)
    {
      McQueueRow *row = mc_queue_sidebar_get_queue (self, i);
      g_autoptr(McCacheQuery) query = NULL;

      if (queues[i].kind == QUEUE_STATUS)
        continue;
      query = build_query (self, i, now);
      mc_queue_row_set_query (row, query);
      /* Measured from a new now, the selected queue holds other dossiers. */
      if (GTK_LIST_BOX_ROW (row) == selected)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
    }
  count_queues (self);
}

static void
build_rows (McQueueSidebar *self)
{
  gint64 now = mc_time_now ();

  for (guint i = 0; i < G_N_ELEMENTS (queues); i++)
    {
      g_autoptr(McCacheQuery) query = build_query (self, i, now);
      const char *title = g_dpgettext2 (GETTEXT_PACKAGE, "queue", queues[i].title);

      gtk_list_box_append (self->list_box, GTK_WIDGET (mc_queue_row_new (title, query)));
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

  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_QUEUE_SIDEBAR);
  g_clear_object (&self->cache);
  g_clear_object (&self->calendar);

  G_OBJECT_CLASS (mc_queue_sidebar_parent_class)->dispose (object);
}

static void
mc_queue_sidebar_class_init (McQueueSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = mc_queue_sidebar_get_property;
  object_class->set_property = mc_queue_sidebar_set_property;
  object_class->dispose = mc_queue_sidebar_dispose;

  properties[PROP_CACHE] =
    g_param_spec_object ("cache", NULL, NULL, MC_TYPE_CACHE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUERY] =
    g_param_spec_boxed ("query", NULL, NULL, MC_TYPE_CACHE_QUERY,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

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
  /* Until a cache arrives, the due queues are measured on the default
   * calendar; their counts stay zero anyway. */
  self->calendar = mc_calendar_new ();
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
  if (self->cache != NULL)
    mc_queue_sidebar_refresh (self);
  else
    for (guint i = 0; i < mc_queue_sidebar_get_n_queues (self); i++)
      mc_queue_row_set_count (mc_queue_sidebar_get_queue (self, i), 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CACHE]);
}

guint
mc_queue_sidebar_get_n_queues (McQueueSidebar *self)
{
  g_return_val_if_fail (MC_IS_QUEUE_SIDEBAR (self), 0);
  return G_N_ELEMENTS (queues);
}

McQueueRow *
mc_queue_sidebar_get_queue (McQueueSidebar *self,
                            guint           index)
{
  g_return_val_if_fail (MC_IS_QUEUE_SIDEBAR (self), NULL);
  g_return_val_if_fail (index < G_N_ELEMENTS (queues), NULL);

  return MC_QUEUE_ROW (gtk_list_box_get_row_at_index (self->list_box, (int) index));
}

void
mc_queue_sidebar_select (McQueueSidebar *self,
                         guint           index)
{
  g_return_if_fail (MC_IS_QUEUE_SIDEBAR (self));
  g_return_if_fail (index < G_N_ELEMENTS (queues));

  gtk_list_box_select_row (self->list_box, GTK_LIST_BOX_ROW (mc_queue_sidebar_get_queue (self, index)));
}

const McCacheQuery *
mc_queue_sidebar_get_query (McQueueSidebar *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (MC_IS_QUEUE_SIDEBAR (self), NULL);

  row = gtk_list_box_get_selected_row (self->list_box);
  return row != NULL ? mc_queue_row_get_query (MC_QUEUE_ROW (row)) : NULL;
}
