"""The development server's headers and precompression: what a production server must do too."""

import gzip
import json
import threading
import urllib.error
import urllib.request

import brotli
import pytest

from micsentry.host import serve
from micsentry_site import compress


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    (root / "runtime" / "micropython-1.0").mkdir(parents=True)
    (root / "static").mkdir()
    (root / "index.html").write_text("<!doctype html><title>x</title>" + "<p>micsentry</p>" * 200)
    (root / "static" / "loader.js").write_text("export const x = 1;\n" * 200)
    (root / "runtime" / "micropython-1.0" / "micropython.wasm").write_bytes(b"\0asm" + b"\1" * 4000)
    (root / "runtime" / "micropython-1.0" / "micropython.mjs").write_text("export default 1;\n" * 100)
    (root / "tiny.json").write_text("{}")
    written = compress.precompress(root, tmp_path_factory.mktemp("cache"))
    assert written >= 8
    return root


@pytest.fixture(scope="module")
def base(site):
    server = serve.make_server(site, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield "http://127.0.0.1:%d/" % server.server_address[1]
    server.shutdown()
    server.server_close()


def get(url, encoding=None):
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding} if encoding else {})
    with urllib.request.urlopen(request) as response:
        return response.headers, response.read()


def test_precompression_writes_variants_that_shrink(site):
    assert (site / "index.html.br").is_file() and (site / "index.html.gz").is_file()
    assert not (site / "tiny.json.gz").exists()  # two bytes do not shrink: no variant
    assert gzip.decompress((site / "static" / "loader.js.gz").read_bytes()) == (site / "static" / "loader.js").read_bytes()
    assert brotli.decompress((site / "index.html.br").read_bytes()) == (site / "index.html").read_bytes()


@pytest.mark.parametrize("accept,encoding", [("br, gzip", "br"), ("gzip", "gzip"), ("gzip;q=1.0, br;q=0.5", "br"),
                                             (None, None), ("identity", None)])
def test_encodings(base, site, accept, encoding):
    headers, body = get(base + "index.html", accept)
    assert headers.get("Content-Encoding") == encoding
    assert headers["Content-Type"].startswith("text/html")
    decoded = {"br": brotli.decompress, "gzip": gzip.decompress, None: lambda raw: raw}[encoding](body)
    assert decoded == (site / "index.html").read_bytes()
    assert headers["Vary"] == "Accept-Encoding"


@pytest.mark.parametrize("path,mime", [("runtime/micropython-1.0/micropython.wasm", "application/wasm"),
                                       ("runtime/micropython-1.0/micropython.mjs", "text/javascript"),
                                       ("static/loader.js", "text/javascript")])
def test_types_that_browsers_insist_on(base, path, mime):
    headers, _ = get(base + path, "br")
    assert headers["Content-Type"] == mime
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_caching_and_cors(base):
    runtime, _ = get(base + "runtime/micropython-1.0/micropython.wasm")
    assert runtime["Cache-Control"] == "public, max-age=31536000, immutable"
    loader, _ = get(base + "static/loader.js")
    page, _ = get(base + "index.html")
    assert page["Cache-Control"] == loader["Cache-Control"] == "no-cache"
    for headers in (runtime, loader):  # what a widget on another origin loads
        assert headers["Access-Control-Allow-Origin"] == "*"
        assert headers["Cross-Origin-Resource-Policy"] == "cross-origin"
        assert headers["Timing-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in page  # pages are not read by other origins
    assert page["Permissions-Policy"].startswith("microphone=(self)")
    for headers in (runtime, loader, page):
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_every_response_has_the_documented_headers(base):
    for path in ("index.html", "static/loader.js", "runtime/micropython-1.0/micropython.mjs"):
        headers, _ = get(base + path, "br")
        for name, value in serve.headers_for("/" + path):
            assert headers[name] == value, (path, name)


def test_run_time_config_given_to_the_server(site):
    server = serve.make_server(site, port=0, embed_origins=["https://app.example"])
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        headers, body = get("http://127.0.0.1:%d/micsentry-config.json" % server.server_address[1], "br, gzip")
    finally:
        server.shutdown()
        server.server_close()
    assert headers["Content-Type"] == "application/json" and "Content-Encoding" not in headers
    assert json.loads(body) == {"embedOrigins": ["https://app.example"]}


def test_folders_are_not_listed(base):
    with pytest.raises(urllib.error.HTTPError) as answer:
        get(base + "runtime/")
    assert answer.value.code == 404
