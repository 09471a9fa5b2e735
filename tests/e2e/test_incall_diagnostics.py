"""In the call: attach() follows User Facing Diagnostics through a double of the SDK's feature."""

import pytest
from playwright.sync_api import expect

from pytest_micsentry import expect_banner
from pytest_micsentry.acs import add_diagnostics_double
from pytest_micsentry.expect import expect_no_banner

RECORD_EVENTS = """
window.__changes = [];
document.addEventListener("micsentry:change", (event) => window.__changes.push(event.detail));
"""

# Each watched diagnostic, a value that raises it, the cause it shows.
WATCHED = [
    ("microphonePermissionDenied", "true", "mic-permission-denied"),
    ("networkReconnect", "3", "network-reconnect"),
    ("noMicrophoneDevicesEnumerated", "true", "no-device"),
    ("microphoneNotFunctioning", "true", "mic-not-functioning"),
    ("microphoneMuteUnexpectedly", "true", "mic-muted-unexpectedly"),
    ("microphoneNotMuteButSilent", "true", "mic-silent"),
    ("speakingWhileMicrophoneIsMuted", "true", "speaking-while-muted"),
]


@pytest.fixture
def call_page(page, context, mic, open_check, guard):
    """The pre-call page, checked OK, with a diagnostics double in `window.feature`."""
    mic.grant()
    add_diagnostics_double(context)
    context.add_init_script(script=RECORD_EVENTS)
    warnings = []
    page.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)
    page.warnings = warnings
    open_check()
    page.evaluate("window.micsentry.ready")
    page.evaluate("window.feature = new UfdFeatureDouble()")
    return page


def raise_(page, diagnostic, value):
    page.evaluate("feature.raise(%r, %s)" % (diagnostic, value))


@pytest.mark.parametrize("diagnostic,value,cause", WATCHED, ids=[w[0] for w in WATCHED])
def test_each_watched_diagnostic_raises_and_clears_its_banner(call_page, diagnostic, value, cause):
    root = call_page.locator("[data-micsentry]")
    assert call_page.evaluate("window.micsentry.attach(feature)") is True
    expect(root).to_have_attribute("data-incall", "ok")
    raise_(call_page, diagnostic, value)
    banner = expect_banner(call_page, "incall", cause)
    expect(banner).to_have_attribute("data-ufd", diagnostic)
    expect(root).to_have_attribute("data-incall", "warning")
    expect(banner.locator("li").first).not_to_be_empty()
    raise_(call_page, diagnostic, "1" if value == "3" else "false")
    expect_no_banner(call_page, "incall")
    expect(root).to_have_attribute("data-incall", "ok")


def test_permission_revoked_mid_call_round_trip_and_events(call_page):
    call_page.evaluate("document.querySelector('[data-micsentry]').attach(feature)")
    raise_(call_page, "microphonePermissionDenied", "true")
    banner = expect_banner(call_page, "incall", "mic-permission-denied")
    expect(banner).to_contain_text("Chromium")
    raise_(call_page, "microphonePermissionDenied", "false")
    expect_no_banner(call_page, "incall")
    changes = [c for c in call_page.evaluate("window.__changes") if c["phase"] == "incall"]
    assert changes == [
        {"phase": "incall", "state": "ok", "cause": None, "diagnostic": None, "value": None},
        {"phase": "incall", "state": "warning", "cause": "mic-permission-denied",
         "diagnostic": "microphonePermissionDenied", "value": "true"},
        {"phase": "incall", "state": "ok", "cause": None, "diagnostic": "microphonePermissionDenied", "value": "false"},
    ]
    precall = [c for c in call_page.evaluate("window.__changes") if c["phase"] == "precall"]
    assert precall[-1] == {"phase": "precall", "state": "ok", "cause": "ok", "diagnostic": None, "value": None}


def test_event_bubbles_and_is_composed(call_page):
    flags = call_page.evaluate("""() => new Promise((resolve) => {
        document.addEventListener("micsentry:change", (e) => resolve([e.bubbles, e.composed, e.target.hasAttribute("data-micsentry")]), {once: true});
        window.micsentry.attach(feature);
    })""")
    assert flags == [True, True, True]


def test_raised_before_attach_shows_at_once(call_page):
    call_page.evaluate("feature.media.setLatest('microphonePermissionDenied', true)")
    call_page.evaluate("feature.network.setLatest('networkReconnect', 2)")
    call_page.evaluate("window.micsentry.attach(feature)")
    expect_banner(call_page, "incall", "mic-permission-denied")


def test_flags_and_qualities_are_both_accepted(call_page):
    call_page.evaluate("window.micsentry.attach(feature)")
    # Microsoft's UI library compares some flags with quality values: a quality on a flag diagnostic.
    call_page.evaluate("feature.media.raise('microphoneNotFunctioning', 3, 'DiagnosticQuality')")
    expect_banner(call_page, "incall", "mic-not-functioning")
    call_page.evaluate("feature.media.raise('microphoneNotFunctioning', 1, 'DiagnosticQuality')")
    expect_no_banner(call_page, "incall")
    # ...and a flag on a quality diagnostic.
    call_page.evaluate("feature.network.raise('networkReconnect', true, 'DiagnosticFlag')")
    expect_banner(call_page, "incall", "network-reconnect")
    call_page.evaluate("feature.network.raise('networkReconnect', 2)")  # Poor still holds
    expect_banner(call_page, "incall", "network-reconnect")
    call_page.evaluate("feature.network.raise('networkReconnect', 1)")  # Good clears
    expect_no_banner(call_page, "incall")


