"""Browser signals of a live local microphone, as UFD-shaped changes. Pure.

For apps without ACS (LiveKit, Twilio, Daily, a bare RTCPeerConnection): ``watch(stream)`` feeds
the browser's own signals here, and the same in-call banners follow.

    >>> source = BrowserSignals()
    >>> source.signal("permission", "denied")
    [{'diagnostic': 'microphonePermissionDenied', 'value': True, 'valueType': 'DiagnosticFlag'}]
    >>> source.signal("online", False)
    [{'diagnostic': 'networkReconnect', 'value': 3, 'valueType': 'DiagnosticQuality'}]
"""

from micsentry.core import levels, ufd

FLAG = ufd.FLAG
QUALITY = ufd.QUALITY


def _number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == value  # not NaN


def _flag(name, value):
    return {"diagnostic": name, "value": bool(value), "valueType": FLAG}


class BrowserSignals:
    """Turns signals into changes; says each change once (a repeated signal yields nothing)."""

    def __init__(self, silence_dbfs=levels.SILENCE_DBFS, silence_hold_ms=levels.SILENCE_HOLD_MS):
        self.silence = levels.SilenceDetector(silence_dbfs, silence_hold_ms)
        self.last = {}

    def _say(self, change):
        if self.last.get(change["diagnostic"]) == change["value"]:
            return []
        self.last[change["diagnostic"]] = change["value"]
        return [change]

    def signal(self, kind, value, t_ms=0):
        """One browser signal; returns the UFD-shaped changes it causes (often none).

        ``("permission", state)``, ``("track", "ended"|"mute"|"unmute"|"live")``,
        ``("devices", audio_input_count)``, ``("online", bool)``, ``("level", dbfs)`` with *t_ms*.
        """
        if kind == "permission":
            if value not in ("granted", "denied", "prompt"):
                return []
            return self._say(_flag("microphonePermissionDenied", value != "granted"))
        if kind == "track":
            if value == "ended":
                return self._say(_flag("microphoneNotFunctioning", True))
            if value == "live":
                return self._say(_flag("microphoneNotFunctioning", False))
            if value in ("mute", "unmute"):
                return self._say(_flag("microphoneMuteUnexpectedly", value == "mute"))
            return []
        if kind == "devices":
            return self._say(_flag("noMicrophoneDevicesEnumerated", value == 0))
        if kind == "online":
            quality = ufd.GOOD if value else ufd.BAD
            return self._say({"diagnostic": "networkReconnect", "value": quality, "valueType": QUALITY})
        if kind == "level":
            if not _number(value) or not _number(t_ms):
                return []
            turned = self.silence.feed(value, t_ms)
            if turned is None:
                return []
            return self._say(_flag("microphoneNotMuteButSilent", turned))
        return []
