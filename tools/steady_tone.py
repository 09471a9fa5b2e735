"""Writes pytest-micsentry's steady_tone.wav: the granted microphone's signal (Chromium plays it with
--use-file-for-fake-audio-capture, looped). Chromium's own fake device beeps with silence between the
beeps, which a silence detector sampling the first few hundred milliseconds reads as a silent
microphone; this is a 440 Hz tone with a little noise, 0.5 s (a whole number of periods, so the
loop has no seam), mono, 16-bit, 48 kHz. Deterministic: tests/plugin checks the shipped file is this.

    python tools/steady_tone.py plugin/pytest_micsentry/steady_tone.wav
"""

import io
import math
import struct
import sys
import wave

RATE = 48000
SECONDS = 0.5
TONE_HZ = 440
TONE, NOISE = 0.25, 0.02  # of full scale


def samples():
    seed = 12345  # a fixed linear congruential sequence: the same noise every time
    for n in range(int(RATE * SECONDS)):
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        noise = seed / 0x7FFFFFFF * 2 - 1
        yield int(32767 * (TONE * math.sin(2 * math.pi * TONE_HZ * n / RATE) + NOISE * noise))


def steady_tone():
    """The file's bytes."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(b"".join(struct.pack("<h", sample) for sample in samples()))
    return buffer.getvalue()


if __name__ == "__main__":
    with open(sys.argv[1], "wb") as handle:
        handle.write(steady_tone())
