"""Precompression: ``.gz`` and ``.br`` beside every file that shrinks by a tenth or more, so the
server sends bytes it never has to compress per request. Cached by content across builds."""

import gzip
import hashlib
import shutil

from micsentry_site.config import CACHE, BuildError

COMPRESSIBLE = (".js", ".mjs", ".wasm", ".json", ".css", ".html", ".py", ".svg", ".zip", ".tar", ".romfs")
# Edited after the build by whoever deploys the site: a variant would go stale.
NEVER = ("micsentry-config.json",)
WORTH_IT = 0.9  # keep a variant only when it is at most this share of the original


def _encoders():
    encoders = [("gz", lambda raw: gzip.compress(raw, 9, mtime=0))]
    try:
        import brotli
    except ImportError as exc:  # pragma: no cover - Brotli comes with make install
        raise BuildError("Brotli is not installed (requirements-dev.lock): run `make install` first.") from exc
    return encoders + [("br", lambda raw: brotli.compress(raw, quality=9))]


def precompress(site, cache=CACHE / "compressed"):
    """Write the variants for every compressible file under *site*; returns how many were written."""
    cache.mkdir(parents=True, exist_ok=True)
    encoders = _encoders()
    written = 0
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix not in COMPRESSIBLE or path.name in NEVER:
            continue
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()[:24]
        for suffix, encode in encoders:
            cached = cache / ("%s.%s" % (digest, suffix))
            if not cached.exists():
                cached.write_bytes(encode(data))
            if cached.stat().st_size <= WORTH_IT * len(data):
                shutil.copyfile(cached, path.with_name(path.name + "." + suffix))
                written += 1
    return written
