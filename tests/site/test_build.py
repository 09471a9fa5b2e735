"""The site build: self-contained, the PyScript config names only local files, the contract reaches JS."""

import json
import re

import pytest

from micsentry.core import contract, messages
from micsentry_site import assemble, config

CDN = re.compile(r"cdn\.jsdelivr|unpkg\.com|cdnjs|pyscript\.net|esm\.sh|https?://(?!localhost|YOUR-MICSENTRY-HOST)", re.I)


def test_config_ships_the_package_but_not_host_only_modules():
    files = config.python_files()
    assert "micsentry/core/causes.py" in files and "micsentry/browser/ffi.py" in files
    assert "micsentry/browser/sources/call.py" in files and "micsentry/demo.py" in files
    assert not any(name.endswith("cli.py") or name.startswith(("micsentry_site", "micsentry/host/", "micsentry/site/"))
                   for name in files)
    assert "micsentry/demo.py" not in config.python_files(demo=False)
    for runtime in config.INTERPRETERS:
        built = config.pyscript_config(runtime)
        assert built["interpreter"].startswith("runtime/")
        assert all(not CDN.search(key) for key in built["files"])
        assert "!error" in built["plugins"]


def test_package_lock_pins_what_package_json_asks_for():
    manifest = json.loads((config.WEB / "package.json").read_text())
    lock = json.loads((config.WEB / "package-lock.json").read_text())
    for section in ("dependencies", "devDependencies"):
        for name, version in manifest[section].items():
            assert re.fullmatch(r"\d+\.\d+\.\d+(-[\w.]+)?", version), "%s is not pinned exactly" % name
            assert lock["packages"]["node_modules/" + name]["version"] == version


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if not (config.NODE_MODULES / "@pyscript" / "core").is_dir():
        pytest.skip("web/node_modules is missing: make install")
    return assemble.build(tmp_path_factory.mktemp("site"))


def test_site_holds_every_runtime_file(site):
    for path in ("index.html", "embed.html", "micsentry.js", "static/boot.js", "static/loader.js",
                 "static/site-config.js", "static/widget-markup.js", "runtime/pyscript-0.7.31/core.js",
                 "runtime/pyodide-314.0.5/pyodide.mjs", "runtime/pyodide-314.0.5/pyodide.asm.wasm",
                 "runtime/pyodide-314.0.5/python_stdlib.zip", "runtime/micropython-1.28.0-6/micropython.mjs",
                 "runtime/micropython-1.28.0-6/micropython.wasm", "runtime/acs-2.0.0/communication-calling.js",
                 "py/micsentry/app.py", "py/micsentry/core/session.py", "py/micsentry/demo.py",
                 "examples/calling-app.html", "micsentry-config.json", "licenses/README.txt"):
        assert (site / path).is_file(), path
    assert not (site / "micsentry-config.json.gz").exists()  # edited after the build: never a stale variant


@pytest.fixture(scope="module")
def product(tmp_path_factory):
    if not (config.NODE_MODULES / "@pyscript" / "core").is_dir():
        pytest.skip("web/node_modules is missing: make install")
    return assemble.build(tmp_path_factory.mktemp("product"), demo=False)


def test_product_site_has_no_demo(product):
    assert not (product / "examples").exists() and not (product / "py" / "micsentry" / "demo.py").exists()
    page = (product / "index.html").read_text()
    assert 'data-entry="app"' in page and 'data-micsentry-action="test-call"' not in page
    assert "micsentry/demo.py" not in (product / "static" / "site-config.js").read_text()
    assert json.loads((product / "micsentry-config.json").read_text()) == {"embedOrigins": ["*"]}
    assert 'data-embed-config="micsentry-config.json"' in (product / "embed.html").read_text()


def test_license_notices_for_every_bundled_runtime(product):
    index = (product / "licenses" / "README.txt").read_text()
    for package in ("@pyscript/core", "polyscript", "pyodide", "@micropython/micropython-webassembly-pyscript",
                    "@azure/communication-calling", "@azure/logger"):
        assert "\n%s " % package in "\n" + index, package
    for notice in ("pyodide.txt", "cpython.txt", "micropython.txt", "micsentry.txt", "__pyscript__core/LICENSE"):
        assert (product / "licenses" / notice.replace("__pyscript__core", "@pyscript__core")).is_file(), notice
    assert "Mozilla Public License 2.0" in (product / "licenses" / "pyodide.txt").read_text()


def test_pages_load_nothing_from_other_hosts(site):
    for page in list(site.glob("*.html")) + list((site / "static").glob("*.js")) + [site / "micsentry.js"]:
        text = page.read_text()
        for match in re.finditer(r"(?:src|href)=\"([^\"]+)\"", text):
            assert not CDN.search(match.group(1)), (page.name, match.group(1))
        assert "pyscript.net" not in text


def exported(module_text, name):
    found = re.search(r"^export const %s = (.*);$" % name, module_text, re.M)
    return json.loads(found.group(1))


def test_the_contract_and_texts_reach_js_as_python_names_them(site):
    generated = (site / "static" / "site-config.js").read_text()
    assert exported(generated, "CONTRACT") == json.loads(json.dumps(contract.for_js()))
    assert exported(generated, "MESSAGES") == messages.TEXTS
    site_config = exported(generated, "SITE")
    assert set(site_config["runtimes"]) == set(contract.RUNTIMES)
    assert site_config["runtimes"]["micropython"]["type"] == "mpy"
    # Every message the JS loaders name exists.
    for path in ("static/boot.js", "static/loader.js", "micsentry.js"):
        for message_id in re.findall(r"""["'`]((?:loader|loading|failure)-[a-z-]+)["'`]""", (site / path).read_text()):
            assert message_id in messages.TEXTS, (path, message_id)


def test_the_widget_is_static_and_its_markup_is_data(site):
    widget = (site / "micsentry.js").read_text()
    assert widget == (config.WEB / "widget" / "micsentry.js").read_text()
    markup = exported((site / "static" / "widget-markup.js").read_text(), "MARKUP")
    assert "data-micsentry-banner-template" in markup and "<script" not in markup
    assert "\\u003c" in (site / "static" / "widget-markup.js").read_text()  # no "<" in the module itself


def test_one_banner_markup(site):
    """The banner exists once, as a <template> in the check's markup, for Python and the JS failure path."""
    for page in ("index.html", "embed.html"):
        assert (site / page).read_text().count("data-micsentry-banner-template") == 1
    for path in list((config.PY_ROOT / "micsentry").rglob("*.py")) + list((config.WEB / "static").glob("*.js")):
        assert 'createElement("section")' not in path.read_text(), path
