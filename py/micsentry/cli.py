"""``micsentry``: the command line (host only, never shipped to the browser).

    $ micsentry diagnose micsentry-report.json      # the troubleshooting flow over a report or a log
    $ micsentry diagnose ufd-events.jsonl --json
    $ micsentry serve --port 8000                   # the check page and the widget, on this machine
    $ micsentry build --out /srv/micsentry          # the static site, for any web server

``diagnose`` exits 0 when no problem is found, 1 when one is, 2 when the input cannot be read (the
file and line are named; never a traceback). ``serve`` and ``build`` exit 2 when they cannot.
"""

import argparse
import json
import sys

from micsentry import __version__
from micsentry.core import report
from micsentry.host import site

EXIT_OK, EXIT_PROBLEM, EXIT_UNREADABLE = 0, 1, 2


def _parser():
    parser = argparse.ArgumentParser(prog="micsentry", description="micsentry on the command line.")
    parser.add_argument("--version", action="version", version="micsentry " + __version__)
    sub = parser.add_subparsers(dest="command", required=True)
    diagnose = sub.add_parser(
        "diagnose",
        help="diagnose one-way audio from a micsentry report or a JSON-lines log of UFD events",
        description="Walks the ACS one-way-audio troubleshooting flow over a micsentry report (JSON) or a "
        "JSON-lines log of User Facing Diagnostics events and prints the diagnosis. Exit 0: no problem "
        "found, 1: a problem found, 2: unreadable input.",
    )
    diagnose.add_argument("file", help="report or log file ('-' for standard input)")
    diagnose.add_argument("--json", action="store_true", help="print the diagnosis as JSON")
    serve = sub.add_parser("serve", help="serve the pre-call check page and the widget",
                           description="Serves the check page (/), the iframe (/embed.html) and the widget "
                           "(/micsentry.js) with the headers production needs. Ctrl+C stops.")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000; 0: any free port)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1; the microphone needs https or localhost)")
    serve.add_argument("--embed-origins", metavar="ORIGINS", help=ORIGINS_HELP)
    build = sub.add_parser("build", help="write the static site into a folder, for any web server",
                           description="Copies the built site (pages, widget, runtimes, precompressed .br/.gz "
                           "variants, license notices) into OUT. See the README's nginx recipe.")
    build.add_argument("--out", required=True, help="a new or empty folder")
    build.add_argument("--embed-origins", metavar="ORIGINS", help=ORIGINS_HELP)
    return parser


ORIGINS_HELP = ("comma-separated origins allowed to embed embed.html, or '*' for any (the default); "
                "written to micsentry-config.json, which can also be edited later")


def _read(path):
    if path == "-":
        return sys.stdin.read(), "<stdin>"
    with open(path, encoding="utf-8") as handle:
        return handle.read(), path


def main(argv=None):
    args = _parser().parse_args(argv)
    if args.command in ("serve", "build"):
        try:
            origins = site.parse_origins(args.embed_origins) if args.embed_origins is not None else None
            return _serve(args, origins) if args.command == "serve" else _build(args, origins)
        except site.SiteError as exc:
            print("micsentry: %s" % exc, file=sys.stderr)
            return EXIT_UNREADABLE
    return _diagnose(args)


def _build(args, origins):
    try:
        out = site.write(args.out, origins)
    except OSError as exc:
        raise site.SiteError("cannot write %s (%s)" % (args.out, exc.strerror or exc)) from None
    print("wrote the micsentry site to %s; serve it with the headers of the README's nginx recipe" % out)
    return EXIT_OK


def _serve(args, origins):
    from micsentry.host import serve

    folder = site.packaged_site()
    try:
        server = serve.make_server(folder, host=args.host, port=args.port, embed_origins=origins)
    except OSError as exc:
        raise site.SiteError("cannot listen on %s:%d (%s); try another --port"
                             % (args.host, args.port, exc.strerror or exc)) from None
    host, port = server.server_address[:2]
    name = "localhost" if host in ("127.0.0.1", "::1") else host
    print("micsentry pre-call check: http://%s:%d/  (Ctrl+C stops)" % (name, port))
    print("  widget: <script type=module src=\"http://%s:%d/micsentry.js\"></script> <mic-sentry></mic-sentry>"
          % (name, port))
    print("  iframe: <iframe src=\"http://%s:%d/embed.html\" allow=\"microphone\"></iframe>" % (name, port))
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return EXIT_OK


def _diagnose(args):
    try:
        text, name = _read(args.file)
        result = report.read_text(text, name)
    except report.ReportError as exc:
        print("micsentry: %s: %s" % (exc.where or args.file, exc), file=sys.stderr)
        return EXIT_UNREADABLE
    except (OSError, UnicodeDecodeError) as exc:
        print("micsentry: %s: cannot read the file (%s)" % (args.file, getattr(exc, "strerror", None) or exc),
              file=sys.stderr)
        return EXIT_UNREADABLE
    diagnosis = result["diagnosis"]
    if args.json:
        print(json.dumps(diagnosis, indent=2, sort_keys=True))
    else:
        print(report.summary(result) if result.get("created") else _short(diagnosis))
    return EXIT_PROBLEM if diagnosis["problem"] else EXIT_OK


def _short(diagnosis):
    lines = ["Diagnosis: %s - %s" % (diagnosis["cause"], diagnosis["next_step"]),
             "Who acts: %s; flow step: %s" % (diagnosis["actor"], diagnosis["step"])]
    lines.extend("  - " + item for item in diagnosis["evidence"])
    if diagnosis["section"]:
        lines.append("Guide: " + diagnosis["section"])
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
