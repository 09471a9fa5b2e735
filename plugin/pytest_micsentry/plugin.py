"""The pytest plugin: options, the ``mic`` fixture and the ``mic`` marker.

Registered through the ``pytest11`` entry point ``micsentry``; builds on pytest-playwright.
Fixtures, from settings to objects to per-test helpers:

- ``micsentry_chromium`` (session): the Chromium of the microphone browser, or None for Playwright's;
- ``micsentry_launch_args`` (session): the launch options the microphone states need;
- ``micsentry_browser`` (session): a browser launched with ``browser_type_launch_args`` plus those;
- ``browser`` (test): ``micsentry_browser`` for tests that use ``mic`` or carry the ``mic`` marker,
  pytest-playwright's own ``browser`` for every other test (no fake device, no resolver rules);
- ``mic`` (test): a :class:`~pytest_micsentry.microphone.Microphone` for the test's context,
  set from ``@pytest.mark.mic(state)`` when the test has the marker.

``@pytest.mark.mic`` without a state opts a test (or, as ``pytestmark``, a module) into the microphone
browser without touching the permission.
"""

import pytest

from pytest_micsentry import chromium, engines, launch, report
from pytest_micsentry.microphone import MODES, Microphone


def pytest_addoption(parser):
    group = parser.getgroup("micsentry", "micsentry: microphone states for browser tests")
    group.addoption(
        "--mic-chromium",
        default=None,
        metavar="PATH",
        help="Chromium or Chrome to launch (default: $%s, Playwright's own Chromium, then the system's)"
        % chromium.ENV_VAR,
    )
    group.addoption(
        "--mic-no-fake-device",
        action="store_true",
        default=False,
        help="launch without Chromium's fake microphone (tests then see the machine's real devices)",
    )
    group.addoption(
        "--mic-allow-network",
        action="store_true",
        default=False,
        help="do not confine the browser to loopback addresses",
    )
    group.addoption(
        "--mic-connect",
        default=None,
        metavar="WS_ENDPOINT",
        help="run the microphone browser on a Playwright browser server (`playwright run-server`, a browser "
        "service): ws:// or wss:// (default: $%s)" % engines.CONNECT_ENV,
    )
    group.addoption(
        "--mic-cdp",
        default=None,
        metavar="URL",
        help="use a Chromium someone else started, through its DevTools endpoint (--remote-debugging-port): "
        "http://HOST:PORT or its ws:// address (default: $%s)" % engines.CDP_ENV,
    )
    group.addoption(
        "--mic-connect-header",
        action="append",
        default=[],
        metavar="'NAME: VALUE'",
        help="a header for --mic-connect / --mic-cdp, e.g. a service's credentials; repeatable "
        "(also $%s, a JSON object)" % engines.HEADERS_ENV,
    )
    group.addoption(
        "--mic-connect-timeout",
        default=None,
        metavar="SECONDS",
        help="give up connecting to --mic-connect / --mic-cdp after this long (default: %g; $%s)"
        % (engines.DEFAULT_TIMEOUT, engines.TIMEOUT_ENV),
    )


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "mic(state=None): run in micsentry's microphone browser and, given a state, put the microphone "
        "in it before the test's page exists; one of: " + ", ".join(MODES),
    )
    try:
        config.stash[launch.ENGINE] = engines.engine_from(
            connect=config.getoption("--mic-connect"),
            cdp=config.getoption("--mic-cdp"),
            headers=config.getoption("--mic-connect-header"),
            timeout=config.getoption("--mic-connect-timeout"),
        )
    except engines.EngineError as error:
        raise pytest.UsageError(str(error)) from None
    # Registered now, after pytest-playwright's entry point, so these fixtures take precedence.
    if not config.pluginmanager.has_plugin("micsentry-launch"):
        config.pluginmanager.register(launch, "micsentry-launch")


@pytest.fixture
def mic(browser_name, request):
    """The microphone of the test's browser context (Chromium only; skips elsewhere with the reason)."""
    if browser_name != "chromium":
        # Before the context exists: no need to launch a browser that cannot do it.
        pytest.skip("micsentry's microphone states need Chromium (permission control through CDP); "
                    "%s has no equivalent" % browser_name)
    context = request.getfixturevalue("context")
    controller = Microphone(context, capabilities=request.getfixturevalue("micsentry_capabilities"))
    marker = request.node.get_closest_marker("mic")
    if marker is not None:
        if len(marker.args) > 1:
            raise pytest.UsageError("@pytest.mark.mic takes at most one state: " + ", ".join(MODES))
        if marker.args:
            controller.set(marker.args[0])
    yield controller
    controller.close()


@pytest.fixture(autouse=True)
def _micsentry_marker(request):
    # The marker must act before the test's page exists, even when the test does not ask for `mic`.
    marker = request.node.get_closest_marker("mic")
    if marker is not None and marker.args and "mic" not in request.fixturenames:
        request.getfixturevalue("mic")


def pytest_terminal_summary(terminalreporter, config):
    report.summary(terminalreporter, config)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    # pytest-xdist: a worker finished; its browsers join the controller's summary.
    report.worker_done(node.config, node)
