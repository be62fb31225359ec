/* cmd-serve.c: `puebla serve [--db DIR] [--listen ADDR:PORT]` — the HTTP
 * JSON API, read-only, on libmicrohttpd (docs/http.md).
 *
 * libmicrohttpd gives what a public endpoint needs: a cap on connections,
 * an idle timeout, a memory limit per connection (an oversized request
 * line or header gets 414/413 from it). Requests run in a pool of threads,
 * one searcher each (a Xapian reader is used by one thread at a time),
 * reopened before every request so that what ingest commits is seen.
 * Every answer is JSON: {"error": {"code", "message"}} with the right
 * status when something is wrong; nothing a client sends gives a 5xx.
 *
 * This file and the page (query/web) are the module puebla-serve.so, whose
 * one entry is puebla_serve_main(); the puebla program loads it for `puebla
 * serve` only (serve-loader.c).
 */
#include "commands.h"

#include "record.h"

#include <arpa/inet.h>
#include <errno.h>
#include <gmodule.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

typedef struct
{
  gchar *db_path;
  guint max_query;   /* bytes of q */
  guint max_limit;   /* results a page */
  gdouble max_time;  /* seconds a search may count matches and facets; 0: no bound */
} Server;

static void
searcher_free (gpointer data)
{
  puebla_searcher_close (data);
}

/* Each pool thread has its own searcher. */
static GPrivate thread_searcher = G_PRIVATE_INIT (searcher_free);

/* ---- Answers ---------------------------------------------------------------------- */

static enum MHD_Result
answer (struct MHD_Connection *c, guint status, const gchar *type, gchar *body /* taken */, gsize len)
{
  struct MHD_Response *r = MHD_create_response_from_buffer (len, body, MHD_RESPMEM_MUST_FREE);
  MHD_add_response_header (r, "Content-Type", type);
  MHD_add_response_header (r, "Cache-Control", "no-store");
  MHD_add_response_header (r, "X-Content-Type-Options", "nosniff");
  if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
    MHD_add_response_header (r, "Allow", "GET, HEAD");
  enum MHD_Result ret = MHD_queue_response (c, status, r);
  MHD_destroy_response (r);
  return ret;
}

static enum MHD_Result
answer_json (struct MHD_Connection *c, guint status, JsonNode *node /* taken */)
{
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  json_generator_set_root (gen, node);
  gsize len = 0;
  gchar *text = json_generator_to_data (gen, &len);
  json_node_unref (node);
  /* MHD frees with free(): copy into malloc'ed memory */
  gchar *body = malloc (len + 1);
  memcpy (body, text, len + 1);
  g_free (text);
  return answer (c, status, "application/json; charset=utf-8", body, len);
}

static enum MHD_Result
answer_error (struct MHD_Connection *c, guint status, const gchar *code, const gchar *format, ...) G_GNUC_PRINTF (4, 5);

static enum MHD_Result
answer_error (struct MHD_Connection *c, guint status, const gchar *code, const gchar *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree gchar *message = g_strdup_vprintf (format, args);
  va_end (args);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  json_builder_end_object (b);
  return answer_json (c, status, json_builder_get_root (b));
}

static enum MHD_Result
answer_gerror (struct MHD_Connection *c, const GError *error)
{
  if (error->domain == PUEBLA_INDEX_ERROR)
    switch ((PueblaIndexError) error->code)
      {
      case PUEBLA_INDEX_ERROR_BAD_QUERY:
        return answer_error (c, MHD_HTTP_BAD_REQUEST, "bad_query", "%s", error->message);
      case PUEBLA_INDEX_ERROR_NO_DOCUMENT:
        return answer_error (c, MHD_HTTP_NOT_FOUND, "not_found", "%s", error->message);
      case PUEBLA_INDEX_ERROR_NOT_FOUND:
      case PUEBLA_INDEX_ERROR_LOCKED:
      case PUEBLA_INDEX_ERROR_CORRUPT:
      case PUEBLA_INDEX_ERROR_SCHEMA:
      case PUEBLA_INDEX_ERROR_SHARDS:
        return answer_error (c, MHD_HTTP_SERVICE_UNAVAILABLE, "index_unavailable", "%s", error->message);
      case PUEBLA_INDEX_ERROR_FAILED:
        break;
      }
  return answer_error (c, MHD_HTTP_SERVICE_UNAVAILABLE, "index_error", "%s", error->message);
}

