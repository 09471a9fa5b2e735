"""The browser entry point: adapters in, ``micsentry.core.session`` decides, effects out.

The check page runs ``micsentry.demo.main()`` (this shell plus the demo's extras), ``embed.html`` and
plain pages run::

    from micsentry import app
    app.main()

and the ``<mic-sentry>`` loader runs ``app.main_widgets()``. A :class:`Shell` owns one root: it feeds
browser signals to its session as events, renders the view model, announces ``micsentry:change``
and carries out the session's effects, feeding their outcomes back. It decides nothing.
"""

import json

import js

from micsentry.core import contract, platforms
from micsentry.core.session import Session, report_of
from micsentry.browser import callbacks, ffi, host_api, media, permissions, render, storage, tasks

DEVICE_KEY = "micsentry.microphone"
_ACTION_EVENTS = {"recheck": "recheck", "level": "level-test"}  # buttons that are plain session events


class _Call:
    """The shell's part for the call: the JS API that hands sources over, and the effects on them
    (``Shell`` mixes it in; the session decides, this carries it out)."""

    def attach(self, feature=None, options=None, *args):
        """Follow a call's User Facing Diagnostics (``call.feature(Features.UserFacingDiagnostics)``);
        *options*: ``{share, call, stream}`` (docs/embed.md, "During the call")."""
        from micsentry.browser.sources.call import CallDiagnostics
        from micsentry.browser.sources.stream import audio_track
        share, call, stream = _options(options, ("share", "call", "stream"))
        self.local_track = audio_track(stream) if stream is not None else None
        return self.offer(CallDiagnostics.open(feature, self._problem, call), "call", share is True)

    def watch(self, stream=None, *args):
        """Follow a live local audio track's browser signals, for apps without ACS."""
        from micsentry.browser.sources.stream import StreamSignals
        return self.offer(StreamSignals.open(stream, self.status, self._problem), "stream")

    def offer(self, source, kind, share=False):
        self.offered = source
        step = self.feed({"kind": "attach", "source": kind, "usable": source is not None, "share": share})
        return any(effect["do"] == "follow" for effect in step["effects"])

    def watch_remote(self, track=None, options=None, *args):
        """Follow a remote participant's audio track (any WebRTC stack): *options* ``{id, name}``."""
        from micsentry.browser.sources.stream import audio_track
        participant, name = _options(options, ("id", "name"))
        found = audio_track(track) if track is not None else None
        participant = ffi.to_str(participant) if participant is not None else None
        self.remote_offered = (participant, found)
        step = self.feed({"kind": "watch-remote", "participant": participant, "usable": found is not None,
                          "name": ffi.to_str(name) if name is not None else None})
        self.remote_offered = None
        return any(effect["do"] == "follow-remote" for effect in step["effects"])

    def detach(self, *args):
        """Stop following the call: every listener removed, every proxy freed, in-call banner gone."""
        step = self.feed({"kind": "detach"})
        return any(effect["do"] == "close-source" for effect in step["effects"])

    # -- effects on the call's sources -------------------------------------------------------------
    def _do_follow(self, effect):
        from micsentry.browser.sources.stream import follow_track, track_now
        self.source, self.offered = self.offered, None
        for change in self.source.snapshot():
            self.feed({"kind": "ufd", "change": change})
        self.source.start(lambda change: self.feed({"kind": "ufd", "change": change}))
        if hasattr(self.source, "start_remote"):
            self.source.start_remote(lambda change: self.feed({"kind": "remote-ufd", "change": change}),
                                     lambda participant: self.feed({"kind": "remote-left", "participant": participant}))
        track, self.local_track = self.local_track, None
        if track is not None:
            signal = track_now(track)
            self.local_handles.add(follow_track(track, lambda name: self.feed({"kind": "local-track", "signal": name})))
            if signal == "ended":
                self.feed({"kind": "local-track", "signal": signal})

    def _do_share(self, effect):
        if self.source is not None and hasattr(self.source, "share"):
            self.source.share(effect["on"])

    def _do_follow_remote(self, effect):
        from micsentry.browser.sources.stream import follow_track, track_now
        participant, track = self.remote_offered
        feed = lambda signal: self.feed({"kind": "remote-track", "participant": participant, "signal": signal})  # noqa: E731
        self.remote_watches[participant] = follow_track(track, feed)
        signal = track_now(track)
        if signal is not None:
            feed(signal)

    def _do_refuse_remote(self, effect):
        self.remote_offered = None

    def _do_close_remote(self, effect):
        handles = self.remote_watches.pop(effect["participant"], None)
        if handles is not None:
            handles.close()

    def _do_timer(self, effect):
        self.timers.add(callbacks.later(effect["ms"], lambda: self.feed(effect["event"])), "timer")

    def _do_refuse_source(self, effect):
        if self.offered is not None:
            self.offered.close()
        self.offered = None

    def _do_close_source(self, effect):
        self.local_handles.close()
        if self.source is not None:
            self.source.close()
            self.source = None
        for callback in list(self.on_detached):
            callback()
        ffi.collect()

    def _do_forward(self, effect):
        if self.source is not None and self.source.kind == "forwarded":
            self.source.push(effect["change"])

    def _problem(self, where, exc):
        info = ffi.error_info(exc)
        self.feed({"kind": "problem", "key": "throw:" + where, "message": "the host's diagnostics object threw in "
                   "%s: %s: %s" % (where, info["name"], info["message"])})


