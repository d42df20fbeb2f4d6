/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-dossier-code.h"
#include "mc-time.h"

G_DEFINE_QUARK (mc-dossier-code-error-quark, mc_dossier_code_error)

#define MAX_DIGIT_GROUPS 4
#define FIRST_YEAR 2000
#define LAST_YEAR 2099
/* 2000-01-01 and 2100-01-01 at midnight in the province. */
#define FIRST_MOMENT G_GINT64_CONSTANT (946659600)
#define END_MOMENT G_GINT64_CONSTANT (4102419600)
/* g_date_set_julian()'s day number of 1970-01-01. */
#define JULIAN_EPOCH 719163

/* Error messages quote what the user typed or what another system sent;
 * keep it valid UTF-8 and short, whatever it was. */
static char *
quote_input (const char *text,
             gssize      len)
{
  g_autofree char *valid = g_utf8_make_valid (text, len);

  if (g_utf8_strlen (valid, -1) > 40)
    {
      g_autofree char *head = g_utf8_substring (valid, 0, 40);
      return g_strconcat (head, "…", NULL);
    }
  return g_steal_pointer (&valid);
}

static gboolean
all_digits (const char *s,
            gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
    }
  return TRUE;
}

static gboolean
agency_is_valid_len (const char *s,
                     gsize       len)
{
  gsize i = 0;
  guint groups = 0;
  gsize tail;

  if (len == 0 || len > MC_DOSSIER_CODE_AGENCY_MAX)
    return FALSE;

  /* The dotted groups of digits: 000.00.06. */
  while (i < len && g_ascii_isdigit (s[i]))
    {
      gsize start = i;

      while (i < len && g_ascii_isdigit (s[i]))
        i++;
      if (i - start < 2 || i - start > 3 || i >= len || s[i] != '.')
        return FALSE;
      i++;
      groups++;
    }
  if (groups < 1 || groups > MAX_DIGIT_GROUPS)
    return FALSE;

  /* The body it belongs to: H56. */
  tail = len - i;
  if (tail < 3 || tail > 4 || !g_ascii_isupper (s[i]))
    return FALSE;
  return all_digits (s + i + 1, tail - 1);
}

gboolean
mc_dossier_code_agency_is_valid (const char *agency_id)
{
  if (agency_id == NULL)
    return FALSE;
  return agency_is_valid_len (agency_id, strlen (agency_id));
}

static gboolean
date_is_valid (int year,
               int month,
               int day)
{
  if (year < FIRST_YEAR || year > LAST_YEAR || month < 1 || month > 12 || day < 1 || day > 31)
    return FALSE;
  return g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

char *
mc_dossier_code_format (const char  *agency_id,
                        int          year,
                        int          month,
                        int          day,
                        guint        number,
                        GError     **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!mc_dossier_code_agency_is_valid (agency_id))
    {
      g_autofree char *quoted = quote_input (agency_id != NULL ? agency_id : "", -1);

      g_set_error (error, MC_DOSSIER_CODE_ERROR, MC_DOSSIER_CODE_ERROR_AGENCY,
                   _("“%s” is not a valid agency id. An agency id looks like 000.00.06.H56."),
                   quoted);
      return NULL;
    }
  if (!date_is_valid (year, month, day))
    {
      g_set_error (error, MC_DOSSIER_CODE_ERROR, MC_DOSSIER_CODE_ERROR_DATE,
                   _("%02d/%02d/%04d is not a real date between the years 2000 and 2099."),
                   day, month, year);
      return NULL;
    }
  if (number < 1 || number > MC_DOSSIER_CODE_NUMBER_MAX)
    {
      g_set_error (error, MC_DOSSIER_CODE_ERROR, MC_DOSSIER_CODE_ERROR_NUMBER,
                   _("The dossier number %u is out of range: it must be from 1 to 9999."),
                   number);
      return NULL;
    }

  return g_strdup_printf ("%s-%02d%02d%02d-%04u",
                          agency_id, year % 100, month, day, number);
}

