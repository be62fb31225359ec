/* indexer.c: records → Xapian documents (see indexer.h, schema.h). */
#include "indexer.h"

#include "index-private.h"
#include "schema.h"
#include "terms.h"

#include <json-glib/json-glib.h>
#include <string.h>

G_DEFINE_QUARK (puebla-index-error-quark, puebla_index_error)

struct _PueblaIndexEncoder
{
  PueblaTerms *terms;     /* Spanish */
  PueblaTerms *terms_en;  /* English records */
};

/* The numbers of the facet terms (schema.h, value 12): one table for all
   the databases of an index, its shards' too (shared, counted). */
typedef struct
{
  GPtrArray *terms; /* the term numbered N at N */
  GHashTable *ids;  /* term → its number + 1 */
} FacetIds;

static void
facet_ids_clear (gpointer data)
{
  FacetIds *f = data;
  g_ptr_array_unref (f->terms);
  g_hash_table_unref (f->ids);
}

static FacetIds *
facet_ids_new (void)
{
  FacetIds *f = g_rc_box_new0 (FacetIds);
  f->terms = g_ptr_array_new_with_free_func (g_free);
  f->ids = g_hash_table_new (g_str_hash, g_str_equal); /* keys: the strings of terms */
  return f;
}

static void
facet_ids_unref (FacetIds *f)
{
  if (f)
    g_rc_box_release_full (f, facet_ids_clear);
}

struct _PueblaIndexer
{
  gchar *path;
  PueblaXapianWritable *db;     /* the records */
  PueblaXapianWritable *pdb;    /* the passages: PATH/passages, or db itself in an index of layout 4 (schema.h) */
  PueblaIndexEncoder *encoder;  /* for puebla_indexer_put() */
  PueblaShardSet *shards;       /* a sharded index: its shards do the work (shards.c); the fields above are unset */
  FacetIds *facet_ids;          /* shared with the other shards of the index */
  guint facet_ids_in_db;        /* how many of them the metadata of db holds */
  guint facet_ids_in_pdb;       /* and of pdb */
};

/* Adopts the N TERMS (numbered 0…) into INDEXER's facet numbers when they
   are more than those: numbers are only added, and every database of an
   index holds the table as of its last commit, so the longest is the
   newest and the others begin like it. One that does not is an index
   whose facets cannot be trusted: said, and refused. */
static gboolean
adopt_facet_terms (PueblaIndexer *indexer, const gchar *const *terms, guint n, GError **error)
{
  FacetIds *f = indexer->facet_ids;
  for (guint i = 0; i < MIN (n, f->terms->len); i++)
    if (!g_str_equal (terms[i], g_ptr_array_index (f->terms, i)))
      {
        g_set_error (error, PUEBLA_INDEX_ERROR, PUEBLA_INDEX_ERROR_FAILED,
                     "%s: its databases number the facet term %u differently ('%s', '%s'): "
                     "remove the directory and ingest again",
                     indexer->path, i, terms[i], (const gchar *) g_ptr_array_index (f->terms, i));
        return FALSE;
      }
  for (guint i = f->terms->len; i < n; i++)
    {
      g_ptr_array_add (f->terms, g_strdup (terms[i]));
      g_hash_table_insert (f->ids, g_ptr_array_index (f->terms, i), GUINT_TO_POINTER (i + 1));
    }
  return TRUE;
}

/* Adopts the table of facet terms that DB holds; *HELD gets its length. */
static gboolean
adopt_facet_terms_of (PueblaIndexer *indexer, PueblaXapianWritable *db, guint *held, GError **error)
{
  g_autofree gchar *table = puebla_xapian_database_get_metadata (puebla_xapian_writable_get_database (db),
                                                                 PUEBLA_META_FACET_TERMS, error);
  if (table == NULL)
    return FALSE;
  g_auto (GStrv) lines = g_strsplit (table, "\n", -1);
  *held = *table ? g_strv_length (lines) : 0;
  return adopt_facet_terms (indexer, (const gchar *const *) lines, *held, error);
}

/* The facet numbers of the shards of an index made one table (shards.c):
   each shard's is adopted into the first's, which they then all share. */
gboolean
_puebla_indexer_share_facet_ids (PueblaIndexer **shards, guint n, GError **error)
{
  for (guint i = 1; i < n; i++)
    {
      GPtrArray *terms = shards[i]->facet_ids->terms;
      if (!adopt_facet_terms (shards[0], (const gchar *const *) terms->pdata, terms->len, error))
        return FALSE;
    }
  for (guint i = 1; i < n; i++)
    {
      facet_ids_unref (shards[i]->facet_ids);
      shards[i]->facet_ids = g_rc_box_acquire (shards[0]->facet_ids);
    }
  return TRUE;
}

/* Value 11 of DOC (its facet terms, as the encoder lists them) turned into
   value 12, their numbers (schema.h), numbering the terms new to the
   table. A term that cannot be a line of the table (it holds a line end)
   leaves the document as it was: value 11 is read as well. */
static void
number_facets (FacetIds *f, PueblaXapianDocument *doc)
{
  gsize len = 0;
  g_autofree gchar *listed = puebla_xapian_document_get_value (doc, PUEBLA_SLOT_FACETS, &len);
  if (memchr (listed, '\n', len))
    return;
  g_autoptr (GString) numbers = g_string_new_len ((const gchar[]) { PUEBLA_XAPIAN_FACET_IDS_FORMAT }, 1);
  for (gsize start = 0; start < len;)
    {
      const gchar *term = listed + start;
      gsize term_len = strlen (term);
      guint id = GPOINTER_TO_UINT (g_hash_table_lookup (f->ids, term));
      if (id == 0)
        {
          g_ptr_array_add (f->terms, g_strdup (term));
          id = f->terms->len;
          g_hash_table_insert (f->ids, g_ptr_array_index (f->terms, id - 1), GUINT_TO_POINTER (id));
        }
      for (guint32 v = id - 1;; v >>= 7)
        {
          if (v < 0x80)
            {
              g_string_append_c (numbers, (gchar) v);
              break;
            }
          g_string_append_c (numbers, (gchar) (0x80 | (v & 0x7f)));
        }
      start += term_len + 1;
    }
  puebla_xapian_document_set_value (doc, PUEBLA_SLOT_FACET_IDS, numbers->str, numbers->len);
  puebla_xapian_document_set_value (doc, PUEBLA_SLOT_FACETS, NULL, 0);
}

