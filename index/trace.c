/* trace.c: the timeline of an activity (see trace.h, docs/trace.md). */
#include "trace.h"

#include "index-private.h"
#include "terms.h"

#include <math.h>
#include <string.h>

/* A passage is about the activity when it holds at least this share of the
   weight of the query's content words (a word weighs its rarity: IDF). */
#define TRACE_MIN_COVERAGE 0.6

static const gchar *const status_order[] = { "proposed", "approved", "ongoing", "pending", "completed", "mentioned", NULL };

static gint
status_rank (const gchar *status)
{
  for (gint i = 0; status_order[i]; i++)
    if (g_strcmp0 (status, status_order[i]) == 0)
      return i;
  return G_N_ELEMENTS (status_order);
}

static void
event_free (PueblaTraceEvent *e)
{
  if (e == NULL)
    return;
  g_free (e->date);
  g_free (e->first_day);
  g_free (e->dated_by);
  g_free (e->status);
  g_free (e->record_id);
  g_free (e->record_date);
  g_free (e->path);
  g_free (e->title);
  g_free (e->section);
  g_free (e->quote);
  if (e->by)
    g_ptr_array_unref (e->by);
  g_free (e);
}

void
puebla_trace_free (PueblaTrace *trace)
{
  if (trace == NULL)
    return;
  g_free (trace->query);
  g_ptr_array_unref (trace->events);
  g_free (trace);
}

/* ---- Words ------------------------------------------------------------------------ */

typedef struct
{
  PueblaTerms *es, *en;
  GPtrArray *words;     /* the query's content words, folded */
  GPtrArray *stems_es;  /* their stems, same order */
  GPtrArray *stems_en;
  GArray *weights;      /* of gdouble: log (N / (1 + documents with the word)) */
  gdouble total;        /* their sum */
  gdouble strongest;    /* the largest */
} Keywords;

/* The content words of QUERY: not operators, fields, excluded words or
   stopwords. */
static void
keywords_init (Keywords *k, PueblaSearcher *searcher, const gchar *query)
{
  k->es = _puebla_searcher_get_terms (searcher, FALSE);
  k->en = _puebla_searcher_get_terms (searcher, TRUE);
  k->words = g_ptr_array_new_with_free_func (g_free);
  k->stems_es = g_ptr_array_new_with_free_func (g_free);
  k->stems_en = g_ptr_array_new_with_free_func (g_free);
  k->weights = g_array_new (FALSE, FALSE, sizeof (gdouble));
  k->total = k->strongest = 0;
  gdouble n_docs = MAX (1, _puebla_searcher_doc_count (searcher));

  g_auto (GStrv) tokens = g_strsplit_set (query, " \t\n\"()", -1);
  for (guint i = 0; tokens[i]; i++)
    {
      const gchar *t = tokens[i];
      if (*t == '\0' || *t == '-' || strchr (t, ':') || g_str_equal (t, "AND") || g_str_equal (t, "OR")
          || g_str_equal (t, "NOT") || g_str_equal (t, "XOR") || g_str_has_prefix (t, "NEAR")
          || g_str_has_prefix (t, "ADJ") || (i > 0 && g_str_equal (tokens[i - 1], "NOT")))
        continue;
      if (*t == '+')
        t++;
      g_autofree gchar *folded = puebla_terms_fold (t);
      /* strip what is not a letter or digit at the ends ("migra*") */
      gchar *w = folded;
      while (*w && !g_unichar_isalnum (g_utf8_get_char (w)))
        w = g_utf8_next_char (w);
      gchar *end = w + strlen (w);
      while (end > w && !g_unichar_isalnum (g_utf8_get_char (g_utf8_prev_char (end))))
        end = g_utf8_prev_char (end);
      *end = '\0';
      if (*w == '\0' || puebla_terms_is_stopword (w))
        continue;
      g_ptr_array_add (k->words, g_strdup (w));
      gchar *stem_es = puebla_terms_stem (k->es, w);
      g_ptr_array_add (k->stems_es, stem_es);
      g_ptr_array_add (k->stems_en, puebla_terms_stem (k->en, w));
      /* "migratoria" is in every other passage of this archive, "seminario"
         is not: words weigh their rarity */
      g_autofree gchar *term = g_strconcat ("Z", stem_es, NULL);
      gdouble df = _puebla_searcher_term_freq (searcher, term);
      gdouble weight = MAX (0.1, log (n_docs / (1.0 + df)));
      g_array_append_val (k->weights, weight);
      k->total += weight;
      k->strongest = MAX (k->strongest, weight);
    }
}

