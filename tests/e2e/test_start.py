"""How the check starts: on MicroPython unless told otherwise; every download asked for at once and
each used once; the Python package in one download; none of PyScript's plugins."""

import re

from playwright.sync_api import expect
from pytest_micsentry.origins import cross_origin_frame

from pages import wait_for_verdict
from test_widget import wait_widget, widget_page

PLUGIN_CHUNKS = re.compile(r"/(codemirror|deprecations-manager|donkey|py-editor|py-game|py-terminal|xterm|toml|zip)[-_]")
# Chromium's own words when a preload goes unused or does not match the request that follows.
PRELOAD_WARNING = re.compile(r"preload", re.I)


def test_micropython_is_the_default_everywhere(page, mic, site_url, guard):
    mic.grant()
    page.goto(site_url)
    expect(wait_for_verdict(page)).to_have_attribute("data-runtime", "micropython")
    page.goto(widget_page(site_url, "<mic-sentry></mic-sentry>"))
    assert wait_widget(page)["precall"] == "ok"
    expect(page.locator("mic-sentry [data-micsentry]")).to_have_attribute("data-runtime", "micropython")
    frame = cross_origin_frame(page, site_url + "embed.html", allow="microphone")
    expect(wait_for_verdict(frame)).to_have_attribute("data-runtime", "micropython")


def started(page, guard, open_, runtime):
    warnings = []
    page.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)
    open_()
    page.wait_for_timeout(3500)  # Chromium says "preloaded but not used" a few seconds after load
    requests = [url.split("?")[0] for url in guard.requests if "/runtime/" in url or "/static/" in url]
    assert not [text for text in warnings if PRELOAD_WARNING.search(text)]
    assert not [url for url in requests if PLUGIN_CHUNKS.search(url)]
    assert not [url for url in requests if url.endswith((".py", ".mpy"))]  # no module fetched alone
    archive = "micsentry.romfs" if runtime == "micropython" else "micsentry.tar"
    assert len([url for url in requests if url.endswith("/" + archive)]) == 1
    doubled = sorted({url for url in requests if requests.count(url) > 1})
    assert not doubled, "fetched twice (a preload that did not match its use): %s" % doubled
    return requests


def test_the_page_starts_with_one_download_each(page, mic, guard, open_check, runtime):
    mic.grant()
    requests = started(page, guard, open_check, runtime)
    assert any(url.endswith(".wasm") for url in requests)


def test_the_widget_starts_with_one_download_each(page, mic, guard, site_url, runtime):
    mic.grant()

    def open_widget():
        page.goto(widget_page(site_url, '<mic-sentry runtime="%s"></mic-sentry>' % runtime))
        assert wait_widget(page)["precall"] == "ok"

    started(page, guard, open_widget, runtime)
