/* check_shards.c: an index in shards answers as one database (issue 7,
 * docs/shards.md).
 *
 * The same records -- a generated corpus of 60 (bench/gen-corpus) and
 * corpus/'s records, PDFs and word-processor files -- are ingested once
 * into one database, once with --shards 3 and once with --shards 2; four
 * xapian-tcpsrv on loopback serve the two shards of the last (the records
 * and the passages of each), read through a stub file of `remote` lines
 * and the stub of their passages beside it (STUB.passages). Then `puebla search --json` (rows
 * and their order, snippets, totals, facets; records and passages; pages),
 * `puebla trace --json`, `puebla show --json`, `puebla stats --json` and
 * `puebla export` must give the same answers from each. Scores may differ
 * in the last bits (shards add up a document's weights in another order):
 * they are compared to 1e-9. Also: a re-ingest updates and removes in the
 * right shard, another --shards is refused, and the layout is as
 * documented.
 *
 * The corpora and indexes are made once, before the suite runs (main).
 * Without xapian-tcpsrv (Debian's xapian-tools) the remote tests are not
 * run, and the suite ends with 77 (skipped) when the others pass.
 */
#include "run.h"
#include "scratch.h"

#include <check.h>
#include <errno.h>
#include <arpa/inet.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>

static gchar *scratch;
static gchar *gen;          /* the generated corpus */
static gchar *one, *three, *two; /* the indexes */
static gchar *remote_stub;  /* NULL: no xapian-tcpsrv */
static GPid servers[4];

/* ---- Running puebla --------------------------------------------------------------- */

/* Runs puebla with ARGV (NULL-terminated, without the program) in the
   scratch directory (run.h). */
static gboolean
run_argv (PueblaTestRun *run, const gchar *const *args)
{
  return puebla_test_run (run, scratch, args);
}

#define PUEBLA(run, ...)                                                                                     \
  do                                                                                                         \
    {                                                                                                        \
      const gchar *args_[] = { __VA_ARGS__, NULL };                                                          \
      ck_assert_msg (run_argv ((run), args_), "puebla %s did not finish: %s", args_[0], (run)->err);          \
    }                                                                                                        \
  while (0)

/* ---- Comparing answers ---------------------------------------------------------------- */

static JsonNode *
parse (const gchar *text)
{
  g_autoptr (GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);
  ck_assert_msg (node != NULL, "not JSON: %s\n%.400s", error ? error->message : "", text);
  return node;
}

/* Whether A and B are the same JSON, numbers named "score" to 1e-9
   (relative); the first difference in *WHERE. */
static gboolean
same_json (JsonNode *a, JsonNode *b, const gchar *path, gchar **where)
{
  if (JSON_NODE_TYPE (a) != JSON_NODE_TYPE (b))
    {
      *where = g_strdup_printf ("%s: not the same kind of value", path);
      return FALSE;
    }
  switch (JSON_NODE_TYPE (a))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *oa = json_node_get_object (a), *ob = json_node_get_object (b);
        if (json_object_get_size (oa) != json_object_get_size (ob))
          {
            *where = g_strdup_printf ("%s: %u members, not %u", path, json_object_get_size (oa),
                                      json_object_get_size (ob));
            return FALSE;
          }
        g_autoptr (GList) names = json_object_get_members (oa);
        for (GList *l = names; l; l = l->next)
          {
            const gchar *name = l->data;
            g_autofree gchar *sub = g_strdup_printf ("%s.%s", path, name);
            if (!json_object_has_member (ob, name))
              {
                *where = g_strdup_printf ("%s: missing", sub);
                return FALSE;
              }
            JsonNode *va = json_object_get_member (oa, name), *vb = json_object_get_member (ob, name);
            if (g_str_equal (name, "score") && JSON_NODE_HOLDS_VALUE (va) && JSON_NODE_HOLDS_VALUE (vb))
              {
                gdouble x = json_node_get_double (va), y = json_node_get_double (vb);
                if (fabs (x - y) > 1e-9 * MAX (fabs (x), fabs (y)))
                  {
                    *where = g_strdup_printf ("%s: %.17g, not %.17g", sub, x, y);
                    return FALSE;
                  }
                continue;
              }
            if (!same_json (va, vb, sub, where))
              return FALSE;
          }
        return TRUE;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *aa = json_node_get_array (a), *ab = json_node_get_array (b);
        if (json_array_get_length (aa) != json_array_get_length (ab))
          {
            *where = g_strdup_printf ("%s: %u elements, not %u", path, json_array_get_length (aa),
                                      json_array_get_length (ab));
            return FALSE;
          }
        for (guint i = 0; i < json_array_get_length (aa); i++)
          {
            g_autofree gchar *sub = g_strdup_printf ("%s[%u]", path, i);
            if (!same_json (json_array_get_element (aa, i), json_array_get_element (ab, i), sub, where))
              return FALSE;
          }
        return TRUE;
      }
    case JSON_NODE_VALUE:
      if (json_node_equal (a, b))
        return TRUE;
      {
        g_autofree gchar *x = json_to_string (a, FALSE), *y = json_to_string (b, FALSE);
        *where = g_strdup_printf ("%s: %.200s, not %.200s", path, x, y);
      }
      return FALSE;
    case JSON_NODE_NULL:
      return TRUE;
    }
  return FALSE;
}

