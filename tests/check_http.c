/* check_http.c: `puebla serve` over real HTTP on an ephemeral loopback port,
 * on an index of corpus/: every endpoint, every error status, concurrent
 * requests, and a commit seen while serving. */
#include "cdp.h"

#include "scratch.h"

#include <check.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static gchar *scratch, *db;
static GPid server;
static guint16 port;

static void
run_ok (const gchar *const *argv)
{
  gint status = 0;
  g_autoptr (GError) error = NULL;
  ck_assert (g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status,
                           &error));
  ck_assert_msg (WIFEXITED (status) && WEXITSTATUS (status) == 0, "%s failed", argv[1]);
}

static void
setup (void)
{
  scratch = puebla_test_scratch_new ("http");
  db = g_build_filename (scratch, "db", NULL);
  g_autofree gchar *db_arg = g_strdup_printf ("--db=%s", db);
  const gchar *ingest[] = { PUEBLA_BINARY, "ingest", "-q", db_arg, PUEBLA_CORPUS_DIR "/records", NULL };
  run_ok (ingest);

  const gchar *serve[] = { PUEBLA_BINARY, "serve", db_arg, "--listen", "127.0.0.1:0", "--max-query", "500",
                           "--max-time", "0.5", NULL };
  gint out = -1;
  g_autoptr (GError) error = NULL;
  ck_assert (g_spawn_async_with_pipes (NULL, (gchar **) serve, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &server,
                                       NULL, &out, NULL, &error));
  /* "puebla serve: listening on http://127.0.0.1:PORT/ (index …)" */
  g_autoptr (GIOChannel) ch = g_io_channel_unix_new (out);
  g_io_channel_set_close_on_unref (ch, TRUE);
  g_autofree gchar *line = NULL;
  ck_assert (g_io_channel_read_line (ch, &line, NULL, NULL, NULL) == G_IO_STATUS_NORMAL);
  const gchar *at = strstr (line, "127.0.0.1:");
  ck_assert_msg (at, "%s", line);
  port = (guint16) g_ascii_strtoull (at + strlen ("127.0.0.1:"), NULL, 10);
  ck_assert_uint_gt (port, 0);
}

static void
teardown (void)
{
  kill (server, SIGTERM);
  gint status = 0;
  waitpid (server, &status, 0);
  g_spawn_close_pid (server);
  ck_assert_msg (WIFEXITED (status) && WEXITSTATUS (status) == 0, "serve did not stop cleanly");
  puebla_test_scratch_remove (scratch);
  g_clear_pointer (&scratch, g_free);
  g_clear_pointer (&db, g_free);
}

typedef struct
{
  guint status;
  gchar *type;
  gchar *body; /* de-chunked */
  gboolean chunked;
} Response;

static void
response_clear (Response *r)
{
  g_clear_pointer (&r->type, g_free);
  g_clear_pointer (&r->body, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Response, response_clear)

/* METHOD TARGET over a fresh connection; the whole answer. */
static void
request (Response *r, const gchar *method, const gchar *target)
{
  memset (r, 0, sizeof *r);
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocketConnection) conn = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  ck_assert_msg (conn != NULL, "connect: %s", error ? error->message : "");
  g_autofree gchar *req = g_strdup_printf ("%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n%s\r\n",
                                           method, target, g_str_equal (method, "POST") ? "Content-Length: 0\r\n" : "");
  GOutputStream *os = g_io_stream_get_output_stream (G_IO_STREAM (conn));
  ck_assert (g_output_stream_write_all (os, req, strlen (req), NULL, NULL, &error));
  GInputStream *is = g_io_stream_get_input_stream (G_IO_STREAM (conn));
  GString *all = g_string_new (NULL);
  gchar buf[8192];
  gssize n;
  while ((n = g_input_stream_read (is, buf, sizeof buf, NULL, NULL)) > 0)
    g_string_append_len (all, buf, n);
  ck_assert_msg (g_str_has_prefix (all->str, "HTTP/1."), "no HTTP answer: %.60s", all->str);
  r->status = (guint) g_ascii_strtoull (all->str + 9, NULL, 10);
  const gchar *head_end = strstr (all->str, "\r\n\r\n");
  ck_assert (head_end);
  g_autofree gchar *head = g_ascii_strdown (all->str, head_end - all->str);
  const gchar *ct = strstr (head, "\r\ncontent-type: ");
  if (ct)
    {
      ct += strlen ("\r\ncontent-type: ");
      r->type = g_strndup (ct, strcspn (ct, "\r"));
    }
  r->chunked = strstr (head, "\r\ntransfer-encoding: chunked") != NULL;
  if (!r->chunked)
    r->body = g_strdup (head_end + 4);
  else
    {
      /* SIZE-IN-HEX\r\nDATA\r\n … 0\r\n\r\n */
      GString *body = g_string_new (NULL);
      const gchar *at = head_end + 4;
      for (;;)
        {
          gchar *end = NULL;
          guint64 size = g_ascii_strtoull (at, &end, 16);
          ck_assert_msg (end != at && g_str_has_prefix (strstr (end, "\r\n"), "\r\n"), "bad chunk at %.20s", at);
          at = strstr (end, "\r\n") + 2;
          if (size == 0)
            break;
          ck_assert_msg (strlen (at) >= size + 2, "a chunk is cut short");
          g_string_append_len (body, at, (gssize) size);
          at += size + 2;
        }
      r->body = g_string_free (body, FALSE);
    }
  g_string_free (all, TRUE);
}

