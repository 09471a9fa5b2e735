"""The pre-call check through the real ACS Calling SDK: askDevicePermission right after start."""

import pytest
from playwright.sync_api import expect

from pytest_micsentry import expect_banner
from pytest_micsentry.acs import answer_ecs_config

RECORD_STATUS = """
window.__statuses = [];
new MutationObserver(() => {
  const status = document.querySelector("[data-micsentry-status]");
  if (status && window.__statuses.at(-1) !== status.textContent) window.__statuses.push(status.textContent);
}).observe(document, {subtree: true, childList: true, characterData: true});
"""

# (state, expected cause, what askDevicePermission gave)
CASES = [
    ("granted", "ok", "true"),
    ("denied", "browser-denied", "false"),
    ("os-blocked", "os-blocked", "false"),
]


@pytest.mark.parametrize("state,cause,audio", CASES, ids=[c[0] for c in CASES])
def test_ask_device_permission_then_refine(page, context, mic, open_check, state, cause, audio):
    mic.set(state)
    answer_ecs_config(context)
    context.add_init_script(script=RECORD_STATUS)
    root = open_check(sdk="acs")
    expect(root).to_have_attribute("data-sdk", "acs")
    expect(page.locator("[data-micsentry-sdk]")).to_have_text("ACS SDK: askDevicePermission gave audio: " + audio)
    if cause == "ok":
        expect(root).to_have_attribute("data-state", "ok")
    else:
        expect_banner(page, "precall", cause)
    statuses = page.evaluate("window.__statuses")
    assert any("calling SDK" in text for text in statuses), statuses


def test_sdk_loads_only_when_asked(page, mic, open_check):
    mic.grant()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    open_check()
    assert not [url for url in requests if "communication-calling" in url]


def test_join_form_reports_a_bad_token_as_text(page, context, mic, open_check):
    mic.grant()
    answer_ecs_config(context)
    open_check(sdk="acs")
    form = page.locator("[data-micsentry-join]")
    expect(form).to_be_visible()
    form.get_by_label("Group id").fill("not a guid")
    form.get_by_label("Access token").fill("a.b.c")
    form.get_by_role("button", name="Join test call").click()
    status = form.locator("[data-micsentry-join-status]")
    expect(status).to_have_text("A group id is a GUID, like 29228d3e-040e-4656-a70e-890ab4e173e5.")
    form.get_by_label("Group id").fill("29228d3e-040e-4656-a70e-890ab4e173e5")
    form.get_by_label("Access token").press("Enter")
    expect(status).to_contain_text("Could not join the call:")
    expect(page.locator("[data-micsentry]")).to_have_attribute("data-state", "ok")


def test_join_form_is_hidden_without_the_sdk(page, mic, open_check):
    mic.grant()
    open_check()
    expect(page.locator("[data-micsentry-join]")).to_be_hidden()
