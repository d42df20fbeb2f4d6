/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "mc-test.h"

static void
test_calendar_2026 (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (mc_test_run_server (&out, &err, "calendar", "2026", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpstr (out, ==,
                   "2026-01-01\toff\tNew Year’s Day\n"
                   "2026-02-16\toff\tLunar New Year (Tết)\n"
                   "2026-02-17\toff\tLunar New Year (Tết)\n"
                   "2026-02-18\toff\tLunar New Year (Tết)\n"
                   "2026-02-19\toff\tLunar New Year (Tết)\n"
                   "2026-02-20\toff\tLunar New Year (Tết)\n"
                   "2026-04-27\toff\tCompensatory day off for Hùng Kings’ Commemoration Day\n"
                   "2026-04-30\toff\tReunification Day\n"
                   "2026-05-01\toff\tInternational Labour Day\n"
                   "2026-09-01\toff\tNational Day\n"
                   "2026-09-02\toff\tNational Day\n"
                   "2026-11-24\toff\tVietnamese Culture Day\n");
}

static void
test_due (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (mc_test_run_server (&out, &err, "due", "--received", "2023-10-27T09:32:00+07:00",
                        "--limit", "5 working-days", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "2023-11-03T09:32:00+07:00\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Any offset in, the province's offset out. */
  g_assert_cmpint (mc_test_run_server (&out, &err, "due", "--received", "2026-11-16T01:00:00Z",
                        "--limit", "same-day", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "2026-11-16T17:00:00+07:00\n");
}

typedef struct {
  const char *args[8];
  const char *message;   /* a piece of what stderr must say */
} BadCall;

static void
test_bad_arguments (void)
{
  static const BadCall calls[] = {
    { { NULL }, "Usage" },
    { { "frobnicate", NULL }, "frobnicate" },
    { { "calendar", NULL }, "year" },
    { { "calendar", "abc", NULL }, "abc" },
    { { "calendar", "1899", NULL }, "1899" },
    { { "calendar", "2101", NULL }, "2101" },
    { { "calendar", "2026", "2027", NULL }, "year" },
    { { "calendar", "2026", "--bogus", NULL }, "bogus" },
    { { "due", NULL }, "--received" },
    { { "due", "--received", "2026-11-16T08:00:00+07:00", NULL }, "--limit" },
    { { "due", "--received", "yesterday", "--limit", "3 days", NULL }, "yesterday" },
    { { "due", "--received", "2026-11-16T08:00:00", "--limit", "3 days", NULL }, "offset" },
    { { "due", "--received", "2026-11-16T08:00:00+07:00", "--limit", "3 weeks", NULL }, "3 weeks" },
    { { "due", "--received", "2026-11-16T08:00:00+07:00", "--limit", "0 days", NULL }, "0 days" },
    { { "due", "--received", "2100-12-31T08:00:00+07:00", "--limit", "30 days", NULL }, "2100" },
    { { "due", "--received", "2026-11-16T08:00:00+07:00", "--limit", "3 days", "--rule", "stop", NULL }, "stop" },
    { { "holidays", "add", NULL }, "--db" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      const char *const *a = calls[i].args;

      g_assert_cmpint (mc_test_run_server (&out, &err, a[0], a[1], a[2], a[3], a[4], a[5], a[6], NULL), ==, 2);
      g_assert_cmpstr (out, ==, "");
      if (strstr (err, calls[i].message) == NULL)
        g_error ("call %u: stderr does not mention “%s”:\n%s", i, calls[i].message, err);
    }
}

static void
test_holidays_db (void)
{
  g_autofree char *dir = g_dir_make_tmp ("motcua-cli-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "server.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  GStatBuf st;

  /* An announced bridge day and its make-up Saturday. */
  g_assert_cmpint (mc_test_run_server (&out, &err, "holidays", "add", "--db", db, "--date", "2027-01-04",
                        "--kind", "off", "--name", "Nghỉ bù Tết Dương lịch", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (mc_test_run_server (&out, &err, "holidays", "add", "--db", db, "--date", "2027-01-09",
                        "--kind", "work", "--name", "Làm bù", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (g_stat (db, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_cmpint (mc_test_run_server (&out, &err, "calendar", "2027", "--db", db, NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "2027-01-01\toff\tNew Year’s Day\n"
                                        "2027-01-04\toff\tNghỉ bù Tết Dương lịch\n"
                                        "2027-01-09\twork\tLàm bù\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The extra day off moves a due date: Friday 1/1 is off, Monday 4/1 too. */
  g_assert_cmpint (mc_test_run_server (&out, &err, "due", "--db", db, "--received", "2026-12-31T16:00:00+07:00",
                        "--limit", "2 working-hours", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "2027-01-05T09:00:00+07:00\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Bad input to holidays: a clear message, exit 2, nothing saved lost. */
  g_assert_cmpint (mc_test_run_server (&out, &err, "holidays", "add", "--db", db, "--date", "2027-02-30",
                        "--kind", "off", "--name", "x", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (mc_test_run_server (&out, &err, "holidays", "add", "--db", db, "--date", "2027-03-01",
                        "--kind", "maybe", "--name", "x", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (mc_test_run_server (&out, &err, "holidays", "add", "--db", db, "--date", "2027-03-01",
                        "--kind", "off", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (mc_test_run_server (&out, &err, "holidays", "remove", "--db", db, "--date", "2027-01-04", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (mc_test_run_server (&out, &err, "holidays", "remove", "--db", db, "--date", "2027-01-04", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "04/01/2027"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (mc_test_run_server (&out, &err, "calendar", "2027", "--db", db, NULL), ==, 0);
  g_assert_null (strstr (out, "2027-01-04"));
  g_assert_nonnull (strstr (out, "2027-01-09\twork\tLàm bù\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A database that does not exist is not created by a reader. */
  g_assert_cmpint (mc_test_run_server (&out, &err, "calendar", "2027", "--db", "/nonexistent/x.db", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "/nonexistent/x.db"));

  g_remove (db);
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);
    g_remove (wal);
    g_remove (shm);
  }
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  mc_test_init (&argc, &argv);

  g_test_add_func ("/server/cli/calendar-2026", test_calendar_2026);
  g_test_add_func ("/server/cli/due", test_due);
  g_test_add_func ("/server/cli/bad-arguments", test_bad_arguments);
  g_test_add_func ("/server/cli/holidays-db", test_holidays_db);

  return g_test_run ();
}