/* Writes INDEXER's table of facet terms into DB when it has grown since
   DB last held it (*IN_DB terms). */
static gboolean
write_facet_terms (PueblaIndexer *indexer, PueblaXapianWritable *db, guint *in_db, GError **error)
{
  FacetIds *f = indexer->facet_ids;
  if (f->terms->len == *in_db)
    return TRUE;
  g_autoptr (GString) table = g_string_new (NULL);
  for (guint k = 0; k < f->terms->len; k++)
    g_string_append_printf (table, "%s%s", k ? "\n" : "", (const gchar *) g_ptr_array_index (f->terms, k));
  if (!puebla_xapian_writable_set_metadata (db, PUEBLA_META_FACET_TERMS, table->str, error))
    return FALSE;
  *in_db = f->terms->len;
  return TRUE;
}

PueblaIndexEncoder *
puebla_index_encoder_new (GError **error)
{
  GError *local = NULL;
  PueblaTerms *terms = puebla_terms_new ("es", &local);
  PueblaTerms *terms_en = terms ? puebla_terms_new ("en", &local) : NULL;
  if (terms_en == NULL)
    {
      _puebla_index_propagate (error, local, NULL);
      puebla_terms_free (terms);
      return NULL;
    }
  PueblaIndexEncoder *encoder = g_new0 (PueblaIndexEncoder, 1);
  encoder->terms = terms;
  encoder->terms_en = terms_en;
  return encoder;
}

void
puebla_index_encoder_free (PueblaIndexEncoder *encoder)
{
  if (encoder == NULL)
    return;
  puebla_terms_free (encoder->terms);
  puebla_terms_free (encoder->terms_en);
  g_free (encoder);
}

void
_puebla_index_propagate (GError **dest, GError *src, const gchar *context)
{
  PueblaIndexError code = PUEBLA_INDEX_ERROR_FAILED;
  if (src->domain == PUEBLA_XAPIAN_ERROR)
    switch ((PueblaXapianError) src->code)
      {
      case PUEBLA_XAPIAN_ERROR_NOT_FOUND:
        code = PUEBLA_INDEX_ERROR_NOT_FOUND;
        break;
      case PUEBLA_XAPIAN_ERROR_LOCKED:
        code = PUEBLA_INDEX_ERROR_LOCKED;
        break;
      case PUEBLA_XAPIAN_ERROR_CORRUPT:
      case PUEBLA_XAPIAN_ERROR_VERSION:
        code = PUEBLA_INDEX_ERROR_CORRUPT;
        break;
      case PUEBLA_XAPIAN_ERROR_BAD_QUERY:
        code = PUEBLA_INDEX_ERROR_BAD_QUERY;
        break;
      case PUEBLA_XAPIAN_ERROR_MODIFIED:
      case PUEBLA_XAPIAN_ERROR_FAILED:
        code = PUEBLA_INDEX_ERROR_FAILED;
        break;
      }
  else if (src->domain == PUEBLA_INDEX_ERROR)
    code = (PueblaIndexError) src->code;

  if (context)
    g_set_error (dest, PUEBLA_INDEX_ERROR, code, "%s: %s", context, src->message);
  else
    g_set_error_literal (dest, PUEBLA_INDEX_ERROR, code, src->message);
  g_error_free (src);
}

gboolean
_puebla_index_check_schema (PueblaXapianDatabase *db, const gchar *path, gboolean *is_new, gint *layout,
                            GError **error)
{
  if (layout)
    *layout = PUEBLA_SCHEMA_VERSION;
  GError *local = NULL;
  g_autofree gchar *version = puebla_xapian_database_get_metadata (db, PUEBLA_META_SCHEMA, &local);
  if (version == NULL)
    {
      _puebla_index_propagate (error, local, path);
      return FALSE;
    }
  if (is_new)
    *is_new = (*version == '\0');
  if (*version == '\0')
    {
      if (is_new)
        return TRUE;
      if (puebla_xapian_database_get_doc_count (db) == 0)
        {
          /* an index created but never written: nothing to read */
          if (layout)
            *layout = PUEBLA_SCHEMA_VERSION_PASSAGES_INLINE;
          return TRUE;
        }
    }
  gint64 v = g_ascii_strtoll (version, NULL, 10);
  if (v != PUEBLA_SCHEMA_VERSION && v != PUEBLA_SCHEMA_VERSION_PASSAGES_INLINE)
    {
      g_set_error (error, PUEBLA_INDEX_ERROR, PUEBLA_INDEX_ERROR_SCHEMA,
                   "%s: the index has layout version %s, this puebla uses version %d: "
                   "remove the directory and ingest again",
                   path, *version ? version : "(none)", PUEBLA_SCHEMA_VERSION);
      return FALSE;
    }
  if (layout)
    *layout = (gint) v;
  return TRUE;
}

PueblaIndexer *
puebla_indexer_open (const gchar *path, GError **error)
{
  return puebla_indexer_open_sharded (path, 0, error);
}

PueblaIndexer *
_puebla_indexer_new_sharded (const gchar *path, PueblaShardSet *shards)
{
  PueblaIndexer *indexer = g_new0 (PueblaIndexer, 1);
  indexer->path = g_strdup (path);
  indexer->shards = shards;
  return indexer;
}

PueblaShardSet *
_puebla_indexer_get_shards (PueblaIndexer *indexer)
{
  return indexer->shards;
}

