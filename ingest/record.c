/* record.c: the Record (see record.h). */
#include "record.h"
#include "jsonout.h"

#include "pdf-table.h"

#include <gio/gio.h>
#include <stdarg.h>
#include <string.h>

/* A record owns its table rows (pdf-table.h), so it frees them. */
void
puebla_table_row_free (PueblaTableRow *row)
{
  if (row == NULL)
    return;
  g_ptr_array_unref (row->cells);
  g_free (row);
}

static const gchar *const verdict_names[] = {
  [PUEBLA_VERDICT_OK] = "ok",
  [PUEBLA_VERDICT_EMPTY] = "empty",
  [PUEBLA_VERDICT_UNREADABLE] = "unreadable",
  [PUEBLA_VERDICT_UNSUPPORTED] = "unsupported",
  [PUEBLA_VERDICT_ENCRYPTED] = "encrypted",
  [PUEBLA_VERDICT_CORRUPT] = "corrupt",
  [PUEBLA_VERDICT_NO_TEXT] = "no-text",
  [PUEBLA_VERDICT_TOO_LARGE] = "too-large",
  [PUEBLA_VERDICT_TIMEOUT] = "timeout",
  [PUEBLA_VERDICT_CRASHED] = "crashed",
};

const gchar *
puebla_verdict_to_string (PueblaVerdict verdict)
{
  if ((guint) verdict < G_N_ELEMENTS (verdict_names) && verdict_names[verdict])
    return verdict_names[verdict];
  return "unknown";
}

gboolean
puebla_verdict_from_string (const gchar *name, PueblaVerdict *verdict)
{
  g_return_val_if_fail (name != NULL, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (verdict_names); i++)
    if (g_strcmp0 (verdict_names[i], name) == 0)
      {
        if (verdict)
          *verdict = (PueblaVerdict) i;
        return TRUE;
      }
  return FALSE;
}

static const gchar *const entity_type_names[PUEBLA_ENTITY_N_TYPES] = {
  [PUEBLA_ENTITY_COUNTRY] = "country",
  [PUEBLA_ENTITY_ORG] = "org",
  [PUEBLA_ENTITY_DATE] = "date",
  [PUEBLA_ENTITY_MEETING] = "meeting",
  [PUEBLA_ENTITY_STATUS] = "status",
};

const gchar *
puebla_entity_type_to_string (PueblaEntityType type)
{
  if ((guint) type < G_N_ELEMENTS (entity_type_names))
    return entity_type_names[type];
  return "unknown";
}

gboolean
puebla_entity_type_from_string (const gchar *name, PueblaEntityType *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (entity_type_names); i++)
    if (g_strcmp0 (entity_type_names[i], name) == 0)
      {
        if (type)
          *type = (PueblaEntityType) i;
        return TRUE;
      }
  return FALSE;
}

void
puebla_entity_free (PueblaEntity *entity)
{
  if (entity == NULL)
    return;
  g_free (entity->id);
  g_free (entity->text);
  g_free (entity->date);
  g_free (entity->last_date);
  g_free (entity);
}

void
puebla_passage_free (PueblaPassage *passage)
{
  if (passage == NULL)
    return;
  g_free (passage->kind);
  g_free (passage->section);
  g_free (passage->text);
  if (passage->cells)
    g_ptr_array_unref (passage->cells);
  if (passage->entities)
    g_ptr_array_unref (passage->entities);
  g_free (passage);
}

static void
cell_free (gpointer data)
{
  PueblaCell *cell = data;
  g_free (cell->name);
  g_free (cell->text);
  g_free (cell);
}

