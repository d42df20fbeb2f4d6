/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mc-lunar.h"
#include "mc-test.h"

/* Tết (lunar 1/1) as the Vietnamese calendar has it. 1968, 1985 and 2007
 * are years where the Chinese calendar, computed for UTC+8, differs. */
static const struct { int year, month, day; } tet_vectors[] = {
  { 1968, 1, 29 }, { 1985, 1, 21 },
  { 2000, 2, 5 }, { 2001, 1, 24 }, { 2002, 2, 12 }, { 2003, 2, 1 }, { 2004, 1, 22 },
  { 2005, 2, 9 }, { 2006, 1, 29 }, { 2007, 2, 17 }, { 2008, 2, 7 }, { 2009, 1, 26 },
  { 2010, 2, 14 }, { 2011, 2, 3 }, { 2012, 1, 23 }, { 2013, 2, 10 }, { 2014, 1, 31 },
  { 2015, 2, 19 }, { 2016, 2, 8 }, { 2017, 1, 28 }, { 2018, 2, 16 }, { 2019, 2, 5 },
  { 2020, 1, 25 }, { 2021, 2, 12 }, { 2022, 2, 1 }, { 2023, 1, 22 }, { 2024, 2, 10 },
  { 2025, 1, 29 }, { 2026, 2, 17 }, { 2027, 2, 6 }, { 2028, 1, 26 },
};

/* Giỗ Tổ Hùng Vương, 10/3 lunar (domain.md §7). */
static const struct { int year, month, day; } gio_to_vectors[] = {
  { 2024, 4, 18 }, { 2025, 4, 7 }, { 2026, 4, 26 }, { 2027, 4, 16 },
};

/* Leap months of recent lunar years. */
static const struct { int year, leap; } leap_vectors[] = {
  { 2001, 4 }, { 2004, 2 }, { 2006, 7 }, { 2009, 5 }, { 2012, 4 }, { 2014, 9 },
  { 2017, 6 }, { 2020, 4 }, { 2023, 2 }, { 2025, 6 }, { 2028, 5 },
  { 2002, 0 }, { 2024, 0 }, { 2026, 0 }, { 2027, 0 },
};

static void
test_tet (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (tet_vectors); i++)
    {
      McLunarDate lunar = { tet_vectors[i].year, 1, 1, FALSE };
      McLunarDate back;
      int y, m, d;

      g_assert_true (mc_lunar_to_solar (&lunar, &y, &m, &d));
      g_assert_cmpint (y, ==, tet_vectors[i].year);
      g_assert_cmpint (m, ==, tet_vectors[i].month);
      g_assert_cmpint (d, ==, tet_vectors[i].day);

      g_assert_true (mc_lunar_from_solar (y, m, d, &back));
      g_assert_cmpint (back.year, ==, tet_vectors[i].year);
      g_assert_cmpint (back.month, ==, 1);
      g_assert_cmpint (back.day, ==, 1);
      g_assert_false (back.leap);
    }
}

static void
test_gio_to (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (gio_to_vectors); i++)
    {
      McLunarDate lunar = { gio_to_vectors[i].year, 3, 10, FALSE };
      int y, m, d;

      g_assert_true (mc_lunar_to_solar (&lunar, &y, &m, &d));
      g_assert_cmpint (y, ==, gio_to_vectors[i].year);
      g_assert_cmpint (m, ==, gio_to_vectors[i].month);
      g_assert_cmpint (d, ==, gio_to_vectors[i].day);
    }
}

static void
test_leap_months (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (leap_vectors); i++)
    g_assert_cmpint (mc_lunar_leap_month (leap_vectors[i].year), ==, leap_vectors[i].leap);
}

/* Every day from 1900 to 2100: the conversion goes back to the same day,
 * lunar days run 1, 2, … and months 29 or 30 days long, each lunar year
 * has 12 or 13 months with a leap only in a 13-month year, Tết falls
 * between 21 January and 20 February, and month 11 starts near the winter
 * solstice. */
