/* dates.c: find dates in text and normalise them (see dates.h).
 *
 * How: one pass cuts the text into tokens (words folded to lowercase ASCII
 * without Spanish accents, runs of digits, single punctuation characters),
 * each with its byte offsets and whether white space, a tab or a blank line
 * came before it. A second pass walks the tokens left to right and, at
 * each, tries a small grammar:
 *
 *   atom  := numeric date (2004-12-02, 15/02/2007, 15-02-2007)
 *          | DAY [de|of] MONTH [[,] [de|del|of] YEAR]
 *          | MONTH DAY [,] [de] YEAR | MONTH [,] [de|del|of] YEAR
 *          | MONTH YY (abbreviation: "OCT 05") | ORDINAL trimestre|semestre
 *            [de YEAR] | Qn YEAR | Hn YEAR | YEAR
 *          | DAY alone, MONTH alone (only as the left side of a range/list)
 *   range := atom SEP atom   (SEP: - – — a al hasta to until through, and
 *                             "y"/"and" after "entre"/"between"; "/" for
 *                             years), the left side taking the month and
 *                             year it lacks from the right
 *   list  := DAY {, DAY} (y|and|,) DAY MONTH ... — consecutive days make
 *            one range, others one date each; likewise for months
 *
 * and keeps the longest match starting there; then it goes on after it.
 * Every attempt looks at a bounded number of tokens, so the whole is linear.
 *
 * What it does not do: regular expressions, locale-dependent calls, or
 * anything of the rest of the project; it never guesses a month-first
 * numeric date. Numbers that read as amounts, identifiers, phone numbers,
 * times or counts ("US$2005", "Decreto 2004-15", "10:30", "2005
 * personas", "2005o") are not years.
 */
#include "dates.h"

#include <string.h>

#define YEAR_MIN 1950
#define YEAR_MAX 2099

/* Longest list "2, 3, 4 y 5 de marzo" looked at. */
#define LIST_MAX 12

/* Longest period of years "1996-2006" taken as a range. */
#define PERIOD_MAX_YEARS 30

/* Folded words longer than this are never one of ours. */
#define FOLD_MAX 24

/* ------------------------------------------------------------------------ */
/* Tokens                                                                   */

typedef enum
{
  TOK_WORD,
  TOK_NUM,    /* a run of ASCII digits */
  TOK_BIGNUM, /* digits joined by . , or : ("1.500", "60,000", "10:30") */
  TOK_PUNCT
} TokKind;

typedef struct
{
  gsize start, end;
  TokKind kind;
  gboolean glued; /* no white space between this token and the one before */
  gboolean brk;   /* a tab or a blank line before it: a new table cell */
  guint ndigits;
  gint num;        /* value of a TOK_NUM (capped) */
  gunichar ch;     /* the character of a TOK_PUNCT */
  gchar fold[FOLD_MAX]; /* folded TOK_WORD; "" when longer */
} Token;

/* Appends to OUT the folded form of the character at S (LEN bytes). */
static void
fold_char (const gchar *s, gsize len, GString *out)
{
  if (len == 1)
    {
      g_string_append_c (out, g_ascii_tolower (s[0]));
      return;
    }
  if (len == 2 && (guchar) s[0] == 0xC3)
    {
      switch ((guchar) s[1])
        {
        case 0x80: case 0x81: case 0x82: case 0x84:
        case 0xA0: case 0xA1: case 0xA2: case 0xA4:
          g_string_append_c (out, 'a');
          return;
        case 0x88: case 0x89: case 0x8A: case 0x8B:
        case 0xA8: case 0xA9: case 0xAA: case 0xAB:
          g_string_append_c (out, 'e');
          return;
        case 0x8C: case 0x8D: case 0x8E: case 0x8F:
        case 0xAC: case 0xAD: case 0xAE: case 0xAF:
          g_string_append_c (out, 'i');
          return;
        case 0x92: case 0x93: case 0x94: case 0x96:
        case 0xB2: case 0xB3: case 0xB4: case 0xB6:
          g_string_append_c (out, 'o');
          return;
        case 0x99: case 0x9A: case 0x9B: case 0x9C:
        case 0xB9: case 0xBA: case 0xBB: case 0xBC:
          g_string_append_c (out, 'u');
          return;
        case 0x91: case 0xB1:
          g_string_append_c (out, 'n');
          return;
        default:
          break;
        }
    }
  g_string_append_len (out, s, (gssize) len);
}

static gboolean
is_word_char (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalpha ((gchar) c);
  return g_unichar_isalpha (c) || g_unichar_ismark (c);
}

/* Cuts TEXT into tokens. */
static GArray *
tokenize (const gchar *text)
{
  GArray *toks = g_array_new (FALSE, TRUE, sizeof (Token));
  g_autoptr (GString) fold = g_string_sized_new (FOLD_MAX);
  const gchar *p = text;
  gboolean space = TRUE, tab = FALSE;
  guint newlines = 0;

  while (*p)
    {
      gunichar c;
      gsize clen;
      const guchar b = (guchar) *p;
      if (b < 0x80)
        {
          c = b;
          clen = 1;
        }
      else
        {
          c = g_utf8_get_char_validated (p, -1);
          if (c == (gunichar) -1 || c == (gunichar) -2)
            {
              c = 0xFFFD; /* a stray byte: punctuation of its own */
              clen = 1;
            }
          else
            clen = (gsize) (g_utf8_next_char (p) - p);
        }

      if (g_unichar_isspace (c) || c == 0xA0 || c == 0xFEFF)
        {
          space = TRUE;
          if (c == '\t')
            tab = TRUE;
          else if (c == '\n' || c == 0x2028 || c == 0x2029)
            newlines++;
          p += clen;
          continue;
        }

      Token t = { 0 };
      t.start = (gsize) (p - text);
      t.glued = !space && toks->len > 0;
      t.brk = tab || newlines >= 2;
      space = tab = FALSE;
      newlines = 0;

      if (c < 0x80 && g_ascii_isdigit ((gchar) c))
        {
          const gchar *q = p;
          gint64 v = 0;
          while (g_ascii_isdigit (*q))
            {
              if (v < 100000000)
                v = v * 10 + (*q - '0');
              q++;
            }
          t.kind = TOK_NUM;
          t.ndigits = (guint) (q - p);
          t.num = (gint) v;
          /* "1.500", "60,000", "10:30": one number, never a date part. */
          while ((*q == '.' || *q == ',' || *q == ':') && g_ascii_isdigit (q[1]))
            {
              t.kind = TOK_BIGNUM;
              q++;
              while (g_ascii_isdigit (*q))
                q++;
            }
          p = q;
        }
      else if (is_word_char (c))
        {
          g_string_truncate (fold, 0);
          const gchar *q = p;
          while (*q)
            {
              gunichar d;
              gsize dlen;
              if ((guchar) *q < 0x80)
                {
                  d = (guchar) *q;
                  dlen = 1;
                }
              else
                {
                  d = g_utf8_get_char_validated (q, -1);
                  if (d == (gunichar) -1 || d == (gunichar) -2)
                    break;
                  dlen = (gsize) (g_utf8_next_char (q) - q);
                }
              if (!is_word_char (d))
                break;
              if (fold->len < FOLD_MAX)
                fold_char (q, dlen, fold);
              q += dlen;
            }
          t.kind = TOK_WORD;
          if (fold->len < FOLD_MAX)
            memcpy (t.fold, fold->str, fold->len + 1);
          p = q;
        }
      else
        {
          t.kind = TOK_PUNCT;
          t.ch = c;
          p += clen;
        }
      t.end = (gsize) (p - text);
      g_array_append_val (toks, t);
    }
  return toks;
}

