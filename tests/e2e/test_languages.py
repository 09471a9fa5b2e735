"""The page, the widget and the banners in the reader's language: chosen from the browser, ?lang= or
the widget's lang; right to left for Arabic; an unknown language falls back to English, said once."""

import pytest
from playwright.sync_api import expect

from micsentry_site import i18n
from pages import check_url, wait_for_verdict
from pytest_micsentry import expect_banner
from pytest_micsentry.acs import add_diagnostics_double
from test_widget import wait_widget, widget_page

RECORD_EVENTS = """
window.__changes = [];
document.addEventListener("micsentry:change", (event) => window.__changes.push(event.detail));
"""


def console_warnings(page):
    warnings = []
    page.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)
    return warnings


@pytest.mark.browser_context_args(locale="de-DE")
def test_a_german_browser_gets_the_page_in_german(page, context, mic, site_url, runtime):
    mic.deny()
    context.add_init_script(script=RECORD_EVENTS)
    page.goto(check_url(site_url, runtime))
    wait_for_verdict(page)
    assert page.evaluate("navigator.languages") == ["de-DE"]
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page).to_have_title("Mikrofonprüfung · micsentry")
    expect(page.locator("#micsentry-heading")).to_have_text("Mikrofonprüfung")
    banner = expect_banner(page, "precall", "browser-denied")
    expect(banner.locator("[data-part=title]")).to_have_text("Chromium blockiert das Mikrofon für diese Website")
    expect(banner.locator("li").first).to_contain_text("Website-Informationen anzeigen")
    expect(banner.locator("[data-micsentry-action=recheck]")).to_have_text("Erneut prüfen")
    permission = page.locator("[data-micsentry-permission]")
    expect(permission).to_have_text("blockiert")
    expect(permission).to_have_attribute("data-permission", "denied")  # the id stays as it is
    expect(page.locator("[data-micsentry-action=copy]")).to_have_text("Zusammenfassung kopieren")
    # The event and the public attributes stay ids, whatever the language.
    assert {"phase": "precall", "state": "warning", "cause": "browser-denied", "diagnostic": None,
            "value": None} in page.evaluate("window.__changes")


def test_lang_in_the_address_shows_japanese_and_the_report_says_so(page, mic, open_check):
    mic.grant()
    open_check(lang="ja")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.locator("[data-micsentry-status]")).to_have_text("マイクの準備ができました。")
    expect(page.locator("#micsentry-heading")).to_have_text("マイクのチェック")
    expect(page.locator("[data-micsentry-progress]")).to_have_attribute("aria-label", "マイクのチェックを開始しています")
    with page.expect_download() as download:
        page.click("[data-micsentry-action=report]")
    import json
    report = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert report["environment"]["language"] == "ja"
    assert report["diagnosis"]["cause"] == "ok"  # ids and the support record stay language-neutral
    expect(page.locator("[data-micsentry-tools-status]")).to_have_text("レポートをダウンロードしました。")


@pytest.mark.browser_context_args(locale="pt-PT")
def test_a_language_falls_back_by_language_then_to_english(page, mic, site_url, runtime):
    mic.grant()
    page.goto(check_url(site_url, runtime))
    wait_for_verdict(page)
    expect(page.locator("html")).to_have_attribute("lang", "pt-BR")  # the only Portuguese there is
    page.goto(check_url(site_url, runtime, lang="de-AT"))
    wait_for_verdict(page)
    expect(page.locator("html")).to_have_attribute("lang", "de")


def test_unknown_lang_falls_back_to_english_with_one_warning(page, mic, site_url, runtime):
    mic.grant()
    warnings = console_warnings(page)
    page.goto(check_url(site_url, runtime, lang="tlh"))
    wait_for_verdict(page)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("[data-micsentry-status]")).to_have_text("Your microphone is ready.")
    said = [text for text in warnings if "tlh" in text]
    assert len(said) == 1 and "showing English" in said[0], warnings


