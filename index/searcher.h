/* searcher.h: reads a puebla index: search, documents, statistics.
 *
 * What it owns: a read-only Xapian database (it sees the latest commit when
 * opened and reopens when the database changed under it) and a term
 * folder/stemmer matching the indexer's.
 *
 * The query language: free text (words are ANDed), "phrases", AND, OR,
 * NOT, XOR, parentheses, +word/-word, word* (prefix), NEAR, and fields:
 * title:word, and the entity fields country: (pais:), org:, kind: (tipo:),
 * status: (estado:), meeting: (reunion:), year:, date: (fecha:), lang:
 * (idioma:), whose values are resolved through the gazetteers
 * (country:guatemala = country:GT). docs/query-language.md is the
 * reference. Errors: PUEBLA_INDEX_ERROR_BAD_QUERY with a message that says
 * what is wrong, an unknown field or value included.
 *
 * Threads: one thread at a time per searcher.
 */
#pragma once

#include "indexer.h"
#include "record.h"

G_BEGIN_DECLS

typedef struct _PueblaSearcher PueblaSearcher;

/* A matched stretch of a snippet: [start, end) in bytes of the snippet text. */
typedef struct
{
  guint start;
  guint end;
} PueblaSpan;

typedef struct
{
  gchar *id;
  gchar *path;
  gchar *title;        /* may be NULL */
  gchar *mime_type;
  gdouble score;       /* BM25 weight */
  gint percent;        /* Xapian's percentage, 0-100 */
  guint page;          /* page of the snippet; 0 when the format has no pages */
  gchar *snippet;      /* plain text, about 200 characters around the best match */
  GArray *highlights;  /* of PueblaSpan, into snippet, in order */
  gchar *kind;         /* the record's metadata (entities.h), each may be NULL */
  gchar *language;
  gchar *date;
  gchar *meeting;
  gchar *section;      /* the section path of the snippet's passage, or NULL */
  PueblaPassage *passage; /* the passage the snippet comes from (owned), or NULL */
} PueblaHit;

/* One value of a facet and how many matching records have it. */
typedef struct
{
  gchar *value;        /* "GT", "OIM", "2005", "pending", "conclusiones" */
  guint count;
} PueblaFacetValue;

typedef struct
{
  gchar *name;         /* "country", "org", "year", "status", "kind", "meeting", "lang" */
  GPtrArray *values;   /* of PueblaFacetValue*, most frequent first (then by value) */
} PueblaFacet;

typedef struct
{
  guint offset;
  guint limit;
  gboolean facets;     /* count the facets of every match */
  gboolean passages;   /* list passages, not records */
  gboolean any_words;  /* words are ORed (ranked by how many match), not ANDed;
                          function words (puebla_terms_stopwords()) are left out
                          but inside phrases: alone they match nearly every passage */
  gboolean hits_only;  /* the hits alone, for a caller that reads the passages itself
                        * (trace): passages without snippet and highlights (SNIPPET ""),
                        * and TOTAL Xapian's estimate from the hits (PARTIAL) */
} PueblaSearchOptions;

typedef struct
{
  gchar *query;        /* as the user gave it */
  guint total;         /* matches, Xapian's estimate (exact unless PARTIAL) */
  guint examined;      /* matches Xapian looked at: the facets count these */
  gboolean partial;    /* Xapian stopped before it had seen every match (more
                        * than 10,000, or the time limit): TOTAL is an
                        * estimate and the facets count EXAMINED matches */
  guint offset;
  guint limit;
  GPtrArray *hits;     /* of PueblaHit*, owns them */
  GPtrArray *facets;   /* of PueblaFacet*, in the order above; empty unless asked for */
} PueblaSearchResults;

void puebla_search_results_free (PueblaSearchResults *results);

