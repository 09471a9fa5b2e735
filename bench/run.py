"""micsentry benchmarks (`make bench`): prints a table and writes JSON to bench/results/.

Measured side by side in one run, each figure the median (min-max) of MICSENTRY_BENCH_RUNS runs
(default 7), in headless Chromium on this machine, against the built site served on loopback with
its real headers (precompressed, runtime files cached for a year):

- cold: navigation to the first verdict, in a fresh browser context (empty cache);
- warm: the same page again in that context (HTTP cache; no request routing, which disables it);
- bytes on the wire (compressed, headers included) and decoded;
- event-to-banner latency over 1,000 diagnostics raised through the test double: in the DOM, and painted
  (the next animation frame);
- memory (JS heap, and the ArrayBuffer backing store that holds WebAssembly memory) after the check and
  after 10,000 diagnostics.

Scenarios: the check page on Pyodide and MicroPython, the <mic-sentry> widget on each runtime (embedded
by a page on another origin), the bare runtimes printing one line (the floor), and the same check by
hand in plain JS (bench/yardstick.html, the yardstick).
"""

import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright
from pytest_micsentry import chromium
from pytest_micsentry.acs import diagnostics_double_source
from pytest_micsentry.origins import host_page

from micsentry.host import serve
from micsentry_site import assemble, config

ROOT = config.ROOT

RUNS = int(os.environ.get("MICSENTRY_BENCH_RUNS", "7"))
EVENTS_LATENCY = 1000
EVENTS_MEMORY = 10000
DOUBLE = diagnostics_double_source()

RECORD_VERDICT = """
window.__verdict = null;
document.addEventListener("micsentry:change", (event) => {
  if (event.detail.phase === "precall" && window.__verdict === null) window.__verdict = performance.now();
});
"""

SIZES = """() => {
  const entries = [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")];
  return {wire: entries.reduce((n, e) => n + (e.transferSize || 0), 0),
          encoded: entries.reduce((n, e) => n + (e.encodedBodySize || 0), 0),
          decoded: entries.reduce((n, e) => n + (e.decodedBodySize || 0), 0),
          requests: entries.length};
}"""

LATENCY = """async ([count]) => {
  const feature = new UfdFeatureDouble();
  const host = document.querySelector("mic-sentry") ?? window.micsentry;
  host.attach(feature);
  const root = (document.querySelector("mic-sentry")?.shadowRoot ?? document).querySelector("[data-micsentry]");
  const dom = [], painted = [];
  for (let i = 0; i < count; i++) {
    const raised = i % 2 === 0;
    const start = performance.now();
    feature.raise("microphonePermissionDenied", raised);
    const shown = Boolean(root.querySelector('[data-micsentry-banner][data-phase="incall"]'));
    if (shown !== raised) throw new Error(`banner ${shown} after raise ${raised}`);
    dom.push(performance.now() - start);
    await new Promise((resolve) => requestAnimationFrame(() => resolve()));
    painted.push(performance.now() - start);
  }
  return {dom, painted};
}"""

FLOOD = """([count]) => {
  const feature = new UfdFeatureDouble();
  const host = document.querySelector("mic-sentry") ?? window.micsentry;
  host.attach(feature);
  for (let i = 0; i < count; i++) feature.raise("networkReconnect", 1 + (i % 3));
  host.detach();
}"""


def summary(values):
    values = sorted(values)
    return {"median": statistics.median(values), "min": values[0], "max": values[-1], "n": len(values)}


def percentile(values, fraction):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(fraction * (len(values) - 1))))]


def scenarios(site_url):
    boot = config.site_config()

    def floor(runtime):
        info = boot["runtimes"][runtime]
        floor_config = json.dumps({"interpreter": site_url + info["config"]["interpreter"]})
        return host_page(
            "<!doctype html><html><head><meta charset=utf-8><link rel=icon href='data:,'><title>floor</title>"
            "<script type=module src='%s%s'></script></head><body>"
            "<script type='%s' config='%s'>import js\nprint('ready')\njs.window.__verdict = js.performance.now()</script>"
            "</body></html>" % (site_url, boot["core"], info["type"], floor_config))

    def widget(runtime):
        return host_page(
            "<!doctype html><html><head><meta charset=utf-8><link rel=icon href='data:,'><title>host</title>"
            "<script type=module src='%smicsentry.js'></script></head><body>"
            "<mic-sentry runtime='%s'></mic-sentry></body></html>" % (site_url, runtime))

    return [
        ("page-pyodide", site_url + "?runtime=pyodide", True),
        ("page-micropython", site_url + "?runtime=micropython", True),
        ("widget-pyodide", widget("pyodide"), True),
        ("widget-micropython", widget("micropython"), True),
        ("floor-pyodide", floor("pyodide"), False),
        ("floor-micropython", floor("micropython"), False),
        ("yardstick-js", host_page((ROOT / "bench" / "yardstick.html").read_text()), False),
    ]


def heap(page):
    session = page.context.new_cdp_session(page)
    try:
        usage = session.send("Runtime.getHeapUsage")
    finally:
        session.detach()
    return {"js_heap": usage.get("usedSize"), "backing_store": usage.get("backingStorageSize")}


