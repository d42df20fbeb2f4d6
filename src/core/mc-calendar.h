/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The working calendar of a province: office hours, weekly rest days, the
 * Labour Code holidays (solar and lunar) with their compensation days, and
 * the administrator's exceptions for a given year, which override all of
 * that. Deadlines are computed on it (mc-deadline.h).
 *
 * Days are kept in a table from MC_CALENDAR_FIRST_YEAR to
 * MC_CALENDAR_LAST_YEAR with a running count of working days, so that
 * finding the n-th working day after a date is a binary search, not a walk.
 * The table is built on first use and again after any change. Configure a
 * calendar first; then any number of threads may read it. */

#define MC_CALENDAR_FIRST_YEAR 1900
#define MC_CALENDAR_LAST_YEAR 2100
/* The first year with Vietnamese Culture Day (24 November) off, unless
 * mc_calendar_set_culture_day_from() says otherwise. */
#define MC_CALENDAR_CULTURE_DAY_FROM 2026
#define MC_CALENDAR_MAX_INTERVALS 4

#define MC_TYPE_CALENDAR (mc_calendar_get_type ())
G_DECLARE_FINAL_TYPE (McCalendar, mc_calendar, MC, CALENDAR, GObject)

#define MC_CALENDAR_ERROR (mc_calendar_error_quark ())

typedef enum {
  MC_CALENDAR_ERROR_OUT_OF_RANGE,   /* a date outside FIRST_YEAR..LAST_YEAR */
  MC_CALENDAR_ERROR_INVALID_DATE,   /* 30/02, month 13 … */
  MC_CALENDAR_ERROR_INVALID_HOURS,  /* office hours that overlap or are empty */
} McCalendarError;

/* A day's kind. A holiday on a weekday and an exception "off" are
 * MC_DAY_OFF; a weekly rest day made a working day is MC_DAY_WORK. */
typedef enum {
  MC_DAY_WORKING = 0,   /* an ordinary working day */
  MC_DAY_WEEKEND,       /* an ordinary weekly rest day */
  MC_DAY_OFF,           /* a holiday, compensation day or extra day off */
  MC_DAY_WORK,          /* a make-up working day on a weekly rest day */
} McDayKind;

/* What the administrator says of one date; it overrides the defaults. */
typedef enum {
  MC_EXCEPTION_OFF = 0,
  MC_EXCEPTION_WORK,
} McExceptionKind;

typedef struct {
  int start;   /* minutes after local midnight */
  int end;
} McInterval;

typedef struct {
  guint      n_intervals;
  McInterval intervals[MC_CALENDAR_MAX_INTERVALS];
  int        same_day_cutoff;  /* minutes: "same day" after this is next day */
  guint8     working_weekdays; /* bit 1 = Monday … bit 7 = Sunday */
} McOfficeHours;

/* One line of a year's calendar listing. */
typedef struct {
  int         year, month, day;
  McDayKind   kind;            /* MC_DAY_OFF or MC_DAY_WORK */
  const char *name;            /* translated, owned by the calendar */
} McCalendarEntry;

GQuark      mc_calendar_error_quark       (void);

McCalendar *mc_calendar_new               (void);
/* Works out the weekly rest days and the holidays of the default
 * calendar for every year of the table, once per process, so that the
 * first calendar built does not pay for it; thread-safe, for a thread at
 * start-up. */
void        mc_calendar_prepare           (void);

/* Office hours. The default is 08:00–12:00 and 13:00–17:00, Monday to
 * Friday, with the same-day cutoff at 15:00. */
void        mc_office_hours_init_default  (McOfficeHours       *hours);
/* Parses "08:00-12:00,13:00-17:00". */
gboolean    mc_office_hours_parse         (const char          *text,
                                           McOfficeHours       *hours,
                                           GError             **error);
char       *mc_office_hours_to_string     (const McOfficeHours *hours);
gboolean    mc_calendar_set_office_hours  (McCalendar          *self,
                                           const McOfficeHours *hours,
                                           GError             **error);
const McOfficeHours *
            mc_calendar_get_office_hours  (McCalendar          *self);
/* Working seconds in a full working day (28800 with the default hours). */
gint64      mc_calendar_get_day_seconds   (McCalendar          *self);

/* Vietnamese Culture Day, 24 November, reported as a paid day off from
 * 2026 (domain.md §7, unconfirmed): on by default, 0 switches it off. */
void        mc_calendar_set_culture_day_from (McCalendar       *self,
                                              int               year);

/* Exceptions. Adding one for a date that has one replaces it. */
gboolean    mc_calendar_add_exception     (McCalendar          *self,
                                           int                  year,
                                           int                  month,
                                           int                  day,
                                           McExceptionKind      kind,
                                           const char          *name,
                                           GError             **error);
gboolean    mc_calendar_remove_exception  (McCalendar          *self,
                                           int                  year,
                                           int                  month,
                                           int                  day);
void        mc_calendar_clear_exceptions  (McCalendar          *self);

/* The kind of a day and, for MC_DAY_OFF / MC_DAY_WORK, its name. */
gboolean    mc_calendar_get_day           (McCalendar          *self,
                                           int                  year,
                                           int                  month,
                                           int                  day,
                                           McDayKind           *kind,
                                           const char         **name,
                                           GError             **error);
gboolean    mc_calendar_is_working_day    (McCalendar          *self,
                                           int                  year,
                                           int                  month,
                                           int                  day);

/* Every non-working Monday–Friday and every working Saturday/Sunday of a
 * year, sorted by date: an array of McCalendarEntry. */
GArray     *mc_calendar_list_year         (McCalendar          *self,
                                           int                  year,
                                           GError             **error);

G_END_DECLS
