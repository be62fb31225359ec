/* zip.c: bounded reading of zip members with libarchive (see zip.h). */
#include "zip.h"

#include <archive.h>
#include <archive_entry.h>
#include <string.h>

G_DEFINE_QUARK (puebla-zip-error-quark, puebla_zip_error)

typedef struct archive Archive;
static void
zip_archive_free (Archive *a)
{
  archive_read_free (a);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Archive, zip_archive_free)

static Archive *
open_zip (const gchar *data, gsize len, GError **error)
{
  g_autoptr (Archive) a = archive_read_new ();
  archive_read_support_format_zip (a);
  if (archive_read_open_memory (a, data, len) != ARCHIVE_OK)
    {
      g_set_error (error, PUEBLA_ZIP_ERROR, PUEBLA_ZIP_ERROR_CORRUPT, "not a readable zip: %s",
                   archive_error_string (a) ? archive_error_string (a) : "unknown error");
      return NULL;
    }
  return g_steal_pointer (&a);
}

/* The next member; FALSE at the end (ERROR unset) or on failure (set). */
static gboolean
next_member (Archive *a, struct archive_entry **entry /* OUT */, gboolean *done /* OUT */, GError **error)
{
  int r = archive_read_next_header (a, entry);
  *done = r == ARCHIVE_EOF;
  if (r == ARCHIVE_OK || r == ARCHIVE_WARN)
    return TRUE;
  if (r != ARCHIVE_EOF)
    g_set_error (error, PUEBLA_ZIP_ERROR, PUEBLA_ZIP_ERROR_CORRUPT, "damaged or truncated zip: %s",
                 archive_error_string (a) ? archive_error_string (a) : "unknown error");
  return FALSE;
}

GPtrArray *
puebla_zip_list (const gchar *data, gsize len, GError **error)
{
  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_autoptr (Archive) a = open_zip (data, len, error);
  if (a == NULL)
    return NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  struct archive_entry *entry;
  gboolean done = FALSE;
  while (next_member (a, &entry, &done, error))
    {
      if (names->len >= PUEBLA_ZIP_MAX_MEMBERS)
        break;
      const char *name = archive_entry_pathname (entry);
      g_ptr_array_add (names, g_strdup (name ? name : ""));
      archive_read_data_skip (a);
    }
  if (!done && names->len < PUEBLA_ZIP_MAX_MEMBERS)
    return NULL;
  return g_steal_pointer (&names);
}

/* Reads the current member of A whole, within the limits of zip.h. */
static gchar *
read_member (Archive *a, struct archive_entry *entry, const gchar *name, gsize archive_len, gsize *out_len,
             GError **error)
{
  if (archive_entry_is_encrypted (entry))
    {
      g_set_error (error, PUEBLA_ZIP_ERROR, PUEBLA_ZIP_ERROR_ENCRYPTED, "%s is encrypted", name);
      return NULL;
    }
  if (archive_entry_size_is_set (entry) && archive_entry_size (entry) > PUEBLA_ZIP_MAX_MEMBER)
    {
      g_set_error (error, PUEBLA_ZIP_ERROR, PUEBLA_ZIP_ERROR_TOO_LARGE,
                   "%s claims %" G_GINT64_FORMAT " bytes uncompressed, over the limit of %" G_GINT64_FORMAT,
                   name, (gint64) archive_entry_size (entry), PUEBLA_ZIP_MAX_MEMBER);
      return NULL;
    }

  g_autoptr (GByteArray) buf = g_byte_array_new ();
  guint8 chunk[65536];
  for (;;)
    {
      la_ssize_t n = archive_read_data (a, chunk, sizeof chunk);
      if (n == 0)
        break;
      if (n < 0)
        {
          if (n == ARCHIVE_WARN)
            continue;
          g_set_error (error, PUEBLA_ZIP_ERROR, PUEBLA_ZIP_ERROR_CORRUPT, "damaged or truncated zip: cannot read %s: %s", name,
                       archive_error_string (a) ? archive_error_string (a) : "unknown error");
          return NULL;
        }
      g_byte_array_append (buf, chunk, (guint) n);
      gint64 got = buf->len;
      if (got > PUEBLA_ZIP_MAX_MEMBER)
        {
          g_set_error (error, PUEBLA_ZIP_ERROR, PUEBLA_ZIP_ERROR_TOO_LARGE,
                       "%s expands to over %" G_GINT64_FORMAT " bytes, the limit", name, PUEBLA_ZIP_MAX_MEMBER);
          return NULL;
        }
      if (got > PUEBLA_ZIP_BOMB_FLOOR && got / PUEBLA_ZIP_MAX_RATIO > (gint64) archive_len)
        {
          g_set_error (error, PUEBLA_ZIP_ERROR, PUEBLA_ZIP_ERROR_TOO_LARGE,
                       "%s expands to over %" G_GINT64_FORMAT " bytes from a zip of %" G_GSIZE_FORMAT
                       " (a compression bomb: over %d times its size)",
                       name, got, archive_len, PUEBLA_ZIP_MAX_RATIO);
          return NULL;
        }
    }
  if (out_len)
    *out_len = buf->len;
  g_byte_array_append (buf, (const guint8 *) "", 1);
  return (gchar *) g_byte_array_free (g_steal_pointer (&buf), FALSE);
}

gchar *
puebla_zip_read (const gchar *data, gsize len, const gchar *name, gsize *out_len, GError **error)
{
  g_return_val_if_fail (name != NULL, NULL);
  g_autoptr (Archive) a = open_zip (data, len, error);
  if (a == NULL)
    return NULL;
  struct archive_entry *entry;
  gboolean done = FALSE;
  guint seen = 0;
  while (seen++ < PUEBLA_ZIP_MAX_MEMBERS && next_member (a, &entry, &done, error))
    {
      const char *path = archive_entry_pathname (entry);
      if (path && strcmp (path, name) == 0)
        return read_member (a, entry, name, len, out_len, error);
      archive_read_data_skip (a);
    }
  if (done || seen > PUEBLA_ZIP_MAX_MEMBERS)
    g_set_error (error, PUEBLA_ZIP_ERROR, PUEBLA_ZIP_ERROR_NOT_FOUND, "no %s in the zip", name);
  return NULL;
}
