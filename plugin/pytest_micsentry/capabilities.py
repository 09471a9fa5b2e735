"""What a microphone browser can do, when micsentry did not launch it with its own flags.

A browser on a DevTools endpoint keeps the flags it was started with, and a browser server drops
launch arguments unless it runs with ``--unsafe``: micsentry then looks instead of assuming. It asks
for the microphone once, granted, in a throwaway context (a capture device, and whether it is
Chromium's fake one), and reads the browser's command line (whether it resolves other hosts).

    caps = probe(browser, engine)
    caps.capture_device      # False: mic.grant() and the states that need a live track skip
"""

from collections import namedtuple

from pytest_micsentry import chromium

# Answered by a route inside the browser, never by a server: a secure origin on any engine.
PROBE_URL = "http://localhost/__micsentry_probe__"
_PROBE_PAGE = "<!doctype html><html><head><meta charset=utf-8><title>micsentry probe</title></head></html>"
_ASK = """async () => {
  try {
    const stream = await navigator.mediaDevices.getUserMedia({audio: true});
    const track = stream.getAudioTracks()[0];
    const label = track ? track.label : "";
    stream.getTracks().forEach((t) => t.stop());
    return {ok: true, label};
  } catch (error) {
    return {ok: false, error: String(error && error.name) + ": " + String(error && error.message)};
  }
}"""

# engine: the engines.Engine; version: the browser's; capture_device: getUserMedia gave a live track
# (True/False); fake_device: it is Chromium's fake one (None: unknown); loopback_only: the resolver
# reaches nothing but loopback (None: the command line could not be read); headless: no person sees
# a prompt; error: what getUserMedia said when there was no device.
Capabilities = namedtuple("Capabilities", "engine version capture_device fake_device loopback_only headless error")


def launched(engine, version, fake_device, offline, headless=True):
    """The capabilities of a browser micsentry launched itself: known from its own flags."""
    return Capabilities(engine, version, fake_device, fake_device, offline, headless, None)


def _command_line(browser, context):
    session = browser.new_browser_cdp_session()
    try:
        return " ".join(session.send("Browser.getBrowserCommandLine")["arguments"])
    except Exception:
        pass  # only with --enable-automation; chrome://version shows it to anyone
    finally:
        session.detach()
    page = context.new_page()
    try:
        page.goto("chrome://version", timeout=10000)
        return page.locator("#command_line").inner_text(timeout=5000)
    except Exception:
        return None
    finally:
        page.close()


def probe(browser, engine):
    """Look at *browser* (on *engine*) and return its :class:`Capabilities`."""
    from pytest_micsentry.microphone import Microphone  # which itself asks this module what a state needs

    context = browser.new_context()
    mic = Microphone(context, browser)
    try:
        mic.grant()  # Chromium's own permission, as for a test; no capabilities yet, so nothing skips
        context.route(PROBE_URL, lambda route: route.fulfill(body=_PROBE_PAGE, content_type="text/html"))
        page = context.new_page()
        page.goto(PROBE_URL, timeout=15000)
        answer = page.evaluate(_ASK)
        user_agent = page.evaluate("navigator.userAgent")
        line = _command_line(browser, context)
    finally:
        mic.close()
        context.close()
    loopback_only = None if line is None else chromium.LOOPBACK_RULE in line
    label = answer.get("label") or ""
    return Capabilities(
        engine,
        browser.version,
        bool(answer.get("ok")),
        label.startswith("Fake") if answer.get("ok") else False,
        loopback_only,
        "Headless" in user_agent,
        answer.get("error"),
    )


def describe(caps):
    """One line for the test run's summary: where the browser is and what it can do."""
    where = {
        "local": "launched here",
        "server": "on the Playwright browser server %s" % caps.engine.endpoint,
        "cdp": "behind the DevTools endpoint %s" % caps.engine.endpoint,
    }[caps.engine.kind]
    if caps.capture_device:
        device = "Chromium's fake microphone" if caps.fake_device else "a real microphone"
        if caps.fake_device and caps.engine.kind == "local":
            device += " playing micsentry's fake voice"  # a file here: a remote browser plays its beeps
    else:
        device = "no capture device (%s): the states that need a live track skip" % (caps.error or "none")
    resolver = {True: "reaches nothing but loopback",
                False: "resolves other hosts (no loopback-only resolver rule)",
                None: "its resolver rules are unknown (command line not readable)"}[caps.loopback_only]
    return "Chromium %s %s: %s; %s%s" % (caps.version, where, device, resolver,
                                          "" if caps.headless else "; headed")


# What each state needs of a browser with no capture device, by the mic method that asks for it.
_NEEDS_A_DEVICE = {
    "granted": ("grant()", "a live track"),
    "silent": ("silence()", "a live track"),
    "restore": ("restore_devices()", "a live track"),
    "revoke": ("revoke()", "a live track to end"),
    "denied": ("deny()", "a device: without one Chromium answers NotFoundError before it reads the permission"),
    "prompt": ("prompt()", "a device: without one Chromium answers NotFoundError before it reads the permission"),
}
_HOW_TO_GET_ONE = {
    "server": "the server dropped micsentry's --use-fake-device-for-media-stream (start it with "
              "`playwright run-server --unsafe`, or launch its browser with that flag)",
    "cdp": "start that Chromium with --use-fake-device-for-media-stream",
    "local": "drop --mic-no-fake-device, or plug in a microphone",
}


def missing(caps, state):
    """Why *state* cannot be produced in this browser, or None when it can."""
    if state in _NEEDS_A_DEVICE and caps.capture_device is False:
        method, need = _NEEDS_A_DEVICE[state]
        return "mic.%s needs %s; the microphone browser (%s) has no capture device (%s): %s" % (
            method, need, caps.engine.endpoint or "launched here", caps.error or "none",
            _HOW_TO_GET_ONE[caps.engine.kind])
    if state == "prompt" and caps.headless is False:
        return ("mic.prompt() needs a headless browser, which dismisses the prompt; this one is headed, and its "
                "prompt would wait for a person")
    return None
