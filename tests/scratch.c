/* scratch.c: a test's scratch directory (see scratch.h). */
#define _XOPEN_SOURCE 700
#include "scratch.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

gchar *
puebla_test_scratch_new (const gchar *name)
{
  g_autofree gchar *pattern = g_strdup_printf ("puebla-%s-XXXXXX", name);
  g_autoptr (GError) error = NULL;
  gchar *dir = g_dir_make_tmp (pattern, &error);
  if (dir == NULL)
    g_error ("cannot make a scratch directory: %s", error->message);
  return dir;
}

static int
open_up (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  (void) ftw;
  if (flag == FTW_D || flag == FTW_DNR)
    chmod (path, (st->st_mode & 07777) | S_IRWXU);
  return 0;
}

static int
remove_one (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  (void) st;
  (void) ftw;
  int r = (flag == FTW_DP) ? rmdir (path) : unlink (path);
  if (r != 0)
    fprintf (stderr, "cannot remove %s: %s\n", path, strerror (errno));
  return r;
}

void
puebla_test_scratch_remove (const gchar *dir)
{
  if (dir == NULL)
    return;
  nftw (dir, open_up, 16, FTW_PHYS);
  if (nftw (dir, remove_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
    g_error ("cannot remove %s", dir);
}
