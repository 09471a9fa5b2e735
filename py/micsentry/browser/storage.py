"""``localStorage``, which a cross-site frame may refuse: never fatal, only forgetful."""

import js

from micsentry.browser import ffi


def get(key):
    """The stored text, or None."""
    try:
        store = ffi.host_get(js.window, "localStorage")
        return None if store is None else ffi.to_str(ffi.host_call(store, "getItem", key), None) or None
    except ffi.HostError:
        return None


def put(key, value):
    """Store *value*; False where the browser refuses."""
    try:
        store = ffi.host_get(js.window, "localStorage")
        if store is not None:
            ffi.host_call(store, "setItem", key, value)
        return store is not None
    except ffi.HostError:
        return False
