"""Advice for every cause on every browser and system."""

import pytest

from micsentry.core import advice, causes, platforms
from micsentry.core.contract import ACTORS

COMBINATIONS = [(c, b, s) for c in causes.PRECALL + causes.INCALL + (causes.APP_DID_NOT_ASK,)
                for b in platforms.BROWSERS for s in platforms.SYSTEMS]


@pytest.mark.parametrize("cause,browser,system", COMBINATIONS)
def test_every_combination_has_complete_text(cause, browser, system):
    found = advice.advise(cause, browser, system)
    assert found["cause"] == cause
    assert found["actor"] in ACTORS and found["next_step"]
    assert found["title"] and found["summary"]
    for text in [found["title"], found["summary"]] + found["steps"]:
        assert "{" not in text and "}" not in text, text
        assert text[0] == text[0].upper() or text.startswith("macOS") or text.startswith("iOS"), text
    if cause != causes.OK:
        assert found["steps"], "a warning without steps leaves the user stuck"


@pytest.mark.parametrize("browser", ["chrome", "edge", "firefox", "safari"])
@pytest.mark.parametrize("system", ["windows", "macos", "linux", "android"])
def test_denied_steps_name_the_users_browser_controls(browser, system):
    steps = " ".join(advice.advise("browser-denied", browser, system)["steps"])
    title = advice.advise("browser-denied", browser, system)["title"]
    assert platforms.BROWSER_NAMES[browser] in title
    assert "address bar" in steps or "Settings" in steps


@pytest.mark.parametrize("system", ["windows", "macos", "ios", "android"])
def test_os_blocked_points_at_the_systems_privacy_settings(system):
    found = advice.advise("os-blocked", "chrome", system)
    assert platforms.SYSTEM_NAMES[system] in found["title"]
    assert "Settings" in found["steps"][0]


def test_ios_browsers_are_sent_to_the_settings_app():
    for browser in ("chrome", "edge", "firefox"):
        steps = advice.advise("browser-denied", browser, "ios")["steps"]
        assert "iOS Settings" in steps[0]


def test_unknown_cause_falls_back():
    assert advice.advise("no-such-cause")["cause"] == "unknown-error"


def test_system_names_keep_their_case():
    assert advice.advise("os-blocked", "safari", "macos")["title"].startswith("macOS")


# Each browser's own menu words (docs/reference/causes.md): (browser, system, words in the steps).
OWN_WORDS = [
    ("samsung", "android", "Sites and downloads"),
    ("opera", "windows", "site icon"),
    ("opera", "android", "Site settings"),
    ("brave", "windows", "Brave Shields"),
    ("vivaldi", "linux", "site information badge"),
    ("arc", "macos", "sidebar"),
    ("chromium", "linux", "site controls"),
    ("chrome", "chromeos", "Privacy controls"),
    ("brave", "ios", "iOS Settings app, choose Brave"),
    ("samsung", "ios", "iOS Settings app, choose Samsung Internet"),
]


@pytest.mark.parametrize("browser,system,words", OWN_WORDS)
def test_each_browser_is_told_its_own_menu(browser, system, words):
    found = advice.advise("browser-denied", browser, system)
    assert platforms.BROWSER_NAMES[browser] in found["title"]
    assert words in found["steps"][0]


def test_chromeos_has_its_own_privacy_switch_and_input():
    assert "ChromeOS Settings > Security and privacy" in advice.advise("os-blocked", "chrome", "chromeos")["steps"][0]
    assert "ChromeOS Settings > Device > Audio" in " ".join(advice.advise("no-device", "chrome", "chromeos")["steps"])


@pytest.mark.parametrize("system,open_in", [("ios", "Safari"), ("android", "Chrome"), ("windows", "your browser")])
@pytest.mark.parametrize("app,named", [("instagram", "Instagram"), ("line", "LINE"), ("webview", "this app"),
                                       (None, "this app")])
def test_in_app_browser_sends_the_user_to_the_systems_browser(system, open_in, app, named):
    found = advice.advise("in-app-browser", "chrome", system, None, app)
    assert found["title"] == "This page is open inside %s, which cannot give it the microphone" % named
    assert open_in in found["summary"]
    assert found["steps"][0].startswith("In %s, open the menu" % named)
    assert "Copy link" in found["steps"][1] and open_in in found["steps"][1]
    assert found["actor"] == "user"
