"""The call: which diagnostic source is attached and which diagnostics hold. Pure.

A *source* is where a call's diagnostics come from (``contract`` names them): an ACS call's
diagnostics feature (``call``), a watched local stream (``stream``) or diagnostics an embedding page
forwards over postMessage (``forwarded``).

Each change also has an *origin*: the source's own (``sdk``), or the browser's signals (``browser``:
the permission, the devices, the local track), which micsentry follows beside an ACS call because the
SDK raises ``microphonePermissionDenied`` only on some platforms. A diagnostic holds while either
origin says so, and it is one banner, not two, when both do.

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


ORIGINS = ("sdk", "browser")


class CallState:
    def __init__(self):
        self.source = None
        self.sharing = False  # this speaker's diagnostics are sent to the others (ACS remote diagnostics)
        self._layers = {"sdk": {}, "browser": {}}  # origin -> {name: value} of the diagnostics that hold

    @property
    def attached(self):
        return self.source is not None

    @property
    def active(self):
        """name -> value of every watched diagnostic that holds, whichever origin says so."""
        merged = dict(self._layers["browser"])
        for name, value in self._layers["sdk"].items():
            merged[name] = value if name not in merged else _worse(merged[name], value)
        return merged

    def attach(self, source):
        self.source = source
        self.sharing = False
        self._layers = {"sdk": {}, "browser": {}}

    def detach(self):
        self.attach(None)

    def apply(self, change, origin="sdk"):
        """Record a normalised change from *origin* (None, an unwatched diagnostic, changes nothing);
        True when what the user should see may have changed."""
        if change is None:
            return False
        name = change["name"]
        if name not in ufd.CAUSE_OF or origin not in self._layers:
            return False
        before = self.active.get(name)
        layer = self._layers[origin]
        if change["active"]:
            layer[name] = change["value"]
        else:
            layer.pop(name, None)
        return self.active.get(name) != before

    def top(self):
        return ufd.top(self.active)

    def state(self):
        if self.source is None:
            return IDLE
        return WARNING if self.active else OK


def _worse(a, b):
    # Flags and qualities never mix for one diagnostic in practice; a flag that holds is the worst.
    if a is True or b is True:
        return True
    return a if (b is False or b is None or (isinstance(a, int) and a >= b)) else b


_REFUSALS = {
    "call": "attach() needs the object that call.feature(Features.UserFacingDiagnostics) returns "
            "(with .media and .network); got something else, ignored",
    "stream": "watch() needs a MediaStream with an audio track; got something else, ignored",
    "forwarded": "the embedding page's diagnostics cannot be followed",
}


class Speaker:
    """The session's speaker side of a call: the attached source, its diagnostics and, beside an ACS
    call, the browser's own signals (the SDK raises ``microphonePermissionDenied`` only on some
    platforms; the browser says at once when the grant goes or the microphone is lost).

    *timeline* records each diagnostic; *warn(key, message)* returns the effects of a warning said once.
    """

    def __init__(self, timeline, warn):
        from micsentry.core import signals

        self.call = CallState()
        self.changed = None  # the change that altered what is shown, during one event
        self._signals_class = signals.BrowserSignals
        self._signals = None
        self._timeline = timeline
        self._warn = warn

    def attach(self, source, usable, share):
        if not isinstance(source, str) or source not in SOURCES or not usable:
            name = source if isinstance(source, str) else type(source).__name__
            return [{"do": "refuse-source"}] + self._warn("refused:%s" % name, _REFUSALS.get(name, "unknown source"))
        effects = self.detach()
        self.call.attach(source)
        # A watched stream is browser signals already; an ACS call gets them beside its own.
        self._signals = self._signals_class() if source == "call" else None
        effects.append({"do": "follow"})
        if share and source == "call":
            self.call.sharing = True
            effects.append({"do": "share", "on": True})
        return effects

    def detach(self):
        if not self.call.attached:
            return []
        effects = [{"do": "share", "on": False}] if self.call.sharing else []
        self.call.detach()
        self._signals = None
        return effects + [{"do": "close-source"}]

    def diagnostic(self, payload, origin, t):
        """One raw change from the source (or, with *origin* ``browser``, from the browser's signals)."""
        try:
            change = ufd.normalise(payload)
        except ufd.Malformed as exc:
            return self._warn("malformed", "ignored a malformed diagnosticChanged payload (%s)" % exc)
        if change is None:
            name = payload.get("diagnostic")
            return self._warn("unknown:" + name, "ignored the unknown diagnostic %r" % name)
        if not self.call.attached:
            return []
        value_type = payload.get("valueType") or ufd.value_type(change["value"])
        fields = {"diagnostic": change["name"], "value": change["value"], "valueType": value_type}
        if origin == "browser":
            fields["origin"] = origin
        self._timeline.record("ufd", t, **fields)
        if self.call.apply(change, origin):
            self.changed = change
        return []

    def browser(self, kind, value, t):
        """A browser signal (``permission``, ``devices``, ``track``) while an ACS call is attached."""
        if self._signals is None:
            return []
        effects = []
        for change in self._signals.signal(kind, value, t):
            effects += self.diagnostic(change, "browser", t)
        return effects
