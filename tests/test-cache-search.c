/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "cache-fixtures.h"
#include "mc-fold.h"
#include "mc-test.h"

/* The golden set: (query, dossier) pairs that must match or must not.
 * The dossiers are few and hand-made so that every expectation is
 * obvious; the folding itself is tested in test-fold.c. */

typedef struct {
  const char *key;     /* our handle on the dossier */
  const char *name;
  const char *code;
  const char *id_number;
  const char *phone;
  const char *address;
} Person;

static const Person people[] = {
  { "duc", "Đặng Văn Đức", "000.00.20.H56-260105-0001", "001089012345", "0912 345 678", "Số 5 Lê Lợi, phường Phú Hội" },
  { "yen", "Nguyễn Thị Hải Yến", "000.00.20.H56-260105-0002", "046190000777", "0905111222", "Tổ 3, Kim Long" },
  { "org", "Công ty TNHH Thương mại Ánh Dương", "000.00.06.H56-251231-0361", NULL, "+84 234 3822 111", "Khu công nghiệp Phú Bài" },
  { "quynh", "Trương Ngọc Quỳnh", NULL, "079301009999", NULL, NULL },
  { "ong", "Ông Ích Khiêm", "000.00.20.H56-260106-0001", "038200000001", NULL, NULL },
};

/* The vowels with every tone: a dossier per toned letter, named
 * "K<letter>t <tag>" with a tag word unique to it. */
static const char * const toned[] = {
  "ă", "ắ", "ằ", "ẳ", "ẵ", "ặ",
  "â", "ấ", "ầ", "ẩ", "ẫ", "ậ",
  "ê", "ế", "ề", "ể", "ễ", "ệ",
  "ô", "ố", "ồ", "ổ", "ỗ", "ộ",
  "ơ", "ớ", "ờ", "ở", "ỡ", "ợ",
  "ư", "ứ", "ừ", "ử", "ữ", "ự",
};
static const char bases[] = "aaeoou";

static McCache *cache;
static char *tmpdir;
static GHashTable *id_by_key;   /* key → dossier id */
static guint n_pairs;

static void
populate (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) items = json_array_new ();
  guint64 i = 0;

  /* Shared by the tests of this program, so outside their own folders. */
  tmpdir = g_dir_make_tmp ("motcua-search-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (tmpdir, "search.db", NULL);

  cache = mc_cache_open (path, &error);
  g_assert_no_error (error);
  id_by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint k = 0; k < G_N_ELEMENTS (people); k++, i++)
    {
      g_autofree char *id = fixture_uuid (i);
      FixtureDossier f = { id, people[k].code, people[k].name, people[k].id_number, people[k].phone,
                           people[k].address, MC_STATUS_RECEIVED, "dept-tp", NULL, "proc-x",
                           1767225600 + (gint64) i * 60, MC_TIME_NONE, 1 };

      json_array_add_element (items, fixture_item ("dossier", i + 1, fixture_dossier_json (&f, FALSE)));
      g_hash_table_insert (id_by_key, g_strdup (people[k].key), g_strdup (id));
    }
  for (guint k = 0; k < G_N_ELEMENTS (toned); k++, i++)
    {
      g_autofree char *id = fixture_uuid (i);
      g_autofree char *name = g_strdup_printf ("Lâm K%st Tag%c%c", toned[k], 'a' + k / 26, 'a' + k % 26);
      FixtureDossier f = { id, NULL, name, NULL, NULL, NULL, MC_STATUS_RECEIVED, "dept-tp", NULL, "proc-x",
                           1767225600 + (gint64) i * 60, MC_TIME_NONE, 1 };

      json_array_add_element (items, fixture_item ("dossier", i + 1, fixture_dossier_json (&f, FALSE)));
      g_hash_table_insert (id_by_key, g_strdup (toned[k]), g_strdup (id));
    }
  g_assert_true (mc_cache_apply_page (cache, items, "c", NULL, &error));
  g_assert_no_error (error);
}

static gboolean
finds (const char *query,
       const char *key)
{
  g_autoptr(McCacheQuery) q = mc_cache_query_new ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = g_hash_table_lookup (id_by_key, key);
  guint n;

  g_assert_nonnull (id);
  q->text = g_strdup (query);
  rows = mc_cache_query_page (cache, q, NULL, 500, &error);
  g_assert_no_error (error);
  g_assert_true (mc_cache_count (cache, q, &n, &error));
  g_assert_cmpuint (n, ==, rows->len);
  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (mc_dossier_row_get_id (g_ptr_array_index (rows, i)), id))
      return TRUE;
  return FALSE;
}

