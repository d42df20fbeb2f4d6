/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-attachment-cache.h"
#include "mc-cache-private.h"
#include "mc-calendar.h"
#include "mc-json.h"
#include "mc-sync-upload.h"

/* How a run goes (all on the main thread, one step at a time; each step
 * that touches SQLite is a job for the worker):
 *
 *   count pending → next pending ─┬─ POST it → done/failed → next pending
 *                                 └─ none → cursor → GET /changes → apply
 *                                                      ↑ more ─────┘
 *
 * The outbox goes first so that what the person did reaches the server
 * before the window shows what others did. An entry the server refuses
 * (403, 404, 409, 422, ...) is marked failed with the server's words and
 * never sent again; the server's state of the dossier comes with the pull
 * that follows. An entry that could not be delivered stays pending and
 * ends the run: the next run sends it again with the same key, and the
 * server answers a key it has seen with its first answer. */

#define PAGE_LIMIT 2000
/* ::upload-progress at most this often: a few times a second is what a
 * person reads, and a screen reader is not flooded. */
#define PROGRESS_INTERVAL_MS 250

struct _McSync
{
  GObject          parent_instance;

  McClient        *client;           /* owned */
  char            *cache_path;       /* owned */
  GThreadPool     *pool;             /* owned: one thread */
  McCache         *worker_cache;     /* owned: the worker's, only touched there */
  GNetworkMonitor *monitor;          /* unowned singleton */

  gboolean         started;
  gboolean         running;
  gboolean         rerun;
  GPtrArray       *waiters;          /* GTask, owned: finish with this run */
  GPtrArray       *next_waiters;     /* GTask, owned: finish with the next */
  GCancellable    *cancellable;      /* owned: of the runs */
  guint            timeout_id;       /* poll or retry */
  guint            debounce_id;
  guint            failures;
  guint            retry_min_ms;
  guint            retry_max_ms;

  McSyncState      state;
  char            *message;          /* owned, nullable */
  guint            pending;
  guint            items_received;
  gboolean         more;
  guint            poll_interval;
  guint            page_limit;

  /* The next page, fetched and read while the worker writes this one. */
  struct _Fetch   *prefetch;         /* nullable; see fetch_start() */

  /* The upload being sent (one at a time: the outbox goes in order). */
  gint64           upload_id;        /* 0: none */
  guint64          upload_sent;
  guint64          upload_total;
  gint64           upload_reported;  /* monotonic µs of the last ::upload-progress */
  guint            upload_report_id; /* a report put off by the throttle */
  guint            progress_interval_ms;
};

G_DEFINE_FINAL_TYPE (McSync, mc_sync, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_CACHE_PATH,
  PROP_STATE,
  PROP_MESSAGE,
  PROP_PENDING,
  PROP_ITEMS_RECEIVED,
  PROP_MORE,
  PROP_POLL_INTERVAL,
  PROP_UPLOAD_ID,
  N_PROPS
};

enum {
  SIGNAL_CHANGES,
  SIGNAL_OUTBOX_CHANGED,
  SIGNAL_UPLOAD_PROGRESS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

GType
mc_sync_state_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { MC_SYNC_STATE_OFFLINE, "MC_SYNC_STATE_OFFLINE", "offline" },
        { MC_SYNC_STATE_SYNCING, "MC_SYNC_STATE_SYNCING", "syncing" },
        { MC_SYNC_STATE_ONLINE, "MC_SYNC_STATE_ONLINE", "online" },
        { MC_SYNC_STATE_ERROR, "MC_SYNC_STATE_ERROR", "error" },
        { 0, NULL, NULL },
      };
      GType type = g_enum_register_static (g_intern_static_string ("McSyncState"), values);

      g_once_init_leave (&type_id, type);
    }
  return type_id;
}

static void run_start (McSync *self);
static void prefetch_abandon (McSync *self);

/* The worker */

typedef struct _Job Job;
typedef void (*JobFunc) (McSync       *self,
                         McCache      *cache,
                         Job          *job,
                         GTask        *task);

struct _Job {
  JobFunc        func;
  char          *text;          /* owned, nullable: an id, a cursor */
  int            number;
  gint64         entry_id;
  GBytes        *bytes;         /* owned, nullable */
  GError        *refusal;       /* owned, nullable */
  McCacheFeedPage *page;        /* owned, nullable */
};

static void
job_free (Job *job)
{
  g_free (job->text);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_clear_error (&job->refusal);
  g_clear_pointer (&job->page, _mc_cache_feed_page_free);
  g_free (job);
}

static void
worker_func (gpointer data,
             gpointer user_data)
{
  GTask *task = data;
  McSync *self = user_data;
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (self->worker_cache == NULL)
    {
      self->worker_cache = mc_cache_open (self->cache_path, &error);
      /* A first sync cut short (killed, crashed) left the queues' and
       * search indexes to its end: build them now, here, off the main
       * thread, so that what is cached can be searched. */
      if (self->worker_cache != NULL && !mc_cache_finish_index (self->worker_cache, &error))
        g_clear_object (&self->worker_cache);
    }
  if (self->worker_cache == NULL)
    g_task_return_error (task, error);
  else
    job->func (self, self->worker_cache, job, task);
  g_object_unref (task);
}

