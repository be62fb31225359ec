/* gen-corpus.c: a benchmark corpus of CRM-like records, the same bytes for
 * the same seed.
 *
 *   gen-corpus --seed S --records N --out DIR [--gazetteers DIR] [--jobs J]
 *
 * Writes N records under DIR/records/NNN/ and DIR/manifest.jsonl, one
 * JSON object a record, in record order (docs/benchmarks.md lists the
 * fields). The records have the structures of corpus/records: plans of
 * action and work plans as Word tables saved as text (header lines that
 * each begin with a TAB, then cells each starting with a TAB-led line),
 * numbered conclusions, reports in sections (I., A., (1)); in Spanish and,
 * for some conclusions and reports, English. They name countries (the CRM
 * members most), organizations, meetings and status cues from
 * data/gazetteers, and dates in the written forms of the records.
 *
 * Forms, assigned in blocks of 20 records so that any 400 records hold
 * exactly the target mix: 12 UTF-8 text, 1 ISO-8859-1, 1 Windows-1252,
 * 1 UTF-16 (LE or BE, with or without a BOM), 5 PDF (drawn with cairo:
 * tables as ruled grids with text at positions, as Word exports them,
 * prose as wrapped lines). Text is 2 KB to 60 KB a record (log-uniform).
 *
 * Determinism: each record draws from its own GRand seeded with (seed,
 * record number), and the form blocks from (seed, block): a record does
 * not depend on N, on the order of generation or on the number of jobs,
 * so a corpus of 1,000 is the first 1,000 records of one of 10,000. No
 * time, address or locale is read. Text files are the same bytes on any
 * machine given the same gazetteers; PDFs are the same bytes given the
 * same cairo and fonts (the metadata dates are the record's own date; the
 * Producer line names cairo's version).
 *
 * What it does not do: check what puebla finds (tests/check_gen_corpus.c
 * and bench/compare.sh do).
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <glib.h>
#include <math.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef PUEBLA_GAZETTEER_DIR
#define PUEBLA_GAZETTEER_DIR "data/gazetteers"
#endif

/* ---- Vocabulary -------------------------------------------------------------------- */

typedef struct
{
  gchar *id;   /* ISO code, org id */
  gchar *name;
} Name;

typedef struct
{
  gchar *id;   /* "IX CRM" */
  guint year;
  guint month; /* 0: unknown */
  gchar *city;
  gchar *country;
} Meeting;

typedef struct
{
  gchar *status;
  gchar *cue;
} Cue;

typedef struct
{
  GPtrArray *members_es;  /* Name*: the 11 CRM members */
  GPtrArray *members_en;
  GPtrArray *others_es;   /* Name*: other countries */
  GPtrArray *others_en;
  GPtrArray *cities;      /* Name*: id = ISO of the country */
  GPtrArray *org_acronyms;
  GPtrArray *org_names_es;
  GPtrArray *org_names_en;
  GPtrArray *meetings;    /* Meeting* with a month */
  GPtrArray *cues_es;     /* Cue* */
  GPtrArray *cues_en;
} Vocab;

static const struct { const gchar *iso, *es, *en; } crm_members[] = {
  { "BZ", "Belice", "Belize" },        { "CA", "Canadá", "Canada" },
  { "CR", "Costa Rica", "Costa Rica" }, { "SV", "El Salvador", "El Salvador" },
  { "US", "Estados Unidos", "United States" }, { "GT", "Guatemala", "Guatemala" },
  { "HN", "Honduras", "Honduras" },    { "MX", "México", "Mexico" },
  { "NI", "Nicaragua", "Nicaragua" },  { "PA", "Panamá", "Panama" },
  { "DO", "República Dominicana", "Dominican Republic" },
};

static void
name_free (gpointer p)
{
  Name *n = p;
  g_free (n->id);
  g_free (n->name);
  g_free (n);
}

static void
meeting_free (gpointer p)
{
  Meeting *m = p;
  g_free (m->id);
  g_free (m->city);
  g_free (m->country);
  g_free (m);
}

static void
cue_free (gpointer p)
{
  Cue *c = p;
  g_free (c->status);
  g_free (c->cue);
  g_free (c);
}

static Name *
name_new (const gchar *id, const gchar *name)
{
  Name *n = g_new (Name, 1);
  n->id = g_strdup (id);
  n->name = g_strdup (name);
  return n;
}

/* Every record may be written in ISO-8859-1: a name that cannot be is left out. */
static gboolean
latin1_ok (const gchar *s)
{
  g_autofree gchar *out = g_convert (s, -1, "ISO-8859-1", "UTF-8", NULL, NULL, NULL);
  return out != NULL;
}

static gboolean
is_crm_member (const gchar *iso)
{
  for (guint i = 0; i < G_N_ELEMENTS (crm_members); i++)
    if (strcmp (crm_members[i].iso, iso) == 0)
      return TRUE;
  return FALSE;
}

/* The rows of a TSV file, comments and blank lines skipped; each a GStrv. */
static GPtrArray *
read_tsv (const gchar *dir, const gchar *file, GError **error)
{
  g_autofree gchar *path = g_build_filename (dir, file, NULL);
  g_autofree gchar *text = NULL;
  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      g_ptr_array_add (rows, g_strsplit (lines[i], "\t", -1));
    }
  return rows;
}

