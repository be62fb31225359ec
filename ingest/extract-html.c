/* extract-html.c: HTML → one unpaged page and table rows.
 *
 * The charset first, then the markup: a byte-order mark decides; else a
 * <meta charset> or <meta http-equiv="Content-Type" content="…charset=…">
 * in the first 8 KiB (ISO-8859-1 and ASCII read as Windows-1252, as
 * browsers do); else the bytes themselves (charset.h: UTF-8 when valid,
 * Windows-1252 or ISO-8859-1 otherwise). The text, converted to UTF-8, is
 * parsed by libxml2's HTML parser (lenient, no network, its own charset
 * hints ignored: the conversion is done).
 *
 * The walk: head, script, style, template and the like are skipped (the
 * <title> is the metadata title, a fallback: see extract.c); block
 * elements (p, div, li, h1–h6, …) end lines, <br> breaks one, white space
 * collapses outside <pre>. Tables become table rows (doctext.h): the first
 * row of each table is its header; colspan and rowspan keep the columns in
 * line (a cell under a rowspan is empty).
 *
 * _puebla_html_to_record() is shared with extract-rtf.c (unrtf writes
 * HTML).
 */
#include "extract-private.h"

#include "charset.h"
#include "doctext.h"

#include <string.h>

typedef struct
{
  PueblaDocText *doc;
  guint pre;           /* depth of <pre> */
  gchar *title;
  gchar *created;
  gchar *modified;
} Walker;

static gboolean
name_is (const xmlNode *n, const gchar *name)
{
  return n->type == XML_ELEMENT_NODE && g_ascii_strcasecmp ((const gchar *) n->name, name) == 0;
}

static gboolean
name_in (const xmlNode *n, const gchar *const *names)
{
  for (guint i = 0; names[i]; i++)
    if (name_is (n, names[i]))
      return TRUE;
  return FALSE;
}

static const gchar *const skipped[] = { "script", "style", "template", "noscript", "iframe", "object", "embed",
                                        "svg", "math", "select", "textarea", "input", "button", "map", NULL };

static const gchar *const blocks[] = { "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt",
                                       "dd", "blockquote", "pre", "address", "article", "aside", "section", "header",
                                       "footer", "nav", "main", "figure", "figcaption", "form", "fieldset", "legend",
                                       "center", "hr", "details", "summary", "dialog", "menu", "dir", "hgroup",
                                       "caption", "body", "html", "title", NULL };

static void walk (Walker *w, const xmlNode *parent, guint depth);

