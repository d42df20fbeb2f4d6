/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mc-store-private.h"
#include "mc-test-server.h"
#include "mc-test.h"

/* Attachments against the real server: upload, sniffing, names, storage
 * by hash, download, scope, and the feed. */

/* A 1×1 JPEG and PNG, as ImageMagick writes them. */
static const guint8 tiny_jpeg[] = {
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00,
  0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xdb, 0x00, 0x43, 0x00, 0x10, 0x0b, 0x0c, 0x0e, 0x0c,
  0x0a, 0x10, 0x0e, 0x0d, 0x0e, 0x12, 0x11, 0x10, 0x13, 0x18, 0x28, 0x1a, 0x18, 0x16, 0x16,
  0x18, 0x31, 0x23, 0x25, 0x1d, 0x28, 0x3a, 0x33, 0x3d, 0x3c, 0x39, 0x33, 0x38, 0x37, 0x40,
  0x48, 0x5c, 0x4e, 0x40, 0x44, 0x57, 0x45, 0x37, 0x38, 0x50, 0x6d, 0x51, 0x57, 0x5f, 0x62,
  0x67, 0x68, 0x67, 0x3e, 0x4d, 0x71, 0x79, 0x70, 0x64, 0x78, 0x5c, 0x65, 0x67, 0x63, 0xff,
  0xdb, 0x00, 0x43, 0x01, 0x11, 0x12, 0x12, 0x18, 0x15, 0x18, 0x2f, 0x1a, 0x1a, 0x2f, 0x63,
  0x42, 0x38, 0x42, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63,
  0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63,
  0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63,
  0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x01,
  0x00, 0x01, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xff, 0xc4, 0x00,
  0x15, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x05, 0xff, 0xc4, 0x00, 0x14, 0x10, 0x01, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xc4, 0x00,
  0x15, 0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x04, 0x06, 0xff, 0xc4, 0x00, 0x14, 0x11, 0x01, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xda, 0x00,
  0x0c, 0x03, 0x01, 0x00, 0x02, 0x11, 0x03, 0x11, 0x00, 0x3f, 0x00, 0x8e, 0x00, 0x2a, 0x87,
  0xff, 0xd9
};

static const guint8 tiny_png[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
  0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x01, 0x03, 0x00, 0x00, 0x00, 0x25,
  0xdb, 0x56, 0xca, 0x00, 0x00, 0x00, 0x03, 0x50, 0x4c, 0x54, 0x45, 0xc8, 0x1e, 0x1e, 0x16,
  0x88, 0xf8, 0x9e, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x08, 0xd7, 0x63, 0x60,
  0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0xe2, 0x21, 0xbc, 0x33, 0x00, 0x00, 0x00, 0x00, 0x49,
  0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82
};

typedef struct {
  McTestServer  t;
  McStore      *store;
  char         *dossier;    /* registered by rec, transferred to a */
  int           version;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char *extra[] = { "--upload-limit-mb", "1", NULL };

  f->store = mc_test_server_init (&f->t);
  mc_test_server_start (&f->t, extra);
  f->dossier = mc_test_create_dossier (&f->t, "Trần Thị Lan", &f->version);
  f->version = mc_test_action (&f->t, "rec", f->dossier, "transfer", f->version, "d-a");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->store, mc_store_free);
  g_free (f->dossier);
  mc_test_server_stop (&f->t);
}

/* A small, valid PDF (one empty A4 page), with a correct xref table;
 * `padding` bytes of a comment make it as large as a test needs. */
