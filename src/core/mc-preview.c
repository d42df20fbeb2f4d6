/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <gio/gunixinputstream.h>
#include <glib/gstdio.h>
#include <sys/socket.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mc-preview-private.h"
#include "mc-preview-protocol.h"
#include "mc-preview-spare.h"

G_DEFINE_QUARK (mc-preview-error-quark, mc_preview_error)

#define DEFAULT_TIMEOUT_MS   15000
#define DEFAULT_MEMORY       MC_PREVIEW_DEFAULT_MEMORY
#define DEFAULT_CPU_SECONDS  MC_PREVIEW_DEFAULT_CPU_SECONDS
#define DEFAULT_CACHE_BYTES  (96u * 1024 * 1024)

/* Images and texts ------------------------------------------------------ */

struct _McPreviewImage
{
  gatomicrefcount  ref;
  guint            width;
  guint            height;
  gsize            stride;
  GBytes          *bytes;
};

G_DEFINE_BOXED_TYPE (McPreviewImage, mc_preview_image, mc_preview_image_ref, mc_preview_image_unref)

McPreviewImage *
mc_preview_image_ref (McPreviewImage *image)
{
  g_return_val_if_fail (image != NULL, NULL);
  g_atomic_ref_count_inc (&image->ref);
  return image;
}

void
mc_preview_image_unref (McPreviewImage *image)
{
  g_return_if_fail (image != NULL);
  if (g_atomic_ref_count_dec (&image->ref))
    {
      g_bytes_unref (image->bytes);
      g_free (image);
    }
}

guint mc_preview_image_get_width  (McPreviewImage *image) { return image->width; }
guint mc_preview_image_get_height (McPreviewImage *image) { return image->height; }
gsize mc_preview_image_get_stride (McPreviewImage *image) { return image->stride; }
GBytes *mc_preview_image_get_bytes (McPreviewImage *image) { return image->bytes; }

struct _McPreviewText
{
  gatomicrefcount  ref;
  char            *text;
  McPreviewRect   *rects;
  guint            n_rects;
};

G_DEFINE_BOXED_TYPE (McPreviewText, mc_preview_text, mc_preview_text_ref, mc_preview_text_unref)

McPreviewText *
mc_preview_text_ref (McPreviewText *text)
{
  g_return_val_if_fail (text != NULL, NULL);
  g_atomic_ref_count_inc (&text->ref);
  return text;
}

void
mc_preview_text_unref (McPreviewText *text)
{
  g_return_if_fail (text != NULL);
  if (g_atomic_ref_count_dec (&text->ref))
    {
      g_free (text->text);
      g_free (text->rects);
      g_free (text);
    }
}

const char *
mc_preview_text_get_text (McPreviewText *text)
{
  return text->text;
}

const McPreviewRect *
mc_preview_text_get_rects (McPreviewText *text,
                           guint         *n_rects)
{
  *n_rects = text->n_rects;
  return text->rects;
}

char *
mc_preview_text_dup_range (McPreviewText *text,
                           guint          start,
                           guint          end)
{
  glong n = g_utf8_strlen (text->text, -1);

  start = MIN (start, (guint) n);
  end = CLAMP (end, start, (guint) n);
  return g_utf8_substring (text->text, start, end);
}

/* The document ---------------------------------------------------------- */

typedef struct
{
  GTask        *task;
  guint8        op;
  GBytes       *frame;
  guint         page;
  guint         width;
  guint         height;
  guint         rotation;
  int           priority;
  char         *password;  /* OPEN */
  gboolean      has_password;
  int           buffer_fd; /* RENDER: the memfd the page is drawn into, or -1 */
} Request;

struct _McPreviewDocument
{
  GObject        parent_instance;

  GFile         *file;          /* owned, nullable */
  int            fd;            /* the document, read-only; -1 until opened */
  guint          timeout_ms;
  guint64        memory_limit;
  guint          cpu_seconds;

  /* What the helper said when the document opened. */
  gboolean       is_open;
  McPreviewKind  kind;
  guint          n_pages;
  GArray        *page_sizes;    /* owned, nullable; of double × 2, n_pages of them */
  /* Pages 0 to n_sizes_known - 1 have their size; the others the first
   * page's until a SIZES reply brings theirs (docs/preview.md). */
  guint          n_sizes_known;
  guint          sizes_source;  /* the wait before asking for them */
  gboolean       sizes_asked;   /* a SIZES request is queued or under way */
  GCancellable  *sizes_cancellable; /* owned: cancelled by close */
  GError        *sizes_error;   /* owned, nullable: they will not come */
  char          *password;      /* owned, nullable: the one that opened it */
  gboolean       has_password;

  /* The helper of the moment. */
  GSubprocess   *helper;        /* owned, nullable */
  int            socket;        /* owned, -1 without a helper */
  int            helper_buffer_fd; /* owned: the helper has it mapped, or -1 */
  gsize          helper_buffer_size;
  GInputStream  *from_helper;   /* owned, nullable: reads socket */
  gboolean       helper_opened;
  gboolean       helper_timed_out;
  gboolean       helper_replied;
  gboolean       failing;       /* between a failure and its report */
  guint          timeout_id;
  guint          n_spawns;
  guint          n_premapped;
  GCancellable  *io_cancellable; /* owned */

  gboolean       refill_spare;  /* took the spare: start another once quiet */
  guint          refill_id;
  gint64         last_reply;    /* monotonic µs */

  GQueue         queue;         /* of Request */
  Request       *current;       /* owned, nullable */
  Request       *reopen;        /* owned, nullable: implicit OPEN after a restart */

  /* Rendered pages, most recent first. */
  GHashTable    *cache;         /* key → GList link in cache_lru */
  GQueue         cache_lru;     /* of CacheEntry */
  gsize          cache_bytes;
  gsize          cache_limit;
};

G_DEFINE_FINAL_TYPE (McPreviewDocument, mc_preview_document, G_TYPE_OBJECT)

typedef struct
{
  char           *key;
  McPreviewImage *image;
} CacheEntry;

enum {
  PROP_0,
  PROP_PAGE_SIZES_KNOWN,
  N_PROPS
};