static void
expect (const char *query,
        const char *key,
        gboolean    match)
{
  n_pairs++;
  if (finds (query, key) != match)
    g_error ("“%s” %s “%s”", query, match ? "does not find" : "finds", key);
}

static void
test_golden (void)
{
  static const struct { const char *query; const char *key; gboolean match; } pairs[] = {
    /* đ/Đ and tones, every spelling */
    { "dang van duc", "duc", TRUE }, { "Đặng Văn Đức", "duc", TRUE }, { "ĐẶNG VĂN ĐỨC", "duc", TRUE },
    { "đặng", "duc", TRUE }, { "DANG", "duc", TRUE }, { "duc", "duc", TRUE }, { "Đ", "duc", TRUE },
    { "đ", "duc", TRUE }, { "da", "duc", TRUE }, { "dan", "duc", TRUE }, { "dang duc", "duc", TRUE },
    { "duc dang", "duc", TRUE }, { "  dang   van  ", "duc", TRUE }, { "Ðặng", "duc", TRUE },
    { "D\xcc\x86" "a", "duc", TRUE }, { "dac", "duc", FALSE }, { "dang thi", "duc", FALSE },
    { "nguyen thi hai yen", "yen", TRUE }, { "Nguyễn Thị Hải Yến", "yen", TRUE }, { "hai yen", "yen", TRUE },
    { "yến", "yen", TRUE }, { "YEN", "yen", TRUE }, { "ye", "yen", TRUE }, { "ng yen", "yen", TRUE },
    { "nguyen van", "yen", FALSE }, { "hai yem", "yen", FALSE },
    { "anh duong", "org", TRUE }, { "ánh dương", "org", TRUE }, { "cong ty", "org", TRUE },
    { "tnhh", "org", TRUE }, { "thuong mai", "org", TRUE }, { "THƯƠNG MẠI", "org", TRUE },
    { "truong ngoc quynh", "quynh", TRUE }, { "quỳnh", "quynh", TRUE }, { "QUỲNH", "quynh", TRUE },
    { "quy", "quynh", TRUE }, { "trương", "quynh", TRUE }, { "truong quynh ngoc", "quynh", TRUE },
    { "ong ich khiem", "ong", TRUE }, { "Ông Ích Khiêm", "ong", TRUE }, { "ich", "ong", TRUE },
    { "khiêm", "ong", TRUE }, { "khiem ong", "ong", TRUE }, { "khim", "ong", FALSE },
    /* codes, full and prefix, any case */
    { "000.00.20.H56-260105-0001", "duc", TRUE }, { "000.00.20.h56-260105-0001", "duc", TRUE },
    { "000.00.20.H56-260105", "duc", TRUE }, { "000.00.20.H56-260105", "yen", TRUE },
    { "000.00.20.H56-260105-0002", "duc", FALSE }, { "000.00.20.H56-260105-0002", "yen", TRUE },
    { "000.00.20", "ong", TRUE }, { "000.00.06", "org", TRUE }, { "000.00.06", "duc", FALSE },
    { "000.00.06.H56-251231-0361", "org", TRUE }, { "000.00.20.H56-260106", "ong", TRUE },
    { "000.00.20.H56-260106", "duc", FALSE },
    /* citizen ids, full and prefix; phones however written */
    { "001089012345", "duc", TRUE }, { "00108901", "duc", TRUE }, { "0010", "duc", TRUE },
    { "001089012346", "duc", FALSE }, { "046190000777", "yen", TRUE }, { "0461", "yen", TRUE },
    { "079301009999", "quynh", TRUE }, { "0793", "quynh", TRUE }, { "038200000001", "ong", TRUE },
    { "0912345678", "duc", TRUE }, { "0912", "duc", TRUE }, { "0905111222", "yen", TRUE },
    { "842343822111", "org", TRUE }, { "0912345679", "duc", FALSE },
    /* addresses */
    { "le loi", "duc", TRUE }, { "phú hội", "duc", TRUE }, { "kim long", "yen", TRUE },
    { "phu bai", "org", TRUE }, { "phu bai", "duc", FALSE },
    /* multi-word across fields */
    { "dang 0912", "duc", TRUE }, { "yen kim long", "yen", TRUE }, { "duc 000.00.20", "duc", TRUE },
    { "duc 000.00.06", "duc", FALSE },
    /* non-matches */
    { "xyz", "duc", FALSE }, { "qqq", "yen", FALSE }, { "9999999999999", "quynh", FALSE },
    { "đặng văn đức x", "duc", FALSE }, { "nguyễn", "duc", FALSE },
  };
  char nfd[64];

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    expect (pairs[i].query, pairs[i].key, pairs[i].match);

  /* NFD spellings of the names. */
  {
    g_autofree char *d1 = g_utf8_normalize ("Đặng Văn Đức", -1, G_NORMALIZE_NFD);
    g_autofree char *d2 = g_utf8_normalize ("Nguyễn Thị Hải Yến", -1, G_NORMALIZE_NFD);
    g_autofree char *d3 = g_utf8_normalize ("QUỲNH", -1, G_NORMALIZE_NFD);

    expect (d1, "duc", TRUE);
    expect (d2, "yen", TRUE);
    expect (d3, "quynh", TRUE);
    expect (d1, "yen", FALSE);
  }

  /* Every tone on ă â ê ô ơ ư: bare, toned, upper case, NFD; and a
   * different vowel never matches. */
  for (guint k = 0; k < G_N_ELEMENTS (toned); k++)
    {
      g_autofree char *ascii = g_strdup_printf ("k%ct", bases[k / 6]);
      g_autofree char *exact = g_strdup_printf ("K%st", toned[k]);
      g_autofree char *upper = g_utf8_strup (exact, -1);
      g_autofree char *decomposed = g_utf8_normalize (exact, -1, G_NORMALIZE_NFD);
      g_autofree char *other = g_strdup_printf ("k%ct", bases[k / 6] == 'a' ? 'i' : 'a');
      g_autofree char *with_tag = g_strdup_printf ("lam %s tag%c%c", ascii, 'a' + k / 26, 'a' + k % 26);

      expect (ascii, toned[k], TRUE);
      expect (exact, toned[k], TRUE);
      expect (upper, toned[k], TRUE);
      expect (decomposed, toned[k], TRUE);
      expect (other, toned[k], FALSE);
      expect (with_tag, toned[k], TRUE);
      g_snprintf (nfd, sizeof nfd, "%s kz", exact);
      expect (nfd, toned[k], FALSE);
    }

  g_test_message ("%u golden pairs", n_pairs);
  g_assert_cmpuint (n_pairs, >=, 200);
}