static void
push_built_job (McSync              *self,
                Job                 *job,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, push_built_job);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_thread_pool_push (self->pool, g_object_ref (task), NULL);
}

static Job *
job_new (JobFunc func)
{
  Job *job = g_new0 (Job, 1);

  job->func = func;
  return job;
}

static void
job_count_pending (McSync  *self,
                   McCache *cache,
                   Job     *job,
                   GTask   *task)
{
  GError *error = NULL;
  guint count = 0;

  if (!mc_outbox_count_pending (cache, &count, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, count);
}

/* The next entry to send and what its request carries, read by the
 * worker: an upload's file is read and checked against its fingerprint
 * there, never on the main thread. */
typedef struct {
  McOutboxEntry *entry;     /* owned, nullable: none left */
  GBytes        *body;      /* owned, nullable when load_error */
  GFile         *upload;    /* owned, nullable: an upload's file */
  GError        *load_error;
} NextEntry;

static void
next_entry_free (NextEntry *next)
{
  g_clear_pointer (&next->entry, mc_outbox_entry_free);
  g_clear_pointer (&next->body, g_bytes_unref);
  g_clear_object (&next->upload);
  g_clear_error (&next->load_error);
  g_free (next);
}

static void
job_next_pending (McSync  *self,
                  McCache *cache,
                  Job     *job,
                  GTask   *task)
{
  GError *error = NULL;
  NextEntry *next;
  McOutboxEntry *entry = mc_outbox_next_pending (cache, &error);

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (entry != NULL && !mc_outbox_note_attempt (cache, entry->id, &error))
    {
      mc_outbox_entry_free (entry);
      g_task_return_error (task, error);
      return;
    }
  next = g_new0 (NextEntry, 1);
  next->entry = entry;
  if (entry != NULL && g_strcmp0 (entry->action, MC_OUTBOX_UPLOAD) == 0)
    next->body = _mc_sync_load_upload (self, entry, &next->upload, &next->load_error);
  else if (entry != NULL)
    next->body = g_bytes_new (entry->body, strlen (entry->body));
  g_task_return_pointer (task, next, (GDestroyNotify) next_entry_free);
}

/* The dossier an action or a registration answered with, into the cache
 * as if it came with the feed (the feed brings it again later; an equal
 * version is simply rewritten). */
static gboolean
apply_answer (McCache         *cache,
              GBytes          *bytes,
              McCacheChanges **changes,
              GError         **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonArray) items = NULL;
  g_autofree char *cursor = NULL;
  JsonObject *item;
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  JsonObject *object;
  JsonNode *dossier;

  root = mc_json_parse (data != NULL ? data : "", len, MC_JSON_MAX_BYTES, MC_JSON_MAX_DEPTH, error);
  if (root == NULL || (object = mc_json_node_get_object (root, NULL, error)) == NULL)
    return FALSE;
  if (!mc_cache_get_cursor (cache, &cursor, error))
    return FALSE;
  /* An upload answers {"attachment": …, "dossier": …}: the dossier then
   * lists the file as soon as its upload leaves the outbox. */
  dossier = json_object_get_member (object, "dossier");
  if (!json_object_has_member (object, "attachment") || dossier == NULL || !JSON_NODE_HOLDS_OBJECT (dossier))
    dossier = root;
  item = json_object_new ();
  json_object_set_string_member (item, "kind", "dossier");
  json_object_set_int_member (item, "seq", 0);
  json_object_set_member (item, "data", json_node_ref (dossier));
  items = json_array_new ();
  json_array_add_object_element (items, item);
  return mc_cache_apply_page (cache, items, cursor, changes, error);
}

