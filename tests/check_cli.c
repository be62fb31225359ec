/* check_cli.c: end to end — runs the `puebla` binary as a user would, on a
 * copy of corpus/ and on files the tests make, and reads what it prints. */
#include "extract.h"
#include "run.h"
#include "scratch.h"

#include <check.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static gchar *scratch;   /* per test */
static gchar *db;        /* scratch/db */
static gchar *docs;      /* scratch/docs: a copy of corpus/ */

/* Runs puebla with ARGS (NULL-terminated) and --db inserted after the
   command when WITH_DB. */
static void
run_puebla (PueblaTestRun *run, gboolean with_db, const gchar *first, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (gpointer) first);
  g_autofree gchar *db_arg = g_strdup_printf ("--db=%s", db);
  if (with_db)
    g_ptr_array_add (argv, db_arg);
  va_list ap;
  va_start (ap, first);
  const gchar *a;
  while ((a = va_arg (ap, const gchar *)))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  ck_assert_msg (puebla_test_run (run, scratch, (const gchar *const *) argv->pdata), "%s", run->err);
}

static JsonObject *
parse_object (JsonParser *parser, const gchar *text)
{
  g_autoptr (GError) error = NULL;
  ck_assert_msg (json_parser_load_from_data (parser, text, -1, &error), "not JSON: %s\n%s",
                 error ? error->message : "", text);
  JsonNode *root = json_parser_get_root (parser);
  ck_assert (JSON_NODE_HOLDS_OBJECT (root));
  return json_node_get_object (root);
}

static void
copy_dir (const gchar *from, const gchar *to)
{
  g_autofree gchar *cmd = g_strdup_printf ("mkdir -p '%s' && cp -R '%s'/. '%s'/", to, from, to);
  ck_assert_int_eq (system (cmd), 0);
}

static void
setup (void)
{
  scratch = puebla_test_scratch_new ("cli");
  db = g_build_filename (scratch, "db", NULL);
  docs = g_build_filename (scratch, "docs", NULL);
  /* the records and their PDFs: 10 files (not corpus/README.md) */
  g_autofree gchar *records = g_build_filename (docs, "records", NULL);
  g_autofree gchar *pdf = g_build_filename (docs, "pdf", NULL);
  copy_dir (PUEBLA_CORPUS_DIR "/records", records);
  copy_dir (PUEBLA_CORPUS_DIR "/pdf", pdf);
  g_autofree gchar *cmd = g_strdup_printf ("chmod -R u+w '%s'", docs);
  ck_assert_int_eq (system (cmd), 0);
}

static void
teardown (void)
{
  puebla_test_scratch_remove (scratch); /* opens up what a test locked */
  g_clear_pointer (&scratch, g_free);
  g_clear_pointer (&db, g_free);
  g_clear_pointer (&docs, g_free);
}

static void
ingest_ok (const gchar *path)
{
  g_auto (PueblaTestRun) run;
  run_puebla (&run, TRUE, "ingest", path, NULL);
  ck_assert_msg (run.status == 0, "ingest exited %d: %s", run.status, run.err);
}

/* The search's JSON. The object lives until PARSER parses again. */
static JsonObject *
search_json (JsonParser *parser, const gchar *query)
{
  g_auto (PueblaTestRun) run;
  run_puebla (&run, TRUE, "search", "--json", "--limit", "100", query, NULL);
  ck_assert_msg (run.status == 0, "search %s exited %d: %s", query, run.status, run.err);
  return parse_object (parser, run.out);
}

/* The JSON of `puebla stats`. The object lives until PARSER parses again. */
static JsonObject *
stats_json (JsonParser *parser)
{
  g_auto (PueblaTestRun) run;
  run_puebla (&run, TRUE, "stats", "--json", NULL);
  ck_assert_msg (run.status == 0, "stats exited %d: %s", run.status, run.err);
  return parse_object (parser, run.out);
}

/* The file names (basenames) of the results, as a set. */
static GHashTable *
result_names (JsonObject *o)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *results = json_object_get_array_member (o, "results");
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *r = json_array_get_object_element (results, i);
      g_hash_table_add (names, g_path_get_basename (json_object_get_string_member (r, "path")));
    }
  return names;
}

/* The record names ("grcm-2004-12-panama-conclusiones") of the corpus. */
static GPtrArray *
record_names (void)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GDir) dir = g_dir_open (PUEBLA_CORPUS_DIR "/records", 0, NULL);
  const gchar *n;
  while ((n = g_dir_read_name (dir)))
    if (g_str_has_suffix (n, ".txt"))
      g_ptr_array_add (names, g_strndup (n, strlen (n) - 4));
  return names;
}

/* ---- Search ---------------------------------------------------------------------- */

START_TEST (first_ingest_adds_everything)
{
  g_auto (PueblaTestRun) run;
  run_puebla (&run, TRUE, "ingest", "docs", NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  ck_assert_msg (strstr (run.out, "added 10, updated 0, unchanged 0, removed 0, failed 0"), "%s", run.out);
  ck_assert_str_eq (run.err, ""); /* no progress when stderr is not a terminal */
}
END_TEST

START_TEST (migracion_finds_all_five_records)
{
  ingest_ok ("docs");
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *o = search_json (parser, "migracion");
  ck_assert_str_eq (json_object_get_string_member (o, "query"), "migracion");
  ck_assert_int_eq (json_object_get_int_member (o, "total"), 10);
  g_autoptr (GHashTable) found = result_names (o);
  g_autoptr (GPtrArray) records = record_names ();
  ck_assert_uint_eq (records->len, 5);
  for (guint i = 0; i < records->len; i++)
    {
      g_autofree gchar *txt = g_strconcat (g_ptr_array_index (records, i), ".txt", NULL);
      g_autofree gchar *pdf = g_strconcat (g_ptr_array_index (records, i), ".pdf", NULL);
      ck_assert_msg (g_hash_table_contains (found, txt), "%s not found", txt);
      ck_assert_msg (g_hash_table_contains (found, pdf), "%s not found", pdf);
    }

  /* the same with capitals, and with the accent */
  JsonObject *o2 = search_json (parser, "MIGRACIÓN");
  ck_assert_int_eq (json_object_get_int_member (o2, "total"), 10);
}
END_TEST

START_TEST (results_carry_what_the_json_format_promises)
{
  ingest_ok ("docs");
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *o = search_json (parser, "Kozak");
  ck_assert_int_eq (json_object_get_int_member (o, "total"), 2);
  JsonArray *results = json_object_get_array_member (o, "results");
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *r = json_array_get_object_element (results, i);
      ck_assert_uint_eq (strlen (json_object_get_string_member (r, "id")), 16);
      ck_assert (g_path_is_absolute (json_object_get_string_member (r, "path")));
      ck_assert (g_str_has_prefix (json_object_get_string_member (r, "title"), "REUNION DEL GRUPO REGIONAL"));
      ck_assert (json_object_get_double_member (r, "score") > 0);
      const gchar *snippet = json_object_get_string_member (r, "snippet");
      ck_assert_msg (strstr (snippet, "<mark>Kozak</mark>"), "snippet: %s", snippet);
      const gchar *text = json_object_get_string_member (r, "snippet_text");
      ck_assert (strstr (text, "Roberto Kozak"));
      JsonArray *hl = json_object_get_array_member (r, "highlights");
      ck_assert_uint_ge (json_array_get_length (hl), 1);
      JsonArray *first = json_array_get_array_element (hl, 0);
      glong start = json_array_get_int_element (first, 0), end = json_array_get_int_element (first, 1);
      g_autofree gchar *word = g_utf8_substring (text, start, end);
      ck_assert_str_eq (word, "Kozak");
      if (g_str_has_suffix (json_object_get_string_member (r, "path"), ".pdf"))
        ck_assert_int_eq (json_object_get_int_member (r, "page"), 3);
      else
        ck_assert (json_object_get_null_member (r, "page"));
    }
}
END_TEST

/* TEXT with case folded and white space squeezed, for the test's own
   reading of the records. */
static gchar *
plain (const gchar *text)
{
  g_autofree gchar *lower = g_utf8_strdown (text, -1);
  g_auto (GStrv) words = g_strsplit_set (lower, " \t\r\n", -1);
  GString *out = g_string_new (NULL);
  for (guint i = 0; words[i]; i++)
    if (*words[i])
      g_string_append_printf (out, "%s%s", out->len ? " " : "", words[i]);
  return g_string_free (out, FALSE);
}