enum {
  SIGNAL_PAGE_SIZES_CHANGED,
  SIGNAL_PAGE_SIZES_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* With nothing asked of it this long after opening, a document fetches
 * its page sizes anyway; otherwise once a page has been drawn. */
#define SIZES_WAIT_MS 100

static void pump (McPreviewDocument *self);
static void sizes_stop (McPreviewDocument *self);
static void refill_now (McPreviewDocument *self);

static void
request_free (Request *request)
{
  g_clear_object (&request->task);
  g_clear_pointer (&request->frame, g_bytes_unref);
  if (request->buffer_fd >= 0)
    close (request->buffer_fd);
  if (request->password != NULL)
    {
      memset (request->password, 0, strlen (request->password));
      g_free (request->password);
    }
  g_free (request);
}

static void
cache_entry_free (CacheEntry *entry)
{
  g_free (entry->key);
  mc_preview_image_unref (entry->image);
  g_free (entry);
}

static void
cache_clear (McPreviewDocument *self)
{
  g_hash_table_remove_all (self->cache);
  g_queue_clear_full (&self->cache_lru, (GDestroyNotify) cache_entry_free);
  self->cache_bytes = 0;
}

static void
stop_helper (McPreviewDocument *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_cancellable_cancel (self->io_cancellable);
  g_clear_object (&self->io_cancellable);
  self->io_cancellable = g_cancellable_new ();
  if (self->helper != NULL)
    g_subprocess_force_exit (self->helper);
  g_clear_object (&self->from_helper);
  if (self->socket >= 0)
    close (self->socket);
  self->socket = -1;
  if (self->helper_buffer_fd >= 0)
    close (self->helper_buffer_fd);
  self->helper_buffer_fd = -1;
  g_clear_object (&self->helper);
  self->helper_opened = FALSE;
}

static void
mc_preview_document_dispose (GObject *object)
{
  McPreviewDocument *self = MC_PREVIEW_DOCUMENT (object);
  Request *request;

  sizes_stop (self);
  stop_helper (self);
  while ((request = g_queue_pop_head (&self->queue)) != NULL)
    {
      g_task_return_new_error (request->task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "closed");
      request_free (request);
    }
  g_clear_pointer (&self->current, request_free);
  g_clear_pointer (&self->reopen, request_free);
  g_clear_handle_id (&self->refill_id, g_source_remove);
  refill_now (self);
  cache_clear (self);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (mc_preview_document_parent_class)->dispose (object);
}

static void
mc_preview_document_finalize (GObject *object)
{
  McPreviewDocument *self = MC_PREVIEW_DOCUMENT (object);

  if (self->fd >= 0)
    close (self->fd);
  g_clear_pointer (&self->page_sizes, g_array_unref);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_object (&self->io_cancellable);
  g_clear_object (&self->sizes_cancellable);
  g_clear_error (&self->sizes_error);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);

  G_OBJECT_CLASS (mc_preview_document_parent_class)->finalize (object);
}

