/* pdf-table.c: rebuild table rows from where a PDF's characters stand.
 *
 * What it does: groups the glyphs of each page into words and lines,
 * finds the column grid of a table from the left edges of text that line
 * up down the page and are never crossed by a word (the cell borders),
 * cuts the table into rows where every column's text starts afresh or
 * moves off the line pitch it kept (the padding between rows shifts the
 * lines of the next row), fills each cell with its words in reading
 * order, skips a header that a later page repeats and joins a row that a
 * page break split in two. Page numbers in the margins are left out; a
 * word broken after its own hyphen ("PRO-" / "TEMPORE") is joined again.
 *
 * What it does not do: read PDFs (extract-pdf.c gives the glyphs), see
 * ruling lines (poppler-glib has no API for them: everything here works
 * from glyph boxes alone), handle cells merged across columns, right- or
 * centre-aligned body columns, or two tables with different grids side by
 * side on one page. Cut wrongly: rows whose padding is a whole number of
 * lines while all their columns go on at once, and cells with paragraph
 * spacing that is no whole number of lines. Every threshold is relative
 * to the text's own size (glyph height, line pitch), so fonts, sizes and
 * margins do not matter.
 */
#include "pdf-table.h"
#include "textclean.h"

#include <math.h>
#include <string.h>

PueblaPageLayout *
puebla_page_layout_new (guint number, gdouble width, gdouble height)
{
  PueblaPageLayout *layout = g_new0 (PueblaPageLayout, 1);
  layout->number = number;
  layout->width = width;
  layout->height = height;
  layout->glyphs = g_array_new (FALSE, FALSE, sizeof (PueblaGlyph));
  return layout;
}

void
puebla_page_layout_free (PueblaPageLayout *layout)
{
  if (layout == NULL)
    return;
  g_array_unref (layout->glyphs);
  g_free (layout);
}

/* ---- words and lines ---------------------------------------------------- */

typedef struct
{
  gdouble x1, y1, x2, y2;
  GString *text;
} Word;

typedef struct
{
  gdouble y1, y2, cy;
  GArray *words; /* of guint, indices into the page's words, by x */
} Line;

typedef struct
{
  GArray *words; /* of Word */
  GArray *lines; /* of Line, top to bottom */
  gdouble height; /* median word height: the unit of every threshold */
  gdouble space;  /* median gap between words of a line */
} PageText;

static void
word_clear (gpointer p)
{
  Word *w = p;
  g_string_free (w->text, TRUE);
}

static void
line_clear (gpointer p)
{
  Line *l = p;
  g_array_unref (l->words);
}