START_TEST (phrase_finds_exactly_the_records_holding_it)
{
  ingest_ok ("docs");
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *o = search_json (parser, "\"trata de personas\"");
  g_autoptr (GHashTable) found = result_names (o);
  gint64 phrase_total = json_object_get_int_member (o, "total");

  /* which records hold the phrase, read by the test itself */
  g_autoptr (GPtrArray) records = record_names ();
  guint holding = 0;
  for (guint i = 0; i < records->len; i++)
    {
      const gchar *name = g_ptr_array_index (records, i);
      g_autofree gchar *path = g_strdup_printf ("%s/records/%s.txt", PUEBLA_CORPUS_DIR, name);
      g_autofree gchar *text = NULL;
      ck_assert (g_file_get_contents (path, &text, NULL, NULL));
      g_autofree gchar *p = plain (text);
      gboolean holds = strstr (p, "trata de personas") != NULL;
      g_autofree gchar *txt = g_strconcat (name, ".txt", NULL);
      g_autofree gchar *pdf = g_strconcat (name, ".pdf", NULL);
      ck_assert_msg (g_hash_table_contains (found, txt) == holds, "%s: holds=%d", txt, holds);
      /* the PDF's reading order may cut a phrase in a table; it must never
         be found when the record does not hold it */
      if (!holds)
        ck_assert_msg (!g_hash_table_contains (found, pdf), "%s found but does not hold it", pdf);
      holding += holds;
    }
  ck_assert_uint_ge (holding, 2);
  ck_assert_uint_lt (holding, 5); /* the informe of 2003 speaks of "trata de migrantes" */

  /* the total does not depend on the page asked for (Xapian estimates
     phrase matches beyond the page unless told to check) */
  {
    g_auto (PueblaTestRun) one;
    run_puebla (&one, TRUE, "search", "--json", "--limit", "1", "\"trata de personas\"", NULL);
    g_autoptr (JsonParser) p1 = json_parser_new ();
    ck_assert_int_eq (json_object_get_int_member (parse_object (p1, one.out), "total"), phrase_total);
  }

  /* the words without quotes find at least as many */
  JsonObject *loose = search_json (parser, "trata personas");
  ck_assert_int_ge (json_object_get_int_member (loose, "total"), phrase_total);
}
END_TEST

START_TEST (accented_query_finds_latin1_file)
{
  g_autofree gchar *dir = g_build_filename (scratch, "latin1", NULL);
  g_mkdir (dir, 0755);
  g_autofree gchar *src = g_build_filename (PUEBLA_TEST_DATA_DIR, "encodings",
                                            "grcm-2004-12-panama-conclusiones.latin1.txt", NULL);
  g_autofree gchar *dst = g_build_filename (dir, "conclusiones.txt", NULL);
  g_autofree gchar *data = NULL;
  gsize len = 0;
  ck_assert (g_file_get_contents (src, &data, &len, NULL));
  ck_assert (!g_utf8_validate (data, (gssize) len, NULL)); /* really Latin-1 */
  ck_assert (g_file_set_contents (dst, data, (gssize) len, NULL));
  ingest_ok ("latin1");

  g_autoptr (JsonParser) parser = json_parser_new ();
  static const gchar *const queries[] = { "hospitalidad Panamá", "\"Presidencia Pro-Témpore\"", "gestión",
                                          "PANAMA", "beneplácito" };
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      JsonObject *o = search_json (parser, queries[i]);
      ck_assert_msg (json_object_get_int_member (o, "total") == 1, "%s found nothing", queries[i]);
    }

  g_auto (PueblaTestRun) run;
  run_puebla (&run, TRUE, "show", "--json", "--no-text", dst, NULL);
  ck_assert_int_eq (run.status, 0);
  JsonObject *doc = parse_object (parser, run.out);
  ck_assert_str_eq (json_object_get_string_member (doc, "charset"), "ISO-8859-1");
}
END_TEST

/* ---- Incremental ingest ------------------------------------------------------------ */

/* "name size mtime" of every file under DIR, sorted. */
static gchar *
dir_signature (const gchar *dir)
{
  g_autofree gchar *script = g_strdup_printf ("find '%s' -type f ! -name flintlock -printf '%%P %%s %%T@\\n' | sort", dir);
  const gchar *argv[] = { "/bin/sh", "-c", script, NULL };
  g_autofree gchar *out = NULL;
  ck_assert (g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, NULL, NULL));
  ck_assert_msg (strlen (out) > 0, "nothing under %s", dir);
  return g_steal_pointer (&out);
}

START_TEST (second_ingest_changes_nothing)
{
  ingest_ok ("docs");
  g_autofree gchar *before = dir_signature (db);
  g_auto (PueblaTestRun) run;
  run_puebla (&run, TRUE, "ingest", "--json", "docs", NULL);
  ck_assert_int_eq (run.status, 0);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *o = parse_object (parser, run.out);
  ck_assert_int_eq (json_object_get_int_member (o, "unchanged"), 10);
  ck_assert_int_eq (json_object_get_int_member (o, "added"), 0);
  ck_assert_int_eq (json_object_get_int_member (o, "updated"), 0);
  ck_assert_int_eq (json_object_get_int_member (o, "removed"), 0);
  ck_assert_int_eq (json_object_get_int_member (o, "failed"), 0);
  g_autofree gchar *after = dir_signature (db);
  ck_assert_str_eq (before, after); /* not a byte of the index written */
}
END_TEST

START_TEST (changed_file_is_replaced)
{
  ingest_ok ("docs");
  g_autofree gchar *path = g_build_filename (docs, "records", "grcm-2004-12-panama-conclusiones.txt", NULL);
  g_autofree gchar *text = NULL;
  ck_assert (g_file_get_contents (path, &text, NULL, NULL));
  g_autofree gchar *more = g_strconcat (text, "\n28. Tomar nota del informe sobre el quetzalcoatlismo.\n", NULL);
  ck_assert (g_file_set_contents (path, more, -1, NULL));

  g_auto (PueblaTestRun) run;
  run_puebla (&run, TRUE, "ingest", "docs", NULL);
  ck_assert_int_eq (run.status, 0);
  ck_assert_msg (strstr (run.out, "added 0, updated 1, unchanged 9, removed 0"), "%s", run.out);

  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *o = search_json (parser, "quetzalcoatlismo");
  ck_assert_int_eq (json_object_get_int_member (o, "total"), 1);
  JsonObject *all = search_json (parser, "migracion");
  ck_assert_int_eq (json_object_get_int_member (all, "total"), 10); /* replaced, not added */
}
END_TEST

/* A file touched (or copied, or checked out again) that holds the bytes it
   was indexed from is not read again: its time is refreshed in the index,
   its text and passages stay, and the next run finds it unchanged by its
   signature alone. */
START_TEST (touched_file_is_unchanged)
{
  ingest_ok ("docs");
  g_autoptr (JsonParser) parser = json_parser_new ();
  gint64 passages = json_object_get_int_member (stats_json (parser), "passages");
  g_autofree gchar *path = g_build_filename (docs, "records", "grcm-2004-12-panama-conclusiones.txt", NULL);
  g_autofree gchar *cmd = g_strdup_printf ("touch -d '2030-01-01' '%s'", path);
  ck_assert_int_eq (system (cmd), 0);
  GStatBuf st;
  ck_assert_int_eq (g_stat (path, &st), 0);

  g_auto (PueblaTestRun) run;
  run_puebla (&run, TRUE, "ingest", "docs", NULL);
  ck_assert_msg (strstr (run.out, "added 0, updated 0, unchanged 10 (1 touched"), "%s", run.out);
  g_auto (PueblaTestRun) show;
  run_puebla (&show, TRUE, "show", "--json", "--no-text", path, NULL);
  ck_assert_int_eq (show.status, 0);
  ck_assert_int_eq (json_object_get_int_member (parse_object (parser, show.out), "mtime"), (gint64) st.st_mtime);
  ck_assert_int_eq (json_object_get_int_member (stats_json (parser), "passages"), passages);
  ck_assert_int_eq (json_object_get_int_member (search_json (parser, "migracion"), "total"), 10);

  g_auto (PueblaTestRun) again;
  run_puebla (&again, TRUE, "ingest", "--json", "docs", NULL);
  JsonObject *o = parse_object (parser, again.out);
  ck_assert_int_eq (json_object_get_int_member (o, "unchanged"), 10);
  ck_assert_int_eq (json_object_get_int_member (o, "touched"), 0);

  /* touched and changed: read again */
  g_autofree gchar *text = NULL;
  ck_assert (g_file_get_contents (path, &text, NULL, NULL));
  g_autofree gchar *more = g_strconcat (text, "\n29. Tomar nota del informe sobre el tlaloquismo.\n", NULL);
  ck_assert (g_file_set_contents (path, more, -1, NULL));
  g_auto (PueblaTestRun) changed;
  run_puebla (&changed, TRUE, "ingest", "--json", "docs", NULL);
  o = parse_object (parser, changed.out);
  ck_assert_int_eq (json_object_get_int_member (o, "updated"), 1);
  ck_assert_int_eq (json_object_get_int_member (o, "touched"), 0);
  ck_assert_int_eq (json_object_get_int_member (search_json (parser, "tlaloquismo"), "total"), 1);
}
END_TEST

