/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mc-application.h"
#include "mc-document-viewer-private.h"
#include "mc-preview.h"

#define ZOOM_MIN      0.1
#define ZOOM_MAX      8.0
#define ZOOM_STEP     1.25
#define THUMB_WIDTH   110
#define THUMB_HEIGHT  150
/* The largest page image asked of the helper, in pixels. */
#define MAX_PIXELS    (32.0 * 1024 * 1024)
#define PAGE_MARGIN   24

struct _McDocumentViewer
{
  GtkWidget              parent_instance;

  GFile                 *file;          /* owned, nullable */
  char                  *title;         /* owned, nullable */
  McPreviewDocument     *document;      /* owned, nullable */
  McDocumentViewerState  state;
  GError                *error;         /* owned, nullable */
  GCancellable          *cancellable;   /* owned: everything of this file */
  GCancellable          *render_cancellable; /* owned, nullable: the page on screen */
  GArray                *rotations;     /* owned, nullable: shared with the session table */

  guint                  page;
  McZoomMode             zoom_mode;
  double                 zoom;
  double                 zoom_at_pinch;
  guint                  render_source;
  guint                  refit_source;

  McPreviewImage        *image;         /* owned, nullable: the page on screen */
  guint                  image_page;
  guint                  image_rotation;
  McPreviewText         *text;          /* owned, nullable: of image_page */
  GArray                *selected;      /* owned: gboolean per character */
  double                 drag_x;
  double                 drag_y;

  GtkStringList         *pages;         /* owned */
  GHashTable            *thumbnail_items; /* owned: the bound GtkListItems */
  GtkSingleSelection    *page_selection; /* owned */
  GtkPrintOperation     *print;         /* owned, nullable */

  /* template children */
  AdwToastOverlay       *toast_overlay;
  GtkStack              *stack;
  GtkSpinner            *spinner;
  AdwStatusPage         *password_page;
  GtkPasswordEntry      *password_entry;
  GtkLabel              *password_error;
  AdwStatusPage         *error_page;
  GtkButton             *open_with_button;
  GtkLabel              *page_label;
  GtkLabel              *zoom_label;
  GtkListView           *thumbnails;
  GtkScrolledWindow     *scroller;
  GtkDrawingArea        *page_area;
};

G_DEFINE_FINAL_TYPE (McDocumentViewer, mc_document_viewer, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FILE,
  PROP_TITLE,
  PROP_PAGE,
  PROP_N_PAGES,
  PROP_ZOOM,
  PROP_STATE,
  N_PROPS
};

enum {
  SIGNAL_CLOSE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Rotations chosen this session, by file URI: reopening a scan shows it
 * the way the officer turned it. */
static GHashTable *session_rotations;

static void schedule_render (McDocumentViewer *self,
                             gboolean          now);
static void update_actions  (McDocumentViewer *self);

/* Geometry -------------------------------------------------------------- */

static guint
rotation_of (McDocumentViewer *self,
             guint             page)
{
  if (self->rotations == NULL || page >= self->rotations->len)
    return 0;
  return g_array_index (self->rotations, guint, page);
}

/* The page's size as shown at zoom 1, rotated. */
static void
rotated_size (McDocumentViewer *self,
              guint             page,
              double           *width,
              double           *height)
{
  double w = 1, h = 1;

  if (self->document != NULL && page < mc_preview_document_get_n_pages (self->document))
    mc_preview_document_get_page_size (self->document, page, &w, &h);
  if (rotation_of (self, page) % 180 != 0)
    {
      *width = h;
      *height = w;
    }
  else
    {
      *width = w;
      *height = h;
    }
}

static double
clamp_zoom (McDocumentViewer *self,
            double            zoom)
{
  double w, h, scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));

  rotated_size (self, self->page, &w, &h);
  zoom = CLAMP (zoom, ZOOM_MIN, ZOOM_MAX);
  /* No page image larger than the helper renders. */
  if (w * h * zoom * zoom * scale * scale > MAX_PIXELS)
    zoom = sqrt (MAX_PIXELS / (w * h * scale * scale));
  if (w * zoom * scale > 16000)
    zoom = 16000 / (w * scale);
  if (h * zoom * scale > 16000)
    zoom = 16000 / (h * scale);
  return zoom;
}

static double
effective_zoom (McDocumentViewer *self)
{
  double w, h, avail_w, avail_h;

  if (self->zoom_mode == MC_ZOOM_FREE)
    return clamp_zoom (self, self->zoom);
  rotated_size (self, self->page, &w, &h);
  avail_w = MAX (gtk_widget_get_width (GTK_WIDGET (self->scroller)) - PAGE_MARGIN - 12, 50);
  avail_h = MAX (gtk_widget_get_height (GTK_WIDGET (self->scroller)) - PAGE_MARGIN, 50);
  if (self->zoom_mode == MC_ZOOM_FIT_WIDTH)
    return clamp_zoom (self, avail_w / w);
  return clamp_zoom (self, MIN (avail_w / w, avail_h / h));
}

/* From the unrotated page's coordinates to the drawing area's. */
static void
page_to_view (McDocumentViewer *self,
              double            px,
              double            py,
              double           *x,
              double           *y)
{
  double w, h, zoom = effective_zoom (self);

  mc_preview_document_get_page_size (self->document, self->image_page, &w, &h);
  switch (self->image_rotation)
    {
    case 90:
      *x = (h - py) * zoom;
      *y = px * zoom;
      break;
    case 180:
      *x = (w - px) * zoom;
      *y = (h - py) * zoom;
      break;
    case 270:
      *x = py * zoom;
      *y = (w - px) * zoom;
      break;
    default:
      *x = px * zoom;
      *y = py * zoom;
    }
}

/* State ----------------------------------------------------------------- */