const gchar *
puebla_passage_get_cell (const PueblaPassage *passage, const gchar *name)
{
  if (passage->cells == NULL)
    return NULL;
  g_autofree gchar *want = g_utf8_casefold (name, -1);
  g_autofree gchar *want_nfd = g_utf8_normalize (want, -1, G_NORMALIZE_NFD);
  for (guint i = 0; i < passage->cells->len; i++)
    {
      const PueblaCell *cell = g_ptr_array_index (passage->cells, i);
      g_autofree gchar *have = g_utf8_casefold (cell->name, -1);
      g_autofree gchar *have_nfd = g_utf8_normalize (have, -1, G_NORMALIZE_NFD);
      /* compare on base letters only: "ACCIÓN" and "accion" */
      GString *a = g_string_new (NULL), *b = g_string_new (NULL);
      for (const gchar *p = have_nfd; *p; p = g_utf8_next_char (p))
        if (g_unichar_type (g_utf8_get_char (p)) != G_UNICODE_NON_SPACING_MARK)
          g_string_append_unichar (a, g_utf8_get_char (p));
      for (const gchar *p = want_nfd; *p; p = g_utf8_next_char (p))
        if (g_unichar_type (g_utf8_get_char (p)) != G_UNICODE_NON_SPACING_MARK)
          g_string_append_unichar (b, g_utf8_get_char (p));
      gboolean match = g_str_has_prefix (a->str, b->str);
      g_string_free (a, TRUE);
      g_string_free (b, TRUE);
      if (match)
        return cell->text;
    }
  return NULL;
}

/* The text entity offsets point into: for a record's entities its page
   numbered PAGE, for a passage's its text; NULL when there is none. */
static const gchar *
record_page_text (gconstpointer owner, guint page)
{
  const PueblaRecord *record = owner;
  for (guint i = 0; i < record->pages->len; i++)
    {
      const PueblaPage *p = g_ptr_array_index (record->pages, i);
      if (p->number == page)
        return p->text;
    }
  return NULL;
}

static const gchar *
passage_text (gconstpointer owner, guint page)
{
  (void) page;
  return ((const PueblaPassage *) owner)->text;
}

/* Where a list of entities finds the texts of its offsets: FIND (OWNER,
   page). The last text found is kept with its length, as entities come
   page by page and each is checked against that length. */
typedef struct
{
  const gchar *(*find) (gconstpointer owner, guint page);
  gconstpointer owner;
  gboolean found;
  guint page;
  const gchar *text;
  gsize len;
} EntitySource;

static const gchar *
source_text (EntitySource *s, guint page, gsize *len)
{
  if (!s->found || s->page != page)
    {
      s->text = s->find (s->owner, page);
      s->len = s->text ? strlen (s->text) : 0;
      s->page = page;
      s->found = TRUE;
    }
  *len = s->len;
  return s->text;
}

/* Whether E's text is what its offsets cover in SOURCE's text. */
static gboolean
text_at_offsets (const PueblaEntity *e, EntitySource *source)
{
  gsize len = 0;
  const gchar *text = source_text (source, e->page, &len);
  if (text == NULL || e->text == NULL || e->start > e->end || e->end > len)
    return FALSE;
  gsize n = e->end - e->start;
  return strlen (e->text) == n && memcmp (text + e->start, e->text, n) == 0;
}

/* ENTITIES as JSON objects; with SOURCE (storage, schema.h), an entity whose
   text is what its offsets cover in SOURCE's text (of its page) is written
   short, without its keys and text: [type, id, page, start, end] and, for
   a date, its first and last day. Entities are half of what the index
   stores, and writing it is the writer thread's dearest work. */
