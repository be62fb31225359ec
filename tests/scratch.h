/* scratch.h: a test's scratch directory — made under the temporary
 * directory, removed with everything in it (without a shell: names with
 * quotes, newlines or bytes that are not UTF-8 are removed as well, and
 * directories a test made unreadable are opened up first). */
#pragma once

#include <glib.h>

/* A new empty directory "puebla-NAME-XXXXXX" in the temporary directory
 * (aborts when it cannot be made: usable in unchecked fixtures too).
 * g_free the result. */
gchar *puebla_test_scratch_new (const gchar *name);

/* Removes DIR and all below it (symbolic links are removed, not followed);
 * aborts when something cannot be removed. */
void puebla_test_scratch_remove (const gchar *dir);
