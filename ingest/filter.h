/* filter.h: run an external converter (unrtf, antiword) on some bytes,
 * within a time and output budget.
 *
 * What it does: writes the bytes to a file in a new private temporary
 * directory, runs the program there (looked up in PATH, never through a
 * shell: the arguments are passed as they are) with stdin from /dev/null,
 * reads what it writes to stdout and stderr through poll(), and kills it
 * (SIGKILL) when it runs over its wall time or writes more than its output
 * budget. In the child, the address space and CPU time are limited too
 * (setrlimit). The directory and everything in it are removed afterwards,
 * whatever the program left there.
 *
 * What it owns: the child process and the temporary directory, both gone
 * when puebla_filter_run() returns. What it does not do: interpret the
 * output. Depends on GLib only; thread-safe (each call has its own child).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PUEBLA_FILTER_ERROR (puebla_filter_error_quark ())
GQuark puebla_filter_error_quark (void);

typedef enum
{
  PUEBLA_FILTER_ERROR_NOT_FOUND,  /* the program is not installed */
  PUEBLA_FILTER_ERROR_TIMEOUT,    /* killed: over its wall time */
  PUEBLA_FILTER_ERROR_TOO_LARGE,  /* killed: wrote more than the output budget */
  PUEBLA_FILTER_ERROR_FAILED,     /* ended with a non-zero status or a signal; the message has its stderr */
  PUEBLA_FILTER_ERROR_IO,         /* the temporary file, the pipes */
} PueblaFilterError;

typedef struct
{
  guint timeout_ms;   /* wall time; 0: PUEBLA_FILTER_DEFAULT_TIMEOUT_MS */
  gsize max_output;   /* bytes of stdout; 0: PUEBLA_FILTER_DEFAULT_MAX_OUTPUT */
} PueblaFilterLimits;

#define PUEBLA_FILTER_DEFAULT_TIMEOUT_MS 30000
#define PUEBLA_FILTER_DEFAULT_MAX_OUTPUT ((gsize) 64 * 1024 * 1024)

/* What the program said. */
typedef struct
{
  gchar *out;       /* stdout, NUL-terminated */
  gsize out_len;    /* its length, without the NUL */
  gchar *err;       /* the first 4 KiB of stderr, NUL-terminated */
} PueblaFilterOutput;

void puebla_filter_output_free (PueblaFilterOutput *output);

/* Runs ARGV (a NULL-terminated list; an argument "{}" stands for the path of
 * the file holding the LEN bytes of DATA, named "input" + SUFFIX). LIMITS
 * may be NULL (defaults). Returns the output (free with
 * puebla_filter_output_free) when the program exits with status 0, else
 * NULL with a PUEBLA_FILTER_ERROR whose message names the program. */
PueblaFilterOutput *puebla_filter_run (const gchar *const *argv, const gchar *data, gsize len, const gchar *suffix,
                                       const PueblaFilterLimits *limits, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PueblaFilterOutput, puebla_filter_output_free)

G_END_DECLS
