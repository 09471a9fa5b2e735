"""The accessibility suite: axe-core (WCAG 2.2 A/AA and best practice) over every state a user can
see, in light and dark, at 1280 and 320 px, in English and in Arabic (right to left), and keyboard
checks. Each state leaves its pictures and what it told the user in ``build/screenshots/<lang>/``:
``<state>-<scheme>-<width>.png`` and ``<state>.json``, from which the docs build its gallery
(``py/micsentry_site/docs_gallery.py``).

axe-core comes from npm (web/package.json, pinned) and is injected by a script tag, which the site's
Content-Security-Policy refuses: these contexts bypass CSP (Playwright's ``bypass_csp``) so that the
product sends exactly the headers it always does. The markup is the same on both runtimes (the
pseudo-locale suite runs both): this suite runs on MicroPython, the faster start.
"""

import json
import os

import pytest
from playwright.sync_api import expect

from pages import MEDIA_FAULTS, check_url, wait_for_verdict, wait_until
from pytest_micsentry import expect_banner
from pytest_micsentry.acs import diagnostics_double_source
from pytest_micsentry.origins import host_page, insecure_url
from test_browsers import INSTAGRAM_IOS, override
from test_incall_diagnostics import WATCHED
from test_languages import open_call

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AXE = os.path.join(ROOT, "web", "node_modules", "axe-core", "axe.min.js")
SHOTS = os.path.join(ROOT, "build", "screenshots")
RUNTIME = "micropython"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
# (colour scheme, viewport width): both schemes on a desktop and on the narrowest phone.
LOOKS = [("light", 1280), ("dark", 1280), ("light", 320), ("dark", 320)]
# English, and Arabic for a language written right to left: every state the docs' gallery shows.
# Arabic is looked at on the phone in both schemes (the gallery's pictures) and on a desktop in one:
# the markup and the colours are the scheme's own in every language.
LANGS = ["en", "ar"]
LOOKS_BY_LANG = {"ar": [("light", 1280), ("light", 320), ("dark", 320)]}

pytestmark = pytest.mark.browser_context_args(bypass_csp=True)

# Each frame is checked on its own (with axe inside it): axe's own frame messaging would wait for
# frames that have none, so frames are left out of each run and "frame-tested" with them.
RUN = """async (tags) => {
    const found = await axe.run(document, {runOnly: {type: "tag", values: tags}, iframes: false,
                                          rules: {"frame-tested": {enabled: false}}, resultTypes: ["violations"]});
    return found.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
                                         nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5)}));
}"""
SCROLLS = "document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"
HOST_HEAD = ("<!doctype html><html lang=en><head><meta charset=utf-8><meta name=viewport "
             "content='width=device-width, initial-scale=1'><meta name=color-scheme content='light dark'>"
             "<link rel=icon href='data:,'><title>Calling app</title>"
             "<style>:root{color-scheme:light dark} body{margin:0;padding:8px;font-family:system-ui}"
             "iframe{width:100%;border:1px solid}</style>")


def frames_of(page):
    return [frame for frame in page.frames if frame.url.startswith("http")]


def axe(page):
    """Violations on the page and in each of its frames: of any impact, minor included (every state
    has none; serious or critical would be the usual bar)."""
    found = []
    for frame in frames_of(page):
        if not frame.evaluate("typeof axe !== 'undefined'"):
            frame.add_script_tag(path=AXE)
        found += [dict(violation, frame=frame.url) for violation in frame.evaluate(RUN, TAGS)]
    return found


