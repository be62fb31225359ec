/* segment.h: a record → its passages, the units search shows and trace
 * cites.
 *
 * - Plan tables: one passage per row, its cells named by the header row
 *   (TEMAS, OBJETIVOS, ACCION PARA LA IMPLEMENTACION, ACTIVIDADES,
 *   CALENDARIO, or whatever the header says). In text records the cells
 *   follow the layout of a Word table saved as text (a cell begins with a
 *   line that starts with a TAB; the header is the first run of such
 *   lines, one per column); in PDFs they come rebuilt from where the
 *   characters stand (pdf-table.h); in word-processor formats (DOCX, ODT,
 *   HTML, RTF, DOC) from record->table_rows, each table put back where it
 *   stands among the paragraphs (doctext.h writes it in the page's text in
 *   the TAB layout, its cells' lines exactly those of the rows). An empty theme cell continues the theme
 *   above; "(continuación)" is the same theme. Section path: theme ›
 *   objective.
 * - Prose: numbered items ("1. Agradecer…") with what follows them,
 *   sections and subsections ("IV. Título", "A. Título:", "(1) Título:")
 *   as the section path, paragraphs otherwise.
 *
 * What it does not do: find entities (entities.h) or read files.
 * Depends on record.h; thread-safe.
 */
#pragma once

#include "record.h"

G_BEGIN_DECLS

/* Fills RECORD's passages from its table rows (a PDF's, rebuilt; an
 * unpaged document's, with the paragraphs around them) or its pages'
 * text. Passages already there are replaced. A passage of a page read by
 * OCR (PueblaPage.ocr) is marked so (PueblaPassage.ocr); no passage runs
 * from such a page into one that was not, or back. */
void puebla_segment_record (PueblaRecord *record);

/* An empty list of PueblaCell*, owning them (record.c). */
GPtrArray *_puebla_cells_new (void);

G_END_DECLS
