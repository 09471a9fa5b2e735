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