static void
keywords_clear (Keywords *k)
{
  g_ptr_array_unref (k->words);
  g_ptr_array_unref (k->stems_es);
  g_ptr_array_unref (k->stems_en);
  g_array_unref (k->weights);
}

/* The next word (a run of letters and digits) from *P before STOP: its
   start in *WORD, its end in *P. FALSE when there is none. */
static gboolean
next_word (const gchar **p, const gchar *stop, const gchar **word)
{
  while (*p < stop && **p && !g_unichar_isalnum (g_utf8_get_char (*p)))
    *p = g_utf8_next_char (*p);
  if (*p >= stop || **p == '\0')
    return FALSE;
  *word = *p;
  while (*p < stop && **p && g_unichar_isalnum (g_utf8_get_char (*p)))
    *p = g_utf8_next_char (*p);
  return TRUE;
}

/* Whether stem S is one of the query's word I's stems, in either language. */
static gboolean
is_stem_of_word (Keywords *k, guint i, const gchar *s)
{
  return strcmp (s, g_ptr_array_index (k->stems_es, i)) == 0 || strcmp (s, g_ptr_array_index (k->stems_en, i)) == 0;
}

/* The weight of the query's words that TEXT[START, END) holds (a word of
   the text whose stem, in either language, is one of the word's stems);
   *STRONG (nullable) tells whether it holds the query's most specific word
   (within 10% of the strongest weight) or half the query's weight: a
   clause that only shares a secondary word speaks of a neighbouring
   activity. The text's words are stemmed one by one and compared with the
   query's few; the scan stops once every word is found. */
static gdouble
covered (Keywords *k, const gchar *text, gsize start, gsize end, gboolean *strong)
{
  const guint n = k->words->len;
  g_autofree gboolean *found = g_new0 (gboolean, n + 1);
  guint left = n;
  const gchar *p = text + start, *stop = text + end, *w;
  while (left > 0 && next_word (&p, stop, &w))
    {
      g_autofree gchar *word = g_strndup (w, p - w);
      g_autofree gchar *es = puebla_terms_stem (k->es, word);
      g_autofree gchar *en = puebla_terms_stem (k->en, word);
      for (guint i = 0; i < n; i++)
        if (!found[i] && (is_stem_of_word (k, i, es) || is_stem_of_word (k, i, en)))
          {
            found[i] = TRUE;
            left--;
          }
    }

  gdouble weight = 0;
  if (strong)
    *strong = FALSE;
  for (guint i = 0; i < n; i++)
    if (found[i])
      {
        gdouble wi = g_array_index (k->weights, gdouble, i);
        weight += wi;
        if (strong && wi >= k->strongest * 0.9)
          *strong = TRUE;
      }
  if (strong && weight >= k->total * 0.5)
    *strong = TRUE;
  return weight;
}

/* Where the query's weightier words (at least half the strongest) stand
   in TEXT[START, END): the byte offsets of those words. */
static GArray *
keyword_positions (Keywords *k, const gchar *text, gsize start, gsize end)
{
  GArray *at = g_array_new (FALSE, FALSE, sizeof (gsize));
  const gchar *p = text + start, *stop = text + end, *w;
  while (next_word (&p, stop, &w))
    {
      g_autofree gchar *word = g_strndup (w, p - w);
      g_autofree gchar *es = puebla_terms_stem (k->es, word);
      g_autofree gchar *en = puebla_terms_stem (k->en, word);
      for (guint i = 0; i < k->words->len; i++)
        if (g_array_index (k->weights, gdouble, i) >= k->strongest / 2
            && (g_str_equal (es, g_ptr_array_index (k->stems_es, i)) || g_str_equal (en, g_ptr_array_index (k->stems_en, i))))
          {
            gsize off = (gsize) (w - text);
            g_array_append_val (at, off);
            break;
          }
    }
  return at;
}

