/* main.c: `puebla COMMAND [OPTIONS…]`, dispatch through the command table. */
#include "commands.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

/* The command table, ended by a {NULL} entry. */
static const PueblaCommand puebla_commands[] = {
  { "ingest", "add files and directories to the index (and update or drop changed ones)", puebla_cmd_ingest },
  { "search", "search the index", puebla_cmd_search },
  { "show", "print a document's metadata and text", puebla_cmd_show },
  { "stats", "what the index holds", puebla_cmd_stats },
  { "entities", "the countries, organizations, dates, meetings and status found in a file", puebla_cmd_entities },
  { "trace", "when an activity was proposed, approved, held, with the evidence", puebla_cmd_trace },
  { "serve", "the search page and JSON API over HTTP (read-only, loopback)", puebla_cmd_serve },
  { "export", "activities or passages as CSV or JSONL, for pandas, R or a spreadsheet", puebla_cmd_export },
  { NULL, NULL, NULL },
};

static void
print_usage (FILE *out)
{
  fprintf (out,
           "Usage: puebla COMMAND [OPTIONS…]\n"
           "\n"
           "Search the records of the Conferencia Regional sobre Migración.\n"
           "\n"
           "Commands:\n");
  for (const PueblaCommand *c = puebla_commands; c->name; c++)
    fprintf (out, "  %-8s %s\n", c->name, c->summary);
  fprintf (out,
           "\n"
           "`puebla COMMAND --help` tells more of each; `man puebla` tells all.\n"
           "The index lives in --db DIR, else $PUEBLA_DB, else ~/.local/share/puebla/index.\n");
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");

  if (argc < 2)
    {
      print_usage (stderr);
      return PUEBLA_EXIT_USAGE;
    }
  const gchar *name = argv[1];
  if (g_str_equal (name, "--help") || g_str_equal (name, "-h") || g_str_equal (name, "help"))
    {
      if (argc > 2 && !g_str_equal (name, "--help") && !g_str_equal (name, "-h"))
        {
          /* `puebla help search` = `puebla search --help` */
          for (const PueblaCommand *c = puebla_commands; c->name; c++)
            if (g_str_equal (c->name, argv[2]))
              {
                char *args[] = { (char *) c->name, (char *) "--help", NULL };
                return c->run (2, args);
              }
        }
      print_usage (stdout);
      return PUEBLA_EXIT_OK;
    }
  if (g_str_equal (name, "--version") || g_str_equal (name, "version"))
    {
      printf ("puebla %s\n", PUEBLA_VERSION);
      return PUEBLA_EXIT_OK;
    }

  for (const PueblaCommand *c = puebla_commands; c->name; c++)
    if (g_str_equal (c->name, name))
      return c->run (argc - 1, argv + 1);
  if (g_str_equal (name, "__extract-worker"))
    return puebla_cmd_extract_worker (argc - 1, argv + 1);

  fprintf (stderr, "puebla: unknown command '%s'\n\n", name);
  print_usage (stderr);
  return PUEBLA_EXIT_USAGE;
}
