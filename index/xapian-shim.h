/* xapian-shim.h: a plain C API over Xapian's C++ API.
 *
 * What it does: opens, writes, queries and closes Xapian databases, and
 * copies everything it returns out of C++ storage into GLib-allocated
 * memory. Each exported function wraps its whole body in one `try` and
 * turns every exception (Xapian::Error, std::exception, anything else) into
 * a GError in PUEBLA_XAPIAN_ERROR: no C++ exception ever reaches C.
 *
 * What it owns: the Xapian::WritableDatabase / Database / Document /
 * Query / MSet objects inside its opaque handles.
 *
 * What it does not do: parse dates, entities or languages, fold accents or
 * decide what a term is. It translates; the rules live in the C files of
 * index/ (terms.c, indexer.c, searcher.c). The term prefixes and value
 * slots are defined in schema.h, not here.
 *
 * Threads: a handle is used by one thread at a time.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PUEBLA_XAPIAN_ERROR (puebla_xapian_error_quark ())
GQuark puebla_xapian_error_quark (void);

typedef enum
{
  PUEBLA_XAPIAN_ERROR_FAILED,     /* anything not listed below */
  PUEBLA_XAPIAN_ERROR_NOT_FOUND,  /* no database at that path, or it cannot be opened */
  PUEBLA_XAPIAN_ERROR_LOCKED,     /* another writer holds the write lock */
  PUEBLA_XAPIAN_ERROR_CORRUPT,    /* the files are damaged */
  PUEBLA_XAPIAN_ERROR_VERSION,    /* written by an incompatible Xapian */
  PUEBLA_XAPIAN_ERROR_BAD_QUERY,  /* query syntax error: the message says what */
  PUEBLA_XAPIAN_ERROR_MODIFIED,   /* changed under a reader, still after one reopen */
} PueblaXapianError;

typedef struct _PueblaXapianWritable PueblaXapianWritable;
typedef struct _PueblaXapianDatabase PueblaXapianDatabase;
typedef struct _PueblaXapianDocument PueblaXapianDocument;
typedef struct _PueblaXapianQuery PueblaXapianQuery;
typedef struct _PueblaXapianResults PueblaXapianResults;
typedef struct _PueblaXapianStemmer PueblaXapianStemmer;

/* ---- Stemmers ---------------------------------------------------------- */

/* A stemming function of our own, called by Xapian for each word it stems.
 * Returns a newly allocated stem (g_free), or NULL to keep the word as is.
 * It must not longjmp or throw. */
typedef gchar *(*PueblaXapianStemFunc) (const gchar *word, gpointer user_data);

/* Xapian's Snowball stemmer for LANGUAGE ("spanish", "english", "none").
 * NULL and PUEBLA_XAPIAN_ERROR_FAILED when Xapian does not know it. */
PueblaXapianStemmer *puebla_xapian_stemmer_new (const gchar *language, GError **error);

/* A stemmer that calls FUNC(word, USER_DATA). DESTROY, if not NULL, is
 * called on USER_DATA when the stemmer is freed. */
PueblaXapianStemmer *puebla_xapian_stemmer_new_custom (PueblaXapianStemFunc func,
                                                       gpointer user_data,
                                                       GDestroyNotify destroy);

/* The stem of WORD (UTF-8). Newly allocated, g_free it. Never NULL: on any
 * failure it returns a copy of WORD. */
gchar *puebla_xapian_stemmer_stem (PueblaXapianStemmer *stemmer, const gchar *word);

void puebla_xapian_stemmer_free (PueblaXapianStemmer *stemmer);

/* ---- Documents ----------------------------------------------------------- */

PueblaXapianDocument *puebla_xapian_document_new (void);
void puebla_xapian_document_free (PueblaXapianDocument *doc);

/* Sets the document's data blob (any bytes). */
void puebla_xapian_document_set_data (PueblaXapianDocument *doc, const gchar *data, gsize len);

/* The data blob, NUL-terminated, newly allocated; *LEN (if not NULL) gets
 * its length without the NUL. */
gchar *puebla_xapian_document_get_data (PueblaXapianDocument *doc, gsize *len /* OUT */);

/* Adds TERM with wdf 0 and no positions (a filter term). Terms longer than
 * Xapian's limit (245 bytes) are skipped, not an error. */
