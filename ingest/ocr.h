/* ocr.h: the text of a page image, read by tesseract (OCR).
 *
 * What it does: holds one tesseract handle (TessBaseAPI, through its C API)
 * loaded with the Spanish and English models ("spa+eng": the records of the
 * CRM are in both, often on the same page) and reads 8-bit grey images with
 * it, one at a time, each under a time limit.
 *
 * What it owns: that handle and its models (about 30 MB once loaded).
 * A PueblaOcr is not thread-safe: use one per thread, or one per call
 * (extract-pdf.c makes one per PDF, and only when a page needs it).
 *
 * Process-wide, set once before the first handle is loaded:
 * - tesseract's messages ("Estimating resolution…", "Empty page!!", the
 *   errors of a failed load) go to /dev/null instead of stderr: its
 *   "debug_file" is a global parameter, so it is set once, under a GOnce,
 *   never while another thread may be reading it. Failures reach us as
 *   GErrors instead.
 * Per thread, before each reading:
 * - OpenMP is kept to one thread. Debian's libtesseract is built with
 *   OpenMP, and with several ingest threads each one would start its own
 *   team of threads: on 2 cores a page took 16 s instead of 2 s. tesseract's
 *   docs say to run with OMP_THREAD_LIMIT=1, but libgomp reads its
 *   environment once, when it is loaded, before main(): a g_setenv() in
 *   puebla comes too late and the user's environment cannot be relied on.
 *   So we call omp_set_max_active_levels (0) (no parallel region runs more
 *   than one thread), found with dlsym() so that puebla neither links
 *   libgomp itself nor fails with a tesseract built without OpenMP. In
 *   GCC 12's libgomp this setting belongs to the calling thread, hence
 *   "per thread".
 *
 * What it does not do: render pages (extract-pdf.c does, with poppler and
 * cairo) or decide which pages need reading.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PUEBLA_OCR_ERROR (puebla_ocr_error_quark ())
GQuark puebla_ocr_error_quark (void);

typedef enum
{
  PUEBLA_OCR_ERROR_LOAD,     /* tesseract or its language models cannot be loaded */
  PUEBLA_OCR_ERROR_FAILED,   /* recognition failed */
  PUEBLA_OCR_ERROR_TIMEOUT,  /* recognition ran past its time limit */
} PueblaOcrError;

/* The models read by default: Spanish first, then English. */
#define PUEBLA_OCR_LANGUAGES "spa+eng"

/* How long one image may take, in seconds, before its reading is stopped. */
#define PUEBLA_OCR_DEFAULT_SECONDS 120

/* An 8-bit grey image (0 black, 255 white): WIDTH × HEIGHT pixels, rows
 * STRIDE bytes apart, scanned or rendered at DPI dots per inch. PIXELS is
 * borrowed for the call only. */
typedef struct
{
  const guint8 *pixels;
  guint width;
  guint height;
  guint stride;
  guint dpi;
} PueblaGreyImage;

typedef struct _PueblaOcr PueblaOcr;

/* A new handle with the models of LANGUAGES (tesseract's "spa+eng" form;
 * NULL: PUEBLA_OCR_LANGUAGES), taken from tesseract's own data directory
 * (or $TESSDATA_PREFIX). Loading takes about 0.2 s. Returns NULL with
 * PUEBLA_OCR_ERROR_LOAD when a model is missing. Free with
 * puebla_ocr_free(). */
PueblaOcr *puebla_ocr_new (const gchar *languages, GError **error);

/* Frees OCR and its models; NULL is ignored. */
void puebla_ocr_free (PueblaOcr *ocr);

/* The text tesseract reads in IMAGE: newly allocated UTF-8 (lines as
 * tesseract found them, a blank line between blocks; "" when it reads
 * nothing), not yet cleaned (textclean.h). Stops after SECONDS (0:
 * PUEBLA_OCR_DEFAULT_SECONDS) with PUEBLA_OCR_ERROR_TIMEOUT; sets
 * PUEBLA_OCR_ERROR_FAILED when tesseract fails. Returns NULL on error. */
gchar *puebla_ocr_read (PueblaOcr *ocr, const PueblaGreyImage *image, guint seconds, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PueblaOcr, puebla_ocr_free)

G_END_DECLS
