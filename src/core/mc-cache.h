/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mc-calendar.h"
#include "mc-department.h"
#include "mc-dossier.h"
#include "mc-dossier-row.h"
#include "mc-procedure.h"
#include "mc-types.h"
#include "mc-user.h"

G_BEGIN_DECLS

/* The client's local cache (design.md "Client cache and sync"): one SQLite
 * file per server account, mode 0600, WAL, schema versioned with
 * migrations that keep data. The sync applies the server's change feed
 * page by page (mc_cache_apply_page); the queues, the search and the lazy
 * list model (mc-dossier-list.h) read it.
 *
 * An McCache owns one SQLite connection and must be used from one thread
 * at a time: a sync worker opens its own McCache on the same file (WAL lets
 * one writer and many readers work at once).
 *
 * Dossiers are keyed by an integer "n" that sorts like (received_at, id):
 * the default order (newest first) is the table's own order, and the full
 * text index, whose rows are numbered by n, hands out matches newest first
 * and can stop after a page. */

#define MC_CACHE_ERROR (mc_cache_error_quark ())

/**
 * McCacheError:
 * @MC_CACHE_ERROR_OPEN: the file cannot be created or opened
 * @MC_CACHE_ERROR_SCHEMA: the file is of a newer schema than this program
 *   knows, or a migration failed
 * @MC_CACHE_ERROR_QUERY: SQLite failed to read or write
 * @MC_CACHE_ERROR_INVALID: an item of a change page is not valid
 * @MC_CACHE_ERROR_NOT_FOUND: no such dossier in the cache
 * @MC_CACHE_ERROR_DAMAGED: the file is not an SQLite database, or SQLite
 *   found it corrupt (see mc_cache_set_aside())
 */
typedef enum {
  MC_CACHE_ERROR_OPEN,
  MC_CACHE_ERROR_SCHEMA,
  MC_CACHE_ERROR_QUERY,
  MC_CACHE_ERROR_INVALID,
  MC_CACHE_ERROR_NOT_FOUND,
  MC_CACHE_ERROR_DAMAGED,
} McCacheError;

/* The newest schema this program writes. */
#define MC_CACHE_SCHEMA_VERSION 7

#define MC_TYPE_CACHE (mc_cache_get_type ())
G_DECLARE_FINAL_TYPE (McCache, mc_cache, MC, CACHE, GObject)

GQuark      mc_cache_error_quark        (void);

/* Opens or creates the cache at @path (its folder is created, mode 0700),
 * migrating an older schema in place. */
McCache    *mc_cache_open               (const char  *path,
                                         GError     **error);
/* g_get_user_cache_dir()/motcua/<host>-<user>-<hash>.db: readable, and
 * safe whatever the URL and user name contain. */
char       *mc_cache_default_path       (const char  *server_url,
                                         const char  *username);
const char *mc_cache_get_path           (McCache     *self);
int         mc_cache_get_schema_version (McCache     *self);

/* What one change page did to the dossiers: ids, in the order of the
 * page; a dossier inserted and then updated within one page is listed as
 * inserted only. Keep it to refresh a list model (mc_dossier_list_refresh). */
typedef struct _McCacheChanges McCacheChanges;

#define MC_TYPE_CACHE_CHANGES (mc_cache_changes_get_type ())
GType            mc_cache_changes_get_type           (void) G_GNUC_CONST;
McCacheChanges  *mc_cache_changes_ref                (McCacheChanges *changes);
void             mc_cache_changes_unref              (McCacheChanges *changes);
/* Arrays of ids (char *), owned by @changes. */
GPtrArray       *mc_cache_changes_get_inserted       (McCacheChanges *changes);
GPtrArray       *mc_cache_changes_get_updated        (McCacheChanges *changes);
GPtrArray       *mc_cache_changes_get_deleted        (McCacheChanges *changes);
gboolean         mc_cache_changes_is_empty           (McCacheChanges *changes);
gboolean         mc_cache_changes_get_catalogues_changed (McCacheChanges *changes);
gboolean         mc_cache_changes_get_calendar_changed   (McCacheChanges *changes);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McCacheChanges, mc_cache_changes_unref)

/* Applies one page of GET /api/v1/changes in one transaction together with
 * @next_cursor: either all of it and the cursor, or nothing. Items of an
 * unknown kind are skipped (a newer server); an invalid item fails the
 * page with MC_CACHE_ERROR_INVALID naming it ("items[3].data.status: …").
 * A dossier older (by version) than the cached one is ignored. */
