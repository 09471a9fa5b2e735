"""micsentry benchmarks (`make bench`): prints tables and writes JSON to bench/results/.

Measured side by side in one run, in headless Chromium on this machine, against the built site served
on loopback by `micsentry serve` (precompressed, runtime files cached for a year). Start figures are
the median (min-max) of MICSENTRY_BENCH_RUNS runs (default 7), the scenarios taking turns run by run:

- cold: navigation to the first verdict (the first `micsentry:change` of the pre-call phase), in a
  fresh browser context (empty cache); warm: the same page again in that context (HTTP cache, no
  request routing, which would disable it);
- progress: first contentful paint, which on every micsentry scenario is the check with its
  "Starting the microphone check…" status;
- requests and bytes on the wire (compressed, headers included) and decoded, cold and warm.

Ratios against the bare runtime: of the medians, and turn by turn (the median, min and max of each
turn's load against the floor's load of the same turn: the machine's drift during the run cancels).

Scenarios: the check page and the <mic-sentry> widget (embedded by a page on another origin) on each
runtime; the bare runtimes printing one line, started the way a plain PyScript page starts (core.js
as a module script, the runtime by the script's config, no preloads): the floor; and the same check
by hand in plain JS (bench/yardstick.html), the yardstick.

On the check page of each runtime, user actions (milliseconds, median of MICSENTRY_BENCH_ACTION_RUNS,
default 3): recheck (API call to the next verdict), attach then detach one call, 20,000 diagnostics
through the ACS test double, then the report download and the summary copy of that long call; event
to banner latency over 1,000 diagnostics (in the DOM, and painted: the next animation frame).

Memory on the check page of each runtime, each reading after a forced garbage collection (CDP
HeapProfiler.collectGarbage): the JS heap and the ArrayBuffer backing store (which holds WebAssembly
memory), after the check, after 10,000 diagnostics, after MICSENTRY_BENCH_CYCLES (default 1,000)
attach/detach cycles and after as many revoke/re-grant cycles, each with its growth in percent (each
endurance run after a warm-up of a tenth as many cycles: first use is not growth). The backing store
also holds short-lived buffers (audio, media) and goes up and down; the JS heap is the figure to watch.
The revoke/re-grant run also grows the report's timeline by design (four events a cycle, at most 20,000).

MICSENTRY_BENCH_ONLY=page-micropython,floor (prefixes) measures only those scenarios, and
MICSENTRY_BENCH_PARTS=start (of start,actions,memory) only those parts.
"""

import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright
from pytest_micsentry import chromium
from pytest_micsentry.acs import diagnostics_double_source
from pytest_micsentry.microphone import Microphone
from pytest_micsentry.origins import host_page

from micsentry.core import contract
from micsentry_site import assemble, config

