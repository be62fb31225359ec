/* indexer.h: writes records into a puebla index.
 *
 * What it owns: the one writable Xapian database of an index directory
 * (and so its write lock: one indexer per index at a time), and the term
 * folder/stemmer. It turns each PueblaRecord into a Xapian document laid out
 * as schema.h says: folding and stemming happen here and nowhere else.
 *
 * What it does not do: read files or decide what to ingest (query/
 * cmd-ingest.c walks and extracts), nor search (searcher.h).
 *
 * Threads: an indexer, one thread at a time; an encoder, one per thread;
 * documents may move between threads.
 */
#pragma once

#include "record.h"

G_BEGIN_DECLS

#define PUEBLA_INDEX_ERROR (puebla_index_error_quark ())
GQuark puebla_index_error_quark (void);

typedef enum
{
  PUEBLA_INDEX_ERROR_FAILED,
  PUEBLA_INDEX_ERROR_NOT_FOUND,   /* no index at that path */
  PUEBLA_INDEX_ERROR_LOCKED,      /* another process is writing to it */
  PUEBLA_INDEX_ERROR_CORRUPT,     /* damaged, or written by an incompatible Xapian */
  PUEBLA_INDEX_ERROR_SCHEMA,      /* written by another version of puebla's layout */
  PUEBLA_INDEX_ERROR_BAD_QUERY,   /* the query cannot be parsed: the message says why */
  PUEBLA_INDEX_ERROR_NO_DOCUMENT, /* no document with that id or path */
  PUEBLA_INDEX_ERROR_SHARDS,      /* not the shards asked for, or shards ingest cannot write (shards.c) */
} PueblaIndexError;

typedef struct _PueblaIndexer PueblaIndexer;

/* What the index holds about one file, for deciding whether it changed. */
typedef struct
{
  gboolean found;
  gint64 size;
  gint64 mtime;
  gchar *signature;      /* puebla_file_signature(), NULL when unknown */
  gchar *content_hash;   /* NULL when the file was never read */
  PueblaVerdict verdict;
  gchar *reason;         /* NULL when ok */
} PueblaIndexedState;

void puebla_indexed_state_clear (PueblaIndexedState *state);

/* Opens (creating if needed) the index in directory PATH for writing:
 * one database, or the shards of a sharded index (as
 * puebla_indexer_open_sharded (PATH, 0)). Errors: LOCKED, CORRUPT, SCHEMA,
 * SHARDS, FAILED. */
PueblaIndexer *puebla_indexer_open (const gchar *path, GError **error);

/* The most shards an index may have. */
#define PUEBLA_INDEX_MAX_SHARDS 256

/* Opens the index in directory PATH for writing with N_SHARDS databases
 * (shards.c). A new index with N_SHARDS > 1 is made as PATH/shard-000 …
 * and PATH/XAPIANDB, a Xapian stub file listing them, which every reader
 * opens as one database; N_SHARDS 0 or 1 makes one database. An existing
 * index keeps its layout: N_SHARDS 0 takes it as it is, another count
 * than it has is SHARDS. A record goes to the shard of its id (the first 8
 * hex digits of the id, modulo the count), its passages with it. Errors:
 * SHARDS (count differs; PATH is a stub file or lists shards that are not
 * puebla's local ones), and those of puebla_indexer_open(). */
PueblaIndexer *puebla_indexer_open_sharded (const gchar *path, guint n_shards, GError **error);

/* How many databases the index has (1 when it is not sharded). */
guint puebla_indexer_get_shard_count (PueblaIndexer *indexer);

/* Commits nothing: call puebla_indexer_commit() first. Accepts NULL. */
void puebla_indexer_close (PueblaIndexer *indexer);

/* Fills STATE with what the index holds for record ID (state->found FALSE
 * when nothing). Clear STATE with puebla_indexed_state_clear(). */
gboolean puebla_indexer_lookup (PueblaIndexer *indexer, const gchar *id,
                                PueblaIndexedState *state /* OUT */, GError **error);