static GBytes *
make_pdf (const char *text,
          gsize       padding)
{
  GString *pdf = g_string_new ("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
  gsize offsets[4];
  gsize xref;
  g_autofree char *content = g_strdup_printf ("BT /F1 12 Tf 72 720 Td (%s) Tj ET", text);

  offsets[0] = pdf->len;
  g_string_append (pdf, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
  offsets[1] = pdf->len;
  g_string_append (pdf, "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
  offsets[2] = pdf->len;
  g_string_append (pdf, "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>\nendobj\n");
  offsets[3] = pdf->len;
  g_string_append_printf (pdf, "4 0 obj\n<< /Length %zu >>\nstream\n%s\nendstream\nendobj\n", strlen (content), content);
  for (gsize i = 0; i < padding; i += 64)
    g_string_append (pdf, "% padding padding padding padding padding padding padding pad\n");
  xref = pdf->len;
  g_string_append (pdf, "xref\n0 5\n0000000000 65535 f \n");
  for (guint i = 0; i < 4; i++)
    g_string_append_printf (pdf, "%010zu 00000 n \n", offsets[i]);
  g_string_append_printf (pdf, "trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", xref);
  return g_string_free_to_bytes (pdf);
}

static McTestResponse *
upload (Fixture    *f,
        const char *user,
        const char *dossier,
        const char *query,
        const char *file_name,
        const char *content_type,
        GBytes     *body,
        const char *key)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/dossiers/%s/attachments%s", dossier, query ? query : "");
  g_autofree char *random_key = g_uuid_string_random ();
  g_autofree char *escaped = file_name ? g_uri_escape_string (file_name, NULL, FALSE) : NULL;
  const char *headers[] = { "Idempotency-Key", key ? key : random_key, "X-File-Name", escaped, NULL };

  if (escaped == NULL)
    headers[2] = NULL;

  return mc_test_request_full (&f->t, "POST", path, mc_test_login (&f->t, user),
                               content_type ? content_type : "application/octet-stream", body, headers);
}

static McTestResponse *
download (Fixture    *f,
          const char *user,
          const char *id,
          const char *if_none_match)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/attachments/%s", id);
  const char *headers[] = { "If-None-Match", if_none_match, NULL };

  return mc_test_request_full (&f->t, "GET", path, mc_test_login (&f->t, user), NULL, NULL,
                               if_none_match ? headers : NULL);
}

static JsonObject *
attachment_of (McTestResponse *r)
{
  return json_object_get_object_member (json_node_get_object (r->json), "attachment");
}

static void
assert_problem (McTestResponse *r,
                guint           status)
{
  if (r->status != status)
    g_error ("expected %u, got %u: %.*s", status, r->status, (int) g_bytes_get_size (r->body),
             (const char *) g_bytes_get_data (r->body, NULL));
  g_assert_cmpstr (soup_message_headers_get_content_type (r->headers, NULL), ==, "application/problem+json");
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  if (d == NULL)
    return 0;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        n += count_files (path);
      else
        n++;
    }
  return n;
}

static char *
files_dir (Fixture *f)
{
  return g_strconcat (f->t.db_path, ".files", NULL);
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GBytes) pdf = make_pdf ("Don de nghi", 0);
  g_autoptr(McTestResponse) r = NULL;
  g_autoptr(McTestResponse) got = NULL;
  g_autoptr(McTestResponse) again = NULL;
  g_autoptr(McTestResponse) replay = NULL;
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  g_autofree char *etag = g_strdup_printf ("\"%s\"", sha);
  g_autofree char *dir = files_dir (f);
  g_autofree char *stored = NULL;
  g_autofree char *id = NULL;
  g_autofree char *id2 = NULL;
  const char *disposition;
  JsonObject *a, *dossier;

  r = upload (f, "rec", f->dossier, NULL, "Đơn đề nghị.pdf", "text/plain", pdf, "upload-key-1");
  g_assert_cmpuint (r->status, ==, 201);
  a = attachment_of (r);
  id = g_strdup (json_object_get_string_member (a, "id"));
  /* The declared type is not trusted; the content is. */
  g_assert_cmpstr (json_object_get_string_member (a, "media_type"), ==, "application/pdf");
  g_assert_cmpstr (json_object_get_string_member (a, "file_name"), ==, "Đơn đề nghị.pdf");
  g_assert_cmpstr (json_object_get_string_member (a, "sha256"), ==, sha);
  g_assert_cmpstr (json_object_get_string_member (a, "kind"), ==, "submitted");
  g_assert_cmpint (json_object_get_int_member (a, "size"), ==, g_bytes_get_size (pdf));
  dossier = json_object_get_object_member (json_node_get_object (r->json), "dossier");
  g_assert_cmpint (json_object_get_int_member (dossier, "version"), ==, f->version + 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (dossier, "attachments")), ==, 1);

  /* Stored by hash, ab/cd/abcd…. */
  stored = g_strdup_printf ("%s/%.2s/%.2s/%s", dir, sha, sha + 2, sha);
  g_assert_true (g_file_test (stored, G_FILE_TEST_IS_REGULAR));

  /* The same key again is the same answer, not a second file. */
  replay = upload (f, "rec", f->dossier, NULL, "Đơn đề nghị.pdf", "text/plain", pdf, "upload-key-1");
  g_assert_cmpuint (replay->status, ==, 201);
  g_assert_cmpstr (soup_message_headers_get_one (replay->headers, "Idempotent-Replayed"), ==, "true");
  g_assert_cmpstr (json_object_get_string_member (attachment_of (replay), "id"), ==, id);

  /* Byte for byte back, with its type, name and digest. */
  got = download (f, "rec", id, NULL);
  g_assert_cmpuint (got->status, ==, 200);
  g_assert_true (g_bytes_equal (got->body, pdf));
  g_assert_cmpstr (soup_message_headers_get_content_type (got->headers, NULL), ==, "application/pdf");
  g_assert_cmpstr (soup_message_headers_get_one (got->headers, "ETag"), ==, etag);
  disposition = soup_message_headers_get_one (got->headers, "Content-Disposition");
  g_assert_nonnull (strstr (disposition, "filename*=UTF-8''%C4%90%C6%A1n%20%C4%91%E1%BB%81%20ngh%E1%BB%8B.pdf"));
  g_assert_true (g_str_has_prefix (disposition, "attachment; filename=\""));
  g_clear_pointer (&got, mc_test_response_free);
  got = download (f, "rec", id, etag);
  g_assert_cmpuint (got->status, ==, 304);

  /* Identical content under another name: a new attachment, one file. */
  again = upload (f, "spa", f->dossier, "?kind=supplement", "ban sao.pdf", NULL, pdf, NULL);
  g_assert_cmpuint (again->status, ==, 201);
  id2 = g_strdup (json_object_get_string_member (attachment_of (again), "id"));
  g_assert_cmpstr (id2, !=, id);
  g_assert_cmpstr (json_object_get_string_member (attachment_of (again), "sha256"), ==, sha);
  g_assert_cmpstr (json_object_get_string_member (attachment_of (again), "kind"), ==, "supplement");
  g_assert_cmpuint (count_files (dir), ==, 1);
}

