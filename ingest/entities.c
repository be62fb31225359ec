/* entities.c: entities and document metadata (see entities.h). */
#include "entities.h"

#include "dates.h"
#include "textclean.h"

#include <string.h>

/* How much of the first page counts as the heading of a document. */
#define HEADING_BYTES 1200

/* How far after "GRCM" its date may stand: "GRCM de Vancouver, marzo 2005". */
#define GRCM_DATE_WINDOW 80

static PueblaEntity *
entity_new (PueblaEntityType type, const gchar *id, const gchar *text, gsize start, gsize end)
{
  PueblaEntity *e = g_new0 (PueblaEntity, 1);
  e->type = type;
  e->id = g_strdup (id);
  e->text = g_strndup (text + start, end - start);
  e->start = start;
  e->end = end;
  return e;
}

static gint
compare_entities (gconstpointer a, gconstpointer b)
{
  const PueblaEntity *x = *(PueblaEntity *const *) a;
  const PueblaEntity *y = *(PueblaEntity *const *) b;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end > y->end ? -1 : 1; /* the longer first */
  return (gint) x->type - (gint) y->type;
}

/* ---- Small helpers over the raw text ----------------------------------------------- */

/* The word that ends right before byte AT (spaces skipped): [*start, *end). */
static gboolean
word_before (const gchar *text, gsize at, gsize *start, gsize *end)
{
  const gchar *p = text + at;
  while (p > text)
    {
      const gchar *q = g_utf8_prev_char (p);
      if (!g_unichar_isspace (g_utf8_get_char (q)))
        break;
      p = q;
    }
  const gchar *e = p;
  while (p > text)
    {
      const gchar *q = g_utf8_prev_char (p);
      if (!g_unichar_isalnum (g_utf8_get_char (q)))
        break;
      p = q;
    }
  if (p == e)
    return FALSE;
  *start = (gsize) (p - text);
  *end = (gsize) (e - text);
  return TRUE;
}

/* The value of the Roman numeral WORD (capitals, I to LIX, written the
   usual way: not IIII or VX), or 0. Called on every run of capitals of a
   text, so it allocates nothing and rejects other words at once. */
