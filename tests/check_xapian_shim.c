/* check_xapian_shim.c: unit tests of index/xapian-shim.h, the C API over
 * Xapian. Each test works in its own temporary directory, made by the
 * checked fixture and removed afterwards. */

#include <check.h>
#include <gio/gio.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "xapian-shim.h"

#define SLOT_YEAR 0
#define SLOT_OTHER 1

static gchar *tmpdir;

static void
rm_rf (const gchar *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      GDir *dir = g_dir_open (path, 0, NULL);
      if (dir != NULL)
        {
          const gchar *name;
          while ((name = g_dir_read_name (dir)) != NULL)
            {
              g_autofree gchar *child = g_build_filename (path, name, NULL);
              rm_rf (child);
            }
          g_dir_close (dir);
        }
    }
  g_remove (path);
}

static void
setup (void)
{
  g_autoptr (GError) error = NULL;
  tmpdir = g_dir_make_tmp ("puebla-shim-XXXXXX", &error);
  ck_assert_msg (tmpdir != NULL, "g_dir_make_tmp: %s", error ? error->message : "?");
}

static void
teardown (void)
{
  if (tmpdir != NULL)
    rm_rf (tmpdir);
  g_clear_pointer (&tmpdir, g_free);
}

static gchar *
db_path (const gchar *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static gboolean
ptr_array_has (GPtrArray *array, const gchar *s)
{
  for (guint i = 0; i < array->len; i++)
    if (g_strcmp0 (g_ptr_array_index (array, i), s) == 0)
      return TRUE;
  return FALSE;
}

static void
set_year (PueblaXapianDocument *doc, gdouble year)
{
  gsize len = 0;
  g_autofree gchar *v = puebla_xapian_sortable_serialise (year, &len);
  puebla_xapian_document_set_value (doc, SLOT_YEAR, v, len);
}

/* A database with three documents, committed and closed:
 *   1: Qdoc1 Kpdf, title "quick brown fox", body "the quick brown fox jumps
 *      over the lazy dog", year 2020, data "data-1"
 *   2: Qdoc2 Khtml, body "lazy cats sleep all day brown", year 2021, data
 *      "da\0ta" (5 bytes)
 *   3: Qdoc3 Kpdf, body "fox hunting is banned", no year, no data */
static gchar *
make_sample_db (void)
{
  g_autoptr (GError) error = NULL;
  gchar *path = db_path ("sample");

  g_autoptr (PueblaXapianWritable) w = puebla_xapian_writable_open (path, TRUE, &error);
  ck_assert_msg (w != NULL, "open: %s", error ? error->message : "?");

  {
    g_autoptr (PueblaXapianDocument) doc = puebla_xapian_document_new ();
    puebla_xapian_document_index_text (doc, "quick brown fox", "S", 1, NULL);
    puebla_xapian_document_index_text (doc, "the quick brown fox jumps over the lazy dog", "", 1, NULL);
    puebla_xapian_document_add_boolean_term (doc, "Qdoc1");
    puebla_xapian_document_add_boolean_term (doc, "Kpdf");
    set_year (doc, 2020);
    puebla_xapian_document_set_data (doc, "data-1", 6);
    ck_assert (puebla_xapian_writable_replace (w, "Qdoc1", doc, &error));
  }
  {
    g_autoptr (PueblaXapianDocument) doc = puebla_xapian_document_new ();
    puebla_xapian_document_index_text (doc, "lazy cats sleep all day brown", "", 1, NULL);
    puebla_xapian_document_add_boolean_term (doc, "Qdoc2");
    puebla_xapian_document_add_boolean_term (doc, "Khtml");
    set_year (doc, 2021);
    puebla_xapian_document_set_data (doc, "da\0ta", 5);
    ck_assert (puebla_xapian_writable_replace (w, "Qdoc2", doc, &error));
  }
  {
    g_autoptr (PueblaXapianDocument) doc = puebla_xapian_document_new ();
    puebla_xapian_document_index_text (doc, "fox hunting is banned", "", 1, NULL);
    puebla_xapian_document_add_boolean_term (doc, "Qdoc3");
    puebla_xapian_document_add_boolean_term (doc, "Kpdf");
    ck_assert (puebla_xapian_writable_replace (w, "Qdoc3", doc, &error));
  }
  ck_assert_msg (puebla_xapian_writable_commit (w, &error), "commit: %s",
                 error ? error->message : "?");
  return path;
}

static const PueblaXapianField sample_fields[] = {
  { "title", "S", FALSE, NULL, NULL },
  { "type", "K", TRUE, NULL, NULL },
  { NULL, NULL, FALSE, NULL, NULL },
};

/* Parses QS (default AND, sample fields, no stemmer), runs it, returns the
 * matching docids in rank order as a string like "1,3" (sorted by docid
 * when SORTED). */
static gchar *
search_ids (PueblaXapianDatabase *db, const gchar *qs, gboolean sorted)
{
  g_autoptr (GError) error = NULL;
  PueblaXapianParseOptions opts = { .default_and = TRUE, .fields = sample_fields };

  g_autoptr (PueblaXapianQuery) q = puebla_xapian_query_parse (db, qs, &opts, &error);
  ck_assert_msg (q != NULL, "parse '%s': %s", qs, error ? error->message : "?");
  g_autoptr (PueblaXapianResults) r = puebla_xapian_database_search (db, q, 0, 100, 0, 0, &error);
  ck_assert_msg (r != NULL, "search '%s': %s", qs, error ? error->message : "?");

  guint n = puebla_xapian_results_get_size (r);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < n; i++)
    {
      guint id = puebla_xapian_results_get_docid (r, i);
      g_array_append_val (ids, id);
    }
  if (sorted)
    {
      for (guint i = 1; i < ids->len; i++)
        for (guint j = i; j > 0 && g_array_index (ids, guint, j - 1) > g_array_index (ids, guint, j); j--)
          {
            guint t = g_array_index (ids, guint, j);
            g_array_index (ids, guint, j) = g_array_index (ids, guint, j - 1);
            g_array_index (ids, guint, j - 1) = t;
          }
    }

  GString *out = g_string_new (NULL);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (out, "%s%u", i ? "," : "", g_array_index (ids, guint, i));
  return g_string_free (out, FALSE);
}

#define assert_search(db, qs, expected)                         \
  G_STMT_START {                                                \
    g_autofree gchar *_got = search_ids ((db), (qs), TRUE);     \
    ck_assert_msg (g_strcmp0 (_got, (expected)) == 0,           \
                   "query '%s': got [%s], expected [%s]",       \
                   (qs), _got, (expected));                     \
  } G_STMT_END

/* ---- Errors ---------------------------------------------------------------- */

START_TEST (test_open_missing_for_reading)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = db_path ("missing");

  PueblaXapianDatabase *db = puebla_xapian_database_open (path, &error);
  ck_assert_ptr_null (db);
  ck_assert_ptr_nonnull (error);
  ck_assert_uint_eq (error->domain, PUEBLA_XAPIAN_ERROR);
  ck_assert_int_eq (error->code, PUEBLA_XAPIAN_ERROR_NOT_FOUND);
  ck_assert_msg (strstr (error->message, path) != NULL, "message lacks the path: %s", error->message);
}
END_TEST

START_TEST (test_open_missing_writable_no_create)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = db_path ("missing");

  PueblaXapianWritable *w = puebla_xapian_writable_open (path, FALSE, &error);
  ck_assert_ptr_null (w);
  ck_assert_ptr_nonnull (error);
  ck_assert_uint_eq (error->domain, PUEBLA_XAPIAN_ERROR);
  ck_assert_int_eq (error->code, PUEBLA_XAPIAN_ERROR_NOT_FOUND);
  ck_assert_msg (strstr (error->message, path) != NULL, "message lacks the path: %s", error->message);
  /* And nothing was created. */
  ck_assert (!g_file_test (path, G_FILE_TEST_EXISTS));
}
END_TEST