static void
write_entities (PueblaJsonOut *o, GPtrArray *entities, EntitySource *source)
{
  puebla_json_out_begin_array (o);
  for (guint i = 0; entities && i < entities->len; i++)
    {
      const PueblaEntity *e = g_ptr_array_index (entities, i);
      if (source && text_at_offsets (e, source))
        {
          puebla_json_out_begin_array (o);
          puebla_json_out_string (o, puebla_entity_type_to_string (e->type));
          puebla_json_out_string (o, e->id ? e->id : "");
          puebla_json_out_int (o, e->page);
          puebla_json_out_int (o, (gint64) e->start);
          puebla_json_out_int (o, (gint64) e->end);
          if (e->date || e->last_date)
            {
              puebla_json_out_string (o, e->date);
              puebla_json_out_string (o, e->last_date);
            }
          puebla_json_out_end_array (o);
          continue;
        }
      puebla_json_out_begin_object (o);
      puebla_json_out_member (o, "type");
      puebla_json_out_string (o, puebla_entity_type_to_string (e->type));
      puebla_json_out_member (o, "id");
      puebla_json_out_string (o, e->id ? e->id : "");
      puebla_json_out_member (o, "text");
      puebla_json_out_string (o, e->text ? e->text : "");
      puebla_json_out_member (o, "page");
      puebla_json_out_int (o, e->page);
      puebla_json_out_member (o, "start");
      puebla_json_out_int (o, (gint64) e->start);
      puebla_json_out_member (o, "end");
      puebla_json_out_int (o, (gint64) e->end);
      if (e->date)
        {
          puebla_json_out_member (o, "date");
          puebla_json_out_string (o, e->date);
        }
      if (e->last_date)
        {
          puebla_json_out_member (o, "last_date");
          puebla_json_out_string (o, e->last_date);
        }
      puebla_json_out_end_object (o);
    }
  puebla_json_out_end_array (o);
}

/* JSON written by this file, which is valid: the tree of it. */
static JsonNode *
parse_own (const gchar *json)
{
  g_autoptr (GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);
  if (node == NULL)
    g_critical ("record.c wrote JSON that json-glib cannot read: %s", error->message);
  return node;
}

static const gchar *
string_at (JsonArray *a, guint i)
{
  JsonNode *node = i < json_array_get_length (a) ? json_array_get_element (a, i) : NULL;
  return node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
           ? json_node_get_string (node)
           : NULL;
}

static gint64
int_at (JsonArray *a, guint i)
{
  JsonNode *node = i < json_array_get_length (a) ? json_array_get_element (a, i) : NULL;
  return node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64
           ? json_node_get_int (node)
           : -1;
}

/* An entity written short (write_entities), its text taken from SOURCE;
   NULL when it does not read. */
static PueblaEntity *
short_entity_from_json (JsonArray *a, EntitySource *source)
{
  guint n = json_array_get_length (a);
  PueblaEntityType t;
  const gchar *type = string_at (a, 0), *id = string_at (a, 1);
  if (type == NULL || id == NULL || !puebla_entity_type_from_string (type, &t) || source == NULL)
    return NULL;
  gint64 page = int_at (a, 2), start = int_at (a, 3), end = int_at (a, 4);
  gsize len = 0;
  const gchar *text = page >= 0 && page <= G_MAXUINT ? source_text (source, (guint) page, &len) : NULL;
  if (text == NULL || start < 0 || end < start || (guint64) end > len
      || !g_utf8_validate_len (text + start, (gsize) (end - start), NULL))
    return NULL;
  PueblaEntity *e = g_new0 (PueblaEntity, 1);
  e->type = t;
  e->id = g_strdup (id);
  e->text = g_strndup (text + start, (gsize) (end - start));
  e->page = (guint) page;
  e->start = (gsize) start;
  e->end = (gsize) end;
  if (n >= 7)
    {
      e->date = g_strdup (string_at (a, 5));
      e->last_date = g_strdup (string_at (a, 6));
    }
  return e;
}

/* The entities of ARRAY (JSON) into a new GPtrArray: objects, or arrays
   written short with their text in SOURCE. */
static GPtrArray *
entities_from_json (JsonArray *array, EntitySource *source)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) puebla_entity_free);
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      if (JSON_NODE_HOLDS_ARRAY (node))
        {
          PueblaEntity *e = short_entity_from_json (json_node_get_array (node), source);
          if (e)
            g_ptr_array_add (out, e);
          continue;
        }
      JsonObject *eo = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const gchar *type = eo ? json_object_get_string_member_with_default (eo, "type", NULL) : NULL;
      PueblaEntityType t;
      if (type == NULL || !puebla_entity_type_from_string (type, &t))
        continue;
      PueblaEntity *e = g_new0 (PueblaEntity, 1);
      e->type = t;
      e->id = g_strdup (json_object_get_string_member_with_default (eo, "id", ""));
      e->text = g_strdup (json_object_get_string_member_with_default (eo, "text", ""));
      e->date = g_strdup (json_object_get_string_member_with_default (eo, "date", NULL));
      e->last_date = g_strdup (json_object_get_string_member_with_default (eo, "last_date", NULL));
      e->page = (guint) json_object_get_int_member_with_default (eo, "page", 0);
      e->start = (gsize) json_object_get_int_member_with_default (eo, "start", 0);
      e->end = (gsize) json_object_get_int_member_with_default (eo, "end", 0);
      g_ptr_array_add (out, e);
    }
  return out;
}

