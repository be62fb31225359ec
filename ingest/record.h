/* record.h: the Record, what ingest/ hands to index/.
 *
 * A PueblaRecord is one source file after extraction: its identity (path,
 * id, size, mtime, content hash), what it is (MIME type, source encoding,
 * title, page count, dates from its metadata), its text page by page (NFC
 * UTF-8), the warnings met on the way, and its verdict. A file that could
 * not be read still gets a record, with a failing verdict and a reason: the
 * index keeps it as a stub so that it is retried only when it changes.
 *
 * The struct is a plain, public value type (like sqlite's BtreePayload): it
 * has no behaviour of its own and index/ reads every field. It owns every
 * string and array it points to. It serialises to and from JSON so that it
 * can cross a process boundary (extraction in a worker process) and be
 * stored in the index as the document's data.
 *
 * Depends on GLib and json-glib only.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "entity-type.h"
#include "pdf-table.h"

G_BEGIN_DECLS

/* The verdict on a file. The strings (puebla_verdict_to_string) are part of
 * the CLI output and the JSON format: add, never rename. */
typedef enum
{
  PUEBLA_VERDICT_OK,
  PUEBLA_VERDICT_EMPTY,        /* no bytes, or no text at all */
  PUEBLA_VERDICT_UNREADABLE,   /* cannot be opened or read */
  PUEBLA_VERDICT_UNSUPPORTED,  /* a type we do not extract (binary data, images…) */
  PUEBLA_VERDICT_ENCRYPTED,    /* needs a password */
  PUEBLA_VERDICT_CORRUPT,      /* claims a format but is broken (truncated PDF…) */
  PUEBLA_VERDICT_NO_TEXT,      /* readable but holds no text (a scan) */
  PUEBLA_VERDICT_TOO_LARGE,    /* over the size limit, or its extraction over the memory limit */
  PUEBLA_VERDICT_TIMEOUT,      /* its extraction ran over the time limit and was killed */
  PUEBLA_VERDICT_CRASHED,      /* its extraction crashed or aborted (a worker process died) */
} PueblaVerdict;

const gchar *puebla_verdict_to_string (PueblaVerdict verdict);
/* The verdict named NAME; FALSE when NAME is unknown. */
gboolean puebla_verdict_from_string (const gchar *name, PueblaVerdict *verdict /* OUT */);

typedef struct
{
  guint number;   /* 1-based page number; 0 for formats without pages */
  gchar *text;    /* NFC UTF-8, LF line ends */
  gboolean ocr;   /* TEXT was read by OCR from the page's image (a scan), not from a text layer */
} PueblaPage;

/* A fact found in the text: where, what, and its canonical id. */
typedef struct
{
  PueblaEntityType type;
  gchar *id;      /* ISO2, acronym, normalized date ("2004-12-02/2004-12-03"), meeting id, status */
  gchar *text;    /* the words as written */
  guint page;     /* number of the page it is on (0: unpaged) */
  gsize start;    /* [start, end): bytes in that page's text */
  gsize end;
  gchar *date;    /* meetings: the meeting's date; dates: their first day ("2004-12-02"); else NULL */
  gchar *last_date; /* dates: their last day ("2004-12-03"); else NULL */
} PueblaEntity;

void puebla_entity_free (PueblaEntity *entity);

/* A named cell of a table row: "CALENDARIO" → "CONTINUO -- …". */
typedef struct
{
  gchar *name;    /* the header of its column, as written ("ACCION PARA LA IMPLEMENTACION") */
  gchar *text;
} PueblaCell;

/* One unit of a record, the unit search shows and trace cites: a table
 * row, a numbered item, a section's paragraph, a heading. */
typedef struct
{
  guint ordinal;     /* 1-based, in reading order */
  guint page;        /* the page it starts on (0: unpaged) */
  gchar *kind;       /* "row", "item", "paragraph", "heading" */
  gchar *section;    /* where it stands: "POLÍTICAS Y GESTIÓN MIGRATORIA › 1. ELABORACIÓN…", or NULL */
  gchar *text;       /* its text (a row: its cells, a blank line between them) */
  GPtrArray *cells;  /* of PueblaCell*, for rows; NULL otherwise */
  GPtrArray *entities; /* of PueblaEntity*, offsets in TEXT (page 0); owns them */
  gboolean ocr;      /* it comes from a page read by OCR (PueblaPage.ocr): its words may be misread */
} PueblaPassage;

void puebla_passage_free (PueblaPassage *passage);

typedef struct _PueblaRecord PueblaRecord;

struct _PueblaRecord
{
  gchar *path;           /* absolute path of the source file */
  gchar *id;             /* stable id: 16 hex digits of SHA-256 of the path */
  gint64 size;           /* bytes */
  gint64 mtime;          /* seconds since the epoch */
  gchar *signature;      /* puebla_file_signature() of the file as read; NULL when unread */
  gchar *content_hash;   /* SHA-256 of the bytes, hex; NULL when unread */
  gchar *mime_type;      /* from libmagic, e.g. "application/pdf" */
  gchar *charset;        /* source encoding found ("ISO-8859-1"…); NULL for binary formats */
  gchar *title;          /* from the metadata when it says something, else the text */
  gchar *created;        /* ISO 8601 from the file's metadata, or NULL */
  gchar *modified;       /* ISO 8601 from the file's metadata, or NULL */
  guint page_count;      /* pages of a paged format (PDF); 0 otherwise */
  GPtrArray *pages;      /* of PueblaPage*, in order; owns them */
  GPtrArray *warnings;   /* of gchar*: things met while extracting that did not stop it */
  gchar *language;       /* "es", "en" (entities.h); NULL before */
  gchar *kind;           /* "plan-de-accion", "conclusiones"… (entities.h); NULL before */
  gchar *meeting;        /* the meeting the document comes from ("IX CRM", "GRCM 2004-12"), or NULL */
  gchar *place;          /* where it was made, as written ("Ciudad de Panamá"), or NULL */
  gchar *place_country;  /* ISO2 of the place, or NULL */
  gchar *date;           /* its date, normalized ("2004-12-02/2004-12-03"), or NULL */
  GPtrArray *entities;   /* of PueblaEntity*, by page then offset; owns them */
  GPtrArray *passages;   /* of PueblaPassage*, in order (segment.h); owns them */
  GPtrArray *table_rows; /* of PueblaTableRow* rebuilt from a PDF's layout (pdf-table.h), or empty */
  PueblaVerdict verdict;
  gchar *reason;         /* why the verdict is not OK, for a person; NULL when OK */
};

