"""The pre-call check as a state machine: rounds, the "may we ask" rule, the queue, the level test. Pure.

Each method takes one event's data and returns the effects to carry out (plain dicts with ``"do"``);
the shell feeds their outcomes back, tagged with the round they belong to, so an answer from a
round that was superseded (a re-check, a phase change) is dropped. ``micsentry.core.session`` owns
one of these and routes events to it.

    >>> from micsentry.core.timeline import Timeline
    >>> check = PrecallCheck("both", "", None, Timeline())
    >>> check.started("granted", 0)
    [{'do': 'probe', 'round': 1}]
    >>> check.environment({"round": 1, "secure_context": True, "media_devices": True, "policy": "allowed"}, 1)
    [{'do': 'request-microphone', 'round': 1, 'device': None, 'wait_ms': 8000}]
"""

from micsentry.core import causes, levels
from micsentry.core.contract import CHECKING, ERROR, IDLE, INCALL, OK, STARTING, WARNING

LEVEL_TEST_MS = 4000  # how long the level test holds the microphone after a working check


# How long getUserMedia may take without a prompt before the check says the browser did not answer.
ANSWER_WAIT_MS = 8000


class _LevelTest:
    """The level test after a working check: readings in, the silence verdict out (PrecallCheck's part)."""

    def start_level(self):
        if self.phase == INCALL or self.state not in (OK, WARNING):
            return []
        level = self.level
        effects = self._stop_level()
        level["round"] += 1
        level.update(running=True, ran=True, loudest=None,
                     detector=levels.SilenceDetector(hold_ms=LEVEL_TEST_MS - 1000))
        return effects + [{"do": "start-level-test", "round": level["round"], "ms": LEVEL_TEST_MS,
                           "device": self.device_id}]

    def _stop_level(self):
        if not self.level["running"]:
            return []
        self.level["round"] += 1  # readings still on their way belong to the old round: dropped
        self.level["running"] = False
        return [{"do": "stop-level-test"}]

    def level_reading(self, found, t):
        level = self.level
        if found.get("round") != level["round"] or not level["running"]:
            return []
        dbfs = found.get("dbfs")
        if not levels.finite(dbfs):
            return []  # a reading that is no number of dBFS: nothing to show or to judge
        at = found.get("t")
        level["fraction"] = levels.meter_fraction(dbfs)
        level["text"] = ("level-now", round(dbfs))
        level["loudest"] = dbfs if level["loudest"] is None else max(level["loudest"], dbfs)
        turned = level["detector"].feed(dbfs, at if levels.finite(at) else t)
        if turned is not None:
            self.timeline.record("silence", t, silent=turned)
        return []

    def level_ended(self, found):
        level = self.level
        if found.get("round") != level["round"] or not level["running"]:
            return []
        level["running"] = False
        level["fraction"] = 0.0
        if not found.get("ran"):
            level["text"] = ("level-suspended", None)  # suspended audio reads zeros: no verdict
            return []
        if level["loudest"] is None:
            return []
        level["text"] = ("level-max", round(level["loudest"]))
        if level["detector"].silent and self.state == OK:
            self.state, self.cause, self.error = WARNING, causes.MIC_SILENT, None
        return []