START_TEST (removed_file_disappears)
{
  ingest_ok ("docs");
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *o = search_json (parser, "Kozak");
  ck_assert_int_eq (json_object_get_int_member (o, "total"), 2);

  g_autofree gchar *path = g_build_filename (docs, "pdf", "grcm-2004-12-panama-conclusiones.pdf", NULL);
  ck_assert_int_eq (g_unlink (path), 0);
  g_auto (PueblaTestRun) run;
  run_puebla (&run, TRUE, "ingest", "docs", NULL);
  ck_assert_int_eq (run.status, 0);
  ck_assert_msg (strstr (run.out, "unchanged 9, removed 1, failed 0"), "%s", run.out);

  JsonObject *after = search_json (parser, "Kozak");
  ck_assert_int_eq (json_object_get_int_member (after, "total"), 1);
  g_autoptr (GHashTable) names = result_names (after);
  ck_assert (g_hash_table_contains (names, "grcm-2004-12-panama-conclusiones.txt"));

  g_auto (PueblaTestRun) show;
  run_puebla (&show, TRUE, "show", path, NULL);
  ck_assert_int_eq (show.status, 1);
  ck_assert (strstr (show.err, "no document"));
}
END_TEST

/* ---- Bad input ----------------------------------------------------------------------- */

START_TEST (broken_files_get_verdicts_and_the_rest_is_indexed)
{
  g_autofree gchar *bad = g_build_filename (docs, "bad", NULL);
  g_mkdir (bad, 0755);

  g_autofree gchar *empty = g_build_filename (bad, "vacio.txt", NULL);
  ck_assert (g_file_set_contents (empty, "", 0, NULL));

  g_autofree gchar *blob = g_build_filename (bad, "blob.txt", NULL);
  gchar bytes[2048];
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (gchar) g_rand_int_range (rand, 0, 256);
  ck_assert (g_file_set_contents (blob, bytes, sizeof bytes, NULL));

  g_autofree gchar *pdf_src = g_build_filename (PUEBLA_CORPUS_DIR, "pdf", "grcm-2004-12-panama-conclusiones.pdf", NULL);
  g_autofree gchar *pdf = NULL;
  gsize len = 0;
  ck_assert (g_file_get_contents (pdf_src, &pdf, &len, NULL));
  g_autofree gchar *cut = g_build_filename (bad, "cortado.pdf", NULL);
  ck_assert (g_file_set_contents (cut, pdf, (gssize) (len / 3), NULL));

  g_autofree gchar *locked = g_build_filename (bad, "cifrado.pdf", NULL);
  g_autofree gchar *cmd = g_strdup_printf ("qpdf --encrypt clave dueño 256 -- '%s' '%s'", pdf_src, locked);
  ck_assert_msg (system (cmd) == 0, "qpdf failed (scripts/install-deps.sh installs it)");

  g_autofree gchar *unreadable = g_build_filename (bad, "ilegible.txt", NULL);
  if (geteuid () == 0)
    ck_assert_int_eq (symlink ("/nonexistent/puebla", unreadable), 0); /* root reads any file */
  else
    {
      ck_assert (g_file_set_contents (unreadable, "secreto", -1, NULL));
      ck_assert_int_eq (g_chmod (unreadable, 0), 0);
    }

  g_auto (PueblaTestRun) run;
  run_puebla (&run, TRUE, "ingest", "docs", NULL);
  ck_assert_int_eq (run.status, 1); /* some files failed */
  ck_assert_msg (strstr (run.out, "added 10, updated 0, unchanged 0, removed 0, failed 5"), "%s", run.out);
  const struct { const gchar *path, *verdict; } expected[] = {
    { empty, "empty" }, { blob, "unsupported" }, { cut, "corrupt" }, { locked, "encrypted" },
    { unreadable, "unreadable" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree gchar *line = g_strdup_printf ("%s: %s: ", expected[i].path, expected[i].verdict);
      ck_assert_msg (strstr (run.err, line), "no line '%s' in:\n%s", line, run.err);
    }

  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *o = search_json (parser, "migracion");
  ck_assert_int_eq (json_object_get_int_member (o, "total"), 10);

  /* stats lists them; a second run does not retry them but still says so */
  g_auto (PueblaTestRun) stats;
  run_puebla (&stats, TRUE, "stats", "--json", NULL);
  ck_assert_int_eq (stats.status, 0);
  JsonObject *s = parse_object (parser, stats.out);
  ck_assert_int_eq (json_object_get_int_member (s, "documents"), 15);
  ck_assert_int_eq (json_object_get_int_member (s, "failed"), 5);
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (s, "failures")), 5);

  g_auto (PueblaTestRun) again;
  run_puebla (&again, TRUE, "ingest", "docs", NULL);
  ck_assert_int_eq (again.status, 1);
  ck_assert_msg (strstr (again.out, "unchanged 10, removed 0, failed 5"), "%s", again.out);
  ck_assert (strstr (again.err, "not retried"));
}
END_TEST

START_TEST (missing_path_is_reported)
{
  g_auto (PueblaTestRun) run;
  run_puebla (&run, TRUE, "ingest", "docs", "no-such-dir", NULL);
  ck_assert_int_eq (run.status, 1);
  ck_assert (strstr (run.err, "no-such-dir: unreadable: no such file or directory"));
  ck_assert (strstr (run.out, "added 10"));
}
END_TEST

/* The program loads its format readers (puebla-formats.so) when it first
   reads a file: when they cannot be loaded, ingest says so once and stops,
   and remembers no file as failed; the next run indexes everything. */
START_TEST (missing_format_module_stops_ingest_before_any_file)
{
  g_setenv ("PUEBLA_FORMATS_MODULE", "/nonexistent/puebla-formats.so", TRUE);
  g_auto (PueblaTestRun) run;
  run_puebla (&run, TRUE, "ingest", "docs", NULL);
  g_unsetenv ("PUEBLA_FORMATS_MODULE");
  ck_assert_int_eq (run.status, 3);
  ck_assert_msg (strstr (run.err, "puebla-formats.so") && strstr (run.err, "/nonexistent/"), "%s", run.err);
  ck_assert_msg (strstr (run.err, "unsupported") == NULL, "a verdict was given: %s", run.err);

  g_auto (PueblaTestRun) again;
  run_puebla (&again, TRUE, "ingest", "docs", NULL);
  ck_assert_msg (again.status == 0 && strstr (again.out, "failed 0"), "%d %s %s", again.status, again.out, again.err);
}
END_TEST

/* The program links neither the format readers nor the HTTP server: they
   are modules (ingest/extract.h, query/commands.h), loaded by the commands
   that need them, so that a one-shot search does not pay for loading them.
   The dynamic loader lists what the program needs when asked to trace it. */
START_TEST (search_starts_without_the_modules_libraries)
{
  g_setenv ("LD_TRACE_LOADED_OBJECTS", "1", TRUE);
  g_auto (PueblaTestRun) run;
  run_puebla (&run, FALSE, "--version", NULL);
  g_unsetenv ("LD_TRACE_LOADED_OBJECTS");
  ck_assert_int_eq (run.status, 0);
  ck_assert_msg (strstr (run.out, "libxapian") && strstr (run.out, "libglib-2.0"), "%s", run.out);
  static const gchar *const absent[] = { "libmicrohttpd", "libgnutls", "libpoppler", "libtesseract", "libxml2",
                                         "libarchive", "libmagic" };
  for (guint i = 0; i < G_N_ELEMENTS (absent); i++)
    ck_assert_msg (strstr (run.out, absent[i]) == NULL, "puebla links %s:\n%s", absent[i], run.out);
}
END_TEST

/* Without its module, serve says which and why, and exits 3 (before it
   reads its options: given an index that is not there, it would exit at
   once even with its module); the other commands do not need it. */
START_TEST (missing_serve_module_stops_serve_only)
{
  ingest_ok ("docs");
  g_setenv ("PUEBLA_SERVE_MODULE", "/nonexistent/puebla-serve.so", TRUE);
  g_auto (PueblaTestRun) serve;
  run_puebla (&serve, FALSE, "serve", "--db=/nonexistent/index", "--listen", "127.0.0.1:0", NULL);
  g_auto (PueblaTestRun) search;
  run_puebla (&search, TRUE, "search", "trata", NULL);
  g_unsetenv ("PUEBLA_SERVE_MODULE");
  ck_assert_int_eq (serve.status, 3);
  ck_assert_msg (strstr (serve.err, "puebla-serve.so") && strstr (serve.err, "/nonexistent/"), "%s", serve.err);
  ck_assert_msg (search.status == 0 && strstr (search.out, "trata"), "%d %s %s", search.status, search.out,
                 search.err);
}
END_TEST