static gboolean
vocab_load (Vocab *v, const gchar *dir, GError **error)
{
  v->members_es = g_ptr_array_new_with_free_func (name_free);
  v->members_en = g_ptr_array_new_with_free_func (name_free);
  for (guint i = 0; i < G_N_ELEMENTS (crm_members); i++)
    {
      g_ptr_array_add (v->members_es, name_new (crm_members[i].iso, crm_members[i].es));
      g_ptr_array_add (v->members_en, name_new (crm_members[i].iso, crm_members[i].en));
    }

  g_autoptr (GPtrArray) rows = read_tsv (dir, "countries.tsv", error);
  if (rows == NULL)
    return FALSE;
  v->others_es = g_ptr_array_new_with_free_func (name_free);
  v->others_en = g_ptr_array_new_with_free_func (name_free);
  for (guint i = 0; i < rows->len; i++)
    {
      gchar **r = g_ptr_array_index (rows, i);
      if (g_strv_length (r) < 5 || strcmp (r[3], "name") != 0 || strcmp (r[4], "any") != 0
          || is_crm_member (r[0]) || !latin1_ok (r[1]))
        continue;
      if (strcmp (r[2], "es") == 0 || strcmp (r[2], "*") == 0)
        g_ptr_array_add (v->others_es, name_new (r[0], r[1]));
      if (strcmp (r[2], "en") == 0 || strcmp (r[2], "*") == 0)
        g_ptr_array_add (v->others_en, name_new (r[0], r[1]));
    }

  g_autoptr (GPtrArray) cities = read_tsv (dir, "cities.tsv", error);
  if (cities == NULL)
    return FALSE;
  v->cities = g_ptr_array_new_with_free_func (name_free);
  for (guint i = 0; i < cities->len; i++)
    {
      gchar **r = g_ptr_array_index (cities, i);
      /* the cities of the region, where the meetings are held */
      if (g_strv_length (r) >= 5 && strcmp (r[3], "city") == 0 && strcmp (r[4], "any") == 0
          && is_crm_member (r[0]) && latin1_ok (r[1]) && strchr (r[1], '.') == NULL)
        g_ptr_array_add (v->cities, name_new (r[0], r[1]));
    }

  g_autoptr (GPtrArray) orgs = read_tsv (dir, "organizations.tsv", error);
  if (orgs == NULL)
    return FALSE;
  v->org_acronyms = g_ptr_array_new_with_free_func (name_free);
  v->org_names_es = g_ptr_array_new_with_free_func (name_free);
  v->org_names_en = g_ptr_array_new_with_free_func (name_free);
  for (guint i = 0; i < orgs->len; i++)
    {
      gchar **r = g_ptr_array_index (orgs, i);
      if (g_strv_length (r) < 5 || !latin1_ok (r[1]))
        continue;
      if (strcmp (r[3], "acronym") == 0 && strcmp (r[4], "upper") == 0 && strcmp (r[0], r[1]) == 0)
        g_ptr_array_add (v->org_acronyms, name_new (r[0], r[1]));
      else if (strcmp (r[3], "name") == 0 && strcmp (r[4], "any") == 0)
        g_ptr_array_add (strcmp (r[2], "en") == 0 ? v->org_names_en : v->org_names_es, name_new (r[0], r[1]));
    }

  g_autoptr (GPtrArray) meetings = read_tsv (dir, "meetings.tsv", error);
  if (meetings == NULL)
    return FALSE;
  v->meetings = g_ptr_array_new_with_free_func (meeting_free);
  for (guint i = 0; i < meetings->len; i++)
    {
      gchar **r = g_ptr_array_index (meetings, i);
      if (g_strv_length (r) < 7 || r[3][0] == '\0' || r[5][0] == '\0' || !latin1_ok (r[5]))
        continue;
      Meeting *m = g_new0 (Meeting, 1);
      m->id = g_strdup (r[0]);
      m->year = atoi (r[2]);
      m->month = atoi (r[3]);
      m->city = g_strdup (r[5]);
      m->country = g_strdup (r[6]);
      g_ptr_array_add (v->meetings, m);
    }

  g_autoptr (GPtrArray) cues = read_tsv (dir, "status.tsv", error);
  if (cues == NULL)
    return FALSE;
  v->cues_es = g_ptr_array_new_with_free_func (cue_free);
  v->cues_en = g_ptr_array_new_with_free_func (cue_free);
  for (guint i = 0; i < cues->len; i++)
    {
      gchar **r = g_ptr_array_index (cues, i);
      /* whole cues that stand alone in a cell or a clause: lower-case
         infinitives and fragments are left out */
      if (g_strv_length (r) < 3 || !latin1_ok (r[1]) || strlen (r[1]) < 5)
        continue;
      Cue *c = g_new0 (Cue, 1);
      c->status = g_strdup (r[0]);
      c->cue = g_strdup (r[1]);
      g_ptr_array_add (strcmp (r[2], "en") == 0 ? v->cues_en : v->cues_es, c);
    }

  if (v->others_es->len == 0 || v->cities->len == 0 || v->org_acronyms->len == 0 || v->org_names_es->len == 0
      || v->meetings->len == 0 || v->cues_es->len == 0 || v->cues_en->len == 0 || v->org_names_en->len == 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: the gazetteers lack names of some kind", dir);
      return FALSE;
    }
  return TRUE;
}

static void
vocab_clear (Vocab *v)
{
  g_ptr_array_unref (v->members_es);
  g_ptr_array_unref (v->members_en);
  g_ptr_array_unref (v->others_es);
  g_ptr_array_unref (v->others_en);
  g_ptr_array_unref (v->cities);
  g_ptr_array_unref (v->org_acronyms);
  g_ptr_array_unref (v->org_names_es);
  g_ptr_array_unref (v->org_names_en);
  g_ptr_array_unref (v->meetings);
  g_ptr_array_unref (v->cues_es);
  g_ptr_array_unref (v->cues_en);
}

/* Words and phrases of the records that name nothing: no country, org,
   month, digit or status cue, so that what the manifest lists is what was
   planted. */
static const gchar *const topics_es[] = {
  "trata de personas", "tráfico ilícito de migrantes", "protección consular", "retorno de niños, niñas y adolescentes",
  "derechos humanos de los migrantes", "migración y desarrollo", "integración de los migrantes",
  "seguridad de los documentos de viaje", "legislación migratoria", "gestión migratoria", "migración laboral",
  "estadísticas migratorias", "atención a víctimas", "procedimientos de deportación", "menores no acompañados",
  "control de fronteras", "flujos migratorios extrarregionales", "cooperación técnica", "remesas familiares",
  "salud de la población migrante", "asistencia humanitaria", "capacitación de funcionarios",
};
static const gchar *const actions_es[] = {
  "fortalecer", "promover", "elaborar", "revisar", "actualizar", "intercambiar", "difundir", "coordinar",
  "analizar", "identificar", "establecer", "compartir", "impulsar", "apoyar", "desarrollar", "consolidar",
};
static const gchar *const nouns_es[] = {
  "los mecanismos", "un manual", "los lineamientos regionales", "una matriz comparativa", "un diagnóstico regional",
  "un programa de capacitación", "un protocolo de atención", "una base de datos", "una guía de procedimientos",
  "los instrumentos internacionales", "las buenas prácticas", "un estudio regional", "los sistemas de registro",
  "una campaña de información", "los acuerdos bilaterales", "un directorio de funcionarios", "los módulos de formación",
  "las experiencias nacionales", "un sistema de información", "los indicadores de seguimiento",
};
static const gchar *const qualifiers_es[] = {
  "de los migrantes", "de las víctimas", "de los funcionarios consulares", "de las autoridades migratorias",
  "de los países miembros", "de la sociedad civil", "de los trabajadores migrantes", "en la región",
  "a nivel regional", "en las fronteras", "de carácter regional", "de las redes de enlace", "de cada país",
};
static const gchar *const events_es[] = {
  "el Seminario", "el Taller", "el Foro", "la reunión de la Red de Funcionarios de Enlace", "el curso de capacitación",
  "el encuentro técnico", "la reunión de expertos", "el ejercicio de capacitación", "la videoconferencia",
};
static const gchar *const lead_es[] = {
  "Agradecer a", "Tomar nota de la presentación de", "Reconocer el trabajo de", "Acoger la propuesta de",
  "Encomendar a la Secretaría Técnica y a", "Instar a", "Felicitar a", "Recibir con satisfacción el informe de",
};
static const gchar *const links_es[] = {
  "con el apoyo de", "en coordinación con", "a solicitud de", "en el marco del trabajo de", "con la participación de",
  "con el patrocinio de",
};
static const gchar *const section_titles_es[] = {
  "Secretaría Técnica", "Procesos de Convergencia Regional", "Política y Gestión Migratoria", "Derechos Humanos",
  "Migración y Desarrollo", "Redes de Funcionarios de Enlace", "Asuntos Financieros", "Cooperación Internacional",
  "Relaciones con otros Foros", "General",
};
static const gchar *const topics_en[] = {
  "trafficking in persons", "smuggling of migrants", "consular protection", "return of unaccompanied minors",
  "human rights of migrants", "migration and development", "integration of migrants", "travel document security",
  "migration legislation", "labour migration", "migration statistics", "assistance to victims", "border management",
};
static const gchar *const actions_en[] = {
  "strengthen", "promote", "draft", "review", "update", "exchange", "disseminate", "coordinate", "analyse", "share",
};
static const gchar *const nouns_en[] = {
  "the mechanisms", "a manual", "the regional guidelines", "a comparative matrix", "a regional assessment",
  "a training programme", "a protocol of assistance", "a database", "the good practices", "a regional study",
};
static const gchar *const qualifiers_en[] = {
  "of migrants", "of victims", "of consular officials", "of the migration authorities", "of the member countries",
  "of civil society", "in the region", "at the borders",
};
static const gchar *const events_en[] = {
  "the Seminar", "the Workshop", "the Forum", "the meeting of the Liaison Officers Network", "the training course",
};
static const gchar *const lead_en[] = {
  "To thank", "To take note of the presentation by", "To recognise the work of", "To welcome the proposal of",
  "To urge", "To congratulate",
};
static const gchar *const section_titles_en[] = {
  "Technical Secretariat", "Regional Convergence", "Migration Policy and Management", "Human Rights",
  "Migration and Development", "Liaison Officer Networks", "Financial Matters", "General",
};

