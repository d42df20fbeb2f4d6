/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * motcua-preview: decodes one untrusted file for McPreviewDocument. The
 * protocol is in mc-preview-protocol.h and docs/preview.md; the client
 * starts one of these per document, inside bubblewrap when it can.
 */
#define _GNU_SOURCE 1
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fontconfig/fontconfig.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <poppler.h>

#include "mc-preview-backend.h"

static int proto_in = 0;
static int proto_out = 1;
static int file_fd = -1;
static gboolean selftest;
static McPreviewBackend *backend;
static gboolean keep_mapped; /* self-test: a helper that keeps the page writable */
static gboolean crash_sizes; /* self-test: a helper that dies reading page sizes */

/* The buffer a BUFFER request gave, mapped while the helper waited. */
static struct
{
  int     fd;
  guint8 *pixels;
  gsize   size;
} premapped = { -1, NULL, 0 };

/* Reading requests ------------------------------------------------------ */

typedef struct
{
  const guint8 *p;
  gsize         left;
  gboolean      bad;
} Reader;

static guint32
get_u32 (Reader *r)
{
  guint32 v;

  if (r->left < 4)
    {
      r->bad = TRUE;
      return 0;
    }
  v = r->p[0] | r->p[1] << 8 | r->p[2] << 16 | (guint32) r->p[3] << 24;
  r->p += 4;
  r->left -= 4;
  return v;
}

static guint8
get_u8 (Reader *r)
{
  guint8 v;

  if (r->left < 1)
    {
      r->bad = TRUE;
      return 0;
    }
  v = r->p[0];
  r->p++;
  r->left--;
  return v;
}

static gboolean
read_full (int     fd,
           void   *buf,
           gsize   len)
{
  guint8 *p = buf;

  while (len > 0)
    {
      ssize_t n = read (fd, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      len -= n;
    }
  return TRUE;
}

/* Reads a request's length, and the descriptor sent with it if any. */
static gboolean
read_header (guint8 header[4],
             int   *received_fd)
{
  gsize got = 0;

  *received_fd = -1;
  while (got < 4)
    {
      union {
        struct cmsghdr align;
        char           buf[CMSG_SPACE (sizeof (int))];
      } control;
      struct iovec iov = { header + got, 4 - got };
      struct msghdr msg = { 0, };
      struct cmsghdr *cmsg;
      ssize_t n;

      msg.msg_iov = &iov;
      msg.msg_iovlen = 1;
      msg.msg_control = control.buf;
      msg.msg_controllen = sizeof control.buf;
      n = recvmsg (proto_in, &msg, MSG_CMSG_CLOEXEC);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0 || (msg.msg_flags & MSG_CTRUNC))
        return FALSE;
      for (cmsg = CMSG_FIRSTHDR (&msg); cmsg != NULL; cmsg = CMSG_NXTHDR (&msg, cmsg))
        if (cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SCM_RIGHTS
            && cmsg->cmsg_len == CMSG_LEN (sizeof (int)))
          {
            int fd;

            memcpy (&fd, CMSG_DATA (cmsg), sizeof fd);
            if (*received_fd >= 0)
              close (*received_fd);
            *received_fd = fd;
          }
      got += n;
    }
  return TRUE;
}

