/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-application.h"
#include "mc-cell.h"
#include "mc-deadline.h"
#include "mc-dossier-view.h"
#include "mc-queue-sidebar.h"
#include "mc-row-slots.h"
#include "mc-time.h"

#define WORKING_DAY_SECONDS ((gint64) 8 * 3600)

struct _McDossierView
{
  GtkWidget             parent_instance;

  McCache              *cache;       /* owned, nullable */
  McDossierList        *list;        /* owned, nullable */
  McRowSlots           *slots;       /* owned: the list as the view shows it */
  GtkMultiSelection    *selection;   /* owned: several rows for bulk actions */
  McCalendar           *calendar;    /* owned */
  GHashTable           *procedures;  /* owned: procedure id → name */
  GHashTable           *departments; /* owned: department id → name */
  GHashTable           *users;       /* owned: user id → full name */
  McCacheQuery         *base_query;  /* owned, nullable: the queue's */
  /* How many rows the queue holds without a search, while known: a search
   * cleared shows them again without counting a million rows. */
  guint                 base_n;
  gboolean              base_n_known;
  char                 *search_text; /* owned, nullable: folded later by core */
  gboolean              sort_set_by_user;
  gboolean              setting_sort;
  /* Searches are counted on a worker with a connection of its own. */
  McCache              *count_cache; /* owned, nullable */
  guint                 base_count_id;
  GCancellable         *cancellable; /* owned */
  McCacheQuery         *pending;     /* owned, nullable: the next search to count */
  guint                 generation;  /* of the query last asked for */
  gboolean              searching;
  gboolean              has_selection;
  char                 *selected_id; /* owned, nullable */

  /* template children */
  GtkSearchEntry       *search_entry;
  GtkButton            *save_search_button;
  GtkDropDown          *sort_dropdown;
  GtkStack             *content_stack;
  AdwStatusPage        *empty_page;
  GtkScrolledWindow    *scrolled_window;
  GtkColumnView        *column_view;
  GtkColumnViewColumn  *code_column;
  GtkColumnViewColumn  *applicant_column;
  GtkColumnViewColumn  *procedure_column;
  GtkColumnViewColumn  *department_column;
  GtkColumnViewColumn  *received_column;
  GtkColumnViewColumn  *due_column;
  GtkColumnViewColumn  *time_left_column;
  GtkColumnViewColumn  *status_column;
};

G_DEFINE_FINAL_TYPE (McDossierView, mc_dossier_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SELECTED_DOSSIER_ID,
  PROP_SEARCHING,
  PROP_HAS_SELECTION,
  N_PROPS
};

enum {
  SIGNAL_ACTIVATE_DOSSIER,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The row at @position: the view's items are slots (see McRowSlots), the
 * list's the rows. */
static McDossierRow *
dup_row (McDossierView *self,
         guint          position)
{
  if (self->list == NULL)
    return NULL;
  return g_list_model_get_item (G_LIST_MODEL (self->list), position);
}

/* Whatever selection model the view carries (one row or many), the detail
 * follows a selection of exactly one row; bulk actions, any selection. */
static void
update_selected_id (McDossierView *self)
{
  GtkSelectionModel *model = GTK_SELECTION_MODEL (self->selection);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (model);
  g_autoptr(McDossierRow) row = NULL;
  const char *id = NULL;
  gboolean has_selection = selected != NULL && !gtk_bitset_is_empty (selected);

  if (has_selection != self->has_selection)
    {
      self->has_selection = has_selection;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_SELECTION]);
    }
  if (selected != NULL && gtk_bitset_get_size (selected) == 1)
    {
      row = dup_row (self, gtk_bitset_get_nth (selected, 0));
      if (row != NULL)
        id = mc_dossier_row_get_id (row);
    }
  if (g_strcmp0 (id, self->selected_id) == 0)
    return;
  g_free (self->selected_id);
  self->selected_id = g_strdup (id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_DOSSIER_ID]);
}

/* Rows given other dossiers in place keep no selection, but for the one
 * selected dossier still there. */