static guint
roman_value (const gchar *word, gsize len)
{
  if (len == 0 || len > 8 || strspn (word, "IVXL") < len)
    return 0;
  static const gchar *const units[] = { "", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX" };
  static const gchar *const tens[] = { "", "X", "XX", "XXX", "XL", "L" };
  for (guint t = 0; t < G_N_ELEMENTS (tens); t++)
    {
      gsize lt = strlen (tens[t]);
      if (lt > len || memcmp (word, tens[t], lt) != 0)
        continue;
      for (guint u = (t == 0); u < G_N_ELEMENTS (units); u++)
        if (lt + strlen (units[u]) == len && memcmp (word + lt, units[u], len - lt) == 0)
          return t * 10 + u;
    }
  return 0;
}

/* Ordinal words before a meeting: "Décima Conferencia", "Tenth Regional
   Conference" (folded). */
static guint
ordinal_value (const gchar *folded)
{
  static const struct { const gchar *word; guint value; } ordinals[] = {
    { "primera", 1 },   { "segunda", 2 },     { "tercera", 3 },    { "cuarta", 4 },    { "quinta", 5 },
    { "sexta", 6 },     { "septima", 7 },     { "octava", 8 },     { "novena", 9 },    { "decima", 10 },
    { "undecima", 11 }, { "duodecima", 12 },  { "first", 1 },      { "second", 2 },    { "third", 3 },
    { "fourth", 4 },    { "fifth", 5 },       { "sixth", 6 },      { "seventh", 7 },   { "eighth", 8 },
    { "ninth", 9 },     { "tenth", 10 },      { "eleventh", 11 },  { "twelfth", 12 },  { "thirteenth", 13 },
    { "fourteenth", 14 }, { "fifteenth", 15 }, { "sixteenth", 16 }, { "seventeenth", 17 },
    { "eighteenth", 18 }, { "nineteenth", 19 }, { "twentieth", 20 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (ordinals); i++)
    if (g_str_equal (folded, ordinals[i].word))
      return ordinals[i].value;
  return 0;
}

/* TRUE when the folded text from AT starts with one of PHRASES, as words. */
static gboolean
starts_with_phrase (const gchar *text, gsize at, const gchar *const *phrases)
{
  gsize avail = strnlen (text + at, 64);
  g_autofree gchar *folded = puebla_gazetteer_fold (text + at, (gssize) avail);
  /* squeeze punctuation and spaces into single spaces */
  GString *s = g_string_new (NULL);
  gboolean gap = TRUE;
  for (const gchar *p = folded; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          g_string_append_c (s, *p);
          gap = FALSE;
        }
      else if (!gap)
        {
          g_string_append_c (s, ' ');
          gap = TRUE;
        }
    }
  g_string_append_c (s, ' ');
  gboolean found = FALSE;
  for (guint i = 0; phrases[i] && !found; i++)
    {
      g_autofree gchar *with_space = g_strconcat (phrases[i], " ", NULL);
      found = g_str_has_prefix (s->str, with_space);
    }
  g_string_free (s, TRUE);
  return found;
}

/* ---- Meetings ------------------------------------------------------------------- */

static void
add_meeting (GPtrArray *out, const PueblaGazetteer *g, guint number, const gchar *text, gsize start, gsize end)
{
  const PueblaMeeting *m = puebla_gazetteer_get_meeting (g, number);
  g_autofree gchar *id = NULL;
  if (m == NULL)
    {
      /* a meeting the table does not know yet: still its own id */
      static const gchar *const units[] = { "", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX" };
      static const gchar *const tens[] = { "", "X", "XX", "XXX", "XL", "L" };
      if (number == 0 || number >= 60)
        return;
      id = g_strdup_printf ("%s%s CRM", tens[number / 10], units[number % 10]);
    }
  PueblaEntity *e = entity_new (PUEBLA_ENTITY_MEETING, m ? m->id : id, text, start, end);
  e->date = m ? g_strdup (m->date) : NULL;
  g_ptr_array_add (out, e);
}

static const gchar *const viceministerial_phrases[] = {
  "reunion viceministerial", "reunion vice ministerial", "vice ministerial meeting", "viceministerial meeting",
  NULL,
};

/* "IX CRM", "la X Conferencia Regional sobre Migración", "Décima CRM",
   "XII Reunión Viceministerial". */
static void
find_crm_meetings (GPtrArray *out, const PueblaGazetteer *g, const gchar *text, GArray *names)
{
  /* a numeral before a CRM name */
  for (guint i = 0; i < names->len; i++)
    {
      const PueblaGazetteerMatch *m = &g_array_index (names, PueblaGazetteerMatch, i);
      if (m->type != PUEBLA_ENTITY_ORG || !g_str_equal (m->id, "CRM"))
        continue;
      gsize ws, we;
      if (!word_before (text, m->start, &ws, &we))
        continue;
      guint n = roman_value (text + ws, we - ws);
      if (n == 0)
        {
          g_autofree gchar *folded = puebla_gazetteer_fold (text + ws, (gssize) (we - ws));
          n = ordinal_value (folded);
        }
      if (n)
        add_meeting (out, g, n, text, ws, m->end);
    }

  /* a numeral before "Reunión Viceministerial" */
  const gchar *p = text;
  while (*p)
    {
      if (!g_ascii_isupper (*p) || (p > text && g_unichar_isalnum (g_utf8_get_char (g_utf8_prev_char (p)))))
        {
          p = g_utf8_next_char (p);
          continue;
        }
      const gchar *start = p;
      while (g_ascii_isupper (*p))
        p++;
      guint n = g_unichar_isalnum (g_utf8_get_char (p)) ? 0 : roman_value (start, (gsize) (p - start));
      if (n && *p == ' ' && starts_with_phrase (text, (gsize) (p + 1 - text), viceministerial_phrases))
        {
          /* the entity covers the numeral and the two words after it */
          const gchar *end = p + 1;
          for (guint words = 0; *end && words < 2;)
            {
              while (*end && !g_unichar_isalnum (g_utf8_get_char (end)))
                end = g_utf8_next_char (end);
              while (*end && (g_unichar_isalnum (g_utf8_get_char (end)) || *end == '-'))
                end = g_utf8_next_char (end);
              words++;
            }
          add_meeting (out, g, n, text, (gsize) (start - text), (gsize) (end - text));
        }
    }
}

/* "GRCM de Vancouver, marzo 2005", "GRCM OCT 05", "reunión del GRCM de
   octubre 2002": the GRCM and a month soon after it. */
static void
find_grcm_meetings (GPtrArray *out, const gchar *text, GArray *names, GPtrArray *dates)
{
  const PueblaDate *used = NULL; /* "Grupo Regional … (GRCM), marzo 2005": one meeting */
  for (guint i = 0; i < names->len; i++)
    {
      const PueblaGazetteerMatch *m = &g_array_index (names, PueblaGazetteerMatch, i);
      if (m->type != PUEBLA_ENTITY_ORG || !g_str_equal (m->id, "GRCM"))
        continue;
      for (guint j = 0; j < dates->len; j++)
        {
          const PueblaDate *d = g_ptr_array_index (dates, j);
          if (d->start < m->end)
            continue;
          if (d->start - m->end > GRCM_DATE_WINDOW)
            break;
          /* not past the end of the sentence or cell (a heading may put
             its place and date after a blank line) */
          g_autofree gchar *between = g_strndup (text + m->end, d->start - m->end);
          if (strpbrk (between, ";\t") || strstr (between, ". ") || strstr (between, ".\n")
              || strstr (between, "\n\n\n"))
            break;
          if (d == used)
            break;
          if (d->precision == PUEBLA_DATE_YEAR || d->precision == PUEBLA_DATE_HALF
              || d->precision == PUEBLA_DATE_QUARTER || strlen (d->first_day) < 7)
            break;
          g_autofree gchar *month = g_strndup (d->first_day, 7);
          g_autofree gchar *id = g_strdup_printf ("GRCM %s", month);
          PueblaEntity *e = entity_new (PUEBLA_ENTITY_MEETING, id, text, m->start, d->end);
          e->date = g_strdup (month);
          g_ptr_array_add (out, e);
          used = d;
          break;
        }
    }
}

/* ---- Status -------------------------------------------------------------------------- */

/* TRUE when a negation stands among the three words before AT, in the same
   sentence: "no se realizó", "aún no se ha efectuado", "not held". */
static gboolean
negated (const gchar *text, gsize at)
{
  gsize from = at > 48 ? at - 48 : 0;
  while (from > 0 && (text[from] & 0xC0) == 0x80)
    from++;
  g_autofree gchar *folded = puebla_gazetteer_fold (text + from, (gssize) (at - from));
  /* only the part after the last sentence or cell break */
  gchar *cut = folded;
  for (gchar *p = folded; *p; p++)
    if (*p == '.' || *p == ';' || *p == '\t' || *p == ':')
      cut = p + 1;
  g_auto (GStrv) words = g_strsplit_set (cut, " ,\n()\"", -1);
  guint n = g_strv_length (words), seen = 0;
  for (gint i = (gint) n - 1; i >= 0 && seen < 3; i--)
    {
      if (*words[i] == '\0')
        continue;
      seen++;
      if (g_str_equal (words[i], "no") || g_str_equal (words[i], "not") || g_str_equal (words[i], "never")
          || g_str_equal (words[i], "nunca") || g_str_equal (words[i], "sin") || g_str_equal (words[i], "ni"))
        return TRUE;
    }
  return FALSE;
}

/* ---- The liaison networks ----------------------------------------------------------------- */

/* How far after "Red de Funcionarios de Enlace" its topic may stand. */
#define NETWORK_TOPIC_WINDOW 160

/* The network the generic name at [START, END) stands for: from the topic
   words after it in the sentence or cell ("… para la Protección Consular",
   "(PROTECCIÓN CONSULAR)", "… sobre 37 casos de trata"), else the network
   named last before it (LAST), else NULL. */
static const gchar *
network_of (const gchar *text, gsize end, const gchar *last)
{
  gsize n = strnlen (text + end, NETWORK_TOPIC_WINDOW);
  g_autofree gchar *after = puebla_gazetteer_fold (text + end, (gssize) n);
  /* the sentence or cell only */
  for (gchar *p = after; *p; p++)
    if (*p == ';' || *p == '\t' || (*p == '.' && (p[1] == ' ' || p[1] == '\n' || p[1] == '\0')))
      {
        *p = '\0';
        break;
      }
  static const struct { const gchar *word, *id; } topics[] = {
    { "proteccion consular", "RFE-PC" }, { "consular protection", "RFE-PC" }, { "consular", "RFE-PC" },
    { "trata", "RFE-TRATA" },            { "trafico", "RFE-TRATA" },          { "trafficking", "RFE-TRATA" },
    { "smuggling", "RFE-TRATA" },
  };
  const gchar *best = NULL;
  const gchar *best_at = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (topics); i++)
    {
      const gchar *at = strstr (after, topics[i].word);
      if (at && (best_at == NULL || at < best_at))
        {
          best_at = at;
          best = topics[i].id;
        }
    }
  return best ? best : last;
}

/* ---- All together ---------------------------------------------------------------------- */

GPtrArray *
puebla_entities_find (const PueblaGazetteer *g, const gchar *text, gint default_year)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) puebla_entity_free);
  g_autoptr (GArray) names = puebla_gazetteer_scan (g, text);
  g_autoptr (GPtrArray) dates = puebla_dates_find (text, default_year);

  const gchar *last_network = NULL;
  for (guint i = 0; i < names->len; i++)
    {
      const PueblaGazetteerMatch *m = &g_array_index (names, PueblaGazetteerMatch, i);
      const gchar *id = m->id;
      if (m->type == PUEBLA_ENTITY_ORG && g_str_has_prefix (id, "RFE"))
        {
          if (g_str_equal (id, "RFE"))
            {
              const gchar *network = network_of (text, m->end, last_network);
              id = network ? network : id;
            }
          else
            last_network = id;
        }
      if (m->type == PUEBLA_ENTITY_STATUS && (g_str_equal (id, "completed") || g_str_equal (id, "ongoing"))
          && negated (text, m->start))
        id = "pending";
      g_ptr_array_add (out, entity_new (m->type, id, text, m->start, m->end));
    }
  for (guint i = 0; i < dates->len; i++)
    {
      const PueblaDate *d = g_ptr_array_index (dates, i);
      PueblaEntity *e = entity_new (PUEBLA_ENTITY_DATE, d->value, text, d->start, d->end);
      e->date = g_strdup (d->first_day);
      e->last_date = g_strdup (d->last_day);
      g_ptr_array_add (out, e);
    }
  find_crm_meetings (out, g, text, names);
  find_grcm_meetings (out, text, names, dates);

  g_ptr_array_sort (out, compare_entities);
  return out;
}

