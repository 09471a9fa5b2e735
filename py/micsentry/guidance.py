"""What to tell the user, per cause, for their own browser and system. Data, not code.

    >>> advice = remediation("browser-denied", "firefox", "windows")
    >>> advice["title"]
    'Firefox is blocking the microphone for this site'
    >>> len(advice["steps"]) > 1
    True
"""

from micsentry import causes
from micsentry.platforms import BROWSER_NAMES, SYSTEM_NAMES

# How to allow the microphone for this site: (browser, system) first, then (browser, None).
_SITE_PERMISSION = {
    ("chrome", None): "Click the site controls icon at the left of the address bar, then set Microphone to Allow.",
    ("chrome", "android"): "Tap the icon at the left of the address bar, then Permissions, and turn Microphone on.",
    ("chrome", "ios"): "Open the iOS Settings app, choose Chrome, and turn Microphone on.",
    ("edge", None): "Select the View site information icon (the lock) in the address bar, then set Microphone to Allow.",
    ("edge", "android"): "Tap the lock icon in the address bar, then Permissions, and allow Microphone.",
    ("edge", "ios"): "Open the iOS Settings app, choose Edge, and turn Microphone on.",
    ("firefox", None): "Click the crossed-out microphone or the permissions icon in the address bar and clear "
    "the Blocked setting next to Use the microphone.",
    ("firefox", "android"): "Tap the lock icon in the address bar, then Edit site permissions, and allow Microphone.",
    ("firefox", "ios"): "Open the iOS Settings app, choose Firefox, and turn Microphone on.",
    ("safari", None): "Choose Safari > Settings for This Website (or Settings > Websites > Microphone) and set "
    "this website to Allow.",
    ("safari", "ios"): "Tap the page menu (aA) in the address bar, choose Website Settings, and set Microphone to Allow.",
    ("other", None): "Open your browser's site settings for this page and allow the microphone.",
}

# How to let the browser itself use the microphone in the operating system.
_SYSTEM_PRIVACY = {
    "windows": "Open Windows Settings > Privacy & security > Microphone. Turn on Microphone access, Let apps "
    "access your microphone, and Let desktop apps access your microphone.",
    "macos": "Open System Settings > Privacy & Security > Microphone and turn on {browser}. Quit and reopen "
    "{browser} when macOS asks.",
    "linux": "Open your sound settings and check that an input device is selected and not muted. If {browser} "
    "came as a Snap or Flatpak, allow it to record audio (for a Snap: snap connect chromium:audio-record).",
    "ios": "Open the iOS Settings app > Privacy & Security > Microphone and turn on {browser}.",
    "android": "Open Android Settings > Apps > {browser} > Permissions > Microphone and choose Allow.",
    "other": "Open your system's privacy settings and allow {browser} to use the microphone.",
}

# Where to check which microphone the system uses.
_SYSTEM_INPUT = {
    "windows": "Open Windows Settings > System > Sound and check that a microphone is listed under Input.",
    "macos": "Open System Settings > Sound > Input and check that a microphone is listed.",
    "linux": "Open your sound settings and check that a microphone is listed under Input.",
    "ios": "Check that no other app holds the microphone and that a connected headset is switched on.",
    "android": "Check that no other app holds the microphone and that a connected headset is switched on.",
    "other": "Check your system's sound settings for an input device.",
}

_RECHECK = "Then choose Check again."

# Causes shown during a call (from User Facing Diagnostics), besides the pre-call ones.
INCALL_CAUSES = (
    "mic-permission-denied",
    "network-reconnect",
    "no-device",
    "mic-not-functioning",
    "mic-muted-unexpectedly",
    "mic-silent",
    "speaking-while-muted",
)

