"""What an independent fuzzer of the pure core found (issue 30), each as it was found: before the
fix every one of these raised an undocumented exception or gave a wrong answer. The stateful model
(test_session_stateful.py) keeps looking for their kind."""

import pytest

from micsentry.core import protocol, report, session, times


@pytest.mark.parametrize("text", ["2026-11-23T10:00:0\u00b2Z", "\uff12026-11-23T10:00:00Z", "2026-11-23T10:00:00.\u0663Z",
                                  "2026-11-23T1\u0660:00:00Z", "2026-11-23T10:00:00+0\u0661:00"])
def test_times_take_ascii_digits_only(text):
    assert times.milliseconds(text) is None
    with pytest.raises(report.ReportError, match="neither milliseconds nor an ISO 8601 time"):
        report.read_text('{"diagnostic": "networkReconnect", "value": 3, "timestamp": "%s"}' % text, "log")


def started(sdk=""):
    machine = session.Session(sdk=sdk)
    assert machine.feed({"kind": "start", "permission": "granted", "t": 0})["effects"] == [{"do": "probe", "round": 1}]
    return machine


USABLE = {"kind": "environment", "round": 1, "secure_context": True, "media_devices": True, "policy": "allowed"}
GRANTED = {"kind": "microphone-answer", "round": 1, "error": None, "audio_tracks": 1, "permission": "granted"}


@pytest.mark.parametrize("sdk,early", [
    ("acs", {"kind": "sdk-answer", "round": 1, "called": True, "audio": True, "error": None}),
    ("acs", {"kind": "sdk-waiting", "round": 1}),
    ("", GRANTED),
])
def test_an_answer_before_the_probes_is_dropped_and_the_round_goes_on(sdk, early):
    machine = started(sdk)
    assert machine.feed(early) == {"effects": [], "changes": []}
    assert machine.view()["state"] == "checking"
    asked = machine.feed(USABLE)["effects"]
    assert asked[0]["do"] == ("ask-sdk" if sdk else "request-microphone")
    answer = {"kind": "sdk-answer", "round": 1, "called": True, "audio": True, "error": None} if sdk else GRANTED
    step = machine.feed(answer)
    assert [change["state"] for change in step["changes"]] == ["ok"]
    assert machine.feed(answer) == {"effects": [], "changes": []}  # twice: the second is late
    assert machine.feed(GRANTED) == {"effects": [], "changes": []}


@pytest.mark.parametrize("event", [
    {"kind": "attach", "source": ["call"], "usable": True},
    {"kind": "attach", "source": {"a": 1}, "usable": True},
    {"kind": "level", "round": 1, "dbfs": "loud", "phase": True},
    {"kind": "level", "round": 1, "dbfs": float("nan")},
    {"kind": "devices", "devices": 3},
    {"kind": "bridge", "allowed": 1.5, "host_origin": "https://app.example", "framed": True},
    {"kind": "height", "height": float("inf")},
    {"kind": "ufd", "change": {"diagnostic": "networkReconnect", "value": 3}, "origin": ["sdk"]},
    {"kind": "watch-remote", "participant": "p1", "name": ["Ada"], "usable": True},
    ["not", "an", "event"],
    7,
])
def test_ill_typed_events_are_answered_not_raised(event):
    machine = started()
    machine.feed(USABLE)
    machine.feed(GRANTED)
    machine.feed({"kind": "attach", "source": "stream", "usable": True})
    step = machine.feed(event)
    assert isinstance(step["effects"], list) and isinstance(step["changes"], list)
    machine.view()


def test_a_tool_field_named_like_a_parameter_is_just_a_field():
    machine = session.Session()
    machine.feed({"kind": "tool-done", "message": "tool-link-refused", "fields": {"catalog": 1, "url": "https://x.example/"}})
    assert "https://x.example/" in machine.view()["tools"]["status"]
    machine.feed({"kind": "tool-done", "message": "tool-failed", "fields": {1: "x", "name": "TypeError"}})
    assert "TypeError" in machine.view()["tools"]["status"]


@pytest.mark.parametrize("given,origin", [
    ("https://app.example:443/call", "https://app.example"),
    ("http://app.example:80/", "http://app.example"),
    ("https://APP.example:8443/", "https://app.example:8443"),
    ("http://app.example:443/", "http://app.example:443"),
])
def test_an_origin_never_names_its_schemes_default_port(given, origin):
    assert protocol.host_origin_of([given], None) == origin
    assert protocol.host_origin_of([], given) == origin
    assert protocol.origin_allowed(origin, [given])
