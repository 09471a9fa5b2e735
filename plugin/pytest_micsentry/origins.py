"""Pages in the situations that need another origin: a cross-origin frame and an insecure page.

Both stay on this machine: the frame host is a loopback server, the insecure name a Playwright route.
"""

import html
import http.server
import threading
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

INSECURE_HOST = "insecure.micsentry.test"  # not loopback by name: an insecure context


_pages = {}


class _FrameHost(http.server.BaseHTTPRequestHandler):
    """Answers /frame?src=URL[&allow=...] with a page that frames URL, and /page/N with a page a test gave."""

    def do_GET(self):  # noqa: N802 - the base class's name
        path = urlsplit(self.path).path
        if path.startswith("/page/"):
            text, headers = _pages.get(path, ("<!doctype html><title>gone</title>", {}))
            return self._send(text.encode("utf-8"), headers)
        query = parse_qs(urlsplit(self.path).query)
        src = query.get("src", [""])[0]
        allow = query.get("allow", [None])[0]
        allow_attr = "" if allow is None else ' allow="%s"' % html.escape(allow)
        body = (
            "<!doctype html><html lang=en><head><meta charset=utf-8><link rel=icon href='data:,'>"
            "<title>Frame host</title></head><body><main>"
            '<iframe id="micsentry-frame" title="The page under test" src="%s"%s width="800" height="600"></iframe>'
            "</main></body></html>"
            % (html.escape(src), allow_attr)
        ).encode("utf-8")
        self._send(body)

    def _send(self, body, headers=None):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


_frame_host = []


def frame_host_origin():
    """The origin of a loopback server (started once per process) that hosts frames.

    A real server, not a route: Chromium's local-network checks only let a page whose address
    really is loopback frame another loopback origin.
    """
    if not _frame_host:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FrameHost)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        _frame_host.append(server)
    return "http://127.0.0.1:%d" % _frame_host[0].server_address[1]


def host_page(html_text, headers=None):
    """Serve *html_text* from the loopback host server (another origin than the app's), with
    *headers* (e.g. a Content-Security-Policy) besides its type; returns its URL."""
    path = "/page/%d" % (len(_pages) + 1)
    _pages[path] = (html_text, dict(headers or {}))
    return frame_host_origin() + path


def cross_origin_frame(page, url, allow=None):
    """Open *url* inside an iframe of a page on another loopback origin; return the Frame.

    *allow* is the iframe's ``allow`` attribute (``None``: no attribute, as a careless embedder does).
    """
    params = {"src": url}
    if allow is not None:
        params["allow"] = allow
    page.goto(frame_host_origin() + "/frame?" + urlencode(params))
    return page.locator("#micsentry-frame").element_handle().content_frame()


# Not forwarded: they belong to the browser's connection, not to the runner's (and no compression asked).
_HOP_BY_HOP = ("host", "connection", "keep-alive", "transfer-encoding", "upgrade", "accept-encoding")


def _fetch_here(url, request):
    """*request* (a routed one) sent to *url* from this process: the runner's loopback, also when the
    browser runs on a server elsewhere. Returns ``(status, headers, body)``."""
    headers = {name: value for name, value in request.headers.items() if name.lower() not in _HOP_BY_HOP}
    outgoing = urllib.request.Request(url, data=request.post_data_buffer, headers=headers, method=request.method)
    try:
        with urllib.request.urlopen(outgoing, timeout=30) as answer:
            return answer.status, dict(answer.headers.items()), answer.read()
    except urllib.error.HTTPError as answer:
        return answer.code, dict(answer.headers.items()), answer.read()


def insecure_url(context, url, host=INSECURE_HOST):
    """An ``http://`` address for *url* on a name browsers do not trust: an insecure context.

    Requests to it are answered from *url*'s own server, fetched by this process (so that a browser
    on a remote server gets them too).
    """
    parts = urlsplit(url)
    netloc = host + (":%d" % parts.port if parts.port else "")
    origin = parts.scheme + "://" + parts.netloc

    def proxy(route):
        target = urlsplit(route.request.url)
        status, headers, body = _fetch_here(origin + target.path + ("?" + target.query if target.query else ""),
                                            route.request)
        headers = {name: value for name, value in headers.items()
                   if name.lower() not in ("content-length", "transfer-encoding", "connection")}
        route.fulfill(status=status, headers=headers, body=body)

    context.route("http://%s/**" % netloc, proxy)
    return urlunsplit(("http", netloc, parts.path, parts.query, parts.fragment))
