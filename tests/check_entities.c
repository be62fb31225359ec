/* check_entities.c: gazetteers, meetings, status and document metadata
 * (ingest/gazetteer.h, ingest/entities.h) — on wording of our own, not the
 * samples': capitals, no accents, English, acronyms inside words, negation.
 * Dates have their own suite (check_dates.c). */
#include <check.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "entities.h"
#include "entity-score.h"
#include "extract.h"
#include "gazetteer.h"

/* The ids of TYPE found in TEXT, joined by " " ("" when none). */
static gchar *
ids_of (const gchar *text, PueblaEntityType type)
{
  g_autoptr (GError) error = NULL;
  const PueblaGazetteer *g = puebla_gazetteer_get_default (&error);
  ck_assert_msg (g != NULL, "gazetteers: %s", error ? error->message : "");
  g_autoptr (GPtrArray) found = puebla_entities_find (g, text, 2005);
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < found->len; i++)
    {
      const PueblaEntity *e = g_ptr_array_index (found, i);
      if (e->type != type)
        continue;
      /* the offsets point at the words as written */
      ck_assert_uint_le (e->end, strlen (text));
      ck_assert (strncmp (text + e->start, e->text, e->end - e->start) == 0);
      g_string_append_printf (out, "%s%s", out->len ? " " : "", e->id);
    }
  return g_string_free (out, FALSE);
}

typedef struct
{
  const gchar *text;
  const gchar *expected;
} Case;

/* ---- The matcher, on a gazetteer of its own ------------------------------------- */

static const gchar test_names[] = "# a tiny gazetteer\n"
                                  "GT\tGuatemala\tes\tname\tany\n"
                                  "US\tEstados Unidos\tes\tname\tany\n"
                                  "US\tEE.UU.\tes\tabbrev\tupper\n"
                                  "HN\tTela\tes\tcity\ttitle\n"
                                  "XX\tUN\ten\tacronym\tword\n";

static PueblaGazetteer *
tiny (void)
{
  PueblaGazetteer *g = puebla_gazetteer_new ();
  g_autoptr (GError) error = NULL;
  ck_assert (puebla_gazetteer_load_names (g, PUEBLA_ENTITY_COUNTRY, test_names, strlen (test_names), "tiny", &error));
  return g;
}

static gchar *
tiny_ids (const gchar *text)
{
  PueblaGazetteer *g = tiny ();
  g_autoptr (GArray) m = puebla_gazetteer_scan (g, text);
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < m->len; i++)
    g_string_append_printf (out, "%s%s", out->len ? " " : "", g_array_index (m, PueblaGazetteerMatch, i).id);
  puebla_gazetteer_free (g);
  return g_string_free (out, FALSE);
}

static const Case matcher_cases[] = {
  { "GUATEMALA y guatemala", "GT GT" },              /* case and accents folded */
  { "Guatemalteco", "" },                            /* whole words only */
  { "los ESTADOS   UNIDOS", "US" },                  /* spaces between words */
  { "Estados\nUnidos", "US" },                       /* one line break */
  { "Estados\tUnidos", "" },                         /* a tab ends a table cell */
  { "Estados.\n\nUnidos", "" },                      /* a blank line ends a paragraph */
  { "EE.UU. y ee.uu.", "US" },                       /* upper: capitals only */
  { "Tela, Honduras; la tela", "HN" },               /* title: a capital first letter */
  { "TELA, HONDURAS", "HN" },
  { "with the UN in Geneva", "XX" },                 /* word: capitals among lower case */
  { "UN PROGRAMA DE LA REGION", "" },                /* …but not in an all-caps heading */
};

START_TEST (matcher_table)
{
  g_autofree gchar *got = tiny_ids (matcher_cases[_i].text);
  ck_assert_msg (g_str_equal (got, matcher_cases[_i].expected), "'%s': got '%s', want '%s'", matcher_cases[_i].text,
                 got, matcher_cases[_i].expected);
}
END_TEST