static void
append_text (Walker *w, const gchar *text)
{
  if (w->pre)
    {
      puebla_doctext_append (w->doc, text, -1);
      return;
    }
  GString *out = g_string_new (NULL);
  for (const gchar *p = text; *p; p++)
    {
      if (g_ascii_isspace (*p))
        {
          if (out->len == 0 || out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
        }
      else
        g_string_append_c (out, *p);
    }
  puebla_doctext_append (w->doc, out->str, (gssize) out->len);
  g_string_free (out, TRUE);
}

static guint
int_attr (const xmlNode *n, const gchar *name, guint max)
{
  g_autofree gchar *v = _puebla_xml_attr (n, name);
  gint64 i = v ? g_ascii_strtoll (v, NULL, 10) : 1;
  return (guint) CLAMP (i, 1, (gint64) max);
}

typedef struct
{
  GArray *below;  /* of guint: for each column, the rows a rowspan above still covers */
  guint col;
} TableWalk;

/* Covered cells (under a rowspan) at the current column. */
static void
fill_covered (Walker *w, TableWalk *t)
{
  while (t->col < t->below->len && g_array_index (t->below, guint, t->col) > 0)
    {
      g_array_index (t->below, guint, t->col)--;
      puebla_doctext_covered_cell (w->doc);
      t->col++;
    }
}

static void
walk_row (Walker *w, TableWalk *t, const xmlNode *tr, guint depth)
{
  puebla_doctext_begin_row (w->doc);
  t->col = 0;
  for (const xmlNode *c = tr->children; c; c = c->next)
    {
      if (!name_is (c, "td") && !name_is (c, "th"))
        continue;
      fill_covered (w, t);
      guint span = int_attr (c, "colspan", 64);
      guint rows = int_attr (c, "rowspan", 1000);
      puebla_doctext_begin_cell (w->doc, span);
      walk (w, c, depth + 1);
      puebla_doctext_end_cell (w->doc);
      for (guint k = 0; k < span; k++)
        {
          if (t->col + k >= t->below->len)
            g_array_set_size (t->below, t->col + k + 1);
          g_array_index (t->below, guint, t->col + k) = rows - 1;
        }
      t->col += span;
    }
  /* columns still covered from above, to the right of the last cell */
  while (t->col < t->below->len)
    {
      fill_covered (w, t);
      if (t->col < t->below->len)
        t->col++;
    }
  puebla_doctext_end_row (w->doc);
}

static void
walk_table_part (Walker *w, TableWalk *t, const xmlNode *parent, guint depth)
{
  for (const xmlNode *n = parent->children; n; n = n->next)
    {
      if (name_is (n, "tr"))
        walk_row (w, t, n, depth + 1);
      else if (name_is (n, "thead") || name_is (n, "tbody") || name_is (n, "tfoot"))
        walk_table_part (w, t, n, depth + 1);
      else if (name_is (n, "caption"))
        {
          /* in a table but in no cell: doctext writes it after the table */
          walk (w, n, depth + 1);
          puebla_doctext_end_paragraph (w->doc, FALSE);
        }
    }
}

static void
walk_table (Walker *w, const xmlNode *table, guint depth)
{
  TableWalk t = { g_array_new (FALSE, TRUE, sizeof (guint)), 0 };
  puebla_doctext_begin_table (w->doc);
  walk_table_part (w, &t, table, depth);
  puebla_doctext_end_table (w->doc);
  g_array_unref (t.below);
}

/* <meta name="created" content="…">: LibreOffice's and Dublin Core's dates. */
static void
read_meta (Walker *w, const xmlNode *meta)
{
  g_autofree gchar *name = _puebla_xml_attr (meta, "name");
  g_autofree gchar *content = _puebla_xml_attr (meta, "content");
  if (name == NULL || content == NULL)
    return;
  if ((g_ascii_strcasecmp (name, "created") == 0 || g_ascii_strcasecmp (name, "dcterms.created") == 0)
      && w->created == NULL)
    w->created = _puebla_metadata_date (content);
  else if ((g_ascii_strcasecmp (name, "changed") == 0 || g_ascii_strcasecmp (name, "dcterms.modified") == 0)
           && w->modified == NULL)
    w->modified = _puebla_metadata_date (content);
}

static void
walk_head (Walker *w, const xmlNode *head)
{
  for (const xmlNode *n = head->children; n; n = n->next)
    {
      if (name_is (n, "title") && w->title == NULL)
        w->title = _puebla_xml_text (n);
      else if (name_is (n, "meta"))
        read_meta (w, n);
    }
}

static void
walk (Walker *w, const xmlNode *parent, guint depth)
{
  if (depth > 250)
    return;
  for (const xmlNode *n = parent->children; n; n = n->next)
    {
      if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
        {
          if (n->content)
            append_text (w, (const gchar *) n->content);
          continue;
        }
      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (name_is (n, "head"))
        walk_head (w, n);
      else if (name_in (n, skipped))
        continue;
      else if (name_is (n, "br"))
        puebla_doctext_line_break (w->doc);
      else if (name_is (n, "table"))
        walk_table (w, n, depth + 1);
      else if (name_is (n, "title"))
        {
          if (w->title == NULL)
            w->title = _puebla_xml_text (n);
        }
      else if (name_in (n, blocks))
        {
          gboolean pre = name_is (n, "pre");
          puebla_doctext_end_paragraph (w->doc, FALSE);
          w->pre += pre;
          walk (w, n, depth + 1);
          w->pre -= pre;
          puebla_doctext_end_paragraph (w->doc, FALSE);
        }
      else
        walk (w, n, depth + 1); /* inline: span, b, a, font… */
    }
}

gboolean
_puebla_html_to_record (const gchar *utf8, gsize len, PueblaRecord *record, GError **error)
{
  g_autoptr (xmlDoc) html = _puebla_html_read (utf8, len, error);
  if (html == NULL)
    return FALSE;
  g_autoptr (PueblaDocText) doc = puebla_doctext_new ();
  Walker w = { .doc = doc };
  walk (&w, (const xmlNode *) html, 0);
  gboolean ok = puebla_doctext_finish (doc, record, error);
  if (ok)
    {
      if (record->title == NULL)
        record->title = _puebla_usable_title (g_steal_pointer (&w.title));
      if (record->created == NULL)
        record->created = g_steal_pointer (&w.created);
      if (record->modified == NULL)
        record->modified = g_steal_pointer (&w.modified);
    }
  g_free (w.title);
  g_free (w.created);
  g_free (w.modified);
  return ok;
}

/* ---- The charset ---------------------------------------------------------------- */

/* The charset a <meta> declares in the first 8 KiB of DATA, newly
   allocated, lower case; or NULL. */
static gchar *
declared_charset (const gchar *data, gsize len)
{
  gsize n = MIN (len, 8192);
  g_autofree gchar *head = g_ascii_strdown (data, (gssize) n);
  for (const gchar *meta = g_strstr_len (head, (gssize) n, "<meta"); meta;
       meta = g_strstr_len (meta + 5, (gssize) (n - (gsize) (meta + 5 - head)), "<meta"))
    {
      const gchar *end = memchr (meta, '>', n - (gsize) (meta - head));
      if (end == NULL)
        break;
      g_autofree gchar *tag = g_strndup (meta, (gsize) (end - meta));
      const gchar *cs = strstr (tag, "charset");
      if (cs == NULL)
        continue;
      cs += strlen ("charset");
      while (*cs == ' ')
        cs++;
      if (*cs != '=')
        continue;
      cs++;
      while (*cs == ' ' || *cs == '"' || *cs == '\'')
        cs++;
      gsize k = strspn (cs, "abcdefghijklmnopqrstuvwxyz0123456789-_.:");
      if (k > 0 && k < 40)
        return g_strndup (cs, k);
    }
  return NULL;
}

/* DATA as UTF-8 by the rules above; *CHARSET (OUT) the encoding used. */
static gchar *
html_to_utf8 (const PueblaSource *source, gchar **charset, PueblaRecord *record, GError **error)
{
  const gchar *data = source->data;
  gsize len = source->len;
  gboolean bom = (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
                 || (len >= 2 && (memcmp (data, "\xFF\xFE", 2) == 0 || memcmp (data, "\xFE\xFF", 2) == 0));
  g_autofree gchar *declared = bom ? NULL : declared_charset (data, len);
  if (declared)
    {
      /* UTF-16 declared without a BOM is UTF-8, says HTML */
      if (g_str_equal (declared, "utf-8") || g_str_equal (declared, "utf8") || g_str_has_prefix (declared, "utf-16"))
        {
          if (g_utf8_validate_len (data, len, NULL))
            {
              *charset = g_strdup ("UTF-8");
              return g_strndup (data, len);
            }
          puebla_record_add_warning (record, "declared UTF-8 but is not: its encoding guessed from the bytes");
        }
      else
        {
          const gchar *from = declared;
          if (g_str_equal (from, "iso-8859-1") || g_str_equal (from, "latin1") || g_str_equal (from, "us-ascii")
              || g_str_equal (from, "ascii") || g_str_equal (from, "iso8859-1"))
            from = "windows-1252"; /* what browsers do */
          g_autoptr (GError) local = NULL;
          gsize out_len = 0;
          gchar *out = g_convert (data, (gssize) len, "UTF-8", from, NULL, &out_len, &local);
          if (out && memchr (out, '\0', out_len) == NULL)
            {
              *charset = g_ascii_strup (from, -1);
              return out;
            }
          g_free (out);
          puebla_record_add_warning (record, "declared charset %s does not fit (%s): its encoding guessed from the bytes",
                                     declared, local ? local->message : "NUL in the text");
        }
    }
  g_autoptr (GError) local = NULL;
  gchar *out = puebla_charset_to_utf8_full (data, (gssize) len, source->magic_charset, charset, &local);
  if (out == NULL)
    g_set_error (error, PUEBLA_EXTRACT_ERROR, PUEBLA_EXTRACT_ERROR_CORRUPT, "cannot decode the HTML: %s",
                 local->message);
  return out;
}

gboolean
_puebla_extract_html (const PueblaSource *source, PueblaRecord *record, GError **error)
{
  g_autofree gchar *charset = NULL;
  g_autofree gchar *utf8 = html_to_utf8 (source, &charset, record, error);
  if (utf8 == NULL)
    return FALSE;
  if (!_puebla_html_to_record (utf8, strlen (utf8), record, error))
    return FALSE;
  record->charset = g_steal_pointer (&charset);
  return TRUE;
}