static void
page_text_free (PageText *pt)
{
  g_array_unref (pt->words);
  g_array_unref (pt->lines);
  g_free (pt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PageText, page_text_free)

static int
cmp_double (gconstpointer a, gconstpointer b)
{
  gdouble x = *(const gdouble *) a, y = *(const gdouble *) b;
  return (x > y) - (x < y);
}

static gdouble
median (GArray *values /* of gdouble, sorted in place */)
{
  if (values->len == 0)
    return 0;
  g_array_sort (values, cmp_double);
  return g_array_index (values, gdouble, values->len / 2);
}

static void
word_add (Word *w, const PueblaGlyph *g)
{
  if (w->text->len == 0)
    {
      w->x1 = g->x1;
      w->y1 = g->y1;
      w->x2 = g->x2;
      w->y2 = g->y2;
    }
  else
    {
      w->x1 = MIN (w->x1, g->x1);
      w->y1 = MIN (w->y1, g->y1);
      w->x2 = MAX (w->x2, g->x2);
      w->y2 = MAX (w->y2, g->y2);
    }
  g_string_append_unichar (w->text, g->c);
}

/* Words: runs of visible glyphs in poppler's order. A word ends at white
 * space, and also where the next glyph is not its neighbour on the same
 * line: poppler may run two cells together without a space, so a jump
 * back, a move of more than half a glyph height up or down, or a gap
 * wider than a third of the glyph height (a space is about 0.28 of it,
 * letters within a word touch) ends the word too. */
static GArray *
page_words (const PueblaPageLayout *layout)
{
  GArray *words = g_array_new (FALSE, FALSE, sizeof (Word));
  g_array_set_clear_func (words, word_clear);
  Word cur = { 0, 0, 0, 0, NULL };
  const PueblaGlyph *prev = NULL;

  for (guint i = 0; i <= layout->glyphs->len; i++)
    {
      const PueblaGlyph *g = i < layout->glyphs->len ? &g_array_index (layout->glyphs, PueblaGlyph, i) : NULL;
      gboolean visible = g != NULL && !g_unichar_isspace (g->c) && g->c != 0 && g_unichar_isdefined (g->c)
                         && g->y2 > g->y1 && isfinite (g->x1) && isfinite (g->y1) && isfinite (g->x2)
                         && isfinite (g->y2);
      gboolean split = !visible;
      if (visible && prev != NULL)
        {
          gdouble h = MAX (MIN (g->y2 - g->y1, prev->y2 - prev->y1), 0.1);
          gdouble dy = fabs ((g->y1 + g->y2) / 2 - (prev->y1 + prev->y2) / 2);
          gdouble gap = g->x1 - prev->x2;
          split = dy > h / 2 || gap > h / 3 || g->x1 < prev->x1 - h / 4;
        }
      if (split && cur.text != NULL)
        {
          g_array_append_val (words, cur);
          cur.text = NULL;
        }
      if (visible)
        {
          if (cur.text == NULL)
            cur.text = g_string_new (NULL);
          word_add (&cur, g);
        }
      prev = visible ? g : NULL;
    }
  return words;
}

static int
cmp_line_cy (gconstpointer a, gconstpointer b, gpointer data)
{
  const Word *words = data;
  const Word *x = &words[*(const guint *) a], *y = &words[*(const guint *) b];
  gdouble cx = (x->y1 + x->y2) / 2, cy = (y->y1 + y->y2) / 2;
  return (cx > cy) - (cx < cy);
}

static int
cmp_word_x (gconstpointer a, gconstpointer b, gpointer data)
{
  const Word *words = data;
  const Word *x = &words[*(const guint *) a], *y = &words[*(const guint *) b];
  return (x->x1 > y->x1) - (x->x1 < y->x1);
}

static const Word *
line_word (const PageText *pt, const Line *line, guint k)
{
  return &g_array_index (pt->words, Word, g_array_index (line->words, guint, k));
}

/* Page numbers and the like: a line in the top 5% or bottom 8% of the
 * page, set apart from its neighbour by more than 0.3 glyph heights of
 * white, short (20 characters at most) and holding a digit or the word
 * PAGE (a field Word left unexpanded). A table running that far down
 * still keeps its lines: lines of a cell are not set apart. */
static void
drop_furniture (PageText *pt, const PueblaPageLayout *layout)
{
  for (guint l = 0; l < pt->lines->len; l++)
    {
      const Line *line = &g_array_index (pt->lines, Line, l);
      gboolean top = line->cy < 0.05 * layout->height, bottom = line->cy > 0.92 * layout->height;
      if (!top && !bottom)
        continue;
      if (top && l + 1 < pt->lines->len && g_array_index (pt->lines, Line, l + 1).y1 - line->y2 < 0.3 * pt->height)
        continue;
      if (bottom && l > 0 && line->y1 - g_array_index (pt->lines, Line, l - 1).y2 < 0.3 * pt->height)
        continue;
      glong chars = 0;
      gboolean digit = FALSE, page = FALSE;
      for (guint k = 0; k < line->words->len; k++)
        {
          const gchar *s = line_word (pt, line, k)->text->str;
          chars += g_utf8_strlen (s, -1);
          page |= strcmp (s, "PAGE") == 0;
          for (; *s; s++)
            digit |= g_ascii_isdigit (*s);
        }
      if (chars <= 20 && (digit || page))
        g_array_remove_index (pt->lines, l--);
    }
}

/* Lines: words whose vertical centres lie within 0.35 of a glyph height
 * of the line's first word, whatever column they stand in (cells of a
 * row start at the same height). */
static PageText *
page_text_new (const PueblaPageLayout *layout)
{
  PageText *pt = g_new0 (PageText, 1);
  pt->words = page_words (layout);
  pt->lines = g_array_new (FALSE, FALSE, sizeof (Line));
  g_array_set_clear_func (pt->lines, line_clear);

  g_autoptr (GArray) heights = g_array_new (FALSE, FALSE, sizeof (gdouble));
  g_autoptr (GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < pt->words->len; i++)
    {
      const Word *w = &g_array_index (pt->words, Word, i);
      gdouble h = w->y2 - w->y1;
      g_array_append_val (heights, h);
      g_array_append_val (order, i);
    }
  pt->height = MAX (median (heights), 1.0);
  const Word *words = (const Word *) pt->words->data;
  g_array_sort_with_data (order, cmp_line_cy, (gpointer) words);

  Line *line = NULL;
  for (guint k = 0; k < order->len; k++)
    {
      guint i = g_array_index (order, guint, k);
      const Word *w = &words[i];
      gdouble cy = (w->y1 + w->y2) / 2;
      if (line == NULL || cy - line->cy > 0.35 * pt->height)
        {
          Line l = { w->y1, w->y2, cy, g_array_new (FALSE, FALSE, sizeof (guint)) };
          g_array_append_val (pt->lines, l);
          line = &g_array_index (pt->lines, Line, pt->lines->len - 1);
        }
      line->y1 = MIN (line->y1, w->y1);
      line->y2 = MAX (line->y2, w->y2);
      g_array_append_val (line->words, i);
    }
  drop_furniture (pt, layout);

  g_autoptr (GArray) gaps = g_array_new (FALSE, FALSE, sizeof (gdouble));
  for (guint l = 0; l < pt->lines->len; l++)
    {
      const Line *line = &g_array_index (pt->lines, Line, l);
      g_array_sort_with_data (line->words, cmp_word_x, (gpointer) words);
      for (guint k = 1; k < line->words->len; k++)
        {
          gdouble gap = line_word (pt, line, k)->x1 - line_word (pt, line, k - 1)->x2;
          if (gap > 0 && gap < pt->height)
            g_array_append_val (gaps, gap);
        }
    }
  pt->space = median (gaps);
  return pt;
}

/* Does a word of LINE straddle x (start left of it and end right of it)? */
static gboolean
line_crosses (const PageText *pt, const Line *line, gdouble x)
{
  gdouble tol = 0.08 * pt->height;
  for (guint k = 0; k < line->words->len; k++)
    {
      const Word *w = line_word (pt, line, k);
      if (w->x1 < x - tol && w->x2 > x + tol)
        return TRUE;
    }
  return FALSE;
}

/* ---- the column grid ---------------------------------------------------- */

typedef struct
{
  gdouble x;         /* where the column's text starts */
  guint first, last; /* lines where text starts at x: first and last */
  guint starts;      /* how many lines start text at x */
} Column;

typedef struct
{
  gdouble x;
  guint line;
} Start;

static int
cmp_start (gconstpointer a, gconstpointer b)
{
  const Start *s = a, *t = b;
  return (s->x > t->x) - (s->x < t->x);
}

/* The column grid of a page: a column start is an x where text in
 * several lines begins after a wide gap (or at the line's start), and
 * which no word crosses between the first and the last of those lines.
 * A cell border is such a place: every line of a cell starts at its left
 * padding and no word runs over the border. Chance alignments inside
 * running text (the text after "1." in numbered items, a double space)
 * fail, because the lines between them run over that x.
 *
 * A gap before a cell's text is at least the padding of two cells (in
 * practice over 0.4 of the glyph height), an ordinary space is 0.25 to 0.3
 * of it: 0.4 tells them apart, or 1.5 spaces where spaces are wider (a
 * monospaced font's are 0.5 of the height). Starts within 0.15 glyph heights are one
 * column (left-aligned cells start at exactly the same x). */
static GArray *
page_columns (const PageText *pt, guint from)
{
  gdouble h = pt->height;
  gdouble wide = MAX (0.4 * h, 1.5 * pt->space);
  g_autoptr (GArray) starts = g_array_new (FALSE, FALSE, sizeof (Start));
  for (guint l = from; l < pt->lines->len; l++)
    {
      const Line *line = &g_array_index (pt->lines, Line, l);
      for (guint k = 0; k < line->words->len; k++)
        {
          const Word *w = line_word (pt, line, k);
          if (k == 0 || w->x1 - line_word (pt, line, k - 1)->x2 >= wide)
            {
              Start s = { w->x1, l };
              g_array_append_val (starts, s);
            }
        }
    }
  g_array_sort (starts, cmp_start);

  GArray *columns = g_array_new (FALSE, FALSE, sizeof (Column));
  for (guint i = 0; i < starts->len;)
    {
      gdouble x0 = g_array_index (starts, Start, i).x;
      guint j = i;
      g_autoptr (GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint));
      while (j < starts->len && g_array_index (starts, Start, j).x - x0 <= 0.15 * h)
        {
          guint l = g_array_index (starts, Start, j).line;
          if (lines->len == 0 || g_array_index (lines, guint, lines->len - 1) != l)
            g_array_append_val (lines, l);
          j++;
        }
      i = j;
      if (lines->len < 2)
        continue;
      guint first = G_MAXUINT, last = 0;
      for (guint k = 0; k < lines->len; k++)
        {
          first = MIN (first, g_array_index (lines, guint, k));
          last = MAX (last, g_array_index (lines, guint, k));
        }
      gboolean crossed = FALSE;
      for (guint l = first; l <= last && !crossed; l++)
        crossed = line_crosses (pt, &g_array_index (pt->lines, Line, l), x0);
      if (crossed)
        continue;
      Column c = { x0, first, last, lines->len };
      g_array_append_val (columns, c);
    }
  return columns;
}

