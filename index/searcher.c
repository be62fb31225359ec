/* searcher.c: queries, snippets, documents, statistics (see searcher.h). */
#include "searcher.h"

#include "dates.h"
#include "entities.h"
#include "gazetteer.h"
#include "index-private.h"
#include "schema.h"
#include "terms.h"

#include <stdarg.h>
#include <string.h>

struct _PueblaSearcher
{
  gchar *path;
  PueblaXapianDatabase *db;        /* the records */
  PueblaXapianDatabase *pdb;       /* the passages: a database of their own, or db (layout 4, schema.h) */
  gint layout;                     /* the index's schema version */
  PueblaTerms *terms;              /* Spanish */
  PueblaTerms *terms_en;           /* English */
  const PueblaGazetteer *gazetteer;
  PueblaXapianField *fields;       /* query_fields with this searcher as user_data */
  gdouble time_limit;              /* seconds for counting matches; 0: none */
};

/* ---- The fields of the query language (docs/query-language.md) ------------------- */

static gboolean
bad_value (GError **error, const gchar *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
bad_value (GError **error, const gchar *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree gchar *message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, PUEBLA_INDEX_ERROR, PUEBLA_INDEX_ERROR_BAD_QUERY, message);
  return FALSE;
}

static GPtrArray *
one_term (const gchar *prefix, const gchar *value)
{
  GPtrArray *terms = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (terms, g_strconcat (prefix, value, NULL));
  return terms;
}

/* The gazetteers, read on the first field that needs them: compiling them
   is a third of what a one-shot `puebla search` without fields costs. */
static const PueblaGazetteer *
searcher_gazetteer (PueblaSearcher *s, GError **error)
{
  if (s->gazetteer == NULL)
    {
      GError *local = NULL;
      s->gazetteer = puebla_gazetteer_get_default (&local);
      if (s->gazetteer == NULL)
        _puebla_index_propagate (error, local, NULL);
    }
  return s->gazetteer;
}

static GPtrArray *
resolve_country (const gchar *field, const gchar *value, gpointer data, GError **error)
{
  PueblaSearcher *s = data;
  if (searcher_gazetteer (s, error) == NULL)
    return NULL;
  const gchar *id = puebla_gazetteer_resolve (s->gazetteer, PUEBLA_ENTITY_COUNTRY, value);
  if (id == NULL)
    {
      bad_value (error, "unknown country '%s' in %s: (write a name, demonym, city or ISO code: %s:guatemala, %s:GT)",
                 value, field, field, field);
      return NULL;
    }
  return one_term (PUEBLA_PREFIX_COUNTRY, id);
}

static GPtrArray *
resolve_org (const gchar *field, const gchar *value, gpointer data, GError **error)
{
  PueblaSearcher *s = data;
  if (searcher_gazetteer (s, error) == NULL)
    return NULL;
  const gchar *id = puebla_gazetteer_resolve (s->gazetteer, PUEBLA_ENTITY_ORG, value);
  if (id == NULL)
    {
      bad_value (error, "unknown organization '%s' in %s: (write an acronym or a name: %s:OIM, %s:IOM, "
                        "%s:\"Naciones Unidas\")", value, field, field, field, field);
      return NULL;
    }
  return one_term (PUEBLA_PREFIX_ORG, id);
}

static GPtrArray *
resolve_status (const gchar *field, const gchar *value, gpointer data, GError **error)
{
  PueblaSearcher *s = data;
  if (searcher_gazetteer (s, error) == NULL)
    return NULL;
  const gchar *id = puebla_gazetteer_resolve (s->gazetteer, PUEBLA_ENTITY_STATUS, value);
  if (id == NULL)
    {
      bad_value (error, "unknown status '%s' in %s: (proposed, approved, ongoing, pending or completed; "
                        "or a word of the records: pendiente, continuo, realizado…)", value, field);
      return NULL;
    }
  return one_term (PUEBLA_PREFIX_STATUS, id);
}

static GPtrArray *
resolve_kind (const gchar *field, const gchar *value, gpointer data, GError **error)
{
  (void) data;
  const gchar *id = puebla_entities_resolve_kind (value);
  if (id == NULL)
    {
      bad_value (error, "unknown kind '%s' in %s: (plan-de-accion, plan-de-trabajo, conclusiones, informe, "
                        "declaracion, lineamientos, acta, otro)", value, field);
      return NULL;
    }
  return one_term (PUEBLA_PREFIX_KIND, id);
}

static GPtrArray *
resolve_lang (const gchar *field, const gchar *value, gpointer data, GError **error)
{
  (void) data;
  static const struct { const gchar *name, *id; } langs[] = {
    { "es", "es" }, { "spa", "es" }, { "spanish", "es" }, { "espanol", "es" }, { "castellano", "es" },
    { "en", "en" }, { "eng", "en" }, { "english", "en" }, { "ingles", "en" },
  };
  g_autofree gchar *folded = puebla_gazetteer_fold (value, -1);
  for (guint i = 0; i < G_N_ELEMENTS (langs); i++)
    if (g_str_equal (folded, langs[i].name))
      return one_term (PUEBLA_PREFIX_LANG, langs[i].id);
  bad_value (error, "unknown language '%s' in %s: (es or en)", value, field);
  return NULL;
}

/* "2005" → 2005; "" → DEFAULT; else -1. */
static gint
parse_year (const gchar *s, gint default_year)
{
  if (*s == '\0')
    return default_year;
  if (strlen (s) != 4)
    return -1;
  for (const gchar *p = s; *p; p++)
    if (!g_ascii_isdigit (*p))
      return -1;
  return (gint) g_ascii_strtoll (s, NULL, 10);
}

static GPtrArray *
resolve_year (const gchar *field, const gchar *value, gpointer data, GError **error)
{
  (void) data;
  g_auto (GStrv) ends = g_strsplit (value, "..", 2);
  if (ends[0] == NULL) /* "" splits into nothing */
    {
      bad_value (error, "the field %s: has no value", field);
      return NULL;
    }
  gint from = parse_year (ends[0], 1900);
  gint to = ends[1] ? parse_year (ends[1], 2100) : from;
  if (from < 0 || to < 0 || to < from || to - from > 200)
    {
      bad_value (error, "'%s' in %s: is not a year or a range of years (%s:2005, %s:2004..2006)", value, field,
                 field, field);
      return NULL;
    }
  GPtrArray *terms = g_ptr_array_new_with_free_func (g_free);
  for (gint y = from; y <= to; y++)
    g_ptr_array_add (terms, g_strdup_printf ("%s%04d", PUEBLA_PREFIX_YEAR, y));
  return terms;
}

/* date:2004-01..2005-06, date:2005, date:2004-12-02, date:..2005-06: every
   record a date of which overlaps the range. */
static GPtrArray *
resolve_date (const gchar *field, const gchar *value, gpointer data, GError **error)
{
  (void) data;
  g_auto (GStrv) ends = g_strsplit (value, "..", 2);
  if (ends[0] == NULL) /* "" splits into nothing */
    {
      bad_value (error, "the field %s: has no value", field);
      return NULL;
    }
  const gchar *a = ends[0], *b = ends[1] ? ends[1] : ends[0];
  g_autofree gchar *first = NULL, *unused1 = NULL, *unused2 = NULL, *last = NULL;
  gboolean ok = TRUE;
  if (*a)
    ok = puebla_date_value_bounds (a, &first, &unused1);
  else
    first = g_strdup ("1900-01-01");
  if (ok && *b)
    ok = puebla_date_value_bounds (b, &unused2, &last);
  else if (ok)
    last = g_strdup ("2100-12-31");
  gint y1 = ok ? (gint) g_ascii_strtoll (first, NULL, 10) : 0, y2 = ok ? (gint) g_ascii_strtoll (last, NULL, 10) : 0;
  gint m1 = ok ? (gint) g_ascii_strtoll (first + 5, NULL, 10) : 0, m2 = ok ? (gint) g_ascii_strtoll (last + 5, NULL, 10) : 0;
  if (!ok || y2 < y1 || (y1 == y2 && m2 < m1) || y2 - y1 > 200)
    {
      bad_value (error, "'%s' in %s: is not a date or a range of dates (%s:2005, %s:2004-12, %s:2004-01..2005-06, "
                        "%s:2004-12-02)", value, field, field, field, field, field);
      return NULL;
    }
  /* A year the range covers whole is its XY: term, which every date that
     touches the year has: one posting list where the months and the
     year-precision dates would be thirteen, most of them long (a record
     cites many dates). Only the years the range cuts are spelt out. */
  GPtrArray *terms = g_ptr_array_new_with_free_func (g_free);
  for (gint y = y1; y <= y2; y++)
    {
      if ((y > y1 || m1 == 1) && (y < y2 || m2 == 12))
        {
          g_ptr_array_add (terms, g_strdup_printf ("%s%04d", PUEBLA_PREFIX_YEAR, y));
          continue;
        }
      g_ptr_array_add (terms, g_strdup_printf ("%s%04d", PUEBLA_PREFIX_DATE_YEAR, y));
      for (gint m = (y == y1 ? m1 : 1); m <= (y == y2 ? m2 : 12); m++)
        g_ptr_array_add (terms, g_strdup_printf ("%s%04d-%02d", PUEBLA_PREFIX_MONTH, y, m));
    }
  return terms;
}