START_TEST (malformed_gazetteer_names_file_and_line)
{
  PueblaGazetteer *g = puebla_gazetteer_new ();
  g_autoptr (GError) error = NULL;
  const gchar bad[] = "GT\tGuatemala\tes\tname\tany\nMX\tMéxico\tes\tname\n";
  ck_assert (!puebla_gazetteer_load_names (g, PUEBLA_ENTITY_COUNTRY, bad, strlen (bad), "paises.tsv", &error));
  ck_assert_int_eq (error->code, PUEBLA_GAZETTEER_ERROR_PARSE);
  ck_assert_msg (strstr (error->message, "paises.tsv:2"), "%s", error->message);
  g_clear_error (&error);
  const gchar bad_case[] = "GT\tGuatemala\tes\tname\tsometimes\n";
  ck_assert (!puebla_gazetteer_load_names (g, PUEBLA_ENTITY_COUNTRY, bad_case, strlen (bad_case), "x.tsv", &error));
  ck_assert (strstr (error->message, "x.tsv:1"));
  puebla_gazetteer_free (g);
}
END_TEST

/* ---- Countries --------------------------------------------------------------------- */

static const Case country_cases[] = {
  { "Guatemala, Honduras y El Salvador", "GT HN SV" },
  { "MEXICO Y ESTADOS UNIDOS", "MX US" },
  { "los Estados Unidos Mexicanos", "MX" },           /* the longest name wins */
  { "la Republica Dominicana", "DO" },
  { "EE.UU. y Canadá", "US CA" },
  { "los guatemaltecos y las salvadoreñas", "GT SV" },
  { "MIGRANTES NICARAGÜENSES Y HONDUREÑOS", "NI HN" },
  { "el gobierno mexicano", "MX" },
  { "la reunión en Tegucigalpa", "HN" },
  { "la tela del vestido", "" },
  { "United States of America and Belize", "US BZ" },
  { "Mexican and Guatemalan nationals", "MX GT" },
  { "en la Ciudad de Panamá", "PA" },
  { "en Nueva Orleans", "US" },
  { "New Orleans, Louisiana", "US US" },             /* a city and a state */
  { "San José, Costa Rica", "CR CR" },
  { "Ginebra, Suiza", "CH CH" },
  { "ESPANA Y PORTUGAL", "ES PT" },
  { "extrarregionales de China, India y Eritrea", "CN IN ER" },
  { "COSTA RICA Y PANAMA", "CR PA" },
  { "la Organización de Estados Americanos", "" },   /* an organization, not a country */
  { "el Proceso Puebla", "" },                       /* the process, not the city */
};

START_TEST (country_table)
{
  g_autofree gchar *got = ids_of (country_cases[_i].text, PUEBLA_ENTITY_COUNTRY);
  ck_assert_msg (g_str_equal (got, country_cases[_i].expected), "'%s': got '%s', want '%s'", country_cases[_i].text,
                 got, country_cases[_i].expected);
}
END_TEST

/* ---- Organizations ------------------------------------------------------------------- */

static const Case org_cases[] = {
  { "la OIM y el ACNUR", "OIM ACNUR" },
  { "IOM and UNHCR", "OIM ACNUR" },
  { "OIT/IPEC", "OIT IPEC" },
  { "CEPAL/CELADE", "CEPAL CELADE" },
  { "la Organización Internacional para las Migraciones", "OIM" },
  { "the International Organization for Migration", "OIM" },
  { "Organización para la Cooperación y Desarrollo Económico (OCDE)", "OCDE OCDE" },
  { "LOS PROCEDIMIENTOS MIGRATORIOS", "" },          /* OCED inside a word */
  { "estudios de la OCED", "OCDE" },                 /* a misspelling the records carry */
  { "UN PROGRAMA REGIONAL DE LA OEA", "OEA" },       /* "UN" is the article in capitals */
  { "the UN General Assembly", "ONU" },
  { "las Naciones Unidas", "ONU" },
  { "Alto Comisionado de las Naciones Unidas para los Refugiados", "ACNUR" },
  { "la Organización de los Estados Americanos", "OEA" },
  { "the Organization of American States", "OEA" },
  { "Red Regional de Organizaciones Civiles para las Migraciones (RROCM)", "RROCM RROCM" },
  { "el CICTE y la CICAD", "CICTE CICAD" },
  { "el SICA", "SICA" },
  { "the Regional Conference on Migration", "CRM" },
  { "el Proceso Puebla", "CRM" },
  { "Grupo Regional de Consulta sobre Migración", "GRCM" },
  { "la Secretaría Técnica (ST)", "ST ST" },
  { "la Presidencia Pro-Témpore", "PPT" },
  { "LA PRESIDENCIA PRO TEMPORE", "PPT" },
  { "UNICEF y el PNUD", "UNICEF PNUD" },
  { "el Banco Interamericano de Desarrollo", "BID" },
  { "mi mejor bid", "" },                            /* BID only in capitals */
};

