/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>

#include "mc-attachment-adder.h"
#include "mc-attachment-cache.h"
#include "mc-attachment-opener.h"
#include "mc-attachment-thumbnail.h"
#include "mc-demo.h"
#include "mc-document-viewer.h"
#include "mc-dossier-detail.h"
#include "mc-outbox.h"
#include "mc-sync.h"
#include "mc-sync-upload.h"
#include "mc-test.h"
#include "mc-test-ui.h"
#include "preview-fixtures.h"

/* Opening a dossier's attachment, end to end: a real PDF uploaded to the
 * real demo server, synced, opened through the viewer from a download
 * checked against its fingerprint, then opened again with the server
 * gone, from the offline copy; a copy damaged on disk is never shown. */

static gboolean
give_up_cb (gpointer data)
{
  g_error ("Timed out waiting for %s", (const char *) data);
  return G_SOURCE_REMOVE;
}

#define wait_for(cond) G_STMT_START {                                  \
    guint _id = g_timeout_add_seconds (60, give_up_cb, (gpointer) #cond); \
    while (!(cond))                                                     \
      g_main_context_iteration (NULL, TRUE);                            \
    g_source_remove (_id);                                              \
  } G_STMT_END

static void
report_cb (gpointer    data,
           const char *message)
{
  GPtrArray *messages = data;

  g_test_message ("reported: %s", message);
  g_ptr_array_add (messages, g_strdup (message));
}

/* Removes @dir and what the test left in it, folders too. */
static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_dir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

static McDocumentViewer *
find_viewer (GtkWidget *widget)
{
  if (MC_IS_DOCUMENT_VIEWER (widget))
    return MC_DOCUMENT_VIEWER (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      McDocumentViewer *found = find_viewer (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The viewer window the opener presented, if any. */
static GtkWindow *
viewer_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (find_viewer (GTK_WIDGET (window)) != NULL)
        return window;   /* GTK keeps it */
    }
  return NULL;
}

static void
close_viewers (void)
{
  GtkWindow *window;

  while ((window = viewer_window ()) != NULL)
    gtk_window_destroy (window);
}

static void
test_open_online_then_offline (void)
{
  g_autoptr(McDemo) demo = mc_demo_new (50);
  g_autoptr(McSync) sync = NULL;
  g_autoptr(McSync) reception_sync = NULL;
  g_autoptr(McClient) reception = NULL;
  g_autoptr(McClient) client = NULL;
  g_autoptr(GAsyncResult) logged_in = NULL;
  g_autofree char *reception_cache_path = NULL;
  g_autoptr(McCache) cache = NULL;
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) started = NULL;
  g_autoptr(GAsyncResult) uploaded = NULL;
  g_autoptr(GAsyncResult) synced = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *id = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(McCacheQuery) all = mc_cache_query_new ();
  g_autofree char *dir = g_dir_make_tmp ("motcua-attachments-test-XXXXXX", NULL);
  g_autofree char *pdf_path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *path = NULL;
  g_autofree char *cached_path = NULL;
  g_autoptr(GFile) cached = NULL;
  McAttachment *attachment = NULL;
  GtkWidget *window;
  GtkWindow *shown;
  gsize length = 0;

  if (!mc_test_have_display ())
    {
      g_test_skip ("no display");
      return;
    }

  mc_demo_start_async (demo, NULL, mc_test_result_cb, &started);
  wait_for (started != NULL);
  g_assert_true (mc_demo_start_finish (demo, started, &error));
  g_assert_no_error (error);
  /* Kept past the demo's end, for the offline part. */
  client = g_object_ref (mc_demo_get_client (demo));

  /* A three-page scan, attached by the reception officer to a dossier
   * the one-stop unit received. */
  reception = mc_client_new (mc_demo_get_base_url (demo), FALSE);
  mc_client_log_in_async (reception, "tiepnhan.tinh", MC_DEMO_PASSWORD, NULL, mc_test_result_cb, &logged_in);
  wait_for (logged_in != NULL);
  g_assert_true (mc_client_log_in_finish (reception, logged_in, &error));
  g_assert_no_error (error);
  reception_cache_path = g_build_filename (dir, "tiepnhan.db", NULL);
  reception_sync = mc_sync_new (reception, reception_cache_path);
  mc_sync_run_async (reception_sync, NULL, mc_test_result_cb, &synced);
  wait_for (synced != NULL);
  g_assert_true (mc_sync_run_finish (reception_sync, synced, &error));
  g_assert_no_error (error);
  g_clear_object (&synced);
  cache = mc_cache_open (reception_cache_path, &error);
  g_assert_no_error (error);
  rows = mc_cache_query_page (cache, all, NULL, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  id = g_strdup (mc_dossier_row_get_id (g_ptr_array_index (rows, 0)));

  pdf_path = mc_fixture_pdf (dir, "giay-khai-sinh.pdf", 3);
  g_assert_true (g_file_get_contents (pdf_path, &contents, &length, NULL));
  pdf = g_bytes_new_take (g_steal_pointer (&contents), length);
  path = g_strdup_printf ("/api/v1/dossiers/%s/attachments?name=giay-khai-sinh.pdf&kind=submitted",
                          id);
  key = g_uuid_string_random ();
  mc_client_send_async (reception, "POST", path, pdf, key, NULL, mc_test_result_cb, &uploaded);
  wait_for (uploaded != NULL);
  answer = mc_client_send_finish (reception, uploaded, NULL, &error);
  g_assert_no_error (error);

  /* The supervisor's copy of the dossiers has it after a sync. */
  g_clear_object (&cache);
  sync = mc_sync_new (mc_demo_get_client (demo), mc_demo_get_cache_path (demo));
  mc_sync_run_async (sync, NULL, mc_test_result_cb, &synced);
  wait_for (synced != NULL);
  g_assert_true (mc_sync_run_finish (sync, synced, &error));
  g_assert_no_error (error);
  cache = mc_cache_open (mc_demo_get_cache_path (demo), &error);
  g_assert_no_error (error);
  dossier = mc_cache_get_dossier (cache, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mc_dossier_get_n_attachments (dossier), ==, 1);
  attachment = mc_dossier_get_attachment (dossier, 0);
  g_assert_cmpstr (mc_attachment_get_file_name (attachment), ==, "giay-khai-sinh.pdf");

  window = gtk_window_new ();
  gtk_window_present (GTK_WINDOW (window));

  /* Online: downloaded, checked, kept, shown. */
  mc_attachment_open (window, client, attachment, NULL, report_cb,
                      g_ptr_array_ref (messages), (GDestroyNotify) g_ptr_array_unref);
  wait_for ((shown = viewer_window ()) != NULL || messages->len > 0);
  g_assert_cmpuint (messages->len, ==, 0);
  wait_for (mc_document_viewer_get_state (find_viewer (GTK_WIDGET (shown))) == MC_DOCUMENT_VIEWER_READY);
  g_assert_cmpuint (mc_document_viewer_get_n_pages (find_viewer (GTK_WIDGET (shown))), ==, 3);
  cached = mc_attachment_cache_lookup (NULL, mc_attachment_get_sha256 (attachment), "giay-khai-sinh.pdf");
  g_assert_nonnull (cached);
  cached_path = g_file_get_path (cached);
  close_viewers ();

  /* Offline: the server is gone, the kept copy opens. */
  mc_demo_stop (demo);
  mc_attachment_open (window, client, attachment, NULL, report_cb,
                      g_ptr_array_ref (messages), (GDestroyNotify) g_ptr_array_unref);
  wait_for ((shown = viewer_window ()) != NULL || messages->len > 0);
  g_assert_cmpuint (messages->len, ==, 0);
  wait_for (mc_document_viewer_get_state (find_viewer (GTK_WIDGET (shown))) == MC_DOCUMENT_VIEWER_READY);
  close_viewers ();

  /* A copy altered on disk is not shown; offline, the officer is told. */
  g_assert_true (g_file_set_contents (cached_path, "%PDF-1.4 not the scan", -1, NULL));
  mc_attachment_open (window, client, attachment, NULL, report_cb,
                      g_ptr_array_ref (messages), (GDestroyNotify) g_ptr_array_unref);
  wait_for (messages->len > 0);
  g_assert_null (viewer_window ());
  g_assert_true (g_str_has_prefix (g_ptr_array_index (messages, 0), "Could not download “giay-khai-sinh.pdf”"));
  g_assert_false (g_file_test (cached_path, G_FILE_TEST_EXISTS));

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&reception_sync);
  g_clear_object (&cache);
  remove_dir (dir);
}

