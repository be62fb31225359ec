/* fuzz-query.c: fuzzed queries through the searcher (index/searcher.h):
 * puebla's checks of the query language, the field resolvers (country:,
 * org:, kind:, status:, meeting:, year:, date: ranges, lang:), the Xapian
 * QueryParser behind the shim, then matching, snippets, highlights and
 * facets.
 *
 * Set-up (once): a small index in a temporary directory, built from a few
 * generated text records (a plan table, numbered conclusions, an English
 * report, a Latin-1 file) extracted as `puebla ingest` would; removed at
 * exit.
 *
 * Each input is one query (bytes up to the first NUL; not made valid
 * UTF-8: the searcher must refuse what is not), run twice: over records
 * with facets, and over passages with words ORed and an offset.
 * Invariants: NULL comes with a PUEBLA_INDEX_ERROR_BAD_QUERY error and a
 * valid UTF-8 message, a result without an error; hits within the limit,
 * each with an id and a path, a percent within 0-100, a valid UTF-8
 * snippet whose highlights are in order and within it; facet values
 * counted at least once, most frequent first, never more than the matches
 * examined. PUEBLA_FUZZ_DEBUG=1 in the environment prints each query and
 * its total or error.
 */
#include <glib/gstdio.h>
#include <string.h>

#include "extract.h"
#include "fuzz.h"
#include "indexer.h"
#include "searcher.h"

static PueblaSearcher *searcher;
static gchar *index_dir;

static const struct
{
  const gchar *name;
  const gchar *text;
} records[] = {
  { "crm-2006-11-plan-de-accion.txt",
    "PLAN DE ACCION\n\nCONFERENCIA REGIONAL SOBRE MIGRACION (CRM)\n\n"
    "Actualizado por el Grupo Regional de Consulta sobre Migración (GRCM)\n\n"
    "San Salvador, El Salvador, 27-29 de noviembre de 2006\n\n"
    "\tTEMAS\n\tOBJETIVOS\n\tACTIVIDADES\n\tCALENDARIO\n\n"
    "\tPOLÍTICAS Y GESTIÓN MIGRATORIA\n"
    "\t1. ELABORACIÓN DE UNA POLÍTICA MIGRATORIA NACIONAL (I CRM, Puebla, México)\n"
    "\tOIM Y ACNUR PATROCINARÁN UN SEMINARIO SOBRE LEGISLACIÓN MIGRATORIA EN GUATEMALA\n"
    "\tCONTINUO\n"
    "\t\n"
    "\t2. TRATA DE PERSONAS\n"
    "\tTaller regional en Tegucigalpa, Honduras, del 15 al 16 de febrero de 2007; aún no se ha realizado\n"
    "\tPENDIENTE\n" },
  { "grcm-2004-12-panama-conclusiones.txt",
    "REUNION DEL GRUPO REGIONAL DE CONSULTA SOBRE MIGRACIÓN (GRCM)\n\n"
    "Ciudad de Panamá, Panamá, 2 y 3 de diciembre de 2004\n\n"
    "CONCLUSIONES\n"
    "1. Agradecer a la Presidencia Pro-Témpore (PPT) y a la Secretaría Técnica (ST) sus informes.\n"
    "2. Aprobar el plan de trabajo de la Red de Protección Consular para 2005, con Belice, Canadá, Costa Rica, "
    "Estados Unidos de América y la Organización Internacional para las Migraciones.\n"
    "3. Tomar nota de la IX CRM de mayo de 2004 y del seminario de Kozak sobre remesas, primer trimestre de 2005.\n" },
  { "crm-2003-05-report.txt",
    "REPORT OF THE PRO TEMPORE PRESIDENCY\n\n"
    "Regional Conference on Migration, Cancún, Mexico, May 2003\n\n"
    "The International Organization for Migration (IOM) and UNHCR supported the return of migrants "
    "between June and August 2002. The workshop on smuggling was completed in the second half of 2003; "
    "the seminar on remittances is ongoing (2003-2004). Nicaragua and the Dominican Republic proposed a "
    "new plan for Q3 2004.\n" },
  { "latin1-informe.txt",
    "INFORME DE LA SECRETAR\xcd" "A T\xc9" "CNICA\n\nSan Jos\xe9, Costa Rica, marzo 2005\n\n"
    "La migraci\xf3n irregular de ni\xf1os no acompa\xf1" "ados hacia Estados Unidos y Canad\xe1 "
    "fue tratada en la X Conferencia Regional sobre Migraci\xf3n. El SIEMCA est\xe1 en ejecuci\xf3n.\n" },
};

static void
remove_index (void)
{
  if (searcher)
    puebla_searcher_close (searcher);
  searcher = NULL;
  if (index_dir == NULL)
    return;
  /* the index directory holds only files (Xapian's glass tables) */
  g_autoptr (GDir) dir = g_dir_open (index_dir, 0, NULL);
  const gchar *name;
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree gchar *path = g_build_filename (index_dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          g_autoptr (GDir) sub = g_dir_open (path, 0, NULL);
          const gchar *inner;
          while (sub && (inner = g_dir_read_name (sub)))
            {
              g_autofree gchar *p = g_build_filename (path, inner, NULL);
              g_unlink (p);
            }
          g_rmdir (path);
        }
      else
        g_unlink (path);
    }
  g_rmdir (index_dir);
  g_clear_pointer (&index_dir, g_free);
}