static void
test_images (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GBytes) png = g_bytes_new_static (tiny_png, sizeof tiny_png);
  g_autoptr(GBytes) jpeg = g_bytes_new_static (tiny_jpeg, sizeof tiny_jpeg);
  g_autoptr(GBytes) form = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(McTestResponse) r = NULL;
  g_autoptr(McTestResponse) m = NULL;
  g_autoptr(McTestResponse) got = NULL;
  const char *boundary = "----motcua-boundary-7MA4YWxkTrZu0gW";

  /* ?name= instead of the header. */
  r = upload (f, "spa", f->dossier, "?name=%E1%BA%A2nh%20ch%E1%BB%A5p.png&kind=result", NULL, "image/jpeg", png, NULL);
  g_assert_cmpuint (r->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (attachment_of (r), "media_type"), ==, "image/png");
  g_assert_cmpstr (json_object_get_string_member (attachment_of (r), "file_name"), ==, "Ảnh chụp.png");
  g_assert_cmpstr (json_object_get_string_member (attachment_of (r), "kind"), ==, "result");

  /* multipart/form-data, as a browser sends it. */
  g_string_append_printf (body, "--%s\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nsupplement\r\n", boundary);
  g_string_append_printf (body, "--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"Chứng minh.jpeg\"\r\n"
                          "Content-Type: application/pdf\r\n\r\n", boundary);
  g_string_append_len (body, (const char *) tiny_jpeg, sizeof tiny_jpeg);
  g_string_append_printf (body, "\r\n--%s--\r\n", boundary);
  form = g_string_free_to_bytes (g_steal_pointer (&body));
  {
    g_autofree char *type = g_strdup_printf ("multipart/form-data; boundary=%s", boundary);
    m = upload (f, "lda", f->dossier, NULL, NULL, type, form, NULL);
  }
  g_assert_cmpuint (m->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (attachment_of (m), "media_type"), ==, "image/jpeg");
  g_assert_cmpstr (json_object_get_string_member (attachment_of (m), "file_name"), ==, "Chứng minh.jpeg");
  g_assert_cmpstr (json_object_get_string_member (attachment_of (m), "kind"), ==, "supplement");
  g_assert_cmpint (json_object_get_int_member (attachment_of (m), "size"), ==, sizeof tiny_jpeg);

  got = download (f, "sup", json_object_get_string_member (attachment_of (m), "id"), NULL);
  g_assert_cmpuint (got->status, ==, 200);
  g_assert_true (g_bytes_equal (got->body, jpeg));
  g_assert_cmpstr (soup_message_headers_get_content_type (got->headers, NULL), ==, "image/jpeg");
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  static const char text[] = "Đây là một tệp văn bản, không phải PDF.\n";
  static const guint8 exe[] = { 'M', 'Z', 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00,
                                0xff, 0xff, 0x00, 0x00, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0 };
  g_autoptr(GBytes) text_bytes = g_bytes_new_static (text, sizeof text - 1);
  g_autoptr(GBytes) exe_bytes = g_bytes_new_static (exe, sizeof exe);
  g_autoptr(GBytes) big = make_pdf ("big", 1536 * 1024);
  g_autoptr(GBytes) fits = make_pdf ("fits", 900 * 1024);
  g_autoptr(GBytes) cut = NULL;
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(McTestResponse) r1 = NULL;
  g_autoptr(McTestResponse) r2 = NULL;
  g_autoptr(McTestResponse) r3 = NULL;
  g_autoptr(McTestResponse) r4 = NULL;
  g_autoptr(McTestResponse) r5 = NULL;
  g_autoptr(McTestResponse) r6 = NULL;
  g_autoptr(McTestResponse) r7 = NULL;
  g_autoptr(McTestResponse) check = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/dossiers/%s", f->dossier);

  r1 = upload (f, "rec", f->dossier, NULL, "ghi chú.pdf", "application/pdf", text_bytes, NULL);
  assert_problem (r1, 415);
  r2 = upload (f, "rec", f->dossier, NULL, "hóa đơn.pdf", "application/pdf", exe_bytes, NULL);
  assert_problem (r2, 415);
  /* A PDF cut short in transit has no end. */
  cut = g_bytes_new_from_bytes (fits, 0, g_bytes_get_size (fits) / 2);
  r3 = upload (f, "rec", f->dossier, NULL, "cut.pdf", NULL, cut, NULL);
  assert_problem (r3, 415);
  /* The server was started with --upload-limit-mb 1. */
  r4 = upload (f, "rec", f->dossier, NULL, "big.pdf", NULL, big, NULL);
  assert_problem (r4, 413);
  r5 = upload (f, "rec", f->dossier, NULL, "fits.pdf", NULL, fits, NULL);
  g_assert_cmpuint (r5->status, ==, 201);
  r6 = upload (f, "rec", f->dossier, "?kind=invoice", "x.pdf", NULL, fits, NULL);
  assert_problem (r6, 400);
  r7 = upload (f, "rec", f->dossier, NULL, "x.pdf", NULL, empty, NULL);
  assert_problem (r7, 400);

  /* Refusals changed nothing: one file, version + 1. */
  check = mc_test_request_full (&f->t, "GET", path, mc_test_login (&f->t, "rec"), NULL, NULL, NULL);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (check->json), "version"), ==, f->version + 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (check->json), "attachments")), ==, 1);
}