START_TEST (test_create_makes_parent_directories)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = g_build_filename (tmpdir, "a", "b", "db", NULL);

  g_autoptr (PueblaXapianWritable) w = puebla_xapian_writable_open (path, TRUE, &error);
  ck_assert_msg (w != NULL, "open: %s", error ? error->message : "?");
  ck_assert (puebla_xapian_writable_commit (w, &error));
  g_clear_pointer (&w, puebla_xapian_writable_close);

  g_autoptr (PueblaXapianDatabase) db = puebla_xapian_database_open (path, &error);
  ck_assert_msg (db != NULL, "reopen: %s", error ? error->message : "?");
  ck_assert_uint_eq (puebla_xapian_database_get_doc_count (db), 0);
}
END_TEST

START_TEST (test_second_writer_is_locked)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = db_path ("locked");

  PueblaXapianWritable *w1 = puebla_xapian_writable_open (path, TRUE, &error);
  ck_assert_msg (w1 != NULL, "open: %s", error ? error->message : "?");

  PueblaXapianWritable *w2 = puebla_xapian_writable_open (path, TRUE, &error);
  ck_assert_ptr_null (w2);
  ck_assert_ptr_nonnull (error);
  ck_assert_uint_eq (error->domain, PUEBLA_XAPIAN_ERROR);
  ck_assert_int_eq (error->code, PUEBLA_XAPIAN_ERROR_LOCKED);
  ck_assert_msg (strstr (error->message, path) != NULL, "message lacks the path: %s", error->message);
  g_clear_error (&error);

  /* A reader is fine alongside the writer. */
  PueblaXapianDatabase *r = puebla_xapian_database_open (path, &error);
  ck_assert_msg (r != NULL, "reader: %s", error ? error->message : "?");
  puebla_xapian_database_close (r);

  /* Closing releases the lock. */
  puebla_xapian_writable_close (w1);
  w2 = puebla_xapian_writable_open (path, FALSE, &error);
  ck_assert_msg (w2 != NULL, "open after close: %s", error ? error->message : "?");
  puebla_xapian_writable_close (w2);
}
END_TEST

static void
overwrite_all_files (const gchar *dirpath)
{
  GDir *dir = g_dir_open (dirpath, 0, NULL);
  ck_assert_ptr_nonnull (dir);
  gchar garbage[8192];
  for (gsize i = 0; i < sizeof garbage; i++)
    garbage[i] = (gchar) (0x5a ^ (i * 31));
  const gchar *name;
  guint n = 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree gchar *file = g_build_filename (dirpath, name, NULL);
      if (g_file_test (file, G_FILE_TEST_IS_REGULAR))
        {
          ck_assert (g_file_set_contents (file, garbage, sizeof garbage, NULL));
          n++;
        }
    }
  g_dir_close (dir);
  ck_assert_uint_gt (n, 0);
}

/* What Xapian 1.4.22 throws for a glass database whose files are all
 * garbage: DatabaseCorruptError "Rev file magic incorrect" (from the
 * version file iamglass; "Couldn't read enough (EOF)" when it is short),
 * reported as CORRUPT. Without iamglass it is DatabaseNotFoundError
 * "Couldn't detect type of database", i.e. NOT_FOUND. */
START_TEST (test_corrupt_database)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = make_sample_db ();
  overwrite_all_files (path);

  PueblaXapianDatabase *db = puebla_xapian_database_open (path, &error);
  ck_assert_ptr_null (db);
  ck_assert_ptr_nonnull (error);
  ck_assert_uint_eq (error->domain, PUEBLA_XAPIAN_ERROR);
  ck_assert_msg (error->code == PUEBLA_XAPIAN_ERROR_CORRUPT,
                 "expected CORRUPT, got code %d: %s", error->code, error->message);
  ck_assert_msg (strstr (error->message, path) != NULL, "message lacks the path: %s", error->message);
  g_clear_error (&error);

  PueblaXapianWritable *w = puebla_xapian_writable_open (path, FALSE, &error);
  ck_assert_ptr_null (w);
  ck_assert_ptr_nonnull (error);
  ck_assert_msg (error->code == PUEBLA_XAPIAN_ERROR_CORRUPT,
                 "expected CORRUPT, got code %d: %s", error->code, error->message);
}
END_TEST

START_TEST (test_unknown_stemmer_language)
{
  g_autoptr (GError) error = NULL;

  PueblaXapianStemmer *s = puebla_xapian_stemmer_new ("klingon", &error);
  ck_assert_ptr_null (s);
  ck_assert_ptr_nonnull (error);
  ck_assert_uint_eq (error->domain, PUEBLA_XAPIAN_ERROR);
  ck_assert_int_eq (error->code, PUEBLA_XAPIAN_ERROR_FAILED);
  ck_assert_msg (strstr (error->message, "klingon") != NULL, "%s", error->message);
}
END_TEST

/* ---- Indexing and searching ---------------------------------------------------- */

START_TEST (test_search_round_trip)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = make_sample_db ();

  g_autoptr (PueblaXapianDatabase) db = puebla_xapian_database_open (path, &error);
  ck_assert_msg (db != NULL, "open: %s", error ? error->message : "?");
  ck_assert_uint_eq (puebla_xapian_database_get_doc_count (db), 3);
  ck_assert_uint_eq (puebla_xapian_database_get_term_freq (db, "Kpdf"), 2);
  ck_assert_uint_eq (puebla_xapian_database_get_term_freq (db, "fox"), 2);
  ck_assert_uint_eq (puebla_xapian_database_get_term_freq (db, "nothing"), 0);

  PueblaXapianParseOptions opts = { .default_and = TRUE, .fields = sample_fields };
  g_autoptr (PueblaXapianQuery) q = puebla_xapian_query_parse (db, "lazy brown", &opts, &error);
  ck_assert_msg (q != NULL, "parse: %s", error ? error->message : "?");
  g_autoptr (PueblaXapianResults) r = puebla_xapian_database_search (db, q, 0, 10, 0, 0, &error);
  ck_assert_msg (r != NULL, "search: %s", error ? error->message : "?");
  ck_assert_uint_eq (puebla_xapian_results_get_size (r), 2);
  ck_assert_uint_eq (puebla_xapian_results_get_estimated (r), 2);
  ck_assert_uint_le (puebla_xapian_results_get_lower_bound (r), 2);
  ck_assert_uint_ge (puebla_xapian_results_get_upper_bound (r), 2);
  ck_assert (puebla_xapian_results_get_weight (r, 0) > 0.0);
  ck_assert (puebla_xapian_results_get_weight (r, 0) >= puebla_xapian_results_get_weight (r, 1));
  ck_assert_int_eq (puebla_xapian_results_get_percent (r, 0), 100);

  gboolean seen1 = FALSE, seen2 = FALSE;
  for (guint i = 0; i < 2; i++)
    {
      guint id = puebla_xapian_results_get_docid (r, i);
      g_autoptr (PueblaXapianDocument) doc = puebla_xapian_results_get_document (r, i, &error);
      ck_assert_msg (doc != NULL, "get_document: %s", error ? error->message : "?");
      gsize len = 99, vlen = 0, olen = 99;
      g_autofree gchar *data = puebla_xapian_document_get_data (doc, &len);
      g_autofree gchar *year = puebla_xapian_document_get_value (doc, SLOT_YEAR, &vlen);
      g_autofree gchar *other = puebla_xapian_document_get_value (doc, SLOT_OTHER, &olen);
      ck_assert_str_eq (other, "");
      ck_assert_uint_eq (olen, 0);
      if (id == 1)
        {
          seen1 = TRUE;
          ck_assert_uint_eq (len, 6);
          ck_assert_str_eq (data, "data-1");
          ck_assert (puebla_xapian_sortable_unserialise (year, vlen) == 2020.0);
        }
      else
        {
          ck_assert_uint_eq (id, 2);
          seen2 = TRUE;
          ck_assert_uint_eq (len, 5);
          ck_assert_mem_eq (data, "da\0ta", 6);   /* incl. the added NUL */
          ck_assert (puebla_xapian_sortable_unserialise (year, vlen) == 2021.0);
        }
    }
  ck_assert (seen1 && seen2);

  /* Out of range: NULL with an error, no crash. */
  PueblaXapianDocument *none = puebla_xapian_results_get_document (r, 5, &error);
  ck_assert_ptr_null (none);
  ck_assert_ptr_nonnull (error);
  g_clear_error (&error);

  /* Offset and limit. */
  g_autoptr (PueblaXapianResults) r2 = puebla_xapian_database_search (db, q, 1, 10, 0, 0, &error);
  ck_assert_ptr_nonnull (r2);
  ck_assert_uint_eq (puebla_xapian_results_get_size (r2), 1);
  ck_assert_uint_eq (puebla_xapian_results_get_docid (r2, 0), puebla_xapian_results_get_docid (r, 1));
  ck_assert_uint_eq (puebla_xapian_results_get_estimated (r2), 2);

  /* find_document. */
  g_autoptr (PueblaXapianDocument) found = puebla_xapian_database_find_document (db, "Qdoc3", &error);
  ck_assert_ptr_nonnull (found);
  g_autoptr (GPtrArray) terms = puebla_xapian_document_get_terms (found);
  ck_assert (ptr_array_has (terms, "hunting"));
  ck_assert (ptr_array_has (terms, "Kpdf"));
  PueblaXapianDocument *missing = puebla_xapian_database_find_document (db, "Qnope", &error);
  ck_assert_ptr_null (missing);
  ck_assert_ptr_null (error);
}
END_TEST

