/* check_ocr.c: scanned pages read by OCR (ingest/ocr.h, and the PDF
 * extractor's use of it in ingest/extract.h).
 *
 * The scans are made here, never committed: a page of a corpus PDF is
 * rendered to an image and written to a new PDF that holds only that
 * image, then extracted; its words are compared with the original page's
 * text layer. */
#include <cairo-pdf.h>
#include "run.h"
#include "scratch.h"

#include <check.h>
#include <poppler.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "extract.h"
#include "ocr.h"
#include "segment.h"

/* poppler-glib 22.12 declares no autoptr cleanups */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

/* TEXT lowercased, without accents, every run of non-alphanumeric
   characters one space: to compare what OCR read with what was written. */
static gchar *
fold (const gchar *text)
{
  g_autofree gchar *nfd = g_utf8_normalize (text, -1, G_NORMALIZE_NFD);
  GString *out = g_string_new (NULL);
  gboolean space = TRUE;
  for (const gchar *p = nfd; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_ismark (c))
        continue;
      if (g_unichar_isalnum (c))
        {
          g_string_append_unichar (out, g_unichar_tolower (c));
          space = FALSE;
        }
      else if (!space)
        {
          g_string_append_c (out, ' ');
          space = TRUE;
        }
    }
  if (out->len && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

/* ---- ocr.h on images drawn here ------------------------------------------------ */

/* A white grey image of WIDTH × HEIGHT at DPI with LINES drawn in black,
   SIZE points high. Free with g_free (image->pixels). */
static PueblaGreyImage
draw_grey (guint width, guint height, guint dpi, const gchar *const *lines, gdouble size)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) width, (int) height);
  cairo_t *cr = cairo_create (s);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, dpi / 72.0, dpi / 72.0);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, size);
  for (guint i = 0; lines && lines[i]; i++)
    {
      cairo_move_to (cr, 36, 48 + i * size * 1.8);
      cairo_show_text (cr, lines[i]);
    }
  cairo_destroy (cr);
  cairo_surface_flush (s);
  const guint8 *data = cairo_image_surface_get_data (s);
  int stride = cairo_image_surface_get_stride (s);
  guint8 *grey = g_malloc ((gsize) width * height);
  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      grey[(gsize) y * width + x] = data[(gsize) y * stride + 4 * x + 1]; /* green: black and white drawn */
  cairo_surface_destroy (s);
  return (PueblaGreyImage){ grey, width, height, width, dpi };
}

START_TEST (ocr_reads_drawn_spanish_and_english)
{
  static const gchar *const lines[] = {
    "Conferencia Regional sobre Migración",
    "Protección consular de los niños migrantes",
    "Regional Conference on Migration",
    NULL,
  };
  PueblaGreyImage image = draw_grey (2000, 600, 300, lines, 11);
  g_autoptr (GError) error = NULL;
  g_autoptr (PueblaOcr) ocr = puebla_ocr_new (NULL, &error);
  ck_assert_msg (ocr != NULL, "%s", error ? error->message : "");
  g_autofree gchar *text = puebla_ocr_read (ocr, &image, 0, &error);
  g_free ((guint8 *) image.pixels);
  ck_assert_msg (text != NULL, "%s", error ? error->message : "");
  g_autofree gchar *folded = fold (text);
  for (guint i = 0; lines[i]; i++)
    {
      g_autofree gchar *want = fold (lines[i]);
      ck_assert_msg (strstr (folded, want), "'%s' not in OCR text '%s'", want, folded);
    }
  /* the accents are read, not only matched after folding */
  ck_assert_msg (strstr (text, "Migración") && strstr (text, "niños"), "accents lost: %s", text);
}
END_TEST

START_TEST (ocr_blank_image_reads_nothing)
{
  PueblaGreyImage image = draw_grey (1200, 1600, 300, NULL, 10);
  g_autoptr (GError) error = NULL;
  g_autoptr (PueblaOcr) ocr = puebla_ocr_new (NULL, &error);
  ck_assert_ptr_nonnull (ocr);
  g_autofree gchar *text = puebla_ocr_read (ocr, &image, 0, &error);
  g_free ((guint8 *) image.pixels);
  ck_assert_ptr_null (error);
  ck_assert_ptr_nonnull (text);
  g_strstrip (text);
  ck_assert_str_eq (text, "");
}
END_TEST

