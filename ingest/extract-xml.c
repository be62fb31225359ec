/* extract-xml.c: safe XML and HTML parsing and small helpers for the
 * extractors of word-processor formats (see extract-private.h). */
#include "extract-private.h"
#include "filter.h"

#include "zip.h"

#include <libxml/xmlerror.h>
#include <stdio.h>
#include <string.h>

/* libxml2 2.9 must be initialised once, before threads use it. */
static void
xml_init (void)
{
  static gsize done = 0;
  if (g_once_init_enter (&done))
    {
      xmlInitParser ();
      g_once_init_leave (&done, 1);
    }
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlParserCtxt, xmlFreeParserCtxt)

static void
set_parse_error (xmlParserCtxt *ctxt, const gchar *what, GError **error)
{
  const xmlError *e = xmlCtxtGetLastError (ctxt);
  if (e && e->message)
    {
      g_autofree gchar *msg = g_strstrip (g_strdup (e->message));
      g_set_error (error, PUEBLA_EXTRACT_ERROR, PUEBLA_EXTRACT_ERROR_CORRUPT, "%s is not well-formed XML: %s (line %d)",
                   what, msg, e->line);
    }
  else
    g_set_error (error, PUEBLA_EXTRACT_ERROR, PUEBLA_EXTRACT_ERROR_CORRUPT, "%s is not well-formed XML", what);
}

xmlDoc *
_puebla_xml_read (const gchar *data, gsize len, const gchar *what, GError **error)
{
  xml_init ();
  if (len > G_MAXINT)
    {
      g_set_error (error, PUEBLA_EXTRACT_ERROR, PUEBLA_EXTRACT_ERROR_TOO_LARGE, "%s is over 2 GiB", what);
      return NULL;
    }
  g_autoptr (xmlParserCtxt) ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      g_set_error (error, PUEBLA_EXTRACT_ERROR, PUEBLA_EXTRACT_ERROR_CORRUPT, "cannot parse %s: out of memory", what);
      return NULL;
    }
  /* no XML_PARSE_NOENT (entities stay unexpanded), no DTDLOAD, no HUGE */
  int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
  xmlDoc *doc = xmlCtxtReadMemory (ctxt, data, (int) len, what, NULL, options);
  if (doc == NULL || !ctxt->wellFormed)
    {
      set_parse_error (ctxt, what, error);
      if (doc)
        xmlFreeDoc (doc);
      return NULL;
    }
  return doc;
}

xmlDoc *
_puebla_html_read (const gchar *utf8, gsize len, GError **error)
{
  xml_init ();
  if (len > G_MAXINT)
    {
      g_set_error (error, PUEBLA_EXTRACT_ERROR, PUEBLA_EXTRACT_ERROR_TOO_LARGE, "the HTML is over 2 GiB");
      return NULL;
    }
  g_autoptr (xmlParserCtxt) ctxt = htmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      g_set_error (error, PUEBLA_EXTRACT_ERROR, PUEBLA_EXTRACT_ERROR_CORRUPT, "cannot parse the HTML: out of memory");
      return NULL;
    }
  int options = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER
                | HTML_PARSE_IGNORE_ENC | HTML_PARSE_NODEFDTD;
  xmlDoc *doc = htmlCtxtReadMemory (ctxt, utf8, (int) len, NULL, "UTF-8", options);
  if (doc == NULL)
    {
      const xmlError *e = xmlCtxtGetLastError (ctxt);
      g_autofree gchar *msg = g_strstrip (g_strdup (e && e->message ? e->message : "unknown error"));
      g_set_error (error, PUEBLA_EXTRACT_ERROR, PUEBLA_EXTRACT_ERROR_CORRUPT, "cannot parse the HTML: %s", msg);
    }
  return doc;
}

gboolean
_puebla_xml_is (const xmlNode *node, const gchar *ns_suffix, const gchar *name)
{
  if (node == NULL || node->type != XML_ELEMENT_NODE || strcmp ((const char *) node->name, name) != 0)
    return FALSE;
  if (ns_suffix == NULL)
    return TRUE;
  return node->ns && node->ns->href && g_str_has_suffix ((const char *) node->ns->href, ns_suffix);
}

