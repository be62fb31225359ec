/* entity-score.c: score the extractor against gold passages (see
 * entity-score.h). */
#include "entity-score.h"

#include "entities.h"
#include "gazetteer.h"

#include <string.h>

gdouble
puebla_score_precision (const PueblaScore *s)
{
  return s->tp + s->fp ? (gdouble) s->tp / (s->tp + s->fp) : 1.0;
}

gdouble
puebla_score_recall (const PueblaScore *s)
{
  return s->tp + s->fn ? (gdouble) s->tp / (s->tp + s->fn) : 1.0;
}

gdouble
puebla_score_f1 (const PueblaScore *s)
{
  gdouble p = puebla_score_precision (s), r = puebla_score_recall (s);
  return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

void
puebla_scores_free (PueblaScores *scores)
{
  if (scores == NULL)
    return;
  g_ptr_array_unref (scores->errors);
  g_free (scores);
}

/* "type\tid" → count */
static void
count (GHashTable *counts, const gchar *type, const gchar *id)
{
  g_autofree gchar *key = g_strdup_printf ("%s\t%s", type, id);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key));
  g_hash_table_insert (counts, g_steal_pointer (&key), GUINT_TO_POINTER (n + 1));
}

static PueblaScore *
score_for (PueblaScores *scores, const gchar *type)
{
  if (g_str_equal (type, "country"))
    return &scores->country;
  if (g_str_equal (type, "org"))
    return &scores->org;
  if (g_str_equal (type, "date"))
    return &scores->date;
  return NULL;
}

static gboolean
score_passage (PueblaScores *scores, const PueblaGazetteer *g, const gchar *name, const gchar *text,
               const gchar *gold, GError **error)
{
  g_autoptr (GHashTable) want = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) got = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_auto (GStrv) lines = g_strsplit (gold, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_strchomp (lines[i]);
      if (*lines[i] == '\0' || *lines[i] == '#')
        continue;
      g_auto (GStrv) f = g_strsplit (lines[i], "\t", 3);
      if (g_strv_length (f) != 3 || score_for (scores, f[0]) == NULL)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s.gold.tsv:%u: expected type, id, text", name, i + 1);
          return FALSE;
        }
      count (want, f[0], f[1]);
      g_autofree gchar *key = g_strdup_printf ("%s\t%s", f[0], f[1]);
      if (!g_hash_table_contains (words, key))
        g_hash_table_insert (words, g_steal_pointer (&key), g_strdup (f[2]));
    }

  g_autoptr (GPtrArray) found = puebla_entities_find (g, text, 0);
  for (guint i = 0; i < found->len; i++)
    {
      const PueblaEntity *e = g_ptr_array_index (found, i);
      const gchar *type = puebla_entity_type_to_string (e->type);
      if (score_for (scores, type))
        count (got, type, e->id);
    }

  /* true positives and misses, from the gold's side */
  GHashTableIter it;
  gpointer key, value;
  g_hash_table_iter_init (&it, want);
  while (g_hash_table_iter_next (&it, &key, &value))
    {
      g_auto (GStrv) tid = g_strsplit (key, "\t", 2);
      PueblaScore *s = score_for (scores, tid[0]);
      guint w = GPOINTER_TO_UINT (value), f = GPOINTER_TO_UINT (g_hash_table_lookup (got, key));
      s->tp += MIN (w, f);
      s->fn += w > f ? w - f : 0;
      if (w > f)
        g_ptr_array_add (scores->errors, g_strdup_printf ("%s: missed %s %s ×%u (%s)", name, tid[0], tid[1], w - f,
                                                          (const gchar *) g_hash_table_lookup (words, key)));
    }
  /* extras, from the extractor's side */
  g_hash_table_iter_init (&it, got);
  while (g_hash_table_iter_next (&it, &key, &value))
    {
      g_auto (GStrv) tid = g_strsplit (key, "\t", 2);
      PueblaScore *s = score_for (scores, tid[0]);
      guint f = GPOINTER_TO_UINT (value), w = GPOINTER_TO_UINT (g_hash_table_lookup (want, key));
      if (f > w)
        {
          s->fp += f - w;
          g_ptr_array_add (scores->errors, g_strdup_printf ("%s: extra %s %s ×%u", name, tid[0], tid[1], f - w));
        }
    }
  scores->passages++;
  return TRUE;
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const gchar *const *) a, *(const gchar *const *) b);
}

PueblaScores *
puebla_score_dir (const gchar *dir, GError **error)
{
  const PueblaGazetteer *g = puebla_gazetteer_get_default (error);
  if (g == NULL)
    return NULL;
  g_autoptr (GDir) d = g_dir_open (dir, 0, error);
  if (d == NULL)
    return NULL;

  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const gchar *n;
  while ((n = g_dir_read_name (d)))
    if (g_str_has_suffix (n, ".txt"))
      g_ptr_array_add (names, g_strndup (n, strlen (n) - 4));
  g_ptr_array_sort (names, compare_names);

  g_autoptr (PueblaScores) scores = g_new0 (PueblaScores, 1);
  scores->errors = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < names->len; i++)
    {
      const gchar *name = g_ptr_array_index (names, i);
      g_autofree gchar *txt = g_strdup_printf ("%s/%s.txt", dir, name);
      g_autofree gchar *gold_path = g_strdup_printf ("%s/%s.gold.tsv", dir, name);
      g_autofree gchar *text = NULL, *gold = NULL;
      if (!g_file_get_contents (txt, &text, NULL, error) || !g_file_get_contents (gold_path, &gold, NULL, error)
          || !score_passage (scores, g, name, text, gold, error))
        return NULL;
    }
  return g_steal_pointer (&scores);
}
