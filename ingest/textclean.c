/* textclean.c: tidies UTF-8 text extracted from a record (see textclean.h).
 *
 * Two passes. The first goes character by character: line ends become LF;
 * control, zero-width and BOM characters go, and so do the field marks of
 * .doc text (0x13 instruction 0x14 result 0x15) with the instruction between
 * them (the result stays); Unicode spaces become plain spaces. The second
 * goes line by line: it drops the instruction text Word leaves when a field's
 * marks are gone (HYPERLINK "url", \* MERGEFORMAT), the lines that hold only
 * a page field (PAGE, NUMPAGES…, with its number), and the spaces at the end
 * of each line; tabs are kept, as they separate the cells of tables. The
 * result is normalised to NFC.
 */
#include "textclean.h"

#include <string.h>

/* Fields nested deeper than this are not told apart. */
#define FIELD_MAX_DEPTH 16

typedef struct
{
  GRegex *inline_field; /* field instruction text inside a line */
  GRegex *field_line;   /* a line that is nothing but a page field */
} FieldPatterns;

static gpointer
field_patterns_compile (gpointer data G_GNUC_UNUSED)
{
  /* HYPERLINK with its switches (\l "anchor", \o "tip", \t "frame", \m, \n, \h)
     and its "target"; a \* MERGEFORMAT or \* CHARFORMAT switch; and the
     spaces after them (not tabs: they separate cells) */
  static const gchar inline_field[] =
    "(?:"
    "\\bHYPERLINK[ \\t]+(?:\\\\[a-z][ \\t]*(?:\"[^\"]*\"[ \\t]*)?)*\"[^\"]*\"(?:[ \\t]*\\\\[a-z](?:[ \\t]*\"[^\"]*\")?)*"
    "|\\\\\\*[ \\t]*(?:MERGEFORMAT|CHARFORMAT)\\b"
    ") *";
  /* PAGE / NUMPAGES / SECTIONPAGES with format switches and the page number,
     or a stray MERGEFORMAT, alone on the line */
  static const gchar field_line[] =
    "^[ \\t]*(?:"
    "(?:PAGE|NUMPAGES|SECTIONPAGES)"
    "(?:[ \\t]*\\\\\\*[ \\t]*(?:MERGEFORMAT|CHARFORMAT|Arabic|ARABIC|roman|ROMAN|alphabetic|ALPHABETIC))*"
    "(?:[ \\t]+[0-9]+)?"
    "|MERGEFORMAT"
    ")[ \\t]*$";

  FieldPatterns *patterns = g_new0 (FieldPatterns, 1);
  patterns->inline_field = g_regex_new (inline_field, G_REGEX_OPTIMIZE, 0, NULL);
  patterns->field_line = g_regex_new (field_line, G_REGEX_OPTIMIZE, 0, NULL);
  g_assert (patterns->inline_field != NULL && patterns->field_line != NULL);
  return patterns;
}

/* The patterns, compiled once per process (thread-safe). */
static const FieldPatterns *
field_patterns_get (void)
{
  static GOnce once = G_ONCE_INIT;
  return g_once (&once, field_patterns_compile, NULL);
}

/* TRUE for the characters dropped outright. */
static gboolean
is_dropped (gunichar c)
{
  if (c < 0x20)
    return c != '\t' && c != '\n';
  if (c >= 0x7F && c <= 0x9F)
    return TRUE;
  switch (c)
    {
    case 0x00AD: /* soft hyphen */
    case 0x200B: /* zero-width space */
    case 0x200C: /* zero-width non-joiner */
    case 0x200D: /* zero-width joiner */
    case 0x200E: /* left-to-right mark */
    case 0x200F: /* right-to-left mark */
    case 0x2060: /* word joiner */
    case 0xFEFF: /* byte-order mark, zero-width no-break space */
      return TRUE;
    default:
      return FALSE;
    }
}

