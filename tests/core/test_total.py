"""Every pure entry point is total: any JSON-shaped input gives an answer in its stated range or the
module's own documented error, never another exception (property tests with Hypothesis).

A fixed seed and a small example count keep `make test` short; MICSENTRY_FUZZ=N runs N examples per
entry point (e.g. MICSENTRY_FUZZ=5000 make test-core)."""

import json
import math
import os

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from micsentry.core import (advice, causes, contract, forms, levels, platforms, protocol, remote, report, session,
                            signals, troubleshoot, ufd)
from micsentry.core.incall import CallState

EXAMPLES = int(os.environ.get("MICSENTRY_FUZZ", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("MICSENTRY_FUZZ"),
                suppress_health_check=list(HealthCheck))

SCALARS = st.none() | st.booleans() | st.integers(-2**53, 2**53) | st.floats(allow_nan=True) | st.text(max_size=12)
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=12)
KEYS = st.sampled_from(["kind", "t", "timestamp", "diagnostic", "value", "valueType", "state", "error", "name",
                        "message", "audio_tracks", "observation", "participant", "participantId", "rawId", "called",
                        "audio", "secure_context", "media_devices", "policy", "requested", "permission", "silent",
                        "schema", "timeline", "environment", "precall", "micsentry", "created", "mediaDevices"])
KINDS = st.sampled_from(list(contract.TIMELINE_KINDS) + ["bogus"])
# Objects shaped like the ones the entry points read, with any value in any field.
SHAPED = st.dictionaries(KEYS, JSON | KINDS, max_size=6)
EVENTS = st.lists(SHAPED | st.builds(lambda kind, rest: dict(rest, kind=kind), KINDS, SHAPED) | JSON, max_size=6)


def in_range(fraction):
    return isinstance(fraction, float) and 0.0 <= fraction <= 1.0 and not math.isnan(fraction)


@FUZZ
@given(SHAPED | JSON)
def test_classify(observation):
    assert isinstance(causes.classify(observation), str)


@FUZZ
@given(JSON)
def test_after_permission_change_and_permission_state(state):
    causes.after_permission_change(state)
    assert causes.permission_state(state) in ("granted", "denied", "prompt", "unknown")


@FUZZ
@given(JSON, JSON, JSON)
def test_advise(cause, browser, system):
    found = advice.advise(cause if isinstance(cause, str) else "x", browser, system)
    assert found["title"] and all(isinstance(step, str) for step in found["steps"])


@FUZZ
@given(JSON, JSON)
def test_detect(user_agent, touch):
    found = platforms.detect(user_agent, touch)
    assert found["browser"] in platforms.BROWSERS and found["system"] in platforms.SYSTEMS


@FUZZ
@given(SHAPED | JSON)
def test_ufd_normalise(change):
    try:
        found = ufd.normalise(change)
    except ufd.Malformed:
        return
    assert isinstance(found["name"], str) and isinstance(found["active"], bool)


@FUZZ
@given(st.dictionaries(JSON.filter(lambda key: isinstance(key, (str, int, float, bool)) or key is None), JSON,
                       max_size=5) | JSON)
def test_changes_from_latest(latest):
    for change in ufd.changes_from_latest(latest):
        assert isinstance(change, dict)


@FUZZ
@given(SHAPED | JSON)
def test_remote_normalise(payload):
    try:
        found = remote.normalise(payload)
    except ufd.Malformed:
        return
    assert isinstance(found["participant"], str) and found["participant"]


@FUZZ
@given(EVENTS | JSON)
def test_diagnose(timeline):
    found = troubleshoot.diagnose(timeline if isinstance(timeline, list) else [timeline])
    assert found["step"] in troubleshoot.STEPS and advice.known(found["cause"]) and found["actor"]


@FUZZ
@given(st.builds(lambda base, extra: dict(base, **extra),
                 st.fixed_dictionaries({"schema": st.just(report.SCHEMA), "timeline": EVENTS}), SHAPED) | SHAPED | JSON)
def test_report_read(data):
    try:
        found = report.read(data)
    except report.ReportError:
        return
    assert found["diagnosis"]["step"] in troubleshoot.STEPS
    report.summary(found)


@FUZZ
@given(st.lists(SHAPED | JSON, max_size=5).map(lambda rows: "\n".join(json.dumps(row) for row in rows)) | st.text())
def test_report_read_text(text):
    try:
        found = report.read_text(text, "log")
    except report.ReportError as exc:
        assert exc.where and str(exc)
        return
    assert found["diagnosis"]["step"] in troubleshoot.STEPS


@FUZZ
@given(st.floats(allow_nan=True, allow_infinity=True) | JSON)
def test_meter_fraction(level):
    assert in_range(levels.meter_fraction(level))


def test_meter_fraction_of_nan_is_empty():
    assert levels.meter_fraction(float("nan")) == 0.0


@FUZZ
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=8))
def test_dbfs(samples):
    value = levels.dbfs(samples)
    assert isinstance(value, float) and not math.isnan(value)


@FUZZ
@given(JSON, JSON, JSON, JSON)
def test_protocol_check(data, origin, allowed, host):
    verdict, _ = protocol.check(data, origin, allowed if isinstance(allowed, list) else [], host)
    assert verdict in ("accept", "reject", "ignore")


@FUZZ
@given(JSON, st.text(max_size=40) | JSON)
def test_host_origin(ancestors, referrer):
    found = protocol.host_origin_of(ancestors, referrer)
    if found is not None:
        assert "?" not in found and "#" not in found and found.count("/") == 2, found


@FUZZ
@given(JSON, JSON)
def test_join_problem(token, group):
    found = forms.join_problem(token, group)
    assert found is None or isinstance(found, str)


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(["permission", "track", "devices", "online", "level", "x"]), JSON, JSON),
                max_size=6))
def test_browser_signals(given_signals):
    source = signals.BrowserSignals()
    for name, first, second in given_signals:
        assert isinstance(source.signal(name, first, second), list)


@FUZZ
@given(st.lists(SHAPED | st.builds(lambda kind, rest: dict(rest, kind=kind), st.sampled_from(session.EVENT_KINDS), SHAPED)
                | JSON, max_size=8))
def test_session_feed(events):
    machine = session.Session()
    for event in events:
        step = machine.feed(event)
        assert isinstance(step["effects"], list) and isinstance(step["changes"], list)
    machine.view()


@FUZZ
@given(st.lists(st.tuples(JSON, JSON), max_size=6))
def test_call_state(changes):
    state = CallState()
    for name, value in changes:
        try:
            state.apply(ufd.normalise({"diagnostic": name, "value": value}))
        except ufd.Malformed:
            continue
    state.top()
