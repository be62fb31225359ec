/* check_charset.c: tests of ingest/charset.c and ingest/textclean.c.
 *
 * Table-driven: decoding of short byte strings in each encoding, BOM-less
 * UTF-16 detection, refusal of binary data, mojibake repair (the lost bytes
 * of Windows-1252 included), text cleaning; and the acceptance test: every
 * file of tests/data/encodings/ gives, through charset + textclean, exactly
 * what its UTF-8 record in corpus/records/ gives.
 *
 * Needs PUEBLA_CORPUS_DIR and PUEBLA_TEST_DATA_DIR defined at compile time.
 */
#include "charset.h"
#include "textclean.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#if !defined(PUEBLA_CORPUS_DIR) || !defined(PUEBLA_TEST_DATA_DIR)
#error "compile with -DPUEBLA_CORPUS_DIR=\"…/corpus\" -DPUEBLA_TEST_DATA_DIR=\"…/tests/data\""
#endif

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */

/* TEXT (UTF-8) encoded as UTF-16 (BIG_ENDIAN or not), with a BOM if BOM. */
static GBytes *
utf16_bytes (const gchar *text, gboolean big_endian, gboolean bom)
{
  gsize n = 0;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *units = g_convert (text, -1, big_endian ? "UTF-16BE" : "UTF-16LE", "UTF-8", NULL, &n, &error);
  ck_assert_msg (units != NULL, "cannot build UTF-16 test bytes: %s", error ? error->message : "?");

  GByteArray *out = g_byte_array_new ();
  if (bom)
    g_byte_array_append (out, (const guint8 *) (big_endian ? "\xFE\xFF" : "\xFF\xFE"), 2);
  g_byte_array_append (out, (const guint8 *) units, (guint) n);
  return g_byte_array_free_to_bytes (out);
}

/* LEN bytes from a generator seeded with SEED (always the same bytes). */
static GByteArray *
random_bytes (guint32 seed, gsize len)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  GByteArray *out = g_byte_array_sized_new ((guint) len);
  for (gsize i = 0; i < len; i++)
    {
      guint8 b = (guint8) g_rand_int_range (rand, 0, 256);
      g_byte_array_append (out, &b, 1);
    }
  return out;
}

/* Fails, showing where, unless GOT and WANT are the same string. */
static void
assert_same_text (const gchar *what, const gchar *got, const gchar *want)
{
  if (g_strcmp0 (got, want) == 0)
    return;
  ck_assert_ptr_nonnull (got);
  ck_assert_ptr_nonnull (want);

  gsize at = 0;
  while (got[at] && got[at] == want[at])
    at++;
  gsize from = at > 40 ? at - 40 : 0;
  g_autofree gchar *got_part = g_strndup (got + from, 80);
  g_autofree gchar *want_part = g_strndup (want + from, 80);
  /* escape the control characters, not the letters */
  gchar high[129];
  for (guint i = 0; i < 128; i++)
    high[i] = (gchar) (0x80 + i);
  high[128] = '\0';
  g_autofree gchar *got_ctx = g_strescape (got_part, high);
  g_autofree gchar *want_ctx = g_strescape (want_part, high);
  ck_abort_msg ("%s: differs at byte %" G_GSIZE_FORMAT " (lengths %" G_GSIZE_FORMAT " and %" G_GSIZE_FORMAT
                ")\n  got:  …%s…\n  want: …%s…",
                what, at, strlen (got), strlen (want), got_ctx, want_ctx);
}

/* ------------------------------------------------------------------------ */
/* Decoding                                                                 */

START_TEST (test_example_latin1)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *text = puebla_charset_to_utf8 ("Migraci\xf3n", 9, &error);
  ck_assert_ptr_null (error);
  ck_assert_str_eq (text, "Migración");
}
END_TEST

typedef struct
{
  const gchar *bytes;
  gssize len; /* -1: NUL-terminated */
  const gchar *hint;
  const gchar *expected;
  const gchar *charset;
} DecodeCase;