START_TEST (test_document_terms_and_limits)
{
  g_autoptr (PueblaXapianDocument) doc = puebla_xapian_document_new ();
  puebla_xapian_document_index_text (doc, "beta alpha", "", 1, NULL);
  puebla_xapian_document_index_text (doc, "gamma", "S", 1, NULL);
  puebla_xapian_document_add_boolean_term (doc, "Qid");

  gchar *long_term = g_strnfill (300, 'x');
  puebla_xapian_document_add_boolean_term (doc, long_term);
  g_free (long_term);

  g_autoptr (GPtrArray) terms = puebla_xapian_document_get_terms (doc);
  ck_assert_uint_eq (terms->len, 4);
  /* Sorted (byte order). */
  ck_assert_str_eq (g_ptr_array_index (terms, 0), "Qid");
  ck_assert_str_eq (g_ptr_array_index (terms, 1), "Sgamma");
  ck_assert_str_eq (g_ptr_array_index (terms, 2), "alpha");
  ck_assert_str_eq (g_ptr_array_index (terms, 3), "beta");

  /* Unset data and values are empty strings. */
  gsize len = 42;
  g_autofree gchar *data = puebla_xapian_document_get_data (doc, &len);
  ck_assert_str_eq (data, "");
  ck_assert_uint_eq (len, 0);
}
END_TEST

START_TEST (test_phrases)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = make_sample_db ();
  g_autoptr (PueblaXapianDatabase) db = puebla_xapian_database_open (path, &error);
  ck_assert_ptr_nonnull (db);

  assert_search (db, "\"brown fox\"", "1");
  assert_search (db, "\"fox brown\"", "");
  assert_search (db, "\"quick fox\"", "");         /* not adjacent */
  assert_search (db, "quick fox", "1");
  assert_search (db, "\"lazy dog\"", "1");
  assert_search (db, "title:\"brown fox\"", "1");
  assert_search (db, "title:dog", "");
}
END_TEST

START_TEST (test_exclusion)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = make_sample_db ();
  g_autoptr (PueblaXapianDatabase) db = puebla_xapian_database_open (path, &error);
  ck_assert_ptr_nonnull (db);

  assert_search (db, "fox", "1,3");
  assert_search (db, "fox NOT hunting", "1");
  assert_search (db, "fox -hunting", "1");
  assert_search (db, "brown -fox", "2");
  assert_search (db, "NOT fox", "2");               /* FLAG_PURE_NOT */
  assert_search (db, "fox OR cats", "1,2,3");
  assert_search (db, "fox type:pdf", "1,3");
  assert_search (db, "brown type:pdf", "1");
  assert_search (db, "brown -type:pdf", "2");
  assert_search (db, "", "1,2,3");                  /* empty: everything */
  assert_search (db, "  \t ", "1,2,3");
  assert_search (db, "fo*", "1,3");                 /* wildcard */
}
END_TEST

START_TEST (test_phrase_does_not_span_index_calls)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = db_path ("span");

  g_autoptr (PueblaXapianWritable) w = puebla_xapian_writable_open (path, TRUE, &error);
  ck_assert_ptr_nonnull (w);
  g_autoptr (PueblaXapianDocument) doc = puebla_xapian_document_new ();
  puebla_xapian_document_index_text (doc, "alpha beta", "", 1, NULL);
  puebla_xapian_document_index_text (doc, "gamma delta", "", 1, NULL);
  puebla_xapian_document_add_boolean_term (doc, "Qspan");
  ck_assert (puebla_xapian_writable_replace (w, "Qspan", doc, &error));
  ck_assert (puebla_xapian_writable_commit (w, &error));

  /* Through the borrowed reader of the writer. */
  PueblaXapianDatabase *db = puebla_xapian_writable_get_database (w);
  ck_assert_ptr_nonnull (db);
  assert_search (db, "\"alpha beta\"", "1");
  assert_search (db, "\"gamma delta\"", "1");
  assert_search (db, "\"beta gamma\"", "");
  assert_search (db, "beta gamma", "1");
}
END_TEST

START_TEST (test_query_combinators)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = make_sample_db ();
  g_autoptr (PueblaXapianDatabase) db = puebla_xapian_database_open (path, &error);
  ck_assert_ptr_nonnull (db);

  g_autoptr (PueblaXapianQuery) all = puebla_xapian_query_new_match_all ();
  g_autoptr (PueblaXapianQuery) pdf = puebla_xapian_query_new_term ("Kpdf");
  g_autoptr (PueblaXapianQuery) fox = puebla_xapian_query_new_term ("fox");

  g_autoptr (PueblaXapianQuery) f = puebla_xapian_query_filter (all, pdf);
  g_autoptr (PueblaXapianResults) r1 = puebla_xapian_database_search (db, f, 0, 10, 0, 0, &error);
  ck_assert_uint_eq (puebla_xapian_results_get_size (r1), 2);

  g_autoptr (PueblaXapianQuery) n = puebla_xapian_query_and_not (pdf, fox);
  g_autoptr (PueblaXapianResults) r2 = puebla_xapian_database_search (db, n, 0, 10, 0, 0, &error);
  ck_assert_uint_eq (puebla_xapian_results_get_size (r2), 0);

  g_autoptr (PueblaXapianQuery) n2 = puebla_xapian_query_and_not (all, fox);
  g_autoptr (PueblaXapianResults) r3 = puebla_xapian_database_search (db, n2, 0, 10, 0, 0, &error);
  ck_assert_uint_eq (puebla_xapian_results_get_size (r3), 1);
  ck_assert_uint_eq (puebla_xapian_results_get_docid (r3, 0), 2);

  g_autofree gchar *desc = puebla_xapian_query_describe (n2);
  ck_assert_msg (strstr (desc, "AND_NOT") != NULL, "%s", desc);

  /* The arguments were not consumed: still usable. */
  g_autoptr (PueblaXapianResults) r4 = puebla_xapian_database_search (db, fox, 0, 10, 0, 0, &error);
  ck_assert_uint_eq (puebla_xapian_results_get_size (r4), 2);
}
END_TEST

