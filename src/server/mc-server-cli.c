/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "mc-calendar.h"
#include "mc-deadline.h"
#include "mc-server-cli-private.h"
#include "mc-server-cli-seed.h"
#include "mc-server-cli-serve.h"
#include "mc-server-cli-user.h"
#include "mc-server-db.h"
#include "mc-time.h"


/* A clear message on stderr and exit status 2, the convention of the
 * command line for bad arguments. */
int
usage_error (GOptionContext *context,
             const char     *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("motcua-server: %s\n", message);
  if (context != NULL)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
      g_printerr ("\n%s", help);
    }
  return MC_EXIT_USAGE;
}

int
failure (const GError *error)
{
  g_printerr ("motcua-server: %s\n", error->message);
  return MC_EXIT_FAILURE;
}

/* Parses options; on failure prints why and returns FALSE. */
gboolean
parse_options (GOptionContext *context,
               int            *argc,
               char         ***argv,
               int            *status)
{
  g_autoptr(GError) error = NULL;

  g_option_context_set_help_enabled (context, TRUE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = usage_error (context, "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

/* The calendar of a server database when one is named, else the defaults. */
static McCalendar *
load_calendar (const char  *db_path,
               GError     **error)
{
  g_autoptr(McCalendar) calendar = mc_calendar_new ();

  if (db_path != NULL)
    {
      g_autoptr(McServerDb) db = mc_server_db_open (db_path, FALSE, error);

      if (db == NULL || !mc_server_db_load_calendar (db, calendar, error))
        return NULL;
    }
  return g_steal_pointer (&calendar);
}

static gboolean
parse_year (const char *text,
            int        *year)
{
  guint64 value;
  char *end;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;
  value = g_ascii_strtoull (text, &end, 10);
  if (*end != '\0' || value < MC_CALENDAR_FIRST_YEAR || value > MC_CALENDAR_LAST_YEAR)
    return FALSE;
  *year = (int) value;
  return TRUE;
}

static gboolean
parse_date (const char *text,
            int        *year,
            int        *month,
            int        *day)
{
  int y, m, d, consumed = 0;

  if (text == NULL || strlen (text) != 10 ||
      sscanf (text, "%4d-%2d-%2d%n", &y, &m, &d, &consumed) != 3 || consumed != 10 ||
      text[4] != '-' || text[7] != '-' ||
      m < 1 || m > 12 || d < 1 || d > g_date_get_days_in_month ((GDateMonth) m, (GDateYear) y))
    return FALSE;
  *year = y;
  *month = m;
  *day = d;
  return TRUE;
}

/* motcua-server calendar YEAR [--db PATH] */
static int
command_calendar (int    argc,
                  char **argv)
{
  g_autofree char *db_path = NULL;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("Server database with the year’s exceptions"), N_("PATH") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("YEAR — non-working weekdays and make-up working days"));
  g_autoptr(McCalendar) calendar = NULL;
  g_autoptr(GArray) entries_of_year = NULL;
  g_autoptr(GError) error = NULL;
  int status, year;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Prints every non-working Monday–Friday and every make-up working Saturday or Sunday "
      "of the year, one per line: YYYY-MM-DD, a tab, off or work, a tab, the name."));
  if (!parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, _("Give exactly one year"));
  if (!parse_year (argv[1], &year))
    return usage_error (context, _("“%s” is not a year from %d to %d"), argv[1],
                        MC_CALENDAR_FIRST_YEAR, MC_CALENDAR_LAST_YEAR);

  calendar = load_calendar (db_path, &error);
  if (calendar == NULL)
    return failure (error);
  entries_of_year = mc_calendar_list_year (calendar, year, &error);
  if (entries_of_year == NULL)
    return failure (error);

  for (guint i = 0; i < entries_of_year->len; i++)
    {
      const McCalendarEntry *e = &g_array_index (entries_of_year, McCalendarEntry, i);

      g_print ("%04d-%02d-%02d\t%s\t%s\n", e->year, e->month, e->day,
               e->kind == MC_DAY_OFF ? "off" : "work", e->name);
    }
  return MC_EXIT_OK;
}