/* A new empty record for PATH (copied; made absolute). Free with
 * puebla_record_free(). */
PueblaRecord *puebla_record_new (const gchar *path);
void puebla_record_free (PueblaRecord *record);

/* Appends a page; takes TEXT (it must be g_malloc'ed, valid UTF-8).
 * Returns the new page, borrowed from RECORD (valid until its pages
 * change), for the caller to mark (ocr). */
PueblaPage *puebla_record_add_page_take (PueblaRecord *record, guint number, gchar *text);

/* Appends a warning (printf-style). */
void puebla_record_add_warning (PueblaRecord *record, const gchar *format, ...) G_GNUC_PRINTF (2, 3);

/* Marks the record failed with VERDICT and a reason (printf-style); drops
 * its pages. */
void puebla_record_set_failed (PueblaRecord *record, PueblaVerdict verdict,
                               const gchar *format, ...) G_GNUC_PRINTF (3, 4);

/* All pages' text joined with a blank line, newly allocated. */
gchar *puebla_record_get_text (const PueblaRecord *record);

/* What tells a changed file without reading it: size, mtime and ctime with
 * their nanoseconds ("9541:1795329535.173751688:1795329535.173751688").
 * ctime catches what keeps the mtime (cp -p, tar, touch -d), nanoseconds a
 * change within the second. Newly allocated. */
gchar *puebla_file_signature (gint64 size, gint64 mtime_sec, glong mtime_nsec, gint64 ctime_sec, glong ctime_nsec);

/* PATH (a file name: bytes) as valid UTF-8: itself when it is, else with
 * U+FFFD for each byte that is not. Newly allocated. */
gchar *puebla_path_to_utf8 (const gchar *path);

/* The id of PATH as a record would have it (PATH made absolute first). */
gchar *puebla_record_id_for_path (const gchar *path);

/* The passage's cell named like NAME (folded prefix: "calendario" finds
 * "CALENDARIO"), or NULL. Borrowed. */
const gchar *puebla_passage_get_cell (const PueblaPassage *passage, const gchar *name);

/* JSON of a passage: {"ordinal", "page", "kind", "section", "text",
 * "cells": [{"name", "text"}]?, "ocr": true?, "entities": [entity JSON]};
 * "ocr" is there only when the passage was read by OCR. */
JsonNode *puebla_passage_to_json (const PueblaPassage *passage);
/* The form the index stores (index/schema.h), appended to OUT: the same
 * JSON, but an entity whose text is what its offsets cover in the
 * passage's text is [type, id, page, start, end] (and, for a date, its
 * first and last day). puebla_passage_from_json() reads both. */
void puebla_passage_append_stored_json (GString *out, const PueblaPassage *passage);
PueblaPassage *puebla_passage_from_json (JsonNode *node);

/* JSON: {"path" (valid UTF-8; a name that is not has "path_bytes" too, its
 * exact bytes in base64), "id", "size", "mtime", "content_hash", "mime_type",
 * "charset", "title", "created", "modified", "page_count", "language",
 * "kind", "meeting", "place", "place_country", "date", "verdict", "reason",
 * "warnings": [...], "entities": [{"type", "id", "text", "page", "start",
 * "end", "date"?}], "passages": [passage JSON], "pages": [{"number",
 * "text"}]}; with WITH_PAGES FALSE, "entities", "passages" and "pages" are
 * left out. The table rows are not kept: they live on in the passages. */
JsonNode *puebla_record_to_json (const PueblaRecord *record, gboolean with_pages);
gchar *puebla_record_to_json_string (const PueblaRecord *record, gboolean with_pages);

/* As puebla_record_to_json_string (RECORD, TRUE) but without "passages",
 * and its entities short where they can be (as
 * puebla_passage_append_stored_json(), their text on their page): what
 * the index stores as a record's data, since it stores each passage as a
 * document of its own (index/schema.h). puebla_record_from_json_string()
 * reads it. */
gchar *puebla_record_to_json_string_without_passages (const PueblaRecord *record);

/* The record written by puebla_record_to_json(); NULL with a
 * G_IO_ERROR_INVALID_DATA error when DATA is not one. */
PueblaRecord *puebla_record_from_json_string (const gchar *data, gssize len, GError **error);
/* The same from a parsed JSON object (borrowed). */
PueblaRecord *puebla_record_from_json (JsonNode *node, GError **error);

/* The heading TEXT opens with, from its first ten non-empty lines (before
 * any table): a heading in capitals (joined when it wraps over up to three
 * lines), or a short line that is not a sentence. Cut at 200 characters.
 * NULL when there is none. */
gchar *puebla_record_guess_title (const gchar *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PueblaRecord, puebla_record_free)

G_END_DECLS
