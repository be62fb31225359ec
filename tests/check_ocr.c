/* check_ocr.c: scanned pages read by OCR (ingest/ocr.h, and the PDF
 * extractor's use of it in ingest/extract.h).
 *
 * The scans are made here, never committed: a page of a corpus PDF is
 * rendered to an image and written to a new PDF that holds only that
 * image, then extracted; its words are compared with the original page's
 * text layer. */
#include <cairo-pdf.h>
#include <check.h>
#include <string.h>

#include "ocr.h"
#include "segment.h"

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
