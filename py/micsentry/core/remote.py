"""The listener's side of one-way audio: which remote participants cannot be heard, and why. Pure.

Microsoft's troubleshooting flow starts with the listener ("I can't hear them"): the speaker's
problem has to reach the one who notices it. Changes come from

- the ACS Calling SDK's remote diagnostics (beta line: ``call.feature(Features.UserFacingDiagnostics)
  .remote``), one ``RemoteDiagnostic`` each: ``{participantId, rawId, remoteParticipant?, diagnostic,
  value, valueType}``; the adapter puts ``remoteParticipant.displayName`` into ``name``;
- ``watchRemote(track, {id, name})`` for other stacks: a remote audio track muted (no packets arrive)
  for longer than ``MUTED_MS``, or ended, means no audio arrives from them (``REMOTE_AUDIO``; the cause
  cannot be seen from this side).

    >>> state = RemoteState()
    >>> state.apply(normalise({"participantId": "8:acs:1234-abcd", "name": "Ada",
    ...                        "diagnostic": "microphonePermissionDenied", "value": True}))
    True
    >>> [(notice["label"], notice["cause"]) for notice in state.notices()]
    [('Ada', 'mic-permission-denied')]
"""

from micsentry.core import causes, ufd

# micsentry's own diagnostic for a watched remote track that brings no audio.
REMOTE_AUDIO = "remoteAudioNotReceived"

# What makes a participant inaudible, most important first (the guide's order: permission, device,
# microphone, network); each maps to its cause.
WATCHED = (
    ("microphonePermissionDenied", causes.MIC_PERMISSION_DENIED),
    ("noMicrophoneDevicesEnumerated", causes.NO_DEVICE),
    ("microphoneNotFunctioning", causes.MIC_NOT_FUNCTIONING),
    ("microphoneMuteUnexpectedly", causes.MIC_MUTED_UNEXPECTEDLY),
    ("networkReconnect", causes.NETWORK_RECONNECT),
    (REMOTE_AUDIO, causes.REMOTE_NOT_RECEIVING),
)
CAUSE_OF = dict(WATCHED)
PRIORITY = [name for name, _ in WATCHED]
_RANK = dict((name, index) for index, name in enumerate(PRIORITY))

MUTED_MS = 3000  # a remote track muted this long brings no audio (a blip is not a problem)
SHOWN = 3  # notices shown one line each; past that, a count
NAME_LIMIT = 60


def short_id(participant):
    """A short, readable form of a participant id (its end, after the last ``:``).

    >>> short_id("8:acs:2c4e9a10-0d1b-4f8e-9a55-7d3b1e0c2f11_0000001f-8a2b-c3d4")
    '…-8a2b-c3d4'
    >>> short_id("peer-7")
    'peer-7'
    """
    tail = participant.rsplit(":", 1)[-1]
    return tail if len(tail) <= 12 else "…" + tail[-10:]


def display_name(value):
    """A participant's name to show (trimmed, at most NAME_LIMIT characters), or None."""
    return value.strip()[:NAME_LIMIT] if isinstance(value, str) and value.strip() else None


def normalise(payload):
    """One remote change (a dict) -> ``{"participant", "name", "diagnostic", "active", "value"}``;
    the participant is its ``rawId`` (else its ``participantId``).

    Raises :class:`micsentry.core.ufd.Malformed` for a payload that is not one; returns ``None`` for a
    well-formed diagnostic micsentry does not know (the caller warns once).
    """
    if not isinstance(payload, dict):
        raise ufd.Malformed("expected a remote diagnostic (an object with participantId), got %s"
                            % type(payload).__name__)
    # The raw id first: it is what the call's participant list names, so a participant who leaves
    # is matched with their diagnostics.
    participant = payload.get("rawId")
    if not isinstance(participant, str) or not participant:
        participant = payload.get("participantId")
    if not isinstance(participant, str) or not participant:
        raise ufd.Malformed("the remote diagnostic names no participant (participantId or rawId)")
    fields = {"diagnostic": payload.get("diagnostic")}
    for key in ("value", "valueType"):
        if key in payload:
            fields[key] = payload[key]
    change = ufd.normalise(fields)
    if change is None:
        return None
    return {"participant": participant, "name": display_name(payload.get("name")), "diagnostic": change["name"], "active": change["active"],
            "value": change["value"]}