START_TEST (test_query_terms)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PueblaXapianStemmer) en = puebla_xapian_stemmer_new ("english", &error);
  ck_assert_ptr_nonnull (en);
  PueblaXapianParseOptions opts = { .stemmer = en, .default_and = FALSE, .fields = sample_fields };

  g_autoptr (PueblaXapianQuery) q =
    puebla_xapian_query_parse (NULL, "title:running \"brown foxes\" type:pdf cats", &opts, &error);
  ck_assert_msg (q != NULL, "parse: %s", error ? error->message : "?");
  g_autoptr (GPtrArray) terms = puebla_xapian_query_get_terms (q);
  g_autofree gchar *desc = puebla_xapian_query_describe (q);
  ck_assert_msg (ptr_array_has (terms, "ZSrun"), "%s", desc);
  ck_assert_msg (ptr_array_has (terms, "brown"), "%s", desc);   /* phrases are not stemmed */
  ck_assert_msg (ptr_array_has (terms, "foxes"), "%s", desc);
  ck_assert_msg (ptr_array_has (terms, "Kpdf"), "%s", desc);
  ck_assert_msg (ptr_array_has (terms, "Zcat"), "%s", desc);
  ck_assert_uint_eq (terms->len, 5);

  /* Match-all has no real terms. */
  g_autoptr (PueblaXapianQuery) all = puebla_xapian_query_parse (NULL, "", &opts, &error);
  ck_assert_ptr_nonnull (all);
  g_autoptr (GPtrArray) none = puebla_xapian_query_get_terms (all);
  ck_assert_uint_eq (none->len, 0);

  /* Without options: no stemming, OR. */
  g_autoptr (PueblaXapianQuery) plain = puebla_xapian_query_parse (NULL, "cats dogs", NULL, &error);
  ck_assert_ptr_nonnull (plain);
  g_autoptr (GPtrArray) pt = puebla_xapian_query_get_terms (plain);
  ck_assert_uint_eq (pt->len, 2);
  ck_assert_str_eq (g_ptr_array_index (pt, 0), "cats");
  ck_assert_str_eq (g_ptr_array_index (pt, 1), "dogs");
  g_autofree gchar *pdesc = puebla_xapian_query_describe (plain);
  ck_assert_msg (strstr (pdesc, " OR ") != NULL, "%s", pdesc);
}
END_TEST

START_TEST (test_query_parse_errors)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = make_sample_db ();
  g_autoptr (PueblaXapianDatabase) db = puebla_xapian_database_open (path, &error);
  ck_assert_ptr_nonnull (db);
  PueblaXapianParseOptions opts = { .default_and = TRUE, .fields = sample_fields };

  /* Xapian throws QueryParserError for an operator without operand. */
  const gchar *bad[] = { "apple AND", "OR pear", "a NOT", "(a OR) b" };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      PueblaXapianQuery *q = puebla_xapian_query_parse (db, bad[i], &opts, &error);
      ck_assert_msg (q == NULL, "'%s' parsed", bad[i]);
      ck_assert_ptr_nonnull (error);
      ck_assert_uint_eq (error->domain, PUEBLA_XAPIAN_ERROR);
      ck_assert_int_eq (error->code, PUEBLA_XAPIAN_ERROR_BAD_QUERY);
      ck_assert_msg (strstr (error->message, "Syntax") != NULL, "%s", error->message);
      g_clear_error (&error);
    }

  /* Other syntax errors are quietly reparsed by Xapian without the syntax
   * flags: a valid query, no crash. */
  const gchar *lenient[] = { "\"unbalanced", "(fox", "fox)", "\"", "()", "*", "-", "title:" };
  for (gsize i = 0; i < G_N_ELEMENTS (lenient); i++)
    {
      g_autoptr (PueblaXapianQuery) q = puebla_xapian_query_parse (db, lenient[i], &opts, &error);
      ck_assert_msg (q != NULL, "'%s': %s", lenient[i], error ? error->message : "?");
      g_autoptr (PueblaXapianResults) r = puebla_xapian_database_search (db, q, 0, 10, 0, 0, &error);
      ck_assert_msg (r != NULL, "'%s': %s", lenient[i], error ? error->message : "?");
    }
  assert_search (db, "\"unbalanced", "");
  assert_search (db, "(fox", "1,3");
}
END_TEST

/* ---- Writable database ---------------------------------------------------------- */

static PueblaXapianDocument *
doc_with (const gchar *id_term, const gchar *text)
{
  PueblaXapianDocument *doc = puebla_xapian_document_new ();
  puebla_xapian_document_index_text (doc, text, "", 1, NULL);
  puebla_xapian_document_add_boolean_term (doc, id_term);
  puebla_xapian_document_set_data (doc, text, strlen (text));
  return doc;
}

START_TEST (test_replace_and_delete)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = db_path ("replace");

  g_autoptr (PueblaXapianWritable) w = puebla_xapian_writable_open (path, TRUE, &error);
  ck_assert_ptr_nonnull (w);
  PueblaXapianDatabase *view = puebla_xapian_writable_get_database (w);
  ck_assert_ptr_nonnull (view);
  ck_assert_ptr_eq (view, puebla_xapian_writable_get_database (w));

  g_autoptr (PueblaXapianDocument) d1 = doc_with ("Qa", "first version");
  ck_assert (puebla_xapian_writable_replace (w, "Qa", d1, &error));
  /* The borrowed reader sees changes not yet committed. */
  ck_assert_uint_eq (puebla_xapian_database_get_doc_count (view), 1);

  g_autoptr (PueblaXapianDocument) d2 = doc_with ("Qa", "second version");
  ck_assert (puebla_xapian_writable_replace (w, "Qa", d2, &error));
  g_autoptr (PueblaXapianDocument) d3 = doc_with ("Qb", "another one");
  ck_assert (puebla_xapian_writable_replace (w, "Qb", d3, &error));
  ck_assert (puebla_xapian_writable_commit (w, &error));

  ck_assert_uint_eq (puebla_xapian_database_get_doc_count (view), 2);
  ck_assert_uint_eq (puebla_xapian_database_get_term_freq (view, "Qa"), 1);
  ck_assert_uint_eq (puebla_xapian_database_get_term_freq (view, "first"), 0);
  {
    g_autoptr (PueblaXapianDocument) got = puebla_xapian_database_find_document (view, "Qa", &error);
    ck_assert_ptr_nonnull (got);
    g_autofree gchar *data = puebla_xapian_document_get_data (got, NULL);
    ck_assert_str_eq (data, "second version");
  }

  /* Closing the borrowed view is a no-op: it still works. */
  puebla_xapian_database_close (view);
  ck_assert_uint_eq (puebla_xapian_database_get_doc_count (view), 2);

  ck_assert (puebla_xapian_writable_delete (w, "Qa", &error));
  ck_assert (puebla_xapian_writable_delete (w, "Qnothing", &error));   /* not an error */
  ck_assert_ptr_null (error);
  ck_assert (puebla_xapian_writable_commit (w, &error));
  g_clear_pointer (&w, puebla_xapian_writable_close);

  g_autoptr (PueblaXapianDatabase) db = puebla_xapian_database_open (path, &error);
  ck_assert_ptr_nonnull (db);
  ck_assert_uint_eq (puebla_xapian_database_get_doc_count (db), 1);
  PueblaXapianDocument *gone = puebla_xapian_database_find_document (db, "Qa", &error);
  ck_assert_ptr_null (gone);
  ck_assert_ptr_null (error);
  g_autoptr (PueblaXapianDocument) b = puebla_xapian_database_find_document (db, "Qb", &error);
  ck_assert_ptr_nonnull (b);
}
END_TEST

