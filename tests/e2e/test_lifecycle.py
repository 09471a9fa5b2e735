"""Widgets through their whole life: phases through revoke and re-grant, added and removed after start,
attributes changed by a framework; a long call's truncated report; a frame whose storage is blocked."""

import json

import pytest
from playwright.sync_api import expect

from pages import wait_until

from micsentry import cli
from pytest_micsentry import expect_banner
from pytest_micsentry.expect import expect_no_banner
from pytest_micsentry.origins import cross_origin_frame
from test_widget import DOUBLE, wait_widget, widget_page, widget_state

# Counts every getUserMedia call the page makes, whoever makes it.
COUNT_GUM = """
window.__gum = 0;
if (navigator.mediaDevices) {
  const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = (constraints) => { window.__gum += 1; return real(constraints); };
}
"""


def settle(page):
    # Long enough for a permission change to reach Python and for any check it would start to ask.
    page.wait_for_timeout(1000)


def open_counted_widget(page, context, mic, site_url, runtime, phase):
    """A granted page counting getUserMedia calls, with one widget of *phase*; returns its locator."""
    mic.grant()
    context.add_init_script(script=COUNT_GUM)
    page.goto(widget_page(site_url, '<mic-sentry id=w runtime="%s" phase="%s"></mic-sentry>' % (runtime, phase)))
    wait_widget(page)
    return page.locator("mic-sentry")


def test_incall_widget_never_asks_for_the_microphone(page, context, mic, site_url, runtime):
    widget = open_counted_widget(page, context, mic, site_url, runtime, "incall")
    assert widget_state(page)["precall"] == "idle"
    mic.revoke()
    expect(widget.locator("[data-micsentry-permission]")).to_have_attribute("data-permission", "denied")
    settle(page)
    expect_no_banner(widget, "precall", timeout=1000)
    mic.grant()
    expect(widget.locator("[data-micsentry-permission]")).to_have_attribute("data-permission", "granted")
    settle(page)
    assert widget_state(page) == {"precall": "idle", "incall": "idle", "cause": None, "incallCause": None}
    assert page.evaluate("window.__gum") == 0
    assert page.evaluate("document.getElementById('w').recheck()") is None
    settle(page)
    assert page.evaluate("window.__gum") == 0
    assert not [c for c in page.evaluate("window.changes") if c["detail"]["phase"] == "precall"]


def test_precall_widget_through_revoke_and_regrant(page, context, mic, site_url, runtime):
    widget = open_counted_widget(page, context, mic, site_url, runtime, "precall")
    assert widget_state(page)["precall"] == "ok"
    mic.revoke()
    expect_banner(widget, "precall", "browser-denied")
    asked = page.evaluate("window.__gum")
    mic.grant()
    expect(widget.locator("[data-micsentry]")).to_have_attribute("data-state", "ok")
    expect_no_banner(widget, "precall")
    assert page.evaluate("window.__gum") > asked  # a new grant is checked again
    assert page.evaluate("document.getElementById('w').attach(new UfdFeatureDouble())") is False


# Every permissions.query answers a second late: the page reads the permission after a queued call ran.
SLOW_QUERY = """
if (navigator.permissions) {
  const real = navigator.permissions.query.bind(navigator.permissions);
  navigator.permissions.query = (descriptor) =>
    new Promise((resolve, reject) => setTimeout(() => real(descriptor).then(resolve, reject), 1000));
}
"""


def test_a_stream_watched_before_python_ran_follows_the_permission(page, context, mic, site_url, runtime):
    """watch() called as the page loads is replayed before the page has read the permission; a revoke
    during the call is still the permission's banner, not only the ended track's."""
    mic.grant()
    context.add_init_script(script=SLOW_QUERY)
    page.goto(widget_page(site_url, '<mic-sentry id=w runtime="%s"></mic-sentry><script type=module>'
                          'const stream = await navigator.mediaDevices.getUserMedia({audio: true});'
                          'document.getElementById("w").watch(stream);</script>' % runtime))
    assert wait_widget(page)["precall"] == "ok"
    wait_until(page, "document.getElementById('w').state.incall === 'ok'")
    mic.revoke()
    expect_banner(page.locator("mic-sentry"), "incall", "mic-permission-denied")


