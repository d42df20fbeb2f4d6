/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-application.h"
#include "mc-queue-sidebar.h"
#include "mc-reassign-dialog.h"
#include "mc-time.h"
#include "mc-workload-view.h"

#define MAX_BULK 200

struct _McWorkloadView
{
  GtkWidget        parent_instance;

  McSync          *sync;          /* owned, nullable */
  McCache         *cache;         /* owned, nullable */
  GCancellable    *cancellable;   /* owned, nullable: the count under way */
  GPtrArray       *rows;          /* owned: McWorkloadRow */
  GHashTable      *names;         /* owned: department or user id → name */
  McWorkloadGroup  group;
  gint64           now;
  gint64           soon_until;
  int              chosen;        /* index in rows, or -1 */

  /* template children */
  GtkPaned        *paned;
  GtkToggleButton *department_toggle;
  GtkToggleButton *officer_toggle;
  GtkLabel        *summary_label;
  GtkListBox      *rows_list;
  GtkStack        *chosen_stack;
  GtkLabel        *chosen_label;
  GtkWidget       *reassign_overdue_button;
  McDossierView   *dossier_view;
};

enum {
  SIGNAL_UPDATED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (McWorkloadView, mc_workload_view, GTK_TYPE_WIDGET)

static const char *
row_name (McWorkloadView      *self,
          const McWorkloadRow *row)
{
  const char *name;

  if (row->key == NULL)
    return _("Not assigned");
  name = g_hash_table_lookup (self->names, row->key);
  return name != NULL ? name : row->key;
}

static void
load_names (McWorkloadView *self)
{
  g_autoptr(GPtrArray) departments = NULL;
  g_autoptr(GPtrArray) users = NULL;

  g_hash_table_remove_all (self->names);
  if (self->cache == NULL)
    return;
  if ((departments = mc_cache_list_departments (self->cache, NULL)))
    for (guint i = 0; i < departments->len; i++)
      g_hash_table_insert (self->names, g_strdup (mc_department_get_id (departments->pdata[i])),
                           g_strdup (mc_department_get_name (departments->pdata[i])));
  if ((users = mc_cache_list_users (self->cache, NULL)))
    for (guint i = 0; i < users->len; i++)
      g_hash_table_insert (self->names, g_strdup (mc_user_get_id (users->pdata[i])),
                           g_strdup (mc_user_get_full_name (users->pdata[i])));
}

static GtkWidget *
make_row (McWorkloadView      *self,
          const McWorkloadRow *row)
{
  GtkWidget *widget = adw_action_row_new ();
  g_autofree char *counts = NULL;

  /* Numbers in words, with an icon for the overdue: never colour alone. */
  counts = g_strdup_printf (_("%u open · %u due soon · %u overdue"), row->open, row->due_soon, row->overdue);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (widget), row_name (self, row));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (widget), counts);
  if (row->overdue > 0)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Has overdue dossiers"), -1);
      gtk_widget_add_css_class (icon, "error");
      adw_action_row_add_prefix (ADW_ACTION_ROW (widget), icon);
    }
  return widget;
}

static void
counted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(McWorkloadView) self = user_data;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;
  guint open = 0, overdue = 0;
  g_autofree char *summary = NULL;
  g_autofree char *chosen_key = NULL;
  gboolean had_choice = self->chosen >= 0;
  int rechoose = -1;

  rows = mc_cache_workload_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->cache == NULL)
    return;
  if (rows == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Cannot count the workload: %s"), error->message);

      gtk_label_set_label (self->summary_label, text);
      return;
    }
  if (had_choice)
    chosen_key = g_strdup (((McWorkloadRow *) g_ptr_array_index (self->rows, self->chosen))->key);

  g_ptr_array_unref (self->rows);
  self->rows = g_steal_pointer (&rows);
  self->chosen = -1;
  gtk_stack_set_visible_child_name (self->chosen_stack, "none");
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rows_list))) != NULL)
    gtk_list_box_remove (self->rows_list, child);
  for (guint i = 0; i < self->rows->len; i++)
    {
      McWorkloadRow *row = g_ptr_array_index (self->rows, i);

      gtk_list_box_append (self->rows_list, make_row (self, row));
      open += row->open;
      overdue += row->overdue;
      if (had_choice && g_strcmp0 (row->key, chosen_key) == 0)
        rechoose = (int) i;
    }
  summary = g_strdup_printf (_("%u open, %u overdue"), open, overdue);
  gtk_label_set_label (self->summary_label, summary);
  if (rechoose >= 0)
    mc_workload_view_select_row (self, (guint) rechoose);
  g_signal_emit (self, signals[SIGNAL_UPDATED], 0);
}

