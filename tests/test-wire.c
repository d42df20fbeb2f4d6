/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-attachment.h"
#include "mc-department.h"
#include "mc-dossier.h"
#include "mc-event.h"
#include "mc-json.h"
#include "mc-procedure.h"
#include "mc-test.h"
#include "mc-time.h"
#include "mc-user.h"

#define DOSSIER_ID "0b7c6f1e-3a52-4c1d-9e8f-2b6d7a9c4e10"
#define SHA_ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

static gint64
T (const char *iso)
{
  gint64 t = MC_TIME_NONE;

  g_assert_true (mc_time_parse_iso8601 (iso, &t, NULL));
  return t;
}

/* Fixtures: "full" sets every member, nullable ones included; the minimal
 * ones leave every nullable member unset, so that nulls round-trip too. */

static GObject *
make_department (gboolean full)
{
  McDepartment *d = mc_department_new ();

  mc_department_set_id (d, "dep-tuphap");
  mc_department_set_code (d, "STP");
  mc_department_set_agency_id (d, "000.00.20.H12");
  mc_department_set_name (d, "Sở Tư pháp");
  mc_department_set_level (d, MC_LEVEL_PROVINCE);
  if (full)
    mc_department_set_parent_id (d, "ubnd-tinh");
  return G_OBJECT (d);
}

static GObject *
make_user (gboolean full)
{
  McUser *u = mc_user_new ();

  mc_user_set_id (u, "u-17");
  mc_user_set_username (u, "nguyenvana");
  mc_user_set_full_name (u, "Nguyễn Văn An");
  mc_user_set_role (u, full ? MC_ROLE_SPECIALIST : MC_ROLE_SUPERVISOR);
  if (full)
    {
      mc_user_set_department_id (u, "dep-tuphap");
      mc_user_set_disabled (u, TRUE);
    }
  return G_OBJECT (u);
}

static McAttachment *
new_attachment (const char *id,
                McAttachmentKind kind)
{
  McAttachment *a = mc_attachment_new ();

  mc_attachment_set_id (a, id);
  mc_attachment_set_dossier_id (a, DOSSIER_ID);
  mc_attachment_set_file_name (a, "Tờ khai đăng ký.pdf");
  mc_attachment_set_media_type (a, "application/pdf");
  mc_attachment_set_size (a, 184320);
  mc_attachment_set_sha256 (a, SHA_ABC);
  mc_attachment_set_kind (a, kind);
  mc_attachment_set_created_at (a, T ("2026-11-21T09:31:05+07:00"));
  return a;
}

static GObject *
make_attachment (gboolean full)
{
  return G_OBJECT (new_attachment ("att-1", full ? MC_ATTACHMENT_RESULT : MC_ATTACHMENT_SUBMITTED));
}

static McEvent *
new_event (gboolean full)
{
  McEvent *e = mc_event_new ();

  mc_event_set_id (e, full ? "ev-2" : "ev-1");
  mc_event_set_dossier_id (e, DOSSIER_ID);
  mc_event_set_actor_name (e, "Trần Thị Bình");
  if (!full)
    {
      /* The register event: no previous status, no actor id. */
      mc_event_set_at (e, T ("2026-11-21T09:30:00+07:00"));
      mc_event_set_action (e, MC_ACTION_REGISTER);
      mc_event_set_to_status (e, MC_STATUS_RECEIVED);
      return e;
    }
  mc_event_set_at (e, T ("2026-11-21T10:02:00+07:00"));
  mc_event_set_actor_id (e, "u-3");
  mc_event_set_action (e, MC_ACTION_TRANSFER);
  mc_event_set_from_status (e, MC_STATUS_RECEIVED);
  mc_event_set_to_status (e, MC_STATUS_IN_PROGRESS);
  mc_event_set_from_department_id (e, "bpmc-xa");
  mc_event_set_to_department_id (e, "dep-tuphap");
  mc_event_set_from_assignee_id (e, "u-3");
  mc_event_set_to_assignee_id (e, "u-17");
  mc_event_set_note (e, "Chuyển hồ sơ \"liên thông\"\nkèm bản sao");
  return e;
}

static GObject *
make_event (gboolean full)
{
  return G_OBJECT (new_event (full));
}

