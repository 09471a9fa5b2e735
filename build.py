"""Build and serve the micsentry site.

    python build.py                 # render templates/ and copy runtimes into build/site
    python build.py serve [--port N] [--no-build]

Everything the site needs at run time comes from `web/node_modules` (installed from the
npm registry with the committed lock file) and from `py/`, so the built site never loads
anything from another host.
"""

import argparse
import functools
import gzip
import hashlib
import http.server
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
WEB = ROOT / "web"
NODE_MODULES = WEB / "node_modules"
PY_PACKAGE = ROOT / "py" / "micsentry"
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

# Pages rendered from templates/: (template, output, context).
PAGES = (
    ("precall.html", "index.html", {"page": "precall", "with_test_call": True}),
    ("embed.html", "embed.html", {"page": "embed"}),
)

INTERPRETERS = {
    "pyodide": {"type": "py", "runtime": "pyodide", "module": "pyodide.mjs"},
    "micropython": {"type": "mpy", "runtime": "micropython", "module": "micropython.mjs"},
}


def package_version(package):
    manifest = NODE_MODULES / package / "package.json"
    if not manifest.exists():
        raise BuildError(f"{manifest.parent} is missing: run `npm ci --prefix web` (or `make install`) first.")
    return json.loads(manifest.read_text())["version"]


def runtime_dir(name):
    """runtime/<name>-<version>, the site folder of one runtime (or of the ACS SDK bundle)."""
    packages = {entry[2]: entry[0] for entry in RUNTIMES}
    packages["acs"] = "@azure/communication-calling"
    return "runtime/%s-%s" % (name, package_version(packages[name]))


class BuildError(Exception):
    """A build step cannot run; the message says what to do."""


def python_files():
    """The shipped Python files, as paths relative to py/ (host-only modules excluded)."""
    host_only = {"cli.py"}
    files = []
    for path in sorted(PY_PACKAGE.rglob("*.py")):
        if path.name in host_only or "__pycache__" in path.parts:
            continue
        files.append(path.relative_to(PY_PACKAGE.parent).as_posix())
    return files


def pyscript_config(runtime):
    """The PyScript config for one runtime, with paths relative to the site's root (the loaders
    resolve them, so the same config serves the page and a widget on another origin)."""
    return {
        "interpreter": runtime_dir(INTERPRETERS[runtime]["runtime"]) + "/" + INTERPRETERS[runtime]["module"],
        "files": {"py/" + rel: "./" + rel for rel in python_files()},
        "js_modules": {"main": {"static/host-calls.js": "micsentry_host_calls"}},
        # Our own code reports every failure in the page; PyScript's traceback box must not.
        "plugins": ["!error"],
    }


def embed_hosts():
    """Origins allowed to embed embed.html and talk with it: $MICSENTRY_EMBED_HOSTS (comma-separated),
    default "*" (any page may embed; messages still go only to the embedding page's exact origin)."""
    raw = os.environ.get("MICSENTRY_EMBED_HOSTS", "*")
    return [origin.strip().rstrip("/") for origin in raw.split(",") if origin.strip()]


def boot_config():
    """What the loaders (static/boot.js, micsentry.js) need: runtimes, SDK bundles, the JS API."""
    return {
        "runtimes": {name: {"type": INTERPRETERS[name]["type"], "config": pyscript_config(name)} for name in INTERPRETERS},
        "default": "pyodide",
        "core": runtime_dir("pyscript") + "/core.js",
        "sdk": {"acs": {runtime_dir("acs") + "/communication-calling.js": "acs_calling"}},
        "api": ["attach", "watch", "detach", "recheck"],
    }


def copy_runtimes(site):
    for package, folder, name, keep in RUNTIMES:
        source = NODE_MODULES / package / folder
        if not source.is_dir():
            raise BuildError(f"{source} is missing: run `npm ci --prefix web` (or `make install`) first.")
        dest = site / runtime_dir(name)
        dest.mkdir(parents=True, exist_ok=True)
        names = keep or [p.name for p in source.iterdir() if p.is_file() and not p.name.endswith(".map")]
        for name in names:
            shutil.copy2(source / name, dest / name)


def bundle_acs(site):
    """The ACS Calling SDK as one ES module (runtime/acs-<version>/), bundled with esbuild, cached by lock file."""
    esbuild = NODE_MODULES / ".bin" / "esbuild"
    if not esbuild.exists():
        raise BuildError(f"{esbuild} is missing: run `npm ci --prefix web` (or `make install`) first.")
    lock = (WEB / "package-lock.json").read_bytes() + ACS_ENTRY.read_bytes()
    cached = CACHE / ("acs-%s.js" % hashlib.sha256(lock).hexdigest()[:16])
    if not cached.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        command = [str(esbuild), str(ACS_ENTRY), "--bundle", "--format=esm", "--platform=browser", "--minify",
                   "--log-level=error", "--outfile=" + str(cached)]
        done = subprocess.run(command, cwd=str(WEB), capture_output=True, text=True)
        if done.returncode != 0:
            raise BuildError("esbuild could not bundle the ACS SDK:\n" + done.stderr)
    dest = site / runtime_dir("acs")
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(cached, dest / "communication-calling.js")


def copy_python(site):
    for rel in python_files():
        dest = site / "py" / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(PY_PACKAGE.parent / rel, dest)


