/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-json.h"
#include "mc-request-private.h"
#include "mc-workflow.h"

/* JSON bodies are small; anything larger is not one of ours. */
#define MC_REQUEST_MAX_JSON (1024 * 1024)

McRequest *
_mc_request_new (void)
{
  McRequest *request = g_new0 (McRequest, 1);

  request->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  request->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  request->out_headers = g_ptr_array_new_with_free_func (g_free);
  return request;
}

void
_mc_request_free (McRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->method);
  g_free (request->path);
  g_clear_pointer (&request->params, g_hash_table_unref);
  g_clear_pointer (&request->query, g_hash_table_unref);
  g_clear_pointer (&request->headers, g_hash_table_unref);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_clear_object (&request->user);
  g_free (request->content_type);
  g_clear_pointer (&request->response, g_bytes_unref);
  g_clear_pointer (&request->out_headers, g_ptr_array_unref);
  g_free (request);
}

const char *
mc_request_get_method (McRequest *request)
{
  return request->method;
}

const char *
mc_request_get_path (McRequest *request)
{
  return request->path;
}

const char *
mc_request_get_param (McRequest  *request,
                      const char *name)
{
  return g_hash_table_lookup (request->params, name);
}

const char *
mc_request_get_query (McRequest  *request,
                      const char *name)
{
  return request->query ? g_hash_table_lookup (request->query, name) : NULL;
}

const char *
mc_request_get_header (McRequest  *request,
                       const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  return g_hash_table_lookup (request->headers, lower);
}

GBytes *
mc_request_get_body (McRequest *request)
{
  return request->body;
}

McStore *
mc_request_get_store (McRequest *request)
{
  return request->store;
}

McUser *
mc_request_get_user (McRequest *request)
{
  return request->user;
}

gint64
mc_request_get_now (McRequest *request)
{
  return request->now;
}

gsize
mc_request_get_upload_limit (McRequest *request)
{
  return request->upload_limit;
}

guint
mc_request_get_status (McRequest *request)
{
  return request->status;
}

void
mc_request_set_bytes (McRequest  *request,
                      guint       status,
                      const char *content_type,
                      GBytes     *bytes)
{
  request->status = status;
  g_free (request->content_type);
  request->content_type = g_strdup (content_type);
  g_clear_pointer (&request->response, g_bytes_unref);
  request->response = bytes ? g_bytes_ref (bytes) : NULL;
}

void
mc_request_set_json (McRequest *request,
                     guint      status,
                     JsonNode  *node)
{
  gsize len = 0;
  char *data = mc_json_to_data (node, &len);
  g_autoptr(GBytes) bytes = g_bytes_new_take (data, len);

  mc_request_set_bytes (request, status, "application/json", bytes);
}

void
mc_request_set_header (McRequest  *request,
                       const char *name,
                       const char *value)
{
  g_ptr_array_add (request->out_headers, g_strdup (name));
  g_ptr_array_add (request->out_headers, g_strdup (value));
}

void
mc_request_problem (McRequest  *request,
                    guint       status,
                    const char *slug,
                    const char *title,
                    const char *detail_format,
                    ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *type = g_strconcat ("https://motcua.vn/problems/", slug, NULL);
  g_autofree char *detail = NULL;
  gsize len = 0;
  char *data;
  va_list args;

  va_start (args, detail_format);
  detail = g_strdup_vprintf (detail_format, args);
  va_end (args);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, title);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "detail");
  json_builder_add_string_value (builder, detail);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);

  data = mc_json_to_data (node, &len);
  request->status = status;
  g_free (request->content_type);
  request->content_type = g_strdup ("application/problem+json");
  g_clear_pointer (&request->response, g_bytes_unref);
  request->response = g_bytes_new_take (data, len);
}

