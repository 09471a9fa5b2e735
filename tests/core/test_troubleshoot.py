"""Every branch of the guide's flow, as a table: timeline -> (step, cause, actor)."""

import pytest

from micsentry.core import troubleshoot
from micsentry.core.contract import ACTORS


def ufd(name, value, t=0):
    return {"t": t, "kind": "ufd", "diagnostic": name, "value": value,
            "valueType": "DiagnosticFlag" if isinstance(value, bool) else "DiagnosticQuality"}


def asked(audio, t=0):
    return {"t": t, "kind": "ask-device-permission", "called": True, "audio": audio}


def permission(state, t=0):
    return {"t": t, "kind": "permission", "state": state}


def gum(error=None, tracks=1, t=0):
    return {"t": t, "kind": "get-user-media", "error": error, "audio_tracks": tracks}


DENIED = {"name": "NotAllowedError", "message": "Permission denied"}

# Shared with tests/unit/test_core_on_runtimes.py, which runs the same table on MicroPython and Pyodide.
def remote(participant, name, diagnostic, value, t=None):
    event = {"kind": "remote-ufd", "participant": participant, "name": name, "diagnostic": diagnostic, "value": value,
             "valueType": "DiagnosticFlag" if isinstance(value, bool) else "DiagnosticQuality"}
    if t is not None:
        event["t"] = t
    return event


FLOW_TABLE = [
    # The permission UFD, and whether the app asked: a log of the diagnostic alone cannot say.
    ([ufd("microphonePermissionDenied", True)], ("ask-device-permission", "mic-permission-denied", "developer")),
    ([ufd("microphonePermissionDenied", True), {"kind": "ask-device-permission", "called": False}],
     ("ask-device-permission", "app-did-not-ask", "developer")),
    ([asked(False), permission("denied"), ufd("microphonePermissionDenied", True, 10)],
     ("browser-permission", "browser-denied", "user")),
    ([asked(True), permission("prompt"), ufd("microphonePermissionDenied", True)],
     ("browser-permission", "browser-denied", "user")),
    ([asked(True), permission("granted"), ufd("microphonePermissionDenied", True)],
     ("system-permission", "os-blocked", "user")),
    # Raised then cleared still explains a one-way-audio report.
    ([asked(True), ufd("microphonePermissionDenied", True, 5), ufd("microphonePermissionDenied", False, 9)],
     ("browser-permission", "browser-denied", "user")),
    # The permission comes before the network, whatever the order of events.
    ([ufd("networkReconnect", 3, 1), asked(True), permission("granted"), ufd("microphonePermissionDenied", True, 2)],
     ("system-permission", "os-blocked", "user")),
    # Not raised: the network.
    ([ufd("networkReconnect", 3)], ("network", "network-reconnect", "user")),
    ([ufd("networkReconnect", 2), ufd("networkReconnect", 1, 5)], ("network", "network-reconnect", "user")),
    ([ufd("networkReconnect", 1)], ("none", "ok", "nobody")),
    ([ufd("networkReconnect", True)], ("network", "network-reconnect", "user")),
    # Else the microphone itself, in the flow's order.
    ([ufd("microphoneNotFunctioning", True), ufd("noMicrophoneDevicesEnumerated", True)],
     ("microphone", "no-device", "user")),
    ([ufd("microphoneNotFunctioning", 3)], ("microphone", "mic-not-functioning", "user")),
    ([ufd("microphoneMuteUnexpectedly", True)], ("microphone", "mic-muted-unexpectedly", "user")),
    ([ufd("microphoneNotMuteButSilent", True)], ("microphone", "mic-silent", "user")),
    ([ufd("speakingWhileMicrophoneIsMuted", True)], ("microphone", "speaking-while-muted", "user")),
    ([ufd("cameraFreeze", True)], ("none", "ok", "nobody")),
    # No UFD: what the pre-call check saw.
    ([permission("denied"), gum(DENIED, 0)], ("precall", "browser-denied", "user")),
    ([permission("granted"), gum({"name": "NotAllowedError", "message": "Permission denied by system"}, 0)],
     ("precall", "os-blocked", "user")),
    ([gum({"name": "NotFoundError", "message": ""}, 0)], ("precall", "no-device", "user")),
    ([{"kind": "precall", "observation": {"secure_context": False}}], ("precall", "insecure-context", "developer")),
    ([{"kind": "precall", "observation": {"secure_context": True, "policy": "blocked"}}],
     ("precall", "policy-blocked", "developer")),
    ([{"kind": "precall", "observation": {"secure_context": True, "media_devices": True, "requested": True,
                                          "error": None, "audio_tracks": 1,
                                          "sdk": {"name": "acs", "called": True, "audio": False}}}],
     ("precall", "unknown-error", "user")),
    ([asked(False), permission("denied")], ("precall", "browser-denied", "user")),
    ([asked(False), permission("granted")], ("precall", "os-blocked", "user")),
    ([gum(None, 1), {"kind": "silence", "silent": True}], ("precall", "mic-silent", "user")),
    ([gum(None, 1), asked(True), permission("granted")], ("none", "ok", "nobody")),
    ([], ("none", "ok", "nobody")),
    # The listener's side: a remote participant's own diagnostics.
    ([remote("8:acs:ada", "Ada", "microphonePermissionDenied", True)],
     ("remote", "remote-mic-permission-denied", "user")),
    ([remote("p2", None, "networkReconnect", 3), remote("p1", "Bo", "microphonePermissionDenied", True)],
     ("remote", "remote-mic-permission-denied", "user")),
    ([remote("p1", "Bo", "remoteAudioNotReceived", True)], ("remote", "remote-not-receiving", "user")),
    ([remote("p1", "Bo", "networkReconnect", 1), remote("p1", "Bo", "cameraFreeze", True)], ("none", "ok", "nobody")),
    # The speaker's own problem comes first, even in a listener's log.
    ([remote("p1", "Bo", "microphonePermissionDenied", True), ufd("networkReconnect", 3)],
     ("network", "network-reconnect", "user")),
    # Junk in the timeline is skipped, not fatal.
    (["junk", {"kind": "ufd", "diagnostic": "microphoneNotFunctioning", "value": "??"},
      {"kind": "ufd", "diagnostic": "fluxCapacitor", "value": True}], ("none", "ok", "nobody")),
]


