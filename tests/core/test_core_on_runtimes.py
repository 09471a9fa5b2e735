"""The pure core gives the same answers on MicroPython and Pyodide as on CPython.

Runs the real runtimes from web/node_modules in Node (no browser): the classifier table, every
advice text (in English and through real catalogs, right to left and pseudo included), every message,
platform detection, UFD normalisation and priorities, the session table, the troubleshooter and the
report and its summary, compared with CPython's answers.
"""

import base64
import inspect
import json
import shutil
import subprocess
from pathlib import Path

import pytest

import test_remote
from micsentry.core import causes, messages, platforms
from micsentry_site import i18n
import test_session
from test_causes import TABLE
from test_platforms import CHROME_UA, HINTS, UA
from test_troubleshoot import FLOW_TABLE

ROOT = Path(__file__).resolve().parents[2]
PY = ROOT / "py"
CORE = ["micsentry/__init__.py"] + sorted(p.relative_to(PY).as_posix() for p in (PY / "micsentry" / "core").glob("*.py"))
RUNNER = ROOT / "tests" / "runtimes" / "run_python.mjs"

# Runs unchanged on every interpreter: the functions under test, by name.
FUNCTIONS = """
import json
from micsentry.core import advice, causes, forms, levels, messages, platforms, protocol, remote, report, signals, troubleshoot, ufd
from micsentry.core.incall import CallState

def summary_in(locale, timeline):
    built = report.build({"runtime": "x", "browser": "chrome", "system": "linux"}, {"state": "ok"}, timeline, "now")
    return report.summary(built, CATALOGS[locale])

def remote_normalise(payload):
    try:
        return remote.normalise(payload)
    except ufd.Malformed:
        return "malformed"

def normalise(change):
    try:
        return ufd.normalise(change)
    except ufd.Malformed:
        return "malformed"

def incall_sequence(steps):
    state = CallState()
    tops = []
    for name, value in steps:
        state.apply(ufd.normalise({"diagnostic": name, "value": value}))
        tops.append(state.top())
    return tops

def silence(levels_at):
    detector = levels.SilenceDetector()
    return [detector.feed(level, t) for level, t in levels_at]

def native_changes(given):
    source = signals.BrowserSignals()
    return [source.signal(*signal) for signal in given]

def read_text(text):
    try:
        return report.read_text(text, "log")["diagnosis"]
    except report.ReportError as exc:
        return ["error", exc.where]  # the JSON parser's own words differ between runtimes

FUNCTIONS = {
    "classify": causes.classify,
    "after_permission_change": causes.after_permission_change,
    "advise": advice.advise,
    "detect": platforms.detect,
    "normalise": normalise,
    "remote_normalise": remote_normalise,
    "advise_remote": lambda cause, name: advice.advise_remote(cause, name),
    "advise_in": lambda locale, cause, browser, system: advice.advise(cause, browser, system, CATALOGS[locale]),
    "advise_app_in": lambda locale, system, app: advice.advise("in-app-browser", "chrome", system, CATALOGS[locale], app),
    "advise_remote_in": lambda locale, cause: advice.advise_remote(cause, "Ada", CATALOGS[locale]),
    "text_in": lambda locale, message_id: messages.text(message_id, CATALOGS[locale], runtime="R", reason="why",
                                                        status=404, url="U", count=2, dbfs=-3, number=1),
    "summary_in": summary_in,
    "incall_sequence": incall_sequence,
    "session": lambda phase, sdk, events, limit: run(phase, sdk, events, limit),
    "join_problem": forms.join_problem,
    "diagnose": troubleshoot.diagnose,
    "dbfs": lambda samples: round(levels.dbfs(samples), 3),
    "silence": silence,
    "read_text": read_text,
    "report_round_trip": lambda timeline: report.read(json.loads(report.to_json(
        report.build({"runtime": "x"}, {"state": "ok"}, timeline, "2026-11-23T00:00:00Z"))))["diagnosis"],
    "native": native_changes,
    "embed_check": protocol.check,
}
"""

FUNCTIONS += "\n" + inspect.getsource(test_session.run)

