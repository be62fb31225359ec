/* check_indexer.c: a record's documents made apart from the index (as the
 * extraction workers make them), carried as bytes, and written (indexer.h). */
#include "scratch.h"

#include <check.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "indexer.h"
#include "searcher.h"
#include "trace.h"
#include "xapian-shim.h"

static const gchar *const plan = PUEBLA_CORPUS_DIR "/records/crm-2006-11-plan-de-accion.txt";
static const gchar *const other = PUEBLA_CORPUS_DIR "/records/grcm-2004-12-panama-conclusiones.txt";

static gchar *scratch;

static void
setup (void)
{
  scratch = puebla_test_scratch_new ("indexer");
}

static void
teardown (void)
{
  puebla_test_scratch_remove (scratch);
  g_clear_pointer (&scratch, g_free);
}

/* How many documents the Xapian database at PATH holds. */
static guint
db_count (const gchar *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PueblaXapianDatabase) db = puebla_xapian_database_open (path, &error);
  ck_assert_msg (db != NULL, "%s", error ? error->message : "");
  return puebla_xapian_database_get_doc_count (db);
}

/* How many documents the index at PATH holds: its records, and its
   passages in PATH/passages (schema.h), which holds passages only. */
static guint
doc_count (const gchar *path)
{
  g_autofree gchar *passages = g_build_filename (path, "passages", NULL);
  guint n = db_count (passages);
  g_autoptr (GError) error = NULL;
  g_autoptr (PueblaXapianDatabase) pdb = puebla_xapian_database_open (passages, &error);
  ck_assert_uint_eq (puebla_xapian_database_get_term_freq (pdb, "XT:passage"), n);
  return db_count (path) + n;
}

/* The record's documents cross as bytes and come back whole: one for the
   record and one per passage, written as puebla_indexer_put() writes them. */
START_TEST (documents_cross_as_bytes)
{
  g_autoptr (PueblaRecord) record = puebla_extract_file (plan, NULL);
  ck_assert_int_eq (record->verdict, PUEBLA_VERDICT_OK);
  g_autoptr (GError) error = NULL;
  g_autoptr (PueblaIndexEncoder) encoder = puebla_index_encoder_new (&error);
  ck_assert_ptr_nonnull (encoder);
  g_autoptr (PueblaIndexDocuments) made = puebla_index_encoder_build (encoder, record, NULL);
  ck_assert_uint_eq (puebla_index_documents_get_count (made), 1 + record->passages->len);

  g_autoptr (GBytes) bytes = puebla_index_documents_encode (made);
  g_autoptr (PueblaIndexDocuments) back = puebla_index_documents_decode (record, bytes, &error);
  ck_assert_msg (back != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (puebla_index_documents_get_count (back), 1 + record->passages->len);

  /* written into one index, put directly into another: the same answers */
  g_autofree gchar *via_bytes = g_build_filename (scratch, "via-bytes", NULL);
  g_autofree gchar *direct = g_build_filename (scratch, "direct", NULL);
  {
    g_autoptr (PueblaIndexer) a = puebla_indexer_open (via_bytes, &error);
    ck_assert_ptr_nonnull (a);
    ck_assert (puebla_indexer_put_documents (a, back, TRUE, &error));
    ck_assert (puebla_indexer_commit (a, &error));
    g_autoptr (PueblaIndexer) b = puebla_indexer_open (direct, &error);
    ck_assert_ptr_nonnull (b);
    ck_assert (puebla_indexer_put (b, record, &error));
    ck_assert (puebla_indexer_commit (b, &error));
  }
  ck_assert_uint_eq (doc_count (via_bytes), doc_count (direct));

  PueblaSearchOptions opts = { .limit = 10, .facets = TRUE };
  gchar *answers[2] = { NULL, NULL };
  const gchar *dbs[2] = { via_bytes, direct };
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr (PueblaSearcher) s = puebla_searcher_open (dbs[i], &error);
      ck_assert_msg (s != NULL, "%s", error ? error->message : "");
      g_autoptr (PueblaSearchResults) r = puebla_searcher_search (s, "trata", &opts, &error);
      ck_assert_msg (r != NULL, "%s", error ? error->message : "");
      ck_assert_uint_eq (r->hits->len, 1);
      g_autoptr (PueblaRecord) stored = puebla_searcher_get_record (s, record->id, &error);
      ck_assert_ptr_nonnull (stored);
      /* the passages come back from their own documents, in order */
      ck_assert_uint_eq (stored->passages->len, record->passages->len);
      for (guint k = 0; k < record->passages->len; k++)
        {
          const PueblaPassage *want = g_ptr_array_index (record->passages, k);
          const PueblaPassage *got = g_ptr_array_index (stored->passages, k);
          ck_assert_uint_eq (got->ordinal, want->ordinal);
          ck_assert_str_eq (got->text, want->text);
        }
      answers[i] = g_strdup_printf ("%u %u %s", r->total, r->facets->len,
                                    ((PueblaHit *) g_ptr_array_index (r->hits, 0))->snippet);
    }
  ck_assert_str_eq (answers[0], answers[1]);
  g_free (answers[0]);
  g_free (answers[1]);
}
END_TEST

