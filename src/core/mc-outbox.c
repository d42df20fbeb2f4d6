/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-cache-private.h"
#include "mc-json.h"
#include "mc-outbox.h"

/* Why the outbox looks the way it does:
 *
 * - The body is stored as the exact bytes sent, not rebuilt: the server
 *   recognises a replayed Idempotency-Key by the key and a hash of the
 *   request, so a resend after a crash must be byte for byte the same.
 * - Every write that changes what the server must eventually see (a new
 *   entry, an entry done or failed) is committed with synchronous = FULL:
 *   an action the person was told is saved survives a power cut. The rest
 *   of the cache stays at NORMAL; the next sync refetches it.
 * - Nothing here talks to the network: McSync does, in order. */

#define ENTRY_COLUMNS \
  "id, key, dossier_id, base_version, action, path, body, state, attempts, message, " \
  "error_code, created_at"

/* Done entries are history nobody reads after a while. */
#define KEEP_DONE_SECONDS (7 * 24 * 3600)

G_DEFINE_BOXED_TYPE (McOutboxEntry, mc_outbox_entry, mc_outbox_entry_copy, mc_outbox_entry_free)

McOutboxEntry *
mc_outbox_entry_copy (const McOutboxEntry *entry)
{
  McOutboxEntry *copy;

  g_return_val_if_fail (entry != NULL, NULL);

  copy = g_memdup2 (entry, sizeof *entry);
  copy->key = g_strdup (entry->key);
  copy->dossier_id = g_strdup (entry->dossier_id);
  copy->action = g_strdup (entry->action);
  copy->path = g_strdup (entry->path);
  copy->body = g_strdup (entry->body);
  copy->message = g_strdup (entry->message);
  return copy;
}

void
mc_outbox_entry_free (McOutboxEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->key);
  g_free (entry->dossier_id);
  g_free (entry->action);
  g_free (entry->path);
  g_free (entry->body);
  g_free (entry->message);
  g_free (entry);
}

