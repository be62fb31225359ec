/* check_extract.c: one file in, one record out (ingest/extract.h) — on the
 * corpus PDFs and texts, on PDFs the test draws with cairo, and on broken
 * files. */
#include <cairo-pdf.h>
#include "scratch.h"

#include <check.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "extract.h"
#include "jsonout.h"
#include "textclean.h"

/* The number of the first page of RECORD holding PHRASE (white space
   squeezed), or 0. */
static guint
page_of (const PueblaRecord *record, const gchar *phrase)
{
  g_autofree gchar *want = puebla_text_squeeze_spaces (phrase);
  for (guint i = 0; i < record->pages->len; i++)
    {
      const PueblaPage *page = g_ptr_array_index (record->pages, i);
      g_autofree gchar *text = puebla_text_squeeze_spaces (page->text);
      if (strstr (text, want))
        return page->number;
    }
  return 0;
}

static gchar *
corpus_file (const gchar *dir, const gchar *name)
{
  return g_build_filename (PUEBLA_CORPUS_DIR, dir, name, NULL);
}

/* ---- Corpus PDFs ------------------------------------------------------------- */

static const struct
{
  const gchar *file;
  const gchar *phrase;
  guint page;
  guint pages;
} pdf_phrases[] = {
  { "grcm-2004-12-panama-conclusiones.pdf", "Ciudad de Panamá, Panamá, 2 y 3 de diciembre de 2004", 1, 3 },
  { "grcm-2004-12-panama-conclusiones.pdf", "manual de capacitación sobre gestión migratoria", 2, 3 },
  { "grcm-2004-12-panama-conclusiones.pdf", "Sector Privado y Migración", 3, 3 },
  { "grcm-2004-12-panama-conclusiones.pdf", "Roberto Kozak", 3, 3 },
  { "crm-2003-05-informe-presidencia-pro-tempore.pdf", "CEPAL/CELADE", 2, 7 },
  { "crm-2003-05-informe-presidencia-pro-tempore.pdf", "Taller para desarrollar un plan de trabajo regional", 4, 7 },
  { "crm-2003-05-informe-presidencia-pro-tempore.pdf", "Proyecto SIEMCA", 6, 7 },
  { "crm-2006-11-plan-de-accion.pdf", "POLÍTICAS Y GESTIÓN", 1, 15 },
  { "crm-2006-11-plan-de-accion.pdf", "DERECHOS HUMANOS (continuación)", 11, 15 },
  { "crm-2006-11-plan-de-accion.pdf", "COOPERACIÓN Fronteriza", 15, 15 },
  { "crm-2008-05-red-trata-plan-de-accion.pdf", "NIÑOS, NIÑAS Y ADOLESCENTES", 3, 3 },
  { "crm-2003-05-red-proteccion-consular-plan-de-trabajo.pdf", "Cancún, México, 26-30 Mayo de 2003", 1, 3 },
};

START_TEST (pdf_phrase_on_its_page)
{
  g_autofree gchar *path = corpus_file ("pdf", pdf_phrases[_i].file);
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  ck_assert_msg (r->verdict == PUEBLA_VERDICT_OK, "%s: %s", path, r->reason);
  ck_assert_str_eq (r->mime_type, "application/pdf");
  ck_assert_uint_eq (r->page_count, pdf_phrases[_i].pages);
  ck_assert_uint_eq (r->pages->len, pdf_phrases[_i].pages);
  ck_assert_uint_eq (page_of (r, pdf_phrases[_i].phrase), pdf_phrases[_i].page);
}
END_TEST

