"""A stateful model of the session (Hypothesis' RuleBasedStateMachine): any interleaving of every event
kind the shells send, in order or not, late, duplicated, from another round, ill-typed, with the
session's invariants checked after each step:

- ``feed`` never raises, and answers ``{"effects": [...], "changes": [...]}`` with known effects;
- the view model is always renderable: strings where the renderer writes text, at most one banner
  per phase;
- a pre-call verdict only from an answer of the current round;
- no effect that asks for the microphone (or probes, or asks the SDK) for a widget whose phase is
  ``incall``, which must never ask;
- every effect tagged with a round names the current one (of the check, or of the level test);
- the timeline never exceeds its bound.

A fixed seed and a modest number of examples keep `make test` short; MICSENTRY_FUZZ=N runs N
examples with a random seed (e.g. MICSENTRY_FUZZ=2000 make test-core)."""

import os

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from micsentry.core import contract, session
from micsentry.core.contract import INCALL, PRECALL

FUZZ = os.environ.get("MICSENTRY_FUZZ")
LIMIT = 12  # a short timeline bound, so that runs reach it

SCALARS = st.none() | st.booleans() | st.integers(-3, 2**40) | st.floats(allow_nan=True) | st.text(max_size=6)
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
                    max_leaves=6)
# A round as the shells tag answers: mostly this one; the one before or after, or anything at all.
ROUNDS = st.one_of(st.just("current"), st.just("current"), st.just("current"), st.sampled_from(["previous", "next"]), JSON)
PERMISSIONS = st.sampled_from(["granted", "denied", "prompt", "unknown"]) | JSON
ERRORS = st.none() | st.fixed_dictionaries({"name": st.sampled_from(["NotAllowedError", "NotFoundError",
                                                                      "NotReadableError", "TimeoutError", "x"]),
                                            "message": st.text(max_size=6)}) | JSON
DIAGNOSTICS = st.sampled_from(["microphonePermissionDenied", "microphoneNotFunctioning", "noMicrophoneDevicesEnumerated",
                               "microphoneMuteUnexpectedly", "networkReconnect", "speakingWhileMicrophoneIsMuted", "x"])
CHANGES = st.fixed_dictionaries({"diagnostic": DIAGNOSTICS, "value": st.booleans() | st.sampled_from([0, 1, 2, 3]) | JSON,
                                 "valueType": st.sampled_from(["DiagnosticFlag", "DiagnosticQuality"]) | JSON}) | JSON
PARTICIPANTS = st.sampled_from(["p1", "p2"]) | JSON
ASKING = ("request-microphone", "ask-sdk", "probe", "start-level-test")
# The view model's fields the renderer writes as text.
TEXT_FIELDS = ("state", "incall", "status", "permission", "permission_text", "sdk")


class SessionMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.session = None
        self.fed = []  # every event fed, for replays
        self.step = None

    @initialize(phase=st.sampled_from(list(contract.PHASES)) | JSON, sdk=st.sampled_from(["", "acs"]) | JSON,
                started=st.booleans())
    def begin(self, phase, sdk, started):
        self.session = session.Session(phase=phase if isinstance(phase, str) else contract.BOTH,
                                       sdk=sdk if isinstance(sdk, str) else "")
        self.session.timeline.limit = LIMIT
        if started:  # as the shells start: the permission read first
            self.feed({"kind": "start", "permission": "granted", "t": 0})

    # -- feeding ------------------------------------------------------------------------------
    def _round(self, which, current=None):
        """*which* round ("current", "previous", "next", or any value as it is) of the check, or of *current*."""
        current = self.session.precall.round if current is None else current
        return {"current": current, "previous": current - 1, "next": current + 1}.get(which, which) \
            if isinstance(which, str) else which

    def feed(self, event):
        round_before = self.session.precall.round
        announced_before = self.session._announced.get(PRECALL)
        self.step = self.session.feed(event)
        self.fed.append(event)
        assert isinstance(self.step, dict) and set(self.step) == {"effects", "changes"}
        for effect in self.step["effects"]:
            assert isinstance(effect, dict) and effect.get("do") in session.EFFECTS, effect
            if "round" in effect:  # the level test counts its own rounds
                current = self.session.precall.level["round"] if effect["do"] == "start-level-test" \
                    else self.session.precall.round
                assert effect["round"] == current, (effect, current)
            if self.session.precall.phase == INCALL:
                assert effect["do"] not in ASKING, (event, effect)
        for change in self.step["changes"]:
            assert isinstance(change, dict) and isinstance(change.get("phase"), str), change
        verdict = [change for change in self.step["changes"] if change["phase"] == PRECALL]
        kind = event.get("kind") if isinstance(event, dict) else None
        if verdict and kind in ("environment", "sdk-answer", "microphone-answer"):
            # A verdict reached by an answer: only by one of the round that was running.
            assert event.get("round") == round_before, (event, round_before)
            assert self.session._announced.get(PRECALL) != announced_before

    @rule(permission=PERMISSIONS)
    def start(self, permission):
        self.feed({"kind": "start", "permission": permission, "t": 1})

    @rule(state=PERMISSIONS)
    def permission(self, state):
        self.feed({"kind": "permission", "state": state})

    @rule()
    def recheck(self):
        self.feed({"kind": "recheck"})

    @rule(which=ROUNDS, secure=st.booleans() | JSON, devices=st.booleans() | JSON,
          policy=st.sampled_from(["allowed", "blocked", "unknown"]) | JSON, framed=st.booleans() | JSON)
    def environment(self, which, secure, devices, policy, framed):
        self.feed({"kind": "environment", "round": self._round(which), "secure_context": secure,
                   "media_devices": devices, "policy": policy, "cross_origin_frame": framed})

    @rule(which=ROUNDS)
    def environment_usable(self, which):
        """The probe's answer of a page that may ask (the common case, so that runs reach verdicts)."""
        self.feed({"kind": "environment", "round": self._round(which), "secure_context": True,
                   "media_devices": True, "policy": "allowed", "cross_origin_frame": False})

    @rule(which=ROUNDS, tracks=st.integers(0, 2))
    def microphone_granted(self, which, tracks):
        self.feed({"kind": "microphone-answer", "round": self._round(which), "error": None, "audio_tracks": tracks,
                   "permission": "granted", "label": "Mic"})

    @rule(audio=st.booleans())
    def whole_round(self, audio):
        """The answers of the round running, in order, as a shell that does not race gives them."""
        expecting = self.session.precall.expecting
        current = self.session.precall.round
        if expecting == "environment":
            self.environment_usable("current")
        if self.session.precall.expecting == "sdk-answer":
            self.feed({"kind": "sdk-answer", "round": current, "called": True, "audio": audio, "error": None})
        if self.session.precall.expecting == "microphone-answer":
            self.microphone_granted("current", 1)

    @rule(which=ROUNDS)
    def sdk_waiting(self, which):
        self.feed({"kind": "sdk-waiting", "round": self._round(which)})

    @rule(which=ROUNDS, called=st.booleans() | JSON, audio=st.none() | st.booleans() | JSON, error=ERRORS)
    def sdk_answer(self, which, called, audio, error):
        self.feed({"kind": "sdk-answer", "round": self._round(which), "called": called, "audio": audio, "error": error})

    @rule(which=ROUNDS, error=ERRORS, tracks=st.integers(0, 2) | JSON, permission=PERMISSIONS, label=st.text(max_size=6) | JSON)
    def microphone_answer(self, which, error, tracks, permission, label):
        self.feed({"kind": "microphone-answer", "round": self._round(which), "error": error, "audio_tracks": tracks,
                   "permission": permission, "label": label})

    @rule(devices=st.lists(st.fixed_dictionaries({"id": st.text(max_size=4) | JSON, "label": st.text(max_size=4) | JSON})
                           | JSON, max_size=3) | JSON)
    def devices(self, devices):
        self.feed({"kind": "devices", "devices": devices})

    @rule(device=st.sampled_from(["", "mic-1"]) | JSON)
    def device_chosen(self, device):
        self.feed({"kind": "device-chosen", "device": device})

    @rule(which=ROUNDS, dbfs=st.floats(-120, 0) | JSON, t=st.integers(0, 10**6) | JSON, phase=JSON)
    def level(self, which, dbfs, t, phase):
        self.feed({"kind": "level", "round": self._round(which, self.session.precall.level["round"]),
                   "dbfs": dbfs, "t": t, "phase": phase})

    @rule(which=ROUNDS, ran=st.booleans() | JSON)
    def level_ended(self, which, ran):
        self.feed({"kind": "level-ended", "round": self._round(which, self.session.precall.level["round"]), "ran": ran})

    @rule()
    def level_test(self):
        self.feed({"kind": "level-test"})

    @rule(source=st.sampled_from(["call", "stream", "forwarded", "other"]) | JSON, usable=st.booleans() | JSON,
          share=st.booleans() | JSON)
    def attach(self, source, usable, share):
        self.feed({"kind": "attach", "source": source, "usable": usable, "share": share})

    @rule()
    def detach(self):
        self.feed({"kind": "detach"})

    @rule(change=CHANGES, origin=st.sampled_from(["sdk", "browser"]) | JSON)
    def ufd(self, change, origin):
        self.feed({"kind": "ufd", "change": change, "origin": origin})

    @rule(signal=st.sampled_from(["ended", "muted", "unmuted"]) | JSON)
    def local_track(self, signal):
        self.feed({"kind": "local-track", "signal": signal})

    @rule(participant=PARTICIPANTS, change=CHANGES)
    def remote_ufd(self, participant, change):
        payload = dict(change, participantId=participant) if isinstance(change, dict) else change
        self.feed({"kind": "remote-ufd", "change": payload})

    @rule(kind=st.sampled_from(["remote-left", "watch-remote", "unwatch-remote", "remote-track", "remote-wait"]),
          participant=PARTICIPANTS, extra=JSON)
    def remote(self, kind, participant, extra):
        self.feed({"kind": kind, "participant": participant, "name": extra, "usable": extra, "signal": extra,
                   "since": extra})

    @rule(allowed=st.lists(st.sampled_from(["*", "https://app.example", "https://app.example:443"]) | JSON, max_size=2)
          | JSON, origin=st.sampled_from(["https://app.example", "https://app.example:443"]) | JSON,
          framed=st.booleans() | JSON)
    def bridge(self, allowed, origin, framed):
        self.feed({"kind": "bridge", "allowed": allowed, "host_origin": origin, "framed": framed, "runtime": "micropython"})

    @rule(data=st.fixed_dictionaries({"micsentry": st.just(contract.PROTOCOL_VERSION) | JSON,
                                      "type": st.sampled_from(["attach", "detach", "recheck", "diagnostic",
                                                               "remote-diagnostic", "x"]) | JSON,
                                      "diagnostic": DIAGNOSTICS, "value": JSON, "valueType": JSON}) | JSON,
          origin=st.sampled_from(["https://app.example", "https://evil.example"]) | JSON)
    def host_message(self, data, origin):
        self.feed({"kind": "host-message", "data": data, "origin": origin})

    @rule(height=st.floats(allow_nan=True) | JSON)
    def height(self, height):
        self.feed({"kind": "height", "height": height})

    @rule(phase=st.sampled_from(list(contract.PHASES)) | JSON, sdk=st.sampled_from(["", "acs"]) | JSON,
          language=st.sampled_from(["en", "de"]) | JSON, catalog=st.dictionaries(st.text(max_size=4), st.text(max_size=4),
                                                                                   max_size=2) | JSON)
    def configure(self, phase, sdk, language, catalog):
        self.feed({"kind": "configure", "phase": phase, "sdk": sdk, "language": language, "catalog": catalog})

    @rule(message=st.sampled_from(["tool-report", "tool-copy", "tool-link-refused", "tool-failed"]) | JSON,
          fields=st.dictionaries(st.sampled_from(["url", "name", "catalog", "message_id"]) | JSON.filter(
              lambda key: isinstance(key, (str, int, bool)) or key is None), JSON, max_size=3) | JSON)
    def tool_done(self, message, fields):
        self.feed({"kind": "tool-done", "message": message, "fields": fields})

    @rule(key=JSON, message=JSON)
    def problem(self, key, message):
        self.feed({"kind": "problem", "key": key, "message": message})

    @rule(what=JSON)
    def failure(self, what):
        self.feed({"kind": "failure", "what": what})

    @rule(event=JSON | st.dictionaries(st.sampled_from(["kind", "round", "t", "participant"]), JSON, max_size=3))
    def junk(self, event):
        self.feed(event)

    @rule(kind=st.sampled_from(list(session.EVENT_KINDS)), t=JSON)
    def bare(self, kind, t):
        """An event with nothing but its kind (and any time)."""
        self.feed({"kind": kind, "t": t})

    @precondition(lambda self: self.fed)
    @rule(index=st.integers(0, 10**6))
    def replay(self, index):
        """An event fed before comes again: a duplicate, or an answer arriving late."""
        event = self.fed[index % len(self.fed)]
        self.feed(dict(event) if isinstance(event, dict) else event)

    # -- what always holds ------------------------------------------------------------------------
    @invariant()
    def renderable(self):
        if self.session is None:
            return
        model = self.session.view()
        for name in TEXT_FIELDS:
            assert isinstance(model[name], str), (name, model[name])
        assert isinstance(model["tools"]["status"], str)
        phases = [banner["phase"] for banner in model["banners"]]
        assert len(phases) == len(set(phases)), phases
        for banner in model["banners"]:
            assert isinstance(banner["title"], str) and isinstance(banner["summary"], str)
            assert all(isinstance(step, str) for step in banner["steps"])

    @invariant()
    def timeline_bounded(self):
        if self.session is None:
            return
        events = self.session.timeline.events
        assert len(events) <= LIMIT + 1
        if len(events) > LIMIT:
            assert events[-1]["kind"] == "truncated"


SessionMachine.TestCase.settings = settings(
    max_examples=int(FUZZ) if FUZZ else 60, stateful_step_count=40, deadline=None, derandomize=not FUZZ,
    suppress_health_check=list(HealthCheck),
    # In `make test` a failure prints its whole run at once (shrinking one can take minutes); a
    # MICSENTRY_FUZZ run shrinks it to the fewest steps.
    phases=list(Phase) if FUZZ else [Phase.explicit, Phase.reuse, Phase.generate])
test_session_machine = SessionMachine.TestCase
