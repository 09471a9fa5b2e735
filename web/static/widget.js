// <mic-sentry>'s life cycle, for the element micsentry.js defines: a thin loader around the shared one
// (loader.js); the logic is the same Python as the check page's. micsentry.js calls these with each
// element (in order, once this module is in).
import { CONTRACT, SITE } from "./site-config.js";
import { MARKUP } from "./widget-markup.js";
import {
  chooseLocale, chooseRuntime, hub, loadCatalog, localize, otherPyScript, setLanguage, showFailure,
  showRuntimeFailure, startPython, text,
} from "./loader.js";

const base = new URL("../", import.meta.url); // the site's root: this file is its static/widget.js
const STYLE = new URL("static/check.css", base).href;
const widgets = hub.widgets; // Python mounts, unmounts and reconfigures each element (app.main_widgets)
let mounts = 0;

const rootOf = (element) => element.shadowRoot?.querySelector("[data-micsentry]");
const mounted = () => [...document.querySelectorAll("mic-sentry")].filter((element) => element._mountId);
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
    onFail: (reason, server) => mounted().forEach((element) =>
      showRuntimeFailure(rootOf(element), runtime, reason, server, "loader-blocked-widget")),
  });
}

/** The element entered the page: its shadow root, its language, then Python mounts it. */
export function connected(element) {
  if (element._mountId) return; // moved within the page: it keeps running
  element._mountId = ++mounts;
  const shadow = element.shadowRoot ?? element.attachShadow({ mode: "open" });
  const style = Object.assign(document.createElement("link"), { rel: "stylesheet", href: STYLE });
  const template = document.createElement("template");
  template.innerHTML = MARKUP; // our own build-time markup; every text later goes in as text
  shadow.replaceChildren(style, template.content);
  const root = rootOf(element);
  const runtime = chooseRuntime(element.getAttribute("runtime"), CONTRACT.defaultRuntime);
  root.dataset.runtime = hub.runtime ?? runtime;
  if (element.getAttribute("sdk")) root.dataset.sdk = element.getAttribute("sdk");
  if (!hub.runtime && otherPyScript()) {
    element._first = () => fail(element, "loader-cannot-run", text("loader-other-pyscript", {}, root.lang), ["loader-use-iframe", "loader-load-once"]);
  } else {
    boot(runtime); // the runtime downloads while the texts come
    // Python mounts the element once its texts are in (it reads them from the hub).
    element._first = () => (widgets.mount ? widgets.mount(element) : widgets.pending.push(element));
  }
  language(element);
}

/** Put the widget into its language (the lang attribute, else the browser's) once its texts are
 * in; then start it the first time (element._first), or tell Python the language changed. */
function language(element) {
  const root = rootOf(element);
  const mountId = element._mountId;
  const lang = chooseLocale(element.getAttribute("lang"));
  element._lang = lang; // the language shown (or coming)
  loadCatalog(lang).then(() => {
    if (element._mountId !== mountId || element._lang !== lang) return; // it left, or another language came
    setLanguage(lang, root);
    localize(element.shadowRoot, lang);
    const status = root.querySelector("[data-micsentry-status]");
    if (root.dataset.state === "starting") status.textContent = text("status-starting", {}, lang);
    const first = element._first;
    element._first = null;
    if (first) first();
    else widgets.configure?.(element, "lang", lang);
  });
}

/** The element left the page (a move is a disconnect and a connect in one task: only an element
 * still out afterwards has left). */
export function disconnected(element) {
  queueMicrotask(() => {
    if (element.isConnected || !element._mountId) return;
    if (widgets.unmount) widgets.unmount(element);
    else widgets.pending = widgets.pending.filter((pending) => pending !== element);
    element._mountId = 0;
  });
}

export function attributeChanged(element, name, before, value) {
  const root = rootOf(element);
  if (before === value || !root || !element._mountId) return; // before connecting: read at mount
  if (name === "lang") language(element);
  else if (name === "runtime") console.warn("micsentry: runtime cannot change after the widget started; reload the page");
  else widgets.configure?.(element, name, value ?? "");
}
