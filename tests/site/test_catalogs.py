"""The message catalogs: complete, clean, compiled as the .po files say, and the only source of text."""

import gettext
import json
import re
from html.parser import HTMLParser

import pytest

from micsentry.core import advice, messages, platforms, view
from micsentry_site import i18n
from micsentry_site.config import ROOT
from test_build import exported, site  # noqa: F401 - the built site, once per module

REQUIRED = {"de", "fr", "es", "it", "pt_BR", "nl", "pl", "tr", "ja", "zh_Hans", "ko", "ar",
            "ru", "uk", "cs", "sv", "da", "nb", "fi", "hu", "id", "vi", "th", "hi", "he", "zh_Hant"}
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
    "ru": {"windows": "Параметры > Конфиденциальность и защита > Микрофон",
           "macos": "Системные настройки > Конфиденциальность и безопасность"},
    "uk": {"windows": "Настройки > Конфіденційність і захист > Мікрофон", "macos": "Системні параметри > Приватність і безпека"},
    "cs": {"windows": "Nastavení > Ochrana osobních údajů a zabezpečení > Mikrofon",
           "macos": "Nastavení systému > Soukromí a zabezpečení"},
    "sv": {"windows": "Inställningar > Sekretess och säkerhet > Mikrofon", "macos": "Systeminställningar > Integritet och säkerhet"},
    "da": {"windows": "Indstillinger > Beskyttelse af personlige oplysninger og sikkerhed > Mikrofon",
           "macos": "Systemindstillinger > Anonymitet & sikkerhed"},
    "nb": {"windows": "Innstillinger > Personvern og sikkerhet > Mikrofon", "macos": "Systeminnstillinger > Personvern og sikkerhet"},
    "fi": {"windows": "Asetukset > Tietosuoja ja suojaus > Mikrofoni", "macos": "Järjestelmäasetukset > Tietosuoja ja turvallisuus"},
    "hu": {"windows": "Gépház > Adatvédelem és biztonság > Mikrofon", "macos": "Rendszerbeállítások > Adatvédelem és biztonság"},
    "id": {"windows": "Pengaturan Windows > Privasi & keamanan > Mikrofon", "macos": "Pengaturan Sistem > Privasi & Keamanan"},
    "vi": {"windows": "Cài đặt Windows > Quyền riêng tư & bảo mật > Micrô", "macos": "Cài đặt hệ thống > Quyền riêng tư & Bảo mật"},
    "th": {"windows": "การตั้งค่า Windows > ความเป็นส่วนตัวและความปลอดภัย > ไมโครโฟน",
           "macos": "การตั้งค่าระบบ > ความเป็นส่วนตัวและความปลอดภัย"},
    "hi": {"windows": "Windows सेटिंग्स > गोपनीयता और सुरक्षा > माइक्रोफ़ोन", "macos": "सिस्टम सेटिंग्ज़ > गोपनीयता और सुरक्षा"},
    "he": {"windows": "הגדרות > פרטיות ואבטחה > מיקרופון", "macos": "הגדרות המערכת > פרטיות ואבטחה"},
    "zh_Hant": {"windows": "設定 > 隱私權與安全性 > 麥克風", "macos": "系統設定 > 隱私權與安全性"},
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
    assert i18n.direction("ar") == i18n.direction("he") == "rtl" and i18n.direction("de") == "ltr"


@pytest.mark.parametrize("locale", sorted(i18n.locales()))
def test_a_catalog_counts_by_the_cldr_plural_rules(locale):
    """Plural-Forms sorts the whole numbers as CLDR's rules for the language do: as many forms as CLDR
    has categories for them, and no form that mixes two categories."""
    from babel import Locale

    catalog = i18n.read(i18n.po_path(locale))
    rule, choose = Locale.parse(locale).plural_form, gettext.c2py(catalog.plural_expr)
    categories = {}
    for number in range(1001):
        categories.setdefault(choose(number), set()).add(rule(number))
    assert catalog.num_plurals == len(set().union(*categories.values())), catalog.plural_forms
    assert all(len(found) == 1 for found in categories.values()), (catalog.plural_forms, categories)


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


def test_the_readme_lists_every_language_and_what_a_reviewer_should_confirm():
    """The README's language table: a row per catalog, and the count of its unconfirmed menu labels
    (entries whose translator comment starts "unconfirmed:")."""
    rows = {}
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and re.fullmatch(r"`[A-Za-z-]+`", cells[1]):
            rows[cells[1].strip("`")] = cells[2:]
    assert set(rows) == {i18n.tag(locale) for locale in i18n.locales()} | {i18n.SOURCE}
    for locale in i18n.locales():
        notes = i18n.unconfirmed(i18n.read(i18n.po_path(locale)))
        said = rows[i18n.tag(locale)][1]
        assert (int(said.split(":")[0]) if notes else said) == (len(notes) if notes else "–"), (locale, said, notes)
    assert "`zh-TW`" in rows["zh-Hant"][0] and "`iw`" in rows["he"][0] and "`nn`" in rows["nb"][0]


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
