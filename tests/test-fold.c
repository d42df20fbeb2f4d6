/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-fold.h"
#include "mc-test.h"

typedef struct {
  const char *input;
  const char *folded;
} Pair;

/* The golden table. Inputs are NFC unless said otherwise; every one of them
 * is also folded in NFD and must give the same key. */
static const Pair golden[] = {
  /* Every tone on every vowel: the five tone marks over the twelve vowel
   * letters, small and capital. */
  /* a: sắc huyền hỏi ngã nặng, then capitals */
  { "á", "a" }, { "à", "a" }, { "ả", "a" }, { "ã", "a" }, { "ạ", "a" },
  { "Á", "a" }, { "À", "a" }, { "Ả", "a" }, { "Ã", "a" }, { "Ạ", "a" },
  /* ă: sắc huyền hỏi ngã nặng, then capitals */
  { "ắ", "a" }, { "ằ", "a" }, { "ẳ", "a" }, { "ẵ", "a" }, { "ặ", "a" },
  { "Ắ", "a" }, { "Ằ", "a" }, { "Ẳ", "a" }, { "Ẵ", "a" }, { "Ặ", "a" },
  /* â: sắc huyền hỏi ngã nặng, then capitals */
  { "ấ", "a" }, { "ầ", "a" }, { "ẩ", "a" }, { "ẫ", "a" }, { "ậ", "a" },
  { "Ấ", "a" }, { "Ầ", "a" }, { "Ẩ", "a" }, { "Ẫ", "a" }, { "Ậ", "a" },
  /* e: sắc huyền hỏi ngã nặng, then capitals */
  { "é", "e" }, { "è", "e" }, { "ẻ", "e" }, { "ẽ", "e" }, { "ẹ", "e" },
  { "É", "e" }, { "È", "e" }, { "Ẻ", "e" }, { "Ẽ", "e" }, { "Ẹ", "e" },
  /* ê: sắc huyền hỏi ngã nặng, then capitals */
  { "ế", "e" }, { "ề", "e" }, { "ể", "e" }, { "ễ", "e" }, { "ệ", "e" },
  { "Ế", "e" }, { "Ề", "e" }, { "Ể", "e" }, { "Ễ", "e" }, { "Ệ", "e" },
  /* i: sắc huyền hỏi ngã nặng, then capitals */
  { "í", "i" }, { "ì", "i" }, { "ỉ", "i" }, { "ĩ", "i" }, { "ị", "i" },
  { "Í", "i" }, { "Ì", "i" }, { "Ỉ", "i" }, { "Ĩ", "i" }, { "Ị", "i" },
  /* o: sắc huyền hỏi ngã nặng, then capitals */
  { "ó", "o" }, { "ò", "o" }, { "ỏ", "o" }, { "õ", "o" }, { "ọ", "o" },
  { "Ó", "o" }, { "Ò", "o" }, { "Ỏ", "o" }, { "Õ", "o" }, { "Ọ", "o" },
  /* ô: sắc huyền hỏi ngã nặng, then capitals */
  { "ố", "o" }, { "ồ", "o" }, { "ổ", "o" }, { "ỗ", "o" }, { "ộ", "o" },
  { "Ố", "o" }, { "Ồ", "o" }, { "Ổ", "o" }, { "Ỗ", "o" }, { "Ộ", "o" },
  /* ơ: sắc huyền hỏi ngã nặng, then capitals */
  { "ớ", "o" }, { "ờ", "o" }, { "ở", "o" }, { "ỡ", "o" }, { "ợ", "o" },
  { "Ớ", "o" }, { "Ờ", "o" }, { "Ở", "o" }, { "Ỡ", "o" }, { "Ợ", "o" },
  /* u: sắc huyền hỏi ngã nặng, then capitals */
  { "ú", "u" }, { "ù", "u" }, { "ủ", "u" }, { "ũ", "u" }, { "ụ", "u" },
  { "Ú", "u" }, { "Ù", "u" }, { "Ủ", "u" }, { "Ũ", "u" }, { "Ụ", "u" },
  /* ư: sắc huyền hỏi ngã nặng, then capitals */
  { "ứ", "u" }, { "ừ", "u" }, { "ử", "u" }, { "ữ", "u" }, { "ự", "u" },
  { "Ứ", "u" }, { "Ừ", "u" }, { "Ử", "u" }, { "Ữ", "u" }, { "Ự", "u" },
  /* y: sắc huyền hỏi ngã nặng, then capitals */
  { "ý", "y" }, { "ỳ", "y" }, { "ỷ", "y" }, { "ỹ", "y" }, { "ỵ", "y" },
  { "Ý", "y" }, { "Ỳ", "y" }, { "Ỷ", "y" }, { "Ỹ", "y" }, { "Ỵ", "y" },

  /* The vowels with a breve, circumflex or horn and no tone. */
  { "ă", "a" }, { "â", "a" }, { "ê", "e" }, { "ô", "o" }, { "ơ", "o" }, { "ư", "u" },
  { "Ă", "a" }, { "Â", "a" }, { "Ê", "e" }, { "Ô", "o" }, { "Ơ", "o" }, { "Ư", "u" },
  { "a", "a" }, { "A", "a" }, { "y", "y" }, { "Y", "y" },

  /* đ has no decomposition; its look-alikes from legacy converters. */
  { "đ", "d" }, { "Đ", "d" }, { "Ð", "d" }, { "ð", "d" }, { "Ɖ", "d" }, { "ɖ", "d" },
  { "Đức", "duc" }, { "đường", "duong" }, { "ĐỖ ĐĂNG ĐỊNH", "do dang dinh" },
  { "Ðặng", "dang" },

  /* Names and words as they are typed at the counter. */
  { "Nguyễn Văn Đức", "nguyen van duc" },
  { "NGUYỄN VĂN ĐỨC", "nguyen van duc" },
  { "nguyen van duc", "nguyen van duc" },
  { "Trần Thị Thu Hương", "tran thi thu huong" },
  { "Lê Hoàng Yến", "le hoang yen" },
  { "Phạm Quỳnh Anh", "pham quynh anh" },
  { "Hồ Ngọc Đức", "ho ngoc duc" },
  { "Vũ Thị Ngọc Ánh", "vu thi ngoc anh" },
  { "Bùi Xuân Trường", "bui xuan truong" },
  { "Huỳnh Ưng Thuận", "huynh ung thuan" },
  { "Ông Ích Khiêm", "ong ich khiem" },
  { "Ứng Hòa", "ung hoa" },
  { "Thừa Thiên Huế", "thua thien hue" },
  { "Bà Rịa – Vũng Tàu", "ba ria – vung tau" },
  { "Đăng ký khai sinh", "dang ky khai sinh" },
  { "Cấp giấy phép xây dựng nhà ở riêng lẻ", "cap giay phep xay dung nha o rieng le" },
  { "Chứng thực bản sao từ bản chính", "chung thuc ban sao tu ban chinh" },
  { "Giải quyết hưởng BHXH một lần", "giai quyet huong bhxh mot lan" },
  { "Sở Văn hóa, Thể thao và Du lịch", "so van hoa, the thao va du lich" },
  { "Sở Nông nghiệp và Môi trường", "so nong nghiep va moi truong" },
  { "Phòng ĐKKD", "phong dkkd" },
  { "khuỷu tay", "khuyu tay" },
  { "nghiêng ngả", "nghieng nga" },
  { "Quốc lộ 1A", "quoc lo 1a" },
  /* The old and the new tone placement (hòa, hoà) meet in the key. */
  { "hòa", "hoa" }, { "hoà", "hoa" }, { "thủy", "thuy" }, { "thuỷ", "thuy" },

  /* White space: collapsed to one space, none at either end. */
  { "  Nguyễn   Văn  Đức  ", "nguyen van duc" },
  { "Nguyễn\tVăn\nĐức", "nguyen van duc" },
  { "Nguyễn\r\n\r\nVăn\v\fĐức", "nguyen van duc" },
  { "Nguyễn\u00A0Văn\u2003Đức", "nguyen van duc" },
  { "Nguyễn\u3000Văn\u2028Đức\u2029", "nguyen van duc" },
  { " \t\n ", "" },
  { "", "" },
  { "a  b", "a b" },
  /* Invisible characters pasted from documents and web pages go. */
  { "Nguy\u00ADễn", "nguyen" },
  { "Nguy\u200Bễn", "nguyen" },
  { "\uFEFFNguyễn", "nguyen" },
  { "Văn\u200DĐức", "vanduc" },
  { "abc\x01\x1f\x7f" "def", "abcdef" },

  /* Digits and codes keep their digits and punctuation. */
  { "000.00.06.H56-231027-0361", "000.00.06.h56-231027-0361" },
  { "1.001612", "1.001612" },
  { "0912 345 678", "0912 345 678" },
  { "001088012345", "001088012345" },
  { "Số 12/2025/QĐ-UBND", "so 12/2025/qd-ubnd" },
  { "135.000 đồng", "135.000 dong" },
  { "2.000.000", "2.000.000" },
  { "user@example.vn", "user@example.vn" },
  /* Compatibility forms: full-width digits from some input methods. */
  { "０９１２", "0912" },
  { "ﬁle", "file" },
  { "Ｈ５６", "h56" },
  { "㎒", "mhz" },

  /* Decomposed (NFD) input, as macOS and some keyboards send it. */
  { "Nguye\u0302\u0303n Va\u0306n \u0110u\u031B\u0301c", "nguyen van duc" },
  { "Tra\u0302\u0300n Thi\u0323", "tran thi" },
  { "Hu\u031Bo\u031B\u0300ng", "huong" },
  { "O\u031B\u0309", "o" },
  { "Y\u0303", "y" },
  { "A\u0306\u0323", "a" },
  /* Marks in a non-canonical order still all go. */
  { "e\u0303\u0302", "e" },
  { "a\u0323\u0306", "a" },

  /* Other scripts and case rules. */
  { "Straße", "strasse" },
  { "ÉCOLE", "ecole" },
  { "İstanbul", "istanbul" },
  { "ΣΟΦΊΑ", "σοφια" },

  /* Bytes that are not UTF-8 are dropped; nothing is read past them. */
  { "\xff", "" },
  { "abc\xff" "def", "abcdef" },
  { "Nguy\xe1\xbb", "nguy" },
  { "Nguy\xe1\xbb\x85n", "nguyen" },
  { "\xc0\xaf", "" },
  { "\xed\xa0\x80" "x", "x" },
  { "\xf8\x88\x80\x80\x80", "" },
  { "\xc3\x28", "(" },
  { "\xe1\xbb", "" },
  { "Đ\x80ức", "duc" },
  { "\xfe\xfe\xff\xff", "" },
  { "  \xff  a", "a" },
};