START_TEST (test_close_discards_uncommitted)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = db_path ("discard");

  PueblaXapianWritable *w = puebla_xapian_writable_open (path, TRUE, &error);
  ck_assert_ptr_nonnull (w);
  g_autoptr (PueblaXapianDocument) d1 = doc_with ("Qkept", "kept");
  ck_assert (puebla_xapian_writable_replace (w, "Qkept", d1, &error));
  ck_assert (puebla_xapian_writable_set_metadata (w, "m1", "kept", &error));
  ck_assert (puebla_xapian_writable_commit (w, &error));

  g_autoptr (PueblaXapianDocument) d2 = doc_with ("Qlost", "lost");
  ck_assert (puebla_xapian_writable_replace (w, "Qlost", d2, &error));
  ck_assert (puebla_xapian_writable_delete (w, "Qkept", &error));
  ck_assert (puebla_xapian_writable_set_metadata (w, "m2", "lost", &error));
  puebla_xapian_writable_close (w);

  g_autoptr (PueblaXapianDatabase) db = puebla_xapian_database_open (path, &error);
  ck_assert_ptr_nonnull (db);
  ck_assert_uint_eq (puebla_xapian_database_get_doc_count (db), 1);
  ck_assert_uint_eq (puebla_xapian_database_get_term_freq (db, "Qkept"), 1);
  ck_assert_uint_eq (puebla_xapian_database_get_term_freq (db, "Qlost"), 0);
  g_autofree gchar *m1 = puebla_xapian_database_get_metadata (db, "m1", &error);
  g_autofree gchar *m2 = puebla_xapian_database_get_metadata (db, "m2", &error);
  ck_assert_str_eq (m1, "kept");
  ck_assert_str_eq (m2, "");

  /* Also across several commits in one session. */
  w = puebla_xapian_writable_open (path, FALSE, &error);
  ck_assert_ptr_nonnull (w);
  for (int i = 0; i < 3; i++)
    {
      g_autofree gchar *id = g_strdup_printf ("Qn%d", i);
      g_autoptr (PueblaXapianDocument) d = doc_with (id, "numbered");
      ck_assert (puebla_xapian_writable_replace (w, id, d, &error));
      ck_assert (puebla_xapian_writable_commit (w, &error));
    }
  g_autoptr (PueblaXapianDocument) d3 = doc_with ("Qlost", "lost");
  ck_assert (puebla_xapian_writable_replace (w, "Qlost", d3, &error));
  puebla_xapian_writable_close (w);

  ck_assert (puebla_xapian_database_reopen (db, &error));
  ck_assert_uint_eq (puebla_xapian_database_get_doc_count (db), 4);
  ck_assert_uint_eq (puebla_xapian_database_get_term_freq (db, "Qlost"), 0);

  puebla_xapian_writable_close (NULL);
  puebla_xapian_database_close (NULL);
}
END_TEST

START_TEST (test_metadata)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = db_path ("meta");

  g_autoptr (PueblaXapianWritable) w = puebla_xapian_writable_open (path, TRUE, &error);
  ck_assert_ptr_nonnull (w);
  ck_assert (puebla_xapian_writable_set_metadata (w, "schema", "3", &error));
  ck_assert (puebla_xapian_writable_set_metadata (w, "name", "Puebla índice", &error));
  ck_assert (puebla_xapian_writable_commit (w, &error));

  /* An empty key is Xapian's InvalidArgumentError: FAILED, not a crash. */
  ck_assert (!puebla_xapian_writable_set_metadata (w, "", "x", &error));
  ck_assert_ptr_nonnull (error);
  ck_assert_int_eq (error->code, PUEBLA_XAPIAN_ERROR_FAILED);
  g_clear_error (&error);

  g_autoptr (PueblaXapianDatabase) db = puebla_xapian_database_open (path, &error);
  ck_assert_ptr_nonnull (db);
  g_autofree gchar *schema = puebla_xapian_database_get_metadata (db, "schema", &error);
  g_autofree gchar *name = puebla_xapian_database_get_metadata (db, "name", &error);
  g_autofree gchar *unset = puebla_xapian_database_get_metadata (db, "unset", &error);
  ck_assert_ptr_null (error);
  ck_assert_str_eq (schema, "3");
  ck_assert_str_eq (name, "Puebla índice");
  ck_assert_str_eq (unset, "");

  /* Overwrite, seen after reopen. */
  ck_assert (puebla_xapian_writable_set_metadata (w, "schema", "4", &error));
  ck_assert (puebla_xapian_writable_commit (w, &error));
  ck_assert (puebla_xapian_database_reopen (db, &error));
  g_autofree gchar *schema2 = puebla_xapian_database_get_metadata (db, "schema", &error);
  ck_assert_str_eq (schema2, "4");
}
END_TEST

START_TEST (test_reader_survives_writer_commits)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = make_sample_db ();
  g_autoptr (PueblaXapianDatabase) db = puebla_xapian_database_open (path, &error);
  ck_assert_ptr_nonnull (db);

  /* Several revisions behind the reader's back: glass keeps only two, so
   * the reader may hit DatabaseModifiedError, which search retries after a
   * reopen. */
  g_autoptr (PueblaXapianWritable) w = puebla_xapian_writable_open (path, FALSE, &error);
  ck_assert_ptr_nonnull (w);
  for (int i = 0; i < 5; i++)
    {
      g_autofree gchar *id = g_strdup_printf ("Qextra%d", i);
      g_autoptr (PueblaXapianDocument) d = doc_with (id, "fox extra");
      ck_assert (puebla_xapian_writable_replace (w, id, d, &error));
      ck_assert (puebla_xapian_writable_delete (w, "Qdoc3", &error));
      ck_assert (puebla_xapian_writable_commit (w, &error));
    }

  g_autoptr (PueblaXapianQuery) q = puebla_xapian_query_new_term ("fox");
  g_autoptr (PueblaXapianResults) r = puebla_xapian_database_search (db, q, 0, 100, 0, 0, &error);
  ck_assert_msg (r != NULL, "search: %s", error ? error->message : "?");
  ck_assert_uint_ge (puebla_xapian_results_get_size (r), 2);

  ck_assert (puebla_xapian_database_reopen (db, &error));
  ck_assert_uint_eq (puebla_xapian_database_get_doc_count (db), 7);
}
END_TEST

/* ---- Stemming --------------------------------------------------------------------- */

typedef struct
{
  guint calls;
  gboolean *destroyed;
} StemState;

/* Strips "ing", "ed" or "s": walking, walked, walks → walk. */
static gchar *
toy_stem (const gchar *word, gpointer user_data)
{
  StemState *state = user_data;
  state->calls++;
  static const gchar *suffixes[] = { "ing", "ed", "s" };
  gsize len = strlen (word);
  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      gsize sl = strlen (suffixes[i]);
      if (len > sl + 2 && g_str_has_suffix (word, suffixes[i]))
        return g_strndup (word, len - sl);
    }
  return NULL;   /* keep the word */
}

static void
toy_destroy (gpointer user_data)
{
  StemState *state = user_data;
  *state->destroyed = TRUE;
  g_free (state);
}

