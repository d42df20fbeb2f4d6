/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "mc-attachment-cache.h"
#include "mc-attachment-opener.h"
#include "mc-demo.h"
#include "mc-document-viewer.h"
#include "mc-sync.h"
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
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *p = g_build_filename (dir, name, NULL);

        g_unlink (p);
      }
  }
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  mc_test_init_ui (&argc, &argv);
  if (mc_test_have_display ())
    adw_init ();

  g_test_add_func ("/ui/attachments/open-online-then-offline", test_open_online_then_offline);

  return g_test_run ();
}
