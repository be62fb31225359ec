/* zip.h: read members of a zip archive held in memory, within bounds.
 *
 * What it does: lists the members of a zip (DOCX, ODT) and reads one
 * member whole, through libarchive. Every read is bounded, so that a
 * hostile file cannot make us allocate without end:
 * - a member whose size, as its headers claim it or as it expands, is over
 *   PUEBLA_ZIP_MAX_MEMBER is refused (PUEBLA_ZIP_ERROR_TOO_LARGE);
 * - a member that expands to more than PUEBLA_ZIP_BOMB_FLOOR bytes and to
 *   more than PUEBLA_ZIP_MAX_RATIO times the size of the whole archive is
 *   refused as a compression bomb (PUEBLA_ZIP_ERROR_TOO_LARGE);
 * - at most PUEBLA_ZIP_MAX_MEMBERS members are listed.
 *
 * What it owns: nothing between calls; each call opens the archive on the
 * caller's bytes and closes it. What it does not do: write archives, guess
 * what the zip holds (the extractors do), or touch files.
 *
 * Depends on GLib and libarchive; thread-safe (no state).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PUEBLA_ZIP_ERROR (puebla_zip_error_quark ())
GQuark puebla_zip_error_quark (void);

typedef enum
{
  PUEBLA_ZIP_ERROR_CORRUPT,    /* not a zip, truncated, bad data */
  PUEBLA_ZIP_ERROR_TOO_LARGE,  /* a member over the limits above */
  PUEBLA_ZIP_ERROR_ENCRYPTED,  /* the member is encrypted (zip encryption) */
  PUEBLA_ZIP_ERROR_NOT_FOUND,  /* no member of that name */
} PueblaZipError;

#define PUEBLA_ZIP_MAX_MEMBER ((gint64) 256 * 1024 * 1024)
#define PUEBLA_ZIP_BOMB_FLOOR ((gint64) 16 * 1024 * 1024)
#define PUEBLA_ZIP_MAX_RATIO 100
#define PUEBLA_ZIP_MAX_MEMBERS 10000

/* The names of the members of the zip in DATA (LEN bytes), in the order of
 * the archive. Returns a GPtrArray of gchar* that owns them (unref it), or
 * NULL with PUEBLA_ZIP_ERROR_CORRUPT. */
GPtrArray *puebla_zip_list (const gchar *data, gsize len, GError **error);

/* The content of member NAME of the zip in DATA (LEN bytes), NUL-terminated
 * (the NUL is not counted in *OUT_LEN). Returns newly allocated bytes
 * (g_free), or NULL with a PUEBLA_ZIP_ERROR (see above; NOT_FOUND when no
 * member has that name). OUT_LEN may be NULL. */
gchar *puebla_zip_read (const gchar *data, gsize len, const gchar *name, gsize *out_len /* OUT */, GError **error);

G_END_DECLS