def test_a_catalog_that_cannot_be_fetched_leaves_english(page, context, mic, site_url, runtime, guard):
    mic.grant()
    context.route("**/static/i18n/fr.json", lambda route: route.fulfill(status=503, body="busy"))
    guard.allow_error("503")  # the browser logs the failed fetch itself
    warnings = console_warnings(page)
    page.goto(check_url(site_url, runtime, lang="fr"))
    wait_for_verdict(page)
    expect(page.locator("[data-micsentry-status]")).to_have_text("Your microphone is ready.")
    assert any("could not be loaded" in text for text in warnings), warnings


@pytest.mark.parametrize("lang", ["ar", "he"])
def test_widget_right_to_left_is_mirrored(page, mic, site_url, runtime, lang):
    said = i18n.messages(i18n.read(i18n.po_path(lang)))
    mic.deny()
    page.goto(widget_page(site_url, '<mic-sentry id=w lang="%s" runtime="%s"></mic-sentry>' % (lang, runtime)))
    assert wait_widget(page)["cause"] == "browser-denied"
    root = page.locator("mic-sentry [data-micsentry]")
    expect(root).to_have_attribute("lang", lang)
    expect(root).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "en")  # the host page is not ours to change
    banner = expect_banner(page.locator("mic-sentry"), "precall", "browser-denied")
    expect(banner.locator("[data-part=title]")).to_have_text(
        said["{browser} is blocking the microphone for this site"].replace("{browser}", "Chromium"))
    expect(root.locator("#micsentry-heading")).to_have_text(said["Microphone check"])
    layout = banner.evaluate("""(banner) => {
        const steps = getComputedStyle(banner.querySelector("ol"));
        const title = banner.querySelector("h2").getBoundingClientRect(), box = banner.getBoundingClientRect();
        return {direction: getComputedStyle(banner).direction, right: parseFloat(steps.paddingRight),
                left: parseFloat(steps.paddingLeft), titleRightGap: box.right - title.right,
                titleLeftGap: title.left - box.left};
    }""")
    # Mirrored: the list's indent and the text's start are on the right.
    assert layout["direction"] == "rtl" and layout["right"] > 0 and layout["left"] == 0, layout
    # The lang attribute changes the language of a running widget, texts and banner alike.
    page.evaluate("document.getElementById('w').setAttribute('lang', 'ko')")
    expect(root).to_have_attribute("lang", "ko")
    expect(root).to_have_attribute("dir", "ltr")
    expect(banner.locator("[data-part=title]")).to_have_text("Chromium이(가) 이 사이트의 마이크를 차단하고 있습니다")
    expect(root.locator("#micsentry-heading")).to_have_text("마이크 확인")
    assert page.evaluate("document.getElementById('w').state.cause") == "browser-denied"


def test_embed_html_takes_lang_too(page, mic, site_url, runtime):
    mic.grant()
    page.goto(check_url(site_url, runtime, "embed.html", lang="zh-CN"))
    wait_for_verdict(page)
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.locator("[data-micsentry-status]")).to_have_text("你的麦克风已就绪。")


def open_call(page, context, mic, url):
    """The page at *url*, checked OK, attached to a diagnostics double (window.feature) with a call
    double (window.call)."""
    mic.grant()
    add_diagnostics_double(context)
    page.goto(url)
    wait_for_verdict(page)
    page.evaluate("window.micsentry.attach(window.feature = new UfdFeatureDouble(), {call: window.call = new CallDouble()})")


def test_in_call_banners_and_notices_in_the_language(page, context, mic, site_url, runtime):
    open_call(page, context, mic, check_url(site_url, runtime, lang="fr"))
    page.evaluate("feature.raise('networkReconnect', 3)")
    banner = expect_banner(page, "incall", "network-reconnect")
    expect(banner.locator("[data-part=title]")).to_have_text("Votre connexion à l’appel a été interrompue")
    page.evaluate('feature.remote.raise("8:acs:ada", "microphonePermissionDenied", true, {name: "Ada"})')
    expect(page.locator("[data-micsentry-notice]")).to_contain_text("On n’entend pas Ada")


# Every catalog, by a browser set to the tag browsers send for it (German is looked at in full above).
BROWSER_TAGS = {"pt_BR": "pt-BR", "zh_Hans": "zh-CN", "zh_Hant": "zh-TW", "nb": "nb-NO", "he": "he-IL", "ru": "ru-RU",
                "uk": "uk-UA", "cs": "cs-CZ", "sv": "sv-SE", "da": "da-DK", "fi": "fi-FI", "hu": "hu-HU", "id": "id-ID",
                "vi": "vi-VN", "th": "th-TH", "hi": "hi-IN"}


