"""The differences between Pyodide and MicroPython, in one place.

Everything else in ``micsentry.browser`` goes through these helpers, so one Python source serves
both interpreters.

    from micsentry.browser import ffi
    ffi.get(js.navigator, "mediaDevices")   # None when missing, on both runtimes
"""

import sys

import js
from pyscript import ffi as _pyscript_ffi

RUNTIME = "micropython" if sys.implementation.name == "micropython" else "pyodide"

create_proxy = _pyscript_ffi.create_proxy

_UNDEFINED = getattr(js, "undefined", None)


def is_nullish(value):
    """True for JS ``null`` and ``undefined`` on either runtime.

    Pyodide gives ``None`` for undefined and ``JsNull`` for null; MicroPython gives ``None`` for null
    and a truthy ``undefined`` object for undefined.
    """
    return value is None or value is _UNDEFINED or type(value).__name__ == "JsNull"


def get(obj, name, default=None):
    """``obj[name]`` or *default* when *obj* or the property is null/undefined or access throws."""
    if is_nullish(obj):
        return default
    try:
        value = js.Reflect.get(obj, name)
    except Exception:  # a throwing getter or a revoked proxy: treat as missing
        return default
    return default if is_nullish(value) else value


def to_js(value):
    """A Python dict/list as a plain JS object/array (never a JS Map)."""
    return _pyscript_ffi.to_js(value)


def to_str(value, default=""):
    """A JS value as a Python str, *default* for null/undefined."""
    if is_nullish(value):
        return default
    return str(value)


def error_info(exc):
    """``{"name", "message"}`` of an exception raised by an awaited JS promise or JS call.

    Pyodide raises ``JsException`` with ``js_error``; MicroPython raises ``JsException`` whose
    ``args`` are ``(error, name, message)``. A Python exception keeps its own type and text.
    """
    js_error = getattr(exc, "js_error", None)
    if js_error is None and len(getattr(exc, "args", ())) == 3 and isinstance(exc.args[1], str):
        return {"name": exc.args[1], "message": to_str(exc.args[2])}
    if js_error is not None:
        return {"name": to_str(get(js_error, "name"), "Error"), "message": to_str(get(js_error, "message"))}
    return {"name": type(exc).__name__, "message": str(exc)}


def console_warn(*parts):
    js.console.warn(" ".join(str(part) for part in parts))
