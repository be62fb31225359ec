/* xapian-shim.cc: the C API of xapian-shim.h, implemented over Xapian's
 * C++ API.
 *
 * This is the only file of puebla that includes <xapian.h>. Rules kept
 * throughout:
 *
 *  - Handles are opaque structs holding Xapian objects; they are allocated
 *    with new/delete. Everything handed back to C (strings, buffers, arrays)
 *    is allocated with GLib and is a copy: no pointer into C++ storage ever
 *    leaves this file.
 *
 *  - No C++ exception reaches C. Every exported function wraps its whole
 *    body in one `try` and ends in `catch (...)`, which hands the exception
 *    to error_from_current_exception(), the one place that maps Xapian's
 *    exception classes to PueblaXapianError codes.
 *
 *  - Callbacks into C (foreach_value, foreach_term) run outside any try
 *    block: the data is copied out first.
 */

#include "xapian-shim.h"

#include <xapian.h>

#include <cmath>
#include <cstdarg>
#include <cstring>
#include <algorithm>
#include <numeric>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <cstdint>
#include <vector>

G_DEFINE_QUARK (puebla-xapian-error-quark, puebla_xapian_error)

/* Xapian's maximum term length for the glass backend. */
#define PUEBLA_XAPIAN_MAX_TERM_LENGTH 245

/* ---- Handles --------------------------------------------------------------- */

struct _PueblaXapianStemmer
{
  Xapian::Stem stem;
};

struct _PueblaXapianDocument
{
  Xapian::Document doc;
  /* Created by the first puebla_xapian_document_index_text() call and kept
   * so that later calls carry on the term positions. It shares DOC's
   * internals (Xapian::Document is a reference-counted handle). */
  std::unique_ptr<Xapian::TermGenerator> termgen;
};

struct _PueblaXapianDatabase
{
  Xapian::Database db;
  /* What puebla_xapian_database_open() was given, to open it again when a
   * remote connection is lost ("" for a writable database's view). */
  std::string path;
  /* Set when a search found that a shard cannot run our MatchSpy (a
   * remote one): facets are then counted from the documents. */
  bool spy_unsupported = false;
  /* TRUE for the view returned by puebla_xapian_writable_get_database():
   * it belongs to the writable handle, and puebla_xapian_database_close()
   * ignores it. */
  bool borrowed = false;
  /* puebla_xapian_database_set_facet_slot(); Xapian::BAD_VALUENO: none */
  Xapian::valueno facet_slot = Xapian::BAD_VALUENO;
  /* puebla_xapian_database_set_facet_ids(): the slot, the metadata key of
   * the terms, and the terms, read when first needed (facet_ids_read) */
  Xapian::valueno facet_ids_slot = Xapian::BAD_VALUENO;
  std::string facet_ids_key;
  std::vector<std::string> facet_terms;
  bool facet_ids_read = false;
};

struct _PueblaXapianWritable
{
  Xapian::WritableDatabase wdb;
  std::string path;
  /* Whether our unflushed transaction is open; see the comment above
   * puebla_xapian_writable_open(). */
  bool in_transaction = false;
  /* Created on demand by puebla_xapian_writable_get_database(). */
  std::unique_ptr<_PueblaXapianDatabase> view;
};

struct _PueblaXapianQuery
{
  Xapian::Query query;
};

struct _PueblaXapianResults
{
  /* A copy of the database handle keeps the backend (and so the MSet's
   * documents) alive as long as the results. */
  Xapian::Database db;
  Xapian::MSet mset;
  /* facet prefix → GHashTable (term suffix → count), GLib-owned */
  std::map<std::string, GHashTable *> facets;
  guint examined = 0;
  /* Row i of the results is mset[rows[i]] (see fetch_rows()). */
  std::vector<Xapian::doccount> rows;

  ~_PueblaXapianResults ()
  {
    for (auto &f : facets)
      g_hash_table_unref (f.second);
  }
};

/* ---- Query fields resolved by C ----------------------------------------------- */

/* Calls the C resolver of a boolean field for each value the QueryParser
 * meets, and ORs the terms it gives as a filter. A value the resolver
 * refuses is not thrown through Xapian's parser (which leaks a node when an
 * exception crosses it): the first refusal is kept in REFUSAL, the value
 * matches nothing, and puebla_xapian_query_parse() reports it. */
class CFieldProcessor : public Xapian::FieldProcessor
{
  std::string field;
  PueblaXapianFieldFunc func;
  gpointer user_data;
  std::string *refusal;

public:
  CFieldProcessor (const char *field_, PueblaXapianFieldFunc func_, gpointer user_data_, std::string *refusal_)
    : field (field_), func (func_), user_data (user_data_), refusal (refusal_)
  {
  }

  Xapian::Query
  operator() (const std::string &value) override
  {
    GError *error = NULL;
    GPtrArray *terms = func (field.c_str (), value.c_str (), user_data, &error);
    if (terms == NULL)
      {
        if (refusal->empty ())
          *refusal = error ? error->message : ("bad value for " + field + ":");
        g_clear_error (&error);
        return Xapian::Query::MatchNothing;
      }
    std::vector<std::string> v;
    for (guint i = 0; i < terms->len; i++)
      v.emplace_back ((const char *) g_ptr_array_index (terms, i));
    g_ptr_array_unref (terms);
    Xapian::Query q (Xapian::Query::OP_OR, v.begin (), v.end ());
    if (v.empty ())
      q = Xapian::Query::MatchNothing;
    return Xapian::Query (Xapian::Query::OP_SCALE_WEIGHT, q, 0.0); /* a filter: no weight */
  }
};

/* A wildcard, listed when the query is parsed: the value of the field
 * puebla_xapian_query_parse() gives it (rewrite_wildcards()) is the start
 * of a word; the query ORs the words of DB that start so, each weighed
 * as a word of its own. Not Xapian's OP_WILDCARD, which lists them at
 * search time in each shard of a database of shards, nor OP_SYNONYM,
 * which weighs them as one word: over shards, Xapian 1.4 leaves out of a
 * synonym's frequency the words a shard lacks, so the same document
 * weighs more in a shard without the rarer words than in one database.
 * An OR of words uses each word's frequency over all shards: the same
 * weights as one database (see xapian-shim.h). An error of DB (a remote
 * shard gone) is kept in FAILURE, not thrown through the parser. */
class WildcardProcessor : public Xapian::FieldProcessor
{
  Xapian::Database db;
  std::string prefix;
  std::string *failure;

public:
  WildcardProcessor (const Xapian::Database &db_, const std::string &prefix_, std::string *failure_)
    : db (db_), prefix (prefix_), failure (failure_)
  {
  }

  Xapian::Query
  operator() (const std::string &value) override
  {
    std::vector<std::string> words;
    try
      {
        const std::string start = prefix + value;
        for (Xapian::TermIterator t = db.allterms_begin (start); t != db.allterms_end (start); ++t)
          words.push_back (*t);
      }
    catch (const Xapian::Error &e)
      {
        if (failure->empty ())
          *failure = e.get_description ();
        return Xapian::Query::MatchNothing;
      }
    if (words.empty ())
      return Xapian::Query::MatchNothing;
    return Xapian::Query (Xapian::Query::OP_OR, words.begin (), words.end ());
  }
};

/* How often each facet term was seen: an open-addressing table over the
   whole term's bytes, which a lookup neither copies nor allocates (a
   facet query looks up some fifty terms in each of up to 10,000 matches;
   std::unordered_map<std::string> spent half of it hashing, copying and
   chasing nodes). */
class TermCounts
{
public:
  struct Entry
  {
    std::string term;   /* with its prefix */
    size_t prefix = 0;  /* which of the spy's prefixes */
    unsigned count = 0;
    uint64_t hash = 0;
  };

  TermCounts () : slots (64) {}

  void
  add (const char *term, size_t len, size_t prefix, unsigned n = 1)
  {
    uint64_t h = fnv1a (term, len);
    size_t mask = slots.size () - 1;
    for (size_t i = (size_t) h & mask;; i = (i + 1) & mask)
      {
        Entry &e = slots[i];
        if (e.count == 0)
          {
            e.term.assign (term, len);
            e.prefix = prefix;
            e.count = n;
            e.hash = h;
            if (++used * 2 > slots.size ())
              grow ();
            return;
          }
        if (e.hash == h && e.term.size () == len && memcmp (e.term.data (), term, len) == 0)
          {
            e.count += n;
            return;
          }
      }
  }

  const std::vector<Entry> &
  entries () const
  {
    return slots; /* those with a count are terms */
  }

private:
  std::vector<Entry> slots; /* a power of two, at most half full */
  size_t used = 0;