/* STORED: the index's form of it, its entities short (write_entities). */
static void
write_passage (PueblaJsonOut *o, const PueblaPassage *p, gboolean stored)
{
  puebla_json_out_begin_object (o);
  puebla_json_out_member (o, "ordinal");
  puebla_json_out_int (o, p->ordinal);
  puebla_json_out_member (o, "page");
  puebla_json_out_int (o, p->page);
  puebla_json_out_member (o, "kind");
  puebla_json_out_string (o, p->kind ? p->kind : "paragraph");
  puebla_json_out_member (o, "section");
  puebla_json_out_string (o, p->section);
  puebla_json_out_member (o, "text");
  puebla_json_out_string (o, p->text ? p->text : "");
  if (p->cells)
    {
      puebla_json_out_member (o, "cells");
      puebla_json_out_begin_array (o);
      for (guint i = 0; i < p->cells->len; i++)
        {
          const PueblaCell *c = g_ptr_array_index (p->cells, i);
          puebla_json_out_begin_object (o);
          puebla_json_out_member (o, "name");
          puebla_json_out_string (o, c->name ? c->name : "");
          puebla_json_out_member (o, "text");
          puebla_json_out_string (o, c->text ? c->text : "");
          puebla_json_out_end_object (o);
        }
      puebla_json_out_end_array (o);
    }
  if (p->ocr)
    {
      puebla_json_out_member (o, "ocr");
      puebla_json_out_boolean (o, TRUE);
    }
  puebla_json_out_member (o, "entities");
  EntitySource source = { .find = passage_text, .owner = p };
  write_entities (o, p->entities, stored ? &source : NULL);
  puebla_json_out_end_object (o);
}

void
puebla_passage_append_stored_json (GString *out, const PueblaPassage *passage)
{
  PueblaJsonOut o = PUEBLA_JSON_OUT_INIT (out);
  write_passage (&o, passage, TRUE);
}

JsonNode *
puebla_passage_to_json (const PueblaPassage *p)
{
  GString *s = g_string_new (NULL);
  PueblaJsonOut o = PUEBLA_JSON_OUT_INIT (s);
  write_passage (&o, p, FALSE);
  JsonNode *node = parse_own (s->str);
  g_string_free (s, TRUE);
  return node;
}

PueblaPassage *
puebla_passage_from_json (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  JsonObject *o = json_node_get_object (node);
  PueblaPassage *p = g_new0 (PueblaPassage, 1);
  p->ordinal = (guint) json_object_get_int_member_with_default (o, "ordinal", 0);
  p->page = (guint) json_object_get_int_member_with_default (o, "page", 0);
  p->kind = g_strdup (json_object_get_string_member_with_default (o, "kind", "paragraph"));
  JsonNode *section = json_object_get_member (o, "section");
  if (section && JSON_NODE_HOLDS_VALUE (section))
    p->section = g_strdup (json_node_get_string (section));
  p->text = g_strdup (json_object_get_string_member_with_default (o, "text", ""));
  JsonArray *cells = json_object_has_member (o, "cells") ? json_object_get_array_member (o, "cells") : NULL;
  if (cells)
    {
      p->cells = g_ptr_array_new_with_free_func (cell_free);
      for (guint i = 0; i < json_array_get_length (cells); i++)
        {
          JsonObject *co = json_array_get_object_element (cells, i);
          PueblaCell *c = g_new0 (PueblaCell, 1);
          c->name = g_strdup (co ? json_object_get_string_member_with_default (co, "name", "") : "");
          c->text = g_strdup (co ? json_object_get_string_member_with_default (co, "text", "") : "");
          g_ptr_array_add (p->cells, c);
        }
    }
  p->entities = entities_from_json (json_object_has_member (o, "entities") ? json_object_get_array_member (o, "entities")
                                                                          : NULL,
                                    &(EntitySource){ .find = passage_text, .owner = p });
  p->ocr = json_object_get_boolean_member_with_default (o, "ocr", FALSE);
  return p;
}