/* How far the span [START, END) stands from the nearest of POSITIONS. */
static gsize
distance_to (GArray *positions, gsize start, gsize end)
{
  gsize best = G_MAXSIZE;
  for (guint i = 0; i < positions->len; i++)
    {
      gsize at = g_array_index (positions, gsize, i);
      gsize d = at < start ? start - at : at > end ? at - end : 0;
      best = MIN (best, d);
    }
  return best;
}

/* ---- Clauses -------------------------------------------------------------------------- */

typedef struct
{
  gsize start, end;
} Span;

/* The clauses of TEXT: its paragraphs (a blank line between them: a row's
   cells too), its lines when LINES (a text record's line is a paragraph; a
   PDF's is wrapped), and within them its sentences ("… 2005. SE EFECTUÓ
   …"). */
static GArray *
clauses_of (const gchar *text, gboolean lines)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (Span));
  gsize n = strlen (text), start = 0;
  for (gsize i = 0; i <= n; i++)
    {
      gboolean line_end = i == n || (text[i] == '\n' && (lines || text[i + 1] == '\n'));
      gboolean sentence_end = i + 2 < n && text[i] == '.' && text[i + 1] == ' '
                              && g_unichar_isupper (g_utf8_get_char (text + i + 2))
                              && !(i > 0 && g_ascii_isdigit (text[i - 1]) && i >= 2 && !g_ascii_isalnum (text[i - 2]));
      if (!line_end && !sentence_end)
        continue;
      gsize end = sentence_end ? i + 1 : i;
      while (start < end && g_ascii_isspace (text[start]))
        start++;
      if (end > start)
        {
          Span s = { start, end };
          g_array_append_val (spans, s);
        }
      start = sentence_end ? i + 2 : i + 1;
    }
  return spans;
}

/* ---- The trace ----------------------------------------------------------------------------- */

typedef struct
{
  Keywords *keywords;
  GPtrArray *events;
  GHashTable *seen;  /* status|date|quote: the same event from a record's text and its PDF */
} Collect;

static gchar *
squeeze_lower (const gchar *text)
{
  g_autofree gchar *folded = puebla_terms_fold (text);
  g_auto (GStrv) words = g_strsplit_set (folded, " \t\n", -1);
  GString *out = g_string_new (NULL);
  for (guint i = 0; words[i]; i++)
    if (*words[i])
      g_string_append_printf (out, "%s%s", out->len ? " " : "", words[i]);
  return g_string_free (out, FALSE);
}

