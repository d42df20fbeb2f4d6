/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the files that make McDossierDetail: mc-dossier-detail.c (the
 * dossier, its deadline, actions and outbox) and mc-dossier-detail-files.c
 * (components, attachments, uploads). Not for other widgets.
 */
#pragma once

#include <adwaita.h>

#include "mc-action-dialog.h"
#include "mc-attachment-thumbnail.h"
#include "mc-dossier-detail.h"
#include "mc-dossier-history.h"
#include "mc-outbox.h"
#include "mc-procedure.h"
#include "mc-sync.h"
#include "mc-upload-row.h"
#include "mc-user.h"

G_BEGIN_DECLS

struct _McDossierDetail
{
  GtkWidget          parent_instance;

  McSync            *sync;          /* owned, nullable */
  McCache           *cache;         /* owned, nullable */
  McCalendar        *calendar;      /* owned */
  GHashTable        *users;         /* owned: id → McUser */
  GHashTable        *departments;   /* owned: id → McDepartment */
  GHashTable        *procedures;    /* owned: id → McProcedure */
  GPtrArray         *user_list;     /* owned: McUser, for dialogs */
  GPtrArray         *department_list; /* owned: McDepartment */
  char              *id;            /* owned, nullable */
  McDossier         *dossier;       /* owned, nullable */
  GPtrArray         *entries;       /* owned: McOutboxEntry of the dossier */
  GHashTable        *pending_seen;  /* owned: entry ids seen pending (gint64 *) */
  gboolean           revealed;
  McActionDialog    *dialog;        /* owned, nullable: the one being answered */
  GCancellable      *cancellable;   /* owned */
  guint              n_steps;
  guint              n_components;
  guint              n_attachments;

  GPtrArray         *outbox_rows;       /* owned: borrowed widgets in outbox_group */
  GPtrArray         *component_rows;
  GPtrArray         *component_files;   /* owned: "name: files" a component, for tests */
  GPtrArray         *attachment_rows;
  GPtrArray         *upload_rows;       /* McUploadRow, after the attachments */
  GtkWidget         *no_attachments_row; /* nullable, in attachment_rows */
  McAttachmentThumbnails *thumbnails;   /* owned */
  GPtrArray         *deadline_rows;     /* pauses, in deadline_group */
  GPtrArray         *step_rows;         /* in explanation_row */

  /* template children */
  AdwToastOverlay   *toast_overlay;
  GtkStack          *stack;
  GtkButton         *back_button;
  GtkLabel          *code_label;
  GtkImage          *status_icon;
  GtkLabel          *status_label;
  GtkFlowBox        *actions_box;
  GtkLabel          *actions_note;
  AdwPreferencesGroup *outbox_group;
  AdwActionRow      *applicant_row;
  AdwActionRow      *id_number_row;
  GtkButton         *reveal_button;
  AdwActionRow      *contact_row;
  AdwActionRow      *address_row;
  AdwActionRow      *procedure_row;
  AdwActionRow      *limit_row;
  AdwActionRow      *fee_row;
  AdwActionRow      *holder_row;
  AdwPreferencesGroup *deadline_group;
  GtkProgressBar    *due_bar;
  AdwActionRow      *received_row;
  AdwActionRow      *due_row;
  GtkImage          *due_icon;
  AdwActionRow      *appointment_row;
  AdwExpanderRow    *explanation_row;
  AdwPreferencesGroup *components_group;
  AdwPreferencesGroup *attachments_group;
  GtkWidget           *add_files_button;
  McDossierHistory  *history;
};

/* mc-dossier-detail.c */
McUser      *_mc_dossier_detail_get_actor         (McDossierDetail     *self);
McProcedure *_mc_dossier_detail_get_procedure     (McDossierDetail     *self);
void         _mc_dossier_detail_load_outbox       (McDossierDetail     *self);
void         _mc_dossier_detail_clear_group_rows  (AdwPreferencesGroup *group,
                                                   GPtrArray           *rows);
GtkWidget   *_mc_dossier_detail_add_group_row     (AdwPreferencesGroup *group,
                                                   GPtrArray           *rows,
                                                   const char          *icon_name,
                                                   const char          *title,
                                                   const char          *subtitle);

/* mc-dossier-detail-files.c */
void         _mc_dossier_detail_init_files        (McDossierDetail     *self);
void         _mc_dossier_detail_watch_uploads     (McDossierDetail     *self,
                                                   McSync              *sync);
void         _mc_dossier_detail_show_components   (McDossierDetail     *self);
void         _mc_dossier_detail_show_attachments  (McDossierDetail     *self);
void         _mc_dossier_detail_show_uploads      (McDossierDetail     *self);
McUploadRow *_mc_dossier_detail_find_upload_row   (McDossierDetail     *self,
                                                   gint64               id);
gboolean     _mc_dossier_detail_is_pending_upload (const McOutboxEntry *entry);

G_END_DECLS