static void
rows_replaced_cb (McDossierView *self,
                  guint          position,
                  guint          n_items)
{
  GtkSelectionModel *model = GTK_SELECTION_MODEL (self->selection);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection_in_range (model, position, n_items);

  if (gtk_bitset_is_empty (selected))
    return;
  if (gtk_bitset_get_size (selected) == 1 && self->selected_id != NULL)
    {
      g_autoptr(McDossierRow) row = dup_row (self, gtk_bitset_get_nth (selected, 0));

      if (row != NULL && g_strcmp0 (mc_dossier_row_get_id (row), self->selected_id) == 0)
        return;
    }
  gtk_selection_model_unselect_range (model, position, n_items);
}

static void
activate_cb (McDossierView *self,
             guint          position)
{
  g_autoptr(McDossierRow) row = dup_row (self, position);

  if (row != NULL)
    g_signal_emit (self, signals[SIGNAL_ACTIVATE_DOSSIER], 0, mc_dossier_row_get_id (row));
}

static void
mc_dossier_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  McDossierView *self = MC_DOSSIER_VIEW (object);

  switch (prop_id)
    {
    case PROP_SELECTED_DOSSIER_ID:
      g_value_set_string (value, self->selected_id);
      break;
    case PROP_HAS_SELECTION:
      g_value_set_boolean (value, self->has_selection);
      break;
    case PROP_SEARCHING:
      g_value_set_boolean (value, self->searching);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

const char *
mc_dossier_view_get_selected_dossier_id (McDossierView *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_VIEW (self), NULL);
  return self->selected_id;
}

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

/* The names the list shows for the ids a row holds. */
static void
load_catalogues (McDossierView *self)
{
  g_autoptr(GPtrArray) procedures = NULL;
  g_autoptr(GPtrArray) departments = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;

  g_hash_table_remove_all (self->procedures);
  g_hash_table_remove_all (self->departments);
  g_hash_table_remove_all (self->users);
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

  departments = mc_cache_list_departments (self->cache, &error);
  if (departments == NULL)
    {
      g_warning ("Could not read the cached departments: %s", error->message);
      return;
    }
  for (guint i = 0; i < departments->len; i++)
    {
      McDepartment *department = g_ptr_array_index (departments, i);

      g_hash_table_insert (self->departments, g_strdup (mc_department_get_id (department)),
                           g_strdup (mc_department_get_name (department)));
    }

  users = mc_cache_list_users (self->cache, &error);
  if (users == NULL)
    {
      g_warning ("Could not read the cached users: %s", error->message);
      return;
    }
  for (guint i = 0; i < users->len; i++)
    {
      McUser *user = g_ptr_array_index (users, i);

      g_hash_table_insert (self->users, g_strdup (mc_user_get_id (user)),
                           g_strdup (mc_user_get_full_name (user)));
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

/* Factories: widgets are made in setup, bind only sets their text.
 *
 * The cells are McCells, not labels: a cell's size does not depend on its
 * text, so binding a row costs no text layout, and only the rows on screen
 * are ever shaped. GTK 4.8 keeps 200 rows of widgets around the visible
 * ones; with labels, every new set of rows (a jump, a search) measured all
 * 1,600 cells. */

static GtkWidget *
new_cell_text (void)
{
  GtkWidget *cell = mc_cell_new ();

  gtk_widget_set_hexpand (cell, TRUE);
  return cell;
}

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  gtk_list_item_set_child (item, new_cell_text ());
}

static void
setup_numeric_label_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *item,
                        gpointer                  user_data)
{
  setup_label_cb (factory, item, user_data);
  mc_cell_set_numeric (MC_CELL (gtk_list_item_get_child (item)), TRUE);
}

static McDossierRow *
row_of (GtkListItem *item)
{
  return mc_row_slot_get_item (gtk_list_item_get_item (item));
}

static void
set_label (GtkListItem *item,
           const char  *text)
{
  mc_cell_set_text (MC_CELL (gtk_list_item_get_child (item)), text);
}