static void
test_every_day (void)
{
  int first = mc_julian_day_from_date (1900, 2, 1);
  int last = mc_julian_day_from_date (2100, 12, 31);
  McLunarDate previous = { 0 };
  int month_length = 0;
  int months_in_year = 0;
  guint checked = 0;

  for (int jdn = first; jdn <= last; jdn++)
    {
      McLunarDate lunar;
      int y, m, d, y2, m2, d2;

      mc_julian_day_to_date (jdn, &y, &m, &d);
      g_assert_cmpint (mc_julian_day_from_date (y, m, d), ==, jdn);
      g_assert_true (mc_lunar_from_solar (y, m, d, &lunar));
      g_assert_true (mc_lunar_to_solar (&lunar, &y2, &m2, &d2));
      if (y2 != y || m2 != m || d2 != d)
        g_error ("%04d-%02d-%02d → %d/%d%s/%d → %04d-%02d-%02d", y, m, d,
                 lunar.day, lunar.month, lunar.leap ? "+" : "", lunar.year, y2, m2, d2);

      if (jdn > first)
        {
          if (lunar.day == 1)
            {
              g_assert_true (month_length == 29 || month_length == 30);
              g_assert_cmpint (mc_lunar_month_length (previous.year, previous.month, previous.leap), ==, month_length);
              months_in_year++;
              if (lunar.month == 1 && !lunar.leap)
                {
                  g_assert_cmpint (lunar.year, ==, previous.year + 1);
                  g_assert_cmpint (y, ==, lunar.year);
                  g_assert_true ((m == 1 && d >= 21) || (m == 2 && d <= 20));
                  if (previous.year > 1900)
                    {
                      int leap = mc_lunar_leap_month (previous.year);
                      g_assert_cmpint (months_in_year, ==, leap ? 13 : 12);
                    }
                  months_in_year = 0;
                }
              else if (lunar.leap)
                {
                  g_assert_cmpint (lunar.month, ==, previous.month);
                  g_assert_false (previous.leap);
                }
              else
                {
                  g_assert_cmpint (lunar.month, ==, previous.month + 1);
                }
              month_length = 1;
            }
          else
            {
              g_assert_cmpint (lunar.day, ==, previous.day + 1);
              g_assert_cmpint (lunar.month, ==, previous.month);
              g_assert_cmpint (lunar.year, ==, previous.year);
              month_length++;
            }
        }
      else
        {
          month_length = lunar.day;
        }

      /* Month 11 holds the winter solstice (21 or 22 December), so it
       * starts within a lunation before it. */
      if (lunar.day == 1 && lunar.month == 11 && !lunar.leap)
        g_assert_true ((m == 11 && d >= 22) || (m == 12 && d <= 22));
      previous = lunar;
      checked++;
    }
  g_test_message ("%u days checked", checked);
}

static void
test_invalid (void)
{
  McLunarDate lunar = { 2026, 1, 1, TRUE };   /* 2026 has no leap month */
  McLunarDate day30 = { 2026, 1, 30, FALSE };
  McLunarDate far = { 2300, 1, 1, FALSE };
  McLunarDate out;
  int y, m, d;

  g_assert_false (mc_lunar_to_solar (&lunar, &y, &m, &d));
  g_assert_false (mc_lunar_to_solar (&far, &y, &m, &d));
  g_assert_false (mc_lunar_from_solar (1700, 1, 1, &out));
  g_assert_false (mc_lunar_from_solar (2026, 13, 1, &out));
  /* Month 1 of 2026 (17/02 to 18/03) has 30 days; check whichever it is. */
  if (mc_lunar_month_length (2026, 1, FALSE) == 29)
    g_assert_false (mc_lunar_to_solar (&day30, &y, &m, &d));
  else
    g_assert_true (mc_lunar_to_solar (&day30, &y, &m, &d));
  /* The leap month of 2025 is 6: 6+ exists, 5+ does not. */
  lunar = (McLunarDate) { 2025, 6, 1, TRUE };
  g_assert_true (mc_lunar_to_solar (&lunar, &y, &m, &d));
  g_assert_cmpint (y, ==, 2025);
  g_assert_cmpint (m, ==, 7);
  g_assert_cmpint (d, ==, 25);
  lunar.month = 5;
  g_assert_false (mc_lunar_to_solar (&lunar, &y, &m, &d));
}

int
main (int    argc,
      char **argv)
{
  mc_test_init (&argc, &argv);

  g_test_add_func ("/core/lunar/tet", test_tet);
  g_test_add_func ("/core/lunar/gio-to", test_gio_to);
  g_test_add_func ("/core/lunar/leap-months", test_leap_months);
  g_test_add_func ("/core/lunar/every-day-1900-2100", test_every_day);
  g_test_add_func ("/core/lunar/invalid", test_invalid);

  return g_test_run ();
}
