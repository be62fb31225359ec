/* commands.h: the `puebla` command line: one table of subcommands, one
 * file per subcommand (cmd-*.c), shared output helpers (output.c).
 *
 * Only query/ reads configuration: the database location comes from
 * --db, else $PUEBLA_DB, else $XDG_DATA_HOME/puebla/index
 * (~/.local/share/puebla/index).
 *
 * Exit status of every command: 0 success; 1 ingest finished but some files
 * failed, or show found no such document; 2 usage error or bad query; 3 the
 * index cannot be used (missing, locked, damaged) or another runtime error.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "searcher.h"
#include "trace.h"

G_BEGIN_DECLS

enum
{
  PUEBLA_EXIT_OK = 0,
  PUEBLA_EXIT_FAILED_FILES = 1,
  PUEBLA_EXIT_NOT_FOUND = 1,
  PUEBLA_EXIT_USAGE = 2,
  PUEBLA_EXIT_ERROR = 3,
};

typedef struct
{
  const gchar *name;
  const gchar *summary;
  int (*run) (int argc, char **argv); /* argv[0] is the command name */
} PueblaCommand; /* the command table is main.c's */

int puebla_cmd_ingest (int argc, char **argv);
/* `puebla __extract-worker`: the child side of ingest's worker processes
 * (ingest/worker.h); not for people, so not in the command table. */
int puebla_cmd_extract_worker (int argc, char **argv);
int puebla_cmd_search (int argc, char **argv);
int puebla_cmd_show (int argc, char **argv);
int puebla_cmd_stats (int argc, char **argv);
int puebla_cmd_entities (int argc, char **argv);
int puebla_cmd_export (int argc, char **argv);
int puebla_cmd_trace (int argc, char **argv);

/* The database directory to use: DB_OPTION if set, else the environment,
 * else the default. Newly allocated. */
gchar *puebla_config_db_path (const gchar *db_option);

/* Parses the options of a subcommand: on error prints it with the
 * command's usage hint and returns FALSE. */
gboolean puebla_parse_options (GOptionContext *context, int *argc, char ***argv, const gchar *command);

/* Prints ERROR as "puebla COMMAND: message" on stderr and returns the exit
 * status that fits its code. */
int puebla_report_error (const gchar *command, const GError *error);

/* Prints NODE as JSON (pretty when stdout is a terminal) with a newline. */
void puebla_print_json (JsonNode *node);

/* PATH made safe to print on a terminal: valid UTF-8, with control
 * characters and bidirectional overrides written as \xNN or \uNNNN (a
 * hostile file name cannot move the cursor or recolour the screen, nor split
 * a "PATH: VERDICT: REASON" line). Newly allocated. */
gchar *puebla_display_path (const gchar *path);

/* The JSON the commands print (docs/json.md), shared by the CLI and the
 * HTTP API (http.c). New nodes. */
JsonNode *puebla_json_search_results (const PueblaSearchResults *results);
JsonNode *puebla_json_stats (const PueblaStats *stats);
JsonNode *puebla_json_trace (const PueblaTrace *trace);

/* The --db option of the commands that read the index. */
#define PUEBLA_READER_DB_HELP                                                                               \
  "The index directory, or a stub file of its shards, local or remote, with the stub of their passages " \
  "beside it as STUB.passages (docs/shards.md)"

/* `puebla serve` loads the HTTP server from the module puebla-serve.so
 * (serve-loader.c), so that no other command starts with libmicrohttpd and
 * GnuTLS (some 2.5 ms of every start); puebla_serve_main() is the module's entry
 * (cmd-serve.c). */
int puebla_cmd_serve (int argc, char **argv);
int puebla_serve_main (int argc, char **argv);

/* The export table (cmd-export.c) a piece at a time, over its own
 * searcher of DB_PATH: NULL with ERROR for a bad query. Each _next appends
 * the header or one more row to OUT and returns TRUE; FALSE at the end, or
 * with ERROR if the index cannot be read. */
typedef struct _PueblaExportStream PueblaExportStream;
PueblaExportStream *puebla_export_stream_new (const gchar *db_path, gboolean activities, gboolean jsonl,
                                              const gchar *query, GError **error);
gboolean puebla_export_stream_next (PueblaExportStream *stream, GString *out, GError **error);
void puebla_export_stream_free (PueblaExportStream *stream);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PueblaExportStream, puebla_export_stream_free)

/* TRUE when stdout is a terminal (colors, bold). */
gboolean puebla_stdout_is_tty (void);

G_END_DECLS
