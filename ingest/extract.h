/* extract.h: one file in, one PueblaRecord out.
 *
 * What it does: reads the file (within a byte budget), hashes it, asks
 * detect.h what it is, and hands the bytes to the extractor for that type
 * (a table in extract.c: plain text, PDF…). Every outcome is a record:
 * a failure is a record with a verdict and a reason, never a NULL.
 *
 * Designed to run anywhere: puebla_extract_file() is a pure function of
 * the file and the limits, touches no global state but the per-thread
 * libmagic handle, and its result serialises to JSON (record.h), so it can
 * run in a thread of the ingest pool today and in a worker process (with
 * time and memory limits around it) tomorrow.
 *
 * What it does not do: open the index, decide whether a file changed.
 */
#pragma once

#include "record.h"

G_BEGIN_DECLS

#define PUEBLA_EXTRACT_ERROR (puebla_extract_error_quark ())
GQuark puebla_extract_error_quark (void);

/* The codes extractors set; each maps to the verdict of the same name. */
typedef enum
{
  PUEBLA_EXTRACT_ERROR_UNSUPPORTED,
  PUEBLA_EXTRACT_ERROR_ENCRYPTED,
  PUEBLA_EXTRACT_ERROR_CORRUPT,
  PUEBLA_EXTRACT_ERROR_EMPTY,
  PUEBLA_EXTRACT_ERROR_NO_TEXT,
  PUEBLA_EXTRACT_ERROR_TOO_LARGE,
} PueblaExtractError;

/* What an extraction may spend. All zeros is a valid value: no byte
 * limit, OCR on, the default OCR page limit. */
typedef struct
{
  gint64 max_bytes;     /* files larger than this get the verdict too-large; 0: no limit */
  gboolean no_ocr;      /* TRUE: PDF pages without a text layer are not read by OCR (`puebla ingest --no-ocr`) */
  guint max_ocr_pages;  /* pages of one file read by OCR at most; 0: PUEBLA_EXTRACT_DEFAULT_MAX_OCR_PAGES */
  /* Called, when set, each time a long extraction makes a step (a page
     read by OCR): a worker process tells its parent, which gives the file
     another --timeout (worker.h). */
  void (*progress) (gpointer data);
  gpointer progress_data;
} PueblaExtractLimits;

#define PUEBLA_EXTRACT_DEFAULT_MAX_BYTES (256 * 1024 * 1024)
/* About 7 minutes of OCR at 2 s a page: a scanned book is cut short (with
   a warning) rather than holding an ingest thread for an hour. */
#define PUEBLA_EXTRACT_DEFAULT_MAX_OCR_PAGES 200

/* What an extractor is given: the file's bytes, what libmagic says, and
 * the limits (never NULL). */
typedef struct
{
  const gchar *path;
  const gchar *data;
  gsize len;
  const gchar *mime_type;
  const gchar *magic_charset;
  const PueblaExtractLimits *limits;
} PueblaSource;

/* An extractor fills RECORD's pages (and title, charset, page_count,
 * created, modified, warnings) from SOURCE. On failure it returns FALSE and
 * sets a PUEBLA_EXTRACT_ERROR. */
typedef gboolean (*PueblaExtractFunc) (const PueblaSource *source, PueblaRecord *record, GError **error);

/* Extracts PATH. LIMITS may be NULL (defaults: 256 MiB, OCR on). Returns
 * a new record (never NULL); check its verdict. A PDF page without a text
 * layer is read by OCR (ocr.h) unless LIMITS say no_ocr; a file whose
 * pages are all scans then gets the verdict no-text. */
PueblaRecord *puebla_extract_file (const gchar *path, const PueblaExtractLimits *limits);

/* The readers of the formats link poppler, tesseract, libarchive, libxml2
 * and libmagic: some 80 shared libraries that a search does not need and
 * that would cost it 20 ms to load. So the puebla program holds only
 * puebla_extract_file(), which loads them, on first use, from the module
 * puebla-formats.so (next to the program: ../lib/puebla/ when installed,
 * ../ingest/ in the build tree; $PUEBLA_FORMATS_MODULE names another).
 * Programs linked with the puebla_ingest library (tests, bench) hold the
 * readers themselves. puebla_extract_load() loads them now: FALSE with an
 * error naming the module and why it cannot be loaded. Thread-safe. */
gboolean puebla_extract_load (GError **error);

/* The readers' entry point (ingest/extract.c), which
 * puebla_extract_file() calls. */
PueblaRecord *puebla_formats_extract_file (const gchar *path, const PueblaExtractLimits *limits);


/* The extractors (extract-*.c), exposed for tests. */
gboolean _puebla_extract_text (const PueblaSource *source, PueblaRecord *record, GError **error);
gboolean _puebla_extract_pdf (const PueblaSource *source, PueblaRecord *record, GError **error);
/* Word-processor formats: one unpaged page whose tables are also in
   record->table_rows (doctext.h). */
gboolean _puebla_extract_docx (const PueblaSource *source, PueblaRecord *record, GError **error);
gboolean _puebla_extract_odt (const PueblaSource *source, PueblaRecord *record, GError **error);
gboolean _puebla_extract_html (const PueblaSource *source, PueblaRecord *record, GError **error);
gboolean _puebla_extract_rtf (const PueblaSource *source, PueblaRecord *record, GError **error);
gboolean _puebla_extract_doc (const PueblaSource *source, PueblaRecord *record, GError **error);
/* A zip of unknown kind (application/zip): DOCX or ODT by its members,
   else unsupported. */
gboolean _puebla_extract_zip (const PueblaSource *source, PueblaRecord *record, GError **error);

G_END_DECLS
