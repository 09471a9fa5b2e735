"""The demo check page's extras, on top of the product: a test call under ``watch()`` and, with
``?sdk=acs``, a form that joins a real ACS group call. Imports the app, never the other way round.

    from micsentry import demo
    demo.main()
"""

import js

from micsentry import app
from micsentry.core import forms
from micsentry.core.messages import text
from micsentry.browser import callbacks, ffi, media


class DemoShell(app.Shell):
    def __init__(self, root):
        super().__init__(root)
        self.test_stream = None
        self.on_detached.append(self._test_call_ended)
        self.join_form = None
        if ffi.to_str(root.getAttribute("data-sdk")) == "acs":
            form = js.document.querySelector("[data-micsentry-join]")
            if not ffi.is_nullish(form):
                self.join_form = JoinForm(self, form)

    def action(self, name):
        if name == "test-call":
            self.spawn(self.toggle_test_call())
        else:
            super().action(name)

    def close(self):
        if self.join_form is not None:
            self.join_form.handles.close()
        super().close()

    async def toggle_test_call(self):
        """A local track under ``watch()``: what a calling app without ACS would do."""
        if self.test_stream is not None:
            self.detach()
            return
        stream, outcome = await media.open_microphone(self.session.precall.device_id)
        if stream is None:
            self._tool("test-call-failed", name=outcome["error"]["name"], message=outcome["error"]["message"])
            return
        if self.watch(stream):
            self.test_stream = stream
            self._test_call_button("test-call-end")
            self._tool("test-call-running")
        else:
            media.release(stream)

    def _test_call_ended(self):
        if self.test_stream is not None:
            media.release(self.test_stream)
            self.test_stream = None
            self._test_call_button("test-call-start")
            self._tool("test-call-ended")

    def _test_call_button(self, message_id):
        button = self.root.querySelector('[data-micsentry-action="test-call"]')
        if not ffi.is_nullish(button):
            button.textContent = text(message_id, self.session.catalog)

    def _tool(self, message_id, **fields):
        self.feed({"kind": "tool-done", "message": message_id, "fields": fields})


class JoinForm:
    """``[data-micsentry-join]``: join a real ACS group call with a token, and leave it."""

    def __init__(self, shell, form):
        self.shell = shell
        self.form = form
        self.handles = callbacks.Handles()
        self.handles.add(callbacks.listen(form, "submit", self._submitted))
        self.handles.add(callbacks.listen(self._part('[data-micsentry-action="leave"]'), "click",
                                          lambda event: shell.spawn(self.leave())))
        form.hidden = False

    def _part(self, selector):
        return self.form.querySelector(selector)

    def _say(self, message_id, **fields):
        self._part("[data-micsentry-join-status]").textContent = text(message_id, self.shell.session.catalog, **fields)

    def _joined(self, in_call):
        self._part("[data-micsentry-join-submit]").hidden = in_call
        self._part('[data-micsentry-action="leave"]').hidden = not in_call

    def _submitted(self, event):
        event.preventDefault()  # the page never navigates
        elements = self.form.elements
        token = ffi.to_str(elements.namedItem("token").value)
        group = ffi.to_str(elements.namedItem("group").value)
        self.shell.spawn(self.join(token, group))

    async def join(self, token, group_id):
        from micsentry.browser import acs
        problem = forms.join_problem(token, group_id)
        if problem:
            self._say(problem)
            return
        self._say("join-joining")
        try:
            if self.shell.sdk is None:
                self.shell.sdk = acs.CallingSdk()
            feature = await self.shell.sdk.join_group_call(token.strip(), group_id.strip())
            self.shell.attach(feature)
        except Exception as exc:
            info = ffi.error_info(exc)
            self._say("join-failed", name=info["name"], message=info["message"])
            if self.shell.sdk is not None:
                await self.shell.sdk.leave()
            return
        self._joined(True)
        self._say("join-joined")

    async def leave(self):
        self.shell.detach()
        if self.shell.sdk is not None:
            await self.shell.sdk.leave()
        self._joined(False)
        self._say("join-left")


def main():
    return app.main(DemoShell)
