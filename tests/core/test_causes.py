"""The classifier, as a table: observation -> cause."""

import pytest

from micsentry.core import causes

BASE = {"secure_context": True, "media_devices": True, "policy": "allowed", "requested": True}


def obs(**changes):
    result = dict(BASE)
    result.update(changes)
    return result


def err(name, message=""):
    return {"name": name, "message": message}


TABLE = [
    # (observation, cause)
    (obs(error=None, audio_tracks=1, permission_before="granted"), "ok"),
    (obs(error=None, audio_tracks=1, permission_before="prompt"), "ok"),
    (obs(error=None, audio_tracks=1, permission_before="unknown"), "ok"),
    (obs(error=None, audio_tracks=0), "unknown-error"),
    (obs(error=err("NotAllowedError", "Permission denied"), permission_before="denied"), "browser-denied"),
    (obs(error=err("NotAllowedError", "Permission denied"), permission_before="unknown"), "browser-denied"),
    (obs(error=err("PermissionDeniedError"), permission_before="denied"), "browser-denied"),
    (obs(error=err("NotAllowedError", "Permission denied"), permission_before="prompt"), "prompt-dismissed"),
    (obs(error=err("NotAllowedError", "Permission dismissed"), permission_before="unknown"), "prompt-dismissed"),
    (obs(error=err("NotAllowedError", "Permission dismissed"), permission_before="denied"), "prompt-dismissed"),
    (obs(error=err("NotAllowedError", "Permission denied by system"), permission_before="granted"), "os-blocked"),
    (obs(error=err("NotAllowedError", "Permission denied by system"), permission_before="unknown"), "os-blocked"),
    (obs(error=err("NotAllowedError", "Permission denied"), permission_before="granted"), "os-blocked"),
    (obs(error=err("NotFoundError", "Requested device not found")), "no-device"),
    (obs(error=err("DevicesNotFoundError")), "no-device"),
    (obs(error=err("OverconstrainedError")), "no-device"),
    (obs(error=err("NotReadableError", "Could not start audio source")), "device-in-use"),
    (obs(error=err("TrackStartError")), "device-in-use"),
    (obs(error=err("NotSupportedError")), "unsupported"),
    (obs(error=err("TypeError", "getUserMedia is not a function")), "unsupported"),
    (obs(error=err("TimeoutError", "getUserMedia did not answer within 8 s")), "no-answer"),
    # Firefox in a cross-origin frame without allow="microphone": no policy API, the permission denied.
    (obs(policy="unknown", cross_origin_frame=True, permission_before="denied", error=err("NotAllowedError")),
     "policy-blocked"),
    (obs(policy="unknown", cross_origin_frame=False, permission_before="denied", error=err("NotAllowedError")),
     "browser-denied"),
    (obs(policy="allowed", cross_origin_frame=True, permission_before="denied", error=err("NotAllowedError")),
     "browser-denied"),
    (obs(error=err("SecurityError", "The operation is insecure.")), "policy-blocked"),
    (obs(error=err("AbortError", "Starting audio failed")), "unknown-error"),
    (obs(error=err("WeirdError")), "unknown-error"),
    (obs(error=err("")), "unknown-error"),
    (obs(error="not a dict"), "unknown-error"),
    # The page could not ask at all.
    (obs(secure_context=False, media_devices=False, requested=False), "insecure-context"),
    (obs(secure_context=False, policy="blocked", requested=False), "insecure-context"),
    (obs(policy="blocked", requested=False, permission_before="granted"), "policy-blocked"),
    (obs(media_devices=False, requested=False), "unsupported"),
    # Nothing asked: only the permission speaks (it changed while the page was open).
    (obs(requested=False, permission_after="denied"), "browser-denied"),
    (obs(requested=False, permission_after="prompt"), "prompt-dismissed"),
    (obs(requested=False, permission_after="granted"), "ok"),
    (obs(requested=False, permission_before="denied"), "browser-denied"),
    ({}, "ok"),
    (None, "ok"),
    # Inside an app's own browser (a WebView): a refusal or missing media is the app's, the way out a browser.
    (obs(in_app="facebook", error=err("NotAllowedError", "Permission denied"), permission_before="denied"),
     "in-app-browser"),
    (obs(in_app="webview", error=err("NotAllowedError"), permission_before="prompt"), "in-app-browser"),
    (obs(in_app="webview", error=err("NotAllowedError"), permission_before="granted"), "in-app-browser"),
    (obs(in_app="instagram", error=err("NotFoundError")), "in-app-browser"),
    (obs(in_app="webview", media_devices=False, requested=False), "in-app-browser"),
    (obs(in_app="webview", error=None, audio_tracks=1), "ok"),  # an app that grants it: nothing to say
    (obs(in_app="webview", error=err("NotReadableError")), "device-in-use"),
    (obs(in_app="webview", secure_context=False, requested=False), "insecure-context"),
    (obs(in_app="", error=err("NotFoundError")), "no-device"),
    (obs(in_app=5, error=err("NotFoundError")), "no-device"),
]


@pytest.mark.parametrize("observation,cause", TABLE)
def test_classify(observation, cause):
    assert causes.classify(observation) == cause


def test_every_cause_is_reachable():
    assert {cause for _, cause in TABLE} == set(causes.PRECALL)


@pytest.mark.parametrize(
    "state,action",
    [
        ("granted", ("recheck", None)),
        ("unknown", ("recheck", None)),
        ("bogus", ("recheck", None)),
        ("denied", ("verdict", "browser-denied")),
        ("prompt", ("verdict", "prompt-dismissed")),
    ],
)
def test_after_permission_change(state, action):
    assert causes.after_permission_change(state) == action


@pytest.mark.parametrize("value,state", [("granted", "granted"), ("denied", "denied"), ("prompt", "prompt"),
                                         (None, "unknown"), ("GRANTED", "unknown"), (3, "unknown")])
def test_permission_state(value, state):
    assert causes.permission_state(value) == state
