"""Renders view models into the page. Text goes in as text (``textContent``), never as HTML.

The page's template provides the empty places this module fills:
``[data-micsentry]`` (the root), ``[data-micsentry-status]`` (``role="status"``),
``[data-micsentry-progress]``, ``[data-micsentry-permission]`` and ``[data-micsentry-banners]``.
"""

import js

from micsentry.browser import ffi


class View:
    """The rendered pre-call check inside one root element.

        view = View(js.document.querySelector("[data-micsentry]"))
        view.render(model)
    """

    def __init__(self, root):
        self.root = root
        self._banners = {}  # phase -> (key, element)
        self._click = None
        container = self._find("[data-micsentry-banners]")
        if not ffi.is_nullish(container):
            # Python runs, so whatever the loader said about the runtime failing no longer holds.
            container.replaceChildren()

    def _find(self, selector):
        return self.root.querySelector(selector)

    def render(self, model):
        self.root.setAttribute("data-state", model["state"])
        if "incall" in model:
            self.root.setAttribute("data-incall", model["incall"])
        self.root.setAttribute("aria-busy", "true" if model["busy"] else "false")
        self._set_text("[data-micsentry-status]", model["status"])
        self._set_text("[data-micsentry-permission]", model["permission"])
        sdk = self._find("[data-micsentry-sdk]")
        if not ffi.is_nullish(sdk):
            self._set_text("[data-micsentry-sdk]", model.get("sdk", ""))
            sdk.parentElement.hidden = not model.get("sdk")
        progress = self._find("[data-micsentry-progress]")
        if not ffi.is_nullish(progress):
            progress.hidden = not model["busy"]
        shown = {}
        for banner in model["banners"]:
            shown[banner["phase"]] = banner
        for phase in list(self._banners):
            if phase not in shown:
                self._banners.pop(phase)[1].remove()
        for phase in shown:
            self._show_banner(shown[phase])

    def _set_text(self, selector, text):
        element = self._find(selector)
        if not ffi.is_nullish(element) and element.textContent != text:
            element.textContent = text

    def _show_banner(self, banner):
        current = self._banners.get(banner["phase"])
        if current is not None and current[0] == banner["key"]:
            return  # unchanged: re-inserting would make screen readers announce it again
        element = _banner_element(banner)
        container = self._find("[data-micsentry-banners]")
        if current is not None:
            container.replaceChild(element, current[1])
        else:
            container.appendChild(element)
        self._banners[banner["phase"]] = (banner["key"], element)

    def on_action(self, handler):
        """Call ``handler(name)`` when a ``[data-micsentry-action]`` button inside the root is used."""

        def clicked(event):
            target = event.target
            button = target.closest("[data-micsentry-action]") if not ffi.is_nullish(target) else None
            if not ffi.is_nullish(button) and button.disabled is not True:
                handler(ffi.to_str(button.getAttribute("data-micsentry-action")))

        self._click = ffi.create_proxy(clicked)
        self.root.addEventListener("click", self._click)

    def dispatch_change(self, detail):
        """Dispatch ``micsentry:change`` (bubbles, composed) on the root with *detail* as plain JSON."""
        init = js.Object.new()
        init.bubbles = True
        init.composed = True
        init.detail = ffi.to_json_object(detail)
        self.root.dispatchEvent(js.CustomEvent.new("micsentry:change", init))

    def expose(self, holder, names, functions):
        """Make *functions* callable from JS through *holder* (``window.micsentry`` or a widget).

        The loaders give *holder* stand-ins that queue calls made before Python ran (in
        ``holder._pending``); they call ``holder._api`` from now on, and the queue is replayed here.
        """
        api = js.Object.new()
        self._exposed = []
        for name in names:
            proxy = ffi.create_proxy(functions[name])
            self._exposed.append(proxy)
            js.Reflect.set(api, name, proxy)
        holder._api = api
        pending = ffi.get(holder, "_pending")
        if pending is not None:
            for index in range(pending.length):
                call = pending[index]
                name = ffi.to_str(call[0])
                if name in functions:
                    args = call[1]
                    functions[name](*[args[i] for i in range(args.length)])
            pending.length = 0
        ready = ffi.get(holder, "_markReady")
        if ready is not None:
            ready()

    def show_level(self, fraction, text):
        """The level meter (a native ``<meter>``): *fraction* 0..1, *text* for people."""
        row = self._find("[data-micsentry-level-row]")
        if ffi.is_nullish(row):
            return
        row.hidden = False
        meter = self._find("[data-micsentry-level]")
        meter.value = fraction
        meter.setAttribute("aria-valuetext", text)
        self._set_text("[data-micsentry-level-text]", text)

    def show_action(self, name, shown, label=None):
        button = self._find('[data-micsentry-action="%s"]' % name)
        if not ffi.is_nullish(button):
            button.hidden = not shown
            if label:
                button.textContent = label

    def set_tools_status(self, text):
        self._set_text("[data-micsentry-tools-status]", text)

    def show_devices(self, devices, selected, on_choose):
        """Fill the microphone picker with ``[{"id", "label"}]``; ``on_choose(id)`` when the user picks."""
        select = self._find("[data-micsentry-device]")
        if ffi.is_nullish(select):
            return
        select.replaceChildren()
        for index, device in enumerate(devices):
            option = js.document.createElement("option")
            option.value = device["id"]
            option.textContent = device["label"] or "Microphone %d" % (index + 1)
            if device["id"] == selected:
                option.selected = True
            select.appendChild(option)
        self._find("[data-micsentry-device-row]").hidden = len(devices) < 1
        if getattr(self, "_choose", None) is None:
            self._choose = ffi.create_proxy(lambda event: self._on_choose(ffi.to_str(select.value)))
            select.addEventListener("change", self._choose)
        self._on_choose = on_choose

    def download(self, filename, text, mime="application/json"):
        """Offer *text* as a file download."""
        parts = js.Array.new()
        parts.push(text)
        blob = js.Blob.new(parts, ffi.to_js({"type": mime}))
        url = js.URL.createObjectURL(blob)
        link = js.document.createElement("a")
        link.href = url
        link.download = filename
        link.hidden = True
        self.root.appendChild(link)
        link.click()
        link.remove()
        js.setTimeout(ffi.create_once(lambda *args: js.URL.revokeObjectURL(url)), 1000)

    async def copy(self, text):
        """Copy *text* to the clipboard; False where the browser refuses."""
        clipboard = ffi.get(js.navigator, "clipboard")
        if clipboard is None:
            return False
        try:
            await clipboard.writeText(text)
        except Exception:
            return False
        return True



