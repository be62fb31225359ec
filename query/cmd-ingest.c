/* cmd-ingest.c: `puebla ingest [--db DIR] [--shards N] [--jobs N] [--json] PATH…`
 *
 * Walks the paths, asks the index which files changed (size, mtime and
 * ctime to the nanosecond, then content hash), extracts the changed ones in
 * worker processes (ingest/worker.h: each file under a time and a memory
 * limit) driven by a GThreadPool, one worker per thread. Each worker also
 * makes the record's Xapian documents (indexer.h); they come through a
 * GAsyncQueue to this thread, the only one that holds the Xapian writer,
 * which writes them in walk order. Commits every COMMIT_EVERY records: a
 * crash or kill -9 loses at most the records since the last commit, and the
 * next run redoes them. Files that went away from a walked directory are
 * dropped from the index. Every failure gets a verdict line on stderr; a
 * summary closes the run.
 */
#include "commands.h"

#include "extract.h"
#include "gazetteer.h"
#include "indexer.h"
#include "worker.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#define COMMIT_EVERY 200
#define PUEBLA_INGEST_FLUSH_THRESHOLD "1000"

/* Set by SIGINT/SIGTERM: stop taking new files, finish and commit the ones
   in flight, print the summary. A second signal kills as usual. */
static volatile sig_atomic_t interrupted = 0;

static void
on_interrupt (int signum)
{
  interrupted = signum;
  signal (signum, SIG_DFL);
}

typedef struct
{
  gchar *path;
  guint seq;                  /* its place among the files extracted, in walk order */
  PueblaIndexedState before;  /* what the index held */
  PueblaRecord *record;       /* set by the worker */
  PueblaIndexDocuments *docs; /* what the worker made of it for the index; NULL: the
                               * writer makes them (a record that failed) */
  gboolean same_bytes;        /* touched only: its bytes hash as indexed (then no RECORD) */
  gint64 mtime;               /* and, when so, its new time and signature */
  gchar *signature;
} Job;

static void
job_free (Job *job)
{
  g_free (job->path);
  g_free (job->signature);
  puebla_indexed_state_clear (&job->before);
  puebla_record_free (job->record);
  puebla_index_documents_free (job->docs);
  g_free (job);
}

typedef struct
{
  gchar *path;
  gchar *verdict;
  gchar *reason;
  gboolean unchanged;  /* failed before, not retried */
} Failure;

static void
failure_free (gpointer data)
{
  Failure *f = data;
  g_free (f->path);
  g_free (f->verdict);
  g_free (f->reason);
  g_free (f);
}

typedef struct
{
  /* settings */
  gboolean json;
  gboolean quiet;
  gboolean progress;       /* stderr is a terminal */
  PueblaExtractLimits limits;
  gboolean retry_failed;   /* extract failed files again even when unchanged */

  PueblaIndexer *indexer;
  const gchar *db_path;    /* never walked into: the index is not a record */
  GPtrArray *files;        /* absolute paths to look at, in walk order, each once */
  GArray *listed;          /* of Listed, one a file: how the walk found it */
  GPtrArray *roots;        /* directories walked: files gone from them are removed */
  GPtrArray *missing;      /* paths given that do not exist */
  GHashTable *seen;        /* absolute paths listed in this run */

  guint added, updated, unchanged, removed, failed;
  guint touched;           /* of the unchanged: a new time, the same bytes, not read again */
  guint done, pending_commit;
  GPtrArray *failures;     /* of Failure* */
  GPtrArray *warnings;     /* of gchar* "path: message" */
  gint64 started;
  gint64 last_progress;
} Ingest;

/* ---- Walking ----------------------------------------------------------------- */

/* A file as the walk found it: its stat (following a link), so that an
   unchanged file costs one stat in all, made relative to its directory. */
typedef struct
{
  gboolean stated;
  GStatBuf st;
} Listed;

static void
add_failure (Ingest *in, const gchar *path, const gchar *verdict, const gchar *reason, gboolean unchanged)
{
  Failure *f = g_new0 (Failure, 1);
  f->path = puebla_path_to_utf8 (path);
  f->verdict = g_strdup (verdict);
  f->reason = g_strdup (reason);
  f->unchanged = unchanged;
  g_ptr_array_add (in->failures, f);
  in->failed++;
  if (!in->json)
    {
      if (in->progress)
        fputs ("\r\033[K", stderr);
      g_autofree gchar *shown = puebla_display_path (path);
      fprintf (stderr, "puebla ingest: %s: %s: %s%s\n", shown, verdict, reason,
               unchanged ? " (unchanged since it failed: not retried)" : "");
    }
}