  static uint64_t
  fnv1a (const char *p, size_t len)
  {
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++)
      h = (h ^ (unsigned char) p[i]) * 1099511628211ULL;
    return h ^ (h >> 29);
  }

  void
  grow ()
  {
    std::vector<Entry> old (slots.size () * 2);
    old.swap (slots);
    size_t mask = slots.size () - 1;
    for (Entry &e : old)
      if (e.count > 0)
        {
          size_t i = (size_t) e.hash & mask;
          while (slots[i].count > 0)
            i = (i + 1) & mask;
          slots[i] = std::move (e);
        }
  }
};

/* Counts, for each prefix, the terms with that prefix of every document the
 * match examines. A document with value FACET_IDS_SLOT is counted from the
 * numbers of its facet terms (an array's increments, named once a search);
 * one whose FACET_SLOT value lists its terms (NUL-separated), from that
 * value, a few hundred bytes; one with neither, from its term list, which
 * means decoding every word of it. */
class TermPrefixSpy : public Xapian::MatchSpy
{
public:
  std::vector<std::string> prefixes;
  TermCounts counts;
  unsigned examined = 0;

  /* Counts PREFIXES_'s terms in the matches of a search of DB_, from the
     facet values DB_ was given (puebla_xapian_database_set_facet_ids(),
     _set_facet_slot()) where a document has them, else from its term list. */
  TermPrefixSpy (const std::vector<std::string> &prefixes_, PueblaXapianDatabase *db_)
    : prefixes (prefixes_), order (prefixes_.size ()), facet_slot (db_->facet_slot), db (db_)
  {
    for (size_t i = 0; i < order.size (); i++)
      order[i] = i;
    std::sort (order.begin (), order.end (), [this] (size_t a, size_t b) { return prefixes[a] < prefixes[b]; });
    /* an index written before the numbers has none: no lookup a match */
    if (!prefixes.empty () && db->facet_ids_slot != Xapian::BAD_VALUENO
        && db->db.get_value_freq (db->facet_ids_slot) > 0)
      ids_slot = db->facet_ids_slot;
  }

  /* The terms counted by number, named and added to COUNTS: read once a
     search, after its match. The table is read again when a number is new
     to it (an ingest has added terms since it was read); a number still
     unknown names nothing and is left out. */
  void
  name_numbered ()
  {
    if (by_number.empty ())
      return;
    if (!db->facet_ids_read || highest_number >= db->facet_terms.size ())
      read_facet_terms (db);
    for (size_t id = 0; id < by_number.size () && id < db->facet_terms.size (); id++)
      {
        if (by_number[id] == 0)
          continue;
        const std::string &term = db->facet_terms[id];
        size_t best = prefixes.size ();
        for (size_t k = 0; k < prefixes.size (); k++)
          if (term.compare (0, prefixes[k].size (), prefixes[k]) == 0
              && (best == prefixes.size () || prefixes[k].size () > prefixes[best].size ()))
            best = k;
        if (best < prefixes.size ())
          counts.add (term.data (), term.size (), best, by_number[id]);
      }
    by_number.clear ();
    highest_number = 0;
  }

  /* DB's table of facet terms, the term numbered N on line N + 1 of its
     metadata (schema.h). */
  static void
  read_facet_terms (PueblaXapianDatabase *db)
  {
    const std::string all = db->db.get_metadata (db->facet_ids_key);
    db->facet_terms.clear ();
    for (size_t start = 0; start < all.size ();)
      {
        size_t nl = all.find ('\n', start);
        if (nl == std::string::npos)
          nl = all.size ();
        db->facet_terms.emplace_back (all, start, nl - start);
        start = nl + 1;
      }
    db->facet_ids_read = true;
  }

  /* One walk of the document's term list (decoding it is what costs), the
     prefixes visited in sorted order; a prefix that extends the one before
     it (XD, XDM) starts a new walk, as the first has gone past its terms. */
  void
  operator() (const Xapian::Document &doc, double) override
  {
    examined++;
    if (prefixes.empty ())
      return; /* counting the matches only: reading the value costs a block read */
    if (ids_slot != Xapian::BAD_VALUENO)
      {
        const std::string numbers = doc.get_value (ids_slot);
        if (!numbers.empty () && numbers[0] == PUEBLA_XAPIAN_FACET_IDS_FORMAT)
          {
            count_numbered (numbers);
            return;
          }
      }
    if (facet_slot != Xapian::BAD_VALUENO)
      {
        const std::string listed = doc.get_value (facet_slot);
        if (!listed.empty ())
          {
            count_listed (listed);
            return;
          }
      }
    Xapian::TermIterator t = doc.termlist_begin ();
    const Xapian::TermIterator end = doc.termlist_end ();
    const std::string *previous = nullptr;
    for (size_t k = 0; k < order.size (); k++)
      {
        const std::string &p = prefixes[order[k]];
        if (previous && p.compare (0, previous->size (), *previous) == 0)
          t = doc.termlist_begin ();
        previous = &p;
        if (t != end)
          t.skip_to (p);
        for (; t != end; ++t)
          {
            const std::string term = *t;
            if (term.compare (0, p.size (), p) != 0)
              break;
            counts.add (term.data (), term.size (), order[k]);
          }
      }
  }

private:
  std::vector<size_t> order;
  Xapian::valueno facet_slot;
  Xapian::valueno ids_slot = Xapian::BAD_VALUENO;
  PueblaXapianDatabase *db;
  std::vector<unsigned> by_number; /* the count of the term numbered N (grown by doubling) */
  size_t highest_number = 0;       /* the highest N counted */

  /* NUMBERS: the format byte, then the numbers of the document's facet
     terms, 7 bits a byte, low bits first, the high bit set on all but the
     last byte of each. */
  void
  count_numbered (const std::string &numbers)
  {
    const unsigned char *p = reinterpret_cast<const unsigned char *> (numbers.data ()) + 1;
    const unsigned char *end = reinterpret_cast<const unsigned char *> (numbers.data ()) + numbers.size ();
    while (p < end)
      {
        uint32_t id = 0;
        for (unsigned shift = 0; p < end && shift < 32; shift += 7)
          {
            unsigned char c = *p++;
            id |= (uint32_t) (c & 0x7f) << shift;
            if (!(c & 0x80))
              break;
          }
        if (id >= by_number.size ())
          by_number.resize (std::max<size_t> ((size_t) id + 1, by_number.size () * 2));
        by_number[id]++;
        highest_number = std::max<size_t> (highest_number, id);
      }
  }

  /* The terms are listed in order, as the prefixes are visited (ORDER), and
     no prefix starts another: one pass over both. */
  void
  count_listed (const std::string &listed)
  {
    const char *data = listed.data ();
    size_t start = 0, k = 0;
    while (start < listed.size () && k < order.size ())
      {
        const char *nul = static_cast<const char *> (memchr (data + start, '\0', listed.size () - start));
        size_t end = nul ? (size_t) (nul - data) : listed.size ();
        size_t len = end - start;
        while (k < order.size ())
          {
            const std::string &p = prefixes[order[k]];
            int c = memcmp (data + start, p.data (), std::min (len, p.size ()));
            if (c == 0 && len >= p.size ())
              {
                counts.add (data + start, len, order[k]);
                break;
              }
            if (c < 0 || (c == 0 && len < p.size ()))
              break; /* before this prefix: no prefix of this term */
            k++;     /* past this prefix: the next term cannot have it either */
          }
        start = end + 1;
      }
  }
};

/* ---- Errors ------------------------------------------------------------------ */

/* Must be called from inside a catch block. Builds a GError for the
 * exception being handled, with CONTEXT (e.g. "cannot open database '/x'")
 * before the exception's description. Never throws. */
static GError *
error_from_current_exception (const char *context)
{
  gint code = PUEBLA_XAPIAN_ERROR_FAILED;
  std::string what;

  try
    {
      /* Derived classes before their bases. In Xapian 1.4:
       *   DatabaseVersionError, DatabaseNotFoundError < DatabaseOpeningError
       *   DatabaseOpeningError, DatabaseLockError, DatabaseCorruptError,
       *   DatabaseCreateError, DatabaseModifiedError < DatabaseError
       *   DatabaseError, QueryParserError < RuntimeError < Error */
      try
        {
          throw;
        }
      catch (const Xapian::DatabaseLockError &e)
        {
          code = PUEBLA_XAPIAN_ERROR_LOCKED;
          what = e.get_description ();
        }
      catch (const Xapian::DatabaseVersionError &e)
        {
          code = PUEBLA_XAPIAN_ERROR_VERSION;
          what = e.get_description ();
        }
      catch (const Xapian::DatabaseNotFoundError &e)
        {
          code = PUEBLA_XAPIAN_ERROR_NOT_FOUND;
          what = e.get_description ();
        }
      catch (const Xapian::DatabaseOpeningError &e)
        {
          code = PUEBLA_XAPIAN_ERROR_NOT_FOUND;
          what = e.get_description ();
        }
      catch (const Xapian::DatabaseCreateError &e)
        {
          /* The header: NOT_FOUND when the database "cannot be created". */
          code = PUEBLA_XAPIAN_ERROR_NOT_FOUND;
          what = e.get_description ();
        }
      catch (const Xapian::DatabaseCorruptError &e)
        {
          code = PUEBLA_XAPIAN_ERROR_CORRUPT;
          what = e.get_description ();
        }
      catch (const Xapian::DatabaseModifiedError &e)
        {
          code = PUEBLA_XAPIAN_ERROR_MODIFIED;
          what = e.get_description ();
        }
      catch (const Xapian::QueryParserError &e)
        {
          /* Only the message ("Syntax: <expression> AND <expression>"):
           * it is meant for the user, the class name would be noise. */
          code = PUEBLA_XAPIAN_ERROR_BAD_QUERY;
          what = e.get_msg ();
        }
      catch (const Xapian::Error &e)
        {
          what = e.get_description ();
        }
      catch (const std::exception &e)
        {
          what = e.what ();
        }
      catch (...)
        {
          what = "unknown C++ exception";
        }

      return g_error_new (PUEBLA_XAPIAN_ERROR, code, "%s: %s", context, what.c_str ());
    }
  catch (...)
    {
      /* Building the message threw (std::bad_alloc). */
      return g_error_new (PUEBLA_XAPIAN_ERROR, code, "%s: out of memory", context);
    }
}