/* ---- rows ----------------------------------------------------------------- */

/* The grid of a table: the x where each column's text starts. */
#define MAX_COLUMNS 64

/* The column of x: the last column starting at or left of it (text a
 * hair left of a column start, 0.15 glyph heights, still belongs to it;
 * text left of the first column goes to the first). */
static guint
column_of (const GArray *grid, gdouble x, gdouble h)
{
  guint k = 0;
  while (k + 1 < grid->len && g_array_index (grid, gdouble, k + 1) - 0.15 * h <= x)
    k++;
  return k;
}

static gboolean
line_crosses_grid (const PageText *pt, guint l, const GArray *grid)
{
  const Line *line = &g_array_index (pt->lines, Line, l);
  for (guint k = 0; k < grid->len; k++)
    if (line_crosses (pt, line, g_array_index (grid, gdouble, k)))
      return TRUE;
  return FALSE;
}

/* The columns of GRID in which line L has text, as bits. */
static guint64
line_mask (const PageText *pt, guint l, const GArray *grid)
{
  const Line *line = &g_array_index (pt->lines, Line, l);
  guint64 mask = 0;
  for (guint k = 0; k < line->words->len; k++)
    mask |= G_GUINT64_CONSTANT (1) << column_of (grid, line_word (pt, line, k)->x1, pt->height);
  return mask;
}

