"""One micsentry on one root: every event in, the effects and announcements out. Pure.

``Session.feed(event)`` takes one event (a plain dict with ``"kind"``, see ``EVENT_KINDS``) and returns
``{"effects": [...], "changes": [...]}``: the effects the shell carries out (dicts with ``"do"``, see
``EFFECTS``) and the ``micsentry:change`` details to announce, each once. ``Session.view()`` is the
view model of the whole root. Nothing here touches the browser: the shell feeds the outcome of each
effect back in as another event.

    >>> session = Session(phase="incall")
    >>> session.feed({"kind": "start", "permission": "granted", "t": 0})
    {'effects': [], 'changes': []}
    >>> session.feed({"kind": "permission", "state": "denied", "t": 5})["effects"]
    []
    >>> session.view()["state"], session.view()["banners"]
    ('idle', [])
"""

from micsentry.core import incall, levels, remote, ufd, view
from micsentry.core.contract import BOTH, ERROR, IDLE, INCALL, OK, PHASES, PRECALL, WARNING
from micsentry.core.precall import PrecallCheck
from micsentry.core.timeline import Timeline

EVENT_KINDS = ("start", "permission", "recheck", "environment", "sdk-waiting", "sdk-answer", "microphone-answer",
               "devices", "device-chosen", "level", "level-ended", "level-test", "attach", "detach", "ufd",
               "local-track", "remote-ufd", "remote-left", "watch-remote", "unwatch-remote", "remote-track",
               "remote-wait", "bridge", "host-message", "height", "configure", "tool-done", "problem", "failure")
EFFECTS = ("probe", "ask-sdk", "request-microphone", "list-devices", "start-level-test", "stop-level-test",
           "store-device", "follow", "refuse-source", "close-source", "share", "follow-remote", "refuse-remote",
           "close-remote", "timer", "forward", "post", "warn")

# Events about one remote participant: without their id (a string) there is nobody to apply them to.
_NAMES_A_PARTICIPANT = ("remote-left", "watch-remote", "unwatch-remote", "remote-track", "remote-wait")


