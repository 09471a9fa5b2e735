"""What to tell whom, per cause: the steps for the user's own browser and system, who must act, and
the next step in a support ticket. Data, not code: the one table of causes and actors.

    >>> found = advise("browser-denied", "firefox", "windows")
    >>> found["title"], found["actor"]
    ('Firefox is blocking the microphone for this site', 'user')
    >>> len(found["steps"]) > 1
    True
"""

from micsentry.core import causes
from micsentry.core.contract import DEVELOPER, NOBODY, USER
from micsentry.core.messages import N_, translate
from micsentry.core.platforms import APP_NAMES, BROWSER_NAMES, SYSTEM_NAMES

_CHROME = N_("Click the site controls icon at the left of the address bar, then set Microphone to Allow.")
_CHROME_ANDROID = N_("Tap the icon at the left of the address bar, then Permissions, and turn Microphone on.")

# How to allow the microphone for this site: (browser, system) first, then (None, system) for what a system
# decides for every browser on it, then (browser, None).
_SITE_PERMISSION = {
    ("chrome", None): _CHROME,
    ("chrome", "android"): _CHROME_ANDROID,
    ("chrome", "chromeos"): N_("Click the site controls icon at the left of the address bar and set Microphone to "
    "Allow. Also check that Microphone access is on in ChromeOS Settings > Security and privacy > Privacy controls."),
    ("chromium", None): _CHROME,
    ("chromium", "android"): _CHROME_ANDROID,
    ("edge", None): N_("Select the View site information icon (the lock) in the address bar, then set Microphone to Allow."),
    ("edge", "android"): N_("Tap the lock icon in the address bar, then Permissions, and allow Microphone."),
    ("firefox", None): N_("Click the crossed-out microphone or the permissions icon in the address bar and clear "
    "the Blocked setting next to Use the microphone."),
    ("firefox", "android"): N_("Tap the lock icon in the address bar, then Edit site permissions, and allow Microphone."),
    ("safari", None): N_("Choose Safari > Settings for This Website (or Settings > Websites > Microphone) and set "
    "this website to Allow."),
    ("safari", "ios"): N_("Tap the page menu (aA) in the address bar, choose Website Settings, and set Microphone to Allow."),
    ("samsung", None): N_("Tap the lock icon in the address bar, then Permissions, and allow Microphone. Or open the "
    "menu (≡) > Settings > Sites and downloads > Site permissions > Microphone."),
    ("opera", None): N_("Click the site icon (the lock) at the left of the address bar, then set Microphone to Allow."),
    ("opera", "android"): N_("Tap the lock icon in the address bar, then Site settings, and allow Microphone."),
    ("brave", None): N_("Click the site information icon at the left of the address bar (not the Brave Shields lion "
    "at the right), then set Microphone to Allow."),
    ("brave", "android"): _CHROME_ANDROID,
    ("vivaldi", None): N_("Click the site information badge at the left of the address field, then set Microphone "
    "to Allow."),
    ("arc", None): N_("Click the site's address at the top of the sidebar, open its site controls (the slider icon), "
    "and set Microphone to Allow."),
    # iOS keeps every browser's microphone switch in its Settings app (Safari's own row comes first).
    (None, "ios"): N_("Open the iOS Settings app, choose {browser}, and turn Microphone on."),
    ("other", None): N_("Open your browser's site settings for this page and allow the microphone."),
}

# How to let the browser itself use the microphone in the operating system.
_SYSTEM_PRIVACY = {
    "windows": N_("Open Windows Settings > Privacy & security > Microphone. Turn on Microphone access, Let apps "
    "access your microphone, and Let desktop apps access your microphone."),
    "macos": N_("Open System Settings > Privacy & Security > Microphone and turn on {browser}. Quit and reopen "
    "{browser} when macOS asks."),
    "linux": N_("Open your sound settings and check that an input device is selected and not muted. If {browser} "
    "came as a Snap or Flatpak, allow it to record audio (for a Snap: snap connect chromium:audio-record)."),
    "ios": N_("Open the iOS Settings app > Privacy & Security > Microphone and turn on {browser}."),
    "android": N_("Open Android Settings > Apps > {browser} > Permissions > Microphone and choose Allow."),
    "chromeos": N_("Open ChromeOS Settings > Security and privacy > Privacy controls and turn on Microphone access."),
    "other": N_("Open your system's privacy settings and allow {browser} to use the microphone."),
}