ROOT = config.ROOT
RUNS = int(os.environ.get("MICSENTRY_BENCH_RUNS", "7"))
ACTION_RUNS = int(os.environ.get("MICSENTRY_BENCH_ACTION_RUNS", "3"))
CYCLES = int(os.environ.get("MICSENTRY_BENCH_CYCLES", "1000"))
ONLY = [name for name in os.environ.get("MICSENTRY_BENCH_ONLY", "").split(",") if name]
PARTS = os.environ.get("MICSENTRY_BENCH_PARTS", "start,actions,memory").split(",")
WARM_UP = max(1, CYCLES // 10)
EVENTS_LATENCY = 1000
EVENTS_MEMORY = 10000
EVENTS_LONG_CALL = 20000
RUNTIMES = contract.RUNTIMES
DOUBLE = diagnostics_double_source()

RECORD = """
window.__verdict = null;
window.__verdicts = 0;
document.addEventListener("micsentry:change", (event) => {
  if (event.detail.phase !== "precall") return;
  window.__verdicts += 1;
  if (window.__verdict === null) window.__verdict = performance.now();
});
"""

SIZES = """() => {
  const entries = [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")];
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  return {wire: entries.reduce((n, e) => n + (e.transferSize || 0), 0),
          decoded: entries.reduce((n, e) => n + (e.decodedBodySize || 0), 0),
          requests: entries.length, progress_ms: paint ? paint.startTime : null};
}"""

# The check's root, on the page or inside the widget.
ROOT_JS = 'const root = (document.querySelector("mic-sentry")?.shadowRoot ?? document).querySelector("[data-micsentry]");'
HOST_JS = 'const host = document.querySelector("mic-sentry") ?? window.micsentry;'

LATENCY = """async ([count]) => {
  const feature = new UfdFeatureDouble();
  %s %s
  host.attach(feature);
  const dom = [], painted = [];
  for (let i = 0; i < count; i++) {
    const raised = i %% 2 === 0;
    const start = performance.now();
    feature.raise("microphonePermissionDenied", raised);
    const shown = Boolean(root.querySelector('[data-micsentry-banner][data-phase="incall"]'));
    if (shown !== raised) throw new Error(`banner ${shown} after raise ${raised}`);
    dom.push(performance.now() - start);
    await new Promise((resolve) => requestAnimationFrame(() => resolve()));
    painted.push(performance.now() - start);
  }
  host.detach();
  return {dom, painted};
}""" % (ROOT_JS, HOST_JS)

FLOOD = """([count]) => {
  %s
  const feature = new UfdFeatureDouble();
  const start = performance.now();
  host.attach(feature);
  for (let i = 0; i < count; i++) feature.raise("networkReconnect", 1 + (i %% 3));
  return performance.now() - start;
}""" % HOST_JS

# One call after another, each its own task (a real call lasts a while; a single synchronous loop
# would also keep the browser's finalizers, which free what Python let go, from ever running).
ATTACH_DETACH = """async ([count]) => {
  %s
  let busy = 0;
  for (let i = 0; i < count; i++) {
    const feature = new UfdFeatureDouble();
    const start = performance.now();
    host.attach(feature);
    feature.raise("microphonePermissionDenied", true);
    host.detach();
    busy += performance.now() - start;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return busy / count;
}""" % HOST_JS

# The verdict is announced only when it changes: a recheck is timed by the root's data-state going
# to "checking" and back to a verdict.
RECHECK = """async () => {
  %s %s
  let checking = false;
  const done = new Promise((resolve) => {
    new MutationObserver((_, observer) => {
      if (root.dataset.state === "checking") checking = true;
      else if (checking && ["ok", "warning", "error"].includes(root.dataset.state)) { observer.disconnect(); resolve(); }
    }).observe(root, {attributes: true, attributeFilter: ["data-state"]});
  });
  const start = performance.now();
  host.recheck();
  await Promise.race([done, new Promise((_, reject) => setTimeout(() => reject(new Error("no verdict after recheck")), 30000))]);
  return performance.now() - start;
}""" % (HOST_JS, ROOT_JS)

# A tool button, clicked; its status line says when it is done (the click itself may run for long).
TOOL = """async ([name]) => {
  %s
  const status = root.querySelector("[data-micsentry-tools-status]");
  status.textContent = "";
  const start = performance.now();
  root.querySelector(`[data-micsentry-action="${name}"]`).click();
  while (!status.textContent) {
    if (performance.now() - start > 60000) throw new Error(`${name}: nothing said after 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return {ms: performance.now() - start, status: status.textContent};
}""" % ROOT_JS



def wait_until(target, expression, timeout=30000):
    """Poll *expression* until truthy: Playwright's wait_for_function evaluates its predicate with
    eval in the page, which the site's Content-Security-Policy refuses."""
    deadline = time.monotonic() + timeout / 1000
    while not target.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError("waited %d ms for: %s" % (timeout, expression))
        target.wait_for_timeout(20)

def summary(values):
    values = sorted(values)
    return {"median": statistics.median(values), "min": values[0], "max": values[-1], "n": len(values)}


def percentile(values, fraction):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(fraction * (len(values) - 1))))]


def floor_page(site_url, runtime):
    info = config.INTERPRETERS[runtime]
    interpreter = site_url + config.runtime_dir(info["runtime"]) + "/" + info["module"]
    return host_page(
        "<!doctype html><html><head><meta charset=utf-8><link rel=icon href='data:,'><title>floor</title>"
        "<script type=module src='%s%s/core.js'></script></head><body>"
        "<script type='%s' config='%s'>import js\nprint('ready')\njs.window.__verdict = js.performance.now()</script>"
        "</body></html>" % (site_url, config.runtime_dir("pyscript"), info["type"],
                            json.dumps({"interpreter": interpreter})))