static guint
n_bits (guint64 mask)
{
  guint n = 0;
  for (; mask; mask &= mask - 1)
    n++;
  return n;
}

/* A row while it is being built: per column, its text and the height of
 * its last line (-G_MAXDOUBLE when empty) on the row's last page. */
typedef struct
{
  guint page, last_page;
  gboolean header;
  gboolean continuing; /* first row on a page that goes on with a table */
  gdouble bottom;      /* centre of its last line on its last page */
  gdouble pitch;
  guint n;
  GString *cells[MAX_COLUMNS];
  gdouble col_last[MAX_COLUMNS];
} Row;

static Row *
row_new (guint page, guint n, gdouble pitch)
{
  Row *r = g_new0 (Row, 1);
  r->page = r->last_page = page;
  r->n = n;
  r->pitch = pitch;
  r->bottom = -G_MAXDOUBLE;
  for (guint c = 0; c < n; c++)
    {
      r->cells[c] = g_string_new (NULL);
      r->col_last[c] = -G_MAXDOUBLE;
    }
  return r;
}

static void
row_free (gpointer p)
{
  Row *r = p;
  for (guint c = 0; c < r->n; c++)
    g_string_free (r->cells[c], TRUE);
  g_free (r);
}

/* Append a line of text to a cell: on a new line, except after a word
 * broken at its own hyphen ("PRO-" / "TEMPORE"), which joins up again. */
static void
cell_append_line (GString *cell, const gchar *text)
{
  if (*text == '\0')
    return;
  if (cell->len >= 2 && cell->str[cell->len - 1] == '-')
    {
      const gchar *before = g_utf8_find_prev_char (cell->str, cell->str + cell->len - 1);
      if (before && g_unichar_isalpha (g_utf8_get_char (before)) && g_unichar_isalpha (g_utf8_get_char (text)))
        {
          g_string_append (cell, text);
          return;
        }
    }
  if (cell->len)
    g_string_append_c (cell, '\n');
  g_string_append (cell, text);
}

static gboolean
row_cell_empty (const Row *r, guint c)
{
  return r->cells[c]->len == 0;
}

