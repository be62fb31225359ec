/* cdp.c: see cdp.h. */
#include "cdp.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib-unix.h>
#include <stdio.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct _Cdp
{
  GPid pid;
  gint to;   /* the browser reads this (its fd 3) */
  gint from; /* the browser writes this (its fd 4) */
  GString *pending;
  gint next_id;
  gchar *session;
};

static gboolean
write_all (gint fd, const gchar *data, gsize len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* The next whole message from the browser, or NULL after 30 s or at EOF. */
static gchar *
read_message (Cdp *cdp)
{
  for (;;)
    {
      const gchar *nul = memchr (cdp->pending->str, '\0', cdp->pending->len);
      if (nul)
        {
          gsize len = (gsize) (nul - cdp->pending->str);
          gchar *message = g_strndup (cdp->pending->str, len);
          g_string_erase (cdp->pending, 0, (gssize) len + 1);
          return message;
        }
      struct pollfd p = { .fd = cdp->from, .events = POLLIN };
      gint ready = poll (&p, 1, 30000);
      if (ready < 0 && errno == EINTR)
        continue;
      if (ready <= 0)
        return NULL;
      gchar buf[65536];
      gssize n = read (cdp->from, buf, sizeof buf);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return NULL;
      g_string_append_len (cdp->pending, buf, n);
    }
}

static JsonObject *
call (Cdp *cdp, const gchar *session, const gchar *method, const gchar *params, GError **error)
{
  gint id = ++cdp->next_id;
  g_autofree gchar *session_member = session ? g_strdup_printf (",\"sessionId\":\"%s\"", session) : g_strdup ("");
  g_autofree gchar *request = g_strdup_printf ("{\"id\":%d,\"method\":\"%s\",\"params\":%s%s}", id, method,
                                               params ? params : "{}", session_member);
  if (!write_all (cdp->to, request, strlen (request) + 1 /* the NUL */))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE, "%s: the browser is gone", method);
      return NULL;
    }
  for (;;)
    {
      g_autofree gchar *message = read_message (cdp);
      if (message == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "%s: no answer from the browser", method);
          return NULL;
        }
      g_autoptr (JsonParser) parser = json_parser_new ();
      if (!json_parser_load_from_data (parser, message, -1, NULL))
        continue;
      JsonObject *o = json_node_get_object (json_parser_get_root (parser));
      if (o == NULL || !json_object_has_member (o, "id") || json_object_get_int_member (o, "id") != id)
        continue; /* an event, or another answer */
      if (json_object_has_member (o, "error"))
        {
          JsonObject *e = json_object_get_object_member (o, "error");
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", method,
                       json_object_get_string_member_with_default (e, "message", "failed"));
          return NULL;
        }
      return json_object_ref (json_object_get_object_member (o, "result"));
    }
}

static gchar *
json_string (const gchar *s)
{
  g_autoptr (JsonNode) node = json_node_init_string (json_node_alloc (), s);
  return json_to_string (node, FALSE);
}