START_TEST (bad_queries_are_errors)
{
  ingest_ok ("docs");
  static const struct { const gchar *query, *says; } cases[] = {
    { "\"trata de", "quote" },
    { "(migracion OR trata", "'('" },
    { "migracion)", "')'" },
    { "migracion AND", "after" },
    { "OR trata", "before" },
    { "foo:bar", "unknown field 'foo:'" },
    { "pais:narnia", "unknown country 'narnia'" },
    { "org:xyzzy", "unknown organization" },
    { "kind:novela", "unknown kind" },
    { "status:dormido", "unknown status" },
    { "date:2005-13", "is not a date" },
    { "year:05", "is not a year" },
    { "meeting:\"la buena\"", "unknown meeting" },
    { "lang:fr", "unknown language" },
    { "title:", "no value" },
    { "-Kozak", "only excludes" },
    { "-\"trata de personas\" -Kozak", "only excludes" },
    { "-(trata OR Kozak)", "only excludes" },
    { "title:-trata", "put the sign before the field" },
    { "migracion NEAR/x trata", "NEAR/5" },
    { "", "empty" },
    { "   ", "empty" },
    { "*", "lone '*'" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (PueblaTestRun) run;
      run_puebla (&run, TRUE, "search", "--", cases[i].query, NULL);
      ck_assert_msg (run.status == 2, "%s: exit %d", cases[i].query, run.status);
      ck_assert_msg (strstr (run.err, cases[i].says), "%s: stderr: %s", cases[i].query, run.err);
      ck_assert_str_eq (run.out, "");
    }
}
END_TEST

START_TEST (query_operators_work)
{
  ingest_ok ("docs");
  g_autoptr (JsonParser) parser = json_parser_new ();
  gint64 kozak = json_object_get_int_member (search_json (parser, "Kozak"), "total");
  gint64 siemca = json_object_get_int_member (search_json (parser, "SIEMCA"), "total");
  gint64 either = json_object_get_int_member (search_json (parser, "Kozak OR SIEMCA"), "total");
  gint64 both = json_object_get_int_member (search_json (parser, "Kozak SIEMCA"), "total");
  gint64 minus = json_object_get_int_member (search_json (parser, "SIEMCA -Kozak"), "total");
  gint64 not = json_object_get_int_member (search_json (parser, "SIEMCA NOT Kozak"), "total");
  ck_assert_int_eq (kozak, 2);
  ck_assert_int_gt (siemca, kozak);
  ck_assert_int_eq (either, siemca + kozak - both);
  ck_assert_int_eq (minus, siemca - both);
  ck_assert_int_eq (not, minus);
  /* a query may start with an excluded word after "--" */
  {
    g_auto (PueblaTestRun) run;
    run_puebla (&run, TRUE, "search", "--json", "--", "-Kozak", "SIEMCA", NULL);
    ck_assert_int_eq (run.status, 0);
    g_autoptr (JsonParser) p2 = json_parser_new ();
    ck_assert_int_eq (json_object_get_int_member (parse_object (p2, run.out), "total"), minus);
  }
  gint64 title = json_object_get_int_member (search_json (parser, "title:RED"), "total");
  ck_assert_int_eq (title, 2); /* the plan of the network against trafficking, as text and PDF */
  gint64 prefix = json_object_get_int_member (search_json (parser, "quetzal* OR Koza*"), "total");
  ck_assert_int_eq (prefix, 2);
  /* words that begin like an operator are words */
  gint64 adj = json_object_get_int_member (search_json (parser, "ADJUNTO OR NEARBY OR Kozak"), "total");
  ck_assert_int_eq (adj, 2);
  gint64 neg_group = json_object_get_int_member (search_json (parser, "SIEMCA -(Kozak OR quetzalcoatl)"), "total");
  ck_assert_int_eq (neg_group, minus);
}
END_TEST

START_TEST (search_without_index_says_so)
{
  g_auto (PueblaTestRun) run;
  run_puebla (&run, TRUE, "search", "migracion", NULL);
  ck_assert_int_eq (run.status, 3);
  ck_assert (strstr (run.err, "no index"));
}
END_TEST

START_TEST (show_prints_metadata_and_pages)
{
  ingest_ok ("docs");
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *o = search_json (parser, "SIEMCA");
  JsonArray *results = json_object_get_array_member (o, "results");
  const gchar *id = NULL;
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *r = json_array_get_object_element (results, i);
      if (g_str_has_suffix (json_object_get_string_member (r, "path"), "informe-presidencia-pro-tempore.pdf"))
        id = json_object_get_string_member (r, "id");
    }
  ck_assert_ptr_nonnull (id);
  g_autofree gchar *doc_id = g_strdup (id);

  g_auto (PueblaTestRun) run;
  run_puebla (&run, TRUE, "show", doc_id, NULL);
  ck_assert_int_eq (run.status, 0);
  ck_assert (strstr (run.out, "--- page 6 ---"));
  ck_assert (strstr (run.out, "pages:"));
  ck_assert (strstr (run.out, "application/pdf"));

  g_auto (PueblaTestRun) js;
  run_puebla (&js, TRUE, "show", "--json", doc_id, NULL);
  JsonObject *d = parse_object (parser, js.out);
  ck_assert_str_eq (json_object_get_string_member (d, "id"), doc_id);
  ck_assert_int_eq (json_object_get_int_member (d, "page_count"), 7);
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (d, "pages")), 7);

  /* the index keeps a record's passages once, in their own documents: show
     puts them back whole and in order, as extraction made them */
  g_autoptr (PueblaRecord) extracted = puebla_extract_file (json_object_get_string_member (d, "path"), NULL);
  g_autoptr (JsonNode) want_node = puebla_record_to_json (extracted, TRUE);
  JsonArray *want = json_object_get_array_member (json_node_get_object (want_node), "passages");
  JsonArray *got = json_object_get_array_member (d, "passages");
  ck_assert_uint_gt (json_array_get_length (want), 10);
  ck_assert_uint_eq (json_array_get_length (got), json_array_get_length (want));
  for (guint i = 0; i < json_array_get_length (want); i++)
    ck_assert_msg (json_node_equal (json_array_get_element (got, i), json_array_get_element (want, i)),
                   "passage %u differs from the extracted one", i);
}
END_TEST

START_TEST (every_command_has_help)
{
  static const gchar *const commands[] = { "ingest", "search", "show", "stats", "export", "trace" };
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto (PueblaTestRun) run;
      run_puebla (&run, FALSE, commands[i], "--help", NULL);
      ck_assert_int_eq (run.status, 0);
      ck_assert_msg (strstr (run.out, "Usage:") && strstr (run.out, "--db"), "%s --help:\n%s", commands[i], run.out);
    }
  g_auto (PueblaTestRun) top;
  run_puebla (&top, FALSE, "--help", NULL);
  ck_assert_int_eq (top.status, 0);
  ck_assert (strstr (top.out, "ingest") && strstr (top.out, "search"));
  g_auto (PueblaTestRun) unknown;
  run_puebla (&unknown, FALSE, "frobnicate", NULL);
  ck_assert_int_eq (unknown.status, 2);
}
END_TEST

/* ---- Hostile names, subtle changes ------------------------------------------------ */

START_TEST (names_that_are_not_utf8_or_hold_controls)
{
  g_autofree gchar *dir = g_build_filename (scratch, "raros", NULL);
  g_mkdir (dir, 0755);
  /* a Latin-1 name (not UTF-8) and a name with an escape sequence and a newline */
  g_autofree gchar *latin1 = g_build_filename (dir, "informe-a\xf1o.txt", NULL);
  ck_assert (g_file_set_contents (latin1, "Informe del año sobre xochimilcos.\n", -1, NULL));
  g_autofree gchar *hostile = g_build_filename (dir, "x\033[31mrojo\nlinea.txt", NULL);
  ck_assert (g_file_set_contents (hostile, "", 0, NULL)); /* empty: gets a verdict line */

  g_auto (PueblaTestRun) run;
  run_puebla (&run, TRUE, "ingest", "raros", NULL);
  ck_assert_int_eq (run.status, 1);
  ck_assert_msg (strchr (run.err, '\033') == NULL, "raw escape on stderr: %s", run.err);
  ck_assert_msg (strstr (run.err, "x\\x1b[31mrojo\\x0alinea.txt: empty:"), "%s", run.err);

  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *o = search_json (parser, "xochimilcos"); /* parse_object fails on invalid JSON */
  ck_assert_int_eq (json_object_get_int_member (o, "total"), 1);
  JsonObject *r = json_array_get_object_element (json_object_get_array_member (o, "results"), 0);
  ck_assert (g_str_has_suffix (json_object_get_string_member (r, "path"), "informe-a\xef\xbf\xbdo.txt"));

  g_auto (PueblaTestRun) show;
  run_puebla (&show, TRUE, "show", "--json", latin1, NULL);
  ck_assert_msg (show.status == 0, "%s", show.err);
  JsonObject *d = parse_object (parser, show.out);
  g_autofree gchar *b64 = g_base64_encode ((const guchar *) latin1, strlen (latin1));
  ck_assert_str_eq (json_object_get_string_member (d, "path_bytes"), b64);

  g_auto (PueblaTestRun) stats;
  run_puebla (&stats, TRUE, "stats", "--json", NULL);
  parse_object (parser, stats.out);
}
END_TEST

