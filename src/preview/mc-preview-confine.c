/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE 1
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "mc-preview-backend.h"

#if defined(__SANITIZE_ADDRESS__)
# define MC_SANITIZED 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define MC_SANITIZED 1
# endif
#endif

static void
set_limit (int      resource,
           rlim_t   value)
{
  struct rlimit limit = { value, value };

  if (setrlimit (resource, &limit) != 0)
    g_warning ("setrlimit %d: %s", resource, g_strerror (errno));
}

/* The limits every decoder runs under, set before the file is read: the
 * address space (a bomb that gets past the pixel checks fails to allocate
 * instead of taking the machine's memory), CPU time (a loop in a decoder
 * ends with SIGXCPU even if the client is gone), no core files (they would
 * hold the citizen's document), and no descriptor but the socket to the
 * client and stderr; the file comes later, over the socket. */
void
mc_preview_confine_process (guint64 memory_bytes,
                            guint   cpu_seconds)
{
  int fd;

  prctl (PR_SET_PDEATHSIG, SIGKILL);
  /* Not dumpable: no core, and no ptrace by other processes of the user. */
  prctl (PR_SET_DUMPABLE, 0);
  set_limit (RLIMIT_CORE, 0);
  set_limit (RLIMIT_FSIZE, 0);
#ifndef MC_SANITIZED
  /* AddressSanitizer reserves terabytes of shadow address space; the
   * sanitizer build runs without this one limit. */
  if (memory_bytes > 0)
    set_limit (RLIMIT_AS, memory_bytes);
#endif
  if (cpu_seconds > 0)
    {
      struct rlimit limit = { cpu_seconds, cpu_seconds + 1 };
      setrlimit (RLIMIT_CPU, &limit);
    }

  if (close_range (3, ~0u, 0) != 0)
    for (fd = 3; fd < 4096; fd++)
      close (fd);
}

static int
deny (scmp_filter_ctx ctx,
      int             nr)
{
  return seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EPERM), nr, 0);
}

/* A deny list, installed once the libraries are initialised and before
 * any document is read: what a decoder compromised by a hostile file would need to
 * reach out (sockets), become something else (exec), touch other processes
 * (ptrace and friends), change the file system or write files. Reading
 * fonts and mapping memory stay allowed. Forbidden calls fail with EPERM
 * (fontconfig tries to write its cache and carries on), calls of another
 * architecture kill the process. */
gboolean
mc_preview_confine_syscalls (char **message)
{
  static const int denied[] = {
    SCMP_SYS (socket), SCMP_SYS (socketpair), SCMP_SYS (connect),
    SCMP_SYS (bind), SCMP_SYS (listen), SCMP_SYS (accept), SCMP_SYS (accept4),
    SCMP_SYS (sendto), SCMP_SYS (sendmsg), SCMP_SYS (sendmmsg),
    SCMP_SYS (execve), SCMP_SYS (execveat),
    SCMP_SYS (ptrace), SCMP_SYS (process_vm_readv), SCMP_SYS (process_vm_writev),
    SCMP_SYS (kill), SCMP_SYS (tkill), SCMP_SYS (pidfd_open), SCMP_SYS (pidfd_send_signal),
    SCMP_SYS (creat), SCMP_SYS (unlink), SCMP_SYS (unlinkat), SCMP_SYS (rename),
    SCMP_SYS (renameat), SCMP_SYS (renameat2), SCMP_SYS (mkdir), SCMP_SYS (mkdirat),
    SCMP_SYS (rmdir), SCMP_SYS (link), SCMP_SYS (linkat), SCMP_SYS (symlink),
    SCMP_SYS (symlinkat), SCMP_SYS (truncate), SCMP_SYS (ftruncate), SCMP_SYS (fallocate),
    SCMP_SYS (chmod), SCMP_SYS (fchmodat),
    SCMP_SYS (chown), SCMP_SYS (fchownat), SCMP_SYS (lchown), SCMP_SYS (mknod),
    SCMP_SYS (mknodat), SCMP_SYS (open_by_handle_at), SCMP_SYS (name_to_handle_at),
    SCMP_SYS (mount), SCMP_SYS (umount2), SCMP_SYS (unshare), SCMP_SYS (setns),
    SCMP_SYS (pivot_root), SCMP_SYS (chroot), SCMP_SYS (keyctl), SCMP_SYS (add_key),
    SCMP_SYS (request_key), SCMP_SYS (bpf), SCMP_SYS (perf_event_open),
    SCMP_SYS (userfaultfd), SCMP_SYS (io_uring_setup), SCMP_SYS (io_uring_enter),
    SCMP_SYS (io_uring_register), SCMP_SYS (personality), SCMP_SYS (kexec_load),
    SCMP_SYS (init_module), SCMP_SYS (finit_module), SCMP_SYS (delete_module),
    SCMP_SYS (memfd_create), SCMP_SYS (fanotify_init), SCMP_SYS (inotify_init1),
  };
  scmp_filter_ctx ctx;
  int write_flags[] = { O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND, O_TMPFILE & ~O_DIRECTORY };
  int rc = 0;
  gsize i;

  ctx = seccomp_init (SCMP_ACT_ALLOW);
  if (ctx == NULL)
    {
      *message = g_strdup ("seccomp_init failed");
      return FALSE;
    }

  for (i = 0; i < G_N_ELEMENTS (denied) && rc == 0; i++)
    rc = deny (ctx, denied[i]);

  /* Opening for writing: any of these flag bits makes open and openat fail.
   * openat2 hides its flags in a structure the filter cannot read; glibc
   * falls back to openat when it is missing. */
  for (i = 0; i < G_N_ELEMENTS (write_flags) && rc == 0; i++)
    {
      rc = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EPERM), SCMP_SYS (open), 1,
                             SCMP_A1 (SCMP_CMP_MASKED_EQ, write_flags[i], write_flags[i]));
      if (rc == 0)
        rc = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EPERM), SCMP_SYS (openat), 1,
                               SCMP_A2 (SCMP_CMP_MASKED_EQ, write_flags[i], write_flags[i]));
    }
  if (rc == 0)
    rc = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (ENOSYS), SCMP_SYS (openat2), 0);
  /* The pages are drawn into the client's memfds, which the client seals:
   * the helper has no seals of its own to add. */
  if (rc == 0)
    rc = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EPERM), SCMP_SYS (fcntl), 1,
                           SCMP_A1 (SCMP_CMP_EQ, F_ADD_SEALS));
  /* No new namespaces or threads with odd flags: clone with CLONE_NEWUSER. */
  if (rc == 0)
    rc = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EPERM), SCMP_SYS (clone), 1,
                           SCMP_A0 (SCMP_CMP_MASKED_EQ, CLONE_NEWUSER, CLONE_NEWUSER));
  if (rc == 0)
    rc = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (ENOSYS), SCMP_SYS (clone3), 0);
  if (rc == 0)
    rc = seccomp_load (ctx);

  seccomp_release (ctx);
  if (rc != 0)
    {
      *message = g_strdup_printf ("seccomp: %s", g_strerror (-rc));
      return FALSE;
    }
  return TRUE;
}
