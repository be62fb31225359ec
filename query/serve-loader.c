/* serve-loader.c: `puebla serve`, loaded from the module puebla-serve.so
 * (commands.h), which holds cmd-serve.c, the page and libmicrohttpd. */
#include "commands.h"

#include "module.h"

#include <stdio.h>

typedef int (*ServeMain) (int argc, char **argv);

int
puebla_cmd_serve (int argc, char **argv)
{
  g_autofree gchar *why = NULL;
  ServeMain serve_main = (ServeMain) puebla_module_load_symbol ("puebla-serve.so", "PUEBLA_SERVE_MODULE", "query",
                                                               "puebla_serve_main", &why);
  if (serve_main == NULL)
    {
      fprintf (stderr, "puebla serve: cannot load the HTTP server (puebla-serve.so): %s\n", why);
      return PUEBLA_EXIT_ERROR;
    }
  return serve_main (argc, argv);
}
