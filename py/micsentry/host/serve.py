"""``micsentry serve``: the built site on one port, with the headers it needs in production.

The headers are the ones the production recipe (deploy/nginx/, docs/support.md) sends, decided here once:
``headers_for(path)`` is what both must answer, and the tests hold nginx to it.

    >>> dict(headers_for("/runtime/pyodide-314.0.5/pyodide.asm.wasm"))["Cache-Control"]
    'public, max-age=31536000, immutable'
    >>> "Access-Control-Allow-Origin" in dict(headers_for("/index.html"))
    False
"""

import functools
import http.server
import json
import os
import posixpath

from micsentry.host import site as packaged

ENCODINGS = (("br", "br"), ("gzip", "gz"))
IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "no-cache"  # pages and unversioned files: revalidated each time (ETag / Last-Modified)
TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".py": "text/plain; charset=utf-8",
    ".zip": "application/zip",
    ".css": "text/css",
    ".html": "text/html",
    ".txt": "text/plain; charset=utf-8",
}
# Every response: no type sniffing, no full URLs in referrers to other sites.
COMMON = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
)
# Pages: the microphone for the site itself (and for a frame whose embedder grants it with allow=).
PAGE = (("Permissions-Policy", "microphone=(self), camera=(), geolocation=()"),)
# Every page's Content-Security-Policy: the site's own files only; WebAssembly may be compiled
# ('wasm-unsafe-eval'), JavaScript never made from a string (no 'unsafe-eval'); no inline script or
# style; no plugins, no <base>. The ACS Calling SDK (?sdk=acs) also needs its own Blob workers and
# its services (the configuration service, ecs.communication.microsoft.com, before any call).
CSP = ("default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'", "img-src 'self' data:",
       "object-src 'none'",
       "base-uri 'none'", "worker-src 'self' blob:",
       "connect-src 'self' https://*.communication.microsoft.com https://*.communication.azure.com "
       "wss://*.communication.azure.com")


def content_security_policy(embed_origins=None):
    """The pages' policy; who may frame them (``frame-ancestors``) follows the embed allow-list
    (``micsentry-config.json``): any page by default.

        >>> content_security_policy(["https://app.example"]).endswith("frame-ancestors https://app.example")
        True
    """
    origins = [origin for origin in (embed_origins or [packaged.ANY])]
    ancestors = "*" if packaged.ANY in origins else " ".join(origins)
    return "; ".join(CSP + ("frame-ancestors " + ancestors,))
# What a <mic-sentry> widget on another origin loads: the loader, runtimes, Python, the config.
CROSS_ORIGIN = (
    ("Access-Control-Allow-Origin", "*"),
    ("Cross-Origin-Resource-Policy", "cross-origin"),
    ("Timing-Allow-Origin", "*"),
)


def headers_for(path, embed_origins=None):
    """The headers (name, value) the site's server sends with the file at URL *path* (besides the
    content type and encoding); *embed_origins*: who may frame the pages."""
    path = path.split("?", 1)[0]
    page = path.endswith("/") or path.endswith(".html")
    headers = list(COMMON)
    headers.append(("Cache-Control", IMMUTABLE if path.startswith("/runtime/") else SHORT))
    headers.extend(PAGE + (("Content-Security-Policy", content_security_policy(embed_origins)),) if page
                   else CROSS_ORIGIN)
    if posixpath.splitext(path)[1] in (".js", ".mjs", ".wasm", ".json", ".css", ".html", ".py", ".svg", ".zip") \
            or path.endswith("/"):
        headers.append(("Vary", "Accept-Encoding"))
    return headers


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    # Keep-alive: a page's start is a dozen requests at once; a new connection for each costs more
    # than the file. Every answer carries a Content-Length, as HTTP/1.1 requires.
    protocol_version = "HTTP/1.1"
    extensions_map = dict(http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES)
    site_config = None  # bytes of micsentry-config.json to answer instead of the file, or None
    embed_origins = None  # who may frame the pages (the config's embedOrigins)

    def end_headers(self):
        for name, value in headers_for(self.path, self.embed_origins):
            self.send_header(name, value)
        super().end_headers()

    def send_head(self):
        """Serve the run-time config when given, and the precompressed variant (.br, .gz) when the
        browser accepts it."""
        if self.site_config is not None and self.path.split("?")[0] == "/" + packaged.CONFIG:
            return self._send_bytes(self.site_config, "application/json")
        path = self.translate_path(self.path)
        accepted = [part.split(";")[0].strip() for part in self.headers.get("Accept-Encoding", "").split(",")]
        if os.path.isfile(path):
            for encoding, suffix in ENCODINGS:
                variant = path + "." + suffix
                if encoding in accepted and os.path.isfile(variant):
                    handle = open(variant, "rb")
                    self.send_response(200)
                    self.send_header("Content-Type", self.guess_type(path))
                    self.send_header("Content-Encoding", encoding)
                    self.send_header("Content-Length", str(os.fstat(handle.fileno()).st_size))
                    self.end_headers()
                    return handle
        return super().send_head()

    def list_directory(self, path):
        # Like nginx without autoindex: a folder without index.html is not shown to the world.
        self.send_error(404, "Not found")
        return None

    def _send_bytes(self, body, content_type):
        import io

        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        if os.environ.get("MICSENTRY_SERVE_QUIET") != "1":
            super().log_message(format, *args)


def _configured_origins(site):
    """The embedOrigins of the site's micsentry-config.json (any, when it cannot be read: the page
    itself then lets nobody talk with the frame)."""
    try:
        with open(os.path.join(str(site), packaged.CONFIG), encoding="utf-8") as handle:
            origins = json.load(handle).get("embedOrigins")
    except (OSError, ValueError, AttributeError):
        return None
    return origins if isinstance(origins, list) and all(isinstance(o, str) for o in origins) else None


def make_server(site, host="127.0.0.1", port=8000, embed_origins=None, handler=None):
    """A threading HTTP server for the site folder *site*; *embed_origins* (a list) replaces the
    site's micsentry-config.json for this server; *handler*: a subclass of :class:`SiteHandler`."""
    attrs = {"embed_origins": embed_origins if embed_origins is not None else _configured_origins(site)}
    if embed_origins is not None:
        attrs["site_config"] = json.dumps(packaged.config(embed_origins), indent=2).encode("utf-8")
    handler_class = type("ConfiguredSiteHandler", (handler or SiteHandler,), attrs)
    handler = functools.partial(handler_class, directory=str(site))
    http.server.ThreadingHTTPServer.allow_reuse_address = True
    return http.server.ThreadingHTTPServer((host, port), handler)