/* Text and CDATA below NODE; entity references are not followed. */
static void
collect_text (const xmlNode *node, GString *out, guint depth)
{
  for (const xmlNode *n = node->children; n && depth < 256; n = n->next)
    if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content)
      g_string_append (out, (const gchar *) n->content);
    else if (n->type == XML_ELEMENT_NODE)
      collect_text (n, out, depth + 1);
}

gchar *
_puebla_xml_text (const xmlNode *node)
{
  GString *out = g_string_new (NULL);
  collect_text (node, out, 0);
  return g_string_free (out, FALSE);
}

gchar *
_puebla_xml_attr (const xmlNode *node, const gchar *name)
{
  for (const xmlAttr *a = node->properties; a; a = a->next)
    if (strcmp ((const char *) a->name, name) == 0)
      {
        xmlChar *v = xmlNodeListGetString (node->doc, a->children, 1);
        gchar *out = g_strdup (v ? (const gchar *) v : "");
        xmlFree (v);
        return out;
      }
  return NULL;
}

gchar *
_puebla_zip_member (const PueblaSource *source, const gchar *name, gboolean required, gsize *out_len,
                    GError **error)
{
  g_autoptr (GError) local = NULL;
  gchar *data = puebla_zip_read (source->data, source->len, name, out_len, &local);
  if (data)
    return data;
  if (g_error_matches (local, PUEBLA_ZIP_ERROR, PUEBLA_ZIP_ERROR_NOT_FOUND) && !required)
    return NULL;
  PueblaExtractError code = PUEBLA_EXTRACT_ERROR_CORRUPT;
  if (g_error_matches (local, PUEBLA_ZIP_ERROR, PUEBLA_ZIP_ERROR_TOO_LARGE))
    code = PUEBLA_EXTRACT_ERROR_TOO_LARGE;
  else if (g_error_matches (local, PUEBLA_ZIP_ERROR, PUEBLA_ZIP_ERROR_ENCRYPTED))
    code = PUEBLA_EXTRACT_ERROR_ENCRYPTED;
  g_set_error_literal (error, PUEBLA_EXTRACT_ERROR, code, local->message);
  return NULL;
}

gchar *
_puebla_usable_title (gchar *title)
{
  g_autofree gchar *t = title;
  if (t == NULL)
    return NULL;
  g_strstrip (t);
  const gchar *s = t;
  if (g_str_has_prefix (s, "Microsoft Word - "))
    s += strlen ("Microsoft Word - ");
  g_autofree gchar *lower = g_utf8_strdown (s, -1);
  static const gchar *const file_suffixes[] = { ".doc", ".docx", ".rtf", ".odt", ".pdf", ".txt", ".htm", ".html", ".wpd" };
  for (guint i = 0; i < G_N_ELEMENTS (file_suffixes); i++)
    if (g_str_has_suffix (lower, file_suffixes[i]))
      return NULL;
  if (strchr (s, ' ') == NULL || g_utf8_strlen (s, -1) < 8)
    return NULL;
  return g_strdup (s);
}

gchar *
_puebla_metadata_date (const gchar *value)
{
  if (value == NULL)
    return NULL;
  g_autofree gchar *v = g_strstrip (g_strdup (value));
  if (strlen (v) < 10 || !g_ascii_isdigit (v[0]) || v[4] != '-' || v[7] != '-')
    return NULL;
  int year = 0, month = 0, day = 0;
  if (sscanf (v, "%4d-%2d-%2d", &year, &month, &day) != 3 || year < 1980
      || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return NULL;
  if (v[10] == '\0')
    return g_strndup (v, 10);
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GDateTime) dt = g_date_time_new_from_iso8601 (v, utc);
  return dt ? g_date_time_format_iso8601 (dt) : NULL;
}

void
_puebla_extract_error_from_filter (GError **error, const GError *local, const gchar *what)
{
  PueblaExtractError code = PUEBLA_EXTRACT_ERROR_CORRUPT;
  if (g_error_matches (local, PUEBLA_FILTER_ERROR, PUEBLA_FILTER_ERROR_NOT_FOUND))
    code = PUEBLA_EXTRACT_ERROR_UNSUPPORTED;
  else if (g_error_matches (local, PUEBLA_FILTER_ERROR, PUEBLA_FILTER_ERROR_TOO_LARGE))
    code = PUEBLA_EXTRACT_ERROR_TOO_LARGE;
  g_set_error (error, PUEBLA_EXTRACT_ERROR, code, "%s: %s", what, local->message);
}