/* A new cell list, for the segmenter. */
GPtrArray *
_puebla_cells_new (void)
{
  return g_ptr_array_new_with_free_func (cell_free);
}

static void
page_free (gpointer data)
{
  PueblaPage *page = data;
  if (page == NULL)
    return;
  g_free (page->text);
  g_free (page);
}

gchar *
puebla_file_signature (gint64 size, gint64 mtime_sec, glong mtime_nsec, gint64 ctime_sec, glong ctime_nsec)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ".%09ld:%" G_GINT64_FORMAT ".%09ld", size,
                          mtime_sec, mtime_nsec, ctime_sec, ctime_nsec);
}

gchar *
puebla_path_to_utf8 (const gchar *path)
{
  if (g_utf8_validate (path, -1, NULL))
    return g_strdup (path);
  return g_utf8_make_valid (path, -1);
}

gchar *
puebla_record_id_for_path (const gchar *path)
{
  g_autofree gchar *absolute = g_canonicalize_filename (path, NULL);
  g_autofree gchar *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, absolute, -1);
  return g_strndup (digest, 16);
}

PueblaRecord *
puebla_record_new (const gchar *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  PueblaRecord *record = g_new0 (PueblaRecord, 1);
  record->path = g_canonicalize_filename (path, NULL);
  record->id = puebla_record_id_for_path (record->path);
  record->pages = g_ptr_array_new_with_free_func (page_free);
  record->warnings = g_ptr_array_new_with_free_func (g_free);
  record->entities = g_ptr_array_new_with_free_func ((GDestroyNotify) puebla_entity_free);
  record->passages = g_ptr_array_new_with_free_func ((GDestroyNotify) puebla_passage_free);
  record->table_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) puebla_table_row_free);
  record->verdict = PUEBLA_VERDICT_OK;
  return record;
}

void
puebla_record_free (PueblaRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->path);
  g_free (record->id);
  g_free (record->content_hash);
  g_free (record->signature);
  g_free (record->mime_type);
  g_free (record->charset);
  g_free (record->title);
  g_free (record->created);
  g_free (record->modified);
  g_ptr_array_unref (record->pages);
  g_ptr_array_unref (record->warnings);
  g_free (record->language);
  g_free (record->kind);
  g_free (record->meeting);
  g_free (record->place);
  g_free (record->place_country);
  g_free (record->date);
  g_ptr_array_unref (record->entities);
  g_ptr_array_unref (record->passages);
  g_ptr_array_unref (record->table_rows);
  g_free (record->reason);
  g_free (record);
}

PueblaPage *
puebla_record_add_page_take (PueblaRecord *record, guint number, gchar *text)
{
  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  PueblaPage *page = g_new0 (PueblaPage, 1);
  page->number = number;
  page->text = text;
  g_ptr_array_add (record->pages, page);
  return page;
}

