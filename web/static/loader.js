// The one loader of micsentry's Python, shared by the check page (boot.js) and the <mic-sentry> widget
// (micsentry.js): runtime choice, the SDK modules, the JS API stand-in and its queue, the failure
// display, and one "Python has taken over" handshake. Public names come from site-config.js, which the
// build generates from micsentry.core.contract (and the texts from micsentry.core.messages).
import { CONTRACT, MESSAGES, SITE } from "./site-config.js";
import { FETCH, MODULE, apiStandIn as standIn, oneOf, preloader } from "./early.js";
import { untar } from "./untar.js";

const STALL_MS = 90000; // a start that shows no sign of life for this long has failed
const PROBE_MS = 5000; // the server's answer about a runtime file, after a failed start
const SITE_BASE = new URL("../", import.meta.url); // this file is the site's static/loader.js

/** What every loader on the page shares: Python calls hub.tookOver() once it runs. */
export const hub = (window.__micsentry ??= {
  pythonRuns: false,
  disarms: [],
  runtime: null,
  widgets: { pending: [], mount: null, unmount: null, configure: null },
  catalogs: {}, // language tag -> promise of its catalog
  texts: {}, // language tag -> its catalog once loaded: {lang, dir, messages, json}
  warnedLanguages: [],
  tookOver: () => {
    performance.mark("micsentry:took-over");
    hub.pythonRuns = true;
    for (const disarm of hub.disarms.splice(0)) disarm();
  },
});

/** A message of micsentry.core.messages in the language *lang* (loaded with loadCatalog; English
 * until then, or for a message the catalog lacks) with its {placeholders} filled. */
export function text(id, fields = {}, lang = SOURCE) {
  const english = MESSAGES[id] ?? id;
  const template = hub.texts[lang]?.messages[english] || english;
  return Object.entries(fields).reduce((result, [name, value]) => result.replaceAll(`{${name}}`, String(value)), template);
}

// -- Languages: which one, its catalog (static/i18n/<tag>.json, built from i18n/*.po), the static texts --
const SOURCE = "en"; // the msgids' language: no catalog to fetch
const PSEUDO = "en-XA"; // the demo build's test language: only when asked for by name
const CATALOG_WAIT_MS = 5000; // a catalog that takes longer is given up: English is shown instead
const TRADITIONAL = /^zh-(hant|tw|hk|mo)(-|$)/; // Chinese written in the Traditional script
// Codes whose readers read another code's catalog: Hebrew's old code, Norwegian and Nynorsk (Bokmål).
const SAME_READERS = { iw: "he", no: "nb", nn: "nb" };

/** The site's language for a BCP 47 *wanted* tag: the same tag, else its language (de-AT -> de,
 * no -> nb, iw -> he), else another region of it (pt-PT -> pt-BR); Chinese by its script (zh-CN ->
 * zh-Hans, zh-TW and zh-HK -> zh-Hant, never the other script); null when none fits. */
export function matchLocale(wanted) {
  const tags = Object.keys(SITE.locales);
  const lower = String(wanted).trim().toLowerCase();
  const exact = tags.find((tag) => tag.toLowerCase() === lower);
  if (exact) return exact;
  const code = lower.split("-")[0];
  const language = SAME_READERS[code] ?? code;
  if (language === "zh") {
    const script = TRADITIONAL.test(lower) ? "zh-Hant" : "zh-Hans";
    return tags.includes(script) ? script : null;
  }
  if (tags.includes(language)) return language;
  return tags.find((tag) => tag !== PSEUDO && tag.split("-")[0].toLowerCase() === language) ?? null;
}

/** The language to show: *asked* (?lang=, a lang attribute) if the site has it, else the first of
 * the browser's languages it has, else English. An asked language it lacks is warned about once. */
export function chooseLocale(asked, preferred = navigator.languages?.length ? navigator.languages : [navigator.language]) {
  if (asked) {
    const found = matchLocale(asked);
    if (found) return found;
    if (!hub.warnedLanguages.includes(asked)) {
      hub.warnedLanguages.push(asked);
      console.warn(`micsentry: no texts in the language "${asked}"; showing English (the site has: ${Object.keys(SITE.locales).join(", ")})`);
    }
    return SOURCE;
  }
  for (const wanted of preferred) {
    const found = wanted && matchLocale(wanted);
    if (found) return found;
  }
  return SOURCE;
}

