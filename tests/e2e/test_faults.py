"""Faults end in a clear answer within a stated time: a getUserMedia that never settles, a
permissions API that throws or hangs, blocked storage, the ACS SDK missing. Each test measures how
long the user waits and prints it; the answer itself shows which bound ended the wait (a "did not
answer" banner after the 8 s deadline, an "unknown" permission after 2 s, the cause at once), so no
test asserts a time: a loaded machine starts a runtime slower, and make bench measures."""

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from pages import check_url, wait_for_verdict, wait_until
from pytest_micsentry import expect_banner


def timed(page, url):
    started = time.monotonic()
    page.goto(url)
    root = wait_for_verdict(page)
    waited = time.monotonic() - started
    print("\n%s: the user waited %.1f s" % (url, waited))
    return root, waited


# These two replace getUserMedia themselves, so they grant through Playwright rather than `mic`
# (whose emulation wraps the browser's own getUserMedia first).
def test_a_get_user_media_that_never_answers(page, context, site_url, runtime):
    context.grant_permissions(["microphone"])
    context.add_init_script(script="""
        MediaDevices.prototype.getUserMedia = function () { return new Promise(() => {}); };""")
    root, _ = timed(page, check_url(site_url, runtime))
    banner = expect_banner(page, "precall", "no-answer")
    expect(banner).to_contain_text("did not answer")
    expect(banner.locator('[data-micsentry-action="recheck"]')).to_be_visible()


def test_a_late_stream_is_stopped(page, context, site_url, runtime):
    """The driver answers after the deadline: the stream is stopped at once, nothing holds the microphone."""
    context.grant_permissions(["microphone"])
    context.add_init_script(script="""
        window.__tracks = [];
        const real = MediaDevices.prototype.getUserMedia;
        MediaDevices.prototype.getUserMedia = function (constraints) {
            return new Promise((resolve) => setTimeout(() => real.call(this, constraints).then((stream) => {
                window.__tracks.push(...stream.getTracks()); resolve(stream); }), 9000));
        };""")
    timed(page, check_url(site_url, runtime))
    expect_banner(page, "precall", "no-answer")
    wait_until(page, "window.__tracks.length > 0", timeout=15000)
    wait_until(page, "window.__tracks.every((track) => track.readyState === 'ended')", timeout=5000)


@pytest.mark.parametrize("fault", [
    "Permissions.prototype.query = () => new Promise(() => {});",
    "Permissions.prototype.query = () => { throw new TypeError('no such permission'); };",
])
def test_a_permissions_api_that_hangs_or_throws(page, context, mic, site_url, runtime, fault):
    mic.grant()
    context.add_init_script(script=fault)
    root, _ = timed(page, check_url(site_url, runtime))
    expect(root).to_have_attribute("data-state", "ok")
    expect(page.locator("[data-micsentry-permission]")).to_have_attribute("data-permission", "unknown")


def test_blocked_storage(page, context, mic, site_url, runtime):
    mic.grant()
    context.add_init_script(script="""
        Object.defineProperty(window, "localStorage", {get() { throw new DOMException("denied", "SecurityError"); }});""")
    root, _ = timed(page, check_url(site_url, runtime))
    expect(root).to_have_attribute("data-state", "ok")
    expect(page.locator("[data-micsentry-device]")).to_be_attached()


def test_the_acs_sdk_missing(page, context, mic, site_url, runtime, guard):
    mic.grant()
    context.route("**/runtime/acs-*/**", lambda route: route.fulfill(status=404, body="gone"))
    guard.allow_error("")  # the browser logs the failed download itself
    started = time.monotonic()
    page.goto(check_url(site_url, runtime, sdk="acs"))
    root = page.locator("[data-micsentry]")
    expect(root).to_have_attribute("data-state", "error", timeout=30000)
    print("\nthe ACS SDK missing: the user waited %.1f s" % (time.monotonic() - started))
    banner = expect_banner(page, "precall", "failure")
    expect(banner).to_contain_text("acs-")  # names the file the server refused


