/* check_segment.c: records → passages (ingest/segment.h): the corpus
 * records, counted by reading them, and tables and prose of our own. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entities.h"
#include "extract.h"
#include "segment.h"

/* A record of one unpaged page holding TEXT, segmented. */
static PueblaRecord *
segment_text (const gchar *text)
{
  PueblaRecord *r = puebla_record_new ("/tmp/segment-test.txt");
  puebla_record_add_page_take (r, 0, g_strdup (text));
  puebla_segment_record (r);
  return r;
}

static PueblaPassage *
passage (PueblaRecord *r, guint i)
{
  ck_assert_uint_lt (i, r->passages->len);
  return g_ptr_array_index (r->passages, i);
}

static guint
count_kind (PueblaRecord *r, const gchar *kind)
{
  guint n = 0;
  for (guint i = 0; i < r->passages->len; i++)
    n += g_str_equal (passage (r, i)->kind, kind);
  return n;
}

/* ---- The corpus, counted by reading the records ------------------------------- */

static const struct
{
  const gchar *file;
  guint rows;
  const gchar *header; /* the column names, joined by '|' */
  guint items;
} corpus[] = {
  { "crm-2006-11-plan-de-accion.txt", 31, "TEMAS|OBJETIVOS|ACCION PARA LA IMPLEMENTACION|ACTIVIDADES|CALENDARIO", 0 },
  { "crm-2008-05-red-trata-plan-de-accion.txt", 10, "TEMAS|OBJETIVOS|ACTIVIDADES|CALENDARIO", 0 },
  { "crm-2003-05-red-proteccion-consular-plan-de-trabajo.txt", 9, "TEMAS|OBJETIVOS|ACTIVIDADES|CALENDARIO", 0 },
  { "grcm-2004-12-panama-conclusiones.txt", 0, NULL, 27 },
};

START_TEST (corpus_records)
{
  g_autofree gchar *path = g_build_filename (PUEBLA_CORPUS_DIR, "records", corpus[_i].file, NULL);
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  ck_assert_int_eq (r->verdict, PUEBLA_VERDICT_OK);
  ck_assert_uint_eq (count_kind (r, "row"), corpus[_i].rows);
  ck_assert_uint_eq (count_kind (r, "item"), corpus[_i].items);
  for (guint i = 0; i < r->passages->len; i++)
    {
      PueblaPassage *p = passage (r, i);
      ck_assert_uint_eq (p->ordinal, i + 1);
      ck_assert (*p->text);
      if (!g_str_equal (p->kind, "row"))
        continue;
      GString *names = g_string_new (NULL);
      for (guint c = 0; c < p->cells->len; c++)
        g_string_append_printf (names, "%s%s", c ? "|" : "", ((PueblaCell *) g_ptr_array_index (p->cells, c))->name);
      ck_assert_str_eq (names->str, corpus[_i].header);
      g_string_free (names, TRUE);
      ck_assert_ptr_nonnull (p->section); /* every row stands under a theme */
    }
}
END_TEST

/* The 27 conclusions of Panamá, in order, each with what follows it. */
START_TEST (numbered_conclusions)
{
  g_autofree gchar *path = g_build_filename (PUEBLA_CORPUS_DIR, "records", "grcm-2004-12-panama-conclusiones.txt", NULL);
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  guint n = 0;
  for (guint i = 0; i < r->passages->len; i++)
    {
      PueblaPassage *p = passage (r, i);
      if (!g_str_equal (p->kind, "item"))
        continue;
      n++;
      g_autofree gchar *prefix = g_strdup_printf ("%u. ", n);
      ck_assert_msg (g_str_has_prefix (p->text, prefix), "item %u: %.40s", n, p->text);
      if (n == 1)
        ck_assert (strstr (p->text, "Remitir a la ST")); /* its third paragraph */
      if (n == 18)
        ck_assert (strstr (p->text, "Estados Unidos, Canadá y Guatemala")); /* its bullets */
    }
  ck_assert_uint_eq (n, 27);
}
END_TEST

