"""Where the microphone browser runs: launched here, on a Playwright browser server, or a Chromium
someone else started behind a DevTools (CDP) endpoint.

    pytest --mic-connect ws://127.0.0.1:3000/   # `playwright run-server`, launchServer, a browser service
    pytest --mic-cdp http://127.0.0.1:9222      # a Chromium started with --remote-debugging-port

Connecting is bounded (``--mic-connect-timeout``, 30 s by default) and every way it can fail ends in
one :class:`EngineError` that names the option, the endpoint and what to do, never a hang.
"""

import json
import os
import re
from collections import namedtuple
from urllib.parse import urlsplit

from pytest_micsentry import chromium

CONNECT_ENV = "MICSENTRY_CONNECT"
CDP_ENV = "MICSENTRY_CDP"
HEADERS_ENV = "MICSENTRY_CONNECT_HEADERS"
TIMEOUT_ENV = "MICSENTRY_CONNECT_TIMEOUT"
DEFAULT_TIMEOUT = 30.0
# The remote browser reaches the runner's loopback through Playwright's tunnel (the app under test,
# micsentry's frame host); every other host stays the server's own business.
EXPOSE_NETWORK = "<loopback>"
LAUNCH_OPTIONS_HEADER = "x-playwright-launch-options"

# kind: "local" (launched here), "server" (a Playwright browser server) or "cdp" (a DevTools endpoint);
# source: how the user named it ("--mic-connect", "$MICSENTRY_CDP", ...), for messages.
Engine = namedtuple("Engine", "kind endpoint source timeout headers")
LOCAL = Engine("local", None, None, DEFAULT_TIMEOUT, {})


class EngineError(Exception):
    """An endpoint that cannot be used, with what was wrong and what to do."""


