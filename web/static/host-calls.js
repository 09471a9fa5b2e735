// Calls into objects that a host app hands to micsentry, for Python (browser/ffi.py).
// MicroPython cannot catch a JS exception thrown by a synchronous call: it aborts the whole
// script. So every call into a host object goes through here and comes back as data.
// Loaded by PyScript as js_modules.main "micsentry_host_calls" (see boot.js).

const failure = (error) => ({
  ok: false,
  name: String(error?.name ?? "Error"),
  message: String(error?.message ?? error),
});

export function tryCall(target, method, ...args) {
  try {
    return { ok: true, value: target[method](...args) };
  } catch (error) {
    return failure(error);
  }
}

// By owner and name: a class handed through Python does not always come back constructible.
export function tryNew(owner, name, ...args) {
  try {
    return { ok: true, value: new owner[name](...args) };
  } catch (error) {
    return failure(error);
  }
}

export function tryGet(target, name) {
  try {
    return { ok: true, value: target == null ? undefined : target[name] };
  } catch (error) {
    return failure(error);
  }
}

// Whatever a page posts (a Map, a cycle, a BigInt) reaches Python as JSON text, or as a failure.
export function tryJson(value) {
  try {
    return { ok: true, value: JSON.stringify(value) ?? "null" };
  } catch (error) {
    return failure(error);
  }
}

// Several properties of a host object at once (*names*, comma-separated), as JSON text: one call
// across instead of one per property, which on MicroPython is most of a diagnostic's cost. What JSON
// cannot hold (undefined, a function, a symbol) is null; a BigInt is its digits.
const plainValue = (key, value) => {
  if (typeof value === "bigint") return String(value);
  if (value === undefined || typeof value === "function" || typeof value === "symbol") return null;
  return value;
};

export function tryFields(target, names) {
  try {
    const picked = {};
    for (const name of String(names).split(",")) picked[name] = target[name];
    return { ok: true, value: JSON.stringify(picked, plainValue) };
  } catch (error) {
    return failure(error);
  }
}

// Pyodide raises a rejection only when it looks like an Error (a string stack and message); for
// anything else its future never settles and Python waits forever. WebKit's DOMException and
// OverconstrainedError carry no stack, and a host app may reject with a string: such a reason
// becomes an Error of the same name and message (the original kept as its cause).
function asError(reason) {
  try {
    if (reason && typeof reason === "object" && typeof reason.stack === "string" && typeof reason.message === "string") {
      return reason;
    }
    const error = new Error(String(reason?.message ?? reason));
    error.name = String(reason?.name ?? "Error");
    error.cause = reason;
    return error;
  } catch (thrown) { // a reason whose getters throw
    return new Error(`a call failed and its reason could not be read (${thrown?.name ?? "Error"})`);
  }
}

// A browser call that may never settle (a hanging microphone driver, a permissions API that never
// answers): its promise, or a TimeoutError after *ms*. A stream that comes too late is stopped.
// Either way a rejection reaches Python as an Error (asError).
function within(promise, ms, what) {
  if (!ms) return Promise.resolve(promise).catch((reason) => { throw asError(reason); });
  let late = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      late = true;
      reject(Object.assign(new Error(`${what} did not answer within ${ms / 1000} s`), { name: "TimeoutError" }));
    }, ms);
    Promise.resolve(promise).then((value) => {
      clearTimeout(timer);
      if (late) value?.getTracks?.().forEach((track) => track.stop());
      else resolve(value);
    }, (error) => {
      clearTimeout(timer);
      if (!late) reject(asError(error));
    });
  });
}

// obj[method](...args) with a deadline, the call and its promise kept on this side: a rejection
// reaches Python as the browser's own error (handed through Python, Pyodide would wrap it).
export function callWithin(target, method, args, ms, what) {
  try {
    return within(target[method](...args), ms, what);
  } catch (error) {
    return Promise.reject(asError(error));
  }
}

// obj[method](...args) for a promise without a deadline (an SDK's, the clipboard's): its rejection,
// whatever the reason, reaches Python as an Error.
export function callAsync(target, method, ...args) {
  return callWithin(target, method, args, 0, method);
}
