/* detect.h: what a file is, from its bytes (libmagic), not its name.
 *
 * What it owns: one libmagic handle per thread (created on first use,
 * closed when the thread exits), so detection is thread-safe and lock-free.
 *
 * What it does not do: extract or convert anything.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PUEBLA_DETECT_ERROR (puebla_detect_error_quark ())
GQuark puebla_detect_error_quark (void);

typedef enum
{
  PUEBLA_DETECT_ERROR_FAILED,  /* libmagic could not be loaded or failed */
} PueblaDetectError;

typedef struct
{
  gchar *mime_type;   /* "application/pdf", "text/plain", "application/octet-stream"… */
  gchar *charset;     /* libmagic's guess: "utf-8", "iso-8859-1", "binary"… */
} PueblaDetectInfo;

/* Detects the type of LEN bytes of DATA, from their first 256 KiB. Returns a newly allocated info (free with
 * puebla_detect_info_free), or NULL with PUEBLA_DETECT_ERROR_FAILED. */
PueblaDetectInfo *puebla_detect_buffer (const gchar *data, gsize len, GError **error);

void puebla_detect_info_free (PueblaDetectInfo *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PueblaDetectInfo, puebla_detect_info_free)

G_END_DECLS
