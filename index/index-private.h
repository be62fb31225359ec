/* index-private.h: helpers shared by the C files of index/. */
#pragma once

#include "indexer.h"
#include "xapian-shim.h"

G_BEGIN_DECLS

/* Moves a PUEBLA_XAPIAN_ERROR from SRC into DEST as the matching
 * PUEBLA_INDEX_ERROR, prefixed with CONTEXT (e.g. the index path). */
void _puebla_index_propagate (GError **dest, GError *src, const gchar *context);

/* Checks the schema version stored in DB: "" (a new index) is accepted
 * when IS_NEW is given and the caller stamps it. LAYOUT (may be NULL) is
 * set to the version: PUEBLA_SCHEMA_VERSION, or
 * PUEBLA_SCHEMA_VERSION_PASSAGES_INLINE for an index whose passages are in
 * its records' database (schema.h). */
gboolean _puebla_index_check_schema (PueblaXapianDatabase *db, const gchar *path, gboolean *is_new /* OUT */,
                                     gint *layout /* OUT */, GError **error);

/* The record stored in the record document DOC (its JSON data), with its
 * mtime from value 1, which puebla_indexer_touch() keeps current without
 * rewriting the data (indexer.c). NULL with ERROR when the data is not a
 * record. */
PueblaRecord *_puebla_record_of_document (PueblaXapianDocument *doc, GError **error);

/* The searcher's folder/stemmer for Spanish or English (searcher.c). */
typedef struct _PueblaSearcher PueblaSearcher;
typedef struct _PueblaTerms PueblaTerms;
PueblaTerms *_puebla_searcher_get_terms (PueblaSearcher *searcher, gboolean english);

/* How many documents hold TERM, and how many there are (searcher.c). */
guint _puebla_searcher_term_freq (PueblaSearcher *searcher, const gchar *term);
guint _puebla_searcher_doc_count (PueblaSearcher *searcher);

/* ---- Shards (shards.c) ------------------------------------------------------ */

/* The shards of a sharded index: one plain PueblaIndexer each. */
typedef struct _PueblaShardSet PueblaShardSet;

/* Opens the one database in directory PATH (indexer.c: the plain
 * puebla_indexer_open). */
PueblaIndexer *_puebla_indexer_open_one (const gchar *path, GError **error);

/* An indexer for PATH whose work its SHARDS do (indexer.c); takes SHARDS. */
PueblaIndexer *_puebla_indexer_new_sharded (const gchar *path, PueblaShardSet *shards);

/* TRUE when the passages of INDEXER, one database, are in a database of
 * their own (indexer.c). */
gboolean _puebla_indexer_passages_apart (PueblaIndexer *indexer);

/* Makes the N SHARDS of an index number their facet terms from one table
   (indexer.c, schema.h); FALSE with ERROR when their tables disagree. */
gboolean _puebla_indexer_share_facet_ids (PueblaIndexer **shards, guint n, GError **error);

/* The shards of INDEXER, or NULL when it is one database (indexer.c). */
PueblaShardSet *_puebla_indexer_get_shards (PueblaIndexer *indexer);

/* The shard of record ID: borrowed from SHARDS. */
PueblaIndexer *_puebla_shard_set_for_id (PueblaShardSet *shards, const gchar *id);

/* puebla_indexer_list_under() and _commit() over every shard. */
GPtrArray *_puebla_shard_set_list_under (PueblaShardSet *shards, const gchar *dir, GError **error);
gboolean _puebla_shard_set_commit (PueblaShardSet *shards, GError **error);
/* puebla_indexer_list_signatures() over every shard, into OUT. */
gboolean _puebla_shard_set_list_signatures (PueblaShardSet *shards, GHashTable *out, GError **error);

/* Closes every shard. Accepts NULL. */
void _puebla_shard_set_free (PueblaShardSet *shards);

G_END_DECLS
