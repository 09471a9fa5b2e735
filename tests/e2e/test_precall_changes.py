"""The verdict follows the permission while the page stays open, and the user can check again."""

from playwright.sync_api import expect

from pytest_micsentry import expect_banner
from pytest_micsentry.expect import expect_no_banner


def test_revoke_then_grant_round_trip(page, mic, open_check):
    mic.grant()
    root = open_check()
    expect(root).to_have_attribute("data-state", "ok")

    mic.revoke()
    expect_banner(page, "precall", "browser-denied")
    expect(root).to_have_attribute("data-state", "warning")
    expect(page.locator("[data-micsentry-permission]")).to_have_attribute("data-permission", "denied")

    mic.grant()
    expect(root).to_have_attribute("data-state", "ok")
    expect_no_banner(page, "precall")
    expect(page.locator("[data-micsentry-permission]")).to_have_attribute("data-permission", "granted")


def test_revoke_to_prompt(page, mic, open_check):
    mic.grant()
    open_check()
    mic.revoke(to="prompt")
    expect_banner(page, "precall", "prompt-dismissed")
    expect(page.locator("[data-micsentry-permission]")).to_have_attribute("data-permission", "prompt")


def test_check_again_button(page, mic, open_check):
    mic.block_by_system()
    root = open_check()
    expect_banner(page, "precall", "os-blocked")
    mic.grant()  # the user fixed the system setting; the permission itself never changed
    button = page.locator('[data-micsentry-action="recheck"]')
    button.focus()
    page.keyboard.press("Enter")
    expect(root).to_have_attribute("data-state", "ok")
    expect_no_banner(page, "precall")


def test_runtime_that_fails_to_load(page, guard, mic, open_check, runtime):
    mic.grant()
    page.route("**/*.wasm", lambda route: route.abort())
    guard.allow_error("")  # the aborted download is logged by the browser itself
    root = open_check()
    expect(root).to_have_attribute("data-state", "error")
    banner = expect_banner(page, "precall", "failure")
    expect(banner).to_contain_text("Reload the page")
    expect(page.locator("[data-micsentry-status]")).to_have_text("The microphone check could not start.")
    expect(banner).to_contain_text("browser extension")  # nothing answered: something blocked the download


def test_runtime_missing_on_the_server_is_blamed_on_the_server(page, guard, mic, open_check, runtime):
    mic.grant()
    page.route("**/*.wasm", lambda route: route.fulfill(status=404, body="not found"))
    guard.allow_error("")  # the runtime itself logs the failed download
    root = open_check()
    expect(root).to_have_attribute("data-state", "error")
    banner = expect_banner(page, "precall", "failure")
    expect(banner).to_contain_text("answered 404")
    expect(banner).to_contain_text(".wasm")
    expect(banner).to_contain_text("not of your browser")
    expect(banner).not_to_contain_text("extension")


# The package archive of each runtime: MicroPython's file system image, Pyodide's tar.
ARCHIVE = {"micropython": ".romfs", "pyodide": ".tar"}


def test_python_package_missing_on_the_server_is_blamed_on_the_server(page, guard, mic, open_check, runtime):
    mic.grant()
    page.route("**/runtime/micsentry-*/*" + ARCHIVE[runtime], lambda route: route.fulfill(status=404, body="not found"))
    guard.allow_error("")  # the browser logs the failed download
    root = open_check()
    expect(root).to_have_attribute("data-state", "error")
    banner = expect_banner(page, "precall", "failure")
    expect(banner).to_contain_text("answered 404")
    expect(banner).to_contain_text(ARCHIVE[runtime])
    expect(banner).not_to_contain_text("extension")


def test_a_damaged_python_package_ends_in_a_clear_answer(page, guard, mic, open_check, runtime):
    mic.grant()
    page.route("**/runtime/micsentry-*/*" + ARCHIVE[runtime],
               lambda route: route.fulfill(status=200, body="/" * 2048, content_type="application/octet-stream"))
    guard.allow_error("")
    root = open_check()
    expect(root).to_have_attribute("data-state", "error")
    expect(expect_banner(page, "precall", "failure")).to_contain_text("damaged")
