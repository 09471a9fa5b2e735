"""Which browser, system and app the user has, from what the browser reports.

Only used to pick the right instructions, never to refuse anyone. User-Agent Client Hints come
first where the browser has them (Chromium engines: ``navigator.userAgentData``), the user-agent
string otherwise; where neither tells (Vivaldi and Arc look like Chrome), nothing more specific is
said than is known.

    >>> detect("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    ...        "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0")["browser"]
    'edge'
    >>> detect("Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
    ...        "Version/4.0 Chrome/131.0.6778.81 Mobile Safari/537.36 Instagram 357.0.0.25.101 Android")["app"]
    'instagram'
"""

from micsentry.core.messages import N_

BROWSERS = ("chrome", "chromium", "edge", "firefox", "safari", "samsung", "opera", "brave", "vivaldi", "arc", "other")
SYSTEMS = ("windows", "macos", "linux", "chromeos", "ios", "android", "other")
# Apps that open links in a browser of their own ("in-app browsers"); "webview" is any other one.
APPS = ("facebook", "instagram", "linkedin", "x", "snapchat", "line", "wechat", "tiktok", "google", "webview")

BROWSER_NAMES = {
    "chrome": "Chrome",
    "chromium": "Chromium",
    "edge": "Edge",
    "firefox": "Firefox",
    "safari": "Safari",
    "samsung": "Samsung Internet",
    "opera": "Opera",
    "brave": "Brave",
    "vivaldi": "Vivaldi",
    "arc": "Arc",
    "other": N_("your browser"),  # names are the browsers' own in every language; these two are translated
}
SYSTEM_NAMES = {
    "windows": "Windows",
    "macos": "macOS",
    "linux": "Linux",
    "chromeos": "ChromeOS",
    "ios": "iOS",
    "android": "Android",
    "other": N_("your system"),
}
APP_NAMES = {
    "facebook": "Facebook",
    "instagram": "Instagram",
    "linkedin": "LinkedIn",
    "x": "X",
    "snapchat": "Snapchat",
    "line": "LINE",
    "wechat": "WeChat",
    "tiktok": "TikTok",
    "google": "Google",
    "webview": None,  # unnamed: the texts say "this app"
}

# Client Hints brands, most specific first (every Chromium browser also says "Chromium").
_BRANDS = (
    ("Microsoft Edge", "edge"),
    ("Opera GX", "opera"),
    ("Opera", "opera"),
    ("Samsung Internet", "samsung"),
    ("Brave", "brave"),
    ("Vivaldi", "vivaldi"),
    ("Google Chrome", "chrome"),
    ("Chromium", "chromium"),
)
_CH_SYSTEMS = {"Windows": "windows", "macOS": "macos", "Linux": "linux", "Chrome OS": "chromeos",
               "Chromium OS": "chromeos", "Android": "android", "iOS": "ios"}

# (token in the user-agent string, app), most specific first.
_APP_TOKENS = (
    ("Instagram", "instagram"),  # Instagram's also carries Facebook's tokens
    ("FBAN/", "facebook"),
    ("FBAV/", "facebook"),
    ("FB_IAB", "facebook"),
    ("FBIOS", "facebook"),
    ("LinkedInApp", "linkedin"),
    ("TwitterAndroid", "x"),
    ("Twitter for", "x"),
    ("Snapchat", "snapchat"),
    (" Line/", "line"),
    ("MicroMessenger/", "wechat"),
    ("musical_ly", "tiktok"),
    ("BytedanceWebview", "tiktok"),
    ("GSA/", "google"),
)


def detect(user_agent, max_touch_points=0, hints=None):
    """Return ``{"browser", "system", "app"}`` from a user-agent string and what else the browser exposes.

    *max_touch_points* tells an iPad (which claims to be a Mac) from a Mac. *hints* may hold
    ``brands`` (the names in ``navigator.userAgentData.brands``), ``platform`` (its platform),
    ``brave`` (``navigator.brave`` exists) and ``arc`` (Arc's own style variables are set).
    ``app`` is ``None`` in a browser of its own, else one of ``APPS``.
    """
    ua = user_agent if isinstance(user_agent, str) else ""
    touch = max_touch_points if isinstance(max_touch_points, (int, float)) and not isinstance(max_touch_points, bool) else 0
    hints = hints if isinstance(hints, dict) else {}
    brands = hints.get("brands")
    brands = [b for b in brands if isinstance(b, str)] if isinstance(brands, list) else []
    system = _CH_SYSTEMS.get(hints.get("platform"))
    if system is None or system == "macos" and touch > 1:
        system = _system(ua, touch)
    named = _browser(ua)
    browser = _from_brands(brands, named)
    if hints.get("brave") is True:
        browser = "brave"
    elif hints.get("arc") is True and browser in ("chrome", "chromium"):
        browser = "arc"
    return {"browser": browser, "system": system, "app": _app(ua, brands, system, named)}


def _from_brands(brands, named):
    """The browser from its Client Hints brands; *named* (what the string says) where they say no more."""
    for brand, browser in _BRANDS:
        if brand in brands:
            if browser in ("chrome", "chromium") and named not in ("chrome", "other"):
                # A browser that hides its own brand (Vivaldi sends Chrome's) may still name itself in the string.
                return named
            return browser
    return named


def _browser(ua):
    # Order matters: each of these also says "Chrome" or "Safari".
    if "Edg/" in ua or "EdgA/" in ua or "EdgiOS/" in ua or "Edge/" in ua:
        return "edge"
    if "Firefox/" in ua or "FxiOS/" in ua:
        return "firefox"
    if "SamsungBrowser/" in ua:
        return "samsung"
    if "OPR/" in ua or "OPT/" in ua or "OPX/" in ua:
        return "opera"
    if "Brave/" in ua or "Brave Chrome/" in ua:
        return "brave"
    if "Vivaldi/" in ua:
        return "vivaldi"
    if "Chromium/" in ua:
        return "chromium"
    if "Chrome/" in ua or "CriOS/" in ua:
        return "chrome"
    if "Safari/" in ua and "Version/" in ua:
        return "safari"
    return "other"


def _system(ua, max_touch_points):
    if "Android" in ua:
        return "android"  # before iPad: some Android tablets are called HiPad
    if "iPhone" in ua or "iPad" in ua or "iPod" in ua:
        return "ios"
    if "Macintosh" in ua:
        return "ios" if max_touch_points > 1 else "macos"
    if "Windows" in ua:
        return "windows"
    if "CrOS" in ua:
        return "chromeos"
    if "Linux" in ua or "X11" in ua:
        return "linux"
    return "other"


def _app(ua, brands, system, named):
    for token, app in _APP_TOKENS:
        if token in ua:
            return app
    if "Android WebView" in brands:
        return "webview"
    if system == "android" and named in ("chrome", "other") and ("wv)" in ua or "Version/" in ua and "Chrome/" in ua):
        # Android's WebView says "wv" or "Version/4.0 Chrome/"; a browser's own token wins (Opera and
        # Samsung Internet can say both).
        return "webview"
    if system == "ios" and "AppleWebKit" in ua and "Safari/" not in ua:
        return "webview"  # WKWebView: every iOS browser of its own says "Safari/"
    return None
