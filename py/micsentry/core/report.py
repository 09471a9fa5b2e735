"""The report: a versioned JSON document of one check and call, and reading one back. Pure.

Schema ``micsentry.report/1`` (docs/reference/report.md)::

    {"schema": "micsentry.report/1", "created": "<ISO 8601>", "micsentry": "<version>",
     "environment": {"runtime", "browser", "system", "app", "user_agent", "secure_context", "policy"},
     "precall": {"state", "cause", "permission", "error", "sdk"},
     "timeline": [{"t": <ms since the page started>, "kind": ..., ...}, ...],
     "diagnosis": {"problem", "step", "cause", "actor", "next_step", "section", "evidence"}}

    >>> r = build({"runtime": "micropython"}, {"state": "ok", "cause": "ok"}, [], "2026-01-01T00:00:00Z")
    >>> read(r)["diagnosis"]["cause"]
    'ok'
"""

import json

from micsentry import __version__
from micsentry.core import advice, times, troubleshoot
from micsentry.core.messages import text, translate
from micsentry.core.contract import TIMELINE_KINDS

SCHEMA = "micsentry.report/1"
ENVIRONMENT_KEYS = ("runtime", "browser", "system", "app", "language", "user_agent", "secure_context", "policy")
PRECALL_KEYS = ("state", "cause", "permission", "error", "sdk")


class ReportError(ValueError):
    """Input that is not a report or log; ``where`` names the line or field."""

    def __init__(self, message, where=""):
        super().__init__(message)
        self.where = where


def build(environment, precall, timeline, created):
    """A report dict from what the page knows; the diagnosis is worked out here."""
    return {
        "schema": SCHEMA,
        "created": created,
        "micsentry": __version__,
        "environment": _pick(environment, ENVIRONMENT_KEYS),
        "precall": _pick(precall, PRECALL_KEYS),
        "timeline": list(timeline),
        "diagnosis": troubleshoot.diagnose(timeline),
    }


def _pick(source, keys):
    source = source if isinstance(source, dict) else {}
    return {key: source.get(key) for key in keys}


def to_json(report):
    """The report as JSON text, indented.

    MicroPython's ``json.dumps`` has no ``indent`` and grows its output a few bytes at a time, which
    is quadratic in the size (a long call's 2 MB report: 17 s whole). There the text is written in
    pieces, one timeline event per line, and joined once (0.3 s).

    >>> json.loads(to_json({"schema": SCHEMA, "timeline": [{"t": 0, "kind": "truncated"}]}))["schema"]
    'micsentry.report/1'
    """
    try:
        return json.dumps(report, indent=2, sort_keys=True)
    except TypeError:
        pass
    fields = []
    for key in sorted(report):
        if key == "timeline" and isinstance(report[key], list) and report[key]:
            events = ",\n    ".join([json.dumps(event) for event in report[key]])
            fields.append('  "timeline": [\n    %s\n  ]' % events)
        else:
            fields.append("  %s: %s" % (json.dumps(key), json.dumps(report[key])))
    return "{\n" + ",\n".join(fields) + "\n}"


def filename(report):
    """The download's file name: ``micsentry-report-<created, to the second>.json``."""
    stamp = (report.get("created") or "now").replace(":", "-").split(".")[0]
    return "micsentry-report-%s.json" % stamp


def summary(report, catalog=None):
    """A few lines of plain text for a support ticket, in *catalog*'s language. The ids (cause, actor,
    step) stay as they are, so that support reads them in any language; the evidence quotes the log."""
    diagnosis = report["diagnosis"]
    env = report.get("environment") or {}
    pre = report.get("precall") or {}
    cause = diagnosis["cause"]
    if cause.startswith(advice.REMOTE_PREFIX) and diagnosis.get("name"):
        next_step = advice.next_step(cause, diagnosis["name"], catalog)
    else:
        next_step = translate(catalog, diagnosis["next_step"])
    lines = [
        text("summary-head", catalog, version=report.get("micsentry", "?"), created=report.get("created", "?")),
        text("summary-browser", catalog, system=env.get("system"),
             browser="%s (%s)" % (env.get("browser"), env["app"]) if env.get("app") else env.get("browser"),
             runtime=env.get("runtime")),
        text("summary-precall", catalog, state=pre.get("state"), cause=pre.get("cause"),
             permission=pre.get("permission")),
        text("summary-diagnosis", catalog, cause=cause, next=next_step),
        text("summary-actor", catalog, actor=diagnosis["actor"], step=diagnosis["step"]),
    ]
    for item in diagnosis.get("evidence") or []:
        lines.append("  - " + item)
    if diagnosis.get("section"):
        lines.append(text("summary-guide", catalog, url=diagnosis["section"]))
    return "\n".join(lines)


def read(data):
    """Check a report dict and return it with its diagnosis worked out again from the timeline."""
    if not isinstance(data, dict):
        raise ReportError("a report is a JSON object")
    if data.get("schema") != SCHEMA:
        raise ReportError("unknown schema %r (expected %r)" % (data.get("schema"), SCHEMA), "schema")
    timeline = data.get("timeline")
    if not isinstance(timeline, list):
        raise ReportError("the timeline must be a list", "timeline")
    for key in ("environment", "precall"):
        if data.get(key) is not None and not isinstance(data.get(key), dict):
            raise ReportError("the %s must be an object" % key, key)
    for index, event in enumerate(timeline):
        check_event(event, "timeline[%d]" % index)
    result = dict(data)
    result["diagnosis"] = troubleshoot.diagnose(timeline)
    return result