/* From inside a catch block: sets *ERROR (if ERROR is not NULL). */
static void set_error_from_current_exception (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
set_error_from_current_exception (GError **error, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree gchar *context = g_strdup_vprintf (format, args);
  va_end (args);

  g_propagate_error (error, error_from_current_exception (context));
}

/* From inside a catch block, in functions that cannot report errors. */
static void warn_from_current_exception (const char *format, ...) G_GNUC_PRINTF (1, 2);

static void
warn_from_current_exception (const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree gchar *context = g_strdup_vprintf (format, args);
  va_end (args);

  g_autoptr (GError) e = error_from_current_exception (context);
  g_warning ("%s", e->message);
}

/* Runs FUNC() against DB; if the database was modified under the reader
 * (DatabaseModifiedError), reopens it and runs FUNC() once more. A second
 * DatabaseModifiedError propagates (and becomes MODIFIED). FUNC must be
 * safe to run twice (reset what it collects). */
template <typename Func>
static auto
with_reopen_retry (Xapian::Database &db, Func &&func) -> decltype (func ())
{
  try
    {
      return func ();
    }
  catch (const Xapian::DatabaseModifiedError &)
    {
      db.reopen ();
    }
  return func ();
}

/* ---- Small helpers ----------------------------------------------------------- */

/* S as a NUL-terminated GLib buffer; *LEN (if not NULL) gets its length. */
static gchar *
dup_bytes (const std::string &s, gsize *len)
{
  gchar *out = static_cast<gchar *> (g_malloc (s.size () + 1));
  if (!s.empty ())
    memcpy (out, s.data (), s.size ());
  out[s.size ()] = '\0';
  if (len != NULL)
    *len = s.size ();
  return out;
}

static inline std::string
str_or_empty (const gchar *s)
{
  return s != NULL ? std::string (s) : std::string ();
}

static GPtrArray *
terms_to_array (Xapian::TermIterator it, const Xapian::TermIterator &end)
{
  GPtrArray *array = g_ptr_array_new_with_free_func (g_free);
  try
    {
      for (; it != end; ++it)
        {
          const std::string term = *it;
          /* Query::MatchAll is the pseudo-term "": not a real term. */
          if (!term.empty ())
            g_ptr_array_add (array, g_strdup (term.c_str ()));
        }
    }
  catch (...)
    {
      g_ptr_array_unref (array);
      throw;
    }
  return array;
}

/* ---- Stemmers ------------------------------------------------------------------ */

namespace {

/* A Xapian stemmer that calls a C function. Xapian reference-counts it:
 * the Xapian::Stem of the PueblaXapianStemmer holds one reference, and
 * so does every TermGenerator or QueryParser it is given to. The
 * TermGenerator of a document drops its reference at the end of each
 * index_text call and QueryParsers are local to query_parse, so in
 * practice the destructor (and DESTROY) runs in
 * puebla_xapian_stemmer_free(). */
class CustomStemmer : public Xapian::StemImplementation
{
public:
  CustomStemmer (PueblaXapianStemFunc func, gpointer user_data, GDestroyNotify destroy)
    : func_ (func), user_data_ (user_data), destroy_ (destroy)
  {
  }

  ~CustomStemmer () override
  {
    if (destroy_ != NULL)
      destroy_ (user_data_);
  }

  std::string
  operator() (const std::string &word) override
  {
    gchar *stem = func_ (word.c_str (), user_data_);
    if (stem == NULL)
      return word;
    /* Copy, then free the C string even if the copy throws. */
    std::unique_ptr<gchar, decltype (&g_free)> owned (stem, g_free);
    return std::string (owned.get ());
  }

  std::string
  get_description () const override
  {
    return "puebla-custom";
  }

private:
  PueblaXapianStemFunc func_;
  gpointer user_data_;
  GDestroyNotify destroy_;
};

} /* namespace */

/* ---- Searches whose order does not depend on document ids -------------------------- */

/* Weights this close (relative) are one weight added up in two orders: a
 * database of shards builds each shard's OR and AND trees from that
 * shard's term frequencies, one database from its own, and floating-point
 * addition is not associative (the last bit or two differ). */
#define TIE_EPSILON 1e-12

static bool
near_tie (double a, double b)
{
  return std::fabs (a - b) <= TIE_EPSILON * std::max (std::fabs (a), std::fabs (b));
}

/* The MSet that RUN (maxitems) gives from the first match, with ROWS set
 * to the MSet indexes of rows OFFSET .. OFFSET+LIMIT-1, and at least
 * MIN_ITEMS items fetched. Xapian orders equal weights by the tie slot's
 * value (the sort key); with REGROUP, weights equal but for rounding
 * (near_tie()) are put in that order here too. Xapian cut the MSet by exact
 * weights: when a run of near ties that holds the page's last row reaches
 * the last item fetched, twice as many are fetched, so that the page is
 * cut from the whole run. */
template <typename Run>
static Xapian::MSet
fetch_rows (Run &&run, guint offset, guint limit, guint min_items, bool regroup, std::vector<Xapian::doccount> &rows)
{
  const guint64 end = (guint64) offset + limit;
  const guint64 most = G_MAXUINT32 / 4;
  guint64 want = std::min (std::max<guint64> (end + 1, min_items), most);
  Xapian::MSet mset;
  std::vector<double> w;
  for (;;)
    {
      mset = run ((Xapian::doccount) want);
      w.clear ();
      for (Xapian::MSetIterator it = mset.begin (); it != mset.end (); ++it)
        w.push_back (it.get_weight ());
      if (!regroup || limit == 0 || w.size () < want || want >= most)
        break;
      size_t a = end - 1, b = end - 1;
      while (a > 0 && near_tie (w[a - 1], w[a]))
        a--;
      while (b + 1 < w.size () && near_tie (w[b], w[b + 1]))
        b++;
      bool unequal = false;
      for (size_t k = a + 1; k <= b; k++)
        unequal |= w[k] != w[k - 1];
      if (b + 1 < w.size () || !unequal)
        break;
      want = std::min (want * 2, most);
    }

  std::vector<Xapian::doccount> order (w.size ());
  std::iota (order.begin (), order.end (), 0);
  for (size_t a = 0; regroup && a < w.size ();)
    {
      size_t b = a + 1;
      bool unequal = false;
      for (; b < w.size () && near_tie (w[b - 1], w[b]); b++)
        unequal |= w[b] != w[b - 1];
      if (unequal)
        {
          std::map<Xapian::doccount, std::string> keys;
          for (size_t k = a; k < b; k++)
            keys[order[k]] = mset[order[k]].get_sort_key ();
          std::stable_sort (order.begin () + a, order.begin () + b,
                            [&] (Xapian::doccount x, Xapian::doccount y) { return keys[x] < keys[y]; });
        }
      a = b;
    }
  rows.assign (order.begin () + std::min<size_t> (offset, order.size ()),
               order.begin () + std::min<size_t> (end, order.size ()));
  return mset;
}

/* The counts of SPY as RESULTS's facets. */
static void
take_facets (PueblaXapianResults *results, const std::vector<std::string> &prefixes, TermPrefixSpy &spy)
{
  spy.name_numbered ();
  results->examined = spy.examined;
  std::vector<GHashTable *> tables;
  for (size_t i = 0; i < prefixes.size (); i++)
    tables.push_back (g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL));
  for (const TermCounts::Entry &e : spy.counts.entries ())
    if (e.count > 0)
      g_hash_table_insert (tables[e.prefix], g_strdup (e.term.c_str () + prefixes[e.prefix].size ()),
                           GUINT_TO_POINTER (e.count));
  for (size_t i = 0; i < prefixes.size (); i++)
    {
      GHashTable *old = results->facets[prefixes[i]];
      if (old)
        g_hash_table_unref (old);
      results->facets[prefixes[i]] = tables[i];
    }
}

