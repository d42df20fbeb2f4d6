/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-server.h"
#include "mc-test.h"

/* docs/api.yaml must describe exactly the routes the server registers.
 *
 * No YAML library is available, so this reads the one subset the file
 * keeps to (its header comment says so): a line `paths:` at column 0 opens
 * the block, which ends at the next key at column 0; inside it a key
 * indented by exactly two spaces is a path, and a key indented by exactly
 * four spaces whose name is an HTTP method is an operation of the path
 * above it. Anything indented deeper (descriptions, block scalars, schemas)
 * is never a path or an operation, and comments and blank lines are
 * skipped. Keys may be quoted. Flow mappings (`/x: {get: …}`) are not
 * understood: the test fails on a path with no operation, so such a line
 * would not pass unnoticed. */

static const char *const methods[] = {
  "get", "put", "post", "delete", "options", "head", "patch", "trace",
};

static guint
indent_of (const char *line)
{
  guint n = 0;

  while (line[n] == ' ')
    n++;
  return n;
}

/* The key of a `key:` line (quotes removed), or NULL when the line is not
 * a mapping key at this position. */
static char *
key_of (const char *line,
        guint       indent)
{
  const char *start = line + indent;
  const char *colon;

  if (*start == '"' || *start == '\'')
    {
      const char *end = strchr (start + 1, *start);

      if (end == NULL || end[1] != ':')
        return NULL;
      return g_strndup (start + 1, end - start - 1);
    }
  colon = strchr (start, ':');
  if (colon == NULL || (colon[1] != '\0' && colon[1] != ' '))
    return NULL;
  return g_strndup (start, colon - start);
}

static gboolean
is_method (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    if (g_str_equal (key, methods[i]))
      return TRUE;
  return FALSE;
}

/* "GET /api/v1/me" for each operation under paths:, in a set. */
static GHashTable *
read_documented (const char *text)
{
  g_autoptr(GHashTable) set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *path = NULL;
  gboolean in_paths = FALSE, seen_paths = FALSE;
  guint path_operations = 0;

  for (guint n = 0; lines[n] != NULL; n++)
    {
      char *line = lines[n];
      gsize len = strlen (line);
      guint indent;
      g_autofree char *key = NULL;

      /* Trailing blanks and a CR do not matter. */
      while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\r'))
        line[--len] = '\0';
      indent = indent_of (line);
      if (line[indent] == '\0' || line[indent] == '#')
        continue;

      if (indent == 0)
        {
          if (in_paths && path != NULL && path_operations == 0)
            g_error ("docs/api.yaml: path %s has no operation", path);
          in_paths = g_str_equal (line, "paths:");
          seen_paths |= in_paths;
          continue;
        }
      if (!in_paths)
        continue;

      if (indent == 2)
        {
          key = key_of (line, indent);
          if (key == NULL || key[0] != '/')
            g_error ("docs/api.yaml line %u: expected a path key under paths:, found “%s”", n + 1, line);
          if (path != NULL && path_operations == 0)
            g_error ("docs/api.yaml: path %s has no operation", path);
          g_free (path);
          path = g_steal_pointer (&key);
          path_operations = 0;
        }
      else if (indent == 4)
        {
          key = key_of (line, indent);
          if (key != NULL && is_method (key))
            {
              g_autofree char *upper = g_ascii_strup (key, -1);
              char *pair;

              g_assert_nonnull (path);
              pair = g_strdup_printf ("%s %s", upper, path);
              if (!g_hash_table_add (set, pair))
                g_error ("docs/api.yaml line %u: %s documented twice", n + 1, line);
              path_operations++;
            }
        }
    }
  if (in_paths && path != NULL && path_operations == 0)
    g_error ("docs/api.yaml: path %s has no operation", path);
  g_assert_true (seen_paths);
  return g_steal_pointer (&set);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Those of `a` that `b` lacks, sorted, one per line. */
static char *
difference (GHashTable *a,
            GHashTable *b)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  GString *out = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (b, key))
      g_ptr_array_add (list, key);
  g_ptr_array_sort (list, compare_strings);
  for (guint i = 0; i < list->len; i++)
    g_string_append_printf (out, "  %s\n", (const char *) list->pdata[i]);
  return g_string_free (out, FALSE);
}

static void
test_routes_documented (void)
{
  g_autofree char *file = g_test_build_filename (G_TEST_DIST, "..", "docs", "api.yaml", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) documented = NULL;
  g_autoptr(GHashTable) served = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *undocumented = NULL;
  g_autofree char *unserved = NULL;
  const McRoute *routes;
  guint n_routes;

  g_file_get_contents (file, &text, NULL, &error);
  g_assert_no_error (error);
  documented = read_documented (text);

  routes = mc_server_get_routes (&n_routes);
  g_assert_cmpuint (n_routes, >, 0);
  for (guint i = 0; i < n_routes; i++)
    if (!g_hash_table_add (served, g_strdup_printf ("%s %s", routes[i].method, routes[i].pattern)))
      g_error ("the server registers %s %s twice", routes[i].method, routes[i].pattern);

  undocumented = difference (served, documented);
  unserved = difference (documented, served);
  if (*undocumented != '\0' || *unserved != '\0')
    g_error ("docs/api.yaml and the server's routes differ.\n"
             "Served but not in docs/api.yaml:\n%s"
             "In docs/api.yaml but not served:\n%s",
             *undocumented ? undocumented : "  (none)\n",
             *unserved ? unserved : "  (none)\n");
  g_test_message ("%u routes, all documented", n_routes);
}

/* The parser itself, on the shapes it must and must not take for paths. */
static void
test_parser (void)
{
  const char *text =
    "openapi: 3.0.3\n"
    "info:\n"
    "  title: x\n"
    "  description: |\n"
    "    /not/a/path:\n"
    "paths:\n"
    "  # a comment\n"
    "  /a:\n"
    "    parameters:\n"
    "      - name: id\n"
    "    get:\n"
    "      description: |\n"
    "        post:\n"
    "    \"post\":\n"
    "\n"
    "  '/b/{id}':\n"
    "    delete:\n"
    "components:\n"
    "  /c:\n"
    "    get:\n";
  g_autoptr(GHashTable) set = read_documented (text);

  g_assert_cmpuint (g_hash_table_size (set), ==, 3);
  g_assert_true (g_hash_table_contains (set, "GET /a"));
  g_assert_true (g_hash_table_contains (set, "POST /a"));
  g_assert_true (g_hash_table_contains (set, "DELETE /b/{id}"));
}

int
main (int    argc,
      char **argv)
{
  mc_test_init (&argc, &argv);

  g_test_add_func ("/server/api-doc/parser", test_parser);
  g_test_add_func ("/server/api-doc/routes", test_routes_documented);
  return g_test_run ();
}
