"""micsentry: tells a caller, before and during a web call, whether their microphone works and why not.

The package splits by where it can be imported:

- the pure core (``causes``, ``platforms``, ``guidance``, ``view``) imports nothing from the browser
  and runs unchanged on CPython, Pyodide and MicroPython;
- ``micsentry.browser`` is the only package that touches ``js`` / ``pyscript``;
- ``micsentry.app`` is the browser entry point that wires the two together.

    >>> from micsentry import causes
    >>> causes.classify({"secure_context": True, "media_devices": True, "requested": True,
    ...                  "error": {"name": "NotFoundError", "message": "Requested device not found"}})
    'no-device'
"""

__version__ = "0.1.0"
