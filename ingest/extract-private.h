/* extract-private.h: helpers shared by the extractors (extract-docx.c,
 * extract-odt.c, extract-html.c, extract-rtf.c, extract-doc.c; the title
 * test by extract-pdf.c too). Not for use outside ingest/extract*.c.
 *
 * - Safe XML: libxml2 with no network, no DTD loading, no entity
 *   expansion (XML_PARSE_NOENT is never passed) and libxml2's default
 *   limits on input and depth (XML_PARSE_HUGE is never passed).
 * - Zip members read through zip.h, its errors mapped to verdicts.
 * - Small things: names of elements, a metadata title worth keeping, a date
 *   from metadata.
 */
#pragma once

#include "extract.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

/* Parses LEN bytes of XML named WHAT (for messages: "word/document.xml").
 * Returns a new document (xmlFreeDoc), or NULL with
 * PUEBLA_EXTRACT_ERROR_CORRUPT naming WHAT, the line and libxml2's
 * message. */
xmlDoc *_puebla_xml_read (const gchar *data, gsize len, const gchar *what, GError **error);

/* Parses LEN bytes of HTML, already in UTF-8 (its own charset declarations
 * are ignored), leniently (RECOVER, no errors reported, no network).
 * Returns a new document, or NULL with PUEBLA_EXTRACT_ERROR_CORRUPT. */
xmlDoc *_puebla_html_read (const gchar *utf8, gsize len, GError **error);

/* The text and tables of LEN bytes of HTML in UTF-8 into RECORD (its one
 * page, table rows, and title, created, modified when RECORD has none):
 * extract-html.c, shared with extract-rtf.c. FALSE with a
 * PUEBLA_EXTRACT_ERROR (CORRUPT, EMPTY) on failure. */
gboolean _puebla_html_to_record (const gchar *utf8, gsize len, PueblaRecord *record, GError **error);

/* TRUE when NODE is an element named NAME whose namespace URI ends with
 * NS_SUFFIX (NULL: any namespace, or none). */
gboolean _puebla_xml_is (const xmlNode *node, const gchar *ns_suffix, const gchar *name);

/* The text below NODE (entity references are not expanded), newly
 * allocated (g_free), never NULL. */
gchar *_puebla_xml_text (const xmlNode *node);

/* The value of attribute NAME of NODE in any namespace, newly allocated, or
 * NULL. */
gchar *_puebla_xml_attr (const xmlNode *node, const gchar *name);

/* The member NAME of the zip in SOURCE (NUL-terminated; length in
 * *OUT_LEN), or NULL with a PUEBLA_EXTRACT_ERROR: CORRUPT (damaged zip, or
 * no such member when REQUIRED: "no NAME in the zip"), TOO_LARGE,
 * ENCRYPTED. When NAME is missing and not REQUIRED: NULL, ERROR unset. */
gchar *_puebla_zip_member (const PueblaSource *source, const gchar *name, gboolean required, gsize *out_len,
                           GError **error);

/* TITLE (consumed) when it says something (not empty, not a file name, not
 * one short word such as "FINAL"), stripped; else NULL. */
gchar *_puebla_usable_title (gchar *title);

/* A date of the metadata (ISO 8601 / W3CDTF: "2006-11-27",
 * "2006-11-27T10:00:00Z") as ISO 8601, or NULL when it is none or the
 * empty date of a template (before 1980). */
gchar *_puebla_metadata_date (const gchar *value);

/* Sets ERROR from LOCAL, the failure of an external converter
 * (filter.h), as an extraction error: the program missing is
 * UNSUPPORTED, too much output TOO_LARGE, anything else CORRUPT; the
 * message is WHAT ("cannot convert the RTF") and the filter's. */
void _puebla_extract_error_from_filter (GError **error, const GError *local, const gchar *what);

G_END_DECLS