static void
show_code_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  McDossierRow *row = row_of (item);
  const char *code = mc_dossier_row_get_code (row);

  /* Online submissions get their code on reception. */
  set_label (item, code != NULL && *code != '\0' ? code : _("(not yet received)"));
}

static void
show_applicant_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  set_label (item, mc_dossier_row_get_applicant_name (row_of (item)));
}

static void
show_procedure_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  McDossierView *self = user_data;
  const char *id = mc_dossier_row_get_procedure_id (row_of (item));
  const char *name = id != NULL ? g_hash_table_lookup (self->procedures, id) : NULL;

  set_label (item, name != NULL ? name : id);
}

static void
show_department_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  McDossierView *self = user_data;
  McDossierRow *row = row_of (item);
  const char *department_id = mc_dossier_row_get_department_id (row);
  const char *assignee_id = mc_dossier_row_get_assignee_id (row);
  const char *department = department_id != NULL ? g_hash_table_lookup (self->departments, department_id) : NULL;
  const char *assignee = assignee_id != NULL ? g_hash_table_lookup (self->users, assignee_id) : NULL;

  if (department == NULL)
    department = department_id;
  if (assignee == NULL)
    assignee = assignee_id;
  if (department != NULL && assignee != NULL)
    {
      /* Translators: a department, then the officer handling the dossier there. */
      g_autofree char *text = g_strdup_printf (_("%s · %s"), department, assignee);

      set_label (item, text);
    }
  else
    set_label (item, department != NULL ? department : assignee);
}

static void
set_time_label (GtkListItem *item,
                gint64       t)
{
  g_autofree char *text = t != MC_TIME_NONE ? mc_time_format_display (t) : g_strdup ("—");

  set_label (item, text);
}

static void
show_received_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  set_time_label (item, mc_dossier_row_get_received_at (row_of (item)));
}

static void
show_due_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  set_time_label (item, mc_dossier_row_get_due_at (row_of (item)));
}

static void
show_status_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  set_label (item, mc_status_get_label (mc_dossier_row_get_status (row_of (item))));
}

static void
show_time_left_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  McDossierView *self = user_data;
  McDossierRow *row = row_of (item);
  GtkWidget *cell = gtk_list_item_get_child (item);
  const char *icon_name = NULL;
  g_autofree char *text = NULL;

  text = mc_dossier_view_describe_time_left (self->calendar, mc_dossier_row_get_status (row),
                                             mc_dossier_row_get_due_at (row), mc_time_now (),
                                             &icon_name);
  mc_cell_set_text (MC_CELL (cell), text);
  mc_cell_set_icon_name (MC_CELL (cell), icon_name);
  /* The colour repeats what the icon and the words already say. */
  if (icon_name != NULL && g_str_equal (icon_name, "dialog-warning-symbolic"))
    gtk_widget_add_css_class (cell, "error");
  else
    gtk_widget_remove_css_class (cell, "error");
  if (icon_name != NULL && g_str_equal (icon_name, "alarm-symbolic"))
    gtk_widget_add_css_class (cell, "warning");
  else
    gtk_widget_remove_css_class (cell, "warning");
}

typedef void (*ShowFunc) (GtkSignalListItemFactory *factory,
                          GtkListItem              *item,
                          gpointer                  user_data);

static GQuark show_quark;

/* A slot took another row in place: the cell shows it, in the widgets it
 * has. */
static void
slot_item_changed_cb (McRowSlot   *slot,
                      GParamSpec  *pspec,
                      GtkListItem *item)
{
  GtkWidget *child = gtk_list_item_get_child (item);
  ShowFunc show = g_object_get_qdata (G_OBJECT (child), show_quark);
  GtkWidget *view = gtk_widget_get_ancestor (child, MC_TYPE_DOSSIER_VIEW);

  if (view != NULL && mc_row_slot_get_item (slot) != NULL)
    show (NULL, item, view);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         McDossierView            *self)
{
  ShowFunc show = g_object_get_qdata (G_OBJECT (factory), show_quark);

  g_object_set_qdata (G_OBJECT (gtk_list_item_get_child (item)), show_quark, show);
  if (row_of (item) != NULL)
    show (factory, item, self);
  g_signal_connect_object (gtk_list_item_get_item (item), "notify::item",
                           G_CALLBACK (slot_item_changed_cb), item, 0);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           McDossierView            *self)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), slot_item_changed_cb, item);
}

