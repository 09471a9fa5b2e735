"""Every user-facing sentence outside the advice table, by id, and the lookup of translations. Pure.

Code names a message by its id and fills named placeholders. The English text is the message's
gettext ``msgid`` (marked with ``N_`` for Babel's extractor); a *catalog* maps msgids to one
language's texts (``i18n/<locale>/LC_MESSAGES/micsentry.po``, compiled by the build into
``static/i18n/<locale>.json``). Without a catalog, or for a message it lacks, the text is English.

    >>> text("level-max", dbfs=-23)
    '-23 dBFS at most'
    >>> text("level-max", {"{dbfs} dBFS at most": "höchstens {dbfs} dBFS"}, dbfs=-23)
    'höchstens -23 dBFS'
"""


def N_(message):
    """Mark *message* for extraction into the catalog; it is its own id (English)."""
    return message


TEXTS = {
    "loading-python": N_("Starting the microphone check… loading Python."),
    "loading-pyodide": N_("Starting the microphone check… loading Python (about 14 MB, once)."),
    "loading-ready": N_("Starting the microphone check… Python is ready."),
    "loader-failed": N_("The microphone check could not start"),
    "loader-runtime-failed": N_("The Python runtime ({runtime}) did not load: {reason}."),
    "loader-blocked-page": N_("If it keeps failing, a browser extension or a network filter may block files from this "
       "site: try a private window or another browser."),
    "loader-blocked-widget": N_("If it keeps failing, a browser extension or a network filter may block files from the "
       "micsentry host."),
    "loader-reason-status": N_("{url} answered {status}"),
    "loader-reason-download": N_("{url} could not be downloaded ({error})"),
    "loader-reason-load": N_("{url} failed to load"),
    "loader-reason-stall": N_("nothing happened for {seconds} seconds"),
    "loader-server-status": N_("The site's server answered {status} for {url}"),
    "loader-server-type": N_("The site's server sent {url} as \"{type}\"; browsers only run it as \"{wanted}\""),
    "loader-server-fix": N_("This is a problem of the site, not of your browser: its administrator must fix the web "
       "server's configuration (micsentry's README, section \"Production\", lists the types and headers it needs)."),
    "loader-cannot-run": N_("The microphone check cannot run on this page"),
    "loader-other-pyscript": N_("This page already runs PyScript, and two PyScript setups on one page clash."),
    "loader-use-iframe": N_('Developer: embed micsentry as an iframe instead: <iframe src="…/embed.html" '
       'allow="microphone">.'),
    "loader-load-once": N_("Or load PyScript and micsentry's Python yourself, once."),
    "status-starting": N_("Starting the microphone check…"),
    "status-checking": N_("Checking your microphone…"),
    "status-idle": N_("Ready for the call."),
    "status-stopped": N_("The microphone check stopped."),
    "waiting-sdk": N_("Starting the calling SDK…"),
    "waiting-device-manager": N_("Waiting for the calling SDK's device manager (this can take several seconds)…"),
    "sdk-failed": N_("ACS SDK failed: {name}: {message}"),
    "sdk-not-called": N_("ACS SDK: askDevicePermission not called"),
    "sdk-answered": N_("ACS SDK: askDevicePermission gave audio: {audio}"),
    "browser-said": N_("Your browser said: {error}"),
    "status-title": N_("{title}."),
    "permission-granted": N_("allowed"),
    "permission-denied": N_("blocked"),
    "permission-prompt": N_("not decided yet"),
    "permission-unknown": N_("unknown"),
    "recheck": N_("Check again"),
    "level-suspended": N_("Choose Test the level again to see the level"),
    "level-now": N_("{dbfs} dBFS"),
    "level-max": N_("{dbfs} dBFS at most"),
    "level-none": N_("No live microphone: the level shows again once the check passes"),
    "device-unnamed": N_("Microphone {number}"),
    "tool-report": N_("Report downloaded."),
    "tool-copy": N_("Summary copied: paste it into your support request."),
    "tool-copy-refused": N_("Your browser did not allow copying: download the report instead."),
    "copy-link": N_("Copy link"),
    "tool-link-copied": N_("Link copied: open your browser and paste it into the address bar."),
    "tool-link-refused": N_("This app did not allow copying. Copy the link yourself: {url}"),
    "tool-failed": N_("That did not work ({name}). Reload the page and try again."),
    "failure-title": N_("The microphone check could not finish"),
    "failure-summary": N_("Something went wrong inside micsentry: {what}."),
    "failure-reload": N_("Reload the page."),
    "failure-support": N_("If it happens again, try another browser, and tell the site's support what the message says."),
    "remote-more": N_("Others who cannot be heard: {count}."),
    "test-call-start": N_("Start a test call"),
    "test-call-end": N_("End test call"),
    "test-call-running": N_("Test call running: micsentry watches your microphone as a call app would."),
    "test-call-ended": N_("Test call ended."),
    "test-call-failed": N_("The test call could not start: {name}: {message}"),
    "join-no-token": N_("Paste an ACS user access token."),
    "join-bad-token": N_("That does not look like an ACS access token (three parts separated by dots)."),
    "join-no-group": N_("Paste the group id of the call."),
    "join-bad-group": N_("A group id is a GUID, like 29228d3e-040e-4656-a70e-890ab4e173e5."),
    "join-joining": N_("Joining the call…"),
    "join-failed": N_("Could not join the call: {name}: {message}"),
    "join-joined": N_("In the call. The banners above follow its diagnostics."),
    "join-left": N_("You left the call."),
    # The report summary a user pastes into a support ticket (micsentry.core.report.summary).
    "summary-head": N_("micsentry {version} report, {created}"),
    "summary-browser": N_("Browser: {browser} on {system} ({runtime})"),
    "summary-precall": N_("Pre-call check: {state} ({cause}), permission {permission}"),
    "summary-diagnosis": N_("Diagnosis: {cause} - {next}"),
    "summary-actor": N_("Who acts: {actor}; flow step: {step}"),
    "summary-guide": N_("Guide: {url}"),
}


def translate(catalog, message):
    """*message* (an English msgid) in *catalog*'s language; English when the catalog lacks it."""
    if catalog:
        found = catalog.get(message)
        if found:
            return found
    return message


def fill(template, fields):
    """*template* with its ``{name}`` placeholders filled (plain replace: the texts hold quotes and
    braces of their own, and a translation may use a placeholder twice or not at all)."""
    for name in fields:
        template = template.replace("{" + name + "}", str(fields[name]))
    return template


def text(message_id, catalog=None, **fields):
    """The text of *message_id* in *catalog*'s language with its placeholders filled (an unknown id
    is its own text, as in the JS loader)."""
    return fill(translate(catalog, TEXTS.get(message_id, str(message_id))), fields)
