/* check_gen_corpus.c: the benchmark corpus generator (bench/gen-corpus.c).
 *
 * The same seed gives the same bytes (files and manifest), another seed
 * other bytes, and a smaller corpus is the start of a bigger one; the mix
 * of forms is the target's at N=400; every text file decodes in the
 * encoding its manifest line declares (BOM and line ends included); every
 * PDF opens in poppler with the pages the manifest says; and `puebla
 * ingest` reads every record of a corpus of 60 with verdict ok, where each
 * record's unique token finds that record alone.
 *
 * The corpora are made once, before the suite runs (main).
 */
#include "scratch.h"

#include <check.h>
#include <json-glib/json-glib.h>
#include <poppler.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>

static gchar *scratch;
static gchar *big_a, *big_b, *small, *other; /* seed 11 × 400 twice, seed 11 × 60, seed 12 × 60 */

/* Runs ARGV to its end and returns its exit status; stdout in *OUT. */
static gint
run_sync (const gchar *const *argv, gchar **out /* OUT, nullable */)
{
  g_autofree gchar *err = NULL, *ignored = NULL;
  gint status = 0;
  g_autoptr (GError) error = NULL;
  ck_assert_msg (g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, out ? out : &ignored, &err,
                               &status, &error),
                 "cannot run %s: %s", argv[0], error ? error->message : "");
  ck_assert_msg (WIFEXITED (status), "%s died: %s", argv[0], err);
  if (WEXITSTATUS (status) != 0)
    fprintf (stderr, "%s: %s", argv[0], err);
  return WEXITSTATUS (status);
}

/* Made before the suite runs, where ck_assert cannot report: a failure
   here ends the program. */