static const DecodeCase decode_cases[] = {
  { "Migraci\xf3n", 9, NULL, "Migración", "ISO-8859-1" },
  { "\x93hola\x94", -1, NULL, "“hola”", "WINDOWS-1252" },
  { "\x80 100 \x96 \x85", -1, NULL, "€ 100 – …", "WINDOWS-1252" },
  /* a byte Windows-1252 leaves undefined does not stop the conversion */
  { "a\x81" "b\xe9", -1, NULL, "a\xc2\x81" "bé", "WINDOWS-1252" },
  /* the hint names the encoding only when the bytes read the same in both */
  { "caf\xe9", -1, "windows-1252", "café", "WINDOWS-1252" },
  { "caf\xe9", -1, "utf-8", "café", "ISO-8859-1" },
  { "\x93" "caf\xe9\x94", -1, "iso-8859-1", "“café”", "WINDOWS-1252" },
  { "Migración y niñez", -1, NULL, "Migración y niñez", "UTF-8" },
  { "Migración y niñez", -1, "iso-8859-1", "Migración y niñez", "UTF-8" },
  { "plain ASCII", -1, NULL, "plain ASCII", "UTF-8" },
  { "\xef\xbb\xbfMigración", -1, NULL, "Migración", "UTF-8 (BOM)" },
  /* NFD in, NFC out */
  { "Migracio\xcc\x81n", -1, NULL, "Migración", "UTF-8" },
  { "", 0, NULL, "", "UTF-8" },
  { "\xef\xbb\xbf", -1, NULL, "", "UTF-8 (BOM)" },
  { "\xff\xfe", 2, NULL, "", "UTF-16LE" },
  /* a last odd byte of UTF-16 is dropped */
  { "\xff\xfe" "a\0\xf1\0o\0\n", 9, NULL, "año", "UTF-16LE" },
  /* a UTF-8 mark before bytes that are not UTF-8 */
  { "\xef\xbb\xbf" "caf\xe9", -1, NULL, "café", "ISO-8859-1" },
  /* UTF-16LE with too few NULs to tell by itself: the hint decides */
  { "a\0b\0c\0\xfb\x79\x11\x6c\xfb\x79\x11\x6c\xfb\x79\x11\x6c\xfb\x79", 20, "utf-16le",
    "abc移民移民移民移", "UTF-16LE" },
  { "MIGRACIÃ“N", -1, NULL, "MIGRACIÓN", "UTF-8 + mojibake repaired" },
  { "\xef\xbb\xbfinformaciÃ³n", -1, NULL, "información", "UTF-8 (BOM) + mojibake repaired" },
};

START_TEST (test_decode)
{
  const DecodeCase *c = &decode_cases[_i];
  g_autoptr (GError) error = NULL;
  g_autofree gchar *charset = NULL;
  g_autofree gchar *text = puebla_charset_to_utf8_full (c->bytes, c->len, c->hint, &charset, &error);
  ck_assert_msg (error == NULL, "case %d: %s", _i, error ? error->message : "");
  ck_assert_str_eq (text, c->expected);
  ck_assert_str_eq (charset, c->charset);
}
END_TEST

typedef struct
{
  const gchar *text;
  gboolean big_endian;
  gboolean bom;
  const gchar *charset;
} Utf16Case;

static const Utf16Case utf16_cases[] = {
  { "Conferencia Regional sobre Migración: niñas y niños", FALSE, TRUE, "UTF-16LE" },
  { "Conferencia Regional sobre Migración: niñas y niños", TRUE, TRUE, "UTF-16BE" },
  { "Conferencia Regional sobre Migración: niñas y niños", FALSE, FALSE, "UTF-16LE" },
  { "Conferencia Regional sobre Migración: niñas y niños", TRUE, FALSE, "UTF-16BE" },
  { "Plan de Acción “Puebla” – 1996\r\n\tcelda\n", FALSE, FALSE, "UTF-16LE" },
  { "Plan de Acción “Puebla” – 1996\r\n\tcelda\n", TRUE, FALSE, "UTF-16BE" },
  /* mojibake is only repaired in UTF-8 */
  { "MIGRACIÃ“N", FALSE, TRUE, "UTF-16LE" },
};