/* Runs the same command (ARGS, with "--db=DB" after the command) on the
   one database and on DB, and asserts the same JSON; returns the number
   of results for the caller's sanity checks (-1 when there is no
   "results" array). */
static gint
assert_same_answer (const gchar *db, const gchar *const *args)
{
  g_autofree gchar *db_one = g_strdup_printf ("--db=%s", one);
  g_autofree gchar *db_other = g_strdup_printf ("--db=%s", db);
  g_autoptr (GPtrArray) a = g_ptr_array_new ();
  g_autoptr (GPtrArray) b = g_ptr_array_new ();
  g_ptr_array_add (a, (gpointer) args[0]);
  g_ptr_array_add (b, (gpointer) args[0]);
  g_ptr_array_add (a, db_one);
  g_ptr_array_add (b, db_other);
  for (guint i = 1; args[i]; i++)
    {
      g_ptr_array_add (a, (gpointer) args[i]);
      g_ptr_array_add (b, (gpointer) args[i]);
    }
  g_ptr_array_add (a, NULL);
  g_ptr_array_add (b, NULL);

  g_auto (PueblaTestRun) ra;
  g_auto (PueblaTestRun) rb;
  ck_assert (run_argv (&ra, (const gchar *const *) a->pdata));
  ck_assert (run_argv (&rb, (const gchar *const *) b->pdata));
  g_autofree gchar *line = g_strjoinv (" ", (gchar **) args);
  ck_assert_msg (ra.status == 0, "puebla %s (one database) exited %d: %s", line, ra.status, ra.err);
  ck_assert_msg (rb.status == 0, "puebla %s (%s) exited %d: %s", line, db, rb.status, rb.err);
  g_autoptr (JsonNode) ja = parse (ra.out);
  g_autoptr (JsonNode) jb = parse (rb.out);
  g_autofree gchar *where = NULL;
  ck_assert_msg (same_json (ja, jb, "", &where), "puebla %s: %s differs from one database at %s", line, db, where);
  if (JSON_NODE_HOLDS_OBJECT (ja) && json_object_has_member (json_node_get_object (ja), "results"))
    return (gint) json_array_get_length (json_object_get_array_member (json_node_get_object (ja), "results"));
  return -1;
}

/* ---- The indexes -------------------------------------------------------------------------- */

static const gchar *const queries[] = {
  "trata",
  "migracion",
  "migra*",
  "trata de personas",
  "\"trata de personas\" guatemala",
  "country:GT",
  "org:OIM status:pending",
  "OIM OR ACNUR",
  "title:reunion",
  "seminario -trata",
  "trata date:2004..2006",
  "+proteccion consular",
};

static void
search_all (const gchar *db)
{
  gint rows = 0;
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      const gchar *records[] = { "search", "--json", "--facets", "--limit", "200", queries[i], NULL };
      const gchar *passages[] = { "search", "--json", "--facets", "--passages", "--limit", "200", queries[i], NULL };
      const gchar *page[] = { "search", "--json", "--offset", "7", "--limit", "9", queries[i], NULL };
      const gchar *passage_page[] = { "search", "--json", "--passages", "--offset", "13", "--limit", "11", queries[i], NULL };
      rows += assert_same_answer (db, records);
      rows += assert_same_answer (db, passages);
      if (i % 3 == 0) /* pages cut from runs of ties: a few */
        {
          assert_same_answer (db, page);
          assert_same_answer (db, passage_page);
        }
    }
  ck_assert_msg (rows > 1000, "only %d rows: the test proves little", rows);
}

