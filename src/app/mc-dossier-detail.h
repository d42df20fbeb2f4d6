/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mc-action-dialog.h"
#include "mc-cache.h"
#include "mc-component-dialog.h"
#include "mc-dossier-history.h"
#include "mc-sync.h"
#include "mc-upload-row.h"

G_BEGIN_DECLS

/* The detail pane (design.md "The application"): one dossier of the
 * cache — applicant with the citizen id number masked until revealed (the
 * reveal is recorded on the server first), procedure with its legal limit
 * and fee, the required components, the due date with the share of working
 * time used and how it was counted, supplement waits, attachments (open
 * externally, save), the history, the actions not yet applied (pending,
 * or refused with the server's explanation), and the actions the user may
 * take now by core's workflow table, each through an McActionDialog and
 * the outbox.
 *
 * Attachments open in the in-app viewer (mc-attachment-opener.h).
 *
 * Signals:
 *  - ::back-requested: the back button or Escape, in a folded layout. */

#define MC_TYPE_DOSSIER_DETAIL (mc_dossier_detail_get_type ())
G_DECLARE_FINAL_TYPE (McDossierDetail, mc_dossier_detail, MC, DOSSIER_DETAIL, GtkWidget)

McDossierDetail *mc_dossier_detail_new             (void);
/* @cache: a connection of the main thread on @sync's cache file (the
 * window's); both may be NULL to let go of them. */
void             mc_dossier_detail_set_sync        (McDossierDetail *self,
                                                    McSync          *sync,
                                                    McCache         *cache);
/* NULL shows nothing. */
void             mc_dossier_detail_set_dossier_id  (McDossierDetail *self,
                                                    const char      *id);
const char      *mc_dossier_detail_get_dossier_id  (McDossierDetail *self);
/* The dossier as shown (NULL when none or gone). */
McDossier       *mc_dossier_detail_get_dossier     (McDossierDetail *self);
/* After a sync applied @changes (NULL: the cache was emptied, reload). */
void             mc_dossier_detail_refresh         (McDossierDetail *self,
                                                    McCacheChanges  *changes);
void             mc_dossier_detail_set_show_back   (McDossierDetail *self,
                                                    gboolean         show_back);

/* The actions offered now (the buttons), in workflow order; none while an
 * action on this dossier waits to be sent. */
guint            mc_dossier_detail_get_actions     (McDossierDetail *self,
                                                    McAction         actions[MC_N_ACTIONS]);
/* What a button or shortcut does: checks the action against the workflow
 * (a toast says why not) and presents its dialog, which is returned
 * (owned by the detail until it is answered), or NULL. */
McActionDialog  *mc_dossier_detail_take_action     (McDossierDetail *self,
                                                    McAction         action);
/* Shows a message in the pane's toast overlay. */
void             mc_dossier_detail_add_toast       (McDossierDetail *self,
                                                    const char      *message);

/* What is shown, for tests and the integrator. */
const char      *mc_dossier_detail_get_code_text       (McDossierDetail *self);
const char      *mc_dossier_detail_get_status_text     (McDossierDetail *self);
const char      *mc_dossier_detail_get_id_number_text  (McDossierDetail *self);
gboolean         mc_dossier_detail_get_id_revealed     (McDossierDetail *self);
double           mc_dossier_detail_get_due_fraction    (McDossierDetail *self);
const char      *mc_dossier_detail_get_due_text        (McDossierDetail *self);
guint            mc_dossier_detail_get_n_explanation_steps (McDossierDetail *self);
guint            mc_dossier_detail_get_n_components    (McDossierDetail *self);
guint            mc_dossier_detail_get_n_attachments   (McDossierDetail *self);
/* The components checklist's files, one "<component>: <files>" line a
 * component ("Giấy chứng sinh: 1 file"), as shown. */
char            *mc_dossier_detail_describe_components (McDossierDetail *self);
/* What dropping @files (GFile) on the pane does: asks which component
 * each is (the dialog is returned; NULL when nothing is asked: no
 * components, or files may not be added), then queues them. */
McComponentDialog *mc_dossier_detail_add_files         (McDossierDetail *self,
                                                        GSList          *files);
McDossierHistory *mc_dossier_detail_get_history        (McDossierDetail *self);
/* The rows of actions not yet applied: "pending" or "failed", one per
 * entry, oldest first, as "<state> <action> <message>" lines. */
char            *mc_dossier_detail_describe_outbox     (McDossierDetail *self);
/* The files on their way to the server, shown after the attachments
 * with where their upload stands (mc-upload-row.h), oldest first. */
guint            mc_dossier_detail_get_n_uploads       (McDossierDetail *self);
McUploadRow     *mc_dossier_detail_get_upload_row      (McDossierDetail *self,
                                                        guint            index);
/* Dismisses the refused entries shown (as their Dismiss buttons do). */
void             mc_dossier_detail_dismiss_failed      (McDossierDetail *self);

/* The masked form of an id number: the first four and last three
 * characters kept, the rest as "•" ("0381•••••123"). */
char            *mc_dossier_detail_mask_id_number      (const char      *id_number);
/* 200000 → "200.000", the Vietnamese grouping. */
char            *mc_dossier_detail_format_amount       (gint64           amount);
/* The keyboard shortcut of an action (GtkAccelerator syntax), or NULL;
 * the shortcuts window lists these. */
const char      *mc_dossier_detail_get_action_accel    (McAction         action);

G_END_DECLS