void puebla_xapian_document_add_boolean_term (PueblaXapianDocument *doc, const gchar *term);

/* Sets value SLOT to the LEN bytes of VALUE. */
void puebla_xapian_document_set_value (PueblaXapianDocument *doc, guint slot,
                                       const gchar *value, gsize len);

/* Value SLOT, NUL-terminated, newly allocated (empty string if unset). */
gchar *puebla_xapian_document_get_value (PueblaXapianDocument *doc, guint slot, gsize *len /* OUT */);

/* Indexes TEXT with Xapian's TermGenerator: words with positions, plus
 * stemmed terms ("Z" + PREFIX + stem) made by STEMMER (may be NULL: no
 * stems), WDF_INC per occurrence. PREFIX may be "" for the body text. Term
 * positions carry on from the previous call on the same document, with a
 * gap of 100 so that phrases do not match across two calls. TEXT must be
 * the text as it should be matched (already case- and accent-folded by the
 * caller if it wants that). */
void puebla_xapian_document_index_text (PueblaXapianDocument *doc, const gchar *text,
                                        const gchar *prefix, guint wdf_inc,
                                        PueblaXapianStemmer *stemmer);

/* Every term of the document, in sorted order, newly allocated strings in a
 * GPtrArray that frees them. For tests and diagnostics. */
GPtrArray *puebla_xapian_document_get_terms (PueblaXapianDocument *doc);

/* The document's terms that start with PREFIX, in order. */
GPtrArray *puebla_xapian_document_get_terms_with_prefix (PueblaXapianDocument *doc, const gchar *prefix);

/* The whole document (terms, positions, values, data) as bytes, to be made
 * again by puebla_xapian_document_unserialise() in another process or
 * thread. Newly allocated; *LEN gets the length. */
gchar *puebla_xapian_document_serialise (PueblaXapianDocument *doc, gsize *len /* OUT */);

/* The document those bytes describe; NULL with an error (FAILED) when they
 * are not a serialised document. */
PueblaXapianDocument *puebla_xapian_document_unserialise (const gchar *data, gsize len, GError **error);

/* Documents of DB may list their facet terms in value SLOT (NUL-separated,
 * the terms whole): reading it is much cheaper than their term list.
 * Documents without it are counted from their term list. */
void puebla_xapian_database_set_facet_slot (PueblaXapianDatabase *db, guint slot);

/* Documents of DB may list their facet terms by number in value SLOT: the
 * byte PUEBLA_XAPIAN_FACET_IDS_FORMAT, then each number in 7-bit groups,
 * low first, the high bit set on every group but a number's last. The
 * term numbered N is line N + 1 of DB's metadata KEY (terms are one line
 * each). Counting numbers is cheaper again than reading terms; documents
 * without the value are counted as puebla_xapian_database_set_facet_slot()
 * says. */
#define PUEBLA_XAPIAN_FACET_IDS_FORMAT '\x01'
void puebla_xapian_database_set_facet_ids (PueblaXapianDatabase *db, guint slot, const gchar *key);

/* ---- Writable database ---------------------------------------------------- */

/* Opens the database at PATH for writing, creating it (and PATH) when
 * CREATE is TRUE. Errors: LOCKED if another writer has it, NOT_FOUND if it
 * does not exist and CREATE is FALSE or cannot be created, CORRUPT, VERSION. */
PueblaXapianWritable *puebla_xapian_writable_open (const gchar *path, gboolean create, GError **error);

/* Makes every change since the last commit durable. */
gboolean puebla_xapian_writable_commit (PueblaXapianWritable *db, GError **error);

/* Closes the database and releases the write lock. Cannot fail (errors are
 * swallowed); changes not committed with puebla_xapian_writable_commit()
 * are discarded. Accepts NULL. */
void puebla_xapian_writable_close (PueblaXapianWritable *db);

/* Adds DOC, or replaces the document indexed by UNIQUE_TERM (which DOC must
 * also contain). DOC is copied; the caller still owns it. */
gboolean puebla_xapian_writable_replace (PueblaXapianWritable *db, const gchar *unique_term,
                                         PueblaXapianDocument *doc, GError **error);

/* Adds DOC as a new document, without looking for one to replace: for a
 * document whose unique term the database is known not to hold. */