/* The same for a GET /changes answer as it came: checked (size, depth,
 * grammar, then each item), applied in one transaction with its "next"
 * cursor, without building a tree of the page. Sets @next (owned), @more
 * and @n_items from the answer. A page of the first sync (empty cache,
 * more to come) leaves the queues' indexes and the search index to the
 * last page, which builds them in its transaction; until then a mark in
 * the cache says they are unfinished, and mc_cache_finish_index() finishes
 * them if the sync was cut short (McSync calls it when it opens its
 * connection, in its worker thread). */
gboolean    mc_cache_apply_feed_page    (McCache          *self,
                                         const char       *text,
                                         gsize             len,
                                         char            **next,
                                         gboolean         *more,
                                         guint            *n_items,
                                         McCacheChanges  **out_changes,
                                         GError          **error);
/* TRUE while the mark above is set. */
gboolean    mc_cache_get_index_unfinished (McCache        *self);
/* Builds what a first sync cut short left out and clears the mark (a
 * no-op without it). Takes a while on a large cache: not on the main
 * thread. */
gboolean    mc_cache_finish_index       (McCache          *self,
                                         GError          **error);
gboolean    mc_cache_apply_page         (McCache          *self,
                                         JsonArray        *items,
                                         const char       *next_cursor,
                                         McCacheChanges  **changes,
                                         GError          **error);
/* The cursor to ask for next: NULL before the first sync. */
gboolean    mc_cache_get_cursor         (McCache          *self,
                                         char            **cursor,
                                         GError          **error);
/* For a 410 from the server: drops every cached row and the cursor, in one
 * transaction, so that the next sync starts from the beginning. */
gboolean    mc_cache_reset              (McCache          *self,
                                         GError          **error);

/* One dossier with its events and attachments. */
McDossier  *mc_cache_get_dossier        (McCache          *self,
                                         const char       *id,
                                         GError          **error);
guint       mc_cache_get_n_dossiers     (McCache          *self,
                                         GError          **error);

/* The catalogues, sorted by code (departments, procedures) or user name;
 * arrays of McDepartment, McProcedure, McUser. */
GPtrArray   *mc_cache_list_departments  (McCache          *self,
                                         GError          **error);
GPtrArray   *mc_cache_list_procedures   (McCache          *self,
                                         GError          **error);
GPtrArray   *mc_cache_list_users        (McCache          *self,
                                         GError          **error);
McProcedure *mc_cache_get_procedure     (McCache          *self,
                                         const char       *id,
                                         GError          **error);

/* The working calendar of the cached years: the default calendar,
 * corrected wherever the server's listing of a year says otherwise (see
 * mc-cache.c), with the office hours of the newest cached year. The
 * calendar is shared until the cached years change: do not change it. */
McCalendar  *mc_cache_load_calendar     (McCache          *self,
                                         GError          **error);

/* Queues. */

typedef enum {
  MC_CACHE_SORT_RECEIVED_DESC = 0,   /* newest first, the default */
  MC_CACHE_SORT_DUE_ASC,             /* earliest due first; no due date last */
  MC_CACHE_SORT_CODE_ASC,            /* by dossier code; no code first */
} McCacheSort;

#define MC_CACHE_STATUS_BIT(status) (1u << (status))
/* The statuses of a dossier still being worked on. */
#define MC_CACHE_STATUS_OPEN (MC_CACHE_STATUS_BIT (MC_STATUS_SUBMITTED) |          \
                              MC_CACHE_STATUS_BIT (MC_STATUS_RECEIVED) |           \
                              MC_CACHE_STATUS_BIT (MC_STATUS_IN_PROGRESS) |        \
                              MC_CACHE_STATUS_BIT (MC_STATUS_AWAITING_SUPPLEMENT) | \
                              MC_CACHE_STATUS_BIT (MC_STATUS_AWAITING_PAYMENT) |    \
                              MC_CACHE_STATUS_BIT (MC_STATUS_RESULT_READY))

/* What a queue or a search shows. Every member is optional: 0, NULL or
 * MC_TIME_NONE means "any". Times are half-open ranges [from, before). */
