// <mic-sentry>: micsentry as a custom element for calling apps. A thin loader around the shared one
// (static/loader.js): the logic is the same Python as the check page's.
//
//   <script type="module" src="https://YOUR-MICSENTRY-HOST/micsentry.js"></script>
//   <mic-sentry runtime="micropython" phase="both"></mic-sentry>
import { CONTRACT, SITE } from "./static/site-config.js";
import { MARKUP } from "./static/widget-markup.js";
import {
  apiStandIn, chooseLocale, chooseRuntime, hub, loadCatalog, localize, otherPyScript, setLanguage, showFailure,
  showRuntimeFailure, startPython, text,
} from "./static/loader.js";

const base = new URL("./", import.meta.url);
const STYLE = new URL("static/check.css", base).href;
const widgets = hub.widgets; // Python mounts, unmounts and reconfigures each element (app.main_widgets)
let mounts = 0;

const rootOf = (element) => element.shadowRoot?.querySelector("[data-micsentry]");
const connected = () => [...document.querySelectorAll("mic-sentry")].filter((element) => element._mountId);
const fail = (element, titleId, what, stepIds) => showFailure(rootOf(element), titleId, what, stepIds);

function boot(runtime) {
  if (hub.runtime) {
    if (hub.runtime !== runtime) console.warn(`micsentry: this page already runs the widget on ${hub.runtime}; using it for runtime="${runtime}" too`);
    return;
  }
  hub.runtime = runtime;
  startPython({
    runtime, base,
    sdks: Object.keys(SITE.sdk).filter((sdk) => document.querySelector(`mic-sentry[sdk="${sdk}"]`)),
    code: "from micsentry import app\napp.main_widgets()\n",
    onFail: (reason, server) => connected().forEach((element) =>
      showRuntimeFailure(rootOf(element), runtime, reason, server, "loader-blocked-widget")),
  });
}

class MicSentry extends HTMLElement {
  static observedAttributes = ["phase", "sdk", "lang", "runtime"];
  _mountId = 0;
  _lang = null; // the language shown (or coming)
  _first = null; // what to do once the first language is in: mount, or show why it cannot run

  constructor() {
    super();
    apiStandIn(this);
  }

  connectedCallback() {
    if (this._mountId) return; // moved within the page: it keeps running
    this._mountId = ++mounts;
    const shadow = this.shadowRoot ?? this.attachShadow({ mode: "open" });
    const style = Object.assign(document.createElement("link"), { rel: "stylesheet", href: STYLE });
    const template = document.createElement("template");
    template.innerHTML = MARKUP; // our own build-time markup; every text later goes in as text
    shadow.replaceChildren(style, template.content);
    const root = rootOf(this);
    const runtime = chooseRuntime(this.getAttribute("runtime"), CONTRACT.defaultRuntime);
    root.dataset.runtime = hub.runtime ?? runtime;
    if (this.getAttribute("sdk")) root.dataset.sdk = this.getAttribute("sdk");
    if (!hub.runtime && otherPyScript()) {
      this._first = () => fail(this, "loader-cannot-run", text("loader-other-pyscript", {}, root.lang), ["loader-use-iframe", "loader-load-once"]);
    } else {
      boot(runtime); // the runtime downloads while the texts come
      // Python mounts the element once its texts are in (it reads them from the hub).
      this._first = () => (widgets.mount ? widgets.mount(this) : widgets.pending.push(this));
    }
    this._language();
  }

  /** Put the widget into its language (the lang attribute, else the browser's) once its texts are
   * in; then start it the first time, or tell Python the language changed. */
  _language() {
    const root = rootOf(this);
    const mountId = this._mountId;
    const lang = chooseLocale(this.getAttribute("lang"));
    this._lang = lang;
    loadCatalog(lang).then(() => {
      if (this._mountId !== mountId || this._lang !== lang) return; // it left, or another language came
      setLanguage(lang, root);
      localize(this.shadowRoot, lang);
      const status = root.querySelector("[data-micsentry-status]");
      if (root.dataset.state === "starting") status.textContent = text("status-starting", {}, lang);
      const first = this._first;
      this._first = null;
      if (first) first();
      else widgets.configure?.(this, "lang", lang);
    });
  }

  disconnectedCallback() {
    // A move is a disconnect and a connect in one task: only an element still out afterwards has left.
    queueMicrotask(() => {
      if (this.isConnected || !this._mountId) return;
      if (widgets.unmount) widgets.unmount(this);
      else widgets.pending = widgets.pending.filter((element) => element !== this);
      this._mountId = 0;
    });
  }

  attributeChangedCallback(name, before, value) {
    const root = rootOf(this);
    if (before === value || !root || !this._mountId) return; // before connecting: read at mount
    if (name === "lang") this._language();
    else if (name === "runtime") console.warn("micsentry: runtime cannot change after the widget started; reload the page");
    else widgets.configure?.(this, name, value ?? "");
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
