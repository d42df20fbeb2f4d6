/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>

#include "mc-client.h"
#include "mc-outbox.h"
#include "mc-sync-upload.h"
#include "mc-sync.h"
#include "mc-test-sync.h"

/* Uploads through the outbox against the real motcua-server on loopback:
 * McSync says how much of a file is sent, and an upload cut off by the
 * server going away waits, then goes again once, without a second copy
 * on the server. */

#define UPLOAD_SIZE (4 * 1024 * 1024)

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->store = mc_test_server_init (&f->t);
  fixture_start (f, "sync-upload");
}

/* A PDF as the server recognises one, of @size bytes that no other test
 * sends. */
static GBytes *
make_pdf (gsize size)
{
  static const char head[] = "%PDF-1.4\n";
  static const char tail[] = "\n%%EOF\n";
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) g_test_rand_int_range (32, 127);
  memcpy (data, head, sizeof head - 1);
  memcpy (data + size - (sizeof tail - 1), tail, sizeof tail - 1);
  return g_bytes_new_take (data, size);
}

static McOutboxEntry *
enqueue_upload (McSync     *sync,
                const char *dossier_id,
                int         version,
                const char *name,
                GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  McOutboxEntry *entry;

  mc_sync_enqueue_upload_async (sync, dossier_id, version, name, MC_ATTACHMENT_SUBMITTED, bytes,
                                NULL, mc_test_result_cb, &result);
  entry = mc_sync_enqueue_upload_finish (sync, mc_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return entry;
}

/* How many of the dossier's attachments on the server have @sha256. */
static guint
server_copies (Fixture    *f,
               const char *dossier_id,
               const char *sha256)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/dossiers/%s", dossier_id);
  g_autoptr(McTestResponse) r = mc_test_request_json (&f->t, "GET", path, mc_test_login (&f->t, "rec"), NULL);
  JsonArray *attachments;
  guint n = 0;

  g_assert_cmpuint (r->status, ==, 200);
  attachments = json_object_get_array_member (json_node_get_object (r->json), "attachments");
  for (guint i = 0; i < json_array_get_length (attachments); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (attachments, i), "sha256"),
                   sha256) == 0)
      n++;
  return n;
}

typedef struct {
  McSync   *sync;
  gint64    entry_id;
  GArray   *sent;         /* guint64: every report */
  guint64   total;
  GArray   *upload_ids;   /* gint64: upload-id after every change */
  Fixture  *kill_fixture; /* nullable: the server dies a quarter in */
  gboolean  killed;
} Progress;

static void
progress_cb (McSync   *sync,
             gint64    outbox_id,
             guint64   sent,
             guint64   total,
             Progress *p)
{
  guint64 now_sent = 0, now_total = 0;

  g_assert_cmpint (outbox_id, ==, p->entry_id);
  g_assert_cmpuint (sent, <=, total);
  if (p->total != 0)
    g_assert_cmpuint (total, ==, p->total);
  p->total = total;
  /* The getter says the same, for a pane shown now. */
  g_assert_cmpint (mc_sync_get_upload (sync, &now_sent, &now_total), ==, outbox_id);
  g_assert_cmpuint (now_sent, ==, sent);
  g_assert_cmpuint (now_total, ==, total);
  g_array_append_val (p->sent, sent);
  if (p->kill_fixture != NULL && !p->killed && sent >= total / 4 && sent < total)
    {
      mc_test_server_pause (&p->kill_fixture->t, SIGKILL);
      p->killed = TRUE;
    }
}

static void
upload_id_cb (McSync     *sync,
              GParamSpec *pspec,
              Progress   *p)
{
  gint64 id = mc_sync_get_upload (sync, NULL, NULL);

  g_array_append_val (p->upload_ids, id);
}

static void
progress_init (Progress *p,
               McSync   *sync,
               gint64    entry_id)
{
  memset (p, 0, sizeof *p);
  p->sync = sync;
  p->entry_id = entry_id;
  p->sent = g_array_new (FALSE, FALSE, sizeof (guint64));
  p->upload_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_signal_connect (sync, "upload-progress", G_CALLBACK (progress_cb), p);
  g_signal_connect (sync, "notify::upload-id", G_CALLBACK (upload_id_cb), p);
}

static void
progress_clear (Progress *p)
{
  g_signal_handlers_disconnect_by_data (p->sync, p);
  g_array_unref (p->sent);
  g_array_unref (p->upload_ids);
}

/* From 0, each report more than the one before, the last the total. */
static void
assert_increasing_to_total (Progress *p,
                            guint64   total)
{
  g_test_message ("%u reports of an upload of %" G_GUINT64_FORMAT " bytes", p->sent->len, total);
  g_assert_cmpuint (p->sent->len, >=, 2);
  g_assert_cmpuint (g_array_index (p->sent, guint64, 0), ==, 0);
  for (guint i = 1; i < p->sent->len; i++)
    g_assert_cmpuint (g_array_index (p->sent, guint64, i), >, g_array_index (p->sent, guint64, i - 1));
  g_assert_cmpuint (g_array_index (p->sent, guint64, p->sent->len - 1), ==, total);
  g_assert_cmpuint (p->total, ==, total);
}

/* The upload was under way, then no longer. */
static void
assert_began_and_ended (Progress *p)
{
  g_assert_cmpuint (p->upload_ids->len, ==, 2);
  g_assert_cmpint (g_array_index (p->upload_ids, gint64, 0), ==, p->entry_id);
  g_assert_cmpint (g_array_index (p->upload_ids, gint64, 1), ==, 0);
  g_assert_cmpint (mc_sync_get_upload (p->sync, NULL, NULL), ==, 0);
}

