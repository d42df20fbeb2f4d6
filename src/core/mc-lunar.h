/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The Vietnamese lunisolar calendar, computed for UTC+7 (it differs from the
 * Chinese one, computed for UTC+8, in some years: Tết 1985, 2007 …).
 *
 * The rules are the ones Hồ Ngọc Đức published: a month starts on the local
 * day of a new moon; the month that contains the winter solstice is month
 * 11; in a year with 13 months, the leap month is the first one after month
 * 11 without a major solar term. New moons and solar longitude come from
 * the series in Meeus' astronomical algorithms. Valid from 1800 to 2199
 * (tested on 1900–2100). */

#define MC_LUNAR_MIN_YEAR 1800
#define MC_LUNAR_MAX_YEAR 2199

typedef struct {
  int      year;   /* the lunar year that holds this day (Tết starts it) */
  int      month;  /* 1..12 */
  int      day;    /* 1..30 */
  gboolean leap;   /* a leap (nhuận) month repeating the previous number */
} McLunarDate;

/* Julian day number of a Gregorian date (noon-based integer). */
int      mc_julian_day_from_date (int          year,
                                  int          month,
                                  int          day);
void     mc_julian_day_to_date   (int          jdn,
                                  int         *year,
                                  int         *month,
                                  int         *day);

/* Returns FALSE for a date outside MC_LUNAR_MIN_YEAR..MAX. */
gboolean mc_lunar_from_solar     (int          year,
                                  int          month,
                                  int          day,
                                  McLunarDate *out);
/* Returns FALSE for a lunar date that does not exist (a leap flag on a month
 * that is not leap that year, a day 30 of a 29-day month, out of range). */
gboolean mc_lunar_to_solar       (const McLunarDate *lunar,
                                  int         *year,
                                  int         *month,
                                  int         *day);
/* The number of days in a lunar month (29 or 30), 0 when it does not exist. */
int      mc_lunar_month_length   (int          lunar_year,
                                  int          month,
                                  gboolean     leap);
/* The leap month of a lunar year (1..12), 0 when the year has none. */
int      mc_lunar_leap_month     (int          lunar_year);

G_END_DECLS