static const gchar *const months_es[] = { "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
                                          "agosto", "septiembre", "octubre", "noviembre", "diciembre" };
static const gchar *const months_en[] = { "January", "February", "March", "April", "May", "June", "July",
                                          "August", "September", "October", "November", "December" };
static const gchar *const months_abbr[] = { "ENE", "FEB", "MAR", "ABR", "MAY", "JUN",
                                            "JUL", "AGO", "SEPT", "OCT", "NOV", "DIC" };
static const gchar *const ordinals_es[] = { "primer", "segundo", "tercer", "cuarto" };
static const gchar *const ordinals_en[] = { "first", "second", "third", "fourth" };
static const gchar *const romans[] = { "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
                                       "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX" };

/* ---- A record being made ------------------------------------------------------------ */

typedef enum
{
  FORM_UTF8,
  FORM_LATIN1,
  FORM_CP1252,
  FORM_UTF16,
  FORM_PDF,
} Form;

typedef enum
{
  BLOCK_PARA,
  BLOCK_HEADING,
  BLOCK_ITEM,    /* a numbered item: text starts with its number */
  BLOCK_TABLE,
} BlockType;

typedef struct
{
  BlockType type;
  gchar *text;           /* PARA, HEADING, ITEM */
  GPtrArray *header;     /* TABLE: gchar* cells */
  GPtrArray *rows;       /* TABLE: GPtrArray* of gchar* cells */
} Block;

typedef struct
{
  const Vocab *v;
  GRand *rand;
  gboolean english;
  gboolean typographic;  /* “ ” – allowed (not in ISO-8859-1) */
  GPtrArray *blocks;     /* Block* */
  gsize size;            /* UTF-8 bytes of text so far */
  /* what was planted, each a set (value → itself), listed sorted */
  GHashTable *countries, *orgs, *dates, *meetings, *statuses;
  guint year;            /* the record's year, month */
  guint month;
} Doc;

static void
block_free (gpointer p)
{
  Block *b = p;
  g_free (b->text);
  if (b->header)
    g_ptr_array_unref (b->header);
  if (b->rows)
    g_ptr_array_unref (b->rows);
  g_free (b);
}

static guint
pick (Doc *d, guint n)
{
  return g_rand_int_range (d->rand, 0, n);
}

#define PICK(d, array) ((array)[pick ((d), G_N_ELEMENTS (array))])

static void
plant (GHashTable *set, const gchar *value)
{
  g_hash_table_add (set, g_strdup (value));
}

static const gchar *
country (Doc *d)
{
  /* the CRM members three times in four */
  GPtrArray *a = pick (d, 4) ? (d->english ? d->v->members_en : d->v->members_es)
                             : (d->english ? d->v->others_en : d->v->others_es);
  const Name *n = g_ptr_array_index (a, pick (d, a->len));
  plant (d->countries, n->id);
  return n->name;
}

static const gchar *
city (Doc *d)
{
  const Name *n = g_ptr_array_index (d->v->cities, pick (d, d->v->cities->len));
  plant (d->countries, n->id);
  return n->name;
}

/* An organization, as its acronym or its full name with the acronym. */
static gchar *
org (Doc *d)
{
  const Name *n;
  if (pick (d, 3))
    {
      n = g_ptr_array_index (d->v->org_acronyms, pick (d, d->v->org_acronyms->len));
      plant (d->orgs, n->id);
      return g_strdup (n->name);
    }
  GPtrArray *names = d->english ? d->v->org_names_en : d->v->org_names_es;
  n = g_ptr_array_index (names, pick (d, names->len));
  plant (d->orgs, n->id);
  return g_strdup_printf ("%s (%s)", n->name, n->id);
}

static gchar *
meeting (Doc *d)
{
  if (pick (d, 3))
    {
      const Meeting *m = g_ptr_array_index (d->v->meetings, pick (d, d->v->meetings->len));
      plant (d->meetings, m->id);
      plant (d->countries, m->country);
      return d->english ? g_strdup_printf ("the %s (%s, %s %u)", m->id, m->city, months_en[m->month - 1], m->year)
                        : g_strdup_printf ("la %s (%s, %s %u)", m->id, m->city, months_es[m->month - 1], m->year);
    }
  /* a GRCM, named by its city and month */
  guint year = 1996 + pick (d, 17), month = 1 + pick (d, 12);
  g_autofree gchar *id = g_strdup_printf ("GRCM %u-%02u", year, month);
  plant (d->meetings, id);
  const gchar *where = city (d);
  g_autofree gchar *date = g_strdup_printf ("%04u-%02u", year, month);
  plant (d->dates, date);
  return d->english ? g_strdup_printf ("the RCMG in %s, %s %u", where, months_en[month - 1], year)
                    : g_strdup_printf ("el GRCM de %s, %s %u", where, months_es[month - 1], year);
}

/* A date in one of the written forms of the records; its normalized form
   goes to the manifest. */
static gchar *
date (Doc *d)
{
  guint y = pick (d, 3) ? d->year - 1 + pick (d, 3) : 1996 + pick (d, 17);
  guint m = 1 + pick (d, 12), day = 1 + pick (d, 26), day2 = day + 1 + pick (d, 2);
  const gchar *mes = months_es[m - 1];
  gchar *text;
  g_autofree gchar *norm = NULL;
  if (d->english)
    switch (pick (d, 4))
      {
      case 0:
        text = g_strdup_printf ("%s %u, %u", months_en[m - 1], day, y);
        norm = g_strdup_printf ("%04u-%02u-%02u", y, m, day);
        break;
      case 1:
        text = g_strdup_printf ("%s %u-%u, %u", months_en[m - 1], day, day2, y);
        norm = g_strdup_printf ("%04u-%02u-%02u/%04u-%02u-%02u", y, m, day, y, m, day2);
        break;
      case 2:
        text = g_strdup_printf ("%s %u", months_en[m - 1], y);
        norm = g_strdup_printf ("%04u-%02u", y, m);
        break;
      default:
        text = g_strdup_printf ("the %s quarter of %u", ordinals_en[(m - 1) / 3], y);
        norm = g_strdup_printf ("%04u-Q%u", y, (m - 1) / 3 + 1);
        break;
      }
  else
    switch (pick (d, 12))
      {
      case 0:
      case 1:
        text = g_strdup_printf ("%u de %s de %u", day, mes, y);
        norm = g_strdup_printf ("%04u-%02u-%02u", y, m, day);
        break;
      case 2:
        text = g_strdup_printf ("%u-%u de %s de %u", day, day2, mes, y);
        norm = g_strdup_printf ("%04u-%02u-%02u/%04u-%02u-%02u", y, m, day, y, m, day2);
        break;
      case 3:
        text = g_strdup_printf ("%u y %u de %s de %u", day, day + 1, mes, y);
        norm = g_strdup_printf ("%04u-%02u-%02u/%04u-%02u-%02u", y, m, day, y, m, day + 1);
        break;
      case 4:
        text = g_strdup_printf ("del %u al %u de %s de %u", day, day2, mes, y);
        norm = g_strdup_printf ("%04u-%02u-%02u/%04u-%02u-%02u", y, m, day, y, m, day2);
        break;
      case 5:
        text = g_strdup_printf ("%02u/%02u/%u", day, m, y);
        norm = g_strdup_printf ("%04u-%02u-%02u", y, m, day);
        break;
      case 6:
        {
          g_autofree gchar *up = g_utf8_strup (mes, -1);
          text = g_strdup_printf ("%s %u", up, y);
        }
        norm = g_strdup_printf ("%04u-%02u", y, m);
        break;
      case 7:
        text = g_strdup_printf ("%s de %u", mes, y);
        norm = g_strdup_printf ("%04u-%02u", y, m);
        break;
      case 8:
        text = g_strdup_printf ("%s %02u", months_abbr[m - 1], y % 100);
        norm = g_strdup_printf ("%04u-%02u", y, m);
        break;
      case 9:
        text = g_strdup_printf ("%s trimestre de %u", ordinals_es[(m - 1) / 3], y);
        norm = g_strdup_printf ("%04u-Q%u", y, (m - 1) / 3 + 1);
        break;
      case 10:
        text = g_strdup_printf ("%s semestre de %u", m <= 6 ? "primer" : "segundo", y);
        norm = g_strdup_printf ("%04u-H%u", y, m <= 6 ? 1 : 2);
        break;
      default:
        text = g_strdup_printf ("%s del %u", mes, y);
        norm = g_strdup_printf ("%04u-%02u", y, m);
        break;
      }
  plant (d->dates, norm);
  return text;
}