static JsonObject *
json_of (JsonParser *parser, const Response *r)
{
  ck_assert_msg (r->type && g_str_has_prefix (r->type, "application/json"), "type %s", r->type);
  ck_assert_msg (json_parser_load_from_data (parser, r->body, -1, NULL), "not JSON: %.80s", r->body);
  return json_node_get_object (json_parser_get_root (parser));
}

/* ---- Endpoints ---------------------------------------------------------------------- */

START_TEST (every_endpoint_answers)
{
  g_autoptr (JsonParser) p = json_parser_new ();
  {
    g_auto (Response) r;
    request (&r, "GET", "/api/health");
    ck_assert_uint_eq (r.status, 200);
    ck_assert_str_eq (json_object_get_string_member (json_of (p, &r), "status"), "ok");
    ck_assert_int_eq (json_object_get_int_member (json_of (p, &r), "documents"), 5);
  }
  {
    g_auto (Response) r;
    request (&r, "GET", "/api/stats");
    ck_assert_uint_eq (r.status, 200);
    ck_assert_int_eq (json_object_get_int_member (json_of (p, &r), "documents"), 5);
  }
  gchar *id = NULL;
  {
    /* the same JSON as puebla search --json */
    g_auto (Response) r;
    request (&r, "GET", "/api/search?q=Kozak&facets=1");
    ck_assert_uint_eq (r.status, 200);
    JsonObject *o = json_of (p, &r);
    ck_assert_int_eq (json_object_get_int_member (o, "total"), 1);
    ck_assert (!json_object_get_boolean_member (o, "partial")); /* --max-time left every match counted */
    ck_assert_int_eq (json_object_get_int_member (o, "examined"), 1);
    ck_assert (json_object_has_member (o, "facets"));
    JsonObject *hit = json_array_get_object_element (json_object_get_array_member (o, "results"), 0);
    ck_assert (strstr (json_object_get_string_member (hit, "snippet"), "<mark>Kozak</mark>"));
    id = g_strdup (json_object_get_string_member (hit, "id"));
  }
  {
    g_auto (Response) r;
    request (&r, "GET", "/api/search?q=seminario%20legislaci%C3%B3n&passages=1&limit=3");
    ck_assert_uint_eq (r.status, 200);
    JsonObject *hit = json_array_get_object_element (json_object_get_array_member (json_of (p, &r), "results"), 0);
    ck_assert_str_eq (json_object_get_string_member (json_object_get_object_member (hit, "passage"), "kind"), "row");
  }
  {
    g_auto (Response) r;
    request (&r, "GET", "/api/facets?q=trata%20country:HN");
    ck_assert_uint_eq (r.status, 200);
    JsonObject *o = json_of (p, &r);
    ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (o, "results")), 0);
    ck_assert (json_object_has_member (json_object_get_object_member (o, "facets"), "kind"));
  }
  {
    g_auto (Response) r;
    request (&r, "GET", "/api/trace?q=foro%20sector%20privado%20migraci%C3%B3n");
    ck_assert_uint_eq (r.status, 200);
    JsonObject *o = json_of (p, &r);
    ck_assert_str_eq (json_object_get_string_member (json_object_get_object_member (o, "completed"), "date"),
                      "2006-02");
  }
  {
    g_autofree gchar *target = g_strdup_printf ("/api/documents/%s", id);
    g_auto (Response) r;
    request (&r, "GET", target);
    ck_assert_uint_eq (r.status, 200);
    JsonObject *o = json_of (p, &r);
    ck_assert_str_eq (json_object_get_string_member (o, "id"), id);
    ck_assert (json_array_get_length (json_object_get_array_member (o, "passages")) > 20);
    ck_assert (json_array_get_length (json_object_get_array_member (o, "entities")) > 20);
  }
  {
    g_autofree gchar *target = g_strdup_printf ("/api/documents/%s/text", id);
    g_auto (Response) r;
    request (&r, "GET", target);
    ck_assert_uint_eq (r.status, 200);
    ck_assert (g_str_has_prefix (r.type, "text/plain"));
    ck_assert (strstr (r.body, "Roberto Kozak"));
  }
  {
    g_auto (Response) r;
    request (&r, "GET", "/api/export/activities?format=csv");
    ck_assert_uint_eq (r.status, 200);
    ck_assert (g_str_has_prefix (r.type, "text/csv"));
    ck_assert (g_str_has_prefix (r.body, "\"record\",\"record_id\","));
    guint rows = 0;
    for (const gchar *q = r.body; (q = strstr (q, "\r\n")); q += 2)
      rows++;
    ck_assert_uint_ge (rows, 51); /* header + the 50 rows of the three plans (cells may hold line breaks) */
  }
  {
    /* streamed, and the same bytes as the command */
    g_auto (Response) r;
    request (&r, "GET", "/api/export/passages?format=jsonl&q=org:OIM");
    ck_assert_uint_eq (r.status, 200);
    ck_assert (r.chunked);
    g_autofree gchar *db_arg = g_strdup_printf ("--db=%s", db);
    const gchar *argv[] = { PUEBLA_BINARY, "export", db_arg, "--format", "jsonl", "passages", "org:OIM", NULL };
    g_autofree gchar *out = NULL;
    gint status = 0;
    ck_assert (g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, NULL));
    ck_assert (WIFEXITED (status) && WEXITSTATUS (status) == 0);
    ck_assert_uint_gt (strlen (out), 1000);
    ck_assert_str_eq (r.body, out);
  }
  {
    g_auto (Response) r;
    request (&r, "HEAD", "/api/health");
    ck_assert_uint_eq (r.status, 200);
    ck_assert_str_eq (r.body, "");
  }
  g_free (id);
}
END_TEST

