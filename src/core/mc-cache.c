/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "mc-cache-private.h"
#include "mc-fold.h"
#include "mc-json.h"
#include "mc-time.h"

/* Why the schema looks the way it does:
 *
 * - dossiers holds the columns the queues filter and sort on, and nothing
 *   big, so that scans and counts stay in a few pages; the wire document
 *   (with its events and attachments) lives in dossier_docs. Events and
 *   attachments stay inside that document rather than in tables of their
 *   own: they are only ever read with their dossier, the feed always sends
 *   the whole dossier, and decoding the document is the code that already
 *   checks it (mc_dossier_new_from_json). Tables would cost a delete and
 *   re-insert of every event on every change for no query that needs them.
 * - The integer key n is received_at × 65536 plus a hash of the id (probed
 *   on collision), so "newest first" is the table's own order, keyset paging
 *   is "n < ?", and the FTS index, whose rowids are n, yields matches newest
 *   first and can stop after one page however many rows match.
 * - search is the folded text of the dossier (code, applicant, citizen id,
 *   phone, address) then a U+001F separator and the folded procedure name,
 *   so that renaming a procedure rewrites the tail only. */

#define N_SHIFT 65536
#define SEARCH_SEPARATOR "\x1f"

struct _McCache
{
  GObject     parent_instance;

  char       *path;        /* owned */
  sqlite3    *db;          /* owned */
  GHashTable *statements;  /* SQL → sqlite3_stmt *, owned */
  GHashTable *fts_pending; /* n (gint64 *) → FtsChange *, owned: of the page */
  GHashTable *procedure_keys; /* procedure id → folded name (nullable), owned: of the page */
  int         version;
  gboolean    bulk;        /* a first sync: indexes and search built at its end */
  gboolean    bulk_cache;  /* the larger page cache of a first sync is set */
  McCalendar *calendar;    /* owned, nullable: the last one loaded */
  char       *calendar_key; /* owned: what the cached years were then */
};

/* What a page did to the search text of one row: the text the index holds
 * (NULL: none) and the text it must hold at the end (NULL: none). */
typedef struct {
  gint64  n;
  char   *before;   /* owned, nullable */
  char   *after;    /* owned, nullable */
} FtsChange;

static void
fts_change_free (FtsChange *change)
{
  g_free (change->before);
  g_free (change->after);
  g_free (change);
}

G_DEFINE_FINAL_TYPE (McCache, mc_cache, G_TYPE_OBJECT)
G_DEFINE_QUARK (mc-cache-error-quark, mc_cache_error)

#define get_stmt _mc_cache_get_stmt

/* Each step runs in its own transaction with the version bump. Never edit
 * a step that has shipped: add one. */
static const char * const migrations[] = {
  /* 1: the tables */
  "CREATE TABLE sync_state ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  cursor TEXT);"
  "INSERT INTO sync_state (id, cursor) VALUES (1, NULL);"
  "CREATE TABLE dossiers ("
  "  n INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  code TEXT,"
  "  code_key TEXT NOT NULL,"
  "  status INTEGER NOT NULL,"
  "  substate INTEGER NOT NULL,"
  "  department_id TEXT NOT NULL,"
  "  receiving_department_id TEXT NOT NULL,"
  "  assignee_id TEXT,"
  "  procedure_id TEXT NOT NULL,"
  "  applicant_name TEXT NOT NULL,"
  "  id_number_key TEXT NOT NULL,"
  "  received_at INTEGER NOT NULL,"
  "  due_key INTEGER NOT NULL,"
  "  appointment_at INTEGER,"
  "  completed_at INTEGER,"
  "  version INTEGER NOT NULL,"
  "  seq INTEGER NOT NULL,"
  "  search TEXT NOT NULL);"
  "CREATE TABLE dossier_docs ("
  "  n INTEGER PRIMARY KEY REFERENCES dossiers (n) ON DELETE CASCADE,"
  "  doc TEXT NOT NULL);"
  "CREATE TABLE departments ("
  "  id TEXT PRIMARY KEY, code TEXT NOT NULL, seq INTEGER NOT NULL, doc TEXT NOT NULL);"
  "CREATE TABLE procedures ("
  "  id TEXT PRIMARY KEY, code TEXT NOT NULL, name_key TEXT NOT NULL,"
  "  seq INTEGER NOT NULL, doc TEXT NOT NULL);"
  "CREATE TABLE users ("
  "  id TEXT PRIMARY KEY, username TEXT NOT NULL, seq INTEGER NOT NULL, doc TEXT NOT NULL);"
  "CREATE TABLE calendar_years ("
  "  year INTEGER PRIMARY KEY, office_hours TEXT NOT NULL,"
  "  same_day_cutoff TEXT, seq INTEGER NOT NULL);"
  "CREATE TABLE calendar_days ("
  "  date TEXT PRIMARY KEY,"
  "  year INTEGER NOT NULL REFERENCES calendar_years (year) ON DELETE CASCADE,"
  "  kind TEXT NOT NULL CHECK (kind IN ('off', 'work')),"
  "  name TEXT);"
  "CREATE INDEX calendar_days_year ON calendar_days (year);",

  /* 2: full-text search over the folded text. detail=none: matching is by
   * words, never by phrase, so positions would be dead weight. Codes keep
   * their dots and dashes so that one is one word.
   * The prefix indexes are what makes typing fast: a prefix query of a
   * length without one merges the doclists of every matching word into
   * memory before the first row ("nguyen"*: 357,000 rows, 95 ms at a
   * million dossiers), while one with an index is read lazily, newest
   * first, and stops after a page (under 1 ms). 1–7 covers every
   * Vietnamese syllable; the longer ones serve codes, citizen ids and
   * phone numbers being typed, and cost little (few words are that long). */
  "CREATE VIRTUAL TABLE dossier_fts USING fts5 ("
  "  search, content = 'dossiers', content_rowid = 'n', detail = 'none',"
  "  prefix = '1 2 3 4 5 6 7 9 11 13 16 20', tokenize = \"unicode61 remove_diacritics 0 tokenchars '.-'\");"
  "CREATE TRIGGER dossiers_fts_insert AFTER INSERT ON dossiers BEGIN"
  "  INSERT INTO dossier_fts (rowid, search) VALUES (new.n, new.search);"
  "END;"
  "CREATE TRIGGER dossiers_fts_delete AFTER DELETE ON dossiers BEGIN"
  "  INSERT INTO dossier_fts (dossier_fts, rowid, search) VALUES ('delete', old.n, old.search);"
  "END;"
  "CREATE TRIGGER dossiers_fts_update AFTER UPDATE OF search ON dossiers BEGIN"
  "  INSERT INTO dossier_fts (dossier_fts, rowid, search) VALUES ('delete', old.n, old.search);"
  "  INSERT INTO dossier_fts (rowid, search) VALUES (new.n, new.search);"
  "END;"
  "INSERT INTO dossier_fts (dossier_fts) VALUES ('rebuild');",

  /* 3: the queues' indexes; each ends in n so that a queue comes out in
   * the default order and pages by keyset without a sort. dossiers_n
   * repeats the key alone so that walking the keys of the whole cache
   * (the list model's anchors) reads a thin index, not the table. */
  "CREATE INDEX dossiers_n ON dossiers (n);"
  "CREATE INDEX dossiers_status ON dossiers (status, n);"
  "CREATE INDEX dossiers_department ON dossiers (department_id, status, n);"
  "CREATE INDEX dossiers_receiving ON dossiers (receiving_department_id, status, n);"
  "CREATE INDEX dossiers_assignee ON dossiers (assignee_id, status, n);"
  "CREATE INDEX dossiers_procedure ON dossiers (procedure_id);"
  "CREATE INDEX dossiers_due ON dossiers (due_key, n);"
  "CREATE INDEX dossiers_code ON dossiers (code_key, n);"
  "CREATE INDEX dossiers_id_number ON dossiers (id_number_key);",

  /* 4: the outbox (mc-outbox.c): actions written before they are sent.
   * Not part of what mc_cache_reset() drops: a resync must not lose work
   * the server has not acknowledged. */
  "CREATE TABLE outbox ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  key TEXT NOT NULL UNIQUE,"
  "  dossier_id TEXT,"
  "  base_version INTEGER NOT NULL,"
  "  action TEXT NOT NULL,"
  "  path TEXT NOT NULL,"
  "  body TEXT NOT NULL,"
  "  state INTEGER NOT NULL DEFAULT 0 CHECK (state IN (0, 1, 2)),"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  message TEXT,"
  "  error_code INTEGER NOT NULL DEFAULT -1,"
  "  created_at INTEGER NOT NULL,"
  "  finished_at INTEGER);"
  "CREATE INDEX outbox_state ON outbox (state, id);"
  "CREATE INDEX outbox_dossier ON outbox (dossier_id, id);",

  /* 5: the search index is kept by mc-cache.c rather than by triggers.
   * FTS5 writes its pending terms out as a new segment at the end of every
   * statement that touched it, so a trigger made one segment (and the
   * merges that follow) per dossier: more than half of the time of a first
   * sync. apply_page() now nets a page's changes and writes them with two
   * statements (fts_flush()). Only this file writes to dossiers. */
  "DROP TRIGGER IF EXISTS dossiers_fts_insert;"
  "DROP TRIGGER IF EXISTS dossiers_fts_delete;"
  "DROP TRIGGER IF EXISTS dossiers_fts_update;",

  /* 6: a first sync builds the queues' indexes and the search index once,
   * at its end (bulk_begin()); this mark, committed with the pages, says
   * they are unfinished so that an open after a crash finishes them. */
  "ALTER TABLE sync_state ADD COLUMN index_unfinished INTEGER NOT NULL DEFAULT 0;",

  /* 7: a department's or an officer's queue in due order (their default)
   * or newest first, without the status in between: through
   * (department_id, status, n) SQLite sorted the department's open
   * dossiers for every page, 110 ms for 120,000 of them, on the main
   * thread at every scroll and jump. Counting by status keeps the older
   * indexes. */
  "CREATE INDEX IF NOT EXISTS dossiers_department_due ON dossiers (department_id, due_key, n);"
  "CREATE INDEX IF NOT EXISTS dossiers_department_n ON dossiers (department_id, n);"
  "CREATE INDEX IF NOT EXISTS dossiers_assignee_due ON dossiers (assignee_id, due_key, n);"
  "CREATE INDEX IF NOT EXISTS dossiers_assignee_n ON dossiers (assignee_id, n);",
};

