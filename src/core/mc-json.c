/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-json.h"
#include "mc-time.h"

G_DEFINE_QUARK (mc-wire-error-quark, mc_wire_error)

/* The bytes strict JSON allows outside strings: whitespace, punctuation,
 * numbers and the letters of true, false and null. Refusing everything
 * else matters for safety, not just strictness: json-glib 1.6 also accepts
 * comments and single-quoted strings, and a quote or bracket hidden in one
 * of those would make our scan and the parser disagree about where strings
 * are, letting deep nesting through. */
static gboolean
is_structural_byte (guchar c)
{
  switch (c)
    {
    case ' ': case '\t': case '\n': case '\r':
    case '{': case '}': case '[': case ']': case ',': case ':':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
    case '-': case '+': case '.': case 'e': case 'E':
    case 't': case 'r': case 'u': case 'f': case 'a':
    case 'l': case 's': case 'n':
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
mc_json_check_limits (const char  *data,
                      gssize       len,
                      gsize        max_bytes,
                      guint        max_depth,
                      GError     **error)
{
  gsize n;
  gsize i;
  guint depth = 0;
  gboolean in_string = FALSE;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  n = len < 0 ? strlen (data) : (gsize) len;

  if (n > max_bytes)
    {
      g_autofree char *limit = g_format_size (max_bytes);

      g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_TOO_LARGE,
                   _("The document is larger than the limit of %s"), limit);
      return FALSE;
    }

  /* This also refuses NUL bytes, which json-glib would stop at. */
  if (!g_utf8_validate_len (data, n, NULL))
    {
      g_set_error_literal (error, MC_WIRE_ERROR, MC_WIRE_ERROR_MALFORMED,
                           _("The document is not valid UTF-8 text"));
      return FALSE;
    }

  for (i = 0; i < n; i++)
    {
      guchar c = (guchar) data[i];

      if (in_string)
        {
          /* Raw control characters are invalid JSON; refusing them keeps
           * "where does this string end" unambiguous. */
          if (c < 0x20)
            goto malformed;
          if (c == '\\')
            i++;  /* The escaped byte can never end the string. */
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > max_depth)
            {
              g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_TOO_DEEP,
                           _("The document is nested deeper than %u levels"),
                           max_depth);
              return FALSE;
            }
          break;
        case ']':
        case '}':
          /* Unbalanced closers are the parser's to report. */
          if (depth > 0)
            depth--;
          break;
        default:
          if (!is_structural_byte (c))
            goto malformed;
          break;
        }
    }

  return TRUE;

malformed:
  g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_MALFORMED,
               _("The document is not valid JSON (unexpected character at byte %u)"),
               (guint) MIN (i, G_MAXUINT));
  return FALSE;
}

JsonNode *
mc_json_parse (const char  *data,
               gssize       len,
               gsize        max_bytes,
               guint        max_depth,
               GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (data == NULL)
    data = "";
  if (len < 0)
    len = strlen (data);

  if (!mc_json_check_limits (data, len, max_bytes, max_depth, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, len, &local_error))
    {
      g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_MALFORMED,
                   _("The document is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  /* json-glib 1.6 loads blank input successfully, with no root. */
  root = json_parser_steal_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, MC_WIRE_ERROR, MC_WIRE_ERROR_MALFORMED,
                           _("The document is empty"));
      return NULL;
    }

  return root;
}

char *
mc_json_to_data (JsonNode *node,
                 gsize    *length)
{
  g_autoptr(JsonGenerator) generator = NULL;

  g_return_val_if_fail (node != NULL, NULL);

  generator = json_generator_new ();
  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, length);
}

JsonObject *
mc_json_node_get_object (JsonNode    *node,
                         const char  *path,
                         GError     **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      if (path != NULL)
        g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_WRONG_TYPE,
                     _("%s: expected an object"), path);
      else
        g_set_error_literal (error, MC_WIRE_ERROR, MC_WIRE_ERROR_WRONG_TYPE,
                             _("The document is not a JSON object"));
      return NULL;
    }

  return json_node_get_object (node);
}

JsonObject *
mc_json_array_get_object (JsonArray   *array,
                          const char  *member,
                          guint        index,
                          GError     **error)
{
  g_autofree char *path = NULL;
  JsonNode *node;

  g_return_val_if_fail (array != NULL, NULL);
  g_return_val_if_fail (member != NULL, NULL);
  g_return_val_if_fail (index < json_array_get_length (array), NULL);

  node = json_array_get_element (array, index);
  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_node_get_object (node);

  path = g_strdup_printf ("%s[%u]", member, index);
  return mc_json_node_get_object (node, path, error);
}

/* The member node, or NULL with a MISSING_MEMBER error. */
static JsonNode *
lookup (JsonObject  *object,
        const char  *member,
        GError     **error)
{
  JsonNode *node;

  g_assert (object != NULL);
  g_assert (member != NULL);

  node = json_object_get_member (object, member);
  if (node == NULL)
    g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_MISSING_MEMBER,
                 _("%s: required member is missing"), member);
  return node;
}

static gboolean
holds_value_of_type (JsonNode *node,
                     GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

gboolean
mc_json_member_is_null (JsonObject *object,
                        const char *member)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);

  node = json_object_get_member (object, member);
  return node != NULL && JSON_NODE_HOLDS_NULL (node);
}

