/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-application.h"
#include "mc-deadline.h"
#include "mc-dossier-view.h"
#include "mc-queue-sidebar.h"
#include "mc-time.h"

#define WORKING_DAY_SECONDS ((gint64) 8 * 3600)

struct _McDossierView
{
  GtkWidget             parent_instance;

  McCache              *cache;       /* owned, nullable */
  McDossierList        *list;        /* owned, nullable */
  GtkSingleSelection   *selection;   /* owned */
  McCalendar           *calendar;    /* owned */
  GHashTable           *procedures;  /* owned: procedure id → name */

  /* template children */
  GtkScrolledWindow    *scrolled_window;
  GtkColumnView        *column_view;
  GtkColumnViewColumn  *code_column;
  GtkColumnViewColumn  *applicant_column;
  GtkColumnViewColumn  *procedure_column;
  GtkColumnViewColumn  *received_column;
  GtkColumnViewColumn  *due_column;
  GtkColumnViewColumn  *time_left_column;
  GtkColumnViewColumn  *status_column;
};

G_DEFINE_FINAL_TYPE (McDossierView, mc_dossier_view, GTK_TYPE_WIDGET)

char *
mc_dossier_view_describe_time_left (McCalendar  *calendar,
                                    McStatus     status,
                                    gint64       due_at,
                                    gint64       now,
                                    const char **icon_name)
{
  gint64 seconds;

  g_return_val_if_fail (MC_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (icon_name != NULL, NULL);

  *icon_name = NULL;
  if (mc_status_is_final (status))
    return g_strdup ("");
  if (due_at == MC_TIME_NONE)
    {
      /* Waiting for a supplement stops the clock (design.md "Deadlines"). */
      if (status == MC_STATUS_AWAITING_SUPPLEMENT)
        return g_strdup (_("Clock stopped"));
      return g_strdup ("—");
    }

  if (now > due_at)
    {
      *icon_name = "dialog-warning-symbolic";
      seconds = mc_deadline_working_seconds_between (calendar, due_at, now);
      if (seconds >= WORKING_DAY_SECONDS)
        {
          guint days = (guint) (seconds / WORKING_DAY_SECONDS);
          return g_strdup_printf (ngettext ("Overdue by %u working day", "Overdue by %u working days", days), days);
        }
      if (seconds >= 3600)
        {
          guint hours = (guint) (seconds / 3600);
          return g_strdup_printf (ngettext ("Overdue by %u working hour", "Overdue by %u working hours", hours), hours);
        }
      return g_strdup (_("Overdue"));
    }

  seconds = mc_deadline_working_seconds_between (calendar, now, due_at);
  if (seconds < MC_QUEUE_DUE_SOON_SECONDS)
    *icon_name = "alarm-symbolic";
  if (seconds >= WORKING_DAY_SECONDS)
    {
      guint days = (guint) (seconds / WORKING_DAY_SECONDS);
      return g_strdup_printf (ngettext ("%u working day left", "%u working days left", days), days);
    }
  if (seconds >= 3600)
    {
      guint hours = (guint) (seconds / 3600);
      return g_strdup_printf (ngettext ("%u working hour left", "%u working hours left", hours), hours);
    }
  return g_strdup (_("Less than a working hour left"));
}

static void
load_procedures (McDossierView *self)
{
  g_autoptr(GPtrArray) procedures = NULL;
  g_autoptr(GError) error = NULL;

  g_hash_table_remove_all (self->procedures);
  if (self->cache == NULL)
    return;
  procedures = mc_cache_list_procedures (self->cache, &error);
  if (procedures == NULL)
    {
      g_warning ("Could not read the cached procedures: %s", error->message);
      return;
    }
  for (guint i = 0; i < procedures->len; i++)
    {
      McProcedure *procedure = g_ptr_array_index (procedures, i);

      g_hash_table_insert (self->procedures, g_strdup (mc_procedure_get_id (procedure)),
                           g_strdup (mc_procedure_get_name (procedure)));
    }
}

static void
load_calendar (McDossierView *self)
{
  g_autoptr(GError) error = NULL;
  McCalendar *calendar = NULL;

  if (self->cache != NULL)
    {
      calendar = mc_cache_load_calendar (self->cache, &error);
      if (calendar == NULL)
        g_warning ("Could not read the cached working calendar: %s", error->message);
    }
  g_clear_object (&self->calendar);
  self->calendar = calendar != NULL ? calendar : mc_calendar_new ();
}

/* Factories: widgets are made in setup, bind only sets their text. */

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
setup_numeric_label_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *item,
                        gpointer                  user_data)
{
  setup_label_cb (factory, item, user_data);
  gtk_widget_add_css_class (gtk_list_item_get_child (item), "numeric");
}

