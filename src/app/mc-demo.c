/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>

#include "mc-demo.h"

/* How long the server may take to write its port file. */
#define MC_DEMO_SERVE_TIMEOUT_US (30 * G_USEC_PER_SEC)

struct _McDemo
{
  GObject      parent_instance;

  guint        n_dossiers;
  char        *dir;          /* owned, nullable: the temporary folder */
  char        *db_path;      /* owned, nullable */
  char        *port_file;    /* owned, nullable */
  char        *cache_path;   /* owned, nullable */
  char        *base_url;     /* owned, nullable */
  GSubprocess *server;       /* owned, nullable */
  McClient    *client;       /* owned, nullable */
  char        *username;     /* owned: the demo account signed in */
};

G_DEFINE_FINAL_TYPE (McDemo, mc_demo, G_TYPE_OBJECT)

G_DEFINE_QUARK (mc-demo-error-quark, mc_demo_error)

typedef struct {
  char   *server_path;
  guint   poll_id;
  gint64  deadline;
} StartData;

static void
start_data_free (StartData *data)
{
  g_clear_handle_id (&data->poll_id, g_source_remove);
  g_free (data->server_path);
  g_free (data);
}

static gboolean
is_executable (const char *path)
{
  return g_file_test (path, G_FILE_TEST_IS_REGULAR) && g_access (path, X_OK) == 0;
}

char *
mc_demo_find_server (void)
{
  const char *env = g_getenv ("MOTCUA_SERVER");
  g_autofree char *self_path = NULL;

  if (env != NULL && *env != '\0')
    return is_executable (env) ? g_strdup (env) : NULL;

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  if (self_path != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self_path);
      /* The build tree: _build/src/app/motcua beside _build/src/server/. */
      g_autofree char *built = g_build_filename (dir, "..", "server", "motcua-server", NULL);
      /* An installation: both in the same bin folder. */
      g_autofree char *installed = g_build_filename (dir, "motcua-server", NULL);

      if (is_executable (built))
        return g_canonicalize_filename (built, NULL);
      if (is_executable (installed))
        return g_steal_pointer (&installed);
    }

  return g_find_program_in_path ("motcua-server");
}

/* Removes a folder and everything in it, without following links. */
static void
remove_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) error = NULL;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children != NULL)
    {
      GFileInfo *info;
      GFile *child;

      while (g_file_enumerator_iterate (children, &info, &child, NULL, NULL) && info != NULL)
        {
          if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
            remove_tree (child);
          else
            g_file_delete (child, NULL, NULL);
        }
    }
  if (!g_file_delete (file, NULL, &error))
    g_warning ("Could not remove the demo folder %s: %s", g_file_peek_path (file), error->message);
}

void
mc_demo_stop (McDemo *self)
{
  g_return_if_fail (MC_IS_DEMO (self));

  if (self->server != NULL)
    {
      gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

      /* GLib reaps the child on its own worker thread, so the identifier
       * goes away once the server has ended. */
      g_subprocess_send_signal (self->server, SIGTERM);
      while (g_subprocess_get_identifier (self->server) != NULL && g_get_monotonic_time () < end)
        g_usleep (10 * 1000);
      if (g_subprocess_get_identifier (self->server) != NULL)
        {
          g_warning ("The demo server did not end on SIGTERM; killing it");
          g_subprocess_force_exit (self->server);
        }
      g_subprocess_wait (self->server, NULL, NULL);
      g_clear_object (&self->server);
    }
  g_clear_object (&self->client);

  if (self->dir != NULL)
    {
      g_autoptr(GFile) dir = g_file_new_for_path (self->dir);

      remove_tree (dir);
      g_clear_pointer (&self->dir, g_free);
    }
}

static void
mc_demo_dispose (GObject *object)
{
  McDemo *self = MC_DEMO (object);

  mc_demo_stop (self);

  G_OBJECT_CLASS (mc_demo_parent_class)->dispose (object);
}

static void
mc_demo_finalize (GObject *object)
{
  McDemo *self = MC_DEMO (object);

  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->port_file, g_free);
  g_clear_pointer (&self->cache_path, g_free);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->username, g_free);

  G_OBJECT_CLASS (mc_demo_parent_class)->finalize (object);
}

static void
mc_demo_class_init (McDemoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_demo_dispose;
  object_class->finalize = mc_demo_finalize;
}

