/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * McDocumentViewer in a real window under Xvfb, with the real helper.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "mc-document-viewer-private.h"
#include "mc-test.h"
#include "mc-test-ui.h"
#include "preview-fixtures.h"

static char *tmpdir;

static gboolean
give_up_cb (gpointer data)
{
  g_error ("timed out waiting for %s", (const char *) data);
  return G_SOURCE_REMOVE;
}

#define wait_for(cond) G_STMT_START {                                  \
    guint _id = g_timeout_add_seconds (30, give_up_cb, (gpointer) #cond); \
    while (!(cond))                                                     \
      g_main_context_iteration (NULL, TRUE);                            \
    g_source_remove (_id);                                              \
  } G_STMT_END

static gboolean
stop_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets a few frames go by, so that layout settles before a snapshot. */
static void
settle (void)
{
  gboolean done = FALSE;

  g_timeout_add (300, stop_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
image_is (McDocumentViewer *viewer,
          guint             width,
          guint             height)
{
  McPreviewImage *image = _mc_document_viewer_get_image (viewer);

  return image != NULL && mc_preview_image_get_width (image) == width
         && mc_preview_image_get_height (image) == height;
}

static gboolean
selection_contains (McDocumentViewer *viewer,
                    const char       *needle)
{
  g_autofree char *text = _mc_document_viewer_dup_selected_text (viewer);

  return strstr (text, needle) != NULL;
}

static void
clipboard_text_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **out = user_data;

  *out = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  if (*out == NULL)
    *out = g_strdup ("");
}

static void
close_cb (McDocumentViewer *viewer,
          guint            *n_closed)
{
  (*n_closed)++;
}

static void
test_viewer (void)
{
  g_autofree char *path = NULL;
  g_autofree char *garbage = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *clipboard = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) bad = NULL;
  g_autoptr(GError) error = NULL;
  McDocumentViewer *viewer;
  GtkWidget *window;
  McPreviewDocument *document;
  guint n_closed = 0;
  double w, h;

  if (!mc_test_have_display ())
    {
      g_test_skip ("no display");
      return;
    }

  path = mc_fixture_pdf (tmpdir, "ho-so.pdf", 3);
  file = g_file_new_for_path (path);
  window = adw_window_new ();
  g_object_ref_sink (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  viewer = mc_document_viewer_new ();
  g_signal_connect (viewer, "close", G_CALLBACK (close_cb), &n_closed);
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (viewer));
  gtk_window_present (GTK_WINDOW (window));
  mc_test_wait_until_mapped (GTK_WIDGET (window));

  mc_document_viewer_open (viewer, file, "Giấy tờ.pdf");
  wait_for (mc_document_viewer_get_state (viewer) == MC_DOCUMENT_VIEWER_READY);
  g_assert_cmpuint (mc_document_viewer_get_n_pages (viewer), ==, 3);
  g_assert_cmpuint (mc_document_viewer_get_page (viewer), ==, 0);
  document = _mc_document_viewer_get_document (viewer);
  mc_preview_document_get_page_size (document, 0, &w, &h);

  /* Fit width by default: the page fills the width the window gives. */
  g_assert_cmpint (mc_document_viewer_get_zoom_mode (viewer), ==, MC_ZOOM_FIT_WIDTH);
  wait_for (_mc_document_viewer_get_image (viewer) != NULL
            && mc_preview_image_get_width (_mc_document_viewer_get_image (viewer)) > 400);

  /* 100 %: one CSS pixel per pixel (Xvfb's scale is 1). */
  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.zoom-reset", NULL);
  g_assert_cmpfloat (mc_document_viewer_get_zoom (viewer), ==, 1.0);
  wait_for (image_is (viewer, (guint) round (w), (guint) round (h)));
  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.zoom-in", NULL);
  g_assert_cmpfloat_with_epsilon (mc_document_viewer_get_zoom (viewer), 1.25, 1e-9);
  wait_for (image_is (viewer, (guint) round (w * 1.25), (guint) round (h * 1.25)));
  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.zoom-out", NULL);
  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.zoom-out", NULL);
  g_assert_cmpfloat_with_epsilon (mc_document_viewer_get_zoom (viewer), 0.8, 1e-9);
  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.fit-page", NULL);
  g_assert_cmpint (mc_document_viewer_get_zoom_mode (viewer), ==, MC_ZOOM_FIT_PAGE);
  g_assert_cmpfloat (mc_document_viewer_get_zoom (viewer), <, 0.8);

  /* Pages. */
  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.next-page", NULL);
  g_assert_cmpuint (mc_document_viewer_get_page (viewer), ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.last-page", NULL);
  g_assert_cmpuint (mc_document_viewer_get_page (viewer), ==, 2);
  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.next-page", NULL);
  g_assert_cmpuint (mc_document_viewer_get_page (viewer), ==, 2);
  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.previous-page", NULL);
  g_assert_cmpuint (mc_document_viewer_get_page (viewer), ==, 1);

  /* Rotation turns this page only; the image follows. */
  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.zoom-reset", NULL);
  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.rotate-right", NULL);
  g_assert_cmpuint (mc_document_viewer_get_rotation (viewer, 1), ==, 90);
  g_assert_cmpuint (mc_document_viewer_get_rotation (viewer, 0), ==, 0);
  wait_for (image_is (viewer, (guint) round (h), (guint) round (w)));
  settle ();
  mc_test_save_snapshot (GTK_WIDGET (window), "test-app-viewer-rotated.png");

  /* Select the page's text and copy it. */
  wait_for (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.select-all", NULL)
            && selection_contains (viewer, "Page 2 of 3"));
  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.copy", NULL);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (viewer)), NULL, clipboard_text_cb, &clipboard);
  wait_for (clipboard != NULL);
  g_assert_nonnull (strstr (clipboard, "Page 2 of 3"));

  /* Printing goes through the helper too: three pages of PDF. */
  exported = g_build_filename (tmpdir, "printed.pdf", NULL);
  g_assert_true (_mc_document_viewer_export_pdf (viewer, exported, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GFile) printed = g_file_new_for_path (exported);
    g_autoptr(McPreviewDocument) check = mc_preview_document_new (printed);

    mc_preview_document_open_async (check, NULL, NULL, NULL, NULL);
    wait_for (mc_preview_document_is_open (check));
    g_assert_cmpuint (mc_preview_document_get_n_pages (check), ==, 3);
  }

  /* The rotation stays for the session when the file opens again. */
  mc_document_viewer_open (viewer, file, "Giấy tờ.pdf");
  wait_for (mc_document_viewer_get_state (viewer) == MC_DOCUMENT_VIEWER_READY);
  g_assert_cmpuint (mc_document_viewer_get_rotation (viewer, 1), ==, 90);

  /* A file the helper cannot read: the status page, and the viewer goes on. */
  garbage = mc_fixture_write (tmpdir, "hong.pdf", "%PDF-1.4\n\x01\x02garbage", strlen ("%PDF-1.4\n\x01\x02garbage"));
  bad = g_file_new_for_path (garbage);
  mc_document_viewer_open (viewer, bad, NULL);
  wait_for (mc_document_viewer_get_state (viewer) == MC_DOCUMENT_VIEWER_FAILED);
  g_assert_error (mc_document_viewer_get_error (viewer), MC_PREVIEW_ERROR, MC_PREVIEW_ERROR_DAMAGED);
  settle ();
  mc_test_save_snapshot (GTK_WIDGET (window), "test-app-viewer-failed.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.close", NULL));
  g_assert_cmpuint (n_closed, ==, 1);

  /* And opens the next good file. */
  mc_document_viewer_open (viewer, file, NULL);
  wait_for (mc_document_viewer_get_state (viewer) == MC_DOCUMENT_VIEWER_READY);
  wait_for (_mc_document_viewer_get_image (viewer) != NULL);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* A helper that dies while the page renders: the status page says so. */
static void
test_viewer_helper_crash (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *helper = g_strdup (g_getenv ("MOTCUA_PREVIEW_HELPER"));
  McDocumentViewer *viewer;
  GtkWidget *window;

  if (!mc_test_have_display ())
    {
      g_test_skip ("no display");
      return;
    }
  path = mc_fixture_pdf (tmpdir, "crash.pdf", 1);
  file = g_file_new_for_path (path);
  window = adw_window_new ();
  g_object_ref_sink (window);
  viewer = mc_document_viewer_new ();
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (viewer));
  gtk_window_present (GTK_WINDOW (window));
  mc_test_wait_until_mapped (GTK_WIDGET (window));

  /* false(1) stands for a helper that ends without a word. */
  g_setenv ("MOTCUA_PREVIEW_HELPER", "/usr/bin/false", TRUE);
  mc_document_viewer_open (viewer, file, NULL);
  wait_for (mc_document_viewer_get_state (viewer) == MC_DOCUMENT_VIEWER_FAILED);
  g_assert_error (mc_document_viewer_get_error (viewer), MC_PREVIEW_ERROR, MC_PREVIEW_ERROR_CRASHED);
  g_setenv ("MOTCUA_PREVIEW_HELPER", helper, TRUE);

  mc_document_viewer_open (viewer, file, NULL);
  wait_for (mc_document_viewer_get_state (viewer) == MC_DOCUMENT_VIEWER_READY);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* An encrypted PDF asks for its password, says when it is wrong, opens
 * with the right one. */
static void
test_viewer_password (void)
{
  g_autofree char *plain = NULL;
  g_autofree char *locked = NULL;
  g_autofree char *out = NULL;
  g_autofree char *gs = g_find_program_in_path ("gs");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  McDocumentViewer *viewer;
  GtkWidget *window;
  int status = 0;

  if (!mc_test_have_display ())
    {
      g_test_skip ("no display");
      return;
    }
  if (gs == NULL)
    {
      g_test_skip ("Ghostscript (gs), which writes the encrypted PDF, is not installed");
      return;
    }
  plain = mc_fixture_pdf (tmpdir, "plain.pdf", 2);
  locked = g_build_filename (tmpdir, "locked.pdf", NULL);
  out = g_strdup_printf ("-sOutputFile=%s", locked);
  g_assert_true (g_spawn_sync (NULL, (char *[]) { gs, (char *) "-q", (char *) "-dBATCH", (char *) "-dNOPAUSE",
                                                  (char *) "-sDEVICE=pdfwrite", (char *) "-sOwnerPassword=owner",
                                                  (char *) "-sUserPassword=matkhau", out, plain, NULL },
                               NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);

  file = g_file_new_for_path (locked);
  window = adw_window_new ();
  g_object_ref_sink (window);
  viewer = mc_document_viewer_new ();
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (viewer));
  gtk_window_present (GTK_WINDOW (window));
  mc_test_wait_until_mapped (GTK_WIDGET (window));

  mc_document_viewer_open (viewer, file, NULL);
  wait_for (mc_document_viewer_get_state (viewer) == MC_DOCUMENT_VIEWER_PASSWORD);
  gtk_editable_set_text (_mc_document_viewer_get_password_entry (viewer), "sai");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.unlock", NULL));
  wait_for (mc_document_viewer_get_state (viewer) == MC_DOCUMENT_VIEWER_PASSWORD);
  gtk_editable_set_text (_mc_document_viewer_get_password_entry (viewer), "matkhau");
  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.unlock", NULL);
  wait_for (mc_document_viewer_get_state (viewer) == MC_DOCUMENT_VIEWER_READY);
  g_assert_cmpuint (mc_document_viewer_get_n_pages (viewer), ==, 2);
  wait_for (_mc_document_viewer_get_image (viewer) != NULL);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* A landscape page in a portrait document: laid out with the first
 * page's size until its own arrives, then landscape, on screen and in its
 * thumbnail, without leaving the page. */
static void
test_viewer_mixed_sizes (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  McDocumentViewer *viewer;
  McPreviewDocument *document;
  GtkWidget *window;
  GdkPaintable *thumbnail;
  McPreviewImage *image;
  double w, h;

  if (!mc_test_have_display ())
    {
      g_test_skip ("no display");
      return;
    }
  path = mc_fixture_pdf_landscape (tmpdir, "ngang.pdf", 6, 2);
  file = g_file_new_for_path (path);
  window = adw_window_new ();
  g_object_ref_sink (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  viewer = mc_document_viewer_new ();
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (viewer));
  gtk_window_present (GTK_WINDOW (window));
  mc_test_wait_until_mapped (GTK_WIDGET (window));

  mc_document_viewer_open (viewer, file, NULL);
  wait_for (mc_document_viewer_get_state (viewer) == MC_DOCUMENT_VIEWER_READY);
  document = _mc_document_viewer_get_document (viewer);
  /* Nothing drawn yet, so only the first page's size is known: go to the
   * landscape page now, laid out as portrait. */
  g_assert_false (mc_preview_document_get_page_sizes_known (document));
  g_assert_false (mc_preview_document_get_page_size (document, 2, &w, &h));
  g_assert_cmpfloat (w, <, h);
  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.fit-page", NULL);
  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.next-page", NULL);
  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.next-page", NULL);
  g_assert_cmpuint (mc_document_viewer_get_page (viewer), ==, 2);

  wait_for (mc_preview_document_get_page_sizes_known (document));
  g_assert_true (mc_preview_document_get_page_size (document, 2, &w, &h));
  g_assert_cmpfloat (w, >, h);
  /* The page on screen is drawn again at its own shape, and stays. */
  wait_for ((image = _mc_document_viewer_get_image (viewer)) != NULL
            && mc_preview_image_get_width (image) > mc_preview_image_get_height (image));
  g_assert_cmpfloat_with_epsilon ((double) mc_preview_image_get_width (image) / mc_preview_image_get_height (image),
                                  w / h, 0.01);
  g_assert_cmpuint (mc_document_viewer_get_page (viewer), ==, 2);
  /* Its thumbnail is landscape; its neighbours' are not. */
  wait_for ((thumbnail = _mc_document_viewer_get_thumbnail (viewer, 2)) != NULL
            && gdk_paintable_get_intrinsic_width (thumbnail) > gdk_paintable_get_intrinsic_height (thumbnail));
  wait_for ((thumbnail = _mc_document_viewer_get_thumbnail (viewer, 1)) != NULL);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (thumbnail), <, gdk_paintable_get_intrinsic_height (thumbnail));
  /* The pages after it are portrait again. */
  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.next-page", NULL);
  wait_for ((image = _mc_document_viewer_get_image (viewer)) != NULL
            && mc_preview_image_get_width (image) < mc_preview_image_get_height (image));
  settle ();
  mc_test_save_snapshot (GTK_WIDGET (window), "test-app-viewer-mixed.png");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

int
main (int    argc,
      char **argv)
{
  int status;

  mc_test_init_ui (&argc, &argv);
  if (mc_test_have_display ())
    adw_init ();
  tmpdir = g_dir_make_tmp ("motcua-viewer-XXXXXX", NULL);

  g_test_add_func ("/ui/viewer/pdf", test_viewer);
  g_test_add_func ("/ui/viewer/helper-crash", test_viewer_helper_crash);
  g_test_add_func ("/ui/viewer/password", test_viewer_password);
  g_test_add_func ("/ui/viewer/mixed-sizes", test_viewer_mixed_sizes);

  status = g_test_run ();
  {
    GDir *dir = g_dir_open (tmpdir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *p = g_build_filename (tmpdir, name, NULL);
        g_unlink (p);
      }
    if (dir != NULL)
      g_dir_close (dir);
    g_rmdir (tmpdir);
  }
  return status;
}
