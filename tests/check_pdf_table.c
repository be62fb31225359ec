/* check_pdf_table.c: measures how well pdf-table.c rebuilds table cells.
 *
 * What it does: reads the glyph boxes of PDFs with poppler, rebuilds the
 * rows with puebla_pdf_tables_rebuild and compares them with the true
 * cells: for the plans of action of the corpus, the cells of their text
 * records (TAB layout); for tables this test draws itself with cairo
 * (other fonts, sizes, margins, widths, 3 to 6 columns, ruled or not,
 * rows broken across pages with or without the header repeated, a title
 * above and page numbers below), the cells it drew. Agreement = cells identical after white space is
 * collapsed / true cells, rows aligned in order by dynamic programming;
 * each figure is printed on stderr. Prose (corpus and drawn) must give no
 * rows.
 *
 * What it does not do: test extract-pdf.c or segment.c, which fill the
 * layouts and name the cells in the program.
 */
#include "pdf-table.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <check.h>
#include <glib/gstdio.h>
#include <poppler.h>
#include <stdio.h>
#include <string.h>

#ifndef PUEBLA_CORPUS_DIR
#error "PUEBLA_CORPUS_DIR must name the corpus directory"
#endif

/* poppler-glib 22.12 declares no autoptr cleanups */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

/* ---- layouts from poppler ------------------------------------------------ */

/* The layouts of a PDF's pages, as extract-pdf.c builds them: one glyph
 * per character of poppler_page_get_text, with its box; when poppler gives
 * fewer boxes than characters, the characters without one are left out. */
static GPtrArray *
load_layouts (const gchar *path)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *uri = g_filename_to_uri (path, NULL, &error);
  ck_assert_msg (uri != NULL, "%s: %s", path, error ? error->message : "");
  g_autoptr (PopplerDocument) doc = poppler_document_new_from_file (uri, NULL, &error);
  ck_assert_msg (doc != NULL, "%s: %s", path, error ? error->message : "");

  GPtrArray *pages = g_ptr_array_new_with_free_func ((GDestroyNotify) puebla_page_layout_free);
  int n = poppler_document_get_n_pages (doc);
  for (int i = 0; i < n; i++)
    {
      g_autoptr (PopplerPage) page = poppler_document_get_page (doc, i);
      gdouble w, h;
      poppler_page_get_size (page, &w, &h);
      PueblaPageLayout *layout = puebla_page_layout_new (i + 1, w, h);
      g_autofree gchar *text = poppler_page_get_text (page);
      PopplerRectangle *rects = NULL;
      guint n_rects = 0;
      if (text != NULL && poppler_page_get_text_layout (page, &rects, &n_rects))
        {
          guint k = 0;
          for (const gchar *s = text; *s && k < n_rects; s = g_utf8_next_char (s), k++)
            {
              PueblaGlyph g = { g_utf8_get_char (s), rects[k].x1, rects[k].y1, rects[k].x2, rects[k].y2 };
              g_array_append_val (layout->glyphs, g);
            }
        }
      g_free (rects);
      g_ptr_array_add (pages, layout);
    }
  return pages;
}

static GPtrArray *
rebuild_file (const gchar *path)
{
  g_autoptr (GPtrArray) pages = load_layouts (path);
  return puebla_pdf_tables_rebuild (pages);
}

/* ---- true cells ------------------------------------------------------------ */

/* White space collapsed to one space, trimmed. */
static gchar *
normalize (const gchar *s)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;
  for (const gchar *p = s; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isspace (c) || c == 0xA0)
        space = TRUE;
      else
        {
          if (space && out->len)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_unichar (out, c);
        }
    }
  gchar *nfc = g_utf8_normalize (out->str, -1, G_NORMALIZE_NFC);
  g_string_free (out, TRUE);
  return nfc;
}

