/* doctext.c: the text and table rows of a structured document (see doctext.h). */
#include "doctext.h"

#include "extract.h"
#include "textclean.h"

#include <string.h>

struct _PueblaDocText
{
  GString *para;       /* the paragraph being read */
  GString *out;        /* the page's text so far */
  GString *pending;    /* lines met inside a table but outside its cells: written after it */
  GPtrArray *rows;     /* of PueblaTableRow*: the rows so far */
  guint depth;         /* tables open: 0 outside, 1 in a table, 2 in a table in a cell… */
  GPtrArray *row;      /* of gchar*: the cells of the open row of the outer table, or NULL */
  GString *cell;       /* the lines of the open cell of the outer table, or NULL */
  guint cell_span;     /* the columns the open cell spans */
  gboolean first_row;  /* the next row is the first of its table */
};

PueblaDocText *
puebla_doctext_new (void)
{
  PueblaDocText *doc = g_new0 (PueblaDocText, 1);
  doc->para = g_string_new (NULL);
  doc->out = g_string_new (NULL);
  doc->pending = g_string_new (NULL);
  doc->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) puebla_table_row_free);
  return doc;
}

void
puebla_doctext_free (PueblaDocText *doc)
{
  if (doc == NULL)
    return;
  g_string_free (doc->para, TRUE);
  g_string_free (doc->out, TRUE);
  g_string_free (doc->pending, TRUE);
  g_ptr_array_unref (doc->rows);
  if (doc->row)
    g_ptr_array_unref (doc->row);
  if (doc->cell)
    g_string_free (doc->cell, TRUE);
  g_free (doc);
}

void
puebla_doctext_append (PueblaDocText *doc, const gchar *text, gssize len)
{
  g_return_if_fail (doc != NULL);
  if (text)
    g_string_append_len (doc->para, text, len < 0 ? (gssize) strlen (text) : len);
}

void
puebla_doctext_line_break (PueblaDocText *doc)
{
  g_string_append_c (doc->para, '\n');
}

gboolean
puebla_doctext_in_cell (const PueblaDocText *doc)
{
  return doc->cell != NULL;
}

/* Appends LINE to TEXT, keeping at most one blank line in a row and none at
   the start. */
static void
add_line (GString *text, const gchar *line)
{
  if (*line == '\0' && (text->len == 0 || g_str_has_suffix (text->str, "\n\n")))
    return;
  g_string_append_printf (text, "%s\n", line);
}