START_TEST (org_table)
{
  g_autofree gchar *got = ids_of (org_cases[_i].text, PUEBLA_ENTITY_ORG);
  ck_assert_msg (g_str_equal (got, org_cases[_i].expected), "'%s': got '%s', want '%s'", org_cases[_i].text, got,
                 org_cases[_i].expected);
}
END_TEST

/* ---- Meetings ----------------------------------------------------------------------------- */

static const Case meeting_cases[] = {
  { "la X CRM en Vancouver", "X CRM" },
  { "durante la XIII CRM (Tela, Honduras)", "XIII CRM" },
  { "la I Conferencia Regional sobre Migración celebrada en Puebla", "I CRM" },
  { "the IX RCM", "IX CRM" },
  { "la XII Reunión Viceministerial", "XII CRM" },
  { "la Décima Conferencia Regional sobre Migración", "X CRM" },
  { "GRCM de Vancouver, marzo 2005", "GRCM 2005-03" },
  { "GRCM OCT 05", "GRCM 2005-10" },
  { "la reunión del GRCM de octubre 2002", "GRCM 2002-10" },
  { "el GRCM. En marzo de 2005 se hizo otra cosa", "" }, /* the month belongs to another sentence */
  { "la CRM y el GRCM", "" },
  { "MI CRM", "" },                                       /* "MI" is no numeral */
};

START_TEST (meeting_table)
{
  g_autofree gchar *got = ids_of (meeting_cases[_i].text, PUEBLA_ENTITY_MEETING);
  ck_assert_msg (g_str_equal (got, meeting_cases[_i].expected), "'%s': got '%s', want '%s'",
                 meeting_cases[_i].text, got, meeting_cases[_i].expected);
}
END_TEST

START_TEST (meeting_carries_its_date)
{
  const PueblaGazetteer *g = puebla_gazetteer_get_default (NULL);
  const PueblaMeeting *m = puebla_gazetteer_get_meeting (g, 1);
  ck_assert_ptr_nonnull (m);
  ck_assert_str_eq (m->id, "I CRM");
  ck_assert_int_eq (m->year, 1996);
  ck_assert_str_eq (m->country, "MX");
  g_autoptr (GPtrArray) found = puebla_entities_find (g, "la XIII CRM", 0);
  ck_assert_uint_ge (found->len, 1);
  const PueblaEntity *e = NULL;
  for (guint i = 0; i < found->len; i++)
    if (((PueblaEntity *) g_ptr_array_index (found, i))->type == PUEBLA_ENTITY_MEETING)
      e = g_ptr_array_index (found, i);
  ck_assert_ptr_nonnull (e);
  ck_assert_str_eq (e->text, "XIII CRM");
  ck_assert (g_str_has_prefix (e->date, "2008"));
}
END_TEST

/* ---- Status ------------------------------------------------------------------------------- */

static const Case status_cases[] = {
  { "EL SEMINARIO SE EFECTUÓ DEL 15 AL 16 DE FEBRERO", "completed" },
  { "PENDIENTE", "pending" },
  { "aún está pendiente la realización del taller", "pending" },
  { "el seminario se realizará en junio", "proposed" },
  { "no se realizó el taller", "pending" },
  { "todavía no se ha llevado a cabo", "pending" },
  { "CONTINUO", "ongoing" },
  { "Aprobar el informe de la Red", "approved" },
  { "los países acordaron", "approved" },
  { "El Salvador propuso un taller", "proposed" },
  { "OFRECIMIENTO DE MÉXICO", "proposed" },
  { "The workshop was held in May", "completed" },
  { "The workshop was not held", "pending" },
  { "the guidelines were adopted", "approved" },
  { "no data on the programme", "" },
};

START_TEST (status_table)
{
  g_autofree gchar *got = ids_of (status_cases[_i].text, PUEBLA_ENTITY_STATUS);
  ck_assert_msg (g_str_equal (got, status_cases[_i].expected), "'%s': got '%s', want '%s'", status_cases[_i].text,
                 got, status_cases[_i].expected);
}
END_TEST