START_TEST (test_custom_stemmer)
{
  g_autoptr (GError) error = NULL;
  gboolean destroyed = FALSE;
  StemState *state = g_new0 (StemState, 1);
  state->destroyed = &destroyed;

  PueblaXapianStemmer *stemmer = puebla_xapian_stemmer_new_custom (toy_stem, state, toy_destroy);
  ck_assert_ptr_nonnull (stemmer);

  g_autofree gchar *s1 = puebla_xapian_stemmer_stem (stemmer, "walking");
  g_autofree gchar *s2 = puebla_xapian_stemmer_stem (stemmer, "dog");
  ck_assert_str_eq (s1, "walk");
  ck_assert_str_eq (s2, "dog");
  ck_assert_uint_eq (state->calls, 2);

  g_autofree gchar *path = db_path ("stem");
  g_autoptr (PueblaXapianWritable) w = puebla_xapian_writable_open (path, TRUE, &error);
  ck_assert_ptr_nonnull (w);
  g_autoptr (PueblaXapianDocument) doc = puebla_xapian_document_new ();
  puebla_xapian_document_index_text (doc, "she walks dogs", "", 1, stemmer);
  puebla_xapian_document_index_text (doc, "walked", "S", 1, stemmer);
  puebla_xapian_document_add_boolean_term (doc, "Qw");
  ck_assert_uint_ge (state->calls, 5);

  g_autoptr (GPtrArray) terms = puebla_xapian_document_get_terms (doc);
  ck_assert (ptr_array_has (terms, "walks"));
  ck_assert (ptr_array_has (terms, "Zwalk"));
  ck_assert (ptr_array_has (terms, "Zdog"));
  ck_assert (ptr_array_has (terms, "Zshe"));
  ck_assert (ptr_array_has (terms, "Swalked"));
  ck_assert (ptr_array_has (terms, "ZSwalk"));

  ck_assert (puebla_xapian_writable_replace (w, "Qw", doc, &error));
  ck_assert (puebla_xapian_writable_commit (w, &error));
  PueblaXapianDatabase *db = puebla_xapian_writable_get_database (w);

  /* A different form of the word, same stem. */
  PueblaXapianParseOptions opts = { .stemmer = stemmer, .default_and = TRUE };
  g_autoptr (PueblaXapianQuery) q = puebla_xapian_query_parse (db, "walking", &opts, &error);
  ck_assert_ptr_nonnull (q);
  g_autoptr (GPtrArray) qterms = puebla_xapian_query_get_terms (q);
  ck_assert_uint_eq (qterms->len, 1);
  ck_assert_str_eq (g_ptr_array_index (qterms, 0), "Zwalk");
  g_autoptr (PueblaXapianResults) r = puebla_xapian_database_search (db, q, 0, 10, 0, 0, &error);
  ck_assert_uint_eq (puebla_xapian_results_get_size (r), 1);

  /* Without the stemmer it does not match. */
  PueblaXapianParseOptions plain = { .default_and = TRUE };
  g_autoptr (PueblaXapianQuery) q2 = puebla_xapian_query_parse (db, "walking", &plain, &error);
  g_autoptr (PueblaXapianResults) r2 = puebla_xapian_database_search (db, q2, 0, 10, 0, 0, &error);
  ck_assert_uint_eq (puebla_xapian_results_get_size (r2), 0);

  /* DESTROY runs when the stemmer is freed, though the document (which
   * was indexed with it) and the query live on. */
  ck_assert (!destroyed);
  puebla_xapian_stemmer_free (stemmer);
  ck_assert (destroyed);
  puebla_xapian_document_index_text (doc, "more text", "", 1, NULL);
}
END_TEST

START_TEST (test_snowball_stemmer)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PueblaXapianStemmer) en = puebla_xapian_stemmer_new ("english", &error);
  g_autoptr (PueblaXapianStemmer) es = puebla_xapian_stemmer_new ("spanish", &error);
  g_autoptr (PueblaXapianStemmer) none = puebla_xapian_stemmer_new ("none", &error);
  ck_assert_ptr_nonnull (en);
  ck_assert_ptr_nonnull (es);
  ck_assert_ptr_nonnull (none);

  g_autofree gchar *a = puebla_xapian_stemmer_stem (en, "running");
  g_autofree gchar *b = puebla_xapian_stemmer_stem (es, "corriendo");
  g_autofree gchar *c = puebla_xapian_stemmer_stem (none, "running");
  g_autofree gchar *d = puebla_xapian_stemmer_stem (NULL, "running");
  ck_assert_str_eq (a, "run");
  ck_assert_str_eq (b, "corr");
  ck_assert_str_eq (c, "running");
  ck_assert_str_eq (d, "running");
}
END_TEST

/* ---- Iteration ------------------------------------------------------------------------ */

typedef struct
{
  GString *seen;
  guint calls;
  guint stop_after;   /* 0: never */
} Visit;

static gboolean
visit_value (guint docid, const gchar *value, gsize len, gpointer user_data)
{
  Visit *v = user_data;
  v->calls++;
  ck_assert_uint_eq (strlen (value), len);   /* NUL-terminated */
  g_string_append_printf (v->seen, "%u=%g;", docid, puebla_xapian_sortable_unserialise (value, len));
  return v->stop_after == 0 || v->calls < v->stop_after;
}

static gboolean
visit_term (const gchar *term, guint termfreq, gpointer user_data)
{
  Visit *v = user_data;
  v->calls++;
  g_string_append_printf (v->seen, "%s:%u;", term, termfreq);
  return v->stop_after == 0 || v->calls < v->stop_after;
}

START_TEST (test_foreach_value)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = make_sample_db ();
  g_autoptr (PueblaXapianDatabase) db = puebla_xapian_database_open (path, &error);
  ck_assert_ptr_nonnull (db);

  Visit v = { g_string_new (NULL), 0, 0 };
  ck_assert (puebla_xapian_database_foreach_value (db, SLOT_YEAR, visit_value, &v, &error));
  ck_assert_str_eq (v.seen->str, "1=2020;2=2021;");
  g_string_truncate (v.seen, 0);

  v.calls = 0;
  v.stop_after = 1;
  ck_assert (puebla_xapian_database_foreach_value (db, SLOT_YEAR, visit_value, &v, &error));
  ck_assert_uint_eq (v.calls, 1);
  ck_assert_str_eq (v.seen->str, "1=2020;");
  g_string_truncate (v.seen, 0);

  v.calls = 0;
  v.stop_after = 0;
  ck_assert (puebla_xapian_database_foreach_value (db, SLOT_OTHER, visit_value, &v, &error));
  ck_assert_uint_eq (v.calls, 0);
  g_string_free (v.seen, TRUE);
}
END_TEST

START_TEST (test_foreach_term)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = make_sample_db ();
  g_autoptr (PueblaXapianDatabase) db = puebla_xapian_database_open (path, &error);
  ck_assert_ptr_nonnull (db);

  Visit v = { g_string_new (NULL), 0, 0 };
  ck_assert (puebla_xapian_database_foreach_term (db, "K", visit_term, &v, &error));
  ck_assert_str_eq (v.seen->str, "Khtml:1;Kpdf:2;");
  g_string_truncate (v.seen, 0);

  v.calls = 0;
  ck_assert (puebla_xapian_database_foreach_term (db, "Q", visit_term, &v, &error));
  ck_assert_str_eq (v.seen->str, "Qdoc1:1;Qdoc2:1;Qdoc3:1;");
  g_string_truncate (v.seen, 0);

  v.calls = 0;
  v.stop_after = 2;
  ck_assert (puebla_xapian_database_foreach_term (db, "Q", visit_term, &v, &error));
  ck_assert_uint_eq (v.calls, 2);
  ck_assert_str_eq (v.seen->str, "Qdoc1:1;Qdoc2:1;");
  g_string_truncate (v.seen, 0);

  v.calls = 0;
  v.stop_after = 0;
  ck_assert (puebla_xapian_database_foreach_term (db, "Xnothing", visit_term, &v, &error));
  ck_assert_uint_eq (v.calls, 0);

  /* NULL prefix: every term. */
  ck_assert (puebla_xapian_database_foreach_term (db, NULL, visit_term, &v, &error));
  ck_assert_uint_gt (v.calls, 10);
  ck_assert_msg (strstr (v.seen->str, "fox:2;") != NULL, "%s", v.seen->str);
  g_string_free (v.seen, TRUE);
}
END_TEST

