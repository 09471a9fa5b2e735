"""What the WebKit suite's pages need that WebKitWebDriver cannot give: a test's script first in a
page (``?inject=NAME``, from :data:`INJECTIONS`), the console's errors collected by a script of ours,
and a proxy that keeps every request on this machine; and a poll for a condition in the page."""

import time
from urllib.parse import urlsplit

from micsentry.host import serve
from pytest_micsentry.origins import INSECURE_HOST

# Scripts a test asks for by name with ?inject=NAME; the console capture always comes first.
CAPTURE = """window.__webkit = {errors: []};
(() => {
  const keep = (text) => window.__webkit.errors.push(String(text));
  const error = console.error.bind(console);
  console.error = (...parts) => { keep(parts.map(String).join(" ")); error(...parts); };
  addEventListener("error", (event) => keep("uncaught " + event.message));
  addEventListener("unhandledrejection", (event) => keep("unhandled rejection " + event.reason));
})();"""
INJECTIONS = {}


class WebKitSiteHandler(serve.SiteHandler):
    """The site, with a test's script first in a page, and the proxy for every non-loopback host:
    a request for another host than INSECURE_HOST is refused and kept in the server's
    ``left_loopback`` list ("host/path")."""

    def parse_request(self):
        self.foreign = False
        if not super().parse_request():
            return False
        if self.path.startswith("http://"):  # a proxied request: the absolute URL
            parts = urlsplit(self.path)
            if parts.hostname != INSECURE_HOST:
                self.foreign = True
                self.server.left_loopback.append(parts.netloc + parts.path)
            self.path = parts.path + ("?" + parts.query if parts.query else "")
        return True

    def send_head(self):
        if self.foreign:
            self.send_error(502, "micsentry's tests keep every request on this machine")
            return None
        path, _, query = self.path.partition("?")
        if path.startswith("/__webkit/"):
            name = path[len("/__webkit/"):-len(".js")]
            body = CAPTURE if name == "capture" else INJECTIONS.get(name, "")
            return self._send_bytes(body.encode("utf-8"), "text/javascript")
        if path in ("/", "/index.html", "/embed.html"):
            names = ["capture"] + [part[len("inject="):] for part in query.split("&") if part.startswith("inject=")]
            tags = "".join('<script src="/__webkit/%s.js"></script>' % name for name in names)
            with open(self.translate_path(path if path != "/" else "/index.html"), "rb") as handle:
                body = handle.read().replace(b"<head>", b"<head>" + tags.encode("utf-8"), 1)
            return self._send_bytes(body, "text/html; charset=utf-8")
        return super().send_head()


def wait_until(driver, script, timeout=60.0):
    """Poll *script* (a JS expression) until it is truthy; its value. Fails after *timeout* seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = driver.execute_script("return (%s)" % script)
        if value:
            return value
        assert time.monotonic() < deadline, "still false after %.0f s: %s" % (timeout, script)
        time.sleep(0.1)


# WebKit's JavaScriptCore now and then crashes the runtime while it starts (a WebAssembly trap: "Out of
# bounds memory access (evaluating '_PyRun_SimpleString(r)')", Pyodide, once in a CI run of the suite).
# The page then shows its failure at once and advises a reload.
CRASHED = """(window.__webkit?.errors ?? []).some((error) => error.startsWith("unhandled rejection RuntimeError"))"""


def wait_started(driver, ready, timeout=60.0):
    """Poll *ready* (a JS expression) as :func:`wait_until` does; if WebKit crashed the runtime while
    it started, reload the page once, as its failure banner advises the user, say so, and poll again."""
    crashed = wait_until(driver, "(%s) ? 'crashed' : (%s) ? 'ready' : null" % (CRASHED, ready), timeout) == "crashed"
    if crashed:
        errors = driver.execute_script("return window.__webkit.errors")
        print("\nWebKit crashed the runtime while it started (%s): reloaded once, as the page advises" % errors)
        driver.execute_script("location.reload()")
        wait_until(driver, ready, timeout)
