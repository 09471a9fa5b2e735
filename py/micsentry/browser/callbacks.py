"""Listener and proxy lifetimes, owned in one place.

Every JS callback micsentry hands out is made here and comes back as a :class:`Handle` whose
``close()`` removes the listener and frees its proxy, once. An owner keeps its handles in a
:class:`Handles` and closes them all when it goes (a detach, a widget leaving the page).

    handles = Handles()
    handles.add(listen(js.window, "online", lambda event: ...))
    handles.add(subscribe(feature.media, "diagnosticChanged", changed))   # SDK-style on/off
    handles.add(resized(js.document.documentElement, measure))            # ResizeObserver
    handles.close()
"""

import js

from micsentry.browser import ffi


class Handle:
    """Stops one subscription when closed; closing twice does nothing."""

    def __init__(self, stop):
        self._stop = stop

    def close(self):
        stop, self._stop = self._stop, None
        if stop is not None:
            stop()


def listen(target, event, handler):
    """``target.addEventListener(event, handler)`` for a browser object."""
    proxy = ffi.create_proxy(handler)
    target.addEventListener(event, proxy)

    def stop():
        try:
            target.removeEventListener(event, proxy)
        finally:
            ffi.destroy(proxy)

    return Handle(stop)


def subscribe(emitter, event, handler):
    """``emitter.on(event, handler)`` for a host object with ``on``/``off`` (the SDK's diagnostics);
    raises ``ffi.HostError`` when ``on`` throws. Closing calls ``off`` with the very same function."""
    proxy = ffi.create_proxy(handler)
    try:
        ffi.host_call(emitter, "on", event, proxy)
    except Exception:
        ffi.destroy(proxy)
        raise

    def stop():
        try:
            ffi.host_call(emitter, "off", event, proxy)
        finally:
            ffi.destroy(proxy)

    return Handle(stop)


def every(ms, handler):
    """``setInterval(handler, ms)``."""
    proxy = ffi.create_proxy(lambda *args: handler())
    timer = js.setInterval(proxy, ms)

    def stop():
        js.clearInterval(timer)
        ffi.destroy(proxy)

    return Handle(stop)


def later(ms, handler):
    """``setTimeout(handler, ms)``; the proxy is freed after it ran or when closed before."""
    holder = []

    def once(*args):
        try:
            handler()
        finally:
            holder[0].close()

    proxy = ffi.create_proxy(once)
    timer = js.setTimeout(proxy, ms)

    def stop():
        js.clearTimeout(timer)
        ffi.destroy(proxy)

    holder.append(Handle(stop))
    return holder[0]


def resized(element, handler):
    """``new ResizeObserver(handler).observe(element)``: *handler* runs once at once (the browser's
    first notification) and after each change of *element*'s size. None in a browser without
    ResizeObserver."""
    observer_class = ffi.get(js.window, "ResizeObserver")
    if observer_class is None:
        return None
    proxy = ffi.create_proxy(lambda *args: handler())
    observer = observer_class.new(proxy)
    observer.observe(element)

    def stop():
        try:
            observer.disconnect()
        finally:
            ffi.destroy(proxy)

    return Handle(stop)


def function(handler):
    """A plain JS function for JS to call (an API method, a registry hook), freed when closed."""
    proxy = ffi.create_proxy(handler)
    return proxy, Handle(lambda: ffi.destroy(proxy))


class Handles:
    """The handles of one owner. ``close()`` closes every one, even when some throw; *on_error*
    (``(handle_name, exc)``) hears about those."""

    def __init__(self, on_error=None):
        self._handles = []
        self._on_error = on_error

    def add(self, handle, name=""):
        self._handles.append((name, handle))
        return handle

    def close(self):
        handles, self._handles = self._handles, []
        for name, handle in handles:
            try:
                handle.close()
            except Exception as exc:
                if self._on_error is not None:
                    self._on_error(name, exc)
