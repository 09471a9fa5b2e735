"""``platforms.detect`` against what others maintain: real user-agent strings, and a well-kept parser.

The strings are Matomo Device Detector's own test fixtures, as the ``device_detector`` package ships
them on PyPI (its sdist, pinned by hash in ``tests/core/corpus.txt``; ``make corpus`` fetches it).
uap-core's test cases are in neither its npm package nor the ``ua-parser`` distributions, so the
parser that judges is uap-core's Python one, ``ua-parser`` with ``ua-parser-builtins`` (pinned in
requirements-dev.lock): for every string whose family micsentry names, ``detect()`` must agree with it
on browser, app and system, or the difference must be one listed below with its reason. The parser is
a test dependency only: the page keeps its small detector.

The same strings go through ``detect()`` on MicroPython, which must answer as CPython does.
"""

import json
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from micsentry.core import platforms

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "build" / "corpus" / "device_detector-6.5.1.tar.gz"
RUNNER = ROOT / "tests" / "runtimes" / "run_python.mjs"

# uap-core's family -> what micsentry calls it.
BROWSER = {"Chrome": "chrome", "Chrome Mobile": "chrome", "Chrome Mobile iOS": "chrome", "HeadlessChrome": "chrome",
           "Chromium": "chromium", "Edge": "edge", "Edge Mobile": "edge", "Firefox": "firefox",
           "Firefox Mobile": "firefox", "Firefox iOS": "firefox", "Safari": "safari", "Mobile Safari": "safari",
           "Samsung Internet": "samsung", "Opera": "opera", "Opera Mobile": "opera", "Brave": "brave",
           "Vivaldi": "vivaldi"}
APP = {"Chrome Mobile WebView": "webview", "Mobile Safari UI/WKWebView": "webview", "Facebook": "facebook",
       "Instagram": "instagram", "LINE": "line", "WeChat": "wechat", "LinkedIn": "linkedin", "Twitter": "x",
       "Snapchat": "snapchat", "Google": "google", "TikTok": "tiktok"}
SYSTEM = {"Windows": "windows", "Mac OS X": "macos", "iOS": "ios", "Android": "android", "Chrome OS": "chromeos",
          "Linux": "linux", "Ubuntu": "linux", "Debian": "linux", "Fedora": "linux", "Arch Linux": "linux"}

# Every kind of disagreement, with why micsentry's answer stands: (reason, test on (what, family, ours, ua)).
KNOWN = (
    ("the parser calls any WebKit that says Safari/ Safari, without Safari's own Version/ token (TV and "
     "embedded browsers, Mercury): Safari's steps would be wrong there",
     lambda what, family, ours, ua: what == "browser" and "Safari" in family and "Version/" not in ua),
    ("Android's old WebView form (Version/4.0 before Chrome/) the parser reads as Chrome: an app's view",
     lambda what, family, ours, ua: what == "browser" and ours == "webview" and "Version/4.0 Chrome/" in ua),
    ("the app's own token inside a WebView (WeChat's MicroMessenger, Snapchat, LinkedInApp): more specific",
     lambda what, family, ours, ua: what == "app" and family == "Chrome Mobile WebView" and ours in platforms.APPS),
    ("an iOS app's view without Safari/ (Quora's says Mobile Safari): every iOS browser of its own says Safari/",
     lambda what, family, ours, ua: what == "browser" and ours == "webview" and "Safari/" not in ua),
    ("a WebView outside Android (TV boxes, VR headsets, Linux): micsentry names only Android's an app's view",
     lambda what, family, ours, ua: what == "app" and ours is None and "Android" not in ua),
    ("a browser's own token the parser passes over (OPR/, Edge/ on Windows Phone, Facebook's FBAN/ on Windows)",
     lambda what, family, ours, ua: what == "browser" and (
         ours == "opera" and "OPR/" in ua or ours == "edge" and "Edge/" in ua or ours == "facebook" and "FBAN/" in ua)),
    ("a decade-old browser no longer able to run the page (Opera 9 dressed as Firefox 1.5, Brave 0.7 on Electron)",
     lambda what, family, ours, ua: what == "browser" and ("Opera 9" in ua or "brave/0." in ua)),
    ("Apple TV, Amazon Silk (Kindle) and VR headsets (Quest, Pico): none is a phone, tablet or computer system",
     lambda what, family, ours, ua: "Apple TV" in ua or "Silk" in ua or " VR " in ua),
    ("a Linux set-top box or Epiphany that names no system the usual way (lower-case linux, X11 with Mac OS X)",
     lambda what, family, ours, ua: what == "system" and ("linux armv" in ua or "X11; Intel Mac OS X" in ua)),
)