/* ---- Document metadata -------------------------------------------------------------------- */

const gchar *
puebla_entities_guess_language (const gchar *text)
{
  static const gchar *const es[] = { "de", "la", "que", "el", "en", "los", "del", "las", "por", "con",
                                     "para", "una", "se", "y", "sobre", "su" };
  static const gchar *const en[] = { "the", "of", "and", "to", "in", "for", "on", "with", "is",
                                     "by", "that", "be", "are", "this", "from", "which" };
  gsize len = strnlen (text, 30000);
  g_autofree gchar *folded = puebla_gazetteer_fold (text, (gssize) len);
  g_auto (GStrv) words = g_strsplit_set (folded, " \t\n\r.,;:()\"'-/", -1);
  guint n_es = 0, n_en = 0;
  for (guint i = 0; words[i]; i++)
    {
      for (guint k = 0; k < G_N_ELEMENTS (es); k++)
        if (g_str_equal (words[i], es[k]))
          n_es++;
      for (guint k = 0; k < G_N_ELEMENTS (en); k++)
        if (g_str_equal (words[i], en[k]))
          n_en++;
    }
  return n_en > n_es ? "en" : "es";
}

static const struct
{
  const gchar *kind;
  const gchar *phrase; /* folded */
} kind_phrases[] = {
  { "plan-de-accion", "plan de accion" },
  { "plan-de-accion", "plan of action" },
  { "plan-de-accion", "action plan" },
  { "plan-de-trabajo", "plan de trabajo" },
  { "plan-de-trabajo", "work plan" },
  { "plan-de-trabajo", "workplan" },
  { "conclusiones", "conclusiones" },
  { "conclusiones", "conclusions" },
  { "informe", "informe" },
  { "informe", "report" },
  { "declaracion", "declaracion" },
  { "declaracion", "declaration" },
  { "declaracion", "comunicado conjunto" },
  { "declaracion", "joint communique" },
  { "lineamientos", "lineamientos" },
  { "lineamientos", "guidelines" },
  { "acta", "acta" },
  { "acta", "minutes" },
};

