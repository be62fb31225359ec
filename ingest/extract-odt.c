/* extract-odt.c: ODT (OpenDocument text) → one unpaged page and table rows.
 *
 * Reads content.xml from the zip (zip.h: bounded) and walks office:text
 * with libxml2 (extract-private.h): text:p and text:h (headings) are lines,
 * lists give one line per paragraph of each item; white space in text is
 * collapsed as ODF says, text:s gives its spaces, text:tab a TAB,
 * text:line-break a line break. Tables become table rows (doctext.h):
 * table:number-columns-spanned keeps the columns in line, a
 * table:covered-table-cell (under a merge) is an empty cell, repeated cells
 * are repeated (up to 64). Notes (footnotes, endnotes), annotations and
 * tracked deletions are left out; text boxes become paragraphs where they
 * are anchored.
 *
 * A file whose META-INF/manifest.xml has encryption data is password
 * protected: verdict encrypted. meta.xml gives the metadata title (a
 * fallback, see extract.c), the creation date and dc:date (modified).
 */
#include "extract-private.h"

#include "doctext.h"

#include <string.h>

#define TEXT_NS "xmlns:text:1.0"
#define TABLE_NS "xmlns:table:1.0"
#define OFFICE_NS "xmlns:office:1.0"
#define DRAW_NS "xmlns:drawing:1.0"

static guint
count_attr (const xmlNode *node, const gchar *name, guint max)
{
  g_autofree gchar *v = _puebla_xml_attr (node, name);
  if (v == NULL)
    return 1;
  gint64 n = g_ascii_strtoll (v, NULL, 10);
  return (guint) CLAMP (n, 1, (gint64) max);
}

static void walk_blocks (PueblaDocText *doc, const xmlNode *parent, guint depth);

