"""The JS API on the embedding page's side: ``window.micsentry``, the page's root, ``<mic-sentry>``;
and what the loader hands over through its hub (``window.__micsentry``): the texts of each language.

The loader (web/static/loader.js) gives each holder stand-ins that queue calls made before Python
runs (``holder._pending``) and call ``holder._api`` from then on. ``expose`` fills ``_api``, replays the
queue in order and resolves ``holder.ready``; closing its handle empties ``_api`` again (calls queue
until the next mount) and frees the proxies.
"""

import json

import js

from micsentry.core.contract import API
from micsentry.browser import callbacks, ffi


def expose(holder, functions):
    """Make ``functions[name]`` for every name of ``contract.API`` callable through *holder*."""
    api = js.Object.new()
    handles = callbacks.Handles()
    for name in API:
        proxy, handle = callbacks.function(functions[name])
        handles.add(handle)
        js.Reflect.set(api, name, proxy)
    holder._api = api
    pending = ffi.get(holder, "_pending")
    if pending is not None:
        calls = [pending[index] for index in range(pending.length)]
        pending.length = 0
        for call in calls:
            name, args = ffi.to_str(call[0]), call[1]
            if name in functions:
                functions[name](*[args[i] for i in range(args.length)])
    ready = ffi.get(holder, "_markReady")
    if ready is not None:
        ready()

    def withdraw():
        holder._api = None
        handles.close()

    return callbacks.Handle(withdraw)


def took_over():
    """Tell the loader that Python runs: it stops watching the start (one handshake for page and widget)."""
    hub = ffi.get(js.window, "__micsentry")
    took = ffi.get(hub, "tookOver")
    if took is not None:
        took()


def catalog(language):
    """The catalog (msgid -> text) the loader fetched for *language*, a BCP 47 tag; ``{}`` (English)
    when it has none. The loader keeps its JSON text, so one crossing brings it all."""
    texts = ffi.get(ffi.get(js.window, "__micsentry"), "texts")
    loaded = ffi.get(texts, language) if texts is not None else None
    text = ffi.to_str(ffi.get(loaded, "json")) if loaded is not None else ""
    try:
        found = json.loads(text) if text else {}
    except ValueError:
        return {}
    messages = found.get("messages") if isinstance(found, dict) else None
    return messages if isinstance(messages, dict) else {}


def language(root):
    """The language the loader put *root* into (its ``lang``), and that language's catalog."""
    tag = ffi.to_str(root.getAttribute("lang")) or "en"
    return tag, catalog(tag)