START_TEST (change_within_the_second_is_seen)
{
  ingest_ok ("docs");
  g_autofree gchar *path = g_build_filename (docs, "records", "grcm-2004-12-panama-conclusiones.txt", NULL);
  g_autofree gchar *text = NULL;
  gsize len = 0;
  ck_assert (g_file_get_contents (path, &text, &len, NULL));
  GStatBuf before;
  ck_assert_int_eq (g_stat (path, &before), 0);

  /* same size, other bytes, and the old mtime put back (as cp -p or tar
     would): only the ctime and the content tell */
  memcpy (text, "ZAPOTECA", 8);
  ck_assert (g_file_set_contents (path, text, (gssize) len, NULL));
  struct timespec times[2] = { before.st_atim, before.st_mtim };
  ck_assert_int_eq (utimensat (AT_FDCWD, path, times, 0), 0);

  g_auto (PueblaTestRun) run;
  run_puebla (&run, TRUE, "ingest", "docs", NULL);
  ck_assert_msg (strstr (run.out, "updated 1"), "%s", run.out);
  g_autoptr (JsonParser) parser = json_parser_new ();
  ck_assert_int_eq (json_object_get_int_member (search_json (parser, "zapoteca"), "total"), 1);
}
END_TEST

START_TEST (removed_directory_leaves_the_index)
{
  ingest_ok ("docs/pdf");
  g_autofree gchar *pdf = g_build_filename (docs, "pdf", NULL);
  puebla_test_scratch_remove (pdf);
  g_auto (PueblaTestRun) run;
  run_puebla (&run, TRUE, "ingest", "docs/pdf", NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  ck_assert_msg (strstr (run.out, "removed 5, failed 0"), "%s", run.out);
  g_auto (PueblaTestRun) search;
  run_puebla (&search, TRUE, "search", "migracion", NULL);
  ck_assert (strstr (search.out, "No results"));
}
END_TEST

START_TEST (empty_path_is_refused)
{
  g_auto (PueblaTestRun) run;
  run_puebla (&run, TRUE, "ingest", "", NULL);
  ck_assert_int_eq (run.status, 1);
  ck_assert (strstr (run.err, "an empty path names no file"));
  ck_assert_msg (strstr (run.out, "added 0, updated 0, unchanged 0, removed 0, failed 1 (0 files"), "%s", run.out);
}
END_TEST

START_TEST (index_inside_a_walked_directory_is_not_walked)
{
  g_autofree gchar *inside = g_build_filename (docs, "indice", NULL);
  g_autofree gchar *db_arg = g_strdup_printf ("--db=%s", inside);
  for (guint round = 0; round < 2; round++)
    {
      g_auto (PueblaTestRun) run;
      run_puebla (&run, FALSE, "ingest", db_arg, "docs", NULL);
      ck_assert_msg (run.status == 0, "%s", run.err);
      ck_assert_msg (strstr (run.out, "failed 0 (10 files"), "%s", run.out);
    }
}
END_TEST

START_TEST (files_given_twice_count_once)
{
  g_auto (PueblaTestRun) run;
  run_puebla (&run, TRUE, "ingest", "docs", "docs/records", "./docs/pdf/../records", NULL);
  ck_assert_msg (strstr (run.out, "added 10, updated 0, unchanged 0, removed 0, failed 0 (10 files"), "%s",
                 run.out);
}
END_TEST

START_TEST (files_added_by_hand_survive_a_walk_of_their_directory)
{
  g_autofree gchar *hidden = g_build_filename (docs, "records", ".borrador.txt", NULL);
  ck_assert (g_file_set_contents (hidden, "Borrador sobre tlaxcaltecas.\n", -1, NULL));
  ingest_ok ("docs");
  ingest_ok (hidden);      /* given by name: indexed */
  ingest_ok ("docs");      /* the walk skips hidden files but must not drop it */
  g_autoptr (JsonParser) parser = json_parser_new ();
  ck_assert_int_eq (json_object_get_int_member (search_json (parser, "tlaxcaltecas"), "total"), 1);
  ck_assert_int_eq (g_unlink (hidden), 0);
  g_auto (PueblaTestRun) run;
  run_puebla (&run, TRUE, "ingest", "docs", NULL);
  ck_assert_msg (strstr (run.out, "removed 1"), "%s", run.out); /* gone: now it goes */
}
END_TEST

/* The walk lists regular files and links to files (stated through the
   link: a change to the file it points to is a change), not links to
   directories, hidden entries, FIFOs; a second run reads nothing. */
START_TEST (walk_follows_links_to_files_not_to_directories)
{
  g_autofree gchar *outside = g_build_filename (scratch, "fuera", NULL);
  g_autofree gchar *target = g_build_filename (outside, "enlazado.txt", NULL);
  ck_assert_int_eq (g_mkdir (outside, 0755), 0);
  ck_assert (g_file_set_contents (target, "Informe sobre zacatecanos en tránsito.\n", -1, NULL));
  g_autofree gchar *link_file = g_build_filename (docs, "records", "enlace.txt", NULL);
  g_autofree gchar *link_dir = g_build_filename (docs, "records", "carpeta-enlazada", NULL);
  g_autofree gchar *fifo = g_build_filename (docs, "records", "tuberia.txt", NULL);
  ck_assert_int_eq (symlink (target, link_file), 0);
  ck_assert_int_eq (symlink (outside, link_dir), 0);
  ck_assert_int_eq (mkfifo (fifo, 0644), 0);

  g_auto (PueblaTestRun) first;
  run_puebla (&first, TRUE, "ingest", "docs", NULL);
  ck_assert_msg (strstr (first.out, "added 11, updated 0, unchanged 0, removed 0, failed 0 (11 files"), "%s",
                 first.out);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *o = search_json (parser, "zacatecanos");
  ck_assert_int_eq (json_object_get_int_member (o, "total"), 1); /* once: the link, not the linked folder */
  g_autoptr (GHashTable) names = result_names (o);
  ck_assert (g_hash_table_contains (names, "enlace.txt"));

  g_auto (PueblaTestRun) again;
  run_puebla (&again, TRUE, "ingest", "docs", NULL);
  ck_assert_msg (strstr (again.out, "added 0, updated 0, unchanged 11, removed 0, failed 0 (11 files"), "%s",
                 again.out);

  /* the file behind the link changes: the link's record is read again */
  ck_assert (g_file_set_contents (target, "Informe sobre duranguenses en tránsito.\n", -1, NULL));
  g_auto (PueblaTestRun) changed;
  run_puebla (&changed, TRUE, "ingest", "docs", NULL);
  ck_assert_msg (strstr (changed.out, "added 0, updated 1, unchanged 10"), "%s", changed.out);
  ck_assert_int_eq (json_object_get_int_member (search_json (parser, "duranguenses"), "total"), 1);
  ck_assert_int_eq (json_object_get_int_member (search_json (parser, "zacatecanos"), "total"), 0);
}
END_TEST

/* The number after WORD in TEXT ("added 85" → 85), or -1. */
static gint64
count_after (const gchar *text, const gchar *word)
{
  const gchar *at = strstr (text, word);
  return at ? g_ascii_strtoll (at + strlen (word), NULL, 10) : -1;
}

START_TEST (interrupted_ingest_keeps_its_work)
{
  enum { N = 3000 };
  g_autofree gchar *dir = g_build_filename (scratch, "muchos", NULL);
  g_mkdir (dir, 0755);
  for (guint i = 0; i < N; i++)
    {
      g_autofree gchar *path = g_strdup_printf ("%s/registro-%04u.txt", dir, i);
      g_autofree gchar *text = g_strdup_printf ("Registro %u de la reunión sobre migración.\n", i);
      ck_assert (g_file_set_contents (path, text, -1, NULL));
    }

  g_autofree gchar *db_arg = g_strdup_printf ("--db=%s", db);
  const gchar *argv[] = { PUEBLA_BINARY, "ingest", db_arg, "muchos", NULL };
  GPid pid;
  gint out_fd;
  g_autoptr (GError) error = NULL;
  ck_assert (g_spawn_async_with_pipes (scratch, (gchar **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid,
                                       NULL, &out_fd, NULL, &error));
  /* interrupt it at work: once its index exists (the handler is set just
     after it is opened), however slow this machine is today */
  g_autofree gchar *marker = g_build_filename (db, "iamglass", NULL);
  for (guint i = 0; i < 600 && !g_file_test (marker, G_FILE_TEST_EXISTS); i++)
    g_usleep (50 * 1000);
  g_usleep (100 * 1000);
  kill (pid, SIGINT);
  gint wait_status = 0;
  ck_assert_int_eq (waitpid (pid, &wait_status, 0), pid);
  g_spawn_close_pid (pid);
  g_autoptr (GIOChannel) ch = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (ch, TRUE);
  g_autofree gchar *out = NULL;
  g_io_channel_read_to_end (ch, &out, NULL, NULL);

  ck_assert (WIFEXITED (wait_status)); /* it stopped by itself, not killed */
  gint64 first = count_after (out, "added ");
  if (WEXITSTATUS (wait_status) == 130)
    {
      ck_assert_msg (strstr (out, "interrupted after"), "%s", out);
      ck_assert_int_lt (first, N);
    }
  else
    ck_assert_int_eq (WEXITSTATUS (wait_status), 0); /* a fast machine finished first */

  /* what it reported is what the index holds, and a second run finishes
     the job without duplicates */
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_auto (PueblaTestRun) stats;
  run_puebla (&stats, TRUE, "stats", "--json", NULL);
  ck_assert_int_eq (json_object_get_int_member (parse_object (parser, stats.out), "documents"), first);
  g_auto (PueblaTestRun) again;
  run_puebla (&again, TRUE, "ingest", "muchos", NULL);
  ck_assert_int_eq (again.status, 0);
  ck_assert_int_eq (count_after (again.out, "added "), N - first);
  ck_assert_int_eq (count_after (again.out, "unchanged "), first);
  ck_assert_int_eq (json_object_get_int_member (search_json (parser, "registro"), "total"), N);
}
END_TEST

/* ---- Entities: filters and facets on the records, counted by reading them ------------ */

static gint64
total_of (JsonParser *parser, const gchar *query)
{
  return json_object_get_int_member (search_json (parser, query), "total");
}

/* Each count was checked by reading the five records (grep would miss
   some: the informe writes the OECD as "OCED"). */
static const struct
{
  const gchar *query;
  gint64 total;
} entity_counts[] = {
  { "country:BZ", 1 },            /* only the GRCM conclusions name Belice */
  { "pais:belice", 1 },
  { "country:CA", 4 },            /* all but the trafficking plan */
  { "country:canadá", 4 },
  { "org:ACNUR", 2 },             /* plan 2006; conclusions (in full: Alto Comisionado…) */
  { "org:UNHCR", 2 },
  { "org:OCDE", 2 },              /* conclusions; informe (as "OCED") */
  { "org:RROCM", 4 },
  { "org:OIT", 1 },               /* plan 2006: OIT/IPEC */
  { "kind:conclusiones", 1 },
  { "kind:plan-de-accion", 2 },
  { "kind:\"plan de trabajo\"", 1 },
  { "kind:informe", 1 },
  { "meeting:\"XIII CRM\"", 1 },
  { "meeting:\"X CRM\"", 2 },      /* plan 2006, conclusions 2004 */
  { "year:2005", 2 },
  { "date:2005-01..2005-12", 2 },
  { "date:2008-05", 1 },          /* Tela, 6-9 de mayo de 2008 */
  { "date:..2002", 1 },           /* only the informe writes dates before 2003 */
  { "status:pending", 4 },        /* PENDIENTE in all but the consular work plan */
  { "lang:es", 5 },
  { "lang:en", 0 },
  { "org:CEPAL country:GT", 1 },
  { "trata country:HN", 3 },
};

START_TEST (entity_fields_count_what_a_reader_counts)
{
  ingest_ok ("docs/records");
  g_autoptr (JsonParser) parser = json_parser_new ();
  for (guint i = 0; i < G_N_ELEMENTS (entity_counts); i++)
    {
      gint64 got = total_of (parser, entity_counts[i].query);
      ck_assert_msg (got == entity_counts[i].total, "%s: %" G_GINT64_FORMAT " records, want %" G_GINT64_FORMAT,
                     entity_counts[i].query, got, entity_counts[i].total);
    }
}
END_TEST

/* The count of VALUE in facet NAME of O, or -1. */
static gint64
facet_count (JsonObject *o, const gchar *name, const gchar *value)
{
  JsonArray *values = json_object_get_array_member (json_object_get_object_member (o, "facets"), name);
  for (guint i = 0; i < json_array_get_length (values); i++)
    {
      JsonObject *v = json_array_get_object_element (values, i);
      if (g_str_equal (json_object_get_string_member (v, "value"), value))
        return json_object_get_int_member (v, "count");
    }
  return -1;
}

START_TEST (snippets_show_where_an_entity_is_named)
{
  ingest_ok ("docs/records");
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *o = search_json (parser, "org:OCDE");
  JsonArray *results = json_object_get_array_member (o, "results");
  guint checked = 0;
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *r = json_array_get_object_element (results, i);
      const gchar *snippet = json_object_get_string_member (r, "snippet");
      if (g_str_has_suffix (json_object_get_string_member (r, "path"), "informe-presidencia-pro-tempore.txt"))
        {
          ck_assert_msg (strstr (snippet, "<mark>OCED</mark>"), "%s", snippet);
          checked++;
        }
      else
        {
          ck_assert_msg (strstr (snippet, "<mark>OCDE</mark>")
                           || strstr (snippet, "<mark>Organización para la Cooperación y Desarrollo Económico</mark>"),
                         "%s", snippet);
          checked++;
        }
    }
  ck_assert_uint_eq (checked, 2);
}
END_TEST

START_TEST (facets_count_the_matching_records)
{
  ingest_ok ("docs/records");
  g_auto (PueblaTestRun) run;
  run_puebla (&run, TRUE, "search", "--json", "--facets", "--limit", "1", "\"trata de personas\"", NULL);
  ck_assert_int_eq (run.status, 0);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *o = parse_object (parser, run.out);
  ck_assert_int_eq (json_object_get_int_member (o, "total"), 4);
  /* the four that hold the phrase: plan 2006, plan 2008, informe, conclusions */
  ck_assert_int_eq (facet_count (o, "kind", "plan-de-accion"), 2);
  ck_assert_int_eq (facet_count (o, "kind", "conclusiones"), 1);
  ck_assert_int_eq (facet_count (o, "kind", "informe"), 1);
  ck_assert_int_eq (facet_count (o, "kind", "plan-de-trabajo"), -1);
  ck_assert_int_eq (facet_count (o, "lang", "es"), 4);
  ck_assert_int_eq (facet_count (o, "country", "BZ"), 1);
  ck_assert_int_eq (facet_count (o, "org", "ACNUR"), 2);
  ck_assert_int_eq (facet_count (o, "meeting", "XIII CRM"), 1);
  ck_assert_int_eq (facet_count (o, "year", "2008"), 1);
  /* every facet is there, most frequent first */
  static const gchar *const names[] = { "country", "org", "year", "status", "kind", "meeting", "lang" };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      JsonArray *values = json_object_get_array_member (json_object_get_object_member (o, "facets"), names[i]);
      ck_assert_msg (values != NULL, "facet %s missing", names[i]);
      for (guint j = 1; j < json_array_get_length (values); j++)
        ck_assert_int_ge (json_object_get_int_member (json_array_get_object_element (values, j - 1), "count"),
                          json_object_get_int_member (json_array_get_object_element (values, j), "count"));
    }

  /* without --facets, no facets */
  g_auto (PueblaTestRun) plain_run;
  run_puebla (&plain_run, TRUE, "search", "--json", "trata", NULL);
  g_autoptr (JsonParser) p2 = json_parser_new ();
  ck_assert (!json_object_has_member (parse_object (p2, plain_run.out), "facets"));
}
END_TEST