static GObject *
make_procedure (gboolean full)
{
  McProcedure *p = mc_procedure_new ();
  g_autoptr(McComponent) c1 = mc_component_new ("Giấy đề nghị đăng ký hộ kinh doanh", MC_COMPONENT_ORIGINAL, 1, TRUE);
  g_autoptr(McComponent) c2 = mc_component_new ("Bản sao CCCD", MC_COMPONENT_CERTIFIED_COPY, 2, FALSE);
  g_autoptr(McProcedureStep) s1 = mc_procedure_step_new ("dep-thue", "Xác nhận nghĩa vụ thuế", 2);

  mc_procedure_set_id (p, "proc-1001612");
  mc_procedure_set_code (p, "1.001612");
  mc_procedure_set_name (p, "Đăng ký thành lập hộ kinh doanh");
  mc_procedure_set_field (p, "Hộ kinh doanh");
  mc_procedure_set_department_id (p, "ubnd-xa");
  mc_procedure_set_limit_amount (p, 3);
  mc_procedure_set_limit_unit (p, MC_LIMIT_WORKING_DAYS);
  mc_procedure_set_online_level (p, MC_ONLINE_FULL);
  mc_procedure_set_fee (p, full ? 100000 : 0);
  mc_procedure_set_supplement_rule (p, MC_SUPPLEMENT_RESTART);
  mc_procedure_set_version (p, 4);
  if (full)
    {
      mc_procedure_set_online_limit_amount (p, 16);
      mc_procedure_set_online_limit_unit (p, MC_LIMIT_WORKING_HOURS);
      mc_procedure_add_component (p, c1);
      mc_procedure_add_component (p, c2);
      mc_procedure_add_step (p, s1);
    }
  return G_OBJECT (p);
}

static GObject *
make_dossier (gboolean full)
{
  McDossier *d = mc_dossier_new ();
  McApplicant applicant = {
    .kind = MC_APPLICANT_PERSON,
    .name = (char *) "Lê Thị Hoà",
  };

  mc_dossier_set_id (d, DOSSIER_ID);
  mc_dossier_set_procedure_id (d, "proc-1001612");
  mc_dossier_set_procedure_version (d, 4);
  mc_dossier_set_channel (d, MC_CHANNEL_ONLINE);
  mc_dossier_set_return_channel (d, MC_CHANNEL_POSTAL);
  mc_dossier_set_received_at (d, T ("2026-11-21T09:30:00+07:00"));
  mc_dossier_set_status (d, MC_STATUS_SUBMITTED);
  mc_dossier_set_department_id (d, "bpmc-xa");
  mc_dossier_set_receiving_department_id (d, "bpmc-xa");
  mc_dossier_set_version (d, 1);
  mc_dossier_set_updated_at (d, T ("2026-11-21T09:30:00+07:00"));

  if (full)
    {
      g_autoptr(McAttachment) a1 = new_attachment ("att-1", MC_ATTACHMENT_SUBMITTED);
      g_autoptr(McAttachment) a2 = new_attachment ("att-2", MC_ATTACHMENT_SUPPLEMENT);
      g_autoptr(McEvent) e1 = new_event (FALSE);
      g_autoptr(McEvent) e2 = new_event (TRUE);
      McPause closed = { T ("2026-11-22T08:00:00+07:00"), T ("2026-11-25T14:00:00+07:00") };
      McPause open = { T ("2026-11-26T08:00:00+07:00"), MC_TIME_NONE };

      applicant.kind = MC_APPLICANT_ORGANISATION;
      applicant.name = (char *) "Công ty TNHH Hoà Bình";
      applicant.id_number = (char *) "001203004567";
      applicant.phone = (char *) "0912 345 678";
      applicant.email = (char *) "hoabinh@example.vn";
      applicant.address = (char *) "12 Lê Lợi, phường Đông Ba, Huế";
      applicant.tax_code = (char *) "3301234567";

      mc_dossier_set_code (d, "000.00.20.H12-261121-0007");
      mc_dossier_set_due_at (d, T ("2026-11-26T09:30:00+07:00"));
      mc_dossier_set_appointment_at (d, T ("2026-11-28T16:00:00+07:00"));
      mc_dossier_set_status (d, MC_STATUS_IN_PROGRESS);
      mc_dossier_set_substate (d, MC_SUBSTATE_AWAITING_APPROVAL);
      mc_dossier_set_department_id (d, "dep-tuphap");
      mc_dossier_set_assignee_id (d, "u-17");
      mc_dossier_set_completed_at (d, T ("2026-11-27T11:00:00+07:00"));
      mc_dossier_set_returned_at (d, T ("2026-11-27T15:00:00+07:00"));
      mc_dossier_set_timeliness (d, MC_TIMELINESS_LATE);
      mc_dossier_set_result (d, MC_RESULT_GRANTED);
      mc_dossier_set_version (d, 12);
      mc_dossier_add_pause (d, &closed);
      mc_dossier_add_pause (d, &open);
      mc_dossier_add_attachment (d, a1);
      mc_dossier_add_attachment (d, a2);
      mc_dossier_add_event (d, e1);
      mc_dossier_add_event (d, e2);
    }
  mc_dossier_set_applicant (d, &applicant);
  return G_OBJECT (d);
}

#define WRAP(t, Type)                                                          \
  static JsonNode *t##_to_json (GObject *o) { return mc_##t##_to_json ((Type *) o); } \
  static GObject *t##_from_json (JsonNode *n, GError **e) { return (GObject *) mc_##t##_new_from_json (n, e); } \
  static gboolean t##_equal (GObject *a, GObject *b) { return mc_##t##_equal ((Type *) a, (Type *) b); }

