/* check_formats.c: word-processor formats (DOCX, ODT, HTML, RTF, DOC) through
 * ingest/extract.h: the corpus files give the passages of their text
 * records; broken, hostile and oddly encoded files give the right verdict
 * and a reason; a table cell of a DOCX is found by `puebla search`. */
#include <archive.h>
#include <archive_entry.h>
#include "scratch.h"

#include <check.h>
#include <json-glib/json-glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doctext.h"
#include "extract.h"
#include "filter.h"
#include "segment.h"
#include "textclean.h"
#include "zip.h"

static gboolean
verbose (void)
{
  return g_getenv ("PUEBLA_TEST_VERBOSE") != NULL;
}

static PueblaPassage *
passage (const PueblaRecord *r, guint i)
{
  return g_ptr_array_index (r->passages, i);
}

/* ---- Agreement with the text records ------------------------------------------ */

/* A passage as compared: its kind, its text with white space squeezed, and
   for rows each cell as "name=text", squeezed. */
static gchar *
passage_key (const PueblaPassage *p)
{
  g_autofree gchar *text = puebla_text_squeeze_spaces (p->text);
  GString *key = g_string_new (NULL);
  g_string_append_printf (key, "%s|%s", p->kind, text);
  for (guint c = 0; p->cells && c < p->cells->len; c++)
    {
      const PueblaCell *cell = g_ptr_array_index (p->cells, c);
      g_autofree gchar *name = puebla_text_squeeze_spaces (cell->name);
      g_autofree gchar *t = puebla_text_squeeze_spaces (cell->text);
      g_string_append_printf (key, "|%s=%s", name, t);
    }
  return g_string_free (key, FALSE);
}

typedef struct
{
  guint passages_same, passages_total;
  guint cells_same, cells_total;
} Agreement;

/* The passages of GOT against those of WANT (the text record): the longest
   common subsequence of equal passages, over the larger count; and the
   cells of the rows, row by row in order, each cell of WANT against the
   cell of the same column name in GOT, over WANT's cells. */
static Agreement
compare_passages (const PueblaRecord *want, const PueblaRecord *got, const gchar *name)
{
  Agreement a = { 0 };
  guint n = want->passages->len, m = got->passages->len;
  g_autoptr (GPtrArray) kw = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) kg = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (kw, passage_key (passage (want, i)));
  for (guint j = 0; j < m; j++)
    g_ptr_array_add (kg, passage_key (passage (got, j)));

  /* LCS table, (n + 1) × (m + 1) */
  g_autofree guint *t = g_new0 (guint, (n + 1) * (m + 1));
#define T(i, j) t[(i) * (m + 1) + (j)]
  for (guint i = n; i-- > 0;)
    for (guint j = m; j-- > 0;)
      T (i, j) = g_str_equal (kw->pdata[i], kg->pdata[j]) ? T (i + 1, j + 1) + 1 : MAX (T (i + 1, j), T (i, j + 1));
  a.passages_same = T (0, 0);
  a.passages_total = MAX (n, m);
  if (verbose ())
    for (guint i = 0, j = 0; i < n || j < m;)
      {
        if (i < n && j < m && g_str_equal (kw->pdata[i], kg->pdata[j]))
          i++, j++;
        else if (j >= m || (i < n && T (i + 1, j) >= T (i, j + 1)))
          fprintf (stderr, "  %s: only in text: %.300s\n", name, (gchar *) kw->pdata[i++]);
        else
          fprintf (stderr, "  %s: only in file: %.300s\n", name, (gchar *) kg->pdata[j++]);
      }
#undef T

  g_autoptr (GPtrArray) rows_w = g_ptr_array_new (), rows_g = g_ptr_array_new ();
  for (guint i = 0; i < n; i++)
    if (passage (want, i)->cells)
      g_ptr_array_add (rows_w, passage (want, i));
  for (guint j = 0; j < m; j++)
    if (passage (got, j)->cells)
      g_ptr_array_add (rows_g, passage (got, j));
  for (guint r = 0; r < rows_w->len; r++)
    {
      const PueblaPassage *pw = g_ptr_array_index (rows_w, r);
      const PueblaPassage *pg = r < rows_g->len ? g_ptr_array_index (rows_g, r) : NULL;
      for (guint c = 0; c < pw->cells->len; c++)
        {
          const PueblaCell *cw = g_ptr_array_index (pw->cells, c);
          const gchar *tg = pg ? puebla_passage_get_cell (pg, cw->name) : NULL;
          g_autofree gchar *sw = puebla_text_squeeze_spaces (cw->text);
          g_autofree gchar *sg = tg ? puebla_text_squeeze_spaces (tg) : NULL;
          a.cells_total++;
          if (g_strcmp0 (sw, sg) == 0)
            a.cells_same++;
          else if (verbose ())
            fprintf (stderr, "  %s: row %u cell %s:\n    text: %.200s\n    file: %.200s\n", name, r + 1, cw->name, sw,
                     sg ? sg : "(none)");
        }
    }
  return a;
}

static const gchar *const format_files[] = {
  "crm-2003-05-informe-presidencia-pro-tempore.docx",
  "crm-2003-05-red-proteccion-consular-plan-de-trabajo.docx",
  "crm-2006-11-plan-de-accion.docx",
  "crm-2008-05-red-trata-plan-de-accion.docx",
  "grcm-2004-12-panama-conclusiones.docx",
  "crm-2006-11-plan-de-accion.odt",
  "grcm-2004-12-panama-conclusiones.odt",
  "crm-2006-11-plan-de-accion.html",
  "grcm-2004-12-panama-conclusiones.html",
  "crm-2006-11-plan-de-accion.rtf",
  "crm-2006-11-plan-de-accion.doc",
  "grcm-2004-12-panama-conclusiones.doc",
};

