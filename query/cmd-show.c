/* cmd-show.c: `puebla show [--db DIR] [--json] [--no-text] DOC` */
#include "commands.h"

#include "searcher.h"

#include <stdio.h>
#include <string.h>

static void
print_field (const gchar *name, const gchar *value)
{
  if (value && *value)
    printf ("%-14s %s\n", name, value);
}

static void
print_record (const PueblaRecord *record, gboolean with_text)
{
  g_autofree gchar *size = g_strdup_printf ("%" G_GINT64_FORMAT " bytes", record->size);
  g_autoptr (GDateTime) mtime = g_date_time_new_from_unix_local (record->mtime);
  g_autofree gchar *mtime_s = mtime ? g_date_time_format_iso8601 (mtime) : NULL;
  g_autofree gchar *pages = record->page_count ? g_strdup_printf ("%u", record->page_count) : NULL;

  print_field ("id:", record->id);
  g_autofree gchar *path = puebla_display_path (record->path);
  print_field ("path:", path);
  print_field ("title:", record->title);
  print_field ("type:", record->mime_type);
  print_field ("encoding:", record->charset);
  print_field ("size:", size);
  print_field ("file mtime:", mtime_s);
  print_field ("pages:", pages);
  print_field ("doc created:", record->created);
  print_field ("doc modified:", record->modified);
  print_field ("sha256:", record->content_hash);
  print_field ("verdict:", puebla_verdict_to_string (record->verdict));
  print_field ("reason:", record->reason);
  for (guint i = 0; i < record->warnings->len; i++)
    print_field ("warning:", g_ptr_array_index (record->warnings, i));

  if (!with_text)
    return;
  for (guint i = 0; i < record->pages->len; i++)
    {
      const PueblaPage *page = g_ptr_array_index (record->pages, i);
      if (page->number)
        printf ("\n--- page %u ---\n", page->number);
      else
        printf ("\n");
      fputs (page->text, stdout);
      if (*page->text && page->text[strlen (page->text) - 1] != '\n')
        fputc ('\n', stdout);
    }
}

int
puebla_cmd_show (int argc, char **argv)
{
  g_autofree gchar *db_option = NULL;
  gboolean json = FALSE, no_text = FALSE;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_option, PUEBLA_READER_DB_HELP, "DIR" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object (docs/json.md)", NULL },
    { "no-text", 0, 0, G_OPTION_ARG_NONE, &no_text, "Metadata only", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("DOC — print a document's metadata and text");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context, "DOC is the id that `puebla search` prints, or the path of an indexed file.");
  if (!puebla_parse_options (context, &argc, &argv, "show"))
    return PUEBLA_EXIT_USAGE;
  if (argc != 2)
    {
      fprintf (stderr, "puebla show: give one DOC (try `puebla show --help`)\n");
      return PUEBLA_EXIT_USAGE;
    }

  g_autofree gchar *db_path = puebla_config_db_path (db_option);
  g_autoptr (GError) error = NULL;
  g_autoptr (PueblaSearcher) searcher = puebla_searcher_open (db_path, &error);
  if (searcher == NULL)
    return puebla_report_error ("show", error);
  g_autoptr (PueblaRecord) record = puebla_searcher_get_record (searcher, argv[1], &error);
  if (record == NULL)
    return puebla_report_error ("show", error);

  if (json)
    {
      g_autoptr (JsonNode) node = puebla_record_to_json (record, !no_text);
      puebla_print_json (node);
    }
  else
    print_record (record, !no_text);
  return PUEBLA_EXIT_OK;
}
