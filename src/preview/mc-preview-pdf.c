/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <poppler.h>
#include <unistd.h>

#include "mc-preview-backend.h"

/* PDF points to CSS pixels. */
#define PT_TO_PX (96.0 / 72.0)

/* poppler-glib 22.12 declares no cleanup function for its pages. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

typedef struct
{
  McPreviewBackend  parent;
  PopplerDocument  *document;
} McPreviewPdf;

static McPreviewStatus
pdf_render (McPreviewBackend *backend,
            guint             index,
            cairo_t          *cr,
            guint             width,
            guint             height,
            char            **message)
{
  McPreviewPdf *self = (McPreviewPdf *) backend;
  g_autoptr(PopplerPage) page = poppler_document_get_page (self->document, index);
  double pw, ph;

  if (page == NULL)
    {
      *message = g_strdup_printf ("page %u has no content", index);
      return MC_PREVIEW_STATUS_DAMAGED;
    }
  poppler_page_get_size (page, &pw, &ph);
  if (pw <= 0 || ph <= 0)
    {
      *message = g_strdup ("page of no size");
      return MC_PREVIEW_STATUS_DAMAGED;
    }
  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
  cairo_scale (cr, width / pw, height / ph);
  poppler_page_render (page, cr);
  cairo_restore (cr);
  return MC_PREVIEW_STATUS_OK;
}

static McPreviewStatus
pdf_text (McPreviewBackend *backend,
          guint             index,
          char            **text,
          GArray           *rects,
          char            **message)
{
  McPreviewPdf *self = (McPreviewPdf *) backend;
  g_autoptr(PopplerPage) page = poppler_document_get_page (self->document, index);
  PopplerRectangle *layout = NULL;
  guint n_layout = 0, i;
  g_autofree char *page_text = NULL;
  glong n_chars;

  if (page == NULL)
    {
      *message = g_strdup_printf ("page %u has no content", index);
      return MC_PREVIEW_STATUS_DAMAGED;
    }
  page_text = poppler_page_get_text (page);
  if (page_text == NULL)
    page_text = g_strdup ("");
  if (!g_utf8_validate (page_text, -1, NULL))
    {
      *message = g_strdup ("text is not UTF-8");
      return MC_PREVIEW_STATUS_DAMAGED;
    }
  n_chars = g_utf8_strlen (page_text, -1);
  if (!poppler_page_get_text_layout (page, &layout, &n_layout))
    n_layout = 0;
  /* One rectangle per character is the contract; a page where poppler
   * disagrees with itself gets its text without layout. */
  if ((glong) n_layout == n_chars)
    for (i = 0; i < n_layout; i++)
      {
        double r[4] = { layout[i].x1 * PT_TO_PX, layout[i].y1 * PT_TO_PX,
                        layout[i].x2 * PT_TO_PX, layout[i].y2 * PT_TO_PX };
        g_array_append_vals (rects, r, 4);
      }
  else if (n_chars > 0)
    {
      g_free (layout);
      *message = g_strdup ("text layout does not match the text");
      return MC_PREVIEW_STATUS_DAMAGED;
    }
  g_free (layout);
  *text = g_steal_pointer (&page_text);
  return MC_PREVIEW_STATUS_OK;
}

static void
pdf_page_size (McPreviewBackend  *backend,
               guint              index,
               McPreviewPageSize *size)
{
  McPreviewPdf *self = (McPreviewPdf *) backend;
  g_autoptr(PopplerPage) page = poppler_document_get_page (self->document, index);

  size->width = size->height = 0;
  if (page != NULL)
    poppler_page_get_size (page, &size->width, &size->height);
  /* A page of no size or an absurd one gets A4, so the document still
   * shows; rendering that page will tell what is wrong with it. */
  if (!(size->width >= 1 && size->width <= 14400 && size->height >= 1 && size->height <= 14400))
    {
      size->width = 595;
      size->height = 842;
    }
  size->width *= PT_TO_PX;
  size->height *= PT_TO_PX;
}

static void
pdf_free (McPreviewBackend *backend)
{
  McPreviewPdf *self = (McPreviewPdf *) backend;

  g_clear_object (&self->document);
  g_array_unref (backend->pages);
  g_free (self);
}

McPreviewStatus
mc_preview_pdf_open (int                fd,
                     const char        *password,
                     McPreviewBackend **out,
                     char             **message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  PopplerDocument *document;
  McPreviewPdf *self;
  int n;

  /* From memory: poppler reads a descriptor 256 bytes at a time, about
   * 500 system calls (each through the filter) to open a 200-page
   * document and list its pages. The document keeps the bytes. */
  if (password == NULL && (bytes = mc_preview_file_bytes (fd)) != NULL)
    {
      document = poppler_document_new_from_bytes (bytes, NULL, &error);
      close (fd);
    }
  else if (password == NULL)
    document = poppler_document_new_from_fd (fd, NULL, &error);
  else
    {
      /* poppler-glib 22.12 mishandles a password given with a descriptor
       * or bytes (a wrong password reads as damage, the right one too);
       * through a file name it works. */
      g_autofree char *uri = g_strdup_printf ("file:///proc/self/fd/%d", fd);

      document = poppler_document_new_from_file (uri, password, &error);
      close (fd);
    }
  if (document == NULL)
    {
      *message = g_strdup (error->message);
      if (g_error_matches (error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        return password != NULL ? MC_PREVIEW_STATUS_WRONG_PASSWORD : MC_PREVIEW_STATUS_NEEDS_PASSWORD;
      return MC_PREVIEW_STATUS_DAMAGED;
    }

  n = poppler_document_get_n_pages (document);
  if (n <= 0 || (guint) n > MC_PREVIEW_MAX_PAGES)
    {
      *message = g_strdup_printf ("%d pages", n);
      g_object_unref (document);
      return MC_PREVIEW_STATUS_DAMAGED;
    }

  self = g_new0 (McPreviewPdf, 1);
  self->document = document;
  self->parent.kind = MC_PREVIEW_KIND_PDF;
  self->parent.n_pages = n;
  self->parent.pages = g_array_sized_new (FALSE, FALSE, sizeof (McPreviewPageSize), 1);
  self->parent.page_size = pdf_page_size;
  self->parent.render = pdf_render;
  self->parent.text = pdf_text;
  self->parent.free = pdf_free;
  /* Only the first page's size: poppler reads the page tree as far as the
   * page asked for, and reading all of it (1.5 ms for 200 pages) would
   * hold back the first page. The others come with SIZES. */
  g_array_set_size (self->parent.pages, 1);
  pdf_page_size (&self->parent, 0, &g_array_index (self->parent.pages, McPreviewPageSize, 0));
  *out = &self->parent;
  return MC_PREVIEW_STATUS_OK;
}