START_TEST (format_matches_text_record)
{
  const gchar *file = format_files[_i];
  g_autofree gchar *path = g_build_filename (PUEBLA_CORPUS_DIR, "formats", file, NULL);
  g_autofree gchar *stem = g_strndup (file, strrchr (file, '.') - file);
  g_autofree gchar *txt_name = g_strconcat (stem, ".txt", NULL);
  g_autofree gchar *txt = g_build_filename (PUEBLA_CORPUS_DIR, "records", txt_name, NULL);
  g_autoptr (PueblaRecord) want = puebla_extract_file (txt, NULL);
  g_autoptr (PueblaRecord) got = puebla_extract_file (path, NULL);
  ck_assert_msg (got->verdict == PUEBLA_VERDICT_OK, "%s: %s", file, got->reason);
  ck_assert_uint_eq (got->page_count, 0);
  ck_assert_uint_eq (got->pages->len, 1);
  Agreement a = compare_passages (want, got, file);
  fprintf (stderr, "agreement %-58s passages %3u/%-3u cells %3u/%-3u\n", file, a.passages_same, a.passages_total,
           a.cells_same, a.cells_total);
  ck_assert_msg (g_strcmp0 (got->title, want->title) == 0, "title %s vs %s", got->title, want->title);
  ck_assert_uint_eq (a.passages_same, a.passages_total);
  ck_assert_uint_eq (a.cells_same, a.cells_total);
}
END_TEST

/* ---- Generated files ------------------------------------------------------------ */

static gchar *scratch;

static void
make_scratch (void)
{
  scratch = puebla_test_scratch_new ("formats");
}

static void
remove_scratch (void)
{
  puebla_test_scratch_remove (scratch);
  g_clear_pointer (&scratch, g_free);
}

static gchar *
scratch_path (const gchar *name)
{
  return g_build_filename (scratch, name, NULL);
}

static void
write_file (const gchar *path, const gchar *data, gssize len)
{
  g_autoptr (GError) error = NULL;
  ck_assert_msg (g_file_set_contents (path, data, len, &error), "%s", error ? error->message : "");
}

/* A zip member to write: its name and content (LEN -1: a string). */
typedef struct
{
  const gchar *name;
  const gchar *data;
  gssize len;
} Member;

/* Writes a zip of MEMBERS (up to a NULL name), deflated, with libarchive. */
static void
write_zip (const gchar *path, const Member *members)
{
  struct archive *a = archive_write_new ();
  ck_assert_int_eq (archive_write_set_format_zip (a), ARCHIVE_OK);
  ck_assert_int_eq (archive_write_open_filename (a, path), ARCHIVE_OK);
  for (const Member *m = members; m->name; m++)
    {
      gsize len = m->len < 0 ? strlen (m->data) : (gsize) m->len;
      struct archive_entry *e = archive_entry_new ();
      archive_entry_set_pathname (e, m->name);
      archive_entry_set_filetype (e, AE_IFREG);
      archive_entry_set_perm (e, 0644);
      archive_entry_set_size (e, (la_int64_t) len);
      ck_assert_int_eq (archive_write_header (a, e), ARCHIVE_OK);
      ck_assert_int_eq (archive_write_data (a, m->data, len), (la_ssize_t) len);
      archive_entry_free (e);
    }
  ck_assert_int_eq (archive_write_close (a), ARCHIVE_OK);
  archive_write_free (a);
}