static void
mc_preview_document_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  McPreviewDocument *self = MC_PREVIEW_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_PAGE_SIZES_KNOWN:
      g_value_set_boolean (value, mc_preview_document_get_page_sizes_known (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_preview_document_class_init (McPreviewDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_preview_document_dispose;
  object_class->finalize = mc_preview_document_finalize;
  object_class->get_property = mc_preview_document_get_property;

  /**
   * McPreviewDocument:page-sizes-known:
   *
   * Whether every page's size is known. Once the document opens only the
   * first page's may be (a PDF's); the others follow once the first page
   * has been drawn.
   */
  properties[PROP_PAGE_SIZES_KNOWN] =
    g_param_spec_boolean ("page-sizes-known", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * McPreviewDocument::page-sizes-changed:
   * @first: the first page whose size arrived
   * @n_pages: how many pages' sizes arrived
   *
   * The sizes of pages @first to @first + @n_pages - 1 replace the
   * estimate mc_preview_document_get_page_size() gave for them (they may
   * be the same).
   */
  signals[SIGNAL_PAGE_SIZES_CHANGED] =
    g_signal_new ("page-sizes-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  /**
   * McPreviewDocument::page-sizes-failed:
   * @error: why (an #McPreviewError)
   *
   * The sizes of the pages not yet known will not come: they keep the
   * first page's as an estimate. The pages can still be asked for.
   */
  signals[SIGNAL_PAGE_SIZES_FAILED] =
    g_signal_new ("page-sizes-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
mc_preview_document_init (McPreviewDocument *self)
{
  self->fd = -1;
  self->socket = -1;
  self->helper_buffer_fd = -1;
  self->timeout_ms = DEFAULT_TIMEOUT_MS;
  self->memory_limit = DEFAULT_MEMORY;
  self->cpu_seconds = DEFAULT_CPU_SECONDS;
  self->cache_limit = DEFAULT_CACHE_BYTES;
  self->io_cancellable = g_cancellable_new ();
  self->sizes_cancellable = g_cancellable_new ();
  self->cache = g_hash_table_new (g_str_hash, g_str_equal);
  g_queue_init (&self->queue);
  g_queue_init (&self->cache_lru);
}

McPreviewDocument *
mc_preview_document_new (GFile *file)
{
  McPreviewDocument *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  self = g_object_new (MC_TYPE_PREVIEW_DOCUMENT, NULL);
  self->file = g_object_ref (file);
  return self;
}

McPreviewDocument *
mc_preview_document_new_for_fd (int      fd,
                                GError **error)
{
  McPreviewDocument *self;
  int copy;

  copy = fcntl (fd, F_DUPFD_CLOEXEC, 3);
  if (copy < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s", g_strerror (saved));
      return NULL;
    }
  self = g_object_new (MC_TYPE_PREVIEW_DOCUMENT, NULL);
  self->fd = copy;
  return self;
}

GFile *
mc_preview_document_get_file (McPreviewDocument *self)
{
  g_return_val_if_fail (MC_IS_PREVIEW_DOCUMENT (self), NULL);
  return self->file;
}

void
mc_preview_document_set_timeout (McPreviewDocument *self,
                                 guint              timeout_ms)
{
  g_return_if_fail (MC_IS_PREVIEW_DOCUMENT (self));
  self->timeout_ms = MAX (timeout_ms, 1);
}

void
mc_preview_document_set_memory_limit (McPreviewDocument *self,
                                      guint64            bytes)
{
  g_return_if_fail (MC_IS_PREVIEW_DOCUMENT (self));
  self->memory_limit = bytes;
}

void
mc_preview_document_set_cpu_limit (McPreviewDocument *self,
                                   guint              seconds)
{
  g_return_if_fail (MC_IS_PREVIEW_DOCUMENT (self));
  self->cpu_seconds = seconds;
}

void
mc_preview_document_set_cache_size (McPreviewDocument *self,
                                    gsize              bytes)
{
  g_return_if_fail (MC_IS_PREVIEW_DOCUMENT (self));
  self->cache_limit = bytes;
}

gboolean
mc_preview_document_is_open (McPreviewDocument *self)
{
  g_return_val_if_fail (MC_IS_PREVIEW_DOCUMENT (self), FALSE);
  return self->is_open;
}

guint
mc_preview_document_get_n_pages (McPreviewDocument *self)
{
  g_return_val_if_fail (MC_IS_PREVIEW_DOCUMENT (self), 0);
  return self->n_pages;
}

gboolean
mc_preview_document_get_page_size (McPreviewDocument *self,
                                   guint              page,
                                   double            *width,
                                   double            *height)
{
  g_return_val_if_fail (MC_IS_PREVIEW_DOCUMENT (self), FALSE);
  g_return_val_if_fail (page < mc_preview_document_get_n_pages (self), FALSE);
  if (width != NULL)
    *width = g_array_index (self->page_sizes, double, page * 2);
  if (height != NULL)
    *height = g_array_index (self->page_sizes, double, page * 2 + 1);
  return page < self->n_sizes_known;
}

gboolean
mc_preview_document_get_page_sizes_known (McPreviewDocument *self)
{
  g_return_val_if_fail (MC_IS_PREVIEW_DOCUMENT (self), FALSE);
  return self->is_open && self->n_sizes_known == self->n_pages;
}

const GError *
mc_preview_document_get_page_sizes_error (McPreviewDocument *self)
{
  g_return_val_if_fail (MC_IS_PREVIEW_DOCUMENT (self), NULL);
  return self->sizes_error;
}

gboolean
mc_preview_document_has_text (McPreviewDocument *self)
{
  g_return_val_if_fail (MC_IS_PREVIEW_DOCUMENT (self), FALSE);
  return self->kind == MC_PREVIEW_KIND_PDF;
}

const char *
mc_preview_document_get_media_type (McPreviewDocument *self)
{
  g_return_val_if_fail (MC_IS_PREVIEW_DOCUMENT (self), NULL);
  switch (self->kind)
    {
    case MC_PREVIEW_KIND_PDF: return "application/pdf";
    case MC_PREVIEW_KIND_PNG: return "image/png";
    case MC_PREVIEW_KIND_JPEG: return "image/jpeg";
    case MC_PREVIEW_KIND_TIFF: return "image/tiff";
    default: return NULL;
    }
}

/* Errors a person can act on ------------------------------------------- */

GError *
_mc_preview_error_new (McPreviewError code)
{
  const char *message = NULL;

  switch (code)
    {
    case MC_PREVIEW_ERROR_CRASHED:
      message = _("The previewer stopped while reading the file. The file may be damaged or made to attack the viewer: open it with another application only if you trust where it came from.");
      break;
    case MC_PREVIEW_ERROR_TIMEOUT:
      message = _("The previewer took too long to read the file and was stopped. Try again, or save the file and open it with another application.");
      break;
    case MC_PREVIEW_ERROR_OUT_OF_MEMORY:
      message = _("The file needs more memory than the previewer may use. Save it and open it with another application.");
      break;
    case MC_PREVIEW_ERROR_DAMAGED:
      message = _("The file is damaged or is not what its name says. Ask the applicant for a new copy.");
      break;
    case MC_PREVIEW_ERROR_UNSUPPORTED:
      message = _("Only PDF, PNG, JPEG and TIFF files can be previewed.");
      break;
    case MC_PREVIEW_ERROR_NEEDS_PASSWORD:
      message = _("The document is protected by a password.");
      break;
    case MC_PREVIEW_ERROR_WRONG_PASSWORD:
      message = _("The password is not correct. Check it and try again.");
      break;
    case MC_PREVIEW_ERROR_TOO_LARGE:
      message = _("The image is too large to preview. Save it and open it with another application.");
      break;
    case MC_PREVIEW_ERROR_HELPER_MISSING:
      message = _("The previewer (motcua-preview) could not be started. Reinstall the application.");
      break;
    case MC_PREVIEW_ERROR_FAILED:
    default:
      message = _("The previewer could not show this page.");
      break;
    }
  return g_error_new_literal (MC_PREVIEW_ERROR, code, message);
}

static McPreviewError
error_code_for_status (guint8 status)
{
  switch (status)
    {
    case MC_PREVIEW_STATUS_DAMAGED: return MC_PREVIEW_ERROR_DAMAGED;
    case MC_PREVIEW_STATUS_UNSUPPORTED: return MC_PREVIEW_ERROR_UNSUPPORTED;
    case MC_PREVIEW_STATUS_NEEDS_PASSWORD: return MC_PREVIEW_ERROR_NEEDS_PASSWORD;
    case MC_PREVIEW_STATUS_WRONG_PASSWORD: return MC_PREVIEW_ERROR_WRONG_PASSWORD;
    case MC_PREVIEW_STATUS_TOO_LARGE: return MC_PREVIEW_ERROR_TOO_LARGE;
    case MC_PREVIEW_STATUS_OUT_OF_MEMORY: return MC_PREVIEW_ERROR_OUT_OF_MEMORY;
    default: return MC_PREVIEW_ERROR_FAILED;
    }
}

static gboolean
ensure_fd (McPreviewDocument  *self,
           GError            **error)
{
  g_autofree char *path = NULL;
  int saved;

  if (self->fd >= 0)
    return TRUE;
  path = self->file != NULL ? g_file_get_path (self->file) : NULL;
  if (path == NULL)
    {
      g_set_error_literal (error, MC_PREVIEW_ERROR, MC_PREVIEW_ERROR_UNSUPPORTED,
                           _("Only files on this computer can be previewed."));
      return FALSE;
    }
  self->fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
  if (self->fd < 0)
    {
      saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("The file could not be read: %s"), g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* The buffer sent with a RENDER request. When the helper has one mapped
 * that the page fits in, it draws there, and this one only has to exist:
 * no pages, and the pool's is kept for another time. */
static int
render_buffer (McPreviewDocument *self,
               gsize              size)
{
  if (self->helper_buffer_fd >= 0 && size <= self->helper_buffer_size)
    return _mc_preview_buffer_new (size, FALSE);
  return _mc_preview_buffer_take (size);
}

static gboolean
spawn_helper (McPreviewDocument  *self,
              GError            **error)
{
  McPreviewHelper started = MC_PREVIEW_HELPER_INIT;

  if (!ensure_fd (self, error))
    return FALSE;
  if (!_mc_preview_helper_start (self->memory_limit, self->cpu_seconds, &started, error))
    return FALSE;

  /* The next document finds one ready, unless this one is unusual; it is
   * started once this one has answered, so as not to take the processor
   * from its first page. */
  self->refill_spare = _mc_preview_spare_wanted ();

  self->helper = started.process;
  self->socket = started.socket;
  self->helper_buffer_fd = started.buffer_fd;
  self->helper_buffer_size = started.buffer_size;
  g_free (started.signature);
  self->from_helper = g_unix_input_stream_new (self->socket, FALSE);
  self->helper_opened = FALSE;
  self->helper_timed_out = FALSE;
  self->helper_replied = FALSE;
  /* A failure being reported was the last helper's. */
  self->failing = FALSE;
  self->n_spawns++;
  return TRUE;
}

guint
_mc_preview_document_get_n_spawns (McPreviewDocument *self)
{
  return self->n_spawns;
}

guint
_mc_preview_document_get_n_premapped (McPreviewDocument *self)
{
  return self->n_premapped;
}

/* Frames ---------------------------------------------------------------- */

static void
put_u32 (GByteArray *b,
         guint32     v)
{
  guint8 x[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };

  g_byte_array_append (b, x, 4);
}

static GBytes *
frame_finish (GByteArray *b)
{
  guint32 n = b->len - 4;

  b->data[0] = n & 0xff;
  b->data[1] = (n >> 8) & 0xff;
  b->data[2] = (n >> 16) & 0xff;
  b->data[3] = n >> 24;
  return g_byte_array_free_to_bytes (b);
}

static GByteArray *
frame_new (guint8 op)
{
  GByteArray *b = g_byte_array_new ();

  put_u32 (b, 0);
  g_byte_array_append (b, &op, 1);
  return b;
}

static GBytes *
open_frame (gboolean    has_password,
            const char *password)
{
  GByteArray *b = frame_new (MC_PREVIEW_OP_OPEN);
  guint8 flag = has_password ? 1 : 0;
  gsize n = has_password ? strlen (password) : 0;

  g_byte_array_append (b, &flag, 1);
  put_u32 (b, n);
  if (n > 0)
    g_byte_array_append (b, (const guint8 *) password, n);
  return frame_finish (b);
}

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

static double
get_f64 (Reader *r)
{
  guint64 v = 0;
  double d;
  int i;

  if (r->left < 8)
    {
      r->bad = TRUE;
      return 0;
    }
  for (i = 0; i < 8; i++)
    v |= (guint64) r->p[i] << (8 * i);
  memcpy (&d, &v, 8);
  r->p += 8;
  r->left -= 8;
  if (!isfinite (d))
    r->bad = TRUE;
  return d;
}

/* The exchange of the current request ----------------------------------- */

static void send_frame (McPreviewDocument *self, GBytes *frame);

/* What a document used up (the spare helper it took, the page buffer) is
 * made again once it has been quiet for a while: not between its opening
 * and its first page, nor between the first page and the thumbnails that
 * follow, where it would take the processor from them. */
#define REFILL_QUIET_MS 300

static gboolean
refill_needed (McPreviewDocument *self)
{
  return self->refill_spare || _mc_preview_pool_wants_refill ();
}

static void
refill_now (McPreviewDocument *self)
{
  if (refill_needed (self))
    _mc_preview_refill_later (self->memory_limit, self->cpu_seconds, self->refill_spare);
  self->refill_spare = FALSE;
}

static gboolean
refill_cb (gpointer user_data)
{
  McPreviewDocument *self = user_data;

  if (self->current != NULL || !g_queue_is_empty (&self->queue)
      || g_get_monotonic_time () - self->last_reply < REFILL_QUIET_MS * 1000)
    return G_SOURCE_CONTINUE;
  self->refill_id = 0;
  refill_now (self);
  return G_SOURCE_REMOVE;
}

static void
refill_when_quiet (McPreviewDocument *self)
{
  self->last_reply = g_get_monotonic_time ();
  if (self->refill_id == 0 && refill_needed (self))
    self->refill_id = g_timeout_add (REFILL_QUIET_MS, refill_cb, self);
}

static void
finish_current (McPreviewDocument *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_pointer (&self->current, request_free);
  g_clear_pointer (&self->reopen, request_free);
  self->failing = FALSE;
  pump (self);
  refill_when_quiet (self);
}

typedef struct
{
  McPreviewDocument *self;
  guint              spawns;    /* the document's count when its helper died */
  gboolean           timed_out;
  gboolean           protocol_error;
} Death;

static void
helper_died_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Death *death = user_data;
  McPreviewDocument *self = death->self;
  GSubprocess *helper = source != NULL ? G_SUBPROCESS (source) : NULL;
  McPreviewError code = MC_PREVIEW_ERROR_CRASHED;
  int signal_number = 0;

  if (helper != NULL)
    g_subprocess_wait_finish (helper, result, NULL);
  if (helper == NULL)
    ;
  else if (g_subprocess_get_if_signaled (helper))
    signal_number = g_subprocess_get_term_sig (helper);
  else if (g_subprocess_get_if_exited (helper) && g_subprocess_get_exit_status (helper) > 128)
    /* bubblewrap reports its child's death by signal N as 128 + N. */
    signal_number = g_subprocess_get_exit_status (helper) - 128;

  /* A helper that broke the protocol was killed by us: that is no sign
   * of the out-of-memory killer. */
  if (death->protocol_error)
    code = MC_PREVIEW_ERROR_CRASHED;
  else if (death->timed_out || signal_number == SIGXCPU)
    code = MC_PREVIEW_ERROR_TIMEOUT;
  else if (signal_number == SIGKILL)
    /* Not ours: the kernel's out-of-memory killer. */
    code = MC_PREVIEW_ERROR_OUT_OF_MEMORY;
  g_debug ("motcua-preview ended (signal %d, timed out %d, protocol error %d)",
           signal_number, death->timed_out, death->protocol_error);

  /* Only the request of the helper that died fails: another may have
   * started since, for a request that came meanwhile. */
  if (death->spawns == self->n_spawns)
    {
      if (self->current != NULL)
        g_task_return_error (self->current->task, _mc_preview_error_new (code));
      finish_current (self);
    }
  g_object_unref (self);
  g_free (death);
}

/* The helper is gone or must go: kill it, learn how it ended, fail the
 * request. The next request starts another. */
static void
helper_failed (McPreviewDocument *self,
               gboolean           protocol_error)
{
  Death *death;
  g_autoptr(GSubprocess) helper = self->helper ? g_object_ref (self->helper) : NULL;

  /* The write and the read of one exchange may both fail: report once. */
  if (self->failing)
    return;
  self->failing = TRUE;
  death = g_new0 (Death, 1);
  death->self = g_object_ref (self);
  death->spawns = self->n_spawns;
  death->timed_out = self->helper_timed_out;
  death->protocol_error = protocol_error;
  stop_helper (self);
  if (helper == NULL)
    {
      helper_died_cb (NULL, NULL, death);
      return;
    }
  g_subprocess_wait_async (helper, NULL, helper_died_cb, death);
}

static gboolean
timeout_cb (gpointer user_data)
{
  McPreviewDocument *self = user_data;

  self->timeout_id = 0;
  self->helper_timed_out = TRUE;
  helper_failed (self, FALSE);
  return G_SOURCE_REMOVE;
}

static void handle_reply (McPreviewDocument *self, GBytes *payload);

static void
payload_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(McPreviewDocument) self = user_data;
  g_autoptr(GError) error = NULL;
  GByteArray *buffer = g_object_get_data (source, "mc-preview-buffer");
  gsize n = 0;

  gboolean read = g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &n, &error);

  /* Read from a helper stopped meanwhile (closed, failed, replaced): its
   * answer is nobody's now, even when the read was done before the stop. */
  if (G_INPUT_STREAM (source) != self->from_helper)
    {
      g_object_set_data (source, "mc-preview-buffer", NULL);
      return;
    }
  if (!read || n != buffer->len)
    {
      g_object_set_data (source, "mc-preview-buffer", NULL);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        helper_failed (self, FALSE);
      return;
    }
  handle_reply (self, g_byte_array_free_to_bytes (g_byte_array_ref (buffer)));
  g_object_set_data (source, "mc-preview-buffer", NULL);
}

static void
header_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(McPreviewDocument) self = user_data;
  g_autoptr(GError) error = NULL;
  guint8 *header = g_object_get_data (source, "mc-preview-header");
  GByteArray *buffer;
  gsize n = 0;
  guint32 len;

  gboolean read = g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &n, &error);

  if (G_INPUT_STREAM (source) != self->from_helper)
    return;
  if (!read || n != 4)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        helper_failed (self, FALSE);
      return;
    }
  len = header[0] | header[1] << 8 | header[2] << 16 | (guint32) header[3] << 24;
  if (len == 0 || len > MC_PREVIEW_PROTOCOL_MAX_REPLY)
    {
      helper_failed (self, TRUE);
      return;
    }
  buffer = g_byte_array_sized_new (len);
  g_byte_array_set_size (buffer, len);
  g_object_set_data_full (source, "mc-preview-buffer", buffer, (GDestroyNotify) g_byte_array_unref);
  g_input_stream_read_all_async (G_INPUT_STREAM (source), buffer->data, len, G_PRIORITY_DEFAULT,
                                 self->io_cancellable, payload_read_cb, g_object_ref (self));
}

/* Requests are small and the helper reads each whole before it answers,
 * so the socket's buffer takes one at once: no need to wait. An OPEN
 * carries the document's descriptor, a RENDER the buffer to draw into. */
static gboolean
write_request (McPreviewDocument *self,
               GBytes            *frame)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (frame, &size);
  int fd = -1;

  if (size > 4 && data[4] == MC_PREVIEW_OP_OPEN)
    fd = self->fd;
  else if (size > 4 && data[4] == MC_PREVIEW_OP_RENDER && self->current != NULL)
    fd = self->current->buffer_fd;
  return _mc_preview_send_with_fd (self->socket, data, size, fd);
}

gboolean
_mc_preview_send_with_fd (int           socket,
                          const guint8 *data,
                          gsize         size,
                          int           fd)
{
  union {
    struct cmsghdr align;
    char           buf[CMSG_SPACE (sizeof (int))];
  } control;
  struct iovec iov = { (void *) data, size };
  struct msghdr msg = { 0, };
  ssize_t n;

  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  if (fd >= 0)
    {
      struct cmsghdr *cmsg;

      memset (&control, 0, sizeof control);
      msg.msg_control = control.buf;
      msg.msg_controllen = sizeof control.buf;
      cmsg = CMSG_FIRSTHDR (&msg);
      cmsg->cmsg_level = SOL_SOCKET;
      cmsg->cmsg_type = SCM_RIGHTS;
      cmsg->cmsg_len = CMSG_LEN (sizeof (int));
      memcpy (CMSG_DATA (cmsg), &fd, sizeof (int));
    }
  do
    n = sendmsg (socket, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  return n == (ssize_t) size;
}

static void
send_frame (McPreviewDocument *self,
            GBytes            *frame)
{
  guint8 *header = g_malloc (4);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add (self->timeout_ms, timeout_cb, self);
  g_object_set_data_full (G_OBJECT (self->from_helper), "mc-preview-header", header, g_free);
  g_input_stream_read_all_async (self->from_helper, header, 4, G_PRIORITY_DEFAULT,
                                 self->io_cancellable, header_read_cb, g_object_ref (self));
  if (!write_request (self, frame))
    helper_failed (self, FALSE);
}

/* Strict reading of the replies ----------------------------------------- */

/* n page sizes (two reals each), appended to sizes. */
static gboolean
read_sizes (Reader *r,
            guint   n,
            GArray *sizes)
{
  guint i;

  for (i = 0; i < n * 2; i++)
    {
      double v = get_f64 (r);

      if (r->bad || v <= 0 || v > 1e6)
        return FALSE;
      g_array_append_val (sizes, v);
    }
  return TRUE;
}

static gboolean
parse_sizes (McPreviewDocument *self,
             Request           *request,
             Reader            *r)
{
  g_autoptr(GArray) sizes = g_array_sized_new (FALSE, FALSE, sizeof (double), request->width * 2);

  /* Asked in order: the batch starts where the known sizes end. */
  if (request->page != self->n_sizes_known || r->left != (gsize) request->width * 16
      || !read_sizes (r, request->width, sizes))
    return FALSE;
  memcpy (&g_array_index (self->page_sizes, double, request->page * 2), sizes->data,
          sizes->len * sizeof (double));
  self->n_sizes_known += request->width;
  return TRUE;
}

static gboolean
parse_open (McPreviewDocument *self,
            Reader            *r)
{
  guint8 kind;
  guint32 n, n_sizes, i;
  g_autoptr(GArray) sizes = NULL;

  if (r->left < 1)
    return FALSE;
  kind = r->p[0];
  r->p++;
  r->left--;
  n = get_u32 (r);
  n_sizes = get_u32 (r);
  if (r->bad || kind < MC_PREVIEW_KIND_PDF || kind > MC_PREVIEW_KIND_TIFF
      || n == 0 || n > MC_PREVIEW_MAX_PAGES || n_sizes == 0 || n_sizes > n
      || r->left != (gsize) n_sizes * 16)
    return FALSE;
  sizes = g_array_sized_new (FALSE, FALSE, sizeof (double), n * 2);
  if (!read_sizes (r, n_sizes, sizes))
    return FALSE;
  /* A restarted helper must describe the same document. */
  if (self->is_open)
    return self->kind == kind && self->n_pages == n
           && memcmp (self->page_sizes->data, sizes->data,
                      MIN (n_sizes, self->n_sizes_known) * 2 * sizeof (double)) == 0;
  /* Until theirs arrive, the other pages are estimated at the first's. */
  for (i = n_sizes; i < n; i++)
    g_array_append_vals (sizes, sizes->data, 2);
  self->kind = kind;
  self->n_pages = n;
  self->n_sizes_known = n_sizes;
  self->page_sizes = g_steal_pointer (&sizes);
  return TRUE;
}

/* After a RENDER, the helper no longer has the BUFFER's buffer mapped if
 * the page fitted in it: it drew there, or could not map it. */
static int
take_helper_buffer (McPreviewDocument *self,
                    Request           *request)
{
  int fd = -1;

  if (self->helper_buffer_fd >= 0 && (gsize) request->width * 4 * request->height <= self->helper_buffer_size)
    {
      fd = self->helper_buffer_fd;
      self->helper_buffer_fd = -1;
    }
  return fd;
}

static McPreviewImage *
parse_render (McPreviewDocument *self,
              Request           *request,
              Reader            *r)
{
  guint32 w = get_u32 (r);
  guint32 h = get_u32 (r);
  guint32 stride = get_u32 (r);
  int helper_fd = take_helper_buffer (self, request);
  McPreviewImage *image;
  GBytes *bytes = NULL;
  gsize size = (gsize) stride * h;
  guint8 which = 2;

  if (r->left == 1)
    {
      which = r->p[0];
      r->left--;
    }
  if (r->bad || w != request->width || h != request->height || stride != w * 4 || r->left != 0
      || which > 1 || (which == 1 && helper_fd < 0))
    {
      if (helper_fd >= 0)
        close (helper_fd);
      return NULL;
    }
  /* The pixels are in the request's buffer, or at the start of the one the
   * helper had mapped, cut to size before it is sealed. */
  if (which == 1)
    self->n_premapped++;
  if (which == 0)
    bytes = _mc_preview_buffer_map (request->buffer_fd, size);
  else if (ftruncate (helper_fd, size) == 0)
    bytes = _mc_preview_buffer_map (helper_fd, size);
  if (helper_fd >= 0)
    close (helper_fd);
  if (bytes == NULL)
    return NULL;
  image = g_new0 (McPreviewImage, 1);
  g_atomic_ref_count_init (&image->ref);
  image->width = w;
  image->height = h;
  image->stride = stride;
  image->bytes = bytes;
  return image;
}

static McPreviewText *
parse_text (Reader *r)
{
  guint32 len = get_u32 (r);
  g_autofree char *text = NULL;
  McPreviewText *result;
  guint32 n, i;

  if (r->bad || len > MC_PREVIEW_MAX_TEXT || r->left < len)
    return NULL;
  if (!g_utf8_validate ((const char *) r->p, len, NULL))
    return NULL;
  text = g_strndup ((const char *) r->p, len);
  r->p += len;
  r->left -= len;
  n = get_u32 (r);
  if (r->bad || (n != 0 && (glong) n != g_utf8_strlen (text, -1)) || r->left != (gsize) n * 32)
    return NULL;
  result = g_new0 (McPreviewText, 1);
  g_atomic_ref_count_init (&result->ref);
  result->text = g_steal_pointer (&text);
  result->n_rects = n;
  result->rects = g_new (McPreviewRect, MAX (n, 1));
  for (i = 0; i < n; i++)
    {
      result->rects[i].x1 = get_f64 (r);
      result->rects[i].y1 = get_f64 (r);
      result->rects[i].x2 = get_f64 (r);
      result->rects[i].y2 = get_f64 (r);
    }
  if (r->bad)
    {
      mc_preview_text_unref (result);
      return NULL;
    }
  return result;
}

static char *
cache_key (guint page,
           guint width,
           guint height,
           guint rotation)
{
  return g_strdup_printf ("%u:%u:%u:%u", page, width, height, rotation);
}

static void
cache_add (McPreviewDocument *self,
           Request           *request,
           McPreviewImage    *image)
{
  CacheEntry *entry;
  gsize size = g_bytes_get_size (image->bytes);

  if (size > self->cache_limit)
    return;
  entry = g_new0 (CacheEntry, 1);
  entry->key = cache_key (request->page, request->width, request->height, request->rotation);
  entry->image = mc_preview_image_ref (image);
  if (g_hash_table_contains (self->cache, entry->key))
    {
      cache_entry_free (entry);
      return;
    }
  g_queue_push_head (&self->cache_lru, entry);
  g_hash_table_insert (self->cache, entry->key, self->cache_lru.head);
  self->cache_bytes += size;
  while (self->cache_bytes > self->cache_limit)
    {
      CacheEntry *old = g_queue_pop_tail (&self->cache_lru);

      g_hash_table_remove (self->cache, old->key);
      self->cache_bytes -= g_bytes_get_size (old->image->bytes);
      cache_entry_free (old);
    }
}

/* Page sizes after the first --------------------------------------------- */

static int compare_priority (gconstpointer a, gconstpointer b, gpointer user_data);

static gboolean
sizes_wanted (McPreviewDocument *self)
{
  return self->is_open && !self->sizes_asked && self->sizes_error == NULL
         && self->n_sizes_known < self->n_pages;
}

static void
sizes_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = G_TASK (result);
  g_autoptr(McPreviewDocument) self = g_weak_ref_get (g_task_get_task_data (task));
  g_autoptr(GError) error = NULL;

  /* A batch that arrived was taken in by handle_reply(); one cut short by
   * mc_preview_document_close() is asked again after the next page. */
  if (g_task_propagate_boolean (task, &error) || self == NULL
      || g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    return;
  g_debug ("page sizes: %s", error->message);
  self->sizes_asked = FALSE;
  self->sizes_error = g_steal_pointer (&error);
  g_signal_emit (self, signals[SIGNAL_PAGE_SIZES_FAILED], 0, self->sizes_error);
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* Asks for the next batch of sizes, after the pages already asked for at
 * the default priority and before the thumbnails. */
static void
sizes_ask (McPreviewDocument *self)
{
  Request *request;
  GWeakRef *weak;
  GByteArray *b;

  if (!sizes_wanted (self))
    return;
  /* The task does not hold the document: a document let go stops asking. */
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  request = g_new0 (Request, 1);
  request->op = MC_PREVIEW_OP_SIZES;
  request->buffer_fd = -1;
  request->task = g_task_new (NULL, self->sizes_cancellable, sizes_done_cb, NULL);
  g_task_set_task_data (request->task, weak, weak_ref_free);
  g_task_set_source_tag (request->task, sizes_ask);
  request->page = self->n_sizes_known;
  request->width = MIN (self->n_pages - self->n_sizes_known, MC_PREVIEW_MAX_SIZES);
  request->priority = G_PRIORITY_DEFAULT;
  b = frame_new (MC_PREVIEW_OP_SIZES);
  put_u32 (b, request->page);
  put_u32 (b, request->width);
  request->frame = frame_finish (b);
  self->sizes_asked = TRUE;
  g_queue_insert_sorted (&self->queue, request, compare_priority, NULL);
  pump (self);
}

static gboolean
sizes_source_cb (gpointer user_data)
{
  McPreviewDocument *self = user_data;

  self->sizes_source = 0;
  sizes_ask (self);
  return G_SOURCE_REMOVE;
}

/* A page was drawn: the sizes are asked for once the main loop has shown
 * it, so that they never come between the first page and the screen. */
static void
sizes_after_page (McPreviewDocument *self)
{
  if (!sizes_wanted (self))
    return;
  g_clear_handle_id (&self->sizes_source, g_source_remove);
  self->sizes_source = g_idle_add (sizes_source_cb, self);
}

/* No more asking until the next page is drawn: a batch in the queue would
 * start a helper again after mc_preview_document_close(). */
static void
sizes_stop (McPreviewDocument *self)
{
  GList *l, *next;

  g_clear_handle_id (&self->sizes_source, g_source_remove);
  g_cancellable_cancel (self->sizes_cancellable);
  g_clear_object (&self->sizes_cancellable);
  self->sizes_cancellable = g_cancellable_new ();
  self->sizes_asked = FALSE;
  for (l = self->queue.head; l != NULL; l = next)
    {
      Request *request = l->data;

      next = l->next;
      if (request->op == MC_PREVIEW_OP_SIZES)
        {
          g_queue_delete_link (&self->queue, l);
          g_task_return_error_if_cancelled (request->task);
          request_free (request);
        }
    }
}

static void
handle_reply (McPreviewDocument *self,
              GBytes            *payload)
{
  g_autoptr(GBytes) owned = payload;
  gsize size;
  const guint8 *data = g_bytes_get_data (payload, &size);
  Request *request = self->reopen != NULL ? self->reopen : self->current;
  Reader r = { data + 1, size - 1, FALSE };
  guint8 status = data[0];

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->helper_replied = TRUE;
  /* An answer to nothing asked breaks the protocol. */
  if (request == NULL)
    {
      helper_failed (self, TRUE);
      return;
    }

  if (status != MC_PREVIEW_STATUS_OK)
    {
      guint32 len = get_u32 (&r);

      if (r.bad || r.left != len || status > MC_PREVIEW_STATUS_BAD_REQUEST)
        {
          helper_failed (self, TRUE);
          return;
        }
      g_debug ("motcua-preview: %.*s", (int) len, (const char *) r.p);
      if (request->op == MC_PREVIEW_OP_RENDER)
        {
          int fd = take_helper_buffer (self, request);

          if (fd >= 0)
            close (fd);
        }
      if (request->op == MC_PREVIEW_OP_OPEN && self->reopen == NULL)
        self->helper_opened = FALSE;
      g_task_return_error (self->current->task, _mc_preview_error_new (error_code_for_status (status)));
      finish_current (self);
      return;
    }

  switch (request->op)
    {
    case MC_PREVIEW_OP_OPEN:
      if (!parse_open (self, &r))
        {
          helper_failed (self, TRUE);
          return;
        }
      self->helper_opened = TRUE;
      if (self->reopen != NULL)
        {
          /* The helper was restarted: now the request itself. */
          g_clear_pointer (&self->reopen, request_free);
          send_frame (self, self->current->frame);
          return;
        }
      self->is_open = TRUE;
      if (sizes_wanted (self))
        self->sizes_source = g_timeout_add (SIZES_WAIT_MS, sizes_source_cb, self);
      if (request->has_password)
        {
          g_free (self->password);
          self->password = g_strdup (request->password);
          self->has_password = TRUE;
        }
      g_task_return_boolean (request->task, TRUE);
      break;

    case MC_PREVIEW_OP_RENDER:
      {
        McPreviewImage *image = parse_render (self, request, &r);

        if (image == NULL)
          {
            helper_failed (self, TRUE);
            return;
          }
        cache_add (self, request, image);
        g_task_return_pointer (request->task, image, (GDestroyNotify) mc_preview_image_unref);
        sizes_after_page (self);
      }
      break;

    case MC_PREVIEW_OP_SIZES:
      {
        guint first = request->page, n = request->width;

        if (!parse_sizes (self, request, &r))
          {
            helper_failed (self, TRUE);
            return;
          }
        self->sizes_asked = FALSE;
        g_task_return_boolean (request->task, TRUE);
        g_signal_emit (self, signals[SIGNAL_PAGE_SIZES_CHANGED], 0, first, n);
        if (self->n_sizes_known == self->n_pages)
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE_SIZES_KNOWN]);
        /* The next batch goes after what the signal's handlers asked for
         * at the same priority (the page on screen, laid out again). */
        sizes_ask (self);
      }
      break;

    case MC_PREVIEW_OP_TEXT:
      {
        McPreviewText *text = parse_text (&r);

        if (text == NULL)
          {
            helper_failed (self, TRUE);
            return;
          }
        g_task_return_pointer (request->task, text, (GDestroyNotify) mc_preview_text_unref);
      }
      break;

    case MC_PREVIEW_OP_SELFTEST:
      g_task_return_pointer (request->task, g_bytes_new (r.p, r.left), (GDestroyNotify) g_bytes_unref);
      break;

    default:
      g_assert_not_reached ();
    }
  finish_current (self);
}

/* The queue ------------------------------------------------------------- */

static void
pump (McPreviewDocument *self)
{
  g_autoptr(GError) error = NULL;
  Request *request;

  while (self->current == NULL && (request = g_queue_pop_head (&self->queue)) != NULL)
    {
      if (g_task_return_error_if_cancelled (request->task))
        {
          request_free (request);
          continue;
        }
      if (request->op != MC_PREVIEW_OP_OPEN && request->op != MC_PREVIEW_OP_SELFTEST && !self->is_open)
        {
          g_task_return_new_error (request->task, MC_PREVIEW_ERROR, MC_PREVIEW_ERROR_FAILED,
                                   "%s", _("The document is not open."));
          request_free (request);
          continue;
        }
      if (self->helper == NULL && !spawn_helper (self, &error))
        {
          g_task_return_error (request->task, g_steal_pointer (&error));
          request_free (request);
          continue;
        }
      if (request->op == MC_PREVIEW_OP_RENDER && request->buffer_fd < 0
          && (request->buffer_fd = render_buffer (self, (gsize) request->width * 4 * request->height)) < 0)
        {
          g_task_return_error (request->task, _mc_preview_error_new (MC_PREVIEW_ERROR_OUT_OF_MEMORY));
          request_free (request);
          continue;
        }
      self->current = request;
      if (!self->helper_opened && self->is_open && request->op != MC_PREVIEW_OP_OPEN
          && request->op != MC_PREVIEW_OP_SELFTEST)
        {
          self->reopen = g_new0 (Request, 1);
          self->reopen->op = MC_PREVIEW_OP_OPEN;
          self->reopen->buffer_fd = -1;
          self->reopen->frame = open_frame (self->has_password, self->password);
          send_frame (self, self->reopen->frame);
        }
      else
        send_frame (self, request->frame);
    }
}

static int
compare_priority (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const Request *ra = a, *rb = b;

  /* g_queue_insert_sorted() walks past elements while this is negative (a
   * is the queued one, b the new one): equal priorities keep their order. */
  return ra->priority <= rb->priority ? -1 : 1;
}

static Request *
request_new (McPreviewDocument   *self,
             guint8               op,
             gpointer             source_tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  Request *request = g_new0 (Request, 1);

  request->op = op;
  request->buffer_fd = -1;
  request->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (request->task, source_tag);
  return request;
}

void
mc_preview_document_open_async (McPreviewDocument   *self,
                                const char          *password,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  Request *request;

  g_return_if_fail (MC_IS_PREVIEW_DOCUMENT (self));
  request = request_new (self, MC_PREVIEW_OP_OPEN, mc_preview_document_open_async,
                         cancellable, callback, user_data);
  if (password != NULL && strlen (password) > MC_PREVIEW_MAX_PASSWORD)
    {
      g_task_return_error (request->task, _mc_preview_error_new (MC_PREVIEW_ERROR_WRONG_PASSWORD));
      request_free (request);
      return;
    }
  request->has_password = password != NULL;
  request->password = g_strdup (password);
  request->frame = open_frame (request->has_password, password);
  g_queue_push_tail (&self->queue, request);
  pump (self);
}

gboolean
mc_preview_document_open_finish (McPreviewDocument  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
mc_preview_document_render_page_async (McPreviewDocument   *self,
                                       guint                page,
                                       guint                width,
                                       guint                height,
                                       guint                rotation,
                                       int                  io_priority,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autofree char *key = NULL;
  Request *request;
  GByteArray *b;
  GList *link;

  g_return_if_fail (MC_IS_PREVIEW_DOCUMENT (self));
  request = request_new (self, MC_PREVIEW_OP_RENDER, mc_preview_document_render_page_async,
                         cancellable, callback, user_data);
  rotation %= 360;
  if (page >= mc_preview_document_get_n_pages (self) || width == 0 || height == 0
      || width > MC_PREVIEW_MAX_RENDER_SIDE || height > MC_PREVIEW_MAX_RENDER_SIDE
      || (guint64) width * height > MC_PREVIEW_MAX_RENDER_PIXELS || rotation % 90 != 0)
    {
      g_task_return_new_error (request->task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "page %u at %u × %u, %u°", page, width, height, rotation);
      request_free (request);
      return;
    }
  key = cache_key (page, width, height, rotation);
  link = g_hash_table_lookup (self->cache, key);
  if (link != NULL)
    {
      CacheEntry *entry = link->data;

      g_queue_unlink (&self->cache_lru, link);
      g_queue_push_head_link (&self->cache_lru, link);
      g_task_return_pointer (request->task, mc_preview_image_ref (entry->image),
                             (GDestroyNotify) mc_preview_image_unref);
      request_free (request);
      return;
    }
  request->page = page;
  request->width = width;
  request->height = height;
  request->rotation = rotation;
  b = frame_new (MC_PREVIEW_OP_RENDER);
  put_u32 (b, page);
  put_u32 (b, width);
  put_u32 (b, height);
  put_u32 (b, rotation);
  request->frame = frame_finish (b);
  request->priority = io_priority;
  g_queue_insert_sorted (&self->queue, request, compare_priority, NULL);
  pump (self);
}

McPreviewImage *
mc_preview_document_render_page_finish (McPreviewDocument  *self,
                                        GAsyncResult       *result,
                                        GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
mc_preview_document_get_text_async (McPreviewDocument   *self,
                                    guint                page,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  Request *request;
  GByteArray *b;

  g_return_if_fail (MC_IS_PREVIEW_DOCUMENT (self));
  request = request_new (self, MC_PREVIEW_OP_TEXT, mc_preview_document_get_text_async,
                         cancellable, callback, user_data);
  if (page >= mc_preview_document_get_n_pages (self))
    {
      g_task_return_new_error (request->task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "page %u", page);
      request_free (request);
      return;
    }
  request->page = page;
  b = frame_new (MC_PREVIEW_OP_TEXT);
  put_u32 (b, page);
  request->frame = frame_finish (b);
  g_queue_push_tail (&self->queue, request);
  pump (self);
}

McPreviewText *
mc_preview_document_get_text_finish (McPreviewDocument  *self,
                                     GAsyncResult       *result,
                                     GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
_mc_preview_document_selftest_async (McPreviewDocument   *self,
                                     guint8               what,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  Request *request = request_new (self, MC_PREVIEW_OP_SELFTEST, _mc_preview_document_selftest_async,
                                  cancellable, callback, user_data);
  GByteArray *b = frame_new (MC_PREVIEW_OP_SELFTEST);

  g_byte_array_append (b, &what, 1);
  request->frame = frame_finish (b);
  g_queue_push_tail (&self->queue, request);
  pump (self);
}

GBytes *
_mc_preview_document_selftest_finish (McPreviewDocument  *self,
                                      GAsyncResult       *result,
                                      GError            **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
mc_preview_document_close (McPreviewDocument *self)
{
  g_return_if_fail (MC_IS_PREVIEW_DOCUMENT (self));
  sizes_stop (self);
  if (self->current != NULL)
    helper_failed (self, FALSE);
  else
    stop_helper (self);
}
