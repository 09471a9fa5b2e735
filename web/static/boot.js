// The check page's loader: picks the runtime (?runtime=pyodide|micropython) and the SDK (?sdk=acs),
// sets up the JS API stand-in, shows progress while the runtime loads, and says what to do when it
// cannot load. The logic lives in Python (py/micsentry); this file only boots it.
import { showFailure, startPython } from "./start-python.js";

const base = new URL("../", import.meta.url);
const root = document.querySelector("[data-micsentry]");
const boot = JSON.parse(document.getElementById("micsentry-boot").textContent);
const params = new URLSearchParams(location.search);
const asked = params.get("runtime");
const runtime = Object.hasOwn(boot.runtimes, asked ?? "") ? asked : boot.default;
const { type, config } = boot.runtimes[runtime];
const status = root.querySelector("[data-micsentry-status]");
const say = (text) => { if (root.dataset.state === "starting") status.textContent = text; };

root.dataset.runtime = runtime;
if (asked && asked !== runtime) console.warn(`micsentry: unknown runtime "${asked}", using ${runtime}`);

// ?sdk=acs: the check goes through the ACS Calling SDK too (bundled by build.py, loaded only then).
const sdk = params.get("sdk");
const modules = { ...config.js_modules.main };
if (sdk === "acs") {
  root.dataset.sdk = "acs";
  Object.assign(modules, boot.sdk.acs);
} else if (sdk) {
  console.warn(`micsentry: unknown sdk "${sdk}", checking with the browser alone`);
}

// The JS API, usable before Python runs: calls wait in a queue that Python replays on start.
const pending = [];
let markReady;
const api = (window.micsentry = {
  ready: new Promise((resolve) => { markReady = resolve; }),
  _api: null,
  _pending: pending,
  _markReady: () => markReady(),
});
for (const name of boot.api) {
  api[name] = (...args) => (api._api ? api._api[name](...args) : void pending.push([name, args]));
  root[name] = api[name];
}

say(runtime === "pyodide"
  ? "Starting the microphone check… loading Python (about 14 MB, once)."
  : "Starting the microphone check… loading Python.");
document.addEventListener(`${type}:ready`, () => say("Starting the microphone check… Python is ready."), { once: true });

function fail(reason) {
  showFailure(root, "The microphone check could not start",
    `The Python runtime (${runtime}) did not load: ${reason}.`,
    ["Reload the page.",
     "If it keeps failing, a browser extension or a network filter may block files from this site: try a private window or another browser."]);
}

const disarm = await startPython({
  type, base, onFail: fail, core: boot.core,
  config: { ...config, js_modules: { main: modules } },
  code: "from micsentry import app\napp.main()\n",
});
// Python sets data-state when it runs; from then on it reports failures itself.
const taken = () => root.dataset.state !== "starting";
if (taken()) disarm();
else new MutationObserver((_, observer) => { if (taken()) { disarm(); observer.disconnect(); } })
  .observe(root, { attributes: true, attributeFilter: ["data-state"] });
