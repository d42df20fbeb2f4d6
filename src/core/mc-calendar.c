/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "mc-calendar-private.h"
#include "mc-lunar.h"
#include "mc-time.h"

/* The Julian day number of 1970-01-01. */
#define UNIX_EPOCH_JDN 2440588

typedef struct {
  McExceptionKind kind;
  const char     *name;   /* interned */
} Exception;

struct _McCalendar
{
  GObject        parent_instance;

  McOfficeHours  hours;
  int            culture_day_from;
  GHashTable    *exceptions;   /* day number → Exception, owned */

  GMutex         lock;
  McDayTable    *table;        /* owned, nullable: built on first use */
};

G_DEFINE_FINAL_TYPE (McCalendar, mc_calendar, G_TYPE_OBJECT)
G_DEFINE_QUARK (mc-calendar-error-quark, mc_calendar_error)

int
_mc_day_number_from_date (int year,
                          int month,
                          int day)
{
  return mc_julian_day_from_date (year, month, day) - UNIX_EPOCH_JDN;
}

void
_mc_day_number_to_date (int  dn,
                        int *year,
                        int *month,
                        int *day)
{
  mc_julian_day_to_date (dn + UNIX_EPOCH_JDN, year, month, day);
}

int
_mc_day_number_weekday (int dn)
{
  /* 1970-01-01 was a Thursday. */
  return ((dn % 7 + 7) % 7 + 3) % 7 + 1;
}

static gboolean
date_is_valid (int year,
               int month,
               int day)
{
  return month >= 1 && month <= 12 && day >= 1 &&
         year >= 1 && year <= 9999 &&
         day <= g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year);
}

static gboolean
check_date (int      year,
            int      month,
            int      day,
            GError **error)
{
  if (!date_is_valid (year, month, day))
    {
      g_set_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_INVALID_DATE,
                   _("%02d/%02d/%04d is not a valid date"), day, month, year);
      return FALSE;
    }
  if (year < MC_CALENDAR_FIRST_YEAR || year > MC_CALENDAR_LAST_YEAR)
    {
      g_set_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_OUT_OF_RANGE,
                   _("The working calendar covers the years %d to %d only"),
                   MC_CALENDAR_FIRST_YEAR, MC_CALENDAR_LAST_YEAR);
      return FALSE;
    }
  return TRUE;
}

/* Office hours */

void
mc_office_hours_init_default (McOfficeHours *hours)
{
  g_return_if_fail (hours != NULL);

  memset (hours, 0, sizeof *hours);
  hours->n_intervals = 2;
  hours->intervals[0] = (McInterval) { 8 * 60, 12 * 60 };
  hours->intervals[1] = (McInterval) { 13 * 60, 17 * 60 };
  hours->same_day_cutoff = 15 * 60;
  hours->working_weekdays = (1 << 1) | (1 << 2) | (1 << 3) | (1 << 4) | (1 << 5);
}

static gboolean
office_hours_validate (const McOfficeHours *hours,
                       GError             **error)
{
  int previous_end = 0;

  if (hours->n_intervals == 0 || hours->n_intervals > MC_CALENDAR_MAX_INTERVALS)
    goto invalid;
  for (guint i = 0; i < hours->n_intervals; i++)
    {
      const McInterval *iv = &hours->intervals[i];

      if (iv->start < previous_end || iv->end <= iv->start || iv->end > 24 * 60)
        goto invalid;
      previous_end = iv->end;
    }
  if (hours->same_day_cutoff < 0 || hours->same_day_cutoff > 24 * 60)
    goto invalid;
  if ((hours->working_weekdays & 0xfe) == 0 || (hours->working_weekdays & 1) != 0)
    goto invalid;
  return TRUE;

invalid:
  g_set_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_INVALID_HOURS,
               _("Office hours must be one to four periods in order, such as "
                 "“08:00-12:00,13:00-17:00”"));
  return FALSE;
}

