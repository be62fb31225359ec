/* jsonout.h: JSON written straight into a GString.
 *
 * Ingest writes every record's JSON and every passage's once, ~50 per file.
 * Through json-glib (a JsonBuilder's tree of nodes, then a JsonGenerator)
 * that was 17 % of an ingest's CPU time on the bench corpus; written
 * straight it is a copy with escapes. json-glib still parses all JSON and
 * makes the trees the commands print (record.h parses this output when a
 * caller wants a JsonNode).
 *
 * Output is compact (no spaces) and escaped as json-glib escapes, except
 * that U+001F is escaped too (json-glib leaves it raw, which is not valid
 * JSON): '"' and '\\' by a backslash; \b \t \n \f \r; other bytes below
 * 0x20, and 0x7F, as \u00XX. Strings must be UTF-8, as json-glib requires;
 * other bytes pass through. Nesting is limited to 63 levels.
 *
 *   GString *s = g_string_new (NULL);
 *   PueblaJsonOut o = PUEBLA_JSON_OUT_INIT (s);
 *   puebla_json_out_begin_object (&o);
 *   puebla_json_out_member (&o, "id");
 *   puebla_json_out_string (&o, "c9f0…");
 *   puebla_json_out_end_object (&o);        // s: {"id":"c9f0…"}
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  GString *out;
  guint depth;         /* open objects and arrays */
  guint64 empty;       /* bit d: the container at depth d has no element yet */
  gboolean after_name; /* a member name was written: its value comes next */
} PueblaJsonOut;

#define PUEBLA_JSON_OUT_INIT(gstring) { .out = (gstring) }

void puebla_json_out_begin_object (PueblaJsonOut *o);
void puebla_json_out_end_object (PueblaJsonOut *o);
void puebla_json_out_begin_array (PueblaJsonOut *o);
void puebla_json_out_end_array (PueblaJsonOut *o);
/* The name of the next member of the current object. */
void puebla_json_out_member (PueblaJsonOut *o, const gchar *name);
/* VALUE as a JSON string; NULL writes null. */
void puebla_json_out_string (PueblaJsonOut *o, const gchar *value);
void puebla_json_out_int (PueblaJsonOut *o, gint64 value);
void puebla_json_out_boolean (PueblaJsonOut *o, gboolean value);
void puebla_json_out_null (PueblaJsonOut *o);
/* JSON, already written (one value), as the next value. */
void puebla_json_out_raw (PueblaJsonOut *o, const gchar *json);

/* Appends VALUE to OUT as a JSON string, quoted and escaped. */
void puebla_json_append_string (GString *out, const gchar *value);

G_END_DECLS