/* ---- Arguments ------------------------------------------------------------------------ */

static const gchar *
arg (struct MHD_Connection *c, const gchar *name)
{
  return MHD_lookup_connection_value (c, MHD_GET_ARGUMENT_KIND, name);
}

/* A non-negative number argument, DEFAULT when absent; -1 when malformed. */
static gint64
number_arg (struct MHD_Connection *c, const gchar *name, gint64 fallback)
{
  const gchar *v = arg (c, name);
  if (v == NULL || *v == '\0')
    return fallback;
  gchar *end = NULL;
  gint64 n = g_ascii_strtoll (v, &end, 10);
  if (*end != '\0' || n < 0 || n > G_MAXINT32)
    return -1;
  return n;
}

static gboolean
flag_arg (struct MHD_Connection *c, const gchar *name)
{
  const gchar *v = arg (c, name);
  return v && (g_str_equal (v, "1") || g_str_equal (v, "true") || g_str_equal (v, "yes"));
}

/* ---- Endpoints ---------------------------------------------------------------------------- */

static gboolean
looks_like_id (const gchar *s)
{
  if (strlen (s) != 16)
    return FALSE;
  for (const gchar *p = s; *p; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  return TRUE;
}

/* The query argument q, or NULL after answering the error. */
static const gchar *
query_arg (Server *srv, struct MHD_Connection *c, enum MHD_Result *ret)
{
  const gchar *q = arg (c, "q");
  if (q == NULL || *q == '\0')
    {
      *ret = answer_error (c, MHD_HTTP_BAD_REQUEST, "missing_query", "give the query in q: /api/search?q=migracion");
      return NULL;
    }
  if (strlen (q) > srv->max_query)
    {
      *ret = answer_error (c, MHD_HTTP_URI_TOO_LONG, "query_too_long", "the query has %zu bytes; at most %u",
                           strlen (q), srv->max_query);
      return NULL;
    }
  return q;
}

/* Generated from query/web/web.gresource.xml. */
void puebla_web_register_resource (void);

/* The page's files, from the binary. */
static enum MHD_Result
answer_page (struct MHD_Connection *c, const gchar *url)
{
  static const struct { const gchar *url, *file, *type; } files[] = {
    { "/", "index.html", "text/html; charset=utf-8" },
    { "/index.html", "index.html", "text/html; charset=utf-8" },
    { "/app.js", "app.js", "text/javascript; charset=utf-8" },
    { "/app.css", "app.css", "text/css; charset=utf-8" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      if (!g_str_equal (url, files[i].url))
        continue;
      g_autofree gchar *path = g_strconcat ("/org/puebla/web/", files[i].file, NULL);
      g_autoptr (GBytes) bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      if (bytes == NULL)
        break;
      gsize len = 0;
      const gchar *data = g_bytes_get_data (bytes, &len);
      struct MHD_Response *r = MHD_create_response_from_buffer (len, (void *) data, MHD_RESPMEM_MUST_COPY);
      MHD_add_response_header (r, "Content-Type", files[i].type);
      MHD_add_response_header (r, "X-Content-Type-Options", "nosniff");
      /* nothing from elsewhere: no CDN, no fonts, no scripts of others */
      MHD_add_response_header (r, "Content-Security-Policy",
                               "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:");
      enum MHD_Result ret = MHD_queue_response (c, MHD_HTTP_OK, r);
      MHD_destroy_response (r);
      return ret;
    }
  return MHD_NO;
}

/* An export being sent: rows are made as the connection takes them. */
typedef struct
{
  PueblaExportStream *stream;
  GString *pending; /* made, not yet sent */
  gboolean done;
} ExportBody;

static ssize_t
read_export (void *cls, uint64_t pos, char *buf, size_t max)
{
  (void) pos;
  ExportBody *body = cls;
  while (!body->done && body->pending->len < max)
    {
      g_autoptr (GError) error = NULL;
      if (!puebla_export_stream_next (body->stream, body->pending, &error))
        {
          body->done = TRUE;
          if (error)
            {
              /* the status is sent: cut the body short, so the client sees
                 a broken transfer rather than a short table */
              g_printerr ("puebla serve: export stopped: %s\n", error->message);
              return MHD_CONTENT_READER_END_WITH_ERROR;
            }
        }
    }
  if (body->pending->len == 0)
    return MHD_CONTENT_READER_END_OF_STREAM;
  size_t n = MIN (max, body->pending->len);
  memcpy (buf, body->pending->str, n);
  g_string_erase (body->pending, 0, (gssize) n);
  return (ssize_t) n;
}

static void
free_export (void *cls)
{
  ExportBody *body = cls;
  puebla_export_stream_free (body->stream);
  g_string_free (body->pending, TRUE);
  g_free (body);
}

static enum MHD_Result
route (Server *srv, PueblaSearcher *s, struct MHD_Connection *c, const gchar *url)
{
  g_autoptr (GError) error = NULL;
  enum MHD_Result ret = MHD_NO;

  if (!g_str_has_prefix (url, "/api/"))
    {
      ret = answer_page (c, url);
      if (ret == MHD_YES)
        return ret;
    }

  if (g_str_equal (url, "/api/health"))
    {
      g_autoptr (PueblaStats) stats = puebla_searcher_get_stats (s, &error);
      if (stats == NULL)
        return answer_gerror (c, error);
      g_autoptr (JsonBuilder) b = json_builder_new ();
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "status");
      json_builder_add_string_value (b, "ok");
      json_builder_set_member_name (b, "documents");
      json_builder_add_int_value (b, stats->documents);
      json_builder_set_member_name (b, "passages");
      json_builder_add_int_value (b, stats->passages);
      json_builder_set_member_name (b, "version");
      json_builder_add_string_value (b, PUEBLA_VERSION);
      json_builder_end_object (b);
      return answer_json (c, MHD_HTTP_OK, json_builder_get_root (b));
    }
  if (g_str_equal (url, "/api/stats"))
    {
      g_autoptr (PueblaStats) stats = puebla_searcher_get_stats (s, &error);
      if (stats == NULL)
        return answer_gerror (c, error);
      return answer_json (c, MHD_HTTP_OK, puebla_json_stats (stats));
    }
  if (g_str_equal (url, "/api/search") || g_str_equal (url, "/api/facets"))
    {
      const gchar *q = query_arg (srv, c, &ret);
      if (q == NULL)
        return ret;
      gboolean facets_only = g_str_equal (url, "/api/facets");
      gint64 offset = number_arg (c, "offset", 0), limit = number_arg (c, "limit", 10);
      if (offset < 0 || limit < 0)
        return answer_error (c, MHD_HTTP_BAD_REQUEST, "bad_argument", "offset and limit take numbers from 0 up");
      if (limit > srv->max_limit)
        return answer_error (c, MHD_HTTP_BAD_REQUEST, "bad_argument", "limit is at most %u", srv->max_limit);
      PueblaSearchOptions options = {
        .offset = (guint) offset,
        .limit = facets_only ? 0 : (guint) limit,
        .facets = facets_only || flag_arg (c, "facets"),
        .passages = flag_arg (c, "passages"),
      };
      g_autoptr (PueblaSearchResults) results = puebla_searcher_search (s, q, &options, &error);
      if (results == NULL)
        return answer_gerror (c, error);
      return answer_json (c, MHD_HTTP_OK, puebla_json_search_results (results));
    }
  if (g_str_equal (url, "/api/trace"))
    {
      const gchar *q = query_arg (srv, c, &ret);
      if (q == NULL)
        return ret;
      g_autoptr (PueblaTrace) trace = puebla_searcher_trace (s, q, &error);
      if (trace == NULL)
        return answer_gerror (c, error);
      return answer_json (c, MHD_HTTP_OK, puebla_json_trace (trace));
    }
  if (g_str_has_prefix (url, "/api/documents/"))
    {
      const gchar *rest = url + strlen ("/api/documents/");
      g_autofree gchar *id = g_strdup (rest);
      gchar *slash = strchr (id, '/');
      gboolean text = FALSE;
      if (slash)
        {
          text = g_str_equal (slash, "/text");
          *slash = '\0';
          if (!text)
            return answer_error (c, MHD_HTTP_NOT_FOUND, "not_found", "no such endpoint: %s", url);
        }
      /* an id, never a path: nothing outside the index can be named */
      if (!looks_like_id (id))
        return answer_error (c, MHD_HTTP_NOT_FOUND, "not_found", "a document id has 16 hex digits (from search)");
      g_autoptr (PueblaRecord) record = puebla_searcher_get_record (s, id, &error);
      if (record == NULL)
        return answer_gerror (c, error);
      if (text)
        {
          g_autofree gchar *body = puebla_record_get_text (record);
          gsize len = strlen (body);
          gchar *copy = malloc (len + 1);
          memcpy (copy, body, len + 1);
          return answer (c, MHD_HTTP_OK, "text/plain; charset=utf-8", copy, len);
        }
      return answer_json (c, MHD_HTTP_OK, puebla_record_to_json (record, TRUE));
    }
  if (g_str_equal (url, "/api/export/activities") || g_str_equal (url, "/api/export/passages"))
    {
      const gchar *format = arg (c, "format");
      gboolean jsonl = format && g_str_equal (format, "jsonl");
      if (format && !jsonl && !g_str_equal (format, "csv"))
        return answer_error (c, MHD_HTTP_BAD_REQUEST, "bad_argument", "format is csv or jsonl");
      const gchar *q = arg (c, "q");
      if (q && *q == '\0')
        q = NULL;
      if (q && strlen (q) > srv->max_query)
        return answer_error (c, MHD_HTTP_URI_TOO_LONG, "query_too_long", "the query has %zu bytes; at most %u",
                             strlen (q), srv->max_query);
      ExportBody *body = g_new0 (ExportBody, 1);
      body->stream = puebla_export_stream_new (srv->db_path, g_str_has_suffix (url, "activities"), jsonl, q, &error);
      if (body->stream == NULL)
        {
          g_free (body);
          return answer_gerror (c, error);
        }
      body->pending = g_string_new (NULL);
      /* streamed: a row is read from the index when the client has taken
         the rows before it */
      struct MHD_Response *r = MHD_create_response_from_callback (MHD_SIZE_UNKNOWN, 32 * 1024, read_export, body,
                                                                  free_export);
      MHD_add_response_header (r, MHD_HTTP_HEADER_CONTENT_TYPE,
                               jsonl ? "application/x-ndjson; charset=utf-8" : "text/csv; charset=utf-8");
      enum MHD_Result ret = MHD_queue_response (c, MHD_HTTP_OK, r);
      MHD_destroy_response (r);
      return ret;
    }
  return answer_error (c, MHD_HTTP_NOT_FOUND, "not_found", "no such endpoint: %s (see docs/http.md)", url);
}

static enum MHD_Result
handle (void *cls, struct MHD_Connection *c, const char *url, const char *method, const char *version,
        const char *upload_data, size_t *upload_data_size, void **con_cls)
{
  (void) version;
  (void) upload_data;
  Server *srv = cls;

  if (!g_str_equal (method, MHD_HTTP_METHOD_GET) && !g_str_equal (method, MHD_HTTP_METHOD_HEAD))
    {
      /* read and drop a body, then refuse */
      if (*con_cls == NULL)
        {
          *con_cls = (void *) 1;
          return MHD_YES;
        }
      if (*upload_data_size)
        {
          *upload_data_size = 0;
          return MHD_YES;
        }
      return answer_error (c, MHD_HTTP_METHOD_NOT_ALLOWED, "method_not_allowed", "read-only: GET or HEAD, not %s",
                           method);
    }

  PueblaSearcher *s = g_private_get (&thread_searcher);
  g_autoptr (GError) error = NULL;
  if (s == NULL)
    {
      s = puebla_searcher_open (srv->db_path, &error);
      if (s == NULL)
        return answer_gerror (c, error);
      puebla_searcher_set_time_limit (s, srv->max_time);
      g_private_set (&thread_searcher, s);
    }
  else if (!puebla_searcher_reopen (s, &error))
    return answer_gerror (c, error);
  return route (srv, s, c, url);
}

/* libmicrohttpd's own messages (a request too big, a client gone), as ours. */
static void
log_mhd (void *cls, const char *format, va_list args)
{
  (void) cls;
  g_autofree gchar *message = g_strdup_vprintf (format, args);
  g_strchomp (message);
  fprintf (stderr, "puebla serve: %s\n", message);
}

/* "127.0.0.1:8080", "[::1]:0", "0.0.0.0:80" → a socket address. */
static gboolean
parse_listen (const gchar *listen, struct sockaddr_storage *ss, socklen_t *len)
{
  memset (ss, 0, sizeof *ss);
  const gchar *colon = strrchr (listen, ':');
  if (colon == NULL)
    return FALSE;
  g_autofree gchar *host = g_strndup (listen, colon - listen);
  gchar *end = NULL;
  gint64 port = g_ascii_strtoll (colon + 1, &end, 10);
  if (*end != '\0' || port < 0 || port > 65535)
    return FALSE;
  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    {
      host[strlen (host) - 1] = '\0';
      struct sockaddr_in6 *a6 = (struct sockaddr_in6 *) ss;
      a6->sin6_family = AF_INET6;
      a6->sin6_port = htons ((guint16) port);
      *len = sizeof *a6;
      return inet_pton (AF_INET6, host + 1, &a6->sin6_addr) == 1;
    }
  struct sockaddr_in *a4 = (struct sockaddr_in *) ss;
  a4->sin_family = AF_INET;
  a4->sin_port = htons ((guint16) port);
  *len = sizeof *a4;
  return inet_pton (AF_INET, host, &a4->sin_addr) == 1;
}

/* Each connection holds a socket, and each pool thread's searcher a few
 * files of the index: raises the soft limit on open files to WANTED when
 * it is lower (as far as the hard limit allows). FALSE when it stays below. */
static gboolean
raise_file_limit (rlim_t wanted)
{
  struct rlimit lim;
  if (getrlimit (RLIMIT_NOFILE, &lim) != 0)
    return TRUE; /* cannot tell: let accept() say so */
  if (lim.rlim_cur != RLIM_INFINITY && lim.rlim_cur < wanted)
    {
      lim.rlim_cur = (lim.rlim_max == RLIM_INFINITY || lim.rlim_max >= wanted) ? wanted : lim.rlim_max;
      if (setrlimit (RLIMIT_NOFILE, &lim) != 0 || lim.rlim_cur < wanted)
        return FALSE;
    }
  return TRUE;
}

G_MODULE_EXPORT int
puebla_serve_main (int argc, char **argv)
{
  g_autofree gchar *db_option = NULL, *listen = NULL;
  gdouble max_time = 1.0;
  gint connections = 1024, timeout = 10, max_query = 2000, max_limit = 200, threads = (gint) g_get_num_processors ();
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_option, PUEBLA_READER_DB_HELP, "DIR" },
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen, "Address and port (default 127.0.0.1:8080; port 0: any free)",
      "ADDR:PORT" },
    { "connections", 0, 0, G_OPTION_ARG_INT, &connections, "Open connections at most (default 1024)", "N" },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, "Close a connection idle this long (default 10)", "SECONDS" },
    { "max-query", 0, 0, G_OPTION_ARG_INT, &max_query, "Longest query, in bytes (default 2000)", "BYTES" },
    { "max-limit", 0, 0, G_OPTION_ARG_INT, &max_limit, "Most results a page (default 200)", "N" },
    { "max-time", 0, 0, G_OPTION_ARG_DOUBLE, &max_time,
      "Stop counting a search's matches and facets after this long; its answer says \"partial\" (default 1; 0: "
      "no bound)",
      "SECONDS" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads, "Requests answered at once (default: one per core)", "N" },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("— the search page and HTTP JSON API (read-only)");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                "GET / is the search page (docs/http.md). The JSON API: /api/search?q=…\n"
                                "&offset=&limit=&facets=1&passages=1, /api/facets?q=…, /api/trace?q=…,\n"
                                "/api/documents/ID, /api/documents/ID/text, /api/stats, /api/health,\n"
                                "/api/export/activities?format=csv|jsonl, /api/export/passages: the same\n"
                                "JSON as the commands' --json. Loopback by default.");
  if (!puebla_parse_options (context, &argc, &argv, "serve"))
    return PUEBLA_EXIT_USAGE;
  if (argc != 1 || connections < 1 || timeout < 1 || max_query < 1 || max_limit < 1 || threads < 1 || threads > 64
      || !(max_time >= 0 && max_time <= 3600))
    {
      fprintf (stderr, "puebla serve: takes no arguments, and positive limits (try `puebla serve --help`)\n");
      return PUEBLA_EXIT_USAGE;
    }
  struct sockaddr_storage ss;
  socklen_t ss_len = 0;
  if (!parse_listen (listen ? listen : "127.0.0.1:8080", &ss, &ss_len))
    {
      fprintf (stderr, "puebla serve: --listen takes ADDR:PORT (127.0.0.1:8080, [::1]:8080), not '%s'\n", listen);
      return PUEBLA_EXIT_USAGE;
    }

  /* a searcher holds about ten files of the index; 64 more for the rest */
  rlim_t reserve = 16 * (rlim_t) threads + 64;
  if (!raise_file_limit ((rlim_t) connections + reserve))
    {
      struct rlimit lim;
      getrlimit (RLIMIT_NOFILE, &lim);
      rlim_t fit = lim.rlim_cur > reserve + 16 ? lim.rlim_cur - reserve : 16;
      fprintf (stderr, "puebla serve: the system allows %lu open files; taking at most %lu connections, not %d\n",
               (unsigned long) lim.rlim_cur, (unsigned long) fit, connections);
      connections = (gint) fit;
    }

  Server srv = { puebla_config_db_path (db_option), (guint) max_query, (guint) max_limit, max_time };
  puebla_web_register_resource ();
  g_autoptr (GError) error = NULL;
  {
    /* the index must open now: say so at once, not on the first request */
    g_autoptr (PueblaSearcher) probe = puebla_searcher_open (srv.db_path, &error);
    if (probe == NULL)
      {
        g_free (srv.db_path);
        return puebla_report_error ("serve", error);
      }
  }

  /* the pool threads inherit a mask that blocks these; this thread waits */
  sigset_t stop;
  sigemptyset (&stop);
  sigaddset (&stop, SIGINT);
  sigaddset (&stop, SIGTERM);
  pthread_sigmask (SIG_BLOCK, &stop, NULL);

  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG | MHD_USE_EPOLL;
  if (((struct sockaddr *) &ss)->sa_family == AF_INET6)
    flags |= MHD_USE_IPv6;
  struct MHD_Daemon *d = MHD_start_daemon (
    flags, 0, NULL, NULL, handle, &srv, MHD_OPTION_EXTERNAL_LOGGER, log_mhd, NULL, MHD_OPTION_SOCK_ADDR,
    (struct sockaddr *) &ss, MHD_OPTION_THREAD_POOL_SIZE, (unsigned) threads, MHD_OPTION_CONNECTION_LIMIT,
    (unsigned) connections, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned) timeout, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
    (size_t) (64 * 1024), MHD_OPTION_END);
  if (d == NULL)
    {
      fprintf (stderr, "puebla serve: cannot listen on %s: %s\n", listen ? listen : "127.0.0.1:8080", g_strerror (errno));
      g_free (srv.db_path);
      return PUEBLA_EXIT_ERROR;
    }
  const union MHD_DaemonInfo *info = MHD_get_daemon_info (d, MHD_DAEMON_INFO_BIND_PORT);
  gchar host[INET6_ADDRSTRLEN] = "";
  if (((struct sockaddr *) &ss)->sa_family == AF_INET6)
    inet_ntop (AF_INET6, &((struct sockaddr_in6 *) &ss)->sin6_addr, host, sizeof host);
  else
    inet_ntop (AF_INET, &((struct sockaddr_in *) &ss)->sin_addr, host, sizeof host);
  g_autofree gchar *shown = puebla_display_path (srv.db_path);
  printf ("puebla serve: listening on http://%s%s%s:%u/ (index %s)\n", strchr (host, ':') ? "[" : "", host,
          strchr (host, ':') ? "]" : "", info ? info->port : 0, shown);
  fflush (stdout);

  int sig = 0;
  sigwait (&stop, &sig);
  MHD_stop_daemon (d);
  g_free (srv.db_path);
  return PUEBLA_EXIT_OK;
}
