// Starts micsentry's Python on the runtime the page asks for (?runtime=pyodide|micropython),
// shows progress while the runtime loads, and says what to do when it cannot load.
// The logic lives in Python (py/micsentry); this file only boots it.

const STALL_MS = 90000;

const root = document.querySelector("[data-micsentry]");
const boot = JSON.parse(document.getElementById("micsentry-boot").textContent);
const asked = new URLSearchParams(location.search).get("runtime");
const runtime = Object.hasOwn(boot.runtimes, asked ?? "") ? asked : boot.default;
const { type, config } = boot.runtimes[runtime];

const status = root.querySelector("[data-micsentry-status]");
const say = (text) => { if (root.dataset.state === "starting") status.textContent = text; };

root.dataset.runtime = runtime;

// JS modules Python imports from pyscript.js_modules. With ?sdk=acs the pre-call check goes
// through the ACS Calling SDK too (bundled by build.py, served here, loaded only then).
const jsModules = { [new URL("host-calls.js", import.meta.url).href]: "micsentry_host_calls" };
const sdk = new URLSearchParams(location.search).get("sdk");
if (sdk === "acs") {
  root.dataset.sdk = "acs";
  jsModules[new URL("../runtime/acs/communication-calling.js", import.meta.url).href] = "acs_calling";
}
config.js_modules = { main: jsModules };
if (sdk && sdk !== "acs") {
  console.warn(`micsentry: unknown sdk "${sdk}", checking with the browser alone`);
}

// The JS API, usable before Python runs: calls wait in a queue that Python replays on start.
const pending = [];
let markReady;
const api = {
  ready: new Promise((resolve) => { markReady = resolve; }),
  _pending: pending,
  _markReady: () => markReady(),
};
for (const name of ["attach", "detach", "recheck"]) {
  api[name] = (...args) => { pending.push([name, args]); };
  root[name] = (...args) => window.micsentry[name](...args);
}
window.micsentry = api;
if (asked && asked !== runtime) {
  console.warn(`micsentry: unknown runtime "${asked}", using ${runtime}`);
}
say(runtime === "pyodide"
  ? "Starting the microphone check… loading Python (about 14 MB, once)."
  : "Starting the microphone check… loading Python.");

function fail(reason) {
  if (root.dataset.state !== "starting") return; // Python took over and reports its own failures
  root.dataset.state = "error";
  root.setAttribute("aria-busy", "false");
  status.textContent = "The microphone check could not start.";
  root.querySelector("[data-micsentry-progress]")?.setAttribute("hidden", "");
  const banner = document.createElement("section");
  banner.className = "micsentry-banner";
  Object.assign(banner.dataset, { micsentryBanner: "", phase: "precall", cause: "failure" });
  banner.setAttribute("role", "alert");
  const title = document.createElement("h2");
  title.textContent = "The microphone check could not start";
  const what = document.createElement("p");
  what.textContent = `The Python runtime (${runtime}) did not load: ${reason}.`;
  const steps = document.createElement("ol");
  for (const text of [
    "Reload the page.",
    "If it keeps failing, a browser extension or a network filter may block files from this site: try a private window or another browser.",
  ]) {
    const li = document.createElement("li");
    li.textContent = text;
    steps.append(li);
  }
  banner.append(title, what, steps);
  root.querySelector("[data-micsentry-banners]").append(banner);
  console.warn(`micsentry: runtime did not start: ${reason}`);
}

const onError = (event) => {
  const target = event.target;
  if (target && target !== window && (target.src || target.href)) fail(`${target.src || target.href} failed to load`);
  else if (event.message) fail(event.message);
};
const onRejection = (event) => fail(String(event.reason?.message ?? event.reason));
// The runtimes fetch their .wasm and stdlib with fetch(); a failure there is a runtime that cannot
// load, whichever way the loader then reports it (some paths only log, and would leave us waiting).
const runtimeBase = new URL("../runtime/", import.meta.url).href;
const realFetch = window.fetch;
window.fetch = function (input, ...rest) {
  const url = String(input?.url ?? input);
  const pending = realFetch.call(this, input, ...rest);
  if (!new URL(url, location.href).href.startsWith(runtimeBase)) return pending;
  return pending.then(
    (response) => { if (!response.ok) fail(`${url} answered ${response.status}`); return response; },
    (error) => { fail(`${url} could not be downloaded (${error?.message ?? error})`); throw error; },
  );
};
window.addEventListener("error", onError, true);
window.addEventListener("unhandledrejection", onRejection);
const stall = setTimeout(() => fail(`nothing happened for ${STALL_MS / 1000} seconds`), STALL_MS);

