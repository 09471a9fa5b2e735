"""Every browser people call from gets its own steps: the page opened with each one's user agent and
User-Agent Client Hints (through CDP, as Chromium would send them) and the microphone blocked; and
an app's own browser (Android WebView, an iOS in-app browser) sends the user to a real browser with a
working Copy link. Both runtimes."""

import pytest
from playwright.sync_api import expect

from pytest_micsentry import expect_banner

CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
MAC_CHROME = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/131.0.0.0 Safari/537.36")
CROS = "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
SAMSUNG = ("Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) "
           "SamsungBrowser/27.0 Chrome/125.0.0.0 Mobile Safari/537.36")
OPERA_ANDROID = ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
                 "Mobile Safari/537.36 OPR/86.0.0.0")
WEBVIEW = ("Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240805.005; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Version/4.0 Chrome/131.0.6778.81 Mobile Safari/537.36")
INSTAGRAM_IOS = ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                 "Mobile/15E148 Instagram 357.0.0.25.101 (iPhone15,2; iOS 18_1; en_US; en)")

CHANGES = ('window.__changes = []; '
           'document.addEventListener("micsentry:change", (event) => window.__changes.push(event.detail));')
BRAVE_MARKER = "Object.defineProperty(Navigator.prototype, 'brave', {value: {isBrave: () => Promise.resolve(true)}});"
# Arc sets its palette as style variables on the root element.
ARC_PALETTE = ("document.addEventListener('DOMContentLoaded', () => "
               "document.documentElement.style.setProperty('--arc-palette-title', '#1F1F1F'));")


def override(page, user_agent, brands=None, platform="", mobile=False):
    """What Chromium would send: the string and, for a Chromium engine, its Client Hints."""
    params = {"userAgent": user_agent}
    if brands is not None:
        listed = [{"brand": brand, "version": "131"} for brand in brands]
        params["userAgentMetadata"] = {"brands": listed, "fullVersionList": listed, "platform": platform,
                                       "platformVersion": "", "architecture": "", "model": "", "mobile": mobile}
    page.context.new_cdp_session(page).send("Emulation.setUserAgentOverride", params)


# (id, user agent, brands, platform, mobile, init script, name in the title, the steps' own words)
BROWSERS = [
    ("samsung-internet", SAMSUNG, ["Samsung Internet", "Chromium", "Not?A_Brand"], "Android", True, None,
     "Samsung Internet", "Sites and downloads"),
    ("opera-android", OPERA_ANDROID, ["Opera", "Chromium", "Not?A_Brand"], "Android", True, None,
     "Opera", "Site settings"),
    ("opera-windows", CHROME, ["Opera", "Chromium", "Not?A_Brand"], "Windows", False, None, "Opera", "site icon"),
    ("brave", CHROME, ["Chromium", "Not?A_Brand", "Brave"], "Windows", False, BRAVE_MARKER, "Brave", "Brave Shields"),
    # Vivaldi sends Chrome's brand; its string may still name it.
    ("vivaldi", CHROME + " Vivaldi/7.0.3495.18", ["Chromium", "Not?A_Brand", "Google Chrome"], "Windows", False, None,
     "Vivaldi", "site information badge"),
    ("arc", MAC_CHROME, ["Chromium", "Not?A_Brand", "Google Chrome"], "macOS", False, ARC_PALETTE, "Arc", "sidebar"),
    ("chromeos", CROS, ["Chromium", "Not?A_Brand", "Google Chrome"], "Chrome OS", False, None,
     "Chrome", "Privacy controls"),
    # Only the engine's brand (Chromium itself): named so, with Chromium's own controls.
    ("chromium", CHROME, ["Not:A-Brand", "Chromium"], "Linux", False, None, "Chromium", "site controls"),
]


@pytest.mark.parametrize("case", BROWSERS, ids=[case[0] for case in BROWSERS])
def test_each_browser_gets_its_own_steps(page, mic, open_check, case):
    _, user_agent, brands, platform, mobile, script, name, words = case
    if script:
        page.add_init_script(script)
    override(page, user_agent, brands, platform, mobile)
    mic.deny()
    root = open_check()
    banner = expect_banner(page, "precall", "browser-denied")
    expect(banner.locator("[data-part=title]")).to_have_text("%s is blocking the microphone for this site" % name)
    expect(banner.locator("li").first).to_contain_text(words)
    if platform == "Chrome OS":
        expect(root).to_have_attribute("data-system", "chromeos")


def test_android_webview_sends_the_user_to_chrome_with_a_working_copy_link(page, context, mic, open_check, site_url):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    override(page, WEBVIEW, ["Android WebView", "Chromium", "Not?A_Brand"], "Android", True)
    mic.deny()
    root = open_check()
    expect(root).to_have_attribute("data-app", "webview")
    banner = expect_banner(page, "precall", "in-app-browser")
    expect(banner.locator("[data-part=title]")).to_have_text(
        "This page is open inside this app, which cannot give it the microphone")
    expect(banner).to_contain_text("Open this page in Chrome")
    copy = banner.get_by_role("button", name="Copy link")
    expect(copy).to_be_visible()
    copy.click()
    expect(page.locator("[data-micsentry-tools-status]")).to_have_text(
        "Link copied: open your browser and paste it into the address bar.")
    assert page.evaluate("navigator.clipboard.readText()") == page.url


def test_ios_in_app_browser_names_the_app_and_shows_the_link_when_copying_is_refused(page, mic, open_check):
    page.add_init_script("Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined});")
    page.add_init_script(CHANGES)
    override(page, INSTAGRAM_IOS)  # no hints: a WKWebView has none
    mic.deny()
    root = open_check()
    expect(root).to_have_attribute("data-app", "instagram")
    expect(root).to_have_attribute("data-system", "ios")
    banner = expect_banner(page, "precall", "in-app-browser")
    expect(banner.locator("[data-part=title]")).to_have_text(
        "This page is open inside Instagram, which cannot give it the microphone")
    expect(banner.locator("li").first).to_have_text(
        "In Instagram, open the menu (⋯ or ⋮) at the top or bottom of the page and choose Open in browser, "
        "or Open in Safari.")
    banner.get_by_role("button", name="Copy link").click()
    expect(page.locator("[data-micsentry-tools-status]")).to_have_text(
        "This app did not allow copying. Copy the link yourself: " + page.url)
    changes = page.evaluate("window.__changes")
    assert {"phase": "precall", "state": "warning", "cause": "in-app-browser"}.items() <= changes[-1].items()