START_TEST (ocr_missing_model_is_load_error)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PueblaOcr) ocr = puebla_ocr_new ("xxx-no-such-language", &error);
  ck_assert_ptr_null (ocr);
  ck_assert_msg (g_error_matches (error, PUEBLA_OCR_ERROR, PUEBLA_OCR_ERROR_LOAD), "%s",
                 error ? error->message : "no error");
  ck_assert_ptr_nonnull (strstr (error->message, "xxx-no-such-language"));
}
END_TEST

/* ---- The OCR mark in the record and its JSON ----------------------------------- */

/* The JSON object of NODE's member NAME at INDEX of array ARRAY_NAME. */
static JsonObject *
member_at (JsonNode *node, const gchar *array_name, guint index)
{
  JsonArray *a = json_object_get_array_member (json_node_get_object (node), array_name);
  ck_assert_uint_gt (json_array_get_length (a), index);
  return json_array_get_object_element (a, index);
}

START_TEST (record_json_carries_ocr_mark)
{
  g_autoptr (PueblaRecord) r = puebla_record_new ("/tmp/mixed.pdf");
  r->page_count = 2;
  puebla_record_add_page_take (r, 1, g_strdup ("Primera página, leída de su capa de texto."));
  PueblaPage *scanned = puebla_record_add_page_take (r, 2, g_strdup ("Segunda página, leída por OCR."));
  scanned->ocr = TRUE;
  puebla_segment_record (r);
  ck_assert_uint_eq (r->passages->len, 2);

  g_autoptr (JsonNode) node = puebla_record_to_json (r, TRUE);
  ck_assert (!json_object_has_member (member_at (node, "pages", 0), "ocr"));
  ck_assert (json_object_get_boolean_member (member_at (node, "pages", 1), "ocr"));
  ck_assert (!json_object_has_member (member_at (node, "passages", 0), "ocr"));
  JsonObject *p2 = member_at (node, "passages", 1);
  ck_assert_int_eq (json_object_get_int_member (p2, "page"), 2);
  ck_assert (json_object_get_boolean_member (p2, "ocr"));

  /* and back */
  g_autofree gchar *data = puebla_record_to_json_string (r, TRUE);
  g_autoptr (GError) error = NULL;
  g_autoptr (PueblaRecord) back = puebla_record_from_json_string (data, -1, &error);
  ck_assert_ptr_nonnull (back);
  ck_assert (!((PueblaPage *) g_ptr_array_index (back->pages, 0))->ocr);
  ck_assert (((PueblaPage *) g_ptr_array_index (back->pages, 1))->ocr);
  ck_assert (!((PueblaPassage *) g_ptr_array_index (back->passages, 0))->ocr);
  ck_assert (((PueblaPassage *) g_ptr_array_index (back->passages, 1))->ocr);
}
END_TEST

/* ---- Scans made from a page of the corpus -------------------------------------- */

/* The record and page scanned: page 2 of the GRCM's conclusions of Panamá,
   2004, items 8 to 20, and phrases from its text layer (checked there). */
#define SOURCE_PDF PUEBLA_CORPUS_DIR "/pdf/grcm-2004-12-panama-conclusiones.pdf"
#define SOURCE_PAGE 2
/* the resolution of the scan (a common office scanner setting) */
#define SCAN_DPI 200

static const gchar *const key_phrases[] = {
  "manual de capacitación sobre gestión migratoria",
  "Sistema Integral de Operación Migratoria (SIOM)",
  "Red de Funcionarios de Enlace de Protección Consular",
  "documental titulado El Tren de los Sueños",
  "Seminario sobre Migración y Salud",
  "Red Regional de Organizaciones Civiles para las Migraciones",
};

static gchar *scratch;

