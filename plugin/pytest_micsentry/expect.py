"""Assertions on what the microphone did: generic ones for any app, and micsentry's banners."""

from playwright.sync_api import expect

_GUM = """async (constraints) => {
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return {name: "Unavailable", message: "no navigator.mediaDevices"};
  try {
    const stream = await navigator.mediaDevices.getUserMedia(constraints);
    stream.getTracks().forEach((track) => track.stop());
    return null;
  } catch (error) {
    return {name: error.name, message: error.message};
  }
}"""

_PERMISSION = """async () => {
  try { return (await navigator.permissions.query({name: "microphone"})).state; }
  catch (error) { return "unknown"; }
}"""


def get_user_media_error(page_or_frame, constraints=None):
    """Ask for the microphone in the page (or frame); ``None`` on success, else ``{"name", "message"}``."""
    return page_or_frame.evaluate(_GUM, constraints or {"audio": True})


def permission_state(page_or_frame):
    """The microphone permission as the page sees it: granted, denied, prompt or unknown."""
    return page_or_frame.evaluate(_PERMISSION)


def banner(page_or_frame, phase, cause=None):
    """The locator of micsentry's banner for *phase* (and *cause*).

    During a call micsentry folds a pre-call warning that the in-call banner covers into that banner
    (``data-folds``): for ``phase="precall"`` the folded banner counts as the pre-call one."""
    selector = '[data-micsentry-banner][data-phase="%s"]' % phase
    if cause:
        selector += '[data-cause="%s"]' % cause
    if phase == "precall":
        selector += ', [data-micsentry-banner][data-phase="incall"]' + (
            '[data-folds="%s"]' % cause if cause else "[data-folds]")
    return page_or_frame.locator(selector)


def expect_banner(page_or_frame, phase, cause, timeout=15000):
    """Assert that micsentry shows a visible ``role="alert"`` banner for *phase* and *cause*."""
    locator = banner(page_or_frame, phase, cause)
    expect(locator).to_be_visible(timeout=timeout)
    expect(locator).to_have_attribute("role", "alert")
    return locator


def expect_no_banner(page_or_frame, phase, timeout=15000):
    """Assert that micsentry shows no banner for *phase*."""
    expect(banner(page_or_frame, phase)).to_have_count(0, timeout=timeout)
