/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The dossier code (mã hồ sơ, domain.md §4):
 * <agency electronic id>-<yyMMdd of reception>-<four-digit number>, for
 * example 000.00.06.H56-231027-0361. The number runs per receiving agency
 * per day; the server allocates it under a lock, this module only spells
 * and reads codes.
 *
 * An agency id is the electronic id of QCVN 102 (000.00.20.H12): one to
 * four dotted groups of two or three digits, then the group naming the
 * top-level body, one capital letter and two or three digits (H56 is a
 * province). Codes are upper case; callers that accept typed text may
 * g_ascii_strup() it first. The two-digit year is 2000–2099. */

#define MC_DOSSIER_CODE_ERROR (mc_dossier_code_error_quark ())

typedef enum {
  MC_DOSSIER_CODE_ERROR_MALFORMED,  /* not agency-yyMMdd-NNNN at all */
  MC_DOSSIER_CODE_ERROR_AGENCY,     /* the agency id is not of the expected shape */
  MC_DOSSIER_CODE_ERROR_DATE,       /* the date is not a real date of 2000–2099 */
  MC_DOSSIER_CODE_ERROR_NUMBER,     /* the number is not 0001–9999 */
} McDossierCodeError;

#define MC_DOSSIER_CODE_AGENCY_MAX 20   /* bytes of the longest agency id accepted */
#define MC_DOSSIER_CODE_NUMBER_MAX 9999

typedef struct {
  char  agency_id[MC_DOSSIER_CODE_AGENCY_MAX + 1];
  int   year;    /* 2000–2099 */
  int   month;   /* 1–12 */
  int   day;     /* 1–31 */
  guint number;  /* 1–9999 */
} McDossierCodeParts;

GQuark   mc_dossier_code_error_quark     (void);

gboolean mc_dossier_code_agency_is_valid (const char         *agency_id);

/* The code for a dossier received by @agency_id on the local date
 * @year-@month-@day (the province's calendar day) with @number; NULL and
 * @error when a part is not valid. Free with g_free(). */
char    *mc_dossier_code_format          (const char         *agency_id,
                                          int                 year,
                                          int                 month,
                                          int                 day,
                                          guint               number,
                                          GError            **error);

/* The same with the date of the moment @received_at (seconds since the
 * epoch) in the province's zone. */
char    *mc_dossier_code_format_at       (const char         *agency_id,
                                          gint64              received_at,
                                          guint               number,
                                          GError            **error);

/* Reads @code into @out (which may be NULL to only validate). */
gboolean mc_dossier_code_parse           (const char         *code,
                                          McDossierCodeParts *out,
                                          GError            **error);

G_END_DECLS
