"""The view model of a whole root: what the renderer puts into the DOM. Pure, no DOM.

``page(precall, call, platform, tool, listener, catalog)`` reads a ``PrecallCheck`` and a ``CallState``
and returns, every text in *catalog*'s language (``messages``; English without one)::

    {"state", "incall", "permission", "permission_text", "status", "busy", "sdk",
     "banners": [banner, ...],            # at most one per phase
     "level": {"shown", "live", "fraction", "text"},   # live: a track is being read now
     "devices": [{"id", "label", "selected"}],
     "tools": {"level": bool, "status": str},
     "remote": {"notices": [notice, ...], "more": str}}   # the listener's side

A notice is ``{"key", "participant", "label", "cause", "diagnostic", "role", "title", "summary"}``: one
per remote participant who cannot be heard, most important first, at most ``remote.SHOWN``; ``more``
says how many more (``""`` when none). Its role is ``status``: the listener need not act.

A banner is ``{"key", "phase", "cause", "role", "title", "summary", "steps", "detail", "actions",
"ufd", "folds"}``; ``key`` changes only when its content does, so the renderer leaves an unchanged banner
alone (a screen reader would announce it again). While a call is attached, a pre-call warning that the
in-call banner already covers (``causes.folds``) is not a banner of its own: the in-call banner names it
in ``folds`` and carries its actions.

    >>> from micsentry.core.precall import PrecallCheck
    >>> from micsentry.core.incall import CallState
    >>> from micsentry.core.timeline import Timeline
    >>> check = PrecallCheck("both", "", None, Timeline())
    >>> check.state, check.cause = "warning", "browser-denied"
    >>> model = page(check, CallState(), {"browser": "chrome", "system": "windows"})
    >>> model["banners"][0]["role"], model["banners"][0]["cause"]
    ('alert', 'browser-denied')
"""

from micsentry.core import advice, causes, remote
from micsentry.core.contract import CHECKING, ERROR, OK, STARTING, WARNING
from micsentry.core.messages import fill, text

ROLE_ALERT = "alert"  # a warning the user must act on
ROLE_STATUS = "status"  # news the user need not act on
RECHECK = ("recheck", "recheck")  # (action, message id of its label)
COPY_LINK = ("copy-link", "copy-link")  # the page's address, to open it in a browser of the user's own

_STATUS = {"starting": "status-starting", "checking": "status-checking", "idle": "status-idle"}


def page(precall, call, platform, tool=None, listener=None, catalog=None):
    browser = platform.get("browser", "other")
    system = platform.get("system", "other")
    app = platform.get("app")
    state = precall.state
    permission = causes.permission_state(precall.permission)
    model = {
        "state": state,
        "incall": call.state(),
        "permission": permission,
        "permission_text": text("permission-" + permission, catalog),
        "status": text(precall.waiting, catalog) if precall.waiting else
        text(_STATUS[state], catalog) if state in _STATUS else "",
        "busy": state in (STARTING, CHECKING),
        "sdk": sdk_text(precall.sdk_answer, catalog),
        "banners": [],
        # A silent microphone's level is its evidence; any other warning means no microphone to read.
        "level": _level(precall.level, state == ERROR or (state == WARNING and precall.cause != causes.MIC_SILENT),
                        catalog),
        "devices": _devices(precall.devices, precall.device_id, catalog),
        "tools": {"level": precall.level["ran"] and not precall.level["running"],
                  "status": fill(text(tool[0], catalog), tool[1]) if tool and tool[0] else ""},
    }
    top = call.top()
    during = None
    if top is not None:
        name, cause, value = top
        during = banner("incall", advice.advise(cause, browser, system, catalog, app), None, actions=(), catalog=catalog)
        during["ufd"] = name
        during["key"] = "incall|%s|%s" % (cause, name)
    if state == OK:
        model["status"] = text("status-title", catalog, title=advice.advise(causes.OK, browser, system, catalog)["title"])
    elif state == WARNING and precall.cause:
        found = advice.advise(precall.cause, browser, system, catalog, app)
        model["status"] = text("status-title", catalog, title=found["title"])
        actions = (COPY_LINK, RECHECK) if precall.cause == causes.IN_APP_BROWSER else (RECHECK,)
        if during is not None and causes.folds(during["cause"], precall.cause):
            # One problem, one banner: the call's says it all; it takes the check's button along.
            during["folds"] = precall.cause
            during["actions"] = _labelled(actions, catalog)
            during["key"] += "|" + precall.cause
        else:
            model["banners"].append(banner("precall", found, precall.error, actions, catalog))
    elif state == ERROR:
        model["status"] = text("status-stopped", catalog)
        model["banners"].append(failure_banner(precall.failure or "unexpected error", catalog))
    if during is not None:
        model["banners"].append(during)
    model["remote"] = remote_notices(listener.notices() if listener is not None else [], catalog)
    return model


