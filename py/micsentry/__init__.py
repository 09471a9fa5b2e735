"""micsentry: tells a caller, before and during a web call, whether their microphone works and why not.

The package splits by where it can be imported:

- ``micsentry.core``: every decision, pure; runs unchanged on CPython, Pyodide and MicroPython;
- ``micsentry.browser``: the adapters, the only modules that touch ``js`` / ``pyscript``;
- ``micsentry.app``: the browser entry point that wires adapters to the core (``micsentry.demo`` adds
  the demo page's extras on top);
- ``micsentry.cli``: the command line, host only.

    >>> from micsentry.core import causes
    >>> causes.classify({"secure_context": True, "media_devices": True, "requested": True,
    ...                  "error": {"name": "NotFoundError", "message": "Requested device not found"}})
    'no-device'
"""

__version__ = "0.1.0"
