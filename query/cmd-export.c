/* cmd-export.c: `puebla export [--format csv|jsonl] activities|passages [QUERY…]`
 *
 * Tables for a researcher's own analysis: one row per plan row of every
 * record (activities), or per passage (passages), streamed in the order of
 * the records' paths. CSV is RFC 4180: UTF-8, every field quoted, one
 * header row, CRLF between rows (pandas, R and spreadsheets read it;
 * --bom adds the byte-order mark Excel wants). JSONL is one object a line.
 */
#include "commands.h"

#include "searcher.h"

#include <stdio.h>
#include <string.h>

typedef enum
{
  FORMAT_CSV,
  FORMAT_JSONL,
} Format;

typedef struct
{
  Format format;
  gboolean activities;
  guint rows;
  GString *sink;  /* where the rows go; NULL: stdout */
} Export;

static void
emit (Export *ex, const gchar *text)
{
  if (ex->sink)
    g_string_append (ex->sink, text);
  else
    fputs (text, stdout);
}

/* The columns, in order. */
static const gchar *const activity_columns[] = {
  "record", "record_id", "kind", "meeting", "record_date", "page", "passage", "section", "theme", "objective",
  "action", "activities", "calendar", "other_cells", "countries", "orgs", "status", "earliest_date", "latest_date",
  NULL,
};

static const gchar *const passage_columns[] = {
  "record", "record_id", "kind", "meeting", "record_date", "page", "passage", "passage_kind", "section", "text",
  "countries", "orgs", "status", "earliest_date", "latest_date", NULL,
};

/* Which named column a header cell fills: the words of a header a plan may
   use, folded (accents and case). */
static const struct
{
  const gchar *column;
  const gchar *const words[6];
} cell_columns[] = {
  { "theme", { "tema", "theme", "area", "eje", NULL } },
  { "objective", { "objetivo", "objective", "meta", "goal", NULL } },
  { "action", { "accion", "action", "estrategia", "strategy", NULL } },
  { "activities", { "actividad", "activit", "tarea", "task", NULL } },
  { "calendar", { "calendario", "calendar", "fecha", "plazo", "cronograma", "estado" } },
};

static gchar *
fold_header (const gchar *name)
{
  g_autofree gchar *nfd = g_utf8_normalize (name, -1, G_NORMALIZE_NFD);
  GString *out = g_string_new (NULL);
  for (const gchar *p = nfd ? nfd : name; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_type (c) != G_UNICODE_NON_SPACING_MARK)
        g_string_append_unichar (out, g_unichar_tolower (c));
    }
  return g_string_free (out, FALSE);
}

static const gchar *
column_of_header (const gchar *name)
{
  g_autofree gchar *folded = fold_header (name);
  for (guint i = 0; i < G_N_ELEMENTS (cell_columns); i++)
    for (guint w = 0; w < G_N_ELEMENTS (cell_columns[i].words) && cell_columns[i].words[w]; w++)
      if (g_str_has_prefix (folded, cell_columns[i].words[w]))
        return cell_columns[i].column;
  return NULL;
}