/* The PDF and the text of a record get the same title. */
START_TEST (pdf_and_text_titles_agree)
{
  g_autoptr (GDir) dir = g_dir_open (PUEBLA_CORPUS_DIR "/records", 0, NULL);
  ck_assert_ptr_nonnull (dir);
  const gchar *name;
  guint compared = 0;
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree gchar *txt = corpus_file ("records", name);
      g_autofree gchar *stem = g_strndup (name, strlen (name) - strlen (".txt"));
      g_autofree gchar *pdf_name = g_strconcat (stem, ".pdf", NULL);
      g_autofree gchar *pdf = corpus_file ("pdf", pdf_name);
      g_autoptr (PueblaRecord) a = puebla_extract_file (txt, NULL);
      g_autoptr (PueblaRecord) b = puebla_extract_file (pdf, NULL);
      ck_assert_msg (g_strcmp0 (a->title, b->title) == 0, "%s: '%s' vs '%s'", stem, a->title, b->title);
      compared++;
    }
  ck_assert_uint_eq (compared, 5);
}
END_TEST

START_TEST (text_record_is_one_unpaged_page)
{
  g_autofree gchar *path = corpus_file ("records", "grcm-2004-12-panama-conclusiones.txt");
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  ck_assert_int_eq (r->verdict, PUEBLA_VERDICT_OK);
  ck_assert_str_eq (r->mime_type, "text/plain");
  ck_assert_str_eq (r->charset, "UTF-8");
  ck_assert_uint_eq (r->page_count, 0);
  ck_assert_uint_eq (r->pages->len, 1);
  ck_assert_uint_eq (((PueblaPage *) g_ptr_array_index (r->pages, 0))->number, 0);
  ck_assert_str_eq (r->title, "REUNION DEL GRUPO REGIONAL DE CONSULTA SOBRE MIGRACIÓN (GRCM) DE LA CONFERENCIA "
                              "REGIONAL SOBRE MIGRACIÓN (CRM)");
  ck_assert_uint_eq (strlen (r->content_hash), 64);
  ck_assert_uint_eq (strlen (r->id), 16);
}
END_TEST

/* ---- Generated files ------------------------------------------------------------ */

static gchar *scratch;