gboolean
mc_json_get_string (JsonObject  *object,
                    const char  *member,
                    gboolean     nullable,
                    char       **out,
                    GError     **error)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!(node = lookup (object, member, error)))
    return FALSE;

  if (nullable && JSON_NODE_HOLDS_NULL (node))
    {
      *out = NULL;
      return TRUE;
    }

  if (!holds_value_of_type (node, G_TYPE_STRING))
    {
      g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_WRONG_TYPE,
                   nullable ? _("%s: expected a string or null")
                            : _("%s: expected a string"),
                   member);
      return FALSE;
    }

  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

gboolean
mc_json_get_int (JsonObject  *object,
                 const char  *member,
                 gint64       min,
                 gint64       max,
                 gint64      *out,
                 GError     **error)
{
  JsonNode *node;
  gint64 value;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!(node = lookup (object, member, error)))
    return FALSE;

  /* 2.0 and 2e0 are doubles to json-glib, and to us not integers. */
  if (!holds_value_of_type (node, G_TYPE_INT64))
    {
      g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_WRONG_TYPE,
                   _("%s: expected an integer"), member);
      return FALSE;
    }

  value = json_node_get_int (node);
  if (value < min || value > max)
    {
      char v[32], lo[32], hi[32];

      /* Formatted apart so that translators see no G_GINT64_FORMAT. */
      g_snprintf (v, sizeof v, "%" G_GINT64_FORMAT, value);
      g_snprintf (lo, sizeof lo, "%" G_GINT64_FORMAT, min);
      g_snprintf (hi, sizeof hi, "%" G_GINT64_FORMAT, max);
      g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_INVALID_VALUE,
                   _("%s: %s is outside the allowed range %s to %s"),
                   member, v, lo, hi);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

gboolean
mc_json_get_bool (JsonObject  *object,
                  const char  *member,
                  gboolean    *out,
                  GError     **error)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!(node = lookup (object, member, error)))
    return FALSE;

  if (!holds_value_of_type (node, G_TYPE_BOOLEAN))
    {
      g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_WRONG_TYPE,
                   _("%s: expected true or false"), member);
      return FALSE;
    }

  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
mc_json_get_time (JsonObject  *object,
                  const char  *member,
                  gboolean     nullable,
                  gint64      *out,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *node;
  gint64 t;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!(node = lookup (object, member, error)))
    return FALSE;

  if (nullable && JSON_NODE_HOLDS_NULL (node))
    {
      *out = MC_TIME_NONE;
      return TRUE;
    }

  if (!holds_value_of_type (node, G_TYPE_STRING))
    {
      g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_WRONG_TYPE,
                   nullable ? _("%s: expected a date and time string or null")
                            : _("%s: expected a date and time string"),
                   member);
      return FALSE;
    }

  if (!mc_time_parse_iso8601 (json_node_get_string (node), &t, &local_error))
    {
      /* mc-time's message is already translated and quotes the text. */
      g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_INVALID_VALUE,
                   "%s: %s", member, local_error->message);
      return FALSE;
    }

  *out = t;
  return TRUE;
}

gboolean
mc_json_get_enum (JsonObject            *object,
                  const char            *member,
                  McJsonEnumFromString   from_string,
                  int                   *out,
                  GError               **error)
{
  JsonNode *node;
  const char *name;
  int value;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);
  g_return_val_if_fail (from_string != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!(node = lookup (object, member, error)))
    return FALSE;

  if (!holds_value_of_type (node, G_TYPE_STRING))
    {
      g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_WRONG_TYPE,
                   _("%s: expected a string"), member);
      return FALSE;
    }

  name = json_node_get_string (node);
  if (!from_string (name, &value))
    {
      g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_INVALID_VALUE,
                   _("%s: unknown value “%s”"), member, name);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

gboolean
mc_json_get_array (JsonObject  *object,
                   const char  *member,
                   JsonArray  **out,
                   GError     **error)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!(node = lookup (object, member, error)))
    return FALSE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, MC_WIRE_ERROR, MC_WIRE_ERROR_WRONG_TYPE,
                   _("%s: expected an array"), member);
      return FALSE;
    }

  *out = json_node_get_array (node);
  return TRUE;
}

gboolean
mc_json_get_object (JsonObject  *object,
                    const char  *member,
                    JsonObject **out,
                    GError     **error)
{
  JsonNode *node;
  JsonObject *value;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!(node = lookup (object, member, error)))
    return FALSE;

  if (!(value = mc_json_node_get_object (node, member, error)))
    return FALSE;

  *out = value;
  return TRUE;
}

static void
set_member_name (JsonBuilder *builder,
                 const char  *member)
{
  if (member != NULL)
    json_builder_set_member_name (builder, member);
}

void
mc_json_builder_add_string (JsonBuilder *builder,
                            const char  *member,
                            const char  *value)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));

  set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
mc_json_builder_add_int (JsonBuilder *builder,
                         const char  *member,
                         gint64       value)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));

  set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

void
mc_json_builder_add_bool (JsonBuilder *builder,
                          const char  *member,
                          gboolean     value)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));

  set_member_name (builder, member);
  json_builder_add_boolean_value (builder, value);
}

void
mc_json_builder_add_time (JsonBuilder *builder,
                          const char  *member,
                          gint64       t)
{
  char buf[32];

  g_return_if_fail (JSON_IS_BUILDER (builder));

  set_member_name (builder, member);
  if (t == MC_TIME_NONE)
    {
      json_builder_add_null_value (builder);
      return;
    }
  mc_time_format_iso8601_buf (t, buf);
  json_builder_add_string_value (builder, buf);
}

void
mc_json_builder_add_null (JsonBuilder *builder,
                          const char  *member)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));

  set_member_name (builder, member);
  json_builder_add_null_value (builder);
}
