"""Helpers for opening micsentry's pages in end-to-end tests, and the guard that fails a test when a
request leaves loopback or the console shows an error."""

import time
from urllib.parse import urlsplit

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]", "::1")
# Hosts the tests themselves answer through Playwright routes (pytest_micsentry.origins).
ROUTED_HOSTS = ("insecure.micsentry.test", "ecs.communication.microsoft.com")


VERDICT = '[data-micsentry]:is([data-state="ok"], [data-state="warning"], [data-state="error"])'
# Pyodide's cold start is ~3 s here; the ACS SDK's DeviceManager alone takes ~7 s offline.
VERDICT_TIMEOUT_MS = 60000


def check_url(site_url, runtime, path="", **params):
    query = "&".join(["runtime=" + runtime] + ["%s=%s" % (k, v) for k, v in sorted(params.items())])
    return site_url + path + "?" + query


# getUserMedia broken as some browsers break it, chosen by the page's query (?media=bare|weird|hang): no
# such function, a rejection with an error nobody knows, no answer ever (a hung driver). On the
# instance as well, where the microphone emulation puts its own.
MEDIA_FAULTS = """(() => {
    const fault = new URLSearchParams(location.search).get("media");
    const answer = {weird: () => Promise.reject(new DOMException("odd failure", "WeirdError")),
                    hang: () => new Promise(() => {})}[fault];
    if (answer) Object.defineProperty(navigator.mediaDevices, "getUserMedia", {configurable: true, value: answer});
    else if (fault === "bare") { delete navigator.mediaDevices.getUserMedia; delete MediaDevices.prototype.getUserMedia; }
})();"""


def wait_for_verdict(page_or_frame):
    page_or_frame.wait_for_selector(VERDICT, state="attached", timeout=VERDICT_TIMEOUT_MS)
    return page_or_frame.locator("[data-micsentry]")


def is_local(url):
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome-error"):
        return True
    host = parts.hostname or ""
    return host in LOOPBACK_HOSTS or host in ROUTED_HOSTS or host.endswith(".localhost")


class PageGuard:
    """Records every request and console error of a browser context."""

    def __init__(self, context):
        self.requests = []
        self.errors = []
        self.allowed_errors = []
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("page", self.watch)
        for page in context.pages:
            self.watch(page)

    def watch(self, page):
        page.on("console", lambda message: self._console(message))
        page.on("pageerror", lambda error: self.errors.append("pageerror: %s" % error))

    def _console(self, message):
        if message.type == "error":
            self.errors.append("console.error: %s" % message.text)

    def allow_error(self, fragment):
        self.allowed_errors.append(fragment)

    def check(self):
        leaving = [url for url in self.requests if not is_local(url)]
        assert not leaving, "requests left loopback: %s" % leaving
        errors = [e for e in self.errors if not any(fragment in e for fragment in self.allowed_errors)]
        assert not errors, "the console showed errors: %s" % errors


def wait_until(target, expression, arg=None, timeout=30000):
    """Poll *expression* (as ``evaluate`` takes it) on a page or frame until it is truthy; returns it.

    Playwright's ``wait_for_function`` compiles its predicate with ``eval`` inside the page, which
    the site's Content-Security-Policy (no 'unsafe-eval') refuses; ``evaluate`` is not bound by it."""
    deadline = time.monotonic() + timeout / 1000
    while True:
        value = target.evaluate(expression, arg) if arg is not None else target.evaluate(expression)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("waited %d ms for: %s" % (timeout, expression))
        target.wait_for_timeout(50)
