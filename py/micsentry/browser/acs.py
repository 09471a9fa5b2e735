"""The Azure Communication Services Calling SDK: DeviceManager, calls, and the diagnostics feature.

Turns what the SDK says into plain data; ``micsentry.diagnostics`` and ``micsentry.causes`` decide.
The SDK bundle is loaded only on pages that ask for it (``?sdk=acs``): boot.js then lists it in
PyScript's ``js_modules`` under the name ``acs_calling``.
"""

import js

from micsentry.browser import ffi

DIAGNOSTIC_CHANGED = "diagnosticChanged"


def load_sdk():
    """The SDK's module object (CallClient, Features, AzureCommunicationTokenCredential…)."""
    from pyscript.js_modules import acs_calling

    return acs_calling


def new_call_client(sdk):
    # Throws on origins the SDK refuses (it wants https, file: or the name localhost).
    return ffi.host_new(sdk, "CallClient")


async def ask_device_permission(call_client):
    """``DeviceManager.askDevicePermission({audio: true, video: false})``: ``{"audio": bool}``.

    The SDK never rejects here: it resolves ``{audio: false}`` for every kind of refusal.
    """
    device_manager = await call_client.getDeviceManager()
    result = await device_manager.askDevicePermission(ffi.to_js({"audio": True, "video": False}))
    return {"audio": ffi.get(result, "audio") is True, "video": ffi.get(result, "video") is True}


async def join_group_call(sdk, call_client, token, group_id):
    """Join a group call with an access token; returns the SDK's Call object."""
    credential = ffi.host_new(sdk, "AzureCommunicationTokenCredential", token)  # throws on a malformed token
    agent = await call_client.createCallAgent(credential, ffi.to_js({"displayName": "micsentry check"}))
    options = ffi.to_js({"audioOptions": {"muted": False}})
    call = ffi.host_call(agent, "join", ffi.to_js({"groupId": group_id}), options)
    return agent, call


def diagnostics_feature(sdk, call):
    return ffi.host_call(call, "feature", sdk.Features.UserFacingDiagnostics)


async def leave(agent, call):
    """Hang up and release the call agent; failures are the SDK's to report, not the user's."""
    if call is not None:
        try:
            await call.hangUp()
        except Exception:
            pass
    if agent is not None:
        try:
            await agent.dispose()
        except Exception:
            pass


def _plain(value):
    # JS primitives arrive as Python values on both runtimes; anything else stays as it is and
    # is refused by micsentry.diagnostics.normalise.
    return None if ffi.is_nullish(value) else value


def change_from_js(args):
    """A ``diagnosticChanged`` payload as a plain dict (whatever the host sent)."""
    if ffi.is_nullish(args):
        return None
    if isinstance(args, (str, int, float, bool)):
        return args  # a primitive is no payload: micsentry.diagnostics says so
    return {
        "diagnostic": _plain(ffi.host_get(args, "diagnostic")),
        "value": _plain(ffi.host_get(args, "value")),
        "valueType": _plain(ffi.host_get(args, "valueType")),
    }


def latest_from_js(latest):
    """A ``getLatest()`` result as ``{name: {"value", "valueType"}}``."""
    result = {}
    if ffi.is_nullish(latest):
        return result
    if isinstance(latest, (str, int, float, bool)):
        return result
    names = ffi.host_call(js.Object, "keys", latest)
    for index in range(names.length):
        name = ffi.to_str(names[index])
        entry = ffi.host_get(latest, name)
        if entry is not None:
            result[name] = {"value": _plain(ffi.host_get(entry, "value")),
                            "valueType": _plain(ffi.host_get(entry, "valueType"))}
    return result


class Subscription:
    """Listens to ``diagnosticChanged`` on the ``media`` and ``network`` parts of a diagnostics feature.

    ``on_change(change_dict)`` gets every payload; ``on_problem(where, exc)`` gets a host object that
    throws. ``close()`` calls ``off`` with the very listeners given to ``on`` and frees them.
    """

    def __init__(self, feature, on_change, on_problem):
        self._listeners = []
        self.parts = []
        self._on_change = on_change
        self._on_problem = on_problem
        for kind in ("media", "network"):
            try:
                part = ffi.host_get(feature, kind)
            except ffi.HostError as exc:
                on_problem(kind, exc)
                continue
            if part is not None:
                self.parts.append((kind, part))

    def latest(self):
        """``getLatest()`` of each part, merged: ``{name: {"value", "valueType"}}``."""
        merged = {}
        for kind, part in self.parts:
            try:
                merged.update(latest_from_js(ffi.host_call(part, "getLatest")))
            except Exception as exc:
                self._on_problem(kind + ".getLatest()", exc)
        return merged

    def start(self):
        for kind, part in self.parts:

            def changed(args):
                try:
                    self._on_change(change_from_js(args))
                except Exception as exc:  # never let a host's odd payload escape into the SDK
                    self._on_problem("diagnosticChanged", exc)

            listener = ffi.create_proxy(changed)
            try:
                ffi.host_call(part, "on", DIAGNOSTIC_CHANGED, listener)
            except Exception as exc:
                self._on_problem(kind + ".on()", exc)
                ffi.destroy(listener)
                continue
            self._listeners.append((kind, part, listener))

    def close(self):
        for kind, part, listener in self._listeners:
            try:
                ffi.host_call(part, "off", DIAGNOSTIC_CHANGED, listener)
            except Exception as exc:
                self._on_problem(kind + ".off()", exc)
            ffi.destroy(listener)
        self._listeners = []