START_TEST (entities_command_reads_a_file)
{
  /* offsets are in the extracted text: the text show prints */
  ingest_ok ("docs/records/crm-2008-05-red-trata-plan-de-accion.txt");
  g_auto (PueblaTestRun) shown;
  run_puebla (&shown, TRUE, "show", "--json", "docs/records/crm-2008-05-red-trata-plan-de-accion.txt", NULL);
  g_autoptr (JsonParser) show_parser = json_parser_new ();
  JsonObject *record = parse_object (show_parser, shown.out);
  const gchar *text = json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (record, "pages"), 0), "text");

  g_auto (PueblaTestRun) run;
  run_puebla (&run, FALSE, "entities", "--json", "docs/records/crm-2008-05-red-trata-plan-de-accion.txt", NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *o = parse_object (parser, run.out);
  JsonObject *doc = json_object_get_object_member (o, "document");
  ck_assert_str_eq (json_object_get_string_member (doc, "kind"), "plan-de-accion");
  ck_assert_str_eq (json_object_get_string_member (doc, "meeting"), "XIII CRM");
  ck_assert_str_eq (json_object_get_string_member (doc, "date"), "2008-05-06/2008-05-09");
  JsonArray *entities = json_object_get_array_member (o, "entities");
  ck_assert_uint_gt (json_array_get_length (entities), 10);
  /* the same entities as the index holds */
  ck_assert_uint_eq (json_array_get_length (entities),
                     json_array_get_length (json_object_get_array_member (record, "entities")));
  for (guint i = 0; i < json_array_get_length (entities); i++)
    {
      JsonObject *e = json_array_get_object_element (entities, i);
      gint64 start = json_object_get_int_member (e, "start"), end = json_object_get_int_member (e, "end");
      /* the offsets point at the words as written */
      ck_assert (strncmp (text + start, json_object_get_string_member (e, "text"), (gsize) (end - start)) == 0);
    }

  g_auto (PueblaTestRun) bad;
  run_puebla (&bad, FALSE, "entities", "no-such-file.txt", NULL);
  ck_assert_int_eq (bad.status, 1);
  ck_assert (strstr (bad.err, "no-such-file.txt: unreadable"));
}
END_TEST