/* Where PHRASE first stands in FOLDED as whole words, or -1. */
static gssize
find_words (const gchar *folded, const gchar *phrase)
{
  gsize n = strlen (phrase);
  for (const gchar *p = strstr (folded, phrase); p; p = strstr (p + 1, phrase))
    {
      gboolean before = p == folded || !g_ascii_isalnum (p[-1]);
      gboolean after = !g_ascii_isalnum (p[n]);
      if (before && after)
        return p - folded;
    }
  return -1;
}

/* The bytes of TEXT's heading: at most HEADING_BYTES, not ending inside a
   character. */
static gsize
heading_len (const gchar *text)
{
  gsize n = strnlen (text, HEADING_BYTES);
  const gchar *end = text + n;
  if (text[n] != '\0')
    g_utf8_validate_len (text, n, &end);
  return (gsize) (end - text);
}

const gchar *
puebla_entities_guess_kind (const gchar *heading)
{
  g_autofree gchar *raw = puebla_gazetteer_fold (heading, (gssize) heading_len (heading));
  g_autofree gchar *folded = puebla_text_squeeze_spaces (raw);
  const gchar *best = "otro";
  gssize best_at = -1;
  for (guint i = 0; i < G_N_ELEMENTS (kind_phrases); i++)
    {
      gssize at = find_words (folded, kind_phrases[i].phrase);
      if (at >= 0 && (best_at < 0 || at < best_at))
        {
          best_at = at;
          best = kind_phrases[i].kind;
        }
    }
  return best;
}