static const gchar *
cue (Doc *d)
{
  GPtrArray *a = d->english ? d->v->cues_en : d->v->cues_es;
  const Cue *c = g_ptr_array_index (a, pick (d, a->len));
  plant (d->statuses, c->status);
  return c->cue;
}

static const gchar *
open_quote (const Doc *d)
{
  return d->typographic ? "“" : "\"";
}

static const gchar *
close_quote (const Doc *d)
{
  return d->typographic ? "”" : "\"";
}

static const gchar *
dash (const Doc *d)
{
  return d->typographic ? " – " : " - ";
}

/* One sentence about an activity, with its names and dates. Every draw
   is a statement of its own: the order in which C evaluates the arguments
   of a call is unspecified, and the bytes must not depend on the compiler. */
static gchar *
sentence (Doc *d)
{
  g_autofree gchar *o = org (d);
  g_autofree gchar *when = date (d);
  g_autofree gchar *m = NULL;
  const gchar *w[6];
  if (d->english)
    switch (pick (d, 4))
      {
      case 0:
        w[0] = country (d), w[1] = PICK (d, actions_en), w[2] = PICK (d, nouns_en), w[3] = PICK (d, qualifiers_en);
        w[4] = PICK (d, topics_en);
        return g_strdup_printf ("%s and %s will %s %s %s on %s before %s.", w[0], o, w[1], w[2], w[3], w[4], when);
      case 1:
        m = meeting (d);
        w[0] = PICK (d, events_en), w[1] = PICK (d, topics_en), w[2] = cue (d), w[3] = city (d);
        return g_strdup_printf ("%s on %s%s%s was %s in %s, %s, with the support of %s, as agreed at %s.", w[0],
                                open_quote (d), w[1], close_quote (d), w[2], w[3], when, o, m);
      case 2:
        w[0] = PICK (d, actions_en), w[1] = PICK (d, nouns_en), w[2] = PICK (d, qualifiers_en), w[3] = country (d);
        w[4] = PICK (d, events_en);
        return g_strdup_printf ("The countries will %s %s %s (%s); %s offered to host %s in %s.", w[0], w[1], w[2],
                                when, w[3], w[4], o);
      default:
        w[0] = PICK (d, nouns_en), w[1] = PICK (d, qualifiers_en), w[2] = PICK (d, topics_en), w[3] = cue (d);
        return g_strdup_printf ("%s reported that %s %s on %s was %s by %s.", o, w[0], w[1], w[2], w[3], when);
      }
  switch (pick (d, 5))
    {
    case 0:
      w[0] = country (d), w[1] = PICK (d, actions_es), w[2] = PICK (d, nouns_es), w[3] = PICK (d, qualifiers_es);
      w[4] = PICK (d, topics_es);
      return g_strdup_printf ("%s y %s %s %s %s en materia de %s antes del %s.", w[0], o, w[1], w[2], w[3], w[4],
                              when);
    case 1:
      m = meeting (d);
      w[0] = PICK (d, events_es), w[1] = PICK (d, topics_es), w[2] = cue (d), w[3] = city (d);
      w[4] = PICK (d, links_es);
      return g_strdup_printf ("%s sobre %s%s%s %s en %s, %s, %s %s, según lo acordado en %s.", w[0], open_quote (d),
                              w[1], close_quote (d), w[2], w[3], when, w[4], o, m);
    case 2:
      w[0] = PICK (d, actions_es), w[1] = PICK (d, nouns_es), w[2] = PICK (d, qualifiers_es), w[3] = country (d);
      w[4] = PICK (d, events_es);
      return g_strdup_printf ("Los países miembros acordaron %s %s %s (%s); %s ofreció ser sede de %s%s%s.", w[0],
                              w[1], w[2], when, w[3], w[4], dash (d), o);
    case 3:
      w[0] = PICK (d, nouns_es), w[1] = PICK (d, qualifiers_es), w[2] = PICK (d, topics_es), w[3] = cue (d);
      return g_strdup_printf ("%s informó que %s %s sobre %s %s en %s.", o, w[0], w[1], w[2], w[3], when);
    default:
      w[0] = PICK (d, lead_es), w[1] = country (d), w[2] = PICK (d, links_es), w[3] = PICK (d, topics_es);
      w[4] = PICK (d, actions_es), w[5] = PICK (d, nouns_es);
      {
        const gchar *c2 = country (d);
        return g_strdup_printf ("%s %s %s %s en materia de %s, para %s %s con %s, durante %s.", w[0], w[1], w[2], o,
                                w[3], w[4], w[5], c2, when);
      }
    }
}

static gchar *
sentences (Doc *d, guint min, guint max)
{
  GString *s = g_string_new (NULL);
  guint n = min + pick (d, max - min + 1);
  for (guint i = 0; i < n; i++)
    {
      g_autofree gchar *one = sentence (d);
      if (i)
        g_string_append_c (s, ' ');
      g_string_append (s, one);
    }
  return g_string_free (s, FALSE);
}

static void
add_block (Doc *d, BlockType type, gchar *text_take)
{
  Block *b = g_new0 (Block, 1);
  b->type = type;
  b->text = text_take;
  d->size += strlen (text_take) + 2;
  g_ptr_array_add (d->blocks, b);
}

static gchar *
upper (gchar *s_take)
{
  gchar *u = g_utf8_strup (s_take, -1);
  g_free (s_take);
  return u;
}