@pytest.mark.parametrize("locale", [
    pytest.param(locale, marks=pytest.mark.browser_context_args(locale=BROWSER_TAGS.get(locale, i18n.tag(locale))))
    for locale in i18n.locales() if locale != "de"])
def test_a_browser_in_each_language_gets_the_page_in_it(page, mic, site_url, locale):
    said = i18n.messages(i18n.read(i18n.po_path(locale)))
    mic.deny()
    page.set_viewport_size({"width": 320, "height": 640})  # the narrowest phone: long words must wrap
    page.goto(check_url(site_url, "micropython"))
    wait_for_verdict(page)
    expect(page.locator("html")).to_have_attribute("lang", i18n.tag(locale))
    expect(page.locator("html")).to_have_attribute("dir", i18n.direction(locale))
    expect(page).to_have_title(said["Microphone check · micsentry"])
    expect(page.locator("#micsentry-heading")).to_have_text(said["Microphone check"])
    banner = expect_banner(page, "precall", "browser-denied")
    expect(banner.locator("[data-part=title]")).to_have_text(
        said["{browser} is blocking the microphone for this site"].replace("{browser}", "Chromium"))
    expect(banner.locator("[data-micsentry-action=recheck]")).to_have_text(said["Check again"])
    expect(page.locator("[data-micsentry-permission]")).to_have_text(said["blocked"])
    assert page.evaluate(WIDER_THAN_THE_SCREEN) == [], locale


# What sticks out sideways: the page itself, or any visible element whose content is wider than it.
WIDER_THAN_THE_SCREEN = """(() => {
    const found = [], page = document.documentElement;
    if (page.scrollWidth > page.clientWidth + 1) found.push("page: " + page.scrollWidth + ">" + page.clientWidth);
    for (const element of document.querySelectorAll("[data-micsentry] *")) {
        if (element.checkVisibility() && element.clientWidth > 0 && element.scrollWidth > element.clientWidth + 1
            && getComputedStyle(element).overflowX === "visible") found.push(element.tagName + ": " + element.textContent.slice(0, 60));
    }
    return found;
})()"""


# A tag the site has no catalog of by that name, and the catalog its readers get.
FALLBACKS = [("zh-TW", "zh-Hant"), ("zh-HK", "zh-Hant"), ("zh-MO", "zh-Hant"), ("zh-Hant-HK", "zh-Hant"),
             ("zh-hant", "zh-Hant"), ("zh", "zh-Hans"), ("zh-CN", "zh-Hans"), ("zh-SG", "zh-Hans"),
             ("zh-Hans-CN", "zh-Hans"), ("nb", "nb"), ("no", "nb"), ("nn", "nb"), ("nn-NO", "nb"), ("no-NO", "nb"),
             ("he", "he"), ("iw", "he"), ("iw-IL", "he"), ("pt-PT", "pt-BR"), ("de-AT", "de"), ("sv-FI", "sv"),
             ("uk-UA", "uk"), ("tlh", None), ("", None)]


def test_tags_fall_back_by_language_and_chinese_by_script(page, mic, site_url):
    mic.grant()
    page.goto(check_url(site_url, "micropython"))
    wait_for_verdict(page)
    found = page.evaluate("""async (tags) => {
        const {matchLocale} = await import(new URL("static/loader.js", document.baseURI).href);
        return tags.map(matchLocale);
    }""", [wanted for wanted, _ in FALLBACKS])
    assert found == [shown for _, shown in FALLBACKS]


@pytest.mark.browser_context_args(locale="iw")
def test_a_browser_in_hebrew_under_its_old_code_reads_right_to_left(page, mic, site_url, runtime):
    mic.deny()
    page.goto(check_url(site_url, runtime))
    root = wait_for_verdict(page)
    expect(page.locator("html")).to_have_attribute("lang", "he")
    expect(root).to_have_attribute("dir", "rtl")
    expect_banner(page, "precall", "browser-denied")