WRAP (department, McDepartment)
WRAP (user, McUser)
WRAP (attachment, McAttachment)
WRAP (event, McEvent)
WRAP (procedure, McProcedure)
WRAP (dossier, McDossier)

typedef struct {
  const char *name;
  GObject  *(*make)      (gboolean full);
  JsonNode *(*to_json)   (GObject *object);
  GObject  *(*from_json) (JsonNode *node, GError **error);
  gboolean  (*equal)     (GObject *a, GObject *b);
} WireType;

#define TYPE(t) { #t, make_##t, t##_to_json, t##_from_json, t##_equal }
static const WireType wire_types[] = {
  TYPE (department),
  TYPE (user),
  TYPE (attachment),
  TYPE (event),
  TYPE (procedure),
  TYPE (dossier),
};

static const WireType *
wire_type (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (wire_types); i++)
    if (g_str_equal (wire_types[i].name, name))
      return &wire_types[i];
  g_assert_not_reached ();
}

static char *
encode (const WireType *type,
        GObject        *object)
{
  g_autoptr(JsonNode) node = type->to_json (object);

  return mc_json_to_data (node, NULL);
}

/* The text of @data decoded as @type through the full, checked path. */
static GObject *
decode (const WireType  *type,
        const char      *data,
        GError         **error)
{
  g_autoptr(JsonNode) node = mc_json_parse (data, -1, MC_JSON_MAX_BYTES, MC_JSON_MAX_DEPTH, error);

  if (node == NULL)
    return NULL;
  return type->from_json (node, error);
}

static void
check_roundtrip (const WireType *type,
                 gboolean        full)
{
  g_autoptr(GObject) object = type->make (full);
  g_autoptr(GObject) decoded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = encode (type, object);
  g_autofree char *second = NULL;

  decoded = decode (type, first, &error);
  g_assert_no_error (error);
  g_assert_nonnull (decoded);
  g_assert_true (type->equal (object, decoded));
  second = encode (type, decoded);
  g_assert_cmpstr (first, ==, second);
}

static void
test_roundtrip (gconstpointer data)
{
  check_roundtrip (data, TRUE);
}

static void
test_roundtrip_minimal (gconstpointer data)
{
  check_roundtrip (data, FALSE);
}

/* Paths of every member of @object, and recursively of nested objects and
 * of the first element of arrays of objects: "applicant.name",
 * "events[0].note". */
static void
collect_paths (JsonObject *object,
               const char *prefix,
               GPtrArray  *paths)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *node = json_object_get_member (object, name);
      g_autofree char *path = g_strconcat (prefix, name, NULL);

      g_ptr_array_add (paths, g_strdup (path));
      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          g_autofree char *sub = g_strconcat (path, ".", NULL);
          collect_paths (json_node_get_object (node), sub, paths);
        }
      else if (JSON_NODE_HOLDS_ARRAY (node) &&
               json_array_get_length (json_node_get_array (node)) > 0 &&
               JSON_NODE_HOLDS_OBJECT (json_array_get_element (json_node_get_array (node), 0)))
        {
          g_autofree char *sub = g_strconcat (path, "[0].", NULL);
          collect_paths (json_array_get_object_element (json_node_get_array (node), 0), sub, paths);
        }
    }
}

/* The object holding the last component of @path, and that component. */
static JsonObject *
resolve (JsonNode    *root,
         const char  *path,
         const char **leaf)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonObject *object = json_node_get_object (root);
  guint n = g_strv_length (parts);

  for (guint i = 0; i + 1 < n; i++)
    {
      if (g_str_has_suffix (parts[i], "[0]"))
        {
          parts[i][strlen (parts[i]) - 3] = '\0';
          object = json_array_get_object_element (json_object_get_array_member (object, parts[i]), 0);
        }
      else
        object = json_object_get_object_member (object, parts[i]);
    }
  *leaf = path + strlen (path) - strlen (parts[n - 1]);
  return object;
}

typedef void (*Mutation) (JsonObject *object, const char *member);

/* Decodes the full fixture of @type with @mutate applied at @path, and
 * checks the error: @code, and a message that starts with the path. */
static void
check_mutation (const WireType *type,
                const char     *path,
                Mutation        mutate,
                int             code,
                const char     *expect_path)
{
  g_autoptr(GObject) object = type->make (TRUE);
  g_autoptr(JsonNode) root = type->to_json (object);
  g_autoptr(GObject) decoded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *prefix = g_strconcat (expect_path != NULL ? expect_path : path, ": ", NULL);
  const char *leaf;
  JsonObject *parent = resolve (root, path, &leaf);

  mutate (parent, leaf);
  data = mc_json_to_data (root, NULL);
  decoded = decode (type, data, &error);
  if (code < 0)
    {
      g_assert_no_error (error);
      g_assert_nonnull (decoded);
      return;
    }
  if (error == NULL)
    g_error ("%s: %s decoded although mutated: %s", type->name, path, data);
  g_assert_error (error, MC_WIRE_ERROR, code);
  g_assert_null (decoded);
  if (!g_str_has_prefix (error->message, prefix))
    g_error ("%s: error “%s” does not start with “%s”", type->name, error->message, prefix);
}

