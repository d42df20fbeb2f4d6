/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A strict JSON scanner that builds nothing: it checks the grammar of a
 * value and tells where it lies in the text, so that a reader can pick the
 * few members it needs out of a large document (the change feed) and keep
 * the rest as the text it came in. Run mc_json_check_limits() over the
 * whole document first: it bounds the size and the depth, and checks the
 * UTF-8 and the control characters, which the scanner then relies on.
 * The scanner itself still refuses anything json-glib would refuse. */

typedef enum {
  MC_JSON_SPAN_STRING,
  MC_JSON_SPAN_NUMBER,
  MC_JSON_SPAN_TRUE,
  MC_JSON_SPAN_FALSE,
  MC_JSON_SPAN_NULL,
  MC_JSON_SPAN_OBJECT,
  MC_JSON_SPAN_ARRAY,
} McJsonSpanKind;

typedef struct {
  McJsonSpanKind  kind;
  const char     *text;     /* the whole value; a string's without quotes */
  gsize           len;
  gboolean        escaped;  /* a string with a backslash in it */
  GHashTable     *ends;     /* unowned, nullable: see mc_json_scan_init_indexed() */
} McJsonSpan;

typedef struct {
  const char *p;
  const char *end;
  gboolean    first;        /* no member or element read yet */
  gboolean    checked;      /* inside a span the scanner checked whole */
  GHashTable *ends;         /* unowned, nullable */
  guint       index_depth;
} McJsonScan;

void      mc_json_scan_init         (McJsonScan       *scan,
                                     const char       *text,
                                     gsize             len);
/* As mc_json_scan_init(); mc_json_scan_value() also notes in @ends (a
 * g_direct_hash table) where each container down to @depth levels ends,
 * and the spans read from this text carry @ends, so that walking them
 * later steps over such a container at once instead of reading it again.
 * @ends must outlive the walks. */
void      mc_json_scan_init_indexed (McJsonScan       *scan,
                                     const char       *text,
                                     gsize             len,
                                     GHashTable       *ends,
                                     guint             depth);
/* One value, checked and skipped; @span says what and where. */
gboolean  mc_json_scan_value        (McJsonScan       *scan,
                                     McJsonSpan       *span,
                                     GError          **error);
/* Nothing but white space left. */
gboolean  mc_json_scan_end          (McJsonScan       *scan,
                                     GError          **error);

/* Members of an object span, in order: @key is the raw key (a string
 * span), @value checked. Returns FALSE at the end (with @error unset) or
 * on an error. A span comes from the scanner, which checked it whole, so
 * inside it values are found, not checked again (a page of the feed is
 * read once as grammar, then walked three levels deep). */
void      mc_json_scan_enter        (McJsonScan       *scan,
                                     const McJsonSpan *container);
gboolean  mc_json_scan_next_member  (McJsonScan       *scan,
                                     McJsonSpan       *key,
                                     McJsonSpan       *value,
                                     GError          **error);
/* Elements of an array span, in order. */
gboolean  mc_json_scan_next_element (McJsonScan       *scan,
                                     McJsonSpan       *value,
                                     GError          **error);

gboolean  mc_json_span_is           (const McJsonSpan *span,
                                     const char       *literal);
/* The decoded text of a string span, or NULL for anything else (error
 * set, naming @member). @null_ok: null gives NULL without an error. */
char     *mc_json_span_dup_string   (const McJsonSpan *span,
                                     const char       *member,
                                     gboolean          null_ok,
                                     GError          **error);
gboolean  mc_json_span_get_int      (const McJsonSpan *span,
                                     const char       *member,
                                     gint64            min,
                                     gint64            max,
                                     gint64           *out,
                                     GError          **error);

G_END_DECLS
