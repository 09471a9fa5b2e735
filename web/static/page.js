// The check page's loader (index.html, embed.html), loaded by boot.js: reads ?runtime=, ?sdk= and
// ?lang=, puts the page into its language, shows progress while the runtime loads, and hands over to
// the shared loader (loader.js). The logic lives in Python (py/micsentry).
import { CONTRACT, SITE } from "./site-config.js";
import { chooseLocale, chooseRuntime, loadCatalog, localize, setLanguage, showRuntimeFailure, startPython, text } from "./loader.js";

const ENTRIES = ["app", "demo"]; // Python entry modules a page may name in data-entry
const root = document.querySelector("[data-micsentry]");
const params = new URLSearchParams(location.search);
const runtime = chooseRuntime(params.get("runtime"), CONTRACT.defaultRuntime);
const status = root.querySelector("[data-micsentry-status]");
const lang = chooseLocale(params.get("lang"));
let saying = null; // the progress message to show once the page's texts are in
const say = (id) => {
  saying = id;
  if (root.dataset.state === "starting" && root.lang === lang) status.textContent = text(id, {}, lang);
};
const entry = ENTRIES.includes(root.dataset.entry) ? root.dataset.entry : "app";

root.dataset.runtime = runtime;
// ?sdk=acs: the check goes through the ACS Calling SDK too (bundled by the build, loaded only then).
const sdk = params.get("sdk");
if (sdk && !Object.hasOwn(SITE.sdk, sdk)) console.warn(`micsentry: unknown sdk "${sdk}", checking with the browser alone`);
const sdks = sdk && Object.hasOwn(SITE.sdk, sdk) ? [sdk] : [];
if (sdks.length) root.dataset.sdk = sdk;

// The page's language first (its catalog is small, and fetched while the runtime downloads).
const texts = loadCatalog(lang).then(() => {
  setLanguage(lang, document.documentElement, root);
  localize(document, lang);
  say(saying);
});
say(runtime === "pyodide" ? "loading-pyodide" : "loading-python");
document.addEventListener(`${SITE.runtimes[runtime].type}:ready`, () => say("loading-ready"), { once: true });

// embed.html: who may talk with this frame is read at run time, from the file beside the site,
// while the runtime downloads; Python starts once it is known.
const ready = Promise.all([texts, root.dataset.embedConfig
  ? embedOrigins(root.dataset.embedConfig).then((origins) => { root.dataset.embedHosts = JSON.stringify(origins); })
  : null]);

startPython({
  runtime, sdks, ready, base: new URL("../", import.meta.url),
  code: `from micsentry import ${entry}\n${entry}.main()\n`,
  onFail: (reason, server) => showRuntimeFailure(root, runtime, reason, server, "loader-blocked-page"),
});

/** The embedOrigins of the site's run-time config; none (nobody may talk with the frame) when unreadable. */
async function embedOrigins(path) {
  try {
    const response = await fetch(new URL(path, location.href), { cache: "no-cache" });
    if (!response.ok) throw new Error(`the server answered ${response.status}`);
    const origins = (await response.json())?.embedOrigins;
    if (!Array.isArray(origins) || !origins.every((origin) => typeof origin === "string")) {
      throw new Error('"embedOrigins" is not a list of origins');
    }
    return origins;
  } catch (error) {
    console.warn(`micsentry: ${path} could not be read (${error.message}): no page may talk with this frame until it is fixed`);
    return [];
  }
}