def test_the_acs_sdk_throwing(page, context, mic, site_url, runtime):
    """An SDK whose CallClient throws: the check says what the SDK said and goes on with the browser."""
    mic.grant()
    context.route("**/runtime/acs-*/communication-calling.js", lambda route: route.fulfill(
        status=200, content_type="text/javascript",
        body="export class CallClient { constructor() { throw new Error('the SDK broke'); } }\n"
             "export const Features = {};\nexport class AzureCommunicationTokenCredential {}\n"))
    root, _ = timed(page, check_url(site_url, runtime, sdk="acs"))
    expect(root).to_have_attribute("data-state", "ok")
    expect(page.locator("[data-micsentry-sdk]")).to_have_text("ACS SDK failed: Error: the SDK broke")


@pytest.mark.runtime("micropython")  # the loader's own watch, the same for both runtimes
def test_a_runtime_that_stalls(page, context, mic, site_url, runtime, guard):
    """The runtime's WebAssembly never arrives and the server never answers about it either."""
    mic.grant()
    context.route("**/runtime/micropython-*/micropython.wasm", lambda route: None)  # held forever
    guard.allow_error("")
    started = time.monotonic()
    page.goto(check_url(site_url, runtime), wait_until="commit")
    root = page.locator("[data-micsentry]")
    expect(root).to_have_attribute("data-state", "error", timeout=(90 + 5 + 20) * 1000)
    waited = time.monotonic() - started
    print("\na stalled runtime: the user waited %.1f s" % waited)
    expect_banner(page, "precall", "failure")
    expect(page.locator("[data-micsentry-banner]")).to_contain_text("nothing happened for 90 seconds")


# Pyodide raises a rejected promise only when its reason looks like an Error (with a stack): WebKit's
# DOMException and OverconstrainedError have none, and neither has a host app's reject("no"). Such a
# reason once left the Pyodide check waiting forever on WebKit (tests/webkit found it).
@pytest.mark.parametrize("reason, cause", [
    ('{name: "OverconstrainedError", message: "Invalid constraint", constraint: ""}', "no-device"),
    ('{name: "NotReadableError", message: "Failed to start the audio device"}', "device-in-use"),
    ('"NotAllowedError"', "unknown-error"),  # a bare string: no name to go by, but an answer
])
def test_a_rejection_that_is_no_error(page, context, site_url, runtime, reason, cause):
    context.grant_permissions(["microphone"])
    context.add_init_script(script="MediaDevices.prototype.getUserMedia = () => Promise.reject(%s);" % reason)
    root, _ = timed(page, check_url(site_url, runtime))
    expect_banner(page, "precall", cause)


def test_the_acs_sdk_rejecting_with_a_string(page, context, mic, site_url, runtime):
    mic.grant()
    context.route("**/runtime/acs-*/communication-calling.js", lambda route: route.fulfill(
        status=200, content_type="text/javascript",
        body="export class CallClient { async getDeviceManager() {"
             " return { askDevicePermission: () => Promise.reject('no') }; } }\n"
             "export const Features = {};\nexport class AzureCommunicationTokenCredential {}\n"))
    root, _ = timed(page, check_url(site_url, runtime, sdk="acs"))
    expect(root).to_have_attribute("data-state", "ok")
    expect(page.locator("[data-micsentry-sdk]")).to_have_text("ACS SDK failed: Error: no")


# The runtime's WebAssembly traps the first time it is asked to run Python (see the file).
TRAP_ON_START = (Path(__file__).resolve().parents[1] / "trap_on_start.js").read_text()


def test_a_runtime_that_crashes_while_starting(page, context, mic, site_url, runtime, guard):
    """A trap is the end of that start: the failure is shown then, not after the 90 s watch."""
    mic.grant()
    context.add_init_script(script=TRAP_ON_START)
    guard.allow_error("out of bounds")  # the engine's report of the crash
    started = time.monotonic()
    page.goto(check_url(site_url, runtime), wait_until="commit")
    root = page.locator("[data-micsentry]")
    expect(root).to_have_attribute("data-state", "error", timeout=(90 + 5 + 20) * 1000)
    print("\na runtime crashing while it starts: the user waited %.1f s" % (time.monotonic() - started))
    banner = expect_banner(page, "precall", "failure")
    expect(banner).to_contain_text(re.compile("out of bounds", re.IGNORECASE))  # the engine's words
    expect(banner).to_contain_text("Reload the page")
