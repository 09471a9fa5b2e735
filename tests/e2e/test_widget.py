"""The <mic-sentry> widget and embed.html, embedded by a page on another origin, on both runtimes."""

import threading

import pytest
from playwright.sync_api import expect

from micsentry.host import serve
from pages import wait_for_verdict, wait_until
from pytest_micsentry import expect_banner
from pytest_micsentry.acs import diagnostics_double_source
from pytest_micsentry.expect import expect_no_banner
from pytest_micsentry.origins import frame_host_origin, host_page

DOUBLE = diagnostics_double_source()
HEAD = "<!doctype html><html lang=en><head><meta charset=utf-8><link rel=icon href='data:,'><title>Calling app</title>"
RECORD = """<script>
window.changes = []; window.messages = [];
document.addEventListener("micsentry:change", (e) => window.changes.push({id: e.target.id, detail: e.detail}));
window.addEventListener("message", (e) => window.messages.push({origin: e.origin, data: e.data}));
</script>"""


def widget_page(site_url, body, extra=""):
    return host_page(HEAD + RECORD + "<script>" + DOUBLE + "</script>"
                     + '<script type="module" src="%smicsentry.js"></script>' % site_url + extra + "</head><body>"
                     + body + "</body></html>")


def widget_state(page, selector="mic-sentry"):
    return page.evaluate("(s) => document.querySelector(s).state", selector)


def wait_widget(page, selector="mic-sentry"):
    wait_until(page, "(s) => !['starting', 'checking'].includes(document.querySelector(s)?.state?.precall)",
                           arg=selector, timeout=60000)
    return widget_state(page, selector)


def test_widget_in_the_page_gives_the_verdict_and_events(page, mic, site_url, runtime):
    mic.grant()
    page.goto(widget_page(site_url, '<mic-sentry id=w runtime="%s"></mic-sentry>' % runtime))
    state = wait_widget(page)
    assert state == {"precall": "ok", "incall": "idle", "cause": "ok", "incallCause": None}
    assert page.locator("mic-sentry [data-micsentry]").get_attribute("data-runtime") == runtime
    changes = page.evaluate("window.changes")
    assert {"id": "w", "detail": {"phase": "precall", "state": "ok", "cause": "ok", "diagnostic": None,
                                  "value": None}} in changes
    # The host API on the element, with the diagnostics double.
    assert page.evaluate("window.feature = new UfdFeatureDouble(); document.getElementById('w').attach(feature)") is True
    page.evaluate("feature.raise('microphonePermissionDenied', true)")
    expect_banner(page.locator("mic-sentry"), "incall", "mic-permission-denied")
    assert widget_state(page)["incallCause"] == "mic-permission-denied"
    assert page.evaluate("window.changes.at(-1)")["detail"]["cause"] == "mic-permission-denied"
    assert page.evaluate("document.getElementById('w').detach()") is True
    assert page.evaluate("feature.listenerCount") == 0
    # Nothing of the widget leaks into the page: no global API, no styles on the host's elements.
    assert page.evaluate("window.micsentry") is None
    assert page.evaluate("getComputedStyle(document.body).fontFamily") == page.evaluate(
        "getComputedStyle(document.documentElement).fontFamily")


def test_widget_denied(page, mic, site_url, runtime):
    mic.deny()
    page.goto(widget_page(site_url, '<mic-sentry runtime="%s"></mic-sentry>' % runtime))
    assert wait_widget(page)["cause"] == "browser-denied"
    expect_banner(page.locator("mic-sentry"), "precall", "browser-denied")