static GPtrArray *
resolve_meeting (const gchar *field, const gchar *value, gpointer data, GError **error)
{
  (void) data;
  g_autofree gchar *folded = puebla_gazetteer_fold (value, -1);
  g_autofree gchar *upper = g_ascii_strup (g_strstrip (folded), -1);
  /* "IX CRM", "IX" */
  gchar *space = strchr (upper, ' ');
  gboolean roman = upper[0] != '\0';
  for (const gchar *p = upper; *p && p != space; p++)
    roman = roman && strchr ("IVXL", *p) != NULL;
  if (roman && (space == NULL || g_str_equal (space, " CRM") || g_str_equal (space, " RCM")))
    {
      g_autofree gchar *numeral = space ? g_strndup (upper, space - upper) : g_strdup (upper);
      g_autofree gchar *id = g_strconcat (numeral, " CRM", NULL);
      return one_term (PUEBLA_PREFIX_MEETING, id);
    }
  /* "GRCM 2005-03", "GRCM 2005" (every GRCM of the year) */
  if (g_str_has_prefix (upper, "GRCM ") || g_str_has_prefix (upper, "RCGM "))
    {
      const gchar *date = upper + 5;
      gsize n = strlen (date);
      gboolean digits = n >= 4 && g_ascii_isdigit (date[0]) && g_ascii_isdigit (date[1]) && g_ascii_isdigit (date[2])
                        && g_ascii_isdigit (date[3]);
      if (digits && n == 7 && date[4] == '-' && g_ascii_isdigit (date[5]) && g_ascii_isdigit (date[6]))
        {
          g_autofree gchar *id = g_strdup_printf ("GRCM %s", date);
          return one_term (PUEBLA_PREFIX_MEETING, id);
        }
      if (digits && n == 4)
        {
          GPtrArray *terms = g_ptr_array_new_with_free_func (g_free);
          for (gint m = 1; m <= 12; m++)
            g_ptr_array_add (terms, g_strdup_printf ("%sGRCM %s-%02d", PUEBLA_PREFIX_MEETING, date, m));
          return terms;
        }
    }
  bad_value (error, "unknown meeting '%s' in %s: (%s:\"IX CRM\", %s:\"GRCM 2005-03\", %s:\"GRCM 2005\")", value,
             field, field, field, field);
  return NULL;
}

static const PueblaXapianField query_fields[] = {
  { "title", PUEBLA_PREFIX_TITLE, FALSE, NULL, NULL },
  { "country", NULL, TRUE, resolve_country, NULL },
  { "pais", NULL, TRUE, resolve_country, NULL },
  { "org", NULL, TRUE, resolve_org, NULL },
  { "organizacion", NULL, TRUE, resolve_org, NULL },
  { "kind", NULL, TRUE, resolve_kind, NULL },
  { "tipo", NULL, TRUE, resolve_kind, NULL },
  { "status", NULL, TRUE, resolve_status, NULL },
  { "estado", NULL, TRUE, resolve_status, NULL },
  { "meeting", NULL, TRUE, resolve_meeting, NULL },
  { "reunion", NULL, TRUE, resolve_meeting, NULL },
  { "year", NULL, TRUE, resolve_year, NULL },
  { "date", NULL, TRUE, resolve_date, NULL },
  { "fecha", NULL, TRUE, resolve_date, NULL },
  { "lang", NULL, TRUE, resolve_lang, NULL },
  { "idioma", NULL, TRUE, resolve_lang, NULL },
  { NULL, NULL, FALSE, NULL, NULL },
};

/* The facets: name and term prefix. */
static const struct
{
  const gchar *name;
  const gchar *prefix;
} facets[] = {
  { "country", PUEBLA_PREFIX_COUNTRY }, { "org", PUEBLA_PREFIX_ORG },         { "year", PUEBLA_PREFIX_YEAR },
  { "status", PUEBLA_PREFIX_STATUS },   { "kind", PUEBLA_PREFIX_KIND },       { "meeting", PUEBLA_PREFIX_MEETING },
  { "lang", PUEBLA_PREFIX_LANG },
};

#define SNIPPET_BYTES 240

/* How far into a page snippets look for matches. */
#define SNIPPET_SCAN_BYTES (1024 * 1024)

/* Totals are exact up to this many matches, estimated beyond (Xapian
   checks the positions of phrase matches only this far). */
#define EXACT_COUNT_UP_TO 10000

/* over records and passages, wherever they are */
guint
_puebla_searcher_term_freq (PueblaSearcher *searcher, const gchar *term)
{
  guint n = puebla_xapian_database_get_term_freq (searcher->db, term);
  if (searcher->pdb != searcher->db)
    n += puebla_xapian_database_get_term_freq (searcher->pdb, term);
  return n;
}

guint
_puebla_searcher_doc_count (PueblaSearcher *searcher)
{
  guint n = puebla_xapian_database_get_doc_count (searcher->db);
  if (searcher->pdb != searcher->db)
    n += puebla_xapian_database_get_doc_count (searcher->pdb);
  return n;
}

/* Where the passages of the index at PATH are, when they have a database
   of their own (schema.h): PATH/passages for an index directory (a
   database, or a stub file that lists the shards' passages), PATH.passages
   beside a stub file of one's own (docs/shards.md). DIR/XAPIANDB, the stub
   Xapian reads for a directory, stands for DIR (a sharded index given by
   its stub file). */
static gchar *
passages_location (const gchar *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    return g_build_filename (path, PUEBLA_PASSAGES_NAME, NULL);
  g_autofree gchar *base = g_path_get_basename (path);
  if (g_str_equal (base, "XAPIANDB"))
    {
      g_autofree gchar *dir = g_path_get_dirname (path);
      return g_build_filename (dir, PUEBLA_PASSAGES_NAME, NULL);
    }
  return g_strconcat (path, "." PUEBLA_PASSAGES_NAME, NULL);
}

static PueblaXapianDatabase *
open_passages (const gchar *path, GError **error)
{
  g_autofree gchar *where = passages_location (path);
  GError *local = NULL;
  PueblaXapianDatabase *pdb = puebla_xapian_database_open (where, &local);
  if (pdb == NULL)
    {
      g_autofree gchar *context
        = g_strdup_printf ("%s: the index keeps its passages in a database of their own, and %s cannot be opened "
                           "(a stub file of shards needs a second one beside it, named as it with .passages, "
                           "that lists their passages: docs/shards.md)",
                           path, where);
      _puebla_index_propagate (error, local, context);
    }
  return pdb;
}

PueblaTerms *
_puebla_searcher_get_terms (PueblaSearcher *searcher, gboolean english)
{
  return english ? searcher->terms_en : searcher->terms;
}

PueblaSearcher *
puebla_searcher_open (const gchar *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  GError *local = NULL;
  PueblaXapianDatabase *db = puebla_xapian_database_open (path, &local);
  if (db == NULL)
    {
      if (g_error_matches (local, PUEBLA_XAPIAN_ERROR, PUEBLA_XAPIAN_ERROR_NOT_FOUND))
        {
          g_set_error (error, PUEBLA_INDEX_ERROR, PUEBLA_INDEX_ERROR_NOT_FOUND,
                       "no index at %s (run `puebla ingest` first, or give --db): %s", path, local->message);
          g_error_free (local);
        }
      else
        _puebla_index_propagate (error, local, NULL);
      return NULL;
    }
  gint layout = 0;
  if (!_puebla_index_check_schema (db, path, NULL, &layout, error))
    {
      puebla_xapian_database_close (db);
      return NULL;
    }
  PueblaXapianDatabase *pdb = layout == PUEBLA_SCHEMA_VERSION ? open_passages (path, error) : db;
  if (pdb == NULL)
    {
      puebla_xapian_database_close (db);
      return NULL;
    }
  puebla_xapian_database_set_facet_slot (db, PUEBLA_SLOT_FACETS);
  puebla_xapian_database_set_facet_slot (pdb, PUEBLA_SLOT_FACETS);
  puebla_xapian_database_set_facet_ids (db, PUEBLA_SLOT_FACET_IDS, PUEBLA_META_FACET_TERMS);
  puebla_xapian_database_set_facet_ids (pdb, PUEBLA_SLOT_FACET_IDS, PUEBLA_META_FACET_TERMS);
  PueblaTerms *terms = puebla_terms_new ("es", &local);
  PueblaTerms *terms_en = terms ? puebla_terms_new ("en", &local) : NULL;
  if (terms_en == NULL)
    {
      _puebla_index_propagate (error, local, NULL);
      puebla_terms_free (terms);
      puebla_terms_free (terms_en);
      if (pdb != db)
        puebla_xapian_database_close (pdb);
      puebla_xapian_database_close (db);
      return NULL;
    }

  PueblaSearcher *searcher = g_new0 (PueblaSearcher, 1);
  searcher->path = g_strdup (path);
  searcher->db = db;
  searcher->pdb = pdb;
  searcher->layout = layout;
  searcher->terms = terms;
  searcher->terms_en = terms_en;
  searcher->fields = g_memdup2 (query_fields, sizeof query_fields);
  for (PueblaXapianField *f = searcher->fields; f->field; f++)
    f->user_data = searcher;
  return searcher;
}

