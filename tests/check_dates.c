/* check_dates.c: tests of ingest/dates.c (finding and normalising dates).
 *
 * Table-driven: each case is a text, the year of its document and the
 * values expected, in order, joined by "|" ("" for none). The cases go far
 * beyond the wording of the sample records: every form in Spanish and
 * English, ALL CAPS, without accents, ranges across months and years,
 * years taken from the context, quarters and halves, and numbers that are
 * not dates. Then offsets, first and last days for each precision, and
 * puebla_date_value_bounds (its own cases and a round trip of every value
 * found). No timing asserts.
 */
#include "dates.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* The values found in TEXT, joined by "|". */
static gchar *
found_values (const gchar *text, gint default_year)
{
  g_autoptr (GPtrArray) dates = puebla_dates_find (text, default_year);
  g_autoptr (GString) out = g_string_new (NULL);
  for (guint i = 0; i < dates->len; i++)
    {
      const PueblaDate *d = g_ptr_array_index (dates, i);
      if (i > 0)
        g_string_append_c (out, '|');
      g_string_append (out, d->value);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

typedef struct
{
  const gchar *text;
  gint year;
  const gchar *want;
} Case;

/* ------------------------------------------------------------------------ */
/* Days                                                                     */

static const Case day_cases[] = {
  { "2 de diciembre de 2004", 0, "2004-12-02" },
  { "2 de diciembre del 2004", 0, "2004-12-02" },
  { "December 2, 2004", 0, "2004-12-02" },
  { "2 December 2004", 0, "2004-12-02" },
  { "31 de enero del 2005", 0, "2005-01-31" },
  { "15/02/2007", 0, "2007-02-15" },
  { "15-02-2007", 0, "2007-02-15" },
  { "2004-12-02", 0, "2004-12-02" },
  { "lunes 2 de diciembre de 2004", 0, "2004-12-02" },
  { "el 2004-12-02T10:00", 0, "2004-12-02" },
  { "EL LUNES 2 DE DICIEMBRE DE 2004 SE REUNIERON", 0, "2004-12-02" },
  { "el 21 de agosto 2002", 0, "2002-08-21" },
  { "1 DE DIC. 2003", 0, "2003-12-01" },
  { "1 DICIEMBRE 2004, OIM PREPARÓ", 0, "2004-12-01" },
  { "el 1º de enero de 2006", 0, "2006-01-01" },
  { "el 1o. de mayo", 2006, "2006-05-01" },
  { "the 2nd of December 2004", 0, "2004-12-02" },
  { "December 2nd, 2004", 0, "2004-12-02" },
  { "Dec. 2, 2004", 0, "2004-12-02" },
  { "15 mar 2005", 0, "2005-03-15" },
  { "15 SEPT. 2005", 0, "2005-09-15" },
  { "3 de setiembre de 2001", 0, "2001-09-03" },
  { "10 de Noviembre de 1999", 0, "1999-11-10" },
  { "mayo 15 de 2005", 0, "2005-05-15" },
  { "29 de febrero de 2004", 0, "2004-02-29" },
  { "29 de febrero de 2005", 0, "2005-02" },   /* no such day: the month alone */
  { "31/04/2005", 0, "" },                      /* no such day */
  { "5/3/2006 y 2006-03-07", 0, "2006-03-05|2006-03-07" },
  { "hasta el 30 de junio", 2005, "2005-06-30" },
  { "antes del 13 de febrero del presente año", 2003, "2003-02-13" },
  { "el 31 de diciembre", 2004, "2004-12-31" },
  { "el 26 de mayo", 2003, "2003-05-26" },
  { "15 de febrero", 2007, "2007-02-15" },
  { "15 de febrero", 0, "" },                    /* no year at all: skipped */
  { "on October 5 the group met", 2005, "2005-10-05" },
  { "QUINCE DE MAYO", 2005, "2005-05" },         /* numbers in words: not handled; "de mayo" is the month */
};

/* ------------------------------------------------------------------------ */
/* Ranges of days                                                           */

static const Case day_range_cases[] = {
  { "del 15 al 16 de febrero de 2007", 0, "2007-02-15/2007-02-16" },
  { "DEL 15 AL 16 DE FEBRERO DE 2007", 0, "2007-02-15/2007-02-16" },
  { "27-29 de noviembre de 2006", 0, "2006-11-27/2006-11-29" },
  { "27 al 29 de noviembre de 2006", 0, "2006-11-27/2006-11-29" },
  { "2 y 3 de diciembre de 2004", 0, "2004-12-02/2004-12-03" },
  { "18-19 OCTUBRE, 2004", 0, "2004-10-18/2004-10-19" },
  { "24 - 27 DE ABRIL DE 2007", 0, "2007-04-24/2007-04-27" },
  { "24 – 27 de abril de 2007", 0, "2007-04-24/2007-04-27" },
  { "del 29 de noviembre al 1 de diciembre de 2006", 0, "2006-11-29/2006-12-01" },
  { "del 30 de diciembre de 2004 al 2 de enero de 2005", 0, "2004-12-30/2005-01-02" },
  { "del 30 de diciembre al 2 de enero de 2005", 0, "2004-12-30/2005-01-02" },
  { "los días 18 y 19 de octubre", 2004, "2004-10-18/2004-10-19" },
  { "December 2-3, 2004", 0, "2004-12-02/2004-12-03" },
  { "December 2 – 3, 2004", 0, "2004-12-02/2004-12-03" },
  { "from 2 to 3 December 2004", 0, "2004-12-02/2004-12-03" },
  { "26-30 Mayo de 2003", 0, "2003-05-26/2003-05-30" },
  { "del 29-31 de octubre de 2002", 0, "2002-10-29/2002-10-31" },
  { "DEL 24 AL 27 DEABRIL DE 2007", 0, "2007-04-24/2007-04-27" },
  { "18, 19 y 20 de mayo de 2005", 0, "2005-05-18/2005-05-20" },
  { "2 and 3 December 2004", 0, "2004-12-02/2004-12-03" },
  { "entre el 2 y el 5 de marzo de 2005", 0, "2005-03-02/2005-03-05" },
  { "between 2 and 5 March 2005", 0, "2005-03-02/2005-03-05" },
  { "el 5 y 12 de marzo de 2005", 0, "2005-03-05|2005-03-12" },
  { "December 30, 2004 – January 2, 2005", 0, "2004-12-30/2005-01-02" },
  { "December 30 - January 2, 2005", 0, "2004-12-30/2005-01-02" },
  { "15/02/2007 - 16/02/2007", 0, "2007-02-15/2007-02-16" },
  { "desde el 1 de marzo hasta el 15 de abril de 2006", 0, "2006-03-01/2006-04-15" },
  { "del 15 al 16 de febrero", 2007, "2007-02-15/2007-02-16" },
  { "18 al 19 de septiembre de 2006 en Tegucigalpa", 0, "2006-09-18/2006-09-19" },
  { "PANAMÁ, 2-3 DICIEMBRE, 2004 Y DIO SEGUIMIENTO", 0, "2004-12-02/2004-12-03" },
  { "del 16 al 15 de febrero de 2007", 0, "2007-02-15" }, /* backwards: no range */
  { "del 1 de mayo de 2005 al 3 de mayo", 0, "2005-05-01/2005-05-03" },
  { "Nov. 30 - Dec. 2, 2005", 0, "2005-11-30/2005-12-02" },
  { "30 Nov - 2 Dec 2005", 0, "2005-11-30/2005-12-02" },
  { "Oct 15-16, 2005", 0, "2005-10-15/2005-10-16" },
  { "March 5 and 6, 2005", 0, "2005-03-05/2005-03-06" },
  { "del 2 al 4 de octubre del año en curso", 2006, "2006-10-02/2006-10-04" },
  { "1 de mayo 2005 - 3 de mayo 2005", 0, "2005-05-01/2005-05-03" },
  { "el 2 de mayo y el 3 de junio de 2005", 2004, "2004-05-02|2005-06-03" },
};

/* ------------------------------------------------------------------------ */
/* Months and ranges of months                                              */

static const Case month_cases[] = {
  { "en mayo", 2005, "2005-05" },               /* a month after a preposition: the context year */
  { "Plazo: próxima reunión (noviembre).", 2004, "2004-11" },
  { "RESPUESTA ESPERADA EN MARZO.", 2008, "2008-03" },
  { "un informe para diciembre", 2009, "2009-12" },
  { "in October", 2005, "2005-10" },
  { "in october", 2005, "" },                   /* English months are written with a capital */
  { "en mayo", 0, "" },                          /* and no year to give it */
  { "MARZO 2005", 0, "2005-03" },
  { "marzo, 2005", 0, "2005-03" },
  { "marzo de 2005", 0, "2005-03" },
  { "marzo del 2005", 0, "2005-03" },
  { "MAYO DEL 2005", 0, "2005-05" },
  { "GRCM OCT 05", 0, "2005-10" },
  { "DIC. 2003", 0, "2003-12" },
  { "Oct. 2005", 0, "2005-10" },
  { "October 2005", 0, "2005-10" },
  { "Sept. 2003", 0, "2003-09" },
  { "SEPTIEMBRE 2004", 0, "2004-09" },
  { "setiembre 2001", 0, "2001-09" },
  { "Setiembre de 2001", 0, "2001-09" },
  { "mar. 05", 0, "2005-03" },
  { "MAR 2005", 0, "2005-03" },
  { "Oct-2005", 0, "2005-10" },
  { "Oct-05", 0, "2005-10" },
  { "dec '05", 0, "2005-12" },
  { "MARZO 05", 0, "2005-03" },
  { "en el mes de junio de 2005", 0, "2005-06" },
  { "enero del año 2006", 0, "2006-01" },
  { "en marzo de este año", 2006, "2006-03" },
  { "February 2004", 0, "2004-02" },
  { "NOVIEMBRE, 2006", 0, "2006-11" },
  { "June of 2003", 0, "2003-06" },
  { "A FINALES DE ABRIL, 2005", 0, "2005-04" },
  { "junio 2002 – mayo 2003", 0, "2002-06/2003-05" },
  { "junio 2002 - mayo 2003", 0, "2002-06/2003-05" },
  { "junio 2002 a mayo 2003", 0, "2002-06/2003-05" },
  { "junio 2002 al mayo 2003", 0, "2002-06/2003-05" },
  { "June 2002 to May 2003", 0, "2002-06/2003-05" },
  { "desde junio 2002 hasta mayo 2003", 0, "2002-06/2003-05" },
  { "noviembre 2002 – mayo 2003", 0, "2002-11/2003-05" },
  { "entre los meses de junio y agosto de 2005", 0, "2005-06/2005-08" },
  { "between June and August 2005", 0, "2005-06/2005-08" },
  { "Octubre-Noviembre 2003", 0, "2003-10/2003-11" },
  { "OCTUBRE – NOVIEMBRE 2003", 0, "2003-10/2003-11" },
  { "enero a marzo de 2006", 0, "2006-01/2006-03" },
  { "de enero a marzo de 2006", 0, "2006-01/2006-03" },
  { "período junio – octubre 2002", 0, "2002-06/2002-10" },
  { "noviembre a febrero de 2005", 0, "2004-11/2005-02" },
  { "Mar-Apr 2005", 0, "2005-03/2005-04" },
  { "de junio de 2002 a mayo de 2003", 0, "2002-06/2003-05" },
  { "junio y agosto de 2005", 0, "2005-06|2005-08" },   /* a list, not a range */
  { "enero, marzo y mayo de 2006", 0, "2006-01|2006-03|2006-05" },
  { "ene-feb 2006", 0, "2006-01/2006-02" },
  { "ENE. 2006", 0, "2006-01" },
  { "MARZO/2005", 0, "2005-03" },
  { "Mayo – Junio de 2006", 0, "2006-05/2006-06" },
};

/* ------------------------------------------------------------------------ */
/* Quarters, halves, periods, years                                         */

static const Case period_cases[] = {
  { "primer trimestre de 2003", 0, "2003-Q1" },
  { "ÚLTIMO TRIMESTRE DE 2004", 0, "2004-Q4" },
  { "EL ULTIMO TRIMESTRE DE 2004", 0, "2004-Q4" },
  { "segundo trimestre del 2005", 0, "2005-Q2" },
  { "tercer trimestre 2006", 0, "2006-Q3" },
  { "cuarto trimestre del año 2006", 0, "2006-Q4" },
  { "first quarter of 2003", 0, "2003-Q1" },
  { "the fourth quarter of 2007", 0, "2007-Q4" },
  { "Q3 2004", 0, "2004-Q3" },
  { "Q1-2005", 0, "2005-Q1" },
  { "1er trimestre 2005", 0, "2005-Q1" },
  { "2º semestre de 2006", 0, "2006-H2" },
  { "II SEMESTRE 2004", 0, "2004-H2" },
  { "primer semestre de 2005", 0, "2005-H1" },
  { "segundo semestre 2004", 0, "2004-H2" },
  { "second half of 2005", 0, "2005-H2" },
  { "H1 2006", 0, "2006-H1" },
  { "durante el primer semestre", 2005, "2005-H1" },
  { "en 2004. Durante el primer semestre se", 0, "2004|2004-H1" },
  { "primer trimestre de 2004 al segundo trimestre de 2005", 0, "2004-Q1/2005-Q2" },
  { "2004-2005", 0, "2004/2005" },
  { "período 2004-2005", 0, "2004/2005" },
  { "2004 – 2005", 0, "2004/2005" },
  { "2003/2004", 0, "2003/2004" },
  { "de 2002 a 2004", 0, "2002/2004" },
  { "from 2002 to 2004", 0, "2002/2004" },
  { "entre 2002 y 2004", 0, "2002/2004" },
  { "1996-2006", 0, "1996/2006" },
  { "2004 y 2005", 0, "2004|2005" },
  { "2005", 0, "2005" },
  { "en el año 2005", 0, "2005" },
  { "in 2005", 0, "2005" },
  { "(2005)", 0, "2005" },
  { "Plan de Acción 2005.", 0, "2005" },
  { "MEMORANDUM DE ENTENDIMIENTO - 2004.", 0, "2004" },
  { "2004 – marzo 2005", 0, "2004/2005-03" },
  { "Informe 2004/05", 0, "2004/2005" },
  { "III trimestre del 2006", 0, "2006-Q3" },
  { "el 4to trimestre", 2006, "2006-Q4" },
  { "FIRST QUARTER 2005", 0, "2005-Q1" },
  { "en 2005-2006-2007", 0, "2005/2006" },
  { "junio 2003 – diciembre 2004. Luego 1950 y 2099", 0, "2003-06/2004-12|1950|2099" },
};

/* ------------------------------------------------------------------------ */
/* Years from the context                                                   */

static const Case context_cases[] = {
  { "En mayo de 2003 ... el 26 de mayo se reunieron", 2002, "2003-05|2003-05-26" },
  { "el 26 de mayo", 0, "" },
  { "el 26 de mayo", 2003, "2003-05-26" },
  { "2005. Luego, el 3 de marzo", 1999, "2005|2005-03-03" },
  { "el 3 de marzo. Luego 2005", 1999, "1999-03-03|2005" },
  { "del 30 de diciembre de 2004 al 2 de enero de 2005; el 5 de marzo", 0,
    "2004-12-30/2005-01-02|2005-03-05" },
  { "US$2005 y el 5 de marzo", 2001, "2001-03-05" },          /* an amount is no context */
  { "los días 18 y 19 de octubre", 0, "" },
  { "29 de febrero", 2004, "2004-02-29" },
  { "29 de febrero", 2005, "2005-02" },          /* no such day that year: the month, as with a year written */
  { "el 8 y 9 de mayo, y que fue", 2003, "2003-05-08/2003-05-09" },
  { "EN 2004 ... EL 1 DE ENERO ... EN 2006 ... EL 2 DE ENERO", 0, "2004|2004-01-01|2006|2006-01-02" },
};

/* ------------------------------------------------------------------------ */
/* Not dates                                                                */

static const Case not_date_cases[] = {
  { "US$60,000", 2005, "" },
  { "US$250,000", 2005, "" },
  { "$2005", 2005, "" },
  { "US$ 2005", 2005, "" },
  { "USD 2005", 2005, "" },
  { "€2005", 2005, "" },
  { "2,005 personas", 2005, "" },
  { "1.500", 2005, "" },
  { "2005 personas", 2005, "" },
  { "2005 migrantes", 2005, "" },
  { "2005 dólares", 2005, "" },
  { "Decreto 2004-15", 2005, "" },
  { "Ley 2003-12", 2005, "" },
  { "artículo 2005", 2005, "" },
  { "Resolución 1325", 2005, "" },
  { "Decreto No. 2005", 2005, "" },
  { "Tel. 2005-1234", 2005, "" },
  { "(506) 2221-2005", 2005, "" },
  { "+502 2331 2005", 2005, "" },
  { "a las 10:30 horas", 2005, "" },
  { "PAGE 7", 2005, "" },
  { "página 2005", 2005, "" },
  { "2005o", 2005, "" },
  { "30 de los 45 países", 2005, "" },
  { "1325", 2005, "" },
  { "2500", 2005, "" },
  { "1949", 2005, "" },
  { "Código Postal 2005", 2005, "" },
  { "CP 01000", 2005, "" },
  { "SIEMCA-2005-XY", 2005, "" },
  { "FY2005", 2005, "" },
  { "2005%", 2005, "" },
  { "el mar está en calma", 2005, "" },
  { "you may want to", 2005, "" },
  { "mayo", 2005, "" },                         /* a month alone, after nothing */
  { "el Plan Mayo", 2005, "" },
  { "MAYO", 2005, "" },
  { "set of rules", 2005, "" },
  { "oct", 2005, "" },
  { "the first half of the meeting", 2005, "" },
  { "cada trimestre", 2005, "" },
  { "puntos 2 al 5 de la agenda", 2005, "" },
  { "capítulos 3 y 4 de la ley", 2005, "" },
  { "12/13/2005", 2005, "" },                 /* month first: refused */
  { "2004-12", 2005, "" },                    /* ISO month in text: not taken */
  { "15.02.2007", 2005, "" },
  { "No. 2005 de la serie", 2005, "" },
  { "# 2005", 2005, "" },
  { "1. ELABORACIÓN 2. INTERCAMBIO", 2005, "" },
  { "32 de enero de 2005", 2005, "2005-01" }, /* no day 32: the month only */
  { "en las páginas 2004-2010", 2005, "" },
  { "Registro 2005-00123", 2005, "" },
  { "X-2004/05", 2005, "" },
  { "hace 2005 años", 2005, "" },
  { "de las 2000 horas", 2005, "" },
  { "mayo-junio", 2005, "" },                 /* months without a year */
  { "Dec 5", 2005, "" },                      /* an abbreviation, neither year nor day before */
};

/* ------------------------------------------------------------------------ */

static void
check_case (const Case *c)
{
  g_autofree gchar *got = found_values (c->text, c->year);
  ck_assert_msg (g_strcmp0 (got, c->want) == 0, "«%s» (year %d): got «%s», want «%s»", c->text, c->year, got,
                 c->want);
}

START_TEST (test_days)
{
  check_case (&day_cases[_i]);
}
END_TEST

START_TEST (test_day_ranges)
{
  check_case (&day_range_cases[_i]);
}
END_TEST

START_TEST (test_months)
{
  check_case (&month_cases[_i]);
}
END_TEST

START_TEST (test_periods)
{
  check_case (&period_cases[_i]);
}
END_TEST

START_TEST (test_context)
{
  check_case (&context_cases[_i]);
}
END_TEST

START_TEST (test_not_dates)
{
  check_case (&not_date_cases[_i]);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Offsets                                                                  */

static const struct
{
  const gchar *text;
  const gchar *exprs; /* the expected text[start, end) of each, "|"-joined */
} offset_cases[] = {
  { "EL SEMINARIO SE EFECTUÓ DEL 15 AL 16 DE FEBRERO DE 2007 EN CIUDAD DE GUATEMALA",
    "15 AL 16 DE FEBRERO DE 2007" },
  { "Ciudad de Panamá, Panamá, 2 y 3 de diciembre de 2004", "2 y 3 de diciembre de 2004" },
  { "período que abarca desde noviembre 2002 – mayo 2003.   Su objetivo", "noviembre 2002 – mayo 2003" },
  { "ÚLTIMO TRIMESTRE DE 2004 y el 1 DE DIC. 2003.", "ÚLTIMO TRIMESTRE DE 2004|1 DE DIC. 2003" },
  { "«2004-2005» and (Q3 2004)", "2004-2005|Q3 2004" },
  { "el 5 y 12 de marzo de 2005", "5|12 de marzo de 2005" },
  { "Ñandú 15/02/2007, lunes", "15/02/2007" },
  { "entre los meses de junio y agosto de 2005, con", "junio y agosto de 2005" },
};

START_TEST (test_offsets)
{
  const gchar *text = offset_cases[_i].text;
  g_autoptr (GPtrArray) dates = puebla_dates_find (text, 2000);
  g_autoptr (GString) got = g_string_new (NULL);
  gsize prev_end = 0;
  for (guint i = 0; i < dates->len; i++)
    {
      const PueblaDate *d = g_ptr_array_index (dates, i);
      ck_assert_uint_le (prev_end, d->start);
      ck_assert_uint_lt (d->start, d->end);
      ck_assert_uint_le (d->end, strlen (text));
      prev_end = d->end;
      if (i > 0)
        g_string_append_c (got, '|');
      g_string_append_len (got, text + d->start, (gssize) (d->end - d->start));
    }
  ck_assert_str_eq (got->str, offset_cases[_i].exprs);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* First and last day, precision                                            */

static const struct
{
  const gchar *text;
  gint year;
  const gchar *value, *first, *last;
  PueblaDatePrecision precision;
} bounds_cases[] = {
  { "2 de diciembre de 2004", 0, "2004-12-02", "2004-12-02", "2004-12-02", PUEBLA_DATE_DAY },
  { "febrero de 2004", 0, "2004-02", "2004-02-01", "2004-02-29", PUEBLA_DATE_MONTH },
  { "febrero de 2005", 0, "2005-02", "2005-02-01", "2005-02-28", PUEBLA_DATE_MONTH },
  { "febrero de 2000", 0, "2000-02", "2000-02-01", "2000-02-29", PUEBLA_DATE_MONTH },
  { "abril 2007", 0, "2007-04", "2007-04-01", "2007-04-30", PUEBLA_DATE_MONTH },
  { "primer trimestre de 2004", 0, "2004-Q1", "2004-01-01", "2004-03-31", PUEBLA_DATE_QUARTER },
  { "segundo trimestre de 2004", 0, "2004-Q2", "2004-04-01", "2004-06-30", PUEBLA_DATE_QUARTER },
  { "Q3 2004", 0, "2004-Q3", "2004-07-01", "2004-09-30", PUEBLA_DATE_QUARTER },
  { "último trimestre de 2004", 0, "2004-Q4", "2004-10-01", "2004-12-31", PUEBLA_DATE_QUARTER },
  { "primer semestre de 2005", 0, "2005-H1", "2005-01-01", "2005-06-30", PUEBLA_DATE_HALF },
  { "second half of 2005", 0, "2005-H2", "2005-07-01", "2005-12-31", PUEBLA_DATE_HALF },
  { "2005", 0, "2005", "2005-01-01", "2005-12-31", PUEBLA_DATE_YEAR },
  { "2004-2005", 0, "2004/2005", "2004-01-01", "2005-12-31", PUEBLA_DATE_YEAR },
  { "junio 2002 – mayo 2003", 0, "2002-06/2003-05", "2002-06-01", "2003-05-31", PUEBLA_DATE_MONTH },
  { "del 28 de febrero al 1 de marzo", 2004, "2004-02-28/2004-03-01", "2004-02-28", "2004-03-01",
    PUEBLA_DATE_DAY },
  { "2004 – febrero 2005", 0, "2004/2005-02", "2004-01-01", "2005-02-28", PUEBLA_DATE_YEAR },
};

START_TEST (test_bounds)
{
  g_autoptr (GPtrArray) dates = puebla_dates_find (bounds_cases[_i].text, bounds_cases[_i].year);
  ck_assert_uint_eq (dates->len, 1);
  const PueblaDate *d = g_ptr_array_index (dates, 0);
  ck_assert_str_eq (d->value, bounds_cases[_i].value);
  ck_assert_str_eq (d->first_day, bounds_cases[_i].first);
  ck_assert_str_eq (d->last_day, bounds_cases[_i].last);
  ck_assert_int_eq (d->precision, bounds_cases[_i].precision);

  g_autofree gchar *first = NULL;
  g_autofree gchar *last = NULL;
  ck_assert (puebla_date_value_bounds (d->value, &first, &last));
  ck_assert_str_eq (first, d->first_day);
  ck_assert_str_eq (last, d->last_day);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* puebla_date_value_bounds                                                 */

static const struct
{
  const gchar *value, *first, *last; /* first == NULL: refused */
} value_cases[] = {
  { "2004", "2004-01-01", "2004-12-31" },
  { "2004-02", "2004-02-01", "2004-02-29" },
  { "1900-02", "1900-02-01", "1900-02-28" },
  { "2004-12-02", "2004-12-02", "2004-12-02" },
  { "2004-Q1", "2004-01-01", "2004-03-31" },
  { "2004-Q4", "2004-10-01", "2004-12-31" },
  { "2004-H1", "2004-01-01", "2004-06-30" },
  { "2004-H2", "2004-07-01", "2004-12-31" },
  { "2004-12-02/2004-12-03", "2004-12-02", "2004-12-03" },
  { "2002-06/2003-05", "2002-06-01", "2003-05-31" },
  { "2004/2005", "2004-01-01", "2005-12-31" },
  { "2004/2005-03", "2004-01-01", "2005-03-31" },
  { "2004/2004-03", NULL, NULL },                /* ends before its start ends */
  { "", NULL, NULL },
  { "04", NULL, NULL },
  { "2004-13", NULL, NULL },
  { "2004-00", NULL, NULL },
  { "2004-02-30", NULL, NULL },
  { "2005-02-29", NULL, NULL },
  { "2004-Q5", NULL, NULL },
  { "2004-Q0", NULL, NULL },
  { "2004-H3", NULL, NULL },
  { "2004-q1", NULL, NULL },
  { "2004-12-2", NULL, NULL },
  { "2004-1", NULL, NULL },
  { "2005/2004", NULL, NULL },
  { "2004/", NULL, NULL },
  { "/2004", NULL, NULL },
  { "2004/2005/2006", NULL, NULL },
  { "2004-12-02x", NULL, NULL },
  { " 2004", NULL, NULL },
  { "abcd", NULL, NULL },
  { "0000", NULL, NULL },
};

START_TEST (test_value_bounds)
{
  gchar *first = (gchar *) "untouched", *last = (gchar *) "untouched";
  const gboolean ok = puebla_date_value_bounds (value_cases[_i].value, &first, &last);
  if (value_cases[_i].first == NULL)
    {
      ck_assert_msg (!ok, "«%s» should be refused", value_cases[_i].value);
      ck_assert_str_eq (first, "untouched");
      ck_assert_str_eq (last, "untouched");
      return;
    }
  ck_assert_msg (ok, "«%s» should be accepted", value_cases[_i].value);
  ck_assert_str_eq (first, value_cases[_i].first);
  ck_assert_str_eq (last, value_cases[_i].last);
  g_free (first);
  g_free (last);
}
END_TEST

START_TEST (test_value_bounds_null_out)
{
  ck_assert (puebla_date_value_bounds ("2004-Q2", NULL, NULL));
  ck_assert (!puebla_date_value_bounds (NULL, NULL, NULL));
}
END_TEST

/* Every value found in every table case parses back to its own bounds. */
static void
round_trip_table (const Case *cases, gsize n)
{
  for (gsize k = 0; k < n; k++)
    {
      g_autoptr (GPtrArray) dates = puebla_dates_find (cases[k].text, cases[k].year);
      for (guint i = 0; i < dates->len; i++)
        {
          const PueblaDate *d = g_ptr_array_index (dates, i);
          g_autofree gchar *first = NULL;
          g_autofree gchar *last = NULL;
          ck_assert_msg (puebla_date_value_bounds (d->value, &first, &last), "«%s» not parsed back", d->value);
          ck_assert_str_eq (first, d->first_day);
          ck_assert_str_eq (last, d->last_day);
          ck_assert_str_le (d->first_day, d->last_day);
        }
    }
}

START_TEST (test_round_trip)
{
  round_trip_table (day_cases, G_N_ELEMENTS (day_cases));
  round_trip_table (day_range_cases, G_N_ELEMENTS (day_range_cases));
  round_trip_table (month_cases, G_N_ELEMENTS (month_cases));
  round_trip_table (period_cases, G_N_ELEMENTS (period_cases));
  round_trip_table (context_cases, G_N_ELEMENTS (context_cases));
}
END_TEST

/* Odd input: empty, no dates, invalid UTF-8, a long text made of cases. */
START_TEST (test_odd_input)
{
  g_autoptr (GPtrArray) none = puebla_dates_find ("", 2005);
  ck_assert_uint_eq (none->len, 0);
  g_autoptr (GPtrArray) null_text = puebla_dates_find (NULL, 2005);
  ck_assert_uint_eq (null_text->len, 0);
  g_autofree gchar *bad = found_values ("\xff\xfe 2 de \xc3 diciembre de 2004 \xe2\x80 MARZO 2005", 0);
  ck_assert_str_eq (bad, "2004-12|2005-03"); /* the stray byte cuts "2 de" off */

  /* The day ranges with an explicit year one after the other, in separate
     table cells: each is found as it is alone. */
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GString) want = g_string_new (NULL);
  for (gsize k = 0; k < G_N_ELEMENTS (day_range_cases); k++)
    {
      if (day_range_cases[k].year != 0)
        continue;
      g_string_append_printf (text, "%s\t", day_range_cases[k].text);
      if (want->len)
        g_string_append_c (want, '|');
      g_string_append (want, day_range_cases[k].want);
    }
  g_autofree gchar *got = found_values (text->str, 0);
  ck_assert_str_eq (got, want->str);
}
END_TEST

static Suite *
dates_suite (void)
{
  Suite *s = suite_create ("dates");
  TCase *tc = tcase_create ("find");
  tcase_add_loop_test (tc, test_days, 0, G_N_ELEMENTS (day_cases));
  tcase_add_loop_test (tc, test_day_ranges, 0, G_N_ELEMENTS (day_range_cases));
  tcase_add_loop_test (tc, test_months, 0, G_N_ELEMENTS (month_cases));
  tcase_add_loop_test (tc, test_periods, 0, G_N_ELEMENTS (period_cases));
  tcase_add_loop_test (tc, test_context, 0, G_N_ELEMENTS (context_cases));
  tcase_add_loop_test (tc, test_not_dates, 0, G_N_ELEMENTS (not_date_cases));
  tcase_add_loop_test (tc, test_offsets, 0, G_N_ELEMENTS (offset_cases));
  tcase_add_test (tc, test_odd_input);
  suite_add_tcase (s, tc);

  tc = tcase_create ("bounds");
  tcase_add_loop_test (tc, test_bounds, 0, G_N_ELEMENTS (bounds_cases));
  tcase_add_loop_test (tc, test_value_bounds, 0, G_N_ELEMENTS (value_cases));
  tcase_add_test (tc, test_value_bounds_null_out);
  tcase_add_test (tc, test_round_trip);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  SRunner *runner = srunner_create (dates_suite ());
  srunner_run_all (runner, CK_NORMAL);
  const int failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