/** Fetch *tag*'s catalog once per page (each language's file only when shown); resolves to it, or
 * to English if it cannot be had within CATALOG_WAIT_MS. Python reads it from hub.texts. */
export function loadCatalog(tag) {
  const english = { lang: tag, dir: SITE.locales[tag]?.dir ?? "ltr", messages: {}, json: "{}" };
  const file = SITE.locales[tag]?.file;
  hub.catalogs[tag] ??= !file ? Promise.resolve(english) : Promise.race([
    fetch(new URL(file, SITE_BASE)).then(async (response) => {
      if (!response.ok) throw new Error(`the server answered ${response.status}`);
      const json = await response.text();
      return { ...JSON.parse(json), json };
    }),
    new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer in ${CATALOG_WAIT_MS / 1000} s`)), CATALOG_WAIT_MS)),
  ]).catch((error) => {
    console.warn(`micsentry: the texts in "${tag}" could not be loaded (${error.message}); showing English`);
    return english;
  });
  return hub.catalogs[tag].then((catalog) => (hub.texts[tag] = catalog));
}

/** Put *scope*'s static texts into *tag* (loaded): an element's data-i18n holds its msgid (taken
 * from its English text the first time), data-i18n-label that of its aria-label. */
export function localize(scope, tag) {
  const messages = hub.texts[tag]?.messages ?? {};
  for (const element of scope.querySelectorAll("[data-i18n]")) {
    element.dataset.i18n ||= element.textContent;
    element.textContent = messages[element.dataset.i18n] || element.dataset.i18n;
  }
  for (const element of scope.querySelectorAll("[data-i18n-label]")) {
    element.dataset.i18nLabel ||= element.getAttribute("aria-label");
    element.setAttribute("aria-label", messages[element.dataset.i18nLabel] || element.dataset.i18nLabel);
  }
}

/** Mark *elements* as written in *tag*: lang, and dir for right-to-left languages. */
export function setLanguage(tag, ...elements) {
  for (const element of elements) {
    element.lang = tag;
    element.dir = SITE.locales[tag]?.dir ?? "ltr";
  }
}

/** The runtime asked for, if it is one; else the default (with a console warning for a wrong name). */
export function chooseRuntime(asked, fallback) {
  if (asked && !CONTRACT.runtimes.includes(asked)) console.warn(`micsentry: unknown runtime "${asked}", using ${fallback}`);
  return oneOf(asked, CONTRACT.runtimes, fallback);
}

/** The JS API on *holder* before Python runs: calls wait in holder._pending; Python replays them. */
export const apiStandIn = (holder) => standIn(holder, CONTRACT.api);

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
  const lang = root.lang || SOURCE;
  const title = text(titleId, {}, lang);
  root.dataset.state = "error";
  root.setAttribute("aria-busy", "false");
  root.querySelector("[data-micsentry-status]").textContent = text("status-title", { title }, lang);
  root.querySelector("[data-micsentry-progress]")?.setAttribute("hidden", "");
  const banner = root.querySelector("[data-micsentry-banner-template]").content.firstElementChild.cloneNode(true);
  Object.assign(banner.dataset, { phase: "precall", cause: "failure" });
  const part = (name) => banner.querySelector(`[data-part="${name}"]`);
  part("title").textContent = title;
  part("summary").textContent = what;
  for (const id of stepIds) part("steps").append(Object.assign(document.createElement("li"), { textContent: text(id, {}, lang) }));
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
 * Words are [message id, fields], put into the root's language by showRuntimeFailure.
 */
async function serverProblem(fetcher, base, probe) {
  for (const [path, kind] of Object.entries(probe ?? {})) {
    const url = new URL(path, base).href;
    let response;
    try {
      // Bounded: a server that does not answer at all must not keep the user waiting on this check.
      response = await fetcher(url, { method: "HEAD", cache: "no-store", signal: AbortSignal.timeout(PROBE_MS) });
    } catch {
      return null;
    }
    if (!response.ok) return ["loader-server-status", { url, status: response.status }];
    const type = (response.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
    const fine = kind === "any" || (kind === "wasm" ? type === "application/wasm" : JAVASCRIPT.test(type));
    if (!fine) {
      return ["loader-server-type", { url, type: type || "?", wanted: kind === "wasm" ? "application/wasm" : "text/javascript" }];
    }
  }
  return null;
}

/**
 * The runtime did not start: say so on *root*, blaming the server when it answered wrongly
 * (*server*, from serverProblem), else what may block downloads (*blockedId*).
 */
export function showRuntimeFailure(root, runtime, reason, server, blockedId) {
  const lang = root.lang || SOURCE;
  const words = (said) => (typeof said === "string" ? said : text(said[0], said[1], lang));
  if (server) showFailure(root, "loader-failed", words(server), ["loader-server-fix"]);
  else showFailure(root, "loader-failed", text("loader-runtime-failed", { runtime, reason: words(reason) }, lang), ["failure-reload", blockedId]);
}

/** Another PyScript on the host page would clash with ours (one core, one config per page). */
export function otherPyScript() {
  return Boolean(document.querySelector('script[type="py"]:not([data-micsentry-script]), script[type="mpy"]:not([data-micsentry-script]), py-script, mpy-script, py-config:not([data-micsentry-script]), mpy-config:not([data-micsentry-script])'));
}

/**
 * Ask the browser for everything a start on *runtime* fetches, all at once: the modules PyScript
 * imports one after the other (core, the runtime's JS, the host helpers, the SDK bundles) and the
 * files the runtime fetches (its .wasm, the package archive).
 */
export function preloadStart(runtime, base, sdks = []) {
  const { start } = SITE.runtimes[runtime];
  const add = preloader(base);
  for (const path of start.fetches) add(path, FETCH);
  for (const path of [...SITE.modules, ...start.modules, ...sdks.flatMap((sdk) => Object.keys(SITE.sdk[sdk]))]) {
    add(path, MODULE);
  }
}

/**
 * Start Python on *runtime* with the SDK modules named in *sdks*, running *code*, once *ready*
 * (a promise) settles. `onFail(reason)` is called at most once if the runtime cannot load; the
 * watch ends when Python calls hub.tookOver().
 */
export async function startPython({ runtime, sdks = [], code, base, onFail, ready }) {
  const { type, config, probe, unpack, cheapMisses } = SITE.runtimes[runtime];
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
      (response) => { if (!response.ok) fail(["loader-reason-status", { url, status: response.status }]); return response; },
      (error) => { fail(["loader-reason-download", { url, error: error?.message ?? error }]); throw error; },
    );
  };
  const onError = (event) => {
    const target = event.target;
    if (trapped(event.error)) fail(reasonOf(event.error));
    else if (target && target !== window && (target.src || target.href)) {
      const url = target.src || target.href;
      if (url.startsWith(runtimeBase) || url.startsWith(base)) fail(["loader-reason-load", { url }]);
    }
  };
  const onRejection = (event) => {
    const reason = reasonOf(event.reason);
    if (trapped(event.reason) || /fetch|load|import|wasm|WebAssembly/i.test(reason)) fail(reason);
  };
  const stall = setTimeout(() => fail(["loader-reason-stall", { seconds: STALL_MS / 1000 }]), STALL_MS);
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
  pkg.catch((error) => fail(error.reason ?? error.message));
  await ready;
  if (!(await storageUsable())) {
    Object.defineProperty(window, "indexedDB", { configurable: true, value: memoryIndexedDB() });
  }

  const script = document.createElement("script");
  script.type = type;
  script.dataset.micsentryScript = "";
  script.setAttribute("config", JSON.stringify(resolveConfig(config, base, modules)));
  // User Timing marks of the start (DevTools' Performance panel, bench/waterfall.py): the runtime
  // ready, the package written, the first statement of ours, Python taking over. The package's
  // prelude (MicroPython: mount its image) comes before any import of ours.
  script.textContent = `import js\njs.performance.mark("micsentry:python")\n${unpack.prelude ?? ""}${code}`;
  document.body.append(script, otherTypeConfig(type));
  try {
    const { hooks } = await import(new URL(SITE.core, base).href);
    // micsentry runs no workers. PyScript compiles the worker hooks it holds into a function with
    // Function() for every interpreter it starts, which a strict Content-Security-Policy (no
    // 'unsafe-eval') refuses: with no worker hooks there is nothing to compile.
    for (const set of Object.values(hooks.worker)) set.clear();
    // Before any Python runs (the runtime is still downloading): the package goes into its file system.
    hooks.main.onReady.add(async (wrap, element) => {
      if (element !== script) return;
      performance.mark("micsentry:runtime-ready");
      try {
        if (cheapMisses) cheapLookupMisses(wrap.interpreter.FS);
        putPackage(unpack, await pkg, wrap.interpreter.FS);
        performance.mark("micsentry:package-written");
        runOursAlone(wrap, fail);
      } catch (error) {
        fail(error?.message ?? String(error));
        throw error;
      }
    });
  } catch (error) {
    fail(error?.message ?? String(error));
  }
}

/**
 * Put the package archive (an ArrayBuffer) into the runtime's file system as the build says
 * (micsentry_site.package UNPACKING): MicroPython's image as one file, which the script's prelude
 * mounts; Pyodide's tar file by file.
 */
function putPackage(unpack, buffer, fs) {
  if (unpack.kind !== "image") {
    untar(buffer, fs);
    return;
  }
  const bytes = new Uint8Array(buffer);
  if (imageLength(bytes) !== bytes.length) throw new Error("the package archive is damaged (not the file system image it should be)");
  fs.writeFile(unpack.file, bytes);
}

/** The length a ROMFS image says it has (micsentry_site.romfs: header d2 cd 31, then its length). */
function imageLength(bytes) {
  if (bytes[0] !== 0xd2 || bytes[1] !== 0xcd || bytes[2] !== 0x31) return -1;
  let at = 3;
  let length = 0;
  while (at < bytes.length && at < 12) {
    const byte = bytes[at++];
    length = length * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) return at + length;
  }
  return -1;
}

/**
 * MicroPython looks for a module's folder and its .py before its .mpy in each folder of sys.path, and
 * every miss in Emscripten's file system builds an Error (a stack trace through the WebAssembly frames,
 * the message through strerror) that the system call catches at once and turns into an errno: with
 * micsentry mounted from its image, the standard library's modules still miss in the file system
 * before their frozen copy (~20 ms of a start, measured). The file system throws FS.ErrnoError and
 * its system calls only read the name and the errno, so a lighter one with the same name, errno and
 * (when asked) message does the same for less. The build says which runtimes need it (cheapMisses).
 */
function cheapLookupMisses(FS) {
  const Full = FS.ErrnoError;
  class ErrnoError {
    constructor(errno) {
      this.errno = errno;
    }

    get message() {
      return new Full(this.errno).message;
    }
  }
  ErrnoError.prototype.name = "ErrnoError";
  FS.ErrnoError = ErrnoError;
}

/**
 * Run our script without what PyScript runs before every script: its package writer (~33 kB of Python
 * that writes the `pyscript` package into the file system and imports it, ~90 ms of a MicroPython
 * start) and its input() stub. micsentry uses neither (browser/ffi.py talks to each interpreter's own
 * FFI). PyScript calls wrap.run/runAsync right after its onReady hooks; errors go where its own go.
 */
function runOursAlone(wrap, fail) {
  const { interpreter, io } = wrap;
  // A WebAssembly trap is the runtime crashing at its first Python: that start has failed.
  const failed = (error) => {
    if (trapped(error)) fail(reasonOf(error));
    io.stderr(error);
  };
  // PyScript calls run for a synchronous script and chains on runAsync's promise: one of each.
  wrap.run = (code) => {
    try {
      return interpreter.runPython(code);
    } catch (error) {
      failed(error);
    }
  };
  wrap.runAsync = async (code) => {
    try {
      return await interpreter.runPythonAsync(code);
    } catch (error) {
      failed(error);
    }
  };
}

/** A WebAssembly trap ("Out of bounds memory access", "unreachable"): before Python takes over, the
 * runtime crashed while starting (WebKit's JavaScriptCore does so now and then with Pyodide), and no
 * sign of life will follow. */
function trapped(error) {
  return typeof WebAssembly !== "undefined" && error instanceof WebAssembly.RuntimeError;
}

const reasonOf = (error) => String(error?.message ?? error);

/** The package archive of *url*, fetched now (the loader preloaded it). */
async function fetchPackage(fetcher, url) {
  let response;
  try {
    response = await fetcher(url);
  } catch (error) {
    throw Object.assign(new Error(`${url} could not be downloaded`), { reason: ["loader-reason-download", { url, error: error?.message ?? error }] });
  }
  if (!response.ok) throw Object.assign(new Error(`${url} answered ${response.status}`), { reason: ["loader-reason-status", { url, status: response.status }] });
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