def test_two_widgets_at_once(page, mic, site_url, runtime):
    mic.grant()
    body = ('<mic-sentry id=a runtime="{0}"></mic-sentry><mic-sentry id=b runtime="{0}" phase="incall"></mic-sentry>'
            .format(runtime))
    page.goto(widget_page(site_url, body))
    assert wait_widget(page, "#a")["precall"] == "ok"
    assert wait_widget(page, "#b")["precall"] == "idle"  # the call-only widget never asks for the microphone
    page.evaluate("window.feature = new UfdFeatureDouble(); document.getElementById('b').attach(feature)")
    page.evaluate("feature.raise('networkReconnect', 3)")
    expect_banner(page.locator("#b"), "incall", "network-reconnect")
    expect_no_banner(page.locator("#a"), "incall")
    assert page.evaluate("document.getElementById('a').attach(new UfdFeatureDouble())") is True


def test_themed_through_custom_properties(page, mic, site_url, runtime):
    mic.deny()
    body = ('<style>mic-sentry { --micsentry-warn-border: rgb(255, 0, 0); }</style>'
            '<mic-sentry runtime="%s"></mic-sentry>' % runtime)
    page.goto(widget_page(site_url, body))
    wait_widget(page)
    banner = page.locator("mic-sentry [data-micsentry-banner]")
    assert banner.evaluate("(b) => getComputedStyle(b).borderTopColor") == "rgb(255, 0, 0)"


@pytest.mark.runtime("micropython")
def test_page_that_already_runs_pyscript_gets_a_clear_error(page, mic, site_url, runtime):
    mic.grant()
    page.goto(widget_page(site_url, '<script type="py">print(1)</script><mic-sentry></mic-sentry>'))
    assert wait_widget(page)["precall"] == "error"
    banner = expect_banner(page.locator("mic-sentry"), "precall", "failure")
    expect(banner).to_contain_text("already runs PyScript")
    expect(banner).to_contain_text("iframe")


def frame_page(site_url, runtime, allow=True):
    allow_attr = ' allow="microphone"' if allow else ""
    return host_page(HEAD + RECORD + "<script>" + DOUBLE + "</script></head><body>"
                     + '<iframe id=f src="%sembed.html?runtime=%s"%s width=700 height=500></iframe>'
                     % (site_url, runtime, allow_attr) + "</body></html>")


def post(page, message):
    page.evaluate("([m, o]) => document.getElementById('f').contentWindow.postMessage(m, o)",
                  [message, page.evaluate("new URL(document.getElementById('f').src).origin")])


def messages(page, kind=None):
    return [m["data"] for m in page.evaluate("window.messages")
            if isinstance(m["data"], dict) and (kind is None or m["data"].get("type") == kind)]


def test_iframe_protocol_round_trip(page, mic, site_url, runtime):
    mic.grant()
    page.goto(frame_page(site_url, runtime))
    wait_until(page, "window.messages.some((m) => m.data?.type === 'change' && m.data.detail.phase === 'precall')",
                           timeout=60000)
    assert messages(page, "ready")[0] == {"micsentry": 1, "type": "ready", "runtime": runtime}
    assert messages(page, "change")[-1]["detail"]["cause"] == "ok"
    assert all(m["origin"] == site_url.rstrip("/") for m in page.evaluate("window.messages"))
    post(page, {"micsentry": 1, "type": "attach"})
    post(page, {"micsentry": 1, "type": "diagnostic", "diagnostic": "microphonePermissionDenied", "value": True,
                "valueType": "DiagnosticFlag"})
    frame = page.frame_locator("#f")
    expect_banner(frame, "incall", "mic-permission-denied")
    wait_until(page, "window.messages.some((m) => m.data?.detail?.cause === 'mic-permission-denied')")
    # resize: the frame's content height in whole CSS px, again once the banner made it taller.
    inner = page.frames[1]
    tall = inner.evaluate("Math.ceil(document.documentElement.getBoundingClientRect().height)")
    wait_until(page, "(h) => window.messages.some((m) => m.data?.type === 'resize' && m.data.height === h)", tall)
    heights = [m["height"] for m in messages(page, "resize")]
    assert len(heights) >= 2 and all(a != b for a, b in zip(heights, heights[1:])), heights
    assert all(set(m) == {"micsentry", "type", "height"} for m in messages(page, "resize"))
    post(page, {"micsentry": 1, "type": "detach"})
    expect_no_banner(frame, "incall")


