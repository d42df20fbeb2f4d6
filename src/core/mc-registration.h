/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mc-calendar.h"
#include "mc-client.h"
#include "mc-dossier.h"
#include "mc-outbox.h"
#include "mc-procedure.h"

G_BEGIN_DECLS

/* Registering a dossier at reception (POST /api/v1/dossiers) from the
 * client: the checks the server makes, so that a person hears about a bad
 * id number next to the field rather than after a sync; the body the
 * outbox sends (mc_sync_enqueue_async with no dossier id); the due date the
 * server will compute, shown before saving; and, once the outbox entry was
 * acknowledged, the dossier the server made of it. */

typedef enum {
  MC_REGISTRATION_FIELD_NONE = 0,
  MC_REGISTRATION_FIELD_NAME,
  MC_REGISTRATION_FIELD_ID_NUMBER,
  MC_REGISTRATION_FIELD_PHONE,
  MC_REGISTRATION_FIELD_EMAIL,
  MC_REGISTRATION_FIELD_TAX_CODE,
} McRegistrationField;

/* Each field's rule (docs/api.yaml "Applicant", the server's check):
 * name 2–200 characters; a citizen id number of 9 (old identity card) or
 * 12 digits (CCCD), required for a person; a phone number of 9–12 digits,
 * optionally after "+"; an e-mail address with an "@"; a tax code of 10
 * digits or 10 digits, "-" and 3 digits. Empty optional fields are fine.
 * Returns NULL when @value is fine, else a translated sentence a person
 * can act on. */
char       *mc_registration_check_field  (McRegistrationField  field,
                                          McApplicantKind      kind,
                                          const char          *value);
/* Every field of @applicant in the order of the form; on the first
 * problem sets @field and returns the sentence. */
char       *mc_registration_check        (const McApplicant   *applicant,
                                          McRegistrationField *field);

/* The NewDossier body (channel and return channel by their wire names). */
JsonNode   *mc_registration_build        (const char          *procedure_id,
                                          const McApplicant   *applicant,
                                          McChannel            channel,
                                          McChannel            return_channel);

/* The due date of @procedure received at @received_at through @channel,
 * as the server computes it, with its explanation (McDueStep). */
gboolean    mc_registration_preview_due  (McCalendar          *calendar,
                                          McProcedure         *procedure,
                                          McChannel            channel,
                                          gint64               received_at,
                                          gint64              *due_at,
                                          GPtrArray          **explanation,
                                          GError             **error);

/* The procedures (McProcedure, borrowed from @procedures) whose code
 * starts with @text or whose name contains every word of @text, folded
 * (accents, đ, case ignored); code matches first, then catalogue order.
 * Empty text: the first @limit procedures. */
GPtrArray  *mc_registration_find_procedures (GPtrArray        *procedures,
                                             const char       *text,
                                             guint             limit);

/* The dossier the server registered for an acknowledged (done) outbox
 * entry: the entry's request is sent again with its own Idempotency-Key,
 * which the server answers with its first answer, registering nothing
 * new. Fails with MC_CLIENT_ERROR_* as any request does. */
void        mc_registration_fetch_dossier_async  (McClient            *client,
                                                  const McOutboxEntry *entry,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
McDossier  *mc_registration_fetch_dossier_finish (McClient            *client,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* The outbox entry @id, whatever its state, or NULL (without error) when
 * there is none (a done entry is forgotten after a week). */
McOutboxEntry *mc_registration_get_entry (McCache             *cache,
                                          gint64               id,
                                          GError             **error);

G_END_DECLS