static void
add_event (Collect *c, const PueblaHit *hit, const PueblaPassage *p, const Span *span, const gchar *status,
           GArray *near)
{
  PueblaTraceEvent *e = g_new0 (PueblaTraceEvent, 1);
  e->status = g_strdup (status);
  e->record_id = g_strdup (hit->id);
  e->record_date = g_strdup (hit->date);
  e->path = g_strdup (hit->path);
  e->title = g_strdup (hit->title);
  e->page = p->page;
  e->section = g_strdup (p->section);
  e->passage = p->ordinal;
  g_autofree gchar *raw = g_strndup (p->text + span->start, span->end - span->start);
  e->quote = g_strstrip (g_strdup (raw));
  e->by = g_ptr_array_new_with_free_func (g_free);

  /* its date: the date of the clause nearest to the activity's words; else
     a meeting it names; else the record's */
  gsize date_distance = G_MAXSIZE;
  for (guint i = 0; p->entities && i < p->entities->len; i++)
    {
      const PueblaEntity *en = g_ptr_array_index (p->entities, i);
      if (en->start < span->start || en->end > span->end)
        continue;
      gsize d = near && near->len ? distance_to (near, en->start, en->end) : 0;
      if (en->type == PUEBLA_ENTITY_DATE && d < date_distance)
        {
          date_distance = d;
          g_free (e->date);
          g_free (e->first_day);
          g_free (e->dated_by);
          e->date = g_strdup (en->id);
          e->first_day = g_strdup (en->date);
          e->dated_by = g_strdup ("text");
        }
      else if (en->type == PUEBLA_ENTITY_COUNTRY || en->type == PUEBLA_ENTITY_ORG)
        {
          gboolean dup = FALSE;
          for (guint b = 0; b < e->by->len && !dup; b++)
            dup = g_str_equal (g_ptr_array_index (e->by, b), en->id);
          if (!dup)
            g_ptr_array_add (e->by, g_strdup (en->id));
        }
    }
  for (guint i = 0; e->date == NULL && p->entities && i < p->entities->len; i++)
    {
      const PueblaEntity *en = g_ptr_array_index (p->entities, i);
      if (en->type == PUEBLA_ENTITY_MEETING && en->date && en->start >= span->start && en->end <= span->end)
        {
          e->date = g_strdup (en->date);
          e->first_day = g_strdup_printf ("%s%s", en->date, strlen (en->date) == 4 ? "-01-01" : "-01");
          e->dated_by = g_strdup ("meeting");
        }
    }
  if (e->date == NULL && hit->date)
    {
      e->date = g_strdup (hit->date);
      e->first_day = g_strndup (hit->date, 10);
      e->dated_by = g_strdup ("record");
    }

  g_autofree gchar *quote_key = squeeze_lower (e->quote);
  gchar *key = g_strdup_printf ("%s|%s|%s", e->status, e->date ? e->date : "", quote_key);
  if (!g_hash_table_add (c->seen, key))
    {
      event_free (e);
      return;
    }
  g_ptr_array_add (c->events, e);
}

/* The events of passage P of HIT: each clause that speaks of the activity
   and reports a status or a date; else, once, the clause that speaks of it
   most, as "mentioned". */
static void
passage_events (Collect *c, const PueblaHit *hit, const PueblaPassage *p)
{
  g_autoptr (GArray) clauses = clauses_of (p->text, p->page == 0);
  guint added = 0;
  gdouble best_cover = 0;
  const Span *best = NULL;
  for (guint i = 0; i < clauses->len; i++)
    {
      const Span *span = &g_array_index (clauses, Span, i);
      gboolean strong = FALSE;
      gdouble cover = covered (c->keywords, p->text, span->start, span->end, &strong);
      if (!strong)
        continue; /* only common words of the query: another matter */
      if (cover > best_cover)
        {
          best_cover = cover;
          best = span;
        }
      /* the cue nearest to the activity's words, the more advanced on a
         tie: a cell lists several activities ("… MÉXICO PROPUSO BASE DE
         DATOS …, SE ACORDÓ …"; "CONTINUO … EL SEMINARIO SE EFECTUÓ …") */
      g_autoptr (GArray) near = keyword_positions (c->keywords, p->text, span->start, span->end);
      const gchar *status = NULL;
      gsize status_distance = G_MAXSIZE;
      gboolean dated = FALSE;
      for (guint k = 0; p->entities && k < p->entities->len; k++)
        {
          const PueblaEntity *en = g_ptr_array_index (p->entities, k);
          if (en->start < span->start || en->end > span->end)
            continue;
          if (en->type == PUEBLA_ENTITY_STATUS)
            {
              gsize d = near->len ? distance_to (near, en->start, en->end) : 0;
              if (status == NULL || d < status_distance
                  || (d == status_distance && status_rank (en->id) > status_rank (status)))
                {
                  status = en->id;
                  status_distance = d;
                }
            }
          dated |= en->type == PUEBLA_ENTITY_DATE || en->type == PUEBLA_ENTITY_MEETING;
        }
      if (status == NULL && !dated)
        continue;
      add_event (c, hit, p, span, status ? status : "mentioned", near);
      added++;
    }
  if (added == 0 && best)
    add_event (c, hit, p, best, "mentioned", NULL);
}

