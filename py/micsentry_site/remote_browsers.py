"""Browsers elsewhere, as QA teams run them, started here on loopback for the plugin's tests and
the benchmark: a Playwright browser server and a Chromium behind its DevTools endpoint.

    with playwright_server(chromium_path) as ws_endpoint:
        run pytest --mic-connect ws_endpoint
    with cdp_chromium(chromium_path, fake_device=False) as url:
        run pytest --mic-cdp url
"""

import contextlib
import json
import os
import selectors
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pytest_micsentry import chromium

START_TIMEOUT = 30.0


def _driver_package():
    from playwright._impl._driver import compute_driver_executable

    node, cli = compute_driver_executable()
    return Path(cli).parent


def registry_layout(folder, chromium_path):
    """Link *chromium_path* into *folder* where Playwright's server looks for its own Chromium
    (``PLAYWRIGHT_BROWSERS_PATH``), as a container image ships it; returns *folder*."""
    browsers = json.loads((_driver_package() / "browsers.json").read_text())["browsers"]
    revision = {entry["name"]: entry["revision"] for entry in browsers}
    places = (
        ("chromium", "chrome-linux64/chrome"),
        ("chromium-headless-shell", "chrome-headless-shell-linux64/chrome-headless-shell"),
    )
    for name, inner in places:
        target = Path(folder) / ("%s-%s" % (name.replace("-", "_"), revision[name])) / inner
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            target.symlink_to(chromium_path)
    return Path(folder)


def _stop(process):
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


def _read_line_with(process, marker, timeout):
    """The first line of *process*'s output that holds *marker*, within *timeout* seconds."""
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline, seen = time.monotonic() + timeout, []
    while time.monotonic() < deadline:
        if not selector.select(max(0.0, deadline - time.monotonic())):
            break
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        if marker in line:
            return line.strip()
    raise RuntimeError("no %r from %s within %g s; it said: %s" % (marker, process.args[:3], timeout, "".join(seen)[-2000:]))


@contextlib.contextmanager
def playwright_server(chromium_path=None, unsafe=True, command=None):
    """A real Playwright browser server on a free loopback port; yields its ``ws://`` endpoint.

    By default the pinned Python Playwright's ``run-server``, launching *chromium_path* (linked into a
    registry layout in a temporary folder); *unsafe* lets clients set launch arguments (micsentry's
    fake microphone and resolver rules). *command* runs another server instead (another version's
    ``cli.js run-server``).
    """
    with tempfile.TemporaryDirectory(prefix="micsentry-pw-server-") as folder:
        env = dict(os.environ)
        if chromium_path:
            env["PLAYWRIGHT_BROWSERS_PATH"] = str(registry_layout(folder, chromium_path))
        argv = list(command or [sys.executable, "-m", "playwright"])
        argv += ["run-server", "--host", "127.0.0.1", "--port", "0"] + (["--unsafe"] if unsafe else [])
        process = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   stdin=subprocess.PIPE, text=True, start_new_session=True)
        try:
            line = _read_line_with(process, "Listening on ", START_TIMEOUT)
            yield line.split("Listening on ", 1)[1].strip()
        finally:
            _stop(process)


@contextlib.contextmanager
def cdp_chromium(chromium_path, fake_device=True, extra_args=()):
    """A headless Chromium started here with ``--remote-debugging-port`` (a free one), as a grid node
    or a developer starts it; yields its DevTools address ``http://127.0.0.1:PORT``. With
    *fake_device* it gets micsentry's flags (a fake microphone, loopback only), without it only the
    flags that keep it off the network."""
    args = list(chromium.launch_args(None, fake_device=fake_device, offline=True)["args"])
    if not fake_device:
        args = [arg for arg in args if not arg.startswith("--host-resolver-rules")]
    with tempfile.TemporaryDirectory(prefix="micsentry-cdp-") as profile:
        process = subprocess.Popen(
            [chromium_path, "--headless", "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
             "--user-data-dir=" + profile, *args, *extra_args, "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            port_file, deadline = Path(profile) / "DevToolsActivePort", time.monotonic() + START_TIMEOUT
            while not (port_file.exists() and port_file.read_text().strip()):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("Chromium %s did not open its DevTools port" % chromium_path)
                time.sleep(0.05)
            yield "http://127.0.0.1:%s" % port_file.read_text().split()[0]
        finally:
            _stop(process)