static void
test_names (Fixture       *f,
            gconstpointer  data)
{
  static const struct { const char *given; const char *stored; } cases[] = {
    { "../../etc/passwd.pdf", "passwd.pdf" },
    { "..\\..\\Windows\\hồ sơ.pdf", "hồ sơ.pdf" },
    { "/abs/path/QĐ-123.PDF", "QĐ-123.PDF" },
    { "a\001b\nc.pdf", "a_b_c.pdf" },
    { "báo cáo.exe", "báo cáo.exe.pdf" },
    { "giay\xe2\x80\xaetxt.pdf", "giay_txt.pdf" },
    { ".hidden.pdf", "hidden.pdf" },
    { "...", "attachment.pdf" },
    { "x<y>:z?.pdf", "x_y__z_.pdf" },
    /* Decomposed "ế" (e + U+0302 + U+0301) comes back composed (NFC). */
    { "Quye\xcc\x82\xcc\x81t \xc4\x91i\xcc\xa3nh.pdf", "Quyết định.pdf" },
  };
  g_autoptr(GBytes) pdf = make_pdf ("names", 0);
  g_autoptr(GString) long_name = g_string_new (NULL);
  g_autoptr(McTestResponse) r = NULL;
  const char *stored;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(McTestResponse) c = upload (f, "rec", f->dossier, NULL, cases[i].given, NULL, pdf, NULL);

      g_assert_cmpuint (c->status, ==, 201);
      g_assert_cmpstr (json_object_get_string_member (attachment_of (c), "file_name"), ==, cases[i].stored);
    }

  /* 300 letters of three bytes each: cut to 255 bytes on a letter. */
  for (guint i = 0; i < 300; i++)
    g_string_append (long_name, "ệ");
  g_string_append (long_name, ".pdf");
  r = upload (f, "rec", f->dossier, NULL, long_name->str, NULL, pdf, NULL);
  g_assert_cmpuint (r->status, ==, 201);
  stored = json_object_get_string_member (attachment_of (r), "file_name");
  g_assert_cmpuint (strlen (stored), <=, 255);
  g_assert_cmpuint (strlen (stored), >=, 250);
  g_assert_true (g_utf8_validate (stored, -1, NULL));
  g_assert_true (g_str_has_suffix (stored, "ệ.pdf"));
}

