"""The session state machine as a table: phase x event, the queue, cancellation, truncation, announcements.

Each row feeds a list of events to a fresh ``Session`` and checks what came out. ``run`` is plain
MicroPython-subset Python: test_core_on_runtimes.py runs the same rows on MicroPython and Pyodide.
"""

import pytest

from micsentry.core import report


def run(phase, sdk, events, limit=None):
    """Feed *events*; returns every effect's ``do``, every change as (phase, state, cause, diagnostic),
    and the final view in short."""
    from micsentry.core.session import Session

    session = Session(phase=phase, sdk=sdk, platform={"browser": "chrome", "system": "linux"})
    if limit is not None:
        session.timeline.limit = limit
    effects, changes, posts = [], [], []
    for event in events:
        step = session.feed(event)
        for effect in step["effects"]:
            effects.append(effect["do"])
            if effect["do"] == "post":
                posts.append(effect["message"]["type"])
        for change in step["changes"]:
            changes.append([change["phase"], change["state"], change["cause"], change["diagnostic"]]
                           + ([change["participant"]] if change["phase"] == "remote" else []))
    model = session.view()
    return {
        "effects": effects,
        "changes": changes,
        "posts": posts,
        "state": model["state"],
        "incall": model["incall"],
        "permission": model["permission"],
        "banners": sorted([b["phase"], b["cause"]] for b in model["banners"]),
        "level": model["level"]["text"],
        "kinds": [event["kind"] for event in session.timeline.events],
        "remote": [[notice["participant"], notice["cause"]] for notice in model["remote"]["notices"]],
        "more": model["remote"]["more"],
    }


def start(state="granted"):
    return {"kind": "start", "permission": state, "t": 1}


def env(round_=1, secure=True, media=True, policy="allowed"):
    return {"kind": "environment", "round": round_, "secure_context": secure, "media_devices": media, "policy": policy}


def mic(round_=1, error=None, permission="granted"):
    name_message = error.split(": ") if error else None
    return {"kind": "microphone-answer", "round": round_, "audio_tracks": 0 if error else 1, "permission": permission,
            "error": {"name": name_message[0], "message": name_message[1]} if error else None}


def perm(state):
    return {"kind": "permission", "state": state}


def ufd(name, value):
    return {"kind": "ufd", "change": {"diagnostic": name, "value": value,
                                      "valueType": "DiagnosticFlag" if isinstance(value, bool) else "DiagnosticQuality"}}


def remote(participant, name, value, who=None):
    return {"kind": "remote-ufd", "change": {
        "participantId": participant, "rawId": participant, "name": who, "diagnostic": name, "value": value,
        "valueType": "DiagnosticFlag" if isinstance(value, bool) else "DiagnosticQuality"}}


def track(participant, signal, t):
    return {"kind": "remote-track", "participant": participant, "signal": signal, "t": t}


WATCH = {"kind": "watch-remote", "participant": "peer-1", "name": "Bo", "usable": True}


def level(round_, dbfs, t):
    return {"kind": "level", "round": round_, "dbfs": dbfs, "t": t}


ATTACH = {"kind": "attach", "source": "call", "usable": True}
DETACH = {"kind": "detach"}
RECHECK = {"kind": "recheck"}
OK_CHECK = [start(), env(), mic()]
HOST = "https://app.example"
BRIDGE = {"kind": "bridge", "allowed": ["*"], "host_origin": HOST, "framed": True, "runtime": "micropython"}


def host(data, origin=HOST):
    return {"kind": "host-message", "data": dict(data, micsentry=1), "origin": origin}


