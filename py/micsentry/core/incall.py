"""The call: which diagnostic source is attached and which diagnostics hold. Pure.

A *source* is where a call's diagnostics come from (``contract`` names them): an ACS call's
diagnostics feature (``call``), a watched local stream (``stream``) or diagnostics an embedding page
forwards over postMessage (``forwarded``).

    >>> call = CallState()
    >>> call.attach("call")
    >>> call.apply({"name": "networkReconnect", "active": True, "value": 3})
    True
    >>> call.top()
    ('networkReconnect', 'network-reconnect', 3)
"""

from micsentry.core import ufd
from micsentry.core.contract import IDLE, OK, WARNING

SOURCES = ("call", "stream", "forwarded")


class CallState:
    def __init__(self):
        self.source = None
        self.active = {}  # name -> value of the watched diagnostics that hold now

    @property
    def attached(self):
        return self.source is not None

    def attach(self, source):
        self.source = source
        self.active = {}

    def detach(self):
        self.source = None
        self.active = {}

    def apply(self, change):
        """Record a normalised change; True when what the user should see may have changed."""
        name = change["name"]
        if name not in ufd.CAUSE_OF:
            return False
        if change["active"]:
            before = self.active.get(name)
            self.active[name] = change["value"]
            return before != change["value"]
        return self.active.pop(name, None) is not None

    def top(self):
        return ufd.top(self.active)

    def state(self):
        if self.source is None:
            return IDLE
        return WARNING if self.active else OK