static gboolean
parse_clock (const char *text,
             const char *end,
             int        *minutes)
{
  int h = 0, m = 0, digits = 0;
  const char *p = text;

  while (p < end && g_ascii_isspace (*p))
    p++;
  for (; p < end && g_ascii_isdigit (*p) && digits < 2; p++, digits++)
    h = h * 10 + (*p - '0');
  if (digits == 0 || p >= end || *p != ':')
    return FALSE;
  p++;
  digits = 0;
  for (; p < end && g_ascii_isdigit (*p) && digits < 2; p++, digits++)
    m = m * 10 + (*p - '0');
  if (digits != 2)
    return FALSE;
  while (p < end && g_ascii_isspace (*p))
    p++;
  if (p != end || h > 24 || m > 59 || (h == 24 && m != 0))
    return FALSE;
  *minutes = h * 60 + m;
  return TRUE;
}

gboolean
mc_office_hours_parse (const char    *text,
                       McOfficeHours *hours,
                       GError       **error)
{
  McOfficeHours parsed;
  g_auto(GStrv) periods = NULL;

  g_return_val_if_fail (hours != NULL, FALSE);

  mc_office_hours_init_default (&parsed);
  parsed.n_intervals = 0;
  if (text == NULL)
    goto invalid;
  periods = g_strsplit (text, ",", -1);
  for (guint i = 0; periods[i] != NULL; i++)
    {
      const char *dash = strchr (periods[i], '-');
      McInterval iv;

      if (parsed.n_intervals == MC_CALENDAR_MAX_INTERVALS || dash == NULL ||
          !parse_clock (periods[i], dash, &iv.start) ||
          !parse_clock (dash + 1, dash + 1 + strlen (dash + 1), &iv.end))
        goto invalid;
      parsed.intervals[parsed.n_intervals++] = iv;
    }
  if (!office_hours_validate (&parsed, error))
    return FALSE;
  *hours = parsed;
  return TRUE;

invalid:
  g_set_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_INVALID_HOURS,
               _("Office hours must be one to four periods in order, such as "
                 "“08:00-12:00,13:00-17:00”"));
  return FALSE;
}

char *
mc_office_hours_to_string (const McOfficeHours *hours)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < hours->n_intervals; i++)
    g_string_append_printf (s, "%s%02d:%02d-%02d:%02d", i ? "," : "",
                            hours->intervals[i].start / 60, hours->intervals[i].start % 60,
                            hours->intervals[i].end / 60, hours->intervals[i].end % 60);
  return g_string_free (s, FALSE);
}

/* The table */

static void
day_table_free (McDayTable *t)
{
  if (t == NULL)
    return;
  g_free (t->kinds);
  g_free (t->cum);
  g_clear_pointer (&t->names, g_hash_table_unref);
  g_free (t);
}

static void
set_name (McDayTable *t,
          int         dn,
          const char *name)
{
  g_hash_table_insert (t->names, GINT_TO_POINTER (dn), (gpointer) g_intern_string (name));
}

static int
lunar_date_day_number (int year,
                       int month,
                       int day)
{
  McLunarDate lunar = { year, month, day, FALSE };
  int y, m, d;

  if (!mc_lunar_to_solar (&lunar, &y, &m, &d))
    g_assert_not_reached ();
  return _mc_day_number_from_date (y, m, d);
}

typedef struct {
  int         dn;
  const char *name;
} Holiday;

/* The Labour Code 2019, article 112, for one year: the defaults before any
 * announcement of the year. */
static void
collect_holidays (int     culture_day_from,
                  int     year,
                  GArray *out)
{
  int tet = lunar_date_day_number (year, 1, 1);
  int national = _mc_day_number_from_date (year, 9, 2);
  int adjacent;
  Holiday h;

#define ADD(day_number, label) \
  G_STMT_START { h.dn = (day_number); h.name = (label); g_array_append_val (out, h); } G_STMT_END

  ADD (_mc_day_number_from_date (year, 1, 1), _("New Year’s Day"));
  /* Without an announcement, Tết is the last day of the old lunar year and
   * the first four days of the new one (domain.md §7). */
  for (int i = -1; i <= 3; i++)
    ADD (tet + i, _("Lunar New Year (Tết)"));
  ADD (lunar_date_day_number (year, 3, 10), _("Hùng Kings’ Commemoration Day"));
  ADD (_mc_day_number_from_date (year, 4, 30), _("Reunification Day"));
  ADD (_mc_day_number_from_date (year, 5, 1), _("International Labour Day"));

  /* National Day is 2 September and one day next to it, chosen each year.
   * By default take the one that joins the break to a weekend, as the
   * announcements of 2021–2025 did; on a Wednesday the day before. */
  switch (_mc_day_number_weekday (national))
    {
    case 1: /* Monday: Tuesday 3/9 */
    case 4: /* Thursday: Friday 3/9 */
      adjacent = national + 1;
      break;
    default:
      adjacent = national - 1;
      break;
    }
  ADD (MIN (national, adjacent), _("National Day"));
  ADD (MAX (national, adjacent), _("National Day"));

  if (culture_day_from > 0 && year >= culture_day_from)
    ADD (_mc_day_number_from_date (year, 11, 24), _("Vietnamese Culture Day"));
#undef ADD
}