def widget_page(site_url, runtime):
    return host_page(
        "<!doctype html><html><head><meta charset=utf-8><link rel=icon href='data:,'><title>host</title>"
        "<script type=module src='%smicsentry.js'></script></head><body>"
        "<mic-sentry runtime='%s'></mic-sentry></body></html>" % (site_url, runtime))


def scenarios(site_url):
    """(name, url, kind): kind "page" gets every measure, "widget" the start and the latency."""
    listed = []
    for runtime in RUNTIMES:
        listed.append(("page-" + runtime, site_url + "?runtime=" + runtime, "page"))
        # The page in German: its catalog comes while the runtime downloads (start measures only).
        listed.append(("lang-" + runtime, site_url + "?runtime=" + runtime + "&lang=de", "widget"))
        listed.append(("widget-" + runtime, widget_page(site_url, runtime), "widget"))
        listed.append(("floor-" + runtime, floor_page(site_url, runtime), "floor"))
    listed.append(("yardstick-js", host_page((ROOT / "bench" / "yardstick.html").read_text()), "floor"))
    return [entry for entry in listed if not ONLY or any(entry[0].startswith(prefix) for prefix in ONLY)]


def new_context(browser):
    context = browser.new_context(permissions=["microphone", "clipboard-read", "clipboard-write"])
    context.add_init_script(script=RECORD)
    context.add_init_script(script=DOUBLE)
    return context


def open_verdict(context, url):
    page = context.new_page()
    page.goto(url)
    wait_until(page, "window.__verdict !== null", timeout=120000)
    return page


def start_once(browser, url, samples):
    """One cold and one warm start of *url* in a fresh context, added to *samples*."""
    context = new_context(browser)
    page = context.new_page()
    for label in ("cold", "warm"):
        page.goto(url)
        wait_until(page, "window.__verdict !== null", timeout=120000)
        samples.setdefault(label, []).append(page.evaluate("window.__verdict"))
        samples.setdefault(label + "_sizes", []).append(page.evaluate(SIZES))
    context.close()


def measure_starts(browser, listed):
    """Start figures of every scenario. The runs take turns (one of each scenario, then again), so
    that a machine that speeds up or slows down during the run shifts every scenario alike."""
    samples = {name: {} for name, _, _ in listed}
    for run in range(RUNS):
        print("start run %d/%d…" % (run + 1, RUNS), file=sys.stderr, flush=True)
        for name, url, _ in listed:
            start_once(browser, url, samples[name])
    results = {}
    for name, got in samples.items():
        progress = [entry["progress_ms"] for entry in got["cold_sizes"] if entry["progress_ms"] is not None]
        results[name] = {"cold_ms": summary(got["cold"]), "cold_runs": got["cold"], "warm_ms": summary(got["warm"]),
                         "progress_ms": summary(progress) if progress else None,
                         "bytes": got["cold_sizes"][0], "warm_bytes": got["warm_sizes"][0]}
    return results


def measure_actions(browser, url):
    times = {"recheck": [], "attach-detach": [], "flood-20000": [], "report-20000": [], "copy-20000": []}
    latency = None
    for run in range(ACTION_RUNS):
        context = new_context(browser)
        page = open_verdict(context, url)
        page.wait_for_timeout(4000)  # the level check ends and lets the microphone go
        times["recheck"].append(page.evaluate(RECHECK))
        times["attach-detach"].append(page.evaluate(ATTACH_DETACH, [1]))
        if run == 0:
            latency = page.evaluate(LATENCY, [EVENTS_LATENCY])
        times["flood-20000"].append(page.evaluate(FLOOD, [EVENTS_LONG_CALL]))
        with page.expect_download():
            report = page.evaluate(TOOL, ["report"])
        times["report-20000"].append(report["ms"])
        times["copy-20000"].append(page.evaluate(TOOL, ["copy"])["ms"])
        context.close()
    return {"actions_ms": {name: summary(values) for name, values in times.items()},
            "latency_ms": {kind: {"p50": percentile(latency[kind], 0.5), "p95": percentile(latency[kind], 0.95),
                                  "max": max(latency[kind])} for kind in ("dom", "painted")}}


def heap(page):
    """The heap after a full collection: collect, let the finalizers run (they free what Python let
    go of, and that frees more), collect again."""
    session = page.context.new_cdp_session(page)
    try:
        session.send("HeapProfiler.collectGarbage")
        page.wait_for_timeout(300)
        session.send("HeapProfiler.collectGarbage")
        usage = session.send("Runtime.getHeapUsage")
    finally:
        session.detach()
    return {"js_heap": usage.get("usedSize"), "backing_store": usage.get("backingStorageSize")}


