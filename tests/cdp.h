/* cdp.h: a minimal client of the Chrome DevTools Protocol over
 * --remote-debugging-pipe (file descriptors 3 and 4, messages ended by
 * NUL), enough for tests to type, click and take screenshots in Debian's
 * headless Chromium. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

typedef struct _Cdp Cdp;

/* Starts headless Chromium with its profile in PROFILE_DIR and a page
 * WIDTH×HEIGHT open at URL, attached. NULL with ERROR if it cannot. */
Cdp *cdp_open (const gchar *profile_dir, const gchar *url, guint width, guint height, GError **error);

/* Closes the browser and frees CDP. */
void cdp_close (Cdp *cdp);

/* Sends METHOD with PARAMS (a JSON object as text, NULL for none) to the
 * page and waits for its answer: the "result" object, which the caller
 * unrefs, or NULL with ERROR (the browser's error, or no answer in 30 s). */
JsonObject *cdp_call (Cdp *cdp, const gchar *method, const gchar *params, GError **error);

/* The value of the JavaScript EXPRESSION in the page (awaited if a
 * promise), as JSON text, or NULL with ERROR if it throws. */
gchar *cdp_eval (Cdp *cdp, const gchar *expression, GError **error);

/* Waits up to SECONDS for the boolean EXPRESSION to be true. */
gboolean cdp_wait_for (Cdp *cdp, const gchar *expression, guint seconds);

/* Types TEXT into the focused element, as a keyboard would. */
gboolean cdp_type (Cdp *cdp, const gchar *text, GError **error);

/* Presses a key (Enter, Tab) on the focused element. */
gboolean cdp_press (Cdp *cdp, const gchar *key, GError **error);

/* Clicks with the mouse at the centre of the first element matching the
 * CSS SELECTOR, scrolled into view. */
gboolean cdp_click (Cdp *cdp, const gchar *selector, GError **error);

/* Taps with a finger at the centre of the first element matching SELECTOR
 * (the page must emulate a touch screen: Emulation.setTouchEmulationEnabled). */
gboolean cdp_tap (Cdp *cdp, const gchar *selector, GError **error);

/* Saves a PNG of the page's viewport at PATH. */
gboolean cdp_screenshot (Cdp *cdp, const gchar *path, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Cdp, cdp_close)
