/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The welcome page: the server address, the user name and the password,
 * Sign In, and Try the Demo. The page checks the address's form itself
 * (mc_account_normalize_address) and then emits ::sign-in; whoever signs
 * in calls mc_sign_in_page_set_busy() and, on failure,
 * mc_sign_in_page_show_error(). What was typed stays on a failure. */

#define MC_TYPE_SIGN_IN_PAGE (mc_sign_in_page_get_type ())
G_DECLARE_FINAL_TYPE (McSignInPage, mc_sign_in_page, MC, SIGN_IN_PAGE, GtkWidget)

McSignInPage *mc_sign_in_page_new          (void);
const char   *mc_sign_in_page_get_address  (McSignInPage *self);
void          mc_sign_in_page_set_address  (McSignInPage *self,
                                            const char   *address);
const char   *mc_sign_in_page_get_username (McSignInPage *self);
void          mc_sign_in_page_set_username (McSignInPage *self,
                                            const char   *username);
const char   *mc_sign_in_page_get_password (McSignInPage *self);
void          mc_sign_in_page_set_password (McSignInPage *self,
                                            const char   *password);
/* After a successful sign-in: the password is not kept on screen. */
void          mc_sign_in_page_clear_password (McSignInPage *self);
/* While signing in: the spinner turns, the fields and buttons wait. */
void          mc_sign_in_page_set_busy     (McSignInPage *self,
                                            gboolean      busy);
gboolean      mc_sign_in_page_get_busy     (McSignInPage *self);
/* Shows @message (NULL hides it); @offer_trust shows the button that
 * emits ::trust-certificate. */
void          mc_sign_in_page_show_error   (McSignInPage *self,
                                            const char   *message,
                                            gboolean      offer_trust);
/* The message shown, NULL when none. */
const char   *mc_sign_in_page_get_error    (McSignInPage *self);
/* Whether the error offers to look at the server's certificate. */
gboolean      mc_sign_in_page_get_offers_trust (McSignInPage *self);
/* What the Sign In button does: checks, then emits ::sign-in. */
void          mc_sign_in_page_submit       (McSignInPage *self);
/* Focuses the first field that needs typing. */
void          mc_sign_in_page_focus        (McSignInPage *self);

G_END_DECLS
