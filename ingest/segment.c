/* segment.c: a record → its passages (see segment.h). */
#include "segment.h"

#include "textclean.h"

#include <string.h>

typedef struct
{
  PueblaRecord *record;
  GString *text;       /* the passage being built */
  const gchar *kind;
  guint page;
  gchar *section[3];   /* I. › A. › (1) */
  gboolean in_item;    /* a numbered item runs until the next item or heading */
} Segmenter;

static gchar *
section_path (Segmenter *s)
{
  GString *path = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (s->section); i++)
    if (s->section[i])
      g_string_append_printf (path, "%s%s", path->len ? " › " : "", s->section[i]);
  if (path->len == 0)
    {
      g_string_free (path, TRUE);
      return NULL;
    }
  return g_string_free (path, FALSE);
}

static void
add_passage (PueblaRecord *record, const gchar *kind, guint page, gchar *section /* taken */, gchar *text /* taken */,
             GPtrArray *cells /* taken, nullable */)
{
  PueblaPassage *p = g_new0 (PueblaPassage, 1);
  p->ordinal = record->passages->len + 1;
  p->page = page;
  p->kind = g_strdup (kind);
  p->section = section;
  p->text = text;
  p->cells = cells;
  g_ptr_array_add (record->passages, p);
}

static void
flush (Segmenter *s)
{
  if (s->text->len == 0)
    return;
  g_autofree gchar *text = g_strstrip (g_strdup (s->text->str));
  g_string_truncate (s->text, 0);
  if (*text == '\0')
    return;
  add_passage (s->record, s->kind, s->page, section_path (s), g_steal_pointer (&text), NULL);
}

/* ---- Recognising lines --------------------------------------------------------- */

/* "IV." / "IV. Título": the numeral's length, or 0. */
static gsize
roman_heading (const gchar *line)
{
  gsize n = strspn (line, "IVXL");
  if (n == 0 || n > 5 || line[n] != '.')
    return 0;
  if (line[n + 1] != '\0' && line[n + 1] != ' ')
    return 0;
  return n;
}

/* "A. Título": a capital letter, a dot, a space; the rest short. */
static gboolean
letter_heading (const gchar *line)
{
  return g_ascii_isupper (line[0]) && line[1] == '.' && line[2] == ' ' && strlen (line) <= 160;
}

/* "12. Tomar nota…", "12) …": a numbered item (1 to 999). */
static gboolean
numbered_item (const gchar *line)
{
  gsize n = strspn (line, "0123456789");
  return n >= 1 && n <= 3 && (line[n] == '.' || line[n] == ')') && (line[n + 1] == ' ' || line[n + 1] == '\t');
}

/* "(1) Taller …": a numbered subsection. */
static gboolean
paren_heading (const gchar *line)
{
  if (line[0] != '(')
    return FALSE;
  gsize n = strspn (line + 1, "0123456789");
  return n >= 1 && n <= 2 && line[1 + n] == ')' && line[2 + n] == ' ';
}

/* A page number alone on a line (a PDF's footer). */
static gboolean
page_number_line (const gchar *line)
{
  gsize n = strspn (line, "0123456789");
  return n >= 1 && n <= 3 && line[n] == '\0';
}

/* The title part of "(1) Taller para …: En la VII CRM …": up to the first
   colon, at most 100 characters. */
static gchar *
title_of (const gchar *line)
{
  const gchar *colon = strchr (line, ':');
  gsize len = colon ? (gsize) (colon - line) : strlen (line);
  g_autofree gchar *t = g_strndup (line, len);
  if (g_utf8_strlen (t, -1) > 100)
    {
      g_autofree gchar *cut = g_utf8_substring (t, 0, 99);
      return g_strconcat (g_strstrip (cut), "…", NULL);
    }
  return g_strdup (g_strstrip (t));
}

static void
set_section (Segmenter *s, guint level, gchar *title /* taken */)
{
  for (guint i = level; i < G_N_ELEMENTS (s->section); i++)
    g_clear_pointer (&s->section[i], g_free);
  s->section[level] = title;
}

/* ---- Prose ------------------------------------------------------------------------- */