class RemoteState:
    """The remote participants with a problem, and the watched tracks that went quiet."""

    def __init__(self):
        self.people = {}  # id -> {"name", "active": {diagnostic: value}, "order": first seen}
        self.muted = {}  # id -> t since when a watched track is muted
        self._seen = 0

    def person(self, participant, name=None):
        person = self.people.get(participant)
        if person is None:
            self._seen += 1
            person = {"name": None, "active": {}, "order": self._seen}
            self.people[participant] = person
        if isinstance(name, str) and name:  # a name is words to show: anything else shows none
            person["name"] = name
        return person

    def apply(self, change):
        """Record a normalised change; True when what the listener should see may have changed."""
        name = change["diagnostic"]
        if name not in CAUSE_OF:
            return False
        person = self.person(change["participant"], change.get("name"))
        if change["active"]:
            before = person["active"].get(name)
            person["active"][name] = change["value"]
            return before != change["value"]
        return person["active"].pop(name, None) is not None

    def leave(self, participant):
        """The participant left the call: their notices go. True when they had any."""
        self.muted.pop(participant, None)
        person = self.people.pop(participant, None)
        return bool(person and person["active"])

    def track(self, participant, name, signal, t):
        """A watched remote track's ``mute``/``unmute``/``ended``/``live`` at *t* ms.

        Returns ``(changed, wait_ms)``: whether what is shown may have changed, and after how many ms
        to ask :meth:`still_muted` (a mute is a problem only once it lasts).
        """
        change = {"participant": participant, "name": name, "diagnostic": REMOTE_AUDIO, "value": True,
                  "active": True}
        if signal == "mute":
            self.person(participant, name)
            self.muted.setdefault(participant, t)
            return False, MUTED_MS
        if signal in ("unmute", "live"):
            self.muted.pop(participant, None)
            change.update(value=False, active=False)
            return self.apply(change), None
        if signal == "ended":
            self.muted.pop(participant, None)
            return self.apply(change), None
        return False, None

    def still_muted(self, participant, since):
        """The wait after a mute is over: raise the notice if the track is still muted since *since*."""
        if participant not in self.muted or self.muted[participant] != since:
            return False
        return self.apply({"participant": participant, "name": None, "diagnostic": REMOTE_AUDIO, "value": True,
                           "active": True})

    def top(self, participant):
        """``(diagnostic, cause, value)`` of the participant's most important problem, or None."""
        person = self.people.get(participant)
        if not person or not person["active"]:
            return None
        name = sorted(person["active"], key=lambda diagnostic: _RANK[diagnostic])[0]
        return name, CAUSE_OF[name], person["active"][name]

    def label(self, participant):
        person = self.people.get(participant) or {}
        return person.get("name") or short_id(participant)

    def notices(self):
        """One per participant with a problem, most important first, then in the order they came."""
        found = []
        for participant in self.people:
            top = self.top(participant)
            if top is not None:
                found.append((_RANK[top[0]], self.people[participant]["order"], participant, top))
        found.sort(key=lambda entry: (entry[0], entry[1]))
        return [{"participant": participant, "label": self.label(participant), "diagnostic": top[0],
                 "cause": top[1], "value": top[2]} for _, _, participant, top in found]

    def clear(self):
        self.people = {}
        self.muted = {}


