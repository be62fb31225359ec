/* charset.c: bytes in some old encoding → valid UTF-8 in NFC (see charset.h).
 *
 * Decides the encoding (byte-order mark; BOM-less UTF-16 from the pattern of
 * NUL bytes; strict UTF-8; else Windows-1252 or ISO-8859-1), converts with
 * g_convert, refuses binary data, and repairs the mojibake of UTF-8 that was
 * once read as Windows-1252 and saved again as UTF-8.
 *
 * The hardest part of the repair is the five bytes Windows-1252 leaves
 * undefined (0x81 0x8D 0x8F 0x90 0x9D): a misreading lost them, so "Á" (C3 81),
 * "Í" (C3 8D), "Ï" (C3 8F), "Ð" (C3 90) and "Ý" (C3 9D) all arrive as "Ã"
 * followed by U+FFFD. Which letter it was is decided by the word around it:
 * a Spanish word list (/usr/share/dict/spanish, or $PUEBLA_WORDLIST) says
 * which candidate makes a word, and letter trigrams counted over the same
 * list break the remaining ties. The list is loaded once per process.
 */
#include "charset.h"
#include "textclean.h"

#include <string.h>

G_DEFINE_QUARK (puebla-charset-error-quark, puebla_charset_error)

/* BOM-less UTF-16: NULs in at least this share of the 2-byte units at the
   high-byte offset… */
#define UTF16_MIN_NUL_PERCENT      40
/* …or this share when libmagic's hint names UTF-16 (the tie-breaker)… */
#define UTF16_HINTED_NUL_PERCENT   10
/* …and at most one NUL in this many units at the other offset. */
#define UTF16_OTHER_NUL_ONE_IN     50

/* Decoded text with more than this share of unexplained control characters
   is not text. */
#define BINARY_MAX_CONTROL_PERCENT 5

/* Mojibake repair: passes over the text (to undo a misreading done twice). */
#define MOJIBAKE_MAX_PASSES        3

/* Words with more lost letters than this are resolved letter by letter. */
#define LOST_MAX_COMBINED          3

#define DEFAULT_WORDLIST "/usr/share/dict/spanish"

/* Marks, in the repaired text, a letter whose second UTF-8 byte was lost;
   not a code point. */
#define LOST_LETTER ((gunichar) 0xFFFFFFFFu)

/* The letters a lost byte after C3 can stand for, in order of preference
   when nothing else decides: Í Á Ï Ð Ý. */
static const gunichar lost_letters[] = { 0x00CD, 0x00C1, 0x00CF, 0x00D0, 0x00DD };

