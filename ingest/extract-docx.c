/* extract-docx.c: DOCX (Office Open XML, WordprocessingML) → one unpaged
 * page and table rows.
 *
 * Reads word/document.xml from the zip (zip.h: bounded) and walks its body
 * with libxml2 (extract-private.h: no network, no entity expansion):
 * paragraphs are lines (headings, styled Heading or Title, too: each on a
 * line of its own); w:tab is a TAB, w:br and w:cr break the line,
 * w:noBreakHyphen is a hyphen; deleted text (w:del), field instructions
 * (w:instrText) and the Fallback of alternate content are skipped; text
 * boxes become paragraphs where they are anchored. Tables become table
 * rows (doctext.h): w:gridSpan and w:gridBefore keep the columns in line,
 * a cell continuing a vertical merge (w:vMerge without "restart") is empty.
 * Footnotes, endnotes, comments, headers and footers are left out: they are
 * not part of the body a search shows.
 *
 * docProps/core.xml gives the metadata title (a fallback: extract.c prefers
 * the text's own heading) and the creation and modification dates.
 */
#include "extract-private.h"

#include "doctext.h"

#include <string.h>

#define W "wordprocessingml/2006/main"
#define W_STRICT "wordprocessingml/main"

/* An element of WordprocessingML (transitional or strict) named NAME. */
static gboolean
is_w (const xmlNode *node, const gchar *name)
{
  return _puebla_xml_is (node, W, name) || _puebla_xml_is (node, W_STRICT, name);
}

/* The w:val of the child NAME of NODE (a property), or NULL. */
static gchar *
prop_val (const xmlNode *node, const gchar *name, gboolean *present /* OUT, nullable */)
{
  for (const xmlNode *c = node ? node->children : NULL; c; c = c->next)
    if (is_w (c, name))
      {
        if (present)
          *present = TRUE;
        return _puebla_xml_attr (c, "val");
      }
  return NULL;
}

static const xmlNode *
child (const xmlNode *node, const gchar *name)
{
  for (const xmlNode *c = node ? node->children : NULL; c; c = c->next)
    if (is_w (c, name))
      return c;
  return NULL;
}

static void walk_blocks (PueblaDocText *doc, const xmlNode *parent, guint depth);

/* The inline content of a paragraph: runs, hyperlinks, fields… */
static void
walk_inline (PueblaDocText *doc, const xmlNode *parent, guint depth)
{
  for (const xmlNode *n = parent->children; n; n = n->next)
    {
      if (n->type == XML_TEXT_NODE)
        continue; /* white space between elements */
      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (is_w (n, "t"))
        {
          g_autofree gchar *t = _puebla_xml_text (n);
          puebla_doctext_append (doc, t, -1);
        }
      else if (is_w (n, "tab") || is_w (n, "ptab"))
        puebla_doctext_append (doc, "\t", 1);
      else if (is_w (n, "br") || is_w (n, "cr"))
        puebla_doctext_line_break (doc);
      else if (is_w (n, "noBreakHyphen"))
        puebla_doctext_append (doc, "-", 1);
      else if (is_w (n, "pPr") || is_w (n, "rPr") || is_w (n, "del") || is_w (n, "moveFrom")
               || is_w (n, "instrText") || is_w (n, "delText") || is_w (n, "footnoteReference")
               || is_w (n, "endnoteReference") || is_w (n, "commentReference")
               || _puebla_xml_is (n, "markup-compatibility/2006", "Fallback"))
        continue;
      else if (is_w (n, "txbxContent"))
        {
          /* a text box: its paragraphs where it is anchored */
          puebla_doctext_end_paragraph (doc, FALSE);
          walk_blocks (doc, n, depth + 1);
        }
      else
        walk_inline (doc, n, depth + 1); /* w:r, w:hyperlink, w:ins, w:fldSimple, w:smartTag, w:sdt… */
    }
}

static void
walk_table (PueblaDocText *doc, const xmlNode *tbl, guint depth);