/* Lists PATH (taken) once, however often it is met, with its stat ST when
   the walk has it (NULL: stated when its turn comes). */
static void
add_file (Ingest *in, gchar *path, const GStatBuf *st)
{
  if (g_hash_table_add (in->seen, g_strdup (path)))
    {
      g_ptr_array_add (in->files, path);
      Listed listed = { .stated = st != NULL };
      if (st)
        listed.st = *st;
      g_array_append_val (in->listed, listed);
    }
  else
    g_free (path);
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const gchar *const *) a, *(const gchar *const *) b);
}

/* Adds the files below DIR to in->files, sorted, skipping hidden entries
   and not following links to directories (no loops). Entries are stated
   relative to the open directory: no walk of the whole path each time. */
static void
walk_directory (Ingest *in, const gchar *dir)
{
  DIR *d = opendir (dir);
  if (d == NULL)
    {
      add_failure (in, dir, "unreadable", g_strerror (errno), FALSE);
      return;
    }

  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const struct dirent *entry;
  while ((entry = readdir (d)) != NULL)
    if (entry->d_name[0] != '.')
      g_ptr_array_add (names, g_strdup (entry->d_name));
  g_ptr_array_sort (names, compare_strings);

  int fd = dirfd (d);
  for (guint i = 0; i < names->len; i++)
    {
      const gchar *name = g_ptr_array_index (names, i);
      g_autofree gchar *path = g_build_filename (dir, name, NULL);
      GStatBuf lst, st;
      if (fstatat (fd, name, &lst, AT_SYMLINK_NOFOLLOW) != 0)
        {
          int saved = errno;
          if (saved != ENOENT) /* ENOENT: gone since it was listed */
            add_failure (in, path, "unreadable", g_strerror (saved), FALSE);
          continue;
        }
      if (g_str_equal (path, in->db_path))
        continue;
      if (S_ISDIR (lst.st_mode))
        walk_directory (in, path);
      else if (S_ISREG (lst.st_mode))
        add_file (in, g_steal_pointer (&path), &lst);
      else if (S_ISLNK (lst.st_mode))
        {
          gboolean followed = fstatat (fd, name, &st, 0) == 0;
          if (followed && S_ISDIR (st.st_mode))
            continue; /* a link to a directory: not followed */
          add_file (in, g_steal_pointer (&path), followed ? &st : NULL);
        }
      /* sockets, FIFOs, devices: not documents */
    }
  closedir (d);
}

static void
walk_argument (Ingest *in, const gchar *arg)
{
  if (*arg == '\0')
    {
      /* g_canonicalize_filename ("") is the current directory: an unset
         shell variable must not index a whole home directory */
      add_failure (in, "\"\"", "unreadable", "an empty path names no file (use . for this directory)", FALSE);
      return;
    }
  g_autofree gchar *path = g_canonicalize_filename (arg, NULL);
  GStatBuf st;
  if (g_stat (path, &st) != 0)
    {
      int saved = errno;
      GStatBuf lst;
      if (g_lstat (path, &lst) == 0) /* a dangling link */
        add_file (in, g_steal_pointer (&path), NULL);
      else if (saved == ENOENT)
        g_ptr_array_add (in->missing, g_steal_pointer (&path));
      else
        add_failure (in, path, "unreadable", g_strerror (saved), FALSE);
      return;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_ptr_array_add (in->roots, g_strdup (path));
      walk_directory (in, path);
    }
  else
    add_file (in, g_steal_pointer (&path), &st);
}

/* ---- Progress ------------------------------------------------------------------ */

static void
show_progress (Ingest *in, const gchar *current, gboolean force)
{
  if (!in->progress)
    return;
  gint64 now = g_get_monotonic_time ();
  if (!force && now - in->last_progress < 100000)
    return;
  in->last_progress = now;
  gdouble secs = (now - in->started) / 1e6;
  g_autofree gchar *name = current ? g_path_get_basename (current) : g_strdup ("");
  g_autofree gchar *base = puebla_display_path (name);
  fprintf (stderr, "\r\033[K[%u/%u] %.1f files/s  %s", in->done, in->files->len,
           secs > 0 ? in->done / secs : 0.0, base);
  fflush (stderr);
}

/* ---- Writing --------------------------------------------------------------------- */

static gboolean
maybe_commit (Ingest *in, gboolean force, GError **error)
{
  if (in->pending_commit == 0 || (!force && in->pending_commit < COMMIT_EVERY))
    return TRUE;
  if (!puebla_indexer_commit (in->indexer, error))
    return FALSE;
  in->pending_commit = 0;
  return TRUE;
}

/* Stores the record a worker made. Only a failure to write the index is an
   error: a file that failed is a verdict. */
