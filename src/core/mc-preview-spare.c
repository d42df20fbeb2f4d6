/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a preview needs, made ahead of need: the helper process (started
 * under bubblewrap when there is one, warmed up, waiting for a document)
 * and the buffer the next page is drawn into. docs/preview.md explains
 * why each is worth having ready.
 */
#include "config.h"

#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mc-preview-protocol.h"
#include "mc-preview-spare.h"

typedef enum {
  SANDBOX_UNKNOWN,
  SANDBOX_BWRAP,
  SANDBOX_NONE,
} Sandbox;

static Sandbox sandbox_mode = SANDBOX_UNKNOWN;

/* Starting the helper --------------------------------------------------- */

static const char *
helper_path (gboolean *from_env)
{
  const char *env = g_getenv ("MOTCUA_PREVIEW_HELPER");

  *from_env = env != NULL && *env != '\0';
  return *from_env ? env : LIBEXECDIR "/motcua-preview";
}

static Sandbox
choose_sandbox (void)
{
  const char *env = g_getenv ("MOTCUA_PREVIEW_SANDBOX");
  g_autofree char *bwrap = NULL;

  /* Tests choose the layer; otherwise the choice is made once. */
  if (g_strcmp0 (env, "none") == 0)
    return SANDBOX_NONE;
  if (g_strcmp0 (env, "bwrap") == 0)
    return SANDBOX_BWRAP;
  if (sandbox_mode != SANDBOX_UNKNOWN)
    return sandbox_mode;
  /* Inside Flatpak the application is already in a sandbox without the
   * rights bubblewrap needs; the helper relies on its own limits there. */
  else if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    sandbox_mode = SANDBOX_NONE;
  else if ((bwrap = g_find_program_in_path ("bwrap")) != NULL)
    sandbox_mode = SANDBOX_BWRAP;
  else
    sandbox_mode = SANDBOX_NONE;
  return sandbox_mode;
}

gboolean
_mc_preview_uses_bwrap (void)
{
  return choose_sandbox () == SANDBOX_BWRAP;
}

static void
add_bwrap_args (GPtrArray  *argv,
                const char *helper)
{
  static const char *const top[] = { "lib", "lib32", "lib64", "libx32", "bin", "sbin" };
  static const char *const ro_try[] = { "/etc/fonts", "/etc/ld.so.cache", "/etc/alternatives",
                                        "/var/cache/fontconfig" };
  g_autofree char *bwrap = g_find_program_in_path ("bwrap");
  gsize i;

  g_ptr_array_add (argv, g_strdup (bwrap != NULL ? bwrap : "bwrap"));
  /* No network, no IPC, no view of other processes; dies with us; a new
   * session so that it cannot push input into our terminal. */
  g_ptr_array_add (argv, g_strdup ("--unshare-all"));
  g_ptr_array_add (argv, g_strdup ("--die-with-parent"));
  g_ptr_array_add (argv, g_strdup ("--new-session"));
  g_ptr_array_add (argv, g_strdup ("--ro-bind"));
  g_ptr_array_add (argv, g_strdup ("/usr"));
  g_ptr_array_add (argv, g_strdup ("/usr"));
  for (i = 0; i < G_N_ELEMENTS (top); i++)
    {
      g_autofree char *path = g_strconcat ("/", top[i], NULL);
      g_autofree char *target = g_file_read_link (path, NULL);

      if (target != NULL)
        {
          g_ptr_array_add (argv, g_strdup ("--symlink"));
          g_ptr_array_add (argv, g_steal_pointer (&target));
          g_ptr_array_add (argv, g_strdup (path));
        }
      else if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          g_ptr_array_add (argv, g_strdup ("--ro-bind"));
          g_ptr_array_add (argv, g_strdup (path));
          g_ptr_array_add (argv, g_strdup (path));
        }
    }
  for (i = 0; i < G_N_ELEMENTS (ro_try); i++)
    {
      g_ptr_array_add (argv, g_strdup ("--ro-bind-try"));
      g_ptr_array_add (argv, g_strdup (ro_try[i]));
      g_ptr_array_add (argv, g_strdup (ro_try[i]));
    }
  if (!g_str_has_prefix (helper, "/usr/"))
    {
      g_ptr_array_add (argv, g_strdup ("--ro-bind"));
      g_ptr_array_add (argv, g_strdup (helper));
      g_ptr_array_add (argv, g_strdup (helper));
    }
  g_ptr_array_add (argv, g_strdup ("--dev"));
  g_ptr_array_add (argv, g_strdup ("/dev"));
  g_ptr_array_add (argv, g_strdup ("--proc"));
  g_ptr_array_add (argv, g_strdup ("/proc"));
  g_ptr_array_add (argv, g_strdup ("--chdir"));
  g_ptr_array_add (argv, g_strdup ("/"));
  g_ptr_array_add (argv, g_strdup ("--"));
}

