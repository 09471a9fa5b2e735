"""The site build: self-contained, the PyScript config names only local files, the contract reaches JS."""

import json
import os
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
        assert "files" not in built  # the package comes as one archive, not a request per module


def test_every_pyscript_plugin_is_off():
    """The page uses none of PyScript's plugins (editor, terminal, game…): none may load."""
    listing = (config.NODE_MODULES / "@pyscript" / "core" / "src" / "plugins.js").read_text()
    plugins = set(re.findall(r'^\s+\[?"?([\w-]+)"?\]?: \(\) =>', listing, re.M))
    assert "error" in plugins and "py-editor" in plugins
    for runtime in config.INTERPRETERS:
        assert set(config.pyscript_config(runtime)["plugins"]) == {"!" + name for name in plugins}


def test_package_lock_pins_what_package_json_asks_for():
    manifest = json.loads((config.WEB / "package.json").read_text())
    lock = json.loads((config.WEB / "package-lock.json").read_text())
    for section in ("dependencies", "devDependencies"):
        for name, spec in manifest[section].items():
            # An alias (npm:playwright-core@1.64.1, a second version beside another) is pinned the same way.
            real, version = spec[4:].rsplit("@", 1) if spec.startswith("npm:") else (name, spec)
            assert re.fullmatch(r"\d+\.\d+\.\d+(-[\w.]+)?", version), "%s is not pinned exactly" % name
            locked = lock["packages"]["node_modules/" + name]
            assert locked["version"] == version and locked.get("name", name) == real


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
                 "static/untar.js", "examples/calling-app.html", "micsentry-config.json", "licenses/README.txt"):
        assert (site / path).is_file(), path
    assert not (site / "micsentry-config.json.gz").exists()  # edited after the build: never a stale variant
    assert not (site / "py").exists()  # the package is in the archives


def archive_names(site, runtime):
    """(path, member names in order) of *runtime*'s package archive: MicroPython's image, Pyodide's tar."""
    import tarfile

    from micsentry_site import romfs

    path = site / exported((site / "static" / "site-config.js").read_text(), "SITE")["runtimes"][runtime]["package"]
    if path.suffix == ".romfs":
        return path, list(romfs.read(path.read_bytes()))
    with tarfile.open(path) as tar:
        return path, tar.getnames()


def test_one_archive_per_runtime_under_a_content_path(site):
    py_path, py_names = archive_names(site, "pyodide")
    mpy_path, mpy_names = archive_names(site, "micropython")
    assert py_path.parent == mpy_path.parent and py_path.parent.name.startswith("micsentry-0.1.0-")
    assert (py_path.name, mpy_path.name) == ("micsentry.tar", "micsentry.romfs")
    for name in ("micsentry/app.py", "micsentry/demo.py", "micsentry/core/session.py", "micsentry/browser/sources/call.py"):
        assert name + "c" in py_names and name[:-3] + ".mpy" in mpy_names
    assert not any(name.endswith(".py") for name in mpy_names + py_names)
    # The tar's folders first: each parent is made before what it holds.
    for index, name in enumerate(py_names):
        parent = name.rsplit("/", 1)[0]
        assert "/" not in name or parent in py_names[:index], name
    assert (mpy_path.parent / (mpy_path.name + ".br")).is_file()  # sent compressed


def test_the_site_says_how_each_archive_goes_into_its_runtime(site):
    """MicroPython's image is written as one file and mounted by the script's first lines; Pyodide's
    tar is unpacked by the loader (static/loader.js putPackage)."""
    from micsentry_site import package

    runtimes = exported((site / "static" / "site-config.js").read_text(), "SITE")["runtimes"]
    assert runtimes["pyodide"]["unpack"] == {"kind": "tar"}
    image = runtimes["micropython"]["unpack"]
    assert image == {"kind": "image", "file": package.IMAGE_FILE, "prelude": package.MOUNT}
    assert "vfs.VfsRom" in image["prelude"] and 'sys.path.insert(0, "%s")' % package.IMAGE_MOUNT in image["prelude"]
    # Only MicroPython misses in the file system on every import (the loader makes a miss cheap there).
    assert runtimes["micropython"]["cheapMisses"] is True and runtimes["pyodide"]["cheapMisses"] is False


