import pytest

from micsentry.core import platforms

UA = {
    "chrome-windows": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "edge-windows": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
    "firefox-linux": "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "safari-macos": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "safari-ios": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "chrome-ios": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",
    "chrome-android": "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
    "firefox-android": "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0",
    "edge-ios": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 EdgiOS/131.2903.68 Mobile/15E148 Safari/605.1.15",
    "chrome-macos": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "headless-linux": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36",
    "opera-windows": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0",
    "chrome-chromeos": "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "samsung-android": "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/27.0 Chrome/125.0.0.0 Mobile Safari/537.36",
    "opera-android": "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 OPR/86.0.0.0",
    "vivaldi-linux": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Vivaldi/7.0.3495.18",
    "webview-android": "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240805.005; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/131.0.6778.81 Mobile Safari/537.36",
    "wkwebview-ios": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    "facebook-ios": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/489.0.0.40.105;FBBV/660000000;FBDV/iPhone15,2;FBMD/iPhone;FBSN/iOS;FBSV/18.1;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5;FBRV/0]",
    "instagram-android": "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240805.005; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/131.0.6778.81 Mobile Safari/537.36 Instagram 357.0.0.25.101 Android (34/14; 420dpi; 1080x2400; Google/google; Pixel 8; shiba; shiba; en_US; 658000000)",
    "line-ios": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari Line/14.19.0",
    "wechat-android": "Mozilla/5.0 (Linux; Android 13; V2148A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2257 MicroMessenger/8.0.47.2560(0x28002F3B) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64",
    "google-ios": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) GSA/343.0.695551749 Mobile/15E148 Safari/604.1",
}


@pytest.mark.parametrize(
    "key,touch,browser,system,app",
    [
        ("chrome-windows", 0, "chrome", "windows", None),
        ("edge-windows", 0, "edge", "windows", None),
        ("firefox-linux", 0, "firefox", "linux", None),
        ("safari-macos", 0, "safari", "macos", None),
        ("safari-macos", 5, "safari", "ios", None),  # an iPad asks for the desktop site
        ("safari-ios", 5, "safari", "ios", None),
        ("chrome-ios", 5, "chrome", "ios", None),
        ("chrome-android", 5, "chrome", "android", None),
        ("firefox-android", 5, "firefox", "android", None),
        ("edge-ios", 5, "edge", "ios", None),
        ("chrome-macos", 0, "chrome", "macos", None),
        ("headless-linux", 0, "chrome", "linux", None),
        ("opera-windows", 0, "opera", "windows", None),
        ("chrome-chromeos", 0, "chrome", "chromeos", None),
        ("samsung-android", 5, "samsung", "android", None),
        ("opera-android", 5, "opera", "android", None),
        ("vivaldi-linux", 0, "vivaldi", "linux", None),
        ("webview-android", 5, "chrome", "android", "webview"),
        ("wkwebview-ios", 5, "other", "ios", "webview"),
        ("facebook-ios", 5, "other", "ios", "facebook"),
        ("instagram-android", 5, "chrome", "android", "instagram"),
        ("line-ios", 5, "other", "ios", "line"),
        ("wechat-android", 5, "chrome", "android", "wechat"),
        ("google-ios", 5, "other", "ios", "google"),
    ],
)
def test_detect(key, touch, browser, system, app):
    assert platforms.detect(UA[key], touch) == {"browser": browser, "system": system, "app": app}


# What Chromium engines expose besides the string: navigator.userAgentData, navigator.brave, Arc's styles.
CHROME_UA = UA["chrome-windows"]
HINTS = [
    ({"brands": ["Chromium", "Not?A_Brand", "Google Chrome"], "platform": "Windows"}, "chrome", "windows", None),
    ({"brands": ["Chromium", "Not?A_Brand", "Brave"], "platform": "Windows"}, "brave", "windows", None),
    ({"brands": ["Chromium", "Not?A_Brand"], "platform": "Windows", "brave": True}, "brave", "windows", None),
    ({"brands": ["Opera GX", "Chromium", "Not?A_Brand"], "platform": "Windows"}, "opera", "windows", None),
    ({"brands": ["Microsoft Edge", "Chromium", "Not?A_Brand"], "platform": "Windows"}, "edge", "windows", None),
    ({"brands": ["Samsung Internet", "Chromium"], "platform": "Android"}, "samsung", "android", None),
    ({"brands": ["Android WebView", "Chromium"], "platform": "Android"}, "chromium", "android", "webview"),
    # Only the engine's name (Chromium itself; headless): nothing more specific is said.
    ({"brands": ["Not:A-Brand", "Chromium"], "platform": "Linux"}, "chromium", "linux", None),
    ({"brands": ["Chromium", "Google Chrome"], "platform": "Chrome OS"}, "chrome", "chromeos", None),
    ({"brands": ["Chromium", "Google Chrome"], "platform": "macOS", "arc": True}, "arc", "macos", None),
    # Vivaldi sends Google Chrome's brand: it is told Chrome's steps, which are its own too.
    ({"brands": ["Chromium", "Google Chrome"], "platform": "Windows"}, "chrome", "windows", None),
    ({"brands": ["Chromium", "Vivaldi"], "platform": "Windows"}, "vivaldi", "windows", None),
    ({"brands": "nonsense", "platform": 5}, "chrome", "windows", None),
    (None, "chrome", "windows", None),
]


@pytest.mark.parametrize("hints,browser,system,app", HINTS)
def test_client_hints_come_first(hints, browser, system, app):
    assert platforms.detect(CHROME_UA, 0, hints) == {"browser": browser, "system": system, "app": app}


@pytest.mark.parametrize("ua", ["", None, "curl/8.0"])
def test_unknown_agents(ua):
    assert platforms.detect(ua) == {"browser": "other", "system": "other", "app": None}


def test_a_browser_behind_chromes_brand_that_names_itself_in_the_string():
    hints = {"brands": ["Chromium", "Google Chrome"], "platform": "Linux"}
    assert platforms.detect(UA["vivaldi-linux"], 0, hints)["browser"] == "vivaldi"
    assert platforms.detect(UA["opera-windows"], 0, {"brands": ["Chromium"], "platform": "Windows"})["browser"] == "opera"
