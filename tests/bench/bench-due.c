/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "mc-deadline.h"
#include "mc-time.h"

/* core.due_per_s: due dates of MC_BENCH_DOSSIERS dossiers (default one
 * million) with the mix of limits of the demo procedures, a fifth of them
 * with a wait for a supplement. The baseline, measured in the same run on
 * the same moments, is plain calendar arithmetic with GDateTime (add N
 * days), which is what a program that ignored the working calendar would
 * pay; the ratio says what the working calendar costs on top. */

typedef struct {
  gint64      received;
  int         amount;
  McLimitUnit unit;
  McPause     pause;
  gboolean    has_pause;
} Input;

static double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

int
main (int    argc,
      char **argv)
{
  const char *env = g_getenv ("MC_BENCH_DOSSIERS");
  guint n = env ? (guint) g_ascii_strtoull (env, NULL, 10) : 1000000;
  g_autoptr(McCalendar) calendar = mc_calendar_new ();
  static const struct { int amount; McLimitUnit unit; } limits[] = {
    { 0, MC_LIMIT_SAME_DAY }, { 3, MC_LIMIT_WORKING_DAYS }, { 7, MC_LIMIT_WORKING_DAYS },
    { 20, MC_LIMIT_WORKING_DAYS }, { 10, MC_LIMIT_CALENDAR_DAYS }, { 15, MC_LIMIT_CALENDAR_DAYS },
    { 5, MC_LIMIT_WORKING_DAYS }, { 8, MC_LIMIT_WORKING_HOURS },
  };
  GRand *rand = g_rand_new_with_seed (42);
  Input *inputs;
  gint64 start_2020, checksum = 0, baseline_checksum = 0;
  double t0, due_s, base_s;
  guint failures = 0;

  if (n == 0)
    n = 1;
  inputs = g_new (Input, n);
  g_assert_true (mc_time_parse_iso8601 ("2020-01-01T00:00:00+07:00", &start_2020, NULL));
  for (guint i = 0; i < n; i++)
    {
      guint l = g_rand_int_range (rand, 0, G_N_ELEMENTS (limits));

      inputs[i].received = start_2020 + g_rand_int_range (rand, 0, 7 * 365 * 86400);
      inputs[i].amount = limits[l].amount;
      inputs[i].unit = limits[l].unit;
      inputs[i].has_pause = g_rand_int_range (rand, 0, 5) == 0;
      inputs[i].pause.started_at = inputs[i].received + 3600 * g_rand_int_range (rand, 1, 48);
      inputs[i].pause.ended_at = inputs[i].pause.started_at + 3600 * g_rand_int_range (rand, 1, 200);
    }

  /* Build the day table before timing: a server does it once. */
  mc_calendar_get_day_seconds (calendar);

  t0 = now_s ();
  for (guint i = 0; i < n; i++)
    {
      McDueRequest req = { inputs[i].received, inputs[i].amount, inputs[i].unit,
                           MC_SUPPLEMENT_PAUSE, &inputs[i].pause, inputs[i].has_pause ? 1 : 0 };
      gint64 due;

      if (mc_deadline_compute (calendar, &req, &due, NULL, NULL))
        checksum += due;
      else
        failures++;
    }
  due_s = now_s () - t0;

  t0 = now_s ();
  for (guint i = 0; i < n; i++)
    {
      GDateTime *dt = g_date_time_new_from_unix_utc (inputs[i].received);
      GDateTime *due = g_date_time_add_days (dt, inputs[i].amount);

      baseline_checksum += g_date_time_to_unix (due);
      g_date_time_unref (due);
      g_date_time_unref (dt);
    }
  base_s = now_s () - t0;

  if (failures > 0)
    {
      fprintf (stderr, "%u due dates failed\n", failures);
      return 1;
    }

  printf ("BENCH core.dossiers %u count\n", n);
  printf ("BENCH core.due_per_s %.0f per_s\n", n / due_s);
  printf ("BENCH core.baseline_gdatetime_add_days_per_s %.0f per_s\n", n / base_s);
  printf ("BENCH core.due_vs_baseline_ratio %.2f ratio\n", (n / due_s) / (n / base_s));
  /* Keep the checksums alive so nothing is optimised away. */
  printf ("# checksums %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", checksum, baseline_checksum);

  g_free (inputs);
  g_rand_free (rand);
  return 0;
}