static guint
row_filled (const Row *r)
{
  guint n = 0;
  for (guint c = 0; c < r->n; c++)
    n += !row_cell_empty (r, c);
  return n;
}

static gboolean
rows_same_text (const Row *a, const Row *b)
{
  if (a->n != b->n)
    return FALSE;
  for (guint c = 0; c < a->n; c++)
    {
      g_autofree gchar *x = puebla_text_squeeze_spaces (a->cells[c]->str);
      g_autofree gchar *y = puebla_text_squeeze_spaces (b->cells[c]->str);
      if (strcmp (x, y) != 0)
        return FALSE;
    }
  return TRUE;
}

/* The line pitch: the commonest distance between the centres of
 * consecutive lines of one column (bins of 0.05 pt, only distances from
 * half to 1.8 glyph heights: single line spacing), refined to the mean of
 * the distances in that bin. 0 when there is none. */
static gdouble
pitch_of (const GArray *steps, gdouble h)
{
  g_autoptr (GArray) s = g_array_new (FALSE, FALSE, sizeof (gdouble));
  for (guint i = 0; i < steps->len; i++)
    {
      gdouble d = g_array_index (steps, gdouble, i);
      if (d >= 0.5 * h && d <= 1.8 * h)
        g_array_append_val (s, d);
    }
  if (s->len == 0)
    return 0;
  g_array_sort (s, cmp_double);
  guint best = 0, best_n = 0;
  for (guint i = 0, j = 0; i < s->len; i++)
    {
      while (g_array_index (s, gdouble, i) - g_array_index (s, gdouble, j) > 0.05)
        j++;
      if (i - j + 1 > best_n)
        {
          best_n = i - j + 1;
          best = j;
        }
    }
  gdouble sum = 0;
  for (guint i = best; i < best + best_n; i++)
    sum += g_array_index (s, gdouble, i);
  return sum / best_n;
}

/* Is a step of D between two lines of one cell a whole number of line
 * pitches (lines of a cell, blank paragraphs between them)? Within a row
 * all cells start at the same height, so every line of the row lies on
 * one lattice of pitch P; the padding and border between two rows moves
 * the next row off it. Positions in a PDF are exact: a miss of more than
 * 0.15 pt (or 1.5% of the pitch) is a move off the lattice. */
static gboolean
on_lattice (gdouble d, gdouble p, guint *k)
{
  if (p <= 0)
    return FALSE;
  gdouble q = floor (d / p + 0.5);
  *k = (guint) MAX (q, 0);
  return q >= 1 && fabs (d - q * p) <= MAX (0.15, 0.015 * p);
}

/* Cut lines A..B of a page (a table's band) into rows with GRID. A new
 * row starts at a line where every column holding text either had none
 * yet in the current row (cells are top-aligned: a cell's text does not
 * begin half way down its row) or moved off its lattice. (Blank lines
 * skipped by all columns at once are no sign: cells often end a paragraph
 * together.) Rows are added to OUT. */