void
mc_request_fail (McRequest    *request,
                 const GError *error)
{
  if (error->domain == MC_STORE_ERROR)
    {
      switch (error->code)
        {
        case MC_STORE_ERROR_NOT_FOUND:
          mc_request_problem (request, 404, "not-found", _("Not found"), "%s", error->message);
          return;
        case MC_STORE_ERROR_CONFLICT:
          mc_request_problem (request, 409, "conflict", _("Conflict"), "%s", error->message);
          return;
        case MC_STORE_ERROR_BUSY:
          mc_request_set_header (request, "Retry-After", "1");
          mc_request_problem (request, 503, "busy", _("The server is busy"),
                              _("The database is busy. Try again in a moment."));
          return;
        default:
          break;
        }
    }
  else if (error->domain == MC_WORKFLOW_ERROR)
    {
      guint status = mc_workflow_error_http_status ((McWorkflowError) error->code);
      const char *slug = status == 403 ? "forbidden" : status == 404 ? "not-found" : "workflow";
      const char *title = status == 403 ? _("Not allowed for this user")
                        : status == 404 ? _("Not found")
                        : _("Not allowed by the workflow");

      mc_request_problem (request, status, slug, title, "%s", error->message);
      return;
    }
  else if (error->domain == MC_WIRE_ERROR || error->domain == JSON_PARSER_ERROR)
    {
      mc_request_problem (request, 400, "malformed", _("Malformed request"), "%s", error->message);
      return;
    }

  g_warning ("%s %s: %s", request->method, request->path, error->message);
  mc_request_problem (request, 500, "internal", _("Internal server error"),
                      _("The server could not complete the request. The administrator can find "
                        "the cause in the server log."));
}

JsonObject *
mc_request_parse_json_object (McRequest *request)
{
  g_autoptr(GError) error = NULL;
  const char *type = mc_request_get_header (request, "Content-Type");
  gsize len = 0;
  const char *data;
  JsonNode *node;
  JsonObject *object;

  if (type != NULL && !g_str_has_prefix (type, "application/json"))
    {
      mc_request_problem (request, 415, "unsupported-media-type", _("Unsupported media type"),
                          _("Send the request body as application/json."));
      return NULL;
    }
  data = request->body ? g_bytes_get_data (request->body, &len) : NULL;
  node = mc_json_parse (data ? data : "", len, MC_REQUEST_MAX_JSON, MC_JSON_MAX_DEPTH, &error);
  if (node == NULL)
    {
      if (g_error_matches (error, MC_WIRE_ERROR, MC_WIRE_ERROR_TOO_LARGE))
        mc_request_problem (request, 413, "too-large", _("Request too large"), "%s", error->message);
      else
        mc_request_problem (request, 400, "malformed", _("Malformed request"), "%s", error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      json_node_unref (node);
      mc_request_problem (request, 400, "malformed", _("Malformed request"),
                          _("The request body must be a JSON object."));
      return NULL;
    }
  /* The caller owns the object (json_object_unref when done). */
  object = json_object_ref (json_node_get_object (node));
  json_node_unref (node);
  return object;
}

gboolean
mc_request_get_query_int (McRequest  *request,
                          const char *name,
                          gint64      min,
                          gint64      max,
                          gint64      fallback,
                          gint64     *out)
{
  const char *text = mc_request_get_query (request, name);
  gint64 value;
  char *end = NULL;

  if (text == NULL || *text == '\0')
    {
      *out = fallback;
      return TRUE;
    }
  value = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0' || value < min || value > max)
    {
      /* Numbers as text: a 64-bit format macro cannot go into a msgid. */
      g_autofree char *low = g_strdup_printf ("%" G_GINT64_FORMAT, min);
      g_autofree char *high = g_strdup_printf ("%" G_GINT64_FORMAT, max);

      mc_request_problem (request, 400, "malformed", _("Malformed request"),
                          _("The parameter “%s” must be a whole number from %s to %s."), name, low, high);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

void
mc_request_get_visibility (McRequest    *request,
                           McVisibility *out)
{
  McUser *user = request->user;

  out->user_id = user ? mc_user_get_id (user) : NULL;
  out->department_id = user ? mc_user_get_department_id (user) : NULL;
  switch (user ? mc_user_get_role (user) : MC_ROLE_RECEPTION)
    {
    case MC_ROLE_SUPERVISOR:
    case MC_ROLE_ADMIN:
      out->kind = MC_VISIBILITY_ALL;
      break;
    case MC_ROLE_SPECIALIST:
    case MC_ROLE_LEADER:
      out->kind = MC_VISIBILITY_DEPARTMENT;
      break;
    case MC_ROLE_RECEPTION:
    default:
      out->kind = MC_VISIBILITY_RECEIVING;
      break;
    }
}

gboolean
mc_request_can_see (McRequest *request,
                    McDossier *dossier)
{
  McVisibility visibility;
  gboolean handled = FALSE;

  mc_request_get_visibility (request, &visibility);
  if (visibility.kind == MC_VISIBILITY_DEPARTMENT)
    handled = mc_store_has_handled (request->store, visibility.user_id, mc_dossier_get_id (dossier));
  return mc_visibility_allows (&visibility, dossier, handled);
}