/* The values of a row, by column name (GLib-allocated strings). */
static GHashTable *
row_values (const PueblaPassageRef *ref, gboolean activities)
{
  GHashTable *v = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  const PueblaPassage *p = ref->passage;
  g_hash_table_insert (v, "record", g_strdup (ref->path));
  g_hash_table_insert (v, "record_id", g_strdup (ref->record_id));
  g_hash_table_insert (v, "kind", g_strdup (ref->kind));
  g_hash_table_insert (v, "meeting", g_strdup (ref->meeting));
  g_hash_table_insert (v, "record_date", g_strdup (ref->date));
  g_hash_table_insert (v, "page", p->page ? g_strdup_printf ("%u", p->page) : NULL);
  g_hash_table_insert (v, "passage", g_strdup_printf ("%u", p->ordinal));
  g_hash_table_insert (v, "section", g_strdup (p->section));
  if (activities)
    {
      GString *other = g_string_new (NULL);
      for (guint c = 0; p->cells && c < p->cells->len; c++)
        {
          const PueblaCell *cell = g_ptr_array_index (p->cells, c);
          const gchar *column = column_of_header (cell->name);
          if (column && !g_hash_table_contains (v, column))
            g_hash_table_insert (v, (gpointer) column, g_strdup (cell->text));
          else if (*cell->text)
            g_string_append_printf (other, "%s%s: %s", other->len ? "\n" : "", cell->name, cell->text);
        }
      g_hash_table_insert (v, "other_cells", g_string_free (other, FALSE));
    }
  else
    {
      g_hash_table_insert (v, "passage_kind", g_strdup (p->kind));
      g_hash_table_insert (v, "text", g_strdup (p->text));
    }

  /* the facts of the passage: distinct ids, in order; the span of its dates */
  GString *countries = g_string_new (NULL), *orgs = g_string_new (NULL), *status = g_string_new (NULL);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const gchar *earliest = NULL, *latest = NULL;
  for (guint i = 0; p->entities && i < p->entities->len; i++)
    {
      const PueblaEntity *e = g_ptr_array_index (p->entities, i);
      GString *to = e->type == PUEBLA_ENTITY_COUNTRY ? countries
                    : e->type == PUEBLA_ENTITY_ORG   ? orgs
                    : e->type == PUEBLA_ENTITY_STATUS ? status
                                                      : NULL;
      if (e->type == PUEBLA_ENTITY_DATE && e->date)
        {
          const gchar *last = e->last_date ? e->last_date : e->date;
          if (earliest == NULL || strcmp (e->date, earliest) < 0)
            earliest = e->date;
          if (latest == NULL || strcmp (last, latest) > 0)
            latest = last;
        }
      if (to == NULL)
        continue;
      g_autofree gchar *key = g_strdup_printf ("%d:%s", e->type, e->id);
      if (!g_hash_table_add (seen, g_steal_pointer (&key)))
        continue;
      g_string_append_printf (to, "%s%s", to->len ? ";" : "", e->id);
    }
  g_hash_table_insert (v, "countries", g_string_free (countries, FALSE));
  g_hash_table_insert (v, "orgs", g_string_free (orgs, FALSE));
  g_hash_table_insert (v, "status", g_string_free (status, FALSE));
  g_hash_table_insert (v, "earliest_date", g_strdup (earliest));
  g_hash_table_insert (v, "latest_date", g_strdup (latest));
  return v;
}