static void
test_scope (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GBytes) pdf = make_pdf ("scope", 0);
  g_autoptr(McTestResponse) r = NULL;
  g_autoptr(McTestResponse) other_post = NULL;
  g_autoptr(McTestResponse) other_get = NULL;
  g_autoptr(McTestResponse) unknown = NULL;
  g_autoptr(McTestResponse) supervisor_post = NULL;
  g_autoptr(McTestResponse) stale = NULL;
  g_autofree char *stale_key = g_uuid_string_random ();
  const char *id;

  r = upload (f, "spa", f->dossier, NULL, "scope.pdf", NULL, pdf, NULL);
  g_assert_cmpuint (r->status, ==, 201);
  id = json_object_get_string_member (attachment_of (r), "id");

  /* b's specialist learns nothing: not the dossier, not the file. */
  other_post = upload (f, "spb", f->dossier, NULL, "scope.pdf", NULL, pdf, NULL);
  assert_problem (other_post, 404);
  other_get = download (f, "spb", id, NULL);
  assert_problem (other_get, 404);
  unknown = download (f, "spa", "00000000-0000-4000-8000-000000000000", NULL);
  assert_problem (unknown, 404);
  /* Supervisors watch; they do not file. */
  supervisor_post = upload (f, "sup", f->dossier, NULL, "scope.pdf", NULL, pdf, NULL);
  assert_problem (supervisor_post, 403);

  /* A stale If-Match is a conflict. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/dossiers/%s/attachments", f->dossier);
    const char *headers[] = { "Idempotency-Key", stale_key, "If-Match", "\"1\"", "X-File-Name", "x.pdf", NULL };

    stale = mc_test_request_full (&f->t, "POST", path, mc_test_login (&f->t, "spa"), "application/pdf", pdf, headers);
    assert_problem (stale, 409);
  }
}

static void
test_feed (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GBytes) pdf = make_pdf ("feed", 0);
  g_autoptr(McTestResponse) r = NULL;
  g_autoptr(McTestResponse) changes = NULL;
  g_autoptr(McTestResponse) dossier = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *items;
  const char *id;
  gboolean found = FALSE;
  sqlite3_stmt *stmt;

  r = upload (f, "spa", f->dossier, NULL, "feed.pdf", NULL, pdf, NULL);
  g_assert_cmpuint (r->status, ==, 201);
  id = json_object_get_string_member (attachment_of (r), "id");
  /* A second one: the feed lists them in the order GET /dossiers/{id} does. */
  {
    g_autoptr(GBytes) other = make_pdf ("feed-2", 0);
    g_autoptr(McTestResponse) second = upload (f, "spa", f->dossier, NULL, "feed-2.pdf", NULL, other, NULL);

    g_assert_cmpuint (second->status, ==, 201);
    f->version++;
  }
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/dossiers/%s", f->dossier);

    dossier = mc_test_request_full (&f->t, "GET", path, mc_test_login (&f->t, "spa"), NULL, NULL, NULL);
    g_assert_cmpuint (dossier->status, ==, 200);
  }

  changes = mc_test_request_full (&f->t, "GET", "/api/v1/changes?since=0", mc_test_login (&f->t, "spa"), NULL, NULL, NULL);
  g_assert_cmpuint (changes->status, ==, 200);
  items = json_object_get_array_member (json_node_get_object (changes->json), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      JsonObject *d;
      JsonArray *attachments;

      if (!g_str_equal (json_object_get_string_member (item, "kind"), "dossier"))
        continue;
      d = json_object_get_object_member (item, "data");
      g_assert_cmpstr (json_object_get_string_member (d, "id"), ==, f->dossier);
      g_assert_cmpint (json_object_get_int_member (d, "version"), ==, f->version + 1);
      attachments = json_object_get_array_member (d, "attachments");
      g_assert_cmpuint (json_array_get_length (attachments), ==, 2);
      g_assert_true (g_str_equal (json_object_get_string_member (json_array_get_object_element (attachments, 0), "id"), id) ||
                     g_str_equal (json_object_get_string_member (json_array_get_object_element (attachments, 1), "id"), id));
      {
        JsonArray *direct = json_object_get_array_member (json_node_get_object (dossier->json), "attachments");

        g_assert_cmpuint (json_array_get_length (direct), ==, 2);
        for (guint a = 0; a < 2; a++)
          g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (attachments, a), "id"), ==,
                           json_object_get_string_member (json_array_get_object_element (direct, a), "id"));
      }
      found = TRUE;
    }
  g_assert_true (found);

  /* Every change writes an audit row. */
  stmt = _mc_store_prepare (f->store, "SELECT count(*) FROM audit WHERE action = 'attachment.add' AND target = ?1", &error);
  g_assert_no_error (error);
  _mc_store_bind_text (stmt, 1, f->dossier);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 2);
  sqlite3_reset (stmt);
}

