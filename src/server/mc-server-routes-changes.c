/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mc-json.h"
#include "mc-server-routes.h"
#include "mc-store-changes.h"
#include "mc-time.h"

/* GET /api/v1/changes?since=CURSOR&limit=N — the delta feed
 * (design.md "Client cache and sync").
 *
 * The answer: {"items": [...], "next": CURSOR, "more": BOOL}, items in
 * change sequence order, each {"kind", "seq", "data"} or, for a dossier
 * the user may no longer see, {"kind": "tombstone", "seq", "id"}. Kinds:
 * dossier (with events and attachments), department, procedure, user,
 * calendar (data.years: GET /calendar's answer for last, this and next
 * year).
 *
 * The cursor is "s<seq>" or "s<seq>.<origin>": the last sequence number
 * served and, while a client pages through one sync, the number from which
 * tombstones are still owed to it (the sequence at the start of a first
 * sync, or the cursor the sync started from). A dossier's row keeps only
 * its latest number, so "moved after the cursor of this page" would miss a
 * dossier that moved during the sync and changed again; "moved after the
 * origin" does not. */

#define LIMIT_DEFAULT 500
#define LIMIT_MAX 2000
#define MAX_BYTES (4 * 1024 * 1024)

typedef struct {
  gint64   since;
  gint64   origin;
  gboolean has_origin;
} Cursor;

static gboolean
parse_number (const char  *text,
              const char **end,
              gint64      *out)
{
  gsize n = 0;
  gint64 value = 0;

  for (; g_ascii_isdigit (text[n]); n++)
    {
      if (n >= 18)
        return FALSE;
      value = value * 10 + (text[n] - '0');
    }
  if (n == 0)
    return FALSE;
  *end = text + n;
  *out = value;
  return TRUE;
}

static gboolean
parse_cursor (const char *text,
              Cursor     *out)
{
  const char *p;

  out->since = 0;
  out->origin = 0;
  out->has_origin = FALSE;
  /* A first sync: no cursor, or 0. */
  if (text == NULL || *text == '\0' || g_str_equal (text, "0"))
    return TRUE;
  if (text[0] != 's' || !parse_number (text + 1, &p, &out->since))
    return FALSE;
  if (*p == '.')
    {
      if (!parse_number (p + 1, &p, &out->origin))
        return FALSE;
      out->has_origin = TRUE;
    }
  else
    out->origin = out->since;
  return *p == '\0';
}

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
  g_autofree char *quoted = NULL;

  json_node_set_string (node, text);
  quoted = mc_json_to_data (node, NULL);
  g_string_append (out, quoted);
}


/* The years a client works in: last, this and next. */
static char *
calendar_document (McRequest *request,
                   GError   **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) local = NULL;
  McCalendar *calendar = mc_store_get_calendar (mc_request_get_store (request), error);
  int year;

  if (calendar == NULL)
    return NULL;
  local = g_date_time_new_from_unix_utc (mc_request_get_now (request) + MC_TIME_PROVINCE_OFFSET);
  year = g_date_time_get_year (local);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "years");
  json_builder_begin_array (builder);
  for (int y = MAX (year - 1, MC_CALENDAR_FIRST_YEAR); y <= MIN (year + 1, MC_CALENDAR_LAST_YEAR); y++)
    {
      if (!mc_route_build_calendar_year (builder, calendar, y, error))
        return NULL;
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return mc_json_to_data (root, NULL);
}

static const char *
kind_name (McChangeKind kind)
{
  switch (kind)
    {
    case MC_CHANGE_DOSSIER: return "dossier";
    case MC_CHANGE_TOMBSTONE: return "tombstone";
    case MC_CHANGE_DEPARTMENT: return "department";
    case MC_CHANGE_PROCEDURE: return "procedure";
    case MC_CHANGE_USER: return "user";
    case MC_CHANGE_CALENDAR: return "calendar";
    default: g_assert_not_reached ();
    }
}

static void
cursor_gone (McRequest *request)
{
  mc_request_problem (request, 410, "cursor-expired", _("Sync again from the start"),
                      _("This server cannot continue from that cursor: it is not one the server gave "
                        "out, or it is older than the changes the server still keeps. Sync again "
                        "from since=0."));
}

