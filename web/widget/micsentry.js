// <mic-sentry>: micsentry as a custom element for calling apps. A thin loader around the shared one
// (static/loader.js): the logic is the same Python as the check page's.
//
//   <script type="module" src="https://YOUR-MICSENTRY-HOST/micsentry.js"></script>
//   <mic-sentry runtime="micropython" phase="both"></mic-sentry>
import { CONTRACT, SITE } from "./static/site-config.js";
import { MARKUP } from "./static/widget-markup.js";
import { apiStandIn, chooseRuntime, hub, otherPyScript, showFailure, showRuntimeFailure, startPython, text } from "./static/loader.js";

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
    root.lang = this.getAttribute("lang") || document.documentElement.lang || "en";
    if (this.getAttribute("sdk")) root.dataset.sdk = this.getAttribute("sdk");
    if (!hub.runtime && otherPyScript()) {
      fail(this, "loader-cannot-run", text("loader-other-pyscript"), ["loader-use-iframe", "loader-load-once"]);
      return;
    }
    if (widgets.mount) widgets.mount(this);
    else widgets.pending.push(this);
    boot(runtime);
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
    if (name === "lang") root.lang = value || document.documentElement.lang || "en";
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
