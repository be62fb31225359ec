/* doctext.h: build the text and table rows of a structured document.
 *
 * What it does: the extractors of word-processor formats (DOCX, ODT, HTML,
 * RTF, DOC) walk their document tree and tell this builder what they meet:
 * text, line breaks, the ends of paragraphs, tables, rows and cells. The
 * builder gives the record one unpaged page (number 0) whose text is
 * - each paragraph on a line of its own (line breaks inside a paragraph
 *   make more lines), white space at either end of a line trimmed;
 * - each table where it stands, laid out as Word saves a table as text
 *   (the layout of the text records, see segment.h): each cell's lines, the
 *   first one led by a TAB, cells left to right, rows top to bottom;
 * and fills the record's table_rows with the same cells (a cell's text is
 * exactly the lines written for it, joined with '\n'), the first row of
 * each table marked as its header. segment.c relies on both agreeing to put
 * the rows back among the paragraphs.
 *
 * Merged cells: a cell spanning N columns gives its text to the first and
 * N - 1 empty cells after it; a cell covered by a merge above
 * (puebla_doctext_covered_cell) is an empty cell. A table inside a cell
 * becomes lines of that cell. Text is cleaned (textclean.h) line by line.
 *
 * What it does not do: parse any format, read files, segment.
 * Depends on record.h and textclean.h; not thread-safe (one per document).
 */
#pragma once

#include "record.h"

G_BEGIN_DECLS

typedef struct _PueblaDocText PueblaDocText;

PueblaDocText *puebla_doctext_new (void);
void puebla_doctext_free (PueblaDocText *doc);

/* Appends LEN bytes (-1: NUL-terminated) of valid UTF-8 TEXT to the current
 * paragraph, as they are (a TAB stays a TAB, a '\n' is a line break). */
void puebla_doctext_append (PueblaDocText *doc, const gchar *text, gssize len);

/* A line break inside the current paragraph. */
void puebla_doctext_line_break (PueblaDocText *doc);

/* Ends the current paragraph (nothing when it is empty and BLANK is FALSE;
 * an empty line when it is empty and BLANK is TRUE). */
void puebla_doctext_end_paragraph (PueblaDocText *doc, gboolean blank);

/* Tables: begin_table, then for each row begin_row, cells, end_row; then
 * end_table. Calls nest (a table in a cell). Unbalanced calls are
 * tolerated: end_table closes an open row and cell. */
void puebla_doctext_begin_table (PueblaDocText *doc);
void puebla_doctext_end_table (PueblaDocText *doc);
void puebla_doctext_begin_row (PueblaDocText *doc);
void puebla_doctext_end_row (PueblaDocText *doc);
/* A cell spanning SPAN (≥ 1) columns. */
void puebla_doctext_begin_cell (PueblaDocText *doc, guint span);
void puebla_doctext_end_cell (PueblaDocText *doc);
/* An empty cell standing for one covered by a merged cell. */
void puebla_doctext_covered_cell (PueblaDocText *doc);

/* TRUE while inside a table cell (at any depth). */
gboolean puebla_doctext_in_cell (const PueblaDocText *doc);

/* Gives RECORD its page 0 and table rows (page_count 0). Returns FALSE with
 * PUEBLA_EXTRACT_ERROR_EMPTY (extract.h) when the document holds no text
 * at all. DOC is left empty. */
gboolean puebla_doctext_finish (PueblaDocText *doc, PueblaRecord *record, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PueblaDocText, puebla_doctext_free)

G_END_DECLS
