/* fuzz-segment.c: fuzzed text through the segmenter (ingest/segment.h),
 * then the passages' entities (entities.h).
 *
 * The input, made valid UTF-8, is segmented three ways:
 *   - as a text record (one unpaged page): the tab-table path when lines
 *     start with a TAB (a Word table saved as text), prose otherwise;
 *   - as a paged record (a PDF's text): the pages are the input cut at
 *     form feeds;
 *   - as a PDF's rebuilt table rows (pdf-table.h): one row per line, cells
 *     cut at TABs (at least one: pdf-table.c never gives a row without
 *     cells); the first line, and every line starting with '#', is a
 *     header row.
 * Invariants: passages are numbered 1, 2, 3… in order; each has a known
 * kind, valid UTF-8 text (and section), and a page the record has; rows,
 * and only rows, have cells, with a name and text each; the entities of a
 * passage lie within its text.
 */
#include <string.h>

#include "entities.h"
#include "fuzz.h"
#include "gazetteer.h"
#include "segment.h"

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
      fprintf (stderr, "fuzz-segment: the gazetteers cannot be loaded: %s\n", error->message);
      exit (1);
    }
  return 0;
}

static gboolean
has_page (const PueblaRecord *record, guint number)
{
  for (guint i = 0; i < record->pages->len; i++)
    if (((const PueblaPage *) g_ptr_array_index (record->pages, i))->number == number)
      return TRUE;
  return FALSE;
}

static void
check_passages (PueblaRecord *record, const gchar *how)
{
  puebla_entities_annotate_passages (gazetteer, record);
  for (guint i = 0; i < record->passages->len; i++)
    {
      const PueblaPassage *p = g_ptr_array_index (record->passages, i);
      FUZZ_CHECK (p->ordinal == i + 1, "%s: passage %u has ordinal %u", how, i, p->ordinal);
      FUZZ_CHECK (p->kind != NULL
                    && (g_str_equal (p->kind, "row") || g_str_equal (p->kind, "item")
                        || g_str_equal (p->kind, "paragraph") || g_str_equal (p->kind, "heading")),
                  "%s: passage %u of kind '%s'", how, i, p->kind ? p->kind : "(null)");
      FUZZ_CHECK (p->text != NULL && g_utf8_validate (p->text, -1, NULL), "%s: passage %u text", how, i);
      FUZZ_CHECK (p->section == NULL || g_utf8_validate (p->section, -1, NULL), "%s: passage %u section", how, i);
      FUZZ_CHECK (has_page (record, p->page), "%s: passage %u on page %u, which the record lacks", how, i, p->page);
      FUZZ_CHECK ((p->cells != NULL) == g_str_equal (p->kind, "row"), "%s: passage %u (%s) cells", how, i, p->kind);
      for (guint c = 0; p->cells && c < p->cells->len; c++)
        {
          const PueblaCell *cell = g_ptr_array_index (p->cells, c);
          FUZZ_CHECK (cell->name != NULL && cell->text != NULL && g_utf8_validate (cell->name, -1, NULL)
                        && g_utf8_validate (cell->text, -1, NULL),
                      "%s: passage %u cell %u", how, i, c);
        }
      const gsize len = strlen (p->text);
      for (guint e = 0; p->entities && e < p->entities->len; e++)
        {
          const PueblaEntity *entity = g_ptr_array_index (p->entities, e);
          FUZZ_CHECK (entity->start < entity->end && entity->end <= len,
                      "%s: passage %u entity %s at [%zu, %zu) in %zu bytes", how, i, entity->id, entity->start,
                      entity->end, len);
          FUZZ_CHECK (fuzz_is_char_boundary (p->text, len, entity->start)
                        && fuzz_is_char_boundary (p->text, len, entity->end),
                      "%s: passage %u entity %s at [%zu, %zu) cuts a character", how, i, entity->id, entity->start,
                      entity->end);
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree gchar *text = fuzz_utf8_text (data, size);

  /* a text record: tab tables and prose */
  {
    g_autoptr (PueblaRecord) record = puebla_record_new ("/fuzz/record.txt");
    puebla_record_add_page_take (record, 0, g_strdup (text));
    record->title = puebla_record_guess_title (text);
    FUZZ_CHECK (record->title == NULL || g_utf8_validate (record->title, -1, NULL), "title");
    puebla_segment_record (record);
    check_passages (record, "text");
  }

  /* a paged record: a page per form feed */
  g_auto (GStrv) pages = g_strsplit (text, "\f", 64);
  {
    g_autoptr (PueblaRecord) record = puebla_record_new ("/fuzz/record.pdf");
    for (guint i = 0; pages[i]; i++)
      puebla_record_add_page_take (record, i + 1, g_strdup (pages[i]));
    record->page_count = record->pages->len;
    puebla_segment_record (record);
    check_passages (record, "paged");
  }

  /* a PDF's rebuilt table rows, on the pages above */
  {
    g_autoptr (PueblaRecord) record = puebla_record_new ("/fuzz/table.pdf");
    for (guint i = 0; pages[i]; i++)
      puebla_record_add_page_take (record, i + 1, g_strdup (pages[i]));
    record->page_count = record->pages->len;
    record->title = puebla_record_guess_title (text);
    for (guint i = 0; pages[i]; i++)
      {
        g_auto (GStrv) lines = g_strsplit (pages[i], "\n", 256);
        for (guint l = 0; lines[l]; l++)
          {
            PueblaTableRow *row = g_new0 (PueblaTableRow, 1);
            row->page = i + 1;
            row->header = record->table_rows->len == 0 || lines[l][0] == '#';
            row->cells = g_ptr_array_new_with_free_func (g_free);
            g_auto (GStrv) cells = g_strsplit (lines[l] + (lines[l][0] == '#'), "\t", 16);
            for (guint c = 0; cells[c]; c++)
              g_ptr_array_add (row->cells, g_strdup (cells[c]));
            /* pdf-table.c gives every row at least one cell (its tables
               have two columns or more); an empty line is one empty cell */
            if (row->cells->len == 0)
              g_ptr_array_add (row->cells, g_strdup (""));
            g_ptr_array_add (record->table_rows, row);
          }
      }
    puebla_segment_record (record);
    check_passages (record, "table rows");
  }
  return 0;
}