typedef struct
{
  gchar *path;              /* the index directory */
  guint documents;          /* records indexed, failed ones included */
  guint passages;           /* their passages (searchable units) */
  guint failed;             /* records kept only as failure stubs */
  gint64 bytes;             /* total size of the source files */
  gint64 pages;             /* pages of paged records */
  gint schema_version;
  gchar *last_ingest;       /* ISO 8601, or NULL */
  GHashTable *by_verdict;   /* verdict name → GUINT_TO_POINTER (count) */
  GHashTable *by_mime_type; /* MIME type → GUINT_TO_POINTER (count), all records */
  GPtrArray *failures;      /* of PueblaRecord* (stubs: path, verdict, reason) */
} PueblaStats;

void puebla_stats_free (PueblaStats *stats);

/* Opens the index in directory PATH for reading. Errors: NOT_FOUND (no
 * index there: run `puebla ingest`), CORRUPT, SCHEMA. */
PueblaSearcher *puebla_searcher_open (const gchar *path, GError **error);
void puebla_searcher_close (PueblaSearcher *searcher);

/* Bounds the time a search spends counting matches and facets beyond its
 * page to SECONDS (0, the default: no bound). A search that reaches it
 * stops counting and says its results are partial. The page itself is
 * always complete. */
void puebla_searcher_set_time_limit (PueblaSearcher *searcher, gdouble seconds);

/* Moves to the latest commit of the index (a long-lived reader calls it
 * before each request to see what ingest added). */
gboolean puebla_searcher_reopen (PueblaSearcher *searcher, GError **error);

/* Runs QUERY and returns hits OFFSET … OFFSET+LIMIT-1, best first, and the
 * facets of all matches when OPTIONS asks (exact up to 10,000 matches).
 * Only records that were extracted (verdict ok) are found. A record's
 * snippet comes from its best passage (with its page and section) when one
 * passage holds the whole query, else from its best page. With
 * OPTIONS->passages, the hits are passages (facets count passages). */
PueblaSearchResults *puebla_searcher_search (PueblaSearcher *searcher, const gchar *query,
                                             const PueblaSearchOptions *options, GError **error);

/* The record with id DOC, or whose path is DOC (absolute, or relative to
 * the current directory), with its pages. NO_DOCUMENT when there is none. */
PueblaRecord *puebla_searcher_get_record (PueblaSearcher *searcher, const gchar *doc, GError **error);

PueblaStats *puebla_searcher_get_stats (PueblaSearcher *searcher, GError **error);

/* A passage and what it needs of its record; borrowed for one call. */
typedef struct
{
  const gchar *record_id;
  const gchar *path;      /* valid UTF-8 */
  const gchar *title;     /* each may be NULL */
  const gchar *kind;
  const gchar *language;
  const gchar *meeting;
  const gchar *date;
  const PueblaPassage *passage;
} PueblaPassageRef;

/* FUNC returns FALSE to stop. */
typedef gboolean (*PueblaPassageFunc) (const PueblaPassageRef *ref, gpointer user_data);

/* Calls FUNC for every passage of the index — of the passages QUERY
 * matches, when QUERY is not NULL — in the order of their records' paths,
 * then of their ordinals. Streams: one passage in memory at a time. */
gboolean puebla_searcher_foreach_passage (PueblaSearcher *searcher, const gchar *query, PueblaPassageFunc func,
                                          gpointer user_data, GError **error);

/* The same, one passage at a time: the passages QUERY matches (all when
 * NULL), found now, read as they are asked for. SEARCHER must outlive it. */
typedef struct _PueblaPassageCursor PueblaPassageCursor;
PueblaPassageCursor *puebla_searcher_passages (PueblaSearcher *searcher, const gchar *query, GError **error);

/* Calls FUNC (its answer is ignored) for the next passage and returns TRUE;
 * FALSE at the end, or with ERROR if the index cannot be read. */
gboolean puebla_passage_cursor_next (PueblaPassageCursor *cursor, PueblaPassageFunc func, gpointer user_data,
                                     GError **error);
void puebla_passage_cursor_free (PueblaPassageCursor *cursor);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PueblaPassageCursor, puebla_passage_cursor_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PueblaSearcher, puebla_searcher_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PueblaSearchResults, puebla_search_results_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PueblaStats, puebla_stats_free)

G_END_DECLS
