/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "mc-calendar.h"
#include "mc-types.h"

G_BEGIN_DECLS

/* Due dates on the working calendar (design.md "Deadlines"):
 *
 *  - N working days are N × 8 working hours, N working hours likewise,
 *    counted from the moment of reception; a dossier received outside
 *    office hours counts from the next opening.
 *  - "Same day" is due at the close of the day of reception, or of the next
 *    working day when received after the cutoff (15:00) or on a day off.
 *  - N calendar days are due at the same clock time N days later, moved to
 *    the close of the next working day when that day is not one.
 *  - Waiting for a supplement either pauses the clock (the working time of
 *    the wait is added; calendar time for calendar-day limits) or restarts
 *    the count from the moment the supplement arrived.
 *
 * Outcome of a finished dossier compares local DATES (Asia/Ho_Chi_Minh):
 * early before the due date, on time on the due date, late after it. The
 * same comparison is used everywhere (server statistics, app, reports).
 * An apology's new appointment does not change that: lateness is judged
 * against the original due date. */

#define MC_DEADLINE_ERROR (mc_deadline_error_quark ())

typedef enum {
  MC_DEADLINE_ERROR_INVALID_LIMIT,
  MC_DEADLINE_ERROR_OUT_OF_RANGE,
  MC_DEADLINE_ERROR_INVALID_PAUSE,
} McDeadlineError;

typedef struct {
  gint64            received_at;
  int               amount;     /* unused for MC_LIMIT_SAME_DAY */
  McLimitUnit       unit;
  McSupplementRule  rule;
  const McPause    *pauses;     /* in order of started_at; may be NULL */
  guint             n_pauses;
} McDueRequest;

typedef enum {
  MC_DUE_STEP_RECEIVED,
  MC_DUE_STEP_CLOCK_STARTS,      /* received outside office hours */
  MC_DUE_STEP_AFTER_CUTOFF,      /* same day, received after the cutoff */
  MC_DUE_STEP_LIMIT,
  MC_DUE_STEP_NON_WORKING_DAY,
  MC_DUE_STEP_PAUSE,
  MC_DUE_STEP_PAUSED,            /* still waiting: no due date for now */
  MC_DUE_STEP_RESTART,
  MC_DUE_STEP_MOVED,             /* calendar days ending on a day off */
  MC_DUE_STEP_DUE,
} McDueStepKind;

typedef struct {
  McDueStepKind kind;
  gint64        at;       /* the moment the step is about, or MC_TIME_NONE */
  gint64        until;    /* end of a pause, or MC_TIME_NONE */
  char         *text;     /* one translated sentence */
} McDueStep;

GQuark       mc_deadline_error_quark  (void);

/* Parses the command line's form: "N working-days", "N working-hours",
 * "N days" or "same-day". */
gboolean     mc_time_limit_parse      (const char     *text,
                                       int            *amount,
                                       McLimitUnit    *unit,
                                       GError        **error);
/* "5 working days", translated. */
char        *mc_time_limit_to_string  (int             amount,
                                       McLimitUnit     unit);

/* Computes the due moment. While a pause is still open the clock is
 * stopped: *due_at is MC_TIME_NONE and the function succeeds. When
 * `explanation` is not NULL it receives a GPtrArray of McDueStep (free
 * with g_ptr_array_unref). */
gboolean     mc_deadline_compute      (McCalendar         *calendar,
                                       const McDueRequest *request,
                                       gint64             *due_at,
                                       GPtrArray         **explanation,
                                       GError            **error);

McTimeliness mc_deadline_classify     (gint64          due_at,
                                       gint64          completed_at);

/* Working seconds from `from` to `to` (negative when `to` is earlier). */
gint64       mc_deadline_working_seconds_between (McCalendar *calendar,
                                                  gint64      from,
                                                  gint64      to);

/* The moment `seconds` of working time after `from` (MC_TIME_NONE outside
 * the calendar's years). */
gint64       mc_deadline_add_working_time (McCalendar *calendar,
                                           gint64      from,
                                           gint64      seconds);

/* Overdue once `now` is past the due moment; due soon when less than
 * `due_soon_seconds` of working time is left (design.md: default one
 * working day). */
McAlertLevel mc_deadline_alert_level  (McCalendar     *calendar,
                                       gint64          due_at,
                                       gint64          now,
                                       gint64          due_soon_seconds);

G_END_DECLS
