/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-dossier-code.h"
#include "mc-test.h"

typedef struct {
  const char *code;
  const char *agency;
  int         year;
  int         month;
  int         day;
  guint       number;
} ValidCode;

static const ValidCode valid_codes[] = {
  /* domain.md §4 */
  { "000.00.06.H56-231027-0361", "000.00.06.H56", 2023, 10, 27, 361 },
  { "000.00.20.H12-250701-0001", "000.00.20.H12", 2025, 7, 1, 1 },
  { "000.00.20.H12-261231-9999", "000.00.20.H12", 2026, 12, 31, 9999 },
  /* Leap days, the first and last days of the century. */
  { "000.00.06.H56-240229-0042", "000.00.06.H56", 2024, 2, 29, 42 },
  { "000.00.06.H56-000229-0001", "000.00.06.H56", 2000, 2, 29, 1 },
  { "000.00.06.H56-000101-0001", "000.00.06.H56", 2000, 1, 1, 1 },
  { "000.00.06.H56-991231-0100", "000.00.06.H56", 2099, 12, 31, 100 },
  /* The general dotted form: fewer or more groups, other top-level bodies. */
  { "00.H56-231027-0361", "00.H56", 2023, 10, 27, 361 },
  { "000.00.H01-231027-1000", "000.00.H01", 2023, 10, 27, 1000 },
  { "001.02.03.04.G10-231027-0010", "001.02.03.04.G10", 2023, 10, 27, 10 },
  { "000.00.00.A01-231027-0361", "000.00.00.A01", 2023, 10, 27, 361 },
  { "000.00.00.B123-231027-0361", "000.00.00.B123", 2023, 10, 27, 361 },
};

typedef struct {
  const char *code;
  int         error;
} InvalidCode;