static void
make_scratch (void)
{
  scratch = puebla_test_scratch_new ("ocr");
}

static void
remove_scratch (void)
{
  puebla_test_scratch_remove (scratch);
  g_clear_pointer (&scratch, g_free);
}

static PopplerPage *
source_page (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *uri = g_filename_to_uri (SOURCE_PDF, NULL, &error);
  ck_assert_ptr_nonnull (uri);
  g_autoptr (PopplerDocument) doc = poppler_document_new_from_file (uri, NULL, &error);
  ck_assert_msg (doc != NULL, "%s: %s", SOURCE_PDF, error ? error->message : "");
  PopplerPage *page = poppler_document_get_page (doc, SOURCE_PAGE - 1);
  ck_assert_ptr_nonnull (page);
  return page;
}

/* The text layer of the source page, folded. */
static gchar *
source_text (void)
{
  g_autoptr (PopplerPage) page = source_page ();
  g_autofree gchar *text = poppler_page_get_text (page);
  return fold (text);
}

/* The source page as a scanner would see it: an RGB image at SCAN_DPI. */
static cairo_surface_t *
scan_source_page (gdouble *width /* OUT */, gdouble *height /* OUT */)
{
  g_autoptr (PopplerPage) page = source_page ();
  poppler_page_get_size (page, width, height);
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) (*width * SCAN_DPI / 72),
                                                       (int) (*height * SCAN_DPI / 72));
  cairo_t *cr = cairo_create (image);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, SCAN_DPI / 72.0, SCAN_DPI / 72.0);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  ck_assert_int_eq (cairo_surface_status (image), CAIRO_STATUS_SUCCESS);
  return image;
}

/* Writes PATH: a PDF whose pages are, in order, a page with LINE on it
   (when LINE is set: a page with a text layer) and N_SCANS copies of the
   scanned source page (an image only, but for STAMP when it is set: a few
   characters of text in a corner, as archives stamp their scans). */
static void
write_scan_pdf (const gchar *path, const gchar *line, guint n_scans, const gchar *stamp)
{
  gdouble width = 612, height = 792;
  cairo_surface_t *image = n_scans ? scan_source_page (&width, &height) : NULL;
  cairo_surface_t *pdf = cairo_pdf_surface_create (path, width, height);
  cairo_t *cr = cairo_create (pdf);
  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 12);
  if (line)
    {
      cairo_move_to (cr, 72, 100);
      cairo_show_text (cr, line);
      cairo_show_page (cr);
    }
  for (guint i = 0; i < n_scans; i++)
    {
      cairo_save (cr);
      cairo_scale (cr, 72.0 / SCAN_DPI, 72.0 / SCAN_DPI);
      cairo_set_source_surface (cr, image, 0, 0);
      cairo_paint (cr);
      cairo_restore (cr);
      if (stamp)
        {
          cairo_move_to (cr, width - 100, height - 20);
          cairo_show_text (cr, stamp);
        }
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (pdf);
  ck_assert_int_eq (cairo_surface_status (pdf), CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (pdf);
  if (image)
    cairo_surface_destroy (image);
}

static gchar *
scratch_path (const gchar *name)
{
  return g_build_filename (scratch, name, NULL);
}

/* The share of the words of ORIGINAL (folded, counted with repeats) that
   are among the words of READ (folded). */
static gdouble
word_recall (const gchar *original, const gchar *read, guint *found /* OUT */, guint *total /* OUT */)
{
  g_auto (GStrv) want = g_strsplit (original, " ", -1);
  g_auto (GStrv) got = g_strsplit (read, " ", -1);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; got[i]; i++)
    g_hash_table_add (seen, got[i]);
  *found = *total = 0;
  for (guint i = 0; want[i]; i++)
    if (*want[i])
      {
        (*total)++;
        *found += g_hash_table_contains (seen, want[i]);
      }
  return *total ? (gdouble) *found / *total : 0;
}

/* The test: a page of a record, scanned to an image-only PDF, is
   read back by OCR with its key phrases. */