def test_the_romfs_image_reads_back_and_refuses_what_it_cannot_hold():
    from micsentry_site import romfs

    files = {"pkg/__init__.mpy": b"M" * 200, "pkg/sub/deep.mpy": b"", "top.mpy": bytes(range(256))}
    image = romfs.build(files)
    assert image[:3] == b"\xd2\xcd\x31" and len(image) % 2 == 0
    assert romfs.read(image) == files and romfs.build(dict(reversed(list(files.items())))) == image
    assert romfs.read(romfs.build({})) == {}
    for bad in ("/abs.mpy", "a/../b.mpy", "a//b.mpy", "caf\u00e9.mpy"):
        with pytest.raises(ValueError):
            romfs.build({bad: b""})
    with pytest.raises(ValueError):
        romfs.build({"a": b"", "a/b": b""})
    for damaged in (b"PK\x03\x04", image[:-1], image[:3] + b"\x01" + image[4:]):
        with pytest.raises((ValueError, IndexError)):
            romfs.read(damaged)


def test_the_bytecode_is_for_the_shipped_micropython(site):
    from micsentry_site import package, romfs

    path, _ = archive_names(site, "micropython")
    header = romfs.read(path.read_bytes())["micsentry/app.mpy"][:4]
    # mpy format 6, bytecode only (tests/core/test_core_on_runtimes.py imports it on the real runtime).
    assert header[:3] == b"M\x06\x00", header
    assert package.runtime_version() == "1.28.0"


def test_the_bytecode_is_for_the_shipped_pyodide(site):
    """Pyodide's .pyc files carry its CPython's magic number (the one pyodide-lock.json names) and are
    hash-based: the same sources give the same archive, whatever the time of the build."""
    import tarfile

    path, _ = archive_names(site, "pyodide")
    with tarfile.open(path) as tar:
        header = tar.extractfile("micsentry/app.pyc").read()[:16]
    lock = json.loads((config.NODE_MODULES / "pyodide" / "pyodide-lock.json").read_text())
    assert lock["info"]["python"].startswith("3.14")
    assert int.from_bytes(header[:2], "little") in range(3600, 3700)  # 3.14's magic numbers
    assert int.from_bytes(header[4:8], "little") & 1  # hash-based


def test_the_build_refuses_a_mismatched_compiler(monkeypatch, tmp_path):
    from micsentry_site import package

    monkeypatch.setattr(package, "runtime_version", lambda: "9.9.9")
    with pytest.raises(config.BuildError, match="does not match the shipped MicroPython 9.9.9"):
        package.mpy_cross()


def test_pages_preload_what_the_start_fetches(site):
    site_config = exported((site / "static" / "site-config.js").read_text(), "SITE")
    for page in ("index.html", "embed.html"):
        text = (site / page).read_text()
        preloads = re.findall(r'<link rel="modulepreload" href="([^"]+)">', text)
        assert preloads.index("static/loader.js") < preloads.index(site_config["core"])
        for module in site_config["modules"] + site_config["runtimes"][contract.DEFAULT_RUNTIME]["start"]["modules"]:
            assert module in preloads, (page, module)
        for module in preloads:
            assert (site / module).is_file(), module
    for runtime in site_config["runtimes"].values():
        for path in runtime["start"]["modules"] + runtime["start"]["fetches"]:
            assert (site / path).is_file(), path


@pytest.fixture(scope="module")
def product(tmp_path_factory):
    if not (config.NODE_MODULES / "@pyscript" / "core").is_dir():
        pytest.skip("web/node_modules is missing: make install")
    return assemble.build(tmp_path_factory.mktemp("product"), demo=False)


def test_product_site_has_no_demo(product):
    assert not (product / "examples").exists()
    assert "micsentry/demo.py" not in archive_names(product, "pyodide")[1]
    page = (product / "index.html").read_text()
    assert 'data-entry="app"' in page and 'data-micsentry-action="test-call"' not in page
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
    for path in ("static/boot.js", "static/page.js", "static/loader.js", "static/widget.js", "micsentry.js"):
        for message_id in re.findall(r"""["'`]((?:loader|loading|failure)-[a-z-]+)["'`]""", (site / path).read_text()):
            assert message_id in messages.TEXTS, (path, message_id)


def imported_from(site, entry):
    """*entry* (a site-relative module) and every module it imports statically, followed down."""
    pending, seen = [entry], set()
    while pending:
        path = pending.pop()
        seen.add(path)
        for imported in re.findall(r'^(?:import|} from|export .* from)[^"]*"(\./[^"]+)"', (site / path).read_text(), re.M):
            resolved = os.path.normpath(os.path.join(os.path.dirname(path), imported))
            if resolved not in seen:
                pending.append(resolved)
    return seen


