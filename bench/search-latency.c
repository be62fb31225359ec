/* search-latency.c: in-process latency of puebla's searcher.
 *
 *   search-latency --db DIR [--rounds R] MIX
 *
 * Opens the index once (index/searcher.h) and runs the query mix of
 * MIX (bench/query-mix.tsv: tag, puebla query, quest query, recollq
 * query; tag "facet" asks for facets, "trace" runs puebla_searcher_trace
 * instead) R times after one round to warm up, timing each call with
 * the monotonic clock. Prints one line for searches and one for traces:
 *
 *   search n=300 p50=0.812 p95=3.104 p99=4.977 max=6.001 ms
 *   trace n=30 p50=… ms
 *
 * With --each, first the median of each query, slowest first.
 *
 * A query that fails is an error (exit 1): the mix must stay valid.
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "searcher.h"
#include "trace.h"

typedef struct
{
  gchar *tag;
  gchar *query;
} Query;

static void
query_free (gpointer p)
{
  Query *q = p;
  g_free (q->tag);
  g_free (q->query);
  g_free (q);
}

static GPtrArray *
read_mix (const gchar *path, GError **error)
{
  g_autofree gchar *text = NULL;
  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  GPtrArray *mix = g_ptr_array_new_with_free_func (query_free);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      g_auto (GStrv) cols = g_strsplit (lines[i], "\t", -1);
      if (g_strv_length (cols) < 2)
        continue;
      Query *q = g_new (Query, 1);
      q->tag = g_strdup (cols[0]);
      q->query = g_strdup (cols[1]);
      g_ptr_array_add (mix, q);
    }
  return mix;
}

static gint
compare_doubles (gconstpointer a, gconstpointer b)
{
  gdouble x = *(const gdouble *) a, y = *(const gdouble *) b;
  return x < y ? -1 : x > y;
}

/* The value below which a share Q of the sorted V lies (nearest rank). */
static gdouble
percentile (GArray *v, gdouble q)
{
  if (v->len == 0)
    return 0;
  guint rank = (guint) (q * v->len + 0.999999);
  rank = CLAMP (rank, 1, v->len);
  return g_array_index (v, gdouble, rank - 1);
}

static void
report (const gchar *what, GArray *ms)
{
  g_array_sort (ms, compare_doubles);
  printf ("%s n=%u p50=%.3f p95=%.3f p99=%.3f max=%.3f ms\n", what, ms->len, percentile (ms, 0.50),
          percentile (ms, 0.95), percentile (ms, 0.99), ms->len ? g_array_index (ms, gdouble, ms->len - 1) : 0);
}

int
main (int argc, char **argv)
{
  g_autofree gchar *db = NULL;
  gint rounds = 10;
  gboolean each = FALSE;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The index directory", "DIR" },
    { "rounds", 'r', 0, G_OPTION_ARG_INT, &rounds, "Timed rounds over the mix (default 10)", "R" },
    { "each", 'e', 0, G_OPTION_ARG_NONE, &each, "Print each query's median too", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("MIX — in-process search and trace latency");
  g_option_context_add_main_entries (context, entries, NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (context, &argc, &argv, &error) || db == NULL || argc != 2 || rounds < 1)
    {
      fprintf (stderr, "search-latency: %s\nusage: search-latency --db DIR [--rounds R] MIX\n",
               error ? error->message : "--db and one MIX file are required");
      return 2;
    }
  g_autoptr (GPtrArray) mix = read_mix (argv[1], &error);
  if (mix == NULL)
    {
      fprintf (stderr, "search-latency: %s\n", error->message);
      return 2;
    }
  g_autoptr (PueblaSearcher) searcher = puebla_searcher_open (db, &error);
  if (searcher == NULL)
    {
      fprintf (stderr, "search-latency: %s: %s\n", db, error->message);
      return 1;
    }

  g_autoptr (GArray) search_ms = g_array_new (FALSE, FALSE, sizeof (gdouble));
  g_autoptr (GArray) trace_ms = g_array_new (FALSE, FALSE, sizeof (gdouble));
  g_autoptr (GPtrArray) per_query = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint i = 0; i < mix->len; i++)
    g_ptr_array_add (per_query, g_array_new (FALSE, FALSE, sizeof (gdouble)));
  for (gint round = 0; round <= rounds; round++) /* round 0 warms up */
    for (guint i = 0; i < mix->len; i++)
      {
        const Query *q = g_ptr_array_index (mix, i);
        gboolean trace = strcmp (q->tag, "trace") == 0;
        PueblaSearchOptions options = { .limit = 10, .facets = strcmp (q->tag, "facet") == 0 };
        gint64 start = g_get_monotonic_time ();
        gboolean ok;
        if (trace)
          {
            PueblaTrace *t = puebla_searcher_trace (searcher, q->query, &error);
            ok = t != NULL;
            puebla_trace_free (t);
          }
        else
          {
            PueblaSearchResults *r = puebla_searcher_search (searcher, q->query, &options, &error);
            ok = r != NULL;
            puebla_search_results_free (r);
          }
        gdouble ms = (g_get_monotonic_time () - start) / 1000.0;
        if (!ok)
          {
            fprintf (stderr, "search-latency: %s: %s\n", q->query, error->message);
            return 1;
          }
        if (round > 0)
          {
            g_array_append_val (trace ? trace_ms : search_ms, ms);
            g_array_append_val (g_ptr_array_index (per_query, i), ms);
          }
      }
  if (each)
    {
      /* slowest first: a selection sort of a few dozen medians */
      g_autoptr (GArray) medians = g_array_new (FALSE, FALSE, sizeof (gdouble));
      for (guint i = 0; i < mix->len; i++)
        {
          GArray *v = g_ptr_array_index (per_query, i);
          g_array_sort (v, compare_doubles);
          gdouble m = percentile (v, 0.5);
          g_array_append_val (medians, m);
        }
      g_autofree gboolean *done = g_new0 (gboolean, mix->len);
      for (guint k = 0; k < mix->len; k++)
        {
          guint best = G_MAXUINT;
          for (guint i = 0; i < mix->len; i++)
            if (!done[i] && (best == G_MAXUINT || g_array_index (medians, gdouble, i) > g_array_index (medians, gdouble, best)))
              best = i;
          done[best] = TRUE;
          const Query *q = g_ptr_array_index (mix, best);
          printf ("  %9.3f ms  %-6s %s\n", g_array_index (medians, gdouble, best), q->tag, q->query);
        }
    }
  report ("search", search_ms);
  report ("trace", trace_ms);
  return 0;
}
