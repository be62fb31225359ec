/* run.c: see run.h. */
#include "run.h"

#include <string.h>
#include <sys/wait.h>

void
puebla_test_run_clear (PueblaTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

gboolean
puebla_test_run (PueblaTestRun *run, const gchar *cwd, const gchar *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (gpointer) PUEBLA_BINARY);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  memset (run, 0, sizeof *run);
  g_autoptr (GError) error = NULL;
  gint wait_status = 0;
  if (!g_spawn_sync (cwd, (gchar **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &run->out, &run->err,
                     &wait_status, &error))
    {
      run->err = g_strdup_printf ("cannot run puebla: %s", error->message);
      return FALSE;
    }
  if (!WIFEXITED (wait_status))
    {
      g_autofree gchar *said = run->err;
      run->err = g_strdup_printf ("puebla %s died by signal %d: %s", args[0] ? args[0] : "",
                                  WIFSIGNALED (wait_status) ? WTERMSIG (wait_status) : 0, said ? said : "");
      return FALSE;
    }
  run->status = WEXITSTATUS (wait_status);
  return TRUE;
}
