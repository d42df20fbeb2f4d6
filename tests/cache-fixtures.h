/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

/* Change-feed items for the cache's tests and benchmark: dossiers with
 * Vietnamese names, built through core's own types so that they are the
 * wire form the server sends. */

#include "mc-cache.h"
#include "mc-dossier.h"
#include "mc-json.h"
#include "mc-time.h"

typedef struct {
  const char *id;           /* a UUID */
  const char *code;         /* nullable */
  const char *name;
  const char *id_number;    /* nullable */
  const char *phone;        /* nullable */
  const char *address;      /* nullable */
  McStatus    status;
  const char *department_id;
  const char *assignee_id;  /* nullable */
  const char *procedure_id;
  gint64      received_at;
  gint64      due_at;       /* MC_TIME_NONE for none */
  int         version;
} FixtureDossier;

G_GNUC_UNUSED static JsonNode *
fixture_dossier_json (const FixtureDossier *f,
                      gboolean              with_event)
{
  g_autoptr(McDossier) d = mc_dossier_new ();
  McApplicant applicant = { MC_APPLICANT_PERSON, (char *) f->name, (char *) f->id_number,
                            (char *) f->phone, NULL, (char *) f->address, NULL };

  mc_dossier_set_id (d, f->id);
  mc_dossier_set_code (d, f->code);
  mc_dossier_set_procedure_id (d, f->procedure_id);
  mc_dossier_set_procedure_version (d, 1);
  mc_dossier_set_applicant (d, &applicant);
  mc_dossier_set_channel (d, MC_CHANNEL_COUNTER);
  mc_dossier_set_return_channel (d, MC_CHANNEL_COUNTER);
  mc_dossier_set_received_at (d, f->received_at);
  mc_dossier_set_due_at (d, f->due_at);
  mc_dossier_set_status (d, f->status);
  mc_dossier_set_department_id (d, f->department_id);
  mc_dossier_set_receiving_department_id (d, "dept-onestop");
  mc_dossier_set_assignee_id (d, f->assignee_id);
  mc_dossier_set_version (d, f->version);
  mc_dossier_set_updated_at (d, f->received_at);
  if (with_event)
    {
      g_autoptr(McEvent) e = mc_event_new ();
      g_autofree char *eid = g_uuid_string_random ();

      mc_event_set_id (e, eid);
      mc_event_set_dossier_id (e, f->id);
      mc_event_set_at (e, f->received_at);
      mc_event_set_actor_name (e, "Lê Thị Hồng");
      mc_event_set_action (e, MC_ACTION_REGISTER);
      mc_event_set_to_status (e, MC_STATUS_RECEIVED);
      mc_event_set_to_department_id (e, f->department_id);
      mc_dossier_add_event (d, e);
    }
  return mc_dossier_to_json (d);
}

G_GNUC_UNUSED static JsonNode *
fixture_item (const char *kind,
              gint64      seq,
              JsonNode   *data)   /* consumed; NULL for a tombstone */
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (o, "kind", kind);
  json_object_set_int_member (o, "seq", seq);
  if (data != NULL)
    json_object_set_member (o, "data", data);
  json_node_take_object (node, o);
  return node;
}

G_GNUC_UNUSED static JsonNode *
fixture_tombstone (gint64      seq,
                   const char *id)
{
  JsonNode *node = fixture_item ("tombstone", seq, NULL);

  json_object_set_string_member (json_node_get_object (node), "id", id);
  return node;
}

/* Deterministic people: 200 surnames-weighted names. */
static const char * const fixture_surnames[] = {
  "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng",
  "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý",
};
static const char * const fixture_middles[] = {
  "Văn", "Thị", "Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Gia", "Xuân",
};
static const char * const fixture_givens[] = {
  "An", "Anh", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hà", "Hải", "Hạnh", "Hiếu",
  "Hoa", "Hùng", "Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Ngân",
  "Nghĩa", "Ngọc", "Nhung", "Phong", "Phương", "Quân", "Quỳnh", "Sơn", "Tâm", "Thảo",
  "Thắng", "Thủy", "Trang", "Trung", "Tuấn", "Tùng", "Uyên", "Việt", "Vy", "Yến", "Ơn", "Ưng",
};
static const char * const fixture_streets[] = {
  "Lê Lợi", "Trần Hưng Đạo", "Nguyễn Huệ", "Hai Bà Trưng", "Điện Biên Phủ", "Phan Đình Phùng",
};

