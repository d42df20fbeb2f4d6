/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mc-procedure.h"

G_BEGIN_DECLS

/* Which required component (thành phần hồ sơ) each file being added
 * satisfies: one row per file, each with a drop-down of the procedure's
 * components and "Other document", starting on a guess. Add (Enter) or
 * Cancel (Escape) answers it once through ::response (TRUE when the files
 * are to be added); it then closes itself. */

#define MC_TYPE_COMPONENT_DIALOG (mc_component_dialog_get_type ())
G_DECLARE_FINAL_TYPE (McComponentDialog, mc_component_dialog, MC, COMPONENT_DIALOG, AdwWindow)

/* @names: the files' names; @guesses: one component index (or
 * MC_ATTACHMENT_NO_COMPONENT) a file; @has_file: one flag a component of
 * @procedure, TRUE when it has a file already (said in its item). */
McComponentDialog *mc_component_dialog_new           (GtkWindow          *parent,
                                                      McProcedure        *procedure,
                                                      const char * const *names,
                                                      const int          *guesses,
                                                      const gboolean     *has_file);
guint              mc_component_dialog_get_n_files   (McComponentDialog  *self);
/* The component chosen for file @index, or MC_ATTACHMENT_NO_COMPONENT. */
int                mc_component_dialog_get_component (McComponentDialog  *self,
                                                      guint               index);
void               mc_component_dialog_set_component (McComponentDialog  *self,
                                                      guint               index,
                                                      int                 component);
/* What the buttons do. */
void               mc_component_dialog_accept        (McComponentDialog  *self);
void               mc_component_dialog_cancel        (McComponentDialog  *self);

G_END_DECLS
