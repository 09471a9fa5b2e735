"""Browser entry point: wires the adapters (``micsentry.browser``) to the pure core.

The page runs::

    from micsentry import app
    app.main()

No decision is taken here: ``causes`` and ``diagnostics`` decide, ``view`` says what is shown,
``browser.dom`` shows it. The JS API (``attach``, ``detach``, ``recheck``) is set on the root element
and on ``window.micsentry``.
"""

import asyncio
import json

import js

from micsentry import causes, diagnostics, platforms, view
from micsentry.browser import dom, ffi, media

# The rest (the ACS SDK adapter, watch(), the level check, the report, the iframe bridge) is imported
# where it is first used: the verdict must not wait for code the page may never run.

API = ("attach", "watch", "detach", "recheck")
TIMELINE_LIMIT = 20000  # events kept for the report; a call of hours stays well below
LEVEL_CHECK_MS = 4000  # how long the level check holds the microphone after a working check
DEVICE_KEY = "micsentry.microphone"


class Sentry:
    """micsentry on one root element: the pre-call check, and the call once one is attached."""

    def __init__(self, root, api_holder=None, phase="both", demo_form=False):
        self.root = root
        self.api_holder = api_holder
        self.phase = phase if phase in ("precall", "incall", "both") else "both"
        self.demo_form = demo_form
        self.view = dom.View(root)
        hints = media.platform_hints()
        self.platform = platforms.detect(hints[0], hints[1])
        self.sdk_name = ffi.to_str(root.getAttribute("data-sdk"))
        self.check = {"state": "starting", "permission": "unknown", "cause": None, "error": None}
        self.observation = None
        self.incall = diagnostics.InCall()
        self.subscription = None  # what the call's diagnostics come from: acs.Subscription or watch.StreamWatch
        self.timeline = []
        self.device_id = ffi.storage_get(DEVICE_KEY)
        self.devices = []
        self.test_stream = None
        self._level_round = 0
        self.sdk = None
        self.call_client = None
        self._status = None
        self._running = False
        self._again = False
        self._warned = []
        self._shown = {}  # phase -> (state, cause) last announced in a micsentry:change event
        self.join_form = None
        self.bridge = None  # the postMessage bridge when the page is embed.html in a frame
        self.agent = None
        self.call = None
        root.setAttribute("data-runtime", ffi.RUNTIME)
        root.setAttribute("data-browser", self.platform["browser"])
        root.setAttribute("data-system", self.platform["system"])

    # -- rendering and events ---------------------------------------------------------------
    def _render(self, changed=None):
        incall = {"attached": self.subscription is not None, "top": self.incall.top()}
        model = view.page_view(self.check, incall, self.platform)
        self.view.render(model)
        self._announce("precall", model["state"], self.check.get("cause"), None)
        if model["incall"] != "idle" or "incall" in self._shown:
            top = incall["top"]
            self._announce("incall", model["incall"], top[1] if top else None, changed)

    def _announce(self, phase, state, cause, changed):
        if state in ("starting", "checking", "idle"):
            return
        if self._shown.get(phase) == (state, cause) and changed is None:
            return
        self._shown[phase] = (state, cause)
        detail = {
            "phase": phase,
            "state": state,
            "cause": cause,
            "diagnostic": changed["name"] if changed else None,
            "value": diagnostics.value_text(changed["value"]) if changed else None,
        }
        self.view.dispatch_change(detail)
        if self.bridge is not None:
            from micsentry import embed

            self.bridge.post(embed.outgoing("change", detail=detail))

    def _update(self, **changes):
        for name in changes:
            self.check[name] = changes[name]
        self._render()

    def record(self, kind, **fields):
        """Add an event to the timeline (the report's and the troubleshooting flow's input)."""
        if len(self.timeline) >= TIMELINE_LIMIT:
            if self.timeline[-1].get("kind") != "truncated":
                self.timeline.append({"t": round(js.performance.now()), "kind": "truncated"})
            return
        event = {"t": round(js.performance.now()), "kind": kind}
        for name in fields:
            event[name] = fields[name]
        self.timeline.append(event)

    # -- embed.html in a frame: the host's messages -----------------------------------------
    def bridge_to_host(self, allowed):
        from micsentry import embed
        from micsentry.browser import frame
        self.bridge = frame.FrameBridge(allowed, self._host_message, self._host_rejected)
        self.bridge.post(embed.outgoing("ready", runtime=ffi.RUNTIME))

    def _host_message(self, message):
        from micsentry.browser import frame
        kind = message["type"]
        if kind == "attach":
            self.detach()
            self._follow(frame.RemoteSource(), "")
        elif kind == "diagnostic":
            if isinstance(self.subscription, frame.RemoteSource):
                self._on_change(message)
            else:
                self._host_rejected("a diagnostic before attach", True)
        elif kind == "detach":
            self.detach()
        elif kind == "recheck":
            self.recheck()

    def _host_rejected(self, reason, from_host):
        from micsentry import embed
        self._warn_once("rejected:" + reason, "rejected a message: " + reason)
        if from_host:
            self.bridge.post(embed.outgoing("rejected", reason=reason))

    def _warn_once(self, key, message):
        if key not in self._warned:
            self._warned.append(key)
            ffi.console_warn("micsentry:", message)

    # -- the pre-call check -----------------------------------------------------------------
    async def start(self):
        self.view.on_action(self._action)
        holder = self.api_holder
        if holder is None:
            holder = ffi.get(js.window, "micsentry")
            if holder is None:
                holder = js.Object.new()
                js.window.micsentry = holder
        self.view.expose(holder, API, {"attach": self.attach, "watch": self.watch, "detach": self.detach,
                                       "recheck": self.recheck})
        if self.sdk_name == "acs" and self.demo_form:
            self.join_form = dom.JoinForm.find()
            if self.join_form is not None:
                self.join_form.on_submit(lambda token, group: _spawn(self.join_call(token, group), self))
                self.join_form.on_leave(lambda: _spawn(self.leave_call(), self))
                self.join_form.show()
        state, self._status = await media.permission_status()
        self.check["permission"] = state
        self.record("permission", state=state)
        media.on_permission_change(self._status, self._permission_changed)
        media.on_device_change(lambda: _spawn(self._refresh_devices(), self))
        if self.phase == "incall":
            self._update(state="idle")  # a widget for the call only never asks for the microphone itself
            return
        await self.run()

    async def run(self):
        """Run the check; a request made while one runs is queued once, never run twice at a time."""
        if self._running:
            self._again = True
            return
        self._running = True
        try:
            while True:
                self._again = False
                await self._check_once()
                if not self._again:
                    break
        finally:
            self._running = False

    async def _check_once(self):
        self._level_round += 1  # a level check still running gives up the microphone
        self._update(state="checking", cause=None, error=None, waiting=None)
        observation = media.environment()
        observation["permission_before"] = self.check["permission"]
        observation["requested"] = False
        may_ask = observation["secure_context"] and observation["media_devices"] and observation["policy"] != "blocked"
        if may_ask and self.sdk_name == "acs":
            observation["sdk"] = await self._ask_sdk()
            self.check["sdk"] = observation["sdk"]
        if may_ask and (observation.get("sdk") or {}).get("audio") is not True:
            # Ask right after start, as the troubleshooting guide asks apps to do, unless the page
            # may not ask at all. A denied grant is asked too: the browser then refuses without a
            # prompt, and its error tells the causes apart (also after the SDK said {audio: false}).
            observation["requested"] = True
            observation.update(await media.request_microphone(self.device_id))
            self.record("get-user-media", error=observation["error"], audio_tracks=observation["audio_tracks"])
        after = media.read_state(self._status) if self._status is not None else observation["permission_before"]
        observation["permission_after"] = after
        self.observation = observation
        self.record("precall", observation=observation)
        if after != observation["permission_before"]:
            self.record("permission", state=after)
        cause = causes.classify(observation)
        self._update(
            state="ok" if cause == causes.OK else "warning",
            cause=cause,
            error=observation.get("error"),
            permission=after,
            waiting=None,
        )
        await self._refresh_devices()
        if cause == causes.OK and observation["requested"]:
            _spawn(self.level_check(), self)

    async def _refresh_devices(self):
        self.devices = await media.list_audio_inputs()
        if self.device_id and self.device_id not in [device["id"] for device in self.devices]:
            self.device_id = None  # the remembered microphone is gone: let the browser choose
        self.view.show_devices(self.devices, self.device_id, self._choose_device)

    def _choose_device(self, device_id):
        self.device_id = device_id or None
        ffi.storage_set(DEVICE_KEY, device_id)
        self.recheck()

    async def level_check(self):
        """Hold the microphone for LEVEL_CHECK_MS: show its level, and warn when it is silent."""
        from micsentry import levels
        from micsentry.browser import audio
        self._level_round += 1
        round_ = self._level_round
        stream, outcome = await media.open_microphone(self.device_id)
        if stream is None:
            return
        monitor = audio.LevelMonitor(stream)
        detector = levels.SilenceDetector(hold_ms=LEVEL_CHECK_MS - 1000)
        heard = []

        def on_level(level, t):
            heard.append(level)
            self.view.show_level(levels.meter_fraction(level), "%d dBFS" % round(level))
            if detector.feed(level, t) is not None:
                self.record("silence", silent=detector.silent)

        self.view.show_action("level", False)
        try:
            if not monitor.start(on_level) or not await monitor.resume():
                # Audio does not run before the user interacts with the page: no level, and no verdict.
                self.view.show_level(0, "Choose Test the level again to see the level")
                return
            waited = 0
            while waited < LEVEL_CHECK_MS and round_ == self._level_round:
                await asyncio.sleep(0.1)
                waited += 100
        finally:
            monitor.stop()
            media.release(stream)
            self.view.show_action("level", True)
        if round_ != self._level_round or not heard:
            return
        self.view.show_level(0, "%d dBFS at most" % round(max(heard)))
        if detector.silent and self.check["state"] == "ok":
            self._update(state="warning", cause=causes.MIC_SILENT, error=None)

    async def _ask_sdk(self):
        """What the ACS SDK's ``askDevicePermission`` says: ``{"name", "called", "audio", "error"}``."""
        from micsentry.browser import acs
        result = {"name": "acs", "called": False, "audio": None, "error": None}
        try:
            self._update(waiting="Starting the calling SDK…")
            if self.sdk is None:
                self.sdk = acs.load_sdk()
                self.call_client = acs.new_call_client(self.sdk)
            self._update(waiting="Waiting for the calling SDK's device manager (this can take several seconds)…")
            result["called"] = True
            answer = await acs.ask_device_permission(self.call_client)
            result["audio"] = answer["audio"]
            self.record("ask-device-permission", called=True, audio=answer["audio"])
        except Exception as exc:
            # The browser-level check still runs and finds the cause; the SDK's failure is kept.
            result["error"] = ffi.error_info(exc)
            self._warn_once("sdk", "the ACS SDK failed: %s: %s" % (result["error"]["name"], result["error"]["message"]))
        return result

    def _permission_changed(self, state):
        if self._running:
            return  # our own request changes the state (a prompt answered); the check reads it after
        if state == self.check["permission"]:
            return
        action = causes.after_permission_change(state)
        self.record("permission", state=state)
        if action[0] == "recheck":
            self.check["permission"] = state
            _spawn(self.run(), self)
        else:
            self._update(state="warning", cause=action[1], error=None, permission=state)

    def _action(self, name):
        try:
            self._act(name)
        except Exception as exc:  # a button must never break the page: say what failed
            info = ffi.error_info(exc)
            ffi.console_warn("micsentry: %s failed: %s: %s" % (name, info["name"], info["message"]))
            self.view.set_tools_status("That did not work (%s). Reload the page and try again." % info["name"])

    def _act(self, name):
        if name == "recheck":
            self.recheck()
        elif name == "level":
            _spawn(self.level_check(), self)
        elif name == "report":
            self.download_report()
        elif name == "copy":
            _spawn(self.copy_summary(), self)
        elif name == "test-call":
            _spawn(self.toggle_test_call(), self)

    # -- the report -------------------------------------------------------------------------
    def build_report(self):
        from micsentry import report
        observation = self.observation or {}
        environment = {
            "runtime": ffi.RUNTIME,
            "browser": self.platform["browser"],
            "system": self.platform["system"],
            "user_agent": media.platform_hints()[0],
            "secure_context": observation.get("secure_context"),
            "policy": observation.get("policy"),
        }
        return report.build(environment, self.check, self.timeline, ffi.to_str(js.Date.new().toISOString()))

    def download_report(self):
        from micsentry import report
        built = self.build_report()
        stamp = (built["created"] or "now").replace(":", "-").split(".")[0]
        self.view.download("micsentry-report-%s.json" % stamp, report.to_json(built))
        self.view.set_tools_status("Report downloaded.")

    async def copy_summary(self):
        from micsentry import report
        if await self.view.copy(report.summary(self.build_report())):
            self.view.set_tools_status("Summary copied: paste it into your support request.")
        else:
            self.view.set_tools_status("Your browser did not allow copying: download the report instead.")

    # -- the demo's test call: a local track under watch() --------------------------------
    async def toggle_test_call(self):
        if self.test_stream is not None:
            self.detach()
            return
        stream, outcome = await media.open_microphone(self.device_id)
        if stream is None:
            error = outcome["error"]
            self.view.set_tools_status("The test call could not start: %s: %s" % (error["name"], error["message"]))
            return
        self.watch(stream)
        self.test_stream = stream
        self.view.show_action("test-call", True, "End test call")
        self.view.set_tools_status("Test call running: micsentry watches your microphone as a call app would.")

    def _end_test_call(self):
        if self.test_stream is not None:
            media.release(self.test_stream)
            self.test_stream = None
            self.view.show_action("test-call", True, "Start a test call")
            self.view.set_tools_status("Test call ended.")

    def recheck(self, *args):
        if self.phase != "incall":
            _spawn(self.run(), self)

    # -- the demo's real test call (ACS) -----------------------------------------------------
    async def join_call(self, token, group_id):
        from micsentry import forms
        from micsentry.browser import acs
        problem = forms.join_problem(token, group_id)
        if problem:
            self.join_form.set_status(problem)
            return
        self.join_form.set_status("Joining the call…")
        try:
            if self.sdk is None:
                self.sdk = acs.load_sdk()
                self.call_client = acs.new_call_client(self.sdk)
            self.agent, self.call = await acs.join_group_call(self.sdk, self.call_client, token.strip(),
                                                              group_id.strip())
            self.attach(acs.diagnostics_feature(self.sdk, self.call))
        except Exception as exc:
            info = ffi.error_info(exc)
            self.join_form.set_status("Could not join the call: %s: %s" % (info["name"], info["message"]))
            await acs.leave(self.agent, self.call)
            self.agent = self.call = None
            return
        self.join_form.joined(True)
        self.join_form.set_status("In the call. The banners above follow its diagnostics.")

    async def leave_call(self):
        from micsentry.browser import acs
        self.detach()
        await acs.leave(self.agent, self.call)
        self.agent = self.call = None
        self.join_form.joined(False)
        self.join_form.set_status("You left the call.")

    # -- the call ---------------------------------------------------------------------------
    def attach(self, feature=None, *args):
        """Follow a call's User Facing Diagnostics (``call.feature(Features.UserFacingDiagnostics)``)."""
        from micsentry.browser import acs
        self.detach()
        return self._follow(acs.Subscription(feature, self._on_change, self._on_problem),
                            "attach() needs the object that call.feature(Features.UserFacingDiagnostics) "
                            "returns (with .media and .network); got something else, ignored")

    def watch(self, stream=None, *args):
        """Follow a live local audio track's browser signals, for apps without ACS."""
        from micsentry.browser import watch
        self.detach()
        return self._follow(watch.StreamWatch(stream, self._status, self._on_change, self._on_problem),
                            "watch() needs a MediaStream with an audio track; got something else, ignored")

    def _follow(self, subscription, refusal):
        if self.phase == "precall":
            subscription.close()
            self._warn_once("phase", 'this widget has phase="precall": it shows no in-call banners')
            return False
        if not subscription.parts:
            self._warn_once("follow:" + refusal[:6], refusal)
            return False
        self.subscription = subscription
        self.incall.clear()
        self._render()
        for change in diagnostics.from_latest(subscription.latest()):
            self._on_change(change)
        subscription.start()
        return True

    def detach(self, *args):
        """Stop following the call: every listener removed, every proxy freed, in-call banner gone."""
        if self.subscription is None:
            return False
        self.subscription.close()
        self.subscription = None
        self.incall.clear()
        self._render()
        self._end_test_call()
        return True

    def _on_change(self, payload):
        try:
            change = diagnostics.normalise(payload)
        except diagnostics.Malformed as exc:
            self._warn_once("malformed", "ignored a malformed diagnosticChanged payload (%s)" % exc)
            return
        if change is None:
            name = payload.get("diagnostic")
            self._warn_once("unknown:" + name, "ignored the unknown diagnostic %r" % name)
            return
        if self.subscription is None:
            return
        self.record("ufd", diagnostic=change["name"], value=change["value"],
                    valueType=diagnostics.QUALITY if not isinstance(change["value"], bool) else diagnostics.FLAG)
        if self.incall.apply(change):
            self._render(change)

    def _on_problem(self, where, exc):
        info = ffi.error_info(exc)
        self._warn_once("throw:" + where, "the host's diagnostics object threw in %s: %s: %s"
                        % (where, info["name"], info["message"]))