def measure(browser, name, url, is_micsentry):
    cold, warm, sizes = [], [], None
    for _ in range(RUNS):
        context = browser.new_context(permissions=["microphone"])
        context.add_init_script(script=RECORD_VERDICT)
        context.add_init_script(script=DOUBLE)
        page = context.new_page()
        for bucket in (cold, warm):
            page.goto(url)
            page.wait_for_function("window.__verdict !== null", timeout=120000)
            bucket.append(page.evaluate("window.__verdict"))
            if sizes is None:
                sizes = page.evaluate(SIZES)
            elif bucket is warm:
                warm_sizes = page.evaluate(SIZES)
        context.close()
    result = {"cold_ms": summary(cold), "warm_ms": summary(warm), "bytes": sizes, "warm_bytes": warm_sizes}
    if is_micsentry:
        context = browser.new_context(permissions=["microphone"])
        context.add_init_script(script=RECORD_VERDICT)
        context.add_init_script(script=DOUBLE)
        page = context.new_page()
        page.goto(url)
        page.wait_for_function("window.__verdict !== null", timeout=120000)
        page.wait_for_timeout(5000)  # let the level check release the microphone
        after_check = heap(page)
        latency = page.evaluate(LATENCY, [EVENTS_LATENCY])
        page.evaluate(FLOOD, [EVENTS_MEMORY])
        result["memory"] = {"after_check": after_check, "after_events": heap(page)}
        result["latency_ms"] = {
            kind: {"p50": percentile(latency[kind], 0.5), "p95": percentile(latency[kind], 0.95),
                   "max": max(latency[kind])} for kind in ("dom", "painted")}
        context.close()
    return result


def mb(value):
    return "%.2f MB" % (value / 1e6) if value is not None else "-"


def table(results):
    lines = ["%-20s %24s %24s %11s %11s" % ("scenario", "cold ms median (min-max)", "warm ms median (min-max)",
                                             "wire", "decoded")]
    for name, r in results.items():
        cold, warm = r["cold_ms"], r["warm_ms"]
        lines.append("%-20s %24s %24s %11s %11s" % (
            name, "%.0f (%.0f-%.0f)" % (cold["median"], cold["min"], cold["max"]),
            "%.0f (%.0f-%.0f)" % (warm["median"], warm["min"], warm["max"]),
            mb(r["bytes"]["wire"]), mb(r["bytes"]["decoded"])))
    lines.append("")
    lines.append("%-20s %30s %30s %26s" % ("event -> banner", "in DOM p50/p95/max ms", "painted p50/p95/max ms",
                                           "memory JS / backing store"))
    for name, r in results.items():
        if "latency_ms" not in r:
            continue
        dom, painted, memory = r["latency_ms"]["dom"], r["latency_ms"]["painted"], r["memory"]
        lines.append("%-20s %30s %30s %26s" % (
            name, "%.2f / %.2f / %.2f" % (dom["p50"], dom["p95"], dom["max"]),
            "%.1f / %.1f / %.1f" % (painted["p50"], painted["p95"], painted["max"]),
            "%s / %s" % (mb(memory["after_check"]["js_heap"]), mb(memory["after_check"]["backing_store"]))))
        lines.append("%-20s %30s %30s %26s" % ("", "", "after %d events:" % EVENTS_MEMORY,
            "%s / %s" % (mb(memory["after_events"]["js_heap"]), mb(memory["after_events"]["backing_store"]))))
    lines.append("")
    for runtime in ("pyodide", "micropython"):
        page = results["page-" + runtime]["cold_ms"]["median"]
        lines.append("cold, page on %-11s: %.2fx the bare runtime, %.1fx the plain-JS yardstick" % (
            runtime, page / results["floor-" + runtime]["cold_ms"]["median"],
            page / results["yardstick-js"]["cold_ms"]["median"]))
    return "\n".join(lines)


def main():
    assemble.build()
    os.environ["MICSENTRY_SERVE_QUIET"] = "1"
    server = serve.make_server(config.SITE, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site_url = "http://localhost:%d/" % server.server_address[1]
    results = {}
    with sync_playwright() as playwright:
        options = chromium.launch_args(chromium.find_chromium())
        browser = playwright.chromium.launch(**options)
        only = [name for name in os.environ.get("MICSENTRY_BENCH_ONLY", "").split(",") if name]
        for name, url, is_micsentry in scenarios(site_url):
            if only and not any(name.startswith(prefix) for prefix in only):
                continue
            print("measuring %s…" % name, file=sys.stderr, flush=True)
            results[name] = measure(browser, name, url, is_micsentry)
        version = browser.version
        browser.close()
    server.shutdown()
    report = {"created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "runs": RUNS,
              "machine": {"cores": os.cpu_count(), "chromium": version, "python": sys.version.split()[0]},
              "results": results}
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    path = out / ("bench-%s.json" % report["created"].replace(":", "-"))
    path.write_text(json.dumps(report, indent=2))
    (out / "latest.json").write_text(json.dumps(report, indent=2))
    print(table(results))
    print("\n%d runs each; Chromium %s, %d cores; JSON: %s" % (RUNS, version, os.cpu_count(), path.relative_to(ROOT)))


if __name__ == "__main__":
    main()
