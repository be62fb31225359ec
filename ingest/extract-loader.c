/* extract-loader.c: puebla_extract_file(), with the readers linked in or
 * loaded from the module puebla-formats.so (see extract.h). */
#include "extract.h"

#include <gmodule.h>

G_DEFINE_QUARK (puebla-extract-error-quark, puebla_extract_error)

/* Defined when the readers are linked into this program (the puebla_ingest
   library, and the module itself); NULL in the puebla program. */
extern PueblaRecord *puebla_formats_extract_file (const gchar *path, const PueblaExtractLimits *limits)
  __attribute__ ((weak));

typedef PueblaRecord *(*ExtractFunc) (const gchar *path, const PueblaExtractLimits *limits);

static ExtractFunc loaded;
static gchar *load_error;

/* Where the module may be, most specific first. */
static GPtrArray *
module_candidates (void)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  const gchar *env = g_getenv ("PUEBLA_FORMATS_MODULE");
  if (env && *env)
    {
      g_ptr_array_add (out, g_strdup (env));
      return out;
    }
  g_autofree gchar *exe = g_file_read_link ("/proc/self/exe", NULL);
  if (exe)
    {
      g_autofree gchar *dir = g_path_get_dirname (exe);
      g_ptr_array_add (out, g_build_filename (dir, "..", "lib", "puebla", "puebla-formats.so", NULL));
      g_ptr_array_add (out, g_build_filename (dir, "..", "ingest", "puebla-formats.so", NULL));
    }
  return out;
}

static void
load_module (void)
{
  g_autoptr (GPtrArray) candidates = module_candidates ();
  GString *why = g_string_new (NULL);
  for (guint i = 0; i < candidates->len; i++)
    {
      const gchar *path = g_ptr_array_index (candidates, i);
      if (i + 1 < candidates->len && !g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_string_append_printf (why, "%s%s: not there", why->len ? "; " : "", path);
          continue;
        }
      /* the module stays loaded until the process ends */
      GModule *module = g_module_open (path, G_MODULE_BIND_LOCAL);
      gpointer symbol = NULL;
      if (module && g_module_symbol (module, "puebla_formats_extract_file", &symbol) && symbol)
        {
          g_module_make_resident (module);
          loaded = (ExtractFunc) symbol;
          g_string_free (why, TRUE);
          return;
        }
      g_string_append_printf (why, "%s%s", why->len ? "; " : "", g_module_error ());
      if (module)
        g_module_close (module);
    }
  if (candidates->len == 0)
    g_string_append (why, "cannot tell where this program is (/proc/self/exe)");
  load_error = g_string_free (why, FALSE);
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