/* The row that reports the seminar held: its cells, its status, its date. */
START_TEST (row_carries_its_facts)
{
  g_autofree gchar *path = g_build_filename (PUEBLA_CORPUS_DIR, "records", "crm-2006-11-plan-de-accion.txt", NULL);
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  PueblaPassage *held = NULL;
  for (guint i = 0; i < r->passages->len && held == NULL; i++)
    {
      const gchar *cal = puebla_passage_get_cell (passage (r, i), "calendario");
      if (cal && strstr (cal, "SE EFECTUÓ EL SEMINARIO SOBRE LEGISLACIÓN MIGRATORIA"))
        held = passage (r, i);
    }
  ck_assert_ptr_nonnull (held);
  ck_assert_str_eq (puebla_passage_get_cell (held, "TEMAS"), "");  /* an empty theme… */
  ck_assert (g_str_has_prefix (held->section, "POLÍTICAS Y GESTIÓN MIGRATORIA › 4.")); /* …continues the one above */
  ck_assert_ptr_nonnull (puebla_passage_get_cell (held, "acción para la implementación")); /* accents folded */
  gboolean completed = FALSE, dated = FALSE;
  for (guint i = 0; i < held->entities->len; i++)
    {
      const PueblaEntity *e = g_ptr_array_index (held->entities, i);
      completed |= e->type == PUEBLA_ENTITY_STATUS && g_str_equal (e->id, "completed");
      dated |= e->type == PUEBLA_ENTITY_DATE && g_str_equal (e->id, "2007-02-15/2007-02-16");
      ck_assert (strncmp (held->text + e->start, e->text, e->end - e->start) == 0);
    }
  ck_assert (completed);
  ck_assert (dated);
}
END_TEST

/* TEXT with white space squeezed. */
static gchar *
squeeze (const gchar *text)
{
  g_auto (GStrv) words = g_strsplit_set (text, " \t\n", -1);
  GString *out = g_string_new (NULL);
  for (guint i = 0; words[i]; i++)
    if (*words[i])
      g_string_append_printf (out, "%s%s", out->len ? " " : "", words[i]);
  return g_string_free (out, FALSE);
}

/* The PDF of a plan and its text give the same rows, the same sections and
   (≥ 95%) the same cells. */
START_TEST (pdf_rows_match_text_rows)
{
  if (corpus[_i].rows == 0)
    return;
  g_autofree gchar *txt = g_build_filename (PUEBLA_CORPUS_DIR, "records", corpus[_i].file, NULL);
  g_autofree gchar *stem = g_strndup (corpus[_i].file, strlen (corpus[_i].file) - 4);
  g_autofree gchar *pdf_name = g_strconcat (stem, ".pdf", NULL);
  g_autofree gchar *pdf = g_build_filename (PUEBLA_CORPUS_DIR, "pdf", pdf_name, NULL);
  g_autoptr (PueblaRecord) a = puebla_extract_file (txt, NULL);
  g_autoptr (PueblaRecord) b = puebla_extract_file (pdf, NULL);
  g_autoptr (GPtrArray) rows_a = g_ptr_array_new (), rows_b = g_ptr_array_new ();
  for (guint i = 0; i < a->passages->len; i++)
    if (g_str_equal (passage (a, i)->kind, "row"))
      g_ptr_array_add (rows_a, passage (a, i));
  for (guint i = 0; i < b->passages->len; i++)
    if (g_str_equal (passage (b, i)->kind, "row"))
      g_ptr_array_add (rows_b, passage (b, i));
  ck_assert_uint_eq (rows_b->len, rows_a->len);
  guint same = 0, cells = 0, same_sections = 0;
  for (guint r = 0; r < rows_a->len; r++)
    {
      PueblaPassage *x = g_ptr_array_index (rows_a, r), *y = g_ptr_array_index (rows_b, r);
      ck_assert_uint_ge (y->page, 1);
      same_sections += g_strcmp0 (x->section, y->section) == 0;
      for (guint c = 0; c < x->cells->len && c < y->cells->len; c++)
        {
          g_autofree gchar *cx = squeeze (((PueblaCell *) g_ptr_array_index (x->cells, c))->text);
          g_autofree gchar *cy = squeeze (((PueblaCell *) g_ptr_array_index (y->cells, c))->text);
          same += g_str_equal (cx, cy);
          cells++;
        }
    }
  fprintf (stderr, "%s: %u/%u cells identical, %u/%u sections\n", pdf_name, same, cells, same_sections, rows_a->len);
  ck_assert_uint_ge (same * 100, cells * 95);
  ck_assert_uint_ge (same_sections * 100, rows_a->len * 90);
}
END_TEST