void
mc_workload_view_refresh (McWorkloadView *self)
{
  g_autoptr(McCalendar) calendar = NULL;

  g_return_if_fail (MC_IS_WORKLOAD_VIEW (self));

  if (self->cache == NULL)
    return;
  /* The catalogues come with the first sync, and change with later ones. */
  load_names (self);
  calendar = mc_cache_load_calendar (self->cache, NULL);
  if (calendar == NULL)
    calendar = mc_calendar_new ();
  self->now = mc_time_now ();
  self->soon_until = mc_workload_soon_until (calendar, self->now, MC_QUEUE_DUE_SOON_SECONDS);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  mc_cache_workload_async (mc_cache_get_path (self->cache), self->group, NULL, self->now, self->soon_until,
                           self->cancellable, counted_cb, g_object_ref (self));
}

static McCacheQuery *
row_query (McWorkloadView      *self,
           const McWorkloadRow *row)
{
  McCacheQuery *query = mc_cache_query_new ();

  query->status_mask = MC_CACHE_STATUS_OPEN;
  query->sort = MC_CACHE_SORT_DUE_ASC;
  if (self->group == MC_WORKLOAD_BY_DEPARTMENT)
    query->department_id = g_strdup (row->key);
  else if (row->key != NULL)
    query->assignee_id = g_strdup (row->key);
  else
    query->unassigned = TRUE;
  return query;
}

void
mc_workload_view_select_row (McWorkloadView *self,
                             guint           i)
{
  g_autoptr(McCacheQuery) query = NULL;
  g_autofree char *text = NULL;
  McWorkloadRow *row;

  g_return_if_fail (MC_IS_WORKLOAD_VIEW (self));
  g_return_if_fail (i < self->rows->len);

  row = g_ptr_array_index (self->rows, i);
  self->chosen = (int) i;
  gtk_stack_set_visible_child_name (self->chosen_stack, "chosen");
  if (gtk_list_box_get_selected_row (self->rows_list) != gtk_list_box_get_row_at_index (self->rows_list, (int) i))
    gtk_list_box_select_row (self->rows_list, gtk_list_box_get_row_at_index (self->rows_list, (int) i));
  query = row_query (self, row);
  mc_dossier_view_set_query (self->dossier_view, query);
  text = g_strdup_printf (_("Open dossiers of %s"), row_name (self, row));
  gtk_label_set_label (self->chosen_label, text);
  gtk_widget_set_sensitive (self->reassign_overdue_button, row->overdue > 0);
}

static void
row_selected_cb (McWorkloadView *self,
                 GtkListBoxRow  *row)
{
  if (row != NULL && gtk_list_box_row_get_index (row) != self->chosen)
    mc_workload_view_select_row (self, (guint) gtk_list_box_row_get_index (row));
}

static void
group_toggled_cb (McWorkloadView *self)
{
  mc_workload_view_set_group (self, gtk_toggle_button_get_active (self->department_toggle)
                                    ? MC_WORKLOAD_BY_DEPARTMENT : MC_WORKLOAD_BY_ASSIGNEE);
}

static GtkWindow *
open_dialog (McWorkloadView *self,
             GPtrArray      *rows)
{
  McReassignDialog *dialog;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->sync == NULL || rows->len == 0)
    return NULL;
  dialog = mc_reassign_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->sync, self->cache, rows);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

GtkWindow *
mc_workload_view_reassign_overdue (McWorkloadView *self)
{
  g_autoptr(McCacheQuery) query = NULL;
  g_autoptr(McCalendar) calendar = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (MC_IS_WORKLOAD_VIEW (self), NULL);

  if (self->chosen < 0 || self->cache == NULL)
    return NULL;
  query = row_query (self, g_ptr_array_index (self->rows, self->chosen));
  calendar = mc_cache_load_calendar (self->cache, NULL);
  if (calendar == NULL)
    calendar = mc_calendar_new ();
  mc_cache_query_set_alert (query, calendar, MC_ALERT_OVERDUE, self->now, MC_QUEUE_DUE_SOON_SECONDS);
  rows = mc_cache_query_page (self->cache, query, NULL, MAX_BULK, NULL);
  return rows != NULL ? open_dialog (self, rows) : NULL;
}

static void
reassign_overdue_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  mc_workload_view_reassign_overdue (MC_WORKLOAD_VIEW (widget));
}

static void
reassign_selected_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  McWorkloadView *self = MC_WORKLOAD_VIEW (widget);
  g_autoptr(GPtrArray) rows = mc_dossier_view_get_selected_rows (self->dossier_view);

  open_dialog (self, rows);
}

/* "Reassign Selected" with nothing selected would do nothing. */
static void
update_reassign_selected (McWorkloadView *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "workload.reassign-selected",
                                 mc_dossier_view_get_has_selection (self->dossier_view));
}

static void
mc_workload_view_dispose (GObject *object)
{
  McWorkloadView *self = MC_WORKLOAD_VIEW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_WORKLOAD_VIEW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->sync);
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (mc_workload_view_parent_class)->dispose (object);
}

