/* filter.c: external converters under a time and output budget (see filter.h). */
#include "filter.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

G_DEFINE_QUARK (puebla-filter-error-quark, puebla_filter_error)

#define MAX_STDERR 4096
#define CHILD_ADDRESS_SPACE ((rlim_t) 2 * 1024 * 1024 * 1024)

void
puebla_filter_output_free (PueblaFilterOutput *output)
{
  if (output == NULL)
    return;
  g_free (output->out);
  g_free (output->err);
  g_free (output);
}

/* Removes DIR and what is in it (the program may have left files). */
static void
remove_tree (const gchar *dir, guint depth)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const gchar *name;
  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree gchar *path = g_build_filename (dir, name, NULL);
      if (depth < 8 && g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        remove_tree (path, depth + 1);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

/* In the child, before exec: async-signal-safe calls only. */
static void
child_setup (gpointer data)
{
  guint seconds = GPOINTER_TO_UINT (data);
  struct rlimit as = { CHILD_ADDRESS_SPACE, CHILD_ADDRESS_SPACE };
  struct rlimit cpu = { seconds, seconds + 1 };
  setrlimit (RLIMIT_AS, &as);
  setrlimit (RLIMIT_CPU, &cpu);
}

/* The first line of TEXT, for messages. */
static gchar *
first_line (const gchar *text)
{
  g_autofree gchar *t = g_strstrip (g_strdup (text ? text : ""));
  gchar *nl = strchr (t, '\n');
  if (nl)
    *nl = '\0';
  return g_strndup (t, 300);
}

/* Reads what is there on FD into BUF (up to MAX bytes kept; more sets
   *OVER). FALSE at the end of the stream. */
static gboolean
drain (int fd, GByteArray *buf, gsize max, gboolean *over)
{
  guint8 chunk[65536];
  for (;;)
    {
      ssize_t n = read (fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return errno == EAGAIN || errno == EWOULDBLOCK;
      if (n == 0)
        return FALSE;
      gsize room = buf->len < max ? max - buf->len : 0;
      if ((gsize) n > room)
        *over = TRUE;
      g_byte_array_append (buf, chunk, (guint) MIN ((gsize) n, room));
      if (*over)
        return TRUE;
    }
}

PueblaFilterOutput *
puebla_filter_run (const gchar *const *argv, const gchar *data, gsize len, const gchar *suffix,
                   const PueblaFilterLimits *limits, GError **error)
{
  g_return_val_if_fail (argv != NULL && argv[0] != NULL, NULL);
  guint timeout_ms = limits && limits->timeout_ms ? limits->timeout_ms : PUEBLA_FILTER_DEFAULT_TIMEOUT_MS;
  gsize max_output = limits && limits->max_output ? limits->max_output : PUEBLA_FILTER_DEFAULT_MAX_OUTPUT;
  const gchar *program = argv[0];

  g_autofree gchar *program_path = g_find_program_in_path (program);
  if (program_path == NULL)
    {
      g_set_error (error, PUEBLA_FILTER_ERROR, PUEBLA_FILTER_ERROR_NOT_FOUND, "%s is not installed", program);
      return NULL;
    }

  g_autoptr (GError) local = NULL;
  g_autofree gchar *dir = g_dir_make_tmp ("puebla-filter-XXXXXX", &local);
  if (dir == NULL)
    {
      g_set_error (error, PUEBLA_FILTER_ERROR, PUEBLA_FILTER_ERROR_IO, "cannot make a directory for %s: %s", program,
                   local->message);
      return NULL;
    }
  g_autofree gchar *name = g_strconcat ("input", suffix ? suffix : "", NULL);
  g_autofree gchar *input = g_build_filename (dir, name, NULL);
  if (!g_file_set_contents (input, data, (gssize) len, &local))
    {
      g_set_error (error, PUEBLA_FILTER_ERROR, PUEBLA_FILTER_ERROR_IO, "cannot write the input of %s: %s", program,
                   local->message);
      remove_tree (dir, 0);
      return NULL;
    }

  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_ptr_array_add (args, program_path);
  for (guint i = 1; argv[i]; i++)
    g_ptr_array_add (args, g_str_equal (argv[i], "{}") ? input : (gchar *) argv[i]);
  g_ptr_array_add (args, NULL);

  GPid pid = 0;
  gint out_fd = -1, err_fd = -1;
  guint cpu_seconds = timeout_ms / 1000 + 1;
  if (!g_spawn_async_with_pipes (dir, (gchar **) args->pdata, NULL,
                                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDIN_FROM_DEV_NULL, child_setup,
                                 GUINT_TO_POINTER (cpu_seconds), &pid, NULL, &out_fd, &err_fd, &local))
    {
      g_set_error (error, PUEBLA_FILTER_ERROR, PUEBLA_FILTER_ERROR_IO, "cannot run %s: %s", program, local->message);
      remove_tree (dir, 0);
      return NULL;
    }
  fcntl (out_fd, F_SETFL, fcntl (out_fd, F_GETFL) | O_NONBLOCK);
  fcntl (err_fd, F_SETFL, fcntl (err_fd, F_GETFL) | O_NONBLOCK);

  g_autoptr (GByteArray) out = g_byte_array_new ();
  g_autoptr (GByteArray) err = g_byte_array_new ();
  gboolean out_open = TRUE, err_open = TRUE, too_much = FALSE, err_over = FALSE, timed_out = FALSE;
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  int status = 0;
  gboolean reaped = FALSE;
  while (!too_much)
    {
      gint64 left_ms = (deadline - g_get_monotonic_time ()) / 1000;
      if (left_ms <= 0)
        {
          timed_out = TRUE;
          break;
        }
      if (!out_open && !err_open)
        {
          /* both streams closed: wait for the exit, still within the time */
          pid_t r = waitpid (pid, &status, WNOHANG);
          if (r == pid || (r < 0 && errno != EINTR))
            {
              reaped = r == pid;
              break;
            }
          g_usleep (5000);
          continue;
        }
      struct pollfd fds[2];
      nfds_t n = 0;
      if (out_open)
        fds[n++] = (struct pollfd) { .fd = out_fd, .events = POLLIN };
      if (err_open)
        fds[n++] = (struct pollfd) { .fd = err_fd, .events = POLLIN };
      int r = poll (fds, n, (int) MIN (left_ms, 1000));
      if (r < 0 && errno != EINTR)
        break;
      if (r <= 0)
        continue;
      for (nfds_t i = 0; i < n; i++)
        {
          if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
            continue;
          if (fds[i].fd == out_fd)
            out_open = drain (out_fd, out, max_output, &too_much);
          else if (!err_over)
            err_open = drain (err_fd, err, MAX_STDERR, &err_over);
          else
            {
              /* enough of stderr kept: read the rest, keep none */
              g_autoptr (GByteArray) sink = g_byte_array_new ();
              gboolean ignored = FALSE;
              err_open = drain (err_fd, sink, 0, &ignored);
            }
        }
    }
  close (out_fd);
  close (err_fd);
  if (!reaped)
    {
      if (timed_out || too_much)
        kill (pid, SIGKILL);
      while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
        ;
    }
  g_spawn_close_pid (pid);
  remove_tree (dir, 0);

  /* what it said, with the temporary path of its input put as "the file" */
  g_byte_array_append (err, (const guint8 *) "", 1);
  g_auto (GStrv) parts = g_strsplit ((const gchar *) err->data, input, -1);
  g_autofree gchar *err_text = g_strjoinv ("the file", parts);
  g_autofree gchar *said = first_line (err_text);
  if (timed_out)
    {
      g_set_error (error, PUEBLA_FILTER_ERROR, PUEBLA_FILTER_ERROR_TIMEOUT, "%s ran over %u s and was stopped",
                   program, timeout_ms / 1000);
      return NULL;
    }
  if (too_much)
    {
      g_set_error (error, PUEBLA_FILTER_ERROR, PUEBLA_FILTER_ERROR_TOO_LARGE,
                   "%s wrote over %" G_GSIZE_FORMAT " bytes and was stopped", program, max_output);
      return NULL;
    }
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      if (WIFSIGNALED (status))
        g_set_error (error, PUEBLA_FILTER_ERROR, PUEBLA_FILTER_ERROR_FAILED, "%s died of signal %d%s%s", program,
                     WTERMSIG (status), *said ? ": " : "", said);
      else
        g_set_error (error, PUEBLA_FILTER_ERROR, PUEBLA_FILTER_ERROR_FAILED, "%s failed (status %d)%s%s", program,
                     WEXITSTATUS (status), *said ? ": " : "", said);
      return NULL;
    }

  PueblaFilterOutput *result = g_new0 (PueblaFilterOutput, 1);
  result->out_len = out->len;
  g_byte_array_append (out, (const guint8 *) "", 1);
  result->out = (gchar *) g_byte_array_free (g_steal_pointer (&out), FALSE);
  result->err = g_steal_pointer (&err_text);
  return result;
}