static int
compare_holidays (gconstpointer a,
                  gconstpointer b)
{
  const Holiday *ha = a, *hb = b;
  return (ha->dn > hb->dn) - (ha->dn < hb->dn);
}

/* The days before the administrator's word: weekly rest days and the
 * Labour Code's holidays, with their names. They depend only on the
 * working weekdays and the year Culture Day begins, and the calendars of
 * a process have the same ones: each pair is worked out once (on a
 * thread, see mc_calendar_prepare()) and copied into each table. */
typedef struct {
  guint8      working_weekdays;
  int         culture_day_from;
  guint8     *kinds;   /* owned: n_days */
  GHashTable *names;   /* owned: day number → interned name */
} BaseDays;

static GMutex     base_days_lock;
static GPtrArray *base_days_list;   /* BaseDays *, never freed */

static BaseDays *
base_days_build (guint8 working_weekdays,
                 int    culture_day_from)
{
  BaseDays *b = g_new0 (BaseDays, 1);
  int first_dn = _mc_day_number_from_date (MC_CALENDAR_FIRST_YEAR, 1, 1);
  int n_days = _mc_day_number_from_date (MC_CALENDAR_LAST_YEAR, 12, 31) - first_dn + 1;
  g_autoptr(GArray) holidays = g_array_new (FALSE, FALSE, sizeof (Holiday));

  b->working_weekdays = working_weekdays;
  b->culture_day_from = culture_day_from;
  b->kinds = g_new (guint8, n_days);
  b->names = g_hash_table_new (NULL, NULL);

  for (int i = 0; i < n_days; i++)
    {
      int wd = _mc_day_number_weekday (first_dn + i);
      b->kinds[i] = (working_weekdays & (1 << wd)) ? MC_DAY_WORKING : MC_DAY_WEEKEND;
    }

  for (int year = MC_CALENDAR_FIRST_YEAR; year <= MC_CALENDAR_LAST_YEAR; year++)
    {
      g_array_set_size (holidays, 0);
      collect_holidays (culture_day_from, year, holidays);
      g_array_sort (holidays, compare_holidays);

      for (guint i = 0; i < holidays->len; i++)
        {
          const Holiday *h = &g_array_index (holidays, Holiday, i);
          int idx = h->dn - first_dn;

          if (idx < 0 || idx >= n_days)
            continue;
          g_hash_table_insert (b->names, GINT_TO_POINTER (h->dn), (gpointer) g_intern_string (h->name));
          if (b->kinds[idx] == MC_DAY_WORKING)
            b->kinds[idx] = MC_DAY_OFF;
        }

      /* A holiday on a weekly rest day is made up on the next day that is
       * still a working day, after the whole run of holidays it sits in. */
      for (guint i = 0; i < holidays->len; i++)
        {
          const Holiday *h = &g_array_index (holidays, Holiday, i);
          int idx = h->dn - first_dn;

          if (idx < 0 || idx >= n_days || b->kinds[idx] != MC_DAY_WEEKEND)
            continue;
          for (int j = idx + 1; j < n_days; j++)
            {
              if (b->kinds[j] == MC_DAY_WORKING)
                {
                  g_autofree char *label = g_strdup_printf (_("Compensatory day off for %s"), h->name);
                  b->kinds[j] = MC_DAY_OFF;
                  g_hash_table_insert (b->names, GINT_TO_POINTER (first_dn + j),
                                       (gpointer) g_intern_string (label));
                  break;
                }
            }
        }
    }
  return b;
}