/* ---- Tables of our own ------------------------------------------------------------- */

START_TEST (text_table_layout)
{
  g_autoptr (PueblaRecord) r = segment_text ("PLAN DE TRABAJO 2009\n"
                                             "\n"
                                             "\tTEMA\n\tMETA\n\tESTADO\n"
                                             "\n"
                                             "\tRETORNO\n\tDIGNO Y SEGURO\n"
                                             "continúa la meta\n"
                                             "\tPENDIENTE\n"
                                             "\t\n\tCAPACITAR A CÓNSULES\n\tREALIZADO EN MARZO\n"
                                             "\tRETORNO (continuación)\n\tORDENADO\n\tCONTINUO\n"
                                             "\t\n\t\n\t\n"
                                             "\tTRATA\n\tPROTEGER VÍCTIMAS\n\t\n");
  ck_assert_uint_eq (count_kind (r, "paragraph"), 1); /* the title */
  ck_assert_uint_eq (count_kind (r, "row"), 4);      /* the empty row is no passage */
  PueblaPassage *row1 = passage (r, 1), *row2 = passage (r, 2), *row3 = passage (r, 3), *row4 = passage (r, 4);
  ck_assert_str_eq (puebla_passage_get_cell (row1, "META"), "DIGNO Y SEGURO\ncontinúa la meta");
  ck_assert_str_eq (row1->section, "RETORNO › DIGNO Y SEGURO continúa la meta"); /* the whole cell, on one line */
  ck_assert_str_eq (puebla_passage_get_cell (row2, "TEMA"), "");
  ck_assert_str_eq (row2->section, "RETORNO › CAPACITAR A CÓNSULES"); /* the theme carries down */
  ck_assert_str_eq (row3->section, "RETORNO › ORDENADO");           /* (continuación): the same theme */
  ck_assert_str_eq (row4->section, "TRATA › PROTEGER VÍCTIMAS");
  ck_assert_str_eq (puebla_passage_get_cell (row4, "ESTADO"), "");
  ck_assert_ptr_null (puebla_passage_get_cell (row4, "NADA"));
}
END_TEST

/* ---- Prose of our own -------------------------------------------------------------------- */

START_TEST (report_sections)
{
  g_autoptr (PueblaRecord) r = segment_text ("INFORME DE LA PRESIDENCIA\n"
                                             "I.\nIntroducción\n"
                                             "Primer párrafo de la introducción.\n"
                                             "II. Derechos Humanos\n"
                                             "A. Protección consular: La Red se reunió en mayo.\n"
                                             "Otro párrafo de la sección A.\n"
                                             "(1) Taller regional: Se realizó en Tegucigalpa.\n"
                                             "Sigue el taller.\n"
                                             "B. Retorno\n"
                                             "1. Primer acuerdo.\n"
                                             "Detalle del primer acuerdo.\n"
                                             "2. Segundo acuerdo.\n");
  const struct { const gchar *kind, *section, *start; } want[] = {
    { "paragraph", NULL, "INFORME DE LA PRESIDENCIA" },
    { "heading", "I. Introducción", "I. Introducción" },
    { "paragraph", "I. Introducción", "Primer párrafo" },
    { "heading", "II. Derechos Humanos", "II. Derechos Humanos" },
    { "paragraph", "II. Derechos Humanos › A. Protección consular", "La Red se reunió en mayo." },
    { "paragraph", "II. Derechos Humanos › A. Protección consular", "Otro párrafo" },
    { "item", "II. Derechos Humanos › A. Protección consular › (1) Taller regional", "(1) Taller regional:" },
    { "heading", "II. Derechos Humanos › B. Retorno", "B. Retorno" },
    { "item", "II. Derechos Humanos › B. Retorno", "1. Primer acuerdo." },
    { "item", "II. Derechos Humanos › B. Retorno", "2. Segundo acuerdo." },
  };
  ck_assert_uint_eq (r->passages->len, G_N_ELEMENTS (want));
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    {
      PueblaPassage *p = passage (r, i);
      ck_assert_msg (g_str_equal (p->kind, want[i].kind), "%u: kind %s", i, p->kind);
      ck_assert_msg (g_strcmp0 (p->section, want[i].section) == 0, "%u: section %s", i, p->section);
      ck_assert_msg (g_str_has_prefix (p->text, want[i].start), "%u: %s", i, p->text);
    }
  ck_assert (strstr (passage (r, 6)->text, "Sigue el taller."));      /* the item runs on */
  ck_assert (strstr (passage (r, 8)->text, "Detalle del primer acuerdo."));
}
END_TEST