# What the user is told, as shown: banners and notices of the page, its frames and its widgets'
# shadow roots, and the status line.
TOLD = """() => {
    const roots = [document, ...[...document.querySelectorAll("mic-sentry")].map((w) => w.shadowRoot).filter(Boolean)];
    const text = (e, part) => (e.querySelector("[data-part=" + part + "]")?.textContent || "").trim();
    const told = {status: [], banners: [], notices: []};
    for (const root of roots) {
        for (const s of root.querySelectorAll("[data-micsentry-status]")) told.status.push(s.textContent.trim());
        for (const b of root.querySelectorAll("[data-micsentry-banner]")) told.banners.push({
            phase: b.dataset.phase, cause: b.dataset.cause, title: text(b, "title"), summary: text(b, "summary"),
            steps: [...b.querySelectorAll("[data-part=steps] li")].map((li) => li.textContent.trim()),
            detail: text(b, "detail")});
        for (const n of root.querySelectorAll("[data-micsentry-notice]")) told.notices.push({
            cause: n.dataset.cause, text: n.innerText.trim()});
    }
    return told;
}"""


def record(page, name, lang):
    """What the state told the user, beside its pictures: the docs' gallery shows it."""
    told = {"state": name, "lang": lang, "frames": [frame.evaluate(TOLD) for frame in frames_of(page)]}
    with open(os.path.join(SHOTS, lang, name + ".json"), "w", encoding="utf-8") as out:
        json.dump(told, out, ensure_ascii=False, indent=1)


def check_looks(page, name, lang="en"):
    """axe, no sideways scrolling and a screenshot, in each scheme and width; what it told, once."""
    problems = []
    os.makedirs(os.path.join(SHOTS, lang), exist_ok=True)
    record(page, name, lang)
    for scheme, width in LOOKS_BY_LANG.get(lang, LOOKS):
        page.emulate_media(color_scheme=scheme)
        page.set_viewport_size({"width": width, "height": 800})
        page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
        look = "%s-%s-%d" % (name, scheme, width)
        problems += [dict(violation, look=look) for violation in axe(page)]
        if width <= 360:
            problems += [{"look": look, "id": "scrolls sideways", "frame": frame.url}
                         for frame in frames_of(page) if frame.evaluate(SCROLLS)]
        page.screenshot(path=os.path.join(SHOTS, lang, look + ".png"), full_page=True)
    page.emulate_media(color_scheme="light")
    assert not problems, "\n".join(str(problem) for problem in problems)


# -- every pre-call cause ---------------------------------------------------------------------
@pytest.mark.parametrize("state,cause", [("granted", "ok"), ("denied", "browser-denied"),
                                         ("prompt", "prompt-dismissed"), ("os-blocked", "os-blocked"),
                                         ("in-use", "device-in-use"), ("no-device", "no-device"),
                                         ("silent", "mic-silent")])