def parse_header(text, source="--mic-connect-header"):
    """``"Name: value"`` as ``(name, value)``; a malformed one is an :class:`EngineError`."""
    name, sep, value = text.partition(":")
    if not sep or not name.strip() or not re.match(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$", name.strip()):
        raise EngineError("%s %r: expected 'Name: value', e.g. 'Authorization: Bearer TOKEN'" % (source, text))
    return name.strip(), value.strip()


def _headers(option_values, environ):
    headers = {}
    raw = environ.get(HEADERS_ENV)
    if raw:
        try:
            loaded = json.loads(raw)
        except ValueError as error:
            raise EngineError("$%s is not JSON (%s): expected an object of header names and values" % (HEADERS_ENV, error))
        if not isinstance(loaded, dict) or not all(isinstance(v, str) for v in loaded.values()):
            raise EngineError("$%s: expected a JSON object of header names and string values" % HEADERS_ENV)
        headers.update(loaded)
    for text in option_values or ():
        name, value = parse_header(text)
        headers[name] = value
    return headers


def _timeout(option_value, environ):
    raw, source = option_value, "--mic-connect-timeout"
    if raw is None and environ.get(TIMEOUT_ENV):
        raw, source = environ[TIMEOUT_ENV], "$" + TIMEOUT_ENV
    if raw is None:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= 3600:
        raise EngineError("%s %r: expected seconds, more than 0 and at most 3600" % (source, raw))
    return seconds


def _check_scheme(endpoint, source, schemes, other):
    parts = urlsplit(endpoint)
    if parts.scheme.lower() not in schemes or not parts.netloc:
        raise EngineError(
            "%s %r: expected a %s address%s" % (source, endpoint, " or ".join(s + "://" for s in schemes), other))


def engine_from(connect=None, cdp=None, headers=(), timeout=None, environ=None):
    """The :class:`Engine` the options (else the environment) ask for; :class:`EngineError` if they
    make no sense. Options win over the environment, and ``--mic-connect`` and ``--mic-cdp`` exclude
    each other."""
    environ = os.environ if environ is None else environ
    connect_source, cdp_source = "--mic-connect", "--mic-cdp"
    if connect is None and cdp is None:
        connect, cdp = environ.get(CONNECT_ENV) or None, environ.get(CDP_ENV) or None
        connect_source, cdp_source = "$" + CONNECT_ENV, "$" + CDP_ENV
    if connect and cdp:
        raise EngineError("%s and %s both given: the microphone browser is either on a Playwright browser server "
                          "or behind a DevTools endpoint, not both" % (connect_source, cdp_source))
    seconds = _timeout(timeout, environ)
    if connect:
        _check_scheme(connect, connect_source, ("ws", "wss"),
                      " (a Playwright browser server, as `playwright run-server` prints it); "
                      "for a Chromium's DevTools endpoint use --mic-cdp")
        return Engine("server", connect, connect_source, seconds, _headers(headers, environ))
    if cdp:
        _check_scheme(cdp, cdp_source, ("http", "https", "ws", "wss"),
                      " (a Chromium's --remote-debugging-port, e.g. http://127.0.0.1:9222)")
        return Engine("cdp", cdp, cdp_source, seconds, _headers(headers, environ))
    if headers:
        raise EngineError("--mic-connect-header needs --mic-connect or --mic-cdp")
    return LOCAL


def camel_case_launch_options(options):
    """Launch options as Playwright's server reads them (``executablePath``, ``chromiumSandbox``...).

    A local executable path is left out: a server launches its own browser; so are arguments naming
    files on this machine.
    """
    out = {}
    for key, value in options.items():
        if key == "executable_path" or value is None:
            continue
        if key == "args":
            value = chromium.remote_args(value)
        head, *rest = key.split("_")
        out[head + "".join(part.title() for part in rest)] = value
    return out


def connect_options(engine, launch_options):
    """Keyword arguments for ``BrowserType.connect`` to *engine*'s server (after its endpoint), handing
    it *launch_options* in the header Playwright's server takes them from."""
    headers = {LAUNCH_OPTIONS_HEADER: json.dumps(camel_case_launch_options(launch_options))}
    headers.update(engine.headers)
    return {
        "headers": headers,
        "expose_network": EXPOSE_NETWORK,
        "timeout": engine.timeout * 1000,
    }


def _first_line(error):
    for line in str(error).splitlines():
        line = line.strip(" |")
        if line and "Call log" not in line:
            return line
    return type(error).__name__


def explain(engine, error):
    """What went wrong in a failed connect to *engine*, and what to do, as one message."""
    text = str(error)
    where = "%s %s" % (engine.source, engine.endpoint)
    if "version mismatch" in text:
        server = re.search(r"server version: v?([\d.]+)", text)
        client = re.search(r"client version: v?([\d.]+)", text)
        return ("%s: Playwright version mismatch: the server runs %s, this client %s. Client and server must share "
                "major.minor: pin playwright==%s.* here, or run a server of this client's version."
                % (where, server.group(1) if server else "another version", client.group(1) if client else "another",
                   server.group(1) if server else "the server's version"))
    if type(error).__name__ == "TimeoutError" or "Timeout " in text:
        return ("%s: no answer within %g s (--mic-connect-timeout): is it the right address, and does the server "
                "accept connections from here?" % (where, engine.timeout))
    if re.search(r"ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ECONNRESET|getaddrinfo", text):
        return "%s: nothing answers there (%s): is the %s running, and is the address right?" % (
            where, _first_line(error), "browser server" if engine.kind == "server" else "browser")
    if re.search(r"\b40[13]\b|Unauthorized|Forbidden", text):
        return ("%s: the server refused the credentials (%s): pass them with --mic-connect-header "
                "'Authorization: Bearer TOKEN' or $%s" % (where, _first_line(error), HEADERS_ENV))
    if engine.kind == "server":
        return ("%s: this is not a Playwright browser server (%s). A Chromium's DevTools endpoint is --mic-cdp."
                % (where, _first_line(error)))
    return ("%s: this is not a Chromium DevTools endpoint (%s). A Playwright browser server is --mic-connect."
            % (where, _first_line(error)))


def connect(browser_type, engine, launch_options):
    """The browser on *engine* (``server`` or ``cdp``), connected within its timeout; an
    :class:`EngineError` that says what was wrong otherwise."""
    from playwright.sync_api import Error  # its TimeoutError and TargetClosedError too

    try:
        if engine.kind == "server":
            return browser_type.connect(engine.endpoint, **connect_options(engine, launch_options))
        return browser_type.connect_over_cdp(engine.endpoint, timeout=engine.timeout * 1000,
                                             headers=engine.headers or None)
    except Error as error:
        message = explain(engine, error)
    raise EngineError(message)