G_GNUC_NORETURN static void
die (const gchar *what, const GError *error)
{
  fprintf (stderr, "fuzz-query: %s: %s\n", what, error ? error->message : "failed");
  exit (1);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  (void) argc;
  (void) argv;
  g_autoptr (GError) error = NULL;
  index_dir = g_dir_make_tmp ("puebla-fuzz-query-XXXXXX", &error);
  if (index_dir == NULL)
    die ("temporary directory", error);
  atexit (remove_index);

  g_autofree gchar *db = g_build_filename (index_dir, "index", NULL);
  g_autofree gchar *docs = g_build_filename (index_dir, "docs", NULL);
  g_mkdir (docs, 0700);
  {
    g_autoptr (PueblaIndexer) indexer = puebla_indexer_open (db, &error);
    if (indexer == NULL)
      die ("puebla_indexer_open", error);
    for (guint i = 0; i < G_N_ELEMENTS (records); i++)
      {
        g_autofree gchar *path = g_build_filename (docs, records[i].name, NULL);
        if (!g_file_set_contents (path, records[i].text, -1, &error))
          die (records[i].name, error);
        g_autoptr (PueblaRecord) record = puebla_extract_file (path, NULL);
        if (record->verdict != PUEBLA_VERDICT_OK)
          {
            fprintf (stderr, "fuzz-query: %s: %s\n", records[i].name, record->reason);
            exit (1);
          }
        if (!puebla_indexer_put (indexer, record, &error))
          die ("puebla_indexer_put", error);
        g_unlink (path);
      }
    if (!puebla_indexer_commit (indexer, &error))
      die ("puebla_indexer_commit", error);
  }
  g_rmdir (docs);

  searcher = puebla_searcher_open (db, &error);
  if (searcher == NULL)
    die ("puebla_searcher_open", error);
  return 0;
}

static void
check_search (const gchar *query, const PueblaSearchOptions *options)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PueblaSearchResults) results = puebla_searcher_search (searcher, query, options, &error);
  if (g_getenv ("PUEBLA_FUZZ_DEBUG"))
    {
      if (results)
        fprintf (stderr, "fuzz-query: [%s]%s: %u matches\n", query, options->passages ? " (passages)" : "",
                 results->total);
      else
        fprintf (stderr, "fuzz-query: [%s]%s: error: %s\n", query, options->passages ? " (passages)" : "",
                 error->message);
    }
  if (results == NULL)
    {
      FUZZ_CHECK (error != NULL, "NULL without an error");
      FUZZ_CHECK (g_error_matches (error, PUEBLA_INDEX_ERROR, PUEBLA_INDEX_ERROR_BAD_QUERY),
                  "an error that is not BAD_QUERY (%s %d): %s", g_quark_to_string (error->domain), error->code,
                  error->message);
      FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL), "the error message is not UTF-8");
      return;
    }
  FUZZ_CHECK (error == NULL, "results and an error: %s", error->message);
  FUZZ_CHECK (results->hits->len <= options->limit, "%u hits over the limit of %u", results->hits->len,
              options->limit);
  for (guint i = 0; i < results->hits->len; i++)
    {
      const PueblaHit *hit = g_ptr_array_index (results->hits, i);
      FUZZ_CHECK (hit->id && hit->path, "hit %u without id or path", i);
      FUZZ_CHECK (hit->percent >= 0 && hit->percent <= 100, "hit %u: %d%%", i, hit->percent);
      if (hit->snippet == NULL)
        {
          FUZZ_CHECK (hit->highlights == NULL || hit->highlights->len == 0, "hit %u: highlights, no snippet", i);
          continue;
        }
      FUZZ_CHECK (g_utf8_validate (hit->snippet, -1, NULL), "hit %u: snippet is not UTF-8", i);
      const gsize len = strlen (hit->snippet);
      guint previous_end = 0;
      for (guint h = 0; hit->highlights && h < hit->highlights->len; h++)
        {
          const PueblaSpan *span = &g_array_index (hit->highlights, PueblaSpan, h);
          FUZZ_CHECK (span->start < span->end && span->end <= len, "hit %u highlight %u at [%u, %u) in %zu bytes", i,
                      h, span->start, span->end, len);
          FUZZ_CHECK (span->start >= previous_end, "hit %u highlight %u out of order", i, h);
          FUZZ_CHECK (fuzz_is_char_boundary (hit->snippet, len, span->start)
                        && fuzz_is_char_boundary (hit->snippet, len, span->end),
                      "hit %u highlight %u at [%u, %u) cuts a character", i, h, span->start, span->end);
          previous_end = span->end;
        }
    }
  for (guint f = 0; f < results->facets->len; f++)
    {
      const PueblaFacet *facet = g_ptr_array_index (results->facets, f);
      for (guint v = 0; v < facet->values->len; v++)
        {
          const PueblaFacetValue *value = g_ptr_array_index (facet->values, v);
          FUZZ_CHECK (value->count > 0 && value->count <= results->examined,
                      "facet %s value %s counted %u times in %u matches", facet->name, value->value, value->count,
                      results->examined);
          if (v > 0)
            FUZZ_CHECK (value->count <= ((const PueblaFacetValue *) g_ptr_array_index (facet->values, v - 1))->count,
                        "facet %s is not most frequent first", facet->name);
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree gchar *query = g_strndup ((const gchar *) data, size);

  const PueblaSearchOptions records_facets = { .offset = 0, .limit = 10, .facets = TRUE };
  check_search (query, &records_facets);
  const PueblaSearchOptions passages_any = { .offset = 1, .limit = 3, .passages = TRUE, .any_words = TRUE };
  check_search (query, &passages_any);
  return 0;
}