/* The demo server started, its reception officer signed in and synced
 * into @dir, and that cache opened: where most tests here begin. */
static void
start_reception (McDemo    *demo,
                 const char *dir,
                 McClient  **reception,
                 McSync    **sync,
                 McCache   **cache)
{
  g_autoptr(GAsyncResult) started = NULL;
  g_autoptr(GAsyncResult) logged_in = NULL;
  g_autoptr(GAsyncResult) synced = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cache_path = g_build_filename (dir, "tiepnhan.db", NULL);

  mc_demo_start_async (demo, NULL, mc_test_result_cb, &started);
  g_assert_true (mc_demo_start_finish (demo, mc_test_wait_result (&started), &error));
  g_assert_no_error (error);
  *reception = mc_client_new (mc_demo_get_base_url (demo), FALSE);
  mc_client_log_in_async (*reception, "tiepnhan.tinh", MC_DEMO_PASSWORD, NULL, mc_test_result_cb, &logged_in);
  g_assert_true (mc_client_log_in_finish (*reception, mc_test_wait_result (&logged_in), &error));
  g_assert_no_error (error);
  *sync = mc_sync_new (*reception, cache_path);
  mc_sync_run_async (*sync, NULL, mc_test_result_cb, &synced);
  g_assert_true (mc_sync_run_finish (*sync, mc_test_wait_result (&synced), &error));
  g_assert_no_error (error);
  *cache = mc_cache_open (cache_path, &error);
  g_assert_no_error (error);
}

/* Adding files goes through the outbox: written on this computer first,
 * sent in order, the file then kept for offline viewing; a file the server
 * refuses fails with its reason and leaves nothing behind. */