void
puebla_searcher_set_time_limit (PueblaSearcher *searcher, gdouble seconds)
{
  g_return_if_fail (searcher != NULL);
  g_return_if_fail (seconds >= 0);
  searcher->time_limit = seconds;
}

gboolean
puebla_searcher_reopen (PueblaSearcher *searcher, GError **error)
{
  GError *local = NULL;
  if (!puebla_xapian_database_reopen (searcher->db, &local)
      || (searcher->pdb != searcher->db && !puebla_xapian_database_reopen (searcher->pdb, &local)))
    {
      _puebla_index_propagate (error, local, searcher->path);
      return FALSE;
    }
  return TRUE;
}

void
puebla_searcher_close (PueblaSearcher *searcher)
{
  if (searcher == NULL)
    return;
  if (searcher->pdb != searcher->db)
    puebla_xapian_database_close (searcher->pdb);
  puebla_xapian_database_close (searcher->db);
  puebla_terms_free (searcher->terms);
  puebla_terms_free (searcher->terms_en);
  g_free (searcher->fields);
  g_free (searcher->path);
  g_free (searcher);
}

static void
hit_free (gpointer data)
{
  PueblaHit *hit = data;
  if (hit == NULL)
    return;
  g_free (hit->id);
  g_free (hit->path);
  g_free (hit->title);
  g_free (hit->mime_type);
  g_free (hit->snippet);
  g_free (hit->kind);
  g_free (hit->language);
  g_free (hit->date);
  g_free (hit->meeting);
  g_free (hit->section);
  puebla_passage_free (hit->passage);
  if (hit->highlights)
    g_array_unref (hit->highlights);
  g_free (hit);
}

void
puebla_search_results_free (PueblaSearchResults *results)
{
  if (results == NULL)
    return;
  g_free (results->query);
  g_ptr_array_unref (results->hits);
  g_ptr_array_unref (results->facets);
  g_free (results);
}

/* ---- Query validation ------------------------------------------------------
 *
 * Xapian's QueryParser never refuses a query: on a syntax error it parses
 * the string again as plain words, so "migracion AND" silently looks for
 * the word "and". A researcher must be told instead. We check what Xapian
 * would forgive: quotes and parentheses that do not pair, an operator with
 * nothing on one side, and a field we do not know. */

static gboolean
is_field_name (const gchar *name)
{
  for (const PueblaXapianField *f = query_fields; f->field; f++)
    if (g_str_equal (f->field, name))
      return TRUE;
  return FALSE;
}

static gchar *
known_fields (void)
{
  GString *s = g_string_new (NULL);
  for (const PueblaXapianField *f = query_fields; f->field; f++)
    g_string_append_printf (s, "%s%s:", s->len ? ", " : "", f->field);
  return g_string_free (s, FALSE);
}

static gboolean
bad_query (GError **error, const gchar *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
bad_query (GError **error, const gchar *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree gchar *message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, PUEBLA_INDEX_ERROR, PUEBLA_INDEX_ERROR_BAD_QUERY, message);
  return FALSE;
}

/* "NEAR", "ADJ", or one of them with "/N": 1 for the operator, 2 for a
   malformed "/…" part, 0 for anything else ("NEARBY", "ADJUNTO" are words) */
static gint
proximity_operator (const gchar *word)
{
  static const gchar *const ops[] = { "NEAR", "ADJ" };
  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    {
      gsize n = strlen (ops[i]);
      if (strncmp (word, ops[i], n) != 0)
        continue;
      if (word[n] == '\0')
        return 1;
      if (word[n] != '/')
        return 0;
      if (word[n + 1] == '\0')
        return 2;
      for (const gchar *p = word + n + 1; *p; p++)
        if (!g_ascii_isdigit (*p))
          return 2;
      return 1;
    }
  return 0;
}

static gboolean
is_binary_operator (const gchar *word)
{
  return g_str_equal (word, "AND") || g_str_equal (word, "OR") || g_str_equal (word, "XOR")
         || proximity_operator (word) == 1;
}