static void
set_state (McDocumentViewer      *self,
           McDocumentViewerState  state)
{
  static const char *const names[] = { "loading", "loading", "password", "document", "error" };

  self->state = state;
  gtk_stack_set_visible_child_name (self->stack, names[state]);
  gtk_spinner_set_spinning (self->spinner, state == MC_DOCUMENT_VIEWER_LOADING);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
show_error (McDocumentViewer *self,
            const GError     *error)
{
  g_clear_error (&self->error);
  self->error = g_error_copy (error);
  adw_status_page_set_description (self->error_page, error->message);
  set_state (self, MC_DOCUMENT_VIEWER_FAILED);
  /* The application carries on; the file may still be saved or opened
   * elsewhere. */
  gtk_widget_grab_focus (GTK_WIDGET (self->open_with_button));
}

static void
update_labels (McDocumentViewer *self)
{
  g_autofree char *page = NULL;
  g_autofree char *zoom = NULL;
  guint n = self->document != NULL ? mc_preview_document_get_n_pages (self->document) : 0;

  /* Translators: page N of M, in the viewer's toolbar. */
  page = g_strdup_printf (_("%u of %u"), n > 0 ? self->page + 1 : 0, n);
  gtk_label_set_label (self->page_label, page);
  zoom = g_strdup_printf ("%.0f %%", effective_zoom (self) * 100);
  gtk_label_set_label (self->zoom_label, zoom);
}

static void
update_actions (McDocumentViewer *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean ready = self->state == MC_DOCUMENT_VIEWER_READY;
  guint n = ready ? mc_preview_document_get_n_pages (self->document) : 0;
  gboolean has_text = ready && self->text != NULL && *mc_preview_text_get_text (self->text) != '\0';

  gtk_widget_action_set_enabled (widget, "viewer.previous-page", ready && self->page > 0);
  gtk_widget_action_set_enabled (widget, "viewer.next-page", ready && self->page + 1 < n);
  gtk_widget_action_set_enabled (widget, "viewer.first-page", ready && self->page > 0);
  gtk_widget_action_set_enabled (widget, "viewer.last-page", ready && self->page + 1 < n);
  gtk_widget_action_set_enabled (widget, "viewer.zoom-in", ready);
  gtk_widget_action_set_enabled (widget, "viewer.zoom-out", ready);
  gtk_widget_action_set_enabled (widget, "viewer.zoom-reset", ready);
  gtk_widget_action_set_enabled (widget, "viewer.fit-width", ready);
  gtk_widget_action_set_enabled (widget, "viewer.fit-page", ready);
  gtk_widget_action_set_enabled (widget, "viewer.rotate-left", ready);
  gtk_widget_action_set_enabled (widget, "viewer.rotate-right", ready);
  /* Pages are printed at their own size: wait until it is known. */
  gtk_widget_action_set_enabled (widget, "viewer.print",
                                 ready && (mc_preview_document_get_page_sizes_known (self->document)
                                           || mc_preview_document_get_page_sizes_error (self->document) != NULL));
  gtk_widget_action_set_enabled (widget, "viewer.copy", has_text);
  gtk_widget_action_set_enabled (widget, "viewer.select-all", has_text);
  gtk_widget_action_set_enabled (widget, "viewer.save", self->file != NULL);
  gtk_widget_action_set_enabled (widget, "viewer.open-with", self->file != NULL);
  gtk_widget_action_set_enabled (widget, "viewer.unlock", self->state == MC_DOCUMENT_VIEWER_PASSWORD);
  if (ready)
    update_labels (self);
}

/* The page on screen ---------------------------------------------------- */

typedef struct
{
  McDocumentViewer *self;
  guint             page;
} TextRequest;

static void
text_ready_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autofree TextRequest *request = user_data;
  g_autoptr(GError) error = NULL;
  McPreviewText *text;
  McDocumentViewer *self;

  text = mc_preview_document_get_text_finish (MC_PREVIEW_DOCUMENT (source), result, &error);
  if (text == NULL)
    {
      /* Cancelled: the viewer may be gone. A page without text is no
       * reason to stop showing it. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("page text: %s", error->message);
      return;
    }
  self = request->self;
  if (request->page != self->page)
    {
      mc_preview_text_unref (text);
      return;
    }
  g_clear_pointer (&self->text, mc_preview_text_unref);
  self->text = text;
  g_array_set_size (self->selected, 0);
  g_array_set_size (self->selected, g_utf8_strlen (mc_preview_text_get_text (text), -1));
  update_actions (self);
}

static void
page_rendered_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  McPreviewImage *image;
  McDocumentViewer *self;

  image = mc_preview_document_render_page_finish (MC_PREVIEW_DOCUMENT (source), result, &error);
  if (image == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self = user_data;
      show_error (self, error);
      return;
    }
  self = user_data;
  g_clear_pointer (&self->image, mc_preview_image_unref);
  self->image = image;
  gtk_widget_queue_draw (GTK_WIDGET (self->page_area));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

static void
request_page (McDocumentViewer *self)
{
  double w, h, zoom, scale;
  guint rotation = rotation_of (self, self->page);
  if (self->state != MC_DOCUMENT_VIEWER_READY)
    return;
  /* Fitting to a view not yet laid out would render a useless size; the
   * first allocation brings us back here. */
  if (self->zoom_mode != MC_ZOOM_FREE && gtk_widget_get_width (GTK_WIDGET (self->scroller)) == 0)
    return;
  zoom = effective_zoom (self);
  scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  rotated_size (self, self->page, &w, &h);
  gtk_drawing_area_set_content_width (self->page_area, MAX (1, (int) round (w * zoom)));
  gtk_drawing_area_set_content_height (self->page_area, MAX (1, (int) round (h * zoom)));
  update_labels (self);

  if (self->image != NULL && self->image_page == self->page && self->image_rotation == rotation
      && mc_preview_image_get_width (self->image) == (guint) MAX (1, round (w * zoom * scale))
      && mc_preview_image_get_height (self->image) == (guint) MAX (1, round (h * zoom * scale)))
    return;

  if (self->image_page != self->page || self->image_rotation != rotation)
    {
      /* Another page: drop what belongs to the old one. */
      g_clear_pointer (&self->image, mc_preview_image_unref);
      if (self->image_page != self->page)
        {
          g_clear_pointer (&self->text, mc_preview_text_unref);
          g_array_set_size (self->selected, 0);
          if (mc_preview_document_has_text (self->document))
            {
              TextRequest *request = g_new0 (TextRequest, 1);

              request->self = self;
              request->page = self->page;
              mc_preview_document_get_text_async (self->document, self->page, self->cancellable,
                                                  text_ready_cb, request);
            }
        }
      self->image_page = self->page;
      self->image_rotation = rotation;
      gtk_widget_queue_draw (GTK_WIDGET (self->page_area));
    }

  g_cancellable_cancel (self->render_cancellable);
  g_clear_object (&self->render_cancellable);
  self->render_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                           self->render_cancellable, G_CONNECT_SWAPPED);
  mc_preview_document_render_page_async (self->document, self->page,
                                         MAX (1, round (w * zoom * scale)),
                                         MAX (1, round (h * zoom * scale)),
                                         rotation, G_PRIORITY_DEFAULT, self->render_cancellable,
                                         page_rendered_cb, self);
}