/* A file damaged on disk is a 500 and a log line, never wrong bytes. */
static void
test_corrupt (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GBytes) pdf = make_pdf ("corrupt", 0);
  g_autoptr(McTestResponse) r = NULL;
  g_autoptr(McTestResponse) got = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = files_dir (f);
  g_autofree char *stored = NULL;
  const char *sha;

  r = upload (f, "spa", f->dossier, NULL, "corrupt.pdf", NULL, pdf, NULL);
  g_assert_cmpuint (r->status, ==, 201);
  sha = json_object_get_string_member (attachment_of (r), "sha256");
  stored = g_strdup_printf ("%s/%.2s/%.2s/%s", dir, sha, sha + 2, sha);
  g_assert_true (g_file_set_contents (stored, "%PDF-1.4 tampered", -1, &error));
  g_assert_no_error (error);
  got = download (f, "spa", json_object_get_string_member (attachment_of (r), "id"), NULL);
  assert_problem (got, 500);
}

/* The catalogue's procedure p-1 with three required components, as an
 * administrator's edit would leave it. */
static void
put_components (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProcedure) procedure = mc_store_get_procedure (f->store, "p-1", &error);
  const char *names[] = { "Tờ khai đăng ký khai sinh", "Giấy chứng sinh", "Giấy tờ tùy thân của người yêu cầu" };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(McComponent) c = mc_component_new (names[i], i == 1 ? MC_COMPONENT_ORIGINAL : MC_COMPONENT_COPY,
                                                   1, i < 2);

      mc_procedure_add_component (procedure, c);
    }
  mc_procedure_set_version (procedure, mc_procedure_get_version (procedure) + 1);
  g_assert_true (mc_store_begin (f->store, &error));
  g_assert_true (mc_store_put_procedure (f->store, procedure, &error));
  g_assert_true (mc_store_commit (f->store, &error));
  g_assert_no_error (error);
}

