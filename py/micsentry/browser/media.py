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
        "cross_origin_frame": _cross_origin_frame(),
    }


def _top_page():
    """``(framed, address)``: whether this page is in a frame, and the top page's address (None when
    another origin holds it)."""
    top = ffi.get(js.window, "top")
    if top is None or top == js.window:
        return False, None
    try:
        # host_get: reading a cross-origin top throws, which MicroPython cannot catch.
        return True, ffi.to_str(ffi.host_get(ffi.get(top, "location"), "href"))
    except ffi.HostError:
        return True, None


def _cross_origin_frame():
    """Whether this page is framed by another origin (its top's location cannot be read)."""
    framed, address = _top_page()
    return framed and address is None


def _policy():
    # Chromium exposes document.featurePolicy; others say nothing, so "unknown" (never a guess).
    policy = ffi.get(js.document, "permissionsPolicy") or ffi.get(js.document, "featurePolicy")
    if policy is None:
        return "unknown"
    try:
        return "allowed" if policy.allowsFeature("microphone") is True else "blocked"
    except Exception:
        return "unknown"


def constraints(device_id=None):
    """getUserMedia's constraints: audio only, from *device_id* when one was chosen (plain data)."""
    return {"audio": {"deviceId": {"exact": device_id}} if device_id else True, "video": False}


def open_microphone(device_id=None, wait_ms=None):
    """An awaitable of ``(stream, outcome)``: getUserMedia for audio, asked at once (not at the caller's
    first await); *stream* is None when it failed.

    *outcome* is ``{"error": None | {"name", "message"}, "audio_tracks": n, "label": str}``. With
    *wait_ms*, an answer that takes longer is a ``TimeoutError`` (a stream that comes later is stopped).

        stream, outcome = await media.open_microphone(device_id)
    """
    media_devices = ffi.get(js.navigator, "mediaDevices")
    try:
        pending = ffi.call_within(media_devices, "getUserMedia", [constraints(device_id)], wait_ms, "getUserMedia")
    except Exception as exc:  # no host helpers: as a refusal, with its reason
        return _refused(exc)
    return _opened(pending)


async def _refused(exc):
    return None, {"error": ffi.error_info(exc), "audio_tracks": 0, "label": ""}


async def _opened(pending):
    try:
        stream = await pending
    except Exception as exc:
        return await _refused(exc)
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


def request_microphone(device_id=None, wait_ms=None):
    """Ask for the microphone (audio only) at once, and release it as soon as it comes; an awaitable
    of the outcome of ``open_microphone``."""
    return _released(open_microphone(device_id, wait_ms))


async def _released(opening):
    stream, outcome = await opening
    release(stream)
    return outcome


async def list_audio_inputs():
    """``[{"id", "label"}]`` of the audio inputs (labels are empty until the microphone is granted)."""
    media_devices = ffi.get(js.navigator, "mediaDevices")
    if media_devices is None or ffi.get(media_devices, "enumerateDevices") is None:
        return []
    try:
        devices = await ffi.host_async(media_devices, "enumerateDevices")
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
    """``(user_agent, max_touch_points, hints)`` for ``micsentry.core.platforms.detect``: the string, and
    what Chromium engines expose besides it (Client Hints, Brave's marker, Arc's palette variables)."""
    hints = {}
    data = ffi.get(js.navigator, "userAgentData")
    if data is not None:  # a Chromium engine: the only ones with Client Hints, Brave's marker or Arc's palette
        hints["brave"] = ffi.get(js.navigator, "brave") is not None
        try:
            # Through JSON (NavigatorUAData.toJSON): plain data, whatever a page or extension did to it.
            found = ffi.host_json(data)
        except (ffi.HostError, ValueError):
            found = None
        if isinstance(found, dict):
            brands = found.get("brands")
            hints["brands"] = [b.get("brand") for b in brands if isinstance(b, dict)] if isinstance(brands, list) else []
            hints["platform"] = found.get("platform")
        if "Google Chrome" in hints.get("brands", ()):
            # Arc sends Chrome's brand: only then is its palette worth a style read on the start-up path.
            style = js.window.getComputedStyle(js.document.documentElement)
            hints["arc"] = bool(ffi.to_str(style.getPropertyValue("--arc-palette-title")).strip())
    return (ffi.to_str(ffi.get(js.navigator, "userAgent")), ffi.get(js.navigator, "maxTouchPoints", 0), hints)


def page_link():
    """The address to open in another browser: the page's own, or the embedding page's (a widget in a
    frame: the top page's address when it can be read, else the address that embedded it)."""
    framed, address = _top_page()
    if framed and address is None:
        address = ffi.to_str(js.document.referrer)
    return address or ffi.to_str(js.location.href)