void
puebla_record_add_warning (PueblaRecord *record, const gchar *format, ...)
{
  va_list args;
  va_start (args, format);
  g_ptr_array_add (record->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

void
puebla_record_set_failed (PueblaRecord *record, PueblaVerdict verdict, const gchar *format, ...)
{
  g_return_if_fail (verdict != PUEBLA_VERDICT_OK);

  va_list args;
  va_start (args, format);
  g_free (record->reason);
  record->reason = g_strdup_vprintf (format, args);
  va_end (args);
  record->verdict = verdict;
  g_ptr_array_set_size (record->pages, 0);
  g_ptr_array_set_size (record->entities, 0);
  g_ptr_array_set_size (record->passages, 0);
  g_ptr_array_set_size (record->table_rows, 0);
}

gchar *
puebla_record_get_text (const PueblaRecord *record)
{
  GString *text = g_string_new (NULL);
  for (guint i = 0; i < record->pages->len; i++)
    {
      const PueblaPage *page = g_ptr_array_index (record->pages, i);
      if (i > 0)
        g_string_append (text, "\n\n");
      g_string_append (text, page->text);
    }
  return g_string_free (text, FALSE);
}

/* Letters and words of LINE, and how many letters are capitals. */
static void
count_letters (const gchar *line, guint *letters, guint *upper, guint *words)
{
  gboolean in_word = FALSE;
  *letters = *upper = *words = 0;
  for (const gchar *p = line; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isalpha (c))
        {
          (*letters)++;
          if (g_unichar_isupper (c))
            (*upper)++;
          if (!in_word)
            (*words)++;
          in_word = TRUE;
        }
      else
        in_word = FALSE;
    }
}

typedef enum
{
  LINE_OTHER,
  LINE_CAPS_HEADING,   /* "CONFERENCIA REGIONAL SOBRE MIGRACIÓN (CRM)" */
  LINE_HEADING,        /* "Plan of Action", short, not a sentence */
} LineKind;

/* NEXT is the line after LINE (NULL at the end), to tell a heading from
   the first line of a wrapped paragraph. */
static LineKind
classify_line (const gchar *line, const gchar *next)
{
  guint letters, upper, words;
  count_letters (line, &letters, &upper, &words);
  if (words < 2 || letters < 8 || g_utf8_strlen (line, -1) > 160)
    return LINE_OTHER;
  if (upper * 10 >= letters * 7)
    return LINE_CAPS_HEADING;

  gunichar first = g_utf8_get_char (line);
  gunichar last = g_utf8_get_char (g_utf8_prev_char (line + strlen (line)));
  if (!g_unichar_isupper (first) || g_utf8_strlen (line, -1) > 100 || strchr (".,;:", (int) last) != NULL)
    return LINE_OTHER;
  if (next && *next && !g_unichar_isupper (g_utf8_get_char (next)))
    return LINE_OTHER; /* a paragraph that wraps on */
  return LINE_HEADING;
}

gchar *
puebla_record_guess_title (const gchar *text)
{
  if (text == NULL)
    return NULL;

  /* the first non-empty lines, up to the start of a table */
  g_auto (GStrv) raw = g_strsplit (text, "\n", 60);
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; raw[i] && lines->len < 10; i++)
    {
      if (raw[i][0] == '\t')
        break;
      gchar *line = g_strstrip (g_strdup (raw[i]));
      if (*line)
        g_ptr_array_add (lines, line);
      else
        g_free (line);
    }

  GString *title = NULL;
  for (guint i = 0; i < lines->len && title == NULL; i++)
    {
      const gchar *line = g_ptr_array_index (lines, i);
      const gchar *next = i + 1 < lines->len ? g_ptr_array_index (lines, i + 1) : NULL;
      LineKind kind = classify_line (line, next);
      /* a heading opens the text; further down it is a section's */
      if (kind == LINE_OTHER || (kind == LINE_HEADING && i >= 3) || i >= 6)
        continue;
      title = g_string_new (line);
      /* a heading in capitals often runs over two or three lines */
      for (guint j = i + 1; kind == LINE_CAPS_HEADING && j < lines->len && j < i + 3; j++)
        {
          const gchar *more = g_ptr_array_index (lines, j);
          const gchar *after = j + 1 < lines->len ? g_ptr_array_index (lines, j + 1) : NULL;
          if (classify_line (more, after) != LINE_CAPS_HEADING)
            break;
          g_string_append_printf (title, " %s", more);
        }
    }
  if (title == NULL)
    return NULL;

  if (g_utf8_strlen (title->str, -1) > 200)
    {
      gchar *end = g_utf8_offset_to_pointer (title->str, 200);
      g_string_truncate (title, end - title->str);
      g_string_append (title, "…");
    }
  return g_string_free (title, FALSE);
}

/* ---- JSON ---------------------------------------------------------------- */