/* A helper started ahead of need: it has loaded and warmed its libraries
 * and waits for a document, so that opening one does not pay for that.
 * It serves only a document whose limits and settings it was started
 * with. */
static McPreviewHelper spare = MC_PREVIEW_HELPER_INIT;

static char *
helper_signature (const char *helper,
                  guint64     memory_limit,
                  guint       cpu_seconds)
{
  return g_strdup_printf ("%s|%d|%" G_GUINT64_FORMAT "|%u|%s", helper, choose_sandbox (),
                          memory_limit, cpu_seconds, g_getenv ("MOTCUA_PREVIEW_SELFTEST"));
}

static gboolean
start_helper (const char  *helper,
              gboolean     from_env,
              guint64      memory_limit,
              guint        cpu_seconds,
              McPreviewHelper *out,
              GError     **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  static const char *const pass[] = { "G_DEBUG", "G_MESSAGES_DEBUG", "ASAN_OPTIONS",
                                      "UBSAN_OPTIONS", "LSAN_OPTIONS" };
  int pair[2], size = 1024 * 1024;
  gsize i;

  if (!g_file_test (helper, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_propagate_error (error, _mc_preview_error_new (MC_PREVIEW_ERROR_HELPER_MISSING));
      return FALSE;
    }
  if (choose_sandbox () == SANDBOX_BWRAP)
    add_bwrap_args (argv, helper);
  g_ptr_array_add (argv, g_strdup (helper));
  g_ptr_array_add (argv, g_strdup ("--memory-mb"));
  g_ptr_array_add (argv, g_strdup_printf ("%" G_GUINT64_FORMAT, memory_limit / (1024 * 1024)));
  g_ptr_array_add (argv, g_strdup ("--cpu-seconds"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", cpu_seconds));
  g_ptr_array_add (argv, NULL);

  /* One stream socket both ways: it carries the document's descriptor. */
  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s", g_strerror (saved));
      return FALSE;
    }
  setsockopt (pair[0], SOL_SOCKET, SO_RCVBUF, &size, sizeof size);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  /* A near-empty environment: the helper needs nothing of ours. */
  g_subprocess_launcher_set_environ (launcher, (char *[]) { (char *) "LC_ALL=C.UTF-8", NULL });
  for (i = 0; i < G_N_ELEMENTS (pass); i++)
    if (g_getenv (pass[i]) != NULL)
      g_subprocess_launcher_setenv (launcher, pass[i], g_getenv (pass[i]), TRUE);
  /* The self-test requests reach only a helper of the build tree. */
  if (from_env && g_strcmp0 (g_getenv ("MOTCUA_PREVIEW_SELFTEST"), "1") == 0)
    g_subprocess_launcher_setenv (launcher, "MOTCUA_PREVIEW_SELFTEST", "1", TRUE);
  g_subprocess_launcher_set_cwd (launcher, "/");
  g_subprocess_launcher_take_stdin_fd (launcher, pair[1]);
  g_subprocess_launcher_take_stdout_fd (launcher, fcntl (pair[1], F_DUPFD_CLOEXEC, 3));

  out->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &local_error);
  if (out->process == NULL)
    {
      close (pair[0]);
      g_debug ("motcua-preview: %s", local_error->message);
      g_propagate_error (error, _mc_preview_error_new (MC_PREVIEW_ERROR_HELPER_MISSING));
      return FALSE;
    }
  out->socket = pair[0];
  out->signature = helper_signature (helper, memory_limit, cpu_seconds);
  return TRUE;
}

static gboolean
spare_is_healthy (void)
{
  struct pollfd pfd = { spare.socket, POLLIN, 0 };

  /* Waiting quietly: nothing to read, not hung up, not reaped. */
  return spare.process != NULL && g_subprocess_get_identifier (spare.process) != NULL
         && poll (&pfd, 1, 0) == 0;
}

static void
spare_clear (void)
{
  if (spare.process != NULL)
    g_subprocess_force_exit (spare.process);
  g_clear_object (&spare.process);
  if (spare.socket >= 0)
    close (spare.socket);
  spare.socket = -1;
  if (spare.buffer_fd >= 0)
    close (spare.buffer_fd);
  spare.buffer_fd = -1;
  g_clear_pointer (&spare.signature, g_free);
}

typedef struct
{
  guint64  memory_limit;
  guint    cpu_seconds;
  gboolean start_spare;  /* or only fill the pool of buffers */
} Limits;

/* Buffers for rendered pages ------------------------------------------- */

/* A page is drawn by the helper into a memfd the client made, sealed by
 * the client once the helper answers and mapped read-only: no copy through
 * the socket. Giving a memfd its pages costs more than drawing a simple
 * page (a fault per 4 KiB), so one buffer is kept allocated ahead of need,
 * of 8 MiB (a page of 2 million pixels) or of the last large page if that
 * was larger, and cut to size when taken; small ones (thumbnails) are made
 * on demand. */
#define POOL_MIN_BYTES      (1024u * 1024)
#define POOL_MAX_BYTES      (64u * 1024 * 1024)
#define POOL_DEFAULT_BYTES  (8u * 1024 * 1024)
#define BUFFER_SEALS        (F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL)

static struct
{
  int      fd;        /* -1 when empty */
  gsize    size;
  gsize    wanted;    /* the size the next one is made */
  gboolean filling;
  gboolean used;      /* taken since it was last filled */
} pool = { -1, 0, POOL_DEFAULT_BYTES, FALSE, TRUE };

static void spare_give_buffer (void);

int
_mc_preview_buffer_new (gsize    size,
                        gboolean allocate)
{
  int fd = memfd_create ("motcua-preview-page", MFD_CLOEXEC | MFD_ALLOW_SEALING);

  if (fd < 0)
    return -1;
  if (ftruncate (fd, size) != 0)
    {
      close (fd);
      return -1;
    }
  /* Without the pages allocated the helper's mapping faults them in. */
  if (allocate)
    (void) fallocate (fd, 0, 0, size);
  return fd;
}

static void
pool_fill_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  g_task_return_int (task, _mc_preview_buffer_new (GPOINTER_TO_SIZE (task_data), TRUE));
}