START_TEST (scanned_page_read_by_ocr)
{
  g_autofree gchar *path = scratch_path ("scan.pdf");
  write_scan_pdf (path, NULL, 1, NULL);

  gint64 started = g_get_monotonic_time ();
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  gdouble seconds = (g_get_monotonic_time () - started) / 1e6;
  ck_assert_msg (r->verdict == PUEBLA_VERDICT_OK, "%s", r->reason);
  ck_assert_uint_eq (r->page_count, 1);
  ck_assert_uint_eq (r->pages->len, 1);
  const PueblaPage *page = g_ptr_array_index (r->pages, 0);
  ck_assert (page->ocr);

  g_autofree gchar *original = source_text ();
  g_autofree gchar *read = fold (page->text);
  for (guint i = 0; i < G_N_ELEMENTS (key_phrases); i++)
    {
      g_autofree gchar *phrase = fold (key_phrases[i]);
      ck_assert_msg (strstr (original, phrase), "'%s' is not in the text layer of the source page", phrase);
      ck_assert_msg (strstr (read, phrase), "'%s' not found by OCR in:\n%s", phrase, page->text);
    }
  guint found, total;
  gdouble recall = word_recall (original, read, &found, &total);
  printf ("check_ocr: page %d of %s scanned at %d dpi: word recall %.3f (%u of %u words); extraction with OCR "
          "%.2f s\n",
          SOURCE_PAGE, SOURCE_PDF, SCAN_DPI, recall, found, total, seconds);
  ck_assert_msg (recall >= 0.95, "word recall %.3f", recall);

  /* the warning, the passages and their facts */
  ck_assert_uint_eq (r->warnings->len, 1);
  ck_assert_str_eq (g_ptr_array_index (r->warnings, 0), "1 page read by OCR (no text layer): page 1");
  ck_assert_uint_gt (r->passages->len, 10);
  for (guint i = 0; i < r->passages->len; i++)
    ck_assert (((PueblaPassage *) g_ptr_array_index (r->passages, i))->ocr);
  gboolean canada = FALSE, oim = FALSE;
  for (guint i = 0; i < r->entities->len; i++)
    {
      const PueblaEntity *e = g_ptr_array_index (r->entities, i);
      canada |= e->type == PUEBLA_ENTITY_COUNTRY && g_str_equal (e->id, "CA");
      oim |= e->type == PUEBLA_ENTITY_ORG && g_str_equal (e->id, "OIM");
    }
  ck_assert_msg (canada && oim, "entities not found in the OCR text");
}
END_TEST

START_TEST (scanned_pdf_without_ocr_is_no_text)
{
  g_autofree gchar *path = scratch_path ("scan.pdf");
  write_scan_pdf (path, NULL, 1, NULL);
  PueblaExtractLimits limits = { .no_ocr = TRUE };
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, &limits);
  ck_assert_int_eq (r->verdict, PUEBLA_VERDICT_NO_TEXT);
  ck_assert_str_eq (r->reason, "no text layer on its one page: it is a scan, and OCR is off (--no-ocr)");
  ck_assert_uint_eq (r->pages->len, 0);
}
END_TEST

/* One page with a text layer, one scanned: both texts, the mark on the
   scanned one only. */