class PrecallCheck(_LevelTest):
    def __init__(self, phase, sdk, device_id, timeline, app=None):
        self.phase = phase
        self.app = app  # the app whose own browser shows the page (platforms.APPS), or None
        self.sdk = sdk
        self.device_id = device_id
        self.timeline = timeline
        self.state = STARTING
        self.permission = "unknown"
        self.cause = None
        self.error = None
        self.failure = None
        self.waiting = None  # message id of what the check waits on
        self.sdk_answer = None
        self.observation = None
        # The answer the round waits for next ("environment", "sdk-answer", "microphone-answer"), or
        # None: shells whose callbacks race may deliver answers early, twice or late; only the
        # expected one of the current round counts, the others are dropped.
        self.expecting = None
        self.round = 0
        self.queued = False
        self.devices = []
        self.level = {"round": 0, "running": False, "ran": False, "fraction": 0.0, "text": None,
                      "loudest": None, "detector": None}

    # -- starting and re-running --------------------------------------------------------------
    def started(self, permission, t):
        self.permission = causes.permission_state(permission)
        self.timeline.record("permission", t, state=self.permission)
        if self.phase == INCALL:
            self.state = IDLE  # a widget for the call only never asks for the microphone itself
            return []
        return self._begin()

    def recheck(self):
        if self.phase == INCALL or self.state in (STARTING, ERROR):
            return []
        if self.state == CHECKING:
            self.queued = True  # asked again while a round runs: once more after it, never twice at a time
            return []
        return self._begin()

    def _begin(self):
        self.round += 1
        self.state, self.cause, self.error, self.waiting = CHECKING, None, None, None
        self.expecting = "environment"
        return self._stop_level() + [{"do": "probe", "round": self.round}]

    # -- one round: environment -> (SDK) -> getUserMedia -> verdict -------------------------
    def _expects(self, found, answer):
        return found.get("round") == self.round and self.state == CHECKING and self.expecting == answer

    def environment(self, found, t):
        if not self._expects(found, "environment"):
            return []
        self.observation = {"secure_context": found.get("secure_context") is True,
                            "media_devices": found.get("media_devices") is True,
                            "policy": found.get("policy", "unknown"),
                            "cross_origin_frame": found.get("cross_origin_frame") is True,
                            "permission_before": self.permission, "requested": False}
        if self.app:
            self.observation["in_app"] = self.app
        if not may_ask(self.observation, self.phase):
            return self._verdict(t)
        if self.sdk == "acs":
            self.waiting, self.expecting = "waiting-sdk", "sdk-answer"
            return [{"do": "ask-sdk", "round": self.round}]
        return self._request()

    def sdk_waiting(self, found):
        if self._expects(found, "sdk-answer"):
            self.waiting = "waiting-device-manager"
        return []

    def sdk_answered(self, found, t):
        if not self._expects(found, "sdk-answer"):
            return []
        answer = {"name": "acs", "called": found.get("called") is True, "audio": found.get("audio"),
                  "error": found.get("error")}
        self.observation["sdk"] = self.sdk_answer = answer
        self.waiting = None
        if answer["called"] and answer["error"] is None:
            self.timeline.record("ask-device-permission", t, called=True, audio=answer["audio"])
        if answer["audio"] is True:
            return self._verdict(t)  # the SDK itself holds the microphone
        # A refusal is asked again by the browser: its error tells the causes apart.
        return self._request()

    def _request(self):
        self.observation["requested"] = True  # granted: no prompt, so an answer that never comes is a hung driver
        self.expecting = "microphone-answer"
        wait = ANSWER_WAIT_MS if self.permission == "granted" else None
        return [{"do": "request-microphone", "round": self.round, "device": self.device_id, "wait_ms": wait}]

    def microphone_answered(self, found, t):
        if not self._expects(found, "microphone-answer"):
            return []
        error = found.get("error")
        self.observation["error"] = error
        self.observation["audio_tracks"] = found.get("audio_tracks") or 0
        self.observation["permission_after"] = causes.permission_state(found.get("permission"))
        self.timeline.record("get-user-media", t, error=error, audio_tracks=self.observation["audio_tracks"])
        return self._verdict(t)

    def _verdict(self, t):
        self.expecting = None
        observation = self.observation
        observation.setdefault("permission_after", observation["permission_before"])
        after = observation["permission_after"]
        self.timeline.record("precall", t, observation=dict(observation))
        if after != "unknown" and after != observation["permission_before"]:
            self.timeline.record("permission", t, state=after)
            self.permission = after
        self.cause = causes.classify(observation)
        self.state = OK if self.cause == causes.OK else WARNING
        self.error = observation.get("error")
        effects = [{"do": "list-devices"}]
        if self.queued:
            self.queued = False
            return effects + self._begin()
        if self.cause == causes.OK and observation["requested"]:
            effects += self.start_level()
        return effects

    # -- the permission changes while the page is open -----------------------------------------
    def permission_changed(self, state, t):
        state = causes.permission_state(state)
        if self.state in (STARTING, CHECKING):
            # Our own request moves a "prompt" (the round reads that at its end); a grant that
            # changes while the round runs comes from outside: check again after it, so the last word counts.
            if self.state == CHECKING and state != self.permission and self.permission in ("granted", "denied"):
                self.queued = True
            return []
        if state == self.permission:
            return []
        self.permission = state
        self.timeline.record("permission", t, state=state)
        if self.phase == INCALL or self.state == ERROR:
            return []
        action, cause = causes.after_permission_change(state)
        if action == "recheck":
            return self._begin()
        self.state, self.cause, self.error = WARNING, causes.in_app(cause, self.app), None
        return self._stop_level()

    # -- devices, phase and failures -----------------------------------------------------
    def devices_listed(self, devices):
        self.devices = [d for d in devices if isinstance(d, dict) and d.get("id")]
        if self.device_id and self.device_id not in [d["id"] for d in self.devices]:
            self.device_id = None  # the remembered microphone is gone: let the browser choose
        return []

    def device_chosen(self, device_id):
        self.device_id = device_id or None
        return [{"do": "store-device", "device": device_id or ""}] + self.recheck()

    def set_phase(self, phase):
        before, self.phase = self.phase, phase
        if phase == INCALL and before != INCALL:
            self.round += 1  # answers of a round in flight are dropped
            self.queued = False
            effects = self._stop_level()
            if self.state != STARTING:
                self.state, self.cause, self.error, self.waiting = IDLE, None, None, None
            return effects
        if before == INCALL and phase != INCALL and self.state == IDLE:
            return self._begin()
        return []

    def failed(self, what):
        self.state, self.failure, self.waiting = ERROR, what, None
        return self._stop_level()


def may_ask(observation, phase):
    """Whether the check may ask for the microphone at all: a secure page with the media API, not
    refused by the frame's policy, and not a widget for the call only.

        >>> may_ask({"secure_context": True, "media_devices": True, "policy": "blocked"}, "both")
        False
    """
    return (phase != INCALL and observation.get("secure_context") is True
            and observation.get("media_devices") is True and observation.get("policy") != "blocked")