# Per cause: who acts, title, summary and steps. {site}, {privacy}, {input} expand to the texts above;
# {browser} and {system} to the user's own browser and system.
_CAUSES = {
    causes.OK: {
        "audience": "nobody",
        "title": "Your microphone is ready",
        "summary": "{browser} can use your microphone. You can join the call.",
        "steps": (),
    },
    causes.BROWSER_DENIED: {
        "audience": "user",
        "title": "{browser} is blocking the microphone for this site",
        "summary": "The others in the call will not hear you until you allow the microphone.",
        "steps": ("{site}", _RECHECK),
    },
    causes.PROMPT_DISMISSED: {
        "audience": "user",
        "title": "The microphone was not allowed",
        "summary": "{browser} asked for the microphone and it was not allowed, or the question was closed.",
        "steps": (
            "Choose Check again and, when {browser} asks, choose Allow.",
            "If {browser} does not ask: {site}",
        ),
    },
    causes.OS_BLOCKED: {
        "audience": "user",
        "title": "{system} is blocking {browser} from using the microphone",
        "summary": "This site is allowed, but {system}'s privacy settings keep the microphone from {browser}.",
        "steps": ("{privacy}", _RECHECK),
    },
    causes.NO_DEVICE: {
        "audience": "user",
        "title": "No microphone was found",
        "summary": "{browser} cannot find a microphone on this device.",
        "steps": (
            "Plug in a microphone or headset, or switch on and connect your Bluetooth headset.",
            "{input}",
            _RECHECK,
        ),
    },
    causes.DEVICE_IN_USE: {
        "audience": "user",
        "title": "Another program is using your microphone",
        "summary": "The microphone is there, but {browser} cannot start it, most often because another "
        "program holds it.",
        "steps": (
            "Close other calling or recording programs, and other browser tabs that are in a call.",
            "Unplug the microphone or headset and plug it back in.",
            _RECHECK,
        ),
    },
    causes.INSECURE_CONTEXT: {
        "audience": "developer",
        "title": "This page is not opened securely",
        "summary": "Browsers give the microphone only to pages opened over https:// (or on this computer).",
        "steps": (
            "Open the page with an address that starts with https://.",
            "If you run this site: serve it over HTTPS.",
        ),
    },
    causes.POLICY_BLOCKED: {
        "audience": "developer",
        "title": "This page is embedded without permission to use the microphone",
        "summary": "The site around this check does not let it use the microphone.",
        "steps": (
            'The site\'s developer must add allow="microphone" to the iframe that shows this page.',
            "Until then, open the check in a tab of its own.",
        ),
    },
    causes.UNSUPPORTED: {
        "audience": "user",
        "title": "{browser} cannot use a microphone on web pages",
        "summary": "This browser does not offer web pages the microphone.",
        "steps": ("Open this page in a current version of Chrome, Edge, Firefox or Safari.",),
    },
    causes.UNKNOWN_ERROR: {
        "audience": "user",
        "title": "The microphone could not be started",
        "summary": "{browser} reported an error that micsentry does not recognise.",
        "steps": (
            "Unplug the microphone or headset and plug it back in.",
            "Restart {browser}.",
            _RECHECK,
        ),
    },
    # In the call, from User Facing Diagnostics (see micsentry.diagnostics).
    "mic-permission-denied": {
        "audience": "user",
        "title": "The call lost permission to use your microphone",
        "summary": "The others in the call cannot hear you: the microphone was blocked or its permission "
        "taken back.",
        "steps": (
            "{site}",
            "If the site is allowed already, {system} may be blocking {browser}: {privacy}",
            "Then turn your microphone on again in the call.",
        ),
    },
    "network-reconnect": {
        "audience": "user",
        "title": "Your connection to the call dropped",
        "summary": "Your audio is not reaching the call while the network reconnects.",
        "steps": (
            "Check your Wi-Fi or network cable.",
            "Move closer to the Wi-Fi router, or switch to a wired connection.",
            "If the call does not come back, leave it and join again.",
        ),
    },
    "mic-not-functioning": {
        "audience": "user",
        "title": "Your microphone stopped working",
        "summary": "The call cannot get sound from your microphone. Another program may have taken it, or it "
        "was switched off in {system}.",
        "steps": (
            "Close other calling or recording programs.",
            "Unplug the microphone or headset and plug it back in.",
            "{input}",
        ),
    },
    "mic-muted-unexpectedly": {
        "audience": "user",
        "title": "Your microphone was muted unexpectedly",
        "summary": "The microphone stopped sending sound, though you did not mute it in the call.",
        "steps": (
            "Check the mute switch or button on your headset or microphone.",
            "{input}",
            "Turn your microphone on again in the call.",
        ),
    },
    "mic-silent": {
        "audience": "user",
        "title": "Your microphone picks up no sound",
        "summary": "You are not muted, but your microphone sends only silence.",
        "steps": (
            "Check the mute switch on your headset, and that it is the microphone you mean to use.",
            "{input}",
            "Raise the input volume, and speak close to the microphone.",
        ),
    },
    "speaking-while-muted": {
        "audience": "user",
        "title": "You are muted",
        "summary": "You seem to be speaking, but your microphone is muted in the call.",
        "steps": ("Unmute yourself in the call to be heard.",),
    },
}

AUDIENCES = ("nobody", "user", "developer", "administrator")


def _site_permission(browser, system):
    text = _SITE_PERMISSION.get((browser, system))
    if text is None:
        text = _SITE_PERMISSION.get((browser, None), _SITE_PERMISSION[("other", None)])
    return text


def _fill(text, browser, system):
    names = {"browser": BROWSER_NAMES.get(browser, BROWSER_NAMES["other"]),
             "system": SYSTEM_NAMES.get(system, SYSTEM_NAMES["other"])}
    text = text.replace("{site}", _site_permission(browser, system))
    text = text.replace("{privacy}", _SYSTEM_PRIVACY.get(system, _SYSTEM_PRIVACY["other"]))
    text = text.replace("{input}", _SYSTEM_INPUT.get(system, _SYSTEM_INPUT["other"]))
    # Plain replace rather than str.format: the texts contain quotes and braces are ours alone.
    text = text.replace("{browser}", names["browser"]).replace("{system}", names["system"])
    # Only our own placeholders can start a sentence in lower case ("your browser ..."), never "macOS".
    if text.startswith("your "):
        text = "Y" + text[1:]
    return text


def remediation(cause, browser="other", system="other"):
    """Return ``{"cause", "audience", "title", "summary", "steps"}`` for a cause on a browser and system.

    An unknown cause gets the advice for ``unknown-error``; steps are a list in order.
    """
    entry = _CAUSES.get(cause)
    if entry is None:
        cause, entry = causes.UNKNOWN_ERROR, _CAUSES[causes.UNKNOWN_ERROR]
    return {
        "cause": cause,
        "audience": entry["audience"],
        "title": _fill(entry["title"], browser, system),
        "summary": _fill(entry["summary"], browser, system),
        "steps": [_fill(step, browser, system) for step in entry["steps"]],
    }