/* The heading of a record: what it is, of which meeting, where and when. */
static void
add_heading (Doc *d, const gchar *what)
{
  add_block (d, BLOCK_HEADING, g_strdup (what));
  add_block (d, BLOCK_HEADING,
             g_strdup (d->english ? "REGIONAL CONFERENCE ON MIGRATION (RCM)" : "CONFERENCIA REGIONAL SOBRE MIGRACIÓN (CRM)"));
  g_autofree gchar *m = meeting (d);
  add_block (d, BLOCK_PARA, g_strdup_printf (d->english ? "Prepared for %s" : "Preparado para %s", m));
  /* the city and its country */
  const Name *c = g_ptr_array_index (d->v->cities, pick (d, d->v->cities->len));
  plant (d->countries, c->id);
  const gchar *in = c->id;
  GPtrArray *members = d->english ? d->v->members_en : d->v->members_es;
  for (guint i = 0; i < members->len; i++)
    if (strcmp (((const Name *) g_ptr_array_index (members, i))->id, c->id) == 0)
      in = ((const Name *) g_ptr_array_index (members, i))->name;
  g_autofree gchar *when = date (d);
  add_block (d, BLOCK_PARA, g_strdup_printf ("%s, %s, %s", c->name, in, when));
}

static void
add_token (Doc *d, const gchar *token)
{
  add_block (d, BLOCK_PARA, g_strdup_printf (d->english ? "Document reference %s." : "Referencia del documento %s.", token));
}

/* A plan of action or a work plan: a table whose cells are in capitals. */
static void
make_plan (Doc *d, gsize target, const gchar *token, gboolean work_plan)
{
  add_heading (d, work_plan ? "PLAN DE TRABAJO" : "PLAN DE ACCIÓN");
  add_token (d, token);
  static const gchar *const action_cols[] = { "TEMAS", "OBJETIVOS", "ACCIÓN PARA LA IMPLEMENTACIÓN", "ACTIVIDADES",
                                              "CALENDARIO" };
  static const gchar *const work_cols[] = { "ACTIVIDAD", "RESPONSABLES", "FECHA", "ESTADO" };
  const gchar *const *cols = work_plan ? work_cols : action_cols;
  guint n_cols = work_plan ? G_N_ELEMENTS (work_cols) : (pick (d, 2) ? 5 : 4);
  Block *b = g_new0 (Block, 1);
  b->type = BLOCK_TABLE;
  b->header = g_ptr_array_new_with_free_func (g_free);
  b->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (guint c = 0; c < n_cols; c++)
    {
      /* a 4-column plan has no ACCIÓN column */
      const gchar *name = !work_plan && n_cols == 4 && c >= 2 ? cols[c + 1] : cols[c];
      g_ptr_array_add (b->header, g_strdup (name));
      d->size += strlen (name) + 2;
    }
  g_ptr_array_add (d->blocks, b);

  for (guint r = 0; d->size < target; r++)
    {
      GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
      for (guint c = 0; c < n_cols; c++)
        {
          const gchar *name = g_ptr_array_index (b->header, c);
          gchar *cell;
          if (strcmp (name, "TEMAS") == 0)
            cell = r % 3 == 0 ? upper (g_strdup (PICK (d, topics_es))) : g_strdup ("");
          else if (strcmp (name, "OBJETIVOS") == 0)
            {
              const gchar *w0 = PICK (d, actions_es), *w1 = PICK (d, nouns_es), *w2 = PICK (d, qualifiers_es);
              const gchar *w3 = PICK (d, topics_es);
              cell = upper (g_strdup_printf ("%u. %s %s %s en materia de %s.", r + 1, w0, w1, w2, w3));
            }
          else if (strcmp (name, "ACTIVIDADES") == 0 || strcmp (name, "ACTIVIDAD") == 0
                   || strcmp (name, "ACCIÓN PARA LA IMPLEMENTACIÓN") == 0)
            {
              /* paragraphs of a cell are lines of their own */
              g_autofree gchar *a = sentences (d, 1, 2);
              g_autofree gchar *b2 = pick (d, 2) ? sentences (d, 1, 2) : NULL;
              cell = upper (b2 ? g_strdup_printf ("%s\n%s", a, b2) : g_strdup (a));
            }
          else if (strcmp (name, "RESPONSABLES") == 0)
            {
              g_autofree gchar *o = org (d);
              cell = upper (g_strdup_printf ("%s, %s", country (d), o));
            }
          else if (strcmp (name, "FECHA") == 0)
            cell = upper (date (d));
          else /* CALENDARIO, ESTADO */
            {
              const gchar *c1 = cue (d);
              g_autofree gchar *when = pick (d, 2) ? date (d) : NULL;
              cell = upper (when ? g_strdup_printf ("%s %s", c1, when) : g_strdup (c1));
            }
          d->size += strlen (cell) + 2;
          g_ptr_array_add (row, cell);
        }
      g_ptr_array_add (b->rows, row);
    }
}

static void
make_conclusions (Doc *d, gsize target, const gchar *token)
{
  add_heading (d, d->english ? "CONCLUSIONS OF THE REGIONAL CONSULTATION GROUP ON MIGRATION (RCMG)"
                             : "CONCLUSIONES DE LA REUNIÓN DEL GRUPO REGIONAL DE CONSULTA SOBRE MIGRACIÓN (GRCM)");
  GString *who = g_string_new (NULL);
  guint n = 3 + pick (d, 8);
  for (guint i = 0; i < n; i++)
    {
      if (i)
        g_string_append (who, i + 1 == n ? (d->english ? " and " : " y ") : ", ");
      g_string_append (who, country (d));
    }
  g_autofree gchar *when = date (d);
  add_block (d, BLOCK_PARA,
             g_strdup_printf (d->english ? "The Regional Consultation Group on Migration, meeting on %s with "
                                           "representatives of %s, adopted the following:"
                                         : "El Grupo Regional de Consulta sobre Migración, en reunión celebrada el %s "
                                           "con la participación de representantes de %s, formuló las siguientes:",
                              when, who->str));
  g_string_free (who, TRUE);
  add_token (d, token);
  add_block (d, BLOCK_HEADING, g_strdup (d->english ? "CONCLUSIONS" : "CONCLUSIONES"));
  for (guint i = 1; d->size < target; i++)
    {
      g_autofree gchar *body = sentences (d, 1, 3);
      g_autofree gchar *o = org (d);
      add_block (d, BLOCK_ITEM,
                 g_strdup_printf ("%u. %s %s %s %s", i, d->english ? PICK (d, lead_en) : PICK (d, lead_es), o,
                                  d->english ? "for its work." : "por su labor.", body));
    }
}

static void
make_report (Doc *d, gsize target, const gchar *token)
{
  add_heading (d, d->english ? "REPORT OF THE PRO-TEMPORE PRESIDENCY" : "INFORME DE LA PRESIDENCIA PRO-TÉMPORE");
  add_token (d, token);
  for (guint s = 0; d->size < target; s++)
    {
      add_block (d, BLOCK_HEADING, g_strdup_printf ("%s.", romans[s % G_N_ELEMENTS (romans)]));
      add_block (d, BLOCK_HEADING, g_strdup (d->english ? PICK (d, section_titles_en) : PICK (d, section_titles_es)));
      add_block (d, BLOCK_PARA, sentences (d, 2, 5));
      guint subs = pick (d, 3);
      for (guint a = 0; a < subs && d->size < target; a++)
        {
          add_block (d, BLOCK_HEADING,
                     g_strdup_printf ("%c. %s", 'A' + a, d->english ? PICK (d, topics_en) : PICK (d, topics_es)));
          add_block (d, BLOCK_PARA, sentences (d, 1, 3));
          guint items = pick (d, 4);
          for (guint k = 1; k <= items; k++)
            {
              g_autofree gchar *one = sentence (d);
              add_block (d, BLOCK_ITEM, g_strdup_printf ("(%u) %s", k, one));
            }
        }
    }
}

