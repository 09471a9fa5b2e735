"""Session fixtures that launch the browser with the flags the microphone states need.

A separate module so that the plugin can register it after pytest-playwright (later plugins
win for fixtures of the same name).
"""

import json
import os

import pytest

from pytest_micsentry import chromium


@pytest.fixture(scope="session")
def micsentry_chromium(pytestconfig, browser_name):
    """The Chromium executable to launch, or None to let Playwright choose."""
    if browser_name not in (None, "chromium"):
        return None
    if pytestconfig.getoption("--browser-channel"):
        return None
    explicit = pytestconfig.getoption("--mic-chromium")
    if explicit or chromium.ENV_VAR in os.environ:
        return chromium.find_chromium(explicit)
    if chromium.playwright_chromium():
        return None
    return chromium.find_chromium()


@pytest.fixture(scope="session")
def micsentry_launch_args(pytestconfig, browser_name, micsentry_chromium):
    """Launch options for the microphone states (Chromium); empty for other browsers."""
    if browser_name not in (None, "chromium"):
        return {}
    return chromium.launch_args(
        micsentry_chromium,
        fake_device=not pytestconfig.getoption("--mic-no-fake-device"),
        offline=not pytestconfig.getoption("--mic-allow-network"),
    )


@pytest.fixture(scope="session")
def launch_browser(browser_type_launch_args, browser_type, connect_options, micsentry_launch_args):
    """pytest-playwright's ``launch_browser`` with micsentry's launch options merged in."""

    def launch(**kwargs):
        options = dict(micsentry_launch_args)
        for source in (browser_type_launch_args, kwargs):
            for key in source:
                if key == "args":
                    options["args"] = list(options.get("args", [])) + list(source["args"])
                else:
                    options[key] = source[key]
        if options.get("channel"):
            options.pop("executable_path", None)
        if connect_options:
            headers = dict(connect_options.get("headers") or {})
            headers["x-playwright-launch-options"] = json.dumps(options)
            return browser_type.connect(**dict(connect_options, headers=headers))
        return browser_type.launch(**options)

    return launch
