/* cmd-stats.c: `puebla stats [--db DIR] [--json]` */
#include "commands.h"

#include "searcher.h"

#include <stdio.h>

static gint
compare_keys (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const gchar *const *) a, *(const gchar *const *) b);
}

/* The keys of TABLE, sorted; the array does not own them. */
static GPtrArray *
sorted_keys (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter it;
  gpointer key;
  g_hash_table_iter_init (&it, table);
  while (g_hash_table_iter_next (&it, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_keys);
  return keys;
}

static void
add_counts (JsonBuilder *b, const gchar *name, GHashTable *table)
{
  g_autoptr (GPtrArray) keys = sorted_keys (table);
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  for (guint i = 0; i < keys->len; i++)
    {
      const gchar *k = g_ptr_array_index (keys, i);
      json_builder_set_member_name (b, k);
      json_builder_add_int_value (b, GPOINTER_TO_UINT (g_hash_table_lookup (table, k)));
    }
  json_builder_end_object (b);
}

JsonNode *
puebla_json_stats (const PueblaStats *stats)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  g_autofree gchar *index = puebla_path_to_utf8 (stats->path);
  json_builder_set_member_name (b, "index");
  json_builder_add_string_value (b, index);
  json_builder_set_member_name (b, "schema_version");
  json_builder_add_int_value (b, stats->schema_version);
  json_builder_set_member_name (b, "documents");
  json_builder_add_int_value (b, stats->documents);
  json_builder_set_member_name (b, "failed");
  json_builder_add_int_value (b, stats->failed);
  json_builder_set_member_name (b, "passages");
  json_builder_add_int_value (b, stats->passages);
  json_builder_set_member_name (b, "bytes");
  json_builder_add_int_value (b, stats->bytes);
  json_builder_set_member_name (b, "last_ingest");
  if (stats->last_ingest)
    json_builder_add_string_value (b, stats->last_ingest);
  else
    json_builder_add_null_value (b);
  add_counts (b, "by_verdict", stats->by_verdict);
  add_counts (b, "by_mime_type", stats->by_mime_type);
  json_builder_set_member_name (b, "failures");
  json_builder_begin_array (b);
  for (guint i = 0; i < stats->failures->len; i++)
    {
      const PueblaRecord *r = g_ptr_array_index (stats->failures, i);
      json_builder_begin_object (b);
      g_autofree gchar *path = puebla_path_to_utf8 (r->path);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, path);
      json_builder_set_member_name (b, "verdict");
      json_builder_add_string_value (b, puebla_verdict_to_string (r->verdict));
      json_builder_set_member_name (b, "reason");
      json_builder_add_string_value (b, r->reason ? r->reason : "");
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
print_stats (const PueblaStats *stats)
{
  g_autofree gchar *index = puebla_display_path (stats->path);
  printf ("index:        %s (layout version %d)\n", index, stats->schema_version);
  printf ("documents:    %u (%u failed)\n", stats->documents, stats->failed);
  printf ("passages:     %u\n", stats->passages);
  g_autofree gchar *bytes = g_format_size ((guint64) stats->bytes);
  printf ("source size:  %s\n", bytes);
  printf ("last ingest:  %s\n", stats->last_ingest ? stats->last_ingest : "never");

  g_autoptr (GPtrArray) mimes = sorted_keys (stats->by_mime_type);
  if (mimes->len)
    printf ("\nby type:\n");
  for (guint i = 0; i < mimes->len; i++)
    {
      const gchar *k = g_ptr_array_index (mimes, i);
      printf ("  %6u  %s\n", GPOINTER_TO_UINT (g_hash_table_lookup (stats->by_mime_type, k)), k);
    }
  g_autoptr (GPtrArray) verdicts = sorted_keys (stats->by_verdict);
  if (verdicts->len)
    printf ("\nby verdict:\n");
  for (guint i = 0; i < verdicts->len; i++)
    {
      const gchar *k = g_ptr_array_index (verdicts, i);
      printf ("  %6u  %s\n", GPOINTER_TO_UINT (g_hash_table_lookup (stats->by_verdict, k)), k);
    }
  if (stats->failures->len)
    printf ("\nfailed files:\n");
  for (guint i = 0; i < stats->failures->len; i++)
    {
      const PueblaRecord *r = g_ptr_array_index (stats->failures, i);
      g_autofree gchar *path = puebla_display_path (r->path);
      printf ("  %s: %s: %s\n", path, puebla_verdict_to_string (r->verdict), r->reason ? r->reason : "");
    }
}

int
puebla_cmd_stats (int argc, char **argv)
{
  g_autofree gchar *db_option = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_option, PUEBLA_READER_DB_HELP, "DIR" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object (docs/json.md)", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("— what the index holds");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context, "Counts of documents by type and verdict, and every file that failed.");
  if (!puebla_parse_options (context, &argc, &argv, "stats"))
    return PUEBLA_EXIT_USAGE;
  if (argc != 1)
    {
      fprintf (stderr, "puebla stats: takes no arguments (try `puebla stats --help`)\n");
      return PUEBLA_EXIT_USAGE;
    }

  g_autofree gchar *db_path = puebla_config_db_path (db_option);
  g_autoptr (GError) error = NULL;
  g_autoptr (PueblaSearcher) searcher = puebla_searcher_open (db_path, &error);
  if (searcher == NULL)
    return puebla_report_error ("stats", error);
  g_autoptr (PueblaStats) stats = puebla_searcher_get_stats (searcher, &error);
  if (stats == NULL)
    return puebla_report_error ("stats", error);

  if (json)
    {
      g_autoptr (JsonNode) node = puebla_json_stats (stats);
      puebla_print_json (node);
    }
  else
    print_stats (stats);
  return PUEBLA_EXIT_OK;
}
