/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-window.h"

struct _McWindow
{
  AdwApplicationWindow  parent_instance;

  /* template children */
  AdwHeaderBar         *header_bar;
  AdwStatusPage        *status_page;
};

G_DEFINE_FINAL_TYPE (McWindow, mc_window, ADW_TYPE_APPLICATION_WINDOW)

static void
mc_window_class_init (McWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  mc_application_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/motcua/Desk/ui/mc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, McWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, McWindow, status_page);
}

static void
mc_window_init (McWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

McWindow *
mc_window_new (McApplication *application)
{
  return g_object_new (MC_TYPE_WINDOW, "application", application, NULL);
}