# Where to check which microphone the system uses.
_SYSTEM_INPUT = {
    "windows": N_("Open Windows Settings > System > Sound and check that a microphone is listed under Input."),
    "macos": N_("Open System Settings > Sound > Input and check that a microphone is listed."),
    "linux": N_("Open your sound settings and check that a microphone is listed under Input."),
    "ios": N_("Check that no other app holds the microphone and that a connected headset is switched on."),
    "android": N_("Check that no other app holds the microphone and that a connected headset is switched on."),
    "chromeos": N_("Open ChromeOS Settings > Device > Audio and check that a microphone is selected under Input."),
    "other": N_("Check your system's sound settings for an input device."),
}

_RECHECK = N_("Then choose Check again.")

# Per cause: who acts, title, summary, steps, and the next step for a support ticket ("next").
# {site}, {privacy}, {input} expand to the texts above; {browser} and {system} to the user's own.
_CAUSES = {
    causes.OK: {
        "next": N_('No microphone problem found.'),
        "actor": NOBODY,
        "title": N_("Your microphone is ready"),
        "summary": N_("{browser} can use your microphone. You can join the call."),
        "steps": (),
    },
    causes.BROWSER_DENIED: {
        "next": N_("Allow the microphone for this site in the browser's site settings."),
        "actor": USER,
        "title": N_("{browser} is blocking the microphone for this site"),
        "summary": N_("The others in the call will not hear you until you allow the microphone."),
        "steps": ("{site}", _RECHECK),
    },
    causes.PROMPT_DISMISSED: {
        "next": N_('Ask again and choose Allow when the browser asks.'),
        "actor": USER,
        "title": N_("The microphone was not allowed"),
        "summary": N_("{browser} asked for the microphone and it was not allowed, or the question was closed."),
        "steps": (
            N_("Choose Check again and, when {browser} asks, choose Allow."),
            N_("If {browser} does not ask: {site}"),
        ),
    },
    causes.OS_BLOCKED: {
        "next": N_("Allow the browser in the system's microphone privacy settings."),
        "actor": USER,
        "title": N_("{system} is blocking {browser} from using the microphone"),
        "summary": N_("This site is allowed, but {system}'s privacy settings keep the microphone from {browser}."),
        "steps": ("{privacy}", _RECHECK),
    },
    causes.NO_DEVICE: {
        "next": N_('Connect a microphone; the app should then call askDevicePermission again to list it.'),
        "actor": USER,
        "title": N_("No microphone was found"),
        "summary": N_("{browser} cannot find a microphone on this device."),
        "steps": (
            N_("Plug in a microphone or headset, or switch on and connect your Bluetooth headset."),
            "{input}",
            _RECHECK,
        ),
    },
    causes.DEVICE_IN_USE: {
        "next": N_('Close the program that holds the microphone.'),
        "actor": USER,
        "title": N_("Another program is using your microphone"),
        "summary": N_("The microphone is there, but {browser} cannot start it, most often because another "
        "program holds it."),
        "steps": (
            N_("Close other calling or recording programs, and other browser tabs that are in a call."),
            N_("Unplug the microphone or headset and plug it back in."),
            _RECHECK,
        ),
    },
    causes.INSECURE_CONTEXT: {
        "next": N_('Serve the app over HTTPS.'),
        "actor": DEVELOPER,
        "title": N_("This page is not opened securely"),
        "summary": N_("Browsers give the microphone only to pages opened over https:// (or on this computer)."),
        "steps": (
            N_("Open the page with an address that starts with https://."),
            N_("If you run this site: serve it over HTTPS."),
        ),
    },
    causes.POLICY_BLOCKED: {
        "next": N_('Add allow="microphone" to the iframe that embeds the app.'),
        "actor": DEVELOPER,
        "title": N_("This page is embedded without permission to use the microphone"),
        "summary": N_("The site around this check does not let it use the microphone."),
        "steps": (
            N_('The site\'s developer must add allow="microphone" to the iframe that shows this page.'),
            N_("Until then, open the check in a tab of its own."),
        ),
    },
    causes.UNSUPPORTED: {
        "next": N_('Use a current Chrome, Edge, Firefox or Safari.'),
        "actor": USER,
        "title": N_("{browser} cannot use a microphone on web pages"),
        "summary": N_("This browser does not offer web pages the microphone."),
        "steps": (N_("Open this page in a current version of Chrome, Edge, Firefox or Safari."),),
    },
    causes.NO_ANSWER: {
        "next": N_("The browser gave no answer when asked for the microphone: reconnect the microphone and restart "
                   "the browser; if it stays, restart the computer (a stuck audio driver)."),
        "actor": USER,
        "title": N_("{browser} did not answer"),
        "summary": N_("{browser} was asked for the microphone and gave no answer for several seconds: the "
                      "microphone or its driver may be stuck."),
        "steps": (
            N_("Unplug the microphone or headset and plug it back in."),
            N_("Restart {browser}."),
            N_("If it keeps happening, restart the computer: a stuck audio driver often needs it."),
            _RECHECK,
        ),
    },
    causes.IN_APP_BROWSER: {
        "next": N_("Open the link in the device's own browser (Safari, Chrome): the app's built-in browser cannot "
                   "give the page the microphone."),
        "actor": USER,
        "title": N_("This page is open inside {app}, which cannot give it the microphone"),
        "summary": N_("Apps often open links in a browser of their own that cannot use the microphone. Open this "
                      "page in {open_in} to check your microphone and to join the call."),
        "steps": (
            N_("In {app}, open the menu (⋯ or ⋮) at the top or bottom of the page and choose Open in browser, or "
               "Open in {open_in}."),
            N_("Or choose Copy link, open {open_in}, and paste the link into its address bar."),
            N_("When {open_in} asks for the microphone, choose Allow."),
        ),
    },
    causes.UNKNOWN_ERROR: {
        "next": N_('Reconnect the microphone and restart the browser; report the error if it stays.'),
        "actor": USER,
        "title": N_("The microphone could not be started"),
        "summary": N_("{browser} reported an error that micsentry does not recognise."),
        "steps": (
            N_("Unplug the microphone or headset and plug it back in."),
            N_("Restart {browser}."),
            _RECHECK,
        ),
    },
    # In the call, from User Facing Diagnostics (micsentry.core.ufd) or the browser's own signals.
    causes.APP_DID_NOT_ASK: {
        "next": N_("Call DeviceManager.askDevicePermission({audio: true, video: false}) right after CallClient is "
        "initialised, and warn the user before the call when it returns {audio: false}."),
        "actor": DEVELOPER,
        "title": N_("The calling app did not ask for the microphone"),
        "summary": N_("The call reported a denied microphone, and the app never asked for it before the call."),
        "steps": ("{site}", N_("Tell the app's support: it should ask for the microphone before the call starts.")),
    },
    causes.MIC_PERMISSION_DENIED: {
        "next": N_('The user must allow the microphone for the site in the browser, then unmute in the call.'),
        "actor": USER,
        "title": N_("The call lost permission to use your microphone"),
        "summary": N_("The others in the call cannot hear you: the microphone was blocked or its permission "
        "taken back."),
        "steps": (
            "{site}",
            N_("If the site is allowed already, {system} may be blocking {browser}: {privacy}"),
            N_("Then turn your microphone on again in the call."),
        ),
    },
    causes.NETWORK_RECONNECT: {
        "next": N_("The audio was lost to the network: check the connection; if it happens on every call, the network's administrator must let the call's media through (UDP 3478-3481, TURN relays)."),
        "actor": USER,
        "title": N_("Your connection to the call dropped"),
        "summary": N_("Your audio is not reaching the call while the network reconnects."),
        "steps": (
            N_("Check your Wi-Fi or network cable."),
            N_("Move closer to the Wi-Fi router, or switch to a wired connection."),
            N_("If the call does not come back, leave it and join again."),
        ),
    },
    causes.MIC_NOT_FUNCTIONING: {
        "next": N_("The microphone stopped sending audio: close programs that may hold it, reconnect it, check the system's input."),
        "actor": USER,
        "title": N_("Your microphone stopped working"),
        "summary": N_("The call cannot get sound from your microphone. Another program may have taken it, or it "
        "was switched off in {system}."),
        "steps": (
            N_("Close other calling or recording programs."),
            N_("Unplug the microphone or headset and plug it back in."),
            "{input}",
        ),
    },
    causes.MIC_MUTED_UNEXPECTEDLY: {
        "next": N_("The microphone was muted outside the app: check the headset's mute switch and the system's input, then unmute."),
        "actor": USER,
        "title": N_("Your microphone was muted unexpectedly"),
        "summary": N_("The microphone stopped sending sound, though you did not mute it in the call."),
        "steps": (
            N_("Check the mute switch or button on your headset or microphone."),
            "{input}",
            N_("Turn your microphone on again in the call."),
        ),
    },
    causes.MIC_SILENT: {
        "next": N_('The microphone is on but sends silence: check the mute switch, the selected input and its volume.'),
        "actor": USER,
        "title": N_("Your microphone picks up no sound"),
        "summary": N_("You are not muted, but your microphone sends only silence."),
        "steps": (
            N_("Check the mute switch on your headset, and that it is the microphone you mean to use."),
            "{input}",
            N_("Raise the input volume, and speak close to the microphone."),
        ),
    },
    causes.SPEAKING_WHILE_MUTED: {
        "next": N_('The user speaks while muted in the call: they need to unmute.'),
        "actor": USER,
        "title": N_("You are muted"),
        "summary": N_("You seem to be speaking, but your microphone is muted in the call."),
        "steps": (N_("Unmute yourself in the call to be heard."),),
    },
}

