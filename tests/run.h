/* run.h: the end-to-end tests run the puebla binary as a user does. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What one run of puebla printed, and how it ended. */
typedef struct
{
  gchar *out;
  gchar *err;
  gint status;  /* exit status */
} PueblaTestRun;

void puebla_test_run_clear (PueblaTestRun *run);

/* Runs PUEBLA_BINARY with ARGS (NULL-terminated, without the program) in
 * directory CWD (NULL: this one) and waits for it. FALSE when it could not
 * be started or was killed by a signal: RUN->err then says why. RUN is
 * overwritten, not cleared first. */
gboolean puebla_test_run (PueblaTestRun *run, const gchar *cwd, const gchar *const *args);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PueblaTestRun, puebla_test_run_clear)

G_END_DECLS