Cdp *
cdp_open (const gchar *profile_dir, const gchar *url, guint width, guint height, GError **error)
{
  g_autofree gchar *browser = g_find_program_in_path ("chromium");
  if (browser == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "chromium not found: run scripts/install-deps.sh");
      return NULL;
    }
  gint to[2], from[2];
  if (!g_unix_open_pipe (to, FD_CLOEXEC, error))
    return NULL;
  if (!g_unix_open_pipe (from, FD_CLOEXEC, error))
    {
      close (to[0]);
      close (to[1]);
      return NULL;
    }
  g_autofree gchar *profile = g_strdup_printf ("--user-data-dir=%s", profile_dir);
  g_autofree gchar *size = g_strdup_printf ("--window-size=%u,%u", width, height);
  const gchar *argv[] = { browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                          "--disable-background-networking", "--disable-component-update", "--disable-sync",
                          "--hide-scrollbars", "--remote-debugging-pipe", profile, size, NULL };
  gint source_fds[] = { to[0], from[1] }, target_fds[] = { 3, 4 };
  Cdp *cdp = g_new0 (Cdp, 1);
  cdp->pending = g_string_new (NULL);
  gboolean ok = g_spawn_async_with_pipes_and_fds (
    NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
    NULL, -1, -1, -1, source_fds, target_fds, G_N_ELEMENTS (source_fds), &cdp->pid, NULL, NULL, NULL, error);
  close (to[0]);
  close (from[1]);
  cdp->to = to[1];
  cdp->from = from[0];
  if (!ok)
    {
      cdp->pid = 0;
      cdp_close (cdp);
      return NULL;
    }
  g_autofree gchar *quoted_url = json_string (url);
  g_autofree gchar *target_params = g_strdup_printf ("{\"url\":%s}", quoted_url);
  g_autoptr (JsonObject) target = call (cdp, NULL, "Target.createTarget", target_params, error);
  if (target == NULL)
    {
      cdp_close (cdp);
      return NULL;
    }
  g_autofree gchar *attach_params = g_strdup_printf ("{\"targetId\":\"%s\",\"flatten\":true}",
                                                     json_object_get_string_member (target, "targetId"));
  g_autoptr (JsonObject) attached = call (cdp, NULL, "Target.attachToTarget", attach_params, error);
  if (attached == NULL)
    {
      cdp_close (cdp);
      return NULL;
    }
  cdp->session = g_strdup (json_object_get_string_member (attached, "sessionId"));
  return cdp;
}

void
cdp_close (Cdp *cdp)
{
  if (cdp == NULL)
    return;
  if (cdp->pid > 0)
    {
      g_autoptr (JsonObject) r = call (cdp, NULL, "Browser.close", NULL, NULL);
      close (cdp->to);
      cdp->to = -1;
      /* give it 10 s to go, then make it */
      gint status = 0;
      for (gint i = 0; i < 100 && waitpid (cdp->pid, &status, WNOHANG) == 0; i++)
        g_usleep (100000);
      if (waitpid (cdp->pid, &status, WNOHANG) == 0)
        {
          kill (cdp->pid, SIGKILL);
          waitpid (cdp->pid, &status, 0);
        }
      g_spawn_close_pid (cdp->pid);
    }
  if (cdp->to >= 0)
    close (cdp->to);
  close (cdp->from);
  g_string_free (cdp->pending, TRUE);
  g_free (cdp->session);
  g_free (cdp);
}

JsonObject *
cdp_call (Cdp *cdp, const gchar *method, const gchar *params, GError **error)
{
  return call (cdp, cdp->session, method, params, error);
}

gchar *
cdp_eval (Cdp *cdp, const gchar *expression, GError **error)
{
  g_autofree gchar *quoted = json_string (expression);
  g_autofree gchar *params = g_strdup_printf ("{\"expression\":%s,\"awaitPromise\":true,\"returnByValue\":true}",
                                              quoted);
  g_autoptr (JsonObject) r = cdp_call (cdp, "Runtime.evaluate", params, error);
  if (r == NULL)
    return NULL;
  if (json_object_has_member (r, "exceptionDetails"))
    {
      JsonObject *d = json_object_get_object_member (r, "exceptionDetails");
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", expression,
                   json_object_get_string_member_with_default (d, "text", "threw"));
      return NULL;
    }
  JsonObject *result = json_object_get_object_member (r, "result");
  JsonNode *value = json_object_get_member (result, "value");
  return value ? json_to_string (value, FALSE) : g_strdup ("null");
}

gboolean
cdp_wait_for (Cdp *cdp, const gchar *expression, guint seconds)
{
  for (guint i = 0; i < seconds * 10; i++)
    {
      g_autofree gchar *v = cdp_eval (cdp, expression, NULL);
      if (v && g_str_equal (v, "true"))
        return TRUE;
      g_usleep (100000);
    }
  return FALSE;
}

gboolean
cdp_type (Cdp *cdp, const gchar *text, GError **error)
{
  g_autofree gchar *quoted = json_string (text);
  g_autofree gchar *params = g_strdup_printf ("{\"text\":%s}", quoted);
  g_autoptr (JsonObject) r = cdp_call (cdp, "Input.insertText", params, error);
  return r != NULL;
}

