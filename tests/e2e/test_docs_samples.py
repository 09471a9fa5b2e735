"""The embedding examples of docs/embed.md, as they are on the page, in a calling app's page on
another origin: the widget and the iframe reach their verdict and report a revoke during the call.
Only the host's name is put in (``YOUR-MICSENTRY-HOST``), and for the iframe the ACS call the example
takes its diagnostics from is the diagnostics double, built to the SDK's ``.d.ts``."""

import pytest
from playwright.sync_api import expect

from micsentry_site.docs_samples import sample
from pytest_micsentry import expect_banner
from pytest_micsentry.acs import diagnostics_double_source
from pytest_micsentry.origins import host_page

HOST = "https://YOUR-MICSENTRY-HOST/"
HEAD = ("<!doctype html><html lang=en><head><meta charset=utf-8><link rel=icon href='data:,'>"
        "<title>Calling app</title></head><body><main><h1>Calling app</h1>")
# What the iframe example takes from the ACS SDK: `call` and `Features`, with the double behind them.
ACS_CALL = ("<script>" + diagnostics_double_source() + "\nwindow.Features = {UserFacingDiagnostics: 'UserFacingDiagnostics'};"
            "\nwindow.call = {feature: () => (window.feature ??= new UfdFeatureDouble())};</script>")


def placed(code, site_url):
    """The example with micsentry's files where this test serves them: the docs name the host
    ``YOUR-MICSENTRY-HOST``, the README the app's own folder ``/micsentry/``."""
    assert HOST in code or '"/micsentry/' in code, "the example names micsentry's host as %s" % HOST
    return code.replace(HOST, site_url).replace('"/micsentry/', '"' + site_url)


def logged(page):
    lines = []
    page.on("console", lambda message: lines.append(message.text) if message.text.startswith("micsentry ") else None)
    return lines


def wait_for_line(page, lines, line):
    for _ in range(300):
        if line in lines:
            return
        page.wait_for_timeout(100)
    raise AssertionError("never logged %r; logged: %s" % (line, lines))


@pytest.mark.parametrize("runtime", ["micropython"])
def test_the_widget_example(page, mic, site_url, runtime):
    mic.grant()
    lines = logged(page)
    page.goto(host_page(HEAD + placed(sample("embed.md", "widget"), site_url) + "</main></body></html>"))
    wait_for_line(page, lines, "micsentry precall ok ok")
    wait_for_line(page, lines, "micsentry incall ok null")  # the example's stream is watched
    mic.revoke()  # the grant taken back during the call: the watched stream's track ends
    wait_for_line(page, lines, "micsentry incall warning mic-permission-denied")
    expect_banner(page.locator("mic-sentry"), "incall", "mic-permission-denied")


@pytest.mark.parametrize("runtime", ["micropython"])
def test_the_readme_widget_example(page, mic, site_url, runtime):
    """The README's: attached to an ACS call's diagnostics (the double behind `call` and `Features`)."""
    mic.grant()
    lines = []
    page.on("console", lambda message: lines.append(message.text))
    page.goto(host_page(HEAD + ACS_CALL + placed(sample("../README.md", "widget"), site_url) + "</main></body></html>"))
    widget = page.locator("mic-sentry")
    page.wait_for_function("document.getElementById('mic').state.precall === 'ok'", timeout=30000)
    page.wait_for_function("window.feature && window.feature.listenerCount > 0")
    page.evaluate("feature.raise('microphonePermissionDenied', true)")
    expect_banner(widget, "incall", "mic-permission-denied")
    assert any("mic-permission-denied" in line for line in lines), lines  # the detail, logged


@pytest.mark.parametrize("runtime", ["micropython"])
def test_the_iframe_example(page, mic, site_url, runtime):
    mic.grant()
    lines = logged(page)
    page.goto(host_page(HEAD + placed(sample("embed.md", "iframe-element"), site_url) + ACS_CALL
                        + "<script type=module>" + sample("embed.md", "iframe") + "</script></main></body></html>"))
    wait_for_line(page, lines, "micsentry precall ok ok")
    page.wait_for_function("window.feature && window.feature.listenerCount > 0")  # attached on "ready"
    page.evaluate("feature.raise('microphonePermissionDenied', true)")
    wait_for_line(page, lines, "micsentry incall warning mic-permission-denied")
    expect_banner(page.frame_locator("#micsentry"), "incall", "mic-permission-denied")
    # The frame took its content's height from the resize messages.
    expect(page.locator("#micsentry")).to_have_attribute("style", "height: %dpx;" % page.frames[1].evaluate(
        "Math.ceil(document.documentElement.getBoundingClientRect().height)"))