# (id, phase, sdk, events, expected subset of run()'s answer)
TABLE = [
    ("granted", "both", "", OK_CHECK,
     {"effects": ["probe", "request-microphone", "list-devices", "start-level-test"], "state": "ok", "banners": [],
      "changes": [["precall", "ok", "ok", None]], "kinds": ["permission", "get-user-media", "precall"]}),
    ("denied", "both", "", [start("denied"), env(), mic(error="NotAllowedError: Permission denied", permission="denied")],
     {"effects": ["probe", "request-microphone", "list-devices"], "state": "warning",
      "banners": [["precall", "browser-denied"]], "changes": [["precall", "warning", "browser-denied", None]]}),
    ("prompt answered: the permission moves", "both", "", [start("prompt"), env(), mic()],
     {"permission": "granted", "kinds": ["permission", "get-user-media", "precall", "permission"]}),
    ("insecure page never asks", "both", "", [start(), env(secure=False)],
     {"effects": ["probe", "list-devices"], "banners": [["precall", "insecure-context"]]}),
    ("a frame's policy forbids asking", "both", "", [start(), env(policy="blocked")],
     {"effects": ["probe", "list-devices"], "banners": [["precall", "policy-blocked"]]}),
    ("no media API", "both", "", [start(), env(media=False)], {"banners": [["precall", "unsupported"]]}),
    # Defect 1: a widget for the call only never runs the pre-call check, whatever the permission does.
    ("incall: start is idle", "incall", "", [start()],
     {"effects": [], "state": "idle", "changes": [], "banners": []}),
    ("incall: revoke shows no pre-call banner", "incall", "", [start(), perm("denied")],
     {"effects": [], "state": "idle", "banners": [], "permission": "denied"}),
    ("incall: re-grant never asks for the microphone", "incall", "", [start(), perm("denied"), perm("granted")],
     {"effects": [], "state": "idle", "permission": "granted", "kinds": ["permission", "permission", "permission"]}),
    ("incall: recheck is ignored", "incall", "", [start(), RECHECK], {"effects": [], "state": "idle"}),
    ("precall: revoke then re-grant", "precall", "", OK_CHECK + [perm("denied"), perm("granted"), env(2), mic(2)],
     {"effects": ["probe", "request-microphone", "list-devices", "start-level-test", "stop-level-test",
                  "probe", "request-microphone", "list-devices", "start-level-test"],
      "changes": [["precall", "ok", "ok", None], ["precall", "warning", "browser-denied", None],
                  ["precall", "ok", "ok", None]]}),
    ("revoke to prompt", "both", "", OK_CHECK + [perm("prompt")], {"banners": [["precall", "prompt-dismissed"]]}),
    ("a repeated permission state is no change", "both", "", OK_CHECK + [perm("granted")],
     {"effects": ["probe", "request-microphone", "list-devices", "start-level-test"]}),
    ("the permission moving during a round is the round's to read", "both", "", [start("prompt"), env(), perm("granted")],
     {"effects": ["probe", "request-microphone"], "state": "checking"}),
    # The run queue: asked for while a round runs, run once after it, never twice at a time.
    ("queue: rechecks during a round run once after it", "both", "",
     [start(), env(), RECHECK, RECHECK, mic(), env(2), mic(2)],
     {"effects": ["probe", "request-microphone", "list-devices", "probe", "request-microphone", "list-devices",
                  "start-level-test"], "state": "ok"}),
    ("a stale answer of a superseded round is dropped", "both", "",
     OK_CHECK + [RECHECK, mic(1, error="NotFoundError: gone"), env(2), mic(2)],
     {"state": "ok", "banners": []}),
    # The level test: cancelled by a new round, its late readings dropped, silence a warning.
    ("level: a recheck cancels it", "both", "", OK_CHECK + [RECHECK, level(1, -80, 0), {"kind": "level-ended", "round": 1,
                                                                                          "ran": True}],
     {"effects": ["probe", "request-microphone", "list-devices", "start-level-test", "stop-level-test", "probe"],
      "state": "checking", "level": ""}),
    ("level: silent for three seconds", "both", "",
     OK_CHECK + [level(1, -80, 0), level(1, -80, 3000), {"kind": "level-ended", "round": 1, "ran": True}],
     {"state": "warning", "banners": [["precall", "mic-silent"]], "level": "-80 dBFS at most",
      "kinds": ["permission", "get-user-media", "precall", "silence"]}),
    ("level: loud enough", "both", "", OK_CHECK + [level(1, -20, 0), {"kind": "level-ended", "round": 1, "ran": True}],
     {"state": "ok", "level": "-20 dBFS at most"}),
    ("level: suspended audio gives no verdict", "both", "", OK_CHECK + [{"kind": "level-ended", "round": 1, "ran": False}],
     {"state": "ok", "level": "Choose Test the level again to see the level"}),
    ("level: the button runs it again", "both", "", OK_CHECK + [{"kind": "level-ended", "round": 1, "ran": True},
                                                              {"kind": "level-test"}],
     {"effects": ["probe", "request-microphone", "list-devices", "start-level-test", "start-level-test"]}),
    # Through the ACS SDK.
    ("sdk: audio true is ok without asking again", "both", "acs",
     [start(), env(), {"kind": "sdk-waiting", "round": 1}, {"kind": "sdk-answer", "round": 1, "called": True, "audio": True}],
     {"effects": ["probe", "ask-sdk", "list-devices"], "state": "ok",
      "kinds": ["permission", "ask-device-permission", "precall"]}),
    ("sdk: audio false is refined by the browser", "both", "acs",
     [start("denied"), env(), {"kind": "sdk-answer", "round": 1, "called": True, "audio": False},
      mic(error="NotAllowedError: Permission denied", permission="denied")],
     {"effects": ["probe", "ask-sdk", "request-microphone", "list-devices"], "banners": [["precall", "browser-denied"]]}),
    ("sdk: a failing SDK is warned and the browser checks", "both", "acs",
     [start(), env(), {"kind": "sdk-answer", "round": 1, "called": True, "audio": None,
                       "error": {"name": "Error", "message": "ACS Web Calling SDK must be used through https"}}, mic()],
     {"effects": ["probe", "ask-sdk", "warn", "request-microphone", "list-devices", "start-level-test"], "state": "ok"}),
    # The call.
    ("attach, raise, clear, detach", "both", "",
     OK_CHECK + [ATTACH, ufd("microphonePermissionDenied", True), ufd("microphonePermissionDenied", True),
                 ufd("microphonePermissionDenied", False), DETACH],
     {"changes": [["precall", "ok", "ok", None], ["incall", "ok", None, None],
                  ["incall", "warning", "mic-permission-denied", "microphonePermissionDenied"],
                  ["incall", "ok", None, "microphonePermissionDenied"], ["incall", "idle", None, None]],
      "incall": "idle", "kinds": ["permission", "get-user-media", "precall", "ufd", "ufd", "ufd"]}),
    ("priorities: permission, then network, then device", "both", "",
     [start(), ATTACH, ufd("microphoneNotFunctioning", True), ufd("networkReconnect", 3),
      ufd("microphonePermissionDenied", True)],
     {"banners": [["incall", "mic-permission-denied"]], "incall": "warning"}),
    ("a second attach replaces the first", "both", "", [start(), ATTACH, ufd("networkReconnect", 2), ATTACH],
     {"effects": ["probe", "follow", "close-source", "follow"], "incall": "ok", "banners": []}),
    ("precall widget refuses attach, warns once", "precall", "", [start(), ATTACH, ATTACH],
     {"effects": ["probe", "refuse-source", "warn", "refuse-source"], "incall": "idle"}),
    ("an unusable object is refused", "both", "", [start(), {"kind": "attach", "source": "stream", "usable": False}],
     {"effects": ["probe", "refuse-source", "warn"], "incall": "idle"}),
    ("malformed and unknown diagnostics warn once each", "both", "",
     [start(), ATTACH, {"kind": "ufd", "change": None}, {"kind": "ufd", "change": "x"}, ufd("fluxCapacitor", True),
      ufd("fluxCapacitor", False), ufd("microphonePermissionDenied", True)],
     {"effects": ["probe", "follow", "warn", "warn"], "banners": [["incall", "mic-permission-denied"]]}),
    ("a change without a call is ignored", "both", "", [start(), ufd("microphonePermissionDenied", True)],
     {"incall": "idle", "kinds": ["permission"]}),
    ("detach without a call", "both", "", [start(), DETACH], {"effects": ["probe"], "changes": []}),
    # One problem, one banner: during a call, the in-call banner stands for a pre-call warning it covers.
    ("fold: a revoke during a call is one banner, and the level says no microphone", "both", "",
     OK_CHECK + [ATTACH, perm("denied")],
     {"banners": [["incall", "mic-permission-denied"]], "state": "warning",
      "changes": [["precall", "ok", "ok", None], ["incall", "ok", None, None],
                  ["precall", "warning", "browser-denied", None],
                  ["incall", "warning", "mic-permission-denied", "microphonePermissionDenied"]],
      "level": "No live microphone: the level shows again once the check passes"}),
    ("fold: a warning the call's banner does not cover stays its own", "both", "",
     [start(), env(secure=False), ATTACH, ufd("networkReconnect", 3)],
     {"banners": [["incall", "network-reconnect"], ["precall", "insecure-context"]]}),
    ("fold: after the call the pre-call banner is back", "both", "", OK_CHECK + [ATTACH, perm("denied"), DETACH],
     {"banners": [["precall", "browser-denied"]]}),
    # The speaker's side beside an ACS call: the browser's own signals, one banner with the UFD's.
    ("speaker: a revoke beside an ACS call shows the banner, once", "both", "",
     [start(), ATTACH, perm("denied"), ufd("microphonePermissionDenied", True), ufd("microphonePermissionDenied", False),
      perm("granted")],
     {"changes": [["incall", "ok", None, None],
                  ["incall", "warning", "mic-permission-denied", "microphonePermissionDenied"],
                  ["incall", "ok", None, "microphonePermissionDenied"]],
      "kinds": ["permission", "ufd", "ufd", "ufd", "ufd"], "incall": "ok"}),
    ("speaker: the devices go", "both", "", [start(), ATTACH, {"kind": "devices", "devices": []}],
     {"banners": [["incall", "no-device"]]}),
    ("speaker: the local track the app handed over ends", "both", "",
     [start(), ATTACH, {"kind": "local-track", "signal": "ended"}], {"banners": [["incall", "mic-not-functioning"]]}),
    ("speaker: a watched stream brings its own signals", "both", "",
     [start(), {"kind": "attach", "source": "stream", "usable": True}, perm("denied")],
     {"banners": [], "incall": "ok"}),
    ("speaker: sharing is started and undone on detach", "both", "", [start(), dict(ATTACH, share=True), DETACH],
     {"effects": ["probe", "follow", "share", "share", "close-source"]}),
    # The listener's side: remote participants.
    ("remote: two participants raise and clear", "both", "",
     [start(), remote("8:acs:ada", "microphonePermissionDenied", True, "Ada"), remote("8:acs:bo", "networkReconnect", 3),
      remote("8:acs:ada", "microphonePermissionDenied", False)],
     {"remote": [["8:acs:bo", "network-reconnect"]],
      "changes": [["remote", "warning", "mic-permission-denied", "microphonePermissionDenied", "8:acs:ada"],
                  ["remote", "warning", "network-reconnect", "networkReconnect", "8:acs:bo"],
                  ["remote", "ok", None, None, "8:acs:ada"]],
      "kinds": ["permission", "remote-ufd", "remote-ufd", "remote-ufd"]}),
    ("remote: most important first, a count past three", "both", "",
     [start()] + [remote("p%d" % i, "networkReconnect", 3) for i in range(4)]
     + [remote("p9", "microphonePermissionDenied", True)],
     {"remote": [["p9", "mic-permission-denied"], ["p0", "network-reconnect"], ["p1", "network-reconnect"]],
      "more": "Others who cannot be heard: 2."}),
    ("remote: a participant who leaves takes their notice", "both", "",
     [start(), remote("p1", "microphoneNotFunctioning", True), {"kind": "remote-left", "participant": "p1"}],
     {"remote": [], "changes": [["remote", "warning", "mic-not-functioning", "microphoneNotFunctioning", "p1"],
                                ["remote", "ok", None, None, "p1"]]}),
    ("remote: flapping is one change each way", "both", "",
     [start(), remote("p1", "networkReconnect", 2), remote("p1", "networkReconnect", 3), remote("p1", "networkReconnect", 1)],
     {"changes": [["remote", "warning", "network-reconnect", "networkReconnect", "p1"],
                  ["remote", "ok", None, None, "p1"]]}),
    ("remote: malformed and unknown warn once each", "both", "",
     [start(), {"kind": "remote-ufd", "change": None}, {"kind": "remote-ufd", "change": {"diagnostic": "noNetwork"}},
      remote("p1", "fluxCapacitor", True), remote("p1", "fluxCapacitor", False), remote("p1", "cameraFreeze", True)],
     {"effects": ["probe", "warn", "warn"], "remote": []}),
    ("watchRemote: muted for long, then sending again", "both", "",
     [start(), WATCH, track("peer-1", "mute", 100), {"kind": "remote-wait", "participant": "peer-1", "since": 100},
      track("peer-1", "unmute", 5000), {"kind": "unwatch-remote", "participant": "peer-1"}],
     {"effects": ["probe", "follow-remote", "timer", "close-remote"], "remote": [],
      "changes": [["remote", "warning", "not-receiving", "remoteAudioNotReceived", "peer-1"],
                  ["remote", "ok", None, None, "peer-1"]],
      "kinds": ["permission", "remote-ufd", "remote-ufd"]}),
    ("watchRemote: a short mute is no notice", "both", "",
     [start(), WATCH, track("peer-1", "mute", 100), track("peer-1", "unmute", 400),
      {"kind": "remote-wait", "participant": "peer-1", "since": 100}], {"changes": [], "remote": []}),
    ("watchRemote: an ended track is a notice at once; detach lets it go", "both", "",
     [start(), WATCH, track("peer-1", "ended", 100), DETACH],
     {"effects": ["probe", "follow-remote", "close-remote"],
      "changes": [["remote", "warning", "not-receiving", "remoteAudioNotReceived", "peer-1"],
                  ["remote", "ok", None, None, "peer-1"]]}),
    ("watchRemote: something else is refused", "both", "", [start(), dict(WATCH, usable=False)],
     {"effects": ["probe", "refuse-remote", "warn"]}),
    ("watchRemote: a precall widget refuses it", "precall", "", [start(), WATCH],
     {"effects": ["probe", "refuse-remote", "warn"]}),
    ("bridge: a remote diagnostic from the embedding page", "both", "",
     [BRIDGE, start(), host({"type": "remote-diagnostic", "participantId": "p1", "name": "Ada",
                             "diagnostic": "microphonePermissionDenied", "value": True})],
     {"remote": [["p1", "mic-permission-denied"]], "posts": ["ready", "change"]}),
    # embed.html: the embedding page's messages.
    ("bridge: ready, attach, forward, detach", "both", "",
     [BRIDGE, start(), host({"type": "attach"}),
      host({"type": "diagnostic", "diagnostic": "networkReconnect", "value": 3, "valueType": "DiagnosticQuality"}),
      host({"type": "detach"})],
     {"effects": ["post", "probe", "follow", "post", "forward", "close-source", "post"],
      "posts": ["ready", "change", "change"]}),
    ("bridge: a diagnostic before attach is rejected", "both", "",
     [BRIDGE, host({"type": "diagnostic", "diagnostic": "networkReconnect", "value": 3})],
     {"posts": ["ready", "rejected"]}),
    ("bridge: another origin is never answered", "both", "", [BRIDGE, host({"type": "attach"}, "https://evil.example")],
     {"effects": ["post", "warn"], "posts": ["ready"]}),
    ("bridge: nothing is posted outside a frame", "both", "",
     [dict(BRIDGE, framed=False), start(), env(), mic(), {"kind": "height", "height": 300}], {"posts": []}),
    ("bridge: the frame's height, once per whole pixel; nonsense is warned", "both", "",
     [BRIDGE] + [{"kind": "height", "height": h} for h in (300.2, 300.9, 420, "tall", True, None, -1)],
     {"posts": ["ready", "resize", "resize"], "effects": ["post", "post", "post", "warn"]}),
    ("bridge: a height measured before the bridge goes out with ready", "both", "",
     [{"kind": "height", "height": 250}, BRIDGE], {"posts": ["ready", "resize"]}),
    # Attributes changed after start, as frameworks set them.
    ("configure: to incall mid-round drops the round", "both", "",
     [start(), env(), {"kind": "configure", "phase": "incall"}, mic()],
     {"effects": ["probe", "request-microphone"], "state": "idle", "changes": []}),
    ("configure: back to both checks", "incall", "", [start(), {"kind": "configure", "phase": "both"}, env(), mic()],
     {"state": "ok"}),
    ("configure: to precall ends the call", "both", "", [start(), ATTACH, {"kind": "configure", "phase": "precall"}],
     {"effects": ["probe", "follow", "close-source"], "incall": "idle"}),
    # Devices, tools, failures, nonsense.
    ("choosing a microphone stores it and checks again", "both", "",
     OK_CHECK + [{"kind": "device-chosen", "device": "abc"}],
     {"effects": ["probe", "request-microphone", "list-devices", "start-level-test", "store-device",
                  "stop-level-test", "probe"]}),
    ("a failure is an error with a banner", "both", "", [start(), {"kind": "failure", "what": "TypeError: x"}],
     {"state": "error", "banners": [["precall", "failure"]], "changes": [["precall", "error", None, None]]}),
    ("an unknown event is warned", "both", "", [{"kind": "teleport"}, {"kind": "teleport"}, "junk"],
     {"effects": ["warn", "warn"]}),
    # Defect 2: a long call's timeline is truncated with an event the report reader knows.
    ("truncation", "both", "", [start(), ATTACH] + [ufd("networkReconnect", 1 + i % 3) for i in range(8)],
     {"kinds": ["permission", "ufd", "ufd", "ufd", "ufd", "truncated"]}),
]