static void
job_outbox_result (McSync  *self,
                   McCache *cache,
                   Job     *job,
                   GTask   *task)
{
  g_autoptr(McCacheChanges) changes = NULL;
  g_autoptr(GError) apply_error = NULL;
  GError *error = NULL;

  if (job->refusal != NULL)
    {
      if (!mc_outbox_mark_failed (cache, job->entry_id, job->refusal->code, job->refusal->message, &error))
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, NULL, NULL);
      return;
    }
  if (!mc_outbox_mark_done (cache, job->entry_id, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* The action is safe on the server whatever happens to this. */
  if (job->bytes != NULL && g_bytes_get_size (job->bytes) > 0 &&
      !apply_answer (cache, job->bytes, &changes, &apply_error))
    g_debug ("Cannot apply the answer of an action, the next pull brings it: %s", apply_error->message);
  g_task_return_pointer (task, g_steal_pointer (&changes), (GDestroyNotify) mc_cache_changes_unref);
}

static void
job_get_cursor (McSync  *self,
                McCache *cache,
                Job     *job,
                GTask   *task)
{
  GError *error = NULL;
  char *cursor = NULL;

  if (!mc_cache_get_cursor (cache, &cursor, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, cursor, g_free);
}

typedef struct {
  McCacheChanges *changes;   /* owned */
  char           *next;      /* owned */
  guint           n_items;
  gboolean        more;
} PageResult;

static void
page_result_free (PageResult *r)
{
  g_clear_pointer (&r->changes, mc_cache_changes_unref);
  g_free (r->next);
  g_free (r);
}

/* Takes @error: a page that is not valid is the server's fault. */
static GError *
invalid_feed_error (GError *error)
{
  GError *client;

  if (!g_error_matches (error, MC_CACHE_ERROR, MC_CACHE_ERROR_INVALID))
    return error;
  client = g_error_new (MC_CLIENT_ERROR, MC_CLIENT_ERROR_INVALID_RESPONSE,
                        _("The server’s list of changes is not valid: %s"), error->message);
  g_error_free (error);
  return client;
}

static void
job_apply_page (McSync  *self,
                McCache *cache,
                Job     *job,
                GTask   *task)
{
  PageResult *result = g_new0 (PageResult, 1);
  GError *error = NULL;

  /* Read and checked already (fetch_read_thread()): only the writing is
   * left to this thread. */
  if (!_mc_cache_apply_feed_page_read (cache, job->page, &result->changes, &error))
    {
      page_result_free (result);
      g_task_return_error (task, invalid_feed_error (error));
      return;
    }
  result->next = g_strdup (_mc_cache_feed_page_get_next (job->page));
  result->more = _mc_cache_feed_page_get_more (job->page);
  result->n_items = _mc_cache_feed_page_get_n_items (job->page);
  g_task_return_pointer (task, result, (GDestroyNotify) page_result_free);
}

static void
job_reset (McSync  *self,
           McCache *cache,
           Job     *job,
           GTask   *task)
{
  GError *error = NULL;

  if (!mc_cache_reset (cache, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
job_enqueue (McSync  *self,
             McCache *cache,
             Job     *job,
             GTask   *task)
{
  g_autoptr(JsonNode) action = NULL;
  GError *error = NULL;
  McOutboxEntry *entry = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (job->bytes, &len);

  /* Parsed here: json-glib's reference counts are not atomic, so no node
   * crosses threads. */
  action = mc_json_parse (data, len, MC_JSON_MAX_BYTES, MC_JSON_MAX_DEPTH, &error);
  if (action != NULL)
    entry = mc_outbox_enqueue (cache, job->text, job->number, action, &error);
  if (entry == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, entry, (GDestroyNotify) mc_outbox_entry_free);
}

/* State */

static void
set_state (McSync      *self,
           McSyncState  state,
           const char  *message)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (g_strcmp0 (self->message, message) != 0)
    {
      g_free (self->message);
      self->message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_pending (McSync *self,
             guint   pending)
{
  if (self->pending == pending)
    return;
  self->pending = pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

static void
set_progress (McSync   *self,
              guint     items_received,
              gboolean  more)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->items_received != items_received)
    {
      self->items_received = items_received;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEMS_RECEIVED]);
    }
  if (self->more != more)
    {
      self->more = more;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MORE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
network_available (McSync *self)
{
  g_autoptr(GUri) uri = g_uri_parse (mc_client_get_base_url (self->client), G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  /* A server on this machine needs no network. */
  if (host != NULL && (g_str_equal (host, "127.0.0.1") || g_str_equal (host, "::1") ||
                       g_ascii_strcasecmp (host, "localhost") == 0))
    return TRUE;
  return g_network_monitor_get_network_available (self->monitor);
}

/* Timers */

static gboolean
timeout_cb (gpointer user_data)
{
  McSync *self = user_data;

  self->timeout_id = 0;
  run_start (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (McSync *self,
          guint   delay_ms)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (!self->started)
    return;
  self->timeout_id = g_timeout_add (delay_ms, timeout_cb, self);
}

static guint
backoff_ms (McSync *self)
{
  guint64 base = self->retry_min_ms;

  for (guint i = 1; i < self->failures && base < self->retry_max_ms; i++)
    base *= 2;
  base = MIN (base, self->retry_max_ms);
  /* Jitter: many clients of one office must not come back together. */
  return (guint) (base / 2 + (guint64) g_random_int_range (0, (gint32) MAX (1, base / 2) + 1));
}

/* Upload progress */

static void
upload_report (McSync *self)
{
  g_clear_handle_id (&self->upload_report_id, g_source_remove);
  self->upload_reported = g_get_monotonic_time ();
  g_signal_emit (self, signals[SIGNAL_UPLOAD_PROGRESS], 0, self->upload_id,
                 self->upload_sent, self->upload_total);
}

static gboolean
upload_report_cb (gpointer user_data)
{
  McSync *self = user_data;

  self->upload_report_id = 0;
  if (self->upload_id != 0)
    upload_report (self);
  return G_SOURCE_REMOVE;
}

/* From libsoup, as the body goes out: reported now, or when the
 * interval is over (the latest figure then), never more often. */
static void
upload_progress_cb (guint64  sent,
                    guint64  total,
                    gpointer user_data)
{
  McSync *self = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 due = self->upload_reported + (gint64) self->progress_interval_ms * 1000;

  if (self->upload_id == 0)
    return;
  self->upload_sent = sent;
  self->upload_total = total;
  /* The last byte is always told at once: "sent, the server checks it". */
  if (sent == total || now >= due)
    upload_report (self);
  else if (self->upload_report_id == 0)
    self->upload_report_id = g_timeout_add ((guint) MAX ((due - now) / 1000, 1), upload_report_cb, self);
}

static void
upload_begin (McSync  *self,
              gint64   entry_id,
              guint64  total)
{
  self->upload_id = entry_id;
  self->upload_sent = 0;
  self->upload_total = total;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPLOAD_ID]);
  upload_report (self);
}

/* Sent and answered, or not: no upload is under way any more. */
static void
upload_end (McSync *self)
{
  g_clear_handle_id (&self->upload_report_id, g_source_remove);
  if (self->upload_id == 0)
    return;
  self->upload_id = 0;
  self->upload_sent = 0;
  self->upload_total = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPLOAD_ID]);
}

/* Runs */

static void
finish_run (McSync *self,
            GError *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->waiters);

  upload_end (self);

  prefetch_abandon (self);
  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->running = FALSE;

  if (error == NULL)
    {
      self->failures = 0;
      set_state (self, MC_SYNC_STATE_ONLINE, NULL);
      schedule (self, self->poll_interval * 1000);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      self->failures++;
      if (g_error_matches (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_NETWORK))
        set_state (self, MC_SYNC_STATE_OFFLINE, error->message);
      else
        set_state (self, MC_SYNC_STATE_ERROR, error->message);
      /* A session the server ended is not retried: it waits for the
       * person to sign in again (client_logged_in_cb). */
      if (mc_client_get_logged_in (self->client))
        schedule (self, backoff_ms (self));
    }

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = waiters->pdata[i];

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }

  if (self->rerun)
    {
      self->rerun = FALSE;
      run_start (self);
    }
}

static void fetch_deliver (McSync *self, struct _Fetch *fetch);

/* Fetching a page: the request on the main thread, then the reading and
 * checking of its text on a thread of GLib's pool (all of it that needs
 * no database), then the writing by the worker. While the worker writes
 * page N, page N + 1 is fetched and read: the server, the network and
 * the reading use the other core. Pages are still written one after the
 * other, each in its transaction with its cursor; a failed page or a
 * cursor that differs drops what was fetched ahead. */
typedef struct _Fetch {
  McSync          *self;      /* owned while under way */
  char            *cursor;    /* owned, nullable: a first sync */
  McCacheFeedPage *page;      /* owned, nullable */
  GError          *error;     /* owned, nullable */
  gboolean         done;
  gboolean         wanted;    /* the page before is written: deliver when done */
  gboolean         abandoned; /* nobody wants it: free when done */
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_clear_object (&fetch->self);
  g_free (fetch->cursor);
  g_clear_pointer (&fetch->page, _mc_cache_feed_page_free);
  g_clear_error (&fetch->error);
  g_free (fetch);
}

static void
prefetch_abandon (McSync *self)
{
  Fetch *fetch = g_steal_pointer (&self->prefetch);

  if (fetch == NULL)
    return;
  if (fetch->done)
    fetch_free (fetch);
  else
    /* Left to end (one page at most), then freed. */
    fetch->abandoned = TRUE;
}

/* The fetch has its page or its error. */
static void
fetch_done (Fetch *fetch)
{
  g_autoptr(McSync) self = g_steal_pointer (&fetch->self);

  fetch->done = TRUE;
  if (fetch->abandoned)
    fetch_free (fetch);
  else if (fetch->wanted)
    fetch_deliver (self, fetch);
  /* else the page before is being written: page_applied() takes it. */
}

static void
fetch_read_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;
  McCacheFeedPage *page = _mc_cache_feed_page_read (task_data, &error);

  if (page == NULL)
    g_task_return_error (task, invalid_feed_error (error));
  else
    g_task_return_pointer (task, page, (GDestroyNotify) _mc_cache_feed_page_free);
}