/* ---- Values -------------------------------------------------------------------------- */

static gint
cmp_bytes (const gchar *a, gsize alen, const gchar *b, gsize blen)
{
  gint c = memcmp (a, b, MIN (alen, blen));
  if (c != 0)
    return c;
  return alen < blen ? -1 : alen > blen ? 1 : 0;
}

START_TEST (test_sortable_serialise)
{
  const gdouble numbers[] = { -1e10, -3.5, -1, 0, 0.25, 1, 2, 10, 2020, 1e10 };
  gchar *prev = NULL;
  gsize prev_len = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      gsize len = 0;
      gchar *s = puebla_xapian_sortable_serialise (numbers[i], &len);
      ck_assert_ptr_nonnull (s);
      ck_assert (puebla_xapian_sortable_unserialise (s, len) == numbers[i]);
      if (prev != NULL)
        ck_assert_msg (cmp_bytes (prev, prev_len, s, len) < 0, "order at %g", numbers[i]);
      g_free (prev);
      prev = s;
      prev_len = len;
    }
  g_free (prev);

  gsize l1, l2;
  g_autofree gchar *one = puebla_xapian_sortable_serialise (1, &l1);
  g_autofree gchar *two = puebla_xapian_sortable_serialise (2, &l2);
  ck_assert_int_lt (cmp_bytes (one, l1, two, l2), 0);
}
END_TEST

/* ---- Fields resolved by C, facets ------------------------------------------------------ */

/* "type:document" → the two kinds; "type:nonsense" → refused. */
static GPtrArray *
resolve_type (const gchar *field, const gchar *value, gpointer user_data, GError **error)
{
  ck_assert_str_eq (field, "type");
  ck_assert_ptr_eq (user_data, (gpointer) 0x1234);
  GPtrArray *terms = g_ptr_array_new_with_free_func (g_free);
  if (g_str_equal (value, "document"))
    {
      g_ptr_array_add (terms, g_strdup ("Kpdf"));
      g_ptr_array_add (terms, g_strdup ("Khtml"));
      return terms;
    }
  if (g_str_equal (value, "pdf"))
    {
      g_ptr_array_add (terms, g_strdup ("Kpdf"));
      return terms;
    }
  g_ptr_array_unref (terms);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "no type '%s'", value);
  return NULL;
}

START_TEST (test_field_resolved_by_callback)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = make_sample_db ();
  g_autoptr (PueblaXapianDatabase) db = puebla_xapian_database_open (path, &error);
  const PueblaXapianField fields[] = {
    { "type", NULL, TRUE, resolve_type, (gpointer) 0x1234 },
    { NULL, NULL, FALSE, NULL, NULL },
  };
  PueblaXapianParseOptions opts = { .default_and = TRUE, .fields = fields };

  const struct { const gchar *query; guint hits; } cases[] = {
    { "type:document", 3 }, { "type:pdf", 2 }, { "fox type:pdf", 2 }, { "lazy type:pdf", 1 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (PueblaXapianQuery) q = puebla_xapian_query_parse (db, cases[i].query, &opts, &error);
      ck_assert_msg (q != NULL, "%s: %s", cases[i].query, error ? error->message : "");
      g_autoptr (PueblaXapianResults) r = puebla_xapian_database_search (db, q, 0, 10, 0, 0, &error);
      ck_assert_msg (puebla_xapian_results_get_size (r) == cases[i].hits, "%s: %u hits", cases[i].query,
                     puebla_xapian_results_get_size (r));
    }

  /* a refused value is a BAD_QUERY with the resolver's own message */
  g_autoptr (PueblaXapianQuery) bad = puebla_xapian_query_parse (db, "fox type:nonsense", &opts, &error);
  ck_assert_ptr_null (bad);
  ck_assert_int_eq (error->code, PUEBLA_XAPIAN_ERROR_BAD_QUERY);
  ck_assert_str_eq (error->message, "no type 'nonsense'");
}
END_TEST

/* A collapsed search gives, for each value of the slot, the document a
 * search of that group alone puts first, best groups first, at most LIMIT
 * groups; documents without the value form a group of their own. */
START_TEST (test_search_collapsed)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = db_path ("collapsed");
  static const struct
  {
    const gchar *group, *text;
  } docs[] = {
    { "a", "fox alpha beta gamma delta epsilon zeta" }, { "a", "fox fox fox" }, { "a", "dog" },
    { "b", "dog cat" }, { "b", "fox cat bird" }, { "c", "cat" }, { "d", "fox fox lion" },
  };
  {
    g_autoptr (PueblaXapianWritable) w = puebla_xapian_writable_open (path, TRUE, &error);
    ck_assert_ptr_nonnull (w);
    for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
      {
        g_autoptr (PueblaXapianDocument) doc = puebla_xapian_document_new ();
        puebla_xapian_document_index_text (doc, docs[i].text, "", 1, NULL);
        g_autofree gchar *group = g_strconcat ("G", docs[i].group, NULL);
        puebla_xapian_document_add_boolean_term (doc, group);
        puebla_xapian_document_set_value (doc, 8, docs[i].group, 1);
        puebla_xapian_document_set_data (doc, docs[i].text, strlen (docs[i].text));
        ck_assert (puebla_xapian_writable_add (w, doc, &error));
      }
    ck_assert (puebla_xapian_writable_commit (w, &error));
  }
  g_autoptr (PueblaXapianDatabase) db = puebla_xapian_database_open (path, &error);
  g_autoptr (PueblaXapianQuery) fox = puebla_xapian_query_new_term ("fox");
  g_autoptr (PueblaXapianResults) all = puebla_xapian_database_search_collapsed (db, fox, 8, 10, &error);
  ck_assert_ptr_nonnull (all);
  ck_assert_uint_eq (puebla_xapian_results_get_size (all), 3); /* a, b, d: c has no fox */
  gdouble previous = G_MAXDOUBLE;
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr (PueblaXapianDocument) doc = puebla_xapian_results_get_document (all, i, &error);
      gsize len = 0;
      g_autofree gchar *group = puebla_xapian_document_get_value (doc, 8, &len);
      g_autofree gchar *text = puebla_xapian_document_get_data (doc, &len);
      gdouble weight = puebla_xapian_results_get_weight (all, i);
      ck_assert (weight <= previous);
      previous = weight;

      g_autofree gchar *term = g_strconcat ("G", group, NULL);
      g_autoptr (PueblaXapianQuery) only = puebla_xapian_query_new_term (term);
      g_autoptr (PueblaXapianQuery) within = puebla_xapian_query_filter (fox, only);
      g_autoptr (PueblaXapianResults) one = puebla_xapian_database_search (db, within, 0, 1, 0, 0, &error);
      g_autoptr (PueblaXapianDocument) first = puebla_xapian_results_get_document (one, 0, &error);
      g_autofree gchar *first_text = puebla_xapian_document_get_data (first, &len);
      ck_assert_str_eq (text, first_text);
      if (g_str_equal (group, "a"))
        ck_assert_str_eq (text, "fox fox fox");
    }
  g_autoptr (PueblaXapianResults) top = puebla_xapian_database_search_collapsed (db, fox, 8, 1, &error);
  ck_assert_uint_eq (puebla_xapian_results_get_size (top), 1);
  ck_assert_double_eq (puebla_xapian_results_get_weight (top, 0), puebla_xapian_results_get_weight (all, 0));
}
END_TEST

