/* ocr-recall: how well, and how fast, scanned pages are read by OCR.
 *
 *   build/bench/ocr-recall [--dpi N] PDF…
 *
 * Each PDF's pages are rendered as a scanner would see them (an image at N
 * dpi, default 200) into a new PDF that holds only those images; that PDF
 * goes through puebla_extract_file() (OCR on), and each page's OCR text is
 * compared with the original page's text layer: the word recall is the
 * share of the original's words (lowercased, accents removed, counted
 * with repeats) found among the words read. Prints a line per page and,
 * per file, the extraction's seconds per page (rendering, OCR, and the
 * entities and passages of the record).
 *
 * e.g. build/bench/ocr-recall corpus/pdf/grcm-2004-12-panama-conclusiones.pdf
 * (docs/design.md has the figures for all of corpus/pdf). */
#include "extract.h"

#include <cairo-pdf.h>
#include <poppler.h>
#include <stdio.h>
#include <stdlib.h>
#include <glib/gstdio.h>
#include <string.h>

/* TEXT lowercased, without accents, every run of non-alphanumeric
   characters one space. */
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
  return g_string_free (out, FALSE);
}

/* Words of ORIGINAL found among those of READ: *FOUND of *TOTAL. */
static void
count_words (const gchar *original, const gchar *read, guint *found, guint *total)
{
  g_autofree gchar *a = fold (original), *b = fold (read);
  g_auto (GStrv) want = g_strsplit (a, " ", -1);
  g_auto (GStrv) got = g_strsplit (b, " ", -1);
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
}

/* Writes the pages of DOC as images at DPI into the PDF at PATH. */
static gboolean
write_scans (PopplerDocument *doc, const gchar *path, int dpi)
{
  cairo_surface_t *pdf = cairo_pdf_surface_create (path, 612, 792);
  cairo_t *cr = cairo_create (pdf);
  for (int i = 0; i < poppler_document_get_n_pages (doc); i++)
    {
      PopplerPage *page = poppler_document_get_page (doc, i);
      gdouble w, h;
      poppler_page_get_size (page, &w, &h);
      cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) (w * dpi / 72),
                                                           (int) (h * dpi / 72));
      cairo_t *icr = cairo_create (image);
      cairo_set_source_rgb (icr, 1, 1, 1);
      cairo_paint (icr);
      cairo_scale (icr, dpi / 72.0, dpi / 72.0);
      poppler_page_render (page, icr);
      cairo_destroy (icr);
      g_object_unref (page);

      cairo_pdf_surface_set_size (pdf, w, h);
      cairo_save (cr);
      cairo_scale (cr, 72.0 / dpi, 72.0 / dpi);
      cairo_set_source_surface (cr, image, 0, 0);
      cairo_paint (cr);
      cairo_restore (cr);
      cairo_show_page (cr);
      cairo_surface_destroy (image);
    }
  cairo_destroy (cr);
  cairo_surface_finish (pdf);
  gboolean ok = cairo_surface_status (pdf) == CAIRO_STATUS_SUCCESS;
  cairo_surface_destroy (pdf);
  return ok;
}

int
main (int argc, char **argv)
{
  int dpi = 200;
  g_autofree gchar *dir = g_dir_make_tmp ("puebla-ocr-recall-XXXXXX", NULL);
  guint all_found = 0, all_total = 0, all_pages = 0;
  gdouble all_seconds = 0;
  for (int a = 1; a < argc; a++)
    {
      if (g_str_equal (argv[a], "--dpi") && a + 1 < argc)
        {
          dpi = atoi (argv[++a]);
          continue;
        }
      g_autoptr (GError) error = NULL;
      g_autofree gchar *absolute = g_canonicalize_filename (argv[a], NULL);
      g_autofree gchar *uri = g_filename_to_uri (absolute, NULL, &error);
      PopplerDocument *doc = uri ? poppler_document_new_from_file (uri, NULL, &error) : NULL;
      if (doc == NULL)
        {
          fprintf (stderr, "ocr-recall: %s: %s\n", argv[a], error->message);
          return 1;
        }
      g_autofree gchar *base = g_path_get_basename (argv[a]);
      g_autofree gchar *scan = g_build_filename (dir, base, NULL);
      if (!write_scans (doc, scan, dpi))
        {
          fprintf (stderr, "ocr-recall: %s: cannot write the scan\n", argv[a]);
          return 1;
        }
      gint64 started = g_get_monotonic_time ();
      PueblaRecord *r = puebla_extract_file (scan, NULL);
      gdouble seconds = (g_get_monotonic_time () - started) / 1e6;
      g_unlink (scan);
      if (r->verdict != PUEBLA_VERDICT_OK)
        {
          fprintf (stderr, "ocr-recall: %s: %s\n", argv[a], r->reason);
          return 1;
        }
      guint found_doc = 0, total_doc = 0;
      for (guint i = 0; i < r->pages->len; i++)
        {
          const PueblaPage *page = g_ptr_array_index (r->pages, i);
          PopplerPage *orig = poppler_document_get_page (doc, (int) page->number - 1);
          g_autofree gchar *text = poppler_page_get_text (orig);
          g_object_unref (orig);
          guint found, total;
          count_words (text, page->text, &found, &total);
          printf ("%s p%-3u %s recall %.3f (%u/%u)\n", base, page->number, page->ocr ? "ocr" : "   ",
                  total ? (gdouble) found / total : 1.0, found, total);
          found_doc += found;
          total_doc += total;
        }
      printf ("%s: %u pages at %d dpi, recall %.3f, %.2f s (%.2f s a page)\n", base, r->pages->len, dpi,
              total_doc ? (gdouble) found_doc / total_doc : 1.0, seconds, seconds / MAX (r->pages->len, 1));
      all_found += found_doc;
      all_total += total_doc;
      all_pages += r->pages->len;
      all_seconds += seconds;
      puebla_record_free (r);
      g_object_unref (doc);
    }
  g_rmdir (dir);
  if (all_pages)
    printf ("all: %u pages, word recall %.3f (%u/%u), %.2f s a page\n", all_pages,
            all_total ? (gdouble) all_found / all_total : 1.0, all_found, all_total, all_seconds / all_pages);
  return 0;
}