START_TEST (test_utf16)
{
  const Utf16Case *c = &utf16_cases[_i];
  g_autoptr (GBytes) bytes = utf16_bytes (c->text, c->big_endian, c->bom);
  gsize len = 0;
  const gchar *data = g_bytes_get_data (bytes, &len);

  g_autoptr (GError) error = NULL;
  g_autofree gchar *charset = NULL;
  g_autofree gchar *text = puebla_charset_to_utf8_full (data, (gssize) len, NULL, &charset, &error);
  ck_assert_msg (error == NULL, "case %d: %s", _i, error ? error->message : "");
  ck_assert_str_eq (text, c->text);
  ck_assert_str_eq (charset, c->charset);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* BOM-less UTF-16 detection                                                */

typedef enum
{
  SAMPLE_ASCII,
  SAMPLE_UTF8_SPANISH,
  SAMPLE_RANDOM,
  SAMPLE_ELF,
  SAMPLE_UTF16LE,
  SAMPLE_UTF16BE,
  SAMPLE_UTF16LE_ODD,
} Sample;

typedef struct
{
  Sample sample;
  gboolean expected;
  gboolean big_endian;
} LooksUtf16Case;

static const LooksUtf16Case looks_utf16_cases[] = {
  { SAMPLE_ASCII, FALSE, FALSE },
  { SAMPLE_UTF8_SPANISH, FALSE, FALSE },
  { SAMPLE_RANDOM, FALSE, FALSE },
  { SAMPLE_ELF, FALSE, FALSE },
  { SAMPLE_UTF16LE, TRUE, FALSE },
  { SAMPLE_UTF16BE, TRUE, TRUE },
  { SAMPLE_UTF16LE_ODD, FALSE, FALSE },
};

static const gchar spanish[] = "Reunión Viceministerial de la Conferencia Regional sobre Migración, "
                               "Ciudad de Panamá: lineamientos para la protección de niñas y niños.";

/* An ELF header followed by small little-endian integers. */
static GByteArray *
elf_bytes (void)
{
  GByteArray *out = g_byte_array_new ();
  g_byte_array_append (out, (const guint8 *) "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0", 16);
  for (guint32 i = 0; i < 256; i++)
    {
      guint32 v = GUINT32_TO_LE (i * 7 + 3);
      g_byte_array_append (out, (const guint8 *) &v, sizeof v);
    }
  return out;
}

static GByteArray *
sample_bytes (Sample sample)
{
  GByteArray *out = NULL;
  switch (sample)
    {
    case SAMPLE_ASCII:
      out = g_byte_array_new ();
      g_byte_array_append (out, (const guint8 *) "Plan of Action of the Regional Conference on Migration, 2008.", 62);
      return out;
    case SAMPLE_UTF8_SPANISH:
      out = g_byte_array_new ();
      g_byte_array_append (out, (const guint8 *) spanish, sizeof spanish - 1);
      return out;
    case SAMPLE_RANDOM:
      return random_bytes (20080506, 4096);
    case SAMPLE_ELF:
      return elf_bytes ();
    case SAMPLE_UTF16LE:
    case SAMPLE_UTF16BE:
    case SAMPLE_UTF16LE_ODD:
      {
        g_autoptr (GBytes) units = utf16_bytes (spanish, sample == SAMPLE_UTF16BE, FALSE);
        gsize len = 0;
        const guint8 *data = g_bytes_get_data (units, &len);
        out = g_byte_array_new ();
        g_byte_array_append (out, data, (guint) (sample == SAMPLE_UTF16LE_ODD ? len - 1 : len));
        return out;
      }
    default:
      g_assert_not_reached ();
    }
}

START_TEST (test_looks_utf16)
{
  const LooksUtf16Case *c = &looks_utf16_cases[_i];
  g_autoptr (GByteArray) bytes = sample_bytes (c->sample);
  gboolean big_endian = -1;
  gboolean looks = puebla_charset_looks_utf16 ((const gchar *) bytes->data, bytes->len, &big_endian);
  ck_assert_msg (looks == c->expected, "case %d: looks_utf16 gave %d", _i, looks);
  ck_assert_int_eq (big_endian, c->big_endian);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Binary data                                                              */

typedef enum
{
  BINARY_NUL_IN_TEXT,
  BINARY_PNG,
  BINARY_RANDOM,
  BINARY_RANDOM_NO_NUL,
  BINARY_ELF,
  BINARY_CONTROLS,
  BINARY_UTF16_SHAPED,
  BINARY_UTF16_UNHINTED,
} BinaryKind;

static const BinaryKind binary_cases[] = {
  BINARY_NUL_IN_TEXT, BINARY_PNG, BINARY_RANDOM, BINARY_RANDOM_NO_NUL, BINARY_ELF, BINARY_CONTROLS, BINARY_UTF16_SHAPED,
  BINARY_UTF16_UNHINTED,
};

static GByteArray *
binary_bytes (BinaryKind kind)
{
  GByteArray *out = NULL;
  switch (kind)
    {
    case BINARY_NUL_IN_TEXT:
      {
        static const gchar text[] = "Migraci\xf3n\0\0\0 y desarrollo";
        out = g_byte_array_new ();
        g_byte_array_append (out, (const guint8 *) text, sizeof text);
        return out;
      }
    case BINARY_PNG:
      {
        static const gchar header[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0";
        out = g_byte_array_new ();
        g_byte_array_append (out, (const guint8 *) header, sizeof header - 1);
        g_autoptr (GByteArray) noise = random_bytes (89, 2048);
        g_byte_array_append (out, noise->data, noise->len);
        return out;
      }
    case BINARY_RANDOM:
      return random_bytes (1996, 8192);
    case BINARY_RANDOM_NO_NUL:
      out = random_bytes (2003, 512);
      for (guint i = 0; i < out->len; i++)
        if (out->data[i] == 0)
          out->data[i] = 1;
      return out;
    case BINARY_ELF:
      return elf_bytes ();
    case BINARY_CONTROLS:
      out = g_byte_array_new ();
      for (guint i = 0; i < 64; i++)
        g_byte_array_append (out, (const guint8 *) "ab\x01\x02\x03\x1b", 6);
      return out;
    case BINARY_UTF16_SHAPED:
      /* NULs where UTF-16LE has them, but the units are control characters */
      out = g_byte_array_new ();
      for (guint i = 0; i < 200; i++)
        {
          guint8 unit[2] = { (guint8) (1 + i % 8), 0 };
          g_byte_array_append (out, unit, 2);
        }
      return out;
    case BINARY_UTF16_UNHINTED:
      {
        /* the hinted UTF-16LE of test_decode, without its hint */
        static const gchar text[] = "a\0b\0c\0\xfb\x79\x11\x6c\xfb\x79\x11\x6c\xfb\x79\x11\x6c\xfb\x79";
        out = g_byte_array_new ();
        g_byte_array_append (out, (const guint8 *) text, sizeof text - 1);
        return out;
      }
    default:
      g_assert_not_reached ();
    }
}

/* Found by fuzz-charset: a file that holds two byte-order marks (saved
 * twice by tools that each add one) kept the second as U+FEFF. */
START_TEST (test_double_bom)
{
  static const struct
  {
    const gchar *bytes;
    gsize len;
  } cases[] = {
    { "\xEF\xBB\xBF\xEF\xBB\xBFHola", 10 },
    { "\xFF\xFE\xFF\xFEH\0o\0l\0a\0", 12 },
    { "\xFE\xFF\xFE\xFF\0H\0o\0l\0a", 12 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree gchar *text = puebla_charset_to_utf8 (cases[i].bytes, (gssize) cases[i].len, &error);
      ck_assert_msg (text != NULL, "case %u: %s", i, error ? error->message : "");
      ck_assert_str_eq (text, "Hola");
    }
}
END_TEST

START_TEST (test_binary)
{
  g_autoptr (GByteArray) bytes = binary_bytes (binary_cases[_i]);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *charset = NULL;
  g_autofree gchar *text = puebla_charset_to_utf8_full ((const gchar *) bytes->data, (gssize) bytes->len,
                                                        "binary", &charset, &error);
  ck_assert_ptr_null (text);
  ck_assert_ptr_null (charset);
  ck_assert_ptr_nonnull (error);
  ck_assert_msg (g_error_matches (error, PUEBLA_CHARSET_ERROR, PUEBLA_CHARSET_ERROR_BINARY),
                 "case %d: %s (%d)", _i, error->message, error->code);
  ck_assert_msg (strstr (error->message, "not text") != NULL, "case %d: %s", _i, error->message);
}
END_TEST

START_TEST (test_error_quark)
{
  ck_assert_str_eq (g_quark_to_string (PUEBLA_CHARSET_ERROR), "puebla-charset-error-quark");
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Mojibake                                                                 */

typedef struct
{
  const gchar *input;
  const gchar *expected;
  guint repaired;
} MojibakeCase;

/* "Ã" then U+FFFD: how a misreading that lost the second byte of Á Í Ï Ð Ý
   leaves them */
#define LOST "Ã\xef\xbf\xbd"

static const MojibakeCase mojibake_cases[] = {
  { "MIGRACIÃ“N", "MIGRACIÓN", 1 },
  { "informaciÃ³n", "información", 1 },
  { "NIÃ‘OS Y NIÃ‘AS", "NIÑOS Y NIÑAS", 2 },
  { "â€œtextoâ€\xc2\x9d", "“texto”", 2 },     /* ” with its last byte as U+009D */
  { "â€œtextoâ€\xef\xbf\xbd", "“texto”", 2 }, /* ” with its last byte lost */
  { "â‚¬ 100 â€“ 200", "€ 100 – 200", 2 },
  { "Ã‰XITO", "ÉXITO", 1 },
  /* a misreading made twice */
  { "informaciÃƒÂ³n", "información", 3 },
  /* left alone */
  { "Ã", "Ã", 0 },
  { "Â", "Â", 0 },
  { "SÃO PAULO", "SÃO PAULO", 0 },
  { "Ñandú ó", "Ñandú ó", 0 },
  { "LA “CONVENCIÓN” Y LA “ACCIÓN…”", "LA “CONVENCIÓN” Y LA “ACCIÓN…”", 0 },
  { "¿Qué? ¡Sí! «café»", "¿Qué? ¡Sí! «café»", 0 },
  { "nota\xef\xbf\xbd al pie", "nota\xef\xbf\xbd al pie", 0 },
  { "", "", 0 },
  /* the lost bytes: the word list decides… */
  { "POL" LOST "TICA", "POLÍTICA", 1 },
  { "CR" LOST "TICAS", "CRÍTICAS", 1 },   /* trigrams alone would say Á */
  { "M" LOST "NIMOS", "MÍNIMOS", 1 },
  { LOST "REAS", "ÁREAS", 1 },            /* at a word's start */
  { "PAP" LOST, "PAPÁ", 1 },              /* at a word's end */
  { "AQU" LOST " Y ALL" LOST, "AQUÍ Y ALLÍ", 2 },
  { "JUR" LOST "DICAS", "JURÍDICAS", 1 },
  /* …and trigrams when it cannot */
  { "CONF" LOST "AN", "CONFÍAN", 1 },
  { "ENV" LOST "AN", "ENVÍAN", 1 },
  /* with other repairs in the same word */
  { "INFORMACIÃ“N DE LOS PA" LOST "SES", "INFORMACIÓN DE LOS PAÍSES", 2 },
};

START_TEST (test_mojibake)
{
  const MojibakeCase *c = &mojibake_cases[_i];
  guint repaired = 999;
  g_autofree gchar *text = puebla_charset_repair_mojibake (c->input, &repaired);
  ck_assert_str_eq (text, c->expected);
  ck_assert_msg (repaired == c->repaired, "case %d: %u repairs, expected %u", _i, repaired, c->repaired);
}
END_TEST

/* Without a word list the lost letter is Í. Needs a process of its own:
   the list is loaded once per process. */
START_TEST (test_mojibake_no_wordlist)
{
  const gchar *fork = g_getenv ("CK_FORK");
  if (fork && g_str_equal (fork, "no"))
    return;

  g_setenv ("PUEBLA_WORDLIST", PUEBLA_TEST_DATA_DIR "/no-such-word-list", TRUE);
  guint repaired = 0;
  g_autofree gchar *text = puebla_charset_repair_mojibake (LOST "REA Y PA" LOST "S", &repaired);
  ck_assert_str_eq (text, "ÍREA Y PAÍS");
  ck_assert_uint_eq (repaired, 2);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Text cleaning                                                            */

typedef struct
{
  const gchar *input;
  const gchar *expected;
} CleanCase;

static const CleanCase clean_cases[] = {
  { "", "" },
  { "uno\r\ndos\r\n", "uno\ndos\n" },
  { "uno\rdos\r\rtres", "uno\ndos\n\ntres" },
  { "a\x01" "b\x7f" "c\xc2\x85" "d\x1b" "e\x0c" "f", "abcdef" },
  { "a\xc2\xa0" "b\xe2\x80\x83" "c\xe3\x80\x80" "d", "a b c d" },
  { "x\xe2\x80\x8by\xef\xbb\xbfz\xc2\xadw\xe2\x80\x8d" "v", "xyzwv" },
  { "uno\xe2\x80\xa8" "dos", "uno\ndos" },
  { "uno\nPAGE\ndos", "uno\ndos" },
  { "uno\nPAGE  \n7\n", "uno\n7\n" },
  { "uno\nPAGE 12\ndos", "uno\ndos" },
  { "uno\n  PAGE   \\* MERGEFORMAT  \ndos", "uno\ndos" },
  { "uno\nNUMPAGES\nSECTIONPAGES 3\nMERGEFORMAT\ndos", "uno\ndos" },
  { "see page 3 of the report", "see page 3 of the report" },
  { "PAGE 3 OF THE REPORT", "PAGE 3 OF THE REPORT" },
  { "Page\n", "Page\n" },
  { "celda\n\t\nfin", "celda\n\t\nfin" },
  { "\tA\t\tB\t\n", "\tA\t\tB\t\n" },
  { "fin   \nx \t  \ny\xc2\xa0\n", "fin\nx \t\ny\n" },
  { "nota\xef\xbf\xbd al pie", "nota\xef\xbf\xbd al pie" },
  { "Migracio\xcc\x81n", "Migración" },
  { "\x13 HYPERLINK \"http://x\" \x14visible\x15", "visible" },
  { "ver p\xc3\xa1gina \x13 PAGE \x14" "3\x15 de \x13NUMPAGES\x14" "9\x15.", "ver página 3 de 9." },
  { "\x13 IF \x13 PAGE \x14" "1\x15 = 1 \"x\" \x14" "uno\x15!", "uno!" },
  { "antes\x13 roto\ndespués", "antes\ndespués" },
  { "Ver HYPERLINK \"http://www.crmsv.org\" www.crmsv.org hoy", "Ver www.crmsv.org hoy" },
  { "Ver HYPERLINK \\l \"_Toc123\" el anexo", "Ver el anexo" },
  { "HYPERLINK \"mailto:crm@example.org\"\nfin", "fin" },
  { "texto \\* MERGEFORMAT fin", "texto fin" },
  { "\tHYPERLINK \"http://x\" celda\tB \\* MERGEFORMAT\t", "\tcelda\tB \t" },
  { "A\t\\* MERGEFORMAT\tB", "A\t\tB" },
  { "uno\n\n\ndos\n", "uno\n\n\ndos\n" },
  /* not UTF-8: made valid */
  { "caf\xe9", "caf\xef\xbf\xbd" },
};

START_TEST (test_textclean)
{
  const CleanCase *c = &clean_cases[_i];
  g_autofree gchar *text = puebla_textclean (c->input);
  g_autofree gchar *label = g_strdup_printf ("textclean case %d", _i);
  assert_same_text (label, text, c->expected);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Acceptance: every encoding of a record gives the record                  */

typedef enum
{
  CHARSET_IS,
  CHARSET_CONTAINS,
} CharsetMatch;

typedef struct
{
  const gchar *file;
  const gchar *charset;
  CharsetMatch match;
} EncodingCase;

static const EncodingCase encoding_cases[] = {
  { "grcm-2004-12-panama-conclusiones.latin1.txt", "ISO-8859-1", CHARSET_IS },
  { "grcm-2004-12-panama-conclusiones.cp1252.txt", "WINDOWS-1252", CHARSET_IS },
  { "grcm-2004-12-panama-conclusiones.crlf.txt", "UTF-8", CHARSET_IS },
  { "crm-2003-05-informe-presidencia-pro-tempore.utf16le-bom.txt", "UTF-16LE", CHARSET_IS },
  { "crm-2003-05-red-proteccion-consular-plan-de-trabajo.utf16be.txt", "UTF-16BE", CHARSET_IS },
  { "crm-2003-05-red-proteccion-consular-plan-de-trabajo.utf8-bom.txt", "UTF-8 (BOM)", CHARSET_IS },
  { "crm-2008-05-red-trata-plan-de-accion.mojibake.txt", "mojibake repaired", CHARSET_CONTAINS },
};

/* The pipeline of extract-text.c: charset, then textclean. */
static gchar *
pipeline (const gchar *path, gchar **charset)
{
  g_autofree gchar *bytes = NULL;
  gsize len = 0;
  g_autoptr (GError) error = NULL;
  ck_assert_msg (g_file_get_contents (path, &bytes, &len, &error), "%s", error ? error->message : path);

  g_autofree gchar *utf8 = puebla_charset_to_utf8_full (bytes, (gssize) len, NULL, charset, &error);
  ck_assert_msg (utf8 != NULL, "%s: %s", path, error ? error->message : "?");
  return puebla_textclean (utf8);
}

/* ISO-8859-1 has no curly quotes: its copy of a record holds straight ones.
   Folds them in TEXT the same way. */
static gchar *
fold_to_latin1 (const gchar *text)
{
  g_autoptr (GString) out = g_string_new (NULL);
  for (const gchar *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c == 0x201C || c == 0x201D || c == 0x201E)
        c = '"';
      else if (c == 0x2018 || c == 0x2019 || c == 0x201A)
        c = '\'';
      g_string_append_unichar (out, c);
    }
  /* nothing else outside ISO-8859-1 may be left */
  g_autofree gchar *latin1 = g_convert (out->str, -1, "ISO-8859-1", "UTF-8", NULL, NULL, NULL);
  ck_assert_msg (latin1 != NULL, "the record holds more than curly quotes outside ISO-8859-1");
  return g_strdup (out->str);
}

START_TEST (test_encodings_match_records)
{
  const EncodingCase *c = &encoding_cases[_i];
  g_autofree gchar *path = g_build_filename (PUEBLA_TEST_DATA_DIR, "encodings", c->file, NULL);
  g_autofree gchar *base = g_strndup (c->file, strcspn (c->file, "."));
  g_autofree gchar *record_name = g_strconcat (base, ".txt", NULL);
  g_autofree gchar *record_path = g_build_filename (PUEBLA_CORPUS_DIR, "records", record_name, NULL);

  g_autofree gchar *charset = NULL;
  g_autofree gchar *record_charset = NULL;
  g_autofree gchar *got = pipeline (path, &charset);
  g_autofree gchar *want = pipeline (record_path, &record_charset);
  ck_assert_str_eq (record_charset, "UTF-8");

  if (c->match == CHARSET_IS)
    ck_assert_str_eq (charset, c->charset);
  else
    ck_assert_msg (strstr (charset, c->charset) != NULL, "%s: charset \"%s\"", c->file, charset);

  if (g_str_equal (c->charset, "ISO-8859-1"))
    {
      gchar *folded = fold_to_latin1 (want);
      g_free (want);
      want = folded;
    }
  assert_same_text (c->file, got, want);
}
END_TEST

static const struct
{
  const gchar *text;
  gboolean blank;
} blank_cases[] = {
  { "", TRUE },
  { " \t\n\r\n", TRUE },
  { "\xc2\xa0\xe2\x80\x83", TRUE },  /* NBSP, EM SPACE */
  { "  a  ", FALSE },
  { "\xc3\x91", FALSE },              /* Ñ */
};

/* puebla_utf8_nfc's fast path: the characters it copies as they are are
   NFC-stable, of combining class 0, and never the second half of a
   canonical composition (checked against GLib's Unicode data on every
   code point), and its output is GLib's on mixed texts. */
START_TEST (test_nfc_fast_path)
{
  for (gunichar c = 1; c < 0x110000; c++)
    {
      if (!puebla_nfc_inert (c))
        continue;
      gchar buf[8] = { 0 };
      g_unichar_to_utf8 (c, buf);
      g_autofree gchar *nfc = g_utf8_normalize (buf, -1, G_NORMALIZE_NFC);
      ck_assert_msg (g_strcmp0 (nfc, buf) == 0, "U+%04X changes under NFC", c);
      ck_assert_msg (g_unichar_combining_class (c) == 0, "U+%04X combines", c);
    }
  for (gunichar c = 1; c < 0x110000; c++)
    {
      gunichar a = 0, b = 0;
      if (g_unichar_decompose (c, &a, &b) && b != 0)
        ck_assert_msg (!puebla_nfc_inert (b), "U+%04X + U+%04X compose to U+%04X", a, b, c);
    }

  const gchar *texts[] = {
    "plain ASCII", "MIGRACIÓN – “trata” › ¿sí? €5", "e\xcc\x81 (e + U+0301)", "\xe2\x84\xab (U+212B)",
    "\xe2\x80\x80 (U+2000)", "A\xcc\x8a\xcc\xa3", "\xe1\x84\x80\xe1\x85\xa1 (jamo)", "ﬁ ligature", "",
  };
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree gchar *want = g_utf8_normalize (texts[i], -1, G_NORMALIZE_NFC);
      g_autofree gchar *got = puebla_utf8_nfc (texts[i], -1);
      ck_assert_str_eq (got, want);
      g_autofree gchar *part = puebla_utf8_nfc (texts[i], (gssize) strlen (texts[i]) / 2);
      g_autofree gchar *part_want = g_utf8_normalize (texts[i], (gssize) strlen (texts[i]) / 2, G_NORMALIZE_NFC);
      ck_assert_str_eq (part ? part : "(null)", part_want ? part_want : "(null)");
    }

  /* the corpus: every record's text */
  g_autoptr (GDir) dir = g_dir_open (PUEBLA_CORPUS_DIR "/records", 0, NULL);
  ck_assert_ptr_nonnull (dir);
  const gchar *name;
  guint compared = 0;
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree gchar *path = g_build_filename (PUEBLA_CORPUS_DIR, "records", name, NULL);
      g_autofree gchar *text = NULL;
      ck_assert (g_file_get_contents (path, &text, NULL, NULL));
      g_autofree gchar *want = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
      g_autofree gchar *got = puebla_utf8_nfc (text, -1);
      ck_assert_str_eq (got, want);
      compared++;
    }
  ck_assert_uint_eq (compared, 5);
}
END_TEST

START_TEST (test_text_is_blank)
{
  ck_assert_int_eq (puebla_text_is_blank (blank_cases[_i].text), blank_cases[_i].blank);
}
END_TEST

START_TEST (test_squeeze_spaces)
{
  static const struct
  {
    const gchar *in, *out;
  } cases[] = {
    { "", "" },
    { " \t\n ", "" },
    { "  TRATA\r\n  DE\tPERSONAS \n", "TRATA DE PERSONAS" },
    { "año\n\nMÉXICO", "año MÉXICO" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree gchar *got = puebla_text_squeeze_spaces (cases[i].in);
      ck_assert_str_eq (got, cases[i].out);
    }
}
END_TEST

/* ------------------------------------------------------------------------ */

static Suite *
charset_suite (void)
{
  Suite *s = suite_create ("charset");

  TCase *tc = tcase_create ("decode");
  tcase_add_test (tc, test_example_latin1);
  tcase_add_loop_test (tc, test_decode, 0, G_N_ELEMENTS (decode_cases));
  tcase_add_loop_test (tc, test_utf16, 0, G_N_ELEMENTS (utf16_cases));
  tcase_add_loop_test (tc, test_looks_utf16, 0, G_N_ELEMENTS (looks_utf16_cases));
  suite_add_tcase (s, tc);

  tc = tcase_create ("binary");
  tcase_add_loop_test (tc, test_binary, 0, G_N_ELEMENTS (binary_cases));
  tcase_add_test (tc, test_double_bom);
  tcase_add_test (tc, test_error_quark);
  suite_add_tcase (s, tc);

  tc = tcase_create ("mojibake");
  tcase_add_loop_test (tc, test_mojibake, 0, G_N_ELEMENTS (mojibake_cases));
  tcase_add_test (tc, test_mojibake_no_wordlist);
  suite_add_tcase (s, tc);

  tc = tcase_create ("textclean");
  tcase_add_loop_test (tc, test_textclean, 0, G_N_ELEMENTS (clean_cases));
  tcase_add_loop_test (tc, test_text_is_blank, 0, G_N_ELEMENTS (blank_cases));
  tcase_add_test (tc, test_squeeze_spaces);
  tcase_add_test (tc, test_nfc_fast_path);
  suite_add_tcase (s, tc);

  tc = tcase_create ("encodings");
  tcase_add_loop_test (tc, test_encodings_match_records, 0, G_N_ELEMENTS (encoding_cases));
  suite_add_tcase (s, tc);

  return s;
}

int
main (void)
{
  SRunner *runner = srunner_create (charset_suite ());
  srunner_run_all (runner, CK_NORMAL);
  int failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
