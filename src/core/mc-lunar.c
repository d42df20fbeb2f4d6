/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "mc-lunar.h"

/* Everything is computed for the Vietnamese time zone. Keep it a double:
 * dividing an integer 7 by 24 gives 0, one of the bugs of a well-known
 * port of these rules. */
#define ZONE_HOURS 7.0

/* The Julian day of the new moon numbered 0 (1900-01-01 13:52 UT) and the
 * mean synodic month, in days. */
#define NEW_MOON_EPOCH 2415020.75933
#define SYNODIC_MONTH 29.530588853

#define DEG (G_PI / 180.0)

int
mc_julian_day_from_date (int year,
                         int month,
                         int day)
{
  /* The Gregorian calendar, integer arithmetic (Fliegel & Van Flandern). */
  int a = (14 - month) / 12;
  int y = year + 4800 - a;
  int m = month + 12 * a - 3;

  return day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045;
}

void
mc_julian_day_to_date (int  jdn,
                       int *year,
                       int *month,
                       int *day)
{
  int a = jdn + 32044;
  int b = (4 * a + 3) / 146097;
  int c = a - 146097 * b / 4;
  int d = (4 * c + 3) / 1461;
  int e = c - 1461 * d / 4;
  int m = (5 * e + 2) / 153;

  *day = e - (153 * m + 2) / 5 + 1;
  *month = m + 3 - 12 * (m / 10);
  *year = 100 * b + d - 4800 + m / 10;
}

/* The moment (Julian day, UT) of the k-th new moon after the epoch: the
 * mean lunation plus the periodic terms for the Sun's and the Moon's
 * anomalies and the Moon's argument of latitude, and ΔT. */
static double
new_moon_moment (int k)
{
  double t = k / 1236.85;   /* Julian centuries from 1900.0 */
  double t2 = t * t;
  double t3 = t2 * t;
  double mean, sun_anom, moon_anom, lat_arg, corr, delta_t;

  mean = NEW_MOON_EPOCH + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
         + 0.00033 * sin ((166.56 + 132.87 * t - 0.009173 * t2) * DEG);

  sun_anom = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * DEG;
  moon_anom = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * DEG;
  lat_arg = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * DEG;

  corr = (0.1734 - 0.000393 * t) * sin (sun_anom)
         + 0.0021 * sin (2 * sun_anom)
         - 0.4068 * sin (moon_anom)
         + 0.0161 * sin (2 * moon_anom)
         - 0.0004 * sin (3 * moon_anom)
         + 0.0104 * sin (2 * lat_arg)
         - 0.0051 * sin (sun_anom + moon_anom)
         - 0.0074 * sin (sun_anom - moon_anom)
         + 0.0004 * sin (2 * lat_arg + sun_anom)
         - 0.0004 * sin (2 * lat_arg - sun_anom)
         - 0.0006 * sin (2 * lat_arg + moon_anom)
         + 0.0010 * sin (2 * lat_arg - moon_anom)
         + 0.0005 * sin (2 * moon_anom + sun_anom);

  /* ΔT (terrestrial minus universal time), in days. */
  if (t < -11)
    delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3;
  else
    delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2;

  return mean + corr - delta_t;
}

/* The local day (Julian day number) on which the k-th new moon falls. */
static int
new_moon_day (int k)
{
  return (int) floor (new_moon_moment (k) + 0.5 + ZONE_HOURS / 24.0);
}

/* The Sun's apparent longitude at a moment (Julian day, UT), in radians
 * within [0, 2π). */