static void
test_progress (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McClient) client = test_client (f, "rec");
  g_autofree char *path = g_build_filename (f->cache_dir, "rec.db", NULL);
  g_autoptr(McSync) sync = mc_sync_new (client, path);
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(GBytes) pdf = make_pdf (UPLOAD_SIZE);
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  g_autofree char *id = NULL;
  g_autoptr(McCache) cache = NULL;
  g_autoptr(McDossier) cached = NULL;
  gboolean throttled = GPOINTER_TO_INT (data);
  Progress p;
  int version;

  id = mc_test_create_dossier (&f->t, "Hoàng Thị Lan", &version);
  g_assert_true (sync_run (sync, &error));
  g_assert_no_error (error);
  if (!throttled)
    mc_sync_set_progress_interval (sync, 0);

  entry = enqueue_upload (sync, id, version, "Bản scan hồ sơ.pdf", pdf);
  g_assert_cmpint (mc_sync_get_upload (sync, NULL, NULL), ==, 0);
  progress_init (&p, sync, entry->id);
  g_assert_true (sync_run (sync, &error));
  g_assert_no_error (error);

  assert_increasing_to_total (&p, UPLOAD_SIZE);
  /* Every chunk libsoup wrote: a file of megabytes goes in many. */
  if (!throttled)
    g_assert_cmpuint (p.sent->len, >, 8);
  assert_began_and_ended (&p);
  g_assert_cmpuint (mc_sync_get_pending (sync), ==, 0);
  g_assert_cmpuint (server_copies (f, id, sha256), ==, 1);

  /* The dossier in the cache lists it: the answer went in with the entry. */
  cache = mc_cache_open (path, &error);
  g_assert_no_error (error);
  cached = mc_cache_get_dossier (cache, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mc_dossier_get_n_attachments (cached), ==, 1);
  g_assert_cmpstr (mc_attachment_get_sha256 (mc_dossier_get_attachment (cached, 0)), ==, sha256);
  progress_clear (&p);
}

static void
test_interrupted (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McClient) client = test_client (f, "rec");
  g_autofree char *path = g_build_filename (f->cache_dir, "rec.db", NULL);
  g_autoptr(McSync) sync = mc_sync_new (client, path);
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(GBytes) pdf = make_pdf (UPLOAD_SIZE);
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  g_autofree char *id = NULL;
  g_autofree char *upload_path = NULL;
  g_autoptr(McCache) cache = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(McTestResponse) replay = NULL;
  Progress p;
  int version;

  id = mc_test_create_dossier (&f->t, "Phan Văn Đức", &version);
  g_assert_true (sync_run (sync, &error));
  g_assert_no_error (error);
  mc_sync_set_progress_interval (sync, 0);
  entry = enqueue_upload (sync, id, version, "Giấy phép xây dựng.pdf", pdf);

  /* The server dies a quarter of the way through the file. */
  progress_init (&p, sync, entry->id);
  p.kill_fixture = f;
  g_assert_false (sync_run (sync, &error));
  g_assert_true (p.killed);
  g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_cmpint (mc_sync_get_state (sync), ==, MC_SYNC_STATE_OFFLINE);
  assert_began_and_ended (&p);
  g_assert_cmpuint (g_array_index (p.sent, guint64, p.sent->len - 1), <, UPLOAD_SIZE);

  /* It waits, as it was. */
  g_assert_cmpuint (mc_sync_get_pending (sync), ==, 1);
  cache = mc_cache_open (path, &error);
  g_assert_no_error (error);
  entries = mc_outbox_list_for_dossier (cache, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpint (((McOutboxEntry *) entries->pdata[0])->state, ==, MC_OUTBOX_PENDING);
  g_clear_pointer (&entries, g_ptr_array_unref);
  progress_clear (&p);

  /* Back: sent again from the start, whole, once. */
  mc_test_server_resume (&f->t, f->port);
  g_assert_cmpuint (server_copies (f, id, sha256), ==, 0);
  progress_init (&p, sync, entry->id);
  g_assert_true (sync_run (sync, &error));
  g_assert_no_error (error);
  assert_increasing_to_total (&p, UPLOAD_SIZE);
  assert_began_and_ended (&p);
  g_assert_cmpuint (mc_sync_get_pending (sync), ==, 0);
  g_assert_cmpuint (server_copies (f, id, sha256), ==, 1);
  entries = mc_outbox_list_for_dossier (cache, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 0);
  progress_clear (&p);

  /* Had the answer been lost after the server filed it, the same key
   * sent again gets the first answer, not a second copy. */
  upload_path = g_strdup (entry->path);
  {
    const char *headers[] = { "Idempotency-Key", entry->key, NULL };

    replay = mc_test_request_full (&f->t, "POST", upload_path, mc_test_login (&f->t, "rec"),
                                   "application/octet-stream", pdf, headers);
  }
  g_assert_cmpuint (replay->status, ==, 201);
  g_assert_cmpuint (server_copies (f, id, sha256), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  mc_test_init (&argc, &argv);

  g_test_add ("/sync/upload/progress", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_progress, fixture_tear_down);
  g_test_add ("/sync/upload/progress-every-chunk", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_progress, fixture_tear_down);
  g_test_add ("/sync/upload/interrupted", Fixture, NULL,
              fixture_set_up, test_interrupted, fixture_tear_down);

  return g_test_run ();
}
