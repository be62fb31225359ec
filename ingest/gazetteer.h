/* gazetteer.h: names in the text → canonical ids.
 *
 * What it does: loads the gazetteers — countries and cities (→ ISO 3166-1
 * alpha-2), organizations (→ the Spanish acronym the records use), status
 * cue words (→ proposed, approved, ongoing, pending, completed) and the CRM
 * meetings table — from TSV data files (data/gazetteers/, README there), and
 * finds their names in a text: whole words only, case- and accent-folded
 * (ñ folds to n here: "ESPANA" is Spain), the longest name winning across
 * all gazetteers ("Organización de Estados Americanos" is the OAS, not the
 * United States). One pass over the words of the text, a hash lookup per
 * word and name length: linear in the text.
 *
 * Case rules per name: `any`; `upper` (written in capitals: "USA", "ST");
 * `title` (a capital first letter: "Tela", not "tela"). An `upper` name
 * that is also an ordinary word ("UN", "CAN", "ALBA") is taken only where
 * the words around it are not capitals too: an all-caps heading says
 * "UN PROGRAMA", not the United Nations.
 *
 * What it owns: the tables, immutable once loaded: the default gazetteer is
 * built once per process and shared by all threads.
 *
 * What it does not do: dates (dates.h), the grammar of meeting references or
 * status (entities.h).
 */
#pragma once

#include <glib.h>

#include "entity-type.h"

G_BEGIN_DECLS

#define PUEBLA_GAZETTEER_ERROR (puebla_gazetteer_error_quark ())
GQuark puebla_gazetteer_error_quark (void);

typedef enum
{
  PUEBLA_GAZETTEER_ERROR_PARSE,   /* a line of a data file is malformed: the message names file and line */
  PUEBLA_GAZETTEER_ERROR_MISSING, /* a data file cannot be read */
} PueblaGazetteerError;

typedef struct _PueblaGazetteer PueblaGazetteer;

/* A CRM vice-ministerial meeting (meetings.tsv). Strings owned by the
 * gazetteer. */
typedef struct
{
  const gchar *id;       /* "IX CRM" */
  guint number;          /* 9 */
  gint year;             /* 2004 */
  gint month;            /* 1-12, 0 when unknown */
  const gchar *date;     /* "2004-05", "2004" */
  const gchar *city;     /* may be "" */
  const gchar *country;  /* ISO2, may be "" */
} PueblaMeeting;

/* A name found in a text: [start, end) in bytes. */
typedef struct
{
  PueblaEntityType type;
  const gchar *id;       /* owned by the gazetteer */
  gsize start;
  gsize end;
} PueblaGazetteerMatch;

/* The gazetteers built into puebla (the .tsv files of data/gazetteers), plus the .tsv
 * files of the directory $PUEBLA_GAZETTEERS if set (countries*.tsv,
 * cities*.tsv, organizations*.tsv, status*.tsv, meetings*.tsv add to the
 * built-in ones). Built once per process; NULL with an error naming the
 * file and line when a data file is malformed. Do not free. */
PueblaGazetteer *puebla_gazetteer_get_default (GError **error);

/* An empty gazetteer, for tests. Free with puebla_gazetteer_free(). */
PueblaGazetteer *puebla_gazetteer_new (void);
void puebla_gazetteer_free (PueblaGazetteer *gazetteer);

/* Adds the names of a 5-column file (id, name, lang, kind, case) of TYPE
 * (COUNTRY, ORG or STATUS). SOURCE names the file in errors. */
gboolean puebla_gazetteer_load_names (PueblaGazetteer *gazetteer, PueblaEntityType type, const gchar *data,
                                      gsize len, const gchar *source, GError **error);

/* Adds meetings from an 8-column meetings file. */
gboolean puebla_gazetteer_load_meetings (PueblaGazetteer *gazetteer, const gchar *data, gsize len,
                                         const gchar *source, GError **error);

/* Every name of TEXT in order, not overlapping. An array of
 * PueblaGazetteerMatch; g_array_unref it. */
GArray *puebla_gazetteer_scan (const PueblaGazetteer *gazetteer, const gchar *text);

/* The canonical id of NAME as a whole ("guatemala", "GT", "Guatemala",
 * "guatemalteca" → "GT"; "IOM" → "OIM"), case rules ignored, or NULL. For
 * the values of the query language. Owned by the gazetteer. */
const gchar *puebla_gazetteer_resolve (const PueblaGazetteer *gazetteer, PueblaEntityType type, const gchar *name);

/* The meeting number N, or NULL. */
const PueblaMeeting *puebla_gazetteer_get_meeting (const PueblaGazetteer *gazetteer, guint number);

/* Every canonical id of TYPE, sorted; the array does not own them. */
GPtrArray *puebla_gazetteer_list_ids (const PueblaGazetteer *gazetteer, PueblaEntityType type);

/* ASCII-only folding used for every match: lower case, diacritics and the
 * tilde of ñ dropped. Newly allocated. */
gchar *puebla_gazetteer_fold (const gchar *text, gssize len);

G_END_DECLS