/* The longest line of TEXT, in characters: wrapped prose fills it. */
static glong
longest_line (gchar **lines)
{
  glong longest = 0;
  for (guint i = 0; lines[i]; i++)
    longest = MAX (longest, g_utf8_strlen (lines[i], -1));
  return longest;
}

/* PAGED: lines are wrapped (a PDF), so a paragraph ends on a short line
   that closes a sentence; else (a text record) each line is a paragraph. */
static void
segment_prose (Segmenter *s, const gchar *text, guint page, gboolean paged)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  glong wide = longest_line (lines);

  for (guint i = 0; lines[i]; i++)
    {
      g_autofree gchar *line = g_strstrip (g_strdup (lines[i]));
      if (*line == '\0')
        {
          /* a blank line ends a paragraph; the end of a page does not (the
             text's last "line" is what follows its last newline) */
          if (!s->in_item && lines[i + 1] != NULL)
            flush (s);
          continue;
        }
      if (paged && page_number_line (line))
        continue;

      gsize rn = roman_heading (line);
      if (rn || letter_heading (line) || paren_heading (line))
        {
          flush (s);
          s->in_item = FALSE;
          const gchar *rest = line + (rn ? rn + 1 : 0);
          while (*rest == ' ')
            rest++;
          if (rn)
            {
              /* "I." alone: its title is on the next line */
              g_autofree gchar *title = NULL;
              if (*rest == '\0' && lines[i + 1])
                {
                  title = g_strstrip (g_strdup (lines[i + 1]));
                  if (*title && g_utf8_strlen (title, -1) <= 100)
                    i++;
                  else
                    g_clear_pointer (&title, g_free);
                }
              g_autofree gchar *numeral = g_strndup (line, rn + 1);
              set_section (s, 0, title ? g_strdup_printf ("%s %s", numeral, title) : g_strdup (line));
              s->page = page;
              add_passage (s->record, "heading", page, section_path (s), g_strdup (s->section[0]), NULL);
              continue;
            }
          if (paren_heading (line))
            {
              set_section (s, 2, title_of (line));
              /* its text follows on the same line: an item of its own */
              s->kind = "item";
              s->page = page;
              s->in_item = TRUE;
              g_string_append (s->text, line);
              continue;
            }
          /* "A. Título:" and maybe text after the colon */
          set_section (s, 1, title_of (line));
          const gchar *colon = strchr (line, ':');
          if (colon && colon[1] && strlen (colon + 1) > 2)
            {
              s->kind = "paragraph";
              s->page = page;
              g_autofree gchar *after = g_strstrip (g_strdup (colon + 1));
              g_string_append (s->text, after);
              flush (s);
            }
          else
            add_passage (s->record, "heading", page, section_path (s), g_strdup (line), NULL);
          continue;
        }

      if (numbered_item (line))
        {
          flush (s);
          s->kind = "item";
          s->page = page;
          s->in_item = TRUE;
          g_string_append (s->text, line);
          continue;
        }

      if (s->text->len == 0)
        {
          s->kind = s->in_item ? "item" : "paragraph";
          s->page = page;
        }
      else
        g_string_append_c (s->text, '\n');
      g_string_append (s->text, line);

      if (s->in_item)
        continue;
      gunichar last = g_utf8_get_char (g_utf8_prev_char (line + strlen (line)));
      gboolean closes = last == '.' || last == ':' || last == ';';
      if (!paged || (closes && g_utf8_strlen (line, -1) < wide * 3 / 4))
        flush (s);
    }
}

/* ---- Tables -------------------------------------------------------------------------- */

/* "POLÍTICAS Y GESTIÓN\nMIGRATORIA (continuación)" → "POLÍTICAS Y GESTIÓN
   MIGRATORIA": the cell's words on one line (a PDF wraps them, a text
   record does not), "(continuación)" dropped, cut at 100 characters. */
static gchar *
theme_of (const gchar *cell)
{
  g_auto (GStrv) words = g_strsplit_set (cell, " \t\n", -1);
  GString *line = g_string_new (NULL);
  for (guint i = 0; words[i]; i++)
    {
      if (*words[i] == '\0')
        continue;
      g_autofree gchar *lower = g_utf8_strdown (words[i], -1);
      if (g_str_has_prefix (lower, "(continuaci"))
        continue;
      g_string_append_printf (line, "%s%s", line->len ? " " : "", words[i]);
    }
  if (g_utf8_strlen (line->str, -1) > 100)
    {
      g_autofree gchar *cut = g_utf8_substring (line->str, 0, 99);
      g_string_free (line, TRUE);
      return g_strconcat (g_strstrip (cut), "…", NULL);
    }
  return g_string_free (line, FALSE);
}