static void
band_rows (const PageText *pt, guint a, guint b, const GArray *grid, guint page, gdouble *pitch_state,
           GPtrArray *out)
{
  guint n = grid->len;
  gdouble h = pt->height;
  guint nl = b - a + 1;
  g_autofree guint64 *mask = g_new0 (guint64, nl);
  for (guint l = a; l <= b; l++)
    mask[l - a] = line_mask (pt, l, grid);

  /* pitch per column, else of the page, else of the pages before */
  gdouble pitch[MAX_COLUMNS];
  g_autoptr (GArray) all = g_array_new (FALSE, FALSE, sizeof (gdouble));
  for (guint c = 0; c < n; c++)
    {
      g_autoptr (GArray) steps = g_array_new (FALSE, FALSE, sizeof (gdouble));
      gdouble prev = NAN;
      for (guint l = a; l <= b; l++)
        if (mask[l - a] & (G_GUINT64_CONSTANT (1) << c))
          {
            gdouble cy = g_array_index (pt->lines, Line, l).cy;
            if (!isnan (prev))
              {
                gdouble d = cy - prev;
                g_array_append_val (steps, d);
                g_array_append_val (all, d);
              }
            prev = cy;
          }
      pitch[c] = pitch_of (steps, h);
    }
  gdouble page_pitch = pitch_of (all, h);
  if (page_pitch > 0)
    *pitch_state = page_pitch;
  else
    page_pitch = *pitch_state > 0 ? *pitch_state : 0.9 * h;
  for (guint c = 0; c < n; c++)
    {
      /* a column with too few lines to tell its own pitch */
      if (pitch[c] <= 0)
        pitch[c] = page_pitch;
    }

  Row *row = NULL;
  gint last_in[MAX_COLUMNS]; /* line of the column's last text in the row */
  for (guint l = a; l <= b; l++)
    {
      const Line *line = &g_array_index (pt->lines, Line, l);
      guint64 m = mask[l - a];
      gboolean fresh = row == NULL;
      if (!fresh)
        {
          guint n_new = 0, n_cols = 0;
          for (guint c = 0; c < n; c++)
            {
              if (!(m & (G_GUINT64_CONSTANT (1) << c)))
                continue;
              n_cols++;
              guint k = 0;
              if (last_in[c] < 0)
                n_new++;
              else if (!on_lattice (line->cy - g_array_index (pt->lines, Line, last_in[c]).cy, pitch[c], &k))
                n_new++;
            }
          gdouble step = line->cy - g_array_index (pt->lines, Line, l - 1).cy;
          fresh = n_cols > 0 && step >= 0.5 * page_pitch
                  && n_new == n_cols;
        }
      if (fresh)
        {
          row = row_new (page, n, page_pitch);
          g_ptr_array_add (out, row);
          for (guint c = 0; c < n; c++)
            last_in[c] = -1;
        }
      /* the line's words, cell by cell */
      g_autoptr (GString) text = g_string_new (NULL);
      for (guint c = 0; c < n; c++)
        {
          if (!(m & (G_GUINT64_CONSTANT (1) << c)))
            continue;
          g_string_truncate (text, 0);
          for (guint k = 0; k < line->words->len; k++)
            {
              const Word *w = line_word (pt, line, k);
              if (column_of (grid, w->x1, h) != c)
                continue;
              if (text->len)
                g_string_append_c (text, ' ');
              g_string_append_len (text, w->text->str, w->text->len);
            }
          /* a line skipped on the cell's pitch is a blank paragraph, as the
             text of the record has it: keep it (a clause boundary for trace) */
          guint skipped = 0;
          if (last_in[c] >= 0 && row->cells[c]->len > 0 && *text->str
              && on_lattice (line->cy - g_array_index (pt->lines, Line, last_in[c]).cy, pitch[c], &skipped)
              && skipped >= 2)
            g_string_append_c (row->cells[c], '\n');
          cell_append_line (row->cells[c], text->str);
          row->col_last[c] = line->cy;
          last_in[c] = l;
        }
      row->bottom = line->cy;
    }
}

/* ---- tables on a page ----------------------------------------------------- */

/* A new table on lines FROM.. of a page: the first run of lines that lie
 * within the start lines of three or more columns, widened up and down
 * over lines that cross no column start (a centred header, the last lines
 * of a long cell) unless more than 3 (up) or 3.5 (down: two blank
 * paragraphs in a cell, not a page number in the bottom margin) glyph
 * heights away; lines added above that hold text in one
 * column only (a title that fits within a column) are dropped again. */
static gboolean
find_table (const PageText *pt, guint from, GArray **grid_out, guint *a_out, guint *b_out)
{
  guint nl = pt->lines->len;
  gdouble h = pt->height;
  g_autoptr (GArray) cols = page_columns (pt, from);
  if (cols->len < 3)
    return FALSE;

  guint a = G_MAXUINT, b = 0;
  for (guint l = from; l < nl; l++)
    {
      guint count = 0;
      for (guint c = 0; c < cols->len; c++)
        {
          const Column *col = &g_array_index (cols, Column, c);
          count += col->first <= l && l <= col->last;
        }
      if (count >= 3)
        {
          if (a == G_MAXUINT)
            a = l;
          b = l;
        }
      else if (a != G_MAXUINT)
        break;
    }
  if (a == G_MAXUINT)
    return FALSE;

  GArray *grid = g_array_new (FALSE, FALSE, sizeof (gdouble));
  for (guint c = 0; c < cols->len && grid->len < MAX_COLUMNS; c++)
    {
      const Column *col = &g_array_index (cols, Column, c);
      if (col->first <= b && col->last >= a)
        g_array_append_val (grid, col->x);
    }
  if (grid->len < 3)
    {
      g_array_unref (grid);
      return FALSE;
    }

  guint a0 = a;
  while (a > from && !line_crosses_grid (pt, a - 1, grid)
         && g_array_index (pt->lines, Line, a).cy - g_array_index (pt->lines, Line, a - 1).cy <= 3 * h)
    a--;
  while (a < a0 && n_bits (line_mask (pt, a, grid)) < 2)
    a++;
  while (b + 1 < nl && !line_crosses_grid (pt, b + 1, grid)
         && g_array_index (pt->lines, Line, b + 1).cy - g_array_index (pt->lines, Line, b).cy <= 3.5 * h)
    b++;

  *grid_out = grid;
  *a_out = a;
  *b_out = b;
  return TRUE;
}

