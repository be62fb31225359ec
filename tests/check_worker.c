/* check_worker.c: extraction in worker processes (ingest/worker.h).
 *
 * The workers here are this test binary itself, run with --worker: it
 * serves like `puebla __extract-worker`, but files named for a fixture
 * misbehave on purpose — hang, crash, abort, run out of memory, shout on
 * stderr — so that the parent side is tested on every way a real
 * extractor fails, and then on good files right after.
 */
#include "extract.h"
#include "gazetteer.h"
#include "worker.h"

#include "scratch.h"

#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#if defined(__SANITIZE_ADDRESS__)
#define ASAN_BUILD 1
#endif

/* ---- The fixture worker ------------------------------------------------------- */

static PueblaRecord *
fixture_extract (const gchar *path, const PueblaExtractLimits *limits)
{
  g_autofree gchar *name = g_path_get_basename (path);
  if (g_str_has_prefix (name, "hang"))
    for (;;)
      pause ();
  if (g_str_has_prefix (name, "spin"))
    for (volatile guint64 i = 0;; i++)
      ;
  if (g_str_has_prefix (name, "segv"))
    raise (SIGSEGV);
  if (g_str_has_prefix (name, "abort"))
    {
      fprintf (stderr, "fixture: the parser gave up on %s\n", name);
      abort ();
    }
  if (g_str_has_prefix (name, "exit"))
    _exit (3);
  if (g_str_has_prefix (name, "oom"))
    {
      /* as poppler or GLib do when an allocation fails */
      for (GSList *hold = NULL;;)
        {
          gsize n = 64 * 1024 * 1024;
          gchar *p = g_try_malloc (n);
          if (p == NULL)
            g_error ("%s: failed to allocate %" G_GSIZE_FORMAT " bytes", G_STRLOC, n);
          memset (p, 1, n);
          hold = g_slist_prepend (hold, p);
        }
    }
  if (g_str_has_prefix (name, "steps"))
    for (guint i = 0; i < 8; i++) /* 4 s in steps of 0.5 s, as OCR goes page by page */
      {
        g_usleep (G_USEC_PER_SEC / 2);
        if (limits && limits->progress)
          limits->progress (limits->progress_data);
      }
  if (g_str_has_prefix (name, "noisy"))
    for (guint i = 0; i < 20000; i++) /* 1.2 MB on stderr: more than a pipe holds */
      fprintf (stderr, "Syntax Error (%u): Dictionary key must be a name object\n", i);
  return puebla_extract_file (path, limits);
}

static gchar *self_path;

static PueblaWorker *
fixture_worker_retiring (gdouble timeout, guint max_files)
{
  gchar *argv[] = { self_path, (gchar *) "--worker", NULL };
  PueblaWorkerOptions options = { argv, timeout, 256 * 1024 * 1024, max_files };
  return puebla_worker_new (&options);
}

static PueblaWorker *
fixture_worker (gdouble timeout)
{
  return fixture_worker_retiring (timeout, 0);
}

static gchar *scratch;

static void
setup (void)
{
  scratch = puebla_test_scratch_new ("worker");
}

static void
teardown (void)
{
  puebla_test_scratch_remove (scratch);
  g_clear_pointer (&scratch, g_free);
}