G_GNUC_UNUSED static char *
fixture_name (guint32 r)
{
  return g_strdup_printf ("%s %s %s",
                          fixture_surnames[r % G_N_ELEMENTS (fixture_surnames)],
                          fixture_middles[(r / 31) % G_N_ELEMENTS (fixture_middles)],
                          fixture_givens[(r / 401) % G_N_ELEMENTS (fixture_givens)]);
}

/* A UUID made from a number, so that runs are reproducible. */
G_GNUC_UNUSED static char *
fixture_uuid (guint64 i)
{
  return g_strdup_printf ("%08x-0000-4000-8000-%012" G_GINT64_MODIFIER "x",
                          (guint) (i * 2654435761u), i);
}

/* Dossier number @i of a synthetic set: statuses, departments, assignees
 * and reception times spread over 2025–2026. Strings live in @chunk. */
G_GNUC_UNUSED static void
fixture_generate (guint64         i,
                  FixtureDossier *f,
                  GStringChunk   *chunk)
{
  static const char * const departments[] = { "dept-tp", "dept-tnmt", "dept-xd", "dept-ld", "dept-yt" };
  static const McStatus statuses[] = {
    MC_STATUS_RETURNED, MC_STATUS_RETURNED, MC_STATUS_RETURNED, MC_STATUS_IN_PROGRESS,
    MC_STATUS_RECEIVED, MC_STATUS_AWAITING_SUPPLEMENT, MC_STATUS_RESULT_READY, MC_STATUS_IN_PROGRESS,
  };
  guint32 r = (guint32) ((i + 1) * 2654435761u);
  g_autofree char *id = fixture_uuid (i);
  g_autofree char *name = fixture_name (r);
  g_autofree char *code = NULL;
  g_autofree char *cccd = g_strdup_printf ("0%02u%09" G_GUINT64_FORMAT, (guint) (r % 96), 100000000 + (i % 899999999));
  g_autofree char *phone = g_strdup_printf ("09%08u", (guint) (r % 100000000u));
  g_autofree char *address = g_strdup_printf ("Số %u %s, phường %u", (guint) (r % 300) + 1,
                                              fixture_streets[(r / 7) % G_N_ELEMENTS (fixture_streets)],
                                              (guint) (r % 15) + 1);
  g_autofree char *assignee = g_strdup_printf ("user-%u", (guint) (r % 40));
  gint64 received = 1735664400 /* 2025-01-01 */ + (gint64) i * 60 + (r % 60);
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (received + MC_TIME_PROVINCE_OFFSET);

  code = g_strdup_printf ("000.00.%02u.H56-%02d%02d%02d-%04u", (guint) (r % 30) + 1,
                          g_date_time_get_year (dt) % 100, g_date_time_get_month (dt),
                          g_date_time_get_day_of_month (dt), (guint) (i % 9999) + 1);
  f->id = g_string_chunk_insert (chunk, id);
  f->code = g_string_chunk_insert (chunk, code);
  f->name = g_string_chunk_insert (chunk, name);
  f->id_number = g_string_chunk_insert (chunk, cccd);
  f->phone = g_string_chunk_insert (chunk, phone);
  f->address = g_string_chunk_insert (chunk, address);
  f->status = statuses[(r / 13) % G_N_ELEMENTS (statuses)];
  f->department_id = departments[(r / 17) % G_N_ELEMENTS (departments)];
  f->assignee_id = (r % 5) == 0 ? NULL : g_string_chunk_insert (chunk, assignee);
  f->procedure_id = (r % 2) ? "proc-khaisinh" : "proc-xaydung";
  f->received_at = received;
  f->due_at = (r % 11) == 0 ? MC_TIME_NONE : received + 86400 * (1 + (r % 20));
  f->version = 1;
}
