/* terms.c: folding and stemming (see terms.h). */
#include "terms.h"

#include <string.h>

struct _PueblaTerms
{
  PueblaXapianStemmer *snowball;  /* Xapian's own stemmer for the language */
  PueblaXapianStemmer *custom;    /* ours, calling stem_cb */
  gboolean spanish;               /* apply the Spanish repairs of terms.h */
  GHashTable *cache;              /* word as Xapian gives it → its stem */
};

/* Words met more than once are stemmed once: a record says "migración" a
   hundred times. The cache is emptied when it holds this many words, so
   its memory stays bounded whatever the corpus. */
#define STEM_CACHE_MAX 65536

/* The definition of folding, on any text: NFKD, combining marks dropped
   except the tilde after an n, lowercased, NFC. Slow (two normalisations
   and a copy of the whole text); puebla_terms_fold() calls it only on the
   short stretches that its tables do not cover. */
gchar *
puebla_terms_fold_by_definition (const gchar *text, gssize len)
{
  g_autofree gchar *decomposed = g_utf8_normalize (text, len, G_NORMALIZE_NFKD);
  if (decomposed == NULL) /* not valid UTF-8: callers give us UTF-8, but be safe */
    decomposed = g_utf8_make_valid (text, len);

  GString *out = g_string_sized_new (strlen (decomposed));
  for (const gchar *p = decomposed; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_type (c) == G_UNICODE_NON_SPACING_MARK)
        {
          /* keep the tilde of ñ/Ñ: it is a letter of its own */
          if (c == 0x0303 && out->len > 0 && (out->str[out->len - 1] == 'n' || out->str[out->len - 1] == 'N'))
            g_string_append_unichar (out, c);
          continue;
        }
      g_string_append_unichar (out, g_unichar_tolower (c));
    }
  g_autofree gchar *folded = g_string_free (out, FALSE);
  return g_utf8_normalize (folded, -1, G_NORMALIZE_NFC);
}

/* The folding of each character from U+0080 to U+017F (Latin-1 and Latin
   Extended-A: the accented letters of Spanish, English, French and
   Portuguese), made once by fold_by_definition(). None of them is a
   combining mark, and none decomposes into something that starts with one,
   so each folds alike wherever it stands. */
#define LATIN_FIRST 0x80
#define LATIN_LAST 0x17F

static const gchar *const *
latin_table (void)
{
  static const gchar *table[LATIN_LAST - LATIN_FIRST + 1];
  static gsize done = 0;
  if (g_once_init_enter (&done))
    {
      for (gunichar c = LATIN_FIRST; c <= LATIN_LAST; c++)
        {
          gchar utf8[8];
          gint n = g_unichar_to_utf8 (c, utf8);
          g_autofree gchar *folded = puebla_terms_fold_by_definition (utf8, n);
          table[c - LATIN_FIRST] = g_intern_string (folded);
        }
      g_once_init_leave (&done, 1);
    }
  return table;
}

/* The same as fold_by_definition (TEXT, -1), in one pass: ASCII is
   lowercased in place, Latin letters come from latin_table(), and only a
   run of other characters (with the character before it, which a combining
   mark may join: n + U+0303) goes through the definition. Normalisation
   never reaches across a starter from those two sets, so the pieces fold
   alone as they would together (tests/check_terms.c compares the two on
   every character up to U+FFFF in context). */
gchar *
puebla_terms_fold (const gchar *text)
{
  g_return_val_if_fail (text != NULL, NULL);
  if (!g_utf8_validate (text, -1, NULL))
    return puebla_terms_fold_by_definition (text, -1);

  const gchar *const *latin = latin_table ();
  gsize len = strlen (text);
  GString *out = g_string_sized_new (len);
  const gchar *prev = NULL; /* the last character copied, and where its folding starts in OUT */
  gsize prev_out = 0;
  const gchar *p = text;
  while (*p)
    {
      guchar b = (guchar) *p;
      if (b < 0x80)
        {
          prev = p;
          prev_out = out->len;
          g_string_append_c (out, g_ascii_tolower ((gchar) b));
          p++;
          continue;
        }
      gunichar c = g_utf8_get_char (p);
      if (c <= LATIN_LAST)
        {
          prev = p;
          prev_out = out->len;
          g_string_append (out, latin[c - LATIN_FIRST]);
          p = g_utf8_next_char (p);
          continue;
        }
      /* a run of other characters, with the one before it */
      const gchar *start = prev ? prev : p;
      if (prev)
        g_string_truncate (out, prev_out);
      const gchar *end = p;
      while (*end && (guchar) *end >= 0x80 && g_utf8_get_char (end) > LATIN_LAST)
        end = g_utf8_next_char (end);
      g_autofree gchar *piece = puebla_terms_fold_by_definition (start, end - start);
      g_string_append (out, piece);
      prev = NULL; /* the run ended the piece: what follows is a starter */
      p = end;
    }
  return g_string_free (out, FALSE);
}

static gboolean
is_operator (const gchar *word, gsize len)
{
  static const gchar *const ops[] = { "AND", "OR", "NOT", "XOR", "NEAR", "ADJ" };
  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    if (len == strlen (ops[i]) && strncmp (word, ops[i], len) == 0)
      return TRUE;
  return FALSE;
}

