"""The microphone states as faithful as a real microphone (issue 24), checked the way calling SDKs
check them: label and deviceId against enumerateDevices, getSettings(), `ended` on originals and
clones, an AnalyserNode peak over the first 300 ms, and a "waiting for you" element while the
prompt is open. Each runs in a fresh pytest (pytester) against a plain page of ours and against
LiveKit's own client (livekit-client, pinned in web/package.json): its createLocalAudioTrack,
checkForSilence (detectSilence), Room.getLocalDevices and TrackEvent.Ended.
"""

from pathlib import Path

import pytest

from test_plugin import serving_conftest

ROOT = Path(__file__).resolve().parents[2]
LIVEKIT = ROOT / "web" / "node_modules" / "livekit-client" / "dist" / "livekit-client.umd.js"

# What both pages share: the AnalyserNode peak, the devices, the prompt's "waiting" element.
PROBE = """
window.events = [];
navigator.permissions.query({name: 'microphone'}).then((status) => {
  status.onchange = () => events.push('permission ' + status.state);
});
window.peak = async (track, ms = 300) => {
  const context = new AudioContext();
  await context.resume();
  const analyser = context.createAnalyser();
  analyser.fftSize = 2048;
  context.createMediaStreamSource(new MediaStream([track])).connect(analyser);
  const data = new Float32Array(analyser.fftSize);
  let peak = 0;
  for (const end = performance.now() + ms; performance.now() < end;) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    analyser.getFloatTimeDomainData(data);
    for (const value of data) peak = Math.max(peak, Math.abs(value));
  }
  await context.close();
  return peak;
};
window.device = async (track) => {
  const settings = track.getSettings();
  const inputs = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'audioinput');
  const listed = inputs.find((d) => d.deviceId === settings.deviceId);
  return {label: track.label, deviceId: settings.deviceId, listedLabel: listed ? listed.label : null,
          settings: Object.keys(settings).sort(), enabled: track.enabled, state: track.readyState};
};
window.watchEnded = (track, name) => track.addEventListener('ended', () => events.push(name + ' ended'));
window.join = async (take) => {
  const status = document.getElementById('status');
  status.textContent = 'asking';
  document.getElementById('waiting').hidden = false;
  try { await take(); status.textContent = 'in call'; }
  catch (e) { status.textContent = e.name + ': ' + e.message; }
  finally { document.getElementById('waiting').hidden = true; }
};
"""

PLAIN = """<!doctype html><html><head><meta charset=utf-8><link rel=icon href='data:,'><title>Plain</title>
<script>%s
window.take = async () => {
  window.stream = await navigator.mediaDevices.getUserMedia({audio: true});
  window.track = stream.getAudioTracks()[0];
};
window.trackOf = () => window.track;
</script></head>
<body><button id=join onclick="join(take)">Join</button><p id=waiting hidden>Allow the microphone</p>
<p id=status>idle</p></body></html>""" % PROBE

LIVEKIT_PAGE = """<!doctype html><html><head><meta charset=utf-8><link rel=icon href='data:,'><title>LiveKit</title>
<script src="/livekit-client.umd.js"></script>
<script>%s
window.take = async () => {
  window.local = await LivekitClient.createLocalAudioTrack();
  local.on(LivekitClient.TrackEvent.Ended, () => events.push('livekit ended'));
  window.track = local.mediaStreamTrack;
};
window.trackOf = () => window.local.mediaStreamTrack;
window.silent = () => window.local.checkForSilence();  // LiveKit's detectSilence over its first 200 ms
window.livekitDevice = async () => {
  const id = await window.local.getDeviceId();
  const inputs = await LivekitClient.Room.getLocalDevices('audioinput', false);
  const listed = inputs.find((d) => d.deviceId === id);
  return {deviceId: id, listedLabel: listed ? listed.label : null, label: window.local.mediaStreamTrack.label};
};
</script></head>
<body><button id=join onclick="join(take)">Join</button><p id=waiting hidden>Allow the microphone</p>
<p id=status>idle</p></body></html>""" % PROBE