def copy_static(site):
    shutil.copytree(WEB / "static", site / "static", dirs_exist_ok=True)
    shutil.copytree(WEB / "examples", site / "examples", dirs_exist_ok=True)


def render_pages(site):
    try:
        import jinja2
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise BuildError("Jinja2 is not installed: run `make install` first.") from exc
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    boot = boot_config()
    hosts = json.dumps(embed_hosts())
    for template, output, context in PAGES:
        if context["page"] == "embed":
            context = dict(context, embed_hosts=hosts)
        html = env.get_template(template).render(boot_json=json.dumps(boot, sort_keys=True), **context)
        (site / output).write_text(html, encoding="utf-8")
    # The widget: one ES module with the check's markup and the boot config built in.
    markup = env.get_template("partials/check.html").render(with_test_call=False)
    widget = env.get_template("micsentry.js").render(
        boot_json=json.dumps(boot, sort_keys=True).replace("<", "\\u003c"),
        markup_json=json.dumps(markup).replace("<", "\\u003c"),
    )
    (site / "micsentry.js").write_text(widget, encoding="utf-8")


COMPRESSIBLE = (".js", ".mjs", ".wasm", ".json", ".css", ".html", ".py", ".svg", ".zip")


def precompress(site):
    """Write .gz and .br beside every file that shrinks by a tenth or more (cached by content)."""
    try:
        import brotli
    except ImportError:  # pragma: no cover - brotli comes with make install
        brotli = None
    cache = CACHE / "compressed"
    cache.mkdir(parents=True, exist_ok=True)
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix not in COMPRESSIBLE:
            continue
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()[:24]
        encoders = [("gz", lambda raw: gzip.compress(raw, 9, mtime=0))]
        if brotli is not None:
            encoders.append(("br", lambda raw: brotli.compress(raw, quality=9)))
        for suffix, encode in encoders:
            cached = cache / ("%s.%s" % (digest, suffix))
            if not cached.exists():
                cached.write_bytes(encode(data))
            if cached.stat().st_size <= 0.9 * len(data):
                shutil.copyfile(cached, path.with_name(path.name + "." + suffix))


def build(site=SITE):
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    copy_runtimes(site)
    bundle_acs(site)
    copy_python(site)
    copy_static(site)
    render_pages(site)
    precompress(site)
    return site


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with the MIME types WebAssembly and ES modules need, and no caching surprises."""

    extensions_map = dict(
        http.server.SimpleHTTPRequestHandler.extensions_map,
        **{
            ".wasm": "application/wasm",
            ".mjs": "text/javascript",
            ".js": "text/javascript",
            ".json": "application/json",
            ".svg": "image/svg+xml",
            ".py": "text/plain; charset=utf-8",
            ".zip": "application/zip",
        },
    )

    ENCODINGS = (("br", "br"), ("gzip", "gz"))

    def end_headers(self):
        # The widget (micsentry.js) and everything it pulls in load from other origins.
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Cross-Origin-Resource-Policy", "cross-origin")
        self.send_header("Timing-Allow-Origin", "*")
        # runtime/<name>-<version>/ never changes under its name: cache it for a year.
        immutable = self.path.startswith("/runtime/")
        self.send_header("Cache-Control", "public, max-age=31536000, immutable" if immutable else "no-cache")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def send_head(self):
        """Serve the precompressed variant (.br, .gz) when the browser accepts it."""
        path = self.translate_path(self.path)
        accepted = self.headers.get("Accept-Encoding", "")
        if os.path.isfile(path):
            for encoding, suffix in self.ENCODINGS:
                variant = path + "." + suffix
                if encoding in accepted and os.path.isfile(variant):
                    handle = open(variant, "rb")
                    size = os.fstat(handle.fileno()).st_size
                    self.send_response(200)
                    self.send_header("Content-Type", self.guess_type(path))
                    self.send_header("Content-Encoding", encoding)
                    self.send_header("Content-Length", str(size))
                    self.end_headers()
                    return handle
        return super().send_head()

    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        if os.environ.get("MICSENTRY_SERVE_QUIET") != "1":
            super().log_message(format, *args)


def make_server(site=SITE, host="127.0.0.1", port=8000):
    handler = functools.partial(SiteHandler, directory=str(site))
    http.server.ThreadingHTTPServer.allow_reuse_address = True
    return http.server.ThreadingHTTPServer((host, port), handler)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Build and serve the micsentry site.")
    sub = parser.add_subparsers(dest="command")
    serve = sub.add_parser("serve", help="build, then serve the site on 127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--no-build", action="store_true", help="serve build/site as it is")
    args = parser.parse_args(argv)
    try:
        if not (args.command == "serve" and args.no_build):
            build()
            print(f"built {SITE.relative_to(ROOT)}")
    except BuildError as exc:
        print(f"build.py: {exc}", file=sys.stderr)
        return 2
    if args.command == "serve":
        try:
            server = make_server(port=args.port)
        except OSError as exc:
            print(f"build.py: cannot listen on 127.0.0.1:{args.port} ({exc}); try --port", file=sys.stderr)
            return 2
        print(f"micsentry pre-call check: http://localhost:{args.port}/  (Ctrl+C stops)")
        print(f"  on MicroPython:          http://localhost:{args.port}/?runtime=micropython")
        print(f"  through the ACS SDK:     http://localhost:{args.port}/?sdk=acs")
        print(f"  example calling app:     http://localhost:{args.port}/examples/calling-app.html")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
