"""The documentation: the strict MkDocs build (links, anchors, navigation, nothing loaded from another
host), the gallery's rule that every state has its pictures, and a README that stays short and points
into the docs. ``make test`` builds the docs again after the suite, with the pictures of that run."""

import base64
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from micsentry.core import causes
from micsentry_site import docs_gallery, docs_offline

ROOT = Path(__file__).resolve().parents[2]
MKDOCS = ROOT / ".venv" / "bin" / "mkdocs"
# A 1x1 picture: the build needs a file, not a look.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4//8/AwAI/AL+p5qgoAAAAABJRU5ErkJggg==")


def record(state, lang, title="<b>Blocked</b> & more"):
    return {"state": state, "lang": lang, "frames": [{"status": ["Status"], "notices": [], "banners": [
        {"phase": "precall", "cause": "browser-denied", "title": title, "summary": "Summary", "steps": ["One", "Two"],
         "detail": "Your browser said: NotAllowedError"}]}]}


def stand_ins(folder, leave_out=()):
    """A screenshots folder with a picture and a record of every state the gallery needs."""
    for state in docs_gallery.states():
        for lang, _, _ in docs_gallery.LANGS:
            os.makedirs(folder / lang, exist_ok=True)
            for picture in docs_gallery.pictures(state, lang):
                if picture not in leave_out:
                    (folder / picture).write_bytes(PNG)
            (folder / lang / (state + ".json")).write_text(json.dumps(record(state, lang)))
    return folder


def build(shots, out):
    return subprocess.run([str(MKDOCS), "build", "--strict", "--site-dir", str(out)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, env=dict(os.environ, MICSENTRY_SCREENSHOTS=str(shots),
                                                           NO_MKDOCS_2_WARNING="1"))


def test_the_strict_build_passes(tmp_path):
    done = build(stand_ins(tmp_path / "shots"), tmp_path / "site")
    assert done.returncode == 0, done.stdout + done.stderr
    gallery = (tmp_path / "site" / "gallery.html").read_text()
    for state in docs_gallery.states():
        assert 'id="%s"' % state in gallery, state
    # The product's texts reach the page as text, in their language and direction.
    assert "&lt;b&gt;Blocked&lt;/b&gt; &amp; more" in gallery and "<b>Blocked</b>" not in gallery
    assert 'lang="ar" dir="rtl"' in gallery
    assert (tmp_path / "site" / "samples" / "report-blocked.json").is_file()  # the CLI example's files


def test_a_state_without_its_picture_fails_the_build(tmp_path):
    gone = "ar/incall-mic-silent-dark-320.png"
    done = build(stand_ins(tmp_path / "shots", leave_out=(gone,)), tmp_path / "site")
    assert done.returncode != 0
    assert gone in done.stdout + done.stderr and "make screenshots" in done.stdout + done.stderr


def test_the_gallery_has_every_state_the_product_has():
    shown = set(docs_gallery.states())
    assert {"precall-" + cause for cause in causes.PRECALL + (causes.MIC_SILENT,)} <= shown
    assert {"incall-" + cause for cause in causes.INCALL} <= shown
    assert {"remote-notices", "failure", "widget-precall", "widget-incall", "embed-precall"} <= shown
    assert [lang for lang, _, _ in docs_gallery.LANGS] == ["en", "ar"]


@pytest.mark.parametrize("page_html,found", [
    ('<script src="assets/a.js"></script><img src="gallery/en/x.png">', []),
    ('<a href="https://learn.microsoft.com/">guide</a>', []),
    ('<link rel="canonical" href="http://localhost:8001/index.html">', []),
    ('<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">', ["<link href=https://fonts.googleapis.com/css?family=Roboto>"]),
    ('<script src="//unpkg.com/iframe-worker/shim"></script>', ["<script src=//unpkg.com/iframe-worker/shim>"]),
])
def test_nothing_is_loaded_from_another_host(page_html, found):
    assert docs_offline.elsewhere(page_html) == found


def test_the_readme_is_short_and_points_into_the_docs():
    text = (ROOT / "README.md").read_text()
    assert len(text.splitlines()) <= 200
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text)
    assert any(link.startswith("docs/") for link in links)
    for link in links:
        if "://" not in link:
            assert (ROOT / link).exists(), link


def test_a_broken_anchor_fails_the_build(tmp_path):
    """--strict fails on a link to an anchor that is not there (also into the generated gallery)."""
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    config = (ROOT / "mkdocs.yml").read_text().replace("  - py/", "  - %s/py/" % ROOT)
    (tmp_path / "mkdocs.yml").write_text(config.replace("base_path: [.]", "base_path: [%s]" % ROOT))
    page = tmp_path / "docs" / "reference" / "causes.md"
    page.write_text(page.read_text().replace("gallery.md#precall-ok)", "gallery.md#precall-nope)"))
    done = subprocess.run([str(MKDOCS), "build", "--strict", "--site-dir", str(tmp_path / "site")], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, MICSENTRY_SCREENSHOTS=str(stand_ins(tmp_path / "shots")),
                                   NO_MKDOCS_2_WARNING="1"))
    assert done.returncode != 0 and "precall-nope" in done.stderr, done.stderr


def test_make_docs_is_strict_and_not_quiet():
    recipe = (ROOT / "Makefile").read_text().split("\ndocs:", 1)[1].split("\n\n", 1)[0]
    assert "$(MKDOCS) build --strict" in recipe and "--quiet" not in recipe and " -q" not in recipe