static gboolean
store (Ingest *in, Job *job, GError **error)
{
  if (job->same_bytes)
    {
      g_autofree gchar *id = puebla_record_id_for_path (job->path);
      if (!puebla_indexer_touch (in->indexer, id, job->mtime, job->signature, error))
        return FALSE;
      in->pending_commit++;
      in->unchanged++;
      in->touched++;
      return maybe_commit (in, FALSE, error);
    }
  PueblaRecord *record = job->record;
  gboolean same_content = job->before.found && job->before.content_hash && record->content_hash
                          && g_str_equal (job->before.content_hash, record->content_hash)
                          && job->before.verdict == record->verdict;

  /* a record the index did not hold is added without a lookup */
  if (job->docs ? !puebla_indexer_put_documents (in->indexer, job->docs, !job->before.found, error)
                : !puebla_indexer_put (in->indexer, record, error))
    return FALSE;
  in->pending_commit++;

  for (guint i = 0; i < record->warnings->len && !in->quiet; i++)
    {
      const gchar *w = g_ptr_array_index (record->warnings, i);
      g_autofree gchar *utf8 = puebla_path_to_utf8 (record->path);
      g_ptr_array_add (in->warnings, g_strdup_printf ("%s: %s", utf8, w));
      if (!in->json)
        {
          g_autofree gchar *shown = puebla_display_path (record->path);
          if (in->progress)
            fputs ("\r\033[K", stderr);
          fprintf (stderr, "puebla ingest: %s: warning: %s\n", shown, w);
        }
    }

  if (record->verdict != PUEBLA_VERDICT_OK)
    add_failure (in, record->path, puebla_verdict_to_string (record->verdict), record->reason, FALSE);
  else if (same_content)
    in->unchanged++; /* touched, same bytes: only its mtime was refreshed */
  else if (job->before.found)
    in->updated++;
  else
    in->added++;
  return maybe_commit (in, FALSE, error);
}

/* What the extraction threads share: read-only limits, the queue of
   finished jobs, and the worker processes not in use (NULL: extract in
   this process, without limits). */
typedef struct
{
  PueblaExtractLimits limits;
  GAsyncQueue *done;
  GAsyncQueue *idle;  /* of PueblaWorker*, one per thread */
} Workers;

/* Each extraction thread's folding and stemming (terms.h: one per thread),
   freed when the thread ends. */
static GPrivate thread_encoder = G_PRIVATE_INIT ((GDestroyNotify) puebla_index_encoder_free);

static PueblaIndexEncoder *
get_thread_encoder (void)
{
  PueblaIndexEncoder *encoder = g_private_get (&thread_encoder);
  if (encoder == NULL)
    {
      encoder = puebla_index_encoder_new (NULL); /* NULL: the writer makes the documents */
      g_private_set (&thread_encoder, encoder);
    }
  return encoder;
}

/* Whether the file of JOB, indexed whole before, still holds the bytes it
   was indexed from, though its time or place changed (touched, copied,
   checked out again): hashed as extraction hashes it, it need not be read
   again, only its time and signature refreshed (JOB's, when so). Anything
   unexpected (unreadable, over the size limit, changed while hashed) says
   no: the file is then extracted as any changed file. */
