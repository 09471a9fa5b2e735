"""Finding a Chromium and the flags the microphone states need."""

import os
import shutil

ENV_VAR = "MICSENTRY_CHROMIUM"

# Chromium without these tries Google hosts in the background; the resolver rule makes sure
# nothing but loopback is ever reached, whatever the page or the browser tries.
LOOPBACK_RULE = "MAP * ~NOTFOUND"
OFFLINE_ARGS = (
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=%s, EXCLUDE localhost, EXCLUDE 127.0.0.1" % LOOPBACK_RULE,
)
# A fake microphone. Never add plain --use-fake-ui-for-media-stream: it grants the microphone even
# where the permission reads "denied".
FAKE_DEVICE_ARGS = ("--use-fake-device-for-media-stream",)
# What the fake microphone plays: a voice-like signal (Chromium's own beeps with silence in between,
# which silence detectors read as a silent microphone; tools/fake_voice.py says why not a tone). A file
# on the browser's machine, so only for a browser launched here: a remote one keeps its own beeps.
FAKE_VOICE = os.path.join(os.path.dirname(__file__), "fake_voice.wav")
FAKE_AUDIO_FILE = "--use-file-for-fake-audio-capture="
CONTAINER_ARGS = ("--no-sandbox", "--disable-gpu")


def playwright_chromium():
    """The path of Playwright's own Chromium when it is installed, else None."""
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            path = playwright.chromium.executable_path
    except Exception:
        return None
    return path if path and os.path.exists(path) else None


def find_chromium(explicit=None):
    """Where Chromium is: *explicit*, ``$MICSENTRY_CHROMIUM``, Playwright's own, then the system's."""
    for candidate in (explicit, os.environ.get(ENV_VAR)):
        if candidate:
            return candidate
    path = playwright_chromium()
    if path:
        return path
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def launch_args(executable=None, fake_device=True, offline=True):
    """Keyword arguments for ``browser_type.launch`` that make the microphone states possible."""
    args = list(CONTAINER_ARGS)
    if fake_device:
        args.extend(FAKE_DEVICE_ARGS)
        args.append(FAKE_AUDIO_FILE + FAKE_VOICE)
    if offline:
        args.extend(OFFLINE_ARGS)
    kwargs = {"args": args}
    if executable:
        kwargs["executable_path"] = executable
    return kwargs


def remote_args(args):
    """*args* for a browser on another machine: without the paths of files on this one."""
    return [arg for arg in args if not arg.startswith(FAKE_AUDIO_FILE)]
