/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mc-outbox.h"

G_BEGIN_DECLS

/* A file added to a dossier and not yet on the server, in the detail
 * pane's attachments: its name, where its upload stands in words (with an
 * icon; never colour alone), and while it is sent a progress bar with the
 * bytes sent of the total. Once the server has it, the pane shows it as
 * an attachment instead. */

typedef enum {
  MC_UPLOAD_ROW_WAITING,      /* in the outbox, its turn has not come */
  MC_UPLOAD_ROW_SENDING,      /* bytes going out */
  MC_UPLOAD_ROW_CHECKING,     /* every byte sent, the server files it */
  MC_UPLOAD_ROW_INTERRUPTED,  /* an attempt broke off: it goes again */
  MC_UPLOAD_ROW_OFFLINE,      /* no network or no server */
  MC_UPLOAD_ROW_BLOCKED,      /* the server refuses to sync; see message */
} McUploadRowState;

#define MC_TYPE_UPLOAD_ROW (mc_upload_row_get_type ())
G_DECLARE_FINAL_TYPE (McUploadRow, mc_upload_row, MC, UPLOAD_ROW, AdwActionRow)

/* @entry: an MC_OUTBOX_UPLOAD entry. */
GtkWidget        *mc_upload_row_new           (const McOutboxEntry *entry);
gint64            mc_upload_row_get_entry_id  (McUploadRow         *self);
const char       *mc_upload_row_get_file_name (McUploadRow         *self);
/* @sent and @total count for SENDING and CHECKING; @message (nullable)
 * says why for BLOCKED. */
void              mc_upload_row_set_state     (McUploadRow         *self,
                                               McUploadRowState     state,
                                               guint64              sent,
                                               guint64              total,
                                               const char          *message);
McUploadRowState  mc_upload_row_get_state     (McUploadRow         *self);
/* What is shown, for tests: the words, and the bar's fraction (-1 when
 * no bar is shown). */
const char       *mc_upload_row_get_text      (McUploadRow         *self);
double            mc_upload_row_get_fraction  (McUploadRow         *self);
GtkProgressBar   *mc_upload_row_get_bar       (McUploadRow         *self);

G_END_DECLS
