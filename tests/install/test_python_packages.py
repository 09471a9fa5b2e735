"""`pip install micsentry` and `pip install pytest-micsentry` into fresh environments outside the
checkout, used from there as the docs' install sections say."""

import json
import re
import shlex
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from conftest import ROOT
from micsentry_site.docs_samples import console, sample
from micsentry_site.remote_browsers import playwright_server
from pages import check_url, wait_for_verdict
from pytest_micsentry.chromium import find_chromium
import test_faithful
from test_plugin import CONFTEST, ONLY_MIC_TESTS, SYSTEM_CHROMIUM, TESTS


def test_pytest_is_unaffected_without_playwright(micsentry_venv, tmp_path):
    (tmp_path / "test_other_project.py").write_text("def test_one():\n    assert 1 + 1 == 2\n")
    done = micsentry_venv.run("python", "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout
    assert micsentry_venv.run("python", "-c", "import playwright").returncode != 0  # really without it


def test_cli_diagnoses_a_log(micsentry_venv, tmp_path):
    log = tmp_path / "ufd.jsonl"
    log.write_text(json.dumps({"diagnostic": "networkReconnect", "value": 3, "valueType": "DiagnosticQuality",
                               "timestamp": 5}) + "\n")
    done = micsentry_venv.run("micsentry", "diagnose", log, "--json", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["cause"] == "network-reconnect"
    unreadable = micsentry_venv.run("micsentry", "diagnose", tmp_path / "missing.json")
    assert unreadable.returncode == 2 and "Traceback" not in unreadable.stderr


def test_the_docs_command_line_example(micsentry_venv, tmp_path):
    """docs/support.md's example, with its sample files, prints what the page says it prints."""
    shutil.copytree(ROOT / "docs" / "samples", tmp_path / "samples")
    steps = console(sample("support.md", "cli"))
    assert steps
    for command, expected in steps:
        program, *args = shlex.split(command)
        done = micsentry_venv.run(program, *args, cwd=tmp_path)
        assert done.returncode == 1, done.stderr  # each finds a problem, as the page says
        assert done.stdout.strip("\n") == expected, command


def test_cli_writes_the_static_site(micsentry_venv, tmp_path):
    out = tmp_path / "www"
    done = micsentry_venv.run("micsentry", "build", "--out", out, "--embed-origins", "https://app.example, https://b.example:8443")
    assert done.returncode == 0, done.stderr
    for path in ("index.html", "embed.html", "micsentry.js", "static/loader.js", "licenses/README.txt",
                 "runtime/micropython-1.28.0-6/micropython.wasm.br"):
        assert (out / path).is_file(), path
    assert not (out / "examples").exists() and not (out / "py" / "micsentry" / "demo.py").exists()
    assert json.loads((out / "micsentry-config.json").read_text()) == {
        "embedOrigins": ["https://app.example", "https://b.example:8443"]}
    again = micsentry_venv.run("micsentry", "build", "--out", out)
    assert again.returncode == 2 and "not empty" in again.stderr
    bad = micsentry_venv.run("micsentry", "build", "--out", tmp_path / "x", "--embed-origins", "app.example/path")
    assert bad.returncode == 2 and "is not an origin" in bad.stderr and "Traceback" not in bad.stderr


@pytest.fixture(scope="module")
def served(micsentry_venv):
    """`micsentry serve --port 0`, from the fresh environment; its URL."""
    process = subprocess.Popen([str(micsentry_venv.bin / "micsentry"), "serve", "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    first = process.stdout.readline()
    found = re.search(r"http://localhost:(\d+)/", first)
    assert found, first
    yield "http://localhost:%s/" % found.group(1)
    process.terminate()
    process.wait(timeout=10)


def test_serve_reaches_a_verdict(served, page, mic, guard, runtime):
    mic.grant()
    page.goto(check_url(served, runtime))
    root = wait_for_verdict(page)
    expect(root).to_have_attribute("data-state", "ok")
    assert root.get_attribute("data-entry") == "app"  # the product page, not the demo


def test_plugin_from_its_wheel_drives_a_third_party_page(plugin_venv, tmp_path):
    (tmp_path / "conftest.py").write_text(CONFTEST + SYSTEM_CHROMIUM)
    (tmp_path / "test_calling_app.py").write_text(TESTS)
    (tmp_path / "test_split.py").write_text(ONLY_MIC_TESTS)
    done = plugin_venv.run("python", "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=tmp_path)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "17 passed" in done.stdout, done.stdout[-2000:]


def test_plugin_from_its_wheel_is_faithful(plugin_venv, tmp_path):
    """The fake voice is in the wheel (package data) and plays; the held prompt and its answers work."""
    (tmp_path / "conftest.py").write_text(test_faithful.CONFTEST + SYSTEM_CHROMIUM)
    (tmp_path / "test_faithful.py").write_text(test_faithful.TESTS)
    done = plugin_venv.run("python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "-k", "test_5 or test_6_a_prompt",
                           cwd=tmp_path)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "8 passed" in done.stdout, done.stdout[-2000:]


def test_plugin_from_its_wheel_at_scale(plugin_venv, tmp_path):
    """As a QA team runs it: pytest-xdist beside it, two workers, the browsers on a Playwright browser
    server (the wheel's own Playwright runs it, as a container of the same version would)."""
    plugin_venv.pip_install("pytest-xdist")
    (tmp_path / "conftest.py").write_text(CONFTEST + SYSTEM_CHROMIUM)
    (tmp_path / "test_calling_app.py").write_text(TESTS)
    with playwright_server(find_chromium(), command=[str(plugin_venv.bin / "python"), "-m", "playwright"]) as endpoint:
        done = plugin_venv.run("python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2",
                               "--mic-connect", endpoint, cwd=tmp_path)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "13 passed" in done.stdout, done.stdout[-2000:]
    assert "on the Playwright browser server " + endpoint in done.stdout, done.stdout[-2000:]