START_TEST (mixed_pdf_marks_only_the_scanned_page)
{
  static const gchar line[] = "Informe de la Presidencia Pro-Tempore sobre la trata de personas";
  g_autofree gchar *path = scratch_path ("mixed.pdf");
  write_scan_pdf (path, line, 1, NULL);
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  ck_assert_msg (r->verdict == PUEBLA_VERDICT_OK, "%s", r->reason);
  ck_assert_uint_eq (r->pages->len, 2);
  const PueblaPage *text_page = g_ptr_array_index (r->pages, 0);
  const PueblaPage *scan_page = g_ptr_array_index (r->pages, 1);
  ck_assert_str_eq (text_page->text, line);
  ck_assert (!text_page->ocr);
  ck_assert (scan_page->ocr);
  g_autofree gchar *read = fold (scan_page->text);
  g_autofree gchar *phrase = fold (key_phrases[0]);
  ck_assert_msg (strstr (read, phrase), "'%s' not in %s", phrase, read);
  ck_assert_str_eq (g_ptr_array_index (r->warnings, 0), "1 page read by OCR (no text layer): page 2");

  /* the passages of each page, marked as their page */
  guint marked = 0;
  for (guint i = 0; i < r->passages->len; i++)
    {
      const PueblaPassage *p = g_ptr_array_index (r->passages, i);
      ck_assert_msg (p->ocr == (p->page == 2), "passage %u on page %u: ocr %d", p->ordinal, p->page, p->ocr);
      if (p->ocr)
        {
          marked++;
          g_autoptr (JsonNode) node = puebla_passage_to_json (p);
          ck_assert (json_object_get_boolean_member (json_node_get_object (node), "ocr"));
        }
      else
        {
          g_autoptr (JsonNode) node = puebla_passage_to_json (p);
          ck_assert (!json_object_has_member (json_node_get_object (node), "ocr"));
        }
    }
  ck_assert_uint_gt (marked, 10);

  /* without OCR: the text page alone, and a warning naming the scan */
  PueblaExtractLimits limits = { .no_ocr = TRUE };
  g_autoptr (PueblaRecord) off = puebla_extract_file (path, &limits);
  ck_assert_msg (off->verdict == PUEBLA_VERDICT_OK, "%s", off->reason);
  ck_assert_uint_eq (off->pages->len, 2);
  ck_assert_str_eq (((PueblaPage *) g_ptr_array_index (off->pages, 0))->text, line);
  ck_assert_str_eq (((PueblaPage *) g_ptr_array_index (off->pages, 1))->text, "");
  ck_assert (!((PueblaPage *) g_ptr_array_index (off->pages, 1))->ocr);
  ck_assert_uint_eq (off->warnings->len, 1);
  ck_assert_str_eq (g_ptr_array_index (off->warnings, 0),
                    "page 2 has no text layer (scan?) and OCR is off: its text is missing");
}
END_TEST

/* A scan that carries a stamped number is still a scan (SCAN_MAX_CHARS in
   extract-pdf.c): OCR reads it, the number with the rest. */
START_TEST (stamped_scan_is_read_by_ocr)
{
  g_autofree gchar *path = scratch_path ("stamped.pdf");
  write_scan_pdf (path, NULL, 1, "CRM-000123");
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  ck_assert_msg (r->verdict == PUEBLA_VERDICT_OK, "%s", r->reason);
  const PueblaPage *page = g_ptr_array_index (r->pages, 0);
  ck_assert (page->ocr);
  g_autofree gchar *read = fold (page->text);
  g_autofree gchar *phrase = fold (key_phrases[1]);
  ck_assert_msg (strstr (read, phrase), "'%s' not in %s", phrase, read);

  /* without OCR the stamp alone does not make it a text */
  PueblaExtractLimits limits = { .no_ocr = TRUE };
  g_autoptr (PueblaRecord) off = puebla_extract_file (path, &limits);
  ck_assert_int_eq (off->verdict, PUEBLA_VERDICT_NO_TEXT);
}
END_TEST

/* max_ocr_pages: the pages past it are left unread, and named. */
START_TEST (ocr_page_limit_is_kept)
{
  g_autofree gchar *path = scratch_path ("four.pdf");
  write_scan_pdf (path, NULL, 4, NULL);
  PueblaExtractLimits limits = { .max_ocr_pages = 1 };
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, &limits);
  ck_assert_msg (r->verdict == PUEBLA_VERDICT_OK, "%s", r->reason);
  ck_assert_uint_eq (r->pages->len, 4);
  ck_assert (((PueblaPage *) g_ptr_array_index (r->pages, 0))->ocr);
  ck_assert (!((PueblaPage *) g_ptr_array_index (r->pages, 1))->ocr);
  ck_assert_str_eq (((PueblaPage *) g_ptr_array_index (r->pages, 2))->text, "");
  ck_assert_uint_eq (r->warnings->len, 2);
  ck_assert_str_eq (g_ptr_array_index (r->warnings, 0), "1 page read by OCR (no text layer): page 1");
  ck_assert_str_eq (g_ptr_array_index (r->warnings, 1),
                    "OCR stops at 1 page a file: pages 2–4 with no text layer not read");
}
END_TEST

