"""What users install, used the way they use it: the wheels and the npm tarball from dist/ (made by
`make dist`, which `make test` runs first), installed outside the checkout, and the production recipe
served by Debian's nginx."""

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"
LOCK = ROOT / "requirements-dev.lock"
# The page helpers and the guard of the end-to-end tests, the third-party project of the plugin's tests.
sys.path[:0] = [str(ROOT / "tests" / "e2e"), str(ROOT / "tests" / "plugin")]

from pages import PageGuard  # noqa: E402

RUNTIMES = ("pyodide", "micropython")


def pytest_collection_modifyitems(items):
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.mic)
            # Under pytest-xdist, on one worker: the fresh environments are built once, not per worker.
            item.add_marker(pytest.mark.xdist_group("install"))


def built(pattern):
    found = sorted(DIST.glob(pattern))
    if not found:
        pytest.fail("dist/%s is missing: run `make dist` (make test does)" % pattern)
    return found[-1]


class Venv:
    """A fresh virtual environment in a temporary folder outside the checkout."""

    def __init__(self, folder):
        self.folder = folder
        venv.create(folder, with_pip=True)
        self.bin = folder / "bin"

    def pip_install(self, *requirements):
        # The lock as constraints: the same versions as the project's own environment (pip's cache).
        # Without PYTHONPATH: a checkout's py/ on it (make bench sets it) would look like micsentry installed.
        subprocess.run([str(self.bin / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "--constraint", str(LOCK), *map(str, requirements)], check=True,
                       env=dict(os.environ, PYTHONPATH=""))

    def run(self, program, *args, cwd=None, check=False, timeout=600, stdin=None):
        return subprocess.run([str(self.bin / program), *map(str, args)], cwd=cwd, capture_output=True, text=True,
                              timeout=timeout, input=stdin, check=check, env=dict(os.environ, PYTHONPATH=""))


@pytest.fixture(scope="session")
def micsentry_venv(tmp_path_factory):
    """A support engineer's environment: `pip install micsentry` (and pytest, for another project)."""
    env = Venv(tmp_path_factory.mktemp("venv-micsentry") / "venv")
    env.pip_install(built("micsentry-*.whl"), "pytest")
    return env


@pytest.fixture(scope="session")
def plugin_venv(tmp_path_factory):
    """A QA engineer's environment: `pip install pytest-micsentry`."""
    env = Venv(tmp_path_factory.mktemp("venv-plugin") / "venv")
    env.pip_install(built("pytest_micsentry-*.whl"))
    return env


@pytest.fixture(params=RUNTIMES)
def runtime(request):
    return request.param


@pytest.fixture
def guard(context):
    page_guard = PageGuard(context)
    yield page_guard
    page_guard.check()