static void
set_label (GtkListItem *item,
           const char  *text)
{
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text != NULL ? text : "");
}

static void
bind_code_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  McDossierRow *row = gtk_list_item_get_item (item);
  const char *code = mc_dossier_row_get_code (row);

  /* Online submissions get their code on reception. */
  set_label (item, code != NULL && *code != '\0' ? code : _("(not yet received)"));
}

static void
bind_applicant_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  set_label (item, mc_dossier_row_get_applicant_name (gtk_list_item_get_item (item)));
}

static void
bind_procedure_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  McDossierView *self = user_data;
  const char *id = mc_dossier_row_get_procedure_id (gtk_list_item_get_item (item));
  const char *name = id != NULL ? g_hash_table_lookup (self->procedures, id) : NULL;

  set_label (item, name != NULL ? name : id);
}

static void
set_time_label (GtkListItem *item,
                gint64       t)
{
  g_autofree char *text = t != MC_TIME_NONE ? mc_time_format_display (t) : g_strdup ("—");

  set_label (item, text);
}

static void
bind_received_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  set_time_label (item, mc_dossier_row_get_received_at (gtk_list_item_get_item (item)));
}

static void
bind_due_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  set_time_label (item, mc_dossier_row_get_due_at (gtk_list_item_get_item (item)));
}

static void
bind_status_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  set_label (item, mc_status_get_label (mc_dossier_row_get_status (gtk_list_item_get_item (item))));
}

static void
setup_time_left_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *image = gtk_image_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (item, box);
}

static void
bind_time_left_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  McDossierView *self = user_data;
  McDossierRow *row = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *image = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_next_sibling (image);
  const char *icon_name = NULL;
  g_autofree char *text = NULL;

  text = mc_dossier_view_describe_time_left (self->calendar, mc_dossier_row_get_status (row),
                                             mc_dossier_row_get_due_at (row), mc_time_now (),
                                             &icon_name);
  gtk_label_set_label (GTK_LABEL (label), text);
  gtk_image_set_from_icon_name (GTK_IMAGE (image), icon_name);
  gtk_widget_set_visible (image, icon_name != NULL);
  /* The colour repeats what the icon and the words already say. */
  if (icon_name != NULL && g_str_equal (icon_name, "dialog-warning-symbolic"))
    gtk_widget_add_css_class (box, "error");
  else
    gtk_widget_remove_css_class (box, "error");
  if (icon_name != NULL && g_str_equal (icon_name, "alarm-symbolic"))
    gtk_widget_add_css_class (box, "warning");
  else
    gtk_widget_remove_css_class (box, "warning");
}

static void
set_factory (McDossierView       *self,
             GtkColumnViewColumn *column,
             GCallback            setup,
             GCallback            bind)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", setup, self);
  g_signal_connect (factory, "bind", bind, self);
  gtk_column_view_column_set_factory (column, factory);
}

static void
mc_dossier_view_dispose (GObject *object)
{
  McDossierView *self = MC_DOSSIER_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_DOSSIER_VIEW);
  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  g_clear_object (&self->cache);
  g_clear_object (&self->calendar);

  G_OBJECT_CLASS (mc_dossier_view_parent_class)->dispose (object);
}

static void
mc_dossier_view_finalize (GObject *object)
{
  McDossierView *self = MC_DOSSIER_VIEW (object);

  g_clear_pointer (&self->procedures, g_hash_table_unref);

  G_OBJECT_CLASS (mc_dossier_view_parent_class)->finalize (object);
}

