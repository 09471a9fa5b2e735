"""The listener's side as tables: remote payloads read, participants' notices ordered and labelled."""

import pytest

from micsentry.core import remote, ufd

NORMALISE = [
    ({"participantId": "p", "rawId": "8:acs:x", "diagnostic": "microphonePermissionDenied", "value": True,
      "valueType": "DiagnosticFlag", "name": " Ada "},
     {"participant": "8:acs:x", "name": "Ada", "diagnostic": "microphonePermissionDenied", "active": True, "value": True}),
    ({"participantId": "p", "diagnostic": "networkReconnect", "value": 2.0},
     {"participant": "p", "name": None, "diagnostic": "networkReconnect", "active": True, "value": 2}),
    ({"rawId": "r", "diagnostic": "networkReconnect", "value": 1, "name": ""},
     {"participant": "r", "name": None, "diagnostic": "networkReconnect", "active": False, "value": 1}),
    ({"rawId": "r", "diagnostic": "fluxCapacitor", "value": True}, None),
]
MALFORMED = [None, "text", 5, {}, {"diagnostic": "noNetwork", "value": True}, {"rawId": "", "participantId": 3},
             {"rawId": "r"}, {"rawId": "r", "diagnostic": "noNetwork"}, {"rawId": "r", "diagnostic": 5, "value": 1},
             {"rawId": "r", "diagnostic": "noNetwork", "value": "yes"}]


@pytest.mark.parametrize("payload,expected", NORMALISE)
def test_normalise(payload, expected):
    assert remote.normalise(payload) == expected


@pytest.mark.parametrize("payload", MALFORMED)
def test_malformed_payloads_raise_the_documented_error(payload):
    with pytest.raises(ufd.Malformed):
        remote.normalise(payload)


def change(participant, diagnostic, active, name=None):
    return {"participant": participant, "name": name, "diagnostic": diagnostic, "active": active, "value": active}


def test_notices_most_important_first_then_in_the_order_they_came():
    state = remote.RemoteState()
    state.apply(change("b", "networkReconnect", True))
    state.apply(change("a", "microphoneNotFunctioning", True, "Ann"))
    state.apply(change("c", "networkReconnect", True))
    state.apply(change("b", "microphonePermissionDenied", True))
    assert [(n["participant"], n["cause"], n["label"]) for n in state.notices()] == [
        ("b", "mic-permission-denied", "b"), ("a", "mic-not-functioning", "Ann"), ("c", "network-reconnect", "c")]
    assert state.leave("b") and not state.leave("b")
    assert state.apply(change("a", "cameraFreeze", True)) is False  # not one that keeps them from being heard


def test_a_watched_track_is_a_problem_only_once_the_mute_lasts():
    state = remote.RemoteState()
    assert state.track("p", "Bo", "mute", 10) == (False, remote.MUTED_MS)
    assert state.still_muted("p", 9) is False  # a wait from an earlier mute
    assert state.still_muted("p", 10) is True
    assert state.notices()[0]["cause"] == "not-receiving" and state.notices()[0]["label"] == "Bo"
    assert state.track("p", None, "unmute", 20) == (True, None)
    assert state.notices() == []
    assert state.track("p", None, "ended", 30) == (True, None)