/* motcua-server due --received ISO8601 --limit LIMIT [--db PATH] */
static int
command_due (int    argc,
             char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *received_text = NULL;
  g_autofree char *limit_text = NULL;
  g_autofree char *rule_text = NULL;
  g_auto(GStrv) pause_texts = NULL;
  gboolean explain = FALSE;
  const GOptionEntry entries[] = {
    { "received", 0, 0, G_OPTION_ARG_STRING, &received_text, N_("Moment of reception, ISO 8601 with offset"), N_("ISO8601") },
    { "limit", 0, 0, G_OPTION_ARG_STRING, &limit_text, N_("“N working-days”, “N working-hours”, “N days” or “same-day”"), N_("LIMIT") },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("Server database with office hours and exceptions"), N_("PATH") },
    { "pause", 0, 0, G_OPTION_ARG_STRING_ARRAY, &pause_texts, N_("A wait for a supplement, FROM/TO in ISO 8601 (repeatable)"), N_("FROM/TO") },
    { "rule", 0, 0, G_OPTION_ARG_STRING, &rule_text, N_("What a supplement does to the clock: pause (default) or restart"), N_("RULE") },
    { "explain", 0, 0, G_OPTION_ARG_NONE, &explain, N_("Also print how the due date was counted"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— the due moment of a dossier"));
  g_autoptr(McCalendar) calendar = NULL;
  g_autoptr(GPtrArray) steps = NULL;
  g_autoptr(GArray) pauses = g_array_new (FALSE, FALSE, sizeof (McPause));
  g_autoptr(GError) error = NULL;
  McDueRequest request = { 0 };
  gint64 due;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage_error (context, _("Unexpected argument “%s”"), argv[1]);
  if (received_text == NULL)
    return usage_error (context, _("--received is required"));
  if (limit_text == NULL)
    return usage_error (context, _("--limit is required"));
  if (!mc_time_parse_iso8601 (received_text, &request.received_at, &error))
    return usage_error (context, "--received: %s", error->message);
  if (!mc_time_limit_parse (limit_text, &request.amount, &request.unit, &error))
    return usage_error (context, "--limit: %s", error->message);
  request.rule = MC_SUPPLEMENT_PAUSE;
  if (rule_text != NULL && !mc_supplement_rule_from_string (rule_text, &request.rule))
    return usage_error (context, _("--rule must be “pause” or “restart”, not “%s”"), rule_text);

  for (guint i = 0; pause_texts != NULL && pause_texts[i] != NULL; i++)
    {
      g_auto(GStrv) ends = g_strsplit (pause_texts[i], "/", 2);
      McPause p = { MC_TIME_NONE, MC_TIME_NONE };

      if (g_strv_length (ends) != 2 ||
          !mc_time_parse_iso8601 (ends[0], &p.started_at, NULL) ||
          (ends[1][0] != '\0' && !mc_time_parse_iso8601 (ends[1], &p.ended_at, NULL)))
        return usage_error (context, _("--pause “%s” must be FROM/TO in ISO 8601 with offsets "
                                       "(TO may be empty while still waiting)"), pause_texts[i]);
      g_array_append_val (pauses, p);
    }
  request.pauses = (const McPause *) (gpointer) pauses->data;
  request.n_pauses = pauses->len;

  calendar = load_calendar (db_path, &error);
  if (calendar == NULL)
    return failure (error);
  if (!mc_deadline_compute (calendar, &request, &due, explain ? &steps : NULL, &error))
    {
      /* A pause out of order or a date out of range is the caller's input. */
      g_printerr ("motcua-server: %s\n", error->message);
      return error->domain == MC_DEADLINE_ERROR ? MC_EXIT_USAGE : MC_EXIT_FAILURE;
    }

  if (due == MC_TIME_NONE)
    g_print ("paused\n");
  else
    {
      g_autofree char *text = mc_time_format_iso8601 (due);
      g_print ("%s\n", text);
    }
  for (guint i = 0; steps != NULL && i < steps->len; i++)
    g_print ("  %s\n", ((McDueStep *) g_ptr_array_index (steps, i))->text);
  return MC_EXIT_OK;
}

/* motcua-server holidays add|remove|list --db PATH … */
static int
command_holidays (int    argc,
                  char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *date_text = NULL;
  g_autofree char *kind_text = NULL;
  g_autofree char *name = NULL;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("Server database"), N_("PATH") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date_text, N_("The date, YYYY-MM-DD"), N_("DATE") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text, N_("off (an extra day off) or work (a make-up working day)"), N_("KIND") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("What the day is, as announced"), N_("NAME") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("add|remove — the administrator’s exceptions to the working calendar"));
  g_autoptr(McServerDb) db = NULL;
  g_autoptr(GError) error = NULL;
  int status, y, m, d;
  const char *verb;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 2 || (!g_str_equal (argv[1], "add") && !g_str_equal (argv[1], "remove")))
    return usage_error (context, _("Say “add” or “remove”"));
  verb = argv[1];
  if (db_path == NULL)
    return usage_error (context, _("--db is required"));
  if (!parse_date (date_text, &y, &m, &d))
    return usage_error (context, _("--date must be a real date written YYYY-MM-DD"));
  if (y < MC_CALENDAR_FIRST_YEAR || y > MC_CALENDAR_LAST_YEAR)
    return usage_error (context, _("“%s” is not a year from %d to %d"), date_text,
                        MC_CALENDAR_FIRST_YEAR, MC_CALENDAR_LAST_YEAR);

  db = mc_server_db_open (db_path, TRUE, &error);
  if (db == NULL)
    return failure (error);

  if (g_str_equal (verb, "add"))
    {
      McExceptionKind kind;

      if (g_strcmp0 (kind_text, "off") == 0)
        kind = MC_EXCEPTION_OFF;
      else if (g_strcmp0 (kind_text, "work") == 0)
        kind = MC_EXCEPTION_WORK;
      else
        return usage_error (context, _("--kind must be “off” or “work”"));
      if (name == NULL || *g_strstrip (name) == '\0')
        return usage_error (context, _("--name is required: say what the day is"));
      if (!g_utf8_validate (name, -1, NULL) || g_utf8_strlen (name, -1) > 200)
        return usage_error (context, _("--name must be UTF-8 text of at most 200 characters"));
      if (!mc_server_db_put_exception (db, y, m, d, kind, name, &error))
        return failure (error);
    }
  else if (!mc_server_db_delete_exception (db, y, m, d, &error))
    {
      return failure (error);
    }
  return MC_EXIT_OK;
}