def limit_of(row_id):
    return 5 if row_id == "truncation" else None


@pytest.mark.parametrize("row_id,phase,sdk,events,expected", TABLE, ids=[row[0] for row in TABLE])
def test_session_table(row_id, phase, sdk, events, expected):
    got = run(phase, sdk, events, limit_of(row_id))
    for key in expected:
        assert got[key] == expected[key], key


def test_every_event_kind_and_effect_is_in_the_table():
    from micsentry.core.session import EFFECTS, EVENT_KINDS

    kinds = {event["kind"] for row in TABLE for event in row[3] if isinstance(event, dict)}
    assert set(EVENT_KINDS) - kinds <= {"devices", "tool-done", "problem"}
    effects = {name for row in TABLE for name in run(row[1], row[2], row[3], limit_of(row[0]))["effects"]}
    assert set(EFFECTS) == effects


def test_a_truncated_report_reads_back():
    from micsentry.core.session import Session, report_of

    session = Session()
    session.timeline.limit = 3
    for event in [start(), ATTACH] + [ufd("microphonePermissionDenied", i % 2 == 0) for i in range(5)]:
        session.feed(event)
    built = report_of(session, {"runtime": "micropython"}, "2026-11-24T00:00:00Z")
    assert built["timeline"][-1]["kind"] == "truncated"
    assert report.read_text(report.to_json(built), "long-call.json")["diagnosis"]["cause"] == "mic-permission-denied"