/* The component column of an attachment's row: -1 for NULL. */
static int
stored_component (Fixture    *f,
                  const char *id)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = _mc_store_prepare (f->store, "SELECT component FROM attachments WHERE id = ?1", &error);
  int value;

  g_assert_no_error (error);
  _mc_store_bind_text (stmt, 1, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_type (stmt, 0) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

static JsonObject *
find_attachment (JsonObject *dossier,
                 const char *id)
{
  JsonArray *attachments = json_object_get_array_member (dossier, "attachments");

  for (guint i = 0; i < json_array_get_length (attachments); i++)
    {
      JsonObject *a = json_array_get_object_element (attachments, i);

      if (g_str_equal (json_object_get_string_member (a, "id"), id))
        return a;
    }
  g_error ("attachment %s is not in the dossier", id);
  return NULL;
}

static const char *
problem_detail (McTestResponse *r)
{
  return json_object_get_string_member (json_node_get_object (r->json), "detail");
}

/* The required component a file satisfies: kept, returned by GET and the
 * feed, and checked against the dossier's procedure. */
static void
test_component (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GBytes) pdf = make_pdf ("To khai", 0);
  g_autoptr(GBytes) other = make_pdf ("Giay khac", 0);
  g_autoptr(GBytes) jpeg = g_bytes_new_static (tiny_jpeg, sizeof tiny_jpeg);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GBytes) form = NULL;
  g_autoptr(McTestResponse) r = NULL;
  g_autoptr(McTestResponse) m = NULL;
  g_autoptr(McTestResponse) plain = NULL;
  g_autoptr(McTestResponse) got = NULL;
  g_autoptr(McTestResponse) changes = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/dossiers/%s", f->dossier);
  const char *boundary = "----motcua-boundary-c0mp0nent";
  const char *id, *form_id, *plain_id;
  JsonArray *items;
  gboolean found = FALSE;
  int version;

  /* Before the catalogue lists any component, none can be named. */
  r = upload (f, "spa", f->dossier, "?component=0", "to-khai.pdf", NULL, pdf, NULL);
  assert_problem (r, 422);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (r->json), "type"), ==,
                   "https://motcua.vn/problems/invalid-component");
  g_clear_pointer (&r, mc_test_response_free);

  put_components (f);
  r = upload (f, "spa", f->dossier, "?component=1&kind=supplement", "Giấy chứng sinh.pdf", NULL, pdf, NULL);
  g_assert_cmpuint (r->status, ==, 201);
  id = json_object_get_string_member (attachment_of (r), "id");
  g_assert_cmpint (json_object_get_int_member (attachment_of (r), "component"), ==, 1);
  g_assert_cmpint (stored_component (f, id), ==, 1);
  version = (int) json_object_get_int_member (json_object_get_object_member (json_node_get_object (r->json), "dossier"),
                                             "version");

  /* As a multipart field. */
  g_string_append_printf (body, "--%s\r\nContent-Disposition: form-data; name=\"component\"\r\n\r\n2\r\n", boundary);
  g_string_append_printf (body, "--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"CCCD.jpeg\"\r\n"
                          "Content-Type: image/jpeg\r\n\r\n", boundary);
  g_string_append_len (body, (const char *) tiny_jpeg, sizeof tiny_jpeg);
  g_string_append_printf (body, "\r\n--%s--\r\n", boundary);
  form = g_string_free_to_bytes (g_steal_pointer (&body));
  {
    g_autofree char *type = g_strdup_printf ("multipart/form-data; boundary=%s", boundary);
    m = upload (f, "lda", f->dossier, NULL, NULL, type, form, NULL);
  }
  g_assert_cmpuint (m->status, ==, 201);
  form_id = json_object_get_string_member (attachment_of (m), "id");
  g_assert_cmpint (json_object_get_int_member (attachment_of (m), "component"), ==, 2);
  g_assert_cmpint (stored_component (f, form_id), ==, 2);

  /* Without one: another document, no member at all. */
  plain = upload (f, "spa", f->dossier, NULL, "ghi-chu.pdf", NULL, other, NULL);
  g_assert_cmpuint (plain->status, ==, 201);
  plain_id = json_object_get_string_member (attachment_of (plain), "id");
  g_assert_false (json_object_has_member (attachment_of (plain), "component"));
  g_assert_cmpint (stored_component (f, plain_id), ==, -1);

  /* Refused, and nothing is added: past the end, not a number, negative,
   * or named for a result. */
  {
    const struct { const char *query; guint status; const char *in_detail; } refused[] = {
      { "?component=3", 422, "lists 3 components, numbered from 0 to 2; there is no component 3" },
      { "?component=99999", 422, "no component 99999" },
      { "?component=abc", 400, "“abc”" },
      { "?component=-1", 400, "“-1”" },
      { "?component=", 400, NULL },
      { "?component=1e2", 400, NULL },
      { "?component=0&kind=result", 422, "result" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
      {
        g_autoptr(McTestResponse) no = upload (f, "spa", f->dossier, refused[i].query, "x.jpeg", NULL, jpeg, NULL);

        g_test_message ("%s", refused[i].query);
        assert_problem (no, refused[i].status);
        if (refused[i].in_detail != NULL)
          g_assert_nonnull (strstr (problem_detail (no), refused[i].in_detail));
      }
  }

  /* GET /dossiers/{id} and the feed return what was stored. */
  got = mc_test_request_full (&f->t, "GET", path, mc_test_login (&f->t, "spa"), NULL, NULL, NULL);
  g_assert_cmpuint (got->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (got->json), "version"), ==, version + 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (got->json),
                                                                         "attachments")), ==, 3);
  g_assert_cmpint (json_object_get_int_member (find_attachment (json_node_get_object (got->json), id), "component"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (find_attachment (json_node_get_object (got->json), form_id), "component"), ==, 2);
  g_assert_false (json_object_has_member (find_attachment (json_node_get_object (got->json), plain_id), "component"));

  changes = mc_test_request_full (&f->t, "GET", "/api/v1/changes?since=0", mc_test_login (&f->t, "spa"), NULL, NULL, NULL);
  g_assert_cmpuint (changes->status, ==, 200);
  items = json_object_get_array_member (json_node_get_object (changes->json), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      g_autoptr(McDossier) decoded = NULL;
      g_autoptr(GError) error = NULL;

      if (!g_str_equal (json_object_get_string_member (item, "kind"), "dossier"))
        continue;
      g_assert_cmpint (json_object_get_int_member (find_attachment (json_object_get_object_member (item, "data"), id),
                                                   "component"), ==, 1);
      /* And core reads it back. */
      decoded = mc_dossier_new_from_json (json_object_get_member (item, "data"), &error);
      g_assert_no_error (error);
      for (guint a = 0; a < mc_dossier_get_n_attachments (decoded); a++)
        {
          McAttachment *attachment = mc_dossier_get_attachment (decoded, a);
          const char *aid = mc_attachment_get_id (attachment);

          g_assert_cmpint (mc_attachment_get_component (attachment), ==,
                           g_str_equal (aid, id) ? 1 : g_str_equal (aid, form_id) ? 2 : MC_ATTACHMENT_NO_COMPONENT);
        }
      found = TRUE;
    }
  g_assert_true (found);
}