extern "C" {

PueblaXapianStemmer *
puebla_xapian_stemmer_new (const gchar *language, GError **error)
{
  g_return_val_if_fail (language != NULL, NULL);

  try
    {
      auto stemmer = std::make_unique<PueblaXapianStemmer> ();
      stemmer->stem = Xapian::Stem (language);
      return stemmer.release ();
    }
  catch (...)
    {
      set_error_from_current_exception (error, "no stemmer for language '%s'", language);
    }
  return NULL;
}

PueblaXapianStemmer *
puebla_xapian_stemmer_new_custom (PueblaXapianStemFunc func, gpointer user_data,
                                  GDestroyNotify destroy)
{
  g_return_val_if_fail (func != NULL, NULL);

  try
    {
      auto stemmer = std::make_unique<PueblaXapianStemmer> ();
      /* Xapian::Stem takes ownership of the new object (reference counted). */
      stemmer->stem = Xapian::Stem (new CustomStemmer (func, user_data, destroy));
      return stemmer.release ();
    }
  catch (...)
    {
      warn_from_current_exception ("cannot create custom stemmer");
    }
  return NULL;
}

gchar *
puebla_xapian_stemmer_stem (PueblaXapianStemmer *stemmer, const gchar *word)
{
  g_return_val_if_fail (word != NULL, NULL);
  if (stemmer == NULL)
    return g_strdup (word);

  try
    {
      return dup_bytes (stemmer->stem (word), NULL);
    }
  catch (...)
    {
      warn_from_current_exception ("cannot stem '%s'", word);
    }
  return g_strdup (word);
}

void
puebla_xapian_stemmer_free (PueblaXapianStemmer *stemmer)
{
  try
    {
      delete stemmer;
    }
  catch (...)
    {
      warn_from_current_exception ("cannot free stemmer");
    }
}

/* ---- Documents ------------------------------------------------------------------- */

PueblaXapianDocument *
puebla_xapian_document_new (void)
{
  try
    {
      return new PueblaXapianDocument ();
    }
  catch (...)
    {
      warn_from_current_exception ("cannot create document");
    }
  return NULL;
}

void
puebla_xapian_document_free (PueblaXapianDocument *doc)
{
  try
    {
      delete doc;
    }
  catch (...)
    {
      warn_from_current_exception ("cannot free document");
    }
}

void
puebla_xapian_document_set_data (PueblaXapianDocument *doc, const gchar *data, gsize len)
{
  g_return_if_fail (doc != NULL);
  g_return_if_fail (data != NULL || len == 0);

  try
    {
      doc->doc.set_data (len > 0 ? std::string (data, len) : std::string ());
    }
  catch (...)
    {
      warn_from_current_exception ("cannot set document data");
    }
}

gchar *
puebla_xapian_document_get_data (PueblaXapianDocument *doc, gsize *len)
{
  g_return_val_if_fail (doc != NULL, NULL);

  try
    {
      return dup_bytes (doc->doc.get_data (), len);
    }
  catch (...)
    {
      warn_from_current_exception ("cannot get document data");
    }
  return dup_bytes (std::string (), len);
}

void
puebla_xapian_document_add_boolean_term (PueblaXapianDocument *doc, const gchar *term)
{
  g_return_if_fail (doc != NULL);
  g_return_if_fail (term != NULL);

  if (strlen (term) > PUEBLA_XAPIAN_MAX_TERM_LENGTH)
    return;

  try
    {
      doc->doc.add_boolean_term (term);
    }
  catch (...)
    {
      warn_from_current_exception ("cannot add term '%s'", term);
    }
}

void
puebla_xapian_document_set_value (PueblaXapianDocument *doc, guint slot,
                                  const gchar *value, gsize len)
{
  g_return_if_fail (doc != NULL);
  g_return_if_fail (value != NULL || len == 0);

  try
    {
      /* An empty value removes the slot, as in Xapian. */
      doc->doc.add_value (slot, len > 0 ? std::string (value, len) : std::string ());
    }
  catch (...)
    {
      warn_from_current_exception ("cannot set value %u", slot);
    }
}

gchar *
puebla_xapian_document_get_value (PueblaXapianDocument *doc, guint slot, gsize *len)
{
  g_return_val_if_fail (doc != NULL, NULL);

  try
    {
      return dup_bytes (doc->doc.get_value (slot), len);
    }
  catch (...)
    {
      warn_from_current_exception ("cannot get value %u", slot);
    }
  return dup_bytes (std::string (), len);
}

void
puebla_xapian_document_index_text (PueblaXapianDocument *doc, const gchar *text,
                                   const gchar *prefix, guint wdf_inc,
                                   PueblaXapianStemmer *stemmer)
{
  g_return_if_fail (doc != NULL);
  g_return_if_fail (text != NULL);

  try
    {
      if (!doc->termgen)
        {
          doc->termgen = std::make_unique<Xapian::TermGenerator> ();
          /* set_document() also resets the term position to 0. */
          doc->termgen->set_document (doc->doc);
        }
      else
        {
          /* A gap so that a phrase cannot match across two calls. */
          doc->termgen->increase_termpos (100);
        }

      Xapian::TermGenerator &tg = *doc->termgen;
      if (stemmer != NULL)
        {
          tg.set_stemmer (stemmer->stem);
          tg.set_stemming_strategy (Xapian::TermGenerator::STEM_SOME);
        }
      else
        {
          tg.set_stemmer (Xapian::Stem ());
          tg.set_stemming_strategy (Xapian::TermGenerator::STEM_NONE);
        }

      tg.index_text (text, wdf_inc, str_or_empty (prefix));

      /* Drop our reference to the stemmer, so that a custom stemmer's
       * DESTROY runs when the stemmer is freed, not when the document is. */
      tg.set_stemmer (Xapian::Stem ());
    }
  catch (...)
    {
      warn_from_current_exception ("cannot index text");
    }
}

GPtrArray *
puebla_xapian_document_get_terms (PueblaXapianDocument *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);

  try
    {
      return terms_to_array (doc->doc.termlist_begin (), doc->doc.termlist_end ());
    }
  catch (...)
    {
      warn_from_current_exception ("cannot list document terms");
    }
  return g_ptr_array_new_with_free_func (g_free);
}

GPtrArray *
puebla_xapian_document_get_terms_with_prefix (PueblaXapianDocument *doc, const gchar *prefix)
{
  g_return_val_if_fail (doc != NULL && prefix != NULL, NULL);

  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  try
    {
      Xapian::TermIterator t = doc->doc.termlist_begin ();
      const Xapian::TermIterator end = doc->doc.termlist_end ();
      t.skip_to (prefix);
      for (; t != end; ++t)
        {
          const std::string term = *t;
          if (term.compare (0, strlen (prefix), prefix) != 0)
            break;
          g_ptr_array_add (out, dup_bytes (term, NULL));
        }
    }
  catch (...)
    {
      warn_from_current_exception ("cannot list document terms");
    }
  return out;
}

gchar *
puebla_xapian_document_serialise (PueblaXapianDocument *doc, gsize *len)
{
  g_return_val_if_fail (doc != NULL, NULL);

  try
    {
      return dup_bytes (doc->doc.serialise (), len);
    }
  catch (...)
    {
      warn_from_current_exception ("cannot serialise document");
    }
  return dup_bytes (std::string (), len);
}

PueblaXapianDocument *
puebla_xapian_document_unserialise (const gchar *data, gsize len, GError **error)
{
  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  try
    {
      auto doc = std::make_unique<PueblaXapianDocument> ();
      doc->doc = Xapian::Document::unserialise (std::string (data, len));
      return doc.release ();
    }
  catch (...)
    {
      set_error_from_current_exception (error, "cannot read a serialised document of %" G_GSIZE_FORMAT " bytes", len);
    }
  return NULL;
}

/* ---- Writable database ----------------------------------------------------------
 *
 * How "uncommitted changes are discarded by close" is honoured: Xapian's
 * WritableDatabase::close() (and its destructor) commit pending changes
 * unless a transaction is active, in which case the transaction is
 * cancelled. So the handle always keeps an *unflushed* transaction open
 * (begin_transaction(false)): it is begun at open and again after every
 * commit (and, as a safety net, before any change if it is not open).
 * puebla_xapian_writable_commit() ends it with commit_transaction(), makes
 * the changes durable with commit(), and begins the next one;
 * puebla_xapian_writable_close() cancels it, then closes. Unflushed
 * transactions do not suppress Xapian's automatic flushing of postings to
 * disk (memory stays bounded), but those flushes are not visible as a
 * revision until commit(). A WritableDatabase (and so the borrowed view)
 * does see its own pending changes.
 */