gboolean
_puebla_indexer_passages_apart (PueblaIndexer *indexer)
{
  return indexer->pdb != indexer->db;
}

PueblaIndexer *
_puebla_indexer_open_one (const gchar *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  GError *local = NULL;
  PueblaXapianWritable *db = puebla_xapian_writable_open (path, TRUE, &local);
  if (db == NULL)
    {
      _puebla_index_propagate (error, local, NULL);
      return NULL;
    }

  gboolean is_new = FALSE;
  gint layout = 0;
  if (!_puebla_index_check_schema (puebla_xapian_writable_get_database (db), path, &is_new, &layout, error))
    {
      puebla_xapian_writable_close (db);
      return NULL;
    }
  /* the passages' database: made before the records' is stamped, so that a
     stamped index always has one; an index of layout 4 keeps its passages
     with its records */
  PueblaXapianWritable *pdb = db;
  if (layout == PUEBLA_SCHEMA_VERSION)
    {
      g_autofree gchar *passages = g_build_filename (path, PUEBLA_PASSAGES_NAME, NULL);
      pdb = puebla_xapian_writable_open (passages, is_new, &local);
      if (pdb == NULL)
        {
          _puebla_index_propagate (error, local, NULL);
          puebla_xapian_writable_close (db);
          return NULL;
        }
    }
  PueblaIndexer *indexer = g_new0 (PueblaIndexer, 1);
  indexer->path = g_strdup (path);
  indexer->db = db;
  indexer->pdb = pdb;
  if (is_new)
    {
      g_autofree gchar *v = g_strdup_printf ("%d", PUEBLA_SCHEMA_VERSION);
      if (!puebla_xapian_writable_commit (pdb, &local)
          || !puebla_xapian_writable_set_metadata (db, PUEBLA_META_SCHEMA, v, &local)
          || !puebla_xapian_writable_commit (db, &local))
        {
          _puebla_index_propagate (error, local, path);
          puebla_indexer_close (indexer);
          return NULL;
        }
    }
  indexer->encoder = puebla_index_encoder_new (error);
  if (indexer->encoder == NULL)
    {
      puebla_indexer_close (indexer);
      return NULL;
    }
  /* the facet numbers: the records' table, or the passages' when it is
     longer (they are committed first) */
  indexer->facet_ids = facet_ids_new ();
  if (!adopt_facet_terms_of (indexer, indexer->db, &indexer->facet_ids_in_db, error)
      || (indexer->pdb != indexer->db
          && !adopt_facet_terms_of (indexer, indexer->pdb, &indexer->facet_ids_in_pdb, error)))
    {
      puebla_indexer_close (indexer);
      return NULL;
    }
  return indexer;
}

void
puebla_indexer_close (PueblaIndexer *indexer)
{
  if (indexer == NULL)
    return;
  _puebla_shard_set_free (indexer->shards);
  facet_ids_unref (indexer->facet_ids);
  if (indexer->pdb != indexer->db)
    puebla_xapian_writable_close (indexer->pdb);
  puebla_xapian_writable_close (indexer->db);
  puebla_index_encoder_free (indexer->encoder);
  g_free (indexer->path);
  g_free (indexer);
}

void
puebla_indexed_state_clear (PueblaIndexedState *state)
{
  g_clear_pointer (&state->content_hash, g_free);
  g_clear_pointer (&state->signature, g_free);
  g_clear_pointer (&state->reason, g_free);
  memset (state, 0, sizeof *state);
}

static gint64
get_number_value (PueblaXapianDocument *doc, guint slot)
{
  gsize len = 0;
  g_autofree gchar *v = puebla_xapian_document_get_value (doc, slot, &len);
  return len ? (gint64) puebla_xapian_sortable_unserialise (v, len) : 0;
}

static void
set_number_value (PueblaXapianDocument *doc, guint slot, gint64 n)
{
  gsize len = 0;
  g_autofree gchar *v = puebla_xapian_sortable_serialise ((gdouble) n, &len);
  puebla_xapian_document_set_value (doc, slot, v, len);
}

static void
set_string_value (PueblaXapianDocument *doc, guint slot, const gchar *s)
{
  if (s)
    puebla_xapian_document_set_value (doc, slot, s, strlen (s));
}

/* Record ID's document among INDEXER's records into *DOC (NULL when it
   holds none); FALSE with ERROR when it cannot be looked up. */
static gboolean
find_record (PueblaIndexer *indexer, const gchar *id, PueblaXapianDocument **doc, GError **error)
{
  GError *local = NULL;
  g_autofree gchar *term = g_strconcat (PUEBLA_PREFIX_ID, id, NULL);
  *doc = puebla_xapian_database_find_document (puebla_xapian_writable_get_database (indexer->db), term, &local);
  if (local)
    {
      g_clear_pointer (doc, puebla_xapian_document_free);
      _puebla_index_propagate (error, local, indexer->path);
      return FALSE;
    }
  return TRUE;
}

gboolean
puebla_indexer_lookup (PueblaIndexer *indexer, const gchar *id, PueblaIndexedState *state, GError **error)
{
  if (indexer->shards)
    return puebla_indexer_lookup (_puebla_shard_set_for_id (indexer->shards, id), id, state, error);
  memset (state, 0, sizeof *state);

  g_autoptr (PueblaXapianDocument) doc = NULL;
  if (!find_record (indexer, id, &doc, error))
    return FALSE;
  if (doc == NULL)
    return TRUE;

  state->found = TRUE;
  state->size = get_number_value (doc, PUEBLA_SLOT_SIZE);
  state->mtime = get_number_value (doc, PUEBLA_SLOT_MTIME);
  state->signature = puebla_xapian_document_get_value (doc, PUEBLA_SLOT_SIGNATURE, NULL);
  if (*state->signature == '\0')
    g_clear_pointer (&state->signature, g_free);
  state->content_hash = puebla_xapian_document_get_value (doc, PUEBLA_SLOT_HASH, NULL);
  if (*state->content_hash == '\0')
    g_clear_pointer (&state->content_hash, g_free);
  g_autofree gchar *verdict = puebla_xapian_document_get_value (doc, PUEBLA_SLOT_VERDICT, NULL);
  if (!puebla_verdict_from_string (verdict, &state->verdict))
    state->verdict = PUEBLA_VERDICT_CORRUPT;
  state->reason = puebla_xapian_document_get_value (doc, PUEBLA_SLOT_REASON, NULL);
  if (*state->reason == '\0')
    g_clear_pointer (&state->reason, g_free);
  return TRUE;
}