/* ------------------------------------------------------------------------ */
/* Word tables                                                              */

enum
{
  M_ES = 1 << 0,     /* a full Spanish name */
  M_EN = 1 << 1,     /* a full English name */
  M_ABBR = 1 << 2,   /* an abbreviation: needs a day before or a year after */
  M_GLUED_DE = 1 << 3 /* "DEABRIL": "de" and the month run together */
};

typedef struct
{
  const gchar *name;
  guint8 month;
  guint8 flags;
} MonthName;

static const MonthName month_names[] = {
  { "enero", 1, M_ES },      { "febrero", 2, M_ES },    { "marzo", 3, M_ES },
  { "abril", 4, M_ES },      { "mayo", 5, M_ES },       { "junio", 6, M_ES },
  { "julio", 7, M_ES },      { "agosto", 8, M_ES },     { "septiembre", 9, M_ES },
  { "setiembre", 9, M_ES },  { "octubre", 10, M_ES },   { "noviembre", 11, M_ES },
  { "diciembre", 12, M_ES },
  { "january", 1, M_EN },    { "february", 2, M_EN },   { "march", 3, M_EN },
  { "april", 4, M_EN },      { "june", 6, M_EN },       { "july", 7, M_EN },
  { "august", 8, M_EN },     { "september", 9, M_EN },  { "october", 10, M_EN },
  { "november", 11, M_EN },  { "december", 12, M_EN },
  /* "may" is a full English name, but also a verb and an abbreviation. */
  { "may", 5, M_ABBR },
  { "ene", 1, M_ABBR },      { "jan", 1, M_ABBR },      { "feb", 2, M_ABBR },
  { "mar", 3, M_ABBR },      { "abr", 4, M_ABBR },      { "apr", 4, M_ABBR },
  { "jun", 6, M_ABBR },      { "jul", 7, M_ABBR },      { "ago", 8, M_ABBR },
  { "aug", 8, M_ABBR },      { "sep", 9, M_ABBR },      { "sept", 9, M_ABBR },
  { "set", 9, M_ABBR },      { "oct", 10, M_ABBR },     { "nov", 11, M_ABBR },
  { "dic", 12, M_ABBR },     { "dec", 12, M_ABBR },
};

/* Words before a number that make it an identifier, not a year. */
static const gchar *const number_keywords[] = {
  "decreto", "decretos", "decree", "decrees", "ley", "leyes", "law", "laws", "articulo", "articulos",
  "article", "articles", "art", "arts", "resolucion", "resoluciones", "resolution", "resolutions",
  "res", "expediente", "exp", "oficio", "numero",
  "number", "num", "nro", "nos", "n", "nº", "page", "pages", "pagina", "paginas", "pag", "pags",
  "p", "pp", "codigo", "code", "cod", "cp", "postal", "zip", "apartado", "apdo", "casilla",
  "tel", "telefono", "phone", "fax", "ext", "extension", "reglamento",
  "circular", "memorando", "memo", "ref", "referencia", "folio", "inciso",
  "fraccion", "seccion", "section", "capitulo", "chapter", "parrafo",
  "paragraph", "km", "kilometro", "ruta", "route", "calle", "street", "avenida",
  "av", "ave", "oficina", "office", "piso", "floor", "suite", "room", "sala",
  "zona", "habitacion", "lote", "serie", "iso", "usd", "eur", "mxn", "cad",
  "gtq", "crc", "hnl", "nio", "pab", NULL
};

/* Words after a number that make it a count or an amount. */
static const gchar *const count_nouns[] = {
  "personas", "persons", "people", "migrantes", "migrants", "dolares",
  "dollars", "usd", "us", "pesos", "euros", "quetzales", "colones", "lempiras",
  "cordobas", "balboas", "casos", "cases", "habitantes", "inhabitants",
  "participantes", "participants", "hombres", "men", "mujeres", "women",
  "ninos", "ninas", "children", "menores", "minors", "extranjeros",
  "foreigners", "trabajadores", "workers", "solicitudes", "applications",
  "deportados", "deportees", "deportaciones", "deportations", "victimas",
  "victims", "km", "kms", "kilometros", "metros", "meters", "horas", "hrs",
  "hours", "beneficiarios", "familias", "families", "ejemplares", "copias",
  "copies", "visas", "documentos", "documents", "pasaportes", "passports",
  "unidades", "units", "mil", "millones", "million", "millions", "thousand",
  "nacionales", "individuos", "individuals", "refugiados", "refugees",
  "funcionarios", "officials", "agentes", "agents", "estudiantes", "students",
  "paises", "countries", "votos", "votes", "kg", "toneladas", "tons", "anos", "years",
  "dias", "days", "meses", "months", NULL
};

/* Glued after a day number: "1º", "1ro", "2nd", "3rd", "4th". */
static const gchar *const ordinal_suffixes[] = {
  "o", "º", "ª", "er", "ro", "do", "to", "vo", "no", "mo", "st", "nd", "rd", "th", NULL
};

/* ------------------------------------------------------------------------ */
/* The parser                                                               */

typedef struct
{
  const gchar *text;
  const Token *tok;
  guint n;
  gint default_year;
  gint ctx_year; /* the last explicit year found, 0 if none yet */
} Parser;

typedef enum
{
  SEP_NONE,
  SEP_DASH,  /* - – — */
  SEP_TO,    /* a al hasta to until through */
  SEP_AND,   /* y e and & */
  SEP_SLASH, /* / */
  SEP_COMMA  /* , */
} SepKind;

/* One date expression, possibly incomplete ("15" of "15 al 16 de…"). */
typedef struct
{
  guint first, last; /* token indices, inclusive */
  gint year, month, day, quarter, half;
  gboolean year_explicit;
  gboolean weak;        /* cannot stand alone */
  gboolean month_first; /* English "December 2" */
  gboolean ambiguous;   /* a month alone that is also a common word */
  gboolean half_en;     /* English "half": needs an explicit year */
} Atom;

