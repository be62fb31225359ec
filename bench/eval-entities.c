/* eval-entities: precision, recall and F1 of the entity extractor, per
 * type, on hand-annotated passages.
 *
 *   build/bench/eval-entities [--errors] DIR…
 *
 * e.g. build/bench/eval-entities tests/data/entities-eval/dev
 *      tests/data/entities-eval/test (docs/entities.md has the figures). */
#include "entity-score.h"

#include <stdio.h>
#include <string.h>

static void
print_row (const gchar *type, const PueblaScore *s)
{
  printf ("  %-8s %5u %5u %5u   %6.3f %6.3f %6.3f\n", type, s->tp, s->fp, s->fn, puebla_score_precision (s),
          puebla_score_recall (s), puebla_score_f1 (s));
}

int
main (int argc, char **argv)
{
  gboolean errors = FALSE;
  int status = 0;
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--errors"))
        {
          errors = TRUE;
          continue;
        }
      g_autoptr (GError) error = NULL;
      g_autoptr (PueblaScores) s = puebla_score_dir (argv[i], &error);
      if (s == NULL)
        {
          fprintf (stderr, "eval-entities: %s: %s\n", argv[i], error->message);
          status = 1;
          continue;
        }
      printf ("%s (%u passages)\n  %-8s %5s %5s %5s   %6s %6s %6s\n", argv[i], s->passages, "type", "tp", "fp", "fn",
              "P", "R", "F1");
      print_row ("country", &s->country);
      print_row ("org", &s->org);
      print_row ("date", &s->date);
      for (guint e = 0; errors && e < s->errors->len; e++)
        printf ("    %s\n", (const gchar *) g_ptr_array_index (s->errors, e));
    }
  if (argc < 2)
    {
      fprintf (stderr, "usage: eval-entities [--errors] DIR…\n");
      return 2;
    }
  return status;
}