static gboolean
validate_query (const gchar *query, GError **error)
{
  if (!g_utf8_validate (query, -1, NULL))
    return bad_query (error, "the query is not valid UTF-8");
  gboolean blank = TRUE;
  for (const gchar *p = query; *p && blank; p++)
    blank = g_ascii_isspace (*p);
  if (blank)
    return bad_query (error, "the query is empty: give words to look for");

  /* quotes and parentheses */
  gint depth = 0;
  gboolean in_quote = FALSE;
  glong quote_at = 0, paren_at = 0;
  glong col = 0;
  for (const gchar *p = query; *p; p = g_utf8_next_char (p), col++)
    {
      if (*p == '"')
        {
          in_quote = !in_quote;
          quote_at = col + 1;
        }
      else if (!in_quote && *p == '(')
        {
          if (depth++ == 0)
            paren_at = col + 1;
        }
      else if (!in_quote && *p == ')')
        {
          if (--depth < 0)
            return bad_query (error, "a ')' at character %ld closes no '('", col + 1);
        }
    }
  if (in_quote)
    return bad_query (error, "the quote opened at character %ld is not closed", quote_at);
  if (depth > 0)
    return bad_query (error, "the '(' at character %ld is not closed", paren_at);

  /* operators and fields, word by word, outside quotes */
  g_autoptr (GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  in_quote = FALSE;
  const gchar *p = query;
  while (*p)
    {
      if (*p == '"')
        {
          if (!in_quote)
            g_ptr_array_add (words, g_strdup ("\"")); /* a phrase counts as one term */
          in_quote = !in_quote;
          p++;
          continue;
        }
      if (in_quote || g_ascii_isspace (*p) || *p == '(' || *p == ')')
        {
          if (!in_quote && (*p == '(' || *p == ')'))
            g_ptr_array_add (words, g_strndup (p, 1));
          p++;
          continue;
        }
      const gchar *start = p;
      while (*p && !g_ascii_isspace (*p) && *p != '(' && *p != ')' && *p != '"')
        p++;
      g_autofree gchar *word = g_strndup (start, p - start);

      if (proximity_operator (word) == 2)
        return bad_query (error, "'%s': NEAR and ADJ take a number of words, as in NEAR/5", word);
      if (g_str_equal (word, "*") || g_str_equal (word, "-*") || g_str_equal (word, "+*"))
        return bad_query (error, "a lone '*' matches nothing: put it after the start of a word (migra*)");

      /* field:value — a field is letters only before the colon */
      const gchar *colon = strchr (word, ':');
      if (colon && colon > word && colon[1] != '/')
        {
          g_autofree gchar *name = g_strndup (word, colon - word);
          gboolean letters = TRUE;
          for (const gchar *q = name; *q; q++)
            if (!g_ascii_isalpha (*q) && *q != '_')
              letters = FALSE;
          if (letters)
            {
              g_autofree gchar *lower = g_ascii_strdown (name, -1);
              if (!is_field_name (lower))
                {
                  g_autofree gchar *fields = known_fields ();
                  return bad_query (error, "unknown field '%s:' (known fields: %s)", name, fields);
                }
              if (colon[1] == '\0' && ((*p != '"' && *p != '(') || (p[0] == '"' && p[1] == '"')))
                return bad_query (error, "the field '%s:' has no value", name);
              if (colon[1] == '-' || colon[1] == '+')
                return bad_query (error, "'%s': put the sign before the field (%c%s:%s)", word, colon[1], name,
                                  colon + 2);
            }
        }
      g_ptr_array_add (words, g_steal_pointer (&word));
    }

  /* Xapian reads a query of only excluded words ("-Kozak") as the words
     themselves: refuse it and say how to ask */
  guint positive = 0, negative = 0;
  g_autoptr (GArray) excluded_group = g_array_new (FALSE, FALSE, sizeof (gboolean)); /* per open '(' */
  for (guint i = 0; i < words->len; i++)
    {
      const gchar *w = g_ptr_array_index (words, i);
      const gchar *prev = i > 0 ? g_ptr_array_index (words, i - 1) : NULL;
      gboolean inside = excluded_group->len > 0 && g_array_index (excluded_group, gboolean, excluded_group->len - 1);
      gboolean excluding = inside || (prev && (g_str_equal (prev, "NOT") || g_str_equal (prev, "-")));
      if (g_str_equal (w, "("))
        g_array_append_val (excluded_group, excluding);
      else if (g_str_equal (w, ")"))
        g_array_set_size (excluded_group, excluded_group->len - 1);
      else if (g_str_equal (w, "NOT") || g_str_equal (w, "-") || is_binary_operator (w))
        continue;
      else if (excluding || w[0] == '-')
        negative++;
      else
        positive++;
    }
  if (positive == 0 && negative > 0 && !g_str_equal (g_ptr_array_index (words, 0), "NOT"))
    return bad_query (error, "the query only excludes words: say what to look for (migracion -Kozak), "
                             "or write NOT Kozak for every record without it");

  for (guint i = 0; i < words->len; i++)
    {
      const gchar *w = g_ptr_array_index (words, i);
      const gchar *prev = i > 0 ? g_ptr_array_index (words, i - 1) : NULL;
      const gchar *next = i + 1 < words->len ? g_ptr_array_index (words, i + 1) : NULL;
      gboolean binary = is_binary_operator (w);
      if (!binary && !g_str_equal (w, "NOT"))
        continue;
      if (binary && (prev == NULL || g_str_equal (prev, "(") || is_binary_operator (prev) || g_str_equal (prev, "NOT")))
        return bad_query (error, "'%s' needs a term before it", w);
      if (next == NULL || g_str_equal (next, ")") || is_binary_operator (next))
        return bad_query (error, "'%s' needs a term after it", w);
      /* Xapian takes only words and phrases around NEAR and ADJ (and
         libxapian 1.4.22 leaks on a group there: found by fuzz-query) */
      if (proximity_operator (w) == 1 && (g_str_equal (prev, ")") || g_str_equal (next, "(")))
        return bad_query (error, "'%s' joins words or phrases (migracion NEAR/5 retorno), not groups in parentheses",
                          w);
    }
  return TRUE;
}

/* ---- Snippets ---------------------------------------------------------------- */

typedef struct
{
  GHashTable *words;    /* folded words of the query */
  GPtrArray *stems;     /* stems of the query (without "Z") */
  GHashTable *entities; /* "country:GT", "org:OIM"…: entity filters of the query */
  PueblaTerms *terms;
  PueblaTerms *terms_en;
} Matcher;

/* The entity filters whose mentions a snippet can show. */
static const struct
{
  const gchar *prefix;
  PueblaEntityType type;
} entity_prefixes[] = {
  { PUEBLA_PREFIX_COUNTRY, PUEBLA_ENTITY_COUNTRY },
  { PUEBLA_PREFIX_ORG, PUEBLA_ENTITY_ORG },
  { PUEBLA_PREFIX_STATUS, PUEBLA_ENTITY_STATUS },
  { PUEBLA_PREFIX_MEETING, PUEBLA_ENTITY_MEETING },
};

static gchar *
entity_key (PueblaEntityType type, const gchar *id)
{
  return g_strdup_printf ("%s:%s", puebla_entity_type_to_string (type), id);
}

static void
matcher_init (Matcher *m, PueblaXapianQuery *query, PueblaTerms *terms, PueblaTerms *terms_en)
{
  m->words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  m->stems = g_ptr_array_new_with_free_func (g_free);
  m->entities = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  m->terms = terms;
  m->terms_en = terms_en;

  g_autoptr (GPtrArray) qterms = puebla_xapian_query_get_terms (query);
  for (guint i = 0; i < qterms->len; i++)
    {
      const gchar *t = g_ptr_array_index (qterms, i);
      gboolean entity = FALSE;
      for (guint k = 0; k < G_N_ELEMENTS (entity_prefixes) && !entity; k++)
        if (g_str_has_prefix (t, entity_prefixes[k].prefix))
          {
            g_hash_table_add (m->entities, entity_key (entity_prefixes[k].type, t + strlen (entity_prefixes[k].prefix)));
            entity = TRUE;
          }
      if (entity)
        continue;
      /* free-text prefixes: none (body), S (title); with Z for stems */
      if (g_str_has_prefix (t, "Z" PUEBLA_PREFIX_TITLE))
        g_ptr_array_add (m->stems, g_strdup (t + 2));
      else if (g_str_has_prefix (t, "Z"))
        g_ptr_array_add (m->stems, g_strdup (t + 1));
      else if (g_str_has_prefix (t, PUEBLA_PREFIX_TITLE))
        g_hash_table_add (m->words, g_strdup (t + 1));
      else if (!g_ascii_isupper (*t))
        g_hash_table_add (m->words, g_strdup (t));
    }
}

static void
matcher_clear (Matcher *m)
{
  g_hash_table_unref (m->words);
  g_ptr_array_unref (m->stems);
  g_hash_table_unref (m->entities);
}

/* The query key WORD matches (a query word or stem), or NULL. Borrowed
   from the matcher. */
static const gchar *
matcher_match (Matcher *m, const gchar *word, gsize len)
{
  g_autofree gchar *raw = g_strndup (word, len);
  g_autofree gchar *folded = puebla_terms_fold (raw);
  gpointer key = NULL;
  if (g_hash_table_lookup_extended (m->words, folded, &key, NULL))
    return key;
  for (guint i = 0; i < m->stems->len; i++)
    {
      const gchar *stem = g_ptr_array_index (m->stems, i);
      /* our stems are prefixes of the folded word: stem only when it can match */
      if (!g_str_has_prefix (folded, stem))
        continue;
      g_autofree gchar *s = puebla_terms_stem (m->terms, folded);
      if (g_str_equal (s, stem))
        return stem;
      g_autofree gchar *s_en = puebla_terms_stem (m->terms_en, folded);
      if (g_str_equal (s_en, stem))
        return stem;
    }
  return NULL;
}

typedef struct
{
  gsize start, end;   /* bytes in the page text */
  const gchar *key;   /* what it matched */
  gboolean stopword;  /* "de", "la", "the"…: shown only inside a phrase */
} Match;


/* TRUE when only white space or punctuation (no letter or digit) lies
   between bytes FROM and TO of TEXT, and not much of it. */
static gboolean
adjacent (const gchar *text, gsize from, gsize to)
{
  if (to < from || to - from > 3)
    return FALSE;
  for (gsize i = from; i < to; i++)
    if (g_ascii_isalnum (text[i]))
      return FALSE;
  return TRUE;
}

/* Drops the stopword matches that are not inside a run of matches (the
   "de" of "trata de personas" stays; a lone "de" goes). */
static void
drop_lone_stopwords (GArray *matches, const gchar *text)
{
  guint kept = 0;
  for (guint i = 0; i < matches->len; i++)
    {
      Match *m = &g_array_index (matches, Match, i);
      gboolean keep = !m->stopword;
      if (!keep && i > 0 && i + 1 < matches->len)
        {
          Match *prev = &g_array_index (matches, Match, i - 1);
          Match *next = &g_array_index (matches, Match, i + 1);
          keep = adjacent (text, prev->end, m->start) && adjacent (text, m->end, next->start);
        }
      if (keep)
        g_array_index (matches, Match, kept++) = *m;
    }
  g_array_set_size (matches, kept);
}

static gint
compare_matches (gconstpointer a, gconstpointer b)
{
  const Match *x = a, *y = b;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return x->end > y->end ? -1 : (x->end < y->end);
}

/* Adds the mentions of the query's entity filters on PAGE of RECORD
   ("country:GT" shows where Guatemala, Tegucigalpa… stand), and drops the
   word matches inside them. */
static void
add_entity_matches (Matcher *m, GPtrArray *entities, guint page, const gchar *text, GArray *matches)
{
  if (g_hash_table_size (m->entities) == 0 || entities == NULL)
    return;
  gsize len = strnlen (text, SNIPPET_SCAN_BYTES);
  gboolean added = FALSE;
  for (guint i = 0; i < entities->len; i++)
    {
      const PueblaEntity *e = g_ptr_array_index (entities, i);
      if (e->page != page || e->end > len)
        continue;
      g_autofree gchar *key = entity_key (e->type, e->id);
      gpointer interned = NULL;
      if (!g_hash_table_lookup_extended (m->entities, key, &interned, NULL))
        continue;
      Match match = { e->start, e->end, interned, FALSE };
      g_array_append_val (matches, match);
      added = TRUE;
    }
  if (!added)
    return;
  g_array_sort (matches, compare_matches);
  guint kept = 0;
  gsize covered = 0;
  for (guint i = 0; i < matches->len; i++)
    {
      Match *x = &g_array_index (matches, Match, i);
      if (kept > 0 && x->start < covered)
        continue; /* inside the one before */
      covered = x->end;
      g_array_index (matches, Match, kept++) = *x;
    }
  g_array_set_size (matches, kept);
}

/* Every word of TEXT that matches, in order, within the first
   SNIPPET_SCAN_BYTES (a 50 MB record must not cost seconds per search). */
static GArray *
find_matches (Matcher *m, const gchar *text)
{
  GArray *matches = g_array_new (FALSE, FALSE, sizeof (Match));
  const gchar *p = text;
  const gchar *stop = text + strnlen (text, SNIPPET_SCAN_BYTES);
  while (p < stop && *p)
    {
      gunichar c = g_utf8_get_char (p);
      if (!g_unichar_isalnum (c))
        {
          p = g_utf8_next_char (p);
          continue;
        }
      const gchar *start = p;
      while (*p && g_unichar_isalnum (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      const gchar *key = matcher_match (m, start, p - start);
      if (key)
        {
          Match match = { start - text, p - text, key, puebla_terms_is_stopword (key) };
          g_array_append_val (matches, match);
        }
    }
  drop_lone_stopwords (matches, text);
  return matches;
}

/* The window of at most SNIPPET_BYTES with the most distinct keys (then
   the most matches); its first match index in *FIRST, score returned. */
static guint
best_window (GArray *matches, guint *first)
{
  guint best = 0, best_total = 0;
  *first = 0;
  for (guint i = 0; i < matches->len; i++)
    {
      const Match *a = &g_array_index (matches, Match, i);
      g_autoptr (GHashTable) keys = g_hash_table_new (g_direct_hash, g_direct_equal);
      guint total = 0;
      for (guint j = i; j < matches->len; j++)
        {
          const Match *b = &g_array_index (matches, Match, j);
          if (b->end - a->start > SNIPPET_BYTES - 40)
            break;
          if (b->stopword)
            continue;
          g_hash_table_add (keys, (gpointer) b->key);
          total++;
        }
      guint distinct = g_hash_table_size (keys);
      if (distinct > best || (distinct == best && total > best_total))
        {
          best = distinct;
          best_total = total;
          *first = i;
        }
    }
  return best;
}

/* Builds the snippet of TEXT from byte FROM, whitespace collapsed, with
   the spans of MATCHES that fall inside it. */
static void
build_snippet (const gchar *text, gsize from, GArray *matches, PueblaHit *hit)
{
  gsize len = strlen (text);
  /* start at a word boundary */
  while (from > 0 && !g_ascii_isspace (text[from - 1]))
    from--;
  gsize to = MIN (len, from + SNIPPET_BYTES);
  while (to < len && !g_ascii_isspace (text[to]))
    to++;
  /* never cut a character (from and to sit next to ASCII white space or
     the ends, but be safe) */
  while (from > 0 && (text[from] & 0xC0) == 0x80)
    from--;
  while (to < len && (text[to] & 0xC0) == 0x80)
    to++;

  GString *out = g_string_new (from > 0 ? "… " : "");
  hit->highlights = g_array_new (FALSE, FALSE, sizeof (PueblaSpan));
  guint mi = 0;
  gboolean space = TRUE;
  PueblaSpan span = { 0, 0 };
  gboolean in_span = FALSE;

  for (gsize i = from; i < to; i++)
    {
      while (matches && mi < matches->len && g_array_index (matches, Match, mi).end <= i && !in_span)
        mi++;
      if (matches && mi < matches->len && !in_span && g_array_index (matches, Match, mi).start == i)
        {
          span.start = (guint) out->len;
          in_span = TRUE;
        }
      gchar c = text[i];
      if (g_ascii_isspace (c))
        {
          if (!space)
            g_string_append_c (out, ' ');
          space = TRUE;
        }
      else
        {
          g_string_append_c (out, c);
          space = FALSE;
        }
      if (in_span && g_array_index (matches, Match, mi).end == i + 1)
        {
          span.end = (guint) out->len;
          g_array_append_val (hit->highlights, span);
          in_span = FALSE;
          mi++;
        }
    }
  while (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  if (to < len)
    g_string_append (out, " …");
  hit->snippet = g_string_free (out, FALSE);
}

static void
make_snippet (Matcher *m, const PueblaRecord *record, PueblaHit *hit)
{
  guint best = 0, best_page = 0, best_first = 0;
  g_autoptr (GArray) best_matches = NULL;

  gsize scanned = 0;
  for (guint i = 0; i < record->pages->len && scanned < 4 * SNIPPET_SCAN_BYTES; i++)
    {
      const PueblaPage *page = g_ptr_array_index (record->pages, i);
      scanned += strnlen (page->text, SNIPPET_SCAN_BYTES);
      g_autoptr (GArray) matches = find_matches (m, page->text);
      add_entity_matches (m, record->entities, page->number, page->text, matches);
      guint first = 0;
      guint score = best_window (matches, &first);
      if (score > best)
        {
          best = score;
          best_page = i;
          best_first = first;
          g_clear_pointer (&best_matches, g_array_unref);
          best_matches = g_steal_pointer (&matches);
        }
    }

  if (record->pages->len == 0)
    {
      hit->snippet = g_strdup ("");
      hit->highlights = g_array_new (FALSE, FALSE, sizeof (PueblaSpan));
      return;
    }

  const PueblaPage *page = g_ptr_array_index (record->pages, best_page);
  gsize from = 0;
  if (best_matches && best_matches->len > 0)
    {
      gsize at = g_array_index (best_matches, Match, best_first).start;
      from = at > 60 ? at - 60 : 0;
    }
  hit->page = page->number;
  build_snippet (page->text, from, best_matches, hit);
}

/* The snippet of a passage: its best window. */
static void
make_passage_snippet (Matcher *m, const PueblaPassage *passage, PueblaHit *hit)
{
  g_autoptr (GArray) matches = find_matches (m, passage->text);
  add_entity_matches (m, passage->entities, 0, passage->text, matches);
  guint first = 0;
  best_window (matches, &first);
  gsize from = 0;
  if (matches->len > 0)
    {
      gsize at = g_array_index (matches, Match, first).start;
      from = at > 60 ? at - 60 : 0;
    }
  build_snippet (passage->text, from, matches, hit);
}

/* ---- Facets ---------------------------------------------------------------------- */

static void
facet_value_free (gpointer data)
{
  PueblaFacetValue *v = data;
  g_free (v->value);
  g_free (v);
}

static void
facet_free (PueblaFacet *facet)
{
  if (facet == NULL)
    return;
  g_free (facet->name);
  g_ptr_array_unref (facet->values);
  g_free (facet);
}

static gint
compare_facet_values (gconstpointer a, gconstpointer b)
{
  const PueblaFacetValue *x = *(PueblaFacetValue *const *) a;
  const PueblaFacetValue *y = *(PueblaFacetValue *const *) b;
  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return g_strcmp0 (x->value, y->value);
}

static PueblaFacet *
facet_from_counts (const gchar *name, GHashTable *counts)
{
  PueblaFacet *facet = g_new0 (PueblaFacet, 1);
  facet->name = g_strdup (name);
  facet->values = g_ptr_array_new_with_free_func (facet_value_free);
  GHashTableIter it;
  gpointer key, value;
  g_hash_table_iter_init (&it, counts);
  while (g_hash_table_iter_next (&it, &key, &value))
    {
      PueblaFacetValue *v = g_new0 (PueblaFacetValue, 1);
      v->value = g_strdup (key);
      v->count = GPOINTER_TO_UINT (value);
      g_ptr_array_add (facet->values, v);
    }
  g_ptr_array_sort (facet->values, compare_facet_values);
  return facet;
}

/* ---- Passages ------------------------------------------------------------------- */

/* A passage's stored data: {"record": {…}, "passage": {…}}. */
static PueblaPassage *
parse_passage_data (const gchar *data, gsize len, JsonObject **record /* OUT, ref'd */)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, NULL))
    return NULL;
  JsonNode *root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  JsonObject *o = json_node_get_object (root);
  if (record)
    *record = json_object_has_member (o, "record") ? json_object_ref (json_object_get_object_member (o, "record")) : NULL;
  return puebla_passage_from_json (json_object_get_member (o, "passage"));
}

static gchar *
dup_string_member (JsonObject *o, const gchar *name)
{
  if (o == NULL)
    return NULL;
  JsonNode *n = json_object_get_member (o, name);
  if (n == NULL || JSON_NODE_HOLDS_NULL (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (n));
}

/* A hit for a passage document. */
static PueblaHit *
passage_hit (Matcher *m, const gchar *data, gsize len, gboolean snippet)
{
  PueblaHit *hit = g_new0 (PueblaHit, 1);
  JsonObject *record = NULL;
  PueblaPassage *passage = parse_passage_data (data, len, &record);
  hit->id = dup_string_member (record, "id");
  hit->path = dup_string_member (record, "path");
  hit->title = dup_string_member (record, "title");
  hit->kind = dup_string_member (record, "kind");
  hit->language = dup_string_member (record, "language");
  hit->date = dup_string_member (record, "date");
  hit->meeting = dup_string_member (record, "meeting");
  if (record)
    json_object_unref (record);
  if (hit->id == NULL)
    hit->id = g_strdup ("");
  if (hit->path == NULL)
    hit->path = g_strdup ("");
  if (passage)
    {
      hit->page = passage->page;
      hit->section = g_strdup (passage->section);
      if (snippet)
        make_passage_snippet (m, passage, hit);
      else
        {
          hit->snippet = g_strdup ("");
          hit->highlights = g_array_new (FALSE, FALSE, sizeof (PueblaSpan));
        }
      hit->passage = passage;
    }
  else
    {
      hit->snippet = g_strdup ("");
      hit->highlights = g_array_new (FALSE, FALSE, sizeof (PueblaSpan));
    }
  return hit;
}

/* For each record id of IDS, the passage of that record that best matches
   Q (id → PueblaPassage, parsed): one search over the passages of all of
   them, keeping the best of each record (Xapian's collapse on the record
   id), not one search per record. Records without a matching passage are
   not in the table. */
static GHashTable *
best_passages (PueblaSearcher *searcher, PueblaXapianQuery *q, GPtrArray *ids)
{
  GHashTable *out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) puebla_passage_free);
  if (ids->len == 0)
    return out;
  g_autoptr (PueblaXapianQuery) records = NULL;
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree gchar *link = g_strconcat (PUEBLA_PREFIX_RECORD, (const gchar *) g_ptr_array_index (ids, i), NULL);
      PueblaXapianQuery *one = puebla_xapian_query_new_term (link);
      if (records == NULL)
        records = one;
      else
        {
          PueblaXapianQuery *both = puebla_xapian_query_or (records, one);
          puebla_xapian_query_free (records);
          puebla_xapian_query_free (one);
          records = both;
        }
    }
  g_autoptr (PueblaXapianQuery) filtered = puebla_xapian_query_filter (q, records);
  g_autoptr (PueblaXapianResults) best
    = puebla_xapian_database_search_collapsed (searcher->pdb, filtered, PUEBLA_SLOT_RECORD, ids->len, NULL);
  for (guint i = 0; best && i < puebla_xapian_results_get_size (best); i++)
    {
      g_autoptr (PueblaXapianDocument) doc = puebla_xapian_results_get_document (best, i, NULL);
      if (doc == NULL)
        continue;
      gsize len = 0;
      g_autofree gchar *id = puebla_xapian_document_get_value (doc, PUEBLA_SLOT_RECORD, &len);
      g_autofree gchar *data = puebla_xapian_document_get_data (doc, &len);
      PueblaPassage *passage = parse_passage_data (data, len, NULL);
      if (passage && id && *id && !g_hash_table_contains (out, id))
        g_hash_table_insert (out, g_steal_pointer (&id), passage);
      else
        puebla_passage_free (passage);
    }
  return out;
}

