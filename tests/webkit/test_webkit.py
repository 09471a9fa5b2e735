"""The check page and the widget on real WebKitGTK (MiniBrowser 2.50 under WebKitWebDriver), both
runtimes: what WebKit reports lands on the right cause (docs/reference/browsers.md).

What WebKit under automation cannot produce is listed in the docs with the reason: a denial by the
user (automation grants every media request; WebKitWebDriver has no permissions command), and so no
revoke round trip either.
"""

import json
from pathlib import Path

import pytest

from webkit_pages import CAPTURE, INJECTIONS, wait_started, wait_until
from pytest_micsentry.acs import diagnostics_double_source
from pytest_micsentry.origins import INSECURE_HOST, frame_host_origin, host_page

ROOT = Path(__file__).resolve().parents[2]
VERDICT = """["ok", "warning", "error"].includes(document.querySelector("[data-micsentry]")?.dataset.state)"""
FOUND = """(() => { const root = document.querySelector("[data-micsentry]");
  return {state: root.dataset.state, runtime: root.dataset.runtime,
    cause: document.querySelector('[data-micsentry-banner][data-phase="precall"]')?.dataset.cause ?? null,
    detail: document.querySelector(".micsentry-banner__detail")?.textContent ?? "",
    permission: document.querySelector("[data-micsentry-permission]").dataset.permission,
    status: document.querySelector("[data-micsentry-status]").textContent,
    lang: document.documentElement.lang, secure: isSecureContext}; })()"""
# WebKit's own words (Source/WebCore, as in libwebkit2gtk-4.1) for what this machine cannot produce.
WEBKIT_NOT_ALLOWED = ("The request is not allowed by the user agent or the platform in the current context, "
                      "possibly because the user denied permission.")
WEBKIT_DEVICE_FAILED = "Failed to start the audio device"


def verdict(driver):
    wait_started(driver, VERDICT)
    return driver.execute_script("return " + FOUND)


def reject_with(name, message):
    # A DOMException made by WebKit has no stack, as the engine's own have not.
    return "MediaDevices.prototype.getUserMedia = () => Promise.reject(new DOMException(%s, %s));" % (
        json.dumps(message), json.dumps(name))


def test_granted(webkit, site_url, runtime):
    driver = webkit()
    driver.get("%s?runtime=%s" % (site_url, runtime))
    found = verdict(driver)
    assert (found["state"], found["runtime"], found["cause"]) == ("ok", runtime, None)
    # WebKit answers permissions.query({name: "microphone"}) with "prompt" even after the grant.
    assert found["permission"] == "prompt"


def test_no_device(webkit, site_url, runtime):
    """No mock devices and no hardware: WebKit rejects with OverconstrainedError, not NotFoundError."""
    driver = webkit(mock_devices=False)
    driver.get("%s?runtime=%s" % (site_url, runtime))
    found = verdict(driver)
    assert found["cause"] == "no-device"
    assert found["detail"] == "Your browser said: OverconstrainedError: Invalid constraint"
    assert found["status"] == "No microphone was found."


def test_a_webkit_without_media_capture(webkit, site_url, runtime):
    """A WebKit built or set up without media streams (navigator.mediaDevices missing): unsupported."""
    driver = webkit(args=["--enable-media-stream=false"])
    driver.get("%s?runtime=%s" % (site_url, runtime))
    found = verdict(driver)
    assert (found["cause"], found["status"]) == ("unsupported", "Safari cannot use a microphone on web pages.")


@pytest.mark.parametrize("name, message, cause", [
    # WebKit's permissions.query says "prompt" before and after an answer: a refusal reads as one
    # dismissed or refused prompt, whose advice is to check again and choose Allow.
    ("NotAllowedError", WEBKIT_NOT_ALLOWED, "prompt-dismissed"),
    ("NotReadableError", WEBKIT_DEVICE_FAILED, "device-in-use"),
])
def test_webkit_errors(webkit, site_url, runtime, name, message, cause):
    """A denial and a device that fails to start, in WebKit's words, injected before the page's scripts."""
    INJECTIONS[name] = reject_with(name, message)
    driver = webkit()
    driver.get("%s?runtime=%s&inject=%s" % (site_url, runtime, name))
    found = verdict(driver)
    assert found["cause"] == cause
    assert found["detail"] == "Your browser said: %s: %s" % (name, message)


def test_a_runtime_that_crashes_while_starting(webkit, site_url, runtime):
    """JavaScriptCore's own trap in the runtime's first call: the failure at once, in its words."""
    INJECTIONS["trap"] = (ROOT / "tests" / "trap_on_start.js").read_text()
    driver = webkit()
    driver.get("%s?runtime=%s&inject=trap" % (site_url, runtime))
    wait_until(driver, VERDICT)
    found = driver.execute_script("return " + FOUND)
    assert (found["state"], found["cause"]) == ("error", "failure")
    assert driver.execute_script('return document.querySelector("[data-micsentry-banner]").textContent').count(
        "Out of bounds memory access") == 1
    errors = driver.execute_script("return window.__webkit.errors.splice(0)")  # expected here, not left for teardown
    assert [error for error in errors if "Out of bounds memory access" not in error] == []


