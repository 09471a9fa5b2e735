"""An ACS call's User Facing Diagnostics feature as a diagnostic source (see ``sources``).

Beside ``media`` and ``network`` (this speaker's), the SDK's beta line has ``remote``: the others'
diagnostics, for the listener's notices, and ``startSendingDiagnostics()`` to share this speaker's.
Given the call too (``attach(feature, {call})``), the participants who leave take their notices along.
"""

import js

from micsentry.core import ufd
from micsentry.browser import callbacks, ffi

DIAGNOSTIC_CHANGED = "diagnosticChanged"
PARTICIPANTS_UPDATED = "remoteParticipantsUpdated"
PARTS = ("media", "network")
REMOTE_FIELDS = ("participantId", "rawId", "diagnostic", "value", "valueType")
# A participant's identifier (CommunicationIdentifierKind): the first of these it has is its raw id.
IDENTIFIER_FIELDS = ("rawId", "communicationUserId", "phoneNumber", "microsoftTeamsUserId", "teamsAppId")


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


def remote_from_js(entry):
    """A ``RemoteDiagnostic`` as a plain dict, with ``name`` from ``remoteParticipant.displayName``."""
    if ffi.is_nullish(entry) or isinstance(entry, (str, int, float, bool)):
        return entry
    change = ffi.host_fields(entry, REMOTE_FIELDS)
    who = ffi.host_get(entry, "remoteParticipant")
    change["name"] = ffi.host_fields(who, ("displayName",)).get("displayName") if who is not None else None
    return change


def remote_list(data):
    """``{diagnostics: RemoteDiagnostic[]}`` (``getLatest()`` and each ``diagnosticChanged``) as dicts."""
    found = ffi.host_get(data, "diagnostics")
    if found is None or isinstance(found, (str, int, float, bool)):
        return [data]  # not the SDK's shape: the core refuses it with a warning
    return [remote_from_js(found[index]) for index in range(int(found.length))]


def participant_id(participant):
    """The raw id of a ``RemoteParticipant`` (its identifier's), or None."""
    identifier = ffi.host_get(participant, "identifier")
    fields = ffi.host_fields(identifier, IDENTIFIER_FIELDS) if identifier is not None else {}
    for name in IDENTIFIER_FIELDS:
        if isinstance(fields.get(name), str) and fields[name]:
            return fields[name]
    return None


class CallDiagnostics:
    """``media`` and ``network`` of ``call.feature(Features.UserFacingDiagnostics)``."""

    kind = "call"

    def __init__(self, parts, on_problem, remote=None, call=None):
        self._parts = parts
        self._on_problem = on_problem
        self._remote = remote
        self._call = call
        self._handles = callbacks.Handles(lambda where, exc: on_problem(where + ".off()", exc))

    @classmethod
    def open(cls, feature, on_problem, call=None):
        parts = []
        for kind in PARTS:
            try:
                part = ffi.host_get(feature, kind)
            except ffi.HostError as exc:
                on_problem(kind, exc)
                continue
            if part is not None:
                parts.append((kind, part))
        if not parts:
            return None
        try:
            remote = ffi.host_get(feature, "remote")  # the beta line's; stable 2.0.0 has none
        except ffi.HostError as exc:
            on_problem("remote", exc)
            remote = None
        return cls(parts, on_problem, remote, None if ffi.is_nullish(call) else call)

    def snapshot(self):
        merged = {}
        for kind, part in self._parts:
            try:
                merged.update(latest_from_js(ffi.host_call(part, "getLatest")))
            except Exception as exc:
                self._on_problem(kind + ".getLatest()", exc)
        return ufd.changes_from_latest(merged)

    def start(self, on_change):
        for kind, part in self._parts:
            self._follow(part, DIAGNOSTIC_CHANGED, kind, lambda args: on_change(change_from_js(args)), "")

    def start_remote(self, on_remote, on_left):
        """The others' diagnostics (getLatest first, then each change) and who leaves the call."""
        if self._remote is not None:
            try:
                for change in remote_list(ffi.host_call(self._remote, "getLatest")):
                    on_remote(change)
            except Exception as exc:
                self._on_problem("remote.getLatest()", exc)

            def changed(args):
                for change in remote_list(args):
                    on_remote(change)

            self._follow(self._remote, DIAGNOSTIC_CHANGED, "remote", changed)
        if self._call is not None:
            def updated(args):
                removed = ffi.host_get(args, "removed")
                for index in range(int(ffi.get(removed, "length", 0))):
                    left = participant_id(removed[index])
                    if left is not None:
                        on_left(left)

            self._follow(self._call, PARTICIPANTS_UPDATED, "call", updated)

    def _follow(self, emitter, event, where, handler, prefix=None):
        """``emitter.on(event)`` with *handler*; whatever the host sends or throws is a problem said, never
        an exception into the SDK. Problems are named *where*.<event> (or *prefix*<event>)."""
        named = (where + "." if prefix is None else prefix) + event

        def guarded(args):
            try:
                handler(args)
            except Exception as exc:
                self._on_problem(named, exc)

        try:
            self._handles.add(callbacks.subscribe(emitter, event, guarded), where)
        except Exception as exc:
            self._on_problem(where + ".on()", exc)

    def share(self, on):
        """Send this speaker's diagnostics to the others, or stop (where the SDK can)."""
        if self._remote is None:
            return False
        method = "startSendingDiagnostics" if on else "stopSendingDiagnostics"
        try:
            ffi.host_call(self._remote, method)
        except ffi.HostError as exc:
            self._on_problem("remote." + method + "()", exc)
            return False
        return True

    def close(self):
        self._handles.close()
