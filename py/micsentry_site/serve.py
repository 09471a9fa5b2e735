"""The development server: the built site with the headers it needs in production too
(MIME types for WebAssembly and ES modules, precompressed variants, caching, CORS, nosniff)."""

import functools
import http.server
import os

from micsentry_site.config import SITE

ENCODINGS = (("br", "br"), ("gzip", "gz"))
IMMUTABLE = "public, max-age=31536000, immutable"


class SiteHandler(http.server.SimpleHTTPRequestHandler):
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

    def end_headers(self):
        # The widget (micsentry.js) and everything it pulls in load from other origins.
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Cross-Origin-Resource-Policy", "cross-origin")
        self.send_header("Timing-Allow-Origin", "*")
        # runtime/<name>-<version>/ never changes under its name: cache it for a year.
        self.send_header("Cache-Control", IMMUTABLE if self.path.startswith("/runtime/") else "no-cache")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def send_head(self):
        """Serve the precompressed variant (.br, .gz) when the browser accepts it."""
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

    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        if os.environ.get("MICSENTRY_SERVE_QUIET") != "1":
            super().log_message(format, *args)


def make_server(site=SITE, host="127.0.0.1", port=8000):
    handler = functools.partial(SiteHandler, directory=str(site))
    http.server.ThreadingHTTPServer.allow_reuse_address = True
    return http.server.ThreadingHTTPServer((host, port), handler)