static char *
column_strdup (sqlite3_stmt *stmt,
               int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

static McOutboxEntry *
entry_from_stmt (sqlite3_stmt *stmt)
{
  McOutboxEntry *entry = g_new0 (McOutboxEntry, 1);

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->key = column_strdup (stmt, 1);
  entry->dossier_id = column_strdup (stmt, 2);
  entry->base_version = sqlite3_column_int (stmt, 3);
  entry->action = column_strdup (stmt, 4);
  entry->path = column_strdup (stmt, 5);
  entry->body = column_strdup (stmt, 6);
  entry->state = (McOutboxState) sqlite3_column_int (stmt, 7);
  entry->attempts = sqlite3_column_int (stmt, 8);
  entry->message = column_strdup (stmt, 9);
  entry->error_code = sqlite3_column_int (stmt, 10);
  entry->created_at = sqlite3_column_int64 (stmt, 11);
  return entry;
}

static gboolean
exec (McCache     *cache,
      const char  *sql,
      GError     **error)
{
  if (sqlite3_exec (_mc_cache_get_handle (cache), sql, NULL, NULL, NULL) != SQLITE_OK)
    return _mc_cache_fail (cache, error, _("Cannot write the outbox"));
  return TRUE;
}

static void
durable_end (McCache *cache)
{
  sqlite3 *db = _mc_cache_get_handle (cache);

  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_exec (db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
}

/* Runs one prepared write in its own transaction, synced to disk before
 * COMMIT returns. */
static gboolean
durable_step (McCache       *cache,
              sqlite3_stmt  *stmt,
              GError       **error)
{
  int rc;

  /* The level only changes outside a transaction. */
  if (!exec (cache, "PRAGMA synchronous = FULL", error))
    return FALSE;
  if (!exec (cache, "BEGIN IMMEDIATE", error))
    {
      durable_end (cache);
      return FALSE;
    }
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _mc_cache_fail (cache, error, _("Cannot write the outbox"));
      durable_end (cache);
      return FALSE;
    }
  if (!exec (cache, "COMMIT", error))
    {
      durable_end (cache);
      return FALSE;
    }
  durable_end (cache);
  return TRUE;
}

McOutboxEntry *
mc_outbox_enqueue (McCache     *cache,
                   const char  *dossier_id,
                   int          base_version,
                   JsonNode    *action,
                   GError     **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  sqlite3_stmt *stmt;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_val_if_fail (MC_IS_CACHE (cache), NULL);
  g_return_val_if_fail (action != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(object = mc_json_node_get_object (action, NULL, &local_error)) ||
      (dossier_id != NULL && !mc_json_get_string (object, "action", FALSE, &name, &local_error)))
    {
      g_set_error (error, MC_CACHE_ERROR, MC_CACHE_ERROR_INVALID,
                   _("Not an action: %s"), local_error->message);
      return NULL;
    }
  if (dossier_id != NULL && base_version < 1)
    {
      g_set_error (error, MC_CACHE_ERROR, MC_CACHE_ERROR_INVALID,
                   _("Not an action: %s"), "version");
      return NULL;
    }

  /* A copy with our version: the caller's node may be sealed. */
  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      if (dossier_id != NULL && g_str_equal (l->data, "version"))
        continue;
      json_builder_set_member_name (builder, l->data);
      json_builder_add_value (builder, json_node_copy (json_object_get_member (object, l->data)));
    }
  if (dossier_id != NULL)
    mc_json_builder_add_int (builder, "version", base_version);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = mc_json_to_data (root, NULL);

  if (dossier_id != NULL && g_str_equal (name, MC_OUTBOX_UPLOAD))
    {
      /* The file waits in the account's uploads folder (mc-sync-upload.c);
       * the body records what it is. */
      g_autofree char *escaped = g_uri_escape_string (dossier_id, NULL, FALSE);
      g_autofree char *file_name = NULL;
      g_autofree char *kind = NULL;
      g_autofree char *sha256 = NULL;
      g_autofree char *escaped_name = NULL;
      McAttachmentKind attachment_kind;

      if (!mc_json_get_string (object, "name", FALSE, &file_name, &local_error) ||
          !mc_json_get_string (object, "kind", FALSE, &kind, &local_error) ||
          !mc_json_get_string (object, "sha256", FALSE, &sha256, &local_error))
        {
          g_set_error (error, MC_CACHE_ERROR, MC_CACHE_ERROR_INVALID,
                       _("Not an action: %s"), local_error->message);
          return NULL;
        }
      if (!mc_attachment_kind_from_string (kind, &attachment_kind))
        {
          g_set_error (error, MC_CACHE_ERROR, MC_CACHE_ERROR_INVALID,
                       _("Not an action: %s"), "kind");
          return NULL;
        }
      escaped_name = g_uri_escape_string (file_name, NULL, FALSE);
      path = g_strdup_printf ("/api/v1/dossiers/%s/attachments?kind=%s&name=%s",
                              escaped, mc_attachment_kind_to_string (attachment_kind), escaped_name);
      /* The required component it satisfies, when the officer named one. */
      if (json_object_has_member (object, "component") && !mc_json_member_is_null (object, "component"))
        {
          gint64 component;
          char *with_component;

          if (!mc_json_get_int (object, "component", 0, G_MAXINT32, &component, &local_error))
            {
              g_set_error (error, MC_CACHE_ERROR, MC_CACHE_ERROR_INVALID,
                           _("Not an action: %s"), local_error->message);
              return NULL;
            }
          with_component = g_strdup_printf ("%s&component=%" G_GINT64_FORMAT, path, component);
          g_free (path);
          path = with_component;
        }
    }
  else if (dossier_id != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (dossier_id, NULL, FALSE);
      path = g_strdup_printf ("/api/v1/dossiers/%s/actions", escaped);
    }
  else
    {
      path = g_strdup ("/api/v1/dossiers");
      name = g_strdup ("register");
      base_version = 0;
    }
  key = g_uuid_string_random ();

  if (!(stmt = _mc_cache_get_stmt (cache,
                                   "INSERT INTO outbox (key, dossier_id, base_version, action, path, body, "
                                   "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (dossier_id != NULL)
    sqlite3_bind_text (stmt, 2, dossier_id, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 2);
  sqlite3_bind_int (stmt, 3, base_version);
  sqlite3_bind_text (stmt, 4, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, path, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, body, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, now);
  if (!durable_step (cache, stmt, error))
    {
      sqlite3_clear_bindings (stmt);
      return NULL;
    }
  sqlite3_clear_bindings (stmt);

  {
    McOutboxEntry *entry = g_new0 (McOutboxEntry, 1);

    entry->id = sqlite3_last_insert_rowid (_mc_cache_get_handle (cache));
    entry->key = g_steal_pointer (&key);
    entry->dossier_id = g_strdup (dossier_id);
    entry->base_version = base_version;
    entry->action = g_steal_pointer (&name);
    entry->path = g_steal_pointer (&path);
    entry->body = g_steal_pointer (&body);
    entry->state = MC_OUTBOX_PENDING;
    entry->error_code = -1;
    entry->created_at = now;
    return entry;
  }
}

McOutboxEntry *
mc_outbox_next_pending (McCache  *cache,
                        GError  **error)
{
  sqlite3_stmt *stmt;
  McOutboxEntry *entry = NULL;
  int rc;

  g_return_val_if_fail (MC_IS_CACHE (cache), NULL);

  if (!(stmt = _mc_cache_get_stmt (cache, "SELECT " ENTRY_COLUMNS " FROM outbox WHERE state = 0 "
                                          "ORDER BY id LIMIT 1", error)))
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    entry = entry_from_stmt (stmt);
  else if (rc != SQLITE_DONE)
    _mc_cache_fail (cache, error, _("Cannot read the outbox"));
  sqlite3_reset (stmt);
  return entry;
}

gboolean
mc_outbox_count_pending (McCache  *cache,
                         guint    *count,
                         GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (MC_IS_CACHE (cache), FALSE);
  g_return_val_if_fail (count != NULL, FALSE);

  if (!(stmt = _mc_cache_get_stmt (cache, "SELECT count(*) FROM outbox WHERE state = 0", error)))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *count = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _mc_cache_fail (cache, error, _("Cannot read the outbox"));
  return TRUE;
}

static GPtrArray *
list_entries (McCache     *cache,
              const char  *sql,
              const char  *dossier_id,
              GError     **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_outbox_entry_free);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _mc_cache_get_stmt (cache, sql, error)))
    return NULL;
  if (dossier_id != NULL)
    sqlite3_bind_text (stmt, 1, dossier_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (entries, entry_from_stmt (stmt));
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      _mc_cache_fail (cache, error, _("Cannot read the outbox"));
      return NULL;
    }
  return g_steal_pointer (&entries);
}

