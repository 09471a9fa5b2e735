"""The Azure Communication Services Calling SDK: CallClient, DeviceManager, joining and leaving a call.

Turns what the SDK says into plain data; the core decides. A call's diagnostics feature is followed
by ``micsentry.browser.sources.call``. The SDK bundle is loaded only on pages that ask for it
(``?sdk=acs``, ``sdk="acs"``): the loader then lists it in PyScript's ``js_modules`` as ``acs_calling``.
"""

from micsentry.browser import ffi


def load_sdk():
    """The SDK's module object (CallClient, Features, AzureCommunicationTokenCredential…)."""
    return ffi.js_module("acs_calling")


class CallingSdk:
    """One ``CallClient`` (made right away, as the troubleshooting guide asks) and what hangs off it."""

    def __init__(self):
        self.module = load_sdk()
        # Throws on origins the SDK refuses (it wants https, file: or the name localhost).
        self.client = ffi.host_new(self.module, "CallClient")
        self.agent = None
        self.call = None

    async def ask_device_permission(self):
        """``DeviceManager.askDevicePermission({audio: true, video: false})``: ``{"audio", "video"}``.

        The SDK never rejects here: it resolves ``{audio: false}`` for every kind of refusal.
        """
        device_manager = await ffi.host_async(self.client, "getDeviceManager")
        result = await ffi.host_async(device_manager, "askDevicePermission",
                                      ffi.to_js({"audio": True, "video": False}))
        return {"audio": ffi.get(result, "audio") is True, "video": ffi.get(result, "video") is True}

    async def join_group_call(self, token, group_id):
        """Join a group call with an access token; returns its diagnostics feature."""
        credential = ffi.host_new(self.module, "AzureCommunicationTokenCredential", token)  # throws when malformed
        self.agent = await ffi.host_async(self.client, "createCallAgent", credential,
                                          ffi.to_js({"displayName": "micsentry check"}))
        options = ffi.to_js({"audioOptions": {"muted": False}})
        self.call = ffi.host_call(self.agent, "join", ffi.to_js({"groupId": group_id}), options)
        return ffi.host_call(self.call, "feature", self.module.Features.UserFacingDiagnostics)

    async def leave(self):
        """Hang up and release the call agent; failures are the SDK's to report, not the user's."""
        call, agent, self.call, self.agent = self.call, self.agent, None, None
        if call is not None:
            try:
                await ffi.host_async(call, "hangUp")
            except Exception:
                pass
        if agent is not None:
            try:
                await ffi.host_async(agent, "dispose")
            except Exception:
                pass
