/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

/* The wire between McPreviewDocument and motcua-preview (docs/preview.md).
 *
 * Every message is a frame: a 32-bit little-endian payload length, then the
 * payload. Integers are little-endian, reals are IEEE 754 doubles sent as
 * their 64-bit little-endian bit pattern, strings are a u32 length and that
 * many bytes (no terminator). A request payload starts with an op byte, a
 * reply payload with a status byte; a reply whose status is not OK carries
 * a string for the log and nothing else. Both sides refuse a frame longer
 * than their limit and a payload that does not end where its fields do. */

#define MC_PREVIEW_PROTOCOL_MAX_REQUEST   4096u
/* A rendered page is at most MC_PREVIEW_MAX_RENDER_PIXELS pixels of four
 * bytes; its pixels travel in a memfd, not in the reply. The reply limit
 * is the text of a page with its rectangles. */
#define MC_PREVIEW_MAX_RENDER_SIDE        16384u
#define MC_PREVIEW_MAX_RENDER_PIXELS      (40u * 1024u * 1024u)
#define MC_PREVIEW_PROTOCOL_MAX_REPLY     (MC_PREVIEW_MAX_RENDER_PIXELS * 4u + 64u)
#define MC_PREVIEW_MAX_PAGES              100000u
/* Page sizes asked in one SIZES request: a request stays short enough not
 * to hold back the page on screen for long, and far below the time limit. */
#define MC_PREVIEW_MAX_SIZES              512u
#define MC_PREVIEW_MAX_PASSWORD           1024u
#define MC_PREVIEW_MAX_TEXT               (8u * 1024u * 1024u)

/* Images whose header declares more pixels than this are refused before a
 * byte of them is decoded (decompression bombs). A 6000 × 8000 scan is 48
 * million. */
#define MC_PREVIEW_MAX_IMAGE_PIXELS       (120u * 1000u * 1000u)

/* Requests come on fd 0 and replies go to fd 1, both ends of one Unix
 * stream socket. The document arrives as an SCM_RIGHTS descriptor attached
 * to an OPEN request, so that a helper can be started (and warmed up)
 * before anyone knows which file it will read. */

typedef enum {
  MC_PREVIEW_OP_OPEN     = 1, /* u8 has_password, string password; the file as SCM_RIGHTS */
  MC_PREVIEW_OP_RENDER   = 2, /* u32 page, u32 width, u32 height, u32 rotation; the buffer as SCM_RIGHTS */
  MC_PREVIEW_OP_TEXT     = 3, /* u32 page */
  /* A buffer ahead of need, as SCM_RIGHTS; the only request without a
   * reply. The helper maps it while it waits and draws the next page that
   * fits into it rather than into that page's own buffer. */
  MC_PREVIEW_OP_BUFFER   = 4,
  /* The sizes of pages the OPEN reply did not carry. */
  MC_PREVIEW_OP_SIZES    = 5, /* u32 first, u32 count (1 to MC_PREVIEW_MAX_SIZES) */
  /* Honoured only when the helper was started with MOTCUA_PREVIEW_SELFTEST=1,
   * which the client passes only to a helper named by MOTCUA_PREVIEW_HELPER
   * (the build tree), never to the installed one. */
  MC_PREVIEW_OP_SELFTEST = 0x70, /* u8 what */
} McPreviewOp;

typedef enum {
  MC_PREVIEW_SELFTEST_FORBIDDEN = 1, /* reply: i32 errno of socket(), open for writing, execve(), ptrace(),
                                        memfd_create(), ftruncate(), sendmsg() */
  MC_PREVIEW_SELFTEST_HANG      = 2, /* never replies */
  MC_PREVIEW_SELFTEST_SPIN      = 3, /* burns CPU until RLIMIT_CPU ends it */
  MC_PREVIEW_SELFTEST_CRASH     = 4, /* abort() */
  MC_PREVIEW_SELFTEST_HOG       = 5, /* allocates and touches memory until refused */
  MC_PREVIEW_SELFTEST_KEEP_MAPPED = 6, /* empty reply; the next RENDER leaves its buffer mapped writable */
  MC_PREVIEW_SELFTEST_CRASH_SIZES = 7, /* empty reply; the next SIZES aborts */
} McPreviewSelftest;

typedef enum {
  MC_PREVIEW_STATUS_OK              = 0,
  MC_PREVIEW_STATUS_DAMAGED         = 1,
  MC_PREVIEW_STATUS_UNSUPPORTED     = 2,
  MC_PREVIEW_STATUS_NEEDS_PASSWORD  = 3,
  MC_PREVIEW_STATUS_WRONG_PASSWORD  = 4,
  MC_PREVIEW_STATUS_TOO_LARGE       = 5,
  MC_PREVIEW_STATUS_OUT_OF_MEMORY   = 6,
  MC_PREVIEW_STATUS_BAD_REQUEST     = 7,
} McPreviewStatus;

/* OPEN reply: u8 kind, u32 n_pages, u32 n_sizes (1 to n_pages), n_sizes ×
 * (f64 width, f64 height): the sizes of pages 0 to n_sizes - 1 in CSS
 * pixels (1/96 inch; one per image pixel for images). Images and TIFF send
 * every size; a PDF sends its first page's, and the client asks for the
 * rest with SIZES once the first page is drawn.
 *
 * SIZES reply: count × (f64 width, f64 height), of pages first to
 * first + count - 1, which must lie within the document. */
typedef enum {
  MC_PREVIEW_KIND_PDF  = 1,
  MC_PREVIEW_KIND_PNG  = 2,
  MC_PREVIEW_KIND_JPEG = 3,
  MC_PREVIEW_KIND_TIFF = 4,
} McPreviewKind;

/* RENDER request: the client attaches a memfd (made with
 * MFD_ALLOW_SEALING) of exactly width × 4 × height bytes; the helper maps
 * it shared, or takes the one a BUFFER request gave it if that is large
 * enough and already mapped, draws into it, unmaps it and answers. RENDER
 * reply: u32 width, u32 height, u32 stride (= width × 4), u8 buffer (0:
 * the request's, 1: the BUFFER's); the buffer's first stride × height
 * bytes then hold premultiplied ARGB32 in native byte order (cairo's
 * CAIRO_FORMAT_ARGB32). The client cuts it to that size, seals it
 * (shrink, grow, write, seal), which fails if the helper kept a writable
 * mapping, checks its size and maps it read-only. Rotation is 0, 90, 180 or 270 degrees
 * clockwise; width and height are those of the rotated result.
 *
 * TEXT reply: string text (UTF-8), u32 n_rects, n_rects × (f64 x1, y1,
 * x2, y2), one rectangle per character of text, in the unrotated page's CSS
 * pixels. */
