/* worker.h: extraction in worker processes, each file under a wall-time
 * limit and a memory limit.
 *
 * poppler can hang for good, spin for minutes or abort on a hostile PDF; a
 * library that aborts takes its process with it. So extraction runs in
 * child processes. A PueblaWorker is the parent's handle on one child,
 * which runs puebla_worker_main(): it reads a path, extracts the file with
 * puebla_extract_file(), writes the record back, and waits for the next.
 * The parent sends one path and waits for the answer up to the time limit.
 * When the child hangs, crashes, aborts or runs out of its memory, the
 * parent kills its process group, makes the file's record with a verdict
 * (timeout, crashed, too-large) and a reason, and starts a fresh child for
 * the next file: one bad file costs one file.
 *
 * Owns: the child process (its own process group) and three pipes. A
 * PueblaWorker is used by one thread at a time; ingest keeps one per
 * extraction thread, so that both cores work. The child is started on the
 * first file, and dies with the thread that started it (PR_SET_PDEATHSIG),
 * so a parent killed with kill -9 leaves no worker behind.
 *
 * The pipe protocol (private to this module): the parent writes a 4-byte
 * big-endian length and the path's bytes to the child's fd 3; the child
 * answers on its fd 4 with a length and the answer: the 4-byte big-endian
 * length of a JSON header {"signature": …, "record": record JSON}, the
 * header, and the bytes the child's encode function made of the record
 * (then the record in the header has no pages; without an encode function
 * it has them, and no bytes follow); before it, any number of empty
 * frames (a length of 0): heartbeats, one per step of a long extraction
 * (a page read by OCR), each of which gives the file another time limit.
 * The child's stderr is read by the parent, and its last lines go into
 * the reason of a crash.
 */
#pragma once

#include "extract.h"

G_BEGIN_DECLS

typedef struct _PueblaWorker PueblaWorker;

typedef struct
{
  gchar **argv;         /* the command that runs puebla_worker_main() in a child */
  gdouble timeout;      /* seconds of wall time a file may take; 0: no limit */
  gint64 max_memory;    /* bytes the child may map (said in reasons; the child applies it) */
  guint max_files;      /* files a child extracts before a fresh one takes over (what
                         * leaks or fragments in a library cannot pile up towards
                         * the memory limit); 0: PUEBLA_WORKER_DEFAULT_MAX_FILES */
} PueblaWorkerOptions;

#define PUEBLA_WORKER_DEFAULT_MAX_FILES 500

/* A worker that will run OPTIONS->argv (copied) when it gets its first
 * file. Free with puebla_worker_free(), which ends the child. */
PueblaWorker *puebla_worker_new (const PueblaWorkerOptions *options);
void puebla_worker_free (PueblaWorker *worker);

/* Extracts PATH in the child and returns its record (never NULL): the
 * child's own, or one that says why it has none: verdict timeout (killed
 * after the time limit), crashed (the child died: the signal, and its last
 * words on stderr), too-large (it ran out of memory), or unreadable (the
 * child could not be started: its reason says why). When the child encodes
 * (puebla_worker_main's ENCODE), the record has no pages, entities or
 * passages, and *PAYLOAD (if PAYLOAD is not NULL) gets the bytes it made of
 * them; otherwise *PAYLOAD is NULL. */
PueblaRecord *puebla_worker_extract (PueblaWorker *worker, const gchar *path, GBytes **payload);

/* How many children this worker has started (1 + restarts). */
guint puebla_worker_get_starts (PueblaWorker *worker);

/* What a child runs for each path; puebla_extract_file() in puebla. */
typedef PueblaRecord *(*PueblaWorkerExtractFunc) (const gchar *path, const PueblaExtractLimits *limits);

/* What a child may make of each record besides sending it: in puebla, the
 * index's documents (index/indexer.h), so that the parent only writes
 * them. Runs in the child, under its limits. */
typedef GBytes *(*PueblaWorkerEncodeFunc) (const PueblaRecord *record, gpointer user_data);

/* The child's side. Limits its address space to MAX_MEMORY bytes
 * (RLIMIT_AS; 0: no limit; not applied in AddressSanitizer builds, whose
 * shadow memory needs terabytes of address space) and its CPU time per file to
 * TIMEOUT seconds and a margin (a backstop should the parent be gone),
 * asks to die with the thread that started it, then serves paths until
 * its input closes. PARENT is the pid that started it (0: do not check).
 * ENCODE (may be NULL) makes the bytes sent with each record.
 * Returns the process exit status. */
int puebla_worker_main (const PueblaExtractLimits *limits, gint64 max_memory, gdouble timeout, gint64 parent,
                        PueblaWorkerExtractFunc extract, PueblaWorkerEncodeFunc encode, gpointer encode_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PueblaWorker, puebla_worker_free)

G_END_DECLS
