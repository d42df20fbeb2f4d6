/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mc-deadline.h"
#include "mc-test.h"
#include "mc-time.h"

static gint64
t_of (const char *iso)
{
  gint64 t;
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_time_parse_iso8601 (iso, &t, &error));
  g_assert_no_error (error);
  return t;
}

static void
assert_time (gint64      got,
             const char *expected)
{
  g_autofree char *text = mc_time_format_iso8601 (got);
  g_assert_cmpstr (text, ==, expected);
}

typedef struct {
  const char *received;
  const char *limit;
  const char *due;
} Vector;

/* Hand-counted cases on the default hours (08–12, 13–17, Monday–Friday). */
static const Vector vectors[] = {
  /* The live example of domain.md §6. */
  { "2023-10-27T09:32:00+07:00", "5 working-days", "2023-11-03T09:32:00+07:00" },
  /* Inside a morning; exactly to noon; across lunch. */
  { "2026-11-16T08:00:00+07:00", "4 working-hours", "2026-11-16T12:00:00+07:00" },
  { "2026-11-16T11:30:00+07:00", "1 working-hours", "2026-11-16T13:30:00+07:00" },
  { "2026-11-16T08:00:00+07:00", "1 working-days", "2026-11-16T17:00:00+07:00" },
  { "2026-11-16T08:00:00+07:00", "8 working-hours", "2026-11-16T17:00:00+07:00" },
  /* Received during lunch counts from 13:00; before opening from 08:00. */
  { "2026-11-16T12:30:00+07:00", "1 working-hours", "2026-11-16T14:00:00+07:00" },
  { "2026-11-16T06:45:00+07:00", "2 working-hours", "2026-11-16T10:00:00+07:00" },
  /* After closing on Friday and on a Saturday: Monday 08:00. */
  { "2026-11-13T17:30:00+07:00", "1 working-hours", "2026-11-16T09:00:00+07:00" },
  { "2026-11-14T10:00:00+07:00", "1 working-days", "2026-11-16T17:00:00+07:00" },
  /* Across Culture Day (Tuesday 24/11/2026) and a weekend. */
  { "2026-11-20T09:00:00+07:00", "3 working-days", "2026-11-26T09:00:00+07:00" },
  /* Across Tết 2026 (16–20/02) and two weekends. */
  { "2026-02-12T14:00:00+07:00", "3 working-days", "2026-02-24T14:00:00+07:00" },
  /* Across Giỗ Tổ made up on Monday 27/04 and 30/4–1/5. */
  { "2026-04-24T10:00:00+07:00", "5 working-days", "2026-05-06T10:00:00+07:00" },
  /* 20 working days: the land registration limit. */
  { "2026-08-20T08:00:00+07:00", "20 working-days", "2026-09-18T17:00:00+07:00" },
  /* Same day: before 15:00, at 15:00, after closing, on a Saturday, on
   * the eve of Tết. */
  { "2026-11-16T14:59:00+07:00", "same-day", "2026-11-16T17:00:00+07:00" },
  { "2026-11-16T15:00:00+07:00", "same-day", "2026-11-17T17:00:00+07:00" },
  { "2026-11-16T07:10:00+07:00", "same-day", "2026-11-16T17:00:00+07:00" },
  { "2026-11-21T09:00:00+07:00", "same-day", "2026-11-23T17:00:00+07:00" },
  { "2026-02-13T16:00:00+07:00", "same-day", "2026-02-23T17:00:00+07:00" },
  { "2026-11-23T16:00:00+07:00", "same-day", "2026-11-25T17:00:00+07:00" },
  /* Calendar days: same clock time; a Saturday, a holiday, a weekday. */
  { "2026-11-11T10:00:00+07:00", "10 days", "2026-11-23T17:00:00+07:00" },
  { "2026-11-14T10:00:00+07:00", "10 days", "2026-11-25T17:00:00+07:00" },
  { "2026-11-09T10:00:00+07:00", "10 days", "2026-11-19T10:00:00+07:00" },
  { "2026-02-05T10:00:00+07:00", "15 days", "2026-02-23T17:00:00+07:00" },
};

static McCalendar *
default_calendar (void)
{
  return mc_calendar_new ();
}

