/* charset.h: bytes in some old encoding → valid UTF-8 in NFC.
 *
 * What it does: decides the encoding of a text file's bytes (byte-order
 * mark; BOM-less UTF-16 from the pattern of NUL bytes; strict UTF-8; else
 * Windows-1252 when any byte 0x80-0x9F is there, ISO-8859-1 otherwise),
 * converts with iconv (through g_convert) and repairs the mojibake of UTF-8
 * once misread as Windows-1252 and saved again ("MIGRACIÃ“N" →
 * "MIGRACIÓN"). The result is valid UTF-8, NFC, without a BOM.
 *
 * What it does not do: clean up the text (line ends, control characters,
 * Word field codes: see textclean.h), or read files.
 *
 * Depends on GLib only; thread-safe (no state).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PUEBLA_CHARSET_ERROR (puebla_charset_error_quark ())
GQuark puebla_charset_error_quark (void);

typedef enum
{
  PUEBLA_CHARSET_ERROR_BINARY,   /* the bytes are not text in any encoding we know */
  PUEBLA_CHARSET_ERROR_CONVERT,  /* the converter failed (message says where) */
} PueblaCharsetError;

/* Converts LEN bytes of BYTES (LEN -1: NUL-terminated) to UTF-8 NFC,
 * guessing the encoding as described above. Returns a newly allocated
 * string (g_free), or NULL with PUEBLA_CHARSET_ERROR_BINARY when the bytes
 * hold NULs or other control bytes that no text encoding explains. */
gchar *puebla_charset_to_utf8 (const gchar *bytes, gssize len, GError **error);

/* The same, and more:
 * HINT: the charset libmagic reported ("utf-8", "iso-8859-1", "utf-16le",
 *   "binary"…) or NULL; used only as a tie-breaker, never trusted over the
 *   bytes.
 * CHARSET (OUT, nullable): the encoding found, newly allocated, one of
 *   "UTF-8", "UTF-8 (BOM)", "UTF-16LE", "UTF-16BE", "WINDOWS-1252",
 *   "ISO-8859-1"; with " + mojibake repaired" appended when a repair was made.
 */
gchar *puebla_charset_to_utf8_full (const gchar *bytes, gssize len, const gchar *hint,
                                    gchar **charset /* OUT */, GError **error);

/* Repairs, in valid UTF-8 TEXT, each run of characters that is the
 * Windows-1252 reading of a UTF-8 multi-byte sequence ("Ã³" → "ó",
 * "Ã“" → "Ó", "â€œ" → "“"), and leaves everything else alone (a lone "Ã"
 * or "Â" in real text stays). Returns a newly allocated string; sets
 * *REPAIRED (nullable) to the number of sequences repaired. */
gchar *puebla_charset_repair_mojibake (const gchar *text, guint *repaired /* OUT */);

/* TRUE when LEN bytes look like UTF-16 without a byte-order mark (libmagic
 * calls that "data"); *BIG_ENDIAN (nullable) tells which order. */
gboolean puebla_charset_looks_utf16 (const gchar *bytes, gsize len, gboolean *big_endian /* OUT */);

G_END_DECLS