def test_widget_added_and_removed_after_start(page, context, mic, site_url, runtime):
    mic.grant()
    context.add_init_script(script=COUNT_GUM)
    page.goto(widget_page(site_url, "<p id=slot></p>"))
    page.evaluate("""(runtime) => {
        const widget = Object.assign(document.createElement("mic-sentry"), {id: "late"});
        widget.setAttribute("runtime", runtime);
        document.getElementById("slot").append(widget);
    }""", runtime)
    assert wait_widget(page, "#late")["precall"] == "ok"
    wait_until(page, "document.getElementById('late').state && !document.querySelector('#late')"
                           ".shadowRoot.querySelector('[data-micsentry-level-row]').hidden")
    assert page.evaluate("window.feature = new UfdFeatureDouble(); document.getElementById('late').attach(feature)")
    assert page.evaluate("feature.listenerCount") == 3  # media, network, remote
    # Moved within the page: it keeps running, nothing is closed.
    page.evaluate("document.body.append(document.getElementById('late'))")
    settle(page)
    assert page.evaluate("feature.listenerCount") == 3  # media, network, remote
    # Removed: every listener goes, and it never opens the microphone again.
    page.evaluate("window.removed = document.getElementById('late'); removed.remove()")
    wait_until(page, "feature.listenerCount === 0")
    page.wait_for_timeout(4500)  # past the level test it had running
    asked = page.evaluate("window.__gum")
    mic.revoke()
    mic.grant()
    settle(page)
    assert page.evaluate("window.__gum") == asked
    # Put back: it mounts again from a clean slate.
    page.evaluate("document.body.append(removed)")
    wait_until(page, "removed.state.precall === 'ok'", timeout=30000)
    assert page.evaluate("removed.attach(feature)") is True


def test_attributes_set_after_start_are_followed(page, mic, site_url, runtime):
    mic.grant()
    page.goto(widget_page(site_url, '<mic-sentry id=w runtime="%s"></mic-sentry>' % runtime))
    assert wait_widget(page)["precall"] == "ok"
    page.evaluate("document.getElementById('w').setAttribute('phase', 'incall')")
    wait_until(page, "document.getElementById('w').state.precall === 'idle'")
    page.evaluate("document.getElementById('w').setAttribute('phase', 'both')")
    wait_until(page, "document.getElementById('w').state.precall === 'ok'", timeout=30000)
    page.evaluate("document.getElementById('w').setAttribute('lang', 'de')")
    expect(page.locator("mic-sentry [data-micsentry]")).to_have_attribute("lang", "de")


@pytest.mark.runtime("pyodide")
def test_report_of_a_long_call_reads_back(page, context, mic, open_check, runtime, tmp_path, capsys):
    from test_troubleshooter import download_report

    mic.grant()
    context.add_init_script(script=DOUBLE)
    open_check()
    page.evaluate("""() => {
        window.feature = new UfdFeatureDouble();
        window.micsentry.attach(feature);
        for (let i = 0; i < 20010; i++) feature.raise("networkReconnect", 1 + (i % 3));
    }""")
    expect_banner(page, "incall", "network-reconnect")
    path = download_report(page, tmp_path)
    timeline = json.loads(path.read_text())["timeline"]
    assert len(timeline) == 20001 and timeline[-1]["kind"] == "truncated"
    assert cli.main(["diagnose", str(path)]) == 1
    assert "network-reconnect" in capsys.readouterr().out


# In a cross-site frame whose browser blocks third-party storage, IndexedDB refuses to open.
BLOCK_STORAGE_IN_FRAMES = """
if (window.top !== window) {
  Object.defineProperty(window, "indexedDB", {configurable: true, value: {
    open() { const request = {}; setTimeout(() => request.onerror?.({preventDefault() {}})); return request; },
    deleteDatabase() { return {}; },
  }});
}
"""


def test_a_frame_without_storage_still_starts(page, context, mic, site_url, runtime):
    mic.grant()
    context.add_init_script(script=BLOCK_STORAGE_IN_FRAMES)
    frame = cross_origin_frame(page, site_url + "embed.html?runtime=" + runtime, allow="microphone")
    frame.wait_for_selector('[data-micsentry][data-state="ok"]', timeout=60000)
    # The loader handed PyScript its in-memory stand-in.
    assert frame.evaluate("typeof indexedDB.open === 'function' && indexedDB.open.toString().includes('databases')")
