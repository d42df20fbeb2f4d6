/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The search key of a text: what a user typing without diacritics, in any
 * case, on any keyboard, expects to match. "Nguyễn  Văn Đức" and
 * "nguyen van duc" fold to the same key, and so do the composed (NFC) and
 * decomposed (NFD) spellings of a name.
 *
 * - compatibility forms are unfolded (full-width digits, ligatures);
 * - case is folded;
 * - combining marks are removed (tones, breve, circumflex, horn);
 * - đ and Đ become d, and so do the look-alikes legacy converters leave in
 *   Vietnamese text instead of them (Ð and ð, Ɖ and ɖ);
 * - runs of white space become one space, none at either end;
 * - control and format characters (soft hyphen, zero-width space, BOM) go;
 * - bytes that are not UTF-8 are dropped, never read past.
 * Digits and punctuation stay as they are, so a dossier code folds to itself
 * in lower case. Free the result with g_free(). */
char *mc_fold     (const char *utf8);

/* The same for @len bytes of @text (-1: up to the NUL), as an FTS5
 * tokenizer hands them over. */
char *mc_fold_len (const char *text,
                   gssize      len);

G_END_DECLS
