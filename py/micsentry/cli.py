"""``micsentry``: the command line (host only, never shipped to the browser).

    $ micsentry diagnose micsentry-report.json      # the troubleshooting flow over a report or a log
    $ micsentry diagnose ufd-events.jsonl --json
    $ micsentry diagnose support/*.json                # one line per file, then a table of causes
    $ micsentry serve --port 8000                   # the check page and the widget, on this machine
    $ micsentry build --out /srv/micsentry          # the static site, for any web server

``diagnose`` reads one file or many (``micsentry diagnose logs/*.jsonl``: one line each, then a table of
causes and who acts), a log line by line in bounded memory; it exits 0 when no problem is found, 1 when
one is, 2 when any input cannot be read (the file and line are named; never a traceback). ``serve`` and ``build`` exit 2 when they cannot.
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
    diagnose.add_argument("files", nargs="+", metavar="FILE",
                          help="report or log files ('-' for standard input); several give one line each and a table")
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
                           "variants, license notices) into OUT. See the docs' production recipe (docs/support.md).")
    build.add_argument("--out", required=True, help="a new or empty folder")
    build.add_argument("--embed-origins", metavar="ORIGINS", help=ORIGINS_HELP)
    return parser


ORIGINS_HELP = ("comma-separated origins allowed to embed embed.html, or '*' for any (the default); "
                "written to micsentry-config.json, which can also be edited later")


def _lines(handle, name):
    """``(number, text)`` of each line of a binary *handle*, UTF-8 (a BOM allowed), never more than
    one line (of at most report.MAX_LINE characters) in memory."""
    number = 0
    while True:
        raw = handle.readline(report.MAX_LINE + 1)
        if not raw:
            return
        number += 1
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if len(raw) > report.MAX_LINE:
            raise report.ReportError("a line longer than %d MB" % (report.MAX_LINE // 1048576), "%s:%d" % (name, number))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise report.ReportError("not UTF-8 text", "%s:%d" % (name, number)) from None
        yield number, text.rstrip("\r\n")


def read_file(path):
    """The report or log in *path* (``-``: standard input), streamed (see report.read_lines)."""
    if path == "-":
        return report.read_lines(_lines(sys.stdin.buffer, "<stdin>"), "<stdin>")
    with open(path, "rb") as handle:
        return report.read_lines(_lines(handle, path), path)


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
    print("wrote the micsentry site to %s; serve it with the headers of the production recipe (docs/support.md)" % out)
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
    outcomes = []  # (file, result or None, error text or None)
    for path in args.files:
        try:
            outcomes.append((path, read_file(path), None))
        except report.ReportError as exc:
            outcomes.append((path, None, "%s: %s" % (exc.where or path, exc)))
        except OSError as exc:
            outcomes.append((path, None, "%s: cannot read the file (%s)" % (path, exc.strerror or exc)))
    for path, _, error in outcomes:
        if error:
            print("micsentry: " + error, file=sys.stderr)
    read = [(path, result) for path, result, error in outcomes if result is not None]
    if len(args.files) == 1:
        if read:
            diagnosis = read[0][1]["diagnosis"]
            print(json.dumps(diagnosis, indent=2, sort_keys=True) if args.json else
                  report.summary(read[0][1]) if read[0][1].get("created") else _short(diagnosis))
    elif args.json:
        print(json.dumps([{"file": path, "diagnosis": result["diagnosis"], "error": None} if result is not None else
                          {"file": path, "diagnosis": None, "error": error} for path, result, error in outcomes],
                         indent=2, sort_keys=True))
    else:
        print("\n".join(_one_line(path, result["diagnosis"]) for path, result in read) + "\n")
        print(_table(read, len(outcomes) - len(read)))
    if len(read) < len(outcomes):
        return EXIT_UNREADABLE
    return EXIT_PROBLEM if any(result["diagnosis"]["problem"] for _, result in read) else EXIT_OK


def _one_line(path, diagnosis):
    return "%s: %s (%s acts) - %s" % (path, diagnosis["cause"], diagnosis["actor"], diagnosis["next_step"])


def _table(read, unreadable):
    """How many files came to each cause, and who acts on it: what a support queue looks at first."""
    counts = {}
    for _, result in read:
        key = (result["diagnosis"]["cause"], result["diagnosis"]["actor"])
        counts[key] = counts.get(key, 0) + 1
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    width = max([len("cause")] + [len(cause) for (cause, _), _ in rows])
    lines = ["%-*s  %-13s  %s" % (width, "cause", "who acts", "files")]
    lines += ["%-*s  %-13s  %d" % (width, cause, actor, count) for (cause, actor), count in rows]
    if unreadable:
        lines.append("%-*s  %-13s  %d" % (width, "(unreadable)", "-", unreadable))
    return "\n".join(lines)


def _short(diagnosis):
    lines = ["Diagnosis: %s - %s" % (diagnosis["cause"], diagnosis["next_step"]),
             "Who acts: %s; flow step: %s" % (diagnosis["actor"], diagnosis["step"])]
    lines.extend("  - " + item for item in diagnosis["evidence"])
    if diagnosis["section"]:
        lines.append("Guide: " + diagnosis["section"])
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
