/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "mc-calendar.h"

G_BEGIN_DECLS

/* The server's SQLite database: opening, the schema and its migrations,
 * and the settings the admin subcommands change. Nothing above this file
 * sees SQLITE_* codes: they become MC_SERVER_DB_ERROR. */

#define MC_SERVER_DB_ERROR (mc_server_db_error_quark ())

typedef enum {
  MC_SERVER_DB_ERROR_OPEN,       /* cannot open or create the file */
  MC_SERVER_DB_ERROR_SCHEMA,     /* a newer or broken schema */
  MC_SERVER_DB_ERROR_QUERY,      /* a statement failed */
  MC_SERVER_DB_ERROR_NOT_FOUND,
} McServerDbError;

typedef struct _McServerDb McServerDb;

GQuark      mc_server_db_error_quark (void);

/* Opens (and with `create`, creates) the database, in WAL mode, and brings
 * its schema up to date. */
McServerDb *mc_server_db_open        (const char  *path,
                                      gboolean     create,
                                      GError     **error);
void        mc_server_db_close       (McServerDb  *db);
sqlite3    *mc_server_db_get_handle  (McServerDb  *db);
int         mc_server_db_get_schema_version (McServerDb *db);

/* Calendar exceptions (dates as YYYY-MM-DD). */
gboolean    mc_server_db_put_exception    (McServerDb      *db,
                                           int              year,
                                           int              month,
                                           int              day,
                                           McExceptionKind  kind,
                                           const char      *name,
                                           GError         **error);
gboolean    mc_server_db_delete_exception (McServerDb      *db,
                                           int              year,
                                           int              month,
                                           int              day,
                                           GError         **error);
/* Loads the office hours and every exception into a calendar. */
gboolean    mc_server_db_load_calendar    (McServerDb      *db,
                                           McCalendar      *calendar,
                                           GError         **error);

gboolean    mc_server_db_set_setting      (McServerDb      *db,
                                           const char      *key,
                                           const char      *value,
                                           GError         **error);
/* Returns NULL when the setting is not set. */
char       *mc_server_db_get_setting      (McServerDb      *db,
                                           const char      *key,
                                           GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McServerDb, mc_server_db_close)

G_END_DECLS
