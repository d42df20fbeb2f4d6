/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mc-application.h"
#include "mc-queue-row.h"

struct _McQueueRow
{
  GtkListBoxRow  parent_instance;

  char          *title;   /* owned */
  McCacheQuery  *query;   /* owned */
  guint          count;

  /* template children */
  GtkLabel      *title_label;
  GtkLabel      *count_label;
  GtkButton     *remove_button;
};

G_DEFINE_FINAL_TYPE (McQueueRow, mc_queue_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Vietnamese groups thousands with a dot: 12.345. */
static char *
format_count (guint count)
{
  g_autofree char *digits = g_strdup_printf ("%u", count);
  GString *out = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, '.');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

static void
mc_queue_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  McQueueRow *self = MC_QUEUE_ROW (object);

  switch (prop_id)
    {
    case PROP_COUNT:
      g_value_set_uint (value, self->count);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_queue_row_finalize (GObject *object)
{
  McQueueRow *self = MC_QUEUE_ROW (object);

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->query, mc_cache_query_free);

  G_OBJECT_CLASS (mc_queue_row_parent_class)->finalize (object);
}

static void
remove_clicked_cb (McQueueRow *self)
{
  g_signal_emit (self, signals[REMOVE], 0);
}

static void
mc_queue_row_class_init (McQueueRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = mc_queue_row_get_property;
  object_class->finalize = mc_queue_row_finalize;

  properties[PROP_COUNT] =
    g_param_spec_uint ("count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  mc_application_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/motcua/Desk/ui/mc-queue-row.ui");
  gtk_widget_class_bind_template_child (widget_class, McQueueRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, McQueueRow, count_label);
  gtk_widget_class_bind_template_child (widget_class, McQueueRow, remove_button);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);

  /**
   * McQueueRow::remove:
   *
   * The user asked to remove this (saved search) row.
   */
  signals[REMOVE] =
    g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
mc_queue_row_init (McQueueRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_label_set_label (self->count_label, "0");
}

McQueueRow *
mc_queue_row_new (const char         *title,
                  const McCacheQuery *query)
{
  McQueueRow *self;

  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (query != NULL, NULL);

  self = g_object_new (MC_TYPE_QUEUE_ROW, NULL);
  self->title = g_strdup (title);
  self->query = mc_cache_query_copy (query);
  gtk_label_set_label (self->title_label, title);
  return self;
}

const char *
mc_queue_row_get_title (McQueueRow *self)
{
  g_return_val_if_fail (MC_IS_QUEUE_ROW (self), NULL);
  return self->title;
}

const McCacheQuery *
mc_queue_row_get_query (McQueueRow *self)
{
  g_return_val_if_fail (MC_IS_QUEUE_ROW (self), NULL);
  return self->query;
}

void
mc_queue_row_set_query (McQueueRow         *self,
                        const McCacheQuery *query)
{
  g_return_if_fail (MC_IS_QUEUE_ROW (self));
  g_return_if_fail (query != NULL);

  g_clear_pointer (&self->query, mc_cache_query_free);
  self->query = mc_cache_query_copy (query);
}

guint
mc_queue_row_get_count (McQueueRow *self)
{
  g_return_val_if_fail (MC_IS_QUEUE_ROW (self), 0);
  return self->count;
}

void
mc_queue_row_set_count (McQueueRow *self,
                        guint       count)
{
  g_autofree char *text = NULL;

  g_return_if_fail (MC_IS_QUEUE_ROW (self));

  if (self->count == count)
    return;
  self->count = count;
  text = format_count (count);
  gtk_label_set_label (self->count_label, text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
}

void
mc_queue_row_set_removable (McQueueRow *self,
                            gboolean    removable)
{
  g_autofree char *label = NULL;

  g_return_if_fail (MC_IS_QUEUE_ROW (self));

  gtk_widget_set_visible (GTK_WIDGET (self->remove_button), removable);
  /* Translators: the button that removes a saved search from the sidebar. */
  label = g_strdup_printf (_("Remove “%s”"), self->title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->remove_button), label);
}
