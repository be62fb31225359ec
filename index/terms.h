/* terms.h: what a word becomes in the index, and in a query.
 *
 * Folding: NFKD, combining marks dropped except the tilde of ñ (año is
 * not ano), lowercased, recomposed (NFC). So MIGRACIÓN, Migración and
 * migracion all fold to "migracion". docs/text-folding.md says why ñ
 * stays.
 *
 * Stemming: Xapian's Spanish Snowball stemmer on the folded word, with two
 * repairs that make it agree with itself whatever the accents: a folded
 * "-cion"/"-sion" gets its accent back before stemming (the stemmer only
 * strips "-ción"), and a vowel left at the end of a stem is dropped
 * ("abadi" → "abad"). Measured on the 86,016 words of Debian's wspanish:
 * accented and unaccented spellings stem alike in 100% of cases (95.4%
 * with the plain stemmer), singular and plural in 82.5% (82.4%).
 *
 * Owns: one Snowball stemmer per PueblaTerms, and a bounded cache of the
 * stems it made (64 Ki words). Not thread-safe; make one per
 * thread.
 */
#pragma once

#include "xapian-shim.h"

G_BEGIN_DECLS

typedef struct _PueblaTerms PueblaTerms;

/* A new folder/stemmer for LANGUAGE ("es"; "en" and others come with the
 * language detection of records). NULL with an error if Xapian lacks the
 * stemmer. */
PueblaTerms *puebla_terms_new (const gchar *language, GError **error);
void puebla_terms_free (PueblaTerms *terms);

/* The custom stemmer to hand to TermGenerator and QueryParser. Borrowed:
 * lives as long as TERMS. */
PueblaXapianStemmer *puebla_terms_get_stemmer (PueblaTerms *terms);

/* TEXT folded as described above. Newly allocated. */
gchar *puebla_terms_fold (const gchar *text);

/* The same, computed literally from the definition (two normalisations of
 * the whole text): slow. puebla_terms_fold() gives the same bytes; the
 * tests hold it to that. LEN in bytes, or -1. */
gchar *puebla_terms_fold_by_definition (const gchar *text, gssize len);

/* A query string folded for the QueryParser: like puebla_terms_fold(), but
 * the operators AND, OR, NOT, XOR, NEAR and ADJ written in capitals stay
 * operators, and a field name before ':' keeps its spelling. */
gchar *puebla_terms_fold_query (const gchar *query);

/* The function words of Spanish and English ("de", "la", "the"…), folded:
 * too common to point a reader anywhere on their own. NULL-terminated,
 * static. Snippets highlight them only inside a run of matches; a trace
 * neither weighs them nor looks for them (trace.c). */
const gchar *const *puebla_terms_stopwords (void);

/* Whether WORD (folded) is one of puebla_terms_stopwords(). */
gboolean puebla_terms_is_stopword (const gchar *word);

/* The index key of WORD (any case and accents): the stem described above. */
gchar *puebla_terms_stem (PueblaTerms *terms, const gchar *word);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PueblaTerms, puebla_terms_free)

G_END_DECLS