def remote_notices(notices, catalog=None):
    """The listener's side of the model from ``RemoteState.notices()``."""
    shown = []
    for notice in notices[:remote.SHOWN]:
        found = advice.advise_remote(notice["cause"], notice["label"], catalog)
        shown.append({"key": "|".join((notice["participant"], notice["cause"], found["title"])),
                      "participant": notice["participant"], "label": notice["label"], "cause": notice["cause"],
                      "diagnostic": notice["diagnostic"], "role": ROLE_STATUS, "title": found["title"],
                      "summary": found["summary"]})
    rest = len(notices) - len(shown)
    return {"notices": shown, "more": text("remote-more", catalog, count=rest) if rest > 0 else ""}


def sdk_text(sdk, catalog=None):
    """What the calling SDK's own permission request answered, in words ("" when not used)."""
    if not isinstance(sdk, dict) or not sdk.get("name"):
        return ""
    error = sdk.get("error")
    if error:
        return text("sdk-failed", catalog, name=error.get("name", "Error"), message=error.get("message", ""))
    if not sdk.get("called"):
        return text("sdk-not-called", catalog)
    return text("sdk-answered", catalog, audio="true" if sdk.get("audio") else "false")


def banner(phase, found, error, actions=(RECHECK,), catalog=None):
    detail = ""
    if isinstance(error, dict) and (error.get("name") or error.get("message")):
        said = ": ".join([str(part) for part in (error.get("name"), error.get("message")) if part])
        detail = text("browser-said", catalog, error=said)
    return {
        "key": "|".join((phase, found["cause"], detail, found["title"])),
        "phase": phase,
        "cause": found["cause"],
        "role": ROLE_ALERT,
        "title": found["title"],
        "summary": found["summary"],
        "steps": list(found["steps"]),
        "detail": detail,
        "actions": _labelled(actions, catalog),
        "ufd": None,
        "folds": None,
    }


def _labelled(actions, catalog):
    return [(action, text(label, catalog)) for action, label in actions]


def failure_banner(what, catalog=None):
    """The banner for micsentry's own failure: says what happened and what to do, never a traceback."""
    return {
        "key": "precall|failure|" + what,
        "phase": "precall",
        "cause": "failure",
        "role": ROLE_ALERT,
        "title": text("failure-title", catalog),
        "summary": text("failure-summary", catalog, what=what),
        "steps": [text("failure-reload", catalog), text("failure-support", catalog)],
        "detail": "",
        "actions": [],
        "ufd": None,
        "folds": None,
    }


def _level(level, blocked, catalog):
    # A blocked or lost microphone: the last reading says nothing about it now.
    message = ("level-none", None) if blocked else level["text"]
    found = {"shown": level["ran"], "live": level["running"] and not blocked,
             "fraction": 0.0 if blocked else level["fraction"], "text": ""}
    if message:
        found["text"] = text(message[0], catalog, dbfs=message[1]) if message[1] is not None else \
            text(message[0], catalog)
    return found


def _devices(devices, selected, catalog):
    return [{"id": device["id"],
             "label": device.get("label") or text("device-unnamed", catalog, number=index + 1),
             "selected": device["id"] == selected}
            for index, device in enumerate(devices)]
