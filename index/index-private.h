/* index-private.h: helpers shared by the C files of index/. */
#pragma once

#include "indexer.h"
#include "xapian-shim.h"

G_BEGIN_DECLS

/* Moves a PUEBLA_XAPIAN_ERROR from SRC into DEST as the matching
 * PUEBLA_INDEX_ERROR, prefixed with CONTEXT (e.g. the index path). */
void _puebla_index_propagate (GError **dest, GError *src, const gchar *context);

/* Checks the schema version stored in DB: "" (a new index) is accepted
 * when WRITABLE is TRUE and the caller stamps it. */
gboolean _puebla_index_check_schema (PueblaXapianDatabase *db, const gchar *path, gboolean *is_new /* OUT */,
                                     GError **error);

/* The searcher's folder/stemmer for Spanish or English (searcher.c). */
typedef struct _PueblaSearcher PueblaSearcher;
typedef struct _PueblaTerms PueblaTerms;
PueblaTerms *_puebla_searcher_get_terms (PueblaSearcher *searcher, gboolean english);

/* How many documents hold TERM, and how many there are (searcher.c). */
guint _puebla_searcher_term_freq (PueblaSearcher *searcher, const gchar *term);
guint _puebla_searcher_doc_count (PueblaSearcher *searcher);

G_END_DECLS