static void
csv_field (GString *out, const gchar *value)
{
  g_string_append_c (out, '"');
  for (const gchar *p = value ? value : ""; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
print_header (Export *ex, const gchar *const *columns)
{
  if (ex->format != FORMAT_CSV)
    return;
  GString *line = g_string_new (NULL);
  for (guint i = 0; columns[i]; i++)
    {
      if (i)
        g_string_append_c (line, ',');
      csv_field (line, columns[i]);
    }
  g_string_append (line, "\r\n");
  emit (ex, line->str);
  g_string_free (line, TRUE);
}

static gboolean
print_row (const PueblaPassageRef *ref, gpointer user_data)
{
  Export *ex = user_data;
  if (ex->activities && !g_str_equal (ref->passage->kind, "row"))
    return TRUE;
  const gchar *const *columns = ex->activities ? activity_columns : passage_columns;
  g_autoptr (GHashTable) v = row_values (ref, ex->activities);

  if (ex->format == FORMAT_CSV)
    {
      GString *line = g_string_new (NULL);
      for (guint i = 0; columns[i]; i++)
        {
          if (i)
            g_string_append_c (line, ',');
          csv_field (line, g_hash_table_lookup (v, columns[i]));
        }
      g_string_append (line, "\r\n");
      emit (ex, line->str);
      g_string_free (line, TRUE);
    }
  else
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      json_builder_begin_object (b);
      for (guint i = 0; columns[i]; i++)
        {
          const gchar *value = g_hash_table_lookup (v, columns[i]);
          json_builder_set_member_name (b, columns[i]);
          gboolean list = g_str_equal (columns[i], "countries") || g_str_equal (columns[i], "orgs")
                          || g_str_equal (columns[i], "status");
          gboolean number = g_str_equal (columns[i], "page") || g_str_equal (columns[i], "passage");
          if (list)
            {
              json_builder_begin_array (b);
              g_auto (GStrv) items = g_strsplit (value ? value : "", ";", -1);
              for (guint k = 0; items[k]; k++)
                if (*items[k])
                  json_builder_add_string_value (b, items[k]);
              json_builder_end_array (b);
            }
          else if (value == NULL)
            json_builder_add_null_value (b);
          else if (number)
            json_builder_add_int_value (b, g_ascii_strtoll (value, NULL, 10));
          else
            json_builder_add_string_value (b, value);
        }
      json_builder_end_object (b);
      g_autoptr (JsonNode) node = json_builder_get_root (b);
      g_autofree gchar *text = json_to_string (node, FALSE);
      emit (ex, text);
      emit (ex, "\n");
    }
  ex->rows++;
  return TRUE;
}

struct _PueblaExportStream
{
  PueblaSearcher *searcher;
  PueblaPassageCursor *cursor;
  Export ex;
  gboolean header_done;
};

PueblaExportStream *
puebla_export_stream_new (const gchar *db_path, gboolean activities, gboolean jsonl, const gchar *query,
                          GError **error)
{
  g_autoptr (PueblaSearcher) searcher = puebla_searcher_open (db_path, error);
  if (searcher == NULL)
    return NULL;
  PueblaPassageCursor *cursor = puebla_searcher_passages (searcher, query, error);
  if (cursor == NULL)
    return NULL;
  PueblaExportStream *stream = g_new0 (PueblaExportStream, 1);
  stream->searcher = g_steal_pointer (&searcher);
  stream->cursor = cursor;
  stream->ex = (Export){ jsonl ? FORMAT_JSONL : FORMAT_CSV, activities, 0, NULL };
  return stream;
}

gboolean
puebla_export_stream_next (PueblaExportStream *stream, GString *out, GError **error)
{
  stream->ex.sink = out;
  if (!stream->header_done)
    {
      print_header (&stream->ex, stream->ex.activities ? activity_columns : passage_columns);
      stream->header_done = TRUE;
      return TRUE;
    }
  return puebla_passage_cursor_next (stream->cursor, print_row, &stream->ex, error);
}

void
puebla_export_stream_free (PueblaExportStream *stream)
{
  if (stream == NULL)
    return;
  puebla_passage_cursor_free (stream->cursor);
  puebla_searcher_close (stream->searcher);
  g_free (stream);
}

int
puebla_cmd_export (int argc, char **argv)
{
  g_autofree gchar *db_option = NULL, *format = NULL;
  gboolean bom = FALSE;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_option, PUEBLA_READER_DB_HELP, "DIR" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "csv (default) or jsonl", "FORMAT" },
    { "bom", 0, 0, G_OPTION_ARG_NONE, &bom, "Begin the CSV with a byte-order mark (for Excel)", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) context
    = g_option_context_new ("activities|passages [QUERY…] — tables for your own analysis");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (
    context,
    "activities: one row per row of a plan table in every record — record, kind,\n"
    "meeting, record date, page, passage, section, theme, objective, action,\n"
    "activities, calendar, other cells, countries, orgs, status, earliest and\n"
    "latest date mentioned.\n"
    "passages: one row per passage (table rows, numbered items, paragraphs) with\n"
    "its text and facts.\n"
    "A QUERY (the language of puebla search) keeps the passages it matches.");
  g_option_context_set_description (context, "Examples:\n"
                                             "  puebla export activities > activities.csv\n"
                                             "  puebla export --format jsonl passages 'org:OIM status:pending'\n"
                                             "In pandas: pd.read_csv('activities.csv'); in R: read.csv('activities.csv', "
                                             "encoding = 'UTF-8')\n");
  if (!puebla_parse_options (context, &argc, &argv, "export"))
    return PUEBLA_EXIT_USAGE;
  if (argc < 2 || (!g_str_equal (argv[1], "activities") && !g_str_equal (argv[1], "passages")))
    {
      fprintf (stderr, "puebla export: say what to export: activities or passages (try `puebla export --help`)\n");
      return PUEBLA_EXIT_USAGE;
    }
  Export ex = { FORMAT_CSV, g_str_equal (argv[1], "activities"), 0, NULL };
  if (format && g_str_equal (format, "jsonl"))
    ex.format = FORMAT_JSONL;
  else if (format && !g_str_equal (format, "csv"))
    {
      fprintf (stderr, "puebla export: --format takes csv or jsonl, not '%s'\n", format);
      return PUEBLA_EXIT_USAGE;
    }
  g_autofree gchar *query = argc > 2 ? g_strjoinv (" ", argv + 2) : NULL;

  g_autofree gchar *db_path = puebla_config_db_path (db_option);
  g_autoptr (GError) error = NULL;
  g_autoptr (PueblaSearcher) searcher = puebla_searcher_open (db_path, &error);
  if (searcher == NULL)
    return puebla_report_error ("export", error);

  if (bom && ex.format == FORMAT_CSV)
    fputs ("\xEF\xBB\xBF", stdout);
  print_header (&ex, ex.activities ? activity_columns : passage_columns);
  if (!puebla_searcher_foreach_passage (searcher, query, print_row, &ex, &error))
    return puebla_report_error ("export", error);
  fflush (stdout);
  return PUEBLA_EXIT_OK;
}
