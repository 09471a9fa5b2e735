"""The microphone permission, read without prompting (``navigator.permissions``)."""

import js

from micsentry.core import causes
from micsentry.browser import ffi


async def query():
    """``(state, PermissionStatus or None)``; ``"unknown"`` where the browser refuses to say."""
    permissions = ffi.get(js.navigator, "permissions")
    if permissions is None:
        return ("unknown", None)
    try:
        status = await permissions.query(ffi.to_js({"name": "microphone"}))
    except Exception:
        # Firefox before 131 and Safari before 16 reject the "microphone" name with a TypeError.
        return ("unknown", None)
    return (read(status), status)


def read(status):
    """The state of a PermissionStatus now (it fires ``change`` when it moves)."""
    if status is None:
        return "unknown"
    return causes.permission_state(ffi.to_str(ffi.get(status, "state")))
