"""Build and serve the micsentry site: the entry point of ``micsentry_site`` (py/micsentry_site).

    python build.py                 # render templates/ and copy runtimes into build/site
    python build.py serve [--port N] [--no-build]

Everything the site needs at run time comes from `web/node_modules` (installed from the npm registry
with the committed lock file) and from `py/`, so the built site never loads anything from another host.
"""

import sys
from pathlib import Path

try:
    from micsentry_site.cli import main
except ImportError:  # run from a checkout without `make install`: use the sources beside this file
    sys.path.insert(0, str(Path(__file__).resolve().parent / "py"))
    from micsentry_site.cli import main

if __name__ == "__main__":
    sys.exit(main())
