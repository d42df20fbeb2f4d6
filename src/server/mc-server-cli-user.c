/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "mc-server-auth.h"
#include "mc-server-cli-private.h"
#include "mc-server-cli-user.h"
#include "mc-store-users.h"

/* A password as read from stdin: wiped when freed. */
static void
free_secret (char *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  free (secret);
}

typedef char Secret;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Secret, free_secret)

/* One line of standard input, without its line ending. Never from argv:
 * arguments are visible to every user of the machine (ps, /proc). When a
 * person types it, the terminal does not echo it. Returns NULL with
 * *status set (after saying why) when there is none. */
static char *
read_password (GOptionContext *context,
               int            *status)
{
  char *line = NULL;
  size_t capacity = 0;
  ssize_t length;
  struct termios saved, quiet;
  gboolean terminal = isatty (STDIN_FILENO) && tcgetattr (STDIN_FILENO, &saved) == 0;

  if (terminal)
    {
      g_printerr ("%s", _("Password: "));
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  length = getline (&line, &capacity, stdin);
  if (terminal)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      g_printerr ("\n");
    }
  if (length < 0)
    {
      /* At end of input getline may leave its buffer unterminated. */
      if (line != NULL)
        explicit_bzero (line, capacity);
      free (line);
      *status = usage_error (context, _("No password on standard input (--password-stdin reads "
                                        "one line from it)"));
      return NULL;
    }
  if (length > 0 && line[length - 1] == '\n')
    line[--length] = '\0';
  if (length > 0 && line[length - 1] == '\r')
    line[--length] = '\0';
  return line;
}

/* The --username option in its stored form; on a bad one says why. */
static char *
username_option (GOptionContext *context,
                 const char     *username,
                 int            *status)
{
  g_autoptr(GError) error = NULL;
  char *normalized;

  if (username == NULL)
    {
      *status = usage_error (context, _("--username is required"));
      return NULL;
    }
  normalized = mc_server_auth_normalize_username (username, &error);
  if (normalized == NULL)
    *status = usage_error (context, "--username: %s", error->message);
  return normalized;
}

/* A missing database is created, so that the first account can be made
 * before the server ever ran. */
static McStore *
open_store (GOptionContext *context,
            const char     *db_path,
            int            *status)
{
  g_autoptr(GError) error = NULL;
  McStore *store;

  if (db_path == NULL)
    {
      *status = usage_error (context, _("--db is required"));
      return NULL;
    }
  store = mc_store_open (db_path, NULL, TRUE, &error);
  if (store == NULL)
    *status = failure (error);
  return store;
}

static McUser *
find_user (McStore    *store,
           const char *username,
           int        *status)
{
  g_autoptr(GError) error = NULL;
  McUser *user = mc_store_get_user_by_username (store, username, &error);

  if (user == NULL)
    *status = failure (error);
  return user;
}

/* Commits, or rolls back and reports; the exit status either way. */
static int
finish (McStore  *store,
        gboolean  ok,
        GError   *error)
{
  g_autoptr(GError) commit_error = NULL;

  if (ok && mc_store_commit (store, &commit_error))
    return MC_EXIT_OK;
  mc_store_rollback (store);
  return failure (error != NULL ? error : commit_error);
}

/* motcua-server user add --db PATH --username U --full-name NAME --role R
 *                        [--department CODE] --password-stdin */