/* ---- Query values -------------------------------------------------------------------------- */

static const struct
{
  PueblaEntityType type;
  const gchar *name;
  const gchar *id;
} resolve_cases[] = {
  { PUEBLA_ENTITY_COUNTRY, "guatemala", "GT" },  { PUEBLA_ENTITY_COUNTRY, "GT", "GT" },
  { PUEBLA_ENTITY_COUNTRY, "gt", "GT" },         { PUEBLA_ENTITY_COUNTRY, "México", "MX" },
  { PUEBLA_ENTITY_COUNTRY, "estadounidense", "US" }, { PUEBLA_ENTITY_COUNTRY, "tegucigalpa", "HN" },
  { PUEBLA_ENTITY_COUNTRY, "Narnia", NULL },     { PUEBLA_ENTITY_ORG, "IOM", "OIM" },
  { PUEBLA_ENTITY_ORG, "oim", "OIM" },           { PUEBLA_ENTITY_ORG, "unhcr", "ACNUR" },
  { PUEBLA_ENTITY_ORG, "Naciones Unidas", "ONU" }, { PUEBLA_ENTITY_STATUS, "pending", "pending" },
  { PUEBLA_ENTITY_STATUS, "pendiente", "pending" }, { PUEBLA_ENTITY_STATUS, "realizado", "completed" },
};

START_TEST (resolve_table)
{
  const PueblaGazetteer *g = puebla_gazetteer_get_default (NULL);
  const gchar *got = puebla_gazetteer_resolve (g, resolve_cases[_i].type, resolve_cases[_i].name);
  ck_assert_msg (g_strcmp0 (got, resolve_cases[_i].id) == 0, "%s → %s, want %s", resolve_cases[_i].name, got,
                 resolve_cases[_i].id);
}
END_TEST

START_TEST (gazetteers_are_complete)
{
  const PueblaGazetteer *g = puebla_gazetteer_get_default (NULL);
  g_autoptr (GPtrArray) countries = puebla_gazetteer_list_ids (g, PUEBLA_ENTITY_COUNTRY);
  ck_assert_uint_ge (countries->len, 249); /* every ISO 3166-1 code */
  g_autoptr (GPtrArray) orgs = puebla_gazetteer_list_ids (g, PUEBLA_ENTITY_ORG);
  ck_assert_uint_ge (orgs->len, 80);
  for (guint n = 1; n <= 20; n++)
    ck_assert_msg (puebla_gazetteer_get_meeting (g, n) != NULL, "meeting %u missing", n);
}
END_TEST

/* ---- Document metadata --------------------------------------------------------------------- */

static const struct
{
  const gchar *heading;
  const gchar *kind;
} kind_cases[] = {
  { "PLAN DE ACCIÓN\nCONFERENCIA REGIONAL SOBRE MIGRACIÓN", "plan-de-accion" },
  { "VIII CRM\nPLAN DE TRABAJO PROPUESTO PARA LA RED", "plan-de-trabajo" },
  { "El GRCM formuló las siguientes:\nCONCLUSIONES\n1. Agradecer", "conclusiones" },
  { "INFORME DE LA PRESIDENCIA PRO-TÉMPORE", "informe" },
  { "DECLARACIÓN CONJUNTA DE LA XI CRM", "declaracion" },
  { "LINEAMIENTOS REGIONALES PARA LA PROTECCIÓN", "lineamientos" },
  { "ACTA DE LA REUNIÓN", "acta" },
  { "REGIONAL CONFERENCE ON MIGRATION\nPLAN OF ACTION", "plan-de-accion" },
  { "Conclusions of the Regional Consultation Group on Migration", "conclusiones" },
  { "Report of the Pro-Tempore Presidency", "informe" },
  { "Memorandum sobre retornos", "otro" },
};

START_TEST (kind_table)
{
  ck_assert_str_eq (puebla_entities_guess_kind (kind_cases[_i].heading), kind_cases[_i].kind);
}
END_TEST

START_TEST (language_of_text)
{
  ck_assert_str_eq (puebla_entities_guess_language ("Los países de la región acordaron que el seminario se "
                                                    "realizará en Guatemala."),
                    "es");
  ck_assert_str_eq (puebla_entities_guess_language ("The countries of the region agreed that the seminar will be "
                                                    "held in Guatemala."),
                    "en");
}
END_TEST

