// The one loader of micsentry's Python, shared by the check page (boot.js) and the <mic-sentry> widget
// (micsentry.js): runtime choice, the SDK modules, the JS API stand-in and its queue, the failure
// display, and one "Python has taken over" handshake. Public names come from site-config.js, which the
// build generates from micsentry.core.contract (and the texts from micsentry.core.messages).
import { CONTRACT, MESSAGES, SITE } from "./site-config.js";
import { untar } from "./untar.js";

const STALL_MS = 90000;

/** What every loader on the page shares: Python calls hub.tookOver() once it runs. */
export const hub = (window.__micsentry ??= {
  pythonRuns: false,
  disarms: [],
  runtime: null,
  widgets: { pending: [], mount: null, unmount: null, configure: null },
  tookOver: () => {
    hub.pythonRuns = true;
    for (const disarm of hub.disarms.splice(0)) disarm();
  },
});

/** A message of micsentry.core.messages with its {placeholders} filled. */
export function text(id, fields = {}) {
  return Object.entries(fields).reduce((result, [name, value]) => result.replaceAll(`{${name}}`, String(value)),
    MESSAGES[id] ?? id);
}

/** The runtime asked for, if it is one; else the default (with a console warning for a wrong name). */
export function chooseRuntime(asked, fallback) {
  if (asked && !CONTRACT.runtimes.includes(asked)) console.warn(`micsentry: unknown runtime "${asked}", using ${fallback}`);
  return CONTRACT.runtimes.includes(asked) ? asked : fallback;
}

/** The JS API on *holder* before Python runs: calls wait in holder._pending; Python replays them. */
export function apiStandIn(holder) {
  let markReady;
  Object.assign(holder, {
    ready: new Promise((resolve) => { markReady = resolve; }),
    _api: null,
    _pending: [],
    _markReady: () => markReady(),
  });
  for (const name of CONTRACT.api) {
    holder[name] = (...args) => (holder._api ? holder._api[name](...args) : void holder._pending.push([name, args]));
  }
  return holder;
}

/** Resolve the site-relative paths of a PyScript config against the site's base URL. */
function resolveConfig(config, base, modules) {
  const absolute = (path) => new URL(path, base).href;
  const files = Object.fromEntries(Object.entries(config.files ?? {}).map(([from, to]) => [absolute(from), to]));
  const main = Object.fromEntries(Object.entries(modules).map(([from, name]) => [absolute(from), name]));
  return { ...config, interpreter: absolute(config.interpreter), files, js_modules: { main } };
}

/**
 * Show on a check's root that micsentry itself could not start (unless Python already runs and
 * reports its own failures): state "error", the title in the status, a clone of the root's banner
 * <template> (the same markup Python fills).
 */
export function showFailure(root, titleId, what, stepIds) {
  if (root.dataset.state !== "starting") return;
  const title = text(titleId);
  root.dataset.state = "error";
  root.setAttribute("aria-busy", "false");
  root.querySelector("[data-micsentry-status]").textContent = title + ".";
  root.querySelector("[data-micsentry-progress]")?.setAttribute("hidden", "");
  const banner = root.querySelector("[data-micsentry-banner-template]").content.firstElementChild.cloneNode(true);
  Object.assign(banner.dataset, { phase: "precall", cause: "failure" });
  const part = (name) => banner.querySelector(`[data-part="${name}"]`);
  part("title").textContent = title;
  part("summary").textContent = what;
  for (const id of stepIds) part("steps").append(Object.assign(document.createElement("li"), { textContent: text(id) }));
  part("detail").remove();
  part("action").remove();
  root.querySelector("[data-micsentry-banners]").append(banner);
  console.warn(`micsentry: ${what}`);
}

const JAVASCRIPT = /^(text|application)\/(x-)?(javascript|ecmascript)$/;

/**
 * After a failed start: did the site's server answer wrongly (an error status, or a type the browser
 * refuses for a module or for WebAssembly)? Returns "URL problem" words, or null when the server
 * answered right or could not be reached at all (then something between blocked the download).
 */