def _element(tag, text=None, **attributes):
    element = js.document.createElement(tag)
    for name in attributes:
        element.setAttribute(name.replace("_", "-"), attributes[name])
    if text:
        element.textContent = text
    return element


def _banner_element(banner):
    section = _element(
        "section",
        None,
        data_micsentry_banner="",
        data_phase=banner["phase"],
        data_cause=banner["cause"],
        role=banner["role"],
        tabindex="-1",
        **{"class": "micsentry-banner"}
    )
    if banner.get("ufd"):
        section.setAttribute("data-ufd", banner["ufd"])
    section.appendChild(_element("h2", banner["title"], **{"class": "micsentry-banner__title"}))
    section.appendChild(_element("p", banner["summary"], **{"class": "micsentry-banner__summary"}))
    if banner["steps"]:
        steps = _element("ol", None, **{"class": "micsentry-banner__steps"})
        for step in banner["steps"]:
            steps.appendChild(_element("li", step))
        section.appendChild(steps)
    if banner["detail"]:
        section.appendChild(_element("p", banner["detail"], **{"class": "micsentry-banner__detail"}))
    for action in banner["actions"]:
        section.appendChild(
            _element("button", action[1], type="button", data_micsentry_action=action[0],
                     **{"class": "micsentry-button"})
        )
    return section


class JoinForm:
    """The demo's "join a real test call" form (``[data-micsentry-join]``)."""

    def __init__(self, form):
        self.form = form
        self._proxies = []

    @classmethod
    def find(cls):
        form = js.document.querySelector("[data-micsentry-join]")
        return None if ffi.is_nullish(form) else cls(form)

    def show(self):
        self.form.hidden = False

    def _listen(self, target, event, handler):
        proxy = ffi.create_proxy(handler)
        self._proxies.append(proxy)
        target.addEventListener(event, proxy)

    def on_submit(self, handler):
        """``handler(token, group_id)`` on submit; the page never navigates."""

        def submitted(event):
            event.preventDefault()
            elements = self.form.elements
            handler(ffi.to_str(elements.namedItem("token").value), ffi.to_str(elements.namedItem("group").value))

        self._listen(self.form, "submit", submitted)

    def on_leave(self, handler):
        self._listen(self.form.querySelector('[data-micsentry-action="leave"]'), "click", lambda event: handler())

    def set_status(self, text):
        self.form.querySelector("[data-micsentry-join-status]").textContent = text

    def joined(self, in_call):
        self.form.querySelector("[data-micsentry-join-submit]").hidden = in_call
        self.form.querySelector('[data-micsentry-action="leave"]').hidden = not in_call
