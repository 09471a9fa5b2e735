"""Which browser and operating system the user has, from what the browser reports.

Only used to pick the right instructions, never to refuse anyone.

    >>> detect("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    ...        "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0")
    {'browser': 'edge', 'system': 'windows'}
"""

from micsentry.core.messages import N_

BROWSERS = ("chrome", "edge", "firefox", "safari", "other")
SYSTEMS = ("windows", "macos", "linux", "ios", "android", "other")

BROWSER_NAMES = {
    "chrome": "Chrome",
    "edge": "Edge",
    "firefox": "Firefox",
    "safari": "Safari",
    "other": N_("your browser"),  # names are the browsers' own in every language; these two are translated
}
SYSTEM_NAMES = {
    "windows": "Windows",
    "macos": "macOS",
    "linux": "Linux",
    "ios": "iOS",
    "android": "Android",
    "other": N_("your system"),
}


def detect(user_agent, max_touch_points=0):
    """Return ``{"browser": ..., "system": ...}`` from a user-agent string.

    *max_touch_points* tells an iPad (which claims to be a Mac) from a Mac.
    """
    ua = user_agent if isinstance(user_agent, str) else ""
    touch = max_touch_points if isinstance(max_touch_points, (int, float)) and not isinstance(max_touch_points, bool) else 0
    return {"browser": _browser(ua), "system": _system(ua, touch)}


def _browser(ua):
    # Order matters: Edge and Chrome on iOS also say "Safari"; Edge also says "Chrome".
    if "Edg/" in ua or "EdgA/" in ua or "EdgiOS/" in ua:
        return "edge"
    if "Firefox/" in ua or "FxiOS/" in ua:
        return "firefox"
    if "OPR/" in ua or "SamsungBrowser/" in ua:
        return "other"
    if "Chrome/" in ua or "CriOS/" in ua or "Chromium/" in ua:
        return "chrome"
    if "Safari/" in ua and "Version/" in ua:
        return "safari"
    return "other"


def _system(ua, max_touch_points):
    if "iPhone" in ua or "iPad" in ua or "iPod" in ua:
        return "ios"
    if "Macintosh" in ua:
        return "ios" if max_touch_points > 1 else "macos"
    if "Android" in ua:
        return "android"
    if "Windows" in ua:
        return "windows"
    if "CrOS" in ua:
        return "other"
    if "Linux" in ua or "X11" in ua:
        return "linux"
    return "other"
