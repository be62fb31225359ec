/* check_formats.c: word-processor formats (DOCX, ODT, HTML, RTF, DOC) through
 * ingest/extract.h: the corpus files give the passages of their text
 * records; broken, hostile and oddly encoded files give the right verdict
 * and a reason; a table cell of a DOCX is found by `puebla search`. */
#include <archive.h>
#include <archive_entry.h>
#include <check.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doctext.h"
#include "extract.h"
#include "segment.h"
#include "textclean.h"
#include "zip.h"

static gboolean
verbose (void)
{
  return g_getenv ("PUEBLA_TEST_VERBOSE") != NULL;
}

static PueblaPassage *
passage (const PueblaRecord *r, guint i)
{
  return g_ptr_array_index (r->passages, i);
}

/* ---- Agreement with the text records ------------------------------------------ */

/* A passage as compared: its kind, its text with white space squeezed, and
   for rows each cell as "name=text", squeezed. */
static gchar *
passage_key (const PueblaPassage *p)
{
  g_autofree gchar *text = puebla_text_squeeze_spaces (p->text);
  GString *key = g_string_new (NULL);
  g_string_append_printf (key, "%s|%s", p->kind, text);
  for (guint c = 0; p->cells && c < p->cells->len; c++)
    {
      const PueblaCell *cell = g_ptr_array_index (p->cells, c);
      g_autofree gchar *name = puebla_text_squeeze_spaces (cell->name);
      g_autofree gchar *t = puebla_text_squeeze_spaces (cell->text);
      g_string_append_printf (key, "|%s=%s", name, t);
    }
  return g_string_free (key, FALSE);
}

typedef struct
{
  guint passages_same, passages_total;
  guint cells_same, cells_total;
} Agreement;

/* The passages of GOT against those of WANT (the text record): the longest
   common subsequence of equal passages, over the larger count; and the
   cells of the rows, row by row in order, each cell of WANT against the
   cell of the same column name in GOT, over WANT's cells. */
static Agreement
compare_passages (const PueblaRecord *want, const PueblaRecord *got, const gchar *name)
{
  Agreement a = { 0 };
  guint n = want->passages->len, m = got->passages->len;
  g_autoptr (GPtrArray) kw = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) kg = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (kw, passage_key (passage (want, i)));
  for (guint j = 0; j < m; j++)
    g_ptr_array_add (kg, passage_key (passage (got, j)));

  /* LCS table, (n + 1) × (m + 1) */
  g_autofree guint *t = g_new0 (guint, (n + 1) * (m + 1));
#define T(i, j) t[(i) * (m + 1) + (j)]
  for (guint i = n; i-- > 0;)
    for (guint j = m; j-- > 0;)
      T (i, j) = g_str_equal (kw->pdata[i], kg->pdata[j]) ? T (i + 1, j + 1) + 1 : MAX (T (i + 1, j), T (i, j + 1));
  a.passages_same = T (0, 0);
  a.passages_total = MAX (n, m);
  if (verbose ())
    for (guint i = 0, j = 0; i < n || j < m;)
      {
        if (i < n && j < m && g_str_equal (kw->pdata[i], kg->pdata[j]))
          i++, j++;
        else if (j >= m || (i < n && T (i + 1, j) >= T (i, j + 1)))
          fprintf (stderr, "  %s: only in text: %.300s\n", name, (gchar *) kw->pdata[i++]);
        else
          fprintf (stderr, "  %s: only in file: %.300s\n", name, (gchar *) kg->pdata[j++]);
      }
#undef T

  g_autoptr (GPtrArray) rows_w = g_ptr_array_new (), rows_g = g_ptr_array_new ();
  for (guint i = 0; i < n; i++)
    if (passage (want, i)->cells)
      g_ptr_array_add (rows_w, passage (want, i));
  for (guint j = 0; j < m; j++)
    if (passage (got, j)->cells)
      g_ptr_array_add (rows_g, passage (got, j));
  for (guint r = 0; r < rows_w->len; r++)
    {
      const PueblaPassage *pw = g_ptr_array_index (rows_w, r);
      const PueblaPassage *pg = r < rows_g->len ? g_ptr_array_index (rows_g, r) : NULL;
      for (guint c = 0; c < pw->cells->len; c++)
        {
          const PueblaCell *cw = g_ptr_array_index (pw->cells, c);
          const gchar *tg = pg ? puebla_passage_get_cell (pg, cw->name) : NULL;
          g_autofree gchar *sw = puebla_text_squeeze_spaces (cw->text);
          g_autofree gchar *sg = tg ? puebla_text_squeeze_spaces (tg) : NULL;
          a.cells_total++;
          if (g_strcmp0 (sw, sg) == 0)
            a.cells_same++;
          else if (verbose ())
            fprintf (stderr, "  %s: row %u cell %s:\n    text: %.200s\n    file: %.200s\n", name, r + 1, cw->name, sw,
                     sg ? sg : "(none)");
        }
    }
  return a;
}

static const gchar *const format_files[] = {
  "crm-2003-05-informe-presidencia-pro-tempore.docx",
  "crm-2003-05-red-proteccion-consular-plan-de-trabajo.docx",
  "crm-2006-11-plan-de-accion.docx",
  "crm-2008-05-red-trata-plan-de-accion.docx",
  "grcm-2004-12-panama-conclusiones.docx",
  "crm-2006-11-plan-de-accion.odt",
  "grcm-2004-12-panama-conclusiones.odt",
};

START_TEST (format_matches_text_record)
{
  const gchar *file = format_files[_i];
  g_autofree gchar *path = g_build_filename (PUEBLA_CORPUS_DIR, "formats", file, NULL);
  g_autofree gchar *stem = g_strndup (file, strrchr (file, '.') - file);
  g_autofree gchar *txt_name = g_strconcat (stem, ".txt", NULL);
  g_autofree gchar *txt = g_build_filename (PUEBLA_CORPUS_DIR, "records", txt_name, NULL);
  g_autoptr (PueblaRecord) want = puebla_extract_file (txt, NULL);
  g_autoptr (PueblaRecord) got = puebla_extract_file (path, NULL);
  ck_assert_msg (got->verdict == PUEBLA_VERDICT_OK, "%s: %s", file, got->reason);
  ck_assert_uint_eq (got->page_count, 0);
  ck_assert_uint_eq (got->pages->len, 1);
  Agreement a = compare_passages (want, got, file);
  fprintf (stderr, "agreement %-58s passages %3u/%-3u cells %3u/%-3u\n", file, a.passages_same, a.passages_total,
           a.cells_same, a.cells_total);
  ck_assert_msg (g_strcmp0 (got->title, want->title) == 0, "title %s vs %s", got->title, want->title);
  ck_assert_uint_eq (a.passages_same, a.passages_total);
  ck_assert_uint_eq (a.cells_same, a.cells_total);
}
END_TEST

static Suite *
formats_suite (void)
{
  Suite *s = suite_create ("formats");
  TCase *tc = tcase_create ("corpus");
  tcase_set_timeout (tc, 120);
  tcase_add_loop_test (tc, format_matches_text_record, 0, G_N_ELEMENTS (format_files));
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  SRunner *sr = srunner_create (formats_suite ());
  srunner_run_all (sr, CK_NORMAL);
  int failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
