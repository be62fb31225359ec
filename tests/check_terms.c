/* check_terms.c: folding and stemming (index/terms.h). */
#include <check.h>
#include <stdlib.h>

#include "terms.h"

static const struct
{
  const gchar *in, *out;
} fold_cases[] = {
  { "MIGRACIÓN", "migracion" },
  { "Migración", "migracion" },
  { "migracion", "migracion" },
  { "AÑO", "año" },                   /* ñ is a letter of its own */
  { "año", "año" },
  { "Niños, NIÑAS", "niños, niñas" },
  { "pingüino", "pinguino" },         /* ü is a diacritic */
  { "Presidencia Pro-Témpore", "presidencia pro-tempore" },
  { "Migracio\xcc\x81n", "migracion" }, /* NFD input */
  { "ﬁnanciamiento", "financiamiento" }, /* ligature (NFKD) */
  { "ÉXITO Ü Ç", "exito u c" },
  { "", "" },
};

START_TEST (fold_table)
{
  g_autofree gchar *out = puebla_terms_fold (fold_cases[_i].in);
  ck_assert_str_eq (out, fold_cases[_i].out);
}
END_TEST

/* The fast folding gives the bytes of the definition for every character
   up to U+FFFF, alone and in the contexts where normalisation could join it
   to its neighbours: after an ASCII letter and an accented Latin letter,
   before combining marks (acute, tilde), and between two such characters. */
START_TEST (fold_agrees_with_definition_per_character)
{
  static const gchar *const contexts[] = {
    "%s", "a%sb", "n%s", "N%s\xcc\x83", "%s\xcc\x83", "\xc3\xa9%s\xcc\x81", "%s%s", "\xc3\xb1%s\xe1\x84\x80",
    "\xe1\x84\x80%s\xe1\x85\xa1", "x%s\xe0\xa4\xbe.",
  };
  guint checked = 0;
  for (gunichar c = 1; c <= 0xFFFF; c++)
    {
      if (!g_unichar_validate (c))
        continue;
      gchar ch[8] = { 0 };
      g_unichar_to_utf8 (c, ch);
      for (guint k = 0; k < G_N_ELEMENTS (contexts); k++)
        {
          g_autofree gchar *text = g_strdup_printf (contexts[k], ch, ch);
          g_autofree gchar *fast = puebla_terms_fold (text);
          g_autofree gchar *slow = puebla_terms_fold_by_definition (text, -1);
          if (g_strcmp0 (fast, slow) != 0)
            ck_abort_msg ("U+%04X in \"%s\": fold gives \"%s\", the definition \"%s\"", c, contexts[k], fast, slow);
          checked++;
        }
    }
  ck_assert_uint_gt (checked, 600000);
}
END_TEST

/* And on whole real records: every text file of the bundled corpus. */
START_TEST (fold_agrees_with_definition_on_corpus)
{
  g_autoptr (GDir) dir = g_dir_open (PUEBLA_CORPUS_DIR "/records", 0, NULL);
  ck_assert_ptr_nonnull (dir);
  guint files = 0;
  const gchar *name;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree gchar *path = g_build_filename (PUEBLA_CORPUS_DIR "/records", name, NULL);
      g_autofree gchar *text = NULL;
      gsize len = 0;
      if (!g_file_get_contents (path, &text, &len, NULL) || !g_utf8_validate (text, (gssize) len, NULL))
        continue;
      g_autofree gchar *fast = puebla_terms_fold (text);
      g_autofree gchar *slow = puebla_terms_fold_by_definition (text, -1);
      ck_assert_msg (g_strcmp0 (fast, slow) == 0, "%s folds differently from the definition", name);
      files++;
    }
  ck_assert_uint_ge (files, 3);
}
END_TEST

static const struct
{
  const gchar *in, *out;
} fold_query_cases[] = {
  { "MIGRACIÓN AND Tráfico", "migracion AND trafico" },
  { "trata NOT \"Niños Víctimas\"", "trata NOT \"niños victimas\"" },
  { "title:Conclusiones OR año", "title:conclusiones OR año" },
  { "(OIM OR ACNUR) NEAR/3 Panamá", "(oim OR acnur) NEAR/3 panama" },
  { "migra*", "migra*" },
  { "-Guatemala +Belice", "-guatemala +belice" },
};

