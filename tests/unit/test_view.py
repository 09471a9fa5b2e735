from micsentry import view

CHROME_LINUX = {"browser": "chrome", "system": "linux"}


def test_starting_is_busy_with_progress_text():
    model = view.precall_view({"state": "starting"}, CHROME_LINUX)
    assert model["busy"] and model["status"].startswith("Starting the microphone check")
    assert model["banners"] == [] and model["permission"] == "unknown"


def test_waiting_text_replaces_status():
    model = view.precall_view({"state": "checking", "waiting": "Waiting for the calling SDK…"}, CHROME_LINUX)
    assert model["status"] == "Waiting for the calling SDK…"


def test_ok_has_no_banner():
    model = view.precall_view({"state": "ok", "permission": "granted", "cause": "ok"}, CHROME_LINUX)
    assert model["banners"] == [] and not model["busy"]
    assert model["status"] == "Your microphone is ready."


def test_warning_banner_carries_cause_role_steps_and_the_browser_error():
    model = view.precall_view(
        {"state": "warning", "permission": "granted", "cause": "os-blocked",
         "error": {"name": "NotAllowedError", "message": "Permission denied by system"}},
        {"browser": "chrome", "system": "macos"},
    )
    (banner,) = model["banners"]
    assert banner["phase"] == "precall" and banner["role"] == "alert" and banner["cause"] == "os-blocked"
    assert banner["detail"] == "Your browser said: NotAllowedError: Permission denied by system"
    assert ("recheck", "Check again") in banner["actions"]
    assert "macOS" in banner["title"]


def test_banner_key_changes_with_cause_only():
    first = view.precall_view({"state": "warning", "cause": "no-device"}, CHROME_LINUX)["banners"][0]
    again = view.precall_view({"state": "warning", "cause": "no-device"}, CHROME_LINUX)["banners"][0]
    other = view.precall_view({"state": "warning", "cause": "device-in-use"}, CHROME_LINUX)["banners"][0]
    assert first["key"] == again["key"] != other["key"]


def test_unknown_state_is_an_error_with_a_failure_banner():
    model = view.precall_view({"state": "exploded", "failure": "ValueError: x"}, CHROME_LINUX)
    assert model["state"] == "error"
    (banner,) = model["banners"]
    assert banner["cause"] == "failure" and "ValueError: x" in banner["summary"]
    assert "Traceback" not in banner["summary"]


def test_page_view_adds_the_call():
    check = {"state": "ok", "cause": "ok", "permission": "granted"}
    idle = view.page_view(check, {"attached": False, "top": None}, CHROME_LINUX)
    assert idle["incall"] == "idle" and idle["banners"] == []
    calm = view.page_view(check, {"attached": True, "top": None}, CHROME_LINUX)
    assert calm["incall"] == "ok" and calm["banners"] == []
    raised = view.page_view(check, {"attached": True, "top": ("networkReconnect", "network-reconnect", 3)},
                            CHROME_LINUX)
    (banner,) = raised["banners"]
    assert raised["incall"] == "warning"
    assert (banner["phase"], banner["cause"], banner["ufd"], banner["value"]) == (
        "incall", "network-reconnect", "networkReconnect", "Bad")
    assert banner["role"] == "alert" and banner["actions"] == []


def test_page_view_keeps_one_banner_per_phase():
    check = {"state": "warning", "cause": "browser-denied", "permission": "denied"}
    model = view.page_view(check, {"attached": True, "top": ("microphonePermissionDenied", "mic-permission-denied", True)},
                           CHROME_LINUX)
    assert sorted(b["phase"] for b in model["banners"]) == ["incall", "precall"]