/* The corpus records, as text and as PDF: the same metadata from both. */
static const struct
{
  const gchar *name;
  const gchar *kind;
  const gchar *meeting;
  const gchar *place_country;
  const gchar *date;
} corpus_meta[] = {
  { "grcm-2004-12-panama-conclusiones", "conclusiones", "GRCM 2004-12", "PA", "2004-12-02/2004-12-03" },
  { "crm-2006-11-plan-de-accion", "plan-de-accion", "GRCM 2006-11", "SV", "2006-11-27/2006-11-29" },
  { "crm-2008-05-red-trata-plan-de-accion", "plan-de-accion", "XIII CRM", "HN", "2008-05-06/2008-05-09" },
  { "crm-2003-05-red-proteccion-consular-plan-de-trabajo", "plan-de-trabajo", "VIII CRM", "MX",
    "2003-05-26/2003-05-30" },
};

START_TEST (corpus_metadata)
{
  static const gchar *const forms[][2] = { { "records", ".txt" }, { "pdf", ".pdf" } };
  for (guint f = 0; f < G_N_ELEMENTS (forms); f++)
    {
      g_autofree gchar *file = g_strconcat (corpus_meta[_i].name, forms[f][1], NULL);
      g_autofree gchar *path = g_build_filename (PUEBLA_CORPUS_DIR, forms[f][0], file, NULL);
      g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
      ck_assert_int_eq (r->verdict, PUEBLA_VERDICT_OK);
      ck_assert_str_eq (r->language, "es");
      ck_assert_msg (g_strcmp0 (r->kind, corpus_meta[_i].kind) == 0, "%s: kind %s", file, r->kind);
      ck_assert_msg (g_strcmp0 (r->meeting, corpus_meta[_i].meeting) == 0, "%s: meeting %s", file, r->meeting);
      ck_assert_msg (g_strcmp0 (r->place_country, corpus_meta[_i].place_country) == 0, "%s: place %s (%s)", file,
                     r->place, r->place_country);
      ck_assert_msg (g_strcmp0 (r->date, corpus_meta[_i].date) == 0, "%s: date %s", file, r->date);
    }
}
END_TEST

/* An English record the tests write: language, kind, meeting, place, date,
   and its entities, in English. */
START_TEST (english_record)
{
  g_autofree gchar *dir = g_dir_make_tmp ("puebla-entities-XXXXXX", NULL);
  g_autofree gchar *path = g_build_filename (dir, "rcgm.txt", NULL);
  const gchar *text = "CONCLUSIONS OF THE REGIONAL CONSULTATION GROUP ON MIGRATION (RCGM)\n"
                      "Vancouver, Canada, March 2-3, 2005\n\n"
                      "1. The RCGM thanked the IOM and the UNHCR for their reports.\n"
                      "2. The seminar on migration and health was held in Guatemala City on 18-19 October.\n"
                      "3. Mexican and Salvadoran officials proposed a workshop for the first quarter of 2006.\n";
  ck_assert (g_file_set_contents (path, text, -1, NULL));
  g_autoptr (PueblaRecord) r = puebla_extract_file (path, NULL);
  ck_assert_int_eq (r->verdict, PUEBLA_VERDICT_OK);
  ck_assert_str_eq (r->language, "en");
  ck_assert_str_eq (r->kind, "conclusiones");
  ck_assert_str_eq (r->meeting, "GRCM 2005-03");
  ck_assert_str_eq (r->place_country, "CA");
  ck_assert_str_eq (r->date, "2005-03-02/2005-03-03");

  GString *seen = g_string_new (NULL);
  for (guint i = 0; i < r->entities->len; i++)
    {
      const PueblaEntity *e = g_ptr_array_index (r->entities, i);
      g_string_append_printf (seen, "%s:%s|", puebla_entity_type_to_string (e->type), e->id);
    }
  static const gchar *const want[] = { "org:GRCM|",    "country:CA|", "org:OIM|",       "org:ACNUR|",
                                       "country:GT|", "date:2005-10-18/2005-10-19|", "status:completed|",
                                       "country:MX|", "country:SV|", "status:proposed|", "date:2006-Q1|" };
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    ck_assert_msg (strstr (seen->str, want[i]), "%s not in %s", want[i], seen->str);
  g_string_free (seen, TRUE);
  g_unlink (path);
  g_rmdir (dir);
}
END_TEST