static void
test_vectors (void)
{
  g_autoptr(McCalendar) calendar = default_calendar ();

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      McDueRequest req = { 0 };
      g_autoptr(GError) error = NULL;
      gint64 due;

      req.received_at = t_of (vectors[i].received);
      g_assert_true (mc_time_limit_parse (vectors[i].limit, &req.amount, &req.unit, &error));
      g_assert_true (mc_deadline_compute (calendar, &req, &due, NULL, &error));
      g_assert_no_error (error);
      g_test_message ("%s + %s", vectors[i].received, vectors[i].limit);
      assert_time (due, vectors[i].due);
    }
}

static void
test_other_office_hours (void)
{
  g_autoptr(McCalendar) calendar = default_calendar ();
  McOfficeHours hours;
  McDueRequest req = { 0 };
  gint64 due;

  /* 07:00–11:30 and 13:30–17:00, as some provinces keep. */
  g_assert_true (mc_office_hours_parse ("07:00-11:30,13:30-17:00", &hours, NULL));
  g_assert_true (mc_calendar_set_office_hours (calendar, &hours, NULL));
  req.received_at = t_of ("2026-11-16T11:00:00+07:00");
  req.amount = 1;
  req.unit = MC_LIMIT_WORKING_HOURS;
  g_assert_true (mc_deadline_compute (calendar, &req, &due, NULL, NULL));
  assert_time (due, "2026-11-16T14:00:00+07:00");
}

static void
test_pause (void)
{
  g_autoptr(McCalendar) calendar = default_calendar ();
  g_autoptr(GPtrArray) steps = NULL;
  McPause pauses[2];
  McDueRequest req = { 0 };
  gint64 due;
  gboolean saw_pause = FALSE;

  req.received_at = t_of ("2026-11-16T08:00:00+07:00");   /* Monday */
  req.amount = 3;
  req.unit = MC_LIMIT_WORKING_DAYS;
  req.rule = MC_SUPPLEMENT_PAUSE;

  /* Without a wait: Wednesday 17:00. A wait from Monday 10:00 to Tuesday
   * 10:00 (one working day) pushes it to Thursday 17:00; a second one from
   * Thursday 15:00 to Friday 09:00 (three working hours), to Friday 11:00. */
  g_assert_true (mc_deadline_compute (calendar, &req, &due, NULL, NULL));
  assert_time (due, "2026-11-18T17:00:00+07:00");

  pauses[0] = (McPause) { t_of ("2026-11-16T10:00:00+07:00"), t_of ("2026-11-17T10:00:00+07:00") };
  pauses[1] = (McPause) { t_of ("2026-11-19T15:00:00+07:00"), t_of ("2026-11-20T09:00:00+07:00") };
  req.pauses = pauses;
  req.n_pauses = 1;
  g_assert_true (mc_deadline_compute (calendar, &req, &due, NULL, NULL));
  assert_time (due, "2026-11-19T17:00:00+07:00");
  req.n_pauses = 2;
  g_assert_true (mc_deadline_compute (calendar, &req, &due, &steps, NULL));
  assert_time (due, "2026-11-20T11:00:00+07:00");
  for (guint i = 0; i < steps->len; i++)
    if (((McDueStep *) steps->pdata[i])->kind == MC_DUE_STEP_PAUSE)
      saw_pause = TRUE;
  g_assert_true (saw_pause);

  /* A wait that starts after the due moment changes nothing. */
  pauses[1] = (McPause) { t_of ("2026-11-25T08:00:00+07:00"), t_of ("2026-11-26T08:00:00+07:00") };
  g_assert_true (mc_deadline_compute (calendar, &req, &due, NULL, NULL));
  assert_time (due, "2026-11-19T17:00:00+07:00");

  /* Still waiting: no due date while the clock is stopped. */
  pauses[1] = (McPause) { t_of ("2026-11-18T08:00:00+07:00"), MC_TIME_NONE };
  g_assert_true (mc_deadline_compute (calendar, &req, &due, NULL, NULL));
  g_assert_cmpint (due, ==, MC_TIME_NONE);

  /* Calendar days pause by calendar time: 10 days from Monday 09/11 10:00
   * is Thursday 19/11 10:00; a two-day wait moves it to Saturday 21/11, so
   * to the close of Monday 23/11. */
  req.received_at = t_of ("2026-11-09T10:00:00+07:00");
  req.amount = 10;
  req.unit = MC_LIMIT_CALENDAR_DAYS;
  pauses[0] = (McPause) { t_of ("2026-11-10T10:00:00+07:00"), t_of ("2026-11-12T10:00:00+07:00") };
  req.n_pauses = 1;
  g_assert_true (mc_deadline_compute (calendar, &req, &due, NULL, NULL));
  assert_time (due, "2026-11-23T17:00:00+07:00");
}