/* ---- Search ------------------------------------------------------------------- */

static gint
compare_passage_ordinals (gconstpointer a, gconstpointer b)
{
  const PueblaPassage *x = *(PueblaPassage *const *) a, *y = *(PueblaPassage *const *) b;
  return (x->ordinal > y->ordinal) - (x->ordinal < y->ordinal);
}

/* A record's data holds no passages since they are stored once, in their
   own documents (schema.h): put them back, in order. Data written before
   that holds them, and is left as it is. */
static gboolean
add_stored_passages (PueblaSearcher *searcher, PueblaRecord *record, GError **error)
{
  if (record->verdict != PUEBLA_VERDICT_OK || record->passages->len > 0 || record->id == NULL)
    return TRUE;
  g_autofree gchar *link = g_strconcat (PUEBLA_PREFIX_RECORD, record->id, NULL);
  guint count = puebla_xapian_database_get_term_freq (searcher->pdb, link);
  if (count == 0)
    return TRUE;
  g_autoptr (PueblaXapianQuery) q = puebla_xapian_query_new_term (link);
  GError *local = NULL;
  g_autoptr (PueblaXapianResults) mset = puebla_xapian_database_search (searcher->pdb, q, 0, count, 0, 0, &local);
  if (mset == NULL)
    {
      _puebla_index_propagate (error, local, searcher->path);
      return FALSE;
    }
  for (guint i = 0; i < puebla_xapian_results_get_size (mset); i++)
    {
      g_autoptr (PueblaXapianDocument) doc = puebla_xapian_results_get_document (mset, i, &local);
      if (doc == NULL)
        {
          _puebla_index_propagate (error, local, searcher->path);
          return FALSE;
        }
      gsize len = 0;
      g_autofree gchar *data = puebla_xapian_document_get_data (doc, &len);
      PueblaPassage *passage = parse_passage_data (data, len, NULL);
      if (passage)
        g_ptr_array_add (record->passages, passage);
    }
  g_ptr_array_sort (record->passages, compare_passage_ordinals);
  return TRUE;
}

