/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mc-json.h"
#include "mc-server-routes.h"
#include "mc-store-attachments.h"

/* POST /api/v1/dossiers/{id}/attachments — an upload: the raw file as the
 * body, its name in X-File-Name (UTF-8, percent-encoding allowed) or
 * ?name=, ?kind=submitted|supplement|result; or multipart/form-data with
 * one file part (and optional "kind" and "name" fields). The content type
 * is what the bytes are, never what the client says. Answers 201 with
 * {"attachment": …, "dossier": …}.
 *
 * GET /api/v1/attachments/{id} — the bytes, with their media type, the
 * name in Content-Disposition and the SHA-256 as ETag. */

#define MAX_NAME_BYTES 255

typedef struct {
  const char *media_type;
  const char *extension;
} Sniffed;

/* What the content is, from its first bytes: only the formats the centre
 * files (scans and PDFs). NULL for anything else. */
static const Sniffed *
sniff (const guint8 *data,
       gsize         len)
{
  static const Sniffed pdf = { "application/pdf", ".pdf" };
  static const Sniffed jpeg = { "image/jpeg", ".jpg" };
  static const Sniffed png = { "image/png", ".png" };
  static const Sniffed tiff = { "image/tiff", ".tif" };
  static const guint8 png_magic[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  if (len >= 8 && memcmp (data, "%PDF-", 5) == 0 && g_ascii_isdigit (data[5]) && data[6] == '.')
    {
      /* A PDF ends with %%EOF within its last kilobyte; one that does not
       * was cut short on the way. */
      gsize from = len > 1024 ? len - 1024 : 0;

      for (gsize i = len - 5; i + 1 > from; i--)
        if (memcmp (data + i, "%%EOF", 5) == 0)
          return &pdf;
      return NULL;
    }
  if (len >= 4 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return &jpeg;
  if (len >= 16 && memcmp (data, png_magic, sizeof png_magic) == 0 &&
      memcmp (data + 12, "IHDR", 4) == 0)
    return &png;
  if (len >= 8 && ((memcmp (data, "II", 2) == 0 && data[2] == 42 && data[3] == 0) ||
                   (memcmp (data, "MM", 2) == 0 && data[2] == 0 && data[3] == 42)))
    return &tiff;
  return NULL;
}

static gboolean
is_forbidden_char (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  /* Control and format characters (including the bidirectional overrides
   * that make "…\u202Efdp.exe" look like a PDF), and what file systems or
   * shells refuse in a name. */
  return type == G_UNICODE_CONTROL || type == G_UNICODE_FORMAT ||
         type == G_UNICODE_UNASSIGNED || type == G_UNICODE_SURROGATE ||
         type == G_UNICODE_LINE_SEPARATOR || type == G_UNICODE_PARAGRAPH_SEPARATOR ||
         strchr ("<>:\"|?*", (int) c) != NULL || c == 0;
}

/* A name that is safe to store, show and save: the last path element,
 * NFC, no control or format characters, none of <>:"|?*, no leading dots,
 * at most 255 bytes, ending with the extension of what the content is. */
static char *
sanitize_name (const char *given,
                              const char *extension)
{
  g_autofree char *valid = g_utf8_make_valid (given ? given : "", -1);
  g_autofree char *nfc = g_utf8_normalize (valid, -1, G_NORMALIZE_NFC);
  g_autoptr(GString) name = g_string_new (NULL);
  const char *base = nfc ? nfc : "";
  const char *dot;
  gsize stem_len, ext_len = strlen (extension);

  for (const char *p = base; *p; p = g_utf8_next_char (p))
    if (*p == '/' || *p == '\\')
      base = p + 1;
  for (const char *p = base; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_forbidden_char (c))
        g_string_append_c (name, '_');
      else if (g_unichar_isspace (c))
        g_string_append_c (name, ' ');
      else
        g_string_append_unichar (name, c);
    }
  /* No hidden files, no "..", no trailing dots or spaces (Windows). */
  while (name->len > 0 && (name->str[0] == '.' || name->str[0] == ' ' || name->str[0] == '_'))
    g_string_erase (name, 0, 1);
  while (name->len > 0 && (name->str[name->len - 1] == '.' || name->str[name->len - 1] == ' '))
    g_string_truncate (name, name->len - 1);

  /* The extension says what the content is. */
  dot = strrchr (name->str, '.');
  if (dot == NULL || g_ascii_strcasecmp (dot, extension) != 0)
    {
      gboolean jpeg_alias = g_str_equal (extension, ".jpg") && dot != NULL && g_ascii_strcasecmp (dot, ".jpeg") == 0;
      gboolean tiff_alias = g_str_equal (extension, ".tif") && dot != NULL && g_ascii_strcasecmp (dot, ".tiff") == 0;

      if (jpeg_alias || tiff_alias)
        ext_len = strlen (dot);
      else
        g_string_append (name, extension);
    }
  if (name->len == ext_len)
    g_string_prepend (name, "attachment");

  /* At most 255 bytes, cut on a character boundary, extension kept. */
  if (name->len > MAX_NAME_BYTES)
    {
      g_autofree char *ext = g_strdup (name->str + name->len - ext_len);
      const char *end;

      stem_len = MAX_NAME_BYTES - ext_len;
      end = name->str + stem_len;
      while (end > name->str && (*end & 0xc0) == 0x80)
        end--;
      g_string_truncate (name, end - name->str);
      g_string_append (name, ext);
    }
  return g_string_free (g_steal_pointer (&name), FALSE);
}

/* Multipart */

static const guint8 *
find_bytes (const guint8 *hay,
            gsize         hay_len,
            const char   *needle,
            gsize         needle_len)
{
  if (needle_len == 0 || hay_len < needle_len)
    return NULL;
  for (gsize i = 0; i + needle_len <= hay_len; i++)
    {
      const guint8 *p = memchr (hay + i, needle[0], hay_len - needle_len + 1 - i);

      if (p == NULL)
        return NULL;
      if (memcmp (p, needle, needle_len) == 0)
        return p;
      i = (gsize) (p - hay);
    }
  return NULL;
}

/* A parameter of a header value: name="quoted" or name=token. */
static char *
header_param (const char *value,
              const char *name)
{
  gsize name_len = strlen (name);

  for (const char *p = value; p && *p; )
    {
      const char *semi;

      while (*p == ';' || *p == ' ' || *p == '\t')
        p++;
      if (g_ascii_strncasecmp (p, name, name_len) == 0 && p[name_len] == '=')
        {
          const char *v = p + name_len + 1;

          if (*v == '"')
            {
              GString *s = g_string_new (NULL);

              for (v++; *v && *v != '"'; v++)
                {
                  if (*v == '\\' && v[1])
                    v++;
                  g_string_append_c (s, *v);
                }
              return g_string_free (s, FALSE);
            }
          semi = strchr (v, ';');
          return g_strstrip (semi ? g_strndup (v, semi - v) : g_strdup (v));
        }
      /* Skip to the next parameter, past quoted text. */
      for (gboolean quoted = FALSE; *p && (quoted || *p != ';'); p++)
        if (*p == '"')
          quoted = !quoted;
    }
  return NULL;
}

typedef struct {
  GBytes *file;      /* owned */
  char   *name;      /* owned, nullable */
  char   *kind;      /* owned, nullable */
  char   *component; /* owned, nullable */
} Upload;

static void
upload_clear (Upload *upload)
{
  g_clear_pointer (&upload->file, g_bytes_unref);
  g_clear_pointer (&upload->name, g_free);
  g_clear_pointer (&upload->kind, g_free);
  g_clear_pointer (&upload->component, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Upload, upload_clear)

/* The file part of a multipart/form-data body (RFC 7578), without copying
 * it. FALSE with a reason when the body is not one. */
static gboolean
parse_multipart (GBytes      *body,
                 const char  *content_type,
                 Upload      *upload,
                 const char **problem)
{
  g_autofree char *boundary = header_param (strchr (content_type, ';'), "boundary");
  g_autofree char *delimiter = NULL;
  gsize len = 0, delimiter_len;
  const guint8 *data = g_bytes_get_data (body, &len);
  const guint8 *end = data + len;
  const guint8 *p;
  guint n_files = 0;

  *problem = _("The multipart body is malformed.");
  if (boundary == NULL || *boundary == '\0' || strlen (boundary) > 70)
    return FALSE;
  delimiter = g_strconcat ("--", boundary, NULL);
  delimiter_len = strlen (delimiter);

  p = find_bytes (data, len, delimiter, delimiter_len);
  while (p != NULL)
    {
      const guint8 *headers, *headers_end, *content, *next;
      g_autofree char *header_text = NULL;
      g_autofree char *disposition = NULL;
      g_autofree char *field = NULL;
      g_autofree char *filename = NULL;
      g_auto(GStrv) lines = NULL;

      p += delimiter_len;
      if (end - p >= 2 && p[0] == '-' && p[1] == '-')
        break;
      if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
        return FALSE;
      headers = p + 2;
      headers_end = find_bytes (headers, end - headers, "\r\n\r\n", 4);
      if (headers_end == NULL || headers_end - headers > 8192)
        return FALSE;
      content = headers_end + 4;
      {
        g_autofree char *crlf_delimiter = g_strconcat ("\r\n", delimiter, NULL);
        next = find_bytes (content, end - content, crlf_delimiter, delimiter_len + 2);
      }
      if (next == NULL)
        return FALSE;

      header_text = g_strndup ((const char *) headers, headers_end - headers);
      lines = g_strsplit (header_text, "\r\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        if (g_ascii_strncasecmp (lines[i], "Content-Disposition:", 20) == 0)
          disposition = g_strdup (lines[i] + 20);
      if (disposition != NULL)
        {
          g_autofree char *extended = header_param (disposition, "filename*");

          field = header_param (disposition, "name");
          if (extended != NULL && g_ascii_strncasecmp (extended, "UTF-8''", 7) == 0)
            filename = g_uri_unescape_string (extended + 7, NULL);
          if (filename == NULL)
            filename = header_param (disposition, "filename");
        }

      if (filename != NULL)
        {
          n_files++;
          g_clear_pointer (&upload->file, g_bytes_unref);
          upload->file = g_bytes_new_from_bytes (body, content - data, next - content);
          g_free (upload->name);
          upload->name = g_steal_pointer (&filename);
        }
      else if (g_strcmp0 (field, "kind") == 0 && next - content <= 32)
        {
          g_free (upload->kind);
          upload->kind = g_strndup ((const char *) content, next - content);
        }
      else if (g_strcmp0 (field, "component") == 0 && next - content <= 32)
        {
          g_free (upload->component);
          upload->component = g_strndup ((const char *) content, next - content);
        }
      else if (g_strcmp0 (field, "name") == 0 && next - content <= 4096)
        {
          g_free (upload->name);
          upload->name = g_strndup ((const char *) content, next - content);
        }
      p = next + 2;
    }
  if (n_files != 1)
    {
      *problem = _("Send exactly one file in the multipart body.");
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_upload (McRequest *request,
             Upload    *upload)
{
  const char *type = mc_request_get_header (request, "Content-Type");
  GBytes *body = mc_request_get_body (request);
  const char *header_name = mc_request_get_header (request, "X-File-Name");
  const char *query_kind = mc_request_get_query (request, "kind");
  const char *query_name = mc_request_get_query (request, "name");
  const char *query_component = mc_request_get_query (request, "component");

  if (body == NULL)
    {
      mc_request_problem (request, 400, "empty-upload", _("Empty upload"),
                          _("The request has no file in it."));
      return FALSE;
    }
  if (type != NULL && g_ascii_strncasecmp (type, "multipart/form-data", 19) == 0)
    {
      const char *problem = NULL;

      if (!parse_multipart (body, type, upload, &problem))
        {
          mc_request_problem (request, 400, "malformed", _("Malformed request"), "%s", problem);
          return FALSE;
        }
    }
  else
    {
      upload->file = g_bytes_ref (body);
      if (header_name != NULL)
        upload->name = g_uri_unescape_string (header_name, NULL);
      /* An invalid escape: take the header as it is. */
      if (upload->name == NULL && header_name != NULL)
        upload->name = g_strdup (header_name);
    }
  if (upload->name == NULL && query_name != NULL)
    upload->name = g_strdup (query_name);
  if (query_kind != NULL)
    {
      g_free (upload->kind);
      upload->kind = g_strdup (query_kind);
    }
  if (query_component != NULL)
    {
      g_free (upload->component);
      upload->component = g_strdup (query_component);
    }
  if (g_bytes_get_size (upload->file) == 0)
    {
      mc_request_problem (request, 400, "empty-upload", _("Empty upload"),
                          _("The file is empty."));
      return FALSE;
    }
  if (g_bytes_get_size (upload->file) > mc_request_get_upload_limit (request))
    {
      mc_request_problem (request, 413, "too-large", _("Request too large"),
                          _("An attachment may be at most %u MB."),
                          (guint) (mc_request_get_upload_limit (request) / (1024 * 1024)));
      return FALSE;
    }
  return TRUE;
}

/* The component a file satisfies, from its text: an index into the
 * components of the dossier's procedure. A malformed number is a 400;
 * a component the procedure does not have, or one named for a result
 * (which is no part of what the applicant hands in), a 422. */
static gboolean
check_component (McRequest        *request,
                 McDossier        *dossier,
                 McAttachmentKind  kind,
                 const char       *text,
                 int              *out)
{
  g_autoptr(McProcedure) procedure = NULL;
  g_autoptr(GError) error = NULL;
  guint64 value = 0;
  guint n_components;

  if (*text == '\0' || strlen (text) > 9 || strspn (text, "0123456789") != strlen (text) ||
      !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT32, &value, NULL))
    {
      mc_request_problem (request, 400, "malformed", _("Malformed request"),
                          _("The component of a file is the number of a component of the procedure, "
                            "counted from 0; “%s” is not one."), text);
      return FALSE;
    }
  if (kind == MC_ATTACHMENT_RESULT)
    {
      mc_request_problem (request, 422, "invalid-component", _("Not a component of the dossier"),
                          _("A result is not one of the documents the applicant hands in: "
                            "send it without a component."));
      return FALSE;
    }
  procedure = mc_store_get_procedure (mc_request_get_store (request), mc_dossier_get_procedure_id (dossier), &error);
  if (procedure == NULL && !g_error_matches (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND))
    {
      mc_request_fail (request, error);
      return FALSE;
    }
  n_components = procedure != NULL ? mc_procedure_get_n_components (procedure) : 0;
  if (value >= n_components)
    {
      if (n_components == 0)
        mc_request_problem (request, 422, "invalid-component", _("Not a component of the dossier"),
                            _("The procedure of dossier %s lists no components; send the file "
                              "without one."), mc_dossier_get_code (dossier));
      else if (n_components == 1)
        mc_request_problem (request, 422, "invalid-component", _("Not a component of the dossier"),
                            _("The procedure of dossier %s lists one component, number 0; there is "
                              "no component %s."), mc_dossier_get_code (dossier), text);
      else
        mc_request_problem (request, 422, "invalid-component", _("Not a component of the dossier"),
                            _("The procedure of dossier %s lists %u components, numbered from 0 to %u; "
                              "there is no component %s."),
                            mc_dossier_get_code (dossier), n_components, n_components - 1, text);
      return FALSE;
    }
  *out = (int) value;
  return TRUE;
}

void
mc_route_attachments_create (McRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(McAttachment) attachment = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *name = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *detail = NULL;
  g_auto(Upload) upload = { NULL, NULL, NULL, NULL };
  McStore *store = mc_request_get_store (request);
  McUser *user = mc_request_get_user (request);
  McRole role = mc_user_get_role (user);
  const char *if_match = mc_request_get_header (request, "If-Match");
  const Sniffed *sniffed;
  McAttachmentKind kind = MC_ATTACHMENT_SUBMITTED;
  int component = MC_ATTACHMENT_NO_COMPONENT;
  gsize len = 0;
  const guint8 *data;

  dossier = mc_route_load_visible_dossier (request, mc_request_get_param (request, "id"), TRUE);
  if (dossier == NULL)
    return;
  /* Files come with the work: the officers who act on dossiers add them;
   * supervisors and administrators watch. */
  if (role != MC_ROLE_RECEPTION && role != MC_ROLE_SPECIALIST && role != MC_ROLE_LEADER)
    {
      mc_request_problem (request, 403, "forbidden", _("Not allowed for this user"),
                          _("Only reception officers, specialists and leaders add files to dossiers."));
      return;
    }
  if (mc_status_is_final (mc_dossier_get_status (dossier)))
    {
      mc_request_problem (request, 422, "dossier-closed", _("The dossier is closed"),
                          _("Dossier %s is closed; no file can be added to it any more."),
                          mc_dossier_get_code (dossier));
      return;
    }
  if (if_match != NULL)
    {
      g_autofree char *etag = g_strdup_printf ("\"%d\"", mc_dossier_get_version (dossier));

      if (!g_str_equal (if_match, etag) && !g_str_equal (if_match, "*"))
        {
          mc_request_set_header (request, "ETag", etag);
          mc_request_problem (request, 409, "version-conflict", _("The dossier has changed"),
                              _("Dossier %s is now at version %d: someone else changed it. "
                                "Look at it again before adding the file."),
                              mc_dossier_get_code (dossier), mc_dossier_get_version (dossier));
          return;
        }
    }

  if (!read_upload (request, &upload))
    return;
  if (upload.kind != NULL)
    {
      McAttachmentKind value;

      if (!mc_attachment_kind_from_string (upload.kind, &value))
        {
          mc_request_problem (request, 400, "malformed", _("Malformed request"),
                              _("The kind of a file is “submitted”, “supplement” or “result”."));
          return;
        }
      kind = value;
    }
  if (upload.component != NULL && !check_component (request, dossier, kind, upload.component, &component))
    return;

  data = g_bytes_get_data (upload.file, &len);
  sniffed = sniff (data, len);
  if (sniffed == NULL)
    {
      mc_request_problem (request, 415, "unsupported-media-type", _("Unsupported file type"),
                          _("Only PDF documents and JPEG, PNG or TIFF images can be attached; "
                            "this file is none of them (or is damaged)."));
      return;
    }
  name = sanitize_name (upload.name, sniffed->extension);

  if (!mc_store_put_content (store, upload.file, &sha256, &error))
    {
      mc_request_fail (request, error);
      return;
    }

  uuid = g_uuid_string_random ();
  attachment = mc_attachment_new ();
  mc_attachment_set_id (attachment, uuid);
  mc_attachment_set_dossier_id (attachment, mc_dossier_get_id (dossier));
  mc_attachment_set_file_name (attachment, name);
  mc_attachment_set_media_type (attachment, sniffed->media_type);
  mc_attachment_set_size (attachment, (gint64) len);
  mc_attachment_set_sha256 (attachment, sha256);
  mc_attachment_set_kind (attachment, kind);
  mc_attachment_set_created_at (attachment, mc_request_get_now (request));
  mc_attachment_set_component (attachment, component);

  /* Its list of files changed, so the dossier has a new version and a new
   * change number: the feed carries it. */
  mc_dossier_add_attachment (dossier, attachment);
  mc_dossier_set_version (dossier, mc_dossier_get_version (dossier) + 1);
  mc_dossier_set_updated_at (dossier, mc_request_get_now (request));
  detail = g_strdup_printf ("%s %s %s %s", uuid, mc_attachment_kind_to_string (kind), sha256, name);
  if (!mc_store_put_attachment (store, attachment, &error) ||
      !mc_store_put_dossier (store, dossier, &error) ||
      !mc_store_audit (store, mc_user_get_id (user), "attachment.add", mc_dossier_get_id (dossier),
                       detail, &error))
    {
      mc_request_fail (request, error);
      return;
    }

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "attachment");
  json_builder_add_value (builder, mc_attachment_to_json (attachment));
  json_builder_set_member_name (builder, "dossier");
  json_builder_add_value (builder, mc_dossier_to_json (dossier));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  {
    g_autofree char *location = g_strconcat ("/api/v1/attachments/", uuid, NULL);
    g_autofree char *etag = g_strdup_printf ("\"%d\"", mc_dossier_get_version (dossier));

    mc_request_set_header (request, "Location", location);
    mc_request_set_header (request, "ETag", etag);
  }
  mc_request_set_json (request, 201, root);
}

/* RFC 6266 with an RFC 5987 UTF-8 name, and a plain ASCII one for old
 * clients. */
static char *
content_disposition (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name, "C");
  g_autofree char *encoded = g_uri_escape_string (name, "!#$&+-.^_`|~", FALSE);

  for (char *p = ascii; *p; p++)
    if (*p == '"' || *p == '\\' || *p == '%' || !g_ascii_isprint (*p))
      *p = '_';
  return g_strdup_printf ("attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii, encoded);
}

void
mc_route_attachment_get (McRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McAttachment) attachment = NULL;
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *disposition = NULL;
  const char *id = mc_request_get_param (request, "id");
  const char *if_none_match = mc_request_get_header (request, "If-None-Match");

  attachment = mc_store_get_attachment (mc_request_get_store (request), id, &error);
  if (attachment == NULL && !g_error_matches (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND))
    {
      mc_request_fail (request, error);
      return;
    }
  if (attachment != NULL)
    {
      g_autoptr(GError) dossier_error = NULL;

      dossier = mc_store_get_dossier (mc_request_get_store (request),
                                      mc_attachment_get_dossier_id (attachment), FALSE, &dossier_error);
      if (dossier == NULL && !g_error_matches (dossier_error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND))
        {
          mc_request_fail (request, dossier_error);
          return;
        }
    }
  /* Whether it exists is nobody else's business either. */
  if (dossier == NULL || !mc_request_can_see (request, dossier))
    {
      mc_request_problem (request, 404, "not-found", _("Not found"),
                          _("There is no attachment %s, or it is not yours to see."), id);
      return;
    }

  etag = g_strdup_printf ("\"%s\"", mc_attachment_get_sha256 (attachment));
  mc_request_set_header (request, "ETag", etag);
  mc_request_set_header (request, "Cache-Control", "private, max-age=31536000, immutable");
  if (if_none_match != NULL && g_str_equal (if_none_match, etag))
    {
      mc_request_set_bytes (request, 304, NULL, NULL);
      return;
    }

  content = mc_store_get_content (mc_request_get_store (request), mc_attachment_get_sha256 (attachment), &error);
  if (content == NULL)
    {
      /* A missing or damaged file is the server's fault, and worth a line
       * in its log for the administrator, who can restore it from backup. */
      g_warning ("attachment %s of dossier %s: %s", id, mc_attachment_get_dossier_id (attachment), error->message);
      mc_request_problem (request, 500, "attachment-damaged", _("The file is damaged"),
                          _("The server could not read this file intact. The administrator can find "
                            "the cause in the server log and restore it from a backup."));
      return;
    }
  disposition = content_disposition (mc_attachment_get_file_name (attachment));
  mc_request_set_header (request, "Content-Disposition", disposition);
  mc_request_set_header (request, "X-Content-Type-Options", "nosniff");
  mc_request_set_bytes (request, 200, mc_attachment_get_media_type (attachment), content);
}
