"""The input level of a live audio track, from Web Audio, as dBFS readings.

    monitor = LevelMonitor(stream)
    if monitor.start(lambda level, t: ...):   # False when the browser will not run audio yet
        ...
    monitor.stop()
"""

import js

from micsentry import levels
from micsentry.browser import ffi

INTERVAL_MS = 100
# ~85 ms of audio per reading at 48 kHz, so short sounds between readings are not missed; every
# STRIDE-th sample is enough to measure the level and keeps the work small on MicroPython.
FFT_SIZE = 4096
STRIDE = 8


class LevelMonitor:
    """Reads the level of *stream*'s audio every INTERVAL_MS and calls ``on_level(dbfs, t_ms)``."""

    def __init__(self, stream):
        self.stream = stream
        self.context = None
        self.analyser = None
        self.buffer = None
        self._timer = None
        self._tick = None

    def start(self, on_level):
        """Start reading; returns whether audio runs (a suspended AudioContext reads only zeros,
        which must never pass for silence)."""
        audio_context = ffi.get(js.window, "AudioContext") or ffi.get(js.window, "webkitAudioContext")
        if audio_context is None:
            return False
        self.context = audio_context.new()
        source = self.context.createMediaStreamSource(self.stream)
        self.analyser = self.context.createAnalyser()
        self.analyser.fftSize = FFT_SIZE
        source.connect(self.analyser)
        self.buffer = js.Float32Array.new(FFT_SIZE)

        def tick(*args):
            if ffi.to_str(self.context.state) != "running":
                return
            self.analyser.getFloatTimeDomainData(self.buffer)
            on_level(levels.dbfs(ffi.numbers(self.buffer, STRIDE)), js.performance.now())

        self._tick = ffi.create_proxy(tick)
        self._timer = js.setInterval(self._tick, INTERVAL_MS)
        return True

    def running(self):
        return self.context is not None and ffi.to_str(self.context.state) == "running"

    async def resume(self):
        """Try to start a suspended AudioContext (works after a user gesture)."""
        if self.context is not None and not self.running():
            try:
                await self.context.resume()
            except Exception:
                pass
        return self.running()

    def stop(self):
        if self._timer is not None:
            js.clearInterval(self._timer)
            self._timer = None
        if self._tick is not None:
            ffi.destroy(self._tick)
            self._tick = None
        if self.context is not None:
            self.context.close()
            self.context = None
