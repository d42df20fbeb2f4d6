/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-json.h"
#include "mc-json-scan.h"

/* The grammar of RFC 8259, checked byte by byte; containers by recursion,
 * whose depth mc_json_check_limits() has bounded beforehand (and which is
 * bounded again here, in case a caller forgot). */

#define SCAN_MAX_DEPTH 64

static gboolean
malformed (McJsonScan  *scan,
           const char  *base,
           GError     **error)
{
  g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_MALFORMED,
               _("The document is not valid JSON (unexpected character at byte %u)"),
               (guint) (scan->p - base));
  return FALSE;
}

static inline void
skip_ws (McJsonScan *scan)
{
  while (scan->p < scan->end &&
         (*scan->p == ' ' || *scan->p == '\n' || *scan->p == '\r' || *scan->p == '\t'))
    scan->p++;
}

void
mc_json_scan_init (McJsonScan *scan,
                   const char *text,
                   gsize       len)
{
  scan->p = text;
  scan->end = text + len;
  scan->first = TRUE;
  scan->checked = FALSE;
  scan->ends = NULL;
  scan->index_depth = 0;
}

void
mc_json_scan_init_indexed (McJsonScan *scan,
                           const char *text,
                           gsize       len,
                           GHashTable *ends,
                           guint       depth)
{
  mc_json_scan_init (scan, text, len);
  scan->ends = ends;
  scan->index_depth = depth;
}

static gboolean
scan_string (McJsonScan *scan,
             McJsonSpan *span)
{
  const char *p = scan->p + 1;   /* after the quote */

  span->kind = MC_JSON_SPAN_STRING;
  span->text = p;
  span->escaped = FALSE;
  for (;;)
    {
      const char *q = p;

      /* Plain bytes first: most strings have no escape. */
      while (q < scan->end && *q != '"' && *q != '\\' && (guchar) *q >= 0x20)
        q++;
      if (q >= scan->end || (guchar) *q < 0x20)
        {
          scan->p = q;
          return FALSE;
        }
      if (*q == '"')
        {
          span->len = q - span->text;
          scan->p = q + 1;
          return TRUE;
        }
      /* A backslash. */
      span->escaped = TRUE;
      if (q + 1 >= scan->end)
        {
          scan->p = q;
          return FALSE;
        }
      switch (q[1])
        {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
          p = q + 2;
          break;
        case 'u':
          if (scan->end - q < 6 || !g_ascii_isxdigit (q[2]) || !g_ascii_isxdigit (q[3]) ||
              !g_ascii_isxdigit (q[4]) || !g_ascii_isxdigit (q[5]))
            {
              scan->p = q;
              return FALSE;
            }
          p = q + 6;
          break;
        default:
          scan->p = q;
          return FALSE;
        }
    }
}

static gboolean
scan_number (McJsonScan *scan,
             McJsonSpan *span)
{
  const char *p = scan->p;

  span->kind = MC_JSON_SPAN_NUMBER;
  span->text = p;
  if (p < scan->end && *p == '-')
    p++;
  if (p < scan->end && *p == '0')
    p++;
  else if (p < scan->end && *p >= '1' && *p <= '9')
    while (p < scan->end && g_ascii_isdigit (*p))
      p++;
  else
    goto bad;
  if (p < scan->end && *p == '.')
    {
      p++;
      if (p >= scan->end || !g_ascii_isdigit (*p))
        goto bad;
      while (p < scan->end && g_ascii_isdigit (*p))
        p++;
    }
  if (p < scan->end && (*p == 'e' || *p == 'E'))
    {
      p++;
      if (p < scan->end && (*p == '+' || *p == '-'))
        p++;
      if (p >= scan->end || !g_ascii_isdigit (*p))
        goto bad;
      while (p < scan->end && g_ascii_isdigit (*p))
        p++;
    }
  span->len = p - span->text;
  scan->p = p;
  return TRUE;

bad:
  scan->p = p;
  return FALSE;
}