static const InvalidCode invalid_codes[] = {
  { "", MC_DOSSIER_CODE_ERROR_MALFORMED },
  { "0361", MC_DOSSIER_CODE_ERROR_MALFORMED },
  { "231027-0361", MC_DOSSIER_CODE_ERROR_MALFORMED },
  { "-231027-0361", MC_DOSSIER_CODE_ERROR_MALFORMED },
  { "000.00.06.H56", MC_DOSSIER_CODE_ERROR_MALFORMED },
  { "000.00.06.H56 231027 0361", MC_DOSSIER_CODE_ERROR_MALFORMED },
  { "hello world", MC_DOSSIER_CODE_ERROR_MALFORMED },
  { "\xff\xfe-\xff", MC_DOSSIER_CODE_ERROR_MALFORMED },

  /* The agency id. */
  { "000.00.06.h56-231027-0361", MC_DOSSIER_CODE_ERROR_AGENCY },
  { "000.00.06.56-231027-0361", MC_DOSSIER_CODE_ERROR_AGENCY },
  { "000.00.06.HH6-231027-0361", MC_DOSSIER_CODE_ERROR_AGENCY },
  { "000.00.06.H5-231027-0361", MC_DOSSIER_CODE_ERROR_AGENCY },
  { "000.00.06.H5678-231027-0361", MC_DOSSIER_CODE_ERROR_AGENCY },
  { "000.00.06-231027-0361", MC_DOSSIER_CODE_ERROR_AGENCY },
  { "H56-231027-0361", MC_DOSSIER_CODE_ERROR_AGENCY },
  { ".000.00.06.H56-231027-0361", MC_DOSSIER_CODE_ERROR_AGENCY },
  { "000..00.06.H56-231027-0361", MC_DOSSIER_CODE_ERROR_AGENCY },
  { "0000.00.06.H56-231027-0361", MC_DOSSIER_CODE_ERROR_AGENCY },
  { "000.0.06.H56-231027-0361", MC_DOSSIER_CODE_ERROR_AGENCY },
  { "000.00.06.H56.-231027-0361", MC_DOSSIER_CODE_ERROR_AGENCY },
  { "000.00.06.H56 -231027-0361", MC_DOSSIER_CODE_ERROR_AGENCY },
  { " 000.00.06.H56-231027-0361", MC_DOSSIER_CODE_ERROR_AGENCY },
  { "000.00.00.00.00.H56-231027-0361", MC_DOSSIER_CODE_ERROR_AGENCY },
  { "000-00.06.H56-231027-0361", MC_DOSSIER_CODE_ERROR_AGENCY },
  { "000.00.06.Đ56-231027-0361", MC_DOSSIER_CODE_ERROR_AGENCY },
  { "000.00.06.\xffH56-231027-0361", MC_DOSSIER_CODE_ERROR_AGENCY },

  /* The date. */
  { "000.00.06.H56-230229-0361", MC_DOSSIER_CODE_ERROR_DATE },
  { "000.00.06.H56-231301-0361", MC_DOSSIER_CODE_ERROR_DATE },
  { "000.00.06.H56-231000-0361", MC_DOSSIER_CODE_ERROR_DATE },
  { "000.00.06.H56-231032-0361", MC_DOSSIER_CODE_ERROR_DATE },
  { "000.00.06.H56-230431-0361", MC_DOSSIER_CODE_ERROR_DATE },
  { "000.00.06.H56-230001-0361", MC_DOSSIER_CODE_ERROR_DATE },
  { "000.00.06.H56-2310270-0361", MC_DOSSIER_CODE_ERROR_DATE },
  { "000.00.06.H56-23127-0361", MC_DOSSIER_CODE_ERROR_DATE },
  { "000.00.06.H56-2310a7-0361", MC_DOSSIER_CODE_ERROR_DATE },
  { "000.00.06.H56--0361", MC_DOSSIER_CODE_ERROR_DATE },
  { "000.00.06.H56-20231027-0361", MC_DOSSIER_CODE_ERROR_DATE },
  { "000.00.06.H56-27-10-23-0361", MC_DOSSIER_CODE_ERROR_AGENCY },

  /* The number. */
  { "000.00.06.H56-231027-0000", MC_DOSSIER_CODE_ERROR_NUMBER },
  { "000.00.06.H56-231027-361", MC_DOSSIER_CODE_ERROR_NUMBER },
  { "000.00.06.H56-231027-03610", MC_DOSSIER_CODE_ERROR_NUMBER },
  { "000.00.06.H56-231027-", MC_DOSSIER_CODE_ERROR_NUMBER },
  { "000.00.06.H56-231027-03a1", MC_DOSSIER_CODE_ERROR_NUMBER },
  { "000.00.06.H56-231027-+361", MC_DOSSIER_CODE_ERROR_NUMBER },
  { "000.00.06.H56-231027- 361", MC_DOSSIER_CODE_ERROR_NUMBER },
  { "000.00.06.H56-231027-0361 ", MC_DOSSIER_CODE_ERROR_NUMBER },
  { "000.00.06.H56-231027-0361\n", MC_DOSSIER_CODE_ERROR_NUMBER },
  { "000.00.06.H56-231027-\xd9\xa0\xd9\xa3\xd9\xa6\xd9\xa1", MC_DOSSIER_CODE_ERROR_NUMBER },
};