static const McCliCommand commands[] = {
  { "calendar", command_calendar, N_("List the non-working weekdays and make-up days of a year") },
  { "due", command_due, N_("Compute the due moment of a dossier") },
  { "holidays", command_holidays, N_("Add or remove exceptions to the working calendar") },
  { "serve", mc_server_cli_serve, N_("Serve the v1 API") },
  { "seed-demo", mc_server_cli_seed_demo, N_("Fill an empty database with a demo province") },
  { "user", mc_server_cli_user, N_("Manage user accounts: add, list, disable, enable, reset-password") },
};

static void
print_table (const McCliCommand *commands,
             guint               n_commands,
             const char         *program,
             const char         *usage)
{
  int width = 0;

  for (guint i = 0; i < n_commands; i++)
    width = MAX (width, (int) strlen (commands[i].name));
  g_printerr ("%s\n\n%s\n", usage, _("Commands:"));
  for (guint i = 0; i < n_commands; i++)
    g_printerr ("  %-*s  %s\n", width, commands[i].name, _(commands[i].summary));
  g_printerr (_("\nRun “%s COMMAND --help” for a command’s options.\n"), program);
}

int
mc_server_cli_dispatch (const McCliCommand *commands,
                        guint               n_commands,
                        const char         *program,
                        const char         *usage,
                        int                 argc,
                        char              **argv)
{
  if (argc < 2)
    {
      print_table (commands, n_commands, program, usage);
      return MC_EXIT_USAGE;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_table (commands, n_commands, program, usage);
      return MC_EXIT_OK;
    }
  for (guint i = 0; i < n_commands; i++)
    {
      if (g_str_equal (argv[1], commands[i].name))
        {
          g_autofree char *prgname = g_strdup_printf ("%s %s", program, commands[i].name);

          g_set_prgname (prgname);
          /* The command sees its own name as argv[0]. */
          return commands[i].run (argc - 1, argv + 1);
        }
    }
  g_printerr (_("%s: unknown command “%s”\n\n"), program, argv[1]);
  print_table (commands, n_commands, program, usage);
  return MC_EXIT_USAGE;
}

int
mc_server_cli_run (int    argc,
                   char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "--version"))
    {
      g_print ("motcua-server %s\n", PACKAGE_VERSION);
      return MC_EXIT_OK;
    }
  return mc_server_cli_dispatch (commands, G_N_ELEMENTS (commands), "motcua-server",
                                 _("Usage: motcua-server COMMAND [OPTIONS…]"), argc, argv);
}