static void
make_scratch (void)
{
  scratch = puebla_test_scratch_new ("extract");
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

/* Draws a PDF of N_PAGES pages; page i says "Página i: LINES[i-1]" unless
   TEXT is FALSE (then only a grey box: a page with no text layer). */
static void
draw_pdf (const gchar *path, const gchar *const *lines, guint n_pages, gboolean text, const gchar *meta_title)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  if (meta_title)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, meta_title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, "2004-12-02T10:30:00Z");
  cairo_t *cr = cairo_create (surface);
  for (guint i = 0; i < n_pages; i++)
    {
      if (text)
        {
          cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
          cairo_set_font_size (cr, 12);
          cairo_move_to (cr, 72, 100);
          cairo_show_text (cr, "INFORME DE LA PRESIDENCIA PRO-TÉMPORE");
          cairo_move_to (cr, 72, 140);
          g_autofree gchar *line = g_strdup_printf ("Página %u: %s", i + 1, lines[i]);
          cairo_show_text (cr, line);
        }
      else
        {
          cairo_set_source_rgb (cr, 0.5, 0.5, 0.5);
          cairo_rectangle (cr, 72, 72, 300, 400);
          cairo_fill (cr);
        }
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  ck_assert_int_eq (cairo_surface_status (surface), CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

static const gchar *const three_lines[] = {
  "la trata de personas en Guatemala",
  "el retorno de migrantes extrarregionales",
  "la protección consular de los niños",
};

/* libmagic's magic numbers can match inside text: these 300 bytes of a
   generated plan of action are a Sega Pico ROM to libmagic 5.44. Valid
   UTF-8 without NUL is read as text, with a warning that says why. */
START_TEST (utf8_text_that_libmagic_misnames_is_text)
{
  g_autoptr (PueblaRecord) r
    = puebla_extract_file (PUEBLA_TEST_DATA_DIR "/misdetected/plan-libmagic-calls-a-rom.txt", NULL);
  ck_assert_msg (r->verdict == PUEBLA_VERDICT_OK, "%s", r->reason);
  ck_assert_str_eq (r->mime_type, "text/plain");
  ck_assert_str_eq (r->charset, "UTF-8");
  g_autofree gchar *text = puebla_record_get_text (r);
  ck_assert (strstr (text, "INTERCAMBIAR LOS INDICADORES"));
  gboolean warned = FALSE;
  for (guint i = 0; i < r->warnings->len; i++)
    warned = warned || strstr (g_ptr_array_index (r->warnings, i), "UTF-8 text") != NULL;
  ck_assert (warned);
}
END_TEST

START_TEST (generated_pdf_pages_and_metadata)
{
  g_autofree gchar *path = scratch_path ("tres.pdf");
  draw_pdf (path, three_lines, 3, TRUE, "Microsoft Word - informe.doc");
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  ck_assert_msg (r->verdict == PUEBLA_VERDICT_OK, "%s", r->reason);
  ck_assert_uint_eq (r->page_count, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree gchar *phrase = g_strdup_printf ("Página %u: %s", i + 1, three_lines[i]);
      ck_assert_uint_eq (page_of (r, phrase), i + 1);
    }
  /* the heading of the text, not the file name in the metadata */
  ck_assert_str_eq (r->title, "INFORME DE LA PRESIDENCIA PRO-TÉMPORE");
  ck_assert_ptr_nonnull (r->created);
  ck_assert_msg (g_str_has_prefix (r->created, "2004-12-02"), "created %s", r->created);
  ck_assert_uint_eq (r->warnings->len, 0);
}
END_TEST

START_TEST (pdf_without_text_layer_is_no_text)
{
  g_autofree gchar *path = scratch_path ("scan.pdf");
  draw_pdf (path, three_lines, 2, FALSE, NULL);
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  ck_assert_int_eq (r->verdict, PUEBLA_VERDICT_NO_TEXT);
  ck_assert_ptr_nonnull (strstr (r->reason, "2 pages"));
  ck_assert_uint_eq (r->pages->len, 0);
}
END_TEST

static void
write_file (const gchar *path, const gchar *data, gssize len)
{
  g_autoptr (GError) error = NULL;
  ck_assert_msg (g_file_set_contents (path, data, len, &error), "%s", error ? error->message : "");
}

START_TEST (empty_file_is_empty)
{
  g_autofree gchar *path = scratch_path ("vacío.txt");
  write_file (path, "", 0);
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  ck_assert_int_eq (r->verdict, PUEBLA_VERDICT_EMPTY);
  ck_assert_str_eq (puebla_verdict_to_string (r->verdict), "empty");
}
END_TEST

START_TEST (blank_text_is_empty)
{
  g_autofree gchar *path = scratch_path ("blancos.txt");
  write_file (path, " \n\t\r\n  \n", -1);
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  ck_assert_int_eq (r->verdict, PUEBLA_VERDICT_EMPTY);
}
END_TEST

START_TEST (binary_named_txt_is_unsupported)
{
  g_autofree gchar *path = scratch_path ("blob.txt");
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  gchar bytes[4096];
  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (gchar) g_rand_int_range (rand, 0, 256);
  write_file (path, bytes, sizeof bytes);
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  ck_assert_int_eq (r->verdict, PUEBLA_VERDICT_UNSUPPORTED);
  ck_assert_ptr_nonnull (strstr (r->reason, "binary"));
}
END_TEST

START_TEST (png_named_pdf_is_unsupported)
{
  g_autofree gchar *path = scratch_path ("imagen.pdf");
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 40, 40);
  ck_assert_int_eq (cairo_surface_write_to_png (s, path), CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (s);
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  ck_assert_int_eq (r->verdict, PUEBLA_VERDICT_UNSUPPORTED);
  ck_assert_ptr_nonnull (strstr (r->reason, "image/png"));
}
END_TEST

START_TEST (truncated_pdf_is_corrupt)
{
  g_autofree gchar *src = corpus_file ("pdf", "grcm-2004-12-panama-conclusiones.pdf");
  g_autofree gchar *data = NULL;
  gsize len = 0;
  ck_assert (g_file_get_contents (src, &data, &len, NULL));
  g_autofree gchar *path = scratch_path ("cortado.pdf");
  write_file (path, data, (gssize) (len * 2 / 5));
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  ck_assert_int_eq (r->verdict, PUEBLA_VERDICT_CORRUPT);
  ck_assert_ptr_nonnull (strstr (r->reason, "truncated"));
}
END_TEST

/* qpdf (installed by scripts/install-deps.sh) encrypts a PDF. */
static void
encrypt_pdf (const gchar *in, const gchar *out, const gchar *user_password)
{
  g_autofree gchar *qpdf = g_find_program_in_path ("qpdf");
  ck_assert_msg (qpdf != NULL, "qpdf is not installed: run scripts/install-deps.sh");
  const gchar *argv[] = { qpdf, "--encrypt", user_password, "owner-secret", "256", "--", in, out, NULL };
  gint status = 0;
  g_autoptr (GError) error = NULL;
  ck_assert (g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error));
  ck_assert (g_spawn_check_wait_status (status, NULL));
}

START_TEST (encrypted_pdf_is_encrypted)
{
  g_autofree gchar *src = corpus_file ("pdf", "grcm-2004-12-panama-conclusiones.pdf");
  g_autofree gchar *path = scratch_path ("cifrado.pdf");
  encrypt_pdf (src, path, "clave");
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  ck_assert_int_eq (r->verdict, PUEBLA_VERDICT_ENCRYPTED);
  ck_assert_ptr_nonnull (strstr (r->reason, "password"));
}
END_TEST

/* Only an owner password: anyone may open it, and so do we. */
START_TEST (owner_password_pdf_is_read)
{
  g_autofree gchar *src = corpus_file ("pdf", "grcm-2004-12-panama-conclusiones.pdf");
  g_autofree gchar *path = scratch_path ("solo-propietario.pdf");
  encrypt_pdf (src, path, "");
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  ck_assert_msg (r->verdict == PUEBLA_VERDICT_OK, "%s", r->reason);
  ck_assert_uint_eq (page_of (r, "Roberto Kozak"), 3);
  ck_assert_uint_eq (r->warnings->len, 0);
}
END_TEST

START_TEST (missing_file_is_unreadable)
{
  g_autofree gchar *path = scratch_path ("no-existe.txt");
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  ck_assert_int_eq (r->verdict, PUEBLA_VERDICT_UNREADABLE);
  ck_assert_ptr_nonnull (strstr (r->reason, "No such file"));
}
END_TEST

START_TEST (unreadable_file_is_unreadable)
{
  g_autofree gchar *path = scratch_path ("secreto.txt");
  write_file (path, "texto secreto", -1);
  ck_assert_int_eq (g_chmod (path, 0), 0);
  if (geteuid () == 0)
    {
      /* root reads anything: a dangling link is what root cannot read */
      g_unlink (path);
      ck_assert_int_eq (symlink ("/nonexistent/puebla-target", path), 0);
    }
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  ck_assert_int_eq (r->verdict, PUEBLA_VERDICT_UNREADABLE);
  ck_assert_ptr_nonnull (strstr (r->reason, "cannot read"));
}
END_TEST

START_TEST (too_large_file_is_refused)
{
  g_autofree gchar *path = scratch_path ("grande.txt");
  write_file (path, "migración migración migración", -1);
  PueblaExtractLimits limits = { .max_bytes = 10 };
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, &limits);
  ck_assert_int_eq (r->verdict, PUEBLA_VERDICT_TOO_LARGE);
}
END_TEST

