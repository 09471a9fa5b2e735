// What the page and <mic-sentry> do before anything else loads: the JS API stand-in, and preloads.
// The loader (loader.js) imports this module; the build writes it into micsentry.js, which must define
// the element and start the downloads before any other file arrives.

/**
 * Give *holder* the methods *names* (contract.API) before Python runs: calls wait in holder._pending
 * and Python replays them in order once it runs (browser/host_api.py expose).
 */
export function apiStandIn(holder, names) {
  let markReady;
  Object.assign(holder, {
    ready: new Promise((resolve) => { markReady = resolve; }),
    _api: null,
    _pending: [],
    _markReady: () => markReady(),
  });
  for (const name of names) {
    holder[name] = (...args) => (holder._api ? holder._api[name](...args) : void holder._pending.push([name, args]));
  }
  return holder;
}

/**
 * A function that asks the browser for a file of the site at *base* ahead of its use: `add(path,
 * attributes)` (a <link>). Links the page already declares are not repeated. Each preload must match
 * the request that later uses it (modules: rel=modulepreload, same-origin credentials; fetches:
 * rel=preload as=fetch, CORS, anonymous), or the browser fetches twice.
 */
export function preloader(base) {
  const declared = new Set([...document.querySelectorAll('link[rel="modulepreload"], link[rel="preload"]')].map((link) => link.href));
  return (path, attributes) => {
    const href = new URL(path, base).href;
    if (declared.has(href)) return;
    declared.add(href);
    document.head.append(Object.assign(document.createElement("link"), { href, ...attributes }));
  };
}

/** *asked* if it is one of the names *known*, else *fallback* (the runtime a page or widget runs). */
export const oneOf = (asked, known, fallback) => (known.includes(asked) ? asked : fallback);

export const MODULE = { rel: "modulepreload" };
export const FETCH = { rel: "preload", as: "fetch", crossOrigin: "anonymous" };