static void
fetch_read (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fetch *fetch = user_data;

  fetch->page = g_task_propagate_pointer (G_TASK (result), &fetch->error);
  fetch_done (fetch);
}

static void
fetch_received (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Fetch *fetch = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GTask) task = NULL;

  bytes = mc_client_send_finish (MC_CLIENT (source), result, NULL, &fetch->error);
  if (bytes == NULL || fetch->abandoned)
    {
      fetch_done (fetch);
      return;
    }
  task = g_task_new (NULL, NULL, fetch_read, fetch);
  g_task_set_source_tag (task, fetch_received);
  g_task_set_task_data (task, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, fetch_read_thread);
}

static Fetch *
fetch_start (McSync     *self,
             const char *cursor)
{
  g_autofree char *path = NULL;
  Fetch *fetch = g_new0 (Fetch, 1);

  fetch->self = g_object_ref (self);
  fetch->cursor = g_strdup (cursor);
  if (cursor != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (cursor, NULL, FALSE);
      path = g_strdup_printf ("/api/v1/changes?since=%s&limit=%u", escaped, self->page_limit);
    }
  else
    path = g_strdup_printf ("/api/v1/changes?limit=%u", self->page_limit);
  /* The run's cancellable: mc_sync_stop() stops this too. */
  mc_client_send_async (self->client, "GET", path, NULL, NULL, self->cancellable, fetch_received, fetch);
  return fetch;
}