/* json-glib's generator: NODE as compact text. */
static gchar *
json_glib_text (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

/* jsonout.h writes strings as json-glib does, but U+001F, which json-glib
   leaves raw (not valid JSON). */
START_TEST (json_writer_escapes_as_json_glib)
{
  GString *all = g_string_new (NULL);
  for (guint c = 1; c < 0x80; c++)
    if (c != 0x1f)
      g_string_append_c (all, (gchar) c);
  g_string_append (all, "ñÁé€“comillas” \u2028 ﻿ 𝄞 ");
  const gchar *samples[] = { all->str, "", "plain", "\"", "\\", "a\nb\tc\r", "\x7f", "MIGRACIÓN › 1." };
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autoptr (JsonNode) node = json_node_init_string (json_node_alloc (), samples[i]);
      g_autofree gchar *want = json_glib_text (node);
      GString *got = g_string_new (NULL);
      puebla_json_append_string (got, samples[i]);
      ck_assert_str_eq (got->str, want);
      g_string_free (got, TRUE);
    }
  g_string_free (all, TRUE);

  GString *us = g_string_new (NULL);
  puebla_json_append_string (us, "a\x1f" "b");
  ck_assert_str_eq (us->str, "\"a\\u001fb\"");
  g_string_free (us, TRUE);

  /* structure: commas, nesting, empty containers, raw values */
  GString *s = g_string_new (NULL);
  PueblaJsonOut o = PUEBLA_JSON_OUT_INIT (s);
  puebla_json_out_begin_object (&o);
  puebla_json_out_member (&o, "a");
  puebla_json_out_begin_array (&o);
  puebla_json_out_int (&o, -9007199254740993);
  puebla_json_out_boolean (&o, TRUE);
  puebla_json_out_boolean (&o, FALSE);
  puebla_json_out_null (&o);
  puebla_json_out_string (&o, NULL);
  puebla_json_out_begin_object (&o);
  puebla_json_out_end_object (&o);
  puebla_json_out_begin_array (&o);
  puebla_json_out_end_array (&o);
  puebla_json_out_raw (&o, "{\"x\":[1,2]}");
  puebla_json_out_end_array (&o);
  puebla_json_out_member (&o, "b");
  puebla_json_out_string (&o, "c");
  puebla_json_out_end_object (&o);
  ck_assert_str_eq (s->str, "{\"a\":[-9007199254740993,true,false,null,null,{},[],{\"x\":[1,2]}],\"b\":\"c\"}");
  g_autoptr (JsonNode) parsed = json_from_string (s->str, NULL);
  ck_assert_ptr_nonnull (parsed);
  g_autofree gchar *again = json_glib_text (parsed);
  ck_assert_str_eq (again, s->str);
  g_string_free (s, TRUE);
}
END_TEST