static void
remove_member (JsonObject *object,
               const char *member)
{
  json_object_remove_member (object, member);
}

/* A value of another JSON type than the present one, never valid. */
static void
retype_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    json_object_set_int_member (object, member, 42);
  else if (JSON_NODE_HOLDS_NULL (node))
    json_object_set_boolean_member (object, member, TRUE);
  else
    json_object_set_string_member (object, member, "x");
}

static void
for_each_path (const WireType *type,
               Mutation        mutate,
               int             code)
{
  g_autoptr(GObject) object = type->make (TRUE);
  g_autoptr(JsonNode) root = type->to_json (object);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  collect_paths (json_node_get_object (root), "", paths);
  g_assert_cmpuint (paths->len, >, 3);
  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);

      /* status_code is optional: redundant with status. */
      if (g_str_equal (path, "status_code") && mutate == remove_member)
        check_mutation (type, path, mutate, -1, NULL);
      else
        check_mutation (type, path, mutate, code, NULL);
    }
}

static void
test_missing_member (gconstpointer data)
{
  for_each_path (data, remove_member, MC_WIRE_ERROR_MISSING_MEMBER);
}

static void
test_wrong_type (gconstpointer data)
{
  for_each_path (data, retype_member, MC_WIRE_ERROR_WRONG_TYPE);
}

static const char *replacement;

static void
replace_member (JsonObject *object,
                const char *member)
{
  json_object_set_member (object, member, json_from_string (replacement, NULL));
}