gboolean
cdp_press (Cdp *cdp, const gchar *key, GError **error)
{
  gint code = g_str_equal (key, "Enter") ? 13 : g_str_equal (key, "Tab") ? 9 : 0;
  const gchar *text = code == 13 ? ",\"text\":\"\\r\"" : "";
  g_autofree gchar *down = g_strdup_printf (
    "{\"type\":\"keyDown\",\"key\":\"%s\",\"code\":\"%s\",\"windowsVirtualKeyCode\":%d%s}", key, key, code, text);
  g_autofree gchar *up = g_strdup_printf (
    "{\"type\":\"keyUp\",\"key\":\"%s\",\"code\":\"%s\",\"windowsVirtualKeyCode\":%d}", key, key, code);
  g_autoptr (JsonObject) r1 = cdp_call (cdp, "Input.dispatchKeyEvent", down, error);
  if (r1 == NULL)
    return FALSE;
  g_autoptr (JsonObject) r2 = cdp_call (cdp, "Input.dispatchKeyEvent", up, error);
  return r2 != NULL;
}

/* The centre of the first element matching SELECTOR, scrolled into view. */
static gboolean
centre_of (Cdp *cdp, const gchar *selector, gdouble *x, gdouble *y, GError **error)
{
  g_autofree gchar *quoted = json_string (selector);
  g_autofree gchar *where = g_strdup_printf (
    "(() => { const e = document.querySelector(%s); if (!e) return null;"
    " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
    " return [r.left + r.width / 2, r.top + r.height / 2]; })()",
    quoted);
  g_autofree gchar *xy = cdp_eval (cdp, where, error);
  if (xy == NULL)
    return FALSE;
  if (sscanf (xy, "[%lf,%lf]", x, y) != 2)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "nothing to click at %s", selector);
      return FALSE;
    }
  return TRUE;
}

gboolean
cdp_click (Cdp *cdp, const gchar *selector, GError **error)
{
  gdouble x = 0, y = 0;
  if (!centre_of (cdp, selector, &x, &y, error))
    return FALSE;
  for (gint i = 0; i < 2; i++)
    {
      g_autofree gchar *params = g_strdup_printf (
        "{\"type\":\"%s\",\"x\":%.1f,\"y\":%.1f,\"button\":\"left\",\"clickCount\":1}",
        i == 0 ? "mousePressed" : "mouseReleased", x, y);
      g_autoptr (JsonObject) r = cdp_call (cdp, "Input.dispatchMouseEvent", params, error);
      if (r == NULL)
        return FALSE;
    }
  return TRUE;
}

gboolean
cdp_tap (Cdp *cdp, const gchar *selector, GError **error)
{
  gdouble x = 0, y = 0;
  if (!centre_of (cdp, selector, &x, &y, error))
    return FALSE;
  g_autofree gchar *start
    = g_strdup_printf ("{\"type\":\"touchStart\",\"touchPoints\":[{\"x\":%.1f,\"y\":%.1f}]}", x, y);
  g_autoptr (JsonObject) r1 = cdp_call (cdp, "Input.dispatchTouchEvent", start, error);
  if (r1 == NULL)
    return FALSE;
  g_autoptr (JsonObject) r2 = cdp_call (cdp, "Input.dispatchTouchEvent", "{\"type\":\"touchEnd\",\"touchPoints\":[]}", error);
  return r2 != NULL;
}

gboolean
cdp_screenshot (Cdp *cdp, const gchar *path, GError **error)
{
  g_autoptr (JsonObject) r = cdp_call (cdp, "Page.captureScreenshot", "{\"format\":\"png\"}", error);
  if (r == NULL)
    return FALSE;
  gsize len = 0;
  g_autofree guchar *png = g_base64_decode (json_object_get_string_member (r, "data"), &len);
  return g_file_set_contents (path, (const gchar *) png, (gssize) len, error);
}
