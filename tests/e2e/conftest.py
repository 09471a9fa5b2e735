"""End-to-end fixtures: the built site on loopback, both runtimes, and guards that fail a test
when a request leaves loopback or the console shows an error."""

import os

import pytest
from playwright.sync_api import expect

from micsentry_site import serving
from pages import PageGuard, check_url, wait_for_verdict

RUNTIMES = ("pyodide", "micropython")
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
    return serving.built_site()


@pytest.fixture(scope="session")
def site_server(site_dir):
    with serving.serving(site_dir) as server:
        yield server


@pytest.fixture(scope="session")
def site_url(site_server):
    return serving.local_url(site_server)


@pytest.fixture(params=RUNTIMES)
def runtime(request):
    marker = request.node.get_closest_marker("runtime")
    if marker is not None and request.param not in marker.args:
        pytest.skip("this test runs on %s only" % ", ".join(marker.args))
    return request.param


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
