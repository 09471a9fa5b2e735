"""The plugin's decisions about engines, as tables: which engine the options name, what a failed
connect means, what a browser without a device cannot do. No browser here (test_at_scale.py has them)."""

import json

import pytest

from pytest_micsentry import capabilities, engines


@pytest.mark.parametrize("kwargs,environ,expected", [
    ({}, {}, ("local", None, None)),
    ({"connect": "ws://h:1/"}, {}, ("server", "ws://h:1/", "--mic-connect")),
    ({"connect": "wss://svc.example/playwright?os=linux"}, {}, ("server", "wss://svc.example/playwright?os=linux", "--mic-connect")),
    ({"cdp": "http://127.0.0.1:9222"}, {}, ("cdp", "http://127.0.0.1:9222", "--mic-cdp")),
    ({"cdp": "ws://127.0.0.1:9222/devtools/browser/x"}, {}, ("cdp", "ws://127.0.0.1:9222/devtools/browser/x", "--mic-cdp")),
    ({}, {"MICSENTRY_CONNECT": "ws://h:1/"}, ("server", "ws://h:1/", "$MICSENTRY_CONNECT")),
    ({}, {"MICSENTRY_CDP": "http://h:2"}, ("cdp", "http://h:2", "$MICSENTRY_CDP")),
    # an option wins over the environment, whichever engine each names
    ({"cdp": "http://h:2"}, {"MICSENTRY_CONNECT": "ws://h:1/"}, ("cdp", "http://h:2", "--mic-cdp")),
    ({}, {"MICSENTRY_CONNECT": ""}, ("local", None, None)),
])
def test_which_engine(kwargs, environ, expected):
    engine = engines.engine_from(environ=environ, **kwargs)
    assert (engine.kind, engine.endpoint, engine.source) == expected


@pytest.mark.parametrize("kwargs,environ,message", [
    ({"connect": "http://h:1/"}, {}, "--mic-connect 'http://h:1/': expected a ws:// or wss:// address"),
    ({"connect": "ws://"}, {}, "expected a ws:// or wss:// address"),
    ({"cdp": "ftp://h"}, {}, "--mic-cdp 'ftp://h': expected a http:// or https:// or ws:// or wss:// address"),
    ({"connect": "ws://a/", "cdp": "http://b"}, {}, "--mic-connect and --mic-cdp both given"),
    ({}, {"MICSENTRY_CONNECT": "ws://a/", "MICSENTRY_CDP": "http://b"}, "$MICSENTRY_CONNECT and $MICSENTRY_CDP both given"),
    ({"connect": "ws://a/", "headers": ["Authorization Bearer x"]}, {}, "expected 'Name: value'"),
    ({"connect": "ws://a/", "headers": ["Bad Name: x"]}, {}, "expected 'Name: value'"),
    ({"connect": "ws://a/", "timeout": "0"}, {}, "--mic-connect-timeout '0': expected seconds"),
    ({"connect": "ws://a/", "timeout": "nan"}, {}, "expected seconds"),
    ({"connect": "ws://a/"}, {"MICSENTRY_CONNECT_TIMEOUT": "-1"}, "$MICSENTRY_CONNECT_TIMEOUT '-1': expected seconds"),
    ({"connect": "ws://a/"}, {"MICSENTRY_CONNECT_HEADERS": "{"}, "$MICSENTRY_CONNECT_HEADERS is not JSON"),
    ({"connect": "ws://a/"}, {"MICSENTRY_CONNECT_HEADERS": '{"a": 1}'}, "a JSON object of header names and string values"),
    ({"headers": ["A: b"]}, {}, "--mic-connect-header needs --mic-connect or --mic-cdp"),
])
def test_options_that_make_no_sense(kwargs, environ, message):
    with pytest.raises(engines.EngineError) as raised:
        engines.engine_from(environ=environ, **kwargs)
    assert message in str(raised.value)


def test_headers_and_timeout_reach_the_connect_call():
    engine = engines.engine_from(connect="wss://svc/", headers=["Authorization: Bearer t0k"], timeout="7.5",
                                 environ={"MICSENTRY_CONNECT_HEADERS": json.dumps({"X-Run": "42"})})
    options = engines.connect_options(engine, {"args": ["--a"], "headless": True, "executable_path": "/usr/bin/c",
                                               "chromium_sandbox": False, "slow_mo": None})
    assert options["headers"]["Authorization"] == "Bearer t0k" and options["headers"]["X-Run"] == "42"
    # The server launches its own browser: a local path never goes, names go as its protocol spells them.
    assert json.loads(options["headers"][engines.LAUNCH_OPTIONS_HEADER]) == {
        "args": ["--a"], "headless": True, "chromiumSandbox": False}
    assert options["expose_network"] == "<loopback>" and options["timeout"] == 7500