PROGRAM = FUNCTIONS + """
import json
checks = json.loads(CHECKS)
results = {}
for name in checks:
    results[name] = [FUNCTIONS[name](*args) for args in checks[name]]
print("RESULT " + json.dumps(results))
"""

CAUSES = causes.PRECALL
BROWSERS = platforms.BROWSERS
SYSTEMS = platforms.SYSTEMS
INCALL = ("mic-permission-denied", "network-reconnect", "mic-not-functioning", "mic-muted-unexpectedly",
          "mic-silent", "speaking-while-muted")

# Catalogs of real languages and the pseudo-locale, as the browser gets them: every path in German,
# Arabic and Japanese; in every other language its own texts, the remote notices and the steps that
# quote its systems' menus.
LOCALES = ("de", "ar", "ja")
EVERY = tuple(i18n.locales())


def catalogs():
    found = {tag: i18n.messages(i18n.read(i18n.po_path(tag))) for tag in EVERY}
    found["en-XA"] = {message.id: i18n.pseudo(message.id) for message in i18n.read(i18n.TEMPLATE) if message.id}
    return found


CHECKS = {
    # Every browser and system in one language; the others take the same paths with their own words.
    "advise_in": [[loc, c, b, s] for loc in LOCALES + ("en-XA",) for c in CAUSES + INCALL + ("app-did-not-ask",)
                  for b in (BROWSERS if loc == "de" else ("chrome", "samsung", "other"))
                  for s in (SYSTEMS if loc == "de" else ("macos", "chromeos", "other"))] +
                 [[loc, c, "chrome", s] for loc in EVERY for c in ("browser-denied", "os-blocked")
                  for s in ("windows", "macos", "android", "ios")],
    "advise_app_in": [[loc, s, a] for loc in LOCALES + ("en-XA",) for s in SYSTEMS for a in platforms.APPS + (None,)],
    "advise_remote_in": [[loc, cause] for loc in EVERY for cause in causes.REMOTE + ("unknown",)],
    "text_in": [[loc, message_id] for loc in EVERY + ("en-XA",) for message_id in sorted(messages.TEXTS)],
    "summary_in": [[loc, timeline] for loc in LOCALES for timeline, _ in FLOW_TABLE[:12]
                   if all(isinstance(e, dict) for e in timeline)],
    "classify": [[obs] for obs, _ in TABLE],
    "after_permission_change": [[s] for s in ("granted", "denied", "prompt", "unknown", "x")],
    "advise": [[c, b, s] for c in CAUSES + INCALL + ("app-did-not-ask",) for b in BROWSERS for s in SYSTEMS],
    "detect": [[ua, touch] for ua in sorted(UA.values()) for touch in (0, 5)] +
              [[CHROME_UA, 0, hints] for hints, _, _, _ in HINTS],
    "normalise": [[c] for c in (
        {"diagnostic": "networkReconnect", "value": 3, "valueType": "DiagnosticQuality"},
        {"diagnostic": "networkReconnect", "value": 1, "valueType": "DiagnosticQuality"},
        {"diagnostic": "microphonePermissionDenied", "value": True, "valueType": "DiagnosticFlag"},
        {"diagnostic": "microphoneNotFunctioning", "value": 2, "valueType": "DiagnosticQuality"},
        {"diagnostic": "fluxCapacitor", "value": True, "valueType": "DiagnosticFlag"},
        {"diagnostic": "microphoneNotFunctioning", "value": "yes"},
        {"diagnostic": 5, "value": True},
        None,
    )],
    "remote_normalise": [[payload] for payload, _ in test_remote.NORMALISE] + [[p] for p in test_remote.MALFORMED],
    "advise_remote": [[cause, "Ada"] for cause in causes.REMOTE + ("unknown",)],
    "incall_sequence": [[[["networkReconnect", 3], ["microphonePermissionDenied", True],
                          ["microphonePermissionDenied", False], ["microphoneNotFunctioning", 3],
                          ["networkReconnect", 1], ["cameraFreeze", True]]]],
    "session": [[row[1], row[2], row[3], test_session.limit_of(row[0])] for row in test_session.TABLE],
    "join_problem": [[t, g] for t in ("", "a.b", "a.b.c") for g in (
        "", "29228d3e-040e-4656-a70e-890ab4e173e5", "29228D3E-040E-4656-A70E-890AB4E173E5",
        "29228d3e-040e-4656-a70e-890ab4e173e", "g9228d3e-040e-4656-a70e-890ab4e173e5", "meeting")],
    "diagnose": [[timeline] for timeline, _ in FLOW_TABLE],
    "dbfs": [[[0.0] * 4], [[0.5, -0.5]], [[0.001] * 16], [[]]],
    "silence": [[[[-80, 0], [-80, 2999], [-80, 3000], [-80, 4000], [-20, 4100], [-80, 5000]]]],
    "read_text": [[t] for t in (
        '{"diagnostic": "networkReconnect", "value": 3}\n{"diagnostic": "microphonePermissionDenied", "value": true}\n',
        '{"diagnostic": "networkReconnect", "value": 3}\n{"diagnostic": \n',
        '{"kind": "teleport"}',
        '',
    )],
    "report_round_trip": [[timeline] for timeline, _ in FLOW_TABLE if all(isinstance(e, dict) for e in timeline)],
    "native": [[[["permission", "granted"], ["permission", "denied"], ["permission", "denied"], ["track", "ended"],
                 ["track", "mute"], ["track", "unmute"], ["devices", 0], ["devices", 2], ["online", False],
                 ["online", True], ["level", -80, 0], ["level", -80, 3000], ["level", -20, 3100], ["bogus", 1]]]],
    "embed_check": [[d, o, a, "https://app.example"] for d in (
        {"micsentry": 1, "type": "recheck"}, {"micsentry": 2, "type": "recheck"}, {"micsentry": 1, "type": "x"},
        {"micsentry": 1, "type": "diagnostic", "diagnostic": "networkReconnect", "value": 3}, {"hello": 1}, "text")
        for o in ("https://app.example", "https://evil.example") for a in (["*"], ["https://app.example"], [])],
}


