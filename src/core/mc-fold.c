/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-fold.h"

#define REPLACEMENT_CHARACTER 0xFFFD

/* One definition of white space for both paths: GLib's g_unichar_isspace()
 * leaves out the vertical tab, g_ascii_isspace() includes it. */
static gboolean
is_space (gunichar c)
{
  switch (c)
    {
    case '\t': case '\n': case '\v': case '\f': case '\r': case ' ':
      return TRUE;
    default:
      break;
    }
  if (c < 0x80)
    return FALSE;
  switch (g_unichar_type (c))
    {
    case G_UNICODE_SPACE_SEPARATOR:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Marks carry the tones and the breve, circumflex and horn once decomposed;
 * control and format characters are invisible and only break matching. */
static gboolean
is_dropped (gunichar c)
{
  if (c == REPLACEMENT_CHARACTER)
    return TRUE;
  switch (g_unichar_type (c))
    {
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
      return TRUE;
    default:
      return FALSE;
    }
}

/* đ has no decomposition: it is a letter of its own, which is why the stock
 * FTS tokenizer misses it. Ð (eth) and Ɖ (African D) look the same and are
 * what old TCVN3 and VNI converters often produced. */
static gunichar
fold_d (gunichar c)
{
  switch (c)
    {
    case 0x0110: case 0x0111:  /* Đ đ */
    case 0x00D0: case 0x00F0:  /* Ð ð */
    case 0x0189: case 0x0256:  /* Ɖ ɖ */
      return 'd';
    default:
      return c;
    }
}

typedef struct {
  GString  *out;
  gboolean  pending_space;
} Writer;

static void
writer_put (Writer   *w,
            gunichar  c)
{
  if (is_space (c))
    {
      /* Leading space is dropped here, trailing space by never flushing it. */
      w->pending_space = w->out->len > 0;
      return;
    }
  if (w->pending_space)
    {
      g_string_append_c (w->out, ' ');
      w->pending_space = FALSE;
    }
  if (c < 0x80)
    g_string_append_c (w->out, (char) c);
  else
    g_string_append_unichar (w->out, c);
}

/* Most dossier codes, phone numbers and ids are ASCII: no allocation but
 * the result, and the same answer the general path would give. */
static char *
fold_ascii (const char *text,
            gsize       len)
{
  Writer w = { g_string_sized_new (len), FALSE };

  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) text[i];

      if (is_space (c))
        writer_put (&w, c);
      else if (c < 0x20 || c == 0x7F)
        continue;
      else
        writer_put (&w, (gunichar) g_ascii_tolower ((char) c));
    }

  return g_string_free (w.out, FALSE);
}

static char *
fold_unicode (const char *text,
              gssize      len)
{
  g_autofree char *valid = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *decomposed = NULL;
  Writer w;

  /* Invalid bytes become U+FFFD here and are dropped below. */
  valid = g_utf8_make_valid (text, len);
  folded = g_utf8_casefold (valid, -1);
  /* NFKD rather than NFD: a full-width ２ or a ligature is what some input
   * methods and PDFs give, and nobody types it in a search. */
  decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFKD);
  if (decomposed == NULL)
    return g_strdup ("");

  w.out = g_string_sized_new (strlen (decomposed));
  w.pending_space = FALSE;

  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_space (c))
        {
          writer_put (&w, c);
          continue;
        }
      if (is_dropped (c))
        continue;
      /* Compatibility forms such as ㎒ decompose into capitals. */
      c = fold_d (g_unichar_tolower (c));
      writer_put (&w, c);
    }

  return g_string_free (w.out, FALSE);
}

char *
mc_fold_len (const char *text,
             gssize      len)
{
  gsize n;

  g_return_val_if_fail (text != NULL || len == 0, NULL);

  if (text == NULL)
    return g_strdup ("");

  n = len < 0 ? strlen (text) : (gsize) len;
  for (gsize i = 0; i < n; i++)
    {
      if ((guchar) text[i] >= 0x80)
        return fold_unicode (text, (gssize) n);
    }
  return fold_ascii (text, n);
}

char *
mc_fold (const char *utf8)
{
  g_return_val_if_fail (utf8 != NULL, NULL);

  return mc_fold_len (utf8, -1);
}
