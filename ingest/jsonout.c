/* jsonout.c: JSON written straight into a GString (jsonout.h). */
#include "jsonout.h"

/* Before a value or a member name: a comma unless it is the first element
   of its container or the value of a member just named. */
static void
separate (PueblaJsonOut *o)
{
  if (o->after_name)
    {
      o->after_name = FALSE;
      return;
    }
  if (o->depth == 0)
    return;
  guint64 bit = G_GUINT64_CONSTANT (1) << o->depth;
  if (o->empty & bit)
    o->empty &= ~bit;
  else
    g_string_append_c (o->out, ',');
}

static void
open_container (PueblaJsonOut *o, gchar bracket)
{
  separate (o);
  g_string_append_c (o->out, bracket);
  g_return_if_fail (o->depth < 63);
  o->depth++;
  o->empty |= G_GUINT64_CONSTANT (1) << o->depth;
}

static void
close_container (PueblaJsonOut *o, gchar bracket)
{
  g_return_if_fail (o->depth > 0 && !o->after_name);
  o->empty &= ~(G_GUINT64_CONSTANT (1) << o->depth);
  o->depth--;
  g_string_append_c (o->out, bracket);
}

void
puebla_json_out_begin_object (PueblaJsonOut *o)
{
  open_container (o, '{');
}

void
puebla_json_out_end_object (PueblaJsonOut *o)
{
  close_container (o, '}');
}

void
puebla_json_out_begin_array (PueblaJsonOut *o)
{
  open_container (o, '[');
}

void
puebla_json_out_end_array (PueblaJsonOut *o)
{
  close_container (o, ']');
}

void
puebla_json_out_member (PueblaJsonOut *o, const gchar *name)
{
  g_return_if_fail (name != NULL && !o->after_name);
  separate (o);
  puebla_json_append_string (o->out, name);
  g_string_append_c (o->out, ':');
  o->after_name = TRUE;
}

void
puebla_json_out_string (PueblaJsonOut *o, const gchar *value)
{
  separate (o);
  if (value == NULL)
    g_string_append_len (o->out, "null", 4);
  else
    puebla_json_append_string (o->out, value);
}

void
puebla_json_out_int (PueblaJsonOut *o, gint64 value)
{
  separate (o);
  g_string_append_printf (o->out, "%" G_GINT64_FORMAT, value);
}

void
puebla_json_out_boolean (PueblaJsonOut *o, gboolean value)
{
  separate (o);
  if (value)
    g_string_append_len (o->out, "true", 4);
  else
    g_string_append_len (o->out, "false", 5);
}

void
puebla_json_out_null (PueblaJsonOut *o)
{
  separate (o);
  g_string_append_len (o->out, "null", 4);
}

void
puebla_json_out_raw (PueblaJsonOut *o, const gchar *json)
{
  separate (o);
  g_string_append (o->out, json);
}

void
puebla_json_append_string (GString *out, const gchar *value)
{
  static const gchar hex[] = "0123456789abcdef";
  g_string_append_c (out, '"');
  const gchar *run = value, *p = value;
  for (; *p; p++)
    {
      guchar c = (guchar) *p;
      if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
        continue;
      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"': g_string_append_len (out, "\\\"", 2); break;
        case '\\': g_string_append_len (out, "\\\\", 2); break;
        case '\b': g_string_append_len (out, "\\b", 2); break;
        case '\t': g_string_append_len (out, "\\t", 2); break;
        case '\n': g_string_append_len (out, "\\n", 2); break;
        case '\f': g_string_append_len (out, "\\f", 2); break;
        case '\r': g_string_append_len (out, "\\r", 2); break;
        default:
          {
            gchar u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf] };
            g_string_append_len (out, u, sizeof u);
          }
        }
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}
