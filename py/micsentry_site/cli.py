"""``python build.py [serve [--port N] [--no-build]]``: build the site, and serve it on loopback."""

import argparse
import sys

from micsentry_site.assemble import build
from micsentry_site.config import ROOT, SITE, BuildError
from micsentry_site.serve import make_server


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
        return _serve(args.port)
    return 0


def _serve(port):
    try:
        server = make_server(port=port)
    except OSError as exc:
        print(f"build.py: cannot listen on 127.0.0.1:{port} ({exc}); try --port", file=sys.stderr)
        return 2
    print(f"micsentry pre-call check: http://localhost:{port}/  (Ctrl+C stops)")
    print(f"  on MicroPython:          http://localhost:{port}/?runtime=micropython")
    print(f"  through the ACS SDK:     http://localhost:{port}/?sdk=acs")
    print(f"  example calling app:     http://localhost:{port}/examples/calling-app.html")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
