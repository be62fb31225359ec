/* check_crash.c: kill -9 at any moment costs no index.
 *
 * Generates a few thousand records, then again and again starts
 * `puebla ingest` over them and kills it with SIGKILL at a random moment.
 * After each kill: xapian-check (Debian's xapian-tools) finds the index
 * sound, puebla opens it and answers a search, and no worker process of the
 * killed ingest is left running. After the last kill an ingest runs to its
 * end: every record is there exactly once.
 *
 * PUEBLA_KILL_ROUNDS sets the number of kills (default 8) and
 * PUEBLA_KILL_SEED the random seed (printed, to replay a failure).
 */
#include "scratch.h"

#include <check.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>

#define RECORDS 2000

static gchar *scratch, *docs, *db;

static const gchar *const countries[] = { "Guatemala", "Honduras", "México", "Panamá", "Costa Rica",
                                          "El Salvador", "Nicaragua", "Belice", "Canadá", "Estados Unidos",
                                          "República Dominicana" };

static void
setup (void)
{
  scratch = puebla_test_scratch_new ("crash");
  docs = g_build_filename (scratch, "docs", NULL);
  db = g_build_filename (scratch, "db", NULL);
  ck_assert_int_eq (g_mkdir (docs, 0755), 0);
  for (guint i = 0; i < RECORDS; i++)
    {
      g_autofree gchar *name = g_strdup_printf ("%s/acta-%05u.txt", docs, i);
      g_autofree gchar *text = g_strdup_printf (
        "ACTA DE LA REUNIÓN %u\n\n1. La delegación de %s propuso el taller registro%05u sobre migración y retorno "
        "en %u.\n2. Se acordó dar seguimiento en la próxima reunión del GRCM.\n",
        i, countries[i % G_N_ELEMENTS (countries)], i, 1996 + i % 25);
      ck_assert (g_file_set_contents (name, text, -1, NULL));
    }
}

static void
teardown (void)
{
  puebla_test_scratch_remove (scratch);
  g_clear_pointer (&scratch, g_free);
  g_clear_pointer (&docs, g_free);
  g_clear_pointer (&db, g_free);
}

/* Runs ARGV (NULL-terminated) to its end; its exit status, stdout in *OUT. */
static gint
run_sync (const gchar *const *argv, gchar **out /* OUT, nullable */)
{
  gchar *err = NULL;
  g_autofree gchar *ignored = NULL;
  gint status = 0;
  g_autoptr (GError) error = NULL;
  ck_assert_msg (g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out ? out : &ignored, &err,
                               &status, &error),
                 "cannot run %s: %s", argv[0], error ? error->message : "");
  ck_assert_msg (WIFEXITED (status), "%s died: %s", argv[0], err);
  g_free (err);
  return WEXITSTATUS (status);
}

/* Processes still running whose command line holds NEEDLE. */
static guint
processes_with (const gchar *needle)
{
  guint n = 0;
  g_autoptr (GDir) proc = g_dir_open ("/proc", 0, NULL);
  const gchar *name;
  while ((name = g_dir_read_name (proc)))
    {
      if (!g_ascii_isdigit (name[0]))
        continue;
      g_autofree gchar *path = g_strdup_printf ("/proc/%s/cmdline", name);
      g_autofree gchar *cmdline = NULL;
      gsize len = 0;
      if (!g_file_get_contents (path, &cmdline, &len, NULL))
        continue;
      for (gsize i = 0; i + 1 < len; i++)
        if (cmdline[i] == '\0')
          cmdline[i] = ' ';
      if (strstr (cmdline, needle))
        n++;
    }
  return n;
}

static guint
documents_in_index (void)
{
  g_autofree gchar *db_arg = g_strdup_printf ("--db=%s", db);
  const gchar *stats[] = { PUEBLA_BINARY, "stats", db_arg, "--json", NULL };
  g_autofree gchar *out = NULL;
  ck_assert_int_eq (run_sync (stats, &out), 0);
  g_autoptr (JsonParser) p = json_parser_new ();
  ck_assert (json_parser_load_from_data (p, out, -1, NULL));
  return (guint) json_object_get_int_member (json_node_get_object (json_parser_get_root (p)), "documents");
}

static guint
hits (const gchar *query)
{
  g_autofree gchar *db_arg = g_strdup_printf ("--db=%s", db);
  const gchar *search[] = { PUEBLA_BINARY, "search", db_arg, "--json", query, NULL };
  g_autofree gchar *out = NULL;
  ck_assert_int_eq (run_sync (search, &out), 0);
  g_autoptr (JsonParser) p = json_parser_new ();
  ck_assert (json_parser_load_from_data (p, out, -1, NULL));
  return (guint) json_object_get_int_member (json_node_get_object (json_parser_get_root (p)), "total");
}

