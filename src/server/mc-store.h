/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "mc-calendar.h"
#include "mc-department.h"
#include "mc-dossier.h"
#include "mc-procedure.h"
#include "mc-user.h"

G_BEGIN_DECLS

/* The server's storage interface. Request handlers, the admin subcommands
 * and the demo seeding speak to it and never to SQL: this header (with
 * mc-store-users.h and the others beside it) is what a PostgreSQL backend
 * would implement for deployments with several server processes. The
 * implementation here is SQLite in WAL mode.
 *
 * A McStore is one connection: use it from one thread at a time (the
 * server keeps one per worker thread). Writes happen inside
 * mc_store_begin() / mc_store_commit(); every change to something the
 * clients cache takes a new change sequence number from
 * mc_store_next_seq(), which orders the change feed. */

#define MC_STORE_ERROR (mc_store_error_quark ())

typedef enum {
  MC_STORE_ERROR_FAILED,      /* the database failed; a 500 */
  MC_STORE_ERROR_NOT_FOUND,
  MC_STORE_ERROR_CONFLICT,    /* a unique key or a stale version */
  MC_STORE_ERROR_BUSY,        /* locked for too long; try again */
  MC_STORE_ERROR_INVALID,     /* a stored document that does not decode */
} McStoreError;

typedef struct _McStore McStore;

GQuark        mc_store_error_quark        (void);

/* Opens the database (creating it with `create`), brings the schema up to
 * date. `files_dir` is where attachment contents live, by SHA-256; NULL
 * means "<db path>.files". */
McStore      *mc_store_open               (const char    *db_path,
                                           const char    *files_dir,
                                           gboolean       create,
                                           GError       **error);
void          mc_store_free               (McStore       *store);
const char   *mc_store_get_path           (McStore       *store);
const char   *mc_store_get_files_dir      (McStore       *store);

/* The working calendar with the database's office hours and exceptions,
 * loaded once and reloaded when they change. */
McCalendar   *mc_store_get_calendar       (McStore       *store,
                                           GError       **error);

gboolean      mc_store_begin              (McStore       *store,
                                           GError       **error);
gboolean      mc_store_commit             (McStore       *store,
                                           GError       **error);
void          mc_store_rollback           (McStore       *store);
/* Only inside a write transaction. */
gint64        mc_store_next_seq           (McStore       *store,
                                           GError       **error);
gint64        mc_store_current_seq        (McStore       *store,
                                           GError       **error);

gboolean      mc_store_audit              (McStore       *store,
                                           const char    *actor_id,
                                           const char    *action,
                                           const char    *target,
                                           const char    *detail,
                                           GError       **error);

gboolean      mc_store_get_setting        (McStore       *store,
                                           const char    *key,
                                           char         **value,
                                           GError       **error);
gboolean      mc_store_set_setting        (McStore       *store,
                                           const char    *key,
                                           const char    *value,
                                           GError       **error);

/* The organisation. `one_stop` marks a one-stop unit (it receives dossiers). */
gboolean      mc_store_put_department     (McStore       *store,
                                           McDepartment  *department,
                                           gboolean       one_stop,
                                           GError       **error);
McDepartment *mc_store_get_department     (McStore       *store,
                                           const char    *id,
                                           GError       **error);
McDepartment *mc_store_get_department_by_code (McStore   *store,
                                               const char *code,
                                               GError    **error);
gboolean      mc_store_department_is_one_stop (McStore   *store,
                                               const char *id);
/* All departments, ordered by code: a GPtrArray of McDepartment. */
GPtrArray    *mc_store_list_departments   (McStore       *store,
                                           GError       **error);

gboolean      mc_store_put_procedure      (McStore       *store,
                                           McProcedure   *procedure,
                                           GError       **error);
McProcedure  *mc_store_get_procedure      (McStore       *store,
                                           const char    *id,
                                           GError       **error);
GPtrArray    *mc_store_list_procedures    (McStore       *store,
                                           GError       **error);

/* Dossiers. put writes the dossier and any events it carries that are not
 * stored yet (events are append-only), records who handled it, bumps its
 * change sequence, and notes a move when its department, receiving unit
 * or assignee changed. The caller sets the version. */
gboolean      mc_store_put_dossier        (McStore       *store,
                                           McDossier     *dossier,
                                           GError       **error);
/* With `history`, events and attachments are filled in. */
McDossier    *mc_store_get_dossier        (McStore       *store,
                                           const char    *id,
                                           gboolean       history,
                                           GError       **error);
/* The next number of the day for a receiving agency (1–9999), inside the
 * caller's write transaction, so two receptions never share a code. */
gboolean      mc_store_next_code_number   (McStore       *store,
                                           const char    *agency_id,
                                           int            year,
                                           int            month,
                                           int            day,
                                           int           *number,
                                           GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McStore, mc_store_free)

G_END_DECLS
