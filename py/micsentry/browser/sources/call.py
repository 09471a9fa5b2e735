"""An ACS call's User Facing Diagnostics feature as a diagnostic source (see ``sources``)."""

import js

from micsentry.core import ufd
from micsentry.browser import callbacks, ffi

DIAGNOSTIC_CHANGED = "diagnosticChanged"
PARTS = ("media", "network")


def change_from_js(args):
    """A ``diagnosticChanged`` payload as a plain dict (whatever the host sent: what is not a
    diagnostic change is refused by micsentry.core.ufd.normalise)."""
    if ffi.is_nullish(args):
        return None
    if isinstance(args, (str, int, float, bool)):
        return args  # a primitive is no payload: the core says so
    return ffi.host_fields(args, ("diagnostic", "value", "valueType"))


def latest_from_js(latest):
    """A ``getLatest()`` result as ``{name: {"value", "valueType"}}``."""
    result = {}
    if ffi.is_nullish(latest) or isinstance(latest, (str, int, float, bool)):
        return result
    names = ffi.host_call(js.Object, "keys", latest)
    for index in range(names.length):
        name = ffi.to_str(names[index])
        entry = ffi.host_get(latest, name)
        if entry is not None:
            result[name] = ffi.host_fields(entry, ("value", "valueType"))
    return result


class CallDiagnostics:
    """``media`` and ``network`` of ``call.feature(Features.UserFacingDiagnostics)``."""

    kind = "call"

    def __init__(self, parts, on_problem):
        self._parts = parts
        self._on_problem = on_problem
        self._handles = callbacks.Handles(lambda where, exc: on_problem(where + ".off()", exc))

    @classmethod
    def open(cls, feature, on_problem):
        parts = []
        for kind in PARTS:
            try:
                part = ffi.host_get(feature, kind)
            except ffi.HostError as exc:
                on_problem(kind, exc)
                continue
            if part is not None:
                parts.append((kind, part))
        return cls(parts, on_problem) if parts else None

    def snapshot(self):
        merged = {}
        for kind, part in self._parts:
            try:
                merged.update(latest_from_js(ffi.host_call(part, "getLatest")))
            except Exception as exc:
                self._on_problem(kind + ".getLatest()", exc)
        return ufd.changes_from_latest(merged)

    def start(self, on_change):
        def changed(args):
            try:
                on_change(change_from_js(args))
            except Exception as exc:  # never let a host's odd payload escape into the SDK
                self._on_problem(DIAGNOSTIC_CHANGED, exc)

        for kind, part in self._parts:
            try:
                self._handles.add(callbacks.subscribe(part, DIAGNOSTIC_CHANGED, changed), kind)
            except Exception as exc:
                self._on_problem(kind + ".on()", exc)

    def close(self):
        self._handles.close()
