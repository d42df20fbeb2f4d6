/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef struct _McAccount McAccount;
typedef struct _McDeadlineAlerts McDeadlineAlerts;

#define MC_TYPE_APPLICATION (mc_application_get_type ())
G_DECLARE_FINAL_TYPE (McApplication, mc_application, MC, APPLICATION, AdwApplication)

McApplication *mc_application_new (void);

/* The application's settings (vn.motcua.Desk), installed or in the build
 * tree. */
GSettings        *mc_application_new_settings (void);
GSettings        *mc_application_get_settings (McApplication *self);
/* The account signed in (or being signed in); NULL on the welcome page. */
McAccount        *mc_application_get_account  (McApplication *self);
/* The deadline alerts of the account shown; NULL when none. */
McDeadlineAlerts *mc_application_get_alerts   (McApplication *self);

/* Registers the application's resources once; the types that need them
 * call it, since a static library's constructors may never be linked in. */
void           mc_application_ensure_resources (void);

G_END_DECLS
