/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "mc-json.h"
#include "mc-server-seed.h"
#include "mc-store.h"
#include "mc-test.h"
#include "mc-time.h"

/* GET /dossiers/{id} serves the stored text spliced with its events and
 * attachments; it must be, byte for byte, what decoding the dossier and
 * encoding it again gives, for every shape the demo province holds. */
static void
test_document_fast_path (void)
{
  g_autofree char *dir = g_dir_make_tmp ("motcua-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "server.db", NULL);
  g_autoptr(McStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_auto(McSeedReport) report = { 0 };
  McSeedOptions options;
  McVisibility all = { MC_VISIBILITY_ALL, NULL, NULL };
  McDossierFilter filter = { 0, NULL, NULL, NULL, FALSE, MC_TIME_NONE, MC_TIME_NONE };

  store = mc_store_open (path, NULL, TRUE, &error);
  g_assert_no_error (error);
  mc_seed_options_init (&options);
  options.n_dossiers = 400;
  options.seed = 3;
  g_assert_true (mc_time_parse_iso8601 ("2026-11-20T10:00:00+07:00", &options.now, NULL));
  g_assert_true (mc_server_seed_demo (store, &options, &report, &error));
  g_assert_no_error (error);

  page = mc_store_list_dossiers (store, &all, &filter, NULL, 400, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 400);
  for (guint i = 0; i < page->len; i++)
    {
      const char *id = mc_dossier_get_id (page->pdata[i]);
      g_autoptr(McDossier) dossier = mc_store_get_dossier (store, id, TRUE, &error);
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *expected = NULL;
      g_autoptr(GBytes) document = NULL;
      g_auto(McDossierPlace) place = { NULL, NULL, 0 };
      gsize len;

      g_assert_no_error (error);
      node = mc_dossier_to_json (dossier);
      expected = mc_json_to_data (node, NULL);
      document = mc_store_get_dossier_document (store, id, &place, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (g_bytes_get_data (document, &len), ==, expected);
      g_assert_cmpuint (len, ==, strlen (expected));
      g_assert_cmpint (place.version, ==, mc_dossier_get_version (dossier));
      g_assert_cmpstr (place.department_id, ==, mc_dossier_get_department_id (dossier));
      g_assert_cmpstr (place.receiving_department_id, ==, mc_dossier_get_receiving_department_id (dossier));
    }

  g_assert_null (mc_store_get_dossier_document (store, "no-such-id", &(McDossierPlace) { 0 }, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND);

  g_clear_pointer (&store, mc_store_free);
  g_assert_no_errno (g_remove (path));
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_autofree char *files = g_strconcat (path, ".files", NULL);
    g_remove (wal);
    g_remove (shm);
    g_rmdir (files);
  }
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  mc_test_init (&argc, &argv);

  g_test_add_func ("/server/store/document-fast-path", test_document_fast_path);

  return g_test_run ();
}
