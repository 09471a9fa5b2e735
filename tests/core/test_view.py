"""The view model of a whole root, from a pre-call check and a call."""

import pytest

from micsentry.core import view
from micsentry.core.incall import CallState
from micsentry.core.precall import PrecallCheck
from micsentry.core.timeline import Timeline

CHROME_LINUX = {"browser": "chrome", "system": "linux"}


def check(**fields):
    found = PrecallCheck("both", "", None, Timeline())
    for name in fields:
        setattr(found, name, fields[name])
    return found


def call(**active):
    found = CallState()
    found.attach("call")
    for name, value in active.items():
        found.apply({"name": name, "active": True, "value": value})
    return found


def test_starting_is_busy_with_progress_text():
    model = view.page(check(), CallState(), CHROME_LINUX)
    assert model["busy"] and model["status"].startswith("Starting the microphone check")
    assert model["banners"] == [] and model["permission"] == "unknown" and model["incall"] == "idle"
    assert model["level"] == {"shown": False, "live": False, "fraction": 0.0, "text": ""}
    assert model["tools"] == {"level": False, "status": ""}


def test_waiting_text_replaces_status():
    model = view.page(check(state="checking", waiting="waiting-device-manager"), CallState(), CHROME_LINUX)
    assert model["status"].startswith("Waiting for the calling SDK's device manager")


def test_ok_has_no_banner():
    model = view.page(check(state="ok", permission="granted", cause="ok"), CallState(), CHROME_LINUX)
    assert model["banners"] == [] and not model["busy"]
    assert model["status"] == "Your microphone is ready."


def test_warning_banner_carries_cause_role_steps_and_the_browser_error():
    found = check(state="warning", permission="granted", cause="os-blocked",
                  error={"name": "NotAllowedError", "message": "Permission denied by system"})
    (banner,) = view.page(found, CallState(), {"browser": "chrome", "system": "macos"})["banners"]
    assert banner["phase"] == "precall" and banner["role"] == "alert" and banner["cause"] == "os-blocked"
    assert banner["detail"] == "Your browser said: NotAllowedError: Permission denied by system"
    assert banner["actions"] == [("recheck", "Check again")]
    assert "macOS" in banner["title"]


def test_banner_key_changes_with_cause_only():
    def key(cause):
        return view.page(check(state="warning", cause=cause), CallState(), CHROME_LINUX)["banners"][0]["key"]

    assert key("no-device") == key("no-device") != key("device-in-use")


def test_error_has_a_failure_banner_without_traceback():
    model = view.page(check(state="error", failure="ValueError: x"), CallState(), CHROME_LINUX)
    (banner,) = model["banners"]
    assert banner["cause"] == "failure" and "ValueError: x" in banner["summary"]
    assert model["status"] == "The microphone check stopped."


def test_the_call_adds_one_banner():
    ok = check(state="ok", cause="ok", permission="granted")
    assert view.page(ok, call(), CHROME_LINUX)["incall"] == "ok"
    model = view.page(ok, call(networkReconnect=3), CHROME_LINUX)
    (banner,) = model["banners"]
    assert model["incall"] == "warning"
    assert (banner["phase"], banner["cause"], banner["ufd"]) == ("incall", "network-reconnect", "networkReconnect")
    assert banner["role"] == "alert" and banner["actions"] == []


def test_one_banner_per_phase():
    found = check(state="warning", cause="insecure-context", permission="denied")
    model = view.page(found, call(microphonePermissionDenied=True, networkReconnect=3), CHROME_LINUX)
    assert sorted((b["phase"], b["cause"]) for b in model["banners"]) == [
        ("incall", "mic-permission-denied"), ("precall", "insecure-context")]


# (pre-call cause, in-call diagnostics, banners shown): the in-call banner stands for what it covers.
FOLDS = [
    ("browser-denied", {"microphonePermissionDenied": True}, [("incall", "mic-permission-denied", "browser-denied")]),
    ("prompt-dismissed", {"microphonePermissionDenied": True}, [("incall", "mic-permission-denied", "prompt-dismissed")]),
    ("os-blocked", {"microphonePermissionDenied": True}, [("incall", "mic-permission-denied", "os-blocked")]),
    ("no-device", {"noMicrophoneDevicesEnumerated": True}, [("incall", "no-device", "no-device")]),
    ("device-in-use", {"microphoneNotFunctioning": True}, [("incall", "mic-not-functioning", "device-in-use")]),
    ("browser-denied", {"networkReconnect": 3},
     [("precall", "browser-denied", None), ("incall", "network-reconnect", None)]),
    ("in-app-browser", {"microphonePermissionDenied": True},
     [("precall", "in-app-browser", None), ("incall", "mic-permission-denied", None)]),
    ("browser-denied", {}, [("precall", "browser-denied", None)]),
]


@pytest.mark.parametrize("cause,diagnostics,shown", FOLDS, ids=["%s+%s" % (f[0], ",".join(f[1])) for f in FOLDS])
def test_an_incall_banner_folds_the_precall_warning_it_covers(cause, diagnostics, shown):
    model = view.page(check(state="warning", cause=cause, permission="denied"), call(**diagnostics), CHROME_LINUX)
    assert [(b["phase"], b["cause"], b["folds"]) for b in model["banners"]] == shown
    for banner in model["banners"]:
        if banner["folds"]:
            # The check's button goes along; its key changes with what it stands for.
            assert [action for action, label in banner["actions"]] == ["recheck"]
            assert banner["key"].endswith("|" + cause)
    assert model["status"]  # the status line still says the pre-call verdict


def test_sdk_text():
    assert view.sdk_text(None) == ""
    assert view.sdk_text({"name": "acs", "called": True, "audio": False}) == "ACS SDK: askDevicePermission gave audio: false"
    assert view.sdk_text({"name": "acs", "error": {"name": "E", "message": "m"}}) == "ACS SDK failed: E: m"