static void
test_restart (void)
{
  g_autoptr(McCalendar) calendar = default_calendar ();
  McPause pauses[2];
  McDueRequest req = { 0 };
  gint64 due;

  req.received_at = t_of ("2026-11-02T08:00:00+07:00");
  req.amount = 3;
  req.unit = MC_LIMIT_WORKING_DAYS;
  req.rule = MC_SUPPLEMENT_RESTART;
  pauses[0] = (McPause) { t_of ("2026-11-03T09:00:00+07:00"), t_of ("2026-11-05T10:00:00+07:00") };
  pauses[1] = (McPause) { t_of ("2026-11-09T09:00:00+07:00"), t_of ("2026-11-12T14:00:00+07:00") };
  req.pauses = pauses;
  req.n_pauses = 2;

  /* Three full working days from the last supplement, Thursday 12/11
   * 14:00: Tuesday 17/11 14:00. */
  g_assert_true (mc_deadline_compute (calendar, &req, &due, NULL, NULL));
  assert_time (due, "2026-11-17T14:00:00+07:00");

  pauses[1].ended_at = MC_TIME_NONE;
  g_assert_true (mc_deadline_compute (calendar, &req, &due, NULL, NULL));
  g_assert_cmpint (due, ==, MC_TIME_NONE);
}

static void
test_bad_input (void)
{
  g_autoptr(McCalendar) calendar = default_calendar ();
  g_autoptr(GError) error = NULL;
  McPause pauses[2];
  McDueRequest req = { 0 };
  gint64 due;
  int amount;
  McLimitUnit unit;
  static const char *const bad_limits[] = {
    "", "5", "working-days", "0 working-days", "-1 days", "5 weeks", "5 working days",
    "3651 days", "1e3 days", "5  days", "same day", "99999999999999999999 days",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad_limits); i++)
    {
      g_assert_false (mc_time_limit_parse (bad_limits[i], &amount, &unit, &error));
      g_assert_error (error, MC_DEADLINE_ERROR, MC_DEADLINE_ERROR_INVALID_LIMIT);
      g_clear_error (&error);
    }

  req.received_at = t_of ("2100-12-30T08:00:00+07:00");
  req.amount = 20;
  req.unit = MC_LIMIT_WORKING_DAYS;
  g_assert_false (mc_deadline_compute (calendar, &req, &due, NULL, &error));
  g_assert_error (error, MC_DEADLINE_ERROR, MC_DEADLINE_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);

  req.received_at = t_of ("1850-01-01T08:00:00+07:00");
  g_assert_false (mc_deadline_compute (calendar, &req, &due, NULL, &error));
  g_assert_error (error, MC_DEADLINE_ERROR, MC_DEADLINE_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);

  /* Waits before the reception, overlapping, or ending before they start. */
  req.received_at = t_of ("2026-11-16T08:00:00+07:00");
  req.pauses = pauses;
  req.n_pauses = 1;
  pauses[0] = (McPause) { t_of ("2026-11-15T08:00:00+07:00"), t_of ("2026-11-16T09:00:00+07:00") };
  g_assert_false (mc_deadline_compute (calendar, &req, &due, NULL, &error));
  g_assert_error (error, MC_DEADLINE_ERROR, MC_DEADLINE_ERROR_INVALID_PAUSE);
  g_clear_error (&error);
  pauses[0] = (McPause) { t_of ("2026-11-17T08:00:00+07:00"), t_of ("2026-11-16T09:00:00+07:00") };
  g_assert_false (mc_deadline_compute (calendar, &req, &due, NULL, &error));
  g_clear_error (&error);
  pauses[0] = (McPause) { t_of ("2026-11-16T09:00:00+07:00"), t_of ("2026-11-17T09:00:00+07:00") };
  pauses[1] = (McPause) { t_of ("2026-11-17T08:00:00+07:00"), t_of ("2026-11-18T09:00:00+07:00") };
  req.n_pauses = 2;
  g_assert_false (mc_deadline_compute (calendar, &req, &due, NULL, &error));
  g_assert_error (error, MC_DEADLINE_ERROR, MC_DEADLINE_ERROR_INVALID_PAUSE);
}