/* ---- Errors ------------------------------------------------------------------------------- */

static const struct
{
  const gchar *method, *target;
  guint status;
  const gchar *code;
} error_cases[] = {
  { "GET", "/api/search?q=%22trata%20de", 400, "bad_query" },
  { "GET", "/api/search?q=pais:narnia", 400, "bad_query" },
  { "GET", "/api/search?q=foo:bar", 400, "bad_query" },
  /* found by fuzz-query: an empty quoted year or date crashed the parser */
  { "GET", "/api/search?q=migracion%20year:%22%22", 400, "bad_query" },
  { "GET", "/api/facets?q=date:%22%22", 400, "bad_query" },
  /* and a group around NEAR made libxapian leak */
  { "GET", "/api/search?q=migracion%20-(t%20k)%20NEAR/5%20migra", 400, "bad_query" },
  { "GET", "/api/search", 400, "missing_query" },
  { "GET", "/api/search?q=x&limit=-1", 400, "bad_argument" },
  { "GET", "/api/search?q=x&limit=1000000", 400, "bad_argument" },
  { "GET", "/api/search?q=x&offset=abc", 400, "bad_argument" },
  { "GET", "/api/export/activities?format=xml", 400, "bad_argument" },
  { "GET", "/api/documents/0123456789abcdef", 404, "not_found" },
  { "GET", "/api/documents/..%2F..%2Fetc%2Fpasswd", 404, "not_found" },
  { "GET", "/api/documents/../../etc/passwd", 404, "not_found" },
  { "GET", "/api/nothing", 404, "not_found" },
  { "POST", "/api/search?q=x", 405, "method_not_allowed" },
  { "DELETE", "/api/documents/0123456789abcdef", 405, "method_not_allowed" },
};

