// Test fault: the runtime's WebAssembly traps the first time it is asked to run Python, what WebKit's
// JavaScriptCore now and then does to Pyodide ("Out of bounds memory access (evaluating
// '_PyRun_SimpleString(r)')"). Those exports are the first a start calls, for each runtime. The
// stand-in is WebAssembly too, (i32) -> i32 like PyRun_SimpleString (Pyodide's dynamic linker reads its
// type), and its trap is the engine's own: it loads from the last address of its memory.
// Used by tests/e2e/test_faults.py and tests/webkit/test_webkit.py, first in a page.
(() => {
  const FIRST = ["PyRun_SimpleString", "mp_js_do_exec", "mp_js_do_exec_async"];
  const OUT_OF_BOUNDS = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 6, 1, 96, 1, 127, 1, 127, 3, 2, 1, 0,
    5, 3, 1, 0, 1, 7, 5, 1, 1, 102, 0, 0, 10, 9, 1, 7, 0, 65, 127, 40, 2, 0, 11]);
  const trapping = (instance) => {
    const exports = Object.assign({}, instance.exports);
    const crash = new WebAssembly.Instance(new WebAssembly.Module(OUT_OF_BOUNDS)).exports.f;
    for (const name of FIRST) if (exports[name]) exports[name] = crash;
    return { exports };
  };
  const wrap = (result) => (result instanceof WebAssembly.Instance ? trapping(result) : { ...result, instance: trapping(result.instance) });
  const { instantiate, instantiateStreaming } = WebAssembly;
  WebAssembly.instantiate = (...args) => instantiate(...args).then(wrap);
  WebAssembly.instantiateStreaming = (...args) => instantiateStreaming(...args).then(wrap);
})();