/* Values of the right type that are still wrong. */
static const struct {
  const char *type;
  const char *path;
  const char *json;
  int code;
  const char *expect_path;  /* NULL: path */
} bad_values[] = {
  { "dossier", "status", "\"finished\"", MC_WIRE_ERROR_INVALID_VALUE },
  { "dossier", "status", "\"IN_PROGRESS\"", MC_WIRE_ERROR_INVALID_VALUE },
  { "dossier", "channel", "\"fax\"", MC_WIRE_ERROR_INVALID_VALUE },
  { "dossier", "return_channel", "\"\"", MC_WIRE_ERROR_INVALID_VALUE },
  { "dossier", "substate", "\"sleeping\"", MC_WIRE_ERROR_INVALID_VALUE },
  { "dossier", "timeliness", "\"early-ish\"", MC_WIRE_ERROR_INVALID_VALUE },
  { "dossier", "result", "\"maybe\"", MC_WIRE_ERROR_INVALID_VALUE },
  { "dossier", "applicant.kind", "\"robot\"", MC_WIRE_ERROR_INVALID_VALUE },
  { "dossier", "events[0].action", "\"dance\"", MC_WIRE_ERROR_INVALID_VALUE },
  { "dossier", "events[0].to_status", "\"done\"", MC_WIRE_ERROR_INVALID_VALUE },
  { "dossier", "attachments[0].kind", "\"photo\"", MC_WIRE_ERROR_INVALID_VALUE },
  { "dossier", "received_at", "\"2026-11-21T09:30:00\"", MC_WIRE_ERROR_INVALID_VALUE },
  { "dossier", "received_at", "\"2026-11-21\"", MC_WIRE_ERROR_INVALID_VALUE },
  { "dossier", "received_at", "\"2026-13-01T09:30:00+07:00\"", MC_WIRE_ERROR_INVALID_VALUE },
  { "dossier", "received_at", "\"hôm qua\"", MC_WIRE_ERROR_INVALID_VALUE },
  { "dossier", "received_at", "\"\"", MC_WIRE_ERROR_INVALID_VALUE },
  { "dossier", "due_at", "\"2026-11-26 09:30\"", MC_WIRE_ERROR_INVALID_VALUE },
  { "dossier", "pauses[0].started_at", "\"2026-11-22T08:00:00\"", MC_WIRE_ERROR_INVALID_VALUE },
  { "dossier", "pauses[0].started_at", "null", MC_WIRE_ERROR_WRONG_TYPE },
  { "dossier", "events[0].at", "\"2026-11-21T09:30:00\"", MC_WIRE_ERROR_INVALID_VALUE },
  { "dossier", "attachments[0].sha256", "\"BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD\"", MC_WIRE_ERROR_INVALID_VALUE },
  { "dossier", "attachments[0].sha256", "\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a\"", MC_WIRE_ERROR_INVALID_VALUE },
  { "dossier", "attachments[0].sha256", "\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015add\"", MC_WIRE_ERROR_INVALID_VALUE },
  { "dossier", "attachments[0].sha256", "\"zz7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"", MC_WIRE_ERROR_INVALID_VALUE },
  { "dossier", "attachments[0].size", "-1", MC_WIRE_ERROR_INVALID_VALUE },
  { "dossier", "attachments", "[{}, \"att-1\"]", MC_WIRE_ERROR_MISSING_MEMBER, "attachments[0].id" },
  { "dossier", "events", "[\"ev-1\"]", MC_WIRE_ERROR_WRONG_TYPE, "events[0]" },
  { "dossier", "pauses", "{}", MC_WIRE_ERROR_WRONG_TYPE },
  { "dossier", "status_code", "9", MC_WIRE_ERROR_INVALID_VALUE },
  { "dossier", "status_code", "4.0", MC_WIRE_ERROR_WRONG_TYPE },
  { "dossier", "version", "-1", MC_WIRE_ERROR_INVALID_VALUE },
  { "dossier", "version", "1.5", MC_WIRE_ERROR_WRONG_TYPE },
  { "dossier", "version", "1e3", MC_WIRE_ERROR_WRONG_TYPE },
  { "dossier", "version", "2147483648", MC_WIRE_ERROR_INVALID_VALUE },
  { "dossier", "id", "\"not-a-uuid\"", MC_WIRE_ERROR_INVALID_VALUE },
  { "dossier", "applicant.name", "null", MC_WIRE_ERROR_WRONG_TYPE },
  { "dossier", "applicant", "[]", MC_WIRE_ERROR_WRONG_TYPE },
  { "procedure", "fee", "-1", MC_WIRE_ERROR_INVALID_VALUE },
  { "procedure", "fee", "-200000", MC_WIRE_ERROR_INVALID_VALUE },
  { "procedure", "limit_unit", "\"weeks\"", MC_WIRE_ERROR_INVALID_VALUE },
  { "procedure", "limit_amount", "-3", MC_WIRE_ERROR_INVALID_VALUE },
  { "procedure", "online_limit_unit", "null", MC_WIRE_ERROR_INVALID_VALUE },
  { "procedure", "online_level", "\"level4\"", MC_WIRE_ERROR_INVALID_VALUE },
  { "procedure", "supplement_rule", "\"forget\"", MC_WIRE_ERROR_INVALID_VALUE },
  { "procedure", "components[0].form", "\"photocopy\"", MC_WIRE_ERROR_INVALID_VALUE },
  { "procedure", "components[0].count", "0", MC_WIRE_ERROR_INVALID_VALUE },
  { "procedure", "steps[0].budget_days", "-1", MC_WIRE_ERROR_INVALID_VALUE },
  { "department", "level", "\"planet\"", MC_WIRE_ERROR_INVALID_VALUE },
  { "user", "role", "\"god\"", MC_WIRE_ERROR_INVALID_VALUE },
  { "attachment", "sha256", "\"\"", MC_WIRE_ERROR_INVALID_VALUE },
  { "attachment", "created_at", "\"2026-11-21T09:31:05\"", MC_WIRE_ERROR_INVALID_VALUE },
  { "event", "from_status", "\"limbo\"", MC_WIRE_ERROR_INVALID_VALUE },
};

static void
test_bad_values (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_values); i++)
    {
      g_test_message ("%s %s = %s", bad_values[i].type, bad_values[i].path, bad_values[i].json);
      replacement = bad_values[i].json;
      check_mutation (wire_type (bad_values[i].type), bad_values[i].path,
                      replace_member, bad_values[i].code, bad_values[i].expect_path);
    }
}

static void
test_dossier_substate_needs_in_progress (void)
{
  g_autoptr(GObject) object = make_dossier (TRUE);
  g_autoptr(GObject) decoded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;

  /* Both redundant members changed together: only the substate is wrong. */
  mc_dossier_set_status (MC_DOSSIER (object), MC_STATUS_RESULT_READY);
  data = encode (wire_type ("dossier"), object);
  decoded = decode (wire_type ("dossier"), data, &error);
  g_assert_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_INVALID_VALUE);
  g_assert_true (g_str_has_prefix (error->message, "substate: "));
}

static void
test_dossier_status_code (void)
{
  g_autoptr(GObject) object = make_dossier (TRUE);
  g_autoptr(JsonNode) node = mc_dossier_to_json (MC_DOSSIER (object));
  JsonObject *o = json_node_get_object (node);

  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "in_progress");
  g_assert_cmpint (json_object_get_int_member (o, "status_code"), ==, 4);
}

static void
test_unknown_members_ignored (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (wire_types); i++)
    {
      const WireType *type = &wire_types[i];
      g_autoptr(GObject) object = type->make (TRUE);
      g_autoptr(JsonNode) root = type->to_json (object);
      g_autoptr(GObject) decoded = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *data = NULL;

      json_object_set_string_member (json_node_get_object (root), "added_in_v2", "x");
      json_object_set_member (json_node_get_object (root), "nested_in_v2",
                              json_from_string ("{\"a\":[1,{\"b\":null}]}", NULL));
      data = mc_json_to_data (root, NULL);
      decoded = decode (type, data, &error);
      g_assert_no_error (error);
      g_assert_true (type->equal (object, decoded));
    }
}

