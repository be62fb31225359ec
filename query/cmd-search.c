/* cmd-search.c: `puebla search [--db DIR] [--limit N] [--offset N] [--json] QUERY…` */
#include "commands.h"

#include "record.h"
#include "searcher.h"

#include <stdio.h>
#include <string.h>

/* The snippet with its highlights marked by OPEN and CLOSE; with ESCAPE,
   the text is HTML-escaped (the marks are not). */
static gchar *
mark_snippet (const PueblaHit *hit, const gchar *open, const gchar *close, gboolean escape)
{
  GString *out = g_string_new (NULL);
  guint at = 0;
  for (guint i = 0; i <= hit->highlights->len; i++)
    {
      guint end = i < hit->highlights->len ? g_array_index (hit->highlights, PueblaSpan, i).start
                                           : (guint) strlen (hit->snippet);
      g_autofree gchar *plain = g_strndup (hit->snippet + at, end - at);
      if (escape)
        {
          g_autofree gchar *e = g_markup_escape_text (plain, -1);
          g_string_append (out, e);
        }
      else
        g_string_append (out, plain);
      if (i == hit->highlights->len)
        break;
      const PueblaSpan *span = &g_array_index (hit->highlights, PueblaSpan, i);
      g_autofree gchar *word = g_strndup (hit->snippet + span->start, span->end - span->start);
      g_autofree gchar *e = escape ? g_markup_escape_text (word, -1) : g_strdup (word);
      g_string_append_printf (out, "%s%s%s", open, e, close);
      at = span->end;
    }
  return g_string_free (out, FALSE);
}

/* PATH relative to the current directory when it lies below it. */
static gchar *
display_path (const gchar *path)
{
  g_autofree gchar *cwd = g_get_current_dir ();
  gsize n = strlen (cwd);
  if (strncmp (path, cwd, n) == 0 && path[n] == '/')
    return puebla_display_path (path + n + 1);
  return puebla_display_path (path);
}