# The listener's side (micsentry.core.remote): a remote participant cannot be heard. Said to the
# listener about them, and what *they* should do: (title, summary). {name} is the participant's.
_REMOTE = {
    causes.MIC_PERMISSION_DENIED: (
        N_("{name} cannot be heard: the microphone is blocked on their side"),
        N_("They must allow the microphone for the call's site in their browser (and, if it is allowed there, in "
        "their system's privacy settings), then unmute. If it keeps happening, the app on their side must ask for "
        "the microphone before the call (DeviceManager.askDevicePermission).")),
    causes.NO_DEVICE: (
        N_("{name} cannot be heard: their device finds no microphone"),
        N_("They must plug in or turn on a microphone, then choose it in the call.")),
    causes.MIC_NOT_FUNCTIONING: (
        N_("{name} cannot be heard: their microphone stopped working"),
        N_("They should close other programs that use the microphone, or unplug it and plug it back in.")),
    causes.MIC_MUTED_UNEXPECTEDLY: (
        N_("{name} cannot be heard: their microphone was muted outside the call"),
        N_("They should check the mute switch on their headset and their system's input, then unmute.")),
    causes.NETWORK_RECONNECT: (
        N_("{name} cannot be heard: their connection to the call dropped"),
        N_("Their audio comes back when their network reconnects; if it does not, they should leave and rejoin.")),
    causes.REMOTE_NOT_RECEIVING: (
        N_("No audio is arriving from {name}"),
        N_("The cause is on their side or on the way and cannot be seen from here: they may be muted, or have lost "
        "their microphone or their connection. Ask them to check.")),
}
_TITLED = N_("{title}.")  # a title as a sentence, before the summary
_OTHER_PARTICIPANT = N_("the other participant")
_OWN_NAMES = tuple(name for name in tuple(BROWSER_NAMES) + tuple(SYSTEM_NAMES) if name != "other")
_THIS_APP = N_("this app")
# Where to open a link an app's own browser cannot serve: the system's own browser.
_OPEN_IN = {"ios": "Safari", "android": "Chrome"}
REMOTE_PREFIX = "remote-"  # the troubleshooter's cause for a remote participant's problem: remote-<cause>


