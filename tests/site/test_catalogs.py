"""The message catalogs: complete, clean, compiled as the .po files say, and the only source of text."""

import json
import re
from html.parser import HTMLParser

import pytest

from micsentry.core import advice, messages, platforms, view
from micsentry_site import i18n
from test_build import exported, site  # noqa: F401 - the built site, once per module

REQUIRED = {"de", "fr", "es", "it", "pt_BR", "nl", "pl", "tr", "ja", "zh_Hans", "ko", "ar"}
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")

# Where a step quotes a system's or a browser's own menus, the labels it shows in that language.
OWN_LABELS = {
    "de": {"windows": "Datenschutz und Sicherheit > Mikrofon", "macos": "Systemeinstellungen > Datenschutz & Sicherheit"},
    "fr": {"windows": "Paramètres > Confidentialité et sécurité > Microphone", "macos": "Réglages Système"},
    "es": {"windows": "Configuración > Privacidad y seguridad > Micrófono", "macos": "Ajustes del Sistema"},
    "it": {"windows": "Impostazioni > Privacy e sicurezza > Microfono", "macos": "Impostazioni di Sistema"},
    "pt_BR": {"windows": "Configurações > Privacidade e segurança > Microfone", "macos": "Ajustes do Sistema"},
    "nl": {"windows": "Instellingen > Privacy en beveiliging > Microfoon", "macos": "Systeeminstellingen"},
    "pl": {"windows": "Ustawienia > Prywatność i zabezpieczenia > Mikrofon", "macos": "Ustawienia systemowe"},
    "tr": {"windows": "Ayarlar > Gizlilik ve güvenlik > Mikrofon", "macos": "Sistem Ayarları"},
    "ja": {"windows": "設定 > プライバシーとセキュリティ > マイク", "macos": "システム設定"},
    "zh_Hans": {"windows": "设置 > 隐私和安全性 > 麦克风", "macos": "系统设置"},
    "ko": {"windows": "설정 > 개인 정보 및 보안 > 마이크", "macos": "시스템 설정"},
    "ar": {"windows": "الإعدادات > الخصوصية والأمان > الميكروفون", "macos": "إعدادات النظام"},
}


def placeholders(text):
    return sorted(set(PLACEHOLDER.findall(text)))


@pytest.fixture(scope="module")
def template():
    return i18n.read(i18n.TEMPLATE)


def test_the_template_is_what_the_sources_say(template):
    assert i18n.ids(i18n.extract()) == i18n.ids(template), "run `make i18n`"


def test_every_message_of_the_code_is_in_the_template(template):
    ids = i18n.ids(template)
    assert set(messages.TEXTS.values()) <= ids
    assert {platforms.BROWSER_NAMES["other"], platforms.SYSTEM_NAMES["other"]} <= ids


def test_the_languages_are_there():
    assert REQUIRED <= set(i18n.locales())
    assert i18n.direction("ar") == "rtl" and i18n.direction("de") == "ltr"


@pytest.mark.parametrize("locale", sorted(i18n.locales()))
def test_a_catalog_is_complete_and_clean(locale, template):
    catalog = i18n.read(i18n.po_path(locale))
    assert str(catalog.locale) == locale
    assert i18n.ids(catalog) == i18n.ids(template), "run `make i18n` and translate what is new"
    assert not catalog.obsolete, "obsolete entries: %s" % list(catalog.obsolete)
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, "fuzzy: %r" % message.id
        assert message.string and message.string.strip(), "untranslated: %r" % message.id
        assert placeholders(message.string) == placeholders(message.id), (message.id, message.string)
        assert message.string.strip() == message.string, message.id  # no stray spaces around


@pytest.mark.parametrize("locale", sorted(OWN_LABELS))
def test_steps_quote_the_systems_own_labels(locale):
    catalog = i18n.messages(i18n.read(i18n.po_path(locale)))
    for system, label in OWN_LABELS[locale].items():
        steps = " ".join(advice.advise("os-blocked", "chrome", system, catalog)["steps"])
        assert label in steps, (locale, system, steps)


def test_compiled_catalogs_are_what_the_po_files_say(site):  # noqa: F811
    locales = exported((site / "static" / "site-config.js").read_text(), "SITE")["locales"]
    assert locales["en"] == {"dir": "ltr", "name": "English", "file": None}
    for locale in i18n.locales():
        entry = locales[i18n.tag(locale)]
        compiled = json.loads((site / entry["file"]).read_text(encoding="utf-8"))
        assert compiled["lang"] == i18n.tag(locale) and compiled["dir"] == entry["dir"] == i18n.direction(locale)
        assert compiled["messages"] == i18n.messages(i18n.read(i18n.po_path(locale)))
    assert locales[i18n.PSEUDO]["file"]  # the demo build's test language


def test_the_pseudo_locale_keeps_placeholders_and_grows():
    for english in ("{browser} is blocking the microphone for this site", "Check again", "{title}."):
        pseudo = i18n.pseudo(english)
        assert pseudo.startswith("⟦") and pseudo.endswith("⟧")
        assert placeholders(pseudo) == placeholders(english)
        assert len(pseudo) > len(english) * 1.2
    assert "{audio: true, video: false}" in i18n.pseudo("call it({audio: true, video: false})")


def test_every_text_of_the_core_comes_from_the_catalog(template):
    """With every msgid mapped to its pseudo text, no English is left in any advice or view text."""
    pseudo = {message.id: i18n.pseudo(message.id) for message in template if message.id}
    for cause in advice._CAUSES:
        for browser in platforms.BROWSERS:
            for system in platforms.SYSTEMS:
                found = advice.advise(cause, browser, system, pseudo)
                for text in [found["title"], found["summary"], found["next_step"]] + found["steps"]:
                    assert text.startswith("⟦") and text.endswith("⟧"), (cause, browser, system, text)
    for cause in advice._REMOTE:
        found = advice.advise_remote(cause, "Ada", pseudo)
        assert all(found[key].startswith("⟦") for key in ("title", "summary", "next_step")), found
    for message_id in messages.TEXTS:
        assert messages.text(message_id, pseudo).startswith("⟦"), message_id
    assert view.failure_banner("x", pseudo)["title"].startswith("⟦")


class _Texts(HTMLParser):
    """Every text of a page and the element it is in, with that element's i18n attributes."""

    def __init__(self):
        super().__init__()
        self.stack, self.texts, self.labels = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "aria-label" in attrs:
            self.labels.append((tag, attrs["aria-label"], "data-i18n-label" in attrs))
        if tag not in ("meta", "link", "input", "br", "img", "source"):
            self.stack.append((tag, "data-i18n" in attrs))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        tags = [tag for tag, _ in self.stack]
        if data.strip() and tags and tags[-1] not in ("script", "style"):
            # Without JavaScript nothing chooses the language: <noscript> stays English (in the catalog all the same).
            self.texts.append((tags[-1], data.strip(), self.stack[-1][1] or "noscript" in tags))


def test_every_text_of_the_pages_is_a_msgid_the_loader_puts_into_the_language(site, template):  # noqa: F811
    ids = i18n.ids(template)
    markup = exported((site / "static" / "widget-markup.js").read_text(), "MARKUP")
    for name, html in (("index.html", (site / "index.html").read_text()), ("embed.html", (site / "embed.html").read_text()),
                       ("widget", markup)):
        parser = _Texts()
        parser.feed(html)
        assert parser.texts, name
        for tag, text, marked in parser.texts:
            assert text in ids and marked, (name, tag, text)
        for tag, label, marked in parser.labels:
            assert label in ids and marked, (name, tag, label)