static void
mc_dossier_view_class_init (McDossierViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_dossier_view_dispose;
  object_class->finalize = mc_dossier_view_finalize;

  mc_application_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/motcua/Desk/ui/mc-dossier-view.ui");
  gtk_widget_class_bind_template_child (widget_class, McDossierView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, McDossierView, column_view);
  gtk_widget_class_bind_template_child (widget_class, McDossierView, code_column);
  gtk_widget_class_bind_template_child (widget_class, McDossierView, applicant_column);
  gtk_widget_class_bind_template_child (widget_class, McDossierView, procedure_column);
  gtk_widget_class_bind_template_child (widget_class, McDossierView, received_column);
  gtk_widget_class_bind_template_child (widget_class, McDossierView, due_column);
  gtk_widget_class_bind_template_child (widget_class, McDossierView, time_left_column);
  gtk_widget_class_bind_template_child (widget_class, McDossierView, status_column);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "dossierview");
}

static void
mc_dossier_view_init (McDossierView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->procedures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->calendar = mc_calendar_new ();
  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  set_factory (self, self->code_column, G_CALLBACK (setup_numeric_label_cb), G_CALLBACK (bind_code_cb));
  set_factory (self, self->applicant_column, G_CALLBACK (setup_label_cb), G_CALLBACK (bind_applicant_cb));
  set_factory (self, self->procedure_column, G_CALLBACK (setup_label_cb), G_CALLBACK (bind_procedure_cb));
  set_factory (self, self->received_column, G_CALLBACK (setup_numeric_label_cb), G_CALLBACK (bind_received_cb));
  set_factory (self, self->due_column, G_CALLBACK (setup_numeric_label_cb), G_CALLBACK (bind_due_cb));
  set_factory (self, self->time_left_column, G_CALLBACK (setup_time_left_cb), G_CALLBACK (bind_time_left_cb));
  set_factory (self, self->status_column, G_CALLBACK (setup_label_cb), G_CALLBACK (bind_status_cb));
}

McDossierView *
mc_dossier_view_new (void)
{
  return g_object_new (MC_TYPE_DOSSIER_VIEW, NULL);
}

void
mc_dossier_view_set_cache (McDossierView      *self,
                           McCache            *cache,
                           const McCacheQuery *query)
{
  g_return_if_fail (MC_IS_DOSSIER_VIEW (self));
  g_return_if_fail (cache == NULL || MC_IS_CACHE (cache));

  g_set_object (&self->cache, cache);
  load_procedures (self);
  load_calendar (self);
  g_clear_object (&self->list);
  if (cache != NULL)
    {
      g_autoptr(McCacheQuery) all = query == NULL ? mc_cache_query_new () : NULL;

      self->list = mc_dossier_list_new (cache, query != NULL ? query : all);
    }
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->list));
}

void
mc_dossier_view_set_query (McDossierView      *self,
                           const McCacheQuery *query)
{
  g_return_if_fail (MC_IS_DOSSIER_VIEW (self));
  g_return_if_fail (query != NULL);

  if (self->list == NULL)
    return;
  mc_dossier_list_set_query (self->list, query);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

McDossierList *
mc_dossier_view_get_model (McDossierView *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_VIEW (self), NULL);
  return self->list;
}

void
mc_dossier_view_refresh (McDossierView  *self,
                         McCacheChanges *changes)
{
  g_return_if_fail (MC_IS_DOSSIER_VIEW (self));
  g_return_if_fail (changes != NULL);

  if (self->list == NULL)
    return;
  if (mc_cache_changes_get_catalogues_changed (changes))
    load_procedures (self);
  if (mc_cache_changes_get_calendar_changed (changes))
    load_calendar (self);
  mc_dossier_list_refresh (self->list, changes);
}

void
mc_dossier_view_select (McDossierView *self,
                        guint          position)
{
  GtkWidget *child;

  g_return_if_fail (MC_IS_DOSSIER_VIEW (self));

  if (self->list == NULL || position >= g_list_model_get_n_items (G_LIST_MODEL (self->list)))
    return;
  gtk_single_selection_set_selected (self->selection, position);
  /* GTK 4.8 has no gtk_column_view_scroll_to(): its list view's action. */
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
}

guint
mc_dossier_view_get_selected (McDossierView *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_VIEW (self), GTK_INVALID_LIST_POSITION);
  return gtk_single_selection_get_selected (self->selection);
}
