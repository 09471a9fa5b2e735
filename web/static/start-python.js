// Starts micsentry's Python with PyScript, from the site's own files, for the check page (boot.js)
// and for the <mic-sentry> widget (micsentry.js). Watches the start so that a runtime that cannot
// load is reported (onFail) instead of leaving the user in front of a spinner.

const STALL_MS = 90000;

/** Resolve the site-relative paths of a PyScript config against the site's base URL. */
export function resolveConfig(config, base) {
  const absolute = (path) => new URL(path, base).href;
  const files = Object.fromEntries(Object.entries(config.files ?? {}).map(([from, to]) => [absolute(from), to]));
  const modules = Object.fromEntries(Object.entries(config.js_modules?.main ?? {}).map(([from, name]) => [absolute(from), name]));
  return { ...config, interpreter: absolute(config.interpreter), files, js_modules: { main: modules } };
}

/**
 * Show on a check's root that micsentry itself could not start (unless Python already runs and
 * reports its own failures): state "error", the title in the status, a failure banner.
 */
export function showFailure(root, title, what, steps) {
  if (root.dataset.state !== "starting") return;
  root.dataset.state = "error";
  root.setAttribute("aria-busy", "false");
  root.querySelector("[data-micsentry-status]").textContent = title + ".";
  root.querySelector("[data-micsentry-progress]")?.setAttribute("hidden", "");
  root.querySelector("[data-micsentry-banners]").append(failureBanner(title, what, steps));
  console.warn(`micsentry: ${what}`);
}

/** A banner for a failure of micsentry itself: text only, the same shape Python renders. */
function failureBanner(title, what, steps) {
  const banner = document.createElement("section");
  banner.className = "micsentry-banner";
  Object.assign(banner.dataset, { micsentryBanner: "", phase: "precall", cause: "failure" });
  banner.setAttribute("role", "alert");
  const heading = document.createElement("h2");
  heading.className = "micsentry-banner__title";
  heading.textContent = title;
  const summary = document.createElement("p");
  summary.textContent = what;
  const list = document.createElement("ol");
  for (const text of steps) {
    const item = document.createElement("li");
    item.textContent = text;
    list.append(item);
  }
  banner.append(heading, summary, list);
  return banner;
}

/** Another PyScript on the host page would clash with ours (one core, one config per page). */
export function otherPyScript() {
  return Boolean(document.querySelector('script[type="py"]:not([data-micsentry-script]), script[type="mpy"]:not([data-micsentry-script]), py-script, mpy-script, py-config, mpy-config'));
}

/**
 * Start Python. `onFail(reason)` is called at most once if the runtime cannot load; the returned
 * function disarms the watch once Python has taken over (it then reports its own failures).
 */
export async function startPython({ type, config, code, base, core, onFail }) {
  let armed = true;
  const fail = (reason) => { if (armed) { armed = false; disarm(); onFail(reason); } };
  const runtimeBase = new URL("runtime/", base).href;

  // The runtimes fetch their .wasm and stdlib with fetch(); a failure there is a runtime that
  // cannot load, whichever way the loader then reports it (some paths only log).
  const realFetch = window.fetch;
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

  if (!(await storageUsable())) {
    Object.defineProperty(window, "indexedDB", { configurable: true, value: memoryIndexedDB() });
  }

  const script = document.createElement("script");
  script.type = type;
  script.dataset.micsentryScript = "";
  script.setAttribute("config", JSON.stringify(resolveConfig(config, base)));
  script.textContent = code;
  document.body.append(script);
  try {
    await import(new URL(core, base).href);
  } catch (error) {
    fail(error?.message ?? String(error));
  }
  return disarm;
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


