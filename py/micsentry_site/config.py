"""Where the site's parts come from, their pinned versions, and the PyScript config per runtime."""

import json
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

INTERPRETERS = {
    "pyodide": {"type": "py", "runtime": "pyodide", "module": "pyodide.mjs", "wasm": "pyodide.asm.wasm"},
    "micropython": {"type": "mpy", "runtime": "micropython", "module": "micropython.mjs", "wasm": "micropython.wasm"},
}

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


def pyscript_config(runtime, demo=True):
    """The PyScript config for one runtime, with paths relative to the site's root (the loader
    resolves them, so the same config serves the page and a widget on another origin)."""
    return {
        "interpreter": runtime_dir(INTERPRETERS[runtime]["runtime"]) + "/" + INTERPRETERS[runtime]["module"],
        "files": {"py/" + rel: "./" + rel for rel in python_files(demo)},
        "js_modules": {"main": {"static/host-calls.js": "micsentry_host_calls"}},
        # Our own code reports every failure in the page; PyScript's traceback box must not.
        "plugins": ["!error"],
    }


def probe(runtime):
    """What the loader checks on the server after a failed start: each file and the kind of type it
    must be served as (a wrong one is a server problem, not the user's)."""
    folder = runtime_dir(INTERPRETERS[runtime]["runtime"])
    return {runtime_dir("pyscript") + "/core.js": "js", folder + "/" + INTERPRETERS[runtime]["module"]: "js",
            folder + "/" + INTERPRETERS[runtime]["wasm"]: "wasm"}


def site_config(demo=True):
    """What the loaders need besides the contract: each runtime's PyScript config, core, SDK bundles."""
    return {
        "runtimes": {name: {"type": INTERPRETERS[name]["type"], "config": pyscript_config(name, demo),
                            "probe": probe(name)}
                     for name in INTERPRETERS},
        "core": runtime_dir("pyscript") + "/core.js",
        "sdk": {sdk: {runtime_dir(sdk) + "/" + SDKS[sdk][1]: SDKS[sdk][2]} for sdk in SDKS},
    }