static gboolean
render_timeout_cb (gpointer user_data)
{
  McDocumentViewer *self = user_data;

  self->render_source = 0;
  request_page (self);
  return G_SOURCE_REMOVE;
}

/* Sizes change many times while a window is resized or a pinch goes on:
 * render once things settle. */
static void
schedule_render (McDocumentViewer *self,
                 gboolean          now)
{
  g_clear_handle_id (&self->render_source, g_source_remove);
  if (now)
    request_page (self);
  else
    self->render_source = g_timeout_add (80, render_timeout_cb, self);
}

static void
draw_page (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        user_data)
{
  McDocumentViewer *self = user_data;
  const McPreviewRect *rects;
  guint n_rects = 0, i;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  if (self->image != NULL)
    {
      GBytes *bytes = mc_preview_image_get_bytes (self->image);
      cairo_surface_t *surface;

      surface = cairo_image_surface_create_for_data ((guchar *) g_bytes_get_data (bytes, NULL),
                                                     CAIRO_FORMAT_ARGB32,
                                                     mc_preview_image_get_width (self->image),
                                                     mc_preview_image_get_height (self->image),
                                                     mc_preview_image_get_stride (self->image));
      cairo_save (cr);
      cairo_scale (cr, (double) width / mc_preview_image_get_width (self->image),
                   (double) height / mc_preview_image_get_height (self->image));
      cairo_set_source_surface (cr, surface, 0, 0);
      cairo_paint (cr);
      cairo_restore (cr);
      cairo_surface_destroy (surface);
    }

  if (self->text == NULL)
    return;
  rects = mc_preview_text_get_rects (self->text, &n_rects);
  cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.35);
  for (i = 0; i < n_rects && i < self->selected->len; i++)
    if (g_array_index (self->selected, gboolean, i))
      {
        double x1, y1, x2, y2;

        page_to_view (self, rects[i].x1, rects[i].y1, &x1, &y1);
        page_to_view (self, rects[i].x2, rects[i].y2, &x2, &y2);
        cairo_rectangle (cr, MIN (x1, x2), MIN (y1, y2), fabs (x2 - x1), fabs (y2 - y1));
      }
  cairo_fill (cr);
}

/* Text selection -------------------------------------------------------- */

static void
select_in (McDocumentViewer *self,
           double            x1,
           double            y1,
           double            x2,
           double            y2)
{
  const McPreviewRect *rects;
  guint n_rects = 0, i;

  if (self->text == NULL)
    return;
  rects = mc_preview_text_get_rects (self->text, &n_rects);
  for (i = 0; i < n_rects && i < self->selected->len; i++)
    {
      double ax, ay, bx, by, cx, cy;

      page_to_view (self, rects[i].x1, rects[i].y1, &ax, &ay);
      page_to_view (self, rects[i].x2, rects[i].y2, &bx, &by);
      cx = (ax + bx) / 2;
      cy = (ay + by) / 2;
      g_array_index (self->selected, gboolean, i) =
        cx >= MIN (x1, x2) && cx <= MAX (x1, x2) && cy >= MIN (y1, y2) && cy <= MAX (y1, y2);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self->page_area));
}

static void
drag_begin_cb (GtkGestureDrag   *gesture,
               double            x,
               double            y,
               McDocumentViewer *self)
{
  self->drag_x = x;
  self->drag_y = y;
  gtk_widget_grab_focus (GTK_WIDGET (self->page_area));
}

static void
drag_update_cb (GtkGestureDrag   *gesture,
                double            dx,
                double            dy,
                McDocumentViewer *self)
{
  select_in (self, self->drag_x, self->drag_y, self->drag_x + dx, self->drag_y + dy);
}

char *
_mc_document_viewer_dup_selected_text (McDocumentViewer *self)
{
  GString *out = g_string_new (NULL);
  const char *p;
  guint i;

  if (self->text == NULL)
    return g_string_free (out, FALSE);
  p = mc_preview_text_get_text (self->text);
  for (i = 0; *p != '\0' && i < self->selected->len; i++, p = g_utf8_next_char (p))
    if (g_array_index (self->selected, gboolean, i))
      g_string_append_len (out, p, g_utf8_next_char (p) - p);
  return g_string_free (out, FALSE);
}

/* Actions --------------------------------------------------------------- */

static void
go_to_page (McDocumentViewer *self,
            guint             page)
{
  guint n;

  if (self->state != MC_DOCUMENT_VIEWER_READY)
    return;
  n = mc_preview_document_get_n_pages (self->document);
  page = MIN (page, n - 1);
  if (page != self->page)
    {
      self->page = page;
      gtk_single_selection_set_selected (self->page_selection, page);
      gtk_widget_activate_action (GTK_WIDGET (self->thumbnails), "list.scroll-to-item", "u", page);
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
    }
  update_actions (self);
  schedule_render (self, TRUE);
}

static void
page_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  McDocumentViewer *self = MC_DOCUMENT_VIEWER (widget);
  guint n = self->document != NULL ? mc_preview_document_get_n_pages (self->document) : 0;

  if (n == 0)
    return;
  if (g_str_equal (name, "viewer.next-page"))
    go_to_page (self, MIN (self->page + 1, n - 1));
  else if (g_str_equal (name, "viewer.previous-page"))
    go_to_page (self, self->page > 0 ? self->page - 1 : 0);
  else if (g_str_equal (name, "viewer.first-page"))
    go_to_page (self, 0);
  else if (g_str_equal (name, "viewer.last-page"))
    go_to_page (self, n - 1);
}

static void
zoom_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  McDocumentViewer *self = MC_DOCUMENT_VIEWER (widget);
  double zoom = effective_zoom (self);

  if (g_str_equal (name, "viewer.zoom-in"))
    mc_document_viewer_set_zoom (self, MC_ZOOM_FREE, zoom * ZOOM_STEP);
  else if (g_str_equal (name, "viewer.zoom-out"))
    mc_document_viewer_set_zoom (self, MC_ZOOM_FREE, zoom / ZOOM_STEP);
  else if (g_str_equal (name, "viewer.zoom-reset"))
    mc_document_viewer_set_zoom (self, MC_ZOOM_FREE, 1.0);
  else if (g_str_equal (name, "viewer.fit-width"))
    mc_document_viewer_set_zoom (self, MC_ZOOM_FIT_WIDTH, zoom);
  else if (g_str_equal (name, "viewer.fit-page"))
    mc_document_viewer_set_zoom (self, MC_ZOOM_FIT_PAGE, zoom);
}