/* The goals, on the hand-annotated passages (docs/entities.md):
   F1 ≥ 0.95 for countries and organizations, ≥ 0.90 for dates. The test/
   half was scored once before any tuning; this guards both halves from
   regressions. */
START_TEST (evaluation_meets_the_goals)
{
  static const gchar *const halves[] = { "dev", "test" };
  for (guint h = 0; h < G_N_ELEMENTS (halves); h++)
    {
      g_autofree gchar *dir = g_build_filename (PUEBLA_TEST_DATA_DIR, "entities-eval", halves[h], NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (PueblaScores) s = puebla_score_dir (dir, &error);
      ck_assert_msg (s != NULL, "%s: %s", dir, error ? error->message : "");
      ck_assert_uint_eq (s->passages, 20);
      ck_assert_msg (puebla_score_f1 (&s->country) >= 0.95, "%s: country F1 %.3f", halves[h],
                     puebla_score_f1 (&s->country));
      ck_assert_msg (puebla_score_f1 (&s->org) >= 0.95, "%s: org F1 %.3f", halves[h], puebla_score_f1 (&s->org));
      ck_assert_msg (puebla_score_f1 (&s->date) >= 0.90, "%s: date F1 %.3f", halves[h], puebla_score_f1 (&s->date));
    }
}
END_TEST

/* The heading (the first 1200 bytes) is cut between characters, not
   inside one: an "é" across byte 1200 once made the scan read past the
   end of the string (found by ASan on a DOCX). */
START_TEST (heading_cut_between_characters)
{
  const PueblaGazetteer *g = puebla_gazetteer_get_default (NULL);
  ck_assert_ptr_nonnull (g);
  GString *text = g_string_new (NULL);
  while (text->len < 1199)
    g_string_append_c (text, 'a');
  g_string_append (text, "é México, 2 de marzo de 2005\n");
  g_autoptr (PueblaRecord) r = puebla_record_new ("/tmp/heading.txt");
  puebla_record_add_page_take (r, 0, g_string_free (text, FALSE));
  puebla_entities_annotate (g, r);
  ck_assert_str_eq (puebla_entities_guess_kind ("aé"), "otro");
  ck_assert_ptr_nonnull (r->language);
}
END_TEST

static Suite *
entities_suite (void)
{
  Suite *s = suite_create ("entities");
  TCase *tc = tcase_create ("matcher");
  tcase_add_loop_test (tc, matcher_table, 0, G_N_ELEMENTS (matcher_cases));
  tcase_add_test (tc, malformed_gazetteer_names_file_and_line);
  suite_add_tcase (s, tc);

  tc = tcase_create ("heading");
  tcase_add_test (tc, heading_cut_between_characters);
  suite_add_tcase (s, tc);

  tc = tcase_create ("gazetteers");
  tcase_add_loop_test (tc, country_table, 0, G_N_ELEMENTS (country_cases));
  tcase_add_loop_test (tc, org_table, 0, G_N_ELEMENTS (org_cases));
  tcase_add_loop_test (tc, resolve_table, 0, G_N_ELEMENTS (resolve_cases));
  tcase_add_test (tc, gazetteers_are_complete);
  suite_add_tcase (s, tc);

  tc = tcase_create ("grammar");
  tcase_add_loop_test (tc, meeting_table, 0, G_N_ELEMENTS (meeting_cases));
  tcase_add_test (tc, meeting_carries_its_date);
  tcase_add_loop_test (tc, status_table, 0, G_N_ELEMENTS (status_cases));
  suite_add_tcase (s, tc);

  tc = tcase_create ("documents");
  tcase_set_timeout (tc, 60);
  tcase_add_loop_test (tc, kind_table, 0, G_N_ELEMENTS (kind_cases));
  tcase_add_test (tc, language_of_text);
  tcase_add_loop_test (tc, corpus_metadata, 0, G_N_ELEMENTS (corpus_meta));
  tcase_add_test (tc, english_record);
  suite_add_tcase (s, tc);

  tc = tcase_create ("evaluation");
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, evaluation_meets_the_goals);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  SRunner *sr = srunner_create (entities_suite ());
  srunner_run_all (sr, CK_NORMAL);
  int failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