static void
set_factory (McDossierView       *self,
             GtkColumnViewColumn *column,
             GCallback            setup,
             ShowFunc             show)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_object_set_qdata (G_OBJECT (factory), show_quark, show);
  g_signal_connect (factory, "setup", setup, self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), self);
  gtk_column_view_column_set_factory (column, factory);
}

static void
update_empty_state (McDossierView *self)
{
  guint n = self->list != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->list)) : 0;

  if (n > 0 || self->list == NULL)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "list");
      return;
    }
  if (self->search_text != NULL)
    {
      g_autofree char *description =
        g_strdup_printf (_("No dossier in this queue matches “%s”. Check the spelling, type fewer "
                           "words, or search in another queue."), self->search_text);

      adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Results Found"));
      adw_status_page_set_description (self->empty_page, description);
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, "folder-documents-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Dossiers Here"));
      adw_status_page_set_description (self->empty_page, _("This queue is empty for now."));
    }
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
}

static void
items_changed_cb (McDossierView *self)
{
  update_empty_state (self);
}

static McCacheSort
sort_from_dropdown (McDossierView *self)
{
  switch (gtk_drop_down_get_selected (self->sort_dropdown))
    {
    case 1:
      return MC_CACHE_SORT_DUE_ASC;
    case 2:
      return MC_CACHE_SORT_CODE_ASC;
    default:
      return MC_CACHE_SORT_RECEIVED_DESC;
    }
}

static void
show_sort (McDossierView *self,
           McCacheSort    sort)
{
  guint position = sort == MC_CACHE_SORT_DUE_ASC ? 1 : sort == MC_CACHE_SORT_CODE_ASC ? 2 : 0;

  self->setting_sort = TRUE;
  gtk_drop_down_set_selected (self->sort_dropdown, position);
  self->setting_sort = FALSE;
}

/* The list shows the queue's query, narrowed by the search text and in
 * the order the user chose (or the queue's own). */
static McCacheQuery *
build_query (McDossierView *self)
{
  McCacheQuery *query = mc_cache_query_copy (self->base_query);

  if (self->search_text != NULL)
    {
      g_free (query->text);
      query->text = g_strdup (self->search_text);
    }
  if (self->sort_set_by_user)
    query->sort = sort_from_dropdown (self);
  return query;
}

/* Shows @query's rows; @n_items its count when measured already. */
static void
show_query (McDossierView      *self,
            const McCacheQuery *query,
            guint               n_items)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));

  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  /* Another query starts at its top. Scrolled there first, the rows the
   * view keeps are the first ones, which the new query's refill. */
  if (adjustment != NULL)
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
  if (n_items == G_MAXUINT && query->text == NULL && self->base_n_known)
    n_items = self->base_n;
  if (n_items != G_MAXUINT)
    mc_dossier_list_set_query_counted (self->list, query, n_items);
  else
    mc_dossier_list_set_query (self->list, query);
  if (query->text == NULL)
    {
      self->base_n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
      self->base_n_known = TRUE;
    }
  update_empty_state (self);
}

static void
set_searching (McDossierView *self,
               gboolean       searching)
{
  if (self->searching == searching)
    return;
  self->searching = searching;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCHING]);
}

typedef struct {
  McCacheQuery *query;
  guint         generation;
  guint         n_items;
  guint         serial;   /* the list's, when the queue's keys were walked */
  GArray       *anchors;  /* McCacheKey, owned, nullable */
} SearchCount;

static void
search_count_free (gpointer data)
{
  SearchCount *count = data;

  mc_cache_query_free (count->query);
  g_clear_pointer (&count->anchors, g_array_unref);
  g_free (count);
}