static const gchar *const traces[] = {
  "foro sector privado migración",
  "seminario legislación migratoria",
  "trata de personas",
  "retorno de niños",
};

static void
trace_all (const gchar *db)
{
  for (guint i = 0; i < G_N_ELEMENTS (traces); i++)
    {
      const gchar *args[] = { "trace", "--json", traces[i], NULL };
      assert_same_answer (db, args);
    }
}

/* Every record: show --json by id and path. */
static void
show_all (const gchar *db)
{
  g_auto (PueblaTestRun) run;
  g_autofree gchar *db_one = g_strdup_printf ("--db=%s", one);
  PUEBLA (&run, "search", db_one, "--json", "--limit", "1000", "migracion OR migration OR the OR la");
  ck_assert_int_eq (run.status, 0);
  g_autoptr (JsonNode) node = parse (run.out);
  JsonArray *results = json_object_get_array_member (json_node_get_object (node), "results");
  ck_assert_uint_gt (json_array_get_length (results), 60);
  for (guint i = 0; i < json_array_get_length (results); i += 11)
    {
      JsonObject *r = json_array_get_object_element (results, i);
      const gchar *by_id[] = { "show", "--json", json_object_get_string_member (r, "id"), NULL };
      const gchar *by_path[] = { "show", "--json", json_object_get_string_member (r, "path"), NULL };
      assert_same_answer (db, by_id);
      assert_same_answer (db, by_path);
    }
}

/* stats --json, but for the index's name and the time of the last ingest. */
static void
assert_same_stats (const gchar *db)
{
  g_autofree gchar *db_one = g_strdup_printf ("--db=%s", one);
  g_autofree gchar *db_other = g_strdup_printf ("--db=%s", db);
  g_auto (PueblaTestRun) ra;
  g_auto (PueblaTestRun) rb;
  PUEBLA (&ra, "stats", db_one, "--json");
  PUEBLA (&rb, "stats", db_other, "--json");
  ck_assert_msg (ra.status == 0 && rb.status == 0, "stats: %s %s", ra.err, rb.err);
  g_autoptr (JsonNode) ja = parse (ra.out);
  g_autoptr (JsonNode) jb = parse (rb.out);
  for (guint k = 0; k < 2; k++)
    {
      JsonObject *o = json_node_get_object (k ? jb : ja);
      ck_assert (json_object_has_member (o, "last_ingest"));
      json_object_remove_member (o, "index");
      json_object_remove_member (o, "last_ingest");
    }
  g_autofree gchar *where = NULL;
  ck_assert_msg (same_json (ja, jb, "", &where), "stats of %s differ at %s", db, where);
}

/* export's CSV, byte for byte. */
static void
assert_same_export (const gchar *db)
{
  g_autofree gchar *db_one = g_strdup_printf ("--db=%s", one);
  g_autofree gchar *db_other = g_strdup_printf ("--db=%s", db);
  const gchar *what[][3] = { { "activities", NULL, NULL }, { "passages", "org:OIM", NULL } };
  for (guint i = 0; i < G_N_ELEMENTS (what); i++)
    {
      g_auto (PueblaTestRun) ra;
      g_auto (PueblaTestRun) rb;
      if (what[i][1])
        {
          PUEBLA (&ra, "export", db_one, "--format", "jsonl", what[i][0], what[i][1]);
          PUEBLA (&rb, "export", db_other, "--format", "jsonl", what[i][0], what[i][1]);
        }
      else
        {
          PUEBLA (&ra, "export", db_one, what[i][0]);
          PUEBLA (&rb, "export", db_other, what[i][0]);
        }
      ck_assert_msg (ra.status == 0 && rb.status == 0, "export: %s %s", ra.err, rb.err);
      ck_assert_uint_gt (strlen (ra.out), 1000);
      ck_assert_msg (g_str_equal (ra.out, rb.out), "export %s of %s differs", what[i][0], db);
    }
}

/* ---- Local shards ----------------------------------------------------------------------------- */

