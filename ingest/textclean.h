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

/* TRUE when UTF-8 TEXT holds nothing but white space (or nothing). */
gboolean puebla_text_is_blank (const gchar *text);

G_END_DECLS