/* Bytes cut short, or made for another record, are refused with a reason:
   the writer never stores half a record or one under another's id. */
START_TEST (broken_or_foreign_bytes_are_refused)
{
  g_autoptr (PueblaRecord) record = puebla_extract_file (plan, NULL);
  g_autoptr (PueblaRecord) stranger = puebla_extract_file (other, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (PueblaIndexEncoder) encoder = puebla_index_encoder_new (&error);
  g_autoptr (PueblaIndexDocuments) made = puebla_index_encoder_build (encoder, record, NULL);
  g_autoptr (GBytes) bytes = puebla_index_documents_encode (made);
  gsize size = g_bytes_get_size (bytes);

  g_autoptr (GBytes) cut = g_bytes_new_from_bytes (bytes, 0, size - 7);
  PueblaIndexDocuments *none = puebla_index_documents_decode (record, cut, &error);
  ck_assert_ptr_null (none);
  ck_assert_msg (error && strstr (error->message, "cut short"), "%s", error ? error->message : "no error");
  g_clear_error (&error);

  none = puebla_index_documents_decode (stranger, bytes, &error);
  ck_assert_ptr_null (none);
  ck_assert_ptr_nonnull (error);
  g_clear_error (&error);

  g_autoptr (GBytes) empty = g_bytes_new (NULL, 0);
  none = puebla_index_documents_decode (record, empty, &error);
  ck_assert_ptr_null (none);
  ck_assert_ptr_nonnull (error);
}
END_TEST

/* A record added as new, then put again (changed), then again as it was:
   never two copies of it or of its passages. */
START_TEST (put_again_replaces_what_add_wrote)
{
  g_autoptr (PueblaRecord) record = puebla_extract_file (plan, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (PueblaIndexEncoder) encoder = puebla_index_encoder_new (&error);
  g_autofree gchar *path = g_build_filename (scratch, "index", NULL);
  guint expected = 1 + record->passages->len;
  {
    g_autoptr (PueblaIndexer) indexer = puebla_indexer_open (path, &error);
    g_autoptr (PueblaIndexDocuments) docs = puebla_index_encoder_build (encoder, record, NULL);
    ck_assert (puebla_indexer_put_documents (indexer, docs, TRUE, &error));
    ck_assert (puebla_indexer_commit (indexer, &error));
  }
  ck_assert_uint_eq (doc_count (path), expected);

  /* one passage fewer */
  g_ptr_array_remove_index (record->passages, record->passages->len - 1);
  {
    g_autoptr (PueblaIndexer) indexer = puebla_indexer_open (path, &error);
    g_autoptr (PueblaIndexDocuments) docs = puebla_index_encoder_build (encoder, record, NULL);
    ck_assert (puebla_indexer_put_documents (indexer, docs, FALSE, &error));
    ck_assert (puebla_indexer_put (indexer, record, &error));
    ck_assert (puebla_indexer_commit (indexer, &error));
  }
  ck_assert_uint_eq (doc_count (path), expected - 1);
}
END_TEST

/* Passages replaced by ordinal when the record has as many or more: a
   record grown by a passage, put twice in one batch (the second put sees
   the first, uncommitted), then committed, holds each passage once. */
START_TEST (grown_record_within_one_batch)
{
  g_autoptr (PueblaRecord) record = puebla_extract_file (plan, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = g_build_filename (scratch, "index", NULL);
  guint n = record->passages->len;
  PueblaPassage *last = g_ptr_array_steal_index (record->passages, n - 1);
  {
    g_autoptr (PueblaIndexer) indexer = puebla_indexer_open (path, &error);
    ck_assert (puebla_indexer_put (indexer, record, &error));
    g_ptr_array_add (record->passages, last);
    ck_assert (puebla_indexer_put (indexer, record, &error));
    ck_assert (puebla_indexer_put (indexer, record, &error));
    ck_assert (puebla_indexer_commit (indexer, &error));
  }
  ck_assert_uint_eq (doc_count (path), 1 + n);
  ck_assert_uint_eq (db_count (path), 1);

  /* and the last passage is the new one, found by its words */
  g_autoptr (PueblaSearcher) s = puebla_searcher_open (path, &error);
  g_autoptr (PueblaRecord) stored = puebla_searcher_get_record (s, record->id, &error);
  ck_assert_uint_eq (stored->passages->len, n);
  ck_assert_str_eq (((PueblaPassage *) g_ptr_array_index (stored->passages, n - 1))->text, last->text);
}
END_TEST

/* An index of layout 4 (passages in the records' database, schema.h) is
   read, and written on, as it is: a new record's passages join its records,
   and searches find them there. */
START_TEST (layout_4_keeps_its_passages_with_its_records)
{
  g_autoptr (PueblaRecord) record = puebla_extract_file (plan, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = g_build_filename (scratch, "old", NULL);
  {
    g_autoptr (PueblaXapianWritable) w = puebla_xapian_writable_open (path, TRUE, &error);
    ck_assert (w && puebla_xapian_writable_set_metadata (w, "puebla.schema", "4", &error)
               && puebla_xapian_writable_commit (w, &error));
  }
  {
    g_autoptr (PueblaIndexer) indexer = puebla_indexer_open (path, &error);
    ck_assert_msg (indexer != NULL, "%s", error ? error->message : "");
    ck_assert (puebla_indexer_put (indexer, record, &error));
    ck_assert (puebla_indexer_commit (indexer, &error));
  }
  g_autofree gchar *passages = g_build_filename (path, "passages", NULL);
  ck_assert (!g_file_test (passages, G_FILE_TEST_EXISTS));
  ck_assert_uint_eq (db_count (path), 1 + record->passages->len);

  g_autoptr (PueblaSearcher) s = puebla_searcher_open (path, &error);
  ck_assert_msg (s != NULL, "%s", error ? error->message : "");
  PueblaSearchOptions opts = { .limit = 10, .passages = TRUE };
  g_autoptr (PueblaSearchResults) found = puebla_searcher_search (s, "\"trata de personas\"", &opts, &error);
  ck_assert_msg (found != NULL && found->total > 0, "%s", error ? error->message : "no passage found");
  g_autoptr (PueblaStats) stats = puebla_searcher_get_stats (s, &error);
  ck_assert_int_eq (stats->schema_version, 4);
  ck_assert_uint_eq (stats->passages, record->passages->len);
  g_autoptr (PueblaRecord) stored = puebla_searcher_get_record (s, record->id, &error);
  ck_assert_uint_eq (stored->passages->len, record->passages->len);
}
END_TEST

/* The plan, at a path of its own under the scratch directory, with one
   date (ID, first and last day) for all its entities and none in its
   passages. */
static PueblaRecord *
record_dated (const gchar *name, const gchar *id, const gchar *first, const gchar *last)
{
  PueblaRecord *record = puebla_extract_file (plan, NULL);
  g_free (record->path);
  record->path = g_build_filename (scratch, name, NULL);
  g_free (record->id);
  record->id = puebla_record_id_for_path (record->path);
  g_ptr_array_set_size (record->entities, 0);
  for (guint i = 0; i < record->passages->len; i++)
    g_ptr_array_set_size (((PueblaPassage *) g_ptr_array_index (record->passages, i))->entities, 0);
  PueblaEntity *e = g_new0 (PueblaEntity, 1);
  e->type = PUEBLA_ENTITY_DATE;
  e->id = g_strdup (id);
  e->text = g_strdup (id);
  e->date = g_strdup (first);
  e->last_date = g_strdup (last);
  g_ptr_array_add (record->entities, e);
  return record;
}

/* date: matches a record when one of its dates overlaps the range: a year
   the range covers whole is read as one term, a year it cuts as its months
   (searcher.c); both readings agree on a day, a period of months, a date of
   year precision and a period of decades (kept as years only). */
START_TEST (date_ranges_read_whole_years_and_cut_months_alike)
{
  const struct
  {
    const gchar *name, *id, *first, *last;
  } dated[] = {
    { "day", "2004-12-02", "2004-12-02", "2004-12-02" },
    { "months", "2005-03/2005-06", "2005-03-01", "2005-06-30" },
    { "year", "2006", "2006-01-01", "2006-12-31" },
    { "decades", "1990-01/2015-12", "1990-01-01", "2015-12-31" },
  };
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = g_build_filename (scratch, "index", NULL);
  {
    g_autoptr (PueblaIndexer) indexer = puebla_indexer_open (path, &error);
    for (guint i = 0; i < G_N_ELEMENTS (dated); i++)
      {
        g_autoptr (PueblaRecord) r = record_dated (dated[i].name, dated[i].id, dated[i].first, dated[i].last);
        ck_assert (puebla_indexer_put (indexer, r, &error));
      }
    ck_assert (puebla_indexer_commit (indexer, &error));
  }
  const struct
  {
    const gchar *query;
    guint64 total;
  } expect[] = {
    { "date:2004..2006", 4 },        /* whole years */
    { "year:2004..2006", 4 },
    { "date:2004-01..2006-12", 4 },  /* the same, in months */
    { "date:2005", 2 },              /* the months, the decades */
    { "date:2005-06..2006", 3 },     /* 2005 cut: the months; 2006 whole: the year, the decades */
    { "date:2005-07..2005-12", 0 },  /* after the months; the decades have no months */
    { "date:2004-12", 1 },
    { "date:2004-12-02", 1 },
    { "date:2006-03", 1 },           /* within the year */
    { "date:..2003", 1 },            /* the decades only */
    { "date:2007..", 1 },
  };
  g_autoptr (PueblaSearcher) s = puebla_searcher_open (path, &error);
  ck_assert_msg (s != NULL, "%s", error ? error->message : "");
  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    {
      PueblaSearchOptions opts = { .limit = 10 };
      g_autoptr (PueblaSearchResults) r = puebla_searcher_search (s, expect[i].query, &opts, &error);
      ck_assert_msg (r != NULL, "%s: %s", expect[i].query, error ? error->message : "");
      ck_assert_msg (r->total == expect[i].total, "%s: %" G_GUINT64_FORMAT " records, want %" G_GUINT64_FORMAT,
                     expect[i].query, (guint64) r->total, expect[i].total);
    }
}
END_TEST

/* The count of VALUE in facet NAME of R (0 when absent). */
static guint
facet_count (PueblaSearchResults *r, const gchar *name, const gchar *value)
{
  for (guint i = 0; i < r->facets->len; i++)
    {
      PueblaFacet *f = g_ptr_array_index (r->facets, i);
      for (guint k = 0; g_str_equal (f->name, name) && k < f->values->len; k++)
        {
          PueblaFacetValue *v = g_ptr_array_index (f->values, k);
          if (g_str_equal (v->value, value))
            return v->count;
        }
    }
  return 0;
}

static PueblaSearchResults *
search_facets (const gchar *path, const gchar *query, gboolean passages)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PueblaSearcher) s = puebla_searcher_open (path, &error);
  ck_assert_msg (s != NULL, "%s", error ? error->message : "");
  PueblaSearchOptions opts = { .limit = 10, .facets = TRUE, .passages = passages };
  PueblaSearchResults *r = puebla_searcher_search (s, query, &opts, &error);
  ck_assert_msg (r != NULL, "%s", error ? error->message : "");
  return r;
}

/* Facets are counted from the terms' numbers (value 12, schema.h) that
   ingest writes, named by the table in the metadata, with the passages'
   own table; a document that an older puebla wrote, with its terms whole
   (value 11), counts alongside them. */
START_TEST (facets_count_numbered_and_listed_documents)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = g_build_filename (scratch, "index", NULL);
  {
    g_autoptr (PueblaIndexer) indexer = puebla_indexer_open (path, &error);
    g_autoptr (PueblaRecord) a = puebla_extract_file (plan, NULL);
    g_autoptr (PueblaRecord) b = puebla_extract_file (other, NULL);
    ck_assert (puebla_indexer_put (indexer, a, &error) && puebla_indexer_put (indexer, b, &error));
    ck_assert (puebla_indexer_commit (indexer, &error));
  }
  {
    g_autoptr (PueblaXapianDatabase) db = puebla_xapian_database_open (path, &error);
    g_autofree gchar *table = puebla_xapian_database_get_metadata (db, "puebla.facet-terms", &error);
    ck_assert_msg (strstr (table, "XC:GT\n") && strstr (table, "XO:OIM\n"), "no table of facet terms: '%s'", table);
  }
  g_autoptr (PueblaSearchResults) before = search_facets (path, "migración", FALSE);
  ck_assert_uint_eq (before->total, 2);
  guint gt = facet_count (before, "country", "GT"), oim = facet_count (before, "org", "OIM");
  guint bz = facet_count (before, "country", "BZ");
  ck_assert_uint_gt (gt, 0);
  ck_assert_uint_eq (bz, 1); /* only the Panamá conclusions name Belice */
  g_autoptr (PueblaSearchResults) passages = search_facets (path, "migración", TRUE);
  ck_assert_uint_gt (facet_count (passages, "country", "GT"), 0);
  ck_assert_uint_eq (facet_count (passages, "kind", "plan-de-accion") + facet_count (passages, "kind", "conclusiones"),
                     passages->total);

  /* a record as an older puebla wrote it: its facet terms listed whole */
  {
    g_autoptr (PueblaXapianWritable) w = puebla_xapian_writable_open (path, FALSE, &error);
    g_autoptr (PueblaXapianDocument) doc = puebla_xapian_document_new ();
    const gchar *terms[] = { "Qoldrecord", "XT:record", "XVok", "XC:GT", "XC:BZ", "XO:OIM", "migracion", "Zmigracion" };
    for (guint i = 0; i < G_N_ELEMENTS (terms); i++)
      puebla_xapian_document_add_boolean_term (doc, terms[i]);
    static const gchar listed[] = "XC:BZ\0XC:GT\0XO:OIM";
    puebla_xapian_document_set_value (doc, 11, listed, sizeof listed - 1);
    puebla_xapian_document_set_value (doc, 0, "/old/record.txt", 15);
    static const gchar data[] = "{\"id\":\"0123456789abcdef\",\"path\":\"/old/record.txt\",\"verdict\":\"ok\"}";
    puebla_xapian_document_set_data (doc, data, sizeof data - 1);
    ck_assert (puebla_xapian_writable_add (w, doc, &error) && puebla_xapian_writable_commit (w, &error));
  }
  g_autoptr (PueblaSearchResults) after = search_facets (path, "migración", FALSE);
  ck_assert_uint_eq (after->total, 3);
  ck_assert_uint_eq (facet_count (after, "country", "GT"), gt + 1);
  ck_assert_uint_eq (facet_count (after, "country", "BZ"), bz + 1);
  ck_assert_uint_eq (facet_count (after, "org", "OIM"), oim + 1);
}
END_TEST

/* A trace reads the best PUEBLA_TRACE_CANDIDATES passages that hold the
   query's words and says when there were more: its earliest event may be
   among those it did not read. */
START_TEST (trace_says_when_it_read_only_the_best_passages)
{
  /* a report of numbered items, each a passage that names the seminar */
  const guint items = 30;
  GString *text = g_string_new ("INFORME DE ACTIVIDADES\n\n");
  for (guint i = 1; i <= items; i++)
    g_string_append_printf (text,
                            "%u. El seminario sobre legislación migratoria número %u se realizó en "
                            "Tegucigalpa en marzo de %u, con el apoyo de la OIM.\n\n",
                            i, i, 1990 + i);
  g_autofree gchar *source = g_build_filename (scratch, "informe.txt", NULL);
  ck_assert (g_file_set_contents (source, text->str, -1, NULL));
  g_string_free (text, TRUE);

  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = g_build_filename (scratch, "index", NULL);
  guint copies = PUEBLA_TRACE_CANDIDATES / items + 2;
  {
    g_autoptr (PueblaIndexer) indexer = puebla_indexer_open (path, &error);
    ck_assert_msg (indexer != NULL, "%s", error ? error->message : "");
    for (guint c = 0; c < copies; c++)
      {
        g_autoptr (PueblaRecord) r = puebla_extract_file (source, NULL);
        ck_assert (r != NULL && r->passages->len >= items);
        g_autofree gchar *name = g_strdup_printf ("informe-%02u.txt", c);
        g_free (r->path);
        r->path = g_build_filename (scratch, name, NULL);
        g_free (r->id);
        r->id = puebla_record_id_for_path (r->path);
        ck_assert (puebla_indexer_put (indexer, r, &error));
        if (c == 0)
          {
            /* one copy: every passage that names it is read */
            ck_assert (puebla_indexer_commit (indexer, &error));
            g_autoptr (PueblaSearcher) s = puebla_searcher_open (path, &error);
            g_autoptr (PueblaTrace) t = puebla_searcher_trace (s, "seminario legislación migratoria", &error);
            ck_assert_msg (t != NULL, "%s", error ? error->message : "");
            ck_assert (t->complete);
            ck_assert_uint_ge (t->candidates, items);
            ck_assert_str_eq (t->completed->date, "1991-03"); /* item 1, the earliest */
          }
      }
    ck_assert (puebla_indexer_commit (indexer, &error));
  }
  ck_assert_uint_gt (copies * items, PUEBLA_TRACE_CANDIDATES);

  g_autoptr (PueblaSearcher) s = puebla_searcher_open (path, &error);
  g_autoptr (PueblaTrace) t = puebla_searcher_trace (s, "seminario legislación migratoria", &error);
  ck_assert_msg (t != NULL, "%s", error ? error->message : "");
  ck_assert (!t->complete);
  ck_assert_uint_eq (t->candidates, PUEBLA_TRACE_CANDIDATES);
}
END_TEST

static Suite *
indexer_suite (void)
{
  Suite *s = suite_create ("indexer");
  TCase *tc = tcase_create ("documents");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, documents_cross_as_bytes);
  tcase_add_test (tc, broken_or_foreign_bytes_are_refused);
  tcase_add_test (tc, put_again_replaces_what_add_wrote);
  tcase_add_test (tc, grown_record_within_one_batch);
  tcase_add_test (tc, layout_4_keeps_its_passages_with_its_records);
  tcase_add_test (tc, date_ranges_read_whole_years_and_cut_months_alike);
  tcase_add_test (tc, facets_count_numbered_and_listed_documents);
  tcase_add_test (tc, trace_says_when_it_read_only_the_best_passages);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  SRunner *sr = srunner_create (indexer_suite ());
  srunner_run_all (sr, CK_NORMAL);
  int failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
