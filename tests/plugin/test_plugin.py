"""pytest-micsentry, used as a third party would: pytester runs test files against a small calling
page that is not micsentry's, in a fresh pytest process that loads the plugin from its entry point."""

import pytest

CALLING_APP = """<!doctype html><html><head><meta charset=utf-8><link rel=icon href='data:,'><title>Acme Call</title></head>
<body><button id=join>Join</button><p id=status>idle</p>
<script>
document.getElementById('join').onclick = async () => {
  const status = document.getElementById('status');
  try {
    window.stream = await navigator.mediaDevices.getUserMedia({audio: true});
    status.textContent = 'in call';
    window.stream.getAudioTracks()[0].onended = () => { status.textContent = 'microphone lost'; };
  } catch (e) { status.textContent = e.name + ': ' + e.message; }
};
</script></body></html>"""

def serving_conftest(pages, files=None, port=0, autouse=False):
    """A pytester conftest whose session fixture ``app_url`` ("http://localhost:PORT/") serves *pages*
    (path -> HTML; "*" for every other path) and *files* (path -> (file on disk, content type)), on
    *port* (0: a free one); *autouse*: for every test, also those that name no fixture for it."""
    return '''
import http.server, threading
import pytest

PAGES = %r
FILES = %r

class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path in FILES:
            name, kind = FILES[self.path]
            with open(name, "rb") as handle:
                body = handle.read()
        else:
            body, kind = PAGES.get(self.path, PAGES.get("*", "")).encode(), "text/html"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass

@pytest.fixture(scope="session", autouse=%r)
def app_url():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", %d), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield "http://localhost:%%d/" %% server.server_address[1]
    server.shutdown()
''' % (pages, files or {}, autouse, port)


CONFTEST = serving_conftest({"*": CALLING_APP})

TESTS = '''
import pytest
from playwright.sync_api import expect
from pytest_micsentry import get_user_media_error, permission_state


def join(page, app_url):
    page.goto(app_url)
    page.click("#join")
    return page.locator("#status")


@pytest.mark.parametrize("state,status,permission", [
    ("granted", "in call", "granted"),
    ("denied", "NotAllowedError: Permission denied", "denied"),
    ("prompt", "NotAllowedError: Permission dismissed", "prompt"),  # headless dismisses the prompt
    ("dismissed", "NotAllowedError: Permission dismissed", "prompt"),
    ("os-blocked", "NotAllowedError: Permission denied by system", "granted"),
    ("in-use", "NotReadableError: Could not start audio source", "granted"),
    ("no-device", "NotFoundError: Requested device not found", "granted"),
    ("silent", "in call", "granted"),
])
def test_each_state(page, mic, app_url, state, status, permission):
    mic.set(state)
    expect(join(page, app_url)).to_have_text(status)
    assert permission_state(page) == permission


@pytest.mark.mic("os-blocked")
def test_marker_sets_the_state_before_the_page(page, app_url):
    page.goto(app_url)
    assert get_user_media_error(page) == {
        "name": "NotAllowedError", "message": "Permission denied by system"}


def test_revoke_mid_call_and_grant_again(page, mic, app_url):
    mic.grant()
    status = join(page, app_url)
    expect(status).to_have_text("in call")
    mic.revoke()
    expect(status).to_have_text("microphone lost")
    assert permission_state(page) == "denied"
    mic.grant()
    page.click("#join")
    expect(status).to_have_text("in call")


def test_devices_changing(page, mic, app_url):
    mic.grant()
    page.goto(app_url)
    page.evaluate("window.changes = 0; navigator.mediaDevices.ondevicechange = () => window.changes++")
    before = page.evaluate("window.changes")
    mic.remove_devices()
    assert page.evaluate("window.changes") == before + 1
    assert page.evaluate("navigator.mediaDevices.enumerateDevices().then(d => d.filter(x => x.kind === 'audioinput').length)") == 0
    assert get_user_media_error(page)["name"] == "NotFoundError"
    mic.restore_devices()
    assert page.evaluate("window.changes") == before + 2
    assert get_user_media_error(page) is None


def test_pages_opened_later_follow_the_state(context, mic, app_url):
    mic.deny()
    later = context.new_page()
    later.goto(app_url)
    assert get_user_media_error(later)["name"] == "NotAllowedError"


def test_insecure_origin_and_frame_without_allow(page, context, mic, app_url):
    from pytest_micsentry.origins import cross_origin_frame, insecure_url
    mic.grant()
    page.goto(insecure_url(context, app_url))
    assert get_user_media_error(page)["name"] == "Unavailable"
    frame = cross_origin_frame(page, app_url)
    assert frame.evaluate("document.featurePolicy.allowsFeature('microphone')") is False
    assert get_user_media_error(frame)["name"] == "NotAllowedError"
'''


@pytest.fixture
def third_party_project(pytester):
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_calling_app=TESTS)
    return pytester


def test_plugin_against_a_third_party_page(third_party_project):
    result = third_party_project.runpytest_subprocess("-p", "no:cacheprovider", "-q")
    result.assert_outcomes(passed=13)


def test_options_are_in_their_own_group(pytester):
    result = pytester.runpytest_subprocess("--help")
    result.stdout.fnmatch_lines(["*micsentry: microphone states for browser tests*", "*--mic-chromium=PATH*",
                                 "*--mic-no-fake-device*", "*--mic-allow-network*", "*--mic-connect=WS_ENDPOINT*",
                                 "*--mic-cdp=URL*", "*--mic-connect-header='NAME: VALUE'*",
                                 "*--mic-connect-timeout=SECONDS*"])


def test_marker_is_registered_and_checked(pytester):
    pytester.makepyfile(test_bad="""
import pytest
@pytest.mark.mic("upside-down")
def test_x(page):
    pass
""")
    result = pytester.runpytest_subprocess("--strict-markers", "-q")
    result.stdout.fnmatch_lines(["*unknown microphone state 'upside-down'*"])


def test_other_browsers_skip_with_the_reason(pytester):
    pytester.makepyfile(test_ff="""
def test_x(mic):
    pass
""")
    result = pytester.runpytest_subprocess("--browser", "firefox", "-rs", "-q")
    result.stdout.fnmatch_lines(["*need Chromium*firefox has no equivalent*"])
    result.assert_outcomes(skipped=1)


# How a user on a machine without Playwright's own Chromium points pytest-playwright at one (conftest.py).
SYSTEM_CHROMIUM = '''

import pytest as _pytest
from pytest_micsentry import chromium as _chromium


@_pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": _chromium.find_chromium(), "args": ["--no-sandbox"]}
'''

ONLY_MIC_TESTS = '''
import pytest

MIC_FLAGS = ("--use-fake-device-for-media-stream", "--host-resolver-rules")


def flags(page):
    page.goto("chrome://version")
    line = page.locator("#command_line").inner_text()
    return [flag for flag in MIC_FLAGS if flag in line]


def test_plain(page):
    assert flags(page) == []
    devices = page.evaluate("navigator.mediaDevices ? 'set' : 'none'")
    assert devices in ("set", "none")


def test_with_mic(page, mic):
    assert flags(page) == list(MIC_FLAGS)


@pytest.mark.mic
def test_opted_in_by_marker(page):
    assert flags(page) == list(MIC_FLAGS)


def test_plain_again(page):
    assert flags(page) == []
'''


def test_only_tests_that_use_mic_get_the_fake_device_and_the_resolver(pytester):
    pytester.makeconftest(SYSTEM_CHROMIUM)
    pytester.makepyfile(test_split=ONLY_MIC_TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q")
    result.assert_outcomes(passed=4)
