/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mc-cell.h"

struct _McCell
{
  GtkWidget    parent_instance;

  char        *text;      /* owned */
  PangoLayout *layout;    /* owned, nullable: made when first drawn */
  const char  *icon_name; /* interned, nullable */
  GdkPaintable *icon;     /* owned, nullable: looked up when first drawn */
  int          icon_scale; /* the scale it was looked up for */
  gboolean     numeric;
};

/* A symbolic icon before the text, as a GtkImage in a box would put it,
 * without the two widgets per row. */
#define ICON_SIZE 16
#define ICON_SPACING 6

G_DEFINE_FINAL_TYPE (McCell, mc_cell, GTK_TYPE_WIDGET)

/* The height of a line and its baseline, per font and resolution. Cells
 * live on the main thread only, and a window uses a font or two. */
typedef struct {
  PangoFontDescription *font;
  double                resolution;
  int                   ascent;
  int                   descent;
} LineMetrics;

static GArray *line_metrics_cache;

static const LineMetrics *
get_line_metrics (McCell *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  const PangoFontDescription *font = pango_context_get_font_description (context);
  double resolution = pango_cairo_context_get_resolution (context);
  PangoFontMetrics *metrics;
  LineMetrics entry;

  if (line_metrics_cache == NULL)
    line_metrics_cache = g_array_new (FALSE, FALSE, sizeof (LineMetrics));
  for (guint i = 0; i < line_metrics_cache->len; i++)
    {
      const LineMetrics *m = &g_array_index (line_metrics_cache, LineMetrics, i);

      if (m->resolution == resolution && pango_font_description_equal (m->font, font))
        return m;
    }

  metrics = pango_context_get_metrics (context, NULL, NULL);
  entry.font = pango_font_description_copy (font);
  entry.resolution = resolution;
  entry.ascent = pango_font_metrics_get_ascent (metrics);
  entry.descent = pango_font_metrics_get_descent (metrics);
  pango_font_metrics_unref (metrics);
  g_array_append_val (line_metrics_cache, entry);
  return &g_array_index (line_metrics_cache, LineMetrics, line_metrics_cache->len - 1);
}

static void
mc_cell_measure (GtkWidget      *widget,
                 GtkOrientation  orientation,
                 int             for_size,
                 int            *minimum,
                 int            *natural,
                 int            *minimum_baseline,
                 int            *natural_baseline)
{
  const LineMetrics *m;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = *natural = 0;
      return;
    }
  m = get_line_metrics (MC_CELL (widget));
  *minimum = *natural = MAX (PANGO_PIXELS_CEIL (m->ascent + m->descent), ICON_SIZE);
  *minimum_baseline = *natural_baseline = PANGO_PIXELS_CEIL (m->ascent);
}

static void
update_attributes (McCell *self)
{
  g_autoptr(PangoAttrList) attrs = NULL;

  if (self->layout == NULL)
    return;
  if (self->numeric)
    {
      attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
    }
  pango_layout_set_attributes (self->layout, attrs);
}

/* The width left to the text. */
static int
text_width (McCell *self,
            int     width)
{
  return self->icon_name != NULL ? MAX (0, width - ICON_SIZE - ICON_SPACING) : width;
}

static void
mc_cell_size_allocate (GtkWidget *widget,
                       int        width,
                       int        height,
                       int        baseline)
{
  McCell *self = MC_CELL (widget);

  if (self->layout != NULL)
    pango_layout_set_width (self->layout, text_width (self, width) * PANGO_SCALE);
}

static void
snapshot_icon (McCell      *self,
               GtkSnapshot *snapshot,
               float        x,
               int          height)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GdkRGBA color;

  if (self->icon == NULL || self->icon_scale != gtk_widget_get_scale_factor (widget))
    {
      GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));

      g_clear_object (&self->icon);
      self->icon_scale = gtk_widget_get_scale_factor (widget);
      self->icon = GDK_PAINTABLE (gtk_icon_theme_lookup_icon (theme, self->icon_name, NULL, ICON_SIZE,
                                                              self->icon_scale,
                                                              gtk_widget_get_direction (widget), 0));
    }
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, floor ((height - ICON_SIZE) / 2.0)));
  /* In the text's colour, as GtkImage draws a symbolic icon. */
  gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (self->icon), snapshot,
                                            ICON_SIZE, ICON_SIZE, &color, 1);
  gtk_snapshot_restore (snapshot);
}

