"""Endurance without leaks, on both runtimes: 1,000 attach/detach cycles, 1,000 revoke/re-grant
cycles and 10,000 diagnostics leave the listeners on the host objects, micsentry's live proxies and
the DOM where they started, and the final state right."""

from playwright.sync_api import expect

from pytest_micsentry import expect_banner
from pytest_micsentry.acs import add_diagnostics_double
from pytest_micsentry.expect import expect_no_banner
from pages import check_url, wait_for_verdict

COUNTS = """() => ({proxies: window.__micsentry.liveProxies,
                    nodes: document.querySelector("[data-micsentry]").querySelectorAll("*").length,
                    listeners: window.feature ? window.feature.listenerCount : 0})"""


def checked_page(page, context, mic, site_url, runtime):
    mic.grant()
    add_diagnostics_double(context)
    page.goto(check_url(site_url, runtime))
    wait_for_verdict(page)
    page.evaluate("window.micsentry.ready")
    # Counted at rest: the level test after the verdict holds a timer and a stream for 4 s.
    expect(page.locator('[data-micsentry-action="level"]')).to_be_visible(timeout=15000)
    page.evaluate("window.feature = new UfdFeatureDouble()")
    return page.evaluate(COUNTS)


def test_a_thousand_attach_and_detach_cycles(page, context, mic, site_url, runtime):
    before = checked_page(page, context, mic, site_url, runtime)
    done = page.evaluate("""() => {
        let attached = 0;
        for (let i = 0; i < 1000; i++) {
            attached += window.micsentry.attach(feature) === true;
            if (i % 10 === 0) feature.raise("networkReconnect", 3);
            window.micsentry.detach();
        }
        return attached;
    }""")
    assert done == 1000
    expect_no_banner(page, "incall")
    expect(page.locator("[data-micsentry]")).to_have_attribute("data-incall", "idle")
    assert page.evaluate(COUNTS) == before
    # And it still works afterwards.
    page.evaluate("window.micsentry.attach(feature); feature.raise('microphonePermissionDenied', true)")
    expect_banner(page, "incall", "mic-permission-denied")


def test_ten_thousand_diagnostics(page, context, mic, site_url, runtime):
    before = checked_page(page, context, mic, site_url, runtime)
    page.evaluate("window.micsentry.attach(feature)")
    page.evaluate("""() => {
        const names = ["networkReconnect", "microphoneNotFunctioning", "microphoneMuteUnexpectedly"];
        for (let i = 0; i < 10000; i++) {
            const name = names[i % 3];
            feature.raise(name, name === "networkReconnect" ? 1 + (i % 3) : i % 2 === 0);
        }
        feature.raise("networkReconnect", 1); feature.raise("microphoneNotFunctioning", false);
        feature.raise("microphoneMuteUnexpectedly", true);
    }""")
    expect_banner(page, "incall", "mic-muted-unexpectedly")
    expect(page.locator("[data-micsentry-banner]")).to_have_count(1)
    page.evaluate("window.micsentry.detach()")
    expect_no_banner(page, "incall")
    assert page.evaluate(COUNTS) == before


def test_a_thousand_revokes_and_re_grants(page, context, mic, site_url, runtime):
    before = checked_page(page, context, mic, site_url, runtime)
    root = page.locator("[data-micsentry]")
    for _ in range(1000):
        mic.revoke()
        mic.grant()
    mic.revoke()
    expect(root).to_have_attribute("data-state", "warning", timeout=30000)
    expect_banner(page, "precall", "browser-denied")
    mic.grant()
    expect(root).to_have_attribute("data-state", "ok", timeout=30000)
    expect(page.locator("[data-micsentry-banner]")).to_have_count(0)
    expect(page.locator('[data-micsentry-action="level"]')).to_be_visible(timeout=15000)
    after = page.evaluate(COUNTS)
    assert after == before, (before, after)