/* ---- Writing ------------------------------------------------------------------------ */

/* The record as a Word document saved as text: blocks as lines, tables
   as TAB-led cells. */
static gchar *
doc_to_text (const Doc *d, gboolean crlf)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < d->blocks->len; i++)
    {
      const Block *b = g_ptr_array_index (d->blocks, i);
      if (b->type != BLOCK_TABLE)
        {
          g_string_append (s, b->text);
          g_string_append (s, b->type == BLOCK_ITEM ? "\n" : "\n\n");
          continue;
        }
      for (guint c = 0; c < b->header->len; c++)
        g_string_append_printf (s, "\t%s\n", (const gchar *) g_ptr_array_index (b->header, c));
      g_string_append (s, "\n\n");
      for (guint r = 0; r < b->rows->len; r++)
        {
          GPtrArray *row = g_ptr_array_index (b->rows, r);
          for (guint c = 0; c < row->len; c++)
            g_string_append_printf (s, "\t%s\n", (const gchar *) g_ptr_array_index (row, c));
          g_string_append (s, "\n");
        }
    }
  if (!crlf)
    return g_string_free (s, FALSE);
  GString *w = g_string_sized_new (s->len + s->len / 16);
  for (gsize i = 0; i < s->len; i++)
    {
      if (s->str[i] == '\n')
        g_string_append_c (w, '\r');
      g_string_append_c (w, s->str[i]);
    }
  g_string_free (s, TRUE);
  return g_string_free (w, FALSE);
}

typedef struct
{
  cairo_t *cr;
  const gchar *family;
  gdouble size, leading, margin, page_w, page_h, y;
  guint page;
} Pen;

static gdouble
line_pitch (const Pen *p)
{
  return p->size * p->leading;
}

static void
pen_font (Pen *p, gboolean bold)
{
  cairo_select_font_face (p->cr, p->family, CAIRO_FONT_SLANT_NORMAL,
                          bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (p->cr, p->size);
}

/* TEXT broken into lines no wider than WIDTH; a '\n' breaks a line. */
static GPtrArray *
wrap (cairo_t *cr, const gchar *text, gdouble width)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) paragraphs = g_strsplit (text, "\n", -1);
  for (guint p = 0; paragraphs[p]; p++)
    {
      g_auto (GStrv) words = g_strsplit (paragraphs[p], " ", -1);
      GString *line = g_string_new (NULL);
      gdouble used = 0, space;
      cairo_text_extents_t e;
      cairo_text_extents (cr, " ", &e);
      space = e.x_advance;
      for (guint w = 0; words[w]; w++)
        {
          if (*words[w] == '\0')
            continue;
          cairo_text_extents (cr, words[w], &e);
          if (line->len && used + space + e.x_advance > width)
            {
              g_ptr_array_add (lines, g_string_free (line, FALSE));
              line = g_string_new (NULL);
              used = 0;
            }
          if (line->len)
            {
              g_string_append_c (line, ' ');
              used += space;
            }
          g_string_append (line, words[w]);
          used += e.x_advance;
        }
      g_ptr_array_add (lines, g_string_free (line, FALSE));
    }
  return lines;
}

static void
pen_page_number (const Pen *p)
{
  g_autofree gchar *number = g_strdup_printf ("%u", p->page);
  cairo_text_extents_t e;
  cairo_text_extents (p->cr, number, &e);
  cairo_move_to (p->cr, (p->page_w - e.x_advance) / 2, p->page_h - 15);
  cairo_show_text (p->cr, number);
}

static void
pen_new_page (Pen *p)
{
  pen_page_number (p);
  cairo_show_page (p->cr);
  p->page++;
  p->y = p->margin;
}

/* Lines of prose at INDENT, the first line at FIRST_INDENT. */
static void
pen_prose (Pen *p, const gchar *text, gboolean bold, gdouble first_indent, gdouble indent, gdouble after)
{
  pen_font (p, bold);
  g_autoptr (GPtrArray) lines = wrap (p->cr, text, p->page_w - 2 * p->margin - indent);
  cairo_font_extents_t fe;
  cairo_font_extents (p->cr, &fe);
  for (guint i = 0; i < lines->len; i++)
    {
      if (p->y + line_pitch (p) > p->page_h - p->margin)
        pen_new_page (p);
      cairo_move_to (p->cr, p->margin + (i ? indent : first_indent), p->y + fe.ascent);
      cairo_show_text (p->cr, g_ptr_array_index (lines, i));
      p->y += line_pitch (p);
    }
  p->y += after;
}

/* One row of a ruled table, broken at the foot of the page as Word does. */
static void
pen_row (Pen *p, GPtrArray *cells, const gdouble *widths, gboolean bold)
{
  const gdouble pad = 3;
  guint n = cells->len;
  pen_font (p, bold);
  cairo_font_extents_t fe;
  cairo_font_extents (p->cr, &fe);
  g_autofree GPtrArray **lines = g_new0 (GPtrArray *, n);
  guint tallest = 1;
  for (guint c = 0; c < n; c++)
    {
      lines[c] = wrap (p->cr, g_ptr_array_index (cells, c), widths[c] - 2 * pad);
      tallest = MAX (tallest, lines[c]->len);
    }
  for (guint from = 0; from < tallest;)
    {
      guint room = (guint) ((p->page_h - p->margin - p->y - 2 * pad) / line_pitch (p));
      if (room == 0)
        {
          pen_new_page (p);
          pen_font (p, bold);
          continue;
        }
      guint band = MIN (room, tallest - from);
      gdouble x = p->margin;
      for (guint c = 0; c < n; c++)
        {
          for (guint k = from; k < lines[c]->len && k < from + band; k++)
            {
              cairo_move_to (p->cr, x + pad, p->y + pad + fe.ascent + (k - from) * line_pitch (p));
              cairo_show_text (p->cr, g_ptr_array_index (lines[c], k));
            }
          x += widths[c];
        }
      gdouble height = 2 * pad + band * line_pitch (p);
      x = p->margin;
      cairo_set_line_width (p->cr, 0.6);
      for (guint c = 0; c < n; c++)
        {
          cairo_rectangle (p->cr, x, p->y, widths[c], height);
          x += widths[c];
        }
      cairo_stroke (p->cr);
      p->y += height;
      from += band;
      if (from < tallest)
        {
          pen_new_page (p);
          pen_font (p, bold);
        }
    }
  for (guint c = 0; c < n; c++)
    g_ptr_array_unref (lines[c]);
}