/* The queues' indexes of migrations 3 and 7, dropped and built again by a
 * first sync (its ANALYZE-free planner sees the same schema afterwards). */
static const char * const queue_indexes[][2] = {
  { "dossiers_n", "dossiers (n)" },
  { "dossiers_status", "dossiers (status, n)" },
  { "dossiers_department", "dossiers (department_id, status, n)" },
  { "dossiers_receiving", "dossiers (receiving_department_id, status, n)" },
  { "dossiers_assignee", "dossiers (assignee_id, status, n)" },
  { "dossiers_procedure", "dossiers (procedure_id)" },
  { "dossiers_due", "dossiers (due_key, n)" },
  { "dossiers_code", "dossiers (code_key, n)" },
  { "dossiers_id_number", "dossiers (id_number_key)" },
  { "dossiers_department_due", "dossiers (department_id, due_key, n)" },
  { "dossiers_department_n", "dossiers (department_id, n)" },
  { "dossiers_assignee_due", "dossiers (assignee_id, due_key, n)" },
  { "dossiers_assignee_n", "dossiers (assignee_id, n)" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == MC_CACHE_SCHEMA_VERSION);

static void
mc_cache_finalize (GObject *object)
{
  McCache *self = MC_CACHE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->fts_pending, g_hash_table_unref);
  g_clear_pointer (&self->procedure_keys, g_hash_table_unref);
  g_clear_object (&self->calendar);
  g_clear_pointer (&self->calendar_key, g_free);
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (mc_cache_parent_class)->finalize (object);
}

static void
mc_cache_class_init (McCacheClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_cache_finalize;
}

static void
mc_cache_init (McCache *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) sqlite3_finalize);
  self->fts_pending = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                             (GDestroyNotify) fts_change_free);
  self->procedure_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

sqlite3 *
_mc_cache_get_handle (McCache *self)
{
  return self->db;
}

/* SQLite's word that the file is not a database, or a broken one. */
static gboolean
is_damage (int rc)
{
  return (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB;
}

gboolean
_mc_cache_fail (McCache     *self,
                GError     **error,
                const char  *what)
{
  gboolean damaged = self->db != NULL && is_damage (sqlite3_extended_errcode (self->db));

  g_set_error (error, MC_CACHE_ERROR, damaged ? MC_CACHE_ERROR_DAMAGED : MC_CACHE_ERROR_QUERY,
               "%s: %s", what, self->db != NULL ? sqlite3_errmsg (self->db) : "");
  return FALSE;
}

/* A prepared statement, kept for the life of the connection. */
sqlite3_stmt *
_mc_cache_get_stmt (McCache     *self,
                    const char  *sql,
                    GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      _mc_cache_fail (self, error, _("Cannot prepare a query of the cache"));
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

static gboolean
exec (McCache     *self,
      const char  *sql,
      GError     **error)
{
  char *message = NULL;
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, MC_CACHE_ERROR, is_damage (rc) ? MC_CACHE_ERROR_DAMAGED : MC_CACHE_ERROR_QUERY,
                   "%s", message != NULL ? message : sqlite3_errmsg (self->db));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

/* Gives a failure to open @code, but keeps its word that the file is
 * damaged: that one the caller can do something about. */
static void
set_open_code (GError **error,
               int      code)
{
  if (error != NULL && *error != NULL && !g_error_matches (*error, MC_CACHE_ERROR, MC_CACHE_ERROR_DAMAGED))
    (*error)->code = code;
}

static void
rollback (McCache *self)
{
  /* Whatever a failed page noted for the index goes with it. */
  g_hash_table_remove_all (self->fts_pending);
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static void
bind_time_or_null (sqlite3_stmt *stmt,
                   int           index,
                   gint64        t)
{
  if (t != MC_TIME_NONE)
    sqlite3_bind_int64 (stmt, index, t);
  else
    sqlite3_bind_null (stmt, index);
}

static char *
column_strdup (sqlite3_stmt *stmt,
               int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

static gboolean
migrate (McCache  *self,
         int       target,
         GError  **error)
{
  sqlite3_stmt *stmt;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      return _mc_cache_fail (self, error, _("Cannot read the version of the cache"));
    }
  self->version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  if (self->version > MC_CACHE_SCHEMA_VERSION)
    {
      g_set_error (error, MC_CACHE_ERROR, MC_CACHE_ERROR_SCHEMA,
                   _("The cache was written by a newer version of this program (schema %d)"),
                   self->version);
      return FALSE;
    }

  while (self->version < target)
    {
      int next = self->version + 1;
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", next);

      if (!exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!exec (self, migrations[next - 1], error) ||
          !exec (self, bump, error) ||
          !exec (self, "COMMIT", error))
        {
          rollback (self);
          g_prefix_error (error, _("Cannot upgrade the cache to schema %d: "), next);
          set_open_code (error, MC_CACHE_ERROR_SCHEMA);
          return FALSE;
        }
      self->version = next;
    }
  return TRUE;
}

McCache *
_mc_cache_open_at_version (const char  *path,
                           int          version,
                           GError     **error)
{
  g_autoptr(McCache) self = NULL;
  g_autofree char *dir = NULL;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (version >= 1 && version <= MC_CACHE_SCHEMA_VERSION, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, MC_CACHE_ERROR, MC_CACHE_ERROR_OPEN,
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved));
      return NULL;
    }
  /* Create the file ourselves so that it is private from the first byte;
   * SQLite gives its -wal and -shm files the database file's mode. */
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0 || g_chmod (path, 0600) != 0)
    {
      int saved = errno;

      if (fd >= 0)
        g_close (fd, NULL);
      g_set_error (error, MC_CACHE_ERROR, MC_CACHE_ERROR_OPEN,
                   _("Cannot open the cache %s: %s"), path, g_strerror (saved));
      return NULL;
    }
  g_close (fd, NULL);

  self = g_object_new (MC_TYPE_CACHE, NULL);
  self->path = g_strdup (path);
  if (sqlite3_open_v2 (path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, MC_CACHE_ERROR, MC_CACHE_ERROR_OPEN,
                   _("Cannot open the cache %s: %s"), path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : "");
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);
  /* A cache can lose its last transactions on power loss (the next sync
   * fetches them again) but never its consistency: NORMAL is enough. */
  if (!exec (self,
             "PRAGMA journal_mode = WAL;"
             "PRAGMA synchronous = NORMAL;"
             "PRAGMA foreign_keys = ON;"
             "PRAGMA temp_store = MEMORY;", error))
    {
      g_prefix_error (error, _("Cannot open the cache %s: "), path);
      set_open_code (error, MC_CACHE_ERROR_OPEN);
      return NULL;
    }
  if (!migrate (self, version, error))
    return NULL;
  /* Where fts_flush() stages a page's changes to the search index. */
  if (!exec (self,
             "CREATE TEMP TABLE fts_delete (n INTEGER PRIMARY KEY, search TEXT NOT NULL);"
             "CREATE TEMP TABLE fts_insert (n INTEGER PRIMARY KEY, search TEXT NOT NULL);", error))
    {
      g_prefix_error (error, _("Cannot open the cache %s: "), path);
      set_open_code (error, MC_CACHE_ERROR_OPEN);
      return NULL;
    }

  return g_steal_pointer (&self);
}

McCache *
mc_cache_open (const char  *path,
               GError     **error)
{
  return _mc_cache_open_at_version (path, MC_CACHE_SCHEMA_VERSION, error);
}

/* Lower-case ASCII letters, digits, dots and dashes, at most @max bytes:
 * a readable part of a file name that cannot escape its folder. */
static void
append_safe (GString    *out,
             const char *text,
             gsize       max)
{
  gsize start = out->len;

  for (const char *p = text; *p != '\0' && out->len - start < max; p++)
    {
      char c = g_ascii_tolower (*p);

      if (g_ascii_isalnum (c) || c == '-' || (c == '.' && out->len > start))
        g_string_append_c (out, c);
      else if (out->len > start && out->str[out->len - 1] != '_')
        g_string_append_c (out, '_');
    }
  if (out->len == start)
    g_string_append_c (out, '_');
}

char *
mc_cache_default_path (const char *server_url,
                       const char *username)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GString) name = g_string_new (NULL);
  g_autofree char *identity = NULL;
  g_autofree char *digest = NULL;
  const char *host = NULL;

  g_return_val_if_fail (server_url != NULL, NULL);
  g_return_val_if_fail (username != NULL, NULL);

  uri = g_uri_parse (server_url, G_URI_FLAGS_NONE, NULL);
  if (uri != NULL)
    host = g_uri_get_host (uri);
  append_safe (name, host != NULL ? host : server_url, 40);
  if (uri != NULL && g_uri_get_port (uri) > 0)
    g_string_append_printf (name, "_%d", g_uri_get_port (uri));
  g_string_append_c (name, '-');
  append_safe (name, username, 32);
  /* The readable parts may collide (two URLs, odd user names); the digest
   * of the exact pair does not. */
  identity = g_strconcat (server_url, "\n", username, NULL);
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, identity, -1);
  g_string_append_printf (name, "-%.16s.db", digest);

  return g_build_filename (g_get_user_cache_dir (), "motcua", name->str, NULL);
}