JsonNode *
puebla_json_search_results (const PueblaSearchResults *results)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "query");
  json_builder_add_string_value (b, results->query);
  json_builder_set_member_name (b, "total");
  json_builder_add_int_value (b, results->total);
  json_builder_set_member_name (b, "partial");
  json_builder_add_boolean_value (b, results->partial);
  json_builder_set_member_name (b, "examined");
  json_builder_add_int_value (b, results->examined);
  json_builder_set_member_name (b, "offset");
  json_builder_add_int_value (b, results->offset);
  json_builder_set_member_name (b, "limit");
  json_builder_add_int_value (b, results->limit);
  json_builder_set_member_name (b, "results");
  json_builder_begin_array (b);
  for (guint i = 0; i < results->hits->len; i++)
    {
      const PueblaHit *hit = g_ptr_array_index (results->hits, i);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "rank");
      json_builder_add_int_value (b, results->offset + i + 1);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, hit->id);
      g_autofree gchar *path = puebla_path_to_utf8 (hit->path);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, path);
      json_builder_set_member_name (b, "title");
      if (hit->title)
        json_builder_add_string_value (b, hit->title);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "mime_type");
      json_builder_add_string_value (b, hit->mime_type ? hit->mime_type : "");
      json_builder_set_member_name (b, "score");
      json_builder_add_double_value (b, hit->score);
      json_builder_set_member_name (b, "percent");
      json_builder_add_int_value (b, hit->percent);
      const struct { const gchar *name, *value; } meta[] = {
        { "kind", hit->kind }, { "language", hit->language }, { "date", hit->date }, { "meeting", hit->meeting },
      };
      for (guint m = 0; m < G_N_ELEMENTS (meta); m++)
        {
          json_builder_set_member_name (b, meta[m].name);
          if (meta[m].value)
            json_builder_add_string_value (b, meta[m].value);
          else
            json_builder_add_null_value (b);
        }
      json_builder_set_member_name (b, "page");
      if (hit->page)
        json_builder_add_int_value (b, hit->page);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "section");
      if (hit->section)
        json_builder_add_string_value (b, hit->section);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "passage");
      if (hit->passage)
        {
          /* the passage itself: ordinal, kind, section, text, cells, entities */
          json_builder_add_value (b, puebla_passage_to_json (hit->passage));
        }
      else
        json_builder_add_null_value (b);
      g_autofree gchar *marked = mark_snippet (hit, "<mark>", "</mark>", TRUE);
      json_builder_set_member_name (b, "snippet");
      json_builder_add_string_value (b, marked);
      json_builder_set_member_name (b, "snippet_text");
      json_builder_add_string_value (b, hit->snippet);
      json_builder_set_member_name (b, "highlights");
      json_builder_begin_array (b);
      for (guint j = 0; j < hit->highlights->len; j++)
        {
          const PueblaSpan *span = &g_array_index (hit->highlights, PueblaSpan, j);
          /* in characters, as Python, R and JavaScript count */
          json_builder_begin_array (b);
          json_builder_add_int_value (b, g_utf8_pointer_to_offset (hit->snippet, hit->snippet + span->start));
          json_builder_add_int_value (b, g_utf8_pointer_to_offset (hit->snippet, hit->snippet + span->end));
          json_builder_end_array (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  if (results->facets->len)
    {
      json_builder_set_member_name (b, "facets");
      json_builder_begin_object (b);
      for (guint i = 0; i < results->facets->len; i++)
        {
          const PueblaFacet *f = g_ptr_array_index (results->facets, i);
          json_builder_set_member_name (b, f->name);
          json_builder_begin_array (b);
          for (guint j = 0; j < f->values->len; j++)
            {
              const PueblaFacetValue *v = g_ptr_array_index (f->values, j);
              json_builder_begin_object (b);
              json_builder_set_member_name (b, "value");
              json_builder_add_string_value (b, v->value);
              json_builder_set_member_name (b, "count");
              json_builder_add_int_value (b, v->count);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
        }
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* "country: GT 5, MX 4, …" — at most 12 values a facet, most frequent first. */
static void
print_facets (const PueblaSearchResults *results)
{
  if (results->facets->len == 0)
    return;
  printf ("\nFacets (records matching):\n");
  for (guint i = 0; i < results->facets->len; i++)
    {
      const PueblaFacet *f = g_ptr_array_index (results->facets, i);
      printf ("  %-8s", f->name);
      if (f->values->len == 0)
        printf (" —");
      for (guint j = 0; j < f->values->len && j < 12; j++)
        {
          const PueblaFacetValue *v = g_ptr_array_index (f->values, j);
          printf ("%s %s (%u)", j ? "," : "", v->value, v->count);
        }
      if (f->values->len > 12)
        printf (", … %u more", f->values->len - 12);
      printf ("\n");
    }
}

static void
print_results (const PueblaSearchResults *results)
{
  gboolean tty = puebla_stdout_is_tty ();
  guint n = results->hits->len;

  if (results->partial && results->total > 0)
    printf ("About ");
  if (results->total == 0)
    printf ("No results for %s\n", results->query);
  else if (n == 0 && results->limit == 0)
    printf ("%u result%s for %s (none shown: --limit 0)\n", results->total, results->total == 1 ? "" : "s",
            results->query);
  else if (n == 0)
    printf ("%u result%s for %s; none from %u on\n", results->total, results->total == 1 ? "" : "s",
            results->query, results->offset + 1);
  else
    printf ("%u result%s for %s (%u–%u)\n", results->total, results->total == 1 ? "" : "s", results->query,
            results->offset + 1, results->offset + n);

  for (guint i = 0; i < n; i++)
    {
      const PueblaHit *hit = g_ptr_array_index (results->hits, i);
      g_autofree gchar *path = display_path (hit->path);
      g_autofree gchar *snippet = tty ? mark_snippet (hit, "\033[1;33m", "\033[0m", FALSE)
                                      : mark_snippet (hit, "**", "**", FALSE);
      g_autofree gchar *base = g_path_get_basename (hit->path);
      g_autofree gchar *name = puebla_display_path (base);
      printf ("\n%s%u. %s%s\n", tty ? "\033[1m" : "", results->offset + i + 1, hit->title ? hit->title : name,
              tty ? "\033[0m" : "");
      printf ("   %s", path);
      if (hit->page)
        printf (", page %u", hit->page);
      if (hit->passage)
        printf (", %s %u", hit->passage->kind, hit->passage->ordinal);
      printf ("  (id %s, score %.2f)\n", hit->id, hit->score);
      if (hit->kind || hit->date || hit->meeting)
        printf ("   %s%s%s%s%s\n", hit->kind ? hit->kind : "", hit->date ? " · " : "", hit->date ? hit->date : "",
                hit->meeting ? " · " : "", hit->meeting ? hit->meeting : "");
      if (hit->section)
        printf ("   § %s\n", hit->section);
      if (*snippet)
        printf ("   %s\n", snippet);
    }
}

int
puebla_cmd_search (int argc, char **argv)
{
  g_autofree gchar *db_option = NULL;
  gint limit = 10, offset = 0;
  gboolean json = FALSE, with_facets = FALSE, passages = FALSE;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_option, PUEBLA_READER_DB_HELP, "DIR" },
    { "facets", 'f', 0, G_OPTION_ARG_NONE, &with_facets,
      "Count the matching records by country, org, year, status, kind, meeting and language", NULL },
    { "passages", 'p', 0, G_OPTION_ARG_NONE, &passages,
      "List passages (table rows, numbered items, paragraphs), not records", NULL },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, "Show at most N results (default 10)", "N" },
    { "offset", 0, 0, G_OPTION_ARG_INT, &offset, "Skip the first N results (default 0)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object (docs/json.md)", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("QUERY… — search the index");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                "Words are ANDed; accents and case do not matter (migracion finds MIGRACIÓN).\n"
                                "\"trata de personas\" is a phrase; OR, NOT, -word, +word, (…), word* work as\n"
                                "docs/query-language.md explains, and so do the fields: title:, country: (pais:),\n"
                                "org:, kind: (tipo:), status: (estado:), meeting: (reunion:), year:, date: (fecha:),\n"
                                "lang: (idioma:).");
  g_option_context_set_description (context,
                                    "A query that starts with '-' goes after --: puebla search -- -Kozak SIEMCA\n"
                                    "The index: --db DIR, else $PUEBLA_DB, else ~/.local/share/puebla/index.\n"
                                    "\n"
                                    "Examples:\n"
                                    "  puebla search migracion\n"
                                    "  puebla search '\"trata de personas\" NOT tráfico'\n"
                                    "  puebla search --json --limit 50 'title:reunion remesas'\n"
                                    "  puebla search --facets 'org:OIM country:guatemala date:2004-01..2005-06'\n");
  if (!puebla_parse_options (context, &argc, &argv, "search"))
    return PUEBLA_EXIT_USAGE;
  if (limit < 0 || offset < 0)
    {
      fprintf (stderr, "puebla search: --limit and --offset take numbers from 0 up\n");
      return PUEBLA_EXIT_USAGE;
    }
  if (argc < 2)
    {
      fprintf (stderr, "puebla search: no query (try `puebla search --help`)\n");
      return PUEBLA_EXIT_USAGE;
    }

  g_autofree gchar *query = g_strjoinv (" ", argv + 1);
  g_autofree gchar *db_path = puebla_config_db_path (db_option);
  g_autoptr (GError) error = NULL;
  g_autoptr (PueblaSearcher) searcher = puebla_searcher_open (db_path, &error);
  if (searcher == NULL)
    return puebla_report_error ("search", error);

  PueblaSearchOptions options = {
    .offset = (guint) offset, .limit = (guint) limit, .facets = with_facets, .passages = passages,
  };
  g_autoptr (PueblaSearchResults) results = puebla_searcher_search (searcher, query, &options, &error);
  if (results == NULL)
    return puebla_report_error ("search", error);

  if (json)
    {
      g_autoptr (JsonNode) node = puebla_json_search_results (results);
      puebla_print_json (node);
    }
  else
    {
      print_results (results);
      print_facets (results);
    }
  return PUEBLA_EXIT_OK;
}