static void
test_upload_through_outbox (void)
{
  g_autoptr(McDemo) demo = mc_demo_new (50);
  g_autoptr(McClient) reception = NULL;
  g_autoptr(McSync) sync = NULL;
  g_autoptr(McCache) cache = NULL;
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(McDossier) after = NULL;
  g_autoptr(McOutboxEntry) good = NULL;
  g_autoptr(McOutboxEntry) bad = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(McCacheQuery) all = mc_cache_query_new ();
  g_autoptr(GAsyncResult) started = NULL;
  g_autoptr(GAsyncResult) logged_in = NULL;
  g_autoptr(GAsyncResult) queued = NULL;
  g_autoptr(GAsyncResult) queued_bad = NULL;
  g_autoptr(GAsyncResult) synced = NULL;
  g_autoptr(GAsyncResult) synced_again = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) text = g_bytes_new_static ("Đây không phải là bản scan.", strlen ("Đây không phải là bản scan."));
  g_autoptr(GFile) kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("motcua-upload-test-XXXXXX", NULL);
  g_autofree char *cache_path = NULL;
  g_autofree char *pdf_path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *uploads = NULL;
  g_autofree char *sha256 = NULL;
  gsize length = 0;
  guint attachments_before;

  mc_demo_start_async (demo, NULL, mc_test_result_cb, &started);
  g_assert_true (mc_demo_start_finish (demo, mc_test_wait_result (&started), &error));
  g_assert_no_error (error);

  reception = mc_client_new (mc_demo_get_base_url (demo), FALSE);
  mc_client_log_in_async (reception, "tiepnhan.tinh", MC_DEMO_PASSWORD, NULL, mc_test_result_cb, &logged_in);
  g_assert_true (mc_client_log_in_finish (reception, mc_test_wait_result (&logged_in), &error));
  g_assert_no_error (error);
  cache_path = g_build_filename (dir, "tiepnhan.db", NULL);
  sync = mc_sync_new (reception, cache_path);
  cache = mc_cache_open (cache_path, &error);
  g_assert_no_error (error);
  mc_sync_run_async (sync, NULL, mc_test_result_cb, &synced);
  g_assert_true (mc_sync_run_finish (sync, mc_test_wait_result (&synced), &error));
  g_assert_no_error (error);
  rows = mc_cache_query_page (cache, all, NULL, 1, &error);
  g_assert_no_error (error);
  dossier = mc_cache_get_dossier (cache, mc_dossier_row_get_id (g_ptr_array_index (rows, 0)), &error);
  g_assert_no_error (error);
  attachments_before = mc_dossier_get_n_attachments (dossier);

  /* Both written here before anything is sent. */
  pdf_path = mc_fixture_pdf (dir, "to-khai.pdf", 2);
  g_assert_true (g_file_get_contents (pdf_path, &contents, &length, NULL));
  pdf = g_bytes_new_take (g_steal_pointer (&contents), length);
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  mc_sync_enqueue_upload_async (sync, mc_dossier_get_id (dossier), mc_dossier_get_version (dossier),
                                "Tờ khai.pdf", MC_ATTACHMENT_SUBMITTED, pdf, NULL, mc_test_result_cb, &queued);
  good = mc_sync_enqueue_upload_finish (sync, mc_test_wait_result (&queued), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (good->action, ==, MC_OUTBOX_UPLOAD);
  mc_sync_enqueue_upload_async (sync, mc_dossier_get_id (dossier), mc_dossier_get_version (dossier),
                                "ghi-chu.txt", MC_ATTACHMENT_SUBMITTED, text, NULL, mc_test_result_cb, &queued_bad);
  bad = mc_sync_enqueue_upload_finish (sync, mc_test_wait_result (&queued_bad), &error);
  g_assert_no_error (error);
  uploads = mc_sync_dup_uploads_dir (sync);
  kept = mc_attachment_cache_lookup (uploads, sha256, "Tờ khai.pdf");
  g_assert_nonnull (kept);
  g_clear_object (&kept);
  entries = mc_outbox_list_for_dossier (cache, mc_dossier_get_id (dossier), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpint (((McOutboxEntry *) g_ptr_array_index (entries, 0))->state, ==, MC_OUTBOX_PENDING);
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* Sent: the PDF is the dossier's; the text file is refused with the
   * server's reason. */
  mc_sync_run_async (sync, NULL, mc_test_result_cb, &synced_again);
  mc_sync_run_finish (sync, mc_test_wait_result (&synced_again), NULL);
  entries = mc_outbox_list_for_dossier (cache, mc_dossier_get_id (dossier), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      McOutboxEntry *entry = g_ptr_array_index (entries, i);

      g_test_message ("entry %" G_GINT64_FORMAT ": state %d, %s", entry->id, entry->state,
                      entry->message != NULL ? entry->message : "");
      if (entry->id == good->id)
        g_assert_cmpint (entry->state, ==, MC_OUTBOX_DONE);
      else
        {
          g_assert_cmpint (entry->state, ==, MC_OUTBOX_FAILED);
          g_assert_nonnull (entry->message);
        }
    }
  after = mc_cache_get_dossier (cache, mc_dossier_get_id (dossier), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mc_dossier_get_n_attachments (after), ==, attachments_before + 1);
  g_assert_cmpstr (mc_attachment_get_sha256 (mc_dossier_get_attachment (after, attachments_before)), ==, sha256);

  /* Nothing waits any more; the PDF is kept for offline viewing. */
  g_assert_null (mc_attachment_cache_lookup (uploads, sha256, "Tờ khai.pdf"));
  kept = mc_attachment_cache_lookup (NULL, sha256, "Tờ khai.pdf");
  g_assert_nonnull (kept);
  {
    g_autoptr(GDir) left = g_dir_open (uploads, 0, NULL);

    g_assert_true (left == NULL || g_dir_read_name (left) == NULL);
  }

  g_clear_object (&sync);
  g_clear_object (&cache);
  mc_demo_stop (demo);
  /* The uploads folder is inside: it must be empty by now (checked above). */
  remove_dir (dir);
}

/* Files chosen or dropped: checked here first, then queued. */
static void
test_add_files (void)
{
  g_autoptr(McDemo) demo = mc_demo_new (50);
  g_autoptr(McClient) reception = NULL;
  g_autoptr(McSync) sync = NULL;
  g_autoptr(McCache) cache = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(McCacheQuery) all = mc_cache_query_new ();
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) text = g_bytes_new_static ("ghi chú", strlen ("ghi chú"));
  g_autoptr(GBytes) jpeg = g_bytes_new_static ("\xff\xd8\xff\xe0", 4);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("motcua-add-test-XXXXXX", NULL);
  g_autofree char *pdf_path = NULL;
  g_autofree char *txt_path = NULL;
  g_autofree char *problem = NULL;
  GSList *files = NULL;

  /* The checks, as the server would make them. */
  problem = mc_attachment_adder_check ("ghi-chu.txt", text);
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, "ghi-chu.txt"));
  g_assert_null (mc_attachment_adder_check ("anh.jpg", jpeg));

  start_reception (demo, dir, &reception, &sync, &cache);
  rows = mc_cache_query_page (cache, all, NULL, 1, &error);
  g_assert_no_error (error);
  dossier = mc_cache_get_dossier (cache, mc_dossier_row_get_id (g_ptr_array_index (rows, 0)), &error);
  g_assert_no_error (error);

  /* A scan and a note dropped together: the scan waits to be sent, the
   * note is turned away with the reason, and nothing of it is queued. */
  pdf_path = mc_fixture_pdf (dir, "cccd.pdf", 1);
  txt_path = mc_fixture_write (dir, "ghi-chu.txt", "ghi chú", strlen ("ghi chú"));
  files = g_slist_append (files, g_file_new_for_path (pdf_path));
  files = g_slist_append (files, g_file_new_for_path (txt_path));
  mc_attachment_adder_add_files (sync, dossier, files, report_cb, g_ptr_array_ref (messages),
                                 (GDestroyNotify) g_ptr_array_unref);
  g_slist_free_full (files, g_object_unref);
  while (messages->len < 2)
    g_main_context_iteration (NULL, TRUE);
  entries = mc_outbox_list_for_dossier (cache, mc_dossier_get_id (dossier), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((McOutboxEntry *) g_ptr_array_index (entries, 0))->action, ==, MC_OUTBOX_UPLOAD);
  g_assert_true (strstr (((McOutboxEntry *) g_ptr_array_index (entries, 0))->path, "name=cccd.pdf") != NULL);
  g_assert_true (strstr (g_ptr_array_index (messages, 0), "ghi-chu.txt") != NULL ||
                 strstr (g_ptr_array_index (messages, 1), "ghi-chu.txt") != NULL);

  g_clear_object (&sync);
  g_clear_object (&cache);
  mc_demo_stop (demo);
  /* The uploads folder, with the scan still waiting, is inside. */
  remove_dir (dir);
}