static void
test_golden (void)
{
  guint n = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (golden); i++)
    {
      g_autofree char *folded = mc_fold (golden[i].input);

      if (g_strcmp0 (folded, golden[i].folded) != 0)
        g_error ("pair %" G_GSIZE_FORMAT ": “%s” folded to “%s”, expected “%s”",
                 i, golden[i].input, folded, golden[i].folded);
      g_assert_true (g_utf8_validate (folded, -1, NULL));
      n++;

      /* NFD, NFC and NFKC spellings of the same text give the same key. */
      if (g_utf8_validate (golden[i].input, -1, NULL))
        {
          static const GNormalizeMode modes[] = {
            G_NORMALIZE_NFD, G_NORMALIZE_NFC, G_NORMALIZE_NFKC, G_NORMALIZE_NFKD,
          };

          for (gsize m = 0; m < G_N_ELEMENTS (modes); m++)
            {
              g_autofree char *normalized = g_utf8_normalize (golden[i].input, -1, modes[m]);
              g_autofree char *again = mc_fold (normalized);

              g_assert_cmpstr (again, ==, golden[i].folded);
              n++;
            }
        }

      /* Folding is idempotent: a key folds to itself. */
      {
        g_autofree char *twice = mc_fold (folded);

        g_assert_cmpstr (twice, ==, folded);
        n++;
      }
    }

  g_assert_cmpuint (G_N_ELEMENTS (golden), >=, 150);
  g_test_message ("fold: %" G_GSIZE_FORMAT " golden pairs, %u assertions",
                  G_N_ELEMENTS (golden), n);
}