typedef struct {
  guint32      status_mask;              /* MC_CACHE_STATUS_BIT()s */
  char        *department_id;            /* owned, nullable */
  char        *receiving_department_id;  /* owned, nullable */
  char        *assignee_id;              /* owned, nullable */
  gboolean     unassigned;               /* assignee_id IS NULL */
  char        *procedure_id;             /* owned, nullable */
  gint64       due_from;
  gint64       due_before;
  gint64       received_from;
  gint64       received_before;
  char        *text;                     /* owned, nullable: search text */
  McCacheSort  sort;
} McCacheQuery;

#define MC_TYPE_CACHE_QUERY (mc_cache_query_get_type ())
GType         mc_cache_query_get_type (void) G_GNUC_CONST;
McCacheQuery *mc_cache_query_new      (void);
McCacheQuery *mc_cache_query_copy     (const McCacheQuery *query);
gboolean      mc_cache_query_equal    (const McCacheQuery *a,
                                       const McCacheQuery *b);
void          mc_cache_query_free     (McCacheQuery       *query);
/* Restricts @query to open dossiers of an alert level at @now: overdue is
 * due before now; due soon is due from now until now plus
 * @due_soon_seconds of working time on @calendar (mc_deadline_alert_level's
 * rule); normal is due later than that or not yet due at all. */
void          mc_cache_query_set_alert (McCacheQuery *query,
                                        McCalendar   *calendar,
                                        McAlertLevel  level,
                                        gint64        now,
                                        gint64        due_soon_seconds);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McCacheQuery, mc_cache_query_free)

/* A position in a query's order, for keyset paging: the key of the last
 * row of the previous page; mc_cache_key_from_row() reads it off a row. */
typedef struct {
  gint64  n;
  gint64  due;
  char   *code;   /* owned, nullable */
} McCacheKey;

void        mc_cache_key_clear          (McCacheKey        *key);
/* Copies @row's place into @key, freeing what @key held (start from
 * { 0 }). */
void        mc_cache_key_from_row       (McCacheKey        *key,
                                         McDossierRow      *row);
void        mc_cache_key_copy           (const McCacheKey  *src,
                                         McCacheKey        *dest);
/* <0, 0, >0 as @a sorts before, with or after @b under @sort. */
int         mc_cache_key_compare        (McCacheSort        sort,
                                         const McCacheKey  *a,
                                         const McCacheKey  *b);

gboolean    mc_cache_count              (McCache            *self,
                                         const McCacheQuery *query,
                                         guint              *count,
                                         GError            **error);
/* Rows that sort strictly before @key. */
gboolean    mc_cache_count_before       (McCache            *self,
                                         const McCacheQuery *query,
                                         const McCacheKey   *key,
                                         guint              *count,
                                         GError            **error);
/* Up to @limit rows (McDossierRow) after @after (NULL: from the start). */
GPtrArray  *mc_cache_query_page         (McCache            *self,
                                         const McCacheQuery *query,
                                         const McCacheKey   *after,
                                         guint               limit,
                                         GError            **error);
/* Calls @func with every row of @query, in its order, in one statement:
 * for a look at all of them, where paging would sort them again for
 * every page. @func returns FALSE to stop early. */
typedef gboolean (*McCacheRowFunc) (McDossierRow *row,
                                    gpointer      user_data);
gboolean    mc_cache_query_foreach      (McCache            *self,
                                         const McCacheQuery *query,
                                         McCacheRowFunc      func,
                                         gpointer            user_data,
                                         GError            **error);
/* Walks the query's keys after @after (NULL: from the start) without
 * reading the rows, appending the key of every @every-th row to @keys (a
 * GArray of McCacheKey with mc_cache_key_clear as clear function), until
 * @max_keys were added or the rows end. @scanned gets the rows walked. */
gboolean    mc_cache_scan_keys          (McCache            *self,
                                         const McCacheQuery *query,
                                         const McCacheKey   *after,
                                         guint               every,
                                         guint               max_keys,
                                         GArray             *keys,
                                         guint              *scanned,
                                         GError            **error);
/* Dossier ids whose code or citizen id number starts with @text (case and
 * spacing ignored), exact matches first: for a scanner or "go to". */
GPtrArray  *mc_cache_lookup_code        (McCache            *self,
                                         const char         *text,
                                         guint               limit,
                                         GError            **error);

/* The FTS5 query that @text searches for: each word folded (mc_fold),
 * quoted and made a prefix; NULL when @text has no word. */
char       *mc_cache_build_match        (const char         *text);

G_END_DECLS
