/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Real files for the preview tests and benchmark, made here: each returns
 * the path of a new file in dir.
 *
 * Every page and image is drawn the same way: the top-left quarter red,
 * the bottom-right quarter blue, the rest white; PDF pages also carry the
 * line "Page N of M" in black across the middle. */
char *mc_fixture_pdf   (const char *dir,
                        const char *name,
                        guint       n_pages);
/* The same, all A4 portrait but page landscape (from 0), A4 landscape. */
char *mc_fixture_pdf_landscape (const char *dir,
                                const char *name,
                                guint       n_pages,
                                guint       landscape);
/* format: "png" or "jpeg". */
char *mc_fixture_image (const char *dir,
                        const char *name,
                        const char *format,
                        int         width,
                        int         height);
/* Page i is colours[i % 3] (red, green, blue) on its left half. */
char *mc_fixture_tiff  (const char *dir,
                        const char *name,
                        guint       n_pages,
                        int         width,
                        int         height);
/* Writes data to dir/name. */
char *mc_fixture_write (const char *dir,
                        const char *name,
                        const void *data,
                        gsize       length);

/* The colour of a pixel of cairo's ARGB32. */
void  mc_fixture_pixel (const guint8 *data,
                        gsize         stride,
                        guint         x,
                        guint         y,
                        guint8       *r,
                        guint8       *g,
                        guint8       *b);

G_END_DECLS
