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

/* Whose dossiers a query may return (design.md "Central server API"):
 * everything (supervisors, admins); a department's dossiers and those the
 * user handled (specialists, leaders); what a one-stop unit received
 * (reception). */
typedef enum {
  MC_VISIBILITY_ALL = 0,
  MC_VISIBILITY_DEPARTMENT,
  MC_VISIBILITY_RECEIVING,
} McVisibilityKind;

typedef struct {
  McVisibilityKind kind;
  const char      *user_id;
  const char      *department_id;
} McVisibility;

/* Whether a dossier is within a scope; `handled` says whether the user
 * appears among its handlers (mc_store_has_handled). */
gboolean      mc_visibility_allows        (const McVisibility *visibility,
                                           McDossier          *dossier,
                                           gboolean            handled);

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
/* A read transaction: one consistent snapshot for several queries. */
gboolean      mc_store_begin_read         (McStore       *store,
                                           GError       **error);
/* Nested undo points inside a transaction. */
gboolean      mc_store_savepoint          (McStore       *store,
                                           GError       **error);
void          mc_store_rollback_to_savepoint (McStore    *store);
gboolean      mc_store_release_savepoint  (McStore       *store,
                                           GError       **error);
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
/* Where a dossier sits, for deciding who sees it without decoding it. */
typedef struct {
  char *department_id;
  char *receiving_department_id;
  int   version;
} McDossierPlace;

void          mc_dossier_place_clear      (McDossierPlace *place);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (McDossierPlace, mc_dossier_place_clear)
gboolean      mc_visibility_allows_place  (const McVisibility   *visibility,
                                           const McDossierPlace *place,
                                           gboolean              handled);

/* The dossier's wire document with history as stored text (exactly what
 * mc_dossier_to_json() of mc_store_get_dossier(…, TRUE) would give), and
 * where it sits: the fast path of GET /dossiers/{id}. */
GBytes       *mc_store_get_dossier_document (McStore        *store,
                                             const char     *id,
                                             McDossierPlace *place,
                                             GError        **error);

/* The next number of the day for a receiving agency (1–9999), inside the
 * caller's write transaction, so two receptions never share a code. */
gboolean      mc_store_next_code_number   (McStore       *store,
                                           const char    *agency_id,
                                           int            year,
                                           int            month,
                                           int            day,
                                           int           *number,
                                           GError       **error);

/* Listing, newest reception first, in pages (keyset: never OFFSET). */
typedef struct {
  int         status;            /* 0: any */
  const char *department_id;     /* NULL: any */
  const char *assignee_id;
  const char *search;            /* already folded (mc_fold); NULL: none */
  gboolean    open_only;         /* not in a final status nor result_ready */
  gint64      due_after;         /* MC_TIME_NONE: no bound */
  gint64      due_before;
} McDossierFilter;

typedef struct {
  gint64 received_at;
  char   id[64];
} McKeyset;

/* Returns a GPtrArray of McDossier (without history); `after` continues
 * from the last row of the previous page. */
GPtrArray    *mc_store_list_dossiers      (McStore              *store,
                                           const McVisibility   *visibility,
                                           const McDossierFilter *filter,
                                           const McKeyset       *after,
                                           guint                 limit,
                                           GError              **error);

typedef struct {
  gint64 by_status[MC_STATUS_LAST + 1];
  gint64 early;
  gint64 on_time;
  gint64 late;
  gint64 overdue;                /* open and past due at `now` */
  gint64 total;
} McStats;

/* Counts of dossiers received in [from, to) within a scope. */
gboolean      mc_store_stats              (McStore              *store,
                                           const McVisibility   *visibility,
                                           const char           *department_id,
                                           gint64                from,
                                           gint64                to,
                                           gint64                now,
                                           McStats              *stats,
                                           GError              **error);

/* Idempotency records: the first answer to a mutation with a key. */
gboolean      mc_store_get_idempotent     (McStore       *store,
                                           const char    *user_id,
                                           const char    *key,
                                           char         **request_hash,
                                           guint         *status,
                                           char         **body,
                                           GError       **error);
gboolean      mc_store_put_idempotent     (McStore       *store,
                                           const char    *user_id,
                                           const char    *key,
                                           const char    *request_hash,
                                           guint          status,
                                           const char    *body,
                                           gint64         now,
                                           GError       **error);
/* Forgets records older than `before`. */
gboolean      mc_store_prune_idempotent   (McStore       *store,
                                           gint64         before,
                                           GError       **error);

gboolean      mc_store_has_handled        (McStore       *store,
                                           const char    *user_id,
                                           const char    *dossier_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McStore, mc_store_free)

G_END_DECLS
