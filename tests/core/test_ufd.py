"""User Facing Diagnostics: normalisation of both value kinds, malformed input, priorities."""

import pytest

from micsentry.core import ufd
from micsentry.core.incall import CallState
from micsentry.core.ufd import Malformed, normalise


@pytest.mark.parametrize(
    "change,active,value",
    [
        ({"diagnostic": "microphonePermissionDenied", "value": True, "valueType": "DiagnosticFlag"}, True, True),
        ({"diagnostic": "microphonePermissionDenied", "value": False, "valueType": "DiagnosticFlag"}, False, False),
        ({"diagnostic": "networkReconnect", "value": 1, "valueType": "DiagnosticQuality"}, False, 1),
        ({"diagnostic": "networkReconnect", "value": 2, "valueType": "DiagnosticQuality"}, True, 2),
        ({"diagnostic": "networkReconnect", "value": 3, "valueType": "DiagnosticQuality"}, True, 3),
        ({"diagnostic": "networkReconnect", "value": 3.0, "valueType": "DiagnosticQuality"}, True, 3),
        # Mixed kinds, as Microsoft's UI library compares them.
        ({"diagnostic": "microphoneNotFunctioning", "value": 3, "valueType": "DiagnosticQuality"}, True, 3),
        ({"diagnostic": "microphoneMuteUnexpectedly", "value": 1, "valueType": "DiagnosticFlag"}, False, 1),
        ({"diagnostic": "networkReconnect", "value": True, "valueType": "DiagnosticFlag"}, True, True),
        ({"diagnostic": "microphonePermissionDenied", "value": True}, True, True),  # no valueType
    ],
)
def test_normalise(change, active, value):
    assert normalise(change) == {"name": change["diagnostic"], "active": active, "value": value}


@pytest.mark.parametrize(
    "change",
    [
        None, "text", 42, [], {},
        {"diagnostic": 5, "value": True},
        {"diagnostic": "", "value": True},
        {"diagnostic": "microphoneNotFunctioning"},
        {"diagnostic": "microphoneNotFunctioning", "value": "yes"},
        {"diagnostic": "microphoneNotFunctioning", "value": None},
        {"diagnostic": "microphoneNotFunctioning", "value": 0},
        {"diagnostic": "microphoneNotFunctioning", "value": 7},
        {"diagnostic": "microphoneNotFunctioning", "value": True, "valueType": "Sideways"},
    ],
)
def test_malformed(change):
    with pytest.raises(Malformed):
        normalise(change)


def test_unknown_but_well_formed_is_none():
    assert normalise({"diagnostic": "fluxCapacitor", "value": True, "valueType": "DiagnosticFlag"}) is None


def test_every_known_name_normalises():
    for name in ufd.KNOWN:
        assert normalise({"diagnostic": name, "value": True})["name"] == name


def test_from_latest_puts_watched_first_and_skips_junk():
    latest = {"cameraFreeze": {"value": True, "valueType": "DiagnosticFlag"},
              "networkReconnect": {"value": 2, "valueType": "DiagnosticQuality"},
              "microphonePermissionDenied": {"value": True, "valueType": "DiagnosticFlag"},
              "junk": "not an entry"}
    names = [c["diagnostic"] for c in ufd.changes_from_latest(latest)]
    assert names == ["microphonePermissionDenied", "networkReconnect", "cameraFreeze"]
    assert ufd.changes_from_latest(None) == [] and ufd.changes_from_latest("x") == []


def apply(state, name, value):
    return state.apply(normalise({"diagnostic": name, "value": value}))


def test_priority_permission_then_network_then_device():
    state = CallState()
    assert state.top() is None
    assert apply(state, "speakingWhileMicrophoneIsMuted", True)
    assert state.top()[0] == "speakingWhileMicrophoneIsMuted"
    apply(state, "microphoneNotFunctioning", True)
    assert state.top()[1] == "mic-not-functioning"
    apply(state, "networkReconnect", 3)
    assert state.top()[1] == "network-reconnect"
    apply(state, "microphonePermissionDenied", True)
    assert state.top() == ("microphonePermissionDenied", "mic-permission-denied", True)
    apply(state, "microphonePermissionDenied", False)
    apply(state, "networkReconnect", 1)
    assert state.top()[1] == "mic-not-functioning"


def test_apply_reports_only_real_changes():
    state = CallState()
    assert apply(state, "networkReconnect", 2)
    assert not apply(state, "networkReconnect", 2)
    assert apply(state, "networkReconnect", 3)  # Poor -> Bad changes the value shown
    assert apply(state, "networkReconnect", 1)
    assert not apply(state, "networkReconnect", 1)
    assert not apply(state, "cameraFreeze", True)  # known, not watched


@pytest.mark.parametrize("value,text", [(True, "true"), (False, "false"), (1, "Good"), (2, "Poor"), (3, "Bad")])
def test_value_text(value, text):
    assert ufd.value_text(value) == text
