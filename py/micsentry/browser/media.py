"""getUserMedia, devices and what the page may do at all, as plain dicts for the core.

No decisions here: ``micsentry.core.causes`` says what an observation means.
"""

import js

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


def audio_constraints(device_id=None):
    audio = {"deviceId": {"exact": device_id}} if device_id else True
    return ffi.to_js({"audio": audio, "video": False})


async def open_microphone(device_id=None, wait_ms=None):
    """``(stream, outcome)``: getUserMedia for audio; *stream* is None when it failed.

    *outcome* is ``{"error": None | {"name", "message"}, "audio_tracks": n, "label": str}``. With
    *wait_ms*, an answer that takes longer is a ``TimeoutError`` (a stream that comes later is stopped).
    """
    media_devices = ffi.get(js.navigator, "mediaDevices")
    try:
        asked = media_devices.getUserMedia(audio_constraints(device_id))
        stream = await (ffi.within(asked, wait_ms, "getUserMedia") if wait_ms else asked)
    except Exception as exc:
        return None, {"error": ffi.error_info(exc), "audio_tracks": 0, "label": ""}
    tracks = stream.getAudioTracks()
    live = 0
    label = ""
    for index in range(tracks.length):
        if ffi.to_str(tracks[index].readyState) == "live":
            live += 1
            label = label or ffi.to_str(tracks[index].label)
    return stream, {"error": None, "audio_tracks": live, "label": label}


def release(stream):
    """Stop every track: the check must not keep the microphone busy, the call app needs it next."""
    if stream is None:
        return
    tracks = stream.getTracks()
    for index in range(tracks.length):
        tracks[index].stop()


async def request_microphone(device_id=None, wait_ms=None):
    """Ask for the microphone (audio only) and release it at once; the outcome of ``open_microphone``."""
    stream, outcome = await open_microphone(device_id, wait_ms)
    release(stream)
    return outcome


async def list_audio_inputs():
    """``[{"id", "label"}]`` of the audio inputs (labels are empty until the microphone is granted)."""
    media_devices = ffi.get(js.navigator, "mediaDevices")
    if media_devices is None or ffi.get(media_devices, "enumerateDevices") is None:
        return []
    try:
        devices = await media_devices.enumerateDevices()
    except Exception:
        return []
    inputs = []
    for index in range(devices.length):
        device = devices[index]
        if ffi.to_str(device.kind) == "audioinput":
            inputs.append({"id": ffi.to_str(device.deviceId), "label": ffi.to_str(device.label)})
    return inputs


def devices_target():
    """What fires ``devicechange`` (None without the media API)."""
    return ffi.get(js.navigator, "mediaDevices")


def platform_hints():
    """``(user_agent, max_touch_points)`` for ``micsentry.platforms.detect``."""
    return (ffi.to_str(ffi.get(js.navigator, "userAgent")), ffi.get(js.navigator, "maxTouchPoints", 0))
