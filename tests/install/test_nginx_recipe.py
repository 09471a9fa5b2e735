"""The production recipe (deploy/nginx/micsentry.conf) on Debian's nginx, over https on loopback, with
the site `micsentry build` writes: the headers are the documented ones, the page reaches a verdict on
both runtimes, the widget works from another origin, and a stock server's wrong type is blamed on the
server, not on the user's browser."""

import os
import re
import shutil
import ssl
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from conftest import ROOT
from micsentry.host import serve
from pages import check_url, wait_for_verdict
from pytest_micsentry.origins import host_page

NGINX = "/usr/sbin/nginx"
BROTLI_STATIC = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"
RECIPE = ROOT / "deploy" / "nginx" / "micsentry.conf"
HSTS = ("Strict-Transport-Security", "max-age=31536000")
PATHS = ("/", "/index.html", "/embed.html", "/micsentry.js", "/static/loader.js", "/micsentry-config.json",
         "/runtime/micropython-1.28.0-6/micropython.mjs", "/runtime/micropython-1.28.0-6/micropython.wasm",
         "/static/untar.js", "/licenses/README.txt")

pytestmark = pytest.mark.browser_context_args(ignore_https_errors=True)


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def adapt(recipe, site, port, redirect_port, cert, key):
    """The recipe as documented, with this machine's ports, certificate and folder put in."""
    text = recipe.replace("listen 443 ssl http2;", "listen 127.0.0.1:%d ssl http2;" % port)
    text = text.replace("listen 80;", "listen 127.0.0.1:%d;" % redirect_port)
    text = re.sub(r"\n\s*listen \[::\]:\d+[^;]*;", "", text)
    text = text.replace("checks.example.com;", "localhost;")
    text = text.replace("/etc/letsencrypt/live/checks.example.com/fullchain.pem", str(cert))
    text = text.replace("/etc/letsencrypt/live/checks.example.com/privkey.pem", str(key))
    return text.replace("root /srv/micsentry;", "root %s;" % site)


STOCK = """
server {
    listen 127.0.0.1:%(port)d ssl;
    ssl_certificate %(cert)s;
    ssl_certificate_key %(key)s;
    root %(site)s;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
}
"""


