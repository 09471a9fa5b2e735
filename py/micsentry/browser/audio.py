"""The input level of a live audio track, from Web Audio, as dBFS readings; and the level test.

    monitor = LevelMonitor(stream)
    if monitor.start(lambda level, t: ...):   # False when the browser will not run audio yet
        ...
    monitor.stop()
"""

import asyncio

import js

from micsentry.core import levels
from micsentry.browser import callbacks, ffi, media

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
        self._timer = None

    def start(self, on_level):
        """Start reading; returns whether audio could be set up at all."""
        audio_context = ffi.get(js.window, "AudioContext") or ffi.get(js.window, "webkitAudioContext")
        if audio_context is None:
            return False
        self.context = audio_context.new()
        source = self.context.createMediaStreamSource(self.stream)
        analyser = self.context.createAnalyser()
        analyser.fftSize = FFT_SIZE
        source.connect(analyser)
        buffer = js.Float32Array.new(FFT_SIZE)

        def tick():
            # A suspended AudioContext reads only zeros, which must never pass for silence.
            if self.running():
                analyser.getFloatTimeDomainData(buffer)
                on_level(levels.dbfs(ffi.numbers(buffer, STRIDE)), js.performance.now())

        self._timer = callbacks.every(INTERVAL_MS, tick)
        return True

    def running(self):
        return self.context is not None and ffi.to_str(self.context.state) == "running"

    async def resume(self):
        """Try to start a suspended AudioContext (works after a user gesture)."""
        if self.context is not None and not self.running():
            try:
                await ffi.host_async(self.context, "resume")
            except Exception:
                pass
        return self.running()

    def stop(self):
        if self._timer is not None:
            self._timer.close()
            self._timer = None
        if self.context is not None:
            self.context.close()
            self.context = None


class LevelTest:
    """Carries out the session's ``start-level-test`` / ``stop-level-test`` effects: holds the
    microphone for the given time, reports ``level`` readings and one ``level-ended``."""

    def __init__(self, feed):
        self._feed = feed
        self._running = None  # the round being measured

    def start(self, round_, ms, device_id):
        self._running = round_
        return self._run(round_, ms, device_id)

    def stop(self):
        self._running = None

    async def _run(self, round_, ms, device_id):
        stream, outcome = await media.open_microphone(device_id)
        if stream is None:
            self._feed({"kind": "level-ended", "round": round_, "ran": False})
            return
        monitor = LevelMonitor(stream)
        try:
            started = monitor.start(lambda level, t: self._feed(
                {"kind": "level", "round": round_, "dbfs": level, "t": round(t)}))
            ran = started and await monitor.resume()
            waited = 0
            while ran and waited < ms and self._running == round_:
                await asyncio.sleep(0.1)
                waited += 100
        finally:
            monitor.stop()
            media.release(stream)
        self._feed({"kind": "level-ended", "round": round_, "ran": ran})
