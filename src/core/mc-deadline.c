/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "mc-calendar-private.h"
#include "mc-deadline.h"
#include "mc-time.h"

G_DEFINE_QUARK (mc-deadline-error-quark, mc_deadline_error)

/* A working day counts as eight working hours whatever the office hours
 * (design.md: N working days = N × 8 working hours). */
#define WORKING_DAY_SECONDS (8 * 3600)
#define MAX_AMOUNT 3650

gboolean
mc_time_limit_parse (const char  *text,
                     int         *amount,
                     McLimitUnit *unit,
                     GError     **error)
{
  g_autofree char *copy = NULL;
  g_auto(GStrv) words = NULL;
  guint64 n;
  char *end;

  g_return_val_if_fail (amount != NULL && unit != NULL, FALSE);

  if (text == NULL)
    goto invalid;
  copy = g_strstrip (g_strdup (text));
  if (g_strcmp0 (copy, "same-day") == 0)
    {
      *amount = 0;
      *unit = MC_LIMIT_SAME_DAY;
      return TRUE;
    }

  words = g_strsplit_set (copy, " \t", -1);
  if (g_strv_length (words) != 2 || words[0][0] == '\0' || !g_ascii_isdigit (words[0][0]))
    goto invalid;
  n = g_ascii_strtoull (words[0], &end, 10);
  if (*end != '\0' || n < 1 || n > MAX_AMOUNT)
    goto invalid;

  if (g_str_equal (words[1], "working-days") || g_str_equal (words[1], "working-day"))
    *unit = MC_LIMIT_WORKING_DAYS;
  else if (g_str_equal (words[1], "working-hours") || g_str_equal (words[1], "working-hour"))
    *unit = MC_LIMIT_WORKING_HOURS;
  else if (g_str_equal (words[1], "days") || g_str_equal (words[1], "day"))
    *unit = MC_LIMIT_CALENDAR_DAYS;
  else
    goto invalid;
  *amount = (int) n;
  return TRUE;

invalid:
  g_set_error (error, MC_DEADLINE_ERROR, MC_DEADLINE_ERROR_INVALID_LIMIT,
               _("“%s” is not a time limit: write “N working-days”, “N working-hours”, "
                 "“N days” or “same-day”, with N from 1 to %d"),
               text ? text : "", MAX_AMOUNT);
  return FALSE;
}

char *
mc_time_limit_to_string (int         amount,
                         McLimitUnit unit)
{
  switch (unit)
    {
    case MC_LIMIT_WORKING_DAYS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d working day", "%d working days", amount), amount);
    case MC_LIMIT_WORKING_HOURS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d working hour", "%d working hours", amount), amount);
    case MC_LIMIT_CALENDAR_DAYS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", amount), amount);
    case MC_LIMIT_SAME_DAY:
      return g_strdup (_("Same day"));
    default:
      return NULL;
    }
}

/* Explanation */

static void
step_free (gpointer data)
{
  McDueStep *step = data;

  g_free (step->text);
  g_free (step);
}

G_GNUC_PRINTF (5, 6)
static void
add_step (GPtrArray     *steps,
          McDueStepKind  kind,
          gint64         at,
          gint64         until,
          const char    *format,
          ...)
{
  McDueStep *step;
  va_list args;

  if (steps == NULL)
    return;
  step = g_new0 (McDueStep, 1);
  step->kind = kind;
  step->at = at;
  step->until = until;
  va_start (args, format);
  step->text = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (steps, step);
}

static const char *
weekday_name (int weekday)
{
  switch (weekday)
    {
    case 6: return _("Saturday");
    case 7: return _("Sunday");
    case 1: return _("Monday");
    case 2: return _("Tuesday");
    case 3: return _("Wednesday");
    case 4: return _("Thursday");
    case 5: return _("Friday");
    default: return "";
    }
}

/* Lists the days off from one day to another, both included. */
static void
explain_days_off (GPtrArray        *steps,
                  const McDayTable *t,
                  int               from_dn,
                  int               to_dn)
{
  if (steps == NULL)
    return;
  for (int dn = from_dn; dn <= to_dn && _mc_day_table_has_day (t, dn); dn++)
    {
      const char *name;
      int y, m, d;

      if (_mc_day_table_is_working (t, dn))
        continue;
      name = g_hash_table_lookup (t->names, GINT_TO_POINTER (dn));
      _mc_day_number_to_date (dn, &y, &m, &d);
      add_step (steps, MC_DUE_STEP_NON_WORKING_DAY, _mc_day_table_moment (t, dn, 0), MC_TIME_NONE,
                _("%02d/%02d/%04d (%s) is not a working day: %s"), d, m, y,
                weekday_name (_mc_day_number_weekday (dn)),
                name ? name : _("weekly rest day"));
    }
}

