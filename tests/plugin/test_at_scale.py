"""pytest-micsentry at scale: the third-party suite of test_plugin.py, unchanged, run with its
microphone browser on a real Playwright browser server, on a Chromium behind its DevTools endpoint,
and under pytest-xdist; and every bad endpoint ends in one clear error, never a hang.

All real processes on loopback: `python -m playwright run-server` of the pinned Playwright (its
browser: the Chromium this project installs, linked where the server looks), an older Playwright's
server from npm for the version mismatch, a Chromium started with --remote-debugging-port.
"""

import os
import re
import shutil
import socket
import time
from pathlib import Path

import pytest

from micsentry_site.remote_browsers import cdp_chromium, playwright_server
from pytest_micsentry import chromium
from test_plugin import CONFTEST, ONLY_MIC_TESTS, SYSTEM_CHROMIUM, TESTS

ROOT = Path(__file__).resolve().parents[2]
OLD_PLAYWRIGHT_CLI = ROOT / "web" / "node_modules" / "playwright-core-1.64" / "cli.js"
# A pytester run of a bad endpoint ends well within this (the connect timeout is set to 3 s there).
BOUND = 120

# Each worker's test records which browser process it ran in (CDP SystemInfo), to show one per worker.
WHO_RAN = '''

import json as _json, os as _os


@_pytest.fixture(autouse=True)
def _record_the_browser(request):
    if "mic" not in request.fixturenames:
        return
    browser = request.getfixturevalue("micsentry_browser")
    session = browser.new_browser_cdp_session()
    pid = [p["id"] for p in session.send("SystemInfo.getProcessInfo")["processInfo"] if p["type"] == "browser"][0]
    session.detach()
    with open(_os.environ["MICSENTRY_WHO_RAN"], "a") as out:
        out.write(_json.dumps([_os.environ.get("PYTEST_XDIST_WORKER", "main"), pid]) + "\\n")
'''

ONE_MIC_TEST = '''
def test_needs_the_browser(page, mic):
    mic.deny()
'''


@pytest.fixture(scope="module")
def chromium_path():
    path = chromium.find_chromium()
    assert path, "no Chromium (make install installs one)"
    return path


@pytest.fixture
def project(pytester, monkeypatch):
    """The third-party calling app and its tests (test_plugin.py), as a user has them."""
    for name in ("PYTEST_XDIST_WORKER", "PYTEST_XDIST_WORKER_COUNT", "PYTEST_XDIST_TESTRUNUID"):
        monkeypatch.delenv(name, raising=False)  # this suite's own worker, when make test runs it under xdist
    pytester.makeconftest(CONFTEST + SYSTEM_CHROMIUM + WHO_RAN)
    pytester.makepyfile(test_calling_app=TESTS, test_split=ONLY_MIC_TESTS)
    return pytester


def run(pytester, *args, timeout=600):
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q", "-rs", *args, timeout=timeout)


def browsers_by_worker(path):
    import json

    pairs = [tuple(json.loads(line)) for line in Path(path).read_text().splitlines()]
    by_worker = {}
    for worker, pid in pairs:
        by_worker.setdefault(worker, set()).add(pid)
    return by_worker


def test_every_state_through_a_playwright_browser_server(project, chromium_path, tmp_path, monkeypatch):
    monkeypatch.setenv("MICSENTRY_WHO_RAN", str(tmp_path / "who"))
    with playwright_server(chromium_path) as endpoint:
        result = run(project, "--mic-connect", endpoint)
    result.assert_outcomes(passed=17)
    result.stdout.fnmatch_lines(["*microphone browser: Chromium * on the Playwright browser server ws://127.0.0.1:*: "
                                 "Chromium's fake microphone; reaches nothing but loopback*"])
    # The server launched one browser for the run, not the runner.
    assert len(browsers_by_worker(tmp_path / "who")["main"]) == 1


# A suite that already points pytest-playwright at a server: the microphone browser goes there too.
CONNECT_OPTIONS = '''


@_pytest.fixture(scope="session")
def connect_options():
    return {"ws_endpoint": _os.environ["THEIR_SERVICE"], "timeout": 20000}
'''


