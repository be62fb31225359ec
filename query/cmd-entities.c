/* cmd-entities.c: `puebla entities [--json] FILE` — what puebla finds in a
 * file: its document metadata and every country, organization, date,
 * meeting and status, with where each stands. Reads the file directly (no
 * index needed), as ingest would. */
#include "commands.h"

#include "extract.h"
#include "gazetteer.h"

#include <stdio.h>
#include <string.h>

static JsonNode *
to_json (const PueblaRecord *r)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) full = puebla_record_to_json (r, TRUE);
  JsonObject *o = json_node_get_object (full);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "document");
  json_builder_begin_object (b);
  static const gchar *const fields[] = { "id", "path", "title", "mime_type", "charset", "language", "kind",
                                         "meeting", "place", "place_country", "date", "page_count" };
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      json_builder_set_member_name (b, fields[i]);
      json_builder_add_value (b, json_node_copy (json_object_get_member (o, fields[i])));
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "entities");
  json_builder_add_value (b, json_node_copy (json_object_get_member (o, "entities")));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* The entity's text on one line, cut at 60 characters. */
static gchar *
one_line (const gchar *text)
{
  g_autofree gchar *copy = g_strdup (text);
  g_strdelimit (copy, "\t\n\r", ' ');
  if (g_utf8_strlen (copy, -1) <= 60)
    return g_steal_pointer (&copy);
  g_autofree gchar *cut = g_utf8_substring (copy, 0, 59);
  return g_strconcat (cut, "…", NULL);
}

static void
print_text (const PueblaRecord *r)
{
  g_autofree gchar *path = puebla_display_path (r->path);
  printf ("%-10s %s\n", "path:", path);
  const struct { const gchar *name, *value; } meta[] = {
    { "title:", r->title },       { "kind:", r->kind },         { "language:", r->language },
    { "meeting:", r->meeting },   { "place:", r->place },       { "country:", r->place_country },
    { "date:", r->date },
  };
  for (guint i = 0; i < G_N_ELEMENTS (meta); i++)
    printf ("%-10s %s\n", meta[i].name, meta[i].value ? meta[i].value : "—");

  guint counts[PUEBLA_ENTITY_N_TYPES] = { 0 };
  for (guint i = 0; i < r->entities->len; i++)
    counts[((PueblaEntity *) g_ptr_array_index (r->entities, i))->type]++;
  printf ("\n%u entities:", r->entities->len);
  for (guint t = 0; t < PUEBLA_ENTITY_N_TYPES; t++)
    printf (" %u %s%s", counts[t], puebla_entity_type_to_string ((PueblaEntityType) t), t + 1 < PUEBLA_ENTITY_N_TYPES ? "," : "");
  printf ("\n\n");
  for (guint i = 0; i < r->entities->len; i++)
    {
      const PueblaEntity *e = g_ptr_array_index (r->entities, i);
      g_autofree gchar *text = one_line (e->text);
      g_autofree gchar *where = r->page_count ? g_strdup_printf ("p%u:%zu", e->page, e->start)
                                              : g_strdup_printf ("%zu", e->start);
      printf ("%-8s %-10s %-24s %s\n", puebla_entity_type_to_string (e->type), where, e->id, text);
    }
}

int
puebla_cmd_entities (int argc, char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object (docs/json.md)", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE — the facts puebla finds in a file");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (
    context,
    "Reads FILE as ingest would (no index needed) and prints its document metadata\n"
    "(kind, language, meeting, place, date) and every entity: countries (ISO codes,\n"
    "from names, demonyms and cities), organizations (canonical acronyms), dates\n"
    "(normalized: 2004-12-02, 2005-03, 2004-Q1, ranges as start/end), meetings\n"
    "(IX CRM, GRCM 2005-03) and status (proposed, approved, ongoing, pending,\n"
    "completed), with the words as written and where they stand (byte offsets;\n"
    "p3:120 is page 3 of a PDF).");
  g_option_context_set_description (context, "The gazetteers are data/gazetteers/*.tsv; $PUEBLA_GAZETTEERS adds to them.\n"
                                              "The format readers are loaded from puebla-formats.so (beside the program;\n"
                                              "$PUEBLA_FORMATS_MODULE names another); exit status 3 when they cannot be.\n");
  if (!puebla_parse_options (context, &argc, &argv, "entities"))
    return PUEBLA_EXIT_USAGE;
  if (argc != 2)
    {
      fprintf (stderr, "puebla entities: give one FILE (try `puebla entities --help`)\n");
      return PUEBLA_EXIT_USAGE;
    }

  g_autoptr (GError) error = NULL;
  if (puebla_gazetteer_get_default (&error) == NULL || !puebla_extract_load (&error))
    return puebla_report_error ("entities", error);

  g_autoptr (PueblaRecord) record = puebla_extract_file (argv[1], NULL);
  if (record->verdict != PUEBLA_VERDICT_OK)
    {
      g_autofree gchar *path = puebla_display_path (argv[1]);
      fprintf (stderr, "puebla entities: %s: %s: %s\n", path, puebla_verdict_to_string (record->verdict),
               record->reason);
      return PUEBLA_EXIT_FAILED_FILES;
    }

  if (json)
    {
      g_autoptr (JsonNode) node = to_json (record);
      puebla_print_json (node);
    }
  else
    print_text (record);
  return PUEBLA_EXIT_OK;
}
