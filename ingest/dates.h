/* dates.h: find dates in the text of a record and normalise them.
 *
 * What it does: finds, in Spanish or English UTF-8 text (any case, with or
 * without accents), the date expressions of the CRM records — days
 * ("2 de diciembre de 2004", "December 2, 2004", "15/02/2007",
 * "2004-12-02"), day ranges and lists ("del 15 al 16 de febrero de 2007",
 * "27-29 de noviembre", "2 y 3 de diciembre", "December 2-3, 2004"), months
 * ("MARZO 2005", "mayo del 2005", "OCT 05"), month ranges ("junio 2002 –
 * mayo 2003", "entre los meses de junio y agosto de 2005"), quarters and
 * halves ("primer trimestre de 2003", "second half of 2005", "Q3 2004"),
 * periods ("2004-2005", "2003/2004", "de 2002 a 2004") and lone years
 * (1950–2099) — and gives each as an ISO 8601 value (or interval) with the
 * first and last day it covers. A day or month without a year takes the
 * nearest explicit year found before it in the text, else the year of the
 * document.
 *
 * What it does not do: times, relative dates ("el año pasado", "la próxima
 * semana"), seasons, weekday names alone, month-first numeric dates
 * (06/15/2007 is refused, not swapped), "2004-12" or "15.02.2007" in the
 * text; it does not index anything.
 *
 * A leaf module: depends on GLib only. Thread-safe; no global mutable state.
 * Linear in the length of the text.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  PUEBLA_DATE_DAY,
  PUEBLA_DATE_MONTH,
  PUEBLA_DATE_QUARTER,
  PUEBLA_DATE_HALF,
  PUEBLA_DATE_YEAR
} PueblaDatePrecision;

typedef struct
{
  gsize start, end; /* byte offsets of the expression in the text, [start, end) */
  gchar *value;     /* "2004", "2004-12", "2004-12-02", "2004-Q1", "2004-H2",
                       or an interval "start/end" of those */
  gchar *first_day; /* earliest day covered, "YYYY-MM-DD" */
  gchar *last_day;  /* latest day covered, "YYYY-MM-DD" */
  PueblaDatePrecision precision; /* of the (start of the) expression */
} PueblaDate;

/* All dates in TEXT (UTF-8), in order of start offset, not overlapping.
 * DEFAULT_YEAR (0 = unknown) is the year of the document; a day and month
 * without a year take the year of the nearest explicit year before them in
 * the text, else DEFAULT_YEAR, else they are skipped. Returns a GPtrArray
 * of PueblaDate* that frees them. */
GPtrArray *puebla_dates_find (const gchar *text, gint default_year);

void puebla_date_free (PueblaDate *date);

/* Parses one normalised value (as in PueblaDate.value) back to its first
 * and last day ("YYYY-MM-DD", newly allocated); FALSE (and the OUT
 * arguments untouched) if VALUE is not one, or if an interval ends before it
 * starts. Either OUT argument may be NULL. */
gboolean puebla_date_value_bounds (const gchar *value, gchar **first_day, gchar **last_day);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PueblaDate, puebla_date_free)

G_END_DECLS
