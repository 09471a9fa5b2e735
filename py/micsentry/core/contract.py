"""The public contract, named once: the JS API, the event, phases, states, actors and event kinds.

Python reads these names here; ``micsentry_site`` writes them into ``static/contract.js`` at build
time for the JS loaders, so the two sides cannot drift. Changing a value here changes the public
contract (docs/reference/): do it on purpose.

    >>> API
    ('attach', 'watch', 'watchRemote', 'detach', 'recheck')
    >>> EVENT
    'micsentry:change'
"""

# Methods on window.micsentry, on the page's root element and on <mic-sentry>.
API = ("attach", "watch", "watchRemote", "detach", "recheck")

# The CustomEvent dispatched on the root for every change of what micsentry shows.
EVENT = "micsentry:change"
# Its phases: the pre-call check, this speaker in the call, and the remote participants (the listener's side).
REMOTE = "remote"

# The postMessage protocol between embed.html and the embedding page.
PROTOCOL_VERSION = 1

# What a widget does: the pre-call check, the call's banners, or both (the default).
PRECALL, INCALL, BOTH = "precall", "incall", "both"
PHASES = (PRECALL, INCALL, BOTH)

# data-state of the root, and the pre-call part of <mic-sentry>.state.
STARTING, CHECKING, IDLE, OK, WARNING, ERROR = "starting", "checking", "idle", "ok", "warning", "error"
PRECALL_STATES = (STARTING, CHECKING, IDLE, OK, WARNING, ERROR)
# data-incall of the root.
INCALL_STATES = (IDLE, OK, WARNING)

# Who must act on a finding: the troubleshooter's and the advice's one table of actors.
NOBODY, USER, DEVELOPER, ADMINISTRATOR = "nobody", "user", "developer", "administrator"
ACTORS = (NOBODY, USER, DEVELOPER, ADMINISTRATOR)

# The runtimes a page or widget can run on, and the one every page, widget and frame starts on unless
# told: MicroPython gives the same verdict from the same Python in a fraction of Pyodide's start
# (0.7 MB against 14 MB), and the verdict is what a caller waits for.
RUNTIMES = ("micropython", "pyodide")
DEFAULT_RUNTIME = "micropython"

# Kinds of timeline events in a report (schema micsentry.report/1), each recorded by the session.
TIMELINE_KINDS = ("permission", "get-user-media", "ask-device-permission", "precall", "ufd", "remote-ufd", "silence",
                  "truncated")
TIMELINE_LIMIT = 20000  # events kept; past it one "truncated" event closes the timeline


def for_js():
    """The names the JS loaders need, as one JSON-able dict."""
    return {
        "api": list(API),
        "event": EVENT,
        "protocolVersion": PROTOCOL_VERSION,
        "phases": list(PHASES),
        "defaultPhase": BOTH,
        "states": list(PRECALL_STATES),
        "incallStates": list(INCALL_STATES),
        "runtimes": list(RUNTIMES),
        "defaultRuntime": DEFAULT_RUNTIME,
    }
