/* extract.c: read, hash, detect, dispatch (see extract.h). */
#include "extract.h"

#include "detect.h"
#include "entities.h"
#include "gazetteer.h"
#include "segment.h"
#include "zip.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <string.h>


typedef struct
{
  const gchar *mime_type;
  gboolean is_prefix;     /* match every type that starts with mime_type */
  PueblaExtractFunc func;
} Extractor;

static gboolean extract_octet_stream (const PueblaSource *source, PueblaRecord *record, GError **error);
static gboolean extract_encrypted (const PueblaSource *source, PueblaRecord *record, GError **error);

/* Formats we extract. Others get the verdict "unsupported" with their type
 * named. */
static const Extractor extractors[] = {
  { "application/pdf", FALSE, _puebla_extract_pdf },
  { "application/vnd.openxmlformats-officedocument.wordprocessingml.document", FALSE, _puebla_extract_docx },
  { "application/vnd.openxmlformats-officedocument.wordprocessingml.template", FALSE, _puebla_extract_docx },
  { "application/vnd.oasis.opendocument.text", FALSE, _puebla_extract_odt },
  { "application/vnd.oasis.opendocument.text-template", FALSE, _puebla_extract_odt },
  { "application/zip", FALSE, _puebla_extract_zip },
  { "text/html", FALSE, _puebla_extract_html },
  { "text/rtf", FALSE, _puebla_extract_rtf },
  { "application/rtf", FALSE, _puebla_extract_rtf },
  { "application/msword", FALSE, _puebla_extract_doc },
  /* an OLE2 file libmagic did not name: a .doc whose directory it could not
     read (truncated), or a spreadsheet, a presentation (antiword says) */
  { "application/x-ole-storage", FALSE, _puebla_extract_doc },
  { "application/CDFV2", FALSE, _puebla_extract_doc },
  { "application/encrypted", FALSE, extract_encrypted },
  { "application/xhtml+xml", FALSE, _puebla_extract_html },
  { "text/plain", FALSE, _puebla_extract_text },
  { "text/csv", FALSE, _puebla_extract_text },
  { "text/x-", TRUE, _puebla_extract_text },  /* text/x-c, text/x-diff…: libmagic's guesses on plain text */
  /* BOM-less UTF-16 is "application/octet-stream" to libmagic: the text
     extractor recognises it or calls the bytes binary */
  { "application/octet-stream", FALSE, extract_octet_stream },
};

/* "Zip with members named like a Word document": libmagic names a DOCX
   or ODT by its first members; when they come in another order it says
   zip. */
gboolean
_puebla_extract_zip (const PueblaSource *source, PueblaRecord *record, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (GPtrArray) names = puebla_zip_list (source->data, source->len, &local);
  if (names == NULL)
    {
      g_set_error (error, PUEBLA_EXTRACT_ERROR, PUEBLA_EXTRACT_ERROR_CORRUPT, "%s", local->message);
      return FALSE;
    }
  gboolean has_mimetype = FALSE, has_types = FALSE;
  for (guint i = 0; i < names->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (names, i), "word/document.xml"))
        return _puebla_extract_docx (source, record, error);
      has_mimetype |= g_str_equal (g_ptr_array_index (names, i), "mimetype");
      has_types |= g_str_equal (g_ptr_array_index (names, i), "[Content_Types].xml");
    }
  /* Office Open XML that lost its document: the DOCX extractor says so */
  g_autofree gchar *types = has_types ? puebla_zip_read (source->data, source->len, "[Content_Types].xml", NULL, NULL) : NULL;
  if (types && strstr (types, "wordprocessingml"))
    return _puebla_extract_docx (source, record, error);
  /* OpenDocument names its type in its first member, "mimetype" */
  g_autofree gchar *odf_type = has_mimetype ? puebla_zip_read (source->data, source->len, "mimetype", NULL, NULL) : NULL;
  if (odf_type && g_str_has_prefix (g_strstrip (odf_type), "application/vnd.oasis.opendocument.text"))
    return _puebla_extract_odt (source, record, error);
  if (odf_type && g_str_has_prefix (odf_type, "application/vnd.oasis.opendocument."))
    g_set_error (error, PUEBLA_EXTRACT_ERROR, PUEBLA_EXTRACT_ERROR_UNSUPPORTED,
                 "an OpenDocument file that is not text (%.80s)", odf_type);
  else
    g_set_error (error, PUEBLA_EXTRACT_ERROR, PUEBLA_EXTRACT_ERROR_UNSUPPORTED,
                 "a zip archive (%u members), not a document type we read", names->len);
  return FALSE;
}

