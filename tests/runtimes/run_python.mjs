// Runs Python code on the real browser runtimes, inside Node: MicroPython or Pyodide from
// web/node_modules, the same files the site ships. Reads {runtime, files, code} as JSON on stdin,
// writes the code's stdout. Used by tests/core/test_core_on_runtimes.py.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const modules = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "web", "node_modules");
const { runtime, files, code } = JSON.parse(readFileSync(0, "utf8"));
const out = [];
const stdout = (line) => out.push(line);

let python;
if (runtime === "micropython") {
  const { loadMicroPython } = await import(join(modules, "@micropython/micropython-webassembly-pyscript/micropython.mjs"));
  python = await loadMicroPython({ stdout, stderr: stdout });
} else {
  const { loadPyodide } = await import(join(modules, "pyodide/pyodide.mjs"));
  python = await loadPyodide({ indexURL: join(modules, "pyodide") + "/", stdout, stderr: stdout });
}
const mkdirs = (path) => {
  let current = "";
  for (const part of path.split("/").slice(0, -1)) {
    current += (current ? "/" : "") + part;
    try { python.FS.mkdir(current); } catch { /* exists */ }
  }
};
for (const [path, content] of Object.entries(files)) {
  mkdirs(path);
  // Text, or {base64} for bytes (MicroPython bytecode).
  python.FS.writeFile(path, content?.base64 ? Buffer.from(content.base64, "base64") : content);
}
try {
  python.runPython(code);
} catch (error) {
  out.push(`RUNTIME ERROR: ${error.message ?? error}`);
  process.exitCode = 1;
}
process.stdout.write(out.join("\n") + "\n");