CONFTEST = serving_conftest({"/": PLAIN, "/livekit": LIVEKIT_PAGE},
                            {"/livekit-client.umd.js": (str(LIVEKIT), "text/javascript")}) + '''

@pytest.fixture(params=["", "livekit"], ids=["plain", "livekit"])
def app(request, page, app_url):
    page.goto(app_url + request.param)
    return request.param

def join(page):
    page.click("#join")
    page.wait_for_function("!['idle', 'asking'].includes(document.getElementById('status').textContent)")
    return page.text_content("#status")

def peak(page):
    return page.evaluate("peak(trackOf())")

def events(page):
    return page.evaluate("events")
'''

TESTS = '''
import pytest
from playwright.sync_api import expect
from pytest_micsentry import permission_state
from conftest import events, join, peak

HEARD = 0.05  # a peak above this is sound; zero samples read 0.0


def test_1_silent_is_the_same_device_with_zero_samples(page, mic, app):
    mic.grant()
    assert join(page) == "in call"
    granted = page.evaluate("device(trackOf())")
    livekit_granted = page.evaluate("livekitDevice()") if app == "livekit" else None
    page.evaluate("trackOf().stop()")
    mic.silence()
    assert join(page) == "in call"
    silent = page.evaluate("device(trackOf())")
    assert silent["label"] == silent["listedLabel"] == granted["label"] != ""
    assert silent["settings"] == granted["settings"]
    assert "deviceId" in silent["settings"] and "sampleRate" in silent["settings"]
    assert silent["enabled"] is True
    assert peak(page) == 0.0
    if app == "livekit":
        assert page.evaluate("silent()") is True
        assert page.evaluate("livekitDevice()") == livekit_granted  # LiveKit sees the device it saw granted


def test_2_silence_acts_on_live_tracks_and_grant_brings_the_sound_back(page, mic, app):
    mic.grant()
    assert join(page) == "in call"
    assert peak(page) > HEARD
    mic.silence()
    assert peak(page) == 0.0
    if app == "livekit":
        assert page.evaluate("silent()") is True
    page.evaluate("trackOf().enabled = false; trackOf().enabled = true")  # the page's own mute and unmute
    assert page.evaluate("trackOf().enabled") is True
    assert peak(page) == 0.0
    mic.grant()
    assert peak(page) > HEARD
    if app == "livekit":
        assert page.evaluate("silent()") is False
    page.evaluate("trackOf().enabled = false")  # the page's mute holds whatever the microphone does
    mic.silence()
    mic.grant()
    assert (page.evaluate("trackOf().enabled"), peak(page)) == (False, 0.0)


def test_3_revoke_ends_a_silent_track(page, mic, app):
    mic.silence()
    assert join(page) == "in call"
    page.evaluate("watchEnded(trackOf(), 'track')")
    mic.revoke()
    page.wait_for_function("trackOf().readyState === 'ended'")
    page.wait_for_function("events.includes('track ended')")
    if app == "livekit":
        page.wait_for_function("events.includes('livekit ended')")


@pytest.mark.parametrize("state", ["in-use", "no-device"])
def test_4_clones_end_with_their_source(page, mic, app, state):
    mic.grant()
    assert join(page) == "in call"
    page.evaluate("""() => {
        window.copy = trackOf().clone();
        window.streamCopy = new MediaStream([trackOf()]).clone().getAudioTracks()[0];
        watchEnded(trackOf(), 'original'); watchEnded(copy, 'clone'); watchEnded(streamCopy, 'stream clone');
    }""")
    assert page.evaluate("peak(copy)") > HEARD
    mic.set(state)
    page.wait_for_function("[trackOf(), copy, streamCopy].every((t) => t.readyState === 'ended')")
    assert sorted(event for event in events(page) if event.endswith("ended")) == sorted(["clone ended", "original ended", "stream clone ended"] + (
        ["livekit ended"] if app == "livekit" else []))
    assert page.evaluate("peak(copy)") == 0.0


def test_4_a_silent_clone_is_silent_and_comes_back(page, mic, app):
    mic.silence()
    assert join(page) == "in call"
    page.evaluate("window.copy = trackOf().clone()")
    assert (page.evaluate("copy.enabled"), page.evaluate("peak(copy)")) == (True, 0.0)
    mic.grant()
    assert page.evaluate("peak(copy)") > HEARD


def test_5_granted_is_never_silent(page, mic, app):
    mic.grant()
    assert join(page) == "in call"
    assert peak(page) > HEARD  # the first 300 ms: Chromium's own fake device beeps after silence
    if app == "livekit":
        assert page.evaluate("silent()") is False
    page.wait_for_timeout(3000)  # noise suppression has had time to take a steady signal for noise
    assert peak(page) > HEARD


@pytest.mark.parametrize("choice, status, permission, changes", [
    ("allow", "in call", "granted", ["permission granted"]),
    ("block", "NotAllowedError: Permission denied", "denied", ["permission denied"]),
    ("dismiss", "NotAllowedError: Permission dismissed", "prompt", []),
])
def test_6_a_prompt_held_open_until_answered(page, mic, app, choice, status, permission, changes):
    mic.hold_prompt()
    assert mic.prompt_open is False
    page.click("#join")
    mic.wait_for_prompt()
    assert mic.prompt_open is True
    expect(page.locator("#waiting")).to_be_visible()
    page.wait_for_timeout(500)  # a person takes a while: the request stays pending
    expect(page.locator("#status")).to_have_text("asking")
    assert permission_state(page) == "prompt"
    mic.answer(choice)
    expect(page.locator("#status")).to_have_text(status)
    expect(page.locator("#waiting")).to_be_hidden()
    assert permission_state(page) == permission
    page.wait_for_timeout(100)  # a change event, if any, has been delivered
    assert events(page) == changes
    assert mic.prompt_open is False
    if choice == "allow":
        assert peak(page) > HEARD


def test_6_after_a_dismissal_the_next_request_prompts_again(page, mic, app):
    mic.set("prompt-held")
    page.click("#join")
    mic.wait_for_prompt()
    mic.answer("dismiss")
    expect(page.locator("#status")).to_have_text("NotAllowedError: Permission dismissed")
    page.click("#join")
    mic.wait_for_prompt()
    mic.answer("allow")
    expect(page.locator("#status")).to_have_text("in call")


def test_6_a_held_prompt_left_for_another_state(page, mic, app):
    """The test moves on without answering: the waiting request gets what the new state gives."""
    mic.hold_prompt()
    page.click("#join")
    mic.wait_for_prompt()
    mic.block_by_system()
    expect(page.locator("#status")).to_have_text("NotAllowedError: Permission denied by system")
    assert mic.prompt_open is False


def test_6_answers_are_checked(mic):
    with pytest.raises(RuntimeError, match="hold_prompt"):
        mic.answer("allow")
    mic.hold_prompt()
    with pytest.raises(ValueError, match="allow, block, dismiss"):
        mic.answer("yes")
    with pytest.raises(AssertionError, match="no page asked for the microphone within 0.2 s"):
        mic.wait_for_prompt(timeout=0.2)
'''


def test_states_as_sdks_see_them(pytester):
    assert LIVEKIT.exists(), "livekit-client is missing: run make install"
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_faithful=TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-rfE")
    result.assert_outcomes(passed=25)


def test_the_fake_voice_is_what_the_tool_makes():
    """The shipped WAV is tools/fake_voice.py's output, byte for byte."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("fake_voice", ROOT / "tools" / "fake_voice.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert (ROOT / "plugin" / "pytest_micsentry" / "fake_voice.wav").read_bytes() == tool.fake_voice()
