"""Issue 4 in the browser: level check, device picker, watch(stream), the report and its round trip."""

import json

from playwright.sync_api import expect

from micsentry import cli
from pytest_micsentry import expect_banner
from pytest_micsentry.expect import expect_no_banner

RECORD_LEVELS = """
window.__levels = [];
new MutationObserver(() => {
  const meter = document.querySelector("[data-micsentry-level]");
  if (meter) window.__levels.push(meter.value);
}).observe(document, {subtree: true, attributes: true, attributeFilter: ["aria-valuetext"]});
"""


def test_meter_moves_with_the_fake_devices_tone(page, context, mic, open_check):
    mic.grant()
    context.add_init_script(script=RECORD_LEVELS)
    open_check()
    meter = page.locator("[data-micsentry-level]")
    expect(meter).to_be_visible()
    expect(page.locator("[data-micsentry-level-text]")).to_contain_text("at most", timeout=15000)
    assert max(page.evaluate("window.__levels")) > 0.2
    expect(page.locator("[data-micsentry]")).to_have_attribute("data-state", "ok")
    expect(page.locator('[data-micsentry-action="level"]')).to_be_visible()


def test_granted_but_silent_microphone(page, mic, open_check):
    mic.silence()
    root = open_check()
    expect_banner(page, "precall", "mic-silent", timeout=20000)
    expect(root).to_have_attribute("data-state", "warning")


def test_device_picker_is_remembered(page, mic, open_check):
    mic.grant()
    open_check()
    picker = page.locator("[data-micsentry-device]")
    expect(picker.locator("option")).to_have_count(3)
    expect(picker.locator("option").first).not_to_have_text("")
    second = picker.locator("option").nth(1).get_attribute("value")
    picker.select_option(second)
    expect(page.locator("[data-micsentry]")).to_have_attribute("data-state", "ok")
    page.reload()
    expect(page.locator("[data-micsentry]")).to_have_attribute("data-state", "ok", timeout=60000)
    expect(picker).to_have_value(second)


def start_test_call(page):
    page.get_by_role("button", name="Start a test call").click()
    expect(page.locator("[data-micsentry]")).to_have_attribute("data-incall", "ok")
    expect(page.get_by_role("button", name="End test call")).to_be_visible()


def test_watch_raises_the_banner_on_revoke(page, mic, open_check):
    mic.grant()
    open_check()
    start_test_call(page)
    mic.revoke()
    banner = expect_banner(page, "incall", "mic-permission-denied")
    expect(banner).to_have_attribute("data-ufd", "microphonePermissionDenied")
    page.get_by_role("button", name="End test call").click()
    expect(page.locator("[data-micsentry]")).to_have_attribute("data-incall", "idle")
    expect_no_banner(page, "incall")


def test_watch_raises_the_banner_on_an_ended_track(page, mic, open_check):
    mic.grant()
    open_check()
    start_test_call(page)
    mic.in_use()  # another program takes the device: the live track ends
    expect_banner(page, "incall", "mic-not-functioning")


def test_watch_follows_the_network(page, context, mic, open_check):
    mic.grant()
    open_check()
    start_test_call(page)
    context.set_offline(True)
    expect_banner(page, "incall", "network-reconnect")
    context.set_offline(False)
    expect_no_banner(page, "incall")


def test_watch_a_silent_track(page, mic, open_check):
    mic.silence()
    open_check()
    start_test_call(page)
    expect_banner(page, "incall", "mic-silent", timeout=20000)


def test_watch_api_takes_a_stream_and_refuses_the_rest(page, mic, open_check):
    mic.grant()
    open_check()
    assert page.evaluate("window.micsentry.watch('not a stream')") is False
    assert page.evaluate("""async () => {
        const stream = await navigator.mediaDevices.getUserMedia({audio: true});
        return window.micsentry.watch(stream);
    }""") is True
    expect(page.locator("[data-micsentry]")).to_have_attribute("data-incall", "ok")
    assert page.evaluate("window.micsentry.detach()") is True


def download_report(page, tmp_path):
    with page.expect_download() as info:
        page.get_by_role("button", name="Download report").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path


def test_report_downloads_and_the_command_line_reads_it(page, mic, open_check, tmp_path, capsys):
    mic.deny()
    open_check()
    path = download_report(page, tmp_path)
    assert path.name.startswith("micsentry-report-") and path.suffix == ".json"
    data = json.loads(path.read_text())
    assert data["schema"] == "micsentry.report/1"
    assert data["precall"]["cause"] == "browser-denied"
    # Headless Chromium's Client Hints name only the engine; outside an app's own browser app is null.
    assert data["environment"]["browser"] == "chromium" and data["environment"]["app"] is None
    assert [e["kind"] for e in data["timeline"]][:2] == ["permission", "get-user-media"]
    assert cli.main(["diagnose", str(path)]) == 1
    assert "browser-denied" in capsys.readouterr().out


def test_report_of_a_call_with_a_revoke(page, mic, open_check, tmp_path, capsys):
    mic.grant()
    open_check()
    start_test_call(page)
    mic.revoke()
    expect_banner(page, "incall", "mic-permission-denied")
    path = download_report(page, tmp_path)
    assert cli.main(["diagnose", str(path), "--json"]) == 1
    diagnosis = json.loads(capsys.readouterr().out)
    # watch() is not ACS: the log cannot say whether an app called askDevicePermission, and says so.
    assert diagnosis["asked"] == "unknown" and diagnosis["cause"] == "mic-permission-denied"
    assert "the browser permission reads denied" in diagnosis["evidence"]


def test_copy_summary(page, context, mic, open_check, site_url):
    mic.grant()
    context.grant_permissions(["clipboard-read", "clipboard-write", "microphone"], origin=site_url.rstrip("/"))
    open_check()
    page.get_by_role("button", name="Copy summary").click()
    expect(page.locator("[data-micsentry-tools-status]")).to_have_text(
        "Summary copied: paste it into your support request.")
    assert "Diagnosis: ok" in page.evaluate("navigator.clipboard.readText()")
