/* replay-main.c: runs a harness over seed files without libFuzzer.
 *
 * Linked with each fuzz-<name>.c when PUEBLA_FUZZ is OFF (gcc builds,
 * ASan+UBSan included): `fuzz-<name> DIR|FILE…` calls LLVMFuzzerInitialize
 * (when the harness has one) and then LLVMFuzzerTestOneInput once per
 * file, directories read one level deep in name order. Each input is
 * copied into a buffer of exactly its size, so that AddressSanitizer sees
 * a read past its end. Exit status: 0 when every input ran (a failed
 * invariant aborts), 1 when a file cannot be read or there is no input.
 */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
/* optional in a harness: weak, NULL when it has none */
int LLVMFuzzerInitialize (int *argc, char ***argv) __attribute__ ((weak));

static gboolean
run_file (const gchar *path)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *contents = NULL;
  gsize len = 0;
  if (!g_file_get_contents (path, &contents, &len, &error))
    {
      fprintf (stderr, "replay: %s\n", error->message);
      return FALSE;
    }
  /* exactly LEN bytes (malloc(0) may be NULL: keep one byte then) */
  uint8_t *copy = malloc (len ? len : 1);
  if (copy == NULL)
    abort ();
  memcpy (copy, contents, len);
  LLVMFuzzerTestOneInput (copy, len);
  free (copy);
  return TRUE;
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const gchar *const *) a, *(const gchar *const *) b);
}

int
main (int argc, char **argv)
{
  if (argc < 2)
    {
      fprintf (stderr, "usage: %s DIR|FILE…: runs the harness once on each file\n", argv[0]);
      return 1;
    }
  if (LLVMFuzzerInitialize)
    LLVMFuzzerInitialize (&argc, &argv);

  guint inputs = 0;
  gboolean ok = TRUE;
  for (int i = 1; i < argc; i++)
    {
      if (!g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        {
          ok = run_file (argv[i]) && ok;
          inputs++;
          continue;
        }
      g_autoptr (GError) error = NULL;
      g_autoptr (GDir) dir = g_dir_open (argv[i], 0, &error);
      if (dir == NULL)
        {
          fprintf (stderr, "replay: %s\n", error->message);
          ok = FALSE;
          continue;
        }
      g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const gchar *name;
      while ((name = g_dir_read_name (dir)))
        g_ptr_array_add (names, g_build_filename (argv[i], name, NULL));
      g_ptr_array_sort (names, compare_names);
      for (guint n = 0; n < names->len; n++)
        {
          const gchar *path = g_ptr_array_index (names, n);
          if (g_file_test (path, G_FILE_TEST_IS_DIR))
            continue;
          ok = run_file (path) && ok;
          inputs++;
        }
    }
  printf ("replay: %u inputs%s\n", inputs, ok ? "" : ", some could not be read");
  return ok && inputs > 0 ? 0 : 1;
}