static void
test_parse_valid (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (valid_codes); i++)
    {
      const ValidCode *v = &valid_codes[i];
      g_autoptr(GError) error = NULL;
      g_autofree char *again = NULL;
      McDossierCodeParts parts;

      memset (&parts, 0xAA, sizeof parts);
      g_assert_true (mc_dossier_code_parse (v->code, &parts, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (parts.agency_id, ==, v->agency);
      g_assert_cmpint (parts.year, ==, v->year);
      g_assert_cmpint (parts.month, ==, v->month);
      g_assert_cmpint (parts.day, ==, v->day);
      g_assert_cmpuint (parts.number, ==, v->number);
      g_assert_true (mc_dossier_code_agency_is_valid (v->agency));

      /* Validation only. */
      g_assert_true (mc_dossier_code_parse (v->code, NULL, NULL));

      again = mc_dossier_code_format (v->agency, v->year, v->month, v->day, v->number, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (again, ==, v->code);
    }
  g_test_message ("dossier code: %" G_GSIZE_FORMAT " valid vectors", G_N_ELEMENTS (valid_codes));
}

static void
test_parse_invalid (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (invalid_codes); i++)
    {
      g_autoptr(GError) error = NULL;
      McDossierCodeParts parts = { "untouched", 1, 2, 3, 4 };
      gboolean ok;

      ok = mc_dossier_code_parse (invalid_codes[i].code, &parts, &error);
      if (ok || !g_error_matches (error, MC_DOSSIER_CODE_ERROR, invalid_codes[i].error))
        g_error ("vector %" G_GSIZE_FORMAT " “%s”: expected error %d, got %s",
                 i, invalid_codes[i].code, invalid_codes[i].error,
                 error ? error->message : "success");
      /* The message quotes the input and stays valid UTF-8 whatever it was. */
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_cmpuint (strlen (error->message), >, 10);
      /* A failed parse leaves the output alone. */
      g_assert_cmpstr (parts.agency_id, ==, "untouched");
      g_assert_cmpuint (parts.number, ==, 4);

      g_assert_false (mc_dossier_code_parse (invalid_codes[i].code, NULL, NULL));
    }

  /* NULL is not a code either. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (mc_dossier_code_parse (NULL, NULL, &error));
    g_assert_error (error, MC_DOSSIER_CODE_ERROR, MC_DOSSIER_CODE_ERROR_MALFORMED);
  }

  /* A very long input is quoted short. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *junk = g_strnfill (10000, 'x');

    g_assert_false (mc_dossier_code_parse (junk, NULL, &error));
    g_assert_error (error, MC_DOSSIER_CODE_ERROR, MC_DOSSIER_CODE_ERROR_MALFORMED);
    g_assert_cmpuint (strlen (error->message), <, 400);
  }

  g_test_message ("dossier code: %" G_GSIZE_FORMAT " invalid vectors", G_N_ELEMENTS (invalid_codes));
}

typedef struct {
  const char *agency;
  int         year;
  int         month;
  int         day;
  guint       number;
  int         error;
} FormatCase;

static const FormatCase bad_formats[] = {
  { NULL, 2023, 10, 27, 1, MC_DOSSIER_CODE_ERROR_AGENCY },
  { "", 2023, 10, 27, 1, MC_DOSSIER_CODE_ERROR_AGENCY },
  { "000.00.06.H56-", 2023, 10, 27, 1, MC_DOSSIER_CODE_ERROR_AGENCY },
  { "000.00.06.h56", 2023, 10, 27, 1, MC_DOSSIER_CODE_ERROR_AGENCY },
  { "000.00.06.H56", 1999, 12, 31, 1, MC_DOSSIER_CODE_ERROR_DATE },
  { "000.00.06.H56", 2100, 1, 1, 1, MC_DOSSIER_CODE_ERROR_DATE },
  { "000.00.06.H56", 2023, 2, 29, 1, MC_DOSSIER_CODE_ERROR_DATE },
  { "000.00.06.H56", 2023, 0, 1, 1, MC_DOSSIER_CODE_ERROR_DATE },
  { "000.00.06.H56", 2023, 13, 1, 1, MC_DOSSIER_CODE_ERROR_DATE },
  { "000.00.06.H56", 2023, 4, 31, 1, MC_DOSSIER_CODE_ERROR_DATE },
  { "000.00.06.H56", 2023, 1, 0, 1, MC_DOSSIER_CODE_ERROR_DATE },
  { "000.00.06.H56", 2023, 1, -1, 1, MC_DOSSIER_CODE_ERROR_DATE },
  { "000.00.06.H56", 2023, 10, 27, 0, MC_DOSSIER_CODE_ERROR_NUMBER },
  { "000.00.06.H56", 2023, 10, 27, 10000, MC_DOSSIER_CODE_ERROR_NUMBER },
  { "000.00.06.H56", 2023, 10, 27, G_MAXUINT, MC_DOSSIER_CODE_ERROR_NUMBER },
};

static void
test_format_invalid (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (bad_formats); i++)
    {
      const FormatCase *f = &bad_formats[i];
      g_autoptr(GError) error = NULL;
      g_autofree char *code = mc_dossier_code_format (f->agency, f->year, f->month, f->day,
                                                      f->number, &error);

      g_assert_null (code);
      g_assert_error (error, MC_DOSSIER_CODE_ERROR, f->error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
}

/* Every number of a day and every day of the century go there and back. */
static void
test_round_trip (void)
{
  GDate date;
  guint n = 0;

  for (guint number = 1; number <= 9999; number++)
    {
      g_autofree char *code = mc_dossier_code_format ("000.00.06.H56", 2023, 10, 27, number, NULL);
      McDossierCodeParts parts;

      g_assert_nonnull (code);
      g_assert_cmpuint (strlen (code), ==, strlen ("000.00.06.H56-231027-0361"));
      g_assert_true (mc_dossier_code_parse (code, &parts, NULL));
      g_assert_cmpuint (parts.number, ==, number);
      n++;
    }

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_JANUARY, 2000);
  while (g_date_get_year (&date) <= 2099)
    {
      int y = g_date_get_year (&date);
      int m = g_date_get_month (&date);
      int d = g_date_get_day (&date);
      g_autofree char *code = mc_dossier_code_format ("000.00.20.H12", y, m, d, 7, NULL);
      McDossierCodeParts parts;

      g_assert_nonnull (code);
      g_assert_true (mc_dossier_code_parse (code, &parts, NULL));
      g_assert_cmpint (parts.year, ==, y);
      g_assert_cmpint (parts.month, ==, m);
      g_assert_cmpint (parts.day, ==, d);
      g_assert_cmpstr (parts.agency_id, ==, "000.00.20.H12");
      g_date_add_days (&date, 1);
      n++;
    }

  g_test_message ("dossier code: %u round trips", n);
}

/* The day of a code is the province's day, at +07:00. */
static void
test_format_at (void)
{
  static const struct {
    gint64      at;
    const char *code;
  } cases[] = {
    /* 2023-10-27T09:32:00+07:00, domain.md §6 */
    { 1698373920, "000.00.06.H56-231027-0361" },
    /* 2023-10-26T17:00:00Z is already 00:00 on the 27th in the province. */
    { 1698339600, "000.00.06.H56-231027-0361" },
    /* One second earlier it is still the 26th. */
    { 1698339599, "000.00.06.H56-231026-0361" },
    /* 2000-01-01T00:00:00+07:00 and 2099-12-31T23:59:59+07:00 */
    { 946659600, "000.00.06.H56-000101-0361" },
    { 4102419599, "000.00.06.H56-991231-0361" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *code = mc_dossier_code_format_at ("000.00.06.H56", cases[i].at, 361, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (code, ==, cases[i].code);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *before = mc_dossier_code_format_at ("000.00.06.H56", 946659599, 1, &error);

    g_assert_null (before);
    g_assert_error (error, MC_DOSSIER_CODE_ERROR, MC_DOSSIER_CODE_ERROR_DATE);
    g_clear_error (&error);
    g_assert_null (mc_dossier_code_format_at ("000.00.06.H56", 4102419600, 1, &error));
    g_assert_error (error, MC_DOSSIER_CODE_ERROR, MC_DOSSIER_CODE_ERROR_DATE);
    g_clear_error (&error);
    g_assert_null (mc_dossier_code_format_at ("000.00.06.H56", G_MININT64, 1, &error));
    g_assert_error (error, MC_DOSSIER_CODE_ERROR, MC_DOSSIER_CODE_ERROR_DATE);
    g_clear_error (&error);
    g_assert_null (mc_dossier_code_format_at ("000.00.06.H56", G_MAXINT64, 1, &error));
    g_assert_error (error, MC_DOSSIER_CODE_ERROR, MC_DOSSIER_CODE_ERROR_DATE);
  }
}

static void
test_agency (void)
{
  static const char *const good[] = {
    "000.00.06.H56", "000.00.20.H12", "00.H56", "001.02.03.04.G10", "000.00.00.B123",
  };
  static const char *const bad[] = {
    NULL, "", "H56", "000.00.06", "000.00.06.", "000.00.06.H5", "000.00.06.h56",
    "000.00.06.H56 ", "000.00.06.H56\n", "a.b.c.H56", "000.00.06.H56.07",
    "000.00.06.H56-", "0000000000000000000.H56", "000.000.000.000.000.H56",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (mc_dossier_code_agency_is_valid (good[i]));
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (mc_dossier_code_agency_is_valid (bad[i]));
}

int
main (int    argc,
      char **argv)
{
  mc_test_init (&argc, &argv);

  g_test_add_func ("/core/dossier-code/parse-valid", test_parse_valid);
  g_test_add_func ("/core/dossier-code/parse-invalid", test_parse_invalid);
  g_test_add_func ("/core/dossier-code/format-invalid", test_format_invalid);
  g_test_add_func ("/core/dossier-code/round-trip", test_round_trip);
  g_test_add_func ("/core/dossier-code/format-at", test_format_at);
  g_test_add_func ("/core/dossier-code/agency", test_agency);

  return g_test_run ();
}
