/* module.c: find and load a module of the puebla program (module.h). */
#include "module.h"

#include <gmodule.h>

/* Where the module may be, most specific first. */
static GPtrArray *
module_candidates (const gchar *file, const gchar *env_var, const gchar *build_dir)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  const gchar *env = g_getenv (env_var);
  if (env && *env)
    {
      g_ptr_array_add (out, g_strdup (env));
      return out;
    }
  g_autofree gchar *exe = g_file_read_link ("/proc/self/exe", NULL);
  if (exe)
    {
      g_autofree gchar *dir = g_path_get_dirname (exe);
      g_ptr_array_add (out, g_build_filename (dir, "..", "lib", "puebla", file, NULL));
      g_ptr_array_add (out, g_build_filename (dir, "..", build_dir, file, NULL));
    }
  return out;
}

gpointer
puebla_module_load_symbol (const gchar *file, const gchar *env_var, const gchar *build_dir, const gchar *symbol,
                           gchar **why)
{
  g_return_val_if_fail (file && env_var && build_dir && symbol && why, NULL);
  g_autoptr (GPtrArray) candidates = module_candidates (file, env_var, build_dir);
  GString *failures = g_string_new (NULL);
  for (guint i = 0; i < candidates->len; i++)
    {
      const gchar *path = g_ptr_array_index (candidates, i);
      if (i + 1 < candidates->len && !g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_string_append_printf (failures, "%s%s: not there", failures->len ? "; " : "", path);
          continue;
        }
      GModule *module = g_module_open (path, G_MODULE_BIND_LOCAL);
      gpointer found = NULL;
      if (module && g_module_symbol (module, symbol, &found) && found)
        {
          g_module_make_resident (module);
          g_string_free (failures, TRUE);
          *why = NULL;
          return found;
        }
      g_string_append_printf (failures, "%s%s", failures->len ? "; " : "", g_module_error ());
      if (module)
        g_module_close (module);
    }
  if (candidates->len == 0)
    g_string_append (failures, "cannot tell where this program is (/proc/self/exe)");
  *why = g_string_free (failures, FALSE);
  return NULL;
}