gboolean
puebla_indexer_touch (PueblaIndexer *indexer, const gchar *id, gint64 mtime, const gchar *signature, GError **error)
{
  g_return_val_if_fail (indexer != NULL && id != NULL && signature != NULL, FALSE);
  if (indexer->shards)
    return puebla_indexer_touch (_puebla_shard_set_for_id (indexer->shards, id), id, mtime, signature, error);

  g_autoptr (PueblaXapianDocument) doc = NULL;
  if (!find_record (indexer, id, &doc, error))
    return FALSE;
  if (doc == NULL)
    {
      g_set_error (error, PUEBLA_INDEX_ERROR, PUEBLA_INDEX_ERROR_NO_DOCUMENT, "%s: no record %s to refresh",
                   indexer->path, id);
      return FALSE;
    }
  /* values only: the stored JSON (tens of KB, deflated) is left as it is,
     and its readers take the mtime from the value
     (_puebla_record_of_document); Xapian then rewrites no term and no data */
  set_number_value (doc, PUEBLA_SLOT_MTIME, mtime);
  set_string_value (doc, PUEBLA_SLOT_SIGNATURE, signature);
  GError *local = NULL;
  g_autofree gchar *term = g_strconcat (PUEBLA_PREFIX_ID, id, NULL);
  if (!puebla_xapian_writable_replace (indexer->db, term, doc, &local))
    {
      _puebla_index_propagate (error, local, indexer->path);
      return FALSE;
    }
  return TRUE;
}

PueblaRecord *
_puebla_record_of_document (PueblaXapianDocument *doc, GError **error)
{
  gsize len = 0;
  g_autofree gchar *data = puebla_xapian_document_get_data (doc, &len);
  PueblaRecord *record = puebla_record_from_json_string (data, (gssize) len, error);
  if (record == NULL)
    return NULL;
  gint64 mtime = get_number_value (doc, PUEBLA_SLOT_MTIME);
  if (mtime != 0) /* 0: no value, as the JSON's own */
    record->mtime = mtime;
  return record;
}

/* The file name's extension, lowercased, or NULL. */
static gchar *
path_extension (const gchar *path)
{
  g_autofree gchar *base = g_path_get_basename (path);
  const gchar *dot = strrchr (base, '.');
  if (dot == NULL || dot == base || dot[1] == '\0')
    return NULL;
  return g_utf8_strdown (dot + 1, -1);
}

static void
add_prefixed_term (PueblaXapianDocument *doc, const gchar *prefix, const gchar *value)
{
  g_autofree gchar *term = g_strconcat (prefix, value, NULL);
  puebla_xapian_document_add_boolean_term (doc, term);
}

/* "2004-12-02" → 2004, 12 (and FALSE when DATE is not one). */
static gboolean
year_month (const gchar *date, gint *year, gint *month)
{
  if (date == NULL || strlen (date) < 7 || date[4] != '-')
    return FALSE;
  *year = (gint) g_ascii_strtoll (date, NULL, 10);
  *month = (gint) g_ascii_strtoll (date + 5, NULL, 10);
  return *year > 0 && *month >= 1 && *month <= 12;
}

/* TRUE for a date of year precision: "2005", "2004/2005". */
static gboolean
is_year_precision (const gchar *value)
{
  for (const gchar *p = value; *p; p++)
    if (!g_ascii_isdigit (*p) && *p != '/')
      return FALSE;
  return TRUE;
}

/* The terms of one date entity: its years (XY:), and its months (XDM:) or,
   for a year-precision date, its years again (XDY:). Long ranges are cut:
   a "1996-2026" period does not make 360 month terms. */
static void
add_date_terms (PueblaXapianDocument *doc, const PueblaEntity *e)
{
  gint y1, m1, y2, m2;
  if (!year_month (e->date, &y1, &m1) || !year_month (e->last_date ? e->last_date : e->date, &y2, &m2)
      || y2 < y1 || y2 - y1 > 60)
    return;
  gboolean years_only = is_year_precision (e->id);
  for (gint y = y1; y <= y2; y++)
    {
      g_autofree gchar *year = g_strdup_printf ("%04d", y);
      add_prefixed_term (doc, PUEBLA_PREFIX_YEAR, year);
      if (years_only)
        add_prefixed_term (doc, PUEBLA_PREFIX_DATE_YEAR, year);
    }
  if (years_only || (y2 - y1) * 12 + (m2 - m1) > 240)
    return;
  for (gint y = y1, m = m1; y < y2 || (y == y2 && m <= m2);)
    {
      g_autofree gchar *month = g_strdup_printf ("%04d-%02d", y, m);
      add_prefixed_term (doc, PUEBLA_PREFIX_MONTH, month);
      if (++m > 12)
        {
          m = 1;
          y++;
        }
    }
}

/* The terms of ENTITIES (of a record or a passage). */
static void
add_terms_of_entities (PueblaXapianDocument *doc, GPtrArray *entities)
{
  for (guint i = 0; entities && i < entities->len; i++)
    {
      const PueblaEntity *e = g_ptr_array_index (entities, i);
      switch (e->type)
        {
        case PUEBLA_ENTITY_COUNTRY:
          add_prefixed_term (doc, PUEBLA_PREFIX_COUNTRY, e->id);
          break;
        case PUEBLA_ENTITY_ORG:
          add_prefixed_term (doc, PUEBLA_PREFIX_ORG, e->id);
          break;
        case PUEBLA_ENTITY_STATUS:
          add_prefixed_term (doc, PUEBLA_PREFIX_STATUS, e->id);
          break;
        case PUEBLA_ENTITY_MEETING:
          add_prefixed_term (doc, PUEBLA_PREFIX_MEETING, e->id);
          break;
        case PUEBLA_ENTITY_DATE:
          add_date_terms (doc, e);
          break;
        }
    }
}