static void
rotate_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  McDocumentViewer *self = MC_DOCUMENT_VIEWER (widget);
  guint *rotation;

  if (self->rotations == NULL || self->page >= self->rotations->len)
    return;
  rotation = &g_array_index (self->rotations, guint, self->page);
  *rotation = (*rotation + (g_str_equal (name, "viewer.rotate-right") ? 90 : 270)) % 360;
  g_array_set_size (self->selected, 0);
  if (self->text != NULL)
    g_array_set_size (self->selected, g_utf8_strlen (mc_preview_text_get_text (self->text), -1));
  /* The thumbnail turns too. */
  g_list_model_items_changed (G_LIST_MODEL (self->pages), self->page, 1, 1);
  schedule_render (self, TRUE);
}

static void
select_all_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  McDocumentViewer *self = MC_DOCUMENT_VIEWER (widget);
  guint i;

  for (i = 0; i < self->selected->len; i++)
    g_array_index (self->selected, gboolean, i) = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self->page_area));
}

static void
copy_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  McDocumentViewer *self = MC_DOCUMENT_VIEWER (widget);
  g_autofree char *text = _mc_document_viewer_dup_selected_text (self);

  /* Nothing selected: the whole page, which is what people mostly want
   * from a scanned form's text layer. */
  if (*text == '\0' && self->text != NULL)
    {
      g_free (text);
      text = g_strdup (mc_preview_text_get_text (self->text));
    }
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Text copied")));
}

static void
close_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  g_signal_emit (widget, signals[SIGNAL_CLOSE], 0);
}

/* Saving a copy and other applications --------------------------------- */

static void
copy_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  McDocumentViewer *self;
  g_autofree char *message = NULL;

  if (!g_file_copy_finish (G_FILE (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self = user_data;
      message = g_strdup_printf (_("The copy could not be saved: %s"), error->message);
    }
  else
    {
      self = user_data;
      message = g_strdup (_("Copy saved"));
    }
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
save_response_cb (GtkNativeDialog  *dialog,
                  int               response,
                  McDocumentViewer *self)
{
  g_autoptr(GFile) destination = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->file != NULL)
    {
      destination = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_file_copy_async (self->file, destination, G_FILE_COPY_OVERWRITE, G_PRIORITY_DEFAULT,
                         self->cancellable, NULL, NULL, copy_done_cb, self);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
save_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  McDocumentViewer *self = MC_DOCUMENT_VIEWER (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *basename = NULL;

  if (self->file == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Save a Copy"),
                                         GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  basename = g_file_get_basename (self->file);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), self->title != NULL ? self->title : basename);
  g_signal_connect_object (chooser, "response", G_CALLBACK (save_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
app_chosen_cb (GtkDialog        *dialog,
               int               response,
               McDocumentViewer *self)
{
  g_autoptr(GAppInfo) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkAppLaunchContext) context = NULL;
  GList files = { self->file, NULL, NULL };

  if (response == GTK_RESPONSE_OK)
    app = gtk_app_chooser_get_app_info (GTK_APP_CHOOSER (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
  if (app == NULL || self->file == NULL)
    return;
  context = gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self)));
  if (!g_app_info_launch (app, &files, G_APP_LAUNCH_CONTEXT (context), &error))
    {
      g_autofree char *message = g_strdup_printf (_("The application could not open the file: %s"), error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
    }
}

static void
open_with_action (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  McDocumentViewer *self = MC_DOCUMENT_VIEWER (widget);
  g_autofree char *content_type = NULL;
  g_autofree char *basename = NULL;
  GtkWidget *dialog;

  if (self->file == NULL)
    return;
  if (self->document != NULL && mc_preview_document_get_media_type (self->document) != NULL)
    content_type = g_content_type_from_mime_type (mc_preview_document_get_media_type (self->document));
  if (content_type == NULL)
    {
      basename = g_file_get_basename (self->file);
      content_type = g_content_type_guess (basename, NULL, 0, NULL);
    }
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  dialog = gtk_app_chooser_dialog_new_for_content_type (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                        GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                                        content_type);
G_GNUC_END_IGNORE_DEPRECATIONS
  g_signal_connect_object (dialog, "response", G_CALLBACK (app_chosen_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Printing: every page rendered by the helper at 150 dpi --------------- */

typedef struct
{
  McDocumentViewer  *self;
  GtkPrintContext   *context;
  GtkPrintOperation *operation;
} PrintPage;

static void
print_page_rendered_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  PrintPage *job = user_data;
  g_autoptr(McPreviewImage) image = NULL;
  g_autoptr(GError) error = NULL;

  image = mc_preview_document_render_page_finish (MC_PREVIEW_DOCUMENT (source), result, &error);
  if (image != NULL)
    {
      cairo_t *cr = gtk_print_context_get_cairo_context (job->context);
      double cw = gtk_print_context_get_width (job->context);
      double ch = gtk_print_context_get_height (job->context);
      double iw = mc_preview_image_get_width (image), ih = mc_preview_image_get_height (image);
      double scale = MIN (cw / iw, ch / ih);
      cairo_surface_t *surface;

      surface = cairo_image_surface_create_for_data ((guchar *) g_bytes_get_data (mc_preview_image_get_bytes (image), NULL),
                                                     CAIRO_FORMAT_ARGB32, iw, ih,
                                                     mc_preview_image_get_stride (image));
      cairo_save (cr);
      cairo_translate (cr, (cw - iw * scale) / 2, (ch - ih * scale) / 2);
      cairo_scale (cr, scale, scale);
      cairo_set_source_surface (cr, surface, 0, 0);
      cairo_paint (cr);
      cairo_restore (cr);
      cairo_surface_destroy (surface);
    }
  else
    {
      g_debug ("print: %s", error->message);
      gtk_print_operation_cancel (job->operation);
    }
  gtk_print_operation_draw_page_finish (job->operation);
  g_object_unref (job->operation);
  g_free (job);
}

static void
print_draw_page_cb (GtkPrintOperation *operation,
                    GtkPrintContext   *context,
                    int                page,
                    McDocumentViewer  *self)
{
  PrintPage *job = g_new0 (PrintPage, 1);
  double w, h, dpi = 150;
  guint rotation = rotation_of (self, page);

  rotated_size (self, page, &w, &h);
  job->self = self;
  job->context = context;
  job->operation = g_object_ref (operation);
  gtk_print_operation_set_defer_drawing (operation);
  /* CSS pixels are 1/96 inch. */
  mc_preview_document_render_page_async (self->document, page,
                                         MAX (1, round (w / 96 * dpi)), MAX (1, round (h / 96 * dpi)),
                                         rotation, G_PRIORITY_DEFAULT, NULL,
                                         print_page_rendered_cb, job);
}

static GtkPrintOperation *
print_operation_new (McDocumentViewer *self)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();

  gtk_print_operation_set_n_pages (operation, mc_preview_document_get_n_pages (self->document));
  gtk_print_operation_set_job_name (operation, self->title != NULL ? self->title : "motcua");
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect_object (operation, "draw-page", G_CALLBACK (print_draw_page_cb), self, 0);
  return operation;
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               McDocumentViewer        *self)
{
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autofree char *message = NULL;

      gtk_print_operation_get_error (operation, &error);
      message = g_strdup_printf (_("The document could not be printed: %s"), error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
    }
  g_clear_object (&self->print);
}

static void
print_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  McDocumentViewer *self = MC_DOCUMENT_VIEWER (widget);
  g_autoptr(GError) error = NULL;

  if (self->print != NULL || self->state != MC_DOCUMENT_VIEWER_READY)
    return;
  self->print = print_operation_new (self);
  gtk_print_operation_set_allow_async (self->print, TRUE);
  g_signal_connect_object (self->print, "done", G_CALLBACK (print_done_cb), self, 0);
  gtk_print_operation_run (self->print, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                           GTK_WINDOW (gtk_widget_get_root (widget)), &error);
  if (error != NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      g_clear_object (&self->print);
    }
}

gboolean
_mc_document_viewer_export_pdf (McDocumentViewer  *self,
                                const char        *path,
                                GError           **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  GtkPrintOperationResult result;

  g_return_val_if_fail (self->state == MC_DOCUMENT_VIEWER_READY, FALSE);
  operation = print_operation_new (self);
  gtk_print_operation_set_export_filename (operation, path);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, error);
  return result == GTK_PRINT_OPERATION_RESULT_APPLY;
}

/* Thumbnails ------------------------------------------------------------ */

static void
thumbnail_rendered_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GtkPicture) picture = user_data;
  g_autoptr(McPreviewImage) image = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  image = mc_preview_document_render_page_finish (MC_PREVIEW_DOCUMENT (source), result, &error);
  if (image == NULL)
    return;
  texture = gdk_memory_texture_new (mc_preview_image_get_width (image), mc_preview_image_get_height (image),
                                    GDK_MEMORY_DEFAULT, mc_preview_image_get_bytes (image),
                                    mc_preview_image_get_stride (image));
  gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
}

static void
thumbnail_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    McDocumentViewer         *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *picture = gtk_picture_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_size_request (picture, THUMB_WIDTH, THUMB_HEIGHT);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_CONTAIN);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), picture);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (item, box);
}

