import pytest

from micsentry.core import protocol

HOST = "https://app.example"


@pytest.mark.parametrize("data,origin,allowed,verdict", [
    ({"micsentry": 1, "type": "recheck"}, HOST, ["*"], "accept"),
    ({"micsentry": 1, "type": "attach"}, HOST, [HOST], "accept"),
    ({"micsentry": 1, "type": "diagnostic", "diagnostic": "networkReconnect", "value": 3}, HOST, ["*"], "accept"),
    ({"micsentry": 1, "type": "recheck"}, "https://evil.example", ["*"], "reject"),  # not the embedding page
    ({"micsentry": 1, "type": "recheck"}, HOST, ["https://other.example"], "reject"),  # not allowed
    ({"micsentry": 1, "type": "recheck"}, "null", ["*"], "reject"),
    ({"micsentry": 2, "type": "recheck"}, HOST, ["*"], "reject"),
    ({"micsentry": True, "type": "recheck"}, HOST, ["*"], "reject"),
    ({"micsentry": 1, "type": "teleport"}, HOST, ["*"], "reject"),
    ({"micsentry": 1, "type": "diagnostic"}, HOST, ["*"], "reject"),
    ({"micsentry": 1, "type": "diagnostic", "diagnostic": 5, "value": 3}, HOST, ["*"], "reject"),
    ({"micsentry": "unreadable"}, HOST, ["*"], "reject"),
    ({"hello": 1}, HOST, ["*"], "ignore"),
    ("text", HOST, ["*"], "ignore"),
    (None, "https://evil.example", ["*"], "ignore"),
])
def test_check(data, origin, allowed, verdict):
    assert protocol.check(data, origin, allowed, HOST)[0] == verdict


def test_accepted_messages_carry_only_known_fields():
    verdict = protocol.check({"micsentry": 1, "type": "diagnostic", "diagnostic": "x", "value": True, "extra": "<b>"},
                          HOST, ["*"], HOST)
    assert verdict[1] == {"micsentry": 1, "type": "diagnostic", "diagnostic": "x", "value": True, "valueType": None}


@pytest.mark.parametrize("ancestors,referrer,origin", [
    (["https://a.example"], "https://b.example/x", "https://a.example"),
    ([], "https://b.example:8443/path?q", "https://b.example:8443"),
    ([], "", None), (None, None, None),
])
def test_host_origin(ancestors, referrer, origin):
    assert protocol.host_origin_of(ancestors, referrer) == origin
