"""``micsentry diagnose FILE``: the troubleshooting flow over a report or a log, on the command line.

Host only (never shipped to the browser). Exit status: 0 no problem found, 1 a problem found,
2 the input cannot be read (the file and line are named; never a traceback).

    $ micsentry diagnose micsentry-report.json
    $ micsentry diagnose ufd-events.jsonl --json
"""

import argparse
import json
import sys

from micsentry import __version__
from micsentry.core import report

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
    return parser


def _read(path):
    if path == "-":
        return sys.stdin.read(), "<stdin>"
    with open(path, encoding="utf-8") as handle:
        return handle.read(), path


def main(argv=None):
    args = _parser().parse_args(argv)
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