static gboolean
in_table (const McDayTable *t,
          gint64            moment)
{
  return _mc_day_table_has_day (t, _mc_day_table_split (t, moment, NULL));
}

static gboolean
out_of_range (GError **error)
{
  g_set_error (error, MC_DEADLINE_ERROR, MC_DEADLINE_ERROR_OUT_OF_RANGE,
               _("The due date falls outside the years %d to %d that the working calendar covers"),
               MC_CALENDAR_FIRST_YEAR, MC_CALENDAR_LAST_YEAR);
  return FALSE;
}

/* The moment the working clock starts for a dossier received at `moment`:
 * itself during office hours, else the next opening. */
static gint64
clock_start (const McDayTable *t,
             gint64            moment)
{
  int secs;
  int dn = _mc_day_table_split (t, moment, &secs);

  if (_mc_day_table_is_working (t, dn))
    {
      for (guint i = 0; i < t->hours.n_intervals; i++)
        {
          if (secs < t->hours.intervals[i].start * 60)
            return _mc_day_table_moment (t, dn, t->hours.intervals[i].start * 60);
          if (secs < t->hours.intervals[i].end * 60)
            return moment;
        }
    }
  dn = _mc_day_table_next_working (t, dn + 1);
  return dn < 0 ? MC_TIME_NONE : _mc_day_table_open (t, dn);
}

static char *
format_moment (gint64 moment)
{
  return mc_time_format_display (moment);
}

