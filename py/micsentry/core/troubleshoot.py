"""The one-way-audio troubleshooting flow of Microsoft's ACS guide, as an engine. Pure.

Input: a *timeline*, a list of events (dicts) with a time ``t`` in milliseconds and a ``kind``:

``{"kind": "ufd", "diagnostic", "value", "valueType"}``             a User Facing Diagnostic changed
``{"kind": "ask-device-permission", "called": bool, "audio": bool}`` what the app's request gave
``{"kind": "permission", "state": "granted"|"denied"|"prompt"|"unknown"}``  the browser permission
``{"kind": "get-user-media", "error": None|{"name","message"}, "audio_tracks": n}``
``{"kind": "precall", "observation": {...}}``                         a whole pre-call observation
``{"kind": "silence", "silent": bool}``                               the level test heard nothing
``{"kind": "remote-ufd", "participant", "name", "diagnostic", "value", "valueType"}``  a remote
                                                                      participant's diagnostic (the listener's side)
``{"kind": "truncated"}``                                             the page stopped recording here

Output: a *diagnosis* ``{"problem", "step", "cause", "actor", "next_step", "section", "evidence", "asked"}``
(in English, the language of support; a remote participant's also has ``name``). ``asked`` answers the
guide's question from the log: ``called``, ``not-called`` or ``unknown`` (nothing in it says).

The flow: ``microphonePermissionDenied`` raised? Then was ``askDevicePermission`` called? No: the app
must call it after ``CallClient`` is initialised (the developer acts). Unknown (a log of diagnostics
alone): the diagnosis says so and gives both ways on (``mic-permission-denied``). Yes: the user must grant the
permission in the browser, and if the browser already grants it, the system blocks the browser. Not
raised: ``networkReconnect`` Poor or Bad? The audio was lost to the network. Else the microphone
itself: no device, not functioning, muted unexpectedly, silent. A listener's log ("I can't hear them")
holds the remote participants' diagnostics: a remote ``microphonePermissionDenied`` names that
participant, who must grant the permission (and the app on their side must call
``askDevicePermission``); their other problems come after it, in the same order.

    >>> found = diagnose([{"t": 0, "kind": "ufd", "diagnostic": "microphonePermissionDenied", "value": True}])
    >>> found["cause"], found["asked"]
    ('mic-permission-denied', 'unknown')
    >>> diagnose([{"t": 0, "kind": "ask-device-permission", "called": False},
    ...           {"t": 5, "kind": "ufd", "diagnostic": "microphonePermissionDenied", "value": True}])["cause"]
    'app-did-not-ask'
"""

from micsentry.core import advice, causes, remote, ufd
from micsentry.core.contract import DEVELOPER, NOBODY, USER
from micsentry.core.messages import N_

GUIDE = "https://learn.microsoft.com/azure/communication-services/resources/troubleshooting/voice-video-calling/"
SECTIONS = {
    "microphonePermissionDenied": "references/ufd/microphone-permission-denied",
    "networkReconnect": "references/ufd/network-reconnect",
    "noMicrophoneDevicesEnumerated": "references/ufd/no-microphone-devices-enumerated",
    "microphoneNotFunctioning": "references/ufd/microphone-not-functioning",
    "microphoneMuteUnexpectedly": "references/ufd/microphone-mute-unexpectedly",
    "microphoneNotMuteButSilent": "references/ufd/microphone-not-mute-but-silent",
    "speakingWhileMicrophoneIsMuted": "references/ufd/speaking-while-microphone-is-muted",
    "device-permission": "device-issues/overview",
    "one-way-audio": "audio-issues/overview",
}

# The steps of the flow that can decide, in the order it walks them.
STEPS = ("ask-device-permission", "browser-permission", "system-permission", "network", "microphone", "remote",
         "precall", "none")

# The microphone's own diagnostics, in the order the flow looks at them.
_MICROPHONE = [name for name in ufd.PRIORITY if name not in ("microphonePermissionDenied", "networkReconnect")]


