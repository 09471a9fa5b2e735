"""The code samples of the docs, as the tests run them.

A sample is the fenced block right after a marker comment in a page of ``docs/``::

    <!-- sample: cli -->
    ```console
    $ micsentry diagnose samples/report-blocked.json
    ```

The marker does not show on the page; the tests find the block by its name and run it, so a sample
that stops working fails ``make test``.

>>> sample("support.md", "cli").startswith("$ micsentry diagnose")
True
"""

import os
import re

from micsentry_site.config import ROOT

DOCS = str(ROOT / "docs")
_FENCE = re.compile(r"^(\s*)(`{3,})[^\n]*\n(.*?)^\1\2\s*$", re.M | re.S)


def sample(page, name, docs=DOCS):
    """The code of the sample *name* in *page* (a path under docs/), without its fence."""
    with open(os.path.join(docs, page), encoding="utf-8") as source:
        text = source.read()
    marker = "<!-- sample: %s -->" % name
    if text.count(marker) != 1:
        raise LookupError("%s has %d markers %r (want one)" % (page, text.count(marker), marker))
    found = _FENCE.search(text, text.index(marker) + len(marker))
    if found is None or text[text.index(marker) + len(marker):found.start()].strip():
        raise LookupError("%s: no fenced block right after %r" % (page, marker))
    indent = found.group(1)
    return "".join(line[len(indent):] if line.startswith(indent) else line
                   for line in found.group(3).splitlines(True))


def console(code):
    """A ``console`` sample as [(command, expected output)]: lines starting ``$ `` are commands."""
    steps = []
    for line in code.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif steps:
            steps[-1][1].append(line)
    return [(command, "\n".join(out).strip("\n")) for command, out in steps]