static void
mc_demo_init (McDemo *self)
{
  self->n_dossiers = MC_DEMO_DEFAULT_DOSSIERS;
  self->username = g_strdup (MC_DEMO_USERNAME);
}

McDemo *
mc_demo_new (guint n_dossiers)
{
  McDemo *self = g_object_new (MC_TYPE_DEMO, NULL);

  if (n_dossiers > 0)
    self->n_dossiers = n_dossiers;
  return self;
}

McClient *
mc_demo_get_client (McDemo *self)
{
  g_return_val_if_fail (MC_IS_DEMO (self), NULL);
  return self->client;
}

const char *
mc_demo_get_cache_path (McDemo *self)
{
  g_return_val_if_fail (MC_IS_DEMO (self), NULL);
  return self->cache_path;
}

const char *
mc_demo_get_base_url (McDemo *self)
{
  g_return_val_if_fail (MC_IS_DEMO (self), NULL);
  return self->base_url;
}

const char *
mc_demo_get_username (McDemo *self)
{
  g_return_val_if_fail (MC_IS_DEMO (self), NULL);
  return self->username;
}

/* Each demo account keeps its own cache, as a real account would. */
static char *
cache_path_for (McDemo     *self,
                const char *username)
{
  g_autofree char *file = g_strconcat (username, ".db", NULL);

  return g_build_filename (self->dir, "cache", file, NULL);
}

/* Switching accounts: a new client signed in on the same server. */

static void
switch_logged_in_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  McDemo *self = g_task_get_source_object (task);
  McClient *client = MC_CLIENT (source);
  const char *username = g_task_get_task_data (task);

  if (!mc_client_log_in_finish (client, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, MC_DEMO_ERROR, MC_DEMO_ERROR_LOG_IN,
                                 _("The demo account %s could not sign in to the demo server (%s). "
                                   "Quit and start the demo again."),
                                 username, error->message);
      return;
    }
  if (self->dir == NULL)
    {
      /* Stopped meanwhile. */
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The demo stopped");
      return;
    }
  g_set_object (&self->client, client);
  g_free (self->username);
  self->username = g_strdup (username);
  g_free (self->cache_path);
  self->cache_path = cache_path_for (self, username);
  g_task_return_boolean (task, TRUE);
}

void
mc_demo_sign_in_async (McDemo              *self,
                       const char          *username,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(McClient) client = NULL;

  g_return_if_fail (MC_IS_DEMO (self));
  g_return_if_fail (username != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_demo_sign_in_async);
  g_task_set_task_data (task, g_strdup (username), g_free);
  if (self->base_url == NULL || self->dir == NULL)
    {
      g_task_return_new_error (task, MC_DEMO_ERROR, MC_DEMO_ERROR_LOG_IN,
                               _("The demo server is not running. Quit and start the demo again."));
      return;
    }
  client = mc_client_new (self->base_url, FALSE);
  mc_client_log_in_async (client, username, MC_DEMO_PASSWORD, cancellable,
                          switch_logged_in_cb, g_steal_pointer (&task));
}