class Shell(_Call):
    """micsentry on one root element: the pre-call check, and the call once one is attached."""

    def __init__(self, root, phase=contract.BOTH, holder=None):
        self.root = root
        self.holder = holder
        self.renderer = render.Renderer(root)
        hints = media.platform_hints()
        self.user_agent = hints[0]  # for the report: read once, as the advice was
        language, catalog = host_api.language(root)
        self.session = Session(phase=phase, sdk=ffi.to_str(root.getAttribute("data-sdk")),
                               device_id=storage.get(DEVICE_KEY), platform=platforms.detect(*hints),
                               language=language, catalog=catalog)
        self.handles = callbacks.Handles(lambda name, exc: tasks.warn("micsentry: closing", name, "failed:", exc))
        self.source = None  # the diagnostic source being followed (browser.sources)
        self.offered = None  # a source offered to attach()/watch(), until the session answers
        self.local_track = None  # the local audio track the app handed to attach(), while offered
        self.local_handles = callbacks.Handles()  # its listeners while the call is followed
        self.remote_offered = None  # (participant, track) offered to watchRemote()
        self.remote_watches = {}  # participant -> Handles of their watched remote track
        self.timers = callbacks.Handles()
        self.status = None  # the PermissionStatus, when the browser gives one
        self.level_test = None
        self.sdk = None
        self.closed = False
        self.on_detached = []  # callbacks of the demo's test call
        root.setAttribute("data-runtime", ffi.RUNTIME)
        root.setAttribute("data-browser", self.session.platform["browser"])
        root.setAttribute("data-system", self.session.platform["system"])
        if self.session.platform["app"]:
            root.setAttribute("data-app", self.session.platform["app"])

    # -- events in ------------------------------------------------------------------------------
    def feed(self, event):
        """One event into the session; renders, announces, carries out the effects. Returns the step."""
        if self.closed:
            return {"effects": [], "changes": []}
        event.setdefault("t", round(js.performance.now()))
        step = self.session.feed(event)
        self.renderer.render(self.session.view())
        for detail in step["changes"]:
            self.renderer.announce(detail)
        for effect in step["effects"]:
            getattr(self, "_do_" + effect["do"].replace("-", "_"))(effect)
        return step

    def spawn(self, coroutine):
        tasks.spawn(coroutine, lambda what: self.feed({"kind": "failure", "what": what}))

    async def start(self, asked):
        """*asked*: ``permissions.query()``, asked before this task's first turn."""
        self.handles.add(self.renderer.on_action(self.action), "click")
        self.handles.add(self.renderer.on_device_choice(
            lambda device: self.feed({"kind": "device-chosen", "device": device})), "device picker")
        state, self.status = await asked
        if self.closed:
            return
        if self.status is not None:
            self.handles.add(callbacks.listen(self.status, "change", lambda event: self.feed(
                {"kind": "permission", "state": permissions.read(self.status)})), "permission")
        # The API only once the permission is read: calls queued before Python ran are replayed here,
        # and a watch() among them follows the permission like any later one.
        holder = self.holder if self.holder is not None else _window_api()
        self.handles.add(host_api.expose(holder, {"attach": self.attach, "watch": self.watch,
                                                  "watchRemote": self.watch_remote, "detach": self.detach,
                                                  "recheck": self.recheck}), "api")
        devices = media.devices_target()
        if devices is not None:
            self.handles.add(callbacks.listen(devices, "devicechange", lambda event: self._do_list_devices(None)),
                             "devicechange")
        self.feed({"kind": "start", "permission": state})

    def close(self):
        """Everything off: listeners, proxies, the source, the level test. The root stays as it is."""
        if self.closed:
            return
        self.detach()
        if self.level_test is not None:
            self.level_test.stop()
        self.closed = True
        self.timers.close()
        self.handles.close()
        ffi.collect()

    # -- the JS API -----------------------------------------------------------------------------------
    def recheck(self, *args):
        self.feed({"kind": "recheck"})

    def action(self, name):
        try:
            if name in _ACTION_EVENTS:
                self.feed({"kind": _ACTION_EVENTS[name]})
            elif name == "report":
                self.download_report()
            elif name == "copy":
                self.spawn(self.copy_summary())
            elif name == "copy-link":
                self.spawn(self.copy_link())
        except Exception as exc:  # a button must never break the page: say what failed
            info = ffi.error_info(exc)
            tasks.warn("micsentry: %s failed: %s: %s" % (name, info["name"], info["message"]))
            self.feed({"kind": "tool-done", "message": "tool-failed", "fields": {"name": info["name"]}})

    # -- the report ---------------------------------------------------------------------------------
    def build_report(self):
        environment = {"runtime": ffi.RUNTIME, "user_agent": self.user_agent}
        return report_of(self.session, environment, ffi.to_str(js.Date.new().toISOString()))

    def download_report(self):
        from micsentry.core import report
        from micsentry.browser import files
        built = self.build_report()
        files.download(self.root, report.filename(built), report.to_json(built))
        self.feed({"kind": "tool-done", "message": "tool-report"})

    async def copy_summary(self):
        from micsentry.core import report
        from micsentry.browser import files
        copied = await files.copy(report.summary(self.build_report(), self.session.catalog))
        self.feed({"kind": "tool-done", "message": "tool-copy" if copied else "tool-copy-refused"})

    async def copy_link(self):
        from micsentry.browser import files
        link = media.page_link()
        copied = await files.copy(link)
        # Refused (a WebView often has no clipboard): the link as text, to select and copy by hand.
        self.feed({"kind": "tool-done", "message": "tool-link-copied" if copied else "tool-link-refused",
                   "fields": {"url": link}})

    # -- effects out --------------------------------------------------------------------------------
    def _do_probe(self, effect):
        self.feed(dict(media.environment(), kind="environment", round=effect["round"]))

    def _do_ask_sdk(self, effect):
        self.spawn(ask_sdk(self, effect["round"]))

    def _do_request_microphone(self, effect):
        # Asked now, not at the task's first turn: the browser answers meanwhile.
        self.spawn(self._request(effect, media.request_microphone(effect["device"], effect.get("wait_ms"))))

    async def _request(self, effect, asked):
        outcome = await asked
        outcome.update(kind="microphone-answer", round=effect["round"], permission=permissions.read(self.status))
        self.feed(outcome)

    def _do_list_devices(self, effect):
        async def listed():
            self.feed({"kind": "devices", "devices": await media.list_audio_inputs()})
        self.spawn(listed())

    def _do_start_level_test(self, effect):
        from micsentry.browser import audio
        if self.level_test is None:
            self.level_test = audio.LevelTest(self.feed)
        self.spawn(self.level_test.start(effect["round"], effect["ms"], effect["device"]))

    def _do_stop_level_test(self, effect):
        if self.level_test is not None:
            self.level_test.stop()

    def _do_store_device(self, effect):
        storage.put(DEVICE_KEY, effect["device"])

    def _do_post(self, effect):
        from micsentry.browser import frame
        frame.post(effect["message"], effect["origin"])

    def _do_warn(self, effect):
        tasks.warn("micsentry:", effect["message"])

