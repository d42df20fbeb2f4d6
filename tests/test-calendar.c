/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-calendar.h"
#include "mc-lunar.h"
#include "mc-test.h"

typedef struct {
  const char *date;
  const char *kind;
} Expected;

/* The listing of a year as "YYYY-MM-DD kind" lines, names left out. */
static char *
listing (McCalendar *calendar,
         int         year)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) entries = mc_calendar_list_year (calendar, year, &error);
  GString *s = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      const McCalendarEntry *e = &g_array_index (entries, McCalendarEntry, i);
      g_assert_nonnull (e->name);
      g_string_append_printf (s, "%04d-%02d-%02d %s\n", e->year, e->month, e->day,
                              e->kind == MC_DAY_OFF ? "off" : "work");
    }
  return g_string_free (s, FALSE);
}

static void
assert_listing (McCalendar *calendar,
                int         year,
                const char *expected)
{
  g_autofree char *got = listing (calendar, year);
  g_assert_cmpstr (got, ==, expected);
}

/* 2026: Tết Tuesday 17/02 (so Monday 16/02 to Friday 20/02), Giỗ Tổ on
 * Sunday 26/04 made up on Monday 27/04, 2/9 a Wednesday with 1/9, and
 * 24/11 Culture Day. */
static void
test_2026 (void)
{
  g_autoptr(McCalendar) calendar = mc_calendar_new ();

  assert_listing (calendar, 2026,
                  "2026-01-01 off\n"
                  "2026-02-16 off\n2026-02-17 off\n2026-02-18 off\n2026-02-19 off\n2026-02-20 off\n"
                  "2026-04-27 off\n2026-04-30 off\n2026-05-01 off\n"
                  "2026-09-01 off\n2026-09-02 off\n"
                  "2026-11-24 off\n");
}

/* 2024: Tết on Saturday 10/02; the default range 09/02–13/02 holds a
 * Saturday and a Sunday, made up on Wednesday 14 and Thursday 15. 2/9 is a
 * Monday: the adjacent day is Tuesday 3/9. No Culture Day yet. */
static void
test_2024 (void)
{
  g_autoptr(McCalendar) calendar = mc_calendar_new ();

  assert_listing (calendar, 2024,
                  "2024-01-01 off\n"
                  "2024-02-09 off\n2024-02-12 off\n2024-02-13 off\n2024-02-14 off\n2024-02-15 off\n"
                  "2024-04-18 off\n2024-04-30 off\n2024-05-01 off\n"
                  "2024-09-02 off\n2024-09-03 off\n");
}

/* 2023: 2/9 on Saturday: Friday 1/9 next to it, Monday 4/9 makes up for
 * the Saturday. 1/1 on a Sunday: made up on Monday 2/1. */
static void
test_2023_compensation (void)
{
  g_autoptr(McCalendar) calendar = mc_calendar_new ();
  g_autofree char *got = listing (calendar, 2023);
  McDayKind kind;
  const char *name = NULL;

  g_assert_true (g_str_has_prefix (got, "2023-01-02 off\n"));
  g_assert_nonnull (strstr (got, "2023-09-01 off\n2023-09-04 off\n"));
  g_assert_true (mc_calendar_get_day (calendar, 2023, 9, 2, &kind, &name, NULL));
  g_assert_cmpint (kind, ==, MC_DAY_WEEKEND);
  g_assert_nonnull (name);
}

static void
test_exceptions (void)
{
  g_autoptr(McCalendar) calendar = mc_calendar_new ();
  g_autoptr(GError) error = NULL;
  McDayKind kind;
  const char *name = NULL;

  /* An announced bridge: Friday 2/1 off, made up on Saturday 10/1. */
  g_assert_true (mc_calendar_add_exception (calendar, 2026, 1, 2, MC_EXCEPTION_OFF, "Nghỉ bắc cầu", &error));
  g_assert_true (mc_calendar_add_exception (calendar, 2026, 1, 10, MC_EXCEPTION_WORK, "Làm bù ngày 02/01", &error));
  /* The province works on Culture Day after all. */
  g_assert_true (mc_calendar_add_exception (calendar, 2026, 11, 24, MC_EXCEPTION_WORK, NULL, &error));
  g_assert_no_error (error);

  assert_listing (calendar, 2026,
                  "2026-01-01 off\n2026-01-02 off\n2026-01-10 work\n"
                  "2026-02-16 off\n2026-02-17 off\n2026-02-18 off\n2026-02-19 off\n2026-02-20 off\n"
                  "2026-04-27 off\n2026-04-30 off\n2026-05-01 off\n"
                  "2026-09-01 off\n2026-09-02 off\n");

  g_assert_true (mc_calendar_get_day (calendar, 2026, 1, 10, &kind, &name, NULL));
  g_assert_cmpint (kind, ==, MC_DAY_WORK);
  g_assert_cmpstr (name, ==, "Làm bù ngày 02/01");
  g_assert_true (mc_calendar_is_working_day (calendar, 2026, 1, 10));
  g_assert_true (mc_calendar_is_working_day (calendar, 2026, 11, 24));
  g_assert_false (mc_calendar_is_working_day (calendar, 2026, 1, 2));

  /* Replacing and removing. */
  g_assert_true (mc_calendar_add_exception (calendar, 2026, 1, 2, MC_EXCEPTION_WORK, "Đi làm", &error));
  g_assert_true (mc_calendar_is_working_day (calendar, 2026, 1, 2));
  g_assert_true (mc_calendar_remove_exception (calendar, 2026, 1, 2));
  g_assert_false (mc_calendar_remove_exception (calendar, 2026, 1, 2));
  g_assert_true (mc_calendar_is_working_day (calendar, 2026, 1, 2));
  mc_calendar_clear_exceptions (calendar);
  g_assert_false (mc_calendar_is_working_day (calendar, 2026, 11, 24));

  /* Bad dates. */
  g_assert_false (mc_calendar_add_exception (calendar, 2026, 2, 30, MC_EXCEPTION_OFF, "x", &error));
  g_assert_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_INVALID_DATE);
  g_clear_error (&error);
  g_assert_false (mc_calendar_add_exception (calendar, 2200, 1, 1, MC_EXCEPTION_OFF, "x", &error));
  g_assert_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_OUT_OF_RANGE);
}

