"""The browsers: pytest-playwright's own for most tests, a second one for the tests that use ``mic``,
launched here or on the engine the options name (a Playwright browser server, a DevTools endpoint).

Chromium's fake microphone and the loopback-only resolver are launch flags: they hold for every page
of a browser. So they go on a browser of their own, launched the first time a test that uses ``mic``
(or carries the ``mic`` marker) needs one, and every other test gets pytest-playwright's ``browser``
exactly as it would without this plugin.

A separate module so that the plugin can register it after pytest-playwright (later plugins win for
fixtures of the same name).
"""

import os

import pytest

from pytest_micsentry import capabilities, chromium, engines, report

# The engine the options ask for, checked once at start-up (plugin.pytest_configure).
ENGINE = pytest.StashKey()


def uses_mic(request):
    """Whether the test of *request* uses the ``mic`` fixture or carries the ``mic`` marker."""
    return "mic" in request.fixturenames or request.node.get_closest_marker("mic") is not None


@pytest.fixture(scope="session")
def micsentry_engine(pytestconfig, connect_options):
    """Where the microphone browser runs (:class:`~pytest_micsentry.engines.Engine`): ``--mic-connect``,
    ``--mic-cdp`` (or their environment variables), else pytest-playwright's ``connect_options`` when
    the suite already sets them, else launched here."""
    engine = pytestconfig.stash[ENGINE]
    if engine.kind == "local" and connect_options:
        options = dict(connect_options)
        timeout = options.get("timeout")
        engine = engines.Engine("server", options.get("ws_endpoint") or options.get("endpoint"), "connect_options",
                                timeout / 1000.0 if timeout else engines.DEFAULT_TIMEOUT,
                                dict(options.get("headers") or {}))
    return engine


@pytest.fixture(scope="session")
def micsentry_chromium(pytestconfig, browser_name, micsentry_engine):
    """The Chromium executable of the microphone browser, or None to let Playwright (or, for a
    remote browser, its server) choose."""
    if browser_name not in (None, "chromium") or micsentry_engine.kind != "local":
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
def micsentry_browser(micsentry_engine, browser_type, launch_browser, browser_type_launch_args,
                      micsentry_launch_args):
    """The browser of the tests that use ``mic``: pytest-playwright's launch with micsentry's flags, or
    the browser on ``micsentry_engine`` (a server gets the same flags in its launch-options header)."""
    options = merge_launch_args(browser_type_launch_args, micsentry_launch_args)
    if micsentry_engine.kind == "local":
        browser = launch_browser(**options)
    else:
        try:
            browser = engines.connect(browser_type, micsentry_engine, options)
        except engines.EngineError as error:
            failure = str(error)
        else:
            failure = None
        if failure:
            pytest.fail(failure, pytrace=False)
    yield browser
    try:
        browser.close()  # a connected browser: its contexts go and the connection ends; theirs stays
    except Exception:
        pass  # the server or the browser already went away; the tests have their results


@pytest.fixture(scope="session")
def micsentry_capabilities(pytestconfig, browser_name, micsentry_engine, micsentry_launch_args,
                           browser_type_launch_args, request):
    """What the microphone browser can do (:class:`~pytest_micsentry.capabilities.Capabilities`):
    known from micsentry's own flags when it launched the browser with them, looked at otherwise
    (None for another browser than Chromium, where ``mic`` skips). Told once, in the run's summary."""
    if browser_name not in (None, "chromium"):
        return None
    micsentry_browser = request.getfixturevalue("micsentry_browser")
    args = micsentry_launch_args.get("args", [])
    fake = any(arg.startswith(chromium.FAKE_DEVICE_ARGS[0]) for arg in args)
    if micsentry_engine.kind == "local" and fake:
        caps = capabilities.launched(micsentry_engine, micsentry_browser.version, True,
                                     any(chromium.LOOPBACK_RULE in arg for arg in args),
                                     headless=browser_type_launch_args.get("headless", True))
    else:
        caps = capabilities.probe(micsentry_browser, micsentry_engine)
    report.browser_seen(pytestconfig, capabilities.describe(caps))
    return caps


@pytest.fixture
def browser(request):
    """pytest-playwright's ``browser``, or ``micsentry_browser`` for a test that uses ``mic``."""
    if uses_mic(request):
        request.getfixturevalue("micsentry_capabilities")  # looked at once, before the first such test
        return request.getfixturevalue("micsentry_browser")
    return request.getfixturevalue("browser")  # the definition this one overrides
