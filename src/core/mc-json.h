/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The wire format: strict JSON in, deterministic JSON out.
 *
 * Every JSON document that crosses a trust boundary goes through
 * mc_json_parse(), never straight into json-glib: json-glib 1.6 has no
 * nesting limit and overflows its stack on deep input, so size and depth
 * are checked with a byte scan first.
 *
 * The typed readers below never emit criticals whatever the input is, and
 * every error they set starts with the member's path ("applicant.name: …");
 * callers decoding nested documents add the outer part with
 * g_prefix_error (error, "applicant.") or g_prefix_error (error, "events[%u].", i). */

#define MC_JSON_MAX_BYTES ((gsize) 8 * 1024 * 1024)
#define MC_JSON_MAX_DEPTH 32

#define MC_WIRE_ERROR (mc_wire_error_quark ())

/**
 * McWireError:
 * @MC_WIRE_ERROR_MALFORMED: not JSON (or not the strict JSON we accept:
 *   no comments, no single quotes, no raw control characters in strings,
 *   valid UTF-8), or empty
 * @MC_WIRE_ERROR_TOO_LARGE: more bytes than allowed
 * @MC_WIRE_ERROR_TOO_DEEP: arrays and objects nested deeper than allowed
 * @MC_WIRE_ERROR_MISSING_MEMBER: a required member is absent
 * @MC_WIRE_ERROR_WRONG_TYPE: a member (or the document) has the wrong JSON
 *   type, including null where null is not allowed
 * @MC_WIRE_ERROR_INVALID_VALUE: the type is right but the value is not:
 *   an unknown enum name, a time without offset, a number out of range, a
 *   malformed digest or id, members that contradict each other
 */
typedef enum {
  MC_WIRE_ERROR_MALFORMED,
  MC_WIRE_ERROR_TOO_LARGE,
  MC_WIRE_ERROR_TOO_DEEP,
  MC_WIRE_ERROR_MISSING_MEMBER,
  MC_WIRE_ERROR_WRONG_TYPE,
  MC_WIRE_ERROR_INVALID_VALUE,
} McWireError;

GQuark    mc_wire_error_quark   (void);

/* Checks @len bytes of @data (-1: NUL-terminated) against @max_bytes and
 * @max_depth, and that the bytes outside strings are only what strict JSON
 * allows, without parsing. A nesting depth of 1 is a flat object. */
gboolean  mc_json_check_limits  (const char  *data,
                                 gssize       len,
                                 gsize        max_bytes,
                                 guint        max_depth,
                                 GError     **error);

/* mc_json_check_limits() then json-glib with an immutable parser. Returns
 * the (sealed) root node, never NULL on success. */
JsonNode *mc_json_parse         (const char  *data,
                                 gssize       len,
                                 gsize        max_bytes,
                                 guint        max_depth,
                                 GError     **error);

/* Compact, deterministic text of @node; free with g_free(). */
char     *mc_json_to_data       (JsonNode    *node,
                                 gsize       *length);

/* The node as an object, or a WRONG_TYPE error naming @path (NULL: the
 * whole document). The object is owned by @node. */
JsonObject *mc_json_node_get_object (JsonNode    *node,
                                     const char  *path,
                                     GError     **error);

/* Element @index of @array as an object, or a WRONG_TYPE error naming
 * "@member[@index]". */
JsonObject *mc_json_array_get_object (JsonArray   *array,
                                      const char  *member,
                                      guint        index,
                                      GError     **error);

/* Reading. All return FALSE with an error naming @member when it is
 * missing, of the wrong type or invalid; @out is only written on success.
 * Strings and arrays/objects handed out: strings are copies, arrays and
 * objects belong to @object. */
gboolean  mc_json_member_is_null (JsonObject  *object,
                                  const char  *member);
gboolean  mc_json_get_string    (JsonObject  *object,
                                 const char  *member,
                                 gboolean     nullable,
                                 char       **out,
                                 GError     **error);
gboolean  mc_json_get_int       (JsonObject  *object,
                                 const char  *member,
                                 gint64       min,
                                 gint64       max,
                                 gint64      *out,
                                 GError     **error);
gboolean  mc_json_get_bool      (JsonObject  *object,
                                 const char  *member,
                                 gboolean    *out,
                                 GError     **error);
/* ISO 8601 with offset; null gives MC_TIME_NONE when @nullable. */
gboolean  mc_json_get_time      (JsonObject  *object,
                                 const char  *member,
                                 gboolean     nullable,
                                 gint64      *out,
                                 GError     **error);

/* Converts a wire name to an enum value; see MC_JSON_DEFINE_ENUM_PARSER. */
typedef gboolean (*McJsonEnumFromString) (const char *str,
                                          int        *out);

gboolean  mc_json_get_enum      (JsonObject            *object,
                                 const char            *member,
                                 McJsonEnumFromString   from_string,
                                 int                   *out,
                                 GError               **error);
gboolean  mc_json_get_array     (JsonObject  *object,
                                 const char  *member,
                                 JsonArray  **out,
                                 GError     **error);
gboolean  mc_json_get_object    (JsonObject  *object,
                                 const char  *member,
                                 JsonObject **out,
                                 GError     **error);

/* Defines a static McJsonEnumFromString @name over a typed
 * mc_x_from_string (const char *, McX *). A wrapper rather than a cast:
 * calling a function through a pointer of another type is undefined. */
#define MC_JSON_DEFINE_ENUM_PARSER(name, Type, from_string)              \
  static gboolean                                                        \
  name (const char *str,                                                 \
        int        *out)                                                 \
  {                                                                      \
    Type value;                                                          \
                                                                         \
    if (!from_string (str, &value))                                      \
      return FALSE;                                                      \
    *out = (int) value;                                                  \
    return TRUE;                                                         \
  }

/* Writing. @member NULL adds an array element instead of a member. */
void      mc_json_builder_add_string (JsonBuilder *builder,
                                      const char  *member,
                                      const char  *value);
void      mc_json_builder_add_int    (JsonBuilder *builder,
                                      const char  *member,
                                      gint64       value);
void      mc_json_builder_add_bool   (JsonBuilder *builder,
                                      const char  *member,
                                      gboolean     value);
/* MC_TIME_NONE is written as null. */
void      mc_json_builder_add_time   (JsonBuilder *builder,
                                      const char  *member,
                                      gint64       t);
void      mc_json_builder_add_null   (JsonBuilder *builder,
                                      const char  *member);

G_END_DECLS