static void
pool_filled_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  int fd = g_task_propagate_int (G_TASK (result), NULL);

  pool.filling = FALSE;
  if (fd < 0)
    return;
  if (pool.fd >= 0)
    {
      close (fd);
      return;
    }
  pool.fd = fd;
  pool.size = GPOINTER_TO_SIZE (g_task_get_task_data (G_TASK (result)));
  pool.used = FALSE;
  spare_give_buffer ();
}

/* In a thread: allocating megabytes of pages is not for the main loop. */
static void
pool_fill (void)
{
  g_autoptr(GTask) task = NULL;

  if (pool.fd >= 0 || pool.filling || !pool.used)
    return;
  pool.filling = TRUE;
  task = g_task_new (NULL, NULL, pool_filled_cb, NULL);
  g_task_set_source_tag (task, pool_fill);
  g_task_set_task_data (task, GSIZE_TO_POINTER (pool.wanted), NULL);
  g_task_run_in_thread (task, pool_fill_thread);
}

/* A buffer of exactly size bytes for one page, or -1. */
int
_mc_preview_buffer_take (gsize size)
{
  int fd = -1;

  if (size >= POOL_MIN_BYTES)
    {
      pool.wanted = CLAMP (size, POOL_DEFAULT_BYTES, POOL_MAX_BYTES);
      pool.used = TRUE;
      if (pool.fd >= 0 && pool.size >= size)
        {
          fd = pool.fd;
          pool.fd = -1;
          if (pool.size != size && ftruncate (fd, size) != 0)
            {
              close (fd);
              fd = -1;
            }
        }
      else if (pool.fd >= 0)
        {
          /* Too small for the pages of the moment: made again larger. */
          close (pool.fd);
          pool.fd = -1;
        }
    }
  return fd >= 0 ? fd : _mc_preview_buffer_new (size, FALSE);
}

typedef struct
{
  void  *data;
  gsize  size;
} Mapping;

static void
mapping_free (gpointer user_data)
{
  Mapping *mapping = user_data;

  munmap (mapping->data, mapping->size);
  g_free (mapping);
}

/* Seals the buffer the helper drew into and maps it. The helper had it
 * writable: sealing fails while it still has it mapped, and afterwards it
 * can neither write, nor shrink it under our mapping. */