/* Windows-1252 0x80-0x9F; 0 for the five bytes it leaves undefined. */
static const gunichar cp1252_high[32] = {
  0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
  0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

/* ------------------------------------------------------------------------ */
/* The word list                                                            */

typedef struct
{
  GHashTable *words;    /* lowercased NFC word → the same string */
  GHashTable *trigrams; /* packed letters (guint64 *) → Trigram */
} WordList;

/* The word-boundary "letter" of trigrams. */
#define TRIGRAM_EDGE ((gunichar) ' ')

static guint64
trigram_key (gunichar a, gunichar b, gunichar c)
{
  return ((guint64) (a & 0x1FFFFF) << 42) | ((guint64) (b & 0x1FFFFF) << 21) | (guint64) (c & 0x1FFFFF);
}

typedef struct
{
  guint64 key; /* the hash table's key points here */
  guint count;
} Trigram;

static void
trigram_add (GHashTable *trigrams, gunichar a, gunichar b, gunichar c)
{
  guint64 key = trigram_key (a, b, c);
  Trigram *t = g_hash_table_lookup (trigrams, &key);
  if (t == NULL)
    {
      t = g_new0 (Trigram, 1);
      t->key = key;
      g_hash_table_insert (trigrams, &t->key, t);
    }
  t->count++;
}

static guint
trigram_count (const WordList *list, gunichar a, gunichar b, gunichar c)
{
  guint64 key = trigram_key (a, b, c);
  const Trigram *t = g_hash_table_lookup (list->trigrams, &key);
  return t ? t->count : 0;
}

/* Lowercased NFC copy of LEN bytes of WORD, or NULL. */
static gchar *
fold_word (const gchar *word, gssize len)
{
  g_autofree gchar *down = g_utf8_strdown (word, len);
  return g_utf8_normalize (down, -1, G_NORMALIZE_NFC);
}

static void
wordlist_add_line (WordList *list, const gchar *line, gsize len)
{
  if (len == 0 || !g_utf8_validate_len (line, len, NULL))
    return;
  gchar *word = fold_word (line, (gssize) len);
  if (word == NULL || *word == '\0' || g_hash_table_contains (list->words, word))
    {
      g_free (word);
      return;
    }
  g_hash_table_add (list->words, word);

  /* the word padded with an edge mark at both ends */
  glong n = 0;
  g_autofree gunichar *ucs = g_utf8_to_ucs4_fast (word, -1, &n);
  gunichar prev2 = TRIGRAM_EDGE, prev = TRIGRAM_EDGE;
  for (glong i = 0; i <= n; i++)
    {
      gunichar c = i < n ? ucs[i] : TRIGRAM_EDGE;
      if (i > 0)
        trigram_add (list->trigrams, prev2, prev, c);
      prev2 = prev;
      prev = c;
    }
}

static gpointer
wordlist_load (gpointer data G_GNUC_UNUSED)
{
  const gchar *path = g_getenv ("PUEBLA_WORDLIST");
  if (path == NULL || *path == '\0')
    path = DEFAULT_WORDLIST;

  g_autofree gchar *contents = NULL;
  gsize len = 0;
  if (!g_file_get_contents (path, &contents, &len, NULL))
    return NULL;

  WordList *list = g_new0 (WordList, 1);
  list->words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  list->trigrams = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);

  const gchar *p = contents, *end = contents + len;
  while (p < end)
    {
      const gchar *nl = memchr (p, '\n', (gsize) (end - p));
      const gchar *line_end = nl ? nl : end;
      const gchar *q = line_end;
      while (q > p && g_ascii_isspace (q[-1]))
        q--;
      while (p < q && g_ascii_isspace (*p))
        p++;
      wordlist_add_line (list, p, (gsize) (q - p));
      p = line_end + 1;
    }

  if (g_hash_table_size (list->words) == 0)
    {
      g_hash_table_unref (list->words);
      g_hash_table_unref (list->trigrams);
      g_free (list);
      return NULL;
    }
  return list;
}

/* The word list, loaded on first use (thread-safe); NULL when there is none. */
static const WordList *
wordlist_get (void)
{
  static GOnce once = G_ONCE_INIT;
  return g_once (&once, wordlist_load, NULL);
}

/* TRUE when the lowercased WORD, or WORD without a plural "s" / "es", is in
   the list. */
