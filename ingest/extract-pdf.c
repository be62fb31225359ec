/* extract-pdf.c: PDF through poppler-glib, page by page.
 *
 * Each page's text (poppler's reading order) becomes a page of the record
 * with its 1-based number; the metadata gives the title (when it says more
 * than a file name or "FINAL"), the creation and modification dates and
 * the page count.
 *
 * poppler can hang or abort on a hostile file: this extractor keeps to the
 * calls that plain text extraction needs (no form fields, no annotations)
 * and is meant to run inside an isolated worker later (see extract.h).
 */
#include "extract.h"

#include "pdf-table.h"
#include "textclean.h"

#include <poppler.h>
#include <string.h>

/* poppler-glib 22.12 declares no autoptr cleanups */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

static gchar *
iso8601 (GDateTime *dt)
{
  if (dt == NULL)
    return NULL;
  gchar *s = g_date_time_format_iso8601 (dt);
  g_date_time_unref (dt);
  return s;
}

/* A metadata title worth showing: not empty, not a file name, not a lone
 * word such as "FINAL" or "Untitled". */
static gchar *
usable_title (gchar *title /* consumed */)
{
  g_autofree gchar *t = title;
  if (t == NULL)
    return NULL;

  g_strstrip (t);
  const gchar *s = t;
  if (g_str_has_prefix (s, "Microsoft Word - "))
    s += strlen ("Microsoft Word - ");

  g_autofree gchar *lower = g_utf8_strdown (s, -1);
  static const gchar *const file_suffixes[] = { ".doc", ".docx", ".rtf", ".odt", ".pdf", ".txt", ".wpd" };
  for (guint i = 0; i < G_N_ELEMENTS (file_suffixes); i++)
    if (g_str_has_suffix (lower, file_suffixes[i]))
      return NULL;
  if (strchr (s, ' ') == NULL || g_utf8_strlen (s, -1) < 8)
    return NULL;
  return g_strdup (s);
}

/* The characters of PAGE with their boxes, for pdf-table.c. */
static PueblaPageLayout *
page_layout (PopplerPage *page, guint number)
{
  gdouble width = 0, height = 0;
  poppler_page_get_size (page, &width, &height);
  PueblaPageLayout *layout = puebla_page_layout_new (number, width, height);
  g_autofree gchar *text = poppler_page_get_text (page);
  PopplerRectangle *rects = NULL;
  guint n_rects = 0;
  if (text == NULL || !poppler_page_get_text_layout (page, &rects, &n_rects))
    return layout;
  /* one rectangle per character of the text, in order (poppler may give
     fewer: stop there) */
  guint k = 0;
  for (const gchar *p = text; *p && k < n_rects; p = g_utf8_next_char (p), k++)
    {
      PueblaGlyph g = { g_utf8_get_char (p), rects[k].x1, rects[k].y1, rects[k].x2, rects[k].y2 };
      g_array_append_val (layout->glyphs, g);
    }
  g_free (rects);
  return layout;
}

gboolean
_puebla_extract_pdf (const PueblaSource *source, PueblaRecord *record, GError **error)
{
  g_autoptr (GBytes) bytes = g_bytes_new_static (source->data, source->len);
  g_autoptr (GError) local = NULL;
  g_autoptr (PopplerDocument) doc = poppler_document_new_from_bytes (bytes, NULL, &local);

  /* A file cut short lacks the %%EOF that ends every PDF (the bytes hold
     NULs: memmem, not strstr). */
  gsize tail = MIN (source->len, (gsize) 2048);
  gboolean truncated = memmem (source->data + source->len - tail, tail, "%%EOF", 5) == NULL;

  if (doc == NULL)
    {
      if (g_error_matches (local, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        g_set_error (error, PUEBLA_EXTRACT_ERROR, PUEBLA_EXTRACT_ERROR_ENCRYPTED,
                     "PDF protected by a password: it cannot be opened without it");
      else
        g_set_error (error, PUEBLA_EXTRACT_ERROR, PUEBLA_EXTRACT_ERROR_CORRUPT, "%sPDF that poppler cannot open (%s)",
                     truncated ? "truncated " : "damaged ", local ? local->message : "no reason given");
      return FALSE;
    }

  int n_pages = poppler_document_get_n_pages (doc);
  if (n_pages <= 0)
    {
      g_set_error (error, PUEBLA_EXTRACT_ERROR, PUEBLA_EXTRACT_ERROR_CORRUPT, "damaged PDF: it has no pages");
      return FALSE;
    }

  /* A file cut short may still open (poppler rebuilds the cross-reference
     table) and give the text of the pages it holds: keep that, and say so. */
  if (truncated)
    puebla_record_add_warning (record, "truncated PDF (no %%%%EOF at the end): some text may be missing");

  guint with_text = 0;
  for (int i = 0; i < n_pages; i++)
    {
      g_autoptr (PopplerPage) page = poppler_document_get_page (doc, i);
      if (page == NULL)
        {
          puebla_record_add_warning (record, "page %d cannot be read", i + 1);
          continue;
        }
      g_autofree gchar *raw = poppler_page_get_text (page);
      gchar *text = puebla_textclean (raw ? raw : "");
      if (!puebla_text_is_blank (text))
        with_text++;
      puebla_record_add_page_take (record, (guint) i + 1, text);
    }

  if (with_text == 0)
    {
      g_set_error (error, PUEBLA_EXTRACT_ERROR, PUEBLA_EXTRACT_ERROR_NO_TEXT,
                   "no text layer on any of its %d pages (a scan?)", n_pages);
      return FALSE;
    }
  if (with_text < (guint) n_pages)
    puebla_record_add_warning (record, "%u of %d pages have no text (scanned pages?)",
                               (guint) n_pages - with_text, n_pages);

  record->page_count = (guint) n_pages;
  record->title = usable_title (poppler_document_get_title (doc));

  /* tables: rebuilt from where the characters stand (pdf-table.h) */
  g_autoptr (GPtrArray) layouts = g_ptr_array_new_with_free_func ((GDestroyNotify) puebla_page_layout_free);
  for (int i = 0; i < n_pages; i++)
    {
      g_autoptr (PopplerPage) page = poppler_document_get_page (doc, i);
      if (page)
        g_ptr_array_add (layouts, page_layout (page, (guint) i + 1));
    }
  g_autoptr (GPtrArray) rows = puebla_pdf_tables_rebuild (layouts);
  guint body_rows = 0;
  for (guint i = 0; i < rows->len; i++)
    body_rows += !((PueblaTableRow *) g_ptr_array_index (rows, i))->header;
  if (body_rows >= 2)
    {
      g_ptr_array_unref (record->table_rows);
      record->table_rows = g_steal_pointer (&rows);
    }
  record->created = iso8601 (poppler_document_get_creation_date_time (doc));
  record->modified = iso8601 (poppler_document_get_modification_date_time (doc));
  return TRUE;
}