typedef struct
{
  gchar *theme;
  gchar *objective;
} TableState;

/* One row passage from the texts of its cells, named by HEADER. */
static void
add_row (PueblaRecord *record, TableState *st, GPtrArray *header, GPtrArray *texts, guint page)
{
  GPtrArray *cells = _puebla_cells_new ();
  GString *text = g_string_new (NULL);
  for (guint c = 0; c < header->len; c++)
    {
      const gchar *t = c < texts->len ? g_ptr_array_index (texts, c) : "";
      PueblaCell *cell = g_new0 (PueblaCell, 1);
      cell->name = g_strdup (g_ptr_array_index (header, c));
      cell->text = g_strstrip (g_strdup (t));
      if (*cell->text)
        g_string_append_printf (text, "%s%s", text->len ? "\n\n" : "", cell->text);
      g_ptr_array_add (cells, cell);
    }

  if (cells->len == 0) /* a table with no columns: nothing to add */
    {
      g_ptr_array_unref (cells);
      g_string_free (text, TRUE);
      return;
    }

  /* the theme (first column) and objective (second) carry down */
  const PueblaCell *first = g_ptr_array_index (cells, 0);
  if (*first->text)
    {
      g_autofree gchar *theme = theme_of (first->text);
      if (*theme && g_strcmp0 (theme, st->theme) != 0)
        {
          g_free (st->theme);
          st->theme = g_steal_pointer (&theme);
          g_clear_pointer (&st->objective, g_free);
        }
    }
  if (cells->len > 2)
    {
      const PueblaCell *second = g_ptr_array_index (cells, 1);
      if (*second->text)
        {
          g_free (st->objective);
          st->objective = theme_of (second->text);
        }
    }
  gchar *section = NULL;
  if (st->theme && st->objective)
    section = g_strdup_printf ("%s › %s", st->theme, st->objective);
  else if (st->theme || st->objective)
    section = g_strdup (st->theme ? st->theme : st->objective);

  if (text->len == 0)
    {
      g_string_free (text, TRUE);
      g_ptr_array_unref (cells);
      g_free (section);
      return; /* an empty row */
    }
  add_passage (record, "row", page, section, g_string_free (text, FALSE), cells);
}

/* The cells of a Word table saved as text: after the title lines, the
   header is the first run of consecutive TAB-led lines, one per column;
   then every cell begins with a TAB-led line and runs to the next one.
   FALSE when TEXT holds no such table. */
static gboolean
segment_tab_table (Segmenter *s, const gchar *text, guint page)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  guint first = 0;
  while (lines[first] && lines[first][0] != '\t')
    first++;
  if (lines[first] == NULL)
    return FALSE;
  guint n_header = 0;
  while (lines[first + n_header] && lines[first + n_header][0] == '\t')
    n_header++;
  if (n_header < 2 || n_header > 12)
    return FALSE;

  /* the title lines before the table */
  GString *preamble = g_string_new (NULL);
  for (guint i = 0; i < first; i++)
    g_string_append_printf (preamble, "%s\n", lines[i]);
  segment_prose (s, preamble->str, page, FALSE);
  g_string_free (preamble, TRUE);
  flush (s);

  g_autoptr (GPtrArray) header = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n_header; i++)
    g_ptr_array_add (header, g_strstrip (g_strdup (lines[first + i] + 1)));

  /* the cells */
  g_autoptr (GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  GString *cell = NULL;
  for (guint i = first + n_header; lines[i]; i++)
    {
      if (lines[i][0] == '\t')
        {
          if (cell)
            g_ptr_array_add (cells, g_string_free (cell, FALSE));
          cell = g_string_new (lines[i] + 1);
        }
      else if (cell)
        g_string_append_printf (cell, "\n%s", lines[i]);
    }
  if (cell)
    g_ptr_array_add (cells, g_string_free (cell, FALSE));

  TableState st = { NULL, NULL };
  for (guint i = 0; i < cells->len; i += n_header)
    {
      g_autoptr (GPtrArray) row = g_ptr_array_new ();
      for (guint c = 0; c < n_header && i + c < cells->len; c++)
        g_ptr_array_add (row, g_ptr_array_index (cells, i + c));
      add_row (s->record, &st, header, row, page);
    }
  g_free (st.theme);
  g_free (st.objective);
  return TRUE;
}

