/* commands.c: the helpers every command shares. */
#include "commands.h"

#include "indexer.h"
#include "record.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

gchar *
puebla_config_db_path (const gchar *db_option)
{
  if (db_option && *db_option)
    return g_canonicalize_filename (db_option, NULL);
  const gchar *env = g_getenv ("PUEBLA_DB");
  if (env && *env)
    return g_canonicalize_filename (env, NULL);
  return g_build_filename (g_get_user_data_dir (), "puebla", "index", NULL);
}

gboolean
puebla_parse_options (GOptionContext *context, int *argc, char ***argv, const gchar *command)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *prgname = g_strdup_printf ("puebla %s", command);
  g_set_prgname (prgname); /* "Usage: puebla search …" */
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      fprintf (stderr, "puebla %s: %s\n(try `puebla %s --help`)\n", command, error->message, command);
      return FALSE;
    }
  /* GOption leaves the "--" that ends the options in argv: drop it, so
     that `puebla search -- -Kozak migracion` searches "-Kozak migracion" */
  for (int i = 1; i < *argc; i++)
    if (g_str_equal ((*argv)[i], "--"))
      {
        memmove (&(*argv)[i], &(*argv)[i + 1], (size_t) (*argc - i) * sizeof (char *));
        (*argc)--;
        break;
      }
  return TRUE;
}

int
puebla_report_error (const gchar *command, const GError *error)
{
  fprintf (stderr, "puebla %s: %s\n", command, error->message);
  if (error->domain == PUEBLA_INDEX_ERROR && error->code == PUEBLA_INDEX_ERROR_BAD_QUERY)
    return PUEBLA_EXIT_USAGE;
  if (error->domain == PUEBLA_INDEX_ERROR && error->code == PUEBLA_INDEX_ERROR_NO_DOCUMENT)
    return PUEBLA_EXIT_NOT_FOUND;
  return PUEBLA_EXIT_ERROR;
}

void
puebla_print_json (JsonNode *node)
{
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  json_generator_set_pretty (gen, puebla_stdout_is_tty ());
  json_generator_set_root (gen, node);
  g_autofree gchar *text = json_generator_to_data (gen, NULL);
  fputs (text, stdout);
  fputc ('\n', stdout);
}

gchar *
puebla_display_path (const gchar *path)
{
  g_autofree gchar *utf8 = puebla_path_to_utf8 (path);
  GString *out = g_string_sized_new (strlen (utf8));
  for (const gchar *p = utf8; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\x%02x", c);
      else if ((c >= 0x80 && c < 0xa0) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

gboolean
puebla_stdout_is_tty (void)
{
  return isatty (STDOUT_FILENO);
}