static gboolean
in_list (const gchar *word, const gchar *const *list)
{
  for (; *list; list++)
    if (strcmp (word, *list) == 0)
      return TRUE;
  return FALSE;
}

/* Token I exists and does not start a new cell. */
static gboolean
cont (const Parser *p, guint i)
{
  return i < p->n && !p->tok[i].brk;
}

static gboolean
is_word (const Parser *p, guint i, const gchar *w)
{
  return i < p->n && p->tok[i].kind == TOK_WORD && strcmp (p->tok[i].fold, w) == 0;
}

static gboolean
is_word_in (const Parser *p, guint i, const gchar *const *list)
{
  return i < p->n && p->tok[i].kind == TOK_WORD && in_list (p->tok[i].fold, list);
}

static gboolean
is_punct (const Parser *p, guint i, gunichar c)
{
  return i < p->n && p->tok[i].kind == TOK_PUNCT && p->tok[i].ch == c;
}

static gboolean
is_dash_char (gunichar c)
{
  return c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212;
}

static gboolean
is_dash (const Parser *p, guint i)
{
  return i < p->n && p->tok[i].kind == TOK_PUNCT && is_dash_char (p->tok[i].ch);
}

static gboolean
is_num (const Parser *p, guint i)
{
  return i < p->n && p->tok[i].kind == TOK_NUM;
}

/* Token I is glued to the one before it. */
static gboolean
glued (const Parser *p, guint i)
{
  return i < p->n && p->tok[i].glued;
}

static gboolean
is_currency (const Parser *p, guint i)
{
  return i < p->n && p->tok[i].kind == TOK_PUNCT
         && g_unichar_type (p->tok[i].ch) == G_UNICODE_CURRENCY_SYMBOL;
}