/* The rows a PDF's layout gave (pdf-table.h). */
static void
segment_table_rows (Segmenter *s)
{
  PueblaRecord *record = s->record;
  if (record->title)
    add_passage (record, "heading", record->pages->len ? ((PueblaPage *) g_ptr_array_index (record->pages, 0))->number : 0,
                 NULL, g_strdup (record->title), NULL);

  GPtrArray *header = NULL;
  TableState st = { NULL, NULL };
  for (guint i = 0; i < record->table_rows->len; i++)
    {
      const PueblaTableRow *row = g_ptr_array_index (record->table_rows, i);
      if (row->header)
        {
          /* a repeated header on a later page is no row; a new one starts
             a new table */
          if (header == NULL || header->len != row->cells->len)
            {
              if (header)
                g_ptr_array_unref (header);
              header = g_ptr_array_new_with_free_func (g_free);
              for (guint c = 0; c < row->cells->len; c++)
                g_ptr_array_add (header, g_strstrip (g_strdup (g_ptr_array_index (row->cells, c))));
            }
          continue;
        }
      if (header == NULL)
        {
          /* rows without a header: name the columns by number */
          header = g_ptr_array_new_with_free_func (g_free);
          for (guint c = 0; c < row->cells->len; c++)
            g_ptr_array_add (header, g_strdup_printf ("%u", c + 1));
        }
      add_row (record, &st, header, row->cells, row->page);
    }
  if (header)
    g_ptr_array_unref (header);
  g_free (st.theme);
  g_free (st.objective);
}

/* The number of lines of TEXT. */
static guint
count_lines (const gchar *text)
{
  guint n = 1;
  for (const gchar *p = strchr (text, '\n'); p; p = strchr (p + 1, '\n'))
    n++;
  return n;
}

/* Skips the lines of the cells of ROW in LINES from *I on; FALSE (and *I
   unmoved past the cell that does not fit) when they are not there. */
static gboolean
skip_row_lines (gchar **lines, guint *i, const PueblaTableRow *row)
{
  for (guint c = 0; c < row->cells->len; c++)
    {
      if (lines[*i] == NULL || lines[*i][0] != '\t')
        return FALSE;
      guint n = count_lines (g_ptr_array_index (row->cells, c));
      for (guint k = 0; k < n && lines[*i]; k++)
        (*i)++;
    }
  return TRUE;
}

/* One table of an unpaged document from record->table_rows[*NEXT] on (a
   header row and the rows up to the next header), its lines starting at
   LINES[I]. Returns the index of the first line after it. */
static guint
segment_one_table (Segmenter *s, gchar **lines, guint i, guint *next, guint page)
{
  GPtrArray *rows = s->record->table_rows;
  gboolean aligned = TRUE;
  const PueblaTableRow *first = g_ptr_array_index (rows, *next);
  g_autoptr (GPtrArray) header = g_ptr_array_new_with_free_func (g_free);
  if (first->header)
    {
      for (guint c = 0; c < first->cells->len; c++)
        g_ptr_array_add (header, puebla_text_squeeze_spaces (g_ptr_array_index (first->cells, c)));
      aligned = skip_row_lines (lines, &i, first);
      (*next)++;
    }
  else
    for (guint c = 0; c < first->cells->len; c++)
      g_ptr_array_add (header, g_strdup_printf ("%u", c + 1));

  TableState st = { NULL, NULL };
  guint n_rows = 0;
  for (; *next < rows->len; (*next)++, n_rows++)
    {
      const PueblaTableRow *row = g_ptr_array_index (rows, *next);
      if (row->header)
        break; /* the next table */
      if (aligned)
        aligned = skip_row_lines (lines, &i, row);
      /* a row wider than the header: its extra columns by number */
      for (guint c = header->len; c < row->cells->len; c++)
        g_ptr_array_add (header, g_strdup_printf ("%u", c + 1));
      add_row (s->record, &st, header, row->cells, row->page);
    }
  g_free (st.theme);
  g_free (st.objective);

  if (n_rows == 0 && first->header)
    {
      /* a table of one row lays text out: its cells are prose */
      GString *prose = g_string_new (NULL);
      for (guint c = 0; c < first->cells->len; c++)
        g_string_append_printf (prose, "%s\n", (const gchar *) g_ptr_array_index (first->cells, c));
      segment_prose (s, prose->str, page, FALSE);
      flush (s);
      g_string_free (prose, TRUE);
    }
  return i;
}