static void
test_explanation (void)
{
  g_autoptr(McCalendar) calendar = default_calendar ();
  g_autoptr(GPtrArray) steps = NULL;
  McDueRequest req = { 0 };
  guint days_off = 0;
  gint64 due;

  /* Received on the Saturday before Tết 2026 with 3 working days: the
   * explanation names the clock start, the weekends and the five days of
   * Tết, and ends with the due moment. */
  req.received_at = t_of ("2026-02-14T09:00:00+07:00");
  req.amount = 3;
  req.unit = MC_LIMIT_WORKING_DAYS;
  g_assert_true (mc_deadline_compute (calendar, &req, &due, &steps, NULL));
  assert_time (due, "2026-02-25T17:00:00+07:00");

  g_assert_cmpint (((McDueStep *) steps->pdata[0])->kind, ==, MC_DUE_STEP_RECEIVED);
  g_assert_cmpint (((McDueStep *) steps->pdata[steps->len - 1])->kind, ==, MC_DUE_STEP_DUE);
  for (guint i = 0; i < steps->len; i++)
    {
      McDueStep *step = steps->pdata[i];
      g_assert_nonnull (step->text);
      if (step->kind == MC_DUE_STEP_NON_WORKING_DAY)
        days_off++;
      if (step->kind == MC_DUE_STEP_CLOCK_STARTS)
        assert_time (step->at, "2026-02-23T08:00:00+07:00");
    }
  /* 14, 15 (weekend), 16–20 (Tết), 21, 22 (weekend). */
  g_assert_cmpuint (days_off, ==, 9);
}

static void
test_classify (void)
{
  gint64 due = t_of ("2026-11-20T10:00:00+07:00");

  g_assert_cmpint (mc_deadline_classify (due, t_of ("2026-11-19T16:59:00+07:00")), ==, MC_TIMELINESS_EARLY);
  g_assert_cmpint (mc_deadline_classify (due, t_of ("2026-11-20T00:00:00+07:00")), ==, MC_TIMELINESS_ON_TIME);
  /* Dates, not moments: the afternoon of the due date is on time. */
  g_assert_cmpint (mc_deadline_classify (due, t_of ("2026-11-20T16:00:00+07:00")), ==, MC_TIMELINESS_ON_TIME);
  g_assert_cmpint (mc_deadline_classify (due, t_of ("2026-11-21T00:00:00+07:00")), ==, MC_TIMELINESS_LATE);
  /* Midnight in the province is 17:00 UTC the day before. */
  g_assert_cmpint (mc_deadline_classify (due, t_of ("2026-11-19T17:30:00Z")), ==, MC_TIMELINESS_ON_TIME);
  g_assert_cmpint (mc_deadline_classify (due, MC_TIME_NONE), ==, MC_TIMELINESS_NONE);
}

static void
test_alert_level (void)
{
  g_autoptr(McCalendar) calendar = default_calendar ();
  gint64 due = t_of ("2026-11-20T10:00:00+07:00");   /* Friday */
  gint64 day = 8 * 3600;

  g_assert_cmpint (mc_deadline_alert_level (calendar, due, t_of ("2026-11-18T10:00:00+07:00"), day), ==, MC_ALERT_NORMAL);
  /* Thursday 10:00 is exactly one working day before: not yet "less than". */
  g_assert_cmpint (mc_deadline_alert_level (calendar, due, t_of ("2026-11-19T10:00:00+07:00"), day), ==, MC_ALERT_NORMAL);
  g_assert_cmpint (mc_deadline_alert_level (calendar, due, t_of ("2026-11-19T10:01:00+07:00"), day), ==, MC_ALERT_DUE_SOON);
  g_assert_cmpint (mc_deadline_alert_level (calendar, due, t_of ("2026-11-20T10:00:01+07:00"), day), ==, MC_ALERT_OVERDUE);
  /* A due on Monday seen on Friday evening: one working day left, the
   * weekend does not count. */
  due = t_of ("2026-11-23T17:00:00+07:00");
  g_assert_cmpint (mc_deadline_alert_level (calendar, due, t_of ("2026-11-20T18:00:00+07:00"), day), ==, MC_ALERT_NORMAL);
  g_assert_cmpint (mc_deadline_alert_level (calendar, due, t_of ("2026-11-23T08:30:00+07:00"), day), ==, MC_ALERT_DUE_SOON);
}

