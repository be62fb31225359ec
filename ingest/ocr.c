/* ocr.c: tesseract through its C API (see ocr.h). */
#include "ocr.h"

#include <dlfcn.h>
#include <tesseract/capi.h>

G_DEFINE_QUARK (puebla-ocr-error-quark, puebla_ocr_error)

struct _PueblaOcr
{
  TessBaseAPI *api;
  ETEXT_DESC *monitor;  /* carries the deadline of each reading */
};

typedef void (*SetMaxActiveLevels) (int);

static SetMaxActiveLevels set_max_active_levels;  /* NULL without OpenMP */

/* Once per process, before the first handle loads (see ocr.h). */
static gpointer
setup_process (gpointer data G_GNUC_UNUSED)
{
  /* "debug_file" is one of tesseract's global parameters: any handle sets
     it for all. It also hides the load errors, which we report ourselves. */
  TessBaseAPI *api = TessBaseAPICreate ();
  TessBaseAPISetVariable (api, "debug_file", "/dev/null");
  TessBaseAPIDelete (api);

  /* present when libtesseract brought libgomp in */
  set_max_active_levels = (SetMaxActiveLevels) dlsym (RTLD_DEFAULT, "omp_set_max_active_levels");
  return NULL;
}

PueblaOcr *
puebla_ocr_new (const gchar *languages, GError **error)
{
  static GOnce once = G_ONCE_INIT;
  g_once (&once, setup_process, NULL);

  if (languages == NULL)
    languages = PUEBLA_OCR_LANGUAGES;
  g_autoptr (PueblaOcr) ocr = g_new0 (PueblaOcr, 1);
  ocr->api = TessBaseAPICreate ();
  /* NULL datapath: the directory tesseract was built with, or
     $TESSDATA_PREFIX; the LSTM engine, the only one Debian ships models for */
  if (TessBaseAPIInit2 (ocr->api, NULL, languages, OEM_LSTM_ONLY) != 0)
    {
      g_set_error (error, PUEBLA_OCR_ERROR, PUEBLA_OCR_ERROR_LOAD,
                   "tesseract %s cannot load the models '%s' (is tesseract-ocr-spa installed?)", TessVersion (),
                   languages);
      return NULL;
    }
  /* tesseract's API defaults to one block of text; a page has columns,
     headings and tables: let it find them, as its command line does */
  TessBaseAPISetPageSegMode (ocr->api, PSM_AUTO);
  ocr->monitor = TessMonitorCreate ();
  return g_steal_pointer (&ocr);
}

void
puebla_ocr_free (PueblaOcr *ocr)
{
  if (ocr == NULL)
    return;
  if (ocr->monitor)
    TessMonitorDelete (ocr->monitor);
  if (ocr->api)
    {
      TessBaseAPIEnd (ocr->api);
      TessBaseAPIDelete (ocr->api);
    }
  g_free (ocr);
}

gchar *
puebla_ocr_read (PueblaOcr *ocr, const PueblaGreyImage *image, guint seconds, GError **error)
{
  g_return_val_if_fail (ocr != NULL, NULL);
  g_return_val_if_fail (image != NULL && image->pixels != NULL, NULL);
  g_return_val_if_fail (image->width > 0 && image->height > 0 && image->stride >= image->width, NULL);
  g_return_val_if_fail (image->width <= G_MAXINT && image->height <= G_MAXINT && image->stride <= G_MAXINT, NULL);

  if (seconds == 0)
    seconds = PUEBLA_OCR_DEFAULT_SECONDS;
  if (set_max_active_levels)
    set_max_active_levels (0);

  /* tesseract copies the pixels (SetImage makes its own Pix) */
  TessBaseAPISetImage (ocr->api, image->pixels, (int) image->width, (int) image->height, 1, (int) image->stride);
  TessBaseAPISetSourceResolution (ocr->api, (int) image->dpi);
  TessMonitorSetDeadlineMSecs (ocr->monitor, (int) MIN (seconds, G_MAXINT / 1000) * 1000);
  gint64 started = g_get_monotonic_time ();
  int rc = TessBaseAPIRecognize (ocr->api, ocr->monitor);
  gint64 elapsed = g_get_monotonic_time () - started;
  if (rc != 0)
    {
      TessBaseAPIClear (ocr->api);
      if (elapsed >= (gint64) seconds * G_USEC_PER_SEC)
        g_set_error (error, PUEBLA_OCR_ERROR, PUEBLA_OCR_ERROR_TIMEOUT, "OCR stopped after %u s", seconds);
      else
        g_set_error (error, PUEBLA_OCR_ERROR, PUEBLA_OCR_ERROR_FAILED, "tesseract could not read the image");
      return NULL;
    }

  char *text = TessBaseAPIGetUTF8Text (ocr->api);
  TessBaseAPIClear (ocr->api);
  if (text == NULL)
    {
      g_set_error (error, PUEBLA_OCR_ERROR, PUEBLA_OCR_ERROR_FAILED, "tesseract could not read the image");
      return NULL;
    }
  /* tesseract's allocator is not GLib's: copy, then give it back */
  gchar *copy = g_utf8_make_valid (text, -1);
  TessDeleteText (text);
  return copy;
}