const gchar *
puebla_entities_resolve_kind (const gchar *name)
{
  g_autofree gchar *raw = puebla_gazetteer_fold (name, -1);
  g_autofree gchar *folded = puebla_text_squeeze_spaces (raw);
  g_strdelimit (folded, "-_", ' ');
  for (guint i = 0; i < G_N_ELEMENTS (kind_phrases); i++)
    {
      g_autofree gchar *id_words = g_strdelimit (g_strdup (kind_phrases[i].kind), "-", ' ');
      if (g_str_equal (folded, kind_phrases[i].phrase) || g_str_equal (folded, id_words))
        return kind_phrases[i].kind;
    }
  if (g_str_equal (folded, "otro") || g_str_equal (folded, "other"))
    return "otro";
  return NULL;
}

void
puebla_entities_annotate (const PueblaGazetteer *g, PueblaRecord *record)
{
  g_return_if_fail (g != NULL && record != NULL);
  if (record->pages->len == 0)
    return;

  const PueblaPage *first = g_ptr_array_index (record->pages, 0);
  g_autofree gchar *heading = g_strndup (first->text, heading_len (first->text));
  g_autofree gchar *text = puebla_record_get_text (record);

  g_free (record->language);
  record->language = g_strdup (puebla_entities_guess_language (text));
  g_free (record->kind);
  record->kind = g_strdup (puebla_entities_guess_kind (heading));

  /* the heading first: its date dates the days without a year below */
  g_autoptr (GPtrArray) head = puebla_entities_find (g, heading, 0);
  for (guint i = 0; i < head->len; i++)
    {
      const PueblaEntity *e = g_ptr_array_index (head, i);
      if (e->type == PUEBLA_ENTITY_DATE && record->date == NULL)
        record->date = g_strdup (e->id);
      else if (e->type == PUEBLA_ENTITY_MEETING && record->meeting == NULL)
        record->meeting = g_strdup (e->id);
      else if (e->type == PUEBLA_ENTITY_COUNTRY && record->place == NULL)
        {
          record->place = g_strdup (e->text);
          record->place_country = g_strdup (e->id);
        }
    }
  gint year = record->date ? (gint) g_ascii_strtoll (record->date, NULL, 10) : 0;

  g_ptr_array_set_size (record->entities, 0);
  for (guint p = 0; p < record->pages->len; p++)
    {
      const PueblaPage *page = g_ptr_array_index (record->pages, p);
      g_autoptr (GPtrArray) found = puebla_entities_find (g, page->text, year);
      gsize n = 0;
      g_autofree gpointer *items = g_ptr_array_steal (found, &n); /* the entities move to the record */
      for (gsize i = 0; i < n; i++)
        {
          PueblaEntity *e = items[i];
          e->page = page->number;
          g_ptr_array_add (record->entities, e);
        }
    }
}

void
puebla_entities_annotate_passages (const PueblaGazetteer *g, PueblaRecord *record)
{
  gint year = record->date ? (gint) g_ascii_strtoll (record->date, NULL, 10) : 0;
  for (guint i = 0; i < record->passages->len; i++)
    {
      PueblaPassage *p = g_ptr_array_index (record->passages, i);
      if (p->entities)
        g_ptr_array_unref (p->entities);
      p->entities = puebla_entities_find (g, p->text, year);
    }
}