/* The five text records of the corpus, extracted (entities, passages). */
static GPtrArray *
corpus_text_records (void)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) puebla_record_free);
  g_autoptr (GDir) dir = g_dir_open (PUEBLA_CORPUS_DIR "/records", 0, NULL);
  ck_assert_ptr_nonnull (dir);
  const gchar *name;
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree gchar *txt = corpus_file ("records", name);
      g_ptr_array_add (records, puebla_extract_file (txt, NULL));
    }
  ck_assert_uint_eq (records->len, 5);
  return records;
}

/* A whole record of the corpus, pages, entities and passages: the JSON
   record.c writes is what json-glib writes of the same tree. */
START_TEST (corpus_record_json_as_json_glib)
{
  g_autoptr (GPtrArray) records = corpus_text_records ();
  for (guint k = 0; k < records->len; k++)
    {
      const PueblaRecord *r = g_ptr_array_index (records, k);
      const gchar *name = r->path;
      ck_assert_uint_gt (r->entities->len, 0);
      ck_assert_uint_gt (r->passages->len, 0);
      g_autofree gchar *json = puebla_record_to_json_string (r, TRUE);
      ck_assert_ptr_null (strchr (json, 0x1f));
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonNode) parsed = json_from_string (json, &error);
      ck_assert_msg (parsed != NULL, "%s: %s", name, error ? error->message : "?");
      g_autofree gchar *again = json_glib_text (parsed);
      ck_assert_msg (strcmp (again, json) == 0, "%s: record.c and json-glib write it differently", name);

      g_autofree gchar *without = puebla_record_to_json_string_without_passages (r);
      g_autoptr (JsonNode) w = json_from_string (without, NULL);
      ck_assert (json_object_has_member (json_node_get_object (w), "pages"));
      ck_assert (!json_object_has_member (json_node_get_object (w), "passages"));
    }
}
END_TEST