/* Draws the thumbnail of a bound item at its page's size. A page whose
 * size is still an estimate waits for its own (page_sizes_changed_cb),
 * unless it will not come. */
static void
thumbnail_render (McDocumentViewer *self,
                  GtkListItem      *item)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *picture = gtk_widget_get_first_child (box);
  guint page = gtk_list_item_get_position (item);
  g_autoptr(GCancellable) cancellable = NULL;
  GCancellable *old;
  double w, h, scale;

  if (self->document == NULL || page >= mc_preview_document_get_n_pages (self->document))
    return;
  if (!mc_preview_document_get_page_size (self->document, page, NULL, NULL)
      && mc_preview_document_get_page_sizes_error (self->document) == NULL)
    return;
  old = g_object_get_data (G_OBJECT (item), "mc-cancellable");
  if (old != NULL)
    g_cancellable_cancel (old);
  cancellable = g_cancellable_new ();
  rotated_size (self, page, &w, &h);
  scale = MIN (THUMB_WIDTH / w, THUMB_HEIGHT / h) * gtk_widget_get_scale_factor (GTK_WIDGET (self));
  g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                           cancellable, G_CONNECT_SWAPPED);
  g_object_set_data_full (G_OBJECT (item), "mc-cancellable", g_object_ref (cancellable), g_object_unref);
  mc_preview_document_render_page_async (self->document, page, MAX (1, round (w * scale)),
                                         MAX (1, round (h * scale)), rotation_of (self, page),
                                         G_PRIORITY_LOW, cancellable, thumbnail_rendered_cb,
                                         g_object_ref (picture));
}

static void
thumbnail_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   McDocumentViewer         *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *picture = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_last_child (box);
  guint page = gtk_list_item_get_position (item);
  g_autofree char *name = NULL;

  /* Translators: the label of a page's thumbnail. */
  name = g_strdup_printf (_("Page %u"), page + 1);
  gtk_label_set_label (GTK_LABEL (label), gtk_string_list_get_string (self->pages, page));
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_picture_set_paintable (GTK_PICTURE (picture), NULL);
  g_hash_table_add (self->thumbnail_items, item);
  thumbnail_render (self, item);
}

static void
thumbnail_unbind_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     McDocumentViewer         *self)
{
  GCancellable *cancellable = g_object_get_data (G_OBJECT (item), "mc-cancellable");

  /* Scrolled away before it was drawn: the helper need not draw it. */
  if (cancellable != NULL)
    g_cancellable_cancel (cancellable);
  g_object_set_data (G_OBJECT (item), "mc-cancellable", NULL);
  g_hash_table_remove (self->thumbnail_items, item);
}

/* Page sizes after the first ----------------------------------------------- */

/* The sizes of pages first to first + n_pages - 1 replace the estimate
 * they were laid out with: the page on screen stays the page on screen,
 * laid out again (and drawn again if its size changed), and thumbnails
 * waiting for their size are drawn. */
static void
page_sizes_changed_cb (McPreviewDocument *document,
                       guint              first,
                       guint              n_pages,
                       McDocumentViewer  *self)
{
  GHashTableIter iter;
  gpointer item;

  if (self->page >= first && self->page - first < n_pages)
    schedule_render (self, TRUE);
  g_hash_table_iter_init (&iter, self->thumbnail_items);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      guint page = gtk_list_item_get_position (item);

      if (page >= first && page - first < n_pages)
        thumbnail_render (self, item);
    }
  update_actions (self);
}

static void
page_sizes_failed_cb (McPreviewDocument *document,
                      const GError      *error,
                      McDocumentViewer  *self)
{
  GHashTableIter iter;
  gpointer item;

  adw_toast_overlay_add_toast (self->toast_overlay,
                               adw_toast_new (_("Some pages could not be measured and are shown at the size of the first page")));
  g_hash_table_iter_init (&iter, self->thumbnail_items);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    if (gtk_picture_get_paintable (GTK_PICTURE (gtk_widget_get_first_child (gtk_list_item_get_child (item)))) == NULL)
      thumbnail_render (self, item);
  update_actions (self);
}

