"""The pure core gives the same answers on MicroPython and Pyodide as on CPython.

Runs the real runtimes from web/node_modules in Node (no browser): the classifier table, every
remediation text, platform detection and the view models, compared with CPython's answers.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from micsentry import causes, guidance, platforms, view

from test_causes import TABLE
from test_platforms import UA

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "py" / "micsentry"
RUNNER = ROOT / "tests" / "runtimes" / "run_python.mjs"
CORE = ("__init__.py", "causes.py", "platforms.py", "guidance.py", "view.py")

CHECKS = {
    "classify": [[obs] for obs, _ in TABLE],
    "remediation": [[c, b, s] for c in causes.ALL for b in platforms.BROWSERS for s in platforms.SYSTEMS],
    "detect": [[ua, touch] for ua in sorted(UA.values()) for touch in (0, 5)],
    "after_permission_change": [[s] for s in ("granted", "denied", "prompt", "unknown", "x")],
    "precall_view": [
        [{"state": st, "cause": c, "permission": "granted", "error": {"name": "E", "message": "m"}},
         {"browser": "safari", "system": "macos"}]
        for st in ("starting", "checking", "ok", "warning", "error") for c in causes.ALL
    ],
}

PROGRAM = """
import json
from micsentry import causes, guidance, platforms, view
functions = {"classify": causes.classify, "remediation": guidance.remediation, "detect": platforms.detect,
             "after_permission_change": causes.after_permission_change, "precall_view": view.precall_view}
checks = json.loads(CHECKS)
results = {}
for name in checks:
    results[name] = [functions[name](*args) for args in checks[name]]
print("RESULT " + json.dumps(results))
"""


def canonical(value):
    # MicroPython's dicts are unordered and it has no tuples in JSON: compare as JSON with sorted keys.
    return json.loads(json.dumps(value, sort_keys=True))


def expected():
    functions = {"classify": causes.classify, "remediation": guidance.remediation, "detect": platforms.detect,
                 "after_permission_change": causes.after_permission_change, "precall_view": view.precall_view}
    return canonical({name: [functions[name](*args) for args in CHECKS[name]] for name in CHECKS})


@pytest.mark.parametrize("runtime", ["micropython", "pyodide"])
def test_core_matches_cpython(runtime):
    node = shutil.which("node")
    if node is None or not (ROOT / "web" / "node_modules" / "pyodide").is_dir():
        pytest.skip("needs node and web/node_modules (make install)")
    files = {"micsentry/" + name: (PACKAGE / name).read_text() for name in CORE}
    code = "CHECKS = %r\n" % json.dumps(CHECKS) + PROGRAM
    done = subprocess.run([node, str(RUNNER)], input=json.dumps({"runtime": runtime, "files": files, "code": code}),
                          capture_output=True, text=True, timeout=120)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, "the runtime printed no result:\n%s\n%s" % (done.stdout[-3000:], done.stderr[-3000:])
    got = canonical(json.loads(lines[-1][len("RESULT "):]))
    want = expected()
    for name in want:
        assert got[name] == want[name], name
