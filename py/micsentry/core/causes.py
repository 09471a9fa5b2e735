"""Why the microphone does (not) work: cause ids and the classifier.

An *observation* is a plain dict that the browser adapter fills in (no JS objects):

``secure_context``    bool: ``window.isSecureContext``
``media_devices``     bool: ``navigator.mediaDevices.getUserMedia`` exists
``policy``            ``"allowed"`` | ``"blocked"`` | ``"unknown"``: the frame's permissions policy
``permission_before`` ``"granted"`` | ``"denied"`` | ``"prompt"`` | ``"unknown"``, read before asking
``permission_after``  the same, read after asking
``requested``         bool: getUserMedia was called
``error``             ``None`` or ``{"name": ..., "message": ...}`` as the browser gave them
``audio_tracks``      int: live audio tracks obtained
``sdk``               optional ``{"name", "called", "audio", "error"}``: what a calling SDK's own
                      permission request (ACS ``askDevicePermission``) answered
``in_app``            optional: the app whose own browser shows the page (``platforms.APPS``)

Missing keys read as "not known".

    >>> classify({"secure_context": True, "media_devices": True, "permission_before": "granted",
    ...           "requested": True, "error": {"name": "NotAllowedError",
    ...           "message": "Permission denied by system"}})
    'os-blocked'
"""

OK = "ok"
BROWSER_DENIED = "browser-denied"
PROMPT_DISMISSED = "prompt-dismissed"
OS_BLOCKED = "os-blocked"
NO_DEVICE = "no-device"
DEVICE_IN_USE = "device-in-use"
INSECURE_CONTEXT = "insecure-context"
POLICY_BLOCKED = "policy-blocked"
UNSUPPORTED = "unsupported"
UNKNOWN_ERROR = "unknown-error"
NO_ANSWER = "no-answer"  # getUserMedia did not settle in time although no prompt was up
IN_APP_BROWSER = "in-app-browser"  # refused or missing inside an app's own browser: open the link in a browser

# Decided by the level test after a working request (and in a call), not by the classifier.
MIC_SILENT = "mic-silent"

# Shown during a call, from User Facing Diagnostics (micsentry.core.ufd) or browser signals.
MIC_PERMISSION_DENIED = "mic-permission-denied"
NETWORK_RECONNECT = "network-reconnect"
MIC_NOT_FUNCTIONING = "mic-not-functioning"
MIC_MUTED_UNEXPECTEDLY = "mic-muted-unexpectedly"
SPEAKING_WHILE_MUTED = "speaking-while-muted"
INCALL = (MIC_PERMISSION_DENIED, NETWORK_RECONNECT, NO_DEVICE, MIC_NOT_FUNCTIONING, MIC_MUTED_UNEXPECTEDLY,
          MIC_SILENT, SPEAKING_WHILE_MUTED)

# While a call is attached, the in-call banner for each key says all that the pre-call banner for
# these causes would (the same first step, the system's side too): one banner for one problem.
FOLDED_INTO = {
    MIC_PERMISSION_DENIED: (BROWSER_DENIED, PROMPT_DISMISSED, OS_BLOCKED),
    NO_DEVICE: (NO_DEVICE,),
    MIC_NOT_FUNCTIONING: (DEVICE_IN_USE,),
}


def folds(incall_cause, precall_cause):
    """Whether the in-call banner for *incall_cause* stands for a pre-call warning of *precall_cause*.

        >>> folds("mic-permission-denied", "prompt-dismissed"), folds("network-reconnect", "browser-denied")
        (True, False)
    """
    return precall_cause in FOLDED_INTO.get(incall_cause, ())


# Only the troubleshooter finds this one: the app never called askDevicePermission.
APP_DID_NOT_ASK = "app-did-not-ask"

# The listener's side (micsentry.core.remote): why a remote participant cannot be heard. Their own
# diagnostics give the in-call causes above; without them this side only knows no audio arrives.
REMOTE_NOT_RECEIVING = "not-receiving"
REMOTE = (MIC_PERMISSION_DENIED, NO_DEVICE, MIC_NOT_FUNCTIONING, MIC_MUTED_UNEXPECTEDLY, NETWORK_RECONNECT,
          REMOTE_NOT_RECEIVING)

# Every cause the classifier gives, in the order the documentation lists them.
PRECALL = (
    OK,
    BROWSER_DENIED,
    PROMPT_DISMISSED,
    OS_BLOCKED,
    NO_DEVICE,
    DEVICE_IN_USE,
    INSECURE_CONTEXT,
    POLICY_BLOCKED,
    UNSUPPORTED,
    NO_ANSWER,
    IN_APP_BROWSER,
    UNKNOWN_ERROR,
)