static gboolean
write_full (int         fd,
            const void *buf,
            gsize       len)
{
  const guint8 *p = buf;

  while (len > 0)
    {
      ssize_t n = write (fd, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      len -= n;
    }
  return TRUE;
}

/* Writing replies ------------------------------------------------------- */

static void
put_u32 (GByteArray *b,
         guint32     v)
{
  guint8 x[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };

  g_byte_array_append (b, x, 4);
}

static void
put_f64 (GByteArray *b,
         double      d)
{
  guint64 v;
  guint8 x[8];
  int i;

  memcpy (&v, &d, 8);
  for (i = 0; i < 8; i++)
    x[i] = (v >> (8 * i)) & 0xff;
  g_byte_array_append (b, x, 8);
}

static void
put_string (GByteArray *b,
            const char *s)
{
  gsize n = strlen (s);

  put_u32 (b, n);
  g_byte_array_append (b, (const guint8 *) s, n);
}

static GByteArray *
reply_new (McPreviewStatus status)
{
  GByteArray *b = g_byte_array_new ();
  guint8 s = status;

  put_u32 (b, 0); /* the length, filled in by send_reply() */
  g_byte_array_append (b, &s, 1);
  return b;
}

static void
send_reply (GByteArray *b)
{
  guint32 n = b->len - 4;

  b->data[0] = n & 0xff;
  b->data[1] = (n >> 8) & 0xff;
  b->data[2] = (n >> 16) & 0xff;
  b->data[3] = n >> 24;
  if (!write_full (proto_out, b->data, b->len))
    _exit (0);
  g_byte_array_unref (b);
}

static void
send_error (McPreviewStatus  status,
            const char      *message)
{
  GByteArray *b = reply_new (status);
  g_autofree char *valid = g_utf8_make_valid (message ? message : "", MIN (strlen (message ? message : ""), 1000));

  put_string (b, valid);
  send_reply (b);
}

/* Drawing --------------------------------------------------------------- */

void
mc_preview_paint_scaled (cairo_t         *cr,
                         cairo_surface_t *surface,
                         double           width,
                         double           height)
{
  double sw = cairo_image_surface_get_width (surface);
  double sh = cairo_image_surface_get_height (surface);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
  cairo_scale (cr, width / sw, height / sh);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr),
                            width < sw ? CAIRO_FILTER_GOOD : CAIRO_FILTER_BILINEAR);
  cairo_paint (cr);
  cairo_restore (cr);
}

/* Operations ------------------------------------------------------------ */

static McPreviewKind
sniff (int fd)
{
  guint8 head[1024];
  ssize_t n = pread (fd, head, sizeof head, 0);

  if (n >= 8 && memcmp (head, "\x89PNG\r\n\x1a\n", 8) == 0)
    return MC_PREVIEW_KIND_PNG;
  if (n >= 3 && memcmp (head, "\xff\xd8\xff", 3) == 0)
    return MC_PREVIEW_KIND_JPEG;
  if (n >= 4 && (memcmp (head, "II*\0", 4) == 0 || memcmp (head, "MM\0*", 4) == 0))
    return MC_PREVIEW_KIND_TIFF;
  /* PDF allows bytes before the header; readers look in the first 1024. */
  if (n >= 5 && memmem (head, n, "%PDF-", 5) != NULL)
    return MC_PREVIEW_KIND_PDF;
  return 0;
}

static void
install_seccomp (void)
{
  g_autofree char *message = NULL;

  if (!mc_preview_confine_syscalls (&message))
    {
      /* Without the filter the helper does not decode anything. */
      g_printerr ("motcua-preview: %s\n", message);
      _exit (2);
    }
}

static void
op_open (Reader *r)
{
  guint8 has_password = get_u8 (r);
  guint32 len = get_u32 (r);
  g_autofree char *password = NULL;
  g_autofree char *message = NULL;
  McPreviewStatus status;
  McPreviewKind kind;
  GByteArray *b;
  int fd;
  guint i;

  if (r->bad || len > MC_PREVIEW_MAX_PASSWORD || len != r->left || has_password > 1)
    {
      send_error (MC_PREVIEW_STATUS_BAD_REQUEST, "malformed open");
      return;
    }
  if (has_password)
    password = g_strndup ((const char *) r->p, len);

  if (backend != NULL)
    {
      backend->free (backend);
      backend = NULL;
    }
  if (file_fd < 0)
    {
      send_error (MC_PREVIEW_STATUS_BAD_REQUEST, "no file");
      return;
    }
  kind = sniff (file_fd);
  fd = kind != 0 ? fcntl (file_fd, F_DUPFD_CLOEXEC, 3) : -1;
  if (kind == 0)
    {
      status = MC_PREVIEW_STATUS_UNSUPPORTED;
      message = g_strdup ("unknown file type");
    }
  else if (fd < 0)
    {
      status = MC_PREVIEW_STATUS_DAMAGED;
      message = g_strdup (g_strerror (errno));
    }
  else
    {
      lseek (fd, 0, SEEK_SET);
      if (kind == MC_PREVIEW_KIND_PDF)
        status = mc_preview_pdf_open (fd, password, &backend, &message);
      else if (kind == MC_PREVIEW_KIND_TIFF)
        status = mc_preview_tiff_open (fd, &backend, &message);
      else
        status = mc_preview_image_open (fd, kind, &backend, &message);
    }

  if (status != MC_PREVIEW_STATUS_OK)
    {
      send_error (status, message);
      return;
    }
  if (backend->page_size == NULL)
    backend->n_pages = backend->pages->len;
  g_assert (backend->pages->len >= 1 && backend->pages->len <= backend->n_pages);
  b = reply_new (MC_PREVIEW_STATUS_OK);
  g_byte_array_append (b, (guint8[]) { backend->kind }, 1);
  put_u32 (b, backend->n_pages);
  put_u32 (b, backend->pages->len);
  for (i = 0; i < backend->pages->len; i++)
    {
      McPreviewPageSize *size = &g_array_index (backend->pages, McPreviewPageSize, i);
      put_f64 (b, size->width);
      put_f64 (b, size->height);
    }
  send_reply (b);
}

