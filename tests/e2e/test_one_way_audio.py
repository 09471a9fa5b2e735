"""Both halves of one-way audio: the listener learns who cannot be heard and why (ACS remote
diagnostics through the double, and watchRemote on a real loopback RTCPeerConnection); the speaker
sees a revoke beside an ACS call whether or not the SDK's diagnostic comes; sharing on and off."""

from playwright.sync_api import expect

from pages import wait_until

from pytest_micsentry import expect_banner
from pytest_micsentry.expect import expect_no_banner
from test_incall_diagnostics import call_page, raise_  # noqa: F401 - the fixture

NOTICE = "[data-micsentry-notice]"


def notices(page):
    return page.locator(NOTICE)


def remote_changes(page):
    return page.evaluate("window.__changes.filter((d) => d.phase === 'remote')")


def test_two_participants_raise_and_clear(call_page):
    page = call_page
    assert page.evaluate("window.micsentry.attach(feature, {call: window.call = new CallDouble()})") is True
    page.evaluate('call.join("8:acs:ada", "Ada"); call.join("8:acs:0000-1111-2222-3333-bo")')
    page.evaluate("""feature.remote.raise("8:acs:ada", "microphonePermissionDenied", true, {name: "Ada"});
                     feature.remote.raise("8:acs:0000-1111-2222-3333-bo", "networkReconnect", 3)""")
    expect(notices(page)).to_have_count(2)
    first = notices(page).nth(0)
    expect(first).to_have_attribute("data-participant", "8:acs:ada")
    expect(first).to_have_attribute("data-cause", "mic-permission-denied")
    expect(first).to_contain_text("Ada cannot be heard: the microphone is blocked on their side")
    expect(first).to_contain_text("They must allow the microphone")
    expect(notices(page).nth(1)).to_contain_text("…22-3333-bo cannot be heard")  # no name: a short form of the id
    region = page.locator("[data-micsentry-remote]")
    expect(region).to_have_attribute("role", "status")  # the listener need not act: not an alert
    expect_no_banner(page, "incall")  # this speaker is fine
    page.evaluate('feature.remote.raise("8:acs:ada", "microphonePermissionDenied", false)')
    expect(notices(page)).to_have_count(1)
    page.evaluate('call.leave("8:acs:0000-1111-2222-3333-bo")')
    expect(notices(page)).to_have_count(0)
    changes = [(c["participant"], c["state"], c["cause"]) for c in remote_changes(page)]
    assert changes == [("8:acs:ada", "warning", "mic-permission-denied"),
                       ("8:acs:0000-1111-2222-3333-bo", "warning", "network-reconnect"),
                       ("8:acs:ada", "ok", None), ("8:acs:0000-1111-2222-3333-bo", "ok", None)]


def test_what_holds_at_attach_is_shown_and_many_stay_readable(call_page):
    page = call_page
    page.evaluate("""for (let i = 0; i < 5; i++) feature.remote.raise(`p${i}`, "networkReconnect", 3, {name: `Guest ${i}`});
                     feature.remote.raise("p9", "microphoneNotFunctioning", true, {name: "Cy"})""")
    page.evaluate("window.micsentry.attach(feature)")  # getLatest first
    expect(notices(page)).to_have_count(3)
    expect(notices(page).nth(0)).to_have_attribute("data-cause", "mic-not-functioning")
    expect(page.locator("[data-micsentry-remote-more]")).to_have_text("Others who cannot be heard: 3.")
    page.evaluate("window.micsentry.detach()")
    expect(notices(page)).to_have_count(0)
    assert page.evaluate("feature.listenerCount") == 0


def test_malformed_remote_payloads_warn_once_and_break_nothing(call_page):
    page = call_page
    page.evaluate("window.micsentry.attach(feature)")
    for payload in ("null", "{}", "{diagnostics: 5}", "{diagnostics: [null, {rawId: 'x'}, {diagnostic: 'noNetwork'}]}",
                    "{diagnostics: [{rawId: 'p1', diagnostic: 'fluxCapacitor', value: true}]}"):
        page.evaluate("feature.remote.emit(%s)" % payload)
    page.evaluate('feature.remote.raise("p2", "microphonePermissionDenied", true)')  # still alive
    expect(notices(page)).to_have_count(1)
    ours = [w for w in page.warnings if w.startswith("micsentry:")]
    assert len([w for w in ours if "malformed remote" in w]) == 1, ours
    assert len([w for w in ours if "fluxCapacitor" in w]) == 1, ours


def test_share_starts_and_stops_sending(call_page):
    page = call_page
    page.evaluate("window.micsentry.attach(feature, {share: true})")
    assert page.evaluate("[feature.remote.isSendingDiagnosticsEnabled, feature.remote.startCalls]") == [True, 1]
    page.evaluate("window.micsentry.detach()")
    assert page.evaluate("[feature.remote.isSendingDiagnosticsEnabled, feature.remote.stopCalls]") == [False, 1]
    page.evaluate("window.micsentry.attach(feature)")  # off by default
    page.evaluate("window.micsentry.detach()")
    assert page.evaluate("[feature.remote.startCalls, feature.remote.stopCalls]") == [1, 1]


def test_the_stable_sdk_without_remote_still_works(call_page):
    page = call_page
    page.evaluate("window.feature = new UfdFeatureDouble({remote: false})")
    assert page.evaluate("window.micsentry.attach(feature, {share: true})") is True
    raise_(page, "networkReconnect", "3")
    expect_banner(page, "incall", "network-reconnect")


