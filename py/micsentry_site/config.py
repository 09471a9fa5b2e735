"""Where the site's parts come from, their pinned versions, and the PyScript config per runtime."""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
NODE_MODULES = WEB / "node_modules"
PY_ROOT = ROOT / "py"
PACKAGE = PY_ROOT / "micsentry"
TEMPLATES = ROOT / "templates"
SITE = ROOT / "build" / "site"
CACHE = ROOT / "build" / "cache"
ACS_ENTRY = WEB / "acs" / "entry.js"

# Runtime files copied from npm packages: (package, folder in it, name, files to keep). Each lands in
# runtime/<name>-<version>/: the version in the path lets browsers cache them for a year.
# Pyodide and MicroPython are pinned to the versions @pyscript/core was built against
# (node_modules/polyscript/versions), see web/package.json.
RUNTIMES = (
    ("@pyscript/core", "dist", "pyscript", None),
    ("pyodide", "", "pyodide",
     ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")),
    ("@micropython/micropython-webassembly-pyscript", "", "micropython", ("micropython.mjs", "micropython.wasm")),
)
SDKS = {"acs": ("@azure/communication-calling", "communication-calling.js", "acs_calling")}

# Each interpreter's files: the module PyScript imports, the modules and files that module fetches
# in turn (what the loaders preload so that nothing waits in line), and its WebAssembly.
INTERPRETERS = {
    "pyodide": {"type": "py", "runtime": "pyodide", "module": "pyodide.mjs", "wasm": "pyodide.asm.wasm",
                "imports": ("pyodide.asm.mjs",), "fetches": ("pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")},
    "micropython": {"type": "mpy", "runtime": "micropython", "module": "micropython.mjs", "wasm": "micropython.wasm",
                    "imports": (), "fetches": ("micropython.wasm",),
                    # Its imports miss in the file system before the frozen modules: the loader makes
                    # a miss cheap (static/loader.js cheapLookupMisses).
                    "cheap_misses": True},
}
HOST_CALLS = "static/host-calls.js"

# Host-only parts of the package, never copied into the site: the command line, the server, and the
# built site itself (py/micsentry/site, written there by `make dist`).
HOST_ONLY = ("cli.py", "host", "site")
# Only in the demo build (`make demo`, the tests): the test call and the ACS join form.
DEMO_ONLY = ("demo.py",)
# The wheel's copy of the product site.
PACKAGED_SITE = PACKAGE / "site"


class BuildError(Exception):
    """A build step cannot run; the message says what to do."""


def package_version(package):
    manifest = NODE_MODULES / package / "package.json"
    if not manifest.exists():
        raise BuildError(f"{manifest.parent} is missing: run `npm ci --prefix web` (or `make install`) first.")
    return json.loads(manifest.read_text())["version"]


def runtime_dir(name):
    """runtime/<name>-<version>, the site folder of one runtime (or of an SDK bundle)."""
    packages = {entry[2]: entry[0] for entry in RUNTIMES}
    packages.update({sdk: SDKS[sdk][0] for sdk in SDKS})
    return "runtime/%s-%s" % (name, package_version(packages[name]))


def python_files(demo=True):
    """The shipped Python files, as paths relative to py/ (host-only modules excluded, and the demo's
    unless *demo*)."""
    files = []
    skip = HOST_ONLY if demo else HOST_ONLY + DEMO_ONLY
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if parts[0] in skip or "__pycache__" in parts:
            continue
        files.append(path.relative_to(PY_ROOT).as_posix())
    return files


# PyScript's plugins, each a module the core imports before it runs any script unless told not to.
# micsentry uses none of them: its own code reports every failure in the page (no traceback box).
PLUGINS_OFF = ("!codemirror", "!deprecations-manager", "!donkey", "!error", "!py-editor", "!py-game", "!py-terminal")


def pyscript_config(runtime):
    """The PyScript config for one runtime, with paths relative to the site's root (the loader
    resolves them, so the same config serves the page and a widget on another origin): the
    interpreter and the host helpers. The package comes as one archive (micsentry_site.package)."""
    return {
        "interpreter": runtime_dir(INTERPRETERS[runtime]["runtime"]) + "/" + INTERPRETERS[runtime]["module"],
        "js_modules": {"main": {HOST_CALLS: "micsentry_host_calls"}},
        "plugins": list(PLUGINS_OFF),
    }


def probe(runtime):
    """What the loader checks on the server after a failed start: each file and the kind of type it
    must be served as (a wrong one is a server problem, not the user's)."""
    folder = runtime_dir(INTERPRETERS[runtime]["runtime"])
    return {runtime_dir("pyscript") + "/core.js": "js", folder + "/" + INTERPRETERS[runtime]["module"]: "js",
            folder + "/" + INTERPRETERS[runtime]["wasm"]: "wasm"}


def core_modules():
    """PyScript's core.js, the chunk it imports, and the error plugin's chunk (imported even when the
    plugin is off, to keep its box from the page): the modules every start runs, in the order imported."""
    folder = runtime_dir("pyscript")
    dist = NODE_MODULES / "@pyscript" / "core" / "dist"
    chunk = re.search(r'from"\./(core-[\w-]+\.js)"', (dist / "core.js").read_text())
    error = chunk and re.search(r'import\("\./(error-[\w-]+\.js)"\)', (dist / chunk.group(1)).read_text())
    if not error:
        raise BuildError("@pyscript/core's dist/core.js no longer has the layout this build knows "
                         "(core.js -> core-*.js -> error-*.js): check the preloads in micsentry_site/config.py")
    return [folder + "/core.js", folder + "/" + chunk.group(1), folder + "/" + error.group(1)]


def start_files(runtime, archive):
    """What a start on *runtime* fetches, for preloads: {"modules": [...], "fetches": [...]}, site-relative.
    The modules PyScript imports (JS) and the files the runtime fetches, the package *archive* among them."""
    info = INTERPRETERS[runtime]
    folder = runtime_dir(info["runtime"])
    return {"modules": [folder + "/" + name for name in (info["module"],) + info["imports"]],
            "fetches": [folder + "/" + name for name in info["fetches"]] + [archive]}


def site_config(archives, unpacking):
    """What the loaders need besides the contract: each runtime's PyScript config (with its package
    archive, *archives*[runtime], and how to put it into the runtime, *unpacking*[runtime]), core,
    SDK bundles."""
    return {
        "runtimes": {name: {"type": INTERPRETERS[name]["type"], "config": pyscript_config(name),
                            "package": archives[name], "unpack": unpacking[name],
                            "cheapMisses": INTERPRETERS[name].get("cheap_misses", False),
                            "probe": dict(probe(name), **{archives[name]: "any"}),
                            "start": start_files(name, archives[name])}
                     for name in INTERPRETERS},
        "core": runtime_dir("pyscript") + "/core.js",
        # Modules every start imports whatever the runtime (the page's HTML preloads them too).
        "modules": core_modules() + [HOST_CALLS],
        "sdk": {sdk: {runtime_dir(sdk) + "/" + SDKS[sdk][1]: SDKS[sdk][2]} for sdk in SDKS},
    }