void
mc_route_changes (McRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McChangeReader) reader = NULL;
  g_autoptr(GString) out = NULL;
  McStore *store = mc_request_get_store (request);
  McUser *user = mc_request_get_user (request);
  McRole role = mc_user_get_role (user);
  McChangeQuery query = { 0 };
  McChange change;
  Cursor cursor;
  gboolean first_page, more;
  gint64 limit, max_bytes, current, horizon, origin, last = 0;
  guint n = 0;

  if (!mc_request_get_query_int (request, "limit", 1, LIMIT_MAX, LIMIT_DEFAULT, &limit) ||
      !mc_request_get_query_int (request, "max_bytes", 1, MAX_BYTES, MAX_BYTES, &max_bytes))
    return;
  if (!parse_cursor (mc_request_get_query (request, "since"), &cursor))
    {
      cursor_gone (request);
      return;
    }
  current = mc_store_current_seq (store, &error);
  horizon = current < 0 ? -1 : mc_store_get_horizon (store, &error);
  if (horizon < 0)
    {
      mc_request_fail (request, error);
      return;
    }
  first_page = cursor.since == 0 && !cursor.has_origin;
  if (cursor.since > current || cursor.origin > current ||
      (!first_page && cursor.origin < horizon))
    {
      cursor_gone (request);
      return;
    }
  /* A first sync owes no tombstones for what happened before it. */
  origin = first_page ? current : cursor.origin;

  mc_request_get_visibility (request, &query.visibility);
  /* The accounts GET /users lists to this user. */
  query.all_users = role == MC_ROLE_SUPERVISOR || role == MC_ROLE_ADMIN;
  query.users_department_id = query.all_users ? NULL : mc_user_get_department_id (user);
  query.since = cursor.since;
  query.moved_after = first_page ? -1 : origin;
  query.with_calendar = first_page;

  reader = mc_store_read_changes (store, &query, &error);
  if (reader == NULL)
    {
      mc_request_fail (request, error);
      return;
    }

  out = g_string_sized_new (MIN ((gsize) max_bytes + 64 * 1024, 1024 * 1024));
  g_string_append (out, "{\"items\":[");
  /* Bounded in count and in bytes; never empty while there is something. */
  while (n < (guint) limit && (n == 0 || out->len < (gsize) max_bytes))
    {
      if (!mc_change_reader_next (reader, &change, &error))
        {
          if (error != NULL)
            {
              mc_request_fail (request, error);
              return;
            }
          break;
        }
      if (n > 0)
        g_string_append_c (out, ',');
      g_string_append_printf (out, "{\"kind\":\"%s\",\"seq\":%" G_GINT64_FORMAT, kind_name (change.kind), change.seq);
      switch (change.kind)
        {
        case MC_CHANGE_TOMBSTONE:
          g_string_append (out, ",\"id\":");
          append_json_string (out, change.id);
          break;
        case MC_CHANGE_CALENDAR:
          {
            g_autofree char *doc = calendar_document (request, &error);

            if (doc == NULL)
              {
                mc_request_fail (request, error);
                return;
              }
            g_string_append (out, ",\"data\":");
            g_string_append (out, doc);
          }
          break;
        case MC_CHANGE_DOSSIER:
        case MC_CHANGE_DEPARTMENT:
        case MC_CHANGE_PROCEDURE:
        case MC_CHANGE_USER:
        default:
          g_string_append (out, ",\"data\":");
          g_string_append_len (out, change.doc, change.doc_len);
          break;
        }
      g_string_append_c (out, '}');
      last = MAX (last, change.seq);
      n++;
    }

  more = mc_change_reader_has_more (reader);
  g_string_append (out, "],\"next\":\"");
  /* At the end, the present: what the user may not see is behind them too. */
  if (more)
    g_string_append_printf (out, "s%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT, MAX (last, cursor.since), origin);
  else
    g_string_append_printf (out, "s%" G_GINT64_FORMAT, current);
  g_string_append_printf (out, "\",\"more\":%s}", more ? "true" : "false");

  mc_request_set_header (request, "Cache-Control", "no-store");
  {
    g_autoptr(GBytes) bytes = g_string_free_to_bytes (g_steal_pointer (&out));
    mc_request_set_bytes (request, 200, "application/json", bytes);
  }
}