static void
op_render (Reader *r,
           int     buffer_fd)
{
  guint32 page = get_u32 (r);
  guint32 width = get_u32 (r);
  guint32 height = get_u32 (r);
  guint32 rotation = get_u32 (r);
  g_autofree char *message = NULL;
  cairo_surface_t *surface;
  McPreviewStatus status;
  cairo_t *cr;
  guint32 uw, uh;
  guint8 *pixels, which;
  gsize size, mapped;
  struct stat st;
  GByteArray *b;

  if (r->bad || r->left != 0 || backend == NULL || page >= backend->n_pages
      || width == 0 || height == 0 || width > MC_PREVIEW_MAX_RENDER_SIDE || height > MC_PREVIEW_MAX_RENDER_SIDE
      || (guint64) width * height > MC_PREVIEW_MAX_RENDER_PIXELS
      || (rotation != 0 && rotation != 90 && rotation != 180 && rotation != 270))
    {
      send_error (MC_PREVIEW_STATUS_BAD_REQUEST, "malformed render");
      return;
    }

  /* The page is drawn straight into the client's buffer (cairo's stride
   * for ARGB32 is width × 4, as the protocol has it), which must be
   * exactly that size. MAP_POPULATE maps all of it at once: far cheaper
   * than a fault per page as cairo reaches them. */
  g_assert (cairo_format_stride_for_width (CAIRO_FORMAT_ARGB32, width) == (int) width * 4);
  size = (gsize) width * 4 * height;
  if (buffer_fd < 0 || fstat (buffer_fd, &st) != 0 || !S_ISREG (st.st_mode) || (guint64) st.st_size != size)
    {
      send_error (MC_PREVIEW_STATUS_BAD_REQUEST, "no buffer of the page's size");
      return;
    }
  if (premapped.pixels != NULL && premapped.size >= size)
    {
      /* Mapped ahead: the page goes into its first size bytes. */
      pixels = premapped.pixels;
      mapped = premapped.size;
      which = 1;
      premapped.pixels = NULL;
    }
  else
    {
      pixels = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, buffer_fd, 0);
      if (pixels == MAP_FAILED)
        {
          send_error (errno == ENOMEM ? MC_PREVIEW_STATUS_OUT_OF_MEMORY : MC_PREVIEW_STATUS_BAD_REQUEST,
                      "no memory for the page");
          return;
        }
      mapped = size;
      which = 0;
    }
  surface = cairo_image_surface_create_for_data (pixels, CAIRO_FORMAT_ARGB32, width, height, width * 4);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      munmap (pixels, mapped);
      if (which == 1)
        {
          close (premapped.fd);
          premapped.fd = -1;
        }
      send_error (MC_PREVIEW_STATUS_OUT_OF_MEMORY, "no memory for the page");
      return;
    }
  cr = cairo_create (surface);
  /* Rotate clockwise about the result's corner, so that the backends draw
   * the page upright into uw × uh. Each backend paints all of it. */
  uw = (rotation == 90 || rotation == 270) ? height : width;
  uh = (rotation == 90 || rotation == 270) ? width : height;
  if (rotation == 90)
    {
      cairo_translate (cr, width, 0);
      cairo_rotate (cr, G_PI / 2);
    }
  else if (rotation == 180)
    {
      cairo_translate (cr, width, height);
      cairo_rotate (cr, G_PI);
    }
  else if (rotation == 270)
    {
      cairo_translate (cr, 0, height);
      cairo_rotate (cr, -G_PI / 2);
    }
  status = backend->render (backend, page, cr, uw, uh, &message);
  if (status == MC_PREVIEW_STATUS_OK && cairo_status (cr) != CAIRO_STATUS_SUCCESS)
    {
      status = cairo_status (cr) == CAIRO_STATUS_NO_MEMORY ? MC_PREVIEW_STATUS_OUT_OF_MEMORY : MC_PREVIEW_STATUS_DAMAGED;
      message = g_strdup (cairo_status_to_string (cairo_status (cr)));
    }
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  cairo_surface_destroy (surface);
  /* Unmapped before the reply: the client seals the buffer against
   * writing, which fails while a writable mapping remains. A BUFFER's
   * buffer is used once, whatever happened. */
  if (!keep_mapped)
    munmap (pixels, mapped);
  keep_mapped = FALSE;
  if (which == 1)
    {
      close (premapped.fd);
      premapped.fd = -1;
    }
  if (status != MC_PREVIEW_STATUS_OK)
    {
      send_error (status, message);
      return;
    }
  b = reply_new (MC_PREVIEW_STATUS_OK);
  put_u32 (b, width);
  put_u32 (b, height);
  put_u32 (b, width * 4);
  g_byte_array_append (b, &which, 1);
  send_reply (b);
}