static const BaseDays *
base_days_get (guint8 working_weekdays,
               int    culture_day_from)
{
  BaseDays *found = NULL;

  g_mutex_lock (&base_days_lock);
  if (base_days_list == NULL)
    base_days_list = g_ptr_array_new ();
  for (guint i = 0; i < base_days_list->len && found == NULL; i++)
    {
      BaseDays *b = g_ptr_array_index (base_days_list, i);

      if (b->working_weekdays == working_weekdays && b->culture_day_from == culture_day_from)
        found = b;
    }
  if (found == NULL)
    {
      found = base_days_build (working_weekdays, culture_day_from);
      g_ptr_array_add (base_days_list, found);
    }
  g_mutex_unlock (&base_days_lock);
  return found;
}

void
mc_calendar_prepare (void)
{
  McOfficeHours hours;

  mc_office_hours_init_default (&hours);
  base_days_get (hours.working_weekdays, MC_CALENDAR_CULTURE_DAY_FROM);
}

static McDayTable *
day_table_build (McCalendar *self)
{
  McDayTable *t = g_new0 (McDayTable, 1);
  int last_dn = _mc_day_number_from_date (MC_CALENDAR_LAST_YEAR, 12, 31);
  const BaseDays *base = base_days_get (self->hours.working_weekdays, self->culture_day_from);
  GHashTableIter iter;
  gpointer key, value;

  t->first_dn = _mc_day_number_from_date (MC_CALENDAR_FIRST_YEAR, 1, 1);
  t->n_days = last_dn - t->first_dn + 1;
  t->kinds = g_memdup2 (base->kinds, t->n_days);
  t->cum = g_new (gint32, t->n_days + 1);
  t->names = g_hash_table_new (NULL, NULL);
  t->hours = self->hours;
  t->offset = MC_TIME_PROVINCE_OFFSET;
  t->day_seconds = 0;
  for (guint i = 0; i < self->hours.n_intervals; i++)
    t->day_seconds += (gint64) (self->hours.intervals[i].end - self->hours.intervals[i].start) * 60;

  g_hash_table_iter_init (&iter, base->names);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (t->names, key, value);

  /* The administrator's word is final. */
  g_hash_table_iter_init (&iter, self->exceptions);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      int dn = GPOINTER_TO_INT (key);
      const Exception *e = value;
      int idx = dn - t->first_dn;
      int wd = _mc_day_number_weekday (dn);
      gboolean usual_working = (self->hours.working_weekdays & (1 << wd)) != 0;

      if (idx < 0 || idx >= t->n_days)
        continue;
      if (e->kind == MC_EXCEPTION_OFF)
        t->kinds[idx] = usual_working ? MC_DAY_OFF : MC_DAY_WEEKEND;
      else
        t->kinds[idx] = usual_working ? MC_DAY_WORKING : MC_DAY_WORK;
      if (e->name != NULL && *e->name != '\0')
        set_name (t, dn, e->name);
      else if (e->kind == MC_EXCEPTION_WORK && usual_working)
        g_hash_table_remove (t->names, GINT_TO_POINTER (dn));
      else
        set_name (t, dn, e->kind == MC_EXCEPTION_OFF ? _("Day off") : _("Make-up working day"));
    }

  t->cum[0] = 0;
  for (int i = 0; i < t->n_days; i++)
    t->cum[i + 1] = t->cum[i] + (_mc_day_table_is_working (t, t->first_dn + i) ? 1 : 0);

  return t;
}

const McDayTable *
_mc_calendar_get_table (McCalendar *self)
{
  McDayTable *t;

  /* Double-checked: built once, then read without the lock. */
  t = g_atomic_pointer_get (&self->table);
  if (G_LIKELY (t != NULL))
    return t;

  g_mutex_lock (&self->lock);
  if (self->table == NULL)
    g_atomic_pointer_set (&self->table, day_table_build (self));
  t = self->table;
  g_mutex_unlock (&self->lock);
  return t;
}

static void
invalidate (McCalendar *self)
{
  McDayTable *t;

  g_mutex_lock (&self->lock);
  t = self->table;
  g_atomic_pointer_set (&self->table, NULL);
  g_mutex_unlock (&self->lock);
  day_table_free (t);
}

