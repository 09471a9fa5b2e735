"""Puts a view model (``micsentry.core.view``) into the DOM of one root. Text goes in as text
(``textContent``), never as HTML; banners are clones of the root's ``<template>``.

    renderer = Renderer(root)
    renderer.render(session.view())
    renderer.announce(detail)          # the micsentry:change event

The check's markup (templates/partials/check.html) provides the places filled here.
"""

import js

from micsentry.core.contract import EVENT
from micsentry.browser import callbacks, ffi


class Renderer:
    def __init__(self, root):
        self.root = root
        self._banners = {}  # phase -> (key, element)
        self._notices = {}  # participant -> (key, element): the listener's side
        self._devices = None  # the device list last rendered
        self._model = None  # the whole model last rendered: most events change nothing on screen
        self._template = root.querySelector("[data-micsentry-banner-template]")
        container = self._find("[data-micsentry-banners]")
        if not ffi.is_nullish(container):
            # Python runs, so whatever the loader said about the runtime failing no longer holds.
            container.replaceChildren()

    def _find(self, selector):
        found = self.root.querySelector(selector)
        return None if ffi.is_nullish(found) else found

    def _text(self, selector, text):
        element = self._find(selector)
        if element is not None and element.textContent != text:
            element.textContent = text

    def _hide(self, selector, hidden):
        element = self._find(selector)
        if element is not None and element.hidden != hidden:
            element.hidden = hidden

    def render(self, model):
        if model == self._model:
            return
        self._model = model
        root = self.root
        root.setAttribute("data-state", model["state"])
        root.setAttribute("data-incall", model["incall"])
        root.setAttribute("aria-busy", "true" if model["busy"] else "false")
        self._text("[data-micsentry-status]", model["status"])
        permission = self._find("[data-micsentry-permission]")
        if permission is not None and permission.textContent != model["permission_text"]:
            permission.textContent = model["permission_text"]  # words, in the reader's language
            permission.setAttribute("data-permission", model["permission"])  # the id, in any language
        self._text("[data-micsentry-sdk]", model["sdk"])
        sdk = self._find("[data-micsentry-sdk]")
        if sdk is not None:
            sdk.parentElement.hidden = not model["sdk"]
        self._hide("[data-micsentry-progress]", not model["busy"])
        self._render_banners(model["banners"])
        self._render_remote(model["remote"])
        self._render_level(model["level"])
        self._render_devices(model["devices"])
        self._hide('[data-micsentry-action="level"]', not model["tools"]["level"])
        self._text("[data-micsentry-tools-status]", model["tools"]["status"])

    def _render_banners(self, banners):
        shown = {}
        for banner in banners:
            shown[banner["phase"]] = banner
        for phase in list(self._banners):
            if phase not in shown:
                self._banners.pop(phase)[1].remove()
        container = self._find("[data-micsentry-banners]")
        for phase in shown:
            banner = shown[phase]
            current = self._banners.get(phase)
            if current is not None and current[0] == banner["key"]:
                continue  # unchanged: re-inserting would make screen readers announce it again
            element = self.banner_element(banner)
            if current is not None:
                container.replaceChild(element, current[1])
            else:
                container.appendChild(element)
            self._banners[phase] = (banner["key"], element)

    def banner_element(self, banner):
        """A clone of the banner ``<template>``, filled with *banner*'s texts."""
        section = self._template.content.firstElementChild.cloneNode(True)
        section.setAttribute("data-phase", banner["phase"])
        section.setAttribute("data-cause", banner["cause"])
        section.setAttribute("role", banner["role"])
        if banner.get("ufd"):
            section.setAttribute("data-ufd", banner["ufd"])
        if banner.get("folds"):
            section.setAttribute("data-folds", banner["folds"])  # the pre-call cause it stands for
        part = lambda name: section.querySelector('[data-part="%s"]' % name)  # noqa: E731
        part("title").textContent = banner["title"]
        part("summary").textContent = banner["summary"]
        steps = part("steps")
        for step in banner["steps"]:
            item = js.document.createElement("li")
            item.textContent = step
            steps.appendChild(item)
        if not banner["steps"]:
            steps.remove()
        detail = part("detail")
        if banner["detail"]:
            detail.textContent = banner["detail"]
        else:
            detail.remove()
        button = part("action")
        for action, label in banner["actions"]:
            clone = button.cloneNode(True)
            clone.setAttribute("data-micsentry-action", action)
            clone.textContent = label
            section.appendChild(clone)
        button.remove()
        return section

    def _render_remote(self, remote):
        listing = self._find("[data-micsentry-notices]")
        if listing is None:
            return
        shown = [notice["participant"] for notice in remote["notices"]]
        for participant in list(self._notices):
            if participant not in shown:
                self._notices.pop(participant)[1].remove()
        for notice in remote["notices"]:
            current = self._notices.get(notice["participant"])
            if current is None or current[0] != notice["key"]:
                element = self.notice_element(notice)
                if current is not None:
                    listing.replaceChild(element, current[1])
                self._notices[notice["participant"]] = (notice["key"], element)
            element = self._notices[notice["participant"]][1]
            if listing.lastElementChild is not element:
                listing.appendChild(element)  # each moved to the end in turn: the list ends in the model's order
        self._text("[data-micsentry-remote-more]", remote["more"])
        self._hide("[data-micsentry-remote-more]", not remote["more"])

    def notice_element(self, notice):
        """One remote participant's line: who, why, what they should do. (The list is one
        ``role="status"`` region: the listener need not act, and nested live regions repeat.)"""
        item = js.document.createElement("li")
        item.className = "micsentry-notice"
        for name, value in (("data-micsentry-notice", ""), ("data-phase", "remote"),
                            ("data-participant", notice["participant"]), ("data-cause", notice["cause"]),
                            ("data-ufd", notice["diagnostic"])):
            item.setAttribute(name, value)
        for part, tag in (("title", "strong"), ("summary", "span")):
            element = js.document.createElement(tag)
            element.setAttribute("data-part", part)
            element.textContent = notice[part]
            item.appendChild(element)
            item.appendChild(js.document.createTextNode(" "))
        return item

    def _render_level(self, level):
        self._hide("[data-micsentry-level-row]", not level["shown"])
        row = self._find("[data-micsentry-level-row]")
        if row is not None:
            row.setAttribute("data-live", "true" if level["live"] else "false")
        meter = self._find("[data-micsentry-level]")
        if meter is None or not level["shown"]:
            return
        meter.value = level["fraction"]
        meter.setAttribute("aria-valuetext", level["text"])
        self._text("[data-micsentry-level-text]", level["text"])

    def _render_devices(self, devices):
        select = self._find("[data-micsentry-device]")
        if select is None or devices == self._devices:
            return
        self._devices = devices
        select.replaceChildren()
        for device in devices:
            option = js.document.createElement("option")
            option.value = device["id"]
            option.textContent = device["label"]
            option.selected = device["selected"]
            select.appendChild(option)
        self._hide("[data-micsentry-device-row]", not devices)

    def announce(self, detail):
        """Dispatch ``micsentry:change`` (bubbles, composed) on the root with *detail* as plain JSON."""
        init = js.Object.new()
        init.bubbles = True
        init.composed = True
        init.detail = ffi.to_json_object(detail)
        self.root.dispatchEvent(js.CustomEvent.new(EVENT, init))

    def on_action(self, handler):
        """``handler(name)`` when a ``[data-micsentry-action]`` button inside the root is used."""

        def clicked(event):
            target = event.target
            button = None if ffi.is_nullish(target) else target.closest("[data-micsentry-action]")
            if not ffi.is_nullish(button) and button.disabled is not True:
                handler(ffi.to_str(button.getAttribute("data-micsentry-action")))

        return callbacks.listen(self.root, "click", clicked)

    def on_device_choice(self, handler):
        """``handler(device_id)`` when the user picks a microphone."""
        select = self._find("[data-micsentry-device]")
        if select is None:
            return callbacks.Handle(None)
        return callbacks.listen(select, "change", lambda event: handler(ffi.to_str(select.value)))