char *
mc_dossier_code_format_at (const char  *agency_id,
                           gint64       received_at,
                           guint        number,
                           GError     **error)
{
  GDate date;
  gint64 days;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (received_at < FIRST_MOMENT || received_at >= END_MOMENT)
    {
      g_set_error_literal (error, MC_DOSSIER_CODE_ERROR, MC_DOSSIER_CODE_ERROR_DATE,
                           _("The moment of reception is outside the years 2000 to 2099."));
      return NULL;
    }

  /* The day of reception is the province's calendar day, not UTC's: a
   * dossier received at 06:30 in Hà Nội belongs to that morning. */
  days = (received_at + MC_TIME_PROVINCE_OFFSET) / 86400;
  g_date_clear (&date, 1);
  g_date_set_julian (&date, (guint32) (days + JULIAN_EPOCH));

  return mc_dossier_code_format (agency_id,
                                 g_date_get_year (&date),
                                 g_date_get_month (&date),
                                 g_date_get_day (&date),
                                 number, error);
}

static int
two_digits (const char *s)
{
  return (s[0] - '0') * 10 + (s[1] - '0');
}

gboolean
mc_dossier_code_parse (const char         *code,
                       McDossierCodeParts *out,
                       GError            **error)
{
  const char *number_dash;
  const char *date_dash;
  gsize len;
  gsize agency_len;
  int year, month, day;
  guint number;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (code == NULL)
    code = "";
  len = strlen (code);

  /* Read from the right: the date and the number have fixed widths, and
   * whatever is left must be an agency id. */
  number_dash = strrchr (code, '-');
  date_dash = NULL;
  if (number_dash != NULL && number_dash > code)
    date_dash = g_strrstr_len (code, number_dash - code, "-");

  if (date_dash == NULL || date_dash == code)
    {
      g_autofree char *quoted = quote_input (code, -1);

      g_set_error (error, MC_DOSSIER_CODE_ERROR, MC_DOSSIER_CODE_ERROR_MALFORMED,
                   _("“%s” is not a dossier code. A dossier code looks like 000.00.06.H56-231027-0361: "
                     "the agency id, the date of reception (yyMMdd) and a four-digit number."),
                   quoted);
      return FALSE;
    }

  agency_len = (gsize) (date_dash - code);
  if (!agency_is_valid_len (code, agency_len))
    {
      g_autofree char *quoted = quote_input (code, (gssize) agency_len);

      g_set_error (error, MC_DOSSIER_CODE_ERROR, MC_DOSSIER_CODE_ERROR_AGENCY,
                   _("“%s” is not a valid agency id. An agency id looks like 000.00.06.H56."),
                   quoted);
      return FALSE;
    }

  if (number_dash - date_dash - 1 != 6 || !all_digits (date_dash + 1, 6) ||
      !date_is_valid (FIRST_YEAR + two_digits (date_dash + 1),
                      two_digits (date_dash + 3),
                      two_digits (date_dash + 5)))
    {
      g_autofree char *quoted = quote_input (date_dash + 1, number_dash - date_dash - 1);

      g_set_error (error, MC_DOSSIER_CODE_ERROR, MC_DOSSIER_CODE_ERROR_DATE,
                   _("“%s” in the dossier code is not a real date written yyMMdd."),
                   quoted);
      return FALSE;
    }
  year = FIRST_YEAR + two_digits (date_dash + 1);
  month = two_digits (date_dash + 3);
  day = two_digits (date_dash + 5);

  if (code + len - number_dash - 1 != 4 || !all_digits (number_dash + 1, 4) ||
      strcmp (number_dash + 1, "0000") == 0)
    {
      g_autofree char *quoted = quote_input (number_dash + 1, -1);

      g_set_error (error, MC_DOSSIER_CODE_ERROR, MC_DOSSIER_CODE_ERROR_NUMBER,
                   _("The number “%s” in the dossier code must have four digits, from 0001 to 9999."),
                   quoted);
      return FALSE;
    }
  number = (guint) (two_digits (number_dash + 1) * 100 + two_digits (number_dash + 3));

  if (out != NULL)
    {
      memcpy (out->agency_id, code, agency_len);
      out->agency_id[agency_len] = '\0';
      out->year = year;
      out->month = month;
      out->day = day;
      out->number = number;
    }

  return TRUE;
}