/* Do the columns found on a page fit the table's grid (each one starts
 * where a column of the grid does)? */
static gboolean
grid_fits (const GArray *found, const GArray *grid, gdouble h)
{
  for (guint i = 0; i < found->len; i++)
    {
      gdouble x = g_array_index (found, gdouble, i);
      gboolean hit = FALSE;
      for (guint k = 0; k < grid->len && !hit; k++)
        hit = fabs (g_array_index (grid, gdouble, k) - x) <= 0.3 * h;
      if (!hit)
        return FALSE;
    }
  return TRUE;
}

/* The lines at the top of a page that go on with a table of GRID: those
 * crossing none of its column starts, while no gap wider than 3.5 glyph
 * heights opens; and no other column lines up among them three times. */
static gboolean
continued_band (const PageText *pt, const GArray *grid, guint *b_out)
{
  guint nl = pt->lines->len;
  gdouble h = pt->height;
  if (nl == 0 || line_crosses_grid (pt, 0, grid))
    return FALSE;
  guint b = 0;
  while (b + 1 < nl && !line_crosses_grid (pt, b + 1, grid)
         && g_array_index (pt->lines, Line, b + 1).cy - g_array_index (pt->lines, Line, b).cy <= 3.5 * h)
    b++;

  g_autoptr (GArray) cols = page_columns (pt, 0);
  for (guint c = 0; c < cols->len; c++)
    {
      const Column *col = &g_array_index (cols, Column, c);
      g_autoptr (GArray) one = g_array_new (FALSE, FALSE, sizeof (gdouble));
      g_array_append_val (one, col->x);
      if (col->last <= b && col->starts >= 3 && !grid_fits (one, grid, h))
        return FALSE;
    }
  *b_out = b;
  return TRUE;
}

/* ---- the document ----------------------------------------------------------- */

typedef struct
{
  GArray *grid;   /* of the table going on, or NULL */
  Row *header;    /* its header row (borrowed from the rows) */
  gdouble pitch;  /* last line pitch seen */
  GPtrArray *out; /* of Row */
} State;

/* Rows of a band of lines A..B. A new table keeps its rows from the first
 * that fills all its columns but one (the header; what stands above it is
 * a title) and needs one row more, else it is no table. A table going on
 * drops a first row that repeats its header, and marks the row after as
 * possibly the rest of a row the page break cut. */
static void
take_band (State *st, const PageText *pt, guint a, guint b, GArray *grid /* consumed */, gboolean going_on,
           guint page)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (row_free);
  band_rows (pt, a, b, grid, page, &st->pitch, rows);

  if (!going_on)
    {
      guint need = MAX (2, grid->len - 1), h = 0;
      while (h < rows->len && row_filled (g_ptr_array_index (rows, h)) < need)
        h++;
      if (rows->len < h + 2)
        {
          g_array_unref (grid);
          return;
        }
      g_ptr_array_remove_range (rows, 0, h);
      Row *header = g_ptr_array_index (rows, 0);
      header->header = TRUE;
      if (st->grid)
        g_array_unref (st->grid);
      st->grid = grid;
      st->header = header;
    }
  else
    {
      g_array_unref (st->grid);
      st->grid = grid;
      if (rows->len && st->header && rows_same_text (g_ptr_array_index (rows, 0), st->header))
        g_ptr_array_remove_index (rows, 0);
      if (rows->len)
        ((Row *) g_ptr_array_index (rows, 0))->continuing = TRUE;
    }
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (st->out, g_ptr_array_steal_index (rows, i--));
}