/* The record-level filters, for the record and each of its passages. */
static void
add_record_filter_terms (PueblaXapianDocument *doc, const PueblaRecord *record)
{
  if (record->meeting)
    add_prefixed_term (doc, PUEBLA_PREFIX_MEETING, record->meeting);
  if (record->kind)
    add_prefixed_term (doc, PUEBLA_PREFIX_KIND, record->kind);
  if (record->language)
    add_prefixed_term (doc, PUEBLA_PREFIX_LANG, record->language);
}

/* The first day of the record's date ("2004-12-02"), or NULL: for
   sorting and timelines. */
static gchar *
record_first_day (const PueblaRecord *record)
{
  if (record->date == NULL || strlen (record->date) < 4)
    return NULL;
  for (guint i = 0; i < record->entities->len; i++)
    {
      const PueblaEntity *e = g_ptr_array_index (record->entities, i);
      if (e->type == PUEBLA_ENTITY_DATE && g_str_equal (e->id, record->date) && e->date)
        return g_strdup (e->date);
    }
  return g_strndup (record->date, 10);
}

static void
add_entity_terms (PueblaXapianDocument *doc, const PueblaRecord *record)
{
  add_terms_of_entities (doc, record->entities);
  add_record_filter_terms (doc, record);
  if (record->place_country)
    add_prefixed_term (doc, PUEBLA_PREFIX_COUNTRY, record->place_country);
  g_autofree gchar *first = record_first_day (record);
  if (first)
    set_string_value (doc, PUEBLA_SLOT_DATE, first);
}

/* What a result shows of a record, as a JSON object: the summary slot of
   its document and the "record" of each of its passages. The path is shown
   readable and, when it is not UTF-8, kept exact in "path_bytes" (base64),
   as in the record's own JSON. Made once per record, as JSON text. */
static gchar *
record_summary (const PueblaRecord *record)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  g_autofree gchar *path = puebla_path_to_utf8 (record->path);
  g_autofree gchar *path_bytes = g_utf8_validate (record->path, -1, NULL)
                                   ? NULL
                                   : g_base64_encode ((const guchar *) record->path, strlen (record->path));
  const struct
  {
    const gchar *name, *value;
  } fields[] = {
    { "id", record->id },         { "path", path },                 { "title", record->title },
    { "mime_type", record->mime_type }, { "kind", record->kind }, { "language", record->language },
    { "meeting", record->meeting }, { "date", record->date },
  };
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      json_builder_set_member_name (b, fields[i].name);
      if (fields[i].value)
        json_builder_add_string_value (b, fields[i].value);
      else
        json_builder_add_null_value (b);
    }
  if (path_bytes)
    {
      json_builder_set_member_name (b, "path_bytes");
      json_builder_add_string_value (b, path_bytes);
    }
  json_builder_end_object (b);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* The data of a passage: itself and SUMMARY, what a result needs of its
   record (made once per record, spliced in as JSON text). */
static gchar *
passage_data (const gchar *summary, const PueblaPassage *passage)
{
  GString *data = g_string_sized_new (2048);
  g_string_append (data, "{\"record\":");
  g_string_append (data, summary);
  g_string_append (data, ",\"passage\":");
  puebla_passage_append_stored_json (data, passage);
  g_string_append_c (data, '}');
  return g_string_free (data, FALSE);
}

/* Lists DOC's facet terms in its value PUEBLA_SLOT_FACETS (schema.h), once
   all its terms are in. */
static void
set_facet_value (PueblaXapianDocument *doc)
{
  static const gchar *const prefixes[] = PUEBLA_FACET_PREFIXES;
  g_autoptr (GPtrArray) terms = puebla_xapian_document_get_terms_with_prefix (doc, "X");
  GString *listed = g_string_new (NULL);
  for (guint i = 0; i < terms->len; i++)
    {
      const gchar *term = g_ptr_array_index (terms, i);
      for (guint k = 0; k < G_N_ELEMENTS (prefixes); k++)
        if (g_str_has_prefix (term, prefixes[k]))
          {
            if (listed->len)
              g_string_append_c (listed, '\0');
            g_string_append (listed, term);
            break;
          }
    }
  if (listed->len)
    puebla_xapian_document_set_value (doc, PUEBLA_SLOT_FACETS, listed->str, listed->len);
  g_string_free (listed, TRUE);
}

/* One document made from a record: the term that names it, and itself. */
typedef struct
{
  gchar *term;
  PueblaXapianDocument *doc;
} Built;

static void
built_free (gpointer data)
{
  Built *b = data;
  g_free (b->term);
  puebla_xapian_document_free (b->doc);
  g_free (b);
}

static Built *
built_new (gchar *term, PueblaXapianDocument *doc)
{
  Built *b = g_new (Built, 1);
  b->term = term;
  b->doc = doc;
  return b;
}

