"""Fixtures for the WebKit suite: WebKitGTK (whose media and permission code Safari shares), driven
by Selenium over Debian's WebKitWebDriver, MiniBrowser on a virtual screen (Xvfb), against the built
site served by webkit_pages.WebKitSiteHandler, which is also every MiniBrowser's proxy.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from micsentry_site import serving

from webkit_pages import WebKitSiteHandler
from webkit_sessions import Sessions

ROOT = Path(__file__).resolve().parents[2]
RUNTIMES = ("micropython", "pyodide")


def pytest_collection_modifyitems(items):
    # Under pytest-xdist, on one worker: one virtual screen, and WebKit sessions started one at a time.
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.xdist_group("webkit"))


@pytest.fixture(params=RUNTIMES)
def runtime(request):
    return request.param


@pytest.fixture(scope="session")
def minibrowser():
    found = subprocess.run([str(ROOT / "tools" / "install_webkit.sh")], capture_output=True, text=True)
    assert found.returncode == 0, "WebKitGTK is missing and could not be installed: " + found.stderr[-2000:]
    return found.stdout.strip()


@pytest.fixture(scope="session")
def display(minibrowser):
    """A virtual screen: MiniBrowser's --headless never lets a WebDriver session start."""
    read, write = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as handle:
        number = handle.readline().strip()
    assert number, "Xvfb did not start"
    yield ":" + number
    xvfb.terminate()
    xvfb.wait(10)


@pytest.fixture(scope="session")
def site_server():
    with serving.serving(handler=WebKitSiteHandler) as server:
        server.left_loopback = []
        yield server


@pytest.fixture(scope="session")
def site_url(site_server):
    return serving.local_url(site_server)


@pytest.fixture
def webkit(minibrowser, display, site_server):
    """``webkit(mock_devices=True, env=None, args=())``: a new MiniBrowser under WebKitWebDriver, with
    *env* added to its environment and *args* to its command line. Each is quit after the test,
    which then fails if its page logged an error or a request left loopback."""
    from selenium.webdriver.webkitgtk.options import Options

    sessions = Sessions(shutil.which("WebKitWebDriver"))
    sent_before = len(site_server.left_loopback)
    port = site_server.server_address[1]

    def launch(mock_devices=True, env=None, args=()):
        options = Options()
        options.binary_location = minibrowser
        options.add_argument("--automation")
        options.add_argument("--enable-mock-capture-devices=%s" % ("true" if mock_devices else "false"))
        options.add_argument("--proxy=http://127.0.0.1:%d" % port)
        options.add_argument("--ignore-host=localhost")
        options.add_argument("--ignore-host=127.0.0.1")
        for arg in args:
            options.add_argument(arg)
        driver = sessions.start(options, dict(os.environ, DISPLAY=display, **(env or {})))
        driver.set_script_timeout(30)
        return driver

    yield launch
    errors = []
    try:
        for driver in sessions.drivers:
            driver.switch_to.default_content()
            errors += driver.execute_script("return window.__webkit ? window.__webkit.errors : []")
    finally:
        sessions.close()
    assert errors == [], "the page logged errors"
    assert site_server.left_loopback[sent_before:] == [], "requests left loopback"
