from micsentry.core.signals import BrowserSignals


def changes(source, *signal):
    return [(c["diagnostic"], c["value"]) for c in source.signal(*signal)]


def test_each_browser_signal_maps_to_its_diagnostic():
    source = BrowserSignals()
    assert changes(source, "permission", "granted") == [("microphonePermissionDenied", False)]
    assert changes(source, "permission", "prompt") == [("microphonePermissionDenied", True)]
    assert changes(source, "permission", "denied") == []  # still denied: said once
    assert changes(source, "permission", "unknown") == []
    assert changes(source, "track", "ended") == [("microphoneNotFunctioning", True)]
    assert changes(source, "track", "mute") == [("microphoneMuteUnexpectedly", True)]
    assert changes(source, "track", "unmute") == [("microphoneMuteUnexpectedly", False)]
    assert changes(source, "devices", 0) == [("noMicrophoneDevicesEnumerated", True)]
    assert changes(source, "devices", 1) == [("noMicrophoneDevicesEnumerated", False)]
    assert changes(source, "online", False) == [("networkReconnect", 3)]
    assert changes(source, "online", True) == [("networkReconnect", 1)]
    assert changes(source, "teleport", 1) == []


def test_silence_after_the_hold_time_and_back():
    source = BrowserSignals(silence_dbfs=-60, silence_hold_ms=3000)
    assert changes(source, "level", -80, 0) == []
    assert changes(source, "level", -80, 3000) == [("microphoneNotMuteButSilent", True)]
    assert changes(source, "level", -10, 3100) == [("microphoneNotMuteButSilent", False)]


def test_report_to_json_round_trips():
    import json

    from micsentry.core import report

    built = report.build({}, {}, [], "2026-01-01T00:00:00Z")
    assert json.loads(report.to_json(built)) == built
