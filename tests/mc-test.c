/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include "mc-test.h"

void
mc_test_init (int    *argc,
              char ***argv)
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("TZ", "Asia/Ho_Chi_Minh", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
#ifdef MC_BUILD_SCHEMA_DIR
  g_setenv ("GSETTINGS_SCHEMA_DIR", MC_BUILD_SCHEMA_DIR, TRUE);
#endif
  setlocale (LC_ALL, "");
  tzset ();
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
}