static void
page_tables (State *st, const PueblaPageLayout *layout)
{
  g_autoptr (PageText) pt = page_text_new (layout);
  guint nl = pt->lines->len;
  guint from = 0;
  gboolean any = FALSE;

  guint b;
  if (st->grid && continued_band (pt, st->grid, &b))
    {
      GArray *grid = g_array_copy (st->grid);
      take_band (st, pt, 0, b, grid, TRUE, layout->number);
      from = b + 1;
      any = TRUE;
    }

  GArray *grid;
  guint a;
  while (from < nl && find_table (pt, from, &grid, &a, &b))
    {
      /* the table of the page before, after a title repeated on top */
      gboolean going_on = st->grid && !any && grid_fits (grid, st->grid, pt->height);
      if (going_on)
        {
          g_array_unref (grid);
          grid = g_array_copy (st->grid);
          for (guint l = a; l <= b && going_on; l++)
            going_on = !line_crosses_grid (pt, l, grid);
          if (!going_on)
            {
              g_array_unref (grid);
              break;
            }
        }
      take_band (st, pt, a, b, grid, going_on, layout->number);
      from = b + 1;
      any = TRUE;
    }

  /* a table ends on a page that holds none of it, or where text that
     runs over its columns follows it above the foot of the page (the
     bottom tenth, where page numbers and footers stand) */
  gboolean ends = !any;
  for (guint l = from; l < nl && st->grid && !ends; l++)
    ends = g_array_index (pt->lines, Line, l).cy < 0.9 * layout->height && line_crosses_grid (pt, l, st->grid);
  if (st->grid && ends)
    {
      g_clear_pointer (&st->grid, g_array_unref);
      st->header = NULL;
    }
}

/* May row R, the first on its page, be the rest of row P that the page
 * break cut? P must end near the foot of the page (within 2.5 lines of
 * the lowest table line of the document), not be a header, be on the
 * page before, and every cell of R that holds text must go on from a cell
 * of P that runs down to P's last line: a cell that ended higher up had
 * room for more and has nothing to carry over. */
static gboolean
row_goes_on (const Row *p, const Row *r, gdouble foot)
{
  if (p == NULL || p->header || !r->continuing || r->page != p->last_page + 1 || p->n != r->n)
    return FALSE;
  gdouble slack = 2.5 * MAX (p->pitch, r->pitch);
  if (p->bottom < foot - slack)
    return FALSE;
  for (guint c = 0; c < r->n; c++)
    if (!row_cell_empty (r, c) && (row_cell_empty (p, c) || p->col_last[c] < p->bottom - slack))
      return FALSE;
  return TRUE;
}

static void
row_join (Row *p, const Row *r)
{
  for (guint c = 0; c < p->n; c++)
    {
      cell_append_line (p->cells[c], r->cells[c]->str);
      p->col_last[c] = r->col_last[c];
    }
  p->bottom = r->bottom;
  p->last_page = r->page;
}

GPtrArray *
puebla_pdf_tables_rebuild (GPtrArray *pages)
{
  GPtrArray *result = g_ptr_array_new_with_free_func ((GDestroyNotify) puebla_table_row_free);
  g_return_val_if_fail (pages != NULL, result);

  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (row_free);
  State st = { NULL, NULL, 0, rows };
  for (guint p = 0; p < pages->len; p++)
    {
      const PueblaPageLayout *layout = g_ptr_array_index (pages, p);
      if (layout != NULL && layout->glyphs != NULL)
        page_tables (&st, layout);
    }
  if (st.grid)
    g_array_unref (st.grid);

  /* the foot of the table pages: where the lowest row ends */
  gdouble foot = -G_MAXDOUBLE;
  for (guint i = 0; i < rows->len; i++)
    foot = MAX (foot, ((Row *) g_ptr_array_index (rows, i))->bottom);

  /* join the rows a page break cut, then give the text of each */
  Row *prev = NULL;
  for (guint i = 0; i < rows->len; i++)
    {
      Row *r = g_ptr_array_index (rows, i);
      if (row_goes_on (prev, r, foot))
        {
          row_join (prev, r);
          g_ptr_array_remove_index (rows, i--);
          continue;
        }
      prev = r;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      const Row *r = g_ptr_array_index (rows, i);
      PueblaTableRow *out = g_new0 (PueblaTableRow, 1);
      out->page = r->page;
      out->header = r->header;
      out->cells = g_ptr_array_new_with_free_func (g_free);
      for (guint c = 0; c < r->n; c++)
        g_ptr_array_add (out->cells, g_utf8_normalize (r->cells[c]->str, -1, G_NORMALIZE_NFC));
      g_ptr_array_add (result, out);
    }
  return result;
}