static void
test_syntax (void)
{
  static const char * const queries[] = {
    "\"", "\"\"", "*", "dang*", "(", ")", "(dang", "dang)", "-", "-dang", "dang -van", ":", "search:dang",
    "^", "^dang", "OR", "dang OR duc", "NEAR", "NEAR(dang duc)", "AND", "NOT", "dang NOT duc",
    "\"dang", "d\"a\"ng", "+", "{search}:x", "[]", "'", "\\", ";", "dang; DROP TABLE dossiers;--",
    "\xe2\x80\x8b", "\t\n", "", "   ", "%", "_", "dang%", "\xef\xbc\xa4\xef\xbc\xa1", "..", "-.-",
  };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(McCacheQuery) q = mc_cache_query_new ();
      g_autoptr(GPtrArray) rows = NULL;
      g_autoptr(GError) error = NULL;
      guint n;

      q->text = g_strdup (queries[i]);
      rows = mc_cache_query_page (cache, q, NULL, 50, &error);
      g_assert_no_error (error);
      g_assert_true (mc_cache_count (cache, q, &n, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (n, >=, rows->len);
    }
  /* Operators are words like any other: "dang OR" wants a word "or…". */
  g_assert_false (finds ("dang OR duc", "duc"));
  g_assert_true (finds ("(dang) \"duc\"", "duc"));
  g_assert_cmpuint (mc_cache_get_n_dossiers (cache, NULL), ==, G_N_ELEMENTS (people) + G_N_ELEMENTS (toned));
}

static void
test_match_string (void)
{
  g_autofree char *a = mc_cache_build_match ("Đặng  \"Văn\" (ĐỨC*)");
  g_autofree char *b = mc_cache_build_match (" ;:^ ");

  g_assert_cmpstr (a, ==, "\"dang\"* \"van\"* \"duc\"*");
  g_assert_null (b);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  mc_test_init (&argc, &argv);
  populate ();

  g_test_add_func ("/core/cache-search/golden", test_golden);
  g_test_add_func ("/core/cache-search/syntax", test_syntax);
  g_test_add_func ("/core/cache-search/match-string", test_match_string);

  ret = g_test_run ();
  g_clear_object (&cache);
  g_clear_pointer (&id_by_key, g_hash_table_unref);
  {
    const char *suffixes[] = { "", "-wal", "-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *file = g_strconcat (tmpdir, "/search.db", suffixes[i], NULL);

        g_unlink (file);
      }
    g_rmdir (tmpdir);
    g_free (tmpdir);
  }
  return ret;
}
