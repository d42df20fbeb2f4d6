/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-time.h"

G_DEFINE_QUARK (mc-time-error-quark, mc_time_error)

static gboolean
has_offset (const char *text)
{
  gsize len = strlen (text);
  const char *t = strchr (text, 'T');

  if (t == NULL)
    t = strchr (text, ' ');
  if (t == NULL || len == 0)
    return FALSE;
  if (text[len - 1] == 'Z' || text[len - 1] == 'z')
    return TRUE;
  /* An offset is a sign after the time part: ±hh, ±hhmm or ±hh:mm. */
  return strchr (t, '+') != NULL || strchr (t, '-') != NULL;
}

gboolean
mc_time_parse_iso8601 (const char *text,
                       gint64     *out,
                       GError    **error)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GTimeZone) utc = NULL;

  g_return_val_if_fail (out != NULL, FALSE);

  if (text == NULL || *text == '\0' || strlen (text) > 64)
    {
      g_set_error (error, MC_TIME_ERROR, MC_TIME_ERROR_INVALID,
                   _("“%s” is not a date and time in ISO 8601 form"), text ? text : "");
      return FALSE;
    }
  /* Parse first with UTC as the default zone, so that garbage and a
   * missing offset get different messages. */
  utc = g_time_zone_new_utc ();
  dt = g_date_time_new_from_iso8601 (text, utc);
  if (dt == NULL)
    {
      g_set_error (error, MC_TIME_ERROR, MC_TIME_ERROR_INVALID,
                   _("“%s” is not a date and time in ISO 8601 form"), text);
      return FALSE;
    }
  if (!has_offset (text))
    {
      g_set_error (error, MC_TIME_ERROR, MC_TIME_ERROR_NO_OFFSET,
                   _("“%s” has no time zone offset (for example +07:00)"), text);
      return FALSE;
    }
  *out = g_date_time_to_unix (dt);
  return TRUE;
}

/* Civil date from days since 1970-01-01 (proleptic Gregorian). */
static void
civil_from_days (gint64 z,
                 int   *y,
                 int   *m,
                 int   *d)
{
  gint64 era, doe, yoe, doy, mp;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = (int) (doy - (153 * mp + 2) / 5 + 1);
  *m = (int) (mp < 10 ? mp + 3 : mp - 9);
  *y = (int) (yoe + era * 400 + (*m <= 2));
}

static void
split_local (gint64 t,
             int   *y,
             int   *mo,
             int   *d,
             int   *h,
             int   *mi,
             int   *s)
{
  gint64 local = t + MC_TIME_PROVINCE_OFFSET;
  gint64 days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
  gint64 secs = local - days * 86400;

  civil_from_days (days, y, mo, d);
  *h = (int) (secs / 3600);
  *mi = (int) (secs / 60 % 60);
  *s = (int) (secs % 60);
}

void
mc_time_format_iso8601_buf (gint64  t,
                            char   *buf)
{
  int y, mo, d, h, mi, s;

  split_local (t, &y, &mo, &d, &h, &mi, &s);
  g_snprintf (buf, 26, "%04d-%02d-%02dT%02d:%02d:%02d+07:00", y, mo, d, h, mi, s);
}

char *
mc_time_format_iso8601 (gint64 t)
{
  char buf[32];

  if (t == MC_TIME_NONE)
    return NULL;
  mc_time_format_iso8601_buf (t, buf);
  return g_strdup (buf);
}

char *
mc_time_format_display (gint64 t)
{
  int y, mo, d, h, mi, s;

  if (t == MC_TIME_NONE)
    return NULL;
  split_local (t, &y, &mo, &d, &h, &mi, &s);
  return g_strdup_printf ("%02d/%02d/%04d %02d:%02d", d, mo, y, h, mi);
}

gint64
mc_time_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}