@pytest.fixture(scope="module")
def nginx(micsentry_venv, tmp_path_factory):
    """nginx running the recipe (and, on another port, a stock server) over the site `micsentry build` wrote."""
    if not (os.path.exists(NGINX) and os.path.exists(BROTLI_STATIC)):
        pytest.fail("nginx or its brotli_static module is missing: run `make install` (tools/install_nginx.sh)")
    folder = tmp_path_factory.mktemp("nginx")
    site = folder / "www"
    done = micsentry_venv.run("micsentry", "build", "--out", site)
    assert done.returncode == 0, done.stderr
    os.chmod(folder, 0o755)
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    ports = {"recipe": free_port(), "redirect": free_port(), "stock": free_port()}
    (folder / "micsentry.conf").write_text(adapt(RECIPE.read_text(), site, ports["recipe"], ports["redirect"], cert, key))
    (folder / "stock.conf").write_text(STOCK % dict(port=ports["stock"], cert=cert, key=key, site=site))
    temp = folder / "temp"
    temp.mkdir()
    main = folder / "nginx.conf"
    main.write_text("\n".join([
        "user root;" if os.geteuid() == 0 else "",
        "load_module %s;" % BROTLI_STATIC, "pid %s/nginx.pid;" % folder, "error_log %s/error.log warn;" % folder,
        "events { worker_connections 256; }",
        "http {", "  access_log off;",
        *["  %s_temp_path %s/%s;" % (kind, temp, kind) for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")],
        "  include %s/micsentry.conf;" % folder, "  include %s/stock.conf;" % folder, "}", ""]))
    checked = subprocess.run([NGINX, "-t", "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(main)],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen([NGINX, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(main),
                                "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    urls = {name: "https://localhost:%d/" % port for name, port in ports.items()}
    urls["redirect"] = "http://127.0.0.1:%d/" % ports["redirect"]
    for _ in range(100):
        try:
            get(urls["recipe"])
            break
        except OSError:
            time.sleep(0.05)
    yield dict(urls, checked=checked.stderr, site=site)
    process.terminate()
    process.wait(timeout=10)


def get(url, encoding=None):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    request = urllib.request.Request(url, method="GET", headers={"Accept-Encoding": encoding} if encoding else {})
    with urllib.request.urlopen(request, context=context, timeout=10) as response:
        return response.headers, response.read()


def test_nginx_takes_the_recipe_without_warnings(nginx):
    assert "[warn]" not in nginx["checked"] and "[emerg]" not in nginx["checked"], nginx["checked"]


@pytest.mark.parametrize("path", PATHS)
def test_headers_are_the_documented_ones(nginx, path):
    headers, _ = get(nginx["recipe"] + path.lstrip("/"), "br, gzip")
    for name, value in serve.headers_for(path) + [HSTS]:
        if name == "Vary" and "Content-Encoding" not in headers:
            continue  # nginx names Vary only where it chose among variants
        assert headers.get(name) == value, (path, name, headers.get(name))


@pytest.mark.parametrize("path,mime", [("micsentry.js", "text/javascript"),
                                       ("runtime/micropython-1.28.0-6/micropython.mjs", "text/javascript"),
                                       ("runtime/micropython-1.28.0-6/micropython.wasm", "application/wasm"),
                                       ("runtime/pyodide-314.0.5/pyodide.asm.wasm", "application/wasm"),
                                       ("micsentry-config.json", "application/json")])
def test_types_and_precompressed_variants(nginx, path, mime):
    headers, body = get(nginx["recipe"] + path, "br")
    assert headers["Content-Type"].split(";")[0] == mime
    if (nginx["site"] / (path + ".br")).exists():
        assert headers["Content-Encoding"] == "br"
        assert body == (nginx["site"] / (path + ".br")).read_bytes()


def test_the_package_archives_are_cached_and_compressed(nginx):
    text = (nginx["site"] / "static" / "site-config.js").read_text()
    packages = re.findall(r'"package": "(runtime/micsentry-[^"]+)"', text)
    assert len(packages) == 2
    for path in packages:
        headers, body = get(nginx["recipe"] + path, "br")
        assert headers["Content-Encoding"] == "br" and body == (nginx["site"] / (path + ".br")).read_bytes()
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert headers["Access-Control-Allow-Origin"] == "*"


def test_folders_are_not_listed(nginx):
    with pytest.raises(urllib.error.HTTPError) as answer:
        get(nginx["recipe"] + "runtime/")
    assert answer.value.code in (403, 404)


def test_plain_http_is_sent_to_https(nginx):
    request = urllib.request.Request(nginx["redirect"], method="GET")

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as answer:
        opener.open(request, timeout=10)
    assert answer.value.code == 301 and answer.value.headers["Location"].startswith("https://")


def test_page_reaches_a_verdict(nginx, page, mic, guard, runtime):
    mic.grant()
    page.goto(check_url(nginx["recipe"], runtime))
    expect(wait_for_verdict(page)).to_have_attribute("data-state", "ok")


def test_widget_from_another_origin(nginx, page, mic, guard, runtime):
    mic.grant()
    page.goto(host_page("<!doctype html><html lang=en><head><meta charset=utf-8><link rel=icon href='data:,'>"
                        "<title>Calling app</title><script type=module src='%smicsentry.js'></script></head>"
                        "<body><mic-sentry runtime=%s phase=precall></mic-sentry></body></html>"
                        % (nginx["recipe"], runtime)))
    page.wait_for_function("document.querySelector('mic-sentry').state.precall === 'ok'", timeout=60000)


def test_a_stock_server_is_blamed_not_the_browser(nginx, page, mic, guard):
    """Debian's stock mime.types has no .mjs: the runtime cannot load, and the banner says whose problem it is."""
    guard.allow_error("MIME type")
    guard.allow_error("Failed to load module script")
    guard.allow_error("Failed to fetch dynamically imported module")
    mic.grant()
    page.goto(check_url(nginx["stock"], "micropython"))
    root = wait_for_verdict(page)
    expect(root).to_have_attribute("data-state", "error")
    banner = root.locator('[data-micsentry-banner][data-cause="failure"]')
    expect(banner).to_contain_text("micropython.mjs")
    expect(banner).to_contain_text('as "application/octet-stream"')
    expect(banner).to_contain_text("not of your browser")
    expect(banner).not_to_contain_text("extension")