/* The documents of RECORD's passages, appended to OUT. */
static void
build_passages (const PueblaRecord *record, const gchar *summary, PueblaXapianStemmer *stemmer, GPtrArray *out)
{
  g_autofree gchar *link = g_strconcat (PUEBLA_PREFIX_RECORD, record->id, NULL);
  g_autofree gchar *first_day = record_first_day (record);
  for (guint i = 0; i < record->passages->len; i++)
    {
      const PueblaPassage *p = g_ptr_array_index (record->passages, i);
      PueblaXapianDocument *doc = puebla_xapian_document_new ();
      gchar *unique = g_strdup_printf ("%s%s#%u", PUEBLA_PREFIX_ID, record->id, p->ordinal);
      puebla_xapian_document_add_boolean_term (doc, unique);
      puebla_xapian_document_add_boolean_term (doc, PUEBLA_TERM_PASSAGE);
      puebla_xapian_document_add_boolean_term (doc, link);
      if (p->section)
        {
          g_autofree gchar *section = puebla_terms_fold (p->section);
          puebla_xapian_document_index_text (doc, section, "", 1, stemmer);
        }
      g_autofree gchar *text = puebla_terms_fold (p->text);
      puebla_xapian_document_index_text (doc, text, "", 1, stemmer);
      add_terms_of_entities (doc, p->entities);
      add_record_filter_terms (doc, record);

      set_string_value (doc, PUEBLA_SLOT_RECORD, record->id);
      set_number_value (doc, PUEBLA_SLOT_ORDINAL, p->ordinal);
      if (first_day)
        set_string_value (doc, PUEBLA_SLOT_DATE, first_day);
      g_autofree gchar *data = passage_data (summary, p);
      puebla_xapian_document_set_data (doc, data, strlen (data));
      set_facet_value (doc);
      g_ptr_array_add (out, built_new (unique, doc));
    }
}

/* The documents of RECORD: its own first, then its passages (none unless
   its verdict is ok). RECORD_JSON is its data when the caller has made it
   already (puebla_record_to_json_string_without_passages), or NULL. */
static GPtrArray *
build_documents (PueblaIndexEncoder *encoder, const PueblaRecord *record, const gchar *record_json)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (built_free);
  PueblaXapianDocument *doc = puebla_xapian_document_new ();
  gchar *id_term = g_strconcat (PUEBLA_PREFIX_ID, record->id, NULL);
  PueblaTerms *terms = g_strcmp0 (record->language, "en") == 0 ? encoder->terms_en : encoder->terms;
  PueblaXapianStemmer *stemmer = puebla_terms_get_stemmer (terms);

  puebla_xapian_document_add_boolean_term (doc, id_term);
  puebla_xapian_document_add_boolean_term (doc, PUEBLA_TERM_RECORD);
  add_prefixed_term (doc, PUEBLA_PREFIX_VERDICT, puebla_verdict_to_string (record->verdict));
  if (record->mime_type)
    add_prefixed_term (doc, PUEBLA_PREFIX_MIME, record->mime_type);
  g_autofree gchar *ext = path_extension (record->path);
  if (ext)
    add_prefixed_term (doc, PUEBLA_PREFIX_EXT, ext);

  if (record->verdict == PUEBLA_VERDICT_OK)
    {
      if (record->title)
        {
          g_autofree gchar *title = puebla_terms_fold (record->title);
          puebla_xapian_document_index_text (doc, title, PUEBLA_PREFIX_TITLE, 1, stemmer);
          /* the title's words also count as text, twice as much */
          puebla_xapian_document_index_text (doc, title, "", 2, stemmer);
        }
      for (guint i = 0; i < record->pages->len; i++)
        {
          const PueblaPage *page = g_ptr_array_index (record->pages, i);
          g_autofree gchar *text = puebla_terms_fold (page->text);
          puebla_xapian_document_index_text (doc, text, "", 1, stemmer);
        }
      add_entity_terms (doc, record);
    }

  set_string_value (doc, PUEBLA_SLOT_PATH, record->path);
  set_number_value (doc, PUEBLA_SLOT_MTIME, record->mtime);
  set_number_value (doc, PUEBLA_SLOT_SIZE, record->size);
  set_string_value (doc, PUEBLA_SLOT_HASH, record->content_hash);
  set_string_value (doc, PUEBLA_SLOT_SIGNATURE, record->signature);
  set_string_value (doc, PUEBLA_SLOT_VERDICT, puebla_verdict_to_string (record->verdict));
  set_string_value (doc, PUEBLA_SLOT_REASON, record->reason);
  g_autofree gchar *summary = record_summary (record);
  set_string_value (doc, PUEBLA_SLOT_SUMMARY, summary);

  g_autofree gchar *made = record_json ? NULL : puebla_record_to_json_string_without_passages (record);
  const gchar *data = record_json ? record_json : made;
  puebla_xapian_document_set_data (doc, data, strlen (data));
  set_facet_value (doc);
  g_ptr_array_add (out, built_new (id_term, doc));

  if (record->verdict == PUEBLA_VERDICT_OK)
    build_passages (record, summary, stemmer, out);
  return out;
}

/* Writes the documents of record ID (BUILT: its own, then its passages).

   One known to be new (KNOWN_NEW) is only added, with no lookup. One that
   may be indexed replaces its document, and its passages replace the old
   ones of the same ordinal: Xapian then changes only the postings that
   differ, so a file touched or with a line added costs little, where
   deleting and adding every passage rewrote each of their postings in a
   large index. When the record had more passages than it has now, or the
   old ones cannot all be matched by ordinal, they are all deleted and the
   new ones added. */