@pytest.mark.parametrize("lang", LANGS)
def test_each_precall_state(page, mic, site_url, state, cause, lang):
    mic.set(state)
    page.goto(check_url(site_url, RUNTIME, lang=lang))
    root = wait_for_verdict(page)
    if cause == "ok":
        expect(root).to_have_attribute("data-state", "ok")
    else:
        expect_banner(page, "precall", cause, timeout=20000)
    check_looks(page, "precall-" + cause, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_the_causes_mic_cannot_set(page, context, mic, site_url, lang):
    mic.grant()
    page.goto(insecure_url(context, check_url(site_url, RUNTIME, lang=lang)))
    wait_for_verdict(page)
    expect_banner(page, "precall", "insecure-context")
    check_looks(page, "precall-insecure-context", lang)
    page.goto(host_page(HOST_HEAD + "</head><body><main><h1>Calling app</h1><iframe title='Microphone check' "
                        "src='%s' height=700></iframe></main></body></html>" % check_url(site_url, RUNTIME, lang=lang)))
    frame = page.frame_locator("iframe")
    expect_banner(frame, "precall", "policy-blocked", timeout=60000)
    check_looks(page, "precall-policy-blocked", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_unsupported_unknown_no_answer_and_in_app(page, context, mic, site_url, lang):
    context.grant_permissions(["microphone"])  # mic.grant() would put its own getUserMedia back
    context.add_init_script(script=MEDIA_FAULTS)
    for query, cause in (({"media": "bare"}, "unsupported"), ({"media": "weird"}, "unknown-error"),
                         ({"media": "hang"}, "no-answer")):
        page.goto(check_url(site_url, RUNTIME, lang=lang, **query))
        expect_banner(page, "precall", cause, timeout=20000)
        check_looks(page, "precall-" + cause, lang)
    override(page, INSTAGRAM_IOS)
    mic.deny()
    page.goto(check_url(site_url, RUNTIME, lang=lang))
    wait_for_verdict(page)
    expect_banner(page, "precall", "in-app-browser")
    check_looks(page, "precall-in-app-browser", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_the_failure_banner(page, mic, context, site_url, guard, lang):
    mic.grant()
    guard.allow_error("")  # the browser and the runtime log the failed download themselves
    context.route("**/runtime/**/*.wasm", lambda route: route.fulfill(status=404, body="gone"))
    page.goto(check_url(site_url, RUNTIME, lang=lang))
    expect(page.locator("[data-micsentry]")).to_have_attribute("data-state", "error", timeout=30000)
    expect_banner(page, "precall", "failure")
    check_looks(page, "failure", lang)


# -- during a call ------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_every_incall_banner_and_the_listeners_notices(page, context, mic, site_url, lang):
    open_call(page, context, mic, check_url(site_url, RUNTIME, lang=lang))
    for diagnostic, value, cause in WATCHED:
        page.evaluate("feature.raise(%r, %s)" % (diagnostic, value))
        expect_banner(page, "incall", cause)
        check_looks(page, "incall-" + cause, lang)
        page.evaluate("feature.raise(%r, %s)" % (diagnostic, "1" if value == "3" else "false"))
    for index, (diagnostic, value) in enumerate((("microphonePermissionDenied", "true"), ("networkReconnect", "3"),
                                                 ("noMicrophoneDevicesEnumerated", "true"),
                                                 ("microphoneNotFunctioning", "true"))):
        page.evaluate('feature.remote.raise("p%d", %r, %s, {name: "Guest %d"})' % (index, diagnostic, value, index))
    expect(page.locator("[data-micsentry-notice]")).to_have_count(3)
    check_looks(page, "remote-notices", lang)


def test_a_revoke_during_the_test_call_is_one_banner(page, mic, site_url):
    """The demo's test call: the in-call banner folds the pre-call warning, and the level meter says
    that no microphone is live instead of showing its last reading."""
    mic.grant()
    page.goto(check_url(site_url, RUNTIME))
    wait_for_verdict(page)
    row = page.locator("[data-micsentry-level-row]")
    expect(row).to_have_attribute("data-live", "false", timeout=20000)  # the level test ran and ended
    page.click('[data-micsentry-action="test-call"]')
    expect(page.locator("[data-micsentry]")).to_have_attribute("data-incall", "ok")
    mic.revoke()
    banner = expect_banner(page, "incall", "mic-permission-denied")
    expect(banner).to_have_attribute("data-folds", "browser-denied")
    expect(page.locator("[data-micsentry-banner]")).to_have_count(1)
    expect(banner.locator('[data-micsentry-action="recheck"]')).to_be_visible()
    expect_banner(page, "precall", "browser-denied")  # the plugin finds the folded warning too
    expect(page.locator("[data-micsentry-level-text]")).to_have_text(
        "No live microphone: the level shows again once the check passes")
    expect(page.locator("[data-micsentry-level]")).to_have_js_property("value", 0)
    check_looks(page, "incall-folded")
    page.click('[data-micsentry-action="test-call"]')  # the call ends: the check's own banner is back
    expect_banner(page, "precall", "browser-denied")
    expect(page.locator('[data-micsentry-banner][data-phase="incall"]')).to_have_count(0)


@pytest.mark.browser_context_args(locale="ar", bypass_csp=True)
def test_right_to_left_from_the_browsers_language(page, mic, site_url):
    """The states above are looked at in Arabic through ?lang=ar; the browser's own language gets there too."""
    mic.deny()
    page.goto(check_url(site_url, RUNTIME))
    root = wait_for_verdict(page)
    expect(root).to_have_attribute("dir", "rtl")
    expect(root).to_have_attribute("lang", "ar")
    expect_banner(page, "precall", "browser-denied")
    assert not axe(page)


# -- embedded ---------------------------------------------------------------------------------
def widget_host(site_url, body):
    return host_page(HOST_HEAD + "<script>" + diagnostics_double_source() + "</script>"
                     + '<script type="module" src="%smicsentry.js"></script></head><body><main>'
                     '<h1>Calling app</h1>%s</main></body></html>' % (site_url, body))


@pytest.mark.parametrize("lang", LANGS)
def test_the_widget_on_a_host_page(page, mic, site_url, lang):
    mic.deny()
    page.goto(widget_host(site_url, '<mic-sentry id=w runtime="%s" lang="%s"></mic-sentry>' % (RUNTIME, lang)))
    widget = page.locator("mic-sentry")
    expect_banner(widget, "precall", "browser-denied", timeout=60000)
    check_looks(page, "widget-precall", lang)
    page.evaluate("window.feature = new UfdFeatureDouble(); document.getElementById('w').attach(feature)")
    page.evaluate("feature.raise('networkReconnect', 3)")
    expect_banner(widget, "incall", "network-reconnect")
    check_looks(page, "widget-incall", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_embed_html_in_a_frame_fits_it(page, mic, site_url, lang):
    mic.deny()
    page.goto(host_page(HOST_HEAD + "</head><body><main><h1>Calling app</h1>"
                        "<iframe id=f title='Microphone check' allow=microphone src='%sembed.html?runtime=%s&lang=%s'></iframe>"
                        "<script>addEventListener('message', (e) => { if (e.data?.micsentry === 1 && e.data.type === "
                        "'resize') document.getElementById('f').style.height = e.data.height + 'px'; });</script>"
                        "</main></body></html>" % (site_url, RUNTIME, lang)))
    frame = page.frame_locator("#f")
    expect_banner(frame, "precall", "browser-denied", timeout=60000)
    check_looks(page, "embed-precall", lang)
    # The frame is as tall as its content: nothing scrolls inside it, the banner's button shows whole.
    page.set_viewport_size({"width": 360, "height": 800})
    inner = page.frames[1]
    wait_until(page, "document.getElementById('f').clientHeight >= %d"
               % inner.evaluate("Math.ceil(document.documentElement.getBoundingClientRect().height)"))
    assert not inner.evaluate("document.documentElement.scrollHeight > innerHeight + 1")
    expect(frame.locator('[data-micsentry-action="recheck"]')).to_be_in_viewport()


def test_the_example_calling_app(page, mic, site_url):
    mic.grant()
    page.goto(site_url + "examples/calling-app.html")
    expect(page.frame_locator("#frame").locator("[data-micsentry]")).to_have_attribute("data-state", "ok",
                                                                                       timeout=60000)
    wait_until(page, "document.getElementById('widget').state.precall === 'ok'", timeout=60000)
    check_looks(page, "example-app")
    page.get_by_role("button", name="Start pretend call").click()
    wait_until(page, "document.getElementById('widget').state.incall === 'ok'")
    mic.revoke()
    expect_banner(page.locator("mic-sentry"), "incall", "mic-permission-denied")
    expect_banner(page.frame_locator("#frame"), "precall", "browser-denied")
    # The frame grew to its banner: Check again is not cut off at its bottom.
    button = page.frame_locator("#frame").locator('[data-micsentry-action="recheck"]')
    wait_until(page, """() => { const f = document.getElementById("frame");
        return f.clientHeight + 1 >= f.contentDocument.documentElement.getBoundingClientRect().height; }""")
    frame_box = page.locator("#frame").bounding_box()
    button_box = button.bounding_box()
    assert button_box["y"] + button_box["height"] <= frame_box["y"] + frame_box["height"], (button_box, frame_box)
    check_looks(page, "example-app-revoked")


# -- the keyboard -----------------------------------------------------------------------------
# The focused element, through shadow roots; inside a frame the frame says it.
FOCUSED = """() => {
    let element = document.activeElement;
    while (element && element.shadowRoot && element.shadowRoot.activeElement) element = element.shadowRoot.activeElement;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    return {tag: element.tagName, action: element.getAttribute("data-micsentry-action"), id: element.id,
            text: (element.textContent || "").trim().slice(0, 40),
            ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
            visible: element.checkVisibility ? element.checkVisibility() : true};
}"""


def tab_through(page, limit=40):
    """Press Tab until focus leaves the page; every stop on the way, as FOCUSED describes it."""
    stops = []
    page.evaluate("document.activeElement?.blur()")
    for _ in range(limit):
        page.keyboard.press("Tab")
        found = page.evaluate(FOCUSED)
        if found is None:
            return stops
        if found["tag"] == "IFRAME":
            inner = [frame for frame in page.frames if frame.parent_frame is page.main_frame][0]
            found = dict(inner.evaluate(FOCUSED) or {"tag": "IFRAME"}, frame=True)
        stops.append(found)
    raise AssertionError("focus never left the page after %d Tabs (trapped?): %s" % (limit, stops[-5:]))


def test_keyboard_on_the_check_page(page, mic, site_url):
    mic.deny()
    page.goto(check_url(site_url, RUNTIME))
    wait_for_verdict(page)
    expect_banner(page, "precall", "browser-denied")
    stops = tab_through(page)
    actions = [stop["action"] for stop in stops if stop["action"]]
    # Every visible action, in reading order: the banner's button first (the problem, then what to
    # do), then the tools.
    shown = page.evaluate("""[...document.querySelectorAll("[data-micsentry-action]")]
        .filter((e) => e.checkVisibility()).map((e) => e.getAttribute("data-micsentry-action"))""")
    assert actions == shown and actions[:1] == ["recheck"], (actions, shown)
    assert all(stop["ring"] and stop["visible"] for stop in stops), stops
    # Enter on the focused button does what a click does.
    page.evaluate("document.activeElement?.blur()")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["action"] == "recheck"
    page.keyboard.press("Enter")
    expect(page.locator("[data-micsentry]")).to_have_attribute("data-state", "warning")


def test_keyboard_in_the_example_calling_app(page, mic, site_url):
    mic.deny()
    page.goto(site_url + "examples/calling-app.html")
    expect_banner(page.locator("mic-sentry"), "precall", "browser-denied", timeout=60000)
    expect_banner(page.frame_locator("#frame"), "precall", "browser-denied", timeout=60000)
    stops = tab_through(page)
    order = [("frame:" if stop.get("frame") else "") + (stop["action"] or stop["id"] or stop["tag"]) for stop in stops]
    # The widget's button, the app's own controls, the frame's button, then the event log: no trap.
    assert order[0] == "recheck", order
    assert order.index("call") < order.index("frame:recheck") < order.index("log"), order
    assert all(stop.get("ring") and stop.get("visible") for stop in stops), stops


def test_windows_high_contrast(page, mic, site_url):
    """Forced colours drop backgrounds: buttons and banners keep a system-colour border, and the
    focus ring is the system's highlight."""
    mic.deny()
    page.goto(check_url(site_url, RUNTIME))
    wait_for_verdict(page)
    banner = expect_banner(page, "precall", "browser-denied")
    page.emulate_media(forced_colors="active")
    button = banner.locator('[data-micsentry-action="recheck"]')
    for element in (banner, button, page.locator('[data-micsentry-action="report"]')):
        assert element.evaluate("(e) => getComputedStyle(e).borderTopStyle") == "solid"
    page.evaluate("document.activeElement?.blur()")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["action"] == "recheck"
    assert button.evaluate("(e) => getComputedStyle(e).outlineStyle") == "solid"
    os.makedirs(os.path.join(SHOTS, "en"), exist_ok=True)
    page.screenshot(path=os.path.join(SHOTS, "en", "forced-colors.png"), full_page=True)
    assert not axe(page)
