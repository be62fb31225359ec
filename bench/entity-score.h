/* entity-score.h: precision and recall of the entity extractor against
 * hand-annotated passages (tests/data/entities-eval/README.md).
 *
 * A passage NN.txt has its gold NN.gold.tsv: one line per mention, "type
 * TAB id TAB text". Scoring counts, per passage and per type (country, org,
 * date), the multiset of ids found against the multiset of gold ids: a
 * true positive is an id found as many times as the gold has it, at most.
 * Dates score on the exact normalized value. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint tp, fp, fn;
} PueblaScore;

typedef struct
{
  PueblaScore country, org, date;
  guint passages;
  GPtrArray *errors;  /* "NN: missed country GT (Guatemala)", "NN: extra org ONU" */
} PueblaScores;

/* Scores every NN.txt with its NN.gold.tsv in DIR. NULL with an error when
 * DIR or a gold file cannot be read. Free with puebla_scores_free(). */
PueblaScores *puebla_score_dir (const gchar *dir, GError **error);
void puebla_scores_free (PueblaScores *scores);

gdouble puebla_score_precision (const PueblaScore *s);
gdouble puebla_score_recall (const PueblaScore *s);
gdouble puebla_score_f1 (const PueblaScore *s);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PueblaScores, puebla_scores_free)

G_END_DECLS