def test_an_insecure_origin(webkit, site_url, runtime):
    driver = webkit()
    driver.get("%s?runtime=%s" % (site_url.replace("//localhost:", "//%s:" % INSECURE_HOST), runtime))
    found = verdict(driver)
    assert (found["cause"], found["secure"]) == ("insecure-context", False)


@pytest.mark.parametrize("allow, cause", [(None, "policy-blocked"), ("microphone", None)])
def test_a_cross_origin_frame(webkit, site_url, runtime, allow, cause):
    driver = webkit()
    src = "%s?runtime=%s" % (site_url, runtime)
    driver.get("%s/frame?src=%s%s" % (frame_host_origin(), src.replace("?", "%3F").replace("&", "%26"),
                                      "&allow=" + allow if allow else ""))
    driver.switch_to.frame(driver.find_element("id", "micsentry-frame"))
    found = verdict(driver)
    assert found["cause"] == cause
    assert driver.execute_script("return window.__webkit.errors") == []
    if cause:  # WebKit's own refusal: permissions.query says "denied" in the frame
        assert (found["permission"], found["detail"]) == ("denied", "Your browser said: NotAllowedError: " + WEBKIT_NOT_ALLOWED)


def test_german_webkit(webkit, site_url, runtime):
    """WebKitGTK's navigator.language is the process's locale (tools/install_webkit.sh compiles de_DE)."""
    driver = webkit(env={"LANG": "de_DE.UTF-8", "LANGUAGE": "de_DE:de"})
    driver.get("%s?runtime=%s" % (site_url, runtime))
    found = verdict(driver)
    assert (found["lang"], found["status"]) == ("de", "Ihr Mikrofon ist bereit.")
    assert driver.execute_script("return navigator.language") == "de-DE"


def calling_app(head, body):
    """A third-party calling app's page (another loopback origin) whose console errors are collected."""
    return host_page("<!doctype html><html lang=en><head><meta charset=utf-8><link rel=icon href='data:,'>"
                     "<title>Calling app</title><script>%s</script>%s</head><body>%s</body></html>"
                     % (CAPTURE, head, body))


def test_the_widget_and_its_in_call_banners(webkit, site_url, runtime):
    page = calling_app("<script>%s</script><script type=module src='%smicsentry.js'></script>"
                       % (diagnostics_double_source(), site_url), "<mic-sentry id=w runtime='%s'></mic-sentry>" % runtime)
    driver = webkit()
    driver.get(page)
    wait_started(driver, 'document.getElementById("w")?.state?.precall === "ok"')
    driver.execute_script('window.feature = new UfdFeatureDouble(); document.getElementById("w").attach(feature);'
                          'feature.raise("microphonePermissionDenied", true);')
    wait_until(driver, 'document.getElementById("w").state.incallCause === "mic-permission-denied"', timeout=15)
    assert wait_until(driver, 'document.getElementById("w").shadowRoot.querySelector("[data-micsentry-banner][data-phase=incall]'
                              '[data-cause=mic-permission-denied]")?.getAttribute("role")', timeout=15) == "alert"
    driver.execute_script('feature.raise("microphonePermissionDenied", false);')
    wait_until(driver, 'document.getElementById("w").state.incall === "ok"', timeout=15)
    assert driver.execute_script('document.getElementById("w").detach(); return feature.listenerCount;') == 0


def test_the_iframe_and_its_messages(webkit, site_url, runtime):
    """embed.html in a calling app's iframe: ready and change messages out, attach and a diagnostic in."""
    page = calling_app("<script>window.messages = []; addEventListener('message', (event) =>"
                       " messages.push({origin: event.origin, data: event.data}));</script>",
                       "<iframe id=f src='%sembed.html?runtime=%s' allow=microphone width=700 height=500></iframe>"
                       % (site_url, runtime))
    driver = webkit()
    driver.get(page)
    wait_until(driver, "messages.some((m) => m.data?.type === 'change' && m.data.detail.phase === 'precall')")
    ready = driver.execute_script("return messages.find((m) => m.data?.type === 'ready')")
    assert ready == {"origin": site_url.rstrip("/"), "data": {"micsentry": 1, "type": "ready", "runtime": runtime}}
    for message in ({"micsentry": 1, "type": "attach"},
                    {"micsentry": 1, "type": "diagnostic", "diagnostic": "microphonePermissionDenied", "value": True,
                     "valueType": "DiagnosticFlag"}):
        driver.execute_script("const f = document.getElementById('f');"
                              "f.contentWindow.postMessage(arguments[0], new URL(f.src).origin);", message)
    wait_until(driver, "messages.some((m) => m.data?.detail?.cause === 'mic-permission-denied')", timeout=15)
    driver.switch_to.frame(driver.find_element("id", "f"))
    assert wait_until(driver, 'document.querySelector("[data-micsentry-banner][data-phase=incall]'
                              '[data-cause=mic-permission-denied]")?.getAttribute("role")', timeout=15) == "alert"
    assert driver.execute_script("return window.__webkit.errors") == []