/* libmagic's "application/encrypted": an OLE2 file holding an
   EncryptedPackage, which is how Office saves a password-protected DOCX
   (or XLSX, PPTX). */
static gboolean
extract_encrypted (const PueblaSource *source, PueblaRecord *record, GError **error)
{
  (void) record;
  g_set_error (error, PUEBLA_EXTRACT_ERROR, PUEBLA_EXTRACT_ERROR_ENCRYPTED,
               "password-protected Office document (%s: an encrypted package)", source->mime_type);
  return FALSE;
}

/* libmagic's "octet-stream": a zip it did not name, BOM-less UTF-16 (the
   text extractor recognises it) or binary data. */
static gboolean
extract_octet_stream (const PueblaSource *source, PueblaRecord *record, GError **error)
{
  if (source->len >= 4 && memcmp (source->data, "PK\x03\x04", 4) == 0)
    return _puebla_extract_zip (source, record, error);
  return _puebla_extract_text (source, record, error);
}

static PueblaExtractFunc
find_extractor (const gchar *mime_type)
{
  for (guint i = 0; i < G_N_ELEMENTS (extractors); i++)
    {
      const Extractor *e = &extractors[i];
      if (e->is_prefix ? g_str_has_prefix (mime_type, e->mime_type) : g_str_equal (mime_type, e->mime_type))
        return e->func;
    }
  return NULL;
}

static gboolean
has_suffix_nocase (const gchar *path, const gchar *suffix)
{
  gsize n = strlen (path), m = strlen (suffix);
  return n >= m && g_ascii_strcasecmp (path + n - m, suffix) == 0;
}

static PueblaVerdict
verdict_for_error (const GError *error)
{
  if (error->domain != PUEBLA_EXTRACT_ERROR)
    return PUEBLA_VERDICT_CORRUPT;
  switch ((PueblaExtractError) error->code)
    {
    case PUEBLA_EXTRACT_ERROR_UNSUPPORTED:
      return PUEBLA_VERDICT_UNSUPPORTED;
    case PUEBLA_EXTRACT_ERROR_ENCRYPTED:
      return PUEBLA_VERDICT_ENCRYPTED;
    case PUEBLA_EXTRACT_ERROR_CORRUPT:
      return PUEBLA_VERDICT_CORRUPT;
    case PUEBLA_EXTRACT_ERROR_EMPTY:
      return PUEBLA_VERDICT_EMPTY;
    case PUEBLA_EXTRACT_ERROR_NO_TEXT:
      return PUEBLA_VERDICT_NO_TEXT;
    case PUEBLA_EXTRACT_ERROR_TOO_LARGE:
      return PUEBLA_VERDICT_TOO_LARGE;
    }
  return PUEBLA_VERDICT_CORRUPT;
}

/* Reads the whole file; FALSE with *SAVED_ERRNO on failure (so that the
   reason names the cause, not the path again as GLib's messages do). */
static gboolean
read_all (const gchar *path, gchar **data /* OUT */, gsize *len /* OUT */, int *saved_errno /* OUT */)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      *saved_errno = errno;
      return FALSE;
    }
  GByteArray *buf = g_byte_array_new ();
  guint8 chunk[65536];
  for (;;)
    {
      ssize_t n = read (fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          *saved_errno = errno;
          close (fd);
          g_byte_array_unref (buf);
          return FALSE;
        }
      if (n == 0)
        break;
      g_byte_array_append (buf, chunk, (guint) n);
    }
  close (fd);
  *len = buf->len;
  g_byte_array_append (buf, (const guint8 *) "", 1); /* NUL-terminate for text parsers */
  *data = (gchar *) g_byte_array_free (buf, FALSE);
  return TRUE;
}

