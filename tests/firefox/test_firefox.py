"""The Firefox suite: tests/firefox/check.test.mjs under `node --test`, driving Debian's firefox-esr
with Puppeteer over WebDriver BiDi, against the built site on loopback (both runtimes)."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from micsentry_site import serving
from pytest_micsentry.acs import diagnostics_double_source
from pytest_micsentry.origins import frame_host_origin, host_page

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


@pytest.fixture(scope="module")
def site_url():
    with serving.serving() as server:
        yield serving.local_url(server)


def firefox():
    found = subprocess.run([str(ROOT / "tools" / "install_firefox.sh")], capture_output=True, text=True)
    return found.stdout.strip() if found.returncode == 0 else None


def test_the_firefox_suite(site_url, tmp_path):
    node, path = shutil.which("node"), firefox()
    if node is None or not (ROOT / "web" / "node_modules" / "puppeteer-core").is_dir():
        pytest.fail("needs node and web/node_modules (make install)")
    assert path, "firefox-esr is missing and could not be installed (tools/install_firefox.sh)"
    double = tmp_path / "ufd_feature.js"
    double.write_text(diagnostics_double_source())
    widgets = {runtime: host_page(
        "<!doctype html><html lang=en><head><meta charset=utf-8><link rel=icon href='data:,'><title>Calling app</title>"
        "<script type=module src='%smicsentry.js'></script></head><body><mic-sentry id=w runtime='%s'></mic-sentry>"
        "</body></html>" % (site_url, runtime)) for runtime in ("micropython", "pyodide")}
    env = dict(os.environ, MICSENTRY_SITE_URL=site_url, MICSENTRY_FRAME_HOST=frame_host_origin(),
               MICSENTRY_FIREFOX=path, MICSENTRY_UFD_DOUBLE=str(double), MICSENTRY_WIDGET_PAGES=json.dumps(widgets))
    done = subprocess.run([node, "--test", "--test-reporter=spec", str(HERE / "check.test.mjs")], env=env,
                          capture_output=True, text=True, timeout=900, cwd=str(ROOT / "web"))
    print(done.stdout[-20000:])
    assert done.returncode == 0, done.stdout[-8000:] + done.stderr[-4000:]
