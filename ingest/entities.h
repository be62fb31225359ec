/* entities.h: the facts of a record — countries, organizations, dates,
 * meetings, status — and its document metadata (language, kind, meeting,
 * place, date).
 *
 * What it does: runs the gazetteer (gazetteer.h) and the date parser
 * (dates.h) over a text and adds what needs grammar around them:
 *   - meetings: a Roman numeral before the CRM ("IX CRM", "la X Conferencia
 *     Regional sobre Migración", "XII Reunión Viceministerial") → the
 *     meetings table's id, date and place; the GRCM with a month near it
 *     ("GRCM de Vancouver, marzo 2005", "GRCM OCT 05") → "GRCM 2005-03";
 *   - status: a completed cue after a negation ("no se realizó", "aún no
 *     se ha efectuado") reports pending;
 *   - the language, from the share of Spanish and English function words;
 *   - the kind, meeting, place and date of a document, from its heading.
 *
 * What it does not do: read files (extract.h) or segment (a later module).
 * Thread-safe: the gazetteer is immutable.
 */
#pragma once

#include "gazetteer.h"
#include "record.h"

G_BEGIN_DECLS

/* Every entity of TEXT in order of start (a name inside a date or a meeting
 * reference is kept too: "GRCM de Vancouver, marzo 2005" gives the meeting,
 * the org GRCM, the city and the date). DEFAULT_YEAR (0: none) dates a day
 * without a year when the text gives none before it. A GPtrArray of
 * PueblaEntity* (page 0) that frees them. */
GPtrArray *puebla_entities_find (const PueblaGazetteer *gazetteer, const gchar *text, gint default_year);

/* "es" or "en": the language of TEXT, from its function words. */
const gchar *puebla_entities_guess_language (const gchar *text);

/* The kind of a document from its heading: "plan-de-accion",
 * "plan-de-trabajo", "conclusiones", "informe", "declaracion",
 * "lineamientos", "acta", or "otro". */
const gchar *puebla_entities_guess_kind (const gchar *heading);

/* The kinds above with the words a person writes for them ("plan de acción",
 * "conclusions"…) → the kind id, or NULL. For kind: in queries. */
const gchar *puebla_entities_resolve_kind (const gchar *name);

/* Fills the entities of each of RECORD's passages (offsets in the passage's
 * text), dated by the record's year. */
void puebla_entities_annotate_passages (const PueblaGazetteer *gazetteer, PueblaRecord *record);

/* Fills RECORD's language, kind, meeting, place, date and entities from its
 * pages. The date of the document is the first date of its heading; a day
 * without a year in the text takes it. */
void puebla_entities_annotate (const PueblaGazetteer *gazetteer, PueblaRecord *record);

G_END_DECLS