static gchar *
generate (const gchar *name, const gchar *seed, const gchar *records, const gchar *jobs)
{
  gchar *dir = g_build_filename (scratch, name, NULL);
  const gchar *argv[] = { PUEBLA_GEN_CORPUS, "--seed", seed, "--records", records, "--out", dir, "--jobs", jobs, NULL };
  gint status = 0;
  g_autoptr (GError) error = NULL;
  if (!g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    g_error ("gen-corpus --seed %s --records %s: %s", seed, records, error->message);
  return dir;
}

static void
setup (void)
{
  scratch = puebla_test_scratch_new ("gen-corpus");
  big_a = generate ("a", "11", "400", "1");
  big_b = generate ("b", "11", "400", "2"); /* two threads: the same bytes */
  small = generate ("small", "11", "60", "1");
  other = generate ("other", "12", "60", "1");
}

static void
teardown (void)
{
  puebla_test_scratch_remove (scratch);
  g_clear_pointer (&scratch, g_free);
  g_clear_pointer (&big_a, g_free);
  g_clear_pointer (&big_b, g_free);
  g_clear_pointer (&small, g_free);
  g_clear_pointer (&other, g_free);
}

/* The manifest of DIR: its lines as JSON objects. */
static GPtrArray *
manifest (const gchar *dir)
{
  g_autofree gchar *path = g_build_filename (dir, "manifest.jsonl", NULL);
  g_autofree gchar *text = NULL;
  ck_assert (g_file_get_contents (path, &text, NULL, NULL));
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_auto (GStrv) split = g_strsplit (text, "\n", -1);
  for (guint i = 0; split[i]; i++)
    {
      if (split[i][0] == '\0')
        continue;
      g_autoptr (GError) error = NULL;
      JsonNode *node = json_from_string (split[i], &error);
      ck_assert_msg (node != NULL, "line %u: %s", i + 1, error ? error->message : "");
      g_ptr_array_add (lines, node);
    }
  return lines;
}

static JsonObject *
line (GPtrArray *lines, guint i)
{
  return json_node_get_object (g_ptr_array_index (lines, i));
}

static gchar *
contents (const gchar *dir, const gchar *rel, gsize *len /* OUT */)
{
  g_autofree gchar *path = g_build_filename (dir, rel, NULL);
  gchar *bytes = NULL;
  ck_assert_msg (g_file_get_contents (path, &bytes, len, NULL), "%s: cannot read", path);
  return bytes;
}

/* Every file of A (walked through its manifest) is byte for byte in B. */
static gboolean
same_files (const gchar *a, const gchar *b, guint n)
{
  g_autoptr (GPtrArray) lines = manifest (a);
  for (guint i = 0; i < n && i < lines->len; i++)
    {
      const gchar *rel = json_object_get_string_member (line (lines, i), "path");
      gsize la, lb;
      g_autofree gchar *ba = contents (a, rel, &la);
      g_autofree gchar *bb = contents (b, rel, &lb);
      if (la != lb || memcmp (ba, bb, la) != 0)
        return FALSE;
    }
  return TRUE;
}

/* ---- Determinism ------------------------------------------------------------------- */

START_TEST (same_seed_same_bytes)
{
  gsize la, lb;
  g_autofree gchar *ma = contents (big_a, "manifest.jsonl", &la);
  g_autofree gchar *mb = contents (big_b, "manifest.jsonl", &lb);
  ck_assert_uint_eq (la, lb);
  ck_assert (memcmp (ma, mb, la) == 0);
  ck_assert (same_files (big_a, big_b, 400));
}
END_TEST

START_TEST (smaller_corpus_is_a_prefix)
{
  g_autoptr (GPtrArray) a = manifest (big_a);
  g_autoptr (GPtrArray) s = manifest (small);
  ck_assert_uint_eq (s->len, 60);
  for (guint i = 0; i < s->len; i++)
    {
      g_autofree gchar *la = json_to_string (g_ptr_array_index (a, i), FALSE);
      g_autofree gchar *ls = json_to_string (g_ptr_array_index (s, i), FALSE);
      ck_assert_str_eq (la, ls);
    }
  ck_assert (same_files (small, big_a, 60));
}
END_TEST

START_TEST (other_seed_other_bytes)
{
  g_autoptr (GPtrArray) s = manifest (small);
  g_autoptr (GPtrArray) o = manifest (other);
  guint same_token = 0, same_size = 0;
  for (guint i = 0; i < s->len; i++)
    {
      JsonObject *a = line (s, i), *b = line (o, i);
      same_token += strcmp (json_object_get_string_member (a, "token"), json_object_get_string_member (b, "token")) == 0;
      same_size += json_object_get_int_member (a, "bytes") == json_object_get_int_member (b, "bytes");
    }
  ck_assert_uint_eq (same_token, 0);
  ck_assert_uint_lt (same_size, 3);
}
END_TEST

START_TEST (tokens_are_unique)
{
  g_autoptr (GPtrArray) lines = manifest (big_a);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < lines->len; i++)
    ck_assert (g_hash_table_add (seen, (gpointer) json_object_get_string_member (line (lines, i), "token")));
}
END_TEST

/* ---- The mix ----------------------------------------------------------------------- */

START_TEST (mix_of_forms_at_400)
{
  g_autoptr (GPtrArray) lines = manifest (big_a);
  ck_assert_uint_eq (lines->len, 400);
  guint utf8 = 0, eight_bit = 0, utf16 = 0, pdf = 0, tables_in_pdf = 0, small_text = 0, large_text = 0;
  for (guint i = 0; i < lines->len; i++)
    {
      JsonObject *o = line (lines, i);
      const gchar *enc = json_object_get_string_member (o, "encoding");
      gint64 text_bytes = json_object_get_int_member (o, "text_bytes");
      if (strcmp (enc, "UTF-8") == 0)
        utf8++;
      else if (strcmp (enc, "ISO-8859-1") == 0 || strcmp (enc, "WINDOWS-1252") == 0)
        eight_bit++;
      else if (g_str_has_prefix (enc, "UTF-16"))
        utf16++;
      else if (strcmp (enc, "pdf") == 0)
        {
          pdf++;
          tables_in_pdf += json_object_get_boolean_member (o, "table");
        }
      else
        ck_abort_msg ("unknown encoding %s", enc);
      ck_assert_int_ge (text_bytes, 2048);
      ck_assert_int_le (text_bytes, 70 * 1024);
      small_text += text_bytes < 8 * 1024;
      large_text += text_bytes > 40 * 1024;
    }
  /* within 3 points of 60 / 10 / 5 / 25 % */
  ck_assert_uint_le (abs ((gint) utf8 - 240), 12);
  ck_assert_uint_le (abs ((gint) eight_bit - 40), 12);
  ck_assert_uint_le (abs ((gint) utf16 - 20), 12);
  ck_assert_uint_le (abs ((gint) pdf - 100), 12);
  ck_assert_uint_ge (tables_in_pdf, 20);
  ck_assert_uint_ge (small_text, 40);
  ck_assert_uint_ge (large_text, 20);
}
END_TEST