/* An independent, slow model of working time: walk minute by minute. */
static gboolean
minute_is_working (McCalendar *calendar,
                   gint64      t)
{
  const McOfficeHours *hours = mc_calendar_get_office_hours (calendar);
  gint64 local = t + MC_TIME_PROVINCE_OFFSET;
  int minute = (int) ((local % 86400) / 60);
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (local);

  if (!mc_calendar_is_working_day (calendar, g_date_time_get_year (dt),
                                   g_date_time_get_month (dt), g_date_time_get_day_of_month (dt)))
    return FALSE;
  for (guint i = 0; i < hours->n_intervals; i++)
    if (minute >= hours->intervals[i].start && minute < hours->intervals[i].end)
      return TRUE;
  return FALSE;
}

static gint64
slow_due (McCalendar *calendar,
          gint64      received,
          gint64      working_minutes)
{
  gint64 t = received;
  gint64 counted = 0;

  while (TRUE)
    {
      if (minute_is_working (calendar, t))
        {
          counted++;
          if (counted == working_minutes)
            return t + 60;
        }
      t += 60;
    }
}

static void
test_against_slow_model (void)
{
  g_autoptr(McCalendar) calendar = default_calendar ();
  GRand *rand = g_rand_new_with_seed (20261121);
  gint64 base = t_of ("2026-01-01T00:00:00+07:00");
  guint cases = g_test_slow () ? 2000 : 300;

  /* An announced bridge and make-up day, to exercise exceptions too. */
  g_assert_true (mc_calendar_add_exception (calendar, 2026, 1, 2, MC_EXCEPTION_OFF, "Nghỉ", NULL));
  g_assert_true (mc_calendar_add_exception (calendar, 2026, 1, 10, MC_EXCEPTION_WORK, "Làm bù", NULL));

  for (guint i = 0; i < cases; i++)
    {
      McDueRequest req = { 0 };
      gint64 due, expected;

      req.received_at = base + (gint64) g_rand_int_range (rand, 0, 365 * 24 * 60) * 60;
      if (g_rand_boolean (rand))
        {
          req.unit = MC_LIMIT_WORKING_DAYS;
          req.amount = g_rand_int_range (rand, 1, 8);
        }
      else
        {
          req.unit = MC_LIMIT_WORKING_HOURS;
          req.amount = g_rand_int_range (rand, 1, 30);
        }
      g_assert_true (mc_deadline_compute (calendar, &req, &due, NULL, NULL));
      expected = slow_due (calendar, req.received_at,
                           (gint64) req.amount * (req.unit == MC_LIMIT_WORKING_DAYS ? 8 * 60 : 60));
      if (due != expected)
        {
          g_autofree char *r = mc_time_format_iso8601 (req.received_at);
          g_autofree char *a = mc_time_format_iso8601 (due);
          g_autofree char *b = mc_time_format_iso8601 (expected);
          g_error ("%s + %d %s: %s, the slow model says %s", r, req.amount,
                   mc_limit_unit_to_string (req.unit), a, b);
        }
    }
  g_rand_free (rand);
}

int
main (int    argc,
      char **argv)
{
  mc_test_init (&argc, &argv);

  g_test_add_func ("/core/deadline/vectors", test_vectors);
  g_test_add_func ("/core/deadline/other-office-hours", test_other_office_hours);
  g_test_add_func ("/core/deadline/pause", test_pause);
  g_test_add_func ("/core/deadline/restart", test_restart);
  g_test_add_func ("/core/deadline/bad-input", test_bad_input);
  g_test_add_func ("/core/deadline/explanation", test_explanation);
  g_test_add_func ("/core/deadline/classify", test_classify);
  g_test_add_func ("/core/deadline/alert-level", test_alert_level);
  g_test_add_func ("/core/deadline/against-slow-model", test_against_slow_model);

  return g_test_run ();
}
