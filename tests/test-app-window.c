/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "mc-application.h"
#include "mc-test.h"
#include "mc-test-ui.h"
#include "mc-window.h"

static void
test_window (void)
{
  McWindow *window;
  GtkWidget *status_page;
  GtkMenuButton *menu_button;

  if (!mc_test_have_display ())
    {
      g_test_skip ("no display");
      return;
    }

  /* What GtkApplication does for its resource base path. */
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/vn/motcua/Desk/icons");
  window = g_object_new (MC_TYPE_WINDOW, NULL);
  g_object_ref_sink (window);
  gtk_window_present (GTK_WINDOW (window));
  mc_test_wait_until_mapped (GTK_WIDGET (window));

  status_page = gtk_widget_get_first_child (GTK_WIDGET (window));
  g_assert_nonnull (status_page);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Một Cửa Desk");
  mc_test_save_snapshot (GTK_WIDGET (window), "test-app-window.png");

  /* The primary menu is made when first opened, from the window's menu. */
  menu_button = GTK_MENU_BUTTON (mc_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON));
  g_assert_nonnull (menu_button);
  g_assert_null (gtk_menu_button_get_popover (menu_button));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (menu_button)));
  gtk_menu_button_popup (menu_button);
  g_assert_true (GTK_IS_POPOVER_MENU (gtk_menu_button_get_popover (menu_button)));
  g_assert_cmpint (g_menu_model_get_n_items (gtk_menu_button_get_menu_model (menu_button)), >, 0);
  gtk_menu_button_popdown (menu_button);

  /* So is the progress page, when a start first needs it. */
  g_assert_cmpstr (mc_window_get_page (window), ==, "queues");
  mc_window_show_progress (window, "Opening", "Reading");
  g_assert_cmpstr (mc_window_get_page (window), ==, "starting");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* The shortcuts window is made when asked for, once, and goes with the
 * window it belongs to. */
static void
test_shortcuts_window (void)
{
  McWindow *window;
  GtkWindow *shortcuts;
  GtkWidget *widget = NULL;
  GtkWidget *title;

  if (!mc_test_have_display ())
    {
      g_test_skip ("no display");
      return;
    }

  window = g_object_new (MC_TYPE_WINDOW, NULL);
  g_object_ref_sink (window);
  gtk_window_present (GTK_WINDOW (window));
  mc_test_wait_until_mapped (GTK_WIDGET (window));
  g_assert_null (mc_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  shortcuts = mc_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (shortcuts);
  g_assert_true (gtk_window_get_transient_for (shortcuts) == GTK_WINDOW (window));
  mc_test_wait_until_mapped (GTK_WIDGET (shortcuts));
  mc_test_save_snapshot (GTK_WIDGET (shortcuts), "test-app-window-shortcuts.png");
  /* Its title is ours, which the Vietnamese catalogue translates. */
  title = gtk_header_bar_get_title_widget (GTK_HEADER_BAR (gtk_window_get_titlebar (shortcuts)));
  g_assert_true (GTK_IS_STACK (title));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (gtk_stack_get_child_by_name (GTK_STACK (title), "title"))),
                   ==, "Keyboard Shortcuts");

  /* Closed, it is only hidden: asked for again, the same one shows. */
  gtk_window_close (shortcuts);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (shortcuts)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  g_assert_true (mc_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW) == shortcuts);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (shortcuts)));

  widget = GTK_WIDGET (shortcuts);
  g_object_add_weak_pointer (G_OBJECT (widget), (gpointer *) &widget);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  g_assert_null (widget);
}

int
main (int    argc,
      char **argv)
{
  mc_test_init_ui (&argc, &argv);
  if (mc_test_have_display ())
    adw_init ();

  g_test_add_func ("/ui/window/skeleton", test_window);
  g_test_add_func ("/ui/window/shortcuts-window", test_shortcuts_window);

  return g_test_run ();
}
