"""ACS User Facing Diagnostics (UFD): names, value normalisation, priorities. Pure.

A UFD change arrives as ``{"diagnostic": name, "value": v, "valueType": t}``. ``valueType`` is
``"DiagnosticFlag"`` (``True``/``False``) or ``"DiagnosticQuality"`` (``Good=1``, ``Poor=2``,
``Bad=3``). Microsoft's own UI library compares some flags with quality values, so both kinds are
accepted for every diagnostic.

    >>> normalise({"diagnostic": "networkReconnect", "value": 3, "valueType": "DiagnosticQuality"})
    {'name': 'networkReconnect', 'active': True, 'value': 3}
    >>> normalise({"diagnostic": "microphonePermissionDenied", "value": False, "valueType": "DiagnosticFlag"})
    {'name': 'microphonePermissionDenied', 'active': False, 'value': False}
"""

from micsentry.core import causes

GOOD, POOR, BAD = 1, 2, 3
QUALITY_NAMES = {GOOD: "Good", POOR: "Poor", BAD: "Bad"}

MEDIA = (
    "speakingWhileMicrophoneIsMuted",
    "noSpeakerDevicesEnumerated",
    "noMicrophoneDevicesEnumerated",
    "microphoneNotFunctioning",
    "microphoneMuteUnexpectedly",
    "microphonePermissionDenied",
    "microphoneNotMuteButSilent",
    "cameraFreeze",
    "cameraStartFailed",
    "cameraStartTimedOut",
    "cameraStoppedUnexpectedly",
    "cameraPermissionDenied",
    "capturerStartFailed",
    "capturerStoppedUnexpectedly",
    "screenshareRecordingDisabled",
)
NETWORK = ("networkReconnect", "networkReceiveQuality", "networkSendQuality", "noNetwork", "networkRelaysNotReachable")
KNOWN = MEDIA + NETWORK
# Lookups in the hot path (every diagnostic, every timeline event of a report) are hash lookups:
# on MicroPython a miss in KNOWN's tuple costs twenty string comparisons.
_KNOWN = set(KNOWN)
_QUALITIES = {GOOD: GOOD, POOR: POOR, BAD: BAD}

# The diagnostics micsentry acts on, most important first, as the troubleshooting guide walks them:
# the permission, then the network, then the microphone itself. Each maps to the cause it shows.
WATCHED = (
    ("microphonePermissionDenied", causes.MIC_PERMISSION_DENIED),
    ("networkReconnect", causes.NETWORK_RECONNECT),
    ("noMicrophoneDevicesEnumerated", causes.NO_DEVICE),
    ("microphoneNotFunctioning", causes.MIC_NOT_FUNCTIONING),
    ("microphoneMuteUnexpectedly", causes.MIC_MUTED_UNEXPECTEDLY),
    ("microphoneNotMuteButSilent", causes.MIC_SILENT),
    ("speakingWhileMicrophoneIsMuted", causes.SPEAKING_WHILE_MUTED),
)
CAUSE_OF = dict(WATCHED)
PRIORITY = [name for name, _ in WATCHED]

FLAG = "DiagnosticFlag"
QUALITY = "DiagnosticQuality"


class Malformed(ValueError):
    """A diagnostic change that cannot be read; the message says what is wrong with it."""


def is_active(value):
    """Whether a UFD value means "there is a problem": ``True``, or quality Poor/Bad."""
    if value is True:
        return True
    if value is False or value is None:
        return False
    if isinstance(value, (int, float)):
        return value >= POOR
    raise Malformed("value %r is neither a flag nor a quality" % (value,))


def normalise(change):
    """Read one change (a dict); returns ``{"name", "active", "value"}``.

    Raises :class:`Malformed` for a payload that is not a UFD change, and returns ``None`` for a
    well-formed diagnostic that micsentry does not know (the caller warns once).
    """
    if not isinstance(change, dict):
        raise Malformed("expected an object with diagnostic, value and valueType, got %s" % type(change).__name__)
    name = change.get("diagnostic")
    if not isinstance(name, str) or not name:
        raise Malformed("the change has no diagnostic name")
    if "value" not in change:
        raise Malformed("the change of %s has no value" % name)
    value = change.get("value")
    value_type = change.get("valueType")
    # Not `in (FLAG, QUALITY, None)`: comparing a str with None costs MicroPython's wasm build ~0.1 ms.
    if value_type is not None and value_type != FLAG and value_type != QUALITY:
        raise Malformed("the change of %s has an unknown valueType %r" % (name, value_type))
    if value is True or value is False:
        active = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool) and value in _QUALITIES:
        value = _QUALITIES[value]
        active = value >= POOR
    else:
        raise Malformed("the change of %s has an unusable value %r" % (name, value))
    if name not in _KNOWN:
        return None
    return {"name": name, "active": active, "value": value}


def changes_from_latest(latest):
    """Changes from a ``getLatest()`` result (``{name: {"value", "valueType"}}``), in PRIORITY order first."""
    if not isinstance(latest, dict):
        return []
    names = [name for name in PRIORITY if name in latest] + sorted(
        n for n in latest if isinstance(n, str) and n not in PRIORITY)
    changes = []
    for name in names:
        entry = latest.get(name)
        if isinstance(entry, dict):
            changes.append({"diagnostic": name, "value": entry.get("value"), "valueType": entry.get("valueType")})
    return changes


def value_text(value):
    """``True``/``False`` or ``Good``/``Poor``/``Bad``, for people and for events."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return QUALITY_NAMES.get(value, str(value))


def value_type(value):
    """The ``valueType`` a normalised value stands for (a flag is a bool, anything else a quality)."""
    return FLAG if isinstance(value, bool) else QUALITY


def top(active):
    """``(diagnostic, cause, value)`` of the most important watched diagnostic in *active*
    (``{name: value}`` of those that hold), or None.

        >>> top({"networkReconnect": 3, "microphonePermissionDenied": True})
        ('microphonePermissionDenied', 'mic-permission-denied', True)
    """
    for name in PRIORITY:
        if name in active:
            return (name, CAUSE_OF[name], active[name])
    return None