static gboolean
is_leap (gint y)
{
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static gint
days_in_month (gint y, gint m)
{
  static const gint8 dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  if (m == 2 && is_leap (y))
    return 29;
  return dim[m - 1];
}

/* The month named by token I (with its glued "." if an abbreviation), or
 * 0; *NEXT is the token after it, *FLAGS its M_ flags. */
static gint
month_at (const Parser *p, guint i, guint *next, guint *flags)
{
  if (i >= p->n || p->tok[i].kind != TOK_WORD || p->tok[i].fold[0] == '\0')
    return 0;
  const gchar *w = p->tok[i].fold;
  const MonthName *found = NULL;
  guint extra = 0;

  /* every word of a text comes here: the first letter spares most calls */
  for (gsize k = 0; k < G_N_ELEMENTS (month_names) && !found; k++)
    if (w[0] == month_names[k].name[0] && strcmp (w, month_names[k].name) == 0)
      found = &month_names[k];

  /* "DEABRIL", "DELMES"…: only full names, "de"/"del" run into them. */
  if (!found && w[0] == 'd' && w[1] == 'e')
    {
      const gchar *rest = w + (w[2] == 'l' ? 3 : 2);
      for (gsize k = 0; k < G_N_ELEMENTS (month_names) && !found; k++)
        if (!(month_names[k].flags & M_ABBR) && rest[0] == month_names[k].name[0]
            && strcmp (rest, month_names[k].name) == 0)
          found = &month_names[k];
      if (found)
        extra = M_GLUED_DE;
    }
  if (!found)
    return 0;

  guint j = i + 1;
  if ((found->flags & M_ABBR) && is_punct (p, j, '.') && glued (p, j))
    j++;
  *next = j;
  *flags = found->flags | extra;
  return found->month;
}

/* The year of the 4-digit number at token I (1950–2099), or 0 when it
 * reads as something else: glued to a word ("FY2005", "2005o"), after a
 * currency sign or code, after "Decreto", "Ley", "No.", "Tel."…, before
 * "personas", "dólares", "%"…, or next to another long number (a phone). */
static gint
year4_at (const Parser *p, guint i, guint *next)
{
  if (!is_num (p, i) || p->tok[i].ndigits != 4)
    return 0;
  const gint y = p->tok[i].num;
  if (y < YEAR_MIN || y > YEAR_MAX)
    return 0;

  if (i > 0)
    {
      const Token *prev = &p->tok[i - 1];
      if (p->tok[i].glued && (prev->kind == TOK_WORD || prev->kind == TOK_BIGNUM))
        return 0;
      if (is_currency (p, i - 1) || is_punct (p, i - 1, '#'))
        return 0;
      if ((prev->kind == TOK_NUM || prev->kind == TOK_BIGNUM) && prev->ndigits >= 3 && !p->tok[i].glued)
        return 0;
      guint k = i - 1;
      gboolean dot = FALSE;
      if (prev->kind == TOK_PUNCT && k > 0
          && (prev->ch == '.' || prev->ch == ':' || prev->ch == 0xB0 || prev->ch == 0xBA))
        {
          dot = TRUE;
          k--;
        }
      if (is_word_in (p, k, number_keywords) || (dot && is_word (p, k, "no")))
        return 0;
    }

  const guint j = i + 1;
  if (j < p->n)
    {
      const Token *nx = &p->tok[j];
      if (nx->glued
          && (nx->kind == TOK_WORD || (nx->kind == TOK_PUNCT && (nx->ch == '%' || nx->ch == 0xBA || nx->ch == 0xB0))))
        return 0;
      if (nx->kind == TOK_WORD && in_list (nx->fold, count_nouns))
        return 0;
      if ((nx->kind == TOK_NUM || nx->kind == TOK_BIGNUM) && nx->ndigits >= 3 && !nx->glued)
        return 0;
      if (nx->kind == TOK_PUNCT && nx->ch == '%')
        return 0;
    }
  *next = j;
  return y;
}

/* A 2-digit year "05" at token I ("OCT 05", "mar. 05"), or 0. */
static gint
year2_at (const Parser *p, guint i, guint *next)
{
  if (!is_num (p, i) || p->tok[i].ndigits != 2)
    return 0;
  const guint j = i + 1;
  if (glued (p, j) && p->tok[j].kind != TOK_PUNCT)
    return 0;
  if (glued (p, j) && (is_dash (p, j) || is_punct (p, j, '/') || is_punct (p, j, '%')) && glued (p, j + 1))
    return 0;
  if (is_currency (p, i - 1))
    return 0;
  const gint yy = p->tok[i].num;
  *next = j;
  return yy < 50 ? 2000 + yy : 1900 + yy;
}

/* A day number 1–31 at token I, with its glued ordinal suffix ("1º",
 * "2nd"), or 0. */
static gint
day_at (const Parser *p, guint i, guint *next)
{
  if (!is_num (p, i) || p->tok[i].ndigits > 2)
    return 0;
  const gint d = p->tok[i].num;
  if (d < 1 || d > 31)
    return 0;
  if (i > 0 && p->tok[i].glued)
    {
      const Token *prev = &p->tok[i - 1];
      if (prev->kind == TOK_WORD || prev->kind == TOK_BIGNUM)
        return 0;
      if (prev->kind == TOK_PUNCT && !is_dash_char (prev->ch) && prev->ch != '(' && prev->ch != '"'
          && prev->ch != 0x201C && prev->ch != '\'')
        return 0;
    }
  if (i > 0 && is_currency (p, i - 1))
    return 0;

  guint j = i + 1;
  if (glued (p, j))
    {
      const Token *nx = &p->tok[j];
      if (nx->kind == TOK_WORD)
        {
          if (!in_list (nx->fold, ordinal_suffixes))
            return 0;
          j++;
          if (is_punct (p, j, '.') && glued (p, j) && !glued (p, j + 1))
            j++; /* "1o. de mayo" */
        }
      else if (nx->kind == TOK_PUNCT)
        {
          if (nx->ch == 0xB0 || nx->ch == 0xBA)
            j++;
          else if (nx->ch == '%' || (nx->ch == '/' && glued (p, j + 1)))
            return 0;
        }
    }
  *next = j;
  return d;
}

/* Skips the words between a month or a day and its year: [,] [de|del|of]
 * [año|year]. ALLOW_COMMA is FALSE after a bare abbreviation. */
static guint
year_link (const Parser *p, guint j, gboolean allow_comma)
{
  if (allow_comma && cont (p, j) && is_punct (p, j, ','))
    j++;
  if (cont (p, j) && (is_word (p, j, "de") || is_word (p, j, "del") || is_word (p, j, "of")))
    j++;
  if (cont (p, j) && (is_word (p, j, "ano") || is_word (p, j, "year")))
    j++;
  return j;
}

/* "del presente año", "de este año", "del año en curso", "of this year"
 * at token J: the year of the document. Returns the token after it, or J. */
static guint
this_year_at (const Parser *p, guint j)
{
  guint k = j;
  if (cont (p, k) && (is_word (p, k, "de") || is_word (p, k, "del") || is_word (p, k, "of")))
    k++;
  if (!cont (p, k) || !cont (p, k + 1))
    return j;
  if ((is_word (p, k, "presente") || is_word (p, k, "corriente") || is_word (p, k, "este")
       || is_word (p, k, "this"))
      && (is_word (p, k + 1, "ano") || is_word (p, k + 1, "year")))
    return k + 2;
  if (is_word (p, k, "ano") && is_word (p, k + 1, "en") && is_word (p, k + 2, "curso") && cont (p, k + 2))
    return k + 3;
  return j;
}

/* "primer trimestre de 2003", "second half of 2005", "Q3 2004", "2º
 * semestre". */
static gboolean
atom_quarter (const Parser *p, guint i, Atom *a)
{
  static const struct
  {
    const gchar *word;
    gint n; /* -1: the last */
  } ordinals[] = {
    { "primer", 1 },  { "primero", 1 }, { "primera", 1 }, { "first", 1 },  { "1st", 1 },
    { "segundo", 2 }, { "segunda", 2 }, { "second", 2 },  { "tercer", 3 }, { "tercero", 3 },
    { "tercera", 3 }, { "third", 3 },   { "cuarto", 4 },  { "cuarta", 4 }, { "fourth", 4 },
    { "ultimo", -1 }, { "ultima", -1 }, { "last", -1 },   { "final", -1 }, { "i", 1 },
    { "ii", 2 },      { "iii", 3 },     { "iv", 4 },
  };
  gint ord = 0;
  guint j = i + 1, k;
  gint y;

  if (i >= p->n)
    return FALSE;
  const Token *t = &p->tok[i];

  /* Q1–Q4, H1–H2, then a year. */
  if (t->kind == TOK_WORD && (strcmp (t->fold, "q") == 0 || strcmp (t->fold, "h") == 0) && is_num (p, j)
      && glued (p, j) && p->tok[j].ndigits == 1)
    {
      const gboolean q = t->fold[0] == 'q';
      const gint n = p->tok[j].num;
      if (n < 1 || n > (q ? 4 : 2) || (glued (p, j + 1) && p->tok[j + 1].kind == TOK_WORD))
        return FALSE;
      k = j + 1;
      if (glued (p, k) && (is_dash (p, k) || is_punct (p, k, '/')))
        k++;
      else
        k = year_link (p, k, FALSE);
      if (!cont (p, k) || !(y = year4_at (p, k, &j)))
        return FALSE;
      a->first = i;
      a->last = j - 1;
      a->year = y;
      a->year_explicit = TRUE;
      if (q)
        a->quarter = n;
      else
        a->half = n;
      return TRUE;
    }

  if (t->kind == TOK_WORD)
    {
      for (gsize o = 0; o < G_N_ELEMENTS (ordinals) && !ord; o++)
        if (strcmp (t->fold, ordinals[o].word) == 0)
          ord = ordinals[o].n;
    }
  else if (t->kind == TOK_NUM && t->ndigits == 1 && t->num >= 1 && t->num <= 4 && glued (p, j))
    {
      const Token *s = &p->tok[j];
      if ((s->kind == TOK_WORD && in_list (s->fold, ordinal_suffixes))
          || (s->kind == TOK_PUNCT && (s->ch == 0xB0 || s->ch == 0xBA)))
        {
          ord = t->num;
          j++;
          if (is_punct (p, j, '.') && glued (p, j))
            j++;
        }
    }
  if (!ord || !cont (p, j))
    return FALSE;

  gboolean quarter = FALSE, half_en = FALSE;
  if (is_word (p, j, "trimestre") || is_word (p, j, "quarter"))
    quarter = TRUE;
  else if (is_word (p, j, "half"))
    half_en = TRUE;
  else if (!is_word (p, j, "semestre") && !is_word (p, j, "semester"))
    return FALSE;
  if (ord == -1)
    ord = quarter ? 4 : 2;
  if (ord > (quarter ? 4 : 2))
    return FALSE;

  a->first = i;
  a->last = j;
  if (quarter)
    a->quarter = ord;
  else
    a->half = ord;
  a->half_en = half_en;
  k = year_link (p, j + 1, TRUE);
  if (cont (p, k) && (y = year4_at (p, k, &j)))
    {
      a->year = y;
      a->year_explicit = TRUE;
      a->last = j - 1;
    }
  else if (half_en)
    return FALSE; /* "the first half of the meeting" */
  return TRUE;
}

/* "2004-12-02", "15/02/2007", "15-02-2007": all glued, day first. */
static gboolean
atom_numeric (const Parser *p, guint i, Atom *a)
{
  if (!is_num (p, i) || i + 4 >= p->n)
    return FALSE;
  const Token *t = p->tok;
  const guint s1 = i + 1, n2 = i + 2, s2 = i + 3, n3 = i + 4;
  if (!glued (p, s1) || !glued (p, n2) || !glued (p, s2) || !glued (p, n3))
    return FALSE;
  if (t[s1].kind != TOK_PUNCT || t[s2].kind != TOK_PUNCT || t[s1].ch != t[s2].ch
      || (t[s1].ch != '-' && t[s1].ch != '/'))
    return FALSE;
  if (!is_num (p, n2) || !is_num (p, n3) || t[n2].ndigits > 2)
    return FALSE;
  /* Not part of a longer chain or identifier. */
  if (i > 0 && t[i].glued && t[i - 1].kind != TOK_PUNCT)
    return FALSE;
  if (i > 0 && t[i].glued && (t[i - 1].ch == '-' || t[i - 1].ch == '/' || t[i - 1].ch == '.'))
    return FALSE;
  /* "2004-12-02T10:00" is a day too. */
  const gboolean iso_time = t[i].ndigits == 4 && glued (p, n3 + 1) && is_word (p, n3 + 1, "t") && glued (p, n3 + 2)
                            && p->tok[n3 + 2].kind != TOK_WORD && p->tok[n3 + 2].kind != TOK_PUNCT;
  if (!iso_time && glued (p, n3 + 1)
      && (p->tok[n3 + 1].kind != TOK_PUNCT
          || ((p->tok[n3 + 1].ch == '-' || p->tok[n3 + 1].ch == '/') && glued (p, n3 + 2))))
    return FALSE;

  gint y, m, d;
  if (t[i].ndigits == 4 && t[n3].ndigits <= 2)
    {
      y = t[i].num;
      m = t[n2].num;
      d = t[n3].num;
    }
  else if (t[i].ndigits <= 2 && t[n3].ndigits == 4)
    {
      d = t[i].num;
      m = t[n2].num;
      y = t[n3].num;
    }
  else
    return FALSE;
  if (y < YEAR_MIN || y > YEAR_MAX || m < 1 || m > 12 || d < 1 || d > days_in_month (y, m))
    return FALSE;
  a->first = i;
  a->last = n3;
  a->year = y;
  a->month = m;
  a->day = d;
  a->year_explicit = TRUE;
  return TRUE;
}

/* Atoms that start with a month word. */
static const gchar *const month_prepositions[] = {
  "en", "para", "de", "hasta", "desde", "durante", "antes", "in", "by", "until", "since", "during", "before", NULL,
};

/* Whether the full month name at token I, with no day or year, is a date:
   after a preposition or an opening parenthesis. */
static gboolean
month_alone_ok (const Parser *p, guint i, guint mflags)
{
  if ((mflags & M_EN) && !g_ascii_isupper (p->text[p->tok[i].start]))
    return FALSE;
  if (is_punct (p, i - 1, '('))
    return TRUE;
  return is_word_in (p, i - 1, month_prepositions);
}

static gboolean
atom_month_first (const Parser *p, guint i, Atom *a)
{
  guint j, mflags, k, after;
  gint y;
  const gint m = month_at (p, i, &j, &mflags);
  if (!m)
    return FALSE;
  const gboolean abbr = (mflags & M_ABBR) != 0;
  a->first = i;
  a->last = j - 1;
  a->month = m;

  if (cont (p, j) && is_num (p, j) && !glued (p, j))
    {
      guint dnext = 0;
      const gint d = day_at (p, j, &dnext);
      /* "December 2, 2004", "mayo 15 de 2005" */
      if (d)
        {
          k = year_link (p, dnext, TRUE);
          if (cont (p, k) && (y = year4_at (p, k, &after)))
            {
              a->day = d;
              a->year = y;
              a->year_explicit = TRUE;
              a->last = after - 1;
              return TRUE;
            }
        }
      /* "OCT 05", "MARZO 05": a 2-digit year, unless a day range follows. */
      const Token *num = &p->tok[j];
      guint mnext, mf2;
      const gboolean range_follows
        = (is_dash (p, j + 1) || is_word (p, j + 1, "to") || is_word (p, j + 1, "and"))
          && (is_num (p, j + 2) || month_at (p, j + 2, &mnext, &mf2));
      const gboolean yy_ok = abbr || ((mflags & M_ES) && (p->text[num->start] == '0' || num->num > 31));
      if (yy_ok && !range_follows && (y = year2_at (p, j, &after)))
        {
          a->year = y;
          a->year_explicit = TRUE;
          a->last = after - 1;
          return TRUE;
        }
      if (d && p->default_year && (k = this_year_at (p, dnext)) != dnext)
        {
          a->day = d;
          a->year = p->default_year;
          a->last = k - 1;
          return d <= days_in_month (a->year, m);
        }
      if (d)
        {
          a->day = d;
          a->month_first = TRUE;
          a->last = dnext - 1;
          /* Alone only "December 2" (English, full name). */
          a->weak = !(mflags & M_EN) || (mflags & M_GLUED_DE);
          if (d > days_in_month (2000, m))
            return FALSE;
          return TRUE;
        }
    }

  /* "MARZO 2005", "marzo, 2005", "mayo del 2005", "Oct-2005", "Oct-05",
     "MARZO/2005" */
  if (glued (p, j) && (is_dash (p, j) || is_punct (p, j, '/')) && glued (p, j + 1) && is_num (p, j + 1))
    {
      if ((y = year4_at (p, j + 1, &after)) || (abbr && (y = year2_at (p, j + 1, &after))))
        {
          a->year = y;
          a->year_explicit = TRUE;
          a->last = after - 1;
          return TRUE;
        }
    }
  k = year_link (p, j, !abbr);
  if (cont (p, k) && (y = year4_at (p, k, &after)))
    {
      a->year = y;
      a->year_explicit = TRUE;
      a->last = after - 1;
      return TRUE;
    }
  if (abbr && cont (p, j) && is_punct (p, j, '\'') && glued (p, j + 1) && (y = year2_at (p, j + 1, &after)))
    {
      a->year = y;
      a->year_explicit = TRUE;
      a->last = after - 1;
      return TRUE;
    }

  if (p->default_year && (k = this_year_at (p, j)) != j)
    {
      a->year = p->default_year;
      a->last = k - 1;
      return TRUE;
    }

  /* A month alone, named in full after a preposition, is a month of the
     context year: "para diciembre", "en marzo", "(noviembre)", "in
     October" (an English name with its capital: "in may" is not May). */
  if (!abbr && i > 0 && cont (p, i) && month_alone_ok (p, i, mflags))
    return TRUE;

  /* Otherwise only the left side of a range or list. */
  a->weak = TRUE;
  a->ambiguous = abbr;
  return TRUE;
}

/* Atoms that start with a day number. */
static gboolean
atom_day_first (const Parser *p, guint i, gboolean want_day_year, Atom *a)
{
  guint j, k, mflags, after;
  gint y;
  const gint d = day_at (p, i, &j);
  if (!d)
    return FALSE;
  a->first = i;
  a->last = j - 1;
  a->day = d;

  k = j;
  if (cont (p, k) && (is_word (p, k, "de") || is_word (p, k, "of")))
    k++;
  gint m = cont (p, k) ? month_at (p, k, &after, &mflags) : 0;
  if (m)
    {
      if (d > days_in_month (2000, m))
        return FALSE;
      a->month = m;
      a->last = after - 1;
      k = year_link (p, after, TRUE);
      if (cont (p, k) && (y = year4_at (p, k, &after)))
        {
          a->year = y;
          a->year_explicit = TRUE;
          a->last = after - 1;
        }
      else if (p->default_year && (k = this_year_at (p, after)) != after)
        {
          a->year = p->default_year;
          a->last = k - 1;
        }
      return TRUE;
    }

  if (want_day_year)
    {
      /* "3, 2004" of "December 2-3, 2004" */
      k = j;
      if (cont (p, k) && is_punct (p, k, ','))
        k++;
      if (cont (p, k) && (y = year4_at (p, k, &after)))
        {
          a->year = y;
          a->year_explicit = TRUE;
          a->last = after - 1;
          return TRUE;
        }
    }
  a->weak = TRUE;
  return TRUE;
}

/* The longest atom starting at token I. WANT_DAY_YEAR admits "3, 2004". */
static gboolean
parse_atom (const Parser *p, guint i, gboolean want_day_year, Atom *a)
{
  memset (a, 0, sizeof *a);
  if (i >= p->n)
    return FALSE;
  const Token *t = &p->tok[i];
  if (t->kind == TOK_NUM)
    {
      if (atom_numeric (p, i, a))
        return TRUE;
      memset (a, 0, sizeof *a);
      if (atom_quarter (p, i, a))
        return TRUE;
      memset (a, 0, sizeof *a);
      if (t->ndigits == 4)
        {
          guint after;
          gint y = year4_at (p, i, &after);
          if (!y)
            return FALSE;
          a->first = a->last = i;
          a->year = y;
          a->year_explicit = TRUE;
          return TRUE;
        }
      return atom_day_first (p, i, want_day_year, a);
    }
  if (t->kind == TOK_WORD)
    {
      if (atom_quarter (p, i, a))
        return TRUE;
      memset (a, 0, sizeof *a);
      return atom_month_first (p, i, a);
    }
  return FALSE;
}

/* The separator at token I and the token after it. */
static SepKind
sep_at (const Parser *p, guint i, guint *next)
{
  if (!cont (p, i))
    return SEP_NONE;
  const Token *t = &p->tok[i];
  SepKind kind = SEP_NONE;
  if (t->kind == TOK_PUNCT)
    {
      if (is_dash_char (t->ch))
        kind = SEP_DASH;
      else if (t->ch == '/')
        kind = SEP_SLASH;
      else if (t->ch == ',')
        kind = SEP_COMMA;
      else if (t->ch == '&')
        kind = SEP_AND;
      *next = i + 1;
      return kind;
    }
  if (t->kind != TOK_WORD)
    return SEP_NONE;
  static const gchar *const to_words[] = { "a", "al", "hasta", "to", "until", "till", "through", "thru", NULL };
  static const gchar *const and_words[] = { "y", "e", "and", NULL };
  if (in_list (t->fold, to_words))
    kind = SEP_TO;
  else if (in_list (t->fold, and_words))
    kind = SEP_AND;
  else
    return SEP_NONE;
  guint j = i + 1;
  if (cont (p, j) && (is_word (p, j, "el") || is_word (p, j, "the")))
    j++;
  *next = j;
  return kind;
}

/* "entre", "between" just before token I (past "los meses de", "el"…). */
static gboolean
preceded_by_between (const Parser *p, guint i)
{
  static const gchar *const skip[] = { "los", "las", "el", "the", "meses", "months", "mes", "month",
                                       "dias", "days", "de", "of", "anos", "years", NULL };
  for (guint steps = 0; steps < 5 && i > 0; steps++)
    {
      if (p->tok[i].brk)
        return FALSE;
      i--;
      if (is_word (p, i, "entre") || is_word (p, i, "between"))
        return TRUE;
      if (!is_word_in (p, i, skip))
        return FALSE;
    }
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Values                                                                   */

static PueblaDatePrecision
atom_precision (const Atom *a)
{
  if (a->day)
    return PUEBLA_DATE_DAY;
  if (a->month)
    return PUEBLA_DATE_MONTH;
  if (a->quarter)
    return PUEBLA_DATE_QUARTER;
  if (a->half)
    return PUEBLA_DATE_HALF;
  return PUEBLA_DATE_YEAR;
}

/* First and last day of a complete atom, as YYYYMMDD. */
static void
atom_span (const Atom *a, gint *first, gint *last)
{
  gint m1 = 1, m2 = 12;
  if (a->month)
    m1 = m2 = a->month;
  else if (a->quarter)
    {
      m1 = 3 * a->quarter - 2;
      m2 = 3 * a->quarter;
    }
  else if (a->half)
    {
      m1 = 6 * a->half - 5;
      m2 = 6 * a->half;
    }
  const gint d1 = a->day ? a->day : 1;
  const gint d2 = a->day ? a->day : days_in_month (a->year, m2);
  *first = a->year * 10000 + m1 * 100 + d1;
  *last = a->year * 10000 + m2 * 100 + d2;
}

static gchar *
atom_value (const Atom *a)
{
  switch (atom_precision (a))
    {
    case PUEBLA_DATE_DAY:
      return g_strdup_printf ("%04d-%02d-%02d", a->year, a->month, a->day);
    case PUEBLA_DATE_MONTH:
      return g_strdup_printf ("%04d-%02d", a->year, a->month);
    case PUEBLA_DATE_QUARTER:
      return g_strdup_printf ("%04d-Q%d", a->year, a->quarter);
    case PUEBLA_DATE_HALF:
      return g_strdup_printf ("%04d-H%d", a->year, a->half);
    case PUEBLA_DATE_YEAR:
    default:
      return g_strdup_printf ("%04d", a->year);
    }
}

static gchar *
ymd_string (gint ymd)
{
  return g_strdup_printf ("%04d-%02d-%02d", ymd / 10000, ymd / 100 % 100, ymd % 100);
}

/* Gives A its year from the context when it has none; FALSE if there is
 * none, or if its day does not exist in that year. */
static gboolean
resolve_year (const Parser *p, Atom *a)
{
  if (!a->year)
    a->year = p->ctx_year ? p->ctx_year : p->default_year;
  if (a->year < 1 || a->year > 9999)
    return FALSE;
  if (a->day && (!a->month || a->day > days_in_month (a->year, a->month)))
    return FALSE;
  return TRUE;
}

static PueblaDate *
new_date (const Parser *p, const Atom *a, const Atom *b)
{
  gint f1, l1, f2, l2;
  PueblaDate *date = g_new0 (PueblaDate, 1);
  date->start = p->tok[a->first].start;
  date->end = p->tok[b ? b->last : a->last].end;
  date->precision = atom_precision (a);
  atom_span (a, &f1, &l1);
  if (b)
    {
      g_autofree gchar *va = atom_value (a);
      g_autofree gchar *vb = atom_value (b);
      atom_span (b, &f2, &l2);
      date->value = g_strconcat (va, "/", vb, NULL);
      date->first_day = ymd_string (f1);
      date->last_day = ymd_string (l2);
    }
  else
    {
      date->value = atom_value (a);
      date->first_day = ymd_string (f1);
      date->last_day = ymd_string (l1);
    }
  return date;
}

static void
note_year (Parser *p, const Atom *a)
{
  if (a->year_explicit)
    p->ctx_year = a->year;
}

/* ------------------------------------------------------------------------ */
/* Ranges and lists                                                         */

/* A range A–B: A takes what it lacks from B; FALSE if they do not make
 * one. SEP is the separator between them. */
static gboolean
make_range (Parser *p, Atom *a, Atom *b, SepKind sep)
{
  const gboolean a_day_only = a->day && !a->month;
  const gboolean a_month_only = a->month && !a->day && !a->year;
  const gboolean b_day_year = b->day && !b->month;

  if (b->weak || (b->month && !b->year && !b->day))
    return FALSE;
  if (sep == SEP_SLASH && (a->month || a->day || a->quarter || a->half || b->month || b->day || b->quarter || b->half))
    return FALSE;
  if (a->ambiguous && sep != SEP_DASH)
    return FALSE;

  if (b_day_year)
    {
      /* "December 2-3, 2004" */
      if (!a->month_first || a->year || b->day <= a->day)
        return FALSE;
      b->month = a->month;
      a->year = b->year;
      if (sep == SEP_AND && b->day != a->day + 1)
        return FALSE;
    }
  else if (a_day_only)
    {
      if (!b->day || !b->month || b->day <= a->day)
        return FALSE;
      a->month = b->month;
      a->year = b->year;
    }
  else if (a_month_only)
    {
      if (!b->month || b->day)
        return FALSE;
      a->year = b->year;
      if (a->year && a->month > b->month)
        a->year--;
      if (a->month == b->month)
        return FALSE;
    }
  else if (a->month && a->day && !a->year)
    {
      /* "29 de noviembre al 1 de diciembre de 2006" */
      if (!b->month)
        return FALSE;
      if (b->year)
        {
          a->year = b->year;
          gint fa, la, fb, lb;
          atom_span (a, &fa, &la);
          atom_span (b, &fb, &lb);
          if (fa > fb)
            a->year--;
        }
    }
  else if (a->year)
    {
      /* "junio 2002 – mayo 2003", "2004-2005", "30 de diciembre de 2004 al 2
         de enero de 2005", or the right side takes the year of the left. */
      if (!b->year)
        {
          if (!b->day || !b->month)
            return FALSE;
          b->year = a->year;
          gint fa, la, fb, lb;
          atom_span (a, &fa, &la);
          atom_span (b, &fb, &lb);
          if (fb < fa)
            b->year++;
        }
      if (!a->month && !a->quarter && !a->half && !b->month && !b->quarter && !b->half)
        {
          const gint diff = b->year - a->year;
          if (diff < 1 || diff > (sep == SEP_SLASH ? 2 : PERIOD_MAX_YEARS))
            return FALSE;
        }
    }
  else
    return FALSE; /* a quarter without a year on the left */

  if (!b->year)
    {
      if (!resolve_year (p, b))
        return FALSE;
      if (!a->year)
        a->year = b->year;
    }
  if (!resolve_year (p, a) || !resolve_year (p, b))
    return FALSE;
  if (a->half_en && !a->year_explicit && !b->year_explicit)
    return FALSE;

  gint fa, la, fb, lb;
  atom_span (a, &fa, &la);
  atom_span (b, &fb, &lb);
  if (fa > fb || la >= lb)
    return FALSE;
  return TRUE;
}

/* A list of days or months ITEMS[0..N) closed by FINAL ("2, 3 y 4 de
 * marzo", "junio y agosto de 2005"). Appends its dates to OUT. */
static gboolean
finish_list (Parser *p, Atom *items, guint n, Atom *final, gboolean between, GPtrArray *out)
{
  const gboolean days = items[0].day != 0;

  if (days ? !(final->day && final->month) : !(final->month && !final->day))
    return FALSE;
  if (final->weak)
    return FALSE;
  if (!resolve_year (p, final))
    return FALSE;

  gint prev = days ? final->day : final->month;
  for (guint k = n; k-- > 0;)
    {
      Atom *it = &items[k];
      if (days)
        {
          it->month = final->month;
          if (it->day >= prev)
            return FALSE;
          prev = it->day;
        }
      else
        {
          if (it->month >= prev)
            return FALSE;
          prev = it->month;
        }
      it->year = final->year;
      if (!resolve_year (p, it))
        return FALSE;
    }

  gboolean consecutive = days;
  for (guint k = 0; k < n && consecutive; k++)
    consecutive = (k + 1 < n ? items[k + 1].day : final->day) == items[k].day + 1;

  if ((between && n == 1) || consecutive)
    g_ptr_array_add (out, new_date (p, &items[0], final));
  else
    {
      for (guint k = 0; k < n; k++)
        g_ptr_array_add (out, new_date (p, &items[k], NULL));
      g_ptr_array_add (out, new_date (p, final, NULL));
    }
  note_year (p, final);
  return TRUE;
}

/* Whether a lone year at token I is part of an identifier or a phone
 * number ("SIEMCA-2005-XY", "2331-2005", "Decreto 2004-15"). */
static gboolean
identifier_before (const Parser *p, guint i)
{
  return glued (p, i) && i >= 2 && (is_dash (p, i - 1) || is_punct (p, i - 1, '/')) && glued (p, i - 1)
         && p->tok[i - 2].kind != TOK_PUNCT;
}

static gboolean
year_in_identifier (const Parser *p, guint i)
{
  if (identifier_before (p, i))
    return TRUE;
  if (glued (p, i + 1) && (is_dash (p, i + 1) || is_punct (p, i + 1, '/')) && glued (p, i + 2)
      && p->tok[i + 2].kind != TOK_PUNCT)
    return TRUE;
  return FALSE;
}

/* Tries every form at token I; appends what it finds to OUT and returns
 * the token after it, or I if nothing starts there. */
static guint
match_at (Parser *p, guint i, GPtrArray *out)
{
  Atom a, b;
  guint j, k;

  if (!parse_atom (p, i, FALSE, &a))
    return i;
  j = a.last + 1;

  SepKind sep = sep_at (p, j, &k);
  const gboolean weak_item = ((a.day && !a.month) || (a.month && !a.day && !a.year)) && !a.ambiguous;

  /* Lists: "2 y 3 de diciembre", "18, 19 y 20 de mayo", "junio y agosto". */
  if (weak_item && (sep == SEP_AND || sep == SEP_COMMA) && !a.month_first)
    {
      Atom items[LIST_MAX];
      guint n = 0;
      items[n++] = a;
      const gboolean between = sep == SEP_AND && preceded_by_between (p, i);
      while (cont (p, k) && parse_atom (p, k, FALSE, &b))
        {
          const gboolean same = a.day ? (b.day && !b.month) : (b.month && !b.day && !b.year);
          if (!same)
            {
              if (finish_list (p, items, n, &b, between, out))
                return b.last + 1;
              break;
            }
          if (n == LIST_MAX)
            break;
          items[n++] = b;
          sep = sep_at (p, b.last + 1, &k);
          if (sep != SEP_AND && sep != SEP_COMMA)
            break;
        }
      return i;
    }

  /* "2004/05": a period written with the last two digits of its end. */
  if (atom_precision (&a) == PUEBLA_DATE_YEAR && !a.weak && is_punct (p, j, '/') && glued (p, j)
      && glued (p, j + 1) && is_num (p, j + 1) && p->tok[j + 1].ndigits == 2
      && p->tok[j + 1].num == (a.year + 1) % 100 && !glued (p, j + 2) && !identifier_before (p, a.first))
    {
      memset (&b, 0, sizeof b);
      b.first = b.last = j + 1;
      b.year = a.year + 1;
      b.year_explicit = TRUE;
      g_ptr_array_add (out, new_date (p, &a, &b));
      note_year (p, &b);
      return j + 2;
    }

  /* Ranges. */
  if (sep != SEP_NONE && sep != SEP_COMMA && cont (p, k))
    {
      const gboolean and_ok = sep != SEP_AND || preceded_by_between (p, i) || a.month_first;
      Atom a2 = a;
      if (and_ok && parse_atom (p, k, a.month_first, &b) && make_range (p, &a2, &b, sep))
        {
          g_ptr_array_add (out, new_date (p, &a2, &b));
          note_year (p, &a2);
          note_year (p, &b);
          return b.last + 1;
        }
    }

  if (a.weak)
    return i;
  if (a.half_en && !a.year_explicit)
    return i;
  if (atom_precision (&a) == PUEBLA_DATE_YEAR && year_in_identifier (p, a.first))
    return i;
  if (!resolve_year (p, &a))
    return i;
  g_ptr_array_add (out, new_date (p, &a, NULL));
  note_year (p, &a);
  return a.last + 1;
}

/* ------------------------------------------------------------------------ */
/* Public                                                                   */

void
puebla_date_free (PueblaDate *date)
{
  if (date == NULL)
    return;
  g_free (date->value);
  g_free (date->first_day);
  g_free (date->last_day);
  g_free (date);
}

GPtrArray *
puebla_dates_find (const gchar *text, gint default_year)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) puebla_date_free);
  if (text == NULL)
    return out;

  GArray *toks = tokenize (text);
  Parser p = {
    .text = text,
    .tok = (const Token *) toks->data,
    .n = toks->len,
    .default_year = default_year > 0 && default_year <= 9999 ? default_year : 0,
    .ctx_year = 0,
  };
  for (guint i = 0; i < p.n;)
    {
      const guint next = match_at (&p, i, out);
      i = next > i ? next : i + 1;
    }
  g_array_unref (toks);
  return out;
}