def growth(before, after):
    return {key: round(100.0 * (after[key] - before[key]) / before[key], 1) if before[key] else None
            for key in ("js_heap", "backing_store")}


def revoke_regrant(page, mic, cycles):
    state = "document.querySelector('[data-micsentry]').dataset.state"
    for _ in range(cycles):
        mic.revoke()
        wait_until(page, "%s !== 'ok' && %s !== 'checking'" % (state, state), timeout=30000)
        mic.grant()
        wait_until(page, "%s === 'ok'" % state, timeout=30000)


def measure_memory(browser, url):
    context = new_context(browser)
    mic = Microphone(context, browser)
    mic.grant()
    page = open_verdict(context, url)
    page.wait_for_timeout(4000)
    readings = {"after_check": heap(page)}
    page.evaluate(FLOOD, [EVENTS_MEMORY])
    page.evaluate("window.micsentry.detach()")
    readings["after_10000_diagnostics"] = heap(page)
    # Each endurance run starts after a warm-up of its own kind: what the first use costs once
    # (modules imported, code compiled, caches filled) is not growth.
    page.evaluate(ATTACH_DETACH, [WARM_UP])
    before = heap(page)
    page.evaluate(ATTACH_DETACH, [CYCLES])
    readings["after_attach_detach"] = heap(page)
    readings["attach_detach_growth_pct"] = growth(before, readings["after_attach_detach"])
    revoke_regrant(page, mic, WARM_UP)
    before = heap(page)
    revoke_regrant(page, mic, CYCLES)
    readings["after_revoke_regrant"] = heap(page)
    readings["revoke_regrant_growth_pct"] = growth(before, readings["after_revoke_regrant"])
    readings["diagnostics_growth_pct"] = growth(readings["after_check"], readings["after_10000_diagnostics"])
    readings["cycles"] = CYCLES
    context.close()
    return readings


def mb(value):
    return "%.2f MB" % (value / 1e6) if value is not None else "-"


def span(figure):
    return "%.0f (%.0f-%.0f)" % (figure["median"], figure["min"], figure["max"]) if figure else "-"


def start_table(results):
    lines = ["%-20s %20s %20s %10s %9s %11s %11s" % ("scenario", "cold ms (min-max)", "warm ms (min-max)",
                                                      "progress", "requests", "wire", "decoded")]
    for name, r in results.items():
        if "cold_ms" not in r:
            continue
        lines.append("%-20s %20s %20s %10s %9s %11s %11s" % (
            name, span(r["cold_ms"]), span(r["warm_ms"]),
            "%.0f ms" % r["progress_ms"]["median"] if r.get("progress_ms") else "-",
            "%d/%d" % (r["bytes"]["requests"], r["warm_bytes"]["requests"]), mb(r["bytes"]["wire"]),
            mb(r["bytes"]["decoded"])))
    lines.append("")
    for runtime in RUNTIMES:
        floor = results.get("floor-" + runtime)
        for kind in ("page", "widget"):
            mine = results.get("%s-%s" % (kind, runtime))
            if floor and mine and "cold_ms" in floor and "cold_ms" in mine:
                turns = [a / b for a, b in zip(mine["cold_runs"], floor["cold_runs"])]
                line = "cold, %-6s on %-11s: %.2fx the bare runtime (turn by turn %.2fx, %.2f-%.2f)" % (
                    kind, runtime, mine["cold_ms"]["median"] / floor["cold_ms"]["median"],
                    statistics.median(turns), min(turns), max(turns))
                if "cold_ms" in results.get("yardstick-js", {}):
                    line += ", %.1fx the plain-JS yardstick" % (
                        mine["cold_ms"]["median"] / results["yardstick-js"]["cold_ms"]["median"])
                lines.append(line)
        page, german = results.get("page-" + runtime), results.get("lang-" + runtime)
        if page and german and "cold_ms" in page and "cold_ms" in german:
            lines.append("cold, page in German on %-11s: %+.0f ms against English (%.2fx)" % (
                runtime, german["cold_ms"]["median"] - page["cold_ms"]["median"],
                german["cold_ms"]["median"] / page["cold_ms"]["median"]))
    return lines