/* The guess of each new file's component: in the catalogue's order, the
 * next one still without a file, then "other". */
static void
test_guess_components (void)
{
  const gboolean has_file[] = { TRUE, FALSE, FALSE, TRUE };
  int guesses[4];

  mc_attachment_adder_guess_components (G_N_ELEMENTS (has_file), has_file, 4, guesses);
  g_assert_cmpint (guesses[0], ==, 1);
  g_assert_cmpint (guesses[1], ==, 2);
  g_assert_cmpint (guesses[2], ==, MC_ATTACHMENT_NO_COMPONENT);
  g_assert_cmpint (guesses[3], ==, MC_ATTACHMENT_NO_COMPONENT);
  mc_attachment_adder_guess_components (2, NULL, 1, guesses);
  g_assert_cmpint (guesses[0], ==, 0);
  mc_attachment_adder_guess_components (0, NULL, 1, guesses);
  g_assert_cmpint (guesses[0], ==, MC_ATTACHMENT_NO_COMPONENT);
}

static void
detail_changes_cb (McSync          *sync,
                   McCacheChanges  *changes,
                   McDossierDetail *detail)
{
  mc_dossier_detail_refresh (detail, changes);
}

/* The line of @component in the pane's checklist. */
static char *
component_line (McDossierDetail *detail,
                guint            component)
{
  g_autofree char *all = mc_dossier_detail_describe_components (detail);
  g_auto(GStrv) lines = g_strsplit (all, "\n", -1);

  g_assert_cmpuint (g_strv_length (lines), >, component);
  return g_strdup (lines[component]);
}

/* Files dropped on the pane: the officer says which required component
 * each is, starting from the guess; the checklist shows the file as
 * waiting, then as the dossier's once the outbox sent it, and the server
 * has the component. */