gboolean puebla_xapian_writable_add (PueblaXapianWritable *db, PueblaXapianDocument *doc, GError **error);

/* Deletes every document indexed by TERM. Deleting nothing is not an error. */
gboolean puebla_xapian_writable_delete (PueblaXapianWritable *db, const gchar *term, GError **error);

gboolean puebla_xapian_writable_set_metadata (PueblaXapianWritable *db, const gchar *key,
                                              const gchar *value, GError **error);

/* The database as readable, to look documents up while writing. Borrowed:
 * it lives as long as DB; do not free or reopen it. */
PueblaXapianDatabase *puebla_xapian_writable_get_database (PueblaXapianWritable *db);

/* ---- Readable database ---------------------------------------------------- */

/* Opens PATH for reading: a database directory, or a Xapian stub file
 * (or a directory holding one, PATH/XAPIANDB) that lists databases --
 * local ones ("auto PATH") or remote ones ("remote HOST:PORT", served by
 * xapian-tcpsrv) -- searched as one: statistics are combined, document ids
 * interleaved. Errors: NOT_FOUND, CORRUPT, VERSION, FAILED (a remote
 * server cannot be reached). */
PueblaXapianDatabase *puebla_xapian_database_open (const gchar *path, GError **error);

/* Moves to the latest committed revision. A remote database whose
 * connection was lost (a server restarted, an idle connection closed by
 * xapian-tcpsrv) is opened again. */
gboolean puebla_xapian_database_reopen (PueblaXapianDatabase *db, GError **error);

/* Closes a database from puebla_xapian_database_open(). Accepts NULL. */
void puebla_xapian_database_close (PueblaXapianDatabase *db);

guint puebla_xapian_database_get_doc_count (PueblaXapianDatabase *db);

/* The metadata value of KEY, newly allocated ("" when unset), or NULL with
 * ERROR set. */
gchar *puebla_xapian_database_get_metadata (PueblaXapianDatabase *db, const gchar *key, GError **error);

/* The first document indexed by TERM, newly allocated; NULL with no error
 * when there is none; NULL with ERROR set on failure. */
PueblaXapianDocument *puebla_xapian_database_find_document (PueblaXapianDatabase *db,
                                                            const gchar *term, GError **error);

/* The document DOCID, newly allocated; NULL with ERROR set when there is
 * none (NOT_FOUND) or on failure. */
PueblaXapianDocument *puebla_xapian_database_get_document (PueblaXapianDatabase *db, guint docid, GError **error);

/* Number of documents indexed by TERM (0 if none). */
guint puebla_xapian_database_get_term_freq (PueblaXapianDatabase *db, const gchar *term);

/* Calls FUNC for every document that has value SLOT set, in docid order,
 * with the value (NUL-terminated, borrowed for the call). FUNC returns FALSE
 * to stop. The callback runs outside any C++ frame: the values are copied
 * out first. */
typedef gboolean (*PueblaXapianValueFunc) (guint docid, const gchar *value, gsize len, gpointer user_data);
gboolean puebla_xapian_database_foreach_value (PueblaXapianDatabase *db, guint slot,
                                               PueblaXapianValueFunc func, gpointer user_data,
                                               GError **error);

/* Every term that starts with PREFIX, with its document frequency, in
 * sorted order: FUNC (term, termfreq, user_data) -- same rules as above. */
typedef gboolean (*PueblaXapianTermFunc) (const gchar *term, guint termfreq, gpointer user_data);
gboolean puebla_xapian_database_foreach_term (PueblaXapianDatabase *db, const gchar *prefix,
                                              PueblaXapianTermFunc func, gpointer user_data,
                                              GError **error);

/* ---- Queries ---------------------------------------------------------------- */

/* Resolves VALUE, written after FIELD: in a query, to the terms it stands
 * for: a GPtrArray of newly allocated terms (with their prefix), ORed as a
 * filter; or NULL and ERROR set (any domain) to refuse the value — its
 * message becomes the BAD_QUERY message as it is. */
typedef GPtrArray *(*PueblaXapianFieldFunc) (const gchar *field, const gchar *value, gpointer user_data,
                                             GError **error);

/* A field of the query language: "title:" → prefix "S". BOOLEAN fields are
 * filters (exact terms: PREFIX + value); the others are free text with
 * stemming. A boolean field with FUNC gets its terms from FUNC instead
 * (country:guatemala → XC:GT; date:2004-01..2005-06 → month terms). */