static void
search_count_thread (GTask        *task,
                     gpointer      source,
                     gpointer      data,
                     GCancellable *cancellable)
{
  McCache *cache = g_object_get_data (G_OBJECT (task), "cache");
  SearchCount *count = data;
  GError *error = NULL;

  if (!mc_cache_count (cache, count->query, &count->n_items, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* The queue a window opens on: its count, and the keys of its pages'
 * last rows, so that a jump far down the list reads one page, not every
 * key before it (a million rows: 60 ms on the main thread). */
static void
base_count_thread (GTask        *task,
                   gpointer      source,
                   gpointer      data,
                   GCancellable *cancellable)
{
  McCache *cache = g_object_get_data (G_OBJECT (task), "cache");
  SearchCount *count = data;
  GError *error = NULL;

  if (!mc_cache_count (cache, count->query, &count->n_items, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (count->n_items > MC_DOSSIER_LIST_PAGE_SIZE * 8)
    {
      count->anchors = g_array_new (FALSE, FALSE, sizeof (McCacheKey));
      g_array_set_clear_func (count->anchors, (GDestroyNotify) mc_cache_key_clear);
      if (!mc_cache_scan_keys (cache, count->query, NULL, MC_DOSSIER_LIST_PAGE_SIZE, G_MAXUINT,
                               count->anchors, NULL, &error))
        {
          /* The list walks them itself when it needs them. */
          g_debug ("Could not walk the queue's keys: %s", error->message);
          g_clear_error (&error);
          g_clear_pointer (&count->anchors, g_array_unref);
        }
    }
  g_task_return_boolean (task, TRUE);
}

static void count_search (McDossierView *self,
                          McCacheQuery  *query);

/* Counts run on a connection of their own, on a worker. */
static gboolean
ensure_count_cache (McDossierView *self)
{
  g_autoptr(GError) error = NULL;

  if (self->count_cache != NULL)
    return TRUE;
  self->count_cache = mc_cache_open (mc_cache_get_path (self->cache), &error);
  if (self->count_cache == NULL)
    g_warning ("Could not open the cache to count dossiers: %s", error->message);
  return self->count_cache != NULL;
}

/* Counts @query (taken) on the counting connection, on a worker; the
 * list's serial and the view's generation say later whether the answer
 * still applies. */
static void
start_count (McDossierView       *self,
             McCacheQuery        *query,
             GCancellable        *cancellable,
             GTaskThreadFunc      thread,
             GAsyncReadyCallback  callback,
             gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, NULL);
  SearchCount *count = g_new0 (SearchCount, 1);

  count->query = query;
  count->generation = self->generation;
  count->serial = mc_dossier_list_get_serial (self->list);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, count, search_count_free);
  g_object_set_data_full (G_OBJECT (task), "cache", g_object_ref (self->count_cache), g_object_unref);
  g_task_run_in_thread (task, thread);
}

static void
base_counted_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  McDossierView *self = MC_DOSSIER_VIEW (source);
  SearchCount *count = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean counted = g_task_propagate_boolean (G_TASK (result), &error);

  if (count->generation != self->generation || self->list == NULL ||
      mc_dossier_list_get_counted (self->list))
    return;
  if (!counted)
    {
      g_warning ("Could not count the queue: %s", error->message);
      mc_dossier_list_refresh (self->list, NULL);
    }
  else
    {
      mc_dossier_list_set_count (self->list, count->n_items);
      if (count->anchors != NULL)
        mc_dossier_list_take_anchors (self->list, count->query, count->serial, count->anchors);
    }
  if (count->query->text == NULL)
    {
      self->base_n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
      self->base_n_known = TRUE;
    }
  update_empty_state (self);
}

/* The queue a window opens on shows its first rows at once; the count
 * that brings the others comes from a worker after the first frame. */
static gboolean
count_base_cb (gpointer user_data)
{
  McDossierView *self = user_data;

  self->base_count_id = 0;
  if (self->list == NULL || mc_dossier_list_get_counted (self->list))
    return G_SOURCE_REMOVE;
  if (!ensure_count_cache (self))
    {
      mc_dossier_list_refresh (self->list, NULL);
      return G_SOURCE_REMOVE;
    }
  start_count (self, mc_cache_query_copy (mc_dossier_list_get_query (self->list)), NULL,
               base_count_thread, base_counted_cb, count_base_cb);
  return G_SOURCE_REMOVE;
}

static void
search_counted_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  McDossierView *self = MC_DOSSIER_VIEW (source);
  SearchCount *count = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean counted = g_task_propagate_boolean (G_TASK (result), &error);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (self->pending != NULL)
    {
      /* Typed on meanwhile: this count is stale, the newer one goes. */
      count_search (self, g_steal_pointer (&self->pending));
      return;
    }
  set_searching (self, FALSE);
  if (count->generation != self->generation || self->list == NULL)
    return;
  if (!counted)
    g_warning ("Could not count the search: %s", error->message);
  show_query (self, count->query, counted ? count->n_items : G_MAXUINT);
}

/* Takes @query. */
static void
count_search (McDossierView *self,
              McCacheQuery  *query)
{
  if (self->searching)
    {
      g_clear_pointer (&self->pending, mc_cache_query_free);
      self->pending = query;
      return;
    }
  if (!ensure_count_cache (self))
    {
      show_query (self, query, G_MAXUINT);
      mc_cache_query_free (query);
      return;
    }

  set_searching (self, TRUE);
  start_count (self, query, self->cancellable, search_count_thread, search_counted_cb, count_search);
}

/* The list shows the queue's query, narrowed by the search text and in
 * the order the user chose (or the queue's own). A search can match most
 * of a million rows: it is counted off the main thread, the list keeping
 * its rows until the count comes. */
static void
apply_query (McDossierView *self)
{
  g_autoptr(McCacheQuery) query = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->save_search_button), self->search_text != NULL);
  if (self->list == NULL || self->base_query == NULL)
    return;

  query = build_query (self);
  self->generation++;
  if (query->text != NULL)
    {
      count_search (self, g_steal_pointer (&query));
      return;
    }
  g_clear_pointer (&self->pending, mc_cache_query_free);
  show_query (self, query, G_MAXUINT);
}