START_TEST (english_records_are_first_class)
{
  g_autofree gchar *dir = g_build_filename (scratch, "english", NULL);
  g_mkdir (dir, 0755);
  g_autofree gchar *path = g_build_filename (dir, "rcgm-2005-03.txt", NULL);
  ck_assert (g_file_set_contents (path,
                                  "CONCLUSIONS OF THE REGIONAL CONSULTATION GROUP ON MIGRATION\n"
                                  "Vancouver, Canada, March 2-3, 2005\n\n"
                                  "1. The RCGM thanked the IOM for organizing the workshops on the protection of "
                                  "migrant children, which were held in Tegucigalpa.\n"
                                  "2. The guidelines on the return of victims of trafficking are still pending.\n",
                                  -1, NULL));
  ingest_ok ("english");
  g_autoptr (JsonParser) parser = json_parser_new ();
  /* English stems: workshop finds workshops, organized finds organizing, migrant migrant */
  ck_assert_int_eq (total_of (parser, "workshop"), 1);
  ck_assert_int_eq (total_of (parser, "organized migrant"), 1);
  ck_assert_int_eq (total_of (parser, "lang:en"), 1);
  ck_assert_int_eq (total_of (parser, "kind:conclusions"), 1);
  ck_assert_int_eq (total_of (parser, "org:OIM country:HN status:completed"), 1);
  ck_assert_int_eq (total_of (parser, "status:pending meeting:\"GRCM 2005-03\""), 1);
  ck_assert_int_eq (total_of (parser, "date:2005-03"), 1);
}
END_TEST

/* ---- Passages ------------------------------------------------------------------------ */

START_TEST (passages_are_searched_and_cited)
{
  ingest_ok ("docs/records");
  /* the seminar on migration legislation: proposed in one row, held in another */
  g_auto (PueblaTestRun) run;
  run_puebla (&run, TRUE, "search", "--json", "--passages", "seminario legislacion migratoria", NULL);
  ck_assert_int_eq (run.status, 0);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *o = parse_object (parser, run.out);
  JsonArray *results = json_object_get_array_member (o, "results");
  ck_assert_uint_ge (json_array_get_length (results), 2);
  gboolean proposed = FALSE, held = FALSE;
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *r = json_array_get_object_element (results, i);
      JsonObject *p = json_object_get_object_member (r, "passage");
      ck_assert_str_eq (json_object_get_string_member (p, "kind"), "row");
      ck_assert (g_str_has_suffix (json_object_get_string_member (r, "path"), "crm-2006-11-plan-de-accion.txt"));
      ck_assert (g_str_has_prefix (json_object_get_string_member (r, "section"), "POLÍTICAS Y GESTIÓN MIGRATORIA › "));
      JsonArray *cells = json_object_get_array_member (p, "cells");
      ck_assert_uint_eq (json_array_get_length (cells), 5);
      const gchar *calendar = json_object_get_string_member (json_array_get_object_element (cells, 4), "text");
      JsonObject *activities_cell = json_array_get_object_element (cells, 3);
      ck_assert_str_eq (json_object_get_string_member (activities_cell, "name"), "ACTIVIDADES");
      const gchar *action = json_object_get_string_member (activities_cell, "text");
      /* the records' spacing is kept in the cells; compare words */
      g_autofree gchar *action_words = plain (action);
      g_autofree gchar *calendar_words = plain (calendar);
      proposed |= strstr (action_words, "patrocinaran un seminario sobre legislación migratoria") != NULL;
      held |= strstr (calendar_words, "se efectuó el seminario sobre legislación migratoria") != NULL;
    }
  ck_assert (proposed);
  ck_assert (held);

  /* a record result takes its snippet and section from its best passage */
  JsonObject *docs_o = search_json (parser, "Kozak");
  JsonObject *r = json_array_get_object_element (json_object_get_array_member (docs_o, "results"), 0);
  JsonObject *best = json_object_get_object_member (r, "passage");
  ck_assert_str_eq (json_object_get_string_member (best, "kind"), "item");
  ck_assert (g_str_has_prefix (json_object_get_string_member (best, "text"), "26. Agradecer"));
  ck_assert (strstr (json_object_get_string_member (r, "snippet"), "<mark>Kozak</mark>"));

  /* fields work on passages: the rows of the plan that name Honduras */
  g_auto (PueblaTestRun) hn;
  run_puebla (&hn, TRUE, "search", "--json", "--passages", "--limit", "100", "country:HN kind:plan-de-accion", NULL);
  g_autoptr (JsonParser) p2 = json_parser_new ();
  JsonArray *hn_results = json_object_get_array_member (parse_object (p2, hn.out), "results");
  ck_assert_uint_ge (json_array_get_length (hn_results), 2);
  for (guint i = 0; i < json_array_get_length (hn_results); i++)
    {
      JsonObject *h = json_array_get_object_element (hn_results, i);
      ck_assert (strstr (json_object_get_string_member (h, "snippet"), "<mark>"));
    }
}
END_TEST

/* ---- Exports ------------------------------------------------------------------------- */

/* The rows of RFC 4180 CSV TEXT: a GPtrArray of GPtrArray of gchar*. */
static GPtrArray *
parse_csv (const gchar *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  const gchar *p = text;
  while (*p)
    {
      ck_assert_msg (*p == '"', "unquoted field at: %.20s", p);
      for (p++;; p++)
        {
          ck_assert (*p);
          if (*p == '"' && p[1] == '"')
            {
              g_string_append_c (field, '"');
              p++;
            }
          else if (*p == '"')
            break;
          else
            g_string_append_c (field, *p);
        }
      p++;
      g_ptr_array_add (row, g_strdup (field->str));
      g_string_truncate (field, 0);
      if (*p == ',')
        p++;
      else
        {
          ck_assert_msg (p[0] == '\r' && p[1] == '\n', "a row must end in CRLF");
          p += 2;
          g_ptr_array_add (rows, row);
          row = g_ptr_array_new_with_free_func (g_free);
        }
    }
  g_ptr_array_unref (row);
  g_string_free (field, TRUE);
  return rows;
}

START_TEST (export_activities_and_passages)
{
  ingest_ok ("docs/records");
  g_auto (PueblaTestRun) run;
  run_puebla (&run, TRUE, "export", "activities", NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  g_autoptr (GPtrArray) rows = parse_csv (run.out);
  GPtrArray *header = g_ptr_array_index (rows, 0);
  static const gchar *const columns[] = { "record", "record_id", "kind", "meeting", "record_date", "page", "passage",
                                          "section", "theme", "objective", "action", "activities", "calendar",
                                          "other_cells", "countries", "orgs", "status", "earliest_date",
                                          "latest_date" };
  ck_assert_uint_eq (header->len, G_N_ELEMENTS (columns));
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    ck_assert_str_eq (g_ptr_array_index (header, i), columns[i]);
  ck_assert_uint_eq (rows->len - 1, 31 + 10 + 9); /* the rows of the three plans */

  gboolean found = FALSE;
  for (guint r = 1; r < rows->len; r++)
    {
      GPtrArray *row = g_ptr_array_index (rows, r);
      ck_assert_uint_eq (row->len, G_N_ELEMENTS (columns));
      const gchar *calendar = g_ptr_array_index (row, 12);
      g_autofree gchar *words = plain (calendar);
      if (!strstr (words, "se efectuó el seminario sobre legislación migratoria"))
        continue;
      found = TRUE;
      ck_assert_str_eq (g_ptr_array_index (row, 2), "plan-de-accion");
      ck_assert (g_str_has_prefix (g_ptr_array_index (row, 7), "POLÍTICAS Y GESTIÓN MIGRATORIA › 4."));
      ck_assert_str_eq (g_ptr_array_index (row, 8), "");                                /* theme cell empty… */
      ck_assert (strstr (g_ptr_array_index (row, 16), "completed"));
      ck_assert (strstr (g_ptr_array_index (row, 14), "GT"));
      ck_assert (strstr (g_ptr_array_index (row, 15), "OIM"));
      ck_assert_str_ge (g_ptr_array_index (row, 18), "2007-02-16");
    }
  ck_assert (found);

  /* JSONL: the same passages, one object a line */
  g_auto (PueblaTestRun) jl;
  run_puebla (&jl, TRUE, "export", "--format", "jsonl", "passages", "country:HN", NULL);
  ck_assert_int_eq (jl.status, 0);
  g_auto (GStrv) lines = g_strsplit (jl.out, "\n", -1);
  guint n = 0;
  for (guint i = 0; lines[i]; i++)
    {
      if (*lines[i] == '\0')
        continue;
      g_autoptr (JsonParser) parser = json_parser_new ();
      JsonObject *o = parse_object (parser, lines[i]);
      JsonArray *countries = json_object_get_array_member (o, "countries");
      gboolean hn = FALSE;
      for (guint c = 0; c < json_array_get_length (countries); c++)
        hn |= g_str_equal (json_array_get_string_element (countries, c), "HN");
      ck_assert_msg (hn, "%s", lines[i]);
      ck_assert (json_object_get_int_member (o, "passage") >= 1);
      n++;
    }
  ck_assert_uint_ge (n, 3);

  g_auto (PueblaTestRun) bad;
  run_puebla (&bad, TRUE, "export", "--format", "xml", "activities", NULL);
  ck_assert_int_eq (bad.status, 2);
  g_auto (PueblaTestRun) none;
  run_puebla (&none, TRUE, "export", NULL);
  ck_assert_int_eq (none.status, 2);
}
END_TEST

/* ---- Trace ---------------------------------------------------------------------------- */

static JsonObject *
trace_json (JsonParser *parser, const gchar *query)
{
  g_auto (PueblaTestRun) run;
  run_puebla (&run, TRUE, "trace", "--json", query, NULL);
  ck_assert_msg (run.status == 0, "trace %s: %s", query, run.err);
  return parse_object (parser, run.out);
}

static const gchar *
claim_date (JsonObject *trace, const gchar *claim)
{
  JsonNode *n = json_object_get_member (trace, claim);
  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return NULL;
  return json_object_get_string_member (json_node_get_object (n), "date");
}

/* Followed by reading the records: the seminar on migration legislation
   that OIM and ACNUR were to sponsor (plan of 2006) was held in Guatemala on
   15-16 February 2007; the forum "Sector Privado y Migración" announced for
   June 2005 (Panamá, December 2004) was held in February 2006, and the
   informe of 2003 calls it a workshop on the role of the private sector. */
START_TEST (trace_follows_activities_through_the_records)
{
  ingest_ok ("docs");
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *t = trace_json (parser, "seminario legislación migratoria");
  ck_assert_str_eq (claim_date (t, "completed"), "2007-02-15/2007-02-16");
  ck_assert_str_eq (json_object_get_string_member (t, "latest_status"), "completed");
  /* ten records: every passage that holds a word of the query was read */
  ck_assert (json_object_get_boolean_member (t, "complete"));
  ck_assert_int_gt (json_object_get_int_member (t, "candidates"), 0);
  ck_assert_int_le (json_object_get_int_member (t, "candidates"), 400);
  JsonObject *first = json_object_get_object_member (t, "first_proposed");
  JsonArray *by = json_object_get_array_member (first, "by");
  gboolean oim = FALSE, acnur = FALSE;
  for (guint i = 0; i < json_array_get_length (by); i++)
    {
      oim |= g_str_equal (json_array_get_string_element (by, i), "OIM");
      acnur |= g_str_equal (json_array_get_string_element (by, i), "ACNUR");
    }
  ck_assert (oim && acnur);
  JsonArray *events = json_object_get_array_member (t, "events");
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *e = json_array_get_object_element (events, i);
      ck_assert_uint_eq (strlen (json_object_get_string_member (e, "doc")), 16);
      ck_assert (*json_object_get_string_member (e, "quote"));
      ck_assert_int_ge (json_object_get_int_member (e, "passage"), 1);
      if (i > 0) /* in date order */
        ck_assert_str_ge (json_object_get_string_member (e, "date"),
                          json_object_get_string_member (json_array_get_object_element (events, i - 1), "date"));
    }

  g_autoptr (JsonParser) p2 = json_parser_new ();
  JsonObject *f = trace_json (p2, "foro sector privado migración");
  ck_assert_str_eq (claim_date (f, "first_proposed"), "2005-06");
  ck_assert_str_eq (claim_date (f, "completed"), "2006-02");
  gboolean reworded = FALSE;
  JsonArray *fe = json_object_get_array_member (f, "events");
  for (guint i = 0; i < json_array_get_length (fe); i++)
    reworded |= strstr (json_object_get_string_member (json_array_get_object_element (fe, i), "quote"),
                        "Rol del Sector Privado") != NULL;
  ck_assert (reworded);
}
END_TEST