static void
test_add_with_component (void)
{
  g_autoptr(McDemo) demo = mc_demo_new (50);
  g_autoptr(McClient) reception = NULL;
  g_autoptr(McSync) sync = NULL;
  g_autoptr(McCache) cache = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) procedures = NULL;
  g_autoptr(McCacheQuery) all = mc_cache_query_new ();
  g_autoptr(GAsyncResult) synced_again = NULL;
  g_autoptr(GAsyncResult) got = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) on_server = NULL;
  g_autofree char *dir = g_dir_make_tmp ("motcua-component-test-XXXXXX", NULL);
  g_autofree char *scan_path = NULL;
  g_autofree char *other_path = NULL;
  g_autofree char *cancelled_path = NULL;
  g_autofree char *id = NULL;
  g_autofree char *line = NULL;
  g_autofree char *first_line = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *server_path = NULL;
  McProcedure *procedure = NULL;
  McComponentDialog *dialog;
  McDossierDetail *detail;
  GtkWindow *window;
  GSList *files = NULL;
  JsonArray *attachments;
  const char *name;
  gboolean found = FALSE;

  if (!mc_test_have_display ())
    {
      g_test_skip ("no display");
      return;
    }

  start_reception (demo, dir, &reception, &sync, &cache);

  /* An open dossier of a procedure with at least two components. */
  procedures = mc_cache_list_procedures (cache, &error);
  g_assert_no_error (error);
  rows = mc_cache_query_page (cache, all, NULL, 500, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len && id == NULL; i++)
    {
      g_autoptr(McDossier) d = mc_cache_get_dossier (cache, mc_dossier_row_get_id (g_ptr_array_index (rows, i)), NULL);

      if (d == NULL || mc_status_is_final (mc_dossier_get_status (d)))
        continue;
      for (guint p = 0; p < procedures->len; p++)
        if (g_str_equal (mc_procedure_get_id (g_ptr_array_index (procedures, p)), mc_dossier_get_procedure_id (d)) &&
            mc_procedure_get_n_components (g_ptr_array_index (procedures, p)) >= 2)
          {
            procedure = g_ptr_array_index (procedures, p);
            id = g_strdup (mc_dossier_get_id (d));
          }
    }
  g_assert_nonnull (id);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 560, 900);
  detail = mc_dossier_detail_new ();
  gtk_window_set_child (window, GTK_WIDGET (detail));
  mc_dossier_detail_set_sync (detail, sync, cache);
  g_signal_connect (sync, "changes", G_CALLBACK (detail_changes_cb), detail);
  mc_dossier_detail_set_dossier_id (detail, id);
  gtk_window_present (window);
  mc_test_wait_until_mapped (GTK_WIDGET (window));
  g_assert_cmpuint (mc_dossier_detail_get_n_components (detail), ==, mc_procedure_get_n_components (procedure));
  /* The seeded files name no component: nothing is ticked yet. */
  first_line = component_line (detail, 0);
  expected = g_strdup_printf ("%s: No file yet", mc_procedure_get_component (procedure, 0)->name);
  g_assert_cmpstr (first_line, ==, expected);
  g_clear_pointer (&expected, g_free);

  /* Cancelled (Escape, or Cancel): nothing is queued. */
  cancelled_path = mc_fixture_pdf (dir, "huy.pdf", 1);
  files = g_slist_append (NULL, g_file_new_for_path (cancelled_path));
  dialog = mc_dossier_detail_add_files (detail, files);
  g_slist_free_full (files, g_object_unref);
  files = NULL;
  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.cancel", NULL));
  for (int k = 0; k < 50 && dialog != NULL; k++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (dialog);
  {
    g_autoptr(GPtrArray) none = mc_outbox_list_for_dossier (cache, id, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (none->len, ==, 0);
  }

  /* Two files dropped: guessed as the first two components; the officer
   * says the first is the second component and the other is something
   * else. */
  scan_path = mc_fixture_pdf (dir, "giay-chung-sinh.pdf", 1);
  other_path = mc_fixture_pdf (dir, "ghi-chu.pdf", 1);
  files = g_slist_append (files, g_file_new_for_path (scan_path));
  files = g_slist_append (files, g_file_new_for_path (other_path));
  dialog = mc_dossier_detail_add_files (detail, files);
  g_slist_free_full (files, g_object_unref);
  g_assert_nonnull (dialog);
  mc_test_wait_until_mapped (GTK_WIDGET (dialog));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == window);
  g_assert_cmpuint (mc_component_dialog_get_n_files (dialog), ==, 2);
  g_assert_cmpint (mc_component_dialog_get_component (dialog, 0), ==, 0);
  g_assert_cmpint (mc_component_dialog_get_component (dialog, 1), ==, 1);
  mc_component_dialog_set_component (dialog, 0, 1);
  mc_component_dialog_set_component (dialog, 1, MC_ATTACHMENT_NO_COMPONENT);
  g_assert_cmpint (mc_component_dialog_get_component (dialog, 1), ==, MC_ATTACHMENT_NO_COMPONENT);
  mc_test_save_snapshot (GTK_WIDGET (dialog), "test-app-attachments-components.png");
  mc_component_dialog_accept (dialog);

  /* Kept in the outbox: the component is ticked as waiting. */
  expected = g_strdup_printf ("%s: 1 file waiting to be sent", mc_procedure_get_component (procedure, 1)->name);
  for (int k = 0; k < 3000; k++)
    {
      g_free (line);
      line = component_line (detail, 1);
      if (g_str_equal (line, expected))
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpstr (line, ==, expected);
  g_clear_pointer (&expected, g_free);
  g_clear_pointer (&first_line, g_free);
  first_line = component_line (detail, 0);
  g_assert_true (g_str_has_suffix (first_line, ": No file yet"));

  /* Sent: the dossier's file now, on the checklist and on the server. */
  mc_sync_run_async (sync, NULL, mc_test_result_cb, &synced_again);
  g_assert_true (mc_sync_run_finish (sync, mc_test_wait_result (&synced_again), &error));
  g_assert_no_error (error);
  for (int k = 0; k < 50; k++)
    g_main_context_iteration (NULL, FALSE);
  g_free (line);
  line = component_line (detail, 1);
  expected = g_strdup_printf ("%s: 1 file", mc_procedure_get_component (procedure, 1)->name);
  g_assert_cmpstr (line, ==, expected);
  mc_test_save_snapshot (GTK_WIDGET (window), "test-app-attachments-checklist.png");

  server_path = g_strdup_printf ("/api/v1/dossiers/%s", id);
  mc_client_get_json_async (reception, server_path, NULL, mc_test_result_cb, &got);
  on_server = mc_client_get_json_finish (reception, mc_test_wait_result (&got), &error);
  g_assert_no_error (error);
  attachments = json_object_get_array_member (json_node_get_object (on_server), "attachments");
  for (guint i = 0; i < json_array_get_length (attachments); i++)
    {
      JsonObject *a = json_array_get_object_element (attachments, i);

      name = json_object_get_string_member (a, "file_name");
      if (g_str_equal (name, "giay-chung-sinh.pdf"))
        {
          g_assert_cmpint (json_object_get_int_member (a, "component"), ==, 1);
          found = TRUE;
        }
      else if (g_str_equal (name, "ghi-chu.pdf"))
        g_assert_false (json_object_has_member (a, "component"));
    }
  g_assert_true (found);

  g_signal_handlers_disconnect_by_func (sync, detail_changes_cb, detail);
  gtk_window_destroy (window);
  g_clear_object (&sync);
  g_clear_object (&cache);
  mc_demo_stop (demo);
  remove_dir (dir);
}

/* A PDF as the server recognises one, of @size bytes. */
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

typedef struct {
  McDossierDetail *detail;
  guint            n_reports;
  guint            n_sending;       /* with a bar part full */
  guint            n_checking;      /* every byte sent */
  char            *total_text;      /* owned: the size as the row writes it */
  guint            n_attachments;   /* before the upload */
  gboolean         drawn;
} Seen;

/* Connected after the pane: the row shows what was just reported. */
static void
progress_seen_cb (McSync  *sync,
                  gint64   outbox_id,
                  guint64  sent,
                  guint64  total,
                  Seen    *seen)
{
  McUploadRow *row;
  double fraction;

  g_assert_cmpuint (mc_dossier_detail_get_n_uploads (seen->detail), ==, 1);
  row = mc_dossier_detail_get_upload_row (seen->detail, 0);
  g_assert_cmpint (mc_upload_row_get_entry_id (row), ==, outbox_id);
  fraction = mc_upload_row_get_fraction (row);
  g_assert_cmpfloat_with_epsilon (fraction, (double) sent / (double) total, 1e-9);
  g_assert_nonnull (strstr (mc_upload_row_get_text (row), seen->total_text));
  if (sent < total)
    {
      g_autofree char *sent_text = g_format_size (sent);

      g_assert_cmpint (mc_upload_row_get_state (row), ==, MC_UPLOAD_ROW_SENDING);
      g_assert_nonnull (strstr (mc_upload_row_get_text (row), sent_text));
      if (!seen->drawn && sent >= total / 2)
        {
          /* The row half way, as an artifact to look at. */
          mc_test_save_snapshot (gtk_widget_get_parent (GTK_WIDGET (row)), "upload-sending.png");
          seen->drawn = TRUE;
        }
      seen->n_sending++;
    }
  else
    {
      g_assert_cmpint (mc_upload_row_get_state (row), ==, MC_UPLOAD_ROW_CHECKING);
      seen->n_checking++;
    }
  /* The attachment is not listed before the server has it. */
  g_assert_cmpuint (mc_dossier_detail_get_n_attachments (seen->detail), ==, seen->n_attachments);
  seen->n_reports++;
}

static void
changes_cb (McSync          *sync,
            McCacheChanges  *changes,
            McDossierDetail *detail)
{
  mc_dossier_detail_refresh (detail, changes);
}

/* The detail pane while a file is on its way: a row with where it stands
 * in words (offline, then sent again), its progress bar while it is
 * sent, and then the attachment in the list instead of the row. */
static void
test_upload_progress_row (void)
{
  g_autoptr(McDemo) demo = mc_demo_new (50);
  g_autoptr(McClient) reception = NULL;
  g_autoptr(McClient) nowhere = mc_client_new ("http://127.0.0.1:1", FALSE);
  g_autoptr(McSync) sync = NULL;
  g_autoptr(McSync) offline = NULL;
  g_autoptr(McCache) cache = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(McCacheQuery) all = mc_cache_query_new ();
  g_autoptr(GAsyncResult) failed = NULL;
  g_autoptr(GAsyncResult) queued = NULL;
  g_autoptr(GAsyncResult) uploaded = NULL;
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(GBytes) pdf = make_pdf (3 * 1024 * 1024 + 12345);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("motcua-progress-test-XXXXXX", NULL);
  g_autofree char *id = NULL;
  g_autofree char *expected_label = NULL;
  Seen seen = { NULL };
  McDossierDetail *detail;
  McUploadRow *row;
  GtkWidget *window;
  guint n_before;

  if (!mc_test_have_display ())
    {
      g_test_skip ("no display");
      return;
    }

  start_reception (demo, dir, &reception, &sync, &cache);
  mc_sync_set_progress_interval (sync, 0);
  rows = mc_cache_query_page (cache, all, NULL, 1, &error);
  g_assert_no_error (error);
  id = g_strdup (mc_dossier_row_get_id (g_ptr_array_index (rows, 0)));

  /* A sync that cannot reach any server, on the same outbox. */
  offline = mc_sync_new (nowhere, mc_cache_get_path (cache));

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 700, 900);
  detail = mc_dossier_detail_new ();
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (detail));
  mc_dossier_detail_set_sync (detail, offline, cache);
  mc_dossier_detail_set_dossier_id (detail, id);
  gtk_window_present (GTK_WINDOW (window));
  mc_test_wait_until_mapped (GTK_WIDGET (detail));
  n_before = mc_dossier_detail_get_n_attachments (detail);
  g_assert_cmpuint (mc_dossier_detail_get_n_uploads (detail), ==, 0);

  /* Added: a row at once, waiting, no bar. */
  mc_sync_enqueue_upload_async (offline, id, 1, "Bản vẽ mặt bằng.pdf", MC_ATTACHMENT_SUBMITTED, pdf,
                                NULL, mc_test_result_cb, &queued);
  entry = mc_sync_enqueue_upload_finish (offline, mc_test_wait_result (&queued), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mc_dossier_detail_get_n_uploads (detail), ==, 1);
  row = mc_dossier_detail_get_upload_row (detail, 0);
  g_assert_cmpstr (mc_upload_row_get_file_name (row), ==, "Bản vẽ mặt bằng.pdf");
  g_assert_cmpfloat (mc_upload_row_get_fraction (row), ==, -1);
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (row)));
  expected_label = g_strdup_printf ("Upload of “%s”", "Bản vẽ mặt bằng.pdf");
  gtk_test_accessible_assert_property (mc_upload_row_get_bar (row), GTK_ACCESSIBLE_PROPERTY_LABEL, expected_label);

  /* No server: it says so in words, and still waits. */
  mc_sync_run_async (offline, NULL, mc_test_result_cb, &failed);
  g_assert_false (mc_sync_run_finish (offline, mc_test_wait_result (&failed), NULL));
  g_assert_cmpint (mc_sync_get_state (offline), ==, MC_SYNC_STATE_OFFLINE);
  g_assert_cmpuint (mc_dossier_detail_get_n_uploads (detail), ==, 1);
  row = mc_dossier_detail_get_upload_row (detail, 0);
  g_assert_cmpint (mc_upload_row_get_state (row), ==, MC_UPLOAD_ROW_OFFLINE);
  g_assert_cmpstr (mc_upload_row_get_text (row), ==, "Offline: it is sent when the connection is back");
  g_assert_cmpfloat (mc_upload_row_get_fraction (row), ==, -1);
  mc_test_save_snapshot (gtk_widget_get_parent (GTK_WIDGET (row)), "upload-offline.png");

  /* The server is reachable: tried before, so it goes again. */
  mc_dossier_detail_set_sync (detail, sync, cache);
  g_signal_connect (sync, "changes", G_CALLBACK (changes_cb), detail);
  g_assert_cmpuint (mc_dossier_detail_get_n_uploads (detail), ==, 1);
  row = mc_dossier_detail_get_upload_row (detail, 0);
  g_assert_cmpint (mc_upload_row_get_state (row), ==, MC_UPLOAD_ROW_INTERRUPTED);

  /* Sent: the bar follows the bytes, then the file is an attachment. */
  seen.detail = detail;
  seen.n_attachments = n_before;
  seen.total_text = g_format_size (g_bytes_get_size (pdf));
  g_signal_connect (sync, "upload-progress", G_CALLBACK (progress_seen_cb), &seen);
  mc_sync_run_async (sync, NULL, mc_test_result_cb, &uploaded);
  g_assert_true (mc_sync_run_finish (sync, mc_test_wait_result (&uploaded), &error));
  g_assert_no_error (error);
  g_test_message ("%u reports, %u while sending", seen.n_reports, seen.n_sending);
  g_assert_cmpuint (seen.n_sending, >, 1);
  g_assert_cmpuint (seen.n_checking, ==, 1);
  g_assert_cmpuint (mc_dossier_detail_get_n_uploads (detail), ==, 0);
  g_assert_cmpuint (mc_dossier_detail_get_n_attachments (detail), ==, n_before + 1);
  g_assert_cmpstr (mc_attachment_get_file_name (mc_dossier_get_attachment (mc_dossier_detail_get_dossier (detail), n_before)),
                   ==, "Bản vẽ mặt bằng.pdf");
  mc_test_save_snapshot (window, "upload-done.png");

  g_signal_handlers_disconnect_by_data (sync, &seen);
  g_signal_handlers_disconnect_by_data (sync, detail);
  g_free (seen.total_text);
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&offline);
  g_clear_object (&sync);
  g_clear_object (&cache);
  mc_demo_stop (demo);
  remove_dir (dir);
}