def test_tools_and_devices_reach_the_view():
    from micsentry.core.session import Session

    session = Session()
    session.feed({"kind": "devices", "devices": [{"id": "a", "label": ""}, {"id": "b", "label": "USB"}, "junk"]})
    session.feed({"kind": "tool-done", "message": "tool-failed", "fields": {"name": "TypeError"}})
    model = session.view()
    assert model["devices"] == [{"id": "a", "label": "Microphone 1", "selected": False},
                                {"id": "b", "label": "USB", "selected": False}]
    assert model["tools"]["status"] == "That did not work (TypeError). Reload the page and try again."
    assert session.feed({"kind": "problem", "key": "k", "message": "m"})["effects"] == [{"do": "warn", "message": "m"}]


def test_a_grant_that_changes_during_a_check_is_checked_again():
    """Revoked while the round runs (after it read the permission): the last word must count."""
    from micsentry.core.session import Session

    session = Session()
    session.feed({"kind": "start", "permission": "granted", "t": 0})
    session.feed({"kind": "environment", "round": 1, "secure_context": True, "media_devices": True,
                  "policy": "allowed", "t": 1})
    assert session.view()["state"] == "checking"
    session.feed({"kind": "permission", "state": "denied", "t": 2})  # while getUserMedia runs
    step = session.feed({"kind": "microphone-answer", "round": 1, "error": None, "audio_tracks": 0,
                         "permission": "granted", "t": 3})
    assert any(effect["do"] == "probe" for effect in step["effects"]), step  # a new round, at once
    # A change while a prompt may be up is our own request's: read at the end, no second round.
    session = Session()
    session.feed({"kind": "start", "permission": "prompt", "t": 0})
    session.feed({"kind": "environment", "round": 1, "secure_context": True, "media_devices": True,
                  "policy": "allowed", "t": 1})
    session.feed({"kind": "permission", "state": "granted", "t": 2})
    step = session.feed({"kind": "microphone-answer", "round": 1, "error": None, "audio_tracks": 1,
                         "permission": "granted", "t": 3})
    assert not any(effect["do"] == "probe" for effect in step["effects"]) and session.view()["state"] == "ok"