gboolean
mc_deadline_compute (McCalendar         *calendar,
                     const McDueRequest *request,
                     gint64             *due_at,
                     GPtrArray         **explanation,
                     GError            **error)
{
  const McDayTable *t;
  g_autoptr(GPtrArray) steps = NULL;
  gint64 start, due = MC_TIME_NONE;
  guint first_pause = 0;

  g_return_val_if_fail (MC_IS_CALENDAR (calendar), FALSE);
  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (due_at != NULL, FALSE);
  g_return_val_if_fail (request->n_pauses == 0 || request->pauses != NULL, FALSE);

  if (request->unit != MC_LIMIT_SAME_DAY &&
      (request->amount < 1 || request->amount > MAX_AMOUNT))
    {
      g_set_error (error, MC_DEADLINE_ERROR, MC_DEADLINE_ERROR_INVALID_LIMIT,
                   _("A time limit must be from 1 to %d"), MAX_AMOUNT);
      return FALSE;
    }
  if (request->unit > MC_LIMIT_SAME_DAY)
    {
      g_set_error (error, MC_DEADLINE_ERROR, MC_DEADLINE_ERROR_INVALID_LIMIT,
                   _("Unknown unit of time limit"));
      return FALSE;
    }

  t = _mc_calendar_get_table (calendar);
  if (!in_table (t, request->received_at))
    return out_of_range (error);

  for (guint i = 0; i < request->n_pauses; i++)
    {
      const McPause *p = &request->pauses[i];

      if (p->started_at < request->received_at ||
          (p->ended_at != MC_TIME_NONE && p->ended_at < p->started_at) ||
          (i > 0 && (request->pauses[i - 1].ended_at == MC_TIME_NONE ||
                     p->started_at < request->pauses[i - 1].ended_at)) ||
          !in_table (t, p->started_at) ||
          (p->ended_at != MC_TIME_NONE && !in_table (t, p->ended_at)))
        {
          g_set_error (error, MC_DEADLINE_ERROR, MC_DEADLINE_ERROR_INVALID_PAUSE,
                       _("The supplement waits must follow one another after the reception, "
                         "each ending after it starts"));
          return FALSE;
        }
    }

  if (explanation != NULL)
    steps = g_ptr_array_new_with_free_func (step_free);

  if (steps != NULL)
    {
      g_autofree char *when = format_moment (request->received_at);
      g_autofree char *limit = mc_time_limit_to_string (request->amount, request->unit);

      add_step (steps, MC_DUE_STEP_RECEIVED, request->received_at, MC_TIME_NONE,
                _("Received at %s"), when);
      add_step (steps, MC_DUE_STEP_LIMIT, MC_TIME_NONE, MC_TIME_NONE,
                _("Legal time limit: %s"), limit);
    }

  start = request->received_at;

  /* Restart: only the last supplement matters; the count begins again when
   * it arrived, and earlier waits are history. */
  if (request->rule == MC_SUPPLEMENT_RESTART && request->n_pauses > 0)
    {
      const McPause *last = &request->pauses[request->n_pauses - 1];

      if (last->ended_at == MC_TIME_NONE)
        {
          g_autofree char *since = format_moment (last->started_at);
          add_step (steps, MC_DUE_STEP_PAUSED, last->started_at, MC_TIME_NONE,
                    _("Waiting for a supplement since %s: the count will restart when it arrives"), since);
          *due_at = MC_TIME_NONE;
          if (explanation != NULL)
            *explanation = g_steal_pointer (&steps);
          return TRUE;
        }
      start = last->ended_at;
      first_pause = request->n_pauses;
      if (steps != NULL)
        {
          g_autofree char *when = format_moment (start);
          add_step (steps, MC_DUE_STEP_RESTART, start, MC_TIME_NONE,
                    _("Supplement received at %s: the count restarts from the beginning"), when);
        }
    }

  switch (request->unit)
    {
    case MC_LIMIT_WORKING_DAYS:
    case MC_LIMIT_WORKING_HOURS:
      {
        gint64 limit = (gint64) request->amount *
                       (request->unit == MC_LIMIT_WORKING_DAYS ? WORKING_DAY_SECONDS : 3600);
        gint64 first = clock_start (t, start);
        gint64 x;

        if (first == MC_TIME_NONE)
          return out_of_range (error);
        if (first != start && steps != NULL)
          {
            g_autofree char *when = format_moment (first);
            add_step (steps, MC_DUE_STEP_CLOCK_STARTS, first, MC_TIME_NONE,
                      _("Received outside office hours: the count starts at %s"), when);
          }
        x = _mc_day_table_working_seconds (t, start) + limit;
        due = _mc_day_table_moment_at (t, x);
      }
      break;

    case MC_LIMIT_SAME_DAY:
      {
        int secs;
        int dn = _mc_day_table_split (t, start, &secs);
        int due_dn;

        if (_mc_day_table_is_working (t, dn) && secs < t->hours.same_day_cutoff * 60)
          {
            due_dn = dn;
          }
        else
          {
            due_dn = _mc_day_table_next_working (t, dn + 1);
            if (_mc_day_table_is_working (t, dn))
              add_step (steps, MC_DUE_STEP_AFTER_CUTOFF, start, MC_TIME_NONE,
                        _("Received after %02d:%02d: due at the close of the next working day"),
                        t->hours.same_day_cutoff / 60, t->hours.same_day_cutoff % 60);
          }
        due = due_dn < 0 ? MC_TIME_NONE : _mc_day_table_close (t, due_dn);
      }
      break;

    case MC_LIMIT_CALENDAR_DAYS:
      due = start + (gint64) request->amount * 86400;
      break;

    default:
      g_assert_not_reached ();
    }

  if (due == MC_TIME_NONE || !in_table (t, due))
    return out_of_range (error);

  /* Pause: each wait that began before the (so far) due moment pushes it
   * back by the time it lasted, working time or, for calendar days,
   * calendar time. A wait that began after the due moment changes nothing:
   * the dossier was already late. */
  for (guint i = first_pause; i < request->n_pauses; i++)
    {
      const McPause *p = &request->pauses[i];
      g_autofree char *from = NULL;
      g_autofree char *until = NULL;
      gint64 shift;

      if (p->started_at >= due)
        break;
      from = format_moment (p->started_at);
      if (p->ended_at == MC_TIME_NONE)
        {
          add_step (steps, MC_DUE_STEP_PAUSED, p->started_at, MC_TIME_NONE,
                    _("Waiting for a supplement since %s: the clock is stopped"), from);
          *due_at = MC_TIME_NONE;
          if (explanation != NULL)
            *explanation = g_steal_pointer (&steps);
          return TRUE;
        }
      until = format_moment (p->ended_at);
      if (request->unit == MC_LIMIT_CALENDAR_DAYS)
        {
          shift = p->ended_at - p->started_at;
          due += shift;
          add_step (steps, MC_DUE_STEP_PAUSE, p->started_at, p->ended_at,
                    _("Waiting for a supplement from %s to %s: this time is not counted"),
                    from, until);
        }
      else
        {
          shift = _mc_day_table_working_seconds (t, p->ended_at) -
                  _mc_day_table_working_seconds (t, p->started_at);
          due = _mc_day_table_moment_at (t, _mc_day_table_working_seconds (t, due) + shift);
          if (steps != NULL)
            {
              g_autofree char *hours = g_strdup_printf ("%d:%02d", (int) (shift / 3600), (int) (shift / 60 % 60));
              add_step (steps, MC_DUE_STEP_PAUSE, p->started_at, p->ended_at,
                        _("Waiting for a supplement from %s to %s: %s working hours not counted"),
                        from, until, hours);
            }
        }
      if (due == MC_TIME_NONE || !in_table (t, due))
        return out_of_range (error);
    }

  if (request->unit == MC_LIMIT_CALENDAR_DAYS)
    {
      int dn = _mc_day_table_split (t, due, NULL);

      if (!_mc_day_table_is_working (t, dn))
        {
          int next = _mc_day_table_next_working (t, dn);
          g_autofree char *moved = NULL;

          if (next < 0)
            return out_of_range (error);
          explain_days_off (steps, t, dn, next - 1);
          due = _mc_day_table_close (t, next);
          moved = format_moment (due);
          add_step (steps, MC_DUE_STEP_MOVED, due, MC_TIME_NONE,
                    _("The last day is not a working day: moved to the close of the next working day, %s"),
                    moved);
        }
    }
  else
    {
      explain_days_off (steps, t, _mc_day_table_split (t, start, NULL), _mc_day_table_split (t, due, NULL));
    }

  if (steps != NULL)
    {
      g_autofree char *when = format_moment (due);
      add_step (steps, MC_DUE_STEP_DUE, due, MC_TIME_NONE, _("Due at %s"), when);
    }

  *due_at = due;
  if (explanation != NULL)
    *explanation = g_steal_pointer (&steps);
  return TRUE;
}