gboolean
mc_demo_sign_in_finish (McDemo        *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (MC_IS_DEMO (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Starting: seed, serve, wait for the port, sign in. */

static void
die_with_parent (gpointer data)
{
  /* A demo that crashes takes its server with it. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
log_in_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!mc_client_log_in_finish (MC_CLIENT (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, MC_DEMO_ERROR, MC_DEMO_ERROR_LOG_IN,
                                 _("The demo account could not sign in to the demo server (%s). "
                                   "Quit and start the demo again."),
                                 error->message);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static gboolean
poll_port_cb (gpointer user_data)
{
  GTask *task = user_data;
  McDemo *self = g_task_get_source_object (task);
  StartData *data = g_task_get_task_data (task);
  g_autofree char *text = NULL;
  guint64 port = 0;

  if (g_task_return_error_if_cancelled (task))
    {
      data->poll_id = 0;
      g_object_unref (task);
      return G_SOURCE_REMOVE;
    }

  if (g_file_get_contents (self->port_file, &text, NULL, NULL) &&
      g_ascii_string_to_unsigned (g_strstrip (text), 10, 1, 65535, &port, NULL))
    {
      data->poll_id = 0;
      self->base_url = g_strdup_printf ("http://127.0.0.1:%u", (guint) port);
      self->client = mc_client_new (self->base_url, FALSE);
      mc_client_log_in_async (self->client, self->username, MC_DEMO_PASSWORD,
                              g_task_get_cancellable (task), log_in_cb, task);
      return G_SOURCE_REMOVE;
    }

  if (g_subprocess_get_identifier (self->server) == NULL || g_get_monotonic_time () > data->deadline)
    {
      data->poll_id = 0;
      g_task_return_new_error (task, MC_DEMO_ERROR, MC_DEMO_ERROR_SERVE,
                               _("The demo server did not start. Check that no security "
                                 "software blocks programs from listening on 127.0.0.1, "
                                 "then start the demo again."));
      g_object_unref (task);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
serve (GTask *task)
{
  McDemo *self = g_task_get_source_object (task);
  StartData *data = g_task_get_task_data (task);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  self->server = g_subprocess_launcher_spawn (launcher, &error, data->server_path, "serve",
                                              "--db", self->db_path,
                                              "--listen", "127.0.0.1:0",
                                              "--port-file", self->port_file,
                                              "--quiet", NULL);
  if (self->server == NULL)
    {
      g_task_return_new_error (task, MC_DEMO_ERROR, MC_DEMO_ERROR_SERVE,
                               _("The demo server could not be started (%s). Check that "
                                 "motcua-server is installed completely, then start the demo again."),
                               error->message);
      g_object_unref (task);
      return;
    }

  data->deadline = g_get_monotonic_time () + MC_DEMO_SERVE_TIMEOUT_US;
  data->poll_id = g_timeout_add (50, poll_port_cb, task);
}

static void
seed_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  GSubprocess *seed = G_SUBPROCESS (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  if (!g_subprocess_communicate_utf8_finish (seed, result, NULL, &err, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  if (!g_subprocess_get_successful (seed))
    {
      g_task_return_new_error (task, MC_DEMO_ERROR, MC_DEMO_ERROR_SEED,
                               _("The demo data could not be created: %s\n"
                                 "Check that the temporary folder has free space, "
                                 "then start the demo again."),
                               err != NULL && *err != '\0' ? g_strstrip (err) : _("the server gave no reason"));
      g_object_unref (task);
      return;
    }
  serve (task);
}

void
mc_demo_start_async (McDemo              *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSubprocess) seed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dossiers = NULL;
  StartData *data;

  g_return_if_fail (MC_IS_DEMO (self));
  g_return_if_fail (self->dir == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_demo_start_async);
  data = g_new0 (StartData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) start_data_free);

  data->server_path = mc_demo_find_server ();
  if (data->server_path == NULL)
    {
      g_task_return_new_error (task, MC_DEMO_ERROR, MC_DEMO_ERROR_NO_SERVER,
                               _("The demo needs the program motcua-server, which was not found. "
                                 "Install the motcua-server package, or set the environment "
                                 "variable MOTCUA_SERVER to the program’s path, then start "
                                 "“motcua --demo” again."));
      return;
    }

  self->dir = g_dir_make_tmp ("motcua-demo-XXXXXX", &error);
  if (self->dir == NULL)
    {
      g_task_return_new_error (task, MC_DEMO_ERROR, MC_DEMO_ERROR_SEED,
                               _("No temporary folder could be created for the demo (%s). "
                                 "Check that the temporary folder has free space."),
                               error->message);
      return;
    }
  self->db_path = g_build_filename (self->dir, "demo.db", NULL);
  self->port_file = g_build_filename (self->dir, "port", NULL);
  self->cache_path = cache_path_for (self, self->username);

  dossiers = g_strdup_printf ("%u", self->n_dossiers);
  seed = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           data->server_path, "seed-demo", "--db", self->db_path,
                           "--dossiers", dossiers, NULL);
  if (seed == NULL)
    {
      g_task_return_new_error (task, MC_DEMO_ERROR, MC_DEMO_ERROR_SEED,
                               _("The demo data could not be created: %s\n"
                                 "Check that motcua-server is installed completely, "
                                 "then start the demo again."),
                               error->message);
      return;
    }
  g_subprocess_communicate_utf8_async (seed, NULL, cancellable, seed_cb, g_steal_pointer (&task));
}

gboolean
mc_demo_start_finish (McDemo        *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (MC_IS_DEMO (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