def test_a_server_that_drops_launch_arguments(project, chromium_path, monkeypatch, tmp_path):
    """Without --unsafe the server drops micsentry's flags: no fake device, and it says so. The suite
    names the server the way pytest-playwright does, with its connect_options fixture."""
    monkeypatch.setenv("MICSENTRY_WHO_RAN", str(tmp_path / "who"))
    project.makeconftest(CONFTEST + SYSTEM_CHROMIUM + WHO_RAN + CONNECT_OPTIONS)
    project.makepyfile(test_split="")
    with playwright_server(chromium_path, unsafe=False) as endpoint:
        monkeypatch.setenv("THEIR_SERVICE", endpoint)
        result = run(project)
    result.assert_outcomes(passed=5, skipped=8)
    result.stdout.fnmatch_lines(["*mic.grant() needs a live track; the microphone browser (ws://127.0.0.1:*) has no "
                                 "capture device (NotFoundError*the server dropped micsentry's "
                                 "--use-fake-device-for-media-stream*run-server --unsafe*"])


@pytest.mark.parametrize("fake_device", [True, False], ids=["fake-device", "no-device"])
def test_a_chromium_behind_its_devtools_endpoint(project, chromium_path, fake_device, monkeypatch, tmp_path):
    monkeypatch.setenv("MICSENTRY_WHO_RAN", str(tmp_path / "who"))
    project.makepyfile(test_split="")  # chrome://version flags: the launch is not ours there
    with cdp_chromium(chromium_path, fake_device=fake_device) as url:
        monkeypatch.setenv("MICSENTRY_CDP", url)  # the environment variable, as CI sets it
        result = run(project)
    if fake_device:
        result.assert_outcomes(passed=13)
        result.stdout.fnmatch_lines(["*behind the DevTools endpoint http://127.0.0.1:*: Chromium's fake microphone; "
                                     "reaches nothing but loopback*"])
    else:
        # What works without a device: dismissed, os-blocked (state and marker), in-use, no-device.
        result.assert_outcomes(passed=5, skipped=8)
        result.stdout.fnmatch_lines([
            "*no capture device (NotFoundError: Requested device not found): the states that need a live track skip; "
            "resolves other hosts*",
            "*SKIPPED*mic.deny() needs a device: without one Chromium answers NotFoundError before it reads the "
            "permission; *start that Chromium with --use-fake-device-for-media-stream*",
        ])


def test_parallel_workers_each_get_their_own_browser(project, tmp_path, monkeypatch):
    monkeypatch.setenv("MICSENTRY_WHO_RAN", str(tmp_path / "who"))
    result = run(project, "-n", "2")
    result.assert_outcomes(passed=17)
    by_worker = browsers_by_worker(tmp_path / "who")
    assert sorted(by_worker) == ["gw0", "gw1"], by_worker
    assert all(len(pids) == 1 for pids in by_worker.values()), by_worker
    assert by_worker["gw0"].isdisjoint(by_worker["gw1"]), by_worker
    result.stdout.fnmatch_lines(["*microphone browser: Chromium * launched here: Chromium's fake microphone*"])


# -- bad endpoints: one clear error naming the option, within the connect timeout ---------------------


@pytest.fixture
def one_test(pytester):
    pytester.makepyfile(test_one=ONE_MIC_TEST)
    return pytester


def assert_one_clear_error(result, *lines):
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(list(lines))
    assert "Traceback" not in result.stdout.str()


