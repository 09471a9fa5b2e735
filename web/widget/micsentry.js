// <mic-sentry>: micsentry as a custom element for calling apps.
//
//   <script type="module" src="https://YOUR-MICSENTRY-HOST/micsentry.js"></script>
//   <mic-sentry runtime="micropython" phase="both"></mic-sentry>
//
// This file defines the element at once (its JS API queues calls until Python runs) and starts the
// downloads: every module the widget's start imports (its own, PyScript's core, the runtime's JS)
// and, for a widget already on the page, the files its runtime fetches (the .wasm, the package), all
// at once; imported one after another, the chain took ~90 ms longer before the runtime could even
// start downloading. The element's life cycle lives in static/widget.js, which it calls once loaded.
import { FETCH, MODULE, apiStandIn, oneOf, preloader } from "./static/early.js";

// Written by micsentry_site.assemble (site-relative paths): the widget, the modules every start
// imports, each runtime's own modules and fetches, the runtime a widget without the attribute runs,
// and the names of the JS API.
const START = { widget: "static/widget.js", modules: [], runtimes: {}, defaultRuntime: "", api: [] };

const base = new URL("./", import.meta.url);
const preload = preloader(base); // skips what the loader will declare too (loader.js preloadStart)
// The runtime of the first widget already on the page, chosen as the loader will choose it; with no
// widget yet, the loader asks for the runtime's files when one comes (a preload unused is a warning).
const first = document.querySelector("mic-sentry");
const asked = first?.getAttribute("runtime") ?? "";
const runtime = first ? START.runtimes[oneOf(asked, Object.keys(START.runtimes), START.defaultRuntime)] : null;
for (const path of [START.widget, ...START.modules, ...(runtime?.modules ?? [])]) preload(path, MODULE);
for (const path of runtime?.fetches ?? []) preload(path, FETCH);

// Life-cycle calls before static/widget.js is in wait here, in order.
let widget = null;
const early = [];
const lifecycle = (name, element, args) => (widget ? widget[name](element, ...args) : early.push([name, element, args]));
import(new URL(START.widget, base).href).then((module) => {
  widget = module;
  for (const [name, element, args] of early.splice(0)) module[name](element, ...args);
}, (error) => console.error(`micsentry: the widget could not load (${error?.message ?? error}); check that ${base} serves every file of the site`));

const rootOf = (element) => element.shadowRoot?.querySelector("[data-micsentry]");

class MicSentry extends HTMLElement {
  static observedAttributes = ["phase", "sdk", "lang", "runtime"];

  constructor() {
    super();
    apiStandIn(this, START.api);
  }

  connectedCallback() {
    lifecycle("connected", this, []);
  }

  disconnectedCallback() {
    lifecycle("disconnected", this, []);
  }

  attributeChangedCallback(name, before, value) {
    lifecycle("attributeChanged", this, [name, before, value]);
  }

  /** What the widget shows now: {precall, incall, cause, incallCause}. */
  get state() {
    const root = rootOf(this);
    const cause = (phase) => root?.querySelector(`[data-micsentry-banner][data-phase="${phase}"]`)?.dataset.cause ?? null;
    return Object.freeze({
      precall: root?.dataset.state ?? "starting",
      incall: root?.dataset.incall ?? "idle",
      cause: root?.dataset.state === "ok" ? "ok" : cause("precall"),
      incallCause: cause("incall"),
    });
  }
}

if (!customElements.get("mic-sentry")) customElements.define("mic-sentry", MicSentry);
