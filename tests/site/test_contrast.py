"""Every colour pair the check draws, in both schemes, against WCAG 2.2's contrast minimums: 4.5:1
for text, 3:1 for what is not text (borders that tell a banner apart, focus rings). The colours are
read from the stylesheet itself (web/static/check.css), so a new theme value cannot slip under."""

import os
import re

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TEXT, NON_TEXT = 4.5, 3.0

# (foreground, background, minimum, where it is drawn)
PAIRS = [
    ("fg", "bg", TEXT, "body text"),
    ("muted", "bg", TEXT, "labels, the tools' status"),
    ("ok", "bg", TEXT, "the ready verdict"),
    ("accent", "bg", TEXT, "quiet buttons' text"),
    ("fg", "warn-bg", TEXT, "banner text"),
    ("muted", "warn-bg", TEXT, "the browser's own words in a banner"),
    ("on-accent", "accent", TEXT, "a button's label (Check again, Copy link)"),
    ("warn-border", "bg", NON_TEXT, "the banner's border"),
    ("accent", "bg", NON_TEXT, "a focused banner's ring, and quiet buttons' border"),
    ("fg", "bg", NON_TEXT, "a focused button's ring on the page"),
    ("fg", "warn-bg", NON_TEXT, "a focused button's ring inside a banner"),
]


def luminance(colour):
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def schemes(path):
    """{"light": {name: #rrggbb}, "dark": {...}} from the stylesheet's custom properties."""
    css = open(path, encoding="utf-8").read()
    dark_at = css.index("@media (prefers-color-scheme: dark)")
    found = {}
    for scheme, part in (("light", css[:dark_at]), ("dark", css[dark_at:css.index("}\n}", dark_at)])):
        found[scheme] = dict(re.findall(r"--micsentry-([a-z-]+):\s*(#[0-9a-fA-F]{6})\b", part))
    found["dark"] = dict(found["light"], **found["dark"])
    return found


COLOURS = schemes(os.path.join(ROOT, "web", "static", "check.css"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("fg,bg,minimum,where", PAIRS, ids=["%s-on-%s-%s" % (p[0], p[1], p[2]) for p in PAIRS])
def test_contrast(scheme, fg, bg, minimum, where):
    colours = COLOURS[scheme]
    ratio = contrast(colours[fg], colours[bg])
    assert ratio >= minimum, "%s (%s on %s, %s): %.2f:1 < %s:1" % (where, colours[fg], colours[bg], scheme, ratio,
                                                                   minimum)


def test_the_dark_check_again_button_of_issue_26():
    assert contrast("#ffffff", "#4493f8") < TEXT  # what it was
    assert contrast(COLOURS["dark"]["on-accent"], COLOURS["dark"]["accent"]) >= TEXT


def test_the_example_apps_widget_theme():
    css = open(os.path.join(ROOT, "web", "examples", "calling-app.css"), encoding="utf-8").read()
    themes = re.findall(r"mic-sentry \{ --micsentry-accent: (#\w{6}); --micsentry-on-accent: (#\w{6}); \}", css)
    assert len(themes) == 2, themes
    for (accent, on_accent), scheme in zip(themes, ("light", "dark")):
        assert contrast(on_accent, accent) >= TEXT
        assert contrast(accent, COLOURS[scheme]["bg"]) >= TEXT
