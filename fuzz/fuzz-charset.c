/* fuzz-charset.c: arbitrary bytes through the charset normalizer
 * (ingest/charset.h).
 *
 * Each input is taken as the whole content of a text file: detected and
 * converted with no hint and with a hint libmagic could have given, then
 * the mojibake repair runs again on the result. Invariants: a result is
 * valid UTF-8, NFC, without a BOM; an encoding is always reported with
 * it and is one of those charset.h lists; a failure has an error of the
 * charset domain; valid NFC UTF-8 without a BOM whose repair changes
 * nothing comes back unchanged.
 */
#include <string.h>

#include "charset.h"
#include "fuzz.h"

static const gchar *const hints[] = { NULL, "utf-8", "iso-8859-1", "utf-16le", "utf-16be", "us-ascii", "binary", "unknown-8bit" };

static const gchar *const charsets[] = { "UTF-8", "UTF-8 (BOM)", "UTF-16LE", "UTF-16BE", "WINDOWS-1252", "ISO-8859-1" };

static gboolean
known_charset (const gchar *charset)
{
  static const gchar suffix[] = " + mojibake repaired";
  for (guint i = 0; i < G_N_ELEMENTS (charsets); i++)
    {
      gsize n = strlen (charsets[i]);
      if (strncmp (charset, charsets[i], n) == 0 && (charset[n] == '\0' || g_str_equal (charset + n, suffix)))
        return TRUE;
    }
  return FALSE;
}

static void
check_result (const gchar *out, const gchar *charset, GError *error, const gchar *hint)
{
  if (out == NULL)
    {
      FUZZ_CHECK (error != NULL, "NULL without an error (hint %s)", hint ? hint : "none");
      FUZZ_CHECK (error->domain == PUEBLA_CHARSET_ERROR, "error of another domain: %s", error->message);
      FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL), "error message is not UTF-8");
      return;
    }
  FUZZ_CHECK (error == NULL, "a result and an error: %s", error->message);
  FUZZ_CHECK (fuzz_is_nfc_utf8 (out), "result is not NFC UTF-8 (hint %s, charset %s)", hint ? hint : "none",
              charset ? charset : "?");
  FUZZ_CHECK (!g_str_has_prefix (out, "\xEF\xBB\xBF"), "result starts with a BOM (charset %s)",
              charset ? charset : "?");
  if (charset != NULL)
    FUZZ_CHECK (known_charset (charset), "unknown charset reported: '%s'", charset);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const gchar *bytes = (const gchar *) data;

  /* no hint, and the plain entry point */
  {
    g_autoptr (GError) error = NULL;
    g_autofree gchar *out = puebla_charset_to_utf8 (bytes, (gssize) size, &error);
    check_result (out, NULL, error, NULL);
  }

  /* with a hint (chosen by the input, so that the run is deterministic) */
  const gchar *hint = hints[size > 0 ? data[size - 1] % G_N_ELEMENTS (hints) : 0];
  g_autoptr (GError) error = NULL;
  g_autofree gchar *charset = NULL;
  g_autofree gchar *out = puebla_charset_to_utf8_full (bytes, (gssize) size, hint, &charset, &error);
  check_result (out, charset, error, hint);
  if (out != NULL)
    FUZZ_CHECK (charset != NULL, "a result without its charset");

  /* BOM-less UTF-16 detection is total */
  gboolean big_endian = FALSE;
  (void) puebla_charset_looks_utf16 (bytes, size, &big_endian);

  if (out != NULL)
    {
      /* the repair keeps valid UTF-8 valid */
      guint repaired = 0;
      g_autofree gchar *again = puebla_charset_repair_mojibake (out, &repaired);
      FUZZ_CHECK (g_utf8_validate (again, -1, NULL), "repair made invalid UTF-8");
      if (repaired == 0)
        FUZZ_CHECK (g_str_equal (again, out), "repair changed the text but reports no repair");
    }

  /* text that is already NFC UTF-8 without a BOM, NUL or mojibake passes
     through untouched */
  if (size > 0 && memchr (data, 0, size) == NULL && out != NULL && g_str_equal (charset, "UTF-8"))
    {
      g_autofree gchar *copy = g_strndup (bytes, size);
      if (fuzz_is_nfc_utf8 (copy))
        FUZZ_CHECK (g_str_equal (out, copy), "valid NFC UTF-8 was changed");
    }
  return 0;
}
