"""What the run's summary says about the microphone browsers: where each ran and what it could do.

Told once per browser, at the end of the run. Under pytest-xdist each worker has its own browser;
a worker hands its lines to the controller in ``workeroutput``, which prints them all.
"""

import pytest

_SEEN = pytest.StashKey()
_OUTPUT_KEY = "micsentry_browsers"


def _add(config, lines):
    seen = config.stash.setdefault(_SEEN, [])
    seen.extend(line for line in lines if line not in seen)
    return seen


def browser_seen(config, line):
    """Record *line* (capabilities.describe) for the summary, and for the controller on a worker."""
    seen = _add(config, [line])
    workeroutput = getattr(config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput[_OUTPUT_KEY] = list(seen)


def worker_done(config, node):
    """Fold a finished xdist worker's lines into this (the controller's) summary."""
    _add(config, getattr(node, "workeroutput", {}).get(_OUTPUT_KEY, ()))


def summary(terminalreporter, config):
    seen = config.stash.get(_SEEN, [])
    if seen and not hasattr(config, "workerinput"):
        terminalreporter.section("micsentry", sep="-")
        for line in seen:
            terminalreporter.write_line("microphone browser: " + line)