START_TEST (errors_have_their_status)
{
  g_auto (Response) r;
  request (&r, error_cases[_i].method, error_cases[_i].target);
  ck_assert_msg (r.status == error_cases[_i].status, "%s %s: %u", error_cases[_i].method, error_cases[_i].target,
                 r.status);
  g_autoptr (JsonParser) p = json_parser_new ();
  JsonObject *e = json_object_get_object_member (json_of (p, &r), "error");
  ck_assert_str_eq (json_object_get_string_member (e, "code"), error_cases[_i].code);
  ck_assert (*json_object_get_string_member (e, "message"));
}
END_TEST

START_TEST (oversized_requests_are_refused)
{
  /* a query over --max-query */
  GString *target = g_string_new ("/api/search?q=");
  for (guint i = 0; i < 120; i++)
    g_string_append (target, "migracion%20");
  g_auto (Response) r;
  request (&r, "GET", target->str);
  ck_assert_uint_eq (r.status, 414);
  /* a request line over the connection's memory */
  for (guint i = 0; i < 12000; i++)
    g_string_append (target, "trata%20");
  g_auto (Response) huge;
  request (&huge, "GET", target->str);
  ck_assert_msg (huge.status == 414 || huge.status == 413, "status %u", huge.status);
  g_string_free (target, TRUE);
}
END_TEST

/* ---- Load and change ----------------------------------------------------------------------- */

static gpointer
hammer (gpointer data)
{
  (void) data;
  for (guint i = 0; i < 25; i++)
    {
      g_auto (Response) r;
      request (&r, "GET", i % 2 ? "/api/search?q=migracion&facets=1" : "/api/trace?q=seminario%20legislacion");
      if (r.status != 200)
        return GUINT_TO_POINTER (r.status);
    }
  return NULL;
}

