"""End-to-end fixtures: the built site on loopback, both runtimes, and guards that fail a test
when a request leaves loopback or the console shows an error."""

import os
import threading
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from micsentry.host import serve
from micsentry_site import assemble, config
from pages import check_url, wait_for_verdict

RUNTIMES = ("pyodide", "micropython")
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]", "::1")
# Hosts the tests themselves answer through Playwright routes (pytest_micsentry.origins).
ROUTED_HOSTS = ("insecure.micsentry.test", "ecs.communication.microsoft.com")

expect.set_options(timeout=15000)


def pytest_collection_modifyitems(items):
    # Every end-to-end test runs in pytest-micsentry's microphone browser (fake device, loopback
    # only): the plugin's opt-in for tests that do not take `mic` themselves.
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.mic)


@pytest.fixture(scope="session")
def site_dir():
    site = config.SITE
    if not (site / "index.html").exists() or os.environ.get("MICSENTRY_REBUILD") == "1":
        assemble.build()
    return site


@pytest.fixture(scope="session")
def site_server(site_dir):
    os.environ.setdefault("MICSENTRY_SERVE_QUIET", "1")
    server = serve.make_server(site_dir, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def site_url(site_server):
    # The name `localhost`, not 127.0.0.1: the ACS SDK refuses 127.0.0.1.
    return "http://localhost:%d/" % site_server.server_address[1]


@pytest.fixture(params=RUNTIMES)
def runtime(request):
    marker = request.node.get_closest_marker("runtime")
    if marker is not None and request.param not in marker.args:
        pytest.skip("this test runs on %s only" % ", ".join(marker.args))
    return request.param


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


@pytest.fixture(autouse=True)
def guard(request):
    if "context" not in request.fixturenames:
        yield None
        return
    page_guard = PageGuard(request.getfixturevalue("context"))
    yield page_guard
    if not hasattr(request.node, "rep_call") or request.node.rep_call.passed:
        page_guard.check()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, "rep_" + report.when, report)
    return report


@pytest.fixture
def open_check(page, site_url, runtime):
    """Open the pre-call page on the test's runtime and wait for the first verdict."""

    def open_(path="", **params):
        page.goto(check_url(site_url, runtime, path, **params))
        return wait_for_verdict(page)

    return open_
