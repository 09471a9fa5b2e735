"""The built demo site on a loopback port, for the test suites (Chromium, Firefox, WebKit).

Example::

    with serving() as server:
        page = local_url(server) + "?runtime=pyodide"
"""

import contextlib
import os
import threading

from micsentry.host import serve
from micsentry_site import assemble, config


def built_site():
    """build/site, built first when it is missing or when MICSENTRY_REBUILD=1 asks for it."""
    if not (config.SITE / "index.html").exists() or os.environ.get("MICSENTRY_REBUILD") == "1":
        assemble.build()
    return config.SITE


@contextlib.contextmanager
def serving(site=None, handler=None):
    """The site (built_site() by default) served from a background thread on a free port; *handler*:
    a subclass of ``serve.SiteHandler``. Requests are not logged."""
    os.environ.setdefault("MICSENTRY_SERVE_QUIET", "1")
    server = serve.make_server(site or built_site(), port=0, handler=handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def local_url(server):
    """The site's address by the name ``localhost`` (the ACS SDK refuses 127.0.0.1)."""
    return "http://localhost:%d/" % server.server_address[1]
