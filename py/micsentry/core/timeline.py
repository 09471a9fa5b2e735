"""The timeline of one page view: what the report and the troubleshooter read. Pure.

Events are plain dicts ``{"t": ms, "kind": ..., ...}`` of the kinds in ``contract.TIMELINE_KINDS``.
Past ``contract.TIMELINE_LIMIT`` events one ``truncated`` event closes it, so a call of hours keeps
its beginning and says that the rest is missing.

    >>> timeline = Timeline(limit=2)
    >>> for t in (1, 2, 3, 4):
    ...     timeline.record("permission", t, state="granted")
    >>> [event["kind"] for event in timeline.events]
    ['permission', 'permission', 'truncated']
"""

from micsentry.core.contract import TIMELINE_KINDS, TIMELINE_LIMIT


class Timeline:
    def __init__(self, limit=TIMELINE_LIMIT):
        self.limit = limit
        self.events = []

    def record(self, kind, t, **fields):
        """Add one event; raises ValueError for a kind the report schema does not know."""
        if kind not in TIMELINE_KINDS:
            raise ValueError("unknown timeline kind %r" % (kind,))
        if len(self.events) >= self.limit:
            if self.events[-1]["kind"] != "truncated":
                self.events.append({"t": t, "kind": "truncated"})
            return
        event = {"t": t, "kind": kind}
        for name in fields:
            event[name] = fields[name]
        self.events.append(event)
