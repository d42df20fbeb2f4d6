/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-attachment-opener.h"
#include "mc-component-dialog.h"
#include "mc-dossier.h"
#include "mc-procedure.h"
#include "mc-sync.h"

G_BEGIN_DECLS

/* Adding files to a dossier, chosen in a file chooser or dropped: each is
 * read, checked here (a PDF, JPEG, PNG or TIFF, at most the server's
 * default 50 MB) and queued through the outbox (mc-sync-upload.h), so it
 * is sent when the connection allows and shows as pending until then.
 * A file added while the dossier waits for a supplement is filed as one.
 * Each file may name the required component it satisfies (mc-attachment.h);
 * the officer says which in an McComponentDialog.
 * What happens to each file is reported through @report. */

#define MC_ATTACHMENT_MAX_BYTES ((gsize) 50 * 1024 * 1024)

/* Files chosen go through mc_attachment_adder_ask(). */
void mc_attachment_adder_choose    (GtkWidget          *parent,
                                    McSync             *sync,
                                    McDossier          *dossier,
                                    McProcedure        *procedure,
                                    GPtrArray          *entries,
                                    McAttachmentReport  report,
                                    gpointer            data,
                                    GDestroyNotify      destroy);
/* @files: a GSList of GFile, as a GtkDropTarget gives them. */
void mc_attachment_adder_add_files (McSync             *sync,
                                    McDossier          *dossier,
                                    GSList             *files,
                                    McAttachmentReport  report,
                                    gpointer            data,
                                    GDestroyNotify      destroy);
/* The same, each file with the required component it satisfies
 * (@components: one index or MC_ATTACHMENT_NO_COMPONENT a file; NULL:
 * none for any). */
void mc_attachment_adder_add_files_with_components (McSync             *sync,
                                                    McDossier          *dossier,
                                                    GSList             *files,
                                                    const int          *components,
                                                    McAttachmentReport  report,
                                                    gpointer            data,
                                                    GDestroyNotify      destroy);
/* Asks which component of @procedure each file satisfies (an
 * McComponentDialog, returned; it answers once and closes itself), each
 * starting on mc_attachment_adder_guess_components(), then adds them; a
 * procedure without components (or NULL) is not asked about and NULL is
 * returned. @entries: the dossier's outbox entries (nullable), whose
 * pending uploads count as files. */
McComponentDialog *mc_attachment_adder_ask (GtkWidget          *parent,
                                            McSync             *sync,
                                            McDossier          *dossier,
                                            McProcedure        *procedure,
                                            GPtrArray          *entries,
                                            GSList             *files,
                                            McAttachmentReport  report,
                                            gpointer            data,
                                            GDestroyNotify      destroy);
/* How many files the dossier has for each of the first @n_components
 * components (@files), and how many more wait in the outbox (@pending,
 * from @entries, nullable); both arrays have @n_components elements. */
void mc_attachment_adder_count_component_files (McDossier *dossier,
                                                GPtrArray *entries,
                                                guint      n_components,
                                                guint     *files,
                                                guint     *pending);
/* A guess of the component of each of @n_files new files: in order, the
 * first component still without a file (@has_file, nullable) and not
 * guessed for an earlier one; "other" once none is left. */
void mc_attachment_adder_guess_components (guint           n_components,
                                           const gboolean *has_file,
                                           guint           n_files,
                                           int            *guesses);
/* Why @bytes would be refused (translated), NULL when they would not. */
char *mc_attachment_adder_check    (const char         *name,
                                    GBytes             *bytes);

G_END_DECLS
