/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>

#include "mc-cache.h"
#include "mc-client.h"
#include "mc-outbox.h"
#include "mc-sync-upload.h"
#include "mc-sync.h"
#include "mc-test-sync.h"

/* A file that satisfies a required component, added while the server is
 * unreachable: the outbox keeps the component through a restart of the
 * client, sends it when the server is back, and the server's copy and the
 * cache both say which component the file is. */

static const char *const component_names[] = {
  "Tờ khai đăng ký khai sinh", "Giấy chứng sinh", "Giấy tờ tùy thân của người yêu cầu",
};

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProcedure) procedure = NULL;

  f->store = mc_test_server_init (&f->t);
  procedure = mc_store_get_procedure (f->store, "p-1", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (component_names); i++)
    {
      g_autoptr(McComponent) c = mc_component_new (component_names[i], MC_COMPONENT_ORIGINAL, 1, TRUE);

      mc_procedure_add_component (procedure, c);
    }
  g_assert_true (mc_store_begin (f->store, &error));
  g_assert_true (mc_store_put_procedure (f->store, procedure, &error));
  g_assert_true (mc_store_commit (f->store, &error));
  g_assert_no_error (error);

  fixture_start (f, "sync-component");
}

static void
test_offline_upload_keeps_component (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(McClient) client = mc_client_new (f->t.base, FALSE);
  g_autoptr(McSync) sync = NULL;
  g_autoptr(McCache) cache = NULL;
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(McDossier) cached = NULL;
  g_autoptr(McTestResponse) on_server = NULL;
  g_autoptr(GAsyncResult) queued = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) scan = NULL;
  g_autofree char *path = g_build_filename (f->cache_dir, "rec.db", NULL);
  g_autofree char *id = NULL;
  g_autofree char *dossier_path = NULL;
  g_autofree char *sha256 = NULL;
  const char jpeg[] = "\xff\xd8\xff\xe0 giay chung sinh";
  JsonArray *attachments;
  McAttachment *attachment = NULL;
  int version;

  mc_client_set_session (client, "rec", mc_test_login (&f->t, "rec"));
  id = mc_test_create_dossier (&f->t, "Lê Thị Hoa", &version);
  sync = mc_sync_new (client, path);
  g_assert_true (sync_run (sync, &error));
  g_assert_no_error (error);

  /* The server is gone; the officer adds the birth certificate (component
   * 1) all the same. */
  mc_test_server_pause (&f->t, SIGTERM);
  scan = g_bytes_new (jpeg, sizeof jpeg - 1);
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, scan);
  mc_sync_enqueue_component_upload_async (sync, id, version, "Giấy chứng sinh.jpg", MC_ATTACHMENT_SUBMITTED, 1,
                                          scan, NULL, mc_test_result_cb, &queued);
  entry = mc_sync_enqueue_upload_finish (sync, mc_test_wait_result (&queued), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (entry->action, ==, MC_OUTBOX_UPLOAD);
  g_assert_nonnull (strstr (entry->path, "&component=1"));
  g_assert_false (sync_run (sync, &error));
  g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_cmpuint (mc_sync_get_pending (sync), ==, 1);

  /* The application closes and opens again: the entry, with its
   * component, is in the cache file. */
  g_clear_object (&sync);
  cache = mc_cache_open (path, &error);
  g_assert_no_error (error);
  entries = mc_outbox_list_for_dossier (cache, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpint (((McOutboxEntry *) entries->pdata[0])->state, ==, MC_OUTBOX_PENDING);
  g_assert_nonnull (strstr (((McOutboxEntry *) entries->pdata[0])->body, "\"component\":1"));
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* Back: sent with its component. */
  mc_test_server_resume (&f->t, f->port);
  sync = mc_sync_new (client, path);
  g_assert_true (sync_run (sync, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mc_sync_get_pending (sync), ==, 0);
  entries = mc_outbox_list_for_dossier (cache, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 0);

  dossier_path = g_strdup_printf ("/api/v1/dossiers/%s", id);
  on_server = mc_test_request_full (&f->t, "GET", dossier_path, mc_test_login (&f->t, "rec"), NULL, NULL, NULL);
  g_assert_cmpuint (on_server->status, ==, 200);
  attachments = json_object_get_array_member (json_node_get_object (on_server->json), "attachments");
  g_assert_cmpuint (json_array_get_length (attachments), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (attachments, 0), "file_name"), ==,
                   "Giấy chứng sinh.jpg");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (attachments, 0), "sha256"), ==,
                   sha256);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (attachments, 0), "component"), ==, 1);

  /* The cache keeps it, as the feed brought it. */
  cached = mc_cache_get_dossier (cache, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mc_dossier_get_n_attachments (cached), ==, 1);
  attachment = mc_dossier_get_attachment (cached, 0);
  g_assert_cmpint (mc_attachment_get_component (attachment), ==, 1);
}

/* A component the procedure does not have is refused by the server with
 * its reason, and the entry says so instead of blocking the others. */
static void
test_refused_component (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(McClient) client = mc_client_new (f->t.base, FALSE);
  g_autoptr(McSync) sync = NULL;
  g_autoptr(McCache) cache = NULL;
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GAsyncResult) queued = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) scan = g_bytes_new_static ("\xff\xd8\xff\xe0 cccd", 9);
  g_autofree char *path = g_build_filename (f->cache_dir, "rec.db", NULL);
  g_autofree char *id = NULL;
  int version;

  mc_client_set_session (client, "rec", mc_test_login (&f->t, "rec"));
  id = mc_test_create_dossier (&f->t, "Phạm Văn Nam", &version);
  sync = mc_sync_new (client, path);
  g_assert_true (sync_run (sync, &error));
  g_assert_no_error (error);

  mc_sync_enqueue_component_upload_async (sync, id, version, "cccd.jpg", MC_ATTACHMENT_SUBMITTED,
                                          (int) G_N_ELEMENTS (component_names), scan, NULL,
                                          mc_test_result_cb, &queued);
  entry = mc_sync_enqueue_upload_finish (sync, mc_test_wait_result (&queued), &error);
  g_assert_no_error (error);
  sync_run (sync, NULL);
  cache = mc_cache_open (path, &error);
  g_assert_no_error (error);
  entries = mc_outbox_list_for_dossier (cache, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpint (((McOutboxEntry *) entries->pdata[0])->state, ==, MC_OUTBOX_FAILED);
  g_assert_nonnull (strstr (((McOutboxEntry *) entries->pdata[0])->message, "no component 3"));
}

int
main (int    argc,
      char **argv)
{
  mc_test_init (&argc, &argv);

  g_test_add ("/sync/component/offline-upload", Fixture, NULL, fixture_set_up,
              test_offline_upload_keeps_component, fixture_tear_down);
  g_test_add ("/sync/component/refused", Fixture, NULL, fixture_set_up,
              test_refused_component, fixture_tear_down);

  return g_test_run ();
}