static void
member_string (PueblaJsonOut *o, const gchar *name, const gchar *value)
{
  puebla_json_out_member (o, name);
  puebla_json_out_string (o, value);
}

static void
member_int (PueblaJsonOut *o, const gchar *name, gint64 value)
{
  puebla_json_out_member (o, name);
  puebla_json_out_int (o, value);
}

/* STORED: the index's form (schema.h), its entities short (write_entities). */
static gchar *
record_to_json_string (const PueblaRecord *record, gboolean with_pages, gboolean with_passages, gboolean stored)
{
  GString *s = g_string_sized_new (4096);
  PueblaJsonOut out = PUEBLA_JSON_OUT_INIT (s), *o = &out;

  puebla_json_out_begin_object (o);
  member_string (o, "id", record->id);
  /* JSON is UTF-8 and file names are bytes: a name that is not UTF-8 is
     shown readable in "path" and kept exact in "path_bytes" (base64) */
  g_autofree gchar *display = puebla_path_to_utf8 (record->path);
  member_string (o, "path", display);
  if (!g_utf8_validate (record->path, -1, NULL))
    {
      g_autofree gchar *b64 = g_base64_encode ((const guchar *) record->path, strlen (record->path));
      member_string (o, "path_bytes", b64);
    }
  member_string (o, "title", record->title);
  member_string (o, "mime_type", record->mime_type);
  member_string (o, "charset", record->charset);
  member_int (o, "size", record->size);
  member_int (o, "mtime", record->mtime);
  member_string (o, "content_hash", record->content_hash);
  member_string (o, "created", record->created);
  member_string (o, "modified", record->modified);
  member_int (o, "page_count", record->page_count);
  member_string (o, "language", record->language);
  member_string (o, "kind", record->kind);
  member_string (o, "meeting", record->meeting);
  member_string (o, "place", record->place);
  member_string (o, "place_country", record->place_country);
  member_string (o, "date", record->date);
  member_string (o, "verdict", puebla_verdict_to_string (record->verdict));
  member_string (o, "reason", record->reason);
  puebla_json_out_member (o, "warnings");
  puebla_json_out_begin_array (o);
  for (guint i = 0; i < record->warnings->len; i++)
    puebla_json_out_string (o, g_ptr_array_index (record->warnings, i));
  puebla_json_out_end_array (o);
  if (with_pages)
    {
      puebla_json_out_member (o, "entities");
      EntitySource source = { .find = record_page_text, .owner = record };
      write_entities (o, record->entities, stored ? &source : NULL);
      if (with_passages)
        {
          puebla_json_out_member (o, "passages");
          puebla_json_out_begin_array (o);
          for (guint i = 0; i < record->passages->len; i++)
            write_passage (o, g_ptr_array_index (record->passages, i), stored);
          puebla_json_out_end_array (o);
        }
      puebla_json_out_member (o, "pages");
      puebla_json_out_begin_array (o);
      for (guint i = 0; i < record->pages->len; i++)
        {
          const PueblaPage *page = g_ptr_array_index (record->pages, i);
          puebla_json_out_begin_object (o);
          member_int (o, "number", page->number);
          member_string (o, "text", page->text);
          if (page->ocr)
            {
              puebla_json_out_member (o, "ocr");
              puebla_json_out_boolean (o, TRUE);
            }
          puebla_json_out_end_object (o);
        }
      puebla_json_out_end_array (o);
    }
  puebla_json_out_end_object (o);
  return g_string_free (s, FALSE);
}

JsonNode *
puebla_record_to_json (const PueblaRecord *record, gboolean with_pages)
{
  g_autofree gchar *json = record_to_json_string (record, with_pages, with_pages, FALSE);
  return parse_own (json);
}

gchar *
puebla_record_to_json_string_without_passages (const PueblaRecord *record)
{
  return record_to_json_string (record, TRUE, FALSE, TRUE);
}

gchar *
puebla_record_to_json_string (const PueblaRecord *record, gboolean with_pages)
{
  return record_to_json_string (record, with_pages, with_pages, FALSE);
}