/* Maps a buffer for the next page while there is nothing else to do; no
 * reply. One at a time: a new one replaces the old. */
static void
op_buffer (Reader *r,
           int    *buffer_fd)
{
  struct stat st;
  void *pixels;

  if (premapped.fd >= 0)
    {
      if (premapped.pixels != NULL)
        munmap (premapped.pixels, premapped.size);
      close (premapped.fd);
      premapped.fd = -1;
      premapped.pixels = NULL;
    }
  if (r->left != 0 || *buffer_fd < 0 || fstat (*buffer_fd, &st) != 0 || !S_ISREG (st.st_mode)
      || st.st_size <= 0 || (guint64) st.st_size > (guint64) MC_PREVIEW_MAX_RENDER_PIXELS * 4)
    return;
  pixels = mmap (NULL, st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, *buffer_fd, 0);
  if (pixels == MAP_FAILED)
    return;
  premapped.fd = *buffer_fd;
  premapped.pixels = pixels;
  premapped.size = st.st_size;
  *buffer_fd = -1;
}

/* The sizes of pages the OPEN reply left out, first to first + count - 1. */
static void
op_sizes (Reader *r)
{
  guint32 first = get_u32 (r);
  guint32 count = get_u32 (r);
  GByteArray *b;
  guint32 i;

  if (r->bad || r->left != 0 || backend == NULL || count == 0 || count > MC_PREVIEW_MAX_SIZES
      || first >= backend->n_pages || count > backend->n_pages - first)
    {
      send_error (MC_PREVIEW_STATUS_BAD_REQUEST, "malformed sizes");
      return;
    }
  if (crash_sizes)
    abort ();
  b = reply_new (MC_PREVIEW_STATUS_OK);
  for (i = first; i < first + count; i++)
    {
      McPreviewPageSize size;

      if (i < backend->pages->len)
        size = g_array_index (backend->pages, McPreviewPageSize, i);
      else
        backend->page_size (backend, i, &size);
      put_f64 (b, size.width);
      put_f64 (b, size.height);
    }
  send_reply (b);
}

static void
op_text (Reader *r)
{
  guint32 page = get_u32 (r);
  g_autofree char *message = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GArray) rects = g_array_new (FALSE, FALSE, sizeof (double));
  McPreviewStatus status;
  GByteArray *b;
  guint i;

  if (r->bad || r->left != 0 || backend == NULL || page >= backend->n_pages)
    {
      send_error (MC_PREVIEW_STATUS_BAD_REQUEST, "malformed text");
      return;
    }
  status = backend->text (backend, page, &text, rects, &message);
  if (status == MC_PREVIEW_STATUS_OK && strlen (text) > MC_PREVIEW_MAX_TEXT)
    {
      status = MC_PREVIEW_STATUS_TOO_LARGE;
      message = g_strdup ("too much text");
    }
  if (status != MC_PREVIEW_STATUS_OK)
    {
      send_error (status, message);
      return;
    }
  b = reply_new (MC_PREVIEW_STATUS_OK);
  put_string (b, text);
  put_u32 (b, rects->len / 4);
  for (i = 0; i < rects->len; i++)
    put_f64 (b, g_array_index (rects, double, i));
  send_reply (b);
}

