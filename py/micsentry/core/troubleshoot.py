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

Output: a *diagnosis* ``{"problem", "step", "cause", "actor", "next_step", "section", "evidence"}``
(in English, the language of support; a remote participant's also has ``name``).

The flow: ``microphonePermissionDenied`` raised? Then was ``askDevicePermission`` called? No: the app
must call it after ``CallClient`` is initialised (the developer acts). Yes: the user must grant the
permission in the browser, and if the browser already grants it, the system blocks the browser. Not
raised: ``networkReconnect`` Poor or Bad? The audio was lost to the network. Else the microphone
itself: no device, not functioning, muted unexpectedly, silent. A listener's log ("I can't hear them")
holds the remote participants' diagnostics: a remote ``microphonePermissionDenied`` names that
participant, who must grant the permission (and the app on their side must call
``askDevicePermission``); their other problems come after it, in the same order.

    >>> diagnose([{"t": 0, "kind": "ufd", "diagnostic": "microphonePermissionDenied", "value": True}])["cause"]
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


def facts(timeline):
    """What the timeline shows, folded: the latest value of each thing, and what was ever raised."""
    found = {"raised": {}, "ufd_last": {}, "asked": None, "ask_audio": None, "permission": "unknown",
             "precall": None, "gum": None, "silent": False, "events": 0, "remote": {}}
    for event in sorted_events(timeline):
        found["events"] += 1
        kind = event.get("kind")
        if kind == "ufd":
            try:
                change = ufd.normalise(event)
            except ufd.Malformed:
                continue
            if change is None:
                continue
            found["ufd_last"][change["name"]] = change["value"]
            if change["active"]:
                found["raised"].setdefault(change["name"], event.get("t"))
        elif kind == "ask-device-permission":
            found["asked"] = bool(event.get("called", True))
            found["ask_audio"] = event.get("audio")
        elif kind == "permission":
            found["permission"] = causes.permission_state(event.get("state"))
        elif kind == "get-user-media":
            found["gum"] = event
        elif kind == "precall":
            observation = event.get("observation") if isinstance(event.get("observation"), dict) else {}
            found["precall"] = observation or None
            sdk = observation.get("sdk")
            if isinstance(sdk, dict) and sdk.get("called"):
                found["asked"] = True
                found["ask_audio"] = sdk.get("audio")
        elif kind == "silence":
            found["silent"] = bool(event.get("silent")) or found["silent"]
        elif kind == "remote-ufd":
            _remote_fact(found["remote"], event)
    return found


def _remote_fact(people, event):
    """Fold one remote participant's diagnostic into *people* (id -> {"name", "raised": {name: t}})."""
    if event.get("diagnostic") == remote.REMOTE_AUDIO:
        change = {"participant": event.get("participant"), "name": event.get("name"), "diagnostic": remote.REMOTE_AUDIO,
                  "active": event.get("value") is True}
    else:
        try:
            change = remote.normalise({"participantId": event.get("participant"), "name": event.get("name"),
                                       "diagnostic": event.get("diagnostic"), "value": event.get("value"),
                                       "valueType": event.get("valueType")})
        except ufd.Malformed:
            return
    if change is None or not isinstance(change["participant"], str) or not change["participant"]:
        return
    person = people.setdefault(change["participant"], {"name": None, "raised": {}})
    if change.get("name"):
        person["name"] = change["name"]
    if change["active"] and change["diagnostic"] in remote.CAUSE_OF:
        person["raised"].setdefault(change["diagnostic"], event.get("t"))


def sorted_events(timeline):
    events = [e for e in (timeline or []) if isinstance(e, dict)]
    # Stable by time; events without a time keep their place after the timed ones before them.
    # A timeline is nearly always in order already: then nothing is built or sorted.
    keyed, last, in_order = [], 0, True
    for index, event in enumerate(events):
        t = event.get("t")
        if isinstance(t, (int, float)) and not isinstance(t, bool):
            in_order = in_order and not t < last
            last = t
        if not in_order:
            if not keyed:
                keyed = _keys(events[:index])
            keyed.append((last, index, event))
    if in_order:
        return events
    return [entry[2] for entry in _merge_runs(keyed)]


def _keys(events):
    keyed, last = [], 0
    for index, event in enumerate(events):
        t = event.get("t")
        if isinstance(t, (int, float)) and not isinstance(t, bool):
            last = t
        keyed.append((last, index, event))
    return keyed


def _merge_runs(items):
    """*items* sorted, by merging the runs already in order: linear for a timeline in time order.

    MicroPython's ``list.sort`` is a quicksort that turns quadratic on input already in order, which
    a timeline almost always is (20,000 events: 12 s against 4 ms here).

    >>> _merge_runs([(1, "a"), (3, "b"), (2, "c"), (4, "d")])
    [(1, 'a'), (2, 'c'), (3, 'b'), (4, 'd')]
    """
    runs, start = [], 0
    for index in range(1, len(items) + 1):
        if index == len(items) or items[index] < items[index - 1]:
            runs.append(items[start:index])
            start = index
    if len(runs) <= 1:
        return items
    while len(runs) > 1:
        merged = [_merge(runs[i], runs[i + 1]) for i in range(0, len(runs) - 1, 2)]
        if len(runs) % 2:
            merged.append(runs[-1])
        runs = merged
    return runs[0]


def _merge(left, right):
    out, i, j = [], 0, 0
    while i < len(left) and j < len(right):
        if right[j] < left[i]:
            out.append(right[j])
            j += 1
        else:
            out.append(left[i])
            i += 1
    return out + left[i:] + right[j:]


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
    found = facts(timeline)
    raised = found["raised"]
    if "microphonePermissionDenied" in raised:
        evidence = ["microphonePermissionDenied was raised" + _at(raised["microphonePermissionDenied"])]
        if found["asked"] is not True:
            evidence.append("no askDevicePermission call was recorded")
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