def actions_table(results):
    pages = [(runtime, results["page-" + runtime]) for runtime in RUNTIMES if "actions_ms" in results.get("page-" + runtime, {})]
    if not pages:
        return []
    lines = ["", "%-26s" % "action on the page, ms" + "".join("%24s" % runtime for runtime, _ in pages)]
    for action in pages[0][1]["actions_ms"]:
        lines.append("%-26s" % action + "".join("%24s" % span(r["actions_ms"][action]) for _, r in pages))
    for kind in ("dom", "painted"):
        lines.append("%-26s" % ("event -> banner, %s" % kind) + "".join(
            "%24s" % ("p50 %.2f p95 %.2f" % (r["latency_ms"][kind]["p50"], r["latency_ms"][kind]["p95"]))
            for _, r in pages))
    return lines


def memory_table(results):
    pages = [(runtime, results["page-" + runtime]) for runtime in RUNTIMES if "memory" in results.get("page-" + runtime, {})]
    if not pages:
        return []
    lines = ["", "%-32s" % "memory after GC: JS heap / wasm" + "".join("%30s" % runtime for runtime, _ in pages)]
    for reading, growth_key in (("after_check", None), ("after_10000_diagnostics", "diagnostics_growth_pct"),
                                ("after_attach_detach", "attach_detach_growth_pct"),
                                ("after_revoke_regrant", "revoke_regrant_growth_pct")):
        cells = []
        for _, r in pages:
            m = r["memory"]
            cell = "%s / %s" % (mb(m[reading]["js_heap"]), mb(m[reading]["backing_store"]))
            if growth_key:
                cell += " (%+.1f%%)" % m[growth_key]["js_heap"]
            cells.append("%30s" % cell)
        lines.append("%-32s" % reading.replace("_", " ") + "".join(cells))
    lines.append("(growth: JS heap against the reading before that run; cycles: %d)" % pages[0][1]["memory"]["cycles"])
    return lines


# The server runs in a process of its own, as `micsentry serve` does: in this one it would share
# Python's lock with Playwright's client, and a page's dozen requests at once would wait on the bench.
SERVE = """
import os, sys
from micsentry.host import serve
os.environ["MICSENTRY_SERVE_QUIET"] = "1"
server = serve.make_server(sys.argv[1], port=0)
print(server.server_address[1], flush=True)
server.serve_forever()
"""


@contextlib.contextmanager
def served_browser():
    """``(browser, site_url)``: the site built and served on loopback, headless Chromium launched."""
    assemble.build()
    server = subprocess.Popen([sys.executable, "-c", SERVE, str(config.SITE)], stdout=subprocess.PIPE, text=True,
                              env=dict(os.environ, PYTHONPATH=str(ROOT / "py")))
    try:
        port = int(server.stdout.readline())
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(**chromium.launch_args(chromium.find_chromium()))
            try:
                yield browser, "http://localhost:%d/" % port
            finally:
                browser.close()
    finally:
        server.terminate()
        server.wait()


def main():
    with served_browser() as (browser, site_url):
        listed = scenarios(site_url)
        results = measure_starts(browser, listed) if "start" in PARTS else {name: {} for name, _, _ in listed}
        for name, url, kind in listed:
            if kind == "page" and "actions" in PARTS:
                print("actions on %s…" % name, file=sys.stderr, flush=True)
                results[name].update(measure_actions(browser, url))
            if kind == "page" and "memory" in PARTS:
                print("  memory over %d cycles…" % CYCLES, file=sys.stderr, flush=True)
                results[name]["memory"] = measure_memory(browser, url)
        version = browser.version
    report = {"created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "runs": RUNS,
              "machine": {"cores": os.cpu_count(), "chromium": version, "python": sys.version.split()[0]},
              "results": results}
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    path = out / ("bench-%s.json" % report["created"].replace(":", "-"))
    path.write_text(json.dumps(report, indent=2))
    (out / "latest.json").write_text(json.dumps(report, indent=2))
    print("\n".join(start_table(results) + actions_table(results) + memory_table(results)))
    print("\n%d runs each; Chromium %s, %d cores; JSON: %s" % (RUNS, version, os.cpu_count(), path.relative_to(ROOT)))


if __name__ == "__main__":
    main()
