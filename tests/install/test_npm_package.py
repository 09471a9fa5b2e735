"""The npm tarball installed into a scratch TypeScript + React app: its types compile with tsc, the
app bundles with esbuild, and the widget reaches a verdict from the bundle, hosted as the package's
docs say (node_modules/micsentry/site copied to public/micsentry/)."""

import json
import os
import shutil
import subprocess
import tarfile
import threading

import pytest
from playwright.sync_api import expect

from conftest import ROOT, built
from micsentry_site.docs_samples import sample
from micsentry.host import serve

WEB_MODULES = ROOT / "web" / "node_modules"
# What the scratch app has besides micsentry (linked from the project's pinned packages).
APP_PACKAGES = ("react", "react-dom", "@types/react", "@types/react-dom", "typescript", "esbuild", "@esbuild")

APP_TSX = """
import { useEffect, useRef, useState } from "react";
import { createRoot } from "react-dom/client";
import { loadMicSentry, PROTOCOL_VERSION, type FrameMessage, type HostMessage, type MicSentryChangeDetail,
         type MicSentryElement } from "micsentry";
import "micsentry/react";

function MicCheck() {
  const ref = useRef<MicSentryElement>(null);
  const [cause, setCause] = useState<string>("none");
  useEffect(() => {
    const mic = ref.current!;
    const onChange = (event: CustomEvent<MicSentryChangeDetail>) => {
      if (event.detail.phase === "precall") setCause(event.detail.cause);
    };
    mic.addEventListener("micsentry:change", onChange);
    loadMicSentry("/micsentry/").then(() => mic.ready).then(() => { (window as any).widgetReady = true; });
    return () => mic.removeEventListener("micsentry:change", onChange);
  }, []);
  return <section><mic-sentry ref={ref} phase="precall" runtime="micropython" /><p id="cause">{cause}</p></section>;
}

// The element is typed wherever the DOM hands it out.
const found: MicSentryElement | null = document.querySelector("mic-sentry");
const precall: "starting" | "checking" | "idle" | "ok" | "warning" | "error" | undefined = found?.state.precall;
const hello: HostMessage = { micsentry: PROTOCOL_VERSION, type: "recheck" };
function onFrame(message: FrameMessage) { return message.type === "change" ? message.detail.cause : null; }
// The frame's height, for the host to size the iframe (protocol v1's resize message).
function frameHeight(message: FrameMessage): number | null { return message.type === "resize" ? message.height : null; }
// @ts-expect-error: "later" is not a phase
const wrong = <mic-sentry phase="later" />;
// @ts-expect-error: state is read-only
if (found) found.state = null;
void [precall, hello, onFrame, frameHeight, wrong];

createRoot(document.getElementById("root")!).render(<MicCheck />);
"""

TSCONFIG = {"compilerOptions": {"target": "ES2022", "module": "ESNext", "moduleResolution": "bundler",
                                "jsx": "react-jsx", "strict": True, "noEmit": True, "skipLibCheck": False,
                                "lib": ["ES2022", "DOM", "DOM.Iterable"], "types": []},
            "files": ["app.tsx"]}


def tsc(app, *args):
    return ["node", str(app / "node_modules" / "typescript" / "bin" / "tsc"), *args]


def run(args, cwd):
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, " ".join(map(str, args)) + "\n" + done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """The scratch app: `npm install <tarball>`, the app's own packages, tsconfig and app.tsx."""
    folder = tmp_path_factory.mktemp("scratch-app")
    (folder / "package.json").write_text(json.dumps({"name": "scratch-app", "private": True, "type": "module"}))
    run(["npm", "install", "--no-audit", "--no-fund", "--offline", str(built("micsentry-*.tgz"))], folder)
    for name in APP_PACKAGES:
        link = folder / "node_modules" / name
        link.parent.mkdir(parents=True, exist_ok=True)
        if not link.exists():
            os.symlink(WEB_MODULES / name, link)
    (folder / "tsconfig.json").write_text(json.dumps(TSCONFIG))
    (folder / "app.tsx").write_text(APP_TSX)
    return folder


def test_the_tarball_holds_the_site_and_the_types():
    with tarfile.open(built("micsentry-*.tgz")) as tar:
        names = set(tar.getnames())
    for path in ("package.json", "index.js", "types/index.d.ts", "types/react.d.ts", "LICENSE", "README.md",
                 "site/micsentry.js", "site/embed.html", "site/index.html", "site/licenses/README.txt",
                 "site/micsentry-config.json", "site/runtime/micropython-1.28.0-6/micropython.wasm"):
        assert "package/" + path in names, path
    assert not any(name.startswith("package/site/examples/") for name in names)


def test_types_compile_with_tsc(app):
    run(tsc(app, "-p", "tsconfig.json"), app)


def test_the_docs_react_example_compiles(app):
    """docs/embed.md's React component, as it is on the page, type-checks against the installed package."""
    (app / "docs_example.tsx").write_text(sample("embed.md", "react"))
    (app / "tsconfig.docs.json").write_text(json.dumps(dict(TSCONFIG, files=["docs_example.tsx"])))
    run(tsc(app, "-p", "tsconfig.docs.json"), app)


def test_types_catch_mistakes(app, tmp_path):
    broken = app / "broken.tsx"
    broken.write_text('import "micsentry/react";\nexport const x = <mic-sentry runtime="cpython" />;\n')
    config = dict(TSCONFIG, files=["broken.tsx"])
    (app / "tsconfig.broken.json").write_text(json.dumps(config))
    done = subprocess.run(tsc(app, "-p", "tsconfig.broken.json"), cwd=app,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode != 0 and "cpython" in done.stdout


@pytest.fixture(scope="module")
def app_url(app):
    """The app bundled with esbuild and hosted as the docs say, with the site's headers."""
    public = app / "public"
    public.mkdir()
    run([str(app / "node_modules" / "esbuild" / "bin" / "esbuild"), "app.tsx", "--bundle", "--format=esm", "--jsx=automatic",
         "--log-level=error", "--outfile=public/app.js"], app)
    shutil.copytree(app / "node_modules" / "micsentry" / "site", public / "micsentry")
    (public / "index.html").write_text("<!doctype html><html lang=en><head><meta charset=utf-8><link rel=icon href='data:,'>"
                                       "<title>Scratch app</title><script type=module src=app.js></script></head>"
                                       "<body><div id=root></div></body></html>")
    server = serve.make_server(public, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield "http://localhost:%d/" % server.server_address[1]
    server.shutdown()
    server.server_close()


def test_the_bundled_app_reaches_a_verdict(app_url, page, mic, guard):
    mic.grant()
    page.goto(app_url)
    expect(page.locator("#cause")).to_have_text("ok", timeout=30000)
    assert page.evaluate("document.querySelector('mic-sentry').state.precall") == "ok"
    page.wait_for_function("window.widgetReady === true")
