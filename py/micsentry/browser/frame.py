"""embed.html in a frame: the embedding page's messages in, ours out, through ``postMessage``.

``micsentry.core.protocol`` and the session decide which messages to act on; this module only
receives and sends them.
"""

import js

from micsentry.core import protocol
from micsentry.browser import callbacks, ffi


def host_origin():
    """The embedding page's origin: the browser's ``ancestorOrigins`` first, else the referrer's."""
    ancestors = ffi.get(js.location, "ancestorOrigins")
    origins = [ffi.to_str(ancestors[i]) for i in range(ancestors.length)] if ancestors is not None else []
    return protocol.host_origin_of(origins, ffi.to_str(js.document.referrer))


def framed():
    return js.window.parent != js.window


def listen(on_message):
    """``on_message(data, origin)`` for every message; *data* as plain data through JSON (what JSON
    cannot carry arrives as ``{"micsentry": "unreadable"}``, which the protocol rejects)."""

    def received(event):
        origin = ffi.to_str(ffi.get(event, "origin"))
        try:
            data = ffi.host_json(ffi.get(event, "data"))
        except (ffi.HostError, ValueError):
            data = {"micsentry": "unreadable"}
        on_message(data, origin)

    return callbacks.listen(js.window, "message", received)


def post(message, origin):
    js.window.parent.postMessage(ffi.to_json_object(message), origin)


RESIZE_THROTTLE_MS = 100


def watch_height(on_height):
    """``on_height(css_px)`` with the page's content height as soon as the browser has laid it out (its
    first ResizeObserver notification, so no layout is forced while the page starts), then after each
    change at most once per ``RESIZE_THROTTLE_MS``, always with the last height (a trailing throttle).
    The page is the frame's whole document, whose box is as tall as its content whatever the frame's
    height."""
    element = js.document.documentElement
    pending = []  # the timer of the read to come, while one is due
    first = [True]

    def read():
        pending.clear()
        on_height(float(element.getBoundingClientRect().height))

    def changed():
        if first:
            first.clear()
            read()  # the first notification comes after a layout: read it at once, the page sizes early
        elif not pending:
            pending.append(callbacks.later(RESIZE_THROTTLE_MS, read))

    observed = callbacks.resized(element, changed)
    if observed is None:
        read()  # a browser without ResizeObserver: the first height is all the page hears
        return callbacks.Handle(None)

    def stop():
        try:
            observed.close()
        finally:
            for timer in pending:
                timer.close()

    return callbacks.Handle(stop)
