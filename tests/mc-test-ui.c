/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mc-test-ui.h"

gboolean
mc_test_have_display (void)
{
  return g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL;
}

GdkTexture *
mc_test_render (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  g_assert_cmpint (width, >, 0);
  /* A widget drawn nothing yet (a slow sanitizer build, a window just
   * shown) has no render node: let frames pass until it has one. */
  while (node == NULL && g_get_monotonic_time () < end)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node == NULL)
        {
          gtk_widget_queue_draw (widget);
          g_main_context_iteration (NULL, FALSE);
          g_usleep (10000);
        }
    }
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

void
mc_test_save_snapshot (GtkWidget  *widget,
                       const char *name)
{
  g_autoptr(GdkTexture) texture = mc_test_render (widget);
  g_autofree char *path = NULL;

  /* Kept as a test artifact beside the test binary. */
  path = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".", name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("snapshot: %s", path);
}

static gboolean
tick (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until the widget is on screen, waking every 20 ms so
 * that a window that never maps fails the test instead of hanging it. */
void
mc_test_wait_until_mapped (GtkWidget *widget)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  guint ticker = g_timeout_add (20, tick, NULL);

  while ((!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) == 0) &&
         g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  /* A few more frames so that layout settles. */
  for (int i = 0; i < 10; i++)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (ticker);
  g_assert_true (gtk_widget_get_mapped (widget));
}

gpointer
mc_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not owned */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

typedef gboolean (*WidgetTest) (GtkWidget *widget, gconstpointer data);

static GtkWidget *
find_first (GtkWidget     *widget,
            WidgetTest     test,
            gconstpointer  data)
{
  if (test (widget, data))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_first (child, test, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data));
}

static gboolean
has_action (GtkWidget     *widget,
            gconstpointer  data)
{
  return GTK_IS_ACTIONABLE (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), data) == 0;
}

GtkWidget *
mc_test_find_descendant (GtkWidget *widget,
                         GType      type)
{
  return find_first (widget, is_of_type, GSIZE_TO_POINTER (type));
}

GtkWidget *
mc_test_find_actionable (GtkWidget  *widget,
                         const char *action_name)
{
  return find_first (widget, has_action, action_name);
}
