/* check_hostile.c: `puebla ingest` end to end on hostile and broken input.
 *
 * The test writes a directory of files that break readers — truncated,
 * empty, header-only and encrypted PDFs, xref loops, deep nesting,
 * page-tree cycles, lying stream lengths, a compression bomb, 10,000 pages,
 * 200,000 words on a page, PNG bytes named .pdf, invalid UTF-8, NUL bytes,
 * a 100 MB line, symlink loops, names with newlines and invalid UTF-8 —
 * between good records, runs `puebla ingest` once over all of it, and
 * checks that each file gets a verdict it deserves, that every good record
 * is searchable after, that puebla itself neither crashed nor grew without
 * bound, and that a second run retries nothing that did not change.
 */
#include "extract.h"

#include <cairo-pdf.h>
#include "scratch.h"

#include <check.h>
#include <math.h>
#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>

static gchar *scratch;
static gchar *docs;
static gchar *db;

/* ---- Running puebla ------------------------------------------------------------------ */

typedef struct
{
  int status;     /* exit status */
  int signal;     /* or the signal that killed it */
  glong max_rss;  /* KiB: the largest of puebla and the children it waited for */
  gchar *out;
  gchar *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_puebla (Run *run, const gchar *const *args)
{
  memset (run, 0, sizeof *run);
  g_autofree gchar *out_path = g_build_filename (scratch, "stdout", NULL);
  g_autofree gchar *err_path = g_build_filename (scratch, "stderr", NULL);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (gpointer) PUEBLA_BINARY);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  pid_t pid = fork ();
  ck_assert_int_ge (pid, 0);
  if (pid == 0)
    {
      int out = open (out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
      int err = open (err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (out < 0 || err < 0 || dup2 (out, 1) < 0 || dup2 (err, 2) < 0)
        _exit (127);
      execv (PUEBLA_BINARY, (char **) argv->pdata);
      _exit (127);
    }
  int status = 0;
  struct rusage ru;
  while (wait4 (pid, &status, 0, &ru) < 0)
    ck_assert_int_eq (errno, EINTR);
  run->status = WIFEXITED (status) ? WEXITSTATUS (status) : -1;
  run->signal = WIFSIGNALED (status) ? WTERMSIG (status) : 0;
  run->max_rss = ru.ru_maxrss;
  g_file_get_contents (out_path, &run->out, NULL, NULL);
  g_file_get_contents (err_path, &run->err, NULL, NULL);
}

/* ---- Writing hostile files -------------------------------------------------------------- */

static gchar *
doc_path (const gchar *name)
{
  return g_build_filename (docs, name, NULL);
}

static void
write_file (const gchar *name, const void *data, gssize len)
{
  g_autofree gchar *path = doc_path (name);
  ck_assert_msg (g_file_set_contents (path, data, len, NULL), "cannot write %s", name);
}

/* A PDF of OBJECTS (object i+1 is OBJECTS[i], without "N 0 obj"), with a
 * correct xref table and a trailer holding /Root 1 0 R and EXTRA. */
static GString *
pdf_of (const gchar *const *objects, const gchar *extra_trailer)
{
  GString *pdf = g_string_new ("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
  g_autoptr (GArray) offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  guint n = 0;
  for (; objects[n]; n++)
    {
      gsize at = pdf->len;
      g_array_append_val (offsets, at);
      g_string_append_printf (pdf, "%u 0 obj\n%s\nendobj\n", n + 1, objects[n]);
    }
  gsize xref = pdf->len;
  g_string_append_printf (pdf, "xref\n0 %u\n0000000000 65535 f \n", n + 1);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (pdf, "%010zu 00000 n \n", g_array_index (offsets, gsize, i));
  g_string_append_printf (pdf, "trailer\n<< /Size %u /Root 1 0 R %s >>\nstartxref\n%zu\n%%%%EOF\n", n + 1,
                          extra_trailer ? extra_trailer : "", xref);
  return pdf;
}

/* A one-page PDF whose content stream is CONTENT (uncompressed). */
static GString *
pdf_with_content (const gchar *content)
{
  g_autofree gchar *stream = g_strdup_printf ("<< /Length %zu >>\nstream\n%s\nendstream", strlen (content), content);
  const gchar *objects[] = {
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
    "/Resources << /Font << /F1 5 0 R >> >> >>",
    stream,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    NULL,
  };
  return pdf_of (objects, NULL);
}

static void
write_pdf (const gchar *name, GString *pdf /* freed */)
{
  write_file (name, pdf->str, (gssize) pdf->len);
  g_string_free (pdf, TRUE);
}

/* PAGES pages of text written by cairo, WORDS words on each at FONT_SIZE. */
static void
write_cairo_pdf (const gchar *name, guint pages, guint words, gdouble font_size)
{
  g_autofree gchar *path = doc_path (name);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 612, 792);
  cairo_t *cr = cairo_create (surface);
  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, font_size);
  static const gchar *const vocabulary[] = { "migración", "plan", "acción", "Guatemala", "OIM", "retorno",
                                             "trata", "personas", "taller", "2007" };
  guint per_line = MAX (1u, (guint) (560 / (font_size * 4))), lines = (words + per_line - 1) / per_line;
  for (guint page = 0; page < pages; page++)
    {
      for (guint l = 0; l < lines; l++)
        {
          GString *line = g_string_new (NULL);
          for (guint w = 0; w < per_line && l * per_line + w < words; w++)
            g_string_append_printf (line, "%s ", vocabulary[(page + l + w) % G_N_ELEMENTS (vocabulary)]);
          /* lines wrap down the page and start again at the top */
          cairo_move_to (cr, 20, 20 + fmod (l * font_size * 1.2, 760));
          cairo_show_text (cr, line->str);
          g_string_free (line, TRUE);
        }
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  ck_assert_int_eq (cairo_surface_status (surface), CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

/* FlateDecode of N zero bytes, in chunks (a bomb: tiny in, huge out). */
static GBytes *
deflate_zeros (gsize n)
{
  g_autoptr (GZlibCompressor) z = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 9);
  g_autoptr (GByteArray) out = g_byte_array_new ();
  static const guint8 zeros[65536];
  guint8 buf[65536];
  gsize fed = 0;
  for (;;)
    {
      gsize chunk = MIN (sizeof zeros, n - fed), read = 0, written = 0;
      GConverterFlags flags = fed + chunk >= n ? G_CONVERTER_INPUT_AT_END : G_CONVERTER_NO_FLAGS;
      GConverterResult r
        = g_converter_convert (G_CONVERTER (z), zeros, chunk, buf, sizeof buf, flags, &read, &written, NULL);
      ck_assert_int_ne (r, G_CONVERTER_ERROR);
      g_byte_array_append (out, buf, (guint) written);
      fed += read;
      if (r == G_CONVERTER_FINISHED)
        break;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* The good records among the hostile ones: each has a word of its own. */
static const gchar *const good_words[] = { "zorzalito", "quetzalcoatlus", "tapacamino", "guardabarranco", "torogoz" };

static void
write_good_records (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (good_words); i++)
    {
      g_autofree gchar *name = g_strdup_printf ("%u-good.txt", i);
      g_autofree gchar *text = g_strdup_printf (
        "CONCLUSIONES DE LA REUNIÓN\n\n%u. La delegación de Honduras propuso un taller sobre %s en 2007.\n", i + 1,
        good_words[i]);
      write_file (name, text, -1);
    }
}

typedef struct
{
  const gchar *name;
  const gchar *verdicts; /* the verdicts it may get, "|"-separated */
  const gchar *why;
} Expected;

/* What each hostile file may come out as. Where a reader may honestly get
   either of two answers (poppler rebuilds a broken xref table and reads
   what is left), both are allowed; a crash or a lost run never is. */
static const Expected expected[] = {
  { "empty.pdf", "empty", "zero bytes" },
  { "header-only.pdf", "corrupt", "%PDF- and nothing else" },
  { "truncated.pdf", "ok|corrupt|no-text", "a real record cut in half: poppler may rebuild part of it" },
  { "encrypted-user.pdf", "encrypted", "needs a password to open" },
  { "encrypted-owner.pdf", "ok", "only restricts printing: opens without a password" },
  { "xref-loop.pdf", "ok|corrupt|no-text", "its /Prev points at itself" },
  { "deep-nesting.pdf", "ok|corrupt|no-text", "arrays nested 100,000 deep" },
  { "page-tree-cycle.pdf", "corrupt|no-text", "a Pages node that is its own kid" },
  { "length-lie.pdf", "ok", "/Length says 99999, the stream is short: poppler finds endstream" },
  { "bomb.pdf", "no-text|ok|too-large|timeout", "200 MB of zeros behind 200 KB of Flate" },
  { "10000-pages.pdf", "ok|timeout", "10,000 pages" },
  { "200000-words.pdf", "ok|timeout", "200,000 words on one page" },
  { "png-named.pdf", "unsupported", "PNG bytes behind a .pdf name" },
  { "invalid-utf8.txt", "ok", "UTF-8 with stray bytes: repaired" },
  { "nul-bytes.txt", "ok|unsupported", "text with NUL bytes in it" },
  { "one-line-100mb.txt", "ok|timeout|too-large", "100 MB without a newline" },
  { "loop-a.txt", "unreadable", "a symlink to a symlink to itself" },
  { "dangling.txt", "unreadable", "a symlink to nothing" },
  /* root reads what chmod 000 forbids (CI runs as root): then it is ok */
  { "no-permission.txt", "unreadable|ok", "chmod 000: unreadable, but not to root" },
};

static void
write_hostile_files (void)
{
  /* PDFs from a real record, damaged */
  g_autofree gchar *real = NULL;
  gsize real_len = 0;
  ck_assert (g_file_get_contents (PUEBLA_CORPUS_DIR "/pdf/grcm-2004-12-panama-conclusiones.pdf", &real, &real_len,
                                  NULL));
  write_file ("empty.pdf", "", 0);
  write_file ("header-only.pdf", "%PDF-1.7\n", -1);
  write_file ("truncated.pdf", real, (gssize) (real_len / 2));

  /* encryption by qpdf (in install-deps.sh) */
  g_autofree gchar *plain = doc_path ("plain.pdf.src");
  ck_assert (g_file_set_contents (plain, real, (gssize) real_len, NULL));
  g_autofree gchar *user = doc_path ("encrypted-user.pdf");
  g_autofree gchar *owner = doc_path ("encrypted-owner.pdf");
  const gchar *qpdf_user[] = { "qpdf", "--encrypt", "secreto", "dueno", "256", "--", plain, user, NULL };
  const gchar *qpdf_owner[] = { "qpdf", "--encrypt", "", "dueno", "256", "--print=none", "--", plain, owner, NULL };
  gint st = 0;
  ck_assert (g_spawn_sync (NULL, (gchar **) qpdf_user, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &st, NULL));
  ck_assert_msg (g_spawn_check_wait_status (st, NULL), "qpdf failed");
  ck_assert (g_spawn_sync (NULL, (gchar **) qpdf_owner, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &st, NULL));
  ck_assert_msg (g_spawn_check_wait_status (st, NULL), "qpdf failed");
  g_unlink (plain);

  /* structures that loop or go deep */
  {
    GString *pdf = pdf_with_content ("BT /F1 12 Tf 72 720 Td (Acta de la reunion) Tj ET");
    /* a second xref section whose /Prev is its own offset */
    gsize self = pdf->len;
    g_string_append_printf (pdf, "xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 6 /Root 1 0 R /Prev %zu >>\n"
                                 "startxref\n%zu\n%%%%EOF\n", self, self);
    write_pdf ("xref-loop.pdf", pdf);
  }
  {
    GString *deep = g_string_new ("<< /Type /Catalog /Pages 2 0 R /Deep ");
    for (guint i = 0; i < 100000; i++)
      g_string_append_c (deep, '[');
    for (guint i = 0; i < 100000; i++)
      g_string_append_c (deep, ']');
    g_string_append (deep, " >>");
    const gchar *objects[] = {
      deep->str,
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
      NULL,
    };
    write_pdf ("deep-nesting.pdf", pdf_of (objects, NULL));
    g_string_free (deep, TRUE);
  }
  {
    const gchar *objects[] = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
      "<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
      NULL,
    };
    write_pdf ("page-tree-cycle.pdf", pdf_of (objects, NULL));
  }
  {
    const gchar *content = "BT /F1 12 Tf 72 720 Td (Plan de accion regional) Tj ET";
    g_autofree gchar *stream = g_strdup_printf ("<< /Length 99999 >>\nstream\n%s\nendstream", content);
    const gchar *objects[] = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
      "/Resources << /Font << /F1 5 0 R >> >> >>",
      stream,
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
      NULL,
    };
    write_pdf ("length-lie.pdf", pdf_of (objects, NULL));
  }
  {
    g_autoptr (GBytes) bomb = deflate_zeros ((gsize) 200 * 1024 * 1024);
    gsize n = 0;
    const gchar *z = g_bytes_get_data (bomb, &n);
    GString *stream = g_string_new (NULL);
    g_string_append_printf (stream, "<< /Length %zu /Filter /FlateDecode >>\nstream\n", n);
    g_string_append_len (stream, z, (gssize) n);
    g_string_append (stream, "\nendstream");
    /* binary, so not through pdf_of (which copies with %s) */
    GString *pdf = g_string_new ("%PDF-1.4\n");
    g_string_append (pdf, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
    g_string_append (pdf, "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
    g_string_append (pdf, "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>\nendobj\n");
    g_string_append (pdf, "4 0 obj\n");
    g_string_append_len (pdf, stream->str, (gssize) stream->len);
    g_string_append (pdf, "\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"); /* no xref: poppler rebuilds it */
    write_pdf ("bomb.pdf", pdf);
    g_string_free (stream, TRUE);
  }
  write_cairo_pdf ("10000-pages.pdf", 10000, 12, 12);
  write_cairo_pdf ("200000-words.pdf", 1, 200000, 1);

  /* not what the name says */
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                                0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89 };
  write_file ("png-named.pdf", png, sizeof png);

  /* text that is not quite text */
  write_file ("invalid-utf8.txt", "Reuni\xc3\xb3n de Tegucigalpa \xff\xfe sobre migraci\xf3n \xc3 y retorno\n", -1);
  static const gchar nul[] = "Acta de la reunion\0 de Managua\0\0 sobre trata\n";
  write_file ("nul-bytes.txt", nul, sizeof nul - 1);
  {
    gsize n = (gsize) 100 * 1024 * 1024;
    gchar *line = g_malloc (n);
    static const gchar word[] = "migracion ";
    for (gsize i = 0; i < n; i++)
      line[i] = word[i % (sizeof word - 1)];
    write_file ("one-line-100mb.txt", line, (gssize) n);
    g_free (line);
  }

  /* names and links */
  g_autofree gchar *a = doc_path ("loop-a.txt");
  g_autofree gchar *b = doc_path ("loop-b.txt");
  ck_assert_int_eq (symlink ("loop-b.txt", a), 0);
  ck_assert_int_eq (symlink ("loop-a.txt", b), 0);
  write_file ("no-permission.txt", "Acta sin permiso de lectura, chachalaca.\n", -1);
  g_autofree gchar *locked = doc_path ("no-permission.txt");
  ck_assert_int_eq (g_chmod (locked, 0), 0);
  g_autofree gchar *dangling = doc_path ("dangling.txt");
  ck_assert_int_eq (symlink ("nowhere.txt", dangling), 0);
  g_autofree gchar *loop_dir = doc_path ("subdir");
  ck_assert_int_eq (g_mkdir (loop_dir, 0755), 0);
  g_autofree gchar *self = g_build_filename (loop_dir, "self", NULL);
  ck_assert_int_eq (symlink ("..", self), 0); /* a directory loop: not followed */
  write_file ("acta\nde la reunion.txt", "Informe de la Presidencia Pro-Tempore: nombre con salto de linea, quiscalus.\n",
              -1);
  write_file ("acta-a\xf1o-\xff.txt", "Informe del a\xc3\xb1o: nombre que no es UTF-8, pijije.\n", -1);
}

static void
setup (void)
{
  scratch = puebla_test_scratch_new ("hostile");
  docs = g_build_filename (scratch, "docs", NULL);
  db = g_build_filename (scratch, "db", NULL);
  ck_assert_int_eq (g_mkdir (docs, 0755), 0);
}

static void
teardown (void)
{
  if (g_getenv ("PUEBLA_TEST_KEEP")) /* to look at the files by hand */
    printf ("kept %s\n", scratch);
  else
    puebla_test_scratch_remove (scratch);
  g_clear_pointer (&scratch, g_free);
  g_clear_pointer (&docs, g_free);
  g_clear_pointer (&db, g_free);
}

static JsonObject *
parse_object (JsonParser *parser, const gchar *text)
{
  ck_assert_msg (json_parser_load_from_data (parser, text, -1, NULL), "not JSON: %.500s", text);
  return json_node_get_object (json_parser_get_root (parser));
}

static guint
hits_for (const gchar *query)
{
  g_autofree gchar *db_arg = g_strdup_printf ("--db=%s", db);
  const gchar *args[] = { "search", db_arg, "--json", query, NULL };
  g_auto (Run) run;
  run_puebla (&run, args);
  ck_assert_msg (run.status == 0, "search %s: %d %s", query, run.status, run.err);
  g_autoptr (JsonParser) p = json_parser_new ();
  return (guint) json_object_get_int_member (parse_object (p, run.out), "total");
}

START_TEST (hostile_files_get_verdicts_and_the_good_ones_are_found)
{
  write_good_records ();
  write_hostile_files ();

  g_autofree gchar *db_arg = g_strdup_printf ("--db=%s", db);
  const gchar *args[] = { "ingest", db_arg, "--json", "--timeout=20", docs, NULL };
  g_auto (Run) run;
  gint64 start = g_get_monotonic_time ();
  run_puebla (&run, args);
  gdouble secs = (g_get_monotonic_time () - start) / 1e6;

  /* puebla itself: no crash, the run finished, some files failed */
  ck_assert_msg (run.signal == 0, "puebla ingest died of signal %d: %s", run.signal, run.err);
  ck_assert_msg (run.status == 1, "exit status %d: %s", run.status, run.err);
  g_autoptr (JsonParser) p = json_parser_new ();
  JsonObject *summary = parse_object (p, run.out);
  /* memory stays bounded: the 100 MB line and the bomb are the workers'
     problem, under their own limit (--max-memory, 1 GiB), and puebla holds
     a few records at a time. The largest is the 10,000-page PDF: its
     10,000 passages wait in Xapian's buffer for the commit (about 200 MiB;
     470–650 in the ASan build) */
  gint64 own_rss = json_object_get_int_member (summary, "max_rss_kib");
#if defined(__SANITIZE_ADDRESS__)
  /* AddressSanitizer keeps up to 256 MiB of freed memory in quarantine,
     and its allocator caches more: a looser bound, still a bound */
  const gint64 bound = 1536 * 1024;
#else
  const gint64 bound = 512 * 1024;
#endif
  ck_assert_msg (own_rss > 0 && own_rss < bound, "puebla ingest grew to %" G_GINT64_FORMAT " MiB", own_rss / 1024);
#if !defined(__SANITIZE_ADDRESS__) /* (ASan's workers run without a memory limit) */
  ck_assert_msg (run.max_rss < 1100 * 1024, "a worker grew to %ld MiB", run.max_rss / 1024);
#endif
  JsonArray *failures = json_object_get_array_member (summary, "failures");
  g_autoptr (GHashTable) verdict_of = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < json_array_get_length (failures); i++)
    {
      JsonObject *f = json_array_get_object_element (failures, i);
      const gchar *path = json_object_get_string_member (f, "path");
      const gchar *base = strrchr (path, '/') ? strrchr (path, '/') + 1 : path;
      g_hash_table_insert (verdict_of, (gpointer) base, (gpointer) json_object_get_string_member (f, "verdict"));
      /* a reason for every verdict */
      ck_assert_msg (*json_object_get_string_member (f, "reason"), "%s: no reason", base);
    }

  GString *table = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const gchar *verdict = g_hash_table_lookup (verdict_of, expected[i].name);
      if (verdict == NULL)
        verdict = "ok";
      g_string_append_printf (table, "  %-22s %-12s %s\n", expected[i].name, verdict, expected[i].why);
      g_auto (GStrv) allowed = g_strsplit (expected[i].verdicts, "|", -1);
      if (g_str_equal (expected[i].name, "no-permission.txt"))
        {
          /* exactly one of the two, as this user is */
          g_strfreev (allowed);
          allowed = g_strsplit (geteuid () == 0 ? "ok" : "unreadable", "|", -1);
        }
      ck_assert_msg (g_strv_contains ((const gchar *const *) allowed, verdict), "%s: %s, expected %s (%s)",
                     expected[i].name, verdict, expected[i].verdicts, expected[i].why);
    }
  /* no extractor of ours crashed on any of them */
  GHashTableIter it;
  gpointer name, verdict;
  g_hash_table_iter_init (&it, verdict_of);
  while (g_hash_table_iter_next (&it, &name, &verdict))
    ck_assert_msg (!g_str_equal (verdict, "crashed"), "%s crashed a worker", (const gchar *) name);
  printf ("hostile input, one ingest in %.1f s; peak RSS: puebla %" G_GINT64_FORMAT " MiB, its largest worker %ld MiB:\n%s",
          secs, own_rss / 1024, run.max_rss / 1024, table->str);
  g_string_free (table, TRUE);

  /* every good record around them is searchable */
  for (guint i = 0; i < G_N_ELEMENTS (good_words); i++)
    ck_assert_msg (hits_for (good_words[i]) == 1, "%s not found", good_words[i]);
  ck_assert_uint_eq (hits_for ("quiscalus"), 1); /* the name with a newline */
  ck_assert_uint_eq (hits_for ("pijije"), 1);    /* the name that is not UTF-8 */
  ck_assert_uint_eq (hits_for ("tegucigalpa"), 1); /* invalid UTF-8, repaired */

  /* a second run retries none of the failed files: they did not change */
  const gchar *again[] = { "ingest", db_arg, "--json", "--timeout=20", docs, NULL };
  g_auto (Run) second;
  run_puebla (&second, again);
  ck_assert_int_eq (second.status, 1);
  g_autoptr (JsonParser) p2 = json_parser_new ();
  JsonArray *f2 = json_object_get_array_member (parse_object (p2, second.out), "failures");
  for (guint i = 0; i < json_array_get_length (f2); i++)
    {
      JsonObject *f = json_array_get_object_element (f2, i);
      const gchar *path = json_object_get_string_member (f, "path");
      /* links are looked at on every run: they have no file to remember */
      if (!strstr (path, "loop-") && !strstr (path, "dangling"))
        ck_assert_msg (!json_object_get_boolean_member (f, "retried"), "%s was retried unchanged", path);
    }

  /* unless asked to */
  g_autofree gchar *header_only = doc_path ("header-only.pdf");
  const gchar *retry[] = { "ingest", db_arg, "--json", "--retry-failed", header_only, NULL };
  g_auto (Run) third;
  run_puebla (&third, retry);
  ck_assert_int_eq (third.status, 1);
  g_autoptr (JsonParser) p3 = json_parser_new ();
  JsonArray *f3 = json_object_get_array_member (parse_object (p3, third.out), "failures");
  ck_assert_uint_eq (json_array_get_length (f3), 1);
  ck_assert (json_object_get_boolean_member (json_array_get_object_element (f3, 0), "retried"));
  ck_assert_str_eq (json_object_get_string_member (json_array_get_object_element (f3, 0), "verdict"), "corrupt");
}
END_TEST

/* qpdf's ~600 malformed PDFs and its OSS-Fuzz reproducers, fetched from
 * Debian's source package by scripts/fetch-qpdf-tests.sh (skipped when
 * Debian cannot be reached), with the corpus's records among them. */
START_TEST (qpdf_malformed_pdfs_get_verdicts)
{
  const gchar *fetch[] = { "sh", PUEBLA_SOURCE_DIR "/scripts/fetch-qpdf-tests.sh", PUEBLA_QPDF_TESTS_DIR, NULL };
  gint status = 0;
  g_autofree gchar *fetch_out = NULL, *fetch_err = NULL;
  ck_assert (g_spawn_sync (NULL, (gchar **) fetch, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &fetch_out, &fetch_err,
                           &status, NULL));
  if (WIFEXITED (status) && WEXITSTATUS (status) == 77)
    {
      printf ("qpdf's test files cannot be fetched here: skipped (%s)\n", fetch_err);
      return;
    }
  ck_assert_msg (WIFEXITED (status) && WEXITSTATUS (status) == 0, "fetch-qpdf-tests.sh: %s", fetch_err);

  g_autofree gchar *db_arg = g_strdup_printf ("--db=%s", db);
  /* with OCR: the few image pages among them go through tesseract too */
  const gchar *args[] = { "ingest", db_arg, "--json", "--timeout=20", PUEBLA_QPDF_TESTS_DIR "/pdf",
                          PUEBLA_QPDF_TESTS_DIR "/fuzz", PUEBLA_CORPUS_DIR "/records", NULL };
  g_auto (Run) run;
  gint64 start = g_get_monotonic_time ();
  run_puebla (&run, args);
  gdouble secs = (g_get_monotonic_time () - start) / 1e6;
  ck_assert_msg (run.signal == 0, "puebla ingest died of signal %d", run.signal);
  ck_assert_msg (run.status == 0 || run.status == 1, "exit status %d: %.2000s", run.status, run.err);

  g_autoptr (JsonParser) p = json_parser_new ();
  JsonObject *summary = parse_object (p, run.out);
  guint files = (guint) json_object_get_int_member (summary, "files");
  guint added = (guint) json_object_get_int_member (summary, "added");
  guint failed = (guint) json_object_get_int_member (summary, "failed");
  ck_assert_uint_gt (files, 500);
  ck_assert_uint_eq (added + failed, files); /* every file has its verdict */
  JsonArray *failures = json_object_get_array_member (summary, "failures");
  g_autoptr (GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < json_array_get_length (failures); i++)
    {
      const gchar *v = json_object_get_string_member (json_array_get_object_element (failures, i), "verdict");
      g_hash_table_insert (counts, (gpointer) v, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, v)) + 1));
    }
  printf ("qpdf's malformed PDFs: %u files in %.1f s: ok %u", files, secs, added);
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init (&it, counts);
  while (g_hash_table_iter_next (&it, &k, &v))
    printf (", %s %u", (const gchar *) k, GPOINTER_TO_UINT (v));
  printf ("; puebla's peak RSS %" G_GINT64_FORMAT " MiB\n", json_object_get_int_member (summary, "max_rss_kib") / 1024);

  /* the good records among them are all there */
  ck_assert_uint_eq (hits_for ("Kozak"), 1);
  ck_assert_uint_ge (hits_for ("\"trata de personas\""), 2);
}
END_TEST

static Suite *
hostile_suite (void)
{
  Suite *s = suite_create ("hostile");
  TCase *tc = tcase_create ("ingest");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 600);
  tcase_add_test (tc, hostile_files_get_verdicts_and_the_good_ones_are_found);
  tcase_add_test (tc, qpdf_malformed_pdfs_get_verdicts);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  SRunner *sr = srunner_create (hostile_suite ());
  srunner_run_all (sr, CK_NORMAL);
  int failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