GPtrArray *
mc_outbox_list_for_dossier (McCache     *cache,
                            const char  *dossier_id,
                            GError     **error)
{
  g_return_val_if_fail (MC_IS_CACHE (cache), NULL);
  g_return_val_if_fail (dossier_id != NULL, NULL);

  return list_entries (cache, "SELECT " ENTRY_COLUMNS " FROM outbox WHERE dossier_id = ?1 "
                              "AND state IN (0, 2) ORDER BY id", dossier_id, error);
}

GPtrArray *
mc_outbox_list (McCache  *cache,
                GError  **error)
{
  g_return_val_if_fail (MC_IS_CACHE (cache), NULL);

  return list_entries (cache, "SELECT " ENTRY_COLUMNS " FROM outbox ORDER BY id", NULL, error);
}

gboolean
mc_outbox_note_attempt (McCache  *cache,
                        gint64    id,
                        GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (MC_IS_CACHE (cache), FALSE);

  /* A counter for the person and for tests; it need not be durable. */
  if (!(stmt = _mc_cache_get_stmt (cache, "UPDATE outbox SET attempts = attempts + 1 WHERE id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _mc_cache_fail (cache, error, _("Cannot write the outbox"));
  return TRUE;
}

gboolean
mc_outbox_mark_done (McCache  *cache,
                     gint64    id,
                     GError  **error)
{
  sqlite3_stmt *stmt;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_val_if_fail (MC_IS_CACHE (cache), FALSE);

  if (!(stmt = _mc_cache_get_stmt (cache, "UPDATE outbox SET state = 1, finished_at = ?2, message = NULL "
                                          "WHERE id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, now);
  if (!durable_step (cache, stmt, error))
    return FALSE;

  /* Old history goes; a failure here costs nothing. */
  if ((stmt = _mc_cache_get_stmt (cache, "DELETE FROM outbox WHERE state = 1 AND finished_at < ?1", NULL)))
    {
      sqlite3_bind_int64 (stmt, 1, now - KEEP_DONE_SECONDS);
      sqlite3_step (stmt);
      sqlite3_reset (stmt);
    }
  return TRUE;
}

gboolean
mc_outbox_mark_failed (McCache     *cache,
                       gint64       id,
                       int          error_code,
                       const char  *message,
                       GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (MC_IS_CACHE (cache), FALSE);

  if (!(stmt = _mc_cache_get_stmt (cache, "UPDATE outbox SET state = 2, finished_at = ?2, error_code = ?3, "
                                          "message = ?4 WHERE id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_int (stmt, 3, error_code);
  sqlite3_bind_text (stmt, 4, message != NULL ? message : "", -1, SQLITE_TRANSIENT);
  ok = durable_step (cache, stmt, error);
  sqlite3_clear_bindings (stmt);
  return ok;
}

gboolean
mc_outbox_dismiss (McCache  *cache,
                   gint64    id,
                   GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (MC_IS_CACHE (cache), FALSE);

  if (!(stmt = _mc_cache_get_stmt (cache, "DELETE FROM outbox WHERE id = ?1 AND state = 2", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _mc_cache_fail (cache, error, _("Cannot write the outbox"));
  return TRUE;
}

gboolean
mc_outbox_take_from (McCache     *cache,
                     const char  *path,
                     guint       *n_taken,
                     GError     **error)
{
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  char *attach;
  gboolean ok;

  g_return_val_if_fail (MC_IS_CACHE (cache), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_taken != NULL)
    *n_taken = 0;
  db = _mc_cache_get_handle (cache);
  /* Read write, so that SQLite may replay the file's log: the newest
   * actions may be there. */
  attach = sqlite3_mprintf ("ATTACH %Q AS other", path);
  ok = sqlite3_exec (db, attach, NULL, NULL, NULL) == SQLITE_OK;
  sqlite3_free (attach);
  if (!ok)
    return _mc_cache_fail (cache, error, _("Cannot read the damaged cache"));
  /* Entries not acknowledged, and refusals the officer has not read yet:
   * a resend of an action the server had applied is recognised by its
   * Idempotency-Key, not applied again. */
  ok = sqlite3_prepare_v2 (db,
                           "INSERT INTO main.outbox (key, dossier_id, base_version, action, path, body, state,"
                           "                         attempts, message, error_code, created_at, finished_at)"
                           "  SELECT key, dossier_id, base_version, action, path, body, state,"
                           "         attempts, message, error_code, created_at, finished_at"
                           "  FROM other.outbox WHERE state IN (0, 2)"
                           "  AND key NOT IN (SELECT key FROM main.outbox) ORDER BY id",
                           -1, &stmt, NULL) == SQLITE_OK;
  if (!ok)
    _mc_cache_fail (cache, error, _("Cannot read the actions kept in the damaged cache"));
  else if ((ok = durable_step (cache, stmt, error)) && n_taken != NULL)
    *n_taken = (guint) sqlite3_changes (db);
  sqlite3_finalize (stmt);
  sqlite3_exec (db, "DETACH other", NULL, NULL, NULL);
  return ok;
}
