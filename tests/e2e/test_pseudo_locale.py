"""The pseudo-locale (en-XA: every catalog text accented, 40 % longer and in ⟦brackets⟧) through every
pre-call cause, every in-call banner and the listener's notices: no text on screen comes from anywhere
but the catalog, and the longer texts do not break the layout on a phone-sized screen."""

import pytest
from playwright.sync_api import expect

from pages import MEDIA_FAULTS, check_url, wait_for_verdict
from pytest_micsentry import expect_banner
from pytest_micsentry.origins import cross_origin_frame, insecure_url
from test_incall_diagnostics import WATCHED
from test_languages import open_call

PHONE = {"width": 360, "height": 740}

# Every visible text of the root (and the page's title), and what breaks out of its box.
AUDIT = """(root) => {
    const untranslated = [], overflowing = [];
    const seen = (element) => element.checkVisibility ? element.checkVisibility() : element.offsetParent !== null;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent.trim(), element = node.parentElement;
        if (!text || !seen(element) || element.closest("option")) continue;  // device names are the system's
        if (!/^⟦[\\s\\S]*⟧$/.test(text)) untranslated.push(text);
    }
    for (const element of root.querySelectorAll("[aria-label]")) {
        if (!/^⟦[\\s\\S]*⟧$/.test(element.getAttribute("aria-label"))) untranslated.push("aria-label: " + element.getAttribute("aria-label"));
    }
    for (const element of [root, ...root.querySelectorAll("*")]) {
        if (seen(element) && element.scrollWidth > element.clientWidth + 1 && getComputedStyle(element).overflowX === "visible"
            && element.clientWidth > 0) overflowing.push(element.tagName + "." + element.className + ": " + element.scrollWidth + ">" + element.clientWidth);
    }
    const page = document.documentElement;
    if (page.scrollWidth > page.clientWidth + 1) overflowing.push("page: " + page.scrollWidth + ">" + page.clientWidth);
    return {untranslated, overflowing, title: document.title};
}"""


def audit(page_or_frame):
    found = page_or_frame.locator("[data-micsentry]").evaluate(AUDIT)
    assert not found["untranslated"], found["untranslated"]
    assert not found["overflowing"], found["overflowing"]
    assert found["title"].startswith("⟦"), found["title"]
    return found


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


@pytest.mark.parametrize("state,cause", [("granted", None), ("denied", "browser-denied"), ("prompt", "prompt-dismissed"),
                                         ("os-blocked", "os-blocked"), ("in-use", "device-in-use"),
                                         ("no-device", "no-device")])
def test_every_precall_state_reads_from_the_catalog(phone, mic, site_url, runtime, state, cause):
    mic.set(state)
    phone.goto(check_url(site_url, runtime, lang="en-XA"))
    root = wait_for_verdict(phone)
    expect(root).to_have_attribute("lang", "en-XA")
    if cause:
        expect_banner(phone, "precall", cause)
    else:
        expect(root).to_have_attribute("data-state", "ok")
        expect(phone.locator("[data-micsentry-level-text]")).to_contain_text("⟦")  # the level test's words
    audit(phone)


def test_the_causes_the_page_cannot_fake_with_mic(phone, context, mic, site_url, runtime):
    mic.grant()
    phone.goto(insecure_url(context, check_url(site_url, runtime, lang="en-XA")))
    wait_for_verdict(phone)
    expect_banner(phone, "precall", "insecure-context")
    audit(phone)
    phone.goto("about:blank")
    frame = cross_origin_frame(phone, check_url(site_url, runtime, lang="en-XA"))
    wait_for_verdict(frame)
    expect_banner(frame, "precall", "policy-blocked")
    audit(frame)


def test_unsupported_and_unknown_errors(phone, context, site_url, runtime):
    context.grant_permissions(["microphone"])
    context.add_init_script(script=MEDIA_FAULTS)
    for query, cause in (({"media": "bare"}, "unsupported"), ({"media": "weird"}, "unknown-error")):
        phone.goto(check_url(site_url, runtime, lang="en-XA", **query))
        wait_for_verdict(phone)
        expect_banner(phone, "precall", cause)
        audit(phone)


def test_every_incall_banner_and_notice_reads_from_the_catalog(phone, context, mic, site_url, runtime):
    open_call(phone, context, mic, check_url(site_url, runtime, lang="en-XA"))
    for diagnostic, value, cause in WATCHED:
        phone.evaluate("feature.raise(%r, %s)" % (diagnostic, value))
        expect_banner(phone, "incall", cause)
        audit(phone)
        phone.evaluate("feature.raise(%r, %s)" % (diagnostic, "1" if value == "3" else "false"))
    for index, (diagnostic, value) in enumerate((("microphonePermissionDenied", "true"), ("networkReconnect", "3"),
                                                 ("noMicrophoneDevicesEnumerated", "true"),
                                                 ("microphoneNotFunctioning", "true"),
                                                 ("microphoneMuteUnexpectedly", "true"))):
        phone.evaluate('feature.remote.raise("p%d", %r, %s, {name: "Guest %d"})' % (index, diagnostic, value, index))
    expect(phone.locator("[data-micsentry-notice]")).to_have_count(3)
    expect(phone.locator("[data-micsentry-remote-more]")).to_contain_text("⟦")
    audit(phone)
    phone.click("[data-micsentry-action=report]")
    expect(phone.locator("[data-micsentry-tools-status]")).to_contain_text("⟦")
    audit(phone)


def test_the_loaders_own_failure_reads_from_the_catalog(phone, context, mic, site_url, runtime, guard):
    mic.grant()
    guard.allow_error("")  # the browser and the runtime log the failed download themselves
    context.route("**/runtime/**/*.wasm", lambda route: route.fulfill(status=404, body="gone"))
    phone.goto(check_url(site_url, runtime, lang="en-XA"))
    root = phone.locator("[data-micsentry]")
    expect(root).to_have_attribute("data-state", "error", timeout=30000)
    expect_banner(phone, "precall", "failure")
    found = phone.locator("[data-micsentry]").evaluate(AUDIT)
    # The reason quotes the URL the server refused: inside the bracketed message, so still ours.
    assert not found["untranslated"] and not found["overflowing"], found


def test_in_app_browser_and_its_copy_link_read_from_the_catalog(phone, mic, site_url, runtime):
    from test_browsers import INSTAGRAM_IOS, override

    phone.add_init_script("Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined});")
    override(phone, INSTAGRAM_IOS)
    mic.deny()
    phone.goto(check_url(site_url, runtime, lang="en-XA"))
    wait_for_verdict(phone)
    banner = expect_banner(phone, "precall", "in-app-browser")
    banner.locator('[data-micsentry-action="copy-link"]').click()
    expect(phone.locator("[data-micsentry-tools-status]")).not_to_be_empty()
    audit(phone)


def test_a_new_browsers_steps_read_from_the_catalog(phone, mic, site_url, runtime):
    from test_browsers import SAMSUNG, override

    override(phone, SAMSUNG, ["Samsung Internet", "Chromium"], "Android", True)
    mic.deny()
    phone.goto(check_url(site_url, runtime, lang="en-XA"))
    wait_for_verdict(phone)
    expect_banner(phone, "precall", "browser-denied")
    audit(phone)
