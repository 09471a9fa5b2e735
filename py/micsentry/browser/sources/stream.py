"""A watched local MediaStream as a diagnostic source, for apps without ACS (see ``sources``).

The browser's own signals (the track ends or mutes, the permission changes, devices go, the network
drops, the input goes silent) become UFD-shaped changes through ``micsentry.core.signals``.
"""

import js

from micsentry.core import signals
from micsentry.browser import audio, callbacks, ffi, media, permissions, tasks


TRACK_EVENTS = ("ended", "mute", "unmute")


def audio_track(thing):
    """The first audio track of a MediaStream, or *thing* itself when it is an audio track; else None."""
    try:
        if ffi.host_get(thing, "getAudioTracks") is not None:
            tracks = ffi.host_call(thing, "getAudioTracks")
            return tracks[0] if tracks.length > 0 else None
        if ffi.to_str(ffi.host_get(thing, "kind")) == "audio" and ffi.host_get(thing, "readyState") is not None:
            return thing
    except ffi.HostError:
        pass
    return None


def follow_track(track, on_signal):
    """``on_signal("ended" | "mute" | "unmute")`` for a track's events; returns the Handles that stop it."""
    handles = callbacks.Handles()
    for name in TRACK_EVENTS:
        handles.add(callbacks.listen(track, name, lambda event, name=name: on_signal(name)), name)
    return handles


def track_now(track):
    """The signal a track's present state gives (``ended``, ``mute``), or None when it is live and unmuted."""
    if ffi.to_str(track.readyState) == "ended":
        return "ended"
    return "mute" if track.muted is True else None


class StreamSignals:
    kind = "stream"

    def __init__(self, stream, track, permission_status):
        self._stream = stream
        self._track = track
        self._status = permission_status
        self._signals = signals.BrowserSignals()
        self._handles = callbacks.Handles()
        self._on_change = None

    @classmethod
    def open(cls, stream, permission_status, on_problem):
        try:
            tracks = ffi.host_call(stream, "getAudioTracks")
            if tracks.length > 0:
                return cls(stream, tracks[0], permission_status)
        except ffi.HostError as exc:
            on_problem("watch(stream)", exc)
        return None

    def snapshot(self):
        changes = []
        # Only "denied": WebKit reads "prompt" even while it gives the page a live track.
        if permissions.read(self._status) == "denied":
            changes += self._signals.signal("permission", "denied")
        if ffi.to_str(self._track.readyState) == "ended":
            changes += self._signals.signal("track", "ended")
        if ffi.get(js.navigator, "onLine") is False:
            changes += self._signals.signal("online", False)
        return changes

    def _emit(self, kind, value, t_ms=0):
        if self._on_change is None:
            return
        for change in self._signals.signal(kind, value, t_ms):
            self._on_change(change)

    def start(self, on_change):
        self._on_change = on_change
        add = self._handles.add
        add(follow_track(self._track, lambda signal: self._emit("track", signal)))
        add(callbacks.listen(js.window, "offline", lambda event: self._emit("online", False)))
        add(callbacks.listen(js.window, "online", lambda event: self._emit("online", True)))
        devices = media.devices_target()
        if devices is not None:
            add(callbacks.listen(devices, "devicechange", lambda event: tasks.spawn(self._count_devices())))
        if self._status is not None:
            add(callbacks.listen(self._status, "change",
                                 lambda event: self._emit("permission", permissions.read(self._status))))
        monitor = audio.LevelMonitor(self._stream)
        if monitor.start(lambda level, t: self._emit("level", level, t)):
            add(callbacks.Handle(monitor.stop))

    async def _count_devices(self):
        inputs = await media.list_audio_inputs()
        self._emit("devices", len(inputs))

    def close(self):
        self._on_change = None
        self._handles.close()