class Listener:
    """The session's listener side: remote events in, effects and ``micsentry:change`` details out.

    *timeline* records every remote diagnostic (kind ``remote-ufd``); *warn(key, message)* returns the
    effects of a warning said once.
    """

    def __init__(self, timeline, warn):
        self.state = RemoteState()
        self.watched = []  # participants whose remote track micsentry follows (watchRemote)
        self._timeline = timeline
        self._warn = warn
        self._announced = {}  # participant -> (state, cause) last announced

    def changed(self, payload, t):
        """A remote diagnostic from the SDK (the payload as the host sent it)."""
        try:
            change = normalise(payload)
        except ufd.Malformed as exc:
            return self._warn("remote-malformed", "ignored a malformed remote diagnostic (%s)" % exc)
        if change is None:
            name = payload.get("diagnostic")
            return self._warn("remote-unknown:%s" % (name,), "ignored the unknown remote diagnostic %r" % (name,))
        self._record(change, payload.get("valueType") or ufd.value_type(change["value"]), t)
        self.state.apply(change)
        return []

    def left(self, participant):
        if isinstance(participant, str):
            self.state.leave(participant)
        return []

    def watch(self, participant, name, usable):
        """``watchRemote(track, {id, name})``: follow the track when it is one."""
        if not usable or not isinstance(participant, str) or not participant:
            return [{"do": "refuse-remote"}] + self._warn(
                "watch-remote", "watchRemote() needs a remote audio MediaStreamTrack (or a stream with one) "
                "and {id}; got something else, ignored")
        effects = self.unwatch(participant)
        self.watched.append(participant)
        name = display_name(name)
        if name:
            self.state.person(participant, name)
        return effects + [{"do": "follow-remote", "participant": participant}]

    def unwatch(self, participant):
        if participant not in self.watched:
            return []
        self.watched.remove(participant)
        self.state.leave(participant)
        return [{"do": "close-remote", "participant": participant}]

    def track(self, participant, signal, t):
        """A watched remote track's signal; a mute is asked about again once it has lasted."""
        if participant not in self.watched:
            return []
        was = self.state.top(participant)
        changed, wait_ms = self.state.track(participant, None, signal, t)
        if changed:
            self._record_audio(participant, was, t)
        if wait_ms is None:
            return []
        return [{"do": "timer", "ms": wait_ms,
                 "event": {"kind": "remote-wait", "participant": participant, "since": t}}]

    def waited(self, participant, since, t):
        was = self.state.top(participant)
        if self.state.still_muted(participant, since):
            self._record_audio(participant, was, t)
        return []

    def close(self):
        """The call ended (detach): every remote notice goes, every watched track is let go."""
        effects = []
        for participant in list(self.watched):
            effects += self.unwatch(participant)
        self.state.clear()
        return effects

    def _record(self, change, value_type, t):
        self._timeline.record("remote-ufd", t, participant=change["participant"], name=change.get("name"),
                              diagnostic=change["diagnostic"], value=change["value"], valueType=value_type)

    def _record_audio(self, participant, was, t):
        now = self.state.top(participant)
        active = now is not None and now[0] == REMOTE_AUDIO
        if active != (was is not None and was[0] == REMOTE_AUDIO):
            self._record({"participant": participant, "name": self.state.people.get(participant, {}).get("name"),
                          "diagnostic": REMOTE_AUDIO, "value": active}, ufd.FLAG, t)

    def changes(self):
        """``micsentry:change`` details (``phase: "remote"``) for every participant whose notice changed."""
        details = []
        # In the order they came (MicroPython's dicts have none); those gone last, by id.
        here = sorted(self.state.people, key=lambda p: self.state.people[p]["order"])
        for participant in here + sorted(p for p in self._announced if p not in self.state.people):
            top = self.state.top(participant)
            now = ("warning", top[1]) if top else ("ok", None)
            if self._announced.get(participant, ("ok", None)) == now:
                continue
            if top:
                self._announced[participant] = now
            else:
                self._announced.pop(participant, None)
            details.append({"phase": "remote", "participant": participant, "state": now[0], "cause": now[1],
                            "diagnostic": top[0] if top else None,
                            "value": ufd.value_text(top[2]) if top else None})
        return details