static gboolean
doc_to_pdf (const Doc *d, const gchar *path, const gchar *title, GRand *rand, guint *pages, GError **error)
{
  static const gchar *const families[] = { "DejaVu Sans", "DejaVu Serif", "DejaVu Sans Condensed" };
  gboolean has_table = FALSE;
  for (guint i = 0; i < d->blocks->len; i++)
    has_table |= ((const Block *) g_ptr_array_index (d->blocks, i))->type == BLOCK_TABLE;
  /* plans are landscape, as Word's plans of action are */
  gboolean landscape = has_table && g_rand_int_range (rand, 0, 3) != 0;
  /* one draw a statement: the order of an initializer list is unspecified */
  Pen p = { 0 };
  p.family = families[g_rand_int_range (rand, 0, G_N_ELEMENTS (families))];
  p.size = (has_table ? 8 : 10) + g_rand_int_range (rand, 0, 3);
  p.leading = 1.2;
  p.margin = 36 + 18 * g_rand_int_range (rand, 0, 3);
  p.page_w = landscape ? 792 : 612;
  p.page_h = landscape ? 612 : 792;
  p.page = 1;
  p.y = p.margin;
  cairo_surface_t *surface = cairo_pdf_surface_create (path, p.page_w, p.page_h);
  g_autofree gchar *stamp = g_strdup_printf ("%04u-%02u-15T10:00:00", d->year, d->month);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Microsoft Word (puebla gen-corpus)");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, stamp);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_MOD_DATE, stamp);
  p.cr = cairo_create (surface);
  cairo_set_source_rgb (p.cr, 0, 0, 0);

  for (guint i = 0; i < d->blocks->len; i++)
    {
      const Block *b = g_ptr_array_index (d->blocks, i);
      switch (b->type)
        {
        case BLOCK_HEADING:
          pen_prose (&p, b->text, TRUE, 0, 0, 0.6 * line_pitch (&p));
          break;
        case BLOCK_PARA:
          pen_prose (&p, b->text, FALSE, 0, 0, 0.6 * line_pitch (&p));
          break;
        case BLOCK_ITEM:
          pen_prose (&p, b->text, FALSE, 0, 18, 0.3 * line_pitch (&p));
          break;
        case BLOCK_TABLE:
          {
            /* column widths: the wordy columns wider */
            guint n = b->header->len;
            g_autofree gdouble *widths = g_new (gdouble, n);
            gdouble total = 0, avail = p.page_w - 2 * p.margin;
            for (guint c = 0; c < n; c++)
              {
                const gchar *h = g_ptr_array_index (b->header, c);
                widths[c] = g_str_has_prefix (h, "ACTIV") || g_str_has_prefix (h, "ACCI") ? 3
                            : g_str_has_prefix (h, "OBJ")                                 ? 2
                                                                                          : 1.3;
                total += widths[c];
              }
            for (guint c = 0; c < n; c++)
              widths[c] = widths[c] / total * avail;
            pen_row (&p, b->header, widths, TRUE);
            for (guint r = 0; r < b->rows->len; r++)
              pen_row (&p, g_ptr_array_index (b->rows, r), widths, FALSE);
            p.y += line_pitch (&p);
            break;
          }
        }
    }
  pen_page_number (&p);
  *pages = p.page;
  cairo_destroy (p.cr);
  cairo_surface_finish (surface);
  cairo_status_t status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: %s", path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/* ---- One record --------------------------------------------------------------------- */

typedef struct
{
  const Vocab *v;
  const gchar *out;
  guint32 seed;
  guint n;
  guint8 *forms;       /* the form of each record */
  gchar **lines;       /* OUT: each record's manifest line */
  GError *error;       /* the first failure */
  GMutex lock;
} Job;

/* A word no dictionary has, unique to (seed, record): consonants only,
   so that no stemmer takes anything off. */
static gchar *
make_token (guint32 seed, guint index)
{
  static const gchar consonants[] = "bcdfghjklmnpqrstvwxz";
  GString *s = g_string_new ("qz");
  guint32 h = seed * 2654435761u;
  for (guint i = 0; i < 3; i++, h /= 20)
    g_string_append_c (s, consonants[h % 20]);
  for (guint i = 0; i < 6; i++, index /= 20)
    g_string_append_c (s, consonants[index % 20]);
  return g_string_free (s, FALSE);
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const gchar *const *) a, *(const gchar *const *) b);
}

static void
add_set (JsonBuilder *b, const gchar *name, GHashTable *set)
{
  g_autofree const gchar **keys = (const gchar **) g_hash_table_get_keys_as_array (set, NULL);
  guint n = g_hash_table_size (set);
  qsort (keys, n, sizeof (gchar *), compare_strings);
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    json_builder_add_string_value (b, keys[i]);
  json_builder_end_array (b);
}

static gboolean
write_file (const gchar *path, const gchar *bytes, gsize len, GError **error)
{
  return g_file_set_contents (path, bytes, len, error);
}

/* Makes record INDEX and returns its manifest line. */
static gchar *
make_record (Job *job, guint index, GError **error)
{
  guint32 seeds[2] = { job->seed, index };
  g_autoptr (GRand) rand = g_rand_new_with_seed_array (seeds, 2);
  Form form = job->forms[index];
  Doc d = { 0 };
  d.v = job->v;
  d.rand = rand;
  d.blocks = g_ptr_array_new_with_free_func (block_free);
  d.countries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  d.orgs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  d.dates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  d.meetings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  d.statuses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  d.year = 1996 + pick (&d, 17);
  d.month = 1 + pick (&d, 12);
  d.typographic = form != FORM_LATIN1 && (form == FORM_CP1252 || pick (&d, 2));

  /* 2 KB to 60 KB, log-uniform */
  gsize target = (gsize) (2048.0 * exp (g_rand_double (rand) * log (30.0)));
  static const gchar *const kinds[] = { "plan-de-accion", "plan-de-trabajo", "conclusiones", "informe" };
  guint k = pick (&d, 20);
  const gchar *kind = k < 7 ? kinds[0] : k < 9 ? kinds[1] : k < 15 ? kinds[2] : kinds[3];
  d.english = kind == kinds[2] || kind == kinds[3] ? pick (&d, 5) == 0 : FALSE;
  g_autofree gchar *token = make_token (job->seed, index);
  if (kind == kinds[0] || kind == kinds[1])
    make_plan (&d, target, token, kind == kinds[1]);
  else if (kind == kinds[2])
    make_conclusions (&d, target, token);
  else
    make_report (&d, target, token);

  g_autofree gchar *dir = g_strdup_printf ("records/%03u", index / 1000);
  g_autofree gchar *abs_dir = g_build_filename (job->out, dir, NULL);
  if (g_mkdir_with_parents (abs_dir, 0755) != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: cannot make the directory", abs_dir);
      return NULL;
    }
  g_autofree gchar *rel = g_strdup_printf ("%s/%06u-%s-%04u-%02u-%s.%s", dir, index,
                                           kind == kinds[2] ? "grcm" : "crm", d.year, d.month, kind,
                                           form == FORM_PDF ? "pdf" : "txt");
  g_autofree gchar *path = g_build_filename (job->out, rel, NULL);

  g_autofree gchar *utf8 = doc_to_text (&d, FALSE);
  gsize text_bytes = strlen (utf8);
  const gchar *encoding = "UTF-8";
  gboolean bom = FALSE, crlf = FALSE;
  guint pages = 0;
  gsize bytes = 0;
  if (form == FORM_PDF)
    {
      const Block *first = g_ptr_array_index (d.blocks, 0);
      encoding = "pdf";
      if (!doc_to_pdf (&d, path, first->text, rand, &pages, error))
        return NULL;
      GStatBuf st;
      if (g_stat (path, &st) != 0)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: not written", path);
          return NULL;
        }
      bytes = st.st_size;
    }
  else
    {
      /* records from Windows machines end their lines so */
      crlf = form != FORM_UTF8 && pick (&d, 2);
      g_autofree gchar *text = crlf ? doc_to_text (&d, TRUE) : g_strdup (utf8);
      g_autofree gchar *out = NULL;
      gsize len = 0;
      if (form == FORM_UTF8)
        {
          out = g_steal_pointer (&text);
          len = strlen (out);
        }
      else
        {
          gboolean be = FALSE;
          if (form == FORM_LATIN1)
            encoding = "ISO-8859-1";
          else if (form == FORM_CP1252)
            encoding = "WINDOWS-1252";
          else
            {
              be = pick (&d, 4) == 0;
              bom = pick (&d, 2);
              encoding = be ? "UTF-16BE" : "UTF-16LE";
            }
          g_autofree gchar *converted = g_convert (text, -1, encoding, "UTF-8", NULL, &len, error);
          if (converted == NULL)
            {
              g_prefix_error (error, "record %u (%s): ", index, encoding);
              return NULL;
            }
          if (bom)
            {
              out = g_malloc (len + 2);
              out[0] = be ? '\xfe' : '\xff';
              out[1] = be ? '\xff' : '\xfe';
              memcpy (out + 2, converted, len);
              len += 2;
            }
          else
            out = g_steal_pointer (&converted);
        }
      if (!write_file (path, out, len, error))
        return NULL;
      bytes = len;
    }

  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "path");
  json_builder_add_string_value (b, rel);
  json_builder_set_member_name (b, "form");
  json_builder_add_string_value (b, form == FORM_PDF ? "pdf" : "text");
  json_builder_set_member_name (b, "encoding");
  json_builder_add_string_value (b, encoding);
  json_builder_set_member_name (b, "bom");
  json_builder_add_boolean_value (b, bom);
  json_builder_set_member_name (b, "crlf");
  json_builder_add_boolean_value (b, crlf);
  json_builder_set_member_name (b, "bytes");
  json_builder_add_int_value (b, bytes);
  json_builder_set_member_name (b, "text_bytes");
  json_builder_add_int_value (b, text_bytes);
  json_builder_set_member_name (b, "pages");
  json_builder_add_int_value (b, pages);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, kind);
  json_builder_set_member_name (b, "lang");
  json_builder_add_string_value (b, d.english ? "en" : "es");
  gboolean table = kind == kinds[0] || kind == kinds[1];
  json_builder_set_member_name (b, "table");
  json_builder_add_boolean_value (b, table);
  add_set (b, "countries", d.countries);
  add_set (b, "orgs", d.orgs);
  add_set (b, "dates", d.dates);
  add_set (b, "meetings", d.meetings);
  add_set (b, "statuses", d.statuses);
  json_builder_set_member_name (b, "token");
  json_builder_add_string_value (b, token);
  json_builder_end_object (b);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  gchar *line = json_to_string (root, FALSE);

  g_ptr_array_unref (d.blocks);
  g_hash_table_unref (d.countries);
  g_hash_table_unref (d.orgs);
  g_hash_table_unref (d.dates);
  g_hash_table_unref (d.meetings);
  g_hash_table_unref (d.statuses);
  return line;
}