gint64
_mc_day_table_working_seconds (const McDayTable *t,
                               gint64            moment)
{
  int secs;
  int dn = _mc_day_table_split (t, moment, &secs);
  int idx = dn - t->first_dn;
  gint64 elapsed = 0;

  g_assert (idx >= 0 && idx < t->n_days);

  if (_mc_day_table_is_working (t, dn))
    {
      for (guint i = 0; i < t->hours.n_intervals; i++)
        {
          int start = t->hours.intervals[i].start * 60;
          int end = t->hours.intervals[i].end * 60;

          if (secs >= end)
            elapsed += end - start;
          else if (secs > start)
            elapsed += secs - start;
        }
    }
  return (gint64) t->cum[idx] * t->day_seconds + elapsed;
}

gint64
_mc_day_table_moment_at (const McDayTable *t,
                         gint64            x)
{
  gint64 j, r;
  int lo, hi;

  if (x <= 0)
    return _mc_day_table_moment (t, t->first_dn, 0);

  /* The (j+1)-th working day holds the moment, r seconds into it. */
  j = (x - 1) / t->day_seconds;
  r = x - j * t->day_seconds;
  if (j >= t->cum[t->n_days])
    return MC_TIME_NONE;

  /* The first day i with cum[i + 1] > j. */
  lo = 0;
  hi = t->n_days - 1;
  while (lo < hi)
    {
      int mid = lo + (hi - lo) / 2;
      if (t->cum[mid + 1] > j)
        hi = mid;
      else
        lo = mid + 1;
    }

  for (guint i = 0; i < t->hours.n_intervals; i++)
    {
      gint64 len = (gint64) (t->hours.intervals[i].end - t->hours.intervals[i].start) * 60;

      if (r <= len)
        return _mc_day_table_moment (t, t->first_dn + lo, (int) (t->hours.intervals[i].start * 60 + r));
      r -= len;
    }
  g_assert_not_reached ();
  return MC_TIME_NONE;
}

int
_mc_day_table_next_working (const McDayTable *t,
                            int               dn)
{
  int idx = dn - t->first_dn;
  int lo, hi;

  if (idx < 0)
    idx = 0;
  if (idx >= t->n_days || t->cum[idx] == t->cum[t->n_days])
    return -1;
  /* The first day at or after idx where the running count grows. */
  lo = idx;
  hi = t->n_days - 1;
  while (lo < hi)
    {
      int mid = lo + (hi - lo) / 2;
      if (t->cum[mid + 1] > t->cum[idx])
        hi = mid;
      else
        lo = mid + 1;
    }
  return t->first_dn + lo;
}

gint64
_mc_day_table_close (const McDayTable *t,
                     int               dn)
{
  return _mc_day_table_moment (t, dn, t->hours.intervals[t->hours.n_intervals - 1].end * 60);
}

gint64
_mc_day_table_open (const McDayTable *t,
                    int               dn)
{
  return _mc_day_table_moment (t, dn, t->hours.intervals[0].start * 60);
}

/* The object */

