/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * McCell, the text of the dossier list's cells: one line high whatever
 * its text, no width of its own, drawn cut to its column.
 */
#include "config.h"

#include <adwaita.h>

#include "mc-cell.h"
#include "mc-test.h"
#include "mc-test-ui.h"

static int
measure (GtkWidget      *widget,
         GtkOrientation  orientation,
         int            *baseline)
{
  int minimum, natural, natural_baseline;

  gtk_widget_measure (widget, orientation, -1, &minimum, &natural, baseline, &natural_baseline);
  g_assert_cmpint (minimum, ==, natural);
  return natural;
}

static void
test_cell (void)
{
  GtkWidget *window, *box, *cell, *label, *other;
  PangoLayout *layout;
  int line_height, baseline, label_height, width, height;

  if (!mc_test_have_display ())
    {
      g_test_skip ("no display");
      return;
    }

  window = gtk_window_new ();
  g_object_ref_sink (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 200, 80);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  cell = mc_cell_new ();
  other = mc_cell_new ();
  label = gtk_label_new ("Đặng Văn Đức");
  gtk_box_append (GTK_BOX (box), cell);
  gtk_box_append (GTK_BOX (box), other);
  gtk_box_append (GTK_BOX (box), label);
  gtk_window_set_child (GTK_WINDOW (window), box);

  /* The height of a line of its font, the same as a label's, whatever
   * the text: none, a short one, a long one. */
  line_height = measure (cell, GTK_ORIENTATION_VERTICAL, &baseline);
  label_height = measure (label, GTK_ORIENTATION_VERTICAL, NULL);
  g_assert_cmpint (line_height, >, 0);
  g_assert_cmpint (ABS (line_height - label_height), <=, 1);
  g_assert_cmpint (baseline, >, 0);
  g_assert_cmpint (baseline, <, line_height);
  mc_cell_set_text (MC_CELL (cell), "000.00.01.H56-261121-0001");
  g_assert_cmpint (measure (cell, GTK_ORIENTATION_VERTICAL, NULL), ==, line_height);
  g_assert_cmpint (measure (other, GTK_ORIENTATION_VERTICAL, NULL), ==, line_height);
  mc_cell_set_text (MC_CELL (cell), "Cấp giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất");
  g_assert_cmpstr (mc_cell_get_text (MC_CELL (cell)), ==,
                   "Cấp giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất");
  g_assert_cmpint (measure (cell, GTK_ORIENTATION_VERTICAL, NULL), ==, line_height);
  /* No width of its own: the column gives it one. */
  g_assert_cmpint (measure (cell, GTK_ORIENTATION_HORIZONTAL, NULL), ==, 0);

  /* Drawn, the long text is cut to the cell's width with an ellipsis. */
  mc_cell_set_numeric (MC_CELL (other), TRUE);
  mc_cell_set_text (MC_CELL (other), "21/11/2026 08:30");
  gtk_window_present (GTK_WINDOW (window));
  mc_test_wait_until_mapped (window);
  mc_test_save_snapshot (window, "test-cell.png");
  width = gtk_widget_get_width (cell);
  height = gtk_widget_get_height (cell);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, ==, line_height);
  layout = gtk_widget_create_pango_layout (cell, mc_cell_get_text (MC_CELL (cell)));
  g_assert_true (pango_layout_get_width (layout) == -1);
  {
    int text_width;

    pango_layout_get_pixel_size (layout, &text_width, NULL);
    g_assert_cmpint (text_width, >, width);
  }
  g_object_unref (layout);

  /* Cleared, it stays one line high and draws nothing. */
  mc_cell_set_text (MC_CELL (cell), NULL);
  g_assert_null (mc_cell_get_text (MC_CELL (cell)));
  g_assert_cmpint (measure (cell, GTK_ORIENTATION_VERTICAL, NULL), ==, line_height);
  mc_test_save_snapshot (window, "test-cell-cleared.png");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* The leftmost column of @texture with an opaque pixel (the cell itself
 * draws no background), and whether one such pixel is reddish. */
static int
first_drawn_column (GdkTexture *texture,
                    gboolean   *reddish)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guint8 *data = g_malloc (width * height * 4);
  int first = -1;

  gdk_texture_download (texture, data, width * 4);
  *reddish = FALSE;
  for (int x = 0; x < width; x++)
    for (int y = 0; y < height; y++)
      {
        /* Cairo's ARGB32: B, G, R, A in memory on little-endian. */
        const guint8 *p = data + (y * width + x) * 4;

        if (p[3] < 128)
          continue;
        if (first < 0)
          first = x;
        if (p[2] > p[1] + 60 && p[2] > p[0] + 60)
          *reddish = TRUE;
      }
  return first;
}

/* With an icon: the icon first, in the colour of the cell's style class,
 * the text after it; the same height. */
static void
test_cell_icon (void)
{
  GtkWidget *window, *box, *plain, *marked;
  g_autoptr(GdkTexture) plain_texture = NULL;
  g_autoptr(GdkTexture) marked_texture = NULL;
  gboolean reddish;
  int plain_start, icon_start, line_height;

  if (!mc_test_have_display ())
    {
      g_test_skip ("no display");
      return;
    }

  window = gtk_window_new ();
  g_object_ref_sink (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 240, 60);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  plain = mc_cell_new ();
  marked = mc_cell_new ();
  gtk_box_append (GTK_BOX (box), plain);
  gtk_box_append (GTK_BOX (box), marked);
  gtk_window_set_child (GTK_WINDOW (window), box);
  mc_cell_set_text (MC_CELL (plain), "Quá hạn 3 ngày làm việc");
  mc_cell_set_text (MC_CELL (marked), "Quá hạn 3 ngày làm việc");
  line_height = measure (marked, GTK_ORIENTATION_VERTICAL, NULL);
  mc_cell_set_icon_name (MC_CELL (marked), "dialog-warning-symbolic");
  gtk_widget_add_css_class (marked, "error");
  g_assert_cmpstr (mc_cell_get_icon_name (MC_CELL (marked)), ==, "dialog-warning-symbolic");
  g_assert_cmpint (measure (marked, GTK_ORIENTATION_VERTICAL, NULL), ==, MAX (line_height, 16));

  gtk_window_present (GTK_WINDOW (window));
  mc_test_wait_until_mapped (window);
  mc_test_save_snapshot (window, "test-cell-icon.png");
  plain_texture = mc_test_render (plain);
  marked_texture = mc_test_render (marked);
  plain_start = first_drawn_column (plain_texture, &reddish);
  g_assert_false (reddish);
  icon_start = first_drawn_column (marked_texture, &reddish);
  g_assert_true (reddish);
  g_assert_cmpint (plain_start, >=, 0);
  g_assert_cmpint (icon_start, >=, 0);
  g_assert_cmpint (icon_start, <, 16);

  /* Without it again, the text starts where the plain one does. */
  mc_cell_set_icon_name (MC_CELL (marked), NULL);
  gtk_widget_remove_css_class (marked, "error");
  g_assert_null (mc_cell_get_icon_name (MC_CELL (marked)));
  g_clear_object (&marked_texture);
  marked_texture = mc_test_render (marked);
  g_assert_cmpint (first_drawn_column (marked_texture, &reddish), ==, plain_start);
  g_assert_false (reddish);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

int
main (int    argc,
      char **argv)
{
  mc_test_init_ui (&argc, &argv);
  if (mc_test_have_display ())
    adw_init ();

  g_test_add_func ("/ui/cell", test_cell);
  g_test_add_func ("/ui/cell/icon", test_cell_icon);

  return g_test_run ();
}