def test_inside_an_apps_own_browser_a_refusal_is_the_apps(tmp_path, capsys):
    """The session, the view, the change event, the report and the command line all say in-app-browser."""
    import json

    from micsentry import cli
    from micsentry.core import report
    from micsentry.core.session import Session, report_of

    session = Session(platform={"browser": "chromium", "system": "android", "app": "webview"})
    changes = []
    for event in [start("prompt"), env(), mic(error="NotAllowedError: Permission denied", permission="denied")]:
        changes += session.feed(event)["changes"]
    assert changes[-1]["cause"] == "in-app-browser"
    banner = session.view()["banners"][0]
    assert banner["cause"] == "in-app-browser"
    assert [action for action, _ in banner["actions"]] == ["copy-link", "recheck"]
    assert banner["title"] == "This page is open inside this app, which cannot give it the microphone"
    # Revoked while the page is open: still the app's.
    session = Session(platform={"browser": "chrome", "system": "ios", "app": "instagram"})
    for event in [start("granted"), env(), mic(), perm("denied")]:
        session.feed(event)
    assert session.precall.cause == "in-app-browser"
    built = report_of(session, {"runtime": "micropython"}, "2026-12-05T00:00:00Z")
    assert built["environment"]["app"] == "instagram" and built["diagnosis"]["step"] in ("precall", "none")
    path = tmp_path / "report.json"
    path.write_text(report.to_json(report_of(
        _refused_in("facebook"), {"runtime": "pyodide"}, "2026-12-05T00:00:00Z")))
    assert cli.main(["diagnose", str(path), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["cause"] == "in-app-browser"
    assert cli.main(["diagnose", str(path)]) == 1
    assert "Browser: chrome (facebook) on ios" in capsys.readouterr().out


def _refused_in(app):
    from micsentry.core.session import Session

    session = Session(platform={"browser": "chrome", "system": "ios", "app": app})
    for event in [start("denied"), env(), mic(error="NotAllowedError: Permission denied", permission="denied")]:
        session.feed(event)
    return session