/* Attaches @data as @name to the dossier @id on the server. */
static void
post_attachment (McClient   *client,
                 const char *id,
                 const char *name,
                 GBytes     *data)
{
  g_autoptr(GAsyncResult) uploaded = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/dossiers/%s/attachments?name=%s&kind=submitted", id, name);
  g_autofree char *key = g_uuid_string_random ();

  mc_client_send_async (client, "POST", path, data, key, NULL, mc_test_result_cb, &uploaded);
  answer = mc_client_send_finish (client, mc_test_wait_result (&uploaded), NULL, &error);
  g_assert_no_error (error);
}

static void
collect_thumbnails (GtkWidget *widget,
                    GPtrArray *found)
{
  if (MC_IS_ATTACHMENT_THUMBNAIL (widget))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_thumbnails (child, found);
}

/* The thumbnail in the attachment row titled @name, or NULL. */
static McAttachmentThumbnail *
find_thumbnail (McDossierDetail *detail,
                const char      *name)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect_thumbnails (GTK_WIDGET (detail), found);
  for (guint i = 0; i < found->len; i++)
    {
      GtkWidget *row = gtk_widget_get_ancestor (g_ptr_array_index (found, i), ADW_TYPE_ACTION_ROW);

      if (row != NULL && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), name) == 0)
        return g_ptr_array_index (found, i);
    }
  return NULL;
}

