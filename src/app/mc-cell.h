/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* One line of text in a cell of the dossier list, cut with an ellipsis
 * when the column is narrower.
 *
 * Like GtkInscription, its size does not depend on its text: one line of
 * its font high, and no width of its own (the columns have theirs), so
 * binding a row lays nothing out and only the cells drawn are shaped.
 * Unlike GtkInscription in GTK 4.8, it does not ask Pango for the font's
 * metrics at every measure, which shapes a sample sentence each time: the
 * height of a line is kept per font, for every cell. */

#define MC_TYPE_CELL (mc_cell_get_type ())
G_DECLARE_FINAL_TYPE (McCell, mc_cell, MC, CELL, GtkWidget)

GtkWidget  *mc_cell_new          (void);
void        mc_cell_set_text     (McCell     *self,
                                  const char *text);
const char *mc_cell_get_text     (McCell     *self);
/* Figures of equal width (dates, codes), so that a column of them lines
 * up. */
void        mc_cell_set_numeric  (McCell     *self,
                                  gboolean    numeric);
/* A 16-pixel symbolic icon before the text, in the text's colour (a
 * style class such as "error" colours both); NULL for none. The text
 * says the same: the icon is not read out. */
void        mc_cell_set_icon_name (McCell     *self,
                                   const char *icon_name);
const char *mc_cell_get_icon_name (McCell     *self);

G_END_DECLS
