// micsentry for calling apps that install it from npm. The widget and its runtimes are files your
// server hosts (copy node_modules/micsentry/site/ to, e.g., public/micsentry/); this module only
// loads the widget from there, so your bundler never tries to bundle the Python runtimes.
//
//   import { loadMicSentry } from "micsentry";
//   await loadMicSentry("/micsentry/");          // then <mic-sentry> works anywhere in the page

/**
 * Load micsentry.js from *base* (the URL where the site's files are hosted, relative to the page or
 * absolute) and resolve once `<mic-sentry>` is defined. Loading twice loads once.
 */
export async function loadMicSentry(base = "/micsentry/") {
  const url = new URL("micsentry.js", new URL(base, document.baseURI)).href;
  await import(/* @vite-ignore */ /* webpackIgnore: true */ url);
  await customElements.whenDefined("mic-sentry");
  return customElements.get("mic-sentry");
}

/** The postMessage protocol version of embed.html. */
export const PROTOCOL_VERSION = 1;
/** The event every change of what micsentry shows dispatches. */
export const CHANGE_EVENT = "micsentry:change";
