/* extract-loader.c: puebla_extract_file(), with the readers linked in or
 * loaded from the module puebla-formats.so (see extract.h). */
#include "extract.h"

#include "module.h"

G_DEFINE_QUARK (puebla-extract-error-quark, puebla_extract_error)

/* Defined when the readers are linked into this program (the puebla_ingest
   library, and the module itself); NULL in the puebla program. */
extern PueblaRecord *puebla_formats_extract_file (const gchar *path, const PueblaExtractLimits *limits)
  __attribute__ ((weak));

typedef PueblaRecord *(*ExtractFunc) (const gchar *path, const PueblaExtractLimits *limits);

static ExtractFunc loaded;
static gchar *load_error;

static void
load_module (void)
{
  loaded = (ExtractFunc) puebla_module_load_symbol ("puebla-formats.so", "PUEBLA_FORMATS_MODULE", "ingest",
                                                   "puebla_formats_extract_file", &load_error);
}

gboolean
puebla_extract_load (GError **error)
{
  if (puebla_formats_extract_file)
    return TRUE;
  static gsize done = 0;
  if (g_once_init_enter (&done))
    {
      load_module ();
      g_once_init_leave (&done, 1);
    }
  if (loaded == NULL)
    g_set_error (error, PUEBLA_EXTRACT_ERROR, PUEBLA_EXTRACT_ERROR_UNSUPPORTED,
                 "cannot load the readers of the file formats (puebla-formats.so): %s", load_error);
  return loaded != NULL;
}

PueblaRecord *
puebla_extract_file (const gchar *path, const PueblaExtractLimits *limits)
{
  g_return_val_if_fail (path != NULL, NULL);
  if (puebla_formats_extract_file)
    return puebla_formats_extract_file (path, limits);
  g_autoptr (GError) error = NULL;
  if (!puebla_extract_load (&error))
    {
      PueblaRecord *record = puebla_record_new (path);
      puebla_record_set_failed (record, PUEBLA_VERDICT_UNSUPPORTED, "%s", error->message);
      return record;
    }
  return loaded (path, limits);
}