static gint
compare_events (gconstpointer a, gconstpointer b)
{
  const PueblaTraceEvent *x = *(PueblaTraceEvent *const *) a;
  const PueblaTraceEvent *y = *(PueblaTraceEvent *const *) b;
  if (!x->first_day != !y->first_day)
    return x->first_day ? -1 : 1; /* undated last */
  gint c = g_strcmp0 (x->first_day, y->first_day);
  if (c)
    return c;
  c = status_rank (x->status) - status_rank (y->status);
  if (c)
    return c;
  c = g_strcmp0 (x->path, y->path);
  if (c)
    return c;
  return (gint) x->passage - (gint) y->passage;
}

static const PueblaTraceEvent *
first_with (PueblaTrace *t, const gchar *status)
{
  for (guint i = 0; i < t->events->len; i++)
    {
      const PueblaTraceEvent *e = g_ptr_array_index (t->events, i);
      if (g_str_equal (e->status, status) && e->first_day)
        return e;
    }
  return NULL;
}

PueblaTrace *
puebla_searcher_trace (PueblaSearcher *searcher, const gchar *query, GError **error)
{
  g_return_val_if_fail (searcher != NULL && query != NULL, NULL);

  /* the candidate passages: the query's words ORed, its fields as filters;
     one more than are read tells whether they were all */
  PueblaSearchOptions options = {
    .offset = 0, .limit = PUEBLA_TRACE_CANDIDATES + 1, .passages = TRUE, .any_words = TRUE, .hits_only = TRUE
  };
  g_autoptr (PueblaSearchResults) results = puebla_searcher_search (searcher, query, &options, error);
  if (results == NULL)
    return NULL;

  Keywords keywords;
  keywords_init (&keywords, searcher, query);
  PueblaTrace *trace = g_new0 (PueblaTrace, 1);
  trace->query = g_strdup (query);
  trace->events = g_ptr_array_new_with_free_func ((GDestroyNotify) event_free);
  /* partial: the search ran out of time (serve --max-time) */
  trace->complete = results->hits->len <= PUEBLA_TRACE_CANDIDATES && !results->partial;
  trace->candidates = MIN (results->hits->len, PUEBLA_TRACE_CANDIDATES);
  Collect c = { &keywords, trace->events, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) };

  gdouble needed = keywords.total * TRACE_MIN_COVERAGE;
  for (guint i = 0; i < trace->candidates; i++)
    {
      const PueblaHit *hit = g_ptr_array_index (results->hits, i);
      const PueblaPassage *p = hit->passage;
      if (p == NULL || p->text == NULL)
        continue;
      if (covered (&keywords, p->text, 0, strlen (p->text), NULL) + 1e-9 < needed)
        continue; /* a passage about something else that shares a word */
      passage_events (&c, hit, p);
    }
  g_hash_table_unref (c.seen);
  keywords_clear (&keywords);

  g_ptr_array_sort (trace->events, compare_events);
  trace->first_proposed = first_with (trace, "proposed");
  trace->approved = first_with (trace, "approved");
  trace->completed = first_with (trace, "completed");
  /* the latest status: what the most recent record reporting on the
     activity says, its most advanced status (a plan of 2006 that lists an
     activity and reports it held: completed) */
  const gchar *latest_record = NULL;
  for (guint i = 0; i < trace->events->len; i++)
    {
      const PueblaTraceEvent *e = g_ptr_array_index (trace->events, i);
      if (g_str_equal (e->status, "mentioned"))
        continue;
      gint c = g_strcmp0 (e->record_date, latest_record);
      if (trace->latest_status == NULL || c > 0
          || (c == 0 && status_rank (e->status) > status_rank (trace->latest_status)))
        {
          latest_record = e->record_date;
          trace->latest_status = e->status;
        }
    }
  if (trace->latest_status == NULL && trace->events->len)
    trace->latest_status = "mentioned";
  return trace;
}
