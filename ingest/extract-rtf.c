/* extract-rtf.c: RTF → one unpaged page and table rows, through unrtf.
 *
 * unrtf (Debian's unrtf package) turns the RTF into HTML, tables
 * included; extract-html.c reads that HTML (_puebla_html_to_record). unrtf
 * runs as a filter (filter.h): a child process on a copy of the bytes in a
 * private temporary directory, with --nopict so that it writes no picture
 * files, under a wall-time limit (30 s) and an output budget (64 MiB),
 * killed when it runs over. The creation and revision times of the RTF's
 * \info group give created and modified.
 */
#include "extract-private.h"

#include "filter.h"

#include <string.h>

/* "{\creatim\yr2006\mo11\dy27\hr10\min5}" → "2006-11-27T10:05:00Z"; NULL
   when KEYWORD is not in the first 64 KiB of DATA. RTF times are local
   times with no zone: they are given as they are. */
static gchar *
rtf_time (const PueblaSource *source, const gchar *keyword)
{
  gsize n = MIN (source->len, 65536);
  g_autofree gchar *head = g_strndup (source->data, n);
  const gchar *at = strstr (head, keyword);
  if (at == NULL)
    return NULL;
  const gchar *end = strchr (at, '}');
  g_autofree gchar *group = end ? g_strndup (at, (gsize) (end - at)) : g_strdup (at);
  static const gchar *const fields[] = { "\\yr", "\\mo", "\\dy", "\\hr", "\\min" };
  gint v[5] = { 0, 0, 0, 0, 0 };
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const gchar *f = strstr (group, fields[i]);
      /* "\min" must not be read as "\mo": the field ends with a digit */
      while (f && !g_ascii_isdigit (f[strlen (fields[i])]))
        f = strstr (f + 1, fields[i]);
      if (f)
        v[i] = (gint) g_ascii_strtoll (f + strlen (fields[i]), NULL, 10);
    }
  g_autofree gchar *iso = g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:00Z", v[0], v[1], v[2], v[3], v[4]);
  return _puebla_metadata_date (iso);
}

gboolean
_puebla_extract_rtf (const PueblaSource *source, PueblaRecord *record, GError **error)
{
  if (source->len < 5 || memcmp (source->data, "{\\rtf", 5) != 0)
    {
      g_set_error (error, PUEBLA_EXTRACT_ERROR, PUEBLA_EXTRACT_ERROR_CORRUPT, "not RTF: it does not begin with {\\rtf");
      return FALSE;
    }
  static const gchar *const argv[] = { "unrtf", "--nopict", "--html", "{}", NULL };
  g_autoptr (GError) local = NULL;
  g_autoptr (PueblaFilterOutput) out = puebla_filter_run (argv, source->data, source->len, ".rtf", NULL, &local);
  if (out == NULL)
    {
      _puebla_extract_error_from_filter (error, local, "cannot convert the RTF");
      return FALSE;
    }
  if (!g_utf8_validate_len (out->out, out->out_len, NULL))
    {
      g_set_error (error, PUEBLA_EXTRACT_ERROR, PUEBLA_EXTRACT_ERROR_CORRUPT, "unrtf wrote text that is not UTF-8");
      return FALSE;
    }
  if (!_puebla_html_to_record (out->out, out->out_len, record, error))
    return FALSE;
  if (record->created == NULL)
    record->created = rtf_time (source, "\\creatim");
  if (record->modified == NULL)
    record->modified = rtf_time (source, "\\revtim");
  return TRUE;
}
