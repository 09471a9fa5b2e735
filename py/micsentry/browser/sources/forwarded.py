"""Diagnostics an embedding page forwards to embed.html over postMessage, as a diagnostic source.

The frame's bridge receives every message; the core decides which ones are diagnostics to act on,
and the shell pushes those here.
"""


class ForwardedDiagnostics:
    kind = "forwarded"

    def __init__(self):
        self._on_change = None

    @classmethod
    def open(cls, on_problem=None):
        return cls()

    def snapshot(self):
        return []  # the page forwards changes as they come; nothing is known before

    def start(self, on_change):
        self._on_change = on_change

    def push(self, change):
        if self._on_change is not None:
            self._on_change(change)

    def close(self):
        self._on_change = None
