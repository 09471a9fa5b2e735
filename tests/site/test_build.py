"""build.py: the site is self-contained and the PyScript config names only local files."""

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import build  # noqa: E402

CDN = re.compile(r"cdn\.jsdelivr|unpkg\.com|cdnjs|pyscript\.net|esm\.sh|https?://(?!localhost)", re.I)


def test_config_ships_the_package_but_not_host_only_modules():
    files = build.python_files()
    assert "micsentry/causes.py" in files and "micsentry/browser/ffi.py" in files
    assert not any(name.endswith("cli.py") for name in files)
    for runtime in build.INTERPRETERS:
        config = build.pyscript_config(runtime)
        assert config["interpreter"].startswith("runtime/")
        assert all(not CDN.search(key) for key in config["files"])
        assert "!error" in config["plugins"]


def test_package_lock_pins_what_package_json_asks_for():
    manifest = json.loads((ROOT / "web" / "package.json").read_text())
    lock = json.loads((ROOT / "web" / "package-lock.json").read_text())
    for section in ("dependencies", "devDependencies"):
        for name, version in manifest[section].items():
            assert re.fullmatch(r"\d+\.\d+\.\d+(-[\w.]+)?", version), "%s is not pinned exactly" % name
            assert lock["packages"]["node_modules/" + name]["version"] == version


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if not (build.NODE_MODULES / "@pyscript" / "core").is_dir():
        pytest.skip("web/node_modules is missing: make install")
    return build.build(tmp_path_factory.mktemp("site"))


def test_site_holds_every_runtime_file(site):
    for path in ("index.html", "embed.html", "micsentry.js", "static/boot.js", "runtime/pyscript-0.7.31/core.js",
                 "runtime/pyodide-314.0.5/pyodide.mjs", "runtime/pyodide-314.0.5/pyodide.asm.wasm",
                 "runtime/pyodide-314.0.5/python_stdlib.zip", "runtime/micropython-1.28.0-6/micropython.mjs",
                 "runtime/micropython-1.28.0-6/micropython.wasm", "runtime/acs-2.0.0/communication-calling.js",
                 "py/micsentry/app.py"):
        assert (site / path).is_file(), path


def test_pages_load_nothing_from_other_hosts(site):
    for page in list(site.glob("*.html")) + list((site / "static").glob("*.js")):
        text = page.read_text()
        for match in re.finditer(r"(?:src|href)=\"([^\"]+)\"", text):
            assert not CDN.search(match.group(1)), (page.name, match.group(1))
        assert "pyscript.net" not in text


def test_boot_config_is_valid_json_for_each_runtime(site):
    html = (site / "index.html").read_text()
    raw = re.search(r'<script type="application/json" id="micsentry-boot">(.*?)</script>', html, re.S).group(1)
    boot = json.loads(raw)
    assert set(boot["runtimes"]) == {"pyodide", "micropython"} and boot["default"] == "pyodide"
    assert boot["runtimes"]["micropython"]["type"] == "mpy"
