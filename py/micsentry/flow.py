"""The one-way-audio troubleshooting flow of Microsoft's ACS guide, as an engine. Pure.

Input: a *timeline*, a list of events (dicts) with a time ``t`` in milliseconds and a ``kind``:

``{"kind": "ufd", "diagnostic", "value", "valueType"}``             a User Facing Diagnostic changed
``{"kind": "ask-device-permission", "called": bool, "audio": bool}`` what the app's request gave
``{"kind": "permission", "state": "granted"|"denied"|"prompt"|"unknown"}``  the browser permission
``{"kind": "get-user-media", "error": None|{"name","message"}, "audio_tracks": n}``
``{"kind": "precall", "observation": {...}}``                         a whole pre-call observation
``{"kind": "level", "dbfs": float}`` / ``{"kind": "silence", "silent": bool}``  the input level

Output: a *diagnosis* ``{"problem", "step", "cause", "actor", "next_step", "section", "evidence"}``.

The flow: ``microphonePermissionDenied`` raised? Then was ``askDevicePermission`` called? No: the app
must call it after ``CallClient`` is initialised (the developer acts). Yes: the user must grant the
permission in the browser, and if the browser already grants it, the system blocks the browser. Not
raised: ``networkReconnect`` Poor or Bad? The audio was lost to the network. Else the microphone
itself: no device, not functioning, muted unexpectedly, silent.

    >>> diagnose([{"t": 0, "kind": "ufd", "diagnostic": "microphonePermissionDenied", "value": True}])["cause"]
    'app-did-not-ask'
"""

from micsentry import causes, diagnostics

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

STEPS = ("permission-denied", "ask-device-permission", "browser-permission", "system-permission",
         "network", "microphone", "precall", "none")
ACTORS = ("nobody", "user", "developer", "administrator")

# The microphone's own diagnostics, in the order the flow looks at them.
_MICROPHONE = (
    ("noMicrophoneDevicesEnumerated", "no-device",
     "Connect a microphone; the app should then call askDevicePermission again to list it."),
    ("microphoneNotFunctioning", "mic-not-functioning",
     "The microphone stopped sending audio: close programs that may hold it, reconnect it, check the system's input."),
    ("microphoneMuteUnexpectedly", "mic-muted-unexpectedly",
     "The microphone was muted outside the app: check the headset's mute switch and the system's input, then unmute."),
    ("microphoneNotMuteButSilent", "mic-silent",
     "The microphone is on but sends silence: check the mute switch, the selected input and its volume."),
    ("speakingWhileMicrophoneIsMuted", "speaking-while-muted",
     "The user speaks while muted in the call: they need to unmute."),
)

_PRECALL_NEXT = {
    causes.BROWSER_DENIED: ("user", "Allow the microphone for this site in the browser's site settings."),
    causes.PROMPT_DISMISSED: ("user", "Ask again and choose Allow when the browser asks."),
    causes.OS_BLOCKED: ("user", "Allow the browser in the system's microphone privacy settings."),
    causes.NO_DEVICE: ("user", "Connect a microphone."),
    causes.DEVICE_IN_USE: ("user", "Close the program that holds the microphone."),
    causes.INSECURE_CONTEXT: ("developer", "Serve the app over HTTPS."),
    causes.POLICY_BLOCKED: ("developer", 'Add allow="microphone" to the iframe that embeds the app.'),
    causes.UNSUPPORTED: ("user", "Use a current Chrome, Edge, Firefox or Safari."),
    causes.UNKNOWN_ERROR: ("user", "Reconnect the microphone and restart the browser; report the error if it stays."),
    "mic-silent": ("user", "Check the mute switch, the selected input and its volume."),
}


def facts(timeline):
    """What the timeline shows, folded: the latest value of each thing, and what was ever raised."""
    found = {"raised": {}, "ufd_last": {}, "asked": None, "ask_audio": None, "permission": "unknown",
             "precall": None, "gum": None, "silent": False, "events": 0}
    for event in sorted_events(timeline):
        found["events"] += 1
        kind = event.get("kind")
        if kind == "ufd":
            try:
                change = diagnostics.normalise(event)
            except diagnostics.Malformed:
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
            found["precall"] = event.get("observation")
            sdk = (event.get("observation") or {}).get("sdk")
            if isinstance(sdk, dict) and sdk.get("called"):
                found["asked"] = True
                found["ask_audio"] = sdk.get("audio")
        elif kind == "silence":
            found["silent"] = bool(event.get("silent")) or found["silent"]
    return found


def sorted_events(timeline):
    events = [e for e in (timeline or []) if isinstance(e, dict)]
    # Stable by time; events without a time keep their place after the timed ones before them.
    keyed = []
    last = 0
    for index, event in enumerate(events):
        t = event.get("t")
        if isinstance(t, (int, float)) and not isinstance(t, bool):
            last = t
        keyed.append((last, index, event))
    keyed.sort()
    return [entry[2] for entry in keyed]


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
            return _diagnosis(
                "ask-device-permission", "app-did-not-ask", "developer",
                "Call DeviceManager.askDevicePermission({audio: true, video: false}) right after CallClient is "
                "initialised, and warn the user before the call when it returns {audio: false}.",
                "microphonePermissionDenied", evidence)
        evidence.append("askDevicePermission was called (audio: %s)" % _flag(found["ask_audio"]))
        if found["permission"] == "granted":
            evidence.append("the browser permission reads granted")
            return _diagnosis(
                "system-permission", causes.OS_BLOCKED, "user",
                "The browser allows the site but the operating system blocks the browser: allow the browser in "
                "the system's microphone privacy settings (on a managed device, its administrator must).",
                "microphonePermissionDenied", evidence)
        evidence.append("the browser permission reads " + found["permission"])
        return _diagnosis(
            "browser-permission", causes.BROWSER_DENIED, "user",
            "The user must allow the microphone for the site in the browser, then unmute in the call.",
            "microphonePermissionDenied", evidence)
    if "networkReconnect" in raised:
        worst = found["ufd_last"].get("networkReconnect")
        return _diagnosis(
            "network", "network-reconnect", "user",
            "The audio was lost to the network: check the connection; if it happens on every call, the "
            "network's administrator must let the call's media through (UDP 3478-3481, TURN relays).",
            "networkReconnect",
            ["networkReconnect was raised" + _at(raised["networkReconnect"]),
             "its last value was " + diagnostics.value_text(worst)])
    for name, cause, next_step in _MICROPHONE:
        if name in raised:
            return _diagnosis("microphone", cause, "user", next_step, name, [name + " was raised" + _at(raised[name])])
    precall = _precall_cause(found)
    if precall is not None:
        cause, evidence = precall
        actor, next_step = _PRECALL_NEXT.get(cause, _PRECALL_NEXT[causes.UNKNOWN_ERROR])
        return _diagnosis("precall", cause, actor, next_step, "device-permission", evidence)
    evidence = ["%d events, none of them a problem" % found["events"]] if found["events"] else ["no events"]
    return _diagnosis("none", causes.OK, "nobody", "No microphone problem found.", None, evidence)


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
        return "mic-silent", ["the input stayed below %d dBFS" % -60]
    return None