static void
op_selftest (Reader *r)
{
  guint8 what = get_u8 (r);
  GByteArray *b;
  int fd, e[7], i;

  if (!selftest || r->bad || r->left != 0)
    {
      send_error (MC_PREVIEW_STATUS_BAD_REQUEST, "unknown request");
      return;
    }
  switch (what)
    {
    case MC_PREVIEW_SELFTEST_FORBIDDEN:
      errno = 0;
      fd = socket (AF_INET, SOCK_STREAM, 0);
      e[0] = fd >= 0 ? 0 : errno;
      if (fd >= 0)
        close (fd);
      errno = 0;
      fd = open ("/tmp/motcua-preview-selftest", O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
      e[1] = fd >= 0 ? 0 : errno;
      if (fd >= 0)
        close (fd);
      errno = 0;
      execve ("/bin/true", (char *[]) { (char *) "true", NULL }, (char *[]) { NULL });
      e[2] = errno;
      errno = 0;
      e[3] = ptrace (PTRACE_TRACEME, 0, NULL, NULL) == 0 ? 0 : errno;
      /* The filter answers before the kernel looks at the arguments:
       * EPERM, not EBADF. */
      errno = 0;
      fd = memfd_create ("motcua-preview-selftest", MFD_CLOEXEC);
      e[4] = fd >= 0 ? 0 : errno;
      if (fd >= 0)
        close (fd);
      errno = 0;
      e[5] = ftruncate (-1, 0) == 0 ? 0 : errno;
      errno = 0;
      e[6] = sendmsg (-1, &(struct msghdr) { 0, }, 0) >= 0 ? 0 : errno;
      b = reply_new (MC_PREVIEW_STATUS_OK);
      for (i = 0; i < 7; i++)
        put_u32 (b, e[i]);
      send_reply (b);
      return;
    case MC_PREVIEW_SELFTEST_KEEP_MAPPED:
      keep_mapped = TRUE;
      send_reply (reply_new (MC_PREVIEW_STATUS_OK));
      return;
    case MC_PREVIEW_SELFTEST_CRASH_SIZES:
      crash_sizes = TRUE;
      send_reply (reply_new (MC_PREVIEW_STATUS_OK));
      return;
    case MC_PREVIEW_SELFTEST_HANG:
      for (;;)
        pause ();
    case MC_PREVIEW_SELFTEST_SPIN:
      for (volatile guint64 i = 0;; i++)
        ;
    case MC_PREVIEW_SELFTEST_CRASH:
      abort ();
    case MC_PREVIEW_SELFTEST_HOG:
      {
        static guint8 *blocks[4096];
        gsize n = 0;

        while (n < G_N_ELEMENTS (blocks))
          {
            blocks[n] = malloc (16 * 1024 * 1024);
            if (blocks[n] == NULL)
              break;
            memset (blocks[n], 1, 16 * 1024 * 1024);
            n++;
          }
        while (n > 0)
          free (blocks[--n]);
        send_error (MC_PREVIEW_STATUS_OUT_OF_MEMORY, "allocation refused");
        return;
      }
    default:
      send_error (MC_PREVIEW_STATUS_BAD_REQUEST, "unknown self-test");
    }
}

/* A one-page PDF with a line of Helvetica, drawn once at start so that
 * the first real page finds poppler's tables and the fonts loaded. */
static const char warm_up_pdf[] =
  "%PDF-1.4\n"
  "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
  "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
  "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 50] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >> endobj\n"
  "4 0 obj << /Length 42 >> stream\n"
  "BT /F1 12 Tf 10 20 Td (Mot Cua Desk) Tj ET\n"
  "endstream endobj\n"
  "5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n"
  "xref\n"
  "0 6\n"
  "0000000000 65535 f \n"
  "0000000009 00000 n \n"
  "0000000058 00000 n \n"
  "0000000115 00000 n \n"
  "0000000240 00000 n \n"
  "0000000332 00000 n \n"
  "trailer << /Size 6 /Root 1 0 R >>\n"
  "startxref\n"
  "402\n"
  "%%EOF\n";

static void
warm_up (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (warm_up_pdf, sizeof warm_up_pdf - 1);
  PopplerDocument *document = poppler_document_new_from_bytes (bytes, NULL, NULL);
  const char *const types[] = { "png", "jpeg" };
  gsize i;

  if (document != NULL)
    {
      PopplerPage *page = poppler_document_get_page (document, 0);
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 200, 50);
      cairo_t *cr = cairo_create (surface);

      if (page != NULL)
        {
          poppler_page_render (page, cr);
          g_free (poppler_page_get_text (page));
          g_object_unref (page);
        }
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
      g_object_unref (document);
    }
  /* gdk-pixbuf loads its decoders as modules on first use. */
  for (i = 0; i < G_N_ELEMENTS (types); i++)
    {
      GdkPixbufLoader *loader = gdk_pixbuf_loader_new_with_type (types[i], NULL);

      if (loader != NULL)
        {
          gdk_pixbuf_loader_close (loader, NULL);
          g_object_unref (loader);
        }
    }
}

