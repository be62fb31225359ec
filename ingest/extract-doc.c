/* extract-doc.c: Word 97–2003 (.doc) → one unpaged page and table rows,
 * through antiword.
 *
 * antiword (Debian's antiword package) prints the document as DocBook XML
 * (-x db): paragraphs as <para>, tables as <informaltable> with <row> and
 * <entry>, each cell's paragraphs on lines of their own, nothing wrapped.
 * That XML is parsed like any other (extract-private.h) and walked into
 * doctext.h: paragraphs and titles are lines, tables are table rows (the
 * first row of each is its header), footnotes are left out as in DOCX.
 * (antiword's plain text output wraps lines and gives no mark between
 * table rows, catdoc's puts cells and paragraphs alike on new lines:
 * neither lets the rows be rebuilt reliably; DocBook does.) Merged cells:
 * antiword repeats no cell and marks no span, so a merged cell's columns
 * may come short; rows shorter than the header get empty cells.
 *
 * antiword runs as a filter (filter.h): a child process on a copy of the
 * bytes, under a wall-time limit (30 s) and an output budget (64 MiB),
 * killed when it runs over. "Encrypted documents are not supported" gives
 * the verdict encrypted; "is not a Word Document" corrupt (for a file
 * libmagic calls Word) or unsupported (another OLE2 file: a spreadsheet, a
 * presentation). The <date> of its <bookinfo> is the creation date, its
 * <title> the metadata title.
 */
#include "extract-private.h"

#include "doctext.h"
#include "filter.h"

#include <string.h>

static gboolean
is (const xmlNode *n, const gchar *name)
{
  return _puebla_xml_is (n, NULL, name);
}

static void walk (PueblaDocText *doc, const xmlNode *parent, guint depth);

/* The text of a paragraph: its text nodes as they are (a newline is a
   line break), inline markup walked through, footnotes left out. */
static void
walk_inline (PueblaDocText *doc, const xmlNode *parent, guint depth)
{
  for (const xmlNode *n = parent->children; n && depth < 200; n = n->next)
    {
      if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content)
        puebla_doctext_append (doc, (const gchar *) n->content, -1);
      else if (is (n, "footnote"))
        continue;
      else if (is (n, "informaltable") || is (n, "table"))
        walk (doc, n, depth + 1); /* a table inside a paragraph: antiword's way */
      else if (n->type == XML_ELEMENT_NODE)
        walk_inline (doc, n, depth + 1);
    }
}

static void
walk (PueblaDocText *doc, const xmlNode *parent, guint depth)
{
  for (const xmlNode *n = parent->children; n && depth < 200; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE || is (n, "bookinfo") || is (n, "footnote") || is (n, "colspec"))
        continue;
      if (is (n, "title") && is (parent, "book"))
        continue; /* the metadata title, as in <bookinfo> */
      if (is (n, "para") || is (n, "title") || is (n, "simpara"))
        {
          walk_inline (doc, n, depth + 1);
          puebla_doctext_end_paragraph (doc, FALSE);
        }
      else if (is (n, "informaltable") || is (n, "table"))
        {
          puebla_doctext_end_paragraph (doc, FALSE);
          puebla_doctext_begin_table (doc);
          walk (doc, n, depth + 1);
          puebla_doctext_end_table (doc);
        }
      else if (is (n, "row"))
        {
          puebla_doctext_begin_row (doc);
          walk (doc, n, depth + 1);
          puebla_doctext_end_row (doc);
        }
      else if (is (n, "entry"))
        {
          puebla_doctext_begin_cell (doc, 1);
          walk_inline (doc, n, depth + 1);
          puebla_doctext_end_cell (doc);
        }
      else
        walk (doc, n, depth + 1); /* chapter, sect1, tgroup, tbody, itemizedlist… */
    }
}

static void
read_bookinfo (const xmlNode *book, PueblaRecord *record)
{
  for (const xmlNode *n = book->children; n; n = n->next)
    if (is (n, "bookinfo"))
      for (const xmlNode *i = n->children; i; i = i->next)
        {
          if (is (i, "title") && record->title == NULL)
            record->title = _puebla_usable_title (_puebla_xml_text (i));
          else if (is (i, "date") && record->created == NULL)
            {
              g_autofree gchar *t = _puebla_xml_text (i);
              record->created = _puebla_metadata_date (t);
            }
        }
}

gboolean
_puebla_extract_doc (const PueblaSource *source, PueblaRecord *record, GError **error)
{
  static const gchar *const argv[] = { "antiword", "-x", "db", "{}", NULL };
  g_autoptr (GError) local = NULL;
  g_autoptr (PueblaFilterOutput) out = puebla_filter_run (argv, source->data, source->len, ".doc", NULL, &local);
  const gchar *said = out ? out->err : local->message;
  /* Word by libmagic, or by the name of its main stream in the OLE2
     directory (UTF-16): a truncated .doc is a damaged Word file */
  static const gchar stream[] = "W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0";
  gboolean word = g_str_equal (source->mime_type, "application/msword")
                  || memmem (source->data, source->len, stream, sizeof stream - 1) != NULL;
  if (strstr (said, "Encrypted documents"))
    {
      g_set_error (error, PUEBLA_EXTRACT_ERROR, PUEBLA_EXTRACT_ERROR_ENCRYPTED,
                   "password-protected Word document (antiword: encrypted documents are not supported)");
      return FALSE;
    }
  if (strstr (said, "not a Word Document"))
    {
      g_autofree gchar *why = g_strstrip (g_strdup (strstr (said, "not a Word Document")));
      g_set_error (error, PUEBLA_EXTRACT_ERROR, word ? PUEBLA_EXTRACT_ERROR_CORRUPT : PUEBLA_EXTRACT_ERROR_UNSUPPORTED,
                   "antiword: %s%s", why, word ? " (damaged or truncated)" : "");
      return FALSE;
    }
  if (out == NULL)
    {
      _puebla_extract_error_from_filter (error, local, "cannot convert the Word document");
      return FALSE;
    }

  g_autoptr (xmlDoc) xml = _puebla_xml_read (out->out, out->out_len, "antiword's DocBook", error);
  if (xml == NULL)
    return FALSE;
  const xmlNode *book = xmlDocGetRootElement (xml);
  g_autoptr (PueblaDocText) doc = puebla_doctext_new ();
  walk (doc, book, 0);
  if (!puebla_doctext_finish (doc, record, error))
    {
      if (*out->err)
        g_prefix_error (error, "antiword: %s: ", out->err);
      return FALSE;
    }
  read_bookinfo (book, record);
  return TRUE;
}
