/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-store-private.h"

/* Finds the top-level members "events" and "attachments" of a compact
 * JSON object whose values are `[]`, and sets the offsets of their `[`
 * (-1 when absent). Strings are skipped whole (memchr to their end), so
 * text inside values never matches, and the scan costs little more than
 * a memchr over the document. */
static void
find_empty_arrays (const char *doc,
                   gsize       len,
                   gssize     *at_events,
                   gssize     *at_attachments)
{
  const char *p = doc;
  const char *end = doc + len;
  int depth = 0;

  *at_events = *at_attachments = -1;
  while (p < end)
    {
      char c = *p;

      if (c == '"')
        {
          const char *start = p + 1;
          const char *q = start;

          /* The closing quote: one not escaped by an odd run of '\'. */
          for (;;)
            {
              const char *back;

              q = memchr (q, '"', end - q);
              if (q == NULL)
                return;
              for (back = q; back > start && back[-1] == '\\'; back--)
                ;
              if ((q - back) % 2 == 0)
                break;
              q++;
            }
          if (depth == 1 && end - q > 3 && q[1] == ':' && q[2] == '[' && q[3] == ']')
            {
              if (q - start == 6 && memcmp (start, "events", 6) == 0)
                *at_events = q + 2 - doc;
              else if (q - start == 11 && memcmp (start, "attachments", 11) == 0)
                *at_attachments = q + 2 - doc;
            }
          p = q + 1;
          continue;
        }
      if (c == '{' || c == '[')
        depth++;
      else if (c == '}' || c == ']')
        depth--;
      p++;
    }
}

typedef struct {
  gssize      at;
  const char *text;
  gsize       len;
} Part;

/* The stored dossier document, kept with empty events and attachments,
 * with the rows of those tables put in: what mc_store_get_dossier() with
 * history would encode, without decoding anything. */
void
_mc_store_splice_dossier (GString    *out,
                const char *doc,
                gsize       len,
                const char *events,
                gsize       events_len,
                const char *attachments,
                gsize       attachments_len)
{
  gssize at_events, at_attachments;
  Part parts[2];
  gsize done = 0;

  find_empty_arrays (doc, len, &at_events, &at_attachments);
  parts[0] = (Part) { at_events, events, events_len };
  parts[1] = (Part) { at_attachments, attachments, attachments_len };
  g_string_truncate (out, 0);
  if (parts[0].at > parts[1].at)
    {
      Part swap = parts[0];
      parts[0] = parts[1];
      parts[1] = swap;
    }
  for (guint i = 0; i < 2; i++)
    {
      if (parts[i].at < 0)
        continue;
      g_string_append_len (out, doc + done, parts[i].at + 1 - done);
      g_string_append_len (out, parts[i].text, parts[i].len);
      done = parts[i].at + 1;
    }
  g_string_append_len (out, doc + done, len - done);

  /* A document stored without the members: add them before the end. */
  if ((at_events < 0 || at_attachments < 0) && out->len > 0 && out->str[out->len - 1] == '}')
    {
      g_string_truncate (out, out->len - 1);
      if (at_events < 0)
        {
          g_string_append (out, out->len > 1 ? ",\"events\":[" : "\"events\":[");
          g_string_append_len (out, events, events_len);
          g_string_append_c (out, ']');
        }
      if (at_attachments < 0)
        {
          g_string_append (out, out->len > 1 ? ",\"attachments\":[" : "\"attachments\":[");
          g_string_append_len (out, attachments, attachments_len);
          g_string_append_c (out, ']');
        }
      g_string_append_c (out, '}');
    }
}