static int
user_add (int    argc,
          char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *username_text = NULL;
  g_autofree char *full_name = NULL;
  g_autofree char *role_text = NULL;
  g_autofree char *department_code = NULL;
  gboolean password_stdin = FALSE;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("Server database (created if missing)"), N_("PATH") },
    { "username", 0, 0, G_OPTION_ARG_STRING, &username_text, N_("Login name: 3 to 64 of a–z, 0–9, dot, underscore, hyphen"), N_("USERNAME") },
    { "full-name", 0, 0, G_OPTION_ARG_STRING, &full_name, N_("The person’s full name"), N_("NAME") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role_text, N_("reception, specialist, leader, supervisor or admin"), N_("ROLE") },
    { "department", 0, 0, G_OPTION_ARG_STRING, &department_code, N_("Code of the person’s department (for reception, specialist and leader)"), N_("CODE") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin, N_("Read the password from the first line of standard input"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("add — create an account"));
  g_autoptr(Secret) password = NULL;
  g_autofree char *username = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *detail = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McUser) user = NULL;
  g_autoptr(McDepartment) department = NULL;
  g_autoptr(GError) error = NULL;
  gboolean needs_department;
  McRole role;
  gboolean ok;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage_error (context, _("Unexpected argument “%s”"), argv[1]);
  if (db_path == NULL)
    return usage_error (context, _("--db is required"));
  if ((username = username_option (context, username_text, &status)) == NULL)
    return status;
  if (full_name == NULL || *g_strstrip (full_name) == '\0')
    return usage_error (context, _("--full-name is required"));
  if (role_text == NULL)
    return usage_error (context, _("--role is required"));
  if (!mc_role_from_string (role_text, &role))
    return usage_error (context, _("--role must be reception, specialist, leader, supervisor or admin, "
                                   "not “%s”"), role_text);
  needs_department = role == MC_ROLE_RECEPTION || role == MC_ROLE_SPECIALIST || role == MC_ROLE_LEADER;
  if (needs_department && department_code == NULL)
    return usage_error (context, _("--department is required for the role “%s”"), role_text);
  if (!needs_department && department_code != NULL)
    return usage_error (context, _("--department does not apply to the role “%s”: such accounts "
                                   "work across all departments"), role_text);
  if (!password_stdin)
    return usage_error (context, _("--password-stdin is required: the password is read from "
                                   "standard input, never from the command line"));

  user = mc_user_new ();
  mc_user_set_username (user, username);
  mc_user_set_full_name (user, full_name);
  mc_user_set_role (user, role);
  /* The code stands in for the id until the lookup, for the checks. */
  mc_user_set_department_id (user, department_code);
  if (!mc_server_auth_check_user (user, &error))
    return usage_error (context, "%s", error->message);

  if ((password = read_password (context, &status)) == NULL)
    return status;
  if (!mc_server_auth_check_password (password, &error))
    return usage_error (context, "%s", error->message);

  if ((store = open_store (context, db_path, &status)) == NULL)
    return status;
  if (department_code != NULL)
    {
      department = mc_store_get_department_by_code (store, department_code, &error);
      if (department == NULL && g_error_matches (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND))
        return usage_error (context, _("--department: no department has the code “%s”"), department_code);
      if (department == NULL)
        return failure (error);
      mc_user_set_department_id (user, mc_department_get_id (department));
    }

  /* Slow on purpose: before the write lock, not under it. */
  hash = mc_server_auth_hash_password (password, &error);
  if (hash == NULL)
    return failure (error);

  if (!mc_store_begin (store, &error))
    return failure (error);
  ok = mc_store_put_user (store, user, hash, &error);
  if (ok)
    {
      detail = g_strdup_printf ("command line: username %s, role %s, department %s",
                                username, role_text, department_code ? department_code : "-");
      ok = mc_store_audit (store, NULL, "user.add", mc_user_get_id (user), detail, &error);
    }
  status = finish (store, ok, error);
  if (status == MC_EXIT_OK)
    g_print ("%s\n", mc_user_get_id (user));
  return status;
}

static void
print_padded (const char *text,
              guint       width,
              gboolean    last)
{
  g_print ("%s", text);
  if (last)
    {
      g_print ("\n");
      return;
    }
  /* Widths in characters, not bytes: Vietnamese names are mostly
   * two-byte letters. */
  for (glong i = g_utf8_strlen (text, -1); i < (glong) width + 2; i++)
    g_print (" ");
}

/* motcua-server user list --db PATH */
static int
user_list (int    argc,
           char **argv)
{
  g_autofree char *db_path = NULL;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("Server database (created if missing)"), N_("PATH") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("list — every account, as a table"));
  g_autoptr(McStore) store = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GPtrArray) departments = NULL;
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *headers[] = {
    C_("table header", "USERNAME"), C_("table header", "FULL NAME"), C_("table header", "ROLE"),
    C_("table header", "DEPARTMENT"), C_("table header", "DISABLED"),
  };
  const guint n_columns = G_N_ELEMENTS (headers);
  guint widths[G_N_ELEMENTS (headers)] = { 0 };
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage_error (context, _("Unexpected argument “%s”"), argv[1]);
  if ((store = open_store (context, db_path, &status)) == NULL)
    return status;
  if ((users = mc_store_list_users (store, NULL, &error)) == NULL ||
      (departments = mc_store_list_departments (store, &error)) == NULL)
    return failure (error);

  for (guint i = 0; i < departments->len; i++)
    {
      McDepartment *department = departments->pdata[i];

      g_hash_table_insert (codes, (gpointer) mc_department_get_id (department),
                           (gpointer) mc_department_get_code (department));
    }

  for (guint c = 0; c < n_columns; c++)
    g_ptr_array_add (cells, (gpointer) headers[c]);
  for (guint i = 0; i < users->len; i++)
    {
      McUser *user = users->pdata[i];
      const char *department_id = mc_user_get_department_id (user);
      const char *code = department_id ? g_hash_table_lookup (codes, department_id) : NULL;

      g_ptr_array_add (cells, (gpointer) mc_user_get_username (user));
      g_ptr_array_add (cells, (gpointer) mc_user_get_full_name (user));
      g_ptr_array_add (cells, (gpointer) mc_role_to_string (mc_user_get_role (user)));
      g_ptr_array_add (cells, (gpointer) (code ? code : "-"));
      g_ptr_array_add (cells, (gpointer) (mc_user_get_disabled (user) ? _("yes") : _("no")));
    }
  for (guint i = 0; i < cells->len; i++)
    widths[i % n_columns] = MAX (widths[i % n_columns], (guint) g_utf8_strlen (cells->pdata[i], -1));
  for (guint i = 0; i < cells->len; i++)
    print_padded (cells->pdata[i], widths[i % n_columns], i % n_columns == n_columns - 1);
  return MC_EXIT_OK;
}

