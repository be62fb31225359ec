/* fuzz-entities.c: fuzzed text through the entity parser (ingest/entities.h)
 * with the gazetteers built into puebla (ingest/gazetteer.h).
 *
 * The input, made valid UTF-8, is scanned by the gazetteer, searched for
 * entities, annotated as a one-page record, and its language, kind and
 * names resolved. Invariants: gazetteer matches are in order, not
 * overlapping, within the text on character boundaries, with an id;
 * entities are in order of start, within the text, their text the bytes at
 * their offsets, with an id; a date entity has first and last days, the
 * first not after the last; the guesses are among the documented values;
 * the record's entities lie within its page.
 */
#include <string.h>

#include "dates.h"
#include "entities.h"
#include "fuzz.h"
#include "gazetteer.h"

static const PueblaGazetteer *gazetteer;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  (void) argc;
  (void) argv;
  g_autoptr (GError) error = NULL;
  gazetteer = puebla_gazetteer_get_default (&error);
  if (gazetteer == NULL)
    {
      fprintf (stderr, "fuzz-entities: the gazetteers cannot be loaded: %s\n", error->message);
      exit (1);
    }
  return 0;
}

static void
check_entities (GPtrArray *entities, const gchar *text, const gchar *what)
{
  const gsize len = strlen (text);
  gsize previous_start = 0;
  for (guint i = 0; i < entities->len; i++)
    {
      const PueblaEntity *e = g_ptr_array_index (entities, i);
      FUZZ_CHECK (e->type < PUEBLA_ENTITY_N_TYPES, "%s: entity %u of type %d", what, i, (int) e->type);
      FUZZ_CHECK (e->start < e->end && e->end <= len, "%s: entity %u at [%zu, %zu) in %zu bytes", what, i, e->start,
                  e->end, len);
      FUZZ_CHECK (e->start >= previous_start, "%s: entity %u at %zu before the one before (%zu)", what, i, e->start,
                  previous_start);
      previous_start = e->start;
      FUZZ_CHECK (fuzz_is_char_boundary (text, len, e->start) && fuzz_is_char_boundary (text, len, e->end),
                  "%s: entity %u at [%zu, %zu) cuts a character", what, i, e->start, e->end);
      FUZZ_CHECK (e->id != NULL && *e->id, "%s: entity %u has no id", what, i);
      FUZZ_CHECK (e->text != NULL && strlen (e->text) == e->end - e->start
                    && memcmp (e->text, text + e->start, e->end - e->start) == 0,
                  "%s: entity %u's text '%s' is not the text at [%zu, %zu)", what, i, e->text ? e->text : "(null)",
                  e->start, e->end);
      if (e->type == PUEBLA_ENTITY_DATE)
        {
          FUZZ_CHECK (e->date != NULL && e->last_date != NULL, "%s: date %s without its days", what, e->id);
          FUZZ_CHECK (strcmp (e->date, e->last_date) <= 0, "%s: date %s ends (%s) before it starts (%s)", what, e->id,
                      e->last_date, e->date);
        }
    }
}

static gboolean
in_list (const gchar *value, const gchar *const *list)
{
  for (; *list; list++)
    if (g_strcmp0 (value, *list) == 0)
      return TRUE;
  return FALSE;
}

static const gchar *const kinds[] = { "plan-de-accion", "plan-de-trabajo", "conclusiones", "informe", "declaracion",
                                      "lineamientos", "acta", "otro", NULL };
static const gchar *const languages[] = { "es", "en", NULL };

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree gchar *text = fuzz_utf8_text (data, size);
  const gsize len = strlen (text);

  /* the gazetteer alone */
  g_autoptr (GArray) matches = puebla_gazetteer_scan (gazetteer, text);
  gsize previous_end = 0;
  for (guint i = 0; i < matches->len; i++)
    {
      const PueblaGazetteerMatch *m = &g_array_index (matches, PueblaGazetteerMatch, i);
      FUZZ_CHECK (m->start < m->end && m->end <= len, "match %u at [%zu, %zu) in %zu bytes", i, m->start, m->end,
                  len);
      FUZZ_CHECK (m->start >= previous_end, "match %u at %zu overlaps the one before", i, m->start);
      FUZZ_CHECK (fuzz_is_char_boundary (text, len, m->start) && fuzz_is_char_boundary (text, len, m->end),
                  "match %u at [%zu, %zu) cuts a character", i, m->start, m->end);
      FUZZ_CHECK (m->id != NULL && *m->id, "match %u has no id", i);
      previous_end = m->end;
    }

  /* the entities, with and without a year for the document */
  g_autoptr (GPtrArray) found = puebla_entities_find (gazetteer, text, 2005);
  check_entities (found, text, "find");
  g_autoptr (GPtrArray) undated = puebla_entities_find (gazetteer, text, 0);
  check_entities (undated, text, "find (no year)");

  FUZZ_CHECK (in_list (puebla_entities_guess_language (text), languages), "language");
  FUZZ_CHECK (in_list (puebla_entities_guess_kind (text), kinds), "kind");
  const gchar *kind = puebla_entities_resolve_kind (text);
  FUZZ_CHECK (kind == NULL || in_list (kind, kinds), "resolved kind '%s'", kind);
  for (guint t = 0; t < PUEBLA_ENTITY_N_TYPES; t++)
    (void) puebla_gazetteer_resolve (gazetteer, (PueblaEntityType) t, text);
  g_autofree gchar *folded = puebla_gazetteer_fold (text, -1);
  FUZZ_CHECK (g_utf8_validate (folded, -1, NULL), "fold gave invalid UTF-8");

  /* a one-page record: its metadata and entities */
  g_autoptr (PueblaRecord) record = puebla_record_new ("/fuzz/record.txt");
  puebla_record_add_page_take (record, 0, g_strdup (text));
  puebla_entities_annotate (gazetteer, record);
  check_entities (record->entities, text, "annotate");
  FUZZ_CHECK (in_list (record->language, languages), "record language");
  FUZZ_CHECK (record->kind == NULL || in_list (record->kind, kinds), "record kind '%s'", record->kind);
  if (record->date)
    FUZZ_CHECK (puebla_date_value_bounds (record->date, NULL, NULL), "record date '%s' is not a value", record->date);
  return 0;
}