static void
mc_calendar_finalize (GObject *object)
{
  McCalendar *self = MC_CALENDAR (object);

  g_clear_pointer (&self->table, day_table_free);
  g_clear_pointer (&self->exceptions, g_hash_table_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (mc_calendar_parent_class)->finalize (object);
}

static void
mc_calendar_class_init (McCalendarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mc_calendar_finalize;
}

static void
mc_calendar_init (McCalendar *self)
{
  mc_office_hours_init_default (&self->hours);
  self->culture_day_from = MC_CALENDAR_CULTURE_DAY_FROM;
  self->exceptions = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_mutex_init (&self->lock);
}

McCalendar *
mc_calendar_new (void)
{
  return g_object_new (MC_TYPE_CALENDAR, NULL);
}

gboolean
mc_calendar_set_office_hours (McCalendar          *self,
                              const McOfficeHours *hours,
                              GError             **error)
{
  g_return_val_if_fail (MC_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (hours != NULL, FALSE);

  if (!office_hours_validate (hours, error))
    return FALSE;
  self->hours = *hours;
  invalidate (self);
  return TRUE;
}

const McOfficeHours *
mc_calendar_get_office_hours (McCalendar *self)
{
  g_return_val_if_fail (MC_IS_CALENDAR (self), NULL);
  return &self->hours;
}

gint64
mc_calendar_get_day_seconds (McCalendar *self)
{
  g_return_val_if_fail (MC_IS_CALENDAR (self), 0);
  return _mc_calendar_get_table (self)->day_seconds;
}

void
mc_calendar_set_culture_day_from (McCalendar *self,
                                  int         year)
{
  g_return_if_fail (MC_IS_CALENDAR (self));

  if (self->culture_day_from == year)
    return;
  self->culture_day_from = year;
  invalidate (self);
}

gboolean
mc_calendar_add_exception (McCalendar      *self,
                           int              year,
                           int              month,
                           int              day,
                           McExceptionKind  kind,
                           const char      *name,
                           GError         **error)
{
  Exception *e;

  g_return_val_if_fail (MC_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (kind == MC_EXCEPTION_OFF || kind == MC_EXCEPTION_WORK, FALSE);

  if (!check_date (year, month, day, error))
    return FALSE;
  e = g_new0 (Exception, 1);
  e->kind = kind;
  e->name = name != NULL ? g_intern_string (name) : NULL;
  g_hash_table_insert (self->exceptions,
                       GINT_TO_POINTER (_mc_day_number_from_date (year, month, day)), e);
  invalidate (self);
  return TRUE;
}

gboolean
mc_calendar_remove_exception (McCalendar *self,
                              int         year,
                              int         month,
                              int         day)
{
  g_return_val_if_fail (MC_IS_CALENDAR (self), FALSE);

  if (!date_is_valid (year, month, day))
    return FALSE;
  if (!g_hash_table_remove (self->exceptions,
                            GINT_TO_POINTER (_mc_day_number_from_date (year, month, day))))
    return FALSE;
  invalidate (self);
  return TRUE;
}

void
mc_calendar_clear_exceptions (McCalendar *self)
{
  g_return_if_fail (MC_IS_CALENDAR (self));

  if (g_hash_table_size (self->exceptions) == 0)
    return;
  g_hash_table_remove_all (self->exceptions);
  invalidate (self);
}

gboolean
mc_calendar_get_day (McCalendar  *self,
                     int          year,
                     int          month,
                     int          day,
                     McDayKind   *kind,
                     const char **name,
                     GError     **error)
{
  const McDayTable *t;
  int dn;

  g_return_val_if_fail (MC_IS_CALENDAR (self), FALSE);

  if (!check_date (year, month, day, error))
    return FALSE;
  t = _mc_calendar_get_table (self);
  dn = _mc_day_number_from_date (year, month, day);
  if (kind != NULL)
    *kind = t->kinds[dn - t->first_dn];
  if (name != NULL)
    *name = g_hash_table_lookup (t->names, GINT_TO_POINTER (dn));
  return TRUE;
}

gboolean
mc_calendar_is_working_day (McCalendar *self,
                            int         year,
                            int         month,
                            int         day)
{
  McDayKind kind;

  if (!mc_calendar_get_day (self, year, month, day, &kind, NULL, NULL))
    return FALSE;
  return kind == MC_DAY_WORKING || kind == MC_DAY_WORK;
}

GArray *
mc_calendar_list_year (McCalendar *self,
                       int         year,
                       GError    **error)
{
  const McDayTable *t;
  GArray *entries;
  int first, last;

  g_return_val_if_fail (MC_IS_CALENDAR (self), NULL);

  if (!check_date (year, 1, 1, error))
    return NULL;
  t = _mc_calendar_get_table (self);
  first = _mc_day_number_from_date (year, 1, 1);
  last = _mc_day_number_from_date (year, 12, 31);
  entries = g_array_new (FALSE, TRUE, sizeof (McCalendarEntry));
  for (int dn = first; dn <= last; dn++)
    {
      McDayKind kind = t->kinds[dn - t->first_dn];
      McCalendarEntry e;

      if (kind != MC_DAY_OFF && kind != MC_DAY_WORK)
        continue;
      _mc_day_number_to_date (dn, &e.year, &e.month, &e.day);
      e.kind = kind;
      e.name = g_hash_table_lookup (t->names, GINT_TO_POINTER (dn));
      if (e.name == NULL)
        e.name = kind == MC_DAY_OFF ? _("Day off") : _("Make-up working day");
      g_array_append_val (entries, e);
    }
  return entries;
}
