/* shards.c: an index spread over several Xapian databases (see indexer.h,
 * docs/shards.md).
 *
 * Layout of a sharded index directory DIR:
 *
 *   DIR/XAPIANDB    a Xapian stub file: one line "auto shard-NNN" a shard,
 *                   in order. Xapian opens a directory holding XAPIANDB as
 *                   the databases it lists, searched as one (combined
 *                   statistics, interleaved document ids), so every reader
 *                   opens DIR as before.
 *   DIR/shard-NNN   one Xapian database each, laid out as schema.h says,
 *                   with its own schema version and last-ingest metadata,
 *                   and its passages' database in DIR/shard-NNN/passages.
 *   DIR/passages    a stub file of the shards' passages: one line "auto
 *                   shard-NNN/passages" a shard, in order (not in an index
 *                   of layout 4, whose passages are in the shards).
 *
 * A record and its passages live in the shard of the record's id: the id's
 * first 8 hex digits as a number, modulo the count. Ids are a hash of the
 * path (record.h), so records spread evenly and a record is always found
 * (re-ingested, removed) in the same shard. The count is fixed when the
 * index is made.
 *
 * What it owns: one plain PueblaIndexer per shard (and so their write
 * locks). What it does not do: remote shards. A stub file that lists
 * `remote` lines is for readers; ingest writes local shards only.
 */
#include "index-private.h"
#include "schema.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#define STUB_NAME "XAPIANDB"

struct _PueblaShardSet
{
  gchar *path;
  guint n;
  PueblaIndexer **shards;
};

void
_puebla_shard_set_free (PueblaShardSet *set)
{
  if (set == NULL)
    return;
  for (guint i = 0; i < set->n; i++)
    puebla_indexer_close (set->shards[i]);
  g_free (set->shards);
  g_free (set->path);
  g_free (set);
}

PueblaIndexer *
_puebla_shard_set_for_id (PueblaShardSet *set, const gchar *id)
{
  gchar head[9] = { 0 };
  g_strlcpy (head, id, sizeof head);
  guint64 v = g_ascii_strtoull (head, NULL, 16);
  return set->shards[v % set->n];
}

GPtrArray *
_puebla_shard_set_list_under (PueblaShardSet *set, const gchar *dir, GError **error)
{
  g_autoptr (GPtrArray) all = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < set->n; i++)
    {
      g_autoptr (GPtrArray) some = puebla_indexer_list_under (set->shards[i], dir, error);
      if (some == NULL)
        return NULL;
      for (guint k = 0; k < some->len; k++)
        g_ptr_array_add (all, g_steal_pointer (&some->pdata[k]));
    }
  return g_steal_pointer (&all);
}

gboolean
_puebla_shard_set_list_signatures (PueblaShardSet *set, GHashTable *out, GError **error)
{
  for (guint i = 0; i < set->n; i++)
    {
      g_autoptr (GHashTable) some = puebla_indexer_list_signatures (set->shards[i], error);
      if (some == NULL)
        return FALSE;
      GHashTableIter it;
      gpointer k, v;
      g_hash_table_iter_init (&it, some);
      while (g_hash_table_iter_next (&it, &k, &v))
        {
          g_hash_table_iter_steal (&it);
          g_hash_table_insert (out, k, v);
        }
    }
  return TRUE;
}

gboolean
_puebla_shard_set_commit (PueblaShardSet *set, GError **error)
{
  /* one after the other: a crash between two commits leaves the later
     shards at their last commit, which the next ingest catches up on (it
     finds those files changed) */
  for (guint i = 0; i < set->n; i++)
    if (!puebla_indexer_commit (set->shards[i], error))
      return FALSE;
  return TRUE;
}

guint
puebla_indexer_get_shard_count (PueblaIndexer *indexer)
{
  g_return_val_if_fail (indexer != NULL, 0);
  PueblaShardSet *set = _puebla_indexer_get_shards (indexer);
  return set ? set->n : 1;
}

static gchar *
shard_name (guint i)
{
  return g_strdup_printf ("shard-%03u", i);
}

/* The shard count of the stub file STUB, written by puebla: "auto
   shard-000" … in order. 0 with ERROR set for anything else. */
static guint
read_stub (const gchar *stub, GError **error)
{
  g_autofree gchar *text = NULL;
  g_autoptr (GError) local = NULL;
  if (!g_file_get_contents (stub, &text, NULL, &local))
    {
      g_set_error (error, PUEBLA_INDEX_ERROR, PUEBLA_INDEX_ERROR_NOT_FOUND, "%s", local->message);
      return 0;
    }
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;
  for (guint i = 0; lines[i]; i++)
    {
      const gchar *line = g_strstrip (lines[i]);
      if (*line == '\0' || *line == '#')
        continue;
      g_autofree gchar *name = shard_name (n);
      g_autofree gchar *expected = g_strconcat ("auto ", name, NULL);
      if (!g_str_equal (line, expected) || n >= PUEBLA_INDEX_MAX_SHARDS)
        {
          g_set_error (error, PUEBLA_INDEX_ERROR, PUEBLA_INDEX_ERROR_SHARDS,
                       "%s: line %u is not \"%s\": puebla ingest writes only the local shards it made "
                       "(shard-000, shard-001 … in order); a stub file of your own, with remote shards, "
                       "is for search, trace and serve (docs/shards.md)",
                       stub, i + 1, expected);
          return 0;
        }
      n++;
    }
  if (n == 0)
    g_set_error (error, PUEBLA_INDEX_ERROR, PUEBLA_INDEX_ERROR_SHARDS, "%s lists no shard", stub);
  return n;
}