static const gchar content_types[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
  "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
  "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
  "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";

#define W_DOC_OPEN "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" \
  "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
#define W_DOC_CLOSE "</w:body></w:document>"

static void
write_docx (const gchar *path, const gchar *document_xml, const gchar *core_xml)
{
  Member members[] = {
    { "[Content_Types].xml", content_types, -1 },
    { "word/document.xml", document_xml, -1 },
    { core_xml ? "docProps/core.xml" : NULL, core_xml, -1 },
    { NULL, NULL, 0 },
  };
  write_zip (path, members);
}

/* Fails unless R has VERDICT and a reason holding WORDS. */
static void
assert_verdict (const PueblaRecord *r, PueblaVerdict verdict, const gchar *words)
{
  ck_assert_msg (r->verdict == verdict, "%s: verdict %s (%s), not %s", r->path, puebla_verdict_to_string (r->verdict),
                 r->reason, puebla_verdict_to_string (verdict));
  ck_assert_msg (r->reason && strstr (r->reason, words), "%s: reason '%s' does not say '%s'", r->path, r->reason,
                 words);
  ck_assert_uint_eq (r->pages->len, 0);
}

/* The passage of R whose text starts with START, or NULL. */
static const PueblaPassage *
find_passage (const PueblaRecord *r, const gchar *start)
{
  for (guint i = 0; i < r->passages->len; i++)
    if (g_str_has_prefix (passage (r, i)->text, start))
      return passage (r, i);
  return NULL;
}

/* A DOCX of our own: prose before and after a table with merged cells,
   tabs, breaks, a heading style, a deleted run and a field instruction. */
START_TEST (docx_structure)
{
  g_autofree gchar *path = scratch_path ("plan.docx");
  write_docx (path,
              W_DOC_OPEN
              "<w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr><w:r><w:t>PLAN DE TRABAJO DE LA RED</w:t></w:r></w:p>"
              "<w:p><w:r><w:t xml:space=\"preserve\">Aprobado en </w:t></w:r><w:r><w:t>Tegucigalpa.</w:t></w:r>"
              "<w:del><w:r><w:delText>BORRADO</w:delText></w:r></w:del>"
              "<w:r><w:instrText> PAGE </w:instrText></w:r></w:p>"
              "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
              "<w:tr><w:tc><w:p><w:r><w:t>TEMA</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>META</w:t></w:r></w:p></w:tc>"
              "<w:tc><w:p><w:r><w:t>ESTADO</w:t></w:r></w:p></w:tc></w:tr>"
              "<w:tr><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr><w:p><w:r><w:t>RETORNO</w:t></w:r></w:p></w:tc>"
              "<w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr><w:p><w:r><w:t>Capacitar</w:t><w:tab/><w:t>a cónsules</w:t>"
              "<w:br/><w:t>en marzo</w:t></w:r></w:p></w:tc></w:tr>"
              "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>Retorno digno</w:t></w:r></w:p></w:tc>"
              "<w:tc><w:p><w:r><w:t>CONTINUO</w:t></w:r></w:p></w:tc></w:tr>"
              "</w:tbl>"
              "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>Observaciones</w:t></w:r></w:p>"
              "<w:p><w:r><w:t>La red se reunirá de nuevo en mayo.</w:t></w:r></w:p>" W_DOC_CLOSE,
              "<?xml version=\"1.0\"?><cp:coreProperties "
              "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
              "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\">"
              "<dc:title>Plan de trabajo 2009</dc:title><dcterms:created>2009-03-02T10:00:00Z</dcterms:created>"
              "<dcterms:modified>2009-03-05</dcterms:modified></cp:coreProperties>");
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  ck_assert_msg (r->verdict == PUEBLA_VERDICT_OK, "%s", r->reason);
  /* libarchive's zips are "application/zip" to libmagic: found by their members */
  ck_assert_str_eq (r->mime_type, "application/zip");
  ck_assert_str_eq (r->title, "PLAN DE TRABAJO DE LA RED"); /* the text's heading over the metadata's */
  ck_assert_str_eq (r->created, "2009-03-02T10:00:00Z");
  ck_assert_str_eq (r->modified, "2009-03-05");
  const gchar *text = ((PueblaPage *) g_ptr_array_index (r->pages, 0))->text;
  ck_assert_ptr_null (strstr (text, "BORRADO"));
  ck_assert_ptr_null (strstr (text, "PAGE"));
  ck_assert_ptr_nonnull (strstr (text, "Aprobado en Tegucigalpa.\n"));
  ck_assert_ptr_nonnull (strstr (text, "\tCapacitar\ta cónsules\nen marzo\n"));

  /* the rows: the merge keeps the columns in line */
  ck_assert_uint_eq (r->table_rows->len, 3);
  const PueblaTableRow *head = g_ptr_array_index (r->table_rows, 0);
  ck_assert (head->header);
  const PueblaTableRow *row1 = g_ptr_array_index (r->table_rows, 1);
  ck_assert (!row1->header);
  ck_assert_uint_eq (row1->cells->len, 3);
  ck_assert_str_eq (g_ptr_array_index (row1->cells, 1), "Capacitar\ta cónsules\nen marzo");
  ck_assert_str_eq (g_ptr_array_index (row1->cells, 2), "");

  /* the passages: prose before, the rows, prose after: nothing lost */
  const PueblaPassage *before = find_passage (r, "Aprobado en Tegucigalpa.");
  const PueblaPassage *row = find_passage (r, "RETORNO");
  const PueblaPassage *row2 = find_passage (r, "Retorno digno");
  const PueblaPassage *after = find_passage (r, "La red se reunirá");
  ck_assert_ptr_nonnull (before);
  ck_assert_ptr_nonnull (row);
  ck_assert_ptr_nonnull (row2);
  ck_assert_ptr_nonnull (after);
  ck_assert_ptr_nonnull (find_passage (r, "Observaciones"));
  ck_assert_uint_lt (before->ordinal, row->ordinal);
  ck_assert_uint_lt (row2->ordinal, after->ordinal);
  ck_assert_str_eq (row->kind, "row");
  ck_assert_str_eq (puebla_passage_get_cell (row, "META"), "Capacitar\ta cónsules\nen marzo");
  ck_assert_str_eq (puebla_passage_get_cell (row2, "TEMA"), "");       /* under the vertical merge */
  ck_assert_str_eq (puebla_passage_get_cell (row2, "ESTADO"), "CONTINUO");
  ck_assert_str_eq (row2->section, "RETORNO › Retorno digno");          /* the theme carries down */
  ck_assert_str_eq (after->kind, "paragraph");
}
END_TEST

START_TEST (docx_truncated_is_corrupt)
{
  g_autofree gchar *src = g_build_filename (PUEBLA_CORPUS_DIR, "formats", "crm-2006-11-plan-de-accion.docx", NULL);
  g_autofree gchar *data = NULL;
  gsize len = 0;
  ck_assert (g_file_get_contents (src, &data, &len, NULL));
  g_autofree gchar *path = scratch_path ("cortado.docx");
  write_file (path, data, 5000); /* in the middle of word/document.xml */
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  assert_verdict (r, PUEBLA_VERDICT_CORRUPT, "zip");
}
END_TEST

START_TEST (docx_without_document_is_corrupt)
{
  g_autofree gchar *path = scratch_path ("vacio.docx");
  Member members[] = {
    { "[Content_Types].xml", content_types, -1 },
    { "word/styles.xml", "<w:styles/>", -1 },
    { NULL, NULL, 0 },
  };
  write_zip (path, members);
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  assert_verdict (r, PUEBLA_VERDICT_CORRUPT, "no word/document.xml");
}
END_TEST

START_TEST (docx_malformed_xml_is_corrupt)
{
  g_autofree gchar *path = scratch_path ("roto.docx");
  write_docx (path, W_DOC_OPEN "<w:p><w:r><w:t>Sin cerrar</w:r></w:p>" W_DOC_CLOSE, NULL);
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  assert_verdict (r, PUEBLA_VERDICT_CORRUPT, "word/document.xml is not well-formed XML");
}
END_TEST

/* An entity that would expand a billion times ("billion laughs") is not
   expanded: the file is read, quickly, without the laughs. */
START_TEST (docx_entities_not_expanded)
{
  g_autofree gchar *path = scratch_path ("risas.docx");
  write_docx (path,
              "<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY a \"jajajajaja\">"
              "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
              "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
              "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\"><!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">"
              "<!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\"><!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
              "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
              "<w:p><w:r><w:t>Informe de la reunión &h; &x;</w:t></w:r></w:p>" W_DOC_CLOSE,
              NULL);
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  if (r->verdict == PUEBLA_VERDICT_OK)
    {
      const gchar *text = ((PueblaPage *) g_ptr_array_index (r->pages, 0))->text;
      ck_assert_ptr_nonnull (strstr (text, "Informe de la reunión"));
      ck_assert_ptr_null (strstr (text, "jaja"));
      ck_assert_ptr_null (strstr (text, "root:"));
    }
  else
    assert_verdict (r, PUEBLA_VERDICT_CORRUPT, "XML");

  /* one small entity: read, and not expanded either */
  g_autofree gchar *one = scratch_path ("risa.docx");
  write_docx (one,
              "<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY a \"jajajajaja\">]>"
              "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
              "<w:p><w:r><w:t>Informe de la reunión &a; fin</w:t></w:r></w:p>" W_DOC_CLOSE,
              NULL);
  g_autoptr (PueblaRecord) r1 = puebla_extract_file (one, NULL);
  ck_assert_msg (r1->verdict == PUEBLA_VERDICT_OK, "%s", r1->reason);
  const gchar *text = ((PueblaPage *) g_ptr_array_index (r1->pages, 0))->text;
  ck_assert_ptr_nonnull (strstr (text, "Informe de la reunión"));
  ck_assert_ptr_null (strstr (text, "jaja"));
}
END_TEST

/* A member that expands far beyond its compressed size: 20 MiB of one
   letter deflate to some 20 KiB, a ratio of 1000. */
START_TEST (docx_zip_bomb_is_refused)
{
  gsize n = 20 * 1024 * 1024;
  GString *xml = g_string_sized_new (n + 256);
  g_string_append (xml, W_DOC_OPEN "<w:p><w:r><w:t>");
  for (gsize i = 0; i < n; i++)
    g_string_append_c (xml, 'a');
  g_string_append (xml, "</w:t></w:r></w:p>" W_DOC_CLOSE);
  g_autofree gchar *path = scratch_path ("bomba.docx");
  write_docx (path, xml->str, NULL);
  g_string_free (xml, TRUE);
  GStatBuf st;
  ck_assert_int_eq (g_stat (path, &st), 0);
  ck_assert_int_lt (st.st_size, 200 * 1024);
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  assert_verdict (r, PUEBLA_VERDICT_TOO_LARGE, "compression bomb");
}
END_TEST

/* CRC-32 (IEEE), for the stored zip below. */
static guint32
crc32_of (const gchar *data, gsize len)
{
  guint32 crc = 0xFFFFFFFFu;
  for (gsize i = 0; i < len; i++)
    {
      crc ^= (guint8) data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
  return ~crc;
}

static void
put16 (GByteArray *b, guint v)
{
  guint8 x[2] = { v & 0xFF, (v >> 8) & 0xFF };
  g_byte_array_append (b, x, 2);
}

static void
put32 (GByteArray *b, guint32 v)
{
  guint8 x[4] = { v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF, (v >> 24) & 0xFF };
  g_byte_array_append (b, x, 4);
}

/* A stored zip whose members claim CLAIMED[i] bytes uncompressed (0: their
   true size), written by hand since no library writes a lie. */
static void
write_lying_zip (const gchar *path, const Member *members, const guint32 *claimed)
{
  GByteArray *zip = g_byte_array_new (), *cd = g_byte_array_new ();
  guint n = 0;
  for (const Member *m = members; m->name; m++, n++)
    {
      guint32 len = (guint32) strlen (m->data), crc = crc32_of (m->data, len);
      guint32 size = claimed[n] ? claimed[n] : len;
      guint32 offset = zip->len;
      put32 (zip, 0x04034b50);
      put16 (zip, 20), put16 (zip, 0), put16 (zip, 0), put16 (zip, 0), put16 (zip, 0x21);
      put32 (zip, crc), put32 (zip, len), put32 (zip, size);
      put16 (zip, (guint) strlen (m->name)), put16 (zip, 0);
      g_byte_array_append (zip, (const guint8 *) m->name, (guint) strlen (m->name));
      g_byte_array_append (zip, (const guint8 *) m->data, len);
      put32 (cd, 0x02014b50);
      put16 (cd, 20), put16 (cd, 20), put16 (cd, 0), put16 (cd, 0), put16 (cd, 0), put16 (cd, 0x21);
      put32 (cd, crc), put32 (cd, len), put32 (cd, size);
      put16 (cd, (guint) strlen (m->name)), put16 (cd, 0), put16 (cd, 0), put16 (cd, 0), put16 (cd, 0);
      put32 (cd, 0), put32 (cd, offset);
      g_byte_array_append (cd, (const guint8 *) m->name, (guint) strlen (m->name));
    }
  guint32 cd_offset = zip->len;
  g_byte_array_append (zip, cd->data, cd->len);
  put32 (zip, 0x06054b50);
  put16 (zip, 0), put16 (zip, 0), put16 (zip, n), put16 (zip, n);
  put32 (zip, cd->len), put32 (zip, cd_offset), put16 (zip, 0);
  write_file (path, (const gchar *) zip->data, zip->len);
  g_byte_array_unref (zip);
  g_byte_array_unref (cd);
}

/* A member whose headers claim 4 GiB is refused before it is read. */
START_TEST (docx_member_claiming_too_much_is_refused)
{
  g_autofree gchar *path = scratch_path ("miente.docx");
  Member members[] = {
    { "[Content_Types].xml", content_types, -1 },
    { "word/document.xml", W_DOC_OPEN "<w:p><w:r><w:t>hola</w:t></w:r></w:p>" W_DOC_CLOSE, -1 },
    { NULL, NULL, 0 },
  };
  const guint32 claimed[] = { 0, 0xFFFFFFF0u };
  write_lying_zip (path, members, claimed);
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  ck_assert_msg (r->verdict == PUEBLA_VERDICT_TOO_LARGE || r->verdict == PUEBLA_VERDICT_CORRUPT, "%s: %s",
                 puebla_verdict_to_string (r->verdict), r->reason);
  ck_assert_msg (strstr (r->reason, "word/document.xml"), "%s", r->reason);
}
END_TEST

START_TEST (zip_of_other_things_is_unsupported)
{
  g_autofree gchar *path = scratch_path ("fotos.zip");
  Member members[] = {
    { "leeme.txt", "fotos de la reunión", -1 },
    { "fotos/1.jpg", "\xff\xd8\xff\xe0", 4 },
    { NULL, NULL, 0 },
  };
  write_zip (path, members);
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  assert_verdict (r, PUEBLA_VERDICT_UNSUPPORTED, "zip");
}
END_TEST

/* ---- ODT of our own ---------------------------------------------------------------- */

#define ODT_OPEN "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content " \
  "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" " \
  "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" " \
  "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\"><office:body><office:text>"
#define ODT_CLOSE "</office:text></office:body></office:document-content>"

static void
write_odt (const gchar *path, const gchar *content, const gchar *manifest)
{
  Member members[] = {
    { "mimetype", "application/vnd.oasis.opendocument.text", -1 },
    { "content.xml", content, -1 },
    { manifest ? "META-INF/manifest.xml" : NULL, manifest, -1 },
    { NULL, NULL, 0 },
  };
  write_zip (path, members);
}

START_TEST (odt_structure)
{
  g_autofree gchar *path = scratch_path ("conclusiones.odt");
  write_odt (path,
             ODT_OPEN "<text:h text:outline-level=\"1\">CONCLUSIONES DEL GRUPO</text:h>"
             "<text:p>Reunión   en\nPanamá,<text:s text:c=\"2\"/>2004<text:tab/>final<text:line-break/>segunda línea"
             "<text:note><text:note-body><text:p>NOTA AL PIE</text:p></text:note-body></text:note></text:p>"
             "<table:table><table:table-column table:number-columns-repeated=\"3\"/>"
             "<table:table-row><table:table-cell><text:p>TEMA</text:p></table:table-cell>"
             "<table:table-cell><text:p>META</text:p></table:table-cell>"
             "<table:table-cell><text:p>ESTADO</text:p></table:table-cell></table:table-row>"
             "<table:table-row><table:table-cell table:number-columns-spanned=\"2\"><text:p>Ancha</text:p>"
             "</table:table-cell><table:covered-table-cell/>"
             "<table:table-cell><text:p>PENDIENTE</text:p></table:table-cell></table:table-row>"
             "</table:table><text:list><text:list-item><text:p>Después de la tabla.</text:p></text:list-item></text:list>"
             ODT_CLOSE,
             NULL);
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  ck_assert_msg (r->verdict == PUEBLA_VERDICT_OK, "%s", r->reason);
  const gchar *text = ((PueblaPage *) g_ptr_array_index (r->pages, 0))->text;
  ck_assert_msg (strstr (text, "CONCLUSIONES DEL GRUPO\nReunión en Panamá,  2004\tfinal\nsegunda línea\n"), "%s", text);
  ck_assert_ptr_null (strstr (text, "NOTA AL PIE"));
  ck_assert_uint_eq (r->table_rows->len, 2);
  const PueblaTableRow *row = g_ptr_array_index (r->table_rows, 1);
  ck_assert_uint_eq (row->cells->len, 3);
  ck_assert_str_eq (g_ptr_array_index (row->cells, 0), "Ancha");
  ck_assert_str_eq (g_ptr_array_index (row->cells, 1), "");
  ck_assert_str_eq (g_ptr_array_index (row->cells, 2), "PENDIENTE");
  const PueblaPassage *p = find_passage (r, "Ancha");
  ck_assert_ptr_nonnull (p);
  ck_assert_str_eq (puebla_passage_get_cell (p, "ESTADO"), "PENDIENTE");
  ck_assert_ptr_nonnull (find_passage (r, "Después de la tabla."));
}
END_TEST

START_TEST (odt_encrypted)
{
  g_autofree gchar *path = scratch_path ("secreto.odt");
  write_odt (path, "\x8f\x12\x01 not xml at all",
             "<?xml version=\"1.0\"?><manifest:manifest "
             "xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">"
             "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\">"
             "<manifest:encryption-data manifest:checksum-type=\"SHA1/1K\" manifest:checksum=\"x\">"
             "<manifest:algorithm manifest:algorithm-name=\"Blowfish CFB\" manifest:initialisation-vector=\"x\"/>"
             "</manifest:encryption-data></manifest:file-entry></manifest:manifest>");
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  assert_verdict (r, PUEBLA_VERDICT_ENCRYPTED, "password");
}
END_TEST

START_TEST (odt_malformed_is_corrupt)
{
  g_autofree gchar *path = scratch_path ("roto.odt");
  write_odt (path, ODT_OPEN "<text:p>sin cerrar" ODT_CLOSE, NULL);
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  assert_verdict (r, PUEBLA_VERDICT_CORRUPT, "content.xml is not well-formed XML");
}
END_TEST

/* ---- HTML of our own ----------------------------------------------------------------- */

START_TEST (html_windows1252_meta_charset)
{
  g_autofree gchar *path = scratch_path ("informe.html");
  write_file (path,
              "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">"
              "<title>Informe de la Presidencia</title><style>p { color: red }</style>"
              "<script>var x = \"no es texto\";</script></head>"
              "<body><h1>INFORME DE LA PRESIDENCIA PRO-T\xc9MPORE</h1>"
              "<p>La reuni\xf3n sobre \x93migraci\xf3n segura\x94\n   se celebr\xf3 en Panam\xe1.</p>"
              "<p>Primera l\xednea<br>segunda l\xednea</p></body></html>",
              -1);
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  ck_assert_msg (r->verdict == PUEBLA_VERDICT_OK, "%s", r->reason);
  ck_assert_str_eq (r->mime_type, "text/html");
  ck_assert_str_eq (r->charset, "WINDOWS-1252");
  ck_assert_str_eq (r->title, "INFORME DE LA PRESIDENCIA PRO-TÉMPORE");
  const gchar *text = ((PueblaPage *) g_ptr_array_index (r->pages, 0))->text;
  ck_assert_ptr_nonnull (strstr (text, "La reunión sobre “migración segura” se celebró en Panamá.\n"));
  ck_assert_ptr_nonnull (strstr (text, "Primera línea\nsegunda línea"));
  ck_assert_ptr_null (strstr (text, "no es texto"));
  ck_assert_ptr_null (strstr (text, "color"));
}
END_TEST

START_TEST (html_latin1_without_charset)
{
  g_autofree gchar *path = scratch_path ("tabla.htm");
  write_file (path,
              "<html><body><p>Conclusiones de la reuni\xf3n en Panam\xe1</p>"
              "<table><tr><th>TEMA</th><th>ACCI\xd3N</th><th>ESTADO</th></tr>"
              "<tr><td rowspan=\"2\">Protecci\xf3n consular</td><td colspan=\"2\">Capacitar a los c\xf3nsules</td></tr>"
              "<tr><td>Retorno digno</td><td>CONTINUO</td></tr></table>"
              "<p>Fin del acta.</p></body></html>",
              -1);
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  ck_assert_msg (r->verdict == PUEBLA_VERDICT_OK, "%s", r->reason);
  ck_assert_str_eq (r->charset, "ISO-8859-1");
  const gchar *text = ((PueblaPage *) g_ptr_array_index (r->pages, 0))->text;
  ck_assert_ptr_nonnull (strstr (text, "Conclusiones de la reunión en Panamá\n"));
  ck_assert_uint_eq (r->table_rows->len, 3);
  const PueblaPassage *row1 = find_passage (r, "Protección consular");
  const PueblaPassage *row2 = find_passage (r, "Retorno digno");
  ck_assert_ptr_nonnull (row1);
  ck_assert_ptr_nonnull (row2);
  ck_assert_str_eq (puebla_passage_get_cell (row1, "ACCIÓN"), "Capacitar a los cónsules");
  ck_assert_str_eq (puebla_passage_get_cell (row1, "ESTADO"), "");
  ck_assert_str_eq (puebla_passage_get_cell (row2, "TEMA"), ""); /* under the rowspan */
  ck_assert_str_eq (puebla_passage_get_cell (row2, "ACCIÓN"), "Retorno digno");
  ck_assert_str_eq (puebla_passage_get_cell (row2, "ESTADO"), "CONTINUO");
  ck_assert_ptr_nonnull (find_passage (r, "Fin del acta."));
}
END_TEST

START_TEST (html_without_text_is_empty)
{
  g_autofree gchar *path = scratch_path ("vacia.html");
  write_file (path, "<!DOCTYPE html><html><head><title>Nada</title><script>x()</script></head><body> </body></html>", -1);
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  assert_verdict (r, PUEBLA_VERDICT_EMPTY, "no text");
}
END_TEST

/* ---- RTF and DOC of our own, and the filter ------------------------------------------- */

START_TEST (rtf_table_and_dates)
{
  g_autofree gchar *path = scratch_path ("plan.rtf");
  write_file (path,
              "{\\rtf1\\ansi\\ansicpg1252 {\\info{\\title Plan de trabajo}{\\creatim\\yr2005\\mo3\\dy4\\hr10\\min30}}"
              "Plan de trabajo de la red\\par\n"
              "\\trowd\\cellx2000\\cellx4000\\pard\\intbl TEMA\\cell\\pard\\intbl ESTADO\\cell\\row\n"
              "\\trowd\\cellx2000\\cellx4000\\pard\\intbl Protecci\\'f3n consular\\cell\\pard\\intbl CONTINUO\\cell\\row\n"
              "\\pard\\plain Fin del plan.\\par}",
              -1);
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  ck_assert_msg (r->verdict == PUEBLA_VERDICT_OK, "%s", r->reason);
  ck_assert_str_eq (r->mime_type, "text/rtf");
  ck_assert_str_eq (r->created, "2005-03-04T10:30:00Z");
  const PueblaPassage *row = find_passage (r, "Protección consular");
  ck_assert_ptr_nonnull (row);
  ck_assert_str_eq (row->kind, "row");
  ck_assert_str_eq (puebla_passage_get_cell (row, "ESTADO"), "CONTINUO");
  /* unrtf keeps a paragraph right after a table in a row of its own (see
     docs/formats.md), but keeps it */
  gboolean found = FALSE;
  for (guint i = 0; i < r->passages->len; i++)
    found |= strstr (passage (r, i)->text, "Fin del plan.") != NULL;
  ck_assert (found);
}
END_TEST

/* unrtf is lenient: unclosed groups still give their text. */
START_TEST (rtf_unclosed_groups)
{
  g_autofree gchar *path = scratch_path ("roto.rtf");
  write_file (path, "{\\rtf1\\ansi Informe de la reuni\\'f3n {\\b sin cerrar", -1);
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  ck_assert_msg (r->verdict == PUEBLA_VERDICT_OK, "%s", r->reason);
  const gchar *text = ((PueblaPage *) g_ptr_array_index (r->pages, 0))->text;
  ck_assert_ptr_nonnull (strstr (text, "Informe de la reunión sin cerrar"));
}
END_TEST

START_TEST (rtf_without_text_is_empty)
{
  g_autofree gchar *path = scratch_path ("vacio.rtf");
  write_file (path, "{\\rtf1\\ansi {\\fonttbl{\\f0 Arial;}}\\par\\par }", -1);
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  assert_verdict (r, PUEBLA_VERDICT_EMPTY, "no text");
}
END_TEST

static gchar *
corpus_bytes (const gchar *name, gsize *len)
{
  g_autofree gchar *path = g_build_filename (PUEBLA_CORPUS_DIR, "formats", name, NULL);
  gchar *data = NULL;
  ck_assert (g_file_get_contents (path, &data, len, NULL));
  return data;
}

START_TEST (doc_garbage_is_unsupported)
{
  g_autofree gchar *path = scratch_path ("basura.doc");
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  gchar bytes[8192];
  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (gchar) g_rand_int_range (rand, 0, 256);
  write_file (path, bytes, sizeof bytes);
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  assert_verdict (r, PUEBLA_VERDICT_UNSUPPORTED, "binary");
}
END_TEST

/* A Word file whose sectors were wiped: antiword says so. */
START_TEST (doc_damaged_is_corrupt)
{
  gsize len = 0;
  g_autofree gchar *data = corpus_bytes ("grcm-2004-12-panama-conclusiones.doc", &len);
  memset (data + 512, 0, 30000 - 512);
  g_autofree gchar *path = scratch_path ("dañado.doc");
  write_file (path, data, (gssize) len);
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  assert_verdict (r, PUEBLA_VERDICT_CORRUPT, "antiword");
}
END_TEST

/* Cut short, an OLE2 file loses its directory (at its end): nothing says
   it was Word any more. */
START_TEST (doc_truncated_is_refused)
{
  gsize len = 0;
  g_autofree gchar *data = corpus_bytes ("grcm-2004-12-panama-conclusiones.doc", &len);
  g_autofree gchar *path = scratch_path ("cortado.doc");
  write_file (path, data, (gssize) len / 2);
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  ck_assert_msg (r->verdict == PUEBLA_VERDICT_UNSUPPORTED || r->verdict == PUEBLA_VERDICT_CORRUPT, "%s: %s",
                 puebla_verdict_to_string (r->verdict), r->reason);
  ck_assert_msg (strstr (r->reason, "Word"), "%s", r->reason);
}
END_TEST

/* The fEncrypted bit of the Word file's FIB set (the FIB opens the
   WordDocument stream, at a sector boundary, with 0xA5EC). */
START_TEST (doc_encrypted)
{
  gsize len = 0;
  g_autofree gchar *data = corpus_bytes ("grcm-2004-12-panama-conclusiones.doc", &len);
  gsize fib = 0;
  for (gsize off = 512; off + 512 <= len && fib == 0; off += 512)
    if ((guint8) data[off] == 0xEC && (guint8) data[off + 1] == 0xA5)
      fib = off;
  ck_assert_uint_ne (fib, 0);
  data[fib + 0x0B] |= 0x01;
  g_autofree gchar *path = scratch_path ("secreto.doc");
  write_file (path, data, (gssize) len);
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  assert_verdict (r, PUEBLA_VERDICT_ENCRYPTED, "password");
}
END_TEST

START_TEST (filter_timeout)
{
  static const gchar *const argv[] = { "sleep", "20", NULL };
  PueblaFilterLimits limits = { .timeout_ms = 300 };
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr (PueblaFilterOutput) out = puebla_filter_run (argv, "x", 1, NULL, &limits, &error);
  ck_assert_ptr_null (out);
  ck_assert (g_error_matches (error, PUEBLA_FILTER_ERROR, PUEBLA_FILTER_ERROR_TIMEOUT));
  ck_assert_ptr_nonnull (strstr (error->message, "sleep"));
  ck_assert_int_lt (g_get_monotonic_time () - start, 5 * G_USEC_PER_SEC);
}
END_TEST

START_TEST (filter_output_budget)
{
  static const gchar *const argv[] = { "cat", "{}", NULL };
  gchar big[10000];
  memset (big, 'x', sizeof big);
  PueblaFilterLimits limits = { .max_output = 1000 };
  g_autoptr (GError) error = NULL;
  g_autoptr (PueblaFilterOutput) out = puebla_filter_run (argv, big, sizeof big, ".txt", &limits, &error);
  ck_assert_ptr_null (out);
  ck_assert (g_error_matches (error, PUEBLA_FILTER_ERROR, PUEBLA_FILTER_ERROR_TOO_LARGE));

  /* within the budget: the bytes come back whole, through the file */
  g_clear_error (&error);
  g_autoptr (PueblaFilterOutput) ok = puebla_filter_run (argv, big, 500, ".txt", &limits, &error);
  ck_assert_ptr_nonnull (ok);
  ck_assert_uint_eq (ok->out_len, 500);
}
END_TEST

START_TEST (filter_missing_program)
{
  static const gchar *const argv[] = { "puebla-no-such-converter", "{}", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (PueblaFilterOutput) out = puebla_filter_run (argv, "x", 1, NULL, NULL, &error);
  ck_assert_ptr_null (out);
  ck_assert (g_error_matches (error, PUEBLA_FILTER_ERROR, PUEBLA_FILTER_ERROR_NOT_FOUND));
}
END_TEST

/* ---- End to end ---------------------------------------------------------------------------- */

/* `puebla ingest` of corpus/formats, then `puebla search` finds a phrase
   of a DOCX table cell, with its row. */
START_TEST (ingest_and_search_docx_cell)
{
  g_autofree gchar *db = scratch_path ("db");
  g_autofree gchar *db_arg = g_strdup_printf ("--db=%s", db);
  const gchar *ingest[] = { PUEBLA_BINARY, "ingest", db_arg, PUEBLA_CORPUS_DIR "/formats", NULL };
  g_autofree gchar *out = NULL, *err = NULL;
  gint status = 0;
  ck_assert (g_spawn_sync (NULL, (gchar **) ingest, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, NULL));
  ck_assert_msg (g_spawn_check_wait_status (status, NULL), "ingest: %s", err);
  ck_assert_msg (strstr (out, "failed 0"), "%s\n%s", out, err);

  const gchar *search[] = { PUEBLA_BINARY, "search", db_arg, "--json", "--limit", "20",
                            "\"matriz de visado en la OCAM\"", NULL };
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  ck_assert (g_spawn_sync (NULL, (gchar **) search, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, NULL));
  ck_assert_msg (g_spawn_check_wait_status (status, NULL), "search: %s", err);
  g_autoptr (JsonParser) parser = json_parser_new ();
  ck_assert_msg (json_parser_load_from_data (parser, out, -1, NULL), "%s", out);
  JsonArray *results = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "results");
  gboolean found = FALSE;
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *hit = json_array_get_object_element (results, i);
      if (!g_str_has_suffix (json_object_get_string_member (hit, "path"),
                             "crm-2003-05-red-proteccion-consular-plan-de-trabajo.docx"))
        continue;
      JsonObject *p = json_object_get_object_member (hit, "passage");
      ck_assert_str_eq (json_object_get_string_member (p, "kind"), "row");
      ck_assert_ptr_nonnull (strstr (json_object_get_string_member (p, "text"), "matriz de visado en la OCAM"));
      ck_assert (json_object_has_member (p, "cells"));
      found = TRUE;
    }
  ck_assert_msg (found, "no DOCX row in %s", out);
}
END_TEST

static Suite *
formats_suite (void)
{
  Suite *s = suite_create ("formats");
  TCase *tc = tcase_create ("corpus");
  tcase_set_timeout (tc, 120);
  tcase_add_loop_test (tc, format_matches_text_record, 0, G_N_ELEMENTS (format_files));
  suite_add_tcase (s, tc);

  tc = tcase_create ("generated");
  tcase_set_timeout (tc, 60);
  tcase_add_checked_fixture (tc, make_scratch, remove_scratch);
  tcase_add_test (tc, docx_structure);
  tcase_add_test (tc, docx_truncated_is_corrupt);
  tcase_add_test (tc, docx_without_document_is_corrupt);
  tcase_add_test (tc, docx_malformed_xml_is_corrupt);
  tcase_add_test (tc, docx_entities_not_expanded);
  tcase_add_test (tc, docx_zip_bomb_is_refused);
  tcase_add_test (tc, docx_member_claiming_too_much_is_refused);
  tcase_add_test (tc, zip_of_other_things_is_unsupported);
  tcase_add_test (tc, odt_structure);
  tcase_add_test (tc, odt_encrypted);
  tcase_add_test (tc, odt_malformed_is_corrupt);
  tcase_add_test (tc, html_windows1252_meta_charset);
  tcase_add_test (tc, html_latin1_without_charset);
  tcase_add_test (tc, html_without_text_is_empty);
  tcase_add_test (tc, rtf_table_and_dates);
  tcase_add_test (tc, rtf_unclosed_groups);
  tcase_add_test (tc, rtf_without_text_is_empty);
  tcase_add_test (tc, doc_garbage_is_unsupported);
  tcase_add_test (tc, doc_damaged_is_corrupt);
  tcase_add_test (tc, doc_truncated_is_refused);
  tcase_add_test (tc, doc_encrypted);
  tcase_add_test (tc, filter_timeout);
  tcase_add_test (tc, filter_output_budget);
  tcase_add_test (tc, filter_missing_program);
  suite_add_tcase (s, tc);

  tc = tcase_create ("cli");
  tcase_set_timeout (tc, 120);
  tcase_add_checked_fixture (tc, make_scratch, remove_scratch);
  tcase_add_test (tc, ingest_and_search_docx_cell);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  SRunner *sr = srunner_create (formats_suite ());
  srunner_run_all (sr, CK_NORMAL);
  int failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
