"""The browsers: pytest-playwright's own for most tests, a second one for the tests that use ``mic``.

Chromium's fake microphone and the loopback-only resolver are launch flags: they hold for every page
of a browser. So they go on a browser of their own, launched the first time a test that uses ``mic``
(or carries the ``mic`` marker) needs one, and every other test gets pytest-playwright's ``browser``
exactly as it would without this plugin.

A separate module so that the plugin can register it after pytest-playwright (later plugins win for
fixtures of the same name).
"""

import os

import pytest

from pytest_micsentry import chromium


def uses_mic(request):
    """Whether the test of *request* uses the ``mic`` fixture or carries the ``mic`` marker."""
    return "mic" in request.fixturenames or request.node.get_closest_marker("mic") is not None


@pytest.fixture(scope="session")
def micsentry_chromium(pytestconfig, browser_name):
    """The Chromium executable of the microphone browser, or None to let Playwright choose."""
    if browser_name not in (None, "chromium"):
        return None
    if pytestconfig.getoption("--browser-channel"):
        return None
    explicit = pytestconfig.getoption("--mic-chromium")
    if explicit or chromium.ENV_VAR in os.environ:
        return chromium.find_chromium(explicit)
    if chromium.playwright_chromium():
        return None
    return chromium.find_chromium()


@pytest.fixture(scope="session")
def micsentry_launch_args(pytestconfig, browser_name, micsentry_chromium):
    """What micsentry adds to the launch options of the microphone browser (Chromium only)."""
    if browser_name not in (None, "chromium"):
        return {}
    return chromium.launch_args(
        micsentry_chromium,
        fake_device=not pytestconfig.getoption("--mic-no-fake-device"),
        offline=not pytestconfig.getoption("--mic-allow-network"),
    )


def merge_launch_args(base, extra):
    """*base* launch options (the user's ``browser_type_launch_args``) with *extra* added: ``args``
    are joined, other keys of *base* win, and a channel wins over an executable."""
    options = dict(extra)
    options.update({key: value for key, value in base.items() if key != "args"})
    options["args"] = list(extra.get("args", [])) + list(base.get("args", []))
    if options.get("channel"):
        options.pop("executable_path", None)
    return options


@pytest.fixture(scope="session")
def micsentry_browser(launch_browser, browser_type_launch_args, micsentry_launch_args):
    """The browser of the tests that use ``mic``: pytest-playwright's launch with micsentry's flags."""
    browser = launch_browser(**merge_launch_args(browser_type_launch_args, micsentry_launch_args))
    yield browser
    browser.close()


@pytest.fixture
def browser(request):
    """pytest-playwright's ``browser``, or ``micsentry_browser`` for a test that uses ``mic``."""
    if uses_mic(request):
        return request.getfixturevalue("micsentry_browser")
    return request.getfixturevalue("browser")  # the definition this one overrides