@pytest.fixture
def silent_port():
    """A port that accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    yield listener.getsockname()[1]
    listener.close()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_nothing_listening(one_test):
    port = free_port()
    result = run(one_test, "--mic-connect", "ws://127.0.0.1:%d/" % port, timeout=BOUND)
    assert_one_clear_error(result, "*--mic-connect ws://127.0.0.1:%d/: nothing answers there (*ECONNREFUSED*): "
                                   "is the browser server running*" % port)
    result = run(one_test, "--mic-cdp", "http://127.0.0.1:%d" % port, timeout=BOUND)
    assert_one_clear_error(result, "*--mic-cdp http://127.0.0.1:%d: nothing answers there*" % port)


def test_an_endpoint_that_never_answers(one_test, silent_port):
    started = time.monotonic()
    result = run(one_test, "--mic-connect", "ws://127.0.0.1:%d/" % silent_port, "--mic-connect-timeout", "3",
                 timeout=BOUND)
    assert_one_clear_error(result, "*--mic-connect ws://127.0.0.1:%d/: no answer within 3 s (--mic-connect-timeout)*"
                           % silent_port)
    result = run(one_test, "--mic-cdp", "http://127.0.0.1:%d" % silent_port, "--mic-connect-timeout", "3",
                 timeout=BOUND)
    assert_one_clear_error(result, "*--mic-cdp http://127.0.0.1:%d: no answer within 3 s*" % silent_port)
    print("two runs against a silent port: %.1f s" % (time.monotonic() - started))


def test_the_wrong_protocol(one_test, chromium_path):
    with cdp_chromium(chromium_path) as url:
        import json
        import urllib.request

        devtools_ws = json.load(urllib.request.urlopen(url + "/json/version", timeout=10))["webSocketDebuggerUrl"]
        result = run(one_test, "--mic-connect", devtools_ws, "--mic-connect-timeout", "10", timeout=BOUND)
    assert_one_clear_error(result, "*--mic-connect ws://127.0.0.1:*/devtools/browser/*: this is not a Playwright "
                                   "browser server (*). A Chromium's DevTools endpoint is --mic-cdp.*")
    with playwright_server(chromium_path) as endpoint:
        result = run(one_test, "--mic-cdp", endpoint.replace("ws://", "http://"), "--mic-connect-timeout", "10",
                     timeout=BOUND)
    assert_one_clear_error(result, "*--mic-cdp http://127.0.0.1:*: this is not a Chromium DevTools endpoint (*). "
                                   "A Playwright browser server is --mic-connect.*")
    # A scheme that cannot be right is refused before anything starts.
    result = run(one_test, "--mic-connect", "http://127.0.0.1:9/", timeout=BOUND)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--mic-connect 'http://127.0.0.1:9/': expected a ws:// or wss:// address "
                                 "(a Playwright browser server*for a Chromium's DevTools endpoint use --mic-cdp*"])


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node")
def test_a_server_of_another_playwright_version(one_test):
    assert OLD_PLAYWRIGHT_CLI.exists(), "web/node_modules/playwright-core-1.64 is missing: make install"
    with playwright_server(command=[shutil.which("node"), str(OLD_PLAYWRIGHT_CLI)]) as endpoint:
        result = run(one_test, "--mic-connect", endpoint, "--mic-connect-timeout", "10", timeout=BOUND)
    assert_one_clear_error(result, "*--mic-connect ws://127.0.0.1:*: Playwright version mismatch: the server runs 1.64,"
                                   " this client 1.65. Client and server must share major.minor: pin "
                                   "playwright==1.64.* here, or run a server of this client's version.*")


@pytest.mark.parametrize("args,message", [
    (("--mic-connect", "ws://a:1/", "--mic-cdp", "http://b:2"), "*--mic-connect and --mic-cdp both given*"),
    (("--mic-connect", "ws://a:1/", "--mic-connect-header", "no colon"), "*--mic-connect-header 'no colon': expected 'Name: value'*"),
    (("--mic-cdp", "http://a:1", "--mic-connect-timeout", "soon"), "*--mic-connect-timeout 'soon': expected seconds*"),
    (("--mic-connect-header", "A: b"), "*--mic-connect-header needs --mic-connect or --mic-cdp*"),
])
def test_options_that_make_no_sense_are_refused_at_start(pytester, args, message):
    result = pytester.runpytest_subprocess(*args, timeout=BOUND)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])


def test_the_environment_names_the_engine(pytester, monkeypatch):
    monkeypatch.setenv("MICSENTRY_CONNECT", "tcp://somewhere")
    result = pytester.runpytest_subprocess(timeout=BOUND)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*$MICSENTRY_CONNECT 'tcp://somewhere': expected a ws:// or wss:// address*"])
    monkeypatch.setenv("MICSENTRY_CONNECT_HEADERS", "[1]")
    monkeypatch.setenv("MICSENTRY_CONNECT", "ws://a:1/")
    result = pytester.runpytest_subprocess(timeout=BOUND)
    result.stderr.fnmatch_lines(["*$MICSENTRY_CONNECT_HEADERS: expected a JSON object*"])