def test_the_widget_entry_asks_for_its_whole_start_at_once(site):
    """micsentry.js is the source with the build's list of what the widget's start loads: the widget,
    every module it imports (statically, from static/widget.js down) and each runtime's files."""
    from micsentry_site import assemble

    entry = (site / "micsentry.js").read_text()
    source = (config.WEB / "widget" / "micsentry.js").read_text()
    start = json.loads(re.search(r"^const START = (.*);$", entry, re.M).group(1))
    # One file: static/early.js is written into it, so nothing waits on an import before the downloads.
    assert not re.search(r"^import ", entry, re.M)
    stand_in = re.sub(r"^export ", "", (config.WEB / "static" / "early.js").read_text(), flags=re.M)
    assert "\n" + stand_in in entry
    assert (assemble.ENTRY_START.sub("", entry.replace("\n" + stand_in, ""))
            == assemble.ENTRY_START.sub("", assemble.ENTRY_IMPORT.sub("", source)))
    site_config = exported((site / "static" / "site-config.js").read_text(), "SITE")
    assert start["runtimes"] == {name: runtime["start"] for name, runtime in site_config["runtimes"].items()}
    assert start["defaultRuntime"] == contract.DEFAULT_RUNTIME
    assert start["api"] == list(contract.API)
    listed = {start["widget"]} | set(start["modules"])
    assert set(site_config["modules"]) <= listed
    # Every module the widget imports statically, followed from static/widget.js, is asked for up front.
    seen = imported_from(site, start["widget"])
    assert seen <= listed, seen - listed


def test_the_page_entry_asks_for_its_runtimes_files_first(site):
    """boot.js is one file (early.js written in) that asks for the chosen runtime's fetches before the
    page's loader (static/page.js) loads; the page's HTML declares every module of the start."""
    from micsentry_site import assemble

    boot = (site / "static" / "boot.js").read_text()
    assert not re.search(r"^import ", boot, re.M)
    start = json.loads(re.search(r"^const START = (.*);$", boot, re.M).group(1))
    site_config = exported((site / "static" / "site-config.js").read_text(), "SITE")
    assert start["runtimes"] == {name: {"fetches": runtime["start"]["fetches"]}
                                 for name, runtime in site_config["runtimes"].items()}
    assert start["page"] == "static/page.js" and start["api"] == list(contract.API)
    html = (site / "index.html").read_text()
    declared = set(re.findall(r'<link rel="modulepreload" href="([^"]+)"', html))
    seen = imported_from(site, start["page"])
    assert seen <= declared, seen - declared


def test_the_widget_markup_is_data(site):
    markup = exported((site / "static" / "widget-markup.js").read_text(), "MARKUP")
    assert "data-micsentry-banner-template" in markup and "<script" not in markup
    assert "\\u003c" in (site / "static" / "widget-markup.js").read_text()  # no "<" in the module itself


def test_one_banner_markup(site):
    """The banner exists once, as a <template> in the check's markup, for Python and the JS failure path."""
    for page in ("index.html", "embed.html"):
        assert (site / page).read_text().count("data-micsentry-banner-template") == 1
    for path in list((config.PY_ROOT / "micsentry").rglob("*.py")) + list((config.WEB / "static").glob("*.js")):
        assert 'createElement("section")' not in path.read_text(), path


def test_the_archives_carry_micsentry_alone():
    """PyScript's own package is neither written nor imported (the loader runs our script without
    PyScript's code before it, and browser/ffi.py uses each interpreter's own FFI): no archive
    carries it, and no shipped module imports it. Each runtime gets bytecode, no source."""
    from micsentry_site import package

    bytecode = {"micropython": ".mpy", "pyodide": ".pyc"}  # each compiled by the runtime's own compiler
    for runtime in package.ARCHIVES:
        names = [path for path, _ in package.members(runtime, demo=False)]
        assert names and all(name.startswith("micsentry/") and name.endswith(bytecode[runtime]) for name in names)
    for path in (config.PY_ROOT / "micsentry").rglob("*.py"):
        if "site" not in path.relative_to(config.PY_ROOT).parts:
            assert not re.search(r"^\s*(from|import) pyscript\b", path.read_text(), re.M), path