static void
search_changed_cb (McDossierView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  /* GtkText keeps input-method pre-edit text out of its contents, so an
   * unfinished Telex or VNI syllable never gets here. */
  if (g_strcmp0 (stripped[0] != '\0' ? stripped : NULL, self->search_text) == 0)
    return;
  g_clear_pointer (&self->search_text, g_free);
  g_clear_object (&self->cancellable);
  if (stripped[0] != '\0')
    self->search_text = g_steal_pointer (&stripped);
  apply_query (self);
}

static void
stop_search_cb (McDossierView *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
sort_changed_cb (McDossierView *self)
{
  if (self->setting_sort)
    return;
  self->sort_set_by_user = TRUE;
  apply_query (self);
}

static void
mc_dossier_view_dispose (GObject *object)
{
  McDossierView *self = MC_DOSSIER_VIEW (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->base_count_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_DOSSIER_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->slots);
  g_clear_object (&self->list);
  g_clear_object (&self->cache);
  g_clear_object (&self->count_cache);
  g_clear_object (&self->calendar);
  g_clear_pointer (&self->pending, mc_cache_query_free);

  G_OBJECT_CLASS (mc_dossier_view_parent_class)->dispose (object);
}

static void
mc_dossier_view_finalize (GObject *object)
{
  McDossierView *self = MC_DOSSIER_VIEW (object);

  g_clear_pointer (&self->procedures, g_hash_table_unref);
  g_clear_pointer (&self->departments, g_hash_table_unref);
  g_clear_pointer (&self->users, g_hash_table_unref);
  g_clear_pointer (&self->base_query, mc_cache_query_free);
  g_clear_pointer (&self->search_text, g_free);
  g_clear_pointer (&self->selected_id, g_free);

  G_OBJECT_CLASS (mc_dossier_view_parent_class)->finalize (object);
}

static void
mc_dossier_view_class_init (McDossierViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_dossier_view_dispose;
  object_class->finalize = mc_dossier_view_finalize;
  show_quark = g_quark_from_static_string ("mc-dossier-view-show");
  object_class->get_property = mc_dossier_view_get_property;

  properties[PROP_SELECTED_DOSSIER_ID] =
    g_param_spec_string ("selected-dossier-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCHING] =
    g_param_spec_boolean ("searching", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_SELECTION] =
    g_param_spec_boolean ("has-selection", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  signals[SIGNAL_ACTIVATE_DOSSIER] =
    g_signal_new ("activate-dossier", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  mc_application_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/motcua/Desk/ui/mc-dossier-view.ui");
  gtk_widget_class_bind_template_child (widget_class, McDossierView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, McDossierView, save_search_button);
  gtk_widget_class_bind_template_child (widget_class, McDossierView, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, McDossierView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, McDossierView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, McDossierView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, McDossierView, column_view);
  gtk_widget_class_bind_template_child (widget_class, McDossierView, code_column);
  gtk_widget_class_bind_template_child (widget_class, McDossierView, applicant_column);
  gtk_widget_class_bind_template_child (widget_class, McDossierView, procedure_column);
  gtk_widget_class_bind_template_child (widget_class, McDossierView, department_column);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, sort_changed_cb);
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

  self->cancellable = g_cancellable_new ();
  self->procedures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->departments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_search_button), FALSE);
  /* Typing in the list searches. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->column_view));
  self->calendar = mc_calendar_new ();
  self->slots = mc_row_slots_new ();
  g_signal_connect_object (self->slots, "replaced", G_CALLBACK (rows_replaced_cb),
                           self, G_CONNECT_SWAPPED);
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->slots)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (update_selected_id),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed", G_CALLBACK (update_selected_id),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->column_view, "activate", G_CALLBACK (activate_cb), self);

  set_factory (self, self->code_column, G_CALLBACK (setup_numeric_label_cb), show_code_cb);
  set_factory (self, self->applicant_column, G_CALLBACK (setup_label_cb), show_applicant_cb);
  set_factory (self, self->procedure_column, G_CALLBACK (setup_label_cb), show_procedure_cb);
  set_factory (self, self->department_column, G_CALLBACK (setup_label_cb), show_department_cb);
  set_factory (self, self->received_column, G_CALLBACK (setup_numeric_label_cb), show_received_cb);
  set_factory (self, self->due_column, G_CALLBACK (setup_numeric_label_cb), show_due_cb);
  set_factory (self, self->time_left_column, G_CALLBACK (setup_label_cb), show_time_left_cb);
  set_factory (self, self->status_column, G_CALLBACK (setup_label_cb), show_status_cb);
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
  /* Counts of another cache no longer apply. */
  g_clear_object (&self->count_cache);
  g_clear_pointer (&self->pending, mc_cache_query_free);
  self->generation++;
  load_catalogues (self);
  load_calendar (self);
  if (self->list != NULL)
    g_signal_handlers_disconnect_by_func (self->list, items_changed_cb, self);
  g_clear_object (&self->list);
  g_clear_pointer (&self->base_query, mc_cache_query_free);
  self->base_query = query != NULL ? mc_cache_query_copy (query) : mc_cache_query_new ();
  self->base_n_known = FALSE;
  if (!self->sort_set_by_user)
    show_sort (self, self->base_query->sort);
  if (cache != NULL)
    {
      g_autoptr(McCacheQuery) effective = build_query (self);

      self->list = mc_dossier_list_new (cache, effective);
      g_signal_connect_object (self->list, "items-changed", G_CALLBACK (items_changed_cb),
                               self, G_CONNECT_SWAPPED);
      if (mc_dossier_list_set_query_uncounted (self->list, effective))
        {
          g_clear_handle_id (&self->base_count_id, g_source_remove);
          self->base_count_id = g_idle_add_full (G_PRIORITY_LOW, count_base_cb, self, NULL);
          g_source_set_name_by_id (self->base_count_id, "[motcua] count the queue");
        }
      else if (effective->text == NULL)
        {
          self->base_n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
          self->base_n_known = TRUE;
        }
    }
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  mc_row_slots_set_model (self->slots, G_LIST_MODEL (self->list));
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_search_button), self->search_text != NULL);
  update_empty_state (self);
}

