"""The docs' advice table (docs/reference/causes.md) is what ``advice.advise`` tells each browser x
system pair, word for word.

After changing a text: ``python tests/core/test_docs_advice.py`` writes the table again.
"""

from pathlib import Path

from micsentry.core import advice, platforms

PAGE = Path(__file__).resolve().parents[2] / "docs" / "reference" / "causes.md"
START, END = "<!-- advice-table: tests/core/test_docs_advice.py -->", "<!-- /advice-table -->"


def _cell(text):
    return text.replace("|", "\\|")


def table():
    rows = ["| browser | system | the site is blocked (`browser-denied`) | the system blocks the browser (`os-blocked`) |",
            "| --- | --- | --- | --- |"]
    for browser in platforms.BROWSERS:
        for system in platforms.SYSTEMS:
            site = advice.advise("browser-denied", browser, system)["steps"][0]
            privacy = advice.advise("os-blocked", browser, system)["steps"][0]
            rows.append("| `%s` | `%s` | %s | %s |" % (browser, system, _cell(site), _cell(privacy)))
    rows += ["", "| app's own browser on | title | first step |", "| --- | --- | --- |"]
    for system in platforms.SYSTEMS:
        found = advice.advise("in-app-browser", "chrome", system, None, "instagram")
        rows.append("| `%s` (e.g. Instagram) | %s | %s |" % (system, _cell(found["title"]), _cell(found["steps"][0])))
    return "\n".join(rows)


def written():
    text = PAGE.read_text()
    return text[text.index(START) + len(START):text.index(END)].strip("\n")


def test_the_docs_list_what_every_browser_and_system_is_told():
    assert written() == table(), "run: python tests/core/test_docs_advice.py"


if __name__ == "__main__":
    text = PAGE.read_text()
    PAGE.write_text(text[:text.index(START) + len(START)] + "\n" + table() + "\n" + text[text.index(END):])
