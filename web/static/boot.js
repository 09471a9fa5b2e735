// The check page's entry (index.html, embed.html). First, before any other file arrives: the files
// the page's runtime fetches (its .wasm, the package) asked for (the HTML already asks for every
// module), and the JS API stand-in on window.micsentry and on the root (calls made before Python runs
// are queued). Then the page's loader (static/page.js). The build writes START and early.js in.
import { FETCH, apiStandIn, oneOf, preloader } from "./early.js";

// Written by micsentry_site.assemble (site-relative paths): the page's loader, each runtime's
// fetches, the runtime the page runs without ?runtime=, and the names of the JS API.
const START = { page: "static/page.js", runtimes: {}, defaultRuntime: "", api: [] };

const base = new URL("../", import.meta.url); // the site's root: this file is its static/boot.js
const asked = new URLSearchParams(location.search).get("runtime") ?? "";
const runtime = START.runtimes[oneOf(asked, Object.keys(START.runtimes), START.defaultRuntime)];
const preload = preloader(base);
for (const path of runtime?.fetches ?? []) preload(path, FETCH);

const api = (window.micsentry = apiStandIn({}, START.api));
// Loaded async (not after the style sheets), this may run before the page is parsed: the root gets
// the API, and the page's loader starts, once it is.
const parsed = document.readyState === "loading"
  ? new Promise((resolve) => document.addEventListener("DOMContentLoaded", resolve, { once: true }))
  : Promise.resolve();
parsed.then(() => {
  const root = document.querySelector("[data-micsentry]");
  if (root) for (const name of START.api) root[name] = api[name];
  return import(new URL(START.page, base).href);
});
