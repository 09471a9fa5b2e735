"""The differences between Pyodide and MicroPython, in one place, and nothing else.

Everything else in ``micsentry.browser`` goes through these helpers, so one Python source serves
both interpreters: null and undefined, property reads, proxies, exceptions, typed arrays, and calls
into host objects (which MicroPython cannot guard itself).

    from micsentry.browser import ffi
    ffi.get(js.navigator, "mediaDevices")   # None when missing, on both runtimes
"""

import json
import sys

import js

RUNTIME = "micropython" if sys.implementation.name == "micropython" else "pyodide"

# Each interpreter's own FFI, not PyScript's ``pyscript`` package: importing that runs its whole
# ``__init__`` (display, fetch, storage, websocket, workers…), which the start has no use for.
if RUNTIME == "micropython":
    from jsffi import create_proxy as _create_proxy, to_js as _to_js
else:
    from pyodide.ffi import create_proxy as _create_proxy, to_js as _pyodide_to_js

    def _to_js(value):
        return _pyodide_to_js(value, dict_converter=js.Object.fromEntries)

_live = [0, None]  # proxies made and not yet destroyed, and the loader's hub that shows the count


def create_proxy(handler):
    """A JS function that calls *handler*; every one must be given back to :func:`destroy`
    (``micsentry.browser.callbacks`` owns them all)."""
    proxy = _create_proxy(handler)
    _counted(1)
    return proxy


def _counted(step):
    """Keep ``__micsentry.liveProxies`` (for leak tests) up to date; the hub is looked up once."""
    _live[0] += step
    if _live[1] is None:
        _live[1] = get(js.window, "__micsentry") or False
    if _live[1]:
        _live[1].liveProxies = _live[0]

_UNDEFINED = getattr(js, "undefined", None)


def is_nullish(value):
    """True for JS ``null`` and ``undefined`` on either runtime.

    Pyodide gives ``None`` for undefined and ``JsNull`` for null; MicroPython gives ``None`` for null
    and a truthy ``undefined`` object for undefined.
    """
    return value is None or value is _UNDEFINED or type(value).__name__ == "JsNull"


def get(obj, name, default=None):
    """``obj[name]`` of a browser object, or *default* when *obj* or the property is null/undefined.

    For objects a host app hands over, use :func:`host_get`: a throwing getter cannot be caught
    on MicroPython.
    """
    if is_nullish(obj) or isinstance(obj, (str, int, float, bool)):
        return default
    try:
        value = js.Reflect.get(obj, name)
    except Exception:  # Pyodide can catch a throwing getter; treat it as missing
        return default
    return default if is_nullish(value) else value


def destroy(proxy):
    """Free a proxy made by ``create_proxy`` (Pyodide needs it; MicroPython has nothing to free)."""
    _counted(-1)
    release = getattr(proxy, "destroy", None)
    if release is not None:
        try:
            release()
        except Exception:
            pass


def collect():
    """Let go of the JS objects Python no longer uses, now.

    MicroPython holds every JS object it has seen (a detached call's diagnostics feature and what hangs
    on it) until its own garbage collector runs, which it does only when its heap fills up; Pyodide
    releases them as their proxies go. Called when a source or a widget is let go.
    """
    if RUNTIME == "micropython":
        import gc

        gc.collect()


class HostError(Exception):
    """A host object threw; ``name`` and ``message`` are the JS error's."""

    def __init__(self, name, message):
        super().__init__(name + ": " + message)
        self.name = name
        self.message = message


def js_module(name):
    """A JS module the loader listed in PyScript's ``js_modules`` (the host helpers, an SDK bundle)."""
    import polyscript

    return js.Reflect.get(polyscript.js_modules, name)


_host = []  # the host helpers' module, looked up once


def _host_calls():
    if not _host:
        _host.append(js_module("micsentry_host_calls"))
    return _host[0]


def _unwrap(result):
    if get(result, "ok") is True:
        return get(result, "value")
    raise HostError(to_str(get(result, "name"), "Error"), to_str(get(result, "message")))


def host_call(obj, method, *args):
    """``obj[method](*args)`` for an object a host app gave us; raises :class:`HostError`.

    MicroPython cannot catch a JS exception from a synchronous call (it aborts the script), so the
    call is made, and caught, on the JS side (web/static/host-calls.js), on both runtimes alike.
    """
    return _unwrap(_host_calls().tryCall(obj, method, *args))


def host_new(owner, name, *args):
    """``new owner[name](*args)`` for a constructor that may throw (an SDK's, a host's)."""
    return _unwrap(_host_calls().tryNew(owner, name, *args))


def host_async(obj, method, *args):
    """The promise of ``obj[method](*args)``, called on the JS side like :func:`host_call`: a
    rejection with something that is no Error (a string, WebKit's stackless DOMException) still
    raises in Python, where Pyodide would otherwise never resume the awaiting coroutine.

    Example::

        manager = await ffi.host_async(client, "getDeviceManager")
    """
    return _host_calls().callAsync(obj, method, *args)


def call_within(obj, method, args, ms, what):
    """The promise of ``obj[method](*args)``, called on the JS side; with *ms*, a rejection with a
    ``TimeoutError`` after that long (a MediaStream that comes later is stopped, so that nothing
    holds the microphone). A synchronous throw is a rejection too."""
    return _host_calls().callWithin(obj, method, to_js(list(args)), ms or 0, what)


def host_json(value):
    """Data a page handed over (a message), as plain Python data through JSON; raises :class:`HostError`
    (or ValueError) for what JSON cannot carry."""
    return json.loads(to_str(_unwrap(_host_calls().tryJson(value)), "null"))


def host_fields(obj, names):
    """``{name: obj[name]}`` for several properties of an object a host app gave us, as plain data
    (through JSON, in one call across); raises :class:`HostError` for a throwing getter or a value
    JSON cannot carry (a cycle)."""
    if is_nullish(obj) or isinstance(obj, (str, int, float, bool)):
        return {}
    return json.loads(to_str(_unwrap(_host_calls().tryFields(obj, ",".join(names))), "{}"))


def host_get(obj, name):
    """``obj[name]`` for an object a host app gave us (a throwing getter raises :class:`HostError`)."""
    if is_nullish(obj) or isinstance(obj, (str, int, float, bool)):
        return None
    return _unwrap(_host_calls().tryGet(obj, name))


def to_js(value):
    """A Python dict/list as a plain JS object/array (never a JS Map)."""
    return _to_js(value)


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
    if isinstance(exc, HostError):
        return {"name": exc.name, "message": exc.message}
    js_error = getattr(exc, "js_error", None)
    if js_error is None and len(getattr(exc, "args", ())) == 3 and isinstance(exc.args[1], str):
        return {"name": exc.args[1], "message": to_str(exc.args[2])}
    if js_error is not None:
        return {"name": to_str(get(js_error, "name"), "Error"), "message": to_str(get(js_error, "message"))}
    return {"name": type(exc).__name__, "message": str(exc)}


def to_json_object(value):
    """A JSON-able Python value as a plain JS value (``None`` becomes ``null``, never ``undefined``)."""
    return js.JSON.parse(json.dumps(value))


def numbers(typed_array, step=1):
    """Every *step*-th number of a JS typed array, as a Python list."""
    to_py = getattr(typed_array, "to_py", None)
    if to_py is not None:  # Pyodide: one copy through a memoryview
        return to_py()[::step].tolist()
    return [typed_array[index] for index in range(0, typed_array.length, step)]