McTimeliness
mc_deadline_classify (gint64 due_at,
                      gint64 completed_at)
{
  gint64 due_day, done_day;

  if (due_at == MC_TIME_NONE || completed_at == MC_TIME_NONE)
    return MC_TIMELINESS_NONE;
  /* Local dates: the province keeps UTC+7 all year. */
  due_day = (due_at + MC_TIME_PROVINCE_OFFSET) / 86400;
  done_day = (completed_at + MC_TIME_PROVINCE_OFFSET) / 86400;
  if (done_day < due_day)
    return MC_TIMELINESS_EARLY;
  if (done_day == due_day)
    return MC_TIMELINESS_ON_TIME;
  return MC_TIMELINESS_LATE;
}

gint64
mc_deadline_working_seconds_between (McCalendar *calendar,
                                     gint64      from,
                                     gint64      to)
{
  const McDayTable *t;

  g_return_val_if_fail (MC_IS_CALENDAR (calendar), 0);

  t = _mc_calendar_get_table (calendar);
  if (!in_table (t, from) || !in_table (t, to))
    return (to - from) / 3;   /* far outside the table: a rough figure */
  return _mc_day_table_working_seconds (t, to) - _mc_day_table_working_seconds (t, from);
}

gint64
mc_deadline_add_working_time (McCalendar *calendar,
                              gint64      from,
                              gint64      seconds)
{
  const McDayTable *t;

  g_return_val_if_fail (MC_IS_CALENDAR (calendar), MC_TIME_NONE);

  t = _mc_calendar_get_table (calendar);
  if (!in_table (t, from))
    return MC_TIME_NONE;
  return _mc_day_table_moment_at (t, _mc_day_table_working_seconds (t, from) + seconds);
}

McAlertLevel
mc_deadline_alert_level (McCalendar *calendar,
                         gint64      due_at,
                         gint64      now,
                         gint64      due_soon_seconds)
{
  g_return_val_if_fail (MC_IS_CALENDAR (calendar), MC_ALERT_NORMAL);

  if (due_at == MC_TIME_NONE)
    return MC_ALERT_NORMAL;
  if (now > due_at)
    return MC_ALERT_OVERDUE;
  if (mc_deadline_working_seconds_between (calendar, now, due_at) < due_soon_seconds)
    return MC_ALERT_DUE_SOON;
  return MC_ALERT_NORMAL;
}