/* An unpaged document with tables (DOCX, ODT, HTML, RTF, DOC: doctext.h):
   each table stands in the page's text, where it is among the paragraphs,
   as a Word table saved as text whose cells' lines are exactly those of
   record->table_rows. The paragraphs go through segment_prose, each table's
   rows through add_row, named by its header row. */
static void
segment_tables_in_text (Segmenter *s)
{
  PueblaRecord *record = s->record;
  guint next = 0;
  for (guint p = 0; p < record->pages->len; p++)
    {
      const PueblaPage *page = g_ptr_array_index (record->pages, p);
      g_auto (GStrv) lines = g_strsplit (page->text, "\n", -1);
      GString *prose = g_string_new (NULL);
      for (guint i = 0; lines[i];)
        {
          if (lines[i][0] == '\t' && next < record->table_rows->len)
            {
              segment_prose (s, prose->str, page->number, FALSE);
              flush (s);
              g_string_truncate (prose, 0);
              s->in_item = FALSE; /* a table ends a numbered item */
              i = segment_one_table (s, lines, i, &next, page->number);
              continue;
            }
          g_string_append_printf (prose, "%s\n", lines[i]);
          i++;
        }
      segment_prose (s, prose->str, page->number, FALSE);
      flush (s);
      g_string_free (prose, TRUE);
    }
  /* rows the text did not show (it should show them all) */
  while (next < record->table_rows->len)
    segment_one_table (s, (gchar *[]){ NULL }, 0, &next, 0);
}

/* Marks the passages of pages read by OCR (a passage never spans such a
   page and one that was not: see puebla_segment_record). */
static void
mark_ocr_passages (PueblaRecord *record)
{
  g_autoptr (GHashTable) ocr_pages = g_hash_table_new (g_direct_hash, g_direct_equal);
  for (guint i = 0; i < record->pages->len; i++)
    {
      const PueblaPage *page = g_ptr_array_index (record->pages, i);
      if (page->ocr)
        g_hash_table_add (ocr_pages, GUINT_TO_POINTER (page->number));
    }
  for (guint i = 0; i < record->passages->len && g_hash_table_size (ocr_pages) > 0; i++)
    {
      PueblaPassage *p = g_ptr_array_index (record->passages, i);
      p->ocr = g_hash_table_contains (ocr_pages, GUINT_TO_POINTER (p->page));
    }
}

void
puebla_segment_record (PueblaRecord *record)
{
  g_return_if_fail (record != NULL);
  g_ptr_array_set_size (record->passages, 0);
  if (record->pages->len == 0)
    return;

  Segmenter s = { .record = record, .text = g_string_new (NULL), .kind = "paragraph" };
  if (record->table_rows->len > 0 && record->page_count == 0)
    segment_tables_in_text (&s);
  else if (record->table_rows->len > 0)
    segment_table_rows (&s);
  else
    {
      gboolean paged = record->page_count > 0;
      for (guint i = 0; i < record->pages->len; i++)
        {
          const PueblaPage *page = g_ptr_array_index (record->pages, i);
          /* a paragraph may run on to the next page, but not from a text
             layer into OCR or back: the OCR mark then holds for all of it */
          if (i > 0 && page->ocr != ((const PueblaPage *) g_ptr_array_index (record->pages, i - 1))->ocr)
            flush (&s);
          if (!paged && segment_tab_table (&s, page->text, page->number))
            continue;
          segment_prose (&s, page->text, page->number, paged);
        }
      flush (&s);
    }
  g_string_free (s.text, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (s.section); i++)
    g_free (s.section[i]);
  mark_ocr_passages (record);
}
