"""Input level: from samples to dBFS, and when a live microphone counts as silent. Pure.

    >>> round(dbfs([0.5, -0.5, 0.5, -0.5]), 1)
    -6.0
    >>> detector = SilenceDetector(threshold_dbfs=-60.0, hold_ms=3000)
    >>> detector.feed(-80.0, 0), detector.feed(-80.0, 3000), detector.feed(-20.0, 3500)
    (None, True, False)
"""

import math

FLOOR_DBFS = -100.0
SILENCE_DBFS = -60.0
SILENCE_HOLD_MS = 3000


def finite(value):
    """Whether *value* is a finite int or float (not a bool), as a number from a shell must be.

        >>> finite(-20.5), finite(float("inf")), finite(True), finite("3")
        (True, False, False, False)
    """
    # value - value is nan for infinities and nan, 0 for every finite number.
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value - value == 0


def rms(samples):
    total = 0.0
    count = 0
    for sample in samples:
        total += sample * sample
        count += 1
    return math.sqrt(total / count) if count else 0.0


def dbfs(samples):
    """The level of float samples (-1..1) in dBFS, never below FLOOR_DBFS."""
    value = rms(samples)
    if value <= 0.0:
        return FLOOR_DBFS
    return max(FLOOR_DBFS, 20.0 * math.log10(value))


def meter_fraction(level_dbfs, floor=-60.0):
    """0..1 for a level meter: *floor* dBFS and below is empty, 0 dBFS is full; what is not a level
    (NaN, not a number) is empty."""
    if not isinstance(level_dbfs, (int, float)) or isinstance(level_dbfs, bool) or level_dbfs != level_dbfs:
        return 0.0
    if level_dbfs <= floor:
        return 0.0
    if level_dbfs >= 0.0:
        return 1.0
    return (level_dbfs - floor) / -floor


class SilenceDetector:
    """Says when the input has stayed below the threshold for *hold_ms*, and when it comes back.

    ``feed(level_dbfs, t_ms)`` returns ``True`` when silence begins, ``False`` when it ends, and
    ``None`` when nothing changed.
    """

    def __init__(self, threshold_dbfs=SILENCE_DBFS, hold_ms=SILENCE_HOLD_MS):
        self.threshold = threshold_dbfs
        self.hold_ms = hold_ms
        self.quiet_since = None
        self.silent = False

    def feed(self, level_dbfs, t_ms):
        if level_dbfs < self.threshold:
            if self.quiet_since is None:
                self.quiet_since = t_ms
            if not self.silent and t_ms - self.quiet_since >= self.hold_ms:
                self.silent = True
                return True
            return None
        self.quiet_since = None
        if self.silent:
            self.silent = False
            return False
        return None
