"""``watch(stream)``: a live local microphone's browser signals, for ``micsentry.native``.

Same shape as ``acs.Subscription`` (``parts``, ``latest()``, ``start()``, ``close()``), so the app
treats a watched stream like an attached ACS call.
"""

import js

from micsentry import native
from micsentry.browser import audio, ffi, media


class StreamWatch:
    """Follows *stream*'s first audio track, the permission, devices and the network."""

    def __init__(self, stream, permission_status, on_change, on_problem):
        self.stream = stream
        self.status = permission_status
        self._on_change = on_change
        self._on_problem = on_problem
        self.source = native.NativeDiagnostics()
        self.track = None
        self._listeners = []
        self._stop_permission = None
        self.monitor = None
        self.parts = []
        try:
            tracks = ffi.host_call(stream, "getAudioTracks")
            if tracks.length > 0:
                self.track = tracks[0]
                self.parts = [("stream", stream)]
        except ffi.HostError as exc:
            on_problem("watch(stream)", exc)

    def _emit(self, kind, value, t_ms=0):
        for change in self.source.signal(kind, value, t_ms):
            self._on_change(change)

    def latest(self):
        return {}

    def _listen(self, target, event, handler):
        proxy = ffi.create_proxy(handler)
        target.addEventListener(event, proxy)
        self._listeners.append((target, event, proxy))

    def start(self):
        if self.track is None:
            return
        track = self.track
        self._listen(track, "ended", lambda event: self._emit("track", "ended"))
        self._listen(track, "mute", lambda event: self._emit("track", "mute"))
        self._listen(track, "unmute", lambda event: self._emit("track", "unmute"))
        self._listen(js.window, "offline", lambda event: self._emit("online", False))
        self._listen(js.window, "online", lambda event: self._emit("online", True))
        devices = ffi.get(js.navigator, "mediaDevices")
        if devices is not None:
            self._listen(devices, "devicechange", lambda event: ffi.spawn(self._count_devices()))
        self._stop_permission = media.on_permission_change(self.status, lambda state: self._emit("permission", state))
        if ffi.to_str(track.readyState) == "ended":
            self._emit("track", "ended")
        if ffi.get(js.navigator, "onLine") is False:
            self._emit("online", False)
        self.monitor = audio.LevelMonitor(self.stream)
        self.monitor.start(lambda level, t: self._emit("level", level, t))

    async def _count_devices(self):
        inputs = await media.list_audio_inputs()
        self._emit("devices", len(inputs))

    def close(self):
        for target, event, proxy in self._listeners:
            target.removeEventListener(event, proxy)
            ffi.destroy(proxy)
        self._listeners = []
        if self._stop_permission is not None:
            self._stop_permission()
            self._stop_permission = None
        if self.monitor is not None:
            self.monitor.stop()
            self.monitor = None
