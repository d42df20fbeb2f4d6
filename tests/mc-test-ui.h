/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Helpers of the widget tests, which run under Xvfb. */
gboolean mc_test_have_display      (void);
/* Renders a mapped widget as its window's renderer draws it. */
GdkTexture *mc_test_render         (GtkWidget  *widget);
/* Renders a mapped widget into a PNG beside the test binary (an artifact). */
void     mc_test_save_snapshot     (GtkWidget  *widget,
                                    const char *name);
/* Runs the main loop until the widget is mapped; fails after 20 s. */
void     mc_test_wait_until_mapped (GtkWidget  *widget);
/* The first widget of @type at or under @widget, depth first, or NULL. */
GtkWidget *mc_test_find_descendant (GtkWidget *widget,
                                    GType      type);
/* The first actionable widget (a button, say) at or under @widget whose
 * action is @action_name, depth first, or NULL: its sensitivity is the
 * action's enabled state. */
GtkWidget *mc_test_find_actionable (GtkWidget  *widget,
                                    const char *action_name);
/* The first shown toplevel window of @type, or NULL; GTK keeps it. */
gpointer mc_test_find_toplevel     (GType       type);

G_END_DECLS