static void
ensure_transaction (PueblaXapianWritable *db)
{
  if (!db->in_transaction)
    {
      db->wdb.begin_transaction (false);
      db->in_transaction = true;
    }
}

PueblaXapianWritable *
puebla_xapian_writable_open (const gchar *path, gboolean create, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  try
    {
      /* Xapian creates the last directory only; the header promises PATH.
       * A failure here shows up as Xapian's DatabaseCreateError below. */
      if (create)
        g_mkdir_with_parents (path, 0755);

      auto db = std::make_unique<PueblaXapianWritable> ();
      db->path = path;
      db->wdb = Xapian::WritableDatabase (path, create ? Xapian::DB_CREATE_OR_OPEN
                                                       : Xapian::DB_OPEN);
      ensure_transaction (db.get ());
      return db.release ();
    }
  catch (...)
    {
      set_error_from_current_exception (error, "cannot open database '%s' for writing", path);
    }
  return NULL;
}

gboolean
puebla_xapian_writable_commit (PueblaXapianWritable *db, GError **error)
{
  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  try
    {
      if (db->in_transaction)
        {
          /* An unflushed transaction's changes become ordinary pending
           * changes; commit() then writes them as a new revision. */
          db->wdb.commit_transaction ();
          db->in_transaction = false;
        }
      db->wdb.commit ();

      /* The commit is done and durable whatever happens now: a failure to
       * begin the next transaction is only a warning (ensure_transaction()
       * tries again before the next change). */
      try
        {
          ensure_transaction (db);
        }
      catch (...)
        {
          warn_from_current_exception ("cannot begin a transaction on '%s'", db->path.c_str ());
        }
      return TRUE;
    }
  catch (...)
    {
      set_error_from_current_exception (error, "cannot commit database '%s'", db->path.c_str ());
    }
  return FALSE;
}

void
puebla_xapian_writable_close (PueblaXapianWritable *db)
{
  if (db == NULL)
    return;

  try
    {
      if (db->in_transaction)
        {
          db->in_transaction = false;
          db->wdb.cancel_transaction ();
        }
    }
  catch (...)
    {
      warn_from_current_exception ("cannot discard changes to database '%s'", db->path.c_str ());
    }

  try
    {
      /* Release the lock now, even if the borrowed view, results or
       * documents still hold references to the backend. */
      db->wdb.close ();
    }
  catch (...)
    {
      warn_from_current_exception ("cannot close database '%s'", db->path.c_str ());
    }

  try
    {
      delete db;
    }
  catch (...)
    {
      warn_from_current_exception ("cannot free database handle");
    }
}

gboolean
puebla_xapian_writable_replace (PueblaXapianWritable *db, const gchar *unique_term,
                                PueblaXapianDocument *doc, GError **error)
{
  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (unique_term != NULL, FALSE);
  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  try
    {
      ensure_transaction (db);
      db->wdb.replace_document (unique_term, doc->doc);
      return TRUE;
    }
  catch (...)
    {
      set_error_from_current_exception (error, "cannot store document '%s' in '%s'",
                                        unique_term, db->path.c_str ());
    }
  return FALSE;
}

gboolean
puebla_xapian_writable_add (PueblaXapianWritable *db, PueblaXapianDocument *doc, GError **error)
{
  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  try
    {
      ensure_transaction (db);
      db->wdb.add_document (doc->doc);
      return TRUE;
    }
  catch (...)
    {
      set_error_from_current_exception (error, "cannot add a document to '%s'", db->path.c_str ());
    }
  return FALSE;
}

