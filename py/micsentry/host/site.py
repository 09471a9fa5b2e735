"""The built site inside the installed package, and its run-time config file.

``make dist`` builds the product site (no demo pages) into ``micsentry/site/`` before the wheel is
made; a checkout has none until then. ``micsentry build --out DIR`` copies it out for any static
web server; the config file beside it is read by the browser at run time, so changing who may embed
the iframe needs no rebuild::

    {"embedOrigins": ["https://app.example.com", "https://staging.example.com"]}
"""

import json
import os
import shutil
from urllib.parse import urlsplit

CONFIG = "micsentry-config.json"
ANY = "*"


class SiteError(Exception):
    """The site cannot be served or written; the message says what to do."""


def packaged_site():
    """The folder of the site shipped in this installation of micsentry."""
    here = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "site")
    if not os.path.isfile(os.path.join(here, "index.html")):
        raise SiteError("this installation of micsentry has no built site (%s): install the wheel from PyPI or "
                        "`make dist` in a checkout, or build one with `make build`" % here)
    return here


def parse_origins(text):
    """``"https://a.example, https://b.example:8443"`` or ``"*"`` -> a list of origins.

    >>> parse_origins("https://app.example/ , *")
    ['https://app.example', '*']
    """
    origins = []
    for raw in text.split(","):
        origin = raw.strip().rstrip("/")
        if not origin:
            continue
        if origin != ANY:
            parts = urlsplit(origin)
            if parts.scheme not in ("https", "http") or not parts.hostname or parts.path or parts.query:
                raise SiteError("%r is not an origin: write scheme://host[:port], e.g. https://app.example.com"
                                % raw.strip())
        origins.append(origin)
    return origins


def config(embed_origins=(ANY,)):
    """The run-time config: who may embed embed.html (``"*"``: any page; messages still go only to
    the embedding page's own origin)."""
    return {"embedOrigins": list(embed_origins)}


def write(out, embed_origins=None, source=None):
    """Copy the site to *out* (which must not exist or be empty); write its config when given."""
    source = source or packaged_site()
    if os.path.exists(out) and os.listdir(out):
        raise SiteError("%s exists and is not empty: choose a new folder" % out)
    shutil.copytree(source, out, dirs_exist_ok=True)
    for suffix in (".gz", ".br"):  # a stale variant would be served instead of the file
        if os.path.exists(os.path.join(out, CONFIG + suffix)):
            os.remove(os.path.join(out, CONFIG + suffix))
    if embed_origins is not None:
        with open(os.path.join(out, CONFIG), "w", encoding="utf-8") as handle:
            json.dump(config(embed_origins), handle, indent=2)
            handle.write("\n")
    return out