/* Adds RECORD, or replaces the document with its id. A failed record is
 * kept as a stub (its verdict, no text) so that it is not retried until it
 * changes. */
gboolean puebla_indexer_put (PueblaIndexer *indexer, const PueblaRecord *record, GError **error);

/* ---- Documents made apart from the index ------------------------------------
 *
 * Making a record's documents (folding, stemming, its JSON) is most of the
 * cost of indexing it, and needs no index: extraction threads and worker
 * processes make them, each with its own encoder, and the one writer only
 * writes them. A worker process sends them as bytes
 * (puebla_index_documents_encode/decode). */

/* Folding and stemming for one thread (terms.h: not thread-safe). */
typedef struct _PueblaIndexEncoder PueblaIndexEncoder;
PueblaIndexEncoder *puebla_index_encoder_new (GError **error);
void puebla_index_encoder_free (PueblaIndexEncoder *encoder);

/* The Xapian documents of one record: its own, then one per passage. */
typedef struct _PueblaIndexDocuments PueblaIndexDocuments;

/* The documents of RECORD as puebla_indexer_put() would write them.
 * RECORD_JSON: puebla_record_to_json_string_without_passages (RECORD) when
 * the caller has made it already, or NULL. */
PueblaIndexDocuments *puebla_index_encoder_build (PueblaIndexEncoder *encoder, const PueblaRecord *record,
                                                  const gchar *record_json);

/* As bytes, and back. Decoding checks that the bytes are whole and are
 * RECORD's documents (its id); NULL with an error when they are not. */
GBytes *puebla_index_documents_encode (PueblaIndexDocuments *docs);
PueblaIndexDocuments *puebla_index_documents_decode (const PueblaRecord *record, GBytes *encoded, GError **error);

guint puebla_index_documents_get_count (PueblaIndexDocuments *docs);
void puebla_index_documents_free (PueblaIndexDocuments *docs);

/* Writes DOCS, as puebla_indexer_put(). KNOWN_NEW: the caller knows the
 * index does not hold this record (puebla_indexer_lookup() found nothing
 * and nothing wrote it since): its documents are added without looking for
 * old ones to replace. */
gboolean puebla_indexer_put_documents (PueblaIndexer *indexer, PueblaIndexDocuments *docs, gboolean known_new,
                                       GError **error);

/* Every record indexed with the verdict ok, as a table of its path (bytes)
 * to its file signature (record.h): read from two value streams in one
 * pass, so that a run where little changed finds the unchanged files
 * without looking each one up. Free with g_hash_table_unref(). */
GHashTable *puebla_indexer_list_signatures (PueblaIndexer *indexer, GError **error);

/* Record ID's file was touched (or copied, or checked out again) but holds
 * the bytes it was indexed from: its time (MTIME, as in the record) and
 * SIGNATURE (puebla_file_signature()) are brought up to date in the
 * document's values, its stored JSON, text and passages left as they are
 * (readers take the mtime from the value, schema.h). Errors: NO_DOCUMENT when the index does
 * not hold it, or as puebla_indexer_put(). */
gboolean puebla_indexer_touch (PueblaIndexer *indexer, const gchar *id, gint64 mtime, const gchar *signature,
                               GError **error);

/* Removes the record ID (nothing to remove is not an error). */
gboolean puebla_indexer_remove (PueblaIndexer *indexer, const gchar *id, GError **error);

/* The paths of every record whose path is DIR or lies below DIR, newly
 * allocated strings in a GPtrArray that frees them. */
GPtrArray *puebla_indexer_list_under (PueblaIndexer *indexer, const gchar *dir, GError **error);

/* Makes all changes so far durable, and records the time of the ingest. */
gboolean puebla_indexer_commit (PueblaIndexer *indexer, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PueblaIndexEncoder, puebla_index_encoder_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PueblaIndexDocuments, puebla_index_documents_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PueblaIndexer, puebla_indexer_close)

G_END_DECLS
