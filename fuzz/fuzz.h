/* fuzz.h: what every harness of fuzz/ shares.
 *
 * A harness is one fuzz-<name>.c that defines LLVMFuzzerTestOneInput (and
 * LLVMFuzzerInitialize when it needs set-up). With -DPUEBLA_FUZZ=ON it is
 * linked with libFuzzer (clang -fsanitize=fuzzer); otherwise with
 * replay-main.c, which feeds it every file of its seed corpus once, so that
 * ctest (and the ASan+UBSan build) replays the corpora on every run.
 *
 * FUZZ_CHECK states an invariant of the code under test: when it does not
 * hold, the harness prints what and where and aborts, which libFuzzer
 * reports as a crash with the input that caused it. Harnesses must stay
 * deterministic and keep no state between inputs beyond their set-up.
 */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

G_BEGIN_DECLS

/* The libFuzzer entry points (the harness defines them). */
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);

#define FUZZ_CHECK(cond, ...)                                                                      \
  do                                                                                               \
    {                                                                                              \
      if (G_UNLIKELY (!(cond)))                                                                    \
        {                                                                                          \
          fprintf (stderr, "%s:%d: invariant failed: %s: ", __FILE__, __LINE__, #cond);            \
          fprintf (stderr, __VA_ARGS__);                                                           \
          fputc ('\n', stderr);                                                                    \
          abort ();                                                                                \
        }                                                                                          \
    }                                                                                              \
  while (0)

/* TRUE when TEXT is valid UTF-8 and already in NFC. */
static inline gboolean
fuzz_is_nfc_utf8 (const gchar *text)
{
  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;
  g_autofree gchar *nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  return nfc != NULL && g_str_equal (nfc, text);
}

/* TRUE when OFFSET (a byte offset into valid UTF-8 TEXT of LEN bytes) is at
 * the start of a character or at the end. */
static inline gboolean
fuzz_is_char_boundary (const gchar *text, gsize len, gsize offset)
{
  return offset == len || (offset < len && ((guchar) text[offset] & 0xC0) != 0x80);
}

/* DATA as valid UTF-8, NUL-terminated (each invalid byte → U+FFFD; a NUL
 * byte ends the text, as it would for any C string). Newly allocated. */
static inline gchar *
fuzz_utf8_text (const uint8_t *data, size_t size)
{
  gsize len = 0;
  while (len < size && data[len] != 0)
    len++;
  return g_utf8_make_valid ((const gchar *) data, (gssize) len);
}

G_END_DECLS
