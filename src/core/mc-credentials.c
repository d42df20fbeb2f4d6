/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "mc-credentials.h"

static const SecretSchema *
credentials_schema (void)
{
  static const SecretSchema schema = {
    "vn.motcua.Desk", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

static void
store_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
mc_credentials_store_async (const char          *server,
                            const char          *username,
                            const char          *token,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (server != NULL && username != NULL && token != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_credentials_store_async);
  /* The label is what the person sees in Passwords and Keys. */
  label = g_strdup_printf (_("Một Cửa Desk session of %s on %s"), username, server);
  secret_password_store (credentials_schema (), SECRET_COLLECTION_DEFAULT, label, token,
                         cancellable, store_done, g_steal_pointer (&task),
                         "server", server, "username", username, NULL);
}

gboolean
mc_credentials_store_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct {
  char *server;
  char *username;
} Lookup;

static void
lookup_free (Lookup *l)
{
  g_free (l->server);
  g_free (l->username);
  g_free (l);
}

/* On a thread: the Secret Service's round trips (the service, a session,
 * the search, the secret) go on while the main thread makes the window of
 * a start that waits for them. */
static void
lookup_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  Lookup *l = data;
  GError *error = NULL;
  char *secret;

  secret = secret_password_lookup_sync (credentials_schema (), cancellable, &error,
                                        "server", l->server, "username", l->username, NULL);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Out of libsecret's non-pageable memory into ours. */
  g_task_return_pointer (task, g_strdup (secret), g_free);
  secret_password_free (secret);
}

void
mc_credentials_lookup_async (const char          *server,
                             const char          *username,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Lookup *l;

  g_return_if_fail (server != NULL && username != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_credentials_lookup_async);
  l = g_new0 (Lookup, 1);
  l->server = g_strdup (server);
  l->username = g_strdup (username);
  g_task_set_task_data (task, l, (GDestroyNotify) lookup_free);
  g_task_run_in_thread (task, lookup_thread);
}

char *
mc_credentials_lookup_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
clear_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without an error: nothing was kept, which is fine. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
mc_credentials_clear_async (const char          *server,
                            const char          *username,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (server != NULL && username != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_credentials_clear_async);
  secret_password_clear (credentials_schema (), cancellable, clear_done, g_steal_pointer (&task),
                         "server", server, "username", username, NULL);
}

gboolean
mc_credentials_clear_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
