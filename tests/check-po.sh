#!/usr/bin/env bash
# Copyright 2026 The Một Cửa Desk developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fails when the Vietnamese translation is not complete: a file listed in
# POTFILES.in is missing, a source with translatable strings is not listed,
# a string of the sources is missing from vi.po, or vi.po has fuzzy or
# untranslated entries or does not compile.
set -u
top="$1"
cd "$top" || exit 1
status=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

while read -r f; do
  case "$f" in ''|\#*) continue ;; esac
  if [ ! -f "$f" ]; then
    echo "POTFILES.in lists $f, which does not exist"
    status=1
  fi
done < po/POTFILES.in

# Every source that marks strings must be listed.
while read -r f; do
  if ! grep -qxF "$f" po/POTFILES.in; then
    echo "$f has translatable strings but is not in po/POTFILES.in"
    status=1
  fi
done < <(grep -rlE '(^|[^A-Za-z0-9_])(N?C?_|g_dngettext|ngettext)\(' src --include='*.c' | sort;
         grep -rl 'translatable="yes"' src ui --include='*.ui' 2>/dev/null | sort)

grep -vE '^(#|$)' po/POTFILES.in > "$tmp/files"
xgettext --from-code=UTF-8 --add-comments=Translators -o "$tmp/motcua.pot" \
  --files-from="$tmp/files" --directory="$top" \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 --keyword=g_dpgettext2:2c,3 \
  --flag=g_strdup_printf:1:c-format --flag=g_string_printf:2:c-format \
  --flag=g_set_error:4:c-format --flag=g_prefix_error:2:c-format \
  2> "$tmp/xgettext.err" || { cat "$tmp/xgettext.err"; exit 1; }

msgmerge --quiet --no-fuzzy-matching -o "$tmp/merged.po" po/vi.po "$tmp/motcua.pot" || exit 1
stats=$(LC_ALL=C msgfmt --statistics -o /dev/null "$tmp/merged.po" 2>&1)
echo "against the sources: $stats"
if echo "$stats" | grep -qE 'untranslated|fuzzy'; then
  echo "Strings of the sources that vi.po does not translate:"
  msgattrib --untranslated --no-obsolete "$tmp/merged.po" | grep -A1 '^msgid' | grep -v '^--' | head -60
  status=1
fi

own=$(LC_ALL=C msgfmt -c --statistics -o /dev/null po/vi.po 2>&1) || { echo "$own"; status=1; }
echo "po/vi.po: $own"
if echo "$own" | grep -qE 'untranslated|fuzzy'; then
  echo "po/vi.po has fuzzy or untranslated entries"
  status=1
fi
exit $status
