"""MkDocs hook: the docs' gallery of every state, from the accessibility suite's own run.

``tests/e2e/test_accessibility.py`` leaves, for each state a user can see and each language,
``build/screenshots/<lang>/<state>-<scheme>-<width>.png`` and ``<state>.json`` (what the state told the
user, as shown). This hook turns them into ``gallery.md`` and its pictures. Which states must be
there comes from the product (every cause in ``micsentry.core.causes``), not from the folder: a state
without its pictures fails the build, so the gallery is never stale and never silently short.

Named in ``mkdocs.yml`` (``hooks:``); ``make screenshots`` runs the suite that takes the pictures.
"""

import html
import json
import os

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from micsentry.core import causes
from micsentry_site.config import ROOT

# MICSENTRY_SCREENSHOTS: another folder of them (the docs tests build with stand-ins).
SHOTS = os.environ.get("MICSENTRY_SCREENSHOTS") or str(ROOT / "build" / "screenshots")
# (tag, name as its speakers write it, direction): English and a language written right to left.
LANGS = (("en", "English", "ltr"), ("ar", "العربية", "rtl"))
SCHEMES = ("light", "dark")
WIDTH = 320  # the phone's width: the pictures sit side by side, and every state fits one

# (heading, introduction, [(state, the id to show)]), in the order a user meets them.
GROUPS = (
    ("Before the call", "The pre-call check's verdict on the check page: `data-phase=\"precall\"`, "
     "`data-cause` as named.", [("precall-" + cause, cause) for cause in causes.PRECALL + (causes.MIC_SILENT,)]),
    ("During the call", "The speaker's in-call banner, raised by a User Facing Diagnostic (or the browser's own "
     "signal): `data-phase=\"incall\"`.", [("incall-" + cause, cause) for cause in causes.INCALL]),
    ("The listener's side", "Who cannot be heard, and why: `[data-micsentry-notice]` items, a `role=\"status\"` "
     "region.", [("remote-notices", "notices")]),
    ("When micsentry cannot run", "The runtime could not load (here: its WebAssembly file answered 404).",
     [("failure", "failure")]),
    ("Embedded", "The `<mic-sentry>` widget on a calling app's page, before and during a call, and `embed.html` "
     "in a frame that fits it.", [("widget-precall", "<mic-sentry> before the call"),
                                  ("widget-incall", "<mic-sentry> during a call"),
                                  ("embed-precall", "embed.html in a frame")]),
)


def states():
    return [state for _, _, members in GROUPS for state, _ in members]


def pictures(state, lang):
    return ["%s/%s-%s-%d.png" % (lang, state, scheme, WIDTH) for scheme in SCHEMES]


def missing(shots=SHOTS):
    """Every picture and record the gallery needs that the screenshots folder lacks."""
    needed = []
    for state in states():
        for lang, _, _ in LANGS:
            needed += pictures(state, lang) + ["%s/%s.json" % (lang, state)]
    return [name for name in needed if not os.path.isfile(os.path.join(shots, name))]


def _told(record):
    """What a state told the user, as HTML (escaped: the texts are the product's, shown as text)."""
    parts = []
    for frame in record["frames"]:
        for banner in frame["banners"]:
            parts.append("<p><code>data-phase=%s data-cause=%s</code></p>" % (
                html.escape(banner["phase"] or ""), html.escape(banner["cause"] or "")))
            parts.append("<p><strong>%s</strong></p>" % html.escape(banner["title"]))
            if banner["summary"]:
                parts.append("<p>%s</p>" % html.escape(banner["summary"]))
            if banner["steps"]:
                parts.append("<ol>%s</ol>" % "".join("<li>%s</li>" % html.escape(s) for s in banner["steps"]))
            if banner["detail"]:
                parts.append("<p><small>%s</small></p>" % html.escape(banner["detail"]))
        for notice in frame["notices"]:
            parts.append("<p><code>data-cause=%s</code> %s</p>" % (
                html.escape(notice["cause"]), html.escape(notice["text"]).replace("\n", "<br>")))
        if not frame["banners"] and not frame["notices"]:
            parts += ["<p>%s</p>" % html.escape(status) for status in frame["status"]]
    return "\n".join(parts)


def page(shots=SHOTS):
    """The gallery's Markdown."""
    lines = ["# Gallery: every state", "",
             "What a user sees in each state, taken by the accessibility suite "
             "(`tests/e2e/test_accessibility.py`) in the same test run that built these pages: Chromium on "
             "Linux at a phone's width (%d px), in light and dark, in English and in Arabic (right to left). "
             "Under each pair is what the state told the user, word for word; the ids are the same in every "
             "language ([page contract](reference/page-contract.md))." % WIDTH, ""]
    for heading, intro, members in GROUPS:
        lines += ["## %s" % heading, "", intro, ""]
        for state, shown in members:
            lines += ["### `%s` { #%s }" % (shown, state), ""]
            for lang, name, direction in LANGS:
                with open(os.path.join(shots, lang, state + ".json"), encoding="utf-8") as source:
                    record = json.load(source)
                lines += ['=== "%s"' % name, "",
                          '    <div class="gallery-pair" markdown>', ""]
                for scheme, picture in zip(SCHEMES, pictures(state, lang)):
                    lines.append("    ![%s, %s, %s](gallery/%s){ loading=lazy width=%d }"
                                 % (shown, name, scheme, picture, WIDTH))
                lines += ["", "    </div>", "",
                          '    <div class="gallery-told" lang="%s" dir="%s">' % (lang, direction)]
                lines += ["    " + line for line in _told(record).split("\n")]
                lines += ["    </div>", ""]
    return "\n".join(lines) + "\n"


def on_files(files, config):
    gone = missing()
    if gone:
        raise PluginError("the gallery has no picture or record of %d item(s), e.g. %s, in %s: run `make screenshots`"
                          " (the accessibility suite takes them; `make test` does too)" % (
                              len(gone), ", ".join(gone[:4]), SHOTS))
    for state in states():
        for lang, _, _ in LANGS:
            for picture in pictures(state, lang):
                files.append(File.generated(config, "gallery/" + picture, abs_src_path=os.path.join(SHOTS, picture)))
    files.append(File.generated(config, "gallery.md", content=page()))
    return files

