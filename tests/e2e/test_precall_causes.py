"""Each cause, emulated as it really happens, shows its own pre-call verdict on both runtimes."""

import pytest
from playwright.sync_api import expect

from pytest_micsentry import expect_banner
from pytest_micsentry.expect import expect_no_banner
from pytest_micsentry.origins import cross_origin_frame, insecure_url

from pages import check_url, wait_for_verdict

# (state of the microphone, expected cause, permission shown after the check)
STATES = [
    ("denied", "browser-denied", "denied"),
    ("prompt", "prompt-dismissed", "prompt"),  # headless dismisses the prompt; the override stays
    ("os-blocked", "os-blocked", "granted"),
    ("in-use", "device-in-use", "granted"),
    ("no-device", "no-device", "granted"),
]


def test_granted_microphone_is_ok(page, mic, open_check, runtime):
    mic.grant()
    root = open_check()
    expect(root).to_have_attribute("data-state", "ok")
    expect(root).to_have_attribute("data-runtime", runtime)
    expect(page.locator("[data-micsentry-permission]")).to_have_attribute("data-permission", "granted")
    status = page.locator("[data-micsentry-status]")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_contain_text("Your microphone is ready")
    expect_no_banner(page, "precall")


@pytest.mark.parametrize("state,cause,permission", STATES, ids=[s[0] for s in STATES])
def test_each_state_shows_its_cause(page, mic, open_check, state, cause, permission):
    mic.set(state)
    root = open_check()
    expect(root).to_have_attribute("data-state", "warning")
    banner = expect_banner(page, "precall", cause)
    expect(page.locator("[data-micsentry-banner]")).to_have_count(1)
    expect(page.locator("[data-micsentry-permission]")).to_have_attribute("data-permission", permission)
    expect(banner.locator('[data-micsentry-action="recheck"]')).to_be_visible()
    # Concrete steps for the user's own browser (headless Chromium's Client Hints say "Chromium").
    expect(banner.locator("li").first).not_to_be_empty()


def test_check_releases_the_microphone(page, mic, open_check):
    mic.grant()
    open_check()
    live = page.evaluate("""async () => {
        const s = await navigator.mediaDevices.getUserMedia({audio: true});
        const n = s.getAudioTracks().length; s.getTracks().forEach(t => t.stop()); return n; }""")
    assert live == 1


def test_no_device_for_real(browser_type, micsentry_chromium, site_url, runtime):
    """A browser without the fake device on a machine without audio hardware: NotFoundError."""
    from pytest_micsentry import chromium

    browser = browser_type.launch(**chromium.launch_args(micsentry_chromium, fake_device=False))
    try:
        context = browser.new_context(permissions=["microphone"])
        page = context.new_page()
        page.goto(check_url(site_url, runtime))
        root = wait_for_verdict(page)
        expect(root).to_have_attribute("data-state", "warning")
        banner = expect_banner(page, "precall", "no-device")
        expect(banner).to_contain_text("NotFoundError")
    finally:
        browser.close()


def test_insecure_origin(page, context, mic, site_url, runtime):
    mic.grant()
    page.goto(insecure_url(context, check_url(site_url, runtime)))
    wait_for_verdict(page)
    assert page.evaluate("isSecureContext") is False
    expect_banner(page, "precall", "insecure-context")


def test_cross_origin_frame_without_allow(page, mic, site_url, runtime):
    mic.grant()
    frame = cross_origin_frame(page, check_url(site_url, runtime))
    wait_for_verdict(frame)
    banner = expect_banner(frame, "precall", "policy-blocked")
    expect(banner).to_contain_text('allow="microphone"')


def test_cross_origin_frame_with_allow_is_ok(page, mic, site_url, runtime):
    mic.grant()
    frame = cross_origin_frame(page, check_url(site_url, runtime), allow="microphone")
    root = wait_for_verdict(frame)
    expect(root).to_have_attribute("data-state", "ok")


# These two replace getUserMedia themselves, so they use Playwright's grant rather than `mic`
# (whose emulation script would wrap the browser's own getUserMedia first).
def test_browser_without_get_user_media(page, context, open_check):
    context.grant_permissions(["microphone"])
    context.add_init_script(script="delete MediaDevices.prototype.getUserMedia;")
    open_check()
    expect_banner(page, "precall", "unsupported")


def test_unknown_error_keeps_the_browser_words_as_text(page, context, open_check):
    context.grant_permissions(["microphone"])
    context.add_init_script(script="""
        MediaDevices.prototype.getUserMedia = () =>
            Promise.reject(new DOMException('<img src=x id=injected> odd failure', 'WeirdError'));
    """)
    open_check()
    banner = expect_banner(page, "precall", "unknown-error")
    expect(banner.locator(".micsentry-banner__detail")).to_have_text(
        "Your browser said: WeirdError: <img src=x id=injected> odd failure")
    expect(page.locator("#injected")).to_have_count(0)


def test_browser_that_refuses_to_query_the_microphone_permission(page, context, mic, open_check):
    """Older Firefox and Safari reject permissions.query({name: "microphone"}): carry on without it."""
    mic.grant()
    context.add_init_script(script="""
        Permissions.prototype.query = () => Promise.reject(new TypeError("'microphone' is not a valid value"));
    """)
    root = open_check()
    expect(root).to_have_attribute("data-state", "ok")
    expect(page.locator("[data-micsentry-permission]")).to_have_attribute("data-permission", "unknown")


def test_browser_without_permissions_api_still_finds_the_cause(page, context, mic, open_check):
    mic.deny()
    context.add_init_script(script="Object.defineProperty(Navigator.prototype, 'permissions', {get: () => undefined});")
    open_check()
    expect_banner(page, "precall", "browser-denied")
    expect(page.locator("[data-micsentry-permission]")).to_have_attribute("data-permission", "unknown")
