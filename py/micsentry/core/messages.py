"""Every user-facing sentence outside the advice table, by id. Pure.

Code names a message by its id and fills named placeholders; the texts live here only, so that a
translation replaces this table and nothing else.

    >>> text("level-max", dbfs=-23)
    '-23 dBFS at most'
"""

TEXTS = {
    "loading-python": "Starting the microphone check… loading Python.",
    "loading-pyodide": "Starting the microphone check… loading Python (about 14 MB, once).",
    "loading-ready": "Starting the microphone check… Python is ready.",
    "loader-failed": "The microphone check could not start",
    "loader-runtime-failed": "The Python runtime ({runtime}) did not load: {reason}.",
    "loader-blocked-page": "If it keeps failing, a browser extension or a network filter may block files from this "
    "site: try a private window or another browser.",
    "loader-blocked-widget": "If it keeps failing, a browser extension or a network filter may block files from the "
    "micsentry host.",
    "loader-server-status": "The site's server answered {status} for {url}",
    "loader-server-type": "The site's server sent {url} as \"{type}\"; browsers only run it as \"{wanted}\"",
    "loader-server-fix": "This is a problem of the site, not of your browser: its administrator must fix the web "
    "server's configuration (micsentry's README, section \"Production\", lists the types and headers it needs).",
    "loader-cannot-run": "The microphone check cannot run on this page",
    "loader-other-pyscript": "This page already runs PyScript, and two PyScript setups on one page clash.",
    "loader-use-iframe": 'Developer: embed micsentry as an iframe instead: <iframe src="…/embed.html" '
    'allow="microphone">.',
    "loader-load-once": "Or load PyScript and micsentry's Python yourself, once.",
    "status-starting": "Starting the microphone check…",
    "status-checking": "Checking your microphone…",
    "status-idle": "Ready for the call.",
    "status-stopped": "The microphone check stopped.",
    "waiting-sdk": "Starting the calling SDK…",
    "waiting-device-manager": "Waiting for the calling SDK's device manager (this can take several seconds)…",
    "sdk-failed": "ACS SDK failed: {name}: {message}",
    "sdk-not-called": "ACS SDK: askDevicePermission not called",
    "sdk-answered": "ACS SDK: askDevicePermission gave audio: {audio}",
    "browser-said": "Your browser said: {error}",
    "recheck": "Check again",
    "level-suspended": "Choose Test the level again to see the level",
    "level-now": "{dbfs} dBFS",
    "level-max": "{dbfs} dBFS at most",
    "device-unnamed": "Microphone {number}",
    "tool-report": "Report downloaded.",
    "tool-copy": "Summary copied: paste it into your support request.",
    "tool-copy-refused": "Your browser did not allow copying: download the report instead.",
    "tool-failed": "That did not work ({name}). Reload the page and try again.",
    "failure-title": "The microphone check could not finish",
    "failure-summary": "Something went wrong inside micsentry: {what}.",
    "failure-reload": "Reload the page.",
    "failure-support": "If it happens again, try another browser, and tell the site's support what the message says.",
    "remote-more": "…and {count} more participants cannot be heard.",
    "test-call-start": "Start a test call",
    "test-call-end": "End test call",
    "test-call-running": "Test call running: micsentry watches your microphone as a call app would.",
    "test-call-ended": "Test call ended.",
    "test-call-failed": "The test call could not start: {name}: {message}",
    "join-no-token": "Paste an ACS user access token.",
    "join-bad-token": "That does not look like an ACS access token (three parts separated by dots).",
    "join-no-group": "Paste the group id of the call.",
    "join-bad-group": "A group id is a GUID, like 29228d3e-040e-4656-a70e-890ab4e173e5.",
    "join-joining": "Joining the call…",
    "join-failed": "Could not join the call: {name}: {message}",
    "join-joined": "In the call. The banners above follow its diagnostics.",
    "join-left": "You left the call.",
}


def text(message_id, **fields):
    """The text of *message_id* with its ``{name}`` placeholders filled (plain replace: the texts
    hold quotes and braces of their own)."""
    result = TEXTS[message_id]
    for name in fields:
        result = result.replace("{" + name + "}", str(fields[name]))
    return result