/* PDF text: wrapped lines; a paragraph ends on a short line closing a
   sentence; page numbers are dropped; a passage keeps the page it starts on. */
START_TEST (wrapped_pdf_paragraphs)
{
  g_autoptr (PueblaRecord) r = puebla_record_new ("/tmp/segment-test.pdf");
  r->page_count = 2;
  puebla_record_add_page_take (r, 1, g_strdup ("El Grupo Regional de Consulta sobre Migración se reunió en Panamá con\n"
                                               "la participación de los países miembros y de los organismos observadores.\n"
                                               "Fue una reunión breve.\n"
                                               "La Presidencia agradeció el apoyo de la Secretaría Técnica y de la OIM en\n"
                                               "1\n"));
  puebla_record_add_page_take (r, 2, g_strdup ("la organización de la reunión y de sus actividades preparatorias del año.\n"));
  puebla_segment_record (r);
  ck_assert_uint_eq (r->passages->len, 2);
  ck_assert (g_str_has_suffix (passage (r, 0)->text, "Fue una reunión breve."));
  ck_assert_uint_eq (passage (r, 0)->page, 1);
  ck_assert (strstr (passage (r, 1)->text, "OIM en\nla organización")); /* across the page break, no "1" */
  ck_assert_uint_eq (passage (r, 1)->page, 1);
}
END_TEST

START_TEST (passages_survive_json)
{
  g_autofree gchar *path = g_build_filename (PUEBLA_CORPUS_DIR, "records", "crm-2008-05-red-trata-plan-de-accion.txt", NULL);
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  g_autofree gchar *json = puebla_record_to_json_string (r, TRUE);
  g_autoptr (PueblaRecord) back = puebla_record_from_json_string (json, -1, NULL);
  ck_assert_uint_eq (back->passages->len, r->passages->len);
  for (guint i = 0; i < r->passages->len; i++)
    {
      PueblaPassage *a = passage (r, i), *b = passage (back, i);
      ck_assert_str_eq (a->text, b->text);
      ck_assert_str_eq (a->kind, b->kind);
      ck_assert_uint_eq (a->entities->len, b->entities->len);
      ck_assert_uint_eq (a->cells ? a->cells->len : 0, b->cells ? b->cells->len : 0);
    }
}
END_TEST

static Suite *
segment_suite (void)
{
  Suite *s = suite_create ("segment");
  TCase *tc = tcase_create ("corpus");
  tcase_set_timeout (tc, 60);
  tcase_add_loop_test (tc, corpus_records, 0, G_N_ELEMENTS (corpus));
  tcase_add_loop_test (tc, pdf_rows_match_text_rows, 0, G_N_ELEMENTS (corpus));
  tcase_add_test (tc, numbered_conclusions);
  tcase_add_test (tc, row_carries_its_facts);
  tcase_add_test (tc, passages_survive_json);
  suite_add_tcase (s, tc);

  tc = tcase_create ("own");
  tcase_add_test (tc, text_table_layout);
  tcase_add_test (tc, report_sections);
  tcase_add_test (tc, wrapped_pdf_paragraphs);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  SRunner *sr = srunner_create (segment_suite ());
  srunner_run_all (sr, CK_NORMAL);
  int failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