/* The component a file satisfies: optional, absent when none (so a file
 * sent without one keeps the bytes it had before components existed),
 * null read as none, anything but a non-negative integer refused. */
static void
test_attachment_component (void)
{
  g_autoptr(McAttachment) a = new_attachment ("att-c", MC_ATTACHMENT_SUPPLEMENT);
  g_autoptr(McAttachment) none = new_attachment ("att-c", MC_ATTACHMENT_SUPPLEMENT);
  g_autoptr(JsonNode) with = NULL;
  g_autoptr(JsonNode) without = NULL;
  g_autoptr(McAttachment) back = NULL;
  g_autoptr(GError) error = NULL;
  static const char *const bad[] = { "-1", "\"1\"", "1.5", "true", "2147483648" };

  g_assert_cmpint (mc_attachment_get_component (none), ==, MC_ATTACHMENT_NO_COMPONENT);
  without = mc_attachment_to_json (none);
  g_assert_false (json_object_has_member (json_node_get_object (without), "component"));

  mc_attachment_set_component (a, 2);
  g_assert_false (mc_attachment_equal (a, none));
  with = mc_attachment_to_json (a);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (with), "component"), ==, 2);
  back = mc_attachment_new_from_json (with, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_attachment_get_component (back), ==, 2);
  g_assert_true (mc_attachment_equal (a, back));
  g_clear_object (&back);

  json_object_set_null_member (json_node_get_object (with), "component");
  back = mc_attachment_new_from_json (with, &error);
  g_assert_no_error (error);
  g_assert_true (mc_attachment_equal (none, back));
  g_clear_object (&back);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      json_object_set_member (json_node_get_object (with), "component", json_from_string (bad[i], NULL));
      back = mc_attachment_new_from_json (with, &error);
      g_assert_null (back);
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, "component"));
      g_clear_error (&error);
    }

  /* Negative means none, in one spelling. */
  mc_attachment_set_component (a, -7);
  g_assert_cmpint (mc_attachment_get_component (a), ==, MC_ATTACHMENT_NO_COMPONENT);
}

static void
test_not_an_object (void)
{
  static const char *const docs[] = { "[]", "42", "\"dossier\"", "null", "true" };

  for (guint i = 0; i < G_N_ELEMENTS (wire_types); i++)
    for (guint j = 0; j < G_N_ELEMENTS (docs); j++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GObject) decoded = decode (&wire_types[i], docs[j], &error);

        g_assert_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_WRONG_TYPE);
        g_assert_null (decoded);
      }
}

/* Every proper prefix of a real document must fail cleanly. */
static void
test_truncated (void)
{
  const WireType *type = wire_type ("dossier");
  g_autoptr(GObject) object = type->make (TRUE);
  g_autofree char *data = encode (type, object);
  gsize n = strlen (data);

  g_assert_cmpuint (n, >, 1000);
  for (gsize len = 0; len < n; len++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GObject) decoded = NULL;
      g_autofree char *copy = g_strndup (data, len);

      /* Once with an explicit length over the whole buffer, once as a
       * C string of its own, as a network read would hand it over. */
      node = mc_json_parse (data, len, MC_JSON_MAX_BYTES, MC_JSON_MAX_DEPTH, &error);
      if (node != NULL)
        decoded = type->from_json (node, &error);
      g_assert_error (error, MC_WIRE_ERROR, error->code);
      g_assert_null (decoded);
      g_clear_error (&error);
      g_clear_pointer (&node, json_node_unref);

      decoded = decode (type, copy, &error);
      g_assert_nonnull (error);
      g_assert_true (error->domain == MC_WIRE_ERROR);
      g_assert_null (decoded);
    }
}

static char *
nest (const char *open,
      const char *inner,
      const char *close,
      guint       depth)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append (s, open);
  g_string_append (s, inner);
  for (guint i = 0; i < depth; i++)
    g_string_append (s, close);
  return g_string_free (s, FALSE);
}

static void
check_parse (const char *data,
             gssize      len,
             int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = mc_json_parse (data, len, MC_JSON_MAX_BYTES, MC_JSON_MAX_DEPTH, &error);

  if (code < 0)
    {
      g_assert_no_error (error);
      g_assert_nonnull (node);
    }
  else
    {
      g_assert_error (error, MC_WIRE_ERROR, code);
      g_assert_null (node);
    }
}