START_TEST (kill_9_at_random_moments_costs_nothing)
{
  const gchar *env_rounds = g_getenv ("PUEBLA_KILL_ROUNDS"), *env_seed = g_getenv ("PUEBLA_KILL_SEED");
  guint rounds = env_rounds ? (guint) g_ascii_strtoull (env_rounds, NULL, 10) : 8;
  guint32 seed = env_seed ? (guint32) g_ascii_strtoull (env_seed, NULL, 10) : (guint32) g_get_real_time ();
  printf ("kill -9 test: %u records, %u rounds, PUEBLA_KILL_SEED=%u\n", RECORDS, rounds, seed);
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  g_autofree gchar *db_arg = g_strdup_printf ("--db=%s", db);

  /* how long a whole run takes here, to spread the kills over it */
  gint64 start = g_get_monotonic_time ();
  {
    g_autofree gchar *probe_db = g_strdup_printf ("--db=%s-probe", db);
    const gchar *probe[] = { PUEBLA_BINARY, "ingest", "-q", probe_db, docs, NULL };
    ck_assert_int_eq (run_sync (probe, NULL), 0);
  }
  gdouble full = (g_get_monotonic_time () - start) / 1e6;

  guint before = 0, killed_mid_run = 0;
  for (guint round = 0; round < rounds; round++)
    {
      /* each round has work to do: new records are added, and changed
         ones replaced (a kill in the middle of a replace must not leave
         two copies, or none) */
      for (guint i = 0; round > 0 && i < RECORDS / 8; i++)
        {
          guint n = (guint) g_rand_int_range (rand, 0, RECORDS);
          g_autofree gchar *name = g_strdup_printf ("%s/acta-%05u.txt", docs, n);
          g_autofree gchar *text = NULL;
          ck_assert (g_file_get_contents (name, &text, NULL, NULL));
          g_autofree gchar *more = g_strdup_printf ("%s%u. Revisado en la ronda %u.\n", text, 3 + round, round);
          ck_assert (g_file_set_contents (name, more, -1, NULL));
        }

      const gchar *ingest[] = { PUEBLA_BINARY, "ingest", "-q", db_arg, docs, NULL };
      GPid pid = 0;
      g_autoptr (GError) error = NULL;
      ck_assert (g_spawn_async (NULL, (gchar **) ingest, NULL,
                                G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                NULL, &pid, &error));
      /* anywhere from its start-up to well past a full run's length */
      gulong wait_us = (gulong) (g_rand_double_range (rand, 0.01, MAX (full, 0.5) * 0.6) * G_USEC_PER_SEC);
      g_usleep (wait_us);
      kill (pid, SIGKILL);
      int status = 0;
      waitpid (pid, &status, 0);
      gboolean mid_run = WIFSIGNALED (status);
      killed_mid_run += mid_run;

      /* its workers die with it */
      g_autofree gchar *mark = g_strdup_printf ("--parent=%d", pid);
      guint left = 0;
      for (guint tries = 0; tries < 50 && (left = processes_with (mark)) > 0; tries++)
        g_usleep (100000);
      ck_assert_msg (left == 0, "round %u: %u workers of the killed ingest still run", round, left);

      /* the index is sound, opens, and answers */
      if (g_file_test (db, G_FILE_TEST_IS_DIR))
        {
          const gchar *check[] = { "xapian-check", db, NULL };
          g_autofree gchar *report = NULL;
          ck_assert_msg (run_sync (check, &report) == 0, "round %u (killed after %.2f s): xapian-check: %s", round,
                         wait_us / 1e6, report);
          ck_assert_msg (strstr (report, "No errors found"), "xapian-check: %s", report);
          guint now = documents_in_index ();
          ck_assert_msg (now >= before, "round %u: %u documents, %u before", round, now, before);
          ck_assert_uint_le (now, RECORDS);
          before = now;
          (void) hits ("migración");
        }
      printf ("  round %u: %s after %.2f s, %u of %u records committed\n", round,
              mid_run ? "killed" : "ended before the kill", wait_us / 1e6, before, RECORDS);
    }
  ck_assert_msg (killed_mid_run > 0, "no ingest was killed before it ended: the test tested nothing");
  printf ("  %u of %u rounds killed mid-run; the index was sound after each\n", killed_mid_run, rounds);

  /* the next run finishes the job, with no duplicates */
  const gchar *ingest[] = { PUEBLA_BINARY, "ingest", "-q", db_arg, docs, NULL };
  ck_assert_int_eq (run_sync (ingest, NULL), 0);
  ck_assert_uint_eq (documents_in_index (), RECORDS);
  ck_assert_uint_eq (hits ("migración"), RECORDS);
  for (guint i = 0; i < RECORDS; i += 97)
    {
      g_autofree gchar *word = g_strdup_printf ("registro%05u", i);
      ck_assert_msg (hits (word) == 1, "%s: %u hits", word, hits (word));
    }
  const gchar *check[] = { "xapian-check", db, NULL };
  g_autofree gchar *report = NULL;
  ck_assert_int_eq (run_sync (check, &report), 0);
}
END_TEST

static Suite *
crash_suite (void)
{
  Suite *s = suite_create ("crash");
  TCase *tc = tcase_create ("kill-9");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 900);
  tcase_add_test (tc, kill_9_at_random_moments_costs_nothing);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  SRunner *sr = srunner_create (crash_suite ());
  srunner_run_all (sr, CK_NORMAL);
  int failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