/* Short pages with a text layer and no image (labels, a title page, a
   blank page) are not scans: they keep their text, with or without OCR,
   and no OCR is spent on them (found on qpdf's "11 pages with labels",
   which --no-ocr once called no-text). */
START_TEST (short_text_pages_are_not_scans)
{
  g_autofree gchar *path = scratch_path ("labels.pdf");
  cairo_surface_t *pdf = cairo_pdf_surface_create (path, 612, 792);
  cairo_t *cr = cairo_create (pdf);
  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 14);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree gchar *label = g_strdup_printf ("ANEXO %u", i + 1);
      cairo_move_to (cr, 72, 72);
      cairo_show_text (cr, label);
      cairo_show_page (cr);
    }
  cairo_show_page (cr); /* and a blank one */
  cairo_destroy (cr);
  cairo_surface_finish (pdf);
  cairo_surface_destroy (pdf);

  for (guint no_ocr = 0; no_ocr < 2; no_ocr++)
    {
      PueblaExtractLimits limits = { .no_ocr = no_ocr };
      g_autoptr (PueblaRecord) r = puebla_extract_file (path, &limits);
      ck_assert_msg (r->verdict == PUEBLA_VERDICT_OK, "no_ocr %u: %s", no_ocr, r->reason);
      ck_assert_uint_eq (r->pages->len, 4);
      ck_assert_str_eq (((PueblaPage *) g_ptr_array_index (r->pages, 1))->text, "ANEXO 2");
      for (guint p = 0; p < r->pages->len; p++)
        ck_assert (!((PueblaPage *) g_ptr_array_index (r->pages, p))->ocr);
      for (guint w = 0; w < r->warnings->len; w++)
        ck_assert_msg (!strstr (g_ptr_array_index (r->warnings, w), "OCR"), "%s",
                       (const gchar *) g_ptr_array_index (r->warnings, w));
    }
}
END_TEST

/* A page of 200 × 200 inches (PDF's largest) is read at a resolution that
   fits OCR_MAX_PIXELS, not at 300 dpi (60,000² pixels: 14 GB). */
START_TEST (huge_page_is_rendered_smaller)
{
  g_autofree gchar *path = scratch_path ("huge.pdf");
  cairo_surface_t *pdf = cairo_pdf_surface_create (path, 14400, 14400);
  cairo_t *cr = cairo_create (pdf);
  /* a scan: one grey image over the whole page */
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 100, 100);
  cairo_t *ic = cairo_create (image);
  cairo_set_source_rgb (ic, 0.9, 0.9, 0.9);
  cairo_paint (ic);
  cairo_destroy (ic);
  cairo_scale (cr, 144, 144);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_paint (cr);
  cairo_surface_destroy (image);
  cairo_destroy (cr);
  cairo_surface_finish (pdf);
  cairo_surface_destroy (pdf);

  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  ck_assert_int_eq (r->verdict, PUEBLA_VERDICT_NO_TEXT);
  ck_assert_str_eq (r->reason, "no text on its one page: no text layer (a scan?) and OCR read nothing on it");
  ck_assert_uint_eq (r->warnings->len, 1);
  /* sqrt (20 M pixels / 200²) = 22 dpi */
  ck_assert_str_eq (g_ptr_array_index (r->warnings, 0),
                    "page 1 is too large to read by OCR at 300 dpi: read at 22 dpi");
}
END_TEST

/* ---- Through the binary ---------------------------------------------------------- */

static void
run_puebla (PueblaTestRun *run, const gchar *const *args)
{
  ck_assert_msg (puebla_test_run (run, scratch, args), "%s", run->err);
}