GBytes *
_mc_preview_buffer_map (int   fd,
                        gsize size)
{
  struct stat st;
  Mapping *mapping;
  void *data;

  if (fcntl (fd, F_ADD_SEALS, BUFFER_SEALS) != 0
      || (fcntl (fd, F_GET_SEALS) & BUFFER_SEALS) != BUFFER_SEALS
      || fstat (fd, &st) != 0 || (guint64) st.st_size != size)
    return NULL;
  /* All pages at once, instead of a fault per page when GTK reads them. */
  data = mmap (NULL, size, PROT_READ, MAP_SHARED | MAP_POPULATE, fd, 0);
  if (data == MAP_FAILED)
    return NULL;
  mapping = g_new (Mapping, 1);
  mapping->data = data;
  mapping->size = size;
  return g_bytes_new_with_free_func (data, size, mapping_free, mapping);
}

/* The spare helper gets the pool's buffer and maps it while it waits: the
 * first page of the next document is drawn into memory already mapped. */
static void
spare_give_buffer (void)
{
  static const guint8 frame[] = { 1, 0, 0, 0, MC_PREVIEW_OP_BUFFER };

  if (spare.process == NULL || spare.buffer_fd >= 0 || pool.fd < 0)
    return;
  if (!_mc_preview_send_with_fd (spare.socket, frame, sizeof frame, pool.fd))
    return;
  spare.buffer_fd = pool.fd;
  spare.buffer_size = pool.size;
  pool.fd = -1;
}

static gboolean
spare_refill_cb (gpointer user_data)
{
  g_autofree Limits *limits = user_data;
  gboolean from_env;
  const char *helper = helper_path (&from_env);

  /* A new spare helper gets a buffer of its own to map. */
  if (limits->start_spare && spare.process == NULL)
    pool.used = TRUE;
  pool_fill ();
  if (!limits->start_spare)
    return G_SOURCE_REMOVE;
  if (spare.process == NULL
      && !start_helper (helper, from_env, limits->memory_limit, limits->cpu_seconds, &spare, NULL))
    spare_clear ();
  spare_give_buffer ();
  return G_SOURCE_REMOVE;
}

void
_mc_preview_refill_later (guint64  memory_limit,
                          guint    cpu_seconds,
                          gboolean start_spare)
{
  Limits *limits = g_new0 (Limits, 1);

  limits->memory_limit = memory_limit;
  limits->cpu_seconds = cpu_seconds;
  limits->start_spare = start_spare;
  g_idle_add_full (G_PRIORITY_LOW, spare_refill_cb, limits, NULL);
}

void
mc_preview_prepare (void)
{
  g_autofree char *signature = NULL;
  gboolean from_env;

  pool.used = TRUE;
  if (g_strcmp0 (g_getenv ("MOTCUA_PREVIEW_SPARE"), "0") == 0)
    {
      pool_fill ();
      return;
    }
  signature = helper_signature (helper_path (&from_env), MC_PREVIEW_DEFAULT_MEMORY, MC_PREVIEW_DEFAULT_CPU_SECONDS);
  if (spare.process != NULL && spare_is_healthy () && g_strcmp0 (spare.signature, signature) == 0)
    {
      pool_fill ();
      return;
    }
  spare_clear ();
  _mc_preview_refill_later (MC_PREVIEW_DEFAULT_MEMORY, MC_PREVIEW_DEFAULT_CPU_SECONDS, TRUE);
}


/* A helper for a document with these limits: the spare one when it was
 * started with them and still waits, otherwise a new one. */
gboolean
_mc_preview_helper_start (guint64           memory_limit,
                          guint             cpu_seconds,
                          McPreviewHelper  *out,
                          GError          **error)
{
  g_autofree char *signature = NULL;
  gboolean from_env;
  const char *helper = helper_path (&from_env);

  signature = helper_signature (helper, memory_limit, cpu_seconds);
  if (spare.process != NULL && g_strcmp0 (spare.signature, signature) == 0 && spare_is_healthy ())
    {
      *out = spare;
      spare.process = NULL;
      spare.socket = -1;
      spare.signature = NULL;
      spare.buffer_fd = -1;
      return TRUE;
    }
  return start_helper (helper, from_env, memory_limit, cpu_seconds, out, error);
}

/* Whether a spare helper should be started for the next document. */
gboolean
_mc_preview_spare_wanted (void)
{
  return g_strcmp0 (g_getenv ("MOTCUA_PREVIEW_SPARE"), "0") != 0 && spare.process == NULL;
}

/* Whether the page buffer made ahead was used and is to be made again. */
gboolean
_mc_preview_pool_wants_refill (void)
{
  return pool.used && pool.fd < 0 && !pool.filling;
}

gboolean
_mc_preview_spare_has_buffer (void)
{
  return spare.process != NULL && spare.buffer_fd >= 0;
}
