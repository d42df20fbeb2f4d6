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

  g_test_add_func ("/ui/window/skeleton", test_window);

  return g_test_run ();
}