/* The record stored in DOC; a damaged one must not hide the others: what
   its values say, with a warning. */
static PueblaRecord *
record_of_document (PueblaSearcher *searcher, PueblaXapianDocument *doc)
{
  g_autoptr (GError) local = NULL;
  PueblaRecord *record = _puebla_record_of_document (doc, &local);
  if (record != NULL)
    return record;
  g_autofree gchar *path = puebla_xapian_document_get_value (doc, PUEBLA_SLOT_PATH, NULL);
  g_warning ("%s: the stored data of %s cannot be read (%s): ingest it again", searcher->path, path, local->message);
  return puebla_record_new (*path ? path : "/");
}

static PueblaHit *
hit_from_record (const PueblaRecord *record)
{
  PueblaHit *hit = g_new0 (PueblaHit, 1);
  hit->id = g_strdup (record->id);
  hit->path = g_strdup (record->path);
  hit->title = g_strdup (record->title);
  hit->mime_type = g_strdup (record->mime_type);
  hit->kind = g_strdup (record->kind);
  hit->language = g_strdup (record->language);
  hit->date = g_strdup (record->date);
  hit->meeting = g_strdup (record->meeting);
  return hit;
}

/* The hit of DOC from its summary slot, or NULL if it has none. */
static PueblaHit *
hit_from_summary (PueblaXapianDocument *doc)
{
  gsize len = 0;
  g_autofree gchar *summary = puebla_xapian_document_get_value (doc, PUEBLA_SLOT_SUMMARY, &len);
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  if (summary == NULL || len == 0 || !json_parser_load_from_data (parser, summary, (gssize) len, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  JsonObject *o = json_node_get_object (json_parser_get_root (parser));
  g_autofree gchar *id = dup_string_member (o, "id"), *path = dup_string_member (o, "path"),
                   *path_bytes = dup_string_member (o, "path_bytes");
  if (id == NULL || path == NULL)
    return NULL;
  PueblaHit *hit = g_new0 (PueblaHit, 1);
  hit->id = g_steal_pointer (&id);
  if (path_bytes)
    {
      /* the exact bytes of a name that is not UTF-8, as the record has them */
      gsize n = 0;
      g_autofree guchar *raw = g_base64_decode (path_bytes, &n);
      hit->path = g_strndup ((const gchar *) raw, n);
    }
  else
    hit->path = g_steal_pointer (&path);
  hit->title = dup_string_member (o, "title");
  hit->mime_type = dup_string_member (o, "mime_type");
  hit->kind = dup_string_member (o, "kind");
  hit->language = dup_string_member (o, "language");
  hit->date = dup_string_member (o, "date");
  hit->meeting = dup_string_member (o, "meeting");
  return hit;
}


/* The snippets of the record HITS (their DOCS beside them) from their
   passages that best match QUERY: one that holds the whole query, or else
   the one that holds most of its terms (a record matches "OIM pendiente"
   when one passage names the OIM and another says pendiente). Either way
   the record's own JSON, the largest thing stored, is not read; it is for
   a record where no passage holds any term: the snippet comes from its
   pages. */
static void
record_snippets (PueblaSearcher *searcher, Matcher *m, PueblaXapianQuery *query, GPtrArray *hits, GPtrArray *docs)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new ();
  for (guint i = 0; i < hits->len; i++)
    g_ptr_array_add (ids, ((PueblaHit *) g_ptr_array_index (hits, i))->id);
  g_autoptr (GHashTable) whole = best_passages (searcher, query, ids);

  g_autoptr (GPtrArray) rest = g_ptr_array_new ();
  for (guint i = 0; i < ids->len; i++)
    if (!g_hash_table_contains (whole, g_ptr_array_index (ids, i)))
      g_ptr_array_add (rest, g_ptr_array_index (ids, i));
  g_autoptr (GHashTable) partial = NULL;
  if (rest->len > 0)
    {
      g_autoptr (PueblaXapianQuery) any = puebla_xapian_query_any_term_of (query);
      if (any)
        partial = best_passages (searcher, any, rest);
    }

  for (guint i = 0; i < hits->len; i++)
    {
      PueblaHit *hit = g_ptr_array_index (hits, i);
      gpointer key = NULL, passage = NULL;
      if (!g_hash_table_steal_extended (whole, hit->id, &key, &passage) && partial)
        g_hash_table_steal_extended (partial, hit->id, &key, &passage);
      g_free (key);
      if (passage)
        {
          PueblaPassage *p = passage;
          hit->page = p->page;
          hit->section = g_strdup (p->section);
          make_passage_snippet (m, p, hit);
          hit->passage = p;
        }
      else
        {
          g_autoptr (PueblaRecord) record = record_of_document (searcher, g_ptr_array_index (docs, i));
          make_snippet (m, record, hit);
        }
    }
}

/* The hit of the record document DOC. What it shows comes from the
   summary slot; the whole record is parsed only when there is none (an
   older index) or no passage of it to show. */
static PueblaHit *
record_hit (PueblaSearcher *searcher, PueblaXapianDocument *doc)
{
  PueblaHit *hit = hit_from_summary (doc);
  if (hit == NULL)
    {
      g_autoptr (PueblaRecord) record = record_of_document (searcher, doc);
      hit = hit_from_record (record);
    }
  return hit;
}

PueblaSearchResults *
puebla_searcher_search (PueblaSearcher *searcher, const gchar *query, const PueblaSearchOptions *opts,
                        GError **error)
{
  g_return_val_if_fail (searcher != NULL && query != NULL && opts != NULL, NULL);

  if (!validate_query (query, error))
    return NULL;

  /* Parsed twice, with the Spanish and the English stemmer, and ORed: each
     record was stemmed in its own language. */
  GError *local = NULL;
  g_autofree gchar *folded = puebla_terms_fold_query (query);
  PueblaXapianParseOptions options = {
    .stemmer = puebla_terms_get_stemmer (searcher->terms),
    .default_and = !opts->any_words,
    .stopwords = opts->any_words ? puebla_terms_stopwords () : NULL,
    .fields = searcher->fields,
  };
  PueblaXapianDatabase *db = opts->passages ? searcher->pdb : searcher->db;
  g_autoptr (PueblaXapianQuery) parsed_es = puebla_xapian_query_parse (db, folded, &options, &local);
  options.stemmer = puebla_terms_get_stemmer (searcher->terms_en);
  g_autoptr (PueblaXapianQuery) parsed_en = parsed_es ? puebla_xapian_query_parse (db, folded, &options, &local) : NULL;
  if (parsed_en == NULL)
    {
      _puebla_index_propagate (error, local, NULL);
      return NULL;
    }
  g_autoptr (PueblaXapianQuery) parsed = puebla_xapian_query_or (parsed_es, parsed_en);
  g_autoptr (PueblaXapianQuery) ok
    = puebla_xapian_query_new_term (opts->passages ? PUEBLA_TERM_PASSAGE : PUEBLA_PREFIX_VERDICT "ok");
  g_autoptr (PueblaXapianQuery) filtered = puebla_xapian_query_filter (parsed, ok);

  const gchar *prefixes[G_N_ELEMENTS (facets) + 1] = { NULL };
  for (guint i = 0; opts->facets && i < G_N_ELEMENTS (facets); i++)
    prefixes[i] = facets[i].prefix;
  /* ties in an order of their own, not by document id, which differs
     between one database and shards (docs/shards.md): records by path,
     passages by their record (and then by ordinal, as a record's passages
     are added in order) */
  PueblaXapianSearchOptions search = {
    .offset = opts->offset,
    .limit = opts->limit,
    .check_at_least = opts->hits_only ? 0 : EXACT_COUNT_UP_TO,
    .time_limit = searcher->time_limit,
    .tie_slot = opts->passages ? PUEBLA_SLOT_RECORD : PUEBLA_SLOT_PATH,
    .facet_prefixes = prefixes,
  };
  g_autoptr (PueblaXapianResults) mset = puebla_xapian_database_search_full (db, filtered, &search, &local);
  if (mset == NULL)
    {
      _puebla_index_propagate (error, local, searcher->path);
      return NULL;
    }

  g_autoptr (PueblaSearchResults) results = g_new0 (PueblaSearchResults, 1);
  results->query = g_strdup (query);
  results->total = puebla_xapian_results_get_estimated (mset);
  results->examined = puebla_xapian_results_get_examined (mset);
  results->partial = puebla_xapian_results_get_lower_bound (mset) != puebla_xapian_results_get_upper_bound (mset)
                     || results->examined < results->total;
  results->offset = opts->offset;
  results->limit = opts->limit;
  results->hits = g_ptr_array_new_with_free_func (hit_free);
  results->facets = g_ptr_array_new_with_free_func ((GDestroyNotify) facet_free);
  for (guint i = 0; opts->facets && i < G_N_ELEMENTS (facets); i++)
    g_ptr_array_add (results->facets,
                     facet_from_counts (facets[i].name, puebla_xapian_results_get_facet (mset, facets[i].prefix)));

  Matcher matcher;
  matcher_init (&matcher, parsed, searcher->terms, searcher->terms_en);
  g_autoptr (GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) puebla_xapian_document_free);
  for (guint i = 0; i < puebla_xapian_results_get_size (mset); i++)
    {
      PueblaXapianDocument *doc = puebla_xapian_results_get_document (mset, i, &local);
      if (doc == NULL)
        {
          matcher_clear (&matcher);
          _puebla_index_propagate (error, local, searcher->path);
          return NULL;
        }
      PueblaHit *hit;
      if (opts->passages)
        {
          gsize len = 0;
          g_autofree gchar *data = puebla_xapian_document_get_data (doc, &len);
          hit = passage_hit (&matcher, data, len, !opts->hits_only);
        }
      else
        hit = record_hit (searcher, doc);
      hit->score = puebla_xapian_results_get_weight (mset, i);
      hit->percent = puebla_xapian_results_get_percent (mset, i);
      g_ptr_array_add (results->hits, hit);
      g_ptr_array_add (docs, doc);
    }
  if (!opts->passages)
    record_snippets (searcher, &matcher, parsed, results->hits, docs);
  matcher_clear (&matcher);
  return g_steal_pointer (&results);
}