/* What the search box promises: typing without diacritics finds the name. */
static void
test_search_matches (void)
{
  static const struct {
    const char *haystack;
    const char *typed;
  } matches[] = {
    { "Nguyễn Văn Đức", "nguyen van duc" },
    { "Nguyễn Văn Đức", "van duc" },
    { "Nguyễn Văn Đức", "NGUYEN" },
    { "Nguyễn Văn Đức", "Đức" },
    { "Nguye\u0302\u0303n Va\u0306n \u0110u\u031B\u0301c", "Nguyễn Văn Đức" },
    { "Cấp Phiếu lý lịch tư pháp", "ly lich tu phap" },
    { "Đăng ký thường trú", "dang ky  thuong tru" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (matches); i++)
    {
      g_autofree char *key = mc_fold (matches[i].haystack);
      g_autofree char *typed = mc_fold (matches[i].typed);

      g_assert_nonnull (strstr (key, typed));
    }
}

/* The fast path for ASCII must answer what the general path answers. A
 * trailing combining mark forces the general path and folds to nothing. */
static void
test_ascii_path (void)
{
  guint n = 0;

  for (int a = 1; a < 0x80; a++)
    for (int b = 1; b < 0x80; b++)
      {
        char ascii[4] = { (char) a, ' ', (char) b, '\0' };
        g_autofree char *general_input = g_strconcat (ascii, "\u0301", NULL);
        g_autofree char *fast = mc_fold (ascii);
        g_autofree char *general = mc_fold (general_input);

        g_assert_cmpstr (fast, ==, general);
        n++;
      }
  g_test_message ("fold: %u ASCII pairs compared across both paths", n);
}

static void
test_len (void)
{
  static const char with_nul[] = "Văn\0Đức";
  g_autofree char *prefix = mc_fold_len ("Nguyễn Văn", 9);
  g_autofree char *cut = mc_fold_len ("Nguyễn", 6);
  g_autofree char *whole = mc_fold_len (with_nul, sizeof with_nul - 1);
  g_autofree char *empty = mc_fold_len (NULL, 0);
  g_autofree char *ascii = mc_fold_len ("ABC\0DEF", 7);

  /* "Nguyễn V": ễ is three bytes. */
  g_assert_cmpstr (prefix, ==, "nguyen");
  /* Cut in the middle of ễ: the half character is dropped. */
  g_assert_cmpstr (cut, ==, "nguy");
  /* A NUL inside the given length is dropped like any control character. */
  g_assert_cmpstr (whole, ==, "vanduc");
  g_assert_cmpstr (empty, ==, "");
  g_assert_cmpstr (ascii, ==, "abcdef");
}

/* Random bytes never crash it and always give valid UTF-8 without control
 * characters, double spaces or marks. */
static void
test_random_bytes (void)
{
  GRand *rand = g_rand_new_with_seed (20261121);

  for (guint i = 0; i < 20000; i++)
    {
      guint8 buf[48];
      gsize len = g_rand_int_range (rand, 0, sizeof buf);
      g_autofree char *folded = NULL;

      for (gsize k = 0; k < len; k++)
        {
          /* Mostly Vietnamese-looking UTF-8 lead and continuation bytes. */
          switch (g_rand_int_range (rand, 0, 4))
            {
            case 0: buf[k] = (guint8) g_rand_int_range (rand, 0x20, 0x7F); break;
            case 1: buf[k] = (guint8) g_rand_int_range (rand, 0x80, 0xC0); break;
            case 2: buf[k] = (guint8) g_rand_int_range (rand, 0xC0, 0xF8); break;
            default: buf[k] = (guint8) g_rand_int_range (rand, 0, 0x100); break;
            }
        }

      folded = mc_fold_len ((const char *) buf, (gssize) len);
      g_assert_nonnull (folded);
      g_assert_true (g_utf8_validate (folded, -1, NULL));
      g_assert_null (strstr (folded, "  "));
      if (folded[0] != '\0')
        {
          gsize flen = strlen (folded);

          g_assert_cmpint (folded[0], !=, ' ');
          g_assert_cmpint (folded[flen - 1], !=, ' ');
        }
      for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
        {
          GUnicodeType type = g_unichar_type (g_utf8_get_char (p));

          g_assert_cmpint (type, !=, G_UNICODE_NON_SPACING_MARK);
          g_assert_cmpint (type, !=, G_UNICODE_CONTROL);
          g_assert_cmpint (type, !=, G_UNICODE_FORMAT);
        }
    }

  g_rand_free (rand);
}

int
main (int    argc,
      char **argv)
{
  mc_test_init (&argc, &argv);

  g_test_add_func ("/core/fold/golden", test_golden);
  g_test_add_func ("/core/fold/search-matches", test_search_matches);
  g_test_add_func ("/core/fold/ascii-path", test_ascii_path);
  g_test_add_func ("/core/fold/len", test_len);
  g_test_add_func ("/core/fold/random-bytes", test_random_bytes);

  return g_test_run ();
}