class Facts:
    """What a timeline shows, folded one event at a time: the latest value of each thing and when
    each diagnostic was first raised. The events may come in any order (an event without a time
    takes the time of the one before it, and of two at one time the later one counts), so a log
    can be folded as it is read, without keeping it: ``Facts().add(event)`` for each, then ``.found``."""

    def __init__(self):
        self.found = {"raised": {}, "ufd_last": {}, "asked": None, "ask_audio": None, "permission": "unknown",
                      "precall": None, "gum": None, "silent": False, "events": 0, "remote": {}}
        self._when = {}  # thing -> (t, index) of the event that holds it: the latest, or for "raised:" the first
        self._t = 0
        self._index = 0

    def add(self, event):
        if not isinstance(event, dict):
            return
        t = event.get("t")
        if isinstance(t, (int, float)) and not isinstance(t, bool) and t == t:
            self._t = t
        key = (self._t, self._index)
        self._index += 1
        found = self.found
        found["events"] += 1
        kind = event.get("kind")
        if kind == "ufd":
            self._ufd(event, key)
        elif kind == "ask-device-permission" and self._latest("asked", key):
            found["asked"] = event.get("called", True) is not False
            found["ask_audio"] = event.get("audio") if isinstance(event.get("audio"), bool) else None
        elif kind == "permission" and self._latest("permission", key):
            found["permission"] = causes.permission_state(event.get("state"))
        elif kind == "get-user-media" and self._latest("gum", key):
            found["gum"] = event
        elif kind == "precall":
            self._precall(event, key)
        elif kind == "silence":
            found["silent"] = event.get("silent") is True or found["silent"]
        elif kind == "remote-ufd":
            self._remote(event, key)

    def _latest(self, thing, key):
        """True when the event at *key* is the latest of *thing* so far (and now holds it)."""
        if thing in self._when and self._when[thing] > key:
            return False
        self._when[thing] = key
        return True

    def _first(self, thing, key):
        """True when the event at *key* is the first of *thing* so far (and now holds it)."""
        if thing in self._when and self._when[thing] < key:
            return False
        self._when[thing] = key
        return True

    def _ufd(self, event, key):
        try:
            change = ufd.normalise(event)
        except ufd.Malformed:
            return
        if change is None:
            return
        if self._latest("ufd:" + change["name"], key):
            self.found["ufd_last"][change["name"]] = change["value"]
        if change["active"] and self._first("raised:" + change["name"], key):
            self.found["raised"][change["name"]] = event.get("t")

    def _precall(self, event, key):
        observation = event.get("observation") if isinstance(event.get("observation"), dict) else {}
        if self._latest("precall", key):
            self.found["precall"] = observation or None
        sdk = observation.get("sdk")
        if isinstance(sdk, dict) and isinstance(sdk.get("called"), bool) and self._latest("asked", key):
            # The page's own check through the SDK records whether it called askDevicePermission.
            self.found["asked"] = sdk["called"]
            self.found["ask_audio"] = sdk.get("audio") if isinstance(sdk.get("audio"), bool) else None

    def _remote(self, event, key):
        """One remote participant's diagnostic into ``remote`` (id -> {"name", "raised": {name: t}})."""
        if event.get("diagnostic") == remote.REMOTE_AUDIO:
            change = {"participant": event.get("participant"), "name": event.get("name"),
                      "diagnostic": remote.REMOTE_AUDIO, "active": event.get("value") is True}
        else:
            try:
                change = remote.normalise({"participantId": event.get("participant"), "name": event.get("name"),
                                           "diagnostic": event.get("diagnostic"), "value": event.get("value"),
                                           "valueType": event.get("valueType")})
            except ufd.Malformed:
                return
        participant = change["participant"] if change is not None else None
        if not isinstance(participant, str) or not participant:
            return
        person = self.found["remote"].setdefault(participant, {"name": None, "raised": {}})
        if change.get("name") and self._latest("name:" + participant, key):
            person["name"] = change["name"]
        if change["active"] and change["diagnostic"] in remote.CAUSE_OF and \
                self._first("raised:%s:%s" % (participant, change["diagnostic"]), key):
            person["raised"][change["diagnostic"]] = event.get("t")


def facts(timeline):
    """*timeline* folded (see :class:`Facts`)."""
    folded = Facts()
    for event in timeline if isinstance(timeline, list) else []:
        folded.add(event)
    return folded.found


_ASK_UNKNOWN = N_("This log does not say whether the app called DeviceManager.askDevicePermission. Developer: if it "
                  "does not, call it right after CallClient is initialised and warn before the call when it returns "
                  "{audio: false}. If it does, the user must allow the microphone for the site in the browser (and, if "
                  "the browser allows it, in the system's privacy settings), then unmute.")
ASKED = ("called", "not-called", "unknown")  # the diagnosis's "asked": was askDevicePermission called?


def _diagnosis(step, cause, actor, next_step, section, evidence):
    return {
        "problem": cause != causes.OK,
        "step": step,
        "cause": cause,
        "actor": actor,
        "next_step": next_step,
        "section": GUIDE + SECTIONS[section] if section else "",
        "evidence": evidence,
    }


def _at(t):
    return " at %s ms" % t if isinstance(t, (int, float)) and not isinstance(t, bool) else ""


def diagnose(timeline):
    """Walk the guide's flow over *timeline*; returns the diagnosis (see the module docstring)."""
    return conclude(facts(timeline))


def conclude(found):
    """The diagnosis from folded facts (:class:`Facts` ``.found``): the flow itself."""
    diagnosis = _walk(found)
    diagnosis["asked"] = ASKED[0] if found["asked"] is True else ASKED[1] if found["asked"] is False else ASKED[2]
    return diagnosis