/* ---- Encodings --------------------------------------------------------------------- */

START_TEST (text_decodes_as_declared)
{
  g_autoptr (GPtrArray) lines = manifest (big_a);
  guint bom = 0, no_bom = 0, crlf = 0;
  for (guint i = 0; i < lines->len; i++)
    {
      JsonObject *o = line (lines, i);
      const gchar *enc = json_object_get_string_member (o, "encoding");
      const gchar *rel = json_object_get_string_member (o, "path");
      if (strcmp (enc, "pdf") == 0)
        continue;
      gsize len;
      g_autofree gchar *bytes = contents (big_a, rel, &len);
      ck_assert_int_eq (len, json_object_get_int_member (o, "bytes"));
      const gchar *body = bytes;
      gsize body_len = len;
      gboolean has_bom = FALSE;
      if (g_str_has_prefix (enc, "UTF-16"))
        {
          const gchar *mark = strcmp (enc, "UTF-16LE") == 0 ? "\xff\xfe" : "\xfe\xff";
          has_bom = len >= 2 && memcmp (bytes, mark, 2) == 0;
          body += has_bom ? 2 : 0;
          body_len -= has_bom ? 2 : 0;
          ck_assert_msg (has_bom == json_object_get_boolean_member (o, "bom"), "%s: BOM", rel);
          bom += has_bom;
          no_bom += !has_bom;
        }
      if (strcmp (enc, "ISO-8859-1") == 0)
        for (gsize k = 0; k < len; k++)
          ck_assert_msg ((guchar) bytes[k] < 0x80 || (guchar) bytes[k] > 0x9f, "%s: C1 byte in Latin-1", rel);
      if (strcmp (enc, "WINDOWS-1252") == 0)
        {
          gboolean c1 = FALSE;
          for (gsize k = 0; k < len; k++)
            c1 |= (guchar) bytes[k] >= 0x80 && (guchar) bytes[k] <= 0x9f;
          ck_assert_msg (c1, "%s: no byte of Windows-1252's own", rel);
        }
      g_autoptr (GError) error = NULL;
      g_autofree gchar *utf8 = strcmp (enc, "UTF-8") == 0
                                 ? g_strndup (body, body_len)
                                 : g_convert (body, body_len, "UTF-8", enc, NULL, NULL, &error);
      ck_assert_msg (utf8 != NULL, "%s: not %s: %s", rel, enc, error ? error->message : "");
      ck_assert_msg (g_utf8_validate (utf8, -1, NULL), "%s: not %s", rel, enc);
      ck_assert_msg (strstr (utf8, json_object_get_string_member (o, "token")) != NULL, "%s: no token", rel);
      gsize cr = 0;
      for (const gchar *c = utf8; *c; c++)
        cr += *c == '\r';
      ck_assert_msg ((cr > 0) == json_object_get_boolean_member (o, "crlf"), "%s: line ends", rel);
      crlf += cr > 0;
      /* the text, LF line ends, is what the manifest says */
      ck_assert_int_eq (strlen (utf8) - cr, json_object_get_int_member (o, "text_bytes"));
    }
  ck_assert_uint_gt (bom, 0);
  ck_assert_uint_gt (no_bom, 0);
  ck_assert_uint_gt (crlf, 0);
}
END_TEST