async def ask_sdk(shell, round_):
    """The ACS SDK's ``askDevicePermission``, fed back as an ``sdk-answer`` event."""
    from micsentry.browser import acs
    answer = {"kind": "sdk-answer", "round": round_, "called": False, "audio": None, "error": None}
    try:
        if shell.sdk is None:
            shell.sdk = acs.CallingSdk()
        shell.feed({"kind": "sdk-waiting", "round": round_})
        answer["called"] = True
        answer["audio"] = (await shell.sdk.ask_device_permission())["audio"]
    except Exception as exc:
        # The browser-level check still runs and finds the cause; the SDK's failure is kept.
        answer["error"] = ffi.error_info(exc)
    shell.feed(answer)


def bridge_to_host(shell, allowed):
    """embed.html: the shell talks with the embedding page (``micsentry.core.protocol`` decides)."""
    from micsentry.browser import frame
    from micsentry.browser.sources.forwarded import ForwardedDiagnostics

    def received(data, origin):
        shell.offered = ForwardedDiagnostics.open()  # followed only if the message is an accepted attach
        shell.feed({"kind": "host-message", "data": data, "origin": origin})
        shell.offered = None

    shell.handles.add(frame.listen(received), "message")
    shell.feed({"kind": "bridge", "allowed": allowed, "host_origin": frame.host_origin(), "framed": frame.framed(),
                "runtime": ffi.RUNTIME})
    shell.handles.add(frame.watch_height(lambda height: shell.feed({"kind": "height", "height": height})), "height")