gchar *
puebla_terms_fold_query (const gchar *query)
{
  g_return_val_if_fail (query != NULL, NULL);

  /* Fold word by word, so that operators can be kept as they are. A word
     is a run of characters that are not white space, quotes or brackets;
     "NEAR/3" and "ADJ/2" keep their operator part. */
  GString *out = g_string_new (NULL);
  const gchar *p = query;
  while (*p)
    {
      const gchar *start = p;
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isspace (c) || strchr ("\"()", (int) c) != NULL)
        {
          p = g_utf8_next_char (p);
          g_string_append_len (out, start, p - start);
          continue;
        }
      while (*p)
        {
          c = g_utf8_get_char (p);
          if (g_unichar_isspace (c) || (c < 0x80 && strchr ("\"()", (int) c) != NULL))
            break;
          p = g_utf8_next_char (p);
        }
      gsize len = (gsize) (p - start);
      const gchar *slash = memchr (start, '/', len);
      if (is_operator (start, slash ? (gsize) (slash - start) : len))
        {
          g_string_append_len (out, start, len);
          continue;
        }
      g_autofree gchar *word = g_strndup (start, len);
      g_autofree gchar *folded = puebla_terms_fold (word);
      g_string_append (out, folded);
    }
  return g_string_free (out, FALSE);
}

/* The Snowball Spanish stemmer strips "-ción"/"-sión" but not their
   unaccented spellings: put the accent back first. */
static gchar *
restore_suffix (const gchar *word)
{
  static const struct { const gchar *folded, *accented; } suffixes[] = {
    { "cion", "ción" },
    { "sion", "sión" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (word, suffixes[i].folded))
      {
        gsize keep = strlen (word) - strlen (suffixes[i].folded);
        g_autofree gchar *head = g_strndup (word, keep);
        return g_strconcat (head, suffixes[i].accented, NULL);
      }
  return g_strdup (word);
}

static gchar *
stem_folded (PueblaTerms *terms, const gchar *folded)
{
  if (!terms->spanish)
    {
      g_autofree gchar *stem = puebla_xapian_stemmer_stem (terms->snowball, folded);
      return puebla_terms_fold (stem);
    }

  g_autofree gchar *restored = restore_suffix (folded);
  g_autofree gchar *stem = puebla_xapian_stemmer_stem (terms->snowball, restored);
  gchar *key = puebla_terms_fold (stem);

  /* "abadía" stems to "abad" but "abadia" to "abadi": a vowel left at the
     end of a stem is an ending the stemmer missed */
  gsize len = strlen (key);
  if (g_utf8_strlen (key, -1) > 3 && strchr ("aeiou", key[len - 1]) != NULL)
    key[len - 1] = '\0';
  return key;
}

/* The stem of WORD: stem_folded (fold (WORD)), from the cache when WORD
   was stemmed before. */
static gchar *
stem_cached (PueblaTerms *terms, const gchar *word)
{
  const gchar *cached = g_hash_table_lookup (terms->cache, word);
  if (cached)
    return g_strdup (cached);
  g_autofree gchar *folded = puebla_terms_fold (word);
  gchar *stem = stem_folded (terms, folded);
  if (g_hash_table_size (terms->cache) >= STEM_CACHE_MAX)
    g_hash_table_remove_all (terms->cache);
  g_hash_table_insert (terms->cache, g_strdup (word), g_strdup (stem));
  return stem;
}

/* Called by Xapian (TermGenerator, QueryParser) for every word it stems:
   the word is lowercased already, and folded if the text was. */
static gchar *
stem_cb (const gchar *word, gpointer user_data)
{
  return stem_cached (user_data, word);
}

PueblaTerms *
puebla_terms_new (const gchar *language, GError **error)
{
  g_return_val_if_fail (language != NULL, NULL);

  const gchar *snowball_name = g_str_equal (language, "en") ? "english" : "spanish";
  PueblaXapianStemmer *snowball = puebla_xapian_stemmer_new (snowball_name, error);
  if (snowball == NULL)
    return NULL;

  PueblaTerms *terms = g_new0 (PueblaTerms, 1);
  terms->snowball = snowball;
  terms->spanish = g_str_equal (snowball_name, "spanish");
  terms->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  terms->custom = puebla_xapian_stemmer_new_custom (stem_cb, terms, NULL);
  return terms;
}

void
puebla_terms_free (PueblaTerms *terms)
{
  if (terms == NULL)
    return;
  puebla_xapian_stemmer_free (terms->custom);
  puebla_xapian_stemmer_free (terms->snowball);
  g_hash_table_unref (terms->cache);
  g_free (terms);
}

PueblaXapianStemmer *
puebla_terms_get_stemmer (PueblaTerms *terms)
{
  return terms->custom;
}

gchar *
puebla_terms_stem (PueblaTerms *terms, const gchar *word)
{
  return stem_cached (terms, word);
}

/* ---- Function words ------------------------------------------------------------- */

static const gchar *const stopwords[] = {
  "a", "al", "como", "con", "de", "del", "e", "el", "en", "entre", "es", "la", "las", "lo", "los", "o",
  "para", "por", "que", "se", "sobre", "su", "sus", "u", "un", "una", "y",
  "an", "and", "at", "by", "for", "in", "is", "of", "on", "or", "the", "to", "with", NULL,
};

const gchar *const *
puebla_terms_stopwords (void)
{
  return stopwords;
}

gboolean
puebla_terms_is_stopword (const gchar *word)
{
  g_return_val_if_fail (word != NULL, FALSE);
  for (guint i = 0; stopwords[i]; i++)
    if (g_str_equal (word, stopwords[i]))
      return TRUE;
  return FALSE;
}
