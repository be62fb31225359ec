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