/* One value without "/": its first and last day as YYYYMMDD. */
static gboolean
parse_one_value (const gchar *s, gsize len, gint *first, gint *last)
{
  Atom a = { 0 };
  if (len < 4)
    return FALSE;
  for (gsize k = 0; k < 4; k++)
    if (!g_ascii_isdigit (s[k]))
      return FALSE;
  a.year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  if (a.year < 1)
    return FALSE;
  if (len == 4)
    ;
  else if (len == 7 && s[4] == '-' && (s[5] == 'Q' || s[5] == 'H') && g_ascii_isdigit (s[6]))
    {
      const gint n = s[6] - '0';
      if (n < 1 || n > (s[5] == 'Q' ? 4 : 2))
        return FALSE;
      if (s[5] == 'Q')
        a.quarter = n;
      else
        a.half = n;
    }
  else if ((len == 7 || len == 10) && s[4] == '-' && g_ascii_isdigit (s[5]) && g_ascii_isdigit (s[6]))
    {
      a.month = (s[5] - '0') * 10 + (s[6] - '0');
      if (a.month < 1 || a.month > 12)
        return FALSE;
      if (len == 10)
        {
          if (s[7] != '-' || !g_ascii_isdigit (s[8]) || !g_ascii_isdigit (s[9]))
            return FALSE;
          a.day = (s[8] - '0') * 10 + (s[9] - '0');
          if (a.day < 1 || a.day > days_in_month (a.year, a.month))
            return FALSE;
        }
    }
  else
    return FALSE;
  atom_span (&a, first, last);
  return TRUE;
}

gboolean
puebla_date_value_bounds (const gchar *value, gchar **first_day, gchar **last_day)
{
  gint f1, l1, f2, l2;
  if (value == NULL)
    return FALSE;
  const gchar *slash = strchr (value, '/');
  const gsize len = strlen (value);
  if (slash)
    {
      const gsize l = (gsize) (slash - value);
      if (!parse_one_value (value, l, &f1, &l1) || !parse_one_value (slash + 1, len - l - 1, &f2, &l2))
        return FALSE;
      if (f2 < f1 || l2 < l1)
        return FALSE;
    }
  else
    {
      if (!parse_one_value (value, len, &f1, &l1))
        return FALSE;
      l2 = l1;
    }
  if (first_day)
    *first_day = ymd_string (f1);
  if (last_day)
    *last_day = ymd_string (l2);
  return TRUE;
}