static gboolean
write_documents (PueblaIndexer *indexer, const gchar *id, const gchar *path, GPtrArray *built, gboolean known_new,
                 GError **error)
{
  GError *local = NULL;
  g_autofree gchar *link = g_strconcat (PUEBLA_PREFIX_RECORD, id, NULL);
  PueblaXapianDatabase *view = puebla_xapian_writable_get_database (indexer->pdb);
  guint passages = built->len - 1;
  gboolean by_ordinal = FALSE;
  for (guint i = 0; i < built->len; i++)
    number_facets (indexer->facet_ids, ((Built *) g_ptr_array_index (built, i))->doc);
  if (!known_new)
    {
      guint old = puebla_xapian_database_get_term_freq (view, link);
      by_ordinal = old > 0 && old <= passages;
      if (old > 0 && !by_ordinal && !puebla_xapian_writable_delete (indexer->pdb, link, &local))
        goto failed;
    }
  for (guint i = 0; i < built->len; i++)
    {
      Built *b = g_ptr_array_index (built, i);
      PueblaXapianWritable *to = i == 0 ? indexer->db : indexer->pdb;
      gboolean ok = (i == 0 && !known_new) || (i > 0 && by_ordinal)
                      ? puebla_xapian_writable_replace (to, b->term, b->doc, &local)
                      : puebla_xapian_writable_add (to, b->doc, &local);
      if (!ok)
        goto failed;
    }
  /* ordinals are 1…n in every record written so far; should an old one lie
     beyond, it would be left over: then start again the long way */
  if (by_ordinal && puebla_xapian_database_get_term_freq (view, link) != passages)
    {
      if (!puebla_xapian_writable_delete (indexer->pdb, link, &local))
        goto failed;
      for (guint i = 1; i < built->len; i++)
        if (!puebla_xapian_writable_add (indexer->pdb, ((Built *) g_ptr_array_index (built, i))->doc, &local))
          goto failed;
    }
  return TRUE;

failed:
  _puebla_index_propagate (error, local, path);
  return FALSE;
}

/* The documents of one record, ready to write (indexer.h). */
struct _PueblaIndexDocuments
{
  gchar *id;
  gchar *path;
  GPtrArray *built;  /* of Built: the record's document, then its passages' */
};

static PueblaIndexDocuments *
documents_new (const gchar *id, const gchar *path, GPtrArray *built)
{
  PueblaIndexDocuments *docs = g_new (PueblaIndexDocuments, 1);
  docs->id = g_strdup (id);
  docs->path = g_strdup (path);
  docs->built = built;
  return docs;
}

void
puebla_index_documents_free (PueblaIndexDocuments *docs)
{
  if (docs == NULL)
    return;
  g_free (docs->id);
  g_free (docs->path);
  g_ptr_array_unref (docs->built);
  g_free (docs);
}

guint
puebla_index_documents_get_count (PueblaIndexDocuments *docs)
{
  return docs->built->len;
}

PueblaIndexDocuments *
puebla_index_encoder_build (PueblaIndexEncoder *encoder, const PueblaRecord *record, const gchar *record_json)
{
  g_return_val_if_fail (encoder != NULL && record != NULL && record->id != NULL && record->path != NULL, NULL);
  return documents_new (record->id, record->path, build_documents (encoder, record, record_json));
}

gboolean
puebla_indexer_put_documents (PueblaIndexer *indexer, PueblaIndexDocuments *docs, gboolean known_new, GError **error)
{
  g_return_val_if_fail (indexer != NULL && docs != NULL, FALSE);
  if (indexer->shards)
    return puebla_indexer_put_documents (_puebla_shard_set_for_id (indexer->shards, docs->id), docs, known_new, error);
  return write_documents (indexer, docs->id, docs->path, docs->built, known_new, error);
}

gboolean
puebla_indexer_put (PueblaIndexer *indexer, const PueblaRecord *record, GError **error)
{
  g_return_val_if_fail (record != NULL && record->id != NULL, FALSE);
  if (indexer->shards)
    return puebla_indexer_put (_puebla_shard_set_for_id (indexer->shards, record->id), record, error);
  g_autoptr (GPtrArray) built = build_documents (indexer->encoder, record, NULL);
  return write_documents (indexer, record->id, record->path, built, FALSE, error);
}

/* The encoding: for each document, its unique term and its serialised
   bytes, each as a 4-byte big-endian length and the bytes. */
static void
append_chunk (GByteArray *out, const gchar *data, gsize len)
{
  guint32 be = GUINT32_TO_BE ((guint32) len);
  g_byte_array_append (out, (const guint8 *) &be, sizeof be);
  g_byte_array_append (out, (const guint8 *) data, (guint) len);
}

static gboolean
read_chunk (const guint8 **p, const guint8 *end, const gchar **data, gsize *len)
{
  guint32 be;
  if ((gsize) (end - *p) < sizeof be)
    return FALSE;
  memcpy (&be, *p, sizeof be);
  *p += sizeof be;
  *len = GUINT32_FROM_BE (be);
  if ((gsize) (end - *p) < *len)
    return FALSE;
  *data = (const gchar *) *p;
  *p += *len;
  return TRUE;
}

GBytes *
puebla_index_documents_encode (PueblaIndexDocuments *docs)
{
  g_return_val_if_fail (docs != NULL, NULL);
  GByteArray *out = g_byte_array_new ();
  for (guint i = 0; i < docs->built->len; i++)
    {
      Built *b = g_ptr_array_index (docs->built, i);
      gsize len = 0;
      g_autofree gchar *bytes = puebla_xapian_document_serialise (b->doc, &len);
      append_chunk (out, b->term, strlen (b->term));
      append_chunk (out, bytes, len);
    }
  return g_byte_array_free_to_bytes (out);
}

PueblaIndexDocuments *
puebla_index_documents_decode (const PueblaRecord *record, GBytes *encoded, GError **error)
{
  g_return_val_if_fail (record != NULL && record->id != NULL && encoded != NULL, NULL);
  gsize size = 0;
  const guint8 *p = g_bytes_get_data (encoded, &size);
  const guint8 *end = p + size;
  g_autoptr (GPtrArray) built = g_ptr_array_new_with_free_func (built_free);
  g_autofree gchar *id_term = g_strconcat (PUEBLA_PREFIX_ID, record->id, NULL);
  while (p < end)
    {
      const gchar *term, *bytes;
      gsize term_len, len;
      if (!read_chunk (&p, end, &term, &term_len) || !read_chunk (&p, end, &bytes, &len))
        break;
      GError *local = NULL;
      PueblaXapianDocument *doc = puebla_xapian_document_unserialise (bytes, len, &local);
      if (doc == NULL)
        {
          _puebla_index_propagate (error, local, NULL);
          return NULL;
        }
      g_ptr_array_add (built, built_new (g_strndup (term, term_len), doc));
    }
  /* whole, and the record's own document first: anything else is not an
     encoding of this record */
  if (p != end || built->len == 0 || !g_str_equal (((Built *) g_ptr_array_index (built, 0))->term, id_term))
    {
      g_set_error (error, PUEBLA_INDEX_ERROR, PUEBLA_INDEX_ERROR_FAILED,
                   "its %" G_GSIZE_FORMAT " bytes of documents are cut short or are not its own", size);
      return NULL;
    }
  return documents_new (record->id, record->path, g_steal_pointer (&built));
}

