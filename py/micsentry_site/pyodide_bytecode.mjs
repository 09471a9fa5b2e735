// Compiles micsentry's modules to CPython bytecode with the very Pyodide the site ships (its CPython,
// run in Node), for micsentry_site.package: reads {files: {path: source}} as JSON on stdin, writes
// {path of each .pyc (beside its .py, which is not shipped): base64} to stdout. Hash-based .pyc files
// (from the source's hash, not its time) so that a build of the same sources gives the same bytes.
import { readFileSync } from "node:fs";
import { join } from "node:path";

const [modules] = process.argv.slice(2);
const { files } = JSON.parse(readFileSync(0, "utf8"));
const { loadPyodide } = await import(join(modules, "pyodide", "pyodide.mjs"));
const python = await loadPyodide({ indexURL: join(modules, "pyodide") + "/", stdout: () => {}, stderr: (line) => process.stderr.write(line + "\n") });
python.globals.set("FILES", python.toPy(files));
const compiled = python.runPython(`
import base64, json, os, py_compile
out = {}
os.makedirs("/build", exist_ok=True)
os.chdir("/build")
for path, source in FILES.items():
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(source)
    pyc = path + "c"
    py_compile.compile(path, cfile=pyc, dfile=path, doraise=True, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    with open(pyc, "rb") as handle:
        out[pyc] = base64.b64encode(handle.read()).decode("ascii")
json.dumps(out)
`);
process.stdout.write(compiled);