gboolean
puebla_xapian_writable_delete (PueblaXapianWritable *db, const gchar *term, GError **error)
{
  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (term != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  try
    {
      ensure_transaction (db);
      db->wdb.delete_document (term);
      return TRUE;
    }
  catch (...)
    {
      set_error_from_current_exception (error, "cannot delete documents '%s' from '%s'",
                                        term, db->path.c_str ());
    }
  return FALSE;
}

gboolean
puebla_xapian_writable_set_metadata (PueblaXapianWritable *db, const gchar *key,
                                     const gchar *value, GError **error)
{
  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  try
    {
      ensure_transaction (db);
      db->wdb.set_metadata (key, str_or_empty (value));
      return TRUE;
    }
  catch (...)
    {
      set_error_from_current_exception (error, "cannot set metadata '%s' in '%s'",
                                        key, db->path.c_str ());
    }
  return FALSE;
}

PueblaXapianDatabase *
puebla_xapian_writable_get_database (PueblaXapianWritable *db)
{
  g_return_val_if_fail (db != NULL, NULL);

  try
    {
      if (!db->view)
        {
          auto view = std::make_unique<PueblaXapianDatabase> ();
          /* Copying the handle shares the writable backend: the view sees
           * the pending (uncommitted) changes too. */
          view->db = db->wdb;
          view->borrowed = true;
          db->view = std::move (view);
        }
      return db->view.get ();
    }
  catch (...)
    {
      warn_from_current_exception ("cannot get a reader for '%s'", db->path.c_str ());
    }
  return NULL;
}

/* ---- Readable database ---------------------------------------------------------- */

PueblaXapianDatabase *
puebla_xapian_database_open (const gchar *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  try
    {
      auto db = std::make_unique<PueblaXapianDatabase> ();
      db->db = Xapian::Database (path, Xapian::DB_OPEN);
      db->path = path;
      return db.release ();
    }
  catch (...)
    {
      set_error_from_current_exception (error, "cannot open database '%s'", path);
    }
  return NULL;
}

gboolean
puebla_xapian_database_reopen (PueblaXapianDatabase *db, GError **error)
{
  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  try
    {
      try
        {
          db->db.reopen ();
        }
      catch (const Xapian::NetworkError &)
        {
          if (db->path.empty ())
            throw;
          db->db = Xapian::Database (db->path, Xapian::DB_OPEN);
        }
      return TRUE;
    }
  catch (...)
    {
      set_error_from_current_exception (error, "cannot reopen database");
    }
  return FALSE;
}

void
puebla_xapian_database_close (PueblaXapianDatabase *db)
{
  if (db == NULL)
    return;

  /* The view of a writable database is freed with it. */
  if (db->borrowed)
    return;

  try
    {
      /* Only our reference goes: results and documents that still hold
       * one keep the backend open until they are freed. */
      delete db;
    }
  catch (...)
    {
      warn_from_current_exception ("cannot close database");
    }
}

void
puebla_xapian_database_set_facet_slot (PueblaXapianDatabase *db, guint slot)
{
  g_return_if_fail (db != NULL);
  db->facet_slot = slot;
}

void
puebla_xapian_database_set_facet_ids (PueblaXapianDatabase *db, guint slot, const gchar *key)
{
  g_return_if_fail (db != NULL && key != NULL);
  db->facet_ids_slot = slot;
  db->facet_ids_key = key;
  db->facet_terms.clear ();
  db->facet_ids_read = false;
}

guint
puebla_xapian_database_get_doc_count (PueblaXapianDatabase *db)
{
  g_return_val_if_fail (db != NULL, 0);

  try
    {
      return with_reopen_retry (db->db, [&] { return db->db.get_doccount (); });
    }
  catch (...)
    {
      warn_from_current_exception ("cannot count documents");
    }
  return 0;
}

gchar *
puebla_xapian_database_get_metadata (PueblaXapianDatabase *db, const gchar *key, GError **error)
{
  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  try
    {
      std::string value = with_reopen_retry (db->db, [&] { return db->db.get_metadata (key); });
      return dup_bytes (value, NULL);
    }
  catch (...)
    {
      set_error_from_current_exception (error, "cannot get metadata '%s'", key);
    }
  return NULL;
}

PueblaXapianDocument *
puebla_xapian_database_find_document (PueblaXapianDatabase *db, const gchar *term, GError **error)
{
  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (term != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  try
    {
      std::unique_ptr<PueblaXapianDocument> doc;
      with_reopen_retry (db->db, [&] {
        doc.reset ();
        Xapian::PostingIterator it = db->db.postlist_begin (term);
        if (it != db->db.postlist_end (term))
          {
            doc = std::make_unique<PueblaXapianDocument> ();
            doc->doc = db->db.get_document (*it);
          }
      });
      return doc.release ();
    }
  catch (...)
    {
      set_error_from_current_exception (error, "cannot look up document '%s'", term);
    }
  return NULL;
}

PueblaXapianDocument *
puebla_xapian_database_get_document (PueblaXapianDatabase *db, guint docid, GError **error)
{
  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  try
    {
      auto doc = std::make_unique<PueblaXapianDocument> ();
      with_reopen_retry (db->db, [&] { doc->doc = db->db.get_document (docid); });
      return doc.release ();
    }
  catch (const Xapian::DocNotFoundError &e)
    {
      g_set_error (error, PUEBLA_XAPIAN_ERROR, PUEBLA_XAPIAN_ERROR_NOT_FOUND, "no document %u", docid);
    }
  catch (...)
    {
      set_error_from_current_exception (error, "cannot read document %u", docid);
    }
  return NULL;
}

guint
puebla_xapian_database_get_term_freq (PueblaXapianDatabase *db, const gchar *term)
{
  g_return_val_if_fail (db != NULL, 0);
  g_return_val_if_fail (term != NULL, 0);

  try
    {
      return with_reopen_retry (db->db, [&] { return db->db.get_termfreq (term); });
    }
  catch (...)
    {
      warn_from_current_exception ("cannot get frequency of term '%s'", term);
    }
  return 0;
}

gboolean
puebla_xapian_database_foreach_value (PueblaXapianDatabase *db, guint slot,
                                      PueblaXapianValueFunc func, gpointer user_data,
                                      GError **error)
{
  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  std::vector<std::pair<Xapian::docid, std::string>> values;

  try
    {
      with_reopen_retry (db->db, [&] {
        values.clear ();
        for (Xapian::ValueIterator it = db->db.valuestream_begin (slot);
             it != db->db.valuestream_end (slot); ++it)
          values.emplace_back (it.get_docid (), *it);
      });
    }
  catch (...)
    {
      set_error_from_current_exception (error, "cannot read value slot %u", slot);
      return FALSE;
    }

  /* Outside any try: FUNC is C and sees no C++ frame of ours that could
   * be unwound. Nothing below throws. */
  for (const auto &entry : values)
    if (!func (entry.first, entry.second.c_str (), entry.second.size (), user_data))
      break;
  return TRUE;
}

gboolean
puebla_xapian_database_foreach_term (PueblaXapianDatabase *db, const gchar *prefix,
                                     PueblaXapianTermFunc func, gpointer user_data,
                                     GError **error)
{
  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  std::vector<std::pair<std::string, Xapian::doccount>> terms;

  try
    {
      const std::string pfx = str_or_empty (prefix);
      with_reopen_retry (db->db, [&] {
        terms.clear ();
        for (Xapian::TermIterator it = db->db.allterms_begin (pfx);
             it != db->db.allterms_end (pfx); ++it)
          terms.emplace_back (*it, it.get_termfreq ());
      });
    }
  catch (...)
    {
      set_error_from_current_exception (error, "cannot list terms with prefix '%s'",
                                        prefix != NULL ? prefix : "");
      return FALSE;
    }

  /* As in foreach_value: the callback runs outside any try. */
  for (const auto &entry : terms)
    if (!func (entry.first.c_str (), entry.second, user_data))
      break;
  return TRUE;
}

/* ---- Queries --------------------------------------------------------------------- */

static gboolean
is_blank (const gchar *s)
{
  if (s == NULL)
    return TRUE;
  if (g_utf8_validate (s, -1, NULL))
    {
      for (const gchar *p = s; *p != '\0'; p = g_utf8_next_char (p))
        if (!g_unichar_isspace (g_utf8_get_char (p)))
          return FALSE;
      return TRUE;
    }
  for (const gchar *p = s; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

static PueblaXapianQuery *
query_new (const Xapian::Query &q)
{
  auto query = std::make_unique<PueblaXapianQuery> ();
  query->query = q;
  return query.release ();
}

/* The field a wildcard is handed to: WILDCARD_FIELD + the index of its
 * prefix in rewrite_wildcards()'s PREFIXES. No query field looks so. */
#define WILDCARD_FIELD "pueblawildcard"

static bool
is_word_char (gunichar c)
{
  /* as Xapian's QueryParser: letters, digits, marks, connectors */
  return g_unichar_isalnum (c) || g_unichar_ismark (c) || g_unichar_type (c) == G_UNICODE_CONNECT_PUNCTUATION;
}

/* QUERY with each wildcard the QueryParser would see -- a word that ends
 * in '*', at the start of a term (after a space, '(', '+' or '-'), alone
 * or after a free-text field (title:migra*), outside quotes -- given to a
 * field of its own: "migra*" → "pueblawildcard0:migra", "title:migra*" →
 * "pueblawildcard1:migra", with PREFIXES[0] "" and PREFIXES[1] "S". A
 * wildcard this does not see (inside a field's parentheses, title:(a b*);
 * after a boolean field, where '*' is no wildcard anyway; in a word the
 * QueryParser splits, ee.uu*) is left to Xapian's OP_WILDCARD: it still
 * matches the same documents. QUERY is valid UTF-8 (puebla folds it). */
static std::string
rewrite_wildcards (const std::string &query, const PueblaXapianField *fields, std::vector<std::string> &prefixes)
{
  if (query.find ('*') == std::string::npos || query.find (":(") != std::string::npos
      || !g_utf8_validate (query.c_str (), (gssize) query.size (), NULL))
    return query;
  std::string out;
  const char *p = query.c_str ();
  const char *end = p + query.size ();
  bool in_quotes = false, term_start = true;
  while (p < end)
    {
      const char c = *p;
      if (c == '"')
        in_quotes = !in_quotes;
      if (in_quotes || c == '"')
        {
          out += c;
          p++;
          term_start = false;
          continue;
        }
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' || c == ')')
        {
          out += c;
          p++;
          term_start = true;
          continue;
        }
      if (term_start && (c == '+' || c == '-'))
        {
          out += c;
          p++;
          continue;
        }
      if (term_start)
        {
          /* [field:]word* */
          const char *word = p;
          std::string field;
          const char *q = p;
          while (q < end && (g_ascii_isalnum (*q) || *q == '_'))
            q++;
          if (q < end && *q == ':' && q > p)
            {
              field.assign (p, q);
              word = q + 1;
            }
          const char *w = word;
          while (w < end && is_word_char (g_utf8_get_char (w)))
            w = g_utf8_next_char (w);
          bool wildcard = w > word && w < end && *w == '*'
                          && (w + 1 == end || !is_word_char (g_utf8_get_char (w + 1)));
          const char *prefix = field.empty () ? "" : NULL;
          for (const PueblaXapianField *f = fields; wildcard && prefix == NULL && f && f->field; f++)
            if (!f->boolean && field == f->field)
              prefix = f->prefix ? f->prefix : "";
          if (wildcard && prefix != NULL)
            {
              size_t k = std::find (prefixes.begin (), prefixes.end (), prefix) - prefixes.begin ();
              if (k == prefixes.size ())
                prefixes.emplace_back (prefix);
              out += WILDCARD_FIELD + std::to_string (k) + ":";
              out.append (word, w);
              p = w + 1;
              term_start = false;
              continue;
            }
        }
      out += c;
      p++;
      term_start = false;
    }
  return out;
}

/* About Xapian's leniency: QueryParser::parse_query() (1.4) parses with the
 * flags given, and when the grammar fails with a plain "parse error" it
 * silently parses again with every syntax flag off (operators and quotes
 * become ordinary words), so that input like `"unbalanced` or `-foo` on
 * its own still gives a query. That retry is internal and the public API
 * does not tell whether it happened (get_corrected_query_string() is only
 * for spelling correction, and comparing with a flagless parse cannot tell
 * "no syntax used" from "syntax ignored"), so we do not try to detect it:
 * the C caller validates quotes and parentheses itself. Errors that are not
 * a plain parse error are still thrown, e.g. "apple AND" gives
 * QueryParserError "Syntax: <expression> AND <expression>", reported as
 * BAD_QUERY. */
PueblaXapianQuery *
puebla_xapian_query_parse (PueblaXapianDatabase *db, const gchar *query_string,
                           const PueblaXapianParseOptions *options, GError **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (is_blank (query_string))
    return puebla_xapian_query_new_match_all ();

  try
    {
      Xapian::QueryParser qp;
      std::string refusal;          /* a field value the C side refused */
      std::string failure;          /* an error of the database while listing a wildcard's words */
      std::string rewritten = query_string;
      if (db != NULL)
        {
          qp.set_database (db->db); /* wildcards left to Xapian expand against it */
          std::vector<std::string> prefixes;
          rewritten = rewrite_wildcards (query_string, options ? options->fields : NULL, prefixes);
          for (size_t k = 0; k < prefixes.size (); k++)
            qp.add_prefix (WILDCARD_FIELD + std::to_string (k),
                           (new WildcardProcessor (db->db, prefixes[k], &failure))->release ());
        }

      bool default_and = false;
      if (options != NULL)
        {
          default_and = options->default_and;
          if (options->stopwords != NULL)
            {
              Xapian::SimpleStopper *stopper = new Xapian::SimpleStopper ();
              for (const gchar *const *w = options->stopwords; *w != NULL; w++)
                stopper->add (*w);
              qp.set_stopper (stopper->release ());
            }
          if (options->stemmer != NULL)
            {
              qp.set_stemmer (options->stemmer->stem);
              qp.set_stemming_strategy (Xapian::QueryParser::STEM_SOME);
            }
          else
            {
              qp.set_stemming_strategy (Xapian::QueryParser::STEM_NONE);
            }
          for (const PueblaXapianField *f = options->fields; f != NULL && f->field != NULL; f++)
            {
              if (f->boolean && f->func != NULL)
                qp.add_boolean_prefix (f->field,
                                       (new CFieldProcessor (f->field, f->func, f->user_data, &refusal))->release ());
              else if (f->boolean)
                qp.add_boolean_prefix (f->field, str_or_empty (f->prefix));
              else
                qp.add_prefix (f->field, str_or_empty (f->prefix));
            }
        }
      else
        {
          qp.set_stemming_strategy (Xapian::QueryParser::STEM_NONE);
        }
      qp.set_default_op (default_and ? Xapian::Query::OP_AND : Xapian::Query::OP_OR);

      const unsigned flags = Xapian::QueryParser::FLAG_DEFAULT      /* PHRASE|BOOLEAN|LOVEHATE */
                             | Xapian::QueryParser::FLAG_WILDCARD
                             | Xapian::QueryParser::FLAG_PURE_NOT;
      Xapian::Query parsed = qp.parse_query (rewritten, flags);
      if (!refusal.empty ())
        {
          g_set_error_literal (error, PUEBLA_XAPIAN_ERROR, PUEBLA_XAPIAN_ERROR_BAD_QUERY, refusal.c_str ());
          return NULL;
        }
      if (!failure.empty ())
        {
          g_set_error (error, PUEBLA_XAPIAN_ERROR, PUEBLA_XAPIAN_ERROR_FAILED, "cannot list the words of a wildcard: %s",
                       failure.c_str ());
          return NULL;
        }
      return query_new (parsed);
    }
  catch (...)
    {
      /* a query can be long: quote its start only */
      g_autofree gchar *start = g_utf8_substring (query_string, 0, MIN (g_utf8_strlen (query_string, -1), 120));
      set_error_from_current_exception (error, "cannot parse query '%s%s'", start,
                                        strlen (start) < strlen (query_string) ? "…" : "");
    }
  return NULL;
}

PueblaXapianQuery *
puebla_xapian_query_new_term (const gchar *term)
{
  g_return_val_if_fail (term != NULL, NULL);

  try
    {
      return query_new (Xapian::Query (term));
    }
  catch (...)
    {
      warn_from_current_exception ("cannot make a query for term '%s'", term);
    }
  return NULL;
}

PueblaXapianQuery *
puebla_xapian_query_new_match_all (void)
{
  try
    {
      return query_new (Xapian::Query::MatchAll);
    }
  catch (...)
    {
      warn_from_current_exception ("cannot make a match-all query");
    }
  return NULL;
}

PueblaXapianQuery *
puebla_xapian_query_filter (PueblaXapianQuery *query, PueblaXapianQuery *filter)
{
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  try
    {
      return query_new (Xapian::Query (Xapian::Query::OP_FILTER, query->query, filter->query));
    }
  catch (...)
    {
      warn_from_current_exception ("cannot combine queries");
    }
  return NULL;
}

PueblaXapianQuery *
puebla_xapian_query_or (PueblaXapianQuery *a, PueblaXapianQuery *b)
{
  g_return_val_if_fail (a != NULL, NULL);
  g_return_val_if_fail (b != NULL, NULL);

  try
    {
      return query_new (Xapian::Query (Xapian::Query::OP_OR, a->query, b->query));
    }
  catch (...)
    {
      warn_from_current_exception ("cannot combine queries");
    }
  return NULL;
}

PueblaXapianQuery *
puebla_xapian_query_any_term_of (PueblaXapianQuery *query)
{
  g_return_val_if_fail (query != NULL, NULL);

  try
    {
      return query_new (Xapian::Query (Xapian::Query::OP_OR, query->query.get_unique_terms_begin (),
                                       query->query.get_unique_terms_end ()));
    }
  catch (...)
    {
      warn_from_current_exception ("cannot build a query");
    }
  return NULL;
}

PueblaXapianQuery *
puebla_xapian_query_and_not (PueblaXapianQuery *query, PueblaXapianQuery *exclude)
{
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (exclude != NULL, NULL);

  try
    {
      return query_new (Xapian::Query (Xapian::Query::OP_AND_NOT, query->query, exclude->query));
    }
  catch (...)
    {
      warn_from_current_exception ("cannot combine queries");
    }
  return NULL;
}

GPtrArray *
puebla_xapian_query_get_terms (PueblaXapianQuery *query)
{
  g_return_val_if_fail (query != NULL, NULL);

  try
    {
      return terms_to_array (query->query.get_unique_terms_begin (),
                             query->query.get_unique_terms_end ());
    }
  catch (...)
    {
      warn_from_current_exception ("cannot list query terms");
    }
  return g_ptr_array_new_with_free_func (g_free);
}

gchar *
puebla_xapian_query_describe (PueblaXapianQuery *query)
{
  g_return_val_if_fail (query != NULL, NULL);

  try
    {
      return dup_bytes (query->query.get_description (), NULL);
    }
  catch (...)
    {
      warn_from_current_exception ("cannot describe query");
    }
  return g_strdup ("");
}

void
puebla_xapian_query_free (PueblaXapianQuery *query)
{
  try
    {
      delete query;
    }
  catch (...)
    {
      warn_from_current_exception ("cannot free query");
    }
}

/* ---- Results ----------------------------------------------------------------------- */

/* A programming error like g_return_val_if_fail(), but callable inside a
 * try (MSet::size() is not declared noexcept). */
static bool
row_in_range (PueblaXapianResults *results, guint i)
{
  if (i < results->rows.size ())
    return true;
  g_critical ("result row %u out of range (%u rows)", i, (guint) results->rows.size ());
  return false;
}

/* Rows 0 .. size-1 of MSET, as Xapian orders them. */
static void
all_rows (PueblaXapianResults *results)
{
  results->rows.resize (results->mset.size ());
  std::iota (results->rows.begin (), results->rows.end (), 0);
}

/* One Enquire over DB, every row of its MSet kept: puebla_xapian_database_search()
   and, with COLLAPSE_SLOT not BAD_VALUENO, ..._search_collapsed(). */
static PueblaXapianResults *
plain_search (PueblaXapianDatabase *db, PueblaXapianQuery *query, guint offset, guint limit, guint check_at_least,
              gdouble time_limit, Xapian::valueno collapse_slot, GError **error)
{
  try
    {
      auto results = std::make_unique<PueblaXapianResults> ();
      results->mset = with_reopen_retry (db->db, [&] {
        Xapian::Enquire enquire (db->db); /* BM25 by default */
        enquire.set_query (query->query);
        if (collapse_slot != Xapian::BAD_VALUENO)
          enquire.set_collapse_key (collapse_slot);
        if (time_limit > 0)
          enquire.set_time_limit (time_limit);
        return enquire.get_mset (offset, limit, check_at_least);
      });
      results->db = db->db;
      all_rows (results.get ());
      return results.release ();
    }
  catch (...)
    {
      set_error_from_current_exception (error, "cannot search");
    }
  return NULL;
}

PueblaXapianResults *
puebla_xapian_database_search (PueblaXapianDatabase *db, PueblaXapianQuery *query,
                               guint offset, guint limit, guint check_at_least, gdouble time_limit,
                               GError **error)
{
  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return plain_search (db, query, offset, limit, check_at_least, time_limit, Xapian::BAD_VALUENO, error);
}

PueblaXapianResults *
puebla_xapian_database_search_collapsed (PueblaXapianDatabase *db, PueblaXapianQuery *query, guint collapse_slot,
                                         guint limit, GError **error)
{
  g_return_val_if_fail (db != NULL && query != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return plain_search (db, query, 0, limit, 0, 0, (Xapian::valueno) collapse_slot, error);
}

guint
puebla_xapian_results_get_size (PueblaXapianResults *results)
{
  g_return_val_if_fail (results != NULL, 0);

  try
    {
      return results->rows.size ();
    }
  catch (...)
    {
      warn_from_current_exception ("cannot count results");
    }
  return 0;
}

guint
puebla_xapian_results_get_estimated (PueblaXapianResults *results)
{
  g_return_val_if_fail (results != NULL, 0);

  try
    {
      return results->mset.get_matches_estimated ();
    }
  catch (...)
    {
      warn_from_current_exception ("cannot estimate matches");
    }
  return 0;
}

guint
puebla_xapian_results_get_lower_bound (PueblaXapianResults *results)
{
  g_return_val_if_fail (results != NULL, 0);

  try
    {
      return results->mset.get_matches_lower_bound ();
    }
  catch (...)
    {
      warn_from_current_exception ("cannot get the lower bound");
    }
  return 0;
}

guint
puebla_xapian_results_get_upper_bound (PueblaXapianResults *results)
{
  g_return_val_if_fail (results != NULL, 0);

  try
    {
      return results->mset.get_matches_upper_bound ();
    }
  catch (...)
    {
      warn_from_current_exception ("cannot get the upper bound");
    }
  return 0;
}

guint
puebla_xapian_results_get_docid (PueblaXapianResults *results, guint i)
{
  g_return_val_if_fail (results != NULL, 0);

  try
    {
      if (!row_in_range (results, i))
        return 0;
      return *results->mset[results->rows[i]];
    }
  catch (...)
    {
      warn_from_current_exception ("cannot get docid of result %u", i);
    }
  return 0;
}

gdouble
puebla_xapian_results_get_weight (PueblaXapianResults *results, guint i)
{
  g_return_val_if_fail (results != NULL, 0.0);

  try
    {
      if (!row_in_range (results, i))
        return 0.0;
      return results->mset[results->rows[i]].get_weight ();
    }
  catch (...)
    {
      warn_from_current_exception ("cannot get weight of result %u", i);
    }
  return 0.0;
}

gint
puebla_xapian_results_get_percent (PueblaXapianResults *results, guint i)
{
  g_return_val_if_fail (results != NULL, 0);

  try
    {
      if (!row_in_range (results, i))
        return 0;
      return results->mset[results->rows[i]].get_percent ();
    }
  catch (...)
    {
      warn_from_current_exception ("cannot get percentage of result %u", i);
    }
  return 0;
}

PueblaXapianDocument *
puebla_xapian_results_get_document (PueblaXapianResults *results, guint i, GError **error)
{
  g_return_val_if_fail (results != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  try
    {
      if (i >= results->rows.size ())
        {
          g_set_error (error, PUEBLA_XAPIAN_ERROR, PUEBLA_XAPIAN_ERROR_FAILED,
                       "no result %u (there are %u)", i, (guint) results->rows.size ());
          return NULL;
        }
      auto doc = std::make_unique<PueblaXapianDocument> ();
      doc->doc = results->mset[results->rows[i]].get_document ();
      return doc.release ();
    }
  catch (...)
    {
      set_error_from_current_exception (error, "cannot get document of result %u", i);
    }
  return NULL;
}

PueblaXapianResults *
puebla_xapian_database_search_with_facets (PueblaXapianDatabase *db, PueblaXapianQuery *query, guint offset,
                                           guint limit, guint check_at_least, gdouble time_limit,
                                           const gchar *const *facet_prefixes,
                                           GError **error)
{
  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  try
    {
      std::vector<std::string> prefixes;
      for (guint i = 0; facet_prefixes && facet_prefixes[i]; i++)
        prefixes.emplace_back (facet_prefixes[i]);
      auto results = std::make_unique<PueblaXapianResults> ();
      std::unique_ptr<TermPrefixSpy> spy;
      results->mset = with_reopen_retry (db->db, [&] {
        spy = std::make_unique<TermPrefixSpy> (prefixes, db); /* afresh if run twice */
        Xapian::Enquire enquire (db->db);
        enquire.set_query (query->query);
        enquire.add_matchspy (spy.get ());
        if (time_limit > 0)
          enquire.set_time_limit (time_limit);
        return enquire.get_mset (offset, limit, check_at_least);
      });
      results->db = db->db;
      all_rows (results.get ());
      take_facets (results.get (), prefixes, *spy);
      return results.release ();
    }
  catch (...)
    {
      set_error_from_current_exception (error, "cannot search");
    }
  return NULL;
}

/* ---- Searches whose order does not depend on document ids (helpers above) --------- */

PueblaXapianResults *
puebla_xapian_database_search_full (PueblaXapianDatabase *db, PueblaXapianQuery *query,
                                    const PueblaXapianSearchOptions *o, GError **error)
{
  g_return_val_if_fail (db != NULL && query != NULL && o != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  try
    {
      const bool facets = o->facet_prefixes != NULL;
      std::vector<std::string> prefixes;
      for (guint i = 0; facets && o->facet_prefixes[i]; i++)
        prefixes.emplace_back (o->facet_prefixes[i]);
      auto results = std::make_unique<PueblaXapianResults> ();
      std::unique_ptr<TermPrefixSpy> spy;
      /* xapian-tcpsrv runs only the MatchSpies it knows (ValueCountMatchSpy):
         with a remote shard, the facets are counted below instead */
      bool spy_in_match = facets && !db->spy_unsupported;

      auto run = [&] (Xapian::doccount first, Xapian::doccount maxitems) {
        return with_reopen_retry (db->db, [&] {
          spy = std::make_unique<TermPrefixSpy> (prefixes, db); /* afresh for each run */
          Xapian::Enquire enquire (db->db);                 /* BM25 by default */
          enquire.set_query (query->query);
          if (spy_in_match)
            enquire.add_matchspy (spy.get ());
          if (o->tie_slot >= 0)
            enquire.set_sort_by_relevance_then_value ((Xapian::valueno) o->tie_slot, false);
          if (o->time_limit > 0)
            enquire.set_time_limit (o->time_limit);
          return enquire.get_mset (first, maxitems, o->check_at_least);
        });
      };
      const guint64 end = (guint64) o->offset + o->limit;
      auto search = [&] {
        if (o->tie_slot < 0 && (spy_in_match || !facets))
          {
            results->mset = run (o->offset, o->limit);
            results->rows.resize (results->mset.size ());
            std::iota (results->rows.begin (), results->rows.end (), o->offset);
            return;
          }
        guint min_items = spy_in_match || !facets ? 0 : (guint) std::min<guint64> (std::max<guint64> (o->check_at_least, end), G_MAXUINT32 / 4);
        results->mset = fetch_rows ([&] (Xapian::doccount n) { return run (0, n); }, o->offset, o->limit,
                                    min_items, o->tie_slot >= 0, results->rows);
      };
      try
        {
          search ();
        }
      catch (const Xapian::UnimplementedError &)
        {
          if (!spy_in_match)
            throw;
          db->spy_unsupported = true;
          spy_in_match = false;
          search ();
        }
      results->db = db->db;

      if (facets && !spy_in_match)
        {
          /* what the spy would have counted in the match: the terms of the
             matches up to CHECK_AT_LEAST (all of them below it), within
             the time limit */
          spy = std::make_unique<TermPrefixSpy> (prefixes, db);
          const Xapian::doccount n
            = std::min<Xapian::doccount> (results->mset.size (), (Xapian::doccount) std::max<guint64> (o->check_at_least, end));
          const gint64 deadline
            = o->time_limit > 0 ? g_get_monotonic_time () + (gint64) (o->time_limit * G_USEC_PER_SEC) : G_MAXINT64;
          if (!prefixes.empty ())
            results->mset.fetch ();
          for (Xapian::doccount k = 0; k < n && g_get_monotonic_time () < deadline; k++)
            {
              if (prefixes.empty ())
                spy->examined++;
              else
                (*spy) (results->mset[k].get_document (), results->mset[k].get_weight ());
            }
        }
      if (facets)
        take_facets (results.get (), prefixes, *spy);
      return results.release ();
    }
  catch (...)
    {
      set_error_from_current_exception (error, "cannot search");
    }
  return NULL;
}

GHashTable *
puebla_xapian_results_get_facet (PueblaXapianResults *results, const gchar *prefix)
{
  g_return_val_if_fail (results != NULL && prefix != NULL, NULL);
  try
    {
      auto it = results->facets.find (prefix);
      if (it != results->facets.end ())
        return it->second;
      GHashTable *empty = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      results->facets[prefix] = empty;
      return empty;
    }
  catch (...)
    {
      warn_from_current_exception ("cannot read facet '%s'", prefix);
    }
  return NULL;
}

guint
puebla_xapian_results_get_examined (PueblaXapianResults *results)
{
  g_return_val_if_fail (results != NULL, 0);
  return results->examined;
}

void
puebla_xapian_results_free (PueblaXapianResults *results)
{
  try
    {
      delete results;
    }
  catch (...)
    {
      warn_from_current_exception ("cannot free results");
    }
}

/* ---- Values ---------------------------------------------------------------------- */

gchar *
puebla_xapian_sortable_serialise (gdouble value, gsize *len)
{
  try
    {
      return dup_bytes (Xapian::sortable_serialise (value), len);
    }
  catch (...)
    {
      warn_from_current_exception ("cannot serialise %g", value);
    }
  return dup_bytes (std::string (), len);
}

gdouble
puebla_xapian_sortable_unserialise (const gchar *value, gsize len)
{
  g_return_val_if_fail (value != NULL || len == 0, 0.0);

  try
    {
      return Xapian::sortable_unserialise (len > 0 ? std::string (value, len) : std::string ());
    }
  catch (...)
    {
      warn_from_current_exception ("cannot unserialise a value");
    }
  return 0.0;
}

} /* extern "C" */