def canonical(value):
    # MicroPython's dicts are unordered and JSON has no tuples: compare as JSON with sorted keys.
    return json.loads(json.dumps(value, sort_keys=True))


def on_cpython():
    namespace = {"CATALOGS": catalogs()}
    exec(FUNCTIONS, namespace)
    functions = namespace["FUNCTIONS"]
    return canonical({name: [functions[name](*args) for args in CHECKS[name]] for name in CHECKS})


def shipped_image():
    """The package as the site ships it to MicroPython: the image of .mpy files from the build's own
    compiler, and the script's first lines that mount it (micsentry_site.package MOUNT); the core is
    then checked to come from the image."""
    from micsentry_site import package

    image = package.archive("micropython", demo=False)
    files = {package.IMAGE_FILE: {"base64": base64.b64encode(image).decode("ascii")}}
    prelude = package.MOUNT + ("import micsentry.core\nassert micsentry.core.__file__.startswith(%r), "
                               "micsentry.core.__file__\n" % (package.IMAGE_MOUNT + "/"))
    return files, prelude


@pytest.mark.parametrize("runtime", ["micropython", "micropython-image", "pyodide"])
def test_core_matches_cpython(runtime):
    node = shutil.which("node")
    if node is None or not (ROOT / "web" / "node_modules" / "pyodide").is_dir():
        pytest.skip("needs node and web/node_modules (make install)")
    prelude = ""
    if runtime == "micropython-image":
        runtime = "micropython"
        files, prelude = shipped_image()
    else:
        files = {name: (PY / name).read_text() for name in CORE}
        files["micsentry/core/__init__.py"] = (PY / "micsentry" / "core" / "__init__.py").read_text()
    code = prelude + "import json\nCHECKS = %r\nCATALOGS = json.loads(%r)\n" % (json.dumps(CHECKS), json.dumps(catalogs())) + PROGRAM
    done = subprocess.run([node, str(RUNNER)], input=json.dumps({"runtime": runtime, "files": files, "code": code}),
                          capture_output=True, text=True, timeout=120)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, "the runtime printed no result:\n%s\n%s" % (done.stdout[-3000:], done.stderr[-3000:])
    got = canonical(json.loads(lines[-1][len("RESULT "):]))
    want = on_cpython()
    assert set(got) == set(want)
    for name in want:
        assert got[name] == want[name], name