START_TEST (pdfs_open_in_poppler)
{
  g_autoptr (GPtrArray) lines = manifest (small);
  guint pdfs = 0;
  for (guint i = 0; i < lines->len; i++)
    {
      JsonObject *o = line (lines, i);
      if (strcmp (json_object_get_string_member (o, "encoding"), "pdf") != 0)
        continue;
      pdfs++;
      g_autofree gchar *path = g_build_filename (small, json_object_get_string_member (o, "path"), NULL);
      g_autofree gchar *uri = g_filename_to_uri (path, NULL, NULL);
      g_autoptr (GError) error = NULL;
      PopplerDocument *doc = poppler_document_new_from_file (uri, NULL, &error);
      ck_assert_msg (doc != NULL, "%s: %s", path, error ? error->message : "");
      gint pages = poppler_document_get_n_pages (doc);
      ck_assert_int_eq (pages, json_object_get_int_member (o, "pages"));
      GString *text = g_string_new (NULL);
      for (gint p = 0; p < pages; p++)
        {
          PopplerPage *page = poppler_document_get_page (doc, p);
          g_autofree gchar *t = poppler_page_get_text (page);
          g_string_append (text, t);
          g_object_unref (page); /* poppler-glib 22 has no autoptr for its types */
        }
      ck_assert_msg (strstr (text->str, json_object_get_string_member (o, "token")) != NULL, "%s: no token", path);
      g_string_free (text, TRUE);
      g_object_unref (doc);
    }
  ck_assert_uint_ge (pdfs, 10);
}
END_TEST

/* ---- End to end -------------------------------------------------------------------- */

START_TEST (puebla_finds_every_record_by_its_token)
{
  g_autofree gchar *db = g_build_filename (scratch, "db", NULL);
  g_autofree gchar *records = g_build_filename (small, "records", NULL);
  g_autofree gchar *out = NULL;
  const gchar *ingest[] = { PUEBLA_BINARY, "ingest", "--json", "--quiet", "--db", db, records, NULL };
  ck_assert_int_eq (run_sync (ingest, &out), 0);
  g_autoptr (JsonNode) summary = json_from_string (out, NULL);
  ck_assert (summary != NULL);
  JsonObject *s = json_node_get_object (summary);
  ck_assert_int_eq (json_object_get_int_member (s, "added"), 60);
  ck_assert_int_eq (json_object_get_int_member (s, "failed"), 0);

  g_autoptr (GPtrArray) lines = manifest (small);
  for (guint i = 0; i < lines->len; i++)
    {
      JsonObject *o = line (lines, i);
      const gchar *token = json_object_get_string_member (o, "token");
      g_autofree gchar *res = NULL;
      const gchar *search[] = { PUEBLA_BINARY, "search", "--json", "--db", db, token, NULL };
      ck_assert_int_eq (run_sync (search, &res), 0);
      g_autoptr (JsonNode) node = json_from_string (res, NULL);
      ck_assert (node != NULL);
      JsonObject *r = json_node_get_object (node);
      ck_assert_msg (json_object_get_int_member (r, "total") == 1, "%s: %" G_GINT64_FORMAT " records", token,
                     json_object_get_int_member (r, "total"));
      JsonArray *hits = json_object_get_array_member (r, "results");
      const gchar *path = json_object_get_string_member (json_array_get_object_element (hits, 0), "path");
      ck_assert_msg (g_str_has_suffix (path, json_object_get_string_member (o, "path")), "%s found %s", token, path);
    }
}
END_TEST

static Suite *
gen_corpus_suite (void)
{
  Suite *s = suite_create ("gen_corpus");
  TCase *tc = tcase_create ("determinism");
  tcase_add_test (tc, same_seed_same_bytes);
  tcase_add_test (tc, smaller_corpus_is_a_prefix);
  tcase_add_test (tc, other_seed_other_bytes);
  tcase_add_test (tc, tokens_are_unique);
  suite_add_tcase (s, tc);

  tc = tcase_create ("mix");
  tcase_add_test (tc, mix_of_forms_at_400);
  tcase_add_test (tc, text_decodes_as_declared);
  tcase_add_test (tc, pdfs_open_in_poppler);
  tcase_set_timeout (tc, 60);
  suite_add_tcase (s, tc);

  tc = tcase_create ("end_to_end");
  tcase_add_test (tc, puebla_finds_every_record_by_its_token);
  tcase_set_timeout (tc, 240);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  setup ();
  SRunner *sr = srunner_create (gen_corpus_suite ());
  srunner_run_all (sr, CK_NORMAL);
  int failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  teardown ();
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
