"""Building the micsentry site from this repository (host only; not part of any distribution).

- ``config``: where things are, the pinned versions, the PyScript config of each runtime;
- ``assemble``: the site folder: runtimes, the Python package, static files, pages, generated JS,
  the run-time config; the demo build (``make demo``, the tests) or the product site (``make dist``);
- ``bundle``: the ACS Calling SDK as one browser module (esbuild);
- ``compress``: ``.br`` / ``.gz`` beside every file that shrinks;
- ``licenses``: the license notices of everything bundled.

The server is ``micsentry.host.serve`` (the same one ``micsentry serve`` runs). Command line::

    python -m micsentry_site build [--product] [--out DIR]
    python -m micsentry_site serve --port 8000
"""