static gboolean
scan_literal (McJsonScan     *scan,
              McJsonSpan     *span,
              const char     *word,
              McJsonSpanKind  kind)
{
  gsize n = strlen (word);

  if ((gsize) (scan->end - scan->p) < n || memcmp (scan->p, word, n) != 0)
    return FALSE;
  span->kind = kind;
  span->text = scan->p;
  span->len = n;
  scan->p += n;
  return TRUE;
}

static gboolean scan_any (McJsonScan *scan, McJsonSpan *span, guint depth);

static gboolean
scan_container (McJsonScan *scan,
                McJsonSpan *span,
                guint       depth)
{
  gboolean object = *scan->p == '{';
  char close = object ? '}' : ']';
  McJsonSpan inner;

  if (depth >= SCAN_MAX_DEPTH)
    return FALSE;
  span->kind = object ? MC_JSON_SPAN_OBJECT : MC_JSON_SPAN_ARRAY;
  span->text = scan->p;
  scan->p++;
  skip_ws (scan);
  if (scan->p < scan->end && *scan->p == close)
    {
      scan->p++;
      span->len = scan->p - span->text;
      return TRUE;
    }
  for (;;)
    {
      skip_ws (scan);
      if (object)
        {
          if (scan->p >= scan->end || *scan->p != '"' || !scan_string (scan, &inner))
            return FALSE;
          skip_ws (scan);
          if (scan->p >= scan->end || *scan->p != ':')
            return FALSE;
          scan->p++;
        }
      if (!scan_any (scan, &inner, depth + 1))
        return FALSE;
      skip_ws (scan);
      if (scan->p >= scan->end)
        return FALSE;
      if (*scan->p == ',')
        {
          scan->p++;
          continue;
        }
      if (*scan->p != close)
        return FALSE;
      scan->p++;
      span->len = scan->p - span->text;
      if (scan->ends != NULL && depth <= scan->index_depth)
        g_hash_table_insert (scan->ends, (gpointer) span->text, (gpointer) scan->p);
      return TRUE;
    }
}

static gboolean
scan_any (McJsonScan *scan,
          McJsonSpan *span,
          guint       depth)
{
  skip_ws (scan);
  if (scan->p >= scan->end)
    return FALSE;
  switch (*scan->p)
    {
    case '"':
      return scan_string (scan, span);
    case '{':
    case '[':
      return scan_container (scan, span, depth);
    case 't':
      return scan_literal (scan, span, "true", MC_JSON_SPAN_TRUE);
    case 'f':
      return scan_literal (scan, span, "false", MC_JSON_SPAN_FALSE);
    case 'n':
      return scan_literal (scan, span, "null", MC_JSON_SPAN_NULL);
    default:
      return scan_number (scan, span);
    }
}

/* Skipping what was checked: where a value ends, nothing else. A tight
 * loop, byte by byte: most strings of a document are short, and a call
 * per string (memchr) cost more than it saved. */

static gboolean
skip_string (McJsonScan *scan,
             McJsonSpan *span)
{
  const char *p = scan->p + 1;
  const char *end = scan->end;
  gboolean escaped = FALSE;

  span->kind = MC_JSON_SPAN_STRING;
  span->text = p;
  for (;;)
    {
      /* Each step independent of the byte read: no load waits on the
       * one before, which a conditional step would make it do. */
      while (p < end && *p != '"' && *p != '\\')
        p++;
      if (p >= end)
        return FALSE;
      if (*p == '"')
        break;
      escaped = TRUE;
      p += 2;
    }
  span->len = p - span->text;
  span->escaped = escaped;
  scan->p = p + 1;
  return TRUE;
}

