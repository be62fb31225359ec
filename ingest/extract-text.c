/* extract-text.c: plain text in any encoding we know → one unpaged page. */
#include "extract.h"

#include "charset.h"
#include "textclean.h"

gboolean
_puebla_extract_text (const PueblaSource *source, PueblaRecord *record, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autofree gchar *charset = NULL;

  /* libmagic says octet-stream for BOM-less UTF-16 and for any binary it
     does not know: only the first is text */
  if (g_str_equal (source->mime_type, "application/octet-stream")
      && !puebla_charset_looks_utf16 (source->data, source->len, NULL))
    {
      g_set_error (error, PUEBLA_EXTRACT_ERROR, PUEBLA_EXTRACT_ERROR_UNSUPPORTED,
                   "binary data, not text (%s)", source->mime_type);
      return FALSE;
    }

  g_autofree gchar *utf8 = puebla_charset_to_utf8_full (source->data, (gssize) source->len,
                                                        source->magic_charset, &charset, &local);
  if (utf8 == NULL)
    {
      if (g_error_matches (local, PUEBLA_CHARSET_ERROR, PUEBLA_CHARSET_ERROR_BINARY))
        g_set_error (error, PUEBLA_EXTRACT_ERROR, PUEBLA_EXTRACT_ERROR_UNSUPPORTED,
                     "binary data, not text (%s: %s)", source->mime_type, local->message);
      else
        g_set_error (error, PUEBLA_EXTRACT_ERROR, PUEBLA_EXTRACT_ERROR_CORRUPT, "cannot decode the text: %s",
                     local->message);
      return FALSE;
    }

  gchar *text = puebla_textclean (utf8);
  if (puebla_text_is_blank (text))
    {
      g_free (text);
      g_set_error (error, PUEBLA_EXTRACT_ERROR, PUEBLA_EXTRACT_ERROR_EMPTY, "no text (only white space)");
      return FALSE;
    }

  record->charset = g_steal_pointer (&charset);
  record->page_count = 0;
  puebla_record_add_page_take (record, 0, text);
  return TRUE;
}