/* Text as ODF reads it: each run of white space one space. */
static void
append_collapsed (PueblaDocText *doc, const gchar *text)
{
  GString *out = g_string_new (NULL);
  for (const gchar *p = text; *p; p++)
    {
      if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        {
          if (out->len == 0 || out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
        }
      else
        g_string_append_c (out, *p);
    }
  puebla_doctext_append (doc, out->str, (gssize) out->len);
  g_string_free (out, TRUE);
}

static void
walk_inline (PueblaDocText *doc, const xmlNode *parent, guint depth)
{
  if (depth > 200)
    return;
  for (const xmlNode *n = parent->children; n; n = n->next)
    {
      if (n->type == XML_TEXT_NODE)
        {
          append_collapsed (doc, (const gchar *) n->content);
          continue;
        }
      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (_puebla_xml_is (n, TEXT_NS, "s"))
        {
          for (guint i = count_attr (n, "c", 1000); i > 0; i--)
            puebla_doctext_append (doc, " ", 1);
        }
      else if (_puebla_xml_is (n, TEXT_NS, "tab"))
        puebla_doctext_append (doc, "\t", 1);
      else if (_puebla_xml_is (n, TEXT_NS, "line-break"))
        puebla_doctext_line_break (doc);
      else if (_puebla_xml_is (n, TEXT_NS, "note") || _puebla_xml_is (n, OFFICE_NS, "annotation")
               || _puebla_xml_is (n, OFFICE_NS, "annotation-end") || _puebla_xml_is (n, TEXT_NS, "tracked-changes"))
        continue;
      else if (_puebla_xml_is (n, DRAW_NS, "text-box"))
        {
          puebla_doctext_end_paragraph (doc, FALSE);
          walk_blocks (doc, n, depth + 1);
        }
      else
        walk_inline (doc, n, depth + 1); /* text:span, text:a, text:meta, draw:frame… */
    }
}

static void
walk_rows (PueblaDocText *doc, const xmlNode *parent, guint depth)
{
  for (const xmlNode *tr = parent->children; tr; tr = tr->next)
    {
      if (_puebla_xml_is (tr, TABLE_NS, "table-header-rows") || _puebla_xml_is (tr, TABLE_NS, "table-rows")
          || _puebla_xml_is (tr, TABLE_NS, "table-row-group"))
        {
          walk_rows (doc, tr, depth + 1);
          continue;
        }
      if (!_puebla_xml_is (tr, TABLE_NS, "table-row"))
        continue;
      /* rows repeated (spreadsheet-like tables): once, they are empty */
      puebla_doctext_begin_row (doc);
      for (const xmlNode *tc = tr->children; tc; tc = tc->next)
        {
          guint repeat = count_attr (tc, "number-columns-repeated", 64);
          if (_puebla_xml_is (tc, TABLE_NS, "covered-table-cell"))
            {
              for (guint i = 0; i < repeat; i++)
                puebla_doctext_covered_cell (doc);
              continue;
            }
          if (!_puebla_xml_is (tc, TABLE_NS, "table-cell"))
            continue;
          /* a cell spanning columns (number-columns-spanned) is followed
             by a covered cell for each column it spans */
          for (guint i = 0; i < repeat; i++)
            {
              puebla_doctext_begin_cell (doc, 1);
              walk_blocks (doc, tc, depth + 1);
              puebla_doctext_end_cell (doc);
            }
        }
      puebla_doctext_end_row (doc);
    }
}

static void
walk_blocks (PueblaDocText *doc, const xmlNode *parent, guint depth)
{
  if (depth > 200)
    return;
  for (const xmlNode *n = parent->children; n; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (_puebla_xml_is (n, TEXT_NS, "p") || _puebla_xml_is (n, TEXT_NS, "h"))
        {
          walk_inline (doc, n, depth + 1);
          puebla_doctext_end_paragraph (doc, TRUE);
        }
      else if (_puebla_xml_is (n, TABLE_NS, "table"))
        {
          puebla_doctext_begin_table (doc);
          walk_rows (doc, n, depth + 1);
          puebla_doctext_end_table (doc);
        }
      else if (_puebla_xml_is (n, TEXT_NS, "sequence-decls") || _puebla_xml_is (n, TEXT_NS, "variable-decls")
               || _puebla_xml_is (n, TEXT_NS, "user-field-decls") || _puebla_xml_is (n, TEXT_NS, "tracked-changes")
               || _puebla_xml_is (n, OFFICE_NS, "forms") || _puebla_xml_is (n, TABLE_NS, "table-columns")
               || _puebla_xml_is (n, TABLE_NS, "table-column") || _puebla_xml_is (n, OFFICE_NS, "annotation"))
        continue;
      else
        walk_blocks (doc, n, depth + 1); /* text:list, text:list-item, text:section, draw:frame… */
    }
}

static void
read_meta (const PueblaSource *source, PueblaRecord *record)
{
  g_autoptr (GError) error = NULL;
  gsize len = 0;
  g_autofree gchar *xml = _puebla_zip_member (source, "meta.xml", FALSE, &len, &error);
  if (xml == NULL)
    {
      if (error)
        puebla_record_add_warning (record, "no metadata: %s", error->message);
      return;
    }
  g_autoptr (xmlDoc) doc = _puebla_xml_read (xml, len, "meta.xml", &error);
  if (doc == NULL)
    {
      puebla_record_add_warning (record, "no metadata: %s", error->message);
      return;
    }
  const xmlNode *meta = NULL;
  for (const xmlNode *n = xmlDocGetRootElement (doc)->children; n; n = n->next)
    if (_puebla_xml_is (n, OFFICE_NS, "meta"))
      meta = n;
  for (const xmlNode *n = meta ? meta->children : NULL; n; n = n->next)
    {
      if (_puebla_xml_is (n, "purl.org/dc/elements/1.1/", "title") && record->title == NULL)
        record->title = _puebla_usable_title (_puebla_xml_text (n));
      else if (_puebla_xml_is (n, "xmlns:meta:1.0", "creation-date") && record->created == NULL)
        {
          g_autofree gchar *t = _puebla_xml_text (n);
          record->created = _puebla_metadata_date (t);
        }
      else if (_puebla_xml_is (n, "purl.org/dc/elements/1.1/", "date") && record->modified == NULL)
        {
          g_autofree gchar *t = _puebla_xml_text (n);
          record->modified = _puebla_metadata_date (t);
        }
    }
}

gboolean
_puebla_extract_odt (const PueblaSource *source, PueblaRecord *record, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autofree gchar *manifest = _puebla_zip_member (source, "META-INF/manifest.xml", FALSE, NULL, &local);
  if (manifest && strstr (manifest, "encryption-data"))
    {
      g_set_error (error, PUEBLA_EXTRACT_ERROR, PUEBLA_EXTRACT_ERROR_ENCRYPTED,
                   "password-protected OpenDocument (its manifest lists encryption data)");
      return FALSE;
    }

  gsize len = 0;
  g_autofree gchar *xml = _puebla_zip_member (source, "content.xml", TRUE, &len, error);
  if (xml == NULL)
    return FALSE;
  g_autoptr (xmlDoc) doc = _puebla_xml_read (xml, len, "content.xml", error);
  if (doc == NULL)
    return FALSE;
  const xmlNode *root = xmlDocGetRootElement (doc), *body = NULL, *text = NULL;
  for (const xmlNode *n = root ? root->children : NULL; n; n = n->next)
    if (_puebla_xml_is (n, OFFICE_NS, "body"))
      body = n;
  for (const xmlNode *n = body ? body->children : NULL; n; n = n->next)
    if (_puebla_xml_is (n, OFFICE_NS, "text"))
      text = n;
  if (text == NULL)
    {
      g_set_error (error, PUEBLA_EXTRACT_ERROR, PUEBLA_EXTRACT_ERROR_CORRUPT,
                   "content.xml holds no office:body with office:text");
      return FALSE;
    }

  g_autoptr (PueblaDocText) out = puebla_doctext_new ();
  walk_blocks (out, text, 0);
  if (!puebla_doctext_finish (out, record, error))
    return FALSE;
  read_meta (source, record);
  return TRUE;
}