static gboolean
skip_any (McJsonScan *scan,
          McJsonSpan *span)
{
  const char *p, *end = scan->end;
  guint depth = 0;

  skip_ws (scan);
  if (scan->p >= end)
    return FALSE;
  span->text = scan->p;
  span->escaped = FALSE;
  switch (*scan->p)
    {
    case '"':
      return skip_string (scan, span);
    case '{':
    case '[':
      span->kind = *scan->p == '{' ? MC_JSON_SPAN_OBJECT : MC_JSON_SPAN_ARRAY;
      if (scan->ends != NULL && (p = g_hash_table_lookup (scan->ends, scan->p)) != NULL && p <= end)
        {
          scan->p = p;
          span->len = scan->p - span->text;
          return TRUE;
        }
      for (p = scan->p; p < end; p++)
        switch (*p)
          {
          case '"':
            for (p++;;)
              {
                while (p < end && *p != '"' && *p != '\\')
                  p++;
                if (p >= end || *p == '"')
                  break;
                p += 2;
              }
            break;
          case '{':
          case '[':
            depth++;
            break;
          case '}':
          case ']':
            if (--depth == 0)
              {
                scan->p = p + 1;
                span->len = scan->p - span->text;
                return TRUE;
              }
            break;
          default:
            break;
          }
      return FALSE;
    default:
      span->kind = *scan->p == 't' ? MC_JSON_SPAN_TRUE : *scan->p == 'f' ? MC_JSON_SPAN_FALSE :
                   *scan->p == 'n' ? MC_JSON_SPAN_NULL : MC_JSON_SPAN_NUMBER;
      for (p = scan->p; p < end && *p != ',' && *p != ']' && *p != '}' && *p != ' ' &&
                        *p != '\n' && *p != '\r' && *p != '\t'; p++)
        ;
      span->len = p - span->text;
      scan->p = p;
      return span->len > 0;
    }
}

gboolean
mc_json_scan_value (McJsonScan  *scan,
                    McJsonSpan  *span,
                    GError     **error)
{
  const char *base = scan->p;

  if (!scan_any (scan, span, 0))
    return malformed (scan, base, error);
  span->ends = scan->ends;
  return TRUE;
}

gboolean
mc_json_scan_end (McJsonScan  *scan,
                  GError     **error)
{
  const char *base = scan->p;

  skip_ws (scan);
  if (scan->p != scan->end)
    return malformed (scan, base, error);
  return TRUE;
}

void
mc_json_scan_enter (McJsonScan       *scan,
                    const McJsonSpan *container)
{
  g_return_if_fail (container->kind == MC_JSON_SPAN_OBJECT || container->kind == MC_JSON_SPAN_ARRAY);

  /* Inside the brackets; the span was checked whole already. */
  mc_json_scan_init (scan, container->text + 1, container->len - 2);
  scan->checked = TRUE;
  scan->ends = container->ends;
}

/* Before the next member or element: the comma, or the end. */
static gboolean
next_item (McJsonScan *scan,
           gboolean   *done)
{
  skip_ws (scan);
  *done = FALSE;
  if (scan->first)
    {
      scan->first = FALSE;
      *done = scan->p >= scan->end;
      return TRUE;
    }
  if (scan->p >= scan->end)
    {
      *done = TRUE;
      return TRUE;
    }
  if (*scan->p != ',')
    return FALSE;
  scan->p++;
  return TRUE;
}

gboolean
mc_json_scan_next_member (McJsonScan  *scan,
                          McJsonSpan  *key,
                          McJsonSpan  *value,
                          GError     **error)
{
  const char *base = scan->p;
  gboolean done;

  if (!next_item (scan, &done))
    return malformed (scan, base, error);
  if (done)
    return FALSE;
  skip_ws (scan);
  if (scan->p >= scan->end || *scan->p != '"' ||
      !(scan->checked ? skip_string (scan, key) : scan_string (scan, key)))
    return malformed (scan, base, error);
  key->ends = NULL;
  skip_ws (scan);
  if (scan->p >= scan->end || *scan->p != ':')
    return malformed (scan, base, error);
  scan->p++;
  if (!(scan->checked ? skip_any (scan, value) : scan_any (scan, value, 1)))
    return malformed (scan, base, error);
  value->ends = scan->ends;
  return TRUE;
}

gboolean
mc_json_scan_next_element (McJsonScan  *scan,
                           McJsonSpan  *value,
                           GError     **error)
{
  const char *base = scan->p;
  gboolean done;

  if (!next_item (scan, &done))
    return malformed (scan, base, error);
  if (done)
    return FALSE;
  if (!(scan->checked ? skip_any (scan, value) : scan_any (scan, value, 1)))
    return malformed (scan, base, error);
  value->ends = scan->ends;
  return TRUE;
}

