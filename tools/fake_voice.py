"""Writes pytest-micsentry's fake_voice.wav: the granted microphone's signal (Chromium plays it with
--use-file-for-fake-audio-capture, looped).

Chromium's own fake device beeps with silence between the beeps, which a silence detector sampling
the first few hundred milliseconds reads as a silent microphone. A steady tone is no better: the
track's noise suppression takes a stationary signal for noise and brings it down to a few percent
within two seconds (measured). So this is voice-like: five harmonics of a fundamental gliding
between 120 and 200 Hz, a syllable-rate envelope that never reaches zero, a little noise; 2 s (every
period fits a whole number of times, so the loop has no seam), mono, 16-bit, 16 kHz. Deterministic:
tests/plugin checks the shipped file is this.

    python tools/fake_voice.py plugin/pytest_micsentry/fake_voice.wav
"""

import io
import math
import struct
import sys
import wave

RATE = 16000
SECONDS = 2.0
PITCH_HZ, GLIDE_HZ, GLIDE_RATE_HZ = 160, 40, 0.5  # one glide up and down per loop
SYLLABLE_HZ = 4  # envelope 0.2 .. 1.0, eight syllables per loop
HARMONICS = 5
NOISE = 0.05
PEAK = 0.5  # of full scale


def samples():
    seed = 12345  # a fixed linear congruential sequence: the same noise every time
    phase = 0.0
    values = []
    for n in range(int(RATE * SECONDS)):
        t = n / RATE
        phase += 2 * math.pi * (PITCH_HZ + GLIDE_HZ * math.sin(2 * math.pi * GLIDE_RATE_HZ * t)) / RATE
        envelope = 0.6 + 0.4 * math.sin(2 * math.pi * SYLLABLE_HZ * t)
        voice = sum(math.sin(k * phase) / k for k in range(1, HARMONICS + 1))
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        values.append(envelope * voice + NOISE * (seed / 0x7FFFFFFF * 2 - 1))
    scale = 32767 * PEAK / max(abs(value) for value in values)
    return [int(scale * value) for value in values]


def fake_voice():
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
        handle.write(fake_voice())