typedef struct
{
  const gchar *field;
  const gchar *prefix;
  gboolean boolean;
  PueblaXapianFieldFunc func;
  gpointer user_data;
} PueblaXapianField;

typedef struct
{
  PueblaXapianStemmer *stemmer;   /* NULL: no stemming */
  gboolean default_and;           /* TRUE: words are ANDed; FALSE: ORed */
  const gchar *const *stopwords;  /* words left out of the query outside phrases
                                     (NULL-terminated, as written in the query), or NULL */
  const PueblaXapianField *fields; /* array ended by a {NULL} entry, or NULL */
} PueblaXapianParseOptions;

/* Parses QUERY_STRING with Xapian's QueryParser: phrases, AND/OR/NOT/XOR,
 * +/-, parentheses, NEAR, wildcards (trailing *) against DB, and FIELDS.
 * A wildcard (migra*, title:migra*) becomes the OR of the words of DB it
 * stands for, listed now and each weighed as a word: Xapian 1.4's own
 * wildcards (OP_WILDCARD, a synonym listed in each shard at search time)
 * weigh a document of a shard with that shard's words alone, so that
 * shards would rank otherwise than one database. The words are then terms
 * of the query (puebla_xapian_query_get_terms()). Errors: BAD_QUERY
 * with Xapian's message. An empty query string gives the query that
 * matches every document. */
PueblaXapianQuery *puebla_xapian_query_parse (PueblaXapianDatabase *db, const gchar *query_string,
                                              const PueblaXapianParseOptions *options, GError **error);

/* A query matching documents that have TERM. */
PueblaXapianQuery *puebla_xapian_query_new_term (const gchar *term);

/* A query matching every document. */
PueblaXapianQuery *puebla_xapian_query_new_match_all (void);

/* QUERY filtered by FILTER (AND without weight) -- QUERY AND_NOT EXCLUDE.
 * The arguments are not consumed. */
PueblaXapianQuery *puebla_xapian_query_filter (PueblaXapianQuery *query, PueblaXapianQuery *filter);
PueblaXapianQuery *puebla_xapian_query_and_not (PueblaXapianQuery *query, PueblaXapianQuery *exclude);
/* A OR B. The arguments are not consumed. */
PueblaXapianQuery *puebla_xapian_query_or (PueblaXapianQuery *a, PueblaXapianQuery *b);
/* A query that matches any of the terms of QUERY (its phrases, operators
 * and filters dropped), weighted as an OR of them: the documents that hold
 * part of it, those holding most of it first. */
PueblaXapianQuery *puebla_xapian_query_any_term_of (PueblaXapianQuery *query);

/* The distinct terms of QUERY (as indexed, with prefixes, stems with "Z"),
 * newly allocated strings in a GPtrArray that frees them. */
GPtrArray *puebla_xapian_query_get_terms (PueblaXapianQuery *query);

/* Xapian's description of QUERY, for --debug output. g_free it. */
gchar *puebla_xapian_query_describe (PueblaXapianQuery *query);

void puebla_xapian_query_free (PueblaXapianQuery *query);

/* ---- Results ----------------------------------------------------------------- */

/* Runs QUERY and returns results OFFSET .. OFFSET+LIMIT-1 by relevance
 * (BM25). Xapian checks at least CHECK_AT_LEAST documents (0: only what the
 * page needs), so that the match count is exact up to that many: phrase
 * and NEAR matches are otherwise estimated. After TIME_LIMIT seconds
 * (0: none) Xapian stops checking beyond the page: the count is then an
 * estimate (lower bound < upper bound). A database modified while
 * reading is reopened and the search run again once; then MODIFIED. */
PueblaXapianResults *puebla_xapian_database_search (PueblaXapianDatabase *db, PueblaXapianQuery *query,
                                                    guint offset, guint limit, guint check_at_least,
                                                    gdouble time_limit, GError **error);

/* The best match (by relevance, BM25) of QUERY for each distinct value in
 * slot COLLAPSE_SLOT, at most LIMIT of them, best first: one match for
 * the best document of each group, where a search per group would take a
 * match each. */