gboolean
mc_json_span_is (const McJsonSpan *span,
                 const char       *literal)
{
  gsize n = strlen (literal);

  return span->kind == MC_JSON_SPAN_STRING && !span->escaped &&
         span->len == n && memcmp (span->text, literal, n) == 0;
}

static int
hex4 (const char *p)
{
  int value = 0;

  for (int i = 0; i < 4; i++)
    value = value * 16 + g_ascii_xdigit_value (p[i]);
  return value;
}

char *
mc_json_span_dup_string (const McJsonSpan  *span,
                         const char        *member,
                         gboolean           null_ok,
                         GError           **error)
{
  GString *out;
  const char *p, *end;

  if (null_ok && span->kind == MC_JSON_SPAN_NULL)
    return NULL;
  if (span->kind != MC_JSON_SPAN_STRING)
    {
      g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_WRONG_TYPE,
                   null_ok ? _("%s: expected a string or null") : _("%s: expected a string"), member);
      return NULL;
    }
  if (!span->escaped)
    return g_strndup (span->text, span->len);

  out = g_string_sized_new (span->len);
  p = span->text;
  end = span->text + span->len;
  while (p < end)
    {
      const char *q = memchr (p, '\\', end - p);
      gunichar c;

      if (q == NULL)
        {
          g_string_append_len (out, p, end - p);
          break;
        }
      g_string_append_len (out, p, q - p);
      switch (q[1])
        {
        case 'b': g_string_append_c (out, '\b'); p = q + 2; continue;
        case 'f': g_string_append_c (out, '\f'); p = q + 2; continue;
        case 'n': g_string_append_c (out, '\n'); p = q + 2; continue;
        case 'r': g_string_append_c (out, '\r'); p = q + 2; continue;
        case 't': g_string_append_c (out, '\t'); p = q + 2; continue;
        case 'u': break;
        default: g_string_append_c (out, q[1]); p = q + 2; continue;
        }
      c = hex4 (q + 2);
      p = q + 6;
      if (c >= 0xd800 && c < 0xdc00)
        {
          /* A high surrogate wants its low half next. */
          if (end - p >= 6 && p[0] == '\\' && p[1] == 'u' && hex4 (p + 2) >= 0xdc00 && hex4 (p + 2) < 0xe000)
            {
              c = 0x10000 + ((c - 0xd800) << 10) + (hex4 (p + 2) - 0xdc00);
              p += 6;
            }
          else
            c = 0;
        }
      else if (c >= 0xdc00 && c < 0xe000)
        c = 0;
      if (c == 0)
        {
          /* NUL would cut the text short; a lone surrogate is no character. */
          g_string_free (out, TRUE);
          g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_INVALID_VALUE,
                       _("%s: unknown value “%s”"), member, "\\u");
          return NULL;
        }
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

gboolean
mc_json_span_get_int (const McJsonSpan  *span,
                      const char        *member,
                      gint64             min,
                      gint64             max,
                      gint64            *out,
                      GError           **error)
{
  char buffer[32];
  gint64 value;

  if (span->kind != MC_JSON_SPAN_NUMBER || span->len >= sizeof buffer ||
      memchr (span->text, '.', span->len) != NULL || memchr (span->text, 'e', span->len) != NULL ||
      memchr (span->text, 'E', span->len) != NULL)
    {
      g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_WRONG_TYPE,
                   _("%s: expected an integer"), member);
      return FALSE;
    }
  memcpy (buffer, span->text, span->len);
  buffer[span->len] = '\0';
  if (!g_ascii_string_to_signed (buffer, 10, min, max, &value, NULL))
    {
      g_autofree char *lo = g_strdup_printf ("%" G_GINT64_FORMAT, min);
      g_autofree char *hi = g_strdup_printf ("%" G_GINT64_FORMAT, max);

      g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_INVALID_VALUE,
                   _("%s: %s is outside the allowed range %s to %s"), member, buffer, lo, hi);
      return FALSE;
    }
  *out = value;
  return TRUE;
}