def advise_remote(cause, name, catalog=None):
    """``{"cause", "actor", "title", "summary", "next_step"}`` for a remote participant (*name*) who
    cannot be heard because of *cause*; addressed to the listener, about them, in *catalog*'s language."""
    title, summary = _REMOTE.get(cause, _REMOTE[causes.REMOTE_NOT_RECEIVING])
    title = translate(catalog, title).replace("{name}", name)
    summary = translate(catalog, summary)
    return {"cause": cause, "actor": USER, "title": title, "summary": summary,
            "next_step": translate(catalog, _TITLED).replace("{title}", title) + " " + summary}


def _site_permission(browser, system):
    for key in ((browser, system), (None, system), (browser, None)):
        if key in _SITE_PERMISSION:
            return _SITE_PERMISSION[key]
    return _SITE_PERMISSION[("other", None)]


def _fill(text, browser, system, catalog, app=None):
    text = translate(catalog, text)
    if "{app}" in text or "{open_in}" in text:
        text = text.replace("{app}", APP_NAMES.get(app) or translate(catalog, _THIS_APP))
        text = text.replace("{open_in}", _OPEN_IN.get(system) or translate(catalog, BROWSER_NAMES["other"]))
    # A step may be one of the shared texts alone ("{site}"), or quote it after words of its own.
    text = text.replace("{site}", translate(catalog, _site_permission(browser, system)))
    text = text.replace("{privacy}", translate(catalog, _SYSTEM_PRIVACY.get(system, _SYSTEM_PRIVACY["other"])))
    text = text.replace("{input}", translate(catalog, _SYSTEM_INPUT.get(system, _SYSTEM_INPUT["other"])))
    generic = text.startswith("{browser}") and browser not in _OWN_NAMES or \
        text.startswith("{system}") and system not in _OWN_NAMES
    # Plain replace rather than str.format: the texts contain quotes and braces are ours alone.
    text = text.replace("{browser}", translate(catalog, BROWSER_NAMES.get(browser, BROWSER_NAMES["other"])))
    text = text.replace("{system}", translate(catalog, SYSTEM_NAMES.get(system, SYSTEM_NAMES["other"])))
    # "your browser ..." can start a sentence, and then takes a capital; "macOS ..." never does.
    if generic and text:
        text = text[0].upper() + text[1:]
    return text


