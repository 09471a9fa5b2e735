"""From the check's state to what the page shows: plain view models, no DOM.

    >>> model = precall_view({"state": "warning", "permission": "denied", "cause": "browser-denied",
    ...                       "error": None}, {"browser": "chrome", "system": "windows"})
    >>> model["banners"][0]["role"], model["banners"][0]["cause"]
    ('alert', 'browser-denied')
"""

from micsentry import causes, diagnostics, guidance

STATES = ("starting", "checking", "idle", "ok", "warning", "error")

_STATUS = {
    "starting": "Starting the microphone check…",
    "checking": "Checking your microphone…",
    "idle": "Ready for the call.",  # a widget for the call only: no pre-call check
}

RECHECK = ("recheck", "Check again")


def precall_view(check, platform):
    """Return the view model of the pre-call check.

    *check* is ``{"state", "permission", "cause", "error", "waiting"}`` (``waiting`` optional: what the
    check waits on); *platform* is ``{"browser", "system"}``. The model is
    ``{"state", "permission", "status", "busy", "banners"}``; each banner is
    ``{"key", "phase", "cause", "role", "title", "summary", "steps", "detail", "actions"}``.
    """
    state = check.get("state") if check.get("state") in STATES else "error"
    browser = platform.get("browser", "other")
    system = platform.get("system", "other")
    model = {
        "state": state,
        "permission": causes.permission_state(check.get("permission")),
        "status": _STATUS.get(state, ""),
        "busy": state in ("starting", "checking"),
        "banners": [],
    }
    if check.get("waiting"):
        model["status"] = check["waiting"]
    model["sdk"] = sdk_text(check.get("sdk"))
    cause = check.get("cause")
    if state == "ok":
        model["status"] = guidance.remediation(causes.OK, browser, system)["title"] + "."
    elif state == "warning" and cause and cause != causes.OK:
        advice = guidance.remediation(cause, browser, system)
        model["status"] = advice["title"] + "."
        model["banners"].append(_banner("precall", advice, check.get("error")))
    elif state == "error":
        model["status"] = "The microphone check stopped."
        model["banners"].append(failure_banner(check.get("failure") or "unexpected error"))
    return model


def sdk_text(sdk):
    """What the calling SDK's own permission request answered, in words ("" when not used)."""
    if not isinstance(sdk, dict) or not sdk.get("name"):
        return ""
    if sdk.get("error"):
        error = sdk["error"]
        return "ACS SDK failed: %s: %s" % (error.get("name", "Error"), error.get("message", ""))
    if not sdk.get("called"):
        return "ACS SDK: askDevicePermission not called"
    return "ACS SDK: askDevicePermission gave audio: %s" % ("true" if sdk.get("audio") else "false")


def page_view(check, incall, platform):
    """The pre-call view model plus the call's: ``incall`` is ``{"attached": bool, "top": ...}``.

    ``top`` is :meth:`micsentry.diagnostics.InCall.top`'s answer. Adds ``"incall"`` (``idle`` when no
    call is attached, else ``ok`` or ``warning``) and at most one banner with ``phase="incall"``.
    """
    model = precall_view(check, platform)
    top = incall.get("top") if incall.get("attached") else None
    model["incall"] = "idle" if not incall.get("attached") else ("warning" if top else "ok")
    if top:
        name, cause, value = top
        advice = guidance.remediation(cause, platform.get("browser", "other"), platform.get("system", "other"))
        banner = _banner("incall", advice, None)
        banner["ufd"] = name
        banner["value"] = diagnostics.value_text(value)
        banner["actions"] = []
        banner["key"] = "incall|" + cause + "|" + name
        model["banners"].append(banner)
    return model


def _banner(phase, advice, error):
    detail = ""
    if isinstance(error, dict) and (error.get("name") or error.get("message")):
        detail = "Your browser said: " + ": ".join(
            [str(part) for part in (error.get("name"), error.get("message")) if part]
        )
    return {
        "key": phase + "|" + advice["cause"] + "|" + detail + "|" + advice["title"],
        "phase": phase,
        "cause": advice["cause"],
        "role": "alert",
        "title": advice["title"],
        "summary": advice["summary"],
        "steps": list(advice["steps"]),
        "detail": detail,
        "actions": [RECHECK],
    }


def failure_banner(what):
    """The banner for micsentry's own failure: says what happened and what to do, never a traceback."""
    return {
        "key": "precall|failure|" + what,
        "phase": "precall",
        "cause": "failure",
        "role": "alert",
        "title": "The microphone check could not finish",
        "summary": "Something went wrong inside micsentry: " + what + ".",
        "steps": [
            "Reload the page.",
            "If it happens again, try another browser, and tell the site's support what the message says.",
        ],
        "detail": "",
        "actions": [],
    }
