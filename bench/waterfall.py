"""What the start does, and when (`make bench`, or alone: `PYTHONPATH=py .venv/bin/python bench/waterfall.py`).

Cold loads (a fresh browser context each) of the check page and the widget on each runtime,
MICSENTRY_BENCH_RUNS of each (default 7), the scenarios taking turns; for every milestone the median
time since navigation, in ms:

- downloads: when the entry script (boot.js, micsentry.js), the loader, PyScript's core, the runtime's
  module, its .wasm and the package archive finished arriving (Resource Timing, responseEnd);
- the loader's User Timing marks: ``micsentry:runtime-ready`` (PyScript's onReady: the runtime
  runs), ``micsentry:package-written``, ``micsentry:python`` (our first statement: what lies between is
  PyScript's own code before any script), ``micsentry:took-over`` (micsentry imported, the shell starts);
- the browser calls as the page makes them: ``permissions.query`` and ``getUserMedia``, called and
  answered (whoever calls them: the loader's head start or Python);
- the verdict: the first ``micsentry:change`` of the pre-call phase.

MICSENTRY_BENCH_ONLY=page-micropython (prefixes) narrows the scenarios, as in bench/run.py.
"""

import os
import statistics
import sys

from micsentry.core import contract
from run import served_browser, wait_until, widget_page  # bench/run.py, beside this file

RUNS = int(os.environ.get("MICSENTRY_BENCH_RUNS", "7"))
ONLY = [name for name in os.environ.get("MICSENTRY_BENCH_ONLY", "").split(",") if name]

# Wrapped on the prototypes: the page (and the test plugin's emulations) call them on the instances.
RECORD = """
window.__waterfall = [];
const note = (name) => window.__waterfall.push([name, performance.now()]);
const timed = (proto, method, name) => {
  const original = proto?.[method];
  if (!original) return;
  proto[method] = function (...args) {
    note(name + " called");
    const answer = original.apply(this, args);
    Promise.resolve(answer).then(() => note(name + " answered"), () => note(name + " answered"));
    return answer;
  };
};
timed(window.Permissions?.prototype, "query", "permissions.query");
timed(window.MediaDevices?.prototype, "getUserMedia", "getUserMedia");
document.addEventListener("micsentry:change", (event) => {
  if (event.detail.phase === "precall") note("verdict");
});
"""

COLLECT = """() => {
  const first = {};
  for (const [name, t] of window.__waterfall) first[name] ??= t;
  for (const mark of performance.getEntriesByType("mark")) {
    if (mark.name.startsWith("micsentry:")) first[mark.name] ??= mark.startTime;
  }
  for (const entry of performance.getEntriesByType("resource")) {
    const file = entry.name.split("?")[0].split("/").pop();
    const kind = /^(boot|micsentry)\\.js$/.test(file) ? "entry script" : /^loader\\.js$/.test(file) ? "loader"
      : /^core\\.js$/.test(file) ? "core.js"
      : /^(micropython|pyodide)\\.mjs$/.test(file) ? "runtime module" : /\\.wasm$/.test(file) ? "runtime .wasm"
      : /\\.(tar|romfs)$/.test(file) ? "package archive" : null;
    if (kind) first[kind + " downloaded"] ??= entry.responseEnd;
  }
  return first;
}"""

ORDER = ("entry script downloaded", "loader downloaded", "core.js downloaded", "runtime module downloaded", "runtime .wasm downloaded",
         "package archive downloaded", "permissions.query called", "permissions.query answered",
         "getUserMedia called", "getUserMedia answered", "micsentry:runtime-ready", "micsentry:package-written",
         "micsentry:python", "micsentry:took-over", "verdict")


def scenarios(site_url):
    listed = []
    for runtime in contract.RUNTIMES:
        listed.append(("page-" + runtime, site_url + "?runtime=" + runtime))
        listed.append(("widget-" + runtime, widget_page(site_url, runtime)))
    return [entry for entry in listed if not ONLY or any(entry[0].startswith(prefix) for prefix in ONLY)]


def once(browser, url):
    context = browser.new_context(permissions=["microphone"])
    context.add_init_script(script=RECORD)
    page = context.new_page()
    page.goto(url)
    wait_until(page, "window.__waterfall.some(([name]) => name === 'verdict')", timeout=120000)
    found = page.evaluate(COLLECT)
    context.close()
    return found


def table(name, runs):
    names = [milestone for milestone in ORDER if any(milestone in run for run in runs)]
    lines = ["%s (median of %d cold loads, ms since navigation)" % (name, len(runs))]
    for milestone in names:
        values = [run[milestone] for run in runs if milestone in run]
        lines.append("  %-30s %7.0f" % (milestone, statistics.median(values)))
    return lines


def main():
    with served_browser() as (browser, site_url):
        listed = scenarios(site_url)
        found = {name: [] for name, _ in listed}
        for run in range(RUNS):
            print("waterfall run %d/%d…" % (run + 1, RUNS), file=sys.stderr, flush=True)
            for name, url in listed:
                found[name].append(once(browser, url))
    for name, runs in found.items():
        print("\n".join(table(name, runs)))


if __name__ == "__main__":
    main()