@pytest.mark.parametrize("timeline,expected", FLOW_TABLE)
def test_flow(timeline, expected):
    diagnosis = troubleshoot.diagnose(timeline)
    assert (diagnosis["step"], diagnosis["cause"], diagnosis["actor"]) == expected
    assert diagnosis["problem"] == (expected[1] != "ok")
    assert diagnosis["step"] in troubleshoot.STEPS and diagnosis["actor"] in ACTORS
    assert diagnosis["next_step"] and diagnosis["evidence"]
    if diagnosis["problem"]:
        assert diagnosis["section"].startswith(troubleshoot.GUIDE)


@pytest.mark.parametrize("timeline,asked", [
    ([ufd("microphonePermissionDenied", True)], "unknown"),
    ([{"kind": "ask-device-permission", "called": False}, ufd("microphonePermissionDenied", True)], "not-called"),
    ([asked(True), ufd("microphonePermissionDenied", True)], "called"),
    ([{"kind": "precall", "observation": {"sdk": {"name": "acs", "called": True, "audio": True}}}], "called"),
    ([], "unknown"),
])
def test_the_diagnosis_says_whether_the_app_asked(timeline, asked):
    found = troubleshoot.diagnose(timeline)
    assert found["asked"] == asked
    if asked == "unknown" and timeline:
        assert "does not say whether" in found["next_step"] and "If it does, the user" in found["next_step"]
        assert any("does not show whether" in item for item in found["evidence"])


def test_every_step_but_the_umbrella_is_reached():
    steps = {troubleshoot.diagnose(timeline)["step"] for timeline, _ in FLOW_TABLE}
    assert steps == set(troubleshoot.STEPS)


def test_events_are_ordered_by_time():
    events = [{"t": 30, "kind": "permission", "state": "granted"}, {"t": 10, "kind": "permission", "state": "denied"}]
    assert troubleshoot.facts(events)["permission"] == "granted"
    assert troubleshoot.facts(list(reversed(events)))["permission"] == "granted"


@pytest.mark.parametrize("times", [
    [],
    [0, 1, 2, 3],
    [3, 2, 1, 0],
    [1, None, 0, 5, None, 2, 2, 7, 6],
    [5, "x", True, 4.5, None, 4, 9, 8, 8, 1],
    list(range(50)) + [25] + list(range(50, 100)),
])
def test_the_fold_follows_the_time_order_whatever_the_order_of_the_lines(times):
    states = ("granted", "denied", "prompt")
    timeline = [dict({"kind": "permission", "state": states[n % 3], "n": n}, **({"t": t} if t is not None else {}))
                for n, t in enumerate(times)]
    # The reference: the documented rule with Python's own stable sort (an untimed event takes the
    # time of the one before it), then the last one counts.
    keyed, last = [], 0
    for index, event in enumerate(timeline):
        t = event.get("t")
        if isinstance(t, (int, float)) and not isinstance(t, bool):
            last = t
        keyed.append((last, index))
    ordered = [timeline[index] for _, index in sorted(keyed)]
    expected = ordered[-1]["state"] if ordered else "unknown"
    assert troubleshoot.facts(timeline)["permission"] == expected
    raised = [dict(event, kind="ufd", diagnostic="networkReconnect", value=3) for event in timeline]
    first = next((event.get("t") for event in ordered), None)
    assert troubleshoot.facts(raised)["raised"].get("networkReconnect") == first


def test_a_log_folds_as_it_is_read():
    folded = troubleshoot.Facts()
    for t in range(20000):
        folded.add({"kind": "ufd", "t": t, "diagnostic": "networkReconnect", "value": 3 if t == 7 else 1})
    assert folded.found["raised"] == {"networkReconnect": 7} and folded.found["ufd_last"]["networkReconnect"] == 1
    assert folded.found["events"] == 20000


def test_a_remote_denial_names_the_participant_and_the_guide_s_conclusion():
    diagnosis = troubleshoot.diagnose([remote("8:acs:ada-1", "Ada", "microphonePermissionDenied", True, 42)])
    assert "Ada (8:acs:ada-1)" in diagnosis["evidence"][0] and "at 42 ms" in diagnosis["evidence"][0]
    assert "Ada cannot be heard" in diagnosis["next_step"]
    assert "allow the microphone" in diagnosis["next_step"] and "askDevicePermission" in diagnosis["next_step"]
    assert diagnosis["section"].endswith("microphone-permission-denied")