// Python sets data-state when it runs; from then on it reports failures itself.
new MutationObserver((_, observer) => {
  if (root.dataset.state !== "starting") {
    clearTimeout(stall);
    if (window.fetch !== realFetch) window.fetch = realFetch;
    window.removeEventListener("error", onError, true);
    window.removeEventListener("unhandledrejection", onRejection);
    observer.disconnect();
  }
}).observe(root, { attributes: true, attributeFilter: ["data-state"] });

document.addEventListener(`${type}:ready`, () => say("Starting the microphone check… Python is ready."), { once: true });

// PyScript core keeps small caches in IndexedDB and needs it to start Pyodide. In a cross-site
// frame whose browser blocks third-party storage, IndexedDB refuses to open and core 0.7.31 then
// throws, or never starts Pyodide. micsentry stores nothing there, so in that case core gets an
// in-memory stand-in with the few calls it makes, for this page view only.
function memoryIndexedDB() {
  const later = (request, compute) => {
    setTimeout(() => {
      request.result = compute();
      request.onsuccess?.({ target: request });
    });
    return request;
  };
  const store = (map) => ({
    count: () => later({}, () => map.size),
    clear: () => later({}, () => map.clear()),
    delete: (key) => later({}, () => { map.delete(key); }),
    get: (key) => later({}, () => map.get(key)),
    getKey: (key) => later({}, () => (map.has(key) ? key : undefined)),
    getAll: () => later({}, () => [...map.values()]),
    getAllKeys: () => later({}, () => [...map.keys()]),
    put: (value, key) => later({}, () => { map.set(key, value); return key; }),
  });
  const databases = new Map();
  const database = () => {
    const stores = new Map();
    return {
      get objectStoreNames() { return Object.assign([...stores.keys()], { contains: (name) => stores.has(name) }); },
      createObjectStore(name) { stores.set(name, new Map()); return store(stores.get(name)); },
      transaction: () => ({ objectStore: (name) => store(stores.get(name)) }),
      close() {},
    };
  };
  return {
    open(name) {
      const request = {};
      setTimeout(() => {
        const fresh = !databases.has(name);
        if (fresh) databases.set(name, database());
        request.result = databases.get(name);
        if (fresh && request.onupgradeneeded) {
          const transaction = {};
          request.onupgradeneeded({ target: { result: request.result, transaction } });
          setTimeout(() => transaction.oncomplete?.());
        } else {
          request.onsuccess?.({ target: request });
        }
      });
      return request;
    },
    deleteDatabase: (name) => later({}, () => { databases.delete(name); }),
  };
}

async function storageUsable() {
  if (window.top === window) return true; // only cross-site frames lose storage
  try {
    return await new Promise((resolve) => {
      const probe = indexedDB.open("micsentry-probe");
      probe.onsuccess = () => { probe.result.close(); indexedDB.deleteDatabase("micsentry-probe"); resolve(true); };
      probe.onerror = (event) => { event.preventDefault(); resolve(false); };
    });
  } catch {
    return false;
  }
}

if (!(await storageUsable())) {
  Object.defineProperty(window, "indexedDB", { configurable: true, value: memoryIndexedDB() });
}

const script = document.createElement("script");
script.type = type;
script.setAttribute("config", JSON.stringify(config));
script.textContent = "from micsentry import app\napp.main()\n";
document.body.append(script);

try {
  await import(new URL("../runtime/pyscript/core.js", import.meta.url).href);
} catch (error) {
  fail(error?.message ?? String(error));
}