/* ---- Documents ------------------------------------------------------------------ */

static gboolean
looks_like_id (const gchar *s)
{
  if (strlen (s) != 16)
    return FALSE;
  for (const gchar *p = s; *p; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  return TRUE;
}

PueblaRecord *
puebla_searcher_get_record (PueblaSearcher *searcher, const gchar *doc, GError **error)
{
  g_return_val_if_fail (searcher != NULL && doc != NULL, NULL);

  g_autofree gchar *id = looks_like_id (doc) ? g_ascii_strdown (doc, -1) : puebla_record_id_for_path (doc);
  g_autofree gchar *term = g_strconcat (PUEBLA_PREFIX_ID, id, NULL);
  GError *local = NULL;
  g_autoptr (PueblaXapianDocument) xdoc = puebla_xapian_database_find_document (searcher->db, term, &local);
  if (local)
    {
      _puebla_index_propagate (error, local, searcher->path);
      return NULL;
    }
  if (xdoc == NULL)
    {
      g_set_error (error, PUEBLA_INDEX_ERROR, PUEBLA_INDEX_ERROR_NO_DOCUMENT,
                   "no document '%s' in the index (give an id from `puebla search` or an indexed path)", doc);
      return NULL;
    }
  PueblaRecord *record = _puebla_record_of_document (xdoc, &local);
  if (record == NULL)
    {
      g_set_error (error, PUEBLA_INDEX_ERROR, PUEBLA_INDEX_ERROR_CORRUPT, "%s: document '%s' has unreadable data: %s",
                   searcher->path, doc, local->message);
      g_error_free (local);
      return NULL;
    }
  if (!add_stored_passages (searcher, record, error))
    g_clear_pointer (&record, puebla_record_free);
  return record;
}

/* ---- Statistics ----------------------------------------------------------------- */

void
puebla_stats_free (PueblaStats *stats)
{
  if (stats == NULL)
    return;
  g_free (stats->path);
  g_free (stats->last_ingest);
  g_hash_table_unref (stats->by_verdict);
  g_hash_table_unref (stats->by_mime_type);
  g_ptr_array_unref (stats->failures);
  g_free (stats);
}

static gboolean
collect_value (guint docid, const gchar *value, gsize len, gpointer user_data)
{
  GHashTable *map = user_data;
  g_hash_table_insert (map, GUINT_TO_POINTER (docid), g_strndup (value, len));
  return TRUE;
}

static gboolean
collect_sizes (guint docid, const gchar *value, gsize len, gpointer user_data)
{
  (void) docid;
  gint64 *total = user_data;
  *total += (gint64) puebla_xapian_sortable_unserialise (value, len);
  return TRUE;
}

static gboolean
collect_mime (const gchar *term, guint termfreq, gpointer user_data)
{
  GHashTable *by_mime = user_data;
  g_hash_table_insert (by_mime, g_strdup (term + strlen (PUEBLA_PREFIX_MIME)), GUINT_TO_POINTER (termfreq));
  return TRUE;
}

static gint
compare_record_paths (gconstpointer a, gconstpointer b)
{
  const PueblaRecord *ra = *(PueblaRecord *const *) a;
  const PueblaRecord *rb = *(PueblaRecord *const *) b;
  return g_strcmp0 (ra->path, rb->path);
}

PueblaStats *
puebla_searcher_get_stats (PueblaSearcher *searcher, GError **error)
{
  GError *local = NULL;
  g_autoptr (PueblaStats) stats = g_new0 (PueblaStats, 1);
  stats->path = g_strdup (searcher->path);
  stats->documents = puebla_xapian_database_get_term_freq (searcher->db, PUEBLA_TERM_RECORD);
  stats->passages = puebla_xapian_database_get_term_freq (searcher->pdb, PUEBLA_TERM_PASSAGE);
  stats->schema_version = searcher->layout;
  stats->by_verdict = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  stats->by_mime_type = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  stats->failures = g_ptr_array_new_with_free_func ((GDestroyNotify) puebla_record_free);

  g_autofree gchar *last = puebla_xapian_database_get_metadata (searcher->db, PUEBLA_META_LAST_INGEST, &local);
  if (last == NULL)
    {
      /* not a goto: it would jump past the g_autoptr below, whose
         cleanups would then free what was never set */
      _puebla_index_propagate (error, local, searcher->path);
      return NULL;
    }
  stats->last_ingest = *last ? g_steal_pointer (&last) : NULL;

  g_autoptr (GHashTable) verdicts = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  g_autoptr (GHashTable) paths = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  g_autoptr (GHashTable) reasons = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  if (!puebla_xapian_database_foreach_value (searcher->db, PUEBLA_SLOT_VERDICT, collect_value, verdicts, &local)
      || !puebla_xapian_database_foreach_value (searcher->db, PUEBLA_SLOT_PATH, collect_value, paths, &local)
      || !puebla_xapian_database_foreach_value (searcher->db, PUEBLA_SLOT_REASON, collect_value, reasons, &local)
      || !puebla_xapian_database_foreach_value (searcher->db, PUEBLA_SLOT_SIZE, collect_sizes, &stats->bytes,
                                                &local)
      || !puebla_xapian_database_foreach_term (searcher->db, PUEBLA_PREFIX_MIME, collect_mime, stats->by_mime_type,
                                               &local))
    goto fail;

  GHashTableIter it;
  gpointer key, value;
  g_hash_table_iter_init (&it, verdicts);
  while (g_hash_table_iter_next (&it, &key, &value))
    {
      const gchar *verdict = value;
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (stats->by_verdict, verdict));
      g_hash_table_insert (stats->by_verdict, g_strdup (verdict), GUINT_TO_POINTER (n + 1));
      PueblaVerdict v;
      if (g_str_equal (verdict, "ok") || !puebla_verdict_from_string (verdict, &v))
        continue;
      const gchar *path = g_hash_table_lookup (paths, key);
      if (path == NULL)
        continue;
      PueblaRecord *stub = puebla_record_new (path);
      stub->verdict = v;
      stub->reason = g_strdup (g_hash_table_lookup (reasons, key));
      g_ptr_array_add (stats->failures, stub);
      stats->failed++;
    }
  g_ptr_array_sort (stats->failures, compare_record_paths);
  return g_steal_pointer (&stats);

fail:
  _puebla_index_propagate (error, local, searcher->path);
  return NULL;
}

