"""The microphone permission, read without prompting (``navigator.permissions``)."""

import js

from micsentry.core import causes
from micsentry.browser import ffi


QUERY_WAIT_MS = 2000  # a browser that does not answer within this is one that cannot say


def query():
    """An awaitable of ``(state, PermissionStatus or None)``, asked at once (the answer comes while the
    caller does other work); ``"unknown"`` where the browser refuses to say, throws, or does not answer
    within QUERY_WAIT_MS.

        state, status = await permissions.query()
    """
    permissions = ffi.get(js.navigator, "permissions")
    if permissions is None or ffi.get(permissions, "query") is None:
        return _answered(None)
    return _answered(ffi.call_within(permissions, "query", [{"name": "microphone"}], QUERY_WAIT_MS,
                                     "permissions.query"))


async def _answered(pending):
    if pending is None:
        return ("unknown", None)
    try:
        status = await pending
    except Exception:
        # Firefox before 131 and Safari before 16 reject the "microphone" name with a TypeError.
        return ("unknown", None)
    return (read(status), status)


def read(status):
    """The state of a PermissionStatus now (it fires ``change`` when it moves)."""
    if status is None:
        return "unknown"
    return causes.permission_state(ffi.to_str(ffi.get(status, "state")))