const char *
mc_cache_get_path (McCache *self)
{
  g_return_val_if_fail (MC_IS_CACHE (self), NULL);
  return self->path;
}

int
mc_cache_get_schema_version (McCache *self)
{
  g_return_val_if_fail (MC_IS_CACHE (self), 0);
  return self->version;
}

/* Changes */

G_DEFINE_BOXED_TYPE (McCacheChanges, mc_cache_changes, mc_cache_changes_ref, mc_cache_changes_unref)

void
_mc_cache_image_free (McCacheImage *image)
{
  if (image == NULL)
    return;
  g_free (image->id);
  g_free (image->code_key);
  g_free (image->department_id);
  g_free (image->receiving_department_id);
  g_free (image->assignee_id);
  g_free (image->procedure_id);
  g_free (image->search);
  g_free (image);
}

static void
image_pair_free (McCacheImagePair *pair)
{
  _mc_cache_image_free (pair->before);
  _mc_cache_image_free (pair->after);
  g_free (pair);
}

McCacheChanges *
_mc_cache_changes_new (void)
{
  McCacheChanges *changes = g_new0 (McCacheChanges, 1);

  g_atomic_ref_count_init (&changes->ref);
  changes->inserted = g_ptr_array_new_with_free_func (g_free);
  changes->updated = g_ptr_array_new_with_free_func (g_free);
  changes->deleted = g_ptr_array_new_with_free_func (g_free);
  changes->pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) image_pair_free);
  changes->pair_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  return changes;
}

McCacheChanges *
mc_cache_changes_ref (McCacheChanges *changes)
{
  g_return_val_if_fail (changes != NULL, NULL);
  g_atomic_ref_count_inc (&changes->ref);
  return changes;
}

void
mc_cache_changes_unref (McCacheChanges *changes)
{
  g_return_if_fail (changes != NULL);
  if (!g_atomic_ref_count_dec (&changes->ref))
    return;
  g_ptr_array_unref (changes->inserted);
  g_ptr_array_unref (changes->updated);
  g_ptr_array_unref (changes->deleted);
  g_hash_table_unref (changes->pair_by_id);
  g_ptr_array_unref (changes->pairs);
  g_free (changes);
}

GPtrArray *
mc_cache_changes_get_inserted (McCacheChanges *changes)
{
  g_return_val_if_fail (changes != NULL, NULL);
  return changes->inserted;
}

GPtrArray *
mc_cache_changes_get_updated (McCacheChanges *changes)
{
  g_return_val_if_fail (changes != NULL, NULL);
  return changes->updated;
}

GPtrArray *
mc_cache_changes_get_deleted (McCacheChanges *changes)
{
  g_return_val_if_fail (changes != NULL, NULL);
  return changes->deleted;
}

gboolean
mc_cache_changes_is_empty (McCacheChanges *changes)
{
  g_return_val_if_fail (changes != NULL, TRUE);
  return changes->inserted->len == 0 && changes->updated->len == 0 &&
         changes->deleted->len == 0 && !changes->catalogues_changed &&
         !changes->calendar_changed;
}

gboolean
mc_cache_changes_get_catalogues_changed (McCacheChanges *changes)
{
  g_return_val_if_fail (changes != NULL, FALSE);
  return changes->catalogues_changed;
}

gboolean
mc_cache_changes_get_calendar_changed (McCacheChanges *changes)
{
  g_return_val_if_fail (changes != NULL, FALSE);
  return changes->calendar_changed;
}

static McCacheImagePair *
changes_pair (McCacheChanges *changes,
              const char     *id,
              McCacheImage   *before)
{
  McCacheImagePair *pair = g_hash_table_lookup (changes->pair_by_id, id);

  if (pair == NULL)
    {
      pair = g_new0 (McCacheImagePair, 1);
      pair->before = before;
      g_ptr_array_add (changes->pairs, pair);
      g_hash_table_insert (changes->pair_by_id,
                           before != NULL ? before->id : (char *) id, pair);
    }
  else
    _mc_cache_image_free (before);
  return pair;
}

static void
changes_finish (McCacheChanges *changes)
{
  for (guint i = 0; i < changes->pairs->len; i++)
    {
      McCacheImagePair *pair = g_ptr_array_index (changes->pairs, i);

      if (pair->before == NULL && pair->after != NULL)
        g_ptr_array_add (changes->inserted, g_strdup (pair->after->id));
      else if (pair->before != NULL && pair->after != NULL)
        g_ptr_array_add (changes->updated, g_strdup (pair->after->id));
      else if (pair->before != NULL)
        g_ptr_array_add (changes->deleted, g_strdup (pair->before->id));
    }
}

/* Applying a page */

#define SELECT_IMAGE \
  "SELECT n, due_key, code_key, status, department_id, receiving_department_id, " \
  "assignee_id, procedure_id, received_at, search, version, id FROM dossiers WHERE id = ?1"

