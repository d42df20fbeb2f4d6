/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "mc-cache.h"
#include "mc-dossier.h"
#include "mc-json-scan.h"

G_BEGIN_DECLS

/* Shared between mc-cache.c (schema, change pages), mc-cache-query.c
 * (queues and search) and mc-dossier-list.c. */

/* The columns a row is read from, in this order, by every query. */
#define MC_CACHE_ROW_COLUMNS \
  "d.n, d.due_key, d.code_key, d.id, d.code, d.applicant_name, d.procedure_id, " \
  "d.department_id, d.assignee_id, d.status, d.received_at, d.version"

/* The slim columns of a dossier before or after a change page: enough to
 * tell whether it belongs to a query and where it sorts, without the
 * database (the "before" is gone from it once the page is applied). */
typedef struct {
  char    *id;
  gint64   n;
  gint64   due_key;
  char    *code_key;
  int      status;
  char    *department_id;
  char    *receiving_department_id;
  char    *assignee_id;                 /* nullable */
  char    *procedure_id;
  gint64   received_at;
  char    *search;                      /* the folded search text */
} McCacheImage;

typedef struct {
  McCacheImage *before;   /* owned, nullable: not cached before */
  McCacheImage *after;    /* owned, nullable: deleted */
} McCacheImagePair;

struct _McCacheChanges {
  gatomicrefcount  ref;
  GPtrArray       *inserted;        /* char * */
  GPtrArray       *updated;         /* char * */
  GPtrArray       *deleted;         /* char * */
  GPtrArray       *pairs;           /* McCacheImagePair *, one per dossier */
  GHashTable      *pair_by_id;      /* id → McCacheImagePair *, unowned */
  gboolean         catalogues_changed;
  gboolean         calendar_changed;
};

/* What the cache keeps of a dossier beside its document (mc-cache-feed.c). */
typedef struct {
  char    *id;
  char    *code;                        /* nullable */
  char    *procedure_id;
  char    *department_id;
  char    *receiving_department_id;
  char    *assignee_id;                 /* nullable */
  char    *name;
  char    *id_number;                   /* nullable */
  char    *phone;                       /* nullable */
  char    *address;                     /* nullable */
  char    *tax_code;                    /* nullable */
  int      status;
  int      substate;
  int      version;
  gint64   received_at;
  gint64   due_at;                      /* MC_TIME_NONE: none */
  gint64   appointment_at;
  gint64   completed_at;

  /* Derived (_mc_cache_dossier_columns_derive()), no database needed: a
   * page's are worked out off the writing thread. */
  char    *id_digits;                   /* the citizen id's digits */
  char    *code_key;                    /* the folded code, "" for none */
  char    *own_folded;                  /* the folded search text, before the procedure's */
} McCacheDossierColumns;

void      _mc_cache_dossier_columns_clear       (McCacheDossierColumns *c);
void      _mc_cache_dossier_columns_derive      (McCacheDossierColumns *c);
void      _mc_cache_dossier_columns_from_dossier (McCacheDossierColumns *c,
                                                  McDossier             *dossier);
/* Checks @data (an object span of already scanned text) the way
 * mc_dossier_new_from_json() checks the members the cache keeps. */
gboolean  _mc_cache_dossier_columns_scan        (McCacheDossierColumns *c,
                                                 const McJsonSpan      *data,
                                                 GError               **error);

/* A page of the change feed read from its text and checked, each
 * dossier's columns and search text worked out: all that needs no
 * database, so that a page can be read on one thread while the one
 * before it is written on another (McSync). mc_cache_apply_feed_page()
 * is a read then an apply. */
typedef struct _McCacheFeedPage McCacheFeedPage;

/* Holds a reference to @text. Errors: MC_CACHE_ERROR_INVALID. */
McCacheFeedPage *_mc_cache_feed_page_read      (GBytes           *text,
                                                GError          **error);
void             _mc_cache_feed_page_free      (McCacheFeedPage  *page);
const char      *_mc_cache_feed_page_get_next  (McCacheFeedPage  *page);
gboolean         _mc_cache_feed_page_get_more  (McCacheFeedPage  *page);
guint            _mc_cache_feed_page_get_n_items (McCacheFeedPage *page);
/* Writes @page in one transaction with its cursor, as
 * mc_cache_apply_feed_page() does. */
gboolean         _mc_cache_apply_feed_page_read (McCache          *self,
                                                 McCacheFeedPage  *page,
                                                 McCacheChanges  **out_changes,
                                                 GError          **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McCacheFeedPage, _mc_cache_feed_page_free)

void          _mc_cache_image_free        (McCacheImage *image);
McCacheChanges *_mc_cache_changes_new     (void);

sqlite3      *_mc_cache_get_handle        (McCache      *self);
/* SQLite's plan for a page of @query after @key (NULL: the first), one
 * line per step, for tests that a queue's pages need no sort. */
char         *_mc_cache_explain_page      (McCache            *self,
                                           const McCacheQuery *query,
                                           const McCacheKey   *key);
/* A prepared statement for @sql, reset, kept for the connection's life. */
sqlite3_stmt *_mc_cache_get_stmt          (McCache      *self,
                                           const char   *sql,
                                           GError      **error);
/* Sets an MC_CACHE_ERROR_QUERY "@what: <sqlite message>" (MC_CACHE_ERROR_DAMAGED
 * when SQLite found the file corrupt) and returns FALSE. */
gboolean      _mc_cache_fail              (McCache      *self,
                                           GError      **error,
                                           const char   *what);
/* Tests only: opens at an older schema version. */
McCache      *_mc_cache_open_at_version   (const char   *path,
                                           int           version,
                                           GError      **error);

/* Does the dossier of @image belong to @query? The same rules as the SQL,
 * text search included (every word a prefix of a word of the text). */
gboolean      _mc_cache_query_matches_image (const McCacheQuery *query,
                                             const McCacheImage *image);
void          _mc_cache_key_from_image    (McCacheKey         *key,
                                           const McCacheImage *image);
/* The words of folded text, as the FTS tokenizer splits them. */
GPtrArray    *_mc_cache_split_words       (const char   *folded);

McDossierRow *_mc_dossier_row_new_from_stmt (sqlite3_stmt *stmt,
                                             int           first_column);
void          _mc_dossier_row_get_key     (McDossierRow *self,
                                           McCacheKey   *key);

G_END_DECLS