static void
pull_next (McSync     *self,
           const char *cursor)
{
  Fetch *fetch = fetch_start (self, cursor);

  fetch->wanted = TRUE;
}

/* After a page is written: the next one, from @cursor. */
static void
next_page (McSync     *self,
           const char *cursor)
{
  Fetch *fetch = self->prefetch;

  if (fetch == NULL || g_strcmp0 (fetch->cursor, cursor) != 0)
    {
      prefetch_abandon (self);
      pull_next (self, cursor);
      return;
    }
  self->prefetch = NULL;
  if (fetch->done)
    fetch_deliver (self, fetch);
  else
    fetch->wanted = TRUE;
}

static void
reset_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  McSync *self = MC_SYNC (source);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      finish_run (self, error);
      g_error_free (error);
      return;
    }
  /* Everything went: lists reload. */
  g_signal_emit (self, signals[SIGNAL_CHANGES], 0, NULL);
  set_progress (self, 0, TRUE);
  set_state (self, MC_SYNC_STATE_SYNCING, NULL);
  pull_next (self, NULL);
}

static void
page_applied (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  McSync *self = MC_SYNC (source);
  GError *error = NULL;
  PageResult *page = g_task_propagate_pointer (G_TASK (result), &error);

  if (page == NULL)
    {
      finish_run (self, error);
      g_error_free (error);
      return;
    }
  set_progress (self, self->items_received + page->n_items, page->more);
  if (page->changes != NULL && !mc_cache_changes_is_empty (page->changes))
    g_signal_emit (self, signals[SIGNAL_CHANGES], 0, page->changes);
  else if (page->changes != NULL &&
           (mc_cache_changes_get_catalogues_changed (page->changes) ||
            mc_cache_changes_get_calendar_changed (page->changes)))
    g_signal_emit (self, signals[SIGNAL_CHANGES], 0, page->changes);

  if (page->more)
    {
      set_state (self, MC_SYNC_STATE_SYNCING, NULL);
      next_page (self, page->next);
    }
  else
    finish_run (self, NULL);
  page_result_free (page);
}

/* The page of @fetch (taken) is wanted: to the worker, and the one after
 * it asked for at once. */
static void
fetch_deliver (McSync *self,
               Fetch  *fetch)
{
  GError *error = g_steal_pointer (&fetch->error);
  Job *job;

  if (fetch->page == NULL)
    {
      fetch_free (fetch);
      if (g_error_matches (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_GONE))
        {
          /* The server cannot continue from our cursor: start again. */
          g_clear_error (&error);
          push_built_job (self, job_new (job_reset), NULL, reset_done, NULL);
          return;
        }
      finish_run (self, error);
      g_error_free (error);
      return;
    }
  job = job_new (job_apply_page);
  job->page = g_steal_pointer (&fetch->page);
  if (_mc_cache_feed_page_get_more (job->page) && self->prefetch == NULL)
    self->prefetch = fetch_start (self, _mc_cache_feed_page_get_next (job->page));
  fetch_free (fetch);
  push_built_job (self, job, NULL, page_applied, NULL);
}

static void
cursor_read (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  McSync *self = MC_SYNC (source);
  g_autofree char *cursor = NULL;
  GError *error = NULL;

  cursor = g_task_propagate_pointer (G_TASK (result), &error);
  if (error != NULL)
    {
      finish_run (self, error);
      g_error_free (error);
      return;
    }
  if (cursor == NULL)
    {
      /* A first sync: the progress bar starts. */
      set_progress (self, 0, TRUE);
      set_state (self, MC_SYNC_STATE_SYNCING, NULL);
    }
  pull_next (self, cursor);
}

static void send_next (McSync *self);

static void
entry_recorded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  McSync *self = MC_SYNC (source);
  g_autoptr(McCacheChanges) changes = NULL;
  GError *error = NULL;

  changes = g_task_propagate_pointer (G_TASK (result), &error);
  if (error != NULL)
    {
      finish_run (self, error);
      g_error_free (error);
      return;
    }
  set_pending (self, self->pending > 0 ? self->pending - 1 : 0);
  g_signal_emit (self, signals[SIGNAL_OUTBOX_CHANGED], 0);
  if (changes != NULL && !mc_cache_changes_is_empty (changes))
    g_signal_emit (self, signals[SIGNAL_CHANGES], 0, changes);
  /* Only now, with the file in the dossier's list (or the refusal in the
   * outbox): a pane never shows it in neither place. */
  upload_end (self);
  send_next (self);
}

typedef struct {
  McSync *self;       /* owned */
  gint64  entry_id;
  GFile  *upload;     /* owned, nullable: the file an upload sends */
} Sending;

