"""The iframe embedding: messages with the embedding page, through ``postMessage``.

``micsentry.embed`` decides which messages to act on; this module only receives and sends them.
"""

import js

from micsentry import embed
from micsentry.browser import ffi


class FrameBridge:
    """Talks with the page that frames this one, at its exact origin only."""

    def __init__(self, allowed, on_accept, on_reject):
        self.allowed = allowed
        ancestors = ffi.get(js.location, "ancestorOrigins")
        origins = [ffi.to_str(ancestors[i]) for i in range(ancestors.length)] if ancestors is not None else []
        self.host_origin = embed.host_origin_of(origins, ffi.to_str(js.document.referrer))
        self.framed = js.window.parent != js.window
        self._on_accept = on_accept
        self._on_reject = on_reject
        self._proxy = ffi.create_proxy(self._message)
        js.window.addEventListener("message", self._proxy)

    def _message(self, event):
        origin = ffi.to_str(ffi.get(event, "origin"))
        try:
            data = ffi.host_json(ffi.get(event, "data"))
        except (ffi.HostError, ValueError):
            data = {"micsentry": "unreadable"}
        verdict = embed.check(data, origin, self.allowed, self.host_origin)
        if verdict[0] == "accept":
            self._on_accept(verdict[1])
        elif verdict[0] == "reject":
            self._on_reject(verdict[1], origin == self.host_origin)

    def post(self, message):
        """Send *message* to the embedding page, if it is there and allowed."""
        if self.framed and self.host_origin and embed.origin_allowed(self.host_origin, self.allowed):
            js.window.parent.postMessage(ffi.to_json_object(message), self.host_origin)


class RemoteSource:
    """Diagnostics forwarded by the embedding page: the same shape as ``acs.Subscription``."""

    parts = [("remote", None)]

    def latest(self):
        return {}

    def start(self):
        pass

    def close(self):
        pass