static void
test_culture_day_switch (void)
{
  g_autoptr(McCalendar) calendar = mc_calendar_new ();

  g_assert_false (mc_calendar_is_working_day (calendar, 2027, 11, 24));
  g_assert_true (mc_calendar_is_working_day (calendar, 2025, 11, 24));
  mc_calendar_set_culture_day_from (calendar, 0);
  g_assert_true (mc_calendar_is_working_day (calendar, 2027, 11, 24));
}

/* Every year 1900–2100: a holiday on a weekend is always made up, so the
 * number of weekdays off is the number of legal holidays (11 before 2026,
 * 12 after), less one in the years when Giỗ Tổ falls on 30/4 or 1/5 (the
 * Labour Code makes up for weekly rest days only). */
static void
test_every_year (void)
{
  g_autoptr(McCalendar) calendar = mc_calendar_new ();

  for (int year = MC_CALENDAR_FIRST_YEAR; year <= MC_CALENDAR_LAST_YEAR; year++)
    {
      g_autoptr(GArray) entries = mc_calendar_list_year (calendar, year, NULL);
      guint expected = year >= 2026 ? 12 : 11;
      guint off = 0;
      McLunarDate gio_to = { year, 3, 10, FALSE };
      int y, m, d;

      g_assert_true (mc_lunar_to_solar (&gio_to, &y, &m, &d));
      if ((m == 4 && d == 30) || (m == 5 && d == 1))
        expected--;

      for (guint i = 0; i < entries->len; i++)
        if (g_array_index (entries, McCalendarEntry, i).kind == MC_DAY_OFF)
          off++;
      if (off != expected)
        g_error ("%d: %u weekdays off, expected %u", year, off, expected);
    }
}

static void
test_office_hours (void)
{
  McOfficeHours hours;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(McCalendar) calendar = mc_calendar_new ();
  static const char *const invalid[] = {
    "", "08:00", "08:00-", "-12:00", "12:00-08:00", "08:00-12:00,11:00-17:00",
    "25:00-26:00", "08:60-12:00", "8-12", "08:00-12:00,13:00-14:00,14:00-15:00,15:00-16:00,16:00-17:00",
    "08:00-12:00;13:00-17:00", "aa:bb-cc:dd",
  };

  g_assert_true (mc_office_hours_parse ("07:00-11:30, 13:30-17:00", &hours, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hours.n_intervals, ==, 2);
  g_assert_cmpint (hours.intervals[0].start, ==, 7 * 60);
  g_assert_cmpint (hours.intervals[1].end, ==, 17 * 60);
  text = mc_office_hours_to_string (&hours);
  g_assert_cmpstr (text, ==, "07:00-11:30,13:30-17:00");
  g_assert_true (mc_calendar_set_office_hours (calendar, &hours, &error));
  g_assert_cmpint (mc_calendar_get_day_seconds (calendar), ==, 8 * 3600);

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_assert_false (mc_office_hours_parse (invalid[i], &hours, &error));
      g_assert_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_INVALID_HOURS);
      g_clear_error (&error);
    }
}

int
main (int    argc,
      char **argv)
{
  mc_test_init (&argc, &argv);

  g_test_add_func ("/core/calendar/2026", test_2026);
  g_test_add_func ("/core/calendar/2024", test_2024);
  g_test_add_func ("/core/calendar/2023-compensation", test_2023_compensation);
  g_test_add_func ("/core/calendar/exceptions", test_exceptions);
  g_test_add_func ("/core/calendar/culture-day-switch", test_culture_day_switch);
  g_test_add_func ("/core/calendar/every-year", test_every_year);
  g_test_add_func ("/core/calendar/office-hours", test_office_hours);

  return g_test_run ();
}