def test_permission_then_network_then_device(call_page):
    call_page.evaluate("window.micsentry.attach(feature)")
    raise_(call_page, "microphoneNotFunctioning", "true")
    expect_banner(call_page, "incall", "mic-not-functioning")
    raise_(call_page, "networkReconnect", "3")
    expect_banner(call_page, "incall", "network-reconnect")
    raise_(call_page, "microphonePermissionDenied", "true")
    expect_banner(call_page, "incall", "mic-permission-denied")
    expect(call_page.locator('[data-micsentry-banner][data-phase="incall"]')).to_have_count(1)
    raise_(call_page, "microphonePermissionDenied", "false")
    expect_banner(call_page, "incall", "network-reconnect")
    raise_(call_page, "networkReconnect", "1")
    expect_banner(call_page, "incall", "mic-not-functioning")


def test_malformed_and_unknown_input_is_ignored_with_one_warning(call_page):
    call_page.evaluate("window.micsentry.attach(feature)")
    for payload in ["null", "'text'", "42", "{}", "{diagnostic: 5, value: true}",
                    "{diagnostic: 'microphoneNotFunctioning'}",
                    "{diagnostic: 'microphoneNotFunctioning', value: 'yes', valueType: 'DiagnosticFlag'}",
                    "{diagnostic: 'microphoneNotFunctioning', value: 7, valueType: 'DiagnosticQuality'}",
                    "{diagnostic: 'microphoneNotFunctioning', value: true, valueType: 'Sideways'}",
                    "{diagnostic: 'microphoneNotFunctioning', value: {nested: true}}"]:
        call_page.evaluate("feature.media.emit(%s)" % payload)
    call_page.evaluate("feature.media.emit({diagnostic: 'fluxCapacitorOverheated', value: true, valueType: 'DiagnosticFlag'})")
    call_page.evaluate("feature.media.emit({diagnostic: 'fluxCapacitorOverheated', value: false, valueType: 'DiagnosticFlag'})")
    raise_(call_page, "microphonePermissionDenied", "true")  # still alive
    expect_banner(call_page, "incall", "mic-permission-denied")
    ours = [w for w in call_page.warnings if w.startswith("micsentry:")]
    assert len([w for w in ours if "malformed" in w]) == 1, ours
    assert len([w for w in ours if "fluxCapacitorOverheated" in w]) == 1, ours


def test_throwing_host_object_never_breaks_the_page(call_page):
    call_page.evaluate("feature.media.throwOn('getLatest'); feature.network.throwOn('on')")
    call_page.evaluate("window.micsentry.attach(feature)")
    raise_(call_page, "microphonePermissionDenied", "true")  # media listens still
    expect_banner(call_page, "incall", "mic-permission-denied")
    assert any("getLatest" in w for w in call_page.warnings)
    assert any("network.on()" in w for w in call_page.warnings)
    assert call_page.evaluate("window.micsentry.attach({not: 'a feature'})") is False
    expect(call_page.locator("[data-micsentry]")).to_have_attribute("data-state", "ok")


def test_detach_removes_every_listener_and_banner(call_page):
    call_page.evaluate("window.micsentry.attach(feature)")
    assert call_page.evaluate("feature.listenerCount") == 3  # media, network, remote
    raise_(call_page, "networkReconnect", "3")
    expect_banner(call_page, "incall", "network-reconnect")
    assert call_page.evaluate("window.micsentry.detach()") is True
    assert call_page.evaluate("feature.listenerCount") == 0
    expect_no_banner(call_page, "incall")
    expect(call_page.locator("[data-micsentry]")).to_have_attribute("data-incall", "idle")
    raise_(call_page, "microphonePermissionDenied", "true")  # nobody listens any more
    expect_no_banner(call_page, "incall", timeout=1000)
    # Attaching again (a second call) works from a clean slate.
    call_page.evaluate("window.micsentry.attach(feature)")
    expect_banner(call_page, "incall", "mic-permission-denied")
    assert call_page.evaluate("feature.listenerCount") == 3  # media, network, remote


def test_attach_before_python_runs_is_queued(page, context, mic, site_url, runtime):
    from pages import check_url, wait_for_verdict, wait_until

    mic.grant()
    add_diagnostics_double(context)
    page.goto(check_url(site_url, runtime), wait_until="commit")
    wait_until(page, "!!(window.micsentry && window.UfdFeatureDouble)")
    page.evaluate("window.feature = new UfdFeatureDouble(); feature.media.setLatest('microphonePermissionDenied', true);"
                  "window.micsentry.attach(feature)")
    wait_for_verdict(page)
    expect_banner(page, "incall", "mic-permission-denied")