/* A stray line of a record: a lone "PAGE" field or page number. */
static gboolean
stray_line (const gchar *line)
{
  g_autofree gchar *t = g_strstrip (g_strdup (line));
  if (strcmp (t, "PAGE") == 0)
    return TRUE;
  if (*t == '\0' || strlen (t) > 3)
    return FALSE;
  for (const gchar *p = t; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

/* The true rows of a text record: the header is the first run of lines
 * that begin with a TAB (one per column); from there every cell begins
 * with a line that starts with a TAB and runs to the next such line, and
 * cells fill the rows left to right. Rows are GPtrArrays of normalized
 * cells. */
static GPtrArray *
record_rows (const gchar *path)
{
  g_autofree gchar *text = NULL;
  g_autoptr (GError) error = NULL;
  ck_assert_msg (g_file_get_contents (path, &text, NULL, &error), "%s: %s", path, error ? error->message : "");
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  guint first = 0;
  while (lines[first] && lines[first][0] != '\t')
    first++;
  guint n_cols = 0;
  while (lines[first + n_cols] && lines[first + n_cols][0] == '\t')
    n_cols++;
  ck_assert_uint_ge (n_cols, 3);

  g_autoptr (GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  GString *cell = NULL;
  for (guint i = first; lines[i]; i++)
    {
      const gchar *line = lines[i];
      if (line[0] == '\t')
        {
          if (cell)
            g_ptr_array_add (cells, g_string_free (cell, FALSE));
          cell = g_string_new (line + 1);
        }
      else if (!stray_line (line))
        {
          g_string_append_c (cell, '\n');
          g_string_append (cell, line);
        }
    }
  if (cell)
    g_ptr_array_add (cells, g_string_free (cell, FALSE));

  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < cells->len; i += n_cols)
    {
      GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
      for (guint c = 0; c < n_cols; c++)
        g_ptr_array_add (row, normalize (i + c < cells->len ? g_ptr_array_index (cells, i + c) : ""));
      g_ptr_array_add (rows, row);
    }
  return rows;
}

/* ---- agreement --------------------------------------------------------------- */

static guint
same_cells (const PueblaTableRow *got, const GPtrArray *want)
{
  guint n = 0;
  for (guint c = 0; c < MIN (got->cells->len, want->len); c++)
    {
      g_autofree gchar *g = normalize (g_ptr_array_index (got->cells, c));
      n += strcmp (g, g_ptr_array_index (want, c)) == 0;
    }
  return n;
}

/* Rebuilt rows aligned with true rows in order (the alignment that
 * matches most identical cells), identical cells / true cells. With
 * VERBOSE, the true cells missed are printed. */
static gdouble
agreement (const GPtrArray *got, const GPtrArray *want, const gchar *name, gboolean verbose)
{
  guint n = got->len, m = want->len, total = 0;
  for (guint j = 0; j < m; j++)
    total += ((GPtrArray *) g_ptr_array_index (want, j))->len;

  g_autofree guint *score = g_new0 (guint, (n + 1) * (m + 1));
  g_autofree guint *same = g_new0 (guint, (n + 1) * (m + 1));
#define AT(a, i, j) a[(i) * (m + 1) + (j)]
  for (guint i = 1; i <= n; i++)
    for (guint j = 1; j <= m; j++)
      {
        AT (same, i, j) = same_cells (g_ptr_array_index (got, i - 1), g_ptr_array_index (want, j - 1));
        guint best = MAX (AT (score, i - 1, j), AT (score, i, j - 1));
        AT (score, i, j) = MAX (best, AT (score, i - 1, j - 1) + AT (same, i, j));
      }
  guint matched = AT (score, n, m);

  if (verbose)
    {
      /* walk back, print the true rows not matched in full */
      for (guint i = n, j = m; i > 0 && j > 0;)
        {
          if (AT (score, i, j) == AT (score, i - 1, j - 1) + AT (same, i, j) && AT (same, i, j) > 0)
            {
              const GPtrArray *w = g_ptr_array_index (want, j - 1);
              const PueblaTableRow *g = g_ptr_array_index (got, i - 1);
              for (guint c = 0; c < w->len; c++)
                {
                  g_autofree gchar *gc = c < g->cells->len ? normalize (g_ptr_array_index (g->cells, c)) : g_strdup ("");
                  if (strcmp (gc, g_ptr_array_index (w, c)) != 0)
                    fprintf (stderr, "  %s row %u cell %u:\n    want «%s»\n    got  «%s»\n", name, j - 1, c,
                             (gchar *) g_ptr_array_index (w, c), gc);
                }
              i--, j--;
            }
          else if (AT (score, i, j) == AT (score, i - 1, j))
            i--;
          else
            {
              fprintf (stderr, "  %s row %u not found\n", name, j - 1);
              j--;
            }
        }
    }
#undef AT
  gdouble a = total ? (gdouble) matched / total : 0;
  fprintf (stderr, "agreement %-52s %.3f (%u/%u cells, %u rows rebuilt, %u true)\n", name, a, matched, total, n, m);
  return a;
}

static gboolean
verbose (void)
{
  return g_getenv ("PUEBLA_TEST_VERBOSE") != NULL;
}

/* ---- corpus ------------------------------------------------------------------ */

typedef struct
{
  const gchar *name;
  const gchar *header[6];
} CorpusTable;

static const CorpusTable corpus_tables[] = {
  { "crm-2006-11-plan-de-accion",
    { "TEMAS", "OBJETIVOS", "ACCION PARA LA IMPLEMENTACION", "ACTIVIDADES", "CALENDARIO", NULL } },
  { "crm-2003-05-red-proteccion-consular-plan-de-trabajo",
    { "TEMAS", "OBJETIVOS", "ACTIVIDADES", "CALENDARIO", NULL } },
  { "crm-2008-05-red-trata-plan-de-accion", { "TEMAS", "OBJETIVOS", "ACTIVIDADES", "CALENDARIO", NULL } },
};

START_TEST (test_corpus_table)
{
  const CorpusTable *t = &corpus_tables[_i];
  g_autofree gchar *pdf = g_strdup_printf ("%s/pdf/%s.pdf", PUEBLA_CORPUS_DIR, t->name);
  g_autofree gchar *txt = g_strdup_printf ("%s/records/%s.txt", PUEBLA_CORPUS_DIR, t->name);
  g_autoptr (GPtrArray) got = rebuild_file (pdf);
  g_autoptr (GPtrArray) want = record_rows (txt);

  /* the header, found with its column names */
  ck_assert_uint_gt (got->len, 0);
  const PueblaTableRow *header = g_ptr_array_index (got, 0);
  ck_assert (header->header);
  ck_assert_uint_eq (header->page, 1);
  ck_assert_uint_eq (header->cells->len, g_strv_length ((gchar **) t->header));
  for (guint c = 0; t->header[c]; c++)
    {
      g_autofree gchar *name = normalize (g_ptr_array_index (header->cells, c));
      ck_assert_str_eq (name, t->header[c]);
    }
  for (guint i = 1; i < got->len; i++)
    ck_assert (!((PueblaTableRow *) g_ptr_array_index (got, i))->header);

  gdouble a = agreement (got, want, t->name, verbose ());
  ck_assert_msg (a >= 0.95, "%s: cell agreement %.3f < 0.95", t->name, a);
}
END_TEST

static const gchar *const corpus_prose[] = {
  "grcm-2004-12-panama-conclusiones",
  "crm-2003-05-informe-presidencia-pro-tempore",
};

START_TEST (test_corpus_prose)
{
  g_autofree gchar *pdf = g_strdup_printf ("%s/pdf/%s.pdf", PUEBLA_CORPUS_DIR, corpus_prose[_i]);
  g_autoptr (GPtrArray) got = rebuild_file (pdf);
  ck_assert_msg (got->len == 0, "%s: %u rows from prose", corpus_prose[_i], got->len);
}
END_TEST

/* ---- drawn tables ------------------------------------------------------------ */

/* How a drawn table looks. */
typedef struct
{
  const gchar *name;
  const gchar *family;
  gdouble size;           /* font size, pt */
  gdouble leading;        /* line pitch / font size */
  gdouble page_w, page_h; /* pt */
  gdouble margin;         /* left, top and bottom */
  gdouble pad;            /* cell padding, each side */
  gboolean ruled;         /* cell borders drawn */
  gboolean repeat_header; /* header drawn again on each page */
  guint n_cols;
  gdouble widths[6]; /* column widths, pt */
  guint n_rows;      /* data rows */
  guint words;       /* most words in a cell */
  guint seed;
} Drawn;

static const Drawn drawn_tables[] = {
  /* 5 columns, sans, landscape, ruled, fits a page */
  { "sans-9-ruled-5-columns", "DejaVu Sans", 9, 1.2, 792, 612, 50, 3, TRUE, FALSE, 5,
    { 110, 150, 170, 150, 110 }, 6, 30, 1 },
  /* 3 columns, serif, portrait, unruled, wide margins */
  { "serif-11-unruled-3-columns", "DejaVu Serif", 11, 1.25, 612, 792, 90, 4, FALSE, FALSE, 3,
    { 110, 190, 132 }, 7, 22, 2 },
  /* 6 narrow columns, condensed 7.5 pt, small margins, ruled */
  { "condensed-7.5-ruled-6-columns", "DejaVu Sans Condensed", 7.5, 1.15, 612, 792, 28, 2, TRUE, FALSE, 6,
    { 70, 95, 110, 95, 95, 90 }, 9, 25, 3 },
  /* 4 columns, serif, long cells that run over pages, header repeated */
  { "serif-10-pages-header-repeated", "DejaVu Serif", 10, 1.2, 612, 792, 60, 3, TRUE, TRUE, 4,
    { 100, 150, 160, 82 }, 9, 150, 4 },
  /* the same without the header repeated, unruled, mono font */
  { "mono-9-pages-no-header-repeat", "DejaVu Sans Mono", 9, 1.3, 792, 612, 45, 5, FALSE, FALSE, 4,
    { 130, 200, 240, 120 }, 8, 160, 5 },
};

static const gchar *const vocabulary[] = {
  "migración", "política", "protección", "consular", "países", "región", "información", "capacitación",
  "niños", "niñas", "adolescentes", "víctimas", "trata", "tráfico", "ilícito", "migrantes", "retorno",
  "seguro", "digno", "ordenado", "Secretaría", "Técnica", "Presidencia", "Pro-Témpore", "reunión",
  "viceministerial", "México", "Panamá", "Canadá", "Belice", "Guatemala", "Honduras", "El", "Salvador",
  "de", "la", "los", "las", "en", "con", "para", "sobre", "y", "del", "a", "que", "se", "según",
  "acción", "implementación", "gestión", "fronteras", "legislación", "documentos", "pasaportes",
  "intercambio", "cooperación", "derechos", "humanos", "OIM", "ACNUR", "CRM", "GRCM", "2006",
  "noviembre", "diciembre", "continuo", "pendiente", "cumplido", "añadir", "aún", "Perú",
};

static gchar *
random_text (GRand *rand, guint min_words, guint max_words)
{
  guint n = g_rand_int_range (rand, min_words, max_words + 1);
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    {
      if (i)
        {
          /* now and then a new paragraph, or a blank line between two */
          guint r = g_rand_int_range (rand, 0, 40);
          g_string_append (s, r == 0 ? "\n\n" : r == 1 ? "\n" : " ");
        }
      const gchar *w = vocabulary[g_rand_int_range (rand, 0, G_N_ELEMENTS (vocabulary))];
      if (i == 0 || g_rand_int_range (rand, 0, 6) == 0)
        {
          /* a capital now and then */
          gunichar c = g_unichar_toupper (g_utf8_get_char (w));
          g_string_append_unichar (s, c);
          g_string_append (s, g_utf8_next_char (w));
        }
      else
        g_string_append (s, w);
      if (g_rand_int_range (rand, 0, 9) == 0)
        g_string_append_c (s, g_rand_boolean (rand) ? ',' : '.');
    }
  return g_string_free (s, FALSE);
}

/* TEXT broken into lines no wider than WIDTH with the current font; a
 * '\n' in TEXT breaks a line, two make a blank line. */
static GPtrArray *
wrap (cairo_t *cr, const gchar *text, gdouble width)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) paragraphs = g_strsplit (text, "\n", -1);
  for (guint p = 0; paragraphs[p]; p++)
    {
      g_auto (GStrv) words = g_strsplit (paragraphs[p], " ", -1);
      GString *line = g_string_new (NULL);
      for (guint w = 0; words[w]; w++)
        {
          if (*words[w] == '\0')
            continue;
          g_autofree gchar *candidate
              = line->len ? g_strdup_printf ("%s %s", line->str, words[w]) : g_strdup (words[w]);
          cairo_text_extents_t e;
          cairo_text_extents (cr, candidate, &e);
          if (line->len && e.x_advance > width)
            {
              g_ptr_array_add (lines, g_string_free (line, FALSE));
              line = g_string_new (words[w]);
            }
          else
            g_string_assign (line, candidate);
        }
      g_ptr_array_add (lines, g_string_free (line, FALSE));
    }
  return lines;
}

