/* textclean.h: tidy UTF-8 text extracted from a record.
 *
 * What it does: CRLF and CR line ends → LF; removes control characters
 * (C0 but TAB and LF, C1, DEL), zero-width and BOM characters, the stray
 * field codes that Word leaves in saved text (a "PAGE" / "NUMPAGES" field
 * word alone on a line with its page number, "HYPERLINK "…"", "MERGEFORMAT"
 * switches, the 0x13/0x14/0x15 field marks of .doc); turns U+00A0 and other
 * Unicode spaces into plain spaces; trims trailing blanks on each line; and
 * normalises to NFC. Tabs are kept: they carry the cells of tables saved as
 * text.
 *
 * What it does not do: change the words, join or split lines, or guess
 * encodings (charset.h).
 *
 * Depends on GLib only; thread-safe.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Returns a newly allocated cleaned copy of TEXT (valid UTF-8 in, valid
 * UTF-8 NFC out). */
gchar *puebla_textclean (const gchar *text);

/* A copy of TEXT with every run of ASCII white space made one space, and
 * none at either end: to compare texts whatever their line breaks. */
gchar *puebla_text_squeeze_spaces (const gchar *text);

/* g_utf8_normalize (TEXT, LEN, G_NORMALIZE_NFC), but a plain copy when
 * every character of TEXT is one that NFC leaves as it is and that nothing
 * before it combines with (below U+0300, U+2010–U+206F, U+20A0–U+20CF:
 * checked against Unicode's data in check_charset), which is most of what
 * records hold; GLib's normalisation decomposes and recomposes every
 * character. Text that is not valid UTF-8 goes to GLib as it is. */
gchar *puebla_utf8_nfc (const gchar *text, gssize len);
/* Whether C is one of those characters. */
gboolean puebla_nfc_inert (gunichar c);

/* TRUE when UTF-8 TEXT holds nothing but white space (or nothing). */
gboolean puebla_text_is_blank (const gchar *text);

G_END_DECLS
