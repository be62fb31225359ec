/* cmd-trace.c: `puebla trace [--db DIR] [--json] QUERY…` — when an activity
 * was first proposed, by whom, approved, held, and where it stands, with
 * the evidence of every claim (docs/trace.md). */
#include "commands.h"

#include "record.h"
#include "trace.h"

#include <stdio.h>
#include <string.h>

static void
add_string_or_null (JsonBuilder *b, const gchar *name, const gchar *value)
{
  json_builder_set_member_name (b, name);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_event (JsonBuilder *b, const PueblaTraceEvent *e)
{
  json_builder_begin_object (b);
  add_string_or_null (b, "date", e->date);
  add_string_or_null (b, "dated_by", e->dated_by);
  add_string_or_null (b, "status", e->status);
  add_string_or_null (b, "doc", e->record_id);
  g_autofree gchar *path = puebla_path_to_utf8 (e->path);
  add_string_or_null (b, "path", path);
  add_string_or_null (b, "title", e->title);
  json_builder_set_member_name (b, "page");
  if (e->page)
    json_builder_add_int_value (b, e->page);
  else
    json_builder_add_null_value (b);
  add_string_or_null (b, "section", e->section);
  json_builder_set_member_name (b, "passage");
  json_builder_add_int_value (b, e->passage);
  add_string_or_null (b, "quote", e->quote);
  json_builder_set_member_name (b, "by");
  json_builder_begin_array (b);
  for (guint i = 0; i < e->by->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (e->by, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
}

JsonNode *
puebla_json_trace (const PueblaTrace *t)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  add_string_or_null (b, "query", t->query);
  const struct { const gchar *name; const PueblaTraceEvent *e; } claims[] = {
    { "first_proposed", t->first_proposed }, { "approved", t->approved }, { "completed", t->completed },
  };
  for (guint i = 0; i < G_N_ELEMENTS (claims); i++)
    {
      json_builder_set_member_name (b, claims[i].name);
      if (claims[i].e)
        add_event (b, claims[i].e);
      else
        json_builder_add_null_value (b);
    }
  add_string_or_null (b, "latest_status", t->latest_status);
  json_builder_set_member_name (b, "complete");
  json_builder_add_boolean_value (b, t->complete);
  json_builder_set_member_name (b, "candidates");
  json_builder_add_int_value (b, t->candidates);
  json_builder_set_member_name (b, "events");
  json_builder_begin_array (b);
  for (guint i = 0; i < t->events->len; i++)
    add_event (b, g_ptr_array_index (t->events, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* "corpus/records/plan.txt, page 3, row 6" */
static gchar *
evidence (const PueblaTraceEvent *e)
{
  g_autofree gchar *cwd = g_get_current_dir ();
  const gchar *path = e->path;
  gsize n = strlen (cwd);
  if (strncmp (path, cwd, n) == 0 && path[n] == '/')
    path += n + 1;
  g_autofree gchar *shown = puebla_display_path (path);
  GString *s = g_string_new (shown);
  if (e->page)
    g_string_append_printf (s, ", page %u", e->page);
  g_string_append_printf (s, ", passage %u", e->passage);
  return g_string_free (s, FALSE);
}

static gchar *
one_line (const gchar *text, glong max)
{
  g_autofree gchar *copy = g_strdup (text);
  g_strdelimit (copy, "\t\n\r", ' ');
  if (g_utf8_strlen (copy, -1) <= max)
    return g_steal_pointer (&copy);
  g_autofree gchar *cut = g_utf8_substring (copy, 0, max - 1);
  return g_strconcat (cut, "…", NULL);
}

static void
print_claim (const gchar *label, const PueblaTraceEvent *e, const gchar *none)
{
  if (e == NULL)
    {
      printf ("%-16s %s\n", label, none);
      return;
    }
  g_autofree gchar *where = evidence (e);
  g_autofree gchar *quote = one_line (e->quote, 160);
  printf ("%-16s %s%s%s\n", label, e->date ? e->date : "undated",
          g_strcmp0 (e->dated_by, "text") == 0 ? "" : " (date of the ",
          g_strcmp0 (e->dated_by, "text") == 0 ? "" : g_strcmp0 (e->dated_by, "meeting") == 0 ? "meeting)" : "record)");
  if (e->by->len)
    {
      printf ("%-16s by ", "");
      for (guint i = 0; i < e->by->len; i++)
        printf ("%s%s", i ? ", " : "", (const gchar *) g_ptr_array_index (e->by, i));
      printf ("\n");
    }
  printf ("%-16s «%s»\n%-16s %s\n", "", quote, "", where);
}

static void
print_trace (const PueblaTrace *t)
{
  printf ("Trace of %s: %u event%s\n\n", t->query, t->events->len, t->events->len == 1 ? "" : "s");
  if (!t->complete)
    printf ("More passages hold these words than the best %u read: events may be missing, the\n"
            "earliest among them. Narrow the query (country:, date:, another word).\n\n",
            t->candidates);
  if (t->events->len == 0)
    {
      printf ("No record speaks of it. Try other words, or fewer.\n");
      return;
    }
  print_claim ("first proposed", t->first_proposed, "no proposal recorded");
  print_claim ("approved", t->approved, "no approval recorded");
  print_claim ("completed", t->completed, "no completion recorded");
  printf ("%-16s %s\n\nTimeline:\n", "latest status", t->latest_status ? t->latest_status : "—");
  for (guint i = 0; i < t->events->len; i++)
    {
      const PueblaTraceEvent *e = g_ptr_array_index (t->events, i);
      g_autofree gchar *where = evidence (e);
      g_autofree gchar *quote = one_line (e->quote, 140);
      printf ("  %-23s %-10s «%s»\n  %-23s %-10s %s\n", e->date ? e->date : "undated", e->status, quote, "", "", where);
    }
}

int
puebla_cmd_trace (int argc, char **argv)
{
  g_autofree gchar *db_option = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_option, PUEBLA_READER_DB_HELP, "DIR" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object (docs/json.md)", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("QUERY… — the timeline of an activity across all records");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (
    context,
    "Finds the passages about an activity (most of its words; rewording between\n"
    "records is tolerated), dates each by the event it reports, labels it with its\n"
    "status, and tells when it was first proposed (and by whom), approved and\n"
    "completed, and where it stands, citing record, page, passage and quote.\n"
    "Fields filter as in search: puebla trace 'seminario legislación country:GT'.\n"
    "It reads the best 400 passages that hold the words; when more hold them, it\n"
    "says so (events may be missing): narrow the query.");
  g_option_context_set_description (context, "Examples:\n"
                                             "  puebla trace 'seminario sobre legislación migratoria'\n"
                                             "  puebla trace --json 'foro sector privado migración'\n");
  if (!puebla_parse_options (context, &argc, &argv, "trace"))
    return PUEBLA_EXIT_USAGE;
  if (argc < 2)
    {
      fprintf (stderr, "puebla trace: no activity given (try `puebla trace --help`)\n");
      return PUEBLA_EXIT_USAGE;
    }
  g_autofree gchar *query = g_strjoinv (" ", argv + 1);
  g_autofree gchar *db_path = puebla_config_db_path (db_option);
  g_autoptr (GError) error = NULL;
  g_autoptr (PueblaSearcher) searcher = puebla_searcher_open (db_path, &error);
  if (searcher == NULL)
    return puebla_report_error ("trace", error);
  g_autoptr (PueblaTrace) trace = puebla_searcher_trace (searcher, query, &error);
  if (trace == NULL)
    return puebla_report_error ("trace", error);
  if (json)
    {
      g_autoptr (JsonNode) node = puebla_json_trace (trace);
      puebla_print_json (node);
    }
  else
    print_trace (trace);
  return PUEBLA_EXIT_OK;
}