START_TEST (fold_query_table)
{
  g_autofree gchar *out = puebla_terms_fold_query (fold_query_cases[_i].in);
  ck_assert_str_eq (out, fold_query_cases[_i].out);
}
END_TEST

/* Words that must share a stem: accents, case, singular and plural. */
static const struct
{
  const gchar *a, *b;
} same_stem_cases[] = {
  { "migración", "MIGRACION" },
  { "migración", "migraciones" },
  { "MIGRACION", "migraciones" },
  { "protección", "PROTECCION" },
  { "protección", "protecciones" },
  { "política", "POLITICAS" },
  { "país", "PAISES" },
  { "víctima", "VICTIMAS" },
  { "capacitación", "capacitaciones" },
  { "trata", "tratas" },
  { "regional", "REGIONALES" },
  { "decisión", "DECISIONES" },
  { "realizó", "realizo" },
  { "economía", "economia" },
};

START_TEST (same_stem_table)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PueblaTerms) terms = puebla_terms_new ("es", &error);
  ck_assert_ptr_null (error);
  g_autofree gchar *a = puebla_terms_stem (terms, same_stem_cases[_i].a);
  g_autofree gchar *b = puebla_terms_stem (terms, same_stem_cases[_i].b);
  ck_assert_msg (g_str_equal (a, b), "%s → %s but %s → %s", same_stem_cases[_i].a, a, same_stem_cases[_i].b, b);
}
END_TEST

/* Words that must not be merged. */
static const struct
{
  const gchar *a, *b;
} different_stem_cases[] = {
  { "año", "ano" },
  { "años", "anos" },
  { "migración", "mirada" },
  { "trata", "tráfico" },
};

START_TEST (different_stem_table)
{
  g_autoptr (PueblaTerms) terms = puebla_terms_new ("es", NULL);
  g_autofree gchar *a = puebla_terms_stem (terms, different_stem_cases[_i].a);
  g_autofree gchar *b = puebla_terms_stem (terms, different_stem_cases[_i].b);
  ck_assert_msg (!g_str_equal (a, b), "%s and %s both → %s", different_stem_cases[_i].a, different_stem_cases[_i].b, a);
}
END_TEST

/* A stem is a prefix of the folded word: the snippet matcher relies on it. */
START_TEST (stem_is_prefix_of_folded_word)
{
  static const gchar *const words[] = { "migraciones", "PROTECCIÓN", "realizó", "países", "capacitación",
                                        "organización", "decisión", "economías", "Niñas", "Panamá" };
  g_autoptr (PueblaTerms) terms = puebla_terms_new ("es", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      g_autofree gchar *folded = puebla_terms_fold (words[i]);
      g_autofree gchar *stem = puebla_terms_stem (terms, words[i]);
      ck_assert_msg (g_str_has_prefix (folded, stem), "stem %s of %s is not a prefix of %s", stem, words[i], folded);
    }
}
END_TEST

static Suite *
terms_suite (void)
{
  Suite *s = suite_create ("terms");
  TCase *tc = tcase_create ("fold");
  tcase_add_loop_test (tc, fold_table, 0, G_N_ELEMENTS (fold_cases));
  tcase_add_loop_test (tc, fold_query_table, 0, G_N_ELEMENTS (fold_query_cases));
  tcase_add_test (tc, fold_agrees_with_definition_per_character);
  tcase_add_test (tc, fold_agrees_with_definition_on_corpus);
  tcase_set_timeout (tc, 120);
  suite_add_tcase (s, tc);

  tc = tcase_create ("stem");
  tcase_add_loop_test (tc, same_stem_table, 0, G_N_ELEMENTS (same_stem_cases));
  tcase_add_loop_test (tc, different_stem_table, 0, G_N_ELEMENTS (different_stem_cases));
  tcase_add_test (tc, stem_is_prefix_of_folded_word);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  SRunner *sr = srunner_create (terms_suite ());
  srunner_run_all (sr, CK_NORMAL);
  int failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