static void
thumbnail_selected_cb (GtkSingleSelection *selection,
                       GParamSpec         *pspec,
                       McDocumentViewer   *self)
{
  guint selected = gtk_single_selection_get_selected (selection);

  if (selected != GTK_INVALID_LIST_POSITION && selected != self->page)
    go_to_page (self, selected);
}

/* Opening --------------------------------------------------------------- */

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  McPreviewDocument *document = MC_PREVIEW_DOCUMENT (source);
  g_autoptr(GError) error = NULL;
  McDocumentViewer *self;
  g_autofree char *uri = NULL;
  guint n, i;

  if (!mc_preview_document_open_finish (document, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self = user_data;
      if (g_error_matches (error, MC_PREVIEW_ERROR, MC_PREVIEW_ERROR_NEEDS_PASSWORD)
          || g_error_matches (error, MC_PREVIEW_ERROR, MC_PREVIEW_ERROR_WRONG_PASSWORD))
        {
          gboolean wrong = error->code == MC_PREVIEW_ERROR_WRONG_PASSWORD;

          gtk_label_set_label (self->password_error, wrong ? error->message : "");
          gtk_widget_set_visible (GTK_WIDGET (self->password_error), wrong);
          set_state (self, MC_DOCUMENT_VIEWER_PASSWORD);
          gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
          return;
        }
      show_error (self, error);
      return;
    }
  self = user_data;
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
  n = mc_preview_document_get_n_pages (document);

  uri = g_file_get_uri (self->file);
  self->rotations = g_hash_table_lookup (session_rotations, uri);
  if (self->rotations == NULL || self->rotations->len != n)
    {
      self->rotations = g_array_sized_new (FALSE, TRUE, sizeof (guint), n);
      g_array_set_size (self->rotations, n);
      g_hash_table_replace (session_rotations, g_steal_pointer (&uri), self->rotations);
    }
  g_array_ref (self->rotations);

  for (i = 0; i < n; i++)
    {
      char label[16];

      g_snprintf (label, sizeof label, "%u", i + 1);
      gtk_string_list_append (self->pages, label);
    }
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->thumbnails)), n > 1);
  set_state (self, MC_DOCUMENT_VIEWER_READY);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
  gtk_widget_grab_focus (GTK_WIDGET (self->page_area));
  self->image_page = G_MAXUINT;
  schedule_render (self, TRUE);
}

static void
unlock_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  McDocumentViewer *self = MC_DOCUMENT_VIEWER (widget);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));

  if (self->document == NULL || self->state != MC_DOCUMENT_VIEWER_PASSWORD)
    return;
  set_state (self, MC_DOCUMENT_VIEWER_LOADING);
  mc_preview_document_open_async (self->document, password, self->cancellable, opened_cb, self);
}

static void
password_activate_cb (McDocumentViewer *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "viewer.unlock", NULL);
}

static void
reset (McDocumentViewer *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_object (&self->render_cancellable);
  g_clear_handle_id (&self->render_source, g_source_remove);
  if (self->document != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->document, self);
      mc_preview_document_close (self->document);
    }
  g_clear_object (&self->document);
  g_clear_pointer (&self->image, mc_preview_image_unref);
  g_clear_pointer (&self->text, mc_preview_text_unref);
  g_clear_pointer (&self->rotations, g_array_unref);
  g_clear_error (&self->error);
  g_array_set_size (self->selected, 0);
  gtk_string_list_splice (self->pages, 0, g_list_model_get_n_items (G_LIST_MODEL (self->pages)), NULL);
  self->page = 0;
}

