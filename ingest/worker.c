/* worker.c: extraction in worker processes (see worker.h). */
#include "worker.h"
#include "jsonout.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib-unix.h>
#include <glib/gstdio.h>

#define CHILD_IN_FD 3   /* the child reads paths here */
#define CHILD_OUT_FD 4  /* and writes records here */
#define MAX_ANSWER ((guint32) 1024 * 1024 * 1024) /* bytes of one record's JSON */
#define STDERR_TAIL 2048 /* bytes of the child's stderr kept for a reason */

#if defined(__SANITIZE_ADDRESS__)
#define ASAN_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ASAN_BUILD 1
#endif
#endif

struct _PueblaWorker
{
  gchar **argv;
  gdouble timeout;
  gint64 max_memory;
  guint max_files;

  GPid pid;          /* 0: no child */
  int to_child;      /* its fd 3 */
  int from_child;    /* its fd 4 */
  int child_stderr;
  GString *stderr_tail;
  guint starts;
  guint served;      /* files the current child has extracted */
};

/* ---- Byte helpers ------------------------------------------------------------- */

static gboolean
write_all (int fd, const void *data, gsize len)
{
  const guint8 *p = data;
  while (len > 0)
    {
      ssize_t n = write (fd, p, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* Reads exactly LEN bytes; FALSE at end of input or on error. */
static gboolean
read_all (int fd, void *data, gsize len)
{
  guint8 *p = data;
  while (len > 0)
    {
      ssize_t n = read (fd, p, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      len -= (gsize) n;
    }
  return TRUE;
}

static gboolean
write_message (int fd, const gchar *data, gsize len)
{
  guint32 be = GUINT32_TO_BE ((guint32) len);
  return write_all (fd, &be, sizeof be) && write_all (fd, data, len);
}

/* ---- The child ------------------------------------------------------------------ */

static void limit_cpu_for_next_file (gdouble timeout);

/* A step of a long extraction: an empty frame (no answer is empty) tells
   the parent, and the CPU backstop moves on as the parent's clock does.
   DATA points at the timeout. */
static void
send_heartbeat (gpointer data)
{
  guint32 zero = 0;
  write_all (CHILD_OUT_FD, &zero, sizeof zero);
  limit_cpu_for_next_file (*(const gdouble *) data);
}

static void
limit_cpu_for_next_file (gdouble timeout)
{
  if (timeout <= 0)
    return;
  struct rusage ru;
  struct rlimit lim;
  if (getrusage (RUSAGE_SELF, &ru) != 0 || getrlimit (RLIMIT_CPU, &lim) != 0)
    return;
  /* the parent kills a child over its wall time; this only catches a child
     left spinning when the parent itself is gone */
  rlim_t used = (rlim_t) (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec);
  rlim_t want = used + (rlim_t) (2 * timeout) + 10;
  if (lim.rlim_max != RLIM_INFINITY && want > lim.rlim_max)
    want = lim.rlim_max;
  lim.rlim_cur = want;
  setrlimit (RLIMIT_CPU, &lim);
}

int
puebla_worker_main (const PueblaExtractLimits *limits, gint64 max_memory, gdouble timeout, gint64 parent,
                    PueblaWorkerExtractFunc extract, PueblaWorkerEncodeFunc encode, gpointer encode_data)
{
  g_return_val_if_fail (extract != NULL, 2);

  /* die with the thread that started this child (a kill -9 of ingest) */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (parent > 0 && getppid () != (pid_t) parent)
    return 0;

#ifndef ASAN_BUILD
  if (max_memory > 0)
    {
      struct rlimit lim = { (rlim_t) max_memory, (rlim_t) max_memory };
      if (setrlimit (RLIMIT_AS, &lim) != 0)
        g_printerr ("puebla worker: cannot limit memory to %" G_GINT64_FORMAT " bytes: %s\n", max_memory,
                    g_strerror (errno));
    }
#else
  (void) max_memory;
#endif

  /* a parent gone mid-answer must not kill this process with SIGPIPE before
     it notices */
  signal (SIGPIPE, SIG_IGN);

  for (;;)
    {
      guint32 be = 0;
      if (!read_all (CHILD_IN_FD, &be, sizeof be))
        return 0; /* the parent closed: done */
      guint32 len = GUINT32_FROM_BE (be);
      if (len == 0 || len > 64 * 1024)
        return 2;
      g_autofree gchar *path = g_malloc (len + 1);
      if (!read_all (CHILD_IN_FD, path, len))
        return 2;
      path[len] = '\0';

      limit_cpu_for_next_file (timeout);
      PueblaExtractLimits mine = limits ? *limits : (PueblaExtractLimits){ .max_bytes = PUEBLA_EXTRACT_DEFAULT_MAX_BYTES };
      mine.progress = send_heartbeat;
      mine.progress_data = &timeout;
      g_autoptr (PueblaRecord) record = extract (path, &mine);

      /* the answer: the header's length, the header {"signature", "record"}
         (the record without its pages when ENCODE sends what is made of
         them), then ENCODE's bytes */
      g_autoptr (GBytes) payload = encode ? encode (record, encode_data) : NULL;
      g_autofree gchar *record_json = puebla_record_to_json_string (record, payload == NULL);
      GString *header_text = g_string_new ("{\"signature\":");
      if (record->signature)
        puebla_json_append_string (header_text, record->signature);
      else
        g_string_append (header_text, "null");
      g_string_append (header_text, ",\"record\":");
      g_string_append (header_text, record_json);
      g_string_append_c (header_text, '}');
      gsize header_len = header_text->len;
      g_autofree gchar *header = g_string_free (header_text, FALSE);
      gsize payload_len = payload ? g_bytes_get_size (payload) : 0;
      if (header_len + payload_len + 4 > MAX_ANSWER)
        {
          g_printerr ("puebla worker: the answer for %s is over 1 GiB\n", path);
          return 3;
        }
      GString *answer = g_string_sized_new (4 + header_len + payload_len);
      guint32 header_be = GUINT32_TO_BE ((guint32) header_len);
      g_string_append_len (answer, (const gchar *) &header_be, sizeof header_be);
      g_string_append_len (answer, header, (gssize) header_len);
      if (payload_len)
        g_string_append_len (answer, g_bytes_get_data (payload, NULL), (gssize) payload_len);
      g_clear_pointer (&header, g_free);
      g_clear_pointer (&payload, g_bytes_unref);
      gsize n = answer->len;
      g_autofree gchar *json = g_string_free (answer, FALSE);
      if (!write_message (CHILD_OUT_FD, json, n))
        return 0;
    }
}

/* ---- The parent ------------------------------------------------------------------- */

PueblaWorker *
puebla_worker_new (const PueblaWorkerOptions *options)
{
  g_return_val_if_fail (options != NULL && options->argv != NULL && options->argv[0] != NULL, NULL);
  PueblaWorker *worker = g_new0 (PueblaWorker, 1);
  worker->argv = g_strdupv (options->argv);
  worker->timeout = options->timeout;
  worker->max_memory = options->max_memory;
  worker->max_files = options->max_files ? options->max_files : PUEBLA_WORKER_DEFAULT_MAX_FILES;
  worker->to_child = worker->from_child = worker->child_stderr = -1;
  worker->stderr_tail = g_string_new (NULL);
  return worker;
}

static void
close_fd (int *fd)
{
  if (*fd >= 0)
    close (*fd);
  *fd = -1;
}

/* Ends the child: kills its process group when KILL, else lets it see its
   input close (it is idle between files, and exits); reaps it. The wait
   status in *STATUS when asked. The group is killed only while its leader
   is unreaped, so that its id cannot have been reused. */
static void
stop_child (PueblaWorker *worker, gboolean kill_it, int *status /* OUT, nullable */)
{
  if (worker->pid == 0)
    return;
  close_fd (&worker->to_child);
  if (kill_it)
    {
      kill (-worker->pid, SIGKILL);
      kill (worker->pid, SIGKILL);
    }
  int st = 0;
  while (waitpid (worker->pid, &st, 0) < 0 && errno == EINTR)
    ;
  if (status)
    *status = st;
  close_fd (&worker->from_child);
  close_fd (&worker->child_stderr);
  worker->pid = 0;
}

void
puebla_worker_free (PueblaWorker *worker)
{
  if (worker == NULL)
    return;
  stop_child (worker, FALSE, NULL);
  g_strfreev (worker->argv);
  g_string_free (worker->stderr_tail, TRUE);
  g_free (worker);
}

guint
puebla_worker_get_starts (PueblaWorker *worker)
{
  g_return_val_if_fail (worker != NULL, 0);
  return worker->starts;
}

static void
child_setup (gpointer user_data)
{
  (void) user_data;
  setpgid (0, 0); /* its own group: killed with whatever it starts */
}

static gboolean
start_child (PueblaWorker *worker, GError **error)
{
  int request[2] = { -1, -1 }, answer[2] = { -1, -1 };
  if (!g_unix_open_pipe (request, FD_CLOEXEC, error))
    return FALSE;
  if (!g_unix_open_pipe (answer, FD_CLOEXEC, error))
    {
      close (request[0]);
      close (request[1]);
      return FALSE;
    }
  const gint source[] = { request[0], answer[1] };
  const gint target[] = { CHILD_IN_FD, CHILD_OUT_FD };
  GPid pid = 0;
  gint err_fd = -1;
  gboolean ok = g_spawn_async_with_pipes_and_fds (
    NULL, (const gchar *const *) worker->argv, NULL,
    G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDIN_FROM_DEV_NULL | G_SPAWN_STDOUT_TO_DEV_NULL, child_setup, NULL, -1, -1,
    -1, source, target, G_N_ELEMENTS (source), &pid, NULL, NULL, &err_fd, error);
  close (request[0]);
  close (answer[1]);
  if (!ok)
    {
      close (request[1]);
      close (answer[0]);
      return FALSE;
    }
  worker->pid = pid;
  worker->to_child = request[1];
  worker->from_child = answer[0];
  worker->child_stderr = err_fd;
  g_unix_set_fd_nonblocking (err_fd, TRUE, NULL);
  g_string_truncate (worker->stderr_tail, 0);
  worker->starts++;
  worker->served = 0;
  return TRUE;
}

/* Keeps the last STDERR_TAIL bytes the child wrote. */
static void
drain_stderr (PueblaWorker *worker)
{
  gchar buf[4096];
  for (;;)
    {
      ssize_t n = read (worker->child_stderr, buf, sizeof buf);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return;
      g_string_append_len (worker->stderr_tail, buf, n);
      if (worker->stderr_tail->len > 2 * STDERR_TAIL)
        g_string_erase (worker->stderr_tail, 0, (gssize) (worker->stderr_tail->len - STDERR_TAIL));
    }
}

/* The record of PATH for a file whose extraction gave none: what stat()
   says (so that it is retried only when it changes), and the verdict. */
static PueblaRecord *
failed_record (const gchar *path, PueblaVerdict verdict, const gchar *reason)
{
  PueblaRecord *record = puebla_record_new (path);
  GStatBuf st;
  if (g_stat (path, &st) == 0)
    {
      record->size = st.st_size;
      record->mtime = st.st_mtime;
      record->signature = puebla_file_signature (st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
                                                 st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
    }
  puebla_record_set_failed (record, verdict, "%s", reason);
  return record;
}

/* The last non-empty line of the child's stderr, cleaned for a reason. */
static gchar *
last_words (PueblaWorker *worker)
{
  g_autofree gchar *text = g_utf8_make_valid (worker->stderr_tail->str, (gssize) worker->stderr_tail->len);
  g_strchomp (text);
  const gchar *line = strrchr (text, '\n');
  line = line ? line + 1 : text;
  if (*line == '\0')
    return NULL;
  if (g_utf8_strlen (line, -1) > 200)
    return g_strdup_printf ("%.200s…", line);
  return g_strdup (line);
}

static gboolean
ran_out_of_memory (const gchar *tail)
{
  static const gchar *const signs[] = { "bad_alloc", "failed to allocate", "Cannot allocate memory",
                                        "out of memory", "Out of memory" };
  for (guint i = 0; i < G_N_ELEMENTS (signs); i++)
    if (strstr (tail, signs[i]))
      return TRUE;
  return FALSE;
}

/* The record for a child that died (wait STATUS) while extracting PATH. */
static PueblaRecord *
record_for_death (PueblaWorker *worker, const gchar *path, int status)
{
  drain_stderr (worker);
  g_autofree gchar *words = last_words (worker);
  if (ran_out_of_memory (worker->stderr_tail->str))
    {
      g_autofree gchar *reason = g_strdup_printf (
        "its extraction ran out of memory (limit %" G_GINT64_FORMAT " MiB; --max-memory)%s%s",
        worker->max_memory / (1024 * 1024), words ? ": " : "", words ? words : "");
      return failed_record (path, PUEBLA_VERDICT_TOO_LARGE, reason);
    }
  g_autofree gchar *how = NULL;
  if (WIFSIGNALED (status) && WTERMSIG (status) == SIGXCPU)
    return failed_record (path, PUEBLA_VERDICT_TIMEOUT, "its extraction ran out of CPU time (killed)");
  if (WIFSIGNALED (status))
    how = g_strdup_printf ("killed by signal %d (%s)", WTERMSIG (status), g_strsignal (WTERMSIG (status)));
  else if (WIFEXITED (status))
    how = g_strdup_printf ("exited with status %d", WEXITSTATUS (status));
  else
    how = g_strdup ("stopped");
  g_autofree gchar *reason = g_strdup_printf ("the extractor crashed: %s%s%s", how, words ? "; it said: " : "",
                                              words ? words : "");
  return failed_record (path, PUEBLA_VERDICT_CRASHED, reason);
}

/* Waits until FD is readable (or hung up) or DEADLINE (monotonic µs; 0:
   none) passes, reading the child's stderr meanwhile. FALSE on timeout. */
static gboolean
wait_readable (PueblaWorker *worker, int fd, gint64 deadline)
{
  for (;;)
    {
      int ms = -1;
      if (deadline > 0)
        {
          gint64 left = deadline - g_get_monotonic_time ();
          if (left <= 0)
            return FALSE;
          ms = (int) MIN ((left + 999) / 1000, G_MAXINT);
        }
      struct pollfd fds[2] = { { fd, POLLIN, 0 }, { worker->child_stderr, POLLIN, 0 } };
      int n = poll (fds, worker->child_stderr >= 0 ? 2 : 1, ms);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return TRUE; /* let the read say what is wrong */
      if (n > 0 && fds[1].revents)
        {
          drain_stderr (worker);
          if (fds[1].revents & (POLLHUP | POLLERR | POLLNVAL))
            close_fd (&worker->child_stderr);
        }
      if (n > 0 && fds[0].revents)
        return TRUE;
    }
}

/* Reads LEN bytes from the child by DEADLINE: 1 read, 0 end of input
   (the child died), -1 timed out. */
static int
read_from_child (PueblaWorker *worker, void *data, gsize len, gint64 deadline)
{
  guint8 *p = data;
  while (len > 0)
    {
      if (!wait_readable (worker, worker->from_child, deadline))
        return -1;
      ssize_t n = read (worker->from_child, p, len);
      if (n < 0 && (errno == EINTR || errno == EAGAIN))
        continue;
      if (n <= 0)
        return 0;
      p += n;
      len -= (gsize) n;
    }
  return 1;
}

PueblaRecord *
puebla_worker_extract (PueblaWorker *worker, const gchar *path, GBytes **payload)
{
  g_return_val_if_fail (worker != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  if (payload)
    *payload = NULL;

  g_autofree gchar *absolute = g_canonicalize_filename (path, NULL);
  gsize path_len = strlen (absolute);
  if (path_len > 64 * 1024)
    return failed_record (absolute, PUEBLA_VERDICT_UNREADABLE, "its name is longer than 64 KiB");

  if (worker->pid != 0 && worker->served >= worker->max_files)
    stop_child (worker, FALSE, NULL); /* retired: it ends at its input's end */

  for (guint attempt = 0;; attempt++)
    {
      if (worker->pid == 0)
        {
          g_autoptr (GError) error = NULL;
          if (!start_child (worker, &error))
            {
              g_autofree gchar *reason = g_strdup_printf ("cannot start an extraction worker: %s", error->message);
              return failed_record (absolute, PUEBLA_VERDICT_UNREADABLE, reason);
            }
        }
      g_string_truncate (worker->stderr_tail, 0);
      guint32 be = GUINT32_TO_BE ((guint32) path_len);
      /* a child that died idle (killed from outside) fails the write: start
         a new one and send again, once. SIGPIPE stays blocked in this
         thread (only), so that the write fails instead of killing ingest */
      sigset_t pipe_signal;
      sigemptyset (&pipe_signal);
      sigaddset (&pipe_signal, SIGPIPE);
      pthread_sigmask (SIG_BLOCK, &pipe_signal, NULL);
      gboolean sent = write_all (worker->to_child, &be, sizeof be) && write_all (worker->to_child, absolute, path_len);
      if (!sent)
        {
          stop_child (worker, TRUE, NULL);
          if (attempt == 0)
            continue;
          return failed_record (absolute, PUEBLA_VERDICT_CRASHED, "the extraction worker died before it was sent the file");
        }
      break;
    }

  worker->served++;
  gint64 deadline = worker->timeout > 0 ? g_get_monotonic_time () + (gint64) (worker->timeout * G_USEC_PER_SEC) : 0;
  guint32 be = 0, len = 0;
  int got;
  for (;;)
    {
      got = read_from_child (worker, &be, sizeof be, deadline);
      len = GUINT32_FROM_BE (be);
      if (got != 1 || len != 0)
        break;
      /* a heartbeat: a step of a long extraction (a page read by OCR)
         gives the file another --timeout */
      if (worker->timeout > 0)
        deadline = g_get_monotonic_time () + (gint64) (worker->timeout * G_USEC_PER_SEC);
    }
  g_autofree gchar *json = NULL;
  if (got == 1)
    {
      if (len > MAX_ANSWER)
        {
          stop_child (worker, TRUE, NULL);
          return failed_record (absolute, PUEBLA_VERDICT_TOO_LARGE, "its extracted text is over 1 GiB");
        }
      json = g_malloc (len + 1);
      got = read_from_child (worker, json, len, deadline);
      json[len] = '\0';
    }
  if (got < 0)
    {
      stop_child (worker, TRUE, NULL);
      g_autofree gchar *reason
        = g_strdup_printf ("its extraction took longer than %g s and was stopped (--timeout)", worker->timeout);
      return failed_record (absolute, PUEBLA_VERDICT_TIMEOUT, reason);
    }
  if (got == 0)
    {
      int status = 0;
      stop_child (worker, TRUE, &status);
      return record_for_death (worker, absolute, status);
    }

  g_autoptr (GError) error = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *answer = NULL;
  guint32 header_len = 0;
  if (len >= sizeof header_len)
    {
      memcpy (&header_len, json, sizeof header_len);
      header_len = GUINT32_FROM_BE (header_len);
    }
  if (len < sizeof header_len || header_len > len - sizeof header_len)
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "an answer of %u bytes is cut short", len);
  else if (json_parser_load_from_data (parser, json + sizeof header_len, header_len, &error)
           && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    answer = json_node_get_object (json_parser_get_root (parser));
  gsize rest = answer ? len - sizeof header_len - header_len : 0;
  if (rest > 0 && payload)
    *payload = g_bytes_new (json + sizeof header_len + header_len, rest);
  g_clear_pointer (&json, g_free);
  PueblaRecord *record = answer && json_object_has_member (answer, "record")
                           ? puebla_record_from_json (json_object_get_member (answer, "record"), &error)
                           : NULL;
  if (record == NULL)
    {
      stop_child (worker, TRUE, NULL);
      if (payload)
        g_clear_pointer (payload, g_bytes_unref);
      g_autofree gchar *reason = g_strdup_printf ("the extraction worker gave a broken answer: %s",
                                                  error ? error->message : "no record");
      return failed_record (absolute, PUEBLA_VERDICT_CRASHED, reason);
    }
  const gchar *signature = json_object_get_string_member_with_default (answer, "signature", NULL);
  record->signature = g_strdup (signature);
  return record;
}
