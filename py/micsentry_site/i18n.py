"""The message catalogs: extracted with Babel, translated in gettext ``.po`` files, compiled for the browser.

    i18n/micsentry.pot                       the template, extracted from py/ and templates/ (babel.cfg)
    i18n/<locale>/LC_MESSAGES/micsentry.po   one per language, Babel's layout (pt_BR, zh_Hans, ...)
    <site>/static/i18n/<tag>.json            what the browser fetches, for the active language only:
                                             {"lang", "dir", "messages": {msgid: text}}

The browser names languages by BCP 47 tag (``pt-BR``, ``zh-Hans``); English needs no file, its texts
are the msgids. The demo build adds a pseudo-locale, ``en-XA``: every text accented, lengthened and
bracketed, so that a test sees at once any text that is not from the catalog, or that breaks the layout.

    >>> pseudo("Check again")
    '⟦Çĥéçķ àĝàîñ ẋẋẋẋ⟧'
"""

import json

from micsentry_site.config import ROOT, BuildError

CATALOGS = ROOT / "i18n"
DOMAIN = "micsentry"
TEMPLATE = CATALOGS / (DOMAIN + ".pot")
MAPPING = ROOT / "babel.cfg"
SOURCE = "en"  # the msgids' language
PSEUDO = "en-XA"
_PO_OPTIONS = {"no_location": True, "sort_output": True, "width": 100}


def _babel():
    try:
        from babel.messages import pofile
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise BuildError("Babel is not installed: run `make install` first.") from exc
    return pofile


def tag(locale):
    """The BCP 47 tag of a Babel locale name: ``pt_BR`` -> ``pt-BR``."""
    return locale.replace("_", "-")


def locales():
    """The Babel locale names that have a catalog, sorted."""
    return sorted(path.parent.parent.name for path in CATALOGS.glob("*/LC_MESSAGES/%s.po" % DOMAIN))


def po_path(locale):
    return CATALOGS / locale / "LC_MESSAGES" / (DOMAIN + ".po")


def read(path):
    with open(path, "rb") as handle:
        return _babel().read_po(handle)


def write(path, catalog):
    with open(path, "wb") as handle:
        _babel().write_po(handle, catalog, **_PO_OPTIONS)


def extract():
    """The template catalog, extracted now from the sources (as ``make i18n`` writes it)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with open(MAPPING, encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    catalog = Catalog(project=DOMAIN, copyright_holder="the micsentry authors",
                      msgid_bugs_address="https://github.com/micsentry/micsentry/issues",
                      header_comment="# Translations template for micsentry (make i18n writes it: do not edit).\n"
                      "# Copyright (C) the micsentry authors\n"
                      "# This file is distributed under the same license as the micsentry project.\n#")
    for filename, lineno, message, comments, context in extract_from_dir(str(ROOT), method_map, options_map):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def update():
    """``make i18n``: extract the template anew, then merge it into every catalog (new texts come in
    empty or as fuzzy guesses for a translator to check; texts gone become obsolete entries)."""
    template = extract()
    if TEMPLATE.exists() and ids(read(TEMPLATE)) == ids(template):
        return template  # nothing new: the files stay as they are, dates included
    write(TEMPLATE, template)
    for locale in locales():
        catalog = read(po_path(locale))
        catalog.update(template)
        write(po_path(locale), catalog)
    return template


def ids(catalog):
    """The msgids of *catalog* (the header excluded)."""
    return {message.id for message in catalog if message.id}


def messages(catalog):
    """msgid -> text of the translated, reviewed (not fuzzy) entries of *catalog*."""
    return {message.id: message.string for message in catalog
            if message.id and message.string and not message.fuzzy and isinstance(message.id, str)}


UNCONFIRMED = "unconfirmed:"  # how a translator comment marks a menu label not checked against the vendor's docs


def unconfirmed(catalog):
    """msgid -> translator comment of the entries of *catalog* whose wording a reviewer should confirm."""
    return {message.id: " ".join(message.user_comments) for message in catalog
            if message.id and " ".join(message.user_comments).startswith(UNCONFIRMED)}


def direction(locale):
    from babel import Locale

    return "rtl" if Locale.parse(locale).text_direction == "rtl" else "ltr"


def language_name(locale):
    from babel import Locale

    return Locale.parse(locale).get_display_name()


_ACCENTS = str.maketrans("aAcCeEgGhHiIkKlLnNoOrRsSuUwWyYzZ", "àÀçÇéÉĝĜĥĤîÎķĶĺĹñÑöÖŕŔšŠûÛŵŴýÝžŽ")


def pseudo(message):
    """*message* accented, about 40 % longer (in words a line can break between) and in brackets;
    its ``{placeholders}`` stay as they are."""
    parts, out, depth = [], "", 0
    for char in message:
        if char == "{":
            depth += 1
        if depth:
            out += char
        else:
            out += char.translate(_ACCENTS)
        if char == "}" and depth:
            depth -= 1
    letters = sum(1 for char in message if char.isalpha())
    parts = ["ẋ" * 4] * max(1, (letters * 2 // 5) // 5)
    return "⟦" + out + " " + " ".join(parts) + "⟧"


def compile_all(site, demo):
    """Write ``static/i18n/<tag>.json`` for every catalog (and the pseudo-locale in the demo build);
    returns the site config's ``locales``: tag -> {"dir", "name", "file"} (English: no file)."""
    folder = site / "static" / "i18n"
    folder.mkdir(parents=True, exist_ok=True)
    table = {SOURCE: {"dir": "ltr", "name": "English", "file": None}}
    for locale in locales():
        table[tag(locale)] = _compile(folder, tag(locale), direction(locale), language_name(locale),
                                      messages(read(po_path(locale))))
    if demo:
        table[PSEUDO] = _compile(folder, PSEUDO, "ltr", "Pseudo", {message.id: pseudo(message.id)
                                                                   for message in read(TEMPLATE) if message.id})
    return table


def _compile(folder, name, direction, language, texts):
    path = folder / (name + ".json")
    path.write_text(json.dumps({"lang": name, "dir": direction, "messages": texts}, ensure_ascii=False,
                               sort_keys=True, separators=(",", ":")), encoding="utf-8")
    return {"dir": direction, "name": language, "file": "static/i18n/%s.json" % name}