START_TEST (ingest_reads_scan_and_search_finds_it)
{
  g_autofree gchar *path = scratch_path ("scan.pdf");
  write_scan_pdf (path, NULL, 1, NULL);
  g_autofree gchar *db = scratch_path ("db");

  g_auto (PueblaTestRun) ingest = { 0 };
  run_puebla (&ingest, (const gchar *const[]){ "ingest", "--db", db, path, NULL });
  ck_assert_msg (ingest.status == 0, "ingest: %d\n%s", ingest.status, ingest.err);
  ck_assert_msg (strstr (ingest.err, "warning: 1 page read by OCR"), "stderr: %s", ingest.err);
  /* tesseract says nothing of its own */
  ck_assert_msg (!strstr (ingest.err, "Estimating") && !strstr (ingest.err, "tesseract"), "stderr: %s", ingest.err);

  g_auto (PueblaTestRun) search = { 0 };
  run_puebla (&search, (const gchar *const[]){ "search", "--db", db, "--json", "--passages",
                                               "\"Tren de los Sueños\"", NULL });
  ck_assert_msg (search.status == 0, "search: %s", search.err);
  g_autoptr (JsonParser) parser = json_parser_new ();
  ck_assert (json_parser_load_from_data (parser, search.out, -1, NULL));
  JsonObject *o = json_node_get_object (json_parser_get_root (parser));
  ck_assert_int_eq (json_object_get_int_member (o, "total"), 1);
  JsonObject *hit = json_array_get_object_element (json_object_get_array_member (o, "results"), 0);
  ck_assert_str_eq (json_object_get_string_member (hit, "path"), path);
  JsonObject *passage = json_object_get_object_member (hit, "passage");
  ck_assert (json_object_get_boolean_member (passage, "ocr"));
  ck_assert_ptr_nonnull (strstr (json_object_get_string_member (passage, "text"), "Tren de los Sue"));

  g_autofree gchar *db2 = scratch_path ("db-no-ocr");
  g_auto (PueblaTestRun) off = { 0 };
  run_puebla (&off, (const gchar *const[]){ "ingest", "--db", db2, "--no-ocr", path, NULL });
  ck_assert_int_eq (off.status, 1);
  g_autofree gchar *line = g_strdup_printf ("puebla ingest: %s: no-text: no text layer on its one page: "
                                            "it is a scan, and OCR is off (--no-ocr)",
                                            path);
  ck_assert_msg (strstr (off.err, line), "stderr: %s", off.err);
}
END_TEST

static Suite *
ocr_suite (void)
{
  Suite *s = suite_create ("ocr");

  /* OCR is slow, the more so under ASan */
  TCase *tc = tcase_create ("image");
  tcase_set_timeout (tc, 300);
  tcase_add_test (tc, ocr_reads_drawn_spanish_and_english);
  tcase_add_test (tc, ocr_blank_image_reads_nothing);
  tcase_add_test (tc, ocr_missing_model_is_load_error);
  suite_add_tcase (s, tc);

  tc = tcase_create ("record");
  tcase_add_test (tc, record_json_carries_ocr_mark);
  suite_add_tcase (s, tc);

  tc = tcase_create ("scans");
  tcase_set_timeout (tc, 300);
  tcase_add_checked_fixture (tc, make_scratch, remove_scratch);
  tcase_add_test (tc, scanned_page_read_by_ocr);
  tcase_add_test (tc, scanned_pdf_without_ocr_is_no_text);
  tcase_add_test (tc, mixed_pdf_marks_only_the_scanned_page);
  tcase_add_test (tc, stamped_scan_is_read_by_ocr);
  tcase_add_test (tc, ocr_page_limit_is_kept);
  tcase_add_test (tc, short_text_pages_are_not_scans);
  tcase_add_test (tc, huge_page_is_rendered_smaller);
  tcase_add_test (tc, ingest_reads_scan_and_search_finds_it);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  SRunner *sr = srunner_create (ocr_suite ());
  srunner_run_all (sr, CK_NORMAL);
  int failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed == 0 ? 0 : 1;
}
