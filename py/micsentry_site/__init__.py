"""Building and serving the micsentry site (host only, never shipped to the browser).

- ``config``: where things are, the pinned versions, the PyScript config of each runtime;
- ``assemble``: the site folder: runtimes, the Python package, static files, pages, generated JS;
- ``bundle``: the ACS Calling SDK as one browser module (esbuild);
- ``compress``: ``.br`` / ``.gz`` beside every file that shrinks;
- ``serve``: the development server with the site's real headers.

``build.py`` at the repository root is the command line::

    python build.py                 # build/site
    python build.py serve --port 8000
"""