static gboolean
holds_indexed_bytes (Job *job, const PueblaExtractLimits *limits)
{
  if (!job->before.found || job->before.verdict != PUEBLA_VERDICT_OK || job->before.content_hash == NULL)
    return FALSE;
  GStatBuf st, after;
  if (g_stat (job->path, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size != job->before.size
      || (limits->max_bytes > 0 && st.st_size > limits->max_bytes))
    return FALSE;
  int fd = g_open (job->path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 chunk[65536];
  gboolean ok = TRUE;
  for (;;)
    {
      ssize_t n = read (fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          ok = n == 0;
          break;
        }
      g_checksum_update (sum, chunk, (gssize) n);
    }
  close (fd);
  if (!ok || !g_str_equal (g_checksum_get_string (sum), job->before.content_hash) || g_stat (job->path, &after) != 0
      || after.st_size != st.st_size || after.st_mtim.tv_sec != st.st_mtim.tv_sec
      || after.st_mtim.tv_nsec != st.st_mtim.tv_nsec)
    return FALSE;
  job->mtime = st.st_mtime;
  job->signature = puebla_file_signature (st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec, st.st_ctim.tv_sec,
                                          st.st_ctim.tv_nsec);
  return TRUE;
}

/* Extracts one file, and makes its documents for the index: a worker
   process sends them made; in process, or for a record made here (a
   timeout, a crash), this thread makes them. The writer only writes. A
   file that holds the bytes it was indexed from is not extracted at all. */
static void
extract_worker (gpointer data, gpointer user_data)
{
  Job *job = data;
  Workers *workers = user_data;
  if (holds_indexed_bytes (job, &workers->limits))
    {
      job->same_bytes = TRUE;
      g_async_queue_push (workers->done, job);
      return;
    }
  if (workers->idle)
    {
      PueblaWorker *worker = g_async_queue_pop (workers->idle);
      g_autoptr (GBytes) payload = NULL;
      job->record = puebla_worker_extract (worker, job->path, &payload);
      g_async_queue_push (workers->idle, worker);
      if (payload)
        {
          g_autoptr (GError) error = NULL;
          job->docs = puebla_index_documents_decode (job->record, payload, &error);
          if (job->docs == NULL)
            {
              /* the record came without its pages: keep what is sure, its
                 failure, and say why */
              job->record->verdict = PUEBLA_VERDICT_CRASHED;
              g_free (job->record->reason);
              job->record->reason = g_strdup_printf ("the extraction worker's answer is broken: %s", error->message);
            }
        }
    }
  else
    job->record = puebla_extract_file (job->path, &workers->limits);
  PueblaIndexEncoder *encoder = job->docs ? NULL : get_thread_encoder ();
  if (encoder)
    job->docs = puebla_index_encoder_build (encoder, job->record, NULL);
  g_async_queue_push (workers->done, job);
}

/* Removes from the index the files of walked directories that were not
   met in this run, and the paths given that no longer exist. */
static gboolean
remove_gone (Ingest *in, GError **error)
{
  for (guint r = 0; r < in->roots->len; r++)
    {
      g_autoptr (GPtrArray) indexed = puebla_indexer_list_under (in->indexer, g_ptr_array_index (in->roots, r), error);
      if (indexed == NULL)
        return FALSE;
      for (guint i = 0; i < indexed->len; i++)
        {
          const gchar *path = g_ptr_array_index (indexed, i);
          GStatBuf st;
          /* still there but not walked (hidden, behind a link to a
             directory): it was given on purpose once; keep it */
          if (g_hash_table_contains (in->seen, path) || g_lstat (path, &st) == 0)
            continue;
          g_autofree gchar *id = puebla_record_id_for_path (path);
          if (!puebla_indexer_remove (in->indexer, id, error))
            return FALSE;
          g_hash_table_add (in->seen, g_strdup (path)); /* once, even under two roots */
          in->removed++;
          in->pending_commit++;
        }
    }
  /* a path given that is gone: a file or a whole directory once indexed */
  for (guint i = 0; i < in->missing->len; i++)
    {
      const gchar *path = g_ptr_array_index (in->missing, i);
      g_autoptr (GPtrArray) indexed = puebla_indexer_list_under (in->indexer, path, error);
      if (indexed == NULL)
        return FALSE;
      for (guint j = 0; j < indexed->len; j++)
        {
          g_autofree gchar *id = puebla_record_id_for_path (g_ptr_array_index (indexed, j));
          if (!puebla_indexer_remove (in->indexer, id, error))
            return FALSE;
          in->removed++;
          in->pending_commit++;
        }
      if (indexed->len == 0)
        add_failure (in, path, "unreadable", "no such file or directory", FALSE);
    }
  return TRUE;
}

static gboolean
signature_matches (const GStatBuf *st, const gchar *signature)
{
  g_autofree gchar *now = puebla_file_signature (st->st_size, st->st_mtim.tv_sec, st->st_mtim.tv_nsec,
                                                 st->st_ctim.tv_sec, st->st_ctim.tv_nsec);
  return g_str_equal (now, signature);
}

/* Waits for the next file in walk order (keeping those that finish before
   it in FINISHED), and stores it; after a failure (WRITE FALSE), only takes
   it back from the workers. */
static gboolean
store_next (Ingest *in, Workers *workers, GHashTable *finished, guint *next_store, guint *in_flight, gboolean write,
            GError **error)
{
  Job *job;
  while ((job = g_hash_table_lookup (finished, GUINT_TO_POINTER (*next_store))) == NULL)
    {
      Job *done = g_async_queue_pop (workers->done);
      g_hash_table_insert (finished, GUINT_TO_POINTER (done->seq), done);
    }
  g_hash_table_remove (finished, GUINT_TO_POINTER (*next_store));
  (*next_store)++;
  (*in_flight)--;
  in->done++;
  gboolean ok = !write || store (in, job, error);
  show_progress (in, job->path, FALSE);
  job_free (job);
  return ok;
}

static gboolean
run (Ingest *in, guint jobs, const PueblaWorkerOptions *isolation, GError **error)
{
  Workers workers = { in->limits, g_async_queue_new (), NULL };
  if (isolation)
    {
      /* each child is started by the pool thread that first uses it and
         dies with that thread: the pool's threads are its own (exclusive)
         and live until it is freed */
      workers.idle = g_async_queue_new_full ((GDestroyNotify) puebla_worker_free);
      for (guint i = 0; i < jobs; i++)
        g_async_queue_push (workers.idle, puebla_worker_new (isolation));
    }
  GThreadPool *pool = g_thread_pool_new (extract_worker, &workers, (gint) jobs, isolation != NULL, NULL);
  guint in_flight = 0, max_in_flight = jobs * 16;
  gboolean ok = TRUE;
  /* files finish out of order; they are written in walk order, so that the
     index (its document numbers, and so the order of equal-weight results)
     is the same whatever the timing. At most max_in_flight wait here. */
  g_autoptr (GHashTable) finished = g_hash_table_new (g_direct_hash, g_direct_equal);
  guint next_seq = 0, next_store = 0;

  /* the files indexed whole, and their signatures, read in one pass: an
     unchanged file costs a stat and no lookup */
  g_autoptr (GHashTable) known = puebla_indexer_list_signatures (in->indexer, error);
  if (known == NULL)
    ok = FALSE;

  for (guint i = 0; i < in->files->len && ok && !interrupted; i++)
    {
      const gchar *path = g_ptr_array_index (in->files, i);

      /* unchanged: same size, mtime and ctime to the nanosecond as
         indexed; no work at all */
      const Listed *listed = &g_array_index (in->listed, Listed, i);
      GStatBuf st = listed->st;
      gboolean stated = listed->stated || g_stat (path, &st) == 0;
      const gchar *indexed = g_hash_table_lookup (known, path);
      if (indexed && stated && signature_matches (&st, indexed))
        {
          in->done++;
          in->unchanged++;
          show_progress (in, path, FALSE);
          continue;
        }

      Job *job = g_new0 (Job, 1);
      job->path = g_strdup (path);
      g_autofree gchar *id = puebla_record_id_for_path (path);
      if (!puebla_indexer_lookup (in->indexer, id, &job->before, error))
        {
          job_free (job);
          ok = FALSE;
          break;
        }

      /* unchanged since it was indexed, as looked up (a file that failed: not
         retried unless --retry-failed) */
      if (job->before.found && job->before.signature && stated && signature_matches (&st, job->before.signature)
          && !(in->retry_failed && job->before.verdict != PUEBLA_VERDICT_OK))
        {
          in->done++;
          if (job->before.verdict == PUEBLA_VERDICT_OK)
            in->unchanged++;
          else
            add_failure (in, path, puebla_verdict_to_string (job->before.verdict),
                         job->before.reason ? job->before.reason : "", TRUE);
          job_free (job);
          show_progress (in, path, FALSE);
          continue;
        }

      while (in_flight >= max_in_flight && ok)
        ok = store_next (in, &workers, finished, &next_store, &in_flight, TRUE, error);
      if (!ok)
        {
          job_free (job);
          break;
        }
      /* a malformed gazetteer ($PUEBLA_GAZETTEERS), or format readers that
         cannot be loaded, are said once, before the first file is read, and
         stop the run: not a verdict remembered for every file. A run with
         nothing to read loads neither. */
      if (next_seq == 0 && (puebla_gazetteer_get_default (error) == NULL || !puebla_extract_load (error)))
        {
          job_free (job);
          ok = FALSE;
          break;
        }
      job->seq = next_seq++;
      g_thread_pool_push (pool, job, NULL);
      in_flight++;
    }

  /* drain, even after an error, so that no worker is left writing */
  while (in_flight > 0)
    ok = store_next (in, &workers, finished, &next_store, &in_flight, ok, error) && ok;
  g_thread_pool_free (pool, FALSE, TRUE);
  g_async_queue_unref (workers.done);
  if (workers.idle)
    g_async_queue_unref (workers.idle); /* ends the children */

  /* an interrupted run did not look at every file: remove nothing */
  if (ok && !interrupted)
    ok = remove_gone (in, error);
  if (ok)
    ok = maybe_commit (in, TRUE, error);
  if (in->progress)
    fputs ("\r\033[K", stderr);
  return ok;
}

/* ---- Summary --------------------------------------------------------------------- */

static void
print_summary (Ingest *in, const gchar *db_path)
{
  gdouble secs = (g_get_monotonic_time () - in->started) / 1e6;
  if (!in->json)
    {
      g_autofree gchar *shown = puebla_display_path (db_path);
      if (interrupted)
        printf ("interrupted after %u of %u files; what was done is saved, run again to finish\n", in->done,
                in->files->len);
      g_autofree gchar *touched
        = in->touched ? g_strdup_printf (" (%u touched: same bytes, not read again)", in->touched) : g_strdup ("");
      printf ("added %u, updated %u, unchanged %u%s, removed %u, failed %u (%u file%s in %.2f s; index %s)\n",
              in->added, in->updated, in->unchanged, touched, in->removed, in->failed, in->files->len,
              in->files->len == 1 ? "" : "s", secs, shown);
      return;
    }

  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  g_autofree gchar *db_utf8 = puebla_path_to_utf8 (db_path);
  json_builder_set_member_name (b, "index");
  json_builder_add_string_value (b, db_utf8);
  const struct { const gchar *name; guint value; } counts[] = {
    { "files", in->files->len }, { "added", in->added },     { "updated", in->updated },
    { "unchanged", in->unchanged }, { "touched", in->touched }, { "removed", in->removed }, { "failed", in->failed },
  };
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      json_builder_set_member_name (b, counts[i].name);
      json_builder_add_int_value (b, counts[i].value);
    }
  json_builder_set_member_name (b, "interrupted");
  json_builder_add_boolean_value (b, interrupted != 0);
  json_builder_set_member_name (b, "seconds");
  json_builder_add_double_value (b, secs);
  struct rusage ru;
  json_builder_set_member_name (b, "max_rss_kib");
  json_builder_add_int_value (b, getrusage (RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : 0);
  json_builder_set_member_name (b, "failures");
  json_builder_begin_array (b);
  for (guint i = 0; i < in->failures->len; i++)
    {
      const Failure *f = g_ptr_array_index (in->failures, i);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, f->path);
      json_builder_set_member_name (b, "verdict");
      json_builder_add_string_value (b, f->verdict);
      json_builder_set_member_name (b, "reason");
      json_builder_add_string_value (b, f->reason);
      json_builder_set_member_name (b, "retried");
      json_builder_add_boolean_value (b, !f->unchanged);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "warnings");
  json_builder_begin_array (b);
  for (guint i = 0; i < in->warnings->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (in->warnings, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
  g_autoptr (JsonNode) node = json_builder_get_root (b);
  puebla_print_json (node);
}

int
puebla_cmd_ingest (int argc, char **argv)
{
  g_autofree gchar *db_option = NULL;
  gboolean json = FALSE, quiet = FALSE, in_process = FALSE, retry_failed = FALSE, no_ocr = FALSE;
  gint jobs = (gint) g_get_num_processors ();
  gint shards = 0;
  gint max_size_mb = PUEBLA_EXTRACT_DEFAULT_MAX_BYTES / (1024 * 1024);
  gint max_memory_mb = 1024;
  gdouble timeout = 30;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_option, "The index directory (created if needed)", "DIR" },
    { "shards", 0, 0, G_OPTION_ARG_INT, &shards,
      "Spread a new index over N databases, DIR/shard-000 … listed in DIR/XAPIANDB (docs/shards.md); "
      "an existing index keeps its count", "N" },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Extract N files at a time (default: one per core)", "N" },
    { "max-size", 0, 0, G_OPTION_ARG_INT, &max_size_mb, "Skip files larger than MB megabytes (default 256)", "MB" },
    { "timeout", 0, 0, G_OPTION_ARG_DOUBLE, &timeout,
      "Stop a file's extraction after SECONDS of wall time, or SECONDS after the last page it read by OCR: verdict timeout (default 30)", "SECONDS" },
    { "max-memory", 0, 0, G_OPTION_ARG_INT, &max_memory_mb,
      "Memory a file's extraction may use: over it, verdict too-large (default 1024)", "MB" },
    { "retry-failed", 0, 0, G_OPTION_ARG_NONE, &retry_failed,
      "Extract again the files that failed before, even when unchanged", NULL },
    { "in-process", 0, 0, G_OPTION_ARG_NONE, &in_process,
      "Extract in this process, without worker processes or limits (for debugging)", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the summary as one JSON object (docs/json.md)", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No warnings, no progress; failures and summary only", NULL },
    { "no-ocr", 0, 0, G_OPTION_ARG_NONE, &no_ocr, "Do not read scanned PDF pages by OCR (a scan is then no-text)", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("PATH… — add files and directories to the index");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (
    context,
    "Reads text (UTF-8, UTF-16, ISO-8859-1, Windows-1252), PDF, DOCX, ODT, HTML,\n"
    "RTF (with unrtf) and Word 97 .doc (with antiword) files, walking\n"
    "directories (hidden entries and links to directories are skipped). PDF pages\n"
    "without a text layer (scans) are read by OCR (tesseract, Spanish and English,\n"
    "at most 200 pages a file) and marked so; with --no-ocr a scan is no-text. A file\n"
    "indexed before is skipped when unchanged, only hashed when its time changed\n"
    "(touched, copied: the same bytes are not read again), and replaced when\n"
    "changed; a file gone from a walked directory is removed from the index.\n"
    "Every file that fails gets a line on stderr: PATH: VERDICT: REASON, and is\n"
    "remembered with its verdict (`puebla stats` lists them): it is tried again\n"
    "only when it changes, or with --retry-failed.\n"
    "\n"
    "Files are extracted in worker processes, one per job: a file that hangs,\n"
    "crashes or runs out of memory gets the verdict timeout, crashed or\n"
    "too-large, its worker is replaced, and the run goes on. The index is\n"
    "committed every 200 files: a crash or kill -9 loses at most those, and\n"
    "the next run finishes the job. Xapian writes out its postings every 1000\n"
    "documents (a file makes one, and one a passage); XAPIAN_FLUSH_THRESHOLD,\n"
    "when set, says otherwise.\n"
    "\n"
    "With --shards N a new index is N Xapian databases: each record goes to the\n"
    "shard its id names, and search, trace, serve, show, stats and export read\n"
    "them as one, with the same results; the shards can be served from other\n"
    "machines by xapian-tcpsrv (docs/shards.md).");
  g_option_context_set_description (context,
                                    "Exit status: 0 all files indexed; 1 some files failed (the others are\n"
                                    "indexed); 2 usage error (or another --shards than the index has); 3\n"
                                    "the index cannot be written, or the format readers cannot be loaded\n"
                                    "(puebla-formats.so; $PUEBLA_FORMATS_MODULE names another): then no\n"
                                    "file is read; 130 (143) interrupted by Ctrl-C (SIGTERM): the files done\n"
                                    "so far are saved.\n");
  if (!puebla_parse_options (context, &argc, &argv, "ingest"))
    return PUEBLA_EXIT_USAGE;
  if (argc < 2)
    {
      fprintf (stderr, "puebla ingest: no PATH given (try `puebla ingest --help`)\n");
      return PUEBLA_EXIT_USAGE;
    }
  if (shards < 0 || shards > PUEBLA_INDEX_MAX_SHARDS)
    {
      fprintf (stderr, "puebla ingest: --shards takes 1 to %d\n", PUEBLA_INDEX_MAX_SHARDS);
      return PUEBLA_EXIT_USAGE;
    }
  if (jobs < 1 || jobs > 256 || max_size_mb < 1 || max_memory_mb < 64 || !(timeout > 0 && timeout <= 86400))
    {
      fprintf (stderr, "puebla ingest: --jobs takes 1 to 256, --max-size a positive number, --max-memory 64 MB or\n"
                       "more, --timeout 0 to 86400 seconds (not 0)\n");
      return PUEBLA_EXIT_USAGE;
    }

  /* Xapian 1.4 moves its in-memory postings to disk every
     XAPIAN_FLUSH_THRESHOLD documents (default 10000), and that variable is its
     only knob. A file makes one document per passage (~50 in the bench
     corpus): at 10000 the per-term change maps grow large and every posting
     walks them. 1000 made the 1k bench ingest 13 % faster and halved its RSS
     (docs/benchmarks.md). A value the user set is kept. Set before any
     thread starts. */
  g_setenv ("XAPIAN_FLUSH_THRESHOLD", PUEBLA_INGEST_FLUSH_THRESHOLD, FALSE);

  g_autofree gchar *db_path = puebla_config_db_path (db_option);
  g_autoptr (GError) error = NULL;
  g_autoptr (PueblaIndexer) indexer = puebla_indexer_open_sharded (db_path, (guint) shards, &error);
  if (indexer == NULL)
    {
      if (g_error_matches (error, PUEBLA_INDEX_ERROR, PUEBLA_INDEX_ERROR_LOCKED))
        fprintf (stderr, "puebla ingest: %s is being written by another puebla ingest; try again when it ends\n",
                 db_path);
      else if (g_error_matches (error, PUEBLA_INDEX_ERROR, PUEBLA_INDEX_ERROR_SHARDS))
        {
          puebla_report_error ("ingest", error);
          return PUEBLA_EXIT_USAGE;
        }
      else
        puebla_report_error ("ingest", error);
      return PUEBLA_EXIT_ERROR;
    }

  Ingest in = {
    .json = json,
    .quiet = quiet,
    .progress = !quiet && !json && isatty (STDERR_FILENO),
    .limits = { .max_bytes = (gint64) max_size_mb * 1024 * 1024, .no_ocr = no_ocr },
    .indexer = indexer,
    .db_path = db_path,
    .files = g_ptr_array_new_with_free_func (g_free),
    .listed = g_array_new (FALSE, FALSE, sizeof (Listed)),
    .roots = g_ptr_array_new_with_free_func (g_free),
    .missing = g_ptr_array_new_with_free_func (g_free),
    .seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
    .failures = g_ptr_array_new_with_free_func (failure_free),
    .warnings = g_ptr_array_new_with_free_func (g_free),
    .started = g_get_monotonic_time (),
  };

  struct sigaction sa = { .sa_handler = on_interrupt };
  sigemptyset (&sa.sa_mask);
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGTERM, &sa, NULL);

  for (int i = 1; i < argc && !interrupted; i++)
    walk_argument (&in, argv[i]);

  /* the workers are this same program: /proc/self/exe survives the binary
     being replaced or run through a relative path */
  g_autofree gchar *max_size_arg = g_strdup_printf ("--max-size=%" G_GINT64_FORMAT, in.limits.max_bytes);
  g_autofree gchar *max_memory_arg = g_strdup_printf ("--max-memory=%" G_GINT64_FORMAT, (gint64) max_memory_mb * 1024 * 1024);
  g_autofree gchar *timeout_arg = g_strdup_printf ("--timeout=%g", timeout);
  g_autofree gchar *parent_arg = g_strdup_printf ("--parent=%ld", (long) getpid ());
  gchar *worker_argv[] = { (gchar *) "/proc/self/exe", (gchar *) "__extract-worker", max_size_arg, max_memory_arg,
                           timeout_arg, parent_arg, no_ocr ? (gchar *) "--no-ocr" : NULL, NULL };
  PueblaWorkerOptions isolation = {
    .argv = worker_argv,
    .timeout = timeout,
    .max_memory = (gint64) max_memory_mb * 1024 * 1024,
  };
  in.retry_failed = retry_failed;
  gboolean ok = run (&in, (guint) jobs, in_process ? NULL : &isolation, &error);
  int status = PUEBLA_EXIT_OK;
  if (!ok)
    status = puebla_report_error ("ingest", error);
  else
    {
      print_summary (&in, db_path);
      if (interrupted)
        status = 128 + interrupted;
      else if (in.failed > 0)
        status = PUEBLA_EXIT_FAILED_FILES;
    }

  g_ptr_array_unref (in.files);
  g_array_unref (in.listed);
  g_ptr_array_unref (in.roots);
  g_ptr_array_unref (in.missing);
  g_hash_table_unref (in.seen);
  g_ptr_array_unref (in.failures);
  g_ptr_array_unref (in.warnings);
  return status;
}

/* The child's encode function: the record's documents for the index,
   made from the one JSON of the record that is ever written. */
static GBytes *
encode_for_index (const PueblaRecord *record, gpointer user_data)
{
  PueblaIndexEncoder *encoder = user_data;
  g_autofree gchar *json = puebla_record_to_json_string_without_passages (record);
  g_autoptr (PueblaIndexDocuments) docs = puebla_index_encoder_build (encoder, record, json);
  return puebla_index_documents_encode (docs);
}

int
puebla_cmd_extract_worker (int argc, char **argv)
{
  gint64 max_size = PUEBLA_EXTRACT_DEFAULT_MAX_BYTES, max_memory = 0, parent = 0;
  gboolean no_ocr = FALSE;
  gdouble timeout = 0;
  const GOptionEntry entries[] = {
    { "max-size", 0, 0, G_OPTION_ARG_INT64, &max_size, "Bytes", "N" },
    { "max-memory", 0, 0, G_OPTION_ARG_INT64, &max_memory, "Bytes", "N" },
    { "timeout", 0, 0, G_OPTION_ARG_DOUBLE, &timeout, "Seconds", "S" },
    { "parent", 0, 0, G_OPTION_ARG_INT64, &parent, "Pid", "PID" },
    { "no-ocr", 0, 0, G_OPTION_ARG_NONE, &no_ocr, "No OCR", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("— the child side of ingest (not for people)");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!puebla_parse_options (context, &argc, &argv, "__extract-worker"))
    return PUEBLA_EXIT_USAGE;
  g_autoptr (GError) error = NULL;
  if (puebla_gazetteer_get_default (&error) == NULL || !puebla_extract_load (&error))
    return puebla_report_error ("__extract-worker", error);
  g_autoptr (PueblaIndexEncoder) encoder = puebla_index_encoder_new (&error);
  if (encoder == NULL)
    return puebla_report_error ("__extract-worker", error);
  PueblaExtractLimits limits = { .max_bytes = max_size, .no_ocr = no_ocr };
  return puebla_worker_main (&limits, max_memory, timeout, parent, puebla_extract_file, encode_for_index, encoder);
}