static void
assert_same_entities (GPtrArray *a, GPtrArray *b, const gchar *where)
{
  ck_assert_msg (a->len == b->len, "%s: %u entities, then %u", where, a->len, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      const PueblaEntity *x = g_ptr_array_index (a, i), *y = g_ptr_array_index (b, i);
      ck_assert_msg (x->type == y->type && g_strcmp0 (x->id, y->id) == 0 && g_strcmp0 (x->text, y->text) == 0
                       && x->page == y->page && x->start == y->start && x->end == y->end
                       && g_strcmp0 (x->date, y->date) == 0 && g_strcmp0 (x->last_date, y->last_date) == 0,
                     "%s: entity %u (%s) differs", where, i, x->text);
    }
}

static void
add_entity (PueblaRecord *r, PueblaEntityType type, const gchar *id, const gchar *text, gsize start, gsize end)
{
  PueblaEntity *e = g_new0 (PueblaEntity, 1);
  e->type = type;
  e->id = g_strdup (id);
  e->text = g_strdup (text);
  e->start = start;
  e->end = end;
  g_ptr_array_add (r->entities, e);
}

/* What the index stores: entities short, their text taken back from the
   page or passage on reading; an entity whose text is not what its
   offsets cover is kept whole; short entities that point outside their
   text are dropped, not read out of bounds. */
START_TEST (stored_entities_round_trip)
{
  g_autoptr (GPtrArray) records = corpus_text_records ();
  for (guint k = 0; k < records->len; k++)
    {
      const PueblaRecord *r = g_ptr_array_index (records, k);
      const gchar *name = r->path;
      g_autofree gchar *stored = puebla_record_to_json_string_without_passages (r);
      ck_assert_ptr_null (strstr (stored, "{\"type\":")); /* every entity short */
      g_autoptr (GError) error = NULL;
      g_autoptr (PueblaRecord) back = puebla_record_from_json_string (stored, -1, &error);
      ck_assert_ptr_nonnull (back);
      assert_same_entities (r->entities, back->entities, name);

      for (guint i = 0; i < r->passages->len; i++)
        {
          const PueblaPassage *p = g_ptr_array_index (r->passages, i);
          GString *s = g_string_new (NULL);
          puebla_passage_append_stored_json (s, p);
          g_autoptr (JsonNode) node = json_from_string (s->str, NULL);
          g_string_free (s, TRUE);
          PueblaPassage *q = puebla_passage_from_json (node);
          ck_assert_ptr_nonnull (q);
          assert_same_entities (p->entities, q->entities, name);
          puebla_passage_free (q);
        }
    }

  /* text that is not at its offsets stays whole */
  g_autoptr (PueblaRecord) r = puebla_record_new ("/tmp/x.txt");
  puebla_record_add_page_take (r, 0, g_strdup ("La OIM y México."));
  add_entity (r, PUEBLA_ENTITY_ORG, "OIM", "Organización Internacional para las Migraciones", 3, 6);
  add_entity (r, PUEBLA_ENTITY_COUNTRY, "MX", "México", 9, 16);
  g_autofree gchar *stored = puebla_record_to_json_string_without_passages (r);
  ck_assert_ptr_nonnull (strstr (stored, "\"text\":\"Organización Internacional"));
  ck_assert_ptr_nonnull (strstr (stored, "[\"country\",\"MX\",0,9,16]"));
  g_autoptr (PueblaRecord) back = puebla_record_from_json_string (stored, -1, NULL);
  assert_same_entities (r->entities, back->entities, "mixed");

  /* offsets past the text, or cutting a character in two: dropped */
  const gchar *bad = "{\"id\":\"x\",\"path\":\"/tmp/x.txt\",\"verdict\":\"ok\",\"pages\":[{\"number\":0,"
                     "\"text\":\"México\"}],\"entities\":[[\"country\",\"MX\",0,0,40],"
                     "[\"country\",\"MX\",0,0,2],[\"country\",\"MX\",3,0,2],[\"country\",\"MX\",0,0,7],"
                     "[\"country\",7,0,0,7],[\"country\",\"MX\",\"0\",0,7],[\"country\",\"MX\",0,{},7],[\"country\"],[]]}";
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL); /* a critical fails the test */
  g_autoptr (PueblaRecord) worse = puebla_record_from_json_string (bad, -1, NULL);
  ck_assert_ptr_nonnull (worse);
  ck_assert_uint_eq (worse->entities->len, 1);
  ck_assert_str_eq (((PueblaEntity *) g_ptr_array_index (worse->entities, 0))->text, "México");
}
END_TEST