START_TEST (local_search)
{
  search_all (three); /* the two shards: through xapian-tcpsrv below */
}
END_TEST

START_TEST (local_trace_show_stats_export)
{
  trace_all (three);
  show_all (three);
  assert_same_stats (three);
  assert_same_stats (two);
  assert_same_export (three);
}
END_TEST

/* DIR/XAPIANDB lists the shards; each is a puebla index of its own, and
   the records are spread over them. */
START_TEST (layout)
{
  g_autofree gchar *stub = g_build_filename (three, "XAPIANDB", NULL);
  g_autofree gchar *text = NULL;
  ck_assert (g_file_get_contents (stub, &text, NULL, NULL));
  ck_assert_ptr_nonnull (strstr (text, "\nauto shard-000\nauto shard-001\nauto shard-002\n"));
  /* and DIR/passages the shards' passages, each in a database of its own */
  g_autofree gchar *passages = g_build_filename (three, "passages", NULL);
  g_autofree gchar *ptext = NULL;
  ck_assert (g_file_get_contents (passages, &ptext, NULL, NULL));
  ck_assert_ptr_nonnull (
    strstr (ptext, "\nauto shard-000/passages\nauto shard-001/passages\nauto shard-002/passages\n"));
  /* the index read through its stub file is the index: its passages too */
  g_autofree gchar *db_stub = g_strdup_printf ("--db=%s", stub);
  g_auto (PueblaTestRun) via_stub;
  PUEBLA (&via_stub, "search", db_stub, "--passages", "--json", "trata");
  ck_assert_msg (via_stub.status == 0 && strstr (via_stub.out, "\"passage\""), "%s", via_stub.err);

  g_autofree gchar *db_one = g_strdup_printf ("--db=%s", one);
  g_auto (PueblaTestRun) whole;
  PUEBLA (&whole, "stats", db_one, "--json");
  g_autoptr (JsonNode) wn = parse (whole.out);
  gint64 total = json_object_get_int_member (json_node_get_object (wn), "documents");
  gint64 sum = 0;
  for (guint i = 0; i < 3; i++)
    {
      g_autofree gchar *shard = g_strdup_printf ("--db=%s/shard-%03u", three, i);
      g_auto (PueblaTestRun) run;
      PUEBLA (&run, "stats", shard, "--json");
      ck_assert_msg (run.status == 0, "stats of shard %u: %s", i, run.err);
      g_autoptr (JsonNode) n = parse (run.out);
      JsonObject *o = json_node_get_object (n);
      gint64 docs = json_object_get_int_member (o, "documents");
      ck_assert_msg (docs > total / 6, "shard %u holds %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT, i, docs, total);
      ck_assert_int_eq (json_object_get_int_member (o, "schema_version"), 5);
      ck_assert_ptr_nonnull (json_object_get_string_member (o, "last_ingest"));
      sum += docs;
    }
  ck_assert_int_eq (sum, total);
}
END_TEST

START_TEST (other_shard_count_refused)
{
  g_autofree gchar *db3 = g_strdup_printf ("--db=%s", three);
  g_autofree gchar *db1 = g_strdup_printf ("--db=%s", one);
  g_autofree gchar *stub = g_strdup_printf ("--db=%s/XAPIANDB", three);
  g_autofree gchar *readme = g_build_filename (PUEBLA_CORPUS_DIR, "README.md", NULL);
  g_auto (PueblaTestRun) run;
  PUEBLA (&run, "ingest", db3, "--shards", "2", readme);
  ck_assert_int_eq (run.status, 2);
  ck_assert_ptr_nonnull (strstr (run.err, "has 3 shards, not 2"));
  puebla_test_run_clear (&run);
  PUEBLA (&run, "ingest", db1, "--shards", "3", readme);
  ck_assert_int_eq (run.status, 2);
  ck_assert_ptr_nonnull (strstr (run.err, "is one database, not 3 shards"));
  puebla_test_run_clear (&run);
  PUEBLA (&run, "ingest", stub, readme);
  ck_assert_int_eq (run.status, 2);
  ck_assert_ptr_nonnull (strstr (run.err, "stub file"));
  /* the same count, or none: the index as it is, and nothing changed */
  puebla_test_run_clear (&run);
  PUEBLA (&run, "ingest", db3, "--shards", "3", "--json", gen);
  ck_assert_msg (run.status == 0, "%s", run.err);
  g_autoptr (JsonNode) n = parse (run.out);
  ck_assert_int_eq (json_object_get_int_member (json_node_get_object (n), "added"), 0);
  /* the 60 records and the manifest */
  ck_assert_int_eq (json_object_get_int_member (json_node_get_object (n), "unchanged"), 61);
}
END_TEST

/* A changed file is replaced and a file gone is removed, in its shard. */
START_TEST (reingest_updates_in_place)
{
  g_autofree gchar *dir = g_build_filename (scratch, "changing", NULL);
  g_autofree gchar *db_a = g_build_filename (scratch, "changing-one", NULL);
  g_autofree gchar *db_b = g_build_filename (scratch, "changing-three", NULL);
  ck_assert_int_eq (g_mkdir (dir, 0755), 0);
  for (guint i = 0; i < 12; i++)
    {
      g_autofree gchar *name = g_strdup_printf ("r%02u.txt", i);
      g_autofree gchar *path = g_build_filename (dir, name, NULL);
      g_autofree gchar *text = g_strdup_printf ("CONCLUSIONES %u\n\nLa OIM y Guatemala acordaron el seminario %u sobre trata "
                                                "de personas.\n", i, i);
      ck_assert (g_file_set_contents (path, text, -1, NULL));
    }
  g_autofree gchar *arg_a = g_strdup_printf ("--db=%s", db_a);
  g_autofree gchar *arg_b = g_strdup_printf ("--db=%s", db_b);
  for (guint round = 0; round < 2; round++)
    {
      g_auto (PueblaTestRun) ra;
      g_auto (PueblaTestRun) rb;
      PUEBLA (&ra, "ingest", arg_a, "--json", dir);
      PUEBLA (&rb, "ingest", arg_b, "--shards", "3", "--json", dir);
      ck_assert_msg (ra.status == 0 && rb.status == 0, "%s %s", ra.err, rb.err);
      g_autoptr (JsonNode) na = parse (ra.out);
      g_autoptr (JsonNode) nb = parse (rb.out);
      JsonObject *oa = json_node_get_object (na), *ob = json_node_get_object (nb);
      const gchar *counts[] = { "added", "updated", "unchanged", "removed", "failed" };
      for (guint k = 0; k < G_N_ELEMENTS (counts); k++)
        ck_assert_int_eq (json_object_get_int_member (oa, counts[k]), json_object_get_int_member (ob, counts[k]));
      if (round == 1)
        {
          ck_assert_int_eq (json_object_get_int_member (ob, "updated"), 3);
          ck_assert_int_eq (json_object_get_int_member (ob, "removed"), 2);
          break;
        }
      ck_assert_int_eq (json_object_get_int_member (ob, "added"), 12);
      /* change three files, remove two */
      for (guint i = 0; i < 3; i++)
        {
          g_autofree gchar *path = g_strdup_printf ("%s/r%02u.txt", dir, i);
          g_autofree gchar *text = g_strdup_printf ("INFORME %u\n\nMéxico propuso un taller %u sobre remesas.\n", i, i);
          ck_assert (g_file_set_contents (path, text, -1, NULL));
        }
      for (guint i = 10; i < 12; i++)
        {
          g_autofree gchar *path = g_strdup_printf ("%s/r%02u.txt", dir, i);
          ck_assert_int_eq (g_unlink (path), 0);
        }
    }
  g_autofree gchar *saved = one;
  one = db_a;
  const gchar *q1[] = { "search", "--json", "--facets", "--passages", "trata OR remesas", NULL };
  const gchar *q2[] = { "search", "--json", "--facets", "seminario OR taller", NULL };
  ck_assert_int_eq (assert_same_answer (db_b, q2), 10);
  assert_same_answer (db_b, q1);
  assert_same_stats (db_b);
  one = g_steal_pointer (&saved);
}
END_TEST

/* ---- Remote shards --------------------------------------------------------------------------- */

/* A stub of remote shards without the stub of their passages beside it is
   refused with a reason, not read as an index without passages. */
START_TEST (remote_stub_without_passages_refused)
{
  g_autofree gchar *alone = g_strconcat (remote_stub, "-alone", NULL);
  g_autofree gchar *text = NULL;
  ck_assert (g_file_get_contents (remote_stub, &text, NULL, NULL) && g_file_set_contents (alone, text, -1, NULL));
  g_autofree gchar *db = g_strdup_printf ("--db=%s", alone);
  g_auto (PueblaTestRun) run;
  PUEBLA (&run, "search", db, "trata");
  ck_assert_int_eq (run.status, 3);
  ck_assert_msg (strstr (run.err, "passages") && strstr (run.err, "-alone.passages"), "%s", run.err);
}
END_TEST

START_TEST (remote_search)
{
  search_all (remote_stub);
}
END_TEST

START_TEST (remote_trace_show_stats_export)
{
  trace_all (remote_stub);
  show_all (remote_stub);
  assert_same_stats (remote_stub);
  assert_same_export (remote_stub);
}
END_TEST

/* ---- Setting up ------------------------------------------------------------------------------- */

/* In the child, before xapian-tcpsrv runs: a process group of its own
   (on SIGTERM it kills its whole group, to end the children that serve
   its connections: ours too, were it in our group), and SIGTERM when we
   end, however we end. */
static void
server_child_setup (gpointer data)
{
  (void) data;
  setpgid (0, 0);
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* Whether something accepts connections on 127.0.0.1:PORT. */
static gboolean
can_connect (guint port)
{
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons ((guint16) port) };
  a.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  gboolean ok = fd >= 0 && connect (fd, (struct sockaddr *) &a, sizeof a) == 0;
  if (fd >= 0)
    close (fd);
  return ok;
}

/* Whether PID has ended (and is reaped). */
static gboolean
has_ended (GPid pid)
{
  return waitpid (pid, NULL, WNOHANG) == pid;
}

/* Starts xapian-tcpsrv on 127.0.0.1 over SHARD, on a free port from a
   range that depends on our pid (a port taken: the server ends at once,
   and the next is tried). Its port in *PORT; FALSE when none could be
   had. The server ends with this program (PR_SET_PDEATHSIG). */
static gboolean
start_server (const gchar *shard, GPid *pid, guint *port)
{
  guint base = 20000 + (guint) (getpid () * 7 % 30000);
  for (guint attempt = 0; attempt < 40; attempt++)
    {
      *port = base + attempt * 13;
      if (can_connect (*port))
        continue; /* someone else's */
      g_autofree gchar *port_arg = g_strdup_printf ("%u", *port);
      const gchar *argv[] = { "xapian-tcpsrv", "--quiet", "--interface", "127.0.0.1", "--port", port_arg, shard, NULL };
      g_autoptr (GError) error = NULL;
      if (!g_spawn_async (NULL, (gchar **) argv, NULL,
                          G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL
                            | G_SPAWN_STDERR_TO_DEV_NULL,
                          server_child_setup, NULL, pid, &error))
        g_error ("cannot start xapian-tcpsrv: %s", error->message);
      gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
      gboolean up = FALSE, ended = FALSE;
      while (!up && !(ended = has_ended (*pid)) && g_get_monotonic_time () < deadline)
        {
          up = can_connect (*port);
          if (!up)
            g_usleep (50000);
        }
      /* another process may have taken the port meanwhile: then ours ends */
      g_usleep (100000);
      if (up && !has_ended (*pid))
        return TRUE;
      if (!ended)
        {
          kill (*pid, SIGTERM);
          waitpid (*pid, NULL, 0);
        }
      g_spawn_close_pid (*pid);
      *pid = 0;
    }
  return FALSE;
}

static void
stop_servers (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    if (servers[i] > 0)
      {
        kill (servers[i], SIGTERM);
        waitpid (servers[i], NULL, 0);
        g_spawn_close_pid (servers[i]);
        servers[i] = 0;
      }
}

/* Made before the suite runs, where ck_assert cannot report: a failure
   here ends the program. */
static void
must_run (const gchar *const *argv)
{
  gint status = 0;
  g_autofree gchar *err = NULL;
  g_autoptr (GError) error = NULL;
  if (!g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err, &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    g_error ("%s %s: %s\n%s", argv[0], argv[1], error->message, err ? err : "");
}

static void
ingest (const gchar *db, const gchar *shards)
{
  g_autofree gchar *db_arg = g_strdup_printf ("--db=%s", db);
  g_autofree gchar *records = g_build_filename (PUEBLA_CORPUS_DIR, "records", NULL);
  g_autofree gchar *pdf = g_build_filename (PUEBLA_CORPUS_DIR, "pdf", NULL);
  g_autofree gchar *formats = g_build_filename (PUEBLA_CORPUS_DIR, "formats", NULL);
  const gchar *argv[] = { PUEBLA_BINARY, "ingest", db_arg, "--quiet", "--no-ocr", "--shards", shards, gen, records,
                          pdf, formats, NULL };
  must_run (argv);
}

static void
setup (void)
{
  scratch = puebla_test_scratch_new ("shards");
  gen = g_build_filename (scratch, "gen", NULL);
  const gchar *argv[] = { PUEBLA_GEN_CORPUS, "--seed", "7", "--records", "60", "--out", gen, NULL };
  must_run (argv);
  one = g_build_filename (scratch, "one", NULL);
  three = g_build_filename (scratch, "three", NULL);
  two = g_build_filename (scratch, "two", NULL);
  ingest (one, "1");
  ingest (three, "3");
  ingest (two, "2");

  g_autofree gchar *tcpsrv = g_find_program_in_path ("xapian-tcpsrv");
  if (tcpsrv == NULL)
    return;
  /* a server for each shard's records, and one for its passages */
  guint ports[4];
  for (guint i = 0; i < 4; i++)
    {
      g_autofree gchar *db = g_strdup_printf ("%s/shard-%03u%s", two, i % 2, i < 2 ? "" : "/passages");
      if (!start_server (db, &servers[i], &ports[i]))
        g_error ("xapian-tcpsrv: no free port");
    }
  remote_stub = g_build_filename (scratch, "remote.stub", NULL);
  g_autofree gchar *passages_stub = g_strconcat (remote_stub, ".passages", NULL);
  g_autofree gchar *text = g_strdup_printf ("# two shards on loopback\nremote 127.0.0.1:%u\nremote 127.0.0.1:%u\n",
                                            ports[0], ports[1]);
  g_autofree gchar *ptext = g_strdup_printf ("# their passages\nremote 127.0.0.1:%u\nremote 127.0.0.1:%u\n",
                                             ports[2], ports[3]);
  if (!g_file_set_contents (remote_stub, text, -1, NULL) || !g_file_set_contents (passages_stub, ptext, -1, NULL))
    g_error ("cannot write %s", remote_stub);
}

static void
teardown (void)
{
  stop_servers ();
  puebla_test_scratch_remove (scratch);
  g_clear_pointer (&scratch, g_free);
  g_clear_pointer (&gen, g_free);
  g_clear_pointer (&one, g_free);
  g_clear_pointer (&three, g_free);
  g_clear_pointer (&two, g_free);
  g_clear_pointer (&remote_stub, g_free);
}

static Suite *
shards_suite (void)
{
  Suite *s = suite_create ("shards");
  TCase *local = tcase_create ("local shards");
  tcase_set_timeout (local, 600);
  tcase_add_test (local, layout);
  tcase_add_test (local, local_search);
  tcase_add_test (local, local_trace_show_stats_export);
  tcase_add_test (local, other_shard_count_refused);
  tcase_add_test (local, reingest_updates_in_place);
  suite_add_tcase (s, local);
  if (remote_stub)
    {
      TCase *remote = tcase_create ("remote shards");
      tcase_set_timeout (remote, 600);
      tcase_add_test (remote, remote_search);
      tcase_add_test (remote, remote_trace_show_stats_export);
      tcase_add_test (remote, remote_stub_without_passages_refused);
      suite_add_tcase (s, remote);
    }
  return s;
}

int
main (void)
{
  signal (SIGPIPE, SIG_IGN);
  setup ();
  SRunner *sr = srunner_create (shards_suite ());
  srunner_run_all (sr, CK_NORMAL);
  int failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  gboolean skipped = remote_stub == NULL;
  teardown ();
  if (failed)
    return EXIT_FAILURE;
  if (skipped)
    {
      fprintf (stderr, "check_shards: xapian-tcpsrv not found (Debian: xapian-tools): remote shards not tested\n");
      return 77;
    }
  return EXIT_SUCCESS;
}