/* The rows of a table, through the content controls that may wrap them. */
static void
walk_rows (PueblaDocText *doc, const xmlNode *parent, guint depth)
{
  for (const xmlNode *tr = parent->children; tr; tr = tr->next)
    {
      if (is_w (tr, "sdt") || is_w (tr, "sdtContent") || is_w (tr, "customXml") || is_w (tr, "ins"))
        {
          walk_rows (doc, tr, depth + 1);
          continue;
        }
      if (!is_w (tr, "tr"))
        continue;
      puebla_doctext_begin_row (doc);
      g_autofree gchar *before = prop_val (child (tr, "trPr"), "gridBefore", NULL);
      for (gint64 i = before ? g_ascii_strtoll (before, NULL, 10) : 0; i > 0 && i <= 64; i--)
        puebla_doctext_covered_cell (doc);
      for (const xmlNode *tc = tr->children; tc; tc = tc->next)
        {
          const xmlNode *cell = tc;
          if (is_w (tc, "sdt"))
            cell = child (child (tc, "sdtContent"), "tc");
          if (!is_w (cell, "tc"))
            continue;
          const xmlNode *pr = child (cell, "tcPr");
          g_autofree gchar *span_s = prop_val (pr, "gridSpan", NULL);
          gint64 span = span_s ? CLAMP (g_ascii_strtoll (span_s, NULL, 10), 1, 64) : 1;
          gboolean vmerge = FALSE;
          g_autofree gchar *vmerge_val = prop_val (pr, "vMerge", &vmerge);
          if (vmerge && g_strcmp0 (vmerge_val, "restart") != 0)
            {
              /* continues the cell above: its text is there */
              for (gint64 i = 0; i < span; i++)
                puebla_doctext_covered_cell (doc);
              continue;
            }
          puebla_doctext_begin_cell (doc, (guint) span);
          walk_blocks (doc, cell, depth + 1);
          puebla_doctext_end_cell (doc);
        }
      puebla_doctext_end_row (doc);
    }
}

static void
walk_table (PueblaDocText *doc, const xmlNode *tbl, guint depth)
{
  puebla_doctext_begin_table (doc);
  walk_rows (doc, tbl, depth);
  puebla_doctext_end_table (doc);
}

/* Block content: the body, a cell, a text box, a content control. */
static void
walk_blocks (PueblaDocText *doc, const xmlNode *parent, guint depth)
{
  if (depth > 200)
    return; /* libxml2 refuses deeper documents anyway */
  for (const xmlNode *n = parent->children; n; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (is_w (n, "p"))
        {
          walk_inline (doc, n, depth + 1);
          puebla_doctext_end_paragraph (doc, TRUE);
        }
      else if (is_w (n, "tbl"))
        walk_table (doc, n, depth + 1);
      else if (is_w (n, "sectPr") || is_w (n, "tcPr") || is_w (n, "tblPr") || is_w (n, "del")
               || is_w (n, "moveFrom") || _puebla_xml_is (n, "markup-compatibility/2006", "Fallback"))
        continue;
      else
        walk_blocks (doc, n, depth + 1); /* w:sdt, w:sdtContent, w:customXml, w:ins… */
    }
}

/* docProps/core.xml: title, created, modified. A broken one is a warning. */
static void
read_core_properties (const PueblaSource *source, PueblaRecord *record)
{
  g_autoptr (GError) error = NULL;
  gsize len = 0;
  g_autofree gchar *xml = _puebla_zip_member (source, "docProps/core.xml", FALSE, &len, &error);
  if (xml == NULL)
    {
      if (error)
        puebla_record_add_warning (record, "no metadata: %s", error->message);
      return;
    }
  g_autoptr (xmlDoc) doc = _puebla_xml_read (xml, len, "docProps/core.xml", &error);
  if (doc == NULL)
    {
      puebla_record_add_warning (record, "no metadata: %s", error->message);
      return;
    }
  for (const xmlNode *n = xmlDocGetRootElement (doc)->children; n; n = n->next)
    {
      if (_puebla_xml_is (n, "purl.org/dc/elements/1.1/", "title") && record->title == NULL)
        record->title = _puebla_usable_title (_puebla_xml_text (n));
      else if (_puebla_xml_is (n, "purl.org/dc/terms/", "created") && record->created == NULL)
        {
          g_autofree gchar *t = _puebla_xml_text (n);
          record->created = _puebla_metadata_date (t);
        }
      else if (_puebla_xml_is (n, "purl.org/dc/terms/", "modified") && record->modified == NULL)
        {
          g_autofree gchar *t = _puebla_xml_text (n);
          record->modified = _puebla_metadata_date (t);
        }
    }
}

gboolean
_puebla_extract_docx (const PueblaSource *source, PueblaRecord *record, GError **error)
{
  gsize len = 0;
  g_autofree gchar *xml = _puebla_zip_member (source, "word/document.xml", TRUE, &len, error);
  if (xml == NULL)
    return FALSE;
  g_autoptr (xmlDoc) doc = _puebla_xml_read (xml, len, "word/document.xml", error);
  if (doc == NULL)
    return FALSE;
  const xmlNode *root = xmlDocGetRootElement (doc);
  const xmlNode *body = is_w (root, "document") ? child (root, "body") : NULL;
  if (body == NULL)
    {
      g_set_error (error, PUEBLA_EXTRACT_ERROR, PUEBLA_EXTRACT_ERROR_CORRUPT,
                   "word/document.xml holds no w:document with a w:body");
      return FALSE;
    }

  g_autoptr (PueblaDocText) text = puebla_doctext_new ();
  walk_blocks (text, body, 0);
  if (!puebla_doctext_finish (text, record, error))
    return FALSE;
  read_core_properties (source, record);
  return TRUE;
}
