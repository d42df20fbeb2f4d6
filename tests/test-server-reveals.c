/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "mc-store-private.h"
#include "mc-test-server.h"
#include "mc-test.h"
#include "mc-time.h"

/* POST /api/v1/dossiers/{id}/reveals against the real server: the reveal
 * of a masked detail is recorded in the audit, for whoever may see the
 * dossier, and changes nothing in the dossier. */

typedef struct {
  McTestServer  t;
  McStore      *store;
  char         *dossier;    /* registered by rec, transferred to a */
  int           version;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->store = mc_test_server_init (&f->t);
  mc_test_server_start (&f->t, NULL);
  f->dossier = mc_test_create_dossier (&f->t, "Trần Thị Lan", &f->version);
  f->version = mc_test_action (&f->t, "rec", f->dossier, "transfer", f->version, "d-a");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->store, mc_store_free);
  g_free (f->dossier);
  mc_test_server_stop (&f->t);
}

static McTestResponse *
reveal (Fixture    *f,
        const char *username,
        const char *dossier,
        const char *body)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/dossiers/%s/reveals", dossier);

  return mc_test_request_full (&f->t, "POST", path, mc_test_login (&f->t, username), "application/json",
                               g_bytes_new (body, strlen (body)), NULL);
}

/* The audit rows of reveals of @dossier, as "actor_id field" lines. */
static char *
audited (Fixture    *f,
         const char *dossier)
{
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);
  sqlite3_stmt *stmt = _mc_store_prepare (f->store, "SELECT actor_id, detail FROM audit "
                                                    "WHERE action = 'dossier.reveal' AND target = ?1 "
                                                    "ORDER BY id", &error);

  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, dossier, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%s %s\n", sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1));
  sqlite3_reset (stmt);
  return g_string_free (out, FALSE);
}

static int
dossier_version (Fixture *f)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/dossiers/%s", f->dossier);
  g_autoptr(McTestResponse) r = mc_test_request_json (&f->t, "GET", path, mc_test_login (&f->t, "sup"), NULL);

  g_assert_cmpuint (r->status, ==, 200);
  return (int) json_object_get_int_member (json_node_get_object (r->json), "version");
}

static void
test_recorded (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(McTestResponse) r1 = NULL;
  g_autoptr(McTestResponse) r2 = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *expected = NULL;
  JsonObject *answer;
  gint64 at = 0;

  r1 = reveal (f, "spa", f->dossier, "{\"field\":\"id_number\"}");
  g_assert_cmpuint (r1->status, ==, 201);
  answer = json_node_get_object (r1->json);
  g_assert_cmpstr (json_object_get_string_member (answer, "dossier_id"), ==, f->dossier);
  g_assert_cmpstr (json_object_get_string_member (answer, "field"), ==, "id_number");
  g_assert_true (mc_time_parse_iso8601 (json_object_get_string_member (answer, "recorded_at"), &at, NULL));

  /* Every look is a record of its own. */
  r2 = reveal (f, "sup", f->dossier, "{\"field\":\"id_number\"}");
  g_assert_cmpuint (r2->status, ==, 201);

  rows = audited (f, f->dossier);
  expected = g_strdup_printf ("%s id_number\n%s id_number\n",
                              (char *) g_hash_table_lookup (f->t.user_ids, "spa"),
                              (char *) g_hash_table_lookup (f->t.user_ids, "sup"));
  g_assert_cmpstr (rows, ==, expected);
  /* Looking is not a change: no new version, no conflict for actions. */
  g_assert_cmpint (dossier_version (f), ==, f->version);
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(McTestResponse) hidden = NULL;
  g_autoptr(McTestResponse) missing = NULL;
  g_autoptr(McTestResponse) unknown = NULL;
  g_autoptr(McTestResponse) no_field = NULL;
  g_autoptr(McTestResponse) anonymous = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/dossiers/%s/reveals", f->dossier);
  const char *body = "{\"field\":\"id_number\"}";

  /* spb works in department b: the dossier is out of sight. */
  hidden = reveal (f, "spb", f->dossier, body);
  g_assert_cmpuint (hidden->status, ==, 404);
  missing = reveal (f, "sup", "00000000-0000-4000-8000-000000000000", body);
  g_assert_cmpuint (missing->status, ==, 404);
  unknown = reveal (f, "sup", f->dossier, "{\"field\":\"password\"}");
  g_assert_cmpuint (unknown->status, ==, 400);
  no_field = reveal (f, "sup", f->dossier, "{}");
  g_assert_cmpuint (no_field->status, ==, 400);
  anonymous = mc_test_request_full (&f->t, "POST", path, NULL, "application/json",
                                    g_bytes_new_static (body, strlen (body)), NULL);
  g_assert_cmpuint (anonymous->status, ==, 401);

  rows = audited (f, f->dossier);
  g_assert_cmpstr (rows, ==, "");
}

int
main (int    argc,
      char **argv)
{
  mc_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/server/reveals/recorded", test_recorded);
  ADD ("/server/reveals/refused", test_refused);
#undef ADD

  return g_test_run ();
}
