"""The iframe embedding's postMessage protocol, version 1: which messages to act on. Pure.

Every message is an object ``{"micsentry": 1, "type": ..., ...}``.

Host -> frame: ``attach`` (follow the diagnostics the host forwards), ``diagnostic``
(``diagnostic``, ``value``, ``valueType``: one forwarded UFD change), ``remote-diagnostic``
(``participantId``, optional ``name``, ``diagnostic``, ``value``, ``valueType``: a remote participant's
diagnostic, for the listener's notices), ``detach``, ``recheck``.
Frame -> host: ``ready`` (``runtime``), ``change`` (``detail``: as the ``micsentry:change`` event),
``rejected`` (``reason``: a message from the host that was not acted on), ``resize`` (``height``: the
frame's content height in whole CSS pixels, sent when it changes, so that the page can size the frame).

    >>> check({"micsentry": 1, "type": "recheck"}, "https://app.example", ["https://app.example"], "https://app.example")
    ('accept', {'micsentry': 1, 'type': 'recheck'})
    >>> check({"micsentry": 1, "type": "recheck"}, "https://evil.example", ["*"], "https://app.example")[0]
    'reject'
"""

from micsentry.core.contract import PROTOCOL_VERSION as VERSION

HOST_TYPES = ("attach", "diagnostic", "remote-diagnostic", "detach", "recheck")


def origin_allowed(origin, allowed):
    """Whether *origin* is on the allow-list (``"*"`` allows any origin; an entry written with its
    scheme's default port or in capitals is the origin a browser names without them).

        >>> origin_allowed("https://app.example", ["https://App.example:443"])
        True
    """
    if not isinstance(origin, str) or not origin or origin == "null":
        return False
    for entry in allowed:
        if entry == "*" or (isinstance(entry, str) and (entry == origin or _origin(entry) == origin)):
            return True
    return False


def check(data, origin, allowed, host_origin):
    """Decide on one incoming message: ``("accept", message)``, ``("reject", reason)`` or ``("ignore", reason)``.

    *host_origin* is the embedding page's exact origin: messages from anywhere else are rejected
    even when the allow-list has ``"*"``. Messages that are not micsentry's are ignored silently.
    """
    if not isinstance(data, dict) or "micsentry" not in data:
        return ("ignore", "not a micsentry message")
    if origin != host_origin or not origin_allowed(origin, allowed):
        return ("reject", "a message from %s, which is not the embedding page's allowed origin" % origin)
    version = data.get("micsentry")
    if version != VERSION or isinstance(version, bool):
        return ("reject", "protocol version %r is not supported (this frame speaks %d)" % (version, VERSION))
    kind = data.get("type")
    if kind not in HOST_TYPES:
        return ("reject", "unknown message type %r" % (kind,))
    if kind == "diagnostic":
        if not isinstance(data.get("diagnostic"), str) or "value" not in data:
            return ("reject", "a diagnostic message needs diagnostic and value")
        return ("accept", {"micsentry": VERSION, "type": kind, "diagnostic": data["diagnostic"],
                           "value": data.get("value"), "valueType": data.get("valueType")})
    if kind == "remote-diagnostic":
        participant, name = data.get("participantId"), data.get("name")
        if not isinstance(participant, str) or not participant or not isinstance(data.get("diagnostic"), str) \
                or "value" not in data or (name is not None and not isinstance(name, str)):
            return ("reject", "a remote-diagnostic message needs participantId, diagnostic and value (name: text)")
        return ("accept", {"micsentry": VERSION, "type": kind, "change": {
            "participantId": participant, "name": name, "diagnostic": data["diagnostic"], "value": data.get("value"),
            "valueType": data.get("valueType")}})
    return ("accept", {"micsentry": VERSION, "type": kind})


def outgoing(kind, **fields):
    """A frame -> host message."""
    message = {"micsentry": VERSION, "type": kind}
    for name in fields:
        message[name] = fields[name]
    return message


def host_origin_of(ancestor_origins, referrer):
    """The embedding page's origin (``scheme://host[:port]``): the browser's ``ancestorOrigins``
    first, else the referrer's; None when neither gives one.

        >>> host_origin_of([], "https://app.example:8443/call?id=1#top")
        'https://app.example:8443'
        >>> host_origin_of(["https://App.Example:443"], None)
        'https://app.example'
    """
    if isinstance(ancestor_origins, list) and ancestor_origins:
        return _origin(ancestor_origins[0])
    return _origin(referrer)


_DEFAULT_PORTS = {"https": ":443", "wss": ":443", "http": ":80", "ws": ":80"}


def _origin(url):
    if not isinstance(url, str) or "://" not in url:
        return None
    scheme, rest = url.split("://", 1)
    host = rest
    for mark in "/?#":
        host = host.split(mark, 1)[0]
    if not scheme or not host or "@" in host or " " in host or not scheme.isalpha():
        return None
    scheme, host = scheme.lower(), host.lower()
    # An origin never names its scheme's default port: event.origin is "https://app.example".
    default = _DEFAULT_PORTS.get(scheme)
    if default and host.endswith(default):
        host = host[:-len(default)]
    return scheme + "://" + host
