/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

/* What the sync test programs share: the real motcua-server on a
 * loopback port with the test organisation (mc-test-server.h), a folder
 * for the caches, clients signed in as its users, and a sync run waited
 * for on the main loop. Every function is static, as in
 * mc-test-server.h. */

#include "mc-sync.h"
#include "mc-test.h"
#include "mc-test-server.h"

typedef struct {
  McTestServer  t;
  McStore      *store;      /* nullable: a test may close it early; the seeded demo has none */
  char         *cache_dir;
  guint         port;
} Fixture;

/* Starts the server on what mc_test_server_init() put in f->store, and
 * makes the cache folder, named after @name. */
static G_GNUC_UNUSED void
fixture_start (Fixture    *f,
               const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *port_text = NULL;
  g_autofree char *template = g_strdup_printf ("motcua-%s-XXXXXX", name);

  mc_test_server_start (&f->t, NULL);
  g_assert_true (g_file_get_contents (f->t.port_file, &port_text, NULL, NULL));
  f->port = (guint) g_ascii_strtoull (port_text, NULL, 10);
  f->cache_dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
}

static G_GNUC_UNUSED void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", f->cache_dir);

  g_clear_pointer (&f->store, mc_store_free);
  mc_test_server_stop (&f->t);
  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  g_free (f->cache_dir);
}

/* A client of the test organisation, signed in with the token the test
 * helper got (one yescrypt per user and program). */
static G_GNUC_UNUSED McClient *
test_client (Fixture    *f,
             const char *username)
{
  McClient *client = mc_client_new (f->t.base, FALSE);

  mc_client_set_session (client, username, mc_test_login (&f->t, username));
  return client;
}

static G_GNUC_UNUSED gboolean
sync_run (McSync  *sync,
          GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  mc_sync_run_async (sync, NULL, mc_test_result_cb, &result);
  return mc_sync_run_finish (sync, mc_test_wait_result (&result), error);
}