static void
entry_sent (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Sending *sending = user_data;
  g_autoptr(McSync) self = sending->self;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;
  Job *job;

  if (sending->upload != NULL)
    bytes = mc_client_upload_finish (MC_CLIENT (source), result, &error);
  else
    bytes = mc_client_send_finish (MC_CLIENT (source), result, NULL, &error);
  job = job_new (job_outbox_result);
  job->entry_id = sending->entry_id;
  if (sending->upload != NULL &&
      (bytes != NULL || !(mc_client_error_is_transient (error) ||
                          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))))
    /* Taken, it is kept for offline viewing; refused, it goes. */
    mc_attachment_cache_move_out (sending->upload, NULL, bytes != NULL);
  g_clear_object (&sending->upload);
  g_free (sending);
  if (bytes == NULL)
    {
      if (mc_client_error_is_transient (error) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Not delivered, or not known to be: it stays pending and goes
           * again, with the same key, in the next run. */
          job_free (job);
          finish_run (self, error);
          g_error_free (error);
          return;
        }
      job->refusal = error;
    }
  else
    job->bytes = g_steal_pointer (&bytes);
  push_built_job (self, job, NULL, entry_recorded, NULL);
}

static void
next_entry_read (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  McSync *self = MC_SYNC (source);
  NextEntry *next;
  GError *error = NULL;
  Sending *sending;

  next = g_task_propagate_pointer (G_TASK (result), &error);
  if (error != NULL)
    {
      finish_run (self, error);
      g_error_free (error);
      return;
    }
  if (next->entry == NULL)
    {
      next_entry_free (next);
      push_built_job (self, job_new (job_get_cursor), NULL, cursor_read, NULL);
      return;
    }
  set_state (self, MC_SYNC_STATE_SYNCING, NULL);
  if (next->load_error != NULL)
    {
      /* An upload whose file is gone or altered fails with a reason
       * rather than block the entries after it. */
      Job *job = job_new (job_outbox_result);

      job->entry_id = next->entry->id;
      job->refusal = g_steal_pointer (&next->load_error);
      next_entry_free (next);
      push_built_job (self, job, NULL, entry_recorded, NULL);
      return;
    }
  sending = g_new0 (Sending, 1);
  sending->self = g_object_ref (self);
  sending->entry_id = next->entry->id;
  sending->upload = g_steal_pointer (&next->upload);
  if (sending->upload != NULL)
    {
      upload_begin (self, next->entry->id, g_bytes_get_size (next->body));
      mc_client_upload_async (self->client, next->entry->path, next->body, next->entry->key,
                              upload_progress_cb, g_object_ref (self), g_object_unref,
                              self->cancellable, entry_sent, sending);
    }
  else
    mc_client_send_async (self->client, "POST", next->entry->path, next->body, next->entry->key,
                          self->cancellable, entry_sent, sending);
  next_entry_free (next);
}

static void
send_next (McSync *self)
{
  push_built_job (self, job_new (job_next_pending), NULL, next_entry_read, NULL);
}

static void
pending_counted (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  McSync *self = MC_SYNC (source);
  GError *error = NULL;
  gssize count = g_task_propagate_int (G_TASK (result), &error);

  if (error != NULL)
    {
      finish_run (self, error);
      g_error_free (error);
      return;
    }
  set_pending (self, (guint) count);
  if (!network_available (self))
    {
      g_autoptr(GError) offline = g_error_new_literal (MC_CLIENT_ERROR, MC_CLIENT_ERROR_NETWORK,
                                                       _("No network connection. The work done meanwhile "
                                                         "is kept and sent when the network is back."));
      finish_run (self, offline);
      return;
    }
  send_next (self);
}

static void
run_start (McSync *self)
{
  if (self->running)
    {
      self->rerun = TRUE;
      return;
    }
  self->running = TRUE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_ptr_array_extend_and_steal (self->waiters, g_steal_pointer (&self->next_waiters));
  self->next_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  if (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
    }
  push_built_job (self, job_new (job_count_pending), NULL, pending_counted, NULL);
}

/* The network */

static gboolean
debounce_cb (gpointer user_data)
{
  McSync *self = user_data;

  self->debounce_id = 0;
  if (!self->started)
    return G_SOURCE_REMOVE;
  if (network_available (self))
    {
      /* Back: try now, whatever the backoff said. */
      self->failures = 0;
      run_start (self);
    }
  else if (!self->running)
    set_state (self, MC_SYNC_STATE_OFFLINE,
               _("No network connection. The work done meanwhile is kept and sent when the network is back."));
  return G_SOURCE_REMOVE;
}

static void
client_logged_in_cb (McSync *self)
{
  if (!self->started || !mc_client_get_logged_in (self->client))
    return;
  self->failures = 0;
  run_start (self);
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    gpointer         user_data)
{
  McSync *self = user_data;

  /* The monitor flaps while an interface comes up: wait for it to settle. */
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  self->debounce_id = g_timeout_add (1500, debounce_cb, self);
}

/* GObject */

static void
mc_sync_constructed (GObject *object)
{
  McSync *self = MC_SYNC (object);

  G_OBJECT_CLASS (mc_sync_parent_class)->constructed (object);

  /* Exclusive: the thread stays, and with it the connection it owns. */
  self->pool = g_thread_pool_new (worker_func, self, 1, TRUE, NULL);
  self->monitor = g_network_monitor_get_default ();
}