def _walk(found):
    raised = found["raised"]
    if "microphonePermissionDenied" in raised:
        evidence = ["microphonePermissionDenied was raised" + _at(raised["microphonePermissionDenied"])]
        if found["asked"] is None:
            # The guide's question has no answer here: say so, and give both ways on.
            evidence.append("this log does not show whether the app called askDevicePermission")
            if found["permission"] != "unknown":
                evidence.append("the browser permission reads " + found["permission"])
            return _diagnosis("ask-device-permission", causes.MIC_PERMISSION_DENIED, DEVELOPER, _ASK_UNKNOWN,
                              "microphonePermissionDenied", evidence)
        if found["asked"] is False:
            evidence.append("the app did not call askDevicePermission")
            return _diagnosis("ask-device-permission", causes.APP_DID_NOT_ASK, DEVELOPER,
                              advice.next_step(causes.APP_DID_NOT_ASK), "microphonePermissionDenied", evidence)
        evidence.append("askDevicePermission was called (audio: %s)" % _flag(found["ask_audio"]))
        if found["permission"] == "granted":
            evidence.append("the browser permission reads granted")
            return _diagnosis(
                "system-permission", causes.OS_BLOCKED, USER,
                N_("The browser allows the site but the operating system blocks the browser: allow the browser in "
                   "the system's microphone privacy settings (on a managed device, its administrator must)."),
                "microphonePermissionDenied", evidence)
        evidence.append("the browser permission reads " + found["permission"])
        return _diagnosis("browser-permission", causes.BROWSER_DENIED, USER,
                          advice.next_step(causes.MIC_PERMISSION_DENIED), "microphonePermissionDenied", evidence)
    if "networkReconnect" in raised:
        worst = found["ufd_last"].get("networkReconnect")
        return _diagnosis(
            "network", causes.NETWORK_RECONNECT, advice.actor(causes.NETWORK_RECONNECT),
            advice.next_step(causes.NETWORK_RECONNECT), "networkReconnect",
            ["networkReconnect was raised" + _at(raised["networkReconnect"]),
             "its last value was " + ufd.value_text(worst)])
    for name in _MICROPHONE:
        if name in raised:
            cause = ufd.CAUSE_OF[name]
            return _diagnosis("microphone", cause, advice.actor(cause), advice.next_step(cause), name,
                              [name + " was raised" + _at(raised[name])])
    heard = _remote_diagnosis(found["remote"])
    if heard is not None:
        return heard
    precall = _precall_cause(found)
    if precall is not None:
        cause, evidence = precall
        return _diagnosis("precall", cause, advice.actor(cause), advice.next_step(cause), "device-permission", evidence)
    evidence = ["%d events, none of them a problem" % found["events"]] if found["events"] else ["no events"]
    return _diagnosis("none", causes.OK, NOBODY, advice.next_step(causes.OK), None, evidence)


def _remote_diagnosis(people):
    """The listener's side: the most important problem a remote participant had, named after them."""
    found = []
    for participant in people:
        for name in people[participant]["raised"]:
            found.append((remote.PRIORITY.index(name), participant, name))
    if not found:
        return None
    found.sort()
    _, participant, name = found[0]
    label = people[participant]["name"] or remote.short_id(participant)
    cause = advice.REMOTE_PREFIX + remote.CAUSE_OF[name]
    who = "%s (%s)" % (label, participant) if label != participant else participant
    evidence = ["%s was raised for the remote participant %s%s" % (name, who, _at(people[participant]["raised"][name]))]
    others = sorted(set(entry[1] for entry in found) - {participant})
    if others:
        evidence.append("other remote participants with problems: " + ", ".join(others))
    found = _diagnosis("remote", cause, advice.actor(cause), advice.next_step(cause, label),
                       name if name in SECTIONS else "one-way-audio", evidence)
    found["name"] = label  # the summary names them in the user's language
    return found


def _flag(value):
    return "true" if value is True else ("false" if value is False else "unknown")


def _precall_cause(found):
    observation = found["precall"]
    if observation is None and found["gum"] is not None:
        observation = {"requested": True, "error": found["gum"].get("error"),
                       "audio_tracks": found["gum"].get("audio_tracks", 0), "permission_before": found["permission"]}
    if observation is not None:
        cause = causes.classify(observation)
        if cause != causes.OK:
            error = observation.get("error")
            detail = " (%s: %s)" % (error.get("name"), error.get("message")) if isinstance(error, dict) else ""
            return cause, ["the pre-call check found " + cause + detail]
    if found["asked"] is True and found["ask_audio"] is False:
        cause = causes.BROWSER_DENIED if found["permission"] != "granted" else causes.OS_BLOCKED
        return cause, ["askDevicePermission returned audio: false", "the browser permission reads " + found["permission"]]
    if found["silent"]:
        return causes.MIC_SILENT, ["the input stayed below %d dBFS" % -60]
    return None