static void
run_one (gpointer data, gpointer user_data)
{
  Job *job = user_data;
  guint index = GPOINTER_TO_UINT (data) - 1;
  GError *error = NULL;
  gchar *line = make_record (job, index, &error);
  g_mutex_lock (&job->lock);
  job->lines[index] = line;
  if (error && job->error == NULL)
    job->error = error;
  else
    g_clear_error (&error);
  g_mutex_unlock (&job->lock);
}

/* The forms, in blocks of 20 shuffled by the seed. */
static void
assign_forms (guint8 *forms, guint n, guint32 seed)
{
  static const guint8 block[20] = { FORM_UTF8, FORM_UTF8, FORM_UTF8,   FORM_UTF8,  FORM_UTF8, FORM_UTF8, FORM_UTF8,
                                    FORM_UTF8, FORM_UTF8, FORM_UTF8,   FORM_UTF8,  FORM_UTF8, FORM_LATIN1,
                                    FORM_CP1252, FORM_UTF16, FORM_PDF, FORM_PDF, FORM_PDF, FORM_PDF, FORM_PDF };
  for (guint start = 0; start < n; start += 20)
    {
      guint32 seeds[3] = { seed, 0xB10C, start / 20 };
      g_autoptr (GRand) rand = g_rand_new_with_seed_array (seeds, 3);
      guint8 shuffled[20];
      memcpy (shuffled, block, sizeof block);
      for (guint i = 19; i > 0; i--)
        {
          guint j = g_rand_int_range (rand, 0, i + 1);
          guint8 t = shuffled[i];
          shuffled[i] = shuffled[j];
          shuffled[j] = t;
        }
      for (guint i = 0; i < 20 && start + i < n; i++)
        forms[start + i] = shuffled[i];
    }
}

int
main (int argc, char **argv)
{
  gint64 seed = 1;
  gint records = 1000, jobs = 1;
  g_autofree gchar *out = NULL, *gazetteers = NULL;
  const GOptionEntry entries[] = {
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "The seed (default 1)", "S" },
    { "records", 'n', 0, G_OPTION_ARG_INT, &records, "How many records (default 1000)", "N" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "The directory to write (made if needed)", "DIR" },
    { "gazetteers", 0, 0, G_OPTION_ARG_FILENAME, &gazetteers, "data/gazetteers of the source tree", "DIR" },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Make J records at a time (same bytes; default 1)", "J" },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("— a deterministic corpus of CRM-like records");
  g_option_context_add_main_entries (context, entries, NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (context, &argc, &argv, &error) || out == NULL || records < 0 || seed < 0
      || seed > G_MAXUINT32 || jobs < 1)
    {
      fprintf (stderr, "gen-corpus: %s\nusage: gen-corpus --seed S --records N --out DIR [--jobs J]\n",
               error ? error->message : "--out is required; --seed is 0 to 2^32-1");
      return 2;
    }
  Vocab v = { 0 };
  if (!vocab_load (&v, gazetteers ? gazetteers : PUEBLA_GAZETTEER_DIR, &error))
    {
      fprintf (stderr, "gen-corpus: %s\n", error->message);
      return 1;
    }
  if (g_mkdir_with_parents (out, 0755) != 0)
    {
      fprintf (stderr, "gen-corpus: %s: cannot make the directory\n", out);
      return 1;
    }

  Job job = { &v, out, (guint32) seed, (guint) records, g_new0 (guint8, MAX (records, 1)),
              g_new0 (gchar *, MAX (records, 1)), NULL, { 0 } };
  g_mutex_init (&job.lock);
  assign_forms (job.forms, job.n, job.seed);
  GThreadPool *pool = g_thread_pool_new (run_one, &job, jobs, TRUE, NULL);
  for (guint i = 0; i < job.n; i++)
    g_thread_pool_push (pool, GUINT_TO_POINTER (i + 1), NULL);
  g_thread_pool_free (pool, FALSE, TRUE);

  int status = 0;
  if (job.error)
    {
      fprintf (stderr, "gen-corpus: %s\n", job.error->message);
      g_error_free (job.error);
      status = 1;
    }
  else
    {
      GString *manifest = g_string_new (NULL);
      for (guint i = 0; i < job.n; i++)
        g_string_append_printf (manifest, "%s\n", job.lines[i]);
      g_autofree gchar *path = g_build_filename (out, "manifest.jsonl", NULL);
      if (!g_file_set_contents (path, manifest->str, manifest->len, &error))
        {
          fprintf (stderr, "gen-corpus: %s\n", error->message);
          status = 1;
        }
      g_string_free (manifest, TRUE);
    }
  for (guint i = 0; i < job.n; i++)
    g_free (job.lines[i]);
  g_free (job.lines);
  g_free (job.forms);
  g_mutex_clear (&job.lock);
  vocab_clear (&v);
  return status;
}