def check_event(event, where):
    if not isinstance(event, dict):
        raise ReportError("an event must be a JSON object", where)
    kind = event.get("kind")
    if kind not in TIMELINE_KINDS:
        raise ReportError("unknown event kind %r" % (kind,), where)
    t = event.get("t")
    if t is not None and (isinstance(t, bool) or not isinstance(t, (int, float))):
        raise ReportError("the time t must be a number of milliseconds (or, in a log, an ISO 8601 time)", where)
    if kind in ("ufd", "remote-ufd") and not isinstance(event.get("diagnostic"), str):
        raise ReportError("a %s event needs a diagnostic name" % kind, where)
    if kind == "remote-ufd" and not isinstance(event.get("participant"), str):
        raise ReportError("a remote-ufd event needs the participant's id", where)


MAX_LINE = 8 * 1024 * 1024  # characters in one line of a log (an event is about 100)
MAX_REPORT = 64 * 1024 * 1024  # characters of a report spread over many lines
_OPENS = object()  # a first line that only opens a JSON object: a report spread over lines


def read_text(text, name="<input>"):
    """A report or a log from one text (see :func:`read_lines`)."""
    if not isinstance(text, str):
        raise ReportError("the input is not text", name)
    return read_lines(enumerate(text.splitlines(), 1), name)


def read_lines(lines, name="<input>"):
    """A report (one JSON object) or a JSON-lines log of UFD events / timeline events, from *lines*:
    ``(number, text)`` pairs, as a file is read line by line.

    A log line may be a timeline event (with ``kind``), a bare UFD change (``{"diagnostic", "value",
    "valueType"}`` with an optional ``t`` or ``timestamp``: milliseconds or an ISO 8601 time) or a
    remote participant's (``{"participantId", "rawId", "remoteParticipant": {"displayName"},
    "diagnostic", ...}``, the SDK's ``RemoteDiagnostic``, as a listener's log holds them). A log is
    folded as it is read and not kept, so any length reads in bounded memory; the result is
    report-shaped, with ``events`` (how many) in place of the timeline. A report spread over many
    lines is gathered (up to ``MAX_REPORT`` characters) and read whole. Errors are :class:`ReportError`
    naming the file and line (``name:line``) or the field: invalid JSON, nesting too deep, a line longer
    than ``MAX_LINE``, a line that is not an event.
    """
    folded, count, gathered, size = troubleshoot.Facts(), 0, None, 0
    for number, line in lines:
        if gathered is not None:
            size += len(line) + 1
            if size > MAX_REPORT:
                raise ReportError("a report larger than %d MB" % (MAX_REPORT // 1048576), "%s:%d" % (name, number))
            gathered.append(line)
            continue
        if not line.strip():
            continue
        row = _parse(line, "%s:%d" % (name, number), count == 0)
        if row is _OPENS:
            gathered, size, first = [line], len(line), number
            continue
        if count == 0 and isinstance(row, dict) and "schema" in row:
            return _report(row, name)
        folded.add(_event_of(row, "%s:%d" % (name, number)))
        count += 1
    if gathered is not None:
        whole = _parse("\n".join(gathered), name, False, first)
        if not (isinstance(whole, dict) and "schema" not in whole):
            return _report(whole, name)
        folded.add(_event_of(whole, "%s:%d" % (name, first)))  # one event, pretty-printed
        count = 1
    if not count:
        raise ReportError("the file is empty", name)
    return {"schema": SCHEMA, "created": None, "micsentry": __version__, "environment": _pick({}, ENVIRONMENT_KEYS),
            "precall": _pick({}, PRECALL_KEYS), "events": count, "diagnosis": troubleshoot.conclude(folded.found)}


def _parse(text, where, may_open, first_line=None):
    if len(text) > MAX_LINE and first_line is None:
        raise ReportError("a line longer than %d MB" % (MAX_LINE // 1048576), where)
    try:
        return json.loads(text)
    except ValueError as exc:
        if may_open and text.strip() == "{":
            return _OPENS
        if first_line is not None:
            # A report broken further down: name the line where the parser stopped.
            line = getattr(exc, "lineno", None)
            where = "%s:%d" % (where, first_line + line - 1) if line else "%s:%d" % (where, first_line)
        raise ReportError("not valid JSON (%s)" % exc, where)
    except RuntimeError:  # RecursionError on CPython, the same on MicroPython: nested too deep
        raise ReportError("JSON nested too deep to read", where if first_line is None else "%s:%d" % (where, first_line))


def _report(data, name):
    try:
        found = read(data)
    except ReportError as exc:
        raise ReportError(str(exc), name + (": " + exc.where if exc.where else ""))
    found["events"] = len(found["timeline"])
    return found


def _event_of(row, where):
    """One log line as a timeline event (checked), its time in milliseconds."""
    if not isinstance(row, dict):
        raise ReportError("each line must be a JSON object", where)
    event = dict(row)
    if "kind" not in event and "participantId" in event:
        event = _remote_line(event)
    if "kind" not in event and "diagnostic" in event:
        event["kind"] = "ufd"
    if "t" not in event and "timestamp" in event:
        event["t"] = event.pop("timestamp")
    if isinstance(event.get("t"), str):
        t = times.milliseconds(event["t"])
        if t is None:
            raise ReportError("the time %r is neither milliseconds nor an ISO 8601 time" % event["t"], where)
        event["t"] = t
    check_event(event, where)
    return event


def _remote_line(row):
    """A remote participant's diagnostic as the SDK gives it (``RemoteDiagnostic``) -> a timeline event."""
    participant = row.pop("participantId")
    row.pop("rawId", None)
    who = row.pop("remoteParticipant", None)
    name = who.get("displayName") if isinstance(who, dict) else row.pop("name", None)
    row.update(kind="remote-ufd", participant=participant, name=name if isinstance(name, str) else None)
    return row