static void
mc_sync_dispose (GObject *object)
{
  McSync *self = MC_SYNC (object);

  mc_sync_stop (self);
  g_clear_handle_id (&self->upload_report_id, g_source_remove);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (mc_sync_parent_class)->dispose (object);
}

static void
mc_sync_finalize (GObject *object)
{
  McSync *self = MC_SYNC (object);

  /* Every job holds a reference: none is left, the thread is idle. */
  if (self->pool != NULL)
    g_thread_pool_free (g_steal_pointer (&self->pool), FALSE, TRUE);
  /* A page fetched ahead and never taken (one under way holds a
   * reference: none is). */
  prefetch_abandon (self);
  g_clear_object (&self->worker_cache);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->waiters, g_ptr_array_unref);
  g_clear_pointer (&self->next_waiters, g_ptr_array_unref);
  g_clear_pointer (&self->cache_path, g_free);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (mc_sync_parent_class)->finalize (object);
}

static void
mc_sync_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  McSync *self = MC_SYNC (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_CACHE_PATH:
      g_value_set_string (value, self->cache_path);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_PENDING:
      g_value_set_uint (value, self->pending);
      break;
    case PROP_ITEMS_RECEIVED:
      g_value_set_uint (value, self->items_received);
      break;
    case PROP_MORE:
      g_value_set_boolean (value, self->more);
      break;
    case PROP_POLL_INTERVAL:
      g_value_set_uint (value, self->poll_interval);
      break;
    case PROP_UPLOAD_ID:
      g_value_set_int64 (value, self->upload_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_sync_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  McSync *self = MC_SYNC (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_CACHE_PATH:
      self->cache_path = g_value_dup_string (value);
      break;
    case PROP_POLL_INTERVAL:
      mc_sync_set_poll_interval (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_sync_class_init (McSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = mc_sync_constructed;
  object_class->dispose = mc_sync_dispose;
  object_class->finalize = mc_sync_finalize;
  object_class->get_property = mc_sync_get_property;
  object_class->set_property = mc_sync_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, MC_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CACHE_PATH] =
    g_param_spec_string ("cache-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, MC_TYPE_SYNC_STATE, MC_SYNC_STATE_OFFLINE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING] =
    g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEMS_RECEIVED] =
    g_param_spec_uint ("items-received", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MORE] =
    g_param_spec_boolean ("more", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POLL_INTERVAL] =
    g_param_spec_uint ("poll-interval", NULL, NULL, 1, 24 * 3600, MC_SYNC_DEFAULT_POLL_INTERVAL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The outbox entry of the upload being sent, 0 when none. */
  properties[PROP_UPLOAD_ID] =
    g_param_spec_int64 ("upload-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * McSync::changes:
   * @changes: (nullable): what a page did, or NULL when the cache was
   *   emptied for a resync (reload everything)
   */
  signals[SIGNAL_CHANGES] =
    g_signal_new ("changes", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, MC_TYPE_CACHE_CHANGES);
  /* An entry was added, acknowledged or refused. */
  signals[SIGNAL_OUTBOX_CHANGED] =
    g_signal_new ("outbox-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /**
   * McSync::upload-progress:
   * @outbox_id: the upload's outbox entry
   * @sent: bytes of the file written to the network so far
   * @total: the file's size
   *
   * While an upload is sent, on the main thread: once with 0 when it
   * starts, then at most every quarter of a second, and at once when the
   * last byte is written (@sent = @total, the server still checks and
   * files it). ::notify::upload-id says when it is over.
   */
  signals[SIGNAL_UPLOAD_PROGRESS] =
    g_signal_new ("upload-progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_UINT64, G_TYPE_UINT64);
}

static gpointer
prepare_calendar (gpointer data)
{
  mc_calendar_prepare ();
  return NULL;
}

static void
mc_sync_init (McSync *self)
{
  static gsize calendar_prepared;

  /* The due queues and the deadlines need the holidays of every year:
   * worked out once, on a thread, while the window that shows them is
   * made. */
  if (g_once_init_enter (&calendar_prepared))
    {
      g_thread_unref (g_thread_new ("mc-calendar", prepare_calendar, NULL));
      g_once_init_leave (&calendar_prepared, 1);
    }

  self->page_limit = PAGE_LIMIT;
  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->next_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->poll_interval = MC_SYNC_DEFAULT_POLL_INTERVAL;
  self->retry_min_ms = 1000;
  self->retry_max_ms = 60000;
  self->progress_interval_ms = PROGRESS_INTERVAL_MS;
  self->state = MC_SYNC_STATE_OFFLINE;
}

McSync *
mc_sync_new (McClient   *client,
             const char *cache_path)
{
  g_return_val_if_fail (MC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (cache_path != NULL, NULL);

  return g_object_new (MC_TYPE_SYNC, "client", client, "cache-path", cache_path, NULL);
}

McClient *
mc_sync_get_client (McSync *self)
{
  g_return_val_if_fail (MC_IS_SYNC (self), NULL);
  return self->client;
}

const char *
mc_sync_get_cache_path (McSync *self)
{
  g_return_val_if_fail (MC_IS_SYNC (self), NULL);
  return self->cache_path;
}

McSyncState
mc_sync_get_state (McSync *self)
{
  g_return_val_if_fail (MC_IS_SYNC (self), MC_SYNC_STATE_OFFLINE);
  return self->state;
}

const char *
mc_sync_get_message (McSync *self)
{
  g_return_val_if_fail (MC_IS_SYNC (self), NULL);
  return self->message;
}

guint
mc_sync_get_pending (McSync *self)
{
  g_return_val_if_fail (MC_IS_SYNC (self), 0);
  return self->pending;
}

guint
mc_sync_get_items_received (McSync *self)
{
  g_return_val_if_fail (MC_IS_SYNC (self), 0);
  return self->items_received;
}

gboolean
mc_sync_get_more (McSync *self)
{
  g_return_val_if_fail (MC_IS_SYNC (self), FALSE);
  return self->more;
}

guint
mc_sync_get_poll_interval (McSync *self)
{
  g_return_val_if_fail (MC_IS_SYNC (self), 0);
  return self->poll_interval;
}

void
mc_sync_set_poll_interval (McSync *self,
                           guint   seconds)
{
  g_return_if_fail (MC_IS_SYNC (self));
  g_return_if_fail (seconds >= 1);

  if (self->poll_interval == seconds)
    return;
  self->poll_interval = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLL_INTERVAL]);
  if (self->started && !self->running && self->failures == 0)
    schedule (self, seconds * 1000);
}

void
mc_sync_set_retry_limits (McSync *self,
                          guint   min_ms,
                          guint   max_ms)
{
  g_return_if_fail (MC_IS_SYNC (self));
  g_return_if_fail (min_ms >= 1 && min_ms <= max_ms);

  self->retry_min_ms = min_ms;
  self->retry_max_ms = max_ms;
}

void
mc_sync_set_page_limit (McSync *self,
                        guint   limit)
{
  g_return_if_fail (MC_IS_SYNC (self));
  g_return_if_fail (limit >= 1);

  self->page_limit = limit;
}

gint64
mc_sync_get_upload (McSync  *self,
                    guint64 *sent,
                    guint64 *total)
{
  g_return_val_if_fail (MC_IS_SYNC (self), 0);

  if (sent != NULL)
    *sent = self->upload_sent;
  if (total != NULL)
    *total = self->upload_total;
  return self->upload_id;
}

void
mc_sync_set_progress_interval (McSync *self,
                               guint   ms)
{
  g_return_if_fail (MC_IS_SYNC (self));
  self->progress_interval_ms = ms;
}

void
mc_sync_start (McSync *self)
{
  g_return_if_fail (MC_IS_SYNC (self));

  if (self->started)
    return;
  self->started = TRUE;
  g_signal_connect_object (self->monitor, "network-changed", G_CALLBACK (network_changed_cb), self, 0);
  g_signal_connect_object (self->client, "notify::logged-in", G_CALLBACK (client_logged_in_cb),
                           self, G_CONNECT_SWAPPED);
  run_start (self);
}

void
mc_sync_stop (McSync *self)
{
  g_return_if_fail (MC_IS_SYNC (self));

  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_func (self->monitor, network_changed_cb, self);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_func (self->client, client_logged_in_cb, self);
  self->started = FALSE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

void
mc_sync_run_async (McSync              *self,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (MC_IS_SYNC (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_sync_run_async);
  /* Joins the next run: one under way may have begun before the caller's
   * reason to sync (an action just enqueued, say). */
  g_ptr_array_add (self->next_waiters, task);
  run_start (self);
}

gboolean
mc_sync_run_finish (McSync        *self,
                    GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
enqueued (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  McSync *self = MC_SYNC (source);
  GError *error = NULL;
  McOutboxEntry *entry = g_task_propagate_pointer (G_TASK (result), &error);

  if (entry == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  set_pending (self, self->pending + 1);
  g_signal_emit (self, signals[SIGNAL_OUTBOX_CHANGED], 0);
  g_task_return_pointer (task, entry, (GDestroyNotify) mc_outbox_entry_free);
  if (self->started)
    run_start (self);
}

void
mc_sync_enqueue_async (McSync              *self,
                       const char          *dossier_id,
                       int                  base_version,
                       JsonNode            *action,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task;
  Job *job;

  g_return_if_fail (MC_IS_SYNC (self));
  g_return_if_fail (action != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_sync_enqueue_async);
  /* Once handed to the worker it is written whatever the cancellable
   * says: the person was not told it failed. */
  g_task_set_check_cancellable (task, FALSE);
  job = job_new (job_enqueue);
  job->text = g_strdup (dossier_id);
  job->number = base_version;
  {
    gsize len = 0;
    char *data = mc_json_to_data (action, &len);

    job->bytes = g_bytes_new_take (data, len);
  }
  push_built_job (self, job, NULL, enqueued, task);
}

McOutboxEntry *
mc_sync_enqueue_finish (McSync        *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
