/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-account.h"
#include "mc-application.h"
#include "mc-sign-in-page.h"

struct _McSignInPage
{
  GtkWidget      parent_instance;

  gboolean       busy;

  /* template children */
  AdwStatusPage *status_page;
  GtkWidget     *error_box;
  GtkLabel      *error_label;
  GtkWidget     *trust_button;
  AdwEntryRow   *address_row;
  AdwEntryRow   *username_row;
  AdwEntryRow   *password_row;
  GtkWidget     *sign_in_button;
  GtkSpinner    *spinner;
  GtkWidget     *demo_button;
};

G_DEFINE_FINAL_TYPE (McSignInPage, mc_sign_in_page, GTK_TYPE_WIDGET)

enum {
  SIGNAL_SIGN_IN,
  SIGNAL_TRUST_CERTIFICATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
next_field_cb (McSignInPage *self,
               AdwEntryRow  *row)
{
  if (row == self->address_row)
    gtk_widget_grab_focus (GTK_WIDGET (self->username_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
trust_clicked_cb (McSignInPage *self)
{
  g_signal_emit (self, signals[SIGNAL_TRUST_CERTIFICATE], 0);
}

static void
mc_sign_in_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MC_TYPE_SIGN_IN_PAGE);

  G_OBJECT_CLASS (mc_sign_in_page_parent_class)->dispose (object);
}

static void
mc_sign_in_page_class_init (McSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_sign_in_page_dispose;

  /**
   * McSignInPage::sign-in:
   *
   * The address has a valid form and a user name was typed: sign in with
   * the page's address, user name and password.
   */
  signals[SIGNAL_SIGN_IN] = g_signal_new ("sign-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * McSignInPage::trust-certificate:
   *
   * The person asked to look at the server's certificate and maybe trust it.
   */
  signals[SIGNAL_TRUST_CERTIFICATE] = g_signal_new ("trust-certificate", G_TYPE_FROM_CLASS (klass),
                                                    G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                    G_TYPE_NONE, 0);

  mc_application_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/motcua/Desk/ui/mc-sign-in-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, McSignInPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, McSignInPage, error_box);
  gtk_widget_class_bind_template_child (widget_class, McSignInPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, McSignInPage, trust_button);
  gtk_widget_class_bind_template_child (widget_class, McSignInPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, McSignInPage, username_row);
  gtk_widget_class_bind_template_child (widget_class, McSignInPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, McSignInPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, McSignInPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, McSignInPage, demo_button);
  gtk_widget_class_bind_template_callback (widget_class, next_field_cb);
  gtk_widget_class_bind_template_callback (widget_class, trust_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, mc_sign_in_page_submit);
}

static void
mc_sign_in_page_init (McSignInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

McSignInPage *
mc_sign_in_page_new (void)
{
  return g_object_new (MC_TYPE_SIGN_IN_PAGE, NULL);
}

const char *
mc_sign_in_page_get_address (McSignInPage *self)
{
  g_return_val_if_fail (MC_IS_SIGN_IN_PAGE (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->address_row));
}

void
mc_sign_in_page_set_address (McSignInPage *self,
                             const char   *address)
{
  g_return_if_fail (MC_IS_SIGN_IN_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->address_row), address != NULL ? address : "");
}

const char *
mc_sign_in_page_get_username (McSignInPage *self)
{
  g_return_val_if_fail (MC_IS_SIGN_IN_PAGE (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->username_row));
}

void
mc_sign_in_page_set_username (McSignInPage *self,
                              const char   *username)
{
  g_return_if_fail (MC_IS_SIGN_IN_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->username_row), username != NULL ? username : "");
}

const char *
mc_sign_in_page_get_password (McSignInPage *self)
{
  g_return_val_if_fail (MC_IS_SIGN_IN_PAGE (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->password_row));
}

void
mc_sign_in_page_set_password (McSignInPage *self,
                              const char   *password)
{
  g_return_if_fail (MC_IS_SIGN_IN_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password != NULL ? password : "");
}

void
mc_sign_in_page_clear_password (McSignInPage *self)
{
  g_return_if_fail (MC_IS_SIGN_IN_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
}

void
mc_sign_in_page_set_busy (McSignInPage *self,
                          gboolean      busy)
{
  g_return_if_fail (MC_IS_SIGN_IN_PAGE (self));

  busy = !!busy;
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  /* The fields keep what was typed and the focus; they only wait.
   * (Made insensitive, a focused GtkText of GTK 4.8 loses its focus-out.) */
  gtk_editable_set_editable (GTK_EDITABLE (self->address_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->username_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->password_row), !busy);
  gtk_widget_set_sensitive (self->sign_in_button, !busy);
  gtk_widget_set_sensitive (self->demo_button, !busy);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->sign_in_button), GTK_ACCESSIBLE_STATE_BUSY, busy, -1);
  if (busy)
    gtk_widget_set_visible (self->trust_button, FALSE);
}

gboolean
mc_sign_in_page_get_busy (McSignInPage *self)
{
  g_return_val_if_fail (MC_IS_SIGN_IN_PAGE (self), FALSE);
  return self->busy;
}

void
mc_sign_in_page_show_error (McSignInPage *self,
                            const char   *message,
                            gboolean      offer_trust)
{
  g_return_if_fail (MC_IS_SIGN_IN_PAGE (self));

  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (self->error_box, message != NULL);
  gtk_widget_set_visible (self->trust_button, message != NULL && offer_trust);
  if (message != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->error_box),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
}

gboolean
mc_sign_in_page_get_offers_trust (McSignInPage *self)
{
  g_return_val_if_fail (MC_IS_SIGN_IN_PAGE (self), FALSE);
  return gtk_widget_get_visible (self->trust_button);
}

const char *
mc_sign_in_page_get_error (McSignInPage *self)
{
  g_return_val_if_fail (MC_IS_SIGN_IN_PAGE (self), NULL);

  if (!gtk_widget_get_visible (self->error_box))
    return NULL;
  return gtk_label_get_text (self->error_label);
}

void
mc_sign_in_page_focus (McSignInPage *self)
{
  g_return_if_fail (MC_IS_SIGN_IN_PAGE (self));

  if (*mc_sign_in_page_get_address (self) == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->address_row));
  else if (*mc_sign_in_page_get_username (self) == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->username_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

void
mc_sign_in_page_submit (McSignInPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  g_autofree char *username = NULL;

  g_return_if_fail (MC_IS_SIGN_IN_PAGE (self));

  if (self->busy)
    return;
  address = mc_account_normalize_address (mc_sign_in_page_get_address (self), &error);
  if (address == NULL)
    {
      mc_sign_in_page_show_error (self, error->message, FALSE);
      gtk_widget_grab_focus (GTK_WIDGET (self->address_row));
      return;
    }
  username = g_strstrip (g_strdup (mc_sign_in_page_get_username (self)));
  if (*username == '\0')
    {
      mc_sign_in_page_show_error (self, _("Type your user name."), FALSE);
      gtk_widget_grab_focus (GTK_WIDGET (self->username_row));
      return;
    }
  if (*mc_sign_in_page_get_password (self) == '\0')
    {
      mc_sign_in_page_show_error (self, _("Type your password."), FALSE);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }
  mc_sign_in_page_show_error (self, NULL, FALSE);
  g_signal_emit (self, signals[SIGNAL_SIGN_IN], 0);
}