gboolean
puebla_indexer_remove (PueblaIndexer *indexer, const gchar *id, GError **error)
{
  if (indexer->shards)
    return puebla_indexer_remove (_puebla_shard_set_for_id (indexer->shards, id), id, error);
  GError *local = NULL;
  g_autofree gchar *term = g_strconcat (PUEBLA_PREFIX_ID, id, NULL);
  g_autofree gchar *link = g_strconcat (PUEBLA_PREFIX_RECORD, id, NULL);
  if (!puebla_xapian_writable_delete (indexer->db, term, &local)
      || !puebla_xapian_writable_delete (indexer->pdb, link, &local))
    {
      _puebla_index_propagate (error, local, indexer->path);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  const gchar *dir;
  gsize dir_len;
  GPtrArray *paths;
} ListUnder;

static gboolean
collect_under (guint docid, const gchar *value, gsize len, gpointer user_data)
{
  (void) docid;
  ListUnder *lu = user_data;
  if (len < lu->dir_len || memcmp (value, lu->dir, lu->dir_len) != 0)
    return TRUE;
  /* DIR itself, or DIR/… (not DIRx/…) */
  if (len == lu->dir_len || value[lu->dir_len] == '/' || lu->dir[lu->dir_len - 1] == '/')
    g_ptr_array_add (lu->paths, g_strndup (value, len));
  return TRUE;
}

GPtrArray *
puebla_indexer_list_under (PueblaIndexer *indexer, const gchar *dir, GError **error)
{
  if (indexer->shards)
    return _puebla_shard_set_list_under (indexer->shards, dir, error);
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  ListUnder lu = { dir, strlen (dir), paths };
  GError *local = NULL;

  if (lu.dir_len == 0)
    return g_steal_pointer (&paths);
  if (!puebla_xapian_database_foreach_value (puebla_xapian_writable_get_database (indexer->db), PUEBLA_SLOT_PATH,
                                             collect_under, &lu, &local))
    {
      _puebla_index_propagate (error, local, indexer->path);
      return NULL;
    }
  return g_steal_pointer (&paths);
}

typedef struct
{
  GHashTable *ok;          /* docid → TRUE: records whose verdict is ok */
  GHashTable *signatures;  /* docid → signature (owned) */
  GHashTable *out;         /* path → signature */
} ListSignatures;

static gboolean
collect_ok (guint docid, const gchar *value, gsize len, gpointer user_data)
{
  ListSignatures *ls = user_data;
  if (len == 2 && memcmp (value, "ok", 2) == 0)
    g_hash_table_add (ls->ok, GUINT_TO_POINTER (docid));
  return TRUE;
}

static gboolean
collect_signature (guint docid, const gchar *value, gsize len, gpointer user_data)
{
  ListSignatures *ls = user_data;
  if (len && g_hash_table_contains (ls->ok, GUINT_TO_POINTER (docid)))
    g_hash_table_insert (ls->signatures, GUINT_TO_POINTER (docid), g_strndup (value, len));
  return TRUE;
}

static gboolean
collect_path (guint docid, const gchar *value, gsize len, gpointer user_data)
{
  ListSignatures *ls = user_data;
  gpointer signature = NULL;
  if (g_hash_table_steal_extended (ls->signatures, GUINT_TO_POINTER (docid), NULL, &signature))
    g_hash_table_insert (ls->out, g_strndup (value, len), signature);
  return TRUE;
}

GHashTable *
puebla_indexer_list_signatures (PueblaIndexer *indexer, GError **error)
{
  g_autoptr (GHashTable) out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (indexer->shards)
    return _puebla_shard_set_list_signatures (indexer->shards, out, error) ? g_steal_pointer (&out) : NULL;

  g_autoptr (GHashTable) ok = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr (GHashTable) signatures = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  ListSignatures ls = { ok, signatures, out };
  PueblaXapianDatabase *db = puebla_xapian_writable_get_database (indexer->db);
  GError *local = NULL;
  if (!puebla_xapian_database_foreach_value (db, PUEBLA_SLOT_VERDICT, collect_ok, &ls, &local)
      || !puebla_xapian_database_foreach_value (db, PUEBLA_SLOT_SIGNATURE, collect_signature, &ls, &local)
      || !puebla_xapian_database_foreach_value (db, PUEBLA_SLOT_PATH, collect_path, &ls, &local))
    {
      _puebla_index_propagate (error, local, indexer->path);
      return NULL;
    }
  return g_steal_pointer (&out);
}

gboolean
puebla_indexer_commit (PueblaIndexer *indexer, GError **error)
{
  if (indexer->shards)
    return _puebla_shard_set_commit (indexer->shards, error);
  GError *local = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree gchar *stamp = g_date_time_format_iso8601 (now);

  /* the passages first: should the records' commit not come, the next
     ingest finds those records changed and writes their passages again */
  if ((indexer->pdb != indexer->db
       && (!write_facet_terms (indexer, indexer->pdb, &indexer->facet_ids_in_pdb, &local)
           || !puebla_xapian_writable_commit (indexer->pdb, &local)))
      || !write_facet_terms (indexer, indexer->db, &indexer->facet_ids_in_db, &local)
      || !puebla_xapian_writable_set_metadata (indexer->db, PUEBLA_META_LAST_INGEST, stamp, &local)
      || !puebla_xapian_writable_commit (indexer->db, &local))
    {
      _puebla_index_propagate (error, local, indexer->path);
      return FALSE;
    }
  return TRUE;
}