/* The first pass: characters. */
static GString *
clean_chars (const gchar *text)
{
  GString *out = g_string_sized_new (strlen (text));

  /* the fields open at this point: TRUE while in the instruction part */
  gboolean in_instruction[FIELD_MAX_DEPTH];
  guint depth = 0, instructions = 0;

  for (const gchar *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\r')
        {
          if (p[1] == '\n')
            continue;
          c = '\n';
        }
      else if (c == 0x2028 || c == 0x2029) /* line, paragraph separator */
        c = '\n';

      switch (c)
        {
        case 0x13: /* field begins: its instruction follows */
          if (depth < FIELD_MAX_DEPTH)
            in_instruction[depth] = TRUE;
          depth++;
          instructions++;
          continue;
        case 0x14: /* the instruction ends, the result follows */
          if (depth > 0 && depth <= FIELD_MAX_DEPTH && in_instruction[depth - 1])
            {
              in_instruction[depth - 1] = FALSE;
              instructions--;
            }
          continue;
        case 0x15: /* field ends */
          if (depth > 0)
            {
              if (depth <= FIELD_MAX_DEPTH && in_instruction[depth - 1])
                instructions--;
              depth--;
            }
          continue;
        case '\n':
          /* an instruction never spans lines: a mark lost on the way must
             not swallow the rest of the text */
          depth = instructions = 0;
          g_string_append_c (out, '\n');
          continue;
        default:
          break;
        }

      if (instructions > 0 || is_dropped (c))
        continue;
      if (c == 0x00A0 || g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR)
        c = ' ';
      g_string_append_unichar (out, c);
    }
  return out;
}

/* TRUE when LINE holds nothing but spaces and tabs. */
static gboolean
is_blank (const gchar *line)
{
  return line[strspn (line, " \t")] == '\0';
}

/* The second pass: lines. Appends the cleaned LINE to OUT, or nothing when
   the line was only a field. */
static void
clean_line (const FieldPatterns *patterns, const gchar *line, GString *out, gboolean *first)
{
  g_autofree gchar *stripped = NULL;
  if (strchr (line, '\\') || strstr (line, "HYPERLINK"))
    {
      stripped = g_regex_replace_literal (patterns->inline_field, line, -1, 0, "", 0, NULL);
      if (stripped == NULL)
        stripped = g_strdup (line);
      else if (is_blank (stripped) && !is_blank (line))
        return;
      line = stripped;
    }

  if (g_regex_match (patterns->field_line, line, 0, NULL))
    return;

  gsize len = strlen (line);
  while (len > 0 && line[len - 1] == ' ')
    len--;

  if (!*first)
    g_string_append_c (out, '\n');
  *first = FALSE;
  g_string_append_len (out, line, (gssize) len);
}

gchar *
puebla_textclean (const gchar *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  g_autofree gchar *valid = NULL;
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  const FieldPatterns *patterns = field_patterns_get ();
  g_autoptr (GString) chars = clean_chars (text);
  g_auto (GStrv) lines = g_strsplit (chars->str, "\n", -1);

  g_autoptr (GString) out = g_string_sized_new (chars->len);
  gboolean first = TRUE;
  for (guint i = 0; lines[i]; i++)
    clean_line (patterns, lines[i], out, &first);

  return puebla_utf8_nfc (out->str, (gssize) out->len);
}

gboolean
puebla_nfc_inert (gunichar c)
{
  return c < 0x300 || (c >= 0x2010 && c < 0x2070) || (c >= 0x20A0 && c < 0x20D0);
}

gchar *
puebla_utf8_nfc (const gchar *text, gssize len)
{
  gsize n = len < 0 ? strlen (text) : (gsize) len;
  const gchar *end = text + n;
  if (!g_utf8_validate_len (text, n, NULL))
    return g_utf8_normalize (text, len, G_NORMALIZE_NFC); /* what GLib does of it */
  for (const gchar *p = text; p < end;)
    {
      if ((guchar) *p < 0x80)
        {
          p++;
          continue;
        }
      if (!puebla_nfc_inert (g_utf8_get_char (p)))
        return g_utf8_normalize (text, (gssize) n, G_NORMALIZE_NFC);
      p = g_utf8_next_char (p);
    }
  return g_strndup (text, n);
}

gboolean
puebla_text_is_blank (const gchar *text)
{
  for (const gchar *p = text; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

gchar *
puebla_text_squeeze_spaces (const gchar *text)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;
  for (const gchar *p = text; *p; p++)
    {
      if (g_ascii_isspace (*p))
        space = TRUE;
      else
        {
          if (space && out->len)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_c (out, *p);
        }
    }
  return g_string_free (out, FALSE);
}