static gboolean
wordlist_knows (const WordList *list, const gchar *word)
{
  if (g_hash_table_contains (list->words, word))
    return TRUE;

  gsize len = strlen (word);
  g_autofree gchar *stem = g_strdup (word);
  if (len > 2 && word[len - 1] == 's')
    {
      stem[len - 1] = '\0';
      if (g_hash_table_contains (list->words, stem))
        return TRUE;
      if (len > 3 && word[len - 2] == 'e')
        {
          stem[len - 2] = '\0';
          if (g_hash_table_contains (list->words, stem))
            return TRUE;
        }
    }
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Choosing the lost letters                                                */

static gboolean
is_word_char (gunichar c)
{
  return c == LOST_LETTER || g_unichar_isalpha (c) || g_unichar_ismark (c);
}

/* Trigram score of the letter WORD[POS] (WORD: N lowercased letters):
   the counts of (previous, it, next), (it, next, next but one) and
   (previous but one, previous, it), a word's edges counting as letters. */
static guint
trigram_score (const WordList *list, const gunichar *word, glong n, glong pos)
{
#define AT(i) ((i) < 0 || (i) >= n ? TRIGRAM_EDGE : word[(i)])
  guint score = trigram_count (list, AT (pos - 1), word[pos], AT (pos + 1));
  if (pos + 1 < n)
    score += trigram_count (list, word[pos], word[pos + 1], AT (pos + 2));
  if (pos >= 1)
    score += trigram_count (list, AT (pos - 2), word[pos - 1], word[pos]);
#undef AT
  return score;
}

/* Fills the lost letters of the word TEXT[START..END) (TEXT holds LOST_LETTER
   marks there) with the candidates that make a word of the list, the best
   scored by trigrams among several, or the first candidate (Í) when nothing
   decides. */
static void
resolve_word (gunichar *text, glong start, glong end, const WordList *list)
{
  if (end <= start)
    return;

  glong lost[LOST_MAX_COMBINED];
  guint n_lost = 0;
  for (glong i = start; i < end; i++)
    if (text[i] == LOST_LETTER)
      {
        if (n_lost < LOST_MAX_COMBINED)
          lost[n_lost++] = i;
        else
          text[i] = lost_letters[0]; /* too many to combine: the usual letter */
      }

  if (list == NULL)
    {
      for (guint k = 0; k < n_lost; k++)
        text[lost[k]] = lost_letters[0];
      return;
    }

  glong n = end - start;
  g_autofree gunichar *lower = g_new (gunichar, (gsize) n);
  guint n_combos = 1;
  for (guint k = 0; k < n_lost; k++)
    n_combos *= G_N_ELEMENTS (lost_letters);

  guint best_combo = 0, best_score = 0;
  gboolean best_known = FALSE;
  for (guint combo = 0; combo < n_combos; combo++)
    {
      guint rest = combo;
      for (guint k = 0; k < n_lost; k++)
        {
          text[lost[k]] = lost_letters[rest % G_N_ELEMENTS (lost_letters)];
          rest /= G_N_ELEMENTS (lost_letters);
        }

      g_autofree gchar *utf8 = g_ucs4_to_utf8 (text + start, n, NULL, NULL, NULL);
      g_autofree gchar *folded = utf8 ? fold_word (utf8, -1) : NULL;
      gboolean known = folded && wordlist_knows (list, folded);

      for (glong i = 0; i < n; i++)
        lower[i] = g_unichar_tolower (text[start + i]);
      guint score = 0;
      for (guint k = 0; k < n_lost; k++)
        score += trigram_score (list, lower, n, lost[k] - start);

      if (combo == 0 || (known && !best_known) || (known == best_known && score > best_score))
        {
          best_combo = combo;
          best_score = score;
          best_known = known;
        }
    }

  for (guint k = 0; k < n_lost; k++)
    {
      text[lost[k]] = lost_letters[best_combo % G_N_ELEMENTS (lost_letters)];
      best_combo /= G_N_ELEMENTS (lost_letters);
    }
}

/* Replaces every LOST_LETTER mark in TEXT (N characters). */
static void
resolve_lost_letters (gunichar *text, glong n)
{
  const WordList *list = NULL;
  for (glong i = 0; i < n; i++)
    {
      if (text[i] != LOST_LETTER)
        continue;
      if (list == NULL)
        list = wordlist_get ();
      glong start = i, end = i + 1;
      while (start > 0 && is_word_char (text[start - 1]))
        start--;
      while (end < n && is_word_char (text[end]))
        end++;
      resolve_word (text, start, end, list);
      i = end - 1;
    }
}

/* ------------------------------------------------------------------------ */
/* Mojibake repair                                                          */

/* The byte Windows-1252 (or ISO-8859-1, for its C1 controls) reads as C;
   -1 when there is none, or C is ASCII. */
static gint
misread_byte (gunichar c)
{
  if (c >= 0x80 && c <= 0xFF)
    return (gint) c;
  if (c < 0x80)
    return -1;
  for (guint i = 0; i < G_N_ELEMENTS (cp1252_high); i++)
    if (cp1252_high[i] == c)
      return (gint) (0x80 + i);
  return -1;
}

static gboolean
is_continuation (gint byte)
{
  return byte >= 0x80 && byte <= 0xBF;
}

/* TRUE when C, decoded from a misread sequence of LEN bytes, is a character
   Spanish or English text is likely to have held. Two-byte sequences are
   limited to Latin-1, Latin Extended-A and the other Windows-1252 letters,
   so that an accented capital before a closing quote ("ACCIÓN”" is D3 94)
   is not taken for Cyrillic. */
static gboolean
plausible_repair (gunichar c, guint len)
{
  if (g_unichar_iscntrl (c) || !g_unichar_validate (c) || g_unichar_type (c) == G_UNICODE_UNASSIGNED)
    return FALSE;
  if ((c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE)
    return FALSE;
  if (len == 2)
    return (c >= 0xA0 && c <= 0x17F) || c == 0x0192 || c == 0x02C6 || c == 0x02DC;
  return TRUE;
}

/* One pass over UCS (N characters): appends to OUT the repaired text, with
   LOST_LETTER marks; returns the number of repairs. */
static guint
repair_pass (const gunichar *ucs, glong n, GArray *out)
{
  guint repaired = 0;
  for (glong i = 0; i < n; i++)
    {
      gint lead = misread_byte (ucs[i]);
      if (lead >= 0xC2 && lead <= 0xF4)
        {
          glong need = lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : 3;
          if (i + need < n)
            {
              guchar bytes[4] = { (guchar) lead, 0, 0, 0 };
              gboolean ok = TRUE;
              for (glong k = 1; k <= need && ok; k++)
                {
                  gint b = misread_byte (ucs[i + k]);
                  if (is_continuation (b))
                    bytes[k] = (guchar) b;
                  else
                    ok = FALSE;
                }

              if (ok)
                {
                  const gchar *end = NULL;
                  if (g_utf8_validate_len ((const gchar *) bytes, (gsize) need + 1, &end))
                    {
                      gunichar c = g_utf8_get_char ((const gchar *) bytes);
                      if (plausible_repair (c, (guint) need + 1))
                        {
                          g_array_append_val (out, c);
                          repaired++;
                          i += need;
                          continue;
                        }
                    }
                }
              /* the lost bytes: "Ã" + U+FFFD is one of Á Í Ï Ð Ý (decided
                 later, by the word); "â€" + U+FFFD is ” (E2 80 9D: the
                 other lost bytes make invisible spaces and marks) */
              else if (lead == 0xC3 && ucs[i + 1] == 0xFFFD)
                {
                  gunichar mark = LOST_LETTER;
                  g_array_append_val (out, mark);
                  repaired++;
                  i += 1;
                  continue;
                }
              else if (lead == 0xE2 && misread_byte (ucs[i + 1]) == 0x80 && ucs[i + 2] == 0xFFFD)
                {
                  gunichar quote = 0x201D;
                  g_array_append_val (out, quote);
                  repaired++;
                  i += 2;
                  continue;
                }
            }
        }
      g_array_append_val (out, ucs[i]);
    }
  return repaired;
}

gchar *
puebla_charset_repair_mojibake (const gchar *text, guint *repaired)
{
  g_return_val_if_fail (text != NULL, NULL);

  guint total = 0;
  glong n = 0;
  gunichar *ucs = g_utf8_to_ucs4_fast (text, -1, &n);

  for (guint pass = 0; pass < MOJIBAKE_MAX_PASSES; pass++)
    {
      GArray *out = g_array_sized_new (FALSE, FALSE, sizeof (gunichar), (guint) n);
      guint count = repair_pass (ucs, n, out);
      g_free (ucs);
      n = (glong) out->len;
      ucs = (gunichar *) g_array_free (out, FALSE);
      if (count == 0)
        break;
      resolve_lost_letters (ucs, n);
      total += count;
    }

  gchar *result = g_ucs4_to_utf8 (ucs, n, NULL, NULL, NULL);
  g_free (ucs);
  if (repaired)
    *repaired = total;
  return result ? result : g_strdup (text);
}

/* ------------------------------------------------------------------------ */
/* Deciding the encoding                                                    */

typedef enum
{
  UTF16_NONE,
  UTF16_LE,
  UTF16_BE,
} Utf16Order;

/* UTF16_LE when NULs are at odd offsets in at least MIN_PERCENT of the
   2-byte units and (nearly) never at even offsets; UTF16_BE the other way
   round. */
static Utf16Order
utf16_order (const guchar *bytes, gsize len, guint min_percent)
{
  if (len < 2 || len % 2 != 0)
    return UTF16_NONE;

  gsize units = len / 2, nul_even = 0, nul_odd = 0;
  for (gsize i = 0; i < units; i++)
    {
      nul_even += bytes[2 * i] == 0;
      nul_odd += bytes[2 * i + 1] == 0;
    }

  if (nul_odd * 100 >= units * min_percent && nul_even * UTF16_OTHER_NUL_ONE_IN <= units)
    return UTF16_LE;
  if (nul_even * 100 >= units * min_percent && nul_odd * UTF16_OTHER_NUL_ONE_IN <= units)
    return UTF16_BE;
  return UTF16_NONE;
}

gboolean
puebla_charset_looks_utf16 (const gchar *bytes, gsize len, gboolean *big_endian)
{
  g_return_val_if_fail (bytes != NULL || len == 0, FALSE);

  Utf16Order order = utf16_order ((const guchar *) bytes, len, UTF16_MIN_NUL_PERCENT);
  if (big_endian)
    *big_endian = order == UTF16_BE;
  return order != UTF16_NONE;
}

static gboolean
hint_is (const gchar *hint, const gchar *const *names)
{
  if (hint == NULL)
    return FALSE;
  for (guint i = 0; names[i]; i++)
    if (g_ascii_strcasecmp (hint, names[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Fails with PUEBLA_CHARSET_ERROR_BINARY unless LEN bytes of UTF8 (decoded
   from CHARSET) read as text: no NUL, and few C0 control characters (and
   DEL) besides the white space and the marks of Word's text (0x07 cell end,
   0x13-0x15 fields) that textclean.c removes. C1 controls do not count: the
   bytes Windows-1252 leaves undefined become those. */
static gboolean
check_text (const gchar *utf8, gsize len, const gchar *charset, GError **error)
{
  if (memchr (utf8, '\0', len) != NULL)
    {
      g_set_error (error, PUEBLA_CHARSET_ERROR, PUEBLA_CHARSET_ERROR_BINARY,
                   "contains NUL characters (read as %s): not text", charset);
      return FALSE;
    }

  gsize chars = 0, controls = 0;
  for (const gchar *p = utf8; p < utf8 + len; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      chars++;
      if ((c < 0x20 && !strchr ("\t\n\r\f\v\a\x13\x14\x15", (int) c)) || c == 0x7F)
        controls++;
    }
  if (controls * 100 > chars * BINARY_MAX_CONTROL_PERCENT)
    {
      g_set_error (error, PUEBLA_CHARSET_ERROR, PUEBLA_CHARSET_ERROR_BINARY,
                   "%" G_GSIZE_FORMAT " of its %" G_GSIZE_FORMAT " characters (read as %s) are control "
                   "characters: not text",
                   controls, chars, charset);
      return FALSE;
    }
  return TRUE;
}

/* g_convert of LEN bytes from FROM, with an error that says where. */
static gchar *
convert (const gchar *bytes, gsize len, const gchar *from, gsize *out_len, GError **error)
{
  g_autoptr (GError) local = NULL;
  gsize read = 0;
  gchar *out = g_convert (bytes, (gssize) len, "UTF-8", from, &read, out_len, &local);
  if (out == NULL)
    g_set_error (error, PUEBLA_CHARSET_ERROR, PUEBLA_CHARSET_ERROR_CONVERT,
                 "cannot convert from %s at byte %" G_GSIZE_FORMAT ": %s", from, read, local->message);
  return out;
}

/* Windows-1252 → UTF-8; the five bytes the code page leaves undefined
   become U+0081… as ISO-8859-1 would read them (textclean drops them). */
static gchar *
convert_cp1252 (const gchar *bytes, gsize len, gsize *out_len, GError **error)
{
  GString *out = g_string_sized_new (len + len / 8);
  gsize start = 0;
  for (gsize i = 0; i <= len; i++)
    {
      guchar b = i < len ? (guchar) bytes[i] : 0;
      if (i < len && !(b >= 0x80 && b <= 0x9F && cp1252_high[b - 0x80] == 0))
        continue;
      if (i > start)
        {
          gsize n = 0;
          g_autofree gchar *part = convert (bytes + start, i - start, "WINDOWS-1252", &n, error);
          if (part == NULL)
            {
              g_string_free (out, TRUE);
              return NULL;
            }
          g_string_append_len (out, part, (gssize) n);
        }
      if (i < len)
        g_string_append_unichar (out, b);
      start = i + 1;
    }
  *out_len = out->len;
  return g_string_free (out, FALSE);
}

gchar *
puebla_charset_to_utf8_full (const gchar *bytes, gssize len, const gchar *hint, gchar **charset,
                             GError **error)
{
  static const gchar *const utf16le_names[] = { "utf-16le", NULL };
  static const gchar *const utf16be_names[] = { "utf-16be", NULL };
  static const gchar *const cp1252_names[] = { "windows-1252", "cp1252", NULL };

  g_return_val_if_fail (bytes != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (charset)
    *charset = NULL;
  gsize n = len < 0 ? strlen (bytes) : (gsize) len;
  const guchar *u = (const guchar *) bytes;

  const gchar *name = NULL;
  gboolean utf8_source = FALSE;
  g_autofree gchar *decoded = NULL;
  gsize decoded_len = 0;

  if (n == 0)
    {
      if (charset)
        *charset = g_strdup ("UTF-8");
      return g_strdup ("");
    }

  /* byte-order marks */
  if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF && g_utf8_validate_len (bytes + 3, n - 3, NULL))
    {
      name = "UTF-8 (BOM)";
      utf8_source = TRUE;
      decoded = g_strndup (bytes + 3, n - 3);
      decoded_len = n - 3;
    }
  else if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
    {
      /* a mark, then no UTF-8: judge the rest as single-byte text */
      bytes += 3;
      u += 3;
      n -= 3;
    }
  else if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
    {
      name = u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
      /* a last odd byte is half a character: drop it */
      decoded = convert (bytes + 2, (n - 2) & ~(gsize) 1, name, &decoded_len, error);
      if (decoded == NULL)
        return NULL;
    }

  /* UTF-16 without a mark (libmagic's hint lowers the bar) */
  if (name == NULL)
    {
      Utf16Order order = utf16_order (u, n, UTF16_MIN_NUL_PERCENT);
      if (order == UTF16_NONE && hint_is (hint, utf16le_names))
        order = utf16_order (u, n, UTF16_HINTED_NUL_PERCENT) == UTF16_LE ? UTF16_LE : UTF16_NONE;
      else if (order == UTF16_NONE && hint_is (hint, utf16be_names))
        order = utf16_order (u, n, UTF16_HINTED_NUL_PERCENT) == UTF16_BE ? UTF16_BE : UTF16_NONE;
      if (order != UTF16_NONE)
        {
          name = order == UTF16_LE ? "UTF-16LE" : "UTF-16BE";
          decoded = convert (bytes, n, name, &decoded_len, error);
          if (decoded == NULL)
            return NULL;
        }
    }

  if (name == NULL)
    {
      if (memchr (bytes, '\0', n) != NULL)
        {
          g_set_error_literal (error, PUEBLA_CHARSET_ERROR, PUEBLA_CHARSET_ERROR_BINARY,
                               "contains NUL bytes: not text");
          return NULL;
        }

      if (g_utf8_validate_len (bytes, n, NULL))
        {
          name = "UTF-8";
          utf8_source = TRUE;
          decoded = g_strndup (bytes, n);
          decoded_len = n;
        }
      else
        {
          gboolean c1 = FALSE;
          for (gsize i = 0; i < n && !c1; i++)
            c1 = u[i] >= 0x80 && u[i] <= 0x9F;
          /* without 0x80-0x9F both read the same: the hint picks the name */
          if (c1 || hint_is (hint, cp1252_names))
            {
              name = "WINDOWS-1252";
              decoded = convert_cp1252 (bytes, n, &decoded_len, error);
            }
          else
            {
              name = "ISO-8859-1";
              decoded = convert (bytes, n, name, &decoded_len, error);
            }
          if (decoded == NULL)
            return NULL;
        }
    }

  if (!check_text (decoded, decoded_len, name, error))
    return NULL;

  gchar *text = puebla_utf8_nfc (decoded, (gssize) decoded_len);
  if (text == NULL)
    {
      g_set_error (error, PUEBLA_CHARSET_ERROR, PUEBLA_CHARSET_ERROR_CONVERT,
                   "the text read as %s is not valid UTF-8", name);
      return NULL;
    }

  guint repaired = 0;
  if (utf8_source)
    {
      gchar *fixed = puebla_charset_repair_mojibake (text, &repaired);
      g_free (text);
      text = repaired ? puebla_utf8_nfc (fixed, -1) : g_steal_pointer (&fixed);
      g_free (fixed);
    }

  /* a second byte-order mark (files saved twice by tools that each add
     one) decodes to U+FEFF: no text starts with it, so none is kept */
  gsize marks = 0;
  while (strncmp (text + marks, "\xEF\xBB\xBF", 3) == 0)
    marks += 3;
  if (marks)
    memmove (text, text + marks, strlen (text + marks) + 1);

  if (charset)
    *charset = repaired ? g_strconcat (name, " + mojibake repaired", NULL) : g_strdup (name);
  return text;
}

gchar *
puebla_charset_to_utf8 (const gchar *bytes, gssize len, GError **error)
{
  return puebla_charset_to_utf8_full (bytes, len, NULL, NULL, error);
}