def _spawn(coroutine, sentry=None):
    asyncio.create_task(_guarded(coroutine, sentry))


async def _guarded(coroutine, sentry):
    try:
        await coroutine
    except Exception as exc:  # never a traceback in the page: say what happened and what to do
        what = type(exc).__name__ + ": " + str(exc)
        ffi.console_warn("micsentry:", what)
        if sentry is not None:
            sentry.check["failure"] = what
            sentry._update(state="error")


def main():
    """Start micsentry on the page's ``[data-micsentry]`` root; returns the :class:`Sentry`."""
    root = js.document.querySelector("[data-micsentry]")
    if ffi.is_nullish(root):
        ffi.console_warn("micsentry: no [data-micsentry] element on this page")
        return None

    def make():
        sentry = Sentry(root, demo_form=True)
        hosts = root.getAttribute("data-embed-hosts")
        if not ffi.is_nullish(hosts):
            sentry.bridge_to_host(json.loads(ffi.to_str(hosts)))
        return sentry

    return _start(root, make)


def mount(element):
    """Start micsentry in a ``<mic-sentry>`` element (its shadow root holds the check's markup)."""
    root = element.shadowRoot.querySelector("[data-micsentry]")
    phase = ffi.to_str(element.getAttribute("phase"), "both")
    return _start(root, lambda: Sentry(root, api_holder=element, phase=phase))


def _start(root, make):
    try:
        sentry = make()
    except Exception as exc:  # the page says the check stopped; the console says why
        ffi.console_warn("micsentry:", type(exc).__name__, exc)
        root.setAttribute("data-state", "error")
        return None
    _spawn(sentry.start(), sentry)
    return sentry


def main_widgets():
    """Mount every ``<mic-sentry>`` of the page, now and as more are added (see micsentry.js)."""
    registry = js.window.__micsentryWidgets
    registry.mount = ffi.create_proxy(mount)
    pending = registry.pending
    for index in range(pending.length):
        mount(pending[index])
    pending.length = 0
    disarm = ffi.get(registry, "disarm")
    if disarm is not None:
        disarm()
