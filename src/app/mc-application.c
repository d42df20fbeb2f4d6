/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>

#include "mc-application.h"
#include "mc-demo.h"
#include "mc-resources.h"
#include "mc-sync.h"
#include "mc-window.h"

struct _McApplication
{
  AdwApplication  parent_instance;

  gboolean        demo_requested;
  McDemo         *demo;          /* owned, nullable */
  McSync         *sync;          /* owned, nullable */
  GCancellable   *cancellable;   /* owned */
  guint           sigterm_id;
  guint           sigint_id;
};

G_DEFINE_FINAL_TYPE (McApplication, mc_application, ADW_TYPE_APPLICATION)

void
mc_application_ensure_resources (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      mc_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}

static void
show_demo_error (McApplication *self,
                 McWindow      *window,
                 const GError  *error)
{
  GtkWidget *dialog;

  mc_window_show_welcome (window);
  dialog = adw_message_dialog_new (GTK_WINDOW (window), _("The Demo Could Not Start"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
demo_started_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(McApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  McWindow *window = MC_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (self)));

  if (!mc_demo_start_finish (MC_DEMO (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && window != NULL)
        show_demo_error (self, window, error);
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("%s", error->message);
      return;
    }

  self->sync = mc_sync_new (mc_demo_get_client (self->demo), mc_demo_get_cache_path (self->demo));
  if (window != NULL && !mc_window_set_sync (window, self->sync, &error))
    {
      g_autoptr(GError) shown = g_error_new (MC_DEMO_ERROR, MC_DEMO_ERROR_SEED,
                                             _("The demo’s local copy of the dossiers could not be "
                                               "opened (%s). Check that the temporary folder has "
                                               "free space, then start the demo again."),
                                             error->message);
      show_demo_error (self, window, shown);
      return;
    }
  mc_sync_start (self->sync);
}

static void
mc_application_activate (GApplication *app)
{
  McApplication *self = MC_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (mc_window_new (self));
      if (self->demo_requested && self->demo == NULL)
        {
          self->demo = mc_demo_new (MC_DEMO_DEFAULT_DOSSIERS);
          mc_window_show_starting (MC_WINDOW (window));
          mc_demo_start_async (self->demo, self->cancellable, demo_started_cb, g_object_ref (self));
        }
      else if (self->sync != NULL)
        mc_window_set_sync (MC_WINDOW (window), self->sync, NULL);
    }
  gtk_window_present (window);
}

static int
mc_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  McApplication *self = MC_APPLICATION (app);

  if (g_variant_dict_contains (options, "demo"))
    {
      self->demo_requested = TRUE;
      /* A demo owns a private server: it runs in its own process rather
       * than handing the request to a running instance. */
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }
  return -1;
}

static void
mc_application_shutdown (GApplication *app)
{
  McApplication *self = MC_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->sigterm_id, g_source_remove);
  g_clear_handle_id (&self->sigint_id, g_source_remove);
  if (self->sync != NULL)
    mc_sync_stop (self->sync);
  g_clear_object (&self->sync);
  if (self->demo != NULL)
    mc_demo_stop (self->demo);

  G_APPLICATION_CLASS (mc_application_parent_class)->shutdown (app);
}

static void
mc_application_dispose (GObject *object)
{
  McApplication *self = MC_APPLICATION (object);

  g_clear_object (&self->sync);
  g_clear_object (&self->demo);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (mc_application_parent_class)->dispose (object);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "The Một Cửa Desk developers", NULL };
  AdwAboutWindow *about;

  about = ADW_ABOUT_WINDOW (adw_about_window_new ());
  gtk_window_set_transient_for (GTK_WINDOW (about), gtk_application_get_active_window (app));
  adw_about_window_set_application_name (about, _("Một Cửa Desk"));
  adw_about_window_set_application_icon (about, APP_ID);
  adw_about_window_set_version (about, PACKAGE_VERSION);
  adw_about_window_set_developer_name (about, "The Một Cửa Desk developers");
  adw_about_window_set_developers (about, developers);
  adw_about_window_set_website (about, "https://motcua.vn");
  adw_about_window_set_license_type (about, GTK_LICENSE_GPL_3_0);
  adw_about_window_set_comments (about, _("Receive, process and return administrative dossiers"));
  /* Translators: your name, to be credited in the About window. */
  adw_about_window_set_translator_credits (about, _("translator-credits"));
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "quit", quit_action },
};

/* SIGTERM and SIGINT end the application properly, so that a demo's
 * server stops and its folder goes away. */
static gboolean
quit_on_signal_cb (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_CONTINUE;
}

static void
mc_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  McApplication *self = MC_APPLICATION (app);

  G_APPLICATION_CLASS (mc_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
  self->sigterm_id = g_unix_signal_add (SIGTERM, quit_on_signal_cb, app);
  self->sigint_id = g_unix_signal_add (SIGINT, quit_on_signal_cb, app);
}

static void
mc_application_class_init (McApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  mc_application_ensure_resources ();
  object_class->dispose = mc_application_dispose;
  app_class->activate = mc_application_activate;
  app_class->startup = mc_application_startup;
  app_class->shutdown = mc_application_shutdown;
  app_class->handle_local_options = mc_application_handle_local_options;
}

static void
mc_application_init (McApplication *self)
{
  static const GOptionEntry options[] = {
    { "demo", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
      N_("Try the application on a private demo server with demo data"), NULL },
    { NULL }
  };

  self->cancellable = g_cancellable_new ();
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

McApplication *
mc_application_new (void)
{
  return g_object_new (MC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/vn/motcua/Desk",
                       NULL);
}