/* motcua-server user disable|enable --db PATH --username U */
static int
set_disabled (int       argc,
              char    **argv,
              gboolean  disabled)
{
  g_autofree char *db_path = NULL;
  g_autofree char *username_text = NULL;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("Server database (created if missing)"), N_("PATH") },
    { "username", 0, 0, G_OPTION_ARG_STRING, &username_text, N_("The account’s username"), N_("USERNAME") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new (disabled ? _("disable — refuse an account’s logins and end its sessions")
                                   : _("enable — let a disabled account log in again"));
  g_autofree char *username = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McUser) user = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage_error (context, _("Unexpected argument “%s”"), argv[1]);
  if (db_path == NULL)
    return usage_error (context, _("--db is required"));
  if ((username = username_option (context, username_text, &status)) == NULL)
    return status;
  if ((store = open_store (context, db_path, &status)) == NULL)
    return status;

  if (!mc_store_begin (store, &error))
    return failure (error);
  if ((user = find_user (store, username, &status)) == NULL)
    {
      mc_store_rollback (store);
      return status;
    }
  mc_user_set_disabled (user, disabled);
  ok = mc_store_put_user (store, user, NULL, &error) &&
       /* Someone disabled must lose access now, not when a token expires. */
       (!disabled || mc_store_delete_user_sessions (store, mc_user_get_id (user), &error)) &&
       mc_store_audit (store, NULL, disabled ? "user.disable" : "user.enable",
                       mc_user_get_id (user), "command line", &error);
  return finish (store, ok, error);
}

static int
user_disable (int    argc,
              char **argv)
{
  return set_disabled (argc, argv, TRUE);
}

static int
user_enable (int    argc,
             char **argv)
{
  return set_disabled (argc, argv, FALSE);
}

/* motcua-server user reset-password --db PATH --username U --password-stdin */
static int
user_reset_password (int    argc,
                     char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *username_text = NULL;
  gboolean password_stdin = FALSE;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("Server database (created if missing)"), N_("PATH") },
    { "username", 0, 0, G_OPTION_ARG_STRING, &username_text, N_("The account’s username"), N_("USERNAME") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin, N_("Read the new password from the first line of standard input"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("reset-password — set a new password and end the account’s sessions"));
  g_autoptr(Secret) password = NULL;
  g_autofree char *username = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McUser) user = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage_error (context, _("Unexpected argument “%s”"), argv[1]);
  if (db_path == NULL)
    return usage_error (context, _("--db is required"));
  if ((username = username_option (context, username_text, &status)) == NULL)
    return status;
  if (!password_stdin)
    return usage_error (context, _("--password-stdin is required: the password is read from "
                                   "standard input, never from the command line"));
  if ((password = read_password (context, &status)) == NULL)
    return status;
  if (!mc_server_auth_check_password (password, &error))
    return usage_error (context, "%s", error->message);
  if ((store = open_store (context, db_path, &status)) == NULL)
    return status;
  if ((user = find_user (store, username, &status)) == NULL)
    return status;

  hash = mc_server_auth_hash_password (password, &error);
  if (hash == NULL)
    return failure (error);
  if (!mc_store_begin (store, &error))
    return failure (error);
  /* A new password also lifts a throttle (the store clears the counter)
   * and signs out whoever used the old one. */
  ok = mc_store_set_password_hash (store, mc_user_get_id (user), hash, &error) &&
       mc_store_delete_user_sessions (store, mc_user_get_id (user), &error) &&
       mc_store_audit (store, NULL, "user.reset_password", mc_user_get_id (user), "command line", &error);
  return finish (store, ok, error);
}

static const McCliCommand verbs[] = {
  { "add", user_add, N_("Create an account") },
  { "list", user_list, N_("List every account") },
  { "disable", user_disable, N_("Refuse an account’s logins and end its sessions") },
  { "enable", user_enable, N_("Let a disabled account log in again") },
  { "reset-password", user_reset_password, N_("Set a new password") },
};

int
mc_server_cli_user (int    argc,
                    char **argv)
{
  return mc_server_cli_dispatch (verbs, G_N_ELEMENTS (verbs), "motcua-server user",
                                 _("Usage: motcua-server user VERB [OPTIONS…]"), argc, argv);
}