static void
test_depth_limit (void)
{
  g_autofree char *arrays32 = nest ("[", "1", "]", 32);
  g_autofree char *arrays33 = nest ("[", "1", "]", 33);
  g_autofree char *objects32 = nest ("{\"a\":", "1", "}", 32);
  g_autofree char *objects33 = nest ("{\"a\":", "1", "}", 33);
  g_autofree char *mixed33 = nest ("[{\"k\":", "[]", "}]", 16);

  g_assert_cmpint (MC_JSON_MAX_DEPTH, ==, 32);
  check_parse (arrays32, -1, -1);
  check_parse (arrays33, -1, MC_WIRE_ERROR_TOO_DEEP);
  check_parse (objects32, -1, -1);
  check_parse (objects33, -1, MC_WIRE_ERROR_TOO_DEEP);
  check_parse (mixed33, -1, MC_WIRE_ERROR_TOO_DEEP);
}

static void
test_deep_arrays (void)
{
  g_autofree char *deep = nest ("[", "", "]", 100000);
  g_autofree char *unclosed = nest ("[", "", "", 100000);

  check_parse (deep, -1, MC_WIRE_ERROR_TOO_DEEP);
  check_parse (unclosed, -1, MC_WIRE_ERROR_TOO_DEEP);
}

static void
test_deep_objects (void)
{
  g_autofree char *deep = nest ("{\"a\":", "null", "}", 100000);
  g_autofree char *in_member = NULL;
  g_autoptr(GObject) decoded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *inner = nest ("{\"x\":", "0", "}", 100000);

  check_parse (deep, -1, MC_WIRE_ERROR_TOO_DEEP);

  /* The same hidden in an unknown member of an otherwise good document. */
  in_member = g_strdup_printf ("{\"id\":\"%s\",\"v2\":%s}", DOSSIER_ID, inner);
  decoded = decode (wire_type ("dossier"), in_member, &error);
  g_assert_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_TOO_DEEP);
}

static void
test_strings (void)
{
  g_autofree char *brackets = nest ("[", "", "", 100);
  g_autofree char *in_string = g_strdup_printf ("{\"a\":\"%s}}}]]{{\"}", brackets);
  g_autofree char *escaped_quote = g_strdup_printf ("{\"a\":\"\\\"%s\"}", brackets);
  g_autofree char *real31 = nest ("[", "\"\\\\\"", "]", 31);
  g_autofree char *backslash32 = NULL;
  g_autofree char *backslash33 = NULL;
  g_autofree char *escape31 = nest ("[", "\"\\\"[[[[\\u005b\"", "]", 31);

  check_parse (in_string, -1, -1);
  check_parse (escaped_quote, -1, -1);
  /* An escaped backslash ends the escape: what follows the closing quote
   * counts again. */
  check_parse (real31, -1, -1);
  backslash32 = g_strdup_printf ("[\"\\\\\",%s]", real31);
  backslash33 = g_strdup_printf ("[[\"\\\\\",%s]]", real31);
  check_parse (backslash32, -1, -1);
  check_parse (backslash33, -1, MC_WIRE_ERROR_TOO_DEEP);
  check_parse (escape31, -1, -1);
}

