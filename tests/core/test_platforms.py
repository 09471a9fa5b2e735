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
}


@pytest.mark.parametrize(
    "key,touch,browser,system",
    [
        ("chrome-windows", 0, "chrome", "windows"),
        ("edge-windows", 0, "edge", "windows"),
        ("firefox-linux", 0, "firefox", "linux"),
        ("safari-macos", 0, "safari", "macos"),
        ("safari-macos", 5, "safari", "ios"),  # an iPad asks for the desktop site
        ("safari-ios", 5, "safari", "ios"),
        ("chrome-ios", 5, "chrome", "ios"),
        ("chrome-android", 5, "chrome", "android"),
        ("firefox-android", 5, "firefox", "android"),
        ("edge-ios", 5, "edge", "ios"),
        ("chrome-macos", 0, "chrome", "macos"),
        ("headless-linux", 0, "chrome", "linux"),
        ("opera-windows", 0, "other", "windows"),
        ("chrome-chromeos", 0, "chrome", "other"),
    ],
)
def test_detect(key, touch, browser, system):
    assert platforms.detect(UA[key], touch) == {"browser": browser, "system": system}


@pytest.mark.parametrize("ua", ["", None, "curl/8.0"])
def test_unknown_agents(ua):
    assert platforms.detect(ua) == {"browser": "other", "system": "other"}