def advise(cause, browser="other", system="other", catalog=None, app=None):
    """``{"cause", "actor", "title", "summary", "steps", "next_step"}`` for a cause on a browser and system,
    in *catalog*'s language (English without one); *app* names the app whose own browser shows the page.

    An unknown cause gets the advice for ``unknown-error``, an unknown browser or system the words for
    any other; steps are a list in order.
    """
    browser = browser if isinstance(browser, str) and browser in BROWSER_NAMES else "other"
    system = system if isinstance(system, str) and system in SYSTEM_NAMES else "other"
    entry = _CAUSES.get(cause) if isinstance(cause, str) else None
    if entry is None:
        cause, entry = causes.UNKNOWN_ERROR, _CAUSES[causes.UNKNOWN_ERROR]
    return {
        "cause": cause,
        "actor": entry["actor"],
        "title": _fill(entry["title"], browser, system, catalog, app),
        "summary": _fill(entry["summary"], browser, system, catalog, app),
        "steps": [_fill(step, browser, system, catalog, app) for step in entry["steps"]],
        "next_step": translate(catalog, entry["next"]),
    }


def actor(cause):
    """Who must act on *cause* (``user``, ``developer``, ...); an unknown cause is the user's."""
    if cause.startswith(REMOTE_PREFIX):
        return USER  # the remote participant, on their side
    return _CAUSES.get(cause, _CAUSES[causes.UNKNOWN_ERROR])["actor"]


def next_step(cause, name=None, catalog=None):
    """The next step for a support ticket, in one sentence (a remote cause names the participant)."""
    if cause.startswith(REMOTE_PREFIX):
        if name is None:
            name = translate(catalog, _OTHER_PARTICIPANT)
        return advise_remote(cause[len(REMOTE_PREFIX):], name, catalog)["next_step"]
    return translate(catalog, _CAUSES.get(cause, _CAUSES[causes.UNKNOWN_ERROR])["next"])


def known(cause):
    if cause.startswith(REMOTE_PREFIX):
        return cause[len(REMOTE_PREFIX):] in _REMOTE
    return cause in _CAUSES