def _options(options, names):
    """The named fields of an options object a host app passed (None for each one missing)."""
    if options is None or ffi.is_nullish(options) or isinstance(options, (str, int, float, bool)):
        return [None] * len(names)
    found = []
    for name in names:
        try:
            found.append(ffi.host_get(options, name))
        except ffi.HostError:
            found.append(None)
    return found


def _window_api():
    holder = ffi.get(js.window, "micsentry")
    if holder is None:
        holder = js.Object.new()
        js.window.micsentry = holder
    return holder


def start(root, make):
    """Make a shell for *root* and start it; a failure leaves the root in ``error``, never blank."""
    try:
        shell = make()
    except Exception as exc:  # the page says the check stopped; the console says why
        tasks.warn("micsentry:", type(exc).__name__, exc)
        root.setAttribute("data-state", "error")
        return None
    shell.spawn(shell.start(permissions.query()))
    return shell


def main(make=Shell):
    """Start micsentry on the page's ``[data-micsentry]`` root; returns the shell."""
    root = js.document.querySelector("[data-micsentry]")
    host_api.took_over()
    if ffi.is_nullish(root):
        tasks.warn("micsentry: no [data-micsentry] element on this page")
        return None

    def made():
        shell = make(root)
        hosts = root.getAttribute("data-embed-hosts")
        if not ffi.is_nullish(hosts):
            bridge_to_host(shell, json.loads(ffi.to_str(hosts)))
        return shell

    return start(root, made)


# -- <mic-sentry> widgets: one interpreter mounts them all (web/static/micsentry.js) -------------------
_widgets = {}  # the loader's mount id of an element -> its shell


def mount(element):
    """Start micsentry in a ``<mic-sentry>`` element (its shadow root holds the check's markup)."""
    unmount(element)
    root = element.shadowRoot.querySelector("[data-micsentry]")
    phase = ffi.to_str(element.getAttribute("phase"), contract.BOTH)
    shell = start(root, lambda: Shell(root, phase=phase if phase in contract.PHASES else contract.BOTH,
                                      holder=element))
    if shell is not None:
        _widgets[element._mountId] = shell


def unmount(element):
    """The element left the page: close everything it had open (it may come back: mount again)."""
    shell = _widgets.pop(element._mountId, None)
    if shell is not None:
        shell.close()


def configure(element, name, value):
    """An observed attribute changed after start (as React and Vue set them)."""
    shell = _widgets.get(element._mountId)
    value = ffi.to_str(value)
    if shell is None:
        return
    if name == "phase":
        shell.feed({"kind": "configure", "phase": value if value in contract.PHASES else contract.BOTH})
    elif name == "sdk":
        shell.root.setAttribute("data-sdk", value)
        shell.feed({"kind": "configure", "sdk": value})
    elif name == "lang":  # the loader has put the root into the language *value* and holds its texts
        shell.feed({"kind": "configure", "language": value, "catalog": host_api.catalog(value)})


def main_widgets():
    """Mount every ``<mic-sentry>`` of the page, now and as more are added or leave."""
    registry = js.window.__micsentry.widgets
    for name, function in (("mount", mount), ("unmount", unmount), ("configure", configure)):
        js.Reflect.set(registry, name, callbacks.function(function)[0])  # for the page's lifetime
    pending = [registry.pending[index] for index in range(registry.pending.length)]
    registry.pending.length = 0
    host_api.took_over()
    for element in pending:
        mount(element)