# What an app's own browser (a WebView) does when it cannot give the page the microphone: refuse it,
# without asking, or have no media at all. Inside one, the way out is the user's real browser.
_IN_APP_REFUSALS = (BROWSER_DENIED, PROMPT_DISMISSED, OS_BLOCKED, NO_DEVICE, UNSUPPORTED)

PERMISSION_STATES = ("granted", "denied", "prompt", "unknown")

# Error names across browsers and their older spellings (Chrome < 53 used the second column).
_DENIED_NAMES = ("NotAllowedError", "PermissionDeniedError")
_NOT_FOUND_NAMES = ("NotFoundError", "DevicesNotFoundError", "OverconstrainedError", "ConstraintNotSatisfiedError")
_IN_USE_NAMES = ("NotReadableError", "TrackStartError")
_UNSUPPORTED_NAMES = ("NotSupportedError", "TypeError")


def permission_state(value):
    """Normalise a permission state read from the browser; anything unexpected is ``"unknown"``."""
    if value in PERMISSION_STATES:
        return value
    return "unknown"


def classify(observation):
    """Return the cause id that explains *observation* (see the module docstring)."""
    obs = observation if isinstance(observation, dict) else {}
    return in_app(_classify(obs), obs.get("in_app"))


def in_app(cause, app):
    """*cause* as it is inside *app*'s own browser: a refusal there is the app's, not the user's setting.

        >>> in_app("browser-denied", "facebook"), in_app("browser-denied", None)
        ('in-app-browser', 'browser-denied')
    """
    if isinstance(app, str) and app and cause in _IN_APP_REFUSALS:
        return IN_APP_BROWSER
    return cause


def _classify(obs):
    if obs.get("secure_context") is False:
        return INSECURE_CONTEXT
    if obs.get("policy") == "blocked":
        return POLICY_BLOCKED
    if obs.get("media_devices") is False:
        return UNSUPPORTED
    error = obs.get("error")
    sdk = obs.get("sdk") if isinstance(obs.get("sdk"), dict) else {}
    if sdk.get("audio") is True:
        return OK  # the calling SDK itself holds the microphone
    if not obs.get("requested"):
        return _from_permission(permission_state(obs.get("permission_after", obs.get("permission_before"))))
    if error is None:
        if sdk.get("audio") is False:
            # The SDK was refused although the browser grants the microphone: nothing to tell apart.
            return UNKNOWN_ERROR
        tracks = obs.get("audio_tracks")
        live = isinstance(tracks, (int, float)) and not isinstance(tracks, bool) and tracks > 0
        return OK if live else UNKNOWN_ERROR
    # A cross-origin frame whose browser cannot say what its policy allows (Firefox, Safari).
    framed = obs.get("cross_origin_frame") is True and obs.get("policy") == "unknown"
    return _from_error(error, permission_state(obs.get("permission_before")), framed)


def _from_permission(state):
    # Without a request only the permission speaks: used when the grant changes while the page is open.
    if state == "denied":
        return BROWSER_DENIED
    if state == "prompt":
        return PROMPT_DISMISSED
    return OK


def _from_error(error, before, framed=False):
    name = str(error.get("name") or "") if isinstance(error, dict) else ""
    message = str(error.get("message") or "").lower() if isinstance(error, dict) else ""
    if name in _DENIED_NAMES:
        if framed and before == "denied":
            # Firefox (no permissions-policy API) refuses a frame without allow="microphone" with
            # NotAllowedError and reads the permission as denied there: seen on Firefox 153.
            return POLICY_BLOCKED
        if "by system" in message or before == "granted":
            # Chrome says "by system" when macOS/Windows privacy settings block it; a grant that
            # still ends in NotAllowedError means the same thing in other browsers.
            return OS_BLOCKED
        if "dismissed" in message or before == "prompt":
            return PROMPT_DISMISSED
        return BROWSER_DENIED
    if name == "SecurityError":
        # Firefox and Safari raise it where a frame's policy or the document forbids media.
        return POLICY_BLOCKED
    if name in _NOT_FOUND_NAMES:
        return NO_DEVICE
    if name in _IN_USE_NAMES:
        return DEVICE_IN_USE
    if name in _UNSUPPORTED_NAMES:
        return UNSUPPORTED
    if name == "TimeoutError":  # our own deadline (browser.ffi.within): no answer at all
        return NO_ANSWER
    return UNKNOWN_ERROR


def after_permission_change(state):
    """What to do when the permission changes while the page is open.

    Returns ``("recheck", None)`` when the grant came (or came back): ask again to be sure;
    otherwise ``("verdict", cause)`` without asking, so no prompt appears unbidden.

        >>> after_permission_change("denied")
        ('verdict', 'browser-denied')
    """
    state = permission_state(state)
    if state == "granted" or state == "unknown":
        return ("recheck", None)
    return ("verdict", _from_permission(state))