static gchar *
dup_member_string (JsonObject *o, const gchar *name)
{
  JsonNode *n = json_object_get_member (o, name);
  if (n == NULL || JSON_NODE_HOLDS_NULL (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (n));
}

PueblaRecord *
puebla_record_from_json_string (const gchar *data, gssize len, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, len, error))
    return NULL;
  return puebla_record_from_json (json_parser_get_root (parser), error);
}

PueblaRecord *
puebla_record_from_json (JsonNode *root, GError **error)
{
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "record data is not a JSON object");
      return NULL;
    }
  JsonObject *o = json_node_get_object (root);
  g_autofree gchar *path = dup_member_string (o, "path");
  g_autofree gchar *path_bytes = dup_member_string (o, "path_bytes");
  if (path_bytes)
    {
      gsize n = 0;
      guchar *raw = g_base64_decode (path_bytes, &n);
      g_free (path);
      path = g_strndup ((const gchar *) raw, n);
      g_free (raw);
    }
  if (path == NULL || *path == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "record data has no path");
      return NULL;
    }

  g_autoptr (PueblaRecord) record = puebla_record_new (path);
  g_autofree gchar *id = dup_member_string (o, "id");
  if (id)
    {
      g_free (record->id);
      record->id = g_steal_pointer (&id);
    }
  record->title = dup_member_string (o, "title");
  record->mime_type = dup_member_string (o, "mime_type");
  record->charset = dup_member_string (o, "charset");
  record->size = json_object_get_int_member_with_default (o, "size", 0);
  record->mtime = json_object_get_int_member_with_default (o, "mtime", 0);
  record->content_hash = dup_member_string (o, "content_hash");
  record->created = dup_member_string (o, "created");
  record->modified = dup_member_string (o, "modified");
  record->page_count = (guint) json_object_get_int_member_with_default (o, "page_count", 0);
  record->reason = dup_member_string (o, "reason");
  record->language = dup_member_string (o, "language");
  record->kind = dup_member_string (o, "kind");
  record->meeting = dup_member_string (o, "meeting");
  record->place = dup_member_string (o, "place");
  record->place_country = dup_member_string (o, "place_country");
  record->date = dup_member_string (o, "date");
  g_autofree gchar *verdict = dup_member_string (o, "verdict");
  if (verdict && !puebla_verdict_from_string (verdict, &record->verdict))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "record data has an unknown verdict '%s'",
                   verdict);
      return NULL;
    }

  JsonArray *warnings = json_object_has_member (o, "warnings")
                          ? json_object_get_array_member (o, "warnings") : NULL;
  for (guint i = 0; warnings && i < json_array_get_length (warnings); i++)
    {
      const gchar *w = json_array_get_string_element (warnings, i);
      if (w)
        g_ptr_array_add (record->warnings, g_strdup (w));
    }

  JsonArray *passages = json_object_has_member (o, "passages") ? json_object_get_array_member (o, "passages") : NULL;
  for (guint i = 0; passages && i < json_array_get_length (passages); i++)
    {
      PueblaPassage *p = puebla_passage_from_json (json_array_get_element (passages, i));
      if (p)
        g_ptr_array_add (record->passages, p);
    }

  JsonArray *pages = json_object_has_member (o, "pages") ? json_object_get_array_member (o, "pages") : NULL;
  for (guint i = 0; pages && i < json_array_get_length (pages); i++)
    {
      JsonObject *p = json_array_get_object_element (pages, i);
      if (p == NULL)
        continue;
      gchar *text = dup_member_string (p, "text");
      if (text == NULL)
        continue;
      PueblaPage *page = puebla_record_add_page_take (
        record, (guint) json_object_get_int_member_with_default (p, "number", 0), text);
      page->ocr = json_object_get_boolean_member_with_default (p, "ocr", FALSE);
    }

  /* after the pages: stored entities take their text from them */
  JsonArray *entities = json_object_has_member (o, "entities") ? json_object_get_array_member (o, "entities") : NULL;
  g_ptr_array_unref (record->entities);
  record->entities = entities_from_json (entities, &(EntitySource){ .find = record_page_text, .owner = record });
  return g_steal_pointer (&record);
}