START_TEST (concurrent_requests_all_answered)
{
  GThread *threads[8];
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("client", hammer, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    ck_assert_uint_eq (GPOINTER_TO_UINT (g_thread_join (threads[i])), 0);
}
END_TEST

START_TEST (a_commit_is_seen_while_serving)
{
  g_autofree gchar *dir = g_build_filename (scratch, "nuevo", NULL);
  g_mkdir (dir, 0755);
  g_autofree gchar *file = g_build_filename (dir, "acta.txt", NULL);
  ck_assert (g_file_set_contents (file, "Acta sobre los quetzalcoatlismos de la región.\n", -1, NULL));
  g_autofree gchar *db_arg = g_strdup_printf ("--db=%s", db);
  const gchar *ingest[] = { PUEBLA_BINARY, "ingest", "-q", db_arg, dir, NULL };
  run_ok (ingest);
  g_auto (Response) r;
  request (&r, "GET", "/api/search?q=quetzalcoatlismos");
  ck_assert_uint_eq (r.status, 200);
  g_autoptr (JsonParser) p = json_parser_new ();
  ck_assert_int_eq (json_object_get_int_member (json_of (p, &r), "total"), 1);
}
END_TEST


/* ---- The page, served and run in a real browser ---------------------------------------- */

START_TEST (page_and_assets_are_served)
{
  static const struct
  {
    const gchar *target, *type, *needle;
  } assets[] = {
    { "/", "text/html", "<script src=\"/app.js\"" },
    { "/index.html", "text/html", "id=\"search\"" },
    { "/app.js", "text/javascript", "function route" },
    { "/app.css", "text/css", ".hit" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (assets); i++)
    {
      g_auto (Response) r;
      request (&r, "GET", assets[i].target);
      ck_assert_msg (r.status == 200, "%s: %u", assets[i].target, r.status);
      ck_assert_msg (r.type && g_str_has_prefix (r.type, assets[i].type), "%s: %s", assets[i].target, r.type);
      ck_assert_msg (strstr (r.body, assets[i].needle), "%s lacks %s", assets[i].target, assets[i].needle);
    }
  g_auto (Response) r;
  request (&r, "GET", "/app.jsx");
  ck_assert_uint_eq (r.status, 404);
}
END_TEST

/* The DOM of http://127.0.0.1:PORT/FRAGMENT once the page has shown its
 * answer, in headless Chromium.  The page keeps all its state in the fragment, so loading
 * the href of a link is what clicking it does. */
static gchar *
rendered (const gchar *fragment)
{
  g_autofree gchar *profile = g_build_filename (scratch, "chromium-profile", NULL);
  g_autofree gchar *url = g_strdup_printf ("http://127.0.0.1:%u/%s", port, fragment);
  g_autoptr (GError) error = NULL;
  g_autoptr (Cdp) cdp = cdp_open (profile, url, 1200, 900, &error);
  ck_assert_msg (cdp != NULL, "%s", error ? error->message : "");
  /* the view says "…" while it waits for the API */
  ck_assert_msg (cdp_wait_for (cdp, "document.readyState === 'complete' && "
                                    "!['', '…'].includes(document.getElementById('view').textContent)", 20),
                 "%s never finished", url);
  g_autofree gchar *json = cdp_eval (cdp, "document.documentElement.outerHTML", &error);
  ck_assert_msg (json != NULL, "%s", error ? error->message : "");
  g_autoptr (JsonNode) dom = json_from_string (json, NULL);
  return g_strdup (json_node_get_string (dom));
}

static guint
count_of (const gchar *haystack, const gchar *needle)
{
  guint n = 0;
  for (const gchar *at = strstr (haystack, needle); at; at = strstr (at + 1, needle))
    n++;
  return n;
}

/* The value of the first href="#…" that follows MARK in DOM, unescaped. */
static gchar *
first_link_after (const gchar *dom, const gchar *mark)
{
  const gchar *at = strstr (dom, mark);
  ck_assert_msg (at != NULL, "no %s in the page", mark);
  at = strstr (at, "href=\"#");
  ck_assert (at != NULL);
  at += strlen ("href=\"");
  g_autofree gchar *raw = g_strndup (at, strcspn (at, "\""));
  g_autoptr (GString) s = g_string_new (raw);
  g_string_replace (s, "&amp;", "&", 0);
  return g_strdup (s->str);
}

/* The first facet link in DOM whose target names FIELD and whose count is
 * below BELOW; its count in *COUNT. */
static gchar *
facet_link (const gchar *dom, const gchar *field, guint below, guint *count)
{
  g_autofree gchar *want = g_strdup_printf ("%s%%3A", field);
  const gchar *at = strstr (dom, "id=\"facets\"");
  ck_assert (at != NULL);
  while ((at = strstr (at, "<li><a href=\"#")))
    {
      g_autofree gchar *href = first_link_after (at, "<li>");
      const gchar *c = strstr (at, "class=\"count\">");
      ck_assert (c != NULL);
      guint n = (guint) g_ascii_strtoull (c + strlen ("class=\"count\">"), NULL, 10);
      at++;
      if (strstr (href, want) && n > 0 && n < below)
        {
          *count = n;
          return g_steal_pointer (&href);
        }
    }
  ck_abort_msg ("no %s facet with fewer than %u records", field, below);
  return NULL;
}

START_TEST (page_searches_narrows_and_opens_a_record)
{
  g_autofree gchar *all = rendered ("#/search?q=trata%20de%20personas");
  guint hits = count_of (all, "<article class=\"hit\"");
  ck_assert_uint_gt (hits, 1);
  ck_assert_msg (strstr (all, "<mark>"), "no highlighted terms in the snippets");
  ck_assert_ptr_null (strstr (all, "class=\"error\""));

  /* click a country in the facets that not every hit names: as many hits as
   * the facet counted, the value marked current */
  guint expected = 0;
  g_autofree gchar *facet = facet_link (all, "country", hits, &expected);
  g_autofree gchar *narrowed = rendered (facet);
  ck_assert_uint_eq (count_of (narrowed, "<article class=\"hit\""), expected);
  ck_assert (strstr (narrowed, "aria-current=\"true\""));

  /* click the first hit: its record, with passages and marked entities */
  g_autofree gchar *hit = first_link_after (narrowed, "<article class=\"hit\"");
  ck_assert (g_str_has_prefix (hit, "#/doc/"));
  g_autofree gchar *doc = rendered (hit);
  ck_assert_uint_gt (count_of (doc, "class=\"passage\""), 0);
  ck_assert (strstr (doc, "class=\"ent ent-country\""));
  ck_assert_ptr_null (strstr (doc, "class=\"error\""));
}
END_TEST

START_TEST (page_traces_an_activity)
{
  g_autofree gchar *dom = rendered ("#/trace?q=seminario%20legislaci%C3%B3n%20migratoria");
  ck_assert_msg (strstr (dom, "<svg class=\"timeline\""), "no timeline");
  ck_assert_uint_gt (count_of (dom, "class=\"event\""), 0);
  ck_assert_ptr_null (strstr (dom, "class=\"error\""));
}
END_TEST

START_TEST (page_shows_query_errors)
{
  g_autofree gchar *dom = rendered ("#/search?q=country%3A");
  ck_assert_msg (strstr (dom, "class=\"error\""), "a bad query shows no error");
  ck_assert_uint_eq (count_of (dom, "<article class=\"hit\""), 0);
}
END_TEST

/* A researcher at the keyboard and mouse: types a query and presses Enter,
 * clicks a country in the facets, opens a record, traces an activity.
 * Screenshots of each step go to PUEBLA_SCREENSHOT_DIR (the README's). */
static void
screenshot (Cdp *cdp, const gchar *name)
{
  g_mkdir_with_parents (PUEBLA_SCREENSHOT_DIR, 0755);
  g_autofree gchar *path = g_build_filename (PUEBLA_SCREENSHOT_DIR, name, NULL);
  g_autoptr (GError) error = NULL;
  ck_assert_msg (cdp_screenshot (cdp, path, &error), "%s", error ? error->message : "");
}

static gint
eval_int (Cdp *cdp, const gchar *expression)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *v = cdp_eval (cdp, expression, &error);
  ck_assert_msg (v != NULL, "%s", error ? error->message : "");
  return (gint) g_ascii_strtoll (v, NULL, 10);
}

START_TEST (page_used_with_keyboard_and_mouse)
{
  g_autofree gchar *profile = g_build_filename (scratch, "cdp-profile", NULL);
  g_autofree gchar *url = g_strdup_printf ("http://127.0.0.1:%u/", port);
  g_autoptr (GError) error = NULL;
  g_autoptr (Cdp) cdp = cdp_open (profile, url, 1200, 900, &error);
  ck_assert_msg (cdp != NULL, "%s", error ? error->message : "");
  ck_assert_msg (cdp_wait_for (cdp, "document.readyState === 'complete' && document.activeElement && "
                                    "document.activeElement.id === 'q'", 20),
                 "the page did not load with the query box focused");

  /* type and press Enter */
  ck_assert (cdp_type (cdp, "trata de personas", &error));
  ck_assert (cdp_press (cdp, "Enter", &error));
  ck_assert_msg (cdp_wait_for (cdp, "document.querySelectorAll('article.hit').length > 0", 20), "no results");
  gint hits = eval_int (cdp, "document.querySelectorAll('article.hit').length");
  ck_assert_int_gt (hits, 1);
  ck_assert_int_gt (eval_int (cdp, "document.querySelectorAll('article.hit mark').length"), 0);
  ck_assert_int_eq (eval_int (cdp, "+location.hash.includes('trata')"), 1);
  screenshot (cdp, "search.png");

  /* click a country that not every hit names */
  g_autofree gchar *mark = g_strdup_printf (
    "(() => { const a = [...document.querySelectorAll('#facets a')].find((a) => a.href.includes('country%%3A')"
    " && +a.querySelector('.count').textContent < %d); if (!a) return 0; a.id = 'facet-to-click';"
    " return +a.querySelector('.count').textContent; })()",
    hits);
  gint expected = eval_int (cdp, mark);
  ck_assert_int_gt (expected, 0);
  ck_assert_msg (cdp_click (cdp, "#facet-to-click", &error), "%s", error ? error->message : "");
  g_autofree gchar *narrowed = g_strdup_printf ("document.querySelectorAll('article.hit').length === %d && "
                                                "!!document.querySelector('#facets a[aria-current=\"true\"]')",
                                                expected);
  ck_assert_msg (cdp_wait_for (cdp, narrowed, 20), "the list did not narrow to %d", expected);
  ck_assert_int_eq (eval_int (cdp, "+/country/.test(document.getElementById('q').value)"), 1);
  screenshot (cdp, "facet.png");

  /* open the first record */
  ck_assert (cdp_click (cdp, "article.hit h3 a", &error));
  ck_assert_msg (cdp_wait_for (cdp, "document.querySelectorAll('.passage').length > 0 && "
                                    "!!document.querySelector('.ent-country')",
                               20),
                 "the record did not open");
  screenshot (cdp, "document.png");

  /* trace: replace the query, click Trace */
  ck_assert_int_eq (eval_int (cdp, "(() => { const q = document.getElementById('q'); q.value = ''; q.focus(); return 1; })()"),
                    1);
  ck_assert (cdp_type (cdp, "seminario legislación migratoria", &error));
  ck_assert (cdp_click (cdp, "#trace-button", &error));
  ck_assert_msg (cdp_wait_for (cdp, "!!document.querySelector('svg.timeline circle') && "
                                    "document.querySelectorAll('.event').length > 0",
                               20),
                 "no trace drawn");
  ck_assert_int_eq (eval_int (cdp, "+location.hash.startsWith('#/trace')"), 1);
  screenshot (cdp, "trace.png");

  /* the keyboard reaches the results: Tab from the query box moves focus on */
  ck_assert_int_eq (eval_int (cdp, "(document.getElementById('q').focus(), 1)"), 1);
  ck_assert (cdp_press (cdp, "Tab", &error));
  ck_assert_int_eq (eval_int (cdp, "+(document.activeElement.id !== 'q')"), 1);
}
END_TEST

/* A plan of action's rows show each cell under its column, with the
 * countries and organizations inside the cells marked as in paragraphs. */
START_TEST (page_marks_entities_in_table_cells)
{
  g_autofree gchar *results = rendered ("#/search?q=seminario%20legislaci%C3%B3n%20migratoria");
  g_autofree gchar *hit = first_link_after (results, "<article class=\"hit\"");
  g_autofree gchar *profile = g_build_filename (scratch, "cells-profile", NULL);
  g_autofree gchar *url = g_strdup_printf ("http://127.0.0.1:%u/%s", port, hit);
  g_autoptr (GError) error = NULL;
  g_autoptr (Cdp) cdp = cdp_open (profile, url, 1200, 900, &error);
  ck_assert_msg (cdp != NULL, "%s", error ? error->message : "");
  ck_assert_msg (cdp_wait_for (cdp, "document.querySelectorAll('.passage .cell-name').length > 0", 20),
                 "%s shows no table rows", hit);
  /* rows whose cells hold marked entities, and no cell text lost to the marks */
  ck_assert_int_gt (eval_int (cdp, "[...document.querySelectorAll('.passage')].filter((p) => "
                                   "p.querySelector('.cell-name') && p.querySelector('.ent')).length"),
                    0);
  ck_assert_int_gt (eval_int (cdp, "[...document.querySelectorAll('.passage')].filter((p) => "
                                   "p.querySelector('.cell-name') && p.querySelector('.ent-org') && "
                                   "/ACNUR/.test(p.textContent)).length"),
                    0);
}
END_TEST

/* Nothing on the page reaches past a 390 px screen (mobile Chromium would
 * widen the layout to fit it); names the widest element when something does. */
static void
assert_fits_phone (Cdp *cdp, const gchar *view)
{
  gint width = eval_int (cdp, "Math.max(window.innerWidth, document.documentElement.scrollWidth)");
  if (width <= 390)
    return;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *widest = cdp_eval (
    cdp,
    "JSON.stringify([...document.querySelectorAll('body *')].map((e) => [Math.ceil(e.getBoundingClientRect().right), "
    "e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 50)]).sort((a, b) => b[0] - a[0])[0])",
    &error);
  ck_abort_msg ("%s: the page is %d px wide on a 390 px screen; the widest: %s", view, width, widest);
}

/* On a 390×844 phone screen nothing is wider than the screen: the search,
 * the record and the trace all read without scrolling sideways. */
START_TEST (page_fits_a_phone_screen)
{
  g_autofree gchar *profile = g_build_filename (scratch, "phone-profile", NULL);
  g_autofree gchar *url = g_strdup_printf ("http://127.0.0.1:%u/#/search?q=trata%%20de%%20personas", port);
  g_autoptr (GError) error = NULL;
  g_autoptr (Cdp) cdp = cdp_open (profile, url, 500, 844, &error); /* headless windows are 500 px at least */
  ck_assert_msg (cdp != NULL, "%s", error ? error->message : "");
  /* so the screen is a phone's, as Chromium's device mode makes it */
  g_autoptr (JsonObject) emulated = cdp_call (
    cdp, "Emulation.setDeviceMetricsOverride", "{\"width\": 390, \"height\": 844, \"deviceScaleFactor\": 2, \"mobile\": true}",
    &error);
  ck_assert_msg (emulated != NULL, "%s", error ? error->message : "");
  g_autoptr (JsonObject) touch
    = cdp_call (cdp, "Emulation.setTouchEmulationEnabled", "{\"enabled\": true, \"maxTouchPoints\": 1}", &error);
  ck_assert_msg (touch != NULL, "%s", error ? error->message : "");
  ck_assert_msg (cdp_wait_for (cdp, "document.querySelectorAll('article.hit').length > 0", 20), "no results");
  assert_fits_phone (cdp, "search");
  /* the query box and the facets are still there, within the screen */
  ck_assert_int_eq (eval_int (cdp, "+(document.getElementById('q').getBoundingClientRect().right <= window.innerWidth)"),
                    1);
  ck_assert_int_gt (eval_int (cdp, "document.querySelectorAll('#facets a').length"), 0);
  screenshot (cdp, "phone-search.png");

  ck_assert_msg (cdp_tap (cdp, "article.hit h3 a", &error), "%s", error ? error->message : "");
  ck_assert_msg (cdp_wait_for (cdp, "document.querySelectorAll('.passage').length > 0", 20), "the record did not open");
  assert_fits_phone (cdp, "record");

  ck_assert_int_eq (eval_int (cdp, "(location.hash = '#/trace?q=seminario%20legislaci%C3%B3n%20migratoria', 1)"), 1);
  ck_assert_msg (cdp_wait_for (cdp, "!!document.querySelector('svg.timeline circle')", 20), "no trace drawn");
  assert_fits_phone (cdp, "trace");
  screenshot (cdp, "phone-trace.png");
}
END_TEST

static Suite *
http_suite (void)
{
  Suite *s = suite_create ("http");
  TCase *tc = tcase_create ("api");
  tcase_set_timeout (tc, 120);
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, every_endpoint_answers);
  tcase_add_loop_test (tc, errors_have_their_status, 0, G_N_ELEMENTS (error_cases));
  tcase_add_test (tc, oversized_requests_are_refused);
  tcase_add_test (tc, concurrent_requests_all_answered);
  tcase_add_test (tc, a_commit_is_seen_while_serving);
  suite_add_tcase (s, tc);

  TCase *page = tcase_create ("page");
  tcase_set_timeout (page, 240);
  tcase_add_checked_fixture (page, setup, teardown);
  tcase_add_test (page, page_and_assets_are_served);
  tcase_add_test (page, page_searches_narrows_and_opens_a_record);
  tcase_add_test (page, page_traces_an_activity);
  tcase_add_test (page, page_shows_query_errors);
  tcase_add_test (page, page_used_with_keyboard_and_mouse);
  tcase_add_test (page, page_marks_entities_in_table_cells);
  tcase_add_test (page, page_fits_a_phone_screen);
  suite_add_tcase (s, page);
  return s;
}

int
main (void)
{
  SRunner *sr = srunner_create (http_suite ());
  srunner_run_all (sr, CK_NORMAL);
  int failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