def corpus():
    """The distinct strings a page could read: every browser able to run it starts with Mozilla/5.0."""
    yaml = pytest.importorskip("yaml")
    if not CORPUS.is_file():
        pytest.skip("needs the corpus: make corpus")
    found = set()
    with tarfile.open(CORPUS) as archive:
        for member in archive.getmembers():
            if "/fixtures/upstream/" in member.name and member.name.endswith(".yml"):
                for entry in yaml.load(archive.extractfile(member), Loader=yaml.CSafeLoader) or []:
                    agent = entry.get("user_agent") if isinstance(entry, dict) else None
                    # A line break is the fixture's typo: no browser's user agent has one.
                    if isinstance(agent, str) and agent.startswith("Mozilla/5.0 (") and "\n" not in agent:
                        found.add(agent)
    return sorted(found)


@pytest.fixture(scope="module")
def strings():
    return corpus()


def judged(agent, parsed):
    """``[(what, family, ours)]`` for each of browser, app and system the parser names."""
    got = platforms.detect(agent)
    family = parsed.user_agent.family if parsed.user_agent else None
    system = parsed.os.family if parsed.os else None
    found = []
    if family in BROWSER:
        found.append(("browser", family, BROWSER[family], got["app"] or got["browser"]))
    if family in APP:
        found.append(("app", family, APP[family], got["app"]))
    if system in SYSTEM:
        found.append(("system", system, SYSTEM[system], got["system"]))
    return found


def test_detect_agrees_with_uap_core(strings):
    ua_parser = pytest.importorskip("ua_parser")
    counted = {"browser": [0, 0], "app": [0, 0], "system": [0, 0]}
    unexplained = []
    reasons = {reason: 0 for reason, _ in KNOWN}
    for agent in strings:
        for what, family, want, ours in judged(agent, ua_parser.parse(agent)):
            counted[what][1] += 1
            if ours == want:
                counted[what][0] += 1
                continue
            reason = next((r for r, test in KNOWN if test(what, family, ours, agent)), None)
            if reason is None:
                unexplained.append((what, family, want, ours, agent))
            else:
                reasons[reason] += 1
    for what, (agreed, total) in counted.items():
        print("%s: %d of %d agree (%.2f%%)" % (what, agreed, total, 100.0 * agreed / total))
    for reason, count in reasons.items():
        print("%5d differ: %s" % (count, reason))
    assert counted["browser"][1] > 10000 and counted["system"][1] > 20000, "the corpus is smaller than expected"
    assert not unexplained, "%d disagreements without a reason, e.g. %r" % (len(unexplained), unexplained[:5])


def test_detect_on_micropython_matches_cpython(strings, tmp_path):
    node = shutil.which("node")
    if node is None or not (ROOT / "web" / "node_modules" / "@micropython").is_dir():
        pytest.skip("needs node and web/node_modules (make install)")
    py = ROOT / "py"
    files = {name: (py / name).read_text() for name in (
        "micsentry/__init__.py", "micsentry/core/__init__.py", "micsentry/core/messages.py",
        "micsentry/core/platforms.py")}
    files["corpus.txt"] = "\n".join(strings) + "\n"
    # Line by line: the whole corpus at once is more than MicroPython's heap likes.
    code = ("from micsentry.core import platforms\n"
            "with open('corpus.txt') as lines:\n"
            "    for line in lines:\n"
            "        got = platforms.detect(line.rstrip('\\n'))\n"
            "        print('%s|%s|%s' % (got['browser'], got['system'], got['app']))\n")
    done = subprocess.run([node, str(RUNNER)], capture_output=True, text=True, timeout=300,
                          input=json.dumps({"runtime": "micropython", "files": files, "code": code}))
    got = done.stdout.split("\n")  # not splitlines(): some strings hold \x85 or \u2028
    assert len(got) >= len(strings), done.stdout[-2000:] + done.stderr[-2000:]
    want = ["%s|%s|%s" % (d["browser"], d["system"], d["app"]) for d in map(platforms.detect, strings)]
    assert got[:len(strings)] == want
