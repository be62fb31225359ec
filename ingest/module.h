/* module.h: find and load a module of the puebla program.
 *
 * Parts of puebla that need large libraries live in modules loaded when a
 * command first needs them, so that every other command starts without
 * them: the format readers (puebla-formats.so: poppler, tesseract, libxml2,
 * libarchive, libmagic) and the HTTP server (puebla-serve.so:
 * libmicrohttpd and its GnuTLS). A module holds its own copy of the code it
 * uses and exports one entry point. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The entry point SYMBOL of the module FILE ("puebla-serve.so"), looked for
 * at $ENV_VAR when that is set (and only there), else beside the program:
 * ../lib/puebla/FILE from where it is installed, ../BUILD_DIR/FILE in the
 * build tree. The module stays loaded until the process ends. NULL when it
 * cannot be found or loaded, with *WHY (free it) saying where it looked and
 * what failed. */
gpointer puebla_module_load_symbol (const gchar *file, const gchar *env_var, const gchar *build_dir,
                                    const gchar *symbol, gchar **why);

G_END_DECLS