void
mc_dossier_view_set_query (McDossierView      *self,
                           const McCacheQuery *query)
{
  g_return_if_fail (MC_IS_DOSSIER_VIEW (self));
  g_return_if_fail (query != NULL);

  g_clear_pointer (&self->base_query, mc_cache_query_free);
  self->base_query = mc_cache_query_copy (query);
  self->base_n_known = FALSE;
  /* Each queue has its natural order until the user picks one. */
  if (!self->sort_set_by_user)
    show_sort (self, query->sort);
  apply_query (self);
}

void
mc_dossier_view_focus_search (McDossierView *self)
{
  g_return_if_fail (MC_IS_DOSSIER_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

gboolean
mc_dossier_view_get_searching (McDossierView *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_VIEW (self), FALSE);
  return self->searching;
}

const char *
mc_dossier_view_get_search_text (McDossierView *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_VIEW (self), NULL);
  return self->search_text;
}

void
mc_dossier_view_set_search_text (McDossierView *self,
                                 const char    *text)
{
  g_return_if_fail (MC_IS_DOSSIER_VIEW (self));

  /* Replacing the text empties the entry for a moment, which GtkSearchEntry
   * reports at once: that would show the whole queue in between. */
  g_signal_handlers_block_by_func (self->search_entry, search_changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  g_signal_handlers_unblock_by_func (self->search_entry, search_changed_cb, self);
  /* At once, not after the entry's typing delay. */
  search_changed_cb (self);
}

GtkColumnView *
mc_dossier_view_get_column_view (McDossierView *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_VIEW (self), NULL);
  return self->column_view;
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
    load_catalogues (self);
  if (mc_cache_changes_get_calendar_changed (changes))
    load_calendar (self);

  /* Rows change in place (McRowSlots): the officer stays where they were. */
  mc_dossier_list_refresh (self->list, changes);
  /* The queue's count is the list's, or no longer known during a search. */
  if (self->search_text == NULL)
    self->base_n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  else
    self->base_n_known = FALSE;
}