/* A file named NAME in the scratch directory holding TEXT. */
static gchar *
scratch_file (const gchar *name, const gchar *text)
{
  gchar *path = g_build_filename (scratch, name, NULL);
  ck_assert (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static const gchar *good_text = "CONCLUSIONES\n\n1. La delegación de Guatemala presentó el informe de la OIM.\n";

static void
assert_good (PueblaWorker *worker)
{
  g_autofree gchar *good = scratch_file ("good.txt", good_text);
  g_autoptr (PueblaRecord) r = puebla_worker_extract (worker, good, NULL);
  ck_assert_msg (r->verdict == PUEBLA_VERDICT_OK, "%s: %s", puebla_verdict_to_string (r->verdict), r->reason);
  ck_assert_ptr_nonnull (r->signature);
  ck_assert_uint_gt (r->passages->len, 0);
}

/* ---- Good files: the same record as in this process ------------------------------ */

START_TEST (records_cross_the_pipe_unchanged)
{
  g_autoptr (PueblaWorker) worker = fixture_worker (60);
  const gchar *dirs[] = { PUEBLA_CORPUS_DIR "/records", PUEBLA_CORPUS_DIR "/pdf" };
  guint files = 0;
  for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
    {
      g_autoptr (GDir) dir = g_dir_open (dirs[d], 0, NULL);
      ck_assert_ptr_nonnull (dir);
      const gchar *name;
      while ((name = g_dir_read_name (dir)))
        {
          g_autofree gchar *path = g_build_filename (dirs[d], name, NULL);
          g_autoptr (PueblaRecord) here = puebla_extract_file (path, NULL);
          g_autoptr (PueblaRecord) there = puebla_worker_extract (worker, path, NULL);
          g_autofree gchar *a = puebla_record_to_json_string (here, TRUE);
          g_autofree gchar *b = puebla_record_to_json_string (there, TRUE);
          ck_assert_msg (g_str_equal (a, b), "%s differs after the pipe", name);
          ck_assert_str_eq (here->signature, there->signature);
          files++;
        }
    }
  ck_assert_uint_ge (files, 10);
  ck_assert_uint_eq (puebla_worker_get_starts (worker), 1); /* one child did them all */
}
END_TEST

/* ---- Each way to fail, then a good file ------------------------------------------ */

static const struct
{
  const gchar *name;
  PueblaVerdict verdict;
  const gchar *reason; /* a part of it */
} failures[] = {
  { "hang.pdf", PUEBLA_VERDICT_TIMEOUT, "took longer than 1 s" },
  { "spin.pdf", PUEBLA_VERDICT_TIMEOUT, "took longer than 1 s" },
  { "segv.pdf", PUEBLA_VERDICT_CRASHED, "the extractor crashed" }, /* signal 11; ASan exits with 1 */
  { "abort.pdf", PUEBLA_VERDICT_CRASHED, "the parser gave up on abort.pdf" },
  { "exit.pdf", PUEBLA_VERDICT_CRASHED, "exited with status 3" },
};

START_TEST (a_failing_file_gets_its_verdict_and_the_next_file_works)
{
  g_autoptr (PueblaWorker) worker = fixture_worker (1);
  g_autofree gchar *path = scratch_file (failures[_i].name, "%PDF-1.4\n");
  gint64 start = g_get_monotonic_time ();
  g_autoptr (PueblaRecord) r = puebla_worker_extract (worker, path, NULL);
  gdouble secs = (g_get_monotonic_time () - start) / 1e6;
  ck_assert_msg (r->verdict == failures[_i].verdict, "%s: %s (%s)", failures[_i].name,
                 puebla_verdict_to_string (r->verdict), r->reason);
  ck_assert_msg (strstr (r->reason, failures[_i].reason), "%s: reason '%s'", failures[_i].name, r->reason);
  /* remembered as it is now, so that it is retried only when it changes */
  ck_assert_ptr_nonnull (r->signature);
  ck_assert_str_eq (r->path, path);
  ck_assert_msg (secs < 15, "%s took %.1f s", failures[_i].name, secs); /* not a timing: a hang guard */

  assert_good (worker);
  ck_assert_uint_eq (puebla_worker_get_starts (worker), 2);
}
END_TEST

START_TEST (running_out_of_memory_is_too_large)
{
#ifdef ASAN_BUILD
  /* AddressSanitizer needs terabytes of address space: the worker applies
     no memory limit in this build, so there is nothing to run out of */
  return;
#endif
  g_autoptr (PueblaWorker) worker = fixture_worker (60);
  g_autofree gchar *path = scratch_file ("oom.pdf", "%PDF-1.4\n");
  g_autoptr (PueblaRecord) r = puebla_worker_extract (worker, path, NULL);
  ck_assert_msg (r->verdict == PUEBLA_VERDICT_TOO_LARGE, "%s (%s)", puebla_verdict_to_string (r->verdict), r->reason);
  ck_assert_msg (strstr (r->reason, "ran out of memory (limit 256 MiB"), "%s", r->reason);
  assert_good (worker);
}
END_TEST

START_TEST (a_noisy_extractor_is_not_blocked_by_its_stderr)
{
  g_autoptr (PueblaWorker) worker = fixture_worker (30);
  g_autofree gchar *path = scratch_file ("noisy.txt", good_text);
  g_autoptr (PueblaRecord) r = puebla_worker_extract (worker, path, NULL);
  ck_assert_msg (r->verdict == PUEBLA_VERDICT_OK, "%s (%s)", puebla_verdict_to_string (r->verdict), r->reason);
  ck_assert_uint_eq (puebla_worker_get_starts (worker), 1);
}
END_TEST

/* A long extraction that says it moves on (each page read by OCR) is
 * given the time limit again at each step; one that stops saying so is
 * still stopped. */
START_TEST (steps_of_a_long_extraction_extend_its_time)
{
  g_autoptr (PueblaWorker) worker = fixture_worker (1);
  g_autofree gchar *path = scratch_file ("steps.txt", good_text);
  g_autoptr (PueblaRecord) r = puebla_worker_extract (worker, path, NULL);
  ck_assert_msg (r->verdict == PUEBLA_VERDICT_OK, "%s (%s)", puebla_verdict_to_string (r->verdict), r->reason);
  ck_assert_uint_eq (puebla_worker_get_starts (worker), 1);
}
END_TEST

START_TEST (a_worker_killed_while_idle_is_replaced)
{
  g_autoptr (PueblaWorker) worker = fixture_worker (30);
  assert_good (worker);
  /* find the child: the only process whose parent is this one and runs --worker */
  g_autoptr (GDir) proc = g_dir_open ("/proc", 0, NULL);
  const gchar *name;
  guint killed = 0;
  while ((name = g_dir_read_name (proc)))
    {
      g_autofree gchar *stat_path = g_strdup_printf ("/proc/%s/stat", name);
      g_autofree gchar *stat = NULL;
      if (!g_ascii_isdigit (name[0]) || !g_file_get_contents (stat_path, &stat, NULL, NULL))
        continue;
      const gchar *close_paren = strrchr (stat, ')');
      long ppid = 0;
      if (close_paren && sscanf (close_paren + 2, "%*c %ld", &ppid) == 1 && ppid == getpid ())
        {
          kill ((pid_t) atol (name), SIGKILL);
          killed++;
        }
    }
  ck_assert_uint_eq (killed, 1);
  g_usleep (100000);
  assert_good (worker);
  ck_assert_uint_eq (puebla_worker_get_starts (worker), 2);
}
END_TEST

START_TEST (a_worker_retires_after_its_share_of_files)
{
  g_autoptr (PueblaWorker) worker = fixture_worker_retiring (30, 2);
  for (guint i = 0; i < 5; i++)
    assert_good (worker);
  ck_assert_uint_eq (puebla_worker_get_starts (worker), 3); /* files 1-2, 3-4, 5 */
}
END_TEST

START_TEST (a_worker_that_cannot_start_is_a_verdict)
{
  gchar *argv[] = { (gchar *) "/nonexistent/puebla", (gchar *) "__extract-worker", NULL };
  PueblaWorkerOptions options = { argv, 5, 0, 0 };
  g_autoptr (PueblaWorker) worker = puebla_worker_new (&options);
  g_autofree gchar *good = scratch_file ("good.txt", good_text);
  g_autoptr (PueblaRecord) r = puebla_worker_extract (worker, good, NULL);
  ck_assert_int_eq (r->verdict, PUEBLA_VERDICT_UNREADABLE);
  ck_assert_msg (strstr (r->reason, "cannot start an extraction worker"), "%s", r->reason);
}
END_TEST

static Suite *
worker_suite (void)
{
  Suite *s = suite_create ("worker");
  TCase *tc = tcase_create ("worker");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, records_cross_the_pipe_unchanged);
  tcase_add_loop_test (tc, a_failing_file_gets_its_verdict_and_the_next_file_works, 0, G_N_ELEMENTS (failures));
  tcase_add_test (tc, running_out_of_memory_is_too_large);
  tcase_add_test (tc, a_noisy_extractor_is_not_blocked_by_its_stderr);
  tcase_add_test (tc, steps_of_a_long_extraction_extend_its_time);
  tcase_add_test (tc, a_worker_killed_while_idle_is_replaced);
  tcase_add_test (tc, a_worker_retires_after_its_share_of_files);
  tcase_add_test (tc, a_worker_that_cannot_start_is_a_verdict);
  suite_add_tcase (s, tc);
  return s;
}

int
main (int argc, char **argv)
{
  if (argc > 1 && g_str_equal (argv[1], "--worker"))
    {
      if (puebla_gazetteer_get_default (NULL) == NULL)
        return 2;
      return puebla_worker_main (NULL, 256 * 1024 * 1024, 30, 0, fixture_extract, NULL, NULL);
    }
  self_path = g_file_read_link ("/proc/self/exe", NULL);
  SRunner *sr = srunner_create (worker_suite ());
  srunner_run_all (sr, CK_NORMAL);
  int failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  g_free (self_path);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