async function serverProblem(fetcher, base, probe) {
  for (const [path, kind] of Object.entries(probe ?? {})) {
    const url = new URL(path, base).href;
    let response;
    try {
      response = await fetcher(url, { method: "HEAD", cache: "no-store" });
    } catch {
      return null;
    }
    if (!response.ok) return text("loader-server-status", { url, status: response.status });
    const type = (response.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
    const fine = kind === "any" || (kind === "wasm" ? type === "application/wasm" : JAVASCRIPT.test(type));
    if (!fine) {
      return text("loader-server-type", { url, type: type || "?", wanted: kind === "wasm" ? "application/wasm" : "text/javascript" });
    }
  }
  return null;
}

/**
 * The runtime did not start: say so on *root*, blaming the server when it answered wrongly
 * (*server*, from serverProblem), else what may block downloads (*blockedId*).
 */
export function showRuntimeFailure(root, runtime, reason, server, blockedId) {
  if (server) showFailure(root, "loader-failed", server, ["loader-server-fix"]);
  else showFailure(root, "loader-failed", text("loader-runtime-failed", { runtime, reason }), ["failure-reload", blockedId]);
}

/** Another PyScript on the host page would clash with ours (one core, one config per page). */
export function otherPyScript() {
  return Boolean(document.querySelector('script[type="py"]:not([data-micsentry-script]), script[type="mpy"]:not([data-micsentry-script]), py-script, mpy-script, py-config:not([data-micsentry-script]), mpy-config:not([data-micsentry-script])'));
}

/**
 * Ask the browser for everything a start on *runtime* fetches, all at once: the modules PyScript
 * imports one after the other (core, the runtime's JS, the host helpers, the SDK bundles) and the
 * files the runtime fetches (its .wasm, the package archive). Links the page already declares are
 * not repeated. Each preload matches the request that later uses it (modules: same-origin
 * credentials; fetches: CORS, anonymous), or the browser would fetch twice.
 */
export function preloadStart(runtime, base, sdks = []) {
  const { start } = SITE.runtimes[runtime];
  const declared = new Set([...document.querySelectorAll('link[rel="modulepreload"], link[rel="preload"]')].map((link) => link.href));
  const add = (path, attributes) => {
    const href = new URL(path, base).href;
    if (declared.has(href)) return;
    declared.add(href);
    document.head.append(Object.assign(document.createElement("link"), { href, ...attributes }));
  };
  for (const path of start.fetches) add(path, { rel: "preload", as: "fetch", crossOrigin: "anonymous" });
  for (const path of [...SITE.modules, ...start.modules, ...sdks.flatMap((sdk) => Object.keys(SITE.sdk[sdk]))]) {
    add(path, { rel: "modulepreload" });
  }
}

/**
 * Start Python on *runtime* with the SDK modules named in *sdks*, running *code*, once *ready*
 * (a promise) settles. `onFail(reason)` is called at most once if the runtime cannot load; the
 * watch ends when Python calls hub.tookOver().
 */
export async function startPython({ runtime, sdks = [], code, base, onFail, ready }) {
  const { type, config, probe } = SITE.runtimes[runtime];
  const modules = { ...config.js_modules.main };
  for (const sdk of sdks) Object.assign(modules, SITE.sdk[sdk]);
  if (!hub.pythonRuns) preloadStart(runtime, base, sdks);
  let armed = true;
  const realFetch = window.fetch;
  const fail = (reason) => {
    if (!armed) return;
    armed = false;
    disarm();
    serverProblem(realFetch, base, probe).then((server) => onFail(reason, server));
  };
  const runtimeBase = new URL("runtime/", base).href;
  if (hub.pythonRuns) return;
  hub.disarms.push(disarm);

  // The runtimes fetch their .wasm and stdlib with fetch(); a failure there is a runtime that
  // cannot load, whichever way the loader then reports it (some paths only log).
  const watchedFetch = function (input, ...rest) {
    const url = String(input?.url ?? input);
    const pending = realFetch.call(this, input, ...rest);
    if (!new URL(url, location.href).href.startsWith(runtimeBase)) return pending;
    return pending.then(
      (response) => { if (!response.ok) fail(`${url} answered ${response.status}`); return response; },
      (error) => { fail(`${url} could not be downloaded (${error?.message ?? error})`); throw error; },
    );
  };
  const onError = (event) => {
    const target = event.target;
    if (target && target !== window && (target.src || target.href)) {
      const url = target.src || target.href;
      if (url.startsWith(runtimeBase) || url.startsWith(base)) fail(`${url} failed to load`);
    }
  };
  const onRejection = (event) => {
    const reason = String(event.reason?.message ?? event.reason);
    if (/fetch|load|import|wasm|WebAssembly/i.test(reason)) fail(reason);
  };
  const stall = setTimeout(() => fail(`nothing happened for ${STALL_MS / 1000} seconds`), STALL_MS);
  function disarm() {
    armed = false;
    clearTimeout(stall);
    if (window.fetch === watchedFetch) window.fetch = realFetch;
    window.removeEventListener("error", onError, true);
    window.removeEventListener("unhandledrejection", onRejection);
  }
  window.fetch = watchedFetch;
  window.addEventListener("error", onError, true);
  window.addEventListener("unhandledrejection", onRejection);

  const pkg = fetchPackage(realFetch, new URL(SITE.runtimes[runtime].package, base).href);
  pkg.catch((error) => fail(error.message));
  await ready;
  if (!(await storageUsable())) {
    Object.defineProperty(window, "indexedDB", { configurable: true, value: memoryIndexedDB() });
  }

  const script = document.createElement("script");
  script.type = type;
  script.dataset.micsentryScript = "";
  script.setAttribute("config", JSON.stringify(resolveConfig(config, base, modules)));
  script.textContent = code;
  document.body.append(script, otherTypeConfig(type));
  try {
    const { hooks } = await import(new URL(SITE.core, base).href);
    // Before any Python runs (the runtime is still downloading): the package goes into its file system.
    hooks.main.onReady.add(async (wrap, element) => {
      if (element !== script) return;
      try {
        const { FS } = wrap.interpreter;
        untar(await pkg, FS);
        const paths = SITE.runtimes[runtime].sysPath.map((path) => `${FS.cwd().replace(/\/$/, "")}/${path}`);
        if (paths.length) wrap.interpreter.runPython(`import sys\nsys.path[0:0] = ${JSON.stringify(paths)}\n`);
      } catch (error) {
        fail(error?.message ?? String(error));
        throw error;
      }
    });
  } catch (error) {
    fail(error?.message ?? String(error));
  }
}

/** The package archive of *url*, fetched now (the loader preloaded it). */
async function fetchPackage(fetcher, url) {
  let response;
  try {
    response = await fetcher(url);
  } catch (error) {
    throw new Error(`${url} could not be downloaded (${error?.message ?? error})`);
  }
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.arrayBuffer();
}

// PyScript's core reads a config for each interpreter type when it loads and, for a type without
// one, loads every plugin (editor, terminal, game…). micsentry runs one type: the other gets a
// config that turns the plugins off too, and no script, so it never starts.
function otherTypeConfig(type) {
  const other = Object.values(SITE.runtimes).find((runtime) => runtime.type !== type);
  const element = document.createElement(`${other.type}-config`);
  element.setAttribute("type", "json");
  element.hidden = true;
  element.dataset.micsentryScript = "";
  element.textContent = JSON.stringify({ plugins: other.config.plugins });
  return element;
}

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