static void
mc_cell_snapshot (GtkWidget   *widget,
                  GtkSnapshot *snapshot)
{
  McCell *self = MC_CELL (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int baseline = gtk_widget_get_allocated_baseline (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  PangoRectangle logical;
  float x = 0, y;

  if (self->icon_name != NULL)
    {
      snapshot_icon (self, snapshot, rtl ? width - ICON_SIZE : 0, height);
      if (!rtl)
        x = ICON_SIZE + ICON_SPACING;
    }
  if (self->text == NULL || *self->text == '\0')
    return;

  if (self->layout == NULL)
    {
      self->layout = gtk_widget_create_pango_layout (widget, self->text);
      pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_width (self->layout, text_width (self, width) * PANGO_SCALE);
      pango_layout_set_alignment (self->layout,
                                  gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL
                                  ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
      update_attributes (self);
    }

  /* On the row's baseline when there is one, otherwise centred. */
  if (baseline != -1)
    y = baseline - pango_layout_get_baseline (self->layout) / PANGO_SCALE;
  else
    {
      pango_layout_get_pixel_extents (self->layout, NULL, &logical);
      y = MAX (0, floor ((height - logical.height) / 2.0));
    }

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (x, 0, text_width (self, width), height));
  gtk_snapshot_render_layout (snapshot, gtk_widget_get_style_context (widget), x, y, self->layout);
  gtk_snapshot_pop (snapshot);
}

static void
mc_cell_direction_changed (GtkWidget        *widget,
                           GtkTextDirection  previous)
{
  McCell *self = MC_CELL (widget);

  GTK_WIDGET_CLASS (mc_cell_parent_class)->direction_changed (widget, previous);
  g_clear_object (&self->layout);
  g_clear_object (&self->icon);
  gtk_widget_queue_draw (widget);
}

static void
mc_cell_finalize (GObject *object)
{
  McCell *self = MC_CELL (object);

  g_clear_object (&self->layout);
  g_clear_object (&self->icon);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (mc_cell_parent_class)->finalize (object);
}

static void
mc_cell_class_init (McCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = mc_cell_finalize;
  widget_class->measure = mc_cell_measure;
  widget_class->size_allocate = mc_cell_size_allocate;
  widget_class->snapshot = mc_cell_snapshot;
  widget_class->direction_changed = mc_cell_direction_changed;
  /* Styled and read out as a label. */
  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
mc_cell_init (McCell *self)
{
}

GtkWidget *
mc_cell_new (void)
{
  return g_object_new (MC_TYPE_CELL, NULL);
}

void
mc_cell_set_text (McCell     *self,
                  const char *text)
{
  g_return_if_fail (MC_IS_CELL (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  if (self->layout != NULL)
    pango_layout_set_text (self->layout, text != NULL ? text : "", -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  text != NULL ? text : "", -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
mc_cell_get_text (McCell *self)
{
  g_return_val_if_fail (MC_IS_CELL (self), NULL);
  return self->text;
}

void
mc_cell_set_numeric (McCell   *self,
                     gboolean  numeric)
{
  g_return_if_fail (MC_IS_CELL (self));

  numeric = !!numeric;
  if (self->numeric == numeric)
    return;
  self->numeric = numeric;
  update_attributes (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
mc_cell_set_icon_name (McCell     *self,
                       const char *icon_name)
{
  g_return_if_fail (MC_IS_CELL (self));

  icon_name = g_intern_string (icon_name);
  if (self->icon_name == icon_name)
    return;
  self->icon_name = icon_name;
  g_clear_object (&self->icon);
  if (self->layout != NULL)
    pango_layout_set_width (self->layout, text_width (self, gtk_widget_get_width (GTK_WIDGET (self))) * PANGO_SCALE);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
mc_cell_get_icon_name (McCell *self)
{
  g_return_val_if_fail (MC_IS_CELL (self), NULL);
  return self->icon_name;
}