typedef struct
{
  const Drawn *d;
  cairo_t *cr;
  gdouble y;           /* top of the next row */
  guint page;
  GPtrArray *header;   /* of gchar*: header cells */
} Pen;

static void
set_font (const Pen *pen, gboolean bold)
{
  cairo_select_font_face (pen->cr, pen->d->family, CAIRO_FONT_SLANT_NORMAL,
                          bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (pen->cr, pen->d->size);
}

static gdouble
pitch (const Drawn *d)
{
  return d->size * d->leading;
}

/* Draw lines FROM.. of each cell's wrapped LINES (at most MAX of them) as
 * one band of a row at pen->y; the band is as tall as its longest cell. */
static void
draw_band (Pen *pen, GPtrArray **lines, guint from, guint max)
{
  const Drawn *d = pen->d;
  cairo_t *cr = pen->cr;
  guint tallest = 0;
  gdouble x = d->margin;
  cairo_font_extents_t fe;
  cairo_font_extents (cr, &fe);
  for (guint c = 0; c < d->n_cols; c++)
    {
      guint n = 0;
      for (guint k = from; k < lines[c]->len && n < max; k++, n++)
        {
          cairo_move_to (cr, x + d->pad, pen->y + d->pad + fe.ascent + n * pitch (d));
          cairo_show_text (cr, g_ptr_array_index (lines[c], k));
        }
      tallest = MAX (tallest, n);
      x += d->widths[c];
    }
  gdouble height = 2 * d->pad + MAX (tallest, 1) * pitch (d);
  if (d->ruled)
    {
      x = d->margin;
      cairo_set_line_width (cr, 0.6);
      for (guint c = 0; c < d->n_cols; c++)
        {
          cairo_rectangle (cr, x, pen->y, d->widths[c], height);
          x += d->widths[c];
        }
      cairo_stroke (cr);
    }
  pen->y += height + (d->ruled ? 0 : d->pad);
}

static GPtrArray **
wrap_row (Pen *pen, GPtrArray *cells)
{
  GPtrArray **lines = g_new0 (GPtrArray *, pen->d->n_cols);
  for (guint c = 0; c < pen->d->n_cols; c++)
    lines[c] = wrap (pen->cr, g_ptr_array_index (cells, c), pen->d->widths[c] - 2 * pen->d->pad);
  return lines;
}

static void
free_lines (GPtrArray **lines, guint n)
{
  for (guint c = 0; c < n; c++)
    g_ptr_array_unref (lines[c]);
  g_free (lines);
}

static void
draw_header (Pen *pen)
{
  set_font (pen, TRUE);
  GPtrArray **lines = wrap_row (pen, pen->header);
  draw_band (pen, lines, 0, G_MAXUINT);
  free_lines (lines, pen->d->n_cols);
  set_font (pen, FALSE);
}

/* The page number, centred in the bottom margin, as Word's footer puts
 * it: no cell of the table. */
static void
draw_page_number (const Pen *pen)
{
  g_autofree gchar *number = g_strdup_printf ("%u", pen->page);
  cairo_text_extents_t e;
  cairo_text_extents (pen->cr, number, &e);
  cairo_move_to (pen->cr, (pen->d->page_w - e.x_advance) / 2, pen->d->page_h - 15);
  cairo_show_text (pen->cr, number);
}

static void
new_page (Pen *pen)
{
  draw_page_number (pen);
  cairo_show_page (pen->cr);
  pen->page++;
  pen->y = pen->d->margin;
  if (pen->d->repeat_header)
    draw_header (pen);
}

/* Draw a table as Word would: a title above it, the header, then rows; a
 * row that does not fit breaks at the foot of the page and goes on at the
 * top of the next one. The true rows (header first) go to WANT. */
static void
draw_table (const Drawn *d, const gchar *path, GPtrArray *want)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, d->page_w, d->page_h);
  cairo_t *cr = cairo_create (surface);
  g_autoptr (GRand) rand = g_rand_new_with_seed (d->seed);
  Pen pen = { d, cr, d->margin, 1, g_ptr_array_new_with_free_func (g_free) };
  cairo_set_source_rgb (cr, 0, 0, 0);

  /* the title: one line centred, one at the margin, wider than a column */
  set_font (&pen, TRUE);
  const gchar *title[] = { "PLAN DE ACCIÓN DE LA CONFERENCIA REGIONAL SOBRE MIGRACIÓN",
                           "Reunión del Grupo Regional de Consulta, Ciudad de Panamá, diciembre de 2006" };
  for (guint i = 0; i < G_N_ELEMENTS (title); i++)
    {
      cairo_text_extents_t e;
      cairo_text_extents (cr, title[i], &e);
      gdouble x = i == 0 ? (d->page_w - e.x_advance) / 2 : d->margin;
      cairo_move_to (cr, x, pen.y + d->size);
      cairo_show_text (cr, title[i]);
      pen.y += 1.6 * pitch (d);
    }
  pen.y += pitch (d);

  static const gchar *const names[] = { "TEMAS", "OBJETIVOS", "ACCIÓN PARA LA IMPLEMENTACIÓN", "ACTIVIDADES",
                                        "CALENDARIO", "RESPONSABLES" };
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  for (guint c = 0; c < d->n_cols; c++)
    {
      g_ptr_array_add (pen.header, g_strdup (names[c]));
      g_ptr_array_add (row, normalize (names[c]));
    }
  g_ptr_array_add (want, row);
  draw_header (&pen);

  gdouble foot = d->page_h - d->margin;
  for (guint r = 0; r < d->n_rows; r++)
    {
      g_autoptr (GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
      row = g_ptr_array_new_with_free_func (g_free);
      for (guint c = 0; c < d->n_cols; c++)
        {
          /* the first column holds a short theme, some rows none; one cell
             of the second row is empty */
          gchar *text = c == 0   ? (r % 3 == 0 ? random_text (rand, 2, 6) : g_strdup (""))
                        : r == 1 && c == d->n_cols - 1 ? g_strdup ("")
                        : c == d->n_cols - 1 ? random_text (rand, 1, 8)
                                             : random_text (rand, 3, d->words);
          g_ptr_array_add (cells, text);
          g_ptr_array_add (row, normalize (text));
        }
      g_ptr_array_add (want, row);

      GPtrArray **lines = wrap_row (&pen, cells);
      guint tallest = 0;
      for (guint c = 0; c < d->n_cols; c++)
        tallest = MAX (tallest, lines[c]->len);
      for (guint from = 0; from < tallest;)
        {
          guint room = (foot - pen.y - 2 * d->pad) / pitch (d);
          if (room == 0 || pen.y + 2 * d->pad + pitch (d) > foot)
            {
              new_page (&pen);
              continue;
            }
          draw_band (&pen, lines, from, room);
          from += room;
          if (from < tallest)
            new_page (&pen);
        }
      free_lines (lines, d->n_cols);
    }

  draw_page_number (&pen);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  ck_assert_int_eq (cairo_surface_status (surface), CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  g_ptr_array_unref (pen.header);
}

static gchar *tmp_dir;

static void
make_tmp_dir (void)
{
  tmp_dir = g_dir_make_tmp ("check-pdf-table-XXXXXX", NULL);
  ck_assert (tmp_dir != NULL);
}

static void
remove_tmp_dir (void)
{
  if (g_getenv ("PUEBLA_TEST_KEEP"))
    {
      fprintf (stderr, "drawn tables kept in %s\n", tmp_dir);
      g_clear_pointer (&tmp_dir, g_free);
      return;
    }
  g_autoptr (GDir) dir = g_dir_open (tmp_dir, 0, NULL);
  const gchar *name;
  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree gchar *path = g_build_filename (tmp_dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (tmp_dir);
  g_clear_pointer (&tmp_dir, g_free);
}

START_TEST (test_drawn_table)
{
  const Drawn *d = &drawn_tables[_i];
  g_autofree gchar *file = g_strdup_printf ("%s.pdf", d->name);
  g_autofree gchar *path = g_build_filename (tmp_dir, file, NULL);
  g_autoptr (GPtrArray) want = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  draw_table (d, path, want);

  g_autoptr (GPtrArray) got = rebuild_file (path);
  ck_assert_uint_gt (got->len, 0);
  ck_assert (((PueblaTableRow *) g_ptr_array_index (got, 0))->header);
  gdouble a = agreement (got, want, d->name, verbose ());
  ck_assert_msg (a >= 0.95, "%s: cell agreement %.3f < 0.95", d->name, a);
  ck_assert_uint_eq (got->len, want->len);
}
END_TEST

/* Two paragraphs of prose, and a numbered list with a hanging indent. */
START_TEST (test_drawn_prose)
{
  g_autofree gchar *path = g_build_filename (tmp_dir, "prose.pdf", NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 612, 792);
  cairo_t *cr = cairo_create (surface);
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  cairo_select_font_face (cr, "DejaVu Serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 11);
  gdouble y = 90;
  for (guint p = 0; p < 4; p++)
    {
      g_autofree gchar *text = random_text (rand, 80, 120);
      g_strdelimit (text, "\n", ' ');
      gdouble indent = p < 2 ? 0 : 24;
      g_autoptr (GPtrArray) lines = wrap (cr, text, 432 - indent);
      for (guint i = 0; i < lines->len; i++)
        {
          if (p >= 2 && i == 0)
            {
              cairo_move_to (cr, 90, y);
              cairo_show_text (cr, p == 2 ? "1." : "2.");
            }
          cairo_move_to (cr, 90 + indent, y);
          cairo_show_text (cr, g_ptr_array_index (lines, i));
          y += 14;
        }
      y += 10;
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);

  g_autoptr (GPtrArray) got = rebuild_file (path);
  ck_assert_msg (got->len == 0, "%u rows from prose", got->len);
}
END_TEST

/* Empty input and a page without glyphs give no rows. */
START_TEST (test_empty)
{
  g_autoptr (GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) puebla_page_layout_free);
  g_autoptr (GPtrArray) none = puebla_pdf_tables_rebuild (pages);
  ck_assert_uint_eq (none->len, 0);
  g_ptr_array_add (pages, puebla_page_layout_new (1, 612, 792));
  g_autoptr (GPtrArray) blank = puebla_pdf_tables_rebuild (pages);
  ck_assert_uint_eq (blank->len, 0);
}
END_TEST

static Suite *
pdf_table_suite (void)
{
  Suite *s = suite_create ("pdf-table");

  TCase *tc = tcase_create ("corpus");
  tcase_set_timeout (tc, 60);
  tcase_add_loop_test (tc, test_corpus_table, 0, G_N_ELEMENTS (corpus_tables));
  tcase_add_loop_test (tc, test_corpus_prose, 0, G_N_ELEMENTS (corpus_prose));
  suite_add_tcase (s, tc);

  tc = tcase_create ("drawn");
  tcase_set_timeout (tc, 60);
  tcase_add_unchecked_fixture (tc, make_tmp_dir, remove_tmp_dir);
  tcase_add_loop_test (tc, test_drawn_table, 0, G_N_ELEMENTS (drawn_tables));
  tcase_add_test (tc, test_drawn_prose);
  tcase_add_test (tc, test_empty);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  SRunner *sr = srunner_create (pdf_table_suite ());
  srunner_run_all (sr, CK_NORMAL);
  int failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed == 0 ? 0 : 1;
}
