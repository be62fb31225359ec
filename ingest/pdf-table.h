/* pdf-table.h: rebuild the cells of the tables of a PDF from where its
 * characters stand.
 *
 * A plan of action saved as PDF is a table: reading its text in order
 * interleaves the columns. This module takes the characters of each page
 * with their boxes (from poppler_page_get_text_layout) and rebuilds the
 * table rows, each cell's text whole and in reading order, a row that
 * breaks across pages being one row.
 *
 * What it does not do: open PDFs or call poppler (extract-pdf.c fills the
 * layouts), or name the cells (segment.c does, from the header row).
 * Depends on GLib only; no state; thread-safe.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One character and its box, in PDF points, origin at the top left of the
 * page (as poppler-glib gives them). */
typedef struct
{
  gunichar c;
  gdouble x1, y1, x2, y2;
} PueblaGlyph;

/* One page: its number (1-based), size, and glyphs in poppler's order
 * (white space and line breaks included, as poppler_page_get_text gives
 * them: one glyph per character). */
typedef struct
{
  guint number;
  gdouble width, height;
  GArray *glyphs; /* of PueblaGlyph */
} PueblaPageLayout;

PueblaPageLayout *puebla_page_layout_new (guint number, gdouble width, gdouble height);
void puebla_page_layout_free (PueblaPageLayout *layout);

/* A rebuilt row: the page it starts on, and its cells' text in column
 * order (NFC UTF-8, lines joined with '\n' within a cell as they stand,
 * empty string for an empty cell). HEADER is TRUE for a table's header
 * row. */
typedef struct
{
  guint page;
  gboolean header;
  GPtrArray *cells; /* of gchar*, owns them */
} PueblaTableRow;

void puebla_table_row_free (PueblaTableRow *row);

/* The rows of the tables of PAGES (a GPtrArray of PueblaPageLayout*, in
 * page order), in order. Text outside tables (titles above a table,
 * paragraphs) gives no rows. A GPtrArray of PueblaTableRow* that frees
 * them; empty when the pages hold no table. */
GPtrArray *puebla_pdf_tables_rebuild (GPtrArray *pages);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PueblaPageLayout, puebla_page_layout_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PueblaTableRow, puebla_table_row_free)

G_END_DECLS