int
main (int    argc,
      char **argv)
{
  guint64 memory_mb = 1024;
  guint cpu_seconds = 60;
  int i, null_fd;

  for (i = 1; i + 1 < argc; i += 2)
    {
      if (g_str_equal (argv[i], "--memory-mb"))
        memory_mb = g_ascii_strtoull (argv[i + 1], NULL, 10);
      else if (g_str_equal (argv[i], "--cpu-seconds"))
        cpu_seconds = g_ascii_strtoull (argv[i + 1], NULL, 10);
    }
  selftest = g_strcmp0 (g_getenv ("MOTCUA_PREVIEW_SELFTEST"), "1") == 0;

  mc_preview_confine_process (memory_mb * 1024 * 1024, cpu_seconds);
  signal (SIGPIPE, SIG_IGN);

  /* Replies get a descriptor of their own; fd 1 becomes /dev/null, so a
   * library that prints cannot corrupt the protocol. */
  proto_out = fcntl (1, F_DUPFD_CLOEXEC, 3);
  null_fd = open ("/dev/null", O_WRONLY | O_CLOEXEC);
  if (proto_out < 0 || null_fd < 0 || dup2 (null_fd, 1) < 0)
    return 2;
  close (null_fd);
  /* A page is megabytes: move it in large pieces. */
  {
    int size = 1024 * 1024;
    setsockopt (proto_out, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
  }

  /* What needs files beyond the document is loaded before the filter, and
   * warmed up while the helper waits for its document. */
  FcInit ();
  warm_up ();
  /* The decoders have loaded what they load once (gdk-pixbuf's modules,
   * poppler's tables, the font configuration): from here on, before any
   * byte of a document is read, the filter. */
  install_seccomp ();

  for (;;)
    {
      guint8 header[4];
      guint32 len;
      g_autofree guint8 *payload = NULL;
      Reader r;
      guint8 op;
      int received_fd;

      if (!read_header (header, &received_fd))
        break;
      len = header[0] | header[1] << 8 | header[2] << 16 | (guint32) header[3] << 24;
      if (len == 0 || len > MC_PREVIEW_PROTOCOL_MAX_REQUEST)
        break;
      payload = g_malloc (len);
      if (!read_full (proto_in, payload, len))
        break;
      r.p = payload;
      r.left = len;
      r.bad = FALSE;
      op = get_u8 (&r);
      /* An OPEN brings the file, a RENDER the buffer to draw into. */
      if (received_fd >= 0 && op == MC_PREVIEW_OP_OPEN)
        {
          if (file_fd >= 0)
            close (file_fd);
          file_fd = received_fd;
          received_fd = -1;
        }
      if (op == MC_PREVIEW_OP_BUFFER)
        {
          op_buffer (&r, &received_fd);
          if (received_fd >= 0)
            close (received_fd);
          continue;
        }
      if (op != MC_PREVIEW_OP_OPEN && backend == NULL && !(op == MC_PREVIEW_OP_SELFTEST && selftest))
        {
          send_error (MC_PREVIEW_STATUS_BAD_REQUEST, "open first");
          if (received_fd >= 0)
            close (received_fd);
          continue;
        }
      switch (op)
        {
        case MC_PREVIEW_OP_OPEN:
          op_open (&r);
          break;
        case MC_PREVIEW_OP_RENDER:
          op_render (&r, received_fd);
          break;
        case MC_PREVIEW_OP_TEXT:
          op_text (&r);
          break;
        case MC_PREVIEW_OP_SIZES:
          op_sizes (&r);
          break;
        case MC_PREVIEW_OP_SELFTEST:
          op_selftest (&r);
          break;
        default:
          send_error (MC_PREVIEW_STATUS_BAD_REQUEST, "unknown request");
        }
      if (received_fd >= 0)
        close (received_fd);
    }
  /* Quietly: no atexit handlers, nothing flushed to the document. */
  _exit (0);
}