void
mc_document_viewer_open (McDocumentViewer *self,
                         GFile            *file,
                         const char       *title)
{
  g_return_if_fail (MC_IS_DOCUMENT_VIEWER (self));
  g_return_if_fail (G_IS_FILE (file));

  reset (self);
  g_set_object (&self->file, file);
  g_free (self->title);
  self->title = g_strdup (title);
  self->document = mc_preview_document_new (file);
  g_signal_connect_object (self->document, "page-sizes-changed", G_CALLBACK (page_sizes_changed_cb), self, 0);
  g_signal_connect_object (self->document, "page-sizes-failed", G_CALLBACK (page_sizes_failed_cb), self, 0);
  set_state (self, MC_DOCUMENT_VIEWER_LOADING);
  mc_preview_document_open_async (self->document, NULL, self->cancellable, opened_cb, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

/* Zoom and size --------------------------------------------------------- */

void
mc_document_viewer_set_zoom (McDocumentViewer *self,
                             McZoomMode        mode,
                             double            zoom)
{
  g_return_if_fail (MC_IS_DOCUMENT_VIEWER (self));

  self->zoom_mode = mode;
  self->zoom = clamp_zoom (self, zoom);
  if (self->state == MC_DOCUMENT_VIEWER_READY)
    {
      double w, h, z = effective_zoom (self);

      /* The size changes at once (the old image stretched), the pixels a
       * moment later. */
      rotated_size (self, self->page, &w, &h);
      gtk_drawing_area_set_content_width (self->page_area, MAX (1, (int) round (w * z)));
      gtk_drawing_area_set_content_height (self->page_area, MAX (1, (int) round (h * z)));
      update_labels (self);
      schedule_render (self, FALSE);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

static gboolean
refit_cb (gpointer user_data)
{
  McDocumentViewer *self = user_data;

  self->refit_source = 0;
  if (self->zoom_mode != MC_ZOOM_FREE && self->state == MC_DOCUMENT_VIEWER_READY)
    mc_document_viewer_set_zoom (self, self->zoom_mode, self->zoom);
  return G_SOURCE_REMOVE;
}

/* Emitted while the scrolled window is being allocated: resizing the page
 * and relabelling the toolbar must wait for the next frame. */
static void
viewport_changed_cb (GtkAdjustment    *adjustment,
                     GParamSpec       *pspec,
                     McDocumentViewer *self)
{
  if (self->refit_source == 0)
    self->refit_source = g_idle_add (refit_cb, self);
}

static void
pinch_begin_cb (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                McDocumentViewer *self)
{
  self->zoom_at_pinch = effective_zoom (self);
}

static void
pinch_scale_cb (GtkGestureZoom   *gesture,
                double            scale,
                McDocumentViewer *self)
{
  mc_document_viewer_set_zoom (self, MC_ZOOM_FREE, self->zoom_at_pinch * scale);
}

/* GObject --------------------------------------------------------------- */

McDocumentViewer *
mc_document_viewer_new (void)
{
  return g_object_new (MC_TYPE_DOCUMENT_VIEWER, NULL);
}

static void
window_close_cb (McDocumentViewer *viewer,
                 GtkWindow        *window)
{
  gtk_window_close (window);
}

GtkWindow *
mc_document_viewer_present (GtkWindow  *parent,
                            GFile      *file,
                            const char *title)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  g_autofree char *basename = g_file_get_basename (file);
  McDocumentViewer *viewer = mc_document_viewer_new ();

  gtk_window_set_title (GTK_WINDOW (window), title != NULL ? title : basename);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 800);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_widget_set_vexpand (GTK_WIDGET (viewer), TRUE);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (viewer));
  adw_window_set_content (ADW_WINDOW (window), box);
  g_signal_connect_object (viewer, "close", G_CALLBACK (window_close_cb), window, 0);
  mc_document_viewer_open (viewer, file, title != NULL ? title : basename);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

GFile *
mc_document_viewer_get_file (McDocumentViewer *self)
{
  g_return_val_if_fail (MC_IS_DOCUMENT_VIEWER (self), NULL);
  return self->file;
}

const char *
mc_document_viewer_get_title (McDocumentViewer *self)
{
  g_return_val_if_fail (MC_IS_DOCUMENT_VIEWER (self), NULL);
  return self->title;
}

McDocumentViewerState
mc_document_viewer_get_state (McDocumentViewer *self)
{
  g_return_val_if_fail (MC_IS_DOCUMENT_VIEWER (self), MC_DOCUMENT_VIEWER_EMPTY);
  return self->state;
}

const GError *
mc_document_viewer_get_error (McDocumentViewer *self)
{
  g_return_val_if_fail (MC_IS_DOCUMENT_VIEWER (self), NULL);
  return self->error;
}

guint
mc_document_viewer_get_n_pages (McDocumentViewer *self)
{
  g_return_val_if_fail (MC_IS_DOCUMENT_VIEWER (self), 0);
  return self->state == MC_DOCUMENT_VIEWER_READY ? mc_preview_document_get_n_pages (self->document) : 0;
}

guint
mc_document_viewer_get_page (McDocumentViewer *self)
{
  g_return_val_if_fail (MC_IS_DOCUMENT_VIEWER (self), 0);
  return self->page;
}

void
mc_document_viewer_set_page (McDocumentViewer *self,
                             guint             page)
{
  g_return_if_fail (MC_IS_DOCUMENT_VIEWER (self));
  go_to_page (self, page);
}

double
mc_document_viewer_get_zoom (McDocumentViewer *self)
{
  g_return_val_if_fail (MC_IS_DOCUMENT_VIEWER (self), 1.0);
  return self->state == MC_DOCUMENT_VIEWER_READY ? effective_zoom (self) : self->zoom;
}

McZoomMode
mc_document_viewer_get_zoom_mode (McDocumentViewer *self)
{
  g_return_val_if_fail (MC_IS_DOCUMENT_VIEWER (self), MC_ZOOM_FIT_WIDTH);
  return self->zoom_mode;
}

guint
mc_document_viewer_get_rotation (McDocumentViewer *self,
                                 guint             page)
{
  g_return_val_if_fail (MC_IS_DOCUMENT_VIEWER (self), 0);
  return rotation_of (self, page);
}

McPreviewImage *
_mc_document_viewer_get_image (McDocumentViewer *self)
{
  return self->image;
}

GtkEditable *
_mc_document_viewer_get_password_entry (McDocumentViewer *self)
{
  return GTK_EDITABLE (self->password_entry);
}

McPreviewDocument *
_mc_document_viewer_get_document (McDocumentViewer *self)
{
  return self->document;
}

GdkPaintable *
_mc_document_viewer_get_thumbnail (McDocumentViewer *self,
                                   guint             page)
{
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->thumbnail_items);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    if (gtk_list_item_get_position (item) == page)
      return gtk_picture_get_paintable (GTK_PICTURE (gtk_widget_get_first_child (gtk_list_item_get_child (item))));
  return NULL;
}

static void
mc_document_viewer_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  McDocumentViewer *self = MC_DOCUMENT_VIEWER (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_PAGE:
      g_value_set_uint (value, self->page);
      break;
    case PROP_N_PAGES:
      g_value_set_uint (value, mc_document_viewer_get_n_pages (self));
      break;
    case PROP_ZOOM:
      g_value_set_double (value, mc_document_viewer_get_zoom (self));
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_document_viewer_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  McDocumentViewer *self = MC_DOCUMENT_VIEWER (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      mc_document_viewer_set_page (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_document_viewer_dispose (GObject *object)
{
  McDocumentViewer *self = MC_DOCUMENT_VIEWER (object);

  reset (self);
  g_clear_object (&self->print);
  g_clear_handle_id (&self->refit_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_DOCUMENT_VIEWER);
  g_clear_object (&self->page_selection);
  g_clear_object (&self->pages);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (mc_document_viewer_parent_class)->dispose (object);
}

static void
mc_document_viewer_finalize (GObject *object)
{
  McDocumentViewer *self = MC_DOCUMENT_VIEWER (object);

  g_clear_object (&self->cancellable);
  g_array_unref (self->selected);
  g_hash_table_unref (self->thumbnail_items);
  g_free (self->title);

  G_OBJECT_CLASS (mc_document_viewer_parent_class)->finalize (object);
}

static void
add_shortcut (GtkShortcutController *controller,
              const char            *accel,
              const char            *action)
{
  gtk_shortcut_controller_add_shortcut (controller,
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string (accel),
                                                          gtk_named_action_new (action)));
}

static void
mc_document_viewer_class_init (McDocumentViewerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = mc_document_viewer_get_property;
  object_class->set_property = mc_document_viewer_set_property;
  object_class->dispose = mc_document_viewer_dispose;
  object_class->finalize = mc_document_viewer_finalize;

  properties[PROP_FILE] = g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE] = g_param_spec_uint ("page", NULL, NULL, 0, G_MAXUINT, 0,
                                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PAGES] = g_param_spec_uint ("n-pages", NULL, NULL, 0, G_MAXUINT, 0,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] = g_param_spec_double ("zoom", NULL, NULL, 0, ZOOM_MAX, 1,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* A McDocumentViewerState. */
  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, 0, MC_DOCUMENT_VIEWER_FAILED, 0,
                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CLOSE] = g_signal_new ("close", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  mc_application_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/motcua/Desk/ui/mc-document-viewer.ui");
  gtk_widget_class_bind_template_child (widget_class, McDocumentViewer, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, McDocumentViewer, stack);
  gtk_widget_class_bind_template_child (widget_class, McDocumentViewer, spinner);
  gtk_widget_class_bind_template_child (widget_class, McDocumentViewer, password_page);
  gtk_widget_class_bind_template_child (widget_class, McDocumentViewer, password_entry);
  gtk_widget_class_bind_template_child (widget_class, McDocumentViewer, password_error);
  gtk_widget_class_bind_template_child (widget_class, McDocumentViewer, error_page);
  gtk_widget_class_bind_template_child (widget_class, McDocumentViewer, open_with_button);
  gtk_widget_class_bind_template_child (widget_class, McDocumentViewer, page_label);
  gtk_widget_class_bind_template_child (widget_class, McDocumentViewer, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, McDocumentViewer, thumbnails);
  gtk_widget_class_bind_template_child (widget_class, McDocumentViewer, scroller);
  gtk_widget_class_bind_template_child (widget_class, McDocumentViewer, page_area);
  gtk_widget_class_bind_template_callback (widget_class, password_activate_cb);

  gtk_widget_class_install_action (widget_class, "viewer.previous-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "viewer.next-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "viewer.first-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "viewer.last-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "viewer.fit-width", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "viewer.fit-page", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "viewer.rotate-left", NULL, rotate_action);
  gtk_widget_class_install_action (widget_class, "viewer.rotate-right", NULL, rotate_action);
  gtk_widget_class_install_action (widget_class, "viewer.select-all", NULL, select_all_action);
  gtk_widget_class_install_action (widget_class, "viewer.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "viewer.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "viewer.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "viewer.open-with", NULL, open_with_action);
  gtk_widget_class_install_action (widget_class, "viewer.unlock", NULL, unlock_action);
  gtk_widget_class_install_action (widget_class, "viewer.close", NULL, close_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  session_rotations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
}

static void
mc_document_viewer_init (McDocumentViewer *self)
{
  GtkSignalListItemFactory *factory;
  GtkShortcutController *shortcuts;
  GtkGesture *drag, *pinch;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->zoom_mode = MC_ZOOM_FIT_WIDTH;
  self->zoom = 1.0;
  self->cancellable = g_cancellable_new ();
  self->selected = g_array_new (FALSE, TRUE, sizeof (gboolean));
  self->image_page = G_MAXUINT;
  self->thumbnail_items = g_hash_table_new (NULL, NULL);

  self->pages = gtk_string_list_new (NULL);
  self->page_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->pages)));
  gtk_single_selection_set_autoselect (self->page_selection, TRUE);
  g_signal_connect_object (self->page_selection, "notify::selected", G_CALLBACK (thumbnail_selected_cb), self, 0);
  factory = GTK_SIGNAL_LIST_ITEM_FACTORY (gtk_signal_list_item_factory_new ());
  g_signal_connect_object (factory, "setup", G_CALLBACK (thumbnail_setup_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (thumbnail_bind_cb), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (thumbnail_unbind_cb), self, 0);
  gtk_list_view_set_factory (self->thumbnails, GTK_LIST_ITEM_FACTORY (factory));
  g_object_unref (factory);
  gtk_list_view_set_model (self->thumbnails, GTK_SELECTION_MODEL (self->page_selection));

  gtk_drawing_area_set_draw_func (self->page_area, draw_page, self, NULL);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->page_area), "text");
  drag = gtk_gesture_drag_new ();
  g_signal_connect_object (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self, 0);
  g_signal_connect_object (drag, "drag-update", G_CALLBACK (drag_update_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->page_area), GTK_EVENT_CONTROLLER (drag));
  pinch = gtk_gesture_zoom_new ();
  g_signal_connect_object (pinch, "begin", G_CALLBACK (pinch_begin_cb), self, 0);
  g_signal_connect_object (pinch, "scale-changed", G_CALLBACK (pinch_scale_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), GTK_EVENT_CONTROLLER (pinch));

  g_signal_connect_object (gtk_scrolled_window_get_hadjustment (self->scroller), "notify::page-size",
                           G_CALLBACK (viewport_changed_cb), self, 0);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scroller), "notify::page-size",
                           G_CALLBACK (viewport_changed_cb), self, 0);

  /* Captured before the scrolled window and the buttons see the keys:
   * Page Up/Down and the arrows turn pages wherever the focus is. */
  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (shortcuts), GTK_PHASE_CAPTURE);
  add_shortcut (shortcuts, "Page_Down", "viewer.next-page");
  add_shortcut (shortcuts, "Page_Up", "viewer.previous-page");
  add_shortcut (shortcuts, "Home", "viewer.first-page");
  add_shortcut (shortcuts, "End", "viewer.last-page");
  add_shortcut (shortcuts, "<Control>plus", "viewer.zoom-in");
  add_shortcut (shortcuts, "<Control>equal", "viewer.zoom-in");
  add_shortcut (shortcuts, "<Control>KP_Add", "viewer.zoom-in");
  add_shortcut (shortcuts, "<Control>minus", "viewer.zoom-out");
  add_shortcut (shortcuts, "<Control>KP_Subtract", "viewer.zoom-out");
  add_shortcut (shortcuts, "<Control>0", "viewer.zoom-reset");
  add_shortcut (shortcuts, "<Control>KP_0", "viewer.zoom-reset");
  add_shortcut (shortcuts, "<Control>r", "viewer.rotate-right");
  add_shortcut (shortcuts, "<Control><Shift>r", "viewer.rotate-left");
  add_shortcut (shortcuts, "<Control>p", "viewer.print");
  add_shortcut (shortcuts, "<Control>s", "viewer.save");
  add_shortcut (shortcuts, "Escape", "viewer.close");
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (shortcuts));

  /* Arrows, select all and copy belong to the page: in the password entry
   * they move the cursor and copy what is typed. */
  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  add_shortcut (shortcuts, "Right", "viewer.next-page");
  add_shortcut (shortcuts, "Left", "viewer.previous-page");
  add_shortcut (shortcuts, "<Control>a", "viewer.select-all");
  add_shortcut (shortcuts, "<Control>c", "viewer.copy");
  gtk_widget_add_controller (GTK_WIDGET (self->page_area), GTK_EVENT_CONTROLLER (shortcuts));

  update_actions (self);
}
