import pytest

from micsentry.core import levels


@pytest.mark.parametrize("samples,expected", [([0.0] * 8, -100.0), ([], -100.0), ([1.0, -1.0], 0.0),
                                              ([0.001, -0.001], -60.0), ([0.1] * 4, -20.0)])
def test_dbfs(samples, expected):
    assert levels.dbfs(samples) == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize("level,fraction", [(-100, 0.0), (-60, 0.0), (-30, 0.5), (0, 1.0), (6, 1.0)])
def test_meter_fraction(level, fraction):
    assert levels.meter_fraction(level) == pytest.approx(fraction)


def test_silence_needs_to_hold():
    detector = levels.SilenceDetector(threshold_dbfs=-60, hold_ms=3000)
    assert [detector.feed(-80, t) for t in (0, 1000, 2999)] == [None, None, None]
    assert detector.feed(-80, 3000) is True
    assert detector.feed(-90, 4000) is None  # still silent: said once
    assert detector.feed(-30, 4100) is False
    assert detector.feed(-80, 4200) is None  # the clock starts again
    assert detector.feed(-30, 5000) is None  # a short pause is no silence