/* ---- Every passage, in order ----------------------------------------------------------- */

typedef struct
{
  guint docid;
  guint ordinal;
  const gchar *path;   /* the record's, owned by the paths table */
} PassageKey;

static gboolean
collect_record_ids (guint docid, const gchar *value, gsize len, gpointer user_data)
{
  GHashTable *by_docid = user_data; /* docid → record id */
  g_hash_table_insert (by_docid, GUINT_TO_POINTER (docid), g_strndup (value, len));
  return TRUE;
}

static gboolean
collect_ordinals (guint docid, const gchar *value, gsize len, gpointer user_data)
{
  GHashTable *ordinals = user_data;
  g_hash_table_insert (ordinals, GUINT_TO_POINTER (docid),
                       GUINT_TO_POINTER ((guint) puebla_xapian_sortable_unserialise (value, len)));
  return TRUE;
}

static gboolean
collect_paths (guint docid, const gchar *value, gsize len, gpointer user_data)
{
  (void) docid;
  GHashTable *paths = user_data; /* record id → path */
  gchar *path = g_strndup (value, len);
  gchar *id = puebla_record_id_for_path (path);
  g_hash_table_insert (paths, id, path);
  return TRUE;
}

static gint
compare_passage_keys (gconstpointer a, gconstpointer b)
{
  const PassageKey *x = a, *y = b;
  gint c = g_strcmp0 (x->path, y->path);
  if (c)
    return c;
  return x->ordinal < y->ordinal ? -1 : x->ordinal > y->ordinal;
}

struct _PueblaPassageCursor
{
  PueblaSearcher *searcher;
  GArray *keys; /* PassageKey, in order */
  GHashTable *paths;
  guint next;
};

void
puebla_passage_cursor_free (PueblaPassageCursor *cursor)
{
  if (cursor == NULL)
    return;
  g_array_unref (cursor->keys);
  g_hash_table_unref (cursor->paths);
  g_free (cursor);
}

PueblaPassageCursor *
puebla_searcher_passages (PueblaSearcher *searcher, const gchar *query, GError **error)
{
  GError *local = NULL;
  g_autoptr (GHashTable) record_of = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  g_autoptr (GHashTable) ordinals = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr (GHashTable) paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (!puebla_xapian_database_foreach_value (searcher->pdb, PUEBLA_SLOT_RECORD, collect_record_ids, record_of, &local)
      || !puebla_xapian_database_foreach_value (searcher->pdb, PUEBLA_SLOT_ORDINAL, collect_ordinals, ordinals, &local)
      || !puebla_xapian_database_foreach_value (searcher->db, PUEBLA_SLOT_PATH, collect_paths, paths, &local))
    {
      _puebla_index_propagate (error, local, searcher->path);
      return NULL;
    }

  /* with a query: only the passages it matches */
  g_autoptr (GHashTable) wanted = NULL;
  if (query)
    {
      if (!validate_query (query, error))
        return NULL;
      g_autofree gchar *folded = puebla_terms_fold_query (query);
      PueblaXapianParseOptions popts
        = { .stemmer = puebla_terms_get_stemmer (searcher->terms), .default_and = TRUE, .fields = searcher->fields };
      g_autoptr (PueblaXapianQuery) es = puebla_xapian_query_parse (searcher->pdb, folded, &popts, &local);
      popts.stemmer = puebla_terms_get_stemmer (searcher->terms_en);
      g_autoptr (PueblaXapianQuery) en = es ? puebla_xapian_query_parse (searcher->pdb, folded, &popts, &local) : NULL;
      if (en == NULL)
        {
          _puebla_index_propagate (error, local, NULL);
          return NULL;
        }
      g_autoptr (PueblaXapianQuery) both = puebla_xapian_query_or (es, en);
      g_autoptr (PueblaXapianQuery) kind = puebla_xapian_query_new_term (PUEBLA_TERM_PASSAGE);
      g_autoptr (PueblaXapianQuery) q = puebla_xapian_query_filter (both, kind);
      guint n = g_hash_table_size (record_of);
      g_autoptr (PueblaXapianResults) all
        = puebla_xapian_database_search (searcher->pdb, q, 0, MAX (n, 1), n, 0, &local);
      if (all == NULL)
        {
          _puebla_index_propagate (error, local, searcher->path);
          return NULL;
        }
      wanted = g_hash_table_new (g_direct_hash, g_direct_equal);
      for (guint i = 0; i < puebla_xapian_results_get_size (all); i++)
        g_hash_table_add (wanted, GUINT_TO_POINTER (puebla_xapian_results_get_docid (all, i)));
    }

  PueblaPassageCursor *cursor = g_new0 (PueblaPassageCursor, 1);
  cursor->searcher = searcher;
  cursor->keys = g_array_new (FALSE, FALSE, sizeof (PassageKey));
  cursor->paths = g_steal_pointer (&paths);
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init (&it, record_of);
  while (g_hash_table_iter_next (&it, &k, &v))
    {
      if (wanted && !g_hash_table_contains (wanted, k))
        continue;
      PassageKey key = { GPOINTER_TO_UINT (k), GPOINTER_TO_UINT (g_hash_table_lookup (ordinals, k)),
                         g_hash_table_lookup (cursor->paths, v) };
      g_array_append_val (cursor->keys, key);
    }
  g_array_sort (cursor->keys, compare_passage_keys);
  return cursor;
}

gboolean
puebla_passage_cursor_next (PueblaPassageCursor *cursor, PueblaPassageFunc func, gpointer user_data, GError **error)
{
  PueblaSearcher *searcher = cursor->searcher;
  GError *local = NULL;
  while (cursor->next < cursor->keys->len)
    {
      const PassageKey *key = &g_array_index (cursor->keys, PassageKey, cursor->next++);
      g_autoptr (PueblaXapianDocument) doc = puebla_xapian_database_get_document (searcher->pdb, key->docid, &local);
      if (doc == NULL)
        {
          _puebla_index_propagate (error, local, searcher->path);
          return FALSE;
        }
      gsize len = 0;
      g_autofree gchar *data = puebla_xapian_document_get_data (doc, &len);
      JsonObject *record = NULL;
      PueblaPassage *passage = parse_passage_data (data, len, &record);
      if (passage == NULL)
        {
          if (record)
            json_object_unref (record);
          continue;
        }
      g_autofree gchar *rid = dup_string_member (record, "id"), *path = dup_string_member (record, "path"),
                       *title = dup_string_member (record, "title"), *kind = dup_string_member (record, "kind"),
                       *lang = dup_string_member (record, "language"), *meeting = dup_string_member (record, "meeting"),
                       *date = dup_string_member (record, "date");
      if (record)
        json_object_unref (record);
      PueblaPassageRef ref = { rid, path, title, kind, lang, meeting, date, passage };
      func (&ref, user_data);
      puebla_passage_free (passage);
      return TRUE;
    }
  return FALSE;
}

typedef struct
{
  PueblaPassageFunc func;
  gpointer user_data;
  gboolean go_on;
} Relay;

static gboolean
relay (const PueblaPassageRef *ref, gpointer data)
{
  Relay *r = data;
  r->go_on = r->func (ref, r->user_data);
  return r->go_on;
}

gboolean
puebla_searcher_foreach_passage (PueblaSearcher *searcher, const gchar *query, PueblaPassageFunc func,
                                 gpointer user_data, GError **error)
{
  g_autoptr (PueblaPassageCursor) cursor = puebla_searcher_passages (searcher, query, error);
  if (cursor == NULL)
    return FALSE;
  GError *local = NULL;
  Relay r = { func, user_data, TRUE };
  while (r.go_on && puebla_passage_cursor_next (cursor, relay, &r, &local))
    ;
  if (local)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  return TRUE;
}