/* Records the test writes: a proposal, a plan in the future tense, a
   negation; no completion recorded. */
START_TEST (trace_tense_negation_and_missing_dates)
{
  g_autofree gchar *dir = g_build_filename (scratch, "actas", NULL);
  g_mkdir (dir, 0755);
  g_autofree gchar *a = g_build_filename (dir, "a.txt", NULL);
  g_autofree gchar *b = g_build_filename (dir, "b.txt", NULL);
  ck_assert (g_file_set_contents (a, "CONCLUSIONES DEL GRCM\nTegucigalpa, 10 de marzo de 2009\n"
                                     "1. El Salvador propuso un taller regional sobre retorno de niños no acompañados.\n"
                                     "2. El taller regional sobre retorno de niños no acompañados se realizará en "
                                     "octubre de 2009 en San Salvador.\n", -1, NULL));
  ck_assert (g_file_set_contents (b, "CONCLUSIONES DEL GRCM\nPanamá, 4 de noviembre de 2010\n"
                                     "1. El taller regional sobre retorno de niños no acompañados no se realizó por "
                                     "falta de fondos.\n", -1, NULL));
  ingest_ok ("actas");
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *t = trace_json (parser, "taller retorno niños no acompañados");
  ck_assert_ptr_null (claim_date (t, "completed"));              /* planned is not done; not done is not done */
  ck_assert_str_eq (claim_date (t, "first_proposed"), "2009-03-10"); /* no date in the item: the record's */
  JsonArray *by = json_object_get_array_member (json_object_get_object_member (t, "first_proposed"), "by");
  ck_assert_str_eq (json_array_get_string_element (by, 0), "SV");
  ck_assert_str_eq (json_object_get_string_member (t, "latest_status"), "pending");
  JsonArray *events = json_object_get_array_member (t, "events");
  ck_assert_uint_eq (json_array_get_length (events), 3);
  JsonObject *planned = json_array_get_object_element (events, 1);
  ck_assert_str_eq (json_object_get_string_member (planned, "status"), "proposed");
  ck_assert_str_eq (json_object_get_string_member (planned, "date"), "2009-10");
  ck_assert_str_eq (json_object_get_string_member (planned, "dated_by"), "text");

  g_auto (PueblaTestRun) text;
  run_puebla (&text, TRUE, "trace", "taller retorno niños no acompañados", NULL);
  ck_assert (strstr (text.out, "no completion recorded"));

  g_auto (PueblaTestRun) nothing;
  run_puebla (&nothing, TRUE, "trace", "zarigüeyas voladoras", NULL);
  ck_assert_int_eq (nothing.status, 0);
  ck_assert (strstr (nothing.out, "0 events"));
}
END_TEST

static Suite *
cli_suite (void)
{
  Suite *s = suite_create ("cli");

  TCase *tc = tcase_create ("search");
  tcase_set_timeout (tc, 120);
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, first_ingest_adds_everything);
  tcase_add_test (tc, migracion_finds_all_five_records);
  tcase_add_test (tc, results_carry_what_the_json_format_promises);
  tcase_add_test (tc, phrase_finds_exactly_the_records_holding_it);
  tcase_add_test (tc, accented_query_finds_latin1_file);
  tcase_add_test (tc, query_operators_work);
  tcase_add_test (tc, bad_queries_are_errors);
  tcase_add_test (tc, search_without_index_says_so);
  tcase_add_test (tc, show_prints_metadata_and_pages);
  tcase_add_test (tc, every_command_has_help);
  suite_add_tcase (s, tc);

  tc = tcase_create ("incremental");
  tcase_set_timeout (tc, 120);
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, second_ingest_changes_nothing);
  tcase_add_test (tc, changed_file_is_replaced);
  tcase_add_test (tc, touched_file_is_unchanged);
  tcase_add_test (tc, removed_file_disappears);
  suite_add_tcase (s, tc);

  tc = tcase_create ("bad-input");
  tcase_set_timeout (tc, 120);
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, broken_files_get_verdicts_and_the_rest_is_indexed);
  tcase_add_test (tc, missing_path_is_reported);
  tcase_add_test (tc, missing_format_module_stops_ingest_before_any_file);
  tcase_add_test (tc, search_starts_without_the_modules_libraries);
  tcase_add_test (tc, missing_serve_module_stops_serve_only);
  tcase_add_test (tc, names_that_are_not_utf8_or_hold_controls);
  tcase_add_test (tc, empty_path_is_refused);
  suite_add_tcase (s, tc);

  tc = tcase_create ("entities");
  tcase_set_timeout (tc, 120);
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, entity_fields_count_what_a_reader_counts);
  tcase_add_test (tc, facets_count_the_matching_records);
  tcase_add_test (tc, snippets_show_where_an_entity_is_named);
  tcase_add_test (tc, entities_command_reads_a_file);
  tcase_add_test (tc, english_records_are_first_class);
  tcase_add_test (tc, passages_are_searched_and_cited);
  tcase_add_test (tc, export_activities_and_passages);
  tcase_add_test (tc, trace_follows_activities_through_the_records);
  tcase_add_test (tc, trace_tense_negation_and_missing_dates);
  suite_add_tcase (s, tc);

  tc = tcase_create ("walk");
  tcase_set_timeout (tc, 120);
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, change_within_the_second_is_seen);
  tcase_add_test (tc, removed_directory_leaves_the_index);
  tcase_add_test (tc, index_inside_a_walked_directory_is_not_walked);
  tcase_add_test (tc, files_given_twice_count_once);
  tcase_add_test (tc, files_added_by_hand_survive_a_walk_of_their_directory);
  tcase_add_test (tc, walk_follows_links_to_files_not_to_directories);
  tcase_add_test (tc, interrupted_ingest_keeps_its_work);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  SRunner *sr = srunner_create (cli_suite ());
  srunner_run_all (sr, CK_NORMAL);
  int failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