static McCacheImage *
read_image (McCache     *self,
            const char  *id,
            int         *version,
            gboolean    *found,
            GError     **error)
{
  sqlite3_stmt *stmt;
  McCacheImage *image;
  int rc;

  *found = FALSE;
  if (!(stmt = get_stmt (self, SELECT_IMAGE, error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _mc_cache_fail (self, error, _("Cannot read a dossier of the cache"));
      sqlite3_reset (stmt);
      return NULL;
    }
  image = g_new0 (McCacheImage, 1);
  image->n = sqlite3_column_int64 (stmt, 0);
  image->due_key = sqlite3_column_int64 (stmt, 1);
  image->code_key = column_strdup (stmt, 2);
  image->status = sqlite3_column_int (stmt, 3);
  image->department_id = column_strdup (stmt, 4);
  image->receiving_department_id = column_strdup (stmt, 5);
  image->assignee_id = column_strdup (stmt, 6);
  image->procedure_id = column_strdup (stmt, 7);
  image->received_at = sqlite3_column_int64 (stmt, 8);
  image->search = column_strdup (stmt, 9);
  if (version != NULL)
    *version = sqlite3_column_int (stmt, 10);
  image->id = column_strdup (stmt, 11);
  sqlite3_reset (stmt);
  *found = TRUE;
  return image;
}

static char *
digits_only (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; p != NULL && *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

static char *
folded_or_empty (const char *text)
{
  return text != NULL ? mc_fold (text) : g_strdup ("");
}

static gboolean
lookup_procedure_key (McCache     *self,
                      const char  *procedure_id,
                      char       **key,
                      GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  *key = NULL;
  if (!(stmt = get_stmt (self, "SELECT name_key FROM procedures WHERE id = ?1", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, procedure_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *key = column_strdup (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _mc_cache_fail (self, error, _("Cannot read a procedure of the cache"));
  return TRUE;
}

/* The folded name of a procedure, looked up once per page (a first sync
 * has thousands of dossiers per page and a few hundred procedures). The
 * table is emptied whenever a page starts or a catalogue item comes. */
static gboolean
procedure_key (McCache     *self,
               const char  *procedure_id,
               const char **key,
               GError     **error)
{
  char *found = NULL;

  if (g_hash_table_lookup_extended (self->procedure_keys, procedure_id, NULL, (gpointer *) key))
    return TRUE;
  if (!lookup_procedure_key (self, procedure_id, &found, error))
    return FALSE;
  g_hash_table_insert (self->procedure_keys, g_strdup (procedure_id), found);
  *key = found;
  return TRUE;
}

/* A free n near received_at × N_SHIFT. */
static gboolean
allocate_n (McCache     *self,
            const char  *id,
            gint64       received_at,
            gint64      *n,
            GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 candidate;

  if (received_at < 0 || received_at > G_MAXINT64 / N_SHIFT - 1)
    {
      g_set_error (error, MC_CACHE_ERROR, MC_CACHE_ERROR_INVALID,
                   _("%s: out of range"), "received_at");
      return FALSE;
    }
  candidate = received_at * N_SHIFT + (g_str_hash (id) % N_SHIFT);
  if (!(stmt = get_stmt (self, "SELECT 1 FROM dossiers WHERE n = ?1", error)))
    return FALSE;
  for (;;)
    {
      int rc;

      sqlite3_bind_int64 (stmt, 1, candidate);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        break;
      if (rc != SQLITE_ROW)
        return _mc_cache_fail (self, error, _("Cannot write a dossier to the cache"));
      candidate++;
    }
  *n = candidate;
  return TRUE;
}

#define INSERT_DOSSIER \
  "INSERT INTO dossiers (n, id, code, code_key, status, substate, department_id, " \
  "receiving_department_id, assignee_id, procedure_id, applicant_name, id_number_key, " \
  "received_at, due_key, appointment_at, completed_at, version, seq, search) " \
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)"
#define UPDATE_DOSSIER \
  "UPDATE dossiers SET id = ?2, code = ?3, code_key = ?4, status = ?5, substate = ?6, " \
  "department_id = ?7, receiving_department_id = ?8, assignee_id = ?9, procedure_id = ?10, " \
  "applicant_name = ?11, id_number_key = ?12, received_at = ?13, due_key = ?14, " \
  "appointment_at = ?15, completed_at = ?16, version = ?17, seq = ?18, " \
  "search = ?19 WHERE n = ?1"

static gboolean
step_done (McCache      *self,
           sqlite3_stmt *stmt,
           const char   *what,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _mc_cache_fail (self, error, what);
  return TRUE;
}

/* Notes that row @n held @before (NULL: no row) and now holds @after (NULL:
 * deleted). Only the first @before of a row in a page counts: it is what
 * the index holds. Before schema 5 the triggers keep the index. */
static void
fts_note (McCache    *self,
          gint64      n,
          const char *before,
          const char *after)
{
  FtsChange *change;

  if (self->version < 5)
    return;
  change = g_hash_table_lookup (self->fts_pending, &n);
  if (change == NULL)
    {
      change = g_new0 (FtsChange, 1);
      change->n = n;
      change->before = g_strdup (before);
      g_hash_table_insert (self->fts_pending, &change->n, change);
    }
  g_free (change->after);
  change->after = g_strdup (after);
}

/* Writes the noted changes to the index: all the removals in one
 * statement, then all the additions in another, so that FTS5 writes one
 * segment for them rather than one per row. */
static gboolean
fts_flush (McCache  *self,
           GError  **error)
{
  const char *what = _("Cannot update the search index of the cache");
  GHashTableIter iter;
  FtsChange *change;
  sqlite3_stmt *del, *ins;
  gboolean any_delete = FALSE, any_insert = FALSE;

  if (g_hash_table_size (self->fts_pending) == 0)
    return TRUE;
  if (!(del = get_stmt (self, "INSERT INTO temp.fts_delete (n, search) VALUES (?1, ?2)", error)) ||
      !(ins = get_stmt (self, "INSERT INTO temp.fts_insert (n, search) VALUES (?1, ?2)", error)))
    return FALSE;
  g_hash_table_iter_init (&iter, self->fts_pending);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &change))
    {
      if (g_strcmp0 (change->before, change->after) == 0)
        continue;
      if (change->before != NULL)
        {
          sqlite3_bind_int64 (del, 1, change->n);
          sqlite3_bind_text (del, 2, change->before, -1, SQLITE_STATIC);
          if (!step_done (self, del, what, error))
            return FALSE;
          any_delete = TRUE;
        }
      if (change->after != NULL)
        {
          sqlite3_bind_int64 (ins, 1, change->n);
          sqlite3_bind_text (ins, 2, change->after, -1, SQLITE_STATIC);
          if (!step_done (self, ins, what, error))
            return FALSE;
          any_insert = TRUE;
        }
    }
  g_hash_table_remove_all (self->fts_pending);
  if (any_delete &&
      (!(del = get_stmt (self, "INSERT INTO dossier_fts (dossier_fts, rowid, search) "
                               "SELECT 'delete', n, search FROM temp.fts_delete", error)) ||
       !step_done (self, del, what, error)))
    return FALSE;
  if (any_insert &&
      (!(ins = get_stmt (self, "INSERT INTO dossier_fts (rowid, search) "
                               "SELECT n, search FROM temp.fts_insert", error)) ||
       !step_done (self, ins, what, error)))
    return FALSE;
  return exec (self, "DELETE FROM temp.fts_delete; DELETE FROM temp.fts_insert", error);
}

static gboolean
delete_dossier (McCache     *self,
                gint64       n,
                GError     **error)
{
  sqlite3_stmt *stmt;

  if (!(stmt = get_stmt (self, "DELETE FROM dossiers WHERE n = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, n);
  return step_done (self, stmt, _("Cannot delete a dossier from the cache"), error);
}

void
_mc_cache_dossier_columns_derive (McCacheDossierColumns *c)
{
  g_autofree char *phone_digits = NULL;
  g_autofree char *own = NULL;

  if (c->own_folded != NULL)
    return;
  c->id_digits = digits_only (c->id_number);
  phone_digits = digits_only (c->phone);
  own = g_strjoin (" ",
                   c->code != NULL ? c->code : "",
                   c->name != NULL ? c->name : "",
                   c->id_digits, phone_digits,
                   c->address != NULL ? c->address : "",
                   c->tax_code != NULL ? c->tax_code : "",
                   NULL);
  c->own_folded = mc_fold (own);
  c->code_key = folded_or_empty (c->code);
}

/* Writes one dossier: its columns, its search text, its document. */
static gboolean
write_dossier (McCache               *self,
               McCacheDossierColumns *c,
               const char            *doc,
               gsize                  doc_len,
               gint64                 seq,
               McCacheChanges        *changes,
               GError               **error)
{
  const char *proc_key;
  McCacheImage *before, *after;
  McCacheImagePair *pair;
  sqlite3_stmt *stmt;
  gboolean found;
  int old_version = 0;
  gint64 n = 0;
  gboolean update_in_place;

  before = read_image (self, c->id, &old_version, &found, error);
  if (!found && error != NULL && *error != NULL)
    return FALSE;
  if (before != NULL && old_version > c->version)
    {
      /* Stale: a newer version is already here. */
      _mc_cache_image_free (before);
      return TRUE;
    }

  if (!procedure_key (self, c->procedure_id, &proc_key, error))
    {
      _mc_cache_image_free (before);
      return FALSE;
    }
  _mc_cache_dossier_columns_derive (c);

  after = g_new0 (McCacheImage, 1);
  after->id = g_strdup (c->id);
  after->due_key = c->due_at != MC_TIME_NONE ? c->due_at : G_MAXINT64;
  after->code_key = g_strdup (c->code_key);
  after->status = c->status;
  after->department_id = g_strdup (c->department_id);
  after->receiving_department_id = g_strdup (c->receiving_department_id);
  after->assignee_id = g_strdup (c->assignee_id);
  after->procedure_id = g_strdup (c->procedure_id);
  after->received_at = c->received_at;
  after->search = g_strconcat (c->own_folded, " " SEARCH_SEPARATOR " ", proc_key != NULL ? proc_key : "", NULL);

  /* The stored row decides where the new one goes; only then does the
   * change record take the before image (and free it when the same
   * dossier came earlier in the page, so it must not be read after). */
  update_in_place = before != NULL && before->received_at == after->received_at;
  if (update_in_place)
    n = before->n;
  else if ((before != NULL && !delete_dossier (self, before->n, error)) ||
           !allocate_n (self, after->id, after->received_at, &n, error))
    {
      _mc_cache_image_free (before);
      _mc_cache_image_free (after);
      return FALSE;
    }
  after->n = n;
  /* In a first sync the index is built once at the end (see bulk_begin()). */
  if (!self->bulk)
    {
      if (before != NULL && !update_in_place)
        fts_note (self, before->n, before->search, NULL);
      fts_note (self, n, update_in_place ? before->search : NULL, after->search);
    }

  pair = changes_pair (changes, after->id, before);
  before = NULL;
  _mc_cache_image_free (pair->after);
  pair->after = after;

  if (!(stmt = get_stmt (self, update_in_place ? UPDATE_DOSSIER : INSERT_DOSSIER, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, n);
  sqlite3_bind_text (stmt, 2, after->id, -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 3, c->code);
  sqlite3_bind_text (stmt, 4, after->code_key, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, after->status);
  sqlite3_bind_int (stmt, 6, c->substate);
  sqlite3_bind_text (stmt, 7, after->department_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, after->receiving_department_id, -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 9, after->assignee_id);
  sqlite3_bind_text (stmt, 10, after->procedure_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, c->name != NULL ? c->name : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 12, c->id_digits, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 13, after->received_at);
  sqlite3_bind_int64 (stmt, 14, after->due_key);
  bind_time_or_null (stmt, 15, c->appointment_at);
  bind_time_or_null (stmt, 16, c->completed_at);
  sqlite3_bind_int (stmt, 17, c->version);
  sqlite3_bind_int64 (stmt, 18, seq);
  sqlite3_bind_text (stmt, 19, after->search, -1, SQLITE_STATIC);
  if (!step_done (self, stmt, _("Cannot write a dossier to the cache"), error))
    return FALSE;

  if (!(stmt = get_stmt (self, "INSERT OR REPLACE INTO dossier_docs (n, doc) VALUES (?1, ?2)", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, n);
  sqlite3_bind_text (stmt, 2, doc, (int) doc_len, SQLITE_STATIC);
  return step_done (self, stmt, _("Cannot write a dossier to the cache"), error);
}

static gboolean
apply_dossier (McCache         *self,
               JsonNode        *data,
               gint64           seq,
               McCacheChanges  *changes,
               GError         **error)
{
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *doc = NULL;
  McCacheDossierColumns c = { 0 };
  gboolean ok;
  gsize len = 0;

  if (!(dossier = mc_dossier_new_from_json (data, &local_error)))
    {
      g_set_error (error, MC_CACHE_ERROR, MC_CACHE_ERROR_INVALID,
                   "data.%s", local_error->message);
      return FALSE;
    }
  _mc_cache_dossier_columns_from_dossier (&c, dossier);
  doc = mc_json_to_data (data, &len);
  ok = write_dossier (self, &c, doc, len, seq, changes, error);
  _mc_cache_dossier_columns_clear (&c);
  return ok;
}

static gboolean
apply_tombstone (McCache         *self,
                 JsonObject      *item,
                 McCacheChanges  *changes,
                 GError         **error)
{
  g_autofree char *id = NULL;
  g_autoptr(GError) local_error = NULL;
  McCacheImage *before;
  McCacheImagePair *pair;
  gboolean found;
  gint64 n = 0;

  if (!mc_json_get_string (item, "id", FALSE, &id, &local_error))
    {
      g_set_error_literal (error, MC_CACHE_ERROR, MC_CACHE_ERROR_INVALID, local_error->message);
      return FALSE;
    }
  before = read_image (self, id, NULL, &found, error);
  if (!found)
    return error == NULL || *error == NULL;
  n = before->n;
  fts_note (self, n, before->search, NULL);
  pair = changes_pair (changes, id, before);
  g_clear_pointer (&pair->after, _mc_cache_image_free);
  return delete_dossier (self, n, error);
}

static gboolean
wire_to_cache_error (GError  *local_error,
                     GError **error)
{
  g_set_error (error, MC_CACHE_ERROR, MC_CACHE_ERROR_INVALID, "data.%s", local_error->message);
  return FALSE;
}

static gboolean
apply_catalogue (McCache     *self,
                 const char  *kind,
                 JsonNode    *data,
                 gint64       seq,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *doc = mc_json_to_data (data, NULL);
  sqlite3_stmt *stmt;

  if (g_str_equal (kind, "department"))
    {
      g_autoptr(McDepartment) department = mc_department_new_from_json (data, &local_error);

      if (department == NULL)
        return wire_to_cache_error (local_error, error);
      if (!(stmt = get_stmt (self, "INSERT OR REPLACE INTO departments (id, code, seq, doc) "
                                   "VALUES (?1, ?2, ?3, ?4)", error)))
        return FALSE;
      sqlite3_bind_text (stmt, 1, mc_department_get_id (department), -1, SQLITE_TRANSIENT);
      bind_text_or_null (stmt, 2, mc_department_get_code (department) != NULL ? mc_department_get_code (department) : "");
    }
  else if (g_str_equal (kind, "user"))
    {
      g_autoptr(McUser) user = mc_user_new_from_json (data, &local_error);

      if (user == NULL)
        return wire_to_cache_error (local_error, error);
      if (!(stmt = get_stmt (self, "INSERT OR REPLACE INTO users (id, username, seq, doc) "
                                   "VALUES (?1, ?2, ?3, ?4)", error)))
        return FALSE;
      sqlite3_bind_text (stmt, 1, mc_user_get_id (user), -1, SQLITE_TRANSIENT);
      bind_text_or_null (stmt, 2, mc_user_get_username (user) != NULL ? mc_user_get_username (user) : "");
    }
  else
    {
      g_autoptr(McProcedure) procedure = mc_procedure_new_from_json (data, &local_error);
      g_autofree char *old_key = NULL;
      g_autofree char *new_key = NULL;

      if (procedure == NULL)
        return wire_to_cache_error (local_error, error);
      if (!lookup_procedure_key (self, mc_procedure_get_id (procedure), &old_key, error))
        return FALSE;
      new_key = folded_or_empty (mc_procedure_get_name (procedure));
      /* The dossiers of a renamed procedure are found by its new name. */
      if (g_strcmp0 (old_key, new_key) != 0)
        {
          const char *what = _("Cannot write a procedure to the cache");
          gboolean manual_fts = self->version >= 5;

          /* The index must match the table before it is rewritten from it. */
          if (manual_fts && !fts_flush (self, error))
            return FALSE;
          if (manual_fts &&
              (!(stmt = get_stmt (self, "INSERT INTO dossier_fts (dossier_fts, rowid, search) "
                                        "SELECT 'delete', n, search FROM dossiers WHERE procedure_id = ?1", error)) ||
               (sqlite3_bind_text (stmt, 1, mc_procedure_get_id (procedure), -1, SQLITE_TRANSIENT),
                !step_done (self, stmt, what, error))))
            return FALSE;
          if (!(stmt = get_stmt (self, "UPDATE dossiers SET search = "
                                       "substr (search, 1, instr (search, char (31))) || ' ' || ?2 "
                                       "WHERE procedure_id = ?1", error)))
            return FALSE;
          sqlite3_bind_text (stmt, 1, mc_procedure_get_id (procedure), -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 2, new_key, -1, SQLITE_TRANSIENT);
          if (!step_done (self, stmt, what, error))
            return FALSE;
          if (manual_fts &&
              (!(stmt = get_stmt (self, "INSERT INTO dossier_fts (rowid, search) "
                                        "SELECT n, search FROM dossiers WHERE procedure_id = ?1", error)) ||
               (sqlite3_bind_text (stmt, 1, mc_procedure_get_id (procedure), -1, SQLITE_TRANSIENT),
                !step_done (self, stmt, what, error))))
            return FALSE;
        }
      if (!(stmt = get_stmt (self, "INSERT OR REPLACE INTO procedures (id, code, seq, doc, name_key) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5)", error)))
        return FALSE;
      sqlite3_bind_text (stmt, 1, mc_procedure_get_id (procedure), -1, SQLITE_TRANSIENT);
      bind_text_or_null (stmt, 2, mc_procedure_get_code (procedure) != NULL ? mc_procedure_get_code (procedure) : "");
      sqlite3_bind_text (stmt, 5, new_key, -1, SQLITE_TRANSIENT);
    }
  sqlite3_bind_int64 (stmt, 3, seq);
  sqlite3_bind_text (stmt, 4, doc, -1, SQLITE_STATIC);
  return step_done (self, stmt, _("Cannot write a catalogue to the cache"), error);
}

static gboolean
parse_date (const char *text,
            int        *year,
            int        *month,
            int        *day)
{
  char tail;

  if (text == NULL || strlen (text) != 10 ||
      sscanf (text, "%4d-%2d-%2d%c", year, month, day, &tail) != 3)
    return FALSE;
  return g_date_valid_dmy (*day, *month, *year);
}

static gboolean
parse_clock (const char *text,
             int        *minutes)
{
  int h, m;
  char tail;

  if (text == NULL || strlen (text) != 5 || sscanf (text, "%2d:%2d%c", &h, &m, &tail) != 2 ||
      h < 0 || h > 23 || m < 0 || m > 59)
    return FALSE;
  *minutes = h * 60 + m;
  return TRUE;
}

static gboolean
invalid (GError    **error,
         const char *member)
{
  g_set_error (error, MC_CACHE_ERROR, MC_CACHE_ERROR_INVALID,
               _("data.%s: invalid value"), member);
  return FALSE;
}

static gboolean
apply_calendar (McCache     *self,
                JsonNode    *data,
                gint64       seq,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *hours_text = NULL;
  g_autofree char *cutoff_text = NULL;
  JsonObject *object;
  JsonArray *days;
  McOfficeHours hours;
  sqlite3_stmt *stmt;
  gint64 year;
  int minutes;

  if (!(object = mc_json_node_get_object (data, "data", &local_error)) ||
      !mc_json_get_int (object, "year", MC_CALENDAR_FIRST_YEAR, MC_CALENDAR_LAST_YEAR, &year, &local_error) ||
      !mc_json_get_string (object, "office_hours", FALSE, &hours_text, &local_error) ||
      !mc_json_get_string (object, "same_day_cutoff", TRUE, &cutoff_text, &local_error) ||
      !mc_json_get_array (object, "days", &days, &local_error))
    return wire_to_cache_error (local_error, error);
  if (!mc_office_hours_parse (hours_text, &hours, NULL))
    return invalid (error, "office_hours");
  if (cutoff_text != NULL && !parse_clock (cutoff_text, &minutes))
    return invalid (error, "same_day_cutoff");

  if (!(stmt = get_stmt (self, "DELETE FROM calendar_years WHERE year = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, year);
  if (!step_done (self, stmt, _("Cannot write the calendar to the cache"), error))
    return FALSE;
  if (!(stmt = get_stmt (self, "INSERT INTO calendar_years (year, office_hours, same_day_cutoff, seq) "
                               "VALUES (?1, ?2, ?3, ?4)", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, year);
  sqlite3_bind_text (stmt, 2, hours_text, -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 3, cutoff_text);
  sqlite3_bind_int64 (stmt, 4, seq);
  if (!step_done (self, stmt, _("Cannot write the calendar to the cache"), error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (days); i++)
    {
      g_autofree char *date = NULL;
      g_autofree char *kind = NULL;
      g_autofree char *name = NULL;
      g_autofree char *member = g_strdup_printf ("days[%u]", i);
      JsonObject *day;
      int y, m, d;

      if (!(day = mc_json_array_get_object (days, "days", i, &local_error)) ||
          !mc_json_get_string (day, "date", FALSE, &date, &local_error) ||
          !mc_json_get_string (day, "kind", FALSE, &kind, &local_error) ||
          !mc_json_get_string (day, "name", TRUE, &name, &local_error))
        {
          g_prefix_error (&local_error, "days[%u].", i);
          return wire_to_cache_error (local_error, error);
        }
      if (!parse_date (date, &y, &m, &d) || y != year)
        return invalid (error, member);
      if (!g_str_equal (kind, "off") && !g_str_equal (kind, "work"))
        return invalid (error, member);
      if (!(stmt = get_stmt (self, "INSERT OR REPLACE INTO calendar_days (date, year, kind, name) "
                                   "VALUES (?1, ?2, ?3, ?4)", error)))
        return FALSE;
      sqlite3_bind_text (stmt, 1, date, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, year);
      sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_STATIC);
      bind_text_or_null (stmt, 4, name);
      if (!step_done (self, stmt, _("Cannot write the calendar to the cache"), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
apply_item (McCache         *self,
            JsonArray       *items,
            guint            index,
            McCacheChanges  *changes,
            GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *kind = NULL;
  JsonObject *item;
  JsonNode *data = NULL;
  gint64 seq;

  if (!(item = mc_json_array_get_object (items, "items", index, &local_error)) ||
      !mc_json_get_string (item, "kind", FALSE, &kind, &local_error) ||
      !mc_json_get_int (item, "seq", 0, G_MAXINT64, &seq, &local_error))
    {
      g_set_error_literal (error, MC_CACHE_ERROR, MC_CACHE_ERROR_INVALID, local_error->message);
      return FALSE;
    }

  if (g_str_equal (kind, "tombstone"))
    return apply_tombstone (self, item, changes, error);

  if (!g_str_equal (kind, "dossier") && !g_str_equal (kind, "department") &&
      !g_str_equal (kind, "procedure") && !g_str_equal (kind, "user") &&
      !g_str_equal (kind, "calendar"))
    return TRUE;   /* from a newer server */

  data = json_object_get_member (item, "data");
  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    {
      g_set_error (error, MC_CACHE_ERROR, MC_CACHE_ERROR_INVALID,
                   _("%s: missing or not an object"), "data");
      return FALSE;
    }
  if (g_str_equal (kind, "dossier"))
    return apply_dossier (self, data, seq, changes, error);
  if (g_str_equal (kind, "calendar"))
    {
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (data) ? json_node_get_object (data) : NULL;
      JsonNode *years = object ? json_object_get_member (object, "years") : NULL;

      changes->calendar_changed = TRUE;
      /* The feed sends the years a client needs at once (last, this and
       * next), each in the shape of GET /calendar. */
      if (years == NULL)
        return apply_calendar (self, data, seq, error);
      if (!JSON_NODE_HOLDS_ARRAY (years))
        {
          g_set_error (error, MC_CACHE_ERROR, MC_CACHE_ERROR_INVALID,
                       _("%s: not an array"), "data.years");
          return FALSE;
        }
      for (guint y = 0; y < json_array_get_length (json_node_get_array (years)); y++)
        {
          if (!apply_calendar (self, json_array_get_element (json_node_get_array (years), y), seq, error))
            {
              g_prefix_error (error, "data.years[%u].", y);
              return FALSE;
            }
        }
      return TRUE;
    }
  changes->catalogues_changed = TRUE;
  g_hash_table_remove_all (self->procedure_keys);
  return apply_catalogue (self, kind, data, seq, error);
}

gboolean
mc_cache_apply_page (McCache          *self,
                     JsonArray        *items,
                     const char       *next_cursor,
                     McCacheChanges  **out_changes,
                     GError          **error)
{
  g_autoptr(McCacheChanges) changes = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MC_IS_CACHE (self), FALSE);
  g_return_val_if_fail (items != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  changes = _mc_cache_changes_new ();
  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  g_hash_table_remove_all (self->procedure_keys);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      if (!apply_item (self, items, i, changes, error))
        {
          rollback (self);
          g_prefix_error (error, "items[%u].", i);
          return FALSE;
        }
    }
  if (!fts_flush (self, error) ||
      !(stmt = get_stmt (self, "UPDATE sync_state SET cursor = ?1 WHERE id = 1", error)))
    {
      rollback (self);
      return FALSE;
    }
  bind_text_or_null (stmt, 1, next_cursor);
  if (!step_done (self, stmt, _("Cannot write the sync cursor"), error) ||
      !exec (self, "COMMIT", error))
    {
      rollback (self);
      return FALSE;
    }

  changes_finish (changes);
  if (out_changes != NULL)
    *out_changes = g_steal_pointer (&changes);
  return TRUE;
}

/* First sync */

static gboolean
read_flag (McCache     *self,
           const char  *sql,
           gboolean    *out,
           GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = get_stmt (self, sql, error)))
    return FALSE;
  rc = sqlite3_step (stmt);
  *out = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _mc_cache_fail (self, error, _("Cannot read the sync cursor"));
  return TRUE;
}

/* In the page's transaction: a first sync that will take more than this
 * page drops the queues' indexes and leaves the search index empty; both
 * are built by bulk_finish() in the transaction of the last page. Inserting
 * into ten B-trees and an FTS index with twelve prefix indexes, row by
 * row, was most of what SQLite did in a first sync; building them from the
 * finished table sorts each once. */
static gboolean
bulk_begin (McCache  *self,
            gboolean  more,
            GError  **error)
{
  gboolean unfinished, any;

  self->bulk = FALSE;
  if (self->version < 6)
    return TRUE;
  if (!read_flag (self, "SELECT index_unfinished FROM sync_state WHERE id = 1", &unfinished, error))
    return FALSE;
  if (unfinished)
    {
      self->bulk = TRUE;
      return TRUE;
    }
  if (!more)
    return TRUE;
  if (!read_flag (self, "SELECT cursor IS NULL AND NOT EXISTS (SELECT 1 FROM dossiers) "
                        "FROM sync_state WHERE id = 1", &any, error))
    return FALSE;
  if (!any)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (queue_indexes); i++)
    {
      g_autofree char *sql = g_strdup_printf ("DROP INDEX IF EXISTS %s", queue_indexes[i][0]);

      if (!exec (self, sql, error))
        return FALSE;
    }
  if (!exec (self, "UPDATE sync_state SET index_unfinished = 1 WHERE id = 1", error))
    return FALSE;
  self->bulk = TRUE;
  return TRUE;
}

/* A page of a first sync dirties more pages than SQLite's default cache
 * holds (2 MiB): it spilled them to the WAL in the middle of the
 * transaction and wrote many again at its end. Enough for a page of the
 * feed (4 MiB of text) while the bulk lasts, the default after. */
#define BULK_CACHE_KIB 16384

static void
bulk_cache (McCache  *self,
            gboolean  bulk)
{
  if (bulk == self->bulk_cache)
    return;
  sqlite3_exec (self->db, bulk ? "PRAGMA cache_size = -" G_STRINGIFY (BULK_CACHE_KIB)
                               : "PRAGMA cache_size = -2000", NULL, NULL, NULL);
  if (!bulk)
    sqlite3_db_release_memory (self->db);
  self->bulk_cache = bulk;
}

/* In a transaction: builds what bulk_begin() left out, clears the mark. */
static gboolean
bulk_finish (McCache  *self,
             GError  **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (queue_indexes); i++)
    {
      g_autofree char *sql = g_strdup_printf ("CREATE INDEX IF NOT EXISTS %s ON %s",
                                              queue_indexes[i][0], queue_indexes[i][1]);

      if (!exec (self, sql, error))
        return FALSE;
    }
  /* 'rebuild' reads every row's search text from the content table. */
  if (!exec (self,
             "INSERT INTO dossier_fts (dossier_fts) VALUES ('rebuild');"
             "UPDATE sync_state SET index_unfinished = 0 WHERE id = 1;", error))
    return FALSE;
  self->bulk = FALSE;
  return TRUE;
}

gboolean
mc_cache_get_index_unfinished (McCache *self)
{
  gboolean unfinished = FALSE;

  g_return_val_if_fail (MC_IS_CACHE (self), FALSE);

  if (self->version < 6 ||
      !read_flag (self, "SELECT index_unfinished FROM sync_state WHERE id = 1", &unfinished, NULL))
    return FALSE;
  return unfinished;
}

gboolean
mc_cache_finish_index (McCache  *self,
                       GError  **error)
{
  g_return_val_if_fail (MC_IS_CACHE (self), FALSE);

  if (self->version < 6 || !mc_cache_get_index_unfinished (self))
    return TRUE;
  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!bulk_finish (self, error) || !exec (self, "COMMIT", error))
    {
      rollback (self);
      self->bulk = FALSE;
      return FALSE;
    }
  return TRUE;
}

static gboolean
feed_invalid (GError     **error,
              guint        index,
              const char  *message)
{
  if (index == G_MAXUINT)
    g_set_error_literal (error, MC_CACHE_ERROR, MC_CACHE_ERROR_INVALID, message);
  else
    g_set_error (error, MC_CACHE_ERROR, MC_CACHE_ERROR_INVALID, "items[%u].%s", index, message);
  return FALSE;
}

/* One item of a page as read: a dossier with its columns worked out, or
 * anything else (a few per sync), kept as its text for json-glib and
 * apply_item() at the time it is written. */
typedef struct {
  gboolean               dossier;
  gint64                 seq;
  McJsonSpan             span;      /* a dossier's document, or the whole item */
  McCacheDossierColumns  c;
} FeedItem;

struct _McCacheFeedPage {
  GBytes   *text;       /* owned: the spans point into it */
  GArray   *items;      /* FeedItem */
  char     *next;       /* owned */
  gboolean  more;
};

static void
feed_item_clear (FeedItem *item)
{
  _mc_cache_dossier_columns_clear (&item->c);
}

void
_mc_cache_feed_page_free (McCacheFeedPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->items, g_array_unref);
  g_clear_pointer (&page->text, g_bytes_unref);
  g_free (page->next);
  g_free (page);
}

const char *
_mc_cache_feed_page_get_next (McCacheFeedPage *page)
{
  return page->next;
}

gboolean
_mc_cache_feed_page_get_more (McCacheFeedPage *page)
{
  return page->more;
}

guint
_mc_cache_feed_page_get_n_items (McCacheFeedPage *page)
{
  return page->items->len;
}

static gboolean
read_feed_item (const McJsonSpan  *span,
                FeedItem          *out,
                GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  McJsonScan scan;
  McJsonSpan key, value, kind = { 0 }, data = { 0 };
  gboolean has_kind = FALSE, has_data = FALSE, has_seq = FALSE;

  if (span->kind != MC_JSON_SPAN_OBJECT)
    return feed_invalid (error, G_MAXUINT, _("The document is not a JSON object"));
  mc_json_scan_enter (&scan, span);
  while (mc_json_scan_next_member (&scan, &key, &value, &local_error))
    {
      if (mc_json_span_is (&key, "kind"))
        kind = value, has_kind = TRUE;
      else if (mc_json_span_is (&key, "data"))
        data = value, has_data = TRUE;
      else if (mc_json_span_is (&key, "seq"))
        {
          g_clear_error (&local_error);
          if (!mc_json_span_get_int (&value, "seq", 0, G_MAXINT64, &out->seq, &local_error))
            break;
          has_seq = TRUE;
        }
    }
  if (local_error == NULL && !(has_kind && has_seq))
    g_set_error (&local_error, MC_WIRE_ERROR, MC_WIRE_ERROR_MISSING_MEMBER,
                 _("%s: required member is missing"), has_kind ? "seq" : "kind");
  if (local_error != NULL)
    return feed_invalid (error, G_MAXUINT, local_error->message);

  if (!mc_json_span_is (&kind, "dossier"))
    {
      out->span = *span;
      return TRUE;
    }
  out->dossier = TRUE;
  if (!has_data || data.kind != MC_JSON_SPAN_OBJECT)
    {
      g_set_error (error, MC_CACHE_ERROR, MC_CACHE_ERROR_INVALID,
                   _("%s: missing or not an object"), "data");
      return FALSE;
    }
  if (!_mc_cache_dossier_columns_scan (&out->c, &data, &local_error))
    {
      g_set_error (error, MC_CACHE_ERROR, MC_CACHE_ERROR_INVALID, "data.%s", local_error->message);
      return FALSE;
    }
  _mc_cache_dossier_columns_derive (&out->c);
  out->span = data;
  return TRUE;
}

static McCacheFeedPage *
read_invalid (GError     **error,
              const char  *message)
{
  feed_invalid (error, G_MAXUINT, message);
  return NULL;
}

/* The page 0, items 1, an item 2, its document 3, the document's
 * members 4 (events, attachments, applicant). */
#define FEED_INDEX_DEPTH 4

McCacheFeedPage *
_mc_cache_feed_page_read (GBytes  *bytes,
                          GError **error)
{
  g_autoptr(McCacheFeedPage) page = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GHashTable) ends = g_hash_table_new (NULL, NULL);
  McJsonScan scan;
  McJsonSpan root, key, value, items = { 0 }, item;
  gboolean has_items = FALSE, has_next = FALSE, has_more = FALSE;
  gsize len = 0;
  const char *text = g_bytes_get_data (bytes, &len);
  guint i = 0;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  page = g_new0 (McCacheFeedPage, 1);
  page->text = g_bytes_ref (bytes);
  page->items = g_array_new (FALSE, TRUE, sizeof (FeedItem));
  g_array_set_clear_func (page->items, (GDestroyNotify) feed_item_clear);

  /* Size, depth and encoding before anything reads the page (json-glib
   * has no depth limit; the scanner below is bounded too). */
  if (!mc_json_check_limits (text != NULL ? text : "", len, MC_JSON_MAX_BYTES * 2,
                             MC_JSON_MAX_DEPTH, &local_error))
    return read_invalid (error, local_error->message);
  /* Checked once as grammar, noting where the page, its items, their
   * documents and the documents' members end (FEED_INDEX_DEPTH): walking
   * them below then steps over each at once. */
  mc_json_scan_init_indexed (&scan, text, len, ends, FEED_INDEX_DEPTH);
  if (!mc_json_scan_value (&scan, &root, &local_error) || !mc_json_scan_end (&scan, &local_error))
    return read_invalid (error, local_error->message);
  if (root.kind != MC_JSON_SPAN_OBJECT)
    return read_invalid (error, _("The document is not a JSON object"));
  mc_json_scan_enter (&scan, &root);
  while (mc_json_scan_next_member (&scan, &key, &value, &local_error))
    {
      if (mc_json_span_is (&key, "items"))
        items = value, has_items = TRUE;
      else if (mc_json_span_is (&key, "next"))
        {
          g_clear_pointer (&page->next, g_free);
          if (!(page->next = mc_json_span_dup_string (&value, "next", FALSE, &local_error)))
            break;
          has_next = TRUE;
        }
      else if (mc_json_span_is (&key, "more"))
        {
          if (value.kind != MC_JSON_SPAN_TRUE && value.kind != MC_JSON_SPAN_FALSE)
            {
              g_set_error (&local_error, MC_WIRE_ERROR, MC_WIRE_ERROR_WRONG_TYPE,
                           _("%s: expected true or false"), "more");
              break;
            }
          page->more = value.kind == MC_JSON_SPAN_TRUE;
          has_more = TRUE;
        }
    }
  if (local_error == NULL && !(has_items && has_next && has_more))
    g_set_error (&local_error, MC_WIRE_ERROR, MC_WIRE_ERROR_MISSING_MEMBER,
                 _("%s: required member is missing"), !has_items ? "items" : !has_next ? "next" : "more");
  if (local_error == NULL && items.kind != MC_JSON_SPAN_ARRAY)
    g_set_error (&local_error, MC_WIRE_ERROR, MC_WIRE_ERROR_WRONG_TYPE, _("%s: expected an array"), "items");
  if (local_error != NULL)
    return read_invalid (error, local_error->message);

  mc_json_scan_enter (&scan, &items);
  for (; mc_json_scan_next_element (&scan, &item, &local_error); i++)
    {
      FeedItem *read;

      g_array_set_size (page->items, i + 1);
      read = &g_array_index (page->items, FeedItem, i);
      if (!read_feed_item (&item, read, error))
        {
          g_prefix_error (error, "items[%u].", i);
          return NULL;
        }
    }
  if (local_error != NULL)
    return read_invalid (error, local_error->message);
  /* The table goes with this function. */
  for (i = 0; i < page->items->len; i++)
    g_array_index (page->items, FeedItem, i).span.ends = NULL;
  return g_steal_pointer (&page);
}

/* One item, as read_feed_item() left it. */
static gboolean
apply_feed_item (McCache         *self,
                 FeedItem        *item,
                 McCacheChanges  *changes,
                 GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonArray) one = NULL;

  if (item->dossier)
    return write_dossier (self, &item->c, item->span.text, item->span.len, item->seq, changes, error);

  /* Anything else is rare: its own small tree. */
  node = mc_json_parse (item->span.text, item->span.len, MC_JSON_MAX_BYTES, MC_JSON_MAX_DEPTH, &local_error);
  if (node == NULL)
    return feed_invalid (error, G_MAXUINT, local_error->message);
  one = json_array_new ();
  json_array_add_element (one, g_steal_pointer (&node));
  return apply_item (self, one, 0, changes, error);
}

gboolean
mc_cache_apply_feed_page (McCache          *self,
                          const char       *text,
                          gsize             len,
                          char            **next,
                          gboolean         *more,
                          guint            *n_items,
                          McCacheChanges  **out_changes,
                          GError          **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(McCacheFeedPage) page = NULL;

  g_return_val_if_fail (MC_IS_CACHE (self), FALSE);
  g_return_val_if_fail (text != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bytes = g_bytes_new_static (text != NULL ? text : "", len);
  page = _mc_cache_feed_page_read (bytes, error);
  if (page == NULL || !_mc_cache_apply_feed_page_read (self, page, out_changes, error))
    return FALSE;
  if (next != NULL)
    *next = g_strdup (page->next);
  if (more != NULL)
    *more = page->more;
  if (n_items != NULL)
    *n_items = page->items->len;
  return TRUE;
}

gboolean
_mc_cache_apply_feed_page_read (McCache          *self,
                                McCacheFeedPage  *page,
                                McCacheChanges  **out_changes,
                                GError          **error)
{
  g_autoptr(McCacheChanges) changes = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MC_IS_CACHE (self), FALSE);
  g_return_val_if_fail (page != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  changes = _mc_cache_changes_new ();
  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  g_hash_table_remove_all (self->procedure_keys);
  if (!bulk_begin (self, page->more, error))
    {
      rollback (self);
      self->bulk = FALSE;
      return FALSE;
    }
  bulk_cache (self, self->bulk);
  for (guint i = 0; i < page->items->len; i++)
    {
      if (!apply_feed_item (self, &g_array_index (page->items, FeedItem, i), changes, error))
        {
          rollback (self);
          self->bulk = FALSE;
          g_prefix_error (error, "items[%u].", i);
          return FALSE;
        }
    }
  if ((self->bulk && !page->more && !bulk_finish (self, error)) ||
      !fts_flush (self, error) ||
      !(stmt = get_stmt (self, "UPDATE sync_state SET cursor = ?1 WHERE id = 1", error)))
    {
      rollback (self);
      self->bulk = FALSE;
      return FALSE;
    }
  bind_text_or_null (stmt, 1, page->next);
  if (!step_done (self, stmt, _("Cannot write the sync cursor"), error) ||
      !exec (self, "COMMIT", error))
    {
      rollback (self);
      self->bulk = FALSE;
      return FALSE;
    }
  self->bulk = FALSE;
  if (!page->more)
    bulk_cache (self, FALSE);

  changes_finish (changes);
  if (out_changes != NULL)
    *out_changes = g_steal_pointer (&changes);
  return TRUE;
}

gboolean
mc_cache_get_cursor (McCache  *self,
                     char    **cursor,
                     GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (MC_IS_CACHE (self), FALSE);
  g_return_val_if_fail (cursor != NULL, FALSE);

  *cursor = NULL;
  if (!(stmt = get_stmt (self, "SELECT cursor FROM sync_state WHERE id = 1", error)))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *cursor = column_strdup (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _mc_cache_fail (self, error, _("Cannot read the sync cursor"));
  return TRUE;
}

gboolean
mc_cache_reset (McCache  *self,
                GError  **error)
{
  g_return_val_if_fail (MC_IS_CACHE (self), FALSE);

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  /* dossier_fts is emptied with its own command (no trigger keeps it since
   * schema 5); the docs go first so that no cascade runs. */
  if (!exec (self,
             "DELETE FROM dossier_docs;"
             "DELETE FROM dossiers;"
             "INSERT INTO dossier_fts (dossier_fts) VALUES ('delete-all');"
             "DELETE FROM departments;"
             "DELETE FROM procedures;"
             "DELETE FROM users;"
             "DELETE FROM calendar_days;"
             "DELETE FROM calendar_years;"
             "UPDATE sync_state SET cursor = NULL WHERE id = 1;"
             "COMMIT;", error))
    {
      rollback (self);
      g_prefix_error (error, _("Cannot clear the cache: "));
      return FALSE;
    }
  return TRUE;
}

/* Reading */

static JsonNode *
parse_doc (sqlite3_stmt  *stmt,
           int            column,
           GError       **error)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);
  int len = sqlite3_column_bytes (stmt, column);

  return mc_json_parse (text != NULL ? text : "", len, MC_JSON_MAX_BYTES, MC_JSON_MAX_DEPTH, error);
}

McDossier *
mc_cache_get_dossier (McCache     *self,
                      const char  *id,
                      GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  McDossier *dossier;
  int rc;

  g_return_val_if_fail (MC_IS_CACHE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(stmt = get_stmt (self, "SELECT doc FROM dossier_docs WHERE n = "
                               "(SELECT n FROM dossiers WHERE id = ?1)", error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      g_set_error (error, MC_CACHE_ERROR, MC_CACHE_ERROR_NOT_FOUND,
                   _("No dossier %s in the cache"), id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _mc_cache_fail (self, error, _("Cannot read a dossier of the cache"));
      sqlite3_reset (stmt);
      return NULL;
    }
  node = parse_doc (stmt, 0, &local_error);
  sqlite3_reset (stmt);
  if (node == NULL || !(dossier = mc_dossier_new_from_json (node, &local_error)))
    {
      g_set_error (error, MC_CACHE_ERROR, MC_CACHE_ERROR_INVALID,
                   _("The cached dossier %s is damaged: %s"), id, local_error->message);
      return NULL;
    }
  return dossier;
}

guint
mc_cache_get_n_dossiers (McCache  *self,
                         GError  **error)
{
  sqlite3_stmt *stmt;
  guint n = 0;

  g_return_val_if_fail (MC_IS_CACHE (self), 0);

  if (!(stmt = get_stmt (self, "SELECT count(*) FROM dossiers", error)))
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = (guint) sqlite3_column_int64 (stmt, 0);
  else
    _mc_cache_fail (self, error, _("Cannot count the dossiers of the cache"));
  sqlite3_reset (stmt);
  return n;
}

typedef gpointer (*DecodeFunc) (JsonNode *node, GError **error);

static GPtrArray *
list_docs (McCache     *self,
           const char  *sql,
           const char  *id,
           DecodeFunc   decode,
           GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = get_stmt (self, sql, error)))
    return NULL;
  if (id != NULL)
    sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonNode) node = parse_doc (stmt, 0, &local_error);
      gpointer object = node != NULL ? decode (node, &local_error) : NULL;

      if (object == NULL)
        {
          sqlite3_reset (stmt);
          g_set_error (error, MC_CACHE_ERROR, MC_CACHE_ERROR_INVALID,
                       _("The cache is damaged: %s"), local_error->message);
          return NULL;
        }
      g_ptr_array_add (list, object);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _mc_cache_fail (self, error, _("Cannot read the catalogues of the cache"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

GPtrArray *
mc_cache_list_departments (McCache  *self,
                           GError  **error)
{
  g_return_val_if_fail (MC_IS_CACHE (self), NULL);
  return list_docs (self, "SELECT doc FROM departments ORDER BY code, id", NULL,
                    (DecodeFunc) mc_department_new_from_json, error);
}

GPtrArray *
mc_cache_list_procedures (McCache  *self,
                          GError  **error)
{
  g_return_val_if_fail (MC_IS_CACHE (self), NULL);
  return list_docs (self, "SELECT doc FROM procedures ORDER BY code, id", NULL,
                    (DecodeFunc) mc_procedure_new_from_json, error);
}

GPtrArray *
mc_cache_list_users (McCache  *self,
                     GError  **error)
{
  g_return_val_if_fail (MC_IS_CACHE (self), NULL);
  return list_docs (self, "SELECT doc FROM users ORDER BY username, id", NULL,
                    (DecodeFunc) mc_user_new_from_json, error);
}

McProcedure *
mc_cache_get_procedure (McCache     *self,
                        const char  *id,
                        GError     **error)
{
  g_autoptr(GPtrArray) list = NULL;

  g_return_val_if_fail (MC_IS_CACHE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (!(list = list_docs (self, "SELECT doc FROM procedures WHERE id = ?1", id,
                          (DecodeFunc) mc_procedure_new_from_json, error)))
    return NULL;
  if (list->len == 0)
    {
      g_set_error (error, MC_CACHE_ERROR, MC_CACHE_ERROR_NOT_FOUND,
                   _("No procedure %s in the cache"), id);
      return NULL;
    }
  return g_object_ref (g_ptr_array_index (list, 0));
}

/* The server lists, per year, every non-working Monday–Friday and every
 * working Saturday/Sunday after its exceptions. Adding each listed day as
 * an exception is not enough: a default holiday the administrator made a
 * working day is simply absent from the listing. So the listing is
 * compared with what a default calendar lists for the year, both ways:
 * a listed day becomes an exception of its kind (with the server's name),
 * and a day the default lists but the server does not becomes an ordinary
 * day again (a working weekday, a resting weekend). The result lists
 * exactly the server's days, whatever holiday rules this client has. */
static McCalendar *
load_calendar (McCache  *self,
               GError  **error)
{
  g_autoptr(McCalendar) calendar = mc_calendar_new ();
  g_autoptr(McCalendar) defaults = mc_calendar_new ();
  g_autoptr(GArray) years = g_array_new (FALSE, FALSE, sizeof (int));
  sqlite3_stmt *stmt;
  gboolean hours_set = FALSE;
  int rc;

  if (!(stmt = get_stmt (self, "SELECT year, office_hours, same_day_cutoff FROM calendar_years "
                               "ORDER BY year DESC", error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int year = sqlite3_column_int (stmt, 0);

      g_array_append_val (years, year);
      if (!hours_set)
        {
          McOfficeHours hours;
          int cutoff;

          hours_set = TRUE;
          if (mc_office_hours_parse ((const char *) sqlite3_column_text (stmt, 1), &hours, NULL))
            {
              if (parse_clock ((const char *) sqlite3_column_text (stmt, 2), &cutoff))
                hours.same_day_cutoff = cutoff;
              mc_calendar_set_office_hours (calendar, &hours, NULL);
              mc_calendar_set_office_hours (defaults, &hours, NULL);
            }
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _mc_cache_fail (self, error, _("Cannot read the calendar of the cache"));
      return NULL;
    }

  for (guint i = 0; i < years->len; i++)
    {
      int year = g_array_index (years, int, i);
      g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(GArray) entries = NULL;

      if (!(stmt = get_stmt (self, "SELECT date, kind, name FROM calendar_days WHERE year = ?1", error)))
        return NULL;
      sqlite3_bind_int (stmt, 1, year);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *date = (const char *) sqlite3_column_text (stmt, 0);
          const char *kind = (const char *) sqlite3_column_text (stmt, 1);
          const char *name = (const char *) sqlite3_column_text (stmt, 2);
          int y, m, d;

          if (!parse_date (date, &y, &m, &d))
            continue;
          mc_calendar_add_exception (calendar, y, m, d,
                                     g_strcmp0 (kind, "work") == 0 ? MC_EXCEPTION_WORK : MC_EXCEPTION_OFF,
                                     name, NULL);
          g_hash_table_add (listed, g_strdup (date));
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          _mc_cache_fail (self, error, _("Cannot read the calendar of the cache"));
          return NULL;
        }

      if (!(entries = mc_calendar_list_year (defaults, year, error)))
        return NULL;
      for (guint j = 0; j < entries->len; j++)
        {
          const McCalendarEntry *e = &g_array_index (entries, McCalendarEntry, j);
          char date[16];

          g_snprintf (date, sizeof date, "%04d-%02d-%02d", e->year, e->month, e->day);
          if (g_hash_table_contains (listed, date))
            continue;
          mc_calendar_add_exception (calendar, e->year, e->month, e->day,
                                     e->kind == MC_DAY_OFF ? MC_EXCEPTION_WORK : MC_EXCEPTION_OFF,
                                     NULL, NULL);
        }
    }

  return g_steal_pointer (&calendar);
}

/* What the cached years are now: every change to a year replaces its row
 * with the change's sequence number, so the count and the sum of them
 * tell whether anything changed since the calendar was last loaded. */
static char *
calendar_key (McCache  *self,
              GError  **error)
{
  sqlite3_stmt *stmt;
  char *key;

  if (!(stmt = get_stmt (self, "SELECT count(*), total(seq), (SELECT count(*) FROM calendar_days) "
                               "FROM calendar_years", error)))
    return NULL;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      _mc_cache_fail (self, error, _("Cannot read the calendar of the cache"));
      return NULL;
    }
  key = g_strdup_printf ("%lld %.17g %lld",
                         (long long) sqlite3_column_int64 (stmt, 0),
                         sqlite3_column_double (stmt, 1),
                         (long long) sqlite3_column_int64 (stmt, 2));
  sqlite3_reset (stmt);
  return key;
}

/* Loaded once and shared while the cached years stay the same: building a
 * calendar's table of days takes milliseconds, and the sidebar, the list,
 * the detail pane and the alerts each ask for it when the window opens. */
McCalendar *
mc_cache_load_calendar (McCache  *self,
                        GError  **error)
{
  g_autofree char *key = NULL;
  McCalendar *calendar;

  g_return_val_if_fail (MC_IS_CACHE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(key = calendar_key (self, error)))
    return NULL;
  if (self->calendar != NULL && g_str_equal (key, self->calendar_key))
    return g_object_ref (self->calendar);
  if (!(calendar = load_calendar (self, error)))
    return NULL;
  g_set_object (&self->calendar, calendar);
  g_free (self->calendar_key);
  self->calendar_key = g_steal_pointer (&key);
  return calendar;
}
