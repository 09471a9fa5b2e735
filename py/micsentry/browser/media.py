"""Permissions, getUserMedia and devices, turned into observations (plain dicts) for the core.

No decisions here: ``micsentry.causes`` says what an observation means.
"""

import js

from micsentry import causes
from micsentry.browser import ffi


def environment():
    """What the page may do at all: secure context, media API, the frame's permissions policy."""
    media_devices = ffi.get(js.navigator, "mediaDevices")
    return {
        "secure_context": ffi.get(js.window, "isSecureContext") is True,
        "media_devices": media_devices is not None and ffi.get(media_devices, "getUserMedia") is not None,
        "policy": _policy(),
    }


def _policy():
    # Chromium exposes document.featurePolicy; others say nothing, so "unknown" (never a guess).
    policy = ffi.get(js.document, "permissionsPolicy") or ffi.get(js.document, "featurePolicy")
    if policy is None:
        return "unknown"
    try:
        return "allowed" if policy.allowsFeature("microphone") is True else "blocked"
    except Exception:
        return "unknown"


async def permission_status():
    """``(state, PermissionStatus or None)`` without prompting; ``"unknown"`` where the API refuses."""
    permissions = ffi.get(js.navigator, "permissions")
    if permissions is None:
        return ("unknown", None)
    try:
        status = await permissions.query(ffi.to_js({"name": "microphone"}))
    except Exception:
        # Firefox before 131 and Safari before 16 reject the "microphone" name with a TypeError.
        return ("unknown", None)
    return (causes.permission_state(ffi.to_str(ffi.get(status, "state"))), status)


def read_state(status):
    if status is None:
        return "unknown"
    return causes.permission_state(ffi.to_str(ffi.get(status, "state")))


async def request_microphone():
    """Ask for the microphone (audio only) and release it at once.

    Returns ``{"error": None | {"name", "message"}, "audio_tracks": n}``.
    """
    media_devices = ffi.get(js.navigator, "mediaDevices")
    try:
        stream = await media_devices.getUserMedia(ffi.to_js({"audio": True, "video": False}))
    except Exception as exc:
        return {"error": ffi.error_info(exc), "audio_tracks": 0}
    tracks = stream.getAudioTracks()
    live = 0
    for index in range(tracks.length):
        track = tracks[index]
        if ffi.to_str(track.readyState) == "live":
            live += 1
        # The check must not keep the microphone busy: the call app needs it next.
        track.stop()
    return {"error": None, "audio_tracks": live}


def on_permission_change(status, callback):
    """Call ``callback(state)`` whenever the permission changes; returns a function that stops it."""
    if status is None:
        return lambda: None

    def changed(event):
        callback(read_state(status))

    proxy = ffi.create_proxy(changed)
    status.addEventListener("change", proxy)

    def stop():
        status.removeEventListener("change", proxy)
        ffi.destroy(proxy)

    return stop


def platform_hints():
    """``(user_agent, max_touch_points)`` for ``micsentry.platforms.detect``."""
    return (ffi.to_str(ffi.get(js.navigator, "userAgent")), ffi.get(js.navigator, "maxTouchPoints", 0))