START_TEST (test_facets_count_prefixed_terms)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = make_sample_db ();
  g_autoptr (PueblaXapianDatabase) db = puebla_xapian_database_open (path, &error);
  g_autoptr (PueblaXapianQuery) all = puebla_xapian_query_new_match_all ();
  const gchar *const prefixes[] = { "K", "Q", NULL };
  g_autoptr (PueblaXapianResults) r
    = puebla_xapian_database_search_with_facets (db, all, 0, 1, 100, 0, prefixes, &error);
  ck_assert_ptr_nonnull (r);
  ck_assert_uint_eq (puebla_xapian_results_get_size (r), 1);   /* one row shown… */
  ck_assert_uint_eq (puebla_xapian_results_get_examined (r), 3); /* …three counted */
  GHashTable *kinds = puebla_xapian_results_get_facet (r, "K");
  ck_assert_uint_eq (g_hash_table_size (kinds), 2);
  ck_assert_uint_eq (GPOINTER_TO_UINT (g_hash_table_lookup (kinds, "pdf")), 2);
  ck_assert_uint_eq (GPOINTER_TO_UINT (g_hash_table_lookup (kinds, "html")), 1);
  ck_assert_uint_eq (g_hash_table_size (puebla_xapian_results_get_facet (r, "Q")), 3);
  ck_assert_uint_eq (g_hash_table_size (puebla_xapian_results_get_facet (r, "Z")), 0); /* not asked for */

  g_autoptr (PueblaXapianQuery) fox = puebla_xapian_query_new_term ("fox");
  g_autoptr (PueblaXapianResults) r2
    = puebla_xapian_database_search_with_facets (db, fox, 0, 10, 100, 0, prefixes, &error);
  GHashTable *fox_kinds = puebla_xapian_results_get_facet (r2, "K");
  ck_assert_uint_eq (GPOINTER_TO_UINT (g_hash_table_lookup (fox_kinds, "pdf")), 2);
  ck_assert_ptr_null (g_hash_table_lookup (fox_kinds, "html"));
}
END_TEST

/* A time limit stops the count beyond the page, not the page: the rows
 * asked for come back and the facets cover fewer documents than match
 * (Xapian skips those that cannot reach the page: here the third that
 * hold only "plan"). Without one, everything is counted. */
START_TEST (test_time_limit_stops_counting)
{
  enum { N = 60000 };
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = db_path ("many");
  g_autoptr (PueblaXapianWritable) w = puebla_xapian_writable_open (path, TRUE, &error);
  ck_assert_ptr_nonnull (w);
  for (guint i = 0; i < N; i++)
    {
      g_autoptr (PueblaXapianDocument) doc = puebla_xapian_document_new ();
      g_autofree gchar *text = g_strdup_printf ("plan de accion %s", i % 3 ? "migrantes" : "retorno");
      puebla_xapian_document_index_text (doc, text, "", 1, NULL);
      g_autofree gchar *id = g_strdup_printf ("Q%u", i);
      g_autofree gchar *kind = g_strdup_printf ("K%u", i % 7);
      puebla_xapian_document_add_boolean_term (doc, id);
      puebla_xapian_document_add_boolean_term (doc, kind);
      ck_assert (puebla_xapian_writable_replace (w, id, doc, &error));
    }
  ck_assert (puebla_xapian_writable_commit (w, &error));
  g_clear_pointer (&w, puebla_xapian_writable_close);

  g_autoptr (PueblaXapianDatabase) db = puebla_xapian_database_open (path, &error);
  g_autoptr (PueblaXapianQuery) a = puebla_xapian_query_new_term ("plan");
  g_autoptr (PueblaXapianQuery) b = puebla_xapian_query_new_term ("migrantes");
  g_autoptr (PueblaXapianQuery) q = puebla_xapian_query_or (a, b);
  const gchar *const prefixes[] = { "K", NULL };
  const guint matches = N;

  g_autoptr (PueblaXapianResults) all = puebla_xapian_database_search_with_facets (db, q, 0, 10, N, 0, prefixes, &error);
  ck_assert_ptr_nonnull (all);
  ck_assert_uint_eq (puebla_xapian_results_get_size (all), 10);
  ck_assert_uint_eq (puebla_xapian_results_get_examined (all), matches);
  ck_assert_uint_eq (puebla_xapian_results_get_lower_bound (all), matches);
  ck_assert_uint_eq (puebla_xapian_results_get_upper_bound (all), matches);

  /* a microsecond: the timer fires long before 60,000 matches are seen */
  g_autoptr (PueblaXapianResults) cut
    = puebla_xapian_database_search_with_facets (db, q, 0, 10, N, 1e-6, prefixes, &error);
  ck_assert_ptr_nonnull (cut);
  ck_assert_uint_eq (puebla_xapian_results_get_size (cut), 10);
  ck_assert_msg (puebla_xapian_results_get_examined (cut) < matches, "examined %u of %u",
                 puebla_xapian_results_get_examined (cut), matches);
  for (guint i = 0; i < 10; i++)   /* the same page */
    ck_assert_uint_eq (puebla_xapian_results_get_docid (cut, i), puebla_xapian_results_get_docid (all, i));
}
END_TEST

/* ---- Suite ---------------------------------------------------------------------------- */

static TCase *
tcase (const gchar *name)
{
  TCase *tc = tcase_create (name);
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 30);
  return tc;
}

static Suite *
xapian_shim_suite (void)
{
  Suite *s = suite_create ("xapian_shim");
  TCase *tc;

  tc = tcase ("errors");
  tcase_add_test (tc, test_open_missing_for_reading);
  tcase_add_test (tc, test_open_missing_writable_no_create);
  tcase_add_test (tc, test_create_makes_parent_directories);
  tcase_add_test (tc, test_second_writer_is_locked);
  tcase_add_test (tc, test_corrupt_database);
  tcase_add_test (tc, test_unknown_stemmer_language);
  suite_add_tcase (s, tc);

  tc = tcase ("search");
  tcase_add_test (tc, test_search_round_trip);
  tcase_add_test (tc, test_document_terms_and_limits);
  tcase_add_test (tc, test_phrases);
  tcase_add_test (tc, test_exclusion);
  tcase_add_test (tc, test_phrase_does_not_span_index_calls);
  tcase_add_test (tc, test_query_combinators);
  suite_add_tcase (s, tc);

  tc = tcase ("query_parser");
  tcase_add_test (tc, test_query_terms);
  tcase_add_test (tc, test_query_parse_errors);
  tcase_add_test (tc, test_field_resolved_by_callback);
  tcase_add_test (tc, test_facets_count_prefixed_terms);
  tcase_add_test (tc, test_search_collapsed);
  tcase_add_test (tc, test_time_limit_stops_counting);
  suite_add_tcase (s, tc);

  tc = tcase ("writable");
  tcase_add_test (tc, test_replace_and_delete);
  tcase_add_test (tc, test_close_discards_uncommitted);
  tcase_add_test (tc, test_metadata);
  tcase_add_test (tc, test_reader_survives_writer_commits);
  suite_add_tcase (s, tc);

  tc = tcase ("stemming");
  tcase_add_test (tc, test_custom_stemmer);
  tcase_add_test (tc, test_snowball_stemmer);
  suite_add_tcase (s, tc);

  tc = tcase ("iteration");
  tcase_add_test (tc, test_foreach_value);
  tcase_add_test (tc, test_foreach_term);
  suite_add_tcase (s, tc);

  tc = tcase ("values");
  tcase_add_test (tc, test_sortable_serialise);
  suite_add_tcase (s, tc);

  return s;
}

int
main (void)
{
  SRunner *sr = srunner_create (xapian_shim_suite ());
  srunner_run_all (sr, CK_NORMAL);
  int failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