static void
mc_workload_view_finalize (GObject *object)
{
  McWorkloadView *self = MC_WORKLOAD_VIEW (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->names, g_hash_table_unref);

  G_OBJECT_CLASS (mc_workload_view_parent_class)->finalize (object);
}

static void
mc_workload_view_class_init (McWorkloadViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_workload_view_dispose;
  object_class->finalize = mc_workload_view_finalize;

  /* The counts are new. */
  signals[SIGNAL_UPDATED] = g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  mc_application_ensure_resources ();
  g_type_ensure (MC_TYPE_DOSSIER_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/motcua/Desk/ui/mc-workload-view.ui");
  gtk_widget_class_bind_template_child (widget_class, McWorkloadView, paned);
  gtk_widget_class_bind_template_child (widget_class, McWorkloadView, department_toggle);
  gtk_widget_class_bind_template_child (widget_class, McWorkloadView, officer_toggle);
  gtk_widget_class_bind_template_child (widget_class, McWorkloadView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, McWorkloadView, rows_list);
  gtk_widget_class_bind_template_child (widget_class, McWorkloadView, chosen_stack);
  gtk_widget_class_bind_template_child (widget_class, McWorkloadView, chosen_label);
  gtk_widget_class_bind_template_child (widget_class, McWorkloadView, reassign_overdue_button);
  gtk_widget_class_bind_template_child (widget_class, McWorkloadView, dossier_view);
  gtk_widget_class_bind_template_callback (widget_class, group_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_install_action (widget_class, "workload.reassign-overdue", NULL, reassign_overdue_action);
  gtk_widget_class_install_action (widget_class, "workload.reassign-selected", NULL, reassign_selected_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
mc_workload_view_init (McWorkloadView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_workload_row_free);
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->chosen = -1;
  g_signal_connect_object (self->dossier_view, "notify::has-selection",
                           G_CALLBACK (update_reassign_selected), self, G_CONNECT_SWAPPED);
  update_reassign_selected (self);
}

McWorkloadView *
mc_workload_view_new (void)
{
  return g_object_new (MC_TYPE_WORKLOAD_VIEW, NULL);
}

void
mc_workload_view_set_sync (McWorkloadView *self,
                           McSync         *sync,
                           McCache        *cache)
{
  g_autoptr(McCacheQuery) none = mc_cache_query_new ();

  g_return_if_fail (MC_IS_WORKLOAD_VIEW (self));
  g_return_if_fail (MC_IS_SYNC (sync));
  g_return_if_fail (MC_IS_CACHE (cache));

  g_set_object (&self->sync, sync);
  g_set_object (&self->cache, cache);
  load_names (self);
  /* Nothing listed until a row is chosen: a query nothing matches. */
  none->assignee_id = g_strdup ("");
  mc_dossier_view_set_cache (self->dossier_view, cache, none);
  /* Counted when shown (the window refreshes it then): over a big cache
   * the count would compete with the window's first frame. */
}

McWorkloadGroup
mc_workload_view_get_group (McWorkloadView *self)
{
  g_return_val_if_fail (MC_IS_WORKLOAD_VIEW (self), MC_WORKLOAD_BY_DEPARTMENT);
  return self->group;
}

void
mc_workload_view_set_group (McWorkloadView  *self,
                            McWorkloadGroup  group)
{
  g_return_if_fail (MC_IS_WORKLOAD_VIEW (self));

  if (self->group == group)
    return;
  self->group = group;
  self->chosen = -1;
  gtk_stack_set_visible_child_name (self->chosen_stack, "none");
  gtk_toggle_button_set_active (group == MC_WORKLOAD_BY_DEPARTMENT ? self->department_toggle
                                                                   : self->officer_toggle, TRUE);
  mc_workload_view_refresh (self);
}

guint
mc_workload_view_get_n_rows (McWorkloadView *self)
{
  g_return_val_if_fail (MC_IS_WORKLOAD_VIEW (self), 0);
  return self->rows->len;
}

const McWorkloadRow *
mc_workload_view_get_row (McWorkloadView *self,
                          guint           i)
{
  g_return_val_if_fail (MC_IS_WORKLOAD_VIEW (self), NULL);
  g_return_val_if_fail (i < self->rows->len, NULL);
  return g_ptr_array_index (self->rows, i);
}

gint64
mc_workload_view_get_now (McWorkloadView *self)
{
  g_return_val_if_fail (MC_IS_WORKLOAD_VIEW (self), 0);
  return self->now;
}

gint64
mc_workload_view_get_soon_until (McWorkloadView *self)
{
  g_return_val_if_fail (MC_IS_WORKLOAD_VIEW (self), 0);
  return self->soon_until;
}

McDossierView *
mc_workload_view_get_dossier_view (McWorkloadView *self)
{
  g_return_val_if_fail (MC_IS_WORKLOAD_VIEW (self), NULL);
  return self->dossier_view;
}