PueblaRecord *
puebla_formats_extract_file (const gchar *path, const PueblaExtractLimits *limits)
{
  g_return_val_if_fail (path != NULL, NULL);

  const PueblaExtractLimits defaults = { .max_bytes = PUEBLA_EXTRACT_DEFAULT_MAX_BYTES };
  if (limits == NULL)
    limits = &defaults;
  gint64 max_bytes = limits->max_bytes;
  g_autoptr (PueblaRecord) record = puebla_record_new (path);
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;
      puebla_record_set_failed (record, PUEBLA_VERDICT_UNREADABLE, "cannot read: %s", g_strerror (saved));
      return g_steal_pointer (&record);
    }
  record->size = st.st_size;
  record->mtime = st.st_mtime;
  record->signature = puebla_file_signature (st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec, st.st_ctim.tv_sec,
                                             st.st_ctim.tv_nsec);
  if (!S_ISREG (st.st_mode))
    {
      puebla_record_set_failed (record, PUEBLA_VERDICT_UNSUPPORTED, "not a regular file");
      return g_steal_pointer (&record);
    }
  if (max_bytes > 0 && st.st_size > max_bytes)
    {
      puebla_record_set_failed (record, PUEBLA_VERDICT_TOO_LARGE,
                                "%" G_GINT64_FORMAT " bytes, over the limit of %" G_GINT64_FORMAT,
                                (gint64) st.st_size, max_bytes);
      return g_steal_pointer (&record);
    }

  g_autoptr (GError) error = NULL;
  g_autofree gchar *data = NULL;
  gsize len = 0;
  int saved_errno = 0;
  if (!read_all (path, &data, &len, &saved_errno))
    {
      puebla_record_set_failed (record, PUEBLA_VERDICT_UNREADABLE, "cannot read: %s", g_strerror (saved_errno));
      return g_steal_pointer (&record);
    }
  record->size = (gint64) len;
  record->content_hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);

  if (len == 0)
    {
      record->mime_type = g_strdup ("application/x-empty");
      puebla_record_set_failed (record, PUEBLA_VERDICT_EMPTY, "empty file (0 bytes)");
      return g_steal_pointer (&record);
    }

  g_autoptr (PueblaDetectInfo) info = puebla_detect_buffer (data, len, &error);
  if (info == NULL)
    {
      puebla_record_set_failed (record, PUEBLA_VERDICT_UNSUPPORTED, "cannot detect the type: %s",
                                error->message);
      return g_steal_pointer (&record);
    }
  record->mime_type = g_strdup (info->mime_type);

  PueblaExtractFunc func = find_extractor (info->mime_type);
  /* a PDF whose header was lost or damaged is "data" to libmagic, and
     poppler still reads many of them: a name ending in .pdf is trusted
     that far (poppler says "corrupt" when it is not one) */
  if (g_str_equal (info->mime_type, "application/octet-stream") && has_suffix_nocase (path, ".pdf"))
    func = _puebla_extract_pdf;
  /* libmagic's magic numbers can match inside text: a plan of action whose
     bytes at offset 0x100 spell a Sega ROM header is still a plan. Bytes
     that are valid UTF-8 with no NUL are text, whatever libmagic says of a
     type we cannot read. */
  const gchar *charset_hint = info->charset;
  if (func == NULL && memchr (data, '\0', len) == NULL && g_utf8_validate (data, (gssize) len, NULL))
    {
      charset_hint = "utf-8";
      puebla_record_add_warning (record, "libmagic says %s, but the bytes are UTF-8 text: read as text",
                                 info->mime_type);
      g_free (record->mime_type);
      record->mime_type = g_strdup ("text/plain");
      func = _puebla_extract_text;
    }
  if (func == NULL)
    {
      puebla_record_set_failed (record, PUEBLA_VERDICT_UNSUPPORTED, "unsupported type %s", info->mime_type);
      return g_steal_pointer (&record);
    }

  PueblaSource source = {
    .path = record->path,
    .data = data,
    .len = len,
    .mime_type = record->mime_type,
    .magic_charset = charset_hint,
    .limits = limits,
  };
  if (!func (&source, record, &error))
    {
      puebla_record_set_failed (record, verdict_for_error (error), "%s", error->message);
      return g_steal_pointer (&record);
    }

  /* The text's own heading first: the same record as text, PDF or Word
     gets the same title, and metadata titles are often a file name or a
     template's. The metadata title (set by the extractor) is the fallback. */
  g_autofree gchar *text = puebla_record_get_text (record);
  gchar *heading = puebla_record_guess_title (text);
  if (heading)
    {
      g_free (record->title);
      record->title = heading;
    }

  /* the facts: entities and document metadata (the gazetteer is checked
     by the command before any file is read; here it only may be missing) */
  const PueblaGazetteer *gazetteer = puebla_gazetteer_get_default (NULL);
  if (gazetteer)
    puebla_entities_annotate (gazetteer, record);
  else
    puebla_record_add_warning (record, "no entities: the gazetteers could not be loaded");

  /* the passages: table rows, items, sections, paragraphs, and their facts */
  puebla_segment_record (record);
  if (gazetteer)
    puebla_entities_annotate_passages (gazetteer, record);
  return g_steal_pointer (&record);
}