/* Makes the stub file NAME of N shards in DIR, after the shards exist: a
   reader never meets a stub that names a missing shard. Each line names
   shard-NNN, followed by SUFFIX when given. */
static gboolean
write_stub (const gchar *dir, const gchar *name, guint n, const gchar *suffix, GError **error)
{
  g_autoptr (GString) text
    = g_string_new (suffix ? "# puebla: the passages of the shards of this index (docs/shards.md)\n"
                           : "# puebla: the shards of this index, searched as one (docs/shards.md)\n");
  for (guint i = 0; i < n; i++)
    {
      g_autofree gchar *shard = shard_name (i);
      g_string_append_printf (text, "auto %s%s%s\n", shard, suffix ? "/" : "", suffix ? suffix : "");
    }
  g_autofree gchar *stub = g_build_filename (dir, name, NULL);
  g_autoptr (GError) local = NULL;
  if (!g_file_set_contents (stub, text->str, (gssize) text->len, &local))
    {
      g_set_error (error, PUEBLA_INDEX_ERROR, PUEBLA_INDEX_ERROR_FAILED, "%s", local->message);
      return FALSE;
    }
  return TRUE;
}

static PueblaIndexer *
open_shards (const gchar *path, guint n, gboolean create, GError **error)
{
  if (create && g_mkdir_with_parents (path, 0777) != 0)
    {
      int saved = errno;
      g_set_error (error, PUEBLA_INDEX_ERROR, PUEBLA_INDEX_ERROR_FAILED, "%s: cannot make the directory: %s", path,
                   g_strerror (saved));
      return NULL;
    }
  PueblaShardSet *set = g_new0 (PueblaShardSet, 1);
  set->path = g_strdup (path);
  set->shards = g_new0 (PueblaIndexer *, n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree gchar *name = shard_name (i);
      g_autofree gchar *shard = g_build_filename (path, name, NULL);
      if (!create && !g_file_test (shard, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, PUEBLA_INDEX_ERROR, PUEBLA_INDEX_ERROR_NOT_FOUND,
                       "%s: the index lists %s, which is missing", path, name);
          _puebla_shard_set_free (set);
          return NULL;
        }
      set->shards[i] = _puebla_indexer_open_one (shard, error);
      set->n = i + 1;
      if (set->shards[i] == NULL)
        {
          set->n = i;
          _puebla_shard_set_free (set);
          return NULL;
        }
    }
  if (!_puebla_indexer_share_facet_ids (set->shards, n, error))
    {
      _puebla_shard_set_free (set);
      return NULL;
    }
  /* the passages' stub before the shards' (and made again should it be
     missing): an index that lists its shards lists their passages */
  g_autofree gchar *passages = g_build_filename (path, PUEBLA_PASSAGES_NAME, NULL);
  if ((_puebla_indexer_passages_apart (set->shards[0]) && (create || !g_file_test (passages, G_FILE_TEST_EXISTS))
       && !write_stub (path, PUEBLA_PASSAGES_NAME, n, PUEBLA_PASSAGES_NAME, error))
      || (create && !write_stub (path, STUB_NAME, n, NULL, error)))
    {
      _puebla_shard_set_free (set);
      return NULL;
    }
  return _puebla_indexer_new_sharded (path, set);
}

PueblaIndexer *
puebla_indexer_open_sharded (const gchar *path, guint n_shards, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  if (n_shards > PUEBLA_INDEX_MAX_SHARDS)
    {
      g_set_error (error, PUEBLA_INDEX_ERROR, PUEBLA_INDEX_ERROR_SHARDS, "at most %d shards, not %u",
                   PUEBLA_INDEX_MAX_SHARDS, n_shards);
      return NULL;
    }
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, PUEBLA_INDEX_ERROR, PUEBLA_INDEX_ERROR_SHARDS,
                   "%s is a file (a stub file?): puebla ingest writes an index directory, whose shards are "
                   "local databases; a stub file is for search, trace and serve (docs/shards.md)",
                   path);
      return NULL;
    }

  g_autofree gchar *stub = g_build_filename (path, STUB_NAME, NULL);
  g_autofree gchar *glass = g_build_filename (path, "iamglass", NULL);
  if (g_file_test (stub, G_FILE_TEST_EXISTS))
    {
      guint n = read_stub (stub, error);
      if (n == 0)
        return NULL;
      if (n_shards != 0 && n_shards != n)
        {
          g_set_error (error, PUEBLA_INDEX_ERROR, PUEBLA_INDEX_ERROR_SHARDS,
                       "%s has %u shards, not %u: a record's shard follows from the count, which is fixed "
                       "when the index is made (ingest it with --shards %u or without --shards, or into a "
                       "new directory)",
                       path, n, n_shards, n);
          return NULL;
        }
      return open_shards (path, n, FALSE, error);
    }
  if (n_shards > 1)
    {
      if (g_file_test (glass, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, PUEBLA_INDEX_ERROR, PUEBLA_INDEX_ERROR_SHARDS,
                       "%s is one database, not %u shards: the count is fixed when the index is made "
                       "(ingest it without --shards, or into a new directory with --shards %u)",
                       path, n_shards, n_shards);
          return NULL;
        }
      return open_shards (path, n_shards, TRUE, error);
    }
  return _puebla_indexer_open_one (path, error);
}
