/* extract-pdf.c: PDF through poppler-glib, page by page.
 *
 * Each page's text (poppler's reading order) becomes a page of the record
 * with its 1-based number; the metadata gives the title (when it says more
 * than a file name or "FINAL"), the creation and modification dates and
 * the page count.
 *
 * A page without a text layer (a scan) is rendered in grey with cairo and
 * read by OCR (ocr.h); its page is marked ocr (record.h) and the record
 * gets a warning saying which pages were read so. The tesseract handle is
 * made for the file, on its first scanned page, and freed with it: the
 * extractor runs in several ingest threads at once and a handle serves
 * one thread. OCR is bounded: a page is rendered at OCR_DPI or less (never
 * more than OCR_MAX_PIXELS), each page has PUEBLA_OCR_DEFAULT_SECONDS, and
 * a file max_ocr_pages (extract.h); pages left unread are named in a
 * warning.
 *
 * poppler can hang or abort on a hostile file: this extractor keeps to the
 * calls that plain text extraction needs (no form fields, no annotations)
 * and is meant to run inside an isolated worker later (see extract.h).
 */
#include "extract.h"
#include "extract-private.h"

#include "ocr.h"
#include "pdf-table.h"
#include "textclean.h"

#include <cairo.h>
#include <math.h>
#include <poppler.h>
#include <string.h>

/* A page whose text layer holds fewer non-space characters than this,
 * and whose images cover at least SCAN_MIN_IMAGE_SHARE of it, is taken
 * for a scan and read by OCR. Scans often carry a few characters of text
 * that a scanner or an archive tool stamped on them: a page number ("12",
 * "Página 3 de 15"), a file or Bates number ("CRM-2003-000123"), up to
 * some 15 characters; a page of the records with text on it has hundreds.
 * A short page without such an image (a title page, "ANEXO I", a page of
 * labels, a blank page) keeps its layer as it is: OCR would only cost
 * seconds. The OCR text replaces the layer's only when it holds more.
 * (Text drawn as outlines, with no image and no text layer, is not read.) */
#define SCAN_MAX_CHARS 24
#define SCAN_MIN_IMAGE_SHARE 0.5

/* The resolution tesseract reads best at (its docs: 300 dpi). */
#define OCR_DPI 300.0
/* At most this many pixels a page: 80 MB while cairo draws it (4 bytes a
 * pixel), 20 MB of grey for tesseract. A3 at 300 dpi is 17.4 million; a
 * larger page is read at a lower resolution, a poster-sized one badly,
 * but none allocates gigabytes. */
#define OCR_MAX_PIXELS 20000000.0
/* and this many on a side (a long strip of a page) */
#define OCR_MAX_SIDE 10000.0

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

/* The characters of PAGE with their boxes, for pdf-table.c. TEXT is
   poppler_page_get_text (PAGE): poppler keeps the page's text from that
   call for the boxes, so a page's text is laid out once, not twice. */
