"""Browser entry point: wires the adapters (``micsentry.browser``) to the pure core.

The page runs::

    from micsentry import app
    app.main()

No decision is taken here: ``causes`` classifies, ``view`` decides what is shown, ``browser.dom``
shows it.
"""

import asyncio

import js

from micsentry import causes, platforms, view
from micsentry.browser import dom, ffi, media


class PrecallCheck:
    """The pre-call microphone check on one root element."""

    def __init__(self, root):
        self.view = dom.View(root)
        hints = media.platform_hints()
        self.platform = platforms.detect(hints[0], hints[1])
        self.check = {"state": "starting", "permission": "unknown", "cause": None, "error": None}
        self.observation = None
        self._status = None
        self._stop_listening = None
        self._running = False
        self._again = False
        root.setAttribute("data-runtime", ffi.RUNTIME)
        root.setAttribute("data-browser", self.platform["browser"])
        root.setAttribute("data-system", self.platform["system"])

    def _update(self, **changes):
        for name in changes:
            self.check[name] = changes[name]
        self.view.render(view.precall_view(self.check, self.platform))

    async def start(self):
        self.view.on_action(self._action)
        state, self._status = await media.permission_status()
        self._update(permission=state)
        self._stop_listening = media.on_permission_change(self._status, self._permission_changed)
        await self.run()

    async def run(self):
        """Run the check; a request made while one runs is queued once, not run twice at a time."""
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
        self._update(state="checking", cause=None, error=None)
        observation = media.environment()
        observation["permission_before"] = self.check["permission"]
        observation["requested"] = False
        # Ask right after start, as the troubleshooting guide asks apps to do, unless the page may
        # not ask at all (insecure, blocked by policy, no API). A denied grant is asked too: the
        # browser then refuses without a prompt and its error tells the causes apart.
        if observation["secure_context"] and observation["media_devices"] and observation["policy"] != "blocked":
            observation["requested"] = True
            observation.update(await media.request_microphone())
        after = media.read_state(self._status) if self._status is not None else observation["permission_before"]
        observation["permission_after"] = after
        self.observation = observation
        cause = causes.classify(observation)
        self._update(
            state="ok" if cause == causes.OK else "warning",
            cause=cause,
            error=observation.get("error"),
            permission=after,
        )

    def _permission_changed(self, state):
        if state == self.check["permission"] and not self._running:
            return
        if self._running:
            # Our own request changes the state (a prompt answered); the check reads it afterwards.
            return
        action = causes.after_permission_change(state)
        if action[0] == "recheck":
            self._update(permission=state)
            _spawn(self.run())
        else:
            self._update(state="warning", cause=action[1], error=None, permission=state)

    def _action(self, name):
        if name == "recheck":
            _spawn(self.run())


def _spawn(coroutine):
    asyncio.create_task(_guarded(coroutine))


async def _guarded(coroutine):
    try:
        await coroutine
    except Exception as exc:  # never a traceback in the page: say what happened and what to do
        _fail(exc)


_check = None


def _fail(exc):
    what = type(exc).__name__ + ": " + str(exc)
    ffi.console_warn("micsentry:", what)
    if _check is not None:
        _check.check["failure"] = what
        _check._update(state="error")


def main():
    """Start the pre-call check on the page's ``[data-micsentry]`` root."""
    global _check
    root = js.document.querySelector("[data-micsentry]")
    if ffi.is_nullish(root):
        ffi.console_warn("micsentry: no [data-micsentry] element on this page")
        return None
    try:
        _check = PrecallCheck(root)
    except Exception as exc:
        ffi.console_warn("micsentry:", type(exc).__name__, exc)
        root.setAttribute("data-state", "error")
        return None
    _spawn(_check.start())
    return _check