class _Embedded:
    """The session's part that only embed.html uses: the embedding page's messages (protocol v1)."""

    def _on_bridge(self, event):
        allowed, origin = event.get("allowed"), event.get("host_origin")
        allowed = list(allowed) if isinstance(allowed, list) else []
        # Ours go only to the embedding page's exact origin, and only when it is on the allow-list.
        self.bridge = {"allowed": allowed, "host_origin": origin,
                       "post": event.get("framed") is True and _protocol().origin_allowed(origin, allowed)}
        effects = self._post(_protocol().outgoing("ready", runtime=event.get("runtime")))
        if self._height is not None:
            effects += self._post(_protocol().outgoing("resize", height=self._height))
        return effects

    def _on_height(self, event):
        """The frame's content changed height (CSS px): the page hears it once per new whole pixel."""
        height = event.get("height")
        if not levels.finite(height) or height < 0:
            return self._warn("height", "ignored a height that is not a number of CSS pixels")
        height = int(-(-height // 1))  # up to a whole pixel: a frame cut by a fraction still cuts
        if height == self._height:
            return []
        self._height = height
        return self._post(_protocol().outgoing("resize", height=height))

    def _post(self, message):
        if self.bridge is None or not self.bridge["post"]:
            return []
        return [{"do": "post", "message": message, "origin": self.bridge["host_origin"]}]

    def _on_host_message(self, event):
        if self.bridge is None:
            return []
        origin = event.get("origin")
        verdict, found = _protocol().check(event.get("data"), origin, self.bridge["allowed"], self.bridge["host_origin"])
        if verdict == "reject":
            return self._reject(found, origin == self.bridge["host_origin"])
        if verdict != "accept":
            return []
        kind = found["type"]
        if kind == "attach":
            return self._on_attach({"source": "forwarded", "usable": True})
        if kind == "detach":
            return self._on_detach(event)
        if kind == "recheck":
            return self.precall.recheck()
        if kind == "remote-diagnostic":
            return self.listener.changed(found["change"], self._t)
        if self.call.source != "forwarded":
            return self._reject("a diagnostic before attach", True)
        # The forwarded source hands it back as a ufd event, as every source does.
        return [{"do": "forward", "change": {"diagnostic": found["diagnostic"], "value": found["value"],
                                             "valueType": found["valueType"]}}]

    def _reject(self, reason, answer):
        effects = self._warn("rejected:" + reason, "rejected a message: " + reason)
        if answer:
            effects += self._post(_protocol().outgoing("rejected", reason=reason))
        return effects


class Session(_Embedded):
    def __init__(self, phase=BOTH, sdk="", device_id=None, platform=None, language="en", catalog=None):
        self.platform = platform or {"browser": "other", "system": "other", "app": None}
        self.language = language  # a BCP 47 tag: the report records it, the texts come from the catalog
        self.catalog = catalog or {}  # msgid -> text (micsentry.core.messages)
        self.timeline = Timeline()
        self.precall = PrecallCheck(phase if phase in PHASES else BOTH, sdk, device_id, self.timeline,
                                    self.platform.get("app"))
        self.speaker = incall.Speaker(self.timeline, self._warn)
        self.call = self.speaker.call
        self.listener = remote.Listener(self.timeline, self._warn)
        self.tool = None  # (message id, fields) of what the last tool did
        self.bridge = None  # {"allowed", "host_origin"} when the root is embed.html in a frame
        self._height = None  # the frame content's height last measured (embed.html's "resize" message)
        self._warned = []
        self._announced = {}  # phase -> (state, cause) last announced
        self._t = 0

    # -- the one entry point --------------------------------------------------------------------
    def feed(self, event):
        kind = event.get("kind") if isinstance(event, dict) else None
        if kind not in EVENT_KINDS:
            return {"effects": self._warn("event:%s" % (kind,), "ignored an unknown event %r" % (kind,)), "changes": []}
        if kind in _NAMES_A_PARTICIPANT and not isinstance(event.get("participant"), str):
            return {"effects": self._warn("event:%s" % kind, "ignored a %s event without a participant id" % kind),
                    "changes": []}
        t = event.get("t")
        if isinstance(t, (int, float)) and not isinstance(t, bool) and t == t:
            self._t = t
        self.speaker.changed = None
        effects = getattr(self, "_on_" + kind.replace("-", "_"))(event)
        changes = self._changes()
        if self.bridge is not None:
            for change in changes:
                effects += self._post(_protocol().outgoing("change", detail=change))
        return {"effects": effects, "changes": changes}

    def view(self):
        return view.page(self.precall, self.call, self.platform, self.tool, self.listener.state, self.catalog)

    # -- the pre-call check -------------------------------------------------------------------
    def _on_start(self, event):
        return self.precall.started(event.get("permission"), self._t)

    def _on_permission(self, event):
        state = event.get("state")
        return self.precall.permission_changed(state, self._t) + self.speaker.browser("permission", state, self._t)

    def _on_recheck(self, event):
        return self.precall.recheck()

    def _on_environment(self, event):
        return self.precall.environment(event, self._t)

    def _on_sdk_waiting(self, event):
        return self.precall.sdk_waiting(event)

    def _on_sdk_answer(self, event):
        effects = self.precall.sdk_answered(event, self._t)
        error = event.get("error")
        if isinstance(error, dict):
            effects = self._warn("sdk", "the ACS SDK failed: %s: %s" % (error.get("name"), error.get("message"))) + effects
        return effects

    def _on_microphone_answer(self, event):
        return self.precall.microphone_answered(event, self._t)

    def _on_devices(self, event):
        devices = event.get("devices")
        devices = devices if isinstance(devices, list) else []
        return self.precall.devices_listed(devices) + self.speaker.browser("devices", len(devices), self._t)

    def _on_device_chosen(self, event):
        return self.precall.device_chosen(event.get("device"))

    def _on_level(self, event):
        return self.precall.level_reading(event, self._t)

    def _on_level_ended(self, event):
        return self.precall.level_ended(event)

    def _on_level_test(self, event):
        return self.precall.start_level()

    def _on_configure(self, event):
        phase = event.get("phase")
        effects = []
        if phase in PHASES and phase != self.precall.phase:
            effects = self.precall.set_phase(phase)
            if phase == PRECALL and self.call.attached:
                effects = self._on_detach(event) + effects
        if event.get("sdk") is not None:
            self.precall.sdk = event["sdk"]
        if isinstance(event.get("language"), str) and isinstance(event.get("catalog"), dict):
            self.language, self.catalog = event["language"], event["catalog"]
        return effects

    def _on_failure(self, event):
        return self.precall.failed(str(event.get("what") or "unexpected error"))

    # -- the call -------------------------------------------------------------------------------
    def _refused_in_precall(self, refusal):
        return [{"do": refusal}] + self._warn("phase", 'this widget has phase="precall": it shows no in-call banners')

    def _on_attach(self, event):
        if self.precall.phase == PRECALL:
            return self._refused_in_precall("refuse-source")
        return self.speaker.attach(event.get("source"), event.get("usable"), event.get("share") is True)

    def _on_detach(self, event):
        return self.speaker.detach() + self.listener.close()

    def _on_ufd(self, event):
        origin = event.get("origin")
        return self.speaker.diagnostic(event.get("change"), origin if isinstance(origin, str) and origin else "sdk", self._t)

    def _on_local_track(self, event):
        return self.speaker.browser("track", event.get("signal"), self._t)

    # -- the listener's side: remote participants ------------------------------------------------
    def _on_remote_ufd(self, event):
        return self.listener.changed(event.get("change"), self._t)

    def _on_remote_left(self, event):
        return self.listener.left(event.get("participant"))

    def _on_watch_remote(self, event):
        if self.precall.phase == PRECALL:
            return self._refused_in_precall("refuse-remote")
        return self.listener.watch(event.get("participant"), event.get("name"), event.get("usable"))

    def _on_unwatch_remote(self, event):
        return self.listener.unwatch(event.get("participant"))

    def _on_remote_track(self, event):
        return self.listener.track(event.get("participant"), event.get("signal"), self._t)

    def _on_remote_wait(self, event):
        return self.listener.waited(event.get("participant"), event.get("since"), self._t)

    # -- tools, problems, announcements -------------------------------------------------------------
    def _on_tool_done(self, event):
        fields = event.get("fields")
        # Placeholders are named by strings: any other key fills nothing.
        fields = {name: fields[name] for name in fields if isinstance(name, str)} if isinstance(fields, dict) else {}
        self.tool = (event.get("message") if isinstance(event.get("message"), str) else None, fields)
        return []

    def _on_problem(self, event):
        return self._warn(event.get("key") or "problem", event.get("message") or "")

    def _warn(self, key, message):
        if key in self._warned:
            return []
        self._warned.append(key)
        return [{"do": "warn", "message": message}]

    def _changes(self):
        changes = []
        state = self.precall.state
        if state in (OK, WARNING, ERROR):
            cause = "ok" if state == OK else self.precall.cause
            if self._announced.get(PRECALL) != (state, cause):
                self._announced[PRECALL] = (state, cause)
                changes.append(_detail(PRECALL, state, cause, None))
        top = self.call.top()
        state, cause = self.call.state(), top[1] if top else None
        # In the call: every change of what is shown, and every diagnostic that changed it; idle once.
        if (state != IDLE or INCALL in self._announced) and (
                self._announced.get(INCALL) != (state, cause) or self.speaker.changed is not None):
            self._announced[INCALL] = (state, cause)
            changes.append(_detail(INCALL, state, cause, self.speaker.changed))
        return changes + self.listener.changes()


def report_of(session, environment, created):
    """The report of *session*'s page view (schema ``micsentry.report/1``)."""
    from micsentry.core import report  # with the troubleshooter: only when asked for, not before the verdict

    check = session.precall
    precall = {"state": check.state, "cause": check.cause, "permission": check.permission, "error": check.error,
               "sdk": check.sdk_answer}
    env = dict(environment)
    observation = check.observation or {}
    env.update(browser=session.platform["browser"], system=session.platform["system"],
               app=session.platform.get("app"), language=session.language,
               secure_context=observation.get("secure_context"), policy=observation.get("policy"))
    return report.build(env, precall, session.timeline.events, created)


def _protocol():
    # Only embed.html speaks it: not imported on every page's start.
    from micsentry.core import protocol

    return protocol


def _detail(phase, state, cause, changed):
    return {"phase": phase, "state": state, "cause": cause,
            "diagnostic": changed["name"] if changed else None,
            "value": ufd.value_text(changed["value"]) if changed else None}