PueblaXapianResults *puebla_xapian_database_search_collapsed (PueblaXapianDatabase *db, PueblaXapianQuery *query,
                                                              guint collapse_slot, guint limit, GError **error);

/* As puebla_xapian_database_search(), and counts, over every match Xapian
 * examined (all of them up to CHECK_AT_LEAST), the terms that start with
 * each of FACET_PREFIXES (NULL-terminated): see
 * puebla_xapian_results_get_facet(). No prefix may start another. The terms
 * of a document are read from its value in the slot set with
 * puebla_xapian_database_set_facet_slot() when it has one there. */
PueblaXapianResults *puebla_xapian_database_search_with_facets (PueblaXapianDatabase *db,
                                                                PueblaXapianQuery *query, guint offset,
                                                                guint limit, guint check_at_least,
                                                                gdouble time_limit,
                                                                const gchar *const *facet_prefixes,
                                                                GError **error);

/* What a search asks for: puebla_xapian_database_search_full(). */
typedef struct
{
  guint offset, limit;          /* the rows wanted */
  guint check_at_least;         /* as for puebla_xapian_database_search() */
  gdouble time_limit;           /* seconds, 0: none */
  /* Results of the same weight in the order of this value slot's bytes
     (then as Xapian gives them, by document id); -1: by document id only.
     Weights equal but for rounding (1e-12 relative: a database of shards
     adds a document's term weights in another order than one database)
     count as the same. With a slot whose values tell the documents
     apart, the rows do not depend on document ids: one database and its
     shards, local or remote, give the same rows in the same order. */
  gint tie_slot;
  /* NULL-terminated, or NULL: no facets (puebla_xapian_database_search_with_facets()).
     Over remote shards, where xapian-tcpsrv cannot run our MatchSpy, the
     terms of the first CHECK_AT_LEAST matches are read one document at a
     time instead (until TIME_LIMIT): the same counts, more slowly. */
  const gchar *const *facet_prefixes;
} PueblaXapianSearchOptions;

/* The search that OPTIONS describes; errors as puebla_xapian_database_search(). */
PueblaXapianResults *puebla_xapian_database_search_full (PueblaXapianDatabase *db, PueblaXapianQuery *query,
                                                         const PueblaXapianSearchOptions *options,
                                                         GError **error);

/* The counts for PREFIX: a GHashTable of term-without-prefix (gchar*) →
 * GUINT_TO_POINTER (documents), empty when PREFIX was not asked for.
 * Borrowed: lives as long as RESULTS. */
GHashTable *puebla_xapian_results_get_facet (PueblaXapianResults *results, const gchar *prefix);

/* How many documents Xapian examined (the facets count over these). */
guint puebla_xapian_results_get_examined (PueblaXapianResults *results);

guint puebla_xapian_results_get_size (PueblaXapianResults *results);         /* rows held */
guint puebla_xapian_results_get_estimated (PueblaXapianResults *results);    /* matches, estimated */
guint puebla_xapian_results_get_lower_bound (PueblaXapianResults *results);
guint puebla_xapian_results_get_upper_bound (PueblaXapianResults *results);
guint puebla_xapian_results_get_docid (PueblaXapianResults *results, guint i);
gdouble puebla_xapian_results_get_weight (PueblaXapianResults *results, guint i);
gint puebla_xapian_results_get_percent (PueblaXapianResults *results, guint i);
/* Row I's document, newly allocated, or NULL with ERROR set. */
PueblaXapianDocument *puebla_xapian_results_get_document (PueblaXapianResults *results, guint i,
                                                          GError **error);
void puebla_xapian_results_free (PueblaXapianResults *results);

/* ---- Values ---------------------------------------------------------------- */

/* Xapian::sortable_serialise: a string that sorts like the number. g_free. */
gchar *puebla_xapian_sortable_serialise (gdouble value, gsize *len /* OUT */);
gdouble puebla_xapian_sortable_unserialise (const gchar *value, gsize len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PueblaXapianStemmer, puebla_xapian_stemmer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PueblaXapianDocument, puebla_xapian_document_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PueblaXapianWritable, puebla_xapian_writable_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PueblaXapianDatabase, puebla_xapian_database_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PueblaXapianQuery, puebla_xapian_query_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PueblaXapianResults, puebla_xapian_results_free)

G_END_DECLS
