/* fuzz-dates.c: fuzzed text through the date parser (ingest/dates.h).
 *
 * The input, made valid UTF-8, is searched for dates with and without a
 * year for the document. Invariants: dates come in order and do not
 * overlap; offsets lie within the text on character boundaries; every
 * date has a value, and its first and last days are real days
 * (YYYY-MM-DD), the first not after the last; the value read back with
 * puebla_date_value_bounds gives the same two days. The raw input is also
 * read as a value (as a date: query would give it).
 */
#include <string.h>

#include "dates.h"
#include "fuzz.h"

/* TRUE when DAY is "YYYY-MM-DD" and a day of the calendar. */
static gboolean
is_day (const gchar *day)
{
  if (day == NULL || strlen (day) != 10 || day[4] != '-' || day[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (day[i]))
      return FALSE;
  gint y = atoi (day), m = atoi (day + 5), d = atoi (day + 8);
  return g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

static void
check_dates (const gchar *text, gint default_year)
{
  const gsize len = strlen (text);
  g_autoptr (GPtrArray) dates = puebla_dates_find (text, default_year);
  FUZZ_CHECK (dates != NULL, "NULL list");
  gsize previous_end = 0;
  for (guint i = 0; i < dates->len; i++)
    {
      const PueblaDate *d = g_ptr_array_index (dates, i);
      FUZZ_CHECK (d->start < d->end && d->end <= len, "date %u at [%zu, %zu) in %zu bytes", i, d->start, d->end, len);
      FUZZ_CHECK (d->start >= previous_end, "date %u at %zu overlaps the one before (ends %zu)", i, d->start,
                  previous_end);
      FUZZ_CHECK (fuzz_is_char_boundary (text, len, d->start) && fuzz_is_char_boundary (text, len, d->end),
                  "date %u at [%zu, %zu) cuts a character", i, d->start, d->end);
      previous_end = d->end;
      FUZZ_CHECK (d->value != NULL && *d->value, "date %u has no value", i);
      FUZZ_CHECK (is_day (d->first_day), "date %u '%s': first day '%s'", i, d->value,
                  d->first_day ? d->first_day : "(null)");
      FUZZ_CHECK (is_day (d->last_day), "date %u '%s': last day '%s'", i, d->value,
                  d->last_day ? d->last_day : "(null)");
      FUZZ_CHECK (strcmp (d->first_day, d->last_day) <= 0, "date %u '%s' ends (%s) before it starts (%s)", i,
                  d->value, d->last_day, d->first_day);
      FUZZ_CHECK (d->precision <= PUEBLA_DATE_YEAR, "date %u: precision %d", i, (int) d->precision);

      g_autofree gchar *first = NULL, *last = NULL;
      FUZZ_CHECK (puebla_date_value_bounds (d->value, &first, &last), "value '%s' (of '%.*s') is not read back",
                  d->value, (int) (d->end - d->start), text + d->start);
      FUZZ_CHECK (g_str_equal (first, d->first_day) && g_str_equal (last, d->last_day),
                  "value '%s' reads back as %s..%s, the parser said %s..%s", d->value, first, last, d->first_day,
                  d->last_day);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree gchar *text = fuzz_utf8_text (data, size);
  check_dates (text, 0);
  check_dates (text, 2005);

  /* the input as one normalised value */
  g_autofree gchar *first = NULL, *last = NULL;
  if (puebla_date_value_bounds (text, &first, &last))
    {
      FUZZ_CHECK (is_day (first) && is_day (last), "value '%s' gives %s..%s", text, first, last);
      FUZZ_CHECK (strcmp (first, last) <= 0, "value '%s' gives %s..%s", text, first, last);
    }
  return 0;
}