GtkSelectionModel *
mc_dossier_view_get_selection (McDossierView *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_VIEW (self), NULL);
  return GTK_SELECTION_MODEL (self->selection);
}

gboolean
mc_dossier_view_get_has_selection (McDossierView *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_VIEW (self), FALSE);
  return self->has_selection;
}

GPtrArray *
mc_dossier_view_get_selected_rows (McDossierView *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);
  GtkBitsetIter iter;
  guint position;

  g_return_val_if_fail (MC_IS_DOSSIER_VIEW (self), rows);

  if (self->list == NULL)
    return rows;
  /* Only the selected rows are read, whatever the size of the list. */
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      McDossierRow *row = g_list_model_get_item (G_LIST_MODEL (self->list), position);

      if (row != NULL)
        g_ptr_array_add (rows, row);
    }
  return rows;
}

void
mc_dossier_view_select (McDossierView *self,
                        guint          position)
{
  GtkWidget *child;

  g_return_if_fail (MC_IS_DOSSIER_VIEW (self));

  if (self->list == NULL || position >= g_list_model_get_n_items (G_LIST_MODEL (self->list)))
    return;
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
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
  g_autoptr(GtkBitset) selected = NULL;

  g_return_val_if_fail (MC_IS_DOSSIER_VIEW (self), GTK_INVALID_LIST_POSITION);

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  /* One row, or none as far as this asks. */
  if (gtk_bitset_get_size (selected) != 1)
    return GTK_INVALID_LIST_POSITION;
  return gtk_bitset_get_nth (selected, 0);
}
