"""micsentry benchmarks at scale (`make bench`, after run.py): prints tables and writes JSON to
bench/results/scale-*.json.

- engines: the plugin's third-party suite (tests/plugin/test_plugin.py: a calling page and 13 mic
  tests, every state) run by pytest with its microphone browser launched here, on a real Playwright
  browser server (`python -m playwright run-server --unsafe`, the pinned Playwright, this machine's
  Chromium) and on a Chromium behind its DevTools endpoint; MICSENTRY_BENCH_SCALE_RUNS runs each
  (default 3), taking turns. Figures: seconds per mic test (setup, call and teardown, from pytest's
  JUnit XML; the session's browser start or connection falls to the first test) and the whole run.
- suite: the project's own suite (`pytest tests`, what `make test` runs after its installs) once
  without pytest-xdist and once as `make test` runs it (-n auto --dist loadgroup): wall seconds.
  About twenty-five minutes on 2 cores.

MICSENTRY_BENCH_SCALE=engines (or suite) measures only that part.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from micsentry_site import config
from micsentry_site.remote_browsers import cdp_chromium, playwright_server
from pytest_micsentry import chromium

ROOT = config.ROOT
sys.path.insert(0, str(ROOT / "tests" / "plugin"))
from test_plugin import CONFTEST, SYSTEM_CHROMIUM, TESTS  # noqa: E402

RUNS = int(os.environ.get("MICSENTRY_BENCH_SCALE_RUNS", "3"))
PARTS = os.environ.get("MICSENTRY_BENCH_SCALE", "engines,suite").split(",")
XDIST = ["-n", "auto", "--dist", "loadgroup"]  # as the Makefile's test target


def run_project(folder, *args):
    """One pytest run of the third-party project; (seconds per test, wall seconds, tests)."""
    report = Path(folder) / "junit.xml"
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--junitxml", str(report),
                           *args], cwd=folder, capture_output=True, text=True, timeout=900)
    wall = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit("the project failed under %s:\n%s" % (" ".join(args) or "a local launch", done.stdout[-3000:]))
    cases = ElementTree.parse(report).getroot().iter("testcase")
    times = [float(case.get("time")) for case in cases]
    return sum(times) / len(times), wall, len(times)


def measure_engines():
    path = chromium.find_chromium()
    results = {"local": [], "server": [], "cdp": []}
    with tempfile.TemporaryDirectory(prefix="micsentry-bench-scale-") as folder:
        Path(folder, "conftest.py").write_text(CONFTEST + SYSTEM_CHROMIUM)
        Path(folder, "test_calling_app.py").write_text(TESTS)
        with playwright_server(path) as endpoint, cdp_chromium(path) as cdp_url:
            for turn in range(RUNS):
                print("engines, run %d of %d…" % (turn + 1, RUNS), file=sys.stderr, flush=True)
                results["local"].append(run_project(folder))
                results["server"].append(run_project(folder, "--mic-connect", endpoint))
                results["cdp"].append(run_project(folder, "--mic-cdp", cdp_url))
    return {name: {"per_test_s": [r[0] for r in runs], "wall_s": [r[1] for r in runs], "tests": runs[0][2]}
            for name, runs in results.items()}


def measure_suite():
    figures = {}
    for name, args in (("without xdist", ["-p", "no:xdist"]), ("-n auto --dist loadgroup", XDIST)):
        print("the suite, %s…" % name, file=sys.stderr, flush=True)
        started = time.monotonic()
        # As make test runs it: pytest puts py/ on the path itself (pyproject), no PYTHONPATH.
        env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
        done = subprocess.run([sys.executable, "-m", "pytest", "tests", "-q", "-p", "no:cacheprovider", "-rfE", *args],
                              cwd=ROOT, capture_output=True, text=True, env=env)
        figures[name] = {"wall_s": time.monotonic() - started, "returncode": done.returncode,
                         "summary": done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "",
                         "failures": [line for line in done.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]}
    return figures


def engines_table(results):
    lines = ["", "Seconds per mic test (third-party suite, %d tests; median of %d, min-max)" % (
        results["local"]["tests"], RUNS), "%-44s%22s%22s" % ("engine", "per test", "whole run")]
    names = {"local": "launched here", "server": "Playwright browser server (--mic-connect)",
             "cdp": "DevTools endpoint (--mic-cdp)"}
    for key, label in names.items():
        cells = []
        for field in ("per_test_s", "wall_s"):
            values = results[key][field]
            cells.append("%.2f (%.2f-%.2f)" % (statistics.median(values), min(values), max(values)))
        lines.append("%-44s%22s%22s" % (label, cells[0], cells[1]))
    return lines


def suite_table(figures):
    lines = ["", "The project's suite (pytest tests), wall seconds on %d cores" % os.cpu_count()]
    for name, figure in figures.items():
        lines.append("%-28s%10.0f   %s" % (name, figure["wall_s"], figure["summary"]))
    return lines


def main():
    report = {"created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "runs": RUNS,
              "machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]}}
    lines = []
    if "engines" in PARTS:
        report["engines"] = measure_engines()
        lines += engines_table(report["engines"])
    if "suite" in PARTS:
        report["suite"] = measure_suite()
        lines += suite_table(report["suite"])
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    path = out / ("scale-%s.json" % report["created"].replace(":", "-"))
    path.write_text(json.dumps(report, indent=2))
    print("\n".join(lines))
    print("\nJSON: %s" % path.relative_to(ROOT))


if __name__ == "__main__":
    main()