/* A database of schema 2 (before components) with files in it: the
 * upgrade keeps every row, the old files have no component, and new ones
 * can name one. */
static void
test_component_migration (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GBytes) pdf = make_pdf ("Truoc nang cap", 0);
  g_autoptr(GBytes) after = make_pdf ("Sau nang cap", 0);
  g_autoptr(McTestResponse) r = NULL;
  g_autoptr(McTestResponse) got = NULL;
  g_autoptr(McTestResponse) downloaded = NULL;
  g_autoptr(McTestResponse) added = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/dossiers/%s", f->dossier);
  g_autofree char *old_id = NULL;
  g_autofree char *old_doc = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  JsonObject *old;

  r = upload (f, "spa", f->dossier, NULL, "Đơn cũ.pdf", NULL, pdf, NULL);
  g_assert_cmpuint (r->status, ==, 201);
  old_id = g_strdup (json_object_get_string_member (attachment_of (r), "id"));

  /* Stop everything and take the database back to schema 2 exactly as
   * that schema made it. */
  g_subprocess_send_signal (f->t.server, SIGTERM);
  g_subprocess_wait (f->t.server, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&f->t.server);
  g_clear_object (&f->t.session);
  g_clear_pointer (&f->t.base, g_free);
  g_clear_pointer (&f->store, mc_store_free);
  g_assert_cmpint (sqlite3_open (f->t.db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "PRAGMA user_version;"
                                 "DROP INDEX attachments_dossier;"
                                 "ALTER TABLE attachments DROP COLUMN component;"
                                 "CREATE INDEX attachments_dossier ON attachments (dossier_id);"
                                 "PRAGMA user_version = 2;", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT doc FROM attachments WHERE id = ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, old_id, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  old_doc = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_null (strstr (old_doc, "component"));

  /* The server upgrades it on start. */
  mc_test_server_start (&f->t, NULL);
  f->store = mc_store_open (f->t.db_path, NULL, FALSE, &error);
  g_assert_no_error (error);
  stmt = _mc_store_prepare (f->store, "PRAGMA user_version", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), >=, 3);
  sqlite3_reset (stmt);
  g_assert_cmpint (stored_component (f, old_id), ==, -1);
  stmt = _mc_store_prepare (f->store, "SELECT doc FROM attachments WHERE id = ?1", &error);
  g_assert_no_error (error);
  _mc_store_bind_text (stmt, 1, old_id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, old_doc);
  sqlite3_reset (stmt);

  /* The old file is still the dossier's, readable, with no component. */
  got = mc_test_request_full (&f->t, "GET", path, mc_test_login (&f->t, "spa"), NULL, NULL, NULL);
  g_assert_cmpuint (got->status, ==, 200);
  old = find_attachment (json_node_get_object (got->json), old_id);
  g_assert_cmpstr (json_object_get_string_member (old, "file_name"), ==, "Đơn cũ.pdf");
  g_assert_false (json_object_has_member (old, "component"));
  downloaded = download (f, "spa", old_id, NULL);
  g_assert_cmpuint (downloaded->status, ==, 200);
  g_assert_true (g_bytes_equal (downloaded->body, pdf));

  /* New files name their component. */
  put_components (f);
  added = upload (f, "spa", f->dossier, "?component=0", "To khai.pdf", NULL, after, NULL);
  g_assert_cmpuint (added->status, ==, 201);
  g_assert_cmpint (stored_component (f, json_object_get_string_member (attachment_of (added), "id")), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  mc_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/server/attachments/round-trip", test_round_trip);
  ADD ("/server/attachments/images", test_images);
  ADD ("/server/attachments/refused", test_refused);
  ADD ("/server/attachments/names", test_names);
  ADD ("/server/attachments/scope", test_scope);
  ADD ("/server/attachments/feed", test_feed);
  ADD ("/server/attachments/corrupt", test_corrupt);
  ADD ("/server/attachments/component", test_component);
  ADD ("/server/attachments/component-migration", test_component_migration);
#undef ADD

  return g_test_run ();
}