class Failure(Exception):
    pass


class TimeoutError(Exception):  # noqa: A001 - named as Playwright's is
    pass


SERVER = engines.Engine("server", "ws://h:1/", "--mic-connect", 30.0, {})
CDP = engines.Engine("cdp", "http://h:2", "$MICSENTRY_CDP", 5.0, {})
MISMATCH = ("BrowserType.connect: WebSocket error: ws://h:1/ 428 Precondition Required\n"
            "╔═══╗\n║ Playwright version mismatch: ║\n║   - server version: v1.64 ║\n║   - client version: v1.65 ║")


@pytest.mark.parametrize("engine,error,message", [
    (SERVER, Failure(MISMATCH), "--mic-connect ws://h:1/: Playwright version mismatch: the server runs 1.64, this "
                                "client 1.65. Client and server must share major.minor: pin playwright==1.64.* here"),
    (SERVER, TimeoutError("BrowserType.connect: Timeout 30000ms exceeded."),
     "--mic-connect ws://h:1/: no answer within 30 s (--mic-connect-timeout)"),
    (CDP, Failure("BrowserType.connect_over_cdp: Timeout 5000ms exceeded."), "$MICSENTRY_CDP http://h:2: no answer within 5 s"),
    (SERVER, Failure("BrowserType.connect: WebSocket error: connect ECONNREFUSED 127.0.0.1:1\nCall log:"),
     "--mic-connect ws://h:1/: nothing answers there (BrowserType.connect: WebSocket error: connect ECONNREFUSED "
     "127.0.0.1:1): is the browser server running"),
    (CDP, Failure("getaddrinfo ENOTFOUND h"), "nothing answers there (getaddrinfo ENOTFOUND h): is the browser running"),
    (SERVER, Failure("WebSocket error: ws://h:1/ 401 Unauthorized"), "the server refused the credentials"),
    (SERVER, Failure("BrowserType.connect: IndexError: string index out of range"),
     "--mic-connect ws://h:1/: this is not a Playwright browser server (BrowserType.connect: IndexError: string index "
     "out of range). A Chromium's DevTools endpoint is --mic-cdp."),
    (CDP, Failure('Unexpected token \'R\', "Running" is not valid JSON'),
     "this is not a Chromium DevTools endpoint (Unexpected token 'R', \"Running\" is not valid JSON). A Playwright "
     "browser server is --mic-connect."),
    (CDP, Failure(""), "this is not a Chromium DevTools endpoint (Failure)"),
])
def test_what_a_failed_connect_means(engine, error, message):
    assert message in engines.explain(engine, error)


LOCAL_CAPS = capabilities.launched(engines.LOCAL, "156", True, True)
NO_DEVICE = capabilities.Capabilities(CDP, "156", False, False, False, True, "NotFoundError: Requested device not found")
HEADED = LOCAL_CAPS._replace(headless=False)


@pytest.mark.parametrize("caps,state,expected", [
    (LOCAL_CAPS, state, None) for state in ("granted", "denied", "prompt", "silent", "restore", "revoke", "in-use")
] + [
    (NO_DEVICE, "granted", "mic.grant() needs a live track; the microphone browser (http://h:2) has no capture device "
                           "(NotFoundError: Requested device not found): start that Chromium with "
                           "--use-fake-device-for-media-stream"),
    (NO_DEVICE, "denied", "mic.deny() needs a device: without one Chromium answers NotFoundError before it reads"),
    (NO_DEVICE, "revoke", "mic.revoke() needs a live track to end"),
    (NO_DEVICE, "dismissed", None),
    (NO_DEVICE, "os-blocked", None),
    (NO_DEVICE, "in-use", None),
    (NO_DEVICE, "no-device", None),
    (HEADED, "prompt", "mic.prompt() needs a headless browser"),
    (HEADED, "granted", None),
])
def test_what_a_browser_cannot_do(caps, state, expected):
    answer = capabilities.missing(caps, state)
    assert answer == expected if expected is None else expected in answer


@pytest.mark.parametrize("caps,line", [
    (LOCAL_CAPS, "Chromium 156 launched here: Chromium's fake microphone playing micsentry's fake voice; reaches nothing "
                 "but loopback"),
    (NO_DEVICE, "Chromium 156 behind the DevTools endpoint http://h:2: no capture device (NotFoundError: Requested "
                "device not found): the states that need a live track skip; resolves other hosts (no loopback-only "
                "resolver rule)"),
    (capabilities.Capabilities(SERVER, "156", True, False, None, False, None),
     "Chromium 156 on the Playwright browser server ws://h:1/: a real microphone; its resolver rules are unknown "
     "(command line not readable); headed"),
])
def test_what_the_summary_says(caps, line):
    assert capabilities.describe(caps) == line