static double
sun_longitude (double jd)
{
  double t = (jd - 2451545.0) / 36525.0;   /* centuries from J2000.0 */
  double t2 = t * t;
  double mean_anom = (357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * DEG;
  double mean_long = (280.46645 + 36000.76983 * t + 0.0003032 * t2) * DEG;
  double centre = ((1.914600 - 0.004817 * t - 0.000014 * t2) * sin (mean_anom)
                   + (0.019993 - 0.000101 * t) * sin (2 * mean_anom)
                   + 0.000290 * sin (3 * mean_anom)) * DEG;
  double l = mean_long + centre;

  l = fmod (l, 2 * G_PI);
  if (l < 0)
    l += 2 * G_PI;
  return l;
}

/* Which of the twelve 30° sectors the Sun is in at the start of a local day:
 * a month holds a major solar term when this changes during it. Sector 9
 * starts at the winter solstice (270°). */
static int
sun_sector_at_day_start (int jdn)
{
  double local_midnight_ut = jdn - 0.5 - ZONE_HOURS / 24.0;

  return (int) floor (sun_longitude (local_midnight_ut) / G_PI * 6.0);
}

/* The first day of lunar month 11 that ends the solar year `year`: the
 * month that contains the winter solstice. */
static int
month11_start (int year)
{
  int dec31 = mc_julian_day_from_date (year, 12, 31);
  int k = (int) floor ((dec31 - 2415021) / SYNODIC_MONTH);
  int start = new_moon_day (k);

  /* The solstice must fall inside the month: when the Sun is already past
   * it at the month's start, month 11 began one lunation earlier. */
  if (sun_sector_at_day_start (start) >= 9)
    start = new_moon_day (k - 1);
  return start;
}

/* In a 13-month year starting after month 11 at `a11`, the offset (in
 * lunations from a11) of the leap month: the first month during which the
 * Sun enters no new sector, i.e. whose sector at its start is the same as at
 * the start of the following month. */
static int
leap_month_offset (int a11)
{
  int k = (int) floor ((a11 - 2415021.076998695) / SYNODIC_MONTH + 0.5);
  int i = 1;
  int sector = sun_sector_at_day_start (new_moon_day (k + i));
  int previous;

  do
    {
      previous = sector;
      i++;
      sector = sun_sector_at_day_start (new_moon_day (k + i));
    }
  while (sector != previous && i < 14);

  return i - 1;
}

static gboolean
year_in_range (int year)
{
  return year >= MC_LUNAR_MIN_YEAR && year <= MC_LUNAR_MAX_YEAR;
}

gboolean
mc_lunar_from_solar (int          year,
                     int          month,
                     int          day,
                     McLunarDate *out)
{
  int jdn, k, month_start, a11, b11, diff, lunar_year, lunar_month;
  gboolean leap = FALSE;

  g_return_val_if_fail (out != NULL, FALSE);

  if (!year_in_range (year) || month < 1 || month > 12 || day < 1 || day > 31)
    return FALSE;

  jdn = mc_julian_day_from_date (year, month, day);
  /* The mean lunation gives the month to within one; the true new moon
   * can be up to about 14 hours off the mean, so step back while the
   * month found starts after the day (2054-05-07 and 2062-04-09 need it). */
  k = (int) floor ((jdn - 2415021.076998695) / SYNODIC_MONTH) + 1;
  month_start = new_moon_day (k);
  while (month_start > jdn)
    month_start = new_moon_day (--k);

  a11 = month11_start (year);
  b11 = a11;
  if (a11 >= month_start)
    {
      lunar_year = year;
      a11 = month11_start (year - 1);
    }
  else
    {
      lunar_year = year + 1;
      b11 = month11_start (year + 1);
    }

  out->day = jdn - month_start + 1;
  diff = (month_start - a11) / 29;
  lunar_month = diff + 11;

  if (b11 - a11 > 365)
    {
      int leap_offset = leap_month_offset (a11);

      if (diff >= leap_offset)
        {
          lunar_month = diff + 10;
          leap = (diff == leap_offset);
        }
    }
  if (lunar_month > 12)
    lunar_month -= 12;
  if (lunar_month >= 11 && diff < 4)
    lunar_year -= 1;

  out->year = lunar_year;
  out->month = lunar_month;
  out->leap = leap;
  return TRUE;
}

/* The first day (Julian day number) of a lunar month, or 0 when it does not
 * exist. */
static int
lunar_month_start (int      lunar_year,
                   int      lunar_month,
                   gboolean leap)
{
  int a11, b11, k, offset;

  if (lunar_month < 1 || lunar_month > 12)
    return 0;

  if (lunar_month < 11)
    {
      a11 = month11_start (lunar_year - 1);
      b11 = month11_start (lunar_year);
    }
  else
    {
      a11 = month11_start (lunar_year);
      b11 = month11_start (lunar_year + 1);
    }

  k = (int) floor (0.5 + (a11 - 2415021.076998695) / SYNODIC_MONTH);
  offset = lunar_month - 11;
  if (offset < 0)
    offset += 12;

  if (b11 - a11 > 365)
    {
      int leap_offset = leap_month_offset (a11);
      int leap_month = leap_offset - 2;

      if (leap_month < 0)
        leap_month += 12;
      if (leap && lunar_month != leap_month)
        return 0;
      if (leap || offset >= leap_offset)
        offset += 1;
    }
  else if (leap)
    {
      return 0;
    }

  return new_moon_day (k + offset);
}

int
mc_lunar_month_length (int      lunar_year,
                       int      month,
                       gboolean leap)
{
  int start;
  int next_start;

  if (!year_in_range (lunar_year))
    return 0;
  start = lunar_month_start (lunar_year, month, leap);
  if (start == 0)
    return 0;
  /* The next new moon after the start, whatever its number. */
  next_start = new_moon_day ((int) floor ((start - 2415021.076998695) / SYNODIC_MONTH + 0.5) + 1);
  return next_start - start;
}

int
mc_lunar_leap_month (int lunar_year)
{
  for (int m = 1; m <= 12; m++)
    if (lunar_month_start (lunar_year, m, TRUE) != 0)
      return m;
  return 0;
}

gboolean
mc_lunar_to_solar (const McLunarDate *lunar,
                   int               *year,
                   int               *month,
                   int               *day)
{
  int start;
  int length;

  g_return_val_if_fail (lunar != NULL, FALSE);

  if (!year_in_range (lunar->year) || lunar->day < 1 || lunar->day > 30)
    return FALSE;
  start = lunar_month_start (lunar->year, lunar->month, lunar->leap);
  if (start == 0)
    return FALSE;
  length = mc_lunar_month_length (lunar->year, lunar->month, lunar->leap);
  if (lunar->day > length)
    return FALSE;
  mc_julian_day_to_date (start + lunar->day - 1, year, month, day);
  return TRUE;
}