START_TEST (record_json_round_trip)
{
  g_autofree gchar *path = scratch_path ("tres.pdf");
  draw_pdf (path, three_lines, 3, TRUE, NULL);
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  g_autofree gchar *json = puebla_record_to_json_string (r, TRUE);
  g_autoptr (GError) error = NULL;
  g_autoptr (PueblaRecord) back = puebla_record_from_json_string (json, -1, &error);
  ck_assert_ptr_null (error);
  ck_assert_str_eq (back->id, r->id);
  ck_assert_str_eq (back->path, r->path);
  ck_assert_str_eq (back->title, r->title);
  ck_assert_str_eq (back->content_hash, r->content_hash);
  ck_assert_uint_eq (back->page_count, 3);
  ck_assert_uint_eq (back->pages->len, 3);
  ck_assert_uint_eq (page_of (back, "Página 2: el retorno"), 2);

  g_autoptr (PueblaRecord) bad = puebla_record_from_json_string ("{\"title\": 3}", -1, &error);
  ck_assert_ptr_null (bad);
  ck_assert_ptr_nonnull (error);
}
END_TEST

static Suite *
extract_suite (void)
{
  Suite *s = suite_create ("extract");

  TCase *tc = tcase_create ("corpus");
  tcase_set_timeout (tc, 120);
  tcase_add_loop_test (tc, pdf_phrase_on_its_page, 0, G_N_ELEMENTS (pdf_phrases));
  tcase_add_test (tc, pdf_and_text_titles_agree);
  tcase_add_test (tc, text_record_is_one_unpaged_page);
  tcase_add_test (tc, utf8_text_that_libmagic_misnames_is_text);
  suite_add_tcase (s, tc);

  tc = tcase_create ("generated");
  tcase_set_timeout (tc, 60);
  tcase_add_checked_fixture (tc, make_scratch, remove_scratch);
  tcase_add_test (tc, generated_pdf_pages_and_metadata);
  tcase_add_test (tc, record_json_round_trip);
  tcase_add_test (tc, json_writer_escapes_as_json_glib);
  tcase_add_test (tc, corpus_record_json_as_json_glib);
  tcase_add_test (tc, stored_entities_round_trip);
  suite_add_tcase (s, tc);

  tc = tcase_create ("broken");
  tcase_set_timeout (tc, 60);
  tcase_add_checked_fixture (tc, make_scratch, remove_scratch);
  tcase_add_test (tc, pdf_without_text_layer_is_no_text);
  tcase_add_test (tc, empty_file_is_empty);
  tcase_add_test (tc, blank_text_is_empty);
  tcase_add_test (tc, binary_named_txt_is_unsupported);
  tcase_add_test (tc, png_named_pdf_is_unsupported);
  tcase_add_test (tc, truncated_pdf_is_corrupt);
  tcase_add_test (tc, encrypted_pdf_is_encrypted);
  tcase_add_test (tc, owner_password_pdf_is_read);
  tcase_add_test (tc, missing_file_is_unreadable);
  tcase_add_test (tc, unreadable_file_is_unreadable);
  tcase_add_test (tc, too_large_file_is_refused);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  SRunner *sr = srunner_create (extract_suite ());
  srunner_run_all (sr, CK_NORMAL);
  int failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
