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

typedef struct
{
  gint64 max_bytes;   /* files larger than this get the verdict too-large; 0: no limit */
} PueblaExtractLimits;

#define PUEBLA_EXTRACT_DEFAULT_MAX_BYTES (256 * 1024 * 1024)

/* What an extractor is given: the file's bytes and what libmagic says. */
typedef struct
{
  const gchar *path;
  const gchar *data;
  gsize len;
  const gchar *mime_type;
  const gchar *magic_charset;
} PueblaSource;

/* An extractor fills RECORD's pages (and title, charset, page_count,
 * created, modified, warnings) from SOURCE. On failure it returns FALSE and
 * sets a PUEBLA_EXTRACT_ERROR. */
typedef gboolean (*PueblaExtractFunc) (const PueblaSource *source, PueblaRecord *record, GError **error);

/* Extracts PATH. LIMITS may be NULL (defaults). Returns a new record
 * (never NULL); check its verdict. */
PueblaRecord *puebla_extract_file (const gchar *path, const PueblaExtractLimits *limits);

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
