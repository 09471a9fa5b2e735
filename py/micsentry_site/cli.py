"""``python -m micsentry_site`` (with py/ on the path; the Makefile sets it):

    python -m micsentry_site build                  # the demo build into build/site (make build)
    python -m micsentry_site build --product --out DIR   # the product site (no demo pages)
    python -m micsentry_site serve [--port N] [--no-build]   # build, then serve build/site (make demo)
    python -m micsentry_site i18n                   # extract the texts, merge them into every catalog (make i18n)
"""

import argparse
import sys
from pathlib import Path

from micsentry.host.serve import make_server
from micsentry_site.assemble import build
from micsentry_site.config import ROOT, SITE, BuildError


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m micsentry_site", description="Build and serve the micsentry site.")
    sub = parser.add_subparsers(dest="command")
    make = sub.add_parser("build", help="build the site")
    make.add_argument("--product", action="store_true", help="without the demo (test call, ACS join form, examples)")
    make.add_argument("--out", type=Path, default=None, help="folder to build into (default build/site)")
    serve = sub.add_parser("serve", help="build, then serve the site on 127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--no-build", action="store_true", help="serve build/site as it is")
    sub.add_parser("i18n", help="extract the texts into i18n/micsentry.pot and merge them into every .po")
    args = parser.parse_args(argv)
    if args.command == "i18n":
        from micsentry_site import i18n

        template = i18n.update()
        print(f"{len(template)} texts; catalogs updated: {', '.join(i18n.locales())}")
        return 0
    out = getattr(args, "out", None) or SITE
    try:
        if not (args.command == "serve" and args.no_build):
            build(out, demo=not getattr(args, "product", False))
            print(f"built {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    except BuildError as exc:
        print(f"micsentry_site: {exc}", file=sys.stderr)
        return 2
    if args.command == "serve":
        return _serve(args.port)
    return 0


def _serve(port):
    try:
        server = make_server(SITE, port=port)
    except OSError as exc:
        print(f"micsentry_site: cannot listen on 127.0.0.1:{port} ({exc}); try PORT=…", file=sys.stderr)
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
