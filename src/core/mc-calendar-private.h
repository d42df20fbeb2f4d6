/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mc-calendar.h"

G_BEGIN_DECLS

/* The day table behind a calendar, shared with mc-deadline.c. Days are
 * numbered from 1970-01-01 in the province's local time ("day numbers");
 * working time is counted in seconds from the table's first day. */
typedef struct {
  int         first_dn;     /* day number of 1 January of FIRST_YEAR */
  int         n_days;
  guint8     *kinds;        /* McDayKind per day */
  gint32     *cum;          /* n_days + 1: working days before each day */
  GHashTable *names;        /* day number → interned name */
  gint64      day_seconds;  /* working seconds in one working day */
  McOfficeHours hours;
  gint64      offset;       /* seconds east of UTC */
} McDayTable;

const McDayTable *_mc_calendar_get_table (McCalendar *self);

int       _mc_day_number_from_date   (int year, int month, int day);
void      _mc_day_number_to_date     (int dn, int *year, int *month, int *day);
int       _mc_day_number_weekday     (int dn);   /* 1 = Monday … 7 = Sunday */

static inline gboolean
_mc_day_table_has_day (const McDayTable *t,
                       int               dn)
{
  return dn >= t->first_dn && dn < t->first_dn + t->n_days;
}

static inline gboolean
_mc_day_table_is_working (const McDayTable *t,
                          int               dn)
{
  guint8 k = t->kinds[dn - t->first_dn];
  return k == 0 /* MC_DAY_WORKING */ || k == 3 /* MC_DAY_WORK */;
}

/* Local day number and seconds into that day of a moment. */
static inline int
_mc_day_table_split (const McDayTable *t,
                     gint64            moment,
                     int              *secs_of_day)
{
  gint64 local = moment + t->offset;
  gint64 dn = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);

  if (secs_of_day != NULL)
    *secs_of_day = (int) (local - dn * 86400);
  return (int) dn;
}

static inline gint64
_mc_day_table_moment (const McDayTable *t,
                      int               dn,
                      int               secs_of_day)
{
  return (gint64) dn * 86400 + secs_of_day - t->offset;
}

/* Working seconds elapsed from the start of the table to a moment (the
 * moment must be inside the table). */
gint64    _mc_day_table_working_seconds (const McDayTable *t,
                                         gint64            moment);
/* The earliest moment at which `x` working seconds have elapsed. Returns
 * MC_TIME_NONE past the end of the table. */
gint64    _mc_day_table_moment_at       (const McDayTable *t,
                                         gint64            x);
/* The first working day at or after a day; -1 past the table. */
int       _mc_day_table_next_working    (const McDayTable *t,
                                         int               dn);
/* The moment the office closes on a day (end of the last interval). */
gint64    _mc_day_table_close           (const McDayTable *t,
                                         int               dn);
/* The moment the office opens on a day (start of the first interval). */
gint64    _mc_day_table_open            (const McDayTable *t,
                                         int               dn);

G_END_DECLS
