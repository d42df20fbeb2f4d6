/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "mc-application.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(McApplication) app = NULL;
  /* A run from the build tree finds its translations there. */
  const char *localedir = g_getenv ("MOTCUA_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = mc_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