static void
test_malformed (void)
{
  static const struct { const char *data; gssize len; } docs[] = {
    { "", 0 },
    { "   \n\t ", -1 },
    { "{", -1 },
    { "{\"a\":1,}", -1 },
    { "{\"a\" 1}", -1 },
    { "{'a':1}", -1 },
    { "/* \" */ [[1]]", -1 },
    { "// x\n{}", -1 },
    { "{\"a\":\"line\nbreak\"}", -1 },
    { "{\"a\":NaN}", -1 },
    { "{\"a\":\"\xc3\x28\"}", -1 },
    { "{\"a\":\"\xff\"}", -1 },
    { "{\"a\":1}\0{\"b\":2}", 15 },
    { "{\"a\":undefined}", -1 },
    { "{}}", -1 },
    { "\xef\xbb\xbf{}", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    {
      g_test_message ("document %u", i);
      check_parse (docs[i].data, docs[i].len, MC_WIRE_ERROR_MALFORMED);
    }

  /* NULL with zero length is an empty document, not a crash. */
  check_parse (NULL, 0, MC_WIRE_ERROR_MALFORMED);
}

static void
test_oversize (void)
{
  gsize n = MC_JSON_MAX_BYTES + 1;
  g_autofree char *big = g_malloc (n + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  memset (big, ' ', n);
  big[0] = '[';
  big[n - 1] = ']';
  big[n] = '\0';
  check_parse (big, -1, MC_WIRE_ERROR_TOO_LARGE);
  check_parse (big, n - 1, MC_WIRE_ERROR_MALFORMED);  /* fits, but unclosed */

  node = mc_json_parse ("{\"a\":\"0123456789\"}", -1, 17, MC_JSON_MAX_DEPTH, &error);
  g_assert_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_TOO_LARGE);
  g_clear_error (&error);
  node = mc_json_parse ("{\"a\":\"0123456789\"}", -1, 18, MC_JSON_MAX_DEPTH, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_properties (void)
{
  g_autoptr(McDossier) dossier = mc_dossier_new ();
  g_autofree char *code = NULL;
  guint notified = 0;
  int status = 0;
  gint64 due = 0;

  g_signal_connect (dossier, "notify", G_CALLBACK (count_notify), &notified);
  g_object_set (dossier,
                "code", "000.00.20.H12-261121-0007",
                "status", MC_STATUS_RECEIVED,
                "due-at", T ("2026-11-26T09:30:00+07:00"),
                NULL);
  g_assert_cmpuint (notified, ==, 3);

  /* Unchanged values notify nothing. */
  mc_dossier_set_code (dossier, "000.00.20.H12-261121-0007");
  mc_dossier_set_status (dossier, MC_STATUS_RECEIVED);
  mc_dossier_set_procedure_id (dossier, NULL);
  mc_dossier_set_procedure_id (dossier, "");
  g_assert_cmpuint (notified, ==, 3);

  g_object_get (dossier, "code", &code, "status", &status, "due-at", &due, NULL);
  g_assert_cmpstr (code, ==, "000.00.20.H12-261121-0007");
  g_assert_cmpint (status, ==, MC_STATUS_RECEIVED);
  g_assert_cmpint (due, ==, T ("2026-11-26T09:30:00+07:00"));
  g_assert_cmpint (mc_dossier_get_completed_at (dossier), ==, MC_TIME_NONE);
  g_assert_cmpstr (mc_dossier_get_procedure_id (dossier), ==, "");
  g_assert_null (mc_dossier_get_assignee_id (dossier));
}

static void
test_procedure_limit_for (void)
{
  g_autoptr(GObject) full = make_procedure (TRUE);
  g_autoptr(GObject) plain = make_procedure (FALSE);
  McLimitUnit unit;
  int amount;

  mc_procedure_get_limit_for (MC_PROCEDURE (full), MC_CHANNEL_ONLINE, &amount, &unit);
  g_assert_cmpint (amount, ==, 16);
  g_assert_cmpint (unit, ==, MC_LIMIT_WORKING_HOURS);
  mc_procedure_get_limit_for (MC_PROCEDURE (full), MC_CHANNEL_COUNTER, &amount, &unit);
  g_assert_cmpint (amount, ==, 3);
  g_assert_cmpint (unit, ==, MC_LIMIT_WORKING_DAYS);
  g_assert_false (mc_procedure_has_online_limit (MC_PROCEDURE (plain)));
  mc_procedure_get_limit_for (MC_PROCEDURE (plain), MC_CHANNEL_ONLINE, &amount, &unit);
  g_assert_cmpint (amount, ==, 3);
}

int
main (int    argc,
      char **argv)
{
  mc_test_init (&argc, &argv);

  for (guint i = 0; i < G_N_ELEMENTS (wire_types); i++)
    {
      const WireType *type = &wire_types[i];
      g_autofree char *roundtrip = g_strdup_printf ("/core/wire/%s/roundtrip", type->name);
      g_autofree char *minimal = g_strdup_printf ("/core/wire/%s/roundtrip-minimal", type->name);
      g_autofree char *missing = g_strdup_printf ("/core/wire/%s/missing-member", type->name);
      g_autofree char *wrong = g_strdup_printf ("/core/wire/%s/wrong-type", type->name);

      g_test_add_data_func (roundtrip, type, test_roundtrip);
      g_test_add_data_func (minimal, type, test_roundtrip_minimal);
      g_test_add_data_func (missing, type, test_missing_member);
      g_test_add_data_func (wrong, type, test_wrong_type);
    }
  g_test_add_func ("/core/wire/dossier/status-code", test_dossier_status_code);
  g_test_add_func ("/core/wire/dossier/substate-needs-in-progress", test_dossier_substate_needs_in_progress);
  g_test_add_func ("/core/wire/dossier/properties", test_properties);
  g_test_add_func ("/core/wire/procedure/limit-for-channel", test_procedure_limit_for);
  g_test_add_func ("/core/wire/bad-values", test_bad_values);
  g_test_add_func ("/core/wire/unknown-members-ignored", test_unknown_members_ignored);
  g_test_add_func ("/core/wire/not-an-object", test_not_an_object);
  g_test_add_func ("/core/wire/attachment/component", test_attachment_component);
  g_test_add_func ("/core/wire/parse/truncated", test_truncated);
  g_test_add_func ("/core/wire/parse/depth-limit", test_depth_limit);
  g_test_add_func ("/core/wire/parse/deep-arrays", test_deep_arrays);
  g_test_add_func ("/core/wire/parse/deep-objects", test_deep_objects);
  g_test_add_func ("/core/wire/parse/strings", test_strings);
  g_test_add_func ("/core/wire/parse/malformed", test_malformed);
  g_test_add_func ("/core/wire/parse/oversize", test_oversize);

  return g_test_run ();
}