void
puebla_doctext_end_paragraph (PueblaDocText *doc, gboolean blank)
{
  g_return_if_fail (doc != NULL);
  if (doc->para->len == 0 && !blank)
    return;
  /* where its lines go: the open cell, the page, or after the table */
  GString *to = doc->cell ? doc->cell : doc->depth > 0 ? doc->pending : doc->out;
  g_autofree gchar *clean = puebla_textclean (doc->para->str);
  g_string_truncate (doc->para, 0);
  g_auto (GStrv) lines = g_strsplit (clean, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    add_line (to, g_strstrip (lines[i]));
}

void
puebla_doctext_begin_table (PueblaDocText *doc)
{
  g_return_if_fail (doc != NULL);
  puebla_doctext_end_paragraph (doc, FALSE);
  if (doc->depth++ == 0)
    doc->first_row = TRUE;
}

void
puebla_doctext_begin_row (PueblaDocText *doc)
{
  g_return_if_fail (doc != NULL);
  if (doc->depth == 0)
    puebla_doctext_begin_table (doc);
  if (doc->depth > 1)
    {
      puebla_doctext_end_paragraph (doc, FALSE);
      return;
    }
  if (doc->row)
    puebla_doctext_end_row (doc);
  doc->row = g_ptr_array_new_with_free_func (g_free);
}

void
puebla_doctext_begin_cell (PueblaDocText *doc, guint span)
{
  g_return_if_fail (doc != NULL);
  if (doc->depth > 1)
    {
      puebla_doctext_end_paragraph (doc, FALSE);
      return;
    }
  if (doc->row == NULL)
    puebla_doctext_begin_row (doc);
  if (doc->cell)
    puebla_doctext_end_cell (doc);
  puebla_doctext_end_paragraph (doc, FALSE); /* stray text before the cell */
  doc->cell = g_string_new (NULL);
  doc->cell_span = MAX (span, 1);
}

void
puebla_doctext_end_cell (PueblaDocText *doc)
{
  g_return_if_fail (doc != NULL);
  puebla_doctext_end_paragraph (doc, FALSE);
  if (doc->depth > 1 || doc->cell == NULL)
    return;
  /* its lines without the blank ones at either end */
  while (g_str_has_suffix (doc->cell->str, "\n"))
    g_string_truncate (doc->cell, doc->cell->len - 1);
  g_ptr_array_add (doc->row, g_string_free (doc->cell, FALSE));
  doc->cell = NULL;
  for (guint i = 1; i < doc->cell_span; i++)
    g_ptr_array_add (doc->row, g_strdup (""));
}

void
puebla_doctext_covered_cell (PueblaDocText *doc)
{
  puebla_doctext_begin_cell (doc, 1);
  puebla_doctext_end_cell (doc);
}

void
puebla_doctext_end_row (PueblaDocText *doc)
{
  g_return_if_fail (doc != NULL);
  if (doc->depth > 1)
    {
      puebla_doctext_end_paragraph (doc, FALSE);
      return;
    }
  if (doc->cell)
    puebla_doctext_end_cell (doc);
  if (doc->row == NULL)
    return;
  g_autoptr (GPtrArray) cells = g_steal_pointer (&doc->row);
  if (cells->len == 0)
    return;
  /* the cells on the page as Word saves a table as text */
  for (guint c = 0; c < cells->len; c++)
    g_string_append_printf (doc->out, "\t%s\n", (const gchar *) g_ptr_array_index (cells, c));
  PueblaTableRow *row = g_new0 (PueblaTableRow, 1);
  row->page = 0;
  row->header = doc->first_row;
  row->cells = g_steal_pointer (&cells);
  doc->first_row = FALSE;
  g_ptr_array_add (doc->rows, row);
}

void
puebla_doctext_end_table (PueblaDocText *doc)
{
  g_return_if_fail (doc != NULL);
  if (doc->depth == 0)
    return;
  if (doc->depth > 1)
    {
      puebla_doctext_end_paragraph (doc, FALSE);
      doc->depth--;
      return;
    }
  puebla_doctext_end_row (doc);
  puebla_doctext_end_paragraph (doc, FALSE);
  doc->depth = 0;
  /* what stood in the table outside its cells */
  g_string_append (doc->out, doc->pending->str);
  g_string_truncate (doc->pending, 0);
}

gboolean
puebla_doctext_finish (PueblaDocText *doc, PueblaRecord *record, GError **error)
{
  g_return_val_if_fail (doc != NULL && record != NULL, FALSE);
  puebla_doctext_end_paragraph (doc, FALSE);
  while (doc->depth > 0)
    puebla_doctext_end_table (doc);
  /* no blank lines at the end */
  while (doc->out->len > 0 && doc->out->str[doc->out->len - 1] == '\n'
         && (doc->out->len == 1 || doc->out->str[doc->out->len - 2] == '\n'))
    g_string_truncate (doc->out, doc->out->len - 1);
  if (puebla_text_is_blank (doc->out->str))
    {
      g_set_error (error, PUEBLA_EXTRACT_ERROR, PUEBLA_EXTRACT_ERROR_EMPTY, "no text in the document");
      return FALSE;
    }
  record->page_count = 0;
  puebla_record_add_page_take (record, 0, g_string_free (g_steal_pointer (&doc->out), FALSE));
  doc->out = g_string_new (NULL);
  while (doc->rows->len > 0)
    g_ptr_array_add (record->table_rows, g_ptr_array_steal_index (doc->rows, 0));
  return TRUE;
}