def test_iframe_rejects_bad_and_foreign_messages(page, mic, site_url, runtime):
    mic.grant()
    page.goto(frame_page(site_url, runtime))
    wait_until(page, "window.messages.some((m) => m.data?.type === 'ready')", timeout=60000)
    for bad in ({"micsentry": 1, "type": "teleport"}, {"micsentry": 2, "type": "recheck"},
                {"micsentry": 1, "type": "diagnostic"}, {"micsentry": 1, "type": "diagnostic",
                                                         "diagnostic": "microphonePermissionDenied", "value": True}):
        post(page, bad)
    post(page, {"hello": "another library's message"})  # not ours: ignored, no answer
    wait_until(page, "window.messages.filter((m) => m.data?.type === 'rejected').length >= 4")
    reasons = [m["reason"] for m in messages(page, "rejected")]
    assert any("teleport" in r for r in reasons) and any("version 2" in r for r in reasons)
    assert any("before attach" in r for r in reasons)
    # A message from another origin (here: the frame's own) is never acted on nor answered.
    frame = page.frame_locator("#f")
    page.frames[1].evaluate("window.postMessage({micsentry: 1, type: 'attach'}, '*')")
    page.wait_for_timeout(300)
    expect(frame.locator("[data-micsentry]")).to_have_attribute("data-incall", "idle")
    assert len(messages(page, "rejected")) == 4


def test_iframe_without_allow_tells_the_developer(page, mic, site_url, runtime):
    mic.grant()
    page.goto(frame_page(site_url, runtime, allow=False))
    wait_until(page, "window.messages.some((m) => m.data?.type === 'change')", timeout=60000)
    assert messages(page, "change")[-1]["detail"]["cause"] == "policy-blocked"
    banner = expect_banner(page.frame_locator("#f"), "precall", "policy-blocked")
    expect(banner).to_contain_text('allow="microphone"')


@pytest.mark.runtime("micropython")
def test_example_calling_app(page, mic, site_url, runtime):
    mic.grant()
    page.goto(site_url + "examples/calling-app.html")
    assert wait_widget(page)["precall"] == "ok"
    expect(page.frame_locator("#frame").locator("[data-micsentry]")).to_have_attribute("data-state", "ok", timeout=60000)
    page.get_by_role("button", name="Start pretend call").click()
    wait_until(page, "document.getElementById('widget').state.incall === 'ok'")
    mic.revoke()
    expect_banner(page.locator("mic-sentry"), "incall", "mic-permission-denied")
    expect(page.locator("#log li").first).to_contain_text("mic-permission-denied")


@pytest.fixture
def site_with_origins(site_dir):
    """The site served with a given micsentry-config.json (the run-time allow-list of embed.html)."""
    servers = []

    def serve_with(origins):
        server = serve.make_server(site_dir, port=0, embed_origins=origins)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return "http://localhost:%d/" % server.server_address[1]

    yield serve_with
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.mark.runtime("micropython")
def test_embed_origins_are_read_at_run_time(page, mic, guard, site_with_origins, runtime):
    mic.grant()
    allowed = site_with_origins([frame_host_origin()])
    page.goto(frame_page(allowed, runtime))
    wait_until(page, "window.messages.some((m) => m.data?.type === 'ready')", timeout=60000)
    # Same files, another config: the embedding page is not on the list. The browser does not even
    # show the frame (frame-ancestors follows the list), so nothing is said or done.
    guard.allow_error("frame-ancestors")
    elsewhere = site_with_origins(["https://app.example"])
    page.goto(frame_page(elsewhere, runtime))
    wait_until(page, "document.getElementById('f').contentWindow !== null")
    page.wait_for_timeout(1000)
    frame = page.frames[1]
    assert frame.evaluate("document.querySelector('[data-micsentry]')") is None
    post(page, {"micsentry": 1, "type": "attach"})
    page.wait_for_timeout(300)
    assert messages(page) == []