static GBytes *
read_bytes (const char *path)
{
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_bytes_new_take (contents, length);
}

/* Each attachment row starts with a thumbnail drawn by the previewer: a
 * PDF kept offline shows its first page at its own aspect; a small one
 * not kept is downloaded for it while online; a damaged file keeps its
 * icon; a dossier left while its thumbnails are drawn, or a pane closed,
 * stops the work without harm. */
static void
test_thumbnails (void)
{
  g_autoptr(McDemo) demo = mc_demo_new (50);
  g_autoptr(McClient) reception = NULL;
  g_autoptr(McSync) sync = NULL;
  g_autoptr(McCache) cache = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(McCacheQuery) all = mc_cache_query_new ();
  g_autoptr(GAsyncResult) synced_again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) portrait = NULL;
  g_autoptr(GBytes) landscape = NULL;
  g_autoptr(GBytes) damaged = g_bytes_new_static ("%PDF-1.4 not a scan at all\n%%EOF\n",
                                                          strlen ("%PDF-1.4 not a scan at all\n%%EOF\n"));
  g_autoptr(GFile) kept = NULL;
  g_autofree char *dir = g_dir_make_tmp ("motcua-thumbnail-test-XXXXXX", NULL);
  g_autofree char *portrait_path = NULL;
  g_autofree char *landscape_path = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  McAttachmentThumbnail *thumbnail;
  McAttachmentThumbnail *broken;
  McDossierDetail *detail;
  GtkWindow *window;
  GdkTexture *texture;

  if (!mc_test_have_display ())
    {
      g_test_skip ("no display");
      return;
    }

  start_reception (demo, dir, &reception, &sync, &cache);
  rows = mc_cache_query_page (cache, all, NULL, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  first = g_strdup (mc_dossier_row_get_id (g_ptr_array_index (rows, 0)));
  second = g_strdup (mc_dossier_row_get_id (g_ptr_array_index (rows, 1)));

  /* The first dossier: an A4 scan kept offline and a damaged file; the
   * second: a landscape scan this computer has never seen. */
  portrait_path = mc_fixture_pdf (dir, "don-de-nghi.pdf", 2);
  portrait = read_bytes (portrait_path);
  landscape_path = mc_fixture_pdf_landscape (dir, "ban-ve.pdf", 1, 0);
  landscape = read_bytes (landscape_path);
  post_attachment (reception, first, "don-de-nghi.pdf", portrait);
  post_attachment (reception, first, "hong.pdf", damaged);
  post_attachment (reception, second, "ban-ve.pdf", landscape);
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, portrait);
  kept = mc_attachment_cache_store (NULL, sha256, "don-de-nghi.pdf", portrait, &error);
  g_assert_no_error (error);
  mc_sync_run_async (sync, NULL, mc_test_result_cb, &synced_again);
  g_assert_true (mc_sync_run_finish (sync, mc_test_wait_result (&synced_again), &error));
  g_assert_no_error (error);
  g_assert_cmpint (mc_sync_get_state (sync), ==, MC_SYNC_STATE_ONLINE);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 560, 900);
  detail = mc_dossier_detail_new ();
  gtk_window_set_child (window, GTK_WIDGET (detail));
  mc_dossier_detail_set_sync (detail, sync, cache);
  gtk_window_present (window);
  mc_test_wait_until_mapped (GTK_WIDGET (window));

  /* Left at once, several times, while thumbnails are being drawn. */
  for (int k = 0; k < 3; k++)
    {
      mc_dossier_detail_set_dossier_id (detail, first);
      for (int j = 0; j < 5; j++)
        g_main_context_iteration (NULL, FALSE);
      mc_dossier_detail_set_dossier_id (detail, second);
      for (int j = 0; j < 5; j++)
        g_main_context_iteration (NULL, FALSE);
    }

  /* Not kept, small, online: downloaded, kept, drawn, landscape. */
  thumbnail = find_thumbnail (detail, "ban-ve.pdf");
  g_assert_nonnull (thumbnail);
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (thumbnail)), ==, GTK_ACCESSIBLE_ROLE_IMG);
  wait_for (mc_attachment_thumbnail_get_state (thumbnail) != MC_ATTACHMENT_THUMBNAIL_WAITING);
  g_assert_cmpint (mc_attachment_thumbnail_get_state (thumbnail), ==, MC_ATTACHMENT_THUMBNAIL_SHOWN);
  texture = mc_attachment_thumbnail_get_texture (thumbnail);
  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, MC_ATTACHMENT_THUMBNAIL_WIDTH);
  g_assert_cmpint (gdk_texture_get_height (texture), <, gdk_texture_get_width (texture));
  g_assert_cmpfloat (fabs ((double) gdk_texture_get_width (texture) / gdk_texture_get_height (texture) - 842.0 / 595.0),
                     <, 0.05);

  /* Kept offline: the first page, A4 portrait; the damaged file keeps its
   * icon and nothing else is said. */
  mc_dossier_detail_set_dossier_id (detail, first);
  thumbnail = find_thumbnail (detail, "don-de-nghi.pdf");
  broken = find_thumbnail (detail, "hong.pdf");
  g_assert_nonnull (thumbnail);
  g_assert_nonnull (broken);
  wait_for (mc_attachment_thumbnail_get_state (thumbnail) != MC_ATTACHMENT_THUMBNAIL_WAITING &&
            mc_attachment_thumbnail_get_state (broken) != MC_ATTACHMENT_THUMBNAIL_WAITING);
  g_assert_cmpint (mc_attachment_thumbnail_get_state (thumbnail), ==, MC_ATTACHMENT_THUMBNAIL_SHOWN);
  texture = mc_attachment_thumbnail_get_texture (thumbnail);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, MC_ATTACHMENT_THUMBNAIL_HEIGHT);
  g_assert_cmpfloat (fabs ((double) gdk_texture_get_width (texture) / gdk_texture_get_height (texture) - 595.0 / 842.0),
                     <, 0.05);
  g_assert_cmpint (mc_attachment_thumbnail_get_state (broken), ==, MC_ATTACHMENT_THUMBNAIL_FAILED);
  g_assert_null (mc_attachment_thumbnail_get_texture (broken));
  /* The attachments as the officer sees them, the window's scrolled part
   * aside. */
  mc_test_save_snapshot (gtk_widget_get_ancestor (GTK_WIDGET (thumbnail), ADW_TYPE_PREFERENCES_GROUP),
                         "test-app-attachments-thumbnails.png");

  /* Shown again after a sync: the pictures are kept, not drawn again. */
  mc_dossier_detail_refresh (detail, NULL);
  thumbnail = find_thumbnail (detail, "don-de-nghi.pdf");
  g_assert_nonnull (thumbnail);
  g_assert_cmpint (mc_attachment_thumbnail_get_state (thumbnail), ==, MC_ATTACHMENT_THUMBNAIL_SHOWN);

  /* The pane closed while a thumbnail is being drawn. */
  mc_dossier_detail_set_dossier_id (detail, second);
  for (int j = 0; j < 3; j++)
    g_main_context_iteration (NULL, FALSE);
  gtk_window_destroy (window);
  for (int j = 0; j < 50; j++)
    g_main_context_iteration (NULL, FALSE);

  g_clear_object (&cache);
  remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  mc_test_init_ui (&argc, &argv);
  if (mc_test_have_display ())
    adw_init ();

  g_test_add_func ("/ui/attachments/open-online-then-offline", test_open_online_then_offline);
  g_test_add_func ("/ui/attachments/upload-through-outbox", test_upload_through_outbox);
  g_test_add_func ("/ui/attachments/add-files", test_add_files);
  g_test_add_func ("/ui/attachments/guess-components", test_guess_components);
  g_test_add_func ("/ui/attachments/add-with-component", test_add_with_component);
  g_test_add_func ("/ui/attachments/upload-progress-row", test_upload_progress_row);
  g_test_add_func ("/ui/attachments/thumbnails", test_thumbnails);

  return g_test_run ();
}