static PueblaPageLayout *
page_layout (PopplerPage *page, guint number, const gchar *text)
{
  gdouble width = 0, height = 0;
  poppler_page_get_size (page, &width, &height);
  PueblaPageLayout *layout = puebla_page_layout_new (number, width, height);
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

/* The non-space characters of TEXT, up to LIMIT. */
static guint
count_visible (const gchar *text, guint limit)
{
  guint n = 0;
  for (const gchar *p = text; *p && n < limit; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      n++;
  return n;
}

/* "2, 4–6, 9": page NUMBERS (ascending) with runs joined; after 12 runs,
   "…". */
static gchar *
format_pages (const GArray *numbers)
{
  GString *out = g_string_new (NULL);
  guint runs = 0;
  for (guint i = 0; i < numbers->len; i++)
    {
      guint first = g_array_index (numbers, guint, i), last = first;
      while (i + 1 < numbers->len && g_array_index (numbers, guint, i + 1) == last + 1)
        last = g_array_index (numbers, guint, ++i);
      if (++runs > 12)
        {
          g_string_append (out, ", …");
          break;
        }
      g_string_append_printf (out, "%s%u", out->len ? ", " : "", first);
      if (last > first)
        g_string_append_printf (out, "%s%u", last == first + 1 ? ", " : "–", last);
    }
  return g_string_free (out, FALSE);
}

/* The OCR of one file: its handle, made on the first scanned page, and
   what became of each scanned page, for the warnings. */
typedef struct
{
  gboolean off;        /* no_ocr */
  guint max_pages;
  PueblaOcr *ocr;      /* NULL until needed */
  GError *load_error;  /* set when the handle could not be made */
  guint tried;         /* pages handed to OCR */
  GArray *read;        /* page numbers whose text came from OCR */
  GArray *blank;       /* scanned pages where OCR read nothing either */
  GArray *unread;      /* scanned pages not read: OCR off or unavailable */
  GArray *skipped;     /* scanned pages past max_pages */
  const PueblaExtractLimits *limits;
} OcrRun;

static void
ocr_run_init (OcrRun *run, const PueblaExtractLimits *limits)
{
  run->off = limits && limits->no_ocr;
  run->max_pages = limits && limits->max_ocr_pages ? limits->max_ocr_pages : PUEBLA_EXTRACT_DEFAULT_MAX_OCR_PAGES;
  run->limits = limits;
  run->ocr = NULL;
  run->load_error = NULL;
  run->tried = 0;
  run->read = g_array_new (FALSE, FALSE, sizeof (guint));
  run->blank = g_array_new (FALSE, FALSE, sizeof (guint));
  run->unread = g_array_new (FALSE, FALSE, sizeof (guint));
  run->skipped = g_array_new (FALSE, FALSE, sizeof (guint));
}

static void
ocr_run_clear (OcrRun *run)
{
  puebla_ocr_free (run->ocr);
  g_clear_error (&run->load_error);
  g_array_unref (run->read);
  g_array_unref (run->blank);
  g_array_unref (run->unread);
  g_array_unref (run->skipped);
}

/* PAGE drawn on white and made 8-bit grey, at OCR_DPI or less (see
   OCR_MAX_PIXELS); the pixels are newly allocated (g_free), IMAGE borrows
   them. NULL with a reason (for a warning) when the page cannot be drawn. */
static guint8 *
render_grey (PopplerPage *page, PueblaGreyImage *image /* OUT */, gchar **why /* OUT */)
{
  gdouble width = 0, height = 0;
  poppler_page_get_size (page, &width, &height);
  if (!(width >= 1 && height >= 1 && width < 1e6 && height < 1e6))
    {
      *why = g_strdup_printf ("its size (%g × %g points) cannot be drawn", width, height);
      return NULL;
    }
  gdouble dpi = OCR_DPI;
  gdouble inches_w = width / 72.0, inches_h = height / 72.0;
  dpi = MIN (dpi, sqrt (OCR_MAX_PIXELS / (inches_w * inches_h)));
  dpi = MIN (dpi, OCR_MAX_SIDE / MAX (inches_w, inches_h));
  int w = MAX (1, (int) ceil (inches_w * dpi)), h = MAX (1, (int) ceil (inches_h * dpi));

  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      *why = g_strdup_printf ("cairo cannot make a %d × %d image (%s)", w, h,
                              cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return NULL;
    }
  cairo_t *cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, dpi / 72.0, dpi / 72.0);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  const guint8 *data = cairo_image_surface_get_data (surface);
  gsize stride = (gsize) cairo_image_surface_get_stride (surface);
  guint8 *grey = g_malloc ((gsize) w * (gsize) h);
  for (gsize y = 0; y < (gsize) h; y++)
    {
      const guint32 *row = (const guint32 *) (const void *) (data + y * stride);
      guint8 *out = grey + y * (gsize) w;
      for (gsize x = 0; x < (gsize) w; x++)
        {
          guint32 px = row[x]; /* xRGB, native endian */
          guint r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;
          out[x] = (guint8) ((r * 77 + g * 150 + b * 29) >> 8); /* ITU-R 601 luma */
        }
    }
  cairo_surface_destroy (surface);
  *image = (PueblaGreyImage){ grey, (guint) w, (guint) h, (guint) w, (guint) lround (dpi) };
  return grey;
}

/* How much of PAGE its images cover (0 to 1; overlaps counted twice,
   so capped at 1). */
static gdouble
image_share (PopplerPage *page)
{
  gdouble w = 0, h = 0;
  poppler_page_get_size (page, &w, &h);
  if (w <= 0 || h <= 0)
    return 0;
  GList *images = poppler_page_get_image_mapping (page);
  gdouble covered = 0;
  for (GList *l = images; l; l = l->next)
    {
      const PopplerImageMapping *m = l->data;
      covered += fabs (m->area.x2 - m->area.x1) * fabs (m->area.y2 - m->area.y1);
    }
  poppler_page_free_image_mapping (images);
  return MIN (covered / (w * h), 1.0);
}

/* The text OCR reads on PAGE (NUMBER), cleaned, or NULL (a warning on
   RECORD says why when it is not "OCR off"). Records the page in RUN. */
static gchar *
ocr_page (OcrRun *run, PopplerPage *page, guint number, PueblaRecord *record)
{
  if (run->off || run->load_error)
    {
      g_array_append_val (run->unread, number);
      return NULL;
    }
  if (run->tried >= run->max_pages)
    {
      g_array_append_val (run->skipped, number);
      return NULL;
    }
  if (run->ocr == NULL)
    {
      run->ocr = puebla_ocr_new (NULL, &run->load_error);
      if (run->ocr == NULL)
        {
          g_array_append_val (run->unread, number);
          return NULL;
        }
    }
  run->tried++;
  /* a page of OCR takes seconds: each one is a step the time limit allows */
  if (run->limits && run->limits->progress)
    run->limits->progress (run->limits->progress_data);

  PueblaGreyImage image;
  g_autofree gchar *why = NULL;
  g_autofree guint8 *pixels = render_grey (page, &image, &why);
  if (pixels == NULL)
    {
      puebla_record_add_warning (record, "page %u cannot be read by OCR: %s", number, why);
      return NULL;
    }
  if (image.dpi < (guint) OCR_DPI)
    puebla_record_add_warning (record, "page %u is too large to read by OCR at %.0f dpi: read at %u dpi", number,
                               OCR_DPI, image.dpi);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *raw = puebla_ocr_read (run->ocr, &image, 0, &error);
  if (raw == NULL)
    {
      puebla_record_add_warning (record, "page %u cannot be read by OCR: %s", number, error->message);
      return NULL;
    }
  return puebla_textclean (raw);
}

/* "page 2" or "pages 2, 4–6". */
static gchar *
pages_phrase (const GArray *numbers)
{
  g_autofree gchar *list = format_pages (numbers);
  return g_strdup_printf ("page%s %s", numbers->len == 1 ? "" : "s", list);
}

/* The warnings that say what OCR did, or could not do, on the scanned pages. */
static void
warn_ocr (const OcrRun *run, PueblaRecord *record)
{
  if (run->read->len)
    {
      g_autofree gchar *pages = pages_phrase (run->read);
      puebla_record_add_warning (record, "%u page%s read by OCR (no text layer): %s", run->read->len,
                                 run->read->len == 1 ? "" : "s", pages);
    }
  if (run->blank->len)
    {
      g_autofree gchar *pages = pages_phrase (run->blank);
      puebla_record_add_warning (record, "OCR read no text on %s (blank?)", pages);
    }
  if (run->unread->len)
    {
      g_autofree gchar *pages = pages_phrase (run->unread);
      g_autofree gchar *why = run->load_error ? g_strdup_printf ("unavailable (%s)", run->load_error->message)
                                              : g_strdup ("off");
      puebla_record_add_warning (record, "%s %s no text layer (scan%s?) and OCR is %s: %s text is missing", pages,
                                 run->unread->len == 1 ? "has" : "have", run->unread->len == 1 ? "" : "s", why,
                                 run->unread->len == 1 ? "its" : "their");
    }
  if (run->skipped->len)
    {
      g_autofree gchar *pages = pages_phrase (run->skipped);
      puebla_record_add_warning (record, "OCR stops at %u page%s a file: %s with no text layer not read",
                                 run->max_pages, run->max_pages == 1 ? "" : "s", pages);
    }
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

  /* A page has text when its layer holds more than a stamp, or when OCR
     read its image (and found something, on it or in the layer). */
  OcrRun run;
  ocr_run_init (&run, source->limits);
  guint with_text = 0;
  /* where the characters stand, for the tables (pdf-table.h) */
  g_autoptr (GPtrArray) layouts = g_ptr_array_new_with_free_func ((GDestroyNotify) puebla_page_layout_free);
  for (int i = 0; i < n_pages; i++)
    {
      guint number = (guint) i + 1;
      g_autoptr (PopplerPage) page = poppler_document_get_page (doc, i);
      if (page == NULL)
        {
          puebla_record_add_warning (record, "page %d cannot be read", i + 1);
          continue;
        }
      g_autofree gchar *raw = poppler_page_get_text (page);
      g_ptr_array_add (layouts, page_layout (page, number, raw));
      gchar *text = puebla_textclean (raw ? raw : "");
      gboolean by_ocr = FALSE, has_text = count_visible (text, SCAN_MAX_CHARS) >= SCAN_MAX_CHARS;
      gboolean scan = !has_text && image_share (page) >= SCAN_MIN_IMAGE_SHARE;
      if (!has_text && !scan)
        has_text = !puebla_text_is_blank (text); /* short, or blank: as it is */
      else if (scan)
        {
          gchar *read = ocr_page (&run, page, number, record);
          guint in_layer = count_visible (text, G_MAXUINT);
          if (read && count_visible (read, in_layer + 1) > in_layer)
            {
              g_free (text);
              text = read;
              by_ocr = TRUE;
              g_array_append_val (run.read, number);
            }
          else
            {
              /* read but empty (a failure has its own warning) */
              if (read && in_layer == 0)
                g_array_append_val (run.blank, number);
              g_free (read);
            }
          /* a stamp alone on a scan is no text: OCR off, unavailable or
             capped leaves the page without */
          has_text = by_ocr && !puebla_text_is_blank (text);
        }
      with_text += has_text;
      puebla_record_add_page_take (record, number, text)->ocr = by_ocr;
    }

  if (with_text == 0)
    {
      g_autofree gchar *where = n_pages == 1 ? g_strdup ("its one page: it is a scan")
                                             : g_strdup_printf ("any of its %d pages: they are scans", n_pages);
      if (run.off)
        g_set_error (error, PUEBLA_EXTRACT_ERROR, PUEBLA_EXTRACT_ERROR_NO_TEXT,
                     "no text layer on %s, and OCR is off (--no-ocr)", where);
      else if (run.load_error)
        g_set_error (error, PUEBLA_EXTRACT_ERROR, PUEBLA_EXTRACT_ERROR_NO_TEXT,
                     "no text layer on %s, and OCR is unavailable (%s)", where, run.load_error->message);
      else if (n_pages == 1)
        g_set_error (error, PUEBLA_EXTRACT_ERROR, PUEBLA_EXTRACT_ERROR_NO_TEXT,
                     "no text on its one page: no text layer (a scan?) and OCR read nothing on it");
      else
        g_set_error (error, PUEBLA_EXTRACT_ERROR, PUEBLA_EXTRACT_ERROR_NO_TEXT,
                     "no text on any of its %d pages: no text layer (scans?) and OCR read nothing on them",
                     n_pages);
      ocr_run_clear (&run);
      return FALSE;
    }
  warn_ocr (&run, record);
  ocr_run_clear (&run);

  record->page_count = (guint) n_pages;
  record->title = _puebla_usable_title (poppler_document_get_title (doc));

  /* tables: rebuilt from where the characters stand (pdf-table.h) */
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
