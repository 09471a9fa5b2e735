"""License notices for everything the site bundles: ``licenses/`` in the site, with an index.

Each npm package whose files end up in the site (the runtimes, PyScript and what its bundle contains,
the ACS SDK and what its bundle contains) contributes its own license files; packages that ship none
(Pyodide, MicroPython, CPython's stdlib inside Pyodide) have a notice written in web/licenses/.
"""

import json
import shutil

from micsentry_site.config import NODE_MODULES, ROOT, WEB, BuildError

# Packages whose code is in the site, and whether what they depend on is bundled into it too.
ROOTS = (
    ("@pyscript/core", True),
    ("pyodide", False),  # its npm dependencies (ws, types) are for Node only
    ("@micropython/micropython-webassembly-pyscript", False),
    ("@azure/communication-calling", True),
)
WRITTEN = ("pyodide.txt", "cpython.txt", "micropython.txt")
LICENSE_NAMES = ("license", "licence", "copying", "notice")


def _manifest(package):
    path = NODE_MODULES / package / "package.json"
    if not path.exists():
        raise BuildError(f"{path.parent} is missing: run `npm ci --prefix web` (or `make install`) first.")
    return json.loads(path.read_text(encoding="utf-8"))


def bundled_packages():
    """Every package in the site, each once, in a stable order."""
    seen, order = set(), []
    stack = [(name, walk) for name, walk in reversed(ROOTS)]
    while stack:
        name, walk = stack.pop()
        if name in seen or not (NODE_MODULES / name / "package.json").exists():
            continue
        seen.add(name)
        order.append(name)
        if walk:
            stack.extend((dep, True) for dep in sorted(_manifest(name).get("dependencies", {}), reverse=True))
    return order


def write_notices(site):
    """licenses/README.txt (the index), licenses/<package>/<its license files>, the written notices,
    and micsentry's own LICENSE."""
    folder = site / "licenses"
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["Third-party software in this site, with its license. micsentry itself: MIT (micsentry.txt).", ""]
    shutil.copy2(ROOT / "LICENSE", folder / "micsentry.txt")
    for name in bundled_packages():
        manifest = _manifest(name)
        files = [p for p in sorted((NODE_MODULES / name).iterdir())
                 if p.is_file() and p.name.lower().startswith(LICENSE_NAMES)]
        dest = folder / name.replace("/", "__")
        copied = []
        for path in files:
            dest.mkdir(exist_ok=True)
            shutil.copy2(path, dest / path.name)
            copied.append("%s/%s" % (dest.name, path.name))
        license_id = manifest.get("license") or "see the package"
        lines.append("%s %s: %s; %s" % (name, manifest.get("version", "?"), str(license_id)[:80],
                                        ", ".join(copied) if copied else "notice below"))
    for written in WRITTEN:
        shutil.copy2(WEB / "licenses" / written, folder / written)
        lines.append("notice: " + written)
    (folder / "README.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
