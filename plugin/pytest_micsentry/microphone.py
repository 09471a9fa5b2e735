"""The ``Microphone`` controller behind the ``mic`` fixture.

Permission states are real: Chromium's own permission machinery, set through CDP
(``Browser.setPermission``), so ``navigator.permissions`` and getUserMedia agree and a revoke ends
live tracks as it does for a user. What Chromium cannot produce on Linux (a block by the operating
system, a device held by another program, no device, silence, a prompt left open) is emulated by an
init script; the tracks a page gets are always Chromium's own.

    def test_revoked_mid_call(page, mic):
        mic.grant()
        page.goto(url)
        mic.revoke()            # permission -> denied, live audio tracks end
"""

import json
import os
import time

import pytest

from pytest_micsentry.capabilities import missing

# The states a test can ask for, by name (the marker's argument).
MODES = ("granted", "denied", "prompt", "prompt-held", "dismissed", "os-blocked", "in-use", "no-device", "silent")
# How a person answers a held prompt (``mic.answer``).
ANSWERS = ("allow", "block", "dismiss")

_EMULATION = os.path.join(os.path.dirname(__file__), "mic_emulation.js")


class Microphone:
    """Controls the microphone of one Playwright browser context and every page in it.

    Each method applies to pages already open and to pages opened later. Given the browser's
    *capabilities*, a state it cannot produce (a live track without a capture device) skips the test
    with the reason.
    """

    def __init__(self, context, browser=None, capabilities=None):
        self.context = context
        self.browser = browser or context.browser
        self.capabilities = capabilities
        self.mode = "real"
        self.permission = None
        self._seq = 0
        self._cdp = None
        self._context_id = None
        with open(_EMULATION, encoding="utf-8") as handle:
            context.add_init_script(script=handle.read())

    # -- permission, through Chromium itself -------------------------------------------------
    def _browser_context_id(self):
        if self._context_id is None:
            page = self.context.pages[0] if self.context.pages else None
            scratch = page is None
            if scratch:
                page = self.context.new_page()
            session = self.context.new_cdp_session(page)
            try:
                self._context_id = session.send("Target.getTargetInfo")["targetInfo"]["browserContextId"]
            finally:
                session.detach()
                if scratch:
                    page.close()
        return self._context_id

    def _set_permission(self, setting):
        if self._cdp is None:
            # Keep this session attached for the context's life: detaching resets the override.
            self._cdp = self.browser.new_browser_cdp_session()
        self._cdp.send(
            "Browser.setPermission",
            {
                "permission": {"name": "microphone"},
                "setting": setting,
                "browserContextId": self._browser_context_id(),
            },
        )
        self.permission = setting

    def _need(self, state):
        reason = missing(self.capabilities, state) if self.capabilities is not None else None
        if reason:
            pytest.skip(reason)

    # -- emulated device states --------------------------------------------------------------
    def _set_mode(self, mode):
        self._seq += 1
        seq, payload = self._seq, json.dumps(mode)
        self.context.add_init_script(
            script=(
                "(w => { const c = w.__micsentryMicConf;"
                f" if (!c || c.seq < {seq}) w.__micsentryMicConf = {{seq: {seq}, mode: {payload}}}; }})(window);"
            )
        )
        self._in_every_frame(
            "([seq, mode]) => window.__micsentryMic ? window.__micsentryMic.apply(seq, mode)"
            " : (window.__micsentryMicConf = {seq, mode})",
            [seq, mode],
        )
        self.mode = mode

    def _in_every_frame(self, script, arg=None):
        """*script*'s results in every frame of every open page (a frame navigating away is left out)."""
        results = []
        for page in self.context.pages:
            for frame in page.frames:
                try:
                    results.append(frame.evaluate(script, arg))
                except Exception:
                    pass  # a frame navigating away or detached: the init script covers its next document
        return results

    # -- the public API ----------------------------------------------------------------------
    def grant(self):
        """Granted, with the fake device (a voice-like signal): getUserMedia succeeds; tracks silenced by
        ``silence()`` carry sound again."""
        self._need("granted")
        self._set_permission("granted")
        self._set_mode("real")

    def deny(self):
        """Denied before any request (the user blocked the site): state ``denied``, NotAllowedError."""
        self._need("denied")
        self._set_permission("denied")
        self._set_mode("real")

    def prompt(self):
        """Not decided yet: state ``prompt``; nobody answers, headless Chromium dismisses it (NotAllowedError)."""
        self._need("prompt")
        self._set_permission("prompt")
        self._set_mode("real")

    def hold_prompt(self):
        """Not decided yet, and each request opens a prompt that stays open until ``answer()``:
        getUserMedia stays pending, the permission reads ``prompt``. A page can show its "allow the
        microphone" state meanwhile.

            mic.hold_prompt()
            page.click("#join")
            mic.wait_for_prompt()
            expect(page.locator("#waiting")).to_be_visible()
            mic.answer("allow")
        """
        self._set_permission("prompt")
        self._set_mode("prompt-held")

    @property
    def prompt_open(self):
        """Whether a request waits on the held prompt in any open page or frame."""
        return any(self._in_every_frame("() => window.__micsentryMic ? window.__micsentryMic.waiting() : 0"))

    def wait_for_prompt(self, timeout=10.0):
        """Wait until a request waits on the held prompt; AssertionError after *timeout* seconds."""
        deadline = time.monotonic() + timeout
        while not self.prompt_open:
            if time.monotonic() > deadline:
                raise AssertionError("no page asked for the microphone within %g s (mic.hold_prompt() is %s)"
                                     % (timeout, "on" if self.mode == "prompt-held" else "off"))
            time.sleep(0.05)

    def answer(self, choice):
        """Answer the held prompt as a person would: ``"allow"`` (permission ``granted``, its change
        event, the requests get tracks), ``"block"`` (``denied``, its change event, NotAllowedError
        "Permission denied" from Chromium) or ``"dismiss"`` (still ``prompt``, no event, NotAllowedError
        "Permission dismissed"; the next request opens the prompt again)."""
        if choice not in ANSWERS:
            raise ValueError("mic.answer() takes one of %s, not %r" % (", ".join(ANSWERS), choice))
        if self.mode != "prompt-held":
            raise RuntimeError("no prompt is held open: call mic.hold_prompt() before the page asks")
        if choice == "dismiss":
            self._in_every_frame("() => window.__micsentryMic && window.__micsentryMic.dismiss()")
            return
        setting = "granted" if choice == "allow" else "denied"
        self._need(setting)  # a block, too, needs a device for Chromium to read the permission
        self._set_permission(setting)
        self._set_mode("real")  # the waiting requests go to Chromium, which answers them itself

    def dismiss(self):
        """The user closed the prompt without choosing: state ``prompt``, NotAllowedError "Permission dismissed"."""
        self._set_permission("prompt")
        self._set_mode("dismissed")

    def revoke(self, to="denied"):
        """Take the grant back mid-call: the permission becomes *to* and live audio tracks end."""
        if to not in ("denied", "prompt"):
            raise ValueError("revoke(to=...) takes 'denied' or 'prompt'")
        self._need("revoke")
        self._set_permission(to)

    def block_by_system(self):
        """The site is allowed but the OS blocks the browser: NotAllowedError "Permission denied by system"."""
        self._set_permission("granted")
        self._set_mode("os-blocked")

    def in_use(self):
        """Another program holds the device: NotReadableError; live audio tracks (and their clones) end."""
        self._set_permission("granted")
        self._set_mode("in-use")

    def remove_devices(self):
        """Unplug every microphone: NotFoundError, no audio inputs listed, ``devicechange`` fires; live
        audio tracks (and their clones) end."""
        self._set_mode("no-device")

    def restore_devices(self):
        """Plug the microphone back in: ``devicechange`` fires, getUserMedia works again."""
        self._need("restore")
        self._set_mode("real")

    def silence(self):
        """A microphone that is granted and live but carries no signal: the same device (label,
        deviceId, settings), zero samples, on tracks taken before and after; ``grant()`` brings the
        sound back."""
        self._need("silent")
        self._set_permission("granted")
        self._set_mode("silent")

    def set(self, mode):
        """Apply a state by name (one of ``MODES``)."""
        actions = {
            "granted": self.grant,
            "denied": self.deny,
            "prompt": self.prompt,
            "prompt-held": self.hold_prompt,
            "dismissed": self.dismiss,
            "os-blocked": self.block_by_system,
            "in-use": self.in_use,
            "no-device": self.remove_devices,
            "silent": self.silence,
        }
        if mode not in actions:
            raise ValueError("unknown microphone state %r; expected one of %s" % (mode, ", ".join(MODES)))
        if mode == "no-device":
            self._set_permission("granted")
        actions[mode]()

    def close(self):
        if self._cdp is not None:
            try:
                self._cdp.detach()
            except Exception:
                pass
            self._cdp = None