def test_a_revoke_beside_an_acs_call_shows_without_the_sdk(call_page, mic):
    """The SDK raises microphonePermissionDenied only on some platforms: the browser's own signal
    shows the banner anyway, and the SDK's, when it comes too, makes it no second one."""
    page = call_page
    page.evaluate("window.micsentry.attach(feature)")
    mic.revoke()
    banner = expect_banner(page, "incall", "mic-permission-denied")
    raise_(page, "microphonePermissionDenied", "true")
    expect(page.locator('[data-micsentry-banner][data-phase="incall"]')).to_have_count(1)
    raise_(page, "microphonePermissionDenied", "false")
    expect(banner).to_be_visible()  # the browser still says denied
    mic.grant()
    expect_no_banner(page, "incall")


def test_the_local_track_handed_over_ending_shows_at_once(call_page):
    page = call_page
    page.evaluate("""async () => {
        window.local = await navigator.mediaDevices.getUserMedia({audio: true});
        window.micsentry.attach(feature, {stream: local});
    }""")
    page.evaluate("local.getAudioTracks()[0].dispatchEvent(new Event('ended'))")
    expect_banner(page, "incall", "mic-not-functioning")
    page.evaluate("local.getTracks().forEach((t) => t.stop()); window.micsentry.detach()")
    expect_no_banner(page, "incall")


# A real remote audio track: two RTCPeerConnections on loopback, the fake microphone sent from one
# to the other. The sender's transceiver going inactive stops it, and Chromium mutes the remote track
# (replaceTrack(null) alone does not: Chromium keeps the track unmuted).
PEERS = """async ([mutedMs]) => {
  const sender = new RTCPeerConnection(), receiver = new RTCPeerConnection();
  sender.onicecandidate = (e) => e.candidate && receiver.addIceCandidate(e.candidate);
  receiver.onicecandidate = (e) => e.candidate && sender.addIceCandidate(e.candidate);
  const local = await navigator.mediaDevices.getUserMedia({audio: true});
  window.sent = local.getAudioTracks()[0];
  window.rtpSender = sender.addTrack(sent, local);
  const arrived = new Promise((resolve) => { receiver.ontrack = (e) => resolve(e.track); });
  await sender.setLocalDescription(await sender.createOffer());
  await receiver.setRemoteDescription(sender.localDescription);
  await receiver.setLocalDescription(await receiver.createAnswer());
  await sender.setRemoteDescription(receiver.localDescription);
  window.remoteTrack = await arrived;
  while (remoteTrack.muted) await new Promise((resolve) => setTimeout(resolve, 50));
  window.peers = [sender, receiver];
  window.renegotiate = async () => {
    await sender.setLocalDescription(await sender.createOffer());
    await receiver.setRemoteDescription(sender.localDescription);
    await receiver.setLocalDescription(await receiver.createAnswer());
    await sender.setRemoteDescription(receiver.localDescription);
  };
  // Stop sending (the sender's transceiver goes inactive) or start again.
  window.sending = async (on) => {
    sender.getTransceivers()[0].direction = on ? "sendrecv" : "inactive";
    await renegotiate();
  };
  return window.micsentry.watchRemote(remoteTrack, {id: "peer-1", name: "Bo"});
}"""


def test_watch_remote_on_a_real_remote_track(call_page):
    page = call_page
    assert page.evaluate(PEERS, [3000]) is True
    expect(notices(page)).to_have_count(0)
    page.evaluate("sending(false)")
    notice = notices(page).first
    expect(notice).to_have_attribute("data-cause", "not-receiving", timeout=30000)
    expect(notice).to_contain_text("No audio is arriving from Bo")
    expect(notice).to_contain_text("cannot be seen from here")
    page.evaluate("sending(true)")
    expect(notices(page)).to_have_count(0, timeout=30000)
    page.evaluate("window.micsentry.detach(); peers.forEach((p) => p.close()); sent.stop()")


def test_watch_remote_refuses_what_is_not_a_track(call_page):
    assert call_page.evaluate("window.micsentry.watchRemote({}, {id: 'x'})") is False
    assert call_page.evaluate("window.micsentry.watchRemote(null)") is False
    assert any("watchRemote() needs" in w for w in call_page.warnings)


def test_the_iframe_shows_a_remote_diagnostic_the_page_forwards(page, mic, site_url, runtime):
    from test_widget import frame_page, messages, post

    mic.grant()
    page.goto(frame_page(site_url, runtime))
    wait_until(page, "window.messages.some((m) => m.data?.type === 'change')", timeout=60000)
    post(page, {"micsentry": 1, "type": "remote-diagnostic", "participantId": "8:acs:ada", "name": "Ada",
                "diagnostic": "microphonePermissionDenied", "value": True, "valueType": "DiagnosticFlag"})
    frame = page.frame_locator("#f")
    expect(frame.locator(NOTICE)).to_contain_text("Ada cannot be heard")
    wait_until(page, "window.messages.some((m) => m.data?.detail?.phase === 'remote')")
    assert [m["detail"]["participant"] for m in messages(page, "change") if m["detail"]["phase"] == "remote"] == \
        ["8:acs:ada"]
    post(page, {"micsentry": 1, "type": "remote-diagnostic", "participantId": 7, "diagnostic": "x", "value": 1})
    wait_until(page, "window.messages.some((m) => m.data?.type === 'rejected')")
    assert "participantId" in messages(page, "rejected")[-1]["reason"]
