/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mc-calendar.h"
#include "mc-server-cli-private.h"
#include "mc-server-cli-seed.h"
#include "mc-server-seed.h"
#include "mc-store.h"
#include "mc-time.h"

/* Digits only, within [min, max]: strtoull alone would take "12abc",
 * " 12" and "-1". */
static gboolean
parse_count (const char *text,
             guint64     min,
             guint64     max,
             guint64    *out)
{
  guint64 value;
  char *end;

  if (text == NULL || *text == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
    }
  if (strlen (text) > 12)
    return FALSE;
  value = g_ascii_strtoull (text, &end, 10);
  if (*end != '\0' || value < min || value > max)
    return FALSE;
  *out = value;
  return TRUE;
}

/* printf pads by bytes; Vietnamese names need padding by characters. */
static void
print_padded (const char *text,
              glong       width)
{
  glong length = g_utf8_strlen (text, -1);

  g_print ("%s", text);
  for (glong i = length; i < width; i++)
    g_print (" ");
}

static const char *
timeliness_label (McTimeliness timeliness)
{
  switch (timeliness)
    {
    case MC_TIMELINESS_EARLY: return _("early");
    case MC_TIMELINESS_ON_TIME: return _("on time");
    case MC_TIMELINESS_LATE: return _("late");
    case MC_TIMELINESS_NONE:
    default:
      return "";
    }
}

static void
print_shares (const char  *title,
              const guint  counts[MC_TIMELINESS_LATE + 1])
{
  guint total = counts[MC_TIMELINESS_EARLY] + counts[MC_TIMELINESS_ON_TIME] + counts[MC_TIMELINESS_LATE];

  g_print ("  %s:", title);
  for (int t = MC_TIMELINESS_EARLY; t <= MC_TIMELINESS_LATE; t++)
    g_print ("%s %s %u (%.1f %%)", t == MC_TIMELINESS_EARLY ? "" : ",", timeliness_label (t),
             counts[t], total ? 100.0 * counts[t] / total : 0.0);
  g_print ("\n");
}

static void
print_summary (const char         *db_path,
               const McSeedReport *report,
               double              seconds)
{
  g_autofree char *now = mc_time_format_iso8601 (report->now);

  g_print (_("Demo province seeded into %s in %.1f s: %u departments, %u procedures, "
             "%u accounts, %u dossiers, %u events.\n"),
           db_path, seconds, report->n_departments, report->n_procedures,
           report->accounts->len, report->n_dossiers, report->n_events);
  g_print (_("Reference time: %s; seed: %u.\n"), now, report->seed);

  g_print ("\n");
  g_print (_("Accounts (the same password for all: %s)\n"), report->password);
  g_print ("  ");
  print_padded (_("Username"), 26);
  print_padded (_("Role"), 24);
  g_print ("%s\n", _("Department"));
  for (guint i = 0; i < report->accounts->len; i++)
    {
      const McSeedAccount *a = g_ptr_array_index (report->accounts, i);

      g_print ("  ");
      print_padded (a->username, 26);
      print_padded (mc_role_get_label (a->role), 24);
      g_print ("%s\n", a->department_name ? a->department_name : "—");
    }

  g_print ("\n%s\n", _("Dossiers by status"));
  for (int status = MC_STATUS_FIRST; status <= MC_STATUS_LAST; status++)
    {
      g_print ("  %2d  ", status);
      print_padded (mc_status_get_label (status), 36);
      g_print ("%8u\n", report->by_status[status]);
    }

  g_print ("\n%s\n", _("Finished dossiers"));
  print_shares (_("paper"), report->by_timeliness[MC_SEED_PAPER]);
  print_shares (_("online"), report->by_timeliness[MC_SEED_ONLINE]);
  g_print (_("Open dossiers due soon: %u; overdue: %u\n"), report->due_soon, report->overdue);
}

int
mc_server_cli_seed_demo (int    argc,
                         char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *dossiers_text = NULL;
  g_autofree char *seed_text = NULL;
  g_autofree char *now_text = NULL;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("Server database to create and fill"), N_("PATH") },
    { "dossiers", 0, 0, G_OPTION_ARG_STRING, &dossiers_text, N_("Number of dossiers (default 20000)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text, N_("Seed of the random choices: the same seed and time give the same data"), N_("S") },
    { "now", 0, 0, G_OPTION_ARG_STRING, &now_text, N_("The present moment of the demo, ISO 8601 with offset (default: now)"), N_("ISO8601") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— fill an empty database with a demo province"));
  g_autoptr(McStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(McSeedReport) report = { 0 };
  McSeedOptions options;
  guint64 value;
  gint64 started;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Creates the database if needed and fills it with one province after the 2025 reform: "
      "its service centers, departments and communes, the procedures of the national catalogue, "
      "accounts of every role sharing one password, and dossiers of the last 120 days. "
      "A database that already holds data is refused."));
  mc_seed_options_init (&options);
  if (!parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage_error (context, _("Unexpected argument “%s”"), argv[1]);
  if (db_path == NULL)
    return usage_error (context, _("--db is required"));
  if (dossiers_text != NULL)
    {
      if (!parse_count (dossiers_text, 1, MC_SEED_MAX_DOSSIERS, &value))
        return usage_error (context, _("--dossiers must be a whole number from 1 to %d, not “%s”"),
                            MC_SEED_MAX_DOSSIERS, dossiers_text);
      options.n_dossiers = (guint) value;
    }
  if (seed_text != NULL)
    {
      if (!parse_count (seed_text, 0, G_MAXUINT32, &value))
        return usage_error (context, _("--seed must be a whole number from 0 to %u, not “%s”"),
                            G_MAXUINT32, seed_text);
      options.seed = (guint32) value;
    }
  if (now_text != NULL)
    {
      if (!mc_time_parse_iso8601 (now_text, &options.now, &error))
        return usage_error (context, "--now: %s", error->message);
    }
  else
    {
      options.now = mc_time_now ();
    }
  {
    g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (options.now);
    int year = when ? g_date_time_get_year (when) : 0;

    if (year <= MC_CALENDAR_FIRST_YEAR || year >= MC_CALENDAR_LAST_YEAR)
      return usage_error (context, _("--now must fall between the years %d and %d"),
                          MC_CALENDAR_FIRST_YEAR + 1, MC_CALENDAR_LAST_YEAR - 1);
  }

  store = mc_store_open (db_path, NULL, TRUE, &error);
  if (store == NULL)
    return failure (error);
  started = g_get_monotonic_time ();
  if (!mc_server_seed_demo (store, &options, &report, &error))
    return failure (error);
  print_summary (db_path, &report, (g_get_monotonic_time () - started) / 1e6);
  return MC_EXIT_OK;
}
